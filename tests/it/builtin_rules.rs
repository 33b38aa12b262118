//! Every built-in rules file (a review without a printed sheet): its shape as transcribed from the source, and the
//! conclusion it comes to in the province's own words when every requirement is met, when one is not, and when a veto
//! holds.

use std::collections::BTreeMap;

use crate::common::catalog;
use yanshou::domain::decide::decide;
use yanshou::domain::scorecard::{CardKind, DecidedBy, Scorecard, Stage};

struct Rules {
    id: &'static str,
    province: &'static str,
    stage: Stage,
    /// The source's own word for the stage where it is neither 验收 nor 评估.
    stage_name: Option<&'static str>,
    track: &'static str,
    decided_by: DecidedBy,
    passed: Option<&'static str>,
    failed: Option<&'static str>,
    requirements: usize,
    vetoes: usize,
    distinctions: &'static [&'static str],
}

/// What the source prints, file by file. Pinned so that an edit of a data file that changes a review shows up here.
const RULES: &[Rules] = &[
    Rules {
        id: "beijing-2007-acceptance",
        province: "北京",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Rules,
        passed: Some("通过"),
        failed: Some("不予通过"),
        requirements: 6,
        vetoes: 6,
        distinctions: &[],
    },
    Rules {
        id: "tianjin-2005-assessment",
        province: "天津",
        stage: Stage::Assessment,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("未通过"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "tianjin-2009-acceptance",
        province: "天津",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("通过验收"),
        failed: Some("未通过审核验收"),
        requirements: 10,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "liaoning-2006-assessment",
        province: "辽宁",
        stage: Stage::Assessment,
        stage_name: Some("评审"),
        track: "mandatory",
        decided_by: DecidedBy::Rules,
        passed: Some("通过评审"),
        failed: Some("不通过评审"),
        requirements: 2,
        vetoes: 1,
        distinctions: &[],
    },
    Rules {
        id: "liaoning-2006-acceptance",
        province: "辽宁",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Rules,
        passed: Some("通过验收"),
        failed: Some("不通过验收"),
        requirements: 2,
        vetoes: 2,
        distinctions: &["优秀企业"],
    },
    Rules {
        id: "shanghai-2008-assessment",
        province: "上海",
        stage: Stage::Assessment,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("不通过"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "shanghai-2008-acceptance",
        province: "上海",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("不通过"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "jiangxi-2003-acceptance",
        province: "江西",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: None,
        failed: None,
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "henan-2005-assessment",
        province: "河南",
        stage: Stage::Assessment,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Rules,
        passed: Some("通过"),
        failed: Some("不能通过"),
        requirements: 5,
        vetoes: 2,
        distinctions: &[],
    },
    Rules {
        id: "henan-2009-acceptance",
        province: "河南",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("不能通过"),
        requirements: 0,
        vetoes: 2,
        distinctions: &[],
    },
    Rules {
        id: "guangdong-2009-acceptance-mandatory",
        province: "广东",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Rules,
        passed: Some("通过"),
        failed: Some("不通过"),
        requirements: 1,
        vetoes: 5,
        distinctions: &[],
    },
    Rules {
        id: "hubei-2008-assessment-mandatory",
        province: "湖北",
        stage: Stage::Assessment,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("不通过"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "hubei-2008-acceptance-mandatory",
        province: "湖北",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("不通过"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "hunan-2009-assessment-voluntary",
        province: "湖南",
        stage: Stage::Assessment,
        stage_name: Some("评审"),
        track: "voluntary",
        decided_by: DecidedBy::Panel,
        passed: None,
        failed: None,
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "hunan-2009-assessment-mandatory",
        province: "湖南",
        stage: Stage::Assessment,
        stage_name: Some("评审"),
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: None,
        failed: None,
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "hunan-2009-acceptance",
        province: "湖南",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("合格"),
        failed: None,
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "guangxi-2005-acceptance",
        province: "广西",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("合格"),
        failed: None,
        requirements: 5,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "sichuan-2005-assessment",
        province: "四川",
        stage: Stage::Assessment,
        stage_name: Some("评价"),
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("合格"),
        failed: Some("不合格"),
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "yunnan-2007-acceptance",
        province: "云南",
        stage: Stage::Acceptance,
        stage_name: None,
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("合格"),
        failed: Some("不合格"),
        requirements: 3,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "shaanxi-2008-assessment",
        province: "陕西",
        stage: Stage::Assessment,
        stage_name: Some("评审"),
        track: "any",
        decided_by: DecidedBy::Panel,
        passed: Some("通过"),
        failed: Some("未通过"),
        requirements: 8,
        vetoes: 0,
        distinctions: &[],
    },
    Rules {
        id: "qinghai-2005-assessment-mandatory",
        province: "青海",
        stage: Stage::Assessment,
        stage_name: Some("审定"),
        track: "mandatory",
        decided_by: DecidedBy::Panel,
        passed: None,
        failed: None,
        requirements: 0,
        vetoes: 0,
        distinctions: &[],
    },
];

fn card(id: &str) -> &'static Scorecard {
    catalog().scorecard(id).unwrap_or_else(|| panic!("{id} is not built in"))
}

fn all_met(card: &Scorecard) -> BTreeMap<String, bool> {
    card.requirements.iter().map(|r| (r.id.clone(), true)).collect()
}

#[test]
fn every_rules_file_has_the_printed_shape() {
    for r in RULES {
        let card = card(r.id);
        assert_eq!(card.kind, CardKind::Rules, "{}", r.id);
        assert_eq!(card.province, r.province, "{}", r.id);
        assert_eq!(card.stage, r.stage, "{}", r.id);
        assert_eq!(card.stage_name.as_deref(), r.stage_name, "{}", r.id);
        assert_eq!(card.track.as_str(), r.track, "{}", r.id);
        assert_eq!(card.outcome.decided_by, r.decided_by, "{}", r.id);
        assert_eq!(card.outcome.passed.as_deref(), r.passed, "{}", r.id);
        assert_eq!(card.outcome.failed.as_deref(), r.failed, "{}", r.id);
        assert_eq!(card.requirements.len(), r.requirements, "{} requirements", r.id);
        assert_eq!(card.vetoes.len(), r.vetoes, "{} vetoes", r.id);
        let labels: Vec<&str> = card.distinctions.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(labels, r.distinctions, "{} distinctions", r.id);
        // A rules file prints no points: nothing to total, and every veto is the panel's to answer.
        assert!(card.items.is_empty() && card.grades.is_empty(), "{}", r.id);
        assert!(card.vetoes.iter().all(|v| v.computed.is_none()), "{}", r.id);
    }
}

/// The types of review a file defines (each decides which requirements apply), or none.
fn types(card: &Scorecard) -> Vec<Option<&str>> {
    if card.review_types.is_empty() {
        vec![None]
    } else {
        card.review_types.iter().map(|t| Some(t.id.as_str())).collect()
    }
}

#[test]
fn every_rules_file_concludes_in_the_provinces_words() {
    let none = BTreeMap::new();
    for r in RULES {
        let card = card(r.id);
        for t in types(card) {
            // Every requirement met, no veto: the rules pass it; where the panel decides, it is the panel's to say.
            let d = decide(card, None, false, &all_met(card), t, &none);
            match r.decided_by {
                DecidedBy::Rules => {
                    assert_eq!(d.passed, Some(true), "{}", r.id);
                    assert_eq!(d.conclusion.as_deref(), r.passed, "{}", r.id);
                }
                _ => assert_eq!((d.passed, d.conclusion.as_deref()), (None, None), "{}", r.id),
            }
            // One requirement unmet fails it, in the source's word for a failure, naming the requirement.
            for req in card.requirements_for(t) {
                let mut answers = all_met(card);
                answers.insert(req.id.clone(), false);
                let d = decide(card, None, false, &answers, t, &none);
                assert_eq!(d.passed, Some(false), "{} {}", r.id, req.id);
                assert_eq!(d.unmet, vec![req.id.clone()], "{} {}", r.id, req.id);
                // Where the source prints no word for a failure, the plain 不通过.
                assert_eq!(d.conclusion.as_deref(), r.failed.or(Some("不通过")), "{} {}", r.id, req.id);
            }
            // A veto that holds fails it whatever else the panel found.
            if !card.vetoes.is_empty() {
                let d = decide(card, None, true, &all_met(card), t, &none);
                assert_eq!(d.passed, Some(false), "{}", r.id);
                assert_eq!(d.conclusion.as_deref(), r.failed.or(Some("不通过")), "{}", r.id);
            }
            // A distinction is conferred only on a review that passed.
            for dist in &card.distinctions {
                let yes: BTreeMap<String, bool> = [(dist.id.clone(), true)].into();
                let passed = decide(card, None, false, &all_met(card), t, &yes);
                assert_eq!(passed.distinctions, vec![dist.label.clone()], "{}", r.id);
                let vetoed = decide(card, None, true, &all_met(card), t, &yes);
                assert!(vetoed.distinctions.is_empty(), "{}", r.id);
            }
        }
    }
}

/// Every rules file built in is pinned above: a new one (or one dropped) shows up here.
#[test]
fn every_rules_file_is_pinned() {
    let mut built_in: Vec<&str> =
        catalog().scorecards.iter().filter(|c| c.kind == CardKind::Rules).map(|c| c.id.as_str()).collect();
    let mut pinned: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    built_in.sort();
    pinned.sort();
    assert_eq!(built_in, pinned);
}
