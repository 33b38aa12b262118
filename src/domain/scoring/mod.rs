//! The scoring engine: exact totals, grade, pass or fail and vetoes from the experts' item scores.
//!
//! Pure domain code. Every number is an integer count of tenths; the panel total is an exact fraction, compared
//! against pass marks exactly and only rounded (to two decimals) for display.

mod input;
mod result;
mod rules;

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::decide::decide;
use crate::domain::points::{Decimal, Mean, Points};
use crate::domain::scorecard::{CardKind, FactKind, FactValue, Item, ItemRule, RuleScore, Scorecard, VetoTrigger};

pub use input::{EvaluationInput, ExpertInput, FactInput, Literal};
pub use result::{BonusResult, Evaluation, ExpertResult, ItemResult, PassMark, SectionResult, VetoResult};

/// Why an input cannot be evaluated: every problem is listed, each a typed value naming the expert, item, fact or
/// veto (its words in `domain::refusal::input`).
pub use crate::domain::refusal::{At, InputError, InputErrors, Unscored};

struct Errors(Vec<InputError>);

impl Errors {
    fn push(&mut self, e: InputError) {
        self.0.push(e);
    }
}

fn parse_points(lit: &Literal, at: At, errors: &mut Errors) -> Option<Points> {
    match Points::parse(&lit.0) {
        Ok(p) => Some(p),
        Err(error) => {
            errors.push(InputError::Points { at, error });
            None
        }
    }
}

/// Evaluates a panel's entries on a sheet.
pub fn evaluate(card: &Scorecard, input: &EvaluationInput) -> Result<Evaluation, InputErrors> {
    let mut errors = Errors(Vec::new());

    // Facts.
    let mut facts: BTreeMap<&str, FactValue> = BTreeMap::new();
    for (id, value) in &input.facts {
        let Some(fact) = card.fact(id) else {
            let known = card.facts.iter().map(|f| f.id.clone()).collect();
            errors.push(InputError::NotAFact { fact: id.clone(), sheet: card.id.clone(), known });
            continue;
        };
        match (fact.kind, value) {
            (FactKind::Bool, FactInput::Bool(b)) => {
                facts.insert(&fact.id, FactValue::Bool(*b));
            }
            (FactKind::Number, FactInput::Number(lit)) => match Decimal::parse(&lit.0) {
                Ok(d) => {
                    facts.insert(&fact.id, FactValue::Number(d));
                }
                Err(_) => errors.push(InputError::FactNotANumber { fact: id.clone(), value: lit.0.clone() }),
            },
            (FactKind::Bool, _) => {
                errors.push(InputError::FactWantsYesNo { fact: id.clone(), text: fact.text.clone() })
            }
            (FactKind::Number, _) => {
                errors.push(InputError::FactWantsNumber { fact: id.clone(), text: fact.text.clone() })
            }
        }
    }

    // Item points, after any adjustment the sheet allows.
    let mut max: BTreeMap<&str, Points> = card.scored_items().map(|i| (i.id.as_str(), i.points)).collect();
    if !input.weights.is_empty() {
        if !card.weights.as_ref().is_some_and(|w| w.adjustable) {
            errors.push(InputError::WeightsFixed { sheet: card.id.clone() });
        } else {
            for (id, lit) in &input.weights {
                match card.item(id) {
                    Some(item) if item.scored => {
                        if let Some(p) = parse_points(lit, At::Weight { item: id.clone() }, &mut errors) {
                            if p == Points::ZERO {
                                errors.push(InputError::WeightZero { item: id.clone() });
                            }
                            max.insert(&item.id, p);
                        }
                    }
                    Some(_) => errors.push(InputError::WeightOnParent { item: id.clone() }),
                    None => errors.push(InputError::WeightNotAnItem { item: id.clone(), sheet: card.id.clone() }),
                }
            }
            for s in &card.sections {
                let sum: Points = card.scored_items().filter(|i| i.section == s.id).map(|i| max[i.id.as_str()]).sum();
                let printed: Points = card.scored_items().filter(|i| i.section == s.id).map(|i| i.points).sum();
                if sum != printed {
                    errors.push(InputError::SectionTotal {
                        number: s.number.clone(),
                        title: s.title.clone(),
                        total: sum,
                        printed,
                    });
                }
            }
        }
    }

    // Items settled by a fact.
    let settled = settle(card, &facts, &max);

    // Experts.
    let mut names = BTreeSet::new();
    let mut scoring: Vec<(&ExpertInput, BTreeMap<&str, Points>)> = Vec::new();
    let mut recused = Vec::new();
    for expert in &input.experts {
        let name = expert.name.trim();
        if name.is_empty() {
            errors.push(InputError::NoName);
        } else if !names.insert(name) {
            errors.push(InputError::ListedTwice { name: name.to_string() });
        }
        if expert.recused {
            recused.push(name.to_string());
            continue;
        }
        let mut scores = BTreeMap::new();
        // A rules review has no points: its experts give no scores and have no totals.
        if card.kind == CardKind::Rules {
            if !expert.scores.is_empty() {
                errors.push(InputError::RulesNoScores { expert: name.to_string(), sheet: card.id.clone() });
            }
            continue;
        }
        for (id, lit) in &expert.scores {
            let (expert, item_id) = (name.to_string(), id.clone());
            match card.item(id) {
                None => errors.push(InputError::NotAnItem { expert, item: item_id, sheet: card.id.clone() }),
                Some(item) if !item.scored => errors.push(InputError::ScoreOnParent { expert, item: item_id }),
                Some(item) => {
                    let at = At::Score { expert: expert.clone(), item: item_id.clone() };
                    if let Some(p) = parse_points(lit, at, &mut errors) {
                        let item_max = max[item.id.as_str()];
                        if p > item_max {
                            errors.push(InputError::AboveMax { expert, item: item_id, points: p, max: item_max });
                        } else if !item.allows(p) {
                            let levels = item.levels.clone();
                            errors.push(InputError::NotALevel { expert, item: item_id, points: p, levels });
                        } else if let Some(s) = settled.get(item.id.as_str()).filter(|s| s.points != p) {
                            errors.push(InputError::Settled {
                                expert,
                                item: item_id,
                                points: p,
                                settled: s.points,
                                rule: s.rule.clone(),
                                source: s.source.clone(),
                            });
                        } else {
                            scores.insert(item.id.as_str(), p);
                        }
                    }
                }
            }
        }
        let missing: Vec<Unscored> = card
            .scored_items()
            .filter(|i| !settled.contains_key(i.id.as_str()) && !expert.scores.contains_key(&i.id))
            .map(|i| Unscored { item: i.id.clone(), facts: i.rules.iter().map(|r| r.when.fact.clone()).collect() })
            .collect();
        if !missing.is_empty() {
            errors.push(InputError::Unscored { expert: name.to_string(), items: missing });
        }
        scoring.push((expert, scores));
    }
    if scoring.is_empty() && card.kind == CardKind::Sheet {
        errors.push(InputError::NoScoringExpert);
    }

    // Bonuses.
    let mut bonuses = Vec::new();
    for (id, lit) in &input.bonuses {
        let Some(b) = card.bonuses.iter().find(|b| &b.id == id) else {
            errors.push(InputError::NotABonus { bonus: id.clone(), sheet: card.id.clone() });
            continue;
        };
        if let Some(p) = parse_points(lit, At::Bonus { bonus: id.clone() }, &mut errors) {
            if p < b.min || p > b.max {
                errors.push(InputError::BonusOutOfRange {
                    bonus: id.clone(),
                    title: b.title.clone(),
                    value: p,
                    min: b.min,
                    max: b.max,
                });
            } else {
                bonuses.push(BonusResult { id: b.id.clone(), points: p });
            }
        }
    }

    // Confirmed vetoes.
    let mut confirmed = BTreeSet::new();
    for id in &input.vetoes {
        match card.vetoes.iter().find(|v| &v.id == id) {
            None => errors.push(InputError::NotAVeto { veto: id.clone(), sheet: card.id.clone() }),
            Some(v) if v.computed.is_some() => errors.push(InputError::VetoComputed { veto: id.clone() }),
            Some(v) => {
                confirmed.insert(v.id.as_str());
            }
        }
    }

    let findings = rules::findings(card, input, &mut errors.0);

    if !errors.0.is_empty() {
        return Err(InputErrors(errors.0));
    }

    let bonus: Points = bonuses.iter().map(|b| b.points).sum();
    let item_score = |scores: &BTreeMap<&str, Points>, item: &Item| -> Points {
        settled
            .get(item.id.as_str())
            .map(|s| s.points)
            .or_else(|| scores.get(item.id.as_str()).copied())
            .unwrap_or_default()
    };
    let experts: Vec<ExpertResult> = scoring
        .iter()
        .map(|(expert, scores)| {
            let items_sum: Points = card.scored_items().map(|i| item_score(scores, i)).sum();
            let raw = items_sum + bonus;
            let capped = !card.total_may_exceed_max && raw > card.max_total;
            let sections = card
                .sections
                .iter()
                .map(|s| card.scored_items().filter(|i| i.section == s.id).map(|i| item_score(scores, i)).sum())
                .collect();
            ExpertResult {
                name: expert.name.trim().to_string(),
                total: if capped { card.max_total } else { raw },
                items_sum,
                bonus,
                capped,
                sections,
            }
        })
        .collect();
    // A rules review has no points: no total (its experts give no scores).
    let total = Mean::of(experts.iter().map(|e| e.total));

    let sections = card
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| SectionResult {
            id: s.id.clone(),
            title: s.title.clone(),
            score: Mean::of(experts.iter().map(|e| e.sections[i])).unwrap_or(Mean::from_points(Points::ZERO)),
            max: s.points,
        })
        .collect();
    let items = card
        .scored_items()
        .map(|item| {
            let given: Vec<Points> = scoring.iter().map(|(_, scores)| item_score(scores, item)).collect();
            let min = given.iter().copied().min().unwrap_or_default();
            let max_given = given.iter().copied().max().unwrap_or_default();
            ItemResult {
                id: item.id.clone(),
                section: item.section.clone(),
                max: max[item.id.as_str()],
                mean: Mean::of(given.iter().copied()).unwrap_or(Mean::from_points(Points::ZERO)),
                min,
                max_given,
                spread: max_given - min,
                settled_by: settled.get(item.id.as_str()).map(|s| format!("{}（{}）", s.rule, s.source)),
            }
        })
        .collect();

    let mut veto_details = Vec::new();
    for v in &card.vetoes {
        let holds = match &v.computed {
            None => confirmed.contains(v.id.as_str()),
            Some(trigger) => trigger_holds(trigger, total, &facts) == Some(true),
        };
        if holds {
            veto_details.push(VetoResult {
                id: v.id.clone(),
                text: v.text.clone(),
                source: v.source.to_string(),
                computed: v.computed.is_some(),
            });
        }
    }
    let vetoed = !veto_details.is_empty();
    let d =
        decide(card, total, vetoed, &findings.requirements, findings.review_type.as_deref(), &findings.distinctions);

    Ok(Evaluation {
        scorecard: card.id.clone(),
        kind: card.kind,
        stage: card.stage_label().to_string(),
        total,
        total_exact: total.map(|t| t.exact()),
        max_total: (card.kind == CardKind::Sheet).then_some(card.max_total),
        decided_by: d.decided_by,
        passed: d.passed,
        grade: d.grade,
        conclusion: d.conclusion,
        unmet: d.unmet,
        requirements: d.requirements,
        review_type: findings.review_type,
        distinctions: d.distinctions,
        contested: d.contested,
        vetoed,
        triggered_vetoes: veto_details.iter().map(|v| v.id.clone()).collect(),
        veto_details,
        pass_mark: card.pass_mark().map(PassMark::from),
        experts,
        recused,
        sections,
        items,
        bonuses,
    })
}

/// The score a fact settles an item at, and the rule's words and source.
struct Settled {
    points: Points,
    rule: String,
    source: String,
}

/// For each item a fact settles, its score and the rule (first matching rule wins).
fn settle<'a>(
    card: &'a Scorecard,
    facts: &BTreeMap<&str, FactValue>,
    max: &BTreeMap<&str, Points>,
) -> BTreeMap<&'a str, Settled> {
    let mut settled = BTreeMap::new();
    for item in card.scored_items() {
        let Some((_, rule)) = settling_rule(item, facts) else {
            continue;
        };
        let item_max = max.get(item.id.as_str()).copied().unwrap_or(item.points);
        let score = match rule.score {
            RuleScore::Max => item_max,
            RuleScore::Points(p) => p.min(item_max),
        };
        settled.insert(
            item.id.as_str(),
            Settled { points: score, rule: rule.text.clone(), source: rule.source.to_string() },
        );
    }
    settled
}

/// The items that an input's facts settle, with their scores; facts or weights that do not parse are ignored
/// (`evaluate` reports them).
pub fn settled_items(card: &Scorecard, input: &EvaluationInput) -> BTreeMap<String, Points> {
    let facts = fact_values(input);
    let max: BTreeMap<&str, Points> =
        input.weights.iter().filter_map(|(id, l)| Some((id.as_str(), Points::parse(&l.0).ok()?))).collect();
    settle(card, &facts, &max).into_iter().map(|(id, s)| (id.to_string(), s.points)).collect()
}

/// The rule that settles an item given the facts: the first of its rules whose condition holds, and its index.
pub fn settling_rule<'a>(item: &'a Item, facts: &BTreeMap<&str, FactValue>) -> Option<(usize, &'a ItemRule)> {
    item.rules.iter().enumerate().find(|(_, r)| facts.get(r.when.fact.as_str()).is_some_and(|v| r.when.holds(*v)))
}

/// An input's facts as values; those that do not parse are left out (`evaluate` reports them).
pub fn fact_values(input: &EvaluationInput) -> BTreeMap<&str, FactValue> {
    input
        .facts
        .iter()
        .filter_map(|(id, v)| {
            let value = match v {
                FactInput::Bool(b) => FactValue::Bool(*b),
                FactInput::Number(l) => FactValue::Number(Decimal::parse(&l.0).ok()?),
            };
            Some((id.as_str(), value))
        })
        .collect()
}

/// Whether a computed veto's condition holds; `None` while what it reads is unknown (the total before the scores
/// evaluate, a fact not established).
pub fn trigger_holds(trigger: &VetoTrigger, total: Option<Mean>, facts: &BTreeMap<&str, FactValue>) -> Option<bool> {
    match trigger {
        VetoTrigger::Total { op, score } => total.map(|t| op.holds(t.cmp_points(*score))),
        VetoTrigger::Fact(c) => facts.get(c.fact.as_str()).map(|v| c.holds(*v)),
    }
}
