//! What finalizes on site imports at the support unit, with the same result, and what the support unit would refuse
//! in what the panel entered is refused at finalize: the store's `finalize` and the bundle's `verify`/`import` run the
//! one check of a review's entries (`domain::review::check`). Generated reviews on the built-in sheets hold it, and so
//! does the 广东 case that was quarantined: a score left on an item a fact settled afterwards.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use yanshou::bundle::export::{current_payload, export, sign_review};
use yanshou::bundle::import::import_bundle;
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::payload::{AuditHead, build, result_part};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{entries, read, verify};
use yanshou::domain::points::Points;
use yanshou::domain::review::{Answer, check, finalize_blockers};
use yanshou::domain::scorecard::{FIELDS, FactKind, Scorecard};
use yanshou::domain::scoring::evaluate;
use yanshou::store::signing::ImportOutcome;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};
use zeroize::Zeroizing;

const NOW: &str = "2026-11-28T10:00:00+08:00";
const NAMES: [&str; 5] = ["王建国", "李秀英", "张伟", "赵敏", "陈刚"];

fn pw() -> Passphrase {
    Zeroizing::new("correct horse battery".to_string())
}

/// A folder for databases and bundles: in memory where the system has one (the stores write with a sync a change).
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() }
}

/// One key per expert of [`NAMES`], named after them (as `yanshou key new --name` names it), and the support unit's
/// roster with all of them: made once per run, since a key's passphrase box takes a while to open and seal.
struct Keys {
    _dir: tempfile::TempDir,
    keys: PathBuf,
    roster: Roster,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let issuer = generate(&keys, "unit", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for name in NAMES {
            let k = generate(&keys, name, &pw()).unwrap();
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: "省环境科学研究院".into(),
                    key_id: k.key_id,
                    public_key: k.public_key,
                    valid_from: "2026-01-01".into(),
                    valid_until: "2027-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        let path = dir.path().join("roster.json");
        roster.save(&path, &issuer.secret_path, &pw()).unwrap();
        let roster = Roster::load(&path, &issuer_pk).unwrap();
        Keys { _dir: dir, keys, roster }
    })
}

/// Signs with the first expert who has not recused, exports, and imports at a support unit of its own: the outcome,
/// and the verdict on the exported bundle.
fn sign_export_import(store: &mut Store, id: i64, work: &Path) -> (ImportOutcome, yanshou::bundle::verify::Verdict) {
    let r = store.load(id).unwrap();
    let signer = r.data.scoring_experts().next().expect("a finalized review has a scoring expert").clone();
    let key = keys().keys.join(format!("{}.key", signer.name));
    sign_review(store, id, signer.id, &key, &pw(), None, NOW).unwrap();
    let out = work.join(format!("bundle-{id}"));
    export(store, id, &out).unwrap();
    let verdict = verify(&read(&out).unwrap(), &keys().roster);
    let mut unit = Store::open_in(&work.join(format!("unit-{id}"))).unwrap();
    (import_bundle(&mut unit, &keys().roster, &out).unwrap(), verdict)
}

/// The reported case: a 广东 (2009, 自愿) review where 陈刚 scored item 2.6 (研发经费比例) 3 and the panel then entered
/// the ratio 2.5, which settles the item at 2. It finalized, was signed and exported, and the support unit's import
/// quarantined it (“score 3 conflicts with 2, which the sheet sets”). The fact decides the item on both sides now:
/// the bundle imports, with the total the panel signed.
#[test]
fn a_score_left_on_an_item_a_fact_settled_later_imports() {
    let work = scratch();
    let catalog = common::catalog();
    let card = catalog.scorecard("guangdong-2009-voluntary").unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let mut s = Store::open_in(&work.path().join("panel")).unwrap();
    let id = s
        .create_review(
            &NewReview {
                enterprise_name: "广州某化工有限公司".into(),
                credit_code: "91350100M000100Y43".into(),
                date: "2026-11-28".into(),
                place: "企业会议室".into(),
                ..Default::default()
            },
            card,
            &rules,
        )
        .unwrap();
    let mut experts = Vec::new();
    for (name, field) in [("王建国", "清洁生产"), ("陈刚", "环保"), ("赵敏", "能源")] {
        let new = NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
        experts.push(s.add_expert(id, &new).unwrap());
    }
    for (n, e) in experts.iter().enumerate() {
        for item in card.scored_items() {
            let p = if item.id == "2.6" && n == 1 { Points::ZERO } else { item.points };
            let reason = if p < item.points { "研发投入不足" } else { "" };
            s.set_score(id, *e, &item.id, p, reason, "").unwrap();
        }
    }
    s.set_fact(id, "rd_spending_ratio", Some("2.5")).unwrap();
    for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
        s.answer_veto(id, &v.id, Answer::No, "").unwrap();
    }
    for r in &card.requirements {
        s.answer_requirement(id, &r.id, true, "").unwrap();
    }
    let opinion = OpinionPatch {
        summary: Some("审核工作规范。".into()),
        conclusion: Some("通过验收".into()),
        ..Default::default()
    };
    s.set_opinion(id, &opinion).unwrap();
    s.finalize(id).unwrap();
    // The stale score is kept as it was entered (it counts again if the fact is changed), and signed as entered.
    let (p, _, _) = current_payload(&s, id).unwrap();
    assert!(p.scores.iter().any(|x| x.expert == "陈刚" && x.item == "2.6" && x.score == "0"), "{:?}", p.scores);

    let (outcome, verdict) = sign_export_import(&mut s, id, work.path());
    assert!(verdict.accepted, "{:?}", verdict.problems_en());
    assert!(matches!(outcome, ImportOutcome::New { .. }), "{outcome:?}");
    // The total the panel signed: item 2.6 at 2 for every expert, 98 points each.
    assert_eq!(verdict.recomputed.as_ref().unwrap().total.as_deref(), Some("98.00"));
    assert_eq!(verdict.signed_result.as_ref().unwrap().total.as_deref(), Some("98.00"));
}

/// What a generated review does on a sheet. Every number is an index or a choice, read against the sheet.
#[derive(Clone, Debug)]
struct Plan {
    sheet: usize,
    /// Per expert: recused, lead, another field than the next of [`FIELDS`] (and which), scores every item.
    experts: Vec<(bool, bool, Option<u8>, bool)>,
    /// Per expert and item, in order: what the expert enters.
    scores: Vec<u16>,
    /// Per fact: when it is entered (not, before the scores, after them) and its value.
    facts: Vec<(u8, u8)>,
    /// Whether every veto answered by hand is answered, and per veto: no, yes with evidence, yes without.
    all_answered: bool,
    vetoes: Vec<u8>,
    /// Per bonus: none, or a value (some outside the bonus's range).
    bonuses: Vec<u8>,
    /// Adjusted points (where the sheet allows): pairs of items, a point moved between them; before or after scores.
    weights: Vec<(u8, u8, bool)>,
    summary: bool,
    conclusion: bool,
    /// Per requirement: unanswered (when not all are answered), met, unmet with its reason, unmet without (refused).
    findings: Vec<u8>,
    /// The panel's own result: none, passed or failed with a reason, or passed without one (refused); and the words of
    /// its 结论 (pass, fail, neither).
    decision: u8,
    words: u8,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        0..common::catalog().scorecards.len(),
        prop::collection::vec(
            (
                prop::bool::weighted(0.1),
                prop::bool::weighted(0.3),
                prop::option::weighted(0.1, any::<u8>()),
                prop::bool::weighted(0.85),
            ),
            1..=5,
        ),
        prop::collection::vec(any::<u16>(), 5 * 64),
        prop::collection::vec((any::<u8>(), any::<u8>()), 12),
        (prop::bool::weighted(0.85), prop::collection::vec(any::<u8>(), 8)),
        prop::collection::vec(any::<u8>(), 2),
        prop::collection::vec((any::<u8>(), any::<u8>(), any::<bool>()), 0..3),
        prop::bool::weighted(0.9),
        (prop::bool::weighted(0.9), prop::collection::vec(any::<u8>(), 12), any::<u8>(), any::<u8>()),
    )
        .prop_map(
            |(
                sheet,
                experts,
                scores,
                facts,
                (all_answered, vetoes),
                bonuses,
                weights,
                summary,
                (conclusion, findings, decision, words),
            )| Plan {
                sheet,
                experts,
                scores,
                facts,
                all_answered,
                vetoes,
                bonuses,
                weights,
                summary,
                conclusion,
                findings,
                decision,
                words,
            },
        )
}

const NUMBERS: [&str; 12] = ["0", "0.5", "1", "1.5", "2", "2.5", "3", "5", "50", "96.5", "97", "100"];

/// Writes a plan through the store, as the panel would (what the store refuses is simply not entered).
fn enter(s: &mut Store, card: &Scorecard, plan: &Plan) -> i64 {
    let catalog = common::catalog();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let new = NewReview {
        enterprise_name: "某公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "企业会议室".into(),
        review_type: card.review_types.first().map(|t| t.id.clone()),
        ..Default::default()
    };
    let id = s.create_review(&new, card, &rules).unwrap();
    let mut experts = Vec::new();
    for (n, (recused, lead, field, complete)) in plan.experts.iter().enumerate() {
        let new = NewExpert {
            name: NAMES[n].into(),
            field: FIELDS[field.map_or(n, usize::from) % FIELDS.len()].into(),
            lead: *lead && !experts.iter().any(|(_, l, _, _)| *l),
            ..Default::default()
        };
        experts.push((s.add_expert(id, &new).unwrap(), new.lead, *recused, *complete));
    }
    let facts: Vec<_> = card.facts.iter().zip(&plan.facts).collect();
    let set_facts = |s: &mut Store, when: u8| {
        for (fact, (at, value)) in &facts {
            if at % 3 != when {
                continue;
            }
            let v = match fact.kind {
                FactKind::Bool => if value % 2 == 0 { "true" } else { "false" }.to_string(),
                FactKind::Number => NUMBERS[*value as usize % NUMBERS.len()].to_string(),
            };
            let _ = s.set_fact(id, &fact.id, Some(&v));
        }
    };
    let adjustable = card.weights.as_ref().is_some_and(|w| w.adjustable);
    let set_weights = |s: &mut Store, after: bool| {
        if !adjustable {
            return;
        }
        let items: Vec<_> = card.scored_items().collect();
        for (a, b, late) in &plan.weights {
            let (a, b) = (items[*a as usize % items.len()], items[*b as usize % items.len()]);
            if *late != after || a.id == b.id || a.section != b.section || b.points <= Points::whole(1) {
                continue;
            }
            let _ = s.set_weight(id, &a.id, Some(a.points + Points::whole(1)));
            let _ = s.set_weight(id, &b.id, Some(b.points - Points::whole(1)));
        }
    };
    set_facts(s, 1);
    set_weights(s, false);
    let items: Vec<_> = card.scored_items().collect();
    let data = s.load(id).unwrap().data;
    for (n, (e, _, _, complete)) in experts.iter().enumerate() {
        for (i, item) in items.iter().enumerate() {
            let code = plan.scores[(n * 64 + i) % plan.scores.len()];
            let max = data.item_max(card, &item.id).unwrap();
            let lost = Points::from_tenths(1 + i64::from(code / 16) % max.tenths().max(1));
            // Where the sheet prints fixed levels, one of them (a level below the maximum is a deduction).
            let below = if item.levels.is_empty() {
                max.saturating_sub(lost)
            } else {
                item.levels[usize::from(code / 16) % item.levels.len()]
            };
            let (points, reason) = match code % 16 {
                0 if !complete => continue,
                0..=10 => (max, ""),
                11..=14 => (below, if below < max { "资料不全" } else { "" }),
                _ => (below, ""),
            };
            // A deduction without its reason is refused as typed; an expert who scores every item then gives it in
            // full (a deduction without a reason can still come about: the item's points raised afterwards).
            if s.set_score(id, *e, &item.id, points, reason, "").is_err() && *complete {
                let _ = s.set_score(id, *e, &item.id, max, "", "");
            }
        }
    }
    for (e, _, recused, _) in &experts {
        if *recused {
            let _ = s.recuse(id, *e, "participated", "曾参与该企业审核咨询");
        }
    }
    set_facts(s, 2);
    set_weights(s, true);
    for (v, code) in card.vetoes.iter().filter(|v| v.computed.is_none()).zip(plan.vetoes.iter().cycle()) {
        let _ = match code % 8 {
            0 if !plan.all_answered => Ok(()),
            0..=5 => s.answer_veto(id, &v.id, Answer::No, ""),
            6 => s.answer_veto(id, &v.id, Answer::Yes, "现场核查发现"),
            _ => s.answer_veto(id, &v.id, Answer::Yes, ""),
        };
    }
    for (b, code) in card.bonuses.iter().zip(&plan.bonuses) {
        if code % 3 != 0 {
            let value = Points::from_tenths(i64::from(*code) % (b.max.tenths() + 20));
            let _ = s.set_bonus(id, &b.id, Some(value));
        }
    }
    let review_type = card.review_types.first().map(|t| t.id.as_str());
    for (r, code) in card.requirements_for(review_type).zip(plan.findings.iter().cycle()) {
        let _ = match code % 6 {
            0 if !plan.all_answered => Ok(()),
            0..=3 => s.answer_requirement(id, &r.id, true, ""),
            4 => s.answer_requirement(id, &r.id, false, "未见相关记录"),
            _ => s.answer_requirement(id, &r.id, false, ""),
        };
    }
    let _ = match plan.decision % 5 {
        0 | 1 => Ok(()),
        2 => s.set_decision(id, Some(true), "专家组一致认为达到要求"),
        3 => s.set_decision(id, Some(false), "专家组认为未达到要求"),
        _ => s.set_decision(id, Some(true), ""),
    };
    let words = ["通过验收", "验收不予通过", "专家组意见如上"][usize::from(plan.words) % 3];
    let opinion = OpinionPatch {
        summary: plan.summary.then(|| "审核工作规范。".into()),
        conclusion: plan.conclusion.then(|| words.into()),
        ..Default::default()
    };
    let _ = s.set_opinion(id, &opinion);
    id
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(32),
        ..ProptestConfig::default()
    })]

    /// A generated review either finalizes, and then signs, exports, verifies and imports at the support unit with
    /// the result the panel saw (total, pass or fail, grade, vetoes); or it is refused at finalize, and the payload
    /// that would have been signed from it is refused by the support unit's check for the same reasons.
    #[test]
    fn what_finalizes_imports_and_what_import_refuses_does_not_finalize(plan in plan()) {
        let card = &common::catalog().scorecards[plan.sheet];
        let work = scratch();
        let mut s = Store::open_in(&work.path().join("panel")).unwrap();
        let id = enter(&mut s, card, &plan);
        let r = s.load(id).unwrap();
        let blockers = finalize_blockers(&r.data, &r.card, &r.rules);
        let evaluation = evaluate(&r.card, &r.data.evaluation_input(&r.card));
        match s.finalize(id) {
            Ok(()) => {
                prop_assert!(blockers.is_empty(), "finalized with {blockers:?}");
                let e = evaluation.expect("a finalized review evaluates");
                let (outcome, verdict) = sign_export_import(&mut s, id, work.path());
                prop_assert!(verdict.accepted, "{} finalized but refused: {:?}", card.id, verdict.problems_en());
                prop_assert!(matches!(outcome, ImportOutcome::New { .. }), "{outcome:?}");
                let mine = result_part(&e, &r.card);
                let signed = verdict.signed_result.expect("a signed result");
                let again = verdict.recomputed.expect("a recomputed result");
                for theirs in [&signed, &again] {
                    prop_assert_eq!(&theirs.total, &mine.total);
                    prop_assert_eq!(theirs.passed, mine.passed);
                    prop_assert_eq!(&theirs.grade, &mine.grade);
                    prop_assert_eq!(&theirs.triggered_vetoes, &mine.triggered_vetoes);
                }
            }
            Err(refusal) => {
                prop_assert!(!blockers.is_empty(), "refused without a blocker: {refusal}");
                // What the support unit's check says of the payload that would be signed, when the engine gives a
                // result to sign: the same reasons, but the province's panel rules (the bundle does not carry them).
                if let Ok(e) = evaluation {
                    let head = AuditHead { seq: 1, hash: "0".repeat(64) };
                    let p = build(&r, &e, "uid", 1, NOW, head, Default::default());
                    let unit = check(&r.card, &entries(&p)).err().unwrap_or_default();
                    let site: Vec<_> = blockers
                        .into_iter()
                        .filter(|b| !matches!(b, yanshou::domain::refusal::Blocker::PanelRule { .. }))
                        .collect();
                    prop_assert_eq!(unit, site);
                }
            }
        }
    }
}
