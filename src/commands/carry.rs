//! `northstar carry --to PERIOD [ID...]`: copies unfinished objectives (or named key
//! results, with their objective), with their key results rebased to their latest values
//! where that keeps their direction, into another period, in the files the originals
//! stand in. A kept baseline is a note on stderr.

use std::io::Write;

use crate::app::exit;
use crate::app::options::Options;
use crate::plan::model::Reading;
use crate::refusal::Refusal;
use crate::render::text::reading;
use crate::time::period::Label;
use crate::write::append::append_entries;
use crate::write::edit::replace_atomically;

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
    let (plan, report, checked) = (&ready.plan, &ready.report, &ready.checked);
    let to = match plan.calendar.resolve(to) {
        Ok(period) => period,
        Err(e) => {
            let help = e.suggestion().map_or_else(
                || crate::time::period::LABEL_FORMS.to_string(),
                |s| format!("did you mean `{s}`?"),
            );
            return super::refuse(err, &Refusal::new(format!("--to: {e}")).help(help));
        }
    };
    if to.window == report.period.window {
        return super::refuse(
            err,
            &Refusal::new(format!(
                "--to {} is the period being carried from",
                to.label
            ))
            .help("pick the period to carry from with `--period`"),
        );
    }
    let to = &to.label;
    if suffix == Some("") {
        return super::refuse(
            err,
            &Refusal::new("`--suffix` is empty").help(format!(
                "leave `--suffix` out for the period's own, `{}`",
                to.id_suffix()
            )),
        );
    }
    let carried =
        match crate::write::carry::carry(plan, report, &checked.loaded.sources, to, ids, suffix) {
            Ok(c) => c,
            Err(refusal) => return super::refuse(err, &refusal),
        };
    // The suffix makes ids: each is held to the id rule, as `add` holds its id.
    if let (Some(suffix), Some(refusal)) = (
        suffix,
        carried.iter().find_map(|c| super::invalid_id(&c.id)),
    ) {
        let refusal = match crate::plan::validate::id_suggestion(suffix) {
            Some(s) => refusal.help(format!("try `--suffix {s}`")),
            None => refusal,
        };
        return super::refuse(err, &refusal);
    }
    if carried.is_empty() {
        writeln!(
            out,
            "nothing to carry: every objective of {} is done",
            report.quarter
        )?;
        return Ok(exit::OK);
    }
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
    let mut files: Vec<crate::diagnostic::FileId> = carried.iter().map(|c| c.file).collect();
    files.sort();
    files.dedup();
    // A dry run prints one blank line between blocks (and before each further file).
    let mut printed = false;
    for file in files {
        let path = checked.loaded.sources.get(file).path.clone();
        let blocks: Vec<&str> = carried
            .iter()
            .filter(|c| c.file == file)
            .map(|c| c.block.as_str())
            .collect();
        if dry_run {
            if printed {
                writeln!(out)?;
            }
            writeln!(
                out,
                "# would append to {}",
                crate::render::text::path(&path)
            )?;
            for (i, b) in blocks.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", crate::diagnostic::sanitize_lines(b))?;
            }
            printed = true;
            continue;
        }
        let original = std::fs::read(&path)?;
        let Ok(mut text) = String::from_utf8(original.clone()) else {
            anyhow::bail!(
                "`{}` is not valid UTF-8; nothing was written",
                crate::render::text::path(&path)
            );
        };
        for b in &blocks {
            text = match append_entries(&text, "objective", b) {
                Ok(updated) => updated,
                Err(refusal) => return super::refuse(err, &refusal.about(&path)),
            };
        }
        replace_atomically(&locks, &path, text.as_bytes(), Some(&original))?;
    }
    if !dry_run {
        for c in &carried {
            writeln!(
                out,
                "carried {} → {} ({}) with {} into {}",
                c.from,
                c.id,
                to,
                crate::diagnostic::plural(c.key_results, "key result"),
                crate::render::text::path(&checked.loaded.sources.get(c.file).path)
            )?;
        }
    }
    Ok(exit::OK)
}
