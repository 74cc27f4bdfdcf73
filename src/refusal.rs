//! A refusal: a command declining to do what it was asked, with what is wrong and, when
//! one is known, the fix. Commands print it as `error: …`, `help: …` and `nothing was
//! written`, with exit code 2. It is an [`std::error::Error`], so code deep in a write
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

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}
