//! Who is excluded before a draw, and why: an expert whose appointment ended or who left the pool is not in it on the
//! day of the draw (the pool's own record), and an expert barred by a ground of recusal of the plan (the province's,
//! with its lines, or the support unit's choice, said so) is not drawn for this enterprise. Shown before the draw and
//! kept in its record.

use serde::{Deserialize, Serialize};

use super::rules::{Applied, By, Ground, Plan};
use super::{DrawCase, Expert};

/// Why one expert is excluded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reason {
    /// Served or consulted for the enterprise (its credit code is among the expert's 服务企业).
    Served { credit_code: String },
    /// Works for the enterprise (the expert's unit is the enterprise's name).
    Interest,
    /// The appointment ended before the day of the draw (聘期至).
    TermEnded { until: String },
    /// The support unit took the expert out of the pool.
    Retired { on: String },
}

impl Reason {
    pub fn zh(&self) -> String {
        match self {
            Reason::Served { credit_code } => format!("曾为该企业（{credit_code}）提供清洁生产审核或咨询服务"),
            Reason::Interest => "在该企业任职，与该企业存在利益关系".into(),
            Reason::TermEnded { until } => format!("聘期已于 {until} 届满"),
            Reason::Retired { on } => format!("已于 {on} 退出专家库"),
        }
    }
    pub fn en(&self) -> String {
        match self {
            Reason::Served { credit_code } => format!("served or consulted for the enterprise ({credit_code})"),
            Reason::Interest => "works for the enterprise (an interest in it)".into(),
            Reason::TermEnded { until } => format!("the appointment ended on {until}"),
            Reason::Retired { on } => format!("left the pool on {on}"),
        }
    }
}

/// One expert excluded: who, why (in Chinese, as the contract prints it, and typed), and on what it rests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub name: String,
    pub unit: String,
    pub reason: String,
    /// The lines of the province's rule (`L2297-L2299`), or `技术依托单位的选择`, or `专家库记录`.
    pub source: String,
    pub why: Reason,
}

pub const UNIT_CHOICE: &str = "技术依托单位的选择（省级文件未规定）";
pub const POOL_RECORD: &str = "专家库记录";

fn source_of(a: &Applied) -> String {
    match a.by {
        By::Province => a.source.clone().unwrap_or_default(),
        By::Unit => UNIT_CHOICE.to_string(),
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    !a.trim().is_empty() && squash(a) == squash(b)
}

/// The first reason `e` is excluded from drawing for `case` on `today` (`YYYY-MM-DD`), if any: the pool's record
/// first (not in the pool that day), then the plan's grounds in their order.
pub fn reason(e: &Expert, case: &DrawCase, plan: &Plan, today: &str) -> Option<(Reason, String)> {
    if let Some(on) = &e.retired_on
        && on.as_str() <= today
    {
        return Some((Reason::Retired { on: on.clone() }, POOL_RECORD.into()));
    }
    if let Some(until) = &e.term_until
        && until.as_str() < today
    {
        return Some((Reason::TermEnded { until: until.clone() }, POOL_RECORD.into()));
    }
    for (g, a) in &plan.grounds {
        match g {
            Ground::Served => {
                if !case.credit_code.is_empty() && e.served.iter().any(|c| c.eq_ignore_ascii_case(&case.credit_code)) {
                    return Some((Reason::Served { credit_code: case.credit_code.clone() }, source_of(a)));
                }
            }
            Ground::Interest => {
                if same_name(&e.unit, &case.enterprise) {
                    return Some((Reason::Interest, source_of(a)));
                }
            }
        }
    }
    None
}

/// Splits a sorted pool into the eligible experts (in the pool's order) and the excluded ones with their reasons.
pub fn split<'a>(pool: &'a [Expert], case: &DrawCase, plan: &Plan, today: &str) -> (Vec<&'a Expert>, Vec<Exclusion>) {
    let mut eligible = Vec::with_capacity(pool.len());
    let mut excluded = Vec::new();
    for e in pool {
        match reason(e, case, plan, today) {
            None => eligible.push(e),
            Some((why, source)) => {
                excluded.push(Exclusion { name: e.name.clone(), unit: e.unit.clone(), reason: why.zh(), source, why })
            }
        }
    }
    (eligible, excluded)
}
