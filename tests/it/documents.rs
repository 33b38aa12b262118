//! The printable documents, byte for byte. A bundle carries its documents and verification renders them again and
//! refuses a bundle whose copies differ by a byte, so a change in how a document is rendered, however small, makes
//! every bundle already exported unverifiable. These tests pin the bytes that today's renderer writes: for every seed
//! bundle, and for payloads made to reach the branches the seeds do not (markup and quotes in every text, empty
//! fields, fired and unknown vetoes, an unknown bonus, no pass mark, no scoring expert).
//!
//! The stored copies are under `tests/fixtures/documents/`. They are only ever written by hand, on purpose, with
//! `YANSHOU_WRITE_DOCUMENTS=1` — which is the one thing a change to the renderer must never need.

use std::fs;
use std::path::{Path, PathBuf};

use yanshou::bundle::payload::{PayloadV1, RecusalPart, SignInPart, VetoPart};
use yanshou::bundle::verify::{Bundle, read, sha256_hex};
use yanshou::bundle::{SignStatus, SignerInfo, documents, html};
use yanshou::domain::scorecard::{Scorecard, parse_scorecard};

use crate::common;
use crate::fuzz_regressions::harness;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn seeds() -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = fs::read_dir(root().join("fuzz/seeds/bundle"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bundle"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5, "the seed bundles are missing");
    seeds
}

fn open(seed: &Path) -> (tempfile::TempDir, Bundle) {
    let dir = tempfile::tempdir().unwrap();
    harness::write_bundle(&fs::read(seed).unwrap(), dir.path());
    let b = read(dir.path()).unwrap();
    (dir, b)
}

/// The three documents of a payload, by file name.
fn render(p: &PayloadV1, card: &Scorecard, signers: &[SignerInfo]) -> Vec<(&'static str, String)> {
    let sha = sha256_hex(&yanshou::bundle::payload::canonical(p));
    // Version 1 payloads are printed upgraded, exactly as version 1 printed them.
    let p = &p.clone().upgrade().upgrade().upgrade();
    vec![
        (documents::OPINION, html::opinion_html(p, signers, &sha)),
        (documents::SCORE_SHEET, html::score_sheet_document(p, card, &sha)),
        (documents::SIGNIN, html::signin_document(p, &sha)),
    ]
}

/// Compares each document with its stored copy under `tests/fixtures/documents/<case>/`, naming the first
/// difference.
fn pinned(case: &str, docs: &[(&str, String)]) {
    let dir = root().join("tests/fixtures/documents").join(case);
    if std::env::var_os("YANSHOU_WRITE_DOCUMENTS").is_some() {
        fs::create_dir_all(&dir).unwrap();
        for (name, text) in docs {
            fs::write(dir.join(name), text).unwrap();
        }
    }
    for (name, text) in docs {
        let path = dir.join(name);
        let stored = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(d) = documents::difference(text.as_bytes(), &stored) {
            panic!("{case}/{name} is no longer rendered as stored: {d}");
        }
    }
}

fn seed_case(seed: &Path) -> (String, PayloadV1, Scorecard, Vec<SignerInfo>) {
    let (_dir, b) = open(seed);
    let p: PayloadV1 = serde_json::from_slice(&b.payload_bytes).unwrap();
    let card = parse_scorecard("scorecard.toml", &b.scorecard_text).unwrap();
    let signers = common::signers(&b, &p.clone().upgrade().upgrade().upgrade());
    let name = seed.file_stem().unwrap().to_string_lossy().to_string();
    (name, p, card, signers)
}

#[test]
fn every_seed_bundle_renders_its_documents_as_stored() {
    for seed in seeds() {
        let (name, p, card, signers) = seed_case(&seed);
        let docs = render(&p, &card, &signers);
        // The renderer the bundle was exported with wrote the very same bytes.
        let (_dir, b) = open(&seed);
        for (file, text) in &docs {
            assert_eq!(b.files[*file], text.as_bytes(), "{name}/{file}");
        }
        pinned(&name, &docs);
    }
}

/// A text with everything that must be escaped, a carriage return that is dropped and a line break that is kept.
fn nasty(what: &str) -> String {
    format!("{what}<b class=\"x\">'A' & B</b>\r\n</td></style>&amp;")
}

#[test]
fn hostile_texts_and_rare_branches_render_as_stored() {
    let seed = seeds().into_iter().find(|s| s.ends_with("fujian-dissent.bundle")).unwrap();
    let (_, mut p, card, mut signers) = seed_case(&seed);
    p.enterprise.name = nasty("企业");
    p.enterprise.credit_code = " ".into();
    p.enterprise.address = nasty("地址");
    p.enterprise.agency = String::new();
    p.review.date = "2026年11月".into();
    p.review.place = nasty("地点");
    p.review.uid = nasty("uid");
    p.review.finalized_at = nasty("at");
    p.scorecard.province = nasty("省");
    p.scorecard.title = nasty("表");
    p.scorecard.stage = nasty("阶段");
    p.opinion.summary = nasty("意见");
    p.opinion.problems = "  \n".into();
    p.opinion.suggestions = format!("{}\n\n  \n", nasty("建议"));
    for x in &mut p.panel {
        x.unit = nasty(&x.unit);
        x.field = String::new();
    }
    if let Some(x) = p.panel.last_mut() {
        x.recused = true;
    }
    p.recusals = vec![RecusalPart {
        expert: nasty("回避"),
        reason: String::new(),
        statement: format!("{}\n\n", nasty("声明")),
        recorded_by: "x".into(),
        recorded_at: "t".into(),
    }];
    p.vetoes.push(VetoPart {
        id: "v-x".into(),
        text: nasty("否决"),
        source: String::new(),
        computed: false,
        answer: "yes".into(),
        evidence: String::new(),
    });
    p.result.vetoed = true;
    p.result.triggered_vetoes = vec!["v-x".into(), nasty("unknown")];
    p.result.passed = None;
    p.result.grade = Some(nasty("等级"));
    p.result.total_exact = format!("{}1", p.result.total);
    p.result.sections.clear();
    p.bonuses.insert(nasty("bonus"), nasty("5"));
    for s in &mut p.scores {
        s.reason = nasty(&s.reason);
        s.evidence = nasty("依据");
    }
    p.signins.push(SignInPart {
        name: nasty("签到"),
        unit: nasty("单位"),
        position: String::new(),
        capacity: nasty("身份"),
    });
    for s in &mut signers {
        s.expert = nasty(&s.expert);
        s.key_id = s.key_id.as_deref().map(nasty);
        if s.status == SignStatus::Dissented {
            s.dissent = Some(format!("{}\n", nasty("不同意见")));
        }
    }
    pinned("hostile", &render(&p, &card, &signers));

    // Nobody scores: no expert column, no signature row, the sign-in sheet lists the recused panel only.
    for x in &mut p.panel {
        x.recused = true;
        x.role = "lead".into();
    }
    p.signins.clear();
    p.result.experts.clear();
    p.result.passed = Some(false);
    p.result.grade = None;
    p.result.vetoed = false;
    p.result.triggered_vetoes.clear();
    p.recusals.clear();
    pinned("nobody-scores", &render(&p, &card, &[]));
}

// ----- version 2: rules reviews, the panel's result, contested boundaries -----

/// A version 2 review held through the store on `sheet` and built into its payload with fixed uid, time and log head
/// (so that its documents are the same bytes on every run): five experts, every item scored `score` of its points
/// (full marks, or the sheet's lowest printed level where it prints levels), every requirement met, no veto.
fn v2_payload(
    sheet: &str,
    total: Option<yanshou::domain::points::Points>,
) -> (yanshou::bundle::payload::Payload, Scorecard) {
    use yanshou::bundle::payload::{AuditHead, build_v2};
    use yanshou::domain::review::Answer;
    use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};
    let catalog = common::catalog();
    let card = catalog.scorecard(sheet).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let new = NewReview {
        enterprise_name: "某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "企业会议室".into(),
        review_type: card.review_types.first().map(|t| t.id.clone()),
        ..Default::default()
    };
    let id = s.create_review(&new, card, &rules).unwrap();
    let mut experts = Vec::new();
    for (n, field) in ["清洁生产", "行业", "环保", "能源", "其他"].iter().enumerate() {
        let e =
            NewExpert {
                name: format!("专家{}", n + 1), field: field.to_string(), lead: n == 0, ..Default::default()
            };
        experts.push(s.add_expert(id, &e).unwrap());
    }
    let input = total.map(|t| common::expert_with_total(card, "x", t));
    for e in &experts {
        for item in card.scored_items() {
            let p = input
                .as_ref()
                .and_then(|i| i.scores.get(&item.id))
                .map(|l| yanshou::domain::points::Points::parse(&l.0).unwrap())
                .unwrap_or(item.points);
            s.set_score(id, *e, &item.id, p, if p < item.points { "资料不全" } else { "" }, "").unwrap();
        }
    }
    for r in card.requirements_for(card.review_types.first().map(|t| t.id.as_str())) {
        s.answer_requirement(id, &r.id, true, "").unwrap();
    }
    for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
        s.answer_veto(id, &v.id, Answer::No, "").unwrap();
    }
    let r = s.load(id).unwrap();
    let e = yanshou::domain::scoring::evaluate(card, &r.data.evaluation_input(card)).unwrap();
    if e.passed.is_none() {
        s.set_decision(id, Some(true), "专家组经现场核查一致认为达到要求").unwrap();
    }
    let opinion = OpinionPatch {
        summary: Some("审核工作规范。".into()),
        conclusion: Some("同意通过。".into()),
        ..Default::default()
    };
    s.set_opinion(id, &opinion).unwrap();
    s.finalize(id).unwrap();
    let r = s.load(id).unwrap();
    let e = yanshou::domain::scoring::evaluate(card, &r.data.evaluation_input(card)).unwrap();
    let p = build_v2(&r, &e, "uid-v2", 1, "2026-11-28T10:00:00+08:00", AuditHead { seq: 1, hash: "0".repeat(64) })
        .upgrade()
        .upgrade();
    (p, card.clone())
}

fn render_v2(p: &yanshou::bundle::payload::Payload, card: &Scorecard) -> Vec<(&'static str, String)> {
    // Hashed as signed: a version 2 payload's bytes are those of its version 2 shape.
    let sha = sha256_hex(&yanshou::bundle::payload::canonical(&p.v2));
    vec![
        (documents::OPINION, html::opinion_html(p, &[], &sha)),
        (documents::SCORE_SHEET, html::score_sheet_document(p, card, &sha)),
        (documents::SIGNIN, html::signin_document(p, &sha)),
    ]
}

/// The documents of version 2 payloads, pinned: a 北京 rules review (its findings sheet in place of the score sheet,
/// the result in the 办法's words), a 广东 强制 评估 (an assessment's opinion, 通过 by 第二十八条 at any total), a
/// 湖北 review the panel decided (its result and reason), and a 福建 total landing on the contested 85.
#[test]
fn version_2_documents_render_as_stored() {
    use yanshou::domain::points::Points;
    let cases: [(&str, &str, Option<Points>); 4] = [
        ("v2-beijing-rules", "beijing-2007-acceptance", None),
        ("v2-guangdong-assessment", "guangdong-2009-mandatory", None),
        ("v2-hubei-panel", "hubei-2008-acceptance-mandatory", None),
        ("v2-fujian-contested-85", "fujian-2008-acceptance", Some(Points::whole(85))),
    ];
    for (case, sheet, total) in cases {
        let (p, card) = v2_payload(sheet, total);
        assert_eq!(p.version, 2);
        let docs = render_v2(&p, &card);
        pinned(case, &docs);
        let opinion = &docs[0].1;
        match case {
            "v2-beijing-rules" => {
                assert!(opinion.contains("四、认定结果") && opinion.contains("验收结果</th><td>通过"), "{case}");
                assert!(docs[1].1.contains("认定表") && docs[1].1.contains("满足"), "{case}");
            }
            "v2-guangdong-assessment" => {
                assert!(opinion.contains("<h1>清洁生产审核评估意见</h1>") && opinion.contains("评估结果</th><td>通过"));
            }
            "v2-hubei-panel" => assert!(opinion.contains("通过（专家组判定）") && opinion.contains("专家组判定理由")),
            _ => assert!(opinion.contains("界限有争议") && opinion.contains("总分恰为 85 分"), "{case}"),
        }
    }
}
