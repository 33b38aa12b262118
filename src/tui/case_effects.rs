//! The support unit's cases in the terminal app: the list and a case's page read from the store, a case act's form
//! filled from the page, and each act recorded through the same store function the command line calls (the store
//! checks it with the domain's rules; a refusal is the domain's, said in Chinese, and the form stays open).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::bundle::report::{case_card, notice_groups, notice_html, report_case, work_report_html};
use crate::domain::case::{CaseFile, CaseFilter, CaseSort, Verdict, case_page, choose_scorecard, list_rows};
use crate::domain::explain::Explain;
use crate::domain::scorecard::procedure::{Event, Procedure};
use crate::domain::scorecard::{Stage, Track};
use crate::store::{NewCase, NewCaseReview, StoreError};
use crate::tui::action::{CaseAct, CaseActKind};
use crate::tui::app::App;
use crate::tui::dialogs::case_act::{CaseActForm, DATE_EVENTS};

use crate::tui::screens::case::CaseView;
use crate::tui::screens::cases::CaseListView;
use crate::tui::state::Screen;
use crate::tui::widgets::status::StatusKind;

/// The events of [`DATE_EVENTS`], in its order.
const DATE_EVENT_KINDS: [Event; 5] =
    [Event::Application, Event::Accepted, Event::Listed, Event::Forwarded, Event::Referred];

fn verdict_of(passed: Option<bool>) -> Option<Verdict> {
    passed.map(|p| if p { Verdict::Passed } else { Verdict::Failed })
}

impl App {
    pub(crate) fn today_date(&self) -> NaiveDate {
        crate::domain::case::ymd(&self.today).unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The case list, read again from the store (its filters kept).
    pub(crate) fn refresh_cases(&mut self) {
        let mut view = match &self.state.screen {
            Screen::Cases(v) => v.clone(),
            _ => CaseListView::default(),
        };
        let today = self.today_date();
        match self.store.list_cases() {
            Ok(cases) => {
                let catalog = &self.state.catalog;
                let procedure = |id: &str| catalog.scorecard(id).map(|c| &c.procedure);
                let rows = list_rows(
                    &cases,
                    procedure,
                    &self.state.calendar,
                    today,
                    &CaseFilter::default(),
                    CaseSort::NextDeadline,
                );
                view.problem = None;
                view.set_rows(rows);
            }
            Err(e) => view.problem = Some(format!("读取案件失败：{}", e.zh())),
        }
        self.state.screen = Screen::Cases(view);
    }

    /// A case's page, read from the store.
    pub(crate) fn open_case(&mut self, id: i64) {
        let keep = match &self.state.screen {
            Screen::Case(v) if v.case.id == id => Some((v.check_sel, v.scroll)),
            _ => None,
        };
        let case = match self.store.load_case(id) {
            Ok(c) => c,
            Err(e) => return self.set_status(format!("无法打开案件 {id}：{}", e.zh()), StatusKind::Error),
        };
        let today = self.today_date();
        let card = case_card(&self.state.catalog, &self.store, &case);
        let compared = self.store.case_comparisons(&case);
        let page = case_page(&case, card.as_ref(), &self.state.calendar, today);
        let mut view = CaseView::new(case.clone(), &page, &compared, today);
        if let Some((sel, scroll)) = keep {
            view.check_sel = sel.min(view.checks.len().saturating_sub(1));
            view.scroll = scroll;
        }
        self.state.screen = Screen::Case(Box::new(view));
    }

    fn procedure(&self, case: &CaseFile) -> Procedure {
        case_card(&self.state.catalog, &self.store, case).map(|c| c.procedure).unwrap_or_default()
    }

    /// The form of an act on the open case, with what the case's file says about it.
    pub(crate) fn case_form(&self, kind: CaseActKind) -> Option<CaseActForm> {
        if let CaseActKind::New { .. } = kind {
            let about = "按省份、类别和阶段选定本省的评分表或规则文件（与命令行登记相同）；\
                         统一社会信用代码按国家标准校验。F9 登记。";
            return Some(CaseActForm::new(
                0,
                CaseActKind::New { provinces: self.case_provinces() },
                &self.today,
                about.into(),
            ));
        }
        let Screen::Case(v) = &self.state.screen else { return None };
        let p = self.procedure(&v.case);
        let rule = |what: &str, text: Option<String>| match text {
            Some(t) => t,
            None => format!("{what}：{}。", crate::domain::case::SILENT),
        };
        let about = match &kind {
            CaseActKind::New { .. } => String::new(),
            CaseActKind::Check { item, .. } => {
                let found = p.conditions.iter().chain(&p.materials).find(|c| &c.id == item);
                found.map(|c| format!("{} {}（{}）", c.id, c.text, c.source)).unwrap_or_default()
            }
            CaseActKind::CheckDone => "审查完成后才能开始验收；有条件未满足时须写明理由。".into(),
            CaseActKind::Date => {
                "案件自己的日期：接到申请材料、受理、列入名单、转报或移交；期限从这些日期起算。".into()
            }
            CaseActKind::Schedule { .. } => "本轮的现场验收日期（验收开始后，验收本身记录它）。".into(),
            CaseActKind::Review { .. } => {
                "按本案件的依据文件新建本轮验收（企业信息取自案件）；现场日期留空取已安排的日期。".into()
            }
            CaseActKind::Recheck { .. } => {
                "整改后申请复核：新建一份复核验收，依据与首次验收相同，并记明它复核的验收。".into()
            }
            CaseActKind::Report => "验收工作报告报送日期，以及本轮结论（由专家组判定时按签署的意见选择）。".into(),
            CaseActKind::Publish => rule("公示", p.publication.as_ref().map(|r| format!("{}（{}）", r.text, r.source))),
            CaseActKind::Object => "公示期内收到的异议：日期和内容。".into(),
            CaseActKind::Decide { .. } => "异议的处理：成立或不成立，处理日期和说明。".into(),
            CaseActKind::Rectify => {
                rule("整改", p.rectification.as_ref().map(|r| format!("{}（{}）", r.text, r.source)))
            }
            CaseActKind::Grant => rule("有效期", p.validity.as_ref().map(|r| format!("{}（{}）", r.text, r.source))),
            CaseActKind::ReportFile { .. } => {
                "本案件最近一轮的验收工作报告，写成可打印的 HTML（不覆盖已有文件）。".into()
            }
            CaseActKind::NoticeFile { .. } => {
                "同一天开始公示的案件（本省）的公示通知，写成可打印的 HTML（不覆盖已有文件）。".into()
            }
        };
        Some(CaseActForm::new(v.case.id, kind, &self.today, about))
    }

    /// A path typed in a form: relative ones are in the data directory.
    fn out_path(&self, typed: &str) -> PathBuf {
        let p = Path::new(typed);
        if p.is_absolute() { p.to_path_buf() } else { self.state.data_dir.join(p) }
    }

    /// The provinces that have a sheet or rules file, in the catalog's order without repeats.
    fn case_provinces(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.state.catalog.scorecards {
            if !out.contains(&c.province) {
                out.push(c.province.clone());
            }
        }
        out
    }

    /// Opens a case as `case new` does (the same choice of file, the same store function); a refusal is said and the
    /// form stays open with what was typed.
    fn new_case(&mut self, act: &CaseAct) {
        let CaseAct::New { province, track, stage, enterprise, credit_code, industry, applied } = act else { return };
        let track = if *track == 1 { Track::Mandatory } else { Track::Voluntary };
        let stage = if *stage == 1 { Stage::Assessment } else { Stage::Acceptance };
        let card = match choose_scorecard(&self.state.catalog.scorecards, province, track, stage, None) {
            Ok(c) => c.clone(),
            Err(e) => return self.set_status(format!("未登记：{}", e.zh()), StatusKind::Error),
        };
        let new = NewCase {
            enterprise: enterprise.clone(),
            credit_code: credit_code.clone(),
            industry: industry.clone(),
            track: Some(track),
            applied: applied.clone(),
        };
        match self.store.create_case(&new, &card) {
            Ok(id) => {
                self.state.modal = None;
                self.open_case(id);
                self.saved(&format!("案件 {id}（{}，依据 {}）", enterprise.trim(), card.id));
            }
            Err(e) => self.set_status(format!("未登记：{}", e.zh()), StatusKind::Error),
        }
    }

    /// Records an act on case `id`; the page is read again after it.
    pub(crate) fn case_act(&mut self, id: i64, act: CaseAct) {
        if let CaseAct::New { .. } = act {
            return self.new_case(&act);
        }
        let case = match self.store.load_case(id) {
            Ok(c) => c,
            Err(e) => return self.set_status(format!("未记录：{}", e.zh()), StatusKind::Error),
        };
        let p = self.procedure(&case);
        let cal = self.state.calendar.clone();
        let today = self.today_date();
        let new_review = |visit: &str, place: &str, agency: &str, address: &str, t: &Option<String>| NewCaseReview {
            address: address.into(),
            agency: agency.into(),
            place: place.into(),
            visit: visit.into(),
            review_type: t.clone(),
        };
        let result: Result<String, StoreError> = match &act {
            CaseAct::New { .. } => return,
            CaseAct::Check { item, met, note } => self
                .store
                .set_check(id, &p, item, *met, note)
                .map(|()| format!("{item}：{}", if *met { "满足" } else { "不满足" })),
            CaseAct::CheckDone { date, reason } => {
                self.store.complete_check(id, &p, date, reason).map(|()| format!("申请审查完成（{date}）"))
            }
            CaseAct::Date { event, date } => {
                let e = DATE_EVENT_KINDS[(*event).min(DATE_EVENT_KINDS.len() - 1)];
                self.store.record_case_date(id, e, date).map(|()| format!("{}：{date}", DATE_EVENTS[*event]))
            }
            CaseAct::Schedule { visit } => {
                self.store.schedule_visit(id, visit).map(|round| format!("第 {round} 轮现场验收：{visit}"))
            }
            CaseAct::Review { visit, place, agency, address, review_type } => {
                let Some(card) = self.state.catalog.scorecard(&case.scorecard_id).cloned() else {
                    return self.set_status(
                        format!("案件的依据文件 {} 未载入，不能开始验收", case.scorecard_id),
                        StatusKind::Error,
                    );
                };
                let rules: Vec<_> = self.state.catalog.rules_for(&card).cloned().collect();
                let rules: Vec<_> = rules.iter().collect();
                let new = new_review(visit, place, agency, address, review_type);
                self.store.start_case_review(id, &new, &card, &rules).map(|r| format!("新建验收 {r}"))
            }
            CaseAct::Recheck { requested, visit, place, agency, address, review_type } => {
                let new = new_review(visit, place, agency, address, review_type);
                self.store.recheck(id, requested, &new).map(|r| format!("新建复核验收 {r}"))
            }
            CaseAct::Report { date, conclusion } => self
                .store
                .record_report(id, date, verdict_of(*conclusion))
                .map(|(round, v)| format!("第 {round} 轮验收工作报告（{date}，{}）", v.label())),
            CaseAct::Publish { from, until, conclusion } => {
                self.store.publish(id, &p, from, until, verdict_of(*conclusion)).map(|_| format!("公示自 {from} 起"))
            }
            CaseAct::Object { date, text: t } => {
                self.store.object(id, &p, &cal, date, t).map(|n| format!("异议 {n}（{date}）"))
            }
            CaseAct::Decide { objection, upheld, date, note } => match objection.trim().parse::<i64>() {
                Ok(n) => self
                    .store
                    .decide_objection(id, n, *upheld, date, note)
                    .map(|()| format!("异议 {n}：{}", if *upheld { "成立" } else { "不成立" })),
                Err(_) => return self.set_status("请填写异议编号（页面上“异议 N”的 N）", StatusKind::Error),
            },
            CaseAct::Rectify { notified, due, conclusion } => self
                .store
                .rectify(id, &p, notified, due, verdict_of(*conclusion))
                .map(|round| format!("第 {round} 轮整改通知（{notified}）")),
            CaseAct::Grant { date, note } => {
                self.store.grant(id, &p, &cal, today, date, note).map(|_| format!("授予（{date}）"))
            }
            CaseAct::ReportFile { path } => return self.write_report_file(&case, &p, path),
            CaseAct::NoticeFile { from, path } => return self.write_notice_file(&case, from, path),
        };
        match result {
            Ok(what) => {
                self.state.modal = None;
                self.open_case(id);
                self.saved(&what);
            }
            Err(e) => self.set_status(format!("未记录：{}", e.zh()), StatusKind::Error),
        }
    }

    fn write_report_file(&mut self, case: &CaseFile, p: &Procedure, path: &str) {
        let round = case.last_round();
        if round == 0 {
            return self.set_status("本案件还没有验收，没有工作报告可写", StatusKind::Error);
        }
        let today = self.today_date();
        let (list, _) = crate::domain::case::deadlines(p, case, &self.state.calendar, today);
        let entry = match report_case(&self.store, case, round, &list) {
            Ok(e) => e,
            Err(e) => return self.set_status(format!("未写出：{}", e.zh()), StatusKind::Error),
        };
        self.write_file(path, work_report_html(&[entry], None, today).as_bytes(), "验收工作报告");
    }

    fn write_notice_file(&mut self, case: &CaseFile, from: &str, path: &str) {
        let Some(start) = crate::domain::case::ymd(from.trim()) else {
            return self.set_status("公示开始日期须写作 YYYY-MM-DD", StatusKind::Error);
        };
        let groups =
            match notice_groups(&self.state.catalog, &self.store, &self.state.calendar, start, Some(&case.province)) {
                Ok(g) if g.is_empty() => {
                    return self
                        .set_status(format!("{}没有在 {start} 开始公示的案件", case.province), StatusKind::Error);
                }
                Ok(g) => g,
                Err(e) => return self.set_status(format!("未写出：{}", e.zh()), StatusKind::Error),
            };
        self.write_file(path, notice_html(&groups, self.today_date()).as_bytes(), "公示通知");
    }

    fn write_file(&mut self, typed: &str, bytes: &[u8], what: &str) {
        if typed.trim().is_empty() {
            return self.set_status("请填写文件名", StatusKind::Error);
        }
        let out = self.out_path(typed.trim());
        if out.exists() {
            return self
                .set_status(format!("{} 已存在：请换一个文件名（不覆盖已有文件）", out.display()), StatusKind::Error);
        }
        if let Some(dir) = out.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return self.set_status(format!("无法建立 {}：{e}", dir.display()), StatusKind::Error);
        }
        match crate::files::write_new(&out, bytes) {
            Ok(()) => {
                self.state.modal = None;
                self.set_status(format!("已写出{what}：{}", out.display()), StatusKind::Saved);
            }
            Err(e) => self.set_status(format!("未写出{what}：{}", e.zh()), StatusKind::Error),
        }
    }
}
