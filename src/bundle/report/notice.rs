//! Which cases a 公示 notice lists: every case whose 公示 begins on a day (of one province, if given), grouped by
//! province and last day, with the province's rule; and the file a case follows.

use chrono::NaiveDate;

use super::{NoticeGroup, NoticeLine};
use crate::domain::calendar::Calendar;
use crate::domain::case::{CaseFile, Mark, date_zh, publication_end, verdict};
use crate::domain::explain::Explain;
use crate::domain::scorecard::procedure::Event;
use crate::domain::scorecard::{Catalog, Scorecard};
use crate::store::{Store, StoreError};

/// The case's file: the one loaded under its id, else the frozen sheet of its first review.
pub fn case_card(catalog: &Catalog, store: &Store, case: &CaseFile) -> Option<Scorecard> {
    if let Some(c) = catalog.scorecard(&case.scorecard_id) {
        return Some(c.clone());
    }
    let first = case.reviews.first()?;
    store.load(first.review_id).ok().map(|r| r.card)
}

/// The groups of the 公示 notice of every case whose 公示 begins on `start` (of `province`, if given); empty when
/// there is none.
pub fn notice_groups(
    catalog: &Catalog,
    store: &Store,
    cal: &Calendar,
    start: NaiveDate,
    province: Option<&str>,
) -> Result<Vec<NoticeGroup>, StoreError> {
    let mut groups: Vec<NoticeGroup> = Vec::new();
    for c in store.list_cases()? {
        if province.is_some_and(|p| p != c.province) {
            continue;
        }
        let round = c.last_round();
        if c.date(round, Mark::Event(Event::Publication)) != Some(start) {
            continue;
        }
        let case = store.load_case(c.id)?;
        let Some(card) = case_card(catalog, store, &case) else { continue };
        let Some(rule) = card.procedure.publication.as_ref() else { continue };
        let end = match publication_end(cal, &card.procedure, &case, round) {
            Some(Ok(d)) => Ok(d),
            Some(Err(e)) => Err(e.zh()),
            None => continue,
        };
        let line = NoticeLine {
            enterprise: case.enterprise.clone(),
            credit_code: case.credit_code.clone(),
            stage: card.stage_label().to_string(),
            visit: case.date(round, Mark::Event(Event::SiteVisit)).map(date_zh).unwrap_or_default(),
            result: verdict(&case, round).map(|v| v.label().to_string()).unwrap_or_else(|| "通过".into()),
        };
        match groups.iter_mut().find(|g| g.province == case.province && g.end == end) {
            Some(g) => g.lines.push(line),
            None => groups.push(NoticeGroup {
                province: case.province.clone(),
                start,
                end,
                period: rule
                    .period
                    .map(|p| p.label())
                    .unwrap_or_else(|| "公示期由支持单位设定（本省文件未规定）".into()),
                place: rule.place.clone(),
                rule: rule.text.clone(),
                source: rule.source.to_string(),
                lines: vec![line],
            }),
        }
    }
    Ok(groups)
}
