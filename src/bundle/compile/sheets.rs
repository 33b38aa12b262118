//! Writing the workbook while the reviews are read: every sheet is a constant-memory worksheet (rust_xlsxwriter
//! keeps one row in memory and the rest in a temporary file), written row by row in order. A review's row goes to
//! `全部` and its province's sheet (or to `历史版本`) as it is read, and feeds the statistics; `分歧` and
//! `专家宽严` are written when the last review has been read. The sheets are put in the workbook's order at the end
//! (the provinces sorted by name), with each column's width and the filter range, which are only known then.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::io;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::files::FileError;

use super::tally::{Cell, Leniency, Spreads, review_row};
use super::{
    CompileError, CompiledReview, HEADERS, LENIENCY_HEADERS, SHEET_ALL, SHEET_HISTORY, SHEET_LENIENCY, SHEET_SPREAD,
    SPREAD_HEADERS,
};

/// A sheet name Excel accepts: at most 31 UTF-16 units, none of `[]:*?/\`, no apostrophe at either end, not
/// `History` (reserved by Excel), and not one already used (compared without case).
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let cleaned: String =
        wanted.chars().map(|c| if "[]:*?/\\".contains(c) || c.is_control() { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim().to_string();
    let base = if cleaned.is_empty() { "未知省份".to_string() } else { cleaned };
    let fit = |s: &str, room: usize| {
        let mut out = String::new();
        for c in s.chars() {
            if out.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            out.push(c);
        }
        out.trim_end_matches('\'').to_string()
    };
    let taken = |name: &str, used: &[String]| {
        name.eq_ignore_ascii_case("history") || used.iter().any(|u| u.to_lowercase() == name.to_lowercase())
    };
    let mut name = fit(&base, 31);
    let mut n = 2;
    while taken(&name, used) {
        let suffix = format!("（{n}）");
        name = format!("{}{suffix}", fit(&base, 31 - suffix.encode_utf16().count()));
        n += 1;
    }
    used.push(name.clone());
    name
}

/// The display width of a cell's text: its widest line, CJK characters counting double.
fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The zip compression level of the workbook (rust_xlsxwriter's default is 6).
const ZIP_LEVEL: u8 = 3;

struct Formats {
    header: Format,
    hundredths: Format,
    whole: Format,
}

/// One table on its way to a constant-memory worksheet: the header row is written at once, then each row in turn.
struct Table {
    ws: Worksheet,
    rows: u32,
    /// The widest text of each column so far, header included.
    widest: Vec<usize>,
}

impl Table {
    fn new(wb: &mut Workbook, headers: &[&str], f: &Formats) -> Result<Table, XlsxError> {
        let mut ws = wb.new_worksheet_with_constant_memory()?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &f.header)?;
        }
        Ok(Table { ws, rows: 0, widest: headers.iter().map(|h| text_width(h)).collect() })
    }

    fn push(&mut self, row: &[Cell], f: &Formats) -> Result<(), XlsxError> {
        self.rows += 1;
        let r = self.rows;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                Cell::Text(s) if s.is_empty() => 0,
                Cell::Text(s) => {
                    self.ws.write_string(r, col, s)?;
                    text_width(s)
                }
                Cell::Hundredths(h) => {
                    self.ws.write_number_with_format(r, col, *h as f64 / 100.0, &f.hundredths)?;
                    cell.display().len()
                }
                Cell::Whole(n) => {
                    self.ws.write_number_with_format(r, col, *n as f64, &f.whole)?;
                    cell.display().len()
                }
            };
            self.widest[c] = self.widest[c].max(width);
        }
        Ok(())
    }

    /// The sheet under its name, each column as wide as its widest cell (within 6 to 66, plus 2), the header row
    /// frozen and filtering every row.
    fn finish(mut self, name: &str) -> Result<Worksheet, XlsxError> {
        self.ws.set_name(name)?;
        for (c, w) in self.widest.iter().enumerate() {
            self.ws.set_column_width(c as u16, ((*w).clamp(6, 66) + 2) as f64)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.autofilter(0, 0, self.rows, self.widest.len() as u16 - 1)?;
        Ok(self.ws)
    }
}

/// The first error of each kind, reported in the order the whole tables were once computed in (the current reviews'
/// rows, then the superseded ones', then the spreads, then the leniency), whatever order the reviews come in.
#[derive(Default)]
struct FirstErrors([Option<CompileError>; 4]);

impl FirstErrors {
    fn note<T>(&mut self, kind: usize, r: Result<T, CompileError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0[kind].get_or_insert(e);
                None
            }
        }
    }

    fn any(&self) -> bool {
        self.0.iter().any(Option::is_some)
    }

    fn into_result(self) -> Result<(), CompileError> {
        self.0.into_iter().flatten().next().map_or(Ok(()), Err)
    }
}

/// An error while writing the workbook, or one of the reviews' (those win: they are the reason nothing is written).
enum Failure {
    Review(CompileError),
    Xlsx(XlsxError),
}

impl From<XlsxError> for Failure {
    fn from(e: XlsxError) -> Self {
        Failure::Xlsx(e)
    }
}

/// The workbook of the reviews read in the order given (see the module documentation of `compile`), ready to save.
/// A review that cannot be compiled stops the writing; the rest are still read so that the error reported is the
/// one a whole-table computation would have found first.
pub(super) fn workbook<R: Borrow<CompiledReview>>(
    path: &Path,
    reviews: impl IntoIterator<Item = Result<R, CompileError>>,
) -> Result<Workbook, CompileError> {
    build(reviews).map_err(|e| match e {
        Failure::Review(e) => e,
        Failure::Xlsx(source) => CompileError::Xlsx { path: path.to_path_buf(), source },
    })
}

fn build<R: Borrow<CompiledReview>>(
    reviews: impl IntoIterator<Item = Result<R, CompileError>>,
) -> Result<Workbook, Failure> {
    let f = Formats {
        header: Format::new().set_bold(),
        hundredths: Format::new().set_num_format("0.00"),
        whole: Format::new().set_num_format("0"),
    };
    let mut wb = Workbook::new();
    // Compressing was a fifth of compiling 100,000 reviews at the default level 6; level 3 (zlib's fast strategy)
    // takes about half as long for a file 6 % larger (22.7 MB against 21.3 MB). Level 1 would be 63 % larger.
    wb.set_zip_compression_level(ZIP_LEVEL);
    let mut all = Table::new(&mut wb, &HEADERS, &f)?;
    let mut history = Table::new(&mut wb, &HEADERS, &f)?;
    let mut provinces: BTreeMap<String, Table> = BTreeMap::new();
    let (mut spreads, mut leniency) = (Spreads::default(), Leniency::default());
    let mut errors = FirstErrors::default();
    for r in reviews {
        // A review that does not read back is reported at once, as reading them all first did.
        let r = r.map_err(Failure::Review)?;
        let r = r.borrow();
        if r.superseded {
            if let Some(row) = errors.note(1, review_row(r))
                && !errors.any()
            {
                history.push(&row, &f)?;
            }
            continue;
        }
        let row = errors.note(0, review_row(r));
        if errors.0[2].is_none() {
            errors.note(2, spreads.add(r));
        }
        if errors.0[3].is_none() {
            errors.note(3, leniency.add(r));
        }
        if let Some(row) = row
            && !errors.any()
        {
            let province = r.payload.scorecard.province.as_str();
            if !provinces.contains_key(province) {
                provinces.insert(province.to_string(), Table::new(&mut wb, &HEADERS, &f)?);
            }
            if let Some(t) = provinces.get_mut(province) {
                t.push(&row, &f)?;
            }
            all.push(&row, &f)?;
        }
    }
    errors.into_result().map_err(Failure::Review)?;
    let mut used: Vec<String> = [SHEET_ALL, SHEET_SPREAD, SHEET_LENIENCY, SHEET_HISTORY].map(String::from).to_vec();
    let mut sheets = vec![all.finish(SHEET_ALL)?];
    for (province, table) in provinces {
        sheets.push(table.finish(&sheet_name(&province, &mut used))?);
    }
    for (name, headers, rows) in
        [(SHEET_SPREAD, &SPREAD_HEADERS[..], spreads.rows()), (SHEET_LENIENCY, &LENIENCY_HEADERS[..], leniency.rows())]
    {
        let mut t = Table::new(&mut wb, headers, &f)?;
        for row in &rows {
            t.push(row, &f)?;
        }
        sheets.push(t.finish(name)?);
    }
    sheets.push(history.finish(SHEET_HISTORY)?);
    for ws in sheets {
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

/// rust_xlsxwriter's constant-memory worksheets write their rows to temporary files and panic, instead of returning
/// an error, when such a write fails (a full disk, a file size limit). Such a panic of this thread is caught here
/// without a word on stderr and becomes the refusal a failed write of the workbook itself is: nothing is written under
/// its name. Any other panic goes on as a panic; other threads' panics are reported as before.
pub(super) fn contained<T>(path: &Path, work: impl FnOnce() -> Result<T, CompileError>) -> Result<T, CompileError> {
    type Hook = dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send;
    let previous: Arc<Box<Hook>> = Arc::new(std::panic::take_hook());
    let me = std::thread::current().id();
    let others = Arc::clone(&previous);
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != me {
            others(info)
        }
    }));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(work));
    drop(std::panic::take_hook());
    std::panic::set_hook(Box::new(move |info| previous(info)));
    match outcome {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            match write_failure(&message) {
                Some(source) => Err(CompileError::File(FileError::Write { path: path.to_path_buf(), source })),
                None => panic!("{message}"),
            }
        }
    }
}

/// The I/O error in the message of rust_xlsxwriter's panic on a failed write (`… Os { code: 28, kind: StorageFull,
/// … }`), if it is one.
fn write_failure(message: &str) -> Option<io::Error> {
    let code = message
        .split_once("Os { code: ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next().and_then(|d| d.parse::<i32>().ok()));
    match code {
        Some(code) => Some(io::Error::from_raw_os_error(code)),
        None if message.contains("Couldn't write to xml file") => Some(io::Error::other(message.to_string())),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = vec![SHEET_ALL.to_string()];
        assert_eq!(sheet_name("福建", &mut used), "福建");
        assert_eq!(sheet_name("福建", &mut used), "福建（2）");
        assert_eq!(sheet_name("全部", &mut used), "全部（2）");
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g", &mut used), "a_b_c__d_e_f_g");
        assert_eq!(sheet_name("", &mut used), "未知省份");
        assert_eq!(sheet_name("'引号'", &mut used), "引号");
        assert_eq!(sheet_name("History", &mut used), "History（2）");
        let long = "很".repeat(40);
        let a = sheet_name(&long, &mut used);
        assert_eq!(a.chars().count(), 31);
        let b = sheet_name(&long, &mut used);
        assert_eq!(b, format!("{}（2）", "很".repeat(28)));
    }

    #[test]
    fn a_failed_write_of_the_temporary_rows_is_an_io_error() {
        let full =
            "Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: \"No space left on device\" }";
        assert_eq!(write_failure(full).and_then(|e| e.raw_os_error()), Some(28));
        let big = "called `Result::unwrap()` on an `Err` value: Os { code: 27, kind: FileTooLarge, message: \"x\" }";
        assert_eq!(write_failure(big).map(|e| e.kind()), Some(io::ErrorKind::FileTooLarge));
        assert!(write_failure("Couldn't write to xml file: Custom").is_some());
        assert!(write_failure("index out of bounds").is_none());
    }
}
