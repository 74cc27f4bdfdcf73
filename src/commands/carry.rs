//! `northstar carry --to PERIOD [ID...]`: copies unfinished objectives (or named key
//! results, with their objective), with their key results rebased to their latest values
//! where that keeps their direction, into another period, in the files the originals
//! stand in. A kept baseline is a note on stderr.

use std::io::Write;

use crate::app::exit;
use crate::app::options::Options;
use crate::diagnostic::FileId;
use crate::plan::model::Reading;
use crate::refusal::Refusal;
use crate::render::text::reading;
use crate::text::path as shown;
use crate::text::sanitize_lines;
use crate::time::period::Label;
use crate::write::carry::{Carried, carry};

/// `northstar carry --to PERIOD [ID...]`: appends carried objectives to the files the
/// originals stand in.
pub fn run(
    o: &Options,
    to: &Label,
    ids: &[String],
    suffix: Option<&str>,
    dry_run: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let (locks, ready) = match super::locked_plan(o, dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let chosen = period(&ready, to, suffix)
        .and_then(|to| carried(&ready, &to, ids, suffix).map(|carried| (to, carried)));
    let (to, carried) = match chosen {
        Ok(chosen) => chosen,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    if carried.is_empty() {
        let from = &ready.report.quarter;
        writeln!(out, "nothing to carry: every objective of {from} is done")?;
        return Ok(exit::OK);
    }
    notes(&carried, err)?;
    let sources = &ready.checked.loaded.sources;
    let mut files: Vec<FileId> = carried.iter().map(|c| c.file).collect();
    files.sort();
    files.dedup();
    let blocks = |file: FileId| -> Vec<&str> {
        let of_file = carried.iter().filter(|c| c.file == file);
        of_file.map(|c| c.block.as_str()).collect()
    };
    if dry_run {
        // One blank line between blocks (and before each further file).
        for (i, file) in files.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "# would append to {}", shown(&sources.get(*file).path))?;
            let blocks: Vec<String> = blocks(*file).iter().map(|b| sanitize_lines(b)).collect();
            write!(out, "{}", blocks.join("\n"))?;
        }
        return Ok(exit::OK);
    }
    let mut writes = Vec::new();
    for file in files {
        match super::appended(&sources.get(file).path, "objective", &blocks(file))? {
            Ok(w) => writes.push(w),
            Err(refusal) => return super::refuse(err, &refusal),
        }
    }
    super::write_all(&locks, &writes)?;
    for c in &carried {
        let key_results = crate::text::plural(c.key_results, "key result");
        let file = shown(&sources.get(c.file).path);
        writeln!(
            out,
            "carried {} → {} ({to}) with {key_results} into {file}",
            c.from, c.id
        )?;
    }
    Ok(exit::OK)
}

/// The period to carry into, resolved on the plan's calendar.
///
/// Errors: it is not a period of the plan, or the one carried from; `--suffix` is empty.
fn period(ready: &super::Ready, to: &Label, suffix: Option<&str>) -> Result<Label, Refusal> {
    let to = ready.plan.calendar.resolve(to).map_err(|e| {
        let help = e.suggestion().map_or_else(
            || crate::time::period::LABEL_FORMS.to_string(),
            |s| format!("did you mean `{s}`?"),
        );
        Refusal::new(format!("--to: {e}")).help(help)
    })?;
    if to.window == ready.report.period.window {
        return Err(Refusal::new(format!(
            "--to {} is the period being carried from",
            to.label
        ))
        .help("pick the period to carry from with `--period`"));
    }
    if suffix == Some("") {
        return Err(Refusal::new("`--suffix` is empty").help(format!(
            "leave `--suffix` out for the period's own, `{}`",
            to.label.id_suffix()
        )));
    }
    Ok(to.label)
}

/// The carried objectives ([`crate::write::carry::carry`]).
///
/// Errors: its refusals; an id the suffix makes breaks the id rule, as `add` holds its id.
fn carried(
    ready: &super::Ready,
    to: &Label,
    ids: &[String],
    suffix: Option<&str>,
) -> Result<Vec<Carried>, Refusal> {
    let sources = &ready.checked.loaded.sources;
    let carried = carry(&ready.plan, &ready.report, sources, to, ids, suffix)?;
    if let (Some(suffix), Some(refusal)) = (
        suffix,
        carried.iter().find_map(|c| super::invalid_id(&c.id)),
    ) {
        return Err(match crate::plan::validate::id_suggestion(suffix) {
            Some(s) => refusal.help(format!("try `--suffix {s}`")),
            None => refusal,
        });
    }
    Ok(carried)
}

/// A note on `err` for each key result that keeps its baseline.
fn notes(carried: &[Carried], err: &mut dyn Write) -> std::io::Result<()> {
    for kept in carried.iter().flat_map(|c| &c.kept_baselines) {
        let unit = kept.unit.as_deref();
        let number = |v: f64| reading(Some(Reading::Number(v)), unit);
        writeln!(
            err,
            "note: `{}` keeps the baseline {}: the latest value, {}, is already at or past the target {}",
            kept.id,
            number(kept.baseline),
            number(kept.latest),
            number(kept.target)
        )?;
    }
    Ok(())
}
