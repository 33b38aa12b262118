//! Faults as the real binary meets them (issue “Prove it holds”): a session killed with SIGKILL at any moment while
//! finalizing, signing, exporting or importing loses no acknowledged change and leaves nothing half-done under a final
//! name; a full disk and a read-only data directory get a plain message and lose nothing; a damaged database is refused
//! at once, naming the newest backup, and the backups are left alone; a healthy database of a thousand reviews still
//! opens quickly.
#![cfg(unix)]

use crate::common;

use common::{BIN, ok, run, yanshou};
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use yanshou::bundle::SignStatus;
use yanshou::bundle::export::{export, sign_review};
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{read, verify};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};
use zeroize::Zeroizing;

pub(crate) const SHEET: &str = "fujian-2008-acceptance";
pub(crate) const PASSPHRASE: &str = "correct horse battery";
const NOW: &str = "2026-11-28T10:00:00+08:00";
/// The panel: the first three score, 赵敏 recuses.
const EXPERTS: [(&str, &str); 4] = [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")];
const DISSENT: &str = "本人认为第 2.6 项扣分理由不足。";

pub(crate) fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

// ----- the world: keys, the roster, a panel's and a support unit's data directories -----

pub(crate) struct World {
    _tmp: tempfile::TempDir,
    pub(crate) root: PathBuf,
}

impl World {
    pub(crate) fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let keys_dir = root.join("keys");
        let issuer = generate(&keys_dir, "unit", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for (name, _) in EXPERTS {
            let k = generate(&keys_dir, name, &pw()).unwrap();
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: "福建省环境科学研究院".into(),
                    key_id: k.key_id,
                    public_key: k.public_key,
                    valid_from: "2000-01-01".into(),
                    valid_until: "2099-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        roster.save(&root.join("roster.json"), &issuer.secret_path, &pw()).unwrap();
        fs::write(root.join("passphrase.txt"), format!("{PASSPHRASE}\n")).unwrap();
        fs::create_dir_all(root.join("usb")).unwrap();
        World { _tmp: tmp, root }
    }

    pub(crate) fn panel(&self) -> PathBuf {
        self.root.join("panel")
    }

    pub(crate) fn usb(&self) -> PathBuf {
        self.root.join("usb")
    }

    pub(crate) fn key(&self, name: &str) -> PathBuf {
        self.root.join("keys").join(format!("{name}.key"))
    }

    pub(crate) fn pass(&self) -> PathBuf {
        self.root.join("passphrase.txt")
    }

    pub(crate) fn roster_path(&self) -> PathBuf {
        self.root.join("roster.json")
    }

    pub(crate) fn issuer(&self) -> PathBuf {
        self.root.join("keys").join("unit.pub")
    }

    pub(crate) fn roster(&self) -> Roster {
        Roster::load(&self.roster_path(), &keys::read_public(&self.issuer()).unwrap()).unwrap()
    }

    /// A signed, finalized review in `data` (see [`ready_review`]), signed by 王建国 and 李秀英, with 张伟's dissent.
    pub(crate) fn signed_review(&self, data: &Path, enterprise: &str) -> i64 {
        let id = ready_review(data, enterprise);
        let mut s = Store::open_in(data).unwrap();
        s.finalize(id).unwrap();
        for (name, dissent) in [("王建国", None), ("李秀英", None), ("张伟", Some(DISSENT))] {
            let e = expert(&s, id, name);
            sign_review(&mut s, id, e, &self.key(name), &pw(), dissent, NOW).unwrap();
        }
        id
    }
}

fn expert(s: &Store, id: i64, name: &str) -> i64 {
    s.load(id).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
}

/// A review ready to finalize, made through the store: four experts, 赵敏 recused before scoring, every item scored
/// (张伟 deducts on 2.6), vetoes answered, the opinion written.
pub(crate) fn ready_review(data: &Path, enterprise: &str) -> i64 {
    let catalog = common::catalog();
    let card = catalog.scorecard(SHEET).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let mut s = Store::open_in(data).unwrap();
    s.set_actor("测试");
    let id = s
        .create_review(
            &NewReview {
                enterprise_name: enterprise.into(),
                credit_code: "91350100M000100Y43".into(),
                date: "2026-11-28".into(),
                place: "福州".into(),
                ..Default::default()
            },
            card,
            &rules,
        )
        .unwrap();
    let mut ids = Vec::new();
    for (name, field) in EXPERTS {
        let new = NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
        ids.push(s.add_expert(id, &new).unwrap());
    }
    s.recuse(id, ids[3], "participated", "曾参与该企业审核咨询").unwrap();
    for (n, e) in ids[..3].iter().enumerate() {
        for item in card.scored_items() {
            let (p, reason) = if n == 2 && item.id == "2.6" {
                (Points::from_tenths(130), "未达到三级标准的部分指标")
            } else {
                (item.points, "")
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
    id
}

// ----- running the binary -----

/// Asserts a command was refused cleanly: status 1, a message on stderr, no panic, nothing on stdout.
pub(crate) fn refused(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(stderr.starts_with("yanshou: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{what} panicked: {stderr}");
    eprint!("{what}: {stderr}");
    stderr
}

fn quoted(p: &Path) -> String {
    let s = p.display().to_string();
    assert!(!s.contains('\''), "{s}");
    format!("'{s}'")
}

/// A `bash -c` script in its own process group.
fn spawn_script(script: &str) -> Child {
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_remove("YANSHOU_DATA_DIR")
        .env_remove("YANSHOU_BUSY_TIMEOUT_MS")
        .env_remove("YANSHOU_PASSPHRASE")
        .env("YANSHOU_ACTOR", "测试")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("bash runs")
}

/// Whether a process of the group still runs (zombies hold no file or lock and do not count).
fn group_running(pgid: i32) -> bool {
    let Ok(entries) = fs::read_dir("/proc") else {
        // SAFETY: signal 0 only checks that the group exists.
        return unsafe { libc::killpg(pgid, 0) == 0 };
    };
    entries.filter_map(|e| e.ok()).any(|e| {
        let Ok(stat) = fs::read_to_string(e.path().join("stat")) else { return false };
        let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { return false };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields.len() > 3 && fields[3] == pgid.to_string() && !matches!(fields[0], "Z" | "X")
    })
}

/// SIGKILL to the whole group; waits until none of it runs.
pub(crate) fn kill_group(child: &mut Child) {
    let pgid = child.id() as i32;
    // SAFETY: killpg has no memory-safety preconditions; the group is the one the child leads.
    unsafe {
        libc::killpg(pgid, libc::SIGKILL);
    }
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while group_running(pgid) {
        assert!(Instant::now() < deadline, "process group {pgid} still runs 10 s after SIGKILL");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn read_all(r: Option<impl Read>) -> String {
    let mut s = String::new();
    r.unwrap().read_to_string(&mut s).unwrap();
    s
}

// ----- looking at the database from outside -----

/// A connection to look at a database whose writer was just killed. The first opener after a crash may have to rebuild
/// the WAL index, which a read-only connection cannot always do (one full run in six failed there, in this helper, not
/// in yanshou); yanshou's own next opening does the same recovery, so this is what the app would see.
fn after_kill(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap()
}

fn read_only(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// Whether the table exists: a process killed while it created a database leaves a file with part of the schema (each
/// migration is one transaction).
fn has_table(conn: &Connection, table: &str) -> bool {
    let n: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
        .unwrap();
    n > 0
}

fn last_seq(conn: &Connection) -> i64 {
    if !has_table(conn, "audit_log") {
        return 0;
    }
    conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0)).unwrap()
}

/// (action, target) of the audit entries after `seq`.
fn audit_after(conn: &Connection, seq: i64) -> Vec<(String, String)> {
    if !has_table(conn, "audit_log") {
        return Vec::new();
    }
    let mut stmt = conn.prepare("SELECT action, target FROM audit_log WHERE seq > ?1 ORDER BY seq").unwrap();
    stmt.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

fn status(conn: &Connection, review: i64) -> String {
    conn.query_row("SELECT status FROM reviews WHERE id = ?1", [review], |r| r.get(0)).unwrap()
}

fn has_signature(conn: &Connection, review: i64, expert: &str, kind: &str) -> bool {
    conn.query_row(
        "SELECT count(*) FROM signatures s JOIN experts e ON e.id = s.expert_id
         WHERE s.review_id = ?1 AND e.name = ?2 AND s.kind = ?3",
        rusqlite::params![review, expert, kind],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        > 0
}

/// The rows of `table` (imports or quarantine) from `source`, or all of them.
fn rows(conn: &Connection, table: &str, source: Option<&Path>) -> i64 {
    if !has_table(conn, table) {
        return 0;
    }
    let source = source.map(|s| s.display().to_string());
    conn.query_row(&format!("SELECT count(*) FROM {table} WHERE ?1 IS NULL OR source = ?1"), [source], |r| r.get(0))
        .unwrap()
}

/// Every score: (expert, item) → (tenths, reason).
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

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file under `dir` (relative path → SHA-256), directories as `<dir>`.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(base).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                out.insert(rel, "<dir>".into());
                walk(base, &e.path(), out);
            } else {
                out.insert(rel, sha256(&fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

// ----- 1. SIGKILL during finalize, sign, export and import -----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Finalize,
    Sign(&'static str),
    Dissent(&'static str),
    Export,
    /// The support unit imports the exported bundle.
    Import,
    /// The support unit imports a tampered bundle: it goes to the quarantine.
    ImportBad,
}

/// One killed session: the panel's and the support unit's data directories (a copy of a prepared one, and a new one),
/// the review, its bundle and the tampered bundle it imports.
struct Session<'a> {
    w: &'a World,
    panel: PathBuf,
    unit: PathBuf,
    review: i64,
    bundle: PathBuf,
    bad: PathBuf,
}

impl Session<'_> {
    fn command(&self, step: Step) -> Vec<String> {
        let w = self.w;
        let p = |p: &Path| p.display().to_string();
        let panel = vec!["--data-dir".to_string(), p(&self.panel)];
        let unit = vec!["--data-dir".to_string(), p(&self.unit)];
        let r = self.review.to_string();
        let trust = ["--roster".to_string(), p(&w.roster_path()), "--issuer".into(), p(&w.issuer())];
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let sign = |verb: &str, e: &str| {
            let mut v = s(&["review", verb, &r, e, "--key", &p(&w.key(e)), "--passphrase-file", &p(&w.pass())]);
            if verb == "dissent" {
                v.extend(s(&["--text", DISSENT]));
            }
            v
        };
        match step {
            Step::Finalize => [panel, s(&["review", "finalize", &r])].concat(),
            Step::Sign(e) => [panel, sign("sign", e)].concat(),
            Step::Dissent(e) => [panel, sign("dissent", e)].concat(),
            Step::Export => [panel, s(&["export", &r, "--out", &p(&self.bundle)])].concat(),
            Step::Import => [unit, s(&["import", &p(&self.bundle)]), trust.to_vec()].concat(),
            Step::ImportBad => [unit, s(&["import", &p(&self.bad)]), trust.to_vec()].concat(),
        }
    }

    /// The session as a shell script that acknowledges each step once its command has succeeded.
    fn script(&self, steps: &[Step]) -> String {
        let mut script = String::new();
        for (n, step) in steps.iter().enumerate() {
            let args: Vec<String> = self.command(*step).iter().map(|a| format!("'{a}'")).collect();
            // The tampered bundle is refused (status 1): that is its acknowledgement.
            let want = if *step == Step::ImportBad { 1 } else { 0 };
            script +=
                &format!("{} {}\n[ $? -eq {want} ] || exit 3\necho ack {n}\n", quoted(Path::new(BIN)), args.join(" "));
        }
        script + "echo done\n"
    }

    fn panel_db(&self) -> Connection {
        after_kill(&self.panel.join("yanshou.db"))
    }

    fn unit_db(&self) -> Option<Connection> {
        let db = self.unit.join("yanshou.db");
        db.exists().then(|| after_kill(&db))
    }

    /// Whether a step's effect is in the databases (or, for the export, on disk).
    fn landed(&self, step: Step) -> bool {
        let panel = self.panel_db();
        let unit = || self.unit_db();
        match step {
            Step::Finalize => status(&panel, self.review) == "finalized",
            Step::Sign(e) => has_signature(&panel, self.review, e, "sign"),
            Step::Dissent(e) => has_signature(&panel, self.review, e, "dissent"),
            Step::Export => self.bundle.exists(),
            Step::Import => unit().is_some_and(|c| rows(&c, "imports", Some(&self.bundle)) > 0),
            Step::ImportBad => unit().is_some_and(|c| rows(&c, "quarantine", Some(&self.bad)) > 0),
        }
    }

    /// The audit entry a landed step leaves: in the panel's log (true) or the support unit's (false).
    fn logged(&self, step: Step) -> Option<(bool, String, String)> {
        let src = |p: &Path| p.display().to_string();
        match step {
            Step::Finalize => Some((true, "status".into(), "status".into())),
            Step::Sign(e) => Some((true, "sign".into(), format!("{e} revision 1"))),
            Step::Dissent(e) => Some((true, "dissent".into(), format!("{e} revision 1"))),
            Step::Export => None,
            Step::Import => Some((false, "import".into(), src(&self.bundle))),
            Step::ImportBad => Some((false, "quarantine".into(), src(&self.bad))),
        }
    }

    /// The ends of both audit logs.
    fn seqs(&self) -> (i64, i64) {
        (last_seq(&self.panel_db()), self.unit_db().map(|c| last_seq(&c)).unwrap_or(0))
    }

    /// After the kill: both databases sound, every acknowledged step in, the step in flight all or nothing, later
    /// steps not at all, the logs holding exactly the landed steps and intact, the bundle complete or absent, no half
    /// import. Returns how many steps landed.
    fn check(&self, steps: &[Step], acked: usize, seqs: (i64, i64), label: &str) -> usize {
        let panel = self.panel_db();
        assert_eq!(integrity(&panel), "ok", "{label}: the panel's database");
        let landed: Vec<bool> = steps.iter().map(|s| self.landed(*s)).collect();
        for (n, step) in steps.iter().enumerate() {
            if n < acked {
                assert!(landed[n], "{label}: acknowledged step {n} ({step:?}) was lost");
            } else if n > acked {
                assert!(!landed[n], "{label}: step {n} ({step:?}) happened although it never started");
            }
        }
        let done = landed.iter().take_while(|l| **l).count();
        assert!(landed[done..].iter().all(|l| !l), "{label}: steps landed out of order: {landed:?}");
        // The logs hold exactly the landed steps, in order, and nothing else.
        let mut want_panel = Vec::new();
        let mut want_unit = Vec::new();
        for step in &steps[..done] {
            match self.logged(*step) {
                Some((true, a, t)) => want_panel.push((a, t)),
                Some((false, a, t)) => want_unit.push((a, t)),
                None => {}
            }
        }
        assert_eq!(audit_after(&panel, seqs.0), want_panel, "{label}: the panel's audit log");
        let out = run(&self.panel, &["review", "log", &self.review.to_string()]);
        assert!(out.status.success(), "{label}: {}", String::from_utf8_lossy(&out.stderr));
        if let Some(unit) = self.unit_db() {
            assert_eq!(integrity(&unit), "ok", "{label}: the support unit's database");
            assert_eq!(audit_after(&unit, seqs.1), want_unit, "{label}: the support unit's audit log");
            if has_table(&unit, "audit_head") {
                assert_eq!(yanshou::store::audit::verify(&unit).unwrap(), Vec::<String>::new(), "{label}");
            }
            // No half import: the good bundle is imported once or not at all and never quarantined, the tampered one
            // quarantined once or not at all and never imported; nothing else is in either table.
            let (imports, quarantined) = (rows(&unit, "imports", None), rows(&unit, "quarantine", None));
            let (import, bad) =
                (steps.iter().position(|s| *s == Step::Import), steps.iter().position(|s| *s == Step::ImportBad));
            assert_eq!(imports, import.is_some_and(|n| landed[n]) as i64, "{label}: imports");
            assert_eq!(quarantined, bad.is_some_and(|n| landed[n]) as i64, "{label}: quarantine");
        } else {
            assert!(want_unit.is_empty(), "{label}");
        }
        // The bundle under its final name is complete, or there is none.
        if self.bundle.exists() {
            let b = read(&self.bundle).unwrap_or_else(|e| panic!("{label}: a half-written bundle: {e}"));
            let v = verify(&b, &self.w.roster());
            assert!(v.accepted, "{label}: the exported bundle does not verify: {:?}", v.problems);
            let status: Vec<(String, SignStatus)> = v.signers.iter().map(|s| (s.expert.clone(), s.status)).collect();
            let want = [
                ("王建国", SignStatus::Signed),
                ("李秀英", SignStatus::Signed),
                ("张伟", SignStatus::Dissented),
                ("赵敏", SignStatus::Recused),
            ]
            .map(|(n, s)| (n.to_string(), s));
            assert_eq!(status, want, "{label}");
        }
        done
    }
}

/// A bundle the roster will not accept (its payload changed after signing), copied to `to`.
fn tampered_bundle(w: &World, to: &Path) {
    let template = w.root.join("tampered");
    if !template.exists() {
        let data = w.root.join("elsewhere");
        let id = w.signed_review(&data, "篡改示例公司");
        let store = Store::open_in(&data).unwrap();
        export(&store, id, &template).unwrap();
        let payload = template.join("payload.json");
        let text = fs::read_to_string(&payload).unwrap().replacen("篡改示例", "篡改实例", 1);
        fs::write(&payload, text).unwrap();
    }
    copy_dir(&template, to);
}

/// Runs the session as a script; `kill` says when to kill it: after the acknowledgement of which step (`None`: from
/// the start), and how long after. Returns the acknowledgements seen, when each came (from the start), and whether the
/// script got to the end.
fn run_session(script: &str, kill: Option<(Option<usize>, Duration)>) -> (Vec<usize>, Vec<Duration>, bool, String) {
    use std::io::BufRead;
    let started = Instant::now();
    let mut child = spawn_script(script);
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send((line, started.elapsed())).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    match kill {
        None => {
            child.wait().unwrap();
        }
        Some((after, delay)) => {
            if let Some(n) = after {
                let want = format!("ack {n}");
                loop {
                    let (line, at) = rx.recv_timeout(Duration::from_secs(30)).expect("the session acknowledges steps");
                    let found = line == want;
                    lines.push((line, at));
                    if found {
                        break;
                    }
                }
            }
            std::thread::sleep(delay);
            kill_group(&mut child);
        }
    }
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    let stderr = read_all(child.stderr.take());
    let acks: Vec<usize> =
        lines.iter().filter_map(|(l, _)| l.strip_prefix("ack ")).map(|n| n.parse().unwrap()).collect();
    let times = lines.iter().filter(|(l, _)| l.starts_with("ack ")).map(|(_, t)| *t).collect();
    let done = lines.iter().any(|(l, _)| l == "done");
    (acks, times, done, stderr)
}

/// Sessions of `steps` killed inside each step in turn, at the step's `fractions` of the time it takes in an
/// uninterrupted session (measured first): deterministic points, whatever the machine's speed. Each round works on a
/// copy of the prepared panel directory `template` and a new support unit; after each kill everything is checked, and
/// then the step in flight is run again, which must work.
fn sigkill_rounds(w: &World, name: &str, template: &Path, review: i64, steps: &[Step], fractions: &[&[f64]]) {
    assert_eq!(steps.len(), fractions.len());
    let session = |n: usize| {
        let panel = w.root.join(format!("{name}-panel-{n}"));
        copy_dir(template, &panel);
        let bad = w.usb().join(format!("{name}-{n}-tampered"));
        tampered_bundle(w, &bad);
        Session {
            w,
            panel,
            unit: w.root.join(format!("{name}-unit-{n}")),
            review,
            bundle: w.usb().join(format!("{name}-{n}")),
            bad,
        }
    };
    // Two uninterrupted sessions: how long each step takes (the shorter of the two, as other tests may be running),
    // and that a session ends with everything done.
    let mut took = vec![Duration::MAX; steps.len()];
    for n in 0..2 {
        let s = session(100 + n);
        let before = s.seqs();
        let (acks, times, done, stderr) = run_session(&s.script(steps), None);
        assert!(done && acks.len() == steps.len(), "{name}: the session failed: {acks:?} {stderr}");
        assert_eq!(s.check(steps, steps.len(), before, &format!("{name}: uninterrupted")), steps.len());
        for (n, t) in times.iter().enumerate() {
            let step = if n == 0 { *t } else { *t - times[n - 1] };
            took[n] = took[n].min(step);
        }
    }

    let mut round = 0;
    let mut outcomes = Vec::new();
    for (target, step) in steps.iter().enumerate() {
        for f in fractions[target] {
            round += 1;
            let s = session(round);
            let label = format!("{name}: round {round}, killed {:.0}% into {step:?}", f * 100.0);
            let before = s.seqs();
            let after = target.checked_sub(1);
            let (acks, _, done, stderr) = run_session(&s.script(steps), Some((after, took[target].mul_f64(*f))));
            assert_eq!(acks, (0..acks.len()).collect::<Vec<_>>(), "{label}: {acks:?}");
            // Only the tampered bundle's refusal may speak on stderr.
            let complaints: Vec<&str> =
                stderr.lines().filter(|l| l.starts_with("yanshou:") && !l.contains("-tampered")).collect();
            assert!(complaints.is_empty(), "{label}: a command failed: {complaints:?}");
            let acked = acks.len();
            let landed = s.check(steps, acked, before, &label);
            outcomes.push(format!(
                "{step:?}@{:.0}%: {acked} acked, {landed} landed{}",
                f * 100.0,
                if done { ", done" } else { "" }
            ));
            // Run the step in flight again: whatever the kill left (a `.partial` bundle, a stale lock) is no obstacle.
            if landed < steps.len() {
                let args = s.command(steps[landed]);
                let out = Command::new(BIN)
                    .args(&args)
                    .env_remove("YANSHOU_DATA_DIR")
                    .env("YANSHOU_ACTOR", "测试")
                    .output()
                    .unwrap();
                let want = if steps[landed] == Step::ImportBad { Some(1) } else { Some(0) };
                assert_eq!(out.status.code(), want, "{label}: again: {}", String::from_utf8_lossy(&out.stderr));
                assert_eq!(s.check(steps, landed + 1, before, &format!("{label}, run again")), landed + 1);
            }
        }
    }
    eprintln!("{name}: steps take {took:?} uninterrupted; {round} rounds: {outcomes:#?}");
    let killed_in_flight = outcomes.iter().filter(|o| !o.ends_with("done")).count();
    assert!(killed_in_flight >= round / 2, "{name}: only {killed_in_flight} of {round} rounds were interrupted");
}

#[test]
fn sigkill_while_finalizing_signing_exporting_and_importing() {
    let w = World::new();
    let template = w.root.join("ready");
    let review = ready_review(&template, "福建某某化工有限公司");
    let steps = [
        Step::Finalize,
        Step::Sign("王建国"),
        Step::Sign("李秀英"),
        Step::Dissent("张伟"),
        Step::Export,
        Step::Import,
        Step::ImportBad,
    ];
    // Ten rounds: twice inside the steps that take longest (signing decrypts a key; exporting writes and syncs files).
    let fractions: [&[f64]; 7] = [&[0.5], &[0.3, 0.8], &[0.5], &[0.3, 0.8], &[0.3, 0.8], &[0.5], &[0.5]];
    sigkill_rounds(&w, "session", &template, review, &steps, &fractions);
}

#[test]
fn sigkill_inside_export_and_import() {
    // The short steps, killed at finer points: each round exports and imports a review already signed.
    let w = World::new();
    let template = w.root.join("signed");
    let review = w.signed_review(&template, "福建某某纸业有限公司");
    let steps = [Step::Export, Step::Import, Step::ImportBad];
    sigkill_rounds(
        &w,
        "export",
        &template,
        review,
        &steps,
        &[&[0.1, 0.35, 0.6, 0.85], &[0.2, 0.5, 0.8], &[0.2, 0.5, 0.8]],
    );
}

// ----- 2. a full disk -----

/// A tmpfs mounted for the test (needs root and a kernel that lets this container mount), unmounted on drop.
pub(crate) struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

pub(crate) fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

pub(crate) fn small_disk(dir: &Path, size: &str) -> Option<Mount> {
    fs::create_dir_all(dir).unwrap();
    if !is_root() {
        return None;
    }
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    mounted.then(|| Mount(dir.to_path_buf()))
}

/// Fills the file system of `dir` until `leave` bytes (rounded to pages) are free; returns the filler file.
pub(crate) fn fill(dir: &Path, leave: usize) -> PathBuf {
    let reserve = dir.join("reserve");
    if leave > 0 {
        fs::write(&reserve, vec![0u8; leave]).unwrap();
    }
    let filler = dir.join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    for chunk in [1 << 16, 4096, 512] {
        let buf = vec![0x5au8; chunk];
        while f.write_all(&buf).is_ok() {}
    }
    let _ = f.sync_all();
    drop(f);
    if leave > 0 {
        fs::remove_file(&reserve).unwrap();
    }
    filler
}

/// The model of what is acknowledged: one score entered through the command line.
fn acknowledged_score(data: &Path, review: i64) -> BTreeMap<(String, String), (i64, String)> {
    ok(data, &["review", "score", &review.to_string(), "王建国", "1.1", "1.5", "--reason", "台账不全"]);
    scores(&read_only(&data.join("yanshou.db")), review)
}

/// After the fault is gone: the database opens, is sound, holds every acknowledged change and nothing else, its log
/// is intact, and the refused change can now be made.
fn after_the_fault(data: &Path, review: i64, model: &BTreeMap<(String, String), (i64, String)>, label: &str) {
    let list = ok(data, &["review", "list", "--json"]);
    assert!(list.contains("\"status\": \"scoring\""), "{label}: {list}");
    let conn = read_only(&data.join("yanshou.db"));
    assert_eq!(integrity(&conn), "ok", "{label}");
    assert_eq!(&scores(&conn, review), model, "{label}: the acknowledged scores");
    assert_eq!(status(&conn, review), "scoring", "{label}: the refused finalization did not happen");
    drop(conn);
    ok(data, &["review", "log", &review.to_string()]);
    ok(data, &["review", "score", &review.to_string(), "王建国", "1.2", "2", "--reason", "目标未量化"]);
}

fn long_reason() -> String {
    "未建立清洁生产长效机制，".repeat(1_500)
}

/// A child limited to `bytes` per file (RLIMIT_FSIZE), with SIGXFSZ ignored so that writes fail with EFBIG.
pub(crate) fn file_size_limited(mut cmd: Command, bytes: u64) -> Command {
    // SAFETY: the closure runs between fork and exec and calls only async-signal-safe functions.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

#[test]
fn a_full_disk_refuses_cleanly_and_loses_nothing() {
    let w = World::new();
    let mut ran = Vec::new();

    // (a) The data directory on a small file system that fills up: with no room left at all, and with a little room
    // (the database's shared-memory file fits, its log does not take the long reason).
    let disk = w.root.join("disk");
    if let Some(_mount) = small_disk(&disk, "4m") {
        for leave in [0usize, 48 * 1024] {
            let data = disk.join(format!("data-{leave}"));
            let review = ready_review(&data, "某公司");
            let model = acknowledged_score(&data, review);
            let filler = fill(&disk, leave);
            let before = snapshot(&data.join("backups"));
            let rid = review.to_string();
            let label = format!("full disk, {leave} bytes left");
            let reason = long_reason();
            let out = run(&data, &["review", "score", &rid, "王建国", "1.2", "2", "--reason", &reason]);
            let msg = refused(&out, &label);
            assert!(msg.contains("full"), "{label}: the message does not say the disk is full: {msg}");
            if leave == 0 {
                // (With a little room left, finalizing, a small write, would fit.)
                let msg = refused(&run(&data, &["review", "finalize", &rid]), &label);
                assert!(msg.contains("full"), "{label}: {msg}");
            }
            // Exporting to the full disk: refused, and nothing under the final name. (With a little room left the
            // small bundle would fit: case (b) fills the disk part-way through one.)
            if leave > 0 {
                fs::remove_file(filler).unwrap();
                after_the_fault(&data, review, &model, &label);
                ran.push(label);
                continue;
            }
            let id = w.signed_review(&w.panel(), "满盘导出公司");
            let out_dir = disk.join("usb-export");
            let msg = refused(
                &run(&w.panel(), &["export", &id.to_string(), "--out", &out_dir.display().to_string()]),
                &label,
            );
            assert!(msg.contains("No space left on device"), "{label}: {msg}");
            assert!(!out_dir.exists(), "{label}: a half-written bundle under the final name");
            assert_eq!(crate::whole_files::temporaries(&disk), Vec::<PathBuf>::new(), "{label}: a temporary folder");
            assert_eq!(snapshot(&data.join("backups")), before, "{label}: the backups changed");
            fs::remove_file(filler).unwrap();
            after_the_fault(&data, review, &model, &label);
            ran.push(label);
        }

        // (b) Exporting to a USB stick that fills up part-way through the bundle; the panel's data is elsewhere.
        let usb = disk.join("usb");
        fs::create_dir_all(&usb).unwrap();
        let id = w.signed_review(&w.panel(), "某某化工有限公司");
        let panel_before = snapshot(&w.panel());
        let filler = fill(&disk, 16 * 1024);
        let out_dir = usb.join("验收包");
        let out = run(&w.panel(), &["export", &id.to_string(), "--out", &out_dir.display().to_string()]);
        let msg = refused(&out, "export to a full USB stick");
        assert!(msg.contains("No space left on device") && msg.contains("验收包.yanshou-"), "{msg}");
        assert!(!out_dir.exists(), "a half-written bundle under the final name");
        assert_eq!(snapshot(&w.panel()), panel_before, "exporting changed the panel's data");
        fs::remove_file(filler).unwrap();
        ok(&w.panel(), &["export", &id.to_string(), "--out", &out_dir.display().to_string()]);
        let v = verify(&read(&out_dir).unwrap(), &w.roster());
        assert!(v.accepted, "{:?}", v.problems);
        assert_eq!(crate::whole_files::temporaries(&usb), Vec::<PathBuf>::new());
        ran.push("full USB stick".into());
    } else {
        eprintln!(
            "note: cannot mount a tmpfs here (not root, or not allowed): the full-disk cases use RLIMIT_FSIZE only"
        );
    }

    // (c) Without a small file system: each write past a per-process file size limit fails (EFBIG), as it would on a
    // full disk. Works as any user.
    // Another connection stays open (as the terminal app would), so the shared-memory index exists already and the
    // limit bites where the data is written: the database's log, the bundle's files.
    let data = w.root.join("limited");
    let review = ready_review(&data, "某公司");
    let model = acknowledged_score(&data, review);
    let keep = Connection::open(data.join("yanshou.db")).unwrap();
    assert_eq!(integrity(&keep), "ok");
    let before = snapshot(&data);
    let rid = review.to_string();
    let reason = long_reason();
    let out = file_size_limited(yanshou(&data), 16 * 1024)
        .args(["review", "score", &rid, "王建国", "1.2", "2", "--reason", &reason])
        .output()
        .unwrap();
    let msg = refused(&out, "file size limit");
    assert!(msg.contains("full"), "file size limit: {msg}");
    let id = w.signed_review(&w.panel(), "限额导出公司");
    let keep_panel = Connection::open(w.panel().join("yanshou.db")).unwrap();
    assert_eq!(integrity(&keep_panel), "ok");
    let out_dir = w.root.join("limited-usb").join("b");
    // `export` writes into an existing folder only (a mistyped stick path is refused, not created on the laptop).
    fs::create_dir_all(out_dir.parent().unwrap()).unwrap();
    let out = file_size_limited(yanshou(&w.panel()), 8192)
        .args(["export", &id.to_string(), "--out", &out_dir.display().to_string()])
        .output()
        .unwrap();
    let msg = refused(&out, "export past the file size limit");
    assert!(msg.contains("File too large") && msg.contains("scorecard.toml"), "{msg}");
    assert!(!out_dir.exists(), "a half-written bundle under the final name");
    drop(keep_panel);
    // The database file and the backups are as they were (the log and shared-memory files belong to the open
    // connection).
    let files = |m: BTreeMap<String, String>| -> Vec<(String, String)> {
        m.into_iter().filter(|(k, _)| !k.ends_with("-shm") && !k.ends_with("-wal")).collect()
    };
    assert_eq!(files(snapshot(&data)), files(before), "the refused write changed the data directory");
    drop(keep);
    after_the_fault(&data, review, &model, "file size limit");
    ran.push("RLIMIT_FSIZE".into());
    eprintln!("full disk: ran {ran:?}");
}

// ----- 3. a read-only data directory -----

/// Makes `dir` and its database read-only and says how to run the binary so that this holds: as root, permissions
/// do not bind, so the child runs as `nobody` through setpriv, or the directory is bind-mounted read-only.
enum ReadOnlyWay {
    Chmod,
    Setpriv,
    BindMount,
}

fn lock(dir: &Path, on: bool) {
    let db = dir.join("yanshou.db");
    fs::set_permissions(&db, fs::Permissions::from_mode(if on { 0o444 } else { 0o644 })).unwrap();
    fs::set_permissions(dir.join("backups"), fs::Permissions::from_mode(if on { 0o555 } else { 0o755 })).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(if on { 0o555 } else { 0o755 })).unwrap();
}

/// Whether the binary can be run as `nobody` through setpriv (as root).
fn nobody_runs() -> bool {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN, "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn as_nobody(dir: &Path) -> Command {
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN, "--data-dir"])
        .arg(dir)
        .env_remove("YANSHOU_DATA_DIR")
        .env("YANSHOU_ACTOR", "测试");
    cmd
}

/// A read-only data directory can be read (the database is opened read-only and immutable: no log, shared-memory or
/// backup file is created); every change is refused with a message that says the directory is read-only; `export`
/// only reads the database, so it works and writes only into `--out`; and the directory is left byte for byte as it
/// was.
#[test]
fn a_read_only_data_directory_can_be_read_but_refuses_every_change_and_is_left_unchanged() {
    let w = World::new();
    // Others (nobody) must reach the data directory.
    fs::set_permissions(&w.root, fs::Permissions::from_mode(0o755)).unwrap();
    let mut ways = Vec::new();
    if !is_root() {
        ways.push(ReadOnlyWay::Chmod);
    } else {
        if nobody_runs() {
            ways.push(ReadOnlyWay::Setpriv);
        }
        let probe = w.root.join("probe");
        fs::create_dir_all(&probe).unwrap();
        let bind = Command::new("mount").arg("--bind").arg(&probe).arg(&probe).stderr(Stdio::null()).status();
        if bind.is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg(&probe).status();
            ways.push(ReadOnlyWay::BindMount);
        }
    }
    if ways.is_empty() {
        eprintln!(
            "note: running as root without setpriv or mount: permissions cannot make the data directory read-only \
             for this process, so the read-only case was not run"
        );
        return;
    }
    for (n, way) in ways.iter().enumerate() {
        let data = w.root.join(format!("ro-{n}"));
        let review = ready_review(&data, "某公司");
        let model = acknowledged_score(&data, review);
        let rid = review.to_string();
        let signed = w.signed_review(&data, "只读导出公司");
        // An import and a quarantined bundle, for `imports` and `quarantine` to show.
        let bundle = w.root.join(format!("ro-bundle-{n}"));
        ok(&data, &["export", &signed.to_string(), "--out", &bundle.display().to_string()]);
        let (roster, issuer) = (w.roster_path().display().to_string(), w.issuer().display().to_string());
        ok(&data, &["import", &bundle.display().to_string(), "--roster", &roster, "--issuer", &issuer]);
        let bad = w.root.join(format!("ro-bad-{n}"));
        copy_dir(&bundle, &bad);
        fs::write(bad.join("payload.json"), "{}").unwrap();
        let _ = run(&data, &["import", &bad.display().to_string(), "--roster", &roster, "--issuer", &issuer]);
        // The last writer closed normally: no log content is left beside the database.
        assert!(fs::metadata(data.join("yanshou.db-wal")).map_or(true, |m| m.len() == 0));
        let before = snapshot(&data);
        // Where export and compile write: elsewhere, and writable by whoever runs the binary.
        let elsewhere = w.root.join(format!("ro-out-{n}"));
        fs::create_dir_all(&elsewhere).unwrap();
        fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o777)).unwrap();
        let out_dir = elsewhere.join("usb");
        // The roster and the issuer's key, readable by nobody too.
        let (ro_roster, ro_issuer) = (elsewhere.join("roster.json"), elsewhere.join("unit.pub"));
        let ro_sig = elsewhere.join("roster.json.minisig");
        fs::copy(w.roster_path(), &ro_roster).unwrap();
        fs::copy(w.root.join("roster.json.minisig"), &ro_sig).unwrap();
        fs::copy(w.issuer(), &ro_issuer).unwrap();
        for f in [&ro_roster, &ro_sig, &ro_issuer] {
            fs::set_permissions(f, fs::Permissions::from_mode(0o644)).unwrap();
        }
        let (ro_roster, ro_issuer) = (ro_roster.display().to_string(), ro_issuer.display().to_string());
        let _mount = match way {
            ReadOnlyWay::Chmod | ReadOnlyWay::Setpriv => {
                lock(&data, true);
                None
            }
            ReadOnlyWay::BindMount => {
                assert!(Command::new("mount").arg("--bind").arg(&data).arg(&data).status().unwrap().success());
                let m = Mount(data.clone());
                let ro = Command::new("mount").args(["-o", "remount,bind,ro"]).arg(&data).status().unwrap();
                assert!(ro.success());
                Some(m)
            }
        };
        let label = match way {
            ReadOnlyWay::Chmod => "chmod 0555/0444",
            ReadOnlyWay::Setpriv => "chmod 0555/0444, run as nobody (setpriv)",
            ReadOnlyWay::BindMount => "read-only bind mount",
        };
        let cmd = |args: &[&str]| -> Output {
            let mut c = match way {
                ReadOnlyWay::Setpriv => as_nobody(&data),
                _ => yanshou(&data),
            };
            c.args(args).output().unwrap()
        };
        let read = |args: &[&str]| -> String {
            let out = cmd(args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{label}: yanshou {args:?} failed ({:?}): {stderr}", out.status);
            String::from_utf8(out.stdout).unwrap()
        };
        // Reading works and shows the data.
        let list = read(&["review", "list", "--json"]);
        assert!(list.contains("某公司") && list.contains("只读导出公司"), "{label}: {list}");
        assert!(list.contains("\"status\": \"scoring\""), "{label}: {list}");
        let show = read(&["review", "show", &rid, "--json"]);
        assert!(show.contains("某公司") && show.contains("台账不全"), "{label}: {show}");
        let log = read(&["review", "log", &rid]);
        assert!(log.contains("intact") && log.contains("台账不全"), "{label}: {log}");
        let imports = read(&["imports", "--json"]);
        assert!(imports.contains(&bundle.display().to_string()), "{label}: {imports}");
        let quarantine = read(&["quarantine"]);
        assert!(quarantine.contains(&bad.display().to_string()), "{label}: {quarantine}");
        let xlsx = elsewhere.join("results.xlsx");
        let compiled = read(&["compile", "--out", &xlsx.display().to_string()]);
        assert!(compiled.contains("1 review(s) compiled"), "{label}: {compiled}");
        // Every change is refused, saying why.
        let reason = "目标未量化";
        let changes: [&[&str]; 6] = [
            &["review", "score", &rid, "王建国", "1.2", "2", "--reason", reason],
            &["review", "finalize", &rid],
            &["review", "edit", &rid, "place", "厦门"],
            &[
                "review",
                "new",
                "--scorecard",
                SHEET,
                "--enterprise",
                "新公司",
                "--credit-code",
                "91350100M000100Y43",
                "--date",
                "2026-11-28",
            ],
            &["import", &bundle.display().to_string(), "--roster", &ro_roster, "--issuer", &ro_issuer],
            &["review", "reopen", &signed.to_string(), "--reason", "复核"],
        ];
        for args in changes {
            let msg = refused(&cmd(args), label);
            assert!(msg.contains("read-only"), "{label}: {args:?}: {msg}");
        }
        // Export only reads the database: it works from a read-only data directory and writes only into --out.
        read(&["export", &signed.to_string(), "--out", &out_dir.display().to_string()]);
        assert!(out_dir.join("payload.json").is_file(), "{label}");
        assert_eq!(snapshot(&data), before, "{label}: the read-only data directory changed");
        drop(_mount);
        lock(&data, false);
        after_the_fault(&data, review, &model, label);
    }
}

/// A read-only data directory whose last writer has not checkpointed (it is still running, or was killed): the
/// committed changes in `yanshou.db-wal` could not be seen by a read-only reader, so reading is refused, saying why,
/// rather than showing old data; nothing is written.
#[test]
fn a_read_only_data_directory_with_unsaved_log_content_is_refused_not_misread() {
    let w = World::new();
    fs::set_permissions(&w.root, fs::Permissions::from_mode(0o755)).unwrap();
    let root = is_root();
    if root && !nobody_runs() {
        eprintln!("note: running as root without setpriv: the data directory cannot be made read-only; not run");
        return;
    }
    let data = w.root.join("ro-wal");
    let review = ready_review(&data, "某公司");
    let mut writer = Store::open_in(&data).unwrap();
    writer.update_review(review, "place", "厦门").unwrap();
    assert!(fs::metadata(data.join("yanshou.db-wal")).unwrap().len() > 0, "the change is in the log");
    let before = snapshot(&data);
    lock(&data, true);
    let out = if root { as_nobody(&data) } else { yanshou(&data) }.args(["review", "list"]).output().unwrap();
    let msg = refused(&out, "unsaved log content");
    assert!(msg.contains("read-only") && msg.contains("unsaved log content"), "{msg}");
    assert_eq!(snapshot(&data), before, "the read-only data directory changed");
    lock(&data, false);
    drop(writer);
    let show = ok(&data, &["review", "show", &review.to_string(), "--json"]);
    assert!(show.contains("厦门"), "{show}");
}

// ----- 4. a damaged database -----

/// A data directory with a review, its backup of today, and two older backups.
fn damaged_setup(w: &World, name: &str) -> (PathBuf, i64, PathBuf) {
    let data = w.root.join(name);
    let review = ready_review(&data, "某公司");
    ok(&data, &["review", "score", &review.to_string(), "王建国", "1.1", "1.5", "--reason", "台账不全"]);
    let backups = data.join("backups");
    let today: Vec<PathBuf> = fs::read_dir(&backups).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(today.len(), 1, "{today:?}");
    for day in ["2026-01-05", "2025-12-31"] {
        fs::copy(&today[0], backups.join(format!("yanshou-{day}.db"))).unwrap();
    }
    let db = data.join("yanshou.db");
    Connection::open(&db).unwrap().execute_batch("VACUUM").unwrap();
    assert!(!data.join("yanshou.db-wal").exists(), "the log was checkpointed when the last connection closed");
    let conn = read_only(&db);
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert_eq!(free, 0, "every page is in use, so any damaged page matters");
    (data, review, today[0].clone())
}

fn damage(db: &Path, how: &str) {
    let bytes = fs::read(db).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages >= 12, "{pages} pages");
    let mut f = fs::OpenOptions::new().write(true).open(db).unwrap();
    use std::io::Seek;
    match how {
        "pages in the middle overwritten" => {
            f.seek(std::io::SeekFrom::Start((pages / 3 * page) as u64)).unwrap();
            let garbage: Vec<u8> = (0..(pages / 3) * page).map(|i| (i * 7 + 13) as u8).collect();
            f.write_all(&garbage).unwrap();
        }
        "truncated" => f.set_len((pages / 3 * page) as u64).unwrap(),
        "garbage header" => f.write_all(b"this is not an SQLite database, only garbage....").unwrap(),
        other => panic!("{other}"),
    }
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_database_is_refused_naming_the_latest_backup() {
    let w = World::new();
    for (n, how) in ["pages in the middle overwritten", "truncated", "garbage header"].into_iter().enumerate() {
        let (data, review, latest) = damaged_setup(&w, &format!("damaged-{n}"));
        let db = data.join("yanshou.db");
        damage(&db, how);
        let backups = snapshot(&data.join("backups"));
        let damaged = fs::read(&db).unwrap();
        for args in [vec!["review", "list"], vec!["review", "score", &review.to_string(), "王建国", "1.2", "2"]] {
            let msg = refused(&run(&data, &args), how);
            assert!(msg.contains("is damaged"), "{how}: {msg}");
            assert!(msg.contains(&db.display().to_string()), "{how}: the message does not name the file: {msg}");
            assert!(
                msg.contains(&format!("The latest backup is {}", latest.display())),
                "{how}: the message does not name the newest backup {}: {msg}",
                latest.display()
            );
            assert!(msg.contains("copy it over yanshou.db"), "{how}: {msg}");
        }
        assert_eq!(snapshot(&data.join("backups")), backups, "{how}: the backups folder changed");
        assert_eq!(fs::read(&db).unwrap(), damaged, "{how}: the damaged file was changed (restored silently?)");

        // Without today's backup the daily copy is due: it must not be taken of the damaged database.
        fs::remove_file(&latest).unwrap();
        let older = data.join("backups").join("yanshou-2026-01-05.db");
        let backups = snapshot(&data.join("backups"));
        let msg = refused(&run(&data, &["review", "list"]), how);
        assert!(msg.contains(&format!("The latest backup is {}", older.display())), "{how}: {msg}");
        assert_eq!(snapshot(&data.join("backups")), backups, "{how}: a backup was taken of the damaged database");

        // The way back the message gives works.
        fs::copy(&older, &db).unwrap();
        for extra in ["yanshou.db-wal", "yanshou.db-shm"] {
            let _ = fs::remove_file(data.join(extra));
        }
        let list = ok(&data, &["review", "list", "--json"]);
        assert!(list.contains("某公司"), "{how}: {list}");
    }
    // No backup at all: the message says so.
    let (data, _, _) = damaged_setup(&w, "damaged-nobackup");
    fs::remove_dir_all(data.join("backups")).unwrap();
    damage(&data.join("yanshou.db"), "garbage header");
    let msg = refused(&run(&data, &["review", "list"]), "no backup");
    assert!(msg.contains("There is no backup in"), "{msg}");
    assert!(!data.join("backups").exists(), "a backup of the damaged database was made");
}

/// The app opens on the store without waiting for the whole check (it runs behind the first frame): damage it finds
/// is reported in a dialog naming the newest backup, no change is written from then on, and no backup is taken of
/// the damaged file.
#[test]
fn damage_found_behind_the_first_frame_refuses_every_change() {
    let w = World::new();
    for (n, how) in ["pages in the middle overwritten", "truncated", "garbage header"].into_iter().enumerate() {
        let (data, review, latest) = damaged_setup(&w, &format!("behind-{n}"));
        // Today's backup is gone, so the day's copy is due: it must not be taken of the damaged file.
        fs::remove_file(&latest).unwrap();
        let older = data.join("backups").join("yanshou-2026-01-05.db");
        let db = data.join("yanshou.db");
        damage(&db, how);
        let backups = snapshot(&data.join("backups"));
        let damaged = fs::read(&db).unwrap();
        let msg = match Store::open_in_background(&data) {
            // Damage SQLite meets at once (the header) is refused at opening, as the commands refuse it.
            Err(e) => e.to_string(),
            Ok(store) => {
                let (catalog, _) = yanshou::builtin::load_catalog(None);
                let mut app = yanshou::tui::App::new(store, catalog, data.clone(), "2026-11-28");
                let started = Instant::now();
                while app.checking {
                    assert!(started.elapsed() < Duration::from_secs(20), "{how}: the check never finished");
                    app.tick();
                    std::thread::sleep(Duration::from_millis(5));
                }
                let Some(yanshou::tui::dialogs::Modal::Report(report)) = &app.state.modal else {
                    panic!("{how}: no dialog reports the damage; status: {:?}", app.state.status)
                };
                assert_eq!(report.title, "数据库已损坏", "{how}");
                assert!(app.state.status.0.contains("不能修改"), "{how}: {:?}", app.state.status);
                let shown = report.lines.join("\n");
                let expert = app.store.load(review).ok().and_then(|r| r.data.experts.first().map(|e| e.id));
                let refused = app
                    .store
                    .set_score(review, expert.unwrap_or(1), "1.2", Points::from_tenths(20), "", "")
                    .expect_err("a change was accepted on a damaged database");
                assert_eq!(refused.to_string(), report.lines[3], "{how}: the refusal says the same as the dialog");
                let (catalog, _) = yanshou::builtin::load_catalog(None);
                let card = catalog.scorecard("fujian-2008-acceptance").unwrap();
                let new = yanshou::store::NewReview {
                    enterprise_name: "新企业".into(),
                    credit_code: "91350100M000100Y43".into(),
                    date: "2026-11-28".into(),
                    ..Default::default()
                };
                let refused = app.store.create_review(&new, card, &[]).expect_err("a review was created");
                assert_eq!(refused.to_string(), report.lines[3], "{how}: creating a review is refused the same way");
                drop(app);
                shown
            }
        };
        assert!(msg.contains("is damaged"), "{how}: {msg}");
        assert!(msg.contains(&format!("The latest backup is {}", older.display())), "{how}: {msg}");
        assert_eq!(snapshot(&data.join("backups")), backups, "{how}: a backup was taken of the damaged database");
        assert_eq!(fs::read(&db).unwrap(), damaged, "{how}: the damaged file was changed");
    }
}

/// On a healthy database the check behind the first frame passes, the day's backup is taken in the background, and
/// changes are written as usual.
#[test]
fn the_check_behind_the_first_frame_passes_and_takes_the_days_backup() {
    let w = World::new();
    let data = w.root.join("healthy");
    let review = ready_review(&data, "某公司");
    let _ = fs::remove_dir_all(data.join("backups"));
    let mut store = Store::open_in_background(&data).unwrap();
    let expert = expert(&store, review, "王建国");
    store.set_score(review, expert, "1.2", Points::from_tenths(20), "台账不全", "").unwrap();
    assert!(matches!(store.check_status(), yanshou::store::CheckStatus::Passed { warning: None }));
    drop(store);
    let copies: Vec<_> = fs::read_dir(data.join("backups")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let backup = read_only(&data.join("backups").join(&copies[0]));
    assert_eq!(integrity(&backup), "ok");
    let stored = scores(&read_only(&data.join("yanshou.db")), review);
    assert_eq!(stored.get(&("王建国".to_string(), "1.2".to_string())).map(|s| s.0), Some(20));
}

// ----- 5. a large healthy database opens quickly -----

/// Appends, for each copy of review `template` made with SQL, the template's entries (as entries of the copy, without
/// the template's row digests) and a baseline of the copy's rows, so that the copies are sound: chained, and their
/// rows recorded.
fn copy_log(conn: &Connection, template: i64, copies: impl Iterator<Item = i64>) {
    use yanshou::store::audit::{self, LogEntry};
    conn.execute_batch("BEGIN").unwrap();
    let entries: Vec<LogEntry> =
        audit::read_all(conn).unwrap().into_iter().filter(|e| e.review_id == Some(template)).collect();
    let (mut seq, mut prev): (i64, String) =
        conn.query_row("SELECT seq, hash FROM audit_head", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    for id in copies {
        for t in &entries {
            seq += 1;
            let mut e = LogEntry {
                seq,
                review_id: Some(id),
                prev_hash: prev.clone(),
                hash: String::new(),
                row_digests: None,
                ..t.clone()
            };
            e.hash = audit::entry_hash(&e);
            conn.execute(
                "INSERT INTO audit_log (seq, review_id, at, actor, action, target, old, new, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    e.seq,
                    e.review_id,
                    e.at,
                    e.actor,
                    e.action,
                    e.target,
                    e.old,
                    e.new,
                    e.prev_hash,
                    e.hash
                ],
            )
            .unwrap();
            prev = e.hash;
        }
        conn.execute("UPDATE audit_head SET seq = ?1, hash = ?2", rusqlite::params![seq, prev]).unwrap();
        yanshou::store::state::record_baseline(conn, id, "测试", NOW).unwrap();
        (seq, prev) = conn.query_row("SELECT seq, hash FROM audit_head", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    }
    conn.execute_batch("COMMIT").unwrap();
}

#[test]
fn a_healthy_database_of_a_thousand_reviews_opens_quickly() {
    let w = World::new();
    let data = w.root.join("big");
    let id = w.signed_review(&data, "福建某某化工有限公司");
    // 999 copies of the signed review, with their panels, scores, log entries and signatures.
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         BEGIN;
         CREATE TEMP TABLE n AS WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 999)
             SELECT k FROM n;
         INSERT INTO reviews SELECT id + k * 10, enterprise_name || k, credit_code, address, industry, track, agency,
             scorecard_id, scorecard_text, scorecard_hash, rules_json, review_date, place, status, created_at,
             updated_at, lower(hex(randomblob(16))) FROM reviews, n WHERE id = {id};
         INSERT INTO experts SELECT id + k * 10, review_id + k * 10, name, unit, title, field, role
             FROM experts, n WHERE review_id = {id};
         INSERT INTO recusals SELECT expert_id + k * 10, review_id + k * 10, reason_id, reason, statement,
             recorded_by, recorded_at FROM recusals, n WHERE review_id = {id};
         INSERT INTO scores SELECT review_id + k * 10, expert_id + k * 10, item_id, tenths, reason, evidence,
             updated_at FROM scores, n WHERE review_id = {id};
         INSERT INTO veto_findings SELECT review_id + k * 10, veto_id, answer, evidence
             FROM veto_findings, n WHERE review_id = {id};
         INSERT INTO opinions SELECT review_id + k * 10, summary, problems, suggestions, conclusion
             FROM opinions, n WHERE review_id = {id};
         INSERT INTO signatures SELECT id + k * 10, review_id + k * 10, expert_id + k * 10, revision,
             payload_sha256, kind, public_key, key_id, signed_file, minisig, dissent, signed_at
             FROM signatures, n WHERE review_id = {id};
         COMMIT;"
    ))
    .unwrap();
    copy_log(&conn, id, (1..=999).map(|k| id + k * 10));
    let reviews: i64 = conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get(0)).unwrap();
    assert_eq!(reviews, 1000);
    drop(conn);
    let size = fs::metadata(data.join("yanshou.db")).unwrap().len();
    let backups = data.join("backups");
    fs::remove_dir_all(&backups).unwrap();
    // The first opening of the day checks everything and takes the backup.
    let started = Instant::now();
    drop(Store::open_in(&data).unwrap());
    let first = started.elapsed();
    assert_eq!(fs::read_dir(&backups).unwrap().count(), 1);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let s = Store::open_in(&data).unwrap();
            let t = started.elapsed();
            assert_eq!(s.list_reviews().unwrap().len(), 1000);
            t
        })
        .collect();
    times.sort();
    let median = times[2];
    let conn = read_only(&data.join("yanshou.db"));
    let started = Instant::now();
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    let quick_check = started.elapsed();
    assert_eq!(check, "ok");
    eprintln!(
        "1,000 reviews, {:.1} MB: first opening of the day (full check and backup) {first:?}, then opening takes \
         {median:?} (median of 5; a whole PRAGMA quick_check alone takes {quick_check:?})",
        size as f64 / 1e6
    );
    // The check at opening is bounded (30 ms); the rest of opening is small. Generous for slow machines and debug
    // builds, and still far below a whole quick_check of this file in a debug build.
    assert!(median < Duration::from_millis(150), "opening takes {median:?}");
}
