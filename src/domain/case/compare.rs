//! A 复核 beside the review it re-checks: item by item, the panel's mean before and after, the vetoes that held, the
//! total and the result, and what changed.

use serde::Serialize;

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

/// The two reviews side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub items: Vec<ItemChange>,
    pub vetoes: Vec<VetoChange>,
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
        total_before: before.total.map_or_else(|| "—".into(), |t| t.display()),
        total_after: after.total.map_or_else(|| "—".into(), |t| t.display()),
        passed_before: before.passed,
        passed_after: after.passed,
    }
}
