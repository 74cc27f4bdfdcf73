//! Wiring: from parsed command-line options to an exit code. Finds the plan, loads,
//! validates, rolls up and renders, writing only to the handed-in streams.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{CheckFormatArg, Cli, ColorArg, Command, ConfigCommand, FormatArg, ListArgs};
use crate::diagnostic::{self, Diagnostic, Severity, Tally, did_you_mean};
use crate::plan::{self, Plan};
use crate::quarter::Quarter;
use crate::render::json::JsonRenderer;
use crate::render::table::TableRenderer;
use crate::render::{Renderer, View};
use crate::report::Report;
use crate::{lint, rollup};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the plan has errors (or warnings under `--deny-warnings`).
pub const EXIT_PLAN_ERRORS: u8 = 1;
/// Exit code: usage error, unreadable file, or other failure.
pub const EXIT_FAILURE: u8 = 2;

/// What the program needs from its surroundings, gathered once so runs are reproducible.
#[derive(Debug, Clone)]
pub struct Env {
    /// Where to start looking for `northstar.toml`.
    pub cwd: PathBuf,
    /// Today's date (`NORTHSTAR_TODAY` overrides the clock, for reproducible runs).
    pub today: NaiveDate,
    /// Whether stdout is a terminal.
    pub stdout_is_terminal: bool,
    /// Whether stderr is a terminal.
    pub stderr_is_terminal: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set to a value other than `0`.
    pub clicolor_force: bool,
    /// `COLUMNS`, when set: the width to wrap tables to.
    pub columns: Option<u16>,
    /// The `color` setting of the user configuration, used when `--color` is `auto`.
    pub config_color: Option<crate::config::ColorSetting>,
}

impl Env {
    /// Reads the process environment.
    #[must_use]
    pub fn from_process() -> Self {
        use std::io::IsTerminal as _;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let today = var("NORTHSTAR_TODAY")
            .and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        Self {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            today,
            stdout_is_terminal: io::stdout().is_terminal(),
            stderr_is_terminal: io::stderr().is_terminal(),
            no_color: var("NO_COLOR").is_some(),
            clicolor_force: var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            columns: var("COLUMNS").and_then(|v| v.parse().ok()),
            config_color: crate::config::path()
                .and_then(|p| crate::config::load(&p).ok())
                .and_then(|c| c.color),
        }
    }

    pub(crate) fn color(&self, choice: ColorArg, is_terminal: bool) -> bool {
        use crate::config::ColorSetting;
        match (choice, self.config_color) {
            (ColorArg::Always, _) | (ColorArg::Auto, Some(ColorSetting::Always)) => true,
            (ColorArg::Never, _) | (ColorArg::Auto, Some(ColorSetting::Never)) => false,
            (ColorArg::Auto, _) => !self.no_color && (self.clicolor_force || is_terminal),
        }
    }
}

/// Runs one command. Returns the exit code; never panics on bad input.
pub fn run(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match execute(cli, env, out, err) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            EXIT_FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let io_pipe = e
        .downcast_ref::<io::Error>()
        .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe);
    let json_pipe = e
        .downcast_ref::<serde_json::Error>()
        .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe));
    io_pipe || json_pipe
}

/// A loaded and validated plan with everything said about it.
pub(crate) struct Checked {
    pub(crate) path: PathBuf,
    pub(crate) loaded: plan::Loaded,
    pub(crate) plan: Option<Plan>,
    pub(crate) report: Option<Report>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Where to read the plan from: the working tree, or the revision `--at` names.
pub(crate) fn origin(
    cli: &Cli,
    env: &Env,
    path: &std::path::Path,
) -> anyhow::Result<plan::origin::Origin> {
    Ok(match &cli.at {
        None => plan::origin::Origin::WorkingTree,
        Some(rev) => plan::origin::Origin::Git(plan::origin::GitTree::open(path, rev, &env.cwd)?),
    })
}

/// The main plan file: `-f`, else `NORTHSTAR_PLAN` (through clap), else the nearest
/// `northstar.toml` at or above the working directory.
pub(crate) fn plan_path(cli: &Cli, env: &Env) -> anyhow::Result<PathBuf> {
    match &cli.file {
        Some(p) => Ok(p.clone()),
        None => plan::find_plan(&env.cwd)
            .map(|p| p.strip_prefix(&env.cwd).map(PathBuf::from).unwrap_or(p))
            .ok_or_else(|| {
            anyhow::anyhow!(
                "no `{}` found in `{}` or any parent directory\nhelp: pass `-f PLAN`, or set NORTHSTAR_PLAN",
                plan::load::PLAN_FILE_NAME,
                env.cwd.display()
            )
        }),
    }
}

/// Loads and validates the plan at `path`, and rolls it up as of `as_of` for `quarter`
/// (default: the quarter containing `as_of`).
pub(crate) fn check_plan(
    path: PathBuf,
    origin: &plan::origin::Origin,
    env: &Env,
    as_of: NaiveDate,
    quarter: Option<Quarter>,
) -> anyhow::Result<Checked> {
    let mut loaded = plan::load(&path, origin)?;
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let plan = plan::validate(&loaded, env.today, &mut diagnostics);
    let quarter = quarter.unwrap_or_else(|| Quarter::containing(as_of));
    let report = plan.as_ref().map(|p| {
        let report = rollup::roll_up(p, as_of, quarter);
        diagnostics.extend(lint::warnings(p, &report));
        report
    });
    // Source order: plan-wide problems first, then by file and position.
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.loc.file, l.loc.span.start)));
    Ok(Checked {
        path,
        loaded,
        plan,
        report,
        diagnostics,
    })
}

fn execute(cli: &Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let err_color = env.color(cli.color, env.stderr_is_terminal);
    let writes = matches!(
        cli.command,
        Command::Checkin(_) | Command::Bet(_) | Command::Carry(_) | Command::Init(_)
    );
    if writes && cli.at.is_some() {
        writeln!(
            err,
            "error: --at reads a past revision; commands that write need the working tree"
        )?;
        return Ok(EXIT_FAILURE);
    }
    match &cli.command {
        Command::Config(ConfigCommand::Path) => {
            match crate::config::path() {
                Some(p) => writeln!(out, "{}", p.display())?,
                None => writeln!(err, "error: this platform has no configuration directory")?,
            }
            return Ok(EXIT_OK);
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "northstar", out);
            return Ok(EXIT_OK);
        }
        Command::Schema => {
            serde_json::to_writer_pretty(&mut *out, &crate::plan::raw::json_schema())?;
            writeln!(out)?;
            return Ok(EXIT_OK);
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            return Ok(EXIT_OK);
        }
        Command::Checkin(args) => return crate::commands::checkin(cli, args, env, out, err),
        Command::Review(args) => return crate::commands::review(cli, args, env, out, err),
        Command::Diff(args) => return crate::commands::diff(cli, args, env, out, err),
        Command::Bet(command) => return crate::commands::bet(cli, command, env, out, err),
        Command::Init(args) => return crate::commands::init(args, env, out, err),
        Command::Carry(args) => return crate::commands::carry(cli, args, env, out, err),
        _ => {}
    }
    let as_of = cli.as_of.unwrap_or(env.today);
    let path = plan_path(cli, env)?;
    let origin = origin(cli, env, &path)?;
    let mut checked = check_plan(path, &origin, env, as_of, cli.quarter)?;
    let tally = Tally::of(&checked.diagnostics);
    if let Command::Check(args) = &cli.command {
        if !args.no_git
            && cli.at.is_none()
            && let Some(plan) = &checked.plan
        {
            let audit = crate::goalpost::audit(plan, &checked.path, &env.cwd, as_of);
            for note in &audit.notes {
                writeln!(err, "{note}")?;
            }
            checked.diagnostics.extend(audit.warnings);
            checked
                .diagnostics
                .sort_by_key(|d| d.primary.as_ref().map(|l| (l.loc.file, l.loc.span.start)));
        }
        let tally = Tally::of(&checked.diagnostics);
        match args.format {
            CheckFormatArg::Human => diagnostic::render_human(
                err,
                &checked.loaded.sources,
                &checked.diagnostics,
                err_color,
            )?,
            CheckFormatArg::Github => {
                for line in
                    diagnostic::github_annotations(&checked.loaded.sources, &checked.diagnostics)
                {
                    writeln!(out, "{line}")?;
                }
            }
            CheckFormatArg::Json => {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &diagnostic::to_json(&checked.loaded.sources, &checked.diagnostics),
                )?;
                writeln!(out)?;
            }
        }
        let failed = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
        return Ok(if failed { EXIT_PLAN_ERRORS } else { EXIT_OK });
    }
    let Some(report) = checked.report else {
        diagnostic::render_human(
            err,
            &checked.loaded.sources,
            &checked.diagnostics,
            err_color,
        )?;
        return Ok(EXIT_PLAN_ERRORS);
    };
    if tally.warnings > 0 {
        writeln!(err, "{}", warning_summary(&checked.diagnostics))?;
    }
    let (format, output) = match &cli.command {
        Command::Status(a) => (a.format, a.output.as_deref()),
        Command::Okrs(a) | Command::Initiatives(a) | Command::Metrics(a) => {
            (a.format, a.output.as_deref())
        }
        Command::Bets(a) => (a.list.format, a.list.output.as_deref()),
        Command::Log(a) => (a.format, a.output.as_deref()),
        Command::Show(a) => (a.format, a.output.as_deref()),
        _ => (None, None),
    };
    let format = match resolve_format(format, output) {
        Ok(f) => f,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(EXIT_FAILURE);
        }
    };
    if format == FormatArg::Html {
        writeln!(
            err,
            "error: HTML is the format of `northstar review`; this report prints as table, json, csv or markdown"
        )?;
        return Ok(EXIT_FAILURE);
    }
    let table = TableRenderer {
        color: output.is_none() && env.color(cli.color, env.stdout_is_terminal),
        width: if output.is_none() { env.columns } else { None },
    };
    let plan = checked.plan.as_ref().expect("a report implies a plan");
    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if output.is_some() { &mut buffer } else { out };
    match &cli.command {
        Command::Log(args) => {
            let rows = crate::history::timeline(
                plan,
                &crate::history::LogFilter {
                    since: args.since,
                    until: args.until,
                    metric: args.metric.as_deref(),
                    by: args.by.as_deref(),
                },
            );
            match format {
                FormatArg::Table | FormatArg::Html => table.render_log(&rows, sink)?,
                FormatArg::Csv => crate::render::csv::CsvRenderer.render_log(&rows, sink)?,
                FormatArg::Markdown => {
                    crate::render::markdown::MarkdownRenderer.render_log(&rows, sink)?;
                }
                FormatArg::Json => {
                    serde_json::to_writer_pretty(
                        &mut *sink,
                        &serde_json::json!({ "plan": report.plan, "checkins": rows }),
                    )?;
                    writeln!(sink)?;
                }
            }
        }
        Command::Show(args) => {
            let Some(shown) = crate::show::show(plan, &report, &args.id) else {
                let ids = plan_ids(plan);
                writeln!(err, "error: no entity `{}` in the plan", args.id)?;
                if let Some(s) = did_you_mean(&args.id, ids.iter().map(String::as_str)) {
                    writeln!(err, "help: did you mean `{s}`?")?;
                }
                return Ok(EXIT_FAILURE);
            };
            match format {
                FormatArg::Table => table.render_show(&shown, sink)?,
                FormatArg::Json => {
                    serde_json::to_writer_pretty(&mut *sink, &shown)?;
                    writeln!(sink)?;
                }
                FormatArg::Csv | FormatArg::Markdown | FormatArg::Html => {
                    writeln!(
                        err,
                        "error: `show` prints as a table or JSON; use --format table or --format json"
                    )?;
                    return Ok(EXIT_FAILURE);
                }
            }
        }
        command => {
            let (view, filter) = match command {
                Command::Status(_) => (View::Status, None),
                Command::Okrs(a) => (View::Okrs, Some(a)),
                Command::Bets(a) => (View::Bets, Some(&a.list)),
                Command::Initiatives(a) => (View::Initiatives, Some(a)),
                Command::Metrics(a) => (View::Metrics, Some(a)),
                _ => unreachable!("handled above"),
            };
            let report = match filter {
                Some(args) => match filtered(report, args) {
                    Ok(r) => r,
                    Err(message) => {
                        writeln!(err, "error: {message}")?;
                        return Ok(EXIT_FAILURE);
                    }
                },
                None => report,
            };
            let renderer: Box<dyn Renderer> = match format {
                FormatArg::Table => Box::new(table),
                FormatArg::Json => Box::new(JsonRenderer),
                FormatArg::Csv => Box::new(crate::render::csv::CsvRenderer),
                FormatArg::Markdown => Box::new(crate::render::markdown::MarkdownRenderer),
                FormatArg::Html => {
                    writeln!(
                        err,
                        "error: HTML is the format of `review`; this report prints as table, json, csv or markdown"
                    )?;
                    return Ok(EXIT_FAILURE);
                }
            };
            let mut report = report;
            let mut overdue_gate = false;
            if let Command::Bets(a) = command {
                if a.overdue {
                    report.bets.retain(|b| b.overdue);
                }
                overdue_gate = a.fail && report.bets.iter().any(|b| b.overdue);
            }
            renderer.render(&report, view, sink)?;
            if overdue_gate {
                if let Some(path) = output {
                    crate::edit::write_atomically(path, &buffer)?;
                }
                let ids: Vec<&str> = report
                    .bets
                    .iter()
                    .filter(|b| b.overdue)
                    .map(|b| b.id.as_str())
                    .collect();
                writeln!(
                    err,
                    "error: {} overdue: {}",
                    diagnostic::plural(ids.len(), "bet"),
                    ids.join(", ")
                )?;
                return Ok(EXIT_PLAN_ERRORS);
            }
        }
    }
    if let Some(path) = output {
        crate::edit::write_atomically(path, &buffer)?;
    }
    Ok(EXIT_OK)
}

/// The output format: `--format` when given, else inferred from the `-o` file's extension
/// (`.json`, `.csv`, `.md`/`.markdown`, `.txt`), else a table.
pub(crate) fn resolve_format(
    explicit: Option<FormatArg>,
    output: Option<&std::path::Path>,
) -> Result<FormatArg, String> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let Some(path) = output else {
        return Ok(FormatArg::Table);
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => Ok(FormatArg::Json),
        Some("csv") => Ok(FormatArg::Csv),
        Some("md" | "markdown") => Ok(FormatArg::Markdown),
        Some("html" | "htm") => Ok(FormatArg::Html),
        Some("txt") | None => Ok(FormatArg::Table),
        Some(other) => Err(format!(
            "cannot tell the format from the extension `.{other}` of `{}`\nhelp: pass --format table, json, csv, markdown or html",
            path.display()
        )),
    }
}

/// Every id of the plan, for did-you-mean.
fn plan_ids(plan: &Plan) -> Vec<String> {
    std::iter::once(plan.north_star.id.clone())
        .chain(plan.metrics.iter().map(|m| m.id.clone()))
        .chain(plan.pillars.iter().map(|p| p.id.clone()))
        .chain(plan.objectives.iter().map(|o| o.id.clone()))
        .chain(
            plan.objectives
                .iter()
                .flat_map(|o| o.key_results.iter().map(|k| k.id.clone())),
        )
        .chain(plan.initiatives.iter().map(|i| i.id.clone()))
        .chain(plan.bets.iter().map(|b| b.id.clone()))
        .collect()
}

/// `warning: 3 warnings (2 stale-key-result, 1 overdue-bet); run `northstar check` for details`
fn warning_summary(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(diagnostic::Code, usize)> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
    {
        match counts.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.code, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
    format!(
        "warning: {} ({}); run `northstar check` for details",
        diagnostic::plural(total, "warning"),
        parts.join(", ")
    )
}

/// Keeps the entities of one pillar and/or owner. Unknown pillar ids are a usage error.
fn filtered(mut report: Report, args: &ListArgs) -> Result<Report, String> {
    if let Some(pillar) = &args.pillar
        && !report.pillars.iter().any(|p| &p.id == pillar)
    {
        let mut message = format!("no pillar `{pillar}` in the plan");
        if let Some(s) = did_you_mean(pillar, report.pillars.iter().map(|p| p.id.as_str())) {
            message = format!("{message}\nhelp: did you mean `{s}`?");
        }
        return Err(message);
    }
    let pillar = args.pillar.as_deref();
    let owner = args.owner.as_deref();
    let keep = |p: Option<&str>, o: Option<&str>| {
        pillar.is_none_or(|want| p == Some(want)) && owner.is_none_or(|want| o == Some(want))
    };
    report
        .objectives
        .retain(|o| keep(Some(&o.pillar), o.owner.as_deref()));
    report
        .pillars
        .retain(|p| pillar.is_none_or(|want| p.id == want));
    report
        .initiatives
        .retain(|i| keep(i.pillar.as_deref(), i.owner.as_deref()));
    report
        .bets
        .retain(|b| keep(b.pillar.as_deref(), b.owner.as_deref()));
    let inputs: Option<Vec<String>> = pillar.map(|_| {
        report
            .pillars
            .iter()
            .flat_map(|p| p.inputs.clone())
            .collect()
    });
    report.metrics.retain(|m| {
        inputs.as_ref().is_none_or(|ids| ids.contains(&m.id))
            && owner.is_none_or(|want| m.owner.as_deref() == Some(want))
    });
    Ok(report)
}
