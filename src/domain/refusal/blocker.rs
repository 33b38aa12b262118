//! What stops a review from being finalized, each a typed value naming the expert, the items or the veto.

use serde::{Serialize, Serializer};

use super::InputError;
use crate::domain::explain::Explain;

/// One thing that stops a review from being finalized ([`crate::domain::review::finalize_blockers`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// No expert on the panel who has not recused.
    NoScoringExpert,
    /// Items an expert has not scored (at most twelve named, then counted).
    Unscored {
        expert: String,
        items: Vec<String>,
    },
    /// Items an expert deducted from without the reason.
    Unexplained {
        expert: String,
        items: Vec<String>,
    },
    VetoesUnanswered {
        vetoes: Vec<String>,
    },
    VetoWithoutEvidence {
        veto: String,
    },
    /// A panel rule of the province that must hold and does not: its message and its source.
    PanelRule {
        message: String,
        source: String,
    },
    SummaryMissing,
    ConclusionMissing,
    /// The sheet or rules define types of review and none was chosen.
    ReviewTypeMissing {
        choices: Vec<String>,
    },
    /// Requirements the panel has not found met or unmet.
    RequirementsUnanswered {
        requirements: Vec<String>,
    },
    /// A requirement found unmet without saying why.
    UnmetWithoutReason {
        requirement: String,
    },
    /// A distinction found to hold without the evidence.
    DistinctionWithoutEvidence {
        distinction: String,
    },
    /// The source leaves the result to the panel, which has not recorded it.
    DecisionMissing,
    /// The panel's own conclusion without its reason.
    DecisionReasonMissing,
    /// The panel's recorded result contradicts what the rules decide: `why` names the veto, the requirement or the
    /// grade that decides it.
    DecisionContradicts {
        decided: bool,
        computed: bool,
        why: String,
    },
    /// The opinion's 结论 reads as the opposite of the result.
    ConclusionContradicts {
        conclusion: String,
        result: String,
        why: String,
    },
    /// Anything else the scoring engine refuses (a bonus outside its range on a sheet that changed, say).
    Evaluation(InputError),
}

fn pass_word(passed: bool) -> &'static str {
    if passed { "通过" } else { "不通过" }
}

/// At most this many items are named in a blocker; the rest are counted.
const NAMED: usize = 12;

fn items(ids: &[String]) -> String {
    if ids.len() <= NAMED { ids.join("、") } else { format!("{} 等 {} 项", ids[..NAMED].join("、"), ids.len()) }
}

impl Explain for Blocker {
    fn zh(&self) -> String {
        match self {
            Blocker::NoScoringExpert => "专家组没有可评分的专家（未回避的专家）".to_string(),
            Blocker::Unscored { expert, items: i } => format!("专家 {expert} 尚未评分的条目：{}", items(i)),
            Blocker::Unexplained { expert, items: i } => {
                format!("专家 {expert} 扣分但未写扣分原因的条目：{}", items(i))
            }
            Blocker::VetoesUnanswered { vetoes } => format!("尚未回答的否决项：{}", vetoes.join("、")),
            Blocker::VetoWithoutEvidence { veto } => format!("否决项 {veto} 认定为“是”但没有依据"),
            Blocker::PanelRule { message, source } => format!("专家组不符合规定：{message}（{source}）"),
            Blocker::SummaryMissing => "验收意见的综合评定意见尚未填写".to_string(),
            Blocker::ConclusionMissing => "验收意见的结论尚未填写".to_string(),
            Blocker::Evaluation(e) => format!("评分无法计算：{}", e.zh()),
            Blocker::ReviewTypeMissing { choices } => format!("尚未选择验收类型（{}）", choices.join("、")),
            Blocker::RequirementsUnanswered { requirements } => {
                format!("尚未认定是否满足的要求：{}", items(requirements))
            }
            Blocker::UnmetWithoutReason { requirement } => format!("要求 {requirement} 认定为“不满足”但没有写明原因"),
            Blocker::DistinctionWithoutEvidence { distinction } => {
                format!("条件等级 {distinction} 认定为“符合”但没有依据")
            }
            Blocker::DecisionMissing => "依本省规定，验收结论由专家组判定：请在验收意见页选择通过或不通过".to_string(),
            Blocker::DecisionReasonMissing => "专家组判定的结论须写明理由".to_string(),
            Blocker::DecisionContradicts { decided, computed, why } => {
                format!("专家组选择的结论为“{}”，但依规定结果为“{}”：{why}", pass_word(*decided), pass_word(*computed))
            }
            Blocker::ConclusionContradicts { conclusion, result, why } => {
                format!("验收意见的结论“{conclusion}”与结果“{result}”相矛盾：{why}")
            }
        }
    }

    /// The command line has always listed what stops finalization in Chinese (the English line starts
    /// `finalization refused:` and lists these words); only the engine's own refusals are in English.
    fn en(&self) -> String {
        match self {
            Blocker::Evaluation(e) => e.en(),
            other => other.zh(),
        }
    }
}

impl std::fmt::Display for Blocker {
    /// The words the command line lists ([`Explain::en`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// In JSON, a blocker is its words, as the command line lists them.
impl Serialize for Blocker {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.en())
    }
}
