//! Validating a score sheet: its sections, items and their sums, facts and rules, bonuses, vetoes and grade bands.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::super::model::*;
use super::super::raw::*;
use super::LoadErrors;
use super::parse::{Ctx, fact_condition, note, op, parse_toml};
use super::problem::{Part, Place, SheetProblem as P};
use super::{procedure, rules};
use crate::domain::points::Points;

/// Parses and validates one score sheet file. `file` names it in messages.
pub fn parse_scorecard(file: &str, text: &str) -> Result<Scorecard, LoadErrors> {
    let raw: RawScorecard = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    let mut ids = HashMap::new();

    if *raw.schema.get_ref() != 1 {
        ctx.err(raw.schema.span(), P::Schema { found: *raw.schema.get_ref() });
    }
    let id = ctx.id(&raw.id, Part::Scorecard, &mut HashMap::new());
    let stage = match raw.stage.get_ref().as_str() {
        "acceptance" => Stage::Acceptance,
        "assessment" => Stage::Assessment,
        other => {
            ctx.err(raw.stage.span(), P::UnknownStage { stage: other.to_string() });
            Stage::Acceptance
        }
    };
    let track = match Track::parse(raw.track.get_ref()) {
        Some(t) => t,
        None => {
            let other = raw.track.get_ref();
            ctx.err(raw.track.span(), P::UnknownTrack { track: other.clone() });
            Track::Any
        }
    };
    let source = ctx.citation(&raw.source, Place::of(Part::Scorecard));
    let doc = raw.document.get_ref();
    let document = Document {
        title: ctx.text(&doc.title, Place::of(Part::Document).at("title")),
        number: doc.number.as_ref().map(|n| ctx.text(n, Place::of(Part::Document).at("number"))),
        attachment: doc.attachment.as_ref().map(|n| ctx.text(n, Place::of(Part::Document).at("attachment"))),
        source: ctx.citation(&doc.source, Place::of(Part::Document)),
    };
    let weights = raw.weights.as_ref().map(|w| {
        let w = w.get_ref();
        Weights {
            adjustable: w.adjustable,
            text: ctx.text(&w.text, Place::of(Part::Weights).at("text")),
            source: ctx.citation(&w.source, Place::of(Part::Weights)),
        }
    });
    let kind = rules::kind(&mut ctx, &raw);
    let max_total = raw.max_total.as_ref().map_or(Points::ZERO, |m| *m.get_ref());
    if let Some(m) = &raw.max_total
        && *m.get_ref() == Points::ZERO
    {
        ctx.err(m.span(), P::MaxTotalZero);
    }

    // Sections.
    let mut sections = Vec::new();
    let mut section_ids = HashMap::new();
    for s in &raw.sections {
        let sid = ctx.id(&s.id, Part::Section, &mut section_ids);
        sections.push(Section {
            id: sid.clone(),
            number: s.number.get_ref().trim().to_string(),
            title: ctx.text(&s.title, Place::id(Part::Section, &sid).at("title")),
            points: *s.points.get_ref(),
            source: ctx.citation(&s.source, Place::id(Part::Section, &sid)),
        });
    }
    if sections.is_empty() && kind == CardKind::Sheet {
        ctx.err(raw.id.span(), P::NoSections);
    }

    // Facts come before items: rules read them.
    let mut facts = Vec::new();
    let mut fact_kinds = BTreeMap::new();
    let mut fact_ids = HashMap::new();
    for f in &raw.facts {
        let fid = ctx.id(&f.id, Part::Fact, &mut fact_ids);
        let kind = match f.kind.get_ref().as_str() {
            "bool" => FactKind::Bool,
            "number" => FactKind::Number,
            other => {
                ctx.err(f.kind.span(), P::UnknownFactKind { kind: other.to_string() });
                FactKind::Bool
            }
        };
        fact_kinds.insert(fid.clone(), kind);
        facts.push(Fact {
            id: fid.clone(),
            kind,
            unit: f.unit.clone(),
            text: ctx.text(&f.text, Place::id(Part::Fact, &fid).at("text")),
            source: ctx.citation(&f.source, Place::id(Part::Fact, &fid)),
        });
    }

    // Items.
    let mut item_ids = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    for it in &raw.items {
        let iid = ctx.id(&it.id, Part::Item, &mut item_ids);
        if !section_ids.contains_key(it.section.get_ref()) {
            ctx.err(
                it.section.span(),
                P::ItemSectionUnknown { item: iid.clone(), section: it.section.get_ref().clone() },
            );
        }
        let mut rules = Vec::new();
        for r in &it.rules {
            let when = r.when.get_ref();
            let cond = fact_condition(&mut ctx, &fact_kinds, &when.fact, when.op.as_ref(), &when.value);
            let score = match r.score.get_ref() {
                RawRuleScore::Points(p) => {
                    if *p > *it.points.get_ref() {
                        ctx.err(
                            r.score.span(),
                            P::RuleAboveItem { item: iid.clone(), points: *p, max: *it.points.get_ref() },
                        );
                    }
                    RuleScore::Points(*p)
                }
                RawRuleScore::Word(w) if w == "max" => RuleScore::Max,
                RawRuleScore::Word(w) => {
                    ctx.err(r.score.span(), P::RuleScoreWord { item: iid.clone(), word: w.clone() });
                    RuleScore::Max
                }
            };
            rules.push(ItemRule {
                when: cond,
                score,
                text: ctx.text(&r.text, Place::id(Part::ItemRule, &iid).at("text")),
                source: ctx.citation(&r.source, Place::id(Part::ItemRule, &iid)),
            });
        }
        items.push(Item {
            id: iid.clone(),
            section: it.section.get_ref().clone(),
            parent: it.parent.as_ref().map(|p| p.get_ref().clone()),
            number: it.number.as_ref().map(|n| n.get_ref().trim().to_string()).unwrap_or_default(),
            title: ctx.text(&it.title, Place::id(Part::Item, &iid).at("title")),
            text: it.text.as_ref().map(|t| ctx.text(t, Place::id(Part::Item, &iid).at("text"))),
            points: *it.points.get_ref(),
            source: ctx.citation(&it.source, Place::id(Part::Item, &iid)),
            guidance: it.guidance.iter().map(|g| ctx.text(g, Place::id(Part::Item, &iid).at("guidance"))).collect(),
            levels: Vec::new(),
            rules,
            scored: true,
            depth: 0,
        });
    }

    // Parents: exist, same section, no cycles; compute depth and which items are scored directly.
    let index: HashMap<String, usize> = items.iter().enumerate().map(|(i, it)| (it.id.clone(), i)).collect();
    for (i, it) in raw.items.iter().enumerate() {
        if let Some(p) = &it.parent {
            match index.get(p.get_ref()) {
                None => {
                    ctx.err(p.span(), P::ParentUnknown { item: it.id.get_ref().clone(), parent: p.get_ref().clone() })
                }
                Some(&pi) => {
                    if items[pi].section != items[i].section {
                        ctx.err(
                            p.span(),
                            P::ParentOtherSection { item: it.id.get_ref().clone(), parent: p.get_ref().clone() },
                        );
                    }
                    items[pi].scored = false;
                }
            }
        }
    }
    for i in 0..items.len() {
        let mut depth = 0;
        let mut at = i;
        while let Some(p) = items[at].parent.as_ref().and_then(|p| index.get(p)) {
            depth += 1;
            at = *p;
            if depth > items.len() {
                ctx.err(raw.items[i].id.span(), P::ParentLoop { item: items[i].id.clone() });
                break;
            }
        }
        items[i].depth = depth;
    }
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored && it.points == Points::ZERO {
            ctx.err(raw_it.points.span(), P::ScoredZero { item: it.id.clone() });
        }
        if !it.scored && !it.rules.is_empty() {
            ctx.err(raw_it.id.span(), P::RulesOnParent { item: it.id.clone() });
        }
    }

    let adjustable = weights.as_ref().is_some_and(|w| w.adjustable);
    for (i, raw_it) in raw.items.iter().enumerate() {
        items[i].levels = rules::levels(&mut ctx, raw_it, &items[i], adjustable);
    }

    // Sums: children to parent item, top-level items to section, sections to total.
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored {
            continue;
        }
        let sum: Points = items.iter().filter(|c| c.parent.as_deref() == Some(&it.id)).map(|c| c.points).sum();
        if sum != it.points && !raw_it.accept_sum_mismatch {
            ctx.err(raw_it.points.span(), P::ItemSumMismatch { item: it.id.clone(), points: it.points, sum });
        }
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        let top: Vec<&Item> = items.iter().filter(|i| i.section == s.id && i.parent.is_none()).collect();
        if top.is_empty() {
            ctx.err(raw_s.id.span(), P::SectionNoItems { section: s.id.clone() });
            continue;
        }
        let sum: Points = top.iter().map(|i| i.points).sum();
        if sum != s.points && !raw_s.accept_sum_mismatch {
            ctx.err(raw_s.points.span(), P::SectionSumMismatch { section: s.id.clone(), points: s.points, sum });
        }
    }
    let section_sum: Points = sections.iter().map(|s| s.points).sum();
    if let Some(m) = &raw.max_total
        && !sections.is_empty()
        && section_sum != max_total
    {
        ctx.err(m.span(), P::TotalMismatch { max_total, sum: section_sum });
    }

    // Bonuses.
    let mut bonuses = Vec::new();
    for b in &raw.bonuses {
        let bid = ctx.id(&b.id, Part::Bonus, &mut ids);
        if b.min.get_ref() > b.max.get_ref() {
            ctx.err(
                b.min.span(),
                P::BonusMinAboveMax { bonus: bid.clone(), min: *b.min.get_ref(), max: *b.max.get_ref() },
            );
        }
        if *b.max.get_ref() == Points::ZERO {
            ctx.err(b.max.span(), P::BonusMaxZero { bonus: bid.clone() });
        }
        bonuses.push(Bonus {
            id: bid.clone(),
            title: ctx.text(&b.title, Place::id(Part::Bonus, &bid).at("title")),
            min: *b.min.get_ref(),
            max: *b.max.get_ref(),
            source: ctx.citation(&b.source, Place::id(Part::Bonus, &bid)),
        });
    }
    let highest = if raw.total_may_exceed_max { max_total + bonuses.iter().map(|b| b.max).sum() } else { max_total };

    // Vetoes.
    let mut vetoes = Vec::new();
    let mut veto_ids = HashMap::new();
    for v in &raw.vetoes {
        let vid = ctx.id(&v.id, Part::Veto, &mut veto_ids);
        let computed = v.computed.as_ref().map(|c| {
            let t = c.get_ref();
            match (&t.fact, &t.value, &t.score) {
                (Some(fact), Some(value), None) => {
                    VetoTrigger::Fact(fact_condition(&mut ctx, &fact_kinds, fact, t.op.as_ref(), value))
                }
                (None, None, Some(score)) => {
                    let o = match &t.op {
                        Some(o) => op(&mut ctx, o),
                        None => {
                            ctx.err(c.span(), P::VetoNeedsOp { veto: vid.clone() });
                            Op::Lt
                        }
                    };
                    if *score.get_ref() > highest {
                        ctx.err(
                            score.span(),
                            P::VetoAboveHighest { veto: vid.clone(), score: *score.get_ref(), highest },
                        );
                    }
                    VetoTrigger::Total { op: o, score: *score.get_ref() }
                }
                _ => {
                    ctx.err(c.span(), P::VetoShape { veto: vid.clone() });
                    VetoTrigger::Total { op: Op::Lt, score: Points::ZERO }
                }
            }
        });
        vetoes.push(Veto {
            id: vid.clone(),
            number: v.number.as_ref().map(|n| n.get_ref().trim().to_string()),
            text: ctx.text(&v.text, Place::id(Part::Veto, &vid).at("text")),
            source: ctx.citation(&v.source, Place::id(Part::Veto, &vid)),
            computed,
        });
    }

    // Grades: listed top down; each band's lower bound strictly below the one before; a `<`/`<=` band only last and
    // exactly complementing the band before it, so that no total falls between bands by mistake.
    let mut grades: Vec<Grade> = Vec::new();
    let mut labels = BTreeSet::new();
    let mut previous: Option<(Points, bool)> = None; // lower bound and whether it is included
    let mut seen_fail = false;
    for (i, g) in raw.grades.iter().enumerate() {
        let label = ctx.text(&g.label, Place::of(Part::Grade).at("label"));
        if !labels.insert(label.clone()) {
            ctx.err(g.label.span(), P::GradeTwice { label: label.clone() });
        }
        let o = op(&mut ctx, &g.op);
        let score = *g.score.get_ref();
        if score > highest {
            ctx.err(g.score.span(), P::GradeAboveHighest { label: label.clone(), score, highest });
        }
        match o {
            Op::Gt | Op::Ge => {
                let bound = (score, o == Op::Ge);
                if let Some(prev) = previous {
                    // A band is reachable only if its bound is lower than the one before.
                    let lower = bound.0 < prev.0 || (bound.0 == prev.0 && bound.1 && !prev.1);
                    if !lower {
                        ctx.err(g.score.span(), P::GradeNotBelow { label: label.clone(), op: o, score });
                    }
                }
                previous = Some(bound);
            }
            Op::Lt | Op::Le => {
                if i + 1 != raw.grades.len() {
                    ctx.err(g.op.span(), P::GradeBelowNotLast { label: label.clone(), op: o });
                }
                match previous {
                    Some((p, incl)) if p == score && incl == (o == Op::Lt) => {}
                    Some((p, incl)) => ctx.err(
                        g.score.span(),
                        P::GradeGap { label: label.clone(), op: o, score, above: p, above_included: incl },
                    ),
                    None => ctx.err(g.op.span(), P::GradeBelowFirst { label: label.clone(), op: o }),
                }
            }
            Op::Eq | Op::Ne => ctx.err(g.op.span(), P::GradeEquality { label: label.clone(), op: o }),
        }
        if g.passed && seen_fail {
            ctx.err(g.label.span(), P::PassBelowFail { label: label.clone() });
        }
        seen_fail |= !g.passed;
        grades.push(Grade {
            label,
            op: o,
            score,
            passed: g.passed,
            source: ctx.citation(&g.source, Place::of(Part::Grade)),
        });
    }

    let mut checklist = Vec::new();
    let mut check_ids = HashMap::new();
    for c in &raw.checklist {
        let cid = ctx.id(&c.id, Part::ChecklistEntry, &mut check_ids);
        checklist.push(ChecklistEntry {
            id: cid.clone(),
            group: c.group.clone(),
            text: ctx.text(&c.text, Place::id(Part::Checklist, &cid).at("text")),
            levels: c.levels.clone(),
            source: ctx.citation(&c.source, Place::id(Part::Checklist, &cid)),
        });
    }

    let notes: Vec<Note> = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    let decision = rules::decision(&mut ctx, &raw, kind, &grades, highest);
    let procedure = procedure::procedure(&mut ctx, &raw);
    // A sheet without grade bands says why: the source prints no pass mark (a note), or another rule decides.
    if kind == CardKind::Sheet
        && grades.is_empty()
        && raw.outcome.is_none()
        && !notes.iter().any(|n| n.kind == NoteKind::NoPassMark)
    {
        ctx.err(raw.id.span(), P::NoGrades);
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        if raw_s.accept_sum_mismatch && !notes.iter().any(|n| n.kind == NoteKind::SumMismatch) {
            ctx.err(raw_s.id.span(), P::MismatchWithoutNote { section: s.id.clone() });
        }
    }

    let card = Scorecard {
        id,
        province: ctx.text(&raw.province, Place::key("province")),
        title: ctx.text(&raw.title, Place::key("title")),
        stage,
        stage_name: raw.stage_name.as_ref().map(|n| ctx.text(n, Place::key("stage_name"))),
        track,
        kind,
        source,
        max_total,
        total_may_exceed_max: raw.total_may_exceed_max,
        document,
        weights,
        vetoed_label: raw.vetoed_label.as_ref().map(|l| ctx.text(l, Place::key("vetoed_label"))),
        sections,
        items,
        facts,
        bonuses,
        vetoes,
        grades,
        checklist,
        notes,
        outcome: decision.outcome,
        requirements: decision.requirements,
        review_types: decision.review_types,
        distinctions: decision.distinctions,
        contested: decision.contested,
        procedure,
        origin: file.to_string(),
        text: text.to_string(),
    };
    ctx.finish(card)
}
