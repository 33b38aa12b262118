//! The words of what a calendar file gets wrong and of what a count refuses: Chinese for the support unit and the
//! panel, English as the command line and the tests have always read it.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{CALENDAR_SCHEMA, CalendarError, CalendarFileError, CalendarProblem, Unit};
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
                format!("{} 之后 {n}{} 超出了可以计算的日期范围", zh_date(*from), unit.zh())
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
