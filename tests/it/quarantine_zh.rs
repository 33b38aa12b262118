//! The support unit reads why a bundle was refused in Chinese: `verify`, `import` and `quarantine` print the Chinese
//! first and the English below it, the quarantine keeps both, and rows quarantined before the Chinese was kept stay as
//! they were (their English reason, nothing rewritten) when the database is upgraded.

use crate::bundle::World;
use crate::common::{self, ok, yanshou};

use std::fs;
use std::path::Path;

use rusqlite::Connection;

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A database of the schema before the Chinese reasons (schema 4), holding one quarantined bundle, as the previous
/// yanshou left it.
fn schema_4_database(data: &Path) {
    fs::create_dir_all(data).unwrap();
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for m in &yanshou::store::migrations::MIGRATIONS[..4] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    conn.execute(
        "INSERT INTO quarantine (source, reason, payload_sha256, content, quarantined_at)
         VALUES ('/usb/old', 'nobody has signed the payload', NULL, '{}', '2026-11-01T09:00:00+08:00')",
        [],
    )
    .unwrap();
}

#[test]
fn an_old_quarantine_row_is_kept_as_it_was_and_new_ones_are_in_chinese_first() {
    let mut w = World::new();
    let unit = w.dir.path().join("unit-cli");
    schema_4_database(&unit);
    // The old row, after the upgrade: its English reason, no Chinese, nothing else changed.
    let q: serde_json::Value = serde_json::from_str(&ok(&unit, &["quarantine", "--json"])).unwrap();
    assert_eq!(q[0]["reason"], "nobody has signed the payload");
    assert_eq!(q[0]["reason_zh"], serde_json::Value::Null);
    assert_eq!(q[0]["source"], "/usb/old");
    let version: i64 = Connection::open(unit.join("yanshou.db"))
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, yanshou::store::migrations::MIGRATIONS.len() as i64);

    // A bundle changed after export: verify and import say why in Chinese, then in English.
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    let out = w.export(id, "changed");
    let sheet = out.join("签到表.html");
    let text = fs::read_to_string(&sheet).unwrap().replacen("王建国", "王建华", 1);
    fs::write(&sheet, text).unwrap();
    let roster = w.dir.path().join("roster.json");
    let issuer = w.dir.path().join("keys").join("unit.pub");
    let trust = |cmd: &str| {
        let mut c = yanshou(&unit);
        c.arg(cmd).arg(&out).arg("--roster").arg(&roster).arg("--issuer").arg(&issuer);
        c.output().unwrap()
    };
    let verified = trust("verify");
    assert_eq!(verified.status.code(), Some(1));
    let stdout = String::from_utf8(verified.stdout).unwrap();
    let zh = stdout.find("签到表.html 被改动过").unwrap_or_else(|| panic!("no Chinese reason: {stdout}"));
    let en = stdout.find("签到表.html has been changed").unwrap_or_else(|| panic!("no English reason: {stdout}"));
    assert!(zh < en, "the Chinese comes first: {stdout}");

    let imported = trust("import");
    assert_eq!(imported.status.code(), Some(1));
    let stdout = String::from_utf8(imported.stdout).unwrap();
    let zh = stdout.find("签到表.html 被改动过").unwrap_or_else(|| panic!("no Chinese reason: {stdout}"));
    assert!(zh < stdout.find("has been changed").unwrap(), "{stdout}");

    let q: serde_json::Value = serde_json::from_str(&ok(&unit, &["quarantine", "--json"])).unwrap();
    assert_eq!(q.as_array().unwrap().len(), 2);
    assert!(q[1]["reason_zh"].as_str().unwrap().contains("签到表.html 被改动过"), "{}", q[1]);
    assert!(q[1]["reason"].as_str().unwrap().contains("签到表.html has been changed"), "{}", q[1]);
    // The list: the old row's English as it was; the new row's Chinese, then its English.
    let list = ok(&unit, &["quarantine"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines[0].contains("/usb/old: nobody has signed the payload"), "{list}");
    assert!(lines[1].contains("签到表.html 被改动过") && chinese(lines[1]), "{list}");
    assert!(lines[2].contains("签到表.html has been changed"), "{list}");
}

/// `evaluate` says why the scores cannot be evaluated in Chinese, the English below each reason.
#[test]
fn evaluate_refuses_in_chinese_first() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    fs::write(&input, r#"{"experts": [{"name": "甲", "scores": {"1.1": 3}}]}"#).unwrap();
    let out = common::run(
        dir.path(),
        &["evaluate", "--scorecard", "guangdong-2009-voluntary", "--input", input.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let zh = err.find("专家 甲 尚未评分的条目").unwrap_or_else(|| panic!("{err}"));
    assert!(zh < err.find("expert 甲: no score for").unwrap(), "{err}");
}
