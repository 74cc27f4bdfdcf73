//! Carrying objectives into another period: the `[[objective]]` block (with its key
//! results, rebased where that keeps their direction) that `carry` appends beside each
//! original, numbers copied in their written form.

use std::collections::{HashMap, HashSet};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value, value as v};

use crate::analysis::report::Report;
use crate::analysis::rollup::is_done;
use crate::diagnostic::{FileId, Sources, did_you_mean};
use crate::plan::Plan;
use crate::plan::model::{EntityRef, KeyResult, Measure, Objective, Parent, Reading};
use crate::refusal::Refusal;
use crate::time::period::Label;
use crate::write::document::{Entity, block, entries, find_entity, number};

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

/// A number as written: the value of `key` in `written` as the file has it, else `n`
/// ([`number`]).
fn as_written(written: &HashMap<String, Value>, key: &str, n: f64) -> Item {
    match written.get(key) {
        Some(value) => Item::Value(value.clone()),
        None => number(n),
    }
}

/// The numbers of one objective and its key results as written in its file (`weight = 2`
/// stays `2`, `target = 99.90` stays `99.90`), keyed by TOML key, so a copy keeps their
/// written form.
#[derive(Debug, Default)]
struct Written {
    numbers: HashMap<String, Value>,
    key_results: HashMap<String, HashMap<String, Value>>,
}

impl Written {
    /// The numbers of objective `id` in `doc` (a `[[objective]]` table or an inline table
    /// of `objective = [{ … }]`); empty when it is not there.
    fn find(doc: &DocumentMut, id: &str) -> Self {
        let Some(objective) = find_entity(doc.as_table(), id) else {
            return Self::default();
        };
        let key_results = objective
            .get("key_result")
            .map(entries)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|k| {
                let id = k.get("id").and_then(Item::as_str)?;
                Some((id.to_string(), numbers(k)))
            })
            .collect();
        Self {
            numbers: numbers(objective),
            key_results,
        }
    }
}

/// The integer and float values of a table, without their whitespace and comments.
fn numbers(table: Entity<'_>) -> HashMap<String, Value> {
    table
        .iter()
        .filter_map(|(key, item)| {
            let value = item.as_value()?;
            matches!(value, Value::Integer(_) | Value::Float(_)).then(|| {
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
            .filter(|o| o.progress.is_none_or(|p| !is_done(p)))
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
/// shown in the report's period that is not done by [`is_done`]) into period `to`, with ids
/// suffixed `-{suffix}` (default: the canonical label lowercased without dashes, e.g. `2027q1`,
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
pub fn carry(
    plan: &Plan,
    report: &Report,
    sources: &Sources,
    to: &Label,
    ids: &[String],
    suffix: Option<&str>,
) -> Result<Vec<Carried>, Refusal> {
    let chosen = picks(report, ids)?;
    let run = Run::new(
        plan,
        report,
        &chosen,
        suffix.map_or_else(|| to.id_suffix(), str::to_string),
        to,
    );
    let mut docs: HashMap<FileId, Option<DocumentMut>> = HashMap::new();
    let mut out = Vec::new();
    for pick in &chosen {
        let Some(objective) = run.objective_of(pick) else {
            continue;
        };
        let written = docs
            .entry(objective.loc.file)
            .or_insert_with(|| sources.get(objective.loc.file).text.parse().ok())
            .as_ref()
            .map(|doc| Written::find(doc, &objective.id))
            .unwrap_or_default();
        let carried = run.objective(pick, objective, &written)?;
        if carried.key_results == 0 && !objective.key_results.is_empty() {
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
        out.push(carried);
    }
    Ok(out)
}

/// One run of [`carry`]: the plan, the new ids' suffix, the period carried into, the latest
/// counted value of every key result shown, and the ids carried.
struct Run<'a> {
    plan: &'a Plan,
    suffix: String,
    to: &'a Label,
    values: HashMap<&'a str, Reading>,
    carried_ids: HashSet<&'a str>,
    /// The plan's entities by id ([`Plan::entity_index`]).
    index: HashMap<&'a str, EntityRef>,
}

impl<'a> Run<'a> {
    fn new(
        plan: &'a Plan,
        report: &'a Report,
        chosen: &[Pick<'a>],
        suffix: String,
        to: &'a Label,
    ) -> Self {
        let values = report
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter_map(|r| r.current.map(|c| (r.id.as_str(), c)))
            .collect();
        let mut run = Self {
            plan,
            suffix,
            to,
            values,
            carried_ids: HashSet::new(),
            index: plan.entity_index(),
        };
        // A parent carried in the same run is named by its new id.
        run.carried_ids = chosen
            .iter()
            .filter_map(|pick| {
                let objective = run.objective_of(pick)?;
                Some(
                    std::iter::once(objective.id.as_str()).chain(
                        objective
                            .key_results
                            .iter()
                            .filter(|kr| run.carries(pick, kr))
                            .map(|kr| kr.id.as_str()),
                    ),
                )
            })
            .flatten()
            .collect();
        run
    }

    /// The objective `pick` names.
    fn objective_of(&self, pick: &Pick<'_>) -> Option<&'a Objective> {
        match self.index.get(pick.row.id.as_str()) {
            Some(&EntityRef::Objective(i)) => Some(&self.plan.objectives[i]),
            _ => None,
        }
    }

    /// Whether key result `kr` of `pick`'s objective is carried: named, or unfinished in
    /// an objective carried whole.
    fn carries(&self, pick: &Pick<'_>, kr: &KeyResult) -> bool {
        pick.named.contains(&kr.id) || (pick.whole && !self.reached(kr))
    }

    /// Whether `kr` is reached. A key result already reached stays behind unless named:
    /// rebased, a numeric one would have its baseline on (or past) its target, and a
    /// milestone would start undone.
    fn reached(&self, kr: &KeyResult) -> bool {
        match kr.measure {
            Measure::Numeric { baseline, target } => match self.values.get(kr.id.as_str()) {
                Some(Reading::Number(l)) => is_done(crate::analysis::rollup::numeric_progress(
                    *l, baseline, target, false,
                )),
                _ => false,
            },
            Measure::Milestone => self.values.get(kr.id.as_str()) == Some(&Reading::Done(true)),
            _ => false,
        }
    }

    /// The id the copy names parent `p` by: its new id when carried in this run; else its
    /// own (the new objective stays aligned to last period's goal).
    fn parent_id(&self, p: Parent) -> String {
        let id = match p {
            Parent::Objective(j) => &self.plan.objectives[j].id,
            Parent::KeyResult(r) => &self.plan.key_result(r).id,
        };
        if self.carried_ids.contains(id.as_str()) {
            self.new_id(id)
        } else {
            id.clone()
        }
    }

    /// `id` suffixed.
    fn new_id(&self, id: &str) -> String {
        format!("{id}-{}", self.suffix)
    }

    /// Whether an entity of the plan (a team included) has `id`.
    fn taken(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The carried copy of `objective` with the key results `pick` carries.
    ///
    /// Errors: a new id is taken.
    fn objective(
        &self,
        pick: &Pick<'_>,
        objective: &Objective,
        written: &Written,
    ) -> Result<Carried, Refusal> {
        let new_id = self.new_id(&objective.id);
        let mut t = self.objective_table(&new_id, objective, &written.numbers);
        let mut krs = ArrayOfTables::new();
        let mut new_ids = vec![new_id.clone()];
        let mut kept_baselines = Vec::new();
        let empty = HashMap::new();
        for kr in objective
            .key_results
            .iter()
            .filter(|kr| self.carries(pick, kr))
        {
            let kr_id = self.new_id(&kr.id);
            let written = written.key_results.get(&kr.id).unwrap_or(&empty);
            let (k, kept) = self.key_result_table(&kr_id, kr, written);
            krs.push(k);
            kept_baselines.extend(kept);
            new_ids.push(kr_id);
        }
        if let Some(clash) = new_ids.iter().find(|id| self.taken(id)) {
            return Err(
                Refusal::new(format!("the carried id `{clash}` is already taken"))
                    .help("choose another suffix with `--suffix`"),
            );
        }
        let key_results = krs.len();
        if key_results > 0 {
            t.insert("key_result", Item::ArrayOfTables(krs));
        }
        Ok(Carried {
            from: objective.id.clone(),
            id: new_id,
            key_results,
            file: objective.loc.file,
            block: block("objective", t),
            kept_baselines,
        })
    }

    /// The objective's own keys, in file order, as `new_id` in the new period.
    fn objective_table(
        &self,
        new_id: &str,
        objective: &Objective,
        written: &HashMap<String, Value>,
    ) -> Table {
        let plan = self.plan;
        let mut t = Table::new();
        t.insert("id", v(new_id));
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
                t.insert("parent", v(self.parent_id(*one)));
            }
            many => {
                let ids: toml_edit::Array = many.iter().map(|p| self.parent_id(*p)).collect();
                t.insert("parents", v(ids));
            }
        }
        if objective.contribution != 1.0 {
            let contribution = as_written(written, "contribution", objective.contribution);
            t.insert("contribution", contribution);
        }
        t.insert("period", v(self.to.to_string()));
        if let Some(owners) = owners_value(&objective.owners) {
            t.insert("owner", owners);
        }
        t.insert("kind", v(crate::text::variant(&objective.kind)));
        if objective.weight != 1.0 {
            t.insert("weight", as_written(written, "weight", objective.weight));
        }
        t
    }

    /// The copy of key result `kr` as `kr_id`, and its kept baseline, if any.
    fn key_result_table(
        &self,
        kr_id: &str,
        kr: &KeyResult,
        written: &HashMap<String, Value>,
    ) -> (Table, Option<KeptBaseline>) {
        let mut k = Table::new();
        k.insert("id", v(kr_id));
        k.insert("title", v(kr.title.as_str()));
        if let Some(unit) = &kr.unit {
            k.insert("unit", v(unit.as_str()));
        }
        let latest = match self.values.get(kr.id.as_str()) {
            Some(Reading::Number(n)) => Some(*n),
            _ => None,
        };
        let kept = measure_keys(&mut k, kr, latest, written).map(|(baseline, latest, target)| {
            KeptBaseline {
                id: kr_id.to_string(),
                unit: kr.unit.clone(),
                baseline,
                latest,
                target,
            }
        });
        if let Some(series) = kr.measured_by {
            k.insert("measured_by", v(self.plan.measured_id(series)));
        }
        if kr.weight != 1.0 {
            k.insert("weight", as_written(written, "weight", kr.weight));
        }
        if let Some(owners) = owners_value(&kr.owners) {
            k.insert("owner", owners);
        }
        (k, kept)
    }
}

/// The keys of `kr`'s measure in its copy `k`, rebased to `latest` when that keeps its
/// direction; `Some((baseline, latest, target))` when a numeric baseline is kept instead.
fn measure_keys(
    k: &mut Table,
    kr: &KeyResult,
    latest: Option<f64>,
    written: &HashMap<String, Value>,
) -> Option<(f64, f64, f64)> {
    let mut kept = None;
    match kr.measure {
        Measure::Numeric { baseline, target } => {
            match latest {
                // Rebased only when it still points the same way.
                Some(l) if (target - l) * (target - baseline) > 0.0 => {
                    k.insert("baseline", number(l));
                }
                Some(l) => {
                    k.insert("baseline", as_written(written, "baseline", baseline));
                    kept = Some((baseline, l, target));
                }
                None => {
                    k.insert("baseline", as_written(written, "baseline", baseline));
                }
            }
            k.insert("target", as_written(written, "target", target));
        }
        Measure::Milestone => {
            k.insert("milestone", v(true));
        }
        Measure::KeepBelow(l) => {
            k.insert("keep_below", as_written(written, "keep_below", l));
        }
        Measure::KeepAbove(l) => {
            k.insert("keep_above", as_written(written, "keep_above", l));
        }
        Measure::Untargeted { baseline } => {
            match (latest, baseline) {
                (Some(l), _) => {
                    k.insert("baseline", number(l));
                }
                (None, Some(b)) => {
                    k.insert("baseline", as_written(written, "baseline", b));
                }
                (None, None) => {}
            }
            k.insert("target", v("tbd"));
        }
        Measure::FromChildren => {
            k.insert("progress_from", v("children"));
        }
    }
    kept
}
