//! Reading reviews: a review with its frozen sheet and rules (parsed once per process), and the review list.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Store;
use super::damage_error;
use super::error::{Result, StoreError};
use super::state;
use crate::cache::Frozen;
use crate::domain::points::Points;
use crate::domain::review::{
    Answer, Decision, Enterprise, Expert, Finding, Opinion, Recusal, ReviewData, Role, Score, SignIn, Status,
    VetoFinding,
};
use crate::domain::score_order::sort_scores;
use crate::domain::scorecard::{ProvinceRules, Scorecard, Track, parse_province, parse_scorecard};

impl Store {
    pub fn list_reviews(&self) -> Result<Vec<ReviewSummary>> {
        let mut stmt = self.conn.prepare(LIST_SQL)?;
        let rows = stmt.query_map([], |r| {
            Ok(ReviewSummary {
                id: r.get(0)?,
                enterprise: r.get(1)?,
                credit_code: r.get(2)?,
                scorecard: r.get(3)?,
                date: r.get(4)?,
                place: r.get(5)?,
                status: Status::parse(&r.get::<_, String>(6)?).unwrap_or(Status::Draft),
                updated_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn load(&self, id: i64) -> Result<LoadedReview> {
        load(&self.conn, id).map_err(|e| match e {
            // A review that does not load (its frozen sheet, say) is damage the check can name, with the backup.
            StoreError::Corrupt(_) => match state::check_review(&self.conn, id) {
                Ok((_, damage)) if !damage.is_empty() => damage_error(&self.path, damage),
                _ => e,
            },
            e => e,
        })
    }
}

/// A review with the frozen sheet and rules it is scored on.
#[derive(Clone, Debug)]
pub struct LoadedReview {
    pub data: ReviewData,
    pub card: Scorecard,
    pub rules: Vec<ProvinceRules>,
}

/// One line of the review list.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewSummary {
    pub id: i64,
    pub enterprise: String,
    pub credit_code: String,
    pub scorecard: String,
    pub date: String,
    pub place: String,
    pub status: Status,
    pub updated_at: String,
}

/// The review list; read from the covering index `reviews_list` (migration 3), never from the rows with their frozen
/// sheet text.
const LIST_SQL: &str = "SELECT id, enterprise_name, credit_code, scorecard_id, review_date, place, status, updated_at
     FROM reviews ORDER BY review_date DESC, id DESC";

/// A review's recusals and scores, through the indexes on `review_id` (migration 3).
const RECUSALS_SQL: &str = "SELECT expert_id, reason_id, reason, statement, recorded_by, recorded_at FROM recusals
     WHERE review_id = ?1 ORDER BY recorded_at, expert_id";

const SCORES_SQL: &str = "SELECT expert_id, item_id, tenths, reason, evidence FROM scores WHERE review_id = ?1";

/// Loads a review and parses its frozen sheet and rules.
pub(super) fn load(conn: &Connection, id: i64) -> Result<LoadedReview> {
    let row = conn
        .prepare_cached(
            "SELECT enterprise_name, credit_code, address, industry, track, agency, scorecard_id, scorecard_text,
                    scorecard_hash, rules_json, review_date, place, status
             FROM reviews WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                [r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                [r.get::<_, String>(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?],
            ))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(crate::store::Missing::Review(id)))?;
    let ([name, code, address, industry, track, agency, scorecard_id], [text, hash, rules_json, date, place, status]) =
        row;
    let frozen = |what: &str, e: FrozenError| {
        StoreError::Corrupt(format!("the database is damaged: review {id}: its frozen {what} does not load: {e}"))
    };
    let card =
        frozen_sheet(&text, &hash, &format!("review {id} ({scorecard_id})")).map_err(|e| frozen("scorecard", e))?;
    let rules = frozen_rules(&rules_json).map_err(|e| frozen("rules", e))?;
    let track = Track::parse(&track).unwrap_or(Track::Any);
    let experts = query(
        conn,
        "SELECT id, name, unit, title, field, role FROM experts WHERE review_id = ?1 ORDER BY id",
        id,
        |r| {
            Ok(Expert {
                id: r.get(0)?,
                name: r.get(1)?,
                unit: r.get(2)?,
                title: r.get(3)?,
                field: r.get(4)?,
                role: Role::parse(&r.get::<_, String>(5)?).unwrap_or(Role::Member),
            })
        },
    )?;
    let recusals = query(conn, RECUSALS_SQL, id, |r| {
        Ok(Recusal {
            expert_id: r.get(0)?,
            reason_id: r.get(1)?,
            reason: r.get(2)?,
            statement: r.get(3)?,
            recorded_by: r.get(4)?,
            recorded_at: r.get(5)?,
        })
    })?;
    let mut scores = query(conn, SCORES_SQL, id, |r| {
        Ok(Score {
            expert_id: r.get(0)?,
            item_id: r.get(1)?,
            points: Points::from_tenths(r.get(2)?),
            reason: r.get(3)?,
            evidence: r.get(4)?,
        })
    })?;
    sort_scores(&card, &mut scores);
    let facts =
        query(conn, "SELECT fact_id, value FROM facts WHERE review_id = ?1", id, |r| Ok((r.get(0)?, r.get(1)?)))?
            .into_iter()
            .collect();
    let bonuses = query(conn, "SELECT bonus_id, tenths FROM bonuses WHERE review_id = ?1", id, |r| {
        Ok((r.get(0)?, Points::from_tenths(r.get(1)?)))
    })?
    .into_iter()
    .collect();
    let weights = query(conn, "SELECT item_id, tenths FROM weights WHERE review_id = ?1", id, |r| {
        Ok((r.get(0)?, Points::from_tenths(r.get(1)?)))
    })?
    .into_iter()
    .collect();
    let mut vetoes =
        query(conn, "SELECT veto_id, answer, evidence FROM veto_findings WHERE review_id = ?1", id, |r| {
            Ok(VetoFinding {
                veto_id: r.get(0)?,
                answer: Answer::parse(&r.get::<_, String>(1)?).unwrap_or(Answer::No),
                evidence: r.get(2)?,
            })
        })?;
    let veto_order: BTreeMap<&str, usize> = card.vetoes.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
    vetoes.sort_by_key(|v| veto_order.get(v.veto_id.as_str()).copied().unwrap_or(usize::MAX));
    let opinion = conn
        .prepare_cached("SELECT summary, problems, suggestions, conclusion FROM opinions WHERE review_id = ?1")?
        .query_row([id], |r| {
            Ok(Opinion { summary: r.get(0)?, problems: r.get(1)?, suggestions: r.get(2)?, conclusion: r.get(3)? })
        })
        .optional()?
        .unwrap_or_default();
    let signins = query(
        conn,
        "SELECT id, name, unit, position, capacity FROM signins WHERE review_id = ?1 ORDER BY id",
        id,
        |r| Ok(SignIn { id: r.get(0)?, name: r.get(1)?, unit: r.get(2)?, position: r.get(3)?, capacity: r.get(4)? }),
    )?;
    let mut requirements = Vec::new();
    let mut distinctions = Vec::new();
    for (kind, f) in query(conn, "SELECT kind, entry_id, met, evidence FROM findings WHERE review_id = ?1", id, |r| {
        let met: String = r.get(2)?;
        Ok((r.get::<_, String>(0)?, Finding { id: r.get(1)?, met: met == "yes", evidence: r.get(3)? }))
    })? {
        if kind == "requirement" { requirements.push(f) } else { distinctions.push(f) }
    }
    let requirement_order: BTreeMap<&str, usize> =
        card.requirements.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    requirements.sort_by_key(|f| requirement_order.get(f.id.as_str()).copied().unwrap_or(usize::MAX));
    let distinction_order: BTreeMap<&str, usize> =
        card.distinctions.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    distinctions.sort_by_key(|f| distinction_order.get(f.id.as_str()).copied().unwrap_or(usize::MAX));
    let review_type = conn
        .prepare_cached("SELECT type_id FROM review_types WHERE review_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let decision = conn
        .prepare_cached("SELECT passed, reason FROM decisions WHERE review_id = ?1")?
        .query_row([id], |r| Ok(Decision { passed: r.get::<_, String>(0)? == "yes", reason: r.get(1)? }))
        .optional()?;
    let data = ReviewData {
        id,
        enterprise: Enterprise { name, credit_code: code, address, industry, track, agency },
        scorecard_id,
        scorecard_hash: hash,
        date,
        place,
        status: Status::parse(&status).unwrap_or(Status::Draft),
        experts,
        recusals,
        scores,
        facts,
        bonuses,
        weights,
        vetoes,
        opinion,
        signins,
        review_type,
        requirements,
        distinctions,
        decision,
    };
    Ok(LoadedReview { data, card, rules })
}

/// Parsed frozen sheets and rules, shared by every load in this process: hundreds of reviews carry the same frozen
/// text, and parsing a sheet costs far more than reading it.
static FROZEN_SHEETS: std::sync::LazyLock<Frozen<Scorecard>> = std::sync::LazyLock::new(Frozen::new);

static FROZEN_RULES: std::sync::LazyLock<Frozen<Vec<ProvinceRules>>> = std::sync::LazyLock::new(Frozen::new);

/// Why a review's frozen sheet or rules do not load (the database is damaged).
#[derive(Debug, thiserror::Error)]
enum FrozenError {
    #[error("its hash does not match")]
    HashMismatch,
    /// The text does not read: the reader's words.
    #[error("{0}")]
    Unreadable(String),
}

/// A review's frozen sheet: its text must hash to the stored hash and parse.
fn frozen_sheet(text: &str, hash: &str, name: &str) -> std::result::Result<Scorecard, FrozenError> {
    let mut card = FROZEN_SHEETS.get_or(hash, text, || {
        if crate::hex::sha256_hex(text.as_bytes()) != hash {
            return Err(FrozenError::HashMismatch);
        }
        parse_scorecard(name, text).map_err(|e| FrozenError::Unreadable(e.to_string()))
    })?;
    card.origin = name.to_string();
    Ok(card)
}

/// A review's frozen province and national rules (a JSON list of {name, text}).
fn frozen_rules(rules_json: &str) -> std::result::Result<Vec<ProvinceRules>, FrozenError> {
    FROZEN_RULES.get_or(rules_json, rules_json, || {
        let unreadable = |e: &dyn std::fmt::Display| FrozenError::Unreadable(e.to_string());
        let files: Vec<serde_json::Value> = serde_json::from_str(rules_json).map_err(|e| unreadable(&e))?;
        let mut rules = Vec::new();
        for f in files {
            let name = f["name"].as_str().unwrap_or("rules");
            let text = f["text"].as_str().unwrap_or("");
            rules.push(parse_province(name, text).map_err(|e| unreadable(&e))?);
        }
        Ok(rules)
    })
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn exists(conn: &Connection, id: i64) -> Result<()> {
    let found: Option<i64> = conn.query_row("SELECT id FROM reviews WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| StoreError::NotFound(crate::store::Missing::Review(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
        let params: Vec<i64> = vec![1; stmt.parameter_count()];
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).expect("plan");
        rows.collect::<rusqlite::Result<Vec<_>>>().expect("plan").join("; ")
    }

    /// Opening the app reads the list and a row's review for every visible line: none of those reads may scan a
    /// table whose size grows with the number of reviews.
    #[test]
    fn the_list_and_a_review_are_read_through_indexes() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open_in(dir.path()).expect("open");
        let list = plan(&store.conn, LIST_SQL);
        assert!(list.contains("COVERING INDEX reviews_list"), "{list}");
        assert!(!list.contains("TEMP B-TREE"), "{list}");
        for sql in [SCORES_SQL, RECUSALS_SQL] {
            let p = plan(&store.conn, sql);
            assert!(p.starts_with("SEARCH"), "{sql}: {p}");
            assert!(!p.contains("SCAN"), "{sql}: {p}");
        }
    }
}
