//! What a panel hit on site (issue 13), each pinned by a key script on the TestBackend at 80×24 (120×40 where the
//! point is a line that 80 columns would wrap): facts and the items they settle, computed vetoes in Chinese, the
//! opinion's cut boxes, the status line's owner, Esc and Ctrl+C in dialogs, the new-review form and the sheet filter,
//! the lead and the empty panel. The signing dialog's items are in `tui_signing`.

use yanshou::domain::review::Role;
use yanshou::tui::app::Screen;
use yanshou::tui::dialogs::Modal;

use crate::common;
use crate::tui::{Harness, with_demo};

/// A new review on `sheet` (found by its id in the sheet picker), opened on its panel page.
fn new_review(t: &mut Harness, sheet: &str) -> i64 {
    t.keys(&format!("n某某有限公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>{sheet}<Enter><C-s>"));
    assert!(matches!(t.app.state.screen, Screen::Review(_)), "{}", t.screen());
    t.store().list_reviews().unwrap().iter().find(|r| r.scorecard == sheet).unwrap().id
}

/// The row of the first line of the screen that contains `what`.
fn row_of(screen: &str, what: &str) -> Option<usize> {
    screen.lines().position(|l| l.contains(what))
}

/// The question before typed text is thrown away is open.
fn asking(t: &mut Harness) -> bool {
    t.screen().contains("放弃已输入的内容")
}

fn status(t: &Harness) -> String {
    t.app.state.status.0.clone()
}

#[test]
fn only_the_rule_that_settles_an_item_is_marked_applied() {
    let mut t = Harness::new(120, 40);
    let id = new_review(&mut t, "guangdong-2009-voluntary");
    t.keys("a甲<C-s><F2>g2.6<Enter>f2.5<Enter>");
    assert!(t.app.state.modal.is_some(), "Enter saves the fact and keeps the dialog open:\n{}", t.screen());
    t.keys("<Esc>");
    assert!(matches!(t.app.state.screen, Screen::Review(_)), "Esc closed the dialog, not the review");
    assert_eq!(t.store().load(id).unwrap().data.facts.get("rd_spending_ratio").map(String::as_str), Some("2.5"));
    let s = t.screen();
    // The engine's first matching rule (≥3% does not hold at 2.5; ≥2% does; ≤1% does not).
    assert!(s.contains("≥2%，2 分（L15114） ← 已适用"), "{s}");
    assert!(!s.contains("≥3%，4 分（L15114） ← 已适用"), "{s}");
    assert!(!s.contains("≤1%，0 分（L15114-L15115） ← 已适用"), "{s}");
}

#[test]
fn the_settled_score_is_said_at_the_top_of_the_item_and_names_the_overridden_score() {
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "guangdong-2009-voluntary");
    // The expert scores 0 (the item's levels are 4, 2 and 0) before the fact is established; the fact then settles
    // the item at 2.
    t.keys("a甲<C-s><F2>g2.6<Enter>0<Enter>研发投入证据不足<C-s>");
    t.keys("f2.5<Enter><Esc>g2.6<Enter>");
    let s = t.screen();
    let settled = row_of(&s, "本条由事实确定为 2 分").unwrap_or_else(|| panic!("not shown at 80×24:\n{s}"));
    let title = row_of(&s, "研究开发").unwrap();
    assert!(settled <= title + 3, "near the top of the pane:\n{s}");
    for below in ["规则：", "原文问题", "要求："] {
        if let Some(r) = row_of(&s, below) {
            assert!(settled < r, "above “{below}”:\n{s}");
        }
    }
    assert!(s.contains("甲 录入的 0 分不计"), "the expert's own score is said to be overridden:\n{s}");
}

#[test]
fn every_fact_keeps_its_value_row_at_80x24() {
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "guangdong-2009-voluntary");
    t.keys("a甲<C-s><F2>f");
    let card = common::catalog().scorecard("guangdong-2009-voluntary").unwrap();
    assert_eq!(card.facts.len(), 11);
    for (i, fact) in card.facts.iter().enumerate() {
        if i > 0 {
            t.keys("<Down>");
        }
        let s = t.screen();
        let row = row_of(&s, &fact.text).unwrap_or_else(|| panic!("{} is not shown:\n{s}", fact.text));
        let hint = if fact.kind == yanshou::domain::scorecard::FactKind::Bool { "是/否" } else { "数值%" };
        let value = s.lines().nth(row + 1).unwrap_or_default();
        assert!(value.contains(hint), "{}: its value row is missing:\n{s}", fact.text);
    }
    t.assert_fits();
}

#[test]
fn enter_in_the_facts_dialog_saves_the_row_and_moves_on() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "guangdong-2009-voluntary");
    t.keys("a甲<C-s><F2>f2.5<Enter>");
    let screen = t.screen();
    match &t.app.state.modal {
        Some(Modal::Values(f)) => assert_eq!(f.selected, 1, "Enter moved on to the next fact"),
        other => panic!("the dialog closed: {other:?}\n{screen}"),
    }
    // An unchanged row: Enter only moves on, nothing is written.
    t.keys("<Enter>");
    let Some(Modal::Values(f)) = &t.app.state.modal else { panic!("closed") };
    assert_eq!(f.selected, 2);
    t.keys("是<Enter>");
    let facts = t.store().load(id).unwrap().data.facts;
    assert_eq!(facts.get("rd_spending_ratio").map(String::as_str), Some("2.5"));
    assert_eq!(facts.get("wastewater_not_utilised").map(String::as_str), Some("true"));
    assert_eq!(facts.len(), 2);
    // Esc closes the dialog only.
    t.keys("<Esc>");
    assert!(t.app.state.modal.is_none());
    assert!(matches!(t.app.state.screen, Screen::Review(_)));
}

#[test]
fn computed_vetoes_are_said_in_chinese_with_whether_they_hold() {
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "guangdong-2009-voluntary");
    t.keys("a甲<C-s><F3>");
    let s = t.screen();
    assert!(!s.contains("exceeds_standards"), "{s}");
    assert!(s.contains("企业超标超总量排污 = 是 时否决"), "{s}");
    assert!(s.contains("待认定事实"), "{s}");
    // The fact is the last of the sheet's: ↑ from the first row reaches it.
    t.keys("<F2>f<Up>是<Enter><Esc><F3>");
    let s = t.screen();
    assert!(s.contains("将适用") && !s.contains("不适用"), "{s}");
    t.keys("<F2>f<Up><C-u>否<Enter><Esc><F3>");
    let s = t.screen();
    assert!(s.contains("不适用") && !s.contains("将适用"), "{s}");

    // A veto on the total waits for the scores.
    t.keys("<Esc>");
    new_review(&mut t, "shandong-2008-acceptance");
    t.keys("a甲<C-s><F3>");
    let s = t.screen();
    assert!(s.contains("自动：总分 < 70 时否决"), "{s}");
    assert!(s.contains("待评分完成后判定"), "{s}");
}

#[test]
fn an_opinion_box_that_cannot_show_all_its_lines_says_how_many_more() {
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "fujian-2008-acceptance");
    t.keys("<F4><Down><Down><Enter>第一行<Enter>第二行<Enter>第三行<Enter>第四行<Enter>第五行<C-s>");
    let s = t.screen();
    assert!(s.contains("第一行") && s.contains("第二行") && !s.contains("第三行"), "{s}");
    assert!(s.contains("另有 3 行，按 Enter 编辑查看"), "{s}");
    t.assert_fits();
}

#[test]
fn a_status_message_belongs_to_the_screen_that_raised_it() {
    let mut t = with_demo(80, 24);
    t.keys("F<F9><F2>5");
    assert!(status(&t).contains("已定稿锁定"), "{}", t.screen());
    t.keys("<Esc>n");
    assert!(matches!(t.app.state.screen, Screen::NewReview(_)));
    assert!(!t.screen().contains("已定稿锁定"), "{}", t.screen());
    // The pages of a review are one screen: the message follows to the page it points to, and goes with the review.
    t.keys("<Esc><Enter><F2>5");
    assert!(status(&t).contains("已定稿锁定"));
    t.keys("<F5>");
    assert!(t.screen().contains("已定稿锁定"), "{}", t.screen());
    t.keys("<Esc>");
    assert!(!t.screen().contains("已定稿锁定"), "{}", t.screen());
    // What was saved stays where it was saved, after the dialog that saved it has closed.
    t.keys("<Esc>");
    new_review(&mut t, "fujian-2008-acceptance");
    assert!(status(&t).contains("已保存：新建验收"), "{}", t.screen());
    t.keys("a甲<C-s>");
    assert!(t.screen().contains("已保存：专家"), "{}", t.screen());
}

#[test]
fn esc_asks_before_typed_text_is_thrown_away() {
    let mut t = with_demo(80, 24);
    let id = t.store().list_reviews().unwrap()[0].id;
    let before = t.store().load(id).unwrap().data.scores;
    // The score dialog: a deduction with its reason typed.
    t.keys("<F2><Down><Down><Down>7<Enter>两项中高费方案未完成<Esc>");
    assert!(asking(&mut t), "{}", t.screen());
    assert!(t.screen().contains("放弃已输入的内容"), "{}", t.screen());
    // Enter goes back to the text, as it was.
    t.keys("<Enter>");
    assert!(matches!(t.app.state.modal, Some(Modal::Score(_))), "{}", t.screen());
    assert!(t.screen().contains("两项中高费方案未完成"), "{}", t.screen());
    // Pasted text goes back to the text too, and into it.
    t.keys("<Esc>");
    t.input(vec![yanshou::tui::keys::Input::Paste("，另一项未验收".into())]);
    match &t.app.state.modal {
        Some(Modal::Score(f)) => assert!(f.reason.text().ends_with("两项中高费方案未完成，另一项未验收")),
        other => panic!("not back in the score dialog: {other:?}"),
    }
    // A second Esc throws it away.
    t.keys("<Esc><Esc>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    assert_eq!(t.store().load(id).unwrap().data.scores, before);
    // Nothing typed: Esc closes at once.
    t.keys("r<Esc>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());

    // Every dialog that holds typed text asks; `y` throws it away.
    for (open, what) in [
        ("<F3>y否决依据", "veto evidence"),
        ("<F1>a张三", "expert"),
        ("<F1><Down>x<Tab><Tab>回避声明", "recusal"),
        ("<F1>i签到人", "sign-in"),
        ("<F4><Enter>补充一句", "opinion"),
    ] {
        t.keys(open);
        assert!(t.app.state.modal.is_some(), "{what}: {}", t.screen());
        t.keys("<Esc>");
        assert!(asking(&mut t), "{what} closed without asking:\n{}", t.screen());
        t.keys("y");
        assert!(t.app.state.modal.is_none(), "{what}: {}", t.screen());
    }
    assert_eq!(t.store().load(id).unwrap().data.vetoes.len(), 3, "nothing was saved");

    // The reopening reason, on a finalized review.
    t.keys("<F5>F<F9>R企业补交材料<Esc>");
    assert!(asking(&mut t), "{}", t.screen());
    t.keys("<Esc>");
    assert!(t.app.state.modal.is_none());

    // The new-review form is typed text too.
    t.keys("<Esc>n某某公司<Esc>");
    assert!(asking(&mut t), "{}", t.screen());
    t.keys("<Enter>");
    assert!(matches!(t.app.state.screen, Screen::NewReview(_)) && t.app.state.modal.is_none());
    t.keys("<Esc>y");
    assert!(matches!(t.app.state.screen, Screen::Home), "{}", t.screen());
}

#[test]
fn ctrl_c_quits_from_a_dialog_and_asks_first_when_text_was_typed() {
    // In a dialog with nothing typed: at once.
    let mut t = with_demo(80, 24);
    t.keys("<F2>g<C-c>");
    assert!(t.app.quit, "{}", t.screen());

    // With typed text: asked; Enter goes back; Ctrl+C twice quits.
    let mut t = with_demo(80, 24);
    t.keys("<F2><Down><Down><Down>7<Enter>理由<C-c>");
    assert!(!t.app.quit);
    assert!(t.screen().contains("退出"), "{}", t.screen());
    t.keys("<Enter>");
    assert!(!t.app.quit && matches!(t.app.state.modal, Some(Modal::Score(_))));
    t.keys("<C-c><C-c>");
    assert!(t.app.quit);

    // Esc's question, then Ctrl+C: the question becomes the quitting one, and `y` quits.
    let mut t = with_demo(80, 24);
    t.keys("<F3>y依据<Esc><C-c>");
    assert!(!t.app.quit);
    t.keys("y");
    assert!(t.app.quit);

    // On the new-review form with typed text.
    let mut t = Harness::new(80, 24);
    t.keys("n某某公司<C-c>");
    assert!(!t.app.quit);
    t.keys("y");
    assert!(t.app.quit);
}

#[test]
fn enter_on_the_track_moves_on_and_the_form_scrolls_in_a_small_window() {
    let mut t = Harness::new(80, 24);
    t.keys("n<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>");
    let form = |t: &Harness| match &t.app.state.screen {
        Screen::NewReview(f) => (f.focus, f.track),
        _ => panic!("not on the form"),
    };
    assert_eq!(form(&t), (8, None));
    t.keys("<Enter>");
    assert_eq!(form(&t), (9, None), "Enter moved on and left the track as it was");
    t.keys("<Up> ");
    assert_eq!(form(&t), (8, Some(yanshou::domain::scorecard::Track::Voluntary)));
    t.keys("<Right>");
    assert_eq!(form(&t), (8, Some(yanshou::domain::scorecard::Track::Mandatory)));

    // Below 60×16 no row is dropped silently: what is not shown is said, and the focused row is always shown.
    const ROWS: [&str; 10] = [
        "企业名称",
        "统一社会信用代码",
        "地址",
        "行业",
        "咨询机构",
        "验收日期",
        "验收地点",
        "评分表",
        "审核类别",
        "创建验收",
    ];
    for (w, h) in [(60, 15), (60, 12), (50, 8)] {
        let mut t = Harness::new(w, h);
        t.keys("n");
        for (n, label) in ROWS.iter().enumerate() {
            let s = t.screen();
            assert!(s.contains(label), "{w}×{h}: row {n} ({label}) has the focus but is not shown:\n{s}");
            let hidden: Vec<&&str> = ROWS.iter().filter(|r| !s.contains(*r)).collect();
            assert!(hidden.is_empty() || s.contains("另有"), "{w}×{h}: {hidden:?} hidden without a word:\n{s}");
            t.keys("<Tab>");
        }
        t.assert_fits();
    }
}

#[test]
fn the_sheet_filter_matches_words_in_any_order_and_chinese_without_spaces() {
    let mut t = Harness::new(80, 24);
    t.keys("n<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Enter>");
    let shown = |t: &Harness| match &t.app.state.modal {
        Some(Modal::Picker(p)) => p.visible().iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        other => panic!("no picker: {other:?}"),
    };
    for filter in ["福建 验收", "验收 福建", "福建验收", "验收福建", "fujian 验收"] {
        t.keys(&format!("<C-u>{filter}"));
        assert_eq!(shown(&t), ["fujian-2008-acceptance"], "“{filter}”");
    }
    t.keys("<C-u>山东");
    assert_eq!(shown(&t), ["shandong-2008-acceptance"]);
    t.keys("<C-u>福建上海");
    assert!(shown(&t).is_empty());
    t.keys("<C-u>福建验收<Enter>");
    match &t.app.state.screen {
        Screen::NewReview(f) => assert_eq!(f.scorecard.as_deref(), Some("fujian-2008-acceptance")),
        _ => panic!("not on the form"),
    }
}

#[test]
fn l_on_the_field_row_is_not_the_lead_and_the_lead_has_its_own_row() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "fujian-2008-acceptance");
    t.keys("a张<Tab><Tab><Tab>l");
    let Some(Modal::Expert(f)) = &t.app.state.modal else { panic!("no dialog") };
    assert!(!f.lead, "l on the 专业 row toggled the lead");
    t.keys("<C-s>a王<Tab><Tab><Tab><Tab> <C-s>");
    let experts = t.store().load(id).unwrap().data.experts;
    let roles: Vec<(&str, Role)> = experts.iter().map(|e| (e.name.as_str(), e.role)).collect();
    assert_eq!(roles, [("张", Role::Member), ("王", Role::Lead)]);
}

#[test]
fn an_empty_panel_is_not_said_to_meet_the_rules() {
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "fujian-2008-acceptance");
    let s = t.screen();
    assert!(!s.contains("✓ 专家组符合本省规定"), "{s}");
    assert!(s.contains("专家组没有可评分的专家"), "{s}");
    t.keys("a甲<C-s>");
    assert!(!t.screen().contains("专家组没有可评分的专家"), "{}", t.screen());
}

/// The domain's answers the screens show: the rule that settles an item, and where a computed veto stands.
mod domain {
    use yanshou::domain::scorecard::Scorecard;
    use yanshou::domain::scoring::{EvaluationInput, FactInput, Literal};
    use yanshou::domain::settled::{VetoState, computed_veto, settling_rules, trigger_zh};

    fn card(id: &str) -> &'static Scorecard {
        crate::common::catalog().scorecard(id).unwrap()
    }

    #[test]
    fn the_first_rule_that_holds_settles_the_item() {
        let card = card("guangdong-2009-voluntary");
        let mut input = EvaluationInput::default();
        for (value, rule) in [("2.5", Some(1)), ("3", Some(0)), ("0.5", Some(2)), ("1.5", None)] {
            input.facts.insert("rd_spending_ratio".into(), FactInput::Number(Literal(value.into())));
            assert_eq!(settling_rules(card, &input).get("2.6").copied(), rule, "{value}");
        }
    }

    #[test]
    fn a_fact_veto_stands_on_its_fact_and_a_total_veto_waits_for_the_scores() {
        let gd = card("guangdong-2009-voluntary");
        let veto = gd.vetoes.iter().find(|v| v.computed.is_some()).unwrap();
        let mut input = EvaluationInput::default();
        assert_eq!(computed_veto(veto, &input, None), Some(VetoState::AwaitsFact));
        input.facts.insert("exceeds_standards".into(), FactInput::Bool(true));
        assert_eq!(computed_veto(veto, &input, None), Some(VetoState::Holds));
        input.facts.insert("exceeds_standards".into(), FactInput::Bool(false));
        assert_eq!(computed_veto(veto, &input, None), Some(VetoState::Clear));
        assert_eq!(trigger_zh(gd, veto.computed.as_ref().unwrap()), "企业超标超总量排污 = 是");

        let sd = card("shandong-2008-acceptance");
        let veto = sd.vetoes.iter().find(|v| v.computed.is_some()).unwrap();
        assert_eq!(computed_veto(veto, &EvaluationInput::default(), None), Some(VetoState::AwaitsScores));
        assert_eq!(trigger_zh(sd, veto.computed.as_ref().unwrap()), "总分 < 70");
        let answered = sd.vetoes.iter().find(|v| v.computed.is_none()).unwrap();
        assert_eq!(computed_veto(answered, &EvaluationInput::default(), None), None);
    }
}
