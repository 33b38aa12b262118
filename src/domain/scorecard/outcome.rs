//! How a review on a sheet or rules file is decided and in whose words: the file's kind (a printed score sheet, or
//! rules without one), the requirements the panel must find met, the types of review a province defines, the
//! grades conferred by conditions rather than points, the result's words, and the boundaries two documents of the
//! source disagree on.

use serde::Serialize;

use super::citation::Citation;
use crate::domain::points::{Mean, Points};

/// A printed score sheet, or a province's rules for a review without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    Sheet,
    Rules,
}

impl CardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Sheet => "sheet",
            CardKind::Rules => "rules",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CardKind::Sheet => "评分表",
            CardKind::Rules => "规则",
        }
    }
}

/// Who or what decides whether a review passes, once no veto holds and every requirement is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecidedBy {
    /// The sheet's grade bands (points).
    Grades,
    /// The rules: passed unless a veto holds or a requirement is unmet.
    Rules,
    /// The source leaves the decision to the panel, which records its conclusion and why.
    Panel,
}

impl DecidedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Grades => "grades",
            DecidedBy::Rules => "rules",
            DecidedBy::Panel => "panel",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DecidedBy::Grades => "按评分等级判定",
            DecidedBy::Rules => "按规定条件判定",
            DecidedBy::Panel => "由专家组判定",
        }
    }
}

/// How the result is decided and the words the province uses for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub decided_by: DecidedBy,
    /// The word for a pass (`通过`, `通过验收`, `合格`); `None` where only grade labels are printed.
    pub passed: Option<String>,
    /// The word for a failure (`不通过`, `不予通过`, `不合格`).
    pub failed: Option<String>,
    /// Where the source says so; `None` for a sheet whose grade bands are all it prints.
    pub source: Option<Citation>,
}

/// A condition the panel must find met for the review to pass (北京 第八条's contents, 辽宁's 通过验收).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub id: String,
    pub number: Option<String>,
    /// A heading the requirement is listed under (`验收内容`, `通过评审`), if the source groups them.
    pub group: Option<String>,
    pub text: String,
    pub source: Citation,
    /// The types of review it applies to (`review_types`); empty: every one.
    pub types: Vec<String>,
}

impl Requirement {
    /// Whether the requirement applies to a review of the given type (`None`: the file defines no types).
    pub fn applies_to(&self, review_type: Option<&str>) -> bool {
        self.types.is_empty() || review_type.is_some_and(|t| self.types.iter().any(|x| x == t))
    }
}

/// A type of review the source defines, chosen when the review starts (云南's three kinds of acceptance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewType {
    pub id: String,
    pub label: String,
    pub text: String,
    pub source: Citation,
}

/// A grade conferred by conditions rather than points (辽宁 优秀企业): the panel finds whether its conditions hold,
/// and only a review that passes can have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Distinction {
    pub id: String,
    pub label: String,
    pub text: String,
    pub source: Citation,
}

/// A total two documents of the source put on different sides of a boundary (福建 85: the sheets print 大于 85 for
/// 优秀, the rules 85 分（含）). The sheet's own reading decides; a total landing exactly on it is shown with both
/// citations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contested {
    pub score: Points,
    /// Chinese, short, for the panel and the support unit: what each document says and which reading is used.
    pub text: String,
    pub sources: Vec<Citation>,
}

impl Contested {
    /// Whether a panel total lands exactly on this boundary.
    pub fn hit_by(&self, total: Mean) -> bool {
        total.cmp_points(self.score) == std::cmp::Ordering::Equal
    }
}
