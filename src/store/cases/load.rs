//! Reading cases: one case whole (its reviews' results evaluated), and every case for the list (read through indexes,
//! its reviews' results as stored when they were finalized: nothing evaluated).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::case::{
    CaseEvent, CaseFile, CaseReview, CheckKind, CheckMark, Mark, Objection, ObjectionDecision, Verdict,
};
use crate::domain::review::Status;
use crate::domain::scorecard::{Stage, Track};
use crate::store::error::Result;
use crate::store::results;

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
            // The day stored with its result (what the list reads), else the day its log says.
            r.finalized_on = match results::stored(conn, r.review_id)? {
                Some((_, on)) => on,
                None => results::finalized_on_logged(conn, r.review_id)?,
            };
            r.verdict = review_verdict(conn, r.review_id)?;
        }
    }
    Ok(Some(case))
}

/// A finalized review's result as its scores and answers give it: `None` where the sheet leaves the decision to
/// the panel (no pass mark and no veto holding).
pub(crate) fn review_verdict(conn: &Connection, review: i64) -> Result<Option<Verdict>> {
    results::evaluated(&crate::store::load_review_rows(conn, review)?)
}

/// Every case, for the list: what its phase and next deadline are counted from, and what the list shows — in id
/// order, nothing evaluated. Read: each case's province, track, stage, sheet, enterprise and credit code; its events
/// (a note only where it is a 工作报告's result); its objections' rounds, dates and decisions; its reviews' round,
/// status and date (from the narrow covering index of the reviews, never the rows with their frozen sheets) and each
/// finalized review's stored result and finalization day. Not read (left empty): the case's uid, industry, creation
/// time, its checks, the objections' texts and notes, the reviews' uids. Each table is read in its own order, without
/// sorting or index lookups, its rows put with their case through an index by id, and no text is copied that the list
/// does not keep.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<CaseFile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, province, track, stage, scorecard_id, enterprise_name, credit_code FROM cases ORDER BY id",
    )?;
    let mut cases: Vec<CaseFile> = stmt
        .query_map([], |r| {
            let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str().unwrap_or_default()) };
            Ok(CaseFile {
                id: r.get(0)?,
                uid: String::new(),
                province: text(1)?.to_owned(),
                track: Track::parse(text(2)?).unwrap_or(Track::Any),
                stage: stage(text(3)?),
                scorecard_id: text(4)?.to_owned(),
                enterprise: text(5)?.to_owned(),
                credit_code: text(6)?.to_owned(),
                industry: String::new(),
                opened_from: None,
                created_at: String::new(),
                events: Vec::new(),
                checks: Vec::new(),
                reviews: Vec::new(),
                objections: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index = Dense::new(cases.iter().map(|c| c.id));
    let mut stmt = conn.prepare_cached(
        "SELECT case_id, round, event, date, CASE WHEN event = 'report' THEN note END FROM case_events",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = index.get(r.get(0)?) else { continue };
        let (Some(mark), Some(d)) =
            (r.get_ref(2)?.as_str().ok().and_then(Mark::parse), r.get_ref(3)?.as_str().ok().and_then(date))
        else {
            continue;
        };
        let note = r.get_ref(4)?.as_str().map(str::to_owned).unwrap_or_default();
        cases[i].events.push(CaseEvent { round: r.get(1).unwrap_or(0), mark, date: d, note });
    }
    let mut stmt = conn.prepare_cached("SELECT case_id, id, round, date, decision, decided_on FROM case_objections")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = index.get(r.get(0)?) else { continue };
        let Some(d) = r.get_ref(3)?.as_str().ok().and_then(date) else { continue };
        let decision = match (r.get_ref(4)?.as_str().ok(), r.get_ref(5)?.as_str().ok().and_then(date)) {
            (Some(x), Some(on)) => Some(ObjectionDecision { upheld: x == "upheld", date: on, note: String::new() }),
            _ => None,
        };
        cases[i].objections.push(Objection {
            id: r.get(1).unwrap_or(0),
            round: r.get(2).unwrap_or(1),
            date: d,
            text: String::new(),
            decision,
        });
    }
    // The reviews' status and date from their narrow covering index, with the stored results of the finalized ones:
    // both by review id.
    let mut stmt = conn.prepare_cached("SELECT id, review_date, status FROM reviews INDEXED BY reviews_status")?;
    let mut reviews: Vec<(i64, Option<NaiveDate>, Status)> = stmt
        .query_map([], |r| {
            let status = r.get_ref(2)?.as_str().ok().and_then(Status::parse).unwrap_or(Status::Draft);
            Ok((r.get(0)?, r.get_ref(1)?.as_str().ok().and_then(date), status))
        })?
        .collect::<rusqlite::Result<_>>()?;
    reviews.sort_unstable_by_key(|r| r.0);
    let mut stmt =
        conn.prepare_cached("SELECT review_id, verdict, finalized_on FROM review_results ORDER BY review_id")?;
    let stored: Vec<(i64, Option<Verdict>, Option<NaiveDate>)> = stmt
        .query_map([], |r| {
            let v = r.get_ref(1)?.as_str().ok().and_then(Verdict::parse);
            Ok((r.get(0)?, v, r.get_ref(2)?.as_str().ok().and_then(date)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT case_id, review_id, round, recheck_of FROM case_reviews")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = index.get(r.get(0)?) else { continue };
        let review: i64 = r.get(1)?;
        let Ok(at) = reviews.binary_search_by_key(&review, |r| r.0) else { continue };
        let (_, d, status) = reviews[at];
        let (verdict, finalized_on) = match stored.binary_search_by_key(&review, |s| s.0) {
            Ok(at) if status == Status::Finalized => (stored[at].1, stored[at].2),
            _ => (None, None),
        };
        cases[i].reviews.push(CaseReview {
            review_id: review,
            uid: None,
            round: r.get(2)?,
            recheck_of: r.get(3)?,
            status,
            date: d,
            finalized_on,
            verdict,
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
