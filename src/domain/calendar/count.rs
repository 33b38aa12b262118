//! The calendar loaded from its files, and counting periods on it.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::domain::explain::Explain;

use super::parse::parse_calendar_file;
use super::problem::{CalendarFileError, CalendarProblem};
use super::{CalendarYear, Day, Unit};

/// A count the calendar refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A day the count needs lies in a year no calendar file defines.
    #[error("{}", self.en())]
    NotCovered { year: i32, date: NaiveDate },
    /// The answer lies beyond the dates that can be represented at all.
    #[error("{}", self.en())]
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
    /// Whether each day of the year (by its ordinal from 0) is a working day, as [`Calendar::day`] says: one bit each,
    /// so that counting a period looks each day up once, without searching the marks (the case list counts
    /// tens of thousands of periods).
    work: [u64; 6],
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
        let mut work = [0u64; 6];
        let mut day = NaiveDate::from_yo_opt(year.year, 1);
        while let Some(d) = day.filter(|d| d.year() == year.year) {
            let working = match marks.get(&d) {
                Some(Mark::Rest(_)) => false,
                Some(Mark::Work(_)) => true,
                None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
            };
            let i = d.ordinal0() as usize;
            if working {
                work[i / 64] |= 1 << (i % 64);
            }
            day = d.succ_opt();
        }
        Indexed { year, marks, work }
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
        let indexed = self.years.get(&date.year()).ok_or(CalendarError::NotCovered { year: date.year(), date })?;
        let i = date.ordinal0() as usize;
        Ok(indexed.work[i / 64] >> (i % 64) & 1 == 1)
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
