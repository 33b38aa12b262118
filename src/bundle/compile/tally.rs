//! What the compilation computes from each review: its row of the review tables, and the running statistics of
//! `分歧` and `专家宽严`, kept exact (tenths and fractions) and fed one review at a time so that the workbook can be
//! written while the reviews are read.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{CompileError, CompiledReview};
use crate::bundle::SignStatus;
use crate::bundle::payload::Payload;
use crate::domain::points::{Decimal, Mean, Points};

/// One cell of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cell {
    Text(String),
    /// A number in hundredths, written with two decimals.
    Hundredths(i64),
    Whole(i64),
}

impl Cell {
    pub(super) fn display(&self) -> String {
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

fn bad_number(p: &Payload, field: &str, value: &str) -> CompileError {
    CompileError::BadNumber {
        uid: p.review.uid.clone(),
        enterprise: p.enterprise.name.clone(),
        field: field.to_string(),
        value: value.to_string(),
    }
}

/// `field` names the value only when it does not read: it is not made for each of 100,000 reviews' values.
fn points(p: &Payload, field: impl FnOnce() -> String, value: &str) -> Result<Points, CompileError> {
    Points::parse(value).map_err(|_| bad_number(p, &field(), value))
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

/// The review's row of `全部`, its province's sheet, `历史版本` and the CSV file ([`super::HEADERS`]).
pub(super) fn review_row(r: &CompiledReview) -> Result<Vec<Cell>, CompileError> {
    let p = &r.payload;
    let panel = p
        .panel
        .iter()
        .map(|e| if e.role == "lead" { format!("{}（组长）", e.name) } else { e.name.clone() })
        .collect::<Vec<_>>()
        .join("、");
    let recusals = p.recusals.iter().map(|x| format!("{}：{}", x.expert, x.reason)).collect::<Vec<_>>().join("；");
    let experts = p.result.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect::<Vec<_>>().join("；");
    // A rules review has no points: its total cell is empty.
    let total = match &p.result.total {
        None => text(""),
        Some(t) => Cell::Hundredths(
            Decimal::parse(t)
                .ok()
                .and_then(|d| d.to_scale(2))
                .and_then(|h| i64::try_from(h).ok())
                .ok_or_else(|| bad_number(p, "result.total", t))?,
        ),
    };
    // A version 1 payload says only pass or fail; a later one the province's words, and who decided.
    let conclusion = match (p.version < 2, p.conclusion_words()) {
        (_, Some(words)) => match &p.decision {
            Some(d) if p.result.passed.is_none() => format!("{words}：{}", d.reason),
            _ => words,
        },
        (true, None) => "未印合格线".to_string(),
        (false, None) => "尚未判定".to_string(),
    };
    let unmet = p
        .requirements
        .iter()
        .filter(|q| q.answer == "unmet")
        .map(|q| {
            if q.evidence.trim().is_empty() { q.text.clone() } else { format!("{}（{}）", q.text, q.evidence.trim()) }
        })
        .collect::<Vec<_>>()
        .join("；");
    let contested = p
        .result
        .contested
        .iter()
        .map(|c| format!("总分恰为 {} 分：{}（{}）", c.score, c.text, c.sources.join("、")))
        .collect::<Vec<_>>()
        .join("；");
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
        total,
        text(p.result.grade.clone().unwrap_or_default()),
        text(conclusion),
        text(vetoes),
        text(signatures),
        text(dissent),
        text(&r.payload_sha256),
        Cell::Whole(i64::from(p.review.revision)),
        text(&r.imported_at),
        text(unmet),
        text(contested),
        text(draw_check(p)),
    ])
}

/// What the review's panel stands on, as import checked it: the draw whose record the payload names (every signer
/// drawn, or a recorded substitute, listed), or no draw at all.
pub(super) fn draw_check(p: &Payload) -> String {
    match &p.draw_sha256 {
        None => "未经抽取（专家组手工录入）".into(),
        Some(_) if p.substitutions.is_empty() => "签名专家均为抽取专家".into(),
        Some(_) => {
            let subs = p.substitutions.iter().map(|s| s.zh()).collect::<Vec<_>>().join("；");
            format!("含记录的替补：{subs}")
        }
    }
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

/// The experts' disagreement per (sheet, item), fed one current review at a time: the rows of `分歧`.
#[derive(Default)]
pub(super) struct Spreads {
    /// By sheet id, then by item id.
    stats: BTreeMap<String, BTreeMap<String, SpreadStat>>,
}

impl Spreads {
    pub(super) fn add(&mut self, r: &CompiledReview) -> Result<(), CompileError> {
        let p = &r.payload;
        let recused = |name: &str| {
            p.panel.iter().any(|e| e.name == name && e.recused) || p.recusals.iter().any(|x| x.expert == name)
        };
        let mut by_item: BTreeMap<&str, Vec<Points>> = BTreeMap::new();
        for s in p.scores.iter().filter(|s| !recused(&s.expert)) {
            let v = points(p, || format!("score of {} on {}", s.expert, s.item), &s.score)?;
            by_item.entry(s.item.as_str()).or_default().push(v);
        }
        for (item, scores) in by_item {
            if scores.len() < 2 {
                continue;
            }
            let spread = *scores.iter().max().unwrap_or(&Points::ZERO) - *scores.iter().min().unwrap_or(&Points::ZERO);
            // Looked up by reference: the key is made once per sheet and item, not once per review.
            let sheet = match self.stats.get_mut(p.scorecard.id.as_str()) {
                Some(sheet) => sheet,
                None => self.stats.entry(p.scorecard.id.clone()).or_default(),
            };
            let stat = match sheet.get_mut(item) {
                Some(stat) => stat,
                None => sheet.entry(item.to_string()).or_insert_with(|| SpreadStat {
                    title: p.scorecard.title.clone(),
                    spreads: Vec::new(),
                    largest: None,
                }),
            };
            stat.spreads.push(spread);
            if stat.largest.as_ref().is_none_or(|(l, _)| spread > *l) {
                stat.largest = Some((spread, p.enterprise.name.clone()));
            }
        }
        Ok(())
    }

    pub(super) fn rows(self) -> Vec<Vec<Cell>> {
        let mut stats: Vec<((String, String), SpreadStat)> = self
            .stats
            .into_iter()
            .flat_map(|(sheet, items)| items.into_iter().map(move |(item, s)| ((sheet.clone(), item), s)))
            .collect();
        stats.sort_by(|(a, sa), (b, sb)| {
            sa.title.cmp(&sb.title).then_with(|| a.0.cmp(&b.0)).then_with(|| item_order(&a.1, &b.1))
        });
        stats
            .into_iter()
            .map(|(k, s)| {
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
            .collect()
    }
}

/// How far each expert's total lies from their panel's mean, fed one current review at a time: the rows of
/// `专家宽严`.
#[derive(Default)]
pub(super) struct Leniency {
    stats: BTreeMap<String, LeniencyStat>,
}

impl Leniency {
    pub(super) fn add(&mut self, r: &CompiledReview) -> Result<(), CompileError> {
        let p = &r.payload;
        let totals = p
            .result
            .experts
            .iter()
            .map(|x| Ok((x.name.as_str(), points(p, || format!("total of {}", x.name), &x.total)?)))
            .collect::<Result<Vec<_>, CompileError>>()?;
        if totals.len() < 2 {
            return Ok(());
        }
        let n = totals.len() as i128;
        let sum: i128 = totals.iter().map(|(_, t)| i128::from(t.tenths())).sum();
        for (name, t) in totals {
            // total − sum / n, in tenths.
            let diff = Frac::new(i128::from(t.tenths()) * n - sum, n);
            let s = self.stats.entry(name.to_string()).or_insert(LeniencyStat {
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
        Ok(())
    }

    pub(super) fn rows(self) -> Vec<Vec<Cell>> {
        let mut rows: Vec<(Frac, String, Vec<Cell>)> = self
            .stats
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
        rows.into_iter().map(|(_, _, row)| row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
