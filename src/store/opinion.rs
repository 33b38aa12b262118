//! The panel's opinion (综合评定意见, problems, suggestions, conclusion) and the sign-in sheet.

use rusqlite::params;

use super::Store;
use super::audit::Change;
use super::error::{Result, StoreError};
use super::input::{clean, one_line};
use super::load::load;
use super::reviews::editable;
use crate::domain::refusal::Field;
use crate::domain::text::{MAX_NAME, MAX_TEXT};

impl Store {
    pub fn set_opinion(&mut self, id: i64, patch: &OpinionPatch) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let o = &r.data.opinion;
            for (column, label, old, new) in [
                ("summary", "综合评定意见", &o.summary, &patch.summary),
                ("problems", "存在问题", &o.problems, &patch.problems),
                ("suggestions", "建议", &o.suggestions, &patch.suggestions),
                ("conclusion", "结论", &o.conclusion, &patch.conclusion),
            ] {
                let Some(new) = new else { continue };
                let new = clean(new, Field::Opinion(label), MAX_TEXT, false)?;
                if &new != old {
                    tx.execute(&format!("UPDATE opinions SET {column} = ?1 WHERE review_id = ?2"), params![new, id])?;
                    log.push(Change::new("opinion", label, Some(old.clone()), Some(new)));
                }
            }
            Ok(())
        })
    }

    pub fn add_signin(&mut self, id: i64, name: &str, unit: &str, position: &str, capacity: &str) -> Result<i64> {
        let name = one_line(name, Field::SignInName, MAX_NAME, true)?;
        let unit = one_line(unit, Field::Unit, MAX_NAME, false)?;
        let position = one_line(position, Field::Position, MAX_NAME, false)?;
        let capacity = one_line(capacity, Field::Capacity, MAX_NAME, false)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            tx.execute(
                "INSERT INTO signins (review_id, name, unit, position, capacity) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, name, unit, position, capacity],
            )?;
            let sid = tx.last_insert_rowid();
            log.push(Change::new(
                "signin.add",
                format!("signin {sid}"),
                None,
                Some(format!("{name}, {unit}, {position}, {capacity}")),
            ));
            Ok(sid)
        })
    }

    pub fn remove_signin(&mut self, id: i64, signin_id: i64) -> Result<()> {
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            editable(&r)?;
            let Some(s) = r.data.signins.iter().find(|s| s.id == signin_id) else {
                return Err(StoreError::NotFound(crate::store::Missing::SignIn { review: id, signin: signin_id }));
            };
            tx.execute("DELETE FROM signins WHERE id = ?1", [signin_id])?;
            log.push(Change::new("signin.remove", format!("signin {signin_id}"), Some(s.name.clone()), None));
            Ok(())
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpinionPatch {
    pub summary: Option<String>,
    pub problems: Option<String>,
    pub suggestions: Option<String>,
    pub conclusion: Option<String>,
}
