//! A refusal: a command declining to do what it was asked, with what is wrong and, when
//! one is known, the fix. Every usage error is one: the command line's (resolving the
//! options) and the commands' alike, printed by `commands::usage` as `error: …` and
//! `help: …` (a write command's adding `nothing was written`), with exit code 2. It is an
//! [`std::error::Error`], so code deep in a write
//! (the replace protocol in `edit`) can return one inside an `anyhow::Error` and the
//! dispatcher still prints its help.

use std::fmt;

use crate::text::sanitize_lines;

/// Why a request was refused: a message and, when one is known, a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// A suggested fix.
    pub help: Option<String>,
}

impl Refusal {
    /// A refusal without a fix.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: sanitize_lines(&message.into()),
            help: None,
        }
    }

    /// The refusal with a fix.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(sanitize_lines(&help.into()));
        self
    }

    /// The refusal with the file it concerns named first: ``cannot write `FILE`: …``.
    #[must_use]
    pub fn about(mut self, file: &std::path::Path) -> Self {
        self.message = sanitize_lines(&format!(
            "cannot write `{}`: {}",
            file.display(),
            self.message
        ));
        self
    }
}

/// A refusal without a fix: the usage errors resolving the command line finds.
impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

/// A refusal without a fix.
impl From<&str> for Refusal {
    fn from(message: &str) -> Self {
        Self::new(message)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}
