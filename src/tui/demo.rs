//! The demo review (fixtures/demo-review.json): a complete example a newcomer can load with one key.

use serde::Deserialize;

use crate::domain::points::Points;
use crate::domain::review::Answer;
use crate::domain::scorecard::Catalog;
use crate::store::{NewExpert, NewReview, OpinionPatch, Store, StoreError};

pub const DEMO: &str = include_str!("../../fixtures/demo-review.json");

#[derive(Deserialize)]
struct Demo {
    scorecard: String,
    enterprise: String,
    credit_code: String,
    address: String,
    industry: String,
    agency: String,
    date: String,
    place: String,
    experts: Vec<DemoExpert>,
    recusal: DemoRecusal,
    /// Per expert name: item → [score, reason] (items left out get full marks).
    deductions: std::collections::BTreeMap<String, std::collections::BTreeMap<String, (String, String)>>,
    vetoes: Vec<String>,
    opinion: DemoOpinion,
}

#[derive(Deserialize)]
struct DemoExpert {
    name: String,
    unit: String,
    title: String,
    field: String,
    lead: bool,
}

#[derive(Deserialize)]
struct DemoRecusal {
    expert: String,
    reason: String,
    statement: String,
}

#[derive(Deserialize)]
struct DemoOpinion {
    summary: String,
    problems: String,
    suggestions: String,
    conclusion: String,
}

/// Why the demo review could not be loaded: its fixture (built in) does not read, or the store refused it.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo fixture is invalid: {0}")]
    Fixture(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn bad(e: impl std::fmt::Display) -> DemoError {
    DemoError::Fixture(e.to_string())
}

/// Loads the demo review into the store and returns its id.
pub fn load(store: &mut Store, catalog: &Catalog) -> Result<i64, DemoError> {
    let demo: Demo = serde_json::from_str(DEMO).map_err(bad)?;
    let card = catalog.scorecard(&demo.scorecard).ok_or_else(|| bad(format!("no sheet {}", demo.scorecard)))?;
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let id = store.create_review(
        &NewReview {
            enterprise_name: demo.enterprise,
            credit_code: demo.credit_code,
            address: demo.address,
            industry: demo.industry,
            track: None,
            agency: demo.agency,
            date: demo.date,
            review_type: None,
            place: demo.place,
        },
        card,
        &rules,
    )?;
    let mut ids = Vec::new();
    for e in &demo.experts {
        let eid = store.add_expert(
            id,
            &NewExpert {
                name: e.name.clone(),
                unit: e.unit.clone(),
                title: e.title.clone(),
                field: e.field.clone(),
                lead: e.lead,
            },
        )?;
        ids.push((e.name.clone(), eid));
    }
    let find = |name: &str| {
        ids.iter().find(|(n, _)| n == name).map(|(_, i)| *i).ok_or_else(|| bad(format!("no expert {name}")))
    };
    store.recuse(id, find(&demo.recusal.expert)?, &demo.recusal.reason, &demo.recusal.statement)?;
    for (name, eid) in &ids {
        if *name == demo.recusal.expert {
            continue;
        }
        let mine = demo.deductions.get(name);
        for item in card.scored_items() {
            match mine.and_then(|d| d.get(&item.id)) {
                Some((score, reason)) => {
                    let p = Points::parse(score).map_err(bad)?;
                    store.set_score(id, *eid, &item.id, p, reason, "")?;
                }
                None => store.set_score(id, *eid, &item.id, item.points, "", "")?,
            }
        }
    }
    for v in &card.vetoes {
        if v.computed.is_none() && demo.vetoes.contains(&v.id) {
            store.answer_veto(id, &v.id, Answer::No, "")?;
        }
    }
    store.set_opinion(
        id,
        &OpinionPatch {
            summary: Some(demo.opinion.summary),
            problems: Some(demo.opinion.problems),
            suggestions: Some(demo.opinion.suggestions),
            conclusion: Some(demo.opinion.conclusion),
        },
    )?;
    Ok(id)
}
