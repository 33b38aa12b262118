//! Every built-in sheet: its structure as transcribed from the source, each grade boundary on both sides, each veto,
//! each conditional rule and each bonus.

use crate::common;

use common::*;
use yanshou::domain::points::Points;
use yanshou::domain::scorecard::{CardKind, FactKind, FactValue, Op, RuleScore, VetoTrigger};
use yanshou::domain::scoring::{FactInput, Literal, evaluate};

struct Shape {
    id: &'static str,
    province: &'static str,
    sections: &'static [i64],
    scored_items: usize,
    vetoes: usize,
    bonuses: usize,
    grades: &'static [(&'static str, &'static str, i64, bool)],
}

/// What the source prints, sheet by sheet (section points in whole points; grades as label, comparison, score,
/// passed). Pinned so that an edit of a data file that changes the sheet shows up here.
const SHAPES: &[Shape] = &[
    Shape {
        id: "anhui-2007-acceptance",
        province: "安徽",
        sections: &[20, 35, 45],
        scored_items: 26,
        vetoes: 6,
        bonuses: 0,
        grades: &[("合格", ">", 90, true), ("基本合格", ">", 80, true)],
    },
    Shape {
        id: "fujian-2008-acceptance",
        province: "福建",
        sections: &[20, 55, 10, 15],
        scored_items: 16,
        vetoes: 3,
        bonuses: 0,
        grades: &[("优秀", ">", 85, true), ("通过", ">=", 60, true), ("不通过", "<", 60, false)],
    },
    Shape {
        id: "fujian-2008-assessment",
        province: "福建",
        sections: &[10, 30, 10, 45, 5],
        scored_items: 26,
        vetoes: 7, // the sheet's six, and the second case of 实施细则 第二十七条（6）
        bonuses: 0,
        grades: &[("优秀", ">", 85, true), ("通过", ">=", 60, true), ("不通过", "<", 60, false)],
    },
    Shape {
        id: "guangdong-2003-acceptance",
        province: "广东",
        sections: &[40, 20, 20, 20],
        scored_items: 21,
        vetoes: 0,
        bonuses: 0,
        grades: &[],
    },
    Shape {
        id: "guangdong-2009-mandatory",
        province: "广东",
        sections: &[20, 50, 20, 10],
        scored_items: 21,
        vetoes: 6,
        bonuses: 0,
        grades: &[],
    },
    Shape {
        id: "guangdong-2009-voluntary",
        province: "广东",
        sections: &[30, 40, 30],
        scored_items: 26,
        vetoes: 1,
        bonuses: 0,
        grades: &[("良好", ">=", 80, true), ("合格", ">=", 60, true)],
    },
    Shape {
        id: "neimenggu-2005-acceptance",
        province: "内蒙古",
        sections: &[15, 10, 20, 15, 10, 15, 15],
        scored_items: 33,
        vetoes: 0,
        bonuses: 1,
        grades: &[("优秀", ">", 90, true), ("通过验收", ">", 80, true)],
    },
    Shape {
        id: "shandong-2008-acceptance",
        province: "山东",
        sections: &[15, 30, 45, 10],
        scored_items: 36,
        vetoes: 6,
        bonuses: 0,
        grades: &[("优秀", ">=", 85, true), ("合格", ">=", 70, true)],
    },
    Shape {
        id: "zhejiang-2003-acceptance",
        province: "浙江",
        sections: &[15, 10, 20, 15, 10, 15, 15],
        scored_items: 33,
        vetoes: 6,
        bonuses: 1,
        grades: &[("优秀", ">", 90, true), ("通过验收", ">", 80, true)],
    },
];

#[test]
fn every_sheet_has_the_printed_structure() {
    let catalog = catalog();
    // Every printed sheet is pinned here; rules files (no printed sheet) are pinned in `RULES`.
    let sheets = catalog.scorecards.iter().filter(|c| c.kind == CardKind::Sheet).count();
    assert_eq!(sheets, SHAPES.len());
    for s in SHAPES {
        let card = catalog.scorecard(s.id).unwrap_or_else(|| panic!("{} is not built in", s.id));
        assert_eq!(card.province, s.province, "{}", s.id);
        assert_eq!(card.max_total, Points::whole(100), "{}", s.id);
        let sections: Vec<i64> = card.sections.iter().map(|x| x.points.tenths() / 10).collect();
        assert_eq!(sections, s.sections, "{} sections", s.id);
        assert_eq!(card.scored_items().count(), s.scored_items, "{} scored items", s.id);
        assert_eq!(card.vetoes.len(), s.vetoes, "{} vetoes", s.id);
        assert_eq!(card.bonuses.len(), s.bonuses, "{} bonuses", s.id);
        let grades: Vec<(&str, &str, i64, bool)> =
            card.grades.iter().map(|g| (g.label.as_str(), g.op.symbol(), g.score.tenths() / 10, g.passed)).collect();
        assert_eq!(grades, s.grades, "{} grades", s.id);
        // Scored items add up to the printed total, section by section.
        for sec in &card.sections {
            let sum: Points = card.scored_items().filter(|i| i.section == sec.id).map(|i| i.points).sum();
            assert_eq!(sum, sec.points, "{} section {}", s.id, sec.id);
        }
        if s.grades.is_empty() {
            assert!(card.notes.iter().any(|n| n.kind == yanshou::domain::scorecard::NoteKind::NoPassMark), "{}", s.id);
        }
    }
}

/// (total in tenths, as a mean of these expert totals) → expected grade and pass.
fn outcome(id: &str, totals: &[i64]) -> (Option<String>, Option<bool>, bool) {
    let catalog = catalog();
    let card = catalog.scorecard(id).unwrap();
    let input = panel(card, &totals.iter().map(|t| tenths(*t)).collect::<Vec<_>>());
    let e = evaluate(card, &input).unwrap();
    (e.grade, e.passed, e.vetoed)
}

const AT: fn(i64) -> Vec<i64> = |t| vec![t * 10];
const ABOVE: fn(i64) -> Vec<i64> = |t| vec![t * 10, t * 10 + 1]; // mean t + 0.05
const BELOW: fn(i64) -> Vec<i64> = |t| vec![t * 10, t * 10 - 1]; // mean t - 0.05

fn check(id: &str, cases: &[(Vec<i64>, Option<&str>, Option<bool>)]) {
    for (totals, grade, passed) in cases {
        let (g, p, _) = outcome(id, totals);
        assert_eq!((g.as_deref(), p), (*grade, *passed), "{id} at {totals:?}");
    }
}

#[test]
fn grade_boundaries_strictly_greater() {
    // 大于 80 / 大于 90: exactly 80 does not pass, exactly 90 is not 优秀.
    for id in ["neimenggu-2005-acceptance", "zhejiang-2003-acceptance"] {
        check(
            id,
            &[
                (AT(90), Some("通过验收"), Some(true)),
                (ABOVE(90), Some("优秀"), Some(true)),
                (BELOW(90), Some("通过验收"), Some(true)),
                (AT(80), None, Some(false)),
                (ABOVE(80), Some("通过验收"), Some(true)),
                (BELOW(80), None, Some(false)),
                (AT(100), Some("优秀"), Some(true)),
                (AT(0), None, Some(false)),
            ],
        );
    }
    check(
        "anhui-2007-acceptance",
        &[
            (AT(90), Some("基本合格"), Some(true)),
            (ABOVE(90), Some("合格"), Some(true)),
            (BELOW(90), Some("基本合格"), Some(true)),
            (AT(80), None, Some(false)),
            (ABOVE(80), Some("基本合格"), Some(true)),
            (BELOW(80), None, Some(false)),
        ],
    );
}

#[test]
fn grade_boundaries_fujian() {
    // 大于 85 优秀, 大于等于 60 通过, 小于 60 不通过.
    for id in ["fujian-2008-acceptance", "fujian-2008-assessment"] {
        check(
            id,
            &[
                (AT(85), Some("通过"), Some(true)),
                (ABOVE(85), Some("优秀"), Some(true)),
                (BELOW(85), Some("通过"), Some(true)),
                (AT(60), Some("通过"), Some(true)),
                (ABOVE(60), Some("通过"), Some(true)),
                (BELOW(60), Some("不通过"), Some(false)),
                (AT(0), Some("不通过"), Some(false)),
            ],
        );
    }
}

/// 福建 85: the sheets print 大于 85 优秀 while the 实施细则 says 85 分（含）. The sheet's reading decides (85 is 通过), and a
/// total of exactly 85 is flagged with both citations; a total beside it is not.
#[test]
fn fujian_85_is_a_contested_boundary() {
    let catalog = catalog();
    for (id, sheet_line, article) in
        [("fujian-2008-assessment", "L9123", "L8705-L8707"), ("fujian-2008-acceptance", "L9230", "L8782-L8784")]
    {
        let card = catalog.scorecard(id).unwrap();
        let hits = |totals: &[i64]| {
            let input = panel(card, &totals.iter().map(|t| tenths(*t)).collect::<Vec<_>>());
            let e = evaluate(card, &input).unwrap();
            let d =
                yanshou::domain::decide::decide(card, e.total, false, &Default::default(), None, &Default::default());
            (d.grade, d.contested)
        };
        let (grade, contested) = hits(&AT(85));
        assert_eq!(grade.as_deref(), Some("通过"), "{id}");
        assert_eq!(contested.len(), 1, "{id}");
        assert_eq!(contested[0].sources, [sheet_line, article], "{id}");
        for beside in [ABOVE(85), BELOW(85)] {
            assert!(hits(&beside).1.is_empty(), "{id} at {beside:?}");
        }
    }
}

#[test]
fn grade_boundaries_at_or_above() {
    check(
        "guangdong-2009-voluntary",
        &[
            (AT(80), Some("良好"), Some(true)),
            (ABOVE(80), Some("良好"), Some(true)),
            (BELOW(80), Some("合格"), Some(true)),
            (AT(60), Some("合格"), Some(true)),
            (ABOVE(60), Some("合格"), Some(true)),
            (BELOW(60), None, Some(false)),
        ],
    );
    // 山东: 达到 85 优秀, 达到 70 合格; below 70 the computed veto （6） fires.
    check(
        "shandong-2008-acceptance",
        &[
            (AT(85), Some("优秀"), Some(true)),
            (ABOVE(85), Some("优秀"), Some(true)),
            (BELOW(85), Some("合格"), Some(true)),
            (AT(70), Some("合格"), Some(true)),
            (ABOVE(70), Some("合格"), Some(true)),
            (BELOW(70), Some("不予通过"), Some(false)),
        ],
    );
    assert!(outcome("shandong-2008-acceptance", &BELOW(70)).2, "veto （6） fires below 70");
    assert!(!outcome("shandong-2008-acceptance", &AT(70)).2, "veto （6） does not fire at 70");
}

/// Sheets without a pass mark: the 2003 sheet leaves the result to the panel (no veto, every requirement met: not
/// decided by the points); the 2009 强制 sheet is the 评估's, whose result 第二十八条 decides by its six cases alone, so
/// without one it is 通过 whatever the points (a 100-point review, and a 0-point one).
#[test]
fn sheets_without_a_pass_mark_decide_by_vetoes_alone() {
    for t in [0, 59, 60, 80, 100] {
        assert_eq!(outcome("guangdong-2003-acceptance", &AT(t)), (None, None, false), "2003 at {t}");
        assert_eq!(outcome("guangdong-2009-mandatory", &AT(t)), (None, Some(true), false), "2009 强制 at {t}");
    }
    let card = catalog().scorecard("guangdong-2009-mandatory").unwrap();
    assert_eq!(card.stage, yanshou::domain::scorecard::Stage::Assessment);
    let e = evaluate(card, &panel(card, &[tenths(1000)])).unwrap();
    assert_eq!(e.conclusion.as_deref(), Some("通过"));
}

#[test]
fn every_veto_fails_the_review_whatever_the_score() {
    let catalog = catalog();
    for card in &catalog.scorecards {
        for veto in &card.vetoes {
            let mut input = panel(card, &[card.max_total, card.max_total]);
            match &veto.computed {
                None => input.vetoes.push(veto.id.clone()),
                Some(VetoTrigger::Fact(cond)) => {
                    input.facts.insert(cond.fact.clone(), fact_input(cond.value));
                }
                Some(VetoTrigger::Total { op, score }) => {
                    assert!(matches!(op, Op::Lt | Op::Le), "{} {}", card.id, veto.id);
                    let below = if *op == Op::Lt { score.tenths() - 1 } else { score.tenths() };
                    input = panel(card, &[tenths(below)]);
                }
            }
            let e = evaluate(card, &input).unwrap_or_else(|err| panic!("{} {}: {err}", card.id, veto.id));
            assert!(e.vetoed, "{} {}", card.id, veto.id);
            assert_eq!(e.triggered_vetoes, vec![veto.id.clone()], "{}", card.id);
            assert_eq!(e.passed, Some(false), "{} {}", card.id, veto.id);
            assert_eq!(e.grade.as_deref(), card.fail_label(), "{} {}", card.id, veto.id);
            // A computed veto cannot be confirmed by hand; a confirmed one cannot be unknown.
            if veto.computed.is_some() {
                let mut by_hand = panel(card, &[card.max_total]);
                by_hand.vetoes.push(veto.id.clone());
                let err = evaluate(card, &by_hand).unwrap_err().to_string();
                assert!(err.contains("cannot be confirmed by hand"), "{err}");
            }
        }
        let mut unknown = panel(card, &[card.max_total]);
        unknown.vetoes.push("v99".into());
        assert!(evaluate(card, &unknown).unwrap_err().to_string().contains("veto “v99” is not a veto"));
    }
}

fn fact_input(v: FactValue) -> FactInput {
    match v {
        FactValue::Bool(b) => FactInput::Bool(b),
        FactValue::Number(d) => FactInput::Number(Literal(d.to_string())),
    }
}

/// A value that makes `op value` hold, as close to the boundary as one decimal allows.
fn holding(op: Op, value: FactValue) -> FactValue {
    match value {
        FactValue::Bool(b) => FactValue::Bool(if op == Op::Ne { !b } else { b }),
        FactValue::Number(d) => {
            let s = d.to_string();
            let x: f64 = s.parse().unwrap();
            let v = match op {
                Op::Lt => x - 0.1,
                Op::Gt => x + 0.1,
                Op::Ne => x + 1.0,
                _ => x,
            };
            FactValue::Number(yanshou::domain::points::Decimal::parse(&format!("{v:.1}")).unwrap())
        }
    }
}

#[test]
fn every_conditional_rule_settles_its_item() {
    let catalog = catalog();
    let mut rules_seen = 0;
    for card in &catalog.scorecards {
        for item in card.scored_items() {
            for (n, rule) in item.rules.iter().enumerate() {
                let value = holding(rule.when.op, rule.when.value);
                // Earlier rules on the same item must not hold for this value, or the first one settles it.
                if item.rules[..n].iter().any(|r| r.when.fact == rule.when.fact && r.when.holds(value)) {
                    continue;
                }
                rules_seen += 1;
                let mut input = panel(card, &[card.max_total]);
                input.experts[0].scores.remove(&item.id); // a settled item may be left out
                input.facts.insert(rule.when.fact.clone(), fact_input(value));
                let e = evaluate(card, &input).unwrap_or_else(|err| panic!("{} {}: {err}", card.id, item.id));
                let r = e.items.iter().find(|r| r.id == item.id).unwrap();
                let expected = match rule.score {
                    RuleScore::Max => item.points,
                    RuleScore::Points(p) => p,
                };
                assert_eq!(r.mean.cmp_points(expected), std::cmp::Ordering::Equal, "{} {}", card.id, item.id);
                assert!(r.settled_by.as_deref().unwrap().contains(&rule.text), "{} {}", card.id, item.id);
                // An expert's different score is refused, naming the item.
                if expected != Points::ZERO || item.points != Points::ZERO {
                    let other = if expected == Points::ZERO { item.points } else { Points::ZERO };
                    let mut conflicting = input.clone();
                    conflicting.experts[0].scores.insert(item.id.clone(), Literal::from(other));
                    let err = evaluate(card, &conflicting).unwrap_err().to_string();
                    assert!(err.contains(&format!("item {}", item.id)) && err.contains("conflicts"), "{err}");
                }
            }
        }
        // Without the fact, every item must be scored by the experts.
        for f in card.facts.iter().filter(|f| f.kind == FactKind::Bool) {
            let _ = f;
        }
    }
    assert!(rules_seen >= 10, "only {rules_seen} rules exercised");
}

#[test]
fn shandong_emissions_compliant_gives_full_marks_on_item_12() {
    let catalog = catalog();
    let card = catalog.scorecard("shandong-2008-acceptance").unwrap();
    let settled: Vec<&str> = card
        .scored_items()
        .filter(|i| i.rules.iter().any(|r| r.when.fact == "emissions_compliant"))
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(settled, ["3.2.1", "3.2.2", "3.2.3"]);
    let mut input = panel(card, &[tenths(700)]);
    for id in &settled {
        input.experts[0].scores.remove(*id);
    }
    // Without the fact the three sub-items are missing.
    let err = evaluate(card, &input).unwrap_err().to_string();
    assert!(err.contains("item 3.2.1 (or give fact emissions_compliant"), "{err}");
    input.facts.insert("emissions_compliant".into(), FactInput::Bool(true));
    let e = evaluate(card, &input).unwrap();
    for id in &settled {
        let r = e.items.iter().find(|r| r.id == *id).unwrap();
        assert_eq!(r.min, r.max);
        assert_eq!(r.min, card.item(id).unwrap().points);
    }
}

#[test]
fn guangdong_compliance_rate_below_97_scores_zero() {
    let catalog = catalog();
    let card = catalog.scorecard("guangdong-2009-voluntary").unwrap();
    let gated: Vec<(&str, &str)> = card
        .scored_items()
        .flat_map(|i| {
            i.rules.iter().filter(|r| r.when.op == Op::Lt).map(move |r| (i.id.as_str(), r.when.fact.as_str()))
        })
        .collect();
    assert_eq!(gated.len(), 2, "items 23 and 24: {gated:?}");
    for (item, fact) in gated {
        let max = card.item(item).unwrap().points;
        for (rate, settled) in [("96.9", true), ("96.99", true), ("97", false), ("100", false)] {
            let mut input = panel(card, &[tenths(800)]);
            input.facts.insert(fact.into(), FactInput::Number(Literal(rate.into())));
            if settled {
                input.experts[0].scores.insert(item.into(), Literal::from(Points::ZERO));
            } else {
                input.experts[0].scores.insert(item.into(), Literal::from(max));
            }
            let e = evaluate(card, &input).unwrap_or_else(|err| panic!("{item} at {rate}: {err}"));
            let r = e.items.iter().find(|r| r.id == item).unwrap();
            assert_eq!(r.settled_by.is_some(), settled, "{item} at {rate}");
        }
        // At 96.9 % a full score is refused.
        let mut input = panel(card, &[tenths(800)]);
        input.facts.insert(fact.into(), FactInput::Number(Literal("96.9".into())));
        input.experts[0].scores.insert(item.into(), Literal::from(max));
        assert!(evaluate(card, &input).is_err());
    }
}

#[test]
fn bonuses_add_within_their_range() {
    let catalog = catalog();
    for card in catalog.scorecards.iter().filter(|c| !c.bonuses.is_empty()) {
        for b in &card.bonuses {
            for (value, ok) in [(b.min, true), (b.max, true), (b.min - tenths(1), false), (b.max + tenths(1), false)] {
                let mut input = panel(card, &[tenths(850)]);
                input.bonuses.insert(b.id.clone(), Literal::from(value));
                match evaluate(card, &input) {
                    Ok(e) => {
                        assert!(ok, "{} {} {value} accepted", card.id, b.id);
                        assert_eq!(e.experts[0].total, tenths(850) + value);
                    }
                    Err(err) => {
                        assert!(!ok, "{} {} {value}: {err}", card.id, b.id);
                        assert!(err.to_string().contains(&format!("bonus {}", b.id)));
                    }
                }
            }
            // At full marks the bonus lifts the total above 100 only where the sheet allows it.
            let mut input = panel(card, &[card.max_total]);
            input.bonuses.insert(b.id.clone(), Literal::from(b.max));
            let e = evaluate(card, &input).unwrap();
            let expected = if card.total_may_exceed_max { card.max_total + b.max } else { card.max_total };
            assert_eq!(e.experts[0].total, expected, "{}", card.id);
            assert_eq!(e.experts[0].capped, !card.total_may_exceed_max);
        }
    }
    // A bonus lifts 80 (not passing: 大于 80) to 82, which passes.
    let card = catalog.scorecard("neimenggu-2005-acceptance").unwrap();
    let mut input = panel(card, &[tenths(800)]);
    assert_eq!(evaluate(card, &input).unwrap().passed, Some(false));
    input.bonuses.insert("iso14001".into(), Literal("2".into()));
    let e = evaluate(card, &input).unwrap();
    assert_eq!((e.passed, e.grade.as_deref()), (Some(true), Some("通过验收")));
}

#[test]
fn adjustable_weights_keep_section_totals() {
    let catalog = catalog();
    let card = catalog.scorecard("neimenggu-2005-acceptance").unwrap();
    let w = card.weights.as_ref().unwrap();
    assert!(w.adjustable);
    let sec = &card.sections[0];
    let items: Vec<_> = card.scored_items().filter(|i| i.section == sec.id).collect();
    let (a, b) = (items[0], items[1]);
    let mut input = panel(card, &[tenths(900)]);
    input.weights.insert(a.id.clone(), Literal::from(a.points + tenths(10)));
    input.weights.insert(b.id.clone(), Literal::from(b.points - tenths(10)));
    // The expert filled items to their printed maximum; the first item now allows one point more.
    input.experts[0].scores.insert(a.id.clone(), Literal::from(a.points + tenths(10)));
    input.experts[0].scores.insert(b.id.clone(), Literal::from(b.points - tenths(10)));
    let e = evaluate(card, &input).unwrap();
    assert_eq!(e.items.iter().find(|r| r.id == a.id).unwrap().max, a.points + tenths(10));
    // Changing one item alone would change the section total: refused.
    input.weights.remove(&b.id);
    input.experts[0].scores.insert(b.id.clone(), Literal::from(Points::ZERO));
    let err = evaluate(card, &input).unwrap_err().to_string();
    assert!(err.contains("would total") && err.contains(&sec.title), "{err}");
    // A sheet that does not allow it refuses any weight.
    let fj = catalog.scorecard("fujian-2008-acceptance").unwrap();
    let mut input = panel(fj, &[tenths(900)]);
    input.weights.insert("1.1".into(), Literal("2".into()));
    assert!(evaluate(fj, &input).unwrap_err().to_string().contains("does not allow"));
}
