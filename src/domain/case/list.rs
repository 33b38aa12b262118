//! The case list: one row per case with where it stands and its next deadline, filtered by province, stage and
//! phase, sorted by the next deadline.

use chrono::NaiveDate;

use super::CaseFile;
use super::deadline::{DeadlineStatus, deadlines};
use super::phase::{Phase, phase};
use crate::domain::calendar::Calendar;
use crate::domain::scorecard::procedure::Procedure;
use crate::domain::scorecard::{Stage, Track};

/// The deadline a case must meet next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextDeadline {
    pub what: String,
    pub due: NaiveDate,
    pub status: DeadlineStatus,
}

/// One line of the case list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub enterprise: String,
    pub credit_code: String,
    pub province: String,
    pub stage: Stage,
    pub track: Track,
    pub scorecard_id: String,
    pub reviews: usize,
    pub phase: Phase,
    /// The phase in Chinese.
    pub status: String,
    pub next: Option<NextDeadline>,
}

/// Which cases the list shows: each filter that is set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub province: Option<String>,
    pub stage: Option<Stage>,
    /// A phase as [`Phase::as_str`] spells it.
    pub status: Option<String>,
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaseSort {
    /// The next deadline first (the earliest due date; cases without one last, newest first).
    #[default]
    NextDeadline,
    /// Newest case first.
    Newest,
}

static NONE: std::sync::LazyLock<Procedure> = std::sync::LazyLock::new(Procedure::default);

/// The list's rows on `today`. `procedure` gives each case's procedure by its file's id (a file no longer loaded
/// has none).
pub fn list_rows<'a>(
    cases: &[CaseFile],
    procedure: impl Fn(&str) -> Option<&'a Procedure>,
    calendar: &Calendar,
    today: NaiveDate,
    filter: &CaseFilter,
    sort: CaseSort,
) -> Vec<CaseRow> {
    let mut rows: Vec<CaseRow> = cases
        .iter()
        .filter(|c| filter.province.as_ref().is_none_or(|p| &c.province == p))
        .filter(|c| filter.stage.is_none_or(|s| c.stage == s))
        .filter_map(|c| {
            let pr = procedure(&c.scorecard_id).unwrap_or(&NONE);
            let ph = phase(c, pr, calendar, today);
            if filter.status.as_ref().is_some_and(|s| s != ph.as_str()) {
                return None;
            }
            let (list, _) = deadlines(pr, c, calendar, today);
            let next = list
                .into_iter()
                .filter(|d| d.status != DeadlineStatus::Done)
                .filter_map(|d| d.due.ok().map(|due| (due, d.what, d.status)))
                .min_by_key(|n| n.0)
                .map(|(due, what, status)| NextDeadline { what: what.into_owned(), due, status });
            Some(CaseRow {
                id: c.id,
                enterprise: c.enterprise.clone(),
                credit_code: c.credit_code.clone(),
                province: c.province.clone(),
                stage: c.stage,
                track: c.track,
                scorecard_id: c.scorecard_id.clone(),
                reviews: c.reviews.len(),
                status: ph.label(),
                phase: ph,
                next,
            })
        })
        .collect();
    match sort {
        CaseSort::NextDeadline => rows.sort_by(|a, b| match (&a.next, &b.next) {
            (Some(x), Some(y)) => x.due.cmp(&y.due).then(b.id.cmp(&a.id)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.id.cmp(&a.id),
        }),
        CaseSort::Newest => rows.sort_by_key(|r| std::cmp::Reverse(r.id)),
    }
    rows
}
