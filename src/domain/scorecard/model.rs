//! The validated, in-memory form of a score sheet and of a province's panel rules.
//!
//! These types are only built by [`super::load`], which checks every invariant the rest of the program relies on
//! (ids unique and resolvable, sums, grade bands, citations).

use std::fmt;

use serde::Serialize;

pub use super::citation::Citation;
pub use super::outcome::{CardKind, Contested, DecidedBy, Distinction, Outcome, Requirement, ReviewType};
pub use super::procedure::Procedure;
use crate::domain::points::{Decimal, Points};

/// 评估 (assessment, also 评审) or 验收 (acceptance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Assessment,
    Acceptance,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Assessment => "评估",
            Stage::Acceptance => "验收",
        }
    }
}

/// 自愿 or 强制 audits, where the rules distinguish them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Track {
    Voluntary,
    Mandatory,
    Any,
}

impl Track {
    /// The track as sheets and the database spell it: `voluntary`, `mandatory` or `any`.
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Voluntary => "voluntary",
            Track::Mandatory => "mandatory",
            Track::Any => "any",
        }
    }

    /// The track spelled as [`Track::as_str`] gives it; `None` for any other text.
    pub fn parse(text: &str) -> Option<Track> {
        [Track::Voluntary, Track::Mandatory, Track::Any].into_iter().find(|t| t.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Track::Voluntary => "自愿",
            Track::Mandatory => "强制",
            Track::Any => "不区分",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Op {
    pub fn parse(text: &str) -> Option<Op> {
        Some(match text {
            "<" => Op::Lt,
            "<=" | "≤" => Op::Le,
            ">" => Op::Gt,
            ">=" | "≥" => Op::Ge,
            "=" | "==" => Op::Eq,
            "!=" | "≠" => Op::Ne,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "=",
            Op::Ne => "!=",
        }
    }

    /// How the comparison reads in Chinese: 大于, 大于等于 …
    pub fn label(self) -> &'static str {
        match self {
            Op::Lt => "低于",
            Op::Le => "小于等于",
            Op::Gt => "大于",
            Op::Ge => "大于等于",
            Op::Eq => "等于",
            Op::Ne => "不等于",
        }
    }

    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Lt => ordering == Less,
            Op::Le => ordering != Greater,
            Op::Gt => ordering == Greater,
            Op::Ge => ordering != Less,
            Op::Eq => ordering == Equal,
            Op::Ne => ordering != Equal,
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    pub title: String,
    pub number: Option<String>,
    pub attachment: Option<String>,
    pub source: Citation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Weights {
    pub adjustable: bool,
    pub text: String,
    pub source: Citation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: String,
    pub number: String,
    pub title: String,
    pub points: Points,
    pub source: Citation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: String,
    pub section: String,
    pub parent: Option<String>,
    pub number: String,
    pub title: String,
    pub text: Option<String>,
    pub points: Points,
    pub source: Citation,
    pub guidance: Vec<String>,
    /// The only scores allowed where the sheet prints fixed levels (广东自愿 2.1: 8 or 4), highest first; empty: any
    /// score from 0 to the item's points, in tenths.
    pub levels: Vec<Points>,
    pub rules: Vec<ItemRule>,
    /// True when no other item names this one as its parent: experts score it directly.
    pub scored: bool,
    /// 0 for an item directly under its section, 1 for a sub-item, …
    pub depth: usize,
}

impl Item {
    /// Whether the sheet's printed levels allow a score (any score does when it prints none; the maximum is
    /// checked apart).
    pub fn allows(&self, points: Points) -> bool {
        self.levels.is_empty() || self.levels.contains(&points)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    Bool,
    Number,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub id: String,
    pub kind: FactKind,
    pub unit: Option<String>,
    pub text: String,
    pub source: Citation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Number(Decimal),
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Bool(true) => f.write_str("是"),
            FactValue::Bool(false) => f.write_str("否"),
            FactValue::Number(d) => write!(f, "{d}"),
        }
    }
}

/// A condition on a fact: `waste_gas_compliance_rate < 97`, `emissions_compliant = true`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FactCondition {
    pub fact: String,
    pub op: Op,
    pub value: FactValue,
}

impl FactCondition {
    /// Whether the condition holds for a known value; the loader has checked that kinds match.
    pub fn holds(&self, value: FactValue) -> bool {
        match (value, self.value) {
            (FactValue::Bool(a), FactValue::Bool(b)) => self.op.holds(a.cmp(&b)),
            (FactValue::Number(a), FactValue::Number(b)) => self.op.holds(a.cmp(&b)),
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RuleScore {
    /// Full marks (the item's points, after any weight adjustment).
    Max,
    Points(Points),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemRule {
    pub when: FactCondition,
    #[serde(serialize_with = "serialize_rule_score")]
    pub score: RuleScore,
    pub text: String,
    pub source: Citation,
}

fn serialize_rule_score<S: serde::Serializer>(score: &RuleScore, s: S) -> Result<S::Ok, S::Error> {
    match score {
        RuleScore::Max => s.serialize_str("max"),
        RuleScore::Points(p) => p.serialize(s),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bonus {
    pub id: String,
    pub title: String,
    pub min: Points,
    pub max: Points,
    pub source: Citation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "on", rename_all = "lowercase")]
pub enum VetoTrigger {
    /// Fires by itself when the panel total compares so with `score`.
    Total { op: Op, score: Points },
    /// Fires by itself from a fact the panel established.
    Fact(FactCondition),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Veto {
    pub id: String,
    pub number: Option<String>,
    pub text: String,
    pub source: Citation,
    /// `None` for a condition the panel answers yes or no.
    pub computed: Option<VetoTrigger>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub label: String,
    pub op: Op,
    pub score: Points,
    pub passed: bool,
    pub source: Citation,
}

impl Grade {
    pub fn matches(&self, total: crate::domain::points::Mean) -> bool {
        self.op.holds(total.cmp_points(self.score))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistEntry {
    pub id: String,
    pub group: Option<String>,
    pub text: String,
    pub levels: Vec<String>,
    pub source: Citation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    NumberingGap,
    SumMismatch,
    Conflict,
    NoPassMark,
    Ambiguity,
    Duplicate,
    Extraction,
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::NumberingGap => "编号缺漏",
            NoteKind::SumMismatch => "分值不合",
            NoteKind::Conflict => "文件矛盾",
            NoteKind::NoPassMark => "无合格线",
            NoteKind::Ambiguity => "表述歧义",
            NoteKind::Duplicate => "重复条目",
            NoteKind::Extraction => "原文提取",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub kind: NoteKind,
    /// The fault, for whoever maintains the sheet (often in English); with `reading`, how the file reads it.
    pub text: String,
    pub sources: Vec<Citation>,
    pub reading: Option<String>,
    /// What the panel reads beside the items whose lines the note cites: one short Chinese line. A note without it
    /// is for the sheet's maintainers only and is not shown to the panel.
    pub panel: Option<String>,
}

impl Note {
    /// Whether the note cites a line of `lines`.
    pub fn cites(&self, lines: &Citation) -> bool {
        self.sources.iter().any(|c| c.first <= lines.last && lines.first <= c.last)
    }
}

/// The notes a panel or support unit reads about `lines`, each with its short Chinese line (`panel`); a note without
/// it is for the sheet's maintainers only. The scoring page and the case page both read notes through this.
pub fn reader_notes<'a>(notes: &'a [Note], lines: &'a Citation) -> impl Iterator<Item = (&'a Note, &'a str)> {
    notes.iter().filter(|n| n.cites(lines)).filter_map(|n| Some((n, n.panel.as_deref()?)))
}

/// A validated score sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub id: String,
    pub province: String,
    pub title: String,
    pub stage: Stage,
    /// The source's own word for the stage (`评审`), where it uses neither 验收 nor 评估.
    pub stage_name: Option<String>,
    pub track: Track,
    /// A printed score sheet, or rules without one.
    pub kind: CardKind,
    pub source: Citation,
    /// The printed total; 0 for a rules file, which has no points.
    pub max_total: Points,
    pub total_may_exceed_max: bool,
    pub document: Document,
    pub weights: Option<Weights>,
    pub vetoed_label: Option<String>,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub facts: Vec<Fact>,
    pub bonuses: Vec<Bonus>,
    pub vetoes: Vec<Veto>,
    pub grades: Vec<Grade>,
    pub checklist: Vec<ChecklistEntry>,
    pub notes: Vec<Note>,
    pub outcome: Outcome,
    pub requirements: Vec<Requirement>,
    pub review_types: Vec<ReviewType>,
    pub distinctions: Vec<Distinction>,
    pub contested: Vec<Contested>,
    /// The procedure around the review: conditions, materials, deadlines, 公示, 整改, validity.
    pub procedure: Procedure,
    /// Where the sheet was loaded from: `built-in:fujian-acceptance.toml` or a path.
    #[serde(skip)]
    pub origin: String,
    /// The exact text of the file, kept so a review can freeze the sheet it was scored on.
    #[serde(skip)]
    pub text: String,
}

impl Scorecard {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// Directly scored items in sheet order.
    pub fn scored_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.scored)
    }

    /// The lowest total that passes, as the sheet prints it (`> 80`, `>= 60`), if it prints one.
    pub fn pass_mark(&self) -> Option<&Grade> {
        self.grades.iter().rfind(|g| g.passed)
    }

    /// The stage as the source names it: its own word (`评审`) or 验收 / 评估.
    pub fn stage_label(&self) -> &str {
        self.stage_name.as_deref().unwrap_or(self.stage.label())
    }

    /// The requirements that apply to a review of the given type.
    pub fn requirements_for<'a>(&'a self, review_type: Option<&'a str>) -> impl Iterator<Item = &'a Requirement> {
        self.requirements.iter().filter(move |r| r.applies_to(review_type))
    }

    pub fn review_type(&self, id: &str) -> Option<&ReviewType> {
        self.review_types.iter().find(|t| t.id == id)
    }

    /// The label a failing total gets, if the sheet prints one.
    pub fn fail_label(&self) -> Option<&str> {
        self.vetoed_label.as_deref().or_else(|| self.grades.iter().find(|g| !g.passed).map(|g| g.label.as_str()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Must,
    Should,
}

/// The fields an expert may cover; the product's categories.
pub const FIELDS: [&str; 5] = ["清洁生产", "行业", "环保", "能源", "其他"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PanelCheck {
    MinSize { value: u32 },
    MaxSize { value: u32 },
    Odd,
    Fields { fields: Vec<String> },
    Lead,
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PanelRule {
    pub id: String,
    #[serde(flatten)]
    pub check: PanelCheck,
    pub level: Level,
    pub text: String,
    pub source: Citation,
    pub sheets: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provision {
    pub id: String,
    pub text: String,
    pub source: Citation,
    pub sheets: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvinceDocument {
    pub id: String,
    pub title: String,
    pub number: Option<String>,
    pub source: Citation,
}

/// A province's rules for panels and recusals (or the national rules, `province = "全国"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvinceRules {
    pub province: String,
    pub source: Citation,
    pub documents: Vec<ProvinceDocument>,
    pub panel_rules: Vec<PanelRule>,
    pub recusal_reasons: Vec<Provision>,
    pub rights: Vec<Provision>,
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub origin: String,
    /// The exact text of the file, kept so a review can freeze the rules it was held under.
    #[serde(skip)]
    pub text: String,
}

pub const NATIONAL: &str = "全国";

fn applies(sheets: &[String], sheet_id: &str) -> bool {
    sheets.is_empty() || sheets.iter().any(|s| s == sheet_id)
}

impl ProvinceRules {
    pub fn panel_rules_for<'a>(&'a self, sheet_id: &'a str) -> impl Iterator<Item = &'a PanelRule> {
        self.panel_rules.iter().filter(move |r| applies(&r.sheets, sheet_id))
    }

    pub fn recusal_reasons_for<'a>(&'a self, sheet_id: &'a str) -> impl Iterator<Item = &'a Provision> {
        self.recusal_reasons.iter().filter(move |r| applies(&r.sheets, sheet_id))
    }

    pub fn rights_for<'a>(&'a self, sheet_id: &'a str) -> impl Iterator<Item = &'a Provision> {
        self.rights.iter().filter(move |r| applies(&r.sheets, sheet_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spelling the database and the sheets use is the one the JSON output uses, and reads back.
    #[test]
    fn a_track_reads_back_as_it_is_spelled() {
        for t in [Track::Voluntary, Track::Mandatory, Track::Any] {
            assert_eq!(Track::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        assert_eq!(Track::parse("自愿"), None);
        assert_eq!(Track::parse("Voluntary"), None);
    }
}
