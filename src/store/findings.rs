//! What the rules ask the panel besides scores: whether each requirement is met and each distinction holds, with its
//! reasons, and the panel's own result where the source leaves it open. Each is checked against the frozen sheet or
//! rules before it is written, and logged.

use rusqlite::params;

use super::Store;
use super::audit::Change;
use super::error::{Result, refused};
use super::input::clean;
use super::load::load;
use super::reviews::editable;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::text::MAX_TEXT;

impl Store {
    /// Records whether a requirement is met; unmet needs its reason (`reason`: why unmet, or what shows it is met).
    pub fn answer_requirement(&mut self, id: i64, requirement: &str, met: bool, reason: &str) -> Result<()> {
        let reason = clean(reason, Field::FindingReason, MAX_TEXT, false)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let Some(q) = r.card.requirements.iter().find(|q| q.id == requirement) else {
                return refused(Refusal::NotARequirement { requirement: requirement.into(), sheet: r.card.id.clone() });
            };
            if !q.applies_to(r.data.review_type.as_deref()) {
                let review_type = r.data.review_type.clone().unwrap_or_default();
                return refused(Refusal::RequirementNotApplicable { requirement: requirement.into(), review_type });
            }
            if !met && reason.is_empty() {
                return refused(Refusal::RequirementReasonMissing { requirement: requirement.into() });
            }
            let old =
                r.data.requirements.iter().find(|f| f.id == requirement).map(|f| finding_text(f.met, &f.evidence));
            write_finding(tx, id, "requirement", requirement, met, &reason)?;
            let new = finding_text(met, &reason);
            if old.as_deref() != Some(new.as_str()) {
                log.push(Change::new("requirement", requirement.to_string(), old, Some(new)));
            }
            Ok(())
        })
    }

    /// Records whether a distinction's conditions hold; holding needs its evidence.
    pub fn answer_distinction(&mut self, id: i64, distinction: &str, holds: bool, evidence: &str) -> Result<()> {
        let evidence = clean(evidence, Field::Evidence, MAX_TEXT, false)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            if !r.card.distinctions.iter().any(|d| d.id == distinction) {
                return refused(Refusal::NotADistinction { distinction: distinction.into(), sheet: r.card.id.clone() });
            }
            if holds && evidence.is_empty() {
                return refused(Refusal::DistinctionEvidenceMissing { distinction: distinction.into() });
            }
            let old =
                r.data.distinctions.iter().find(|f| f.id == distinction).map(|f| finding_text(f.met, &f.evidence));
            write_finding(tx, id, "distinction", distinction, holds, &evidence)?;
            let new = finding_text(holds, &evidence);
            if old.as_deref() != Some(new.as_str()) {
                log.push(Change::new("distinction", distinction.to_string(), old, Some(new)));
            }
            Ok(())
        })
    }

    /// Records the panel's own result and its reason (`None`: forgets it). Whether it may stand — the rules may decide
    /// the result themselves — is checked when the review is finalized, where a contradiction is named.
    pub fn set_decision(&mut self, id: i64, passed: Option<bool>, reason: &str) -> Result<()> {
        let reason = clean(reason, Field::DecisionReason, MAX_TEXT, false)?;
        if passed.is_some() && reason.is_empty() {
            return refused(Refusal::DecisionReasonMissing);
        }
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let old = r.data.decision.as_ref().map(|d| decision_text(d.passed, &d.reason));
            match passed {
                Some(p) => {
                    tx.execute(
                        "INSERT INTO decisions (review_id, passed, reason) VALUES (?1, ?2, ?3)
                         ON CONFLICT(review_id) DO UPDATE SET passed = excluded.passed, reason = excluded.reason",
                        params![id, yes_no(p), reason],
                    )?;
                }
                None => {
                    tx.execute("DELETE FROM decisions WHERE review_id = ?1", [id])?;
                }
            }
            let new = passed.map(|p| decision_text(p, &reason));
            if old != new {
                log.push(Change::new("decision", "decision".to_string(), old, new));
            }
            Ok(())
        })
    }
}

fn write_finding(
    tx: &rusqlite::Transaction,
    id: i64,
    kind: &str,
    entry: &str,
    met: bool,
    evidence: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO findings (review_id, kind, entry_id, met, evidence) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(review_id, kind, entry_id) DO UPDATE SET met = excluded.met, evidence = excluded.evidence",
        params![id, kind, entry, yes_no(met), evidence],
    )?;
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn finding_text(met: bool, evidence: &str) -> String {
    let word = if met { "是" } else { "否" };
    if evidence.is_empty() { word.to_string() } else { format!("{word}（{evidence}）") }
}

fn decision_text(passed: bool, reason: &str) -> String {
    format!("{}（{reason}）", if passed { "通过" } else { "不通过" })
}
