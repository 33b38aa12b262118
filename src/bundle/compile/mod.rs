//! The support unit's compilation (汇总) of many finalized reviews into one workbook or CSV file.
//!
//! The workbook has these sheets, in this order:
//!
//! - `全部`: one row per current review (not superseded), in the order given;
//! - one sheet per province (`福建`, `浙江`, …, sorted by name), the same columns for that province's reviews;
//! - `分歧`: per (score sheet, item), the spread (max − min) of the experts' scores on that item within a review,
//!   averaged over the reviews, and the largest spread with its enterprise;
//! - `专家宽严`: per expert name, how far their total lies from their panel's mean total (positive = lenient);
//! - `历史版本`: the superseded reviews (older revisions), same columns as `全部`; they appear nowhere else.
//!
//! Columns of `全部`, the province sheets and `历史版本` ([`HEADERS`]): the experts' own totals are one text cell
//! (`王建国 95；李秀英 97`) so that every row has the same columns whatever the panel size; 专家组总分 is a number cell
//! (two decimals), 修订 a whole number, everything else text (dates stay text, `2026-11-28`, so that no spreadsheet
//! reinterprets them). 抽取核对 says what the panel stands on, as verification and import checked it from the payload:
//! `签名专家均为抽取专家`, `含记录的替补：<out>→<in>（<cause>：<reason>）；…`, or `未经抽取（专家组手工录入）` for a panel
//! typed by hand (and every payload before version 4).
//!
//! The statistics are exact: scores are tenths ([`Points`]), means are fractions, and only the final value is rounded
//! (half away from zero) to hundredths for its number cell. In `分歧` a review counts for an item only when at least two
//! experts who did not recuse scored it; in `专家宽严` a review counts only when at least two experts scored it (a
//! lone expert's deviation from themself says nothing). Experts are told apart by name only.
//!
//! The CSV file is the `全部` table: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), CRLF line ends,
//! RFC 4180 quoting. A text field that begins with `=`, `+`, `-` or `@` is written with a leading `'` so that a
//! spreadsheet opening the file does not run it as a formula (the workbook never needs this: its text cells are
//! strings, not formulas).

use std::borrow::Borrow;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::XlsxError;

use super::SignerInfo;
use super::payload::Payload;
use crate::domain::explain::Explain;
use crate::store::Store;
use crate::store::signing::{ImportRecord, ImportedReview};

mod report;
mod sheets;
mod tally;

pub use report::{SHEET_WORK_REPORT, WORK_REPORT_HEADERS, work_report_xlsx};
use tally::{Cell, review_row};

/// One imported review as the support unit compiles it.
#[derive(Clone, Debug)]
pub struct CompiledReview {
    pub payload: Payload,
    pub signers: Vec<SignerInfo>,
    pub payload_sha256: String,
    pub imported_at: String,
    /// A later revision of the same review (same uid) has been imported.
    pub superseded: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("review {uid} ({enterprise}): {field} “{value}” is not a valid number")]
    BadNumber { uid: String, enterprise: String, field: String, value: String },
    #[error("cannot write the workbook {path}: {source}")]
    Xlsx {
        path: PathBuf,
        #[source]
        source: XlsxError,
    },
    #[error("import {id}: the stored bundle does not read back: {message}")]
    Stored { id: i64, message: String },
    /// The folder the files go in was missing and could not be made.
    #[error("cannot create the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    /// The imported bundles could not be read from the store.
    #[error("the imported bundles could not be read: {0}")]
    Read(#[from] crate::store::StoreError),
}

/// The Chinese is what the support unit's screen has always said; the English is the message above.
impl Explain for CompileError {
    fn zh(&self) -> String {
        match self {
            CompileError::Folder { path, source } => format!("无法创建目录 {}：{source}", path.display()),
            CompileError::Read(e) => format!("未能汇总：{}", e.zh()),
            other => format!("未能写出汇总：{other}"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// The columns of the review tables (`全部`, the provinces, `历史版本`, and the CSV file).
pub const HEADERS: [&str; 22] = [
    "企业名称",
    "统一社会信用代码",
    "省份",
    "评分表",
    "阶段",
    "验收日期",
    "地点",
    "专家组",
    "回避",
    "专家评分",
    "专家组总分",
    "等级",
    "结论",
    "否决项",
    "签名情况",
    "不同意见",
    "payload sha256",
    "修订",
    "导入时间",
    "未满足的要求",
    "界限争议",
    "抽取核对",
];

/// The columns of `分歧`.
pub const SPREAD_HEADERS: [&str; 7] =
    ["评分表", "评分表编号", "评分项", "评审数", "平均极差", "最大极差", "最大极差企业"];

/// The columns of `专家宽严`.
pub const LENIENCY_HEADERS: [&str; 5] = ["专家", "评审数", "平均偏离（宽严）", "最小偏离", "最大偏离"];

pub const SHEET_ALL: &str = "全部";
pub const SHEET_SPREAD: &str = "分歧";
pub const SHEET_LENIENCY: &str = "专家宽严";
pub const SHEET_HISTORY: &str = "历史版本";

/// The imported bundles as the compilation reads them (superseded ones marked).
pub fn from_imports(records: &[ImportRecord]) -> Result<Vec<CompiledReview>, CompileError> {
    records.iter().map(|r| compiled(&ImportedReview::from(r.clone()))).collect()
}

/// One imported bundle as the compilation reads it (superseded marked).
pub fn compiled(r: &ImportedReview) -> Result<CompiledReview, CompileError> {
    let stored = |e: serde_json::Error| CompileError::Stored { id: r.id, message: e.to_string() };
    // Stored payloads of every version, read whole in the current shape (an older one through its upgrade).
    let payload = super::payload::read_current(&r.payload).map_err(|e| CompileError::Stored {
        id: r.id,
        message: match e {
            super::payload::NotAPayload::Shape(m) => m,
            super::payload::NotAPayload::Unknown { format, version } => format!("{format} version {version}"),
        },
    })?;
    Ok(CompiledReview {
        payload,
        signers: serde_json::from_str(&r.signers).map_err(stored)?,
        payload_sha256: r.payload_sha256.clone(),
        imported_at: r.imported_at.clone(),
        superseded: r.superseded_by.is_some(),
    })
}

/// The store's imported bundles, read one at a time and compiled as they come: what `yanshou compile` and the
/// support unit's screen write from, holding one batch of the store's at a time, never all of them.
pub fn from_store(
    store: &Store,
) -> Result<impl Iterator<Item = Result<CompiledReview, CompileError>> + '_, CompileError> {
    Ok(store.imported_reviews()?.map(|r| compiled(&r?)))
}

/// The compilation workbook's bytes (see the module documentation for its sheets and columns).
pub fn xlsx_bytes(path: &Path, reviews: &[CompiledReview]) -> Result<Vec<u8>, CompileError> {
    xlsx_bytes_from(path, reviews.iter().map(Ok))
}

/// The same workbook from reviews read one at a time, each dropped once it is written: the memory it takes does not
/// grow with the number of reviews (beyond the statistics of `分歧` and `专家宽严` and the finished file's bytes). The
/// first error of `reviews` is returned as it comes.
pub fn xlsx_bytes_from<R: Borrow<CompiledReview>>(
    path: &Path,
    reviews: impl IntoIterator<Item = Result<R, CompileError>>,
) -> Result<Vec<u8>, CompileError> {
    sheets::contained(path, || {
        sheets::workbook(path, reviews)?
            .save_to_buffer()
            .map_err(|source| CompileError::Xlsx { path: path.to_path_buf(), source })
    })
}

/// Writes the workbook to `path`, replacing a file there: written whole under a temporary name, then renamed.
pub fn write_xlsx(path: &Path, reviews: &[CompiledReview]) -> Result<(), CompileError> {
    Ok(crate::files::write_replacing(path, &xlsx_bytes(path, reviews)?)?)
}

/// Writes the workbook and/or the CSV file. Each is written whole under a temporary name first, and only when both
/// are written are they renamed into place, so a failure (a full disk) leaves neither half a file nor one of the two
/// without the other under the names given. Without `replace`, an existing file (or one that appears meanwhile) is
/// never overwritten. A missing folder is made first (the command line refuses one before it gets here).
pub fn write_results(
    xlsx: Option<&Path>,
    csv: Option<&Path>,
    reviews: &[CompiledReview],
    replace: bool,
) -> Result<(), CompileError> {
    write_results_from(xlsx, csv, reviews.iter().map(Ok), replace).map(|_| ())
}

/// How many reviews a compilation wrote: the current ones (`全部`) and the superseded ones (`历史版本`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compiled {
    pub current: usize,
    pub superseded: usize,
}

/// [`write_results`] from reviews read one at a time ([`from_store`]), in one pass for both files: the workbook is
/// written as [`xlsx_bytes_from`] writes it and the CSV file line by line beside it, so the memory taken does not grow
/// with the number of reviews. The errors are those of [`write_results`], in its order: the first of the reviews' as it
/// comes, else the workbook's, else the CSV file's.
pub fn write_results_from<R: Borrow<CompiledReview>>(
    xlsx: Option<&Path>,
    csv: Option<&Path>,
    reviews: impl IntoIterator<Item = Result<R, CompileError>>,
    replace: bool,
) -> Result<Compiled, CompileError> {
    use crate::files::{Replace, commit_all, parent, stage};
    for path in xlsx.iter().chain(csv.iter()) {
        let dir = parent(path);
        std::fs::create_dir_all(dir).map_err(|source| CompileError::Folder { path: dir.to_path_buf(), source })?;
    }
    let mut counted = Compiled::default();
    let mut csv_file = csv.map(csv_stream::CsvFile::create);
    let reviews = reviews.into_iter().inspect(|r| {
        if let Ok(r) = r {
            let r = r.borrow();
            if r.superseded {
                counted.superseded += 1;
            } else {
                counted.current += 1;
            }
            if let Some(c) = &mut csv_file {
                c.push(r);
            }
        }
    });
    let mut staged = Vec::new();
    match xlsx {
        Some(path) => staged.push(stage(path, &xlsx_bytes_from(path, reviews)?, false)?),
        None => {
            for r in reviews {
                r?;
            }
        }
    }
    if let Some(c) = csv_file {
        staged.push(c.finish()?);
    }
    commit_all(staged, if replace { Replace::Yes } else { Replace::No })?;
    Ok(counted)
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled), as RFC 4180 says.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// A text that a spreadsheet would take for a formula gets a leading apostrophe.
fn defuse(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_string() }
}

fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields.map(|f| csv_field(&f)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The CSV file's first line, with the byte-order mark.
fn csv_head() -> String {
    format!("\u{FEFF}{}", csv_line(HEADERS.iter().map(|h| h.to_string())))
}

/// A review's line of the CSV file (empty for a superseded review, which is not in `全部`).
fn csv_review(r: &CompiledReview) -> Result<String, CompileError> {
    if r.superseded {
        return Ok(String::new());
    }
    let row = review_row(r)?;
    Ok(csv_line(row.iter().map(|c| match c {
        Cell::Text(s) => defuse(s),
        other => other.display(),
    })))
}

/// The `全部` table as CSV text, with the byte-order mark.
pub fn csv_text(reviews: &[CompiledReview]) -> Result<String, CompileError> {
    let mut out = csv_head();
    for r in reviews {
        out.push_str(&csv_review(r)?);
    }
    Ok(out)
}

mod csv_stream {
    //! The CSV file written line by line under its temporary name, as the reviews come.

    use std::fs::{File, OpenOptions};
    use std::io::{BufWriter, Write};
    use std::path::{Path, PathBuf};

    use super::{CompileError, CompiledReview, csv_head, csv_review};
    use crate::files::{FileError, Staged, stage_path};

    pub(super) struct CsvFile {
        target: PathBuf,
        /// The file under its temporary name, or why it could not be made or written (nothing more is written).
        file: Result<(Staged, BufWriter<File>), FileError>,
        /// The first review whose line cannot be made: nothing more is written after it.
        review: Option<CompileError>,
    }

    impl CsvFile {
        /// A file that fails to be made is reported by [`CsvFile::finish`], after the reviews' errors, as writing
        /// the whole text at the end reported it.
        pub(super) fn create(target: &Path) -> CsvFile {
            let file = stage_path(target).and_then(|staged| {
                let file = OpenOptions::new().write(true).create_new(true).open(staged.path());
                file.map(|f| (staged, BufWriter::new(f)))
                    .map_err(|source| FileError::Write { path: target.to_path_buf(), source })
            });
            let mut c = CsvFile { target: target.to_path_buf(), file, review: None };
            c.line(csv_head().as_bytes());
            c
        }

        fn line(&mut self, bytes: &[u8]) {
            let Ok((_, out)) = &mut self.file else { return };
            if let Err(source) = out.write_all(bytes) {
                self.file = Err(FileError::Write { path: self.target.clone(), source });
            }
        }

        pub(super) fn push(&mut self, r: &CompiledReview) {
            if self.review.is_some() {
                return;
            }
            match csv_review(r) {
                Ok(line) => self.line(line.as_bytes()),
                Err(e) => self.review = Some(e),
            }
        }

        /// The file written, to be synced and renamed with the others; or the first review's error, else the
        /// write's (the file is removed).
        pub(super) fn finish(self) -> Result<Staged, CompileError> {
            if let Some(e) = self.review {
                return Err(e);
            }
            let (staged, mut out) = self.file?;
            match out.flush() {
                Ok(()) => Ok(staged),
                Err(source) => Err(FileError::Write { path: self.target, source }.into()),
            }
        }
    }
}

/// Writes the `全部` table as CSV: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.
/// Replaces a file at `path`: written whole under a temporary name, then renamed.
pub fn write_csv(path: &Path, reviews: &[CompiledReview]) -> Result<(), CompileError> {
    Ok(crate::files::write_replacing(path, csv_text(reviews)?.as_bytes())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_csv_fields_as_rfc_4180_says() {
        assert_eq!(csv_field("福建闽江"), "福建闽江");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(csv_field("\""), "\"\"\"\"");
        assert_eq!(csv_field("一\n二"), "\"一\n二\"");
        assert_eq!(csv_field("一\r\n二"), "\"一\r\n二\"");
        assert_eq!(csv_field("王建国 95；李秀英 97"), "王建国 95；李秀英 97");
        // A full-width comma is not a separator.
        assert_eq!(csv_field("甲，乙"), "甲，乙");
        assert_eq!(csv_line(["a".to_string(), "b,c".to_string(), "".to_string()].into_iter()), "a,\"b,c\",\r\n");
    }

    #[test]
    fn defuses_formulas_in_csv_text() {
        assert_eq!(defuse("=1+1"), "'=1+1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("-3"), "'-3");
        assert_eq!(defuse("福建"), "福建");
    }
}
