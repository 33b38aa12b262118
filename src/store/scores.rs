//! What the panel enters to be scored: each expert's scores, the sheet's facts, bonuses and item weights, and the
//! answers to its veto conditions.

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::audit::{Change, now};
use super::error::{Result, refused};
use super::input::clean;
use super::load::{LoadedReview, load};
use super::panel::expert_of;
use super::reviews::editable;
use crate::domain::points::{Decimal, Points};
use crate::domain::refusal::{Field, Refusal};
use crate::domain::review::{
    Answer, Score, Status, check_bonus, check_level, check_reason, check_score_max, check_weight,
};
use crate::domain::scorecard::FactKind;
use crate::domain::text::MAX_TEXT;

impl Store {
    /// Enters or changes one expert's score on one item, with the reason for any deduction.
    pub fn set_score(
        &mut self,
        id: i64,
        expert_id: i64,
        item_id: &str,
        points: Points,
        reason: &str,
        evidence: &str,
    ) -> Result<()> {
        self.set_score_loaded(id, expert_id, item_id, points, reason, evidence).map(|_| ())
    }

    /// [`Store::set_score`], giving the review as it is after the change: exactly what [`Store::load`] would read
    /// now, without reading it again. The review is read inside the change's transaction (under its write lock, so
    /// nobody else's change can come between), checked, and the score as stored put into it.
    pub fn set_score_loaded(
        &mut self,
        id: i64,
        expert_id: i64,
        item_id: &str,
        points: Points,
        reason: &str,
        evidence: &str,
    ) -> Result<LoadedReview> {
        let reason = clean(reason, Field::DeductionReason, MAX_TEXT, false)?;
        let evidence = clean(evidence, Field::Evidence, MAX_TEXT, false)?;
        self.write(Some(id), |tx, log| {
            let mut r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?;
            if r.data.is_recused(expert_id) {
                return refused(Refusal::RecusedCannotScore { name: e.name.clone() });
            }
            own_scores(tx, id, &e.name)?;
            check_score(&r, item_id, points, &reason)?;
            let before = r.data.score(expert_id, item_id);
            let old = before.map(|s| score_text(s.points, &s.reason));
            let old_evidence = before.map(|s| s.evidence.clone());
            tx.prepare_cached(
                "INSERT INTO scores (review_id, expert_id, item_id, tenths, reason, evidence, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(expert_id, item_id) DO UPDATE SET tenths = excluded.tenths, reason = excluded.reason,
                     evidence = excluded.evidence, updated_at = excluded.updated_at",
            )?
            .execute(params![id, expert_id, item_id, points.tenths(), reason, evidence, now()])?;
            let new = score_text(points, &reason);
            if old.as_deref() != Some(new.as_str()) {
                log.push(Change::new("score", format!("{} {item_id}", e.name), old, Some(new)));
            } else if old_evidence.as_deref() != Some(evidence.as_str()) {
                // Only the evidence changed: logged too, so that no row is written without an entry.
                log.push(Change::new(
                    "score.evidence",
                    format!("{} {item_id}", e.name),
                    old_evidence,
                    Some(evidence.clone()),
                ));
            }
            if r.data.status == Status::Draft {
                tx.execute("UPDATE reviews SET status = 'scoring' WHERE id = ?1", [id])?;
                log.push(Change::new("status", "status", Some("draft".into()), Some("scoring".into())));
                r.data.status = Status::Scoring;
            }
            let stored = Score { expert_id, item_id: item_id.to_string(), points, reason, evidence };
            r.data.put_score(&r.card, stored);
            Ok(r)
        })
    }

    pub fn clear_score(&mut self, id: i64, expert_id: i64, item_id: &str) -> Result<()> {
        self.clear_score_loaded(id, expert_id, item_id).map(|_| ())
    }

    /// [`Store::clear_score`], giving the review as it is after the change, as [`Store::set_score_loaded`] does.
    pub fn clear_score_loaded(&mut self, id: i64, expert_id: i64, item_id: &str) -> Result<LoadedReview> {
        self.write(Some(id), |tx, log| {
            let mut r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?;
            own_scores(tx, id, &e.name)?;
            let Some(s) = r.data.score(expert_id, item_id) else {
                return refused(Refusal::NoScore { name: e.name.clone(), item: item_id.to_string() });
            };
            tx.execute("DELETE FROM scores WHERE expert_id = ?1 AND item_id = ?2", params![expert_id, item_id])?;
            log.push(Change::new(
                "score.clear",
                format!("{} {item_id}", e.name),
                Some(score_text(s.points, &s.reason)),
                None,
            ));
            r.data.remove_score(expert_id, item_id);
            Ok(r)
        })
    }

    /// Sets a fact (`true`/`false`, or a number) or, with `None`, forgets it.
    pub fn set_fact(&mut self, id: i64, fact_id: &str, value: Option<&str>) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let Some(fact) = r.card.fact(fact_id) else {
                return refused(Refusal::NotAFact {
                    fact: fact_id.to_string(),
                    sheet: r.card.id.clone(),
                    known: r.card.facts.iter().map(|f| f.id.clone()).collect(),
                });
            };
            let new = match value.map(str::trim) {
                None => None,
                Some(v) => Some(match fact.kind {
                    FactKind::Bool => match v {
                        "true" | "yes" | "是" => "true".to_string(),
                        "false" | "no" | "否" => "false".to_string(),
                        _ => {
                            return refused(Refusal::FactYesNo {
                                fact: fact_id.to_string(),
                                text: fact.text.clone(),
                                value: v.to_string(),
                            });
                        }
                    },
                    FactKind::Number => match Decimal::parse(v) {
                        Ok(d) => d.to_string(),
                        Err(_) => {
                            return refused(Refusal::FactNotANumber {
                                fact: fact_id.to_string(),
                                text: fact.text.clone(),
                                value: v.to_string(),
                            });
                        }
                    },
                }),
            };
            let old = r.data.facts.get(fact_id).cloned();
            if old == new {
                return Ok(());
            }
            match &new {
                Some(v) => tx.execute(
                    "INSERT INTO facts (review_id, fact_id, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT(review_id, fact_id) DO UPDATE SET value = excluded.value",
                    params![id, fact_id, v],
                )?,
                None => tx.execute("DELETE FROM facts WHERE review_id = ?1 AND fact_id = ?2", params![id, fact_id])?,
            };
            log.push(Change::new("fact", fact_id.to_string(), old, new));
            Ok(())
        })
    }

    pub fn set_bonus(&mut self, id: i64, bonus_id: &str, value: Option<Points>) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let Some(b) = r.card.bonuses.iter().find(|b| b.id == bonus_id) else {
                return refused(Refusal::NotABonus { bonus: bonus_id.to_string(), sheet: r.card.id.clone() });
            };
            if let Some(v) = value {
                check_bonus(b, v)?;
            }
            let old = r.data.bonuses.get(bonus_id).map(|p| p.to_string());
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO bonuses (review_id, bonus_id, tenths) VALUES (?1, ?2, ?3)
                     ON CONFLICT(review_id, bonus_id) DO UPDATE SET tenths = excluded.tenths",
                    params![id, bonus_id, v.tenths()],
                )?,
                None => {
                    tx.execute("DELETE FROM bonuses WHERE review_id = ?1 AND bonus_id = ?2", params![id, bonus_id])?
                }
            };
            let new = value.map(|v| v.to_string());
            if old != new {
                log.push(Change::new("bonus", bonus_id.to_string(), old, new));
            }
            Ok(())
        })
    }

    /// Adjusts an item's points where the sheet allows it; the section totals are checked when the review is
    /// evaluated and finalized (several items change together).
    pub fn set_weight(&mut self, id: i64, item_id: &str, value: Option<Points>) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            if !r.card.weights.as_ref().is_some_and(|w| w.adjustable) {
                return refused(Refusal::WeightsFixed { sheet: r.card.id.clone() });
            }
            let Some(item) = r.card.item(item_id).filter(|i| i.scored) else {
                return refused(Refusal::NotADirectItem { item: item_id.to_string(), sheet: r.card.id.clone() });
            };
            if let Some(v) = value {
                check_weight(item_id, v)?;
            }
            let max = value.unwrap_or(item.points);
            let over: Vec<(String, Points)> = r
                .data
                .scores
                .iter()
                .filter(|s| s.item_id == item_id && s.points > max)
                .filter_map(|s| r.data.expert(s.expert_id).map(|e| (e.name.clone(), s.points)))
                .collect();
            if !over.is_empty() {
                return refused(Refusal::ScoresAboveWeight { item: item_id.to_string(), max, over });
            }
            let old = r.data.weights.get(item_id).map(|p| p.to_string());
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO weights (review_id, item_id, tenths) VALUES (?1, ?2, ?3)
                     ON CONFLICT(review_id, item_id) DO UPDATE SET tenths = excluded.tenths",
                    params![id, item_id, v.tenths()],
                )?,
                None => {
                    tx.execute("DELETE FROM weights WHERE review_id = ?1 AND item_id = ?2", params![id, item_id])?
                }
            };
            let new = value.map(|v| v.to_string());
            if old != new {
                log.push(Change::new("weight", item_id.to_string(), old, new));
            }
            Ok(())
        })
    }

    /// Answers a veto condition; a "yes" needs evidence.
    pub fn answer_veto(&mut self, id: i64, veto_id: &str, answer: Answer, evidence: &str) -> Result<()> {
        let evidence = clean(evidence, Field::Evidence, MAX_TEXT, false)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let Some(v) = r.card.vetoes.iter().find(|v| v.id == veto_id) else {
                return refused(Refusal::NotAVeto { veto: veto_id.to_string(), sheet: r.card.id.clone() });
            };
            if v.computed.is_some() {
                return refused(Refusal::VetoComputed { veto: veto_id.to_string() });
            }
            if answer == Answer::Yes && evidence.is_empty() {
                return refused(Refusal::VetoEvidenceMissing { veto: veto_id.to_string() });
            }
            let old = r.data.vetoes.iter().find(|f| f.veto_id == veto_id).map(|f| veto_text(f.answer, &f.evidence));
            tx.execute(
                "INSERT INTO veto_findings (review_id, veto_id, answer, evidence) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(review_id, veto_id) DO UPDATE SET answer = excluded.answer, evidence = excluded.evidence",
                params![id, veto_id, answer.as_str(), evidence],
            )?;
            let new = veto_text(answer, &evidence);
            if old.as_deref() != Some(new.as_str()) {
                log.push(Change::new("veto", veto_id.to_string(), old, Some(new)));
            }
            Ok(())
        })
    }
}

pub(super) fn score_text(p: Points, reason: &str) -> String {
    if reason.is_empty() { p.to_string() } else { format!("{p}（{reason}）") }
}

fn veto_text(a: Answer, evidence: &str) -> String {
    match a {
        Answer::Yes => format!("是（{evidence}）"),
        Answer::No if evidence.is_empty() => "否".to_string(),
        Answer::No => format!("否（{evidence}）"),
    }
}

/// Checks one score against the sheet as it stands in the review: an item that is scored, within its maximum (as
/// weighted), one of its printed levels, not settled by the facts, with the reason a deduction needs.
pub(super) fn check_score(r: &LoadedReview, item_id: &str, points: Points, reason: &str) -> Result<()> {
    check_score_settled(r, &r.data.settled_items(&r.card), item_id, points, reason)
}

/// [`check_score`] with what the facts settle computed once for many scores (a personal sheet's).
pub(super) fn check_score_settled(
    r: &LoadedReview,
    settled: &std::collections::BTreeMap<String, Points>,
    item_id: &str,
    points: Points,
    reason: &str,
) -> Result<()> {
    let Some(item) = r.card.item(item_id) else {
        return refused(Refusal::NotAnItem { item: item_id.to_string(), sheet: r.card.id.clone() });
    };
    if !item.scored {
        return refused(Refusal::HasSubItems { item: item_id.to_string() });
    }
    let max = r.data.item_max(&r.card, item_id).unwrap_or(item.points);
    check_score_max(item_id, points, max)?;
    check_level(item, points)?;
    if let Some(settled) = settled.get(item_id) {
        return refused(Refusal::SettledByFacts { item: item_id.to_string(), settled: settled.to_string() });
    }
    check_reason(item_id, points, max, reason)?;
    Ok(())
}

/// Refuses a score typed for an expert whose scores came from their signed personal sheet (they change only by a
/// newer signed revision), and, on an expert's laptop, for anyone but the expert the kit was imported for.
fn own_scores(tx: &rusqlite::Connection, id: i64, name: &str) -> Result<()> {
    if from_sheet(tx, id, name)? {
        return refused(Refusal::ScoresFromSheet { name: name.to_string() });
    }
    if let Some(own) = kit_expert(tx, id)?
        && own != name
    {
        return refused(Refusal::KitOtherExpert { name: name.to_string(), own });
    }
    Ok(())
}

/// Whether an expert's scores on this review came from an imported personal sheet (they then change only by a newer
/// signed revision); read inside a change's transaction.
fn from_sheet(tx: &rusqlite::Connection, id: i64, expert: &str) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM personal_sheets WHERE review_id = ?1 AND expert = ?2 AND direction = 'imported')",
        params![id, expert],
        |r| r.get(0),
    )
}

/// The expert a review imported from a kit was imported for, if it names one; read inside a change's transaction.
fn kit_expert(tx: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<String>> {
    Ok(tx
        .query_row("SELECT expert FROM kits WHERE review_id = ?1 AND role = 'expert'", [id], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}
