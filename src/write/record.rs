//! Recording progress: turning a `checkin` request into the exact `[[checkin]]` block to
//! append, after checking it against the validated plan. Nothing here writes; the caller
//! appends with [`crate::write::edit`] under the lock of the file's directory.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::did_you_mean;
use crate::plan::model::{BetStatus, EntityRef, MAX_MAGNITUDE, Measure, Measured, Reading};
use crate::plan::{Loaded, Plan};
use crate::refusal::Refusal;

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
/// within ±[`MAX_MAGNITUDE`] otherwise.
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
        Ok(v) if v.is_finite() && v.abs() <= MAX_MAGNITUDE => Ok(Reading::Number(v)),
        Ok(v) if v.is_finite() => Err(Refusal::new(format!(
            "`{value}` is out of range: check-in values lie within ±1e15"
        ))
        .help("check for a typo, or measure in a larger unit")),
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

/// Checks a request against `plan` and builds the block to append.
pub fn prepare_checkin(
    plan: &Plan,
    loaded: &Loaded,
    main: &std::path::Path,
    req: &CheckinRequest<'_>,
) -> Result<PreparedCheckin, Refusal> {
    let target = find_measured(plan, req.id)?;
    // A key result whose progress comes from elsewhere takes no check-ins: written, one
    // would leave a plan that no longer loads (`checkin-on-derived-key-result`).
    if let Measured::KeyResult(r) = target {
        let kr = plan.key_result(r);
        if kr.measure == Measure::FromChildren {
            return Err(Refusal::new(format!(
                "key result `{}` takes its progress from the objectives under it (`progress_from = \"children\"`)",
                kr.id
            ))
            .help("check in on those objectives' key results"));
        }
        if let Some(series) = kr.measured_by {
            let series = plan.measured_id(series);
            return Err(Refusal::new(format!(
                "key result `{}` reads the check-ins of `{series}` (`measured_by`)",
                kr.id
            ))
            .help(format!(
                "check in on the series: `northstar checkin {series} {}`",
                req.value
            )));
        }
    }
    let value = parse_value(req.id, plan.measure(target), req.value)?;
    if let Some(c) = req.confidence
        && !(0.0..=1.0).contains(&c)
    {
        let refusal = Refusal::new(format!("confidence `{c}` is outside 0–1"));
        return Err(if c > 1.0 && c <= 100.0 {
            refusal.help(format!(
                "write percentages as fractions: `--confidence {}`",
                c / 100.0
            ))
        } else {
            refusal
        });
    }
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

/// The `[[checkin]]` block, serialized by `toml_edit` so every string is escaped correctly.
#[must_use]
pub fn checkin_block(req: &CheckinRequest<'_>, value: Reading) -> String {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value as v};
    let mut t = Table::new();
    t.insert("metric", v(req.id));
    t.insert("date", v(toml_date(req.date)));
    t.insert(
        "value",
        match value {
            Reading::Done(b) => v(b),
            // Whole numbers are written as integers: `40`, not `40.0`.
            Reading::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                v(format!("{n:.0}").parse::<i64>().unwrap_or(0))
            }
            Reading::Number(n) => v(n),
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
    let mut tables = ArrayOfTables::new();
    tables.push(t);
    let mut doc = DocumentMut::new();
    doc.insert("checkin", Item::ArrayOfTables(tables));
    doc.to_string()
}

/// A chrono date as a bare TOML date (`2026-11-20`).
#[must_use]
pub fn toml_date(date: NaiveDate) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).unwrap_or(0),
            day: u8::try_from(date.day()).unwrap_or(0),
        }),
        time: None,
        offset: None,
    }
}

/// A change to one bet's lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub enum BetEdit<'a> {
    /// proposed → running: sets `status`, `start` and `decide_by`.
    Start {
        /// The start date.
        start: NaiveDate,
        /// The decide-by date.
        decide_by: NaiveDate,
    },
    /// → validated, invalidated or killed: sets `status`, `decided`, `outcome` and, when
    /// given, `learnings`.
    Decide {
        /// The decision (a decided status).
        status: BetStatus,
        /// The decision date.
        decided: NaiveDate,
        /// What happened.
        outcome: &'a str,
        /// What was learnt.
        learnings: Option<&'a str>,
    },
}

/// Checks that `edit` fits the bet's current status.
pub fn check_bet_edit(bet: &crate::plan::model::Bet, edit: &BetEdit<'_>) -> Result<(), Refusal> {
    let status = crate::analysis::lint::serde_variant(&bet.status);
    match edit {
        BetEdit::Start { start, decide_by } => {
            if bet.status != BetStatus::Proposed {
                let refusal = Refusal::new(format!(
                    "bet `{}` is {status}; only a proposed bet can start",
                    bet.id
                ));
                return Err(if bet.status.is_decided() {
                    refusal.help("a decision stands; record what changed in a new bet")
                } else {
                    refusal.help(format!(
                        "it has started; when it is decided: `northstar bet decide {} validated|invalidated|killed --outcome \"...\"`",
                        bet.id
                    ))
                });
            }
            if decide_by < start {
                return Err(Refusal::new(format!(
                    "--decide-by {decide_by} is before the start {start}"
                )));
            }
        }
        BetEdit::Decide {
            decided, outcome, ..
        } => {
            // The plan requires a non-blank outcome on a decided bet (`missing-decision`):
            // writing a blank one would leave a plan that no longer loads.
            if outcome.trim().is_empty() {
                return Err(Refusal::new("--outcome is blank").help(
                    "say what happened, e.g. --outcome \"MTTR fell 30% on the pilot services\"",
                ));
            }
            if bet.status.is_decided() {
                let when = bet.decided.map(|d| format!(" on {d}")).unwrap_or_default();
                return Err(Refusal::new(format!(
                    "bet `{}` was already decided: {status}{when}",
                    bet.id
                ))
                .help("a decision stands; record what changed in a new bet"));
            }
            if let Some(start) = bet.start
                && *decided < start
            {
                return Err(Refusal::new(format!(
                    "the decision date {decided} is before the bet's start {start}"
                )));
            }
        }
    }
    Ok(())
}

/// `text` (a plan file) with bet `id` edited in place by `toml_edit`: only the values set
/// change; comments, order and spacing elsewhere stay. A value keeps the comment after it.
/// New lines follow the file's line ending when the file uses one consistently. The bet
/// may be a `[[bet]]` table or an inline table of `bet = [{ … }]`.
///
/// Before anything is returned, the result is parsed back: it must be valid TOML holding
/// the bet with the values set.
///
/// Errors: the text is not valid TOML, or holds no bet `id`, or the result would not load.
pub fn edit_bet(text: &str, id: &str, edit: &BetEdit<'_>) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, TableLike, Value};
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Refusal::new(format!("cannot edit the file: {e}")))?;
    let has_id = |t: &dyn TableLike| t.get("id").and_then(Item::as_str) == Some(id);
    let (table, inline): (&mut dyn TableLike, bool) = match doc.get_mut("bet") {
        Some(Item::ArrayOfTables(bets)) => bets
            .iter_mut()
            .find(|t| has_id(*t))
            .map(|t| (t as &mut dyn TableLike, false)),
        Some(Item::Value(Value::Array(bets))) => bets
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .find(|t| has_id(*t))
            .map(|t| (t as &mut dyn TableLike, true)),
        _ => None,
    }
    .ok_or_else(|| Refusal::new(format!("no bet with id `{id}` in this file")))?;
    let written_decide_by = table
        .get("decide_by")
        .and_then(Item::as_value)
        .and_then(Value::as_datetime)
        .map(ToString::to_string);
    let mut set = |key: &str, value: Value| match table
        .get_mut(key)
        .and_then(toml_edit::Item::as_value_mut)
    {
        Some(old) => {
            let mut decor = old.decor().clone();
            keep_comment_column(&mut decor, bare_len(old), bare_len(&value));
            *old = value;
            *old.decor_mut() = decor;
        }
        None if inline => {
            // `{ …, last = 1 }` → `{ …, last = 1, key = value }`: the space before `}`
            // moves after the new value.
            let mut value = value.decorated(" ", "");
            if let Some((_, last)) = table.iter_mut().last()
                && let Some(last) = last.as_value_mut()
            {
                let suffix = last.decor().suffix().cloned();
                last.decor_mut().set_suffix("");
                if let Some(suffix) = suffix {
                    value.decor_mut().set_suffix(suffix);
                }
            }
            table.insert(key, Item::Value(value));
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    };
    let (status, values) = match edit {
        BetEdit::Start { start, decide_by } => {
            // A decide-by date the bet already has is left as written.
            let unchanged = written_decide_by.as_deref() == Some(decide_by.to_string().as_str());
            set("status", Value::from("running"));
            set("start", Value::from(toml_date(*start)));
            if !unchanged {
                set("decide_by", Value::from(toml_date(*decide_by)));
            }
            (
                "running".to_string(),
                vec![("start", *start), ("decide_by", *decide_by)],
            )
        }
        BetEdit::Decide {
            status,
            decided,
            outcome,
            learnings,
        } => {
            let status = crate::analysis::lint::serde_variant(status);
            set("status", Value::from(status.as_str()));
            set("decided", Value::from(toml_date(*decided)));
            set("outcome", Value::from(*outcome));
            if let Some(learnings) = learnings {
                set("learnings", Value::from(*learnings));
            }
            (status, vec![("decided", *decided)])
        }
    };
    let mut edited = crate::write::edit::match_line_endings(text, &doc.to_string());
    // toml_edit ends the document with a newline; keep the original's choice.
    if !text.ends_with('\n') {
        while edited.ends_with('\n') || edited.ends_with('\r') {
            edited.pop();
        }
    }
    verify_bet(&edited, id, &status, &values)?;
    Ok(edited)
}

/// Checks that `edited` parses and holds bet `id` with `status` and the dates `values`.
fn verify_bet(
    edited: &str,
    id: &str,
    status: &str,
    values: &[(&str, NaiveDate)],
) -> Result<(), Refusal> {
    let table: toml::Table = toml::from_str(edited).map_err(|e| {
        Refusal::new(format!(
            "the edit would leave a file that does not load: {}",
            e.message()
        ))
        .help("the file is left as it was; please report this with the file to northstar's maintainers")
    })?;
    let bet = table
        .get("bet")
        .and_then(toml::Value::as_array)
        .and_then(|bets| {
            bets.iter()
                .find(|b| b.get("id").and_then(toml::Value::as_str) == Some(id))
        });
    let holds = bet.is_some_and(|bet| {
        bet.get("status").and_then(toml::Value::as_str) == Some(status)
            && values.iter().all(|(key, date)| {
                bet.get(*key)
                    .and_then(toml::Value::as_datetime)
                    .is_some_and(|d| d.to_string() == date.to_string())
            })
    });
    if holds {
        Ok(())
    } else {
        Err(Refusal::new(format!(
            "the edit would not leave bet `{id}` with the values set"
        ))
        .help("the file is left as it was; please report this with the file to northstar's maintainers"))
    }
}

/// Length in characters of a value as written, without its surrounding whitespace and comment.
fn bare_len(value: &toml_edit::Value) -> usize {
    let mut bare = value.clone();
    bare.decor_mut().clear();
    bare.to_string().chars().count()
}

/// Keeps a trailing comment in its column when a value's length changes
/// (`status = "running"   # note` → `status = "killed"    # note`), with at least one space.
fn keep_comment_column(decor: &mut toml_edit::Decor, old_len: usize, new_len: usize) {
    let Some(suffix) = decor
        .suffix()
        .and_then(toml_edit::RawString::as_str)
        .map(str::to_string)
    else {
        return;
    };
    let rest = suffix.trim_start_matches(' ');
    let spaces = suffix.len() - rest.len();
    if spaces == 0 || !rest.starts_with('#') {
        return;
    }
    let wanted = (spaces + old_len).saturating_sub(new_len).max(1);
    decor.set_suffix(format!("{}{rest}", " ".repeat(wanted)));
}

/// An objective carried into a new quarter: the `[[objective]]` block (with its key
/// results) to append to the file the original stands in.
#[derive(Debug, Clone)]
pub struct Carried {
    /// The original objective's id.
    pub from: String,
    /// The new objective's id.
    pub id: String,
    /// Number of key results copied.
    pub key_results: usize,
    /// Index of the original's file in the plan's sources.
    pub file: crate::diagnostic::FileId,
    /// The block, `\n` line endings, ending in a newline.
    pub block: String,
    /// Numeric key results whose baseline was not rebased (see [`KeptBaseline`]).
    pub kept_baselines: Vec<KeptBaseline>,
}

/// A carried numeric key result that keeps its original baseline because its latest value
/// is at or past its target: rebased, it would start at (or beyond) its goal, or point the
/// other way (lead time 48 → 30 h with 26 h latest would become 26 → 30 h, where a worse
/// 29 h reads as progress).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptBaseline {
    /// The new key result's id.
    pub id: String,
    /// Its unit, if any.
    pub unit: Option<String>,
    /// The baseline kept.
    pub baseline: f64,
    /// The latest value counted as of the report's date.
    pub latest: f64,
    /// The target.
    pub target: f64,
}

/// `owner` as written back: one name as a string, several as an array, none left out.
fn owners_value(owners: &[String]) -> Option<toml_edit::Item> {
    match owners {
        [] => None,
        [one] => Some(toml_edit::value(one.as_str())),
        many => Some(toml_edit::value(
            many.iter()
                .map(String::as_str)
                .collect::<toml_edit::Array>(),
        )),
    }
}

/// The numbers of one objective and its key results as written in its file (`weight = 2`
/// stays `2`, `target = 99.90` stays `99.90`), keyed by TOML key, so a copy keeps their
/// written form.
#[derive(Debug, Default)]
struct Written {
    numbers: std::collections::HashMap<String, toml_edit::Value>,
    key_results:
        std::collections::HashMap<String, std::collections::HashMap<String, toml_edit::Value>>,
}

impl Written {
    /// The numbers of objective `id` in `doc`, a `[[objective]]` table or an inline table
    /// of `objective = [{ … }]`; empty when it is not there.
    fn find(doc: &toml_edit::DocumentMut, id: &str) -> Self {
        let Some(objective) = tables(doc.get("objective"))
            .into_iter()
            .find(|t| t.get("id").and_then(toml_edit::Item::as_str) == Some(id))
        else {
            return Self::default();
        };
        let key_results = tables(objective.get("key_result"))
            .into_iter()
            .filter_map(|k| {
                let id = k.get("id").and_then(toml_edit::Item::as_str)?;
                Some((id.to_string(), numbers(k)))
            })
            .collect();
        Self {
            numbers: numbers(objective),
            key_results,
        }
    }
}

/// The tables of an array of tables, or the inline tables of an array.
fn tables(item: Option<&toml_edit::Item>) -> Vec<&dyn toml_edit::TableLike> {
    match item {
        Some(toml_edit::Item::ArrayOfTables(a)) => {
            a.iter().map(|t| t as &dyn toml_edit::TableLike).collect()
        }
        Some(toml_edit::Item::Value(toml_edit::Value::Array(a))) => a
            .iter()
            .filter_map(toml_edit::Value::as_inline_table)
            .map(|t| t as &dyn toml_edit::TableLike)
            .collect(),
        _ => Vec::new(),
    }
}

/// The integer and float values of a table, without their whitespace and comments.
fn numbers(
    table: &dyn toml_edit::TableLike,
) -> std::collections::HashMap<String, toml_edit::Value> {
    table
        .iter()
        .filter_map(|(key, item)| {
            let value = item.as_value()?;
            matches!(
                value,
                toml_edit::Value::Integer(_) | toml_edit::Value::Float(_)
            )
            .then(|| {
                let mut value = value.clone();
                value.decor_mut().clear();
                (key.to_string(), value)
            })
        })
        .collect()
}

/// One objective to carry: the whole of it (its unfinished key results), and the key
/// results named on their own.
struct Pick<'r> {
    row: &'r crate::analysis::report::ObjectiveRow,
    whole: bool,
    named: Vec<String>,
}

/// Which objectives and key results `ids` name among the report's objectives (none: every
/// unfinished objective), in the order first named.
fn picks<'r>(
    report: &'r crate::analysis::report::Report,
    ids: &[String],
) -> Result<Vec<Pick<'r>>, Refusal> {
    if ids.is_empty() {
        return Ok(report
            .objectives
            .iter()
            .filter(|o| o.progress.is_none_or(|p| p < 1.0))
            .map(|row| Pick {
                row,
                whole: true,
                named: Vec::new(),
            })
            .collect());
    }
    let mut picks: Vec<Pick<'r>> = Vec::new();
    for id in ids {
        let (row, kr) = if let Some(row) = report.objectives.iter().find(|o| &o.id == id) {
            (row, false)
        } else if let Some(row) = report
            .objectives
            .iter()
            .find(|o| o.key_results.iter().any(|k| &k.id == id))
        {
            (row, true)
        } else {
            let refusal = Refusal::new(format!(
                "`{id}` is not an objective or key result of {}",
                report.quarter
            ));
            let candidates = report.objectives.iter().flat_map(|o| {
                std::iter::once(o.id.as_str()).chain(o.key_results.iter().map(|k| k.id.as_str()))
            });
            return Err(match did_you_mean(id, candidates) {
                Some(s) => refusal.help(format!("did you mean `{s}`?")),
                None => refusal.help("pick the period to carry from with `--period`"),
            });
        };
        let i = picks
            .iter()
            .position(|p| p.row.id == row.id)
            .unwrap_or_else(|| {
                picks.push(Pick {
                    row,
                    whole: false,
                    named: Vec::new(),
                });
                picks.len() - 1
            });
        if kr {
            picks[i].named.push(id.clone());
        } else {
            picks[i].whole = true;
        }
    }
    Ok(picks)
}

/// Builds the carried copy of each objective in `ids` (or, when empty, of every objective
/// shown in the report's period with progress < 1) into period `to`, with ids suffixed
/// `-{suffix}` (default: the canonical label lowercased without dashes, e.g. `2027q1`,
/// `fy24q2`). `sources` gives the files' text, so numbers are copied as written
/// (`weight = 2` stays `2`).
///
/// `ids` may name objectives and key results: a named objective brings its unfinished key
/// results, a named key result is carried (with its objective) even when done. Numeric and
/// milestone key results already reached stay behind unless named. A numeric key result's
/// baseline becomes its latest value as of the report date when that keeps its direction
/// (target − baseline of the same sign, and not zero); otherwise it keeps its baseline and
/// is listed in [`Carried::kept_baselines`]. A draft's baseline becomes its latest value
/// and it stays a draft; a key result's own `start`/`due` dates, which belonged to the old
/// period, are left behind; nothing else changes.
///
/// Errors: an id is not an objective or key result of the report's period, a named
/// objective has nothing left to carry, or a new id is taken.
#[allow(clippy::too_many_lines)] // one block per kind of key, in file order
pub fn carry(
    plan: &Plan,
    report: &crate::analysis::report::Report,
    sources: &crate::diagnostic::Sources,
    to: &crate::time::period::Label,
    ids: &[String],
    suffix: Option<&str>,
) -> Result<Vec<Carried>, Refusal> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value as v};
    let suffix = suffix.map_or_else(|| to.id_suffix(), str::to_string);
    let chosen = picks(report, ids)?;
    let taken = |id: &str| {
        crate::write::record::find_measured(plan, id).is_ok()
            || plan.objectives.iter().any(|o| o.id == id)
            || plan.pillars.iter().any(|p| p.id == id)
            || plan.initiatives.iter().any(|i| i.id == id)
            || plan.bets.iter().any(|b| b.id == id)
    };
    // The latest counted value of every key result shown, looked up once.
    let values: std::collections::HashMap<&str, Reading> = report
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .filter_map(|r| r.current.map(|c| (r.id.as_str(), c)))
        .collect();
    let current = |id: &str| values.get(id).copied();
    // A key result already reached stays behind unless named: rebased, a numeric one would
    // have its baseline on (or past) its target, and a milestone would start undone.
    let reached = |kr: &crate::plan::model::KeyResult| match kr.measure {
        Measure::Numeric { baseline, target } => match current(&kr.id) {
            Some(Reading::Number(l)) => crate::analysis::rollup::is_done(
                crate::analysis::rollup::numeric_progress(l, baseline, target, false),
            ),
            _ => false,
        },
        Measure::Milestone => current(&kr.id) == Some(Reading::Done(true)),
        _ => false,
    };
    let objective_of = |pick: &Pick<'_>| plan.objectives.iter().find(|o| o.id == pick.row.id);
    let carries = |pick: &Pick<'_>, kr: &crate::plan::model::KeyResult| {
        pick.named.contains(&kr.id) || (pick.whole && !reached(kr))
    };
    // A parent carried in the same run is named by its new id; one left behind keeps its
    // own (the new objective stays aligned to last period's goal).
    let carried_ids: std::collections::HashSet<&str> = chosen
        .iter()
        .filter_map(|pick| {
            let objective = objective_of(pick)?;
            Some(
                std::iter::once(objective.id.as_str()).chain(
                    objective
                        .key_results
                        .iter()
                        .filter(|kr| carries(pick, kr))
                        .map(|kr| kr.id.as_str()),
                ),
            )
        })
        .flatten()
        .collect();
    let parent_id = |p: crate::plan::model::Parent| -> String {
        let id = match p {
            crate::plan::model::Parent::Objective(j) => &plan.objectives[j].id,
            crate::plan::model::Parent::KeyResult(r) => &plan.key_result(r).id,
        };
        if carried_ids.contains(id.as_str()) {
            format!("{id}-{suffix}")
        } else {
            id.clone()
        }
    };
    let mut docs: std::collections::HashMap<crate::diagnostic::FileId, Option<DocumentMut>> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for pick in &chosen {
        let Some(objective) = objective_of(pick) else {
            continue;
        };
        let written = docs
            .entry(objective.loc.file)
            .or_insert_with(|| sources.get(objective.loc.file).text.parse().ok())
            .as_ref()
            .map(|doc| Written::find(doc, &objective.id))
            .unwrap_or_default();
        let number = |key: &str, n: f64| match written.numbers.get(key) {
            Some(value) => Item::Value(value.clone()),
            None => number_value(n),
        };
        let new_id = format!("{}-{suffix}", objective.id);
        let mut t = Table::new();
        t.insert("id", v(new_id.as_str()));
        t.insert("title", v(objective.title.as_str()));
        t.insert("pillar", v(plan.pillars[objective.pillar].id.as_str()));
        match objective.teams.as_slice() {
            [] => {}
            [one] => {
                t.insert("team", v(plan.teams[*one].id.as_str()));
            }
            many => {
                let ids: toml_edit::Array =
                    many.iter().map(|t| plan.teams[*t].id.as_str()).collect();
                t.insert("team", v(ids));
            }
        }
        match objective.parents.as_slice() {
            [] => {}
            [one] => {
                t.insert("parent", v(parent_id(*one)));
            }
            many => {
                let ids: toml_edit::Array = many.iter().map(|p| parent_id(*p)).collect();
                t.insert("parents", v(ids));
            }
        }
        if objective.contribution != 1.0 {
            t.insert(
                "contribution",
                number("contribution", objective.contribution),
            );
        }
        t.insert("period", v(to.to_string()));
        if let Some(owners) = owners_value(&objective.owners) {
            t.insert("owner", owners);
        }
        t.insert(
            "kind",
            v(crate::analysis::lint::serde_variant(&objective.kind)),
        );
        if objective.weight != 1.0 {
            t.insert("weight", number("weight", objective.weight));
        }
        let mut krs = ArrayOfTables::new();
        let mut new_ids = vec![new_id.clone()];
        let mut kept_baselines = Vec::new();
        for kr in &objective.key_results {
            if !carries(pick, kr) {
                continue;
            }
            let empty = std::collections::HashMap::new();
            let written = written.key_results.get(&kr.id).unwrap_or(&empty);
            let number = |key: &str, n: f64| match written.get(key) {
                Some(value) => Item::Value(value.clone()),
                None => number_value(n),
            };
            let kr_id = format!("{}-{suffix}", kr.id);
            let mut k = Table::new();
            k.insert("id", v(kr_id.as_str()));
            k.insert("title", v(kr.title.as_str()));
            if let Some(unit) = &kr.unit {
                k.insert("unit", v(unit.as_str()));
            }
            let latest = match current(&kr.id) {
                Some(Reading::Number(n)) => Some(n),
                _ => None,
            };
            match kr.measure {
                Measure::Numeric { baseline, target } => {
                    match latest {
                        // Rebased only when it still points the same way.
                        Some(l) if (target - l) * (target - baseline) > 0.0 => {
                            k.insert("baseline", number_value(l));
                        }
                        Some(l) => {
                            k.insert("baseline", number("baseline", baseline));
                            kept_baselines.push(KeptBaseline {
                                id: kr_id.clone(),
                                unit: kr.unit.clone(),
                                baseline,
                                latest: l,
                                target,
                            });
                        }
                        None => {
                            k.insert("baseline", number("baseline", baseline));
                        }
                    }
                    k.insert("target", number("target", target));
                }
                Measure::Milestone => {
                    k.insert("milestone", v(true));
                }
                Measure::KeepBelow(l) => {
                    k.insert("keep_below", number("keep_below", l));
                }
                Measure::KeepAbove(l) => {
                    k.insert("keep_above", number("keep_above", l));
                }
                Measure::Untargeted { baseline } => {
                    match (latest, baseline) {
                        (Some(l), _) => {
                            k.insert("baseline", number_value(l));
                        }
                        (None, Some(b)) => {
                            k.insert("baseline", number("baseline", b));
                        }
                        (None, None) => {}
                    }
                    k.insert("target", v("tbd"));
                }
                Measure::FromChildren => {
                    k.insert("progress_from", v("children"));
                }
            }
            if let Some(series) = kr.measured_by {
                k.insert("measured_by", v(plan.measured_id(series)));
            }
            if kr.weight != 1.0 {
                k.insert("weight", number("weight", kr.weight));
            }
            if let Some(owners) = owners_value(&kr.owners) {
                k.insert("owner", owners);
            }
            krs.push(k);
            new_ids.push(kr_id);
        }
        if let Some(clash) = new_ids.iter().find(|id| taken(id)) {
            return Err(
                Refusal::new(format!("the carried id `{clash}` is already taken"))
                    .help("choose another suffix with `--suffix`"),
            );
        }
        let key_results = krs.len();
        if key_results == 0 && !objective.key_results.is_empty() {
            if ids.is_empty() {
                continue;
            }
            return Err(Refusal::new(format!(
                "`{}` has nothing left to carry: every key result is reached",
                objective.id
            ))
            .help(
                "name a key result to carry it even when done, or leave the objective's id out",
            ));
        }
        if key_results > 0 {
            t.insert("key_result", Item::ArrayOfTables(krs));
        }
        let mut tables = ArrayOfTables::new();
        tables.push(t);
        let mut doc = DocumentMut::new();
        doc.insert("objective", Item::ArrayOfTables(tables));
        out.push(Carried {
            from: objective.id.clone(),
            id: new_id,
            key_results,
            file: objective.loc.file,
            block: doc.to_string(),
            kept_baselines,
        });
    }
    Ok(out)
}

/// A number as TOML: whole numbers as integers (`40`, not `40.0`).
fn number_value(n: f64) -> toml_edit::Item {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        toml_edit::value(format!("{n:.0}").parse::<i64>().unwrap_or(0))
    } else {
        toml_edit::value(n)
    }
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
    fn the_bet_guard_refuses_an_edit_that_would_not_load_or_lacks_the_values() {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let values = [("start", date("2026-11-20"))];
        let good = "[[bet]]\nid = \"b\"\nstatus = \"running\"\nstart = 2026-11-20\n";
        assert_eq!(verify_bet(good, "b", "running", &values), Ok(()));
        let err = verify_bet(&format!("{good}id = \"c\"\n"), "b", "running", &values).unwrap_err();
        assert_eq!(
            err.message,
            "the edit would leave a file that does not load: duplicate key"
        );
        for wrong in [
            good.replace("running", "proposed"),
            good.replace("2026-11-20", "2026-11-21"),
            good.replace("\"b\"", "\"c\""),
        ] {
            assert_eq!(
                verify_bet(&wrong, "b", "running", &values)
                    .unwrap_err()
                    .message,
                "the edit would not leave bet `b` with the values set"
            );
        }
    }
}
