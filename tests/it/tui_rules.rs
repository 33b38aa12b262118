//! Reviews on rules without a score sheet, review types, fixed score levels and the result the 结论 must agree with
//! (issue 14), driven by key scripts on the TestBackend at 80×24 with Chinese text, asserting what the store then
//! holds and what the screens say.

use yanshou::domain::review::{Answer, Status};
use yanshou::tui::app::{Screen, Tab};
use yanshou::tui::dialogs::Modal;

use crate::common;
use crate::tui::Harness;

/// The fields of the new-review form before the sheet, filled; the picker opened on the sheet's row and `sheet`
/// typed into its filter and picked.
fn start(t: &mut Harness, sheet: &str) {
    t.keys(&format!("n某某有限公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>{sheet}<Enter>"));
}

/// A new review on `sheet`, created, opened on its panel page.
fn new_review(t: &mut Harness, sheet: &str) -> i64 {
    start(t, sheet);
    t.keys("<C-s>");
    assert!(matches!(t.app.state.screen, Screen::Review(_)), "{}", t.screen());
    t.store().list_reviews().unwrap().iter().find(|r| r.scorecard == sheet).unwrap().id
}

/// An expert added by the dialog: `field` is the index of the specialty (清洁生产, 行业, 环保, 能源, 其他).
fn add_expert(t: &mut Harness, name: &str, field: usize, lead: bool) {
    t.keys(&format!("a{name}<Tab><Tab><Tab>"));
    for _ in 0..field {
        t.keys("<Right>");
    }
    if lead {
        t.keys("<Tab><Space>");
    }
    t.keys("<C-s>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
}

fn status(t: &Harness) -> String {
    t.app.state.status.0.clone()
}

fn tab(t: &Harness) -> Tab {
    match &t.app.state.screen {
        Screen::Review(v) => v.tab,
        _ => panic!("not on a review"),
    }
}

/// The row of the review list for review `id`.
fn list_row(t: &mut Harness, enterprise: &str) -> String {
    t.screen().lines().find(|l| l.contains(enterprise)).unwrap_or_default().to_string()
}

/// A panel whose specialties cover 北京's four fields, the first the lead.
fn beijing_panel(t: &mut Harness) {
    for (i, name) in ["林海", "王建国", "陈刚", "李秀英"].iter().enumerate() {
        add_expert(t, name, i, i == 0);
    }
}

/// (a) A review on 北京's rules, which print no score sheet: the findings page in place of the scoring, every
/// requirement found (one unmet with its reason, then met after all), the six vetoes answered, the opinion drafted,
/// finalized; the result in the file's words (不予通过 while a requirement is unmet, 通过 after).
#[test]
fn a_beijing_review_on_rules_from_the_panel_to_finalize() {
    let card = common::catalog().scorecard("beijing-2007-acceptance").unwrap();
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "beijing-2007-acceptance");
    beijing_panel(&mut t);

    // The second page of a review on rules is its findings; F2 reaches it, and the tab says so.
    t.keys("<F2>");
    assert_eq!(tab(&t), Tab::Findings);
    let s = t.screen();
    assert!(s.contains("2 认定") && !s.contains("2 评分"), "{s}");
    assert!(s.contains("未认定 6 项") && s.contains("不予通过"), "{s}");
    for r in &card.requirements {
        assert!(s.contains(r.number.as_deref().unwrap()), "{} is not listed:\n{s}", r.id);
    }
    assert!(s.contains("第八条 清洁生产审核验收的主要内容"), "the group is said:\n{s}");
    assert!(s.contains("（L2452）"), "the source lines of the selected one:\n{s}");
    t.assert_fits();

    // (一) met; (二) not met: its reason is asked for, and Esc over a typed reason asks first.
    t.keys("y<Down>n");
    assert!(matches!(t.app.state.modal, Some(Modal::Evidence(_))), "{}", t.screen());
    assert!(t.screen().contains("认定为不满足：须写明原因"), "{}", t.screen());
    t.keys("审核报告未反映有毒有害原料的转移情况<Esc>");
    assert!(t.screen().contains("放弃已输入的内容"), "{}", t.screen());
    t.keys("<Enter><C-s>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    let found = t.store().load(id).unwrap().data.requirements;
    assert_eq!(found.len(), 2);
    assert!(found.iter().any(|f| f.id == "r1" && f.met));
    assert!(found.iter().any(|f| f.id == "r2" && !f.met && f.evidence == "审核报告未反映有毒有害原料的转移情况"));
    let s = t.screen();
    assert!(s.contains("认定：不满足。原因：审核报告未反映有毒有害原料的转移情况"), "{s}");
    assert!(s.contains("未认定 4 项"), "{s}");
    t.keys("<Down>y<Down>y<Down>y<Down>y");
    assert!(t.screen().contains("均已认定"), "{}", t.screen());

    // The six vetoes, answered no.
    t.keys("<F3>n<Down>n<Down>n<Down>n<Down>n<Down>n");
    let d = t.store().load(id).unwrap().data;
    assert_eq!(d.vetoes.len(), 6);
    assert!(d.vetoes.iter().all(|v| v.answer == Answer::No));

    // An unmet requirement fails the review, in the file's words.
    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains("验收结论 不予通过"), "{s}");
    assert!(s.contains("原因：有要求不满足"), "{s}");
    assert!(!s.contains("总分"), "a review on rules has no total:\n{s}");
    t.keys("<F4>");
    assert!(t.screen().contains("结果（按规定条件判定）：不予通过（有要求不满足）；结论须与之一致"), "{}", t.screen());

    // (二) found met after all: the review passes.
    t.keys("<F2><Up><Up><Up><Up>y");
    assert!(t.store().load(id).unwrap().data.requirements.iter().all(|f| f.met));
    t.keys("<F4>");
    assert!(t.screen().contains("结果（按规定条件判定）：通过；结论须与之一致"), "{}", t.screen());
    t.keys("g");
    let opinion = t.store().load(id).unwrap().data.opinion;
    assert!(opinion.summary.contains("经认定，各项要求均已满足"), "{}", opinion.summary);
    assert!(opinion.conclusion.contains("通过") && !opinion.conclusion.contains("不予"), "{}", opinion.conclusion);
    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains("验收结论 通过"), "{s}");
    assert!(s.contains("原因：没有否决项成立，各项要求均满足"), "{s}");
    assert!(s.contains("已满足定稿条件"), "{s}");
    t.assert_fits();

    t.keys("F");
    assert!(t.screen().contains("不能再修改认定、否决项和验收意见"), "{}", t.screen());
    t.keys("<F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Finalized, "{}", t.screen());
    assert!(status(&t).contains("已保存：定稿"), "{}", status(&t));

    // Nothing says 评分 on a review that has no scores: its pages, the signing page, the help.
    for page in ["<F1>", "<F2>", "<F3>", "<F4>", "<F5>", "<F6>", "?"] {
        t.keys(page);
        let s = t.screen();
        assert!(!s.contains("评分"), "{page}:\n{s}");
        if page == "?" {
            assert!(s.contains("要求：y 满足"), "the help has the findings' keys:\n{s}");
            t.keys("<Esc>");
        }
    }
    assert!(t.screen().contains("签名针对本版本的全部认定、否决项和验收意见"), "{}", t.screen());

    // The list: no total, the conclusion in the file's words; reopened, the review is 认定中, not 评分中.
    t.keys("<Esc>");
    let row = list_row(&mut t, "某某有限公司");
    assert!(row.contains("北京验收") && row.contains("已定稿") && row.contains("—") && row.contains("通过"), "{row}");
    t.keys("r补充材料<F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Scoring, "{}", t.screen());
    let row = list_row(&mut t, "某某有限公司");
    assert!(row.contains("认定中") && !row.contains("评分"), "{row}");
}

/// (b) 云南's rules define three types of acceptance (Cyrillic А/В/С): the form will not create the review until one
/// is chosen, says why, and the requirements shown are those of the type chosen.
#[test]
fn a_yunnan_review_needs_its_type_and_its_requirements_follow_it() {
    let card = common::catalog().scorecard("yunnan-2007-acceptance").unwrap();
    let mut t = Harness::new(80, 24);
    start(&mut t, "yunnan-2007-acceptance");
    let s = t.screen();
    assert!(s.contains("验收类型") && s.contains("必选"), "the type's row, required:\n{s}");
    assert!(s.contains("А类验收、В类验收、С类验收"), "{s}");
    t.assert_fits();
    // Not without a type: the form says why, in the domain's words, and keeps what was typed.
    t.keys("<C-s>");
    assert!(matches!(t.app.state.screen, Screen::NewReview(_)), "{}", t.screen());
    assert!(t.store().list_reviews().unwrap().is_empty());
    let s = status(&t);
    assert!(s.contains("规定了验收类型，新建时须选择其一：А类验收、В类验收、С类验收"), "{s}");
    // → chooses А, → again В; the row says the type in the source's words.
    t.keys("<Right>");
    assert!(t.screen().contains("А类验收：А类——清洁生产合格单位验收"), "{}", t.screen());
    t.keys("<Right><C-s>");
    assert!(matches!(t.app.state.screen, Screen::Review(_)), "{}", t.screen());
    let id = t.store().list_reviews().unwrap()[0].id;
    assert_eq!(t.store().load(id).unwrap().data.review_type.as_deref(), Some("b"));

    // В: only the requirement of В and С (简单型), not the two of А.
    let text = |id: &str| card.requirements.iter().find(|r| r.id == id).unwrap().text.clone();
    add_expert(&mut t, "林海", 0, true);
    t.keys("<F2>");
    let s = t.screen();
    assert!(s.contains(&text("bc-balance")[..30]), "{s}");
    assert!(!s.contains("“重点型”") && !s.contains("附件一"), "a requirement of А is shown on a В review:\n{s}");
    assert!(s.contains("适用于В类验收、С类验收"), "{s}");
    assert!(s.contains("未认定 1 项"), "{s}");
    // Unmet, it fails the review by the rules, in 云南's words; met, the result is the panel's to decide.
    t.keys("n物料平衡未达到简单型<C-s><F4>");
    assert!(t.screen().contains("结果（按规定条件判定）：不合格（有要求不满足）；结论须与之一致"), "{}", t.screen());
    t.keys("<F2>y<F4>");
    let s = t.screen();
    assert!(s.contains("结果由专家组判定：尚未判定（按 d 选择“合格”或“不合格”并写明理由）"), "{s}");
    let found = t.store().load(id).unwrap().data.requirements;
    assert_eq!(found.iter().map(|f| (f.id.as_str(), f.met)).collect::<Vec<_>>(), [("bc-balance", true)]);

    // А: its two, not В's.
    t.keys("<Esc>");
    start(&mut t, "yunnan-2007-acceptance");
    t.keys("<Right><C-s>");
    let a = t.store().list_reviews().unwrap().iter().map(|r| r.id).max().unwrap();
    assert_eq!(t.store().load(a).unwrap().data.review_type.as_deref(), Some("a"));
    add_expert(&mut t, "林海", 0, true);
    t.keys("<F2>");
    let s = t.screen();
    assert!(s.contains("未认定 2 项") && s.contains("“重点型”") && s.contains("附件一"), "{s}");
    assert!(!s.contains("“简单型”"), "{s}");
    t.assert_fits();
}

/// (c) 广东自愿 2.6 prints 4, 2 or 0: the dialog says so, refuses 3 naming the levels (the domain's words), takes 4;
/// ←→ choose among the levels (2.1: 8 or 4); the item pane says them.
#[test]
fn a_score_off_the_printed_levels_is_refused_naming_them() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "guangdong-2009-voluntary");
    add_expert(&mut t, "甲", 0, true);
    t.keys("<F2>g2.6<Enter>");
    assert!(t.screen().contains("满分 4 分，只能评 4、2 或 0 分"), "the item pane:\n{}", t.screen());
    t.keys("3");
    let s = t.screen();
    assert!(s.contains("本条只能评 4、2 或 0 分"), "the dialog says the levels:\n{s}");
    t.assert_fits();
    t.keys("<Enter>");
    let s = t.screen();
    assert!(matches!(t.app.state.modal, Some(Modal::Score(_))), "{s}");
    assert!(s.contains("条目 2.6 只能评评分表所印的分档 4、2、0 分，不能评 3 分"), "{s}");
    t.keys("<C-s>");
    assert!(t.store().load(id).unwrap().data.scores.is_empty(), "3 was stored");
    t.keys("<Backspace>4<Enter>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    let scores = t.store().load(id).unwrap().data.scores;
    assert_eq!(scores.len(), 1);
    assert_eq!((scores[0].item_id.as_str(), scores[0].points.to_string()), ("2.6", "4".to_string()));

    // 2.1 gives 8 or 4: → the first, → the next; 4 is a deduction and goes on to its reason.
    t.keys("g2.1<Enter><Enter><Right>");
    let Some(Modal::Score(f)) = &t.app.state.modal else { panic!("{}", t.screen()) };
    assert_eq!(f.score.text(), "8");
    t.keys("<Right><Enter>");
    assert!(t.screen().contains("扣 4 分：须写扣分原因"), "{}", t.screen());
    t.keys("清洁生产水平为二级<C-s>");
    let scores = t.store().load(id).unwrap().data.scores;
    let s = scores.iter().find(|s| s.item_id == "2.1").unwrap();
    assert_eq!((s.points.to_string(), s.reason.as_str()), ("4".to_string(), "清洁生产水平为二级"));
}

/// (d) A 结论 that says 通过验收 while a veto holds: the result page names the contradiction, the finalize dialog
/// lists it, F9 is refused with the domain's blocker in Chinese and nothing changes; a 结论 that agrees finalizes.
#[test]
fn a_conclusion_that_contradicts_the_result_is_refused_at_f9() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "beijing-2007-acceptance");
    beijing_panel(&mut t);
    t.keys("<F2>y<Down>y<Down>y<Down>y<Down>y<Down>y");
    // (二) holds, with its evidence; the rest do not.
    t.keys("<F3>n<Down>y审核重点选择错误<C-s><Down>n<Down>n<Down>n<Down>n");
    t.keys("<F4><Enter>专家组现场核查了审核报告。<C-s><Down><Down><Down><Enter>通过验收。<C-s>");
    let d = t.store().load(id).unwrap().data;
    assert_eq!(d.opinion.conclusion, "通过验收。");
    assert!(t.screen().contains("不予通过（否决项成立）；结论须与之一致"), "{}", t.screen());

    let blocker =
        "验收意见的结论“通过验收。”与结果“不予通过”相矛盾：否决项（二）“审核重点或清洁生产目标设置存在重大错误；”成立";
    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains("验收结论 不予通过"), "{s}");
    assert!(s.replace(['\n', '│', ' '], "").contains(blocker), "the result page:\n{s}");
    t.assert_fits();
    t.keys("F");
    let s = t.screen();
    assert!(s.replace(['\n', '│', ' '], "").contains(blocker), "the finalize dialog:\n{s}");
    t.assert_fits();
    t.keys("<F9>");
    assert!(status(&t).starts_with("未保存（定稿）："), "{}", status(&t));
    assert!(status(&t).contains("相矛盾"), "{}", status(&t));
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Draft);

    // The 结论 made to agree: finalized.
    t.keys("<Esc><F4><Enter><C-u>验收不予通过。<C-s><F5>F<F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Finalized, "{}", t.screen());
}

/// (e) 湖北's rules for the 强制 acceptance leave the result to the panel: finalizing is refused until it records its
/// result and the reason (the domain's blocker, in Chinese), which the opinion page takes with d.
#[test]
fn a_review_the_panel_decides_waits_for_its_result_and_reason() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "hubei-2008-acceptance-mandatory");
    add_expert(&mut t, "林海", 0, true);
    add_expert(&mut t, "王建国", 2, false);
    // Nothing to find: the page says so, and where the result is recorded.
    t.keys("<F2>");
    let s = t.screen();
    assert!(s.contains("本规则未列须逐项认定的验收要求") && s.contains("结论由专家组判定"), "{s}");
    t.keys("<F4>");
    let s = t.screen();
    assert!(s.contains("结果由专家组判定：尚未判定（按 d 选择“通过”或“不通过”并写明理由）"), "{s}");
    assert!(s.contains("d 专家组判定"), "the key is shown:\n{s}");
    t.keys("<Enter>专家组听取了汇报并现场核查。<C-s><Down><Down><Down><Enter>验收通过。<C-s>");

    let blocker = "依本省规定，验收结论由专家组判定：请在验收意见页选择通过或不通过";
    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains(blocker), "{s}");
    t.keys("F<F9>");
    assert!(status(&t).contains(blocker), "{}", status(&t));
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Draft);

    // The result without its reason is refused by the store, and the dialog keeps the choice.
    t.keys("<Esc><F4>d");
    assert!(matches!(t.app.state.modal, Some(Modal::Decision(_))), "{}", t.screen());
    t.assert_fits();
    t.keys("<Left><C-s>");
    assert!(status(&t).contains("专家组判定的结论须写明理由"), "{}", status(&t));
    assert!(matches!(t.app.state.modal, Some(Modal::Decision(_))), "{}", t.screen());
    assert!(t.store().load(id).unwrap().data.decision.is_none());
    t.keys("<Tab>审核方案均已实施，排放达标。<C-s>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    let decision = t.store().load(id).unwrap().data.decision.unwrap();
    assert!(decision.passed);
    assert_eq!(decision.reason, "审核方案均已实施，排放达标。");
    assert!(t.screen().contains("结果由专家组判定：通过。理由：审核方案均已实施，排放达标。"), "{}", t.screen());

    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains("验收结论 通过（专家组判定）"), "{s}");
    assert!(s.contains("已满足定稿条件"), "{s}");
    t.keys("F<F9>");
    assert_eq!(t.store().load(id).unwrap().data.status, Status::Finalized, "{}", t.screen());
}

/// A score sheet that also lists requirements (广东自愿, 办法第十五条): page 3 holds them below the vetoes, answered
/// the same way; an unmet one fails the review whatever the total.
#[test]
fn a_sheet_lists_its_requirements_with_its_vetoes() {
    let card = common::catalog().scorecard("guangdong-2009-voluntary").unwrap();
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "guangdong-2009-voluntary");
    add_expert(&mut t, "甲", 0, true);
    t.keys("<F3>");
    let s = t.screen();
    assert!(s.contains("3 否决项与要求") && s.contains("2 评分"), "{s}");
    assert!(s.contains("否决项（任何一项为“是”，验收不予通过）"), "{s}");
    assert!(s.contains("自愿清洁生产审核验收合格应达到以下要求"), "{s}");
    assert!(s.contains(&format!("未认定 {} 项", card.requirements.len())), "{s}");
    t.assert_fits();
    // The vetoes first (one), then the requirements: (一) met, (四) unmet with its reason.
    t.keys("<Down>y<Down><Down><Down>n各类污染物未全部达标<C-s>");
    let found = t.store().load(id).unwrap().data.requirements;
    assert!(found.iter().any(|f| f.id == "r1" && f.met));
    assert!(found.iter().any(|f| f.id == "r4" && !f.met && f.evidence == "各类污染物未全部达标"));
    assert!(t.screen().contains("认定：不满足。原因：各类污染物未全部达标"), "{}", t.screen());
    // The result says why it cannot pass, once the scores are in.
    t.keys("<F5>");
    assert!(t.screen().contains("尚未认定是否满足的要求"), "{}", t.screen());
}

/// 辽宁's rules: two requirements, two vetoes, and 优秀企业, a grade conferred by conditions (符合 needs its evidence),
/// only on a review that passes; its result in 辽宁's words (通过验收).
#[test]
fn a_liaoning_review_finds_its_distinction_with_evidence() {
    let mut t = Harness::new(80, 24);
    let id = new_review(&mut t, "liaoning-2006-acceptance");
    add_expert(&mut t, "林海", 0, true);
    t.keys("<F2>");
    let s = t.screen();
    assert!(s.contains("1、通过验收") && s.contains("条件等级（只在验收通过时授予）"), "{s}");
    assert!(s.contains("优秀企业："), "{s}");
    t.keys("y<Down>y<Down>");
    assert!(t.screen().contains("未认定：y 符合（须写依据），n 不符合"), "{}", t.screen());
    // 符合 asks for its evidence; an empty one is refused by the store, in the domain's words.
    t.keys("y");
    assert!(t.screen().contains("认定符合条件等级：须写明依据"), "{}", t.screen());
    t.keys("<C-s>");
    assert!(status(&t).contains("条件等级 excellent：认定为“符合”须写明依据"), "{}", status(&t));
    t.keys("达到行业清洁生产标准二级<C-s>");
    let d = t.store().load(id).unwrap().data;
    assert_eq!(d.distinctions.len(), 1);
    assert!(d.distinctions[0].met && d.distinctions[0].evidence == "达到行业清洁生产标准二级");
    // The vetoes of rules are answered as on a sheet.
    t.keys("<F3>n<Down>n");
    assert_eq!(t.store().load(id).unwrap().data.vetoes.len(), 2);
    t.keys("<F5>");
    let s = t.screen();
    assert!(s.contains("验收结论 通过验收"), "{s}");
    assert!(s.contains("条件等级：优秀企业"), "{s}");
    // 不符合: no evidence needed, and no distinction conferred.
    t.keys("<F2><Down><Down>n<F5>");
    assert!(!t.store().load(id).unwrap().data.distinctions[0].met);
    assert!(!t.screen().contains("条件等级：优秀企业"), "{}", t.screen());
}

/// The sheet picker says each entry's stage, kind and track (广东 2009 强制: the 评估 on its sheet and the 验收 on
/// its rules), and at 80×24 says how many entries it does not show, keeping the selection in view.
#[test]
fn the_picker_says_stage_kind_and_track_and_what_it_does_not_show() {
    let mut t = Harness::new(80, 24);
    t.keys("n<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Enter>广东 强制");
    let s = t.screen();
    assert!(s.contains("广东 [评估·评分表·强制] 广东省强制清洁生产审核企业验收评分表"), "{s}");
    assert!(s.contains("广东 [验收·规则·强制] 强制性清洁生产审核验收"), "{s}");
    assert!(!s.contains("自愿]"), "{s}");
    t.keys("<C-u>");
    let n = common::catalog().scorecards.len();
    let s = t.screen();
    assert!(s.contains(&format!("共 {n} 项：上面另有 0 项，下面另有")), "{s}");
    // To the last entry: it is shown, and selected.
    for _ in 0..n {
        t.keys("<Down>");
    }
    let s = t.screen();
    assert!(s.contains("下面另有 0 项"), "{s}");
    let Some(Modal::Picker(p)) = &t.app.state.modal else { panic!("{s}") };
    let last = p.visible().last().unwrap().1.clone();
    assert!(s.contains(&last[..last.char_indices().nth(12).unwrap().0]), "the last entry is not shown:\n{s}");
    t.assert_fits();
}

/// 广东 2003 prints no vetoes but lists requirements, one of them long: the page says there are no vetoes, shows the
/// long one whole at 80×24, and in a smaller window says what the list and the text do not show.
#[test]
fn a_long_requirement_is_shown_whole_or_said_to_be_cut() {
    let card = common::catalog().scorecard("guangdong-2003-acceptance").unwrap();
    let r2 = &card.requirements[1].text;
    let mut t = Harness::new(80, 24);
    new_review(&mut t, "guangdong-2003-acceptance");
    add_expert(&mut t, "甲", 0, true);
    t.keys("<F3><Down>");
    let s = t.screen();
    assert!(s.contains("否决项：本评分表未印否决项。"), "{s}");
    assert!(s.replace('\n', "").contains(r2.as_str()), "the requirement in full:\n{s}");
    assert!(s.contains("（L13360-L13372）") && s.contains("尚未认定"), "{s}");
    t.assert_fits();
    t.resize(60, 16);
    let s = t.screen();
    assert!(s.contains("下面另有 4 行") && s.contains("另有 3 行未显示"), "{s}");
    t.assert_fits();
    // The dialog of its reason shows it whole at 80×24.
    t.resize(80, 24);
    t.keys("n");
    let s = t.screen();
    let inside: String = s.lines().filter_map(|l| l.split('│').nth(2)).map(str::trim_end).collect();
    assert!(inside.contains(r2.as_str()), "{s}");
}
