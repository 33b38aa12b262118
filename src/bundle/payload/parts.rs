//! The parts every version of the payload shares, frozen with the versions that use them: a change of one is a new
//! part for a new version.

use serde::{Deserialize, Serialize};

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
