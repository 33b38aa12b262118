//! The words of what a calendar file gets wrong and of what a count refuses: Chinese for the support unit and the
//! panel, English as the command line and the tests have always read it.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::count::CalendarError;
use super::problem::{CalendarFileError, CalendarProblem};
use super::{CALENDAR_SCHEMA, Unit};
use crate::domain::explain::Explain;

/// A date as the panel reads it: 2026年10月1日.
fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn en_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn zh_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

impl Explain for Unit {
    fn zh(&self) -> String {
        match self {
            Unit::WorkingDays => "个工作日",
            Unit::Days => "日",
            Unit::Months => "个月",
        }
        .into()
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

impl Explain for CalendarError {
    fn zh(&self) -> String {
        match self {
            CalendarError::NotCovered { year, date } => format!(
                "日历中没有 {year} 年的法定节假日和调休上班安排（计算需要 {}）：请将国务院办公厅关于 {year} 年部分节假日安排\
                 的通知作为日历文件加入（<数据目录>/calendars/*.toml）",
                zh_date(*date)
            ),
            CalendarError::OutOfRange { from, n, unit } => {
                format!("{}之后 {n} {}超出了可以计算的日期范围", zh_date(*from), unit.zh())
            }
        }
    }

    fn en(&self) -> String {
        match self {
            CalendarError::NotCovered { year, date } => format!(
                "the calendar has no official holidays and working weekends for {year} (needed for {date}): add the \
                 State Council's notice for {year} as a calendar file (<data dir>/calendars/*.toml)"
            ),
            CalendarError::OutOfRange { from, n, unit } => {
                format!("{n} {unit} after {from} is beyond any date that can be counted")
            }
        }
    }
}

impl Explain for CalendarProblem {
    fn zh(&self) -> String {
        use CalendarProblem as P;
        match self {
            P::Unreadable { reason } => format!("无法读取该文件：{reason}"),
            P::NotUtf8 { column, byte } => format!(
                "第 {column} 列：字节 0x{byte:02X} 不是 UTF-8 文本；请将文件另存为 UTF-8 编码（它可能被存成了 GBK 或其他编码）"
            ),
            P::TooLarge { bytes, limit } => {
                format!("该文件有 {bytes} 字节，日历文件最多 {limit} 字节（请拆成每个几年的多个文件）")
            }
            P::Syntax { message } => format!("TOML 格式有误：{message}"),
            P::MissingKey { key } => format!("缺少键 `{key}`；请补上（calendars/README.md 列出了所有键）"),
            P::UnknownKey { key, expected } => format!("未知的键 `{key}`；此处可用的键为 {expected}"),
            P::Schema { found } => format!("格式版本 {found} 无法识别；本版本读取格式版本 {CALENDAR_SCHEMA}"),
            P::NoYears => "该文件没有定义任何年份；请添加 [[years]] 表".into(),
            P::NoPeriods { year } => format!("{year} 年没有列出任何节假日；请按通知添加 [[years.periods]]"),
            P::BadYear { year } => format!("{year} 不是四位数的年份"),
            P::Empty { what } => format!("{what} 为空"),
            P::MalformedDate { text } => format!("“{text}”不是日期；请写成 YYYY-MM-DD，例如 2026-10-01"),
            P::NoSuchDay { text, month, day } => format!("“{text}”不是日期：{month} 没有第 {day} 日"),
            P::MalformedRange { text } => format!(
                "放假日期“{text}”须为一个日期（2026-04-05），或用 .. 连接的首日和末日（2026-10-01..2026-10-07）"
            ),
            P::ReversedRange { first, last } => format!("放假日期 {first}..{last} 的末日早于首日"),
            P::OutsideYear { date, year } => {
                format!("{date} 不在本表所属的 {year} 年内；每年的表只列该年的日期")
            }
            P::RestAndWork { date, work_period, rest_period, rest_line } => format!(
                "{date} 被列为{work_period}的调休上班日，却又在{rest_period}（第 {rest_line} 行）的放假日期内；一天只能是放假或上班"
            ),
            P::WorkNotWeekend { date, weekday } => {
                format!("{date} 是{}：只有星期六或星期日才能列为调休上班日（工作日本来就上班）", zh_weekday(*weekday))
            }
            P::WorkTwice { date, first_line } => format!("{date} 被两次列为上班日（第一次在第 {first_line} 行）"),
            P::Overlap { period, first, last, other, other_line } => {
                format!("{period}的放假日期（{first}..{last}）与第 {other_line} 行{other}的放假日期重叠")
            }
            P::UnknownAmendment { number, year } => {
                format!("amended_by“{number}”不是 {year} 年任何 [[years.amendments]] 的文号")
            }
            P::YearTwice { year, first_line } => format!("{year} 年在本文件中定义了两次（第一次在第 {first_line} 行）"),
            P::YearInOtherFile { year, other_file } => {
                format!("{year} 年已由 {other_file} 定义；每一年只能在一个文件中定义")
            }
        }
    }

    fn en(&self) -> String {
        use CalendarProblem as P;
        match self {
            P::Unreadable { reason } => format!("cannot read the file: {reason}"),
            P::NotUtf8 { column, byte } => format!(
                "column {column}: byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8 (it may have been saved \
                 as GBK or another encoding)"
            ),
            P::TooLarge { bytes, limit } => format!(
                "the file is {bytes} bytes; a calendar file may be at most {limit} bytes (split it into files of a few \
                 years)"
            ),
            P::Syntax { message } => message.clone(),
            P::MissingKey { key } => format!("missing key `{key}`; add it (calendars/README.md lists the keys)"),
            P::UnknownKey { key, expected } => format!("unknown key `{key}`; the keys here are {expected}"),
            P::Schema { found } => format!("schema {found} is not known; this version reads schema {CALENDAR_SCHEMA}"),
            P::NoYears => "the file defines no year; add a [[years]] table".into(),
            P::NoPeriods { year } => {
                format!("year {year} lists no holiday period; add its [[years.periods]] from the notice")
            }
            P::BadYear { year } => format!("year {year} is not a year of four digits"),
            P::Empty { what } => format!("{what} is empty"),
            P::MalformedDate { text } => format!("“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2026-10-01"),
            P::NoSuchDay { text, month, day } => format!("“{text}” is not a date: {month} has no day {day}"),
            P::MalformedRange { text } => format!(
                "rest “{text}” must be one date (2026-04-05) or the first and last day joined by .. \
                 (2026-10-01..2026-10-07)"
            ),
            P::ReversedRange { first, last } => format!("rest {first}..{last} ends before it begins"),
            P::OutsideYear { date, year } => {
                format!("{date} is not in {year}, the year of this table; each year's table lists only its own days")
            }
            P::RestAndWork { date, work_period, rest_period, rest_line } => format!(
                "{date} is listed as a working day of {work_period} and lies in the rest days of {rest_period} (line \
                 {rest_line}); a day is either rested or worked"
            ),
            P::WorkNotWeekend { date, weekday } => format!(
                "{date} is a {}: only a Saturday or Sunday can be listed as a working weekend (a weekday is a working \
                 day already)",
                en_weekday(*weekday)
            ),
            P::WorkTwice { date, first_line } => {
                format!("{date} is listed as a working day twice (first on line {first_line})")
            }
            P::Overlap { period, first, last, other, other_line } => {
                format!("the rest days of {period} ({first}..{last}) overlap those of {other} on line {other_line}")
            }
            P::UnknownAmendment { number, year } => {
                format!("amended_by “{number}” names no [[years.amendments]] of {year}")
            }
            P::YearTwice { year, first_line } => {
                format!("year {year} is defined twice in this file (first on line {first_line})")
            }
            P::YearInOtherFile { year, other_file } => {
                format!("year {year} is already defined by {other_file}; define each year in one file only")
            }
        }
    }
}

impl fmt::Display for CalendarProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl Explain for CalendarFileError {
    fn zh(&self) -> String {
        let file = &self.file;
        match (self.line, &self.problem) {
            // Line 0: a problem of the whole file (it cannot be read, it is too large), said without a line.
            (0, p) => format!("日历文件 {file}：{}", p.zh()),
            (line, CalendarProblem::NotUtf8 { column, byte }) => format!(
                "日历文件 {file} 第 {line} 行第 {column} 列：字节 0x{byte:02X} 不是 UTF-8 文本；请将文件另存为 UTF-8 编码\
                 （它可能被存成了 GBK 或其他编码）"
            ),
            (line, p) => format!("日历文件 {file} 第 {line} 行：{}", p.zh()),
        }
    }

    fn en(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.problem.en())
        } else {
            format!("{}:{}: {}", self.file, self.line, self.problem.en())
        }
    }
}

impl fmt::Display for CalendarFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The variant's number: a new variant does not compile here until it has one, and then fails the walk until
    /// it has a sample.
    fn variant(p: &CalendarProblem) -> usize {
        use CalendarProblem as P;
        match p {
            P::Unreadable { .. } => 0,
            P::NotUtf8 { .. } => 1,
            P::TooLarge { .. } => 2,
            P::Syntax { .. } => 3,
            P::MissingKey { .. } => 4,
            P::UnknownKey { .. } => 5,
            P::Schema { .. } => 6,
            P::NoYears => 7,
            P::NoPeriods { .. } => 8,
            P::BadYear { .. } => 9,
            P::Empty { .. } => 10,
            P::MalformedDate { .. } => 11,
            P::NoSuchDay { .. } => 12,
            P::MalformedRange { .. } => 13,
            P::ReversedRange { .. } => 14,
            P::OutsideYear { .. } => 15,
            P::RestAndWork { .. } => 16,
            P::WorkNotWeekend { .. } => 17,
            P::WorkTwice { .. } => 18,
            P::Overlap { .. } => 19,
            P::UnknownAmendment { .. } => 20,
            P::YearTwice { .. } => 21,
            P::YearInOtherFile { .. } => 22,
        }
    }
    const VARIANTS: usize = 23;

    fn samples() -> Vec<CalendarProblem> {
        use CalendarProblem as P;
        let s = |x: &str| x.to_string();
        let (d, e) = (date("2026-10-01"), date("2026-10-08"));
        vec![
            P::Unreadable { reason: s("Permission denied") },
            P::NotUtf8 { column: 3, byte: 0xB9 },
            P::TooLarge { bytes: 70_000, limit: 65_536 },
            P::Syntax { message: s("expected `=`") },
            P::MissingKey { key: s("notice") },
            P::UnknownKey { key: s("yaer"), expected: s("`year`, `periods`") },
            P::Schema { found: 2 },
            P::NoYears,
            P::NoPeriods { year: 2026 },
            P::BadYear { year: 26 },
            P::Empty { what: "name" },
            P::MalformedDate { text: s("2026-2-28") },
            P::NoSuchDay { text: s("2026-02-29"), month: s("2026-02"), day: 29 },
            P::MalformedRange { text: s("2026-10-01..") },
            P::ReversedRange { first: e, last: d },
            P::OutsideYear { date: date("2027-01-01"), year: 2026 },
            P::RestAndWork {
                date: d, work_period: s("春节"), rest_period: s("国庆节、中秋节"), rest_line: 12
            },
            P::WorkNotWeekend { date: d, weekday: Weekday::Thu },
            P::WorkTwice { date: date("2026-10-10"), first_line: 9 },
            P::Overlap { period: s("国庆节"), first: d, last: e, other: s("中秋节"), other_line: 20 },
            P::UnknownAmendment { number: s("国办发明电〔2020〕1号"), year: 2020 },
            P::YearTwice { year: 2026, first_line: 3 },
            P::YearInOtherFile { year: 2026, other_file: s("built-in:calendars/china.toml") },
        ]
    }

    #[test]
    fn every_calendar_problem_and_refusal_is_said_in_chinese_and_in_english() {
        let mut seen = [false; VARIANTS];
        for p in samples() {
            seen[variant(&p)] = true;
            assert!(has_cjk(&p.zh()) && !p.en().is_empty(), "{p:?}: {}", p.zh());
            assert_eq!(p.to_string(), p.en());
            for line in [0, 7] {
                let e = CalendarFileError { file: "a.toml".into(), line, problem: p.clone() };
                assert!(has_cjk(&e.zh()) && e.zh().contains("a.toml"), "{}", e.zh());
                assert!(e.en().ends_with(&p.en()) && e.to_string() == e.en(), "{}", e.en());
            }
        }
        let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
        assert!(missing.is_empty(), "variants without a sample: {missing:?}");
        let e = CalendarFileError {
            file: "gbk.toml".into(),
            line: 2,
            problem: CalendarProblem::NotUtf8 { column: 3, byte: 0xB9 },
        };
        assert!(e.zh().starts_with("日历文件 gbk.toml 第 2 行第 3 列："), "{}", e.zh());

        let from = date("2026-01-05");
        let refusals = [
            CalendarError::NotCovered { year: 2050, date: date("2050-06-01") },
            CalendarError::OutOfRange { from, n: 3, unit: Unit::WorkingDays },
            CalendarError::OutOfRange { from, n: 3, unit: Unit::Days },
            CalendarError::OutOfRange { from, n: 3, unit: Unit::Months },
        ];
        for r in &refusals {
            // Exhaustive: a new refusal or unit does not compile until it is walked here.
            match r {
                CalendarError::NotCovered { .. } => {}
                CalendarError::OutOfRange { unit: Unit::WorkingDays | Unit::Days | Unit::Months, .. } => {}
            }
            assert!(has_cjk(&r.zh()) && r.to_string() == r.en() && !r.en().is_empty(), "{r:?}");
        }
        assert_eq!(refusals[1].en(), "3 working days after 2026-01-05 is beyond any date that can be counted");
        assert_eq!(refusals[1].zh(), "2026年1月5日之后 3 个工作日超出了可以计算的日期范围");
    }
}
