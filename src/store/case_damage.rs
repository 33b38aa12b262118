//! Damage to a case's rows: a row changed, deleted or added outside yanshou, named with its case, its table and its
//! key, and the log entry concerned.

use std::fmt;

use crate::domain::explain::Explain;

/// How a case's row differs from what its log records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseDifference {
    /// It differs from what entry `seq` recorded.
    Changed { seq: i64 },
    /// It is gone; entry `seq` wrote it.
    Deleted { seq: i64 },
    /// No entry wrote it, or entry `deleted_by` deleted it.
    Added { deleted_by: Option<i64> },
}

/// A row of a case that is not what the log says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRowDamage {
    pub case: i64,
    pub table: String,
    pub key: String,
    pub difference: CaseDifference,
}

impl CaseRowDamage {
    fn what_zh(&self) -> String {
        let c = self.case;
        let what = match self.table.as_str() {
            "cases" => format!("案件 {c} 本身的记录（企业、省份、阶段、评分表）"),
            "case_reviews" => format!("案件 {c} 所属的一次验收"),
            "case_events" => format!("案件 {c} 的一个日期（事件）"),
            "case_checks" => format!("案件 {c} 的一项申请审查"),
            "case_objections" => format!("案件 {c} 的一项公示异议"),
            "pool_experts" => "专家库中的一位专家".to_string(),
            "draws" => format!("案件 {c} 的一次专家抽取记录"),
            "draw_substitutions" => format!("案件 {c} 的一次专家替换"),
            other => format!("案件 {c} 在表 {other} 中的一行"),
        };
        format!("{what}［{}］", self.key)
    }

    fn what_en(&self) -> String {
        let c = self.case;
        let what = match self.table.as_str() {
            "cases" => format!("case {c}'s own record (enterprise, province, stage, sheet)"),
            "case_reviews" => format!("case {c}, one of its reviews"),
            "case_events" => format!("case {c}, one of its dates (events)"),
            "case_checks" => format!("case {c}, one item of its application's check"),
            "case_objections" => format!("case {c}, an objection to its 公示"),
            "pool_experts" => "an expert of the pool".to_string(),
            "draws" => format!("case {c}, a draw of its panel"),
            "draw_substitutions" => format!("case {c}, a substitution on its drawn panel"),
            other => format!("case {c}, a row of {other}"),
        };
        format!("{what} [{}]", self.key)
    }
}

impl Explain for CaseRowDamage {
    fn zh(&self) -> String {
        let what = self.what_zh();
        match self.difference {
            CaseDifference::Changed { seq } => format!("{what}在 yanshou 之外被改动：与日志第 {seq} 条所记不符"),
            CaseDifference::Deleted { seq } => format!("{what}在 yanshou 之外被删除（由日志第 {seq} 条写入）"),
            CaseDifference::Added { deleted_by: None } => {
                format!("{what}是在 yanshou 之外添加的：没有任何日志条目写入它")
            }
            CaseDifference::Added { deleted_by: Some(seq) } => format!("{what}又出现了，而日志第 {seq} 条已将其删除"),
        }
    }

    fn en(&self) -> String {
        let what = self.what_en();
        match self.difference {
            CaseDifference::Changed { seq } => {
                format!("{what} has been changed outside yanshou: it is not what log entry {seq} recorded")
            }
            CaseDifference::Deleted { seq } => {
                format!("{what} has been deleted outside yanshou (log entry {seq} wrote it)")
            }
            CaseDifference::Added { deleted_by: None } => {
                format!("{what} has been added outside yanshou: no log entry wrote it")
            }
            CaseDifference::Added { deleted_by: Some(seq) } => {
                format!("{what} is there again although log entry {seq} deleted it")
            }
        }
    }
}

impl fmt::Display for CaseRowDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_case_row_damage_is_said_in_both_languages() {
        let differences = [
            CaseDifference::Changed { seq: 4 },
            CaseDifference::Deleted { seq: 4 },
            CaseDifference::Added { deleted_by: None },
            CaseDifference::Added { deleted_by: Some(5) },
        ];
        for table in ["cases", "case_reviews", "case_events", "case_checks", "case_objections", "other"] {
            for difference in &differences {
                // Exhaustive: a new kind does not compile until it is walked here.
                match difference {
                    CaseDifference::Changed { .. } | CaseDifference::Deleted { .. } | CaseDifference::Added { .. } => {}
                }
                let d = CaseRowDamage {
                    case: 3,
                    table: table.into(),
                    key: format!("{table}/3/x"),
                    difference: difference.clone(),
                };
                crate::domain::refusal::tests::check_words(&format!("{d:?}"), &d);
                assert!(d.zh().contains("案件 3") && d.en().contains("case 3"), "{}", d.zh());
            }
        }
    }
}
