//! The panel: experts added, edited and removed, the lead (组长), and recusals (回避).

use rusqlite::{Connection, params};

use super::Store;
use super::audit::{Change, now};
use super::error::{Result, StoreError, refused};
use super::input::{clean, one_line};
use super::load::{LoadedReview, load};
use super::reviews::editable;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::review::{Expert, Role, check_field};
use crate::domain::text::{MAX_NAME, MAX_TEXT};

impl Store {
    pub fn add_expert(&mut self, id: i64, new: &NewExpert) -> Result<i64> {
        let new = clean_expert(new)?;
        self.write(Some(id), |tx, log| insert_expert(tx, log, id, &new))
    }

    pub fn update_expert(&mut self, id: i64, expert_id: i64, patch: &ExpertPatch) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?.clone();
            let mut next = e.clone();
            if let Some(n) = &patch.name {
                next.name = one_line(n, Field::ExpertName, MAX_NAME, true)?;
                if r.data.experts.iter().any(|x| x.id != expert_id && x.name == next.name) {
                    return refused(Refusal::ExpertOnPanel { name: next.name });
                }
            }
            if let Some(u) = &patch.unit {
                next.unit = one_line(u, Field::Unit, MAX_NAME, false)?;
            }
            if let Some(t) = &patch.title {
                next.title = one_line(t, Field::Title, MAX_NAME, false)?;
            }
            if let Some(f) = &patch.field {
                check_field(f.trim())?;
                next.field = f.trim().to_string();
            }
            if next != e {
                tx.execute(
                    "UPDATE experts SET name = ?1, unit = ?2, title = ?3, field = ?4 WHERE id = ?5",
                    params![next.name, next.unit, next.title, next.field, expert_id],
                )?;
                log.push(Change::new(
                    "panel.edit",
                    format!("expert {expert_id}"),
                    Some(format!("{}, {}, {}, {}", e.name, e.unit, e.title, e.field)),
                    Some(format!("{}, {}, {}, {}", next.name, next.unit, next.title, next.field)),
                ));
            }
            Ok(())
        })
    }

    /// Removes an expert added by mistake. An expert who has scored or recused stays on record: recuse instead.
    pub fn remove_expert(&mut self, id: i64, expert_id: i64) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?;
            if r.data.scores.iter().any(|s| s.expert_id == expert_id) || r.data.is_recused(expert_id) {
                return refused(Refusal::ExpertOnRecord { name: e.name.clone() });
            }
            tx.execute("DELETE FROM experts WHERE id = ?1", [expert_id])?;
            log.push(Change::new("panel.remove", format!("expert {expert_id}"), Some(e.name.clone()), None));
            Ok(())
        })
    }

    /// Makes an expert the lead (组长); the previous lead becomes a member.
    pub fn set_lead(&mut self, id: i64, expert_id: i64) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let e = expert_of(&r, expert_id)?;
            if r.data.is_recused(expert_id) {
                return refused(Refusal::RecusedCannotLead { name: e.name.clone() });
            }
            let old = r.data.experts.iter().find(|x| x.role == Role::Lead).map(|x| x.name.clone());
            if e.role == Role::Lead {
                return Ok(());
            }
            tx.execute("UPDATE experts SET role = 'member' WHERE review_id = ?1", [id])?;
            tx.execute("UPDATE experts SET role = 'lead' WHERE id = ?1", [expert_id])?;
            log.push(Change::new("panel.lead", "lead", old, Some(e.name.clone())));
            Ok(())
        })
    }

    /// Records a recusal (回避). `reason` is a reason id of the province's rules, or a free reason.
    pub fn recuse(&mut self, id: i64, expert_id: i64, reason: &str, statement: &str) -> Result<()> {
        let (reason, statement) = clean_recusal(reason, statement)?;
        let actor = self.actor.clone();
        self.write(Some(id), |tx, log| insert_recusal(tx, log, &actor, id, expert_id, &reason, &statement))
    }
}

/// An expert to add as typed, each field checked and trimmed.
pub(super) fn clean_expert(new: &NewExpert) -> Result<NewExpert> {
    let name = one_line(&new.name, Field::ExpertName, MAX_NAME, true)?;
    let unit = one_line(&new.unit, Field::Unit, MAX_NAME, false)?;
    let title = one_line(&new.title, Field::Title, MAX_NAME, false)?;
    check_field(new.field.trim())?;
    Ok(NewExpert { name, unit, title, field: new.field.trim().to_string(), lead: new.lead })
}

/// Adds a checked expert ([`clean_expert`]) to a review, inside a change: refused for a name already on the panel or
/// a second lead.
pub(super) fn insert_expert(tx: &Connection, log: &mut Vec<Change>, id: i64, new: &NewExpert) -> Result<i64> {
    let NewExpert { name, unit, title, field, .. } = new;
    let r = load(tx, id)?;
    editable(&r)?;
    if r.data.experts.iter().any(|e| &e.name == name) {
        return refused(Refusal::ExpertOnPanel { name: name.clone() });
    }
    if new.lead
        && let Some(lead) = r.data.experts.iter().find(|e| e.role == Role::Lead)
    {
        return refused(Refusal::LeadTaken { lead: lead.name.clone(), name: name.clone() });
    }
    let role = if new.lead { Role::Lead } else { Role::Member };
    tx.execute(
        "INSERT INTO experts (review_id, name, unit, title, field, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, name, unit, title, field, role.as_str()],
    )?;
    let expert_id = tx.last_insert_rowid();
    log.push(Change::new(
        "panel.add",
        format!("expert {expert_id}"),
        None,
        Some(format!("{name}, {unit}, {title}, {field}, {}", role.label())),
    ));
    Ok(expert_id)
}

/// A recusal's reason and statement as typed, checked.
pub(super) fn clean_recusal(reason: &str, statement: &str) -> Result<(String, String)> {
    Ok((
        one_line(reason, Field::RecusalReason, MAX_NAME * 5, true)?,
        clean(statement, Field::RecusalStatement, MAX_TEXT, true)?,
    ))
}

/// Records an expert's recusal ([`clean_recusal`]) inside a change; refused for one already recused.
pub(super) fn insert_recusal(
    tx: &Connection,
    log: &mut Vec<Change>,
    actor: &str,
    id: i64,
    expert_id: i64,
    reason: &str,
    statement: &str,
) -> Result<()> {
    let r = load(tx, id)?;
    editable(&r)?;
    let e = expert_of(&r, expert_id)?;
    if r.data.is_recused(expert_id) {
        return refused(Refusal::AlreadyRecused { name: e.name.clone() });
    }
    let province_reason = r.rules.iter().flat_map(|p| p.recusal_reasons_for(&r.card.id)).find(|x| x.id == reason);
    let (reason_id, reason_text) = match province_reason {
        Some(p) => (Some(p.id.clone()), format!("{}（{}）", p.text, p.source)),
        None => (None, reason.to_string()),
    };
    tx.execute(
        "INSERT INTO recusals (expert_id, review_id, reason_id, reason, statement, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![expert_id, id, reason_id, reason_text, statement, actor, now()],
    )?;
    if e.role == Role::Lead {
        tx.execute("UPDATE experts SET role = 'member' WHERE id = ?1", [expert_id])?;
    }
    let counted = r.data.scores.iter().filter(|s| s.expert_id == expert_id).count();
    log.push(Change::new(
        "recusal",
        format!("expert {expert_id} {}", e.name),
        None,
        Some(format!(
            "{reason_text}; {statement}{}",
            if counted > 0 { format!("; {counted} scores entered before no longer count") } else { String::new() }
        )),
    ));
    Ok(())
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewExpert {
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    pub lead: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpertPatch {
    pub name: Option<String>,
    pub unit: Option<String>,
    pub title: Option<String>,
    pub field: Option<String>,
}

/// The expert `expert_id` of the review, or not found.
pub(super) fn expert_of(r: &LoadedReview, expert_id: i64) -> Result<&Expert> {
    r.data.expert(expert_id).ok_or_else(|| {
        StoreError::NotFound(crate::store::Missing::ReviewExpert { review: r.data.id, expert: expert_id })
    })
}
