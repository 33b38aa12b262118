//! The application state and its update: input becomes an [`Action`], the action changes the state (saving through
//! the store at once), and the views render the state. One `App` holds everything; each screen is a view over it and
//! dialogs are layers on top. Besides the panel's pages, a finalized review has a signing page (each expert signs or
//! dissents with their own key and passphrase, then the bundle is exported), and the support unit has its own screen
//! (import and verification against the trusted roster, the quarantine, and the compilation).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::bundle::compile::{from_imports, write_results};
use crate::bundle::export::{ExportError, current_payload, export, sign_review, signers};
use crate::bundle::import::{find_bundles, import_bundles, trust_paths};
use crate::bundle::keys::{KeyError, read_public};
use crate::bundle::payload::PayloadV1;
use crate::bundle::roster::Roster;
use crate::bundle::{SignStatus, SignerInfo, short_hash};
use crate::domain::points::Points;
use crate::domain::review::{Answer, draft_opinion};
use crate::domain::scorecard::{Catalog, Track};
use crate::domain::scoring::{Evaluation, evaluate};
use crate::store::signing::{ImportOutcome, QuarantineEntry};
use crate::store::{
    CheckStatus, DiskFailure, ExpertPatch, LoadedReview, NewExpert, NewReview, OpinionPatch, ReviewSummary, Store,
    StoreError,
};
use crate::tui::input::{Edit, LineInput, TextArea};
use crate::tui::keys::{Input, Key, KeyCode};
use crate::tui::modal::{self, Modal, SIGNIN_LIST};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Panel,
    Scoring,
    Vetoes,
    Opinion,
    Result,
    Sign,
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Panel, Tab::Scoring, Tab::Vetoes, Tab::Opinion, Tab::Result, Tab::Sign];
    pub fn title(self) -> &'static str {
        match self {
            Tab::Panel => "1 专家组",
            Tab::Scoring => "2 评分",
            Tab::Vetoes => "3 否决项",
            Tab::Opinion => "4 验收意见",
            Tab::Result => "5 结果",
            Tab::Sign => "6 签名与导出",
        }
    }
    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Saved,
    Error,
}

/// What the user asked for, once input has been read.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Quit,
    Back,
    ToggleHelp,
    OpenReview(i64),
    StartNewReview,
    CreateReview {
        new: NewReview,
        scorecard: String,
    },
    LoadDemo,
    SwitchTab(Tab),
    AddExpert(NewExpert),
    UpdateExpert(i64, ExpertPatch),
    RemoveExpert(i64),
    SetLead(i64),
    Recuse {
        expert: i64,
        reason: String,
        statement: String,
    },
    SaveScore {
        expert: i64,
        item: String,
        points: Points,
        reason: String,
        evidence: String,
    },
    ClearScore {
        expert: i64,
        item: String,
    },
    SetFact {
        fact: String,
        value: Option<String>,
    },
    SetBonus {
        bonus: String,
        value: Option<Points>,
    },
    SetWeight {
        item: String,
        value: Option<Points>,
    },
    AddSignIn {
        name: String,
        unit: String,
        position: String,
        capacity: String,
    },
    RemoveSignIn(i64),
    AnswerVeto {
        veto: String,
        answer: Answer,
        evidence: String,
    },
    SaveOpinion(OpinionPatch),
    Finalize,
    Reopen {
        id: i64,
        reason: String,
    },
    OpenModal(Modal),
    CloseModal,
    JumpTo(usize),
    PickScorecard(String),
    Status(String, StatusKind),
    /// Sign (or dissent) with what the open signing dialog holds; the passphrase never leaves the dialog.
    SignSubmit,
    /// Write the open review's bundle to a new directory.
    Export(PathBuf),
    /// The support unit's screen.
    OpenUnit,
    /// Import a bundle, or every bundle in a folder.
    Import(PathBuf),
    /// Write the compilation workbook (and the CSV file beside it).
    Compile(PathBuf),
}

/// The home screen: the review list.
#[derive(Default)]
pub struct Home {
    pub rows: Vec<ReviewSummary>,
    pub filter: LineInput,
    pub filtering: bool,
    pub selected: usize,
    /// Total and grade by review, computed when a row is first shown and kept until it changes.
    pub summaries: HashMap<i64, (String, String, String)>,
    /// Province and title by sheet id, so that the filter finds 山东 or 验收.
    pub sheet_labels: HashMap<String, String>,
}

impl Home {
    pub fn visible(&self) -> Vec<&ReviewSummary> {
        let terms: Vec<String> = self.filter.text().split_whitespace().map(str::to_lowercase).collect();
        self.rows
            .iter()
            .filter(|r| {
                let sheet = self.sheet_labels.get(&r.scorecard).map(String::as_str).unwrap_or("");
                let hay = format!(
                    "{} {} {} {} {} {} {sheet}",
                    r.enterprise,
                    r.scorecard,
                    r.credit_code,
                    r.date,
                    r.place,
                    r.status.label()
                )
                .to_lowercase();
                terms.iter().all(|t| hay.contains(t))
            })
            .collect()
    }
}

/// The new-review form.
pub struct NewReviewForm {
    pub fields: Vec<(&'static str, LineInput)>,
    pub scorecard: Option<String>,
    pub track: Option<Track>,
    /// Index of the focused row: the text fields, then the sheet, the track and the create button.
    pub focus: usize,
}

pub const F_NAME: usize = 0;
pub const F_CODE: usize = 1;
pub const F_DATE: usize = 5;

impl NewReviewForm {
    pub fn new(today: &str) -> Self {
        NewReviewForm {
            fields: vec![
                ("企业名称", LineInput::new("").with_max(200)),
                ("统一社会信用代码", LineInput::new("").with_max(18)),
                ("地址", LineInput::new("").with_max(200)),
                ("行业", LineInput::new("").with_max(200)),
                ("咨询机构", LineInput::new("").with_max(200)),
                ("验收日期", LineInput::new(today).with_max(10)),
                ("验收地点", LineInput::new("").with_max(200)),
            ],
            scorecard: None,
            track: None,
            focus: 0,
        }
    }
    pub fn rows(&self) -> usize {
        self.fields.len() + 3
    }
    pub fn sheet_row(&self) -> usize {
        self.fields.len()
    }
    pub fn track_row(&self) -> usize {
        self.fields.len() + 1
    }
    pub fn button_row(&self) -> usize {
        self.fields.len() + 2
    }
}

/// An open review with its tabs.
pub struct ReviewView {
    pub id: i64,
    pub r: LoadedReview,
    pub eval: Option<Evaluation>,
    pub eval_errors: Vec<String>,
    pub tab: Tab,
    pub panel_sel: usize,
    /// Index into the sheet's directly scored items.
    pub item_sel: usize,
    /// Index into the experts who score.
    pub expert_sel: usize,
    pub veto_sel: usize,
    pub opinion_sel: usize,
    /// Index into the panel on the signing page.
    pub sign_sel: usize,
    /// The signing state; `None` until the review is finalized.
    pub sign: Option<SignState>,
}

/// A finalized review's signing state: the revision and payload hash the experts sign, and where each expert stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignState {
    pub revision: u32,
    pub sha256: String,
    /// One per expert of the panel, in panel order.
    pub signers: Vec<SignerInfo>,
    /// Why the state could not be read, if it could not.
    pub error: Option<String>,
}

impl SignState {
    pub fn short_hash(&self) -> String {
        short_hash(&self.sha256)
    }
}

/// The signing state of a review, read from the store; `None` when the review is not finalized.
fn sign_state(store: &Store, v: &ReviewView) -> Option<SignState> {
    if v.r.data.status != crate::domain::review::Status::Finalized {
        return None;
    }
    let mut s = SignState::default();
    match current_payload(store, v.id) {
        Ok((p, _, sha)) => {
            s.revision = p.review.revision;
            s.sha256 = sha;
        }
        Err(e) => s.error = Some(zh_export(&e)),
    }
    match signers(store, v.id) {
        Ok(list) => s.signers = list,
        Err(e) => s.error = Some(zh_export(&e)),
    }
    Some(s)
}

/// One imported review as the support unit's screen lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub id: i64,
    pub enterprise: String,
    pub province: String,
    pub sheet: String,
    pub date: String,
    pub revision: u32,
    pub total: String,
    pub grade: String,
    /// Signed, dissented, of the experts who did not recuse.
    pub signatures: String,
    pub superseded: bool,
}

impl ImportRow {
    fn from_record(r: &crate::store::signing::ImportRecord) -> ImportRow {
        let mut row = ImportRow {
            id: r.id,
            enterprise: String::new(),
            province: String::new(),
            sheet: String::new(),
            date: String::new(),
            revision: r.revision,
            total: "—".into(),
            grade: "—".into(),
            signatures: "—".into(),
            superseded: r.superseded_by.is_some(),
        };
        match serde_json::from_slice::<PayloadV1>(&r.payload) {
            Ok(p) => {
                row.enterprise = p.enterprise.name;
                row.province = p.scorecard.province;
                row.sheet = p.scorecard.title;
                row.date = p.review.date;
                row.total = p.result.total;
                row.grade = p.result.grade.unwrap_or_else(|| "—".into());
            }
            Err(_) => row.enterprise = format!("（导入 {} 的内容无法读取）", r.id),
        }
        if let Ok(list) = serde_json::from_str::<Vec<SignerInfo>>(&r.signers) {
            let count = |st: SignStatus| list.iter().filter(|s| s.status == st).count();
            let voting = list.len() - count(SignStatus::Recused);
            let dissent = count(SignStatus::Dissented);
            row.signatures = format!("签 {}/{voting}", count(SignStatus::Signed));
            if dissent > 0 {
                row.signatures.push_str(&format!(" 异议 {dissent}"));
            }
        }
        row
    }
}

/// The support unit's screen: imported reviews and the quarantine.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitView {
    pub rows: Vec<ImportRow>,
    pub quarantine: Vec<QuarantineEntry>,
    pub selected: usize,
    pub q_selected: usize,
    /// 0: the imported reviews, 1: the quarantine.
    pub focus: usize,
    /// The trusted roster as loaded, or why it cannot be used.
    pub trust: Result<String, String>,
}

impl Default for UnitView {
    fn default() -> Self {
        UnitView {
            rows: Vec::new(),
            quarantine: Vec::new(),
            selected: 0,
            q_selected: 0,
            focus: 0,
            trust: Err(String::new()),
        }
    }
}

impl ReviewView {
    pub fn scored_ids(&self) -> Vec<String> {
        self.r.card.scored_items().map(|i| i.id.clone()).collect()
    }
    pub fn scoring_experts(&self) -> Vec<i64> {
        self.r.data.scoring_experts().map(|e| e.id).collect()
    }
    pub fn current_expert(&self) -> Option<i64> {
        self.scoring_experts().get(self.expert_sel).copied()
    }
    pub fn current_item(&self) -> Option<String> {
        self.scored_ids().get(self.item_sel).cloned()
    }
}

pub enum Screen {
    Home,
    NewReview(NewReviewForm),
    Review(Box<ReviewView>),
    Unit(UnitView),
}

pub struct App {
    pub store: Store,
    pub catalog: Catalog,
    pub data_dir: PathBuf,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub help: bool,
    pub status: (String, StatusKind),
    pub quit: bool,
    pub home: Home,
    pub today: String,
    /// The time of day shown after a save; tests fix it.
    pub clock: fn() -> String,
    /// The store's opening check has not been reported yet.
    pub checking: bool,
}

fn local_time() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

impl App {
    pub fn new(store: Store, catalog: Catalog, data_dir: PathBuf, today: &str) -> App {
        let mut app = App {
            store,
            catalog,
            data_dir,
            screen: Screen::Home,
            modal: None,
            help: false,
            status: (String::new(), StatusKind::Info),
            quit: false,
            home: Home::default(),
            today: today.to_string(),
            clock: local_time,
            checking: true,
        };
        app.home.sheet_labels = app
            .catalog
            .scorecards
            .iter()
            .map(|c| (c.id.clone(), format!("{} {} {}", c.province, c.title, c.stage.label())))
            .collect();
        app.home.filter = LineInput::new("").with_max(200);
        app.refresh_home();
        if app.store.is_read_only() {
            app.set_status(
                format!("数据目录只读：只能查看，不能修改（要修改请换到可写的目录）：{}", app.data_dir.display()),
                StatusKind::Error,
            );
        }
        app
    }

    /// Called by the loop between batches of input: reports the store's opening check once it has finished. A damaged
    /// database gets a dialog with the way back; the store refuses every change from then on.
    pub fn tick(&mut self) {
        if !self.checking {
            return;
        }
        match self.store.check_status() {
            CheckStatus::Running => {}
            CheckStatus::Passed { warning } => {
                self.checking = false;
                if let Some(w) = warning {
                    self.set_status(format!("今天的备份未完成：{w}"), StatusKind::Error);
                }
            }
            CheckStatus::Damaged(msg) => {
                self.checking = false;
                self.modal = Some(Modal::Report(modal::Report {
                    title: "数据库已损坏".into(),
                    lines: vec![
                        "✗ 打开时的检查发现数据库文件已损坏：从现在起任何修改都不会写入。".into(),
                        "请退出 yanshou（q），按下面的说明用最近的备份替换它。".into(),
                        String::new(),
                        msg,
                    ],
                }));
                self.set_status("数据库已损坏，不能修改：请退出并从备份恢复", StatusKind::Error);
            }
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>, kind: StatusKind) {
        self.status = (text.into(), kind);
    }

    pub fn refresh_home(&mut self) {
        match self.store.list_reviews() {
            Ok(rows) => {
                // Summaries of changed reviews are recomputed when shown.
                let changed: Vec<i64> = rows
                    .iter()
                    .filter(|r| {
                        self.home.rows.iter().find(|o| o.id == r.id).is_none_or(|o| o.updated_at != r.updated_at)
                    })
                    .map(|r| r.id)
                    .collect();
                for id in changed {
                    self.home.summaries.remove(&id);
                }
                self.home.rows = rows;
                let n = self.home.visible().len();
                if self.home.selected >= n {
                    self.home.selected = n.saturating_sub(1);
                }
            }
            Err(e) => self.set_status(format!("读取验收列表失败：{e}"), StatusKind::Error),
        }
    }

    /// Total, grade and result of a review for the list (computed by the engine, cached by review).
    pub fn summary(&mut self, id: i64) -> (String, String, String) {
        if let Some(s) = self.home.summaries.get(&id) {
            return s.clone();
        }
        let s = match self.store.load(id) {
            Ok(r) => match evaluate(&r.card, &r.data.evaluation_input(&r.card)) {
                Ok(e) => (
                    e.total.display(),
                    e.grade.clone().unwrap_or_else(|| "—".into()),
                    match e.passed {
                        Some(true) => "通过".into(),
                        Some(false) => "不通过".into(),
                        None => "—".into(),
                    },
                ),
                Err(_) => ("—".into(), "评分中".into(), "—".into()),
            },
            Err(_) => ("?".into(), "?".into(), "?".into()),
        };
        self.home.summaries.insert(id, s.clone());
        s
    }

    fn open_review(&mut self, id: i64, tab: Tab) {
        match self.store.load(id) {
            Ok(r) => {
                let mut view = ReviewView {
                    id,
                    r,
                    eval: None,
                    eval_errors: Vec::new(),
                    tab,
                    panel_sel: 0,
                    item_sel: 0,
                    expert_sel: 0,
                    veto_sel: 0,
                    opinion_sel: 0,
                    sign_sel: 0,
                    sign: None,
                };
                evaluate_view(&mut view);
                view.sign = sign_state(&self.store, &view);
                self.screen = Screen::Review(Box::new(view));
            }
            Err(e) => self.set_status(format!("无法打开验收 {id}：{e}"), StatusKind::Error),
        }
    }

    /// Reloads the open review from the store after a change.
    fn reload(&mut self) {
        if let Screen::Review(v) = &mut self.screen {
            match self.store.load(v.id) {
                Ok(r) => {
                    v.r = r;
                    evaluate_view(v);
                    v.sign = sign_state(&self.store, v);
                    let n = v.scoring_experts().len();
                    if v.expert_sel >= n {
                        v.expert_sel = n.saturating_sub(1);
                    }
                    if v.panel_sel >= v.r.data.experts.len() {
                        v.panel_sel = v.r.data.experts.len().saturating_sub(1);
                    }
                }
                Err(e) => self.status = (format!("重新读取失败：{e}"), StatusKind::Error),
            }
        }
    }

    fn saved(&mut self, what: &str) {
        let time = (self.clock)();
        self.set_status(format!("已保存：{what}（{time}）"), StatusKind::Saved);
    }

    /// Reads one input and applies what it asks for.
    pub fn handle(&mut self, input: Input) {
        if let Input::Resize = input {
            return;
        }
        let action = self.action_for(input);
        // What a field did not take as typed or pasted is said at once, naming the field.
        if let Some(note) = self.take_notice() {
            self.set_status(note, StatusKind::Info);
        }
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// The note of the field that did not take what it was given, if any.
    fn take_notice(&mut self) -> Option<String> {
        if let Some(m) = &mut self.modal {
            return modal::take_notice(m);
        }
        let line = |label: &str, n: Option<crate::tui::input::Notice>| n.map(|n| format!("{label}：{}", n.text()));
        match &mut self.screen {
            Screen::Home => line("筛选", self.home.filter.take_notice()),
            Screen::NewReview(f) => f.fields.iter_mut().find_map(|(l, i)| line(l, i.take_notice())),
            _ => None,
        }
    }

    /// Input → action. Dialogs come first, then help, then the screen.
    fn action_for(&mut self, input: Input) -> Option<Action> {
        if let Some(m) = &mut self.modal {
            let ctx = match &self.screen {
                Screen::Review(v) => Some(&**v),
                _ => None,
            };
            return modal::handle(m, input, ctx, &self.catalog);
        }
        let key = match input {
            Input::Key(k) => k,
            Input::Paste(text) => return self.paste(&text),
            Input::Resize => return None,
        };
        if self.help {
            if key.is(KeyCode::Esc) || key.is_char('?') || key.is_char('q') {
                return Some(Action::ToggleHelp);
            }
            return None;
        }
        if key.is_ctrl('c') {
            return Some(Action::Quit);
        }
        match &mut self.screen {
            Screen::Home => self.home_key(key),
            Screen::NewReview(_) => self.new_review_key(key),
            Screen::Review(_) => self.review_key(key),
            Screen::Unit(_) => self.unit_key(key),
        }
    }

    /// Pasted text goes into the focused field, never read as commands.
    fn paste(&mut self, text: &str) -> Option<Action> {
        match &mut self.screen {
            Screen::Home if self.home.filtering => {
                self.home.filter.insert(text);
                self.home.selected = 0;
            }
            Screen::NewReview(f) if f.focus < f.fields.len() => f.fields[f.focus].1.insert(text),
            _ => {}
        }
        None
    }

    fn home_key(&mut self, key: Key) -> Option<Action> {
        let n = self.home.visible().len();
        if self.home.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.home.filtering = false;
                    self.home.filter.set("");
                }
                KeyCode::Enter | KeyCode::Down => self.home.filtering = false,
                _ => {
                    if self.home.filter.handle(&key) == Edit::Changed {
                        self.home.selected = 0;
                    }
                }
            }
            return None;
        }
        match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            KeyCode::Char('n') => Some(Action::StartNewReview),
            KeyCode::Char('d') => Some(Action::LoadDemo),
            KeyCode::Char('u') => Some(Action::OpenUnit),
            KeyCode::Char('/') => {
                self.home.filtering = true;
                None
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.home.selected = self.home.selected.saturating_sub(1);
                None
            }
            KeyCode::Down | KeyCode::Char('j') => {
                if self.home.selected + 1 < n {
                    self.home.selected += 1;
                }
                None
            }
            KeyCode::PageUp => {
                self.home.selected = self.home.selected.saturating_sub(10);
                None
            }
            KeyCode::PageDown => {
                self.home.selected = (self.home.selected + 10).min(n.saturating_sub(1));
                None
            }
            KeyCode::Home => {
                self.home.selected = 0;
                None
            }
            KeyCode::End => {
                self.home.selected = n.saturating_sub(1);
                None
            }
            KeyCode::Enter => self.home.visible().get(self.home.selected).map(|r| Action::OpenReview(r.id)),
            KeyCode::Char('r') => {
                let row = self.home.visible().get(self.home.selected).map(|r| (r.id, r.status));
                match row {
                    Some((id, crate::domain::review::Status::Finalized)) => {
                        Some(Action::OpenModal(Modal::Confirm(modal::Confirm::reopen(id))))
                    }
                    Some(_) => Some(Action::Status("只有已定稿的验收需要重新打开".into(), StatusKind::Info)),
                    None => None,
                }
            }
            _ => None,
        }
    }

    fn new_review_key(&mut self, key: Key) -> Option<Action> {
        let Screen::NewReview(f) = &mut self.screen else { return None };
        let rows = f.rows();
        match key.code {
            KeyCode::Esc => return Some(Action::Back),
            KeyCode::Tab | KeyCode::Down => {
                f.focus = (f.focus + 1) % rows;
                return None;
            }
            KeyCode::BackTab | KeyCode::Up => {
                f.focus = (f.focus + rows - 1) % rows;
                return None;
            }
            KeyCode::Char('s') if key.ctrl => return create_action(f),
            _ => {}
        }
        if f.focus < f.fields.len() {
            if key.is(KeyCode::Enter) {
                f.focus += 1;
            } else {
                f.fields[f.focus].1.handle(&key);
            }
            return None;
        }
        if f.focus == f.sheet_row() && (key.is(KeyCode::Enter) || key.is_char(' ')) {
            return Some(Action::OpenModal(Modal::Picker(modal::Picker::new(&self.catalog))));
        }
        if f.focus == f.track_row()
            && (key.is(KeyCode::Enter) || key.is_char(' ') || key.is(KeyCode::Left) || key.is(KeyCode::Right))
        {
            f.track = match f.track {
                None => Some(Track::Voluntary),
                Some(Track::Voluntary) => Some(Track::Mandatory),
                _ => None,
            };
            return None;
        }
        if f.focus == f.button_row() && key.is(KeyCode::Enter) {
            return create_action(f);
        }
        None
    }

    fn review_key(&mut self, key: Key) -> Option<Action> {
        let Screen::Review(v) = &mut self.screen else { return None };
        // Keys that work on every tab.
        match key.code {
            KeyCode::Esc => return Some(Action::Back),
            KeyCode::Char('q') if !key.ctrl => return Some(Action::Back),
            KeyCode::Char('?') => return Some(Action::ToggleHelp),
            KeyCode::Tab => return Some(Action::SwitchTab(Tab::ALL[(v.tab.index() + 1) % Tab::ALL.len()])),
            KeyCode::BackTab => {
                return Some(Action::SwitchTab(Tab::ALL[(v.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]));
            }
            KeyCode::Char(c @ '1'..='6') if v.tab != Tab::Scoring => {
                return Some(Action::SwitchTab(Tab::ALL[(c as u8 - b'1') as usize]));
            }
            KeyCode::F(n @ 1..=6) => return Some(Action::SwitchTab(Tab::ALL[(n - 1) as usize])),
            _ => {}
        }
        let locked = v.r.data.status == crate::domain::review::Status::Finalized;
        let locked_msg =
            || Some(Action::Status("本验收已定稿锁定；如需修改，请在结果页按 R 重新打开".into(), StatusKind::Error));
        match v.tab {
            Tab::Panel => {
                let n = v.r.data.experts.len();
                match key.code {
                    KeyCode::Up => v.panel_sel = v.panel_sel.saturating_sub(1),
                    KeyCode::Down if v.panel_sel + 1 < n => v.panel_sel += 1,
                    KeyCode::Char('a') if locked => return locked_msg(),
                    KeyCode::Char('a') => return Some(Action::OpenModal(Modal::Expert(modal::ExpertForm::new(None)))),
                    KeyCode::Char('i') if locked => return locked_msg(),
                    KeyCode::Char('i') => return Some(Action::OpenModal(Modal::SignIn(modal::SignInForm::new(&v.r)))),
                    KeyCode::Char('e' | 'l' | 'x') | KeyCode::Delete if locked && n > 0 => return locked_msg(),
                    KeyCode::Char('e') | KeyCode::Enter if n > 0 => {
                        let e = v.r.data.experts[v.panel_sel].clone();
                        return Some(Action::OpenModal(Modal::Expert(modal::ExpertForm::new(Some(&e)))));
                    }
                    KeyCode::Char('l') if n > 0 => return Some(Action::SetLead(v.r.data.experts[v.panel_sel].id)),
                    KeyCode::Char('x') if n > 0 => {
                        let e = &v.r.data.experts[v.panel_sel];
                        if v.r.data.is_recused(e.id) {
                            return Some(Action::Status(format!("{} 已回避", e.name), StatusKind::Info));
                        }
                        return Some(Action::OpenModal(Modal::Recuse(modal::RecuseForm::new(&v.r, e.id))));
                    }
                    KeyCode::Delete if n > 0 => {
                        let e = &v.r.data.experts[v.panel_sel];
                        return Some(Action::OpenModal(Modal::Confirm(modal::Confirm::remove_expert(e.id, &e.name))));
                    }
                    _ => {}
                }
            }
            Tab::Scoring => {
                let items = v.scored_ids();
                let experts = v.scoring_experts();
                match key.code {
                    KeyCode::Up | KeyCode::Char('k') => v.item_sel = v.item_sel.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') if v.item_sel + 1 < items.len() => v.item_sel += 1,
                    KeyCode::PageUp => v.item_sel = v.item_sel.saturating_sub(8),
                    KeyCode::PageDown => v.item_sel = (v.item_sel + 8).min(items.len().saturating_sub(1)),
                    KeyCode::Home => v.item_sel = 0,
                    KeyCode::End => v.item_sel = items.len().saturating_sub(1),
                    KeyCode::Left | KeyCode::Char('[') if !experts.is_empty() => {
                        v.expert_sel = (v.expert_sel + experts.len() - 1) % experts.len()
                    }
                    KeyCode::Right | KeyCode::Char(']') if !experts.is_empty() => {
                        v.expert_sel = (v.expert_sel + 1) % experts.len()
                    }
                    KeyCode::Char('g') => return Some(Action::OpenModal(Modal::Jump(LineInput::new("").with_max(16)))),
                    KeyCode::Char('f') if locked => return locked_msg(),
                    KeyCode::Char('f') if v.r.card.facts.is_empty() => {
                        return Some(Action::Status("本表没有需要认定的事实".into(), StatusKind::Info));
                    }
                    KeyCode::Char('f') => return Some(Action::OpenModal(Modal::Facts(modal::ValuesForm::facts(&v.r)))),
                    KeyCode::Char('b') if locked => return locked_msg(),
                    KeyCode::Char('b') if v.r.card.bonuses.is_empty() => {
                        return Some(Action::Status("本表没有加分项".into(), StatusKind::Info));
                    }
                    KeyCode::Char('b') => {
                        return Some(Action::OpenModal(Modal::Bonuses(modal::ValuesForm::bonuses(&v.r))));
                    }
                    KeyCode::Char('w') if locked => return locked_msg(),
                    KeyCode::Char('w') if !v.r.card.weights.as_ref().is_some_and(|w| w.adjustable) => {
                        return Some(Action::Status("本表不允许调整分项分值".into(), StatusKind::Info));
                    }
                    KeyCode::Char('w') => {
                        let section = v.current_item().and_then(|i| v.r.card.item(&i).map(|x| x.section.clone()));
                        if let Some(section) = section {
                            return Some(Action::OpenModal(Modal::Weights(modal::ValuesForm::weights(&v.r, &section))));
                        }
                    }
                    KeyCode::Char(c)
                        if c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' || c == 'r' || c == 'c' =>
                    {
                        if locked {
                            return locked_msg();
                        }
                        let (Some(expert), Some(item)) = (v.current_expert(), v.current_item()) else {
                            return Some(Action::Status("请先在专家组页添加专家".into(), StatusKind::Error));
                        };
                        if c == 'c' {
                            return Some(Action::ClearScore { expert, item });
                        }
                        let prefill = if c == 'r' { None } else { Some(c) };
                        return modal::ScoreForm::open(&v.r, expert, &item, prefill)
                            .map(|f| Action::OpenModal(Modal::Score(f)));
                    }
                    KeyCode::Enter => {
                        if locked {
                            return locked_msg();
                        }
                        let (Some(expert), Some(item)) = (v.current_expert(), v.current_item()) else {
                            return Some(Action::Status("请先在专家组页添加专家".into(), StatusKind::Error));
                        };
                        return modal::ScoreForm::open(&v.r, expert, &item, None)
                            .map(|f| Action::OpenModal(Modal::Score(f)));
                    }
                    _ => {}
                }
            }
            Tab::Vetoes => {
                let n = v.r.card.vetoes.len();
                match key.code {
                    KeyCode::Up => v.veto_sel = v.veto_sel.saturating_sub(1),
                    KeyCode::Down if v.veto_sel + 1 < n => v.veto_sel += 1,
                    KeyCode::Char('y' | 'n') if locked => return locked_msg(),
                    KeyCode::Char(c @ ('y' | 'n')) if n > 0 => {
                        let veto = &v.r.card.vetoes[v.veto_sel];
                        if veto.computed.is_some() {
                            return Some(Action::Status("此项由分数或事实自动判定，无需回答".into(), StatusKind::Info));
                        }
                        if c == 'n' {
                            return Some(Action::AnswerVeto {
                                veto: veto.id.clone(),
                                answer: Answer::No,
                                evidence: String::new(),
                            });
                        }
                        let existing =
                            v.r.data
                                .vetoes
                                .iter()
                                .find(|f| f.veto_id == veto.id)
                                .map(|f| f.evidence.clone())
                                .unwrap_or_default();
                        return Some(Action::OpenModal(Modal::Evidence(modal::EvidenceForm {
                            veto: veto.id.clone(),
                            title: veto.text.clone(),
                            text: TextArea::new(&existing),
                        })));
                    }
                    _ => {}
                }
            }
            Tab::Opinion => match key.code {
                KeyCode::Up => v.opinion_sel = v.opinion_sel.saturating_sub(1),
                KeyCode::Down if v.opinion_sel < 3 => v.opinion_sel += 1,
                KeyCode::Enter | KeyCode::Char('e') if locked => return locked_msg(),
                KeyCode::Enter | KeyCode::Char('e') => {
                    let o = &v.r.data.opinion;
                    let text = [&o.summary, &o.problems, &o.suggestions, &o.conclusion][v.opinion_sel];
                    return Some(Action::OpenModal(Modal::Editor(modal::EditorForm {
                        field: v.opinion_sel,
                        text: TextArea::new(text),
                    })));
                }
                KeyCode::Char('g') if locked => return locked_msg(),
                KeyCode::Char('g') => {
                    let draft = draft_opinion(&v.r.data, &v.r.card, v.eval.as_ref());
                    let o = &v.r.data.opinion;
                    if o.summary.is_empty() && o.problems.is_empty() && o.conclusion.is_empty() {
                        return Some(Action::SaveOpinion(OpinionPatch {
                            summary: Some(draft.summary),
                            problems: Some(draft.problems),
                            suggestions: None,
                            conclusion: Some(draft.conclusion),
                        }));
                    }
                    return Some(Action::OpenModal(Modal::Confirm(modal::Confirm::overwrite_opinion(draft))));
                }
                _ => {}
            },
            Tab::Result => match key.code {
                KeyCode::Char('F') if locked => return Some(Action::Status("本验收已定稿".into(), StatusKind::Info)),
                KeyCode::Char('F') => return Some(Action::OpenModal(Modal::Confirm(modal::Confirm::finalize(&v.r)))),
                KeyCode::Char('R') if locked => {
                    return Some(Action::OpenModal(Modal::Confirm(modal::Confirm::reopen(v.id))));
                }
                _ => {}
            },
            Tab::Sign => {
                let n = v.r.data.experts.len();
                match key.code {
                    KeyCode::Up => v.sign_sel = v.sign_sel.saturating_sub(1),
                    KeyCode::Down if v.sign_sel + 1 < n => v.sign_sel += 1,
                    KeyCode::Char('s' | 'd' | 'e') if v.sign.is_none() => {
                        return Some(Action::Status(
                            "定稿后才能签名：请先在结果页按 F 定稿（F9 确认）".into(),
                            StatusKind::Error,
                        ));
                    }
                    KeyCode::Char(c @ ('s' | 'd')) if n > 0 => {
                        let e = &v.r.data.experts[v.sign_sel.min(n - 1)];
                        if v.r.data.is_recused(e.id) {
                            return Some(Action::Status(
                                format!("{} 已回避，不签名，也不写不同意见", e.name),
                                StatusKind::Error,
                            ));
                        }
                        let state = v.sign.as_ref().and_then(|s| s.signers.iter().find(|x| x.expert == e.name));
                        if let Some(done) =
                            state.filter(|x| matches!(x.status, SignStatus::Signed | SignStatus::Dissented))
                        {
                            return Some(Action::Status(
                                format!("{} 对本版本{}，不能再签", e.name, done.status.label()),
                                StatusKind::Error,
                            ));
                        }
                        let (revision, short) =
                            v.sign.as_ref().map(|s| (s.revision, s.short_hash())).unwrap_or_default();
                        let key_file = self.data_dir.join("keys").join(format!("{}.key", e.name));
                        return Some(Action::OpenModal(Modal::Sign(modal::SignForm::new(
                            e.id,
                            &e.name,
                            &key_file,
                            revision,
                            &short,
                            c == 'd',
                        ))));
                    }
                    KeyCode::Char('e') => {
                        let signed =
                            v.sign.as_ref().is_some_and(|s| s.signers.iter().any(|x| x.status == SignStatus::Signed));
                        if !signed {
                            return Some(Action::Status(
                                "还没有专家签名：至少一位专家签名后才能导出（按 s 签名）".into(),
                                StatusKind::Error,
                            ));
                        }
                        let d = &v.r.data;
                        let name = format!("{}-{}", d.date, safe_file_name(&d.enterprise.name));
                        let out = self.data_dir.join("exports").join(name);
                        return Some(Action::OpenModal(Modal::Path(modal::PathForm::new(
                            modal::PathKind::Export,
                            &out,
                        ))));
                    }
                    _ => {}
                }
            }
        }
        None
    }

    fn unit_key(&mut self, key: Key) -> Option<Action> {
        let Screen::Unit(u) = &mut self.screen else { return None };
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return Some(Action::Back),
            KeyCode::Char('?') => return Some(Action::ToggleHelp),
            KeyCode::Tab | KeyCode::BackTab => u.focus = 1 - u.focus.min(1),
            KeyCode::Up if u.focus == 0 => u.selected = u.selected.saturating_sub(1),
            KeyCode::Down if u.focus == 0 && u.selected + 1 < u.rows.len() => u.selected += 1,
            KeyCode::Up => u.q_selected = u.q_selected.saturating_sub(1),
            KeyCode::Down if u.q_selected + 1 < u.quarantine.len() => u.q_selected += 1,
            KeyCode::Char('i') => {
                return Some(Action::OpenModal(Modal::Path(modal::PathForm::new(
                    modal::PathKind::Import,
                    Path::new(""),
                ))));
            }
            KeyCode::Char('c') if u.rows.is_empty() => {
                return Some(Action::Status("还没有导入任何验收，无可汇总（按 i 导入）".into(), StatusKind::Error));
            }
            KeyCode::Char('c') => {
                let out = self.data_dir.join("exports").join(format!("汇总-{}.xlsx", self.today));
                return Some(Action::OpenModal(Modal::Path(modal::PathForm::new(modal::PathKind::Compile, &out))));
            }
            _ => {}
        }
        None
    }

    /// The support unit's screen, read again from the store.
    fn refresh_unit(&mut self) {
        let mut u = match &self.screen {
            Screen::Unit(u) => u.clone(),
            _ => UnitView::default(),
        };
        match (self.store.imports(), self.store.quarantined()) {
            (Ok(imports), Ok(quarantine)) => {
                u.rows = imports.iter().map(ImportRow::from_record).collect();
                u.quarantine = quarantine;
            }
            (Err(e), _) | (_, Err(e)) => {
                self.set_status(format!("读取导入记录失败：{}", zh(&e)), StatusKind::Error);
            }
        }
        u.selected = u.selected.min(u.rows.len().saturating_sub(1));
        u.q_selected = u.q_selected.min(u.quarantine.len().saturating_sub(1));
        u.trust = self.trusted_roster().map(|r| {
            let valid = r.entries.iter().filter(|e| !e.revoked).count();
            format!("受信名单已核验：{valid} 把有效的专家密钥（{} 签发）", r.issued_at)
        });
        self.screen = Screen::Unit(u);
    }

    /// The roster to verify bundles against, from `<data dir>/trust/`, or why there is none.
    fn trusted_roster(&self) -> Result<Roster, String> {
        let (roster, issuer) = trust_paths(&self.data_dir);
        let trust = roster.parent().unwrap_or(&self.data_dir).display().to_string();
        if !roster.is_file() || !issuer.is_file() {
            return Err(format!(
                "尚未安装受信名单：导入前须先把技术依托单位签发的 roster.json（连同 roster.json.minisig）和 issuer.pub 放入 {trust}"
            ));
        }
        let key = read_public(&issuer).map_err(|e| format!("无法读取 {}：{e}", issuer.display()))?;
        Roster::load(&roster, &key).map_err(|e| format!("受信名单无法核验，不能导入：{e}"))
    }

    /// Signs or dissents with the open signing dialog. On failure the dialog stays open with what was typed (a wrong
    /// passphrase is wiped, to be typed again).
    fn sign_submit(&mut self) {
        let Screen::Review(v) = &self.screen else { return };
        let id = v.id;
        let Some(Modal::Sign(f)) = &mut self.modal else { return };
        let key = PathBuf::from(f.key_path.text().trim());
        let dissent = f.dissent.as_ref().map(|t| t.text().to_string());
        let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let result = sign_review(&mut self.store, id, f.expert, &key, f.passphrase.secret(), dissent.as_deref(), &now);
        match result {
            Ok(key_id) => {
                let what = if dissent.is_some() { "不同意见已签署" } else { "已签名" };
                let name = f.name.clone();
                self.modal = None;
                self.reload();
                let time = (self.clock)();
                self.set_status(format!("{what}：{name}（密钥 {key_id}，{time}）"), StatusKind::Saved);
            }
            Err(e) => {
                if matches!(e, ExportError::Key(KeyError::WrongPassphrase(_))) {
                    f.passphrase.clear();
                    f.focus = 1;
                }
                self.set_status(format!("未签名：{}", zh_export(&e)), StatusKind::Error);
            }
        }
    }

    fn export_to(&mut self, out: &Path) {
        let Screen::Review(v) = &self.screen else { return };
        if out.exists() {
            self.set_status(format!("{} 已存在：请换一个目录（导出不覆盖已有文件）", out.display()), StatusKind::Error);
            return;
        }
        let leftovers = zh_leftovers(&crate::files::sweep(crate::files::parent(out)));
        match export(&self.store, v.id, out) {
            Ok(path) => {
                self.modal = None;
                self.set_status(format!("已导出验收包：{}{leftovers}", path.display()), StatusKind::Saved);
            }
            Err(e) => self.set_status(format!("未能导出：{}{leftovers}", zh_export(&e)), StatusKind::Error),
        }
    }

    fn import_from(&mut self, path: &Path) {
        let roster = match self.trusted_roster() {
            Ok(r) => r,
            Err(e) => return self.set_status(e, StatusKind::Error),
        };
        let bundles = match find_bundles(path) {
            Ok(b) if b.is_empty() => {
                return self.set_status(
                    format!("{} 中没有验收包（含 bundle.json 的目录）", path.display()),
                    StatusKind::Error,
                );
            }
            Ok(b) => b,
            Err(e) => return self.set_status(format!("无法读取 {}：{e}", path.display()), StatusKind::Error),
        };
        let mut lines = Vec::new();
        let mut counts = [0usize; 5];
        let name_of = |b: &Path| {
            b.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| b.display().to_string())
        };
        // Read and verified on every core, stored a batch to a transaction; each line is written once stored.
        let result = import_bundles(&mut self.store, &roster, &bundles, |b, outcome| {
            let name = name_of(b);
            let (i, line) = match outcome {
                ImportOutcome::New { id } => (0, format!("✓ {name}：新导入（导入 {id}）")),
                ImportOutcome::Identical { id } => (1, format!("＝ {name}：已导入过，内容相同，未变（导入 {id}）")),
                ImportOutcome::SignaturesAdded { id } => (2, format!("✓ {name}：补充了签名（导入 {id}）")),
                ImportOutcome::Superseded { id, old } => {
                    (3, format!("✓ {name}：新版本，取代导入 {old}（导入 {id}，旧版本保留在历史版本中）"))
                }
                ImportOutcome::Quarantined { id, reason } => {
                    (4, format!("✗ {name}：已隔离（隔离 {id}），原因：{reason}"))
                }
            };
            counts[i] += 1;
            lines.push(line);
        });
        let failed = result.err().map(|e| {
            let stored: usize = counts.iter().sum();
            let from = bundles.get(stored).map(|b| name_of(b)).unwrap_or_default();
            format!("✗ 导入中断：{e}。以上 {stored} 个已导入；从 {from} 起的验收包都未导入，数据库未因它们作任何修改")
        });
        let parts: Vec<String> = ["新导入", "未变", "补充签名", "取代旧版本", "隔离"]
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{what} {n}"))
            .collect();
        let summary = format!("{} 个验收包：{}", bundles.len(), parts.join("，"));
        let kind = if failed.is_some() || counts[4] > 0 { StatusKind::Error } else { StatusKind::Saved };
        lines.extend(failed);
        lines.push(String::new());
        lines.push(summary.clone());
        self.refresh_unit();
        self.modal = Some(Modal::Report(modal::Report { title: "导入结果".into(), lines }));
        self.set_status(summary, kind);
    }

    fn compile_to(&mut self, out: &Path) {
        if !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return self.set_status("汇总文件名须以 .xlsx 结尾（CSV 文件写在它旁边）", StatusKind::Error);
        }
        let csv = out.with_extension("csv");
        for p in [out, csv.as_path()] {
            if p.exists() {
                return self.set_status(
                    format!("{} 已存在：请换一个文件名（汇总不覆盖已有文件）", p.display()),
                    StatusKind::Error,
                );
            }
        }
        let reviews =
            match self.store.imports().map_err(|e| zh(&e)).and_then(|r| from_imports(&r).map_err(|e| e.to_string())) {
                Ok(r) => r,
                Err(e) => return self.set_status(format!("未能汇总：{e}"), StatusKind::Error),
            };
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return self.set_status(format!("无法创建目录 {}：{e}", dir.display()), StatusKind::Error);
        }
        let leftovers = zh_leftovers(&crate::files::sweep(crate::files::parent(out)));
        if let Err(e) = write_results(Some(out), Some(&csv), &reviews, false) {
            return self.set_status(format!("未能写出汇总：{e}{leftovers}"), StatusKind::Error);
        }
        let current = reviews.iter().filter(|r| !r.superseded).count();
        self.modal = None;
        self.set_status(
            format!("已写出汇总（{current} 份验收）：{} 和 {}{leftovers}", out.display(), csv.display()),
            StatusKind::Saved,
        );
    }

    /// Applies an action. Changes go straight to the store; the status line says what was saved or why not.
    pub fn update(&mut self, action: Action) {
        let review_id = match &self.screen {
            Screen::Review(v) => Some(v.id),
            _ => None,
        };
        let result: Option<(Result<(), StoreError>, &str)> = match action {
            Action::Quit => {
                self.quit = true;
                None
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                None
            }
            Action::Back => {
                self.modal = None;
                self.screen = Screen::Home;
                self.refresh_home();
                None
            }
            Action::Status(text, kind) => {
                self.set_status(text, kind);
                None
            }
            Action::OpenModal(m) => {
                self.modal = Some(m);
                None
            }
            Action::CloseModal => {
                self.modal = None;
                None
            }
            Action::JumpTo(i) => {
                self.modal = None;
                if let Screen::Review(v) = &mut self.screen {
                    v.item_sel = i;
                }
                None
            }
            Action::PickScorecard(id) => {
                self.modal = None;
                if let Screen::NewReview(f) = &mut self.screen {
                    f.scorecard = Some(id);
                    f.focus = f.track_row();
                }
                None
            }
            Action::StartNewReview => {
                self.screen = Screen::NewReview(NewReviewForm::new(&self.today));
                None
            }
            Action::OpenReview(id) => {
                self.open_review(id, Tab::Scoring);
                None
            }
            Action::SwitchTab(t) => {
                if let Screen::Review(v) = &mut self.screen {
                    v.tab = t;
                }
                None
            }
            Action::LoadDemo => {
                match crate::tui::demo::load(&mut self.store, &self.catalog) {
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
                let Some(card) = self.catalog.scorecard(&scorecard) else {
                    self.set_status(format!("没有评分表 {scorecard}"), StatusKind::Error);
                    return;
                };
                let rules: Vec<_> = self.catalog.rules_for(card).collect();
                match self.store.create_review(&new, card, &rules) {
                    Ok(id) => {
                        self.refresh_home();
                        self.open_review(id, Tab::Panel);
                        self.saved("新建验收");
                    }
                    Err(e) => self.set_status(format!("未能新建：{}", zh(&e)), StatusKind::Error),
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
                let r =
                    review_id.map(|id| (self.store.set_score(id, expert, &item, points, &reason, &evidence), "评分"));
                if matches!(r, Some((Ok(()), _))) {
                    let mut name = String::new();
                    if let Screen::Review(v) = &mut self.screen {
                        name = v.r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default();
                        // Move on to the next item, as on a paper sheet.
                        if v.item_sel + 1 < v.scored_ids().len() {
                            v.item_sel += 1;
                        }
                    }
                    self.modal = None;
                    self.reload();
                    // Whose score on which item, and the value: one save is told from the next, as the cursor has
                    // already moved on.
                    self.saved(&format!("评分 {name} {item}：{points} 分"));
                    return;
                }
                r
            }
            Action::ClearScore { expert, item } => {
                review_id.map(|id| (self.store.clear_score(id, expert, &item), "清除评分"))
            }
            Action::SetFact { fact, value } => {
                review_id.map(|id| (self.store.set_fact(id, &fact, value.as_deref()), "事实"))
            }
            Action::SetBonus { bonus, value } => review_id.map(|id| (self.store.set_bonus(id, &bonus, value), "加分")),
            Action::SetWeight { item, value } => {
                let r = review_id.map(|id| (self.store.set_weight(id, &item, value), "分值"));
                // Several items change together: the dialog stays open until the section adds up again.
                if let Some((Ok(()), _)) = &r {
                    self.reload();
                    if let Screen::Review(v) = &self.screen {
                        let section = v.r.card.item(&item).map(|i| i.section.clone()).unwrap_or_default();
                        let items = || v.r.card.scored_items().filter(|i| i.section == section);
                        let printed: Points = items().map(|i| i.points).sum();
                        let now: Points =
                            items().map(|i| v.r.data.item_max(&v.r.card, &i.id).unwrap_or(i.points)).sum();
                        let mut form = modal::ValuesForm::weights(&v.r, &section);
                        if let Some(Modal::Weights(old)) = &self.modal {
                            form.selected = old.selected;
                        }
                        self.modal = Some(Modal::Weights(form));
                        if now == printed {
                            self.saved("分值（本节合计相符）");
                        } else {
                            self.set_status(
                                format!("已保存；本节现合计 {now} 分，须调回 {printed} 分才能定稿"),
                                StatusKind::Info,
                            );
                        }
                    }
                    return;
                }
                r
            }
            Action::AddSignIn { name, unit, position, capacity } => {
                let r = review_id
                    .map(|id| (self.store.add_signin(id, &name, &unit, &position, &capacity).map(|_| ()), "签到"));
                if let Some((Ok(()), _)) = &r {
                    self.reload();
                    if let Screen::Review(v) = &self.screen {
                        self.modal = Some(Modal::SignIn(modal::SignInForm::new(&v.r)));
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
                    if let Screen::Review(v) = &self.screen {
                        let mut form = modal::SignInForm::new(&v.r);
                        form.focus = SIGNIN_LIST;
                        self.modal = Some(Modal::SignIn(form));
                    }
                    self.saved("移除签到");
                    return;
                }
                r
            }
            Action::AnswerVeto { veto, answer, evidence } => {
                review_id.map(|id| (self.store.answer_veto(id, &veto, answer, &evidence), "否决项"))
            }
            Action::SaveOpinion(patch) => review_id.map(|id| (self.store.set_opinion(id, &patch), "验收意见")),
            Action::Finalize => review_id.map(|id| (self.store.finalize(id), "定稿")),
            Action::SignSubmit => {
                self.sign_submit();
                None
            }
            Action::Export(out) => {
                self.export_to(&out);
                None
            }
            Action::OpenUnit => {
                self.modal = None;
                self.screen = Screen::Unit(UnitView::default());
                self.refresh_unit();
                None
            }
            Action::Import(path) => {
                self.import_from(&path);
                None
            }
            Action::Compile(out) => {
                self.compile_to(&out);
                None
            }
            Action::Reopen { id, reason } => {
                let r = self.store.reopen(id, &reason);
                if r.is_ok() {
                    self.modal = None;
                    self.refresh_home();
                    if review_id == Some(id) {
                        self.reload();
                    }
                    self.saved("重新打开");
                } else if let Err(e) = r {
                    self.set_status(format!("未能重新打开：{}", zh(&e)), StatusKind::Error);
                }
                None
            }
        };
        if let Some((r, what)) = result {
            match r {
                Ok(()) => {
                    self.modal = None;
                    self.reload();
                    self.saved(what);
                }
                Err(e) => {
                    // The dialog stays open with what was typed, so nothing is lost.
                    self.set_status(format!("未保存（{what}）：{}", zh(&e)), StatusKind::Error);
                }
            }
        }
    }
}

fn create_action(f: &mut NewReviewForm) -> Option<Action> {
    // Refused here in the panel's words, naming the field, before anything reaches the store.
    let text = |i: usize| f.fields[i].1.text();
    let problem = modal::check_required(f.fields[F_NAME].0, text(F_NAME))
        .map_err(|e| (F_NAME, e))
        .and_then(|_| {
            crate::domain::credit_code::validate(text(F_CODE))
                .map_err(|e| (F_CODE, format!("{}：{e}", f.fields[F_CODE].0)))
        })
        .and_then(|_| modal::check_date(f.fields[F_DATE].0, text(F_DATE)).map_err(|e| (F_DATE, e)));
    if let Err((field, e)) = problem {
        f.focus = field;
        return Some(Action::Status(e, StatusKind::Error));
    }
    let Some(scorecard) = f.scorecard.clone() else {
        return Some(Action::Status("请选择评分表（在“评分表”一栏按 Enter）".into(), StatusKind::Error));
    };
    let get = |i: usize| f.fields[i].1.text().to_string();
    Some(Action::CreateReview {
        new: NewReview {
            enterprise_name: get(F_NAME),
            credit_code: get(F_CODE),
            address: get(2),
            industry: get(3),
            agency: get(4),
            date: get(F_DATE),
            place: get(6),
            track: f.track,
        },
        scorecard,
    })
}

fn evaluate_view(v: &mut ReviewView) {
    match evaluate(&v.r.card, &v.r.data.evaluation_input(&v.r.card)) {
        Ok(e) => {
            v.eval = Some(e);
            v.eval_errors.clear();
        }
        Err(e) => {
            v.eval = None;
            v.eval_errors = e.0;
        }
    }
}

/// A store error in the words the panel reads (the store's messages name the field or rule already).
pub fn zh(e: &StoreError) -> String {
    match e {
        StoreError::Busy => "数据库正被另一个程序写入，请稍后再试（未作任何修改）".into(),
        StoreError::NotReady(b) => format!("尚不能定稿：{}", b.join("；")),
        StoreError::ReadOnly(m) => format!("数据目录只读，未作任何修改（{m}）"),
        StoreError::Damaged(r) => format!("数据库已损坏或在 yanshou 之外被改动，未作任何修改：{r}"),
        StoreError::MayReappear { .. } => {
            "写入磁盘失败，已写入的部分未能清除：重新打开后这项修改可能仍会出现，请重新启动 yanshou 后核对".into()
        }
        other => match other.disk_failure() {
            Some(DiskFailure::Full) => "磁盘已满，未作任何修改：请腾出空间后再试".into(),
            Some(DiskFailure::Io) => "写入磁盘失败（磁盘可能已满或损坏），未作任何修改：请检查后再试".into(),
            None => other.to_string(),
        },
    }
}

/// A signing or export error in the words the panel reads.
pub fn zh_export(e: &ExportError) -> String {
    match e {
        ExportError::Store(e) => zh(e),
        ExportError::Key(KeyError::WrongPassphrase(path)) => {
            format!("口令不对（或 {path} 不是 yanshou 私钥）；请重新输入口令")
        }
        ExportError::Key(KeyError::File { path, message }) => format!("无法读取私钥文件 {path}：{message}"),
        ExportError::Key(KeyError::Invalid(m)) => format!("私钥无效：{m}"),
        ExportError::Refused(m) => m.clone(),
        ExportError::File { path, message } => format!("无法写入 {path}：{message}"),
    }
}

/// What interrupted runs had left in the folder an export or a compilation writes to, for the end of the status line
/// (empty when there was nothing).
pub fn zh_leftovers(s: &crate::files::Sweep) -> String {
    let mut parts = Vec::new();
    let removed = s.removed().count();
    if removed > 0 {
        parts.push(format!("已清除此前中断的导出或汇总留下的 {removed} 个临时文件"));
    }
    let kept: Vec<String> =
        s.kept().map(|l| l.path.file_name().unwrap_or(l.path.as_os_str()).to_string_lossy().into_owned()).collect();
    if !kept.is_empty() {
        parts.push(format!(
            "另有 {} 个未完成的临时文件或目录未删除（{}）：确认没有 yanshou 正在写入后可手动删除",
            kept.len(),
            kept.join("、")
        ));
    }
    parts.iter().map(|p| format!("；{p}")).collect()
}

/// A name that is safe as one file or directory name on every system (the enterprise's, for an export).
pub fn safe_file_name(s: &str) -> String {
    let name: String =
        s.trim().chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let name = name.trim_matches('.').to_string();
    if name.is_empty() { "验收".into() } else { name }
}
