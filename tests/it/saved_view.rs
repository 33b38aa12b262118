//! A score saved gives the review back as it now is (`Store::set_score_loaded`, `Store::clear_score_loaded`), and the
//! app shows that instead of reading the review again: it must be exactly what reading it again gives, after every kind
//! of save, from the store and through the app's keys.

use crate::common;

use std::path::PathBuf;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yanshou::domain::points::Points;
use yanshou::domain::review::Status;
use yanshou::store::{LoadedReview, NewExpert, NewReview, Store};
use yanshou::tui::app::{Screen, Tab};
use yanshou::tui::keys::script;
use yanshou::tui::screens::review::ReviewView;
use yanshou::tui::{self, App};

const FJ: &str = "fujian-2008-acceptance";

fn p(t: i64) -> Points {
    Points::from_tenths(t)
}

/// A draft review on the Fujian sheet with a panel of three, the database in `dir`.
fn review(dir: &std::path::Path) -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_in(dir).unwrap();
    store.set_actor("测试员");
    let catalog = common::catalog();
    let card = catalog.scorecard(FJ).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let new = NewReview {
        enterprise_name: "福建某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "福州".into(),
        ..Default::default()
    };
    let id = store.create_review(&new, card, &rules).unwrap();
    let experts = ["王建国", "李秀英", "张伟"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            store
                .add_expert(
                    id,
                    &NewExpert {
                        name: (*name).into(), field: "清洁生产".into(), lead: i == 0, ..Default::default()
                    },
                )
                .unwrap()
        })
        .collect();
    (store, id, experts)
}

/// What was given back is what reading the review again gives: its data, its sheet and its rules.
fn assert_as_read_again(given: &LoadedReview, store: &Store, id: i64, what: &str) {
    let again = store.load(id).unwrap();
    assert_eq!(given.data, again.data, "{what}");
    assert_eq!(given.card, again.card, "{what}");
    assert_eq!(given.rules, again.rules, "{what}");
}

#[test]
fn every_kind_of_score_save_gives_the_review_as_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id, ex) = review(dir.path());
    let items: Vec<(String, Points)> =
        store.load(id).unwrap().card.scored_items().map(|i| (i.id.clone(), i.points)).collect();
    let (first, last, middle) = (&items[0], &items[items.len() - 1], &items[items.len() / 2]);
    assert_eq!(store.load(id).unwrap().data.status, Status::Draft);

    // The first score of a draft review: a new row, and the review goes to 评分中.
    let r = store.set_score_loaded(id, ex[1], &middle.0, middle.1, "", "").unwrap();
    assert_eq!(r.data.status, Status::Scoring);
    assert_as_read_again(&r, &store, id, "the first score");
    // A new row before every other (a lower expert id), after, and between two of the same expert.
    let r = store.set_score_loaded(id, ex[0], &last.0, last.1, "", "").unwrap();
    assert_as_read_again(&r, &store, id, "a lower expert's last item");
    let r = store.set_score_loaded(id, ex[2], &first.0, first.1, "", "").unwrap();
    assert_as_read_again(&r, &store, id, "a higher expert's first item");
    let r = store.set_score_loaded(id, ex[1], &first.0, first.1, "", "").unwrap();
    assert_as_read_again(&r, &store, id, "before the expert's other score");
    let r = store.set_score_loaded(id, ex[1], &last.0, last.1, "", "").unwrap();
    assert_as_read_again(&r, &store, id, "after the expert's other scores");
    // A deduction with its reason (kept as stored: without the spaces around it), on a row that was there.
    let less = middle.1 - p(5);
    let r = store.set_score_loaded(id, ex[1], &middle.0, less, "  台账不全  ", "").unwrap();
    assert_eq!(r.data.score(ex[1], &middle.0).unwrap().reason, "台账不全");
    assert_as_read_again(&r, &store, id, "a deduction");
    // Only the evidence changed; then nothing changed at all.
    let r = store.set_score_loaded(id, ex[1], &middle.0, less, "台账不全", "现场记录 3 页").unwrap();
    assert_as_read_again(&r, &store, id, "the evidence");
    let r = store.set_score_loaded(id, ex[1], &middle.0, less, "台账不全", "现场记录 3 页").unwrap();
    assert_as_read_again(&r, &store, id, "the same again");
    // Back to full marks: the reason goes.
    let r = store.set_score_loaded(id, ex[1], &middle.0, middle.1, "", "").unwrap();
    assert_as_read_again(&r, &store, id, "full marks again");
    // A score cleared, and entered again.
    let r = store.clear_score_loaded(id, ex[1], &first.0).unwrap();
    assert!(r.data.score(ex[1], &first.0).is_none());
    assert_as_read_again(&r, &store, id, "a score cleared");
    let r = store.set_score_loaded(id, ex[1], &first.0, first.1 - p(10), "方案未实施", "").unwrap();
    assert_as_read_again(&r, &store, id, "a cleared score entered again");
    // A refused save gives nothing back and changes nothing.
    let before = store.load(id).unwrap().data;
    assert!(store.set_score_loaded(id, ex[1], &first.0, first.1 - p(10), "", "").is_err());
    assert!(store.clear_score_loaded(id, ex[0], &first.0).is_err());
    assert_eq!(store.load(id).unwrap().data, before);
}

/// Another program's change between two saves of the app is in what the next save gives back: the review is read
/// inside the save's own transaction.
#[test]
fn a_change_by_another_program_is_in_what_the_next_save_gives_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, id, ex) = review(dir.path());
    let items: Vec<(String, Points)> =
        store.load(id).unwrap().card.scored_items().map(|i| (i.id.clone(), i.points)).collect();
    store.set_score_loaded(id, ex[0], &items[0].0, items[0].1, "", "").unwrap();
    let mut other = Store::open(&dir.path().join("yanshou.db")).unwrap();
    other.set_actor("另一程序");
    other.set_score(id, ex[2], &items[1].0, items[1].1 - p(5), "记录缺失", "").unwrap();
    other.set_fact(id, "nonexistent-fact", None).unwrap_err();
    let r = store.set_score_loaded(id, ex[1], &items[2].0, items[2].1, "", "").unwrap();
    assert_eq!(r.data.score(ex[2], &items[1].0).map(|s| s.reason.as_str()), Some("记录缺失"));
    assert_as_read_again(&r, &store, id, "after another program's score");
    other.clear_score(id, ex[0], &items[0].0).unwrap();
    let r = store.clear_score_loaded(id, ex[1], &items[2].0).unwrap();
    assert!(r.data.scores.is_empty() || r.data.score(ex[0], &items[0].0).is_none());
    assert_as_read_again(&r, &store, id, "after another program's clearing");
}

#[derive(Clone, Debug)]
enum Op {
    Set { expert: usize, item: usize, less: i64, reason: &'static str, evidence: &'static str },
    Clear { expert: usize, item: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..3, 0usize..64, 0i64..3, prop::sample::select(vec!["", "台账不全", " 记录缺失 "]),
              prop::sample::select(vec!["", "现场记录"]))
            .prop_map(|(expert, item, less, reason, evidence)| Op::Set { expert, item, less, reason, evidence }),
        1 => (0usize..3, 0usize..64).prop_map(|(expert, item)| Op::Clear { expert, item }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any sequence of saves and clearings, accepted or refused: after each, what was given back is the review read
    /// again.
    #[test]
    fn any_sequence_of_saves_gives_the_review_as_read_again(ops in prop::collection::vec(op(), 1..14)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, id, ex) = review(dir.path());
        let items: Vec<(String, Points)> =
            store.load(id).unwrap().card.scored_items().map(|i| (i.id.clone(), i.points)).collect();
        for (n, o) in ops.iter().enumerate() {
            let given = match o {
                Op::Set { expert, item, less, reason, evidence } => {
                    let (item, max) = &items[item % items.len()];
                    let points = *max - p(*less * 5).min(*max);
                    store.set_score_loaded(id, ex[*expert], item, points, reason, evidence)
                }
                Op::Clear { expert, item } => store.clear_score_loaded(id, ex[*expert], &items[item % items.len()].0),
            };
            if let Ok(r) = given {
                let again = store.load(id).unwrap();
                prop_assert_eq!(&r.data, &again.data, "after op {} {:?}", n, o);
                prop_assert_eq!(&r.card, &again.card);
            }
        }
    }
}

/// The app's view after each kind of save in the scoring dialog (full marks with Enter, a deduction with its reason
/// with Ctrl-S, a score cleared with c) is the view of the review read again: the data, its evaluation, the signing
/// state, and the frame drawn from it.
#[test]
fn the_app_shows_after_each_save_what_reading_the_review_again_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let mut store = Store::open_in(&path).unwrap();
    store.set_actor("测试组长");
    let id = yanshou::tui::demo::load(&mut store, common::catalog()).unwrap();
    let mut app =
        App::new(store, common::catalog().clone(), PathBuf::from("/home/专家/.local/share/yanshou"), "2026-11-28");
    app.clock = || "10:30:00".to_string();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::draw(&mut term, &mut app).unwrap();
    let mut saves = 0;
    for (keys, what) in [
        ("<Enter><F2>g1.1<Enter>1<Enter>x<C-s>", "a deduction with its reason, Ctrl-S"),
        ("g1.1<Enter>2<Enter>", "full marks, Enter"),
        ("g1.2<Enter>c", "a score cleared, c"),
        ("g1.2<Enter>1.5<Enter>台账不全<C-s>", "a cleared score entered again as a deduction"),
        ("<Right>g1.3<Enter>5<Enter>", "another expert's full marks"),
    ] {
        tui::step(&mut term, &mut app, script(keys)).unwrap();
        saves += 1;
        assert!(app.state.status.0.starts_with("已保存"), "{what}: {}", app.state.status.0);
        assert!(app.state.modal.is_none(), "{what}");
        let shown = common::screen_text(&common::frame(&term, &mut app));
        let fresh = Store::open(&path.join("yanshou.db")).unwrap().load(id).unwrap();
        let Screen::Review(v) = &mut app.state.screen else { panic!("{what}: not on the review") };
        assert_eq!(v.tab, Tab::Scoring, "{what}");
        assert_eq!(v.r.data, fresh.data, "{what}");
        assert_eq!(v.r.card, fresh.card, "{what}");
        assert_eq!(v.r.rules, fresh.rules, "{what}");
        let again = ReviewView::new(id, fresh.clone(), v.tab);
        assert_eq!(format!("{:?}", v.eval), format!("{:?}", again.eval), "{what}");
        assert_eq!(v.eval_errors, again.eval_errors, "{what}");
        assert_eq!(v.sign, None, "{what}");
        // The same view with the review read again draws the same frame.
        let selections = (v.item_sel, v.expert_sel, v.panel_sel);
        v.replace(fresh);
        assert_eq!((v.item_sel, v.expert_sel, v.panel_sel), selections, "{what}");
        assert_eq!(common::screen_text(&common::frame(&term, &mut app)), shown, "{what}");
    }
    let log = Store::open(&path.join("yanshou.db")).unwrap().log(id).unwrap().0;
    assert!(log.len() >= saves, "every save is logged");
}

/// The app checks a review against the log when it opens it, so that its first save need not; a row changed outside
/// yanshou after that (by another program beside it) is still found by the first save, which is refused, and by every
/// save after it.
#[test]
fn a_row_changed_after_the_review_was_opened_is_found_by_the_next_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let mut store = Store::open_in(&path).unwrap();
    store.set_actor("测试组长");
    let id = yanshou::tui::demo::load(&mut store, common::catalog()).unwrap();
    drop(store);
    let store = Store::open_in_background(&path).unwrap();
    let mut app =
        App::new(store, common::catalog().clone(), PathBuf::from("/home/专家/.local/share/yanshou"), "2026-11-28");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::step(&mut term, &mut app, script("<Enter><F2>")).unwrap();
    while app.checking {
        app.tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let other = rusqlite::Connection::open(path.join("yanshou.db")).unwrap();
    other.execute("UPDATE scores SET reason = '改过' WHERE review_id = ?1 AND item_id = '1.3'", [id]).unwrap();
    for keys in ["g1.1<Enter>1<Enter>x<C-s>", "g1.2<Enter>3<Enter>"] {
        tui::step(&mut term, &mut app, script(keys)).unwrap();
        let said = &app.state.status.0;
        assert!(said.starts_with("未保存（评分）") && said.contains("数据库已损坏"), "{said}");
        assert!(said.contains("1.3"), "the changed row is named: {said}");
    }
    let reasons: Vec<String> = Store::open(&path.join("yanshou.db"))
        .unwrap()
        .load(id)
        .unwrap()
        .data
        .scores
        .iter()
        .filter(|s| s.item_id == "1.1")
        .map(|s| s.reason.clone())
        .collect();
    assert!(
        !reasons.is_empty() && reasons.iter().all(String::is_empty),
        "the refused saves wrote nothing: {reasons:?}"
    );
}

/// The app's saves leave the log's checkpoint (copying the log into the database file, two more fsyncs) to the
/// loop's idle moment after the frame: the saves that bring the log to SQLite's 1,000 pages do not touch the file;
/// `idle` does, and every save is there.
#[test]
fn the_apps_saves_leave_the_checkpoint_to_when_it_is_idle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let mut store = Store::open_in(&path).unwrap();
    store.set_actor("测试组长");
    let id = yanshou::tui::demo::load(&mut store, common::catalog()).unwrap();
    let entries = store.log(id).unwrap().0.len();
    let mut app =
        App::new(store, common::catalog().clone(), PathBuf::from("/home/专家/.local/share/yanshou"), "2026-11-28");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    tui::step(&mut term, &mut app, script("<Enter><F2>")).unwrap();
    let db = path.join("yanshou.db");
    let file = || std::fs::read(&db).unwrap();
    let before = file();
    let mut saves = 0;
    while !app.store.checkpoint_due() {
        let keys = if saves % 2 == 0 { "g1.1<Enter>1<Enter>x<C-s>" } else { "g1.1<Enter>2<Enter>" };
        tui::step(&mut term, &mut app, script(keys)).unwrap();
        assert!(app.state.status.0.starts_with("已保存"), "{}", app.state.status.0);
        saves += 1;
        assert!(saves < 2_000, "no checkpoint came due");
    }
    assert!(saves > 20, "{saves} saves");
    assert!(std::fs::metadata(path.join("yanshou.db-wal")).unwrap().len() >= 1_000 * 4_096);
    assert!(file() == before, "a save checkpointed the log into the file");
    app.idle();
    assert!(!app.store.checkpoint_due());
    assert!(file() != before, "idle did not checkpoint");
    tui::step(&mut term, &mut app, script("g1.1<Enter>1<Enter>x<C-s>")).unwrap();
    assert!(!app.store.checkpoint_due(), "the log starts again after a checkpoint");
    drop(app);
    assert_eq!(Store::open(&db).unwrap().log(id).unwrap().0.len(), entries + saves + 1);
}
