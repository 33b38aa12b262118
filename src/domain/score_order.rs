//! The order a review's scores are kept in (by expert, then by the item's place in the sheet), as the store reads
//! them, and putting one score in its place or taking it away, so that a review changed in place is the review read
//! again.

use std::collections::BTreeMap;

use crate::domain::review::{ReviewData, Score};
use crate::domain::scorecard::Scorecard;

/// Each item's place in the sheet, by id.
pub fn item_order(card: &Scorecard) -> BTreeMap<&str, usize> {
    card.items.iter().enumerate().map(|(i, it)| (it.id.as_str(), i)).collect()
}

/// Where a score stands among a review's scores: by expert id, then by its item's place in the sheet (`order`, from
/// [`item_order`]), an item the sheet does not have last.
pub fn score_key(order: &BTreeMap<&str, usize>, s: &Score) -> (i64, usize) {
    (s.expert_id, order.get(s.item_id.as_str()).copied().unwrap_or(usize::MAX))
}

/// Sorts a review's scores as they are kept: by [`score_key`], equal keys in the order given.
pub fn sort_scores(card: &Scorecard, scores: &mut [Score]) {
    let order = item_order(card);
    scores.sort_by_key(|s| score_key(&order, s));
}

impl ReviewData {
    /// Puts an expert's score on an item in place of the one they had there, keeping the scores in their order
    /// ([`score_key`], as a review is read from the store, so that the result is the review read again).
    pub fn put_score(&mut self, card: &Scorecard, score: Score) {
        if let Some(old) = self.scores.iter_mut().find(|s| s.expert_id == score.expert_id && s.item_id == score.item_id)
        {
            *old = score;
            return;
        }
        let order = item_order(card);
        let key = score_key(&order, &score);
        let at = self.scores.partition_point(|s| score_key(&order, s) <= key);
        self.scores.insert(at, score);
    }

    /// Takes an expert's score on an item away; the others keep their order.
    pub fn remove_score(&mut self, expert_id: i64, item_id: &str) -> Option<Score> {
        let at = self.scores.iter().position(|s| s.expert_id == expert_id && s.item_id == item_id)?;
        Some(self.scores.remove(at))
    }
}
