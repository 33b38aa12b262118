//! Adding and editing an expert of the pool in the terminal app, by key script on a TestBackend at 80×24: `a` opens the
//! form, Chinese is typed and pasted, Enter only moves on, F9 saves — asserted in the stored rows and the audit log —
//! and `e` edits the selected expert (a retired one too, who stays retired). A refused entry names its field and
//! stores nothing; Esc asks before typed text is thrown away.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yanshou::bundle::keys::{generate, read_public};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::domain::pool::{Expert, Field};
use yanshou::store::Store;
use yanshou::tui::app::Screen;
use yanshou::tui::dialogs::Modal;
use yanshou::tui::keys::script;
use yanshou::tui::{self, App};

use zeroize::Zeroizing;

use crate::common;

const CODE: &str = "91350100M000100Y43";

fn app() -> (tempfile::TempDir, App, Terminal<TestBackend>) {
    app_in(None)
}

/// The app over a new database; `data`: its data directory (where the trust is installed), by default a name only.
fn app_in(data: Option<PathBuf>) -> (tempfile::TempDir, App, Terminal<TestBackend>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.set_actor("技术依托单位");
    let old = Expert {
        name: "李红".into(),
        unit: "福建省环境科学研究院".into(),
        field: Field::Environment,
        industry: String::new(),
        title: "研究员".into(),
        term_until: None,
        served: vec![],
        public_key: None,
        retired_on: None,
    };
    store.pool_import(&[old], "测试").unwrap();
    let data = data.unwrap_or_else(|| PathBuf::from("/tmp/yanshou-pool-form"));
    let mut app = App::new(store, common::catalog().clone(), data, "2026-06-01");
    app.clock = || "10:30:00".to_string();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    (dir, app, term)
}

fn keys(app: &mut App, term: &mut Terminal<TestBackend>, s: &str) -> String {
    tui::step(term, app, script(s)).unwrap();
    common::screen_text(&common::frame(term, app))
}

fn stored(app: &App, name: &str) -> Option<(i64, Expert)> {
    app.store.pool_list().unwrap().into_iter().find(|(_, e)| e.name == name)
}

/// The pool's entries of the audit log: action and actor, what was recorded.
fn pool_log(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(dir.path().join("yanshou.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT action, actor, coalesce(new, '') FROM audit_log WHERE target = 'pool' ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

fn selected(app: &App) -> Option<i64> {
    match &app.state.screen {
        Screen::Pool(p) => p.current().map(|(id, _)| *id),
        _ => None,
    }
}

#[test]
fn a_new_expert_is_typed_in_chinese_saved_with_f9_then_edited() {
    let (dir, mut app, mut term) = app();
    let screen = keys(&mut app, &mut term, "up");
    assert!(screen.contains("专家库（1 / 1 位）"), "{screen}");
    // Every key of the list is hinted at 80 columns, the new ones too.
    let hint = screen.lines().last().unwrap();
    assert_eq!(hint, " / 搜索 · f 领域 · a 新增 · e 修改 · F9 退出专家库 · d 抽取 · ? 帮助 · Esc 返回");
    // The `?` help says each key in full.
    let help = keys(&mut app, &mut term, "?");
    insta::assert_snapshot!("pool_help_80x24", help);
    keys(&mut app, &mut term, "?");
    assert!(!app.state.help);
    // The form: the name typed (an input method commits characters), the unit pasted, the field chosen with →,
    // the rest typed; Enter moves from field to field and never saves.
    keys(&mut app, &mut term, "a王建国<Enter><paste:北京市环境科学研究院><Enter><Right><Right><Enter>c26<Enter>");
    let screen =
        keys(&mut app, &mut term, &format!("教授级高工<Enter>2030-12-31<Enter>{CODE}；91110000802100433B<Enter>"));
    assert_eq!(app.store.pool_list().unwrap().len(), 1, "Enter saves nothing");
    insta::assert_snapshot!("pool_expert_form_80x24", screen);
    let screen = keys(&mut app, &mut term, "<F9>");
    let (id, e) = stored(&app, "王建国").expect("the new expert is stored");
    assert_eq!(
        e,
        Expert {
            name: "王建国".into(),
            unit: "北京市环境科学研究院".into(),
            field: Field::Environment,
            industry: "C26".into(),
            title: "教授级高工".into(),
            term_until: Some("2030-12-31".into()),
            served: vec![CODE.into(), "91110000802100433B".into()],
            public_key: None,
            retired_on: None,
        }
    );
    assert!(app.state.modal.is_none(), "saved, the form closes");
    assert_eq!(selected(&app), Some(id), "the new expert is selected");
    assert!(screen.contains("已新增专家：王建国（北京市环境科学研究院），环保"), "{screen}");
    assert!(screen.contains("专家库（2 / 2 位）"), "{screen}");

    // Editing: the form opens with the stored values; the unit replaced (Ctrl+U clears it), the field moved on.
    let screen = keys(&mut app, &mut term, "e");
    assert!(screen.contains("修改专家库中的专家") && screen.contains("教授级高工"), "{screen}");
    let screen = keys(&mut app, &mut term, "<Down><C-u>生态环境部环境规划院<Down><Right><F9>");
    let (same, e) = stored(&app, "王建国").unwrap();
    assert_eq!(same, id, "the same expert, changed in place");
    assert_eq!((e.unit.as_str(), e.field), ("生态环境部环境规划院", Field::Energy));
    assert_eq!((e.title.as_str(), e.served.len(), e.term_until.as_deref()), ("教授级高工", 2, Some("2030-12-31")));
    assert_eq!(app.store.pool_list().unwrap().len(), 2);
    assert_eq!(selected(&app), Some(id));
    assert!(screen.contains("已修改专家：王建国（生态环境部环境规划院），能源"), "{screen}");

    // Both went through the pool's audited change, by the actor.
    let log = pool_log(&dir);
    let acts: Vec<&str> = log.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(acts, ["pool import", "pool add", "pool edit"]);
    assert!(log[1].2.contains("王建国（北京市环境科学研究院）") && log[1].1 == "技术依托单位", "{log:?}");
    assert!(log[2].2.contains("王建国（生态环境部环境规划院）"), "{log:?}");
    // The whole file still checks against the log.
    assert!(app.store.pool_list().is_ok());
}

#[test]
fn a_bad_credit_code_in_the_served_enterprises_is_refused_naming_the_field_and_nothing_is_stored() {
    let (dir, mut app, mut term) = app();
    keys(&mut app, &mut term, "up");
    let before = pool_log(&dir).len();
    let screen =
        keys(&mut app, &mut term, "a张伟<Enter>某大学<Enter><Enter><Enter><Enter><Enter>91350100M000100Y44<F9>");
    assert!(
        screen.contains("未保存（新增专家）：服务企业中的“91350100M000100Y44”不是有效的统一社会信用代码"),
        "{screen}"
    );
    assert!(stored(&app, "张伟").is_none());
    assert_eq!(pool_log(&dir).len(), before, "nothing logged");
    // The form stays open with what was typed; corrected, it saves.
    let Some(Modal::PoolExpert(f)) = &app.state.modal else { panic!("the form stays open") };
    assert_eq!(f.texts[0].text(), "张伟");
    keys(&mut app, &mut term, "<Backspace>3<F9>");
    assert_eq!(stored(&app, "张伟").unwrap().1.served, [CODE]);

    // A date that is not one, and an empty unit: refused naming 聘期至 and 单位.
    let screen = keys(&mut app, &mut term, "a赵敏<Enter>某院<Enter><Enter><Enter><Enter>2030-02-30<F9>");
    assert!(screen.contains("聘期至"), "{screen}");
    let screen = keys(&mut app, &mut term, "<Backspace><Backspace>28<Up><Up><Up><Up><C-u><F9>");
    assert!(screen.contains("请填写单位"), "{screen}");
    assert!(stored(&app, "赵敏").is_none());
    // The same name and unit as an expert of the pool: refused by the store.
    let screen = keys(&mut app, &mut term, "<Esc><Esc>a李红<Enter>福建省环境科学研究院<F9>");
    assert!(screen.contains("专家库中已有李红（福建省环境科学研究院）"), "{screen}");
    assert_eq!(app.store.pool_list().unwrap().len(), 2);
}

#[test]
fn esc_asks_before_typed_text_is_thrown_away() {
    let (_dir, mut app, mut term) = app();
    keys(&mut app, &mut term, "up");
    // Nothing typed: Esc closes at once.
    keys(&mut app, &mut term, "a<Esc>");
    assert!(app.state.modal.is_none());
    // Typed: Esc asks; any other key goes back to the text, a second Esc throws it away.
    let screen = keys(&mut app, &mut term, "a王<Esc>");
    assert!(screen.contains("放弃已输入的内容"), "{screen}");
    keys(&mut app, &mut term, "<Enter>");
    let Some(Modal::PoolExpert(f)) = &app.state.modal else { panic!("back to the form") };
    assert_eq!(f.texts[0].text(), "王");
    // A field chosen is unsaved too.
    keys(&mut app, &mut term, "<C-u><Down><Down><Right><Esc>");
    assert!(matches!(app.state.modal, Some(Modal::Discard { .. })));
    keys(&mut app, &mut term, "<Esc>");
    assert!(app.state.modal.is_none());
    assert_eq!(app.store.pool_list().unwrap().len(), 1, "nothing stored");
}

#[test]
fn a_retired_expert_can_be_edited_and_stays_retired() {
    let (dir, mut app, mut term) = app();
    keys(&mut app, &mut term, "up<F9>");
    let (id, e) = stored(&app, "李红").unwrap();
    assert_eq!(e.retired_on.as_deref(), Some("2026-06-01"));
    let screen = keys(&mut app, &mut term, "e");
    assert!(screen.contains("此专家已于 2026-06-01 退出专家库"), "{screen}");
    // Ctrl+S saves as F9 does.
    keys(&mut app, &mut term, "<Down><Down><Down><Down><C-u>正高级工程师<C-s>");
    let (same, e) = stored(&app, "李红").unwrap();
    assert_eq!((same, e.title.as_str(), e.retired_on.as_deref()), (id, "正高级工程师", Some("2026-06-01")));
    assert_eq!(pool_log(&dir).last().map(|(a, _, _)| a.as_str()), Some("pool edit"));
}

#[test]
fn the_public_key_is_taken_from_the_installed_roster_and_text_that_is_no_key_is_refused() {
    let keys_dir = tempfile::tempdir().unwrap();
    let data = keys_dir.path().join("data");
    let (dir, mut app, mut term) = app_in(Some(data.clone()));
    keys(&mut app, &mut term, "up");
    let screen = keys(&mut app, &mut term, "a王建国<Enter>北京市环境科学研究院<C-r>");
    assert!(screen.contains("本机未安装受信名单"), "{screen}");

    // The support unit's roster with 王建国's key, installed on this computer.
    let pw = Zeroizing::new("correct horse battery".to_string());
    let issuer = generate(keys_dir.path(), "unit", &pw).unwrap();
    let wang = generate(keys_dir.path(), "王建国", &pw).unwrap();
    let mut roster = Roster::new(&read_public(&issuer.public_path).unwrap(), "2026-01-01");
    roster
        .add(RosterEntry {
            name: "王建国".into(),
            unit: "北京市环境科学研究院".into(),
            key_id: wang.key_id.clone(),
            public_key: wang.public_key.clone(),
            valid_from: "2026-01-01".into(),
            valid_until: "2099-12-31".into(),
            revoked: false,
            revoked_at: None,
        })
        .unwrap();
    let roster_file = keys_dir.path().join("roster.json");
    roster.save(&roster_file, &issuer.secret_path, &pw).unwrap();
    yanshou::bundle::trust::install(&data, &roster_file, None, &issuer.public_path).unwrap();

    let screen = keys(&mut app, &mut term, "<C-r>");
    assert!(screen.contains(&format!("公钥取自受信名单：王建国（密钥 {}）", wang.key_id)), "{screen}");
    keys(&mut app, &mut term, "<F9>");
    let (id, e) = stored(&app, "王建国").unwrap();
    assert_eq!(e.public_key.as_deref(), Some(wang.public_key.as_str()));

    // Text that is not a key is refused naming 公钥, and nothing changes.
    let log = pool_log(&dir).len();
    let screen = keys(&mut app, &mut term, "e<Up><C-u>RWnotakey<F9>");
    assert!(screen.contains("公钥“RWnotakey”不是有效的公钥"), "{screen}");
    assert_eq!(app.store.pool_expert(id).unwrap().public_key.as_deref(), Some(wang.public_key.as_str()));
    assert_eq!(pool_log(&dir).len(), log);
    // A name the roster does not list.
    let screen = keys(&mut app, &mut term, "<Esc><Esc>a李四<C-r>");
    assert!(screen.contains("受信名单中没有李四的有效公钥"), "{screen}");
}
