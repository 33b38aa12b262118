//! Each expert on their own laptop (issue 17), as the store keeps it: the review kit of a review (exported by its lead,
//! or imported on an expert's laptop) and the experts' signed personal score sheets (个人评分表), every revision. A
//! sheet's scores reach the review through [`Store::merge_sheet`], the same checks and the same audited write as a
//! score typed in; the signatures themselves are checked by the bundle layer before.

use rusqlite::{OptionalExtension, params};

use super::audit::Change;
use super::error::{Result, refused};
use super::load::load;
use super::panel::expert_of;
use super::panel::{clean_expert, clean_recusal, insert_expert, insert_recusal};
use super::reviews::editable;
use super::scores::{check_score_settled, score_text};
use super::{NewExpert, NewReview, Store};
use crate::domain::points::Points;
use crate::domain::refusal::Refusal;
use crate::domain::scorecard::{ProvinceRules, Scorecard};

/// A review's kit as stored: `lead` where it was exported, `expert` where it was imported (with the expert it was
/// imported for, when named).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KitRecord {
    pub role: String,
    pub kit_sha256: String,
    pub kit: Vec<u8>,
    pub minisig: String,
    pub expert: Option<String>,
}

/// One member of a kit's panel, as [`Store::import_kit_review`] adds them: the expert, and their recusal (reason,
/// statement) when recused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KitMember {
    pub expert: NewExpert,
    pub recusal: Option<(String, String)>,
}

/// One revision of an expert's personal sheet: `signed` on the expert's laptop, `imported` on the lead's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRecord {
    pub expert: String,
    pub revision: u32,
    pub direction: String,
    pub sha256: String,
    pub sheet: Vec<u8>,
    pub minisig: String,
}

/// One score of a personal sheet, as it is merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedScore {
    pub item: String,
    pub points: Points,
    pub reason: String,
    pub evidence: String,
}

impl Store {
    /// The review whose stable id is `uid`, if there is one here.
    pub fn review_by_uid(&self, uid: &str) -> Result<Option<i64>> {
        Ok(self.conn.query_row("SELECT id FROM reviews WHERE uid = ?1", [uid], |r| r.get(0)).optional()?)
    }

    /// The review's stable id.
    pub fn review_uid(&self, id: i64) -> Result<String> {
        load(&self.conn, id)?;
        Ok(self.conn.query_row("SELECT uid FROM reviews WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// The review's kit, if one was exported or imported here.
    pub fn kit(&self, id: i64) -> Result<Option<KitRecord>> {
        Ok(self
            .conn
            .query_row("SELECT role, kit_sha256, kit, minisig, expert FROM kits WHERE review_id = ?1", [id], |r| {
                Ok(KitRecord {
                    role: r.get(0)?,
                    kit_sha256: r.get(1)?,
                    kit: r.get(2)?,
                    minisig: r.get(3)?,
                    expert: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// Every personal sheet of the review, every revision, by expert and revision.
    pub fn personal_sheets(&self, id: i64) -> Result<Vec<SheetRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT expert, revision, direction, sha256, sheet, minisig FROM personal_sheets WHERE review_id = ?1
             ORDER BY expert, revision",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SheetRecord {
                expert: r.get(0)?,
                revision: r.get(1)?,
                direction: r.get(2)?,
                sha256: r.get(3)?,
                sheet: r.get(4)?,
                minisig: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the kit the lead exported (a kit exported again after a change replaces it: sheets made from the
    /// earlier one are then refused by its hash).
    pub fn record_kit(&mut self, id: i64, kit: &KitRecord) -> Result<()> {
        self.write(Some(id), |tx, log| {
            load(tx, id)?;
            let old: Option<String> =
                tx.query_row("SELECT kit_sha256 FROM kits WHERE review_id = ?1", [id], |r| r.get(0)).optional()?;
            if old.as_deref() == Some(kit.kit_sha256.as_str()) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO kits (review_id, role, kit_sha256, kit, minisig, expert) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(review_id) DO UPDATE SET role = excluded.role, kit_sha256 = excluded.kit_sha256,
                     kit = excluded.kit, minisig = excluded.minisig, expert = excluded.expert",
                params![id, kit.role, kit.kit_sha256, kit.kit, kit.minisig, kit.expert],
            )?;
            log.push(Change::new("kit", format!("review {id}"), old, Some(kit.kit_sha256.clone())));
            Ok(())
        })
    }

    /// Creates the review a kit describes on an expert's laptop, in ONE transaction and one audit entry: the review
    /// (with the lead's stable id), its panel with the recusals, and the kit recorded as imported. If any part is
    /// refused (by the same checks as typed in), nothing is written: never a half-made review.
    pub fn import_kit_review(
        &mut self,
        new: &NewReview,
        card: &Scorecard,
        rules: &[&ProvinceRules],
        panel: &[KitMember],
        uid: &str,
        kit: &KitRecord,
    ) -> Result<i64> {
        let actor = self.actor.clone();
        self.create_review_with(new, card, rules, |tx, id, log| {
            for m in panel {
                let eid = insert_expert(tx, log, id, &clean_expert(&m.expert)?)?;
                if let Some((reason, statement)) = &m.recusal {
                    let (reason, statement) = clean_recusal(reason, statement)?;
                    insert_recusal(tx, log, &actor, id, eid, &reason, &statement)?;
                }
            }
            tx.execute("UPDATE reviews SET uid = ?1 WHERE id = ?2", params![uid, id])?;
            tx.execute(
                "INSERT INTO kits (review_id, role, kit_sha256, kit, minisig, expert) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, kit.role, kit.kit_sha256, kit.kit, kit.minisig, kit.expert],
            )?;
            log.push(Change::new(
                "kit.import",
                format!("review {id}"),
                None,
                Some(format!("{uid} {}", kit.kit_sha256)),
            ));
            Ok(())
        })
    }

    /// Records a personal sheet the expert signed on this laptop (nothing else changes: the scores are already in).
    pub fn record_signed_sheet(&mut self, id: i64, s: &SheetRecord) -> Result<()> {
        self.write(Some(id), |tx, log| {
            load(tx, id)?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO personal_sheets (review_id, expert, revision, direction, sha256, sheet, minisig)
                 VALUES (?1, ?2, ?3, 'signed', ?4, ?5, ?6)",
                params![id, s.expert, s.revision, s.sha256, s.sheet, s.minisig],
            )?;
            if n > 0 {
                log.push(Change::new(
                    "sheet.sign",
                    format!("{} rev {}", s.expert, s.revision),
                    None,
                    Some(s.sha256.clone()),
                ));
            }
            Ok(())
        })
    }

    /// Puts an expert's scores from their signed personal sheet into the review, in one audited change: each score
    /// checked as a typed score is (the item, its maximum and levels, the reason of a deduction, what the facts
    /// settle), the expert's scores that the sheet does not hold removed, and the sheet recorded. Nothing is changed
    /// when any score is refused.
    pub fn merge_sheet(&mut self, id: i64, expert_id: i64, scores: &[MergedScore], s: &SheetRecord) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?;
            if r.data.is_recused(expert_id) {
                return refused(Refusal::RecusedCannotScore { name: e.name.clone() });
            }
            let settled = r.data.settled_items(&r.card);
            for m in scores {
                check_score_settled(&r, &settled, &m.item, m.points, &m.reason)?;
            }
            for old in r.data.scores.iter().filter(|x| x.expert_id == expert_id) {
                if !scores.iter().any(|m| m.item == old.item_id) {
                    tx.execute(
                        "DELETE FROM scores WHERE expert_id = ?1 AND item_id = ?2",
                        params![expert_id, old.item_id],
                    )?;
                    log.push(Change::new(
                        "score.clear",
                        format!("{} {}", e.name, old.item_id),
                        Some(score_text(old.points, &old.reason)),
                        None,
                    ));
                }
            }
            for m in scores {
                let before = r.data.score(expert_id, &m.item);
                let old = before.map(|x| score_text(x.points, &x.reason));
                let new = score_text(m.points, &m.reason);
                if old.as_deref() == Some(new.as_str()) && before.is_some_and(|x| x.evidence == m.evidence) {
                    continue;
                }
                tx.execute(
                    "INSERT INTO scores (review_id, expert_id, item_id, tenths, reason, evidence, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(expert_id, item_id) DO UPDATE SET tenths = excluded.tenths, reason = excluded.reason,
                         evidence = excluded.evidence, updated_at = excluded.updated_at",
                    params![id, expert_id, m.item, m.points.tenths(), m.reason, m.evidence, super::audit::now()],
                )?;
                log.push(Change::new("score", format!("{} {}", e.name, m.item), old, Some(new)));
            }
            tx.execute(
                "INSERT INTO personal_sheets (review_id, expert, revision, direction, sha256, sheet, minisig)
                 VALUES (?1, ?2, ?3, 'imported', ?4, ?5, ?6)",
                params![id, s.expert, s.revision, s.sha256, s.sheet, s.minisig],
            )?;
            log.push(Change::new(
                "sheet.import",
                format!("{} rev {}", s.expert, s.revision),
                None,
                Some(s.sha256.clone()),
            ));
            if r.data.status == crate::domain::review::Status::Draft {
                tx.execute("UPDATE reviews SET status = 'scoring' WHERE id = ?1", [id])?;
                log.push(Change::new("status", "status", Some("draft".into()), Some("scoring".into())));
            }
            Ok(())
        })
    }
}
