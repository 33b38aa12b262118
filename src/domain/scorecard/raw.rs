//! The file form of scorecards and province rules: what serde reads from TOML, with the position of every value
//! that a later check may need to point at.

use serde::Deserialize;
use toml::Spanned;

use super::raw_procedure::{RawCheckItem, RawDeadline, RawPublication, RawRectification, RawValidity};
use crate::domain::points::{Decimal, Points};

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScorecard {
    pub schema: S<u32>,
    pub id: S<String>,
    pub province: S<String>,
    pub title: S<String>,
    pub stage: S<String>,
    /// The source's own word for the stage where it is neither 验收 nor 评估 (`评审`, `评价`, `审定`).
    pub stage_name: Option<S<String>>,
    pub track: S<String>,
    /// `sheet` (the default) or `rules`.
    pub kind: Option<S<String>>,
    pub source: S<String>,
    /// Required of a sheet; a rules file has none.
    pub max_total: Option<S<Points>>,
    #[serde(default)]
    pub total_may_exceed_max: bool,
    pub document: S<RawDocument>,
    pub weights: Option<S<RawWeights>>,
    pub vetoed_label: Option<S<String>>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub items: Vec<RawItem>,
    #[serde(default)]
    pub facts: Vec<RawFact>,
    #[serde(default)]
    pub bonuses: Vec<RawBonus>,
    #[serde(default)]
    pub vetoes: Vec<RawVeto>,
    #[serde(default)]
    pub grades: Vec<RawGrade>,
    #[serde(default)]
    pub checklist: Vec<RawChecklist>,
    #[serde(default)]
    pub notes: Vec<RawNote>,
    pub outcome: Option<S<RawOutcome>>,
    #[serde(default)]
    pub requirements: Vec<RawRequirement>,
    #[serde(default)]
    pub review_types: Vec<RawReviewType>,
    #[serde(default)]
    pub distinctions: Vec<RawDistinction>,
    #[serde(default)]
    pub contested: Vec<RawContested>,
    // The procedure around the review (raw_procedure.rs).
    #[serde(default)]
    pub conditions: Vec<RawCheckItem>,
    #[serde(default)]
    pub materials: Vec<RawCheckItem>,
    #[serde(default)]
    pub deadlines: Vec<RawDeadline>,
    pub publication: Option<S<RawPublication>>,
    pub rectification: Option<S<RawRectification>>,
    pub validity: Option<S<RawValidity>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    pub decided_by: S<String>,
    pub passed: Option<S<String>>,
    pub failed: Option<S<String>>,
    pub source: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    pub id: S<String>,
    pub number: Option<S<String>>,
    pub group: Option<S<String>>,
    pub text: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub types: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReviewType {
    pub id: S<String>,
    pub label: S<String>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistinction {
    pub id: S<String>,
    pub label: S<String>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContested {
    pub score: S<Points>,
    pub text: S<String>,
    pub sources: S<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    pub title: S<String>,
    pub number: Option<S<String>>,
    pub attachment: Option<S<String>>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeights {
    pub adjustable: bool,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: S<String>,
    pub number: S<String>,
    pub title: S<String>,
    pub points: S<Points>,
    pub source: S<String>,
    #[serde(default)]
    pub accept_sum_mismatch: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: S<String>,
    pub section: S<String>,
    pub parent: Option<S<String>>,
    pub number: Option<S<String>>,
    pub title: S<String>,
    pub text: Option<S<String>>,
    pub points: S<Points>,
    pub source: S<String>,
    #[serde(default)]
    pub guidance: Vec<S<String>>,
    /// The only scores the sheet allows, where it prints fixed levels (`[8, 4]`).
    pub levels: Option<S<Vec<S<Points>>>>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub accept_sum_mismatch: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    pub fact: S<String>,
    pub op: Option<S<String>>,
    pub value: S<RawValue>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawValue {
    Bool(bool),
    Number(Decimal),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub when: S<RawCondition>,
    pub score: S<RawRuleScore>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawRuleScore {
    Points(Points),
    Word(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub id: S<String>,
    pub kind: S<String>,
    pub unit: Option<String>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBonus {
    pub id: S<String>,
    pub title: S<String>,
    pub min: S<Points>,
    pub max: S<Points>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVeto {
    pub id: S<String>,
    pub number: Option<S<String>>,
    pub text: S<String>,
    pub source: S<String>,
    pub computed: Option<S<RawTrigger>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrigger {
    pub op: Option<S<String>>,
    pub score: Option<S<Points>>,
    pub fact: Option<S<String>>,
    pub value: Option<S<RawValue>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub label: S<String>,
    pub op: S<String>,
    pub score: S<Points>,
    pub passed: bool,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChecklist {
    pub id: S<String>,
    pub group: Option<String>,
    pub text: S<String>,
    #[serde(default)]
    pub levels: Vec<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub kind: S<String>,
    pub text: S<String>,
    pub sources: S<Vec<S<String>>>,
    pub reading: Option<String>,
    /// What the panel reads beside the items the note cites: short, in Chinese, without the source's line numbers.
    pub panel: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvince {
    pub schema: S<u32>,
    pub province: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub documents: Vec<RawProvinceDocument>,
    #[serde(default)]
    pub panel_rules: Vec<RawPanelRule>,
    #[serde(default)]
    pub recusal_reasons: Vec<RawProvision>,
    #[serde(default)]
    pub rights: Vec<RawProvision>,
    #[serde(default)]
    pub notes: Vec<RawNote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvinceDocument {
    pub id: S<String>,
    pub title: S<String>,
    pub number: Option<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPanelRule {
    pub id: S<String>,
    pub kind: S<String>,
    pub value: Option<S<i64>>,
    pub fields: Option<S<Vec<S<String>>>>,
    pub level: S<String>,
    pub text: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub sheets: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvision {
    pub id: S<String>,
    pub text: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub sheets: Vec<S<String>>,
}
