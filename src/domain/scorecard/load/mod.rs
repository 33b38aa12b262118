//! Parsing and validating scorecard and province files.
//!
//! A file is parsed into its raw form (`raw.rs`), then every rule of the format is checked. All the problems found are
//! reported together, each with the file, the line and a typed reason (said in Chinese and in English), so that a support unit writing its own sheet
//! can fix them in one pass.
//!
//! Files come from outside (a data directory, a USB stick, a bundle), so before anything else a file's size and the
//! length of every value and key in it are checked against the limits below, as the command line checks what is
//! typed: a 50 MB title is refused at its line instead of slowing every later command down.

mod parse;
mod problem;
mod procedure;
mod procedure_problem;
mod province;
mod rules;
mod rules_problem;
mod sheet;
mod words;
#[cfg(test)]
mod words_tests;

use std::fmt;

pub use problem::{Part, Place, RulesProblem, SheetProblem};
pub use procedure_problem::{ProcedurePart, ProcedureProblem};
pub use province::parse_province;
pub use sheet::parse_scorecard;

use crate::domain::explain::Explain;

/// The largest sheet or rules file read: 1 MiB, fifty times the largest built-in file (18,809 bytes).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The longest one-line value (titles, names, numbers, ids, citations, labels): as the command line's one-line
/// fields. The longest built-in one is an item title of 87 characters.
pub const MAX_LINE_CHARS: usize = crate::domain::limits::MAX_NAME;
/// The longest free text (`text`, `reading`, `guidance`): as the command line's free text. The longest built-in one
/// is a note of 709 characters.
pub const MAX_TEXT_CHARS: usize = crate::domain::limits::MAX_TEXT;
/// The keys whose values are free text; every other string is a one-line value.
pub const FREE_TEXT_KEYS: [&str; 3] = ["text", "reading", "guidance"];
/// The longest key: the format's keys are words such as `title` or `accept_sum_mismatch`.
pub const MAX_KEY_CHARS: usize = 64;

/// One problem in a data file: where it is and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    /// 1-based; 0 for a problem of the whole file (unreadable, too large).
    pub line: usize,
    /// Boxed: a problem names values of the file, and a `Result` carrying one stays small.
    pub problem: Box<SheetProblem>,
}

impl LoadError {
    pub fn new(file: impl Into<String>, line: usize, problem: SheetProblem) -> LoadError {
        LoadError { file: file.into(), line, problem: Box::new(problem) }
    }

    /// The problem's English words ([`Explain::en`] of `problem`), for readers that match on the text.
    pub fn message(&self) -> String {
        self.problem.en()
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for LoadError {}

/// The text of a file's bytes; bytes that are not UTF-8 are refused naming the line and column of the first one.
pub fn text_of(file: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    crate::domain::chars::utf8_text(bytes)
        .map_err(|e| LoadError::new(file, e.line, SheetProblem::NotUtf8 { column: e.column, byte: e.byte }))
}

/// Every problem found in one or more files.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}
