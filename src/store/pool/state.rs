//! The pool's rows tied to the audit log, as a case's are (see `store::cases`): every change of the pool or of a
//! draw appends one entry with no review whose `target` is `pool` and whose `row_digests` record the digest of each
//! row it wrote (`pool_experts/<id>`, `draws/<id>`, `draw_substitutions/<draw>/<n>`, and `review_draws/<review>`,
//! the draw a review's panel was put from). Replaying the pool's entries says what its rows must be; a row changed,
//! added or deleted outside yanshou no longer matches and is named.

use rusqlite::Connection;

use crate::store::audit::{self, Change, LogEntry};
use crate::store::case_damage::{CaseDifference, CaseRowDamage};
use crate::store::damage::Damage;
use crate::store::state::{Difference, Digests, compare, digest_rows, replay};

pub(crate) const TARGET: &str = "pool";

struct Table {
    name: &'static str,
    keys: usize,
    sql: &'static str,
}

const TABLES: &[Table] = &[
    Table {
        name: "pool_experts",
        keys: 1,
        sql: "SELECT id, name, unit, field, industry, title, term_until, served, public_key, retired_on, added_at
              FROM pool_experts",
    },
    Table { name: "draws", keys: 1, sql: "SELECT id, case_id, record, record_sha256, signature, drawn_at FROM draws" },
    Table {
        name: "draw_substitutions",
        keys: 2,
        sql: "SELECT draw_id, n, out_name, out_unit, in_name, in_unit, cause, reason, at FROM draw_substitutions",
    },
    Table { name: "review_draws", keys: 1, sql: "SELECT review_id, draw_id, linked_at FROM review_draws" },
];

/// Whether the database has this table (one of an older version has not the pool's, or not the reviews' links).
fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [name], |r| r.get(0))?;
    Ok(n > 0)
}

fn has_pool(conn: &Connection) -> rusqlite::Result<bool> {
    has_table(conn, "pool_experts")
}

/// The digest of every row of the pool and its draws, as they are now.
pub(crate) fn row_digests(conn: &Connection) -> rusqlite::Result<Digests> {
    let mut out = Digests::new();
    if !has_pool(conn)? {
        return Ok(out);
    }
    for t in TABLES {
        if has_table(conn, t.name)? {
            digest_rows(conn, t.name, t.keys, t.sql, [], &mut out)?;
        }
    }
    Ok(out)
}

fn damage_of(entries: &[&LogEntry], current: &Digests, conn: &Connection) -> rusqlite::Result<Vec<Damage>> {
    let mut damage = Vec::new();
    let recorded = replay(entries.iter().copied(), &mut damage);
    for (key, diff) in compare(current, &recorded) {
        let table = key.split('/').next().unwrap_or_default().to_string();
        let difference = match diff {
            Difference::Changed(seq) => CaseDifference::Changed { seq },
            Difference::Deleted(seq) => CaseDifference::Deleted { seq },
            Difference::Added(deleted_by) => CaseDifference::Added { deleted_by },
        };
        let case = case_of_key(conn, &table, &key)?;
        damage.push(Damage::CaseRow(CaseRowDamage { case, table, key, difference }));
    }
    Ok(damage)
}

/// The case a draw's row belongs to (0 for an expert's row, or a draw no longer there).
fn case_of_key(conn: &Connection, table: &str, key: &str) -> rusqlite::Result<i64> {
    if table == "pool_experts" {
        return Ok(0);
    }
    let Some(id) = key.split('/').nth(1).and_then(|d| d.parse::<i64>().ok()) else { return Ok(0) };
    use rusqlite::OptionalExtension;
    // A review's link names the review: its draw is the one the row points to.
    let draw = if table == "review_draws" {
        let draw = conn.query_row("SELECT draw_id FROM review_draws WHERE review_id = ?1", [id], |r| r.get(0));
        match draw.optional()? {
            Some(d) => d,
            None => return Ok(0),
        }
    } else {
        id
    };
    Ok(conn.query_row("SELECT case_id FROM draws WHERE id = ?1", [draw], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// The pool's entries in order.
fn read(conn: &Connection) -> rusqlite::Result<Vec<LogEntry>> {
    let all = audit::read_all(conn)?;
    Ok(all.into_iter().filter(|e| e.review_id.is_none() && e.target == TARGET).collect())
}

/// Checks the pool: the chain around its entries and its rows against them. Gives the digests as they are now.
pub(crate) fn check(conn: &Connection) -> rusqlite::Result<(Digests, Vec<Damage>)> {
    crate::store::state::snapshot(conn, || {
        let entries = read(conn)?;
        let mut damage = audit::local_damage(conn, &entries)?;
        let current = row_digests(conn)?;
        let refs: Vec<&LogEntry> = entries.iter().collect();
        damage.extend(damage_of(&refs, &current, conn)?);
        Ok((current, damage))
    })
}

/// The pool's rows against its entries (`entries`: the whole log, in order), for the whole-file check.
pub(crate) fn check_all(conn: &Connection, entries: &[LogEntry]) -> rusqlite::Result<Vec<Damage>> {
    if !has_pool(conn)? {
        return Ok(Vec::new());
    }
    let mine: Vec<&LogEntry> = entries.iter().filter(|e| e.review_id.is_none() && e.target == TARGET).collect();
    let current = row_digests(conn)?;
    damage_of(&mine, &current, conn)
}

/// Appends the entry of a change of the pool (inside the caller's transaction).
pub(crate) fn append(
    tx: &Connection,
    actor: &str,
    at: &str,
    action: &'static str,
    new: String,
    rows: Option<String>,
) -> rusqlite::Result<()> {
    let change = Change::new(action, TARGET, None, Some(new));
    audit::append(tx, None, actor, at, &[change], rows)
}
