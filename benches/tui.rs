//! The terminal app on ratatui's TestBackend: one frame of the scoring page (tab 2 评分) of the demo review at 80×24
//! and 200×60, and start-up to the first frame on a database of 1,000 and of 10,000 reviews. See BENCHMARKS.md.
//!
//! `YANSHOU_BENCH_PREPARE=DIR cargo bench --bench tui` only writes the data directory of 1,000 reviews to DIR (for the
//! resident-memory measurement of the real binary) and runs no benchmark (`YANSHOU_BENCH_REVIEWS=N` for another
//! number). The prepared databases are kept under `target/tmp/yanshou-bench-cache/` between runs.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::widgets::{Block, Paragraph};
use rusqlite::{Connection, params};
use yanshou::domain::scorecard::Catalog;
use yanshou::store::Store;
use yanshou::store::audit::{self, LogEntry};
use yanshou::store::state;
use yanshou::tui::app::{Action, Tab};
use yanshou::tui::keys::script;
use yanshou::tui::{self, App};

const TODAY: &str = "2026-11-28";
const REVIEWS: i64 = 1_000;
/// Ten times as many, for the start-up target at ten times the scale.
const REVIEWS_LARGE: i64 = 10_000;
/// Changed whenever the prepared databases would differ, so that a cached one is not used.
const PREPARED_VERSION: u32 = 1;
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn catalog() -> Catalog {
    let (catalog, errors) = yanshou::builtin::load_catalog(None);
    assert!(errors.is_empty(), "{errors:?}");
    catalog
}

/// A directory under cargo's target directory (the same disk as the project, not a RAM disk).
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("yanshou-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a scratch dir")
}

/// The app on a fresh store holding the demo review, opened on its scoring page.
fn demo_app(dir: &Path) -> App {
    let mut store = Store::open_in(dir).expect("store");
    store.set_actor("基准测试");
    let catalog = catalog();
    let id = yanshou::tui::demo::load(&mut store, &catalog).expect("demo review");
    let mut app = App::new(store, catalog, dir.to_path_buf(), TODAY);
    app.clock = || "10:30:00".to_string();
    app.update(Action::OpenReview(id));
    app.update(Action::SwitchTab(Tab::Scoring));
    app
}

/// A frame of about the same content as the scoring page and no logic: a bordered paragraph of mixed Chinese and
/// ASCII lines (cut at the edge, not wrapped) filling the screen. What any frame of this size costs ratatui and the
/// TestBackend.
fn floor_text(w: u16, h: u16) -> String {
    let line = "2.6 清洁生产方案实施 中高费方案 15.0 14.0 13.5 扣分原因：两项方案未完成 ";
    (0..h).map(|_| line.chars().cycle().take(w as usize).collect::<String>()).collect::<Vec<_>>().join("\n")
}

fn bench_frames(c: &mut Criterion) {
    let dir = scratch();
    let mut app = demo_app(dir.path());
    let mut g = c.benchmark_group("frame");
    for (w, h) in SIZES {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        tui::draw(&mut term, &mut app).expect("first frame");
        let screen = format!("{}", term.backend());
        assert!(screen.contains("评分"), "not on the scoring page:\n{screen}");
        // The same state drawn again: the view is rebuilt in full, only the diff reaches the backend.
        g.bench_function(format!("scoring_{w}x{h}/redraw"), |b| {
            b.iter(|| tui::draw(black_box(&mut term), black_box(&mut app)).expect("draw"))
        });
        // Every cell written to the backend, as after a resize or on the first frame.
        g.bench_function(format!("scoring_{w}x{h}/full_repaint"), |b| {
            b.iter(|| {
                term.clear().expect("clear");
                tui::draw(black_box(&mut term), black_box(&mut app)).expect("draw")
            })
        });
        // What a key press costs: the selection moves one item, then a frame.
        let down = script("<Down>");
        let up = script("<Up>");
        let mut flip = false;
        g.bench_function(format!("scoring_{w}x{h}/key_and_frame"), |b| {
            b.iter(|| {
                flip = !flip;
                let keys = if flip { down.clone() } else { up.clone() };
                tui::step(black_box(&mut term), black_box(&mut app), keys).expect("step")
            })
        });
        // The floor: a plain frame of the same size.
        let text = floor_text(w, h);
        let mut plain = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        let draw_plain = |t: &mut Terminal<TestBackend>| {
            t.draw(|f| {
                let p = Paragraph::new(text.as_str()).block(Block::bordered().title(" 评分 "));
                f.render_widget(p, f.area());
            })
            .map(|_| ())
            .expect("draw")
        };
        draw_plain(&mut plain);
        let mut empty = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        g.bench_function(format!("floor_empty_frame_{w}x{h}"), |b| {
            b.iter(|| empty.draw(|_| {}).map(|_| ()).expect("draw"))
        });
        g.bench_function(format!("floor_plain_paragraph_{w}x{h}/redraw"), |b| b.iter(|| draw_plain(&mut plain)));
        g.bench_function(format!("floor_plain_paragraph_{w}x{h}/full_repaint"), |b| {
            b.iter(|| {
                plain.clear().expect("clear");
                draw_plain(&mut plain)
            })
        });
    }
    g.finish();
}

// ----- 1,000 reviews -----

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})")).expect("table_info");
    stmt.query_map([], |r| r.get::<_, String>(1)).expect("columns").collect::<rusqlite::Result<_>>().expect("columns")
}

/// `INSERT INTO t (cols…) SELECT cols… FROM t WHERE key = ?1`, with some columns replaced by expressions, which
/// may use the parameters `?2`…: one cached statement serves every copy.
fn copy_rows(
    tx: &rusqlite::Transaction,
    table: &str,
    key: &str,
    old: i64,
    skip: &[&str],
    replace: &[(&str, &str)],
    values: &[&dyn rusqlite::ToSql],
) -> usize {
    let cols: Vec<String> = columns(tx, table).into_iter().filter(|c| !skip.contains(&c.as_str())).collect();
    let exprs: Vec<String> = cols
        .iter()
        .map(|c| replace.iter().find(|(r, _)| r == c).map_or_else(|| c.clone(), |(_, e)| e.to_string()))
        .collect();
    let sql =
        format!("INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {key} = ?1", cols.join(", "), exprs.join(", "));
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&old];
    params.extend_from_slice(values);
    tx.prepare_cached(&sql).expect("copy statement").execute(params.as_slice()).expect("copy rows")
}

/// A data directory holding a valid yanshou database of `reviews` reviews: the demo review entered through the
/// store, then copied with SQL (new ids, uids, enterprise names and dates; the panel, recusal, scores, vetoes and
/// opinion; and the review's audit-log entries appended to the hash chain, so that the log still verifies).
fn prepare_data_dir(dir: &Path, reviews: i64) {
    let started = Instant::now();
    std::fs::create_dir_all(dir).expect("data dir");
    let db = dir.join("yanshou.db");
    assert!(!db.exists(), "{} already exists", db.display());
    {
        let mut store = Store::open_in(dir).expect("store");
        store.set_actor("基准测试");
        let id = yanshou::tui::demo::load(&mut store, &catalog()).expect("demo review");
        assert_eq!(id, 1);
    }
    let mut conn = Connection::open(&db).expect("open");
    conn.pragma_update(None, "foreign_keys", "ON").expect("pragma");
    let tx = conn.transaction().expect("transaction");
    let template: Vec<LogEntry> =
        audit::read_all(&tx).expect("log").into_iter().filter(|e| e.review_id == Some(1)).collect();
    let (mut seq, mut prev): (i64, String) = tx
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("head");
    let experts: Vec<i64> = {
        let mut s = tx.prepare("SELECT id FROM experts WHERE review_id = 1 ORDER BY id").expect("experts");
        s.query_map([], |r| r.get(0)).expect("experts").collect::<rusqlite::Result<_>>().expect("experts")
    };
    for k in 2..=reviews {
        let date = format!("20{}-{:02}-{:02}", 25 + k % 2, 1 + k % 11, 1 + k % 28);
        copy_rows(
            &tx,
            "reviews",
            "id",
            1,
            &["id"],
            &[
                ("enterprise_name", "?2 || enterprise_name"),
                ("review_date", "?3"),
                ("uid", "lower(hex(randomblob(16)))"),
            ],
            &[&format!("第{k}号"), &date],
        );
        let id = tx.last_insert_rowid();
        assert_eq!(id, k);
        for e in &experts {
            copy_rows(&tx, "experts", "id", *e, &["id"], &[("review_id", "?2")], &[&id]);
            let ne = tx.last_insert_rowid();
            let set = [("review_id", "?2"), ("expert_id", "?3")];
            copy_rows(&tx, "recusals", "expert_id", *e, &[], &set, &[&id, &ne]);
            copy_rows(&tx, "scores", "expert_id", *e, &[], &set, &[&id, &ne]);
        }
        for table in ["facts", "bonuses", "weights", "veto_findings", "opinions"] {
            copy_rows(&tx, table, "review_id", 1, &[], &[("review_id", "?2")], &[&id]);
        }
        copy_rows(&tx, "signins", "review_id", 1, &["id"], &[("review_id", "?2")], &[&id]);
        for t in &template {
            seq += 1;
            let mut e = LogEntry {
                seq,
                review_id: Some(id),
                target: if t.target == "review 1" { format!("review {id}") } else { t.target.clone() },
                prev_hash: prev.clone(),
                hash: String::new(),
                // The template's row digests name its own rows; the copy's are recorded whole below.
                row_digests: None,
                ..t.clone()
            };
            e.hash = audit::entry_hash(&e);
            tx.prepare_cached(
                "INSERT INTO audit_log (seq, review_id, at, actor, action, target, old, new, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .expect("log statement")
            .execute(params![e.seq, e.review_id, e.at, e.actor, e.action, e.target, e.old, e.new, e.prev_hash, e.hash])
            .expect("log entry");
            prev = e.hash;
        }
        tx.execute("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1", params![seq, prev]).expect("head");
        state::record_baseline(&tx, id, "基准测试", &template[0].at).expect("baseline");
        (seq, prev) = tx
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("head");
    }
    tx.commit().expect("commit");
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").expect("checkpoint");
    drop(conn);
    // It is a valid yanshou database: the store opens it, the log verifies, every review loads.
    let store = Store::open(&db).expect("reopen");
    assert_eq!(store.list_reviews().expect("list").len(), reviews as usize);
    assert_eq!(store.verify_log().expect("log"), Vec::<String>::new());
    store.check_all().expect("every review matches its log");
    assert_eq!(store.integrity_check().expect("integrity"), "ok");
    for id in [1, 2, reviews / 2, reviews] {
        store.load(id).expect("load");
    }
    drop(store);
    let _ = std::fs::remove_dir_all(dir.join("backups"));
    eprintln!(
        "prepared {reviews} reviews in {} ({:.1} MB, {:.1} s)",
        dir.display(),
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

/// The template database of `reviews` reviews, prepared once and kept under cargo's target directory between runs
/// (preparing 10,000 takes a while). It is found by the number of reviews, [`PREPARED_VERSION`] and a hash of the
/// schema a fresh store creates, so that a migration or a change of the preparation makes a new one.
fn prepared(reviews: i64) -> PathBuf {
    use sha2::{Digest, Sha256};
    let fresh = scratch();
    drop(Store::open_in(fresh.path()).expect("fresh store"));
    let conn = Connection::open(fresh.path().join("yanshou.db")).expect("open");
    let schema: String = conn
        .query_row("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)", [], |r| r.get(0))
        .expect("schema");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    let key = Sha256::digest(format!("{PREPARED_VERSION} {version} {schema} {}", yanshou::tui::demo::DEMO));
    let key: String = key.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("yanshou-bench-cache").join(format!("reviews-{reviews}-{key}"));
    if !dir.join("ready").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        prepare_data_dir(&dir, reviews);
        std::fs::write(dir.join("ready"), "").expect("mark ready");
    } else {
        eprintln!("using the {reviews} reviews prepared before in {}", dir.display());
    }
    dir
}

/// What the binary does from start to the first frame, less loading the sheets: open the store (its whole check and
/// the daily backup run on a second connection in the background), build the app (the review list) and draw the
/// first frame. The check finishes when the returned app is dropped, outside the measurement.
fn start(dir: &Path, catalog: Catalog) -> (App, Terminal<TestBackend>) {
    let store = Store::open_in_background(dir).expect("open");
    let mut app = App::new(store, catalog, dir.to_path_buf(), TODAY);
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    tui::draw(&mut term, &mut app).expect("first frame");
    (app, term)
}

fn copy_template(template: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    std::fs::copy(template.join("yanshou.db"), to.join("yanshou.db")).expect("copy");
}

/// A copy of the prepared database in `root/warm`, checked to open on the list.
fn warm_copy(root: &Path, template: &Path, cat: &Catalog) -> PathBuf {
    let warm = root.join("warm");
    copy_template(template, &warm);
    let (app, term) = start(&warm, cat.clone());
    let screen = format!("{}", term.backend());
    assert!(screen.contains("号示例"), "the list is not shown:\n{screen}");
    drop(app);
    warm
}

/// Start-up to the first frame: with the sheets already loaded, and with loading them as the binary does.
fn first_frame(g: &mut BenchmarkGroup<'_, WallTime>, warm: &Path, cat: &Catalog) {
    g.bench_function("open_app_first_frame", |b| {
        b.iter_batched(|| cat.clone(), |cat| start(warm, cat), BatchSize::PerIteration)
    });
    g.bench_function("load_catalog_open_app_first_frame", |b| {
        b.iter_batched(
            || (),
            |()| {
                let (cat, _) = yanshou::builtin::load_catalog(Some(warm));
                start(warm, cat)
            },
            BatchSize::PerIteration,
        )
    });
}

fn bench_startup(c: &mut Criterion) {
    let root = scratch();
    let template = prepared(REVIEWS);
    let cat = catalog();

    // The usual start: today's backup already taken.
    let warm = warm_copy(root.path(), &template, &cat);
    let mut g = c.benchmark_group("startup_1000_reviews");
    g.sampling_mode(SamplingMode::Flat);
    first_frame(&mut g, &warm, &cat);
    // The first start of a day: the store first copies the database to backups/.
    g.bench_function("first_start_of_the_day_with_backup", |b| {
        b.iter_batched(
            || {
                let d = tempfile::tempdir_in(root.path()).expect("dir");
                copy_template(&template, d.path());
                (d, cat.clone())
            },
            // The directory is returned so that it is deleted after the measurement, not during it.
            |(d, cat)| (start(d.path(), cat), d),
            BatchSize::PerIteration,
        )
    });
    // Parts, to find where the time goes.
    g.bench_function("part_store_open_in", |b| {
        b.iter_batched(|| (), |()| Store::open_in_background(&warm).expect("open"), BatchSize::PerIteration)
    });
    // The same store opened as the commands open it: the check at opening is in the foreground, within 30 ms.
    g.bench_function("part_store_open_in_foreground_check", |b| {
        b.iter_batched(|| (), |()| Store::open_in(&warm).expect("open"), BatchSize::PerIteration)
    });
    g.bench_function("part_app_new", |b| {
        b.iter_batched(
            || (Store::open_in_background(&warm).expect("open"), cat.clone()),
            |(s, cat)| App::new(s, cat, warm.clone(), TODAY),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("part_first_draw", |b| {
        b.iter_batched(
            || {
                let app = App::new(Store::open_in_background(&warm).expect("open"), cat.clone(), warm.clone(), TODAY);
                (app, Terminal::new(TestBackend::new(80, 24)).expect("terminal"))
            },
            |(mut app, mut term)| {
                tui::draw(&mut term, &mut app).expect("draw");
                (app, term)
            },
            BatchSize::PerIteration,
        )
    });
    // What the first frame does for each visible row of the list (about 20 at 80×24): load the review, which parses
    // its frozen sheet and rules, and evaluate it.
    let store = Store::open(&warm.join("yanshou.db")).expect("open");
    let loaded = store.load(REVIEWS / 2).expect("load");
    g.bench_function("part_one_row_load_review", |b| b.iter(|| store.load(black_box(REVIEWS / 2)).expect("load")));
    g.bench_function("part_one_row_parse_frozen_sheet", |b| {
        b.iter(|| yanshou::domain::scorecard::parse_scorecard("frozen", black_box(&loaded.card.text)).expect("parse"))
    });
    g.bench_function("part_one_row_evaluate", |b| {
        b.iter(|| {
            yanshou::domain::scoring::evaluate(&loaded.card, &loaded.data.evaluation_input(&loaded.card))
                .expect("evaluate")
        })
    });
    g.bench_function("part_list_reviews", |b| b.iter(|| store.list_reviews().expect("list")));
    // The check of the whole audit log and of every review's rows against it, which the background check runs after
    // `quick_check` (and the commands once a day, before the day's backup).
    g.bench_function("part_check_all_reviews_against_the_log", |b| b.iter(|| store.check_all().expect("sound")));
    // The whole background check, to the moment the first change may be written (today's backup already taken).
    g.bench_function("background_check_to_the_end", |b| {
        b.iter_batched(
            || (),
            |()| {
                let mut s = Store::open_in_background(&warm).expect("open");
                while s.check_status() == yanshou::store::CheckStatus::Running {
                    std::thread::sleep(Duration::from_micros(200));
                }
                assert!(matches!(s.check_status(), yanshou::store::CheckStatus::Passed { .. }));
                s
            },
            BatchSize::PerIteration,
        )
    });
    drop(store);
    g.bench_function("part_load_catalog", |b| b.iter(|| yanshou::builtin::load_catalog(Some(&warm))));
    // The floor: the same start on an empty database (the welcome screen).
    let empty = root.path().join("empty");
    drop(start(&empty, cat.clone()));
    g.bench_function("floor_empty_database", |b| {
        b.iter_batched(|| cat.clone(), |cat| start(&empty, cat), BatchSize::PerIteration)
    });
    g.finish();
}

/// Start-up to the first frame at ten times the scale, beside the same start on an empty database, in the same run.
fn bench_startup_large(c: &mut Criterion) {
    let root = scratch();
    let template = prepared(REVIEWS_LARGE);
    let cat = catalog();
    let warm = warm_copy(root.path(), &template, &cat);
    let mut g = c.benchmark_group("startup_10000_reviews");
    g.sampling_mode(SamplingMode::Flat);
    first_frame(&mut g, &warm, &cat);
    g.bench_function("part_store_open_in", |b| {
        b.iter_batched(|| (), |()| Store::open_in_background(&warm).expect("open"), BatchSize::PerIteration)
    });
    g.bench_function("part_app_new", |b| {
        b.iter_batched(
            || (Store::open_in_background(&warm).expect("open"), cat.clone()),
            |(s, cat)| App::new(s, cat, warm.clone(), TODAY),
            BatchSize::PerIteration,
        )
    });
    // The same with the store's whole check done before (in the foreground, outside the measurement): what building
    // the app costs when the check is not reading the same file on the other core at the same time.
    g.bench_function("part_app_new_after_the_check", |b| {
        b.iter_batched(
            || (Store::open_in(&warm).expect("open"), cat.clone()),
            |(s, cat)| App::new(s, cat, warm.clone(), TODAY),
            BatchSize::PerIteration,
        )
    });
    let store = Store::open(&warm.join("yanshou.db")).expect("open");
    g.bench_function("part_list_reviews", |b| b.iter(|| store.list_reviews().expect("list")));
    drop(store);
    let empty = root.path().join("empty");
    drop(start(&empty, cat.clone()));
    g.bench_function("floor_empty_database", |b| {
        b.iter_batched(|| cat.clone(), |cat| start(&empty, cat), BatchSize::PerIteration)
    });
    g.finish();
}

criterion_group! {
    name = frames;
    config = Criterion::default().sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench_frames
}

criterion_group! {
    name = startup;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = bench_startup, bench_startup_large
}

fn main() {
    if let Some(dir) = std::env::var_os("YANSHOU_BENCH_PREPARE") {
        let reviews = std::env::var("YANSHOU_BENCH_REVIEWS").ok().and_then(|n| n.parse().ok()).unwrap_or(REVIEWS);
        prepare_data_dir(&PathBuf::from(dir), reviews);
        return;
    }
    frames();
    startup();
    Criterion::default().configure_from_args().final_summary();
}
