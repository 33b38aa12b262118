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

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

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

/// A count the calendar refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A day the count needs lies in a year no calendar file defines.
    #[error(
        "the calendar has no official holidays and working weekends for {year} (needed for {date}): add the State \
         Council's notice for {year} as a calendar file (<data dir>/calendars/*.toml)"
    )]
    NotCovered { year: i32, date: NaiveDate },
    /// The answer lies beyond the dates that can be represented at all.
    #[error("{n} {unit} after {from} is beyond any date that can be counted")]
    OutOfRange { from: NaiveDate, n: u32, unit: Unit },
}

#[derive(Clone, Copy, Debug)]
enum Mark {
    Rest(usize),
    Work(usize),
}

#[derive(Clone, Debug)]
struct Indexed {
    year: CalendarYear,
    marks: BTreeMap<NaiveDate, Mark>,
}

impl Indexed {
    fn new(year: CalendarYear) -> Self {
        let mut marks = BTreeMap::new();
        for (i, p) in year.periods.iter().enumerate() {
            for d in p.rest_days() {
                marks.insert(d, Mark::Rest(i));
            }
            for d in &p.work {
                marks.insert(*d, Mark::Work(i));
            }
        }
        Indexed { year, marks }
    }
}

/// The official calendar: the years its files define, each at most once.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    years: BTreeMap<i32, Indexed>,
}

/// One calendar file to load: a name for messages and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFile {
    pub name: String,
    pub text: String,
}

impl Calendar {
    /// Loads files in order (the built-in one first), keeping every valid file whole and reporting every problem. A
    /// file with any problem adds none of its years: its dates stay beyond the calendar rather than half-defined. A
    /// year already defined by an earlier file is refused, naming that file.
    pub fn load(files: &[CalendarFile]) -> (Calendar, Vec<CalendarFileError>) {
        let mut calendar = Calendar::default();
        let mut errors = Vec::new();
        for f in files {
            let years = match parse_calendar_file(&f.name, &f.text) {
                Ok(years) => years,
                Err(e) => {
                    errors.extend(e);
                    continue;
                }
            };
            let clashes: Vec<CalendarFileError> = years
                .iter()
                .filter_map(|(line, y)| {
                    calendar.years.get(&y.year).map(|existing| CalendarFileError {
                        file: f.name.clone(),
                        line: *line,
                        problem: CalendarProblem::YearInOtherFile {
                            year: y.year,
                            other_file: existing.year.origin.clone(),
                        },
                    })
                })
                .collect();
            if clashes.is_empty() {
                for (_, y) in years {
                    calendar.years.insert(y.year, Indexed::new(y));
                }
            } else {
                errors.extend(clashes);
            }
        }
        (calendar, errors)
    }

    /// The years defined, in order.
    pub fn years(&self) -> impl Iterator<Item = &CalendarYear> {
        self.years.values().map(|i| &i.year)
    }

    pub fn year(&self, year: i32) -> Option<&CalendarYear> {
        self.years.get(&year).map(|i| &i.year)
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// What `date` is, or a refusal when its year is not defined.
    pub fn day(&self, date: NaiveDate) -> Result<Day<'_>, CalendarError> {
        let indexed = self.years.get(&date.year()).ok_or(CalendarError::NotCovered { year: date.year(), date })?;
        Ok(match indexed.marks.get(&date) {
            Some(Mark::Rest(i)) => Day::Holiday(&indexed.year.periods[*i]),
            Some(Mark::Work(i)) => Day::WorkedWeekend(&indexed.year.periods[*i]),
            None if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) => Day::Weekend,
            None => Day::Workday,
        })
    }

    /// Whether `date` is a working day: Monday to Friday outside the holidays, and the weekends worked under 调休.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.day(date).map(|d| d.is_workday())
    }

    /// The date `n` working days after `from`: the `n`-th working day after it, `from` itself not counted (民法典 第二百零一条).
    /// `n = 0` gives `from` when it is a working day, else the first working day after it.
    pub fn workdays_after(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return self.extend(from, from, n, Unit::WorkingDays);
        }
        let overflow = CalendarError::OutOfRange { from, n, unit: Unit::WorkingDays };
        let mut day = from;
        let mut left = n;
        loop {
            day = day.succ_opt().ok_or(overflow)?;
            if self.is_workday(day)? {
                left -= 1;
                if left == 0 {
                    return Ok(day);
                }
            }
        }
    }

    /// The last day of a period of `n` calendar days after `from` (`from + n`, 民法典 第二百零一条), moved to the first
    /// working day after it when it is a rest day (第二百零三条).
    pub fn days_after(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let last = from.checked_add_days(Days::new(u64::from(n))).ok_or(CalendarError::OutOfRange {
            from,
            n,
            unit: Unit::Days,
        })?;
        self.extend(from, last, n, Unit::Days)
    }

    /// The last day of a period of `n` months after `from`: the corresponding day of the `n`-th month, or that
    /// month's last day when it has no such day (民法典 第二百零二条), moved to the first working day after it when it
    /// is a rest day (第二百零三条).
    pub fn months_after(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let last =
            from.checked_add_months(Months::new(n)).ok_or(CalendarError::OutOfRange { from, n, unit: Unit::Months })?;
        self.extend(from, last, n, Unit::Months)
    }

    /// `last` itself when it is a working day, else the first working day after it (民法典 第二百零三条).
    fn extend(&self, from: NaiveDate, last: NaiveDate, n: u32, unit: Unit) -> Result<NaiveDate, CalendarError> {
        let mut day = last;
        while !self.is_workday(day)? {
            day = day.succ_opt().ok_or(CalendarError::OutOfRange { from, n, unit })?;
        }
        Ok(day)
    }
}

// ------------------------------------------------------------------------------------------------- file problems

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

// ------------------------------------------------------------------------------------------------------ the format

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<u32>,
    #[serde(default)]
    years: Vec<RawYear>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    notice: Spanned<String>,
    number: Spanned<String>,
    issued: Spanned<String>,
    #[serde(default)]
    amendments: Vec<RawAmendment>,
    #[serde(default)]
    periods: Vec<RawPeriod>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    notice: Spanned<String>,
    number: Spanned<String>,
    issued: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    name: Spanned<String>,
    rest: Spanned<String>,
    #[serde(default)]
    work: Vec<Spanned<String>>,
    amended_by: Option<Spanned<String>>,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<CalendarFileError>,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn err(&mut self, span: Range<usize>, problem: CalendarProblem) {
        let line = self.line_of(span.start);
        self.errors.push(CalendarFileError { file: self.file.to_string(), line, problem });
    }

    fn text(&mut self, value: &Spanned<String>, what: &'static str) -> String {
        let t = value.get_ref().trim();
        if t.is_empty() {
            self.err(value.span(), CalendarProblem::Empty { what });
        }
        t.to_string()
    }

    fn date(&mut self, value: &Spanned<String>) -> Option<NaiveDate> {
        match parse_date(value.get_ref().trim()) {
            Ok(d) => Some(d),
            Err(problem) => {
                self.err(value.span(), problem);
                None
            }
        }
    }

    fn notice(&mut self, title: &Spanned<String>, number: &Spanned<String>, issued: &Spanned<String>) -> Notice {
        Notice {
            title: self.text(title, "notice"),
            number: self.text(number, "number"),
            issued: self.date(issued).unwrap_or_default(),
        }
    }
}

/// A date written exactly as YYYY-MM-DD.
fn parse_date(text: &str) -> Result<NaiveDate, CalendarProblem> {
    let malformed = || CalendarProblem::MalformedDate { text: text.to_string() };
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(malformed()) };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(malformed());
    }
    let (year, month, day) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>());
    let (Ok(year), Ok(month), Ok(day)) = (year, month, day) else { return Err(malformed()) };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(malformed());
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| CalendarProblem::NoSuchDay {
        text: text.to_string(),
        month: format!("{year}-{month:02}"),
        day,
    })
}

fn weekday_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn parse_toml(file: &str, text: &str) -> Result<RawFile, CalendarFileError> {
    toml::from_str::<RawFile>(text).map_err(|e| {
        let ctx = Ctx { file, text, errors: Vec::new() };
        let line = e.span().map(|s| ctx.line_of(s.start)).unwrap_or(1);
        let message = e.message().trim().to_string();
        // serde's wording for a key the format does not have ("unknown field `x`, expected one of `a`, `b`") and for
        // one it needs ("missing field `x`").
        let quoted = |prefix: &str| message.strip_prefix(prefix).and_then(|rest| rest.split_once('`'));
        let problem = if let Some((key, rest)) = quoted("unknown field `") {
            CalendarProblem::UnknownKey {
                key: key.to_string(),
                expected: rest.trim_start_matches(", expected ").trim_start_matches("one of ").to_string(),
            }
        } else if let Some((key, "")) = quoted("missing field `") {
            CalendarProblem::MissingKey { key: key.to_string() }
        } else {
            CalendarProblem::Syntax { message: message.clone() }
        };
        CalendarFileError { file: file.to_string(), line, problem }
    })
}

/// Parses and checks one calendar file. Every problem is reported, each with its line; on success, every year with
/// the line of its `year` key.
pub fn parse_calendar_file(file: &str, text: &str) -> Result<Vec<(usize, CalendarYear)>, Vec<CalendarFileError>> {
    if text.len() > MAX_CALENDAR_FILE_BYTES {
        return Err(vec![CalendarFileError {
            file: file.to_string(),
            line: 0,
            problem: CalendarProblem::TooLarge { bytes: text.len(), limit: MAX_CALENDAR_FILE_BYTES },
        }]);
    }
    let raw = parse_toml(file, text).map_err(|e| vec![e])?;
    let mut ctx = Ctx { file, text, errors: Vec::new() };
    if *raw.schema.get_ref() != CALENDAR_SCHEMA {
        ctx.err(raw.schema.span(), CalendarProblem::Schema { found: *raw.schema.get_ref() });
    }
    if raw.years.is_empty() {
        ctx.err(raw.schema.span(), CalendarProblem::NoYears);
    }
    let mut seen: BTreeMap<i32, usize> = BTreeMap::new();
    let mut years = Vec::new();
    for ry in &raw.years {
        let line = ctx.line_of(ry.year.span().start);
        let number = *ry.year.get_ref();
        let Some(year) = i32::try_from(number).ok().filter(|y| (1000..=9999).contains(y)) else {
            ctx.err(ry.year.span(), CalendarProblem::BadYear { year: number });
            continue;
        };
        if let Some(first_line) = seen.insert(year, line) {
            ctx.err(ry.year.span(), CalendarProblem::YearTwice { year, first_line });
            seen.insert(year, first_line);
        }
        years.push((line, check_year(&mut ctx, year, ry)));
    }
    if ctx.errors.is_empty() { Ok(years) } else { Err(ctx.errors) }
}

fn check_year(ctx: &mut Ctx, year: i32, ry: &RawYear) -> CalendarYear {
    // A year without periods would count every weekday as worked: exactly the silent guess the calendar refuses.
    if ry.periods.is_empty() {
        ctx.err(ry.year.span(), CalendarProblem::NoPeriods { year });
    }
    let notice = ctx.notice(&ry.notice, &ry.number, &ry.issued);
    let amendments: Vec<Notice> = ry.amendments.iter().map(|a| ctx.notice(&a.notice, &a.number, &a.issued)).collect();
    let in_year = |ctx: &mut Ctx, value: &Spanned<String>| -> Option<NaiveDate> {
        let d = ctx.date(value)?;
        if d.year() != year {
            ctx.err(value.span(), CalendarProblem::OutsideYear { date: d, year });
            return None;
        }
        Some(d)
    };

    // Each period with the line of its `rest`, for messages about other periods.
    let mut periods: Vec<(usize, Period)> = Vec::new();
    let mut work_lines: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut work_of: Vec<(NaiveDate, Range<usize>, usize)> = Vec::new();
    for rp in &ry.periods {
        let name = ctx.text(&rp.name, "name");
        let rest_text = rp.rest.get_ref().trim();
        let (first_text, last_text) = match rest_text.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (rest_text, rest_text),
        };
        let range = if first_text.is_empty() || last_text.is_empty() || last_text.contains("..") {
            ctx.err(rp.rest.span(), CalendarProblem::MalformedRange { text: rest_text.to_string() });
            None
        } else {
            let span = rp.rest.span();
            let first = in_year(ctx, &Spanned::new(span.clone(), first_text.to_string()));
            let last = if first_text == last_text {
                first
            } else {
                in_year(ctx, &Spanned::new(span.clone(), last_text.to_string()))
            };
            match (first, last) {
                (Some(f), Some(l)) if l < f => {
                    ctx.err(span, CalendarProblem::ReversedRange { first: f, last: l });
                    None
                }
                (Some(f), Some(l)) => Some((f, l)),
                _ => None,
            }
        };
        let amended_by = rp.amended_by.as_ref().map(|a| {
            let number = a.get_ref().trim().to_string();
            if !amendments.iter().any(|n| n.number == number) {
                ctx.err(a.span(), CalendarProblem::UnknownAmendment { number: number.clone(), year });
            }
            number
        });
        let mut work = Vec::new();
        for w in &rp.work {
            let Some(d) = in_year(ctx, w) else { continue };
            let line = ctx.line_of(w.span().start);
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                ctx.err(w.span(), CalendarProblem::WorkNotWeekend { date: d, weekday: weekday_name(d).to_string() });
            }
            if let Some(first_line) = work_lines.get(&d) {
                ctx.err(w.span(), CalendarProblem::WorkTwice { date: d, first_line: *first_line });
                continue;
            }
            work_lines.insert(d, line);
            work_of.push((d, w.span(), periods.len()));
            work.push(d);
        }
        work.sort();
        if let Some((first, last)) = range {
            periods.push((ctx.line_of(rp.rest.span().start), Period { name, first, last, work, amended_by }));
        } else {
            // Keep the index of later periods' working days right; this period's rest days are unknown.
            periods.push((0, Period { name, first: NaiveDate::MAX, last: NaiveDate::MIN, work, amended_by }));
        }
    }

    // A working day inside any period's rest days.
    for (d, span, owner) in &work_of {
        if let Some((rest_line, p)) = periods.iter().find(|(_, p)| p.first <= *d && *d <= p.last) {
            let problem = CalendarProblem::RestAndWork {
                date: *d,
                work_period: periods[*owner].1.name.clone(),
                rest_period: p.name.clone(),
                rest_line: *rest_line,
            };
            ctx.err(span.clone(), problem);
        }
    }

    // Overlapping rest days, reported on the later of the two periods.
    let mut order: Vec<&(usize, Period)> = periods.iter().filter(|(line, _)| *line > 0).collect();
    order.sort_by_key(|(line, p)| (p.first, *line));
    for pair in order.windows(2) {
        let ((a_line, a), (b_line, b)) = (pair[0], pair[1]);
        if b.first <= a.last {
            let (later_line, later, earlier_line, earlier) =
                if b_line > a_line { (b_line, b, a_line, a) } else { (a_line, a, b_line, b) };
            ctx.errors.push(CalendarFileError {
                file: ctx.file.to_string(),
                line: *later_line,
                problem: CalendarProblem::Overlap {
                    period: later.name.clone(),
                    first: later.first,
                    last: later.last,
                    other: earlier.name.clone(),
                    other_line: *earlier_line,
                },
            });
        }
    }

    let mut periods: Vec<Period> = periods.into_iter().map(|(_, p)| p).collect();
    periods.sort_by_key(|p| p.first);
    CalendarYear { year, notice, amendments, periods, origin: ctx.file.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        assert_eq!(parse_date("2026-02-28"), Ok(date("2026-02-28")));
        for bad in ["2026-2-28", "26-02-28", "2026/02/28", "2026-02-28 ", "２０２６-02-28", "2026-13-01", "2026-00-10"]
        {
            assert!(matches!(parse_date(bad), Err(CalendarProblem::MalformedDate { .. })), "{bad}");
        }
        assert!(matches!(parse_date("2026-02-29"), Err(CalendarProblem::NoSuchDay { day: 29, .. })));
        assert_eq!(parse_date("2024-02-29"), Ok(date("2024-02-29")));
    }

    #[test]
    fn an_unknown_key_is_its_own_problem() {
        let text =
            "schema = 1\n[[years]]\nyear = 2026\nnotice = \"t\"\nnumber = \"n\"\nissued = \"2025-11-04\"\nyaer = 1\n";
        let errors = parse_calendar_file("x.toml", text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 7);
        assert!(
            matches!(&errors[0].problem, CalendarProblem::UnknownKey { key, expected } if key == "yaer" && expected.contains("`periods`")),
            "{errors:?}"
        );
    }

    #[test]
    fn the_size_limit_is_checked_before_parsing() {
        let text = format!("schema = 1\n{}", "#".repeat(MAX_CALENDAR_FILE_BYTES));
        let errors = parse_calendar_file("big.toml", &text).unwrap_err();
        assert_eq!(
            errors,
            vec![CalendarFileError {
                file: "big.toml".into(),
                line: 0,
                problem: CalendarProblem::TooLarge { bytes: text.len(), limit: MAX_CALENDAR_FILE_BYTES }
            }]
        );
    }
}
