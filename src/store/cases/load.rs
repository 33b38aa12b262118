//! Reading cases: one case whole (its reviews' results evaluated), and every case for the list (read through indexes
//! and without evaluating anything).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::case::{
    CaseEvent, CaseFile, CaseReview, CheckKind, CheckMark, Mark, Objection, ObjectionDecision, Verdict,
};
use crate::domain::review::Status;
use crate::domain::scorecard::{Stage, Track};
use crate::domain::scoring::evaluate;
use crate::store::error::{Result, StoreError};

/// A stored date, `YYYY-MM-DD` (the store writes no other form).
fn date(text: &str) -> Option<NaiveDate> {
    crate::domain::case::ymd(text)
}

fn stage(text: &str) -> Stage {
    if text == "assessment" { Stage::Assessment } else { Stage::Acceptance }
}

const CASE_SQL: &str = "SELECT id, uid, province, track, stage, scorecard_id, enterprise_name, credit_code, industry,
            opened_from, created_at FROM cases";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseFile> {
    Ok(CaseFile {
        id: r.get(0)?,
        uid: r.get(1)?,
        province: r.get(2)?,
        track: Track::parse(&r.get::<_, String>(3)?).unwrap_or(Track::Any),
        stage: stage(&r.get::<_, String>(4)?),
        scorecard_id: r.get(5)?,
        enterprise: r.get(6)?,
        credit_code: r.get(7)?,
        industry: r.get(8)?,
        opened_from: r.get(9)?,
        created_at: r.get(10)?,
        events: Vec::new(),
        checks: Vec::new(),
        reviews: Vec::new(),
        objections: Vec::new(),
    })
}

/// `(case_id, event)` rows of every case, or of one.
fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Option<CaseEvent>)> {
    let case: i64 = r.get(0)?;
    let mark = Mark::parse(&r.get::<_, String>(2)?);
    let d = date(&r.get::<_, String>(3)?);
    Ok((
        case,
        mark.zip(d).map(|(mark, date)| CaseEvent {
            round: r.get(1).unwrap_or(0),
            mark,
            date,
            note: r.get(4).unwrap_or_default(),
        }),
    ))
}

fn check_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Option<CheckMark>)> {
    let case: i64 = r.get(0)?;
    let kind = CheckKind::parse(&r.get::<_, String>(1)?);
    Ok((
        case,
        kind.map(|kind| CheckMark {
            kind,
            item: r.get(2).unwrap_or_default(),
            met: r.get::<_, i64>(3).unwrap_or(0) == 1,
            note: r.get(4).unwrap_or_default(),
        }),
    ))
}

fn objection_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Option<Objection>)> {
    let case: i64 = r.get(0)?;
    let decision = match (r.get::<_, Option<String>>(5)?, r.get::<_, Option<String>>(6)?.as_deref().and_then(date)) {
        (Some(d), Some(on)) => {
            Some(ObjectionDecision { upheld: d == "upheld", date: on, note: r.get(7).unwrap_or_default() })
        }
        _ => None,
    };
    Ok((
        case,
        date(&r.get::<_, String>(3)?).map(|d| Objection {
            id: r.get(1).unwrap_or(0),
            round: r.get(2).unwrap_or(1),
            date: d,
            text: r.get(4).unwrap_or_default(),
            decision,
        }),
    ))
}

const EVENTS: &str = "SELECT case_id, round, event, date, note FROM case_events";
const CHECKS: &str = "SELECT case_id, kind, item_id, met, note FROM case_checks";
const OBJECTIONS: &str =
    "SELECT case_id, id, round, date, text, decision, decided_on, decision_note FROM case_objections";

/// One case, with its reviews' finalization dates and results; `None` when there is no such case.
pub(crate) fn load_case(conn: &Connection, id: i64) -> Result<Option<CaseFile>> {
    let Some(mut case) = conn.query_row(&format!("{CASE_SQL} WHERE id = ?1"), [id], case_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(&format!("{EVENTS} WHERE case_id = ?1 ORDER BY round, event"))?;
    case.events = stmt
        .query_map([id], event_row)?
        .filter_map(|r| r.map(|(_, e)| e).transpose())
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!("{CHECKS} WHERE case_id = ?1 ORDER BY kind, item_id"))?;
    case.checks = stmt
        .query_map([id], check_row)?
        .filter_map(|r| r.map(|(_, e)| e).transpose())
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!("{OBJECTIONS} WHERE case_id = ?1 ORDER BY id"))?;
    case.objections = stmt
        .query_map([id], objection_row)?
        .filter_map(|r| r.map(|(_, e)| e).transpose())
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT cr.review_id, r.uid, cr.round, cr.recheck_of, r.status, r.review_date
         FROM case_reviews cr JOIN reviews r ON r.id = cr.review_id WHERE cr.case_id = ?1 ORDER BY cr.round",
    )?;
    let reviews: Vec<CaseReview> = stmt
        .query_map([id], |r| {
            Ok(CaseReview {
                review_id: r.get(0)?,
                uid: Some(r.get(1)?),
                round: r.get(2)?,
                recheck_of: r.get(3)?,
                status: Status::parse(&r.get::<_, String>(4)?).unwrap_or(Status::Draft),
                date: date(&r.get::<_, String>(5)?),
                finalized_on: None,
                verdict: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    case.reviews = reviews;
    for r in &mut case.reviews {
        if r.status == Status::Finalized {
            r.finalized_on = finalized_on(conn, r.review_id)?;
            r.verdict = review_verdict(conn, r.review_id)?;
        }
    }
    Ok(Some(case))
}

/// The day a review was last finalized, from its log.
fn finalized_on(conn: &Connection, review: i64) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT at FROM audit_log WHERE review_id = ?1 AND action = 'status' AND new = 'finalized'
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([review], |r| r.get(0))
        .optional()?;
    Ok(at.and_then(|at| at.get(..10).and_then(date)))
}

/// A finalized review's result as its scores and answers give it: `None` where the sheet leaves the decision to
/// the panel (no pass mark and no veto holding).
pub(crate) fn review_verdict(conn: &Connection, review: i64) -> Result<Option<Verdict>> {
    let r = crate::store::load_review_rows(conn, review)?;
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card))
        .map_err(|e| StoreError::Corrupt(format!("review {review} cannot be evaluated: {e}")))?;
    Ok(e.passed.map(Verdict::of))
}

/// Every case, for the list: its rows and its reviews' status and date (read through the covering index of the
/// reviews), nothing evaluated. In id order. Each table is read in its own order, without sorting or index lookups,
/// and its rows put with their case through an index by id: the list reads every row of four tables.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<CaseFile>> {
    let mut stmt = conn.prepare(&format!("{CASE_SQL} ORDER BY id"))?;
    let mut cases: Vec<CaseFile> = stmt.query_map([], case_row)?.collect::<rusqlite::Result<_>>()?;
    let index = Dense::new(cases.iter().map(|c| c.id));
    let mut stmt = conn.prepare(EVENTS)?;
    for row in stmt.query_map([], event_row)? {
        if let (case, Some(e)) = row?
            && let Some(i) = index.get(case)
        {
            cases[i].events.push(e);
        }
    }
    let mut stmt = conn.prepare(CHECKS)?;
    for row in stmt.query_map([], check_row)? {
        if let (case, Some(c)) = row?
            && let Some(i) = index.get(case)
        {
            cases[i].checks.push(c);
        }
    }
    let mut stmt = conn.prepare(OBJECTIONS)?;
    for row in stmt.query_map([], objection_row)? {
        if let (case, Some(o)) = row?
            && let Some(i) = index.get(case)
        {
            cases[i].objections.push(o);
        }
    }
    // The reviews' status and date from the covering index (never the rows, which hold the frozen sheets).
    let mut stmt = conn.prepare("SELECT id, review_date, status FROM reviews INDEXED BY reviews_list")?;
    let mut reviews: Vec<(i64, Option<NaiveDate>, Status)> = stmt
        .query_map([], |r| {
            let status = r.get_ref(2)?.as_str().ok().and_then(Status::parse).unwrap_or(Status::Draft);
            Ok((r.get(0)?, r.get_ref(1)?.as_str().ok().and_then(date), status))
        })?
        .collect::<rusqlite::Result<_>>()?;
    reviews.sort_unstable_by_key(|r| r.0);
    let mut stmt = conn.prepare("SELECT case_id, review_id, round, recheck_of FROM case_reviews")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?)))? {
        let (case, review, round, recheck_of) = row?;
        let Some(i) = index.get(case) else { continue };
        let Ok(at) = reviews.binary_search_by_key(&review, |r| r.0) else { continue };
        let (_, d, status) = reviews[at];
        cases[i].reviews.push(CaseReview {
            review_id: review,
            uid: None,
            round,
            recheck_of,
            status,
            date: d,
            finalized_on: None,
            verdict: None,
        });
    }
    for c in &mut cases {
        c.reviews.sort_by_key(|r| r.round);
    }
    Ok(cases)
}

/// Positions by id, for ids that are mostly dense (rowids): a vector indexed by id, falling back to a search for an
/// id far beyond the others.
struct Dense {
    slots: Vec<u32>,
    sorted: Vec<(i64, usize)>,
}

impl Dense {
    const NONE: u32 = u32::MAX;

    fn new(ids: impl Iterator<Item = i64>) -> Dense {
        let mut sorted: Vec<(i64, usize)> = ids.enumerate().map(|(i, id)| (id, i)).collect();
        sorted.sort_unstable();
        let max = sorted.last().map_or(0, |x| x.0);
        let mut slots = Vec::new();
        if (0..=4 * sorted.len() as i64 + 1024).contains(&max) {
            slots = vec![Self::NONE; max as usize + 1];
            for (id, i) in &sorted {
                slots[*id as usize] = *i as u32;
            }
        }
        Dense { slots, sorted }
    }

    fn get(&self, id: i64) -> Option<usize> {
        if !self.slots.is_empty() {
            let slot = *self.slots.get(usize::try_from(id).ok()?)?;
            return (slot != Self::NONE).then_some(slot as usize);
        }
        self.sorted.binary_search_by_key(&id, |x| x.0).ok().map(|at| self.sorted[at].1)
    }
}

/// The case a review belongs to and its round.
pub(crate) fn case_of_review(conn: &Connection, review: i64) -> Result<Option<(i64, u32)>> {
    Ok(conn
        .prepare_cached("SELECT case_id, round FROM case_reviews WHERE review_id = ?1")?
        .query_row([review], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
