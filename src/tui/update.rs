//! Performing actions. Changes go straight to the store; the status line says what was saved or why not. A dialog
//! whose change the store refused stays open with what was typed, so nothing is lost.

use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::store::StoreError;
use crate::tui::action::{Action, Ask, Open, PathKind};
use crate::tui::app::App;
use crate::tui::dialogs::{
    Confirm, DecisionForm, Discard, EditorForm, EvidenceForm, ExpertForm, Modal, PathForm, Picker, PoolExpertForm,
    RecuseForm, SIGNIN_LIST, ScoreForm, SignForm, SignInForm, TrustForm, ValuesForm, jump,
};
use crate::tui::screens::new_review::NewReviewForm;
use crate::tui::screens::review::Tab;
use crate::tui::screens::unit::UnitView;
use crate::tui::state::Screen;
use crate::tui::widgets::input::TextArea;
use crate::tui::widgets::status::StatusKind;

impl App {
    /// Applies an action; a status message raised on the screen the panel has left goes with it.
    pub fn update(&mut self, action: Action) {
        self.perform(action);
        self.forget_status_elsewhere();
    }

    fn perform(&mut self, action: Action) {
        let review_id = match &self.state.screen {
            Screen::Review(v) => Some(v.id),
            _ => None,
        };
        let result: Option<(Result<(), StoreError>, &str)> = match action {
            Action::Quit => {
                self.quit = true;
                None
            }
            Action::ToggleHelp => {
                self.state.help = !self.state.help;
                None
            }
            Action::Back => {
                self.state.modal = None;
                if let Screen::Review(v) = &self.state.screen
                    && let Some(case) = v.from_case
                {
                    self.open_case(case);
                    return;
                }
                self.state.screen = Screen::Home;
                self.refresh_home();
                None
            }
            Action::Status(text, kind) => {
                self.set_status(text, kind);
                None
            }
            Action::Open(o) => {
                self.open(o);
                None
            }
            Action::CloseModal => {
                self.state.modal = None;
                None
            }
            Action::KeepEditing => {
                self.state.modal = match self.state.modal.take() {
                    Some(Modal::Discard { under, .. }) => under.map(|m| *m),
                    other => other,
                };
                None
            }
            Action::JumpTo(target) => {
                self.jump_to(&target);
                None
            }
            Action::PickScorecard(id) => {
                self.state.modal = None;
                if let (Screen::NewReview(f), Some(card)) = (&mut self.state.screen, self.state.catalog.scorecard(&id))
                {
                    f.pick(card);
                }
                None
            }
            Action::StartNewReview => {
                self.state.screen = Screen::NewReview(NewReviewForm::new(&self.today));
                None
            }
            Action::OpenReview(id) => {
                self.open_review(id, Tab::Scoring);
                None
            }
            Action::SwitchTab(t) => {
                if let Screen::Review(v) = &mut self.state.screen {
                    v.tab = t.for_kind(v.r.card.kind);
                }
                None
            }
            Action::LoadDemo => {
                match crate::tui::demo::load(&mut self.store, &self.state.catalog) {
                    Ok(id) => {
                        self.refresh_home();
                        self.open_review(id, Tab::Result);
                        self.set_status("已载入示例验收：可以浏览各页，也可以试着定稿", StatusKind::Saved);
                    }
                    Err(e) => self.set_status(format!("载入示例失败：{e}"), StatusKind::Error),
                }
                None
            }
            Action::CreateReview { new, scorecard } => {
                let Some(card) = self.state.catalog.scorecard(&scorecard) else {
                    self.set_status(format!("没有评分表 {scorecard}"), StatusKind::Error);
                    return;
                };
                let rules: Vec<_> = self.state.catalog.rules_for(card).collect();
                match self.store.create_review(&new, card, &rules) {
                    Ok(id) => {
                        self.refresh_home();
                        self.open_review(id, Tab::Panel);
                        self.saved("新建验收");
                    }
                    Err(e) => self.set_status(format!("未能新建：{}", e.zh()), StatusKind::Error),
                }
                None
            }
            Action::AddExpert(new) => review_id.map(|id| (self.store.add_expert(id, &new).map(|_| ()), "专家")),
            Action::UpdateExpert(e, patch) => review_id.map(|id| (self.store.update_expert(id, e, &patch), "专家信息")),
            Action::RemoveExpert(e) => review_id.map(|id| (self.store.remove_expert(id, e), "移除专家")),
            Action::SetLead(e) => review_id.map(|id| (self.store.set_lead(id, e), "组长")),
            Action::Recuse { expert, reason, statement } => {
                review_id.map(|id| (self.store.recuse(id, expert, &reason, &statement), "回避"))
            }
            Action::SaveScore { expert, item, points, reason, evidence } => {
                let Some(id) = review_id else { return };
                // The store gives the review back as it now is: shown without reading it again.
                match self.store.set_score_loaded(id, expert, &item, points, &reason, &evidence) {
                    Ok(r) => {
                        let mut name = String::new();
                        if let Screen::Review(v) = &mut self.state.screen {
                            name = v.r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default();
                            // Move on to the next item, as on a paper sheet.
                            if v.item_sel + 1 < v.scored_ids().len() {
                                v.item_sel += 1;
                            }
                        }
                        self.state.modal = None;
                        self.show_loaded(r);
                        // Whose score on which item, and the value: one save is told from the next, as the cursor
                        // has already moved on.
                        self.saved(&format!("评分 {name} {item}：{points} 分"));
                        return;
                    }
                    Err(e) => Some((Err(e), "评分")),
                }
            }
            Action::ClearScore { expert, item } => {
                let Some(id) = review_id else { return };
                match self.store.clear_score_loaded(id, expert, &item) {
                    Ok(r) => {
                        self.state.modal = None;
                        self.show_loaded(r);
                        self.saved("清除评分");
                        return;
                    }
                    Err(e) => Some((Err(e), "清除评分")),
                }
            }
            Action::SetFact { fact, value } => {
                let r = review_id.map(|id| (self.store.set_fact(id, &fact, value.as_deref()), "事实"));
                if let Some((Ok(()), what)) = r {
                    return self.values_saved(what);
                }
                r
            }
            Action::SetBonus { bonus, value } => {
                let r = review_id.map(|id| (self.store.set_bonus(id, &bonus, value), "加分"));
                if let Some((Ok(()), what)) = r {
                    return self.values_saved(what);
                }
                r
            }
            Action::SetWeight { item, value } => {
                let r = review_id.map(|id| (self.store.set_weight(id, &item, value), "分值"));
                // Several items change together: the dialog stays open until the section adds up again.
                if let Some((Ok(()), _)) = &r {
                    self.reload();
                    self.weights_saved(&item);
                    return;
                }
                r
            }
            Action::AddSignIn { name, unit, position, capacity } => {
                let r = review_id
                    .map(|id| (self.store.add_signin(id, &name, &unit, &position, &capacity).map(|_| ()), "签到"));
                if let Some((Ok(()), _)) = &r {
                    self.reload();
                    if let Screen::Review(v) = &self.state.screen {
                        self.state.modal = Some(Modal::SignIn(SignInForm::new(&v.r)));
                    }
                    self.saved("签到");
                    return;
                }
                r
            }
            Action::RemoveSignIn(sid) => {
                let r = review_id.map(|id| (self.store.remove_signin(id, sid), "移除签到"));
                if let Some((Ok(()), _)) = &r {
                    self.reload();
                    if let Screen::Review(v) = &self.state.screen {
                        let mut form = SignInForm::new(&v.r);
                        form.focus = SIGNIN_LIST;
                        self.state.modal = Some(Modal::SignIn(form));
                    }
                    self.saved("移除签到");
                    return;
                }
                r
            }
            Action::AnswerVeto { veto, answer, evidence } => {
                review_id.map(|id| (self.store.answer_veto(id, &veto, answer, &evidence), "否决项"))
            }
            Action::AnswerRequirement { requirement, met, reason } => {
                review_id.map(|id| (self.store.answer_requirement(id, &requirement, met, &reason), "要求"))
            }
            Action::AnswerDistinction { distinction, holds, evidence } => {
                review_id.map(|id| (self.store.answer_distinction(id, &distinction, holds, &evidence), "条件等级"))
            }
            Action::SetDecision { passed, reason } => {
                review_id.map(|id| (self.store.set_decision(id, Some(passed), &reason), "专家组判定"))
            }
            Action::SaveOpinion(patch) => review_id.map(|id| (self.store.set_opinion(id, &patch), "验收意见")),
            Action::Finalize => review_id.map(|id| (self.store.finalize(id), "定稿")),
            Action::Sign { expert, name, key_file, passphrase, dissent } => {
                self.sign(expert, &name, &key_file, &passphrase, dissent.as_deref());
                None
            }
            Action::Export(out) => {
                self.export_to(&out);
                None
            }
            Action::OpenPool => {
                self.state.modal = None;
                self.refresh_pool();
                None
            }
            Action::OpenDraw => {
                self.state.modal = None;
                self.open_draw();
                None
            }
            Action::RetireExpert(id) => {
                self.retire_expert(id);
                None
            }
            Action::SavePoolExpert { id, entry, public_key } => {
                self.save_pool_expert(id, &entry, &public_key);
                None
            }
            Action::RosterKey { name } => {
                self.roster_key_into_form(&name);
                None
            }
            Action::PreviewDraw { case, size, reserves } => {
                self.preview_draw(case, size, reserves);
                None
            }
            Action::DrawPanel { case, size, reserves } => {
                self.draw_panel(case, size, reserves);
                None
            }
            Action::OpenUnit => {
                self.state.modal = None;
                self.state.screen = Screen::Unit(UnitView::default());
                self.refresh_unit();
                None
            }
            Action::Import(path) => {
                self.import_from(&path);
                None
            }
            Action::ImportKit(path) => {
                self.read_kit_from(&path);
                None
            }
            Action::ImportKitFor { path, expert } => {
                self.import_kit_from(&path, &expert);
                None
            }
            Action::ImportSheet(path) => {
                self.import_sheet_from(&path);
                None
            }
            Action::Compile { out, replace } => {
                self.compile_to(&out, replace);
                None
            }
            Action::OpenCases => {
                self.state.modal = None;
                self.refresh_cases();
                None
            }
            Action::OpenCase(id) => {
                self.state.modal = None;
                self.open_case(id);
                None
            }
            Action::OpenCaseReview { case, review } => {
                self.state.modal = None;
                self.open_review(review, Tab::Scoring);
                if let Screen::Review(v) = &mut self.state.screen {
                    v.from_case = Some(case);
                }
                None
            }
            Action::CaseAct { case, act } => {
                self.case_act(case, act);
                None
            }
            Action::InstallTrust { roster, sig, issuer } => {
                self.install_trust(&roster, sig.as_deref(), &issuer);
                None
            }
            Action::Reopen { id, reason } => {
                match self.store.reopen(id, &reason) {
                    Ok(()) => {
                        self.state.modal = None;
                        self.refresh_home();
                        if review_id == Some(id) {
                            self.reload();
                        }
                        self.saved("重新打开");
                    }
                    Err(e) => self.set_status(format!("未能重新打开：{}", e.zh()), StatusKind::Error),
                }
                None
            }
        };
        if let Some((r, what)) = result {
            match r {
                Ok(()) => {
                    self.state.modal = None;
                    self.reload();
                    self.saved(what);
                }
                Err(e) => {
                    // The dialog stays open with what was typed, so nothing is lost.
                    self.set_status(format!("未保存（{what}）：{}", e.zh()), StatusKind::Error);
                }
            }
        }
    }

    pub(crate) fn saved(&mut self, what: &str) {
        let time = (self.clock)();
        self.set_status(format!("已保存：{what}（{time}）"), StatusKind::Saved);
    }

    /// Opens a dialog, filled from what the store holds.
    fn open(&mut self, o: Open) {
        let review = match &self.state.screen {
            Screen::Review(v) => Some(&**v),
            _ => None,
        };
        let modal = match (o, review) {
            (Open::Discard(leave), _) => {
                self.state.help = false;
                // Asked again (Ctrl+C over Esc's question): the question changes, the dialog under it stays.
                let under = match self.state.modal.take() {
                    Some(Modal::Discard { under, .. }) => under,
                    other => other.map(Box::new),
                };
                Modal::Discard { ask: Discard { leave }, under }
            }
            (Open::Picker, _) => Modal::Picker(Picker::new(&self.state.catalog)),
            (Open::Jump, _) => Modal::Jump(jump::new()),
            (Open::Confirm(Ask::Reopen(id)), _) => Modal::Confirm(Confirm::reopen(id)),
            (Open::Trust, _) => Modal::Trust(TrustForm::default()),
            (Open::CaseAct(kind), _) => match self.case_form(kind) {
                Some(f) => Modal::CaseAct(f),
                None => return,
            },
            (Open::PoolExpert(None), _) => Modal::PoolExpert(PoolExpertForm::new(None)),
            (Open::PoolExpert(Some(id)), _) => match self.store.pool_expert(id) {
                Ok(e) => Modal::PoolExpert(PoolExpertForm::new(Some((id, &e)))),
                Err(e) => return self.set_status(format!("无法打开专家 {id}：{}", e.zh()), StatusKind::Error),
            },
            (Open::Sheets, Some(v)) => Modal::Report(self.sheets_report(v)),
            (Open::Path(k @ (PathKind::Import | PathKind::Kit | PathKind::Sheet)), _) => {
                Modal::Path(PathForm::new(k, std::path::Path::new("")))
            }
            (Open::Path(PathKind::Compile), _) => {
                let out = self.state.data_dir.join("exports").join(format!("汇总-{}.xlsx", self.today));
                Modal::Path(PathForm::new(PathKind::Compile, &out))
            }
            (_, None) => return,
            (Open::Expert(None), Some(_)) => Modal::Expert(ExpertForm::new(None)),
            (Open::Expert(Some(id)), Some(v)) => match v.r.data.expert(id) {
                Some(e) => Modal::Expert(ExpertForm::new(Some(e))),
                None => return,
            },
            (Open::Recuse(id), Some(v)) => Modal::Recuse(RecuseForm::new(&v.r, id)),
            (Open::SignIn, Some(v)) => Modal::SignIn(SignInForm::new(&v.r)),
            (Open::Score { expert, item, first }, Some(v)) => match ScoreForm::open(&v.r, expert, &item, first) {
                Some(f) => Modal::Score(f),
                None => return,
            },
            (Open::Facts, Some(v)) => Modal::Values(ValuesForm::facts(&v.r)),
            (Open::Bonuses, Some(v)) => Modal::Values(ValuesForm::bonuses(&v.r)),
            (Open::Weights(section), Some(v)) => Modal::Values(ValuesForm::weights(&v.r, &section)),
            (Open::Evidence(condition), Some(v)) => match EvidenceForm::open(&v.r, condition) {
                Some(f) => Modal::Evidence(f),
                None => return,
            },
            (Open::Decision, Some(v)) => Modal::Decision(DecisionForm::open(&v.r, v.eval.as_ref())),
            (Open::Editor(field), Some(v)) => {
                let o = &v.r.data.opinion;
                let text = [&o.summary, &o.problems, &o.suggestions, &o.conclusion][field.min(3)];
                Modal::Editor(EditorForm { field, text: TextArea::new(text) })
            }
            (Open::Confirm(Ask::Finalize), Some(v)) => Modal::Confirm(Confirm::finalize(&v.r)),
            (Open::Confirm(Ask::RemoveExpert(id)), Some(v)) => {
                let name = v.r.data.expert(id).map(|e| e.name.clone()).unwrap_or_default();
                Modal::Confirm(Confirm::remove_expert(id, &name))
            }
            (Open::Confirm(Ask::OverwriteOpinion(draft)), Some(_)) => {
                Modal::Confirm(Confirm::overwrite_opinion(*draft))
            }
            (Open::Sign { expert, dissent }, Some(v)) => {
                let name = v.r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default();
                let (revision, short) = v.sign.as_ref().map(|s| (s.revision, s.short_hash())).unwrap_or_default();
                let form = SignForm::new(expert, &name, &self.key_file(&name), revision, &short, dissent);
                let said = form.focus_said();
                self.state.modal = Some(Modal::Sign(form));
                return self.set_status(said, StatusKind::Info);
            }
            (Open::Path(PathKind::Export), Some(v)) => {
                let d = &v.r.data;
                // The enterprise's name as a stick takes it (the domain's one rule): `-` and the date take 11 units.
                let enterprise = crate::domain::filename::make_portable(&d.enterprise.name, 244).name;
                let name = format!("{}-{enterprise}", d.date);
                Modal::Path(PathForm::new(PathKind::Export, &self.state.data_dir.join("exports").join(name)))
            }
        };
        self.state.modal = Some(modal);
    }

    /// Where an expert's secret key most likely is: `NAME.key` in the folder of this session's last signature, else
    /// in `<data dir>/keys`, where `key new` writes by default; the first of them that exists, else the first.
    fn key_file(&self, name: &str) -> std::path::PathBuf {
        let file = format!("{name}.key");
        let default = self.state.data_dir.join("keys").join(&file);
        let candidates: Vec<_> = self.state.key_dir.iter().map(|d| d.join(&file)).chain([default]).collect();
        candidates.iter().find(|p| p.is_file()).unwrap_or(&candidates[0]).clone()
    }

    /// Goes to a scored item by its id ("2.3"), or by the printed number within the sheet order.
    fn jump_to(&mut self, target: &str) {
        let Screen::Review(v) = &mut self.state.screen else {
            self.state.modal = None;
            return;
        };
        let ids = v.scored_ids();
        let found = ids
            .iter()
            .position(|i| *i == target)
            .or_else(|| ids.iter().position(|i| i.starts_with(&format!("{target}."))));
        match found {
            Some(i) => {
                v.item_sel = i;
                self.state.modal = None;
            }
            None => self.set_status(format!("没有条目“{target}”"), StatusKind::Error),
        }
    }

    /// After a fact or a bonus was saved: the dialog stays open on the next row, with what the store now holds.
    fn values_saved(&mut self, what: &str) {
        self.reload();
        if let (Screen::Review(v), Some(Modal::Values(old))) = (&self.state.screen, &self.state.modal) {
            self.state.modal = Some(Modal::Values(old.reopened(&v.r)));
        }
        self.saved(what);
    }

    /// After adjusted points were saved: the dialog again with the new points, and whether the section adds up.
    fn weights_saved(&mut self, item: &str) {
        let Screen::Review(v) = &self.state.screen else { return };
        let section = v.r.card.item(item).map(|i| i.section.clone()).unwrap_or_default();
        let items = || v.r.card.scored_items().filter(|i| i.section == section);
        let printed: Points = items().map(|i| i.points).sum();
        let now: Points = items().map(|i| v.r.data.item_max(&v.r.card, &i.id).unwrap_or(i.points)).sum();
        let form = match &self.state.modal {
            Some(Modal::Values(old)) => old.reopened(&v.r),
            _ => ValuesForm::weights(&v.r, &section),
        };
        self.state.modal = Some(Modal::Values(form));
        if now == printed {
            self.saved("分值（本节合计相符）");
        } else {
            self.set_status(format!("已保存；本节现合计 {now} 分，须调回 {printed} 分才能定稿"), StatusKind::Info);
        }
    }
}
