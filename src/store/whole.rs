//! The whole-file check: the chain, every review's rows, every case's and the pool's, each against the audit log, in
//! one read transaction (a consistent snapshot). Kept apart from `state` so that the reviews' check does not import
//! the cases and the pool, which import it.

use rusqlite::Connection;

use super::damage::Damage;
use super::{audit, cases, pool, state};

pub(crate) fn check_all(conn: &Connection) -> rusqlite::Result<Vec<Damage>> {
    state::snapshot(conn, || {
        let entries = audit::read_all(conn)?;
        let mut damage = state::check_reviews(conn, &entries)?;
        if audit::has_row_digests(conn)? {
            damage.extend(cases::check_all(conn, &entries)?);
            damage.extend(pool::check_all(conn, &entries)?);
        }
        Ok(damage)
    })
}
