//! What is wrong with a calendar file, and what a count refuses, as typed values with their words.

use chrono::{NaiveDate, Weekday};

/// One problem in a calendar file: where it is and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFileError {
    pub file: String,
    /// 1-based; 0 for a problem of the whole file (unreadable, too large).
    pub line: usize,
    pub problem: CalendarProblem,
}

impl std::error::Error for CalendarFileError {}

impl std::error::Error for CalendarProblem {}

/// The text of a calendar file's bytes; bytes that are not UTF-8 are refused naming the line and column of the first
/// one.
pub fn calendar_text(file: &str, bytes: Vec<u8>) -> Result<String, CalendarFileError> {
    crate::domain::chars::utf8_text(bytes).map_err(|e| CalendarFileError {
        file: file.to_string(),
        line: e.line,
        problem: CalendarProblem::NotUtf8 { column: e.column, byte: e.byte },
    })
}

/// Why a calendar file is refused: one variant per reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarProblem {
    Unreadable { reason: String },
    NotUtf8 { column: usize, byte: u8 },
    TooLarge { bytes: usize, limit: usize },
    Syntax { message: String },
    MissingKey { key: String },
    UnknownKey { key: String, expected: String },
    Schema { found: u32 },
    NoYears,
    NoPeriods { year: i32 },
    BadYear { year: i64 },
    Empty { what: &'static str },
    MalformedDate { text: String },
    NoSuchDay { text: String, month: String, day: u32 },
    MalformedRange { text: String },
    ReversedRange { first: NaiveDate, last: NaiveDate },
    OutsideYear { date: NaiveDate, year: i32 },
    RestAndWork { date: NaiveDate, work_period: String, rest_period: String, rest_line: usize },
    WorkNotWeekend { date: NaiveDate, weekday: Weekday },
    WorkTwice { date: NaiveDate, first_line: usize },
    Overlap { period: String, first: NaiveDate, last: NaiveDate, other: String, other_line: usize },
    UnknownAmendment { number: String, year: i32 },
    YearTwice { year: i32, first_line: usize },
    YearInOtherFile { year: i32, other_file: String },
}
