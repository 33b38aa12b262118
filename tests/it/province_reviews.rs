//! Every province's reviews, held end to end through the store: for every built-in sheet and rules file, a panel is
//! formed that meets the province's panel rules, every item is scored, every requirement found met, every veto
//! answered; the review is finalized and its signed payload says the result in the source's words. Then the same with
//! one requirement unmet, or one veto holding: the review fails, in the source's word for a failure.

use yanshou::bundle::signing::current_payload;
use yanshou::domain::review::Answer;
use yanshou::domain::scorecard::{DecidedBy, Scorecard};
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};

use crate::common::catalog;

/// What the panel finds: everything in order, one requirement unmet, or one veto holding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Finding {
    AllMet,
    Unmet,
    Vetoed,
}

const FIELDS: [&str; 5] = ["清洁生产", "行业", "环保", "能源", "其他"];

/// A review held on `card`: the panel formed and every item scored once; then, for each finding, the findings
/// entered, the opinion written, finalized, and the signed payload's result and its words; reopened for the next.
fn hold(card: &Scorecard, findings: &[Finding]) -> Vec<(Option<bool>, String)> {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(dir.path()).unwrap();
    let rules: Vec<_> = catalog().rules_for(card).collect();
    let review_type = card.review_types.first().map(|t| t.id.clone());
    let new = NewReview {
        enterprise_name: "某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "企业会议室".into(),
        review_type: review_type.clone(),
        ..Default::default()
    };
    let id = s.create_review(&new, card, &rules).unwrap_or_else(|e| panic!("{}: {e}", card.id));
    // Five experts, one of each field, the first the lead: a panel every province's rules accept.
    let mut experts = Vec::new();
    for (n, field) in FIELDS.iter().enumerate() {
        let new =
            NewExpert {
                name: format!("专家{}", n + 1), field: field.to_string(), lead: n == 0, ..Default::default()
            };
        experts.push(s.add_expert(id, &new).unwrap_or_else(|e| panic!("{}: {e}", card.id)));
    }
    for e in &experts {
        for item in card.scored_items() {
            s.set_score(id, *e, &item.id, item.points, "", "")
                .unwrap_or_else(|err| panic!("{} {}: {err}", card.id, item.id));
        }
    }
    let mut out = Vec::new();
    for (round, finding) in findings.iter().enumerate() {
        if round > 0 {
            s.reopen(id, "换一种认定再定稿（测试）").unwrap();
        }
        let applicable: Vec<_> = card.requirements_for(review_type.as_deref()).collect();
        for (n, r) in applicable.iter().enumerate() {
            let met = !(*finding == Finding::Unmet && n == 0);
            s.answer_requirement(id, &r.id, met, if met { "" } else { "现场核查未见相关记录" }).unwrap();
        }
        let hand: Vec<_> = card.vetoes.iter().filter(|v| v.computed.is_none()).collect();
        for (n, v) in hand.iter().enumerate() {
            let yes = *finding == Finding::Vetoed && n == 0;
            let answer = if yes { Answer::Yes } else { Answer::No };
            s.answer_veto(id, &v.id, answer, if yes { "现场核查发现" } else { "" }).unwrap();
        }
        let e = yanshou::domain::scoring::evaluate(card, &s.load(id).unwrap().data.evaluation_input(card)).unwrap();
        // Where the source leaves the result to the panel and nothing failed it, the panel records it, with its
        // reason; where the rules decide, the panel's own result is not needed.
        if e.passed.is_none() {
            s.set_decision(id, Some(true), "专家组经现场核查一致认为企业达到清洁生产审核要求").unwrap();
        } else {
            s.set_decision(id, None, "").unwrap();
        }
        let conclusion = if e.passed.unwrap_or(true) { "同意通过。" } else { "不予通过。" };
        let opinion = OpinionPatch {
            summary: Some("审核工作规范。".into()),
            conclusion: Some(conclusion.into()),
            ..Default::default()
        };
        s.set_opinion(id, &opinion).unwrap();
        s.finalize(id).unwrap_or_else(|err| panic!("{} {finding:?}: {err}", card.id));
        let (p, _, _) = current_payload(&s, id).unwrap();
        out.push((p.passed(), p.conclusion_words().unwrap_or_default()));
    }
    out
}

/// Which findings a file can fail by: one requirement unmet (if it sets any that apply), one veto (if the panel
/// answers any).
fn failings(card: &Scorecard) -> Vec<Finding> {
    let mut out = Vec::new();
    if card.requirements_for(card.review_types.first().map(|t| t.id.as_str())).next().is_some() {
        out.push(Finding::Unmet);
    }
    if card.vetoes.iter().any(|v| v.computed.is_none()) {
        out.push(Finding::Vetoed);
    }
    out
}

#[test]
fn every_sheet_and_rules_file_holds_a_review_that_concludes_in_the_sources_words() {
    let mut held = 0;
    for card in &catalog().scorecards {
        let findings: Vec<Finding> = [Finding::AllMet].into_iter().chain(failings(card)).collect();
        let results = hold(card, &findings);
        for (f, (passed, words)) in findings.iter().zip(results) {
            let expected = match (f, card.outcome.decided_by, &card.vetoed_label, &card.outcome.failed) {
                (Finding::AllMet, DecidedBy::Rules, _, _) => card.outcome.passed.clone().unwrap(),
                (Finding::AllMet, DecidedBy::Grades, _, _) => "通过".to_string(),
                // The panel's result, said as the panel's.
                (Finding::AllMet, DecidedBy::Panel, _, _) => "通过（专家组判定）".to_string(),
                // The source's own word for a failure (which the citation test finds on the cited lines), the label
                // it gives a vetoed review, or the plain 不通过 where it prints none (and where grade bands decide).
                (_, DecidedBy::Grades, _, _) => "不通过".to_string(),
                (Finding::Vetoed, _, Some(label), _) => label.clone(),
                (_, _, _, Some(word)) => word.clone(),
                _ => "不通过".to_string(),
            };
            assert_eq!(passed, Some(*f == Finding::AllMet), "{} {f:?}", card.id);
            assert_eq!(words, expected, "{} {f:?}", card.id);
            held += 1;
        }
    }
    assert!(held > 40, "only {held} reviews held");
}
