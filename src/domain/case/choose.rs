//! Which sheet or rules file a case is opened on: the one file of its province, stage and track, or the one named.

use super::CaseRefusal;
use crate::domain::scorecard::{Scorecard, Stage, Track};

fn fits(card: &Scorecard, province: &str, track: Track, stage: Stage) -> bool {
    card.province == province && card.stage == stage && (card.track == track || card.track == Track::Any)
}

/// How a file is named in a refusal: `id（验收，自愿）`.
fn named(card: &Scorecard) -> String {
    format!("{}（{}，{}）", card.id, card.stage_label(), card.track.label())
}

/// The file a case of `province`, `track` and `stage` is opened on: the one named (`explicit`), which must fit them,
/// else the only one that fits; refused with the candidates when several fit, and with what the province has when
/// none does.
pub fn choose_scorecard<'a>(
    cards: &'a [Scorecard],
    province: &str,
    track: Track,
    stage: Stage,
    explicit: Option<&str>,
) -> Result<&'a Scorecard, CaseRefusal> {
    let what = || format!("{province}{}（{}）", stage.label(), track.label());
    if let Some(id) = explicit {
        let card = cards.iter().find(|c| c.id == id).ok_or(CaseRefusal::UnknownScorecard { id: id.to_string() })?;
        return if fits(card, province, track, stage) {
            Ok(card)
        } else {
            Err(CaseRefusal::ScorecardMismatch { id: id.to_string(), what: what() })
        };
    }
    let fitting: Vec<&Scorecard> = cards.iter().filter(|c| fits(c, province, track, stage)).collect();
    match fitting.as_slice() {
        [one] => Ok(one),
        [] => Err(CaseRefusal::NoScorecard {
            province: province.to_string(),
            stage: stage.label().to_string(),
            track: track.label().to_string(),
            province_has: cards.iter().filter(|c| c.province == province).map(named).collect(),
        }),
        several => Err(CaseRefusal::SeveralScorecards { candidates: several.iter().map(|c| named(c)).collect() }),
    }
}
