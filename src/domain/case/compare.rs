//! A 复核 beside the review it re-checks: item by item, the panel's mean before and after, the vetoes that held, the
//! total and the result, and what changed; on rules, requirement by requirement (met, unmet and why) and the
//! distinctions found.

use serde::Serialize;

use crate::domain::review::{Finding, ReviewData};
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::Evaluation;

/// One item of the sheet in both reviews.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub id: String,
    pub number: String,
    pub title: String,
    pub max: String,
    /// The panel's mean on the item, rounded as shown (`None` where it was not scored).
    pub before: Option<String>,
    pub after: Option<String>,
    pub changed: bool,
}

/// One veto in both reviews: whether it held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VetoChange {
    pub id: String,
    pub text: String,
    pub before: bool,
    pub after: bool,
}

/// A requirement (met or not) or a distinction (holds or not) as the panel found it in both reviews, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    pub id: String,
    pub text: String,
    /// `None`: not found yet in that review.
    pub before: Option<bool>,
    pub after: Option<bool>,
    /// Why it was unmet, or the evidence that a distinction holds.
    pub before_reason: String,
    pub after_reason: String,
    /// The finding or its reason differs.
    pub changed: bool,
}

impl FindingChange {
    /// A finding in words: `yes` or `no` (满足/不满足, 成立/不成立), or 未认定.
    pub fn word(found: Option<bool>, yes: &'static str, no: &'static str) -> &'static str {
        match found {
            Some(true) => yes,
            Some(false) => no,
            None => "未认定",
        }
    }
}

/// The two reviews side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub items: Vec<ItemChange>,
    pub vetoes: Vec<VetoChange>,
    /// On rules: each requirement in both reviews.
    pub requirements: Vec<FindingChange>,
    /// On rules: each distinction in both reviews.
    pub distinctions: Vec<FindingChange>,
    pub total_before: String,
    pub total_after: String,
    pub passed_before: Option<bool>,
    pub passed_after: Option<bool>,
}

impl Comparison {
    /// The items whose mean changed.
    pub fn changed(&self) -> impl Iterator<Item = &ItemChange> {
        self.items.iter().filter(|i| i.changed)
    }
}

/// The review `before` and its 复核 `after`, both evaluated on `card`, side by side.
pub fn compare_items(card: &Scorecard, before: &Evaluation, after: &Evaluation) -> Comparison {
    let mean = |e: &Evaluation, id: &str| e.items.iter().find(|i| i.id == id).map(|i| i.mean.display());
    let items = card
        .scored_items()
        .map(|it| {
            let (b, a) = (mean(before, &it.id), mean(after, &it.id));
            ItemChange {
                id: it.id.clone(),
                number: it.number.clone(),
                title: it.title.clone(),
                max: it.points.to_string(),
                changed: b != a,
                before: b,
                after: a,
            }
        })
        .collect();
    let vetoes = card
        .vetoes
        .iter()
        .map(|v| VetoChange {
            id: v.id.clone(),
            text: v.text.clone(),
            before: before.triggered_vetoes.contains(&v.id),
            after: after.triggered_vetoes.contains(&v.id),
        })
        .collect();
    Comparison {
        items,
        vetoes,
        requirements: Vec::new(),
        distinctions: Vec::new(),
        total_before: before.total.map_or_else(|| "—".into(), |t| t.display()),
        total_after: after.total.map_or_else(|| "—".into(), |t| t.display()),
        passed_before: before.passed,
        passed_after: after.passed,
    }
}

/// The findings of both reviews on each of `ids` (with its text), in the file's order.
fn findings<'a>(
    ids: impl Iterator<Item = (&'a String, &'a String)>,
    before: &[Finding],
    after: &[Finding],
) -> Vec<FindingChange> {
    let find = |list: &[Finding], id: &str| list.iter().find(|f| f.id == id).map(|f| (f.met, f.evidence.clone()));
    ids.map(|(id, text)| {
        let (b, a) = (find(before, id), find(after, id));
        FindingChange {
            id: id.clone(),
            text: text.clone(),
            changed: b != a,
            before: b.as_ref().map(|x| x.0),
            after: a.as_ref().map(|x| x.0),
            before_reason: b.map(|x| x.1).unwrap_or_default(),
            after_reason: a.map(|x| x.1).unwrap_or_default(),
        }
    })
    .collect()
}

/// The review `before` and its 复核 `after` side by side: [`compare_items`] and, on rules, requirement by
/// requirement and distinction by distinction as each panel found them.
pub fn compare_reviews(
    card: &Scorecard,
    before: (&Evaluation, &ReviewData),
    after: (&Evaluation, &ReviewData),
) -> Comparison {
    let mut c = compare_items(card, before.0, after.0);
    c.requirements =
        findings(card.requirements.iter().map(|r| (&r.id, &r.text)), &before.1.requirements, &after.1.requirements);
    c.distinctions =
        findings(card.distinctions.iter().map(|d| (&d.id, &d.text)), &before.1.distinctions, &after.1.distinctions);
    c
}
