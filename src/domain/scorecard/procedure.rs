//! The procedure around a review, as a sheet or rules file states it for its province, stage and track: the
//! conditions an application must meet and the materials it must bring, the deadlines the source sets (each counted
//! from the event that starts it), the 公示 of the result, the 整改 after a failure, and the validity of the title or
//! certificate granted. Every part cites its lines; a part the source does not set is absent, and whoever shows the
//! procedure says so (本省文件未规定) rather than supplying one.

use std::fmt;

use serde::Serialize;

use super::citation::Citation;

/// An event of a case that a period is counted from, or that meets a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The enterprise is put on the list of enterprises that must audit (名单公布).
    Listed,
    /// The application (申请材料) is received.
    Application,
    /// The application is accepted (受理, or passed the preliminary check 预审/初审).
    Accepted,
    /// The application is passed on to the level above (县 → 市, or 初审 → 省).
    Forwarded,
    /// The application is passed on to the province, which holds the review itself.
    Referred,
    /// The site visit (现场验收 / 现场评审).
    SiteVisit,
    /// The 验收工作报告 is submitted.
    Report,
    /// The panel's result is final (the review is finalized).
    Result,
    /// The 公示 begins.
    Publication,
    /// The 公示 ends (computed from the province's period).
    PublicationEnd,
    /// The enterprise is told it failed (整改 notice).
    Failure,
    /// The enterprise asks again after 整改 (重新申请验收 / 申请复核).
    RecheckRequest,
    /// The title or certificate is granted.
    Grant,
}

impl Event {
    pub const ALL: [Event; 13] = [
        Event::Listed,
        Event::Application,
        Event::Accepted,
        Event::Forwarded,
        Event::Referred,
        Event::SiteVisit,
        Event::Report,
        Event::Result,
        Event::Publication,
        Event::PublicationEnd,
        Event::Failure,
        Event::RecheckRequest,
        Event::Grant,
    ];

    /// As the data files and the database spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Listed => "listed",
            Event::Application => "application",
            Event::Accepted => "accepted",
            Event::Forwarded => "forwarded",
            Event::Referred => "referred",
            Event::SiteVisit => "site_visit",
            Event::Report => "report",
            Event::Result => "result",
            Event::Publication => "publication",
            Event::PublicationEnd => "publication_end",
            Event::Failure => "failure",
            Event::RecheckRequest => "recheck_request",
            Event::Grant => "grant",
        }
    }

    pub fn parse(text: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == text)
    }

    /// In Chinese, as the support unit reads it.
    pub fn label(self) -> &'static str {
        match self {
            Event::Listed => "列入审核名单",
            Event::Application => "接到申请材料",
            Event::Accepted => "受理申请",
            Event::Forwarded => "转报上级",
            Event::Referred => "转报省级组织验收",
            Event::SiteVisit => "现场验收",
            Event::Report => "提交验收工作报告",
            Event::Result => "验收结论作出",
            Event::Publication => "公示开始",
            Event::PublicationEnd => "公示期满",
            Event::Failure => "通知未通过",
            Event::RecheckRequest => "重新申请（复核）",
            Event::Grant => "授予称号（发证）",
        }
    }

    /// Whether the event belongs to the case as a whole (round 0) rather than to one review and what follows it.
    pub fn of_case(self) -> bool {
        matches!(self, Event::Listed | Event::Application | Event::Accepted | Event::Forwarded | Event::Referred)
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a period counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// 工作日: days the official calendar says are worked.
    WorkingDays,
    /// 日 (calendar days).
    Days,
    /// 周: seven days each.
    Weeks,
    /// 个月.
    Months,
    /// 年: twelve months each.
    Years,
}

impl PeriodUnit {
    pub const ALL: [PeriodUnit; 5] =
        [PeriodUnit::WorkingDays, PeriodUnit::Days, PeriodUnit::Weeks, PeriodUnit::Months, PeriodUnit::Years];

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodUnit::WorkingDays => "working_days",
            PeriodUnit::Days => "days",
            PeriodUnit::Weeks => "weeks",
            PeriodUnit::Months => "months",
            PeriodUnit::Years => "years",
        }
    }

    pub fn parse(text: &str) -> Option<PeriodUnit> {
        PeriodUnit::ALL.into_iter().find(|u| u.as_str() == text)
    }
}

/// A length of time: `n` units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub n: u32,
    pub unit: PeriodUnit,
}

impl Period {
    /// In Chinese: 10 个工作日, 2 周, 6 个月, 2 年, 30 日.
    pub fn label(&self) -> String {
        let n = self.n;
        match self.unit {
            PeriodUnit::WorkingDays => format!("{n} 个工作日"),
            PeriodUnit::Days => format!("{n} 日"),
            PeriodUnit::Weeks => format!("{n} 周"),
            PeriodUnit::Months => format!("{n} 个月"),
            PeriodUnit::Years => format!("{n} 年"),
        }
    }

    /// In English: 10 working days, 2 weeks.
    pub fn en(&self) -> String {
        let n = self.n;
        let unit = match self.unit {
            PeriodUnit::WorkingDays => "working days",
            PeriodUnit::Days => "days",
            PeriodUnit::Weeks => "weeks",
            PeriodUnit::Months => "months",
            PeriodUnit::Years => "years",
        };
        format!("{n} {unit}")
    }
}

/// An application condition (申请条件) or a material to submit (申报材料), exactly as printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckItem {
    pub id: String,
    pub number: Option<String>,
    pub text: String,
    pub source: Citation,
}

/// A deadline the source sets: `what` is to be done within `period` of the event `from`, and the event `met_by`
/// does it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineRule {
    pub id: String,
    /// What is due, in short Chinese (提交验收工作报告).
    pub what: String,
    pub from: Event,
    pub met_by: Event,
    /// Only for cases of this track (`None`: every case of the file).
    pub track: Option<crate::domain::scorecard::Track>,
    /// The deadline no longer applies once this event is recorded (the procedure took the other branch: the city
    /// passed the application on to the province instead of holding the review).
    pub void_by: Option<Event>,
    pub period: Period,
    /// Who must do it, as the source names them.
    pub who: String,
    /// The sentence exactly as printed.
    pub text: String,
    pub source: Citation,
}

/// A quotation of the source: its text exactly as printed and its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub text: String,
    pub source: Citation,
}

/// The 公示 of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Publication {
    /// How long it runs, where the source says; without it the support unit records the day it ends.
    pub period: Option<Period>,
    /// Where, as printed (网上, 相关网站或媒体), if the source says.
    #[serde(rename = "where")]
    pub place: Option<String>,
    /// Whether the source says a case passes only when its 公示 ends without an upheld objection; `objection` quotes
    /// where it says so.
    pub objection_stops: bool,
    pub objection: Option<Quote>,
    pub text: String,
    pub source: Citation,
}

/// The 整改 after a failed review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rectification {
    /// The time limit, counted from the failure notice, where the source sets one; without it the support unit sets
    /// the limit case by case (the source says 限期整改 and no more).
    pub period: Option<Period>,
    /// The time limit holds for cases of this track only (山东: 强制 enterprises re-apply within 6 months, voluntary
    /// ones get a suggestion); for the other track the support unit sets the limit.
    pub period_track: Option<crate::domain::scorecard::Track>,
    /// Who must rectify, as printed.
    pub who: Option<String>,
    /// Who re-checks (复核), as printed, if the source says.
    pub recheck_by: Option<String>,
    pub text: String,
    pub source: Citation,
}

/// How long a title or certificate is valid, and when it must be renewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Validity {
    /// What is valid, as printed (证书, 称号).
    pub what: String,
    pub period: Period,
    pub text: String,
    pub source: Citation,
    /// The renewal: applied for no later than `period` before the expiry.
    pub renewal: Option<Renewal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Renewal {
    pub period: Period,
    pub text: String,
    pub source: Citation,
}

/// Every procedural part of a file; each absent where the source sets none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Procedure {
    pub conditions: Vec<CheckItem>,
    pub materials: Vec<CheckItem>,
    pub deadlines: Vec<DeadlineRule>,
    pub publication: Option<Publication>,
    pub rectification: Option<Rectification>,
    pub validity: Option<Validity>,
}

impl Procedure {
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
            && self.materials.is_empty()
            && self.deadlines.is_empty()
            && self.publication.is_none()
            && self.rectification.is_none()
            && self.validity.is_none()
    }

    /// The 整改's time limit for a case of `track`, where the file sets one.
    pub fn rectification_period(&self, track: crate::domain::scorecard::Track) -> Option<Period> {
        let r = self.rectification.as_ref()?;
        r.period.filter(|_| r.period_track.is_none_or(|t| t == track))
    }

    pub fn condition(&self, id: &str) -> Option<&CheckItem> {
        self.conditions.iter().find(|c| c.id == id)
    }

    pub fn material(&self, id: &str) -> Option<&CheckItem> {
        self.materials.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_units_read_back_as_they_are_spelled() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
            assert!(e.label().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
        for u in PeriodUnit::ALL {
            assert_eq!(PeriodUnit::parse(u.as_str()), Some(u));
            assert_eq!(serde_json::to_value(u).unwrap(), u.as_str());
        }
        assert_eq!(Period { n: 10, unit: PeriodUnit::WorkingDays }.label(), "10 个工作日");
        assert_eq!(Event::parse("visit"), None);
    }
}
