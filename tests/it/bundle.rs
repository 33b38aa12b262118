//! Signing, export, verification, import and compilation: round trips, tampering, the roster, recusals, versions,
//! and the standalone minisign tool.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use yanshou::bundle::compile::{from_imports, write_xlsx};
use yanshou::bundle::export::{current_payload, export, sign_review};
use yanshou::bundle::import::{BATCH, import_bundle, import_bundles};
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{read, verify};
use yanshou::bundle::{SignStatus, sign};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::store::signing::ImportOutcome;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};
use zeroize::Zeroizing;

pub(crate) const NOW: &str = "2026-11-28T10:00:00+08:00";

fn pw() -> Passphrase {
    Zeroizing::new("correct horse battery".to_string())
}

pub(crate) struct World {
    pub(crate) dir: tempfile::TempDir,
    panel: Store,
    pub(crate) unit: Store,
    pub(crate) roster: Roster,
    issuer_key: PathBuf,
}

impl World {
    pub(crate) fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let issuer = generate(&keys, "unit", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for name in ["王建国", "李秀英", "张伟", "赵敏", "局外人"] {
            let k = generate(&keys, name, &pw()).unwrap();
            if name == "局外人" {
                continue; // a key outside the roster
            }
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: "福建省环境科学研究院".into(),
                    key_id: k.key_id,
                    public_key: k.public_key,
                    valid_from: "2026-01-01".into(),
                    valid_until: "2027-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        let roster_path = dir.path().join("roster.json");
        roster.save(&roster_path, &issuer.secret_path, &pw()).unwrap();
        let roster = Roster::load(&roster_path, &issuer_pk).unwrap();
        let panel = Store::open_in(&dir.path().join("panel")).unwrap();
        let unit = Store::open_in(&dir.path().join("unit")).unwrap();
        World { dir, panel, unit, roster, issuer_key: issuer.secret_path }
    }

    fn key(&self, name: &str) -> PathBuf {
        self.dir.path().join("keys").join(format!("{name}.key"))
    }

    /// A finalized review on the 福建 acceptance sheet: three scoring experts, 赵敏 recused; `scores` gives the
    /// points of item 2.6 for each scoring expert (the rest at full marks).
    pub(crate) fn finalized_review(&mut self, enterprise: &str, scores: [i64; 3]) -> i64 {
        let catalog = common::catalog();
        let card = catalog.scorecard("fujian-2008-acceptance").unwrap();
        let rules: Vec<_> = catalog.rules_for(card).collect();
        let s = &mut self.panel;
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
        let mut experts = Vec::new();
        for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")]
        {
            experts.push(
                s.add_expert(
                    id,
                    &NewExpert {
                        name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default()
                    },
                )
                .unwrap(),
            );
        }
        s.recuse(id, experts[3], "participated", "曾参与该企业审核咨询").unwrap();
        for (n, e) in experts[..3].iter().enumerate() {
            for item in card.scored_items() {
                let p = if item.id == "2.6" { Points::from_tenths(scores[n]) } else { item.points };
                let reason = if p < item.points { "未达到三级标准的部分指标" } else { "" };
                s.set_score(id, *e, &item.id, p, reason, "").unwrap();
            }
        }
        for v in ["v1", "v2", "v3"] {
            s.answer_veto(id, v, Answer::No, "").unwrap();
        }
        s.set_opinion(
            id,
            &OpinionPatch {
                summary: Some("审核工作规范。".into()),
                conclusion: Some("通过验收".into()),
                ..Default::default()
            },
        )
        .unwrap();
        s.add_signin(id, "王建国", "福建省环境科学研究院", "教授级高工", "专家").unwrap();
        s.finalize(id).unwrap();
        id
    }

    fn expert(&self, id: i64, name: &str) -> i64 {
        self.panel.load(id).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
    }

    pub(crate) fn sign(&mut self, id: i64, name: &str, dissent: Option<&str>) {
        let e = self.expert(id, name);
        let key = self.key(name);
        sign_review(&mut self.panel, id, e, &key, &pw(), dissent, NOW).unwrap();
    }

    pub(crate) fn export(&self, id: i64, name: &str) -> PathBuf {
        let out = self.dir.path().join("usb").join(name);
        fs::create_dir_all(out.parent().unwrap()).unwrap();
        export(&self.panel, id, &out).unwrap()
    }

    /// Imports as the support unit does (`yanshou import`): verify, then store or quarantine.
    pub(crate) fn import(&mut self, bundle: &Path) -> ImportOutcome {
        import_bundle(&mut self.unit, &self.roster, bundle).unwrap()
    }
}

#[test]
fn a_signed_bundle_verifies_and_names_everyone() {
    let mut w = World::new();
    let id = w.finalized_review("福建某某化工有限公司", [150, 150, 120]);
    w.sign(id, "王建国", None);
    w.sign(id, "李秀英", None);
    let out = w.export(id, "b1");
    let v = verify(&read(&out).unwrap(), &w.roster);
    assert!(v.accepted, "{:?}", v.problems);
    let status: Vec<(&str, SignStatus)> = v.signers.iter().map(|s| (s.expert.as_str(), s.status)).collect();
    assert_eq!(
        status,
        [
            ("王建国", SignStatus::Signed),
            ("李秀英", SignStatus::Signed),
            ("张伟", SignStatus::Missing),
            ("赵敏", SignStatus::Recused)
        ]
    );
    assert_eq!(v.recomputed, v.signed_result);
    assert_eq!(v.signed_result.as_ref().unwrap().total.as_deref(), Some("99.00"));
    // The documents are in the bundle, with the short hash printed.
    let html = fs::read_to_string(out.join("验收意见.html")).unwrap();
    assert!(html.contains(&yanshou::bundle::short_hash(&v.payload_sha256)));
}

#[test]
fn a_recused_expert_cannot_sign_and_a_second_signature_is_refused() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 150]);
    let zhao = w.expert(id, "赵敏");
    let key = w.key("赵敏");
    let err = sign_review(&mut w.panel, id, zhao, &key, &pw(), None, NOW).unwrap_err().to_string();
    assert!(err.contains("recused"), "{err}");
    w.sign(id, "王建国", None);
    let wang = w.expert(id, "王建国");
    let key = w.key("王建国");
    let err = sign_review(&mut w.panel, id, wang, &key, &pw(), Some("改变主意"), NOW).unwrap_err().to_string();
    assert!(err.contains("already signed"), "{err}");
    let err = sign_review(&mut w.panel, id, wang, &key, &Zeroizing::new("wrong passphrase".into()), None, NOW)
        .unwrap_err()
        .to_string();
    assert!(err.contains("passphrase is wrong"), "{err}");
    // 王建国's key cannot sign (or dissent) for 李秀英, and nothing is stored: the key file names 王建国, and no roster
    // on this computer says it is hers.
    let li = w.expert(id, "李秀英");
    for dissent in [None, Some("不同意")] {
        let err = sign_review(&mut w.panel, id, li, &key, &pw(), dissent, NOW).unwrap_err().to_string();
        assert!(
            err.contains("the key file names 王建国 as the key's owner, not 李秀英") && err.contains("own key"),
            "{err}"
        );
    }
    // A key file that names nobody (as `minisign -G` writes it) is held by the store's rule: one key, one expert.
    let anonymous = w.dir.path().join("anonymous.key");
    let text =
        fs::read_to_string(&key).unwrap().replacen("yanshou secret key of 王建国", "minisign encrypted secret key", 1);
    fs::write(&anonymous, text).unwrap();
    for dissent in [None, Some("不同意")] {
        let err = sign_review(&mut w.panel, id, li, &anonymous, &pw(), dissent, NOW).unwrap_err().to_string();
        assert!(err.contains("has already signed this version for 王建国") && err.contains("own key"), "{err}");
    }
    assert_eq!(w.panel.signatures(id).unwrap().len(), 1);
    w.sign(id, "李秀英", None);
    // Not finalized: nothing to sign.
    w.panel.reopen(id, "补充材料").unwrap();
    let err = sign_review(&mut w.panel, id, wang, &key, &pw(), None, NOW).unwrap_err().to_string();
    assert!(err.contains("not finalized"), "{err}");
}

#[test]
fn a_dissent_references_the_payload() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 100]);
    w.sign(id, "王建国", None);
    w.sign(id, "张伟", Some("本人认为第 2.6 项应不予通过。"));
    let out = w.export(id, "b");
    let v = verify(&read(&out).unwrap(), &w.roster);
    assert!(v.accepted, "{:?}", v.problems);
    let zhang = v.signers.iter().find(|s| s.expert == "张伟").unwrap();
    assert_eq!(zhang.status, SignStatus::Dissented);
    assert_eq!(zhang.dissent.as_deref(), Some("本人认为第 2.6 项应不予通过。"));
}

#[test]
fn flipping_any_byte_of_payload_or_signature_is_rejected() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 140, 130]);
    w.sign(id, "王建国", None);
    w.sign(id, "李秀英", None);
    let out = w.export(id, "b");
    let b = read(&out).unwrap();
    let sig_file = b.manifest.signatures[0].signature.clone();
    for file in ["payload.json".to_string(), sig_file] {
        let original = b.files[&file].clone();
        // Every byte of the payload would take long; a spread of positions covers structure, text and numbers.
        let positions: Vec<usize> =
            (0..original.len()).step_by((original.len() / 97).max(1)).chain([original.len() - 1]).collect();
        for pos in positions {
            let mut tampered = b.clone();
            let mut bytes = original.clone();
            bytes[pos] ^= 0x01;
            tampered.files.insert(file.clone(), bytes.clone());
            if file == "payload.json" {
                tampered.payload_bytes = bytes;
            }
            let v = verify(&tampered, &w.roster);
            assert!(!v.accepted, "{file} byte {pos} flipped was accepted");
        }
    }
    // Even with the manifest's hashes rewritten to match, a changed payload fails its signatures.
    let mut forged = b.clone();
    let text =
        String::from_utf8(forged.payload_bytes.clone()).unwrap().replacen("\"score\":\"14\"", "\"score\":\"15\"", 1);
    forged.payload_bytes = text.clone().into_bytes();
    forged.files.insert("payload.json".into(), text.clone().into_bytes());
    let sha = yanshou::bundle::verify::sha256_hex(text.as_bytes());
    forged.manifest.files.insert("payload.json".into(), sha.clone());
    forged.manifest.payload_sha256 = sha;
    let v = verify(&forged, &w.roster);
    assert!(!v.accepted);
    assert!(v.problems_en().iter().any(|p| p.contains("signature") && p.contains("not valid")), "{:?}", v.problems);
    assert!(v.problems_en().iter().any(|p| p.contains("recomputation mismatch")), "{:?}", v.problems);
}

/// Re-signs a (possibly altered) payload with another key and rewrites the manifest to match: a forger's bundle.
fn resign(w: &World, b: &mut yanshou::bundle::verify::Bundle, name: &str, as_expert: &str) {
    let (sk, pk) = keys::open_secret(&w.key(name), &pw()).unwrap();
    let sig = sign::sign(&sk, &pk, &b.payload_bytes, "forged").unwrap();
    let rel = "signatures/99-forged.minisig".to_string();
    b.files.insert(rel.clone(), sig.clone().into_bytes());
    b.manifest.files.insert(rel.clone(), yanshou::bundle::verify::sha256_hex(sig.as_bytes()));
    b.manifest.signatures.retain(|s| s.expert != as_expert);
    b.manifest.signatures.push(yanshou::bundle::verify::ManifestSignature {
        expert: as_expert.into(),
        kind: "sign".into(),
        key_id: keys::key_id(&pk),
        public_key: keys::public_base64(&pk),
        signature: rel,
        signed: "payload.json".into(),
    });
}

#[test]
fn keys_outside_the_roster_revoked_keys_and_recused_signers_are_refused() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    let out = w.export(id, "b");
    let b = read(&out).unwrap();

    let mut outsider = b.clone();
    resign(&w, &mut outsider, "局外人", "李秀英");
    let v = verify(&outsider, &w.roster);
    assert!(v.problems_en().iter().any(|p| p.contains("not on the roster")), "{:?}", v.problems);

    let mut wrong_person = b.clone();
    resign(&w, &mut wrong_person, "张伟", "李秀英");
    let v = verify(&wrong_person, &w.roster);
    assert!(v.problems_en().iter().any(|p| p.contains("belongs to 张伟")), "{:?}", v.problems);

    let mut recused = b.clone();
    resign(&w, &mut recused, "赵敏", "赵敏");
    let v = verify(&recused, &w.roster);
    assert!(v.problems_en().iter().any(|p| p.contains("recused")), "{:?}", v.problems);

    let mut revoked = w.roster.clone();
    let wang = revoked.entries.iter().find(|e| e.name == "王建国").unwrap().key_id.clone();
    revoked.revoke(&wang, "2026-11-01").unwrap();
    let v = verify(&b, &revoked);
    assert!(v.problems_en().iter().any(|p| p.contains("revoked")), "{:?}", v.problems);

    let mut expired = w.roster.clone();
    expired.entries.iter_mut().for_each(|e| e.valid_until = "2026-06-30".into());
    let v = verify(&b, &expired);
    assert!(v.problems_en().iter().any(|p| p.contains("is valid from")), "{:?}", v.problems);

    // The import quarantines them, with the reason, and keeps the good one.
    let bad = w.dir.path().join("usb").join("outsider");
    write_bundle(&outsider, &bad);
    assert!(matches!(w.import(&bad), ImportOutcome::Quarantined { .. }));
    assert!(matches!(w.import(&out), ImportOutcome::New { .. }));
    let q = w.unit.quarantined().unwrap();
    assert_eq!(q.len(), 1);
    assert!(q[0].reason.contains("not on the roster"));
}

fn write_bundle(b: &yanshou::bundle::verify::Bundle, dir: &Path) {
    for (name, bytes) in &b.files {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    fs::write(dir.join("bundle.json"), serde_json::to_vec_pretty(&b.manifest).unwrap()).unwrap();
}

#[test]
fn a_tampered_roster_is_refused() {
    let w = World::new();
    let path = w.dir.path().join("roster.json");
    let issuer_pub = w.dir.path().join("keys/unit.pub");
    let text = fs::read_to_string(&path).unwrap().replace("2027-12-31", "2099-12-31");
    fs::write(&path, text).unwrap();
    let err = Roster::load(&path, &keys::read_public(&issuer_pub).unwrap()).unwrap_err().to_string();
    assert!(err.contains("not signed by the trusted support-unit key"), "{err}");
    let _ = &w.issuer_key;
}

#[test]
fn import_new_identical_more_signatures_newer_version_and_conflicts() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    let first = w.export(id, "v1-one-signature");
    assert!(matches!(w.import(&first), ImportOutcome::New { .. }));
    assert!(matches!(w.import(&first), ImportOutcome::Identical { .. }));
    w.sign(id, "李秀英", None);
    let second = w.export(id, "v1-two-signatures");
    assert!(matches!(w.import(&second), ImportOutcome::SignaturesAdded { .. }));
    // The first bundle again now has fewer signatures than the imported one: a conflict, quarantined.
    assert!(matches!(w.import(&first), ImportOutcome::Quarantined { .. }));

    // Reopen, change a score, finalize and sign again: revision 2 supersedes revision 1.
    w.panel.reopen(id, "企业补交监测报告").unwrap();
    let zhang = w.expert(id, "张伟");
    w.panel.set_score(id, zhang, "2.6", Points::from_tenths(130), "补交报告后复核", "").unwrap();
    w.panel.finalize(id).unwrap();
    assert_eq!(w.panel.finalization(id).unwrap().revision, 2);
    assert!(w.panel.signatures(id).unwrap().is_empty(), "signatures belong to a revision");
    w.sign(id, "王建国", None);
    let v2 = w.export(id, "v2");
    assert!(matches!(w.import(&v2), ImportOutcome::Superseded { .. }));
    // The old revision arriving late is not silently dropped: it goes to the quarantine.
    assert!(matches!(w.import(&second), ImportOutcome::Quarantined { .. }));
    let imports = w.unit.imports().unwrap();
    assert_eq!(imports.len(), 2);
    assert!(imports[0].superseded_by.is_some() && imports[1].superseded_by.is_none());
    let reasons: Vec<String> = w.unit.quarantined().unwrap().into_iter().map(|q| q.reason).collect();
    assert!(reasons[0].contains("different set of signatures"), "{reasons:?}");
    assert!(reasons[1].contains("older version"), "{reasons:?}");
}

/// The signature check used on import (ed25519-dalek) answers as the minisign crate's own check does: on the real
/// signature, on every byte of the signature file and of the signed data flipped, on another expert's key, and on a
/// changed trusted comment.
#[test]
fn our_signature_check_and_minisigns_agree() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 140, 150]);
    w.sign(id, "王建国", None);
    w.sign(id, "张伟", Some("保留意见"));
    let out = w.export(id, "agree");
    let b = read(&out).unwrap();
    let other =
        keys::public_from_base64(&w.roster.entries.iter().find(|e| e.name == "李秀英").unwrap().public_key).unwrap();
    let mut cases = 0;
    for s in &b.manifest.signatures {
        let pk = keys::public_from_base64(&s.public_key).unwrap();
        let sig = String::from_utf8(b.files[&s.signature].clone()).unwrap();
        let data = b.files[&s.signed].clone();
        let same = |pk: &minisign::PublicKey, sig: &str, data: &[u8]| {
            let ours = sign::verify(pk, sig, data).is_ok();
            let theirs = sign::verify_with_minisign(pk, sig, data).is_ok();
            assert_eq!(ours, theirs, "ours {ours}, minisign {theirs} on\n{sig}");
            ours
        };
        assert!(same(&pk, &sig, &data), "the real signature");
        assert!(!same(&other, &sig, &data), "another expert's key");
        let changed = sig.replacen("\ntrusted comment: ", "\ntrusted comment: x", 1);
        assert!(!same(&pk, &changed, &data), "a changed trusted comment");
        for pos in 0..sig.len() {
            let mut bytes = sig.clone().into_bytes();
            bytes[pos] ^= 0x01;
            if let Ok(t) = std::str::from_utf8(&bytes) {
                same(&pk, t, &data);
                cases += 1;
            }
        }
        for pos in (0..data.len()).step_by((data.len() / 61).max(1)) {
            let mut d = data.clone();
            d[pos] ^= 0x01;
            assert!(!same(&pk, &sig, &d), "data byte {pos} flipped");
            cases += 1;
        }
    }
    assert!(cases > 500, "{cases}");
}

#[test]
fn minisign_accepts_the_signatures() {
    let have = std::process::Command::new("minisign").arg("-v").output().is_ok_and(|o| o.status.success());
    if !have {
        assert!(std::env::var_os("YANSHOU_REQUIRE_MINISIGN").is_none(), "minisign is required here but not installed");
        eprintln!("minisign not installed: the standalone check was not run");
        return;
    }
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    w.sign(id, "张伟", Some("保留意见"));
    let out = w.export(id, "b");
    let b = read(&out).unwrap();
    for s in &b.manifest.signatures {
        let o = std::process::Command::new("minisign")
            .arg("-V")
            .arg("-P")
            .arg(&s.public_key)
            .arg("-m")
            .arg(out.join(&s.signed))
            .arg("-x")
            .arg(out.join(&s.signature))
            .output()
            .unwrap();
        assert!(o.status.success(), "minisign -V refused {}: {}", s.signature, String::from_utf8_lossy(&o.stderr));
        // And refuses a changed payload.
        let changed = w.dir.path().join("changed.json");
        let mut bytes = fs::read(out.join(&s.signed)).unwrap();
        bytes[10] ^= 1;
        fs::write(&changed, bytes).unwrap();
        let o = std::process::Command::new("minisign")
            .args(["-V", "-P", &s.public_key, "-m"])
            .arg(&changed)
            .arg("-x")
            .arg(out.join(&s.signature))
            .output()
            .unwrap();
        assert!(!o.status.success());
    }
}

fn expected_totals(scores: &[i64; 3]) -> String {
    // 97 points outside item 2.6 for each expert; the mean of (85 + s/10) over three, exact to two decimals.
    let sum: i64 = scores.iter().map(|s| 850 + s).sum();
    let hundredths = (sum * 100 * 2 / 3 + 10) / 20; // rounded half up
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Export → verify → import → compile gives back the source data.
    #[test]
    fn round_trip_gives_back_the_source(a in 0i64..=150, b in 0i64..=150, c in 0i64..=150) {
        let mut w = World::new();
        let id = w.finalized_review("福建某某化工有限公司", [a, b, c]);
        w.sign(id, "王建国", None);
        w.sign(id, "李秀英", None);
        let (source, bytes, sha) = current_payload(&w.panel, id).unwrap();
        let out = w.export(id, "rt");
        let bundle = read(&out).unwrap();
        prop_assert_eq!(&bundle.payload_bytes, &bytes);
        let v = verify(&bundle, &w.roster);
        prop_assert!(v.accepted, "{:?}", v.problems);
        prop_assert_eq!(&v.payload_sha256, &sha);
        prop_assert!(matches!(w.import(&out), ImportOutcome::New { .. }), "import");
        let compiled = from_imports(&w.unit.imports().unwrap()).unwrap();
        prop_assert_eq!(compiled.len(), 1);
        prop_assert_eq!(&compiled[0].payload, &source);
        prop_assert_eq!(&compiled[0].payload_sha256, &sha);
        prop_assert_eq!(compiled[0].payload.result.total.as_ref(), Some(&expected_totals(&[a, b, c])));
        // Every score and its reason, as entered.
        let stored = w.panel.load(id).unwrap();
        prop_assert_eq!(compiled[0].payload.scores.len(), stored.data.scores.len());
        for s in &stored.data.scores {
            let name = &stored.data.expert(s.expert_id).unwrap().name;
            prop_assert!(compiled[0].payload.scores.iter().any(|p| &p.expert == name && p.item == s.item_id && p.score == s.points.to_string() && p.reason == s.reason));
        }
        let xlsx = w.dir.path().join("results.xlsx");
        write_xlsx(&xlsx, &compiled).unwrap();
        prop_assert!(fs::metadata(&xlsx).unwrap().len() > 0);
    }
}

/// What a support unit's database holds after importing: every import and quarantine row, less the time of day.
fn unit_state(store: &Store) -> (Vec<String>, Vec<String>) {
    let imports = store
        .imports()
        .unwrap()
        .into_iter()
        .map(|i| format!("{} {} {} {} {:?} {}", i.id, i.uid, i.revision, i.payload_sha256, i.superseded_by, i.source))
        .collect();
    let quarantined = store
        .quarantined()
        .unwrap()
        .into_iter()
        .map(|q| format!("{} {} {:?} {}", q.id, q.source, q.payload_sha256, q.reason))
        .collect();
    (imports, quarantined)
}

/// The bundles of a support unit's day: revision 1 with one and with two signatures, revision 2, another review, a
/// forged re-signature and a folder that is no bundle.
fn a_days_bundles(w: &mut World) -> Vec<PathBuf> {
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    let first = w.export(id, "v1-one");
    w.sign(id, "李秀英", None);
    let second = w.export(id, "v1-two");
    w.panel.reopen(id, "企业补交监测报告").unwrap();
    let zhang = w.expert(id, "张伟");
    w.panel.set_score(id, zhang, "2.6", Points::from_tenths(130), "补交报告后复核", "").unwrap();
    w.panel.finalize(id).unwrap();
    w.sign(id, "王建国", None);
    let v2 = w.export(id, "v2");
    let other = w.finalized_review("另一公司", [140, 150, 150]);
    w.sign(other, "张伟", None);
    let other = w.export(other, "other");
    let mut forged = read(&first).unwrap();
    resign(w, &mut forged, "局外人", "王建国");
    let forged_dir = w.dir.path().join("usb").join("forged");
    write_bundle(&forged, &forged_dir);
    let garbage = w.dir.path().join("usb").join("garbage");
    fs::create_dir_all(&garbage).unwrap();
    fs::write(garbage.join("bundle.json"), "{ not a manifest").unwrap();
    vec![first, second, v2, other, forged_dir, garbage]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    /// Importing a folder (verified on every core, stored a batch to a transaction) ends exactly as importing the same
    /// bundles one by one in the same order: the same outcomes, ids, supersessions and quarantine, across batches.
    #[test]
    fn importing_many_at_once_is_importing_them_one_by_one(order in Just((0..6).collect::<Vec<usize>>()).prop_shuffle()) {
        let mut w = World::new();
        let bundles = a_days_bundles(&mut w);
        // Past one batch, with every kind of outcome in every batch.
        let paths: Vec<PathBuf> = (0..BATCH + 11).map(|i| bundles[order[i % order.len()]].clone()).collect();
        let one = w.dir.path().join("one-by-one");
        let mut one = Store::open_in(&one).unwrap();
        let expected: Vec<ImportOutcome> =
            paths.iter().map(|p| import_bundle(&mut one, &w.roster, p).unwrap()).collect();
        let many = w.dir.path().join("many");
        let mut many = Store::open_in(&many).unwrap();
        let mut told = Vec::new();
        let got = import_bundles(&mut many, &w.roster, &paths, |p, o| told.push((p.to_path_buf(), o.clone()))).unwrap();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(told.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(), paths.clone());
        prop_assert_eq!(told.into_iter().map(|(_, o)| o).collect::<Vec<_>>(), expected.clone());
        prop_assert_eq!(unit_state(&many), unit_state(&one));
        let kinds: std::collections::BTreeSet<&str> = expected.iter().map(|o| match o {
            ImportOutcome::New { .. } => "new",
            ImportOutcome::Identical { .. } => "identical",
            ImportOutcome::SignaturesAdded { .. } => "signatures added",
            ImportOutcome::Superseded { .. } => "superseded",
            ImportOutcome::Quarantined { .. } => "quarantined",
        }).collect();
        prop_assert!(kinds.contains("new") && kinds.contains("identical") && kinds.contains("quarantined"), "{:?}", kinds);
        prop_assert!(many.verify_log().unwrap().is_empty());
    }
}

/// Roster dates are compared as text when a bundle is verified: whatever form they are given in, they are stored
/// padded, and an end before the start is refused.
#[test]
fn roster_dates_are_stored_padded_and_ordered() {
    let w = World::new();
    let known = w.roster.entries[0].clone();
    let issuer = keys::public_from_base64(&known.public_key).unwrap();
    let mut r = Roster::new(&issuer, "2026-01-01");
    let entry =
        |from: &str, until: &str| RosterEntry { valid_from: from.into(), valid_until: until.into(), ..known.clone() };
    let e = r.add(entry("2026-10-01", "2026-9-01")).expect_err("an end before the start");
    assert!(e.to_string().contains("after valid until 2026-09-01"), "{e}");
    r.add(entry("2026-9-1", "2027-1-31")).unwrap();
    assert_eq!((r.entries[0].valid_from.as_str(), r.entries[0].valid_until.as_str()), ("2026-09-01", "2027-01-31"));
    assert!(r.add(entry("2026-02-30", "2027-01-31")).is_err(), "not a calendar date");
}

/// An imported bundle's signatures can be checked again from the database alone: each one against the stored payload
/// (a signature of the payload keeps only the file's name) or against the dissent it keeps.
#[test]
fn imported_signatures_verify_again_from_the_database_alone() {
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 140, 150]);
    w.sign(id, "王建国", None);
    w.sign(id, "李秀英", None);
    w.sign(id, "张伟", Some("第 2.6 项扣分理由不足"));
    let out = w.export(id, "again");
    let outcome = import_bundle(&mut w.unit, &w.roster, &out).unwrap();
    assert!(matches!(outcome, ImportOutcome::New { .. }), "{outcome:?}");
    let record = w.unit.imports().unwrap().remove(0);
    let sigs: Vec<serde_json::Value> = serde_json::from_str(&record.signatures).unwrap();
    assert_eq!(sigs.len(), 3);
    let kinds: Vec<&str> = sigs.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "dissent").count(), 1, "{kinds:?}");
    for s in &sigs {
        let pk = keys::public_from_base64(s["public_key"].as_str().unwrap()).unwrap();
        let minisig = s["minisig"].as_str().unwrap();
        let signed: Vec<u8> = match s["kind"].as_str().unwrap() {
            "sign" => {
                assert_eq!(s["signed"], serde_json::json!({"file": "payload.json"}), "no copy of the payload");
                record.payload.clone()
            }
            _ => s["signed"]["text"].as_str().unwrap().as_bytes().to_vec(),
        };
        sign::verify(&pk, minisig, &signed).unwrap();
        let mut changed = signed.clone();
        changed[5] ^= 1;
        assert!(sign::verify(&pk, minisig, &changed).is_err());
    }
    assert!(record.signatures.len() < record.payload.len(), "{} bytes of signatures", record.signatures.len());
}

/// Every reason `verify` gives for a changed bundle, word for word as docs/faults.md (“Bundles”) lists it: the hashes,
/// the payload, the sheet, the recomputation, each signature against the roster and the panel, the dissent, nobody
/// signing, the manifest's and a signature file's form, a missing document and a folder of too many entries.
#[test]
fn verification_refusals_read_as_docs_faults_gives_them() {
    use yanshou::bundle::verify::{Bundle, sha256_hex};
    let mut w = World::new();
    let id = w.finalized_review("某公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    w.sign(id, "张伟", Some("本人认为第 2.6 项应不予通过。"));
    let out = w.export(id, "b");
    let b = read(&out).unwrap();
    assert!(verify(&b, &w.roster).accepted);
    let key_of = |name: &str| b.manifest.signatures.iter().find(|s| s.expert == name).unwrap().key_id.clone();
    let (wang, zhang) = (key_of("王建国"), key_of("张伟"));
    let sig = "signatures/01-王建国.minisig";
    assert!(b.files.contains_key(sig), "{:?}", b.files.keys());
    let problems = |b: &Bundle, roster: &Roster| verify(b, roster).problems_en();
    // Replaces a file's bytes, and its hash in the manifest when `mend`.
    let set = |b: &mut Bundle, name: &str, bytes: Vec<u8>, mend: bool| {
        if name == "payload.json" {
            b.payload_bytes = bytes.clone();
        }
        if name == "scorecard.toml" {
            b.scorecard_text = String::from_utf8(bytes.clone()).unwrap();
        }
        if mend {
            b.manifest.files.insert(name.into(), sha256_hex(&bytes));
        }
        b.files.insert(name.into(), bytes);
    };
    let text = |b: &Bundle, name: &str| String::from_utf8(b.files[name].clone()).unwrap();
    let has = |p: &[String], want: &str| assert!(p.iter().any(|p| p == want), "no “{want}” in {p:#?}");

    // A file changed, its hash left as it was.
    let mut t = b.clone();
    let changed = text(&t, "签到表.html").replacen("王建国", "王建华", 1).into_bytes();
    let (was, now) = (b.manifest.files["签到表.html"].clone(), sha256_hex(&changed));
    set(&mut t, "签到表.html", changed, false);
    has(
        &problems(&t, &w.roster),
        &format!("签到表.html has been changed (its SHA-256 is {now}, bundle.json says {was})"),
    );
    // A document missing, and not listed either.
    let mut t = b.clone();
    t.files.remove("签到表.html");
    t.manifest.files.remove("签到表.html");
    assert_eq!(problems(&t, &w.roster), ["签到表.html is missing: every bundle holds it"]);

    // The payload: changed (hash in `files` mended, not `payload_sha256`), reformatted, a score changed.
    let mut t = b.clone();
    set(&mut t, "payload.json", text(&b, "payload.json").replacen("某公司", "某某公司", 1).into_bytes(), true);
    let p = problems(&t, &w.roster);
    has(&p, "payload.json does not match the payload hash in bundle.json");
    has(
        &p,
        "王建国's signature signatures/01-王建国.minisig of payload.json is not valid: the signature does not verify: \
         signature verification failed",
    );
    has(&p, "张伟's dissent does not reference this payload and expert");
    has(&p, "nobody has signed the payload");
    let mut t = b.clone();
    let pretty = serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&b.payload_bytes).unwrap());
    let pretty = pretty.unwrap();
    t.manifest.payload_sha256 = sha256_hex(&pretty);
    set(&mut t, "payload.json", pretty, true);
    has(&problems(&t, &w.roster), "payload.json is not in canonical form (RFC 8785): it was edited after signing");
    let mut t = b.clone();
    let score = text(&b, "payload.json").replacen("\"score\":\"15\"", "\"score\":\"14\"", 1);
    t.manifest.payload_sha256 = sha256_hex(score.as_bytes());
    set(&mut t, "payload.json", score.into_bytes(), true);
    has(
        &problems(&t, &w.roster),
        "recomputation mismatch: the scores give 99.67 (优秀), the signed result says 100.00 (优秀)",
    );

    // The sheet: a comment added, its hash mended.
    let mut t = b.clone();
    set(&mut t, "scorecard.toml", format!("{}\n# 注\n", b.scorecard_text).into_bytes(), true);
    assert_eq!(problems(&t, &w.roster), ["scorecard.toml is not the sheet the review was scored on (hash differs)"]);

    // A signature file: its global signature, its untrusted comment, its line ends (each hash mended).
    let mut t = b.clone();
    // The global signature of another signature file: well-formed, but not over this one's trusted comment.
    let global = |name: &str| text(&b, name).lines().nth(3).unwrap().to_string();
    let dissent = b.manifest.signatures.iter().find(|s| s.kind == "dissent").unwrap().clone();
    let swapped = text(&b, sig).replace(&global(sig), &global(&dissent.signature));
    set(&mut t, sig, swapped.into_bytes(), true);
    has(
        &problems(&t, &w.roster),
        "王建国's signature signatures/01-王建国.minisig of payload.json is not valid: the signature does not verify: \
         the trusted comment or the global signature has been changed",
    );
    let not_as_written = format!(
        "{sig}, the signature of 王建国, is not as yanshou writes it (its comment line or line ends were changed)"
    );
    for changed in [
        text(&b, sig).replacen("yanshou signature with key", "signed with key", 1),
        text(&b, sig).replace('\n', "\r\n"),
    ] {
        let mut t = b.clone();
        set(&mut t, sig, changed.into_bytes(), true);
        assert_eq!(problems(&t, &w.roster), [not_as_written.as_str()]);
    }

    // Signatures against the roster and the panel.
    let mut t = b.clone();
    resign(&w, &mut t, "局外人", "李秀英");
    let outsider = t.manifest.signatures.last().unwrap().key_id.clone();
    has(
        &problems(&t, &w.roster),
        &format!("李秀英 signed with key {outsider}, which is not on the roster (unknown key)"),
    );
    let mut t = b.clone();
    resign(&w, &mut t, "张伟", "李秀英");
    has(&problems(&t, &w.roster), &format!("key {zhang} belongs to 张伟 on the roster, not to 李秀英"));
    let mut t = b.clone();
    resign(&w, &mut t, "赵敏", "赵敏");
    has(&problems(&t, &w.roster), "赵敏 recused (回避) but a signature of theirs is in the bundle");
    let mut t = b.clone();
    resign(&w, &mut t, "局外人", "局外人");
    has(&problems(&t, &w.roster), "bundle.json lists a signature by 局外人, who is not on the panel");
    let mut t = b.clone();
    let first = t.manifest.signatures[0].clone();
    t.manifest.signatures.push(first);
    assert_eq!(problems(&t, &w.roster), ["王建国 signed twice"]);
    let mut revoked = w.roster.clone();
    revoked.revoke(&wang, "2026-11-01").unwrap();
    assert_eq!(problems(&b, &revoked), [format!("王建国 signed with key {wang}, which is revoked since 2026-11-01")]);
    let mut expired = w.roster.clone();
    expired.entries.iter_mut().for_each(|e| e.valid_until = "2026-06-30".into());
    let payload: serde_json::Value = serde_json::from_slice(&b.payload_bytes).unwrap();
    let day = &payload["review"]["finalized_at"].as_str().unwrap()[..10];
    has(&problems(&b, &expired), &format!("王建国's key {wang} is valid from 2026-01-01 to 2026-06-30, not on {day}"));
    let mut other = w.roster.clone();
    let li = other.entries.iter().find(|e| e.name == "李秀英").unwrap().public_key.clone();
    other.entries.iter_mut().filter(|e| e.name == "王建国").for_each(|e| e.public_key = li.clone());
    assert_eq!(
        problems(&b, &other),
        [format!("王建国: key {wang} in bundle.json differs from the roster's key of that id")]
    );

    // A dissent naming another payload, signed by its expert.
    let mut t = b.clone();
    let entry = dissent;
    let mut d: sign::DissentV1 = serde_json::from_slice(&b.files[&entry.signed]).unwrap();
    d.payload_sha256 = "0".repeat(64);
    let bytes = yanshou::bundle::payload::canonical(&d);
    let (sk, pk) = keys::open_secret(&w.key("张伟"), &pw()).unwrap();
    let dissent_sig = sign::sign(&sk, &pk, &bytes, "forged").unwrap();
    set(&mut t, &entry.signed, bytes, true);
    set(&mut t, &entry.signature, dissent_sig.into_bytes(), true);
    has(&problems(&t, &w.roster), "张伟's dissent does not reference this payload and expert");

    // Nobody signed: no signature at all, the documents rendered to match.
    let mut t = b.clone();
    t.manifest.signatures.clear();
    let signed: Vec<String> = t.files.keys().filter(|k| !k.ends_with(".html") && k.contains('/')).cloned().collect();
    for k in signed {
        t.files.remove(&k);
        t.manifest.files.remove(&k);
    }
    common::rerender(&mut t);
    for (k, v) in t.files.clone() {
        t.manifest.files.insert(k, sha256_hex(&v));
    }
    assert_eq!(problems(&t, &w.roster), ["nobody has signed the payload"]);

    // On disk: the manifest written compactly; a folder of more entries than a bundle has.
    let compact = w.dir.path().join("usb").join("compact");
    write_bundle(&b, &compact);
    fs::write(compact.join("bundle.json"), serde_json::to_vec(&b.manifest).unwrap()).unwrap();
    assert_eq!(
        verify(&read(&compact).unwrap(), &w.roster).problems_en(),
        ["bundle.json is not in the form yanshou writes it: it was edited after export"]
    );
    let crowded = w.dir.path().join("usb").join("crowded");
    write_bundle(&b, &crowded);
    for n in 0..yanshou::bundle::verify::MAX_ENTRIES {
        fs::write(crowded.join(format!("x{n}")), "").unwrap();
    }
    assert_eq!(
        read(&crowded).unwrap_err().to_string(),
        "the bundle folder holds more than 4096 entries; a bundle holds a few dozen files"
    );
}
