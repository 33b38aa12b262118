//! Running the migrations of [`super::migrations`]: each on the schema it follows, in its own transaction, and the
//! rows recorded in the audit log when the migration that ties them to it runs.

use rusqlite::TransactionBehavior;

use super::Store;
use super::audit::{self, now};
use super::backup::damage_error;
use super::check::check_schema;
use super::error::Result;
use super::{migrations, state};

impl Store {
    pub(super) fn migrate(&mut self) -> Result<()> {
        // Read the version inside the write transaction, so that two processes opening a new database at once do
        // not both run the same migration.
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version = tx.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
            // A migration runs only on the schema it follows, and a database is used only at the schema it says.
            check_schema(&tx, &self.path, version)?;
            let Some(sql) = migrations::MIGRATIONS.get(version) else { return Ok(()) };
            let next = version + 1;
            if next == migrations::RECORD_ROWS {
                // The rows are recorded as they are now: only on an intact log.
                let damage = audit::chain_damage(&tx)?;
                if !damage.is_empty() {
                    return Err(damage_error(&self.path, damage));
                }
            }
            tx.execute_batch(sql)?;
            super::cases::after_migration(&tx, next, &self.actor, &self.path)?;
            if next == migrations::RECORD_ROWS {
                let at = now();
                let ids: Vec<i64> = tx
                    .prepare("SELECT id FROM reviews ORDER BY id")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    state::record_baseline(&tx, id, &self.actor, &at)?;
                }
            }
            tx.pragma_update(None, "user_version", next as i64)?;
            super::results::after_migration(&tx, next, &self.actor)?;
            tx.commit().map_err(|e| self.failed_commit(e))?;
        }
    }
}
