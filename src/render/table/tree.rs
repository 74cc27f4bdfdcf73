//! `tree` in the terminal: the alignment as `cargo tree` draws it, each entity's standing
//! in fixed columns before its branch.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr as _;

use super::cells::{progress_bar, sgr, status_color};
use super::{TableRenderer, name};
use crate::render::layout;
use crate::render::text::{PROSE_CHARS, clip};
use crate::text::{percent, sanitize};

/// The widest status label (`◌ not-started`), so the tree's column lines up.
const STATUS_CHARS: usize = 13;

/// One line of `tree`: an entity, or the path above a root, or the gap between two roots.
enum TreeLine<'t> {
    Gap,
    Path(String),
    Entry {
        /// The branch drawn before the entity (`│   ├── `).
        lead: String,
        /// The branch drawn before its text's continuation lines (`│   │   `).
        hang: String,
        /// Kind and id, which stay whole on the first line (`key result lead-time`,
        /// `initiative migrate (*)`).
        name: String,
        /// What follows them: ` — title · owner` (a repeat's ` (*)` is in `name`).
        rest: String,
        node: Option<&'t crate::analysis::tree::Node>,
    },
}

impl TableRenderer {
    /// `tree`: the alignment as `cargo tree` draws it, one entity a line, its standing
    /// first in fixed columns (bar, percentage, status) so any depth and any title keeps
    /// them aligned, then the branch, the kind, id and title, and the owner after ` · `.
    /// A repeat (an entity already shown in full) ends in `(*)`; a root below the top
    /// comes after a line with the path of ids above it; roots are a blank line apart.
    ///
    /// Fitted to the width as the tables are: the bar shortens (10 cells, 5, none) until
    /// every kind and id fits beside its branch, and the text after them folds at spaces
    /// under the branch (an id never breaks).
    pub fn render_tree(
        &self,
        tree: &crate::analysis::tree::Tree,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let header = format!(
            "{} · {} · as of {}",
            sanitize(&tree.plan),
            tree.period.label,
            tree.as_of
        );
        writeln!(out, "{}", self.fold_line(&header))?;
        let mut lines = Vec::new();
        for (i, root) in tree.roots.iter().enumerate() {
            if i > 0 {
                lines.push(TreeLine::Gap);
            }
            if !root.ancestors.is_empty() {
                let ids: Vec<&str> = root.ancestors.iter().map(|a| a.id.as_str()).collect();
                lines.push(TreeLine::Path(clip(&ids.join(" › "), PROSE_CHARS)));
            }
            tree_lines(&root.node, &tree.period.label, "", "", &mut lines);
        }
        // Bar, space, percentage, two spaces, status, two spaces.
        let standing = |bar: usize| if bar == 0 { 0 } else { bar + 1 } + 4 + 2 + STATUS_CHARS + 2;
        // The widest layout in which every kind and id fits beside its branch: bars of 10
        // cells, 5, none, then branches two cells a level instead of four.
        let fits = |bar: usize, narrow: bool| {
            self.width.map(usize::from).is_none_or(|width| {
                lines.iter().all(|line| match line {
                    TreeLine::Entry { lead, name, .. } => {
                        let lead = if narrow {
                            lead.width() / 2
                        } else {
                            lead.width()
                        };
                        standing(bar) + lead + name.width() <= width
                    }
                    TreeLine::Gap | TreeLine::Path(_) => true,
                })
            })
        };
        let (bar, narrow) = [(10, false), (5, false), (0, false)]
            .into_iter()
            .find(|&(bar, narrow)| fits(bar, narrow))
            .unwrap_or((0, true));
        let blank = " ".repeat(standing(bar));
        // The room after the standing; `None`: no limit.
        let room = self
            .width
            .map(|w| usize::from(w).saturating_sub(standing(bar)));
        for line in &lines {
            match line {
                TreeLine::Gap => writeln!(out)?,
                TreeLine::Path(path) => {
                    let folded = room.map_or_else(|| path.clone(), |r| layout::fold_text(path, r));
                    for part in folded.lines() {
                        if self.color {
                            writeln!(out, "{blank}\x1b[2m{part}\x1b[0m")?;
                        } else {
                            writeln!(out, "{blank}{part}")?;
                        }
                    }
                }
                TreeLine::Entry {
                    lead,
                    hang,
                    name,
                    rest,
                    node,
                } => {
                    let (lead, hang) = if narrow {
                        (narrow_branch(lead), narrow_branch(hang))
                    } else {
                        (lead.clone(), hang.clone())
                    };
                    // The kind and id glued (no-break spaces), so they stay on one line.
                    let text = format!("{}{rest}", name.replace(' ', "\u{a0}"));
                    let folded = match room {
                        None => vec![text.replace('\u{a0}', " ")],
                        Some(r) => layout::fold_hanging(&text, r, lead.width(), hang.width()),
                    };
                    let mut parts = folded.iter();
                    let first = parts.next().map_or("", String::as_str);
                    match node {
                        None => writeln!(out, "{blank}{lead}{first}")?,
                        Some(node) => {
                            let (bar, pct) = node.progress.map_or_else(
                                || (" ".repeat(bar), "—".into()),
                                |p| (progress_bar(p, bar), percent(p)),
                            );
                            let status = node
                                .status
                                .map_or_else(|| "—".into(), crate::render::tree::status_text);
                            let pad =
                                " ".repeat(STATUS_CHARS.saturating_sub(status.chars().count()));
                            let status = match (self.color, node.status) {
                                (true, Some(crate::analysis::tree::NodeStatus::Rating(s))) => {
                                    format!("\x1b[{}m{status}\x1b[0m", sgr(status_color(s)))
                                }
                                _ => status,
                            };
                            let bar = if bar.is_empty() { bar } else { bar + " " };
                            writeln!(out, "{bar}{pct:>4}  {status}{pad}  {lead}{first}")?;
                        }
                    }
                    for part in parts {
                        writeln!(out, "{blank}{hang}{part}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A branch drawn two cells a level instead of four (`│   ├── ` becomes `│ ├ `).
fn narrow_branch(branch: &str) -> String {
    let chars: Vec<char> = branch.chars().collect();
    chars
        .chunks(4)
        .map(|level| match level.first() {
            Some(&c @ ('├' | '└' | '│')) => format!("{c} "),
            _ => "  ".to_string(),
        })
        .collect()
}

/// The lines of `branch` and everything under it: `lead` before its own name,
/// `child_lead` before its children's branches; a child outside `period` is marked. The tree is at most
/// [`crate::analysis::tree::MAX_LEVELS`] deep, so the recursion is bounded.
fn tree_lines<'t>(
    branch: &'t crate::analysis::tree::Branch,
    period: &crate::time::period::Label,
    lead: &str,
    child_lead: &str,
    lines: &mut Vec<TreeLine<'t>>,
) {
    use crate::analysis::tree::Branch;
    use crate::render::tree::kind_and_id;
    match branch {
        Branch::Repeat(r) => lines.push(TreeLine::Entry {
            lead: lead.to_string(),
            hang: format!("{child_lead}    "),
            // The mark stays with the id.
            name: format!("{} (*)", name(&kind_and_id(r.kind, &r.id))),
            rest: String::new(),
            node: None,
        }),
        Branch::Node(n) => {
            let owner = n
                .owner
                .as_deref()
                .map_or_else(String::new, |o| format!(" · {}", name(o)));
            // A child of another period: marked, counted nowhere.
            let outside = n.outside_period.as_ref().map_or_else(String::new, |p| {
                format!(" ({})", crate::render::tree::outside(p, Some(period)))
            });
            let below = if n.children.is_empty() {
                "    "
            } else {
                "│   "
            };
            lines.push(TreeLine::Entry {
                lead: lead.to_string(),
                hang: format!("{child_lead}{below}"),
                name: name(&kind_and_id(n.kind, &n.id)),
                rest: format!(" — {}{owner}{outside}", name(&n.title)),
                node: Some(n),
            });
            let last = n.children.len().saturating_sub(1);
            for (i, child) in n.children.iter().enumerate() {
                let (own, below) = if i == last {
                    ("└── ", "    ")
                } else {
                    ("├── ", "│   ")
                };
                tree_lines(
                    child,
                    period,
                    &format!("{child_lead}{own}"),
                    &format!("{child_lead}{below}"),
                    lines,
                );
            }
        }
    }
}
