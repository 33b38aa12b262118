//! The pool and the draw in the terminal app, by key script on a TestBackend at 80×24: from the support unit's screen
//! to the pool (search, filter by field, F9 takes an expert out), then the draw screen, which shows the exclusions
//! with their reasons and everyone's chance before anything is drawn, and F9 draws — asserted in the database.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yanshou::domain::pool::{Expert, Field};
use yanshou::store::{NewCase, Store};
use yanshou::tui::keys::script;
use yanshou::tui::{self, App};

use crate::common;

const CODE: &str = "91110000600037341L";

fn expert(name: &str, field: Field) -> Expert {
    Expert {
        name: name.into(),
        unit: format!("{name}单位"),
        field,
        industry: String::new(),
        title: "教授".into(),
        term_until: None,
        served: vec![],
        public_key: None,
        retired_on: None,
    }
}

fn app() -> (tempfile::TempDir, App, Terminal<TestBackend>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.set_actor("技术依托单位");
    let card = common::catalog().scorecard("guangdong-2009-voluntary").unwrap().clone();
    let new = NewCase {
        enterprise: "广东测试化工有限公司".into(),
        credit_code: CODE.into(),
        industry: String::new(),
        track: None,
        applied: String::new(),
    };
    store.create_case(&new, &card).unwrap();
    let mut experts = Vec::new();
    for (i, f) in
        [Field::Environment, Field::Energy, Field::Industry, Field::Environment, Field::Energy].iter().enumerate()
    {
        experts.push(expert(&format!("专家{i}"), *f));
    }
    let mut consultant = expert("咨询专家", Field::Industry);
    consultant.served.push(CODE.into());
    experts.push(consultant);
    store.pool_import(&experts, "测试").unwrap();
    let mut app = App::new(store, common::catalog().clone(), PathBuf::from("/tmp/yanshou-pool"), "2026-06-01");
    app.clock = || "10:30:00".to_string();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    (dir, app, term)
}

fn keys(app: &mut App, term: &mut Terminal<TestBackend>, s: &str) -> String {
    tui::step(term, app, script(s)).unwrap();
    common::screen_text(&common::frame(term, app))
}

#[test]
fn the_pool_is_searched_filtered_and_an_expert_retired_then_a_case_drawn_with_f9() {
    let (dir, mut app, mut term) = app();
    let screen = keys(&mut app, &mut term, "up");
    assert!(screen.contains("专家库（6 / 6 位）"), "{screen}");
    // Search by name, then clear it; filter by field (the first field is 清洁生产: nobody).
    let screen = keys(&mut app, &mut term, "/咨询<Enter>");
    assert!(screen.contains("专家库（1 / 6 位）") && screen.contains("咨询专家"), "{screen}");
    let screen = keys(&mut app, &mut term, "/<Backspace><Backspace><Enter>f");
    assert!(screen.contains("领域：清洁生产") && screen.contains("没有符合"), "{screen}");
    let screen = keys(&mut app, &mut term, "fff");
    assert!(screen.contains("领域：能源") && screen.contains("专家库（2 / 6 位）"), "{screen}");
    // Enter does nothing to the selected expert; F9 takes them out of the pool, recorded in the store.
    keys(&mut app, &mut term, "<Enter>");
    assert!(app.store.pool_list().unwrap().iter().all(|(_, e)| e.retired_on.is_none()));
    let screen = keys(&mut app, &mut term, "<F9>");
    let retired: Vec<String> = app
        .store
        .pool_list()
        .unwrap()
        .into_iter()
        .filter(|(_, e)| e.retired_on.is_some())
        .map(|(_, e)| e.name)
        .collect();
    assert_eq!(retired, ["专家1"], "{screen}");
    assert!(screen.contains("退出"), "{screen}");

    // The draw screen: the exclusions with their reasons and the chances, before anything is drawn.
    let screen = keys(&mut app, &mut term, "ffd");
    assert!(screen.contains("案件 1") && screen.contains("广东"), "{screen}");
    assert!(screen.contains("排除 2 人"), "{screen}");
    assert!(screen.contains("咨询专家") && screen.contains("L14704-L14706"), "{screen}");
    assert!(screen.contains("专家1") && screen.contains("退出专家库"), "{screen}");
    assert!(screen.contains("入选概率（精确）"), "{screen}");
    assert!(app.store.draws_of_case(1).unwrap().is_empty(), "nothing is drawn by looking");
    // Enter draws nothing; F9 draws, records, then shows.
    keys(&mut app, &mut term, "<Enter>");
    assert!(app.store.draws_of_case(1).unwrap().is_empty());
    let screen = keys(&mut app, &mut term, "<F9>");
    let draws = app.store.draws_of_case(1).unwrap();
    assert_eq!(draws.len(), 1);
    let panel = &draws[0].record.panel;
    assert_eq!(panel.len(), 3, "广东: 一般不少于 3 人");
    assert!(screen.contains("抽取结果（已记录）"), "{screen}");
    for name in panel {
        assert!(screen.contains(name.as_str()), "{name} not shown: {screen}");
    }
    // Drawing again is a second record, and the case says so.
    let screen = keys(&mut app, &mut term, "<F9>");
    assert_eq!(app.store.draws_of_case(1).unwrap().len(), 2);
    assert!(screen.contains("已抽取 2 次"), "{screen}");
    // Back to the pool, then the unit's screen.
    let screen = keys(&mut app, &mut term, "<Esc>");
    assert!(screen.contains("专家库（"), "{screen}");
    drop(dir);
}
