//! The way every change of a case is written: one immediate transaction that checks the case against the audit log
//! first, reads it, lets the act check and write, logs what changed with the digests of the rows it wrote, and
//! commits. Nothing is written when the act refuses.

use rusqlite::{Transaction, TransactionBehavior};

use super::{load, state};
use crate::domain::case::CaseFile;
use crate::store::Store;
use crate::store::audit::now;
use crate::store::damage_error;
use crate::store::error::{Result, StoreError};

impl Store {
    /// Runs `act` on case `id` as it is in the transaction; `act` returns its value and what it did in words (the log
    /// entry's `new`). The entry is `action`, `target` = `case <id>`.
    pub(super) fn write_case<T>(
        &mut self,
        id: i64,
        action: &'static str,
        act: impl FnOnce(&Transaction, &CaseFile) -> Result<(T, String)>,
    ) -> Result<T> {
        self.writable()?;
        self.settle_check()?;
        let actor = self.actor.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (before, damage) = state::check_case(&tx, id)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        let case = load::load_case(&tx, id)?.ok_or_else(|| StoreError::NotFound(crate::store::Missing::Case(id)))?;
        let (value, what) = act(&tx, &case)?;
        let after = state::row_digests(&tx, id)?;
        if let Some(rows) = state::diff_json(&before, &after) {
            state::append(&tx, id, &actor, &now(), action, what, Some(rows))?;
        }
        tx.commit().map_err(|e| self.failed_commit(e))?;
        Ok(value)
    }
}
