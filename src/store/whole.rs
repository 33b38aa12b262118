//! What the whole-file check adds to the reviews' rows (`state::check_all`'s `more`): the cases' rows and the pool's,
//! each against the same audit log entries. Kept apart so that the reviews' check does not reach up to the cases and
//! the pool, which use it.

use rusqlite::Connection;

use super::audit::LogEntry;
use super::damage::Damage;
use super::{cases, pool};

pub(crate) fn beyond_reviews(conn: &Connection, entries: &[LogEntry]) -> rusqlite::Result<Vec<Damage>> {
    let mut damage = cases::check_all(conn, entries)?;
    damage.extend(pool::check_all(conn, entries)?);
    Ok(damage)
}
