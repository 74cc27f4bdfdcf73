//! What the program needs from its surroundings, gathered once at start-up so a run can be
//! reproduced (tests build an [`Env`] by hand).

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{self, ColorSetting};
use crate::refusal::Refusal;

/// Facts about the process and the user, read once.
#[derive(Debug, Clone)]
pub struct Env {
    /// Where to start looking for `northstar.toml`.
    pub cwd: PathBuf,
    /// `NORTHSTAR_PLAN`, when set and not empty: the main plan file. The command line reads
    /// it as `-f`'s default; completion, which sees no `-f`, reads it here.
    pub plan_var: Option<PathBuf>,
    /// Today's date (`NORTHSTAR_TODAY` overrides the clock, for reproducible runs).
    pub today: NaiveDate,
    /// Why `NORTHSTAR_TODAY` was refused, when it is set but not a date northstar accepts
    /// ([`crate::time::dates::parse_date`]); resolving the options turns it into a usage error.
    pub bad_today: Option<Refusal>,
    /// Whether stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// Whether stderr is a terminal.
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set to a value other than `0`.
    pub clicolor_force: bool,
    /// `COLUMNS`, when set: the width to fit tables to.
    pub columns: Option<u16>,
    /// The terminal's size (columns, rows) when stdout is one.
    pub terminal: Option<(u16, u16)>,
    /// `NORTHSTAR_PAGER` and `PAGER` as set (an empty value is kept: it turns paging off).
    pub pager_vars: (Option<String>, Option<String>),
    /// The `pager` setting of the user configuration (`false`: never page).
    pub config_pager: Option<bool>,
    /// The `color` setting of the user configuration, used when `--color` is `auto`.
    pub config_color: Option<ColorSetting>,
    /// The `name` setting of the user configuration: who checks in without `--by`.
    pub config_name: Option<String>,
    /// `$USER`, the last resort for who checks in.
    pub user: Option<String>,
    /// The `trusted` setting of the user configuration: plan directories whose `command`
    /// sources may run and whose `http` sources may send credentials (relative entries
    /// already resolved against the configuration file's directory).
    pub config_trusted: Vec<PathBuf>,
    /// The `[[credential]]` tables of the user configuration: which token may go where.
    pub config_credentials: Vec<config::Credential>,
    /// Why the user configuration was refused (it exists but cannot be read or is not
    /// valid): resolving the options turns it into an error naming the file.
    pub bad_config: Option<Refusal>,
}

impl Env {
    /// Reads the process environment and the user configuration (an unreadable or invalid
    /// configuration counts as empty here, and is kept in [`Env::bad_config`]).
    #[must_use]
    pub fn from_process() -> Self {
        use std::io::IsTerminal as _;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let fixed = var("NORTHSTAR_TODAY").map(|v| {
            crate::time::dates::parse_date(&v)
                .map_err(|e| Refusal::new(format!("invalid `NORTHSTAR_TODAY` value `{v}`: {e}")))
        });
        let (today, bad_today) = match fixed {
            Some(Ok(today)) => (today, None),
            Some(Err(e)) => (chrono::Local::now().date_naive(), Some(e)),
            None => (chrono::Local::now().date_naive(), None),
        };
        let (config, bad_config) = match config::path().map(|p| config::load(&p)) {
            None => (config::Config::default(), None),
            Some(Ok(config)) => (config, None),
            Some(Err(e)) => (config::Config::default(), Some(e)),
        };
        Self {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            plan_var: std::env::var_os("NORTHSTAR_PLAN")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            today,
            bad_today,
            stdout_is_terminal: io::stdout().is_terminal(),
            stderr_is_terminal: io::stderr().is_terminal(),
            no_color: var("NO_COLOR").is_some(),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            columns: var("COLUMNS").and_then(|v| v.parse().ok()),
            terminal: terminal_size::terminal_size_of(io::stdout())
                .map(|(w, h)| (w.0, h.0))
                .filter(|&(w, h)| w > 0 && h > 0),
            pager_vars: (
                std::env::var("NORTHSTAR_PAGER").ok(),
                std::env::var("PAGER").ok(),
            ),
            config_pager: config.pager,
            config_color: config.color,
            config_name: config.name,
            user: var("USER"),
            config_trusted: config.trusted.unwrap_or_default(),
            config_credentials: config.credentials,
            bad_config,
        }
    }

    /// The main plan file: `file` (`-f`, which clap fills from `NORTHSTAR_PLAN`), else the
    /// nearest `northstar.toml` at or above the working directory (relative to it when
    /// under it). Commands and completion find the plan by this one rule.
    ///
    /// Errors: no plan file found, as the usage error saying how to name one.
    pub fn find_plan(&self, file: Option<&Path>) -> Result<PathBuf, Refusal> {
        if let Some(p) = file {
            return Ok(p.to_path_buf());
        }
        crate::plan::find_plan(&self.cwd)
            .map(|p| p.strip_prefix(&self.cwd).map(PathBuf::from).unwrap_or(p))
            .ok_or_else(|| {
                Refusal::new(format!(
                    "no `{}` found in `{}` or any parent directory",
                    crate::plan::load::PLAN_FILE_NAME,
                    self.cwd.display()
                ))
                .help("pass `-f PLAN`, or set NORTHSTAR_PLAN")
            })
    }

    /// A fixed environment for tests and benchmarks: today is `today`, the working
    /// directory `.`, no terminal, no colour settings, no configuration.
    #[must_use]
    pub fn fixed(today: NaiveDate) -> Self {
        Self {
            cwd: PathBuf::from("."),
            plan_var: None,
            today,
            bad_today: None,
            stdout_is_terminal: false,
            stderr_is_terminal: false,
            no_color: false,
            clicolor_force: false,
            columns: None,
            terminal: None,
            pager_vars: (None, None),
            config_pager: None,
            config_color: None,
            config_name: None,
            user: None,
            config_trusted: Vec::new(),
            config_credentials: Vec::new(),
            bad_config: None,
        }
    }
}
