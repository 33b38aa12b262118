//! Cases in the database: a database of the version before cases is upgraded with every review in a case of its own
//! (nothing of the reviews changed), and a case's rows are tied to the audit log like a review's: a row changed,
//! added or deleted with sqlite3 is found and named, and every change is refused.

use std::path::Path;

use rusqlite::Connection;

use crate::case_cli::{World, dump};
use crate::common::{self, run};

const NOW: &str = "2026-01-05T09:00:00+08:00";

/// The number of the migration that brings cases (it is found by what it creates: branches renumber migrations).
fn cases_migration() -> usize {
    yanshou::store::migrations::MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE cases (")).unwrap()
}

/// The number of the migration that brings reviews decided by rules (findings, review types, decisions).
fn findings_migration() -> usize {
    yanshou::store::migrations::MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE findings (")).unwrap() + 1
}

/// A database of the version just before cases, with three reviews on three provinces' files, made sound as that
/// version left them (each review's rows recorded in its log).
fn database_before_cases(data: &Path) {
    database_at(data, cases_migration());
}

/// A database of `before` (a version before cases), with three reviews on three provinces' files and, where the
/// version has them, a fourth on 云南's rules with its type, a finding and the panel's result; each review's rows
/// recorded in its log as that version left them.
fn database_at(data: &Path, before: usize) {
    assert!(before <= cases_migration());
    std::fs::create_dir_all(data).unwrap();
    let mut conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for m in &yanshou::store::migrations::MIGRATIONS[..before] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", before as i64).unwrap();
    let catalog = common::catalog();
    let tx = conn.transaction().unwrap();
    for (id, sheet, name, track, date) in [
        (1, "shandong-2008-acceptance", "山东甲公司", "voluntary", "2025-09-26"),
        (2, "beijing-2007-acceptance", "北京乙公司", "mandatory", "2025-10-10"),
        (3, "fujian-2008-assessment", "福建丙公司", "any", "2025-11-20"),
    ] {
        let card = catalog.scorecard(sheet).unwrap();
        tx.execute(
            "INSERT INTO reviews (id, enterprise_name, credit_code, industry, track, scorecard_id, scorecard_text,
                 scorecard_hash, rules_json, review_date, status, created_at, updated_at, uid)
             VALUES (?1, ?2, '91350100M000100Y43', '化工', ?3, ?4, ?5, ?6, '[]', ?7, 'scoring', ?8, ?8, ?9)",
            rusqlite::params![
                id,
                name,
                track,
                card.id,
                card.text,
                yanshou::hex::sha256_hex(card.text.as_bytes()),
                date,
                NOW,
                format!("uid{id}")
            ],
        )
        .unwrap();
        tx.execute("INSERT INTO opinions (review_id, summary) VALUES (?1, '旧意见')", [id]).unwrap();
        tx.execute(
            "INSERT INTO experts (review_id, name, field, role) VALUES (?1, '王建国', '清洁生产', 'lead')",
            [id],
        )
        .unwrap();
        yanshou::store::state::record_baseline(&tx, id, "旧版", NOW).unwrap();
    }
    if before >= findings_migration() {
        let card = catalog.scorecard("yunnan-2007-acceptance").unwrap();
        tx.execute(
            "INSERT INTO reviews (id, enterprise_name, credit_code, industry, track, scorecard_id, scorecard_text,
                 scorecard_hash, rules_json, review_date, status, created_at, updated_at, uid)
             VALUES (4, '云南丁公司', '91350100M000100Y43', '化工', 'any', ?1, ?2, ?3, '[]', '2025-12-01', 'scoring', ?4,
                 ?4, 'uid4')",
            rusqlite::params![card.id, card.text, yanshou::hex::sha256_hex(card.text.as_bytes()), NOW],
        )
        .unwrap();
        tx.execute("INSERT INTO review_types (review_id, type_id) VALUES (4, 'a')", []).unwrap();
        tx.execute(
            "INSERT INTO findings (review_id, kind, entry_id, met, evidence)
             VALUES (4, 'requirement', 'a-balance', 'yes', '物料平衡表齐全')",
            [],
        )
        .unwrap();
        tx.execute("INSERT INTO decisions (review_id, passed, reason) VALUES (4, 'yes', '专家组一致通过')", [])
            .unwrap();
        yanshou::store::state::record_baseline(&tx, 4, "旧版", NOW).unwrap();
    }
    tx.commit().unwrap();
}

fn rows(data: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The rows of reviews decided by rules (the version before cases has them).
const RULES_ROWS: [&str; 3] =
    ["SELECT * FROM findings ORDER BY review_id", "SELECT * FROM review_types", "SELECT * FROM decisions"];

/// A database older still (before reviews decided by rules) goes through both migrations: a case for every review.
#[test]
fn a_database_before_rules_and_cases_gets_both() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    database_at(&data, findings_migration() - 1);
    let reviews_before = rows(&data, "SELECT * FROM reviews ORDER BY id");
    let list: serde_json::Value = serde_json::from_str(&common::ok(&data, &["case", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "{list:?}");
    assert_eq!(rows(&data, "SELECT * FROM reviews ORDER BY id"), reviews_before);
    let version = rows(&data, "PRAGMA user_version");
    assert_eq!(version, [format!("Integer({})", yanshou::store::migrations::MIGRATIONS.len())]);
    for id in ["1", "2", "3"] {
        assert!(common::ok(&data, &["review", "log", id]).contains("the audit log is intact"));
    }
}

#[test]
fn an_older_database_gets_a_case_for_every_review_and_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    database_before_cases(&data);
    let reviews_before = rows(&data, "SELECT * FROM reviews ORDER BY id");
    let experts_before = rows(&data, "SELECT * FROM experts ORDER BY id");
    let rules_before: Vec<Vec<String>> = RULES_ROWS.iter().map(|sql| rows(&data, sql)).collect();
    assert!(rules_before.iter().all(|r| r.len() == 1), "{rules_before:?}");

    // Any command upgrades it.
    let list: serde_json::Value = serde_json::from_str(&common::ok(&data, &["case", "list", "--json"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4, "{list:?}");
    let links = rows(&data, "SELECT review_id, case_id, round, recheck_of FROM case_reviews ORDER BY review_id");
    let cases: std::collections::BTreeSet<&str> = links.iter().map(|l| l.split('|').nth(1).unwrap()).collect();
    assert_eq!(cases.len(), 4, "each review in a case of its own: {links:?}");
    assert!(links.iter().all(|l| l.ends_with("|Integer(1)|Null")), "{links:?}");
    // Each case knows its province, stage, track and enterprise from its review and its frozen sheet.
    let by_enterprise = |name: &str| list.iter().find(|c| c["enterprise"] == name).unwrap().clone();
    let shandong = by_enterprise("山东甲公司");
    assert_eq!((shandong["province"].as_str(), shandong["stage"].as_str()), (Some("山东"), Some("acceptance")));
    assert_eq!(shandong["track"], "voluntary");
    assert_eq!(shandong["scorecard"], "shandong-2008-acceptance");
    let fujian = by_enterprise("福建丙公司");
    assert_eq!((fujian["province"].as_str(), fujian["stage"].as_str()), (Some("福建"), Some("assessment")));
    assert_eq!(by_enterprise("北京乙公司")["status"], "reviewing");

    // Nothing of the reviews changed; their logs are intact, and each case's rows are recorded in a baseline.
    assert_eq!(rows(&data, "SELECT * FROM reviews ORDER BY id"), reviews_before);
    assert_eq!(rows(&data, "SELECT * FROM experts ORDER BY id"), experts_before);
    // The rules-based review keeps its type, finding and result, in a case of its own, and its log is intact.
    assert_eq!(RULES_ROWS.iter().map(|sql| rows(&data, sql)).collect::<Vec<_>>(), rules_before);
    let yunnan = by_enterprise("云南丁公司");
    assert_eq!(
        (yunnan["province"].as_str(), yunnan["scorecard"].as_str()),
        (Some("云南"), Some("yunnan-2007-acceptance"))
    );
    assert!(common::ok(&data, &["review", "log", "4"]).contains("the audit log is intact"));
    let log = common::ok(&data, &["review", "log", "1"]);
    assert!(log.contains("the audit log is intact"), "{log}");
    let case = shandong["id"].to_string();
    let case_log = common::ok(&data, &["case", "log", &case]);
    assert!(case_log.contains("baseline") && case_log.contains("为已有的验收 1 建立"), "{case_log}");
    // The case shows its review's site visit, and its deadlines count from it.
    let show: serde_json::Value =
        serde_json::from_str(&common::ok(&data, &["case", "show", &case, "--today", "2025-09-29", "--json"])).unwrap();
    assert_eq!(show["reviews"][0]["id"], 1);
    let report = show["deadlines"].as_array().unwrap().iter().find(|d| d["id"] == "report").unwrap();
    assert_eq!(report["due"], "2025-10-16");

    // A review started on its own after the upgrade gets a case of its own too.
    common::ok(
        &data,
        &[
            "review",
            "new",
            "--scorecard",
            "fujian-2008-acceptance",
            "--enterprise",
            "福建丁公司",
            "--credit-code",
            "91350100M000100Y43",
            "--date",
            "2026-01-05",
        ],
    );
    let list: serde_json::Value = serde_json::from_str(&common::ok(&data, &["case", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 5);
    assert_eq!(rows(&data, "SELECT count(*) FROM case_reviews WHERE review_id = 5"), ["Integer(1)"]);
}

/// A case with a date, a check, a review and an objection, for tampering.
fn a_case(w: &World) -> String {
    let id = w.json(&[
        "case",
        "new",
        "--province",
        "北京",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "北京某公司",
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2026-03-02",
        "--json",
    ])["id"]
        .to_string();
    w.ok(&["case", "check", &id, "c1", "--met", "--note", "已核对"]);
    w.ok(&["case", "check", &id, "--done", "--date", "2026-03-05", "--reason", "材料后补"]);
    w.ok(&["case", "review", &id, "--visit", "2026-03-20"]);
    id
}

fn tamper(data: &Path, sql: &str) {
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
}

/// Every command on the case is refused naming the row; nothing is written. (The list reads no case whole: like the
/// review list, it is refused only once the day's whole-file check has found the damage.)
fn refused_naming(w: &World, zh: &str, en: &str) {
    for args in [
        vec!["case", "show", "1"],
        vec!["case", "schedule", "1", "--visit", "2026-03-21"],
        vec!["case", "check", "1", "c2", "--met"],
    ] {
        let before = dump(&w.path().join("yanshou.db"));
        let out = run(w.path(), &args);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(zh) && err.contains(en), "{args:?}: expected “{zh}” and “{en}”: {err}");
        assert_eq!(dump(&w.path().join("yanshou.db")), before, "{args:?} changed the database");
    }
}

#[test]
fn a_case_row_changed_added_or_deleted_outside_yanshou_is_found() {
    for (sql, zh, en) in [
        (
            "UPDATE case_events SET date = '2026-03-01' WHERE event = 'application'",
            "案件 1 的一个日期（事件）［case_events/1/0/application］在 yanshou 之外被改动",
            "case 1, one of its dates (events) [case_events/1/0/application] has been changed outside yanshou",
        ),
        (
            "UPDATE cases SET enterprise_name = '别的公司'",
            "案件 1 本身的记录",
            "case 1's own record (enterprise, province, stage, sheet) [cases/1] has been changed outside yanshou",
        ),
        (
            "INSERT INTO case_checks (case_id, kind, item_id, met, note) VALUES (1, 'condition', 'c2', 1, '')",
            "是在 yanshou 之外添加的",
            "[case_checks/1/condition/c2] has been added outside yanshou",
        ),
        (
            "DELETE FROM case_reviews",
            "案件 1 所属的一次验收［case_reviews/1/1］在 yanshou 之外被删除",
            "has been deleted outside yanshou",
        ),
        (
            "UPDATE case_checks SET met = 0",
            "案件 1 的一项申请审查",
            "[case_checks/1/condition/c1] has been changed outside yanshou",
        ),
    ] {
        let w = World::new();
        a_case(&w);
        tamper(w.path(), sql);
        refused_naming(&w, zh, en);
    }
}

#[test]
fn an_objection_changed_outside_yanshou_is_found_and_a_sound_case_stays_sound() {
    let w = World::new();
    let id = a_case(&w);
    // Sound: every command works, and the case's log lists each change.
    let log = w.ok(&["case", "log", &id]);
    for action in ["case.new", "case.check", "case.checked", "case.review"] {
        assert!(log.contains(action), "{action} not in {log}");
    }
    let review = w.json(&["case", "show", &id, "--json"])["reviews"][0]["id"].to_string();
    w.finalize(&review, "beijing-2007-acceptance", true);
    w.ok(&["case", "report", &id, "--date", "2026-03-25", "--conclusion", "passed"]);
    w.ok(&["case", "publish", &id, "--from", "2026-03-30"]);
    w.ok(&["case", "object", &id, "--date", "2026-04-01", "--text", "举报"]);
    w.ok(&["case", "show", &id]);
    tamper(w.path(), "UPDATE case_objections SET text = '撤回'");
    refused_naming(&w, "案件 1 的一项公示异议［case_objections/1/1］在 yanshou 之外被改动", "an objection to its 公示");
}
