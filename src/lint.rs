//! Warnings beyond validation. Those that need the roll-up (stale key results, draft key
//! results of a started period, overdue bets, a portfolio mix or capacity allocation
//! outside its target) depend on the as-of date and period, so they are computed from a
//! [`Report`], after validation. One reads
//! the raw text of the plan's files instead, valid or not: bidirectional controls
//! ([`suspicious_unicode`]).

use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Sources, plural};
use crate::plan::Plan;
use crate::plan::model::{BetStatus, Bound};
use crate::report::{Report, Status};
use crate::unicode::{bidi_name, is_bidi_control};

/// `suspicious-unicode`: one warning per line of a plan file that holds bidirectional
/// controls (U+202A–U+202E, U+2066–U+2069), anywhere (a string, a comment, a key), with a
/// label at each. They make an editor, a code review or a terminal show the text around
/// them in another order than it is stored (Trojan Source, CVE-2021-42574). Escapes such
/// as `"\u202E"` are visible in the file and are not reported; reports strip the
/// characters either way. Linear in the files' length.
#[must_use]
pub fn suspicious_unicode(sources: &Sources) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, file) in sources.files().iter().enumerate() {
        let text = &file.text;
        // The controls found on the current line: (byte offset, character).
        let mut line: Vec<(usize, char)> = Vec::new();
        let mut flush = |line: &mut Vec<(usize, char)>| {
            if let Some(d) = bidi_warning(FileId(i), line) {
                out.push(d);
            }
            line.clear();
        };
        for (offset, c) in text.char_indices() {
            if c == '\n' {
                flush(&mut line);
            } else if is_bidi_control(c) {
                line.push((offset, c));
            }
        }
        flush(&mut line);
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

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The roll-up warnings for `report`, which must have been rolled up from `plan`.
#[must_use]
pub fn warnings(plan: &Plan, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kr_locs: std::collections::HashMap<&str, &crate::diagnostic::Loc> = plan
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(|kr| (kr.id.as_str(), &kr.loc)))
        .collect();
    for kr in report.objectives.iter().flat_map(|o| &o.key_results) {
        if !kr.stale {
            continue;
        }
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
                if plan.source_of(series).is_some() {
                    format!("measure it from its source: `northstar measure {series}`")
                } else {
                    format!("record one: `northstar checkin {series} VALUE`")
                }
            }),
        );
    }
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
    // A key result fed by children with none in the period has nothing to roll up.
    let parents: std::collections::HashSet<&str> = report
        .objectives
        .iter()
        .flat_map(|o| o.parents.iter().map(String::as_str))
        .collect();
    for kr in report.objectives.iter().flat_map(|o| &o.key_results) {
        if kr.measure == crate::report::MeasureKind::Children && !parents.contains(kr.id.as_str()) {
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
    for (bet, row) in plan.bets.iter().zip(&report.bets) {
        if let (BetStatus::Running, Some(since), Some(kill)) =
            (row.status, row.kill_met, bet.kill_when)
        {
            let bound = match kill.bound {
                Bound::Above(b) => format!("above {}", crate::diagnostic::number(b)),
                Bound::Below(b) => format!("below {}", crate::diagnostic::number(b)),
            };
            let held = kill
                .for_days
                .map(|d| {
                    format!(
                        " for {}",
                        crate::diagnostic::plural(usize::try_from(d).unwrap_or(0), "day")
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
                        crate::diagnostic::plural(usize::try_from(days).unwrap_or(0), "day")
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
    let off: Vec<String> = report
        .portfolio
        .classes
        .iter()
        .filter(|c| c.within_tolerance == Some(false))
        .map(|c| {
            format!(
                "{} {} (target {})",
                serde_variant(&c.risk),
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
                serde_variant(&k.work),
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

/// The serde name of a unit enum variant (`core`, `debt`, ...).
#[must_use]
pub fn serde_variant<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
