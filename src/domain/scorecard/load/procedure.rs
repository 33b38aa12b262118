//! Validating the procedure around a review: the application's conditions and materials, the deadlines (each from an
//! event, met by an event, in a unit the calendar counts), the 公示, the 整改 and the validity of what is granted.

use std::collections::HashMap;

use super::super::citation::Citation;
use super::super::model::Track;
use super::super::procedure::*;
use super::super::raw::{RawScorecard, S};
use super::super::raw_procedure::*;
use super::parse::Ctx;
use super::problem::SheetProblem;
use super::procedure_problem::{MAX_PERIOD, MAX_WHAT_CHARS, ProcedurePart as Part, ProcedureProblem as P};

fn err(ctx: &mut Ctx, span: std::ops::Range<usize>, p: P) {
    ctx.err(span, SheetProblem::Procedure(p));
}

fn citation(ctx: &mut Ctx, source: &S<String>, part: Part, id: Option<&str>) -> Citation {
    Citation::parse(source.get_ref()).unwrap_or_else(|| {
        let p = P::BadCitation { part, id: id.map(str::to_string), text: source.get_ref().clone() };
        err(ctx, source.span(), p);
        Citation { first: 1, last: 1 }
    })
}

fn text(ctx: &mut Ctx, value: &S<String>, part: Part, id: Option<&str>, key: &'static str) -> String {
    let t = value.get_ref().trim();
    if t.is_empty() {
        err(ctx, value.span(), P::Empty { part, id: id.map(str::to_string), key });
    }
    t.to_string()
}

fn id(ctx: &mut Ctx, value: &S<String>, part: Part, seen: &mut HashMap<String, usize>) -> String {
    let id = value.get_ref().clone();
    let valid = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !valid {
        err(ctx, value.span(), P::BadId { part, id: id.clone() });
    }
    let line = ctx.line_of(value.span().start);
    if let Some(first_line) = seen.insert(id.clone(), line) {
        err(ctx, value.span(), P::IdTwice { part, id: id.clone(), first_line });
    }
    id
}

fn event(ctx: &mut Ctx, value: &S<String>, part: Part, id: &str, key: &'static str) -> Event {
    Event::parse(value.get_ref()).unwrap_or_else(|| {
        let p = P::UnknownEvent { part, id: Some(id.to_string()), key, word: value.get_ref().clone() };
        err(ctx, value.span(), p);
        Event::Application
    })
}

/// A period `n unit`; `allowed` says whether working days may count it.
fn period(ctx: &mut Ctx, n: &S<i64>, unit: &S<String>, part: Part, id: Option<&str>, working_days: bool) -> Period {
    let count = *n.get_ref();
    if !(1..=MAX_PERIOD).contains(&count) {
        err(ctx, n.span(), P::BadCount { part, id: id.map(str::to_string), n: count });
    }
    let unit = match PeriodUnit::parse(unit.get_ref()) {
        Some(PeriodUnit::WorkingDays) if !working_days => {
            err(ctx, unit.span(), P::UnitNotAllowed { part, unit: unit.get_ref().clone() });
            PeriodUnit::Days
        }
        Some(u) => u,
        None => {
            let p = P::UnknownUnit { part, id: id.map(str::to_string), word: unit.get_ref().clone() };
            err(ctx, unit.span(), p);
            PeriodUnit::Days
        }
    };
    Period { n: count.clamp(1, MAX_PERIOD) as u32, unit }
}

/// A track that restricts a part: voluntary or mandatory.
fn track(ctx: &mut Ctx, t: &S<String>, part: &str) -> Track {
    match Track::parse(t.get_ref()) {
        Some(track @ (Track::Voluntary | Track::Mandatory)) => track,
        _ => {
            err(ctx, t.span(), P::UnknownTrack { deadline: part.to_string(), word: t.get_ref().clone() });
            Track::Any
        }
    }
}

fn check_items(ctx: &mut Ctx, raw: &[RawCheckItem], part: Part) -> Vec<CheckItem> {
    let mut seen = HashMap::new();
    raw.iter()
        .map(|c| {
            let cid = id(ctx, &c.id, part, &mut seen);
            CheckItem {
                number: c.number.as_ref().map(|n| n.get_ref().trim().to_string()),
                text: text(ctx, &c.text, part, Some(&cid), "text"),
                source: citation(ctx, &c.source, part, Some(&cid)),
                id: cid,
            }
        })
        .collect()
}

fn deadlines(ctx: &mut Ctx, raw: &[RawDeadline]) -> Vec<DeadlineRule> {
    let part = Part::Deadline;
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for d in raw {
        let did = id(ctx, &d.id, part, &mut seen);
        let what = text(ctx, &d.what, part, Some(&did), "what");
        let short = what.chars().count() <= MAX_WHAT_CHARS
            && !what.contains(['\n', '\r'])
            && what.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if !what.is_empty() && !short {
            err(ctx, d.what.span(), P::WhatNotShortChinese { deadline: did.clone() });
        }
        let from = event(ctx, &d.from, part, &did, "from");
        let met_by = event(ctx, &d.met_by, part, &did, "met_by");
        if from == met_by {
            err(ctx, d.met_by.span(), P::SameEvent { deadline: did.clone(), event: met_by.as_str().to_string() });
        } else if met_by == Event::PublicationEnd {
            err(ctx, d.met_by.span(), P::MetByComputed { deadline: did.clone(), event: met_by.as_str().to_string() });
        }
        let track = d.track.as_ref().map(|t| track(ctx, t, &did));
        let void_by = d.void_by.as_ref().map(|v| event(ctx, v, part, &did, "void_by"));
        out.push(DeadlineRule {
            what,
            from,
            met_by,
            track,
            void_by,
            period: period(ctx, &d.n, &d.unit, part, Some(&did), true),
            who: text(ctx, &d.who, part, Some(&did), "who"),
            text: text(ctx, &d.text, part, Some(&did), "text"),
            source: citation(ctx, &d.source, part, Some(&did)),
            id: did,
        });
    }
    out
}

fn publication(ctx: &mut Ctx, raw: &S<RawPublication>) -> Publication {
    let part = Part::Publication;
    let p = raw.get_ref();
    let objection = match (&p.objection_text, &p.objection_source) {
        (Some(t), Some(s)) => {
            Some(Quote { text: text(ctx, t, part, None, "objection_text"), source: citation(ctx, s, part, None) })
        }
        (None, None) => None,
        _ => {
            err(ctx, raw.span(), P::ObjectionNeedsQuote);
            None
        }
    };
    match (p.objection_stops, objection.is_some()) {
        (true, false) if p.objection_text.is_none() && p.objection_source.is_none() => {
            err(ctx, raw.span(), P::ObjectionNeedsQuote)
        }
        (false, true) => err(ctx, raw.span(), P::ObjectionQuoteWithoutStop),
        _ => {}
    }
    let period = match (&p.n, &p.unit) {
        (Some(n), Some(unit)) => Some(period(ctx, n, unit, part, None, true)),
        (None, None) => None,
        _ => {
            err(ctx, raw.span(), P::HalfPeriod { part });
            None
        }
    };
    Publication {
        period,
        place: p.place.as_ref().map(|w| text(ctx, w, part, None, "where")),
        objection_stops: p.objection_stops,
        objection,
        text: text(ctx, &p.text, part, None, "text"),
        source: citation(ctx, &p.source, part, None),
    }
}

fn rectification(ctx: &mut Ctx, raw: &S<RawRectification>) -> Rectification {
    let part = Part::Rectification;
    let r = raw.get_ref();
    let period = match (&r.n, &r.unit) {
        (Some(n), Some(unit)) => Some(period(ctx, n, unit, part, None, true)),
        (None, None) => None,
        _ => {
            err(ctx, raw.span(), P::HalfPeriod { part });
            None
        }
    };
    let period_track = r.track.as_ref().map(|t| track(ctx, t, "[rectification]"));
    Rectification {
        period,
        period_track,
        who: r.who.as_ref().map(|w| text(ctx, w, part, None, "who")),
        recheck_by: r.recheck_by.as_ref().map(|w| text(ctx, w, part, None, "recheck_by")),
        text: text(ctx, &r.text, part, None, "text"),
        source: citation(ctx, &r.source, part, None),
    }
}

fn validity(ctx: &mut Ctx, raw: &S<RawValidity>) -> Validity {
    let part = Part::Validity;
    let v = raw.get_ref();
    let renewal = v.renewal.as_ref().map(|r| {
        let r = r.get_ref();
        Renewal {
            period: period(ctx, &r.n, &r.unit, Part::Renewal, None, false),
            text: text(ctx, &r.text, Part::Renewal, None, "text"),
            source: citation(ctx, &r.source, Part::Renewal, None),
        }
    });
    Validity {
        what: text(ctx, &v.what, part, None, "what"),
        period: period(ctx, &v.n, &v.unit, part, None, false),
        text: text(ctx, &v.text, part, None, "text"),
        source: citation(ctx, &v.source, part, None),
        renewal,
    }
}

/// Every procedural part of a file, validated.
pub(super) fn procedure(ctx: &mut Ctx, raw: &RawScorecard) -> Procedure {
    Procedure {
        conditions: check_items(ctx, &raw.conditions, Part::Condition),
        materials: check_items(ctx, &raw.materials, Part::Material),
        deadlines: deadlines(ctx, &raw.deadlines),
        publication: raw.publication.as_ref().map(|p| publication(ctx, p)),
        rectification: raw.rectification.as_ref().map(|r| rectification(ctx, r)),
        validity: raw.validity.as_ref().map(|v| validity(ctx, v)),
    }
}
