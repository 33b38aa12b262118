//! Each expert scoring on their own (issue 17): what an expert still has to score before their personal sheet can be
//! signed, and whether every expert of the panel is "in" (the independence of their scores: until then, nobody sees
//! the others' scores), with the spread per item once they are.

use std::collections::BTreeMap;

use super::ReviewData;
use crate::domain::points::Points;
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::settled_items;

/// The items an expert has not scored yet: every scored item the facts do not settle, in the sheet's order.
pub fn unscored(card: &Scorecard, data: &ReviewData, expert_id: i64) -> Vec<String> {
    let settled = settled_items(card, &data.evaluation_input(card));
    card.scored_items()
        .filter(|i| !settled.contains_key(&i.id) && data.score(expert_id, &i.id).is_none())
        .map(|i| i.id.clone())
        .collect()
}

/// Each item's scores by the non-recused experts (in the panel's order), once all are in: where the panel must talk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spread {
    pub item: String,
    pub scores: Vec<(String, Points)>,
    pub min: Points,
    pub max: Points,
}

/// The spread of every scored item, the widest first (then in the sheet's order).
pub fn spreads(card: &Scorecard, data: &ReviewData) -> Vec<Spread> {
    let mut out: Vec<Spread> = card
        .scored_items()
        .filter_map(|i| {
            let scores: Vec<(String, Points)> = data
                .scoring_experts()
                .filter_map(|e| data.score(e.id, &i.id).map(|s| (e.name.clone(), s.points)))
                .collect();
            let min = scores.iter().map(|s| s.1).min()?;
            let max = scores.iter().map(|s| s.1).max()?;
            Some(Spread { item: i.id.clone(), scores, min, max })
        })
        .collect();
    let order: BTreeMap<String, usize> = out.iter().enumerate().map(|(n, s)| (s.item.clone(), n)).collect();
    out.sort_by_key(|s| (std::cmp::Reverse(s.max.tenths() - s.min.tenths()), order[&s.item]));
    out
}

/// The experts who are not "in" yet, in the panel's order: a non-recused expert is in when their signed personal
/// sheet is (`with_sheet` names them) or, scoring on this laptop, once they have scored every item.
pub fn missing(card: &Scorecard, data: &ReviewData, with_sheet: &[String]) -> Vec<String> {
    data.scoring_experts()
        .filter(|e| !with_sheet.contains(&e.name) && !unscored(card, data, e.id).is_empty())
        .map(|e| e.name.clone())
        .collect()
}
