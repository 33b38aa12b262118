//! The keys, the status-line hints and the `?` help come from one keymap per screen and per dialog; this keeps them
//! equal. In a set of states covering every screen and dialog, every key of a wide set is pressed (the state is put
//! back after each): a key that no binding takes changes nothing; a key that does something is shown, by its label in
//! the status-line hint or the dialog's frame as drawn, or in the help of the screen; and every binding of every table
//! does something in at least one state, so that none is shown that never works.
//!
//! Besides labels, a binding may be typing into the focused field (its caret shows it), or, in a dialog only, a quiet
//! move of the focus or of a choice that asks for no action. A key whose only effect is a message on the status line
//! (why it does nothing here) needs no label: the message says so.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yanshou::store::{NewExpert, NewReview, Store};
use yanshou::tui::action::{Action, Condition, Leave, Open, PathKind};
use yanshou::tui::app::{Screen, Tab};
use yanshou::tui::dialogs::Modal;
use yanshou::tui::keymap::{Done, Info, Shown};
use yanshou::tui::keys::{Key, KeyCode};
use yanshou::tui::screens::unit::{ImportRow, UnitView};
use yanshou::tui::{self, App};

use crate::common;

/// The keys pressed in every state.
fn keys() -> Vec<Key> {
    let mut keys: Vec<Key> = "abcdefghijklmnopqrstuvwxyzFR0123456789.[]/?１ ".chars().map(Key::char).collect();
    keys.extend(
        [
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Delete,
            KeyCode::Backspace,
            KeyCode::F(1),
            KeyCode::F(3),
            KeyCode::F(6),
            KeyCode::F(9),
        ]
        .map(Key::code),
    );
    keys.extend([Key::ctrl('s'), Key::ctrl('c'), Key::ctrl('u'), Key::ctrl('r')]);
    keys
}

/// What a key may change: the screen's and the dialog's own state (a review's selections, not the review itself,
/// which only the update changes).
fn fingerprint(app: &App) -> String {
    let s = &app.state;
    let screen = match &s.screen {
        Screen::Review(v) => {
            let sel = (v.panel_sel, v.item_sel, v.expert_sel, v.veto_sel, v.finding_sel, v.opinion_sel, v.sign_sel);
            format!("{:?}", (v.tab, sel))
        }
        other => format!("{other:?}"),
    };
    // A passphrase's Debug form hides it: its length tells that typing reached it.
    let secret = match &s.modal {
        Some(Modal::Sign(f)) => f.passphrase.secret().len(),
        _ => 0,
    };
    format!("{screen}\n{:?} {secret}\n{:?}\n{}", s.modal, s.home, s.help)
}

struct Probe {
    _dir: tempfile::TempDir,
    app: App,
    bindings: HashMap<(&'static str, usize), Info>,
    exercised: BTreeSet<(&'static str, usize)>,
    failures: Vec<String>,
}

impl Probe {
    fn new() -> Probe {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        store.set_actor("测试组长");
        let mut app = App::new(store, common::catalog().clone(), PathBuf::from("/tmp/yanshou-keys"), "2026-11-28");
        app.clock = || "10:30:00".to_string();
        let bindings = tui::help::keymaps().into_iter().map(|i| ((i.map, i.index), i)).collect();
        Probe { _dir: dir, app, bindings, exercised: BTreeSet::new(), failures: Vec::new() }
    }

    fn act(&mut self, a: Action) -> &mut Self {
        self.app.update(a);
        self
    }

    /// What the panel sees now: the frame as drawn (hint line, dialog frames and bodies), and the screen's `?` help.
    fn visible(&mut self) -> String {
        let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
        tui::draw(&mut term, &mut self.app).unwrap();
        let mut text = common::screen_text(term.backend().buffer());
        if self.app.state.modal.is_none() {
            for (line, _) in tui::help::lines(&self.app.state.screen) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    }

    /// Presses every key in the state as it is, putting the state back after each.
    fn probe(&mut self, what: &str) -> &mut Self {
        let visible = self.visible();
        let in_dialog = self.app.state.modal.is_some();
        for key in keys() {
            let saved = (
                self.app.state.screen.clone(),
                self.app.state.modal.clone(),
                self.app.state.home.clone(),
                self.app.state.help,
            );
            let before = fingerprint(&self.app);
            let taken = self.app.take_key(&key);
            let changed = fingerprint(&self.app) != before;
            (self.app.state.screen, self.app.state.modal, self.app.state.home, self.app.state.help) = saved;
            let Some(taken) = taken else {
                if changed {
                    self.failures.push(format!("{what}: {key:?} changed the state, but no binding took it"));
                }
                continue;
            };
            let info = &self.bindings[&(taken.map, taken.index)];
            let acted = matches!(taken.done, Done::Act(_));
            // An action other than a message on the status line.
            let asks = acted && !matches!(taken.done, Done::Act(Action::Status(..)));
            if changed || acted {
                self.exercised.insert((taken.map, taken.index));
            }
            if !changed && !asks {
                continue;
            }
            let shown = match info.shown {
                // Ctrl+C works everywhere, dialogs included: the general part of every screen's help says so.
                Shown::Labels if info.map == "global" => {
                    tui::help::general().iter().any(|(line, _)| line.contains(info.help))
                }
                Shown::Labels => {
                    (!info.hint.is_empty() && visible.contains(info.hint))
                        || (!info.help.is_empty() && visible.contains(info.help))
                }
                Shown::Typing => true,
                Shown::Quiet => in_dialog && !asks,
                Shown::Stale => false,
            };
            if !shown {
                self.failures.push(format!(
                    "{what}: {key:?} works ({:?}) but is not shown: {} #{} (hint “{}”, help “{}”, {:?})\n{visible}",
                    taken.done, info.map, info.index, info.hint, info.help, info.shown
                ));
            }
        }
        self
    }

    fn review(&self) -> &yanshou::tui::screens::review::ReviewView {
        match &self.app.state.screen {
            Screen::Review(v) => v,
            _ => panic!("not on a review"),
        }
    }

    fn review_mut(&mut self) -> &mut yanshou::tui::screens::review::ReviewView {
        match &mut self.app.state.screen {
            Screen::Review(v) => v,
            _ => panic!("not on a review"),
        }
    }

    fn modal(&mut self) -> &mut Modal {
        self.app.state.modal.as_mut().expect("a dialog is open")
    }

    /// A review on `scorecard` with one expert, opened.
    fn new_review(&mut self, name: &str, scorecard: &str) -> i64 {
        let new = NewReview {
            enterprise_name: name.into(),
            credit_code: "91350100M000100Y43".into(),
            date: "2026-11-28".into(),
            ..Default::default()
        };
        self.act(Action::CreateReview { new, scorecard: scorecard.into() });
        self.act(Action::AddExpert(NewExpert {
            name: "甲".into(),
            unit: String::new(),
            title: String::new(),
            field: "清洁生产".into(),
            lead: true,
        }));
        self.review().id
    }
}

#[test]
fn every_key_that_works_is_shown_and_every_binding_shown_works() {
    let mut p = Probe::new();

    // The home screen: the welcome text, then the list, then filtering it; the help over it.
    p.probe("welcome");
    p.act(Action::LoadDemo).act(Action::LoadDemo).act(Action::Back);
    p.probe("home list");
    p.app.state.home.filtering = true;
    p.probe("home filtering");
    p.app.state.home.filtering = false;
    p.act(Action::ToggleHelp).probe("help").act(Action::ToggleHelp);

    // The new-review form, on a text field, the sheet, the track and the button.
    p.act(Action::StartNewReview);
    for focus in [1, 7, 8, 9] {
        if let Screen::NewReview(f) = &mut p.app.state.screen {
            f.focus = focus;
        }
        p.probe(&format!("new review, row {focus}"));
    }
    p.act(Action::Open(Open::Picker)).probe("sheet picker");
    p.act(Action::CloseModal).act(Action::Back);

    // The demo review, not finalized, on each page.
    let demo = p.app.state.home.rows[0].id;
    p.act(Action::OpenReview(demo));
    for tab in Tab::ALL {
        p.act(Action::SwitchTab(tab));
        let v = p.review_mut();
        (v.panel_sel, v.item_sel, v.veto_sel, v.opinion_sel, v.sign_sel) = (1, 1, 0, 1, 1);
        p.probe(&format!("review, {tab:?}"));
    }

    // Its dialogs.
    p.act(Action::SwitchTab(Tab::Panel));
    p.act(Action::Open(Open::Expert(None)));
    for focus in [0, 3, 4, 5] {
        if let Modal::Expert(f) = p.modal() {
            f.focus = focus;
        }
        p.probe(&format!("expert dialog, row {focus}"));
    }
    let expert = p.review().r.data.experts[1].id;
    p.act(Action::CloseModal).act(Action::Open(Open::Recuse(expert)));
    for focus in 0..3 {
        if let Modal::Recuse(f) = p.modal() {
            f.focus = focus;
        }
        p.probe(&format!("recusal dialog, row {focus}"));
    }
    p.act(Action::CloseModal).act(Action::Open(Open::SignIn));
    for (name, capacity) in [("王建国", "专家"), ("企业代表", "企业")] {
        p.act(Action::AddSignIn {
            name: name.into(),
            unit: "单位".into(),
            position: "职务".into(),
            capacity: capacity.into(),
        });
    }
    for focus in [0, 3, 4] {
        if let Modal::SignIn(f) = p.modal() {
            f.focus = focus;
            f.selected = 0;
        }
        p.probe(&format!("sign-in dialog, row {focus}"));
    }
    let item = p.review().current_item().unwrap();
    let scorer = p.review().current_expert().unwrap();
    p.act(Action::CloseModal).act(Action::Open(Open::Score { expert: scorer, item, first: Some('7') }));
    for focus in 0..3 {
        if let Modal::Score(f) = p.modal() {
            f.focus = focus;
        }
        p.probe(&format!("score dialog, row {focus}"));
    }
    // Its typed score, about to be thrown away: the question, for closing and for quitting.
    for leave in [Leave::Close, Leave::Quit] {
        p.act(Action::Open(Open::Discard(leave))).probe(&format!("discard question ({leave:?})"));
        p.act(Action::KeepEditing);
        assert!(matches!(p.app.state.modal, Some(Modal::Score(_))), "back to the score dialog");
    }
    p.act(Action::CloseModal).act(Action::Open(Open::Jump)).probe("jump dialog");
    let veto = p.review().r.card.vetoes.iter().find(|v| v.computed.is_none()).unwrap().id.clone();
    p.act(Action::CloseModal).act(Action::Open(Open::Evidence(Condition::Veto(veto)))).probe("evidence dialog");
    p.act(Action::CloseModal).act(Action::Open(Open::Editor(1))).probe("opinion editor");
    p.act(Action::CloseModal).act(Action::Open(Open::Confirm(yanshou::tui::action::Ask::Finalize)));
    p.probe("finalize confirmation");
    p.act(Action::CloseModal);

    // Finalized: locked pages, the signing page and dialog, the export path, the reopening confirmation.
    p.act(Action::Finalize);
    assert!(p.review().locked(), "{:?}", p.app.state.status);
    for tab in [Tab::Panel, Tab::Scoring, Tab::Result, Tab::Sign] {
        p.act(Action::SwitchTab(tab));
        p.review_mut().sign_sel = 1;
        p.probe(&format!("finalized review, {tab:?}"));
    }
    for dissent in [false, true] {
        let signer = p.review().r.data.experts[0].id;
        p.act(Action::Open(Open::Sign { expert: signer, dissent }));
        for focus in 0..if dissent { 3 } else { 2 } {
            if let Modal::Sign(f) = p.modal() {
                f.focus = focus;
            }
            p.probe(&format!("signing dialog (dissent: {dissent}), row {focus}"));
        }
        p.act(Action::CloseModal);
    }
    p.act(Action::Open(Open::Path(PathKind::Export))).probe("export path").act(Action::CloseModal);
    p.act(Action::Open(Open::Confirm(yanshou::tui::action::Ask::Reopen(demo)))).probe("reopening confirmation");
    p.act(Action::CloseModal);

    // Adjustable item points (内蒙古) and facts (山东).
    p.act(Action::Back);
    p.new_review("内蒙古某公司", "neimenggu-2005-acceptance");
    p.act(Action::SwitchTab(Tab::Scoring)).probe("scoring, adjustable points");
    let section = p.review().r.card.scored_items().next().unwrap().section.clone();
    p.act(Action::Open(Open::Weights(section))).probe("item points dialog").act(Action::CloseModal);
    p.act(Action::Back);
    p.new_review("山东某公司", "shandong-2008-acceptance");
    p.act(Action::Open(Open::Facts)).probe("facts dialog").act(Action::CloseModal);

    // A sheet with fixed levels and requirements (广东自愿): the score dialog on a levelled item, the requirements
    // below the vetoes.
    p.act(Action::Back);
    p.new_review("广东某公司", "guangdong-2009-voluntary");
    let expert = p.review().current_expert().unwrap();
    p.act(Action::Open(Open::Score { expert, item: "2.1".into(), first: Some('3') }));
    p.probe("score dialog, fixed levels").act(Action::CloseModal);
    p.act(Action::SwitchTab(Tab::Vetoes));
    p.review_mut().veto_sel = 1;
    p.probe("vetoes page, on a requirement");

    // A review on rules (辽宁): its findings page on a requirement and on a distinction, the dialogs of their
    // reasons; its vetoes page.
    p.act(Action::Back);
    p.new_review("辽宁某公司", "liaoning-2006-acceptance");
    p.act(Action::SwitchTab(Tab::Scoring));
    assert_eq!(p.review().tab, Tab::Findings, "the second page of a review on rules is its findings");
    p.probe("findings page, on a requirement");
    let requirements = p.review().r.card.requirements.len();
    p.review_mut().finding_sel = requirements;
    p.probe("findings page, on a distinction");
    let card = p.review().r.card.clone();
    p.act(Action::Open(Open::Evidence(Condition::Requirement(card.requirements[0].id.clone()))));
    p.probe("reason of an unmet requirement").act(Action::CloseModal);
    p.act(Action::Open(Open::Evidence(Condition::Distinction(card.distinctions[0].id.clone()))));
    p.probe("evidence of a distinction").act(Action::CloseModal);
    p.act(Action::SwitchTab(Tab::Vetoes)).probe("vetoes page of a review on rules");

    // A review the panel decides (湖北 强制 验收): the opinion page and the dialog of the panel's result.
    p.act(Action::Back);
    p.new_review("湖北某公司", "hubei-2008-acceptance-mandatory");
    p.act(Action::SwitchTab(Tab::Opinion)).probe("opinion page, the panel decides");
    p.act(Action::Open(Open::Decision));
    for focus in 0..2 {
        if let Modal::Decision(f) = p.modal() {
            f.focus = focus;
        }
        p.probe(&format!("the panel's result, row {focus}"));
    }
    p.act(Action::CloseModal);

    // The new-review form on rules that define types (云南): the type's row.
    p.act(Action::Back).act(Action::StartNewReview).act(Action::PickScorecard("yunnan-2007-acceptance".into()));
    if let Screen::NewReview(f) = &p.app.state.screen {
        assert_eq!(f.type_row(), Some(f.focus), "the focus goes on to the type");
    }
    p.probe("new review, the type's row");
    p.act(Action::Back);

    // The support unit's screen, with two imports to move between, and its dialogs.
    p.act(Action::OpenUnit);
    let row = ImportRow {
        id: 1,
        enterprise: "甲".into(),
        province: "福建".into(),
        sheet: "验收".into(),
        date: "2026-11-28".into(),
        revision: 1,
        total: "90".into(),
        grade: "良好".into(),
        signatures: "签 3/3".into(),
        superseded: false,
    };
    p.app.state.screen = Screen::Unit(UnitView { rows: vec![row.clone(), row], ..UnitView::default() });
    p.probe("support unit");
    for kind in [PathKind::Import, PathKind::Compile] {
        p.act(Action::Open(Open::Path(kind))).probe(&format!("{kind:?} path")).act(Action::CloseModal);
    }
    // The compilation's workbook found to exist: F9 replaces it.
    p.act(Action::Open(Open::Path(PathKind::Compile)));
    if let Modal::Path(f) = p.modal() {
        f.replace = Some(PathBuf::from(f.path.text().trim()));
    }
    p.probe("compile path, the workbook exists").act(Action::CloseModal);
    // A review kit read and checked: the dialog asks for which expert it is imported.
    p.act(Action::Open(Open::Path(PathKind::Kit)));
    if let Modal::Path(f) = p.modal() {
        f.path = yanshou::tui::widgets::input::LineInput::new("评审包.yanshou.zip");
        f.experts = Some(yanshou::tui::dialogs::KitChoice {
            path: PathBuf::from("评审包.yanshou.zip"),
            names: vec!["王建国".into(), "李秀英".into()],
            selected: 0,
        });
    }
    p.probe("kit path, choosing the expert").act(Action::CloseModal);
    // Installing the trust, on each of its three fields.
    p.act(Action::Open(Open::Trust));
    for focus in 0..3 {
        if let Modal::Trust(f) = p.modal() {
            f.focus = focus;
        }
        p.probe(&format!("trust dialog, row {focus}"));
    }
    p.act(Action::CloseModal);
    p.app.state.modal = Some(Modal::Report(yanshou::tui::dialogs::Report {
        title: "导入结果".into(),
        lines: vec!["✓ 甲".into()],
    }));
    p.probe("report");
    p.app.state.modal = None;

    // The expert pool, empty and with experts (browsing, searching, one retired), and the draw screen without and
    // with a case.
    p.act(Action::OpenPool).probe("pool, empty");
    let expert = |name: &str, field| yanshou::domain::pool::Expert {
        name: name.into(),
        unit: "某单位".into(),
        field,
        industry: String::new(),
        title: String::new(),
        term_until: None,
        served: vec![],
        public_key: None,
        retired_on: None,
    };
    use yanshou::domain::pool::Field;
    let experts: Vec<_> =
        [("甲", Field::Environment), ("乙", Field::Energy), ("丙", Field::Industry), ("丁", Field::Other)]
            .into_iter()
            .map(|(n, f)| expert(n, f))
            .collect();
    p.app.store.pool_import(&experts, "测试").unwrap();
    p.act(Action::OpenPool).probe("pool");
    if let Screen::Pool(v) = &mut p.app.state.screen {
        v.searching = true;
    }
    p.probe("pool, searching");
    p.act(Action::RetireExpert(4)).probe("pool, one retired");
    // The pool's form, for a new expert and for editing one (the retired one), on a text and on the field's choice.
    for edit in [None, Some(4)] {
        p.act(Action::Open(Open::PoolExpert(edit)));
        for focus in [0, 2] {
            if let Modal::PoolExpert(f) = p.modal() {
                f.focus = focus;
            }
            p.probe(&format!("pool expert form ({edit:?}), row {focus}"));
        }
        p.act(Action::CloseModal);
    }
    p.act(Action::OpenDraw).probe("draw, no case");
    let card = common::catalog().scorecard("guangdong-2009-voluntary").unwrap().clone();
    let new = yanshou::store::NewCase {
        enterprise: "某公司".into(),
        credit_code: "91350100M000100Y43".into(),
        industry: String::new(),
        track: None,
        applied: String::new(),
    };
    p.app.store.create_case(&new, &card).unwrap();
    p.act(Action::OpenDraw).probe("draw, the first case (a province that prints no size)");
    let first = match &mut p.app.state.screen {
        Screen::Draw(d) => {
            d.size = Some(1);
            d.cases[0].id
        }
        _ => panic!("not on the draw screen"),
    };
    p.act(Action::PreviewDraw { case: first, size: Some(1), reserves: 0 }).probe("draw, a size given");
    p.act(Action::DrawPanel { case: first, size: Some(1), reserves: 0 }).probe("draw, drawn");
    // The case list (with a search typed), a case's page with its check items, and an act's form on a text field
    // and on a choice.
    let card = common::catalog().scorecard("shandong-2008-acceptance").unwrap().clone();
    let new = yanshou::store::NewCase {
        enterprise: "山东甲公司".into(),
        credit_code: "91350100M000100Y43".into(),
        industry: String::new(),
        track: Some(yanshou::domain::scorecard::Track::Voluntary),
        applied: "2026-11-02".into(),
    };
    let case = p.app.store.create_case(&new, &card).unwrap();
    p.act(Action::OpenCases).probe("case list");
    if let Screen::Cases(v) = &mut p.app.state.screen {
        v.searching = true;
    }
    p.probe("case list, searching");
    if let Screen::Cases(v) = &mut p.app.state.screen {
        (v.searching, v.province) = (false, Some("山东".into()));
    }
    p.probe("case list, filtered");
    p.act(Action::OpenCase(case)).probe("case page");
    // With a review (opened from the page).
    if let Screen::Case(v) = &mut p.app.state.screen {
        v.case.reviews.push(yanshou::domain::case::CaseReview {
            review_id: 1,
            uid: None,
            round: 1,
            recheck_of: None,
            status: yanshou::domain::review::Status::Scoring,
            date: None,
            finalized_on: None,
            verdict: None,
        });
    }
    p.probe("case page with a review");
    p.act(Action::Open(Open::CaseAct(yanshou::tui::action::CaseActKind::Check {
        item: "c1".into(),
        met: None,
        note: String::new(),
    })));
    p.probe("case act, a text field");
    if let Modal::CaseAct(f) = p.modal() {
        f.focus = 1;
    }
    p.probe("case act, a choice");

    assert!(p.failures.is_empty(), "{} problems:\n\n{}", p.failures.len(), p.failures.join("\n\n"));
    let mut stale = Vec::new();
    let mut dead = Vec::new();
    for (id, info) in &p.bindings {
        match (info.shown, p.exercised.contains(id)) {
            (Shown::Stale, false) => stale.push(format!("{} #{} “{}”", info.map, info.index, info.hint)),
            (Shown::Stale, true) => dead.push(format!("{} #{}: marked stale, but it works", info.map, info.index)),
            (_, false) => dead.push(format!(
                "{} #{} (hint “{}”, help “{}”): did nothing in any state",
                info.map, info.index, info.hint, info.help
            )),
            _ => {}
        }
    }
    dead.sort();
    assert!(dead.is_empty(), "bindings that never work:\n{}", dead.join("\n"));
    // Hints shown although the key does nothing, kept only because a snapshot pins the text: these two, no more.
    stale.sort();
    assert_eq!(stale, ["dialog editor #0 “Tab 换栏”", "dialog evidence #0 “Tab 换栏”"]);
}

/// The texts that the keymaps give are those the panel always read (the snapshots pin most of them; these are the
/// hints in states no snapshot shows).
#[test]
fn hints_in_states_no_snapshot_shows() {
    let mut p = Probe::new();
    let hint = |p: &Probe| yanshou::tui::view::hint_text(&p.app.state);
    p.act(Action::LoadDemo);
    p.act(Action::SwitchTab(Tab::Scoring));
    assert_eq!(
        hint(&p),
        " ↑↓ 条目 · ←→ 专家 · 数字/Enter 评分 · r 原因 · c 清除 · g 跳转 · f 事实 · b 加分 · Tab 换页 · ? 帮助 · Esc 返回"
    );
    p.act(Action::Finalize);
    assert_eq!(hint(&p), " ↑↓ 条目 · ←→ 专家 · g 跳转 · Tab 换页 · ? 帮助 · Esc 返回");
    p.act(Action::SwitchTab(Tab::Panel));
    assert_eq!(hint(&p), " ↑↓ 选择 · Tab 换页 · ? 帮助 · Esc 返回");
    p.act(Action::SwitchTab(Tab::Result));
    assert_eq!(hint(&p), " R 重新打开 · Tab 换页 · ? 帮助 · Esc 返回");
    p.act(Action::SwitchTab(Tab::Sign));
    assert_eq!(hint(&p), " ↑↓ 选择 · s 签名 · d 不同意见 · e 导出 · Tab 换页 · ? 帮助 · Esc 返回");
    p.act(Action::Back);
    p.app.state.home.filtering = true;
    assert_eq!(hint(&p), " 输入筛选 · Enter 完成 · Esc 清除");
    p.app.state.home.filtering = false;
    p.new_review("内蒙古某公司", "neimenggu-2005-acceptance");
    p.act(Action::SwitchTab(Tab::Scoring));
    assert!(hint(&p).ends_with(" · f 事实 · b 加分 · w 分值 · Tab 换页 · ? 帮助 · Esc 返回"), "{}", hint(&p));
    p.act(Action::OpenUnit);
    assert_eq!(hint(&p), " ↑↓ 选择 · Tab 换栏 · i 导入 · t 名单 · c 汇总导出 · a 案件 · ? 帮助 · Esc 返回");
}
