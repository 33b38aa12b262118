//! Writes the seed bundles of the `bundle_verify` and `import` targets (`fuzz/seeds/bundle/*.bundle`) and the roster
//! that trusts their keys (`fuzz/seeds/roster.json`, read by fuzz/src/harness.rs). Real bundles, made with the
//! library exactly as a panel makes them, so that the fuzzer starts from inputs that verify and import:
//!
//!     cargo run --manifest-path fuzz/Cargo.toml --example make_seeds
//!
//! The keys are made afresh each run and thrown away (only the public keys survive, in the roster): rerunning replaces
//! all the seeds and the roster together. Regression files under tests/fuzz_regressions/ that are bundles then no
//! longer carry keys of the roster; they still replay, but stop at "unknown key".

#[path = "../src/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use yanshou::builtin::builtin_files;
use yanshou::bundle::export::{export, sign_review};
use yanshou::bundle::keys::{Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{Manifest, read, verify};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::domain::scorecard::{Catalog, Scorecard};
use yanshou::domain::scoring::{EvaluationInput, FactInput, Literal, settled_items};
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};

const NOW: &str = "2026-11-28T10:00:00+08:00";
const PANEL: [(&str, &str); 5] =
    [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源"), ("孙磊", "能源")];

fn pw() -> Passphrase {
    zeroize::Zeroizing::new("fuzz seed key, thrown away".to_string())
}

struct Panel {
    tmp: tempfile::TempDir,
    store: Store,
    catalog: Catalog,
}

impl Panel {
    fn key(&self, name: &str) -> PathBuf {
        self.tmp.path().join("keys").join(format!("{name}.key"))
    }

    fn expert(&self, id: i64, name: &str) -> i64 {
        self.store.load(id).unwrap().data.experts.iter().find(|e| e.name == name).unwrap().id
    }

    fn sign(&mut self, id: i64, name: &str, dissent: Option<&str>) {
        let e = self.expert(id, name);
        let key = self.key(name);
        sign_review(&mut self.store, id, e, &key, &pw(), dissent, NOW).unwrap();
    }

    /// A review with the panel above (赵敏 recused), `prepare`d (facts, bonuses, weights), every item scored.
    fn review(&mut self, sheet: &str, enterprise: &str, prepare: impl Fn(&mut Store, i64, &Scorecard)) -> i64 {
        let card = self.catalog.scorecard(sheet).unwrap().clone();
        let rules: Vec<_> = self.catalog.rules_for(&card).cloned().collect();
        let rules: Vec<_> = rules.iter().collect();
        let s = &mut self.store;
        let id = s
            .create_review(
                &NewReview {
                    enterprise_name: enterprise.into(),
                    credit_code: "91350100M000100Y43".into(),
                    date: "2026-11-28".into(),
                    place: "福州".into(),
                    ..Default::default()
                },
                &card,
                &rules,
            )
            .unwrap();
        let mut experts = Vec::new();
        for (name, field) in PANEL {
            let new =
                NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
            experts.push(s.add_expert(id, &new).unwrap());
        }
        s.recuse(id, experts[3], "participated", "曾参与该企业审核咨询").unwrap();
        prepare(s, id, &card);
        score_all(s, id, &card, &[experts[0], experts[1], experts[2], experts[4]]);
        for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
            s.answer_veto(id, &v.id, Answer::No, "").unwrap();
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
}

/// Every scored item the facts do not settle: its (adjusted) maximum, less one point on the first item for the
/// third expert so that the spread is not zero.
fn score_all(s: &mut Store, id: i64, card: &Scorecard, experts: &[i64]) {
    let data = s.load(id).unwrap().data;
    let input = EvaluationInput {
        facts: data.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
        weights: data.weights.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
        ..Default::default()
    };
    let settled = settled_items(card, &input);
    for (n, e) in experts.iter().enumerate() {
        for (i, item) in card.scored_items().enumerate() {
            let max = data.weights.get(&item.id).copied().unwrap_or(item.points);
            if settled.contains_key(&item.id) {
                continue; // the store refuses a score on an item the facts settle
            }
            let mut p = max;
            if n == 2 && i == 0 && p >= Points::whole(1) {
                p = p - Points::whole(1);
            }
            let reason = if p < max { "部分指标未达到要求" } else { "" };
            s.set_score(id, *e, &item.id, p, reason, "").unwrap();
        }
    }
}

/// The bundle's files, bundle.json first, then the payload and the sheet, then the rest. All of them: the documents
/// and key files are derived and checked, so a bundle without them does not verify.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let manifest: Manifest = serde_json::from_slice(&fs::read(dir.join("bundle.json")).unwrap()).unwrap();
    let mut files = vec![("bundle.json".to_string(), fs::read(dir.join("bundle.json")).unwrap())];
    let mut names: Vec<&String> = manifest.files.keys().collect();
    names.sort_by_key(|n| (!n.starts_with("payload"), !n.starts_with("scorecard"), n.to_string()));
    for name in names {
        files.push((name.clone(), fs::read(dir.join(name)).unwrap()));
    }
    files
}

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let issuer = generate(&keys, "unit", &pw()).unwrap();
    let issuer_pk = yanshou::bundle::keys::read_public(&issuer.public_path).unwrap();
    let mut roster = Roster::new(&issuer_pk, "2026-01-01");
    for (name, _) in PANEL.iter().chain([("陈静", "")].iter()) {
        let k = generate(&keys, name, &pw()).unwrap();
        roster
            .add(RosterEntry {
                name: name.to_string(),
                unit: "福建省环境科学研究院".into(),
                key_id: k.key_id.clone(),
                public_key: k.public_key,
                valid_from: "2000-01-01".into(),
                valid_until: "2099-12-31".into(),
                revoked: false,
                revoked_at: None,
            })
            .unwrap();
        if *name == "陈静" {
            roster.revoke(&k.key_id, "2026-06-01").unwrap(); // a revoked key on the roster
        }
    }
    let (catalog, errors) = Catalog::load(&builtin_files());
    assert!(errors.is_empty(), "{errors:?}");
    let store = Store::open_in(&tmp.path().join("panel")).unwrap();
    let mut p = Panel { tmp, store, catalog };
    let usb = p.tmp.path().join("usb");
    fs::create_dir_all(&usb).unwrap();
    let mut bundles: BTreeMap<&str, PathBuf> = BTreeMap::new();

    // 福建: signed by one, then by two more (one a dissent), then reopened and signed again as revision 2.
    let a = p.review("fujian-2008-acceptance", "福建某某化工有限公司", |_, _, _| {});
    p.sign(a, "王建国", None);
    bundles.insert("fujian-one-signature", export(&p.store, a, &usb.join("a1")).unwrap());
    p.sign(a, "李秀英", None);
    p.sign(a, "张伟", Some("本人认为第 2.6 项应不予通过。"));
    bundles.insert("fujian-dissent", export(&p.store, a, &usb.join("a2")).unwrap());
    p.store.reopen(a, "企业补交监测报告").unwrap();
    let wang = p.expert(a, "王建国");
    let item = p.catalog.scorecard("fujian-2008-acceptance").unwrap().scored_items().last().unwrap().clone();
    p.store.set_score(a, wang, &item.id, Points::ZERO, "未提供材料", "").unwrap();
    p.store.finalize(a).unwrap();
    p.sign(a, "王建国", None);
    p.sign(a, "李秀英", None);
    bundles.insert("fujian-revision-2", export(&p.store, a, &usb.join("a3")).unwrap());

    // 浙江: a bonus and adjusted item points.
    let z = p.review("zhejiang-2003-acceptance", "浙江某某印染有限公司", |s, id, card| {
        s.set_bonus(id, "iso14001", Some(Points::whole(2))).unwrap();
        let section = &card.scored_items().next().unwrap().section;
        let two: Vec<_> = card.scored_items().filter(|i| &i.section == section).take(2).collect();
        if let [x, y] = two[..]
            && x.points > Points::whole(1)
        {
            s.set_weight(id, &x.id, Some(x.points - Points::whole(1))).unwrap();
            s.set_weight(id, &y.id, Some(y.points + Points::whole(1))).unwrap();
        }
    });
    p.sign(z, "王建国", None);
    p.sign(z, "张伟", None);
    bundles.insert("zhejiang-bonus-weights", export(&p.store, z, &usb.join("z")).unwrap());

    // 广东: facts that settle items, and a computed veto that does not fire.
    let g = p.review("guangdong-2009-voluntary", "广东某某电子有限公司", |s, id, _| {
        for (fact, value) in [
            ("rd_spending_ratio", "2.5"),
            ("wastewater_none_or_zero_discharge", "true"),
            ("solid_waste_not_utilised", "true"),
            ("waste_gas_compliance_rate", "98.5"),
            ("wastewater_compliance_rate", "96"),
            ("exceeds_standards", "false"),
        ] {
            s.set_fact(id, fact, Some(value)).unwrap();
        }
    });
    p.sign(g, "李秀英", None);
    bundles.insert("guangdong-facts", export(&p.store, g, &usb.join("g")).unwrap());

    let out = fuzz.join("seeds/bundle");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    for (name, dir) in &bundles {
        let v = verify(&read(dir).unwrap(), &roster);
        assert!(v.accepted, "{name}: {:?}", v.problems);
        let data = harness::encode_bundle(&files_of(dir));
        // The encoded bundle must come back as a bundle that verifies.
        let back = tempfile::tempdir().unwrap();
        harness::write_bundle(&data, back.path());
        let v = verify(&read(back.path()).unwrap(), &roster);
        assert!(v.accepted, "{name} after encoding: {:?}", v.problems);
        fs::write(out.join(format!("{name}.bundle")), &data).unwrap();
        println!("{name}.bundle: {} bytes", data.len());
        // The same bundle in one file, for the `bundle_archive` target.
        let archives = fuzz.join("seeds/archive");
        fs::create_dir_all(&archives).unwrap();
        fs::write(archives.join(format!("{name}.yanshou.zip")), harness::archive_of(&data)).unwrap();
    }
    let mut json = serde_json::to_string_pretty(&roster).unwrap();
    json.push('\n');
    fs::write(fuzz.join("seeds/roster.json"), json).unwrap();
    println!("roster: {} keys; seeds in {}", roster.entries.len(), out.display());
}
