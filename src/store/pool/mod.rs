//! The expert pool (专家库) and the draws of panels from it, in the database (see [`crate::domain::pool`]). Every
//! change — an expert added, edited, retired, a pool imported, a draw, a substitution — is written through one
//! transaction that checks the pool's rows against the audit log first and appends one entry (`target` = `pool`)
//! recording the rows it wrote ([`state`]); a row changed outside yanshou is damage and every change is refused.
//!
//! A draw is recorded — appended to the log with its seed — before anyone is shown its names: a second draw for the
//! same case is a second row and a second entry, never a replacement ([`Store::record_draw`]).

mod review;
mod state;

pub use review::review_field;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

pub(crate) use state::check_all;

use super::Store;
use super::audit::now;
use super::error::{Result, StoreError};
use crate::domain::pool::record::DrawRecordV1;
use crate::domain::pool::substitute::{Cause, Substitution};
use crate::domain::pool::{Expert, Field, PoolRefusal};
use crate::store::damage_error;

/// A draw as the store keeps it.
#[derive(Clone, Debug)]
pub struct StoredDraw {
    pub id: i64,
    pub case_id: i64,
    pub record: DrawRecordV1,
    /// The record's canonical JSON as stored, and its SHA-256.
    pub record_json: String,
    pub record_sha256: String,
    pub signature: Option<String>,
    pub drawn_at: String,
    pub substitutions: Vec<Substitution>,
}

/// What an import did: experts added, experts updated (same name and unit), experts unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCount {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn expert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Expert)> {
    let field: String = r.get(3)?;
    let served: String = r.get(7)?;
    Ok((
        r.get(0)?,
        Expert {
            name: r.get(1)?,
            unit: r.get(2)?,
            field: Field::parse(&field).unwrap_or(Field::Other),
            industry: r.get(4)?,
            title: r.get(5)?,
            term_until: r.get(6)?,
            served: served.split('；').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            public_key: r.get(8)?,
            retired_on: r.get(9)?,
        },
    ))
}

const EXPERT_COLUMNS: &str = "id, name, unit, field, industry, title, term_until, served, public_key, retired_on";

fn list_in(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(i64, Expert)>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {EXPERT_COLUMNS} FROM pool_experts ORDER BY name, unit"))?;
    let rows = stmt.query_map([], expert_row)?;
    rows.collect()
}

fn insert(tx: &Transaction, e: &Expert, at: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO pool_experts (name, unit, field, industry, title, term_until, served, public_key, retired_on,
                                   added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.name,
            e.unit,
            e.field.zh(),
            e.industry,
            e.title,
            e.term_until,
            e.served.join("；"),
            e.public_key,
            e.retired_on,
            at
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn update(tx: &Transaction, id: i64, e: &Expert) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE pool_experts SET name = ?2, unit = ?3, field = ?4, industry = ?5, title = ?6, term_until = ?7,
                 served = ?8, public_key = ?9, retired_on = ?10 WHERE id = ?1",
        params![
            id,
            e.name,
            e.unit,
            e.field.zh(),
            e.industry,
            e.title,
            e.term_until,
            e.served.join("；"),
            e.public_key,
            e.retired_on
        ],
    )?;
    Ok(())
}

fn cause_text(c: Cause) -> &'static str {
    match c {
        Cause::Declined => "declined",
        Cause::Conflict => "conflict",
    }
}

/// The substitutions recorded on a draw, in order.
fn substitutions_in(conn: &rusqlite::Connection, draw: i64) -> rusqlite::Result<Vec<Substitution>> {
    let mut stmt = conn.prepare_cached(
        "SELECT out_name, out_unit, in_name, in_unit, cause, reason FROM draw_substitutions WHERE draw_id = ?1
         ORDER BY n",
    )?;
    let rows = stmt.query_map([draw], |r| {
        let cause: String = r.get(4)?;
        Ok(Substitution {
            out_name: r.get(0)?,
            out_unit: r.get(1)?,
            in_name: r.get(2)?,
            in_unit: r.get(3)?,
            cause: if cause == "conflict" { Cause::Conflict } else { Cause::Declined },
            reason: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// The draw whose record has this SHA-256 and the substitutions recorded on it, read inside the caller's
/// transaction (an import's): how a bundle's draw is matched with the support unit's own.
pub(crate) fn draw_in(conn: &rusqlite::Connection, sha256: &str) -> rusqlite::Result<Option<(i64, Vec<Substitution>)>> {
    let id: Option<i64> =
        conn.query_row("SELECT id FROM draws WHERE record_sha256 = ?1", [sha256], |r| r.get(0)).optional()?;
    match id {
        Some(id) => Ok(Some((id, substitutions_in(conn, id)?))),
        None => Ok(None),
    }
}

impl Store {
    /// Runs `act` in one immediate transaction after checking the pool's rows against the log; logs what it did
    /// (`what`, in words) with the digests of the rows it wrote.
    fn write_pool<T>(
        &mut self,
        action: &'static str,
        act: impl FnOnce(&Transaction, &str) -> Result<(T, String)>,
    ) -> Result<T> {
        self.writable()?;
        self.settle_check()?;
        let actor = self.actor.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (before, damage) = state::check(&tx)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        let at = now();
        let (value, what) = act(&tx, &at)?;
        let after = state::row_digests(&tx)?;
        if let Some(rows) = crate::store::state::diff_json(&before, &after) {
            state::append(&tx, &actor, &at, action, what, Some(rows))?;
        }
        tx.commit().map_err(|e| self.failed_commit(e))?;
        Ok(value)
    }

    fn pool_checked(&self) -> Result<()> {
        let (_, damage) = state::check(&self.conn)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        Ok(())
    }

    /// Every expert of the pool with their id, by name and unit (retired ones too).
    pub fn pool_list(&self) -> Result<Vec<(i64, Expert)>> {
        self.pool_checked()?;
        Ok(list_in(&self.conn)?)
    }

    pub fn pool_expert(&self, id: i64) -> Result<Expert> {
        self.pool_checked()?;
        self.conn
            .query_row(&format!("SELECT {EXPERT_COLUMNS} FROM pool_experts WHERE id = ?1"), [id], expert_row)
            .optional()?
            .map(|(_, e)| e)
            .ok_or_else(|| StoreError::NotFound(crate::store::Missing::PoolExpert(id)))
    }

    /// Adds an expert; refused when the pool has one of the same name and unit.
    pub fn pool_add(&mut self, e: &Expert) -> Result<i64> {
        self.write_pool("pool add", |tx, at| {
            if list_in(tx)?.iter().any(|(_, x)| x.key() == e.key()) {
                return Err(StoreError::Pool(PoolRefusal::DuplicateExpert {
                    name: e.name.clone(),
                    unit: e.unit.clone(),
                }));
            }
            let id = insert(tx, e, at)?;
            Ok((id, format!("专家 {id}：{}", e.label())))
        })
    }

    /// Replaces an expert's entry (name and unit may change, not to another expert's).
    pub fn pool_edit(&mut self, id: i64, e: &Expert) -> Result<()> {
        self.write_pool("pool edit", |tx, _| {
            let all = list_in(tx)?;
            if !all.iter().any(|(i, _)| *i == id) {
                return Err(StoreError::NotFound(crate::store::Missing::PoolExpert(id)));
            }
            if all.iter().any(|(i, x)| *i != id && x.key() == e.key()) {
                return Err(StoreError::Pool(PoolRefusal::DuplicateExpert {
                    name: e.name.clone(),
                    unit: e.unit.clone(),
                }));
            }
            update(tx, id, e)?;
            Ok(((), format!("专家 {id}：{}", e.label())))
        })
    }

    /// Takes an expert out of the pool on `on` (`YYYY-MM-DD`): kept, with the day, and excluded from draws after.
    pub fn pool_retire(&mut self, id: i64, on: &str) -> Result<()> {
        self.write_pool("pool retire", |tx, _| {
            let n = tx.execute("UPDATE pool_experts SET retired_on = ?2 WHERE id = ?1", params![id, on])?;
            if n == 0 {
                return Err(StoreError::NotFound(crate::store::Missing::PoolExpert(id)));
            }
            Ok(((), format!("专家 {id} 于 {on} 退出专家库")))
        })
    }

    /// Imports a table's experts in one change: a new name and unit is added, a known one takes the table's values
    /// (its public key and retirement are kept).
    pub fn pool_import(&mut self, experts: &[Expert], source: &str) -> Result<ImportCount> {
        self.write_pool("pool import", |tx, at| {
            let all = list_in(tx)?;
            let mut count = ImportCount::default();
            for e in experts {
                match all.iter().find(|(_, x)| x.key() == e.key()) {
                    None => {
                        insert(tx, e, at)?;
                        count.added += 1;
                    }
                    Some((id, old)) => {
                        let new = Expert {
                            public_key: old.public_key.clone(),
                            retired_on: old.retired_on.clone(),
                            ..e.clone()
                        };
                        if &new == old {
                            count.unchanged += 1;
                        } else {
                            update(tx, *id, &new)?;
                            count.updated += 1;
                        }
                    }
                }
            }
            let what = format!("导入 {source}：新增 {}，更新 {}，未变 {}", count.added, count.updated, count.unchanged);
            Ok((count, what))
        })
    }

    /// Records a draw for its case — before its names are shown to anyone — with its canonical JSON and hash and
    /// the support unit's signature when it signed. Gives the draw's id.
    pub fn record_draw(
        &mut self,
        record: &DrawRecordV1,
        json: &str,
        sha256: &str,
        signature: Option<&str>,
    ) -> Result<i64> {
        let case = record.case.case_id;
        self.write_pool("draw", |tx, at| {
            tx.execute(
                "INSERT INTO draws (case_id, record, record_sha256, signature, drawn_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case, json, sha256, signature, at],
            )?;
            let id = tx.last_insert_rowid();
            let n: i64 = tx.query_row("SELECT count(*) FROM draws WHERE case_id = ?1", [case], |r| r.get(0))?;
            Ok((id, format!("案件 {case} 第 {n} 次抽取（记录 {id}，种子 {}，sha256 {sha256}）", record.seed)))
        })
    }

    fn substitutions(&self, draw: i64) -> Result<Vec<Substitution>> {
        Ok(substitutions_in(&self.conn, draw)?)
    }

    /// Every draw of a case, oldest first, with its substitutions.
    pub fn draws_of_case(&self, case: i64) -> Result<Vec<StoredDraw>> {
        self.pool_checked()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, record, record_sha256, signature, drawn_at FROM draws WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows: Vec<(i64, i64, String, String, Option<String>, String)> = stmt
            .query_map([case], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (id, case_id, json, sha, signature, drawn_at) in rows {
            let record: DrawRecordV1 = serde_json::from_str(&json).map_err(|e| {
                StoreError::Pool(PoolRefusal::RecordFormat { what: format!("抽取记录 {id}：{e}") })
            })?;
            let substitutions = self.substitutions(id)?;
            out.push(StoredDraw {
                id,
                case_id,
                record,
                record_json: json,
                record_sha256: sha,
                signature,
                drawn_at,
                substitutions,
            });
        }
        Ok(out)
    }

    /// The draw whose record has this SHA-256 (what a review's payload carries), with its substitutions: how the
    /// support unit finds, on import, the draw an imported review says it stands on.
    pub fn draw_by_sha256(&self, sha256: &str) -> Result<Option<StoredDraw>> {
        self.pool_checked()?;
        let case: Option<i64> = self
            .conn
            .query_row("SELECT case_id FROM draws WHERE record_sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?;
        Ok(match case {
            Some(c) => self.draws_of_case(c)?.into_iter().find(|d| d.record_sha256 == sha256),
            None => None,
        })
    }

    /// The draw of this id, with its substitutions.
    pub fn draw_by_id(&self, id: i64) -> Result<Option<StoredDraw>> {
        self.pool_checked()?;
        let case: Option<i64> =
            self.conn.query_row("SELECT case_id FROM draws WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        Ok(match case {
            Some(c) => self.draws_of_case(c)?.into_iter().find(|d| d.id == id),
            None => None,
        })
    }

    /// The draw a case's next panel is put from: its last.
    pub fn current_draw(&self, case: i64) -> Result<Option<StoredDraw>> {
        Ok(self.draws_of_case(case)?.pop())
    }

    /// The draw record a review's panel stands on, as recorded when the panel was put from it
    /// ([`Store::panel_from_draw`]), with its SHA-256 and substitutions: what the review's signed payload carries and
    /// what verify checks the signers against. `None` when the panel was not put from a draw (typed by hand). A later
    /// draw of the review's case does not change it.
    pub fn review_draw(&self, review: i64) -> Result<Option<StoredDraw>> {
        self.pool_checked()?;
        let linked: Option<i64> = self
            .conn
            .query_row("SELECT draw_id FROM review_draws WHERE review_id = ?1", [review], |r| r.get(0))
            .optional()?;
        match linked {
            Some(id) => self.draw_by_id(id),
            None => Ok(None),
        }
    }

    /// The finalized reviews whose panels stand on this draw: a substitution on it would change what they signed.
    fn finalized_on_draw(&self, draw: i64) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.review_id FROM review_draws l JOIN reviews r ON r.id = l.review_id
             WHERE l.draw_id = ?1 AND r.status = 'finalized' ORDER BY l.review_id",
        )?;
        let rows = stmt.query_map([draw], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that the review's panel was put from this draw (replacing an earlier link of a review not yet
    /// finalized: its panel was put again from a later draw).
    pub(crate) fn link_review_draw(&mut self, review: i64, draw: i64) -> Result<()> {
        self.write_pool("review draw", |tx, at| {
            let old: Option<i64> = tx
                .query_row("SELECT draw_id FROM review_draws WHERE review_id = ?1", [review], |r| r.get(0))
                .optional()?;
            if old == Some(draw) {
                return Ok(((), String::new()));
            }
            tx.execute(
                "INSERT INTO review_draws (review_id, draw_id, linked_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (review_id) DO UPDATE SET draw_id = excluded.draw_id, linked_at = excluded.linked_at",
                params![review, draw, at],
            )?;
            Ok(((), format!("验收 {review} 的专家组取自抽取记录 {draw}")))
        })
    }

    /// Replaces a drawn expert by the next fitting reserve (see `domain::pool::substitute::next`), recorded with
    /// its cause and reason. Gives the substitution.
    pub fn substitute(
        &mut self,
        case: i64,
        name: &str,
        unit: Option<&str>,
        cause: Cause,
        reason: &str,
    ) -> Result<Substitution> {
        let draw =
            self.current_draw(case)?.ok_or_else(|| StoreError::NotFound(crate::store::Missing::CaseDraw(case)))?;
        // A finalized review signed the panel of this draw after its substitutions: one more would change it.
        if let Some(&review) = self.finalized_on_draw(draw.id)?.first() {
            return Err(StoreError::Pool(PoolRefusal::DrawOfFinalizedReview { draw: draw.id, review }));
        }
        let sub = crate::domain::pool::substitute::next(&draw.record, &draw.substitutions, name, unit, cause, reason)
            .map_err(StoreError::Pool)?;
        let n = draw.substitutions.len() as i64 + 1;
        let s = sub.clone();
        self.write_pool("substitute", |tx, at| {
            tx.execute(
                "INSERT INTO draw_substitutions (draw_id, n, out_name, out_unit, in_name, in_unit, cause, reason, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![draw.id, n, s.out_name, s.out_unit, s.in_name, s.in_unit, cause_text(s.cause), s.reason, at],
            )?;
            Ok((
                (),
                format!(
                    "案件 {case} 抽取记录 {}：{} 由候补 {} 替换（{}：{}）",
                    draw.id,
                    s.out_name,
                    s.in_name,
                    s.cause.zh(),
                    s.reason
                ),
            ))
        })?;
        Ok(sub)
    }
}
