//! Version 1 of the payload, frozen: what every bundle exported before rules-based reviews holds. It is still read,
//! verified against its own result part, and upgraded losslessly to the current version for everything else
//! (documents, compilation), which then read the current shape only.

use serde::{Deserialize, Serialize};

use super::parts::*;
use super::v2::{PayloadV2, ResultPartV2, ScorecardPartV2};
use crate::domain::scoring::Evaluation;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadV1 {
    pub format: String,
    pub version: u32,
    pub review: ReviewPart,
    pub enterprise: EnterprisePart,
    pub scorecard: ScorecardPart,
    pub panel: Vec<ExpertPart>,
    pub recusals: Vec<RecusalPart>,
    pub scores: Vec<ScorePart>,
    /// Fact id → value as text (`true`, `false` or a decimal).
    pub facts: std::collections::BTreeMap<String, String>,
    /// Bonus id → points as text.
    pub bonuses: std::collections::BTreeMap<String, String>,
    /// Item id → adjusted points as text.
    pub weights: std::collections::BTreeMap<String, String>,
    pub vetoes: Vec<VetoPart>,
    pub result: ResultPart,
    pub opinion: OpinionPart,
    pub signins: Vec<SignInPart>,
    pub audit_head: AuditHead,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardPart {
    pub id: String,
    pub province: String,
    pub title: String,
    pub stage: String,
    /// SHA-256 of the frozen sheet text (carried beside the payload as `scorecard.toml`).
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultPart {
    /// The panel total rounded to two decimals, and exactly.
    pub total: String,
    pub total_exact: String,
    pub max_total: String,
    /// `true`, `false`, or `null` where the sheet prints no pass mark and no veto holds.
    pub passed: Option<bool>,
    pub grade: Option<String>,
    pub vetoed: bool,
    pub triggered_vetoes: Vec<String>,
    pub experts: Vec<ExpertTotal>,
    pub sections: Vec<SectionTotal>,
}

/// The version 1 result part as the engine computes it, to check a version 1 payload against. `None` where the
/// evaluation has no points (a rules review, which version 1 cannot hold).
pub fn result_part_v1(e: &Evaluation, card: &crate::domain::scorecard::Scorecard) -> Option<ResultPart> {
    let v2 = super::v2::result_part(e, card);
    Some(ResultPart {
        total: v2.total?,
        total_exact: v2.total_exact?,
        max_total: v2.max_total?,
        passed: v2.passed,
        grade: v2.grade,
        vetoed: v2.vetoed,
        triggered_vetoes: v2.triggered_vetoes,
        experts: v2.experts,
        sections: v2.sections,
    })
}

impl ResultPart {
    /// The same result in the current shape, nothing added (version 1 said nothing of how it was decided).
    pub fn upgrade(self) -> ResultPartV2 {
        ResultPartV2 {
            total: Some(self.total),
            total_exact: Some(self.total_exact),
            max_total: Some(self.max_total),
            decided_by: None,
            passed: self.passed,
            grade: self.grade,
            conclusion: None,
            vetoed: self.vetoed,
            triggered_vetoes: self.triggered_vetoes,
            unmet: Vec::new(),
            distinctions: Vec::new(),
            contested: Vec::new(),
            experts: self.experts,
            sections: self.sections,
        }
    }
}

impl PayloadV1 {
    /// The same review in the current shape: a printed sheet, no requirements, distinctions or panel decision (version
    /// 1 had none), the result as signed with nothing added.
    pub fn upgrade(self) -> PayloadV2 {
        PayloadV2 {
            format: self.format,
            version: self.version,
            review: self.review,
            enterprise: self.enterprise,
            scorecard: ScorecardPartV2 {
                id: self.scorecard.id,
                province: self.scorecard.province,
                title: self.scorecard.title,
                stage: self.scorecard.stage,
                kind: "sheet".to_string(),
                sha256: self.scorecard.sha256,
            },
            review_type: None,
            panel: self.panel,
            recusals: self.recusals,
            scores: self.scores,
            facts: self.facts,
            bonuses: self.bonuses,
            weights: self.weights,
            vetoes: self.vetoes,
            requirements: Vec::new(),
            distinctions: Vec::new(),
            result: self.result.upgrade(),
            decision: None,
            opinion: self.opinion,
            signins: self.signins,
            audit_head: self.audit_head,
        }
    }
}
