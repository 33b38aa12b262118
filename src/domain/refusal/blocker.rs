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
    /// Anything else the scoring engine refuses (a bonus outside its range on a sheet that changed, say).
    Evaluation(InputError),
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
