//! Each finalized review's result, stored when it is finalized (`review_results`): passed, failed, or left to the
//! panel (the sheet sets no pass mark and no veto holds), and the day it was finalized. It is what the case list shows,
//! so that opening the list evaluates nothing; the case page evaluates the review and says the same, because the row
//! is written from the same evaluation in the transaction that finalizes the review, deleted in the one that reopens
//! it, and tied to the audit log like the review's other rows (`review_results/<id>`: a row changed outside yanshou is
//! damage, and the review's next change and the whole-file check say so).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit::{self, Change};
use super::error::{Result, StoreError};
use super::load::LoadedReview;
use super::migrations::REVIEW_RESULTS;
use super::state;
use crate::domain::case::{Verdict, ymd};
use crate::domain::scoring::evaluate;

/// A review's result as its scores and answers give it: `None` where the sheet leaves it to the panel.
pub(crate) fn evaluated(r: &LoadedReview) -> Result<Option<Verdict>> {
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card))
        .map_err(|e| StoreError::Corrupt(format!("review {} cannot be evaluated: {e}", r.data.id)))?;
    Ok(e.passed.map(Verdict::of))
}

/// The day of a log time (`2026-03-02T10:00:00+08:00` → 2026-03-02), as the log's entries say it.
pub(crate) fn day_of(at: &str) -> Option<NaiveDate> {
    at.get(..10).and_then(ymd)
}

/// Stores the result of review `r`, finalized at `at` (inside the transaction that finalizes it).
pub(crate) fn store(tx: &Connection, r: &LoadedReview, at: &str) -> Result<()> {
    let verdict = evaluated(r)?;
    tx.prepare_cached("INSERT OR REPLACE INTO review_results (review_id, verdict, finalized_on) VALUES (?1, ?2, ?3)")?
        .execute(params![r.data.id, verdict.map(Verdict::as_str), day_of(at).map(|d| d.to_string())])?;
    Ok(())
}

/// Deletes the stored result of a review being reopened.
pub(crate) fn clear(tx: &Connection, review: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM review_results WHERE review_id = ?1")?.execute([review])?;
    Ok(())
}

/// A review's stored result and finalization day, where it has one (it is finalized).
pub(crate) fn stored(conn: &Connection, review: i64) -> Result<Option<(Option<Verdict>, Option<NaiveDate>)>> {
    Ok(conn
        .prepare_cached("SELECT verdict, finalized_on FROM review_results WHERE review_id = ?1")?
        .query_row([review], |r| {
            let v = r.get_ref(0)?.as_str().ok().and_then(Verdict::parse);
            let on = r.get_ref(1)?.as_str().ok().and_then(ymd);
            Ok((v, on))
        })
        .optional()?)
}

/// The day a review was last finalized, from its log.
pub(crate) fn finalized_on_logged(conn: &Connection, review: i64) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT at FROM audit_log WHERE review_id = ?1 AND action = 'status' AND new = 'finalized'
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([review], |r| r.get(0))
        .optional()?;
    Ok(at.as_deref().and_then(day_of))
}

/// Run in the transaction of the migration that brings the stored results, after its SQL: every finalized review gets
/// its result, evaluated once, and the day its log says it was finalized, each recorded in an entry of the review's
/// log. A review that cannot be evaluated gets none (its case page says why; the list shows it finalized, result
/// unsaid).
pub(crate) fn after_migration(tx: &Connection, version: usize, actor: &str) -> Result<()> {
    if version != REVIEW_RESULTS {
        return Ok(());
    }
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM reviews WHERE status = 'finalized' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let at = audit::now();
    for id in ids {
        let Ok(r) = super::load::load(tx, id) else { continue };
        let Ok(verdict) = evaluated(&r) else { continue };
        let on = finalized_on_logged(tx, id)?;
        tx.prepare_cached("INSERT INTO review_results (review_id, verdict, finalized_on) VALUES (?1, ?2, ?3)")?
            .execute(params![id, verdict.map(Verdict::as_str), on.map(|d| d.to_string())])?;
        let rows = state::diff_json(&state::Digests::new(), &state::table_digests(tx, "review_results", id)?);
        let said = verdict.map_or("由专家组决定", Verdict::label);
        let change = Change::new("result", "result", None, Some(format!("升级时记录定稿的验收结果：{said}")));
        audit::append(tx, Some(id), actor, &at, &[change], rows)?;
    }
    Ok(())
}
