//! The filled score sheet (评分汇总表): the view of a payload that `templates/score_sheet.html` prints.

use std::collections::BTreeMap;

use super::{Hash, Kv, date_cn, or_dash, payload_hash, render};
use crate::bundle::payload::{Payload, ScorePart};
use crate::bundle::short_hash;
use crate::domain::points::{Mean, Points};
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::{EvaluationInput, ExpertInput, FactInput, Literal, settled_items};

/// A deduction's reason, as one expert gave it.
struct Reason<'a> {
    expert: &'a str,
    /// `（扣 2 分）`, or nothing when the score is not below the maximum.
    deduction: String,
    reason: &'a str,
    evidence: Option<&'a str>,
}

struct ItemRow<'a> {
    number: &'a str,
    title: &'a str,
    /// The padding's whole millimetres (1.5 mm and 4 mm a level).
    indent: usize,
    max: Points,
    /// Each scoring expert's score (or a dash), for a scored item.
    scores: Option<Vec<String>>,
    mean: String,
    /// The points the facts settle the item at.
    settled: Option<Points>,
    reasons: Vec<Reason<'a>>,
}

struct SectionRows<'a> {
    number: &'a str,
    title: &'a str,
    max: String,
    items: Vec<ItemRow<'a>>,
    subtotals: Vec<Points>,
    mean: String,
}

struct BonusRow {
    title: String,
    max: String,
    value: String,
}

#[derive(askama::Template)]
#[template(path = "score_sheet.html")]
struct Sheet<'a> {
    title: String,
    footer: String,
    p: &'a Payload,
    header: Vec<Kv>,
    title_width: String,
    expert_width: String,
    experts: Vec<&'a str>,
    /// Empty cells after a section's maximum or an unscored item's, and a bonus's values: one per expert and the mean.
    blank: usize,
    /// The reasons' cell spans every column but the number.
    reasons_span: usize,
    sections: Vec<SectionRows<'a>>,
    bonuses: Vec<BonusRow>,
    totals: Vec<&'a str>,
    total: &'a str,
    total_exact: &'a str,
    max_total: &'a str,
    grade: &'a str,
    verdict: String,
    recused: String,
    hash: Hash<'a>,
}

/// The filled score sheet: every section and item in sheet order with its maximum, each scoring expert's score, the
/// exact mean and every reason for a deduction; section subtotals per expert, the totals and the panel total.
pub fn score_sheet_html(p: &Payload, card: &Scorecard) -> String {
    score_sheet_document(p, card, &payload_hash(p))
}

/// [`score_sheet_html`] for a payload whose hash is known (`sha`, the SHA-256 of its canonical bytes).
pub fn score_sheet_document(p: &Payload, card: &Scorecard, sha: &str) -> String {
    if p.scorecard.kind == "rules" {
        return super::findings::findings_document(p, sha);
    }
    let experts: Vec<&str> = p.panel.iter().filter(|x| !x.recused).map(|x| x.name.as_str()).collect();
    let n = experts.len();
    let scores: BTreeMap<(&str, &str), &ScorePart> =
        p.scores.iter().map(|s| ((s.expert.as_str(), s.item.as_str()), s)).collect();
    let settled = settled_items(card, &evaluation_input(p));
    let item_max = |id: &str, default: Points| -> Points {
        p.weights.get(id).and_then(|w| Points::parse(w).ok()).unwrap_or(default)
    };
    let score_of = |expert: &str, item: &str| -> Option<Points> {
        settled.get(item).copied().or_else(|| scores.get(&(expert, item)).and_then(|s| Points::parse(&s.score).ok()))
    };

    // Column widths: number, title, maximum, one per expert, mean.
    let expert_w = if n == 0 { 0.0 } else { (42.0 / n as f64).min(9.0) };
    let title_w = 100.0 - 8.0 - 7.0 - 9.0 - expert_w * n as f64;

    let mut sections = Vec::new();
    for s in &card.sections {
        let max =
            p.result.sections.iter().find(|x| x.id == s.id).map_or_else(|| s.points.to_string(), |x| x.max.clone());
        let mut subtotals = vec![Points::ZERO; n];
        let mut items = Vec::new();
        for item in card.items.iter().filter(|i| i.section == s.id) {
            let max = item_max(&item.id, item.points);
            let mut row = ItemRow {
                number: &item.number,
                title: &item.title,
                indent: 1 + 4 * item.depth,
                max,
                scores: None,
                mean: String::new(),
                settled: None,
                reasons: Vec::new(),
            };
            if !item.scored {
                items.push(row);
                continue;
            }
            let mut given = Vec::new();
            let mut cells = Vec::new();
            for (k, x) in experts.iter().enumerate() {
                match score_of(x, &item.id) {
                    Some(v) => {
                        subtotals[k] = subtotals[k] + v;
                        given.push(v);
                        cells.push(v.to_string());
                    }
                    None => cells.push("—".to_string()),
                }
            }
            row.scores = Some(cells);
            row.mean = Mean::of(given).map_or_else(|| "—".to_string(), Mean::display);
            row.settled = settled.get(item.id.as_str()).copied();
            if row.settled.is_none() {
                for x in &experts {
                    let Some(sp) = scores.get(&(*x, item.id.as_str())) else { continue };
                    let reason = sp.reason.trim();
                    if reason.is_empty() {
                        continue;
                    }
                    let deduction = Points::parse(&sp.score).ok().filter(|v| *v < max).map(|v| max - v);
                    let evidence = sp.evidence.trim();
                    row.reasons.push(Reason {
                        expert: x,
                        deduction: deduction.map_or_else(String::new, |d| format!("（扣 {d} 分）")),
                        reason,
                        evidence: (!evidence.is_empty()).then_some(evidence),
                    });
                }
            }
            items.push(row);
        }
        let mean = p.result.sections.iter().find(|x| x.id == s.id).map_or_else(
            || Mean::of(subtotals.iter().copied()).map_or_else(|| "—".to_string(), Mean::display),
            |x| x.score.clone(),
        );
        sections.push(SectionRows { number: &s.number, title: &s.title, max, items, subtotals, mean });
    }
    let bonuses = p
        .bonuses
        .iter()
        .map(|(id, value)| {
            let (title, max) = card
                .bonuses
                .iter()
                .find(|x| &x.id == id)
                .map_or_else(|| (id.clone(), String::new()), |x| (x.title.clone(), x.max.to_string()));
            BonusRow { title, max, value: value.clone() }
        })
        .collect();
    let totals = experts
        .iter()
        .map(|x| p.result.experts.iter().find(|e| e.name == *x).map_or("—", |e| e.total.as_str()))
        .collect();
    let recused: Vec<&str> = p.panel.iter().filter(|x| x.recused).map(|x| x.name.as_str()).collect();

    let view = Sheet {
        title: format!("{} — {}", p.scorecard.title, p.enterprise.name),
        footer: format!("评分汇总表　校验码 {}", short_hash(sha)),
        p,
        header: vec![
            Kv::text("企业名称", or_dash(&p.enterprise.name)),
            Kv::text("验收日期、地点", format!("{}　{}", or_dash(&date_cn(&p.review.date)), or_dash(&p.review.place))),
        ],
        title_width: format!("{title_w:.2}"),
        expert_width: format!("{expert_w:.2}"),
        experts,
        blank: n + 1,
        reasons_span: 3 + n,
        sections,
        bonuses,
        totals,
        total: p.result.total.as_deref().unwrap_or("—"),
        total_exact: p.result.total_exact.as_deref().unwrap_or("—"),
        max_total: p.result.max_total.as_deref().unwrap_or("—"),
        grade: p.result.grade.as_deref().unwrap_or("—"),
        verdict: super::result_words(p),
        recused: recused.join("、"),
        hash: Hash::of(p, sha),
    };
    render(&view)
}

/// The engine's view of a payload's facts and weights, to know which items the facts settle.
fn evaluation_input(p: &Payload) -> EvaluationInput {
    EvaluationInput {
        experts: p
            .panel
            .iter()
            .map(|x| ExpertInput { name: x.name.clone(), recused: x.recused, scores: BTreeMap::new() })
            .collect(),
        bonuses: BTreeMap::new(),
        vetoes: Vec::new(),
        facts: p.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
        weights: p.weights.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
        ..EvaluationInput::default()
    }
}
