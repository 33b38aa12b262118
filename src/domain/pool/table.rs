//! Reading a pool from a table's rows (a CSV file or a workbook's first sheet, read by the caller into text cells):
//! the header names the columns (姓名, 单位, 专业领域; optional 行业, 职称, 聘期至, 服务企业), in any order; each
//! row is checked by the typed-text rules and refused with its row and column. Writing a pool back as rows.

use super::{Expert, Field, PoolRefusal, sorted_pool};
use crate::domain::{credit_code, text};

pub const COLUMNS: [&str; 7] = ["姓名", "单位", "专业领域", "行业", "职称", "聘期至", "服务企业"];
const REQUIRED: usize = 3;

fn bad(row: usize, column: &str, value: &str, why: String) -> PoolRefusal {
    PoolRefusal::BadCell { row, column: column.into(), value: value.into(), why }
}

/// The experts of a table: `rows[0]` is the header; row numbers in refusals count it as 1.
pub fn experts(rows: &[Vec<String>]) -> Result<Vec<Expert>, PoolRefusal> {
    let Some(header) = rows.first() else { return Err(PoolRefusal::EmptyTable) };
    let at = |name: &str| header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name);
    let mut cols = [None; 7];
    for (i, c) in COLUMNS.iter().enumerate() {
        cols[i] = at(c);
        if i < REQUIRED && cols[i].is_none() {
            return Err(PoolRefusal::MissingColumn { column: (*c).into() });
        }
    }
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate().skip(1) {
        let line = n + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| cols[i].and_then(|c| row.get(c)).map(|s| s.as_str()).unwrap_or("");
        let one = |i: usize, required: bool| {
            text::one_line(cell(i), COLUMNS[i], 200, required).map_err(|e| {
                use crate::domain::explain::Explain;
                bad(line, COLUMNS[i], cell(i), e.zh())
            })
        };
        let name = one(0, true)?;
        let unit = one(1, true)?;
        let field =
            Field::parse(cell(2)).ok_or_else(|| PoolRefusal::UnknownField { row: line, value: cell(2).into() })?;
        let industry = one(3, false)?.to_ascii_uppercase();
        let title = one(4, false)?;
        let term = cell(5).trim();
        let term_until = if term.is_empty() {
            None
        } else {
            Some(text::date(term, COLUMNS[5]).map_err(|e| {
                use crate::domain::explain::Explain;
                bad(line, COLUMNS[5], term, e.zh())
            })?)
        };
        let mut served = Vec::new();
        for code in cell(6).split(['；', ';']).map(str::trim).filter(|c| !c.is_empty()) {
            let code = credit_code::validate(code).map_err(|e| bad(line, COLUMNS[6], code, e.to_string()))?;
            if !served.contains(&code) {
                served.push(code);
            }
        }
        out.push(Expert { name, unit, field, industry, title, term_until, served, public_key: None, retired_on: None });
    }
    if out.is_empty() {
        return Err(PoolRefusal::EmptyTable);
    }
    sorted_pool(out)
}

/// A pool as rows, header first (the columns of [`COLUMNS`], then 公钥 and 退出日期), for CSV or a workbook.
pub fn rows(pool: &[Expert]) -> Vec<Vec<String>> {
    let mut out = vec![COLUMNS.iter().map(|c| c.to_string()).chain(["公钥".into(), "退出日期".into()]).collect()];
    for e in pool {
        out.push(vec![
            e.name.clone(),
            e.unit.clone(),
            e.field.zh().into(),
            e.industry.clone(),
            e.title.clone(),
            e.term_until.clone().unwrap_or_default(),
            e.served.join("；"),
            e.public_key.clone().unwrap_or_default(),
            e.retired_on.clone().unwrap_or_default(),
        ]);
    }
    out
}
