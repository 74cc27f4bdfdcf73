//! Recording progress: turning a `checkin` request into the exact `[[checkin]]` block to
//! append. The plan's own validity rules for a check-in (confidence in 0–1, no check-in on
//! a derived key result, numbers within ±1e15) are the validator's: the caller reads the
//! plan as it would be with the block appended, and [`explain`] words a refusal of the new
//! check-in in the command line's terms. Nothing here writes; the caller appends with
//! [`crate::write::append`] under the lock of the file's directory.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Severity, Sources, did_you_mean};
use crate::paths::identity;
use crate::plan::model::{EntityRef, KrRef, Measure, Measured, Reading};
use crate::plan::{Loaded, Plan};
use crate::refusal::Refusal;
use crate::write::document::{block, entries, number, toml_date};

/// A check-in as asked for on the command line.
#[derive(Debug, Clone)]
pub struct CheckinRequest<'a> {
    /// Id of a key result, a metric or the North Star.
    pub id: &'a str,
    /// A number; `true`/`false` (or `done`/`not-done`) for a milestone.
    pub value: &'a str,
    /// The check-in's date.
    pub date: NaiveDate,
    /// Confidence, 0–1.
    pub confidence: Option<f64>,
    /// A note.
    pub note: Option<&'a str>,
    /// Who checks in.
    pub by: Option<&'a str>,
    /// Provenance, for a value `northstar measure` read from a source.
    pub source: Option<&'a str>,
}

/// A check-in ready to append.
#[derive(Debug, Clone)]
pub struct PreparedCheckin {
    /// What it measures.
    pub target: Measured,
    /// The parsed value.
    pub value: Reading,
    /// The file it goes into: the check-in log, else the main plan file.
    pub file: PathBuf,
    /// The block to append, with `\n` line endings, ending in a newline.
    pub block: String,
}

/// Finds what `id` names among the North Star, metrics and key results.
///
/// Errors: the id names something else (a pillar, an objective, ...), or nothing, with a
/// did-you-mean over the ids that take check-ins.
pub fn find_measured(plan: &Plan, id: &str) -> Result<Measured, Refusal> {
    let kind = match plan.entity(id) {
        Some(EntityRef::NorthStar) => return Ok(Measured::NorthStar),
        Some(EntityRef::Metric(i)) => return Ok(Measured::Metric(i)),
        Some(EntityRef::KeyResult(r)) => return Ok(Measured::KeyResult(r)),
        Some(EntityRef::Pillar(_)) => Some("a pillar"),
        Some(EntityRef::Objective(_)) => Some("an objective"),
        Some(EntityRef::Initiative(_)) => Some("an initiative"),
        Some(EntityRef::Bet(_)) => Some("a bet"),
        // A team's id is refused as unknown, with the measures' ids as suggestions.
        Some(EntityRef::Team(_)) | None => None,
    };
    if let Some(kind) = kind {
        return Err(Refusal::new(format!(
            "`{id}` is {kind}; check-ins record key results, metrics and the North Star"
        )));
    }
    let candidates = plan.measure_ids();
    let refusal = Refusal::new(format!(
        "unknown id `{id}`: no key result, metric or North Star has it"
    ));
    Err(match did_you_mean(id, candidates) {
        Some(s) => refusal.help(format!("did you mean `{s}`?")),
        None => refusal.help("`northstar okrs` and `northstar metrics` list the ids"),
    })
}

/// Parses VALUE for `measure`: true/false or done/not-done for a milestone, a finite number
/// otherwise. (Whether a number is within the plan's range is the validator's rule: see
/// [`explain`].)
pub fn parse_value(id: &str, measure: Measure, value: &str) -> Result<Reading, Refusal> {
    let trimmed = value.trim();
    if measure == Measure::Milestone {
        return match trimmed.to_ascii_lowercase().as_str() {
            "true" | "done" => Ok(Reading::Done(true)),
            "false" | "not-done" => Ok(Reading::Done(false)),
            _ => Err(Refusal::new(format!(
                "`{id}` is a milestone; its value is `true` or `false`, not `{value}`"
            ))
            .help("also accepted: `done`, `not-done`")),
        };
    }
    match trimmed.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Reading::Number(v)),
        _ => {
            let refusal = Refusal::new(format!(
                "`{id}` is measured in numbers; `{value}` is not a finite number"
            ));
            Err(match trimmed {
                "true" | "false" | "done" | "not-done" => {
                    refusal.help("only milestone key results take true/false")
                }
                _ => refusal,
            })
        }
    }
}

/// Finds what the request names and builds the block to append. Whether the plan takes it
/// is decided by reading the plan with the block appended: see [`explain`].
///
/// Errors: the id names no measure ([`find_measured`]), or the value does not parse
/// ([`parse_value`]).
pub fn prepare_checkin(
    plan: &Plan,
    loaded: &Loaded,
    main: &std::path::Path,
    req: &CheckinRequest<'_>,
) -> Result<PreparedCheckin, Refusal> {
    let target = find_measured(plan, req.id)?;
    let value = parse_value(req.id, plan.measure(target), req.value)?;
    Ok(PreparedCheckin {
        target,
        value,
        file: loaded
            .checkin_log
            .clone()
            .unwrap_or_else(|| main.to_path_buf()),
        block: checkin_block(req, value),
    })
}

/// The validator's refusal `d` of the check-in `req` (whose target is `target`) worded in
/// the command line's terms: `--confidence`, the value as given, `northstar checkin` on the
/// series a derived key result reads. Any other diagnostic keeps its message and help.
#[must_use]
pub fn explain(plan: &Plan, target: Measured, req: &CheckinRequest<'_>, d: &Diagnostic) -> Refusal {
    match d.code {
        Code::ConfidenceOutOfRange => confidence(req, d.help.is_some()),
        Code::NonFiniteNumber if req.confidence.is_some_and(|c| !c.is_finite()) => {
            confidence(req, false)
        }
        Code::CheckinOnDerivedKeyResult => match target {
            Measured::KeyResult(r) => derived(plan, r, req.value),
            _ => as_written(d),
        },
        Code::OutOfRange => Refusal::new(format!(
            "`{}` is out of range: check-in values lie within ±1e15",
            req.value
        ))
        .help("check for a typo, or measure in a larger unit"),
        _ => as_written(d),
    }
}

/// The refusal of `--confidence`, outside 0–1; `fractions` says it reads as a percentage.
fn confidence(req: &CheckinRequest<'_>, fractions: bool) -> Refusal {
    let c = req.confidence.unwrap_or_default();
    let refusal = Refusal::new(format!("confidence `{c}` is outside 0–1"));
    if fractions {
        refusal.help(format!(
            "write percentages as fractions: `--confidence {}`",
            c / 100.0
        ))
    } else {
        refusal
    }
}

/// The refusal of a check-in on key result `r`, which takes its progress from elsewhere;
/// `value` is the value given, for the command that checks in on its series instead.
fn derived(plan: &Plan, r: KrRef, value: &str) -> Refusal {
    let kr = plan.key_result(r);
    match kr.measured_by.filter(|_| kr.measure != Measure::FromChildren) {
        None => Refusal::new(format!(
            "key result `{}` takes its progress from the objectives under it (`progress_from = \"children\"`)",
            kr.id
        ))
        .help("check in on those objectives' key results"),
        Some(series) => {
            let series = plan.measured_id(series);
            Refusal::new(format!(
                "key result `{}` reads the check-ins of `{series}` (`measured_by`)",
                kr.id
            ))
            .help(format!(
                "check in on the series: `northstar checkin {series} {value}`"
            ))
        }
    }
}

/// A diagnostic as a refusal: its message and help.
fn as_written(d: &Diagnostic) -> Refusal {
    let refusal = Refusal::new(d.message.clone());
    match &d.help {
        Some(help) => refusal.help(help.clone()),
        None => refusal,
    }
}

/// The errors among `diagnostics` (of a plan read from `sources`) that stand in one of the
/// last `n` `[[checkin]]` entries of `file`, just appended, each with the index of its entry
/// among them (0: the first appended), in order.
#[must_use]
pub fn new_checkin_errors<'d>(
    sources: &Sources,
    diagnostics: &'d [Diagnostic],
    file: &std::path::Path,
    n: usize,
) -> Vec<(usize, &'d Diagnostic)> {
    let file = identity(file);
    diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter_map(|d| {
            let loc = &d.primary.as_ref()?.loc;
            let source = sources.get(loc.file);
            if identity(&source.path) != file {
                return None;
            }
            Some((new_entry_at(&source.text, n, loc.span.start)?, d))
        })
        .collect()
}

/// Which of the last `n` `[[checkin]]` entries of `text` holds byte offset `at`: `Some(0)`
/// for the first of them; `None` when `at` lies before them, or `text` is not TOML.
fn new_entry_at(text: &str, n: usize, at: usize) -> Option<usize> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let all = entries(doc.get("checkin")?);
    let starts: Vec<usize> = all[all.len().checked_sub(n)?..]
        .iter()
        .map(|e| e.span().map_or(usize::MAX, |s| s.start))
        .collect();
    starts.iter().rposition(|start| *start <= at)
}

/// The `[[checkin]]` block, serialized by `toml_edit` so every string is escaped correctly.
#[must_use]
pub fn checkin_block(req: &CheckinRequest<'_>, value: Reading) -> String {
    use toml_edit::{Table, value as v};
    let mut t = Table::new();
    t.insert("metric", v(req.id));
    t.insert("date", v(toml_date(req.date)));
    t.insert(
        "value",
        match value {
            Reading::Done(b) => v(b),
            Reading::Number(n) => number(n),
        },
    );
    if let Some(c) = req.confidence {
        t.insert("confidence", v(c));
    }
    if let Some(note) = req.note {
        t.insert("note", v(note));
    }
    if let Some(by) = req.by {
        t.insert("by", v(by));
    }
    if let Some(source) = req.source {
        t.insert("source", v(source));
    }
    block("checkin", t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_in_finds_measures_and_names_what_else_an_id_is() {
        let plan = crate::plan::model::tests::org();
        for (id, e) in plan.entities() {
            let found = find_measured(&plan, id);
            let refused = |kind: &str| {
                Err(Refusal::new(format!(
                    "`{id}` is {kind}; check-ins record key results, metrics and the North Star"
                )))
            };
            let expected = match e {
                EntityRef::NorthStar => Ok(Measured::NorthStar),
                EntityRef::Metric(i) => Ok(Measured::Metric(i)),
                EntityRef::KeyResult(r) => Ok(Measured::KeyResult(r)),
                EntityRef::Pillar(_) => refused("a pillar"),
                EntityRef::Objective(_) => refused("an objective"),
                EntityRef::Initiative(_) => refused("an initiative"),
                EntityRef::Bet(_) => refused("a bet"),
                // A team is not named: its id is as unknown to a check-in as a typo.
                EntityRef::Team(_) => {
                    let err = found.unwrap_err();
                    assert_eq!(
                        err.message,
                        format!("unknown id `{id}`: no key result, metric or North Star has it")
                    );
                    continue;
                }
            };
            assert_eq!(found, expected, "{id}");
        }
    }

    #[test]
    fn a_position_is_placed_in_the_new_entries_it_falls_in() {
        let text = "[[checkin]]\nmetric = \"a\"\n\n[[checkin]]\nmetric = \"b\"\n\n[[checkin]]\nmetric = \"c\"\n";
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(new_entry_at(text, 2, at("\"a\"")), None);
        assert_eq!(new_entry_at(text, 2, at("\"b\"")), Some(0));
        assert_eq!(new_entry_at(text, 2, at("\"c\"")), Some(1));
        assert_eq!(new_entry_at(text, 4, at("\"c\"")), None);
        let inline = "checkin = [{ metric = \"a\" }, { metric = \"b\" }]\n";
        assert_eq!(
            new_entry_at(inline, 1, inline.find("\"b\"").unwrap()),
            Some(0)
        );
    }
}
