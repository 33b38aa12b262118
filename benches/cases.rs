//! The case list with 10,000 cases and 30,000 reviews: the store's query of every case (its rows, its events, its
//! reviews' status and date through the reviews' narrow covering index, their results as stored when finalized) and
//! the list model (each case's phase and next
//! deadline counted on the official calendar), alone and together — what opening the case list costs. The limit is
//! 50 ms (issue 15). See BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::{Connection, params};
use yanshou::builtin::{load_calendar, load_catalog};
use yanshou::domain::case::{CaseFilter, CaseSort, list_rows};
use yanshou::store::Store;
use yanshou::tui::action::Action;
use yanshou::tui::state::Screen;
use yanshou::tui::{self, App};

const CASES: i64 = 10_000;
const REVIEWS_PER_CASE: i64 = 3;

/// The built-in files the cases are spread over (each with its procedure: deadlines, 公示, 整改).
const SHEETS: [(&str, &str, &str); 4] = [
    ("shandong-2008-acceptance", "山东", "acceptance"),
    ("beijing-2007-acceptance", "北京", "acceptance"),
    ("fujian-2008-assessment", "福建", "assessment"),
    ("guangdong-2009-voluntary", "广东", "acceptance"),
];

/// A data directory with [`CASES`] cases, each with three reviews (a first review, two 复核) and the events of a
/// case in every phase, and each finalized review's stored result: written with SQL in one transaction (the list reads rows; it does not check the log).
/// Every review carries a frozen built-in sheet of 10–20 KB, as real reviews do: the list must not read them.
fn prepare(dir: &std::path::Path) {
    drop(Store::open_in(dir).expect("store"));
    let mut conn = Connection::open(dir.join("yanshou.db")).expect("db");
    let tx = conn.transaction().expect("tx");
    let (catalog, _) = load_catalog(None);
    let day = |n: i64| {
        (chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + chrono::Days::new((n % 600) as u64)).to_string()
    };
    for c in 1..=CASES {
        let (sheet, province, stage) = SHEETS[(c % 4) as usize];
        let card = catalog.scorecard(sheet).expect("sheet");
        tx.execute(
            "INSERT INTO cases (id, uid, province, track, stage, scorecard_id, enterprise_name, credit_code, industry,
                 created_at)
             VALUES (?1, ?2, ?3, 'voluntary', ?4, ?5, ?6, '91350100M000100Y43', '化工', '2025-01-01T09:00:00+08:00')",
            params![c, format!("case{c}"), province, stage, sheet, format!("第 {c} 号企业有限公司")],
        )
        .expect("case");
        tx.execute(
            "INSERT INTO case_events (case_id, round, event, date) VALUES (?1, 0, 'application', ?2), (?1, 0, 'checked', ?3)",
            params![c, day(c), day(c + 5)],
        )
        .expect("events");
        for round in 1..=REVIEWS_PER_CASE {
            let r = (c - 1) * REVIEWS_PER_CASE + round;
            let status = if round < REVIEWS_PER_CASE || c % 3 == 0 { "finalized" } else { "scoring" };
            tx.execute(
                "INSERT INTO reviews (id, enterprise_name, credit_code, track, scorecard_id, scorecard_text,
                     scorecard_hash, rules_json, review_date, status, created_at, updated_at, uid)
                 VALUES (?1, ?2, '91350100M000100Y43', 'voluntary', ?3, ?4, 'h', '[]', ?5, ?6, ?7, ?7, ?8)",
                params![
                    r,
                    format!("第 {c} 号企业有限公司"),
                    sheet,
                    card.text,
                    day(c + 10 * round),
                    status,
                    "2025-01-01T09:00:00+08:00",
                    format!("uid{r}")
                ],
            )
            .expect("review");
            if status == "finalized" {
                // Its result, stored with its finalization (what the list reads).
                let verdict = if round < REVIEWS_PER_CASE { "failed" } else { "passed" };
                tx.execute(
                    "INSERT INTO review_results (review_id, verdict, finalized_on) VALUES (?1, ?2, ?3)",
                    params![r, verdict, day(c + 10 * round + 1)],
                )
                .expect("result");
            }
            let recheck = (round > 1).then_some(r - 1);
            tx.execute(
                "INSERT INTO case_reviews (review_id, case_id, round, recheck_of) VALUES (?1, ?2, ?3, ?4)",
                params![r, c, round, recheck],
            )
            .expect("link");
            if round < REVIEWS_PER_CASE {
                tx.execute(
                    "INSERT INTO case_events (case_id, round, event, date, note)
                     VALUES (?1, ?2, 'report', ?3, 'failed'), (?1, ?2, 'failure', ?4, '')",
                    params![c, round, day(c + 10 * round + 3), day(c + 10 * round + 5)],
                )
                .expect("round events");
            }
        }
        if c % 3 == 0 {
            tx.execute(
                "INSERT INTO case_events (case_id, round, event, date, note) VALUES (?1, 3, 'report', ?2, 'passed'),
                     (?1, 3, 'publication', ?3, '')",
                params![c, day(c + 33), day(c + 35)],
            )
            .expect("publication");
        }
    }
    tx.commit().expect("commit");
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").expect("checkpoint");
}

fn bench_cases(c: &mut Criterion) {
    let root =
        tempfile::Builder::new().prefix("yanshou-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("scratch");
    let dir = root.path().join("data");
    prepare(&dir);
    // Read-only: the rows were written with SQL, not logged, and the list checks no log (a writable open would run
    // the day's whole-file check first, which such rows fail).
    let store = match Store::open_in_read_only(&dir) {
        Ok(s) => s,
        Err(e) => panic!("store: {}", e.to_string().chars().take(300).collect::<String>()),
    };
    let (catalog, _) = load_catalog(None);
    let (calendar, _) = load_calendar(None);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let procedure = |id: &str| catalog.scorecard(id).map(|c| &c.procedure);
    let cases = store.list_cases().expect("cases");
    assert_eq!(cases.len() as i64, CASES);
    assert_eq!(cases.iter().map(|c| c.reviews.len() as i64).sum::<i64>(), CASES * REVIEWS_PER_CASE);
    let rows = list_rows(&cases, procedure, &calendar, today, &CaseFilter::default(), CaseSort::NextDeadline);
    assert_eq!(rows.len() as i64, CASES);
    assert!(rows.iter().any(|r| r.next.is_some()), "some deadline is counted");

    let mut g = c.benchmark_group("case_list_10000_cases_30000_reviews");
    // The raw limit of the same run: every row the list reads (the queries of `load_all`), read and dropped (no struct
    // built, nothing counted).
    let raw = rusqlite::Connection::open_with_flags(dir.join("yanshou.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("raw connection");
    g.bench_function("bare_rows", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for sql in [
                "SELECT id, province, track, stage, scorecard_id, enterprise_name, credit_code FROM cases ORDER BY id",
                "SELECT case_id, round, event, date, CASE WHEN event = 'report' THEN note END FROM case_events",
                "SELECT case_id, id, round, date, decision, decided_on FROM case_objections",
                "SELECT id, review_date, status FROM reviews INDEXED BY reviews_status",
                "SELECT review_id, verdict, finalized_on FROM review_results ORDER BY review_id",
                "SELECT case_id, review_id, round, recheck_of FROM case_reviews",
            ] {
                let mut stmt = raw.prepare_cached(sql).expect("sql");
                let cols = stmt.column_count();
                let mut rows = stmt.query([]).expect("rows");
                while let Some(r) = rows.next().expect("row") {
                    for i in 0..cols {
                        black_box(r.get_ref(i).expect("value"));
                    }
                    n += 1;
                }
            }
            n
        })
    });
    g.bench_function("store_list_cases", |b| b.iter(|| black_box(store.list_cases().expect("cases"))));
    g.bench_function("list_model", |b| {
        b.iter(|| {
            list_rows(black_box(&cases), procedure, &calendar, today, &CaseFilter::default(), CaseSort::NextDeadline)
        })
    });
    g.bench_function("open_list", |b| {
        b.iter(|| {
            let cases = store.list_cases().expect("cases");
            list_rows(&cases, procedure, &calendar, today, &CaseFilter::default(), CaseSort::NextDeadline)
        })
    });
    let filter =
        CaseFilter { province: Some("山东".into()), status: Some("publication".into()), ..Default::default() };
    g.bench_function("filtered_list_model", |b| {
        b.iter(|| list_rows(black_box(&cases), procedure, &calendar, today, &filter, CaseSort::NextDeadline))
    });
    g.finish();

    // The terminal app: opening the case list from the support unit's screen (the store's query, the list model, the
    // view's rows and filters) and drawing it again at 200×60 (the view rebuilt in full; the target is 2 ms).
    let store = Store::open_in_read_only(&dir)
        .unwrap_or_else(|e| panic!("{}", e.to_string().chars().take(300).collect::<String>()));
    let mut app = App::new(store, catalog.clone(), dir.clone(), &today.to_string());
    let mut g = c.benchmark_group("tui_case_list_10000_cases_30000_reviews");
    g.bench_function("open", |b| {
        b.iter(|| {
            app.update(Action::OpenUnit);
            app.update(Action::OpenCases);
        })
    });
    match &app.state.screen {
        Screen::Cases(v) => assert_eq!(v.shown.len() as i64, CASES, "the list shows every case"),
        _ => panic!("not on the case list: {}", app.state.status.0),
    }
    for (w, h) in [(200u16, 60u16), (80, 24)] {
        // The raw limit: a frame of the same size with nothing drawn into it (the backend's diff alone).
        let mut empty = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        g.bench_function(format!("empty_frame_{w}x{h}"), |b| {
            b.iter(|| {
                empty.draw(|_| {}).expect("draw");
            })
        });
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        tui::draw(&mut term, &mut app).expect("first frame");
        g.bench_function(format!("redraw_{w}x{h}"), |b| {
            b.iter(|| tui::draw(black_box(&mut term), black_box(&mut app)).expect("draw"))
        });
    }
    g.finish();
}

criterion_group! {
    name = cases;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = bench_cases
}

fn main() {
    cases();
    Criterion::default().configure_from_args().final_summary();
}
