//! What the engine computes: totals per expert, section and item, the vetoes that hold, and the decision.

use serde::Serialize;

use crate::domain::decide::{ContestedHit, RequirementResult};
use crate::domain::points::{Mean, Points};
use crate::domain::scorecard::{CardKind, DecidedBy, Grade};

#[derive(Clone, Debug, Serialize)]
pub struct ExpertResult {
    pub name: String,
    pub total: Points,
    pub items_sum: Points,
    pub bonus: Points,
    /// True when bonuses would have lifted the total above the sheet's maximum and it was capped.
    pub capped: bool,
    pub sections: Vec<Points>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    pub score: Mean,
    pub max: Points,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub section: String,
    pub max: Points,
    pub mean: Mean,
    pub min: Points,
    #[serde(rename = "max_given")]
    pub max_given: Points,
    pub spread: Points,
    /// The rule that settled the item, if a fact settled it.
    pub settled_by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VetoResult {
    pub id: String,
    pub text: String,
    pub source: String,
    pub computed: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct BonusResult {
    pub id: String,
    pub points: Points,
}

/// The outcome of a review on one sheet or rules file.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    pub scorecard: String,
    /// A printed score sheet, or rules without one (no points: the totals are `None`).
    pub kind: CardKind,
    /// The stage as the source names it (验收, 评估, 评审 …).
    pub stage: String,
    /// The panel total: the mean of the scoring experts' totals, rounded to two decimals for display.
    pub total: Option<Mean>,
    /// The same total as an exact fraction or decimal (`"256/3"`, `"85.5"`).
    pub total_exact: Option<String>,
    pub max_total: Option<Points>,
    /// How the result is decided: by the grade bands, by the rules, or by the panel.
    pub decided_by: DecidedBy,
    /// `None` where the panel decides (the source prints no pass mark or leaves it open) and nothing failed it.
    pub passed: Option<bool>,
    pub grade: Option<String>,
    /// The result in the province's words (`通过`, `不予通过`, a grade label); `None` while the panel decides.
    pub conclusion: Option<String>,
    /// The applicable requirements the panel found unmet, by id.
    pub unmet: Vec<String>,
    pub requirements: Vec<RequirementResult>,
    /// The type of review, where the sheet or rules define types.
    pub review_type: Option<String>,
    /// The distinctions conferred (labels), on a review that passed.
    pub distinctions: Vec<String>,
    /// Contested boundaries the total landed on exactly, with what each document says.
    pub contested: Vec<ContestedHit>,
    pub vetoed: bool,
    pub triggered_vetoes: Vec<String>,
    pub veto_details: Vec<VetoResult>,
    pub pass_mark: Option<PassMark>,
    pub experts: Vec<ExpertResult>,
    pub recused: Vec<String>,
    pub sections: Vec<SectionResult>,
    pub items: Vec<ItemResult>,
    pub bonuses: Vec<BonusResult>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PassMark {
    pub op: String,
    pub score: Points,
    pub label: String,
}

impl From<&Grade> for PassMark {
    fn from(g: &Grade) -> Self {
        PassMark { op: g.op.symbol().to_string(), score: g.score, label: g.label.clone() }
    }
}
