//! Every problem a sheet or rules file can have is said in Chinese and in English.

use super::super::model::Op;
use super::LoadError;
use super::problem::{Part, Place, SheetProblem as P};
use crate::domain::explain::Explain;
use crate::domain::points::Points;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The variant's number: a new variant does not compile here until it has one, and then fails the walk below until
/// it has a sample.
fn variant(p: &P) -> usize {
    match p {
        P::FolderUnreadable { .. } => 0,
        P::Unreadable { .. } => 1,
        P::ReadTooLarge { .. } => 2,
        P::FileTooLarge { .. } => 3,
        P::NotUtf8 { .. } => 4,
        P::Syntax { .. } => 5,
        P::KeyTooLong { .. } => 6,
        P::ValueTooLong { .. } => 7,
        P::Schema { .. } => 8,
        P::BadCitation { .. } => 9,
        P::Empty { .. } => 10,
        P::BadId { .. } => 11,
        P::IdTwice { .. } => 12,
        P::UnknownNoteKind { .. } => 13,
        P::NoteWithoutSource => 14,
        P::UnknownOp { .. } => 15,
        P::UndeclaredFact { .. } => 16,
        P::YesNoFactValue { .. } => 17,
        P::YesNoFactOp { .. } => 18,
        P::NumberFactValue { .. } => 19,
        P::UnknownStage { .. } => 20,
        P::UnknownTrack { .. } => 21,
        P::MaxTotalZero => 22,
        P::NoSections => 23,
        P::UnknownFactKind { .. } => 24,
        P::ItemSectionUnknown { .. } => 25,
        P::RuleAboveItem { .. } => 26,
        P::RuleScoreWord { .. } => 27,
        P::ParentUnknown { .. } => 28,
        P::ParentOtherSection { .. } => 29,
        P::ParentLoop { .. } => 30,
        P::ScoredZero { .. } => 31,
        P::RulesOnParent { .. } => 32,
        P::ItemSumMismatch { .. } => 33,
        P::SectionNoItems { .. } => 34,
        P::SectionSumMismatch { .. } => 35,
        P::TotalMismatch { .. } => 36,
        P::BonusMinAboveMax { .. } => 37,
        P::BonusMaxZero { .. } => 38,
        P::VetoNeedsOp { .. } => 39,
        P::VetoAboveHighest { .. } => 40,
        P::VetoShape { .. } => 41,
        P::GradeTwice { .. } => 42,
        P::GradeAboveHighest { .. } => 43,
        P::GradeNotBelow { .. } => 44,
        P::GradeBelowNotLast { .. } => 45,
        P::GradeGap { .. } => 46,
        P::GradeBelowFirst { .. } => 47,
        P::GradeEquality { .. } => 48,
        P::PassBelowFail { .. } => 49,
        P::NoGrades => 50,
        P::MismatchWithoutNote { .. } => 51,
        P::PanelValue { .. } => 52,
        P::PanelNeedsValue { .. } => 53,
        P::PanelField { .. } => 54,
        P::PanelNeedsFields { .. } => 55,
        P::UnknownPanelKind { .. } => 56,
        P::UnknownLevel { .. } => 57,
        P::ProvinceTwice { .. } => 58,
        P::IdInOtherFile { .. } => 59,
        P::NoProvinceRules { .. } => 60,
        P::SheetNotLoaded { .. } => 61,
        P::PanelNoteNotChinese => 62,
        P::PanelNoteMultiLine => 63,
        P::PanelNoteCitesLines { .. } => 64,
        P::Rules(_) => 65,
        P::Procedure(_) => 66,
    }
}
const VARIANTS: usize = 67;

fn samples() -> Vec<P> {
    let s = |x: &str| x.to_string();
    let (pts, max) = (Points::whole(5), Points::whole(3));
    let item = || s("1.1");
    let label = || s("合格");
    vec![
        P::FolderUnreadable { reason: s("Permission denied") },
        P::Unreadable { reason: s("Permission denied") },
        P::ReadTooLarge { size: Some(4 << 30), max: 1 << 20, largest: 18_809 },
        P::ReadTooLarge { size: None, max: 1 << 20, largest: 18_809 },
        P::FileTooLarge { bytes: 2 << 20 },
        P::NotUtf8 { column: 3, byte: 0xB9 },
        P::Syntax { message: s("expected `=`") },
        P::KeyTooLong { chars: 65, table: s("items") },
        P::KeyTooLong { chars: 65, table: String::new() },
        P::ValueTooLong { key: s("title"), table: s("items"), id: Some(item()), chars: 201, free: false },
        P::ValueTooLong { key: s("text"), table: s("items"), id: None, chars: 20_001, free: true },
        P::ValueTooLong { key: s("title"), table: String::new(), id: None, chars: 201, free: false },
        P::Schema { found: 2 },
        P::BadCitation { place: Place::id(Part::ItemRule, "1.1"), text: s("第5行") },
        P::Empty { place: Place::id(Part::Item, "1.1").at("title") },
        P::Empty { place: Place::key("province") },
        P::Empty { place: Place::of(Part::Note).at("text") },
        P::BadId { part: Part::Section, id: s("一") },
        P::IdTwice { part: Part::ChecklistEntry, id: s("c1"), first_line: 4 },
        P::UnknownNoteKind { kind: s("gap") },
        P::NoteWithoutSource,
        P::UnknownOp { text: s("=>") },
        P::UndeclaredFact { fact: s("energy") },
        P::YesNoFactValue { fact: s("audited") },
        P::YesNoFactOp { fact: s("audited") },
        P::NumberFactValue { fact: s("energy") },
        P::UnknownStage { stage: s("review") },
        P::UnknownTrack { track: s("both") },
        P::MaxTotalZero,
        P::NoSections,
        P::UnknownFactKind { kind: s("text") },
        P::ItemSectionUnknown { item: item(), section: s("9") },
        P::RuleAboveItem { item: item(), points: pts, max },
        P::RuleScoreWord { item: item(), word: s("all") },
        P::ParentUnknown { item: item(), parent: s("9.9") },
        P::ParentOtherSection { item: item(), parent: s("2.1") },
        P::ParentLoop { item: item() },
        P::ScoredZero { item: item() },
        P::RulesOnParent { item: item() },
        P::ItemSumMismatch { item: item(), points: pts, sum: max },
        P::SectionNoItems { section: s("1") },
        P::SectionSumMismatch { section: s("1"), points: pts, sum: max },
        P::TotalMismatch { max_total: Points::whole(100), sum: Points::whole(95) },
        P::BonusMinAboveMax { bonus: s("b1"), min: pts, max },
        P::BonusMaxZero { bonus: s("b1") },
        P::VetoNeedsOp { veto: s("v1") },
        P::VetoAboveHighest { veto: s("v1"), score: Points::whole(120), highest: Points::whole(100) },
        P::VetoShape { veto: s("v1") },
        P::GradeTwice { label: label() },
        P::GradeAboveHighest { label: label(), score: Points::whole(120), highest: Points::whole(100) },
        P::GradeNotBelow { label: label(), op: Op::Ge, score: Points::whole(90) },
        P::GradeBelowNotLast { label: label(), op: Op::Lt },
        P::GradeGap {
            label: label(),
            op: Op::Lt,
            score: Points::whole(60),
            above: Points::whole(70),
            above_included: true,
        },
        P::GradeBelowFirst { label: label(), op: Op::Le },
        P::GradeEquality { label: label(), op: Op::Eq },
        P::PassBelowFail { label: label() },
        P::NoGrades,
        P::MismatchWithoutNote { section: s("1") },
        P::PanelValue { rule: s("size"), value: 100 },
        P::PanelNeedsValue { rule: s("size"), kind: s("min_size") },
        P::PanelField { rule: s("fields"), field: s("化工") },
        P::PanelNeedsFields { rule: s("fields") },
        P::UnknownPanelKind { rule: s("r1"), kind: s("even") },
        P::UnknownLevel { rule: s("r1"), level: s("may") },
        P::ProvinceTwice { province: s("福建"), other_file: s("built-in:scorecards/provinces/fujian.toml") },
        P::IdInOtherFile { id: s("fujian-2008-acceptance"), other_file: s("built-in:scorecards/fujian.toml") },
        P::NoProvinceRules { province: s("浙江") },
        P::SheetNotLoaded { rule: s("r1"), sheet: s("zhejiang-2020") },
        P::PanelNoteNotChinese,
        P::PanelNoteMultiLine,
        P::PanelNoteCitesLines { found: s("L9177") },
        P::Rules(super::RulesProblem::LevelTwice { item: item(), level: max }),
        P::Procedure(super::ProcedureProblem::HalfPeriod { part: super::ProcedurePart::Publication }),
    ]
}

#[test]
fn every_sheet_problem_is_said_in_chinese_and_in_english() {
    let samples = samples();
    let mut seen = [false; VARIANTS];
    for p in &samples {
        seen[variant(p)] = true;
        let (zh, en) = (p.zh(), p.en());
        assert!(has_cjk(&zh), "{p:?}: {zh}");
        assert!(!en.is_empty(), "{p:?}");
        for line in [0, 7] {
            let e = LoadError::new("a.toml", line, p.clone());
            assert!(has_cjk(&e.zh()) && e.zh().contains("a.toml"), "{}", e.zh());
            assert_eq!(e.to_string(), e.en());
            assert!(e.en().ends_with(&en) && e.message() == en, "{}", e.en());
        }
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen[*i]).collect();
    assert!(missing.is_empty(), "variants without a sample: {missing:?}");
    let e = LoadError::new("a.toml", 2, P::NotUtf8 { column: 3, byte: 0xB9 });
    assert!(e.zh().starts_with("a.toml 第 2 行第 3 列："), "{}", e.zh());
    assert_eq!(P::Empty { place: Place::id(Part::ItemRule, "1.1").at("text") }.en(), "item 1.1 rule text is empty");
}
