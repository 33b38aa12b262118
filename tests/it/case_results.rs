//! Each finalized review's result, stored when it is finalized (`review_results`), and the case list saying what the
//! case page says: a failed review's case is 未通过（待整改） on the command line's list, on the terminal app's list
//! and on its page alike, a passed one is 验收已定稿（通过） on all three; reopening forgets the result and finalizing
//! again stores it; a stored result changed outside yanshou is damage; and a database of the version before the
//! stored results gets every finalized review's result, with nothing else changed.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;
use serde_json::Value;
use yanshou::store::Store;
use yanshou::store::migrations::{MIGRATIONS, REVIEW_RESULTS};
use yanshou::tui::action::Action;
use yanshou::tui::state::Screen;
use yanshou::tui::{self, App};

use crate::case_cli::World;
use crate::common;

const SHEET: &str = "shandong-2008-acceptance";

/// A 山东 case checked and visited, its review made (and scored, to pass or to fail, when `pass` is given); gives the
/// case's and the review's ids.
fn case_with_review(w: &World, name: &str, pass: Option<bool>) -> (String, String) {
    let new = w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        name,
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2026-01-05",
        "--json",
    ]);
    let id = new["id"].to_string();
    for item in ["c1", "c2", "c3", "m1", "m2", "m3", "m4"] {
        w.ok(&["case", "check", &id, item, "--met"]);
    }
    w.ok(&["case", "check", &id, "--done", "--date", "2026-01-09"]);
    let review = w.json(&["case", "review", &id, "--visit", "2026-01-20", "--json"])["review"].to_string();
    if let Some(pass) = pass {
        w.score(&review, SHEET, pass);
    }
    (id, review)
}

/// Each case's `(status, status_label)` on the command line's list.
fn list_statuses(w: &World, today: &str) -> BTreeMap<String, (String, String)> {
    let list = w.json(&["case", "list", "--today", today, "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["id"].to_string(), (r["status"].as_str().unwrap().into(), r["status_label"].as_str().unwrap().into()))
        })
        .collect()
}

/// A case's `(status, status_label)` on its page.
fn page_status(w: &World, id: &str, today: &str) -> (String, String) {
    let show: Value = w.json(&["case", "show", id, "--today", today, "--json"]);
    (show["status"].as_str().unwrap().into(), show["status_label"].as_str().unwrap().into())
}

/// Each case's `(status, label)` on the terminal app's list, opened from the support unit's screen.
fn tui_statuses(dir: &Path, today: &str) -> BTreeMap<String, (String, String)> {
    let store = Store::open_in(dir).unwrap();
    let mut app = App::new(store, common::catalog().clone(), dir.to_path_buf(), today);
    app.update(Action::OpenUnit);
    app.update(Action::OpenCases);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    let Screen::Cases(v) = &app.state.screen else { panic!("not on the case list: {}", app.state.status.0) };
    v.rows.iter().map(|r| (r.id.to_string(), (r.phase.as_str().to_string(), r.status.clone()))).collect()
}

fn rows(db: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let value = |v: rusqlite::types::ValueRef<'_>| match v.as_str() {
        Ok(text) => text.to_string(),
        Err(_) => format!("{v:?}"),
    };
    stmt.query_map([], |r| Ok((0..n).map(|i| value(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The list (command line and terminal app) and the page agree on every case.
fn assert_agree(w: &World, today: &str) -> BTreeMap<String, (String, String)> {
    let list = list_statuses(w, today);
    for (id, status) in &list {
        assert_eq!(&page_status(w, id, today), status, "case {id}: the page and the list differ");
    }
    assert_eq!(tui_statuses(w.path(), today), list, "the terminal app's list differs from the command line's");
    list
}

#[test]
fn a_failed_review_is_said_the_same_on_the_list_as_on_the_page_and_reopening_forgets_it() {
    let w = World::new();
    let (failed, review_failed) = case_with_review(&w, "山东未过有限公司", Some(false));
    let (passed, review_passed) = case_with_review(&w, "山东通过有限公司", Some(true));
    let (under_way, _) = case_with_review(&w, "山东评审中有限公司", None);
    w.ok(&["review", "finalize", &review_failed]);
    w.ok(&["review", "finalize", &review_passed]);
    let today = "2026-01-21";
    let list = assert_agree(&w, today);
    assert_eq!(list[&failed], ("failed".to_string(), "未通过（待整改）".to_string()));
    assert_eq!(list[&passed], ("finalized".to_string(), "验收已定稿（通过）".to_string()));
    assert_eq!(list[&under_way].0, "reviewing");
    // Stored with the finalization, with its day, and logged with it.
    let db = w.path().join("yanshou.db");
    let day = chrono::Local::now().date_naive().to_string();
    assert_eq!(
        rows(&db, "SELECT review_id || ' ' || verdict || ' ' || finalized_on FROM review_results ORDER BY review_id"),
        [format!("{review_failed} failed {day}"), format!("{review_passed} passed {day}"),]
    );
    // The list counts from the finalization day as the page does: the same next deadline.
    let list = w.json(&["case", "list", "--today", today, "--json"]);
    for r in list.as_array().unwrap() {
        let show = w.json(&["case", "show", &r["id"].to_string(), "--today", today, "--json"]);
        let next = show["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["status"] != "done" && d["due"].is_string())
            .min_by_key(|d| d["due"].as_str().unwrap().to_string())
            .map(|d| d["due"].clone());
        assert_eq!(r["next"]["due"], next.unwrap_or(Value::Null), "case {}", r["id"]);
    }

    // Reopened: the result is forgotten, on the list as on the page.
    w.ok(&["review", "reopen", &review_failed, "--reason", "补录评分"]);
    assert_eq!(rows(&db, &format!("SELECT * FROM review_results WHERE review_id = {review_failed}")).len(), 0);
    assert_eq!(assert_agree(&w, today)[&failed].0, "reviewing");
    // Finalized again: stored again.
    w.ok(&["review", "finalize", &review_failed]);
    assert_eq!(rows(&db, &format!("SELECT verdict FROM review_results WHERE review_id = {review_failed}")).len(), 1);
    assert_eq!(assert_agree(&w, today)[&failed].1, "未通过（待整改）");
    // Every row, the stored results included, matches the log.
    Store::open_in_read_only(w.path()).unwrap().check_all().unwrap();

    // A stored result changed outside yanshou is damage, named.
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE review_results SET verdict = 'passed' WHERE review_id = ?1",
            [review_failed.parse::<i64>().unwrap()],
        )
        .unwrap();
    let err = Store::open_in_read_only(w.path()).unwrap().check_all().unwrap_err();
    let zh = yanshou::domain::explain::Explain::zh(&err);
    assert!(zh.contains(&format!("验收 {review_failed} 定稿时记录的验收结果")), "{zh}");
    let out = common::run(w.path(), &["review", "reopen", &review_failed, "--reason", "再改"]);
    assert_eq!(out.status.code(), Some(1), "a change of a damaged review is refused");
}

/// The digests of a review's rows as version `REVIEW_RESULTS - 1` recorded them.
fn digests(conn: &Connection, review: i64) -> BTreeMap<String, String> {
    yanshou::store::state::row_digests(conn, review).unwrap()
}

/// Finalizes a review the way the version before the stored results did: its status, logged with the digests of
/// the rows it changed, at `at`.
fn finalize_as_before(db: &Path, review: i64, at: &str) {
    let mut conn = Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let before = digests(&tx, review);
    tx.execute("UPDATE reviews SET status = 'finalized', updated_at = ?2 WHERE id = ?1", rusqlite::params![review, at])
        .unwrap();
    let after = digests(&tx, review);
    let diff: BTreeMap<&String, Option<&String>> =
        after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).map(|(k, v)| (k, Some(v))).collect();
    assert_eq!(diff.len(), 1, "only the review's own row changes: {diff:?}");
    let change =
        yanshou::store::audit::Change::new("status", "status", Some("scoring".into()), Some("finalized".into()));
    yanshou::store::audit::append(
        &tx,
        Some(review),
        "旧版",
        at,
        &[change],
        Some(serde_json::to_string(&diff).unwrap()),
    )
    .unwrap();
    tx.commit().unwrap();
}

#[test]
fn a_database_of_the_version_before_gets_every_finalized_reviews_result_and_loses_nothing() {
    assert!(
        MIGRATIONS[REVIEW_RESULTS - 1].contains("CREATE TABLE review_results ("),
        "REVIEW_RESULTS names the migration that creates the stored results"
    );
    assert_eq!(REVIEW_RESULTS, MIGRATIONS.len(), "the migrations after it must be dropped here too");
    let w = World::new();
    let (failed, review_failed) = case_with_review(&w, "山东未过有限公司", Some(false));
    let (passed, review_passed) = case_with_review(&w, "山东通过有限公司", Some(true));
    let (under_way, review_under_way) = case_with_review(&w, "山东评审中有限公司", Some(true));
    let db = w.path().join("yanshou.db");
    // The version before: no stored results, no narrow index of the reviews.
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("DROP TABLE review_results; DROP INDEX reviews_status;").unwrap();
        conn.pragma_update(None, "user_version", (REVIEW_RESULTS - 1) as i64).unwrap();
    }
    finalize_as_before(&db, review_failed.parse().unwrap(), "2026-03-02T10:00:00+08:00");
    finalize_as_before(&db, review_passed.parse().unwrap(), "2026-03-03T23:59:59+08:00");
    Connection::open(&db).unwrap().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    let tables = [
        "SELECT * FROM reviews ORDER BY id",
        "SELECT * FROM cases ORDER BY id",
        "SELECT * FROM case_reviews ORDER BY review_id",
        "SELECT * FROM case_events ORDER BY case_id, round, event",
        "SELECT * FROM case_checks ORDER BY case_id, kind, item_id",
        "SELECT * FROM scores ORDER BY review_id, expert_id, item_id",
        "SELECT * FROM experts ORDER BY id",
        "SELECT * FROM opinions ORDER BY review_id",
        "SELECT seq, hash FROM audit_log ORDER BY seq",
    ];
    let before: Vec<Vec<String>> = tables.iter().map(|sql| rows(&db, sql)).collect();

    // Opening it migrates: the list says what the pages say, from the stored results.
    let list = assert_agree(&w, "2026-03-04");
    assert_eq!(list[&failed], ("failed".to_string(), "未通过（待整改）".to_string()));
    assert_eq!(list[&passed], ("finalized".to_string(), "验收已定稿（通过）".to_string()));
    assert_eq!(list[&under_way].0, "reviewing");
    assert_eq!(rows(&db, "PRAGMA user_version"), [format!("Integer({})", MIGRATIONS.len())]);
    // Every row is as it was; the log only gained an entry per finalized review.
    let after: Vec<Vec<String>> = tables.iter().map(|sql| rows(&db, sql)).collect();
    for (i, sql) in tables.iter().enumerate().take(tables.len() - 1) {
        assert_eq!(after[i], before[i], "{sql}");
    }
    let log = &after[tables.len() - 1];
    assert_eq!(log[..before[tables.len() - 1].len()], before[tables.len() - 1][..]);
    assert_eq!(log.len(), before[tables.len() - 1].len() + 2);
    // The results, with the day each review's log says it was finalized.
    assert_eq!(
        rows(&db, "SELECT review_id || ' ' || verdict || ' ' || finalized_on FROM review_results ORDER BY review_id"),
        [format!("{review_failed} failed 2026-03-02"), format!("{review_passed} passed 2026-03-03"),]
    );
    assert!(rows(&db, &format!("SELECT * FROM review_results WHERE review_id = {review_under_way}")).is_empty());
    // Sound as a whole, and each review's log intact.
    Store::open_in_read_only(w.path()).unwrap().check_all().unwrap();
    for r in [&review_failed, &review_passed, &review_under_way] {
        assert!(w.ok(&["review", "log", r]).contains("the audit log is intact"), "review {r}");
    }
    // The migrated results are tied to the log: finalizing the third and reopening the first work.
    w.ok(&["review", "finalize", &review_under_way]);
    w.ok(&["review", "reopen", &review_failed, "--reason", "补录"]);
    assert_eq!(assert_agree(&w, "2026-03-04")[&failed].0, "reviewing");
}
