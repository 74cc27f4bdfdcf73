//! The alignment tree behind `northstar tree`: the North Star, its pillars, each pillar's
//! root objectives, their key results and child objectives, and under each key result the
//! objectives that name it as parent, the initiatives driving it and the bets aiming at it.
//! Built once, from the validated plan and its roll-up, into plain `Serialize` structs that
//! every output format renders; nothing here formats.
//!
//! Shape (children in this order, each group in plan order):
//! - the North Star: every pillar, then the bets aiming at the North Star;
//! - a pillar: its objectives shown that have no parent shown (a parent objective in the
//!   selected period, or a key result of one);
//! - an objective: its key results, then the objectives naming it as parent;
//! - a key result: the objectives naming it as parent, the initiatives driving it, the bets
//!   aiming at it.
//!
//! Only what the roll-up shows is in the tree: objectives whose period overlaps the selected
//! one (with their key results) and initiatives whose window does; bets are all there. An
//! objective whose parents all lie outside the period is a root of its own pillar.
//!
//! A child objective of another period (a 2027-Q1 objective under a 2026-Q4 one) is drawn
//! under its parents too, after the children in the period, marked with its period
//! ([`Node::outside_period`]) and without standing or children: it counts nowhere in the
//! roll-up of the selected period.
//!
//! An objective with several parents sits under each of them: the first time the walk
//! (depth first, in the order above) reaches it, in full; every later time as a
//! [`Repeat`] (cargo tree's `(*)`). A node cut off by `--depth` is not in full, so it is
//! not repeated: where it shows up again, higher, it is shown whole.

//!
//! This module holds the tree's types; [`build`] makes one, `start` finds where a tree
//! starts and `walk` draws it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::report::{EntityKind, Status};
use crate::plan::model::BetStatus;
use crate::time::period::Period;

mod build;
mod start;
mod walk;

pub use build::build;

/// Where the tree starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole plan: from the North Star, or from every pillar in a plan without one.
    Whole,
    /// From one entity: the North Star, a pillar, an objective or a key result (by id).
    Under(String),
    /// From the objectives of a team and its sub-teams (by the team's id) whose parents
    /// lie outside those teams, each with its ancestor path.
    Team(String),
}

/// What `northstar tree` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Where the tree starts.
    pub scope: Scope,
    /// How many levels below each root to show (the root is level 0); `None`: all.
    pub depth: Option<usize>,
}

/// The alignment tree of one period, as of one date (`tree --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Tree {
    /// Plan name.
    pub plan: String,
    /// As-of date of the roll-up.
    pub as_of: NaiveDate,
    /// The selected period: `{label, first_day, last_day}`.
    pub period: Period,
    /// The trees, in order: the North Star alone, every pillar (a plan without a North
    /// Star), the entity asked for, or a team's roots.
    pub roots: Vec<Root>,
}

/// One tree, with the path that leads to it.
#[derive(Debug, Clone, Serialize)]
pub struct Root {
    /// The entities above the root, from the top (the North Star, else its pillar) down
    /// to its parent, through each objective's first parent; empty for a top-level root.
    pub ancestors: Vec<Ancestor>,
    /// The root and everything under it.
    pub node: Branch,
}

/// An entity above a root.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ancestor {
    /// Id.
    pub id: String,
    /// `north-star`, `pillar`, `objective` or `key-result`.
    pub kind: EntityKind,
    /// Title (the name, for the North Star and pillars).
    pub title: String,
}

/// A place in the tree: an entity in full, or a repeat of one shown in full before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Branch {
    /// The entity with its standing and children.
    Node(Node),
    /// An entity already shown in full above.
    Repeat(Repeat),
}

/// An entity with its standing and what lies under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Id.
    pub id: String,
    /// `north-star`, `pillar`, `objective`, `key-result`, `initiative` or `bet`.
    pub kind: EntityKind,
    /// Title (the name, for the North Star and pillars).
    pub title: String,
    /// 0–1 progress from the roll-up; null where it has none (a draft, a key result not
    /// started, an initiative driving only those, a bet without a measure).
    pub progress: Option<f64>,
    /// See [`NodeStatus`]; null for an initiative without a rating.
    pub status: Option<NodeStatus>,
    /// The owner (the first, when there are several); null without one.
    pub owner: Option<String>,
    /// What lies under it, in the order of the module docs; empty below `--depth`.
    pub children: Vec<Branch>,
    /// For a child objective of another period, drawn for the alignment but counted
    /// nowhere: its own period's label (`2027-Q1`); null for everything in the period.
    pub outside_period: Option<crate::time::period::Label>,
}

/// An entity shown in full earlier in the walk: `{id, kind, repeat: true}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(clippy::struct_field_names)] // `repeat` is the JSON contract's name for the mark
pub struct Repeat {
    /// Id.
    pub id: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Always true (what tells a repeat from a node in JSON).
    pub repeat: bool,
}

/// How a node stands: the roll-up's rating (`on-track`, ...; an initiative's
/// `progress_status`), except for a bet, which has no rating: its lifecycle (`running`,
/// `validated`, ...). The two sets of words do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum NodeStatus {
    /// A rating.
    Rating(Status),
    /// A bet's lifecycle.
    Bet(BetStatus),
}

/// The most levels a tree is drawn to below its root. A real alignment is a handful of
/// levels deep; a plan whose chain of parents goes deeper (a generated one, or a hostile
/// one: 12,000 objectives each the parent of the next) is refused with the fix, rather than
/// walked and drawn with its indentation growing on every line. Every renderer of a tree
/// recurses at most this deep.
pub const MAX_LEVELS: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::origin::Origin;
    use crate::refusal::Refusal;

    /// Three levels under one company objective: `shared` has two parents (`left`, and
    /// `right` through its key result `top-kr`); `later` lies outside 2026-Q4, so its
    /// child `orphan` is a root of its pillar; `init` drives two key results.
    const PLAN: &str = r#"
[plan]
name = "T"

[north_star]
id = "ns"
name = "North"
owner = "vp"
baseline = 0
target = 10

[[pillar]]
id = "p1"
name = "One"

[[pillar]]
id = "p2"
name = "Two"

[[team]]
id = "dept"
name = "Department"

[[team]]
id = "squad"
name = "Squad"
parent = "dept"

[[team]]
id = "other"
name = "Other"

[[objective]]
id = "top"
title = "Top"
pillar = "p1"
period = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "top-kr"
title = "Fed by children"
progress_from = "children"
owner = ["bo", "cy"]

[[objective.key_result]]
id = "top-m"
title = "Top milestone"
milestone = true

[[objective]]
id = "left"
title = "Left"
team = "dept"
parent = "top"
period = "2026-Q4"
owner = "lu"

[[objective.key_result]]
id = "left-kr"
title = "Left KR"
baseline = 0
target = 10

[[objective]]
id = "right"
title = "Right"
team = "other"
parent = "top-kr"
period = "2026-Q4"
owner = "ro"

[[objective.key_result]]
id = "right-kr"
title = "Right KR"
milestone = true

[[objective]]
id = "shared"
title = "Shared"
team = "squad"
parents = ["left", "right"]
period = "2026-Q4"
owner = "sh"

[[objective.key_result]]
id = "shared-kr"
title = "Shared KR"
baseline = 0
target = 4

[[objective]]
id = "later"
title = "Later"
parent = "top"
period = "2027-Q1"
owner = "la"

[[objective.key_result]]
id = "later-kr"
title = "Later KR"
milestone = true

[[objective]]
id = "orphan"
title = "Orphan"
team = "squad"
parent = "later"
period = "2026-Q4"
owner = "or"

[[objective.key_result]]
id = "orphan-kr"
title = "Orphan KR"
milestone = true

[[initiative]]
id = "init"
title = "Init"
period = "2026-Q4"
owner = "dee"
drives = ["shared-kr", "left-kr"]

[[bet]]
id = "bet-ns"
title = "Bet on the North Star"
hypothesis = "h"
risk = "core"
appetite_weeks = 1
success = "s"
kill = "k"
metric = "ns"

[[bet]]
id = "bet-kr"
title = "Bet on a key result"
hypothesis = "h"
risk = "core"
appetite_weeks = 1
success = "s"
kill = "k"
status = "running"
start = 2026-10-01
decide_by = 2026-12-01
metric = "right-kr"
owner = "be"

[[checkin]]
metric = "left-kr"
date = 2026-11-16
value = 5

[[checkin]]
metric = "shared-kr"
date = 2026-11-16
value = 1

[[checkin]]
metric = "right-kr"
date = 2026-11-16
value = true
"#;

    fn tree_of(toml: &str, scope: Scope, depth: Option<usize>) -> Result<Tree, Refusal> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("northstar.toml");
        std::fs::write(&path, toml).unwrap();
        let loaded = crate::plan::load(&path, &Origin::WorkingTree).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut diagnostics = Vec::new();
        let plan = crate::plan::validate(&loaded, today, &mut diagnostics)
            .unwrap_or_else(|| panic!("the test plan is valid: {diagnostics:?}"));
        let period = plan.calendar.parse("2026-Q4").unwrap();
        let report = crate::analysis::rollup::roll_up(&plan, today, &period);
        build(&plan, &report, &Query { scope, depth })
    }

    fn tree(scope: Scope, depth: Option<usize>) -> Tree {
        tree_of(PLAN, scope, depth).unwrap()
    }

    /// Each root as `path: a > b` (when it has one), then one line per node: indented by
    /// level, `kind id`, and ` (*)` for a repeat.
    fn outline(tree: &Tree) -> Vec<String> {
        fn walk(branch: &Branch, level: usize, lines: &mut Vec<String>) {
            let indent = "  ".repeat(level);
            match branch {
                Branch::Repeat(r) => lines.push(format!("{indent}{} {} (*)", kind(r.kind), r.id)),
                Branch::Node(n) => {
                    lines.push(format!("{indent}{} {}", kind(n.kind), n.id));
                    for c in &n.children {
                        walk(c, level + 1, lines);
                    }
                }
            }
        }
        fn kind(k: EntityKind) -> String {
            crate::text::variant(&k)
        }
        let mut lines = Vec::new();
        for root in &tree.roots {
            if !root.ancestors.is_empty() {
                let ids: Vec<&str> = root.ancestors.iter().map(|a| a.id.as_str()).collect();
                lines.push(format!("path: {}", ids.join(" > ")));
            }
            walk(&root.node, 0, &mut lines);
        }
        lines
    }

    /// The node `id` wherever it is shown in full (its first full occurrence).
    fn node<'t>(tree: &'t Tree, id: &str) -> &'t Node {
        fn find<'t>(branch: &'t Branch, id: &str) -> Option<&'t Node> {
            match branch {
                Branch::Node(n) if n.id == id => Some(n),
                Branch::Node(n) => n.children.iter().find_map(|c| find(c, id)),
                Branch::Repeat(_) => None,
            }
        }
        tree.roots
            .iter()
            .find_map(|r| find(&r.node, id))
            .unwrap_or_else(|| panic!("no node `{id}`"))
    }

    #[test]
    fn the_whole_tree_shows_a_shared_node_once_then_repeats_it() {
        let t = tree(Scope::Whole, None);
        assert_eq!(
            outline(&t),
            [
                "north-star ns",
                "  pillar p1",
                "    objective top",
                "      key-result top-kr",
                "        objective right",
                "          key-result right-kr",
                "            bet bet-kr",
                "          objective shared",
                "            key-result shared-kr",
                "              initiative init",
                "      key-result top-m",
                "      objective left",
                "        key-result left-kr",
                "          initiative init (*)",
                "        objective shared (*)",
                // `later` is outside 2026-Q4: drawn under `top`, marked, without children;
                // its child is a root of the pillar it inherits.
                "      objective later",
                "    objective orphan",
                "      key-result orphan-kr",
                "  pillar p2",
                "  bet bet-ns",
            ]
        );
        assert_eq!(t.plan, "T");
        assert_eq!(t.period.label.to_string(), "2026-Q4");
        let later = node(&t, "later");
        assert_eq!(
            (
                later.progress,
                later.status,
                later.outside_period.as_ref().map(ToString::to_string)
            ),
            (None, None, Some("2027-Q1".to_string()))
        );
        // Standing comes from the roll-up: (0 + 5/10 weighted 1, shared 1/4) and so on.
        assert_eq!(
            node(&t, "init"),
            &Node {
                id: "init".into(),
                kind: EntityKind::Initiative,
                title: "Init".into(),
                // The mean of shared-kr (1/4) and left-kr (5/10).
                progress: Some(0.375),
                // Pace on 2026-11-20 is 51/92 ≈ 0.554; 0.375 is within 0.25 of it.
                status: Some(NodeStatus::Rating(Status::AtRisk)),
                owner: Some("dee".into()),
                children: Vec::new(),
                outside_period: None,
            }
        );
        let left = node(&t, "left");
        assert_eq!(
            (left.progress, left.status, left.owner.as_deref()),
            (
                Some(0.375),
                Some(NodeStatus::Rating(Status::AtRisk)),
                Some("lu")
            )
        );
        // A key result's owner is its first; a bet's status is its lifecycle.
        assert_eq!(node(&t, "top-kr").owner.as_deref(), Some("bo"));
        let bet = node(&t, "bet-kr");
        assert_eq!(
            (bet.progress, bet.status),
            (Some(1.0), Some(NodeStatus::Bet(BetStatus::Running)))
        );
        let Branch::Node(left) = &node(&t, "top").children[2] else {
            panic!("left is in full under top");
        };
        assert_eq!(
            left.children[1],
            Branch::Repeat(Repeat {
                id: "shared".into(),
                kind: EntityKind::Objective,
                repeat: true,
            })
        );
    }

    #[test]
    fn depth_counts_from_the_root_and_a_node_cut_off_is_not_a_repeat() {
        assert_eq!(outline(&tree(Scope::Whole, Some(0))), ["north-star ns"]);
        assert_eq!(
            outline(&tree(Scope::Whole, Some(2))),
            [
                "north-star ns",
                "  pillar p1",
                "    objective top",
                "    objective orphan",
                "  pillar p2",
                "  bet bet-ns",
            ]
        );
        // `shared` is first reached at the cut, under `right`: shown without children,
        // so where it comes again, higher, it is shown whole rather than as a repeat.
        assert_eq!(
            outline(&tree(Scope::Whole, Some(5))),
            [
                "north-star ns",
                "  pillar p1",
                "    objective top",
                "      key-result top-kr",
                "        objective right",
                "          key-result right-kr",
                "          objective shared",
                "      key-result top-m",
                "      objective left",
                "        key-result left-kr",
                "          initiative init",
                "        objective shared",
                "          key-result shared-kr",
                "      objective later",
                "    objective orphan",
                "      key-result orphan-kr",
                "  pillar p2",
                "  bet bet-ns",
            ]
        );
        assert_eq!(
            outline(&tree(Scope::Under("left".into()), Some(1))),
            [
                "path: ns > p1 > top",
                "objective left",
                "  key-result left-kr",
                "  objective shared",
            ]
        );
    }

    #[test]
    fn an_id_roots_the_tree_after_its_path_through_first_parents() {
        assert_eq!(
            outline(&tree(Scope::Under("ns".into()), Some(1))),
            [
                "north-star ns",
                "  pillar p1",
                "  pillar p2",
                "  bet bet-ns"
            ]
        );
        assert_eq!(
            outline(&tree(Scope::Under("p2".into()), None)),
            ["path: ns", "pillar p2"]
        );
        assert_eq!(
            outline(&tree(Scope::Under("top-kr".into()), Some(2))),
            [
                "path: ns > p1 > top",
                "key-result top-kr",
                "  objective right",
                "    key-result right-kr",
                "    objective shared",
            ]
        );
        // Two parents: the path follows the first (`left`), not `right`.
        assert_eq!(
            outline(&tree(Scope::Under("shared".into()), None)),
            [
                "path: ns > p1 > top > left",
                "objective shared",
                "  key-result shared-kr",
                "    initiative init",
            ]
        );
        // A parent key result stands in the path, after its objective.
        let t = tree(Scope::Under("right".into()), Some(0));
        assert_eq!(
            t.roots[0].ancestors,
            [
                Ancestor {
                    id: "ns".into(),
                    kind: EntityKind::NorthStar,
                    title: "North".into()
                },
                Ancestor {
                    id: "p1".into(),
                    kind: EntityKind::Pillar,
                    title: "One".into()
                },
                Ancestor {
                    id: "top".into(),
                    kind: EntityKind::Objective,
                    title: "Top".into()
                },
                Ancestor {
                    id: "top-kr".into(),
                    kind: EntityKind::KeyResult,
                    title: "Fed by children".into()
                },
            ]
        );
    }

    #[test]
    fn a_team_shows_its_objectives_whose_parents_lie_outside_it() {
        // dept and its squad: `left` (parent `top`, no team) and `orphan` (parent outside
        // the period); `shared` sits under `left`, inside the teams.
        assert_eq!(
            outline(&tree(Scope::Team("dept".into()), Some(1))),
            [
                "path: ns > p1 > top",
                "objective left",
                "  key-result left-kr",
                "  objective shared",
                "path: ns > p1 > top > later",
                "objective orphan",
                "  key-result orphan-kr",
            ]
        );
        // The squad alone: `shared`'s parents (`left`, `right`) are both outside it.
        assert_eq!(
            outline(&tree(Scope::Team("squad".into()), None)),
            [
                "path: ns > p1 > top > left",
                "objective shared",
                "  key-result shared-kr",
                "    initiative init",
                "path: ns > p1 > top > later",
                "objective orphan",
                "  key-result orphan-kr",
            ]
        );
        assert_eq!(
            outline(&tree(Scope::Team("other".into()), Some(1))),
            [
                "path: ns > p1 > top > top-kr",
                "objective right",
                "  key-result right-kr",
                "  objective shared",
            ]
        );
    }

    #[test]
    fn a_plan_without_a_north_star_starts_at_every_pillar() {
        let plan = PLAN
            .replace("[north_star]", "[[metric]]")
            .replace("metric = \"ns\"", "metric = \"left-kr\"");
        let t = tree_of(&plan, Scope::Whole, Some(1)).unwrap();
        assert_eq!(
            outline(&t),
            [
                "pillar p1",
                "  objective top",
                "  objective orphan",
                "pillar p2"
            ]
        );
        assert_eq!(
            outline(&tree_of(&plan, Scope::Under("left".into()), Some(0)).unwrap()),
            ["path: p1 > top", "objective left"]
        );
    }

    #[test]
    fn refusals_say_what_to_do() {
        let refused = |scope| tree_of(PLAN, scope, None).unwrap_err();
        assert_eq!(
            refused(Scope::Under("later".into())),
            Refusal::new("objective `later` is in 2027-Q1, not in the period shown, 2026-Q4")
                .help("pass `--period 2027-Q1`")
        );
        assert_eq!(
            refused(Scope::Under("later-kr".into())),
            Refusal::new("key result `later-kr` is in 2027-Q1, not in the period shown, 2026-Q4")
                .help("pass `--period 2027-Q1`")
        );
        assert_eq!(
            refused(Scope::Under("init".into())),
            Refusal::new(
                "`init` is an initiative: a tree starts at the North Star, a pillar, an objective or a key result"
            )
            .help("`northstar show init` shows where it belongs")
        );
        assert_eq!(
            refused(Scope::Under("squad".into())),
            Refusal::new(
                "`squad` is a team: a tree starts at the North Star, a pillar, an objective or a key result"
            )
            .help("`northstar tree --team squad` shows the team's objectives")
        );
        assert_eq!(
            refused(Scope::Under("shraed".into())),
            Refusal::new("no entity `shraed` in the plan").help("did you mean `shared`?")
        );
        assert_eq!(
            refused(Scope::Team("sqaud".into())),
            Refusal::new("no team `sqaud` in the plan").help("did you mean `squad`?")
        );
    }
}
