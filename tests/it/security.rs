//! Security properties (issue “Prove it holds”): secret keys exist on disk only as minisign's scrypt-encrypted box,
//! owner-only, and neither a raw secret key nor a passphrase is written anywhere — data directories, databases,
//! backups, bundles; an expert who recused (回避) can neither score nor sign nor dissent, through the command line, the
//! store or the terminal app; and a bundle that carries a recused expert's score or signature, otherwise valid and
//! correctly signed, is quarantined with that reason.
#![cfg(unix)]

use crate::common;

use common::{BIN, ok, run, yanshou};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use minisign::{PublicKey, SecretKeyBox};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::{Connection, OpenFlags};
use yanshou::bundle::export::{export, sign_review};
use yanshou::bundle::keys::{self, Passphrase, generate, open_secret};
use yanshou::bundle::payload::{Payload, ScorePart, canonical};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{Bundle, ManifestSignature, read, sha256_hex, verify};
use yanshou::bundle::{SignStatus, sign};
use yanshou::domain::points::Points;
use yanshou::domain::review::{Answer, Status};
use yanshou::store::signing::NewSignature;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store, StoreError};
use yanshou::tui::dialogs::Modal;
use yanshou::tui::keys::script;
use yanshou::tui::{self, App};
use zeroize::Zeroizing;

const SHEET: &str = "fujian-2008-acceptance";
/// A passphrase that would stand out anywhere it was written: non-ASCII, with punctuation.
const PASSPHRASE: &str = "绿水青山-Zq7!就是金山银山";
const NOW: &str = "2026-11-28T10:00:00+08:00";
/// The panel: the first three score, 赵敏 recuses.
const EXPERTS: [(&str, &str); 4] = [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")];
const RECUSED: &str = "赵敏";

fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

fn refused(out: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    stderr
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

// ----- base64 (minisign's boxes), without another dependency -----

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.trim().bytes().filter(|c| *c != b'=') {
        let v = B64.iter().position(|x| *x == c).unwrap_or_else(|| panic!("not base64: {c}")) as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The ways a secret could be written down: raw, hex (both cases), and base64 at each of the three alignments (the
/// characters that depend only on the secret's own bytes).
fn spellings(secret: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![secret.to_vec(), hex(secret).into_bytes(), hex(secret).to_uppercase().into_bytes()];
    for pad in 0..3 {
        let mut shifted = vec![0u8; pad];
        shifted.extend_from_slice(secret);
        let enc = b64_encode(&shifted);
        let skip = if pad == 0 { 0 } else { 4 };
        out.push(enc.as_bytes()[skip..enc.len() - 4].to_vec());
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            files_under(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

/// What a secret key file holds: minisign's box, decoded.
struct KeyBox {
    bytes: Vec<u8>,
}

impl KeyBox {
    fn read(path: &Path) -> KeyBox {
        let text = fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{}: minisign's two lines", path.display());
        assert!(lines[0].starts_with("untrusted comment: "), "{}", lines[0]);
        KeyBox { bytes: b64_decode(lines[1]) }
    }
}

/// The raw Ed25519 secret key (seed and public half, 64 bytes) behind an encrypted key file, opened with the
/// passphrase: minisign's layout is algorithms (6), salt (32), ops and memory limits (16), key id (8), key (64),
/// checksum (32).
fn raw_secret(path: &Path, passphrase: &Passphrase) -> (Vec<u8>, PublicKey) {
    let (sk, pk) = open_secret(path, passphrase).unwrap();
    let bytes = sk.to_bytes();
    assert_eq!(bytes.len(), 158);
    let raw = bytes[62..126].to_vec();
    // The key is the real one: its public half is the public key, and it signs what the public key verifies.
    assert_eq!(&raw[32..], &pk.to_bytes()[10..42]);
    let sig = sign::sign(&sk, &pk, b"test", "test").unwrap();
    sign::verify(&pk, &sig, b"test").unwrap();
    (raw, pk)
}

#[test]
fn secret_key_files_are_encrypted_and_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let pass = tmp.path().join("passphrase.txt");
    fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
    // A permissive umask, and a key folder that already exists open to all: the files are owner-only all the same.
    let loose = tmp.path().join("loose-keys");
    fs::create_dir_all(&loose).unwrap();
    fs::set_permissions(&loose, fs::Permissions::from_mode(0o777)).unwrap();
    for (name, dir) in [("王建国", None), ("李秀英", Some(&loose))] {
        let mut cmd = yanshou(&data);
        cmd.args(["key", "new", "--name", name, "--passphrase-file"]).arg(&pass);
        if let Some(d) = dir {
            cmd.arg("--dir").arg(d);
        }
        // SAFETY: umask is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0);
                Ok(())
            });
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let dir = dir.cloned().unwrap_or_else(|| data.join("keys"));
        let key = dir.join(format!("{name}.key"));
        assert_eq!(mode(&dir), 0o700, "the key folder {}", dir.display());
        assert_eq!(mode(&key), 0o600, "the secret key file {}", key.display());

        // minisign's encrypted box: Ed25519, scrypt ("Sc"), BLAKE2b checksum, with scrypt's real cost.
        let b = KeyBox::read(&key);
        assert_eq!(b.bytes.len(), 158);
        assert_eq!(&b.bytes[0..2], b"Ed");
        assert_eq!(&b.bytes[2..4], b"Sc", "the secret key is not encrypted with scrypt");
        assert_eq!(&b.bytes[4..6], b"B2");
        let ops = u64::from_le_bytes(b.bytes[38..46].try_into().unwrap());
        let mem = u64::from_le_bytes(b.bytes[46..54].try_into().unwrap());
        assert!(ops >= 1 << 20 && mem >= 1 << 25, "scrypt limits {ops} / {mem}");
        let text = fs::read_to_string(&key).unwrap();
        assert_eq!(b64_encode(&b.bytes), text.lines().nth(1).unwrap(), "this test's base64 is minisign's");
        assert!(SecretKeyBox::from_string(&text).unwrap().into_unencrypted_secret_key().is_err());
        assert!(open_secret(&key, &Zeroizing::new("wrong passphrase".into())).is_err());

        let (raw, pk) = raw_secret(&key, &pw());
        // Key id, key and checksum are all encrypted: neither the key id nor the key is stored as it is.
        assert_ne!(&b.bytes[54..62], pk.keynum());
        assert_ne!(&b.bytes[62..126], &raw[..]);
        let file = fs::read(&key).unwrap();
        for s in spellings(&raw[..32]).iter().chain(spellings(&raw).iter()) {
            assert!(!contains(&file, s) && !contains(&b.bytes, s), "the raw secret key is in {}", key.display());
        }
        // Never overwritten.
        let again = yanshou(&data)
            .args(["key", "new", "--name", name, "--passphrase-file"])
            .arg(&pass)
            .arg("--dir")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(refused(&again, "a second key new").contains("never overwritten"));
        assert_eq!(fs::read(&key).unwrap(), file);
    }
}

// ----- a world: keys, the roster, a review -----

struct World {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl World {
    /// Keys for the panel (made with the binary, from a passphrase file) and the support unit, and a roster of all
    /// four experts, 赵敏 included: her key is trusted, only her recusal stops her.
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        fs::write(root.join("passphrase.txt"), format!("{PASSPHRASE}\n")).unwrap();
        let w = World { _tmp: tmp, root };
        let keys_dir = w.root.join("keys");
        let issuer = generate(&keys_dir, "unit", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for (name, _) in EXPERTS {
            let out = Command::new(BIN)
                .args(["key", "new", "--name", name, "--dir"])
                .arg(&keys_dir)
                .arg("--passphrase-file")
                .arg(w.pass())
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let pk = keys::read_public(&keys_dir.join(format!("{name}.pub"))).unwrap();
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: "福建省环境科学研究院".into(),
                    key_id: keys::key_id(&pk),
                    public_key: keys::public_base64(&pk),
                    valid_from: "2000-01-01".into(),
                    valid_until: "2099-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        roster.save(&w.roster_path(), &issuer.secret_path, &pw()).unwrap();
        w
    }

    fn pass(&self) -> PathBuf {
        self.root.join("passphrase.txt")
    }

    fn panel(&self) -> PathBuf {
        self.root.join("panel")
    }

    fn unit(&self) -> PathBuf {
        self.root.join("unit")
    }

    fn key(&self, name: &str) -> PathBuf {
        self.root.join("keys").join(format!("{name}.key"))
    }

    fn roster_path(&self) -> PathBuf {
        self.root.join("roster.json")
    }

    fn issuer(&self) -> PathBuf {
        self.root.join("keys").join("unit.pub")
    }

    /// `yanshou import|verify BUNDLE` at the support unit, with the trusted roster.
    fn unit_cmd(&self, verb: &str, bundle: &Path) -> Output {
        yanshou(&self.unit()).arg(verb).arg(bundle).args(self.trust()).output().unwrap()
    }

    fn roster(&self) -> Roster {
        Roster::load(&self.roster_path(), &keys::read_public(&self.issuer()).unwrap()).unwrap()
    }

    fn trust(&self) -> Vec<String> {
        let p = |p: PathBuf| p.display().to_string();
        vec!["--roster".into(), p(self.roster_path()), "--issuer".into(), p(self.issuer())]
    }
}

fn expert(s: &Store, id: i64, name: &str) -> i64 {
    s.load(id).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
}

/// A review ready to finalize: four experts, 赵敏 recused before any scoring, every item scored by the other three.
fn ready_review(data: &Path) -> i64 {
    let catalog = common::catalog();
    let card = catalog.scorecard(SHEET).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let mut s = Store::open_in(data).unwrap();
    let id = s
        .create_review(
            &NewReview {
                enterprise_name: "福建某某化工有限公司".into(),
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

// ----- nothing secret on disk -----

#[test]
fn neither_a_raw_secret_key_nor_a_passphrase_is_written_anywhere() {
    let w = World::new();
    let panel = w.panel();
    let review = ready_review(&panel);
    let rid = review.to_string();
    let pass = w.pass().display().to_string();
    ok(&panel, &["review", "finalize", &rid]);
    // Sign from a passphrase file, from the environment, and dissent; export; import at the support unit.
    let key = |n: &str| w.key(n).display().to_string();
    ok(&panel, &["review", "sign", &rid, "王建国", "--key", &key("王建国"), "--passphrase-file", &pass]);
    let out = yanshou(&panel)
        .args(["review", "sign", &rid, "李秀英", "--key", &key("李秀英")])
        .env("YANSHOU_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dissent = ["review", "dissent", &rid, "张伟", "--key", &key("张伟"), "--passphrase-file", &pass];
    ok(&panel, &[&dissent[..], &["--text", "保留意见"]].concat());
    let bundle = w.root.join("usb").join("bundle");
    fs::create_dir_all(w.root.join("usb")).unwrap(); // export writes into an existing folder only
    ok(&panel, &["export", &rid, "--out", &bundle.display().to_string()]);
    let out = w.unit_cmd("import", &bundle);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A second day's backup copy, to have one with signatures in it.
    let backups = panel.join("backups");
    let copy = backups.join("yanshou-2000-01-01.db");
    fs::rename(fs::read_dir(&backups).unwrap().next().unwrap().unwrap().path(), &copy).unwrap();
    ok(&panel, &["review", "list"]);

    let mut secrets: Vec<(String, Vec<u8>)> = Vec::new();
    for p in spellings(PASSPHRASE.as_bytes()) {
        secrets.push(("the passphrase".into(), p));
    }
    for (name, _) in EXPERTS.iter().chain(&[("unit", "")]) {
        let (raw, _) = raw_secret(&w.key(name), &pw());
        for s in spellings(&raw[..32]).into_iter().chain(spellings(&raw)) {
            secrets.push((format!("{name}'s raw secret key"), s));
        }
        // The search would find the key written unencrypted, as minisign's unencrypted box or in hex.
        let (sk, _) = open_secret(&w.key(name), &pw()).unwrap();
        for leak in [b64_encode(&sk.to_bytes()), format!("key = \"{}\"", hex(&sk.to_bytes()))] {
            assert!(secrets.iter().any(|(_, s)| contains(leak.as_bytes(), s)), "the search misses {leak}");
        }
    }
    let mut files = Vec::new();
    files_under(&w.root, &mut files);
    files.retain(|f| f != &w.pass());
    let names: Vec<String> = files.iter().map(|f| f.strip_prefix(&w.root).unwrap().display().to_string()).collect();
    for must in ["panel/yanshou.db", "unit/yanshou.db", "usb/bundle/payload.json", "keys/王建国.key", "roster.json"]
    {
        assert!(names.iter().any(|n| n == must), "{must} is not among the files searched: {names:?}");
    }
    assert!(names.iter().any(|n| n.starts_with("panel/backups/")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("usb/bundle/signatures/")), "{names:?}");
    for f in &files {
        let bytes = fs::read(f).unwrap();
        for (what, s) in &secrets {
            assert!(!contains(&bytes, s), "{what} is written in {}", f.display());
        }
    }
    eprintln!("searched {} files for {} spellings of the secrets", files.len(), secrets.len());
}

// ----- a recused expert -----

#[test]
fn a_recused_expert_can_neither_score_nor_sign_through_the_command_line() {
    let w = World::new();
    let panel = w.panel();
    let review = ready_review(&panel);
    let rid = review.to_string();
    let zhao = expert(&Store::open_in(&panel).unwrap(), review, RECUSED).to_string();
    let db = panel.join("yanshou.db");
    let state = || {
        let c = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let q = |sql: &str| -> i64 { c.query_row(sql, [&zhao], |r| r.get(0)).unwrap() };
        (
            q("SELECT count(*) FROM scores WHERE expert_id = ?1"),
            q("SELECT count(*) FROM signatures WHERE expert_id = ?1"),
            q("SELECT count(*) FROM audit_log WHERE ?1 IS NOT NULL"),
        )
    };
    let before = state();
    assert_eq!((before.0, before.1), (0, 0));
    let key = w.key(RECUSED).display().to_string();
    let pass = w.pass().display().to_string();
    // By name and by id; a full-marks score, a deduction; made lead.
    for who in [RECUSED, zhao.as_str()] {
        for args in [
            vec!["review", "score", &rid, who, "1.1", "2"],
            vec!["review", "score", &rid, who, "1.2", "1", "--reason", "不足"],
            vec!["review", "panel", &rid, "lead", who],
        ] {
            let msg = refused(&run(&panel, &args), &format!("{args:?}"));
            assert!(msg.contains("recused"), "{args:?}: {msg}");
        }
        // (Clearing: she has nothing to clear.)
        refused(&run(&panel, &["review", "score", &rid, who, "1.1", "--clear"]), "clear");
    }
    assert_eq!(state(), before, "a refused command changed something");
    ok(&panel, &["review", "finalize", &rid]);
    let before = state();
    for who in [RECUSED, zhao.as_str()] {
        let sign = ["review", "sign", &rid, who, "--key", &key, "--passphrase-file", &pass];
        let msg = refused(&run(&panel, &sign), "sign");
        assert!(msg.contains("recused (回避) and cannot sign"), "{msg}");
        let dissent = ["review", "dissent", &rid, who, "--key", &key, "--passphrase-file", &pass, "--text", "不同意"];
        let msg = refused(&run(&panel, &dissent), "dissent");
        assert!(msg.contains("recused (回避)"), "{msg}");
        // With another expert's key, still refused: the recusal decides, not the key.
        let other = w.key("王建国").display().to_string();
        let msg =
            refused(&run(&panel, &["review", "sign", &rid, who, "--key", &other, "--passphrase-file", &pass]), "");
        assert!(msg.contains("recused"), "{msg}");
    }
    assert_eq!(state(), before, "a refused signature changed something");
    let signatures = ok(&panel, &["review", "signatures", &rid, "--json"]);
    let list: Vec<yanshou::bundle::SignerInfo> = serde_json::from_str(&signatures).unwrap();
    assert_eq!(list.iter().find(|s| s.expert == RECUSED).unwrap().status, SignStatus::Recused);
}

#[test]
fn a_recused_expert_can_neither_score_nor_sign_through_the_store() {
    let w = World::new();
    let panel = w.panel();
    let review = ready_review(&panel);
    let mut s = Store::open_in(&panel).unwrap();
    let zhao = expert(&s, review, RECUSED);
    let seq = |s: &Store| s.log(review).unwrap().0.len();
    let before = seq(&s);
    let err = s.set_score(review, zhao, "1.1", Points::from_tenths(20), "", "").unwrap_err();
    assert!(matches!(&err, StoreError::Refused(m) if m.to_string().contains("recused")), "{err}");
    assert!(s.clear_score(review, zhao, "1.1").is_err());
    assert!(s.set_lead(review, zhao).is_err());
    s.finalize(review).unwrap();
    let before_signing = seq(&s);
    assert_eq!(before_signing, before + 1, "only the finalization was logged");
    // Through the signing layer, with her own (valid, trusted) key.
    for dissent in [None, Some("不同意")] {
        let err = sign_review(&mut s, review, zhao, &w.key(RECUSED), &pw(), dissent, NOW).unwrap_err();
        assert!(err.to_string().contains("recused"), "{err}");
    }
    // Straight into the store, with a signature that is cryptographically valid.
    let (bytes, sha) = {
        let (_, bytes, sha) = yanshou::bundle::export::current_payload(&s, review).unwrap();
        (bytes, sha)
    };
    let (sk, pk) = open_secret(&w.key(RECUSED), &pw()).unwrap();
    let minisig = sign::sign(&sk, &pk, &bytes, "forged").unwrap();
    let err = s
        .add_signature(
            review,
            &NewSignature {
                expert_id: zhao,
                revision: 1,
                payload_sha256: &sha,
                dissent: None,
                public_key: &keys::public_base64(&pk),
                key_id: &keys::key_id(&pk),
                signed_file: &bytes,
                minisig: &minisig,
            },
        )
        .unwrap_err();
    assert!(matches!(&err, StoreError::Refused(m) if m.to_string().contains("recused")), "{err}");
    assert!(s.signatures(review).unwrap().is_empty());
    assert_eq!(seq(&s), before_signing);
    assert!(s.load(review).unwrap().data.scores.iter().all(|x| x.expert_id != zhao));
}

#[test]
fn a_recused_expert_can_neither_score_nor_sign_in_the_terminal_app() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().to_path_buf();
    let store = Store::open_in(&data).unwrap();
    let mut app = App::new(store, common::catalog().clone(), data.clone(), "2026-11-28");
    app.clock = || "10:30:00".to_string();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    let mut keys = |app: &mut App, s: &str| tui::step(&mut term, app, script(s)).unwrap();
    // The demo review has an expert who recused.
    keys(&mut app, "d");
    let reopen = || Store::open(&data.join("yanshou.db")).unwrap();
    let id = reopen().list_reviews().unwrap()[0].id;
    let r = reopen().load(id).unwrap();
    let recused = r.data.recusals.first().expect("the demo has a recusal").expert_id;
    let name = r.data.expert(recused).unwrap().name.clone();
    let scores_before = r.data.scores.len();
    let view = |app: &App| match &app.state.screen {
        tui::app::Screen::Review(v) => v.current_expert(),
        _ => panic!("not on a review"),
    };

    // Scoring: cycling through the experts in both directions never selects the recused one.
    keys(&mut app, "<F2>");
    let mut seen = std::collections::BTreeSet::new();
    for key in ["<Right>"; 8].into_iter().chain(["<Left>"; 8]).chain(["]"; 4]) {
        keys(&mut app, key);
        let e = view(&app).expect("an expert is selected");
        assert_ne!(e, recused, "{name} (recused) was selected for scoring");
        seen.insert(e);
        // Typing a score opens the dialog for the selected expert, never for the recused one.
        keys(&mut app, "1");
        match &app.state.modal {
            Some(Modal::Score(f)) => assert_ne!(f.expert, recused),
            other => panic!("no score dialog: {other:?}"),
        }
        // The typed 1 is asked about before it is thrown away (unless it is the score already saved).
        keys(&mut app, "<Esc>");
        if matches!(app.state.modal, Some(Modal::Discard { .. })) {
            keys(&mut app, "y");
        }
        assert!(app.state.modal.is_none());
    }
    assert_eq!(seen.len(), r.data.experts.len() - 1, "every other expert can be selected");
    assert_eq!(reopen().load(id).unwrap().data.scores.len(), scores_before);

    // Signing: after finalizing, the recused expert's row refuses both signing and dissent.
    keys(&mut app, "<F5>F<F9><F6>");
    assert_eq!(reopen().load(id).unwrap().data.status, Status::Finalized);
    let row = r.data.experts.iter().position(|e| e.id == recused).unwrap();
    keys(&mut app, &"<Down>".repeat(row));
    for k in ["s", "d"] {
        keys(&mut app, k);
        assert!(app.state.modal.is_none(), "a signing dialog opened for {name}");
        assert!(app.state.status.0.contains(&name) && app.state.status.0.contains("已回避"), "{:?}", app.state.status);
    }
    assert!(reopen().signatures(id).unwrap().is_empty());
}

// ----- a bundle carrying a recused expert's score or signature -----

/// Re-signs a changed payload with the keys of those who signed it, and rewrites the manifest's hashes: a bundle
/// whose only defect is the change.
fn resign(w: &World, b: &mut Bundle, payload: &Payload) {
    let bytes = canonical(payload);
    let sha = sha256_hex(&bytes);
    b.payload_bytes = bytes.clone();
    b.files.insert("payload.json".into(), bytes.clone());
    b.manifest.payload_sha256 = sha.clone();
    for s in b.manifest.signatures.clone() {
        assert_eq!(s.kind, "sign");
        let (sk, pk) = open_secret(&w.key(&s.expert), &pw()).unwrap();
        let trusted =
            format!("yanshou sign review={} rev=1 expert={} payload={sha} at={NOW}", payload.review.uid, s.expert);
        let sig = sign::sign(&sk, &pk, &bytes, &trusted).unwrap();
        b.files.insert(s.signature.clone(), sig.into_bytes());
    }
    common::rerender(b);
}

fn write_bundle(b: &Bundle, dir: &Path) {
    for (name, bytes) in &b.files {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    fs::write(dir.join("bundle.json"), serde_json::to_vec_pretty(&b.manifest).unwrap()).unwrap();
}

#[test]
fn a_bundle_with_a_recused_experts_score_or_signature_is_quarantined() {
    let w = World::new();
    let panel = w.panel();
    let review = ready_review(&panel);
    let mut s = Store::open_in(&panel).unwrap();
    s.finalize(review).unwrap();
    for name in ["王建国", "李秀英"] {
        let e = expert(&s, review, name);
        sign_review(&mut s, review, e, &w.key(name), &pw(), None, NOW).unwrap();
    }
    let usb = w.root.join("usb");
    fs::create_dir_all(&usb).unwrap();
    let good = export(&s, review, &usb.join("good")).unwrap();
    let original = read(&good).unwrap();
    let roster = w.roster();
    let v = verify(&original, &roster);
    assert!(v.accepted, "{:?}", v.problems);
    let payload: Payload = serde_json::from_slice(&original.payload_bytes).unwrap();
    assert!(payload.panel.iter().any(|e| e.name == RECUSED && e.recused));

    // (a) Scores of the recused expert slipped into the payload: every item, and low, so that they would change the
    // result if they counted. The signatures are valid, the hashes right, the result recomputes (the engine leaves her
    // scores out): the recusal is the only defect.
    let mut with_scores = payload.clone();
    let card = common::catalog().scorecard(SHEET).unwrap();
    for item in card.scored_items() {
        with_scores.scores.push(ScorePart {
            expert: RECUSED.into(),
            item: item.id.clone(),
            score: "0".into(),
            reason: "回避后补录".into(),
            evidence: String::new(),
        });
    }
    let mut scored = original.clone();
    resign(&w, &mut scored, &with_scores);
    let v = verify(&scored, &roster);
    assert_eq!(v.problems_en(), [format!("{RECUSED} recused (回避) but scores of theirs are in the payload")]);
    assert_eq!(v.recomputed, v.signed_result, "the engine ignores her scores");

    // (b) A valid signature by the recused expert (her key is on the roster) added to an untouched payload.
    let mut signed = original.clone();
    let (sk, pk) = open_secret(&w.key(RECUSED), &pw()).unwrap();
    let sig = sign::sign(&sk, &pk, &signed.payload_bytes, "yanshou sign").unwrap();
    let rel = "signatures/03-赵敏.minisig".to_string();
    signed.files.insert(rel.clone(), sig.clone().into_bytes());
    signed.manifest.files.insert(rel.clone(), sha256_hex(sig.as_bytes()));
    signed.manifest.signatures.push(ManifestSignature {
        expert: RECUSED.into(),
        kind: "sign".into(),
        key_id: keys::key_id(&pk),
        public_key: keys::public_base64(&pk),
        signature: rel,
        signed: "payload.json".into(),
    });
    common::rerender(&mut signed);
    let v = verify(&signed, &roster);
    assert_eq!(v.problems_en(), [format!("{RECUSED} recused (回避) but a signature of theirs is in the bundle")]);

    // (c) Scores by someone not on the panel at all are refused the same way.
    let mut outsider = payload.clone();
    outsider.scores.push(ScorePart {
        expert: "局外人".into(),
        item: "1.1".into(),
        score: "0".into(),
        reason: "x".into(),
        evidence: String::new(),
    });
    let mut stranger = original.clone();
    resign(&w, &mut stranger, &outsider);
    let v = verify(&stranger, &roster);
    assert_eq!(v.problems_en(), ["局外人 is not on the panel but scores of theirs are in the payload"]);

    // Imported through the command line: each goes to the quarantine with the reason; the good one is imported.
    let cases = [
        (scored, "scores", "recused (回避) but scores of theirs"),
        (signed, "signature", "recused (回避) but a signature of theirs"),
        (stranger, "outsider", "is not on the panel but scores of theirs"),
    ];
    for (n, (b, name, reason)) in cases.iter().enumerate() {
        let dir = usb.join(name);
        write_bundle(b, &dir);
        let out = w.unit_cmd("import", &dir);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("隔离") && stdout.contains(reason), "{name}: {stdout}");
        let q: serde_json::Value = serde_json::from_str(&ok(&w.unit(), &["quarantine", "--json"])).unwrap();
        let q = q.as_array().unwrap();
        assert_eq!(q.len(), n + 1);
        assert_eq!(q[n]["source"], dir.display().to_string());
        assert!(q[n]["reason"].as_str().unwrap().contains(reason), "{name}: {}", q[n]["reason"]);
        // `verify` says the same and exits 1.
        let out = w.unit_cmd("verify", &dir);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stdout).contains(reason));
    }
    assert_eq!(ok(&w.unit(), &["imports"]), "", "nothing was imported");
    let out = w.unit_cmd("import", &good);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("新导入"));
}

/// The support unit's recomputation holds a signed payload to the rules of issue 14 as finalizing does: a score the
/// frozen sheet's printed levels do not allow, and a 结论 that reads as the opposite of the result, are refused on
/// verify (and so quarantined on import), named in Chinese — even with every signature valid.
#[test]
fn a_signed_score_off_the_levels_or_a_contradicting_conclusion_is_refused_at_the_support_unit() {
    let w = World::new();
    let panel = w.panel();
    let review = ready_review(&panel);
    let mut s = Store::open_in(&panel).unwrap();
    s.finalize(review).unwrap();
    for name in ["王建国", "李秀英"] {
        let e = expert(&s, review, name);
        sign_review(&mut s, review, e, &w.key(name), &pw(), None, NOW).unwrap();
    }
    let usb = w.root.join("usb");
    fs::create_dir_all(&usb).unwrap();
    let original = read(&export(&s, review, &usb.join("good")).unwrap()).unwrap();
    let roster = w.roster();
    assert!(verify(&original, &roster).accepted);
    let payload: Payload = serde_json::from_slice(&original.payload_bytes).unwrap();

    // (a) The frozen sheet says item 1.1 may only be scored at its full points or 0; the signed scores give it
    // something else. The sheet's hash in the payload is the new sheet's, the experts signed it: only the level breaks.
    let scored = payload.scores.iter().find(|x| x.item == "1.1").unwrap().clone();
    let mut forged = original.clone();
    let card = common::catalog().scorecard(SHEET).unwrap();
    let max = card.item("1.1").unwrap().points;
    let text = forged.scorecard_text.replacen("id = \"1.1\"", &format!("id = \"1.1\"\nlevels = [{max}, 0]"), 1);
    assert_ne!(text, forged.scorecard_text);
    forged.scorecard_text = text.clone();
    forged.files.insert("scorecard.toml".into(), text.clone().into_bytes());
    forged.manifest.files.insert("scorecard.toml".into(), sha256_hex(text.as_bytes()));
    let mut p = payload.clone();
    p.scorecard.sha256 = sha256_hex(text.as_bytes());
    for x in p.scores.iter_mut().filter(|x| x.item == "1.1") {
        x.score = "1.5".into();
        x.reason = "扣分".into();
    }
    assert_ne!(scored.score, "1.5");
    resign(&w, &mut forged, &p);
    let v = verify(&forged, &roster);
    assert!(!v.accepted);
    assert!(v.problems_zh.iter().any(|z| z.contains("不是评分表所印的分档")), "{:?}", v.problems_zh);

    // (b) The 结论 reads 不予通过 while the result is 通过.
    let mut p = payload.clone();
    p.opinion.conclusion = "验收不予通过。".into();
    let mut contradicting = original.clone();
    resign(&w, &mut contradicting, &p);
    let v = verify(&contradicting, &roster);
    assert!(!v.accepted);
    assert!(v.problems_zh.iter().any(|z| z.contains("相矛盾")), "{:?}", v.problems_zh);
}
