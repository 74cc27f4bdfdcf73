//! The output formats, their names and file extensions, and the choice of one for a run
//! (`--format`, else the `-o FILE` extension, else the command's default) among those the
//! command table (`app::table`) gives the command.

use crate::refusal::Refusal;
pub use crate::render::Format;

/// `a, b, c or d`.
fn listed(formats: &[Format]) -> String {
    match formats {
        [] => String::new(),
        [one] => one.name().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|f| f.name()).collect();
            format!("{} or {}", init.join(", "), last.name())
        }
    }
}

/// The format to write, of those `allowed` (a command's, from the command table, its
/// default first): `--format` when given (one of the command's, which the command
/// line has checked), else the one the `-o` file's extension names, else the command's
/// default.
///
/// Errors (a usage error, with the fix): an extension that names no format, or a format
/// this command does not write.
pub fn resolve(
    allowed: &[Format],
    explicit: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<Format, Refusal> {
    if let Some(name) = explicit {
        return allowed
            .iter()
            .copied()
            .find(|f| f.name() == name || f.aliases().contains(&name))
            .ok_or_else(|| {
                Refusal::new(format!("this command does not write `{name}`"))
                    .help(format!("pass --format {}", listed(allowed)))
            });
    }
    let Some(path) = output else {
        return Ok(allowed[0]);
    };
    let extension = path.extension().and_then(|e| e.to_str());
    match extension.map(|e| (e, Format::from_extension(e))) {
        None => Ok(allowed[0]),
        Some((_, Some(format))) if allowed.contains(&format) => Ok(format),
        Some((e, found)) => {
            let what = match found {
                Some(format) => format!("`.{e}` is {format}, which this command does not write"),
                None => format!("cannot tell the format from the extension `.{e}`"),
            };
            Err(Refusal::new(format!("{what} (`{}`)", path.display()))
                .help(format!("pass --format {}", listed(allowed))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::spec;
    use std::path::Path;

    #[test]
    fn extension_inference_and_refusals() {
        let f = |w: &[&str], p: &str| resolve(spec(w).formats, None, Some(Path::new(p)));
        assert_eq!(f(&["okrs"], "a.CSV"), Ok(Format::Csv));
        assert_eq!(f(&["okrs"], "a.txt"), Ok(Format::Table));
        assert_eq!(f(&["okrs"], "noext"), Ok(Format::Table));
        assert_eq!(f(&["review"], "r.html"), Ok(Format::Html));
        assert_eq!(f(&["status"], "dashboard.html"), Ok(Format::Html));
        assert_eq!(
            f(&["okrs"], "r.html"),
            Err(
                Refusal::new("`.html` is html, which this command does not write (`r.html`)")
                    .help("pass --format table, json, csv or markdown")
            )
        );
        assert_eq!(
            f(&["show"], "x.xlsx"),
            Err(
                Refusal::new("cannot tell the format from the extension `.xlsx` (`x.xlsx`)")
                    .help("pass --format table, json or markdown")
            )
        );
        assert_eq!(
            resolve(spec(&["diff"]).formats, Some("json"), None),
            Ok(Format::Json)
        );
        assert_eq!(f(&["tree"], "align.GV"), Ok(Format::Dot));
        assert_eq!(
            f(&["okrs"], "a.dot"),
            Err(
                Refusal::new("`.dot` is dot, which this command does not write (`a.dot`)")
                    .help("pass --format table, json, csv or markdown")
            )
        );
        assert_eq!(
            f(&["tree"], "a.mmd"),
            Err(
                Refusal::new("cannot tell the format from the extension `.mmd` (`a.mmd`)")
                    .help("pass --format table, json, markdown, mermaid or dot")
            )
        );
    }
}
