//! The user's configuration: `config.toml` in the platform configuration directory
//! (`~/.config/northstar/config.toml` on Linux, via the `dirs` crate).
//!
//! ```toml
//! name = "carol"     # default for `checkin --by`
//! color = "auto"     # default for `--color`: auto | always | never
//! trusted = ["/home/carol/planning"]  # plan directories whose `command` sources may run
//! pager = false      # never page long reports
//! ```

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

/// The user's settings; every field optional.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who records check-ins when `--by` is not given.
    pub name: Option<String>,
    /// `auto`, `always` or `never`: the default for `--color`.
    pub color: Option<ColorSetting>,
    /// Absolute directories of plans whose `kind = "command"` sources `northstar measure`
    /// may run without `--allow-commands` (as direnv's `allow`): a plan is trusted when the
    /// directory of its main file is one of them.
    pub trusted: Option<Vec<PathBuf>>,
    /// `false`: never page long reports (as `--no-pager`).
    pub pager: Option<bool>,
}

/// The `color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorSetting {
    /// Colour terminals only.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Where the configuration file is looked for (`NORTHSTAR_CONFIG` overrides it), or `None`
/// when the platform has no configuration directory.
#[must_use]
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NORTHSTAR_CONFIG") {
        return Some(PathBuf::from(p));
    }
    dirs::config_dir().map(|d| d.join("northstar").join("config.toml"))
}

/// Reads the configuration at `path`; a missing file is an empty configuration.
///
/// Errors: the file exists but cannot be read, or is not valid (unknown keys included).
pub fn load(path: &Path) -> anyhow::Result<Config> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("invalid configuration file `{}`", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => {
            Err(e).with_context(|| format!("cannot read configuration file `{}`", path.display()))
        }
    }
}
