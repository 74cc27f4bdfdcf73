//! The user's configuration: `config.toml` in the platform configuration directory
//! (`~/.config/northstar/config.toml` on Linux, via the `dirs` crate).
//!
//! ```toml
//! name = "carol"     # default for `checkin --by`
//! color = "auto"     # default for `--color`: auto | always | never
//! trusted = ["/home/carol/planning"]  # plan directories whose `command` sources may run
//!                                     # and whose `http` sources may send credentials
//! pager = false      # never page long reports
//!
//! [[credential]]     # a token an `http` source may send, and where to
//! env = "GRAFANA_TOKEN"                 # the environment variable a plan's `auth_env` names
//! hosts = ["grafana.example.com", "metrics.example.com:8443"]  # host, or host:port
//! ```
//!
//! A plan comes from anyone with commit access (in CI, from a pull request), so it decides
//! nothing about secrets: an `http` source's `auth_env` is sent only when the plan is
//! trusted (`measure --allow-credentials` or `trusted`), the variable is listed here with
//! the URL's host, and the URL is `https://` (see `northstar measure`).
//!
//! Relative `trusted` entries are resolved against the directory of this file, never the
//! working directory. A file that exists but is not valid is an error naming it, its line
//! and column: northstar does not run on settings it could not read.

use crate::refusal::Refusal;
use std::path::{Path, PathBuf};

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
    /// `[[credential]]`: the environment variables a trusted plan's `http` sources may send
    /// as a bearer token, each to its hosts only.
    #[serde(default, rename = "credential")]
    pub credentials: Vec<Credential>,
}

/// `[[credential]]`: a token (an environment variable) and the hosts it may be sent to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The environment variable's name, as a plan's `auth_env` writes it.
    pub env: String,
    /// Where it may go: `host` (any port) or `host:port`, compared without case.
    pub hosts: Vec<String>,
}

/// Whether `credentials` let the token in `env` be sent to `host` (lower case, as a URL
/// gives it) on `port`.
#[must_use]
pub fn allows_credential(credentials: &[Credential], env: &str, host: &str, port: u16) -> bool {
    {
        credentials.iter().any(|c| {
            c.env == env
                && c.hosts.iter().any(|allowed| {
                    let allowed = allowed.to_ascii_lowercase();
                    let (name, allowed_port) = match allowed.rsplit_once(':') {
                        Some((name, p)) if !name.ends_with(':') => (name, p.parse().ok()),
                        _ => (allowed.as_str(), None),
                    };
                    name.trim_start_matches('[').trim_end_matches(']')
                        == host.trim_start_matches('[').trim_end_matches(']')
                        && allowed_port.is_none_or(|p: u16| p == port)
                })
        })
    }
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

/// Reads the configuration at `path`; a missing file is an empty configuration. Relative
/// `trusted` entries are resolved against `path`'s directory.
///
/// Errors: the file exists but cannot be read, or is not valid (unknown keys included):
/// the refusal naming the file, the line and column, and why, with the fix as its help.
pub fn load(path: &Path) -> Result<Config, Refusal> {
    let shown = path.display();
    let help =
        "fix the file, or move it away (`northstar config path` prints where it is read from)";
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(
                Refusal::new(format!("cannot read configuration file `{shown}`: {e}")).help(help),
            );
        }
    };
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or_else(String::new, |span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!(" at line {line}, column {column}")
        });
        let why = e.message().trim_end().replace('\n', " ");
        Refusal::new(format!("invalid configuration file `{shown}`{at}: {why}")).help(help)
    })?;
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    if let Some(trusted) = &mut config.trusted {
        for entry in trusted.iter_mut() {
            if entry.is_relative() {
                *entry = dir.join(&*entry);
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token goes to the hosts listed with it: any port without one, that port with one.
    #[test]
    fn credentials_allow_their_hosts_only() {
        let credentials = [Credential {
            env: "GRAFANA_TOKEN".into(),
            hosts: vec![
                "Grafana.example.com".into(),
                "metrics.example.com:8443".into(),
            ],
        }];
        let allows = |env, host, port| allows_credential(&credentials, env, host, port);
        assert!(allows("GRAFANA_TOKEN", "grafana.example.com", 443));
        assert!(allows("GRAFANA_TOKEN", "grafana.example.com", 8080));
        assert!(allows("GRAFANA_TOKEN", "metrics.example.com", 8443));
        assert!(!allows("GRAFANA_TOKEN", "metrics.example.com", 443));
        assert!(!allows("GRAFANA_TOKEN", "evil.example.com", 443));
        assert!(!allows("AWS_SECRET_ACCESS_KEY", "grafana.example.com", 443));
    }

    /// Relative `trusted` entries start at the configuration file's directory.
    #[test]
    fn relative_trusted_entries_start_at_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "trusted = [\".\", \"/abs\"]\n").unwrap();
        assert_eq!(
            load(&path).unwrap().trusted.unwrap(),
            vec![dir.path().join("."), PathBuf::from("/abs")]
        );
    }
}
