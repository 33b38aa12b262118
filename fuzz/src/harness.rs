//! The bodies of the fuzz targets, shared by the targets (`fuzz/fuzz_targets/*.rs`) and by the regression test
//! (`tests/it/fuzz_regressions.rs`), which both include this file with `#[path]`: one implementation, replayed on stable
//! by `cargo test` and fuzzed by `cargo fuzz`. Use only crates that both have: yanshou, rusqlite, serde_json, tempfile.
//!
//! A bundle input is a list of files: `<path>\n<content>` records separated by NUL bytes (content therefore has no
//! NUL), e.g. `bundle.json\n{…}\0payload.json\n{…}\0scorecard.toml\n…`. Paths that are empty, absolute or leave the
//! bundle are skipped; a later record with the same path replaces the earlier one.
#![allow(dead_code)]

use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use yanshou::bundle::SignStatus;
use yanshou::bundle::import::import_bundle;
use yanshou::bundle::read::read_archive;
use yanshou::bundle::roster::Roster;
use yanshou::bundle::verify::{MANIFEST, manifest_json, read, sha256_hex, verify};
use yanshou::domain::points::Points;
use yanshou::domain::scorecard::{parse_province, parse_scorecard};
use yanshou::domain::scoring::{EvaluationInput, ExpertInput, Literal, evaluate};
use yanshou::store::Store;
use yanshou::store::signing::ImportOutcome;

/// The trusted roster: the public keys that signed the seed bundles (`fuzz/seeds/bundle/`), written by
/// `cargo run --manifest-path fuzz/Cargo.toml --example make_seeds` together with those bundles.
pub const ROSTER_JSON: &str = include_str!("../seeds/roster.json");

pub fn roster() -> &'static Roster {
    static ROSTER: OnceLock<Roster> = OnceLock::new();
    ROSTER.get_or_init(|| serde_json::from_str(ROSTER_JSON).expect("fuzz/seeds/roster.json is a roster"))
}

// ----- scorecard -----

/// Any text as a score sheet and as province rules: never a panic. A sheet that loads is then scored by one expert
/// giving every item its maximum (which must evaluate, as nothing else is entered) and by one giving every item 0.
pub fn scorecard(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = parse_province("fuzz.toml", &text);
    let Ok(card) = parse_scorecard("fuzz.toml", &text) else { return };
    let expert = |score: &dyn Fn(Points) -> Points| EvaluationInput {
        experts: vec![ExpertInput {
            name: "专家".into(),
            recused: false,
            scores: card.scored_items().map(|i| (i.id.clone(), Literal::from(score(i.points)))).collect(),
        }],
        ..Default::default()
    };
    let full = evaluate(&card, &expert(&|p| p));
    let full = full.unwrap_or_else(|e| panic!("sheet {} loads but full marks do not evaluate: {e}", card.id));
    let items: Points = card.scored_items().map(|i| i.points).sum();
    assert_eq!(full.experts[0].items_sum, items, "sheet {}: full marks do not add up to the items' points", card.id);
    let _ = evaluate(&card, &expert(&|_| Points::ZERO));
}

// ----- bundles -----

/// The files of a bundle input, in order (see the module documentation).
pub fn split_bundle(data: &[u8]) -> Vec<(PathBuf, &[u8])> {
    let mut files = Vec::new();
    for record in data.split(|b| *b == 0) {
        let (name, content) = match record.iter().position(|b| *b == b'\n') {
            Some(n) => (&record[..n], &record[n + 1..]),
            None => (record, &record[record.len()..]),
        };
        let name = String::from_utf8_lossy(name);
        let path = Path::new(name.as_ref());
        let safe = !name.is_empty()
            && name.len() <= 200
            && path.components().count() <= 8
            && path.components().all(|c| matches!(c, Component::Normal(_)));
        if safe && files.len() < 64 {
            files.push((path.to_path_buf(), content));
        }
    }
    files
}

/// The input that holds these files (the inverse of [`split_bundle`]).
pub fn encode_bundle(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (name, content)) in files.iter().enumerate() {
        assert!(!name.contains(['\n', '\0']) && !content.contains(&0), "{name} cannot be encoded");
        if i > 0 {
            out.push(0);
        }
        out.extend_from_slice(name.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(content);
    }
    out
}

/// Where the scratch directories go: memory when there is a tmpfs (SQLite's fsyncs are then cheap).
fn scratch_root() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() && tempfile::tempdir_in(shm).is_ok() { shm.to_path_buf() } else { std::env::temp_dir() }
}

/// A new scratch directory, `yanshou-fuzz-<pid>-…`. A fuzzing process ends by `exit` (or a crash), so the import
/// target's store, held in a static, is never dropped: the first call removes what processes no longer running left.
fn scratch() -> tempfile::TempDir {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        let root = scratch_root();
        for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let pid = name.strip_prefix("yanshou-fuzz-").and_then(|r| r.split('-').next()?.parse::<u32>().ok());
            if let Some(pid) = pid
                && pid != std::process::id()
                && Path::new("/proc").is_dir()
                && !Path::new(&format!("/proc/{pid}")).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        root
    });
    let prefix = format!("yanshou-fuzz-{}-", std::process::id());
    tempfile::Builder::new().prefix(&prefix).tempdir_in(root).expect("a temp dir")
}

/// Writes the bundle's files into `dir` (a file that cannot be written, e.g. under a path that is already a file, is
/// left out).
pub fn write_bundle(data: &[u8], dir: &Path) {
    for (rel, content) in split_bundle(data) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            continue;
        }
        let _ = std::fs::write(&path, content);
    }
}

/// Reads and verifies the bundle against the fixed roster: never a panic, and an accepted bundle is consistent.
pub fn bundle_verify(data: &[u8]) {
    let dir = scratch();
    write_bundle(data, dir.path());
    let Ok(b) = read(dir.path()) else { return };
    let v = verify(&b, roster());
    if v.accepted {
        assert!(v.problems.is_empty());
        assert_eq!(v.payload_sha256, b.manifest.payload_sha256);
        assert_eq!(v.payload_sha256, sha256_hex(&b.payload_bytes));
        assert!(v.signers.iter().any(|s| s.status == SignStatus::Signed), "accepted without a signature");
        assert_eq!(v.recomputed, v.signed_result, "accepted with a result that does not recompute");
    }
}

// ----- import -----

/// The support unit's store for the import target: one per process, replaced every `STORE_INPUTS` inputs so that the
/// per-input checks (integrity_check, the audit chain) stay cheap.
struct Unit {
    dir: tempfile::TempDir,
    store: Store,
    check: rusqlite::Connection,
    inputs: usize,
}

const STORE_INPUTS: usize = 100;

impl Unit {
    fn new() -> Unit {
        let dir = scratch();
        let store = Store::open_in(&dir.path().join("unit")).expect("a new store opens");
        let check = rusqlite::Connection::open(store.path()).expect("the store's database opens");
        Unit { dir, store, check, inputs: 0 }
    }

    /// Rows in imports and in the quarantine.
    fn rows(&self) -> (i64, i64) {
        self.check
            .query_row("SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM quarantine)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("the store can be counted")
    }
}

/// Imports the bundle into a store shared by the inputs of a process: never a panic; the bundle is imported (a new
/// row, or none for an identical bundle or added signatures) or quarantined (one row), never half of either; the
/// database stays intact and its audit chain verifies.
pub fn import(data: &[u8]) {
    static UNIT: OnceLock<Mutex<Option<Unit>>> = OnceLock::new();
    let mut guard = UNIT.get_or_init(|| Mutex::new(None)).lock().unwrap_or_else(|e| e.into_inner());
    if guard.as_ref().is_none_or(|u| u.inputs >= STORE_INPUTS) {
        *guard = None; // the old store's files go before the new one is made
        *guard = Some(Unit::new());
    }
    let unit = guard.as_mut().expect("a store");
    unit.inputs += 1;
    let bundle = tempfile::Builder::new().prefix("bundle-").tempdir_in(unit.dir.path()).expect("a bundle dir");
    write_bundle(data, bundle.path());

    let (imports, quarantined) = unit.rows();
    let outcome = import_bundle(&mut unit.store, roster(), bundle.path());
    let (imports_after, quarantined_after) = unit.rows();
    let (new_imports, new_quarantined) = match &outcome {
        Ok(ImportOutcome::New { .. } | ImportOutcome::Superseded { .. }) => (1, 0),
        Ok(ImportOutcome::Identical { .. } | ImportOutcome::SignaturesAdded { .. }) => (0, 0),
        Ok(ImportOutcome::Quarantined { .. }) => (0, 1),
        Err(_) => (0, 0),
    };
    assert_eq!(
        (imports_after - imports, quarantined_after - quarantined),
        (new_imports, new_quarantined),
        "rows added to (imports, quarantine) for outcome {outcome:?}"
    );
    let integrity: String = unit.check.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check");
    assert_eq!(integrity, "ok");
    let current: i64 = unit
        .check
        .query_row(
            "SELECT count(*) FROM (SELECT uid FROM imports WHERE superseded_by IS NULL GROUP BY uid HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .expect("current versions");
    assert_eq!(current, 0, "a review has two current versions");
    let problems = unit.store.verify_log().expect("the audit log reads");
    assert!(problems.is_empty(), "the audit chain is broken: {problems:?}");
    if let Err(e) = outcome {
        // Only a store failure is an error, and nothing was written: worth a look, not a crash.
        eprintln!("import_bundle returned an error: {e}");
    }
}

// ----- bundle archives -----

/// The one-file form of a bundle input: its files in an archive, as `export --out NAME.yanshou.zip` writes them.
pub fn archive_of(data: &[u8]) -> Vec<u8> {
    let files: std::collections::BTreeMap<String, Vec<u8>> = split_bundle(data)
        .into_iter()
        .map(|(path, content)| (path.to_string_lossy().into_owned(), content.to_vec()))
        .collect();
    yanshou::files::archive::write(&files).expect("the seed bundles' names are portable")
}

/// Any bytes as a bundle's archive: reading and verifying never panic, nothing is written while reading, and an
/// accepted archive is the same bundle as the folder it unpacks to.
pub fn bundle_archive(data: &[u8]) {
    let Ok(b) = read_archive(data.to_vec(), Path::new("fuzz.yanshou.zip")) else { return };
    let v = verify(&b, roster());
    if !v.accepted {
        return;
    }
    assert!(v.problems.is_empty() && b.layout.is_empty());
    let dir = scratch();
    for (rel, content) in &b.files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a file in the folder")).expect("a scratch folder");
        std::fs::write(&path, content).expect("a scratch file");
    }
    std::fs::write(dir.path().join(MANIFEST), manifest_json(&b.manifest).expect("a manifest")).expect("a manifest");
    let folder = read(dir.path()).expect("the folder an accepted archive unpacks to reads");
    assert_eq!(
        (&folder.manifest, &folder.payload_bytes, &folder.scorecard_text, &folder.files, &folder.layout),
        (&b.manifest, &b.payload_bytes, &b.scorecard_text, &b.files, &b.layout),
        "an accepted archive and the folder it unpacks to are not the same bundle"
    );
    assert_eq!(serde_json::to_value(verify(&folder, roster())).ok(), serde_json::to_value(&v).ok());
}
