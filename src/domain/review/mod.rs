//! A review (一次验收) as data, and the rules that hold whatever interface asks: who may score, the panel rules, what
//! finalization requires, and how stored entries become the scoring engine's input.
//!
//! Pure domain code: the store loads a [`ReviewData`] and asks these functions before it writes.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

mod checks;
mod draft;
pub mod entries;
mod independent;
mod outcome;

pub use checks::{
    check_bonus, check_bonus_range, check_field, check_key_owner, check_level, check_reason, check_score_max,
    check_weight, typed_fact,
};
pub use draft::{date_cn, draft_opinion};
pub use entries::{EnteredExpert, EnteredScore, EnteredVeto, Entries, check};
pub use independent::{Spread, missing, spreads, unscored};
pub use outcome::{reads_as, result_of};

use crate::domain::points::Points;
use crate::domain::refusal::Blocker;
use crate::domain::scorecard::{Level, PanelCheck, PanelRule, ProvinceRules, Scorecard, Track};
use crate::domain::scoring::{EvaluationInput, FactInput, Literal, settled_items};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Scoring,
    Finalized,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scoring => "scoring",
            Status::Finalized => "finalized",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "draft" => Status::Draft,
            "scoring" => Status::Scoring,
            "finalized" => Status::Finalized,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Scoring => "评分中",
            Status::Finalized => "已定稿",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Lead,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "lead" | "组长" => Some(Role::Lead),
            "member" | "成员" => Some(Role::Member),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "组长",
            Role::Member => "成员",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Enterprise {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    pub track: Track,
    pub agency: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Expert {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recusal {
    pub expert_id: i64,
    /// The province's reason id, when the reason is one the province's rules give.
    pub reason_id: Option<String>,
    pub reason: String,
    pub statement: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Score {
    pub expert_id: i64,
    pub item_id: String,
    pub points: Points,
    /// 扣分原因: required whenever the score is below the item's maximum.
    pub reason: String,
    pub evidence: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Yes,
    No,
}

impl Answer {
    /// The answer as the database and the bundles spell it: `yes` or `no`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }

    /// The answer spelled as [`Answer::as_str`] gives it; `None` for any other text.
    pub fn parse(text: &str) -> Option<Answer> {
        [Answer::Yes, Answer::No].into_iter().find(|a| a.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VetoFinding {
    pub veto_id: String,
    pub answer: Answer,
    pub evidence: String,
}

/// A requirement or a distinction as the panel found it: met (or holding) or not, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: String,
    pub met: bool,
    /// Why it is unmet, or the evidence that a distinction holds.
    pub evidence: String,
}

/// The panel's own result where the source leaves it to the panel (or its confirmation of the computed one), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub passed: bool,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Opinion {
    /// 综合评定意见
    pub summary: String,
    /// 存在问题
    pub problems: String,
    /// 建议
    pub suggestions: String,
    /// 结论
    pub conclusion: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignIn {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub position: String,
    /// 专家 / 企业 / 主管部门 / 咨询机构 / 其他
    pub capacity: String,
}

/// Everything stored for one review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewData {
    pub id: i64,
    pub enterprise: Enterprise,
    pub scorecard_id: String,
    pub scorecard_hash: String,
    pub date: String,
    pub place: String,
    pub status: Status,
    pub experts: Vec<Expert>,
    pub recusals: Vec<Recusal>,
    pub scores: Vec<Score>,
    /// Fact id → value as text (`true`, `false` or a decimal).
    pub facts: BTreeMap<String, String>,
    pub bonuses: BTreeMap<String, Points>,
    pub weights: BTreeMap<String, Points>,
    pub vetoes: Vec<VetoFinding>,
    pub opinion: Opinion,
    pub signins: Vec<SignIn>,
    /// The type of review chosen when it started, where the sheet or rules define types.
    pub review_type: Option<String>,
    pub requirements: Vec<Finding>,
    pub distinctions: Vec<Finding>,
    pub decision: Option<Decision>,
}

impl ReviewData {
    pub fn is_recused(&self, expert_id: i64) -> bool {
        self.recusals.iter().any(|r| r.expert_id == expert_id)
    }

    pub fn expert(&self, id: i64) -> Option<&Expert> {
        self.experts.iter().find(|e| e.id == id)
    }

    /// Experts who score: on the panel and not recused.
    pub fn scoring_experts(&self) -> impl Iterator<Item = &Expert> {
        self.experts.iter().filter(|e| !self.is_recused(e.id))
    }

    pub fn score(&self, expert_id: i64, item_id: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.expert_id == expert_id && s.item_id == item_id)
    }

    /// The entries as the sheet's rules read them, and as they are signed: a recused expert's scores left out.
    pub fn entries(&self) -> Entries {
        Entries {
            experts: self
                .experts
                .iter()
                .map(|e| EnteredExpert { name: e.name.clone(), recused: self.is_recused(e.id) })
                .collect(),
            scores: self
                .scores
                .iter()
                .filter(|s| !self.is_recused(s.expert_id))
                .filter_map(|s| {
                    Some(EnteredScore {
                        expert: self.expert(s.expert_id)?.name.clone(),
                        item: s.item_id.clone(),
                        points: Literal::from(s.points),
                        reason: s.reason.clone(),
                    })
                })
                .collect(),
            facts: self.facts.clone(),
            bonuses: self.bonuses.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
            weights: self.weights.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
            vetoes: self
                .vetoes
                .iter()
                .map(|v| EnteredVeto { veto: v.veto_id.clone(), answer: v.answer, evidence: v.evidence.clone() })
                .collect(),
            summary: self.opinion.summary.clone(),
            conclusion: self.opinion.conclusion.clone(),
            review_type: self.review_type.clone(),
            requirements: self.requirements.clone(),
            distinctions: self.distinctions.clone(),
            decision: self.decision.clone(),
            legacy: false,
        }
    }

    /// The scoring engine's input ([`Entries::evaluation_input`]): recused experts are marked and never count,
    /// whatever they entered; scores stored for an item that a fact now settles are left out (the fact decides; the
    /// scores count again if the fact is changed).
    pub fn evaluation_input(&self, card: &Scorecard) -> EvaluationInput {
        self.entries().evaluation_input(card)
    }

    /// The items the review's facts settle, with the points they give: what [`settled_items`] finds in
    /// [`ReviewData::evaluation_input`], read from the facts and weights alone (the only parts of the input it reads),
    /// without turning every score into the engine's input first. The scoring page asks on every frame.
    pub fn settled_items(&self, card: &Scorecard) -> BTreeMap<String, Points> {
        let input = EvaluationInput {
            facts: self.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
            weights: self.weights.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
            ..EvaluationInput::default()
        };
        settled_items(card, &input)
    }

    /// The rule of an item that the review's facts settle it by (its place among the item's rules), read from the
    /// facts alone as [`ReviewData::settled_items`] is: what `settling_rules` finds for this item in
    /// [`ReviewData::evaluation_input`], for the one item the scoring page shows in full.
    pub fn settling_rule(&self, card: &Scorecard, item_id: &str) -> Option<usize> {
        let item = card.item(item_id).filter(|i| i.scored)?;
        let input = EvaluationInput {
            facts: self.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
            ..EvaluationInput::default()
        };
        crate::domain::scoring::settling_rule(item, &crate::domain::scoring::fact_values(&input)).map(|(n, _)| n)
    }

    /// The maximum of an item for this review, after any weight the panel set.
    pub fn item_max(&self, card: &Scorecard, item_id: &str) -> Option<Points> {
        let item = card.item(item_id)?;
        Some(self.weights.get(item_id).copied().unwrap_or(item.points))
    }
}

/// A panel rule not met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PanelFinding {
    pub rule_id: String,
    pub level: Level,
    pub message: String,
    pub text: String,
    pub source: String,
}

impl fmt::Display for PanelFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Must => "必须",
            Level::Should => "应当",
        };
        write!(f, "[{level}] {}（{}，{}）", self.message, self.text, self.source)
    }
}

/// Checks the panel (its non-recused experts) against the province's rules for this sheet.
pub fn panel_findings<'a>(
    review: &ReviewData,
    card: &Scorecard,
    rules: impl IntoIterator<Item = &'a ProvinceRules>,
) -> Vec<PanelFinding> {
    let panel: Vec<&Expert> = review.scoring_experts().collect();
    let n = panel.len() as u32;
    let mut findings = Vec::new();
    let mut has_lead_rule = false;
    for province in rules {
        for rule in province.panel_rules_for(&card.id) {
            let message = match &rule.check {
                PanelCheck::MinSize { value } if n < *value => {
                    Some(format!("专家组（不含回避专家）只有 {n} 人，至少需要 {value} 人"))
                }
                PanelCheck::MaxSize { value } if n > *value => {
                    Some(format!("专家组（不含回避专家）有 {n} 人，至多 {value} 人"))
                }
                PanelCheck::Odd if n.is_multiple_of(2) => Some(format!("专家组（不含回避专家）有 {n} 人，应为单数")),
                PanelCheck::Fields { fields } => {
                    let missing: Vec<&str> =
                        fields.iter().map(String::as_str).filter(|f| !panel.iter().any(|e| e.field == *f)).collect();
                    (!missing.is_empty()).then(|| format!("专家组缺少以下专业的专家：{}", missing.join("、")))
                }
                PanelCheck::Lead => {
                    has_lead_rule = true;
                    (!panel.iter().any(|e| e.role == Role::Lead)).then(|| "专家组尚未确定组长".to_string())
                }
                _ => None,
            };
            if let Some(message) = message {
                findings.push(finding(rule, message));
            }
        }
    }
    if !has_lead_rule && !panel.iter().any(|e| e.role == Role::Lead) && !panel.is_empty() {
        findings.push(PanelFinding {
            rule_id: "lead".into(),
            level: Level::Should,
            message: "专家组尚未确定组长（验收意见由组长汇总）".into(),
            text: "本省文件未规定组长；软件提示".into(),
            source: "—".into(),
        });
    }
    findings
}

fn finding(rule: &PanelRule, message: String) -> PanelFinding {
    PanelFinding {
        rule_id: rule.id.clone(),
        level: rule.level,
        message,
        text: rule.text.clone(),
        source: rule.source.to_string(),
    }
}

/// Everything that stops a review from being finalized, each named plainly. Empty when it may be finalized.
///
/// The entries are checked by [`check`], the very function a bundle's verification and import run on the signed
/// payload; the province's panel rules (which the bundle does not carry) are checked here besides.
pub fn finalize_blockers<'a>(
    review: &ReviewData,
    card: &Scorecard,
    rules: impl IntoIterator<Item = &'a ProvinceRules>,
) -> Vec<Blocker> {
    let panel = panel_findings(review, card, rules)
        .into_iter()
        .filter(|f| f.level == Level::Must)
        .map(|f| Blocker::PanelRule { message: f.message, source: f.source })
        .collect();
    entries::check_with(card, &review.entries(), panel).err().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spelling the database uses is the one the JSON output uses, and reads back.
    #[test]
    fn an_answer_reads_back_as_it_is_spelled() {
        for a in [Answer::Yes, Answer::No] {
            assert_eq!(Answer::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        assert_eq!(Answer::parse("是"), None);
    }
}
