//! A `dora` source's value read from the world: a git repository's tags, first-parent
//! merges and commits, and CSV files of deploys, failed deploys and incidents. The
//! counting itself is the parent module's arithmetic; this module only finds the events.
//!
//! The rules, as issue 12 gives them:
//!
//! - **Window**: the `window_days` calendar days ending on the measurement date D, in
//!   UTC: `[D − (n − 1) 00:00Z, D + 1 00:00Z)`. Commits, tags, deploys and incidents at or
//!   after D + 1 00:00Z are ignored, so a past date reproduces that day's number.
//! - **Deploys**: for `{ tag = "REGEX" }`, every tag whose name the regular expression
//!   matches (anywhere in the name, `regex` crate syntax), at an annotated tag's tagger
//!   date, otherwise the tagged commit's committer date. For `{ branch = "NAME" }`, every
//!   merge commit on the branch's first-parent line, at its committer date. For
//!   `{ file = "PATH" }`, every row of a CSV with a `time` (RFC 3339) and a `commit`
//!   (a hash, full or abbreviated, or any name git resolves) column. Deploys are ordered
//!   by time; deploys at the same time keep the order they were found in (tags by name,
//!   file rows by line).
//! - **Deployment frequency** = deploys in the window ÷ window days (deploys/day); 0
//!   without deploys.
//! - **Lead time for changes** = median, over the commits first deployed by a deploy in
//!   the window, of (that deploy's time − the commit's committer date), in hours. A commit
//!   is first deployed by the earliest deploy whose commit is it or has it as an ancestor
//!   (`git rev-list DEPLOY ^EVERY-EARLIER-DEPLOY`); merge commits count, and only commits
//!   reachable from deploy commits count. The median of an even count is the mean of the
//!   middle two.
//! - **Change failure rate** = failed deploys ÷ deploys in the window, a 0–1 fraction.
//!   With `{ commit = "REGEX" }` a deploy failed when a commit after it and up to the
//!   next deploy has a subject the expression matches: the commits reachable from the
//!   next deploy's commit and not from this deploy's commit, committed at or before the
//!   next deploy's time. For the latest deploy, "the next deploy" is the branch's tip
//!   (branch deploys) or HEAD (other deploys), and the commits count when committed
//!   before the window's end. With `{ file = "PATH" }` a deploy failed when the CSV's
//!   `deploy` column lists it, by tag name or by commit hash (4 or more hex digits, a
//!   prefix of the full hash).
//! - **Time to restore** = median (resolved − started) in hours over the incidents
//!   resolved in the window, from a CSV with `started` and `resolved` columns (RFC 3339);
//!   an empty `resolved` is an open incident and is skipped.
//! - Times with offsets are read as the UTC instants they name.
//!
//! Paths (`repo`, the CSV files) are relative to the directory of the plan file that
//! defines the source; absolute paths are used as they are (the plan's checks keep the
//! CSV files inside the planning repository). `repo` must be the top directory of a
//! clone with its whole history: a directory inside a repository (git would answer for
//! the enclosing one), a bare repository, or a shallow clone is refused. Every error is a complete
//! sentence naming the paths as the plan writes them.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;

use super::{
    Definition, Deploy, Deploys, Failures, Incident, Key, Window, change_failure_rate,
    deployment_frequency, lead_time_hours, time_to_restore_hours,
};
use crate::git::{Git, GitError};

/// A `dora` source's value as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The value, in the key's base unit: deploys/day, hours, or a 0–1 fraction.
    pub value: f64,
    /// The repository's HEAD, abbreviated to 7 hex digits; `None` without a `repo` (or
    /// before its first commit).
    pub head: Option<String>,
}

/// The value of the source `def` defines as of `date` (see the module docs for the
/// rules). `base` is the directory of the plan file defining it.
///
/// Fails with a sentence for the reader when a file or the repository cannot be read,
/// a pattern or a CSV value is malformed, or the key has no value: lead time and change
/// failure rate without deploys in the window, time to restore without incidents
/// resolved in it.
pub fn measure(def: &Definition, base: &Path, date: NaiveDate) -> Result<Reading, String> {
    let window = Window::ending(date, i64::from(def.window_days)).ok_or_else(|| {
        format!(
            "a window of {} ending {date} cannot be measured",
            days(def.window_days.into())
        )
    })?;
    let repo = def
        .repo
        .as_deref()
        .map(|written| Repo::open(base, written))
        .transpose()?;
    let head = repo.as_ref().and_then(Repo::head);
    let value = match def.key {
        Key::TimeToRestore => {
            let path = def
                .incidents
                .as_deref()
                .ok_or_else(|| missing(def.key, "incidents"))?;
            let incidents = read_incidents(base, path)?;
            time_to_restore_hours(&incidents, window)
                .ok_or_else(|| format!("no incidents resolved in {}", describe(window)))?
        }
        Key::DeploymentFrequency => {
            let (_, _, found) = deploys_of(def, base, repo.as_ref(), window)?;
            let dated: Vec<Deploy> = found.iter().map(|f| f.deploy(Vec::new(), false)).collect();
            deployment_frequency(&dated, window)
        }
        Key::LeadTime => {
            let (repo, _, found) = deploys_of(def, base, repo.as_ref(), window)?;
            some_inside(&found, window)?;
            let dated = repo.first_deployed(&found, window)?;
            lead_time_hours(&dated, window)
                .ok_or_else(|| format!("no commits were first deployed in {}", describe(window)))?
        }
        Key::ChangeFailureRate => {
            // The failures' definition is read first: a bad pattern or file is reported
            // whether or not the window has deploys.
            let failures = def
                .failures
                .as_ref()
                .ok_or_else(|| missing(def.key, "failures"))?;
            let failed = match failures {
                Failures::Commit(pattern) => {
                    let pattern = compile("failure pattern", pattern)?;
                    let (repo, deploys, found) = deploys_of(def, base, repo.as_ref(), window)?;
                    some_inside(&found, window)?;
                    let tip = match deploys {
                        Deploys::Branch(name) => Some(repo.branch(name)?),
                        Deploys::Tag(_) | Deploys::File(_) => repo.git.commit("HEAD"),
                    };
                    let failed =
                        repo.failed_by_commits(&found, window, &pattern, tip.as_deref())?;
                    dated(&found, failed)
                }
                Failures::File(path) => {
                    let listed = read_failed(base, path)?;
                    let (_, _, found) = deploys_of(def, base, repo.as_ref(), window)?;
                    some_inside(&found, window)?;
                    let failed = found.iter().map(|f| listed_as_failed(f, &listed)).collect();
                    dated(&found, failed)
                }
            };
            change_failure_rate(&failed, window)
                .ok_or_else(|| format!("no deploys in {}", describe(window)))?
        }
    };
    Ok(Reading { value, head })
}

/// The repository, the deploys' definition and the deploys before the window's end, for
/// the three keys counting deploys.
fn deploys_of<'d, 'r>(
    def: &'d Definition,
    base: &Path,
    repo: Option<&'r Repo<'d>>,
    window: Window,
) -> Result<(&'r Repo<'d>, &'d Deploys, Vec<Found>), String> {
    let repo = repo.ok_or_else(|| missing(def.key, "repo"))?;
    let deploys = def
        .deploys
        .as_ref()
        .ok_or_else(|| missing(def.key, "deploys"))?;
    let found = repo.deploys(deploys, base, window)?;
    Ok((repo, deploys, found))
}

/// `Ok` when a deploy falls in the window; lead time and change failure rate have no
/// value otherwise.
fn some_inside(found: &[Found], window: Window) -> Result<(), String> {
    if found.iter().any(|f| window.contains(f.time)) {
        Ok(())
    } else {
        Err(format!("no deploys in {}", describe(window)))
    }
}

/// The deploys with whether each failed, in the same order.
fn dated(found: &[Found], failed: Vec<bool>) -> Vec<Deploy> {
    found
        .iter()
        .zip(failed)
        .map(|(f, failed)| f.deploy(Vec::new(), failed))
        .collect()
}

/// The sentence for a source lacking a field its key needs (validation normally catches
/// it first).
fn missing(key: Key, field: &str) -> String {
    format!("a `{}` source needs `{field}`", key.name())
}

/// "the 28 days ending 2026-11-20".
fn describe(window: Window) -> String {
    let last = window.end - chrono::Duration::days(1);
    format!("the {} ending {}", days(window.days), last.date_naive())
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// A deploy as found, before counting: when, which commit, and the tag that made it one.
#[derive(Debug, Clone)]
struct Found {
    time: DateTime<Utc>,
    commit: String,
    tag: Option<String>,
}

impl Found {
    fn deploy(&self, new_commits: Vec<DateTime<Utc>>, failed: bool) -> Deploy {
        Deploy {
            time: self.time,
            new_commits,
            failed,
        }
    }
}

/// A repository, with its path as the plan writes it for messages.
struct Repo<'a> {
    git: Git,
    written: &'a str,
}

impl<'a> Repo<'a> {
    fn open(base: &Path, written: &'a str) -> Result<Self, String> {
        let path = base.join(written);
        if !path.exists() {
            return Err(format!("repository `{written}` does not exist"));
        }
        if !path.is_dir() {
            return Err(format!("`{written}` is not a git repository"));
        }
        let repo = Repo {
            git: Git::new(&path),
            written,
        };
        match repo.git.check_repository() {
            Ok(()) => {}
            Err(GitError::Failed(message)) if message.contains("not a git repository") => {
                return Err(format!("`{written}` is not a git repository"));
            }
            Err(e) => return Err(repo.failed(&e)),
        }
        // git answers for the repository enclosing any directory: a directory inside one
        // (or a bare repository, which is never accepted) would measure something else.
        let top = repo
            .git
            .toplevel()
            .ok()
            .and_then(|t| std::fs::canonicalize(t).ok());
        if top.is_none() || top != std::fs::canonicalize(&path).ok() {
            return Err(format!(
                "`{written}` is not the top of a git repository (a directory inside one, or a bare repository); point `repo` at the top directory of a clone with a work tree"
            ));
        }
        // A shallow clone lacks the older commits and tags: lead time and failures would
        // be counted from what happens to be fetched.
        if repo.git.is_shallow() {
            return Err(format!(
                "`{written}` is a shallow clone, so its history is cut short and lead time and change failure rate would be wrong; fetch the whole history (`fetch-depth: 0` with `actions/checkout`, or `git fetch --unshallow`)"
            ));
        }
        Ok(repo)
    }

    fn failed(&self, e: &GitError) -> String {
        format!("cannot read repository `{}`: {e}", self.written)
    }

    fn head(&self) -> Option<String> {
        self.git
            .commit("HEAD")
            .map(|hash| hash.chars().take(7).collect())
    }

    fn branch(&self, name: &str) -> Result<String, String> {
        self.git
            .commit(name)
            .ok_or_else(|| format!("branch `{name}` does not exist in `{}`", self.written))
    }

    /// Every deploy before the window's end, ordered by time.
    fn deploys(
        &self,
        deploys: &Deploys,
        base: &Path,
        window: Window,
    ) -> Result<Vec<Found>, String> {
        let mut found = match deploys {
            Deploys::Tag(pattern) => {
                let pattern = compile("tag pattern", pattern)?;
                self.git
                    .tags()
                    .map_err(|e| self.failed(&e))?
                    .into_iter()
                    .filter(|tag| pattern.is_match(&tag.name))
                    .filter_map(|tag| {
                        Some(Found {
                            time: instant(tag.time)?,
                            commit: tag.commit,
                            tag: Some(tag.name),
                        })
                    })
                    .collect()
            }
            Deploys::Branch(name) => {
                let tip = self.branch(name)?;
                self.git
                    .first_parent_merges(&tip)
                    .map_err(|e| self.failed(&e))?
                    .into_iter()
                    .rev()
                    .filter_map(|merge| {
                        Some(Found {
                            time: instant(merge.time)?,
                            commit: merge.hash,
                            tag: None,
                        })
                    })
                    .collect()
            }
            Deploys::File(path) => self.deploys_from_file(base, path, window)?,
        };
        found.retain(|f| f.time < window.end);
        found.sort_by_key(|f| f.time);
        Ok(found)
    }

    fn deploys_from_file(
        &self,
        base: &Path,
        path: &str,
        window: Window,
    ) -> Result<Vec<Found>, String> {
        let mut rows = Vec::new();
        for row in read_columns(base, path, &["time", "commit"])? {
            let [time, commit] = <[String; 2]>::try_from(row).map_err(|_| unreachable_row())?;
            let time = parse_time(&time, "time", path)?;
            if time < window.end {
                rows.push((time, commit));
            }
        }
        let names: Vec<&str> = rows.iter().map(|(_, commit)| commit.as_str()).collect();
        let hashes = self
            .git
            .resolve_commits(&names)
            .map_err(|e| self.failed(&e))?;
        rows.iter()
            .zip(hashes.into_iter().chain(std::iter::repeat(None)))
            .map(|((time, name), hash)| {
                let commit = hash.ok_or_else(|| {
                    format!(
                        "a value in column `commit` of `{path}` is not a commit in `{}`: it is text of {}",
                        self.written,
                        crate::text::plural(name.chars().count(), "character")
                    )
                })?;
                Ok(Found {
                    time: *time,
                    commit,
                    tag: None,
                })
            })
            .collect()
    }

    /// The deploys with, for those in the window, the committer times of the commits
    /// each was the first to deploy.
    fn first_deployed(&self, found: &[Found], window: Window) -> Result<Vec<Deploy>, String> {
        let mut earlier: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        let mut dated = Vec::with_capacity(found.len());
        for f in found {
            let new_commits = if window.contains(f.time) && !seen.contains(f.commit.as_str()) {
                self.git
                    .commits(&f.commit, &earlier)
                    .map_err(|e| self.failed(&e))?
                    .iter()
                    .filter_map(|c| instant(c.time))
                    .collect()
            } else {
                Vec::new()
            };
            if seen.insert(f.commit.as_str()) {
                earlier.push(&f.commit);
            }
            dated.push(f.deploy(new_commits, false));
        }
        Ok(dated)
    }

    /// For each deploy, whether a commit after it and up to the next deploy (for the
    /// latest: up to `tip`, before the window's end) has a subject `pattern` matches.
    fn failed_by_commits(
        &self,
        found: &[Found],
        window: Window,
        pattern: &Regex,
        tip: Option<&str>,
    ) -> Result<Vec<bool>, String> {
        let mut failed = Vec::with_capacity(found.len());
        for (i, f) in found.iter().enumerate() {
            if !window.contains(f.time) {
                failed.push(false);
                continue;
            }
            // Commit times are whole seconds: "before the window's end" is "at or before
            // its last second".
            let (upto, until) = match found.get(i + 1) {
                Some(next) => (Some(next.commit.as_str()), next.time),
                None => (tip, window.end - chrono::Duration::seconds(1)),
            };
            let Some(upto) = upto else {
                failed.push(false);
                continue;
            };
            let after = self
                .git
                .commits(upto, &[f.commit.as_str()])
                .map_err(|e| self.failed(&e))?;
            failed.push(after.iter().any(|c| {
                instant(c.time).is_some_and(|t| t <= until) && pattern.is_match(&c.subject)
            }));
        }
        Ok(failed)
    }
}

/// The values of the `deploy` column of the failed-deploys CSV at `path`.
pub(crate) fn read_failed(base: &Path, path: &str) -> Result<Vec<String>, String> {
    Ok(read_columns(base, path, &["deploy"])?
        .into_iter()
        .flatten()
        .filter(|value| !value.is_empty())
        .collect())
}

/// Whether `listed` names the deploy: by its tag's name, or by 4 or more hex digits
/// that begin its commit's hash (any case).
fn listed_as_failed(deploy: &Found, listed: &[String]) -> bool {
    listed.iter().any(|value| {
        deploy.tag.as_deref() == Some(value.as_str())
            || (value.len() >= 4
                && value.chars().all(|c| c.is_ascii_hexdigit())
                && deploy.commit.starts_with(&value.to_ascii_lowercase()))
    })
}

/// The incidents in the CSV at `path` (`started`, `resolved`; an empty `resolved` is
/// an open incident).
pub(crate) fn read_incidents(base: &Path, path: &str) -> Result<Vec<Incident>, String> {
    read_columns(base, path, &["started", "resolved"])?
        .into_iter()
        .map(|row| {
            let [started, resolved] =
                <[String; 2]>::try_from(row).map_err(|_| unreachable_row())?;
            Ok(Incident {
                started: parse_time(&started, "started", path)?,
                resolved: if resolved.is_empty() {
                    None
                } else {
                    Some(parse_time(&resolved, "resolved", path)?)
                },
            })
        })
        .collect()
}

fn unreachable_row() -> String {
    "a CSV row lost a column while being read".to_string()
}

/// The values of `columns`, in that order, of every row of the CSV at `path` (relative
/// to `base`), trimmed. The first row names the columns.
fn read_columns(base: &Path, path: &str, columns: &[&str]) -> Result<Vec<Vec<String>>, String> {
    let unreadable = |e: &dyn std::fmt::Display| format!("cannot read `{path}`: {e}");
    let bytes =
        crate::sources::bounded::read_file(&base.join(path)).map_err(|e| e.describe(path))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| unreadable(&csv_error(&e)))?
        .clone();
    let indexes = columns
        .iter()
        .map(|column| {
            headers
                .iter()
                .position(|h| h == *column)
                .ok_or_else(|| format!("`{path}` has no column `{column}`"))
        })
        .collect::<Result<Vec<usize>, String>>()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(&csv_error(&e)))?;
        rows.push(
            indexes
                .iter()
                .map(|&i| record.get(i).unwrap_or("").to_string())
                .collect(),
        );
    }
    Ok(rows)
}

/// A CSV error without the path (the message names it as written): an I/O error's own
/// text, otherwise csv's.
fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

/// An RFC 3339 time from column `column` of the CSV at `path`, as a UTC instant. The
/// error says how long the value is, never what it says (a file may hold anything).
fn parse_time(value: &str, column: &str, path: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "a value in column `{column}` of `{path}` is not an RFC 3339 time: it is text of {}",
                crate::text::plural(value.chars().count(), "character")
            )
        })
}

/// A regular expression from the plan; `what` names it in the error ("tag pattern").
fn compile(what: &str, pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| {
        let text = e.to_string();
        // regex's syntax errors are drawings over several lines; the last one says why.
        let reason = text
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix("error: "))
            .unwrap_or(&text)
            .to_string();
        format!("{what} `{pattern}` is not a valid regular expression: {reason}")
    })
}

/// Seconds since the Unix epoch as an instant (`None` out of chrono's range).
fn instant(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_error_keeps_only_its_reason() {
        assert_eq!(
            compile("tag pattern", "^deploy-(").unwrap_err(),
            "tag pattern `^deploy-(` is not a valid regular expression: unclosed group"
        );
        assert!(compile("tag pattern", "^v[0-9]+$").is_ok());
    }

    #[test]
    fn windows_are_described_by_their_last_day() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(
            describe(Window::ending(date, 28).unwrap()),
            "the 28 days ending 2026-11-20"
        );
        assert_eq!(
            describe(Window::ending(date, 1).unwrap()),
            "the 1 day ending 2026-11-20"
        );
    }

    #[test]
    fn times_with_offsets_are_utc_instants() {
        assert_eq!(
            parse_time("2026-11-21T00:30:00+01:00", "time", "d.csv").unwrap(),
            DateTime::parse_from_rfc3339("2026-11-20T23:30:00Z").unwrap()
        );
        assert_eq!(
            parse_time("2026-13-01", "started", "incidents.csv").unwrap_err(),
            "a value in column `started` of `incidents.csv` is not an RFC 3339 time: it is text of 10 characters"
        );
    }
}
