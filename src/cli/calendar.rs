//! `yanshou calendar …`: the official working calendar the deadlines are counted on — the date N working days after
//! a day, and a year's holidays and working weekends.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use serde_json::json;

use yanshou::domain::calendar::{Calendar, CalendarError, Day};
use yanshou::domain::case::date_zh;

use super::context::Context;

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// The date N working days (工作日) after FROM, FROM itself not counted (民法典 第二百零一条).
    Workdays {
        /// YYYY-MM-DD.
        from: String,
        /// How many working days.
        n: u32,
        #[arg(long)]
        json: bool,
    },
    /// A year's holidays (放假) and the weekends worked in their place (调休上班), as the calendar has them.
    Show {
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

/// The calendar: the built-in years and the data directory's files. A data file with a problem (a malformed date,
/// say) refuses the command, naming the file, the line and the problem: no deadline is counted on a calendar that
/// is not what the support unit wrote.
pub(crate) fn calendar(cx: &Context) -> Result<Calendar> {
    let (calendar, mut errors) = yanshou::builtin::load_calendar(cx.dir.as_deref());
    if errors.is_empty() {
        return Ok(calendar);
    }
    for e in errors.iter().skip(1) {
        eprintln!("yanshou: {}", super::printable(&yanshou::domain::explain::Explain::zh(e)));
    }
    Err(anyhow::Error::new(errors.swap_remove(0)))
}

/// A date argument, `YYYY-MM-DD`, refused in the domain's words.
pub(crate) fn date_arg(value: &str, what: &str) -> Result<NaiveDate> {
    let text = yanshou::domain::text::date(value, what)?;
    Ok(NaiveDate::parse_from_str(&text, "%Y-%m-%d")?)
}

fn weekday(d: NaiveDate) -> &'static str {
    ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][d.weekday().num_days_from_monday() as usize]
}

pub fn run(cx: &Context, command: CalendarCommand) -> Result<()> {
    let cal = calendar(cx)?;
    match command {
        CalendarCommand::Workdays { from, n, json } => {
            let from = date_arg(&from, "FROM")?;
            let date = cal.workdays_after(from, n)?;
            if json {
                println!("{}", json!({"from": from.to_string(), "n": n, "date": date.to_string()}));
            } else {
                println!("{date}");
                eprintln!("{}之后第 {n} 个工作日：{}（{}）", date_zh(from), date_zh(date), weekday(date));
            }
        }
        CalendarCommand::Show { year, json } => {
            let date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
            let Some(y) = cal.year(year) else { return Err(CalendarError::NotCovered { year, date }.into()) };
            if json {
                let periods: Vec<_> = y
                    .periods
                    .iter()
                    .map(|p| {
                        json!({
                            "name": p.name,
                            "rest": p.rest_days().map(|d| d.to_string()).collect::<Vec<_>>(),
                            "work": p.work.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                            "amended_by": p.amended_by,
                        })
                    })
                    .collect();
                let out = json!({
                    "year": year,
                    "notice": {"title": y.notice.title, "number": y.notice.number, "issued": y.notice.issued.to_string()},
                    "amendments": y.amendments.iter().map(|a| json!({"title": a.title, "number": a.number, "issued": a.issued.to_string()})).collect::<Vec<_>>(),
                    "periods": periods,
                    "origin": y.origin,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!("{year} 年：{}（{}）", y.notice.title, y.notice.number);
                for a in &y.amendments {
                    println!("  调整：{}（{}）", a.title, a.number);
                }
                for p in &y.periods {
                    let rest = if p.first == p.last {
                        format!("{}（{}）", date_zh(p.first), weekday(p.first))
                    } else {
                        format!("{}至{}", date_zh(p.first), date_zh(p.last))
                    };
                    println!("{}：放假 {rest}，共 {} 天", p.name, p.rest_days().count());
                    for w in &p.work {
                        println!("    调休上班：{}（{}）", date_zh(*w), weekday(*w));
                    }
                }
                let holidays = y.periods.iter().map(|p| p.rest_days().count()).sum::<usize>();
                let worked = y.periods.iter().map(|p| p.work.len()).sum::<usize>();
                let workdays = NaiveDate::from_ymd_opt(year, 1, 1)
                    .map(|d| {
                        d.iter_days()
                            .take_while(|x| x.year() == year)
                            .filter(|x| matches!(cal.day(*x), Ok(Day::Workday | Day::WorkedWeekend(_))))
                            .count()
                    })
                    .unwrap_or(0);
                println!(
                    "合计：放假 {holidays} 天，调休上班 {worked} 天，全年工作日 {workdays} 天（来源：{}）",
                    y.origin
                );
            }
        }
    }
    Ok(())
}
