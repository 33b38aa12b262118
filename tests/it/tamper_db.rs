//! The live database tied to its audit log (issue “Tamper evidence end to end”, findings 3–5): a row changed, added
//! or deleted with SQLite outside yanshou, a changed or deleted log entry, a changed schema version or schema. Each
//! time `review show` and `review log` report the damage naming the row and the log entry; `review score`,
//! `finalize`, `review sign` and `export` are refused with nothing changed; the app's check behind the first frame
//! reports it and refuses changes; and every message names the file and the newest backup that is itself sound.
#![cfg(unix)]

use crate::common;

use common::{ok, run};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use yanshou::bundle::export::sign_review;
use yanshou::bundle::keys::{Passphrase, generate};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::store::{Damage, NewExpert, NewReview, OpinionPatch, Store, StoreError};
use zeroize::Zeroizing;

const SHEET: &str = "fujian-2008-acceptance";
const PASSPHRASE: &str = "correct horse battery";
const NOW: &str = "2026-11-28T10:00:00+08:00";
const EXPERTS: [(&str, &str); 3] = [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业")];
/// Review 1 is ready to finalize; review 2 is finalized and signed by 王建国 (李秀英 and 张伟 have not signed).
const OPEN: i64 = 1;
const SIGNED: i64 = 2;

fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

/// A review ready to finalize: three experts, every item scored (王建国 deducts on 2.6 with a reason, 张伟 on 1.2),
/// vetoes answered, the opinion written, one sign-in.
fn ready_review(s: &mut Store, enterprise: &str) -> i64 {
    let catalog = common::catalog();
    let card = catalog.scorecard(SHEET).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let new = NewReview {
        enterprise_name: enterprise.into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "福州".into(),
        ..Default::default()
    };
    let id = s.create_review(&new, card, &rules).unwrap();
    let mut ids = Vec::new();
    for (name, field) in EXPERTS {
        let e = NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
        ids.push(s.add_expert(id, &e).unwrap());
    }
    for (n, e) in ids.iter().enumerate() {
        for item in card.scored_items() {
            let (p, reason) = match (n, item.id.as_str()) {
                (0, "2.6") => (Points::from_tenths(130), "未达到三级标准的部分指标"),
                (2, "1.2") => (Points::from_tenths(25), "制度执行记录不全"),
                _ => (item.points, ""),
            };
            s.set_score(id, *e, &item.id, p, reason, "").unwrap();
        }
    }
    for v in ["v1", "v2", "v3"] {
        s.answer_veto(id, v, Answer::No, "").unwrap();
    }
    let opinion = OpinionPatch {
        summary: Some("审核工作规范。".into()),
        conclusion: Some("通过验收".into()),
        ..Default::default()
    };
    s.set_opinion(id, &opinion).unwrap();
    s.add_signin(id, "周明", "福建某某化工有限公司", "厂长", "企业").unwrap();
    id
}

/// The template every case copies: keys and a passphrase file, a data directory with [`OPEN`] and [`SIGNED`], and
/// today's backup of it.
fn template() -> &'static Path {
    static T: OnceLock<tempfile::TempDir> = OnceLock::new();
    T.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for (name, _) in EXPERTS {
            generate(&root.join("keys"), name, &pw()).unwrap();
        }
        fs::write(root.join("passphrase.txt"), format!("{PASSPHRASE}\n")).unwrap();
        fs::create_dir_all(root.join("usb")).unwrap();
        let data = root.join("data");
        let mut s = Store::open_in(&data).unwrap();
        s.set_actor("测试");
        assert_eq!(ready_review(&mut s, "某甲公司"), OPEN);
        assert_eq!(ready_review(&mut s, "某乙公司"), SIGNED);
        s.finalize(SIGNED).unwrap();
        let e = expert(&s, SIGNED, "王建国");
        sign_review(&mut s, SIGNED, e, &root.join("keys").join("王建国.key"), &pw(), None, NOW).unwrap();
        drop(s);
        // Opening again takes today's backup (the first opening had no review to back up).
        drop(Store::open_in(&data).unwrap());
        assert_eq!(fs::read_dir(data.join("backups")).unwrap().count(), 1);
        // Everything in the file, nothing left in the write-ahead log.
        Connection::open(data.join("yanshou.db")).unwrap().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
        tmp
    })
    .path()
}

fn expert(s: &Store, review: i64, name: &str) -> i64 {
    s.load(review).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
}

/// A copy of the template: (root, data directory, today's backup).
fn world() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(template(), tmp.path());
    let data = tmp.path().join("data");
    let backup = fs::read_dir(data.join("backups")).unwrap().next().unwrap().unwrap().path();
    (tmp, data, backup)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

// ----- looking at and changing the file from outside, as sqlite3 would -----

fn db(data: &Path) -> PathBuf {
    data.join("yanshou.db")
}

/// Runs SQL on the file as a tamperer with sqlite3 does (no foreign keys, nothing of yanshou's), then closes it so
/// that everything is in the file itself.
fn tamper(data: &Path, sql: &str) {
    let conn = Connection::open(db(data)).unwrap();
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
}

/// Changes the log as a careful tamperer does: the append-only triggers dropped, the change made, the triggers put
/// back exactly as they were (so that the schema itself does not tell).
fn tamper_log(data: &Path, sql: &str) {
    let conn = Connection::open(db(data)).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(triggers.len(), 2);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete").unwrap();
    conn.execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    for t in triggers {
        conn.execute_batch(&t).unwrap();
    }
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
}

fn read_only(data: &Path) -> Connection {
    Connection::open_with_flags(db(data), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn expert_id(data: &Path, review: i64, name: &str) -> i64 {
    read_only(data)
        .query_row("SELECT id FROM experts WHERE review_id = ?1 AND name = ?2", rusqlite::params![review, name], |r| {
            r.get(0)
        })
        .unwrap()
}

/// The log entry that last recorded the digest of row `key` (what the damage message must name).
fn last_writer(data: &Path, review: i64, key: &str) -> i64 {
    let conn = read_only(data);
    let mut stmt = conn
        .prepare("SELECT seq, row_digests FROM audit_log WHERE review_id = ?1 AND row_digests IS NOT NULL ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, String)> =
        stmt.query_map([review], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap();
    let mut last = None;
    for (seq, json) in rows {
        let map: BTreeMap<String, Option<String>> = serde_json::from_str(&json).unwrap();
        if map.contains_key(key) {
            last = Some(seq);
        }
    }
    last.unwrap_or_else(|| panic!("no entry recorded {key}"))
}

/// The entry of `review` that logged `action` on `target`, the last one.
fn entry_of(data: &Path, review: i64, action: &str, target: &str) -> i64 {
    read_only(data)
        .query_row(
            "SELECT max(seq) FROM audit_log WHERE review_id = ?1 AND action = ?2 AND target = ?3",
            rusqlite::params![review, action, target],
            |r| r.get(0),
        )
        .unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The database file and the backups, byte for byte (the log and shared-memory files come and go with connections).
fn files(data: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("yanshou.db".to_string(), sha256(&fs::read(db(data)).unwrap()));
    for e in fs::read_dir(data.join("backups")).unwrap() {
        let p = e.unwrap().path();
        out.insert(p.display().to_string(), sha256(&fs::read(&p).unwrap()));
    }
    out
}

// ----- the commands -----

/// Asserts a clean refusal: status 1, `yanshou: ` and the message on stderr, no panic, nothing on stdout.
fn refused(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(stderr.starts_with("yanshou: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what} panicked: {stderr}");
    assert!(out.stdout.is_empty() || what.contains("log"), "{what}: printed {}", String::from_utf8_lossy(&out.stdout));
    stderr
}

/// What a damage message must say: that the file is damaged, which file, and the newest good backup (`backup`).
fn names_file_and_backup(msg: &str, data: &Path, backup: &Path, what: &str) {
    assert!(msg.contains("is damaged"), "{what}: {msg}");
    assert!(msg.contains(&db(data).display().to_string()), "{what}: the message does not name the file: {msg}");
    assert!(
        msg.contains(&format!("The latest backup is {} (checked: sound)", backup.display())),
        "{what}: the message does not name the good backup {}: {msg}",
        backup.display()
    );
    assert!(msg.contains("copy it over yanshou.db"), "{what}: {msg}");
    assert!(msg.contains("nothing was changed") || msg.contains("Nothing was changed"), "{what}: {msg}");
}

fn sign_args(root: &Path, review: i64, expert: &str) -> Vec<String> {
    let p = |p: PathBuf| p.display().to_string();
    vec![
        "review".into(),
        "sign".into(),
        review.to_string(),
        expert.into(),
        "--key".into(),
        p(root.join("keys").join(format!("{expert}.key"))),
        "--passphrase-file".into(),
        p(root.join("passphrase.txt")),
    ]
}

/// Every command of the case is refused with the damage named (`expected`, each substring), the file and the backup,
/// and the file and backups are left byte for byte as they were; `review show` and `review log` report it too.
fn every_command_refused(root: &Path, data: &Path, backup: &Path, review: i64, expected: &[String], what: &str) {
    let before = files(data);
    let r = review.to_string();
    let out_dir = root.join("usb").join("bundle");
    let mut commands: Vec<Vec<String>> =
        vec![vec!["review".into(), "show".into(), r.clone()], vec!["review".into(), "log".into(), r.clone()]];
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    if review == OPEN {
        commands.push(s(&["review", "score", &r, "王建国", "1.1", "1.5", "--reason", "台账不全"]));
        commands.push(s(&["review", "opinion", &r, "--conclusion", "不予通过"]));
        commands.push(s(&["review", "finalize", &r]));
    } else {
        commands.push(sign_args(root, review, "李秀英"));
        commands.push(s(&["export", &r, "--out", &out_dir.display().to_string()]));
        commands.push(s(&["review", "reopen", &r, "--reason", "重新评分"]));
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let label = format!("{what}: {}", args[..2].join(" "));
        let msg = refused(&run(data, &args), &label);
        names_file_and_backup(&msg, data, backup, &label);
        for e in expected {
            assert!(msg.contains(e.as_str()), "{label}: the message does not say “{e}”: {msg}");
        }
        assert_eq!(files(data), before, "{label}: the database or a backup changed");
    }
    assert!(!out_dir.exists() && !root.join("usb").join("bundle.partial").exists(), "{what}: a bundle was written");
}

// ----- findings 3 and 4: rows and log entries changed outside yanshou -----

/// One way of changing the file outside yanshou, on one review: the SQL, and what the message must say.
struct Case {
    what: &'static str,
    sql: String,
    log: bool,
    expected: Vec<String>,
}

fn cases(data: &Path, review: i64) -> Vec<Case> {
    let wang = expert_id(data, review, "王建国");
    let li = expert_id(data, review, "李秀英");
    let zhang = expert_id(data, review, "张伟");
    let signin: i64 = read_only(data).query_row("SELECT max(id) FROM signins", [], |r| r.get(0)).unwrap();
    let score_entry = entry_of(data, review, "score", "王建国 2.6");
    let panel_entry = entry_of(data, review, "panel.add", &format!("expert {li}"));
    vec![
        Case {
            what: "a changed byte in a score's reason",
            // 未达到 → 已达到: one character of the reason, as a hex editor or sqlite3 would leave it.
            sql: format!(
                "UPDATE scores SET reason = replace(reason, '未', '已') WHERE expert_id = {wang} AND item_id = '2.6'"
            ),
            log: false,
            expected: vec![
                format!(
                    "review {review}, expert 王建国's score for item 2.6 [scores/{wang}/2.6] has been changed outside yanshou"
                ),
                format!(
                    "it is not what log entry {} recorded",
                    last_writer(data, review, &format!("scores/{wang}/2.6"))
                ),
            ],
        },
        Case {
            what: "a changed score",
            sql: format!("UPDATE scores SET tenths = 30 WHERE expert_id = {zhang} AND item_id = '1.2'"),
            log: false,
            expected: vec![format!("expert 张伟's score for item 1.2 [scores/{zhang}/1.2] has been changed")],
        },
        Case {
            what: "a changed byte in the review's row",
            sql: format!("UPDATE reviews SET enterprise_name = '某丙公司' WHERE id = {review}"),
            log: false,
            expected: vec![
                format!("review {review}'s own record"),
                format!(
                    "it is not what log entry {} recorded",
                    last_writer(data, review, &format!("reviews/{review}"))
                ),
            ],
        },
        Case {
            what: "a changed frozen sheet",
            sql: format!(
                "UPDATE reviews SET scorecard_text = replace(scorecard_text, '100', '110') WHERE id = {review}"
            ),
            log: false,
            expected: vec![format!("review {review}'s frozen score sheet has been changed")],
        },
        Case {
            what: "a changed byte in an expert's row",
            sql: format!("UPDATE experts SET field = '能源' WHERE id = {li}"),
            log: false,
            expected: vec![format!(
                "review {review}, expert 李秀英 on the panel [experts/{li}] has been changed outside yanshou: it is not \
                 what log entry {panel_entry} recorded"
            )],
        },
        Case {
            what: "a changed opinion",
            sql: format!("UPDATE opinions SET conclusion = '不予通过' WHERE review_id = {review}"),
            log: false,
            expected: vec![format!(
                "review {review}, the panel's opinion (验收意见) [opinions/{review}] has been changed"
            )],
        },
        Case {
            what: "a deleted score",
            sql: format!("DELETE FROM scores WHERE expert_id = {zhang} AND item_id = '1.1'"),
            log: false,
            expected: vec![format!(
                "review {review}, expert 张伟's score for item 1.1 [scores/{zhang}/1.1] has been deleted outside \
                 yanshou (log entry {} wrote it)",
                last_writer(data, review, &format!("scores/{zhang}/1.1"))
            )],
        },
        Case {
            what: "an inserted sign-in",
            sql: format!("INSERT INTO signins (review_id, name) VALUES ({review}, '冒名者')"),
            log: false,
            expected: vec![format!(
                "review {review}, sign-in entry {} (冒名者) [signins/{}] has been added outside yanshou: no log entry wrote it",
                signin + 1,
                signin + 1
            )],
        },
        Case {
            what: "a changed log entry",
            sql: format!("UPDATE audit_log SET new = '15' WHERE seq = {score_entry}"),
            log: true,
            expected: vec![format!("entry {score_entry} has been changed since it was written")],
        },
        Case {
            what: "a deleted log entry",
            sql: format!("DELETE FROM audit_log WHERE seq = {panel_entry}"),
            log: true,
            expected: vec![format!("entry {panel_entry} has been deleted")],
        },
    ]
}

#[test]
fn rows_and_entries_changed_outside_yanshou_are_damage_and_refuse_every_command() {
    for review in [OPEN, SIGNED] {
        let (_tmp, data, _) = world();
        let n = cases(&data, review).len();
        for i in 0..n {
            let (tmp, data, backup) = world();
            let case = cases(&data, review).remove(i);
            let what = format!("review {review}, {}", case.what);
            // Sound before: the log is intact and the review shows.
            ok(&data, &["review", "show", &review.to_string()]);
            if case.log {
                tamper_log(&data, &case.sql)
            } else {
                tamper(&data, &case.sql)
            }
            every_command_refused(tmp.path(), &data, &backup, review, &case.expected, &what);
            // `review log --json` names it too, and says the log is not intact.
            let out = run(&data, &["review", "log", &review.to_string(), "--json"]);
            assert_eq!(out.status.code(), Some(1), "{what}");
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["intact"], false, "{what}: {v}");
            let said = format!("{} {}", v["problems"], v["rows"]);
            assert!(said.contains(case.expected[0].split(" [").next().unwrap()), "{what}: {said}");
        }
    }
}

/// One byte of the file itself changed, as a hex editor or a bad sector would leave it, inside a score's reason: SQLite
/// sees nothing wrong (the column is not indexed, the page is well formed), the check does.
#[test]
fn a_byte_changed_in_the_file_is_found_in_the_row_it_belongs_to() {
    let (tmp, data, backup) = world();
    let reason = "制度执行记录不全".as_bytes();
    let original = fs::read(db(&data)).unwrap();
    // The score's row, not the log entry that says “2.5（制度执行记录不全）”, nor the stale copy of an older cell that
    // a page may still hold in its unused space: the first place whose change SQLite then reads.
    let open_paren = "（".as_bytes();
    let changed = (open_paren.len()..original.len() - reason.len())
        .filter(|&i| &original[i..i + reason.len()] == reason && &original[i - open_paren.len()..i] != open_paren)
        .find(|&at| {
            let mut bytes = original.clone();
            // 制 (E5 88 B6) → 刷 (E5 88 B7): still valid UTF-8, one byte changed.
            bytes[at + 2] += 1;
            fs::write(db(&data), &bytes).unwrap();
            let n: i64 = read_only(&data)
                .query_row("SELECT count(*) FROM scores WHERE reason = '刷度执行记录不全'", [], |r| r.get(0))
                .unwrap();
            n == 1
        });
    assert!(changed.is_some(), "no byte of a score's reason found");
    let integrity: String = read_only(&data).query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "SQLite itself finds nothing");
    let shown: Vec<Output> = [OPEN, SIGNED].iter().map(|r| run(&data, &["review", "show", &r.to_string()])).collect();
    let (damaged, sound): (Vec<usize>, Vec<usize>) = (0..2).partition(|&i| !shown[i].status.success());
    assert_eq!((damaged.len(), sound.len()), (1, 1), "exactly the review whose row it is is damaged");
    let review = [OPEN, SIGNED][damaged[0]];
    let zhang = expert_id(&data, review, "张伟");
    let expected = vec![format!(
        "review {review}, expert 张伟's score for item 1.2 [scores/{zhang}/1.2] has been changed outside yanshou: it is \
         not what log entry {} recorded",
        last_writer(&data, review, &format!("scores/{zhang}/1.2"))
    )];
    every_command_refused(tmp.path(), &data, &backup, review, &expected, "a byte of the file");
}

/// The other review of the file is not damaged by a row changed in one: it is read and changed as usual (a damaged
/// chain, though, stops changes wherever the damage is near).
#[test]
fn a_changed_row_of_one_review_leaves_the_others_usable() {
    let (_tmp, data, _) = world();
    let wang = expert_id(&data, SIGNED, "王建国");
    tamper(&data, &format!("UPDATE scores SET reason = 'x' WHERE expert_id = {wang} AND item_id = '2.6'"));
    refused(&run(&data, &["review", "show", "2"]), "show 2");
    ok(&data, &["review", "show", "1"]);
    ok(&data, &["review", "score", "1", "王建国", "1.1", "1.5", "--reason", "台账不全"]);
    refused(&run(&data, &["review", "show", "2"]), "show 2 again");
}

/// A backup that is itself damaged is not offered: the message names the newest one that passes every check, and
/// which newer ones did not.
#[test]
fn the_newest_good_backup_is_named_not_a_damaged_one() {
    let (_tmp, data, today) = world();
    let backups = data.join("backups");
    let older = backups.join("yanshou-2026-01-05.db");
    fs::copy(&today, &older).unwrap();
    let wang = expert_id(&data, OPEN, "王建国");
    let sql = format!("UPDATE scores SET reason = 'x' WHERE expert_id = {wang} AND item_id = '2.6'");
    tamper(&data, &sql);
    // Today's backup was taken of the same changed file (say the change was made before the day's first start).
    fs::copy(db(&data), &today).unwrap();
    let msg = refused(&run(&data, &["review", "score", "1", "王建国", "1.1", "1.5", "--reason", "台账不全"]), "score");
    assert!(
        msg.contains(&format!(
            "The newer backups are damaged too ({}: review 1, expert 王建国's score",
            today.display()
        )),
        "{msg}"
    );
    assert!(msg.contains(&format!("the newest good backup is {}: copy it over yanshou.db", older.display())), "{msg}");
    // The way back the message gives works: with that backup over the file, the review is sound again.
    for extra in ["yanshou.db-wal", "yanshou.db-shm"] {
        let _ = fs::remove_file(data.join(extra));
    }
    fs::copy(&older, db(&data)).unwrap();
    ok(&data, &["review", "show", "1"]);
    // Both backups damaged (the older one in another way), and the file again: none is offered.
    let conn = Connection::open(&older).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    drop(conn);
    tamper(&data, &sql);
    let msg = refused(&run(&data, &["review", "show", "1"]), "show");
    assert!(msg.contains(&format!("No backup in {} is sound", backups.display())), "{msg}");
    assert!(msg.contains("do not match schema version 2"), "{msg}");
    assert!(msg.contains("restore yanshou.db from a copy of your own"), "{msg}");
}

// ----- finding 5: the schema version and the schema -----

/// A database made by the previous yanshou (schema 3), with one review and its log, as it left it.
fn schema_3_database(data: &Path) {
    use yanshou::store::audit::{GENESIS, LogEntry, entry_hash};
    fs::create_dir_all(data).unwrap();
    let conn = Connection::open(db(data)).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    for m in &yanshou::store::migrations::MIGRATIONS[..3] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    let card = common::catalog().scorecard(SHEET).unwrap();
    conn.execute(
        "INSERT INTO reviews (id, enterprise_name, credit_code, track, scorecard_id, scorecard_text, scorecard_hash,
             rules_json, review_date, status, created_at, updated_at, uid)
         VALUES (1, '旧公司', '91350100M000100Y43', 'any', ?1, ?2, ?3, '[]', '2026-01-05', 'scoring', ?4, ?4, 'u1')",
        rusqlite::params![card.id, card.text, sha256(card.text.as_bytes()), NOW],
    )
    .unwrap();
    conn.execute("INSERT INTO opinions (review_id, summary) VALUES (1, '旧意见')", []).unwrap();
    conn.execute(
        "INSERT INTO experts (id, review_id, name, field, role) VALUES (1, 1, '王建国', '清洁生产', 'lead')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO scores (review_id, expert_id, item_id, tenths, reason, updated_at) VALUES (1, 1, '1.2', 25, '记录不全', ?1)",
        [NOW],
    )
    .unwrap();
    let mut prev = GENESIS.to_string();
    for (seq, action, target) in
        [(1, "review.create", "review 1"), (2, "panel.add", "expert 1"), (3, "score", "王建国 1.2")]
    {
        let mut e = LogEntry {
            seq,
            review_id: Some(1),
            at: NOW.into(),
            actor: "旧版".into(),
            action: action.into(),
            target: target.into(),
            old: None,
            new: Some("…".into()),
            prev_hash: prev.clone(),
            hash: String::new(),
            row_digests: None,
        };
        e.hash = entry_hash(&e);
        conn.execute(
            "INSERT INTO audit_log (seq, review_id, at, actor, action, target, old, new, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![e.seq, e.review_id, e.at, e.actor, e.action, e.target, e.old, e.new, e.prev_hash, e.hash],
        )
        .unwrap();
        prev = e.hash;
    }
    conn.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, ?1)", [prev]).unwrap();
}

/// Finding 5: the version byte changed (3 → 2) made every command fail with “index scores_review already exists”, the
/// migration of version 3 run again on a schema 3. Now no migration runs on a schema other than its predecessor's,
/// and the message says the file is damaged, which way, and the backup.
#[test]
fn a_changed_schema_version_is_damage_named_with_the_backup_and_no_migration_runs() {
    let current = yanshou::store::migrations::MIGRATIONS.len() as i64;
    // On a database of this yanshou: the version lowered, raised, and lowered by two.
    for (version, expected) in [
        (current - 1, format!("do not match schema version {}", current - 1)),
        (current - 2, format!("do not match schema version {}", current - 2)),
        (current + 1, format!("its header gives schema version {}, newer than this yanshou's {current}", current + 1)),
    ] {
        let (tmp, data, backup) = world();
        let conn = Connection::open(db(&data)).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        drop(conn);
        let what = format!("user_version {current} → {version}");
        every_command_refused(tmp.path(), &data, &backup, OPEN, std::slice::from_ref(&expected), &what);
        let msg = refused(&run(&data, &["review", "list"]), &what);
        assert!(!msg.contains("already exists"), "{what}: a migration ran: {msg}");
        let v: i64 = read_only(&data).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, version, "{what}: the version was changed back");
    }
    // The finding itself: a database of schema 3 (the previous yanshou's), its version changed 3 → 2 and 3 → 4.
    for (version, expected) in [
        (
            2,
            "do not match schema version 2, the version its header gives (not part of version 2: index recusals_review, index reviews_list, index scores_review, index signins_review)",
        ),
        (4, "do not match schema version 4"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        schema_3_database(&data);
        let backups = data.join("backups");
        fs::create_dir_all(&backups).unwrap();
        let backup = backups.join("yanshou-2026-01-05.db");
        fs::copy(db(&data), &backup).unwrap();
        Connection::open(db(&data)).unwrap().pragma_update(None, "user_version", version).unwrap();
        let before = files(&data);
        for args in
            [vec!["review", "list"], vec!["review", "show", "1"], vec!["review", "score", "1", "王建国", "1.1", "2"]]
        {
            let what = format!("schema 3 as {version}: {}", args[1]);
            let msg = refused(&run(&data, &args), &what);
            assert!(msg.contains(expected), "{what}: {msg}");
            assert!(!msg.contains("already exists"), "{what}: {msg}");
            // The backup of schema 3 is sound at its own version.
            names_file_and_backup(&msg, &data, &backup, &what);
            assert_eq!(files(&data), before, "{what}: the file changed");
        }
    }
}

/// A schema changed by hand (an index dropped, a table added, a column added) is damage; so is a trigger left dropped.
#[test]
fn a_changed_schema_is_damage() {
    // The schema of this yanshou: its version is the number of migrations.
    let current = yanshou::store::migrations::MIGRATIONS.len();
    let not_part = format!("not part of version {current}: table notes");
    for (sql, expected) in [
        ("DROP INDEX scores_review", "missing: index scores_review"),
        ("CREATE TABLE notes (x TEXT)", not_part.as_str()),
        ("ALTER TABLE scores ADD COLUMN extra TEXT", "changed: table scores"),
        ("DROP TRIGGER audit_log_no_delete", "missing: trigger audit_log_no_delete"),
    ] {
        let (tmp, data, backup) = world();
        tamper(&data, sql);
        every_command_refused(tmp.path(), &data, &backup, OPEN, &[expected.to_string()], sql);
        every_command_refused(tmp.path(), &data, &backup, SIGNED, &[expected.to_string()], sql);
    }
}

/// A database of the previous schema is upgraded: each review's rows are recorded as they are (a baseline entry),
/// nothing it holds is changed, and from then on a row changed outside yanshou is found.
#[test]
fn an_old_database_is_upgraded_with_a_baseline_and_then_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    schema_3_database(&data);
    let rows_before: Vec<(String, i64, String)> = {
        let conn = read_only(&data);
        let mut stmt = conn.prepare("SELECT item_id, tenths, reason FROM scores ORDER BY item_id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    };
    let log = ok(&data, &["review", "log", "1"]);
    assert!(log.contains("baseline  review 1"), "{log}");
    assert!(log.contains("the audit log is intact (4 entries for review 1)"), "{log}");
    let show = ok(&data, &["review", "show", "1"]);
    assert!(show.contains("旧公司"), "{show}");
    let conn = read_only(&data);
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, yanshou::store::migrations::MIGRATIONS.len() as i64);
    let mut stmt = conn.prepare("SELECT item_id, tenths, reason FROM scores ORDER BY item_id").unwrap();
    let rows_after: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows_after, rows_before, "the upgrade changed a score");
    drop(stmt);
    drop(conn);
    ok(&data, &["review", "score", "1", "王建国", "1.1", "2"]);
    tamper(&data, "UPDATE scores SET reason = '记录齐全' WHERE item_id = '1.2'");
    let msg = refused(&run(&data, &["review", "show", "1"]), "show");
    assert!(msg.contains("expert 王建国's score for item 1.2 [scores/1/1.2] has been changed outside yanshou: it is not what log entry 4 recorded"), "{msg}");
}

/// A change that writes a row logs it, even when the logged text would not differ (only the evidence of a score
/// changed): the log records the row, and the review stays sound.
#[test]
fn an_evidence_only_change_is_logged_and_the_review_stays_sound() {
    let (_tmp, data, _) = world();
    let mut s = Store::open_in(&data).unwrap();
    let wang = expert(&s, OPEN, "王建国");
    s.set_score(OPEN, wang, "2.6", Points::from_tenths(130), "未达到三级标准的部分指标", "照片 3 张").unwrap();
    let (log, problems) = s.log(OPEN).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let last = log.last().unwrap();
    assert_eq!((last.action.as_str(), last.new.as_deref()), ("score.evidence", Some("照片 3 张")));
    assert!(last.row_digests.as_deref().is_some_and(|r| r.contains(&format!("scores/{wang}/2.6"))));
    s.check_review(OPEN).unwrap();
    s.check_all().unwrap();
}

// ----- the app -----

/// The app's check behind the first frame finds a changed row: a dialog names it, the entry, the file and the backup,
/// and every change is refused with the same words; a row changed while the app is open is found by the next change.
#[test]
fn the_app_reports_damage_and_refuses_changes() {
    let (_tmp, data, backup) = world();
    let wang = expert_id(&data, OPEN, "王建国");
    let entry = last_writer(&data, OPEN, &format!("scores/{wang}/2.6"));
    tamper(&data, &format!("UPDATE scores SET reason = 'x' WHERE expert_id = {wang} AND item_id = '2.6'"));
    let before = files(&data);
    let store = Store::open_in_background(&data).unwrap();
    let (catalog, _) = yanshou::builtin::load_catalog(None);
    let mut app = yanshou::tui::App::new(store, catalog, data.clone(), "2026-11-28");
    let started = Instant::now();
    while app.checking {
        assert!(started.elapsed() < Duration::from_secs(20), "the check never finished");
        app.tick();
        std::thread::sleep(Duration::from_millis(5));
    }
    let Some(yanshou::tui::dialogs::Modal::Report(report)) = app.state.modal.clone() else {
        panic!("no dialog reports the damage; status: {:?}", app.state.status)
    };
    assert_eq!(report.title, "数据库已损坏");
    let shown = report.lines.join("\n");
    assert!(
        shown.contains(&format!("expert 王建国's score for item 2.6 [scores/{wang}/2.6] has been changed outside yanshou: it is not what log entry {entry} recorded")),
        "{shown}"
    );
    names_file_and_backup(&shown, &data, &backup, "the app");
    // On screen.
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    yanshou::tui::draw(&mut term, &mut app).unwrap();
    let screen = common::screen_text(&common::frame(&term, &mut app));
    assert!(screen.contains("数据库已损坏"), "{screen}");
    assert!(app.state.status.0.contains("不能修改"), "{:?}", app.state.status);
    // Every change refused, the other review's too: the database is damaged.
    let e2 = expert(&app.store, SIGNED, "李秀英");
    for (review, expert) in [(OPEN, wang), (SIGNED, e2)] {
        let refused = app.store.set_score(review, expert, "1.1", Points::from_tenths(15), "x", "").unwrap_err();
        assert_eq!(refused.to_string(), report.lines[3]);
    }
    drop(app);
    assert_eq!(files(&data), before, "something was written");

    // Sound at opening, changed while the app is open (by sqlite3 beside it): the next change is refused.
    let (_tmp, data, backup) = world();
    let mut store = Store::open_in_background(&data).unwrap();
    let li = expert(&store, OPEN, "李秀英");
    store.set_score(OPEN, li, "1.1", Points::from_tenths(15), "台账不全", "").unwrap();
    store.set_score(OPEN, li, "1.2", Points::from_tenths(25), "记录不全", "").unwrap();
    tamper(&data, &format!("UPDATE scores SET tenths = 20 WHERE expert_id = {li} AND item_id = '1.1'"));
    let err = store.set_score(OPEN, li, "1.3", Points::from_tenths(40), "方案未完成", "").unwrap_err();
    let StoreError::Damaged(r) = &err else { panic!("{err}") };
    assert!(matches!(&r.damage[..], [Damage::RowChanged { .. }]), "{err}");
    names_file_and_backup(&err.to_string(), &data, &backup, "changed while open");
    assert!(
        yanshou::domain::explain::Explain::zh(&err).starts_with("数据库已损坏"),
        "{}",
        yanshou::domain::explain::Explain::zh(&err)
    );
    let stored: i64 = read_only(&data)
        .query_row("SELECT tenths FROM scores WHERE expert_id = ?1 AND item_id = '1.3'", [li], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 50, "the refused score was written");
}
