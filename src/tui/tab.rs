//! The six pages of an open review.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Panel,
    Scoring,
    Vetoes,
    Opinion,
    Result,
    Sign,
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Panel, Tab::Scoring, Tab::Vetoes, Tab::Opinion, Tab::Result, Tab::Sign];
    pub fn title(self) -> &'static str {
        match self {
            Tab::Panel => "1 专家组",
            Tab::Scoring => "2 评分",
            Tab::Vetoes => "3 否决项",
            Tab::Opinion => "4 验收意见",
            Tab::Result => "5 结果",
            Tab::Sign => "6 签名与导出",
        }
    }
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }
    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}
