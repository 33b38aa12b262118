//! The scoring engine: one review evaluated on the largest built-in sheet (the one with the most scored items) by a
//! panel of five experts. See BENCHMARKS.md.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use yanshou::domain::points::Points;
use yanshou::domain::scorecard::Scorecard;
use yanshou::domain::scoring::{EvaluationInput, ExpertInput, Literal, evaluate, settled_items};

/// The built-in sheet with the most scored items.
fn largest_sheet() -> Scorecard {
    let (catalog, errors) = yanshou::builtin::load_catalog(None);
    assert!(errors.is_empty(), "{errors:?}");
    catalog.scorecards.into_iter().max_by_key(|c| c.scored_items().count()).expect("a built-in sheet")
}

/// Five experts scoring every item, each with a few deductions (different per expert), as a real panel does.
fn panel_of_five(card: &Scorecard) -> EvaluationInput {
    let settled = settled_items(card, &EvaluationInput::default());
    let experts = ["王建国", "李秀英", "张伟", "赵敏", "陈立"]
        .iter()
        .enumerate()
        .map(|(e, name)| {
            let scores: BTreeMap<String, Literal> = card
                .scored_items()
                .filter(|i| !settled.contains_key(&i.id))
                .enumerate()
                .map(|(n, item)| {
                    // Deduct 0 to 1.0 point on roughly every third item, never below zero.
                    // An item with fixed levels keeps full marks (a deduction would not be one of its levels).
                    let off =
                        if (n + e) % 3 == 0 && item.levels.is_empty() { ((n * 7 + e * 3) % 11) as i64 } else { 0 };
                    let p = Points::from_tenths((item.points.tenths() - off).max(0));
                    (item.id.clone(), Literal::from(p))
                })
                .collect();
            ExpertInput { name: (*name).to_string(), recused: false, scores }
        })
        .collect();
    // Every requirement the sheet sets found met.
    let requirements = card.requirements.iter().map(|r| (r.id.clone(), true)).collect();
    EvaluationInput { experts, requirements, ..Default::default() }
}

fn bench_evaluate(c: &mut Criterion) {
    let card = largest_sheet();
    let input = panel_of_five(&card);
    let e = evaluate(&card, &input).expect("the panel's input evaluates");
    eprintln!(
        "largest sheet: {} ({} scored items, {} items in all); five experts, panel total {}",
        card.id,
        card.scored_items().count(),
        card.items.len(),
        e.total.map_or_else(|| "—".into(), |t| t.display())
    );
    let mut g = c.benchmark_group("evaluate");
    g.bench_function(format!("{}_5_experts", card.id), |b| b.iter(|| evaluate(black_box(&card), black_box(&input))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench_evaluate
}
criterion_main!(benches);
