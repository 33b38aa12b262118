//! Whether a review passes, and in the province's words: from the vetoes that hold, the requirements the panel found
//! met or unmet, the grade the total reaches (on a sheet decided by its grade bands), and who decides where the source
//! leaves it open. Pure: the scoring engine has already computed the total and the vetoes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::points::{Mean, Points};
use crate::domain::scorecard::{CardKind, DecidedBy, Scorecard};

/// A requirement as the panel found it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequirementResult {
    pub id: String,
    pub text: String,
    pub source: String,
    pub met: bool,
}

/// A contested boundary the total landed on, with what each document says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContestedHit {
    pub score: Points,
    pub text: String,
    pub sources: Vec<String>,
}

/// How the review is decided and what it comes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub kind: CardKind,
    pub decided_by: DecidedBy,
    /// `None` where the panel decides (the source leaves it open) and nothing has failed the review.
    pub passed: Option<bool>,
    /// The grade band the total reaches, on a sheet that prints grades.
    pub grade: Option<String>,
    /// The result in the province's words (`通过`, `不予通过`, a grade label); `None` while the panel decides.
    pub conclusion: Option<String>,
    /// The applicable requirements the panel found unmet, by id.
    pub unmet: Vec<String>,
    pub requirements: Vec<RequirementResult>,
    /// The distinctions conferred (labels): only on a review that passed.
    pub distinctions: Vec<String>,
    pub contested: Vec<ContestedHit>,
}

/// Decides a review whose total (a sheet's; `None` on rules) and vetoes are known and whose applicable requirements
/// have all been answered (`requirements`: id → met; unanswered ones are left out and count as neither).
pub fn decide(
    card: &Scorecard,
    total: Option<Mean>,
    vetoed: bool,
    requirements: &BTreeMap<String, bool>,
    review_type: Option<&str>,
    distinctions: &BTreeMap<String, bool>,
) -> Decision {
    let results: Vec<RequirementResult> = card
        .requirements_for(review_type)
        .filter_map(|r| {
            requirements.get(&r.id).map(|met| RequirementResult {
                id: r.id.clone(),
                text: r.text.clone(),
                source: r.source.to_string(),
                met: *met,
            })
        })
        .collect();
    let unmet: Vec<String> = results.iter().filter(|r| !r.met).map(|r| r.id.clone()).collect();
    let band = total.and_then(|t| card.grades.iter().find(|g| g.matches(t)));
    let decided_by = card.outcome.decided_by;
    // A veto or an unmet requirement fails the review whatever the total.
    let failed_by_rule = vetoed || !unmet.is_empty();
    let passed = if failed_by_rule {
        Some(false)
    } else {
        match decided_by {
            DecidedBy::Grades => Some(band.is_some_and(|g| g.passed)),
            DecidedBy::Rules => Some(true),
            DecidedBy::Panel => None,
        }
    };
    let fail_label = || card.fail_label().map(str::to_string);
    let grade = if failed_by_rule {
        fail_label()
    } else if decided_by == DecidedBy::Grades {
        band.map(|g| g.label.clone())
    } else {
        None
    };
    // The source's words; where it prints none for this result, the plain 通过 / 不通过.
    let conclusion = match passed {
        None => None,
        Some(true) => card.outcome.passed.clone().or_else(|| grade.clone()).or_else(|| Some("通过".into())),
        Some(false) if vetoed => card
            .vetoed_label
            .clone()
            .or_else(|| card.outcome.failed.clone())
            .or_else(fail_label)
            .or_else(|| Some("不通过".into())),
        Some(false) => {
            card.outcome.failed.clone().or_else(|| grade.clone()).or_else(fail_label).or_else(|| Some("不通过".into()))
        }
    };
    let distinctions = if passed == Some(true) {
        card.distinctions.iter().filter(|d| distinctions.get(&d.id) == Some(&true)).map(|d| d.label.clone()).collect()
    } else {
        Vec::new()
    };
    let contested = match total {
        Some(t) => card
            .contested
            .iter()
            .filter(|c| c.hit_by(t))
            .map(|c| ContestedHit {
                score: c.score,
                text: c.text.clone(),
                sources: c.sources.iter().map(ToString::to_string).collect(),
            })
            .collect(),
        None => Vec::new(),
    };
    Decision {
        kind: card.kind,
        decided_by,
        passed,
        grade,
        conclusion,
        unmet,
        requirements: results,
        distinctions,
        contested,
    }
}
