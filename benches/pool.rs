//! Drawing a panel from a pool of 5,000 experts with exclusions (issue 16: under 20 ms), beside its raw limits: the
//! same pool only sorted and split by the exclusions (no draw), and hashing the pool's canonical JSON (what a record
//! adds). See BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use yanshou::domain::pool::rules::{self, UnitChoices};
use yanshou::domain::pool::{DrawCase, Expert, Field, exclude, record, sorted_pool};

const CODE: &str = "91110000600037341L";

/// 5,000 experts across the six fields; one in ten served the enterprise, one in twenty has an ended term, one in
/// fifty left the pool, every tenth industry expert is of the case's industry.
fn pool() -> Vec<Expert> {
    let fields = Field::ALL;
    let v = (0..5000)
        .map(|i| Expert {
            name: format!("专家{i:05}"),
            unit: format!("单位{}", i % 300),
            field: fields[i % fields.len()],
            industry: if i % 10 == 1 { "C26".into() } else { format!("C{}", 13 + i % 30) },
            title: "高级工程师".into(),
            term_until: (i % 20 == 3).then(|| "2025-12-31".into()),
            served: if i % 10 == 7 { vec![CODE.into(), "91440300MA5F00001A".into()] } else { vec![] },
            public_key: None,
            retired_on: (i % 50 == 9).then(|| "2026-01-01".into()),
        })
        .collect();
    sorted_pool(v).unwrap()
}

fn case() -> DrawCase {
    DrawCase {
        case_id: 1,
        case_uid: "c1".into(),
        province: "广东".into(),
        enterprise: "测试化工有限公司".into(),
        credit_code: CODE.into(),
        industry: "C2611".into(),
    }
}

fn bench(c: &mut Criterion) {
    let pool = pool();
    let case = case();
    let all = yanshou::builtin::draw_rules();
    let beijing = rules::for_province(&all, "北京");
    let guangdong = rules::for_province(&all, "广东");
    let choices = UnitChoices { size: Some(7), drawn: None, reserves: 3, grounds: vec![] };
    let mut g = c.benchmark_group("pool_5000");
    g.measurement_time(Duration::from_secs(4));
    g.bench_function("draw_guangdong_with_exclusions", |b| {
        let mut seed = [0u8; 32];
        b.iter(|| {
            seed[0] = seed[0].wrapping_add(1);
            black_box(record::outcome(&case, &guangdong, &choices, &pool, "2026-06-01", &seed).unwrap())
        })
    });
    g.bench_function("draw_beijing_with_exclusions", |b| {
        let mut seed = [0u8; 32];
        b.iter(|| {
            seed[0] = seed[0].wrapping_add(1);
            black_box(record::outcome(&case, &beijing, &choices, &pool, "2026-06-01", &seed).unwrap())
        })
    });
    // Raw limits: the exclusions alone (no draw, no chances), and the pool's hash a record carries.
    let plan = rules::plan(&guangdong, &choices).unwrap();
    g.bench_function("limit_exclusions_only", |b| {
        b.iter(|| black_box(exclude::split(&pool, &case, &plan, "2026-06-01").1.len()))
    });
    g.bench_function("pool_sha256_canonical", |b| b.iter(|| black_box(yanshou::bundle::draw::pool_sha256(&pool))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
