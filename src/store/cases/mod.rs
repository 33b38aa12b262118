//! Cases in the database: an enterprise's application and everything around its reviews (see
//! [`crate::domain::case`]). Every review belongs to one case: one started from a case is attached to it
//! (`case_reviews`), one started on its own gets a case of its own, and the migration that brought cases gave every
//! review that existed a case of its own.
//!
//! Like a review's, a case's rows are tied to the audit log ([`state`]): each change of a case is one entry
//! (`target` = `case <id>`) recording the digests of the rows it wrote, checked before the next change and by the
//! whole-file check; a row changed outside yanshou is damage ([`CaseRowDamage`]) and every change is refused.
//!
//! The Store's methods here, for the command line and the screens:
//!
//! - reading: [`Store::list_cases`] (every case, for the list model [`crate::domain::case::list_rows`], its
//!   reviews' results as stored when they were finalized), [`Store::load_case`] (one case, checked against the log,
//!   its reviews' results evaluated),
//!   [`Store::case_of_review`], [`Store::recheck_of`], [`Store::case_comparisons`];
//! - opening: [`Store::create_case`];
//! - the application: [`Store::record_case_date`], [`Store::set_check`], [`Store::complete_check`];
//! - the review: [`Store::schedule_visit`], [`Store::start_case_review`], [`Store::recheck`];
//! - after it: [`Store::record_report`], [`Store::publish`], [`Store::object`], [`Store::decide_objection`],
//!   [`Store::rectify`], [`Store::grant`].

mod acts;
mod after;
mod load;
mod own;
mod state;
mod write;

use chrono::NaiveDate;

pub use crate::store::case_damage::{CaseDifference, CaseRowDamage};
pub use acts::{NewCase, NewCaseReview};
pub(crate) use own::{Pending, after_migration, on_review_created};
pub(crate) use state::check_all;

use super::Store;
use super::error::{Result, StoreError};
use crate::domain::case::{CaseFile, CaseRefusal};
use crate::store::damage_error;

impl From<CaseRefusal> for StoreError {
    fn from(r: CaseRefusal) -> Self {
        StoreError::Case(r)
    }
}

/// A refusal of an act on a case, as the store's error.
pub(crate) fn refuse<T>(r: CaseRefusal) -> Result<T> {
    Err(StoreError::Case(r))
}

impl Store {
    /// Every case, in id order, for the list: what its phase and next deadline are counted from and what the list
    /// shows, its reviews' status and date and each finalized review's result and day as stored when it was
    /// finalized; nothing is evaluated, and what the list does not use is left empty (see `load::load_all`).
    pub fn list_cases(&self) -> Result<Vec<CaseFile>> {
        load::load_all(&self.conn)
    }

    /// One case whole, after checking its rows against the audit log: its events, checks, objections, and its
    /// reviews with their finalization day and their result as their scores give it.
    pub fn load_case(&self, id: i64) -> Result<CaseFile> {
        let (_, damage) = state::check_case(&self.conn, id)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        load::load_case(&self.conn, id)?.ok_or_else(|| StoreError::NotFound(crate::store::Missing::Case(id)))
    }

    /// The case a review belongs to, and its round in it.
    pub fn case_of_review(&self, review: i64) -> Result<Option<(i64, u32)>> {
        load::case_of_review(&self.conn, review)
    }

    /// The 复核s of `case` beside the reviews they re-check, item by item (and on rules finding by finding), where
    /// both can be evaluated: for the case page of the command line and of the screens alike.
    pub fn case_comparisons(
        &self,
        case: &crate::domain::case::CaseFile,
    ) -> Vec<(i64, i64, crate::domain::case::Comparison)> {
        let eval = |id: i64| {
            let r = self.load(id).ok()?;
            let e = crate::domain::scoring::evaluate(&r.card, &r.data.evaluation_input(&r.card)).ok()?;
            Some((r, e))
        };
        case.reviews
            .iter()
            .filter_map(|r| {
                let first = r.recheck_of?;
                let (a, ea) = eval(first)?;
                let (b, eb) = eval(r.review_id)?;
                Some((
                    first,
                    r.review_id,
                    crate::domain::case::compare_reviews(&a.card, (&ea, &a.data), (&eb, &b.data)),
                ))
            })
            .collect()
    }

    /// The review a 复核 re-checks, with its stable id (what its bundle carries), if `review` is a 复核.
    pub fn recheck_of(&self, review: i64) -> Result<Option<(i64, String)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT r.id, r.uid FROM case_reviews cr JOIN reviews r ON r.id = cr.recheck_of WHERE cr.review_id = ?1",
            )?
            .query_row([review], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The case's log: its entries in order (each the change it made, with the digests of its rows).
    pub fn case_log(&self, id: i64) -> Result<Vec<super::LogEntry>> {
        Ok(state::read_case(&self.conn, id)?)
    }
}

/// A date of the command line or a screen, `YYYY-MM-DD`, refused naming the field.
pub(crate) fn parse_date(value: &str, field: &str) -> Result<NaiveDate> {
    let text = crate::domain::text::date(value, field)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| StoreError::NotFound(crate::store::Missing::Date { field: field.into(), text: text.clone() }))
}
