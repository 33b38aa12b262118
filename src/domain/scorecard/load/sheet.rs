//! Validating a score sheet: its sections, items and their sums, facts and rules, bonuses, vetoes and grade bands.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::super::model::*;
use super::super::raw::*;
use super::LoadErrors;
use super::parse::{Ctx, fact_condition, note, op, parse_toml};
use crate::domain::points::Points;

/// Parses and validates one score sheet file. `file` names it in messages.
pub fn parse_scorecard(file: &str, text: &str) -> Result<Scorecard, LoadErrors> {
    let raw: RawScorecard = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    let mut ids = HashMap::new();

    if *raw.schema.get_ref() != 1 {
        ctx.err(
            raw.schema.span(),
            format!("schema {} is not supported; this version reads schema 1", raw.schema.get_ref()),
        );
    }
    let id = ctx.id(&raw.id, "scorecard", &mut HashMap::new());
    let stage = match raw.stage.get_ref().as_str() {
        "acceptance" => Stage::Acceptance,
        "assessment" => Stage::Assessment,
        other => {
            ctx.err(
                raw.stage.span(),
                format!("stage “{other}” is unknown; use \"acceptance\" (验收) or \"assessment\" (评估)"),
            );
            Stage::Acceptance
        }
    };
    let track = match Track::parse(raw.track.get_ref()) {
        Some(t) => t,
        None => {
            let other = raw.track.get_ref();
            ctx.err(
                raw.track.span(),
                format!("track “{other}” is unknown; use \"voluntary\", \"mandatory\" or \"any\""),
            );
            Track::Any
        }
    };
    let source = ctx.citation(&raw.source, "scorecard");
    let doc = raw.document.get_ref();
    let document = Document {
        title: ctx.text(&doc.title, "document title"),
        number: doc.number.as_ref().map(|n| ctx.text(n, "document number")),
        attachment: doc.attachment.as_ref().map(|n| ctx.text(n, "document attachment")),
        source: ctx.citation(&doc.source, "document"),
    };
    let weights = raw.weights.as_ref().map(|w| {
        let w = w.get_ref();
        Weights {
            adjustable: w.adjustable,
            text: ctx.text(&w.text, "weights text"),
            source: ctx.citation(&w.source, "weights"),
        }
    });
    let max_total = *raw.max_total.get_ref();
    if max_total == Points::ZERO {
        ctx.err(raw.max_total.span(), "max_total must be more than 0");
    }

    // Sections.
    let mut sections = Vec::new();
    let mut section_ids = HashMap::new();
    for s in &raw.sections {
        let sid = ctx.id(&s.id, "section", &mut section_ids);
        sections.push(Section {
            id: sid.clone(),
            number: s.number.get_ref().trim().to_string(),
            title: ctx.text(&s.title, &format!("section {sid} title")),
            points: *s.points.get_ref(),
            source: ctx.citation(&s.source, &format!("section {sid}")),
        });
    }
    if sections.is_empty() {
        ctx.err(raw.id.span(), "the sheet has no [[sections]]");
    }

    // Facts come before items: rules read them.
    let mut facts = Vec::new();
    let mut fact_kinds = BTreeMap::new();
    let mut fact_ids = HashMap::new();
    for f in &raw.facts {
        let fid = ctx.id(&f.id, "fact", &mut fact_ids);
        let kind = match f.kind.get_ref().as_str() {
            "bool" => FactKind::Bool,
            "number" => FactKind::Number,
            other => {
                ctx.err(f.kind.span(), format!("fact kind “{other}” is unknown; use \"bool\" or \"number\""));
                FactKind::Bool
            }
        };
        fact_kinds.insert(fid.clone(), kind);
        facts.push(Fact {
            id: fid.clone(),
            kind,
            unit: f.unit.clone(),
            text: ctx.text(&f.text, &format!("fact {fid} text")),
            source: ctx.citation(&f.source, &format!("fact {fid}")),
        });
    }

    // Items.
    let mut item_ids = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    for it in &raw.items {
        let iid = ctx.id(&it.id, "item", &mut item_ids);
        if !section_ids.contains_key(it.section.get_ref()) {
            ctx.err(
                it.section.span(),
                format!("item {iid}: section “{}” is not one of the sheet's [[sections]]", it.section.get_ref()),
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
                            format!(
                                "item {iid}: a rule gives {p} points, more than the item's {}",
                                it.points.get_ref()
                            ),
                        );
                    }
                    RuleScore::Points(*p)
                }
                RawRuleScore::Word(w) if w == "max" => RuleScore::Max,
                RawRuleScore::Word(w) => {
                    ctx.err(
                        r.score.span(),
                        format!("item {iid}: rule score “{w}” must be a number of points or \"max\""),
                    );
                    RuleScore::Max
                }
            };
            rules.push(ItemRule {
                when: cond,
                score,
                text: ctx.text(&r.text, &format!("item {iid} rule text")),
                source: ctx.citation(&r.source, &format!("item {iid} rule")),
            });
        }
        items.push(Item {
            id: iid.clone(),
            section: it.section.get_ref().clone(),
            parent: it.parent.as_ref().map(|p| p.get_ref().clone()),
            number: it.number.as_ref().map(|n| n.get_ref().trim().to_string()).unwrap_or_default(),
            title: ctx.text(&it.title, &format!("item {iid} title")),
            text: it.text.as_ref().map(|t| ctx.text(t, &format!("item {iid} text"))),
            points: *it.points.get_ref(),
            source: ctx.citation(&it.source, &format!("item {iid}")),
            guidance: it.guidance.iter().map(|g| ctx.text(g, &format!("item {iid} guidance"))).collect(),
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
                None => ctx.err(
                    p.span(),
                    format!("item {}: parent “{}” is not an item of this sheet", it.id.get_ref(), p.get_ref()),
                ),
                Some(&pi) => {
                    if items[pi].section != items[i].section {
                        ctx.err(
                            p.span(),
                            format!("item {}: parent {} belongs to another section", it.id.get_ref(), p.get_ref()),
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
                ctx.err(raw.items[i].id.span(), format!("item {}: its parents form a loop", items[i].id));
                break;
            }
        }
        items[i].depth = depth;
    }
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored && it.points == Points::ZERO {
            ctx.err(raw_it.points.span(), format!("item {}: a scored item must carry more than 0 points", it.id));
        }
        if !it.scored && !it.rules.is_empty() {
            ctx.err(
                raw_it.id.span(),
                format!("item {}: has sub-items, so its rules would never apply; put them on the sub-items", it.id),
            );
        }
    }

    // Sums: children to parent item, top-level items to section, sections to total.
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored {
            continue;
        }
        let sum: Points = items.iter().filter(|c| c.parent.as_deref() == Some(&it.id)).map(|c| c.points).sum();
        if sum != it.points && !raw_it.accept_sum_mismatch {
            ctx.err(
                raw_it.points.span(),
                format!("item {}: points {} but its sub-items add up to {sum} (if the source prints it so, set accept_sum_mismatch = true and add a note)", it.id, it.points),
            );
        }
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        let top: Vec<&Item> = items.iter().filter(|i| i.section == s.id && i.parent.is_none()).collect();
        if top.is_empty() {
            ctx.err(raw_s.id.span(), format!("section {}: has no items", s.id));
            continue;
        }
        let sum: Points = top.iter().map(|i| i.points).sum();
        if sum != s.points && !raw_s.accept_sum_mismatch {
            ctx.err(
                raw_s.points.span(),
                format!("section {}: points {} but its items add up to {sum} (if the source prints it so, set accept_sum_mismatch = true and add a note)", s.id, s.points),
            );
        }
    }
    let section_sum: Points = sections.iter().map(|s| s.points).sum();
    if !sections.is_empty() && section_sum != max_total {
        ctx.err(raw.max_total.span(), format!("max_total is {max_total} but the sections add up to {section_sum}"));
    }

    // Bonuses.
    let mut bonuses = Vec::new();
    for b in &raw.bonuses {
        let bid = ctx.id(&b.id, "bonus", &mut ids);
        if b.min.get_ref() > b.max.get_ref() {
            ctx.err(b.min.span(), format!("bonus {bid}: min {} is more than max {}", b.min.get_ref(), b.max.get_ref()));
        }
        if *b.max.get_ref() == Points::ZERO {
            ctx.err(b.max.span(), format!("bonus {bid}: max must be more than 0"));
        }
        bonuses.push(Bonus {
            id: bid.clone(),
            title: ctx.text(&b.title, &format!("bonus {bid} title")),
            min: *b.min.get_ref(),
            max: *b.max.get_ref(),
            source: ctx.citation(&b.source, &format!("bonus {bid}")),
        });
    }
    let highest = if raw.total_may_exceed_max { max_total + bonuses.iter().map(|b| b.max).sum() } else { max_total };

    // Vetoes.
    let mut vetoes = Vec::new();
    let mut veto_ids = HashMap::new();
    for v in &raw.vetoes {
        let vid = ctx.id(&v.id, "veto", &mut veto_ids);
        let computed = v.computed.as_ref().map(|c| {
            let t = c.get_ref();
            match (&t.fact, &t.value, &t.score) {
                (Some(fact), Some(value), None) => VetoTrigger::Fact(fact_condition(&mut ctx, &fact_kinds, fact, t.op.as_ref(), value)),
                (None, None, Some(score)) => {
                    let o = match &t.op {
                        Some(o) => op(&mut ctx, o),
                        None => {
                            ctx.err(c.span(), format!("veto {vid}: a computed veto on the total needs op, e.g. op = \"<\""));
                            Op::Lt
                        }
                    };
                    if *score.get_ref() > highest {
                        ctx.err(score.span(), format!("veto {vid}: score {} is above the highest possible total {highest}", score.get_ref()));
                    }
                    VetoTrigger::Total { op: o, score: *score.get_ref() }
                }
                _ => {
                    ctx.err(c.span(), format!("veto {vid}: computed must be either {{ op, score }} on the total or {{ fact, value }} (with an optional op)"));
                    VetoTrigger::Total { op: Op::Lt, score: Points::ZERO }
                }
            }
        });
        vetoes.push(Veto {
            id: vid.clone(),
            number: v.number.as_ref().map(|n| n.get_ref().trim().to_string()),
            text: ctx.text(&v.text, &format!("veto {vid} text")),
            source: ctx.citation(&v.source, &format!("veto {vid}")),
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
        let label = ctx.text(&g.label, "grade label");
        if !labels.insert(label.clone()) {
            ctx.err(g.label.span(), format!("grade “{label}” is listed twice"));
        }
        let o = op(&mut ctx, &g.op);
        let score = *g.score.get_ref();
        if score > highest {
            ctx.err(
                g.score.span(),
                format!("grade “{label}”: score {score} is above the highest possible total {highest}"),
            );
        }
        match o {
            Op::Gt | Op::Ge => {
                let bound = (score, o == Op::Ge);
                if let Some(prev) = previous {
                    // A band is reachable only if its bound is lower than the one before.
                    let lower = bound.0 < prev.0 || (bound.0 == prev.0 && bound.1 && !prev.1);
                    if !lower {
                        ctx.err(g.score.span(), format!("grade “{label}” ({} {score}) is not below the band before it: list bands from the top down", o.symbol()));
                    }
                }
                previous = Some(bound);
            }
            Op::Lt | Op::Le => {
                if i + 1 != raw.grades.len() {
                    ctx.err(g.op.span(), format!("grade “{label}”: a band with {} must be the last one", o.symbol()));
                }
                match previous {
                    Some((p, incl)) if p == score && incl == (o == Op::Lt) => {}
                    Some((p, incl)) => ctx.err(
                        g.score.span(),
                        format!(
                            "grade “{label}” ({} {score}) does not meet the band above it ({} {p}): some totals would match no band",
                            o.symbol(),
                            if incl { ">=" } else { ">" }
                        ),
                    ),
                    None => ctx.err(g.op.span(), format!("grade “{label}”: a band with {} needs a band above it", o.symbol())),
                }
            }
            Op::Eq | Op::Ne => {
                ctx.err(g.op.span(), format!("grade “{label}”: bands compare with >, >=, < or <=, not {}", o.symbol()))
            }
        }
        if g.passed && seen_fail {
            ctx.err(g.label.span(), format!("grade “{label}” passes but lies below a failing band"));
        }
        seen_fail |= !g.passed;
        grades.push(Grade { label, op: o, score, passed: g.passed, source: ctx.citation(&g.source, "grade") });
    }

    let mut checklist = Vec::new();
    let mut check_ids = HashMap::new();
    for c in &raw.checklist {
        let cid = ctx.id(&c.id, "checklist entry", &mut check_ids);
        checklist.push(ChecklistEntry {
            id: cid.clone(),
            group: c.group.clone(),
            text: ctx.text(&c.text, &format!("checklist {cid} text")),
            levels: c.levels.clone(),
            source: ctx.citation(&c.source, &format!("checklist {cid}")),
        });
    }

    let notes: Vec<Note> = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    if grades.is_empty() && !notes.iter().any(|n| n.kind == NoteKind::NoPassMark) {
        ctx.err(
            raw.id.span(),
            "the sheet has no [[grades]]: if it prints no pass mark, say so in a note of kind \"no_pass_mark\"",
        );
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        if raw_s.accept_sum_mismatch && !notes.iter().any(|n| n.kind == NoteKind::SumMismatch) {
            ctx.err(
                raw_s.id.span(),
                format!(
                    "section {}: accept_sum_mismatch needs a note of kind \"sum_mismatch\" citing the source",
                    s.id
                ),
            );
        }
    }

    let card = Scorecard {
        id,
        province: ctx.text(&raw.province, "province"),
        title: ctx.text(&raw.title, "title"),
        stage,
        track,
        source,
        max_total,
        total_may_exceed_max: raw.total_may_exceed_max,
        document,
        weights,
        vetoed_label: raw.vetoed_label.as_ref().map(|l| ctx.text(l, "vetoed_label")),
        sections,
        items,
        facts,
        bonuses,
        vetoes,
        grades,
        checklist,
        notes,
        origin: file.to_string(),
        text: text.to_string(),
    };
    ctx.finish(card)
}
