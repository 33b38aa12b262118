//! Property tests of the scoring engine: exact arithmetic, independence from order, monotone pass marks.

use crate::common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use yanshou::domain::points::{Mean, Points};
use yanshou::domain::scorecard::CardKind;
use yanshou::domain::scoring::{EvaluationInput, ExpertInput, Literal, evaluate};

/// The catalog indices of the built-in printed sheets (rules files have no points to total).
fn sheets() -> Vec<usize> {
    let catalog = common::catalog();
    (0..catalog.scorecards.len()).filter(|i| catalog.scorecards[*i].kind == CardKind::Sheet).collect()
}

/// Random panels for a built-in sheet: 1–7 experts, each with a score in tenths for every item.
fn panel_strategy() -> impl Strategy<Value = (usize, Vec<Vec<i64>>)> {
    let catalog = common::catalog();
    // Each item's allowed scores in tenths: its printed levels, or every tenth from 0 to its points.
    let allowed: Vec<Vec<Vec<i64>>> = catalog
        .scorecards
        .iter()
        .map(|c| {
            c.scored_items()
                .map(|i| {
                    if i.levels.is_empty() {
                        (0..=i.points.tenths()).collect()
                    } else {
                        i.levels.iter().map(|l| l.tenths()).collect()
                    }
                })
                .collect()
        })
        .collect();
    proptest::sample::select(sheets()).prop_flat_map(move |sheet| {
        let items = allowed[sheet].clone();
        let expert = items.into_iter().map(proptest::sample::select).collect::<Vec<_>>();
        (Just(sheet), proptest::collection::vec(expert, 1..=7))
    })
}

fn input_for(card: &yanshou::domain::scorecard::Scorecard, experts: &[Vec<i64>]) -> EvaluationInput {
    let mut input = EvaluationInput {
        experts: experts
            .iter()
            .enumerate()
            .map(|(n, scores)| ExpertInput {
                name: format!("专家{n}"),
                recused: false,
                scores: card
                    .scored_items()
                    .zip(scores)
                    .map(|(i, s)| (i.id.clone(), Literal(Points::from_tenths(*s).to_string())))
                    .collect::<BTreeMap<_, _>>(),
            })
            .collect(),
        ..Default::default()
    };
    common::all_met(card, &mut input);
    input
}

/// Rounds sum/n tenths to hundredths, half up, by long division on integers.
fn reference_hundredths(sum_tenths: i64, n: i64) -> i64 {
    let thousandths = sum_tenths * 100 / n; // truncated
    let remainder_is_exact_half_or_more = (thousandths % 10) >= 5;
    thousandths / 10 + i64::from(remainder_is_exact_half_or_more)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn total_is_the_exact_mean_of_expert_totals((sheet, experts) in panel_strategy()) {
        let catalog = common::catalog();
        let card = &catalog.scorecards[sheet];
        let e = evaluate(card, &input_for(card, &experts)).unwrap();
        let totals: Vec<i64> = experts.iter().map(|s| s.iter().sum()).collect();
        for (r, t) in e.experts.iter().zip(&totals) {
            prop_assert_eq!(r.total.tenths(), *t);
        }
        let sum: i64 = totals.iter().sum();
        let n = totals.len() as i64;
        let total = e.total.expect("a sheet has a total");
        prop_assert_eq!(total.hundredths(), reference_hundredths(sum, n));
        // Exact comparison against every grade threshold.
        for g in &card.grades {
            let exact = (sum).cmp(&(g.score.tenths() * n));
            prop_assert_eq!(total.cmp_points(g.score), exact);
        }
        // Section means add up to the total mean exactly (as fractions with one denominator).
        let section_sum: i64 = (0..card.sections.len())
            .map(|i| e.experts.iter().map(|x| x.sections[i].tenths()).sum::<i64>())
            .sum();
        prop_assert_eq!(section_sum, sum);
    }

    #[test]
    fn order_of_experts_does_not_change_the_result((sheet, experts) in panel_strategy(), rot in 0usize..7) {
        let catalog = common::catalog();
        let card = &catalog.scorecards[sheet];
        let a = evaluate(card, &input_for(card, &experts)).unwrap();
        let mut shuffled = experts.clone();
        shuffled.reverse();
        let k = rot % shuffled.len();
        shuffled.rotate_left(k);
        let b = evaluate(card, &input_for(card, &shuffled)).unwrap();
        prop_assert_eq!(a.total, b.total);
        prop_assert_eq!(a.total_exact, b.total_exact);
        prop_assert_eq!(a.grade, b.grade);
        prop_assert_eq!(a.passed, b.passed);
        for (x, y) in a.sections.iter().zip(&b.sections) {
            prop_assert_eq!(x.score, y.score);
        }
        for (x, y) in a.items.iter().zip(&b.items) {
            prop_assert_eq!((x.mean, x.min, x.max_given, x.spread), (y.mean, y.min, y.max_given, y.spread));
        }
    }

    #[test]
    fn a_higher_total_never_fails_where_a_lower_one_passes(sheet in proptest::sample::select(sheets()), a in 0i64..=1000, b in 0i64..=1000) {
        let catalog = common::catalog();
        let card = &catalog.scorecards[sheet];
        let (lo, hi) = (a.min(b), a.max(b));
        // A total the printed levels cannot reach is no panel's.
        let input = |t: i64| common::try_panel(card, &[Points::from_tenths(t)]);
        let (Some(l), Some(h)) = (input(lo), input(hi)) else { return Ok(()) };
        let (l, h) = (evaluate(card, &l).unwrap(), evaluate(card, &h).unwrap());
        if l.passed == Some(true) && !h.vetoed {
            prop_assert_eq!(h.passed, Some(true));
        }
    }

    #[test]
    fn points_display_and_parse_round_trip(t in 0i64..100_000_000) {
        let p = Points::from_tenths(t);
        prop_assert_eq!(Points::parse(&p.to_string()).unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        prop_assert_eq!(serde_json::from_str::<Points>(&json).unwrap(), p);
    }

    #[test]
    fn mean_display_is_rounded_half_up(sum in 0i64..10_000_000, n in 1i64..=9) {
        let m = Mean::of((0..n).map(|i| Points::from_tenths(if i == 0 { sum } else { 0 }))).unwrap();
        prop_assert_eq!(m.hundredths(), reference_hundredths(sum, n));
    }
}
