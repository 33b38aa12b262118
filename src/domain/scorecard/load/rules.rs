//! Validating how a review is decided: the file's kind, its outcome, requirements, types of review, distinctions,
//! contested boundaries, and the fixed score levels of its items.

use std::collections::{BTreeSet, HashMap};

use super::super::model::*;
use super::super::raw::*;
use super::parse::Ctx;
use super::problem::{Part, Place, RulesProblem as R, SheetProblem as P};
use crate::domain::points::Points;

/// The file's kind (`sheet` when it says none), and the sheet-only parts a rules file must not have.
pub(super) fn kind(ctx: &mut Ctx, raw: &RawScorecard) -> CardKind {
    let kind = match raw.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
        None | Some(("sheet", _)) => CardKind::Sheet,
        Some(("rules", _)) => CardKind::Rules,
        Some((other, span)) => {
            ctx.err(span, P::Rules(R::UnknownKind { kind: other.to_string() }));
            CardKind::Sheet
        }
    };
    match kind {
        CardKind::Sheet => {
            if raw.max_total.is_none() {
                ctx.err(raw.id.span(), P::Rules(R::MaxTotalMissing));
            }
        }
        CardKind::Rules => {
            let span = raw.kind.as_ref().map(|k| k.span()).unwrap_or_else(|| raw.id.span());
            let sheet_only: [(&'static str, bool); 7] = [
                ("max_total", raw.max_total.is_some()),
                ("[[sections]]", !raw.sections.is_empty()),
                ("[[items]]", !raw.items.is_empty()),
                ("[[bonuses]]", !raw.bonuses.is_empty()),
                ("[weights]", raw.weights.is_some()),
                ("[[grades]]", !raw.grades.is_empty()),
                ("total_may_exceed_max", raw.total_may_exceed_max),
            ];
            for (key, present) in sheet_only {
                if present {
                    ctx.err(span.clone(), P::Rules(R::RulesWithPoints { key }));
                }
            }
            // Where the source names the review and its results but leaves the criteria to the panel (or to a
            // guide it does not print), the panel decides: a file with nothing else is runnable then.
            let panel_decides = raw.outcome.as_ref().is_some_and(|o| o.get_ref().decided_by.get_ref() == "panel");
            if raw.requirements.is_empty() && raw.vetoes.is_empty() && !panel_decides {
                ctx.err(span, P::Rules(R::RulesEmpty));
            }
        }
    }
    kind
}

/// The parts that decide a review, validated together.
pub(super) struct Decision {
    pub outcome: Outcome,
    pub requirements: Vec<Requirement>,
    pub review_types: Vec<ReviewType>,
    pub distinctions: Vec<Distinction>,
    pub contested: Vec<Contested>,
}

pub(super) fn decision(
    ctx: &mut Ctx,
    raw: &RawScorecard,
    kind: CardKind,
    grades: &[Grade],
    highest: Points,
) -> Decision {
    let outcome = outcome(ctx, raw, kind, grades);

    let mut review_types = Vec::new();
    let mut type_ids = HashMap::new();
    for t in &raw.review_types {
        let id = ctx.id(&t.id, Part::ReviewType, &mut type_ids);
        review_types.push(ReviewType {
            id: id.clone(),
            label: ctx.text(&t.label, Place::id(Part::ReviewType, &id).at("label")),
            text: ctx.text(&t.text, Place::id(Part::ReviewType, &id).at("text")),
            source: ctx.citation(&t.source, Place::id(Part::ReviewType, &id)),
        });
    }

    let mut requirements = Vec::new();
    let mut requirement_ids = HashMap::new();
    let mut used = BTreeSet::new();
    for r in &raw.requirements {
        let id = ctx.id(&r.id, Part::Requirement, &mut requirement_ids);
        let mut types = Vec::new();
        for t in &r.types {
            if type_ids.contains_key(t.get_ref()) {
                used.insert(t.get_ref().clone());
            } else {
                let problem = R::RequirementTypeUnknown { requirement: id.clone(), review_type: t.get_ref().clone() };
                ctx.err(t.span(), P::Rules(problem));
            }
            types.push(t.get_ref().clone());
        }
        requirements.push(Requirement {
            id: id.clone(),
            number: r.number.as_ref().map(|n| n.get_ref().trim().to_string()),
            group: r.group.as_ref().map(|g| ctx.text(g, Place::id(Part::Requirement, &id).at("group"))),
            text: ctx.text(&r.text, Place::id(Part::Requirement, &id).at("text")),
            source: ctx.citation(&r.source, Place::id(Part::Requirement, &id)),
            types,
        });
    }
    // A type that no requirement names changes nothing: a misspelt `types` entry, most likely. A file whose
    // requirements all apply to every type (none names one) is fine.
    if !used.is_empty() {
        for (t, raw_t) in review_types.iter().zip(&raw.review_types) {
            if !used.contains(&t.id) {
                ctx.err(raw_t.id.span(), P::Rules(R::TypeUnused { review_type: t.id.clone() }));
            }
        }
    }

    let mut distinctions = Vec::new();
    let mut distinction_ids = HashMap::new();
    for d in &raw.distinctions {
        let id = ctx.id(&d.id, Part::Distinction, &mut distinction_ids);
        distinctions.push(Distinction {
            id: id.clone(),
            label: ctx.text(&d.label, Place::id(Part::Distinction, &id).at("label")),
            text: ctx.text(&d.text, Place::id(Part::Distinction, &id).at("text")),
            source: ctx.citation(&d.source, Place::id(Part::Distinction, &id)),
        });
    }

    let mut contested = Vec::new();
    for c in &raw.contested {
        let score = *c.score.get_ref();
        if score > highest {
            ctx.err(c.score.span(), P::Rules(R::ContestedAboveHighest { score, highest }));
        }
        if c.sources.get_ref().len() < 2 {
            ctx.err(c.sources.span(), P::Rules(R::ContestedNeedsTwo));
        }
        let sources = c.sources.get_ref().iter().map(|s| ctx.citation(s, Place::of(Part::Contested))).collect();
        contested.push(Contested { score, text: ctx.text(&c.text, Place::of(Part::Contested).at("text")), sources });
    }

    Decision { outcome, requirements, review_types, distinctions, contested }
}

fn outcome(ctx: &mut Ctx, raw: &RawScorecard, kind: CardKind, grades: &[Grade]) -> Outcome {
    let Some(o) = &raw.outcome else {
        if kind == CardKind::Rules {
            ctx.err(raw.id.span(), P::Rules(R::RulesNeedOutcome));
        }
        // A sheet says how it is decided by what it prints: grade bands, or none (a `no_pass_mark` note).
        let decided_by = if grades.is_empty() { DecidedBy::Panel } else { DecidedBy::Grades };
        return Outcome { decided_by, passed: None, failed: None, source: None };
    };
    let span = o.span();
    let o = o.get_ref();
    let decided_by = match o.decided_by.get_ref().as_str() {
        "grades" => DecidedBy::Grades,
        "rules" => DecidedBy::Rules,
        "panel" => DecidedBy::Panel,
        other => {
            ctx.err(o.decided_by.span(), P::Rules(R::UnknownDecidedBy { word: other.to_string() }));
            DecidedBy::Panel
        }
    };
    match decided_by {
        DecidedBy::Grades if grades.is_empty() => ctx.err(o.decided_by.span(), P::Rules(R::GradesWithoutGrades)),
        DecidedBy::Rules | DecidedBy::Panel if !grades.is_empty() => {
            let problem = R::GradesIgnored { decided_by: decided_by.as_str().to_string() };
            ctx.err(o.decided_by.span(), P::Rules(problem));
        }
        _ => {}
    }
    let passed = o.passed.as_ref().map(|w| ctx.text(w, Place::of(Part::Outcome).at("passed")));
    let failed = o.failed.as_ref().map(|w| ctx.text(w, Place::of(Part::Outcome).at("failed")));
    if decided_by == DecidedBy::Rules && (passed.is_none() || failed.is_none()) {
        ctx.err(span.clone(), P::Rules(R::OutcomeNeedsWords));
    }
    let source = match &o.source {
        Some(s) => Some(ctx.citation(s, Place::of(Part::Outcome))),
        None => {
            ctx.err(span, P::Rules(R::OutcomeNeedsSource));
            None
        }
    };
    Outcome { decided_by, passed, failed, source }
}

/// An item's fixed levels, highest first, once it is known whether the item is scored directly.
pub(super) fn levels(ctx: &mut Ctx, raw: &RawItem, item: &Item, weights_adjustable: bool) -> Vec<Points> {
    let Some(levels) = &raw.levels else { return Vec::new() };
    let id = &item.id;
    if levels.get_ref().is_empty() {
        ctx.err(levels.span(), P::Rules(R::LevelsEmpty { item: id.clone() }));
    }
    if !item.scored {
        ctx.err(levels.span(), P::Rules(R::LevelsOnParent { item: id.clone() }));
    }
    if weights_adjustable {
        ctx.err(levels.span(), P::Rules(R::LevelsWithWeights { item: id.clone() }));
    }
    let mut out: Vec<Points> = Vec::new();
    for l in levels.get_ref() {
        let level = *l.get_ref();
        if level > item.points {
            ctx.err(l.span(), P::Rules(R::LevelAboveItem { item: id.clone(), level, max: item.points }));
        }
        if out.contains(&level) {
            ctx.err(l.span(), P::Rules(R::LevelTwice { item: id.clone(), level }));
        } else {
            out.push(level);
        }
    }
    out.sort_by(|a, b| b.cmp(a));
    for (rule, raw_rule) in item.rules.iter().zip(&raw.rules) {
        let points = match rule.score {
            RuleScore::Max => item.points,
            RuleScore::Points(p) => p,
        };
        if !out.is_empty() && !out.contains(&points) {
            ctx.err(raw_rule.score.span(), P::Rules(R::RuleNotALevel { item: id.clone(), points }));
        }
    }
    out
}
