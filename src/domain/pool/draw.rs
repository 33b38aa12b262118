//! The draw (algorithm `yanshou-draw-v1`), deterministic from a 32-byte seed:
//!
//! 1. The eligible experts (the pool sorted by name, then unit, less the excluded) keep that order.
//! 2. The generator is ChaCha20 (`rand_chacha::ChaCha20Rng::from_seed(seed)`, 20 rounds, the seed as its key). A
//!    number below `n` is drawn by rejection: take `next_u64()`, keep it when it is below the largest multiple of
//!    `n` (`u64::MAX / n * n`), and use its remainder modulo `n`; otherwise take the next.
//! 3. For each field the rules require, in the rules' order, one seat: the candidates are the eligible experts of
//!    that field not drawn yet, in order (for 行业, those whose industry code matches the case's when the case has
//!    one: one code is a prefix of the other); one of them is drawn uniformly and taken out.
//! 4. The other drawn seats: uniformly, one at a time, from every eligible expert not drawn yet, in order.
//! 5. The reserves, in the order drawn: the same way from those left.
//!
//! Every expert's chance is exact (uniform within each stage): a candidate of a required field with `n` candidates
//! is drawn there with 1/n; after `q` field seats, each of the `N − q` left gets one of the `r` other seats with
//! `r/(N − q)`; a reserve seat with `R/(N − drawn)` among those not on the panel.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};

use super::rules::Plan;
use super::{DrawCase, Expert, Field, PoolRefusal};

pub const ALGORITHM: &str = "yanshou-draw-v1";

/// One seat of the panel or one reserve: who, and the seat they were drawn for (a field, or `其余` for the others,
/// `候补` for a reserve).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seat {
    pub name: String,
    pub unit: String,
    pub field: Field,
    pub seat: String,
}

/// An eligible expert's chance, exact as a fraction (`3/40`) and as a percentage to two decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chance {
    pub name: String,
    pub unit: String,
    pub panel: String,
    pub panel_percent: String,
    pub reserve: String,
    /// `exact` (computed) or `estimated` (from seeded draws); this algorithm's are all exact.
    pub how: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawn {
    pub panel: Vec<Seat>,
    pub reserves: Vec<Seat>,
}

pub const OTHER_SEAT: &str = "其余";
pub const RESERVE_SEAT: &str = "候补";

/// A number below `n` (> 0), by rejection (see the module's step 2).
pub fn below(rng: &mut ChaCha20Rng, n: usize) -> usize {
    let n = n as u64;
    let zone = u64::MAX / n * n;
    loop {
        let v = rng.next_u64();
        if v < zone {
            return (v % n) as usize;
        }
    }
}

/// Whether an industry expert's code fits the case's (a case with no code takes any).
pub fn industry_fits(expert: &str, case: &str) -> bool {
    case.is_empty() || (!expert.is_empty() && (case.starts_with(expert) || expert.starts_with(case)))
}

/// The candidates for a seat of `field`, among `eligible`.
fn fits(e: &Expert, field: Field, case: &DrawCase) -> bool {
    e.field == field && (field != Field::Industry || industry_fits(&e.industry, &case.industry))
}

fn seat(e: &Expert, seat: &str) -> Seat {
    Seat { name: e.name.clone(), unit: e.unit.clone(), field: e.field, seat: seat.to_string() }
}

/// Checks that the eligible experts can fill the plan, saying which rule is short and by how many.
pub fn check(eligible: &[&Expert], case: &DrawCase, plan: &Plan) -> Result<(), PoolRefusal> {
    for f in dedup(&plan.quotas) {
        let need = plan.quotas.iter().filter(|q| **q == f).count() as u32;
        let have = eligible.iter().filter(|e| fits(e, f, case)).count() as u32;
        if have < need {
            return Err(PoolRefusal::FieldShort {
                field: f,
                industry: (f == Field::Industry && !case.industry.is_empty()).then(|| case.industry.clone()),
                needed: need,
                eligible: have,
                short: need - have,
                source: plan.fields_source.clone().unwrap_or_default(),
            });
        }
    }
    let n = eligible.len() as u32;
    if n < plan.drawn {
        return Err(PoolRefusal::TooFewEligible {
            needed: plan.drawn,
            eligible: n,
            short: plan.drawn - n,
            source: plan.size_source.clone(),
        });
    }
    if n < plan.drawn + plan.reserves {
        return Err(PoolRefusal::ReservesShort {
            needed: plan.reserves,
            available: n - plan.drawn,
            short: plan.drawn + plan.reserves - n,
        });
    }
    Ok(())
}

fn dedup(fields: &[Field]) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for f in fields {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    out
}

/// Draws the panel and reserves from `eligible` (sorted by the pool's key) under `plan` from `seed`.
pub fn draw(eligible: &[&Expert], case: &DrawCase, plan: &Plan, seed: &[u8; 32]) -> Result<Drawn, PoolRefusal> {
    check(eligible, case, plan)?;
    let mut rng = ChaCha20Rng::from_seed(*seed);
    let mut taken = vec![false; eligible.len()];
    let mut panel = Vec::with_capacity(plan.drawn as usize);
    for f in &plan.quotas {
        let candidates: Vec<usize> =
            (0..eligible.len()).filter(|i| !taken[*i] && fits(eligible[*i], *f, case)).collect();
        let i = candidates[below(&mut rng, candidates.len())];
        taken[i] = true;
        panel.push(seat(eligible[i], f.zh()));
    }
    let mut left: Vec<usize> = (0..eligible.len()).filter(|i| !taken[*i]).collect();
    while (panel.len() as u32) < plan.drawn {
        let i = left.remove(below(&mut rng, left.len()));
        panel.push(seat(eligible[i], OTHER_SEAT));
    }
    let mut reserves = Vec::with_capacity(plan.reserves as usize);
    for _ in 0..plan.reserves {
        let i = left.remove(below(&mut rng, left.len()));
        reserves.push(seat(eligible[i], RESERVE_SEAT));
    }
    Ok(Drawn { panel, reserves })
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A fraction in lowest terms, `0` and `1` as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frac {
    pub num: u128,
    pub den: u128,
}

impl Frac {
    pub fn new(num: u128, den: u128) -> Frac {
        let g = gcd(num, den).max(1);
        Frac { num: num / g, den: (den / g).max(1) }
    }
    fn add(self, o: Frac) -> Frac {
        Frac::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
    fn mul(self, o: Frac) -> Frac {
        Frac::new(self.num * o.num, self.den * o.den)
    }
    fn one_minus(self) -> Frac {
        Frac::new(self.den - self.num, self.den)
    }
    pub fn text(self) -> String {
        if self.num == 0 {
            "0".into()
        } else if self.num == self.den {
            "1".into()
        } else {
            format!("{}/{}", self.num, self.den)
        }
    }
    /// Percent to two decimals, rounded half up.
    pub fn percent(self) -> String {
        let hundredths = (self.num * 10_000 * 2 + self.den) / (self.den * 2);
        format!("{}.{:02}%", hundredths / 100, hundredths % 100)
    }
}

/// Each eligible expert's exact chance of a panel seat and of a reserve seat under `plan` (see the module's words).
pub fn chances(eligible: &[&Expert], case: &DrawCase, plan: &Plan) -> Vec<(Frac, Frac)> {
    let n = eligible.len() as u128;
    let q = plan.quotas.len() as u128;
    let r = u128::from(plan.drawn) - q.min(u128::from(plan.drawn));
    let rest = if n > q { Frac::new(r, n - q) } else { Frac::new(0, 1) };
    let res = if n > u128::from(plan.drawn) {
        Frac::new(u128::from(plan.reserves), n - u128::from(plan.drawn))
    } else {
        Frac::new(0, 1)
    };
    let fields = dedup(&plan.quotas);
    let per_field: Vec<(Field, Frac)> = fields
        .iter()
        .map(|f| {
            let k = plan.quotas.iter().filter(|x| *x == f).count() as u128;
            let c = eligible.iter().filter(|e| fits(e, *f, case)).count() as u128;
            (*f, Frac::new(k.min(c), c.max(1)))
        })
        .collect();
    eligible
        .iter()
        .map(|e| {
            let pq = per_field.iter().find(|(f, _)| fits(e, *f, case)).map(|(_, p)| *p).unwrap_or(Frac::new(0, 1));
            let panel = pq.add(pq.one_minus().mul(rest));
            (panel, panel.one_minus().mul(res))
        })
        .collect()
}

/// [`chances`] as the record keeps them.
pub fn chance_rows(eligible: &[&Expert], case: &DrawCase, plan: &Plan) -> Vec<Chance> {
    eligible
        .iter()
        .zip(chances(eligible, case, plan))
        .map(|(e, (p, r))| Chance {
            name: e.name.clone(),
            unit: e.unit.clone(),
            panel: p.text(),
            panel_percent: p.percent(),
            reserve: r.text(),
            how: "exact".into(),
        })
        .collect()
}
