//! Reading several plan files at once, when more than one core is free. The files are cut into pieces (whole files, or the
//! chunks of a large one: `chunks`); worker threads of rayon's pool parse the pieces into
//! TOML tables, and the calling thread turns them into raw structs in file order.
//!
//! The structs that outlive loading are thus allocated by the calling thread, which goes
//! on to validate, roll up and render: the memory they free is reused there, instead of
//! staying with the workers (each thread allocates from its own arena). A file any of
//! whose pieces has a problem is parsed again whole, on the calling thread, exactly as
//! serially: diagnostics never depend on the number of cores.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use toml::Spanned;
use toml::de::DeTable;

use super::chunks::{CHUNK_BYTES, absorb, chunk_bounds, read_chunk};
use super::parse::{Parsed, parse_file, parse_one, parse_whole};
use crate::diagnostic::FileId;
use crate::plan::raw::RawFile;

/// How many parsed pieces may wait for the calling thread: enough to keep the workers
/// busy, few enough that the tables waiting stay small.
const IN_FLIGHT: usize = 1;

/// The fewest bytes, over all the files, worth parsing in parallel: 64 KiB parse in about
/// 2 ms, where starting the pool's threads takes a few tenths of one.
const PARALLEL_BYTES: usize = 64 << 10;

/// A byte range of one file to parse on its own.
struct Piece {
    /// Index into the files.
    file: usize,
    start: usize,
    end: usize,
    /// Whether the file is cut into more than one piece.
    split: bool,
}

/// Parses each of `files` (its id and text) on its own, in parallel when more than one
/// core is available to this process ([`parallel`]) and this is not already a thread of
/// rayon's pool, serially otherwise. Returns them in the order given, each exactly as a
/// serial parse would.
pub(super) fn parse_files(files: &[(FileId, &str)]) -> Vec<Parsed> {
    // Starting rayon's threads (about 0.1 ms each) costs more than a small plan's parse.
    let worth = files.iter().map(|(_, text)| text.len()).sum::<usize>() >= PARALLEL_BYTES;
    if worth && parallel() && rayon::current_thread_index().is_none() {
        return parse_in_parallel(files);
    }
    files
        .iter()
        .map(|&(file, text)| parse_one(file, text, parse_file))
        .collect()
}

/// Whether to parse in parallel: when more than one core is available to this process
/// (`std::thread::available_parallelism`, which honours the CPU affinity `taskset` sets
/// and cgroup quotas). Rayon's global pool, used then, sizes itself by `RAYON_NUM_THREADS`
/// or the same count.
pub(super) fn parallel() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Each of `files` (its id and text) parsed as [`parse_file`] would, the pieces in parallel
/// on rayon's global pool; returned in the order given. Call it from outside rayon's pool
/// (a worker waiting here could leave the pieces unparsed).
fn parse_in_parallel(files: &[(FileId, &str)]) -> Vec<Parsed> {
    let pieces: Vec<Piece> = files
        .iter()
        .enumerate()
        .flat_map(|(file, &(_, text))| {
            let bounds = chunk_bounds(text, CHUNK_BYTES);
            let split = bounds.len() > 1;
            bounds.into_iter().map(move |(start, end)| Piece {
                file,
                start,
                end,
                split,
            })
        })
        .collect();
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::sync_channel(IN_FLIGHT);
    let workers = rayon::current_num_threads().min(pieces.len());
    rayon::in_place_scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (pieces, next) = (&pieces, &next);
            scope.spawn(move |_| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(piece) = pieces.get(index) else {
                        break;
                    };
                    let text = &files[piece.file].1[piece.start..piece.end];
                    let table = read_chunk(text, piece.start == 0, piece.split);
                    if sender.send((index, table)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        assemble(files, &pieces, &receiver)
    })
}

/// The calling thread's part: the pieces' tables, received in any order, deserialized in
/// file order into each file's raw structs.
fn assemble<'t>(
    files: &[(FileId, &'t str)],
    pieces: &[Piece],
    receiver: &mpsc::Receiver<(usize, Option<Spanned<DeTable<'t>>>)>,
) -> Vec<Parsed> {
    let mut early: HashMap<usize, Option<Spanned<DeTable<'t>>>> = HashMap::new();
    let mut parsed = Vec::with_capacity(files.len());
    let mut raw: Option<RawFile> = None;
    let mut ok = true;
    for (index, piece) in pieces.iter().enumerate() {
        let table = loop {
            if let Some(table) = early.remove(&index) {
                break table;
            }
            match receiver.recv() {
                Ok((at, table)) => {
                    early.insert(at, table);
                }
                Err(_) => break None,
            }
        };
        ok = ok
            && table
                .and_then(|t| absorb(&mut raw, t, piece.start))
                .is_some();
        if pieces.get(index + 1).is_none_or(|n| n.file != piece.file) {
            let (file, text) = files[piece.file];
            parsed.push(match (ok, raw.take()) {
                (true, Some(raw)) => Parsed {
                    raw,
                    diagnostics: Vec::new(),
                    removed: HashMap::new(),
                },
                _ => parse_one(file, text, parse_whole),
            });
            ok = true;
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A file of `n` check-ins, some of them broken when `broken`.
    fn file(n: usize, broken: bool) -> String {
        let mut text = String::from("# check-ins\n\n");
        for i in 0..n {
            let confidence = if broken && i % 997 == 5 {
                "\"high\""
            } else {
                "0.5"
            };
            write!(
                text,
                "[[checkin]]\nmetric = \"kr-{i}\"\ndate = 2026-10-01\nvalue = {i}\nconfidence = {confidence}\nby = \"ann\"\n\n"
            )
            .unwrap();
        }
        text
    }

    #[test]
    fn files_read_in_parallel_read_as_they_do_serially_problems_included() {
        let texts = [
            file(3, false),
            file(9000, true),
            file(2, true),
            file(9000, false),
        ];
        let files: Vec<(FileId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (FileId(i + 1), t.as_str()))
            .collect();
        assert!(texts[1].len() > 2 * CHUNK_BYTES);
        let parallel = parse_files(&files);
        let serial: Vec<Parsed> = files
            .iter()
            .map(|&(file, text)| parse_one(file, text, parse_file))
            .collect();
        assert_eq!(parallel.len(), serial.len());
        for (p, s) in parallel.iter().zip(&serial) {
            assert_eq!(
                format!("{:?}", p.diagnostics),
                format!("{:?}", s.diagnostics)
            );
            assert_eq!(p.removed, s.removed);
            let checkins = |r: &RawFile| format!("{:?}", r.checkins().collect::<Vec<_>>());
            assert_eq!(checkins(&p.raw), checkins(&s.raw));
        }
        assert_eq!(serial[1].diagnostics.len(), 10);
        assert!(serial[2].diagnostics.is_empty());
        assert_eq!(serial[3].raw.checkins().count(), 9000);
    }
}
