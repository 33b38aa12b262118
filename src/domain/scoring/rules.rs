//! The panel's findings the rules read: the type of review, whether each requirement is met, and whether each
//! distinction's conditions hold. Every applicable requirement must be answered, and only those.

use std::collections::BTreeMap;

use super::input::EvaluationInput;
use crate::domain::refusal::InputError;
use crate::domain::scorecard::Scorecard;

/// The findings, checked against the sheet or rules: the review type, requirement id → met, distinction id → holds.
pub(super) struct Findings {
    pub review_type: Option<String>,
    pub requirements: BTreeMap<String, bool>,
    pub distinctions: BTreeMap<String, bool>,
}

pub(super) fn findings(card: &Scorecard, input: &EvaluationInput, errors: &mut Vec<InputError>) -> Findings {
    let choices = || card.review_types.iter().map(|t| format!("{}（{}）", t.id, t.label)).collect::<Vec<_>>();
    let review_type = match (&input.review_type, card.review_types.is_empty()) {
        (None, true) => None,
        (None, false) => {
            errors.push(InputError::ReviewTypeMissing { sheet: card.id.clone(), choices: choices() });
            None
        }
        (Some(t), _) if card.review_type(t).is_some() => Some(t.clone()),
        (Some(t), _) => {
            errors.push(InputError::NotAReviewType {
                review_type: t.clone(),
                sheet: card.id.clone(),
                choices: choices(),
            });
            None
        }
    };
    for id in input.requirements.keys() {
        match card.requirements.iter().find(|r| &r.id == id) {
            None => errors.push(InputError::NotARequirement { requirement: id.clone(), sheet: card.id.clone() }),
            // Only said when the type is known: an unknown or missing type is refused above already.
            Some(r)
                if !r.applies_to(review_type.as_deref()) && (review_type.is_some() || card.review_types.is_empty()) =>
            {
                errors.push(InputError::RequirementNotApplicable {
                    requirement: id.clone(),
                    review_type: review_type.clone().unwrap_or_default(),
                })
            }
            Some(_) => {}
        }
    }
    if review_type.is_some() || card.review_types.is_empty() {
        let unanswered: Vec<String> = card
            .requirements_for(review_type.as_deref())
            .filter(|r| !input.requirements.contains_key(&r.id))
            .map(|r| r.id.clone())
            .collect();
        if !unanswered.is_empty() {
            errors.push(InputError::RequirementsUnanswered { requirements: unanswered });
        }
    }
    for id in input.distinctions.keys() {
        if !card.distinctions.iter().any(|d| &d.id == id) {
            errors.push(InputError::NotADistinction { distinction: id.clone(), sheet: card.id.clone() });
        }
    }
    Findings { review_type, requirements: input.requirements.clone(), distinctions: input.distinctions.clone() }
}
