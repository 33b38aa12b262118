//! Parsing and checking a calendar file's text (a name and text in; no file I/O).

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

use super::problem::{CalendarFileError, CalendarProblem};
use super::{CALENDAR_SCHEMA, CalendarYear, MAX_CALENDAR_FILE_BYTES, Notice, Period};

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
                ctx.err(w.span(), CalendarProblem::WorkNotWeekend { date: d, weekday: d.weekday() });
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
