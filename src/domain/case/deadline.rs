//! A case's deadlines: each rule of its file counted from the date of the event that starts it (on the official
//! calendar), the end of its 公示, the time limit of its 整改, and the expiry of what was granted with its renewal;
//! and where each stands on a given day.

use std::borrow::Cow;

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use super::{CaseFile, Mark};
use crate::domain::calendar::{Calendar, CalendarError};
use crate::domain::scorecard::Citation;
use crate::domain::scorecard::procedure::{Event, Period, PeriodUnit, Procedure};

/// How many working days before it a deadline is due soon: one working week, half the shortest period the source
/// sets for a step (10 工作日), so that the warning leaves time to act (see the module documentation).
pub const SOON_WORKING_DAYS: u32 = 5;

/// Where a deadline stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Not met, and more than [`SOON_WORKING_DAYS`] working days away.
    Due,
    /// Not met, and at most [`SOON_WORKING_DAYS`] working days away.
    DueSoon,
    /// Not met, and past.
    Overdue,
    /// Met (the event that meets it is recorded), or, for a period that only runs (the 公示), over.
    Done,
    /// The due date needs a year the calendar does not have.
    BeyondCalendar,
}

impl DeadlineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::Due => "due",
            DeadlineStatus::DueSoon => "due_soon",
            DeadlineStatus::Overdue => "overdue",
            DeadlineStatus::Done => "done",
            DeadlineStatus::BeyondCalendar => "beyond_calendar",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeadlineStatus::Due => "未到期",
            DeadlineStatus::DueSoon => "即将到期",
            DeadlineStatus::Overdue => "已逾期",
            DeadlineStatus::Done => "已完成",
            DeadlineStatus::BeyondCalendar => "超出日历",
        }
    }
}

/// How many days before it the expiry of a title or its renewal is due soon: these are dates years away, not counted
/// on the calendar, and a renewal is planned by the month.
pub const PLAIN_SOON_DAYS: u32 = 30;

/// Where a date that is not counted on the calendar (an expiry, a renewal) stands on `today`.
pub fn plain_status(today: NaiveDate, date: NaiveDate) -> DeadlineStatus {
    if today > date {
        DeadlineStatus::Overdue
    } else if today.checked_add_days(Days::new(u64::from(PLAIN_SOON_DAYS))).is_some_and(|d| date <= d) {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::Due
    }
}

/// A due date, or why it cannot be counted.
pub type Due = Result<NaiveDate, CalendarError>;

/// What kind of deadline: a rule of the file, or one of the steps every case has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Rule,
    Publication,
    Rectification,
    Validity,
    Renewal,
}

/// One deadline of a case, counted. Its words are borrowed from the file's rules where they are the rules' own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline<'a> {
    /// The rule's id, or `publication`, `rectification`, `validity`, `renewal`.
    pub id: String,
    pub kind: DeadlineKind,
    /// What is due, in Chinese.
    pub what: Cow<'a, str>,
    pub who: Option<Cow<'a, str>>,
    /// The round whose event starts it (0: the case's own).
    pub round: u32,
    pub from: Event,
    pub from_date: NaiveDate,
    /// The period; `None` for a limit the support unit set.
    pub period: Option<Period>,
    pub due: Due,
    pub met_by: Option<Event>,
    pub met_on: Option<NaiveDate>,
    pub status: DeadlineStatus,
    /// The lines of the rule; `None` for a limit the support unit set.
    pub source: Option<Citation>,
}

/// A rule whose starting event has not happened yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    pub id: String,
    pub what: String,
    pub from: Event,
    pub period: Period,
    pub source: Citation,
}

/// The last day of `period` after `from`, on the calendar: working days counted, days (weeks: seven each) and months
/// (years: twelve each) ended on the next working day where they end on a rest day.
pub fn count(calendar: &Calendar, from: NaiveDate, period: Period) -> Due {
    let n = period.n;
    match period.unit {
        PeriodUnit::WorkingDays => calendar.workdays_after(from, n),
        PeriodUnit::Days => calendar.days_after(from, n),
        PeriodUnit::Weeks => calendar.days_after(from, n.saturating_mul(7)),
        PeriodUnit::Months => calendar.months_after(from, n),
        PeriodUnit::Years => calendar.months_after(from, n.saturating_mul(12)),
    }
}

/// The corresponding day `period` after (or, `back`, before) `date`, not moved off a rest day: how a validity ends
/// and how far before its end a renewal is due. `None` only past the dates chrono can represent.
pub fn plain(date: NaiveDate, period: Period, back: bool) -> Option<NaiveDate> {
    let days = |n: u32| Days::new(u64::from(n));
    let months = |n: u32| Months::new(n);
    match (period.unit, back) {
        (PeriodUnit::Days | PeriodUnit::WorkingDays, false) => date.checked_add_days(days(period.n)),
        (PeriodUnit::Days | PeriodUnit::WorkingDays, true) => date.checked_sub_days(days(period.n)),
        (PeriodUnit::Weeks, false) => date.checked_add_days(days(period.n.saturating_mul(7))),
        (PeriodUnit::Weeks, true) => date.checked_sub_days(days(period.n.saturating_mul(7))),
        (PeriodUnit::Months, false) => date.checked_add_months(months(period.n)),
        (PeriodUnit::Months, true) => date.checked_sub_months(months(period.n)),
        (PeriodUnit::Years, false) => date.checked_add_months(months(period.n.saturating_mul(12))),
        (PeriodUnit::Years, true) => date.checked_sub_months(months(period.n.saturating_mul(12))),
    }
}

/// Where a deadline stands on `today`; `soon`: the day [`SOON_WORKING_DAYS`] working days after `today` (counted once
/// for every deadline of the day).
pub fn status(today: NaiveDate, soon: &Due, due: &Due, met_on: Option<NaiveDate>) -> DeadlineStatus {
    if met_on.is_some() {
        return DeadlineStatus::Done;
    }
    let Ok(due) = due else { return DeadlineStatus::BeyondCalendar };
    if today > *due {
        return DeadlineStatus::Overdue;
    }
    match soon {
        Ok(limit) if *due > *limit => DeadlineStatus::Due,
        Ok(_) => DeadlineStatus::DueSoon,
        // Counting the week runs into a year the calendar lacks, while the due date itself was counted: it falls
        // before that year, within fewer working days than the week.
        Err(_) => DeadlineStatus::DueSoon,
    }
}

/// The end of a round's 公示, where it began and the file sets its period.
pub fn publication_end(calendar: &Calendar, procedure: &Procedure, case: &CaseFile, round: u32) -> Option<Due> {
    let p = procedure.publication.as_ref()?;
    let start = case.date(round, Mark::Event(Event::Publication))?;
    match p.period {
        Some(period) => Some(count(calendar, start, period)),
        // The province sets no period: the day the support unit recorded.
        None => case.date(round, Mark::Event(Event::PublicationEnd)).map(Ok),
    }
}

/// The time limit of a round's 整改: the file's period from the failure notice, or the limit the support unit set
/// where the file sets none.
pub fn rectification_due(calendar: &Calendar, procedure: &Procedure, case: &CaseFile, round: u32) -> Option<Due> {
    let notified = case.date(round, Mark::Event(Event::Failure))?;
    match procedure.rectification_period(case.track) {
        Some(period) => Some(count(calendar, notified, period)),
        None => case.date(round, Mark::RectificationDue).map(Ok),
    }
}

/// The rounds a case has anything in, from 1.
fn rounds(case: &CaseFile) -> Vec<u32> {
    let mut all: Vec<u32> =
        case.events.iter().map(|e| e.round).chain(case.reviews.iter().map(|r| r.round)).filter(|r| *r > 0).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The round whose event meets a deadline started in `round`.
fn met_round(from: Event, met_by: Event, round: u32) -> u32 {
    match (from.of_case(), met_by.of_case(), met_by) {
        (_, true, _) => 0,
        (true, false, _) => 1,
        (false, false, Event::RecheckRequest) => round + 1,
        (false, false, _) => round,
    }
}

/// Every deadline of a case that has started, counted and placed on `today`; and the file's rules that have not
/// started yet.
pub fn deadlines<'a>(
    procedure: &'a Procedure,
    case: &CaseFile,
    calendar: &Calendar,
    today: NaiveDate,
) -> (Vec<Deadline<'a>>, Vec<Upcoming>) {
    let mut out = Vec::new();
    let mut upcoming = Vec::new();
    let rounds = rounds(case);
    let soon = calendar.workdays_after(today, SOON_WORKING_DAYS);
    for rule in procedure.deadlines.iter().filter(|r| r.track.is_none_or(|t| t == case.track)) {
        let starts: Vec<u32> = if rule.from.of_case() { vec![0] } else { rounds.clone() };
        let mut any = false;
        for round in starts {
            let Some(from_date) = (match rule.from {
                Event::PublicationEnd => publication_end(calendar, procedure, case, round).and_then(|d| d.ok()),
                e => case.event_date(round, e),
            }) else {
                continue;
            };
            any = true;
            if let Some(void) = rule.void_by
                && case.event_date(met_round(rule.from, void, round), void).is_some()
            {
                continue;
            }
            let due = count(calendar, from_date, rule.period);
            let met_on = case.event_date(met_round(rule.from, rule.met_by, round), rule.met_by);
            out.push(Deadline {
                id: rule.id.clone(),
                kind: DeadlineKind::Rule,
                what: Cow::Borrowed(&rule.what),
                who: Some(Cow::Borrowed(&rule.who)),
                round,
                from: rule.from,
                from_date,
                period: Some(rule.period),
                status: status(today, &soon, &due, met_on),
                due,
                met_by: Some(rule.met_by),
                met_on,
                source: Some(rule.source),
            });
        }
        if !any {
            upcoming.push(Upcoming {
                id: rule.id.clone(),
                what: rule.what.clone(),
                from: rule.from,
                period: rule.period,
                source: rule.source,
            });
        }
    }
    for &round in &rounds {
        if let (Some(p), Some(start), Some(due)) = (
            &procedure.publication,
            case.date(round, Mark::Event(Event::Publication)),
            publication_end(calendar, procedure, case, round),
        ) {
            // The 公示 runs: it is done once its last day has passed.
            let over = due.as_ref().ok().filter(|end| today > **end).copied();
            out.push(Deadline {
                id: "publication".into(),
                kind: DeadlineKind::Publication,
                what: Cow::Borrowed("公示期满"),
                who: None,
                round,
                from: Event::Publication,
                from_date: start,
                period: p.period,
                status: status(today, &soon, &due, over),
                due,
                met_by: None,
                met_on: over,
                source: p.period.map(|_| p.source),
            });
        }
        if let Some(due) = rectification_due(calendar, procedure, case, round) {
            let rule = procedure.rectification.as_ref();
            let from_date = case.date(round, Mark::Event(Event::Failure)).unwrap_or_default();
            let met_on = case.event_date(round + 1, Event::RecheckRequest);
            out.push(Deadline {
                id: "rectification".into(),
                kind: DeadlineKind::Rectification,
                what: Cow::Borrowed("完成整改并重新申请"),
                who: rule.and_then(|r| r.who.as_deref()).map(Cow::Borrowed),
                round,
                from: Event::Failure,
                from_date,
                period: procedure.rectification_period(case.track),
                status: status(today, &soon, &due, met_on),
                due,
                met_by: Some(Event::RecheckRequest),
                met_on,
                source: rule.filter(|_| procedure.rectification_period(case.track).is_some()).map(|r| r.source),
            });
        }
        if let (Some(v), Some(granted)) = (&procedure.validity, case.date(round, Mark::Event(Event::Grant))) {
            // Past the dates chrono can represent only for absurd periods, which the loader refuses.
            let expiry = plain(granted, v.period, false).unwrap_or(NaiveDate::MAX);
            out.push(Deadline {
                id: "validity".into(),
                kind: DeadlineKind::Validity,
                what: Cow::Owned(format!("{}有效期届满", v.what)),
                who: None,
                round,
                from: Event::Grant,
                from_date: granted,
                period: Some(v.period),
                due: Ok(expiry),
                met_by: None,
                met_on: None,
                status: plain_status(today, expiry),
                source: Some(v.source),
            });
            if let Some(r) = &v.renewal {
                let by = plain(expiry, r.period, true).unwrap_or(NaiveDate::MIN);
                out.push(Deadline {
                    id: "renewal".into(),
                    kind: DeadlineKind::Renewal,
                    what: Cow::Borrowed("申请换证（续期）"),
                    who: None,
                    round,
                    from: Event::Grant,
                    from_date: granted,
                    period: Some(r.period),
                    due: Ok(by),
                    met_by: None,
                    met_on: None,
                    status: plain_status(today, by),
                    source: Some(r.source),
                });
            }
        }
    }
    (out, upcoming)
}
