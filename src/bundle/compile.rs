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
//! reinterprets them).
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

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::payload::PayloadV1;
use super::{SignStatus, SignerInfo};
use crate::domain::points::{Decimal, Mean, Points};

/// One imported review as the support unit compiles it.
#[derive(Clone, Debug)]
pub struct CompiledReview {
    pub payload: PayloadV1,
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
}

/// The columns of the review tables (`全部`, the provinces, `历史版本`, and the CSV file).
pub const HEADERS: [&str; 19] = [
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

/// One cell of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cell {
    Text(String),
    /// A number in hundredths, written with two decimals.
    Hundredths(i64),
    Whole(i64),
}

impl Cell {
    fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Hundredths(h) => hundredths_text(*h),
            Cell::Whole(n) => n.to_string(),
        }
    }
}

fn hundredths_text(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", h.unsigned_abs() / 100, h.unsigned_abs() % 100)
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn bad_number(p: &PayloadV1, field: &str, value: &str) -> CompileError {
    CompileError::BadNumber {
        uid: p.review.uid.clone(),
        enterprise: p.enterprise.name.clone(),
        field: field.to_string(),
        value: value.to_string(),
    }
}

fn points(p: &PayloadV1, field: &str, value: &str) -> Result<Points, CompileError> {
    Points::parse(value).map_err(|_| bad_number(p, field, value))
}

/// The panel's signature state: `已签 2/3；持不同意见：张伟；未签：李四`. Every expert of the panel who did not
/// recuse is expected to sign; one without a signer entry has not signed.
fn signature_summary(r: &CompiledReview) -> (String, String) {
    let mut signed = 0;
    let mut expected = 0;
    let mut dissent = Vec::new();
    let mut missing = Vec::new();
    for e in r.payload.panel.iter().filter(|e| !e.recused) {
        let status = r.signers.iter().find(|s| s.expert == e.name).map_or(SignStatus::Missing, |s| s.status);
        match status {
            SignStatus::Recused => continue,
            SignStatus::Signed => signed += 1,
            SignStatus::Dissented => dissent.push(e.name.as_str()),
            SignStatus::Missing => missing.push(e.name.as_str()),
        }
        expected += 1;
    }
    let mut summary = format!("已签 {signed}/{expected}");
    if !dissent.is_empty() {
        summary.push_str(&format!("；持不同意见：{}", dissent.join("、")));
    }
    if !missing.is_empty() {
        summary.push_str(&format!("；未签：{}", missing.join("、")));
    }
    (summary, dissent.join("、"))
}

fn review_row(r: &CompiledReview) -> Result<Vec<Cell>, CompileError> {
    let p = &r.payload;
    let panel = p
        .panel
        .iter()
        .map(|e| if e.role == "lead" { format!("{}（组长）", e.name) } else { e.name.clone() })
        .collect::<Vec<_>>()
        .join("、");
    let recusals = p.recusals.iter().map(|x| format!("{}：{}", x.expert, x.reason)).collect::<Vec<_>>().join("；");
    let experts = p.result.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect::<Vec<_>>().join("；");
    let total = Decimal::parse(&p.result.total)
        .ok()
        .and_then(|d| d.to_scale(2))
        .and_then(|h| i64::try_from(h).ok())
        .ok_or_else(|| bad_number(p, "result.total", &p.result.total))?;
    let conclusion = match p.result.passed {
        Some(true) => "通过",
        Some(false) => "不通过",
        None => "未印合格线",
    };
    let vetoes = p
        .result
        .triggered_vetoes
        .iter()
        .map(|id| p.vetoes.iter().find(|v| &v.id == id).map_or_else(|| id.clone(), |v| v.text.clone()))
        .collect::<Vec<_>>()
        .join("；");
    let (signatures, dissent) = signature_summary(r);
    Ok(vec![
        text(&p.enterprise.name),
        text(&p.enterprise.credit_code),
        text(&p.scorecard.province),
        text(&p.scorecard.title),
        text(&p.scorecard.stage),
        text(&p.review.date),
        text(&p.review.place),
        text(panel),
        text(recusals),
        text(experts),
        Cell::Hundredths(total),
        text(p.result.grade.clone().unwrap_or_default()),
        text(conclusion),
        text(vetoes),
        text(signatures),
        text(dissent),
        text(&r.payload_sha256),
        Cell::Whole(i64::from(p.review.revision)),
        text(&r.imported_at),
    ])
}

// ----- exact statistics -----

/// An exact fraction `num / den` (den > 0), kept reduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frac {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Frac {
    const ZERO: Frac = Frac { num: 0, den: 1 };

    fn new(num: i128, den: i128) -> Frac {
        let g = gcd(num, den);
        let s = if den < 0 { -1 } else { 1 };
        Frac { num: s * num / g, den: s * den / g }
    }

    fn add(self, o: Frac) -> Frac {
        Frac::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }

    fn div(self, n: i128) -> Frac {
        Frac::new(self.num, self.den * n)
    }

    /// The value of a fraction of tenths, in hundredths, rounded half away from zero.
    fn tenths_to_hundredths(self) -> i64 {
        let num = self.num * 10;
        let rounded = (2 * num.abs() + self.den) / (2 * self.den);
        (if num < 0 { -rounded } else { rounded }) as i64
    }
}

impl PartialOrd for Frac {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Frac {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

/// Spread statistics of one item of one sheet.
struct SpreadStat {
    title: String,
    spreads: Vec<Points>,
    largest: Option<(Points, String)>,
}

/// Deviation statistics of one expert: each a fraction of tenths.
struct LeniencyStat {
    count: i128,
    sum: Frac,
    min: Frac,
    max: Frac,
}

/// Compares item ids such as `1.2` and `1.10` number by number.
fn item_order(a: &str, b: &str) -> Ordering {
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

fn spread_rows(reviews: &[&CompiledReview]) -> Result<Vec<Vec<Cell>>, CompileError> {
    let mut stats: BTreeMap<(String, String), SpreadStat> = BTreeMap::new();
    for r in reviews {
        let p = &r.payload;
        let recused = |name: &str| {
            p.panel.iter().any(|e| e.name == name && e.recused) || p.recusals.iter().any(|x| x.expert == name)
        };
        let mut by_item: BTreeMap<&str, Vec<Points>> = BTreeMap::new();
        for s in p.scores.iter().filter(|s| !recused(&s.expert)) {
            let v = points(p, &format!("score of {} on {}", s.expert, s.item), &s.score)?;
            by_item.entry(s.item.as_str()).or_default().push(v);
        }
        for (item, scores) in by_item {
            if scores.len() < 2 {
                continue;
            }
            let spread = *scores.iter().max().unwrap_or(&Points::ZERO) - *scores.iter().min().unwrap_or(&Points::ZERO);
            let stat = stats.entry((p.scorecard.id.clone(), item.to_string())).or_insert_with(|| SpreadStat {
                title: p.scorecard.title.clone(),
                spreads: Vec::new(),
                largest: None,
            });
            stat.spreads.push(spread);
            if stat.largest.as_ref().is_none_or(|(l, _)| spread > *l) {
                stat.largest = Some((spread, p.enterprise.name.clone()));
            }
        }
    }
    let mut keys: Vec<_> = stats.keys().cloned().collect();
    keys.sort_by(|a, b| {
        let (ta, tb) = (&stats[a].title, &stats[b].title);
        ta.cmp(tb).then_with(|| a.0.cmp(&b.0)).then_with(|| item_order(&a.1, &b.1))
    });
    Ok(keys
        .into_iter()
        .map(|k| {
            let s = &stats[&k];
            let mean = Mean::of(s.spreads.iter().copied()).map_or(0, Mean::hundredths);
            let (largest, at) = s.largest.clone().unwrap_or_default();
            vec![
                text(&s.title),
                text(&k.0),
                text(&k.1),
                Cell::Whole(s.spreads.len() as i64),
                Cell::Hundredths(mean),
                Cell::Hundredths(largest.tenths() * 10),
                // No enterprise stands out when no panel disagreed at all.
                text(if largest == Points::ZERO { String::new() } else { at }),
            ]
        })
        .collect())
}

fn leniency_rows(reviews: &[&CompiledReview]) -> Result<Vec<Vec<Cell>>, CompileError> {
    let mut stats: BTreeMap<String, LeniencyStat> = BTreeMap::new();
    for r in reviews {
        let p = &r.payload;
        let totals = p
            .result
            .experts
            .iter()
            .map(|x| Ok((x.name.as_str(), points(p, &format!("total of {}", x.name), &x.total)?)))
            .collect::<Result<Vec<_>, CompileError>>()?;
        if totals.len() < 2 {
            continue;
        }
        let n = totals.len() as i128;
        let sum: i128 = totals.iter().map(|(_, t)| i128::from(t.tenths())).sum();
        for (name, t) in totals {
            // total − sum / n, in tenths.
            let diff = Frac::new(i128::from(t.tenths()) * n - sum, n);
            let s = stats.entry(name.to_string()).or_insert(LeniencyStat {
                count: 0,
                sum: Frac::ZERO,
                min: diff,
                max: diff,
            });
            s.count += 1;
            s.sum = s.sum.add(diff);
            s.min = s.min.min(diff);
            s.max = s.max.max(diff);
        }
    }
    let mut rows: Vec<(Frac, String, Vec<Cell>)> = stats
        .into_iter()
        .map(|(name, s)| {
            let mean = s.sum.div(s.count);
            let row = vec![
                text(&name),
                Cell::Whole(s.count as i64),
                Cell::Hundredths(mean.tenths_to_hundredths()),
                Cell::Hundredths(s.min.tenths_to_hundredths()),
                Cell::Hundredths(s.max.tenths_to_hundredths()),
            ];
            (mean, name, row)
        })
        .collect();
    // Most lenient first.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(rows.into_iter().map(|(_, _, row)| row).collect())
}

// ----- writing -----

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

/// The width of a column for its widest cell, CJK characters counting double.
fn column_width(cells: impl Iterator<Item = String>) -> f64 {
    let widest = cells.map(|s| s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)).max().unwrap_or(0);
    (widest.clamp(6, 66) + 2) as f64
}

struct Formats {
    header: Format,
    hundredths: Format,
    whole: Format,
}

fn write_table(
    ws: &mut Worksheet,
    name: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Hundredths(h) => {
                    ws.write_number_with_format(r, c, *h as f64 / 100.0, &f.hundredths)?;
                }
                Cell::Whole(n) => {
                    ws.write_number_with_format(r, c, *n as f64, &f.whole)?;
                }
            }
        }
    }
    for (c, h) in headers.iter().enumerate() {
        let cells = std::iter::once(h.to_string()).chain(rows.iter().map(|row| row[c].display()));
        ws.set_column_width(c as u16, column_width(cells))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    Ok(())
}

/// The tables of the workbook, computed before anything is written.
struct Tables {
    all: Vec<Vec<Cell>>,
    provinces: Vec<(String, Vec<Vec<Cell>>)>,
    spreads: Vec<Vec<Cell>>,
    leniency: Vec<Vec<Cell>>,
    history: Vec<Vec<Cell>>,
}

fn tables(reviews: &[CompiledReview]) -> Result<Tables, CompileError> {
    let current: Vec<&CompiledReview> = reviews.iter().filter(|r| !r.superseded).collect();
    let mut all = Vec::with_capacity(current.len());
    let mut provinces: BTreeMap<&str, Vec<Vec<Cell>>> = BTreeMap::new();
    for r in &current {
        let row = review_row(r)?;
        provinces.entry(r.payload.scorecard.province.as_str()).or_default().push(row.clone());
        all.push(row);
    }
    let history = reviews.iter().filter(|r| r.superseded).map(review_row).collect::<Result<Vec<_>, _>>()?;
    let mut used: Vec<String> = [SHEET_ALL, SHEET_SPREAD, SHEET_LENIENCY, SHEET_HISTORY].map(String::from).to_vec();
    let provinces = provinces.into_iter().map(|(p, rows)| (sheet_name(p, &mut used), rows)).collect();
    Ok(Tables { all, provinces, spreads: spread_rows(&current)?, leniency: leniency_rows(&current)?, history })
}

fn workbook(t: &Tables) -> Result<Workbook, XlsxError> {
    let f = Formats {
        header: Format::new().set_bold(),
        hundredths: Format::new().set_num_format("0.00"),
        whole: Format::new().set_num_format("0"),
    };
    let mut wb = Workbook::new();
    write_table(wb.add_worksheet(), SHEET_ALL, &HEADERS, &t.all, &f)?;
    for (name, rows) in &t.provinces {
        write_table(wb.add_worksheet(), name, &HEADERS, rows, &f)?;
    }
    write_table(wb.add_worksheet(), SHEET_SPREAD, &SPREAD_HEADERS, &t.spreads, &f)?;
    write_table(wb.add_worksheet(), SHEET_LENIENCY, &LENIENCY_HEADERS, &t.leniency, &f)?;
    write_table(wb.add_worksheet(), SHEET_HISTORY, &HEADERS, &t.history, &f)?;
    Ok(wb)
}

/// The imported bundles as the compilation reads them (superseded ones marked).
pub fn from_imports(records: &[crate::store::signing::ImportRecord]) -> Result<Vec<CompiledReview>, CompileError> {
    records
        .iter()
        .map(|r| {
            let stored = |e: serde_json::Error| CompileError::Stored { id: r.id, message: e.to_string() };
            Ok(CompiledReview {
                payload: serde_json::from_slice(&r.payload).map_err(stored)?,
                signers: serde_json::from_str(&r.signers).map_err(stored)?,
                payload_sha256: r.payload_sha256.clone(),
                imported_at: r.imported_at.clone(),
                superseded: r.superseded_by.is_some(),
            })
        })
        .collect()
}

/// The compilation workbook's bytes (see the module documentation for its sheets and columns).
pub fn xlsx_bytes(path: &Path, reviews: &[CompiledReview]) -> Result<Vec<u8>, CompileError> {
    let t = tables(reviews)?;
    workbook(&t)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|source| CompileError::Xlsx { path: path.to_path_buf(), source })
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
    use crate::files::{Replace, commit_all, parent, stage};
    for path in xlsx.iter().chain(csv.iter()) {
        let dir = parent(path);
        std::fs::create_dir_all(dir).map_err(|source| CompileError::Folder { path: dir.to_path_buf(), source })?;
    }
    let mut staged = Vec::new();
    if let Some(path) = xlsx {
        staged.push(stage(path, &xlsx_bytes(path, reviews)?, false)?);
    }
    if let Some(path) = csv {
        staged.push(stage(path, csv_text(reviews)?.as_bytes(), false)?);
    }
    Ok(commit_all(staged, if replace { Replace::Yes } else { Replace::No })?)
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

/// The `全部` table as CSV text, with the byte-order mark.
pub fn csv_text(reviews: &[CompiledReview]) -> Result<String, CompileError> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&csv_line(HEADERS.iter().map(|h| h.to_string())));
    for r in reviews.iter().filter(|r| !r.superseded) {
        let row = review_row(r)?;
        out.push_str(&csv_line(row.iter().map(|c| match c {
            Cell::Text(s) => defuse(s),
            other => other.display(),
        })));
    }
    Ok(out)
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
    fn fractions_round_half_away_from_zero() {
        // 1/3 of a tenth = 0.0333… → 0.03; −5/2 tenths = −0.25 → −0.25; 1/8 tenth = 0.0125 → 0.01.
        assert_eq!(Frac::new(1, 3).tenths_to_hundredths(), 3);
        assert_eq!(Frac::new(-5, 2).tenths_to_hundredths(), -25);
        assert_eq!(Frac::new(1, 8).tenths_to_hundredths(), 1);
        // −0.5 hundredths rounds away from zero: −1/20 tenths = −0.005.
        assert_eq!(Frac::new(-1, 20).tenths_to_hundredths(), -1);
        assert_eq!(Frac::new(1, 3).add(Frac::new(2, 3)), Frac::new(1, 1));
        assert!(Frac::new(-1, 3) < Frac::ZERO);
        assert_eq!(Frac::new(6, 4).div(3), Frac::new(1, 2));
    }

    #[test]
    fn orders_item_ids_number_by_number() {
        let mut ids = vec!["1.10", "1.2", "2", "1.1.3", "1.1", "a"];
        ids.sort_by(|a, b| item_order(a, b));
        assert_eq!(ids, ["1.1", "1.1.3", "1.2", "1.10", "2", "a"]);
    }
}
