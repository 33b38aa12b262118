//! How the screens say a review's result: 通过 / 不通过 where the grade bands decide (the grade is said beside it),
//! the province's own words where its rules decide, the panel's result where the panel decides — as the signed
//! documents say it. And the words for the stage of an open review where a sheet has scores and rules have none.

use crate::domain::points::Points;
use crate::domain::review::{Decision, Status};
use crate::domain::scorecard::{CardKind, DecidedBy, Scorecard};
use crate::domain::scoring::Evaluation;

/// The word for a pass or a failure: the province's, where the sheet or rules give one.
pub fn pass_fail(card: &Scorecard, passed: bool) -> String {
    let own = if passed { &card.outcome.passed } else { &card.outcome.failed };
    own.clone().unwrap_or_else(|| if passed { "通过" } else { "不通过" }.to_string())
}

/// The result in words; `None` while it is not decided (the panel has not recorded its result).
pub fn result_words(card: &Scorecard, e: &Evaluation, decision: Option<&Decision>) -> Option<String> {
    match e.decided_by {
        DecidedBy::Grades => e.passed.map(|p| if p { "通过" } else { "不通过" }.to_string()),
        _ => e.conclusion.clone().or_else(|| decision.map(|d| format!("{}（专家组判定）", pass_fail(card, d.passed)))),
    }
}

/// What the review list and the title say for the review's status: a review on rules, which has no scores, is not
/// "评分中" but in progress.
pub fn status_label(status: Status, kind: CardKind) -> &'static str {
    match (status, kind) {
        (Status::Scoring, CardKind::Rules) => "认定中",
        (s, _) => s.label(),
    }
}

/// An item's printed levels as the panel reads them: `8 或 4`, `6、4 或 0`.
pub fn levels_zh(levels: &[Points]) -> String {
    let words: Vec<String> = levels.iter().map(ToString::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} 或 {last}", rest.join("、")),
        _ => words.join(""),
    }
}
