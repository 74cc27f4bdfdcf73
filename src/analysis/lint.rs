//! Warnings beyond validation. Those that need the roll-up (stale key results, draft key
//! results of a started period, overdue bets, a portfolio mix or capacity allocation
//! outside its target) depend on the as-of date and period, so they are computed from a
//! [`Report`], after validation. Two read
//! the raw text of the plan's files instead, valid or not: bidirectional controls
//! ([`suspicious_unicode`]) and a key result whose table TOML attaches to another
//! objective than the table it follows ([`key_result_after_other_tables`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::report::{MeasureKind, Report, Status};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Sources};
use crate::plan::Plan;
use crate::plan::model::{BetStatus, Bound};
use crate::text::{bidi_name, is_bidi_control, percent, plural, variant};

/// `suspicious-unicode`: one warning per line of a plan file that holds bidirectional
/// controls (U+202A–U+202E, U+2066–U+2069), anywhere (a string, a comment, a key), with a
/// label at each. They make an editor, a code review or a terminal show the text around
/// them in another order than it is stored (Trojan Source, CVE-2021-42574). Escapes such
/// as `"\u202E"` are visible in the file and are not reported; reports strip the
/// characters either way. Linear in the files' length.
#[must_use]
pub fn suspicious_unicode(sources: &Sources) -> Vec<Diagnostic> {
    // Every control is three bytes led by 0xE2 in UTF-8: the regex skips to those, so a
    // file without any is one fast scan ([`is_bidi_control`] is the definition).
    static CONTROL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("[\u{202a}-\u{202e}\u{2066}-\u{2069}]").expect("a valid pattern")
    });
    let mut out = Vec::new();
    for (i, file) in sources.files().iter().enumerate() {
        let text = &file.text;
        // The controls found on the current line: (byte offset, character).
        let mut line: Vec<(usize, char)> = Vec::new();
        for m in CONTROL.find_iter(text) {
            let c = m.as_str().chars().next().unwrap_or_default();
            debug_assert!(is_bidi_control(c));
            if let Some(&(previous, _)) = line.last()
                && text[previous..m.start()].contains('\n')
            {
                out.extend(bidi_warning(FileId(i), &line));
                line.clear();
            }
            line.push((m.start(), c));
        }
        out.extend(bidi_warning(FileId(i), &line));
    }
    out
}

/// The `suspicious-unicode` warning for the controls `found` on one line of `file`.
fn bidi_warning(file: FileId, found: &[(usize, char)]) -> Option<Diagnostic> {
    let at = |&(offset, c): &(usize, char)| Loc::new(file, offset..offset + c.len_utf8());
    let name = |&(_, c): &(usize, char)| format!("U+{:04X} {}", u32::from(c), bidi_name(c));
    let (first, rest) = found.split_first()?;
    let message = if rest.is_empty() {
        format!(
            "plan text holds the invisible bidirectional control U+{:04X} ({})",
            u32::from(first.1),
            bidi_name(first.1)
        )
    } else {
        format!(
            "plan text holds {} on one line",
            plural(found.len(), "invisible bidirectional control")
        )
    };
    let it = if rest.is_empty() { "it" } else { "them" };
    let mut d = Diagnostic::new(Code::SuspiciousUnicode, message, at(first))
        .label(name(first))
        .help(format!(
            "delete {it}: text around a bidirectional control can display in another order than it is stored (Trojan Source, CVE-2021-42574); reports strip {it}"
        ));
    for f in rest {
        d = d.secondary(at(f), name(f));
    }
    Some(d)
}

/// `key-result-after-other-tables`: a `[[objective.key_result]]` header whose nearest
/// preceding array-table header (other `[[objective.key_result]]` headers aside) is not
/// `[[objective]]`, such as one appended after the `[[bet]]` tables at the end of a file.
/// TOML attaches it to the last `[[objective]]` before it, whatever comes between, which is
/// rarely what its author meant. One warning per such header, at the header, naming the
/// objective it joined.
///
/// Headers are read from `toml_edit`'s spans, so a `[[` inside a string or a comment is never
/// one; a file whose lines cannot hold such a header (no multi-line string, and no
/// `[[objective.key_result]]` line after another array table) is not parsed again. A file
/// that is not valid TOML is skipped (`toml-syntax` covers it).
#[must_use]
pub fn key_result_after_other_tables(sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, file) in sources.files().iter().enumerate() {
        if !may_misplace_key_result(&file.text) {
            continue;
        }
        let Ok(doc) = toml_edit::Document::parse(file.text.as_str()) else {
            continue;
        };
        let mut headers = Vec::new();
        array_headers(doc.as_table(), &mut Vec::new(), &mut headers);
        headers.sort_by_key(|h| h.span.start);
        let header_loc = |h: &Header| {
            let end = file.text[h.span.start..]
                .find("]]")
                .map_or(h.span.end, |e| h.span.start + e + 2);
            Loc::new(FileId(i), h.span.start..end)
        };
        let (mut previous, mut objective): (Option<&Header>, Option<&Header>) = (None, None);
        for h in &headers {
            let key_result =
                h.path.len() >= 2 && h.path[0] == "objective" && h.path[1] == "key_result";
            if !key_result {
                previous = Some(h);
                if h.path == ["objective"] {
                    objective = Some(h);
                }
                continue;
            }
            if h.path.len() != 2 {
                continue;
            }
            let (Some(before), Some(joined)) = (previous, objective) else {
                continue;
            };
            if before.path == ["objective"] {
                continue;
            }
            let before_name = format!("[[{}]]", before.path.join("."));
            let joined_name = joined.id.as_deref().map_or_else(
                || "the last objective".to_string(),
                |id| format!("objective `{id}`"),
            );
            let this = h.id.as_deref().map_or_else(
                || "a key result".to_string(),
                |id| format!("key result `{id}`"),
            );
            out.push(
                Diagnostic::new(
                    Code::KeyResultAfterOtherTables,
                    format!("{this} follows `{before_name}` but belongs to {joined_name}"),
                    header_loc(h),
                )
                .label(format!("TOML adds this to {joined_name}, the last `[[objective]]` above"))
                .secondary(header_loc(before), format!("`{before_name}` starts here"))
                .help(format!(
                    "move this table (up to the next header) above `{before_name}` if it belongs to {joined_name}, else under the `[[objective]]` it belongs to"
                )),
            );
        }
    }
    out
}

/// An array-table header of a file: its span, its dotted path, and the table's `id`.
struct Header {
    span: std::ops::Range<usize>,
    path: Vec<String>,
    id: Option<String>,
}

/// Every `[[…]]` header under `table`, at any depth, in no particular order.
fn array_headers(table: &toml_edit::Table, path: &mut Vec<String>, out: &mut Vec<Header>) {
    for (key, item) in table {
        path.push(key.to_string());
        match item {
            toml_edit::Item::Table(t) => array_headers(t, path, out),
            toml_edit::Item::ArrayOfTables(tables) => {
                for t in tables {
                    if let Some(span) = t.span() {
                        out.push(Header {
                            span,
                            path: path.clone(),
                            id: t
                                .get("id")
                                .and_then(toml_edit::Item::as_str)
                                .map(str::to_string),
                        });
                    }
                    array_headers(t, path, out);
                }
            }
            _ => {}
        }
        path.pop();
    }
}

/// Whether `text` may hold a misplaced `[[objective.key_result]]`: a line-by-line look at
/// the headers, which is exact unless a multi-line string could hide or fake one (then
/// `true`, and the file is parsed). A value line cannot read `[[objective]]`: a bare word is
/// no TOML value.
fn may_misplace_key_result(text: &str) -> bool {
    // Literal searches (SIMD in the regex crate) skip to the few places that matter, a
    // multi-line string's quotes and each `[[`, instead of walking every line.
    static MULTI_LINE_STRING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""""|'''"#).expect("a valid pattern"));
    static OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\[").expect("a valid pattern"));
    if MULTI_LINE_STRING.is_match(text) {
        return true;
    }
    let mut previous: Option<Cow<'_, str>> = None;
    // Where the line of the last `[[` looked at starts, and where that `[[` ended.
    let (mut line_start, mut scanned) = (0, 0);
    for m in OPEN.find_iter(text) {
        if let Some(newline) = text[scanned..m.start()].rfind('\n') {
            line_start = scanned + newline + 1;
        }
        scanned = m.end();
        if !text[line_start..m.start()].trim_start().is_empty() {
            continue; // not a header: something comes before it on its line
        }
        let line = text[m.end()..].split('\n').next().unwrap_or_default();
        let Some(end) = line.as_bytes().windows(2).position(|w| w == b"]]") else {
            return true;
        };
        let raw = &line[..end];
        let name: Cow<'_, str> = if raw.contains(char::is_whitespace) {
            Cow::Owned(raw.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            Cow::Borrowed(raw)
        };
        if name == "objective.key_result" {
            if previous.as_deref().is_some_and(|p| p != "objective") {
                return true;
            }
        } else if !name.starts_with("objective.key_result.") {
            previous = Some(name);
        }
    }
    false
}

/// `uncounted-objective`: objectives shown whose parents shown are all key results with a
/// goal of their own. Such a key result does not average its children, and the objective is
/// no root ([`crate::analysis::rollup`]), so its progress counts nowhere. Without
/// `children_in_rollup` every objective counts in its pillar and none is reported.
fn uncounted_objectives(plan: &Plan, report: &Report) -> Vec<Diagnostic> {
    use crate::plan::model::{Measure, Parent};
    if !plan.children_in_rollup {
        return Vec::new();
    }
    let shown: std::collections::HashSet<&str> =
        report.objectives.iter().map(|o| o.id.as_str()).collect();
    let mut out = Vec::new();
    for o in plan
        .objectives
        .iter()
        .filter(|o| shown.contains(o.id.as_str()))
    {
        let mut own_goal = Vec::new();
        let mut rolled_up = false;
        for p in &o.parents {
            match *p {
                Parent::Objective(j) => rolled_up |= shown.contains(plan.objectives[j].id.as_str()),
                Parent::KeyResult(r)
                    if shown.contains(plan.objectives[r.objective].id.as_str()) =>
                {
                    let kr = plan.key_result(r);
                    if kr.measure == Measure::FromChildren {
                        rolled_up = true;
                    } else {
                        own_goal.push((kr.id.as_str(), plan.objectives[r.objective].id.as_str()));
                    }
                }
                Parent::KeyResult(_) => {}
            }
        }
        let Some(&(kr, objective)) = own_goal.first() else {
            continue;
        };
        if rolled_up {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::UncountedObjective,
                format!(
                    "objective `{}` counts nowhere: its parent `{kr}` is a key result with a goal of its own",
                    o.id
                ),
                o.loc.clone(),
            )
            .label(format!(
                "drawn under `{kr}`, but counted neither in it, nor in `{objective}`, nor in its pillar or {}",
                report.quarter
            ))
            .help(format!(
                "set `progress_from = \"children\"` on `{kr}`, or make its objective the parent: `parent = \"{objective}\"`"
            )),
        );
    }
    out
}

/// The key results' places in the plan, by id, for their warnings.
type KrLocs<'p> = HashMap<&'p str, &'p Loc>;

/// The roll-up warnings for `report`, which must have been rolled up from `plan`: stale
/// key results, drafts of a started period, key results fed by children without any,
/// uncounted objectives, bets (kill criteria met, overdue), then the portfolio mix and the
/// capacity allocation off target.
#[must_use]
pub fn warnings(plan: &Plan, report: &Report) -> Vec<Diagnostic> {
    let kr_locs: KrLocs<'_> = plan
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(|kr| (kr.id.as_str(), &kr.loc)))
        .collect();
    let mut out = stale_key_results(plan, report, &kr_locs);
    out.extend(draft_key_results(report, &kr_locs));
    out.extend(childless_derived_key_results(report, &kr_locs));
    out.extend(uncounted_objectives(plan, report));
    out.extend(bet_warnings(plan, report));
    out.extend(mix_warnings(plan, report));
    out
}

/// `stale-key-result`: one per key result the roll-up marks stale, with the command that
/// records its next check-in.
fn stale_key_results(plan: &Plan, report: &Report, kr_locs: &KrLocs<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Built at the first stale key result: most plans have few or none.
    let mut index = None;
    for kr in report.objectives.iter().flat_map(|o| &o.key_results) {
        if !kr.stale {
            continue;
        }
        let index = index.get_or_insert_with(|| plan.entity_index());
        let since = kr.last_checkin.map_or_else(
            || {
                format!(
                    "no check-in since its window began on {}",
                    kr.window.first_day
                )
            },
            |d| format!("last check-in {d}"),
        );
        out.push(
            Diagnostic::new(
                Code::StaleKeyResult,
                format!("key result `{}` is stale: {since}", kr.id),
                kr_locs[kr.id.as_str()].clone(),
            )
            .label(format!(
                "no check-in for more than {} days",
                plan.stale_after_days
            ))
            .help({
                // A key result reading a shared series is checked in on the series.
                let series = kr.measured_by.as_deref().unwrap_or(&kr.id);
                if index
                    .get(series)
                    .is_some_and(|&e| plan.source_at(e).is_some())
                {
                    format!("measure it from its source: `northstar measure {series}`")
                } else if kr.measure == MeasureKind::Milestone {
                    format!("record one: `northstar checkin {series} true` (or `false`)")
                } else {
                    format!("record one: `northstar checkin {series} VALUE`")
                }
            }),
        );
    }
    out
}

/// `draft-key-result`: one per draft key result whose objective's period has started.
fn draft_key_results(report: &Report, kr_locs: &KrLocs<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A draft is fine while planning; once its objective's period has started, it is a
    // goal nobody can be measured against.
    for o in &report.objectives {
        let start = o.window.first_day;
        if report.as_of < start {
            continue;
        }
        for kr in o.key_results.iter().filter(|k| k.status == Status::Draft) {
            out.push(
                Diagnostic::new(
                    Code::DraftKeyResult,
                    format!(
                        "key result `{}` is still a draft: {} began on {start}",
                        kr.id, o.quarter
                    ),
                    kr_locs[kr.id.as_str()].clone(),
                )
                .label("`target = \"tbd\"`: no progress, left out of the roll-up")
                .help("set its `target` (and `baseline`) so that it counts toward its objective"),
            );
        }
    }
    out
}

/// `derived-key-result-without-children`: one per key result fed by children with no
/// child objective in the period.
fn childless_derived_key_results(report: &Report, kr_locs: &KrLocs<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A key result fed by children with none in the period has nothing to roll up.
    let parents: HashSet<&str> = report
        .objectives
        .iter()
        .flat_map(|o| o.parents.iter().map(String::as_str))
        .collect();
    for kr in report.objectives.iter().flat_map(|o| &o.key_results) {
        if kr.measure == crate::analysis::report::MeasureKind::Children
            && !parents.contains(kr.id.as_str())
        {
            out.push(
                Diagnostic::new(
                    Code::DerivedKeyResultWithoutChildren,
                    format!(
                        "key result `{}` takes its progress from its children, but none is in {}",
                        kr.id, report.quarter
                    ),
                    kr_locs[kr.id.as_str()].clone(),
                )
                .label("`progress_from = \"children\"`: no progress, status `no-data`")
                .help(format!(
                    "give an objective of {} `parent = \"{}\"`, or measure the key result itself",
                    report.quarter, kr.id
                )),
            );
        }
    }
    out
}

/// `kill-criteria-met` for a running bet whose kill criterion holds, and `overdue-bet`, in
/// plan order.
fn bet_warnings(plan: &Plan, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (bet, row) in plan.bets.iter().zip(&report.bets) {
        if let (BetStatus::Running, Some(since), Some(kill)) =
            (row.status, row.kill_met, bet.kill_when)
        {
            let bound = match kill.bound {
                Bound::Above(b) => format!("above {}", crate::text::number(b)),
                Bound::Below(b) => format!("below {}", crate::text::number(b)),
            };
            let held = kill
                .for_days
                .map(|d| {
                    format!(
                        " for {}",
                        crate::text::plural(usize::try_from(d).unwrap_or(0), "day")
                    )
                })
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    Code::KillCriteriaMet,
                    format!(
                        "bet `{}` meets its kill criteria: `{}` {bound}{held}, since {since}",
                        row.id,
                        plan.measured_id(kill.measure)
                    ),
                    bet.loc.clone(),
                )
                .label("`kill_when` holds")
                .help(format!(
                    "kill it: `northstar bet decide {} killed --outcome \"...\"`, or say in `learnings` why it runs on",
                    row.id
                )),
            );
        }
        if row.overdue {
            let days = -row.days_to_decision.unwrap_or(0);
            out.push(
                Diagnostic::new(
                    Code::OverdueBet,
                    format!(
                        "bet `{}` is overdue: decide-by date {} passed {} ago",
                        row.id,
                        row.decide_by.map(|d| d.to_string()).unwrap_or_default(),
                        crate::text::plural(usize::try_from(days).unwrap_or(0), "day")
                    ),
                    bet.loc.clone(),
                )
                .label("still undecided")
                .help(format!(
                    "decide it: `northstar bet decide {} validated|invalidated|killed --outcome \"...\"`",
                    row.id
                )),
            );
        }
    }
    out
}

/// `portfolio-mix` and `capacity-mix`: one each when a class or kind is off its target.
fn mix_warnings(plan: &Plan, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let off: Vec<String> = report
        .portfolio
        .classes
        .iter()
        .filter(|c| c.within_tolerance == Some(false))
        .map(|c| {
            format!(
                "{} {} (target {})",
                variant(&c.risk),
                percent(c.share.unwrap_or(0.0)),
                percent(c.target)
            )
        })
        .collect();
    if !off.is_empty() {
        out.push(
            Diagnostic::new(
                Code::PortfolioMix,
                format!(
                    "portfolio mix of {} is off target ± {}: {}",
                    report.quarter,
                    percent(report.portfolio.tolerance),
                    off.join(", ")
                ),
                plan.loc.clone(),
            )
            .label("targets: `[plan.portfolio]`, or the defaults 70/20/10"),
        );
    }
    let off: Vec<String> = report
        .capacity
        .kinds
        .iter()
        .filter(|k| k.within_tolerance == Some(false))
        .map(|k| {
            format!(
                "{} {} (target {})",
                variant(&k.work),
                percent(k.share.unwrap_or(0.0)),
                percent(k.target.unwrap_or(0.0))
            )
        })
        .collect();
    if !off.is_empty() {
        out.push(
            Diagnostic::new(
                Code::CapacityMix,
                format!(
                    "capacity of {} is off target ± {}: {}",
                    report.quarter,
                    percent(report.capacity.tolerance.unwrap_or(0.0)),
                    off.join(", ")
                ),
                plan.loc.clone(),
            )
            .label("targets set in `[plan.capacity]`"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, message) of each `key-result-after-other-tables` warning in `text`.
    fn misplaced(text: &str) -> Vec<(usize, String)> {
        let mut sources = Sources::default();
        sources.add(crate::diagnostic::SourceFile::new(
            "plan.toml".into(),
            text.to_string(),
        ));
        key_result_after_other_tables(&sources)
            .iter()
            .map(|d| {
                let loc = &d.primary.as_ref().unwrap().loc;
                (sources.position(loc).line, d.message.clone())
            })
            .collect()
    }

    const OBJECTIVE: &str = "[[objective]]\nid = \"o1\"\n[[objective.key_result]]\nid = \"k1\"\n";

    #[test]
    fn a_key_result_after_another_array_table_is_reported_at_its_header() {
        for (between, line) in [
            ("[[bet]]\nid = \"b\"\n", 7),
            ("[[initiative]]\nid = \"i\"\n", 7),
            // Other key results between are skipped over: both are reported.
            (
                "[[bet]]\nid = \"b\"\n[[objective.key_result]]\nid = \"k0\"\n",
                7,
            ),
            // Whitespace in the header changes nothing.
            ("[[ bet ]]  # funded\nid = \"b\"\n", 7),
        ] {
            let text = format!("{OBJECTIVE}{between}[[ objective.key_result ]]\nid = \"k2\"\n");
            let found = misplaced(&text);
            assert_eq!(
                found.last(),
                Some(&(
                    line + between.lines().count() - 2,
                    format!(
                        "key result `k2` follows `[[{}]]` but belongs to objective `o1`",
                        if between.contains("initiative") {
                            "initiative"
                        } else {
                            "bet"
                        }
                    )
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn key_results_under_their_objective_are_fine_whatever_tables_or_text_come_between() {
        for text in [
            format!("{OBJECTIVE}[[objective.key_result]]\nid = \"k2\"\n"),
            // A plain table between is not an array table.
            format!(
                "{OBJECTIVE}[objective.source]\nkind = \"file\"\n[[objective.key_result]]\nid = \"k2\"\n"
            ),
            format!("[[bet]]\nid = \"b\"\n{OBJECTIVE}"),
            // Headers inside strings and comments are not headers.
            format!(
                "{OBJECTIVE}title = '''\n[[bet]]\n'''\n# [[bet]]\n[[objective.key_result]]\nid = \"k2\"\n"
            ),
            "[[bet]]\nid = \"b\"\nnote = \"\"\"\n[[objective]]\n\"\"\"\n".to_string(),
            // Not TOML: `toml-syntax` reports it.
            "[[bet]]\n[[objective.key_result]\n".to_string(),
        ] {
            assert_eq!(misplaced(&text), Vec::new(), "{text}");
        }
        // A header faked inside a multi-line string does not hide a real one.
        let hidden = format!(
            "{OBJECTIVE}[[bet]]\nid = \"b\"\nnote = '''\n[[objective]]\n'''\n[[objective.key_result]]\nid = \"k2\"\n"
        );
        assert_eq!(
            misplaced(&hidden),
            vec![(
                10,
                "key result `k2` follows `[[bet]]` but belongs to objective `o1`".to_string()
            )]
        );
    }

    #[test]
    fn the_line_scan_only_skips_files_without_a_candidate() {
        assert!(!may_misplace_key_result(OBJECTIVE));
        assert!(!may_misplace_key_result(&format!("[[bet]]\n{OBJECTIVE}")));
        assert!(may_misplace_key_result(&format!(
            "{OBJECTIVE}[[bet]]\n[[objective.key_result]]\n"
        )));
        assert!(may_misplace_key_result("x = '''\n'''\n"));
        assert!(may_misplace_key_result("x = \"\"\"\n\"\"\"\n"));
        // Indented headers, CRLF lines and spaces inside the brackets are headers.
        assert!(may_misplace_key_result(
            "[[objective]]\r\n  [[ bet ]]\r\n\t[[objective.key_result]]\r\n"
        ));
        // A `[[` after other text on its line is no header (an array of arrays).
        assert!(!may_misplace_key_result(&format!(
            "{OBJECTIVE}x = [[1], [2]]\n[[objective.key_result]]\n"
        )));
        // An unclosed header is a candidate; so is the last line without a newline.
        assert!(may_misplace_key_result("[[objective]]\n[[bet"));
        assert!(may_misplace_key_result(
            "[[objective]]\n[[bet]]\n[[objective.key_result]]"
        ));
        // Sub-tables of a key result do not reset what came before.
        assert!(!may_misplace_key_result(&format!(
            "{OBJECTIVE}[[objective.key_result.x]]\n[[objective.key_result]]\n"
        )));
    }

    /// (line, column, message) of each `suspicious-unicode` warning in `text`.
    fn bidi(text: &str) -> Vec<(usize, usize, String)> {
        let mut sources = Sources::default();
        sources.add(crate::diagnostic::SourceFile::new(
            "plan.toml".into(),
            text.to_string(),
        ));
        suspicious_unicode(&sources)
            .iter()
            .map(|d| {
                let p = sources.position(&d.primary.as_ref().unwrap().loc);
                (p.line, p.column, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn bidirectional_controls_are_reported_once_per_line() {
        let text = "a = \"\u{202e}x\u{2066}\"\nb = \"\u{2014} em dash\"\n# \u{2069}";
        assert_eq!(
            bidi(text),
            vec![
                (
                    1,
                    6,
                    "plan text holds 2 invisible bidirectional controls on one line".to_string()
                ),
                (
                    3,
                    3,
                    "plan text holds the invisible bidirectional control U+2069 (pop directional isolate)"
                        .to_string()
                ),
            ]
        );
        assert_eq!(bidi("a = \"\u{2014}\u{200b}\"\n"), vec![]);
    }

    /// Every variant's derived name is the name serde writes (the JSON contract's).
    #[test]
    fn variant_names_are_the_serde_names() {
        fn same<T>()
        where
            T: strum::VariantArray + serde::Serialize + std::fmt::Debug + 'static,
            for<'a> &'a T: Into<&'static str>,
        {
            for v in T::VARIANTS {
                assert_eq!(
                    serde_json::to_value(v).unwrap(),
                    serde_json::json!(variant(v)),
                    "{v:?}"
                );
            }
        }
        use crate::analysis::report::{EntityKind, MeasureKind};
        use crate::plan::model::{
            BetStatus, InitiativeStatus, MetricRole, ObjectiveKind, Risk, WorkKind,
        };
        same::<MetricRole>();
        same::<ObjectiveKind>();
        same::<InitiativeStatus>();
        same::<WorkKind>();
        same::<Risk>();
        same::<BetStatus>();
        same::<EntityKind>();
        same::<MeasureKind>();
        assert_eq!(variant(&EntityKind::KeyResult), "key-result");
        assert_eq!(variant(&MetricRole::NorthStar), "north-star");
    }
}
