//! Merging personal score sheets on the lead's laptop (issue 17): seven experts' signed sheets of the largest built-in
//! sheet (山东 2008, 36 items) imported one after the other — each read from its file, its signature checked, its scores
//! checked and written in one audited transaction — beside the limit it is held against: the same seven signatures
//! checked and the same rows written in seven bare transactions. See BENCHMARKS.md.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group};
use rusqlite::{Connection, params};
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::personal::kit::{export_kit, import_kit};
use yanshou::bundle::personal::sheet::{SheetOutcome, import_sheet, sign_sheet};
use yanshou::bundle::personal::{SHEET_FILE, unpack};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::sign;
use yanshou::store::{NewExpert, NewReview, Store};
use zeroize::Zeroizing;

const SHEET: &str = "shandong-2008-acceptance";
const EXPERTS: [(&str, &str); 7] = [
    ("王建国", "清洁生产"),
    ("李秀英", "环保"),
    ("张伟", "行业"),
    ("赵敏", "能源"),
    ("刘洋", "清洁生产"),
    ("陈静", "环保"),
    ("杨帆", "行业"),
];

fn pw() -> Passphrase {
    Zeroizing::new("correct horse battery".to_string())
}

struct Fixture {
    _root: tempfile::TempDir,
    /// The lead's data directory after the kit was exported, before any sheet is in.
    lead: PathBuf,
    sheets: Vec<PathBuf>,
}

fn fixture() -> Fixture {
    let root = tempfile::tempdir().expect("tempdir");
    let keys_dir = root.path().join("keys");
    let issuer = generate(&keys_dir, "unit", &pw()).expect("key");
    let mut roster = Roster::new(&keys::read_public(&issuer.public_path).expect("pub"), "2026-01-01");
    for (name, _) in EXPERTS {
        let k = generate(&keys_dir, name, &pw()).expect("key");
        roster
            .add(RosterEntry {
                name: name.into(),
                unit: "山东省环境科学研究院".into(),
                key_id: k.key_id,
                public_key: k.public_key,
                valid_from: "2000-01-01".into(),
                valid_until: "2099-12-31".into(),
                revoked: false,
                revoked_at: None,
            })
            .expect("add");
    }
    let lead = root.path().join("lead");
    let trust = lead.join("trust");
    fs::create_dir_all(&trust).expect("trust");
    roster.save(&trust.join("roster.json"), &issuer.secret_path, &pw()).expect("roster");
    fs::copy(&issuer.public_path, trust.join("issuer.pub")).expect("issuer");
    let (catalog, _) = yanshou::builtin::load_catalog(None);
    let card = catalog.scorecard(SHEET).expect("sheet");
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let mut st = Store::open_in(&lead).expect("store");
    let new = NewReview {
        enterprise_name: "山东某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "济南".into(),
        ..Default::default()
    };
    let id = st.create_review(&new, card, &rules).expect("review");
    for (name, field) in EXPERTS {
        let e = NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
        st.add_expert(id, &e).expect("expert");
    }
    let kit = export_kit(&mut st, id, &keys_dir.join("王建国.key"), &pw()).expect("kit");
    drop(st);
    let kit_file = root.path().join("kit.yanshou.zip");
    fs::write(&kit_file, &kit.archive).expect("kit file");
    let mut sheets = Vec::new();
    for (name, _) in EXPERTS {
        let dir = root.path().join(name);
        let mut st = Store::open_in(&dir).expect("store");
        let (rid, _) = import_kit(&mut st, &catalog, &kit_file, Some(name)).expect("import kit");
        let r = st.load(rid).expect("load");
        let e = r.data.experts.iter().find(|e| e.name == name).expect("expert").id;
        for item in card.scored_items() {
            st.set_score(rid, e, &item.id, item.points, "", "").expect("score");
        }
        let signed = sign_sheet(&mut st, rid, e, &keys_dir.join(format!("{name}.key")), &pw()).expect("sign");
        let path = root.path().join(format!("{name}.yanshou.zip"));
        fs::write(&path, &signed.archive).expect("sheet file");
        sheets.push(path);
    }
    Fixture { _root: root, lead, sheets }
}

/// A fresh copy of the lead's data directory (the database and the installed trust).
fn copy_of(lead: &Path) -> (tempfile::TempDir, Store) {
    let d = tempfile::tempdir().expect("tempdir");
    fs::copy(lead.join("yanshou.db"), d.path().join("yanshou.db")).expect("copy");
    let store = Store::open_in(d.path()).expect("store");
    (d, store)
}

fn bench_merge(c: &mut Criterion) {
    let f = fixture();
    let mut g = c.benchmark_group("sheets");
    g.bench_function("merge_7_personal_sheets_of_36_items", |b| {
        b.iter_batched(
            || copy_of(&f.lead),
            |(d, mut store)| {
                for s in &f.sheets {
                    let outcome = import_sheet(&mut store, s).expect("merge");
                    assert!(matches!(outcome, SheetOutcome::Merged { .. }));
                }
                (d, store)
            },
            BatchSize::PerIteration,
        )
    });
    // The limit: the seven signatures checked and the same rows written in seven bare transactions (no checks, no
    // audit log), on a database of the same settings.
    let signed: Vec<(Vec<u8>, String)> = f.sheets.iter().map(|s| unpack(s, SHEET_FILE).expect("unpack")).collect();
    let pks: Vec<minisign::PublicKey> = EXPERTS
        .iter()
        .map(|(n, _)| keys::read_public(&f._root.path().join("keys").join(format!("{n}.pub"))).expect("pub"))
        .collect();
    g.bench_function("limit_7_signatures_and_bare_row_writes", |b| {
        b.iter_batched(
            || {
                let d = tempfile::tempdir().expect("tempdir");
                let conn = Connection::open(d.path().join("bare.db")).expect("db");
                conn.execute_batch(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                     CREATE TABLE scores (expert INTEGER, item TEXT, tenths INTEGER, reason TEXT, PRIMARY KEY (expert, item));",
                )
                .expect("schema");
                (d, conn)
            },
            |(d, mut conn)| {
                for (n, ((bytes, sig), pk)) in signed.iter().zip(&pks).enumerate() {
                    sign::verify(pk, sig, bytes).expect("verify");
                    let sheet: yanshou::bundle::personal::SheetV1 = serde_json::from_slice(bytes).expect("sheet");
                    let tx = conn.transaction().expect("tx");
                    for s in &sheet.scores {
                        tx.execute("INSERT INTO scores VALUES (?1, ?2, ?3, ?4)", params![n as i64, s.item, s.score, s.reason])
                            .expect("insert");
                    }
                    tx.commit().expect("commit");
                }
                (d, conn)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group! {
    name = sheets;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = bench_merge
}

fn main() {
    sheets();
    Criterion::default().configure_from_args().final_summary();
}
