//! A review (一次验收) as data, and the rules that hold whatever interface asks: who may score, the panel rules, what
//! finalization requires, and how stored entries become the scoring engine's input.
//!
//! Pure domain code: the store loads a [`ReviewData`] and asks these functions before it writes.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::domain::points::Points;
use crate::domain::refusal::{Blocker, Refusal};
use crate::domain::scorecard::{
    Bonus, FIELDS, FactKind, Level, PanelCheck, PanelRule, ProvinceRules, Scorecard, Track,
};
use crate::domain::scoring::{EvaluationInput, ExpertInput, FactInput, Literal, settled_items};

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

    /// The scoring engine's input: recused experts are marked and never count, whatever they entered; scores
    /// stored for an item that a fact now settles are left out (the fact decides; the scores count again if the fact
    /// is changed).
    pub fn evaluation_input(&self, card: &Scorecard) -> EvaluationInput {
        let mut input = self.raw_input();
        let settled = settled_items(card, &input);
        for e in &mut input.experts {
            e.scores.retain(|item, _| !settled.contains_key(item));
        }
        input
    }

    /// The items the review's facts settle, with the points they give: what [`settled_items`] finds in
    /// [`ReviewData::evaluation_input`], read from the facts and weights alone (the only parts of the input it reads),
    /// without turning every score into the engine's input first. The scoring page asks on every frame.
    pub fn settled_items(&self, card: &Scorecard) -> BTreeMap<String, Points> {
        settled_items(card, &self.fact_input())
    }

    /// The engine's input without the experts, bonuses and vetoes: the facts and the weights.
    fn fact_input(&self) -> EvaluationInput {
        EvaluationInput {
            experts: Vec::new(),
            bonuses: BTreeMap::new(),
            vetoes: Vec::new(),
            facts: self.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
            weights: self.weights.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
        }
    }

    fn raw_input(&self) -> EvaluationInput {
        EvaluationInput {
            experts: self
                .experts
                .iter()
                .map(|e| ExpertInput {
                    name: e.name.clone(),
                    recused: self.is_recused(e.id),
                    scores: self
                        .scores
                        .iter()
                        .filter(|s| s.expert_id == e.id)
                        .map(|s| (s.item_id.clone(), Literal::from(s.points)))
                        .collect(),
                })
                .collect(),
            bonuses: self.bonuses.iter().map(|(k, v)| (k.clone(), Literal::from(*v))).collect(),
            vetoes: self.vetoes.iter().filter(|v| v.answer == Answer::Yes).map(|v| v.veto_id.clone()).collect(),
            ..self.fact_input()
        }
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
pub fn finalize_blockers<'a>(
    review: &ReviewData,
    card: &Scorecard,
    rules: impl IntoIterator<Item = &'a ProvinceRules>,
) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    let scoring: Vec<&Expert> = review.scoring_experts().collect();
    if scoring.is_empty() {
        blockers.push(Blocker::NoScoringExpert);
    }
    let input = review.evaluation_input(card);
    let evaluation = crate::domain::scoring::evaluate(card, &input);
    let settled_by_facts = settled_items(card, &input);
    for e in &scoring {
        let missing: Vec<String> = card
            .scored_items()
            .filter(|i| !settled_by_facts.contains_key(&i.id) && review.score(e.id, &i.id).is_none())
            .map(|i| i.id.clone())
            .collect();
        if !missing.is_empty() {
            blockers.push(Blocker::Unscored { expert: e.name.clone(), items: missing });
        }
        let unexplained: Vec<String> = review
            .scores
            .iter()
            .filter(|s| s.expert_id == e.id && !settled_by_facts.contains_key(&s.item_id))
            .filter(|s| review.item_max(card, &s.item_id).is_some_and(|m| s.points < m) && s.reason.trim().is_empty())
            .map(|s| s.item_id.clone())
            .collect();
        if !unexplained.is_empty() {
            blockers.push(Blocker::Unexplained { expert: e.name.clone(), items: unexplained });
        }
    }
    let unanswered: Vec<String> = card
        .vetoes
        .iter()
        .filter(|v| v.computed.is_none() && !review.vetoes.iter().any(|f| f.veto_id == v.id))
        .map(|v| v.number.clone().unwrap_or_else(|| v.id.clone()))
        .collect();
    if !unanswered.is_empty() {
        blockers.push(Blocker::VetoesUnanswered { vetoes: unanswered });
    }
    for v in &review.vetoes {
        if v.answer == Answer::Yes && v.evidence.trim().is_empty() {
            blockers.push(Blocker::VetoWithoutEvidence { veto: v.veto_id.clone() });
        }
    }
    for f in panel_findings(review, card, rules) {
        if f.level == Level::Must {
            blockers.push(Blocker::PanelRule { message: f.message, source: f.source });
        }
    }
    if review.opinion.summary.trim().is_empty() {
        blockers.push(Blocker::SummaryMissing);
    }
    if review.opinion.conclusion.trim().is_empty() {
        blockers.push(Blocker::ConclusionMissing);
    }
    if let Err(errors) = &evaluation
        && blockers.is_empty()
    {
        // Anything else the engine refuses (a fact that contradicts a stored score, for example).
        blockers.extend(errors.0.iter().map(|m| Blocker::Evaluation { message: m.clone() }));
    }
    blockers
}

/// Checks an expert's field against the product's categories.
pub fn check_field(field: &str) -> Result<(), Refusal> {
    if FIELDS.contains(&field) {
        Ok(())
    } else {
        Err(Refusal::NotAnExpertField {
            field: field.to_string(),
            choices: FIELDS.iter().map(|f| f.to_string()).collect(),
        })
    }
}

/// A fact's value as the panel types it, in the form it is sent to be stored: `None` when empty (the fact is
/// forgotten); `true` or `false` for a yes/no fact (是/否, y/n, yes/no, true/false); for a number fact, half-width
/// digits as typed (no exponent: `1e1` is a number to a parser, not to a panel).
/// `fact` and `description` name the fact in the refusal.
pub fn typed_fact(fact: &str, description: &str, kind: FactKind, text: &str) -> Result<Option<String>, Refusal> {
    let t = text.trim();
    let refuse = |yes_no: bool| {
        let (fact, text, value) = (fact.to_string(), description.to_string(), t.to_string());
        Err(if yes_no {
            Refusal::FactYesNo { fact, text, value }
        } else {
            Refusal::FactNotANumber { fact, text, value }
        })
    };
    match (t, kind) {
        ("", _) => Ok(None),
        ("是" | "y" | "yes" | "true", FactKind::Bool) => Ok(Some("true".to_string())),
        ("否" | "n" | "no" | "false", FactKind::Bool) => Ok(Some("false".to_string())),
        (_, FactKind::Bool) => refuse(true),
        (v, FactKind::Number) if v.contains(['e', 'E']) || crate::domain::points::Decimal::parse(v).is_err() => {
            refuse(false)
        }
        (v, FactKind::Number) => Ok(Some(v.to_string())),
    }
}

/// Refuses a score above the item's maximum (after any weight the panel set).
pub fn check_score_max(item: &str, points: Points, max: Points) -> Result<(), Refusal> {
    if points > max { Err(Refusal::ScoreAboveMax { item: item.to_string(), points, max }) } else { Ok(()) }
}

/// Refuses a deduction without its reason (扣分原因): a score below the maximum needs one.
pub fn check_reason(item: &str, points: Points, max: Points, reason: &str) -> Result<(), Refusal> {
    if points < max && reason.trim().is_empty() {
        Err(Refusal::ReasonMissing { item: item.to_string(), points, max })
    } else {
        Ok(())
    }
}

/// Refuses adjusted item points of 0: an item the panel weighs counts for something.
pub fn check_weight(item: &str, points: Points) -> Result<(), Refusal> {
    if points == Points::ZERO { Err(Refusal::WeightNotPositive { item: item.to_string() }) } else { Ok(()) }
}

/// Refuses a bonus outside the range the sheet gives it.
pub fn check_bonus(bonus: &Bonus, value: Points) -> Result<(), Refusal> {
    check_bonus_range(&bonus.id, &bonus.title, value, (bonus.min, bonus.max))
}

/// [`check_bonus`] for a bonus known by its id, title and range.
pub fn check_bonus_range(bonus: &str, title: &str, value: Points, (min, max): (Points, Points)) -> Result<(), Refusal> {
    if value < min || value > max {
        Err(Refusal::BonusOutOfRange { bonus: bonus.to_string(), title: title.to_string(), value, min, max })
    } else {
        Ok(())
    }
}

/// A draft of the opinion (验收意见) from the data: result, grade, main deductions, vetoes, recusals and panel. The
/// lead edits it; nothing here is signed.
pub fn draft_opinion(
    review: &ReviewData,
    card: &Scorecard,
    evaluation: Option<&crate::domain::scoring::Evaluation>,
) -> Opinion {
    let panel: Vec<String> = review
        .scoring_experts()
        .map(|e| format!("{}（{}{}）", e.name, e.field, if e.role == Role::Lead { "，组长" } else { "" }))
        .collect();
    let mut summary = format!(
        "{}年{}，专家组（{}）依据《{}》对{}清洁生产审核进行了现场验收。",
        review.date.get(..4).unwrap_or(""),
        if review.place.is_empty() { String::new() } else { format!("在{}", review.place) },
        panel.join("、"),
        card.title,
        review.enterprise.name
    );
    let recused: Vec<String> = review
        .recusals
        .iter()
        .filter_map(|r| review.expert(r.expert_id).map(|e| format!("{}（{}）", e.name, r.reason)))
        .collect();
    if !recused.is_empty() {
        summary.push_str(&format!("专家{}依规回避，未参与评分。", recused.join("、")));
    }
    let mut conclusion = String::new();
    if let Some(e) = evaluation {
        summary.push_str(&format!("经评分，专家组平均得分为{}分（满分{}分）", e.total.display(), e.max_total));
        if let Some(g) = &e.grade {
            summary.push_str(&format!("，评定等级为“{g}”"));
        }
        summary.push('。');
        for v in &e.veto_details {
            summary.push_str(&format!("存在否决项：{}（{}）。", v.text, v.source));
        }
        conclusion = match e.passed {
            Some(true) => format!("通过验收{}。", e.grade.as_deref().map(|g| format!("（{g}）")).unwrap_or_default()),
            Some(false) => "验收不予通过。".to_string(),
            None => String::new(),
        };
    }
    // Main deductions: the items that lost the most on average.
    let mut problems = String::new();
    if let Some(e) = evaluation {
        let mut lost: Vec<(&crate::domain::scoring::ItemResult, i64)> = e
            .items
            .iter()
            .map(|i| (i, i.max.tenths() * 100 - i.mean.hundredths() * 10))
            .filter(|(_, l)| *l > 0)
            .collect();
        lost.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (n, (item, _)) in lost.iter().take(5).enumerate() {
            let title = card.item(&item.id).map(|i| i.title.as_str()).unwrap_or("");
            let reasons: Vec<&str> = review
                .scores
                .iter()
                .filter(|s| s.item_id == item.id && !s.reason.trim().is_empty() && !review.is_recused(s.expert_id))
                .map(|s| s.reason.trim())
                .collect();
            problems.push_str(&format!(
                "{}. {}（平均{}分，满分{}分）{}\n",
                n + 1,
                title,
                item.mean.display(),
                item.max,
                if reasons.is_empty() { String::new() } else { format!("：{}", reasons.join("；")) }
            ));
        }
    }
    Opinion {
        summary,
        problems: problems.trim_end().to_string(),
        suggestions: review.opinion.suggestions.clone(),
        conclusion,
    }
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
