//! The support unit's cases in the terminal app, driven by keys on TestBackend: the case list (filters, search,
//! order) and a case's page, each act recorded through its form with F9 and read back from the database — a case
//! from its check to its pass, one through its failure, 整改 and 复核 beside the first review — refusals said in
//! Chinese with nothing changed, typed text never thrown away by Esc without asking, and snapshots of the list and the
//! page at 80×24 and 200×60.

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yanshou::domain::case::{CaseFile, Mark};
use yanshou::domain::scorecard::procedure::Event;
use yanshou::store::Store;
use yanshou::tui::dialogs::Modal;
use yanshou::tui::keys::script;
use yanshou::tui::state::Screen;
use yanshou::tui::{self, App};

use crate::case_cli::World;
use crate::common;

/// The app on a data directory the command line also works on.
pub(crate) struct Desk {
    pub(crate) world: World,
    pub(crate) app: App,
    term: Terminal<TestBackend>,
}

impl Desk {
    /// `data_dir`: where the app writes its files (a fixed name for snapshots, which show it).
    pub(crate) fn new(world: World, data_dir: Option<PathBuf>, today: &str, w: u16, h: u16) -> Desk {
        let mut store = Store::open_in(world.path()).unwrap();
        store.set_actor("支持单位");
        let dir = data_dir.unwrap_or_else(|| world.path().to_path_buf());
        let mut app = App::new(store, common::catalog().clone(), dir, today);
        app.clock = || "10:30:00".to_string();
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        tui::draw(&mut term, &mut app).unwrap();
        Desk { world, app, term }
    }

    pub(crate) fn keys(&mut self, s: &str) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, script(s)).unwrap();
        self
    }

    pub(crate) fn screen(&mut self) -> String {
        common::screen_text(&common::frame(&self.term, &mut self.app))
    }

    pub(crate) fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
        tui::draw(&mut self.term, &mut self.app).unwrap();
    }

    pub(crate) fn case(&self, id: i64) -> CaseFile {
        self.app.store.load_case(id).unwrap()
    }

    pub(crate) fn status(&self) -> String {
        self.app.state.status.0.clone()
    }

    /// The act's form is closed and the status line says it was saved; else the test fails with what it says.
    pub(crate) fn recorded(&self) {
        assert!(self.app.state.modal.is_none(), "the form stayed open: {}", self.status());
        assert!(self.status().starts_with("已保存"), "{}", self.status());
    }
}

/// Clears a date field opened with a date, and types `date`.
pub(crate) fn date(date: &str) -> String {
    format!("{}{date}", "<Backspace>".repeat(10))
}

pub(crate) fn new_case(w: &World, enterprise: &str, applied: &str) -> i64 {
    let new = w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        enterprise,
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        applied,
        "--json",
    ]);
    new["id"].as_i64().unwrap()
}

pub(crate) fn check_rest(w: &World, id: i64) {
    for item in ["c2", "c3", "m1", "m2", "m3", "m4"] {
        w.ok(&["case", "check", &id.to_string(), item, "--met", "--note", "已核对原件"]);
    }
}

fn dump(path: &Path) -> String {
    crate::case_cli::dump(&path.join("yanshou.db"))
}

/// From the support unit's screen to the case list and the first case's page; the check, the visit, the review,
/// the 工作报告, the 公示 with an objection dismissed, then 通过; the report and the notice written. Each act read back.
#[test]
fn a_case_is_checked_reviewed_published_and_passes_through_the_keys() {
    let w = World::new();
    let id = new_case(&w, "山东某化工有限公司", "2026-01-26");
    let mut d = Desk::new(w, None, "2026-01-27", 80, 24);
    d.keys("ua");
    assert!(matches!(d.app.state.screen, Screen::Cases(_)));
    let list = d.screen();
    assert!(list.contains("山东某化工有限公司") && list.contains("申请审查中"), "{list}");
    d.keys("<Enter>");
    assert!(matches!(&d.app.state.screen, Screen::Case(v) if v.case.id == id));

    // The first condition found unmet, with a note: Enter opens its form, ← → choose, F9 records.
    d.keys("<Enter>");
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))));
    d.keys("<Tab><Right><Tab>环评批复尚缺<Enter>");
    assert!(d.app.state.modal.is_some(), "Enter records nothing");
    d.keys("<F9>");
    d.recorded();
    let check = d.case(id).checks.into_iter().find(|c| c.item == "c1").unwrap();
    assert_eq!((check.met, check.note.as_str()), (false, "环评批复尚缺"));

    // Esc over typed text asks first; any other key goes back to it; y throws it away, and nothing was stored.
    let before = dump(d.world.path());
    d.keys("o<Tab>企业违规排放");
    d.keys("<Esc>");
    assert!(matches!(d.app.state.modal, Some(Modal::Discard { .. })), "Esc asked before discarding");
    d.keys("x");
    match &d.app.state.modal {
        Some(Modal::CaseAct(f)) => assert!(f.fields[1].input.text().contains("企业违规排放")),
        other => panic!("back to the text: {other:?}"),
    }
    d.keys("<Esc>y");
    assert!(d.app.state.modal.is_none());
    assert_eq!(dump(d.world.path()), before);

    // The review cannot start before the check is closed: the domain's refusal, in Chinese, and the form stays.
    d.keys(&format!("v{}<F9>", date("2026-02-10")));
    d.recorded();
    d.keys("r<F9>");
    assert!(d.status().contains("申请审查尚未完成"), "{}", d.status());
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))));
    d.keys("<Esc>");
    assert!(d.case(id).reviews.is_empty());

    // The rest ticked (on the command line); closing the check with c1 unmet needs a reason (the domain's refusal
    // until it is given); the review started on the scheduled visit.
    check_rest(&d.world, id);
    d.keys(&format!("<Esc><Enter>d{}<F9>", date("2026-01-30")));
    assert!(d.status().contains("c1"), "{}", d.status());
    d.keys("<Tab>已承诺开工前补交环评批复<F9>");
    d.recorded();
    assert_eq!(d.case(id).event(0, Mark::Checked).unwrap().note, "已承诺开工前补交环评批复");
    assert_eq!(d.case(id).date(0, Mark::Checked).map(|x| x.to_string()).as_deref(), Some("2026-01-30"));
    d.keys("r<Tab>淄博市<F9>");
    d.recorded();
    let case = d.case(id);
    assert_eq!(case.reviews.len(), 1);
    assert_eq!(case.reviews[0].date.map(|x| x.to_string()).as_deref(), Some("2026-02-10"));
    let review = case.reviews[0].review_id.to_string();

    // The panel's work (scores, opinion, finalize) happens on the review; here through the command line.
    d.world.finalize(&review, "shandong-2008-acceptance", true);
    d.keys(&format!("<Esc><Enter>w{}<F9>", date("2026-02-27")));
    d.recorded();
    assert!(d.case(id).event(1, Mark::Event(Event::Report)).is_some_and(|e| e.note == "passed"));
    d.keys(&format!("g{}<F9>", date("2026-03-02")));
    d.recorded();
    assert!(d.case(id).date(1, Mark::Event(Event::Publication)).is_some());
    d.keys(&format!("o{}<Tab>反映企业夜间排放<F9>", date("2026-03-03")));
    d.recorded();
    d.keys(&format!("j<Tab><Tab>{}<Tab>经核实不属实<F9>", date("2026-03-05")));
    d.recorded();
    let o = &d.case(id).objections[0];
    assert_eq!(o.text, "反映企业夜间排放");
    assert!(o.decision.as_ref().is_some_and(|x| !x.upheld && x.note == "经核实不属实"));

    // After the 公示 (10 工作日 from 3 月 2 日: 3 月 16 日), the case has passed.
    d.app.today = "2026-03-20".into();
    d.keys("<Esc>");
    assert!(d.screen().contains("通过"), "{}", d.screen());
    d.keys("<Enter>");
    assert!(d.screen().contains("状态（2026年3月20日）：通过"), "{}", d.screen());

    // An objection after the 公示 ended is refused with the domain's words, the form kept, nothing changed.
    let before = dump(d.world.path());
    d.keys(&format!("o{}<Tab>迟到的异议<F9>", date("2026-03-18")));
    assert!(d.status().starts_with("未记录："), "{}", d.status());
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))));
    assert_eq!(dump(d.world.path()), before);
    d.keys("<Esc>y");

    // The title granted (山东 prints no validity: none is counted).
    d.keys(&format!("a{}<Tab>鲁清审 2026-001<F9>", date("2026-03-20")));
    d.recorded();
    assert!(d.case(id).event(1, Mark::Event(Event::Grant)).is_some_and(|e| e.note == "鲁清审 2026-001"));

    // The 验收工作报告 and the 公示 notice, written under the data directory.
    d.keys("h<F9>");
    assert!(d.status().starts_with("已写出验收工作报告"), "{}", d.status());
    let report = d.world.path().join("exports/验收工作报告-案件1-2026-03-20.html");
    assert!(std::fs::read_to_string(&report).unwrap().contains("山东某化工有限公司"));
    d.keys("n<F9>");
    assert!(d.status().starts_with("已写出公示通知"), "{}", d.status());
    let notice = d.world.path().join("exports/公示-山东-2026-03-02.html");
    assert!(std::fs::read_to_string(notice).unwrap().contains("山东某化工有限公司"));
    // Written again: refused, the first file kept.
    d.keys("h<F9>");
    assert!(d.status().contains("已存在"), "{}", d.status());
}

/// A failed review, its 整改 notified, the 复核 asked for (a new review linked to the first), and the 复核 beside the
/// first review item by item on the page.
#[test]
fn a_failed_case_is_rectified_and_its_recheck_shown_beside_the_first_review() {
    let w = World::new();
    let id = new_case(&w, "淄博某钢铁有限公司", "2025-09-01");
    w.ok(&["case", "check", "1", "c1", "--met"]);
    check_rest(&w, id);
    w.ok(&["case", "check", "1", "--done", "--date", "2025-09-05"]);
    let mut d = Desk::new(w, None, "2025-09-10", 80, 24);
    d.keys("ua<Enter>");
    d.keys(&format!("r{}<F9>", date("2025-09-26")));
    d.recorded();
    let first = d.case(id).reviews[0].review_id;
    d.world.finalize(&first.to_string(), "shandong-2008-acceptance", false);
    d.keys(&format!("<Esc><Enter>w{}<F9>", date("2025-10-09")));
    d.recorded();
    d.keys(&format!("z{}<F9>", date("2025-10-10")));
    d.recorded();
    assert!(d.case(id).date(1, Mark::Event(Event::Failure)).is_some());
    // A 复核 asked for on 2026-01-05, visited on 2026-01-20.
    d.keys(&format!("f{}<Tab>{}<Tab>淄博市<F9>", date("2026-01-05"), date("2026-01-20")));
    d.recorded();
    let case = d.case(id);
    assert_eq!(case.reviews.len(), 2);
    assert_eq!(case.reviews[1].recheck_of, Some(first));
    let second = case.reviews[1].review_id;
    d.world.finalize(&second.to_string(), "shandong-2008-acceptance", true);
    d.keys("<Esc><Enter><PgDn><PgDn>");
    d.resize(200, 60);
    let page = d.screen();
    assert!(page.contains(&format!("复核对照：首次验收 {first} │ 复核验收 {second}")), "{page}");
}

/// A data directory with three cases in three phases, for the snapshots.
fn three_cases() -> World {
    let w = World::new();
    let a = new_case(&w, "山东某化工有限公司", "2026-01-26");
    let b = new_case(&w, "内蒙古自治区鄂尔多斯市某某煤化工循环经济产业园区综合利用有限责任公司", "2026-01-05");
    new_case(&w, "济南某造纸有限公司", "2025-12-01");
    w.ok(&["case", "check", &a.to_string(), "c1", "--unmet", "--note", "环评批复尚缺"]);
    check_rest(&w, b);
    w.ok(&["case", "check", &b.to_string(), "c1", "--met"]);
    w.ok(&["case", "check", &b.to_string(), "--done", "--date", "2026-01-20"]);
    w.ok(&["case", "schedule", &b.to_string(), "--visit", "2026-02-10"]);
    w
}

#[test]
fn snapshots_of_the_case_list_and_page() {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut d = Desk::new(three_cases(), Some(PathBuf::from("/home/支持单位/yanshou")), "2026-02-09", w, h);
        d.keys("ua");
        insta::assert_snapshot!(format!("case_list_{w}x{h}"), d.screen());
        d.keys("<Enter>");
        insta::assert_snapshot!(format!("case_page_{w}x{h}"), d.screen());
        d.keys("<Enter>");
        insta::assert_snapshot!(format!("case_check_form_{w}x{h}"), d.screen());
    }
}

/// Filters, search and order act on the list as shown; Esc ends a search without asking (a query).
#[test]
fn the_case_list_filters_searches_and_sorts() {
    let mut d = Desk::new(three_cases(), None, "2026-02-09", 120, 30);
    d.keys("ua");
    let shown = |d: &Desk| match &d.app.state.screen {
        Screen::Cases(v) => v.shown.iter().map(|&i| v.rows[i].id).collect::<Vec<_>>(),
        _ => panic!("not the list"),
    };
    assert_eq!(shown(&d).len(), 3);
    d.keys("f");
    assert_eq!(shown(&d), vec![3, 1], "申请审查中, the earlier deadline first");
    d.keys("f");
    assert_eq!(shown(&d), vec![2], "待验收");
    d.keys("x/济南");
    assert_eq!(shown(&d), vec![3]);
    d.keys("<Esc>");
    assert!(matches!(d.app.state.screen, Screen::Cases(_)), "Esc ended the search, not the list");
    d.keys("xo");
    assert_eq!(shown(&d), vec![3, 2, 1], "newest first");
    d.keys("p");
    assert_eq!(shown(&d).len(), 3, "all three are 山东's");
    d.keys("pss");
    assert_eq!(shown(&d).len(), 0, "none is an assessment");
    d.keys("<Esc>");
    assert!(matches!(d.app.state.screen, Screen::Unit(_)));
}
