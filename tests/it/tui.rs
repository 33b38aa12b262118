//! The terminal app driven on ratatui's TestBackend: snapshots of every screen at 80×24 and 120×40 with Chinese
//! content, and key scripts that walk a whole review and assert what the database then holds.

use crate::common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;
use yanshou::domain::review::{Answer, Status};
use yanshou::store::Store;
use yanshou::tui::keys::{Input, script};
use yanshou::tui::{self, App};

pub(crate) struct Harness {
    _dir: tempfile::TempDir,
    pub(crate) path: PathBuf,
    pub(crate) app: App,
    term: Terminal<TestBackend>,
}

impl Harness {
    pub(crate) fn new(w: u16, h: u16) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        Harness::over(dir, store, w, h)
    }

    /// The app over `store`, the database in `dir`.
    pub(crate) fn over(dir: tempfile::TempDir, mut store: Store, w: u16, h: u16) -> Harness {
        let path = dir.path().to_path_buf();
        store.set_actor("测试组长");
        let mut app =
            App::new(store, common::catalog().clone(), PathBuf::from("/home/专家/.local/share/yanshou"), "2026-11-28");
        app.clock = || "10:30:00".to_string();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut h = Harness { _dir: dir, path, app, term };
        tui::draw(&mut h.term, &mut h.app).unwrap();
        h
    }

    pub(crate) fn keys(&mut self, s: &str) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, script(s)).unwrap();
        self
    }

    pub(crate) fn input(&mut self, inputs: Vec<Input>) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, inputs).unwrap();
        self
    }

    pub(crate) fn resize(&mut self, w: u16, h: u16) -> &mut Self {
        self.term.backend_mut().resize(w, h);
        self.term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
        tui::draw(&mut self.term, &mut self.app).unwrap();
        self
    }

    /// The frame as drawn (the whole buffer of a fresh draw, not the backend's diffed copy).
    pub(crate) fn buffer(&mut self) -> ratatui::buffer::Buffer {
        common::frame(&self.term, &mut self.app)
    }

    /// The screen as text, one line per row, wide characters once.
    pub(crate) fn screen(&mut self) -> String {
        common::screen_text(&self.buffer())
    }

    pub(crate) fn store(&self) -> Store {
        Store::open(&self.path.join("yanshou.db")).unwrap()
    }

    pub(crate) fn assert_fits(&mut self) {
        let buf = &self.buffer();
        for y in 0..buf.area.height {
            let mut width = 0;
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let w = buf[(x, y)].symbol().width();
                skip = w.saturating_sub(1);
                width += w.max(1);
            }
            assert!(width <= buf.area.width as usize, "row {y} is {width} columns wide:\n{}", self.screen());
        }
    }
}

const LONG_NAME: &str = "内蒙古自治区鄂尔多斯市某某煤化工循环经济产业园区综合利用有限责任公司";

pub(crate) fn with_demo(w: u16, h: u16) -> Harness {
    let mut t = Harness::new(w, h);
    t.keys("d");
    t
}

#[test]
fn snapshots_of_every_screen() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let name = |s: &str| format!("{s}_{w}x{h}");
        let mut t = Harness::new(w, h);
        insta::assert_snapshot!(name("welcome"), t.screen());
        t.keys("?");
        insta::assert_snapshot!(name("help_home"), t.screen());
        t.keys("<Esc>d");
        insta::assert_snapshot!(name("result_demo"), t.screen());
        t.keys("<F1>");
        insta::assert_snapshot!(name("panel"), t.screen());
        t.keys("<Down>x");
        insta::assert_snapshot!(name("recusal_dialog"), t.screen());
        t.keys("<Esc><F2>");
        insta::assert_snapshot!(name("scoring"), t.screen());
        t.keys("<Down><Down><Down>7");
        insta::assert_snapshot!(name("score_dialog_deduction"), t.screen());
        t.keys("<Enter>两项中高费方案未完成");
        insta::assert_snapshot!(name("score_dialog_reason"), t.screen());
        // Esc asks before the typed reason is thrown away; a second Esc does.
        t.keys("<Esc><Esc><F3>");
        insta::assert_snapshot!(name("vetoes"), t.screen());
        t.keys("<F4>");
        insta::assert_snapshot!(name("opinion"), t.screen());
        t.keys("<F5>F");
        insta::assert_snapshot!(name("finalize_confirm"), t.screen());
        t.keys("<Esc><Esc>");
        t.keys("n");
        t.keys(&format!("{LONG_NAME}<Tab>91350100M000100Y4"));
        insta::assert_snapshot!(name("new_review"), t.screen());
        t.keys("<Tab><Tab><Tab><Tab><Tab><Tab><Enter>山东");
        insta::assert_snapshot!(name("sheet_picker"), t.screen());
        // The form holds typed text: leaving it is asked, and `y` agrees.
        t.keys("<Esc><Esc>y");
        insta::assert_snapshot!(name("home_list"), t.screen());
        t.assert_fits();
    }
}

#[test]
fn long_chinese_titles_keep_borders_at_80x24() {
    let mut t = with_demo(80, 24);
    // A second review with a very long enterprise name on the largest sheet.
    t.keys("<Esc>n");
    t.keys(&format!("{LONG_NAME}<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>山东<Enter><C-s>"));
    assert!(matches!(t.app.state.screen, yanshou::tui::app::Screen::Review(_)), "{}", t.screen());
    for key in ["<F1>", "<F2>", "<F3>", "<F4>", "<F5>", "?"] {
        t.keys(key);
        t.assert_fits();
        let screen = t.screen();
        let lines: Vec<&str> = screen.lines().collect();
        // Every row that opens a frame closes it: Chinese text never pushes a border out of place.
        for line in &lines[2..lines.len() - 2] {
            let opens = line.chars().next();
            let closes = line.chars().last();
            match opens {
                Some('│') => assert_eq!(closes, Some('│'), "{key}: broken border in “{line}”\n{screen}"),
                Some('┌') => assert_eq!(closes, Some('┐'), "{key}: broken border in “{line}”\n{screen}"),
                Some('└') => assert_eq!(closes, Some('┘'), "{key}: broken border in “{line}”\n{screen}"),
                _ => {}
            }
        }
        if key == "?" {
            t.keys("<Esc>");
        }
    }
    // Resizing redraws correctly.
    t.resize(60, 20);
    t.assert_fits();
    t.resize(120, 40);
    t.assert_fits();
}

#[test]
fn a_whole_review_by_keyboard() {
    let mut t = Harness::new(80, 24);
    // Create a review.
    t.keys("n福建示例化工有限公司<Tab>91350100M000100Y43<Tab>福州市<Tab>化工<Tab>某咨询公司<Tab><Tab>福州<Tab><Enter>福建 验收<Enter><C-s>");
    let id = t.store().list_reviews().unwrap()[0].id;
    // Add a panel of four; the first is the lead.
    t.keys("a王建国<Tab>省环科院<Tab>高工<Tab><Tab> <C-s>");
    t.keys("a李秀英<Tab><Tab><Tab><Right><C-s>");
    t.keys("a张伟<Tab><Tab><Tab><Right><Right><C-s>");
    t.keys("a赵敏<Tab><Tab><Tab><Right><Right><Right><C-s>");
    let r = t.store().load(id).unwrap();
    let fields: Vec<(&str, &str)> = r.data.experts.iter().map(|e| (e.name.as_str(), e.field.as_str())).collect();
    assert_eq!(fields, [("王建国", "清洁生产"), ("李秀英", "行业"), ("张伟", "环保"), ("赵敏", "能源")]);
    assert_eq!(r.data.experts[0].role, yanshou::domain::review::Role::Lead);
    // Recuse 赵敏 with the province's reason and a statement.
    t.keys("<Down><Down><Down>x<Tab><Tab>本人参与过该企业审核咨询，申请回避。<C-s>");
    let r = t.store().load(id).unwrap();
    assert_eq!(r.data.recusals.len(), 1);
    assert_eq!(r.data.recusals[0].reason_id.as_deref(), Some("participated"));
    // Score every item for the three others: full marks with "<max><Enter>", one deduction with its reason.
    t.keys("<F2>");
    let items: Vec<(String, String)> = r.card.scored_items().map(|i| (i.id.clone(), i.points.to_string())).collect();
    for expert in 0..3 {
        t.keys("<Home>");
        for (id, max) in &items {
            if expert == 1 && id == "1.4" {
                t.keys("8.5<Enter>一项中费方案尚未完成<C-s>");
            } else {
                t.keys(&format!("{max}<Enter>"));
            }
        }
        t.keys("<Right>");
    }
    // A score above the maximum is refused in the dialog and nothing is saved.
    t.keys("<Home>9<Enter>");
    assert!(t.screen().contains("超过本条满分"), "{}", t.screen());
    t.keys("<Esc><Esc>");
    let r = t.store().load(id).unwrap();
    assert_eq!(r.data.scores.len(), 48);
    let deduction = r.data.scores.iter().find(|s| s.points < r.card.item(&s.item_id).unwrap().points).unwrap();
    assert_eq!(
        (deduction.item_id.as_str(), deduction.points.to_string(), deduction.reason.as_str()),
        ("1.4", "8.5".into(), "一项中费方案尚未完成")
    );
    // 赵敏 cannot be chosen for scoring: only three experts cycle.
    assert!(!t.screen().contains("◀ 赵敏 ▶"));
    // Vetoes: all no.
    t.keys("<F3>n<Down>n<Down>n");
    // Opinion: generate the draft, then add a suggestion.
    t.keys("<F4>g<Down><Down><Enter>继续推进清洁生产。<C-s>");
    let r = t.store().load(id).unwrap();
    assert!(r.data.opinion.summary.contains("福建示例化工有限公司"), "{}", r.data.opinion.summary);
    assert!(r.data.opinion.summary.contains("赵敏"), "the draft names the recusal");
    // The suggestions drafted from the one deduction (item 1.4), and the panel's words after them.
    assert_eq!(r.data.opinion.suggestions, "1. 对照评分表要求，逐项整改存在问题所列的第 1.4 项。继续推进清洁生产。");
    assert_eq!(r.data.vetoes.iter().filter(|v| v.answer == Answer::No).count(), 3);
    // Finalize: Enter (even pasted) does not confirm; F9 does.
    t.keys("<F5>F<Enter>");
    t.input(vec![Input::Paste("\n\n".into())]);
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Scoring);
    t.keys("<F9>");
    let r = t.store().load(id).unwrap();
    assert_eq!(r.data.status, Status::Finalized, "{}", t.screen());
    assert!(t.screen().contains("已定稿"));
    // Locked: a score key is refused with a message.
    t.keys("<F2>5");
    assert!(t.screen().contains("已定稿锁定"), "{}", t.screen());
    assert_eq!(t.store().load(id).unwrap().data.scores.len(), 48);
}

#[test]
fn deductions_need_a_reason_and_pastes_never_submit() {
    let mut t = with_demo(80, 24);
    let id = t.store().list_reviews().unwrap()[0].id;
    t.keys("<F2><Home>1<Enter><C-s>");
    assert!(t.screen().contains("请写明扣分原因"), "{}", t.screen());
    // A pasted reason with newlines and control characters goes into the editor, not into commands.
    t.input(vec![Input::Paste("促进机构\n人员变动\u{7}未调整".into())]);
    t.keys("<C-s>");
    let s =
        t.store().load(id).unwrap().data.score(t.store().load(id).unwrap().data.experts[0].id, "1.1").cloned().unwrap();
    assert_eq!(s.points.to_string(), "1");
    assert_eq!(s.reason, "促进机构\n人员变动未调整");
    // Full-width digits are refused with the half-width spelling of what was typed.
    t.keys("<Home>１<Enter>");
    assert!(t.screen().contains("请用半角数字输入 1"), "{}", t.screen());
}

#[test]
fn a_store_refusal_keeps_the_dialog_and_says_why() {
    let mut t = with_demo(80, 24);
    // Add an expert whose name is already on the panel.
    t.keys("<F1>a王建国<Tab><Tab><Tab><C-s>");
    assert!(t.app.state.modal.is_some(), "the dialog stays open with what was typed");
    assert!(t.screen().contains("already on the panel") || t.screen().contains("未保存"), "{}", t.screen());
}

#[test]
fn reopening_needs_a_reason_and_f9() {
    let mut t = with_demo(80, 24);
    let id = t.store().list_reviews().unwrap()[0].id;
    t.keys("<F5>F<F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Finalized);
    t.keys("R<F9>");
    assert!(t.screen().contains("请写明重新打开的理由"));
    t.keys("企业补交监测报告<Enter><F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Scoring);
    let (log, problems) = t.store().log(id).unwrap();
    assert!(problems.is_empty());
    assert!(log.last().unwrap().new.as_deref().unwrap().contains("企业补交监测报告"));
}

#[test]
fn home_filters_and_jumps() {
    let mut t = with_demo(80, 24);
    t.keys("<Esc>");
    t.keys("/闽江");
    assert!(t.screen().contains("闽江精细化工"));
    t.keys("<Esc>/不存在的企业");
    assert!(t.screen().contains("没有符合筛选条件的验收"));
    t.keys("<Esc><Enter><F2>g2.6<Enter>");
    assert!(t.screen().contains("条目 2.6"), "{}", t.screen());
    t.keys("g9.9<Enter>");
    assert!(t.screen().contains("没有条目“9.9”"), "{}", t.screen());
}

#[test]
fn snapshots_of_the_dialogs() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let name = |s: &str| format!("{s}_{w}x{h}");
        let mut t = with_demo(w, h);
        t.keys("<F1>a张<Tab>省环保厅");
        insta::assert_snapshot!(name("dialog_expert"), t.screen());
        t.keys("<Esc><Esc><F3>y");
        insta::assert_snapshot!(name("dialog_veto_evidence"), t.screen());
        t.keys("<Esc><F4><Enter>");
        insta::assert_snapshot!(name("dialog_opinion_editor"), t.screen());
        t.keys("<Esc><F2>g");
        insta::assert_snapshot!(name("dialog_jump"), t.screen());
        t.keys("<Esc>");
        // Facts on 山东 (a yes/no fact settles three items) and the bonus on 内蒙古.
        t.keys("<Esc>n山东某公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>山东<Enter><C-s>");
        t.keys("a甲<C-s><F2>f");
        insta::assert_snapshot!(name("dialog_facts"), t.screen());
        t.keys("是<Enter>");
        assert!(
            t.screen().contains("已评 3/36 · 小计 15"),
            "the fact settles the three sub-items of 12 at full marks:\n{}",
            t.screen()
        );
        // The facts dialog stays open after a save: Esc closes it, a second Esc leaves the review.
        t.keys("<Esc><Esc>n内蒙古某公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>内蒙古<Enter><C-s>");
        t.keys("a乙<C-s><F2>b");
        insta::assert_snapshot!(name("dialog_bonus"), t.screen());
        t.keys("4<Enter>");
        assert!(t.screen().contains("加分 4 超出本项范围 2–3 分"), "{}", t.screen());
        t.keys("<Backspace>2.5<Enter>");
        assert!(t.screen().contains("已保存：加分"), "{}", t.screen());
        t.assert_fits();
    }
}

#[test]
fn sign_in_list_and_adjusted_item_points() {
    let mut t = with_demo(80, 24);
    let id = t.store().list_reviews().unwrap()[0].id;
    // The sign-in list: add two, remove one.
    t.keys("<F1>i王建国<Tab>福建省环境科学研究院<Tab>教授级高工<C-s>");
    t.keys("企业代表<Tab>示例公司<Tab>总经理<Tab><Right><C-s>");
    insta::assert_snapshot!("dialog_signin_80x24", t.screen());
    let s = t.store().load(id).unwrap().data.signins;
    let got: Vec<(&str, &str)> = s.iter().map(|e| (e.name.as_str(), e.capacity.as_str())).collect();
    assert_eq!(got, [("王建国", "专家"), ("企业代表", "企业")]);
    t.keys("<Tab><Tab><Tab><Tab><Down><Del>");
    let s = t.store().load(id).unwrap().data.signins;
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].name, "王建国");
    t.keys("<Esc>");
    // The 福建 sheet does not allow adjusting item points.
    t.keys("<F2>w");
    assert!(t.screen().contains("本表不允许调整分项分值"), "{}", t.screen());
    // 内蒙古 does: move one point from 1.2 to 1.1 within section 一.
    t.keys("<Esc>n内蒙古某公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>内蒙古<Enter><C-s>");
    t.keys("a甲<C-s><F2>w");
    insta::assert_snapshot!("dialog_weights_80x24", t.screen());
    t.keys("<End><Backspace>6<Enter>");
    assert!(t.screen().contains("须调回 15 分"), "{}", t.screen());
    // The save moved on to 1.2.
    t.keys("<End><Backspace>4<Enter>");
    assert!(t.screen().contains("本节合计相符"), "{}", t.screen());
    let nid = t.store().list_reviews().unwrap().iter().find(|r| r.enterprise == "内蒙古某公司").unwrap().id;
    let w = t.store().load(nid).unwrap().data.weights;
    assert_eq!(w.get("1.1").map(|p| p.to_string()), Some("6".into()));
    assert_eq!(w.get("1.2").map(|p| p.to_string()), Some("4".into()));
    t.assert_fits();
}

/// Over a data directory that cannot be written, the app opens, says so on the status line before anything is typed,
/// shows the reviews, and a change is refused with the same words; nothing is written.
#[test]
fn a_read_only_data_directory_is_said_at_start_and_changes_are_refused() {
    // An empty database: the welcome screen; loading the demo is a change.
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open_in(dir.path()).unwrap());
    let store = Store::open_in_read_only(dir.path()).unwrap();
    let mut t = Harness::over(dir, store, 80, 24);
    let screen = t.screen();
    assert!(screen.contains("数据目录只读：只能查看，不能修改"), "{screen}");
    t.assert_fits();
    t.keys("d");
    let screen = t.screen();
    assert!(screen.contains("载入示例失败") && screen.contains("is read-only"), "{screen}");
    assert!(t.store().list_reviews().unwrap().is_empty());

    // A database with a review: the list shows it.
    let Harness { _dir: dir, app, .. } = with_demo(80, 24);
    drop(app);
    let store = Store::open_in_read_only(dir.path()).unwrap();
    assert!(store.is_read_only());
    let mut t = Harness::over(dir, store, 80, 24);
    let screen = t.screen();
    assert!(screen.contains("数据目录只读"), "{screen}");
    assert_eq!(t.app.store.list_reviews().unwrap().len(), 1);
    // A score typed on the review is refused, in the panel's words.
    t.keys("<Enter><F2><Down><Down><Down>7<Enter>两项中高费方案未完成<C-s>");
    let screen = t.screen();
    assert!(screen.contains("未保存") && screen.contains("数据目录只读，未作任何修改"), "{screen}");
}

/// The item pane shows the notes the sheet gives the panel, in Chinese, and none of the notes kept for the sheet's
/// maintainers (the PDF extraction, the file format's words).
#[test]
fn the_item_pane_shows_only_the_notes_for_the_panel() {
    let mut t = with_demo(120, 40);
    t.keys("<F2>g2.5<Enter>");
    let s = t.screen();
    assert!(s.contains("条目 2.5"), "{s}");
    assert!(s.contains("注（表述歧义）：本项只写要求"), "{s}");
    assert!(s.contains("注（表述歧义）：《实施细则》第三十条要求"), "{s}");
    for english in ["PDF extraction", "No [[facts]]", "Scored items as printed", "原文问题"] {
        assert!(!s.contains(english), "“{english}” is on the screen:\n{s}");
    }
}
