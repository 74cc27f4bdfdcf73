//! Architecture checks: the crate's import graph between source files, read with `syn`.
//!
//! Every `.rs` file under `src/` is a node, named by its path relative to `src/`
//! (`run.rs`, `plan/mod.rs`, `render/table.rs`). A file has an edge to another file when
//! it names it with:
//!
//! - a `use` of `crate::…`, `super::…`, `self::…`, or of a child module declared in the
//!   same scope (`use table::X` next to `mod table;`), nested groups included
//!   (`use crate::{a::b, c}`, `use super::raw::{self, RawFile}`);
//! - a qualified path anywhere else: expressions, types, patterns, trait bounds, struct
//!   literals (`crate::plan::model::KrRef { .. }`), `<T as crate::x::Trait>::f`, and paths
//!   inside macro arguments and attribute lists (`format!("{}", crate::render::table::number(x))`,
//!   `#[derive(clap::Parser)]`), which are read token by token;
//! - in `main.rs`, `northstar::…` (the binary's name for the library) counts as `crate::…`.
//!
//! A module path becomes a file by trying `a/b/c.rs`, then `a/b/c/mod.rs`, then dropping
//! trailing segments (they name items, not modules) until a file exists: `a/b.rs`,
//! `a/b/mod.rs`, `a.rs`, `a/mod.rs`. `crate` alone is `lib.rs`.
//!
//! Not edges: test code (items under `#[cfg(test)]` or `#[test]`, and files declared by a
//! `#[cfg(test)] mod x;`), `mod child;` declarations, visibilities (`pub(crate)`,
//! `pub(super)`, `pub(in crate::x)`), re-exports by a parent of its own descendants
//! (`pub use load::Loaded` in `plan/mod.rs`; every `pub use` in `lib.rs`), and self-edges.
//! Not seen at all: paths inside string literals (`#[serde(with = "crate::x")]`, doc
//! links) and files under `src/bin/` (other crate roots, see [`SKIPPED_DIRS`]). Modules
//! are expected at their default places (no `#[path = …]`), and `main.rs` is expected to
//! declare no modules of its own: it only wires the library.
//!
//! The rules, one test each (the layer lists are constants just below, adjust them there):
//!
//! - `no_import_cycles`: no file depends on itself through a chain of edges.
//! - `no_folder_import_cycles`: the same between folders (a top-level module with all of its
//!   files: `app/`, `commands/`, or one file such as `cli.rs`), edges inside a folder aside.
//! - `computation_never_imports_render`: only [`RENDER_IMPORTERS`] have edges into
//!   [`RENDER_LAYER`].
//! - `clap_only_in_the_cli_layer`: only [`CLI_LAYER`] name [`CLI_CRATES`] (in `use` or any
//!   path) or have an edge into [`CLI_MODULE`].
//! - `analysis_never_imports_write_render_app_or_commands`: [`ANALYSIS_LAYER`] has no edge
//!   into [`ANALYSIS_FORBIDDEN`].
//!
//! The remaining tests check the checker itself on small made-up trees, so that a parsing
//! gap cannot make the rules pass silently.
//!
//! Running:
//!
//! ```text
//! cargo test --test architecture                                   # the rules
//! cargo test --test architecture print_graph -- --nocapture        # every file and edge
//! ARCHITECTURE_DOT=graph.dot cargo test --test architecture print_graph
//! dot -Tsvg graph.dot > graph.svg                                  # the same as a picture
//! ARCHITECTURE_SRC=/path/to/src cargo test --test architecture     # check another tree
//! ```

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use syn::buffer::{Cursor, TokenBuffer};
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{
    Attribute, ImplItem, Item, ItemExternCrate, ItemMod, ItemUse, Macro, Meta, Token, TraitItem,
    UseTree, Visibility,
};

// ---------------------------------------------------------------------------------------
// The rules, as data.
//
// A layer entry ending in `/` is a module subtree: `commands/` matches `commands.rs`,
// `commands/mod.rs` and every file below `commands/`, so a module keeps its layer when it
// grows from one file into a directory. Any other entry is exactly one file.
// ---------------------------------------------------------------------------------------

/// The presentation code: the only files that may refer to [`RENDER_LAYER`]. Everything
/// else computes, and hands plain data (the report structs) to a renderer.
const RENDER_IMPORTERS: &[&str] = &[
    "render/",
    "commands/",
    "app/",
    "run.rs",
    "main.rs",
    "lib.rs",
];

/// The renderers.
const RENDER_LAYER: &str = "render/";

/// The command-line layer: the only files that may name [`CLI_CRATES`] or import
/// [`CLI_MODULE`]. Everything else takes typed options.
const CLI_LAYER: &[&str] = &[
    "main.rs",
    "cli/",
    "app/options.rs",
    "app/action.rs",
    "app/addition.rs",
    "app/command.rs",
    "app/man.rs",
];

/// The module holding the clap derive types (`crate::cli`).
const CLI_MODULE: &str = "cli/";

/// The argument-parsing crates: a path whose first segment is one of these names one.
const CLI_CRATES: &[&str] = &["clap", "clap_complete", "clap_mangen"];

/// The library's name as the binary (`main.rs`) spells it: `northstar::run::run`.
const LIB_NAME: &str = "northstar";

/// The computation: typed results from a validated plan. It is handed data and returns
/// data, so it must not have edges into [`ANALYSIS_FORBIDDEN`].
const ANALYSIS_LAYER: &str = "analysis/";

/// What [`ANALYSIS_LAYER`] must not import: plan writing, presentation, the command line's
/// resolution, and the commands and the language server that call the analysis.
const ANALYSIS_FORBIDDEN: &[&str] = &["write/", "render/", "app/", "commands/", "lsp/"];

/// Directories under `src/` that are not part of the library's module tree.
const SKIPPED_DIRS: &[&str] = &["bin"];

/// Overrides the source root (default: this package's `src/`).
const SRC_ENV: &str = "ARCHITECTURE_SRC";

/// When set, `print_graph` also writes the graph to this path in Graphviz DOT.
const DOT_ENV: &str = "ARCHITECTURE_DOT";

/// How many of an edge's paths a message shows before "+N more".
const SHOWN_PATHS: usize = 3;

// ---------------------------------------------------------------------------------------
// The rules.
// ---------------------------------------------------------------------------------------

#[test]
fn no_import_cycles() {
    let graph = graph();
    let cycles = graph.cycles();
    assert!(
        cycles.is_empty(),
        "{} import cycle(s) between files under src/; a file must not depend on itself through \
         a chain of imports (move the shared piece into a lower module, or pass data in):\n\n{}",
        cycles.len(),
        cycles
            .iter()
            .enumerate()
            .map(|(n, cycle)| graph.describe_cycle(n + 1, cycle))
            .collect::<String>()
    );
}

/// No two folders (a top-level module and everything under it: `app/`, `commands/`, or
/// one file such as `cli.rs`) import each other, directly or through others: the folders
/// draw the pipeline, and a cycle between them means two layers are one.
#[test]
fn no_folder_import_cycles() {
    let folders = folder_graph(graph());
    let cycles = folders.cycles();
    assert!(
        cycles.is_empty(),
        "{} import cycle(s) between folders of src/ (each folder is a top-level module and \
         all of its files; move the shared piece into a lower folder, or pass data in):\n\n{}",
        cycles.len(),
        cycles
            .iter()
            .enumerate()
            .map(|(n, cycle)| folders.describe_cycle(n + 1, cycle))
            .collect::<String>()
    );
}

/// The top-level module a file belongs to: `app/options.rs` → `app`, `cli.rs` → `cli`.
fn folder_of(file: &str) -> String {
    file.split_once('/')
        .map_or_else(|| file.trim_end_matches(".rs"), |(dir, _)| dir)
        .to_owned()
}

/// `graph` with each file replaced by its folder ([`folder_of`]), edges inside a folder
/// left out; each folder edge keeps the file edges it stands for (`from: path`).
fn folder_graph(graph: &Graph) -> Graph {
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, to, via) in graph.edge_list() {
        let (a, b) = (folder_of(from), folder_of(to));
        if a == b {
            continue;
        }
        edges
            .entry(a)
            .or_default()
            .entry(b)
            .or_default()
            .extend(via.iter().map(|path| format!("{from}: {path}")));
    }
    Graph {
        files: graph.files.iter().map(|f| folder_of(f)).collect(),
        edges,
        cli_crates: BTreeMap::new(),
    }
}

#[test]
fn computation_never_imports_render() {
    let graph = graph();
    let offenders: Vec<String> = graph
        .edge_list()
        .filter(|(from, to, _)| in_layer(to, &[RENDER_LAYER]) && !in_layer(from, RENDER_IMPORTERS))
        .map(|(from, to, via)| format!("    {from} → {to}: {}\n", shown(via)))
        .collect();
    assert!(
        offenders.is_empty(),
        "only {RENDER_IMPORTERS:?} may refer to {RENDER_LAYER}; computation must not depend on \
         presentation (move the helper into a shared module, or let the caller format):\n{}",
        offenders.concat()
    );
}

#[test]
fn clap_only_in_the_cli_layer() {
    let graph = graph();
    let mut offenders = String::new();
    for file in graph.files.iter().filter(|f| !in_layer(f, CLI_LAYER)) {
        let crates = graph.cli_crates.get(file).filter(|paths| !paths.is_empty());
        let cli_edges: Vec<String> = graph
            .edges
            .get(file)
            .into_iter()
            .flatten()
            .filter(|(to, _)| in_layer(to, &[CLI_MODULE]))
            .map(|(to, via)| format!("imports {to} via {}", shown(via)))
            .collect();
        if crates.is_none() && cli_edges.is_empty() {
            continue;
        }
        let _ = writeln!(offenders, "    {file}:");
        if let Some(paths) = crates {
            let _ = writeln!(offenders, "        names {}", shown(paths));
        }
        for edge in cli_edges {
            let _ = writeln!(offenders, "        {edge}");
        }
    }
    assert!(
        offenders.is_empty(),
        "only {CLI_LAYER:?} may name {CLI_CRATES:?} or import {CLI_MODULE}; the rest of the crate \
         takes typed options:\n{offenders}"
    );
}

#[test]
fn analysis_never_imports_write_render_app_or_commands() {
    let graph = graph();
    let offenders: Vec<String> = graph
        .edge_list()
        .filter(|(from, to, _)| {
            in_layer(from, &[ANALYSIS_LAYER]) && in_layer(to, ANALYSIS_FORBIDDEN)
        })
        .map(|(from, to, via)| format!("    {from} → {to}: {}\n", shown(via)))
        .collect();
    assert!(
        offenders.is_empty(),
        "{ANALYSIS_LAYER} must not refer to {ANALYSIS_FORBIDDEN:?}; analysis computes typed \
         results from a plan it is handed (let the caller write, render or resolve):\n{}",
        offenders.concat()
    );
}

/// Prints every file with its outgoing edges (visible with `-- --nocapture`), and writes
/// Graphviz DOT to `$ARCHITECTURE_DOT` when set. Never fails on the graph's contents.
#[test]
#[allow(clippy::print_stdout)] // the printout is this test's whole point; libtest captures it
fn print_graph() {
    let graph = graph();
    println!(
        "source root: {}\n\n{}",
        src_root().display(),
        graph.describe()
    );
    if let Some(path) = std::env::var_os(DOT_ENV) {
        fs::write(&path, graph.dot())
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", Path::new(&path).display()));
        println!("wrote {}", Path::new(&path).display());
    }
}

// ---------------------------------------------------------------------------------------
// The checker checked, on made-up trees.
// ---------------------------------------------------------------------------------------

#[test]
fn the_checker_sees_every_kind_of_path_and_skips_the_exclusions() {
    let graph = Graph::build(&tree(&[
        (
            "lib.rs",
            "pub mod a; pub mod b; pub mod c; pub mod d; pub mod render;
             pub use b::X;
             use a::run as _;
             pub(crate) fn f() {}",
        ),
        (
            "main.rs",
            "use clap::Parser as _; fn main() { northstar::a::run(); }",
        ),
        (
            "a.rs",
            "use crate::{b::X, c};
             pub(in crate::render) struct Thing;
             pub fn run() { let _ = format!(\"{}\", crate::render::table::number(1)); }",
        ),
        (
            "b.rs",
            "pub struct X;
             pub fn f() -> super::c::Y { let _ = crate::render::Pretty { x: 1 }; todo!() }
             #[cfg(test)] mod tests { use crate::a::Thing; }
             #[test] fn t() { crate::d::g(); }
             #[cfg(all(unix, test))] fn u() { crate::a::run(); }",
        ),
        (
            "c.rs",
            "#[derive(clap::Parser)] pub struct Y;
             fn h() { use self::inner::Z; }
             mod inner { pub struct Z; fn k() -> super::super::b::X { todo!() } }",
        ),
        (
            "d.rs",
            "pub fn g() { <u8 as clap_complete::Generator>::f(); }",
        ),
        (
            "render/mod.rs",
            "pub mod table; pub struct Pretty { pub x: u8 }
             pub use table::number;
             fn f() { let table = 1; let _ = table; }",
        ),
        (
            "render/table.rs",
            "use super::*; pub fn number(_: i32) -> String { String::new() }
             #[cfg(test)] mod tests;",
        ),
        ("render/table/tests.rs", "use crate::a::Thing;"),
    ]));

    let edges: BTreeSet<(&str, &str)> = graph.edge_list().map(|(f, t, _)| (f, t)).collect();
    let expected: BTreeSet<(&str, &str)> = [
        ("lib.rs", "a.rs"),
        ("main.rs", "a.rs"),
        ("a.rs", "b.rs"),
        ("a.rs", "c.rs"),
        ("a.rs", "render/table.rs"),
        ("b.rs", "c.rs"),
        ("b.rs", "render/mod.rs"),
        ("c.rs", "b.rs"),
        ("render/table.rs", "render/mod.rs"),
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected, "the edges of the made-up tree");

    assert!(
        !graph.files.contains("render/table/tests.rs"),
        "a #[cfg(test)] module file is not a node"
    );
    let crates: BTreeMap<&str, Vec<&str>> = graph
        .cli_crates
        .iter()
        .map(|(file, paths)| (file.as_str(), paths.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        crates,
        BTreeMap::from([
            ("c.rs", vec!["clap::Parser"]),
            ("d.rs", vec!["clap_complete::Generator::f"]),
            ("main.rs", vec!["clap::Parser"]),
        ]),
        "the files naming a CLI crate"
    );
}

#[test]
fn the_checker_reports_each_tangle_with_one_cycle_through_it() {
    let graph = Graph::build(&tree(&[
        (
            "lib.rs",
            "pub mod a; pub mod b; pub mod c; pub mod d; pub mod e;",
        ),
        ("a.rs", "use crate::b::f;"),
        ("b.rs", "pub fn f() { crate::c::g(); }"),
        ("c.rs", "pub fn g() { crate::a::h(); crate::b::f(); }"),
        ("d.rs", "use crate::{a, e};"),
        ("e.rs", "use super::d::D;"),
    ]));
    let cycles = graph.cycles();
    let found: Vec<(&[String], &[String])> = cycles
        .iter()
        .map(|c| (c.files.as_slice(), c.path.as_slice()))
        .collect();
    assert_eq!(
        found,
        [
            (
                &strings(&["a.rs", "b.rs", "c.rs"])[..],
                &strings(&["a.rs", "b.rs", "c.rs", "a.rs"])[..]
            ),
            (
                &strings(&["d.rs", "e.rs"])[..],
                &strings(&["d.rs", "e.rs", "d.rs"])[..]
            ),
        ],
        "the cycles of the made-up tree"
    );
}

#[test]
fn the_folder_rule_sees_a_cycle_between_folders_of_acyclic_files() {
    let files = [
        ("lib.rs", "mod app; mod cli; mod commands;"),
        ("cli.rs", "pub struct Cli;"),
        ("app/mod.rs", "mod run; mod options;"),
        (
            "app/run.rs",
            "use crate::commands::check; use super::options::Options; use crate::cli::Cli;",
        ),
        ("app/options.rs", "pub struct Options;"),
        ("commands/mod.rs", "pub mod check;"),
        ("commands/check.rs", "use crate::app::options::Options;"),
    ];
    let graph = Graph::build(&tree(&files));
    assert!(graph.cycles().is_empty());
    let folders = folder_graph(&graph);
    let edges: Vec<(&str, &str, Vec<&str>)> = folders
        .edge_list()
        .map(|(from, to, via)| (from, to, via.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        edges,
        [
            ("app", "cli", vec!["app/run.rs: crate::cli::Cli"]),
            (
                "app",
                "commands",
                vec!["app/run.rs: crate::commands::check"]
            ),
            (
                "commands",
                "app",
                vec!["commands/check.rs: crate::app::options::Options"]
            ),
        ],
        "one edge per pair of folders, none inside a folder, each naming its file edges"
    );
    let cycles = folders.cycles();
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0].files, strings(&["app", "commands"]));

    // Breaking the one edge back breaks the cycle.
    let mut broken = files;
    broken[6] = ("commands/check.rs", "pub struct Check;");
    assert!(
        folder_graph(&Graph::build(&tree(&broken)))
            .cycles()
            .is_empty()
    );
}

#[test]
fn layer_entries_ending_in_a_slash_cover_the_whole_module() {
    assert!(in_layer("commands.rs", &["commands/"]));
    assert!(in_layer("commands/mod.rs", &["commands/"]));
    assert!(in_layer("commands/bet/edit.rs", &["commands/"]));
    assert!(!in_layer("commands_extra.rs", &["commands/"]));
    assert!(!in_layer("app/commands.rs", &["commands/"]));
    assert!(in_layer("app/options.rs", &["app/options.rs"]));
    assert!(!in_layer("app/options/more.rs", &["app/options.rs"]));
}

// ---------------------------------------------------------------------------------------
// Reading the tree.
// ---------------------------------------------------------------------------------------

/// The graph of the source tree under test, built once per test binary.
fn graph() -> &'static Graph {
    static GRAPH: OnceLock<Graph> = OnceLock::new();
    GRAPH.get_or_init(|| Graph::build(&load_sources(&src_root())))
}

/// `$ARCHITECTURE_SRC`, else this package's `src/`.
fn src_root() -> PathBuf {
    std::env::var_os(SRC_ENV).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        PathBuf::from,
    )
}

/// Every `.rs` file under `root`, keyed by its `/`-separated path relative to `root`.
fn load_sources(root: &Path) -> BTreeMap<String, String> {
    let mut sources = BTreeMap::new();
    collect_sources(root, root, &mut sources);
    assert!(
        sources.contains_key("lib.rs") || sources.contains_key("main.rs"),
        "{} holds no lib.rs or main.rs; is ${SRC_ENV} right?",
        root.display()
    );
    sources
}

fn collect_sources(root: &Path, dir: &Path, sources: &mut BTreeMap<String, String>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        let name = path
            .strip_prefix(root)
            .expect("read_dir yields paths under the directory it lists")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                collect_sources(root, &path, sources);
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            sources.insert(name, text);
        }
    }
}

/// A made-up tree for the checker's own tests.
fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

// ---------------------------------------------------------------------------------------
// Files and modules.
// ---------------------------------------------------------------------------------------

/// Whether `file` belongs to one of `layer`'s entries (see the note above the constants).
fn in_layer(file: &str, layer: &[&str]) -> bool {
    layer.iter().any(|entry| match entry.strip_suffix('/') {
        Some(module) => file.starts_with(entry) || file.strip_suffix(".rs") == Some(module),
        None => file == *entry,
    })
}

fn is_crate_root(file: &str) -> bool {
    file == "lib.rs" || file == "main.rs"
}

/// The module a file defines: `plan/mod.rs` and `plan.rs` → `[plan]`, `lib.rs` → `[]`.
fn module_of(file: &str) -> Vec<String> {
    if is_crate_root(file) {
        return Vec::new();
    }
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let mut module: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if module.last().is_some_and(|last| last == "mod") {
        module.pop();
    }
    module
}

/// The file defining `module` or, failing that, its nearest ancestor; `root` for `[]`.
fn file_of(files: &BTreeSet<String>, root: &str, module: &[String]) -> String {
    for len in (1..=module.len()).rev() {
        let stem = module[..len].join("/");
        for candidate in [format!("{stem}.rs"), format!("{stem}/mod.rs")] {
            // `crate::main` is no module: the roots are only reached through `crate` alone.
            if files.contains(&candidate) && !(len == 1 && is_crate_root(&candidate)) {
                return candidate;
            }
        }
    }
    root.to_owned()
}

// ---------------------------------------------------------------------------------------
// The graph.
// ---------------------------------------------------------------------------------------

/// The file graph of one source tree.
struct Graph {
    /// Every analysed file, relative to `src/`.
    files: BTreeSet<String>,
    /// `from` → `to` → the paths in `from` that name `to`.
    edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// File → the paths in it that name one of [`CLI_CRATES`].
    cli_crates: BTreeMap<String, BTreeSet<String>>,
}

/// One cycle: the files of a strongly connected component and one closed path through them.
struct Cycle {
    /// The component's files, sorted.
    files: Vec<String>,
    /// A shortest cycle from the component's first file back to it.
    path: Vec<String>,
}

impl Graph {
    /// Parses every source and keeps the edges described in the module documentation.
    fn build(sources: &BTreeMap<String, String>) -> Self {
        let known: BTreeSet<String> = sources.keys().cloned().collect();
        let mut facts = BTreeMap::new();
        let mut test_modules = Vec::new();
        for (file, text) in sources {
            let ast =
                syn::parse_file(text).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
            let found = FileVisitor::run(file, &known, &ast);
            test_modules.extend(found.test_modules.iter().cloned());
            facts.insert(file.as_str(), found);
        }
        let files: BTreeSet<String> = known
            .iter()
            .filter(|file| {
                let module = module_of(file);
                !test_modules.iter().any(|test| module.starts_with(test))
            })
            .cloned()
            .collect();

        let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        let mut cli_crates = BTreeMap::new();
        for file in &files {
            let found = &facts[file.as_str()];
            let own_module = module_of(file);
            for reference in &found.references {
                let target = &reference.target;
                let reexports_a_descendant = reference.reexport && {
                    let module = module_of(target);
                    module.len() > own_module.len() && module.starts_with(&own_module)
                };
                if target == file || !files.contains(target) || reexports_a_descendant {
                    continue;
                }
                edges
                    .entry(file.clone())
                    .or_default()
                    .entry(target.clone())
                    .or_default()
                    .insert(reference.text.clone());
            }
            if !found.cli_crates.is_empty() {
                cli_crates.insert(file.clone(), found.cli_crates.clone());
            }
        }
        Graph {
            files,
            edges,
            cli_crates,
        }
    }

    /// Every edge as `(from, to, paths)`, sorted.
    fn edge_list(&self) -> impl Iterator<Item = (&str, &str, &BTreeSet<String>)> {
        self.edges.iter().flat_map(|(from, targets)| {
            targets
                .iter()
                .map(move |(to, via)| (from.as_str(), to.as_str(), via))
        })
    }

    /// The strongly connected components with more than one file (Tarjan), each with a
    /// shortest cycle through its first file.
    fn cycles(&self) -> Vec<Cycle> {
        let names: Vec<&str> = self.files.iter().map(String::as_str).collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let successors: Vec<Vec<usize>> = names
            .iter()
            .map(|name| {
                self.edges
                    .get(*name)
                    .into_iter()
                    .flat_map(BTreeMap::keys)
                    .map(|to| index[to.as_str()])
                    .collect()
            })
            .collect();
        let mut tarjan = Tarjan::new(&successors);
        for node in 0..names.len() {
            if tarjan.index[node].is_none() {
                tarjan.connect(node);
            }
        }
        let mut components = tarjan.components;
        for component in &mut components {
            component.sort_unstable();
        }
        components.sort();
        components
            .iter()
            .filter(|component| component.len() > 1)
            .map(|component| Cycle {
                files: component.iter().map(|&n| names[n].to_owned()).collect(),
                path: shortest_cycle(&successors, component)
                    .into_iter()
                    .map(|n| names[n].to_owned())
                    .collect(),
            })
            .collect()
    }

    fn describe_cycle(&self, number: usize, cycle: &Cycle) -> String {
        let mut text = format!("cycle {number}: {}\n", cycle.path.join(" → "));
        for step in cycle.path.windows(2) {
            let via = &self.edges[&step[0]][&step[1]];
            let _ = writeln!(text, "    {} → {}: {}", step[0], step[1], shown(via));
        }
        if cycle.files.len() + 1 > cycle.path.len() {
            let _ = writeln!(
                text,
                "  all files in this tangle: {}",
                cycle.files.join(", ")
            );
        }
        text.push('\n');
        text
    }

    /// Every file with its outgoing edges and the CLI crates it names.
    fn describe(&self) -> String {
        let edge_count: usize = self.edges.values().map(BTreeMap::len).sum();
        let mut text = format!("{} files, {edge_count} edges\n\n", self.files.len());
        for file in &self.files {
            let _ = writeln!(text, "{file}");
            for (to, via) in self.edges.get(file).into_iter().flatten() {
                let _ = writeln!(text, "    → {to}  ({})", shown(via));
            }
            if let Some(paths) = self.cli_crates.get(file) {
                let _ = writeln!(text, "    names {}", shown(paths));
            }
        }
        text
    }

    /// The graph in Graphviz DOT, presentation files boxed.
    fn dot(&self) -> String {
        let mut text = String::from(
            "digraph architecture {\n    rankdir=LR;\n    node [fontname=monospace];\n",
        );
        for file in &self.files {
            let shape = if in_layer(file, RENDER_IMPORTERS) {
                "box"
            } else {
                "ellipse"
            };
            let _ = writeln!(text, "    \"{file}\" [shape={shape}];");
        }
        for (from, to, _) in self.edge_list() {
            let _ = writeln!(text, "    \"{from}\" -> \"{to}\";");
        }
        text.push_str("}\n");
        text
    }
}

/// A few of `paths`, then how many more there are.
fn shown(paths: &BTreeSet<String>) -> String {
    let mut text = paths
        .iter()
        .take(SHOWN_PATHS)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN_PATHS {
        let _ = write!(text, " (+{} more)", paths.len() - SHOWN_PATHS);
    }
    text
}

/// Tarjan's strongly connected components over node indices.
struct Tarjan<'g> {
    successors: &'g [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    components: Vec<Vec<usize>>,
}

impl<'g> Tarjan<'g> {
    fn new(successors: &'g [Vec<usize>]) -> Self {
        let n = successors.len();
        Tarjan {
            successors,
            index: vec![None; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            components: Vec::new(),
        }
    }

    fn connect(&mut self, node: usize) {
        self.index[node] = Some(self.next);
        self.low[node] = self.next;
        self.next += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        for &succ in &self.successors[node] {
            match self.index[succ] {
                None => {
                    self.connect(succ);
                    self.low[node] = self.low[node].min(self.low[succ]);
                }
                Some(succ_index) if self.on_stack[succ] => {
                    self.low[node] = self.low[node].min(succ_index);
                }
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(member) = self.stack.pop() {
                self.on_stack[member] = false;
                component.push(member);
                if member == node {
                    break;
                }
            }
            self.components.push(component);
        }
    }
}

/// A shortest closed path from the component's first node back to it (breadth first,
/// staying inside the component), both ends included.
fn shortest_cycle(successors: &[Vec<usize>], component: &[usize]) -> Vec<usize> {
    let start = component[0];
    let mut parent: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &succ in &successors[node] {
            if succ == start {
                let mut path = vec![start, node];
                let mut at = node;
                while at != start {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if component.contains(&succ) && !parent.contains_key(&succ) {
                parent.insert(succ, node);
                queue.push_back(succ);
            }
        }
    }
    unreachable!("every node of a strongly connected component lies on a cycle")
}

// ---------------------------------------------------------------------------------------
// Reading one file.
// ---------------------------------------------------------------------------------------

/// What one file refers to.
#[derive(Default)]
struct Facts {
    references: Vec<Reference>,
    /// Paths naming one of [`CLI_CRATES`].
    cli_crates: BTreeSet<String>,
    /// Modules declared under `#[cfg(test)]` (`mod tests;`): their files are test code.
    test_modules: Vec<Vec<String>>,
}

/// A path that names a file of the crate.
struct Reference {
    target: String,
    /// The path as written (flattened for `use` groups).
    text: String,
    /// From a `use` with a visibility (`pub use`, `pub(crate) use`).
    reexport: bool,
}

/// A module scope: the file's own module, or an inline `mod x { … }` inside it.
struct Scope {
    module: Vec<String>,
    /// The modules declared directly in this scope, which relative paths may start with.
    children: BTreeSet<String>,
}

impl Scope {
    fn new(module: Vec<String>, items: &[Item]) -> Self {
        let children = items
            .iter()
            .filter_map(|item| match item {
                Item::Mod(m) if !is_test_code(&m.attrs) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        Scope { module, children }
    }
}

struct FileVisitor<'a> {
    /// Every file in the tree, to resolve module paths against.
    files: &'a BTreeSet<String>,
    /// The file `crate` alone names: `main.rs` in the binary, else `lib.rs`.
    root: &'static str,
    /// Whether this is `main.rs`, where [`LIB_NAME`] means the library.
    binary: bool,
    scopes: Vec<Scope>,
    facts: Facts,
}

impl<'a> FileVisitor<'a> {
    fn run(file: &str, files: &'a BTreeSet<String>, ast: &syn::File) -> Facts {
        let binary = file == "main.rs";
        let mut visitor = FileVisitor {
            files,
            root: if binary { "main.rs" } else { "lib.rs" },
            binary,
            scopes: vec![Scope::new(module_of(file), &ast.items)],
            facts: Facts::default(),
        };
        visitor.visit_file(ast);
        visitor.facts
    }

    fn scope(&self) -> &Scope {
        self.scopes
            .last()
            .expect("the file's own scope is never popped")
    }

    /// Records `segments` if it names a file of the crate or a CLI crate.
    fn reference(
        &mut self,
        segments: &[String],
        leading_colon: bool,
        reexport: bool,
        text: String,
    ) {
        if !leading_colon && let Some((root, module)) = self.absolute(segments) {
            let target = file_of(self.files, root, &module);
            self.facts.references.push(Reference {
                target,
                text,
                reexport,
            });
            return;
        }
        if segments
            .first()
            .is_some_and(|first| CLI_CRATES.contains(&first.as_str()))
        {
            self.facts.cli_crates.insert(text);
        }
    }

    /// The crate root and absolute module path `segments` names, if it is a path into the
    /// crate: `crate::…`, `self::…`, `super::…`, `<child module>::…`, or `northstar::…` in
    /// `main.rs`.
    fn absolute(&self, segments: &[String]) -> Option<(&'static str, Vec<String>)> {
        let scope = self.scope();
        let first = segments.first()?.as_str();
        match first {
            "crate" => Some((self.root, segments[1..].to_vec())),
            LIB_NAME if self.binary => Some(("lib.rs", segments[1..].to_vec())),
            "self" | "super" => {
                let mut module = scope.module.clone();
                let mut rest = if first == "self" {
                    &segments[1..]
                } else {
                    segments
                };
                while rest.first().is_some_and(|s| s == "super") {
                    module.pop()?;
                    rest = &rest[1..];
                }
                module.extend_from_slice(rest);
                Some((self.root, module))
            }
            // A lone name is a local binding as often as a module: only `child::item` counts.
            child if segments.len() > 1 && scope.children.contains(child) => {
                let mut module = scope.module.clone();
                module.extend_from_slice(segments);
                Some((self.root, module))
            }
            _ => None,
        }
    }

    /// Finds the paths inside a token stream (macro arguments, attribute lists): each run
    /// of `ident :: ident :: …` counts as a path when it has at least two segments.
    fn scan_tokens(&mut self, mut cursor: Cursor<'_>) {
        while !cursor.eof() {
            if let Some((inside, _, _, after)) = cursor.any_group() {
                self.scan_tokens(inside);
                cursor = after;
            } else if let Some((segments, after)) = path_in_tokens(cursor) {
                if segments.len() > 1 {
                    let text = segments.join("::");
                    self.reference(&segments, false, false, text);
                }
                cursor = after;
            } else if let Some((_, after)) = cursor.token_tree() {
                cursor = after;
            } else {
                break;
            }
        }
    }
}

/// The `ident (:: ident)*` starting at `cursor`, and the cursor after it.
fn path_in_tokens(cursor: Cursor<'_>) -> Option<(Vec<String>, Cursor<'_>)> {
    let (ident, mut rest) = cursor.ident()?;
    let mut segments = vec![ident.to_string()];
    while let Some((next, after)) = next_segment(rest) {
        segments.push(next);
        rest = after;
    }
    Some((segments, rest))
}

/// The `:: ident` at `cursor`, if there is one: the ident and the cursor after it.
fn next_segment(cursor: Cursor<'_>) -> Option<(String, Cursor<'_>)> {
    let (first, rest) = cursor.punct()?;
    let (second, rest) = rest.punct()?;
    if first.as_char() != ':' || second.as_char() != ':' {
        return None;
    }
    let (ident, rest) = rest.ident()?;
    Some((ident.to_string(), rest))
}

/// One path of a `use` tree, groups flattened: `use a::{b, c::*}` → `a::b`, `a::c::*`.
struct UsePath {
    segments: Vec<String>,
    glob: bool,
}

fn flatten_use(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<UsePath>) {
    let mut leaf = |name: &syn::Ident, prefix: &[String]| {
        let mut segments = prefix.to_vec();
        if name != "self" {
            segments.push(name.to_string());
        }
        out.push(UsePath {
            segments,
            glob: false,
        });
    };
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten_use(&path.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(name) => leaf(&name.ident, prefix),
        UseTree::Rename(rename) => leaf(&rename.ident, prefix),
        UseTree::Glob(_) => out.push(UsePath {
            segments: prefix.clone(),
            glob: true,
        }),
        UseTree::Group(group) => {
            for item in &group.items {
                flatten_use(item, prefix, out);
            }
        }
    }
}

/// Whether the attributes make an item test code: `#[test]`, `#[cfg(test)]`,
/// `#[cfg(all(test, …))]`.
fn is_test_code(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("test")
            || (attr.path().is_ident("cfg")
                && attr
                    .parse_args::<Meta>()
                    .is_ok_and(|cfg| cfg_needs_test(&cfg)))
    })
}

fn cfg_needs_test(cfg: &Meta) -> bool {
    match cfg {
        Meta::Path(path) => path.is_ident("test"),
        Meta::List(list) if list.path.is_ident("all") => list
            .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            .is_ok_and(|all| all.iter().any(cfg_needs_test)),
        _ => false,
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

impl<'ast> Visit<'ast> for FileVisitor<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if !is_test_code(item_attrs(item)) {
            visit::visit_item(self, item);
        } else if let Item::Mod(ItemMod {
            ident,
            content: None,
            ..
        }) = item
        {
            let mut module = self.scope().module.clone();
            module.push(ident.to_string());
            self.facts.test_modules.push(module);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs = match item {
            ImplItem::Const(i) => &i.attrs,
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => return visit::visit_impl_item(self, item),
        };
        if !is_test_code(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_trait_item(&mut self, item: &'ast TraitItem) {
        let attrs = match item {
            TraitItem::Const(i) => &i.attrs,
            TraitItem::Fn(i) => &i.attrs,
            TraitItem::Type(i) => &i.attrs,
            TraitItem::Macro(i) => &i.attrs,
            _ => return visit::visit_trait_item(self, item),
        };
        if !is_test_code(attrs) {
            visit::visit_trait_item(self, item);
        }
    }

    /// `mod x;` is no edge (the file is a node of its own); `mod x { … }` is a new scope.
    fn visit_item_mod(&mut self, item: &'ast ItemMod) {
        if let Some((_, items)) = &item.content {
            let mut module = self.scope().module.clone();
            module.push(item.ident.to_string());
            self.scopes.push(Scope::new(module, items));
            for inner in items {
                self.visit_item(inner);
            }
            self.scopes.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast ItemUse) {
        let reexport = !matches!(item.vis, Visibility::Inherited);
        let leading = item.leading_colon.is_some();
        let mut paths = Vec::new();
        flatten_use(&item.tree, &mut Vec::new(), &mut paths);
        for UsePath { segments, glob } in paths {
            let text = format!(
                "{}{}{}",
                if leading { "::" } else { "" },
                segments.join("::"),
                if glob { "::*" } else { "" }
            );
            self.reference(&segments, leading, reexport, text);
        }
    }

    fn visit_item_extern_crate(&mut self, item: &'ast ItemExternCrate) {
        let name = item.ident.to_string();
        if CLI_CRATES.contains(&name.as_str()) {
            self.facts.cli_crates.insert(format!("extern crate {name}"));
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let text = format!(
            "{}{}",
            if path.leading_colon.is_some() {
                "::"
            } else {
                ""
            },
            segments.join("::")
        );
        self.reference(&segments, path.leading_colon.is_some(), false, text);
        visit::visit_path(self, path);
    }

    /// `pub(crate)`, `pub(super)`, `pub(in crate::x)` restrict, they do not depend.
    fn visit_visibility(&mut self, _: &'ast Visibility) {}

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.visit_path(&mac.path);
        let tokens = TokenBuffer::new2(mac.tokens.clone());
        self.scan_tokens(tokens.begin());
    }

    fn visit_attribute(&mut self, attr: &'ast Attribute) {
        match &attr.meta {
            Meta::Path(path) => self.visit_path(path),
            Meta::List(list) => {
                self.visit_path(&list.path);
                let tokens = TokenBuffer::new2(list.tokens.clone());
                self.scan_tokens(tokens.begin());
            }
            // `doc = "…"` and friends: string literals hold no paths this checker reads.
            Meta::NameValue(name_value) => self.visit_path(&name_value.path),
        }
    }
}
