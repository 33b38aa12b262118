//! The checks of what the panel types, each returning the value or the typed refusal: an expert's field, a fact's
//! value, a score against its maximum and its reason, adjusted points, a bonus against its range.

use crate::domain::points::Points;
use crate::domain::refusal::Refusal;
use crate::domain::scorecard::{Bonus, FIELDS, FactKind, Item};

/// Refuses a key for an expert whose name it does not bear: `owner` is the name the key's own file gives (`None` for a
/// key that names nobody, such as one made with `minisign`), `vouched` the name the roster on this computer gives the
/// key (`None` when it lists no such key, or none is installed). A key that names another expert signs only when the
/// roster says it is the signer's.
pub fn check_key_owner(name: &str, owner: Option<&str>, vouched: Option<&str>) -> Result<(), Refusal> {
    match owner.map(str::trim) {
        Some(owner) if owner != name.trim() && vouched.map(str::trim) != Some(name.trim()) => {
            Err(Refusal::KeyNamesAnother { owner: owner.to_string(), name: name.trim().to_string() })
        }
        _ => Ok(()),
    }
}

/// Checks an expert's field against the product's categories.
pub fn check_field(field: &str) -> Result<(), Refusal> {
    if FIELDS.contains(&field) {
        Ok(())
    } else {
        Err(Refusal::NotAnExpertField {
            field: field.to_string(),
            choices: FIELDS.iter().map(|f| f.to_string()).collect(),
        })
    }
}

/// A fact's value as the panel types it, in the form it is sent to be stored: `None` when empty (the fact is
/// forgotten); `true` or `false` for a yes/no fact (是/否, y/n, yes/no, true/false); for a number fact, half-width
/// digits as typed (no exponent: `1e1` is a number to a parser, not to a panel).
/// `fact` and `description` name the fact in the refusal.
pub fn typed_fact(fact: &str, description: &str, kind: FactKind, text: &str) -> Result<Option<String>, Refusal> {
    let t = text.trim();
    let refuse = |yes_no: bool| {
        let (fact, text, value) = (fact.to_string(), description.to_string(), t.to_string());
        Err(if yes_no {
            Refusal::FactYesNo { fact, text, value }
        } else {
            Refusal::FactNotANumber { fact, text, value }
        })
    };
    match (t, kind) {
        ("", _) => Ok(None),
        ("是" | "y" | "yes" | "true", FactKind::Bool) => Ok(Some("true".to_string())),
        ("否" | "n" | "no" | "false", FactKind::Bool) => Ok(Some("false".to_string())),
        (_, FactKind::Bool) => refuse(true),
        (v, FactKind::Number) if v.contains(['e', 'E']) || crate::domain::points::Decimal::parse(v).is_err() => {
            refuse(false)
        }
        (v, FactKind::Number) => Ok(Some(v.to_string())),
    }
}

/// Refuses a score above the item's maximum (after any weight the panel set).
pub fn check_score_max(item: &str, points: Points, max: Points) -> Result<(), Refusal> {
    if points > max { Err(Refusal::ScoreAboveMax { item: item.to_string(), points, max }) } else { Ok(()) }
}

/// Refuses a score the item's printed levels do not allow (any score is allowed where it prints none).
pub fn check_level(item: &Item, points: Points) -> Result<(), Refusal> {
    if item.allows(points) {
        Ok(())
    } else {
        Err(Refusal::NotALevel { item: item.id.clone(), points, levels: item.levels.clone() })
    }
}

/// Refuses a deduction without its reason (扣分原因): a score below the maximum needs one.
pub fn check_reason(item: &str, points: Points, max: Points, reason: &str) -> Result<(), Refusal> {
    if points < max && reason.trim().is_empty() {
        Err(Refusal::ReasonMissing { item: item.to_string(), points, max })
    } else {
        Ok(())
    }
}

/// Refuses adjusted item points of 0: an item the panel weighs counts for something.
pub fn check_weight(item: &str, points: Points) -> Result<(), Refusal> {
    if points == Points::ZERO { Err(Refusal::WeightNotPositive { item: item.to_string() }) } else { Ok(()) }
}

/// Refuses a bonus outside the range the sheet gives it.
pub fn check_bonus(bonus: &Bonus, value: Points) -> Result<(), Refusal> {
    check_bonus_range(&bonus.id, &bonus.title, value, (bonus.min, bonus.max))
}

/// [`check_bonus`] for a bonus known by its id, title and range.
pub fn check_bonus_range(bonus: &str, title: &str, value: Points, (min, max): (Points, Points)) -> Result<(), Refusal> {
    if value < min || value > max {
        Err(Refusal::BonusOutOfRange { bonus: bonus.to_string(), title: title.to_string(), value, min, max })
    } else {
        Ok(())
    }
}
