//! The way every change is written: one immediate transaction that checks the review against the audit log first,
//! logs what changed with the digests of the rows it wrote, and commits.

use std::path::Path;

use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::audit::{self, Change, now};
use super::backup::damage_error;
use super::error::{Result, StoreError};
use super::state;

impl Store {
    /// Refuses a change at once when the store is read-only.
    pub(super) fn writable(&self) -> Result<()> {
        if !self.read_only {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        Err(StoreError::ReadOnly(format!(
            "the data directory {} is read-only, so nothing was changed. To make changes, make it writable (or copy \
             it somewhere writable and use --data-dir) and try again",
            dir.display()
        )))
    }

    /// Runs `f` in one immediate transaction, appends its changes to the audit log and commits. Nothing is written if
    /// `f` refuses. First, inside the transaction, the review is checked ([`Store::check_review`]: the chain around
    /// its entries, the head, its rows against the log); on damage nothing is written. (A review this store has
    /// checked and written is not read whole again while no other connection has written to the file since; see
    /// [`Verified`].) A change with no review checks the end of the chain it appends to. The first entry of the change
    /// records the digests of the review's rows it wrote.
    pub(super) fn write<T>(
        &mut self,
        review_id: Option<i64>,
        f: impl FnOnce(&Transaction, &mut Vec<Change>) -> Result<T>,
    ) -> Result<T> {
        self.writable()?;
        self.settle_check()?;
        let actor = self.actor.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read inside the transaction, which holds the write lock: nobody else commits until it ends.
        let data_version: i64 = tx.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?;
        if self.verified.data_version != Some(data_version) {
            self.verified = Verified { data_version: Some(data_version), reviews: Default::default() };
        }
        let before = match review_id {
            Some(id) => match self.verified.reviews.remove(&id) {
                // Checked and written by this store, and nobody else has written since.
                Some(digests) => Some((id, digests)),
                None => {
                    let (digests, damage) = state::check_review(&tx, id)?;
                    if !damage.is_empty() {
                        return Err(damage_error(&self.path, damage));
                    }
                    Some((id, digests))
                }
            },
            None => {
                let damage = audit::tail_damage(&tx)?;
                if !damage.is_empty() {
                    return Err(damage_error(&self.path, damage));
                }
                None
            }
        };
        let mut changes = Vec::new();
        let value = f(&tx, &mut changes)?;
        let after = match &before {
            Some((id, _)) => Some(state::row_digests(&tx, *id)?),
            None => None,
        };
        let rows = match (&before, &after) {
            (Some((_, digests)), Some(after)) => state::diff_json(digests, after),
            _ => None,
        };
        // Every change of a row is logged (a change that logs nothing is a mistake of this program; in a release
        // build its rows are still recorded, so that the next check does not take them for damage).
        debug_assert!(rows.is_none() || !changes.is_empty(), "a change wrote rows but logged nothing: {rows:?}");
        if rows.is_some() && changes.is_empty() {
            changes.push(Change::new("rows", "rows", None, None));
        }
        if !changes.is_empty() {
            let at = now();
            if let Some(id) = review_id {
                tx.prepare_cached("UPDATE reviews SET updated_at = ?1 WHERE id = ?2")?.execute(params![at, id])?;
            }
            audit::append(&tx, review_id, &actor, &at, &changes, rows)?;
        }
        tx.commit().map_err(|e| self.failed_commit(e))?;
        if let (Some((id, _)), Some(after)) = (before, after) {
            self.verified.reviews.insert(id, after);
        }
        Ok(value)
    }
}

impl Store {
    /// Checks a review against the log now, as its next change would ([`Store::check_review`]), and keeps what it
    /// found sound the way [`Verified`] keeps what this store wrote: the next change of the review then does not read
    /// it whole again, unless another connection has committed to the file since (any change by anyone else, and
    /// that change checks it whole, as always). The app calls this when it opens a review, so that the check is made
    /// there and not in the first score saved. Damage is an error, and nothing is kept.
    pub fn check_review_ahead(&mut self, id: i64) -> Result<()> {
        let (digests, damage, data_version) = state::snapshot(&self.conn, || {
            let (digests, damage) = state::check_review(&self.conn, id)?;
            // Read in the same read transaction as the rows, after them: the version of what was checked.
            let version: i64 = self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?;
            Ok((digests, damage, version))
        })?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        if digests.is_empty() {
            return super::load::exists(&self.conn, id);
        }
        if self.verified.data_version != Some(data_version) {
            self.verified = Verified { data_version: Some(data_version), reviews: Default::default() };
        }
        self.verified.reviews.insert(id, digests);
        Ok(())
    }
}

/// What [`Store::write`] knows to be sound without checking again: the digests of the rows of each review it has
/// checked and written since, as long as no other connection has committed to the file (SQLite's `PRAGMA
/// data_version` is unchanged: it changes with every commit of another connection, `sqlite3` included, and never with
/// this connection's own). Any change by anyone else, and the next change checks the review whole again. A review
/// checked ahead of its first change ([`Store::check_review_ahead`]) is kept the same way.
#[derive(Default)]
pub(super) struct Verified {
    data_version: Option<i64>,
    reviews: std::collections::HashMap<i64, state::Digests>,
}
