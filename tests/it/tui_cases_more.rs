//! The gaps of the case screens closed after issue 15: a case opened from the list through its form (the same store
//! function as `case new`, refusals in Chinese with nothing stored), the way back from a review opened on a case
//! page, the page in Chinese only, the 复核 of a rules-based review item by item, and the hint lines at 80 columns.

use yanshou::tui::dialogs::Modal;
use yanshou::tui::state::Screen;

use crate::case_cli::World;
use crate::common;
use crate::tui_cases::{Desk, check_rest, date, new_case};

/// The status line's hint fits 80 columns whole: `? 帮助` and `Esc 返回` are on it, nothing cut.
fn hint_fits(d: &Desk, what: &str) {
    use unicode_width::UnicodeWidthStr;
    let hint = yanshou::tui::view::hint_text(&d.app.state);
    assert!(hint.width() <= 80, "{what}: {} columns: {hint}", hint.width());
    assert!(hint.contains("? 帮助") && hint.ends_with("Esc 返回"), "{what}: {hint}");
}

/// The keys that choose `province` in the new-case form's first field (the provinces in the catalog's order).
fn province_keys(province: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in &common::catalog().scorecards {
        if !seen.contains(&c.province.as_str()) {
            seen.push(&c.province);
        }
    }
    let at = seen.iter().position(|p| *p == province).expect("the province has a file");
    "<Right>".repeat(at)
}

#[test]
fn a_case_is_opened_from_the_list_with_its_form() {
    let dir = Some(std::path::PathBuf::from("/home/支持单位/yanshou"));
    let mut d = Desk::new(World::new(), dir, "2026-03-02", 80, 24);
    d.keys("ua");
    assert!(d.screen().contains("按 n 登记申请"), "{}", d.screen());
    hint_fits(&d, "the case list");
    let last = d.screen().lines().last().unwrap().to_string();
    assert!(last.contains("? 帮助 · Esc 返回"), "drawn at 80 columns: {last}");
    d.keys("n");
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))));
    d.keys(&province_keys("山东"));
    insta::assert_snapshot!("case_new_form_80x24", d.screen());
    // 山东, 强制, 验收; Enter moves on, it never records.
    d.keys("<Enter><Right><Enter><Enter>淄博某化工有限公司<Enter>91350100M000100Y43<Enter>化工<Enter>");
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))), "Enter did not record");
    assert!(d.app.store.list_cases().unwrap().is_empty());
    d.keys("<F9>");
    d.recorded();
    let cases = d.app.store.list_cases().unwrap();
    assert_eq!(cases.len(), 1);
    let case = d.case(cases[0].id);
    assert_eq!(case.province, "山东");
    assert_eq!(case.enterprise, "淄博某化工有限公司");
    assert_eq!(case.credit_code, "91350100M000100Y43");
    assert_eq!(case.industry, "化工");
    assert_eq!(case.track, yanshou::domain::scorecard::Track::Mandatory);
    assert_eq!(case.stage, yanshou::domain::scorecard::Stage::Acceptance);
    assert_eq!(
        case.date(0, yanshou::domain::case::Mark::Event(yanshou::domain::scorecard::procedure::Event::Application)),
        Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
    );
    assert!(matches!(&d.app.state.screen, Screen::Case(v) if v.case.id == case.id), "the new case's page is open");
    hint_fits(&d, "a case in its application");
    assert!(yanshou::tui::view::hint_text(&d.app.state).contains("d 审查完成"));
    let last = d.screen().lines().last().unwrap().to_string();
    assert!(last.contains("? 帮助 · Esc 返回"), "drawn at 80 columns: {last}");
}

#[test]
fn a_bad_credit_code_is_refused_in_chinese_and_nothing_is_stored() {
    let mut d = Desk::new(World::new(), None, "2026-03-02", 80, 24);
    d.keys("uan");
    d.keys(&province_keys("山东"));
    // The last character is not the code's check character.
    d.keys("<Enter><Enter><Enter>淄博某化工有限公司<Enter>91350100M000100Y44<F9>");
    assert!(matches!(d.app.state.modal, Some(Modal::CaseAct(_))), "the form stays open");
    let status = d.status();
    assert!(status.starts_with("未登记：") && status.contains("校验"), "{status}");
    assert!(d.app.store.list_cases().unwrap().is_empty(), "nothing was stored");
    // Esc over the typed text asks before throwing it away.
    d.keys("<Esc>");
    assert!(matches!(d.app.state.modal, Some(Modal::Discard { .. })));
    d.keys("<Esc>");
    assert!(d.app.state.modal.is_none());
    assert!(d.app.store.list_cases().unwrap().is_empty());
}

/// `e` on a case page opens the round's review; Esc there goes back to that case's page, not to the review list,
/// and a review opened from the list still goes back to the list.
#[test]
fn esc_from_a_review_opened_on_a_case_page_returns_to_that_page() {
    let w = World::new();
    let id = new_case(&w, "淄博某钢铁有限公司", "2025-09-01");
    w.ok(&["case", "check", &id.to_string(), "c1", "--met"]);
    check_rest(&w, id);
    w.ok(&["case", "check", &id.to_string(), "--done", "--date", "2025-09-05"]);
    let mut d = Desk::new(w, None, "2025-09-10", 80, 24);
    d.keys("ua<Enter>");
    hint_fits(&d, "a case ready for its review");
    assert!(yanshou::tui::view::hint_text(&d.app.state).contains("r 开始验收"));
    d.keys(&format!("r{}<F9>", date("2025-09-26")));
    d.recorded();
    hint_fits(&d, "a case under review");
    assert!(yanshou::tui::view::hint_text(&d.app.state).contains("e 打开验收"));
    let review = d.case(id).reviews[0].review_id;
    d.keys("e");
    assert!(matches!(&d.app.state.screen, Screen::Review(v) if v.id == review), "the review is open");
    d.keys("<Esc>");
    assert!(matches!(&d.app.state.screen, Screen::Case(v) if v.case.id == id), "back on the case page");
    d.keys("e2<Esc>");
    assert!(matches!(&d.app.state.screen, Screen::Case(v) if v.case.id == id), "from another page of the review too");
    // From the case list back to the review list: a review opened there goes back to the list.
    d.keys("<Esc><Esc><Esc>");
    assert!(matches!(d.app.state.screen, Screen::Home), "{:?}", std::mem::discriminant(&d.app.state.screen));
    d.keys("<Enter>");
    assert!(matches!(&d.app.state.screen, Screen::Review(v) if v.id == review));
    d.keys("<Esc>");
    assert!(matches!(d.app.state.screen, Screen::Home));
}

/// Every text of a built-in file that a case page (or an act's form on it) shows, for a case opened on each file:
/// the page's lines (conditions, materials, deadlines, notes) and the rules of 公示, 整改 and 有效期 the forms quote.
/// None holds an English word (a maintainers' note, 山东's “The sheet itself prints no year…”, used to); ids and codes (the file's id, `c1`, `L2410`, the credit code) are not words.
#[test]
fn every_case_page_of_the_built_in_files_is_in_chinese() {
    use yanshou::domain::case::case_page;
    use yanshou::domain::text::latin_word;
    use yanshou::store::{NewCase, Store};
    use yanshou::tui::screens::case::CaseView;

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.set_actor("支持单位");
    let (calendar, _) = yanshou::builtin::load_calendar(None);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
    let mut bad = Vec::new();
    let mut notes = 0;
    for card in &common::catalog().scorecards {
        let new = NewCase {
            enterprise: "某化工有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            industry: "化工".into(),
            track: None,
            applied: "2026-01-05".into(),
        };
        let id = store.create_case(&new, card).unwrap();
        let case = store.load_case(id).unwrap();
        let page = case_page(&case, Some(card), &calendar, today);
        notes += page.notes.len();
        let view = CaseView::new(case, &page, &[], today);
        let mut texts: Vec<String> = view.lines.iter().map(|l| l.to_string()).collect();
        let p = &card.procedure;
        texts.extend(p.publication.iter().map(|x| x.text.clone()));
        texts.extend(p.rectification.iter().map(|x| x.text.clone()));
        texts.extend(p.validity.iter().map(|x| x.text.clone()));
        for t in texts {
            // The file's id and the names of keys (Enter) are not words a reader reads as English.
            let t = t.replace(&card.id, "").replace("Enter", "");
            if let Some(w) = latin_word(&t) {
                bad.push(format!("{}: “{w}” in {t}", card.id));
            }
        }
    }
    assert!(notes > 0, "some file's notes reach a case page");
    assert!(bad.is_empty(), "English on a case page:\n{}", bad.join("\n"));
}

/// A failed rules-based review of 北京 (every requirement unmet, with its reason) and its 复核 (every requirement met):
/// the comparison goes requirement by requirement, in the domain (`case show --json`) and on the case page.
#[test]
fn the_recheck_of_a_rules_review_is_compared_requirement_by_requirement() {
    let w = World::new();
    let new = w.json(&[
        "case",
        "new",
        "--province",
        "北京",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "北京某制药有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2025-09-01",
        "--json",
    ]);
    let id = new["id"].as_i64().unwrap().to_string();
    let show = w.json(&["case", "show", &id, "--json"]);
    for c in show["checks"].as_array().unwrap() {
        w.ok(&["case", "check", &id, c["id"].as_str().unwrap(), "--met"]);
    }
    w.ok(&["case", "check", &id, "--done", "--date", "2025-09-05"]);
    let first = w.json(&["case", "review", &id, "--visit", "2025-09-26", "--json"])["review"].to_string();
    w.finalize(&first, "beijing-2007-acceptance", false);
    w.ok(&["case", "report", &id, "--date", "2025-10-09"]);
    w.ok(&["case", "rectify", &id, "--notified", "2025-10-10"]);
    w.ok(&["case", "schedule", &id, "--visit", "2026-01-20"]);
    let phases = Desk::new(w, None, "2026-01-05", 80, 24);
    let mut phases = phases;
    phases.keys("ua<Enter>");
    hint_fits(&phases, "a case rectifying");
    assert!(yanshou::tui::view::hint_text(&phases.app.state).contains("f 复核"));
    let w = phases.world;
    let second = w.json(&["case", "recheck", &id, "--requested", "2026-01-05", "--json"])["review"].to_string();
    w.finalize(&second, "beijing-2007-acceptance", true);

    let show = w.json(&["case", "show", &id, "--today", "2026-01-21", "--json"]);
    let cmp = &show["comparisons"][0]["comparison"];
    let reqs = cmp["requirements"].as_array().unwrap();
    let card = common::catalog().scorecard("beijing-2007-acceptance").unwrap();
    assert_eq!(reqs.len(), card.requirements.len());
    assert!(!reqs.is_empty());
    for (r, req) in reqs.iter().zip(&card.requirements) {
        assert_eq!(r["id"], req.id.as_str());
        assert_eq!((r["before"].as_bool(), r["after"].as_bool()), (Some(false), Some(true)), "{r}");
        assert_eq!((r["before_reason"].as_str(), r["changed"].as_bool()), (Some("未落实"), Some(true)), "{r}");
    }
    assert_eq!(cmp["distinctions"].as_array().unwrap().len(), card.distinctions.len());
    let text = w.ok(&["case", "show", &id, "--today", "2026-01-21"]);
    assert!(text.contains(&format!("要求 {} ", card.requirements[0].id)) && text.contains("不满足 → 满足"), "{text}");

    let mut d = Desk::new(w, None, "2026-01-21", 200, 60);
    d.keys("ua<Enter>");
    for _ in 0..6 {
        d.keys("<PgDn>");
        if d.screen().contains("复核对照") {
            break;
        }
    }
    let page = d.screen();
    let req = &card.requirements[0];
    let row = page.lines().find(|l| l.contains(&format!("要求 {} ", req.id))).unwrap_or_else(|| panic!("{page}"));
    assert!(row.contains("不满足") && row.contains("│ 满足"), "{row}");
    assert!(page.contains("理由：未落实 → —"), "{page}");
}
