//! The case around a review (验收案件): an enterprise's application, checked against its province's conditions and
//! materials, the review(s) held on it, the 验收工作报告, the 公示 and the objections to it, the 整改 after a failure
//! and the 复核, and the title or certificate granted with its validity. Pure: the store reads and writes a case,
//! this module says what its deadlines are, where it stands and what may be done next.
//!
//! # Rounds
//!
//! A case holds one review per round: round 1 is the first review, round 2 the first 复核 (a new review on the same
//! sheet or rules, linked to the review it re-checks), and so on. The application, its acceptance and its check
//! belong to the case (round 0); a site visit, the 工作报告, the 公示, the failure notice, a 复核's request and the
//! grant belong to their round.
//!
//! # Deadlines
//!
//! A deadline of the province's file is counted from the date of the event that starts it, on the official working
//! calendar ([`crate::domain::calendar`], which counts as 民法典 第二百零一–二百零三条 say): working days, days (weeks
//! are seven days) and months (years are twelve months), a period whose last day is a rest day ending on the next
//! working day. A date beyond the calendar is never counted as a plain weekday: the deadline says which year is
//! missing. A validity (有效期) is not a period to act within: it ends on the corresponding day (第二百零二条), as the
//! certificate prints it, and is not moved; the renewal it asks for is due the period before that day, counted back
//! the same way.
//!
//! A deadline is **due soon** when it falls within [`SOON_WORKING_DAYS`] working days: one working week, half the
//! shortest period the source sets for a step (10 工作日 for the 验收工作报告 in 北京 and 山东), so the warning comes
//! while there is still time to act.

mod choose;
mod compare;
mod deadline;
mod list;
mod page;
mod phase;
mod refusal;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::review::Status;
use crate::domain::scorecard::procedure::Event;
use crate::domain::scorecard::{Stage, Track};

pub use choose::choose_scorecard;
pub use compare::{Comparison, FindingChange, ItemChange, VetoChange, compare_items, compare_reviews};
pub use deadline::{
    Deadline, DeadlineKind, DeadlineStatus, Due, PLAIN_SOON_DAYS, SOON_WORKING_DAYS, Upcoming, count, deadlines, plain,
    plain_status, publication_end, rectification_due,
};
pub use list::{CaseFilter, CaseRow, CaseSort, NextDeadline, list_rows};
pub use page::{CasePage, CheckLine, PageNote, SILENT, Step, case_page};
pub use phase::{Phase, Verdict, check_event_order, phase, verdict};
pub use refusal::CaseRefusal;

/// What a stored row of a case's events records: an event of the procedure, or one of the case's own marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Event(Event),
    /// The application's check is done (its note: the reason to go on with a condition unmet).
    Checked,
    /// The time limit of a 整改 that the support unit set, where the province's files set none (the date is the due
    /// date).
    RectificationDue,
}

impl Mark {
    /// As the database spells it: an event's own name, `checked`, `rectification_due`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Event(e) => e.as_str(),
            Mark::Checked => "checked",
            Mark::RectificationDue => "rectification_due",
        }
    }

    pub fn parse(text: &str) -> Option<Mark> {
        match text {
            "checked" => Some(Mark::Checked),
            "rectification_due" => Some(Mark::RectificationDue),
            other => Event::parse(other).map(Mark::Event),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::Event(e) => e.label(),
            Mark::Checked => "申请审查完成",
            Mark::RectificationDue => "整改期限（支持单位设定）",
        }
    }
}

/// One dated row of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvent {
    pub round: u32,
    pub mark: Mark,
    pub date: NaiveDate,
    pub note: String,
}

/// An application condition or a material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Condition,
    Material,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Condition => "condition",
            CheckKind::Material => "material",
        }
    }

    pub fn parse(text: &str) -> Option<CheckKind> {
        [CheckKind::Condition, CheckKind::Material].into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Condition => "申请条件",
            CheckKind::Material => "申请材料",
        }
    }
}

/// A condition or material ticked, with the support unit's note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckMark {
    pub kind: CheckKind,
    pub item: String,
    pub met: bool,
    pub note: String,
}

/// A review of the case, as the case needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseReview {
    pub review_id: i64,
    /// The review's stable id (what its bundles carry); not read for the list.
    pub uid: Option<String>,
    pub round: u32,
    /// The review this one re-checks (复核), if it is one.
    pub recheck_of: Option<i64>,
    pub status: Status,
    /// The review's date (the site visit it records); `None` only for a date the store could not read.
    pub date: Option<NaiveDate>,
    /// The day it was finalized, where it is (as stored with its result, or as its log says).
    pub finalized_on: Option<NaiveDate>,
    /// Its result, where it is finalized and the sheet decides it (the case page evaluates it; the list reads it as
    /// stored when the review was finalized, from the same evaluation): `None` where it is left to the panel.
    pub verdict: Option<Verdict>,
}

/// An objection raised during a 公示, and the decision on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Objection {
    pub id: i64,
    pub round: u32,
    pub date: NaiveDate,
    pub text: String,
    pub decision: Option<ObjectionDecision>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectionDecision {
    pub upheld: bool,
    pub date: NaiveDate,
    pub note: String,
}

/// Everything stored about a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFile {
    pub id: i64,
    pub uid: String,
    pub province: String,
    pub track: Track,
    pub stage: Stage,
    pub scorecard_id: String,
    pub enterprise: String,
    pub credit_code: String,
    pub industry: String,
    /// The review this case was opened for, when it was made for a review started outside any case (or for one
    /// that existed before cases did).
    pub opened_from: Option<i64>,
    pub created_at: String,
    pub events: Vec<CaseEvent>,
    pub checks: Vec<CheckMark>,
    /// In round order.
    pub reviews: Vec<CaseReview>,
    pub objections: Vec<Objection>,
}

impl CaseFile {
    /// The date of a mark in a round (round 0 for the case's own). A round's site visit is its review's date once
    /// the review is there (the review records it), else the date scheduled.
    pub fn date(&self, round: u32, mark: Mark) -> Option<NaiveDate> {
        if mark == Mark::Event(Event::SiteVisit)
            && let Some(r) = self.review(round)
        {
            return r.date;
        }
        self.event(round, mark).map(|e| e.date)
    }

    pub fn event(&self, round: u32, mark: Mark) -> Option<&CaseEvent> {
        self.events.iter().find(|e| e.round == round && e.mark == mark)
    }

    /// The date of a procedure event in a round, the review's finalization standing for its result.
    pub fn event_date(&self, round: u32, event: Event) -> Option<NaiveDate> {
        let round = if event.of_case() { 0 } else { round };
        match event {
            Event::Result => self.review(round).and_then(|r| r.finalized_on),
            e => self.date(round, Mark::Event(e)),
        }
    }

    pub fn review(&self, round: u32) -> Option<&CaseReview> {
        self.reviews.iter().find(|r| r.round == round)
    }

    /// The last round that has a review (0 when none has).
    pub fn last_round(&self) -> u32 {
        self.reviews.iter().map(|r| r.round).max().unwrap_or(0)
    }

    pub fn check(&self, kind: CheckKind, item: &str) -> Option<&CheckMark> {
        self.checks.iter().find(|c| c.kind == kind && c.item == item)
    }

    pub fn objection(&self, id: i64) -> Option<&Objection> {
        self.objections.iter().find(|o| o.id == id)
    }
}

/// A date written `YYYY-MM-DD` (as the store and the command line write every date), read without a format string:
/// the case list reads tens of thousands.
pub fn ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// `2026-03-02` → `2026年3月2日`, as every document writes a date.
pub fn date_zh(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
