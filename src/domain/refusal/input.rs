//! Why the scoring engine cannot evaluate a panel's entries ([`crate::domain::scoring::evaluate`]): each reason a
//! typed value naming the expert, item, fact, bonus or veto, said in Chinese and in English by one [`Explain`].
//! The English is the text the engine has always written (`yanshou evaluate` and the quarantine printed it).

use crate::domain::explain::Explain;
use crate::domain::points::{Points, PointsError};

/// Where points that do not read as points were given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
    /// An item's adjusted points.
    Weight {
        item: String,
    },
    /// An expert's score of an item.
    Score {
        expert: String,
        item: String,
    },
    Bonus {
        bonus: String,
    },
}

/// An item an expert has not scored, with the facts that could settle it instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unscored {
    pub item: String,
    pub facts: Vec<String>,
}

/// One reason the engine cannot evaluate an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    NotAFact {
        fact: String,
        sheet: String,
        known: Vec<String>,
    },
    FactNotANumber {
        fact: String,
        value: String,
    },
    /// A yes/no fact given a number.
    FactWantsYesNo {
        fact: String,
        text: String,
    },
    /// A number fact given yes or no.
    FactWantsNumber {
        fact: String,
        text: String,
    },
    WeightsFixed {
        sheet: String,
    },
    Points {
        at: At,
        error: PointsError,
    },
    WeightZero {
        item: String,
    },
    WeightOnParent {
        item: String,
    },
    WeightNotAnItem {
        item: String,
        sheet: String,
    },
    /// Adjusted points that change a section's total.
    SectionTotal {
        number: String,
        title: String,
        total: Points,
        printed: Points,
    },
    NoName,
    ListedTwice {
        name: String,
    },
    NotAnItem {
        expert: String,
        item: String,
        sheet: String,
    },
    ScoreOnParent {
        expert: String,
        item: String,
    },
    AboveMax {
        expert: String,
        item: String,
        points: Points,
        max: Points,
    },
    /// A score on an item the facts settle at another value: the rule's words and its source.
    Settled {
        expert: String,
        item: String,
        points: Points,
        settled: Points,
        rule: String,
        source: String,
    },
    Unscored {
        expert: String,
        items: Vec<Unscored>,
    },
    NoScoringExpert,
    NotABonus {
        bonus: String,
        sheet: String,
    },
    BonusOutOfRange {
        bonus: String,
        title: String,
        value: Points,
        min: Points,
        max: Points,
    },
    NotAVeto {
        veto: String,
        sheet: String,
    },
    VetoComputed {
        veto: String,
    },
    /// A score the sheet's printed levels for the item do not allow.
    NotALevel {
        expert: String,
        item: String,
        points: Points,
        levels: Vec<Points>,
    },
    /// Scores given on a rules file, which has no points.
    RulesNoScores {
        expert: String,
        sheet: String,
    },
    ReviewTypeMissing {
        sheet: String,
        choices: Vec<String>,
    },
    NotAReviewType {
        review_type: String,
        sheet: String,
        choices: Vec<String>,
    },
    NotARequirement {
        requirement: String,
        sheet: String,
    },
    /// A requirement of another type of review than the one chosen.
    RequirementNotApplicable {
        requirement: String,
        review_type: String,
    },
    RequirementsUnanswered {
        requirements: Vec<String>,
    },
    NotADistinction {
        distinction: String,
        sheet: String,
    },
}

/// Points said as a list: `8、4` (zh) or `8, 4` (en).
fn levels(l: &[Points], sep: &str) -> String {
    l.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(sep)
}

impl At {
    fn zh(&self) -> String {
        match self {
            At::Weight { item } => format!("条目 {item} 的分值"),
            At::Score { expert, item } => format!("专家 {expert} 对条目 {item} 的评分"),
            At::Bonus { bonus } => format!("加分项 {bonus}"),
        }
    }

    fn en(&self) -> String {
        match self {
            At::Weight { item } => format!("weights: item {item}"),
            At::Score { expert, item } => format!("expert {expert}: item {item}"),
            At::Bonus { bonus } => format!("bonus {bonus}"),
        }
    }
}

fn list_or(items: &[String], none: &str, sep: &str) -> String {
    if items.is_empty() { none.to_string() } else { items.join(sep) }
}

impl Explain for InputError {
    fn zh(&self) -> String {
        use InputError::*;
        match self {
            NotAFact { fact, sheet, known } => {
                format!("“{fact}”不是评分表 {sheet} 的事实（其事实：{}）", list_or(known, "无", "、"))
            }
            FactNotANumber { fact, value } => format!("事实 {fact} 的值“{value}”不是数字"),
            FactWantsYesNo { fact, text } => format!("事实 {fact}（{text}）只能填“是”或“否”"),
            FactWantsNumber { fact, text } => format!("事实 {fact}（{text}）须填数字"),
            WeightsFixed { sheet } => format!("评分表 {sheet} 不允许专家组调整条目分值"),
            Points { at, error } => format!("{}：{}", at.zh(), error.zh()),
            WeightZero { item } => format!("条目 {item} 的分值须大于 0"),
            WeightOnParent { item } => format!("条目 {item} 有子项：请调整各子项的分值"),
            WeightNotAnItem { item, sheet } => format!("调整分值：“{item}”不是评分表 {sheet} 的条目"),
            SectionTotal { number, title, total, printed } => {
                format!("第 {number} 部分“{title}”调整后合计 {total} 分，评分表规定本部分合计 {printed} 分")
            }
            NoName => "有一位专家没有姓名".into(),
            ListedTwice { name } => format!("专家 {name} 出现了两次"),
            NotAnItem { expert, item, sheet } => format!("专家 {expert}：“{item}”不是评分表 {sheet} 的条目"),
            ScoreOnParent { expert, item } => format!("专家 {expert}：条目 {item} 有子项，请对各子项评分"),
            AboveMax { expert, item, points, max } => {
                format!("专家 {expert} 对条目 {item} 的评分 {points} 超过本条满分 {max}")
            }
            Settled { expert, item, points, settled, rule, .. } => format!(
                "专家 {expert} 对条目 {item} 的评分 {points} 与评分表按事实确定的 {settled} 分不符（{rule}）：请删除该评分或修改事实"
            ),
            Unscored { expert, items } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|u| {
                        if u.facts.is_empty() {
                            u.item.clone()
                        } else {
                            format!("{}（或填写可确定其分数的事实 {}）", u.item, u.facts.join("、"))
                        }
                    })
                    .collect();
                format!("专家 {expert} 尚未评分的条目：{}", items.join("、"))
            }
            NoScoringExpert => "没有专家评分：至少须有一位未回避的专家对评分表评分".into(),
            NotABonus { bonus, sheet } => format!("“{bonus}”不是评分表 {sheet} 的加分项"),
            BonusOutOfRange { bonus, value, min, max, .. } => {
                format!("加分 {value} 超出本项范围 {min}–{max} 分（加分项 {bonus}）")
            }
            NotAVeto { veto, sheet } => format!("“{veto}”不是评分表 {sheet} 的否决项"),
            VetoComputed { veto } => format!("否决项 {veto} 由评分或事实自动判定，不能手工认定"),
            NotALevel { expert, item, points, levels: l } => format!(
                "专家 {expert} 对条目 {item} 的评分 {points} 不是评分表所印的分档：本条只能评 {} 分",
                levels(l, "、")
            ),
            RulesNoScores { expert, sheet } => {
                format!("专家 {expert}：{sheet} 是无评分表的验收规则，专家不打分，只认定各项要求和否决项")
            }
            ReviewTypeMissing { sheet, choices } => {
                format!("{sheet} 规定了验收类型，须选择其一：{}", choices.join("、"))
            }
            NotAReviewType { review_type, sheet, choices } => {
                format!("“{review_type}”不是 {sheet} 的验收类型（可选：{}）", list_or(choices, "无", "、"))
            }
            NotARequirement { requirement, sheet } => format!("“{requirement}”不是 {sheet} 的要求"),
            RequirementNotApplicable { requirement, review_type } => {
                format!("要求 {requirement} 不适用于验收类型 {review_type}")
            }
            RequirementsUnanswered { requirements } => {
                format!("尚未认定是否满足的要求：{}", requirements.join("、"))
            }
            NotADistinction { distinction, sheet } => format!("“{distinction}”不是 {sheet} 的条件等级"),
        }
    }

    fn en(&self) -> String {
        use InputError::*;
        match self {
            NotAFact { fact, sheet, known } => {
                format!("fact “{fact}” is not a fact of sheet {sheet} (its facts: {})", list_or(known, "none", ", "))
            }
            FactNotANumber { fact, value } => format!("fact “{fact}”: “{value}” is not a number"),
            FactWantsYesNo { fact, text } => format!("fact “{fact}” ({text}) is yes/no: give true or false"),
            FactWantsNumber { fact, text } => format!("fact “{fact}” ({text}) is a number: give a number"),
            WeightsFixed { sheet } => format!("weights: sheet {sheet} does not allow the panel to adjust item points"),
            Points { at, error } => format!("{}: {}", at.en(), error.en()),
            WeightZero { item } => format!("weights: item {item}: points must be more than 0"),
            WeightOnParent { item } => format!("weights: item {item} has sub-items; adjust the sub-items' points"),
            WeightNotAnItem { item, sheet } => format!("weights: “{item}” is not an item of sheet {sheet}"),
            SectionTotal { number, title, total, printed } => format!(
                "weights: section {number} {title} would total {total}; the sheet keeps its items at {printed} in all"
            ),
            NoName => "an expert has no name".into(),
            ListedTwice { name } => format!("expert “{name}” is listed twice"),
            NotAnItem { expert, item, sheet } => format!("expert {expert}: “{item}” is not an item of sheet {sheet}"),
            ScoreOnParent { expert, item } => {
                format!("expert {expert}: item {item} has sub-items; score its sub-items instead")
            }
            AboveMax { expert, item, points, max } => {
                format!("expert {expert}: item {item}: score {points} is above the item's maximum {max}")
            }
            Settled { expert, item, points, settled, rule, source } => format!(
                "expert {expert}: item {item}: score {points} conflicts with {settled}, which the sheet sets: {rule}（{source}）"
            ),
            Unscored { expert, items } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|u| {
                        let facts: Vec<String> = u.facts.iter().map(|f| format!("fact {f}")).collect();
                        if facts.is_empty() {
                            format!("item {}", u.item)
                        } else {
                            format!("item {} (or give {}, which can settle it)", u.item, facts.join(" / "))
                        }
                    })
                    .collect();
                format!("expert {expert}: no score for {}", items.join(", "))
            }
            NoScoringExpert => "no expert scores: at least one expert who has not recused must score the sheet".into(),
            NotABonus { bonus, sheet } => format!("bonus “{bonus}” is not a bonus of sheet {sheet}"),
            BonusOutOfRange { bonus, title, value, min, max } => {
                format!("bonus {bonus} ({title}): {value} is outside {min} to {max}")
            }
            NotAVeto { veto, sheet } => format!("veto “{veto}” is not a veto of sheet {sheet}"),
            VetoComputed { veto } => {
                format!("veto {veto} is computed from the scores or facts; it cannot be confirmed by hand")
            }
            NotALevel { expert, item, points, levels: l } => format!(
                "expert {expert}: item {item}: score {points} is not one of the levels the sheet prints ({})",
                levels(l, ", ")
            ),
            RulesNoScores { expert, sheet } => {
                format!("expert {expert}: {sheet} is a rules review without a sheet; experts give no scores")
            }
            ReviewTypeMissing { sheet, choices } => {
                format!("{sheet} defines types of review; choose one: {}", choices.join(", "))
            }
            NotAReviewType { review_type, sheet, choices } => format!(
                "“{review_type}” is not a review type of {sheet} (its types: {})",
                list_or(choices, "none", ", ")
            ),
            NotARequirement { requirement, sheet } => format!("“{requirement}” is not a requirement of {sheet}"),
            RequirementNotApplicable { requirement, review_type } => {
                format!("requirement {requirement} does not apply to review type {review_type}")
            }
            RequirementsUnanswered { requirements } => {
                format!("requirements not yet found met or unmet: {}", requirements.join(", "))
            }
            NotADistinction { distinction, sheet } => format!("“{distinction}” is not a distinction of {sheet}"),
        }
    }
}

impl std::fmt::Display for InputError {
    /// The English words ([`Explain::en`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// Every reason an input cannot be evaluated, in the order found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl Explain for InputErrors {
    fn zh(&self) -> String {
        crate::domain::explain::zh_list(&self.0)
    }

    fn en(&self) -> String {
        self.0.iter().map(Explain::en).collect::<Vec<_>>().join("\n")
    }
}

impl std::fmt::Display for InputErrors {
    /// One English reason a line, as the engine has always said them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for InputErrors {}
