//! Every refusal, blocker and domain error said in both languages: the Chinese is Chinese, the English is there.
//! A new variant does not compile until it has a sample here (the matches are exhaustive).

use super::{At, Blocker, Field, InputError, Refusal, Unscored};
use crate::domain::credit_code::CreditCodeError;
use crate::domain::explain::Explain;
use crate::domain::points::{Points, PointsError};
use crate::domain::refusal::DateError;
use crate::domain::scorecard::Track;

/// Words of an English sentence; ids, item numbers, paths and command lines may appear in the Chinese, these may not.
const ENGLISH: &[&str] = &[
    "the", "is", "are", "not", "and", "or", "has", "have", "cannot", "must", "give", "already", "of", "for", "with",
    "to", "this", "that", "be", "was", "been", "it", "its", "on", "in", "at", "by", "an", "no", "there",
];

/// Checks the words of one value: Chinese with no English sentence in it, and English.
pub(crate) fn check_words(what: &str, x: &dyn Explain) {
    let zh = x.zh();
    let en = x.en();
    assert!(!zh.trim().is_empty(), "{what}: no Chinese");
    assert!(!en.trim().is_empty(), "{what}: no English");
    assert!(zh.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)), "{what}: not Chinese: {zh}");
    for word in zh.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
        assert!(!ENGLISH.contains(&word.to_ascii_lowercase().as_str()), "{what}: English word “{word}” in: {zh}");
    }
}

fn p(t: i64) -> Points {
    Points::from_tenths(t)
}

pub(crate) fn points_errors() -> Vec<PointsError> {
    let all = vec![
        PointsError::NotANumber("五".into()),
        PointsError::FullWidth { text: "４.５".into(), half: "4.5".into() },
        PointsError::TooPrecise("2.55".into()),
        PointsError::Negative("-1".into()),
        PointsError::TooLarge("99999999999".into()),
    ];
    for e in &all {
        match e {
            PointsError::NotANumber(_)
            | PointsError::FullWidth { .. }
            | PointsError::TooPrecise(_)
            | PointsError::Negative(_)
            | PointsError::TooLarge(_) => {}
        }
    }
    all
}

pub(crate) fn date_errors() -> Vec<DateError> {
    let all = vec![
        DateError::Empty,
        DateError::NotOfTheForm { text: "2026/11/28".into(), half: None },
        DateError::NotOfTheForm { text: "２０２６－１１－２８".into(), half: Some("2026-11-28".into()) },
        DateError::NotInTheCalendar { text: "2026-02-30".into() },
        DateError::OutOfRange { text: "1899-1-1".into(), date: "1899-01-01".into() },
    ];
    for e in &all {
        match e {
            DateError::Empty
            | DateError::NotOfTheForm { .. }
            | DateError::NotInTheCalendar { .. }
            | DateError::OutOfRange { .. } => {}
        }
    }
    all
}

fn credit_code_errors() -> Vec<CreditCodeError> {
    let all = vec![
        CreditCodeError::Length(17),
        CreditCodeError::Character { position: 9, found: 'I' },
        CreditCodeError::Check { expected: '3', found: '4' },
    ];
    for e in &all {
        match e {
            CreditCodeError::Length(_) | CreditCodeError::Character { .. } | CreditCodeError::Check { .. } => {}
        }
    }
    all
}

/// One of every refusal (more for those that carry another error or a field).
pub(crate) fn refusals() -> Vec<Refusal> {
    let name = || "王建国".to_string();
    let item = || "1.1".to_string();
    let sheet = || "fujian-2024".to_string();
    let mut all = Vec::new();
    for field in Field::samples() {
        all.push(Refusal::Empty { field: field.clone() });
        all.push(Refusal::TooLong { field: field.clone(), max: 200, len: 201 });
        all.push(Refusal::ControlCharacter { field: field.clone(), found: '\u{1b}' });
        all.push(Refusal::InvisibleCharacter { field: field.clone(), found: '\u{202E}' });
        all.push(Refusal::MultiLine { field: field.clone() });
        all.extend(date_errors().into_iter().map(|error| Refusal::Date { field: field.clone(), error }));
        all.extend(points_errors().into_iter().map(|error| Refusal::Points { field: field.clone(), error }));
    }
    all.extend(credit_code_errors().into_iter().map(Refusal::CreditCode));
    all.extend([
        Refusal::TrackMismatch { sheet: sheet(), sheet_track: Track::Mandatory, track: Track::Voluntary },
        Refusal::NotAReviewField { name: "名称".into() },
        Refusal::AlreadyFinalized { review: 3 },
        Refusal::NothingToReopen { review: 3 },
        Refusal::Locked { review: 3 },
        Refusal::NotAnExpertField { field: "化学".into(), choices: vec!["清洁生产".into(), "环境".into()] },
        Refusal::ExpertOnPanel { name: name() },
        Refusal::LeadTaken { lead: "李敏".into(), name: name() },
        Refusal::ExpertOnRecord { name: name() },
        Refusal::RecusedCannotLead { name: name() },
        Refusal::AlreadyRecused { name: name() },
        Refusal::RecusedCannotScore { name: name() },
        Refusal::ScoresFromSheet { name: name() },
        Refusal::KitOtherExpert { name: name(), own: "李敏".into() },
        Refusal::NotAnItem { item: item(), sheet: sheet() },
        Refusal::HasSubItems { item: item() },
        Refusal::ScoreAboveMax { item: item(), points: p(50), max: p(40) },
        Refusal::SettledByFacts { item: item(), settled: "4".into() },
        Refusal::ReasonMissing { item: item(), points: p(25), max: p(40) },
        Refusal::NoScore { name: name(), item: item() },
        Refusal::NotAFact { fact: "f9".into(), sheet: sheet(), known: vec![] },
        Refusal::NotAFact { fact: "f9".into(), sheet: sheet(), known: vec!["f1".into(), "f2".into()] },
        Refusal::FactYesNo { fact: "f1".into(), text: "是否发生环境事故".into(), value: "也许".into() },
        Refusal::FactNotANumber { fact: "f2".into(), text: "节水率".into(), value: "１２".into() },
        Refusal::FactNotANumber { fact: "f2".into(), text: "节水率".into(), value: "12.5%".into() },
        Refusal::NotABonus { bonus: "b1".into(), sheet: sheet() },
        Refusal::BonusOutOfRange { bonus: "b1".into(), title: "创新".into(), value: p(90), min: p(20), max: p(30) },
        Refusal::WeightsFixed { sheet: sheet() },
        Refusal::NotADirectItem { item: item(), sheet: sheet() },
        Refusal::WeightNotPositive { item: item() },
        Refusal::ScoresAboveWeight { item: item(), max: p(30), over: vec![(name(), p(40)), ("李敏".into(), p(35))] },
        Refusal::NotAVeto { veto: "v1".into(), sheet: sheet() },
        Refusal::VetoComputed { veto: "v1".into() },
        Refusal::VetoEvidenceMissing { veto: "v1".into() },
        Refusal::NotALevel {
            item: "2.1".into(),
            points: Points::whole(6),
            levels: vec![Points::whole(8), Points::whole(4)],
        },
        Refusal::NotARequirement { requirement: "r9".into(), sheet: "beijing-2007-acceptance".into() },
        Refusal::RequirementNotApplicable { requirement: "r1".into(), review_type: "в".into() },
        Refusal::RequirementReasonMissing { requirement: "r2".into() },
        Refusal::NotADistinction { distinction: "best".into(), sheet: "liaoning-2006-acceptance".into() },
        Refusal::DistinctionEvidenceMissing { distinction: "excellent".into() },
        Refusal::ReviewTypeRequired {
            sheet: "yunnan-2007-acceptance".into(), choices: vec!["а（А类验收）".into()]
        },
        Refusal::NotAReviewType {
            review_type: "d".into(),
            sheet: "yunnan-2007-acceptance".into(),
            choices: vec!["а（А类验收）".into()],
        },
        Refusal::NoReviewTypes { sheet: "fujian-2008-acceptance".into() },
        Refusal::DecisionReasonMissing,
        Refusal::NotFinalized { review: 3 },
        Refusal::RecusedCannotSign { name: name() },
        Refusal::WrongRevision { signed: 1, current: 2 },
        Refusal::AlreadySigned { name: name(), dissent: false },
        Refusal::AlreadySigned { name: name(), dissent: true },
        Refusal::KeyOfAnother { key: "0123456789ABCDEF".into(), other: "李敏".into(), name: name() },
        Refusal::KeyNamesAnother { owner: "赵敏".into(), name: "陈刚".into() },
        Refusal::NewerSchema { path: "/data/yanshou.db".into(), version: 9, current: 8 },
    ]);
    // Exhaustive: a new refusal is not compiled until it is given a sample above.
    for r in &all {
        use Refusal::*;
        match r {
            Empty { .. } | TooLong { .. } | ControlCharacter { .. } | InvisibleCharacter { .. } | MultiLine { .. } => {}
            Date { .. } | Points { .. } | CreditCode(_) => {}
            TrackMismatch { .. } | NotAReviewField { .. } | AlreadyFinalized { .. } | NothingToReopen { .. } => {}
            Locked { .. } | NotAnExpertField { .. } | ExpertOnPanel { .. } | LeadTaken { .. } => {}
            ExpertOnRecord { .. } | RecusedCannotLead { .. } | AlreadyRecused { .. } | RecusedCannotScore { .. } => {}
            NotAnItem { .. } | HasSubItems { .. } | ScoreAboveMax { .. } | SettledByFacts { .. } => {}
            ScoresFromSheet { .. } | KitOtherExpert { .. } => {}
            ReasonMissing { .. } | NoScore { .. } | NotAFact { .. } | FactYesNo { .. } | FactNotANumber { .. } => {}
            NotABonus { .. } | BonusOutOfRange { .. } | WeightsFixed { .. } | NotADirectItem { .. } => {}
            WeightNotPositive { .. } | ScoresAboveWeight { .. } | NotAVeto { .. } | VetoComputed { .. } => {}
            VetoEvidenceMissing { .. } | NotFinalized { .. } | RecusedCannotSign { .. } | WrongRevision { .. } => {}
            AlreadySigned { .. } | KeyOfAnother { .. } | KeyNamesAnother { .. } | NewerSchema { .. } => {}
            NotALevel { .. } | NotARequirement { .. } | RequirementNotApplicable { .. } => {}
            RequirementReasonMissing { .. } | NotADistinction { .. } | DistinctionEvidenceMissing { .. } => {}
            ReviewTypeRequired { .. } | NotAReviewType { .. } | NoReviewTypes { .. } | DecisionReasonMissing => {}
        }
    }
    all
}

pub(crate) fn blockers() -> Vec<Blocker> {
    let all = vec![
        Blocker::NoScoringExpert,
        Blocker::Unscored { expert: "王建国".into(), items: vec!["1.1".into(), "1.2".into()] },
        Blocker::Unscored { expert: "王建国".into(), items: (1..=14).map(|i| format!("2.{i}")).collect() },
        Blocker::Unexplained { expert: "王建国".into(), items: vec!["1.1".into()] },
        Blocker::VetoesUnanswered { vetoes: vec!["一".into(), "二".into()] },
        Blocker::VetoWithoutEvidence { veto: "v1".into() },
        Blocker::PanelRule {
            message: "专家组（不含回避专家）只有 2 人，至少需要 3 人".into(),
            source: "闽环发〔2024〕1号".into(),
        },
        Blocker::SummaryMissing,
        Blocker::ConclusionMissing,
        Blocker::Evaluation(InputError::VetoComputed { veto: "v2".into() }),
        Blocker::ReviewTypeMissing { choices: vec!["а（А类验收）".into(), "в（В类验收）".into()] },
        Blocker::RequirementsUnanswered { requirements: vec!["r1".into(), "r3".into()] },
        Blocker::UnmetWithoutReason { requirement: "r2".into() },
        Blocker::DistinctionWithoutEvidence { distinction: "excellent".into() },
        Blocker::DecisionMissing,
        Blocker::DecisionReasonMissing,
        Blocker::DecisionContradicts { decided: true, computed: false, why: "否决项 v1 成立".into() },
        Blocker::ConclusionContradicts {
            conclusion: "通过验收".into(),
            result: "不予通过".into(),
            why: "否决项 v1 成立".into(),
        },
    ];
    for b in &all {
        use Blocker::*;
        match b {
            NoScoringExpert | Unscored { .. } | Unexplained { .. } | VetoesUnanswered { .. } => {}
            VetoWithoutEvidence { .. } | PanelRule { .. } | SummaryMissing | ConclusionMissing | Evaluation { .. } => {}
            ReviewTypeMissing { .. } | RequirementsUnanswered { .. } | UnmetWithoutReason { .. } => {}
            DistinctionWithoutEvidence { .. } | DecisionMissing | DecisionReasonMissing => {}
            DecisionContradicts { .. } | ConclusionContradicts { .. } => {}
        }
    }
    all
}

/// One of every reason the scoring engine gives (more for those that carry another error or a place).
pub(crate) fn input_errors() -> Vec<InputError> {
    let (name, item, sheet) =
        (|| "王建国".to_string(), || "2.6".to_string(), || "guangdong-2009-voluntary".to_string());
    let mut all = vec![
        InputError::NotAFact { fact: "f9".into(), sheet: sheet(), known: vec![] },
        InputError::NotAFact { fact: "f9".into(), sheet: sheet(), known: vec!["f1".into(), "f2".into()] },
        InputError::FactNotANumber { fact: "f2".into(), value: "x".into() },
        InputError::FactWantsYesNo { fact: "f1".into(), text: "是否发生环境事故".into() },
        InputError::FactWantsNumber { fact: "f2".into(), text: "研发比例".into() },
        InputError::WeightsFixed { sheet: sheet() },
        InputError::WeightZero { item: item() },
        InputError::WeightOnParent { item: item() },
        InputError::WeightNotAnItem { item: "9.9".into(), sheet: sheet() },
        InputError::SectionTotal {
            number: "二".into(), title: "清洁生产审核".into(), total: p(310), printed: p(300)
        },
        InputError::NoName,
        InputError::ListedTwice { name: name() },
        InputError::NotAnItem { expert: name(), item: "9.9".into(), sheet: sheet() },
        InputError::ScoreOnParent { expert: name(), item: "2".into() },
        InputError::AboveMax { expert: name(), item: item(), points: p(50), max: p(40) },
        InputError::Settled {
            expert: "陈刚".into(),
            item: item(),
            points: p(30),
            settled: p(20),
            rule: "≥2%，2 分".into(),
            source: "L15209".into(),
        },
        InputError::Unscored {
            expert: name(),
            items: vec![
                Unscored { item: "1.1".into(), facts: vec![] },
                Unscored { item: item(), facts: vec!["rd_spending_ratio".into()] },
            ],
        },
        InputError::NoScoringExpert,
        InputError::NotABonus { bonus: "b9".into(), sheet: sheet() },
        InputError::BonusOutOfRange {
            bonus: "b1".into(), title: "创新".into(), value: p(90), min: p(20), max: p(30)
        },
        InputError::NotAVeto { veto: "v9".into(), sheet: sheet() },
        InputError::VetoComputed { veto: "v1".into() },
        InputError::NotALevel { expert: name(), item: "2.1".into(), points: p(60), levels: vec![p(80), p(40)] },
        InputError::RulesNoScores { expert: name(), sheet: "beijing-2007-acceptance".into() },
        InputError::ReviewTypeMissing {
            sheet: "yunnan-2007-acceptance".into(), choices: vec!["а（А类验收）".into()]
        },
        InputError::NotAReviewType {
            review_type: "d".into(),
            sheet: "yunnan-2007-acceptance".into(),
            choices: vec!["а（А类验收）".into()],
        },
        InputError::NotARequirement { requirement: "r9".into(), sheet: sheet() },
        InputError::RequirementNotApplicable { requirement: "r1".into(), review_type: "в".into() },
        InputError::RequirementsUnanswered { requirements: vec!["r1".into(), "r2".into()] },
        InputError::NotADistinction { distinction: "best".into(), sheet: sheet() },
    ];
    for at in
        [At::Weight { item: item() }, At::Score { expert: name(), item: item() }, At::Bonus { bonus: "b1".into() }]
    {
        all.extend(points_errors().into_iter().map(|error| InputError::Points { at: at.clone(), error }));
    }
    for e in &all {
        use InputError::*;
        match e {
            NotAFact { .. } | FactNotANumber { .. } | FactWantsYesNo { .. } | FactWantsNumber { .. } => {}
            WeightsFixed { .. } | Points { .. } | WeightZero { .. } | WeightOnParent { .. } => {}
            WeightNotAnItem { .. } | SectionTotal { .. } | NoName | ListedTwice { .. } | NotAnItem { .. } => {}
            ScoreOnParent { .. } | AboveMax { .. } | Settled { .. } | Unscored { .. } | NoScoringExpert => {}
            NotABonus { .. } | BonusOutOfRange { .. } | NotAVeto { .. } | VetoComputed { .. } => {}
            NotALevel { .. } | RulesNoScores { .. } | ReviewTypeMissing { .. } | NotAReviewType { .. } => {}
            NotARequirement { .. } | RequirementNotApplicable { .. } | RequirementsUnanswered { .. } => {}
            NotADistinction { .. } => {}
        }
    }
    all
}

/// The engine's English is the text it has always written; the Chinese names the same expert, item and values.
#[test]
fn the_engines_reasons_are_said_in_chinese_and_keep_their_english() {
    for e in input_errors() {
        check_words(&format!("{e:?}"), &e);
        assert_eq!(e.to_string(), e.en());
    }
    let settled = &input_errors()[15];
    assert_eq!(
        settled.en(),
        "expert 陈刚: item 2.6: score 3 conflicts with 2, which the sheet sets: ≥2%，2 分（L15209）"
    );
    assert_eq!(
        settled.zh(),
        "专家 陈刚 对条目 2.6 的评分 3 与评分表按事实确定的 2 分不符（≥2%，2 分）：请删除该评分或修改事实"
    );
    assert_eq!(
        input_errors()[16].en(),
        "expert 王建国: no score for item 1.1, item 2.6 (or give fact rd_spending_ratio, which can settle it)"
    );
}

#[test]
fn every_refusal_is_said_in_chinese_and_in_english() {
    for r in refusals() {
        check_words(&format!("{r:?}"), &r);
        assert_eq!(r.to_string(), r.en());
    }
    for b in blockers() {
        check_words(&format!("{b:?}"), &b);
    }
    for e in points_errors() {
        check_words(&format!("{e:?}"), &e);
    }
    for e in date_errors().into_iter().filter(|e| *e != DateError::Empty) {
        check_words(&format!("{e:?}"), &e);
    }
    check_words("DateError::Empty", &DateError::Empty);
    for e in credit_code_errors() {
        check_words(&format!("{e:?}"), &e);
    }
}
