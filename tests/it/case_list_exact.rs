//! The case list's quick read (`Store::list_cases`: no evaluation, no checks, no texts it does not show) gives
//! exactly the rows the whole cases give (`Store::load_case` of every case, its reviews evaluated): over a store of
//! cases in every phase — in application, ready, under review, finalized passed and failed, rectifying, in 公示 with an
//! objection pending and one upheld (山东's file does not let an objection stop a pass), passed, in a 复核, granted, reopened — on days before, during and after their
//! deadlines, phase, status and next deadline alike.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use yanshou::domain::case::{CaseFile, CaseFilter, CaseSort, list_rows};
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::domain::scorecard::Track;
use yanshou::store::{NewCase, NewCaseReview, NewExpert, OpinionPatch, Store};

use crate::common;

const SHEET: &str = "shandong-2008-acceptance";

/// Scores a review of `SHEET` to pass or to fail with a panel of four, and finalizes it.
fn finalize(s: &mut Store, review: i64, pass: bool) {
    let card = common::catalog().scorecard(SHEET).unwrap();
    let mut experts = Vec::new();
    for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")]
    {
        let new = NewExpert { name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default() };
        experts.push(s.add_expert(review, &new).unwrap());
    }
    for e in &experts {
        for item in card.scored_items() {
            let (p, reason) = if pass { (item.points, "") } else { (Points::from_tenths(0), "未落实") };
            s.set_score(review, *e, &item.id, p, reason, "").unwrap();
        }
    }
    for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
        s.answer_veto(review, &v.id, Answer::No, "").unwrap();
    }
    let conclusion = if pass { "通过验收" } else { "不予通过" };
    let opinion =
        OpinionPatch {
            summary: Some("现场验收。".into()), conclusion: Some(conclusion.into()), ..Default::default()
        };
    s.set_opinion(review, &opinion).unwrap();
    s.finalize(review).unwrap();
}

/// A case in the phase `kind` names (see the match), applied on `day`.
fn case_in(s: &mut Store, kind: usize, n: usize, track: Track) {
    let catalog = common::catalog();
    let card = catalog.scorecard(SHEET).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let p = &card.procedure;
    let (calendar, _) = yanshou::builtin::load_calendar(None);
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let new = NewCase {
        enterprise: format!("山东第{n}有限公司"),
        credit_code: "91350100M000100Y43".into(),
        industry: "化工".into(),
        track: Some(track),
        applied: "2026-01-05".into(),
    };
    let id = s.create_case(&new, card).unwrap();
    if kind == 0 {
        return;
    }
    for item in ["c1", "c2", "c3", "m1", "m2", "m3", "m4"] {
        s.set_check(id, p, item, true, "已核对原件").unwrap();
    }
    s.complete_check(id, p, "2026-01-09", "").unwrap();
    if kind == 1 {
        return;
    }
    let visit = NewCaseReview { visit: "2026-01-20".into(), ..Default::default() };
    let first = s.start_case_review(id, &visit, card, &rules).unwrap();
    if kind == 2 {
        return;
    }
    let pass = matches!(kind, 3 | 6 | 7 | 8 | 11 | 12 | 13);
    finalize(s, first, pass);
    match kind {
        // 3: finalized, passed (the 公示 to come); 4: failed.
        3 | 4 => {}
        // 5: rectifying; 9: its 复核 under way; 10: the 复核 passed.
        5 | 9 | 10 => {
            s.rectify(id, p, "2026-01-23", "", None).unwrap();
            if kind > 5 {
                let again = NewCaseReview { visit: "2026-03-05".into(), ..Default::default() };
                let second = s.recheck(id, "2026-03-02", &again).unwrap();
                if kind == 10 {
                    finalize(s, second, true);
                }
            }
        }
        // 6: in 公示 (its 工作报告 recorded first); 7: an objection pending; 8: upheld; 11: granted.
        6 | 7 | 8 | 11 => {
            s.record_report(id, "2026-01-22", None).unwrap();
            s.publish(id, p, "2026-01-26", "", None).unwrap();
            if kind == 7 || kind == 8 {
                let objection = s.object(id, p, &calendar, "2026-01-28", "材料不实").unwrap();
                if kind == 8 {
                    s.decide_objection(id, objection, true, "2026-01-30", "经核实").unwrap();
                }
            }
            if kind == 11 {
                s.grant(id, p, &calendar, today, "2026-03-02", "").unwrap();
            }
        }
        // 12: reopened after its finalization.
        12 => s.reopen(first, "补录评分").unwrap(),
        // 13: its 工作报告 recorded, not yet published.
        13 => {
            s.record_report(id, "2026-01-22", None).unwrap();
        }
        _ => unreachable!(),
    }
}

/// The case as the list reads it: what `Store::list_cases` leaves out, left out.
fn as_listed(c: &CaseFile) -> CaseFile {
    let mut c = c.clone();
    c.uid.clear();
    c.industry.clear();
    c.created_at.clear();
    c.opened_from = None;
    c.checks.clear();
    for e in &mut c.events {
        if e.mark != yanshou::domain::case::Mark::Event(yanshou::domain::scorecard::procedure::Event::Report) {
            e.note.clear();
        }
    }
    c.events.sort_by_key(|e| (e.round, e.mark.as_str()));
    for r in &mut c.reviews {
        r.uid = None;
    }
    for o in &mut c.objections {
        o.text.clear();
        if let Some(d) = &mut o.decision {
            d.note.clear();
        }
    }
    c
}

#[test]
fn the_quick_list_gives_exactly_the_rows_of_the_whole_cases_in_every_phase() {
    let tmp = tempfile::tempdir().unwrap();
    let mut s = Store::open_in(tmp.path()).unwrap();
    s.set_actor("支持单位");
    let kinds = 14;
    for n in 0..kinds * 2 {
        let track = if n % 2 == 0 { Track::Voluntary } else { Track::Mandatory };
        case_in(&mut s, n % kinds, n, track);
    }
    let fast = s.list_cases().unwrap();
    let whole: Vec<CaseFile> = fast.iter().map(|c| s.load_case(c.id).unwrap()).collect();
    assert_eq!(fast.len(), kinds * 2);
    // The quick read is the whole case less what the list does not read; the results read stored, not evaluated.
    for (f, w) in fast.iter().zip(&whole) {
        let mut f = f.clone();
        f.events.sort_by_key(|e| (e.round, e.mark.as_str()));
        assert_eq!(f, as_listed(w), "case {}", f.id);
    }
    let catalog = common::catalog();
    let (calendar, _) = yanshou::builtin::load_calendar(None);
    let procedure = |id: &str| catalog.scorecard(id).map(|c| &c.procedure);
    let mut phases = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for today in ["2026-01-10", "2026-01-21", "2026-01-27", "2026-02-20", "2026-03-03", "2026-06-01", "2027-09-01"] {
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        for sort in [CaseSort::NextDeadline, CaseSort::Newest] {
            let quick = list_rows(&fast, procedure, &calendar, today, &CaseFilter::default(), sort);
            let full = list_rows(&whole, procedure, &calendar, today, &CaseFilter::default(), sort);
            assert_eq!(quick, full, "on {today}");
            phases.extend(quick.iter().map(|r| r.phase.as_str()));
            labels.extend(quick.iter().map(|r| r.status.clone()));
        }
    }
    for phase in ["application", "ready", "reviewing", "finalized", "failed", "rectifying", "publication", "passed"] {
        assert!(phases.contains(phase), "no case was {phase}: {phases:?}");
    }
    assert!(phases.contains("granted"), "{phases:?}");
    assert!(labels.contains("未通过（待整改）") && labels.contains("验收已定稿（通过）"), "{labels:?}");
}
