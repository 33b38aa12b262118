//! The live rows tied to the audit log. Every change records, in the hash-chained entry it appends, the digest of each
//! row of the review it wrote (`"table/primary key" → SHA-256 of the row's content`, or `null` for a row it deleted).
//! Replaying a review's entries therefore says what each of its rows must be now, and which entry wrote it last; a
//! row changed, added or deleted outside yanshou (with `sqlite3`, say) no longer matches, and the check names the row
//! and the entry.
//!
//! A row's digest covers every column of the row except `updated_at` (bookkeeping that changes on every write); a
//! review's frozen sheet is covered by its hash (`scorecard_hash`, which the sheet's text must match), its rules by
//! their text. Values are hashed with their SQLite type, so `130` changed to the text `'130'` is a change too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::audit::{self, Change, LogEntry};
use super::damage::{Damage, Row, RowRef, Who};
use crate::hex::{hex, sha256_hex};

/// The digest of each of a review's rows, by `table/key`.
pub type Digests = BTreeMap<String, String>;

/// The action of the entry that records a review's rows whole, as they were when their digests began to be logged
/// (schema 4): rows it does not list are not there.
pub const BASELINE: &str = "baseline";

/// A table that holds a review's content: its name, how many of the selected columns form the primary key (they come
/// first), and the query of one review's rows.
struct Table {
    name: &'static str,
    keys: usize,
    sql: &'static str,
    /// The migration that creates the table: a database at an earlier version (the baseline recorded while
    /// migrating, at migration 4) has no such table, and no such rows.
    since: usize,
}

/// Every table that holds a review's content. The columns are named, so that a column a later migration adds is
/// covered only once it is listed here (and a listed column changes the digests of every row of its table: list new
/// columns only with a new baseline).
const TABLES: &[Table] = &[
    Table {
        name: "reviews",
        keys: 1,
        sql: "SELECT id, enterprise_name, credit_code, address, industry, track, agency, scorecard_id, scorecard_hash,
                     rules_json, review_date, place, status, created_at, uid
              FROM reviews WHERE id = ?1",
        since: 1,
    },
    Table {
        name: "experts",
        keys: 1,
        sql: "SELECT id, review_id, name, unit, title, field, role FROM experts WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "recusals",
        keys: 1,
        sql: "SELECT expert_id, review_id, reason_id, reason, statement, recorded_by, recorded_at
              FROM recusals WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "scores",
        keys: 2,
        sql: "SELECT expert_id, item_id, review_id, tenths, reason, evidence FROM scores WHERE review_id = ?1",
        since: 1,
    },
    Table { name: "facts", keys: 2, sql: "SELECT review_id, fact_id, value FROM facts WHERE review_id = ?1", since: 1 },
    Table {
        name: "bonuses",
        keys: 2,
        sql: "SELECT review_id, bonus_id, tenths FROM bonuses WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "weights",
        keys: 2,
        sql: "SELECT review_id, item_id, tenths FROM weights WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "veto_findings",
        keys: 2,
        sql: "SELECT review_id, veto_id, answer, evidence FROM veto_findings WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "opinions",
        keys: 1,
        sql: "SELECT review_id, summary, problems, suggestions, conclusion FROM opinions WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "signins",
        keys: 1,
        sql: "SELECT id, review_id, name, unit, position, capacity FROM signins WHERE review_id = ?1",
        since: 1,
    },
    Table {
        name: "findings",
        keys: 3,
        sql: "SELECT review_id, kind, entry_id, met, evidence FROM findings WHERE review_id = ?1",
        since: 6,
    },
    Table {
        name: "review_types",
        keys: 1,
        sql: "SELECT review_id, type_id FROM review_types WHERE review_id = ?1",
        since: 6,
    },
    Table {
        name: "decisions",
        keys: 1,
        sql: "SELECT review_id, passed, reason FROM decisions WHERE review_id = ?1",
        since: 6,
    },
    Table {
        name: "kits",
        keys: 1,
        sql: "SELECT review_id, role, kit_sha256, kit, minisig, expert FROM kits WHERE review_id = ?1",
        since: 9,
    },
    Table {
        name: "personal_sheets",
        keys: 4,
        sql: "SELECT review_id, expert, revision, direction, sha256, sheet, minisig FROM personal_sheets
              WHERE review_id = ?1",
        since: 9,
    },
    Table {
        name: "signatures",
        keys: 1,
        sql:
            "SELECT id, review_id, expert_id, revision, payload_sha256, kind, public_key, key_id, signed_file, minisig,
                     dissent, signed_at
              FROM signatures WHERE review_id = ?1",
        since: 2,
    },
    Table {
        name: "review_results",
        keys: 1,
        sql: "SELECT review_id, verdict, finalized_on FROM review_results WHERE review_id = ?1",
        since: super::migrations::REVIEW_RESULTS,
    },
];

/// The digests of a review's rows of one table (its current rows only).
pub(crate) fn table_digests(conn: &Connection, table: &str, review: i64) -> rusqlite::Result<Digests> {
    let mut out = Digests::new();
    for t in TABLES.iter().filter(|t| t.name == table) {
        digest_rows(conn, t.name, t.keys, t.sql, [review], &mut out)?;
    }
    Ok(out)
}

pub(crate) fn feed(h: &mut Sha256, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => h.update([0]),
        ValueRef::Integer(i) => {
            h.update([1]);
            h.update(i.to_be_bytes());
        }
        ValueRef::Real(f) => {
            h.update([2]);
            h.update(f.to_bits().to_be_bytes());
        }
        ValueRef::Text(t) => {
            h.update([3]);
            h.update((t.len() as u64).to_be_bytes());
            h.update(t);
        }
        ValueRef::Blob(b) => {
            h.update([4]);
            h.update((b.len() as u64).to_be_bytes());
            h.update(b);
        }
    }
}

pub(crate) fn key_part(key: &mut String, v: ValueRef<'_>) {
    key.push('/');
    match v {
        ValueRef::Integer(i) => key.push_str(&i.to_string()),
        ValueRef::Text(t) => key.push_str(&String::from_utf8_lossy(t)),
        ValueRef::Null => key.push_str("null"),
        ValueRef::Real(f) => key.push_str(&f.to_string()),
        ValueRef::Blob(b) => key.push_str(&hex(b)),
    }
}

/// Adds the digest of every row `sql` gives (with `params`) to `out`, keyed by `name` and the row's first `keys`
/// columns: the one way a review's, a case's and the pool's rows are digested for the log.
pub(crate) fn digest_rows(
    conn: &Connection,
    name: &str,
    keys: usize,
    sql: &str,
    params: impl rusqlite::Params,
    out: &mut Digests,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let n = stmt.column_count();
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let mut key = String::from(name);
        let mut h = Sha256::new();
        h.update(name.as_bytes());
        h.update([0]);
        for i in 0..n {
            let v = r.get_ref(i)?;
            if i < keys {
                key_part(&mut key, v);
            }
            feed(&mut h, v);
        }
        out.insert(key, hex(&h.finalize()));
    }
    Ok(())
}

/// The digest of every row of a review, as it is in the database now.
pub fn row_digests(conn: &Connection, review: i64) -> rusqlite::Result<Digests> {
    let mut out = Digests::new();
    let version: usize = conn.prepare_cached("PRAGMA user_version")?.query_row([], |r| r.get::<_, i64>(0))? as usize;
    for t in TABLES.iter().filter(|t| t.since <= version) {
        digest_rows(conn, t.name, t.keys, t.sql, [review], &mut out)?;
    }
    Ok(out)
}

/// What a change did to a review's rows, as the log records it (`None` when it changed none): each row added or
/// changed with its new digest, each deleted row as `null`.
pub(crate) fn diff_json(before: &Digests, after: &Digests) -> Option<String> {
    let mut diff: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for (k, v) in after {
        if before.get(k) != Some(v) {
            diff.insert(k, Some(v));
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            diff.insert(k, None);
        }
    }
    if diff.is_empty() { None } else { serde_json::to_string(&diff).ok() }
}

/// What a review's rows must be, replayed from its entries: per row its digest (`None`: deleted) and the entry that
/// wrote it last.
pub(crate) type Recorded = HashMap<String, (Option<String>, i64)>;

pub(crate) fn replay<'a>(entries: impl Iterator<Item = &'a LogEntry>, damage: &mut Vec<Damage>) -> Recorded {
    let mut state = Recorded::new();
    for e in entries {
        let Some(json) = &e.row_digests else { continue };
        let Ok(rows) = serde_json::from_str::<BTreeMap<String, Option<String>>>(json) else {
            damage.push(Damage::EntryUnreadable { seq: e.seq });
            continue;
        };
        if e.action == BASELINE {
            for (digest, seq) in state.values_mut() {
                *digest = None;
                *seq = e.seq;
            }
        }
        for (k, v) in rows {
            state.insert(k, (v, e.seq));
        }
    }
    state
}

pub(crate) enum Difference {
    Changed(i64),
    Deleted(i64),
    Added(Option<i64>),
}

/// The rows of a review that differ from what its log records, with the entry concerned.
pub(crate) fn compare(current: &Digests, recorded: &Recorded) -> Vec<(String, Difference)> {
    let mut out = Vec::new();
    for (k, d) in current {
        match recorded.get(k) {
            Some((Some(r), _)) if r == d => {}
            Some((Some(_), seq)) => out.push((k.clone(), Difference::Changed(*seq))),
            Some((None, seq)) => out.push((k.clone(), Difference::Added(Some(*seq)))),
            None => out.push((k.clone(), Difference::Added(None))),
        }
    }
    let mut deleted: Vec<(String, Difference)> = recorded
        .iter()
        .filter(|(k, (d, _))| d.is_some() && !current.contains_key(*k))
        .map(|(k, (_, seq))| (k.clone(), Difference::Deleted(*seq)))
        .collect();
    deleted.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(deleted);
    out
}

/// A row key in words, with the names the database still holds.
fn describe(conn: &Connection, review: i64, key: &str) -> rusqlite::Result<RowRef> {
    let (table, rest) = key.split_once('/').unwrap_or((key, ""));
    let who = |id: &str| -> rusqlite::Result<Who> {
        let expert_id = id.parse::<i64>().unwrap_or(0);
        let name = conn
            .prepare_cached("SELECT name FROM experts WHERE id = ?1")?
            .query_row([expert_id], |r| r.get::<_, String>(0))
            .optional()?;
        Ok(Who { expert_id, name })
    };
    // The part after the review id, for the tables keyed by (review_id, id).
    let after_review = || rest.split_once('/').map(|(_, x)| x.to_string()).unwrap_or_default();
    let row = match table {
        "reviews" => Row::Review,
        "experts" => Row::Expert(who(rest)?),
        "recusals" => Row::Recusal(who(rest)?),
        "scores" => {
            let (expert, item) = rest.split_once('/').unwrap_or((rest, ""));
            Row::Score { expert: who(expert)?, item: item.to_string() }
        }
        "facts" => Row::Fact(after_review()),
        "bonuses" => Row::Bonus(after_review()),
        "weights" => Row::Weight(after_review()),
        "veto_findings" => Row::Veto(after_review()),
        "opinions" => Row::Opinion,
        "review_results" => Row::Result,
        "signins" => {
            let id = rest.parse::<i64>().unwrap_or(0);
            let name = conn
                .prepare_cached("SELECT name FROM signins WHERE id = ?1")?
                .query_row([id], |r| r.get::<_, String>(0))
                .optional()?;
            Row::SignIn { id, name }
        }
        "signatures" => {
            let id = rest.parse::<i64>().unwrap_or(0);
            let found: Option<(i64, i64)> = conn
                .prepare_cached("SELECT expert_id, revision FROM signatures WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match found {
                Some((e, revision)) => {
                    Row::Signature { id, expert: Some(who(&e.to_string())?), revision: Some(revision) }
                }
                None => Row::Signature { id, expert: None, revision: None },
            }
        }
        _ => Row::Other,
    };
    Ok(RowRef { review, table: table.to_string(), key: key.to_string(), row })
}

/// The differences between a review's rows (`current`) and what its entries record, as damage.
fn state_damage<'a>(
    conn: &Connection,
    review: i64,
    entries: impl Iterator<Item = &'a LogEntry>,
    current: &Digests,
) -> rusqlite::Result<Vec<Damage>> {
    let mut damage = Vec::new();
    let recorded = replay(entries, &mut damage);
    for (key, diff) in compare(current, &recorded) {
        let row = describe(conn, review, &key)?;
        damage.push(match diff {
            Difference::Changed(seq) => Damage::RowChanged { row, seq },
            Difference::Deleted(seq) => Damage::RowDeleted { row, seq },
            Difference::Added(deleted_by) => Damage::RowAdded { row, deleted_by },
        });
    }
    let sheet: Option<(String, String)> = conn
        .prepare_cached("SELECT scorecard_text, scorecard_hash FROM reviews WHERE id = ?1")?
        .query_row([review], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((text, hash)) = sheet
        && sha256_hex(text.as_bytes()) != hash
    {
        damage.push(Damage::SheetText { review });
    }
    Ok(damage)
}

/// Checks one review: the chain around its entries and the head ([`audit::local_damage`]), and its rows against what
/// its entries record. Gives the rows' digests as they are now, and the damage found (empty when it is sound).
pub(crate) fn check_review(conn: &Connection, review: i64) -> rusqlite::Result<(Digests, Vec<Damage>)> {
    snapshot(conn, || {
        let entries = audit::read_review(conn, review)?;
        let mut damage = audit::local_damage(conn, &entries)?;
        let current = row_digests(conn, review)?;
        damage.extend(state_damage(conn, review, entries.iter(), &current)?);
        Ok((current, damage))
    })
}

/// Runs `f` in one read transaction (unless the caller has one open), so that the log and the rows it reads are of
/// the same moment: another process's change committed in between would otherwise look like damage.
pub(crate) fn snapshot<T>(conn: &Connection, f: impl FnOnce() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    if !conn.is_autocommit() {
        return f();
    }
    conn.execute_batch("BEGIN DEFERRED")?;
    let result = f();
    // Nothing was written: ending the read transaction cannot lose anything.
    let _ = conn.execute_batch("COMMIT");
    result
}

/// Checks the whole database: the whole chain, and every review's rows against its entries, including rows of
/// reviews that no longer exist and reviews that no entry wrote. `user_version` must be at least 4 (the log records
/// rows); before, only the chain is checked. `more` checks what else the log ties rows to, from the same entries (the
/// cases: `cases::check_all`, given by the caller so that this file does not reach up to the cases).
pub(crate) fn check_all(conn: &Connection, more: MoreDamage) -> rusqlite::Result<Vec<Damage>> {
    snapshot(conn, || check_all_in(conn, more))
}

/// The damage of rows the log ties other than a review's, found from the log's entries.
pub(crate) type MoreDamage = fn(&Connection, &[LogEntry]) -> rusqlite::Result<Vec<Damage>>;

fn check_all_in(conn: &Connection, more: MoreDamage) -> rusqlite::Result<Vec<Damage>> {
    let entries = audit::read_all(conn)?;
    let head = conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut damage = audit::chain_damage_of(&entries, head);
    if !audit::has_row_digests(conn)? {
        return Ok(damage);
    }
    let mut by_review: BTreeMap<i64, Vec<&LogEntry>> = BTreeMap::new();
    for e in &entries {
        if let Some(r) = e.review_id {
            by_review.entry(r).or_default().push(e);
        }
    }
    let mut reviews: BTreeSet<i64> = by_review.keys().copied().collect();
    let version: usize = conn.prepare_cached("PRAGMA user_version")?.query_row([], |r| r.get::<_, i64>(0))? as usize;
    let union: Vec<String> = TABLES
        .iter()
        .filter(|t| t.since <= version)
        .map(|t| {
            let column = if t.name == "reviews" { "id" } else { "review_id" };
            format!("SELECT {column} FROM {}", t.name)
        })
        .collect();
    let mut stmt = conn.prepare(&union.join(" UNION "))?;
    for id in stmt.query_map([], |r| r.get::<_, Option<i64>>(0))? {
        if let Some(id) = id? {
            reviews.insert(id);
        }
    }
    for id in reviews {
        let current = row_digests(conn, id)?;
        let mine = by_review.get(&id).map(|v| v.as_slice()).unwrap_or(&[]);
        damage.extend(state_damage(conn, id, mine.iter().copied(), &current)?);
    }
    damage.extend(more(conn, &entries)?);
    Ok(damage)
}

/// Records a review's rows whole in a new entry ([`BASELINE`]): what migration 4 does for each review of a database
/// written before the log recorded rows, so that from then on its rows are checked. (Also what a test fixture built
/// with SQL, outside the store, does to make its copies sound.) Call it inside a transaction.
pub fn record_baseline(tx: &Connection, review: i64, actor: &str, at: &str) -> rusqlite::Result<()> {
    let digests = row_digests(tx, review)?;
    let rows: BTreeMap<&str, Option<&str>> = digests.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))).collect();
    let json = serde_json::to_string(&rows).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let change = Change::new(
        BASELINE,
        format!("review {review}"),
        None,
        Some(format!("{} rows recorded as they were when the log began to record rows", digests.len())),
    );
    audit::append(tx, Some(review), actor, at, &[change], Some(json))
}
