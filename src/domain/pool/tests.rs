use super::draw::{Frac, below};
use super::rules::{self, UnitChoices};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

#[test]
fn the_built_in_rules_read_and_name_the_four_provinces_they_cite() {
    let all = rules::parse(include_str!("../../../scorecards/draws/draw-rules.toml")).unwrap();
    let names: Vec<&str> = all.iter().map(|r| r.province.as_str()).collect();
    assert_eq!(names, ["北京", "天津", "福建", "河南", "广东"]);
    let henan = rules::for_province(&all, "河南");
    let plan = rules::plan(&henan, &UnitChoices::default()).unwrap();
    assert_eq!((plan.size, plan.drawn), (5, 5));
    let plan = rules::plan(&henan, &UnitChoices { size: Some(7), drawn: Some(5), ..Default::default() }).unwrap();
    assert_eq!((plan.size, plan.drawn), (7, 5));
    assert!(rules::plan(&henan, &UnitChoices { size: Some(7), drawn: Some(4), ..Default::default() }).is_err());
    assert!(rules::plan(&rules::for_province(&all, "北京"), &UnitChoices::default()).is_err());
}

#[test]
fn fractions_are_exact_and_round_half_up() {
    assert_eq!(Frac::new(2, 4).text(), "1/2");
    assert_eq!(Frac::new(1, 3).percent(), "33.33%");
    assert_eq!(Frac::new(2, 3).percent(), "66.67%");
    assert_eq!(Frac::new(1, 8).percent(), "12.50%");
}

#[test]
fn a_number_below_n_is_uniform_enough_and_in_range() {
    let mut rng = ChaCha20Rng::from_seed([7; 32]);
    let mut counts = [0u32; 3];
    for _ in 0..3000 {
        counts[below(&mut rng, 3)] += 1;
    }
    assert!(counts.iter().all(|c| (900..1100).contains(c)), "{counts:?}");
}
