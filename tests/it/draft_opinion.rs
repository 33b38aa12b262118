//! The draft of the opinion (验收意见) as the lead gets it with `g`: the whole date, every deduction with every
//! expert's reason, no line references of the source compilation, a conclusion that says the result once, and
//! suggestions drawn from the deductions only.

use crate::common;

use std::collections::BTreeMap;

use yanshou::domain::points::Points;
use yanshou::domain::review::{
    Answer, Enterprise, Expert, Opinion, Recusal, ReviewData, Role, Score, Status, VetoFinding, draft_opinion,
};
use yanshou::domain::scorecard::Track;
use yanshou::domain::scoring::evaluate;

fn expert(id: i64, name: &str, field: &str, lead: bool) -> Expert {
    Expert {
        id,
        name: name.into(),
        unit: String::new(),
        title: String::new(),
        field: field.into(),
        role: if lead { Role::Lead } else { Role::Member },
    }
}

/// A 福建 acceptance review: 王建国 (lead), 李秀英 and 张伟 score, 赵敏 recused; every item at full marks but the
/// deductions given, each `(expert id, item, points in tenths, reason)`.
fn review(deductions: &[(i64, &str, i64, &str)], vetoes: &[(&str, Answer)]) -> ReviewData {
    let card = common::catalog().scorecard("fujian-2008-acceptance").unwrap();
    let mut scores = Vec::new();
    for e in 1..=3 {
        for item in card.scored_items() {
            let (points, reason) = deductions
                .iter()
                .find(|d| d.0 == e && d.1 == item.id)
                .map_or((item.points, ""), |d| (Points::from_tenths(d.2), d.3));
            scores.push(Score {
                expert_id: e,
                item_id: item.id.clone(),
                points,
                reason: reason.into(),
                evidence: String::new(),
            });
        }
    }
    ReviewData {
        id: 1,
        enterprise: Enterprise {
            name: "福建某某化工有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            address: String::new(),
            industry: String::new(),
            track: Track::Any,
            agency: String::new(),
        },
        scorecard_id: card.id.clone(),
        scorecard_hash: String::new(),
        date: "2026-11-28".into(),
        place: "企业会议室".into(),
        status: Status::Scoring,
        experts: vec![
            expert(1, "王建国", "清洁生产", true),
            expert(2, "李秀英", "环保", false),
            expert(3, "张伟", "行业", false),
            expert(4, "赵敏", "能源", false),
        ],
        recusals: vec![Recusal {
            expert_id: 4,
            reason_id: None,
            reason: "参与该企业审核咨询".into(),
            statement: "曾参与该企业审核咨询".into(),
            recorded_by: "测试".into(),
            recorded_at: "2026-11-28T09:00:00+08:00".into(),
        }],
        scores,
        facts: BTreeMap::new(),
        bonuses: BTreeMap::new(),
        weights: BTreeMap::new(),
        vetoes: vetoes
            .iter()
            .map(|(v, a)| VetoFinding { veto_id: v.to_string(), answer: *a, evidence: "现场核查".into() })
            .collect(),
        opinion: Opinion::default(),
        signins: Vec::new(),
        review_type: None,
        requirements: Vec::new(),
        distinctions: Vec::new(),
        decision: None,
    }
}

fn draft(r: &ReviewData) -> Opinion {
    let card = common::catalog().scorecard(&r.scorecard_id).unwrap();
    let e = evaluate(card, &r.evaluation_input(card)).ok();
    draft_opinion(r, card, e.as_ref())
}

/// Seven deductions by three experts on five items: the draft keeps them all (it kept the five items that lost the
/// most, and of those a reason per expert), in the sheet's order, each expert with their deduction and reason.
const SEVEN: [(i64, &str, i64, &str); 7] = [
    (1, "1.4", 85, "一项中费方案尚未完成"),
    (2, "1.4", 90, "中费方案进度滞后"),
    (1, "2.1", 35, "审核小组分工不明确"),
    (3, "2.6", 50, "部分指标未达到三级标准"),
    (2, "3.1", 15, "培训记录不全"),
    (3, "3.3", 25, "台账缺少月度数据"),
    (1, "4.2", 0, "未通过环境管理体系认证"),
];

#[test]
fn the_draft_keeps_the_whole_date_and_every_deduction() {
    let o = draft(&review(&SEVEN, &[("v1", Answer::No), ("v2", Answer::No), ("v3", Answer::No)]));
    assert!(
        o.summary.starts_with(
            "2026年11月28日，专家组（王建国（清洁生产，组长）、李秀英（环保）、张伟（行业））在企业会议室依据《"
        ),
        "{}",
        o.summary
    );
    assert!(o.summary.contains("专家赵敏（参与该企业审核咨询）依规回避，未参与评分。"), "{}", o.summary);
    for (_, _, _, reason) in SEVEN {
        assert_eq!(o.problems.matches(reason).count(), 1, "“{reason}” is not in the problems once:\n{}", o.problems);
    }
    for line in
        ["王建国扣1.5分，一项中费方案尚未完成", "李秀英扣1分，中费方案进度滞后", "王建国扣2分，未通过环境管理体系认证"]
    {
        assert!(o.problems.contains(line), "no “{line}” in\n{}", o.problems);
    }
    // One line per item that lost points, numbered, in the sheet's order.
    let lines: Vec<&str> = o.problems.lines().collect();
    assert_eq!(lines.len(), 6, "{}", o.problems);
    for (n, id) in ["1.4", "2.1", "2.6", "3.1", "3.3", "4.2"].iter().enumerate() {
        assert!(
            lines[n].starts_with(&format!("{}. ", n + 1)) && lines[n].contains(&format!("第 {id} 项")),
            "{}",
            lines[n]
        );
    }
}

/// Items 2.1 and 2.4 (10 points each) scored 0 by all three: 80 points, the grade 通过.
const LOW: [(i64, &str, i64, &str); 6] = [
    (1, "2.1", 0, "审核小组未建立"),
    (2, "2.1", 0, "审核小组未建立"),
    (3, "2.1", 0, "审核小组未建立"),
    (1, "2.4", 0, "未开展物料平衡"),
    (2, "2.4", 0, "未开展物料平衡"),
    (3, "2.4", 0, "未开展物料平衡"),
];

#[test]
fn the_official_text_has_no_line_references_and_says_the_result_once() {
    let o = draft(&review(&SEVEN, &[("v1", Answer::Yes), ("v2", Answer::No), ("v3", Answer::No)]));
    for text in [&o.summary, &o.problems, &o.suggestions, &o.conclusion] {
        assert!(!text.contains("（L") && !text.contains("(L"), "a line reference in: {text}");
    }
    assert!(o.summary.contains("存在否决项：清洁生产方案实施期间发生环境污染与破坏事故。"), "{}", o.summary);
    assert_eq!(o.conclusion, "验收不予通过。");
    // A total that passes with the grade 通过 is not “通过验收（通过）”; 优秀 says more than the verdict and stays.
    let passed = review(&LOW, &[("v1", Answer::No), ("v2", Answer::No), ("v3", Answer::No)]);
    let o = draft(&passed);
    assert_eq!(o.conclusion, "通过验收。", "{}", o.summary);
    assert!(o.summary.contains("评定等级为“通过”"), "{}", o.summary);
    let best = draft(&review(&[], &[("v1", Answer::No), ("v2", Answer::No), ("v3", Answer::No)]));
    assert_eq!(best.conclusion, "通过验收（优秀）。");
}

#[test]
fn the_suggestions_are_drawn_from_the_deductions_and_the_panels_own_are_kept() {
    let mut r =
        review(&[&LOW[..], &SEVEN[4..6]].concat(), &[("v1", Answer::No), ("v2", Answer::No), ("v3", Answer::No)]);
    let o = draft(&r);
    let lines: Vec<&str> = o.suggestions.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.suggestions);
    assert_eq!(lines[0], "1. 优先落实未得分的第 2.1、2.4 项。");
    assert_eq!(lines[1], "2. 对照评分表要求，逐项整改存在问题所列的第 3.1、3.3 项。");
    // Nothing lost: nothing to suggest.
    assert_eq!(draft(&review(&[], &[])).suggestions, "");
    // What the panel wrote stays.
    r.opinion.suggestions = "建议企业继续推进中高费方案。".into();
    assert_eq!(draft(&r).suggestions, "建议企业继续推进中高费方案。");
}
