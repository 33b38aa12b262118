//! A case's rows tied to the audit log, as a review's are (see `store::state`): every change of a case appends one
//! entry with no review (`review_id` NULL) whose `target` is `case <id>` and whose `row_digests` record the digest of
//! each of the case's rows it wrote. Keys name the case themselves (`cases/7`, `case_events/7/1/site_visit`,
//! `case_reviews/7/12` …), so an entry moved to another case is seen. Replaying a case's entries says what its rows
//! must be; a row changed, added or deleted outside yanshou no longer matches, and the check names it.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use crate::store::audit::{self, Change, LogEntry};
use crate::store::case_damage::{CaseDifference, CaseRowDamage};
use crate::store::damage::Damage;
use crate::store::state::{BASELINE, Difference, Digests, compare, digest_rows, replay};

/// A table that holds a case's content: its name, how many of the selected columns form its key (they come first,
/// the case's id always first), and the query of one case's rows. Every column is covered.
struct Table {
    name: &'static str,
    keys: usize,
    sql: &'static str,
}

const TABLES: &[Table] = &[
    Table {
        name: "cases",
        keys: 1,
        sql:
            "SELECT id, uid, province, track, stage, scorecard_id, enterprise_name, credit_code, industry, opened_from,
                     created_at
              FROM cases WHERE id = ?1",
    },
    Table {
        name: "case_reviews",
        keys: 2,
        sql: "SELECT case_id, review_id, round, recheck_of FROM case_reviews WHERE case_id = ?1",
    },
    Table {
        name: "case_events",
        keys: 3,
        sql: "SELECT case_id, round, event, date, note FROM case_events WHERE case_id = ?1",
    },
    Table {
        name: "case_checks",
        keys: 3,
        sql: "SELECT case_id, kind, item_id, met, note FROM case_checks WHERE case_id = ?1",
    },
    Table {
        name: "case_objections",
        keys: 2,
        sql: "SELECT case_id, id, round, date, text, decision, decided_on, decision_note
              FROM case_objections WHERE case_id = ?1",
    },
];

/// The `target` of the entries that record a case's rows.
pub(crate) fn target(case: i64) -> String {
    format!("case {case}")
}

/// The case an entry's target names, if it is a case's.
fn case_of(e: &LogEntry) -> Option<i64> {
    if e.review_id.is_some() {
        return None;
    }
    e.target.strip_prefix("case ")?.parse().ok()
}

/// The case a row key belongs to: the number after its table.
fn case_of_key(key: &str) -> Option<i64> {
    key.split('/').nth(1)?.parse().ok()
}

/// The digest of every row of a case, as it is in the database now.
pub(crate) fn row_digests(conn: &Connection, case: i64) -> rusqlite::Result<Digests> {
    let mut out = Digests::new();
    for t in TABLES {
        digest_rows(conn, t.name, t.keys, t.sql, [case], &mut out)?;
    }
    Ok(out)
}

const COLUMNS: &str = "seq, review_id, at, actor, action, target, old, new, prev_hash, hash, row_digests";

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

/// A case's entries in order, through the index on the targets of entries without a review.
pub(crate) fn read_case(conn: &Connection, case: i64) -> rusqlite::Result<Vec<LogEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE review_id IS NULL AND target = ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([target(case)], entry)?;
    rows.collect()
}

/// The differences between a case's rows and what its entries record, as damage; and an entry of the case that
/// records a row of another case.
fn state_damage<'a>(case: i64, entries: impl Iterator<Item = &'a LogEntry> + Clone, current: &Digests) -> Vec<Damage> {
    let mut damage = Vec::new();
    for e in entries.clone() {
        let Some(json) = &e.row_digests else { continue };
        let Ok(rows) = serde_json::from_str::<BTreeMap<String, Option<String>>>(json) else { continue };
        if rows.keys().any(|k| case_of_key(k) != Some(case)) {
            damage.push(Damage::EntryRewritten { seq: e.seq });
        }
    }
    let recorded = replay(entries, &mut damage);
    for (key, diff) in compare(current, &recorded) {
        let table = key.split('/').next().unwrap_or_default().to_string();
        let difference = match diff {
            Difference::Changed(seq) => CaseDifference::Changed { seq },
            Difference::Deleted(seq) => CaseDifference::Deleted { seq },
            Difference::Added(deleted_by) => CaseDifference::Added { deleted_by },
        };
        damage.push(Damage::CaseRow(CaseRowDamage { case, table, key, difference }));
    }
    damage
}

/// Checks one case: the chain around its entries and the head, and its rows against what its entries record. Gives
/// the rows' digests as they are now, and the damage found.
pub(crate) fn check_case(conn: &Connection, case: i64) -> rusqlite::Result<(Digests, Vec<Damage>)> {
    crate::store::state::snapshot(conn, || {
        let entries = read_case(conn, case)?;
        let mut damage = audit::local_damage(conn, &entries)?;
        let current = row_digests(conn, case)?;
        damage.extend(state_damage(case, entries.iter(), &current));
        Ok((current, damage))
    })
}

/// Whether the database has cases at all (a backup of an older version has not).
fn has_cases(conn: &Connection) -> rusqlite::Result<bool> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cases'", [], |r| r.get(0))?;
    Ok(n > 0)
}

/// Every case's rows against its entries (`entries`: the whole log, in order), including rows of cases that no longer
/// exist and cases no entry wrote.
pub(crate) fn check_all(conn: &Connection, entries: &[LogEntry]) -> rusqlite::Result<Vec<Damage>> {
    if !has_cases(conn)? {
        return Ok(Vec::new());
    }
    let mut by_case: BTreeMap<i64, Vec<&LogEntry>> = BTreeMap::new();
    for e in entries {
        if let Some(c) = case_of(e) {
            by_case.entry(c).or_default().push(e);
        }
    }
    let mut cases: BTreeSet<i64> = by_case.keys().copied().collect();
    let union: Vec<String> = TABLES
        .iter()
        .map(|t| {
            let column = if t.name == "cases" { "id" } else { "case_id" };
            format!("SELECT {column} FROM {}", t.name)
        })
        .collect();
    let mut stmt = conn.prepare(&union.join(" UNION "))?;
    for id in stmt.query_map([], |r| r.get::<_, Option<i64>>(0))? {
        if let Some(id) = id? {
            cases.insert(id);
        }
    }
    let mut damage = Vec::new();
    for id in cases {
        let current = row_digests(conn, id)?;
        let mine = by_case.get(&id).map(|v| v.as_slice()).unwrap_or(&[]);
        damage.extend(state_damage(id, mine.iter().copied(), &current));
    }
    Ok(damage)
}

/// What a change did to a case's rows, as its entry records them (`None` when it changed none).
pub(crate) fn diff_json(before: &Digests, after: &Digests) -> Option<String> {
    crate::store::state::diff_json(before, after)
}

/// Appends the entry of a change of a case (inside the caller's transaction).
pub(crate) fn append(
    tx: &Connection,
    case: i64,
    actor: &str,
    at: &str,
    action: &'static str,
    new: String,
    rows: Option<String>,
) -> rusqlite::Result<()> {
    let change = Change::new(action, target(case), None, Some(new));
    audit::append(tx, None, actor, at, &[change], rows)
}

/// Records a case's rows whole in a `baseline` entry: what the migration that brings cases does for the case it
/// gives each existing review.
pub(crate) fn record_baseline(tx: &Connection, case: i64, actor: &str, at: &str, why: String) -> rusqlite::Result<()> {
    let digests = row_digests(tx, case)?;
    let rows: BTreeMap<&str, Option<&str>> = digests.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))).collect();
    let json = serde_json::to_string(&rows).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    append(tx, case, actor, at, BASELINE, why, Some(json))
}
