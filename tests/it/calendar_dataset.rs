//! The built-in calendar checked day by day against an open dataset of the same notices: the `chinesecalendar`
//! package, exported by scripts/export_chinesecalendar.py to tests/fixtures/calendar/ (see the README there). The
//! dataset is a check, not the source: where the two differ, calendars/china.toml says which is right and why, and
//! the difference is listed here, so that any new one fails.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use yanshou::builtin::builtin_calendar_files;
use yanshou::domain::calendar::{Calendar, Day};

#[derive(Deserialize)]
struct RawDataset {
    package: String,
    version: String,
    years: [i32; 2],
    holidays: BTreeMap<String, String>,
    workdays: BTreeMap<String, String>,
    in_lieu: Vec<String>,
}

struct Dataset {
    package: String,
    version: String,
    years: [i32; 2],
    holidays: BTreeMap<NaiveDate, String>,
    workdays: BTreeMap<NaiveDate, String>,
    in_lieu: Vec<NaiveDate>,
}

fn dataset() -> Dataset {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calendar/chinesecalendar-1.11.0.json");
    let raw: RawDataset = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dates = |m: BTreeMap<String, String>| m.into_iter().map(|(k, v)| (d(&k), v)).collect();
    Dataset {
        package: raw.package,
        version: raw.version,
        years: raw.years,
        holidays: dates(raw.holidays),
        workdays: dates(raw.workdays),
        in_lieu: raw.in_lieu.iter().map(|k| d(k)).collect(),
    }
}

fn calendar() -> Calendar {
    let (calendar, errors) = Calendar::load(&builtin_calendar_files());
    assert!(errors.is_empty(), "{errors:?}");
    calendar
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Days the dataset names as holidays that no period of calendars/china.toml holds, and why. All are weekends, so
/// whether a day is worked is the same in both.
const HOLIDAYS_ONLY_IN_DATASET: &[(&str, &str)] = &[
    (
        "2022-12-31",
        "the 2023 notice's 元旦 runs 2022-12-31 to 2023-01-02; a year's table holds only its own days, and this \
         Saturday is a rest day of 2022 in any case",
    ),
    (
        "2023-12-30",
        "the 2024 notice gives 元旦 as 1月1日放假，与周末连休: the holiday is 1 January, joined to an ordinary \
         weekend; the dataset counts that weekend as 元旦 (it does not do so for 2024's 端午节, printed the same way)",
    ),
    ("2023-12-31", "as 2023-12-30"),
];

/// The dataset's names in the notices' words.
fn chinese(name: &str) -> &'static str {
    match name {
        "New Year's Day" => "元旦",
        "Spring Festival" => "春节",
        "Tomb-sweeping Day" => "清明节",
        "Labour Day" => "劳动节",
        "Dragon Boat Festival" => "端午节",
        "Mid-autumn Festival" => "中秋节",
        "National Day" => "国庆节",
        other => panic!("the dataset names a holiday this test does not know: {other}"),
    }
}

#[test]
fn the_fixture_is_the_dataset_it_says_it_is() {
    let data = dataset();
    assert_eq!((data.package.as_str(), data.version.as_str(), data.years), ("chinesecalendar", "1.11.0", [2020, 2026]));
    assert!(data.holidays.len() > 200 && data.workdays.len() > 40);
    assert!(data.in_lieu.iter().all(|day| data.holidays.contains_key(day)));
}

#[test]
fn every_day_from_2020_to_2026_is_worked_or_rested_alike() {
    let (c, data) = (calendar(), dataset());
    let mut differences = Vec::new();
    for day in d("2020-01-01").iter_days().take_while(|x| *x <= d("2026-12-31")) {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let theirs = data.workdays.contains_key(&day) || (!weekend && !data.holidays.contains_key(&day));
        let ours = c.is_workday(day).unwrap();
        if ours != theirs {
            differences.push(format!("{day}: ours {ours}, dataset {theirs}"));
        }
    }
    assert!(differences.is_empty(), "working days differ:\n{}", differences.join("\n"));
}

#[test]
fn the_holidays_differ_only_where_the_data_file_says_why() {
    let (c, data) = (calendar(), dataset());
    let ours: BTreeMap<NaiveDate, String> = c
        .years()
        .flat_map(|y| y.periods.iter())
        .flat_map(|p| p.rest_days().map(move |day| (day, p.name.clone())))
        .collect();
    let only_ours: Vec<_> = ours.keys().filter(|day| !data.holidays.contains_key(day)).collect();
    assert!(only_ours.is_empty(), "rest days the dataset does not have: {only_ours:?}");
    let only_theirs: BTreeSet<NaiveDate> =
        data.holidays.keys().filter(|day| !ours.contains_key(day)).copied().collect();
    let explained: BTreeSet<NaiveDate> = HOLIDAYS_ONLY_IN_DATASET.iter().map(|(day, _)| d(day)).collect();
    assert_eq!(only_theirs, explained, "holidays only in the dataset");
    for day in &explained {
        assert!(matches!(c.day(*day).unwrap(), Day::Weekend), "{day} is not an ordinary weekend in our calendar");
    }
    // Where both list a day, the dataset's holiday is the period's or one of a combined period's (国庆节、中秋节).
    for (day, name) in &ours {
        if let Some(theirs) = data.holidays.get(day) {
            assert!(name.split('、').any(|n| n == chinese(theirs)), "{day}: ours {name}, dataset {theirs}");
        }
    }
}

#[test]
fn the_working_weekends_are_the_same_and_for_the_same_holiday() {
    let (c, data) = (calendar(), dataset());
    let ours: BTreeMap<NaiveDate, String> = c
        .years()
        .flat_map(|y| y.periods.iter())
        .flat_map(|p| p.work.iter().map(move |day| (*day, p.name.clone())))
        .collect();
    assert_eq!(ours.keys().collect::<Vec<_>>(), data.workdays.keys().collect::<Vec<_>>());
    for (day, name) in &ours {
        let theirs = &data.workdays[day];
        assert!(name.split('、').any(|n| n == chinese(theirs)), "{day}: ours {name}, dataset {theirs}");
    }
}
