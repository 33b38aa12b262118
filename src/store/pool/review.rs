//! A review's panel and its case's draw: the panel starts from the drawn panel (after its recorded substitutions),
//! and the draw a review stands on is found with its hash.

use super::StoredDraw;
use crate::domain::pool::Field;
use crate::domain::pool::substitute;
use crate::domain::refusal::Refusal;
use crate::domain::review::Status;
use crate::store::NewExpert;
use crate::store::Store;
use crate::store::error::{Result, StoreError};

/// The review panel's field for a pool field: the review's list has no 经济, which goes in as 其他.
pub fn review_field(f: Field) -> &'static str {
    match f {
        Field::Economics => "其他",
        other => other.zh(),
    }
}

impl Store {
    /// Puts the drawn panel of the review's case — its last draw, as it is after its substitutions, in the order
    /// drawn — on the review's panel: each drawn expert not on it yet is added with their unit, title and field; then
    /// records that the review stands on this draw ([`Store::review_draw`]). Gives the draw. Refused when the
    /// review's case has no draw, or the review is finalized.
    pub fn panel_from_draw(&mut self, review: i64) -> Result<StoredDraw> {
        let case = self.case_of_review(review)?.map(|(c, _)| c);
        let draw = match case {
            Some(c) => self.current_draw(c)?,
            None => None,
        }
        .ok_or_else(|| StoreError::NotFound(crate::store::Missing::CaseOfReviewDraw(review)))?;
        // A finalized review's panel is signed: neither it nor the draw it stands on changes.
        if self.load(review)?.data.status == Status::Finalized {
            return Err(StoreError::Refused(Refusal::Locked { review }));
        }
        let (panel, _) = substitute::now(&draw.record, &draw.substitutions);
        for seat in &panel {
            let title = draw
                .record
                .pool
                .iter()
                .find(|e| e.name == seat.name && e.unit == seat.unit)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            let new = NewExpert {
                name: seat.name.clone(),
                unit: seat.unit.clone(),
                title,
                field: review_field(seat.field).into(),
                lead: false,
            };
            match self.add_expert(review, &new) {
                Ok(_) | Err(StoreError::Refused(Refusal::ExpertOnPanel { .. })) => {}
                Err(e) => return Err(e),
            }
        }
        self.link_review_draw(review, draw.id)?;
        Ok(draw)
    }
}
