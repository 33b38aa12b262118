//! The six pages of an open review. A review on a printed score sheet has the scoring page (评分) second; a review on
//! a province's rules, which has no points, has the page of the requirements the panel finds met (认定) there instead:
//! F2 (or Tab from the panel page) reaches it either way.

use crate::domain::scorecard::CardKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Panel,
    Scoring,
    /// The requirements and distinctions of a rules review, in place of the scoring.
    Findings,
    Vetoes,
    Opinion,
    Result,
    Sign,
}

impl Tab {
    /// The pages of a review on a score sheet.
    pub const ALL: [Tab; 6] = [Tab::Panel, Tab::Scoring, Tab::Vetoes, Tab::Opinion, Tab::Result, Tab::Sign];
    /// The pages of a review on rules without a sheet.
    pub const RULES: [Tab; 6] = [Tab::Panel, Tab::Findings, Tab::Vetoes, Tab::Opinion, Tab::Result, Tab::Sign];

    /// The pages of a review on a sheet or rules file of this kind.
    pub fn pages(kind: CardKind) -> [Tab; 6] {
        match kind {
            CardKind::Sheet => Tab::ALL,
            CardKind::Rules => Tab::RULES,
        }
    }

    /// The page in the same place for a review of this kind: the second page is the scoring on a sheet and the
    /// findings on rules.
    pub fn for_kind(self, kind: CardKind) -> Tab {
        Tab::pages(kind)[self.index()]
    }

    /// The page's title; `stage` names the opinion (验收意见, 评估意见 …).
    pub fn title(self, stage: &str) -> String {
        match self {
            Tab::Panel => "1 专家组".into(),
            Tab::Scoring => "2 评分".into(),
            Tab::Findings => "2 认定".into(),
            Tab::Vetoes => "3 否决项".into(),
            Tab::Opinion => format!("4 {stage}意见"),
            Tab::Result => "5 结果".into(),
            Tab::Sign => "6 签名与导出".into(),
        }
    }

    /// Where the page stands among the six (0 to 5).
    pub fn index(self) -> usize {
        match self {
            Tab::Findings => 1,
            t => Tab::ALL.iter().position(|x| *x == t).unwrap_or(0),
        }
    }

    pub fn next(self, kind: CardKind) -> Tab {
        Tab::pages(kind)[(self.index() + 1) % 6]
    }

    pub fn prev(self, kind: CardKind) -> Tab {
        Tab::pages(kind)[(self.index() + 5) % 6]
    }
}
