//! Reading a pool's table from a CSV file (UTF-8, with or without a byte-order mark) or a workbook's first sheet, as
//! text cells for `domain::pool::table`; writing the pool as CSV.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

/// The rows of a CSV or XLSX file, every cell as text (dates of a workbook as `YYYY-MM-DD`).
pub(super) fn read_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    super::super::existing_file(path, "FILE")?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" => {
            let text = super::super::read_text(path, "FILE")?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for rec in r.records() {
                let rec = rec.with_context(|| format!("cannot read {} as CSV", path.display()))?;
                rows.push(rec.iter().map(str::to_string).collect());
            }
            Ok(rows)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            use calamine::{Data, Reader};
            let mut wb = calamine::open_workbook_auto(path)
                .with_context(|| format!("cannot read {} as a workbook", path.display()))?;
            let Some(name) = wb.sheet_names().first().cloned() else { bail!("{} has no sheet", path.display()) };
            let range = wb.worksheet_range(&name).with_context(|| format!("cannot read sheet {name}"))?;
            Ok(range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|c| match c {
                            Data::DateTime(d) => excel_date(d.as_f64()),
                            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect())
        }
        _ => bail!("FILE: {} is neither .csv nor .xlsx", path.display()),
    }
}

/// The rows as CSV (UTF-8 with a byte-order mark, as the spreadsheets the support units use open it).
pub(super) fn csv_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// A workbook's date serial (days since 1899-12-30, the 1900 system) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.checked_add_days(chrono::Days::new(serial.floor().max(0.0) as u64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
