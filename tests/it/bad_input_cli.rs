//! The bad-input catalogue of the command line (issue 6): every command and every argument that takes a value, given
//! empty, blank, too long, wrong-typed, out-of-range, full-width, mixed-script and control-character input.
//!
//! Every refusal must:
//! - exit with status 1 when a value is refused by the rules or names something that does not exist, or with clap's
//!   status 2 when an argument cannot be read as its type at all (missing, unknown, a review id that is not a whole
//!   number from 1);
//! - say on stderr, in plain words, which argument and what is wrong (no panic, no backtrace, no Rust `Debug` output,
//!   no `(os error N)`, no raw control character echoed to the terminal);
//! - change nothing: the database's every row and audit-log head, and every file under the case's folder (data
//!   directory, keys, rosters, bundles, `--out` paths) are the same afterwards.
//!
//! One template (four reviews, keys, a roster, an exported bundle) is built once through the library and copied for
//! each case; the input rules themselves are listed in README.md, "Input rules".

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use assert_cmd::Command;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use yanshou::bundle::export::{export, sign_review};
use yanshou::bundle::import::trust_paths;
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};

use crate::common;

const PASSPHRASE: &str = "correct horse battery";
/// A folder name with Chinese characters and spaces: every path argument must work through it.
const CJK: &str = "中文 目录";

fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

// ----- the template -----

/// The template's reviews.
/// 1: 福建 draft, experts 1 王建国 (lead, scored 1.1), 2 李秀英, 3 张伟, 4 赵敏; one sign-in entry (1).
/// 2: 浙江 (bonus iso14001 2–3, adjustable weights), expert 5 钱七.
/// 3: 广东 2003 (facts), expert 6 孙八.
/// 4: 福建 finalized and signed by 王建国 (experts 7–10, 赵敏 recused); exported to `bundle` and `中文 目录/验收 包`.
struct Template {
    _dir: tempfile::TempDir,
    root: PathBuf,
    before: Snapshot,
    day: String,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(build_template)
}

fn build_template() -> Template {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let data = root.join("data");
    let cjk = root.join(CJK);
    fs::create_dir_all(&cjk).unwrap();
    let keys_dir = root.join("keys");
    let unit = generate(&keys_dir, "unit", &pw()).unwrap();
    let wang = generate(&keys_dir, "王建国", &pw()).unwrap();
    let unit_pk = keys::read_public(&unit.public_path).unwrap();
    let mut roster = Roster::new(&unit_pk, "2026-01-01");
    roster
        .add(RosterEntry {
            name: "王建国".into(),
            unit: "福建省环境科学研究院".into(),
            key_id: wang.key_id.clone(),
            public_key: wang.public_key.clone(),
            valid_from: "2000-01-01".into(),
            valid_until: "2099-12-31".into(),
            revoked: false,
            revoked_at: None,
        })
        .unwrap();
    fs::create_dir_all(data.join("trust")).unwrap();
    let (roster_path, issuer_path) = trust_paths(&data);
    roster.save(&roster_path, &unit.secret_path, &pw()).unwrap();
    fs::copy(&unit.public_path, &issuer_path).unwrap();
    roster.save(&root.join("roster.json"), &unit.secret_path, &pw()).unwrap();
    fs::copy(&wang.public_path, cjk.join("王建国 公钥.pub")).unwrap();

    let catalog = common::catalog();
    let mut s = Store::open_in(&data).unwrap();
    let review = |s: &mut Store, sheet: &str, experts: &[(&str, &str)]| -> (i64, Vec<i64>) {
        let card = catalog.scorecard(sheet).unwrap();
        let rules: Vec<_> = catalog.rules_for(card).collect();
        let new = NewReview {
            enterprise_name: "福建某某化工有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            date: "2026-11-28".into(),
            place: "福州".into(),
            ..Default::default()
        };
        let id = s.create_review(&new, card, &rules).unwrap();
        let ids = experts
            .iter()
            .enumerate()
            .map(|(n, (name, field))| {
                let e = NewExpert { name: (*name).into(), field: (*field).into(), lead: n == 0, ..Default::default() };
                s.add_expert(id, &e).unwrap()
            })
            .collect();
        (id, ids)
    };
    let panel = [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")];
    let (r1, e1) = review(&mut s, "fujian-2008-acceptance", &panel);
    s.set_score(r1, e1[0], "1.1", Points::from_tenths(20), "", "").unwrap();
    s.add_signin(r1, "王建国", "福建省环境科学研究院", "高工", "专家").unwrap();
    let (r2, _) = review(&mut s, "zhejiang-2003-acceptance", &[("钱七", "环保")]);
    let (r3, _) = review(&mut s, "guangdong-2003-acceptance", &[("孙八", "环保")]);
    let (r4, e4) = review(&mut s, "fujian-2008-acceptance", &panel);
    assert_eq!((r1, r2, r3, r4), (1, 2, 3, 4));
    assert_eq!(e4, vec![7, 8, 9, 10]);
    let card = catalog.scorecard("fujian-2008-acceptance").unwrap();
    s.recuse(r4, e4[3], "participated", "曾参与该企业审核咨询").unwrap();
    for e in &e4[..3] {
        for item in card.scored_items() {
            s.set_score(r4, *e, &item.id, item.points, "", "").unwrap();
        }
    }
    for v in ["v1", "v2", "v3"] {
        s.answer_veto(r4, v, Answer::No, "").unwrap();
    }
    let opinion = OpinionPatch {
        summary: Some("审核工作规范。".into()),
        conclusion: Some("通过验收".into()),
        ..Default::default()
    };
    s.set_opinion(r4, &opinion).unwrap();
    s.finalize(r4).unwrap();
    sign_review(&mut s, r4, e4[0], &wang.secret_path, &pw(), None, "2026-11-28T10:00:00+08:00").unwrap();
    export(&s, r4, &root.join("bundle")).unwrap();
    export(&s, r4, &cjk.join("验收 包")).unwrap();
    drop(s);
    // Opening again makes the day's backup (the first opening found no review to back up).
    drop(Store::open_in(&data).unwrap());

    // Files the cases read.
    fs::write(root.join("pass.txt"), format!("{PASSPHRASE}\n")).unwrap();
    fs::write(root.join("wrong-pass.txt"), "not the passphrase\n").unwrap();
    fs::write(root.join("short-pass.txt"), "short\n").unwrap();
    fs::write(root.join("nul.txt"), "意见\0正文").unwrap();
    fs::write(root.join("latin1.txt"), b"caf\xe9 \xff\xfe").unwrap();
    fs::write(root.join("ansi.txt"), "意见\x1b[31m红色").unwrap();
    fs::write(cjk.join("意见 草稿.txt"), "该企业清洁生产审核工作规范。\n方案实施到位。").unwrap();
    fs::create_dir_all(root.join("adir")).unwrap();
    fs::write(root.join("existing.xlsx"), "an older workbook").unwrap();
    let full = |item: &str, score: &str| {
        let items: Vec<String> = card
            .scored_items()
            .map(
                |i| if i.id == item { format!("\"{}\": {score}", i.id) } else { format!("\"{}\": {}", i.id, i.points) },
            )
            .collect();
        format!("{{\"experts\": [{{\"name\": \"王建国\", \"scores\": {{{}}}}}]}}", items.join(", "))
    };
    fs::write(cjk.join("评分 输入.json"), full("1.1", "2")).unwrap();
    fs::write(root.join("fullwidth.json"), full("1.1", "\"３.５\"")).unwrap();
    fs::write(root.join("negative.json"), full("1.1", "-1")).unwrap();
    fs::write(root.join("precise.json"), full("1.1", "2.25")).unwrap();
    fs::write(root.join("over.json"), full("1.1", "99")).unwrap();
    fs::write(root.join("text.json"), full("1.1", "\"abc\"")).unwrap();
    fs::write(root.join("unknown-item.json"), full("1.1", "2, \"9.9\": 1")).unwrap();
    fs::write(root.join("unknown-veto.json"), r#"{"experts": [], "vetoes": ["v99"]}"#).unwrap();
    fs::write(root.join("not.json"), "experts: 王建国").unwrap();
    fs::write(root.join("not.toml"), "这不是 TOML [[[").unwrap();

    let db = data.join("yanshou.db");
    let _ = TEMPLATE_DB.set((hex(&Sha256::digest(fs::read(&db).unwrap())), dump(&db)));
    let before = snapshot(&root);
    Template { day: today(), _dir: dir, root, before }
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ----- no change -----

/// Every file under a folder: its path and a hash of its bytes, except the database, which is dumped row by row
/// (with its schema version and the audit log's head) so that a difference shows what changed.
type Snapshot = BTreeMap<String, String>;

/// The template database's byte hash and dump.
static TEMPLATE_DB: OnceLock<(String, String)> = OnceLock::new();

fn snapshot(root: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        if e.file_type().unwrap().is_dir() {
            out.insert(format!("{rel}/"), "folder".into());
            walk(root, &path, out);
        } else if rel.ends_with("data/yanshou.db") {
            // The dump is the comparison; a file with the template's very bytes has the template's dump.
            let bytes = hex(&Sha256::digest(fs::read(&path).unwrap()));
            let known = TEMPLATE_DB.get().filter(|(h, _)| *h == bytes).map(|(_, d)| d.clone());
            out.insert(rel, known.unwrap_or_else(|| dump(&path)));
        } else {
            out.insert(rel, hex(&Sha256::digest(fs::read(&path).unwrap())));
        }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Every table's rows, the schema version and the audit log's head, read from a copy (opening the file itself
/// would leave WAL files behind in the folder under test).
fn dump(db: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("copy.db");
    fs::copy(db, &copy).unwrap();
    let wal = db.with_extension("db-wal");
    if wal.exists() {
        fs::copy(&wal, tmp.path().join("copy.db-wal")).unwrap();
    }
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut text = String::new();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    text.push_str(&format!("user_version {version}\n"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for t in &tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join(" | "))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.sort();
        text.push_str(&format!("[{t}] {} rows\n{}\n", rows.len(), rows.join("\n")));
    }
    let head: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok();
    text.push_str(&format!("audit head {head:?}\n"));
    text
}

// ----- cases -----

/// The kinds of bad input, each table row names its own.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// An empty string.
    Empty,
    /// Whitespace only.
    Blank,
    /// Over a documented limit (MAX_NAME = 200, MAX_TEXT = 20,000, a key name's 60) or 10,000 characters.
    TooLong,
    /// Text where a number, id, date or path of the right kind is expected.
    WrongType,
    /// A value of the right type outside what it may be: id 0, an unknown item, points above the maximum.
    OutOfRange,
    /// Full-width digits and signs.
    FullWidth,
    /// Bidi overrides and zero-width characters (refused); legitimate mixed scripts (accepted).
    MixedScripts,
    /// NUL, bell, escape sequences, carriage returns, line breaks and tabs in one-line fields.
    Control,
    /// Path arguments: missing, a folder for a file and vice versa, unreadable, existing `--out`.
    Path,
    /// The global `--data-dir` and `--actor`.
    Global,
    /// Input that must work (Chinese paths with spaces, mixed scripts, normalized values).
    Works,
}

struct Case {
    class: Class,
    args: Vec<String>,
    /// The exit status: 1 for a refused value, 2 for clap's usage errors, 0 for input that must work.
    code: i32,
    /// Texts the message must hold (on stderr for a refusal, on stdout for a success).
    says: Vec<String>,
    /// For a success: a check of the changed folder.
    then: Option<fn(&Path)>,
}

fn case(class: Class, args: &[&str], code: i32, says: &[&str]) -> Case {
    Case {
        class,
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        says: says.iter().map(|s| s.to_string()).collect(),
        then: None,
    }
}

fn works(args: &[&str], says: &[&str], then: fn(&Path)) -> Case {
    Case { then: Some(then), ..case(Class::Works, args, 0, says) }
}

fn long(n: usize) -> String {
    "长".repeat(n)
}

/// Runs every case on its own copy of the template; all failures are reported together.
fn run(cases: Vec<Case>) {
    let t = template();
    let mut failures = Vec::new();
    let n = cases.len();
    for c in cases {
        if let Err(e) = run_one(t, &c) {
            failures.push(format!("[{:?}] yanshou {}\n    {e}", c.class, shown(&c.args)));
        }
    }
    eprintln!("{n} cases");
    assert!(failures.is_empty(), "{} of {n} cases failed:\n{}", failures.len(), failures.join("\n"));
}

fn shown(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let a: String = a.chars().flat_map(char::escape_debug).collect();
            if a.chars().count() > 60 {
                format!("{}…({} chars)", a.chars().take(20).collect::<String>(), a.len())
            } else {
                a
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_one(t: &Template, c: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("case");
    copy_dir(&t.root, &root);
    let r = root.display().to_string();
    let args: Vec<String> = c.args.iter().map(|a| a.replace("{root}", &r)).collect();
    let mut cmd = Command::cargo_bin("yanshou").unwrap();
    cmd.env_remove("YANSHOU_DATA_DIR")
        .env_remove("YANSHOU_ACTOR")
        .env("YANSHOU_PASSPHRASE", PASSPHRASE)
        .env("RUST_BACKTRACE", "1")
        .timeout(Duration::from_secs(60))
        .write_stdin("");
    if !args.iter().any(|a| a == "--data-dir") {
        cmd.arg("--data-dir").arg(root.join("data"));
    }
    if !args.iter().any(|a| a == "--actor") {
        cmd.arg("--actor").arg("测试员");
    }
    let out = cmd.args(&args).output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let code = out.status.code().unwrap_or(-1);
    if code != c.code {
        return Err(format!("exit status {code}, expected {}\n    stderr: {stderr}    stdout: {stdout}", c.code));
    }
    for noise in
        ["panicked", "RUST_BACKTRACE", "stack backtrace", "Os {", "kind:", "Error {", "(os error", "\x1b", "\0"]
    {
        if stderr.contains(noise) {
            return Err(format!("stderr has {noise:?}: {stderr}"));
        }
    }
    let said = if c.code == 0 { &stdout } else { &stderr };
    for s in &c.says {
        if !said.contains(s.as_str()) {
            return Err(format!("the output does not say {s:?}\n    stderr: {stderr}    stdout: {stdout}"));
        }
    }
    if c.code != 0 {
        // `scorecards validate` reports its problems as `file:line: message` lines, without the prefix.
        let report = c.args.starts_with(&["scorecards".to_string(), "validate".to_string()]);
        let prefix = if c.code == 2 { "error: " } else { "yanshou: " };
        if !report && !stderr.starts_with(prefix) {
            return Err(format!("stderr does not start with {prefix:?}: {stderr}"));
        }
        let mut after = snapshot(&root);
        if today() != t.day {
            // A case run past midnight may make the day's backup; it is not a change made by the refused input.
            after.retain(|k, _| !k.starts_with("data/backups/") || t.before.contains_key(k));
        }
        if after != t.before {
            return Err(format!("something changed: {}", difference(&t.before, &after)));
        }
    } else if let Some(then) = c.then {
        then(&root);
    }
    Ok(())
}

fn difference(a: &Snapshot, b: &Snapshot) -> String {
    let mut d = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => d.push(format!("{k} removed")),
            Some(w) if w != v => {
                let (va, vb): (Vec<_>, Vec<_>) = (v.lines().collect(), w.lines().collect());
                let changed: Vec<_> = vb.iter().filter(|l| !va.contains(l)).take(5).collect();
                d.push(format!("{k} changed {changed:?}"));
            }
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        d.push(format!("{k} created"));
    }
    d.join("; ")
}

/// The review `id`'s JSON, read through the command line.
fn show(root: &Path, id: &str) -> serde_json::Value {
    let out = Command::cargo_bin("yanshou")
        .unwrap()
        .env_remove("YANSHOU_DATA_DIR")
        .arg("--data-dir")
        .arg(root.join("data"))
        .args(["review", "show", id, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

// ----- the tables -----

/// Every review subcommand that takes a review id, with otherwise valid arguments; `ID` stands for the id.
const ID_COMMANDS: &[&[&str]] = &[
    &["review", "show", "ID"],
    &["review", "edit", "ID", "place", "厦门"],
    &["review", "panel", "ID", "add", "--name", "钱七", "--field", "环保"],
    &["review", "reasons", "ID"],
    &["review", "recuse", "ID", "李秀英", "--reason", "participated", "--statement", "曾参与"],
    &["review", "score", "ID", "王建国", "1.2", "2"],
    &["review", "veto", "ID", "v1", "no"],
    &["review", "fact", "ID", "x", "true"],
    &["review", "bonus", "ID", "iso14001", "2"],
    &["review", "weight", "ID", "1.1", "3"],
    &["review", "opinion", "ID", "--summary", "规范"],
    &["review", "signin", "ID", "add", "--name", "李四"],
    &["review", "finalize", "ID"],
    &["review", "reopen", "ID", "--reason", "补录"],
    &["review", "sign", "ID", "王建国", "--key", "{root}/keys/王建国.key"],
    &["review", "dissent", "ID", "王建国", "--key", "{root}/keys/王建国.key", "--text", "不同意"],
    &["review", "signatures", "ID"],
    &["review", "log", "ID"],
    &["export", "ID", "--out", "{root}/out"],
];

/// Empty, blank, wrong-typed, out-of-range and full-width review ids: clap's status 2 naming `<ID>` and the rule,
/// except a well-formed id of no review (status 1).
#[test]
fn review_ids() {
    let bad: &[(Class, &str, i32, &str)] = &[
        (Class::Empty, "", 2, "it is empty"),
        (Class::Blank, "  ", 2, "it is empty"),
        (Class::WrongType, "abc", 2, "not a whole number"),
        (Class::WrongType, "1.5", 2, "not a whole number"),
        (Class::OutOfRange, "0", 2, "ids are whole numbers from 1"),
        (Class::OutOfRange, "-1", 2, "ids are whole numbers from 1"),
        (Class::OutOfRange, "99999999999999999999", 2, "too large to be an id"),
        (Class::OutOfRange, "99999", 1, "there is no review 99999"),
        (Class::FullWidth, "１", 2, "type half-width digits: 1"),
        // clap strips escape sequences from its own messages; the rest of the value is refused.
        (Class::Control, "1\x1b[31m", 2, "not a whole number"),
    ];
    let mut cases = Vec::new();
    for cmd in ID_COMMANDS {
        for (class, id, code, says) in bad {
            let args: Vec<&str> = cmd.iter().map(|a| if *a == "ID" { *id } else { *a }).collect();
            let mut says = vec![*says];
            if *code == 2 {
                says.push(if cmd[0] == "export" { "<REVIEW>" } else { "<ID>" });
            }
            cases.push(case(*class, &args, *code, &says));
        }
    }
    // The sign-in entry's id follows the same rule.
    for (class, id, code, says) in bad {
        if *id != "99999" {
            cases.push(case(*class, &["review", "signin", "1", "remove", id], *code, &[says, "<ENTRY>"]));
        }
    }
    cases.push(case(Class::OutOfRange, &["review", "signin", "1", "remove", "99"], 1, &["no sign-in entry 99"]));
    cases.push(case(Class::Empty, &["review", "show"], 2, &["<ID>"]));
    run(cases);
}

/// `review new` and `review edit`: the enterprise, its credit code, date, track and the one-line fields.
#[test]
fn review_fields() {
    let name201 = "名".repeat(201);
    let l10k = long(10_000);
    let new = |field: &str, value: &str| -> Vec<String> {
        let mut a: Vec<String> = ["review", "new", "--scorecard", "fujian-2008-acceptance", "--enterprise", "某公司"]
            .into_iter()
            .chain(["--credit-code", "91350100M000100Y43", "--date", "2026-11-28"])
            .map(String::from)
            .collect();
        if let Some(i) = a.iter().position(|x| x == field) {
            a[i + 1] = value.to_string();
        } else {
            a.extend([field.to_string(), value.to_string()]);
        }
        a
    };
    let mut cases = Vec::new();
    let mut add = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    // --scorecard
    add(Class::Empty, new("--scorecard", ""), 1, &["no scorecard “”"]);
    add(Class::OutOfRange, new("--scorecard", "hebei-2030"), 1, &["no scorecard “hebei-2030”", "scorecards list"]);
    add(Class::TooLong, new("--scorecard", &l10k), 1, &["no scorecard"]);
    add(Class::Control, new("--scorecard", "fujian\x1b[31m"), 1, &["no scorecard", "<U+001B>"]);
    // The one-line fields, in `review new` and in `review edit`.
    for (flag, field, label, required) in [
        ("--enterprise", "enterprise", "enterprise name", true),
        ("--address", "address", "address", false),
        ("--industry", "industry", "industry", false),
        ("--agency", "agency", "consulting agency", false),
        ("--place", "place", "place", false),
    ] {
        let mut bad: Vec<(Class, &str, String)> = vec![
            (Class::TooLong, name201.as_str(), format!("{label} is longer than 200 characters (201)")),
            (Class::TooLong, l10k.as_str(), format!("{label} is longer than 200 characters (10000)")),
            (Class::Control, "某\x1b[31m公司", format!("{label} contains a control character (U+001B escape)")),
            (Class::Control, "某\x07公司", format!("{label} contains a control character (U+0007 bell)")),
            (Class::Control, "某\r公司", format!("{label} contains a control character (U+000D carriage return)")),
            (Class::Control, "某\n公司", format!("{label} must be one line")),
            (Class::Control, "某\t公司", format!("{label} contains a control character (U+0009 tab)")),
            (
                Class::MixedScripts,
                "某\u{202E}司公",
                format!("{label} contains an invisible formatting character (U+202E"),
            ),
            (
                Class::MixedScripts,
                "某\u{200B}公司",
                format!("{label} contains an invisible formatting character (U+200B"),
            ),
            (
                Class::MixedScripts,
                "\u{FEFF}某公司",
                format!("{label} contains an invisible formatting character (U+FEFF"),
            ),
        ];
        if required {
            bad.push((Class::Empty, "", format!("{label} is empty")));
            bad.push((Class::Blank, " \u{3000} ", format!("{label} is empty")));
            bad.push((Class::Control, "\n", format!("{label} is empty")));
        }
        for (class, value, says) in bad {
            add(class, new(flag, value), 1, &[&says]);
            add(class, ["review", "edit", "1", field, value].map(String::from).to_vec(), 1, &[&says]);
        }
    }
    // --credit-code (full-width is normalized, see the working cases).
    for (class, value, says) in [
        (Class::Empty, "", "应为 18 位，输入了 0 位"),
        (Class::Blank, "   ", "应为 18 位，输入了 0 位"),
        (Class::WrongType, "福建省某某公司统一社会信用代码一二三", "不是统一社会信用代码可用的字符"),
        (Class::OutOfRange, "91350100M000100Y44", "校验位应为“3”"),
        (Class::TooLong, l10k.as_str(), "输入了 10000 位"),
        (Class::Control, "91350100M000100Y4\x1b", "<U+001B>"),
        (Class::MixedScripts, "91350100M000100Y4\u{200B}3", "输入了 19 位"),
        (Class::FullWidth, "９１３５０１００Ｍ０００１００Ｙ４４", "校验位应为“3”"),
    ] {
        add(class, new("--credit-code", value), 1, &[says]);
        add(class, ["review", "edit", "1", "credit-code", value].map(String::from).to_vec(), 1, &[says]);
    }
    // --date
    for (class, value, says) in [
        (Class::Empty, "", "date is empty; give a date of the form 2026-11-28"),
        (Class::Blank, "  ", "date is empty"),
        (Class::WrongType, "tomorrow", "date “tomorrow” is not a date of the form 2026-11-28"),
        (Class::WrongType, "2026/11/28", "is not a date of the form"),
        (Class::WrongType, "20261128", "is not a date of the form"),
        (Class::OutOfRange, "2026-02-30", "date “2026-02-30” is not a date in the calendar"),
        (Class::OutOfRange, "2026-13-01", "is not a date in the calendar"),
        (Class::OutOfRange, "1899-01-01", "date 1899-01-01 is outside 2000-01-01 to 2099-12-31"),
        (Class::OutOfRange, "2999-01-01", "outside 2000-01-01 to 2099-12-31"),
        (Class::FullWidth, "２０２６－１１－２８", "type half-width digits: 2026-11-28"),
        (Class::Control, "2026-11-28\x1b[31m", "<U+001B>"),
        (Class::TooLong, l10k.as_str(), "is not a date of the form"),
    ] {
        add(class, new("--date", value), 1, &[says]);
        add(class, ["review", "edit", "1", "date", value].map(String::from).to_vec(), 1, &[says]);
    }
    // --track
    add(Class::Empty, new("--track", ""), 1, &["track “” is unknown; use voluntary (自愿) or mandatory (强制)"]);
    add(Class::WrongType, new("--track", "1"), 1, &["track “1” is unknown"]);
    let mut wrong_track = new("--track", "voluntary");
    wrong_track[3] = "guangdong-2009-mandatory".into();
    add(Class::OutOfRange, wrong_track, 1, &["is for 强制 audits"]);
    // The field name of `review edit`.
    for (class, field) in [(Class::Empty, ""), (Class::WrongType, "name"), (Class::TooLong, l10k.as_str())] {
        add(class, ["review", "edit", "1", field, "x"].map(String::from).to_vec(), 1, &["is not a field of a review"]);
    }
    // A finalized review is not edited.
    add(
        Class::OutOfRange,
        ["review", "edit", "4", "place", "厦门"].map(String::from).to_vec(),
        1,
        &["finalized and locked"],
    );
    run(cases);
}

/// The panel, recusals and the sign-in list.
#[test]
fn panel_recusal_signin() {
    let name201 = "名".repeat(201);
    let text20001 = "x".repeat(20_001);
    let reason1001 = "因".repeat(1001);
    let add = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["review", "panel", "1", "add"].map(String::from).to_vec();
        let mut has_field = false;
        for x in extra {
            has_field |= *x == "--field";
            a.push(x.to_string());
        }
        if !has_field {
            a.extend(["--field", "环保"].map(String::from));
        }
        a
    };
    let mut cases: Vec<Case> = Vec::new();
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    for (class, value, says) in [
        (Class::Empty, "", "expert name is empty"),
        (Class::Blank, "   ", "expert name is empty"),
        (Class::TooLong, name201.as_str(), "expert name is longer than 200 characters"),
        (Class::Control, "钱\x1b[31m七", "expert name contains a control character (U+001B"),
        (Class::Control, "钱\n七", "expert name must be one line"),
        (Class::MixedScripts, "王建国\u{200B}", "invisible formatting character (U+200B"),
        (Class::MixedScripts, "\u{202E}国建王", "invisible formatting character (U+202E"),
        (Class::OutOfRange, "王建国", "expert 王建国 is already on the panel"),
    ] {
        push(class, add(&["--name", value]), 1, &[says]);
        push(
            class,
            ["review", "panel", "1", "edit", "李秀英", "--name", value].map(String::from).to_vec(),
            1,
            &[if value == "王建国" { "already on the panel" } else { says }],
        );
        let signin_says = says.replace("expert name", "name");
        if value != "王建国" {
            push(
                class,
                ["review", "signin", "1", "add", "--name", value].map(String::from).to_vec(),
                1,
                &[&signin_says],
            );
        }
    }
    for (flag, label) in [("--unit", "unit"), ("--title", "title (职称)")] {
        push(Class::TooLong, add(&["--name", "钱七", flag, &name201]), 1, &[&format!("{label} is longer than 200")]);
        push(Class::Control, add(&["--name", "钱七", flag, "a\x07"]), 1, &[&format!("{label} contains a control")]);
    }
    for (flag, label) in [("--unit", "unit"), ("--position", "position"), ("--capacity", "capacity")] {
        let base = ["review", "signin", "1", "add", "--name", "李四", flag];
        let with = |v: &str| base.iter().map(|s| s.to_string()).chain([v.to_string()]).collect::<Vec<_>>();
        push(Class::TooLong, with(&name201), 1, &[&format!("{label} is longer than 200")]);
        push(Class::Control, with("a\x1b[0m"), 1, &[&format!("{label} contains a control")]);
        push(Class::MixedScripts, with("a\u{2066}b"), 1, &[&format!("{label} contains an invisible")]);
    }
    for (class, value) in
        [(Class::Empty, ""), (Class::OutOfRange, "化学"), (Class::WrongType, "1"), (Class::FullWidth, "环保　")]
    {
        if value == "环保　" {
            continue; // a trailing ideographic space is trimmed: 环保 is a field
        }
        push(class, add(&["--name", "钱七", "--field", value]), 1, &["不在可选范围内"]);
        push(
            class,
            ["review", "panel", "1", "edit", "李秀英", "--field", value].map(String::from).to_vec(),
            1,
            &["不在可选范围内"],
        );
    }
    // Which expert: empty, unknown, the id of another review's expert, full-width.
    for verb in [&["edit", "EXPERT", "--name", "新名"][..], &["remove", "EXPERT"], &["lead", "EXPERT"]] {
        for (class, who) in [
            (Class::Empty, ""),
            (Class::OutOfRange, "99"),
            (Class::OutOfRange, "5"),
            (Class::OutOfRange, "王建"),
            (Class::FullWidth, "２"),
            (Class::Control, "王建国\x1b"),
        ] {
            let mut a: Vec<String> = ["review", "panel", "1"].map(String::from).to_vec();
            a.extend(verb.iter().map(|x| if *x == "EXPERT" { who.to_string() } else { x.to_string() }));
            push(class, a, 1, &["review 1 has no expert", "give the expert's id or name"]);
        }
    }
    push(
        Class::Empty,
        ["review", "panel", "1", "edit", "李秀英"].map(String::from).to_vec(),
        1,
        &["give --name, --unit, --title and/or --field"],
    );
    push(
        Class::OutOfRange,
        ["review", "panel", "1", "remove", "王建国"].map(String::from).to_vec(),
        1,
        &["has scores or a recusal on record"],
    );
    push(Class::OutOfRange, add(&["--name", "钱七", "--lead"]), 1, &["already the lead"]);
    // Recusals.
    let recuse = |who: &str, reason: &str, statement: &str| {
        ["review", "recuse", "1", who, "--reason", reason, "--statement", statement].map(String::from).to_vec()
    };
    push(Class::Empty, recuse("李秀英", "", "曾参与"), 1, &["recusal reason is empty"]);
    push(Class::Blank, recuse("李秀英", "  ", "曾参与"), 1, &["recusal reason is empty"]);
    push(
        Class::TooLong,
        recuse("李秀英", &reason1001, "曾参与"),
        1,
        &["recusal reason is longer than 1000 characters"],
    );
    push(Class::Control, recuse("李秀英", "参与\n咨询", "曾参与"), 1, &["recusal reason must be one line"]);
    push(Class::Empty, recuse("李秀英", "participated", ""), 1, &["recusal statement is empty"]);
    push(Class::Blank, recuse("李秀英", "participated", " \n "), 1, &["recusal statement is empty"]);
    push(Class::TooLong, recuse("李秀英", "participated", &text20001), 1, &["recusal statement is longer than 20000"]);
    push(
        Class::Control,
        recuse("李秀英", "participated", "曾\x1b[2J参与"),
        1,
        &["recusal statement contains a control character"],
    );
    push(
        Class::MixedScripts,
        recuse("李秀英", "participated", "曾\u{202E}参与"),
        1,
        &["recusal statement contains an invisible"],
    );
    push(Class::OutOfRange, recuse("钱七", "participated", "曾参与"), 1, &["review 1 has no expert “钱七”"]);
    push(Class::OutOfRange, recuse("5", "participated", "曾参与"), 1, &["review 1 has no expert “5”"]);
    push(Class::Empty, recuse("", "participated", "曾参与"), 1, &["review 1 has no expert “”"]);
    run(cases);
}

/// Scores, vetoes, facts, bonuses and weights.
#[test]
fn scores_and_values() {
    let text20001 = "x".repeat(20_001);
    let l10k = long(10_000);
    let mut cases = Vec::new();
    let score = |item: &str, value: &str, extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["review", "score", "1", "李秀英", item, value].map(String::from).to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    for (class, value, says) in [
        (Class::Empty, "", "item 1.1: “” is not a number"),
        (Class::Blank, " ", "is not a number"),
        (Class::WrongType, "abc", "item 1.1: “abc” is not a number"),
        (Class::WrongType, "NaN", "is not a number"),
        (Class::WrongType, "1,5", "is not a number"),
        (Class::WrongType, "二", "is not a number"),
        (Class::WrongType, "1e1", "item 1.1: “1e1” is not a number"),
        (Class::OutOfRange, "-1", "item 1.1: -1 is negative"),
        (Class::OutOfRange, "3.25", "3.25 has more than one decimal place"),
        (Class::OutOfRange, "99", "score 99 is above the item's maximum"),
        (Class::OutOfRange, "99999999999999999999", "99999999999999999999 is too large"),
        (Class::FullWidth, "３.５", "type half-width digits: 3.5"),
        (Class::FullWidth, "２．５", "type half-width digits: 2.5"),
        (Class::Control, "1\x1b[31m", "<U+001B>"),
        (Class::TooLong, l10k.as_str(), "is not a number"),
    ] {
        push(class, score("1.1", value, &["--reason", "扣分"]), 1, &[says]);
    }
    for (class, item, says) in [
        (Class::Empty, "", "“” is not an item of sheet fujian-2008-acceptance"),
        (Class::OutOfRange, "9.9", "“9.9” is not an item of sheet"),
        (Class::OutOfRange, "1", "“1” is not an item of sheet"),
        (Class::FullWidth, "１.１", "“１.１” is not an item"),
        (Class::TooLong, l10k.as_str(), "is not an item of sheet"),
        (Class::Control, "1.1\x07", "<U+0007>"),
    ] {
        push(class, score(item, "2", &[]), 1, &[says]);
    }
    push(Class::Empty, score("1.1", "1", &[]), 1, &["give the reason for the deduction (扣分原因)"]);
    push(Class::Blank, score("1.1", "1", &["--reason", " \n "]), 1, &["give the reason for the deduction"]);
    push(
        Class::TooLong,
        score("1.1", "1", &["--reason", &text20001]),
        1,
        &["扣分原因 is longer than 20000 characters"],
    );
    push(
        Class::Control,
        score("1.1", "1", &["--reason", "台账\x1b[8m缺失"]),
        1,
        &["扣分原因 contains a control character"],
    );
    push(
        Class::Control,
        score("1.1", "1", &["--reason", "台账\r缺失"]),
        1,
        &["扣分原因 contains a control character (U+000D"],
    );
    push(
        Class::MixedScripts,
        score("1.1", "1", &["--reason", "台账\u{202E}缺失"]),
        1,
        &["扣分原因 contains an invisible"],
    );
    push(Class::TooLong, score("1.1", "2", &["--evidence", &text20001]), 1, &["evidence is longer than 20000"]);
    push(
        Class::Control,
        score("1.1", "2", &["--evidence", "a\x00b".replace('\0', "\x1b").as_str()]),
        1,
        &["evidence contains a control"],
    );
    for (class, who) in
        [(Class::Empty, ""), (Class::OutOfRange, "5"), (Class::OutOfRange, "99"), (Class::FullWidth, "２")]
    {
        push(
            class,
            ["review", "score", "1", who, "1.1", "2"].map(String::from).to_vec(),
            1,
            &["review 1 has no expert"],
        );
    }
    push(
        Class::Empty,
        ["review", "score", "1", "李秀英", "1.1"].map(String::from).to_vec(),
        1,
        &["give the score (or --clear)"],
    );
    push(
        Class::WrongType,
        ["review", "score", "1", "李秀英", "1.1", "2", "--clear"].map(String::from).to_vec(),
        2,
        &["cannot be used with"],
    );
    push(
        Class::OutOfRange,
        ["review", "score", "1", "李秀英", "1.1", "--clear"].map(String::from).to_vec(),
        1,
        &["李秀英 has no score for item 1.1"],
    );
    push(
        Class::OutOfRange,
        ["review", "score", "4", "王建国", "1.1", "2", "--reason", "x"].map(String::from).to_vec(),
        1,
        &["finalized and locked"],
    );
    // Vetoes.
    let veto = |v: &str, a: &str, e: &str| ["review", "veto", "1", v, a, "--evidence", e].map(String::from).to_vec();
    push(Class::Empty, veto("", "no", ""), 1, &["“” is not a veto of sheet fujian-2008-acceptance"]);
    push(Class::OutOfRange, veto("v99", "no", ""), 1, &["“v99” is not a veto of sheet"]);
    push(Class::TooLong, veto(&l10k, "no", ""), 1, &["is not a veto of sheet"]);
    push(Class::Empty, veto("v1", "", ""), 1, &["answer “” is neither yes (是) nor no (否)"]);
    push(Class::WrongType, veto("v1", "maybe", ""), 1, &["answer “maybe” is neither yes"]);
    push(Class::WrongType, veto("v1", "1", ""), 1, &["is neither yes"]);
    push(Class::FullWidth, veto("v1", "ｙｅｓ", "x"), 1, &["is neither yes"]);
    push(Class::Empty, veto("v1", "yes", ""), 1, &["veto v1: answering yes needs the evidence"]);
    push(Class::Blank, veto("v1", "是", "  "), 1, &["needs the evidence"]);
    push(Class::TooLong, veto("v1", "yes", &text20001), 1, &["evidence is longer than 20000"]);
    push(Class::Control, veto("v1", "yes", "\x1b]0;title\x07"), 1, &["evidence contains a control character"]);
    // Facts (review 3 has them; review 1's sheet has none).
    let fact = |id: &str, f: &str, v: &str| ["review", "fact", id, f, v].map(String::from).to_vec();
    push(
        Class::Empty,
        fact("3", "", "1"),
        1,
        &["“” is not a fact of sheet guangdong-2003-acceptance", "rd_expense_ratio"],
    );
    push(Class::OutOfRange, fact("3", "nofact", "1"), 1, &["“nofact” is not a fact"]);
    push(Class::OutOfRange, fact("1", "rd_expense_ratio", "1"), 1, &["(its facts: none)"]);
    push(Class::Empty, fact("3", "rd_expense_ratio", ""), 1, &["fact rd_expense_ratio", "“” is not a number"]);
    push(Class::WrongType, fact("3", "rd_expense_ratio", "abc"), 1, &["“abc” is not a number"]);
    push(Class::WrongType, fact("3", "rd_expense_ratio", "1e999"), 1, &["is not a number"]);
    push(Class::FullWidth, fact("3", "rd_expense_ratio", "５．５"), 1, &["type half-width digits: 5.5"]);
    push(Class::Empty, fact("3", "three_wastes_zero_discharge", ""), 1, &["is yes/no: give true or false"]);
    push(Class::WrongType, fact("3", "three_wastes_zero_discharge", "1"), 1, &["is yes/no: give true or false"]);
    push(Class::Control, fact("3", "three_wastes_zero_discharge", "true\x1b"), 1, &["is yes/no"]);
    push(
        Class::Empty,
        ["review", "fact", "3", "rd_expense_ratio"].map(String::from).to_vec(),
        1,
        &["give the fact's value (or --clear)"],
    );
    // Bonuses (review 2: iso14001 from 2 to 3).
    let bonus = |b: &str, v: &str| ["review", "bonus", "2", b, v].map(String::from).to_vec();
    push(Class::OutOfRange, bonus("nob", "2"), 1, &["“nob” is not a bonus of sheet zhejiang-2003-acceptance"]);
    push(Class::Empty, bonus("", "2"), 1, &["is not a bonus of sheet"]);
    push(Class::OutOfRange, bonus("iso14001", "5"), 1, &["bonus iso14001", "5 is outside 2 to 3"]);
    push(Class::OutOfRange, bonus("iso14001", "1"), 1, &["1 is outside 2 to 3"]);
    push(Class::OutOfRange, bonus("iso14001", "-2"), 1, &["bonus iso14001: -2 is negative"]);
    push(Class::OutOfRange, bonus("iso14001", "2.25"), 1, &["more than one decimal place"]);
    push(Class::FullWidth, bonus("iso14001", "２"), 1, &["type half-width digits: 2"]);
    push(Class::WrongType, bonus("iso14001", "abc"), 1, &["bonus iso14001: “abc” is not a number"]);
    push(Class::Empty, bonus("iso14001", ""), 1, &["is not a number"]);
    push(
        Class::Empty,
        ["review", "bonus", "2", "iso14001"].map(String::from).to_vec(),
        1,
        &["give the bonus points (or --clear)"],
    );
    // Weights (review 2's sheet allows them; review 1's does not).
    let weight = |id: &str, i: &str, v: &str| ["review", "weight", id, i, v].map(String::from).to_vec();
    push(Class::OutOfRange, weight("2", "99", "3"), 1, &["“99” is not a directly scored item"]);
    push(Class::OutOfRange, weight("2", "1", "3"), 1, &["is not a directly scored item"]);
    push(Class::OutOfRange, weight("2", "1.1", "0"), 1, &["item 1.1: points must be more than 0"]);
    push(Class::OutOfRange, weight("2", "1.1", "-1"), 1, &["item 1.1: -1 is negative"]);
    push(Class::OutOfRange, weight("2", "1.1", "2.55"), 1, &["more than one decimal place"]);
    push(Class::WrongType, weight("2", "1.1", "abc"), 1, &["“abc” is not a number"]);
    push(Class::FullWidth, weight("2", "1.1", "３"), 1, &["type half-width digits: 3"]);
    push(Class::OutOfRange, weight("1", "1.1", "3"), 1, &["does not allow the panel to adjust item points"]);
    push(
        Class::Empty,
        ["review", "weight", "2", "1.1"].map(String::from).to_vec(),
        1,
        &["give the item's points (or --clear)"],
    );
    run(cases);
}

/// The opinion, finalizing, reopening, signing and dissenting.
#[test]
fn opinion_finalize_sign() {
    let text20001 = "x".repeat(20_001);
    let mut cases = Vec::new();
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    let op = |flag: &str, v: &str| ["review", "opinion", "1", flag, v].map(String::from).to_vec();
    push(
        Class::Empty,
        ["review", "opinion", "1"].map(String::from).to_vec(),
        1,
        &["give --summary, --problems, --suggestions and/or --conclusion"],
    );
    for (flag, label) in
        [("--summary", "综合评定意见"), ("--problems", "存在问题"), ("--suggestions", "建议"), ("--conclusion", "结论")]
    {
        push(Class::TooLong, op(flag, &text20001), 1, &[&format!("{label} is longer than 20000 characters")]);
        push(
            Class::Control,
            op(flag, "通过\x1b[31m验收"),
            1,
            &[&format!("{label} contains a control character (U+001B")],
        );
        push(Class::MixedScripts, op(flag, "通过\u{202E}收验"), 1, &[&format!("{label} contains an invisible")]);
        push(Class::Path, op(flag, "@"), 1, &[&format!("{flag}: @ must be followed by a file name")]);
        push(Class::Path, op(flag, "@{root}/nope.txt"), 1, &[flag, "nope.txt", "there is no such file or folder"]);
        push(Class::Path, op(flag, "@{root}/adir"), 1, &[flag, "is a folder, not a file"]);
        push(
            Class::Control,
            op(flag, "@{root}/nul.txt"),
            1,
            &[&format!("{label} contains a control character (U+0000 NUL)")],
        );
        push(
            Class::Control,
            op(flag, "@{root}/ansi.txt"),
            1,
            &[&format!("{label} contains a control character (U+001B")],
        );
        push(Class::WrongType, op(flag, "@{root}/latin1.txt"), 1, &[flag, "it is not UTF-8 text"]);
    }
    // Finalize and reopen.
    push(Class::OutOfRange, ["review", "finalize", "1"].map(String::from).to_vec(), 1, &["finalization refused"]);
    push(
        Class::OutOfRange,
        ["review", "finalize", "4"].map(String::from).to_vec(),
        1,
        &["review 4 is already finalized"],
    );
    let reopen = |id: &str, r: &str| ["review", "reopen", id, "--reason", r].map(String::from).to_vec();
    push(Class::Empty, reopen("4", ""), 1, &["reason for reopening is empty"]);
    push(Class::Blank, reopen("4", "\n\t "), 1, &["reason for reopening is empty"]);
    push(Class::TooLong, reopen("4", &text20001), 1, &["reason for reopening is longer than 20000"]);
    push(Class::Control, reopen("4", "补\x1b[31m录"), 1, &["reason for reopening contains a control"]);
    push(Class::MixedScripts, reopen("4", "补\u{200F}录"), 1, &["reason for reopening contains an invisible"]);
    push(Class::OutOfRange, reopen("1", "补录"), 1, &["review 1 is not finalized"]);
    // Sign and dissent (review 4 is finalized; 赵敏 recused; 钱七 is review 2's).
    let key = "{root}/keys/王建国.key";
    let sign = |who: &str, k: &str, extra: &[&str]| {
        let mut a: Vec<String> = ["review", "sign", "4", who, "--key", k].map(String::from).to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    push(Class::Empty, sign("", key, &[]), 1, &["review 4 has no expert “”"]);
    push(Class::OutOfRange, sign("99", key, &[]), 1, &["review 4 has no expert “99”"]);
    push(Class::OutOfRange, sign("5", key, &[]), 1, &["review 4 has no expert “5”"]);
    push(Class::OutOfRange, sign("钱七", key, &[]), 1, &["has no expert “钱七”"]);
    push(Class::OutOfRange, sign("赵敏", key, &[]), 1, &["赵敏 has recused"]);
    push(Class::Empty, sign("王建国", "", &[]), 2, &["a value is required for '--key <KEY>'"]);
    push(Class::Path, sign("王建国", "{root}/nope.key", &[]), 1, &["--key", "nope.key", "there is no such file"]);
    push(Class::Path, sign("王建国", "{root}/adir", &[]), 1, &["--key", "is a folder, not a file"]);
    push(Class::WrongType, sign("王建国", "{root}/keys/王建国.pub", &[]), 1, &["is not a yanshou/minisign secret key"]);
    push(
        Class::WrongType,
        sign("王建国", key, &["--passphrase-file", "{root}/wrong-pass.txt"]),
        1,
        &["the passphrase is wrong"],
    );
    push(
        Class::Path,
        sign("王建国", key, &["--passphrase-file", "{root}/nope.txt"]),
        1,
        &["--passphrase-file", "there is no such file"],
    );
    push(
        Class::Path,
        sign("王建国", key, &["--passphrase-file", "{root}/adir"]),
        1,
        &["--passphrase-file", "is a folder, not a file"],
    );
    push(
        Class::OutOfRange,
        ["review", "sign", "1", "王建国", "--key", key].map(String::from).to_vec(),
        1,
        &["review 1 is not finalized"],
    );
    let dissent = |t: &str| ["review", "dissent", "4", "李秀英", "--key", key, "--text", t].map(String::from).to_vec();
    push(Class::Empty, dissent(""), 1, &["--text (个人书面意见) is empty"]);
    push(Class::Blank, dissent(" \n "), 1, &["--text (个人书面意见) is empty"]);
    push(Class::TooLong, dissent(&text20001), 1, &["--text (个人书面意见) is longer than 20000"]);
    push(Class::Control, dissent("不同意\x1b[31m"), 1, &["--text (个人书面意见) contains a control character"]);
    push(Class::MixedScripts, dissent("不同意\u{202E}"), 1, &["--text (个人书面意见) contains an invisible"]);
    push(Class::Control, dissent("@{root}/nul.txt"), 1, &["contains a control character (U+0000 NUL)"]);
    push(Class::Path, dissent("@{root}/nope.txt"), 1, &["--text", "there is no such file"]);
    run(cases);
}

/// Keys and the roster.
#[test]
fn keys_and_roster() {
    let mut cases = Vec::new();
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    let new = |name: &str, extra: &[&str]| {
        let mut a: Vec<String> = ["key", "new", "--name", name, "--dir", "{root}/keys"].map(String::from).to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let name61 = "名".repeat(61);
    for (class, name, says) in [
        (Class::Empty, "", "--name is empty"),
        (Class::Blank, "  ", "--name is empty"),
        (Class::TooLong, name61.as_str(), "--name is longer than 60 characters (61)"),
        (Class::Control, "王\x1b[31m", "--name contains a control character (U+001B"),
        (Class::Control, "\n", "--name is empty"),
        (Class::Control, "王\n国", "--name must be one line"),
        (Class::MixedScripts, "王\u{202E}", "--name contains an invisible formatting character"),
        (Class::MixedScripts, "王\u{200B}建国", "invisible formatting character (U+200B"),
        (Class::WrongType, "a/b", "cannot name a key file"),
        (Class::WrongType, "..", "cannot name a key file"),
        (Class::WrongType, ".hidden", "cannot name a key file"),
        (Class::WrongType, "a:b", "cannot name a key file"),
        (Class::OutOfRange, "王建国", "already exists; keys are never overwritten"),
    ] {
        push(class, new(name, &[]), 1, &[says]);
    }
    push(
        Class::Path,
        new("新专家", &["--passphrase-file", "{root}/nope.txt"]),
        1,
        &["--passphrase-file", "no such file"],
    );
    push(Class::Path, new("新专家", &["--passphrase-file", "{root}/adir"]), 1, &["--passphrase-file", "is a folder"]);
    push(
        Class::OutOfRange,
        new("新专家", &["--passphrase-file", "{root}/short-pass.txt"]),
        1,
        &["at least 8 characters"],
    );
    push(
        Class::Path,
        ["key", "new", "--name", "新专家", "--dir", "{root}/pass.txt"].map(String::from).to_vec(),
        1,
        &["--dir", "is a file, not a folder"],
    );
    push(
        Class::Empty,
        ["key", "new", "--name", "新专家", "--dir", ""].map(String::from).to_vec(),
        2,
        &["'--dir <DIR>'"],
    );
    for (class, path, says) in [
        (Class::Empty, "", "a value is required for '<PUBLIC_KEY>'"),
        (Class::Path, "{root}/nope.pub", "there is no such file"),
        (Class::Path, "{root}/adir", "is a folder, not a file"),
        (Class::WrongType, "{root}/pass.txt", "is not a public key file"),
        (Class::WrongType, "{root}/keys/王建国.key", "is not a public key file"),
    ] {
        let code = if path.is_empty() { 2 } else { 1 };
        push(class, ["key", "show", path].map(String::from).to_vec(), code, &[says]);
    }
    // roster new
    let rnew = |out: &str, k: &str| ["roster", "new", "--out", out, "--issuer-key", k].map(String::from).to_vec();
    let unit = "{root}/keys/unit.key";
    push(Class::Path, rnew("{root}/roster.json", unit), 1, &["--out", "already exists; nothing was overwritten"]);
    push(Class::Path, rnew("{root}/nodir/roster.json", unit), 1, &["--out: the folder", "does not exist"]);
    push(Class::Path, rnew("{root}/adir", unit), 1, &["--out", "is an existing folder"]);
    push(Class::Empty, rnew("", unit), 2, &["a value is required for '--out <OUT>'"]);
    push(Class::Path, rnew("{root}/new.json", "{root}/nope.key"), 1, &["--issuer-key", "no such file"]);
    push(
        Class::WrongType,
        rnew("{root}/new.json", "{root}/keys/unit.pub"),
        1,
        &["is not a yanshou/minisign secret key"],
    );
    // roster add
    let radd = |name: &str, from: &str, until: &str, pk: &str| {
        ["roster", "add", "{root}/roster.json", "--issuer-key", unit, "--name", name]
            .into_iter()
            .chain(["--public-key", pk, "--valid-from", from, "--valid-until", until])
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let pk = "{root}/keys/unit.pub";
    let name201 = "名".repeat(201);
    for (class, name, says) in [
        (Class::Empty, "", "--name is empty"),
        (Class::Blank, " ", "--name is empty"),
        (Class::TooLong, name201.as_str(), "--name is longer than 200 characters"),
        (Class::Control, "李\x1b[31m", "--name contains a control character"),
        (Class::MixedScripts, "李\u{202E}", "--name contains an invisible"),
    ] {
        push(class, radd(name, "2026-01-01", "2027-12-31", pk), 1, &[says]);
    }
    for (class, from, until, says) in [
        (Class::Empty, "", "2027-12-31", "--valid-from is empty"),
        (Class::WrongType, "soon", "2027-12-31", "--valid-from “soon” is not a date"),
        (Class::OutOfRange, "2026-02-30", "2027-12-31", "--valid-from “2026-02-30” is not a date in the calendar"),
        (Class::OutOfRange, "1899-01-01", "2027-12-31", "--valid-from 1899-01-01 is outside"),
        (Class::OutOfRange, "2026-01-01", "2999-12-31", "--valid-until 2999-12-31 is outside"),
        (Class::FullWidth, "２０２６－０１－０１", "2027-12-31", "type half-width digits: 2026-01-01"),
        (Class::OutOfRange, "2027-12-31", "2026-01-01", "--valid-from 2027-12-31 is after --valid-until 2026-01-01"),
        // Unpadded dates are compared as dates: October is after September.
        (Class::OutOfRange, "2026-10-01", "2026-9-01", "--valid-from 2026-10-01 is after --valid-until 2026-09-01"),
    ] {
        push(class, radd("李秀英", from, until, pk), 1, &[says]);
    }
    push(
        Class::Path,
        radd("李秀英", "2026-01-01", "2027-12-31", "{root}/nope.pub"),
        1,
        &["--public-key", "no such file"],
    );
    push(Class::Path, radd("李秀英", "2026-01-01", "2027-12-31", "{root}/adir"), 1, &["--public-key", "is a folder"]);
    push(
        Class::WrongType,
        radd("李秀英", "2026-01-01", "2027-12-31", "{root}/pass.txt"),
        1,
        &["is not a public key file"],
    );
    push(
        Class::OutOfRange,
        radd("李秀英", "2026-01-01", "2027-12-31", "{root}/keys/王建国.pub"),
        1,
        &["is already on the roster"],
    );
    let mut other = radd("李秀英", "2026-01-01", "2027-12-31", pk);
    other[2] = "{root}/nope.json".into();
    push(Class::Path, other, 1, &["ROSTER", "no such file"]);
    // roster revoke and show
    let revoke = |k: &str| {
        ["roster", "revoke", "{root}/roster.json", "--issuer-key", unit, "--key-id", k].map(String::from).to_vec()
    };
    push(Class::Empty, revoke(""), 1, &["--key-id is empty"]);
    push(Class::WrongType, revoke("王建国"), 1, &["--key-id “王建国” is not a key id (16 hexadecimal digits"]);
    push(
        Class::FullWidth,
        revoke("ＡＢＣＤ０１２３４５６７８９ＡＢ"),
        1,
        &["type half-width digits: ABCD0123456789AB"],
    );
    push(Class::OutOfRange, revoke("0000000000000000"), 1, &["key 0000000000000000 is not on the roster"]);
    push(Class::Control, revoke("00000000000000\x1b0"), 1, &["is not a key id", "<U+001B>"]);
    let show = |r: &str, i: &str| ["roster", "show", r, "--issuer", i].map(String::from).to_vec();
    push(Class::Path, show("{root}/nope.json", pk), 1, &["ROSTER", "no such file"]);
    push(Class::Path, show("{root}/adir", pk), 1, &["ROSTER", "is a folder"]);
    push(Class::WrongType, show("{root}/pass.txt", pk), 1, &["pass.txt.minisig", "No such file or directory"]);
    push(
        Class::OutOfRange,
        show("{root}/roster.json", "{root}/keys/王建国.pub"),
        1,
        &["is not signed by the trusted support-unit key"],
    );
    push(Class::Path, show("{root}/roster.json", "{root}/adir"), 1, &["--issuer", "is a folder"]);
    run(cases);
}

/// Export, verify, import, imports, quarantine and compile.
#[test]
fn bundles_and_compile() {
    let mut cases = Vec::new();
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    let exp = |id: &str, out: &str| ["export", id, "--out", out].map(String::from).to_vec();
    push(Class::OutOfRange, exp("1", "{root}/out"), 1, &["review 1 is not finalized"]);
    push(Class::Path, exp("4", "{root}/bundle"), 1, &["--out", "is an existing folder"]);
    push(Class::Path, exp("4", "{root}/pass.txt"), 1, &["--out", "already exists; nothing was overwritten"]);
    push(Class::Path, exp("4", "{root}/nodir/out"), 1, &["--out: the folder", "does not exist"]);
    push(Class::Path, exp("4", "{root}/pass.txt/out"), 1, &["--out", "is a file, not a folder"]);
    push(Class::Empty, exp("4", ""), 2, &["a value is required for '--out <OUT>'"]);
    let verify = |b: &str, extra: &[&str]| {
        let mut a: Vec<String> = ["verify", b].map(String::from).to_vec();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    for cmd in ["verify", "import"] {
        let v = |b: &str, extra: &[&str]| {
            let mut a = verify(b, extra);
            a[0] = cmd.into();
            a
        };
        push(Class::Empty, v("", &[]), 2, &["a value is required for '<BUNDLE"]);
        push(Class::Path, v("{root}/nope", &[]), 1, &["no bundle at", "there is no such file or folder"]);
        push(Class::Path, v("{root}/pass.txt", &[]), 1, &["is a file; a bundle is a folder"]);
        push(Class::Path, v("{root}/bundle", &["--roster", "{root}/nope.json"]), 1, &["--roster", "no such file"]);
        push(Class::Path, v("{root}/bundle", &["--issuer", "{root}/adir"]), 1, &["--issuer", "is a folder"]);
        push(
            Class::WrongType,
            v("{root}/bundle", &["--issuer", "{root}/pass.txt"]),
            1,
            &["--issuer", "is not a public key file"],
        );
        push(
            Class::OutOfRange,
            v("{root}/bundle", &["--issuer", "{root}/keys/王建国.pub"]),
            1,
            &["is not signed by the trusted support-unit key"],
        );
    }
    // An empty folder is read as a bundle and refused by `verify` (import would quarantine it, which is its job).
    push(Class::WrongType, verify("{root}/adir", &[]), 1, &["cannot read bundle.json: No such file or directory"]);
    // One path wrong among several: nothing is imported.
    push(Class::Path, ["import", "{root}/bundle", "{root}/nope"].map(String::from).to_vec(), 1, &["no bundle at"]);
    push(Class::Empty, ["import"].map(String::from).to_vec(), 2, &["<BUNDLES>"]);
    push(Class::WrongType, ["imports", "x"].map(String::from).to_vec(), 2, &["unexpected argument 'x'"]);
    push(Class::WrongType, ["quarantine", "--json=x"].map(String::from).to_vec(), 2, &["--json"]);
    // compile
    let compile = |extra: &[&str]| {
        let mut a = vec!["compile".to_string()];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    push(Class::Empty, compile(&[]), 1, &["give --out results.xlsx and/or --csv results.csv"]);
    push(Class::Empty, compile(&["--out", ""]), 2, &["a value is required for '--out <OUT>'"]);
    push(
        Class::Path,
        compile(&["--out", "{root}/existing.xlsx"]),
        1,
        &["--out", "already exists; nothing was overwritten", "--force"],
    );
    push(
        Class::Path,
        compile(&["--out", "{root}/new.xlsx", "--csv", "{root}/pass.txt"]),
        1,
        &["--csv", "already exists"],
    );
    push(Class::Path, compile(&["--out", "{root}/nodir/r.xlsx"]), 1, &["--out: the folder", "does not exist"]);
    push(Class::Path, compile(&["--out", "{root}/adir"]), 1, &["--out", "is an existing folder"]);
    push(Class::Path, compile(&["--csv", "{root}/adir", "--force"]), 1, &["--csv", "is an existing folder"]);
    push(Class::Path, compile(&["--out", "{root}/r.xlsx", "--csv", "{root}/r.xlsx"]), 1, &["name the same file"]);
    run(cases);
}

/// `evaluate` and `scorecards`.
#[test]
fn evaluate_and_scorecards() {
    let l10k = long(10_000);
    let mut cases = Vec::new();
    let mut push = |class: Class, args: Vec<String>, code: i32, says: &[&str]| {
        cases.push(Case { class, args, code, says: says.iter().map(|s| s.to_string()).collect(), then: None })
    };
    let eval =
        |sheet: &str, input: &str| ["evaluate", "--scorecard", sheet, "--input", input].map(String::from).to_vec();
    let f = "fujian-2008-acceptance";
    push(Class::Empty, eval("", "{root}/中文 目录/评分 输入.json"), 1, &["no scorecard “”"]);
    push(Class::TooLong, eval(&l10k, "-"), 1, &["no scorecard"]);
    push(Class::Control, eval("fujian\x1b[31m", "-"), 1, &["no scorecard", "<U+001B>"]);
    push(Class::Empty, eval(f, ""), 1, &["--input is empty; give a JSON file, or - for standard input"]);
    push(Class::Path, eval(f, "{root}/nope.json"), 1, &["--input", "there is no such file"]);
    push(Class::Path, eval(f, "{root}/adir"), 1, &["--input", "is a folder, not a file"]);
    push(Class::WrongType, eval(f, "{root}/latin1.txt"), 1, &["--input", "it is not UTF-8 text"]);
    push(Class::Control, eval(f, "{root}/nul.txt"), 1, &["nul.txt:1:1"]);
    push(Class::WrongType, eval(f, "{root}/not.json"), 1, &["not.json:1:1"]);
    push(Class::Empty, eval(f, "-"), 1, &["--input -: the input is empty"]);
    push(
        Class::FullWidth,
        eval(f, "{root}/fullwidth.json"),
        1,
        &["expert 王建国: item 1.1", "type half-width digits: 3.5"],
    );
    push(Class::OutOfRange, eval(f, "{root}/negative.json"), 1, &["item 1.1", "-1 is negative"]);
    push(Class::OutOfRange, eval(f, "{root}/precise.json"), 1, &["2.25 has more than one decimal place"]);
    push(Class::OutOfRange, eval(f, "{root}/over.json"), 1, &["item 1.1"]);
    push(Class::WrongType, eval(f, "{root}/text.json"), 1, &["“abc” is not a number"]);
    push(Class::OutOfRange, eval(f, "{root}/unknown-item.json"), 1, &["9.9"]);
    push(Class::OutOfRange, eval(f, "{root}/unknown-veto.json"), 1, &["v99"]);
    let show = |id: &str| ["scorecards", "show", id].map(String::from).to_vec();
    push(Class::Empty, show(""), 1, &["no scorecard “”"]);
    push(Class::OutOfRange, show("hebei-2030"), 1, &["no scorecard “hebei-2030”"]);
    push(Class::TooLong, show(&l10k), 1, &["no scorecard"]);
    push(Class::Control, show("\x1b[2J"), 1, &["no scorecard “<U+001B>[2J”"]);
    push(Class::FullWidth, show("ｆｕｊｉａｎ-2008-acceptance"), 1, &["no scorecard"]);
    let validate = |p: &str| ["scorecards", "validate", p].map(String::from).to_vec();
    for (class, p, says) in [
        (Class::Path, "{root}/nope.toml", "cannot read the file"),
        (Class::Path, "{root}/adir", "cannot read the file"),
        (Class::WrongType, "{root}/latin1.txt", "is not UTF-8 text"),
        (Class::WrongType, "{root}/not.toml", "not.toml"),
    ] {
        push(class, validate(p), 1, &[says, "1 problem(s) found."]);
    }
    run(cases);
}

/// The global options.
#[test]
fn globals() {
    let name201 = "名".repeat(201);
    let mut cases = Vec::new();
    for (class, actor, says) in [
        (Class::Empty, "", "--actor is empty"),
        (Class::Blank, "  ", "--actor is empty"),
        (Class::TooLong, name201.as_str(), "--actor is longer than 200 characters"),
        (Class::Control, "王\x1b[31m", "--actor contains a control character"),
        (Class::Control, "王\n李", "--actor must be one line"),
        (Class::MixedScripts, "王\u{202E}", "--actor contains an invisible"),
    ] {
        cases.push(case(class, &["--actor", actor, "review", "edit", "1", "place", "厦门"], 1, &[says]));
        cases.push(case(class, &["--actor", actor, "review", "list"], 1, &[says]));
    }
    cases.push(case(
        Class::Global,
        &["--data-dir", "", "review", "list"],
        2,
        &["a value is required for '--data-dir <DIR>'"],
    ));
    cases.push(case(
        Class::Global,
        &["--data-dir", "{root}/pass.txt", "review", "list"],
        1,
        &["is a file, not a folder"],
    ));
    cases.push(case(
        Class::Global,
        &["--data-dir", "{root}/pass.txt", "scorecards", "list"],
        1,
        &["is a file, not a folder"],
    ));
    cases.push(case(
        Class::Global,
        &["--data-dir", "{root}/pass.txt/sub", "review", "list"],
        1,
        &["cannot use the data directory", "Not a directory"],
    ));
    cases.push(case(Class::Global, &["review", "list", "--bogus"], 2, &["unexpected argument '--bogus'"]));
    run(cases);
}

/// Input that must work: paths with Chinese characters and spaces, legitimate mixed scripts, values at their limit,
/// normalized credit codes and dates, multi-line text.
#[test]
fn input_that_works() {
    let name200 = "名".repeat(200);
    let text20000 = "x".repeat(20_000);
    let cases = vec![
        works(&["--data-dir", "{root}/中文 目录/数据 目录", "review", "list"], &["0 reviews"], |r| {
            assert!(r.join(CJK).join("数据 目录").join("yanshou.db").exists())
        }),
        works(&["review", "opinion", "1", "--summary", "@{root}/中文 目录/意见 草稿.txt"], &[], |r| {
            assert_eq!(show(r, "1")["opinion"]["summary"], "该企业清洁生产审核工作规范。\n方案实施到位。")
        }),
        works(&["review", "opinion", "1", "--problems", "一、台账不全；\n二、\t能耗偏高。"], &[], |r| {
            assert_eq!(show(r, "1")["opinion"]["problems"], "一、台账不全；\n二、\t能耗偏高。")
        }),
        works(&["verify", "{root}/中文 目录/验收 包"], &["ACCEPTED"], |_| {}),
        works(&["import", "{root}/中文 目录/验收 包"], &["1 bundle(s): 1 imported"], |_| {}),
        works(&["export", "4", "--out", "{root}/中文 目录/导出 包"], &["bundle written"], |r| {
            assert!(r.join(CJK).join("导出 包").join("bundle.json").exists())
        }),
        works(&["key", "show", "{root}/中文 目录/王建国 公钥.pub"], &[], |_| {}),
        works(
            &["key", "new", "--name", "Аcme 专家", "--dir", "{root}/中文 目录/密钥"],
            &["密钥 (key)"],
            |r| assert!(r.join(CJK).join("密钥").join("Аcme 专家.key").exists()),
        ),
        works(
            &["evaluate", "--scorecard", "fujian-2008-acceptance", "--input", "{root}/中文 目录/评分 输入.json"],
            &["王建国"],
            |_| {},
        ),
        works(
            &["compile", "--out", "{root}/中文 目录/结果 表.xlsx", "--csv", "{root}/中文 目录/结果 表.csv"],
            &["wrote"],
            |r| assert!(r.join(CJK).join("结果 表.xlsx").exists()),
        ),
        works(&["compile", "--out", "{root}/existing.xlsx", "--force"], &["wrote"], |r| {
            assert_ne!(fs::read(r.join("existing.xlsx")).unwrap(), b"an older workbook")
        }),
        // Mixed scripts that are legitimate stay as typed: a Cyrillic А beside Chinese, a combining accent.
        works(&["review", "panel", "1", "add", "--name", "Аcme清洁", "--field", "环保"], &["11"], |r| {
            let v = show(r, "1");
            assert!(v["experts"].as_array().unwrap().iter().any(|e| e["name"] == "Аcme清洁"));
        }),
        works(&["review", "panel", "1", "add", "--name", "Cafe\u{301} 王", "--field", "其他"], &[], |r| {
            assert!(show(r, "1")["experts"].as_array().unwrap().iter().any(|e| e["name"] == "Cafe\u{301} 王"))
        }),
        works(&["review", "edit", "1", "enterprise", &name200], &[], |r| {
            assert_eq!(show(r, "1")["enterprise"]["name"].as_str().unwrap().chars().count(), 200)
        }),
        works(&["review", "opinion", "1", "--suggestions", &text20000], &[], |_| {}),
        // Normalized: a full-width credit code, an unpadded date, surrounding whitespace.
        works(
            &["review", "edit", "1", "credit-code", "９１３５０１００Ｍ０００１００Ｙ４３"],
            &[],
            |r| assert_eq!(show(r, "1")["enterprise"]["credit_code"], "91350100M000100Y43"),
        ),
        works(&["review", "edit", "1", "date", " 2026-1-5 "], &[], |r| assert_eq!(show(r, "1")["date"], "2026-01-05")),
        works(&["review", "edit", "1", "place", "  厦门　"], &[], |r| assert_eq!(show(r, "1")["place"], "厦门")),
        works(&["review", "score", "1", "李秀英", "1.1", " 1.5 ", "--reason", "台账\n不全"], &[], |r| {
            let v = show(r, "1");
            let s = v["scores"].as_array().unwrap().iter().find(|s| s["expert"] == "李秀英").unwrap().clone();
            assert_eq!(s["score"], 1.5);
            assert_eq!(s["reason"], "台账\n不全");
        }),
        works(&["review", "edit", "1", "place", "-号楼"], &[], |r| assert_eq!(show(r, "1")["place"], "-号楼")),
    ];
    run(cases);
}
