//! The documents' parts and their escaping.

use super::signin::BLANK_ROWS;
use super::*;
use crate::bundle::payload::*;
use crate::bundle::short_hash;
use crate::domain::points::{Mean, Points};
use crate::domain::scorecard::Scorecard;

#[test]
fn escapes_markup_and_ampersands() {
    assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_eq!(escape("A&B \"x\" 'y'"), "A&amp;B &quot;x&quot; &#39;y&#39;");
    assert_eq!(escape("&amp;"), "&amp;amp;");
    assert_eq!(escape("中文\r\n第二行"), "中文\n第二行");
    assert_eq!(css_string("a\"b\\c</style>"), "\"a\\22 b\\5C c\\3C /style\\3E \"");
}

fn payload() -> Payload {
    let expert = |name: &str, role: &str, recused: bool| ExpertPart {
        name: name.into(),
        unit: format!("{name}的单位"),
        title: "高级工程师".into(),
        field: "清洁生产".into(),
        role: role.into(),
        recused,
    };
    let score = |expert: &str, item: &str, score: &str, reason: &str| ScorePart {
        expert: expert.into(),
        item: item.into(),
        score: score.into(),
        reason: reason.into(),
        evidence: String::new(),
    };
    // A version 1 payload, upgraded: its documents must print exactly as version 1 printed them.
    PayloadV1 {
        format: FORMAT.into(),
        version: 1,
        review: ReviewPart {
            uid: "uid-1".into(),
            revision: 1,
            date: "2026-11-28".into(),
            place: "福州市".into(),
            finalized_at: "2026-11-28T10:00:00+08:00".into(),
        },
        enterprise: EnterprisePart {
            name: "闽江<script>alert(1)</script>化工 & 有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            address: "福州".into(),
            industry: "化工".into(),
            track: "一般".into(),
            agency: "咨询中心".into(),
        },
        scorecard: ScorecardPart {
            id: "t".into(),
            province: "福建".into(),
            title: "验收评分表".into(),
            stage: "验收".into(),
            sha256: "0".repeat(64),
        },
        panel: vec![expert("王建国", "lead", false), expert("李秀英", "member", false), expert("陈立", "member", true)],
        recusals: vec![RecusalPart {
            expert: "陈立".into(),
            reason: "participated".into(),
            statement: "本人曾参与咨询。".into(),
            recorded_by: "x".into(),
            recorded_at: "t".into(),
        }],
        scores: vec![
            score("王建国", "1.1", "8", "方案<未完成>"),
            score("李秀英", "1.1", "9.5", "台账 & 记录不全"),
            score("王建国", "1.2", "10", ""),
            score("李秀英", "1.2", "10", ""),
        ],
        facts: Default::default(),
        bonuses: Default::default(),
        weights: Default::default(),
        vetoes: vec![],
        result: ResultPart {
            total: "18.75".into(),
            total_exact: "18.75".into(),
            max_total: "20".into(),
            passed: Some(true),
            grade: Some("良好".into()),
            vetoed: false,
            triggered_vetoes: vec![],
            experts: vec![
                ExpertTotal { name: "王建国".into(), total: "18".into() },
                ExpertTotal { name: "李秀英".into(), total: "19.5".into() },
            ],
            sections: vec![],
        },
        opinion: OpinionPart {
            summary: "第一行\n第二行".into(),
            problems: "1. 问题一；\n2. 问题二。".into(),
            suggestions: "建议".into(),
            conclusion: "通过验收。".into(),
        },
        signins: vec![SignInPart {
            name: "赵敏".into(),
            unit: "生态环境局".into(),
            position: "科长".into(),
            capacity: "主管部门".into(),
        }],
        audit_head: AuditHead { seq: 1, hash: "0".repeat(64) },
    }
    .upgrade()
    .upgrade()
    .upgrade()
}

fn card() -> Scorecard {
    let (catalog, _) = crate::builtin::load_catalog(None);
    catalog.scorecards[0].clone()
}

fn no_raw_markup(html: &str) {
    assert!(!html.contains("<script"), "user text reached the document unescaped");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
}

#[test]
fn opinion_has_the_key_parts() {
    let p = payload();
    let sha = "ab".repeat(32);
    let signers = vec![
        SignerInfo {
            expert: "王建国".into(),
            status: SignStatus::Signed,
            key_id: Some("0123456789ABCDEF".into()),
            signed_at: Some("2026-11-28T11:00:00+08:00".into()),
            dissent: None,
        },
        SignerInfo {
            expert: "李秀英".into(),
            status: SignStatus::Dissented,
            key_id: Some("FEDCBA9876543210".into()),
            signed_at: None,
            dissent: Some("本人认为<问题二>未整改".into()),
        },
    ];
    let html = opinion_html(&p, &signers, &sha);
    no_raw_markup(&html);
    assert!(html.contains("闽江&lt;script&gt;alert(1)&lt;/script&gt;化工 &amp; 有限公司"));
    assert!(html.contains("良好") && html.contains("通过"));
    assert!(html.contains(&short_hash(&sha)) && html.contains(&sha));
    for name in ["王建国", "李秀英", "陈立"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("回避") && html.contains("本人曾参与咨询。"));
    assert!(html.contains("已签名") && html.contains("0123456789ABCDEF") && html.contains("持不同意见"));
    assert!(html.contains("本人认为&lt;问题二&gt;未整改"));
    assert!(html.contains("第一行\n第二行"), "line breaks are kept");
    assert!(html.contains("手写签名"));
    // The recused expert has no signature row.
    assert_eq!(html.matches("class=\"sign\"").count(), 2 * 2);

    let mut p2 = p.clone();
    p2.result.passed = None;
    assert!(opinion_html(&p2, &[], &sha).contains("本表未印合格线"));
}

#[test]
fn score_sheet_has_scores_means_and_reasons() {
    let card = card();
    let mut p = payload();
    let items: Vec<_> = card.scored_items().take(2).map(|i| (i.id.clone(), i.points)).collect();
    p.scorecard.title = card.title.clone();
    p.scores = vec![
        ScorePart {
            expert: "王建国".into(),
            item: items[0].0.clone(),
            score: (items[0].1 - Points::from_tenths(5)).to_string(),
            reason: "方案<未完成>".into(),
            evidence: String::new(),
        },
        ScorePart {
            expert: "李秀英".into(),
            item: items[0].0.clone(),
            score: items[0].1.to_string(),
            reason: "台账 & 记录不全".into(),
            evidence: String::new(),
        },
    ];
    let html = score_sheet_html(&p, &card);
    no_raw_markup(&html);
    assert!(html.contains("方案&lt;未完成&gt;") && html.contains("台账 &amp; 记录不全"));
    let mean = Mean::of([items[0].1 - Points::from_tenths(5), items[0].1]).unwrap().display();
    assert!(html.contains(&format!(">{mean}<")), "mean {mean}");
    assert!(html.contains("王建国") && html.contains("李秀英"));
    assert!(!html.contains("<th class=\"num\">陈立</th>"), "a recused expert has no column");
    assert!(html.contains(&short_hash(&payload_hash(&p))));
    assert!(html.contains("良好") && html.contains("18.75"));
}

#[test]
fn signin_lists_entries_and_missing_experts() {
    let p = payload();
    let html = signin_html(&p);
    no_raw_markup(&html);
    for name in ["赵敏", "王建国", "李秀英", "陈立"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("2026年11月28日") && html.contains("签名"));
    assert_eq!(html.matches("class=\"num fill\"").count(), 4 + BLANK_ROWS);
    assert!(html.contains(&short_hash(&payload_hash(&p))));
}
