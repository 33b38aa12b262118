//! What a panel entered for one review, as the sheet's rules read it, and the one check of whether it is complete and
//! consistent enough to be signed.
//!
//! The store's rows ([`super::ReviewData::entries`]) and a signed payload (the bundle's `verify`) both become
//! [`Entries`], and finalizing on site, verifying a bundle and importing it at the support unit all ask [`check`]: a
//! review that finalizes is never refused at the support unit for a reason the panel could have fixed, and whatever
//! the support unit would refuse in what the panel entered is refused at finalize, naming the expert and the item.
//! (Finalizing asks the province's panel rules besides, which a bundle does not carry: [`super::finalize_blockers`].)

use std::collections::BTreeMap;

use super::outcome::{reads_as, result_of, why};
use super::{Answer, Decision, Finding};
use crate::domain::points::Points;
use crate::domain::refusal::Blocker;
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::{Evaluation, EvaluationInput, ExpertInput, FactInput, Literal, evaluate, settled_items};

/// A panel's entries, named as a signed payload names them (experts by name, numbers as written).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entries {
    pub experts: Vec<EnteredExpert>,
    /// The scores of the experts who have not recused: a recused expert's never count, and are not signed.
    pub scores: Vec<EnteredScore>,
    /// Fact id → value as stored (`true`, `false` or a decimal).
    pub facts: BTreeMap<String, String>,
    pub bonuses: BTreeMap<String, Literal>,
    pub weights: BTreeMap<String, Literal>,
    /// The answers to the vetoes answered by hand (the computed ones are the engine's).
    pub vetoes: Vec<EnteredVeto>,
    /// 综合评定意见 and 结论: the two parts of the opinion a review cannot be signed without.
    pub summary: String,
    pub conclusion: String,
    pub review_type: Option<String>,
    /// The requirements as the panel found them, and the distinctions.
    pub requirements: Vec<Finding>,
    pub distinctions: Vec<Finding>,
    /// The panel's own result and its reason.
    pub decision: Option<Decision>,
    /// Signed before the panel recorded a result of its own and before its 结论 was held to the result (a version 1
    /// payload): it is checked by the rules it was signed under, without those two.
    pub legacy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnteredExpert {
    pub name: String,
    pub recused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnteredScore {
    pub expert: String,
    pub item: String,
    pub points: Literal,
    /// 扣分原因.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnteredVeto {
    pub veto: String,
    pub answer: Answer,
    pub evidence: String,
}

impl Entries {
    /// The scoring engine's input. A recused expert is marked and never counts. A score stored for an item that a
    /// fact settles is left out: the fact decides the item (the rule printed on the sheet), and the expert's earlier
    /// score counts again only if the fact is changed. This is what makes a stale score harmless on both sides —
    /// it is kept (in the store, and in the signed payload, as entered) but never read against the fact.
    pub fn evaluation_input(&self, card: &Scorecard) -> EvaluationInput {
        let mut input = EvaluationInput {
            experts: self
                .experts
                .iter()
                .map(|e| ExpertInput {
                    name: e.name.clone(),
                    recused: e.recused,
                    scores: if e.recused {
                        BTreeMap::new()
                    } else {
                        self.scores
                            .iter()
                            .filter(|s| s.expert == e.name)
                            .map(|s| (s.item.clone(), s.points.clone()))
                            .collect()
                    },
                })
                .collect(),
            bonuses: self.bonuses.clone(),
            vetoes: self.vetoes.iter().filter(|v| v.answer == Answer::Yes).map(|v| v.veto.clone()).collect(),
            facts: self.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
            weights: self.weights.clone(),
            requirements: self.requirements.iter().map(|f| (f.id.clone(), f.met)).collect(),
            review_type: self.review_type.clone(),
            distinctions: self.distinctions.iter().map(|f| (f.id.clone(), f.met)).collect(),
        };
        let settled = settled_items(card, &input);
        for e in &mut input.experts {
            e.scores.retain(|item, _| !settled.contains_key(item));
        }
        input
    }

    fn scoring(&self) -> impl Iterator<Item = &EnteredExpert> {
        self.experts.iter().filter(|e| !e.recused)
    }

    /// An item's maximum for this review: the panel's adjusted points where it set them.
    fn item_max(&self, card: &Scorecard, item: &str) -> Option<Points> {
        let printed = card.item(item)?.points;
        Some(self.weights.get(item).and_then(|w| Points::parse(&w.0).ok()).unwrap_or(printed))
    }
}

/// Whether a review's entries may be signed: its evaluation, or every reason it may not, each naming the expert, the
/// items or the veto. The same answer for the store's rows and for the payload signed from them.
pub fn check(card: &Scorecard, entries: &Entries) -> Result<Evaluation, Vec<Blocker>> {
    check_with(card, entries, Vec::new())
}

/// [`check`] with more reasons found elsewhere (the province's panel rules, on site), said in their place: after the
/// scores and vetoes, before the opinion. The engine's own refusals are said only when nothing else is: they would
/// repeat the missing scores in other words.
pub(super) fn check_with(card: &Scorecard, entries: &Entries, more: Vec<Blocker>) -> Result<Evaluation, Vec<Blocker>> {
    let mut blockers = Vec::new();
    if entries.scoring().next().is_none() {
        blockers.push(Blocker::NoScoringExpert);
    }
    let input = entries.evaluation_input(card);
    let settled = settled_items(card, &input);
    for e in entries.scoring() {
        let mine = || entries.scores.iter().filter(|s| s.expert == e.name);
        let missing: Vec<String> = card
            .scored_items()
            .filter(|i| !settled.contains_key(&i.id) && !mine().any(|s| s.item == i.id))
            .map(|i| i.id.clone())
            .collect();
        if !missing.is_empty() {
            blockers.push(Blocker::Unscored { expert: e.name.clone(), items: missing });
        }
        let unexplained: Vec<String> = mine()
            .filter(|s| !settled.contains_key(&s.item) && s.reason.trim().is_empty())
            .filter(|s| {
                let points = Points::parse(&s.points.0).ok();
                entries.item_max(card, &s.item).zip(points).is_some_and(|(max, p)| p < max)
            })
            .map(|s| s.item.clone())
            .collect();
        if !unexplained.is_empty() {
            blockers.push(Blocker::Unexplained { expert: e.name.clone(), items: unexplained });
        }
    }
    let unanswered: Vec<String> = card
        .vetoes
        .iter()
        .filter(|v| v.computed.is_none() && !entries.vetoes.iter().any(|f| f.veto == v.id))
        .map(|v| v.number.clone().unwrap_or_else(|| v.id.clone()))
        .collect();
    if !unanswered.is_empty() {
        blockers.push(Blocker::VetoesUnanswered { vetoes: unanswered });
    }
    for v in &entries.vetoes {
        if v.answer == Answer::Yes && v.evidence.trim().is_empty() {
            blockers.push(Blocker::VetoWithoutEvidence { veto: v.veto.clone() });
        }
    }
    blockers.extend(finding_blockers(card, entries));
    blockers.extend(more);
    if entries.summary.trim().is_empty() {
        blockers.push(Blocker::SummaryMissing);
    }
    if entries.conclusion.trim().is_empty() {
        blockers.push(Blocker::ConclusionMissing);
    }
    match evaluate(card, &input) {
        Ok(e) => {
            blockers.extend(result_blockers(card, entries, &e));
            if blockers.is_empty() { Ok(e) } else { Err(blockers) }
        }
        Err(errors) => {
            if blockers.is_empty() {
                blockers.extend(errors.0.into_iter().map(Blocker::Evaluation));
            }
            Err(blockers)
        }
    }
}

/// What the panel has not yet found, or found without saying why.
fn finding_blockers(card: &Scorecard, entries: &Entries) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    if !card.review_types.is_empty() && entries.review_type.is_none() {
        let choices = card.review_types.iter().map(|t| t.label.clone()).collect();
        blockers.push(Blocker::ReviewTypeMissing { choices });
    }
    if entries.review_type.is_some() || card.review_types.is_empty() {
        let unanswered: Vec<String> = card
            .requirements_for(entries.review_type.as_deref())
            .filter(|r| !entries.requirements.iter().any(|f| f.id == r.id))
            .map(|r| r.id.clone())
            .collect();
        if !unanswered.is_empty() {
            blockers.push(Blocker::RequirementsUnanswered { requirements: unanswered });
        }
    }
    for f in &entries.requirements {
        if !f.met && f.evidence.trim().is_empty() {
            blockers.push(Blocker::UnmetWithoutReason { requirement: f.id.clone() });
        }
    }
    for f in &entries.distinctions {
        if f.met && f.evidence.trim().is_empty() {
            blockers.push(Blocker::DistinctionWithoutEvidence { distinction: f.id.clone() });
        }
    }
    blockers
}

/// What must agree with the result once the entries evaluate: the panel's own result, and the 结论's words.
fn result_blockers(card: &Scorecard, entries: &Entries, e: &Evaluation) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    if entries.legacy {
        return blockers;
    }
    match (e.passed, &entries.decision) {
        (None, None) => blockers.push(Blocker::DecisionMissing),
        (None, Some(d)) if d.reason.trim().is_empty() => blockers.push(Blocker::DecisionReasonMissing),
        (Some(computed), Some(d)) if d.passed != computed => {
            blockers.push(Blocker::DecisionContradicts { decided: d.passed, computed, why: why(e, card) })
        }
        _ => {}
    }
    let Some(result) = result_of(e, entries.decision.as_ref()) else { return blockers };
    if reads_as(&entries.conclusion, card) == Some(!result) {
        let words = e
            .conclusion
            .clone()
            .or_else(|| if result { card.outcome.passed.clone() } else { card.outcome.failed.clone() })
            .unwrap_or_else(|| if result { "通过" } else { "不通过" }.to_string());
        let why = if e.passed.is_some() { why(e, card) } else { "专家组判定的结论".to_string() };
        blockers.push(Blocker::ConclusionContradicts {
            conclusion: entries.conclusion.trim().to_string(),
            result: words,
            why,
        });
    }
    blockers
}
