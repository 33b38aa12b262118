//! What can be wrong with the parts of a file that say how a review is decided: its kind, the outcome, the
//! requirements, the types of review, the distinctions, the contested boundaries, and an item's fixed score levels.
//! One variant per reason, said in Chinese and English here.

use crate::domain::explain::Explain;
use crate::domain::points::Points;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesProblem {
    UnknownKind {
        kind: String,
    },
    /// A sheet without `max_total`.
    MaxTotalMissing,
    /// A rules file with a part only a sheet has (`max_total`, `[[sections]]`, `[[items]]`, …).
    RulesWithPoints {
        key: &'static str,
    },
    /// A rules file without `[outcome]`.
    RulesNeedOutcome,
    /// A rules file with neither requirements nor vetoes: nothing to decide on.
    RulesEmpty,
    UnknownDecidedBy {
        word: String,
    },
    /// `decided_by = "grades"` on a file without `[[grades]]`.
    GradesWithoutGrades,
    /// `decided_by = "rules"` or `"panel"` on a sheet that prints grade bands.
    GradesIgnored {
        decided_by: String,
    },
    /// `decided_by = "rules"` without the words for a pass and a failure.
    OutcomeNeedsWords,
    OutcomeNeedsSource,
    RequirementTypeUnknown {
        requirement: String,
        review_type: String,
    },
    /// A review type no requirement names.
    TypeUnused {
        review_type: String,
    },
    ContestedNeedsTwo,
    ContestedAboveHighest {
        score: Points,
        highest: Points,
    },
    LevelsEmpty {
        item: String,
    },
    LevelAboveItem {
        item: String,
        level: Points,
        max: Points,
    },
    LevelTwice {
        item: String,
        level: Points,
    },
    LevelsOnParent {
        item: String,
    },
    /// Fixed levels on a sheet whose item points the panel may adjust: the levels would no longer add up.
    LevelsWithWeights {
        item: String,
    },
    /// A rule settles an item with levels on a score that is not one of them.
    RuleNotALevel {
        item: String,
        points: Points,
    },
}

impl Explain for RulesProblem {
    fn zh(&self) -> String {
        use RulesProblem as P;
        match self {
            P::UnknownKind { kind } => format!("kind“{kind}”未知；请使用 \"sheet\"（评分表）或 \"rules\"（无评分表的规则）"),
            P::MaxTotalMissing => "评分表须有 max_total（印出的总分）".into(),
            P::RulesWithPoints { key } => {
                format!("规则文件（kind = \"rules\"）不打分，不能有 {key}；有评分表的请写 kind = \"sheet\"")
            }
            P::RulesNeedOutcome => "规则文件须有 [outcome]：结果如何判定、用什么词（通过／不予通过……）及出处".into(),
            P::RulesEmpty => {
                "规则文件既没有 [[requirements]] 也没有 [[vetoes]]：没有可判定的内容（原文把判定交给专家组时，写 decided_by = \"panel\"）".into()
            }
            P::UnknownDecidedBy { word } => {
                format!("decided_by“{word}”未知；请使用 \"grades\"、\"rules\" 或 \"panel\"")
            }
            P::GradesWithoutGrades => "decided_by = \"grades\"，但文件没有 [[grades]]".into(),
            P::GradesIgnored { decided_by } => {
                format!("文件印有 [[grades]]，但 decided_by = \"{decided_by}\" 会忽略它们；请用 \"grades\"")
            }
            P::OutcomeNeedsWords => "decided_by = \"rules\" 须写明 passed 和 failed（原文的“通过”“不通过”等用词）".into(),
            P::OutcomeNeedsSource => "[outcome] 须引用原文（source）".into(),
            P::RequirementTypeUnknown { requirement, review_type } => {
                format!("要求 {requirement}：验收类型“{review_type}”不在 [[review_types]] 中")
            }
            P::TypeUnused { review_type } => format!("验收类型“{review_type}”没有任何要求引用"),
            P::ContestedNeedsTwo => "[[contested]] 须引用意见不一的至少两处原文".into(),
            P::ContestedAboveHighest { score, highest } => {
                format!("[[contested]] 的分数 {score} 超过本表可能的最高分 {highest}")
            }
            P::LevelsEmpty { item } => format!("评分项 {item}：levels 为空；没有固定分档就不写 levels"),
            P::LevelAboveItem { item, level, max } => format!("评分项 {item}：分档 {level} 超过该项的 {max} 分"),
            P::LevelTwice { item, level } => format!("评分项 {item}：分档 {level} 写了两次"),
            P::LevelsOnParent { item } => format!("评分项 {item}：该项有下级项，不直接评分，不能有 levels"),
            P::LevelsWithWeights { item } => {
                format!("评分项 {item}：本表允许调整分值，固定分档与调整后的分值无法同时成立")
            }
            P::RuleNotALevel { item, points } => {
                format!("评分项 {item}：一条规则给 {points} 分，不是该项印出的分档之一")
            }
        }
    }

    fn en(&self) -> String {
        use RulesProblem as P;
        match self {
            P::UnknownKind { kind } => format!("kind “{kind}” is unknown; use \"sheet\" or \"rules\""),
            P::MaxTotalMissing => "a sheet needs max_total (its printed total)".into(),
            P::RulesWithPoints { key } => {
                format!(
                    "a rules file (kind = \"rules\") gives no points and cannot have {key}; a sheet is kind = \"sheet\""
                )
            }
            P::RulesNeedOutcome => {
                "a rules file needs [outcome]: how the result is decided, its words and source".into()
            }
            P::RulesEmpty => {
                "a rules file has neither [[requirements]] nor [[vetoes]]: nothing decides it (where the source leaves \
                 the decision to the panel, say decided_by = \"panel\")"
                    .into()
            }
            P::UnknownDecidedBy { word } => {
                format!("decided_by “{word}” is unknown; use \"grades\", \"rules\" or \"panel\"")
            }
            P::GradesWithoutGrades => "decided_by = \"grades\" but the file has no [[grades]]".into(),
            P::GradesIgnored { decided_by } => {
                format!("the file prints [[grades]] but decided_by = \"{decided_by}\" ignores them; use \"grades\"")
            }
            P::OutcomeNeedsWords => {
                "decided_by = \"rules\" needs passed and failed (the source's words for a pass and a failure)".into()
            }
            P::OutcomeNeedsSource => "[outcome] needs a source".into(),
            P::RequirementTypeUnknown { requirement, review_type } => {
                format!("requirement {requirement}: review type “{review_type}” is not one of [[review_types]]")
            }
            P::TypeUnused { review_type } => format!("review type “{review_type}” is named by no requirement"),
            P::ContestedNeedsTwo => "[[contested]] needs at least two sources that disagree".into(),
            P::ContestedAboveHighest { score, highest } => {
                format!("[[contested]] score {score} is above the highest total possible, {highest}")
            }
            P::LevelsEmpty { item } => {
                format!("item {item}: levels is empty; leave it out where no levels are printed")
            }
            P::LevelAboveItem { item, level, max } => format!("item {item}: level {level} is above the item's {max}"),
            P::LevelTwice { item, level } => format!("item {item}: level {level} is listed twice"),
            P::LevelsOnParent { item } => {
                format!("item {item}: has sub-items and is not scored; it cannot have levels")
            }
            P::LevelsWithWeights { item } => {
                format!("item {item}: the sheet lets the panel adjust item points, which fixed levels cannot follow")
            }
            P::RuleNotALevel { item, points } => {
                format!("item {item}: a rule gives {points}, which is not one of the item's printed levels")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(p: &RulesProblem) -> usize {
        use RulesProblem as P;
        match p {
            P::UnknownKind { .. } => 0,
            P::MaxTotalMissing => 1,
            P::RulesWithPoints { .. } => 2,
            P::RulesNeedOutcome => 3,
            P::RulesEmpty => 4,
            P::UnknownDecidedBy { .. } => 5,
            P::GradesWithoutGrades => 6,
            P::GradesIgnored { .. } => 7,
            P::OutcomeNeedsWords => 8,
            P::OutcomeNeedsSource => 9,
            P::RequirementTypeUnknown { .. } => 10,
            P::TypeUnused { .. } => 11,
            P::ContestedNeedsTwo => 12,
            P::ContestedAboveHighest { .. } => 13,
            P::LevelsEmpty { .. } => 14,
            P::LevelAboveItem { .. } => 15,
            P::LevelTwice { .. } => 16,
            P::LevelsOnParent { .. } => 17,
            P::LevelsWithWeights { .. } => 18,
            P::RuleNotALevel { .. } => 19,
        }
    }
    const COUNT: usize = 20;

    /// Every variant is said in Chinese (with CJK) and in English (without), and the walk fails until a new variant
    /// has a sample.
    #[test]
    fn every_rules_problem_is_said_in_both_languages() {
        use RulesProblem as P;
        let p = Points::whole;
        let samples = [
            P::UnknownKind { kind: "table".into() },
            P::MaxTotalMissing,
            P::RulesWithPoints { key: "[[items]]" },
            P::RulesNeedOutcome,
            P::RulesEmpty,
            P::UnknownDecidedBy { word: "vote".into() },
            P::GradesWithoutGrades,
            P::GradesIgnored { decided_by: "rules".into() },
            P::OutcomeNeedsWords,
            P::OutcomeNeedsSource,
            P::RequirementTypeUnknown { requirement: "r1".into(), review_type: "d".into() },
            P::TypeUnused { review_type: "c".into() },
            P::ContestedNeedsTwo,
            P::ContestedAboveHighest { score: p(120), highest: p(100) },
            P::LevelsEmpty { item: "2.1".into() },
            P::LevelAboveItem { item: "2.1".into(), level: p(9), max: p(8) },
            P::LevelTwice { item: "2.1".into(), level: p(4) },
            P::LevelsOnParent { item: "2".into() },
            P::LevelsWithWeights { item: "2.1".into() },
            P::RuleNotALevel { item: "2.5".into(), points: p(5) },
        ];
        let mut seen = [false; COUNT];
        for s in &samples {
            seen[variant(s)] = true;
            let (zh, en) = (s.zh(), s.en());
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
        assert!(seen.iter().all(|s| *s), "a variant has no sample: {seen:?}");
    }
}
