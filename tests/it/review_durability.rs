//! Durability of the review store as the real binary uses it: a process killed at any moment loses no acknowledged
//! change and leaves no half-written one, two writers at once corrupt nothing, a busy database gets a clear message,
//! tampering with the audit log is detected, and the schema is created once and kept.
#![cfg(unix)]

use crate::common;

use common::{BIN, ok, run, yanshou};
use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

const SHEET: &str = "fujian-2008-acceptance";
/// The items of the Fujian acceptance sheet and their maxima, in points.
const ITEMS: [(&str, i64); 16] = [
    ("1.1", 2),
    ("1.2", 3),
    ("1.3", 5),
    ("1.4", 10),
    ("2.1", 10),
    ("2.2", 5),
    ("2.3", 5),
    ("2.4", 10),
    ("2.5", 10),
    ("2.6", 15),
    ("3.1", 3),
    ("3.2", 3),
    ("3.3", 4),
    ("4.1", 10),
    ("4.2", 2),
    ("4.3", 3),
];
const EXPERTS: [&str; 3] = ["王建国", "赵敏", "李华"];

// ----- helpers -----

fn db_path(dir: &Path) -> PathBuf {
    dir.join("yanshou.db")
}

fn read_only(dir: &Path) -> Connection {
    Connection::open_with_flags(db_path(dir), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn writable(dir: &Path) -> Connection {
    Connection::open(db_path(dir)).unwrap()
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// A review on the Fujian sheet with the given panel (the first one leads); returns its id.
fn new_review(dir: &Path, experts: &[&str]) -> i64 {
    let id: i64 = ok(
        dir,
        &[
            "review",
            "new",
            "--scorecard",
            SHEET,
            "--enterprise",
            "某公司",
            "--credit-code",
            "91350100M000100Y43",
            "--date",
            "2026-11-28",
            "--place",
            "福州",
        ],
    )
    .trim()
    .parse()
    .unwrap();
    for (i, name) in experts.iter().enumerate() {
        let id = id.to_string();
        let mut args = vec!["review", "panel", &id, "add", "--name", name, "--field", "清洁生产"];
        if i == 0 {
            args.push("--lead");
        }
        ok(dir, &args);
    }
    id
}

/// `2`, `1.5`: points as the store writes them in the audit log.
fn pts(tenths: i64) -> String {
    if tenths % 10 == 0 { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) }
}

/// A score as the audit log writes it: `1.5（reason）`, or `2` without a reason.
fn score_text(tenths: i64, reason: &str) -> String {
    if reason.is_empty() { pts(tenths) } else { format!("{}（{reason}）", pts(tenths)) }
}

/// Every score of a review: (expert name, item) → (tenths, reason).
fn scores(conn: &Connection, review: i64) -> BTreeMap<(String, String), (i64, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT e.name, s.item_id, s.tenths, s.reason FROM scores s JOIN experts e ON e.id = s.expert_id
             WHERE s.review_id = ?1",
        )
        .unwrap();
    stmt.query_map([review], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// One audit log row: seq, action, target, old, new.
type Entry = (i64, String, String, Option<String>, Option<String>);

fn audit_after(conn: &Connection, seq: i64) -> Vec<Entry> {
    let mut stmt =
        conn.prepare("SELECT seq, action, target, old, new FROM audit_log WHERE seq > ?1 ORDER BY seq").unwrap();
    stmt.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn last_seq(conn: &Connection) -> i64 {
    conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0)).unwrap()
}

fn assert_log_intact(dir: &Path, review: i64) {
    let out = run(dir, &["review", "log", &review.to_string()]);
    assert!(
        out.status.success(),
        "review log {review} failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The problems `review log ID --json` reports, and whether it exited 0.
fn log_problems(dir: &Path, review: i64) -> (bool, Vec<String>, String) {
    let out = run(dir, &["review", "log", &review.to_string(), "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("review log --json prints JSON");
    let problems = v["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    assert_eq!(v["intact"], Value::Bool(out.status.success()), "{v}");
    (out.status.success(), problems, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A `bash -c` script in its own process group, with `$Y` the binary and `$D` the data directory.
fn spawn_script(dir: &Path, script: &str) -> Child {
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("Y", BIN)
        .env("D", dir)
        .env_remove("YANSHOU_DATA_DIR")
        .env_remove("YANSHOU_BUSY_TIMEOUT_MS")
        .env("YANSHOU_ACTOR", "测试")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("bash runs")
}

/// Whether a process of the group is still running (zombies, which hold no file or lock, do not count: the
/// container's init may never reap the orphaned grandchildren).
fn group_running(pgid: i32) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(entries) = std::fs::read_dir("/proc") else { return false };
        entries.filter_map(|e| e.ok()).any(|e| {
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { return false };
            // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
            let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { return false };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            fields.len() > 3 && fields[3] == pgid.to_string() && !matches!(fields[0], "Z" | "X")
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        // SAFETY: signal 0 only checks that the group exists.
        unsafe { libc::killpg(pgid, 0) == 0 }
    }
}

/// Kills the whole process group with SIGKILL, reaps bash and waits until no process of the group runs.
fn kill_group(child: &mut Child) -> std::process::ExitStatus {
    let pgid = child.id() as i32;
    // SAFETY: killpg has no memory-safety preconditions; the group is the one the child leads.
    unsafe {
        libc::killpg(pgid, libc::SIGKILL);
    }
    let status = child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while group_running(pgid) {
        assert!(Instant::now() < deadline, "process group {pgid} still runs 10 s after SIGKILL");
        std::thread::sleep(Duration::from_millis(2));
    }
    status
}

fn read_all(r: Option<impl Read>) -> String {
    let mut s = String::new();
    r.unwrap().read_to_string(&mut s).unwrap();
    s
}

// ----- 1. SIGKILL -----

/// One write of a round: expert, item, new tenths, reason.
struct Write {
    expert: &'static str,
    item: &'static str,
    tenths: i64,
    reason: String,
}

#[test]
fn sigkill_never_loses_an_acknowledged_change() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let review = new_review(dir, &EXPERTS);
    let rid = review.to_string();
    // Full marks everywhere to start with (no reason needed).
    let mut model: BTreeMap<(String, String), (i64, String)> = BTreeMap::new();
    for e in EXPERTS {
        for (item, max) in ITEMS {
            ok(dir, &["review", "score", &rid, e, item, &max.to_string()]);
            model.insert((e.to_string(), item.to_string()), (max * 10, String::new()));
        }
    }
    let mut seq = {
        let conn = read_only(dir);
        assert_eq!(scores(&conn, review), model);
        last_seq(&conn)
    };
    assert_log_intact(dir, review);

    const ROUNDS: usize = 25;
    let mut landed_total = 0;
    let mut rounds_cut_short = 0;
    let mut unacknowledged_landed = 0;
    for round in 0..ROUNDS {
        // Each round scores every item once (distinct (expert, item) pairs), each write a deduction whose reason
        // names the round and the command, so the database tells exactly which writes happened.
        let writes: Vec<Write> = ITEMS
            .iter()
            .enumerate()
            .map(|(n, &(item, max))| Write {
                expert: EXPERTS[(round + n) % EXPERTS.len()],
                item,
                tenths: max * 10 - 1 - ((round * ITEMS.len() + n) % 7) as i64,
                reason: format!("第{round}轮第{n}条"),
            })
            .collect();
        let mut script = String::new();
        for (n, w) in writes.iter().enumerate() {
            script += &format!(
                "\"$Y\" --data-dir \"$D\" review score {review} {} {} {} --reason {} || exit 3\necho ack {n}\n",
                w.expert,
                w.item,
                pts(w.tenths),
                w.reason
            );
        }
        script += "echo done\n";
        let delay = Duration::from_millis((round * 300 / (ROUNDS - 1)) as u64);
        let mut child = spawn_script(dir, &script);
        std::thread::sleep(delay);
        let status = kill_group(&mut child);
        let stdout = read_all(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        assert!(!stderr.contains("yanshou:"), "round {round}: a command failed: {stderr}");
        let finished = stdout.lines().any(|l| l == "done");
        if finished {
            assert!(status.success(), "round {round}: {status:?}");
        }
        let acks: Vec<usize> =
            stdout.lines().filter_map(|l| l.strip_prefix("ack ")).map(|n| n.parse().unwrap()).collect();
        assert_eq!(acks, (0..acks.len()).collect::<Vec<_>>(), "round {round}: acks out of order: {stdout}");
        let acked = acks.len();
        if finished {
            assert_eq!(acked, writes.len());
        } else {
            rounds_cut_short += 1;
        }

        let conn = read_only(dir);
        assert_eq!(integrity(&conn), "ok", "round {round}");
        let db = scores(&conn, review);
        let log = audit_after(&conn, seq);
        // The audit entries this round appended, in order, must be exactly those of the writes that landed.
        let mut expected_log = Vec::new();
        let mut landed = 0;
        for (n, w) in writes.iter().enumerate() {
            let key = (w.expert.to_string(), w.item.to_string());
            let old = model[&key].clone();
            let new = (w.tenths, w.reason.clone());
            let entry = (
                "score".to_string(),
                format!("{} {}", w.expert, w.item),
                Some(score_text(old.0, &old.1)),
                Some(score_text(new.0, &new.1)),
            );
            let logged = log.iter().any(|e| (&e.1, &e.2, &e.3, &e.4) == (&entry.0, &entry.1, &entry.2, &entry.3));
            let stored = &db[&key];
            if n < acked {
                assert_eq!(stored, &new, "round {round}: acknowledged write {n} ({key:?}) was lost");
                assert!(logged, "round {round}: acknowledged write {n} ({key:?}) is missing from the audit log");
            } else if n == acked {
                // The write in flight when the group was killed: all or nothing.
                if stored == &new {
                    assert!(logged, "round {round}: write {n} stored without its audit entry");
                    unacknowledged_landed += 1;
                } else {
                    assert_eq!(stored, &old, "round {round}: write {n} left a value that nobody wrote");
                    assert!(!logged, "round {round}: write {n} logged but not stored");
                }
            } else {
                assert_eq!(stored, &old, "round {round}: write {n} happened although it never started");
                assert!(!logged, "round {round}: write {n} logged although it never started");
            }
            if stored == &new {
                landed += 1;
                model.insert(key, new);
                expected_log.push(entry);
            }
        }
        let got_log: Vec<_> = log.iter().map(|e| (e.1.clone(), e.2.clone(), e.3.clone(), e.4.clone())).collect();
        assert_eq!(got_log, expected_log, "round {round}: the audit log holds other entries than the writes");
        let seqs: Vec<i64> = log.iter().map(|e| e.0).collect();
        assert_eq!(seqs, (seq + 1..=seq + log.len() as i64).collect::<Vec<_>>(), "round {round}");
        assert_eq!(db, model, "round {round}: scores that this round did not write changed");
        seq += log.len() as i64;
        landed_total += landed;
        drop(conn);
        assert_log_intact(dir, review);
    }
    eprintln!(
        "{ROUNDS} rounds, {rounds_cut_short} cut short by SIGKILL, {landed_total} writes landed \
         ({unacknowledged_landed} of them killed before their acknowledgement)"
    );
    // The spread of delays must have cut some rounds short and let some writes through.
    assert!(rounds_cut_short >= 5, "only {rounds_cut_short} rounds were interrupted");
    assert!(landed_total > 0, "no write ever landed");
}

// ----- 2. two writers -----

#[test]
fn two_writers_at_once_corrupt_nothing() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let writers = ["王建国", "赵敏"];
    let review = new_review(dir, &writers);
    let before = last_seq(&read_only(dir));
    const PASSES: i64 = 2;
    let value = |pass: i64, max: i64| max * 10 - 1 - pass;
    let reason = |w: usize, pass: i64, n: usize| format!("写者{w}第{pass}遍第{n}项");

    let mut children = Vec::new();
    for (w, expert) in writers.iter().enumerate() {
        let mut script = String::new();
        for pass in 0..PASSES {
            for (n, (item, max)) in ITEMS.iter().enumerate() {
                script += &format!(
                    "\"$Y\" --data-dir \"$D\" review score {review} {expert} {item} {} --reason {} || exit 3\n\
                     echo ack {pass} {n}\n",
                    pts(value(pass, *max)),
                    reason(w, pass, n)
                );
            }
        }
        children.push(spawn_script(dir, &script));
    }
    for (w, mut child) in children.into_iter().enumerate() {
        let status = child.wait().unwrap();
        let stdout = read_all(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        assert!(status.success(), "writer {w} failed ({status:?}): {stderr}");
        assert_eq!(stdout.lines().count(), PASSES as usize * ITEMS.len(), "writer {w}: {stdout}");
        assert_eq!(stderr, "", "writer {w}");
    }

    let conn = read_only(dir);
    assert_eq!(integrity(&conn), "ok");
    let mut expected = BTreeMap::new();
    for (w, expert) in writers.iter().enumerate() {
        for (n, (item, max)) in ITEMS.iter().enumerate() {
            expected
                .insert((expert.to_string(), item.to_string()), (value(PASSES - 1, *max), reason(w, PASSES - 1, n)));
        }
    }
    assert_eq!(scores(&conn, review), expected);

    let log = audit_after(&conn, before);
    // Every write is logged once, each writer's in its order with the right old value, plus one draft → scoring.
    assert_eq!(log.len(), writers.len() * PASSES as usize * ITEMS.len() + 1);
    let status: Vec<_> = log.iter().filter(|e| e.1 == "status").collect();
    assert_eq!(status.len(), 1, "{status:?}");
    assert_eq!((status[0].3.as_deref(), status[0].4.as_deref()), (Some("draft"), Some("scoring")));
    assert_eq!(log[0].1, "score", "the first entry is the first score, then the status change");
    assert_eq!(log[1].1, "status");
    for (w, expert) in writers.iter().enumerate() {
        let mine: Vec<_> = log
            .iter()
            .filter(|e| e.1 == "score" && e.2.starts_with(&format!("{expert} ")))
            .map(|e| (e.2.clone(), e.3.clone(), e.4.clone()))
            .collect();
        let mut want = Vec::new();
        for pass in 0..PASSES {
            for (n, (item, max)) in ITEMS.iter().enumerate() {
                let old = (pass > 0).then(|| score_text(value(pass - 1, *max), &reason(w, pass - 1, n)));
                want.push((format!("{expert} {item}"), old, Some(score_text(value(pass, *max), &reason(w, pass, n)))));
            }
        }
        assert_eq!(mine, want, "writer {w}");
    }
    drop(conn);
    assert_log_intact(dir, review);
}

// ----- 3. busy -----

#[test]
fn a_busy_database_gets_a_clear_message() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let review = new_review(dir, &["王建国"]);
    let rid = review.to_string();
    let args = ["review", "score", &rid, "王建国", "2.6", "12.5", "--reason", "未建立长效机制"];

    let locker = writable(dir);
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = Instant::now();
    let out = yanshou(dir).args(args).env("YANSHOU_BUSY_TIMEOUT_MS", "200").output().unwrap();
    let waited = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the database is busy"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(waited >= Duration::from_millis(200), "gave up after {waited:?}, before the 200 ms busy timeout");
    assert!(waited < Duration::from_millis(4_000), "waited {waited:?}: the 200 ms busy timeout was not used");
    // Nothing was written.
    let n: i64 = locker.query_row("SELECT count(*) FROM scores", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
    locker.execute_batch("COMMIT").unwrap();
    drop(locker);

    let out = yanshou(dir).args(args).env("YANSHOU_BUSY_TIMEOUT_MS", "200").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = read_only(dir);
    let expected = BTreeMap::from([(("王建国".to_string(), "2.6".to_string()), (125, "未建立长效机制".to_string()))]);
    assert_eq!(scores(&conn, review), expected);
    assert_eq!(integrity(&conn), "ok");
    drop(conn);
    assert_log_intact(dir, review);
}

// ----- 4. tampering -----

/// A review with two experts and four scores: audit entries 1 (create), 2 (the case the review is given, logged
/// under the case), 3–4 (panel), 5 (score), 6 (status), 7–9 (scores).
fn tamper_setup(dir: &Path) -> i64 {
    let review = new_review(dir, &["王建国", "赵敏"]);
    let rid = review.to_string();
    ok(dir, &["review", "score", &rid, "王建国", "1.1", "2"]);
    ok(dir, &["review", "score", &rid, "王建国", "1.2", "2.5", "--reason", "目标未量化"]);
    ok(dir, &["review", "score", &rid, "赵敏", "1.1", "1", "--reason", "领导小组不健全"]);
    ok(dir, &["review", "score", &rid, "赵敏", "1.2", "3"]);
    let conn = read_only(dir);
    let actions: Vec<String> = audit_after(&conn, 0).into_iter().map(|e| e.1).collect();
    assert_eq!(
        actions,
        ["review.create", "case.new", "panel.add", "panel.add", "score", "status", "score", "score", "score"],
        "the fixture's log"
    );
    review
}

/// Drops a trigger, as a tamperer does before changing the log; gives its SQL, to put it back exactly.
fn drop_trigger(conn: &Connection, name: &str) -> String {
    let sql: String = conn
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    sql
}

#[test]
fn tampering_with_the_log_is_detected() {
    // (d) An intact log.
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let review = tamper_setup(dir);
    let out = run(dir, &["review", "log", &review.to_string(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intact"], Value::Bool(true));
    assert_eq!(v["problems"], serde_json::json!([]));
    assert_eq!(v["entries"].as_array().unwrap().len(), 8);
    assert_eq!(v["entries"][5]["target"], "王建国 1.2");
    assert_eq!(v["entries"][5]["new"], "2.5（目标未量化）");
    let text = ok(dir, &["review", "log", &review.to_string()]);
    assert!(text.contains("the audit log is intact (8 entries for review 1)"), "{text}");

    // (a) A changed entry: the triggers refuse, so the tamperer drops them first.
    let conn = writable(dir);
    let refused = conn.execute("UPDATE audit_log SET new = '2' WHERE seq = 6", []).unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    assert!(conn.execute("DELETE FROM audit_log WHERE seq = 6", []).is_err());
    let trigger = drop_trigger(&conn, "audit_log_no_update");
    assert_eq!(conn.execute("UPDATE audit_log SET new = '2' WHERE seq = 6", []).unwrap(), 1);
    // Left dropped, the trigger itself gives the tampering away: the schema is not the version's.
    let out = run(dir, &["review", "log", &review.to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("do not match schema version") && stderr.contains("trigger audit_log_no_update"),
        "{stderr}"
    );
    // A careful tamperer puts it back as it was.
    conn.execute_batch(&trigger).unwrap();
    drop(conn);
    let out = run(dir, &["review", "log", &review.to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tampered"), "{stderr}");
    assert!(stderr.contains("entry 6 has been changed"), "{stderr}");
    let (intact, problems, _) = log_problems(dir, review);
    assert!(!intact);
    assert_eq!(problems, ["entry 6 has been changed since it was written"]);

    // (b) A deleted middle entry.
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let review = tamper_setup(dir);
    let conn = writable(dir);
    let trigger = drop_trigger(&conn, "audit_log_no_delete");
    assert_eq!(conn.execute("DELETE FROM audit_log WHERE seq = 4", []).unwrap(), 1);
    conn.execute_batch(&trigger).unwrap();
    drop(conn);
    let out = run(dir, &["review", "log", &review.to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("entry 4 has been deleted"), "{stderr}");
    let (intact, problems, _) = log_problems(dir, review);
    assert!(!intact);
    assert_eq!(problems, ["entry 4 has been deleted"]);

    // (c) A deleted last entry: only the head kept beside the log tells.
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let review = tamper_setup(dir);
    let conn = writable(dir);
    let trigger = drop_trigger(&conn, "audit_log_no_delete");
    assert_eq!(conn.execute("DELETE FROM audit_log WHERE seq = 8", []).unwrap(), 1);
    conn.execute_batch(&trigger).unwrap();
    drop(conn);
    let out = run(dir, &["review", "log", &review.to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("deleted"), "{stderr}");
    let (intact, problems, _) = log_problems(dir, review);
    assert!(!intact);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("deleted") && problems[0].contains('8'), "{problems:?}");
}

// ----- 5. migrations -----

/// The number of migrations: the raw-string entries of `MIGRATIONS` in src/store/migrations.rs.
fn migration_count() -> i64 {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations.rs")).unwrap();
    let list = &src[src.find("pub const MIGRATIONS").expect("MIGRATIONS is declared")..];
    list.matches("r#\"").count() as i64
}

fn schema(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn.prepare("SELECT type, name FROM sqlite_master ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn migrations_from_an_empty_database() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("new").join("data");
    assert!(!dir.exists());
    let list: Value = serde_json::from_str(&ok(&dir, &["review", "list", "--json"])).unwrap();
    assert_eq!(list, serde_json::json!([]));
    assert!(db_path(&dir).is_file());

    let migrations = migration_count();
    assert!(migrations >= 1);
    let conn = read_only(&dir);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(version >= 1);
    assert_eq!(version, migrations);
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    let objects = schema(&conn);
    for table in
        ["reviews", "experts", "recusals", "scores", "veto_findings", "opinions", "signins", "audit_log", "audit_head"]
    {
        assert!(objects.contains(&("table".to_string(), table.to_string())), "no table {table}: {objects:?}");
    }
    for trigger in ["audit_log_no_update", "audit_log_no_delete"] {
        assert!(objects.contains(&("trigger".to_string(), trigger.to_string())), "no trigger {trigger}");
    }
    drop(conn);

    // Opening the database again keeps its schema version, its schema and its data.
    let review = new_review(&dir, &["王建国"]);
    ok(&dir, &["review", "score", &review.to_string(), "王建国", "1.1", "2"]);
    let list: Value = serde_json::from_str(&ok(&dir, &["review", "list", "--json"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], review);
    assert_eq!(list[0]["enterprise"], "某公司");
    assert_eq!(list[0]["status"], "scoring");
    let conn = read_only(&dir);
    let again: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(again, version);
    assert_eq!(schema(&conn), objects);
    assert_eq!(last_seq(&conn), 5, "create, its case, panel, score, status");
    let expected = BTreeMap::from([(("王建国".to_string(), "1.1".to_string()), (20, String::new()))]);
    assert_eq!(scores(&conn, review), expected);
    assert_eq!(integrity(&conn), "ok");
    drop(conn);
    assert_log_intact(&dir, review);
}
