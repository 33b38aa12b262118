//! The expert pool (专家库) of a support unit and the draw of a case's panel from it: the experts, the provinces'
//! draw and recusal rules as data (`rules`), who is excluded before the draw and why (`exclude`), the draw itself
//! (`draw`: ChaCha20 from a 32-byte seed, a documented algorithm, each eligible expert's exact chance), the frozen
//! record a draw leaves (`record`), replacing a drawn expert by the next reserve (`substitute`), and reading a pool
//! from a table's rows (`table`). Pure: the seed, the date and the pool are given.

pub mod draw;
pub mod entry;
pub mod exclude;
pub mod record;
pub mod refusal;
pub mod rules;
pub mod substitute;
pub mod table;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use refusal::PoolRefusal;

/// An expert's field (专业领域), as the pool's table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    #[serde(rename = "清洁生产")]
    CleanProduction,
    #[serde(rename = "行业")]
    Industry,
    #[serde(rename = "环保")]
    Environment,
    #[serde(rename = "能源")]
    Energy,
    #[serde(rename = "经济")]
    Economics,
    #[serde(rename = "其他")]
    Other,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::CleanProduction, Field::Industry, Field::Environment, Field::Energy, Field::Economics, Field::Other];

    pub fn zh(self) -> &'static str {
        match self {
            Field::CleanProduction => "清洁生产",
            Field::Industry => "行业",
            Field::Environment => "环保",
            Field::Energy => "能源",
            Field::Economics => "经济",
            Field::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Field::CleanProduction => "clean production",
            Field::Industry => "industry",
            Field::Environment => "environment",
            Field::Energy => "energy",
            Field::Economics => "economics",
            Field::Other => "other",
        }
    }

    /// The field a table cell names (surrounding spaces ignored), if it is one of the six.
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.zh() == s.trim())
    }
}

/// One expert of the pool. Dates are `YYYY-MM-DD` (padded, so they compare as text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    pub name: String,
    pub unit: String,
    pub field: Field,
    /// The industry code (行业, e.g. `C26`), empty when none is recorded.
    pub industry: String,
    /// 职称, empty when none is recorded.
    pub title: String,
    /// 聘期至: the last day of the appointment, when the pool records one.
    pub term_until: Option<String>,
    /// The credit codes of the enterprises the expert served or consulted for (服务企业), normalized.
    pub served: Vec<String>,
    /// The expert's public key from the roster (minisign, base64), when known.
    pub public_key: Option<String>,
    /// The day the support unit took the expert out of the pool (退出), if it did.
    pub retired_on: Option<String>,
}

impl Expert {
    /// The key the draw sorts by and the pool tells experts apart by: name, then unit.
    pub fn key(&self) -> (&str, &str) {
        (&self.name, &self.unit)
    }

    /// The expert as a person reads it: `姓名（单位）`.
    pub fn label(&self) -> String {
        format!("{}（{}）", self.name, self.unit)
    }
}

/// The case a panel is drawn for, as the draw needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawCase {
    pub case_id: i64,
    pub case_uid: String,
    pub province: String,
    pub enterprise: String,
    pub credit_code: String,
    /// The enterprise's industry code, empty when the case records none.
    pub industry: String,
}

/// Sorts a pool by the draw's key and refuses two experts with the same name and unit.
pub fn sorted_pool(mut experts: Vec<Expert>) -> Result<Vec<Expert>, PoolRefusal> {
    experts.sort_by(|a, b| a.key().cmp(&b.key()));
    for w in experts.windows(2) {
        if w[0].key() == w[1].key() {
            return Err(PoolRefusal::DuplicateExpert { name: w[0].name.clone(), unit: w[0].unit.clone() });
        }
    }
    Ok(experts)
}
