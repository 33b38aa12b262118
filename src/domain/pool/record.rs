//! The record a draw leaves (`DrawRecordV1`, frozen: a new shape is a new version): the case, the province's rules
//! and the unit's choices with what each set, the pool as it was (its snapshot and that snapshot's hash), who was
//! excluded and why, the seed, the algorithm, the panel and reserves in the order drawn and each eligible expert's
//! chance. Everything needed to draw again is in it: [`rerun`] does, from the record alone, and says what differs.

use serde::{Deserialize, Serialize};

use super::draw::{self, ALGORITHM, Chance, Seat};
use super::exclude::{self, Exclusion};
use super::rules::{self, Applied, ProvinceRules, UnitChoices};
use super::{DrawCase, Expert, PoolRefusal, sorted_pool};

pub const FORMAT: &str = "yanshou-draw";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRecordV1 {
    pub format: String,
    pub version: u32,
    pub algorithm: String,
    pub case: DrawCase,
    /// The day of the draw (`YYYY-MM-DD`): terms are judged on it.
    pub drawn_on: String,
    /// When it was drawn (RFC 3339), and by whom (the store's actor).
    pub drawn_at: String,
    pub drawn_by: String,
    pub rules: ProvinceRules,
    pub choices: UnitChoices,
    pub applied: Vec<Applied>,
    /// The pool as it was, sorted by name and unit.
    pub pool: Vec<Expert>,
    /// SHA-256 (hex) of the pool's canonical JSON (RFC 8785).
    pub pool_sha256: String,
    pub excluded: Vec<Exclusion>,
    /// The 32-byte seed, hex.
    pub seed: String,
    /// The panel's names in the order drawn, and the reserves'.
    pub panel: Vec<String>,
    pub reserves: Vec<String>,
    pub seats: Vec<Seat>,
    pub reserve_seats: Vec<Seat>,
    pub chances: Vec<Chance>,
}

/// What a draw gives, before it is put in a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub applied: Vec<Applied>,
    pub excluded: Vec<Exclusion>,
    pub seats: Vec<Seat>,
    pub reserve_seats: Vec<Seat>,
    pub chances: Vec<Chance>,
}

/// What is shown before a draw: who is excluded and why, each eligible expert's chance, and whether the eligible
/// can fill the plan (the refusal the draw would give).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub excluded: Vec<Exclusion>,
    pub chances: Vec<Chance>,
    pub fits: Result<(), PoolRefusal>,
}

/// Who would be excluded, and each eligible expert's chance, before any seed: what the draw screen shows first.
pub fn preview(
    case: &DrawCase,
    rules: &ProvinceRules,
    choices: &UnitChoices,
    pool: &[Expert],
    today: &str,
) -> Result<Preview, PoolRefusal> {
    let plan = rules::plan(rules, choices)?;
    let (eligible, excluded) = exclude::split(pool, case, &plan, today);
    let fits = draw::check(&eligible, case, &plan);
    Ok(Preview { excluded, chances: draw::chance_rows(&eligible, case, &plan), fits })
}

/// Draws for `case` from `pool` (sorted by [`sorted_pool`]) on `today` with `seed`.
pub fn outcome(
    case: &DrawCase,
    rules: &ProvinceRules,
    choices: &UnitChoices,
    pool: &[Expert],
    today: &str,
    seed: &[u8; 32],
) -> Result<Outcome, PoolRefusal> {
    let plan = rules::plan(rules, choices)?;
    let (eligible, excluded) = exclude::split(pool, case, &plan, today);
    let drawn = draw::draw(&eligible, case, &plan, seed)?;
    Ok(Outcome {
        applied: plan.applied.clone(),
        excluded,
        seats: drawn.panel,
        reserve_seats: drawn.reserves,
        chances: draw::chance_rows(&eligible, case, &plan),
    })
}

pub fn seed_hex(seed: &[u8; 32]) -> String {
    seed.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn parse_seed(hex: &str) -> Result<[u8; 32], PoolRefusal> {
    let bad = || PoolRefusal::RecordFormat { what: format!("种子“{hex}”不是 64 位十六进制数") };
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// A record of an outcome (`pool_sha256`: the hash of `pool`'s canonical JSON, computed by the caller).
#[allow(clippy::too_many_arguments)]
pub fn record(
    case: DrawCase,
    rules: ProvinceRules,
    choices: UnitChoices,
    pool: Vec<Expert>,
    pool_sha256: String,
    today: &str,
    drawn_at: &str,
    drawn_by: &str,
    seed: &[u8; 32],
    o: Outcome,
) -> DrawRecordV1 {
    DrawRecordV1 {
        format: FORMAT.into(),
        version: 1,
        algorithm: ALGORITHM.into(),
        case,
        drawn_on: today.into(),
        drawn_at: drawn_at.into(),
        drawn_by: drawn_by.into(),
        rules,
        choices,
        applied: o.applied,
        pool,
        pool_sha256,
        excluded: o.excluded,
        seed: seed_hex(seed),
        panel: o.seats.iter().map(|s| s.name.clone()).collect(),
        reserves: o.reserve_seats.iter().map(|s| s.name.clone()).collect(),
        seats: o.seats,
        reserve_seats: o.reserve_seats,
        chances: o.chances,
    }
}

fn names(seats: &[Seat]) -> String {
    seats.iter().map(|s| format!("{}（{}）", s.name, s.unit)).collect::<Vec<_>>().join("、")
}

fn differs(what: &str, recorded: String, computed: String) -> PoolRefusal {
    PoolRefusal::RerunDiffers { what: what.into(), recorded, computed }
}

/// Draws again from the record alone and compares every part. `pool_sha256` is the hash of the record's pool as the
/// caller computed it.
pub fn rerun(r: &DrawRecordV1, pool_sha256: &str) -> Result<(), PoolRefusal> {
    if r.format != FORMAT || r.version != 1 {
        return Err(PoolRefusal::RecordFormat { what: format!("格式 {} 版本 {}", r.format, r.version) });
    }
    if r.algorithm != ALGORITHM {
        return Err(PoolRefusal::RecordFormat { what: format!("未知的抽取算法 {}", r.algorithm) });
    }
    if r.pool_sha256 != pool_sha256 {
        return Err(PoolRefusal::PoolHashDiffers { recorded: r.pool_sha256.clone(), computed: pool_sha256.into() });
    }
    let sorted = sorted_pool(r.pool.clone())?;
    if sorted != r.pool {
        return Err(PoolRefusal::RecordFormat { what: "专家库快照未按姓名、单位排序".into() });
    }
    let seed = parse_seed(&r.seed)?;
    let o = outcome(&r.case, &r.rules, &r.choices, &r.pool, &r.drawn_on, &seed)?;
    if o.applied != r.applied {
        return Err(differs("适用的规则", format!("{} 条", r.applied.len()), format!("{} 条", o.applied.len())));
    }
    if o.excluded != r.excluded {
        let n = |x: &[Exclusion]| x.iter().map(|e| e.name.clone()).collect::<Vec<_>>().join("、");
        return Err(differs("排除的专家", n(&r.excluded), n(&o.excluded)));
    }
    let recorded_names: Vec<&String> = r.seats.iter().map(|s| &s.name).collect();
    if o.seats != r.seats || r.panel.iter().collect::<Vec<_>>() != recorded_names {
        return Err(differs("专家组", r.panel.join("、"), names(&o.seats)));
    }
    let reserve_names: Vec<&String> = r.reserve_seats.iter().map(|s| &s.name).collect();
    if o.reserve_seats != r.reserve_seats || r.reserves.iter().collect::<Vec<_>>() != reserve_names {
        return Err(differs("候补", r.reserves.join("、"), names(&o.reserve_seats)));
    }
    if o.chances != r.chances {
        return Err(differs("入选概率", format!("{} 人", r.chances.len()), format!("{} 人", o.chances.len())));
    }
    Ok(())
}
