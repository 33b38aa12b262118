//! Reading a pool from a table's rows (a CSV file or a workbook's first sheet, read by the caller into text cells):
//! the header names the columns (姓名, 单位, 专业领域; optional 行业, 职称, 聘期至, 服务企业), in any order; each
//! row is read by the entry's rules (`entry`) and refused with its row and column. Writing a pool back as rows.

use super::{Expert, Field, PoolRefusal, entry, sorted_pool};
use crate::domain::explain::Explain;

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
        // The entry's rules, refused with the row and the column.
        let at = |i: usize| {
            move |e: PoolRefusal| match e {
                PoolRefusal::ServedCode { code, error } => bad(line, COLUMNS[i], &code, error.zh()),
                PoolRefusal::Entry(r) => bad(line, COLUMNS[i], if i == 5 { cell(i).trim() } else { cell(i) }, r.zh()),
                other => bad(line, COLUMNS[i], cell(i), other.zh()),
            }
        };
        let name = entry::name(cell(0)).map_err(at(0))?;
        let unit = entry::unit(cell(1)).map_err(at(1))?;
        let field =
            Field::parse(cell(2)).ok_or_else(|| PoolRefusal::UnknownField { row: line, value: cell(2).into() })?;
        let industry = entry::industry(cell(3)).map_err(at(3))?;
        let title = entry::title(cell(4)).map_err(at(4))?;
        let term_until = entry::term_until(cell(5)).map_err(at(5))?;
        let served = entry::served(cell(6)).map_err(at(6))?;
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
