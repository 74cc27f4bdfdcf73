//! `northstar lsp`: the language server. The plan in the editor, with the editor's unsaved
//! buffers laid over the files on disk: `check`'s diagnostics as you type, go to
//! definition and find references of ids, document and workspace symbols, hover with the
//! numbers `show` gives, completion of ids and enumerated values, rename,
//! inlay hints and code lenses (`hints`), quick fixes from the diagnostics' help (`actions`). One job per file: the message loop (`server`), the open buffers
//! (`documents`), position encodings (`position`), file URIs (`uri`), reading the plan
//! (`workspace`), the id index (`index`), and one file per feature.

mod actions;
mod completion;
mod diagnostics;
mod documents;
mod hints;
mod hover;
mod index;
mod navigate;
mod position;
mod rename;
mod server;
mod symbols;
mod uri;
mod workspace;

pub use server::{End, serve};
