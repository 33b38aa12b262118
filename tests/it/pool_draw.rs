//! Draws for 北京, 广东, 河南 and 天津 cases with pools built to make each province's rules bite (too few eligible, a
//! field missing, an excluded consultant), refused saying which rule and how many are short; the record re-runs and
//! refuses a changed byte, a changed pool and a swapped name; substitutions take the next fitting reserve; and a
//! property test over any pool and rules.

use proptest::prelude::*;
use yanshou::bundle::draw::{DrawFileError, pool_sha256, sign_record, verify_file};
use yanshou::domain::pool::draw::Frac;
use yanshou::domain::pool::exclude::Reason;
use yanshou::domain::pool::record::{self, DrawRecordV1};
use yanshou::domain::pool::rules::{self, Ground, ProvinceRules, UnitChoices};
use yanshou::domain::pool::substitute::{self, Cause};
use yanshou::domain::pool::{DrawCase, Expert, Field, PoolRefusal, sorted_pool};

pub const CODE: &str = "91110000600037341L";
const OTHER: &str = "91440300MA5F00001A";
const TODAY: &str = "2026-06-01";

pub fn expert(name: &str, field: Field) -> Expert {
    Expert {
        name: name.into(),
        unit: format!("{name}所在单位"),
        field,
        industry: String::new(),
        title: "教授".into(),
        term_until: None,
        served: vec![],
        public_key: None,
        retired_on: None,
    }
}

fn served(mut e: Expert, code: &str) -> Expert {
    e.served.push(code.into());
    e
}

fn case(province: &str) -> DrawCase {
    DrawCase {
        case_id: 1,
        case_uid: "c1".into(),
        province: province.into(),
        enterprise: "测试化工有限公司".into(),
        credit_code: CODE.into(),
        industry: String::new(),
    }
}

fn rules_of(province: &str) -> ProvinceRules {
    rules::for_province(&yanshou::builtin::draw_rules(), province)
}

fn choices(size: Option<u32>, reserves: u32) -> UnitChoices {
    UnitChoices { size, drawn: None, reserves, grounds: vec![] }
}

/// A pool of `n` experts of each field.
fn pool_of(n: usize, fields: &[Field]) -> Vec<Expert> {
    let mut out = Vec::new();
    for f in fields {
        for i in 0..n {
            out.push(expert(&format!("{}专家{i}", f.zh()), *f));
        }
    }
    sorted_pool(out).unwrap()
}

fn draw(c: &DrawCase, ch: &UnitChoices, pool: &[Expert], seed: u8) -> Result<DrawRecordV1, PoolRefusal> {
    let r = rules_of(&c.province);
    let pool = sorted_pool(pool.to_vec())?;
    let o = record::outcome(c, &r, ch, &pool, TODAY, &[seed; 32])?;
    let hash = pool_sha256(&pool);
    Ok(record::record(c.clone(), r, ch.clone(), pool, hash, TODAY, "2026-06-01T09:00:00+08:00", "测试", &[seed; 32], o))
}

fn count(r: &DrawRecordV1, f: Field) -> usize {
    r.seats.iter().filter(|s| s.field == f).count()
}

#[test]
fn beijing_panels_hold_its_four_fields_and_never_a_consultant_of_the_enterprise() {
    let all = [Field::CleanProduction, Field::Industry, Field::Environment, Field::Energy, Field::Economics];
    let mut pool = pool_of(3, &all);
    pool.push(served(expert("咨询过的专家", Field::Energy), CODE));
    pool.push(served(expert("咨询过别家的专家", Field::Energy), OTHER));
    for seed in 0..40 {
        let r = draw(&case("北京"), &choices(Some(5), 2), &pool, seed).unwrap();
        assert_eq!(r.panel.len(), 5);
        for f in [Field::CleanProduction, Field::Industry, Field::Environment, Field::Energy] {
            assert!(count(&r, f) >= 1, "seed {seed}: no {f:?} in {:?}", r.panel);
        }
        assert!(!r.panel.contains(&"咨询过的专家".to_string()) && !r.reserves.contains(&"咨询过的专家".to_string()));
        let ex = &r.excluded[0];
        assert_eq!((ex.name.as_str(), ex.source.as_str()), ("咨询过的专家", "L2297-L2299"));
        assert_eq!(ex.why, Reason::Served { credit_code: CODE.into() });
        assert_eq!(r.excluded.len(), 1, "an expert who served another enterprise is not excluded");
    }
}

#[test]
fn beijing_without_a_size_asks_the_unit_and_a_missing_field_is_refused_with_its_lines() {
    let pool = pool_of(3, &[Field::CleanProduction, Field::Industry, Field::Environment]);
    assert_eq!(
        draw(&case("北京"), &choices(None, 0), &pool, 1).unwrap_err(),
        PoolRefusal::SizeNeeded { province: "北京".into() }
    );
    let err = draw(&case("北京"), &choices(Some(5), 0), &pool, 1).unwrap_err();
    assert_eq!(
        err,
        PoolRefusal::FieldShort {
            field: Field::Energy,
            industry: None,
            needed: 1,
            eligible: 0,
            short: 1,
            source: "L2507-L2509".into()
        }
    );
    use yanshou::domain::explain::Explain;
    assert!(err.zh().contains("能源") && err.zh().contains("缺 1 人"), "{}", err.zh());
}

#[test]
fn beijing_the_only_energy_expert_consulted_for_the_enterprise_so_the_draw_is_refused() {
    let mut pool = pool_of(2, &[Field::CleanProduction, Field::Industry, Field::Environment]);
    pool.push(served(expert("唯一的能源专家", Field::Energy), CODE));
    let err = draw(&case("北京"), &choices(Some(5), 0), &pool, 3).unwrap_err();
    assert!(matches!(err, PoolRefusal::FieldShort { field: Field::Energy, eligible: 0, short: 1, .. }), "{err:?}");
}

#[test]
fn guangdong_draws_three_by_default_from_environment_energy_and_the_case_industry() {
    let mut pool = pool_of(3, &[Field::Environment, Field::Energy, Field::Economics]);
    let mut chem = expert("化工专家", Field::Industry);
    chem.industry = "C26".into();
    let mut steel = expert("钢铁专家", Field::Industry);
    steel.industry = "C31".into();
    pool.extend([chem, steel]);
    let mut c = case("广东");
    c.industry = "C2611".into();
    for seed in 0..30 {
        let r = draw(&c, &choices(None, 1), &pool, seed).unwrap();
        assert_eq!(r.panel.len(), 3, "一般不少于 3 人 (L14527)");
        assert!(r.panel.contains(&"化工专家".to_string()), "the industry seat fits C2611: {:?}", r.panel);
        assert!(count(&r, Field::Environment) >= 1 && count(&r, Field::Energy) >= 1);
        let size = r.applied.iter().find(|a| a.rule == "size_min").unwrap();
        assert_eq!(size.source.as_deref(), Some("L14527"));
    }
    assert!(matches!(
        draw(&c, &choices(Some(2), 0), &pool, 1).unwrap_err(),
        PoolRefusal::SizeBelowMinimum { size: 2, min: 3, .. }
    ));
    // No expert of the case's industry: refused naming the code.
    c.industry = "C17".into();
    let err = draw(&c, &choices(None, 0), &pool, 1).unwrap_err();
    assert_eq!(
        err,
        PoolRefusal::FieldShort {
            field: Field::Industry,
            industry: Some("C17".into()),
            needed: 1,
            eligible: 0,
            short: 1,
            source: "L14525".into()
        }
    );
}

#[test]
fn guangdong_excludes_who_audited_the_enterprise_under_its_article_32() {
    let mut pool = pool_of(1, &[Field::Environment, Field::Energy, Field::Industry]);
    pool.push(served(expert("审核过的环保专家", Field::Environment), CODE));
    let r = draw(&case("广东"), &choices(None, 0), &pool, 9).unwrap();
    assert_eq!(r.excluded.len(), 1);
    assert_eq!(r.excluded[0].source, "L14704-L14706");
    assert_eq!(r.panel.len(), 3);
}

#[test]
fn henan_wants_five_or_more_odd_with_two_thirds_drawn_and_says_how_many_are_short() {
    let pool = pool_of(1, &[Field::CleanProduction, Field::Economics, Field::Energy, Field::Environment]);
    let err = draw(&case("河南"), &choices(None, 0), &pool, 1).unwrap_err();
    assert_eq!(err, PoolRefusal::TooFewEligible { needed: 5, eligible: 4, short: 1, source: Some("L12376".into()) });
    assert!(matches!(
        draw(&case("河南"), &choices(Some(6), 0), &pool, 1).unwrap_err(),
        PoolRefusal::SizeNotOdd { size: 6, .. }
    ));
    let three = UnitChoices { size: Some(5), drawn: Some(3), reserves: 0, grounds: vec![] };
    assert_eq!(
        draw(&case("河南"), &three, &pool, 1).unwrap_err(),
        PoolRefusal::ShareTooSmall { drawn: 3, size: 5, least: 4, source: "L12376".into() }
    );
    // Seven with five drawn: two thirds of seven is 4.67, so five is enough; the other two the unit names.
    let big = pool_of(2, &[Field::CleanProduction, Field::Economics, Field::Energy, Field::Environment]);
    let five_of_seven = UnitChoices { size: Some(7), drawn: Some(5), reserves: 1, grounds: vec![] };
    let r = draw(&case("河南"), &five_of_seven, &big, 4).unwrap();
    assert_eq!(r.panel.len(), 5);
    assert!(count(&r, Field::Economics) >= 1);
    let no_economist = pool_of(3, &[Field::CleanProduction, Field::Energy]);
    assert!(matches!(
        draw(&case("河南"), &choices(None, 0), &no_economist, 1).unwrap_err(),
        PoolRefusal::FieldShort { field: Field::Economics, short: 1, .. }
    ));
}

#[test]
fn henan_prints_no_recusal_so_a_consultant_is_excluded_only_by_the_units_recorded_choice() {
    let mut pool = pool_of(2, &[Field::CleanProduction, Field::Economics, Field::Energy]);
    pool.push(served(expert("咨询过的专家", Field::Economics), CODE));
    let r = draw(&case("河南"), &choices(None, 0), &pool, 2).unwrap();
    assert!(r.excluded.is_empty());
    let unit = UnitChoices { grounds: vec![Ground::Served], ..choices(None, 0) };
    let r = draw(&case("河南"), &unit, &pool, 2).unwrap();
    assert_eq!(r.excluded.len(), 1);
    assert!(r.excluded[0].source.contains("技术依托单位的选择"), "{}", r.excluded[0].source);
}

#[test]
fn tianjin_excludes_an_expert_employed_by_the_enterprise_and_ended_terms_everywhere() {
    let mut pool = pool_of(3, &[Field::CleanProduction]);
    let mut insider = expert("企业内部专家", Field::Energy);
    insider.unit = "测试化工有限公司".into();
    let mut ended = expert("聘期已满的专家", Field::Energy);
    ended.term_until = Some("2026-05-31".into());
    let mut gone = expert("已退出的专家", Field::Energy);
    gone.retired_on = Some("2026-01-01".into());
    pool.extend([insider, ended, gone]);
    let r = draw(&case("天津"), &choices(Some(3), 0), &pool, 5).unwrap();
    let why: Vec<(&str, &str)> = r.excluded.iter().map(|e| (e.name.as_str(), e.source.as_str())).collect();
    assert!(why.contains(&("企业内部专家", "L3275-L3277")), "{why:?}");
    assert!(why.contains(&("聘期已满的专家", "专家库记录")), "{why:?}");
    assert!(why.contains(&("已退出的专家", "专家库记录")), "{why:?}");
}

fn keypair() -> (minisign::PublicKey, minisign::SecretKey) {
    let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    (kp.pk, kp.sk)
}

fn signed_record() -> (DrawRecordV1, Vec<u8>, minisign::PublicKey, minisign::SecretKey) {
    let mut pool = pool_of(3, &[Field::CleanProduction, Field::Industry, Field::Environment, Field::Energy]);
    pool.push(served(expert("咨询过的专家", Field::Energy), CODE));
    let r = draw(&case("北京"), &choices(Some(5), 2), &pool, 11).unwrap();
    let (pk, sk) = keypair();
    let bytes = sign_record(&r, &sk, &pk).unwrap();
    (r, bytes, pk, sk)
}

#[test]
fn a_signed_record_reproduces_and_one_changed_byte_anywhere_is_refused() {
    let (r, bytes, pk, _) = signed_record();
    let f = verify_file(&bytes, Some(&pk)).unwrap();
    assert_eq!(f.record.panel, r.panel);
    // A byte changed at a few places across the file: the record, the signature, the key, the hash.
    for at in [bytes.len() / 7, bytes.len() / 3, bytes.len() / 2, bytes.len() - 40, bytes.len() - 200] {
        let mut b = bytes.clone();
        b[at] = if b[at] == b'1' { b'2' } else { b'1' };
        if b == bytes {
            continue;
        }
        assert!(verify_file(&b, None).is_err(), "a change at byte {at} was not found");
    }
    let (other, _) = keypair();
    assert!(matches!(verify_file(&bytes, Some(&other)).unwrap_err(), DrawFileError::OtherKey { .. }));
}

#[test]
fn a_changed_pool_or_a_swapped_name_is_refused_even_when_signed_again() {
    let (r, _, pk, sk) = signed_record();
    // The pool changed after the draw (a term shortened), signed again by the unit's key: the hash differs.
    let mut changed = r.clone();
    changed.pool[0].title = "研究员".into();
    let bytes = sign_record(&changed, &sk, &pk).unwrap();
    match verify_file(&bytes, Some(&pk)).unwrap_err() {
        DrawFileError::Rule(PoolRefusal::PoolHashDiffers { .. }) => {}
        other => panic!("{other:?}"),
    }
    // A name swapped for a reserve, signed again: the re-run gives the drawn one.
    let mut swapped = r.clone();
    let reserve = swapped.reserve_seats[0].clone();
    swapped.seats[0] = yanshou::domain::pool::draw::Seat { seat: swapped.seats[0].seat.clone(), ..reserve };
    swapped.panel[0] = swapped.seats[0].name.clone();
    let bytes = sign_record(&swapped, &sk, &pk).unwrap();
    match verify_file(&bytes, Some(&pk)).unwrap_err() {
        DrawFileError::Rule(PoolRefusal::RerunDiffers { what, .. }) => assert_eq!(what, "专家组"),
        other => panic!("{other:?}"),
    }
    // The seed changed: a different panel (or reserves) comes out.
    let mut seed = r.clone();
    seed.seed = "00".repeat(32);
    let bytes = sign_record(&seed, &sk, &pk).unwrap();
    assert!(matches!(
        verify_file(&bytes, Some(&pk)).unwrap_err(),
        DrawFileError::Rule(PoolRefusal::RerunDiffers { .. })
    ));
}

#[test]
fn every_chance_is_exact_and_the_chances_add_up_to_the_seats() {
    let (r, ..) = signed_record();
    let parse = |s: &str| -> Frac {
        match s.split_once('/') {
            Some((a, b)) => Frac::new(a.parse().unwrap(), b.parse().unwrap()),
            None => Frac::new(s.parse().unwrap(), 1),
        }
    };
    let (mut num, mut den) = (0u128, 1u128);
    let (mut rn, mut rd) = (0u128, 1u128);
    for c in &r.chances {
        assert_eq!(c.how, "exact");
        let p = parse(&c.panel);
        (num, den) = (num * p.den + p.num * den, den * p.den);
        let q = parse(&c.reserve);
        (rn, rd) = (rn * q.den + q.num * rd, rd * q.den);
    }
    assert_eq!(Frac::new(num, den), Frac::new(5, 1));
    assert_eq!(Frac::new(rn, rd), Frac::new(2, 1));
}

#[test]
fn a_decline_takes_the_next_reserve_that_keeps_the_fields_with_its_reason() {
    let (r, ..) = signed_record();
    let first = &r.seats[0];
    assert_eq!(
        substitute::next(&r, &[], &first.name, None, Cause::Declined, "  ").unwrap_err(),
        PoolRefusal::ReasonNeeded
    );
    assert_eq!(
        substitute::next(&r, &[], "不在名单上的人", None, Cause::Declined, "谢绝").unwrap_err(),
        PoolRefusal::NotOnPanel { name: "不在名单上的人".into() }
    );
    // For every drawn expert: the field of their seat is kept when no one else holds it, else the first reserve in
    // order comes in; with no fitting reserve, refused naming the field.
    let mut refused = 0;
    let mut subs = Vec::new();
    for p in &r.seats {
        let quota = Field::ALL.into_iter().find(|f| f.zh() == p.seat);
        let needed = quota.filter(|f| !r.seats.iter().any(|o| o.name != p.name && o.field == *f));
        let expected = r.reserve_seats.iter().find(|x| needed.is_none_or(|f| x.field == f));
        match (substitute::next(&r, &[], &p.name, None, Cause::Declined, "本人出差"), expected) {
            (Ok(s), Some(x)) => {
                assert_eq!(s.in_name, x.name);
                assert_eq!((s.cause, s.reason.as_str()), (Cause::Declined, "本人出差"));
                let (panel, _) = substitute::now(&r, std::slice::from_ref(&s));
                assert!(panel.iter().any(|q| q.name == s.in_name) && !panel.iter().any(|q| q.name == p.name));
                subs.push(s);
            }
            (Err(PoolRefusal::NoReserveFits { field, .. }), None) => {
                assert_eq!(field, needed);
                refused += 1;
            }
            (got, want) => panic!("{}: got {got:?}, expected {want:?}", p.name),
        }
    }
    assert!(!subs.is_empty(), "seed 11 gives at least one replaceable member");
    let _ = refused;
    let s = subs[0].clone();
    let first = r.seats.iter().find(|p| p.name == s.out_name).unwrap();
    assert!(substitute::check_signers(&r, std::slice::from_ref(&s), std::slice::from_ref(&s.in_name)).is_ok());
    assert_eq!(
        substitute::check_signers(&r, std::slice::from_ref(&s), std::slice::from_ref(&first.name)).unwrap_err(),
        PoolRefusal::SignersNotDrawn { names: vec![first.name.clone()] }
    );
}

const FIELDS: [Field; 6] =
    [Field::CleanProduction, Field::Industry, Field::Environment, Field::Energy, Field::Economics, Field::Other];

fn any_pool() -> impl Strategy<Value = Vec<Expert>> {
    prop::collection::vec((0..6usize, any::<bool>(), any::<bool>()), 0..30).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (f, s, ended))| {
                let mut e = expert(&format!("专家{i:02}"), FIELDS[f]);
                if s {
                    e.served.push(CODE.into());
                }
                if ended {
                    e.term_until = Some("2020-01-01".into());
                }
                e
            })
            .collect()
    })
}

fn any_rules() -> impl Strategy<Value = (ProvinceRules, UnitChoices)> {
    (
        prop::option::of((1u32..7, any::<bool>())),
        prop::option::of(1u32..4),
        prop::collection::vec(0..6usize, 0..4),
        any::<bool>(),
        prop::option::of(1u32..9),
        0u32..3,
    )
        .prop_map(|(size, share, fields, recuse, unit_size, reserves)| {
            let mut fs: Vec<Field> = Vec::new();
            for f in fields {
                if !fs.contains(&FIELDS[f]) {
                    fs.push(FIELDS[f]);
                }
            }
            let rules = ProvinceRules {
                province: "测试省".into(),
                size: size.map(|(min, odd)| rules::SizeRule { min, odd, text: "t".into(), source: "L1".into() }),
                from_pool: share.map(|n| rules::ShareRule { num: n, den: 4, text: "t".into(), source: "L2".into() }),
                fields: (!fs.is_empty()).then(|| rules::FieldRule {
                    fields: fs,
                    text: "t".into(),
                    source: "L3".into(),
                }),
                recusal: if recuse {
                    vec![rules::RecusalRule { ground: Ground::Served, text: "t".into(), source: "L4".into() }]
                } else {
                    vec![]
                },
                ..Default::default()
            };
            (rules, UnitChoices { size: unit_size, drawn: None, reserves, grounds: vec![] })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_pool_and_rules_give_a_panel_that_meets_them_or_a_refusal(
        pool in any_pool(), (rules, ch) in any_rules(), seed in any::<[u8; 32]>()
    ) {
        let c = case("测试省");
        let pool = sorted_pool(pool).unwrap();
        match record::outcome(&c, &rules, &ch, &pool, TODAY, &seed) {
            Ok(o) => {
                let plan = rules::plan(&rules, &ch).unwrap();
                prop_assert_eq!(o.seats.len() as u32, plan.drawn);
                prop_assert_eq!(o.reserve_seats.len() as u32, plan.reserves);
                if let Some(s) = &rules.size {
                    prop_assert!(plan.size >= s.min);
                    prop_assert!(!s.odd || plan.size % 2 == 1);
                }
                if let Some(f) = &rules.fields {
                    for field in &f.fields {
                        prop_assert!(o.seats.iter().any(|s| s.field == *field));
                    }
                }
                let mut names: Vec<&String> = o.seats.iter().chain(&o.reserve_seats).map(|s| &s.name).collect();
                let n = names.len();
                names.sort();
                names.dedup();
                prop_assert_eq!(names.len(), n, "someone drawn twice");
                for s in o.seats.iter().chain(&o.reserve_seats) {
                    prop_assert!(!o.excluded.iter().any(|e| e.name == s.name));
                    let e = pool.iter().find(|e| e.name == s.name).unwrap();
                    prop_assert!(e.term_until.is_none());
                    prop_assert!(!(rules.recusal.len() == 1 && e.served.iter().any(|x| x == CODE)));
                }
                // The same record gives the same panel, every time.
                let hash = pool_sha256(&pool);
                let r = record::record(c.clone(), rules.clone(), ch.clone(), pool.clone(), hash.clone(), TODAY, "t", "a", &seed, o);
                prop_assert_eq!(record::rerun(&r, &hash), Ok(()));
                let again = record::outcome(&c, &rules, &ch, &pool, TODAY, &seed).unwrap();
                prop_assert_eq!(again.seats, r.seats);
            }
            Err(PoolRefusal::FieldShort { field, needed, eligible, short, .. }) => {
                prop_assert_eq!(needed - eligible, short);
                let plan = rules::plan(&rules, &ch).unwrap();
                let (el, _) = yanshou::domain::pool::exclude::split(&pool, &c, &plan, TODAY);
                prop_assert_eq!(el.iter().filter(|e| e.field == field).count() as u32, eligible);
            }
            Err(PoolRefusal::TooFewEligible { needed, eligible, short, .. }) => {
                prop_assert_eq!(needed - eligible, short);
                let plan = rules::plan(&rules, &ch).unwrap();
                let (el, _) = yanshou::domain::pool::exclude::split(&pool, &c, &plan, TODAY);
                prop_assert_eq!(el.len() as u32, eligible);
            }
            Err(PoolRefusal::ReservesShort { short, .. }) => prop_assert!(short > 0),
            Err(PoolRefusal::SizeNeeded { .. }) => prop_assert!(rules.size.is_none() && ch.size.is_none()),
            Err(PoolRefusal::SizeBelowMinimum { size, min, .. }) => prop_assert!(size < min),
            Err(PoolRefusal::SizeNotOdd { size, .. }) => prop_assert!(size % 2 == 0),
            Err(PoolRefusal::FieldsExceedDrawn { fields, drawn, .. }) => prop_assert!(fields > drawn),
            Err(PoolRefusal::ShareTooSmall { drawn, least, .. }) => prop_assert!(drawn < least),
            Err(other) => prop_assert!(false, "unexpected refusal {:?}", other),
        }
    }
}
