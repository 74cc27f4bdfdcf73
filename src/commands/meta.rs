//! The small commands about northstar itself: `schema` (the plan file's JSON Schema) and
//! `config path`. (`completions` and `man` are generated from the command line's own
//! definition, in [`crate::app::options::Generated`].)

use std::io::Write;

use crate::app::exit;

/// `northstar schema`: the JSON Schema (draft-07) of a plan file.
pub fn schema(out: &mut dyn Write) -> anyhow::Result<u8> {
    super::json(&crate::plan::raw::json_schema(), out)?;
    Ok(exit::OK)
}

/// `northstar config path`: where the user configuration is read from.
pub fn config_path(out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    match crate::config::path() {
        Some(p) => writeln!(out, "{}", crate::text::path(&p))?,
        None => writeln!(err, "error: this platform has no configuration directory")?,
    }
    Ok(exit::OK)
}
