//! Reading versions 3 and 4 without serde's `flatten`: their JSON is one flat object (version 2's fields and theirs
//! side by side), which serde reads for a flattened struct by first copying the whole object into a buffer of its own
//! and then reading that again field by field — a third of the time of compiling 100,000 payloads went to it. Here
//! the flat object is read once into [`Flat`], every field named, unknown ones refused as before, and moved into the
//! nested structs; what is written (and signed) is unchanged, still through the derived `Serialize`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::parts::*;
use super::v2::{
    DecisionPart, DistinctionPart, PayloadV2, RequirementPart, ResultPartV2, ReviewTypePart, ScorecardPartV2,
};

/// Every field a version 3 or 4 payload may have, as it stands in the JSON, `S` a personal sheet's part and `U` a
/// substitution's (version 3 reads no substitution: its `U` is `IgnoredAny` and it refuses the field). Required and
/// optional as the nested structs have them: `review_type`, `decision`, `recheck_of` and `draw_sha256` may be missing
/// (read as `null`), the rest must be there; `substitutions` is version 4's and must be there in it and absent in
/// version 3 (the conversions in `v3.rs` and `v4.rs` say so).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Flat<S, U> {
    format: String,
    version: u32,
    review: ReviewPart,
    enterprise: EnterprisePart,
    scorecard: ScorecardPartV2,
    review_type: Option<ReviewTypePart>,
    panel: Vec<ExpertPart>,
    recusals: Vec<RecusalPart>,
    scores: Vec<ScorePart>,
    facts: BTreeMap<String, String>,
    bonuses: BTreeMap<String, String>,
    weights: BTreeMap<String, String>,
    vetoes: Vec<VetoPart>,
    requirements: Vec<RequirementPart>,
    distinctions: Vec<DistinctionPart>,
    result: ResultPartV2,
    decision: Option<DecisionPart>,
    opinion: OpinionPart,
    signins: Vec<SignInPart>,
    audit_head: AuditHead,
    pub(super) sheets: Vec<S>,
    pub(super) recheck_of: Option<String>,
    pub(super) draw_sha256: Option<String>,
    pub(super) substitutions: Option<Vec<U>>,
}

impl<S, U> Flat<S, U> {
    /// Version 2's fields moved out, and what is left: the fields of versions 3 and 4.
    pub(super) fn split(self) -> (PayloadV2, Rest<S, U>) {
        let v2 = PayloadV2 {
            format: self.format,
            version: self.version,
            review: self.review,
            enterprise: self.enterprise,
            scorecard: self.scorecard,
            review_type: self.review_type,
            panel: self.panel,
            recusals: self.recusals,
            scores: self.scores,
            facts: self.facts,
            bonuses: self.bonuses,
            weights: self.weights,
            vetoes: self.vetoes,
            requirements: self.requirements,
            distinctions: self.distinctions,
            result: self.result,
            decision: self.decision,
            opinion: self.opinion,
            signins: self.signins,
            audit_head: self.audit_head,
        };
        let rest = Rest {
            sheets: self.sheets,
            recheck_of: self.recheck_of,
            draw_sha256: self.draw_sha256,
            substitutions: self.substitutions,
        };
        (v2, rest)
    }
}

/// The fields a version 3 or 4 payload has beyond version 2's.
pub(super) struct Rest<S, U> {
    pub(super) sheets: Vec<S>,
    pub(super) recheck_of: Option<String>,
    pub(super) draw_sha256: Option<String>,
    pub(super) substitutions: Option<Vec<U>>,
}
