//! Calendar files (kept under tests/calendars/): every valid one loads beside the built-in calendar and defines its
//! years; every invalid one fails with the file, the line and the message its `# expect:` header names, and adds
//! none of its years. Then the data directory: files read from `<data dir>/calendars/`, a year defined by two files,
//! a file over the size limit.

use std::fs;
use std::path::{Path, PathBuf};

use yanshou::builtin::{builtin_calendar_files, load_calendar};
use yanshou::domain::calendar::{
    Calendar, CalendarError, CalendarFile, CalendarFileError, CalendarProblem, MAX_CALENDAR_FILE_BYTES,
};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars").join(dir);
    let mut paths: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
}

fn load_with_builtin(path: &Path) -> (Calendar, Vec<CalendarFileError>) {
    let mut files = builtin_calendar_files();
    files.push(CalendarFile { name: path.display().to_string(), text: fs::read_to_string(path).unwrap() });
    Calendar::load(&files)
}

/// The years a fixture's `year = N` lines name.
fn years_named(text: &str) -> Vec<i32> {
    text.lines().filter_map(|l| l.strip_prefix("year = ")).filter_map(|y| y.trim().parse().ok()).collect()
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_builtin_calendar_loads_cleanly_and_covers_2020_to_2026() {
    let (calendar, errors) = Calendar::load(&builtin_calendar_files());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calendar.years().map(|y| y.year).collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
    for y in calendar.years() {
        assert_eq!(y.origin, "built-in:calendars/china.toml");
        assert_eq!(y.notice.title, format!("国务院办公厅关于{}年部分节假日安排的通知", y.year));
        assert!(y.notice.number.starts_with("国办发明电〔"), "{}: {}", y.year, y.notice.number);
        assert!(y.periods.len() >= 6, "{}: {} periods", y.year, y.periods.len());
    }
    let y2020 = calendar.year(2020).unwrap();
    assert_eq!(y2020.amendments[0].number, "国办发明电〔2020〕1号");
    let spring = y2020.periods.iter().find(|p| p.name == "春节").unwrap();
    assert_eq!((spring.first, spring.last), (date("2020-01-24"), date("2020-02-02")));
    assert_eq!(spring.amended_by.as_deref(), Some("国办发明电〔2020〕1号"));
    assert!(!calendar.covers(2019) && !calendar.covers(2027));
}

#[test]
fn valid_fixtures_load_and_define_their_years() {
    for path in fixtures("valid") {
        let (calendar, errors) = load_with_builtin(&path);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let text = fs::read_to_string(&path).unwrap();
        let years = years_named(&text);
        assert!(!years.is_empty(), "{} names no year", path.display());
        for y in years {
            let year = calendar.year(y).unwrap_or_else(|| panic!("{}: {y} did not load", path.display()));
            assert_eq!(year.origin, path.display().to_string());
        }
    }
}

#[test]
fn the_everything_fixture_means_what_it_says() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars/valid/everything.toml");
    let (calendar, errors) = load_with_builtin(&path);
    assert!(errors.is_empty(), "{errors:?}");
    let y = calendar.year(2099).unwrap();
    assert_eq!(y.amendments.len(), 1);
    let spring = &y.periods[1];
    assert_eq!(spring.name, "春节");
    // Listed out of order, kept in date order.
    assert_eq!(spring.work, vec![date("2099-02-14"), date("2099-02-28")]);
    assert_eq!(spring.amended_by.as_deref(), Some("测试〔2099〕1号"));
    // " .. " with spaces is the same span.
    assert_eq!((y.periods[0].first, y.periods[0].last), (date("2099-01-01"), date("2099-01-03")));
    assert_eq!(calendar.is_workday(date("2099-01-04")), Ok(true));
    assert_eq!(calendar.is_workday(date("2099-10-08")), Ok(false));
    assert_eq!(calendar.is_workday(date("2098-01-01")), Ok(false));
    assert_eq!(calendar.is_workday(date("2098-01-02")), Ok(true));
    // Between 2026 and 2098 nothing is defined: refused, not counted as plain weekdays.
    assert_eq!(
        calendar.is_workday(date("2050-06-01")),
        Err(CalendarError::NotCovered { year: 2050, date: date("2050-06-01") })
    );
}

#[test]
fn invalid_fixtures_fail_with_file_line_and_message() {
    let mut checked = 0;
    for path in fixtures("invalid") {
        let text = fs::read_to_string(&path).unwrap();
        let expects: Vec<(usize, String)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| {
                let (line, msg) = e.split_once(": ").unwrap_or((e.trim_end_matches(':'), ""));
                (line.parse().unwrap(), msg.to_string())
            })
            .collect();
        assert!(!expects.is_empty(), "{} has no # expect: line", path.display());
        let (calendar, errors) = load_with_builtin(&path);
        let name = path.display().to_string();
        for (line, msg) in &expects {
            assert!(
                errors
                    .iter()
                    .any(|e| e.file == name && e.line == *line && e.problem.to_string().contains(msg.as_str())),
                "{name}: expected an error on line {line} containing “{msg}”, got:\n{}",
                errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
            );
        }
        // The built-in calendar is never affected by a bad extra file, and the bad file adds no year.
        assert!(errors.iter().all(|e| e.file == name), "{name}: errors outside the file: {errors:?}");
        assert_eq!(calendar.years().map(|y| y.year).collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
        assert!(calendar.years().all(|y| y.origin.starts_with("built-in:")), "{name} replaced a built-in year");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} invalid fixtures");
}

#[test]
fn data_directory_files_extend_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let cals = dir.path().join("calendars");
    fs::create_dir(&cals).unwrap();
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars/valid/minimal.toml"), cals.join("a.toml"))
        .unwrap();
    fs::write(cals.join("notes.txt"), "not a calendar").unwrap();
    let (calendar, errors) = load_calendar(Some(dir.path()));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calendar.year(2097).unwrap().origin, cals.join("a.toml").display().to_string());
    assert!(calendar.covers(2026));

    // No data directory, or one without calendars/: the built-in calendar alone.
    let (calendar, errors) = load_calendar(None);
    assert!(errors.is_empty() && !calendar.covers(2097));
    let empty = tempfile::tempdir().unwrap();
    let (calendar, errors) = load_calendar(Some(empty.path()));
    assert!(errors.is_empty() && calendar.covers(2026) && !calendar.covers(2097));
}

#[test]
fn a_year_in_two_data_files_names_both() {
    let dir = tempfile::tempdir().unwrap();
    let cals = dir.path().join("calendars");
    fs::create_dir(&cals).unwrap();
    let minimal =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars/valid/minimal.toml")).unwrap();
    fs::write(cals.join("a.toml"), &minimal).unwrap();
    fs::write(cals.join("b.toml"), &minimal).unwrap();
    let (calendar, errors) = load_calendar(Some(dir.path()));
    let (a, b) = (cals.join("a.toml").display().to_string(), cals.join("b.toml").display().to_string());
    assert_eq!(
        errors,
        vec![CalendarFileError {
            file: b.clone(),
            line: 5,
            problem: CalendarProblem::YearInOtherFile { year: 2097, other_file: a.clone() }
        }]
    );
    let message = errors[0].to_string();
    assert!(message.contains(&a) && message.contains(&b), "{message}");
    // The first file keeps the year.
    assert_eq!(calendar.year(2097).unwrap().origin, a);
}

#[test]
fn a_data_file_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let cals = dir.path().join("calendars");
    fs::create_dir(&cals).unwrap();
    let minimal =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendars/valid/minimal.toml")).unwrap();
    let big = format!("{minimal}{}", "# padding\n".repeat(MAX_CALENDAR_FILE_BYTES / 10 + 1));
    fs::write(cals.join("big.toml"), &big).unwrap();
    let (calendar, errors) = load_calendar(Some(dir.path()));
    assert_eq!(
        errors,
        vec![CalendarFileError {
            file: cals.join("big.toml").display().to_string(),
            line: 0,
            problem: CalendarProblem::TooLarge { bytes: big.len(), limit: MAX_CALENDAR_FILE_BYTES }
        }]
    );
    assert!(errors[0].to_string().contains("at most 65536 bytes"), "{}", errors[0]);
    assert!(!calendar.covers(2097) && calendar.covers(2026));
}

#[test]
fn a_data_file_that_is_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cals = dir.path().join("calendars");
    fs::create_dir(&cals).unwrap();
    fs::write(cals.join("gbk.toml"), b"schema = 1\n# \xb9\xfa\xce\xf1\xd4\xba\n").unwrap();
    let (_, errors) = load_calendar(Some(dir.path()));
    assert_eq!(errors.len(), 1, "{errors:?}");
    // The real line and column of the first byte that is not UTF-8: `# ` on line 2, then 0xB9.
    assert_eq!(errors[0].line, 2);
    assert_eq!(errors[0].problem, CalendarProblem::NotUtf8 { column: 3, byte: 0xB9 });
    assert!(errors[0].to_string().contains("gbk.toml:2: column 3: byte 0xB9 is not UTF-8 text"), "{}", errors[0]);
}
