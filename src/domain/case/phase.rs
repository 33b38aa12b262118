//! Where a case stands (its phase), from what is recorded, and the order its dates must keep.

use chrono::NaiveDate;
use serde::Serialize;

use super::deadline::{publication_end, rectification_due};
use super::{CaseFile, CaseRefusal, Mark};
use crate::domain::calendar::Calendar;
use crate::domain::review::Status;
use crate::domain::scorecard::procedure::{Event, Procedure};

/// A review's result, as the case takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Passed,
    Failed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "passed" => Some(Verdict::Passed),
            "failed" => Some(Verdict::Failed),
            _ => None,
        }
    }

    pub fn of(passed: bool) -> Verdict {
        if passed { Verdict::Passed } else { Verdict::Failed }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Passed => "通过",
            Verdict::Failed => "未通过",
        }
    }
}

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The application is being checked.
    Application,
    /// Checked: waiting for its review.
    Ready,
    /// The round's review is under way.
    Reviewing { round: u32, review: i64 },
    /// The round's review is finalized; its result is not yet taken further (published, or rectified). `verdict`:
    /// the result where it is known to the reader.
    Finalized { round: u32, review: i64, verdict: Option<Verdict> },
    /// The result is published; `end`: the 公示's last day, where it can be counted.
    Publication { round: u32, end: Option<NaiveDate> },
    /// Passed: its 公示 ended without an objection that stops it, or it needs none.
    Passed { round: u32 },
    /// An objection the province says stops a pass was upheld during the 公示.
    Rejected { round: u32 },
    /// The review failed; no 整改 notified yet.
    Failed { round: u32, review: i64 },
    /// Rectifying after a failed review, until the 复核 is asked for; `due`: its time limit, where known.
    Rectifying { round: u32, due: Option<NaiveDate> },
    /// The title or certificate is granted.
    Granted { round: u32, on: NaiveDate },
}

impl Phase {
    /// As the command line's `--status` and the JSON spell it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Application => "application",
            Phase::Ready => "ready",
            Phase::Reviewing { .. } => "reviewing",
            Phase::Finalized { .. } => "finalized",
            Phase::Publication { .. } => "publication",
            Phase::Passed { .. } => "passed",
            Phase::Rejected { .. } => "rejected",
            Phase::Failed { .. } => "failed",
            Phase::Rectifying { .. } => "rectifying",
            Phase::Granted { .. } => "granted",
        }
    }

    pub const NAMES: [&'static str; 10] = [
        "application",
        "ready",
        "reviewing",
        "finalized",
        "publication",
        "passed",
        "rejected",
        "failed",
        "rectifying",
        "granted",
    ];

    /// In Chinese.
    pub fn label(&self) -> String {
        match self {
            Phase::Application => "申请审查中".into(),
            Phase::Ready => "待验收".into(),
            Phase::Reviewing { round: 1, .. } => "验收中".into(),
            Phase::Reviewing { round, .. } => format!("复核中（第 {round} 轮）"),
            Phase::Finalized { verdict: Some(v), .. } => format!("验收已定稿（{}）", v.label()),
            Phase::Finalized { .. } => "验收已定稿".into(),
            Phase::Publication { .. } => "公示中".into(),
            Phase::Passed { .. } => "通过".into(),
            Phase::Rejected { .. } => "不通过（公示异议成立）".into(),
            Phase::Failed { .. } => "未通过（待整改）".into(),
            Phase::Rectifying { .. } => "整改中".into(),
            Phase::Granted { .. } => "已授予称号".into(),
        }
    }
}

/// A round's result as far as the case knows it: what the support unit recorded with the 工作报告, what a 公示 or
/// a failure notice implies, else the review's own (where the reader evaluated it).
pub fn verdict(case: &CaseFile, round: u32) -> Option<Verdict> {
    if let Some(v) = case.event(round, Mark::Event(Event::Report)).and_then(|e| Verdict::parse(&e.note)) {
        return Some(v);
    }
    if case.date(round, Mark::Event(Event::Publication)).is_some()
        || case.date(round, Mark::Event(Event::Grant)).is_some()
    {
        return Some(Verdict::Passed);
    }
    if case.date(round, Mark::Event(Event::Failure)).is_some() {
        return Some(Verdict::Failed);
    }
    case.review(round).and_then(|r| r.verdict)
}

/// Where a case stands on `today`.
pub fn phase(case: &CaseFile, procedure: &Procedure, calendar: &Calendar, today: NaiveDate) -> Phase {
    if let Some(g) = case.events.iter().filter(|e| e.mark == Mark::Event(Event::Grant)).max_by_key(|e| e.round) {
        return Phase::Granted { round: g.round, on: g.date };
    }
    let round = case.last_round();
    let Some(review) = case.review(round) else {
        return if case.date(0, Mark::Checked).is_some() { Phase::Ready } else { Phase::Application };
    };
    if review.status != Status::Finalized {
        return Phase::Reviewing { round, review: review.review_id };
    }
    if case.date(round, Mark::Event(Event::Failure)).is_some() {
        let due = rectification_due(calendar, procedure, case, round).and_then(|d| d.ok());
        return Phase::Rectifying { round, due };
    }
    if case.date(round, Mark::Event(Event::Publication)).is_some() {
        let end = publication_end(calendar, procedure, case, round).and_then(|d| d.ok());
        let stops = procedure.publication.as_ref().is_some_and(|p| p.objection_stops);
        let objections = case.objections.iter().filter(|o| o.round == round);
        if stops && objections.clone().any(|o| o.decision.as_ref().is_some_and(|d| d.upheld)) {
            return Phase::Rejected { round };
        }
        let pending = objections.clone().any(|o| o.decision.is_none());
        return match end {
            Some(end) if today > end && !pending => Phase::Passed { round },
            _ => Phase::Publication { round, end },
        };
    }
    match verdict(case, round) {
        Some(Verdict::Passed) if procedure.publication.is_none() => Phase::Passed { round },
        Some(Verdict::Failed) => Phase::Failed { round, review: review.review_id },
        v => Phase::Finalized { round, review: review.review_id, verdict: v },
    }
}

/// The recorded marks a mark's date must not precede (`true`) or follow (`false`), by round.
fn neighbours(mark: Mark, round: u32) -> Vec<(Mark, u32, bool)> {
    use Event as E;
    let ev = Mark::Event;
    let before = round.saturating_sub(1);
    match mark {
        Mark::Event(E::Listed) => vec![(ev(E::Application), 0, false)],
        Mark::Event(E::Application) => vec![
            (ev(E::Listed), 0, true),
            (ev(E::Accepted), 0, false),
            (ev(E::Forwarded), 0, false),
            (ev(E::Referred), 0, false),
            (Mark::Checked, 0, false),
            (ev(E::SiteVisit), 1, false),
        ],
        Mark::Event(E::Accepted) => vec![
            (ev(E::Application), 0, true),
            (ev(E::Forwarded), 0, false),
            (Mark::Checked, 0, false),
            (ev(E::SiteVisit), 1, false),
        ],
        Mark::Event(E::Forwarded) => vec![
            (ev(E::Application), 0, true),
            (ev(E::Accepted), 0, true),
            (ev(E::Referred), 0, false),
            (ev(E::SiteVisit), 1, false),
        ],
        Mark::Event(E::Referred) => {
            vec![(ev(E::Application), 0, true), (ev(E::Forwarded), 0, true), (ev(E::SiteVisit), 1, false)]
        }
        Mark::Checked => vec![(ev(E::Application), 0, true), (ev(E::Accepted), 0, true), (ev(E::SiteVisit), 1, false)],
        Mark::Event(E::SiteVisit) => {
            let mut v = if round <= 1 {
                vec![
                    (ev(E::Application), 0, true),
                    (ev(E::Accepted), 0, true),
                    (ev(E::Forwarded), 0, true),
                    (ev(E::Referred), 0, true),
                    (Mark::Checked, 0, true),
                ]
            } else {
                vec![(ev(E::RecheckRequest), round, true), (ev(E::Failure), before, true)]
            };
            v.extend([
                (ev(E::Report), round, false),
                (ev(E::Publication), round, false),
                (ev(E::Failure), round, false),
                (ev(E::Grant), round, false),
            ]);
            v
        }
        Mark::Event(E::Report) => vec![(ev(E::SiteVisit), round, true)],
        Mark::Event(E::Publication) => {
            vec![(ev(E::SiteVisit), round, true), (ev(E::PublicationEnd), round, false), (ev(E::Grant), round, false)]
        }
        Mark::Event(E::Failure) => vec![
            (ev(E::SiteVisit), round, true),
            (ev(E::RecheckRequest), round + 1, false),
            (ev(E::SiteVisit), round + 1, false),
        ],
        Mark::Event(E::RecheckRequest) => vec![(ev(E::Failure), before, true), (ev(E::SiteVisit), round, false)],
        Mark::Event(E::Grant) => vec![(ev(E::SiteVisit), round, true), (ev(E::Publication), round, true)],
        Mark::RectificationDue => vec![(ev(E::Failure), round, true)],
        Mark::Event(E::PublicationEnd) => vec![(ev(E::Publication), round, true), (ev(E::Grant), round, false)],
        Mark::Event(E::Result) => Vec::new(),
    }
}

/// Refuses a date for a mark that would put it before a recorded mark it must follow, or after one that must follow
/// it. A 整改 time limit before its failure notice is a due date before its event.
pub fn check_event_order(case: &CaseFile, round: u32, mark: Mark, date: NaiveDate) -> Result<(), CaseRefusal> {
    for (other, other_round, other_first) in neighbours(mark, round) {
        let Some(other_date) = case.date(other_round, other) else { continue };
        let wrong = if other_first { date < other_date } else { date > other_date };
        if !wrong {
            continue;
        }
        return Err(match (mark, other_first) {
            (Mark::RectificationDue, _) => {
                CaseRefusal::DueBeforeEvent { due: date, event: other.label().into(), date: other_date }
            }
            (_, true) => CaseRefusal::EventBefore {
                event: mark.label().into(),
                date,
                earlier: other.label().into(),
                earlier_date: other_date,
            },
            (_, false) => CaseRefusal::EventBefore {
                event: other.label().into(),
                date: other_date,
                earlier: mark.label().into(),
                earlier_date: date,
            },
        });
    }
    Ok(())
}
