//! What is wrong with a calendar file, and what a count refuses, as typed values with their words.

use chrono::NaiveDate;

use super::CALENDAR_SCHEMA;

/// One problem in a calendar file: where it is and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFileError {
    pub file: String,
    /// 1-based; 0 for a problem of the whole file (unreadable, too large).
    pub line: usize,
    pub problem: CalendarProblem,
}

impl std::fmt::Display for CalendarFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Line 0: a problem of the whole file (it cannot be read, it is too large), said without a line.
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.problem)
        }
    }
}

impl std::error::Error for CalendarFileError {}

/// The text of a calendar file's bytes; bytes that are not UTF-8 are refused naming the line and column of the first
/// one.
pub fn calendar_text(file: &str, bytes: Vec<u8>) -> Result<String, CalendarFileError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = &bytes[..at];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = std::str::from_utf8(&valid[start..]).map_or(0, |s| s.chars().count()) + 1;
        CalendarFileError {
            file: file.to_string(),
            line,
            problem: CalendarProblem::NotUtf8 { column, byte: bytes[at] },
        }
    })
}

/// Why a calendar file is refused: one variant per reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarProblem {
    #[error("cannot read the file: {reason}")]
    Unreadable { reason: String },
    #[error(
        "column {column}: byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8 (it may have been saved as GBK \
         or another encoding)"
    )]
    NotUtf8 { column: usize, byte: u8 },
    #[error(
        "the file is {bytes} bytes; a calendar file may be at most {limit} bytes (split it into files of a few years)"
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error("{message}")]
    Syntax { message: String },
    #[error("missing key `{key}`; add it (calendars/README.md lists the keys)")]
    MissingKey { key: String },
    #[error("unknown key `{key}`; the keys here are {expected}")]
    UnknownKey { key: String, expected: String },
    #[error("schema {found} is not known; this version reads schema {CALENDAR_SCHEMA}")]
    Schema { found: u32 },
    #[error("the file defines no year; add a [[years]] table")]
    NoYears,
    #[error("year {year} lists no holiday period; add its [[years.periods]] from the notice")]
    NoPeriods { year: i32 },
    #[error("year {year} is not a year of four digits")]
    BadYear { year: i64 },
    #[error("{what} is empty")]
    Empty { what: &'static str },
    #[error("“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01")]
    MalformedDate { text: String },
    #[error("“{text}” is not a date: {month} has no day {day}")]
    NoSuchDay { text: String, month: String, day: u32 },
    #[error(
        "rest “{text}” must be one date (2026-04-05) or the first and last day joined by .. (2026-10-01..2026-10-07)"
    )]
    MalformedRange { text: String },
    #[error("rest {first}..{last} ends before it begins")]
    ReversedRange { first: NaiveDate, last: NaiveDate },
    #[error("{date} is not in {year}, the year of this table; each year's table lists only its own days")]
    OutsideYear { date: NaiveDate, year: i32 },
    #[error(
        "{date} is listed as a working day of {work_period} and lies in the rest days of {rest_period} (line {rest_line}); a day is either rested or worked"
    )]
    RestAndWork { date: NaiveDate, work_period: String, rest_period: String, rest_line: usize },
    #[error(
        "{date} is a {weekday}: only a Saturday or Sunday can be listed as a working weekend (a weekday is a working day already)"
    )]
    WorkNotWeekend { date: NaiveDate, weekday: String },
    #[error("{date} is listed as a working day twice (first on line {first_line})")]
    WorkTwice { date: NaiveDate, first_line: usize },
    #[error("the rest days of {period} ({first}..{last}) overlap those of {other} on line {other_line}")]
    Overlap { period: String, first: NaiveDate, last: NaiveDate, other: String, other_line: usize },
    #[error("amended_by “{number}” names no [[years.amendments]] of {year}")]
    UnknownAmendment { number: String, year: i32 },
    #[error("year {year} is defined twice in this file (first on line {first_line})")]
    YearTwice { year: i32, first_line: usize },
    #[error("year {year} is already defined by {other_file}; define each year in one file only")]
    YearInOtherFile { year: i32, other_file: String },
}
