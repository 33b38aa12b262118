//! Version 2 of the payload, the current one: version 1's shape, and what rules-based reviews and the decisions
//! of issue 14 add — the file's kind and the stage in the source's word, the type of review, the requirements and
//! distinctions as the panel found them, the result in the province's words with what decided it (unmet
//! requirements, contested boundaries), and the panel's own result with its reason where the source leaves it open.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::parts::*;
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::Evaluation;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadV2 {
    pub format: String,
    pub version: u32,
    pub review: ReviewPart,
    pub enterprise: EnterprisePart,
    pub scorecard: ScorecardPartV2,
    /// The type of review chosen when it started, where the sheet or rules define types (云南 А/В/С).
    pub review_type: Option<ReviewTypePart>,
    pub panel: Vec<ExpertPart>,
    pub recusals: Vec<RecusalPart>,
    pub scores: Vec<ScorePart>,
    /// Fact id → value as text (`true`, `false` or a decimal).
    pub facts: BTreeMap<String, String>,
    /// Bonus id → points as text.
    pub bonuses: BTreeMap<String, String>,
    /// Item id → adjusted points as text.
    pub weights: BTreeMap<String, String>,
    pub vetoes: Vec<VetoPart>,
    /// Every requirement that applies, as the panel found it.
    pub requirements: Vec<RequirementPart>,
    /// Every distinction of the sheet or rules, as the panel found it.
    pub distinctions: Vec<DistinctionPart>,
    pub result: ResultPartV2,
    /// The panel's own result and why, where it recorded one (required where the source leaves the result open).
    pub decision: Option<DecisionPart>,
    pub opinion: OpinionPart,
    pub signins: Vec<SignInPart>,
    pub audit_head: AuditHead,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardPartV2 {
    pub id: String,
    pub province: String,
    pub title: String,
    /// The stage as the source names it: 验收, 评估, or the source's own word (评审, 评价, 审定).
    pub stage: String,
    /// `sheet` (a printed score sheet) or `rules` (no sheet: requirements and vetoes).
    pub kind: String,
    /// SHA-256 of the frozen sheet text (carried beside the payload as `scorecard.toml`).
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTypePart {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementPart {
    pub id: String,
    pub text: String,
    pub source: String,
    /// `met` or `unmet`.
    pub answer: String,
    /// Why it is unmet (or what shows it is met, where the panel wrote it).
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistinctionPart {
    pub id: String,
    pub label: String,
    pub source: String,
    /// `yes` (its conditions hold) or `no`.
    pub answer: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionPart {
    pub passed: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestedPart {
    /// The boundary, as points (`"85"`).
    pub score: String,
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultPartV2 {
    /// The panel total rounded to two decimals, and exactly; `null` on a rules review, which has no points.
    pub total: Option<String>,
    pub total_exact: Option<String>,
    pub max_total: Option<String>,
    /// `grades`, `rules` or `panel`; `null` in a version 1 payload read as this version.
    pub decided_by: Option<String>,
    /// What the rules decide: `true`, `false`, or `null` where the panel decides (see `decision`).
    pub passed: Option<bool>,
    pub grade: Option<String>,
    /// The result in the province's words, where the rules decide it.
    pub conclusion: Option<String>,
    pub vetoed: bool,
    pub triggered_vetoes: Vec<String>,
    /// The requirements found unmet, by id.
    pub unmet: Vec<String>,
    /// The distinctions conferred (labels).
    pub distinctions: Vec<String>,
    /// Contested boundaries the total landed on exactly.
    pub contested: Vec<ContestedPart>,
    pub experts: Vec<ExpertTotal>,
    pub sections: Vec<SectionTotal>,
}

impl PayloadV2 {
    /// The review's result: what the rules decide, else the panel's recorded result.
    pub fn passed(&self) -> Option<bool> {
        self.result.passed.or(self.decision.as_ref().map(|d| d.passed))
    }

    /// The result in words: 通过 / 不通过 where the grade bands decide (the grade is said beside it), the province's
    /// words where the rules decide, the panel's result where it decides. `None` while undecided.
    pub fn conclusion_words(&self) -> Option<String> {
        let pass_fail = |p: bool| if p { "通过" } else { "不通过" }.to_string();
        match self.result.decided_by.as_deref() {
            Some("grades") | None => self.result.passed.map(pass_fail),
            _ => self
                .result
                .conclusion
                .clone()
                .or_else(|| self.decision.as_ref().map(|d| format!("{}（专家组判定）", pass_fail(d.passed)))),
        }
    }
}

/// The result part as the engine computes it; used both to build a payload and to check one.
pub fn result_part(e: &Evaluation, card: &Scorecard) -> ResultPartV2 {
    ResultPartV2 {
        total: e.total.map(|t| t.display()),
        total_exact: e.total_exact.clone(),
        max_total: e.max_total.map(|m| m.to_string()),
        decided_by: Some(e.decided_by.as_str().to_string()),
        passed: e.passed,
        grade: e.grade.clone(),
        conclusion: e.conclusion.clone(),
        vetoed: e.vetoed,
        triggered_vetoes: e.triggered_vetoes.clone(),
        unmet: e.unmet.clone(),
        distinctions: e.distinctions.clone(),
        contested: e
            .contested
            .iter()
            .map(|c| ContestedPart { score: c.score.to_string(), text: c.text.clone(), sources: c.sources.clone() })
            .collect(),
        experts: e.experts.iter().map(|x| ExpertTotal { name: x.name.clone(), total: x.total.to_string() }).collect(),
        sections: card
            .sections
            .iter()
            .zip(&e.sections)
            .map(|(s, r)| SectionTotal {
                id: s.id.clone(),
                title: s.title.clone(),
                score: r.score.display(),
                max: r.max.to_string(),
            })
            .collect(),
    }
}
