//! After the draw: an expert who declines or is found conflicted is replaced by the next reserve in the order drawn
//! that keeps the panel within its rules (a reserve of the field the leaving expert's seat required, when no other
//! member holds it), with the reason recorded; never a name picked by hand. The panel a review starts from, and the
//! check that a review's signers are the drawn panel or its recorded substitutes.

use serde::{Deserialize, Serialize};

use super::draw::{Seat, industry_fits};
use super::record::DrawRecordV1;
use super::{Field, PoolRefusal};

/// Why a drawn expert was replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// 本人谢绝.
    Declined,
    /// 发现须回避 (a conflict found after the draw).
    Conflict,
}

impl Cause {
    pub fn zh(self) -> &'static str {
        match self {
            Cause::Declined => "本人谢绝",
            Cause::Conflict => "发现须回避",
        }
    }
    pub fn parse(s: &str) -> Option<Cause> {
        match s.trim() {
            "declined" | "本人谢绝" | "谢绝" => Some(Cause::Declined),
            "conflict" | "发现须回避" | "回避" => Some(Cause::Conflict),
            _ => None,
        }
    }
}

/// One replacement: who left, who came in (the reserve), why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    pub out_name: String,
    pub out_unit: String,
    pub in_name: String,
    pub in_unit: String,
    pub cause: Cause,
    pub reason: String,
}

/// The panel and the reserves left after `subs` (in their order).
pub fn now(r: &DrawRecordV1, subs: &[Substitution]) -> (Vec<Seat>, Vec<Seat>) {
    let mut panel = r.seats.clone();
    let mut reserves = r.reserve_seats.clone();
    for s in subs {
        if let Some(i) = panel.iter().position(|p| p.name == s.out_name && p.unit == s.out_unit)
            && let Some(j) = reserves.iter().position(|p| p.name == s.in_name && p.unit == s.in_unit)
        {
            let mut seat = reserves.remove(j);
            seat.seat = panel[i].seat.clone();
            panel[i] = seat;
        }
    }
    (panel, reserves)
}

fn fits(seat: &Seat, field: Field, r: &DrawRecordV1) -> bool {
    if seat.field != field {
        return false;
    }
    if field != Field::Industry || r.case.industry.is_empty() {
        return true;
    }
    r.pool.iter().any(|e| e.name == seat.name && e.unit == seat.unit && industry_fits(&e.industry, &r.case.industry))
}

/// The replacement of `name` (of `unit`, when given) for `cause` with `reason`: the first reserve left that keeps
/// every field the panel must hold.
pub fn next(
    r: &DrawRecordV1,
    subs: &[Substitution],
    name: &str,
    unit: Option<&str>,
    cause: Cause,
    reason: &str,
) -> Result<Substitution, PoolRefusal> {
    if reason.trim().is_empty() {
        return Err(PoolRefusal::ReasonNeeded);
    }
    let (panel, reserves) = now(r, subs);
    let i = panel
        .iter()
        .position(|p| p.name == name && unit.is_none_or(|u| p.unit == u))
        .ok_or_else(|| PoolRefusal::NotOnPanel { name: name.into() })?;
    let leaving = &panel[i];
    // The field the leaving expert's seat was drawn for, if no other member holds it.
    let needed = Field::ALL
        .into_iter()
        .find(|f| f.zh() == leaving.seat)
        .filter(|f| !panel.iter().enumerate().any(|(j, p)| j != i && fits(p, *f, r)));
    let reserve = reserves
        .iter()
        .find(|s| needed.is_none_or(|f| fits(s, f, r)))
        .ok_or_else(|| PoolRefusal::NoReserveFits { name: name.into(), field: needed })?;
    Ok(Substitution {
        out_name: leaving.name.clone(),
        out_unit: leaving.unit.clone(),
        in_name: reserve.name.clone(),
        in_unit: reserve.unit.clone(),
        cause,
        reason: reason.trim().into(),
    })
}

/// Checks that every signer is on the drawn panel as it is after its recorded substitutions. A member who has not
/// signed (recused, dissented, not yet) is not refused here: the review's own rules say what is missing.
pub fn check_signers(r: &DrawRecordV1, subs: &[Substitution], signers: &[String]) -> Result<(), PoolRefusal> {
    let (panel, _) = now(r, subs);
    let names: Vec<String> = signers.iter().filter(|s| !panel.iter().any(|p| &p.name == *s)).cloned().collect();
    if names.is_empty() { Ok(()) } else { Err(PoolRefusal::SignersNotDrawn { names }) }
}
