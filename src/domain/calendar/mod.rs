//! China's official working calendar, and counting periods on it as Chinese law counts them.
//!
//! The calendar is data: the statutory holidays and the weekends worked in their place (调休上班), year by year, as the
//! General Office of the State Council publishes them (国务院办公厅关于<year>年部分节假日安排的通知). The built-in file
//! is `calendars/china.toml`; a support unit adds a year with a file of the same format. This module parses and checks
//! such files (text and a name in, no file I/O) and counts on the result.
//!
//! # How periods are counted
//!
//! The source compilation the product is built from does not contain the 民法典 (Civil Code); its articles on periods
//! are cited here by number only:
//!
//! - 第二百零一条: the day of the event that starts a period does not count; counting starts the next day. So `n`
//!   days after `from` ends on `from + n`, and `n` working days after `from` is the `n`-th working day after it.
//! - 第二百零二条: a period in months ends on the corresponding day of the last month; when that month has no such
//!   day, on its last day.
//! - 第二百零三条: a period whose last day is a statutory rest day (法定休假日) ends on the day after the rest days,
//!   which is the first working day after it. Rest days are the ones the calendar says are rested: a Saturday worked
//!   under 调休 is a working day, so a period ending on it stays there.
//!
//! A period of `n = 0` has no day to count: it ends on the day of the event itself, and that day is then extended
//! like any last day (a working `from` is the answer; a rest day gives the first working day after it). So every
//! answer is a working day, and `workdays_after(d, 0) == workdays_after(d, 1)` exactly when `d` is a rest day.
//!
//! # Beyond the calendar
//!
//! A year that no file defines is unknown, not a year without holidays: any count that needs one of its days is
//! refused with [`CalendarError::NotCovered`] naming the year. Only the days a count actually looks at are needed (the
//! days after `from` up to the answer, or the last day and its extension), not `from` itself.

mod count;
mod explain;
mod parse;
mod problem;

use std::fmt;

use chrono::NaiveDate;

pub use count::{Calendar, CalendarError, CalendarFile};
pub use parse::parse_calendar_file;
pub use problem::{CalendarFileError, CalendarProblem, calendar_text};

/// The largest calendar file accepted, in bytes. The built-in file of seven years is about 13 KiB.
pub const MAX_CALENDAR_FILE_BYTES: usize = 64 * 1024;

/// The only format version so far.
pub const CALENDAR_SCHEMA: u32 = 1;

// ------------------------------------------------------------------------------------------------------- the model

/// One notice of the State Council's General Office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Its title, e.g. 国务院办公厅关于2026年部分节假日安排的通知.
    pub title: String,
    /// Its 文号, e.g. 国办发明电〔2025〕7号.
    pub number: String,
    /// The date it was issued.
    pub issued: NaiveDate,
}

/// One holiday period as the notice names it (元旦, 春节, 国庆节、中秋节 …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    /// The first and last rest day (放假), weekends within included.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The weekend days worked for this period (调休上班), in date order.
    pub work: Vec<NaiveDate>,
    /// The number of the amendment that set these days, if one did.
    pub amended_by: Option<String>,
}

impl Period {
    pub fn rest_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }
}

/// The official calendar of one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYear {
    pub year: i32,
    pub notice: Notice,
    /// Later notices that changed the year (2020: the extension of 春节 for COVID-19).
    pub amendments: Vec<Notice>,
    /// In date order.
    pub periods: Vec<Period>,
    /// The file it was loaded from, for messages.
    pub origin: String,
}

/// What one day is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day<'a> {
    /// Monday to Friday, not in a holiday.
    Workday,
    /// Saturday or Sunday, neither in a holiday nor worked.
    Weekend,
    /// A rest day of a holiday period.
    Holiday(&'a Period),
    /// A weekend day worked for a holiday period (调休上班).
    WorkedWeekend(&'a Period),
}

impl Day<'_> {
    pub fn is_workday(&self) -> bool {
        matches!(self, Day::Workday | Day::WorkedWeekend(_))
    }
}

/// What a period counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    WorkingDays,
    Days,
    Months,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::WorkingDays => "working days",
            Unit::Days => "days",
            Unit::Months => "months",
        })
    }
}
