//! What the sheet decides by itself, as the panel's screens ask for it: which rule settles an item, and where a
//! computed veto (one the total or a fact decides) stands. The decisions are the scoring engine's
//! ([`crate::domain::scoring`]); this only reads them out, so that no screen decides a rule a second time.

use std::collections::BTreeMap;

use crate::domain::scorecard::{FactKind, FactValue, Op, Scorecard, Veto, VetoTrigger};
use crate::domain::scoring::{Evaluation, EvaluationInput, fact_values, settling_rule, trigger_holds};

/// For each item an input's facts settle, the index (among the item's rules) of the rule that settles it: the first
/// whose condition holds, as the engine scores it.
pub fn settling_rules(card: &Scorecard, input: &EvaluationInput) -> BTreeMap<String, usize> {
    let facts = fact_values(input);
    card.scored_items().filter_map(|i| settling_rule(i, &facts).map(|(n, _)| (i.id.clone(), n))).collect()
}

/// Where a computed veto stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VetoState {
    /// Its condition holds: the review will fail.
    Holds,
    /// Its condition does not hold.
    Clear,
    /// It reads a fact the panel has not established.
    AwaitsFact,
    /// It reads the panel total, which is known once every score is in.
    AwaitsScores,
}

/// Where a computed veto stands for `input`; `evaluation` is the engine's result (`None` while the scores do not
/// evaluate). `None` for a veto the panel answers itself.
pub fn computed_veto(veto: &Veto, input: &EvaluationInput, evaluation: Option<&Evaluation>) -> Option<VetoState> {
    let trigger = veto.computed.as_ref()?;
    let total = evaluation.and_then(|e| e.total);
    Some(match trigger_holds(trigger, total, &fact_values(input)) {
        Some(true) => VetoState::Holds,
        Some(false) => VetoState::Clear,
        None if matches!(trigger, VetoTrigger::Fact(_)) => VetoState::AwaitsFact,
        None => VetoState::AwaitsScores,
    })
}

/// A computed veto's condition in the panel's words: `总分 < 70`, `企业超标超总量排污 = 是`, `废气年达标率 < 97%`.
pub fn trigger_zh(card: &Scorecard, trigger: &VetoTrigger) -> String {
    match trigger {
        VetoTrigger::Total { op, score } => format!("总分 {} {score}", math(*op)),
        VetoTrigger::Fact(c) => {
            let fact = card.fact(&c.fact);
            let text = fact.map_or(c.fact.as_str(), |f| f.text.as_str());
            let unit = match (fact, c.value) {
                (Some(f), FactValue::Number(_)) if f.kind == FactKind::Number => f.unit.as_deref().unwrap_or(""),
                _ => "",
            };
            format!("{text} {} {}{unit}", math(c.op), c.value)
        }
    }
}

/// A comparison as it is printed in a condition.
fn math(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "≤",
        Op::Gt => ">",
        Op::Ge => "≥",
        Op::Eq => "=",
        Op::Ne => "≠",
    }
}
