//! The result a review comes to and what must agree with it: the requirements and distinctions the panel found, the
//! panel's own result where the source leaves it open, and the 结论 the panel writes, which may not contradict the
//! result the rules decide.

use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::Evaluation;

/// The review's result: what the rules decide, else what the panel decided (`None`: not yet decided).
pub fn result_of(e: &Evaluation, decision: Option<&super::Decision>) -> Option<bool> {
    e.passed.or(decision.map(|d| d.passed))
}

/// Words that say a review failed, whatever else the text says; checked before the words that say it passed, which
/// they contain (不合格 holds 合格).
const FAILING: [&str; 6] = ["不予通过", "不通过", "未通过", "不能通过", "不合格", "未能通过"];
const PASSING: [&str; 2] = ["通过", "合格"];

/// Whether a 结论 as the panel wrote it reads as a pass (`Some(true)`), a failure (`Some(false)`) or neither: by the
/// source's own words for the result (the outcome's, the grade labels, the veto label) and the usual ones.
pub fn reads_as(text: &str, card: &Scorecard) -> Option<bool> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return None;
    }
    let failing = FAILING
        .iter()
        .map(|w| w.to_string())
        .chain(card.outcome.failed.clone())
        .chain(card.vetoed_label.clone())
        .chain(card.grades.iter().filter(|g| !g.passed).map(|g| g.label.clone()));
    if failing.into_iter().any(|w| text.contains(&w)) {
        return Some(false);
    }
    let passing = PASSING
        .iter()
        .map(|w| w.to_string())
        .chain(card.outcome.passed.clone())
        .chain(card.grades.iter().filter(|g| g.passed).map(|g| g.label.clone()));
    if passing.into_iter().any(|w| text.contains(&w)) {
        return Some(true);
    }
    None
}

/// Why the rules decide as they do, in a few words: the vetoes that hold, the requirements unmet, the grade.
pub(super) fn why(e: &Evaluation, card: &Scorecard) -> String {
    if !e.veto_details.is_empty() {
        let vetoes: Vec<String> = e
            .veto_details
            .iter()
            .map(|v| {
                let number = card.vetoes.iter().find(|x| x.id == v.id).and_then(|x| x.number.clone());
                format!("否决项{}“{}”成立", number.unwrap_or_else(|| format!(" {}", v.id)), v.text)
            })
            .collect();
        return vetoes.join("；");
    }
    if !e.unmet.is_empty() {
        return format!("要求 {} 不满足", e.unmet.join("、"));
    }
    match (&e.total, &e.grade) {
        (Some(t), Some(g)) => format!("总分 {} 分，等级“{g}”", t.display()),
        (Some(t), None) => format!("总分 {} 分，未达到合格线", t.display()),
        _ => "按规定条件判定".to_string(),
    }
}
