//! The draft of the opinion (验收意见) the lead starts from: written from the review's data alone.

use super::{Opinion, ReviewData, Role};
use crate::domain::scorecard::Scorecard;

/// A draft of the opinion (验收意见) from the data: result, grade, main deductions, vetoes, recusals and panel. The
/// lead edits it; nothing here is signed.
pub fn draft_opinion(
    review: &ReviewData,
    card: &Scorecard,
    evaluation: Option<&crate::domain::scoring::Evaluation>,
) -> Opinion {
    let panel: Vec<String> = review
        .scoring_experts()
        .map(|e| format!("{}（{}{}）", e.name, e.field, if e.role == Role::Lead { "，组长" } else { "" }))
        .collect();
    let mut summary = format!(
        "{}年{}，专家组（{}）依据《{}》对{}清洁生产审核进行了现场验收。",
        review.date.get(..4).unwrap_or(""),
        if review.place.is_empty() { String::new() } else { format!("在{}", review.place) },
        panel.join("、"),
        card.title,
        review.enterprise.name
    );
    let recused: Vec<String> = review
        .recusals
        .iter()
        .filter_map(|r| review.expert(r.expert_id).map(|e| format!("{}（{}）", e.name, r.reason)))
        .collect();
    if !recused.is_empty() {
        summary.push_str(&format!("专家{}依规回避，未参与评分。", recused.join("、")));
    }
    let mut conclusion = String::new();
    if let Some(e) = evaluation {
        summary.push_str(&format!("经评分，专家组平均得分为{}分（满分{}分）", e.total.display(), e.max_total));
        if let Some(g) = &e.grade {
            summary.push_str(&format!("，评定等级为“{g}”"));
        }
        summary.push('。');
        for v in &e.veto_details {
            summary.push_str(&format!("存在否决项：{}（{}）。", v.text, v.source));
        }
        conclusion = match e.passed {
            Some(true) => format!("通过验收{}。", e.grade.as_deref().map(|g| format!("（{g}）")).unwrap_or_default()),
            Some(false) => "验收不予通过。".to_string(),
            None => String::new(),
        };
    }
    // Main deductions: the items that lost the most on average.
    let mut problems = String::new();
    if let Some(e) = evaluation {
        let mut lost: Vec<(&crate::domain::scoring::ItemResult, i64)> = e
            .items
            .iter()
            .map(|i| (i, i.max.tenths() * 100 - i.mean.hundredths() * 10))
            .filter(|(_, l)| *l > 0)
            .collect();
        lost.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (n, (item, _)) in lost.iter().take(5).enumerate() {
            let title = card.item(&item.id).map(|i| i.title.as_str()).unwrap_or("");
            let reasons: Vec<&str> = review
                .scores
                .iter()
                .filter(|s| s.item_id == item.id && !s.reason.trim().is_empty() && !review.is_recused(s.expert_id))
                .map(|s| s.reason.trim())
                .collect();
            problems.push_str(&format!(
                "{}. {}（平均{}分，满分{}分）{}\n",
                n + 1,
                title,
                item.mean.display(),
                item.max,
                if reasons.is_empty() { String::new() } else { format!("：{}", reasons.join("；")) }
            ));
        }
    }
    Opinion {
        summary,
        problems: problems.trim_end().to_string(),
        suggestions: review.opinion.suggestions.clone(),
        conclusion,
    }
}
