//! The commands that write: each takes the plan's lock, loads and validates the plan,
//! refuses with diagnostics and nothing written when anything is wrong, and otherwise
//! replaces exactly one file atomically (see [`crate::edit`]).

use std::io::Write;

use chrono::NaiveDate;

use crate::cli::{
    BetCommand, CarryArgs, CheckinArgs, Cli, DecisionArg, DiffArgs, DiffFormatArg, FormatArg,
    FormatArgs, InitArgs,
};
use crate::diagnostic;
use crate::edit::{PlanLock, append_block, parent_dir, replace_atomically};
use crate::plan::model::BetStatus;
use crate::plan::model::Measured;
use crate::record::{BetEdit, CheckinRequest, Refusal, check_bet_edit, edit_bet, prepare_checkin};
use crate::render::table::{percent, reading, status_label, with_unit};
use crate::report::Report;
use crate::run::{EXIT_FAILURE, EXIT_OK, EXIT_PLAN_ERRORS, Env, check_plan, plan_path};

/// Prints a refusal as `error: ...` and `help: ...`; returns the usage exit code.
fn refuse(err: &mut dyn Write, refusal: &Refusal) -> anyhow::Result<u8> {
    writeln!(err, "error: {}", refusal.message)?;
    if let Some(help) = &refusal.help {
        writeln!(err, "help: {help}")?;
    }
    writeln!(err, "nothing was written")?;
    Ok(EXIT_FAILURE)
}

/// Who records a check-in without `--by`: the config's `name`, else `git config
/// user.name`, else `$USER`.
fn default_author() -> Option<String> {
    let from_config = crate::config::path()
        .and_then(|p| crate::config::load(&p).ok())
        .and_then(|c| c.name);
    from_config
        .or_else(|| {
            std::process::Command::new("git")
                .args(["config", "user.name"])
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        })
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
}

/// Locks the plan (unless `dry_run`), loads, validates and rolls it up; on plan errors
/// prints them, says nothing was written, and returns the exit code instead.
fn locked_plan(
    cli: &Cli,
    env: &Env,
    as_of: NaiveDate,
    quarter: Option<crate::quarter::Quarter>,
    dry_run: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Result<(Option<PlanLock>, crate::run::Checked), u8>> {
    let path = plan_path(cli, env)?;
    // Held until the caller has replaced its file: concurrent writers serialize here.
    let lock = if dry_run {
        None
    } else {
        Some(PlanLock::acquire(&parent_dir(&path))?)
    };
    let checked = check_plan(
        path,
        &crate::plan::origin::Origin::WorkingTree,
        env,
        as_of,
        quarter,
    )?;
    if checked.plan.is_none() {
        let color = env.color(cli.color, env.stderr_is_terminal);
        diagnostic::render_human(err, &checked.loaded.sources, &checked.diagnostics, color)?;
        writeln!(err, "nothing was written: fix the plan first")?;
        return Ok(Err(EXIT_PLAN_ERRORS));
    }
    Ok(Ok((lock, checked)))
}

/// `northstar bet start|decide`: edits one bet in place, in the file it stands in.
pub fn bet(
    cli: &Cli,
    command: &BetCommand,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let (id, edit) = match command {
        BetCommand::Start {
            id,
            decide_by,
            date,
        } => (
            id,
            BetEdit::Start {
                start: date.unwrap_or(env.today),
                decide_by: *decide_by,
            },
        ),
        BetCommand::Decide {
            id,
            decision,
            outcome,
            date,
        } => (
            id,
            BetEdit::Decide {
                status: match decision {
                    DecisionArg::Validated => BetStatus::Validated,
                    DecisionArg::Invalidated => BetStatus::Invalidated,
                    DecisionArg::Killed => BetStatus::Killed,
                },
                decided: date.unwrap_or(env.today),
                outcome: outcome.as_str(),
            },
        ),
    };
    let (_lock, checked) =
        match locked_plan(cli, env, cli.as_of.unwrap_or(env.today), None, false, err)? {
            Ok(held) => held,
            Err(code) => return Ok(code),
        };
    let Some(plan) = &checked.plan else {
        return Ok(EXIT_PLAN_ERRORS);
    };
    let Some(bet) = plan.bets.iter().find(|b| &b.id == id) else {
        let refusal = Refusal {
            message: format!("no bet `{id}` in the plan"),
            help: diagnostic::did_you_mean(id, plan.bets.iter().map(|b| b.id.as_str()))
                .map(|s| format!("did you mean `{s}`?")),
        };
        return refuse(err, &refusal);
    };
    if let Err(refusal) = check_bet_edit(bet, &edit) {
        return refuse(err, &refusal);
    }
    let file = checked.loaded.sources.get(bet.loc.file).path.clone();
    let original = std::fs::read(&file)?;
    let Ok(text) = std::str::from_utf8(&original) else {
        anyhow::bail!(
            "`{}` is not valid UTF-8; nothing was written",
            file.display()
        );
    };
    let updated = match edit_bet(text, id, &edit) {
        Ok(u) => u,
        Err(refusal) => return refuse(err, &refusal),
    };
    replace_atomically(&file, updated.as_bytes(), Some(&original))?;
    let before = crate::lint::serde_variant(&bet.status);
    match edit {
        BetEdit::Start { start, decide_by } => writeln!(
            out,
            "bet {id}: {before} → running from {start}, decide by {decide_by} ({})",
            file.display()
        )?,
        BetEdit::Decide {
            status, decided, ..
        } => writeln!(
            out,
            "bet {id}: {before} → {} on {decided} ({})",
            crate::lint::serde_variant(&status),
            file.display()
        )?,
    }
    Ok(EXIT_OK)
}

/// `northstar checkin ID VALUE`: appends one `[[checkin]]` block to the check-in log.
pub fn checkin(
    cli: &Cli,
    args: &CheckinArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let date = args.date.unwrap_or(env.today);
    let as_of = cli.as_of.unwrap_or(env.today).max(date);
    let (_lock, checked) = match locked_plan(cli, env, as_of, None, args.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let Some(plan) = &checked.plan else {
        return Ok(EXIT_PLAN_ERRORS);
    };
    let by = args.by.clone().or_else(default_author);
    let request = CheckinRequest {
        id: &args.id,
        value: &args.value,
        date,
        confidence: args.confidence,
        note: args.note.as_deref(),
        by: by.as_deref(),
    };
    let prepared = match prepare_checkin(plan, &checked.loaded, &checked.path, &request) {
        Ok(p) => p,
        Err(refusal) => return refuse(err, &refusal),
    };
    if args.dry_run {
        write!(out, "{}", prepared.block)?;
        return Ok(EXIT_OK);
    }
    let original = match std::fs::read(&prepared.file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("cannot read `{}`", prepared.file.display()))
            );
        }
    };
    let text = match original.as_deref().map(std::str::from_utf8) {
        None => "",
        Some(Ok(text)) => text,
        Some(Err(_)) => anyhow::bail!(
            "`{}` is not valid UTF-8; nothing was written",
            prepared.file.display()
        ),
    };
    let updated = append_block(text, &prepared.block);
    replace_atomically(&prepared.file, updated.as_bytes(), original.as_deref())?;

    // Report the new state, rolled up in the quarter the check-in belongs to.
    let quarter = match prepared.target {
        Measured::KeyResult(r) => Some(plan.objectives[r.objective].quarter),
        _ => None,
    };
    let after = check_plan(
        checked.path.clone(),
        &crate::plan::origin::Origin::WorkingTree,
        env,
        as_of,
        quarter,
    )?;
    match after.report {
        Some(report) => writeln!(
            out,
            "{}",
            summary(&report, &args.id, prepared.file.as_path(), date)
        )?,
        None => writeln!(out, "recorded `{}` in {}", args.id, prepared.file.display())?,
    }
    Ok(EXIT_OK)
}

/// `recorded lead-time = 27 h on 2026-11-20 in checkins.toml: progress 58% ● on-track`
fn summary(report: &Report, id: &str, file: &std::path::Path, date: NaiveDate) -> String {
    let place = format!("on {date} in {}", file.display());
    if let Some(kr) = report
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)
    {
        let value = reading(kr.current, kr.unit.as_deref());
        return format!(
            "recorded {id} = {value} {place}: progress {} {}",
            percent(kr.progress),
            status_label(kr.status)
        );
    }
    let metric = std::iter::once(&report.north_star)
        .chain(&report.metrics)
        .find(|m| m.id == id);
    match metric {
        Some(m) => format!(
            "recorded {id} = {} {place}: progress {} {}",
            m.current
                .map_or_else(|| "—".to_string(), |v| with_unit(v, m.unit.as_deref())),
            percent(m.progress),
            status_label(m.status)
        ),
        None => format!("recorded {id} {place}"),
    }
}

/// The starter plan of `northstar init`, for `name`, dated around `today`.
#[must_use]
pub fn starter_plan(name: &str, today: NaiveDate) -> String {
    let quarter = crate::quarter::Quarter::containing(today);
    let name = toml_edit::Value::from(name).to_string();
    let decide_by = today + chrono::Duration::weeks(6);
    let due = quarter.next().next().next().next().last_day();
    format!(
        r#"#:schema ./northstar.schema.json
# The engineering plan: one North Star, 2–4 pillars, quarterly OKRs, initiatives and bets.
# Check it with `northstar check`; see the dashboard with `northstar status`.
# Record progress with `northstar checkin ID VALUE` (it appends to checkins.toml).

[plan]
name = {name}
include = ["checkins.toml"]
checkin_log = "checkins.toml"
stale_after_days = 14          # a key result without a check-in for longer is stale

# The one outcome that signals long-term success.
[north_star]
id = "weekly-active-customers"
name = "Customers using the product every week"
unit = "customers"
baseline = 1000
target = 1500
due = {due}

# Two to four strategic pillars that drive the North Star.
[[pillar]]
id = "velocity"
name = "Developer velocity"

[[pillar]]
id = "reliability"
name = "Reliability"

[[pillar]]
id = "security"
name = "Secure by default"

# Objectives of the quarter, each with measurable key results.
[[objective]]
id = "faster-delivery"
title = "Ship changes to customers faster"
pillar = "velocity"
quarter = "{quarter}"
owner = "you"

[[objective.key_result]]
id = "lead-time"
title = "Median lead time for changes"
unit = "h"
baseline = 48
target = 24                    # below the baseline: lower is better

[[objective.key_result]]
id = "ci-under-10"
title = "CI runs in under 10 minutes"
milestone = true               # done / not done

# Initiatives: the projects, technical debt and security work included.
[[initiative]]
id = "parallel-ci"
title = "Run CI stages in parallel"
pillar = "velocity"
quarter = "{quarter}"
owner = "you"
status = "planned"             # planned | active | done | dropped
work = "debt"                  # feature | debt | security | maintenance
effort_weeks = 3
drives = ["lead-time", "ci-under-10"]

# Bets: hypotheses with success and kill criteria, an appetite and a decide-by date.
[[bet]]
id = "trunk-based"
title = "Trunk-based development"
pillar = "velocity"
hypothesis = "If every team merges to main daily, lead time halves, because batches shrink"
risk = "adjacent"              # core | adjacent | transformational
appetite_weeks = 4
decide_by = {decide_by}
success = "Median lead time under 24 h for two weeks"
kill = "Change failure rate above 15% for two weeks"
status = "proposed"            # `northstar bet start trunk-based --decide-by ...` funds it
"#
    )
}

/// The empty check-in log of `northstar init`.
pub const STARTER_LOG: &str = "#:schema ./northstar.schema.json\n# Check-ins, appended by `northstar checkin`. Newest at the bottom.\n";

/// `northstar init [DIR] [--name NAME]`: writes a starter plan and an empty check-in log;
/// refuses to overwrite either.
pub fn init(
    args: &InitArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", dir.display()))?;
    let plan = dir.join(crate::plan::load::PLAN_FILE_NAME);
    let log = dir.join("checkins.toml");
    let schema = dir.join("northstar.schema.json");
    for path in [&plan, &log, &schema] {
        if path.exists() {
            writeln!(
                err,
                "error: `{}` already exists; northstar init never overwrites a file",
                path.display()
            )?;
            writeln!(err, "nothing was written")?;
            return Ok(EXIT_FAILURE);
        }
    }
    let _lock = PlanLock::acquire(&dir)?;
    let name = args.name.as_deref().unwrap_or("Engineering plan");
    replace_atomically(&plan, starter_plan(name, env.today).as_bytes(), None)?;
    replace_atomically(&log, STARTER_LOG.as_bytes(), None)?;
    let schema_json = serde_json::to_string_pretty(&crate::plan::raw::json_schema())? + "\n";
    replace_atomically(&schema, schema_json.as_bytes(), None)?;
    writeln!(
        out,
        "wrote {}, {} and {}",
        plan.display(),
        log.display(),
        schema.display()
    )?;
    writeln!(
        out,
        "next: edit the plan, then `northstar -f {} check`",
        plan.display()
    )?;
    Ok(EXIT_OK)
}

/// `northstar carry --to QUARTER [ID...]`: appends carried objectives to the files the
/// originals stand in.
pub fn carry(
    cli: &Cli,
    args: &CarryArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let as_of = cli.as_of.unwrap_or(env.today);
    let (_lock, checked) = match locked_plan(cli, env, as_of, cli.quarter, args.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let (Some(plan), Some(report)) = (&checked.plan, &checked.report) else {
        return Ok(EXIT_PLAN_ERRORS);
    };
    if args.to == report.quarter {
        return refuse(
            err,
            &Refusal {
                message: format!("--to {} is the quarter being carried from", args.to),
                help: Some("pick the quarter to carry from with `--quarter`".into()),
            },
        );
    }
    let carried =
        match crate::record::carry(plan, report, args.to, &args.ids, args.suffix.as_deref()) {
            Ok(c) => c,
            Err(refusal) => return refuse(err, &refusal),
        };
    if carried.is_empty() {
        writeln!(
            out,
            "nothing to carry: every objective of {} is done",
            report.quarter
        )?;
        return Ok(EXIT_OK);
    }
    let mut files: Vec<crate::diagnostic::FileId> = carried.iter().map(|c| c.file).collect();
    files.sort();
    files.dedup();
    for file in files {
        let path = checked.loaded.sources.get(file).path.clone();
        let blocks: Vec<&str> = carried
            .iter()
            .filter(|c| c.file == file)
            .map(|c| c.block.as_str())
            .collect();
        if args.dry_run {
            writeln!(out, "# would append to {}", path.display())?;
            for b in &blocks {
                write!(out, "{b}")?;
            }
            continue;
        }
        let original = std::fs::read(&path)?;
        let Ok(mut text) = String::from_utf8(original.clone()) else {
            anyhow::bail!(
                "`{}` is not valid UTF-8; nothing was written",
                path.display()
            );
        };
        for b in &blocks {
            text = append_block(&text, b);
        }
        replace_atomically(&path, text.as_bytes(), Some(&original))?;
    }
    if !args.dry_run {
        for c in &carried {
            writeln!(
                out,
                "carried {} → {} ({}) with {} into {}",
                c.from,
                c.id,
                args.to,
                crate::diagnostic::plural(c.key_results, "key result"),
                checked.loaded.sources.get(c.file).path.display()
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// The git commit the plan files are read at, and whether any of them has uncommitted
/// changes; `None` outside a repository or without git.
fn git_source(files: &[std::path::PathBuf]) -> Option<crate::review::Source> {
    let dir = files.first().map(|f| parent_dir(f))?;
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit: String = git(&["rev-parse", "HEAD"])?.chars().take(12).collect();
    let mut status = vec!["status", "--porcelain", "--"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let canonical: Vec<String> = files
        .iter()
        .map(|f| {
            std::fs::canonicalize(f)
                .map_or_else(|_| f.display().to_string(), |c| c.display().to_string())
        })
        .collect();
    let _ = names;
    status.extend(canonical.iter().map(String::as_str));
    let dirty = git(&status).is_none_or(|s| !s.is_empty());
    Some(crate::review::Source {
        commit,
        uncommitted_changes: dirty,
    })
}

/// `northstar review`: the quarter-close packet, as of the quarter's last day unless
/// `--as-of` says otherwise.
pub fn review(
    cli: &Cli,
    args: &FormatArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let format = match crate::run::resolve_format(args.format, args.output.as_deref()) {
        Ok(f) => f,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(EXIT_FAILURE);
        }
    };
    let quarter = cli
        .quarter
        .unwrap_or_else(|| crate::quarter::Quarter::containing(cli.as_of.unwrap_or(env.today)));
    let as_of = cli.as_of.unwrap_or_else(|| quarter.last_day());
    let path = plan_path(cli, env)?;
    let origin = crate::run::origin(cli, env, &path)?;
    let checked = check_plan(path, &origin, env, as_of, Some(quarter))?;
    let (Some(plan), Some(report)) = (&checked.plan, &checked.report) else {
        let color = env.color(cli.color, env.stderr_is_terminal);
        diagnostic::render_human(err, &checked.loaded.sources, &checked.diagnostics, color)?;
        return Ok(EXIT_PLAN_ERRORS);
    };
    let files: Vec<std::path::PathBuf> = checked
        .loaded
        .sources
        .files()
        .iter()
        .map(|f| f.path.clone())
        .collect();
    let source = match &origin {
        crate::plan::origin::Origin::Git(tree) => Some(crate::review::Source {
            commit: tree.commit.chars().take(12).collect(),
            uncommitted_changes: false,
        }),
        crate::plan::origin::Origin::WorkingTree => git_source(&files),
    };
    let packet = crate::review::review(plan, report, source);
    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if args.output.is_some() {
        &mut buffer
    } else {
        out
    };
    match format {
        FormatArg::Table => crate::render::review::text(&packet, sink)?,
        FormatArg::Markdown => crate::render::review::markdown(&packet, sink)?,
        FormatArg::Html => crate::render::review::html(&packet, sink)?,
        FormatArg::Json => {
            serde_json::to_writer_pretty(&mut *sink, &packet)?;
            writeln!(sink)?;
        }
        FormatArg::Csv => {
            writeln!(
                err,
                "error: the review packet prints as table, markdown, html or json"
            )?;
            return Ok(EXIT_FAILURE);
        }
    }
    if let Some(path) = &args.output {
        crate::edit::write_atomically(path, &buffer)?;
    }
    Ok(EXIT_OK)
}

/// `northstar diff [REV_A [REV_B]]`: each side loaded (from git, or the working tree) and
/// rolled up as of its own date (`--as-of` overrides both) for the same quarter.
pub fn diff(
    cli: &Cli,
    args: &DiffArgs,
    env: &Env,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    use crate::plan::origin::{GitTree, Origin};
    let (from, to): (String, Option<String>) = match args.revs.as_slice() {
        [] => ("HEAD".into(), None),
        [one] => match one.split_once("..") {
            Some((a, b)) => (
                if a.is_empty() {
                    "HEAD".into()
                } else {
                    a.to_string()
                },
                Some(if b.is_empty() {
                    "HEAD".into()
                } else {
                    b.to_string()
                }),
            ),
            None => (one.clone(), None),
        },
        [a, b, ..] => (a.clone(), Some(b.clone())),
    };
    let path = plan_path(cli, env)?;
    let side = |rev: Option<&str>| -> anyhow::Result<(crate::diff::Side, Origin)> {
        Ok(match rev {
            None => (
                crate::diff::Side {
                    label: "working tree".into(),
                    commit: None,
                    as_of: cli.as_of.unwrap_or(env.today),
                },
                Origin::WorkingTree,
            ),
            Some(rev) => {
                let tree = GitTree::open(&path, rev, &env.cwd)?;
                let as_of = cli
                    .as_of
                    .or_else(|| tree.commit_date())
                    .unwrap_or(env.today);
                (
                    crate::diff::Side {
                        label: rev.to_string(),
                        commit: Some(tree.commit.clone()),
                        as_of,
                    },
                    Origin::Git(tree),
                )
            }
        })
    };
    let (a_side, a_origin) = side(Some(&from))?;
    let (b_side, b_origin) = side(to.as_deref())?;
    let quarter = cli
        .quarter
        .unwrap_or_else(|| crate::quarter::Quarter::containing(b_side.as_of));
    let color = env.color(cli.color, env.stderr_is_terminal);
    let mut sides = Vec::new();
    for (s, origin) in [(&a_side, &a_origin), (&b_side, &b_origin)] {
        let checked = check_plan(path.clone(), origin, env, s.as_of, Some(quarter))?;
        if checked.plan.is_none() {
            writeln!(err, "error: the plan at {} has errors:", s.label)?;
            diagnostic::render_human(err, &checked.loaded.sources, &checked.diagnostics, color)?;
            return Ok(EXIT_PLAN_ERRORS);
        }
        sides.push(checked);
    }
    let (a, b) = (&sides[0], &sides[1]);
    let (Some(pa), Some(ra), Some(pb), Some(rb)) = (&a.plan, &a.report, &b.plan, &b.report) else {
        return Ok(EXIT_PLAN_ERRORS);
    };
    let d = crate::diff::diff(a_side, (pa, ra), b_side, (pb, rb));
    match args.format {
        DiffFormatArg::Table => crate::render::diff::print(&d, out, false)?,
        DiffFormatArg::Markdown => crate::render::diff::print(&d, out, true)?,
        DiffFormatArg::Json => {
            serde_json::to_writer_pretty(&mut *out, &d)?;
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}
