//! The append-only audit log: every change appends an entry carrying the hash of the entry before it, and the head
//! (last sequence number and hash) is kept beside it, so that a changed, deleted or truncated entry is detected.
//!
//! Since schema 4 the first entry of each change also records the digests of the rows the change wrote (`row_digests`, see
//! [`super::state`]); such an entry's hash covers them. Entries without them keep the hash they were written with.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::damage::Damage;
/// Kept here for the callers that spell it `store::audit::hex`.
pub use crate::hex::hex;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change: who, when, what, old → new.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub seq: i64,
    pub review_id: Option<i64>,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The digests of the rows this change wrote (a JSON object `"table/key" → sha256 | null`), on the first entry of
    /// each change since schema 4; `None` on older entries and on the other entries of a change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_digests: Option<String>,
}

/// A change about to be logged.
#[derive(Clone, Debug)]
pub struct Change {
    pub action: &'static str,
    pub target: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    pub fn new(action: &'static str, target: impl Into<String>, old: Option<String>, new: Option<String>) -> Self {
        Change { action, target: target.into(), old, new }
    }
}

/// The hash of an entry: SHA-256 over the canonical JSON array of its fields and the previous hash, and, for an entry
/// that records row digests, the digests last (the array of an entry without them is the one written before schema
/// 4, so old chains verify unchanged).
pub fn entry_hash(e: &LogEntry) -> String {
    let fields = (e.seq, e.review_id, &e.at, &e.actor, &e.action, &e.target, &e.old, &e.new, &e.prev_hash);
    let canonical = match &e.row_digests {
        None => serde_json::to_vec(&fields),
        Some(rows) => serde_json::to_vec(&(
            fields.0, fields.1, fields.2, fields.3, fields.4, fields.5, fields.6, fields.7, fields.8, rows,
        )),
    };
    // Serializing strings, integers and options cannot fail.
    crate::hex::sha256_hex(&canonical.unwrap_or_default())
}

/// Appends changes inside the caller's transaction (`tx` is in one); `rows` (the digests of the rows they wrote) goes on the first (the entry that describes the change).
pub fn append(
    tx: &Connection,
    review_id: Option<i64>,
    actor: &str,
    at: &str,
    changes: &[Change],
    rows: Option<String>,
) -> rusqlite::Result<()> {
    let head: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (mut seq, mut prev) = head.unwrap_or((0, GENESIS.to_string()));
    let mut stmt = tx.prepare_cached(
        "INSERT INTO audit_log (seq, review_id, at, actor, action, target, old, new, prev_hash, hash, row_digests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (n, c) in changes.iter().enumerate() {
        seq += 1;
        let mut e = LogEntry {
            seq,
            review_id,
            at: at.to_string(),
            actor: actor.to_string(),
            action: c.action.to_string(),
            target: c.target.clone(),
            old: c.old.clone(),
            new: c.new.clone(),
            prev_hash: prev.clone(),
            hash: String::new(),
            row_digests: if n == 0 { rows.clone() } else { None },
        };
        e.hash = entry_hash(&e);
        stmt.execute(params![
            e.seq,
            e.review_id,
            e.at,
            e.actor,
            e.action,
            e.target,
            e.old,
            e.new,
            e.prev_hash,
            e.hash,
            e.row_digests
        ])?;
        prev = e.hash;
    }
    tx.prepare_cached(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )?
    .execute(params![seq, prev])?;
    Ok(())
}

/// The columns of an entry, in [`LogEntry`]'s order; `row_digests` only exists from schema 4 on.
const COLUMNS: &str = "seq, review_id, at, actor, action, target, old, new, prev_hash, hash, row_digests";
const COLUMNS_BEFORE_4: &str = "seq, review_id, at, actor, action, target, old, new, prev_hash, hash, NULL";

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        seq: r.get(0)?,
        review_id: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        target: r.get(5)?,
        old: r.get(6)?,
        new: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
        row_digests: r.get(10)?,
    })
}

/// Whether the log has the `row_digests` column (schema 4 and later).
pub(crate) fn has_row_digests(conn: &Connection) -> rusqlite::Result<bool> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'row_digests'", [], |r| {
            r.get(0)
        })?;
    Ok(n > 0)
}

fn columns(conn: &Connection) -> rusqlite::Result<&'static str> {
    Ok(if has_row_digests(conn)? { COLUMNS } else { COLUMNS_BEFORE_4 })
}

/// Reads the whole log in order.
pub fn read_all(conn: &Connection) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare(&format!("SELECT {} FROM audit_log ORDER BY seq", columns(conn)?))?;
    let rows = stmt.query_map([], entry)?;
    rows.collect()
}

/// Reads one review's entries in order, through the index on `review_id`.
pub(crate) fn read_review(conn: &Connection, review: i64) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM audit_log WHERE review_id = ?1 ORDER BY seq"))?;
    let rows = stmt.query_map([review], entry)?;
    rows.collect()
}

fn head(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// Checks the chain; every problem is described plainly. Empty when the log is intact.
pub fn verify(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    Ok(chain_damage(conn)?.iter().map(|d| d.to_string()).collect())
}

/// Checks the whole chain: every entry's hash, its link to the entry before it, and the head.
pub(crate) fn chain_damage(conn: &Connection) -> rusqlite::Result<Vec<Damage>> {
    Ok(chain_damage_of(&read_all(conn)?, head(conn)?))
}

/// [`chain_damage`] over entries already read (in order) and the head.
pub(crate) fn chain_damage_of(entries: &[LogEntry], head: Option<(i64, String)>) -> Vec<Damage> {
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    for e in entries {
        if e.seq != expected_seq {
            if e.seq > expected_seq {
                problems.push(Damage::EntriesDeleted { from: expected_seq, to: e.seq - 1 });
            }
        } else if e.prev_hash != prev {
            problems.push(Damage::EntryRewritten { seq: e.seq });
        }
        if entry_hash(e) != e.hash {
            problems.push(Damage::EntryChanged { seq: e.seq });
        }
        prev = e.hash.clone();
        expected_seq = e.seq + 1;
    }
    problems.extend(head_damage(head, entries.last().map(|e| (e.seq, e.hash.as_str()))));
    problems
}

/// Whether the head kept beside the log matches the log's last entry.
fn head_damage(head: Option<(i64, String)>, last: Option<(i64, &str)>) -> Option<Damage> {
    match (head, last) {
        (None, None) => None,
        (Some((hs, hh)), Some((ls, lh))) => {
            if hs > ls {
                Some(Damage::LastEntriesDeleted { from: ls + 1, to: hs })
            } else if hs != ls || hh != lh {
                Some(Damage::HeadMismatch)
            } else {
                None
            }
        }
        (Some((hs, _)), None) => Some(Damage::LogEmptied { count: hs }),
        (None, Some(_)) => Some(Damage::HeadMissing),
    }
}

fn one(conn: &Connection, sql: &str, seq: i64) -> rusqlite::Result<Option<LogEntry>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM audit_log {sql}"))?.query_row([seq], entry).optional()
}

/// Checks the chain around a review's entries (`entries`, in order), without reading the rest of the log: each
/// entry's hash, its links to the entries before and after it (whoever's they are, their own hashes checked too),
/// and the head against the log's last entry.
pub(crate) fn local_damage(conn: &Connection, entries: &[LogEntry]) -> rusqlite::Result<Vec<Damage>> {
    let mut problems = Vec::new();
    let push = |d: Damage, problems: &mut Vec<Damage>| {
        if !problems.contains(&d) {
            problems.push(d);
        }
    };
    for (i, e) in entries.iter().enumerate() {
        if entry_hash(e) != e.hash {
            push(Damage::EntryChanged { seq: e.seq }, &mut problems);
        }
        // The entry before.
        let before = match i.checked_sub(1).map(|j| &entries[j]).filter(|p| p.seq == e.seq - 1) {
            Some(p) => Some(p.clone()),
            None => {
                let p = one(conn, "WHERE seq < ?1 ORDER BY seq DESC LIMIT 1", e.seq)?;
                if let Some(p) = &p
                    && entry_hash(p) != p.hash
                {
                    push(Damage::EntryChanged { seq: p.seq }, &mut problems);
                }
                p
            }
        };
        let (before_seq, before_hash) = before.map(|p| (p.seq, p.hash)).unwrap_or((0, GENESIS.to_string()));
        if before_seq < e.seq - 1 {
            push(Damage::EntriesDeleted { from: before_seq + 1, to: e.seq - 1 }, &mut problems);
        } else if e.prev_hash != before_hash {
            push(Damage::EntryRewritten { seq: e.seq }, &mut problems);
        }
        // The entry after, when it is someone else's (the review's own next entry is checked in its turn).
        if entries.get(i + 1).is_some_and(|n| n.seq == e.seq + 1) {
            continue;
        }
        if let Some(n) = one(conn, "WHERE seq > ?1 ORDER BY seq LIMIT 1", e.seq)? {
            if entry_hash(&n) != n.hash {
                push(Damage::EntryChanged { seq: n.seq }, &mut problems);
            }
            if n.seq > e.seq + 1 {
                push(Damage::EntriesDeleted { from: e.seq + 1, to: n.seq - 1 }, &mut problems);
            } else if n.prev_hash != e.hash {
                push(Damage::EntryRewritten { seq: n.seq }, &mut problems);
            }
        }
    }
    for d in tail_damage(conn)? {
        push(d, &mut problems);
    }
    Ok(problems)
}

/// Checks the end of the chain, where the next change appends: the last entry's hash and the head.
pub(crate) fn tail_damage(conn: &Connection) -> rusqlite::Result<Vec<Damage>> {
    let last = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1"))?
        .query_row([], entry)
        .optional()?;
    let mut problems = Vec::new();
    if let Some(l) = &last
        && entry_hash(l) != l.hash
    {
        problems.push(Damage::EntryChanged { seq: l.seq });
    }
    problems.extend(head_damage(head(conn)?, last.as_ref().map(|e| (e.seq, e.hash.as_str()))));
    Ok(problems)
}

/// The time a change is recorded at: local time, RFC 3339 to the second.
pub(super) fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The hash of an entry without row digests is the one every earlier version wrote.
    #[test]
    fn an_entry_without_rows_keeps_the_old_hash() {
        let e = LogEntry {
            seq: 7,
            review_id: Some(3),
            at: "2026-11-28T10:00:00+08:00".into(),
            actor: "测试".into(),
            action: "score".into(),
            target: "王建国 1.2".into(),
            old: None,
            new: Some("2.5（目标\"未\"量化）\n".into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
            row_digests: None,
        };
        let old = serde_json::json!([e.seq, e.review_id, e.at, e.actor, e.action, e.target, e.old, e.new, e.prev_hash]);
        assert_eq!(entry_hash(&e), hex(&Sha256::digest(old.to_string().as_bytes())));
        let with = LogEntry { row_digests: Some(r#"{"scores/1/1.2":"ab"}"#.into()), ..e.clone() };
        assert_ne!(entry_hash(&with), entry_hash(&e));
    }
}
