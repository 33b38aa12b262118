//! The append-only audit log: every change appends an entry carrying the hash of the entry before it, and the head
//! (last sequence number and hash) is kept beside it, so that a changed, deleted or truncated entry is detected.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// The hash of an entry: SHA-256 over the canonical JSON array of its fields and the previous hash.
pub fn entry_hash(e: &LogEntry) -> String {
    let canonical =
        serde_json::json!([e.seq, e.review_id, e.at, e.actor, e.action, e.target, e.old, e.new, e.prev_hash]);
    hex(&Sha256::digest(canonical.to_string().as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends changes inside the caller's transaction.
pub fn append(
    tx: &Transaction,
    review_id: Option<i64>,
    actor: &str,
    at: &str,
    changes: &[Change],
) -> rusqlite::Result<()> {
    let head: Option<(i64, String)> =
        tx.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (mut seq, mut prev) = head.unwrap_or((0, GENESIS.to_string()));
    for c in changes {
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
        };
        e.hash = entry_hash(&e);
        tx.execute(
            "INSERT INTO audit_log (seq, review_id, at, actor, action, target, old, new, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![e.seq, e.review_id, e.at, e.actor, e.action, e.target, e.old, e.new, e.prev_hash, e.hash],
        )?;
        prev = e.hash;
    }
    tx.execute(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        params![seq, prev],
    )?;
    Ok(())
}

/// Reads the whole log in order.
pub fn read_all(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, review_id, at, actor, action, target, old, new, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
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
        })
    })?;
    rows.collect()
}

/// Checks the chain; every problem is described plainly. Empty when the log is intact.
pub fn verify(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let entries = read_all(conn)?;
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    for e in &entries {
        if e.seq != expected_seq {
            if e.seq > expected_seq {
                problems.push(if e.seq == expected_seq + 1 {
                    format!("entry {expected_seq} has been deleted")
                } else {
                    format!("entries {expected_seq} to {} have been deleted", e.seq - 1)
                });
            }
        } else if e.prev_hash != prev {
            problems.push(format!("entry {} does not follow the entry before it (the chain was rewritten)", e.seq));
        }
        if entry_hash(e) != e.hash {
            problems.push(format!("entry {} has been changed since it was written", e.seq));
        }
        prev = e.hash.clone();
        expected_seq = e.seq + 1;
    }
    let head: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let last = entries.last().map(|e| (e.seq, e.hash.clone()));
    match (head, last) {
        (None, None) => {}
        (Some((hs, hh)), Some((ls, lh))) => {
            if hs == ls + 1 {
                problems.push(format!("the last entry ({hs}) has been deleted"));
            } else if hs > ls {
                problems.push(format!("the last entries ({} to {hs}) have been deleted", ls + 1));
            } else if hs != ls || hh != lh {
                problems.push("the log's head does not match its last entry (the log was altered)".to_string());
            }
        }
        (Some((hs, _)), None) => problems.push(format!("all {hs} entries of the log have been deleted")),
        (None, Some(_)) => problems.push("the log's head is missing (the log was altered)".to_string()),
    }
    Ok(problems)
}
