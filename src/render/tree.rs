//! `tree`'s pieces shared by its renderers: a node's standing as words, and the tree seen as
//! a graph (every entity once, an edge per parent) for the Mermaid and DOT renderers. Text
//! here is raw; each renderer scrubs or escapes it.

use std::collections::{HashMap, HashSet};

use super::text::{entity_kind, status_label};
use crate::analysis::report::{EntityKind, Status};
use crate::analysis::tree::{Ancestor, Branch, Node, NodeStatus, Tree};
use crate::text::percent;
use crate::text::variant;

/// The words of a status: `▲ at-risk` for a rating (glyph and word), `running` for a bet.
#[must_use]
pub fn status_text(status: NodeStatus) -> String {
    match status {
        NodeStatus::Rating(s) => status_label(s),
        NodeStatus::Bet(b) => variant(&b),
    }
}

/// A node's kind and id: `key result lead-time`.
#[must_use]
pub fn kind_and_id(kind: EntityKind, id: &str) -> String {
    format!("{} {id}", entity_kind(kind))
}

/// A node's standing, in words: `42%`, `● on-track`, the owner; each left out when missing.
/// A child of another period says so instead of a standing: `2027-Q1, outside the period`.
#[must_use]
pub fn standing(node: &Node) -> Vec<String> {
    node.progress
        .map(percent)
        .into_iter()
        .chain(node.status.map(status_text))
        .chain(node.owner.clone())
        .chain(node.outside_period.as_ref().map(|p| outside(p, None)))
        .collect()
}

/// The mark of a child of another period: `2027-Q1, outside 2026-Q4` (`outside the
/// period` when the selected one is not named nearby). Every format marks it with these
/// words; it counts nowhere in the selected period's roll-up.
#[must_use]
pub fn outside(
    own: &crate::time::period::Label,
    selected: Option<&crate::time::period::Label>,
) -> String {
    match selected {
        Some(selected) => format!("{own}, outside {selected}"),
        None => format!("{own}, outside the period"),
    }
}

/// How a status reads at a glance, for the formats that colour boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Done, on track, within a threshold.
    Good,
    /// At risk.
    Warning,
    /// Off track, a threshold breached.
    Bad,
}

/// The tone of a rating (none for the rest: no data, not started, drafts, bets).
#[must_use]
pub fn tone(status: Option<NodeStatus>) -> Option<Tone> {
    match status? {
        NodeStatus::Rating(Status::Done | Status::OnTrack | Status::Ok) => Some(Tone::Good),
        NodeStatus::Rating(Status::AtRisk) => Some(Tone::Warning),
        NodeStatus::Rating(Status::OffTrack | Status::Breach) => Some(Tone::Bad),
        _ => None,
    }
}

/// An entity of the graph: a node of a tree, or an entity above a root.
#[derive(Debug, Clone, Copy)]
pub enum Vertex<'t> {
    /// A node, shown with its standing.
    Node(&'t Node),
    /// Above a root: id, kind and title only.
    Ancestor(&'t Ancestor),
}

impl Vertex<'_> {
    /// Its id.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Vertex::Node(n) => &n.id,
            Vertex::Ancestor(a) => &a.id,
        }
    }

    /// Its label, line by line: the title, then kind and id and, for a node, its standing
    /// (`key result lead-time · 58% · ● on-track · carol`).
    #[must_use]
    pub fn lines(&self) -> [String; 2] {
        match self {
            Vertex::Node(n) => {
                let second = std::iter::once(kind_and_id(n.kind, &n.id))
                    .chain(standing(n))
                    .collect::<Vec<_>>()
                    .join(" · ");
                [n.title.clone(), second]
            }
            Vertex::Ancestor(a) => [a.title.clone(), kind_and_id(a.kind, &a.id)],
        }
    }

    /// The tone of its status (none for an ancestor).
    #[must_use]
    pub fn tone(&self) -> Option<Tone> {
        match self {
            Vertex::Node(n) => tone(n.status),
            Vertex::Ancestor(_) => None,
        }
    }

    /// Whether it is a child of another period (drawn dashed, counted nowhere).
    #[must_use]
    pub fn outside(&self) -> bool {
        matches!(self, Vertex::Node(n) if n.outside_period.is_some())
    }
}

/// An edge, from parent to child, by index into [`Graph::vertices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Edge {
    /// The parent.
    pub from: usize,
    /// The child.
    pub to: usize,
    /// Part of an ancestor path (drawn dashed), not of a tree.
    pub ancestry: bool,
}

/// The trees as one graph: every entity once (a repeat is one more edge into it), and
/// each root's ancestor path as a chain of edges into it.
#[derive(Debug, Default)]
pub struct Graph<'t> {
    /// The entities: the trees' nodes in walk order, then ancestors not among them.
    pub vertices: Vec<Vertex<'t>>,
    /// Parent → child, each once, in walk order (ancestor paths last).
    pub edges: Vec<Edge>,
}

impl<'t> Graph<'t> {
    /// The graph of `tree`.
    #[must_use]
    pub fn of(tree: &'t Tree) -> Self {
        let mut graph = GraphBuilder::default();
        for root in &tree.roots {
            if let Branch::Node(node) = &root.node {
                let at = graph.vertex(&node.id, Vertex::Node(node));
                graph.children(node, at);
            }
        }
        for root in &tree.roots {
            let mut above: Option<usize> = None;
            for a in &root.ancestors {
                let at = graph.vertex(&a.id, Vertex::Ancestor(a));
                if let Some(from) = above {
                    graph.edge(from, at, true);
                }
                above = Some(at);
            }
            if let (Some(from), Some(&to)) = (above, graph.index.get(branch_id(&root.node))) {
                graph.edge(from, to, true);
            }
        }
        graph.graph
    }
}

fn branch_id(branch: &Branch) -> &str {
    match branch {
        Branch::Node(n) => &n.id,
        Branch::Repeat(r) => &r.id,
    }
}

#[derive(Default)]
struct GraphBuilder<'t> {
    graph: Graph<'t>,
    index: HashMap<&'t str, usize>,
    edges: HashSet<Edge>,
}

impl<'t> GraphBuilder<'t> {
    /// The index of the vertex `id`, added as `vertex` when new.
    fn vertex(&mut self, id: &'t str, vertex: Vertex<'t>) -> usize {
        *self.index.entry(id).or_insert_with(|| {
            self.graph.vertices.push(vertex);
            self.graph.vertices.len() - 1
        })
    }

    fn edge(&mut self, from: usize, to: usize, ancestry: bool) {
        let edge = Edge { from, to, ancestry };
        if self.edges.insert(edge) {
            self.graph.edges.push(edge);
        }
    }

    /// Adds the edges from `node` (vertex `at`) to its children, then theirs: parents
    /// before children, siblings in order. A repeat's vertex came earlier in the walk.
    fn children(&mut self, node: &'t Node, at: usize) {
        for child in &node.children {
            let to = match child {
                Branch::Node(c) => Some(self.vertex(&c.id, Vertex::Node(c))),
                Branch::Repeat(r) => self.index.get(r.id.as_str()).copied(),
            };
            if let Some(to) = to {
                self.edge(at, to, false);
            }
            if let (Branch::Node(c), Some(to)) = (child, to) {
                self.children(c, to);
            }
        }
    }
}
