//! A review's life: created on a sheet (which it freezes with its rules), its enterprise's fields edited, finalized
//! and locked, and reopened with a reason.

use rusqlite::{Transaction, TransactionBehavior, params};

use super::Store;
use super::audit::{self, Change, now};
use super::backup::damage_error;
use super::damage::Damage;
use super::error::{Result, StoreError, refused};
use super::input::{check_date, clean, one_line};
use super::load::{LoadedReview, load};
use super::state;
use crate::domain::credit_code;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::review::{Status, finalize_blockers};
use crate::domain::scorecard::{ProvinceRules, Scorecard, Track};
use crate::domain::text::{MAX_NAME, MAX_TEXT};

impl Store {
    /// Creates a review on a sheet, freezing the sheet's text and the rules that govern it.
    pub fn create_review(&mut self, new: &NewReview, card: &Scorecard, rules: &[&ProvinceRules]) -> Result<i64> {
        self.create_review_with(new, card, rules, |_, _, _| Ok(()))
    }

    /// [`Store::create_review`], then `more` in the same transaction (the new review's id, the change's log): what
    /// `more` writes is logged with the creation in one entry, and if it refuses, nothing at all is written, not
    /// even the review (a kit's import: the review, its panel and its kit, all or nothing).
    pub(super) fn create_review_with(
        &mut self,
        new: &NewReview,
        card: &Scorecard,
        rules: &[&ProvinceRules],
        more: impl FnOnce(&Transaction, i64, &mut Vec<Change>) -> Result<()>,
    ) -> Result<i64> {
        self.writable()?;
        // Like every change, a new review waits for the opening check and is refused on a damaged database.
        self.settle_check()?;
        let name = one_line(&new.enterprise_name, Field::EnterpriseName, MAX_NAME, true)?;
        let code = credit_code::validate(&new.credit_code).map_err(Refusal::CreditCode)?;
        let address = one_line(&new.address, Field::Address, MAX_NAME, false)?;
        let industry = one_line(&new.industry, Field::Industry, MAX_NAME, false)?;
        let agency = one_line(&new.agency, Field::Agency, MAX_NAME, false)?;
        let place = one_line(&new.place, Field::Place, MAX_NAME, false)?;
        let date = check_date(&new.date)?;
        let track = match (new.track, card.track) {
            (Some(t), Track::Any) => t,
            (Some(t), sheet) if t == sheet => t,
            (Some(t), sheet) => {
                return refused(Refusal::TrackMismatch { sheet: card.id.clone(), sheet_track: sheet, track: t });
            }
            (None, sheet) => sheet,
        };
        let choices = || card.review_types.iter().map(|t| format!("{}（{}）", t.id, t.label)).collect::<Vec<_>>();
        let review_type = match (&new.review_type, card.review_types.is_empty()) {
            (None, true) => None,
            (None, false) => {
                return refused(Refusal::ReviewTypeRequired { sheet: card.id.clone(), choices: choices() });
            }
            (Some(_), true) => return refused(Refusal::NoReviewTypes { sheet: card.id.clone() }),
            (Some(t), false) if card.review_type(t.trim()).is_some() => Some(t.trim().to_string()),
            (Some(t), false) => {
                return refused(Refusal::NotAReviewType {
                    review_type: t.clone(),
                    sheet: card.id.clone(),
                    choices: choices(),
                });
            }
        };
        let rules_json = serde_json::Value::Array(
            rules.iter().map(|r| serde_json::json!({"name": r.origin, "text": r.text})).collect(),
        )
        .to_string();
        let at = now();
        let hash = crate::hex::sha256_hex(card.text.as_bytes());
        let actor = self.actor.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let damage = audit::tail_damage(&tx)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        tx.execute(
            "INSERT INTO reviews (enterprise_name, credit_code, address, industry, track, agency, scorecard_id,
                 scorecard_text, scorecard_hash, rules_json, review_date, place, status, created_at, updated_at, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'draft', ?13, ?13, lower(hex(randomblob(16))))",
            params![
                name,
                code,
                address,
                industry,
                track.as_str(),
                agency,
                card.id,
                card.text,
                hash,
                rules_json,
                date,
                place,
                at
            ],
        )?;
        let id = tx.last_insert_rowid();
        // A review deleted outside yanshou leaves its entries behind; a new review must not take them over.
        let (_, damage) = state::check_review(&tx, id)?;
        let damage: Vec<Damage> = damage.into_iter().filter(|d| !matches!(d, Damage::RowAdded { .. })).collect();
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        tx.execute("INSERT INTO opinions (review_id) VALUES (?1)", [id])?;
        if let Some(t) = &review_type {
            tx.execute("INSERT INTO review_types (review_id, type_id) VALUES (?1, ?2)", params![id, t])?;
        }
        let mut changes = vec![Change::new(
            "review.create",
            format!("review {id}"),
            None,
            Some(match &review_type {
                None => format!("{name} ({code}); {} sha256 {hash}; {date} {place}", card.id),
                Some(t) => format!("{name} ({code}); {} sha256 {hash}; {date} {place}; type {t}", card.id),
            }),
        )];
        more(&tx, id, &mut changes)?;
        let rows = state::diff_json(&state::Digests::new(), &state::row_digests(&tx, id)?);
        audit::append(&tx, Some(id), &actor, &at, &changes, rows)?;
        super::cases::on_review_created(&tx, id, card, self.pending_case.take(), &actor, &at, &self.path)?;
        tx.commit().map_err(|e| self.failed_commit(e))?;
        Ok(id)
    }

    /// Changes the enterprise's fields (name, credit code, address, industry, agency), the date or the place.
    pub fn update_review(&mut self, id: i64, field: &str, value: &str) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let (column, new) = match field {
                "enterprise" => ("enterprise_name", one_line(value, Field::EnterpriseName, MAX_NAME, true)?),
                "credit-code" => ("credit_code", credit_code::validate(value).map_err(Refusal::CreditCode)?),
                "address" => ("address", one_line(value, Field::Address, MAX_NAME, false)?),
                "industry" => ("industry", one_line(value, Field::Industry, MAX_NAME, false)?),
                "agency" => ("agency", one_line(value, Field::Agency, MAX_NAME, false)?),
                "date" => ("review_date", check_date(value)?),
                "place" => ("place", one_line(value, Field::Place, MAX_NAME, false)?),
                other => {
                    return refused(Refusal::NotAReviewField { name: other.to_string() });
                }
            };
            let old: String =
                tx.query_row(&format!("SELECT {column} FROM reviews WHERE id = ?1"), [id], |r| r.get(0))?;
            if old != new {
                tx.execute(&format!("UPDATE reviews SET {column} = ?1 WHERE id = ?2"), params![new, id])?;
                log.push(Change::new("review.edit", field.to_string(), Some(old), Some(new)));
            }
            Ok(())
        })
    }

    /// Finalizes and locks the review, or names everything that stops it.
    pub fn finalize(&mut self, id: i64) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            if r.data.status == Status::Finalized {
                return refused(Refusal::AlreadyFinalized { review: id });
            }
            let blockers = finalize_blockers(&r.data, &r.card, &r.rules);
            if !blockers.is_empty() {
                return Err(StoreError::NotReady(blockers));
            }
            tx.execute("UPDATE reviews SET status = 'finalized' WHERE id = ?1", [id])?;
            // Its result, for the case list: stored with the finalization, logged with it.
            super::results::store(tx, &r, &audit::now())?;
            log.push(Change::new("status", "status", Some(r.data.status.as_str().into()), Some("finalized".into())));
            Ok(())
        })
    }

    /// Reopens a finalized review: an explicit act with its reason, logged.
    pub fn reopen(&mut self, id: i64, reason: &str) -> Result<()> {
        let reason = clean(reason, Field::ReopenReason, MAX_TEXT, true)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            if r.data.status != Status::Finalized {
                return refused(Refusal::NothingToReopen { review: id });
            }
            tx.execute("UPDATE reviews SET status = 'scoring' WHERE id = ?1", [id])?;
            super::results::clear(tx, id)?;
            log.push(Change::new("reopen", "status", Some("finalized".into()), Some(format!("scoring; {reason}"))));
            Ok(())
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewReview {
    pub enterprise_name: String,
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    pub track: Option<Track>,
    pub agency: String,
    pub date: String,
    pub place: String,
    /// The type of review, where the sheet or rules define types (云南 А/В/С): required then, refused otherwise.
    pub review_type: Option<String>,
}

/// Refuses a change to a finalized review: it is locked until reopened.
pub(super) fn editable(r: &LoadedReview) -> Result<()> {
    if r.data.status == Status::Finalized {
        return refused(Refusal::Locked { review: r.data.id });
    }
    Ok(())
}
