//! The 验收工作报告 as a workbook sheet (`验收工作报告`): one row per case's round, the same facts the printed
//! report gives, text cells but the panel's total (a number with two decimals where the sheet scores).

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use unicode_width::UnicodeWidthStr;

use super::CompileError;
use crate::bundle::report::ReportCase;

pub const SHEET_WORK_REPORT: &str = "验收工作报告";

/// The columns of `验收工作报告`.
pub const WORK_REPORT_HEADERS: [&str; 20] = [
    "案件",
    "轮次",
    "复核验收",
    "企业名称",
    "统一社会信用代码",
    "省份",
    "阶段",
    "依据",
    "现场验收日期",
    "地点",
    "专家组",
    "回避",
    "专家评分",
    "专家组总分",
    "等级",
    "验收结果",
    "验收结论",
    "否决项",
    "不同意见",
    "签名情况",
];

fn row(c: &ReportCase) -> Vec<String> {
    let join = |v: Vec<String>| v.join("；");
    vec![
        c.case.to_string(),
        c.round.to_string(),
        c.recheck_of.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default(),
        c.enterprise.clone(),
        c.credit_code.clone(),
        c.province.clone(),
        c.stage.clone(),
        c.sheet.clone(),
        c.visit.clone(),
        c.place.clone(),
        join(c.panel.iter().map(|p| format!("{}（{}）", p.name, p.role)).collect()),
        join(c.recusals.iter().map(|(n, r, _)| format!("{n}：{r}")).collect()),
        join(c.panel.iter().filter_map(|p| p.total.as_ref().map(|t| format!("{} {t}", p.name))).collect()),
        c.total.clone(),
        c.grade.clone().unwrap_or_default(),
        c.result.clone(),
        c.conclusion.trim_end().to_string(),
        join(c.vetoes.clone()),
        join(c.dissents.iter().map(|(n, d)| format!("{n}：{d}")).collect()),
        join(c.panel.iter().map(|p| format!("{} {}", p.name, p.signature)).collect()),
    ]
}

/// The workbook of the work report's rows, ready to save.
pub fn work_report_xlsx(path: &Path, cases: &[ReportCase]) -> Result<Vec<u8>, CompileError> {
    let xlsx = |source| CompileError::Xlsx { path: path.to_path_buf(), source };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_WORK_REPORT).map_err(xlsx)?;
    let bold = Format::new().set_bold();
    let hundredths = Format::new().set_num_format("0.00");
    let mut widest: Vec<usize> = WORK_REPORT_HEADERS.iter().map(|h| h.width()).collect();
    for (c, h) in WORK_REPORT_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(xlsx)?;
    }
    for (r, case) in cases.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row(case).iter().enumerate() {
            let col = c as u16;
            match (WORK_REPORT_HEADERS[c], text.parse::<f64>()) {
                ("专家组总分", Ok(n)) => ws.write_number_with_format(r, col, n, &hundredths).map_err(xlsx)?,
                _ if text.is_empty() => ws,
                _ => ws.write_string(r, col, text).map_err(xlsx)?,
            };
            widest[c] = widest[c].max(text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0));
        }
    }
    for (c, w) in widest.iter().enumerate() {
        ws.set_column_width(c as u16, ((*w).clamp(6, 66) + 2) as f64).map_err(xlsx)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    ws.autofilter(0, 0, cases.len() as u32, WORK_REPORT_HEADERS.len() as u16 - 1).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}
