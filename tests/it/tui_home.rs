//! The review list taking a new list of reviews (`Home::set_rows`): which totals it forgets, which rows the filter
//! shows and where the selection goes, held to the rule as it was first written (each new row looked up in the old
//! list one by one).

use std::collections::HashMap;

use proptest::prelude::*;
use yanshou::domain::review::Status;
use yanshou::store::ReviewSummary;
use yanshou::tui::screens::home::{Home, Summary};

fn row(id: i64, at: u8, status: Status) -> ReviewSummary {
    ReviewSummary {
        id,
        enterprise: format!("第{id}号化工有限公司"),
        credit_code: format!("9135{id:014}"),
        scorecard: if id % 2 == 0 { "fujian-2008-acceptance" } else { "shandong-2008-acceptance" }.into(),
        date: format!("2026-11-{:02}", 1 + id % 28),
        place: if id % 3 == 0 { "福州" } else { "济南" }.into(),
        status,
        updated_at: format!("2026-12-01T08:00:{at:02}"),
    }
}

fn home(rows: Vec<ReviewSummary>, summarized: &[i64], selected: usize, filter: &str) -> Home {
    let mut h = Home::default();
    h.rows = rows;
    for id in summarized {
        h.summaries.insert(*id, (format!("{id}"), "通过（良好）".into()));
    }
    h.filter.set(filter);
    h.selected = selected;
    h
}

/// The summaries the rule as first written keeps: every new row's is dropped when no old row of its id has its
/// `updated_at`, looking at the first old row of that id.
fn kept_as_first_written(
    old: &[ReviewSummary],
    new: &[ReviewSummary],
    mut summaries: HashMap<i64, Summary>,
) -> HashMap<i64, Summary> {
    let changed: Vec<i64> = new
        .iter()
        .filter(|r| old.iter().find(|o| o.id == r.id).is_none_or(|o| o.updated_at != r.updated_at))
        .map(|r| r.id)
        .collect();
    for id in changed {
        summaries.remove(&id);
    }
    summaries
}

fn rows() -> impl Strategy<Value = Vec<ReviewSummary>> {
    prop::collection::vec((0i64..30, 0u8..3, 0u8..3), 0..25).prop_map(|v| {
        let mut seen = std::collections::BTreeSet::new();
        v.into_iter()
            .filter(|(id, _, _)| seen.insert(*id))
            .map(|(id, at, s)| row(id, at, [Status::Draft, Status::Scoring, Status::Finalized][s as usize]))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever the old and new lists, the summaries kept, the rows shown and the selection are what the rule as
    /// first written gives.
    #[test]
    fn set_rows_keeps_what_it_kept(
        old in rows(),
        new in rows(),
        summarized in prop::collection::vec(0i64..30, 0..30),
        selected in 0usize..30,
        filter in prop::sample::select(vec!["", "福州", "济南 草稿", "第1", "已定稿", "fujian", "没有"]),
    ) {
        let mut h = home(old.clone(), &summarized, selected, filter);
        let expected = kept_as_first_written(&old, &new, h.summaries.clone());
        h.set_rows(new.clone());
        prop_assert_eq!(&h.summaries, &expected);
        let terms: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
        let shown: Vec<i64> = new
            .iter()
            .filter(|r| {
                let hay = format!(
                    "{} {} {} {} {} {} ",
                    r.enterprise, r.scorecard, r.credit_code, r.date, r.place, r.status.label()
                )
                .to_lowercase();
                terms.iter().all(|t| hay.contains(t))
            })
            .map(|r| r.id)
            .collect();
        prop_assert_eq!(h.visible().map(|r| r.id).collect::<Vec<_>>(), shown.clone());
        // The selection stays where it was, pulled back onto the last row shown when the list got shorter.
        let sel = if selected >= shown.len() { shown.len().saturating_sub(1) } else { selected };
        prop_assert_eq!(h.selected, sel);
        prop_assert_eq!(h.current().map(|r| r.id), shown.get(sel).copied());
    }
}

/// A row whose `updated_at` changed, and a new row, lose their totals; an unchanged row keeps its own; the
/// selection stays on its index.
#[test]
fn a_changed_or_new_row_loses_its_total_and_the_others_keep_theirs() {
    let old = vec![row(3, 0, Status::Scoring), row(2, 0, Status::Draft), row(1, 0, Status::Finalized)];
    let mut h = home(old, &[1, 2, 3, 9], 1, "");
    h.set_rows(vec![
        row(4, 0, Status::Draft),
        row(3, 1, Status::Finalized),
        row(2, 0, Status::Draft),
        row(1, 0, Status::Finalized),
    ]);
    let mut kept: Vec<i64> = h.summaries.keys().copied().collect();
    kept.sort();
    // 3 changed and 4 is new; 9 is not in the list and is left alone (it is never shown).
    assert_eq!(kept, vec![1, 2, 9]);
    assert_eq!(h.selected, 1);
    assert_eq!(h.current().map(|r| r.id), Some(3));
}
