//! The signed payload: a frozen, versioned structure of everything a panel signs, serialized as canonical JSON
//! (RFC 8785) so that the same review always gives the same bytes. Version 1 is frozen: a change of shape is a new
//! version beside it, and readers keep reading version 1.

use serde::{Deserialize, Serialize};

use crate::domain::review::{Answer, Role};
use crate::domain::scoring::Evaluation;
use crate::store::LoadedReview;

pub const FORMAT: &str = "yanshou-review-payload";
pub const VERSION: u32 = 1;

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
pub struct ReviewPart {
    /// Stable across versions of the same review (a reopened and re-finalized review keeps it).
    pub uid: String,
    /// Increases each time the review is finalized again.
    pub revision: u32,
    pub date: String,
    pub place: String,
    pub finalized_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterprisePart {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    pub track: String,
    pub agency: String,
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
pub struct ExpertPart {
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    /// `lead` or `member`.
    pub role: String,
    pub recused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecusalPart {
    pub expert: String,
    pub reason: String,
    pub statement: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorePart {
    pub expert: String,
    pub item: String,
    /// Points as text, one decimal at most (`"4.5"`).
    pub score: String,
    pub reason: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoPart {
    pub id: String,
    pub text: String,
    pub source: String,
    pub computed: bool,
    /// `yes`, `no`, or for a computed veto whether it fired.
    pub answer: String,
    pub evidence: String,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertTotal {
    pub name: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTotal {
    pub id: String,
    pub title: String,
    pub score: String,
    pub max: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionPart {
    pub summary: String,
    pub problems: String,
    pub suggestions: String,
    pub conclusion: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInPart {
    pub name: String,
    pub unit: String,
    pub position: String,
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// The result part as the engine computes it; used both to build a payload and to check one.
pub fn result_part(e: &Evaluation, card: &crate::domain::scorecard::Scorecard) -> ResultPart {
    ResultPart {
        total: e.total.display(),
        total_exact: e.total_exact.clone(),
        max_total: e.max_total.to_string(),
        passed: e.passed,
        grade: e.grade.clone(),
        vetoed: e.vetoed,
        triggered_vetoes: e.triggered_vetoes.clone(),
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

/// Builds the payload of a finalized review.
pub fn build(
    r: &LoadedReview,
    e: &Evaluation,
    uid: &str,
    revision: u32,
    finalized_at: &str,
    head: AuditHead,
) -> PayloadV1 {
    let d = &r.data;
    let name = |id: i64| d.expert(id).map(|e| e.name.clone()).unwrap_or_default();
    PayloadV1 {
        format: FORMAT.to_string(),
        version: VERSION,
        review: ReviewPart {
            uid: uid.to_string(),
            revision,
            date: d.date.clone(),
            place: d.place.clone(),
            finalized_at: finalized_at.to_string(),
        },
        enterprise: EnterprisePart {
            name: d.enterprise.name.clone(),
            credit_code: d.enterprise.credit_code.clone(),
            address: d.enterprise.address.clone(),
            industry: d.enterprise.industry.clone(),
            track: d.enterprise.track.label().to_string(),
            agency: d.enterprise.agency.clone(),
        },
        scorecard: ScorecardPart {
            id: r.card.id.clone(),
            province: r.card.province.clone(),
            title: r.card.title.clone(),
            stage: r.card.stage.label().to_string(),
            sha256: d.scorecard_hash.clone(),
        },
        panel: d
            .experts
            .iter()
            .map(|x| ExpertPart {
                name: x.name.clone(),
                unit: x.unit.clone(),
                title: x.title.clone(),
                field: x.field.clone(),
                role: if x.role == Role::Lead { "lead" } else { "member" }.to_string(),
                recused: d.is_recused(x.id),
            })
            .collect(),
        recusals: d
            .recusals
            .iter()
            .map(|x| RecusalPart {
                expert: name(x.expert_id),
                reason: x.reason.clone(),
                statement: x.statement.clone(),
                recorded_by: x.recorded_by.clone(),
                recorded_at: x.recorded_at.clone(),
            })
            .collect(),
        // A recused expert's scores never count; they stay in the audit log, not in what the panel signs.
        scores: d
            .scores
            .iter()
            .filter(|s| !d.is_recused(s.expert_id))
            .map(|s| ScorePart {
                expert: name(s.expert_id),
                item: s.item_id.clone(),
                score: s.points.to_string(),
                reason: s.reason.clone(),
                evidence: s.evidence.clone(),
            })
            .collect(),
        facts: d.facts.clone(),
        bonuses: d.bonuses.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
        weights: d.weights.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
        vetoes: r
            .card
            .vetoes
            .iter()
            .map(|v| {
                let f = d.vetoes.iter().find(|f| f.veto_id == v.id);
                let answer = match (&v.computed, f) {
                    (Some(_), _) => if e.triggered_vetoes.contains(&v.id) { "yes" } else { "no" }.to_string(),
                    (None, Some(f)) if f.answer == Answer::Yes => "yes".to_string(),
                    (None, Some(_)) => "no".to_string(),
                    (None, None) => "unanswered".to_string(),
                };
                VetoPart {
                    id: v.id.clone(),
                    text: v.text.clone(),
                    source: v.source.to_string(),
                    computed: v.computed.is_some(),
                    answer,
                    evidence: f.map(|f| f.evidence.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        result: result_part(e, &r.card),
        opinion: OpinionPart {
            summary: d.opinion.summary.clone(),
            problems: d.opinion.problems.clone(),
            suggestions: d.opinion.suggestions.clone(),
            conclusion: d.opinion.conclusion.clone(),
        },
        signins: d
            .signins
            .iter()
            .map(|s| SignInPart {
                name: s.name.clone(),
                unit: s.unit.clone(),
                position: s.position.clone(),
                capacity: s.capacity.clone(),
            })
            .collect(),
        audit_head: head,
    }
}

/// The canonical bytes (RFC 8785) of any serializable value.
pub fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    serde_jcs::to_vec(value).expect("payload structs always serialize")
}
