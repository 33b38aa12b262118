//! Opening a case, its application's dates and check, and its reviews: the site visit, the review of round 1 and
//! each 复核. (What follows a review is in `after.rs`.)

use chrono::NaiveDate;
use rusqlite::{TransactionBehavior, params};

use super::own::Pending;
use super::{parse_date, refuse, state};
use crate::domain::case::{CaseFile, CaseRefusal, CheckKind, Mark, Verdict, check_event_order};
use crate::domain::credit_code;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::review::Status;
use crate::domain::scorecard::procedure::{Event, Procedure};
use crate::domain::scorecard::{ProvinceRules, Scorecard, Track};
use crate::domain::text::{MAX_NAME, MAX_TEXT};
use crate::store::audit::{self, now};
use crate::store::damage_error;
use crate::store::error::Result;
use crate::store::input::{clean, one_line};
use crate::store::{NewReview, Store};

/// A new case: the enterprise (name, 统一社会信用代码, industry), its track, and the day its application came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCase {
    pub enterprise: String,
    pub credit_code: String,
    pub industry: String,
    pub track: Option<Track>,
    /// `YYYY-MM-DD`, or empty when it is not known yet.
    pub applied: String,
}

/// The review a case starts (round 1) or its 复核: what the case does not already say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCaseReview {
    pub address: String,
    pub agency: String,
    pub place: String,
    /// The site visit, `YYYY-MM-DD`; empty: the one scheduled for the round.
    pub visit: String,
    /// The type of review, where the sheet or rules define types; a 复核 left without one takes its first review's.
    pub review_type: Option<String>,
}

/// The date of a field, or `None` when it is left empty.
fn optional_date(value: &str, field: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() { Ok(None) } else { parse_date(value, field).map(Some) }
}

/// Inserts or replaces a dated row of a case.
pub(super) fn put_event(
    tx: &rusqlite::Connection,
    case: i64,
    round: u32,
    mark: Mark,
    date: NaiveDate,
    note: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO case_events (case_id, round, event, date, note) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(case_id, round, event) DO UPDATE SET date = excluded.date, note = excluded.note",
        params![case, round, mark.as_str(), date.to_string(), note],
    )?;
    Ok(())
}

/// The result of a round as the case will take it: what the case already knows, or what the reviews' scores give,
/// or, where the panel decides, the conclusion given; a conclusion that contradicts a known result is refused.
pub(super) fn resolve(case: &CaseFile, round: u32, review: i64, given: Option<Verdict>) -> Result<Verdict> {
    match (crate::domain::case::verdict(case, round), given) {
        (Some(known), Some(g)) if known != g => {
            refuse(CaseRefusal::ConclusionContradicts { review, computed: known == Verdict::Passed })
        }
        (Some(known), _) => Ok(known),
        (None, Some(g)) => Ok(g),
        (None, None) => refuse(CaseRefusal::VerdictUnknown { review }),
    }
}

/// The round's review, finalized.
pub(super) fn finalized(case: &CaseFile) -> Result<(u32, i64)> {
    let round = case.last_round();
    let Some(r) = case.review(round) else { return refuse(CaseRefusal::NoReview { case: case.id }) };
    if r.status != Status::Finalized {
        return refuse(CaseRefusal::ReviewNotFinalized { review: r.review_id });
    }
    Ok((round, r.review_id))
}

impl Store {
    /// Opens a case on `card` (the file of its province, stage and track; see
    /// [`crate::domain::case::choose_scorecard`]).
    pub fn create_case(&mut self, new: &NewCase, card: &Scorecard) -> Result<i64> {
        self.writable()?;
        self.settle_check()?;
        let name = one_line(&new.enterprise, Field::EnterpriseName, MAX_NAME, true)?;
        let code = credit_code::validate(&new.credit_code).map_err(Refusal::CreditCode)?;
        let industry = one_line(&new.industry, Field::Industry, MAX_NAME, false)?;
        let applied = optional_date(&new.applied, "申请日期（--applied）")?;
        let track = new.track.unwrap_or(card.track);
        let stage = if card.stage == crate::domain::scorecard::Stage::Assessment { "assessment" } else { "acceptance" };
        let (actor, at) = (self.actor.clone(), now());
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let damage = audit::tail_damage(&tx)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        tx.execute(
            "INSERT INTO cases (uid, province, track, stage, scorecard_id, enterprise_name, credit_code, industry,
                 created_at)
             VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![card.province, track.as_str(), stage, card.id, name, code, industry, at],
        )?;
        let id = tx.last_insert_rowid();
        let (_, damage) = state::check_case(&tx, id)?;
        if damage.iter().any(|d| {
            !matches!(d, crate::store::damage::Damage::CaseRow(r)
                if matches!(r.difference, super::CaseDifference::Added { deleted_by: None }))
        }) {
            return Err(damage_error(&self.path, damage));
        }
        if let Some(d) = applied {
            put_event(&tx, id, 0, Mark::Event(Event::Application), d, "")?;
        }
        let rows = state::diff_json(&Default::default(), &state::row_digests(&tx, id)?);
        let what = format!("{name}（{code}）；{}；{}", card.id, track.as_str());
        state::append(&tx, id, &actor, &at, "case.new", what, rows)?;
        tx.commit().map_err(|e| self.failed_commit(e))?;
        Ok(id)
    }

    /// Records a date of the application: the list the enterprise was put on, its receipt and its acceptance (while it
    /// is being checked), its passing on to the level above or to the province.
    pub fn record_case_date(&mut self, id: i64, event: Event, date: &str) -> Result<()> {
        let date = parse_date(date, event.label())?;
        self.write_case(id, "case.date", |tx, case| {
            if !event.of_case() {
                return refuse(CaseRefusal::NothingToSchedule { case: id });
            }
            // What the check read is fixed once it is done; the passing on to other levels comes after it.
            if let Some(on) = case.date(0, Mark::Checked)
                && matches!(event, Event::Listed | Event::Application | Event::Accepted)
            {
                return refuse(CaseRefusal::CheckDone { case: id, on });
            }
            check_event_order(case, 0, Mark::Event(event), date)?;
            put_event(tx, id, 0, Mark::Event(event), date, "")?;
            Ok(((), format!("{}：{date}", event.label())))
        })
    }

    /// Ticks a condition or material of the application (`item`: its id in the case's file), met or not, with a note.
    pub fn set_check(&mut self, id: i64, procedure: &Procedure, item: &str, met: bool, note: &str) -> Result<()> {
        let note = clean(note, Field::Named("说明（--note）".into()), MAX_TEXT, false)?;
        let kind = if procedure.condition(item).is_some() {
            CheckKind::Condition
        } else if procedure.material(item).is_some() {
            CheckKind::Material
        } else {
            let known = procedure.conditions.iter().chain(&procedure.materials).map(|c| c.id.clone()).collect();
            return refuse(CaseRefusal::NotACheckItem { item: item.to_string(), known });
        };
        self.write_case(id, "case.check", |tx, case| {
            if let Some(on) = case.date(0, Mark::Checked) {
                return refuse(CaseRefusal::CheckDone { case: id, on });
            }
            tx.execute(
                "INSERT INTO case_checks (case_id, kind, item_id, met, note) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(case_id, kind, item_id) DO UPDATE SET met = excluded.met, note = excluded.note",
                params![id, kind.as_str(), item, met as i64, note],
            )?;
            Ok(((), format!("{} {item}：{}；{note}", kind.label(), if met { "满足" } else { "不满足" })))
        })
    }

    /// Closes the application's check on `date`. With a condition or material unmet or not ticked, `reason` (why the
    /// case goes on to its review all the same) is required and recorded.
    pub fn complete_check(&mut self, id: i64, procedure: &Procedure, date: &str, reason: &str) -> Result<()> {
        let date = parse_date(date, "审查完成日期（--date）")?;
        let reason = clean(reason, Field::Named("理由（--reason）".into()), MAX_TEXT, false)?;
        self.write_case(id, "case.checked", |tx, case| {
            if let Some(on) = case.date(0, Mark::Checked) {
                return refuse(CaseRefusal::CheckDone { case: id, on });
            }
            let items = procedure
                .conditions
                .iter()
                .map(|c| (CheckKind::Condition, c))
                .chain(procedure.materials.iter().map(|m| (CheckKind::Material, m)));
            let unmet: Vec<String> = items
                .filter(|(k, c)| !case.check(*k, &c.id).is_some_and(|m| m.met))
                .map(|(_, c)| c.id.clone())
                .collect();
            if !unmet.is_empty() && reason.is_empty() {
                return refuse(CaseRefusal::UnmetNeedsReason { unmet });
            }
            check_event_order(case, 0, Mark::Checked, date)?;
            put_event(tx, id, 0, Mark::Checked, date, &reason)?;
            let what = if unmet.is_empty() {
                format!("申请审查完成：{date}")
            } else {
                format!("申请审查完成：{date}；未满足 {}；理由：{reason}", unmet.join("、"))
            };
            Ok(((), what))
        })
    }

    /// Records the site visit of the round waiting for one: round 1 before its review, or the 复核 after a 整改. A
    /// review under way records it itself: its date moves (refused once it is finalized). Gives the round.
    pub fn schedule_visit(&mut self, id: i64, date: &str) -> Result<u32> {
        let visit = parse_date(date, "现场验收日期（--visit）")?;
        let case = self.load_case(id)?;
        let last = case.last_round();
        if let Some(r) = case.review(last) {
            if r.status != Status::Finalized {
                check_event_order(&case, last, Mark::Event(Event::SiteVisit), visit)?;
                self.update_review(r.review_id, "date", &visit.to_string())?;
                return Ok(last);
            }
            if case.date(last, Mark::Event(Event::Failure)).is_none() {
                return refuse(CaseRefusal::NothingToSchedule { case: id });
            }
        }
        let round = last + 1;
        self.write_case(id, "case.schedule", |tx, case| {
            check_event_order(case, round, Mark::Event(Event::SiteVisit), visit)?;
            put_event(tx, id, round, Mark::Event(Event::SiteVisit), visit, "")?;
            Ok((round, format!("第 {round} 轮现场验收：{visit}")))
        })
    }

    /// Starts the case's review (round 1) on `card` with its province's `rules`, once its application is checked; its
    /// date is the site visit given, else the one scheduled.
    pub fn start_case_review(
        &mut self,
        id: i64,
        new: &NewCaseReview,
        card: &Scorecard,
        rules: &[&ProvinceRules],
    ) -> Result<i64> {
        let case = self.load_case(id)?;
        if let Some(r) = case.review(case.last_round()) {
            return refuse(if r.status == Status::Finalized {
                CaseRefusal::UseRecheck { review: r.review_id }
            } else {
                CaseRefusal::ReviewOpen { review: r.review_id }
            });
        }
        if case.date(0, Mark::Checked).is_none() {
            return refuse(CaseRefusal::CheckNotDone { case: id });
        }
        let visit = match optional_date(&new.visit, "现场验收日期（--visit）")? {
            Some(v) => v,
            None => case.date(1, Mark::Event(Event::SiteVisit)).ok_or(CaseRefusal::NoVisit { round: 1 })?,
        };
        check_event_order(&case, 1, Mark::Event(Event::SiteVisit), visit)?;
        self.create_in_case(
            &case,
            Pending { case: id, round: 1, recheck_of: None, requested: None },
            new,
            visit,
            card,
            rules,
        )
    }

    /// Starts the 复核 of a case whose review failed and whose 整改 was notified: a new review (the next round) on the
    /// same frozen sheet and rules as the review it re-checks, which it names; `requested`: the day it was asked for.
    pub fn recheck(&mut self, id: i64, requested: &str, new: &NewCaseReview) -> Result<i64> {
        let requested = parse_date(requested, "申请复核日期（--requested）")?;
        let case = self.load_case(id)?;
        let last = case.last_round();
        let Some(first) = case.review(last) else { return refuse(CaseRefusal::NoReview { case: id }) };
        if first.status != Status::Finalized {
            return refuse(CaseRefusal::ReviewOpen { review: first.review_id });
        }
        if crate::domain::case::verdict(&case, last) == Some(Verdict::Passed) {
            return refuse(CaseRefusal::RecheckOfPassed { review: first.review_id });
        }
        if case.date(last, Mark::Event(Event::Failure)).is_none() {
            return refuse(CaseRefusal::RecheckWithoutRectification { review: first.review_id });
        }
        let round = last + 1;
        check_event_order(&case, round, Mark::Event(Event::RecheckRequest), requested)?;
        let visit = match optional_date(&new.visit, "现场验收日期（--visit）")? {
            Some(v) => v,
            None => case.date(round, Mark::Event(Event::SiteVisit)).ok_or(CaseRefusal::NoVisit { round })?,
        };
        check_event_order(&case, round, Mark::Event(Event::SiteVisit), visit)?;
        if visit < requested {
            return refuse(CaseRefusal::EventBefore {
                event: Event::SiteVisit.label().into(),
                date: visit,
                earlier: Event::RecheckRequest.label().into(),
                earlier_date: requested,
            });
        }
        let loaded = self.load(first.review_id)?;
        let rules: Vec<&ProvinceRules> = loaded.rules.iter().collect();
        let pending = Pending { case: id, round, recheck_of: Some(first.review_id), requested: Some(requested) };
        // The 复核 is on the same sheet or rules, and of the same type unless one is given.
        let mut new = new.clone();
        if new.review_type.is_none() {
            new.review_type = loaded.data.review_type.clone();
        }
        self.create_in_case(&case, pending, &new, visit, &loaded.card, &rules)
    }

    /// Creates a review of the case's enterprise, attached to it as `pending` says, in the transaction that creates it.
    fn create_in_case(
        &mut self,
        case: &CaseFile,
        pending: Pending,
        new: &NewCaseReview,
        visit: NaiveDate,
        card: &Scorecard,
        rules: &[&ProvinceRules],
    ) -> Result<i64> {
        let review = NewReview {
            enterprise_name: case.enterprise.clone(),
            credit_code: case.credit_code.clone(),
            address: new.address.clone(),
            industry: case.industry.clone(),
            track: Some(case.track).filter(|t| *t != Track::Any),
            agency: new.agency.clone(),
            date: visit.to_string(),
            place: new.place.clone(),
            review_type: new.review_type.clone(),
        };
        self.pending_case = Some(pending);
        let created = self.create_review(&review, card, rules);
        // Never left for the next review, whatever happened.
        self.pending_case = None;
        created
    }
}
