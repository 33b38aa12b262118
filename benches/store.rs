//! The store's tamper check: a review of 100 items scored by 7 experts checked against its audit log (the chain
//! around its entries and every row against the digests the log recorded), and what recording the digests adds to a
//! score write. See BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use rusqlite::Connection;
use yanshou::domain::points::Points;
use yanshou::domain::scorecard::{Scorecard, parse_scorecard};
use yanshou::store::{NewExpert, NewReview, Store, state};

const ITEMS: usize = 100;
const EXPERTS: [(&str, &str); 7] = [
    ("王建国", "清洁生产"),
    ("李秀英", "环保"),
    ("张伟", "行业"),
    ("赵敏", "能源"),
    ("刘洋", "清洁生产"),
    ("陈静", "环保"),
    ("杨帆", "行业"),
];

/// A sheet of 100 directly scored items of 1 point each (no built-in sheet has that many).
fn sheet() -> Scorecard {
    let mut text = String::from(
        "schema = 1\nid = \"bench-100\"\nprovince = \"福建\"\ntitle = \"一百项评分表\"\nstage = \"acceptance\"\n\
         track = \"any\"\nsource = \"L1\"\nmax_total = 100\ntotal_may_exceed_max = false\nvetoed_label = \"不通过\"\n\n\
         [document]\ntitle = \"基准测试\"\nnumber = \"1\"\nattachment = \"附件\"\nsource = \"L1\"\n\n\
         [[sections]]\nid = \"1\"\nnumber = \"一\"\ntitle = \"全部\"\npoints = 100\nsource = \"L1\"\n",
    );
    for i in 1..=ITEMS {
        text.push_str(&format!(
            "\n[[items]]\nid = \"1.{i}\"\nsection = \"1\"\nnumber = \"{i}\"\ntitle = \"第 {i} 项\"\npoints = 1\n\
             source = \"L1\"\n"
        ));
    }
    text.push_str(
        "\n[[grades]]\nlabel = \"通过\"\nop = \">=\"\nscore = 60\npassed = true\nsource = \"L1\"\n\n\
         [[grades]]\nlabel = \"不通过\"\nop = \"<\"\nscore = 60\npassed = false\nsource = \"L1\"\n",
    );
    parse_scorecard("bench-100.toml", &text).expect("the synthetic sheet parses")
}

/// A store holding one review on [`sheet`]: 7 experts, every item scored by each (one in ten with a deduction and its
/// reason), entered through the store as the app enters them.
fn review(dir: &std::path::Path) -> (Store, i64, Vec<i64>) {
    let card = sheet();
    let mut store = Store::open_in(dir).expect("store");
    store.set_actor("基准测试");
    let new = NewReview {
        enterprise_name: "福建某某化工有限公司".into(),
        credit_code: "91350100M000100Y43".into(),
        date: "2026-11-28".into(),
        place: "福州".into(),
        ..Default::default()
    };
    let id = store.create_review(&new, &card, &[]).expect("review");
    let mut experts = Vec::new();
    for (n, (name, field)) in EXPERTS.iter().enumerate() {
        let e = NewExpert { name: (*name).into(), field: (*field).into(), lead: n == 0, ..Default::default() };
        experts.push(store.add_expert(id, &e).expect("expert"));
    }
    for (n, e) in experts.iter().enumerate() {
        for (i, item) in card.scored_items().enumerate() {
            let (p, reason) = if (i + n) % 10 == 0 {
                (Points::from_tenths(5), "台账记录不全，部分数据无法核实")
            } else {
                (item.points, "")
            };
            store.set_score(id, *e, &item.id, p, reason, "").expect("score");
        }
    }
    (store, id, experts)
}

fn bench_store(c: &mut Criterion) {
    let root =
        tempfile::Builder::new().prefix("yanshou-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("scratch");
    let dir = root.path().join("data");
    let (mut store, id, experts) = review(&dir);
    store.check_review(id).expect("the review is sound");
    let conn = Connection::open(dir.join("yanshou.db")).expect("second connection");
    let rows = state::row_digests(&conn, id).expect("digests").len();
    assert!(rows > EXPERTS.len() * ITEMS, "{rows} rows");

    let mut g = c.benchmark_group("tamper_check");
    // The check before every change, finalizing, signing and exporting.
    g.bench_function("check_review_100_items_7_experts", |b| {
        b.iter(|| store.check_review(black_box(id)).expect("sound"))
    });
    // Its parts: the digests of the review's rows as they are, and the whole database (the background check).
    g.bench_function("part_row_digests", |b| b.iter(|| state::row_digests(&conn, black_box(id)).expect("digests")));
    g.bench_function("part_check_all_one_review", |b| b.iter(|| store.check_all().expect("sound")));
    // A score write as the app makes it (a changed score and reason each time), with the digests recorded with it;
    // the review was checked at the store's first write and nobody else has written since.
    let mut flip = false;
    g.bench_function("score_write", |b| {
        b.iter(|| {
            flip = !flip;
            let (p, reason) =
                if flip { (Points::from_tenths(7), "记录不全") } else { (Points::from_tenths(10), "") };
            store.set_score(id, experts[3], "1.50", p, reason, "").expect("score")
        })
    });
    // The same after another connection has written to the file (as after a command-line write while the app is
    // open): the review is checked whole before the write.
    let outside = Connection::open(dir.join("yanshou.db")).expect("another connection");
    g.bench_function("score_write_after_another_writer", |b| {
        b.iter_batched(
            || {
                outside
                    .execute_batch("UPDATE reviews SET updated_at = hex(randomblob(8))")
                    .expect("a write by another connection")
            },
            |()| {
                flip = !flip;
                let (p, reason) =
                    if flip { (Points::from_tenths(7), "记录不全") } else { (Points::from_tenths(10), "") };
                store.set_score(id, experts[3], "1.50", p, reason, "").expect("score")
            },
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench_store
}

fn main() {
    store();
    Criterion::default().configure_from_args().final_summary();
}
