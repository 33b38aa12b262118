//! The review knows its draw (issue 16): the panel put from a case's draw records which draw it stands on; the signed
//! payload (version 4) names the draw's record by its SHA-256 with the substitutions recorded on it; signing refuses
//! an expert not drawn; the bundle carries the record, verify re-checks it from the bundle alone, import matches it
//! with the support unit's own draw, and the compilation says what the panel stands on (抽取核对).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use yanshou::bundle::compile::{csv_text, from_store};
use yanshou::bundle::draw::{draw_case, record_bytes, record_sha256};
use yanshou::bundle::draw_check::DRAW_RECORD;
use yanshou::bundle::export::{ExportError, current_payload, export, sign_review};
use yanshou::bundle::import::import_bundle;
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::payload::{Signed, SubstitutionPart, canonical};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{Bundle, BundleProblem, read, verify};
use yanshou::domain::explain::Explain;
use yanshou::domain::pool::record::DrawRecordV1;
use yanshou::domain::pool::rules::UnitChoices;
use yanshou::domain::pool::substitute::{Cause, Substitution};
use yanshou::domain::pool::{Field, PoolRefusal};
use yanshou::domain::review::Answer;
use yanshou::store::signing::ImportOutcome;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store, StoreError};
use zeroize::Zeroizing;

use crate::common;
use crate::pool_draw::expert;

const NOW: &str = "2026-11-28T10:00:00+08:00";
const SHEET: &str = "fujian-2008-acceptance";
const CODE: &str = "91350100M000100Y43";
/// The pool: three are drawn, two are reserves (福建 leaves every number to the support unit).
const POOL: [(&str, Field); 5] = [
    ("王建国", Field::CleanProduction),
    ("李秀英", Field::Environment),
    ("张伟", Field::Industry),
    ("赵敏", Field::Energy),
    ("陈刚", Field::Environment),
];
/// On the roster but not in the pool: typed onto a drawn panel, they may score but not sign.
const OUTSIDER: &str = "局外人";

fn pw() -> Passphrase {
    Zeroizing::new("correct horse battery".to_string())
}

struct World {
    dir: tempfile::TempDir,
    store: Store,
    roster: Roster,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = dir.path().join("keys");
        let issuer = generate(&keys_dir, "unit", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for name in POOL.iter().map(|(n, _)| *n).chain([OUTSIDER]) {
            let k = generate(&keys_dir, name, &pw()).unwrap();
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: format!("{name}所在单位"),
                    key_id: k.key_id,
                    public_key: k.public_key,
                    valid_from: "2000-01-01".into(),
                    valid_until: "2099-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        let roster_path = dir.path().join("roster.json");
        roster.save(&roster_path, &issuer.secret_path, &pw()).unwrap();
        let roster = Roster::load(&roster_path, &issuer_pk).unwrap();
        let mut store = Store::open_in(&dir.path().join("unit")).unwrap();
        for (name, field) in POOL {
            store.pool_add(&expert(name, field)).unwrap();
        }
        World { dir, store, roster }
    }

    fn key(&self, name: &str) -> PathBuf {
        self.dir.path().join("keys").join(format!("{name}.key"))
    }

    /// A review on the 福建 acceptance sheet (with a case of its own); gives the review and its case.
    fn review(&mut self, enterprise: &str) -> (i64, i64) {
        let catalog = common::catalog();
        let card = catalog.scorecard(SHEET).unwrap();
        let rules: Vec<_> = catalog.rules_for(card).collect();
        let new = NewReview {
            enterprise_name: enterprise.into(),
            credit_code: CODE.into(),
            date: "2026-11-28".into(),
            place: "福州".into(),
            ..Default::default()
        };
        let id = self.store.create_review(&new, card, &rules).unwrap();
        let case = self.store.case_of_review(id).unwrap().expect("a case of its own").0;
        (id, case)
    }

    fn draw(&mut self, case: i64, seed: u8) -> DrawRecordV1 {
        let choices = UnitChoices { size: Some(3), drawn: None, reserves: 2, grounds: vec![] };
        draw_case(&mut self.store, case, choices, "2026-11-20", &[seed; 32], None).unwrap().1
    }

    fn expert_id(&self, id: i64, name: &str) -> i64 {
        self.store.load(id).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
    }

    /// Everyone on the panel scores full marks; the first is the lead; finalized.
    fn finalize(&mut self, id: i64) {
        let catalog = common::catalog();
        let card = catalog.scorecard(SHEET).unwrap();
        let experts = self.store.load(id).unwrap().data.experts.clone();
        self.store.set_lead(id, experts[0].id).unwrap();
        for e in &experts {
            for item in card.scored_items() {
                self.store.set_score(id, e.id, &item.id, item.points, "", "").unwrap();
            }
        }
        for v in ["v1", "v2", "v3"] {
            self.store.answer_veto(id, v, Answer::No, "").unwrap();
        }
        let opinion = OpinionPatch {
            summary: Some("审核工作规范。".into()),
            conclusion: Some("通过验收".into()),
            ..Default::default()
        };
        self.store.set_opinion(id, &opinion).unwrap();
        self.store.add_signin(id, &experts[0].name, "福建省环境科学研究院", "教授级高工", "专家").unwrap();
        self.store.finalize(id).unwrap();
    }

    fn sign(&mut self, id: i64, name: &str) -> Result<String, ExportError> {
        let e = self.expert_id(id, name);
        let key = self.key(name);
        sign_review(&mut self.store, id, e, &key, &pw(), None, NOW)
    }

    fn export(&self, id: i64, name: &str) -> PathBuf {
        export(&self.store, id, &self.dir.path().join(name)).unwrap()
    }

    /// The unit's database copied whole as it is now: another support unit's store of the same moment.
    fn copy_store(&self, name: &str) -> Store {
        let to = self.dir.path().join(name);
        std::fs::create_dir_all(&to).unwrap();
        let conn = Connection::open(self.dir.path().join("unit").join("yanshou.db")).unwrap();
        conn.execute("VACUUM INTO ?1", [to.join("yanshou.db").to_str().unwrap()]).unwrap();
        drop(conn);
        Store::open_in(&to).unwrap()
    }
}

/// A drawn review, finalized and signed by its drawn experts: the first drawn declined and was replaced by the
/// first reserve before the panel was put from the draw, and an outsider was typed onto the panel (who scores but
/// cannot sign). Gives the review, its case, the draw's record and the substitution.
fn drawn_review(w: &mut World) -> (i64, i64, DrawRecordV1, Substitution) {
    let (id, case) = w.review("福建测试化工有限公司");
    let record = w.draw(case, 7);
    let sub = w.store.substitute(case, &record.panel[0], None, Cause::Declined, "本人出差").unwrap();
    assert_eq!(sub.in_name, record.reserves[0]);
    let d = w.store.panel_from_draw(id).unwrap();
    assert_eq!(d.record, record);
    w.store.add_expert(id, &NewExpert { name: OUTSIDER.into(), field: "环保".into(), ..Default::default() }).unwrap();
    w.finalize(id);
    (id, case, record, sub)
}

fn signers_of(record: &DrawRecordV1, sub: &Substitution) -> Vec<String> {
    record.panel.iter().map(|n| if *n == sub.out_name { sub.in_name.clone() } else { n.clone() }).collect()
}

/// The payload as export wrote it.
fn payload(b: &Bundle) -> yanshou::bundle::payload::PayloadV4 {
    match Signed::parse(&b.payload_bytes).unwrap() {
        Signed::V4(p) => *p,
        other => panic!("not version 4: {}", other.version()),
    }
}

fn csv_row_of(store: &Store, enterprise: &str) -> (Vec<String>, Vec<String>) {
    let reviews: Vec<_> = from_store(store).unwrap().collect::<Result<_, _>>().unwrap();
    let text = csv_text(&reviews).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let head = split(lines.next().unwrap());
    let row = lines.map(split).find(|r| r[0] == enterprise).expect("the review's row");
    (head, row)
}

fn column<'a>(head: &[String], row: &'a [String], name: &str) -> &'a str {
    &row[head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {head:?}"))]
}

#[test]
fn a_drawn_panel_signs_exports_verifies_imports_and_compiles_with_its_draw() {
    let mut w = World::new();
    let (id, case, record, sub) = drawn_review(&mut w);
    // The draw as the store keeps it is the review's: its stored hash is the hash of the record's canonical bytes.
    let stored = w.store.review_draw(id).unwrap().expect("the review stands on the draw");
    assert_eq!(stored.record_sha256, record_sha256(&record));
    assert_eq!(stored.record_json.as_bytes(), record_bytes(&record).as_slice());
    assert_eq!(stored.substitutions, vec![sub.clone()]);
    // Signing: the outsider is refused before anything is signed, naming them; the drawn experts sign.
    let refused = w.sign(id, OUTSIDER).unwrap_err();
    let ExportError::Store(StoreError::Pool(PoolRefusal::SignersNotDrawn { names })) = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(names, &[OUTSIDER.to_string()]);
    assert!(refused.zh().contains(OUTSIDER) && refused.zh().contains("抽取"), "{}", refused.zh());
    assert!(w.store.signatures(id).unwrap().is_empty(), "nothing signed");
    // The one who declined is not on the panel, so cannot even be asked to sign.
    assert!(w.store.load(id).unwrap().data.experts.iter().all(|e| e.name != sub.out_name));
    for name in signers_of(&record, &sub) {
        w.sign(id, &name).unwrap();
    }
    // A substitution on the draw the finalized review stands on would change what was signed: refused.
    let next = signers_of(&record, &sub)[1].clone();
    let refused = w.store.substitute(case, &next, None, Cause::Conflict, "发现曾参与咨询").unwrap_err();
    assert!(
        matches!(refused, StoreError::Pool(PoolRefusal::DrawOfFinalizedReview { review, .. }) if review == id),
        "{refused:?}"
    );
    assert!(refused.zh().contains("已定稿") && refused.zh().contains("替换"), "{}", refused.zh());
    assert_eq!(w.store.review_draw(id).unwrap().unwrap().substitutions, vec![sub.clone()], "nothing recorded");

    // Export: the payload is version 4 and names the draw and its substitution; the bundle carries the record.
    let path = w.export(id, "bundle");
    let b = read(&path).unwrap();
    let p = payload(&b);
    assert_eq!(p.draw_sha256.as_deref(), Some(record_sha256(&record).as_str()));
    assert_eq!(p.substitutions, vec![SubstitutionPart::of(&sub)]);
    assert_eq!(p.substitutions[0].cause, "declined");
    assert_eq!(b.files[DRAW_RECORD], record_bytes(&record));
    assert!(b.manifest.files.contains_key(DRAW_RECORD), "listed in the manifest like every file");
    let v = verify(&b, &w.roster);
    assert!(v.accepted, "{:?}", v.problems_zh);
    assert_eq!(v.draw_sha256, p.draw_sha256);

    // A second draw of the case after signing does not change what the review stands on, nor its payload.
    let again = w.draw(case, 9);
    assert_ne!(record_sha256(&again), record_sha256(&record));
    assert_eq!(w.store.current_draw(case).unwrap().unwrap().record, again);
    assert_eq!(w.store.review_draw(id).unwrap().unwrap().record, record);
    assert_eq!(current_payload(&w.store, id).unwrap().2, v.payload_sha256);

    // Import: the support unit holds the draw with that substitution; the compilation says so.
    let o = import_bundle(&mut w.store, &w.roster, &path).unwrap();
    assert!(matches!(o, ImportOutcome::New { .. }), "{o:?}");
    let (head, row) = csv_row_of(&w.store, "福建测试化工有限公司");
    assert_eq!(head.last().map(String::as_str), Some("抽取核对"));
    assert_eq!(
        column(&head, &row, "抽取核对"),
        format!("含记录的替补：{}→{}（本人谢绝：本人出差）", sub.out_name, sub.in_name)
    );
}

#[test]
fn a_drawn_panel_without_substitutes_compiles_as_all_drawn() {
    let mut w = World::new();
    let (id, case) = w.review("福建无替补有限公司");
    let record = w.draw(case, 3);
    w.store.panel_from_draw(id).unwrap();
    w.finalize(id);
    for name in &record.panel {
        w.sign(id, name).unwrap();
    }
    let path = w.export(id, "bundle");
    assert!(payload(&read(&path).unwrap()).substitutions.is_empty());
    assert!(matches!(import_bundle(&mut w.store, &w.roster, &path).unwrap(), ImportOutcome::New { .. }));
    let (head, row) = csv_row_of(&w.store, "福建无替补有限公司");
    assert_eq!(column(&head, &row, "抽取核对"), "签名专家均为抽取专家");
}

#[test]
fn a_changed_or_missing_draw_record_and_changed_substitutions_fail_verification() {
    let mut w = World::new();
    let (id, _, record, _) = drawn_review(&mut w);
    for name in signers_of(&record, &w.store.review_draw(id).unwrap().unwrap().substitutions[0]) {
        w.sign(id, &name).unwrap();
    }
    let path = w.export(id, "bundle");
    let sound = read(&path).unwrap();
    assert!(verify(&sound, &w.roster).accepted);
    let problems = |b: &Bundle| verify(b, &w.roster).problems;

    // One byte of the record changed (the manifest mended as a forger would): not the record the payload names.
    let mut b = sound.clone();
    let bytes = b.files.get_mut(DRAW_RECORD).unwrap();
    let at = bytes.iter().position(|c| *c == b'7').unwrap();
    bytes[at] = b'8';
    common::rerender(&mut b);
    let found = problems(&b);
    assert!(
        found.iter().any(|p| matches!(p, BundleProblem::DrawRecordChanged { expected, .. }
            if Some(expected) == payload(&sound).draw_sha256.as_ref())),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.zh().contains("抽取记录被改动过")), "{found:?}");

    // The record removed: the payload names a draw the bundle does not carry.
    let mut b = sound.clone();
    b.files.remove(DRAW_RECORD);
    common::rerender(&mut b);
    let found = problems(&b);
    assert_eq!(found, vec![BundleProblem::DrawRecordMissing { sha256: record_sha256(&record) }]);

    // The substitutions altered in the payload: that is what the experts signed, so every signature breaks.
    let mut b = sound.clone();
    let mut value: serde_json::Value = serde_json::from_slice(&b.payload_bytes).unwrap();
    value["substitutions"][0]["reason"] = "另有安排".into();
    b.payload_bytes = canonical(&value);
    b.files.insert("payload.json".into(), b.payload_bytes.clone());
    common::rerender(&mut b);
    let found = problems(&b);
    let broken = found.iter().filter(|p| matches!(p, BundleProblem::SignatureInvalid { .. })).count();
    assert_eq!(broken, 3, "{found:?}");
}

#[test]
fn the_draw_is_checked_from_the_bundle_alone_a_record_that_does_not_re_run_and_a_signer_not_drawn() {
    let mut w = World::new();
    let (id, _, record, sub) = drawn_review(&mut w);
    for name in signers_of(&record, &sub) {
        w.sign(id, &name).unwrap();
    }
    let sound = read(&w.export(id, "bundle")).unwrap();
    let ids = |b: &Bundle| verify(b, &w.roster).problems;

    // A record whose panel was swapped and whose hash the payload was made to name: it does not re-run, and the
    // expert the forged record shows is named (the payload is re-signed by a forger's hand: the signatures break too).
    let mut forged = record.clone();
    forged.panel.swap(0, 1);
    let mut b = sound.clone();
    b.files.insert(DRAW_RECORD.into(), record_bytes(&forged));
    let mut value: serde_json::Value = serde_json::from_slice(&b.payload_bytes).unwrap();
    value["draw_sha256"] = record_sha256(&forged).into();
    b.payload_bytes = canonical(&value);
    b.files.insert("payload.json".into(), b.payload_bytes.clone());
    common::rerender(&mut b);
    let found = ids(&b);
    assert!(found.iter().any(|p| matches!(p, BundleProblem::DrawRerunDiffers { .. })), "{found:?}");
    assert!(found.iter().any(|p| p.zh().contains("重新抽取")), "{found:?}");

    // A signature entry of the outsider over the payload (their own key, on the roster): not drawn.
    let mut b = sound.clone();
    let (sk, pk) = keys::open_secret(&w.key(OUTSIDER), &pw()).unwrap();
    let sig = yanshou::bundle::sign::sign(&sk, &pk, &b.payload_bytes, "forged").unwrap();
    let rel = "signatures/99-forged.minisig".to_string();
    b.files.insert(rel.clone(), sig.into_bytes());
    b.manifest.signatures.push(yanshou::bundle::verify::ManifestSignature {
        expert: OUTSIDER.into(),
        kind: "sign".into(),
        key_id: keys::key_id(&pk),
        public_key: keys::public_base64(&pk),
        signature: rel,
        signed: "payload.json".into(),
    });
    common::rerender(&mut b);
    let found = ids(&b);
    assert!(found.contains(&BundleProblem::SignerNotDrawn { name: OUTSIDER.into() }), "{found:?}");
}

#[test]
fn import_quarantines_a_draw_the_store_does_not_hold_or_whose_substitutions_differ() {
    let mut w = World::new();
    let (id, case) = w.review("福建测试化工有限公司");
    let record = w.draw(case, 7);
    // Another store of this moment: it holds the draw, without the substitution recorded next.
    let mut before = w.copy_store("before");
    let sub = w.store.substitute(case, &record.panel[0], None, Cause::Declined, "本人出差").unwrap();
    w.store.panel_from_draw(id).unwrap();
    w.finalize(id);
    for name in signers_of(&record, &sub) {
        w.sign(id, &name).unwrap();
    }
    let path = w.export(id, "bundle");

    // A support unit that never made this draw.
    let mut other = Store::open_in(&w.dir.path().join("other")).unwrap();
    let o = import_bundle(&mut other, &w.roster, &path).unwrap();
    let ImportOutcome::Quarantined { reason_zh, .. } = &o else { panic!("{o:?}") };
    assert!(reason_zh.contains("没有这次抽取") && reason_zh.contains(&record_sha256(&record)), "{reason_zh}");
    assert!(other.imports().unwrap().is_empty(), "nothing half-imported");
    assert_eq!(other.quarantined().unwrap().len(), 1);

    // One that holds the draw but recorded no substitution.
    let o = import_bundle(&mut before, &w.roster, &path).unwrap();
    let ImportOutcome::Quarantined { reason_zh, .. } = &o else { panic!("{o:?}") };
    assert!(reason_zh.contains("替补") && reason_zh.contains("不一致"), "{reason_zh}");
    assert!(before.imports().unwrap().is_empty(), "nothing half-imported");
}

#[test]
fn a_typed_panel_carries_no_draw_compiles_as_not_drawn_and_a_draw_file_in_its_bundle_is_refused() {
    let mut w = World::new();
    let (id, case) = w.review("福建手工录入有限公司");
    // The case has a draw, but this panel was typed, not put from it.
    w.draw(case, 5);
    for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), (OUTSIDER, "环保")] {
        w.store.add_expert(id, &NewExpert { name: name.into(), field: field.into(), ..Default::default() }).unwrap();
    }
    assert!(w.store.review_draw(id).unwrap().is_none());
    w.finalize(id);
    w.sign(id, OUTSIDER).unwrap();
    let path = w.export(id, "bundle");
    let b = read(&path).unwrap();
    let p = payload(&b);
    assert_eq!((p.draw_sha256.as_deref(), p.substitutions.len()), (None, 0));
    assert!(!b.files.contains_key(DRAW_RECORD));
    assert!(verify(&b, &w.roster).accepted);

    // A draw record slipped into it is not of the bundle.
    let mut slipped = b.clone();
    let stored = w.store.current_draw(case).unwrap().unwrap();
    slipped.files.insert(DRAW_RECORD.into(), stored.record_json.into_bytes());
    common::rerender(&mut slipped);
    let found = verify(&slipped, &w.roster).problems;
    assert_eq!(found, vec![BundleProblem::NotOfTheBundle { path: DRAW_RECORD.into() }]);

    assert!(matches!(import_bundle(&mut w.store, &w.roster, &path).unwrap(), ImportOutcome::New { .. }));
    let (head, row) = csv_row_of(&w.store, "福建手工录入有限公司");
    assert_eq!(column(&head, &row, "抽取核对"), "未经抽取（专家组手工录入）");
}

/// A bundle of payload version 3 (as yanshou wrote before version 4: no substitutions, no draw) still verifies.
#[test]
fn a_version_3_bundle_still_verifies() {
    let mut w = World::new();
    let (id, _) = w.review("福建旧版有限公司");
    for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业")] {
        w.store.add_expert(id, &NewExpert { name: name.into(), field: field.into(), ..Default::default() }).unwrap();
    }
    w.finalize(id);
    w.sign(id, "王建国").unwrap();
    let mut b = read(&w.export(id, "bundle")).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&b.payload_bytes).unwrap();
    value.as_object_mut().unwrap().remove("substitutions");
    value["version"] = 3.into();
    b.payload_bytes = canonical(&value);
    assert!(matches!(Signed::parse(&b.payload_bytes), Ok(Signed::V3(_))));
    b.files.insert("payload.json".into(), b.payload_bytes.clone());
    // Signed again over the version 3 bytes, as the panel signed them then.
    let (sk, pk) = keys::open_secret(&w.key("王建国"), &pw()).unwrap();
    let s = b.manifest.signatures[0].clone();
    let trusted = yanshou::bundle::sign::inspect(&String::from_utf8_lossy(&b.files[&s.signature])).unwrap().1;
    let sig = yanshou::bundle::sign::sign(&sk, &pk, &b.payload_bytes, &trusted).unwrap();
    b.files.insert(s.signature.clone(), sig.into_bytes());
    common::rerender(&mut b);
    let v = verify(&b, &w.roster);
    assert!(v.accepted, "{:?}", v.problems_zh);
    assert_eq!(v.draw_sha256, None);
}

/// A database of the version before the reviews' draws (their table and index dropped with those of the migrations
/// after it, `user_version` set back)
/// opens, gains the table, keeps every row, and the panel is put from the draw as on a new one.
#[test]
fn a_database_of_the_version_before_the_reviews_draws_migrates_with_every_row_kept() {
    let mut w = World::new();
    let (id, case) = w.review("福建迁移有限公司");
    let record = w.draw(case, 7);
    w.store.substitute(case, &record.panel[0], None, Cause::Declined, "本人出差").unwrap();
    let migrations = yanshou::store::migrations::MIGRATIONS;
    let link = migrations.iter().position(|m| m.contains("CREATE TABLE review_draws (")).unwrap();
    let db = w.dir.path().join("unit").join("yanshou.db");
    let dump = |sql: &str| -> Vec<String> {
        let conn = Connection::open(&db).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let tables = ["reviews", "experts", "cases", "pool_experts", "draws", "draw_substitutions", "audit_log"];
    let rows: Vec<Vec<String>> = tables.iter().map(|t| dump(&format!("SELECT * FROM {t} ORDER BY 1, 2"))).collect();
    drop(std::mem::replace(&mut w.store, Store::open_in(&w.dir.path().join("scratch")).unwrap()));
    {
        let conn = Connection::open(&db).unwrap();
        // The migrations after it (the stored results, 11) are undone too: the file is one of the version before.
        conn.execute_batch(
            "DROP TABLE review_results; DROP INDEX reviews_status; DROP INDEX review_draws_draw; DROP TABLE review_draws;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", link as i64).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    }
    let mut store = Store::open_in(&w.dir.path().join("unit")).unwrap();
    let again: Vec<Vec<String>> = tables.iter().map(|t| dump(&format!("SELECT * FROM {t} ORDER BY 1, 2"))).collect();
    assert_eq!(again, rows, "every row as it was");
    assert_eq!(dump("PRAGMA user_version"), [format!("Integer({})", migrations.len())]);
    assert!(store.review_draw(id).unwrap().is_none());
    store.panel_from_draw(id).unwrap();
    assert_eq!(store.review_draw(id).unwrap().unwrap().record, record);
    assert_eq!(dump("SELECT review_id FROM review_draws"), [format!("Integer({id})")]);
}

/// The link is tied to the audit log with the pool's rows: changed outside yanshou, it is damage and every change of
/// the pool is refused.
#[test]
fn a_link_changed_outside_yanshou_is_damage() {
    let mut w = World::new();
    let (id, case) = w.review("福建篡改有限公司");
    w.draw(case, 7);
    w.store.panel_from_draw(id).unwrap();
    let second = w.draw(case, 8);
    let second_id = w.store.current_draw(case).unwrap().unwrap().id;
    assert_eq!(w.store.current_draw(case).unwrap().unwrap().record, second);
    let db: &Path = &w.dir.path().join("unit").join("yanshou.db");
    Connection::open(db)
        .unwrap()
        .execute("UPDATE review_draws SET draw_id = ?1 WHERE review_id = ?2", [second_id, id])
        .unwrap();
    let refused = w.store.review_draw(id).unwrap_err();
    assert!(matches!(refused, StoreError::Damaged(_)), "{refused:?}");
}

/// The signing page says, at 80×24, which draw the panel stands on.
#[test]
fn the_sign_page_names_the_draw_the_panel_stands_on() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use yanshou::tui::{self, App, keys::script};
    let mut w = World::new();
    let (id, _, _, _) = drawn_review(&mut w);
    let d = w.store.review_draw(id).unwrap().unwrap();
    let World { dir, store, .. } = w;
    let mut app = App::new(store, common::catalog().clone(), dir.path().join("unit"), "2026-11-28");
    app.clock = || "10:30:00".to_string();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    tui::step(&mut term, &mut app, script("<Enter><F6>")).unwrap();
    let screen = common::screen_text(&common::frame(&term, &mut app));
    let line = format!("专家组来自抽取记录 {}（sha256 {}）", d.id, &d.record_sha256[..12]);
    assert!(screen.contains(&line), "{line}\n{screen}");
}

/// Versions 3 and 4 are read from their flat JSON object field by field (not through serde's `flatten`): the same
/// payload read back gives the same bytes, and the shape is held as the frozen structs hold it — an unknown field is
/// refused, version 4 must have its substitutions and version 3 must not, the optional links may be missing.
#[test]
fn versions_3_and_4_are_read_field_by_field_with_their_shape_held() {
    let mut w = World::new();
    let (id, _) = w.review("福建读法有限公司");
    for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业")] {
        w.store.add_expert(id, &NewExpert { name: name.into(), field: field.into(), ..Default::default() }).unwrap();
    }
    w.finalize(id);
    w.sign(id, "王建国").unwrap();
    let b = read(&w.export(id, "bundle")).unwrap();
    let p = payload(&b);
    assert_eq!(canonical(&p), b.payload_bytes, "read back, the same bytes");
    let value: serde_json::Value = serde_json::from_slice(&b.payload_bytes).unwrap();
    let parse = |v: &serde_json::Value| Signed::parse(&canonical(v));
    let with = |f: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        let mut v = value.clone();
        f(v.as_object_mut().unwrap());
        v
    };

    let unknown = parse(&with(&|o| {
        o.insert("extra".into(), 1.into());
    }));
    assert!(format!("{unknown:?}").contains("unknown field `extra`"), "{unknown:?}");
    let missing = parse(&with(&|o| {
        o.remove("substitutions");
    }));
    assert!(format!("{missing:?}").contains("missing field `substitutions`"), "{missing:?}");
    let v3_with = parse(&with(&|o| {
        o.insert("version".into(), 3.into());
    }));
    assert!(format!("{v3_with:?}").contains("unknown field `substitutions`"), "{v3_with:?}");
    let required = parse(&with(&|o| {
        o.remove("sheets");
    }));
    assert!(format!("{required:?}").contains("missing field `sheets`"), "{required:?}");
    match parse(&with(&|o| {
        o.remove("recheck_of");
        o.remove("draw_sha256");
    })) {
        Ok(Signed::V4(q)) => {
            assert_eq!(q.recheck_of, None);
            assert_eq!(q.draw_sha256, None);
            assert_eq!(q.v3.v2, p.v3.v2);
        }
        other => panic!("{other:?}"),
    }
}
