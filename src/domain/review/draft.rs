//! The draft of the opinion (验收意见) the lead starts from, written from the review's data alone: the date, place and
//! panel, the result and grade, the vetoes that hold, every deduction with every expert's reason (存在问题), and
//! suggestions drawn from those deductions (建议). Official text: no line references of the source compilation, no
//! fact that is not in the data. The lead edits it; nothing here is signed.

use std::collections::BTreeMap;

use super::{Opinion, ReviewData, Role};
use crate::domain::points::{Decimal, Points};
use crate::domain::scorecard::{CardKind, DecidedBy, FactValue, Item, Scorecard};
use crate::domain::scoring::Evaluation;

/// A date `2026-11-28` as the official text writes it: `2026年11月28日` (as typed when it is not of that form).
pub fn date_cn(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && [y, m, d].iter().all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    {
        let m: u32 = m.parse().unwrap_or(0);
        let d: u32 = d.parse().unwrap_or(0);
        return format!("{y}年{m}月{d}日");
    }
    date.to_string()
}

/// Whether a grade's label already says the review passed or not (`通过`, `通过验收`, `不予通过`): then it is not said
/// again after 通过验收 / 验收不予通过.
fn says_passing(label: &str) -> bool {
    label.contains("通过")
}

/// One item that lost points, and why.
struct Lost<'a> {
    item: &'a Item,
    max: Points,
    /// The points a fact settles the item at, with the rule's words, when a fact settles it.
    settled: Option<(Points, &'a str)>,
    /// Each scoring expert's deduction and reason, in panel order.
    deductions: Vec<(&'a str, Points, &'a str)>,
    /// Nothing given for it: settled at 0, or every scoring expert scored it 0.
    nothing: bool,
    mean: Option<String>,
}

/// The items that lost points, in the sheet's order: every deduction an expert recorded (with its reason), and the
/// points a fact settled below the maximum.
fn lost<'a>(review: &'a ReviewData, card: &'a Scorecard, evaluation: Option<&Evaluation>) -> Vec<Lost<'a>> {
    let facts: BTreeMap<&str, FactValue> = review
        .facts
        .iter()
        .filter_map(|(id, v)| {
            let value = match v.as_str() {
                "true" => FactValue::Bool(true),
                "false" => FactValue::Bool(false),
                n => FactValue::Number(Decimal::parse(n).ok()?),
            };
            Some((id.as_str(), value))
        })
        .collect();
    let mut out = Vec::new();
    for item in card.scored_items() {
        let max = review.item_max(card, &item.id).unwrap_or(item.points);
        let rule = item.rules.iter().find(|r| facts.get(r.when.fact.as_str()).is_some_and(|v| r.when.holds(*v)));
        let mean = evaluation.and_then(|e| e.items.iter().find(|i| i.id == item.id)).map(|i| i.mean.display());
        if let Some(rule) = rule {
            let points = match rule.score {
                crate::domain::scorecard::RuleScore::Max => max,
                crate::domain::scorecard::RuleScore::Points(p) => p.min(max),
            };
            if points < max {
                let nothing = points == Points::ZERO;
                out.push(Lost {
                    item,
                    max,
                    settled: Some((points, &rule.text)),
                    deductions: Vec::new(),
                    nothing,
                    mean,
                });
            }
            continue;
        }
        let deductions: Vec<(&str, Points, &str)> = review
            .scoring_experts()
            .filter_map(|e| review.score(e.id, &item.id).map(|s| (e, s)))
            .filter(|(_, s)| s.points < max)
            .map(|(e, s)| (e.name.as_str(), max - s.points, s.reason.trim()))
            .collect();
        if !deductions.is_empty() {
            let nothing = deductions.len() == review.scoring_experts().count()
                && deductions.iter().all(|(_, lost, _)| *lost == max);
            out.push(Lost { item, max, settled: None, deductions, nothing, mean });
        }
    }
    out
}

/// The requirements the panel found unmet, with its reasons, in the order of the sheet or rules.
fn unmet<'a>(review: &'a ReviewData, card: &'a Scorecard) -> Vec<(&'a str, &'a str)> {
    card.requirements_for(review.review_type.as_deref())
        .filter_map(|r| {
            let f = review.requirements.iter().find(|f| f.id == r.id && !f.met)?;
            Some((r.text.as_str(), f.evidence.trim()))
        })
        .collect()
}

/// 存在问题: one numbered line per item that lost points, every expert's deduction and reason in it, then one per
/// requirement found unmet.
fn problems(lost: &[Lost], unmet: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (n, (text, why)) in unmet.iter().enumerate() {
        let text = text.trim_end_matches(['。', '；', ';', '：']);
        let why = why.trim_end_matches(['。', '；', ';']);
        let why = if why.is_empty() { String::new() } else { format!("：{why}") };
        out.push_str(&format!("{}. 不满足“{text}”{why}。\n", n + 1));
    }
    let first = unmet.len();
    for (n, l) in lost.iter().enumerate() {
        let n = n + first;
        let mean = l.mean.as_deref().map(|m| format!("，平均得分{m}分")).unwrap_or_default();
        let head = format!("{}. {}（第 {} 项，满分{}分{mean}）", n + 1, l.item.title, l.item.id, l.max);
        let body = match l.settled {
            Some((points, rule)) => format!("按评分表规定（{rule}）得{points}分"),
            None => l
                .deductions
                .iter()
                .map(|(name, lost, reason)| {
                    if reason.is_empty() {
                        format!("{name}扣{lost}分")
                    } else {
                        format!("{name}扣{lost}分，{}", reason.trim_end_matches(['。', '；', ';']))
                    }
                })
                .collect::<Vec<_>>()
                .join("；"),
        };
        out.push_str(&format!("{head}：{body}。\n"));
    }
    out.trim_end().to_string()
}

/// 建议, drawn from the deductions and the result only: which items to put right, those that scored nothing first,
/// the vetoes that hold, and what a review that has not passed does next.
fn suggestions(lost: &[Lost], unmet: &[(&str, &str)], stage: &str, evaluation: Option<&Evaluation>) -> String {
    let mut lines = Vec::new();
    if !unmet.is_empty() {
        lines.push(format!("对照不满足的 {} 项要求逐项整改", unmet.len()));
    }
    // Items by their number: the problems above name them in full.
    let ids = |nothing: bool| -> Vec<&str> {
        lost.iter().filter(|l| l.nothing == nothing).map(|l| l.item.id.as_str()).collect()
    };
    let (nothing, rest) = (ids(true), ids(false));
    if !nothing.is_empty() {
        lines.push(format!("优先落实未得分的第 {} 项", nothing.join("、")));
    }
    if !rest.is_empty() {
        lines.push(format!("对照评分表要求，逐项整改存在问题所列的第 {} 项", rest.join("、")));
    }
    if let Some(e) = evaluation {
        let vetoes: Vec<&str> = e.veto_details.iter().map(|v| v.text.as_str()).collect();
        if !vetoes.is_empty() {
            lines.push(format!("消除否决项所指的问题：{}", vetoes.join("；")));
        }
        if e.passed == Some(false) {
            lines.push(format!("整改完成后重新申请{stage}"));
        }
    }
    lines.iter().enumerate().map(|(n, l)| format!("{}. {l}。", n + 1)).collect::<Vec<_>>().join("\n")
}

/// A draft of the opinion (验收意见) from the data: date, place and panel, result and grade, the vetoes that hold, the
/// recusals, every deduction (存在问题) and suggestions drawn from them (建议, only where the panel has not written
/// its own). The lead edits it; nothing here is signed.
pub fn draft_opinion(review: &ReviewData, card: &Scorecard, evaluation: Option<&Evaluation>) -> Opinion {
    let panel: Vec<String> = review
        .scoring_experts()
        .map(|e| format!("{}（{}{}）", e.name, e.field, if e.role == Role::Lead { "，组长" } else { "" }))
        .collect();
    let stage = card.stage_label();
    let mut summary = format!(
        "{}，专家组（{}）{}依据《{}》对{}清洁生产审核进行了现场{stage}。",
        date_cn(&review.date),
        panel.join("、"),
        if review.place.is_empty() { String::new() } else { format!("在{}", review.place) },
        card.title,
        review.enterprise.name
    );
    let recused: Vec<String> = review
        .recusals
        .iter()
        .filter_map(|r| review.expert(r.expert_id).map(|e| format!("{}（{}）", e.name, r.reason)))
        .collect();
    if !recused.is_empty() {
        let part = if card.kind == CardKind::Rules { "认定" } else { "评分" };
        summary.push_str(&format!("专家{}依规回避，未参与{part}。", recused.join("、")));
    }
    let unmet = unmet(review, card);
    let mut conclusion = String::new();
    if let Some(e) = evaluation {
        match (e.total, e.max_total) {
            (Some(total), Some(max)) => {
                summary.push_str(&format!("经评分，专家组平均得分为{}分（满分{max}分）", total.display()));
                if let Some(g) = &e.grade {
                    summary.push_str(&format!("，评定等级为“{g}”"));
                }
                summary.push('。');
            }
            _ if unmet.is_empty() && !e.requirements.is_empty() => summary.push_str("经认定，各项要求均已满足。"),
            _ if !unmet.is_empty() => summary.push_str(&format!("经认定，有 {} 项要求不满足。", unmet.len())),
            _ => {}
        }
        for c in &e.contested {
            summary.push_str(&format!("总分恰为{}分，{}", c.score, c.text));
            if !c.text.ends_with('。') {
                summary.push('。');
            }
        }
        for v in &e.veto_details {
            summary.push_str(&format!("存在否决项：{}。", v.text.trim_end_matches('。')));
        }
        conclusion = match e.decided_by {
            // The grade in brackets only where it says more than the verdict: not “通过验收（通过）”.
            DecidedBy::Grades => {
                let grade =
                    e.grade.as_deref().filter(|g| !says_passing(g)).map(|g| format!("（{g}）")).unwrap_or_default();
                match e.passed {
                    Some(true) => format!("通过{stage}{grade}。"),
                    Some(false) => format!("{stage}不予通过{grade}。"),
                    None => String::new(),
                }
            }
            // The province's own words, with the stage where they do not say it.
            _ => {
                let words = e
                    .conclusion
                    .clone()
                    .or_else(|| review.decision.as_ref().map(|d| if d.passed { "通过" } else { "不通过" }.to_string()));
                match words {
                    Some(w) if w.contains(stage) => format!("{w}。"),
                    Some(w) => format!("{stage}{w}。"),
                    None => String::new(),
                }
            }
        };
    }
    let lost = lost(review, card, evaluation);
    let suggestions = if review.opinion.suggestions.trim().is_empty() {
        suggestions(&lost, &unmet, stage, evaluation)
    } else {
        review.opinion.suggestions.clone()
    };
    Opinion { summary, problems: problems(&lost, &unmet), suggestions, conclusion }
}
