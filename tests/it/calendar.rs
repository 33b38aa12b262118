//! Counting periods on the official calendar, checked against calendars computed by hand (the weekday of every date
//! is written beside it), then properties over every start date the built-in calendar allows, then the refusal of a
//! count that needs a year the calendar does not cover.

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use proptest::prelude::*;
use yanshou::builtin::builtin_calendar_files;
use yanshou::domain::calendar::{Calendar, CalendarError, Day, Unit};

/// The built-in calendar, parsed once for all the tests here.
fn calendar() -> &'static Calendar {
    static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| {
        let (calendar, errors) = Calendar::load(&builtin_calendar_files());
        assert!(errors.is_empty(), "{errors:?}");
        calendar
    });
    &CALENDAR
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn days_are_rested_or_worked_as_the_notices_say() {
    let c = calendar();
    let cases = [
        ("2026-02-13", true),  // Fri before 春节
        ("2026-02-14", true),  // Sat worked (调休上班)
        ("2026-02-15", false), // Sun, first day of 春节
        ("2026-02-23", false), // Mon, last day of 春节
        ("2026-02-24", true),  // Tue
        ("2026-02-28", true),  // Sat worked
        ("2026-03-01", false), // ordinary Sun
        ("2024-02-09", true),  // Fri 除夕: only encouraged as leave in 2024
        ("2025-01-28", false), // Tue 除夕: a holiday from 2025
        ("2020-01-19", true),  // Sun worked for 春节 2020
        ("2020-01-31", false), // Fri, the COVID-19 extension
        ("2020-02-01", false), // Sat: worked under the first notice, rested under the extension
        ("2020-02-03", true),  // Mon, back to work
        ("2022-12-31", false), // Sat (the 2023 notice's 元旦 begins here)
        ("2023-10-07", true),  // Sat worked after 中秋节、国庆节
        ("2025-09-28", true),  // Sun worked before 国庆节、中秋节
        ("2025-10-08", false), // Wed, last day of 国庆节、中秋节
    ];
    for (date, worked) in cases {
        assert_eq!(c.is_workday(d(date)), Ok(worked), "{date}");
    }
    match c.day(d("2026-02-14")).unwrap() {
        Day::WorkedWeekend(p) => assert_eq!(p.name, "春节"),
        other => panic!("{other:?}"),
    }
    match c.day(d("2025-10-03")).unwrap() {
        Day::Holiday(p) => assert_eq!(p.name, "国庆节、中秋节"),
        other => panic!("{other:?}"),
    }
    assert_eq!(c.day(d("2026-03-01")), Ok(Day::Weekend));
    assert_eq!(c.day(d("2026-03-02")), Ok(Day::Workday));
}

#[test]
fn ten_working_days_across_the_spring_festival() {
    // From Tue 2026-02-10 (not counted): 11 Wed 1, 12 Thu 2, 13 Fri 3, 14 Sat worked 4, 15–23 春节, 24 Tue 5,
    // 25 Wed 6, 26 Thu 7, 27 Fri 8, 28 Sat worked 9, Mar 1 Sun, Mar 2 Mon 10.
    assert_eq!(calendar().workdays_after(d("2026-02-10"), 10), Ok(d("2026-03-02")));
}

#[test]
fn twenty_working_days_across_national_day_and_its_worked_sunday() {
    // From Sat 2025-09-20 (not counted): 21 Sun, 22–26 Mon–Fri 1–5, 27 Sat, 28 Sun worked 6, 29 Mon 7, 30 Tue 8,
    // Oct 1–8 国庆节、中秋节, 9 Thu 9, 10 Fri 10, 11 Sat worked 11, 12 Sun, 13–17 Mon–Fri 12–16, 18–19 weekend,
    // 20 Mon 17, 21 Tue 18, 22 Wed 19, 23 Thu 20.
    assert_eq!(calendar().workdays_after(d("2025-09-20"), 20), Ok(d("2025-10-23")));
}

#[test]
fn the_2020_extension_of_the_spring_festival_counts() {
    // From Thu 2020-01-23: Jan 24 – Feb 2 all rested (Sat Feb 1 no longer worked); Mon Feb 3 is the first working day.
    let c = calendar();
    assert_eq!(c.workdays_after(d("2020-01-23"), 1), Ok(d("2020-02-03")));
    // Without the extension it would have been Sat Feb 1; a 7-day period from Jan 25 ends on Feb 1 and moves too.
    assert_eq!(c.days_after(d("2020-01-25"), 7), Ok(d("2020-02-03")));
}

#[test]
fn a_month_from_the_31st_of_january_ends_on_a_worked_saturday_and_stays() {
    // 2026 has no Feb 31: the month's last day, Sat 2026-02-28, which is worked under 调休: no extension.
    let c = calendar();
    assert_eq!(c.months_after(d("2026-01-31"), 1), Ok(d("2026-02-28")));
    assert_eq!(c.months_after(d("2025-12-31"), 2), Ok(d("2026-02-28")));
    // A leap year's February has its 29th (Thu 2024-02-29).
    assert_eq!(c.months_after(d("2024-01-31"), 1), Ok(d("2024-02-29")));
    // Calendar days ending on the worked Saturday stay there too: Feb 7 + 21 = Sat Feb 28.
    assert_eq!(c.days_after(d("2026-02-07"), 21), Ok(d("2026-02-28")));
}

#[test]
fn a_period_ending_on_an_ordinary_weekend_moves_to_monday() {
    let c = calendar();
    // Mon 2026-03-02 + 5 = Sat Mar 7 → Mon Mar 9.
    assert_eq!(c.days_after(d("2026-03-02"), 5), Ok(d("2026-03-09")));
    // Sun 2026-03-08 + 1 month = Wed 2026-04-08, a working day.
    assert_eq!(c.months_after(d("2026-03-08"), 1), Ok(d("2026-04-08")));
    // Tue 2026-03-03 + 1 month... Fri Apr 3, working; + 1 day = Sat Apr 4, 清明节 Apr 4–6 → Tue Apr 7.
    assert_eq!(c.days_after(d("2026-03-03"), 32), Ok(d("2026-04-07")));
}

#[test]
fn a_period_ending_in_the_national_day_week_moves_to_the_first_working_day_after() {
    let c = calendar();
    // Thu 2025-09-25 + 7 = Thu Oct 2, in 国庆节、中秋节 (Oct 1–8) → Thu Oct 9.
    assert_eq!(c.days_after(d("2025-09-25"), 7), Ok(d("2025-10-09")));
    // Wed 2025-09-03 + 1 month = Fri Oct 3 → Thu Oct 9.
    assert_eq!(c.months_after(d("2025-09-03"), 1), Ok(d("2025-10-09")));
    // Tue 2026-09-01 + 1 month = Thu Oct 1, 国庆节 Oct 1–7 → Thu Oct 8 (Sat Oct 10 is worked, but Oct 8 comes first).
    assert_eq!(c.months_after(d("2026-09-01"), 1), Ok(d("2026-10-08")));
    // Ending on the last holiday, Wed 2026-10-07, moves to the day after it.
    assert_eq!(c.days_after(d("2026-09-30"), 7), Ok(d("2026-10-08")));
}

#[test]
fn zero_is_the_day_of_the_event_extended_like_any_last_day() {
    let c = calendar();
    // A working day is its own answer; a rest day gives the first working day after it.
    assert_eq!(c.workdays_after(d("2026-02-13"), 0), Ok(d("2026-02-13")));
    assert_eq!(c.workdays_after(d("2026-02-15"), 0), Ok(d("2026-02-24")));
    assert_eq!(c.workdays_after(d("2026-02-15"), 1), Ok(d("2026-02-24")));
    assert_eq!(c.days_after(d("2026-02-14"), 0), Ok(d("2026-02-14")));
    assert_eq!(c.days_after(d("2026-02-16"), 0), Ok(d("2026-02-24")));
    assert_eq!(c.months_after(d("2025-10-01"), 0), Ok(d("2025-10-09")));
}

#[test]
fn a_count_that_needs_2027_is_refused_naming_2027() {
    let c = calendar();
    // From Fri 2026-12-25: Dec 28–31 Mon–Thu are working days 1–4; the 5th would be in 2027.
    let refusal = c.workdays_after(d("2026-12-25"), 10).unwrap_err();
    assert_eq!(refusal, CalendarError::NotCovered { year: 2027, date: d("2027-01-01") });
    assert!(refusal.to_string().contains("for 2027"), "{refusal}");
    // Up to the last covered day nothing more is needed.
    assert_eq!(c.workdays_after(d("2026-12-25"), 4), Ok(d("2026-12-31")));
    assert_eq!(c.days_after(d("2026-12-30"), 2), Err(CalendarError::NotCovered { year: 2027, date: d("2027-01-01") }));
    assert_eq!(
        c.months_after(d("2026-11-30"), 2),
        Err(CalendarError::NotCovered { year: 2027, date: d("2027-01-30") })
    );
    assert!(matches!(c.is_workday(d("2027-01-04")), Err(CalendarError::NotCovered { year: 2027, .. })));
}

#[test]
fn a_count_that_needs_2019_is_refused_but_the_event_day_itself_is_not_needed() {
    let c = calendar();
    assert_eq!(
        c.workdays_after(d("2019-12-30"), 1),
        Err(CalendarError::NotCovered { year: 2019, date: d("2019-12-31") })
    );
    // The day of the event does not count, so 2019-12-31 need not be known: Jan 1 is 元旦, Thu Jan 2 the first.
    assert_eq!(c.workdays_after(d("2019-12-31"), 1), Ok(d("2020-01-02")));
    assert_eq!(
        c.workdays_after(d("2019-12-31"), 0),
        Err(CalendarError::NotCovered { year: 2019, date: d("2019-12-31") })
    );
}

#[test]
fn a_count_beyond_any_date_is_refused_not_wrapped() {
    let c = calendar();
    assert_eq!(
        c.months_after(d("2026-01-01"), u32::MAX),
        Err(CalendarError::OutOfRange { from: d("2026-01-01"), n: u32::MAX, unit: Unit::Months })
    );
    // A huge count of working days runs off the calendar first.
    assert_eq!(
        c.workdays_after(d("2026-01-01"), u32::MAX),
        Err(CalendarError::NotCovered { year: 2027, date: d("2027-01-01") })
    );
}

// ------------------------------------------------------------------------------------------------------ properties

/// The days of the built-in calendar, 2020-01-01 to 2026-12-31.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    let first = d("2020-01-01");
    let days = (d("2026-12-31") - first).num_days() as u64;
    (0..=days).prop_map(move |n| first + chrono::Days::new(n))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn working_days_after_are_working_days_counted_one_by_one(from in any_day(), n in 0u32..60) {
        let c = calendar();
        match c.workdays_after(from, n) {
            Ok(due) => {
                prop_assert_eq!(c.is_workday(due), Ok(true));
                prop_assert!(due >= from);
                if n > 0 {
                    // Exactly n working days in (from, due], the last of them due itself.
                    let counted = from.iter_days().skip(1).take_while(|x| *x <= due)
                        .filter(|x| c.is_workday(*x) == Ok(true)).count();
                    prop_assert_eq!(counted, n as usize);
                    prop_assert!(due > from);
                }
                // One more working day is strictly later, except from 0 to 1 on a rest day, where both are the
                // first working day after it.
                if let Ok(next) = c.workdays_after(from, n + 1) {
                    if n == 0 && c.is_workday(from) == Ok(false) {
                        prop_assert_eq!(next, due);
                    } else {
                        prop_assert!(next > due, "{} then {}", due, next);
                    }
                }
            }
            Err(CalendarError::NotCovered { year, date }) => {
                prop_assert_eq!(year, 2027);
                prop_assert_eq!(date, d("2027-01-01"));
            }
            Err(e) => prop_assert!(false, "{}", e),
        }
    }

    #[test]
    fn calendar_days_and_months_end_on_the_first_working_day_from_their_last_day(
        from in any_day(), n in 0u32..400, months in 0u32..24
    ) {
        let c = calendar();
        for (unit, last, result) in [
            (Unit::Days, from + chrono::Days::new(u64::from(n)), c.days_after(from, n)),
            (Unit::Months, from.checked_add_months(Months::new(months)).unwrap(), c.months_after(from, months)),
        ] {
            if last.year() > 2026 {
                let refused = matches!(result, Err(CalendarError::NotCovered { year, .. }) if year == last.year());
                prop_assert!(refused, "{}: {:?}", unit, result);
                continue;
            }
            match result {
                Ok(due) => {
                    prop_assert_eq!(c.is_workday(due), Ok(true));
                    prop_assert!(due >= last);
                    // Every day from the last day up to the answer is a rest day.
                    prop_assert!(last.iter_days().take_while(|x| *x < due).all(|x| c.is_workday(x) == Ok(false)));
                }
                // Only a last day at the very end of 2026 can run into 2027 (Dec 31 2026 is a Thursday, so in fact
                // none does), and then only 2027 is named.
                Err(CalendarError::NotCovered { year, .. }) => prop_assert_eq!(year, 2027),
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }

    #[test]
    fn the_corresponding_day_or_the_last_of_the_month(from in any_day(), months in 1u32..24) {
        let last = from.checked_add_months(Months::new(months)).unwrap();
        let month_len = last.with_day(1).unwrap().checked_add_months(Months::new(1)).unwrap().pred_opt().unwrap().day();
        prop_assert_eq!(last.day(), from.day().min(month_len));
        if let Ok(due) = calendar().months_after(from, months) {
            prop_assert!(due >= last);
        }
    }

    #[test]
    fn no_day_beyond_the_calendar_is_ever_counted(offset in 0u64..3650) {
        let c = calendar();
        let after = d("2027-01-01") + chrono::Days::new(offset);
        prop_assert!(matches!(c.is_workday(after), Err(CalendarError::NotCovered { .. })), "{}", after);
        let before = d("2019-12-31") - chrono::Days::new(offset);
        prop_assert!(matches!(c.is_workday(before), Err(CalendarError::NotCovered { .. })), "{}", before);
    }
}

/// Whether a day is worked (what every period counts, looked up as bits of the year) says what the day is, for every
/// day of every year of the built-in calendar; a day beyond it is refused alike.
#[test]
fn whether_a_day_is_worked_agrees_with_what_the_day_is() {
    let calendar = calendar();
    let mut days = 0;
    for y in calendar.years() {
        let mut day = NaiveDate::from_yo_opt(y.year, 1).unwrap();
        while day.year() == y.year {
            assert_eq!(calendar.is_workday(day), calendar.day(day).map(|x| x.is_workday()), "{day}");
            days += 1;
            day = day.succ_opt().unwrap();
        }
    }
    assert!(days > 365 * 3, "{days}");
    let beyond = d("1990-05-01");
    assert!(calendar.is_workday(beyond).is_err());
    assert_eq!(calendar.is_workday(beyond), calendar.day(beyond).map(|x| x.is_workday()));
}
