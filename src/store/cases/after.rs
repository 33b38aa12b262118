//! What follows a case's review: the 验收工作报告 (which takes the review's result into the case), the 公示 and the
//! objections to it, the 整改 after a failure, and the grant of the title or certificate.

use chrono::NaiveDate;
use rusqlite::params;

use super::acts::{finalized, put_event, resolve};
use super::{parse_date, refuse};
use crate::domain::calendar::Calendar;
use crate::domain::case::{CaseRefusal, Mark, Phase, Verdict, check_event_order, phase, publication_end};
use crate::domain::refusal::Field;
use crate::domain::scorecard::procedure::{Event, Procedure};
use crate::domain::text::MAX_TEXT;
use crate::store::Store;
use crate::store::error::Result;
use crate::store::input::clean;

impl Store {
    /// Records the 验收工作报告 of the case's last round, submitted on `date`, and with it the round's result: the
    /// one its scores give, or, where the panel decides, `conclusion` (from the signed opinion). Gives the round and
    /// the result.
    pub fn record_report(&mut self, id: i64, date: &str, conclusion: Option<Verdict>) -> Result<(u32, Verdict)> {
        let date = parse_date(date, "工作报告日期（--date）")?;
        self.write_case(id, "case.report", |tx, case| {
            let (round, review) = finalized(case)?;
            if let Some(e) = case.event(round, Mark::Event(Event::Report)) {
                return refuse(CaseRefusal::AlreadyRecorded { event: Event::Report.label().into(), date: e.date });
            }
            let verdict = resolve(case, round, review, conclusion)?;
            check_event_order(case, round, Mark::Event(Event::Report), date)?;
            put_event(tx, id, round, Mark::Event(Event::Report), date, verdict.as_str())?;
            Ok(((round, verdict), format!("第 {round} 轮验收工作报告：{date}；结论：{}", verdict.label())))
        })
    }

    /// Begins the 公示 of the case's passed review on `date`, where the province's files set one.
    pub fn publish(
        &mut self,
        id: i64,
        procedure: &Procedure,
        date: &str,
        until: &str,
        conclusion: Option<Verdict>,
    ) -> Result<u32> {
        let date = parse_date(date, "公示开始日期（--from）")?;
        let until =
            if until.trim().is_empty() { None } else { Some(parse_date(until, "公示期满日（--until）")?) };
        self.write_case(id, "case.publish", |tx, case| {
            let Some(rule) = procedure.publication.as_ref() else {
                return refuse(CaseRefusal::NoPublicationRule { province: case.province.clone() });
            };
            match (rule.period, until) {
                (Some(period), Some(_)) => {
                    return refuse(CaseRefusal::PublicationEndSetByProvince {
                        period,
                        source: rule.source.to_string(),
                    });
                }
                (None, None) => return refuse(CaseRefusal::PublicationEndNeeded),
                (None, Some(end)) if end < date => {
                    return refuse(CaseRefusal::DueBeforeEvent {
                        due: end,
                        event: Event::Publication.label().into(),
                        date,
                    });
                }
                _ => {}
            }
            let (round, review) = finalized(case)?;
            if let Some(from) = case.date(round, Mark::Event(Event::Publication)) {
                return refuse(CaseRefusal::AlreadyPublished { from });
            }
            if resolve(case, round, review, conclusion)? == Verdict::Failed {
                return refuse(CaseRefusal::PublishFailed { review });
            }
            check_event_order(case, round, Mark::Event(Event::Publication), date)?;
            put_event(tx, id, round, Mark::Event(Event::Publication), date, "")?;
            if let Some(end) = until {
                put_event(tx, id, round, Mark::Event(Event::PublicationEnd), end, "")?;
            }
            let end = until.map(|e| format!("，至 {e}（支持单位设定）")).unwrap_or_default();
            Ok((round, format!("第 {round} 轮公示开始：{date}{end}")))
        })
    }

    /// Records an objection raised on `date` during the case's 公示; refused before the 公示 began and after it
    /// ended. Gives the objection's number.
    pub fn object(
        &mut self,
        id: i64,
        procedure: &Procedure,
        calendar: &Calendar,
        date: &str,
        text: &str,
    ) -> Result<i64> {
        let date = parse_date(date, "异议日期（--date）")?;
        let text = clean(text, Field::Named("异议内容（--text）".into()), MAX_TEXT, true)?;
        self.write_case(id, "case.object", |tx, case| {
            let round = case.last_round();
            let Some(start) = case.date(round, Mark::Event(Event::Publication)) else {
                return refuse(CaseRefusal::NotPublished { case: id });
            };
            if date < start {
                return refuse(CaseRefusal::ObjectionBeforeStart { date, start });
            }
            match publication_end(calendar, procedure, case, round) {
                Some(Ok(end)) if date > end => return refuse(CaseRefusal::ObjectionAfterEnd { date, end }),
                Some(Err(e)) => return refuse(CaseRefusal::Calendar(e)),
                _ => {}
            }
            tx.execute(
                "INSERT INTO case_objections (case_id, round, date, text) VALUES (?1, ?2, ?3, ?4)",
                params![id, round, date.to_string(), text],
            )?;
            let n = tx.last_insert_rowid();
            Ok((n, format!("第 {n} 号异议（{date}）：{text}")))
        })
    }

    /// Records the decision on an objection: upheld or dismissed, on `date`, with a note.
    pub fn decide_objection(&mut self, id: i64, objection: i64, upheld: bool, date: &str, note: &str) -> Result<()> {
        let date = parse_date(date, "处理日期（--date）")?;
        let note = clean(note, Field::Named("处理说明（--note）".into()), MAX_TEXT, false)?;
        self.write_case(id, "case.objection", |tx, case| {
            let Some(o) = case.objection(objection) else {
                return refuse(CaseRefusal::NoSuchObjection { case: id, objection });
            };
            if o.decision.is_some() {
                return refuse(CaseRefusal::ObjectionDecided { objection });
            }
            if date < o.date {
                return refuse(CaseRefusal::EventBefore {
                    event: "异议处理".into(),
                    date,
                    earlier: "异议提出".into(),
                    earlier_date: o.date,
                });
            }
            let word = if upheld { "upheld" } else { "dismissed" };
            tx.execute(
                "UPDATE case_objections SET decision = ?1, decided_on = ?2, decision_note = ?3 WHERE id = ?4",
                params![word, date.to_string(), note, objection],
            )?;
            let label = if upheld { "成立" } else { "不成立" };
            Ok(((), format!("第 {objection} 号异议：{label}（{date}）；{note}")))
        })
    }

    /// Notifies the 整改 after the case's failed review on `notified`. Its time limit is the province's; where the
    /// province sets none, `due` (the support unit's) may be given.
    pub fn rectify(
        &mut self,
        id: i64,
        procedure: &Procedure,
        notified: &str,
        due: &str,
        conclusion: Option<Verdict>,
    ) -> Result<u32> {
        let notified = parse_date(notified, "整改通知日期（--notified）")?;
        let due = if due.trim().is_empty() { None } else { Some(parse_date(due, "整改期限（--due）")?) };
        self.write_case(id, "case.rectify", |tx, case| {
            let (round, review) = finalized(case)?;
            if let Some(since) = case.date(round, Mark::Event(Event::Failure)) {
                return refuse(CaseRefusal::AlreadyRectifying { review, since });
            }
            if resolve(case, round, review, conclusion)? == Verdict::Passed {
                return refuse(CaseRefusal::RectifyPassed { review });
            }
            if let (Some(_), Some(r)) = (due, procedure.rectification.as_ref())
                && let Some(period) = procedure.rectification_period(case.track)
            {
                return refuse(CaseRefusal::DueSetByProvince { period, source: r.source.to_string() });
            }
            check_event_order(case, round, Mark::Event(Event::Failure), notified)?;
            if let Some(d) = due
                && d < notified
            {
                return refuse(CaseRefusal::DueBeforeEvent {
                    due: d,
                    event: Event::Failure.label().into(),
                    date: notified,
                });
            }
            put_event(tx, id, round, Mark::Event(Event::Failure), notified, "")?;
            if let Some(d) = due {
                put_event(tx, id, round, Mark::RectificationDue, d, "")?;
            }
            let limit = due.map(|d| format!("；期限 {d}（支持单位设定）")).unwrap_or_default();
            Ok((round, format!("第 {round} 轮未通过，通知整改：{notified}{limit}")))
        })
    }

    /// Records the grant of the title or certificate on `date` (after the 公示 ended, where there is one); `note`:
    /// its number, say.
    pub fn grant(
        &mut self,
        id: i64,
        procedure: &Procedure,
        calendar: &Calendar,
        today: NaiveDate,
        date: &str,
        note: &str,
    ) -> Result<u32> {
        let date = parse_date(date, "授予日期（--date）")?;
        let note = clean(note, Field::Named("证书编号或说明（--note）".into()), MAX_TEXT, false)?;
        self.write_case(id, "case.grant", |tx, case| {
            let round = match phase(case, procedure, calendar, today.max(date)) {
                Phase::Passed { round } => round,
                Phase::Granted { on, .. } => return refuse(CaseRefusal::AlreadyGranted { on }),
                other => return refuse(CaseRefusal::NotPassed { case: id, phase: other.label() }),
            };
            if let Some(Ok(end)) = publication_end(calendar, procedure, case, round)
                && date <= end
            {
                return refuse(CaseRefusal::EventBefore {
                    event: Event::Grant.label().into(),
                    date,
                    earlier: Event::PublicationEnd.label().into(),
                    earlier_date: end,
                });
            }
            check_event_order(case, round, Mark::Event(Event::Grant), date)?;
            put_event(tx, id, round, Mark::Event(Event::Grant), date, &note)?;
            Ok((round, format!("授予称号（发证）：{date}；{note}")))
        })
    }
}
