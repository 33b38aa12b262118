//! Every review belongs to a case: a review started from a case is attached to it in the transaction that creates it;
//! one started on its own gets a case of its own; and when cases came (their migration), every review that existed
//! got a case of its own, its rows recorded whole in the log.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::state;
use crate::domain::case::Mark;
use crate::domain::scorecard::Scorecard;
use crate::domain::scorecard::procedure::Event;
use crate::store::audit;
use crate::store::damage::Damage;
use crate::store::damage_error;
use crate::store::error::Result;
use crate::store::migrations::MIGRATIONS;

/// The case a review about to be created goes into (set by [`crate::store::Store::start_case_review`] and
/// [`crate::store::Store::recheck`] around the creation).
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    pub case: i64,
    pub round: u32,
    /// The review a 复核 re-checks.
    pub recheck_of: Option<i64>,
    /// The day the 复核 was asked for.
    pub requested: Option<NaiveDate>,
}

/// Makes a case for a review that has none: its enterprise and track, the sheet's province and stage; the review is
/// its round 1. Gives the case's id.
fn own_case(tx: &Connection, review: i64, province: &str, stage: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO cases (uid, province, track, stage, scorecard_id, enterprise_name, credit_code, industry,
             opened_from, created_at)
         SELECT lower(hex(randomblob(16))), ?2, track, ?3, scorecard_id, enterprise_name, credit_code, industry, id,
             created_at
         FROM reviews WHERE id = ?1",
        params![review, province, stage],
    )?;
    let case = tx.last_insert_rowid();
    tx.execute("INSERT INTO case_reviews (review_id, case_id, round) VALUES (?1, ?2, 1)", params![review, case])?;
    Ok(case)
}

/// A new case must not take over the entries a case deleted outside yanshou left behind: only its own rows, not yet
/// logged, may differ from the log.
fn fresh(tx: &Connection, case: i64, path: &Path) -> Result<()> {
    let (_, damage) = state::check_case(tx, case)?;
    let damage: Vec<Damage> = damage
        .into_iter()
        .filter(|d| {
            !matches!(d, Damage::CaseRow(r) if matches!(r.difference, super::CaseDifference::Added { deleted_by: None }))
        })
        .collect();
    if damage.is_empty() { Ok(()) } else { Err(damage_error(path, damage)) }
}

/// Called inside the transaction that creates review `review` on `card`: attaches it to the pending case (its next
/// round, a 复核 naming the review it re-checks), or gives it a case of its own; and logs the case's change.
pub(crate) fn on_review_created(
    tx: &Connection,
    review: i64,
    card: &Scorecard,
    pending: Option<Pending>,
    actor: &str,
    at: &str,
    path: &Path,
) -> Result<()> {
    let Some(p) = pending else {
        let stage = if card.stage == crate::domain::scorecard::Stage::Assessment { "assessment" } else { "acceptance" };
        let case = own_case(tx, review, &card.province, stage)?;
        fresh(tx, case, path)?;
        let rows = state::diff_json(&Default::default(), &state::row_digests(tx, case)?);
        let new = format!("案件 {case}：验收 {review} 单独建立，未经案件（第 1 轮）");
        state::append(tx, case, actor, at, "case.new", new, rows)?;
        return Ok(());
    };
    let (before, damage) = state::check_case(tx, p.case)?;
    if !damage.is_empty() {
        return Err(damage_error(path, damage));
    }
    tx.execute(
        "INSERT INTO case_reviews (review_id, case_id, round, recheck_of) VALUES (?1, ?2, ?3, ?4)",
        params![review, p.case, p.round, p.recheck_of],
    )?;
    if let Some(d) = p.requested {
        tx.execute(
            "INSERT INTO case_events (case_id, round, event, date) VALUES (?1, ?2, ?3, ?4)",
            params![p.case, p.round, Mark::Event(Event::RecheckRequest).as_str(), d.to_string()],
        )?;
    }
    let rows = state::diff_json(&before, &state::row_digests(tx, p.case)?);
    let (action, new) = match p.recheck_of {
        Some(of) => ("case.recheck", format!("复核：验收 {review}（第 {} 轮），复核验收 {of}", p.round)),
        None => ("case.review", format!("验收 {review}（第 {} 轮）", p.round)),
    };
    state::append(tx, p.case, actor, at, action, new, rows)?;
    Ok(())
}

/// The number the cases' migration has (its position, from 1), found by what it creates: the migrations are
/// renumbered when branches meet, this never is.
fn cases_migration() -> Option<usize> {
    MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE cases (")).map(|i| i + 1)
}

/// A sheet's province and stage as its text says them, read leniently (a frozen sheet is what it was when the review
/// froze it; the current loader's checks do not apply to it).
fn province_and_stage(text: &str) -> (String, String) {
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    let get = |k: &str| table.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let stage = if get("stage") == "assessment" { "assessment".to_string() } else { "acceptance".to_string() };
    (get("province"), stage)
}

/// Run in the transaction of each migration, after its SQL: when the migration that brings cases has run, gives every
/// review a case of its own and records each case's rows in a baseline entry. Only on an intact log.
pub(crate) fn after_migration(tx: &Connection, version: usize, actor: &str, path: &Path) -> Result<()> {
    if cases_migration() != Some(version) {
        return Ok(());
    }
    let damage = audit::chain_damage(tx)?;
    if !damage.is_empty() {
        return Err(damage_error(path, damage));
    }
    let reviews: Vec<(i64, String)> = tx
        .prepare("SELECT id, scorecard_hash FROM reviews ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sheets: HashMap<String, (String, String)> = HashMap::new();
    let at = audit::now();
    for (review, hash) in reviews {
        if !sheets.contains_key(&hash) {
            let text: String =
                tx.query_row("SELECT scorecard_text FROM reviews WHERE id = ?1", [review], |r| r.get(0))?;
            sheets.insert(hash.clone(), province_and_stage(&text));
        }
        let (province, stage) = &sheets[&hash];
        let case = own_case(tx, review, province, stage)?;
        let why = format!("案件 {case} 为已有的验收 {review} 建立（第 1 轮）：升级时每个已有的验收各成一案");
        state::record_baseline(tx, case, actor, &at, why)?;
    }
    Ok(())
}
