//! The signed payload: a frozen, versioned structure of everything a panel signs, serialized as canonical JSON
//! (RFC 8785) so that the same review always gives the same bytes. Each version is frozen: a change of shape is a new
//! version beside it ([`v4`], the current one), and readers keep reading the older ones ([`v1`]–[`v3`]), upgraded to the
//! current shape for everything but checking their own bytes and result.

mod canonical;
mod flat;
mod parts;
pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

use serde::Deserialize;

pub use canonical::canonical;
pub use parts::*;
pub use v1::{PayloadV1, ResultPart, ScorecardPart, result_part_v1};
pub use v2::{
    ContestedPart, DecisionPart, DistinctionPart, PayloadV2, RequirementPart, ResultPartV2, ReviewTypePart,
    ScorecardPartV2, result_part,
};
pub use v3::{PayloadV3, SheetPart};
pub use v4::{PayloadV4, SubstitutionPart};

use crate::domain::review::{Answer, Role};
use crate::domain::scoring::Evaluation;
use crate::store::LoadedReview;

pub const FORMAT: &str = "yanshou-review-payload";
/// The version written now.
pub const VERSION: u32 = 4;

/// The current shape: what is built, rendered and compiled.
pub type Payload = PayloadV4;

/// A payload as signed, in the version it was written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signed {
    V1(Box<PayloadV1>),
    V2(Box<PayloadV2>),
    V3(Box<PayloadV3>),
    V4(Box<PayloadV4>),
}

/// Why bytes are not a payload yanshou reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAPayload {
    /// Not JSON of any version's shape; serde's words.
    Shape(String),
    /// A format or version this yanshou does not know.
    Unknown { format: String, version: u32 },
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

impl Signed {
    /// Reads a payload of any version this yanshou knows, by the version it says it is.
    pub fn parse(bytes: &[u8]) -> Result<Signed, NotAPayload> {
        let h: Header = serde_json::from_slice(bytes).map_err(|e| NotAPayload::Shape(e.to_string()))?;
        if h.format != FORMAT || !(1..=VERSION).contains(&h.version) {
            return Err(NotAPayload::Unknown { format: h.format, version: h.version });
        }
        let shape = |e: serde_json::Error| NotAPayload::Shape(e.to_string());
        Ok(match h.version {
            1 => Signed::V1(Box::new(serde_json::from_slice(bytes).map_err(shape)?)),
            2 => Signed::V2(Box::new(serde_json::from_slice(bytes).map_err(shape)?)),
            3 => Signed::V3(Box::new(serde_json::from_slice(bytes).map_err(shape)?)),
            _ => Signed::V4(Box::new(serde_json::from_slice(bytes).map_err(shape)?)),
        })
    }

    pub fn version(&self) -> u32 {
        match self {
            Signed::V1(p) => p.version,
            Signed::V2(p) => p.version,
            Signed::V3(p) => p.version,
            Signed::V4(p) => p.version,
        }
    }

    /// The canonical bytes of the payload as signed.
    pub fn canonical(&self) -> Vec<u8> {
        match self {
            Signed::V1(p) => canonical(p),
            Signed::V2(p) => canonical(p),
            Signed::V3(p) => canonical(p),
            Signed::V4(p) => canonical(p),
        }
    }

    /// The payload in the current shape.
    pub fn current(self) -> Payload {
        match self {
            Signed::V1(p) => p.upgrade().upgrade().upgrade(),
            Signed::V2(p) => p.upgrade().upgrade(),
            Signed::V3(p) => p.upgrade(),
            Signed::V4(p) => *p,
        }
    }
}

/// Reads stored or imported payload bytes of any version in the current shape.
pub fn read_current(bytes: &[u8]) -> Result<Payload, NotAPayload> {
    Signed::parse(bytes).map(Signed::current)
}

/// What a version 3 and 4 payload adds to what the review's rows give: the personal sheets its experts' scores came
/// from, and the links other parts of a case fill (`None` until they do: the re-checked review's stable id, from the
/// case; the SHA-256 of the record of the draw the panel was put from, and the substitutions recorded on it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    pub sheets: Vec<SheetPart>,
    pub recheck_of: Option<String>,
    pub draw_sha256: Option<String>,
    pub substitutions: Vec<SubstitutionPart>,
}

/// Builds the payload of a finalized review.
pub fn build(
    r: &LoadedReview,
    e: &Evaluation,
    uid: &str,
    revision: u32,
    finalized_at: &str,
    head: AuditHead,
    links: Links,
) -> PayloadV4 {
    let mut v2 = build_v2(r, e, uid, revision, finalized_at, head);
    v2.version = VERSION;
    PayloadV4 {
        v3: PayloadV3 { v2, sheets: links.sheets, recheck_of: links.recheck_of, draw_sha256: links.draw_sha256 },
        substitutions: links.substitutions,
    }
}

/// The payload of a finalized review in version 2's shape (version 2): what a version 3 or 4 payload holds beside its
/// own fields, and what yanshou wrote before (the pinned documents of version 2 are rendered from it).
pub fn build_v2(
    r: &LoadedReview,
    e: &Evaluation,
    uid: &str,
    revision: u32,
    finalized_at: &str,
    head: AuditHead,
) -> PayloadV2 {
    let d = &r.data;
    let name = |id: i64| d.expert(id).map(|e| e.name.clone()).unwrap_or_default();
    PayloadV2 {
        format: FORMAT.to_string(),
        version: 2,
        review: ReviewPart {
            uid: uid.to_string(),
            revision,
            date: d.date.clone(),
            place: d.place.clone(),
            finalized_at: finalized_at.to_string(),
        },
        enterprise: EnterprisePart {
            name: d.enterprise.name.clone(),
            credit_code: d.enterprise.credit_code.clone(),
            address: d.enterprise.address.clone(),
            industry: d.enterprise.industry.clone(),
            track: d.enterprise.track.label().to_string(),
            agency: d.enterprise.agency.clone(),
        },
        scorecard: ScorecardPartV2 {
            id: r.card.id.clone(),
            province: r.card.province.clone(),
            title: r.card.title.clone(),
            stage: r.card.stage_label().to_string(),
            kind: r.card.kind.as_str().to_string(),
            sha256: d.scorecard_hash.clone(),
        },
        review_type: d
            .review_type
            .as_ref()
            .and_then(|t| r.card.review_type(t))
            .map(|t| ReviewTypePart { id: t.id.clone(), label: t.label.clone() }),
        panel: d
            .experts
            .iter()
            .map(|x| ExpertPart {
                name: x.name.clone(),
                unit: x.unit.clone(),
                title: x.title.clone(),
                field: x.field.clone(),
                role: if x.role == Role::Lead { "lead" } else { "member" }.to_string(),
                recused: d.is_recused(x.id),
            })
            .collect(),
        recusals: d
            .recusals
            .iter()
            .map(|x| RecusalPart {
                expert: name(x.expert_id),
                reason: x.reason.clone(),
                statement: x.statement.clone(),
                recorded_by: x.recorded_by.clone(),
                recorded_at: x.recorded_at.clone(),
            })
            .collect(),
        // A recused expert's scores never count; they stay in the audit log, not in what the panel signs.
        scores: d
            .scores
            .iter()
            .filter(|s| !d.is_recused(s.expert_id))
            .map(|s| ScorePart {
                expert: name(s.expert_id),
                item: s.item_id.clone(),
                score: s.points.to_string(),
                reason: s.reason.clone(),
                evidence: s.evidence.clone(),
            })
            .collect(),
        facts: d.facts.clone(),
        bonuses: d.bonuses.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
        weights: d.weights.iter().map(|(k, v)| (k.clone(), v.to_string())).collect(),
        vetoes: r
            .card
            .vetoes
            .iter()
            .map(|v| {
                let f = d.vetoes.iter().find(|f| f.veto_id == v.id);
                let answer = match (&v.computed, f) {
                    (Some(_), _) => {
                        if e.triggered_vetoes.contains(&v.id) { Answer::Yes } else { Answer::No }.as_str().to_string()
                    }
                    (None, Some(f)) => f.answer.as_str().to_string(),
                    (None, None) => "unanswered".to_string(),
                };
                VetoPart {
                    id: v.id.clone(),
                    text: v.text.clone(),
                    source: v.source.to_string(),
                    computed: v.computed.is_some(),
                    answer,
                    evidence: f.map(|f| f.evidence.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        requirements: r
            .card
            .requirements_for(d.review_type.as_deref())
            .map(|q| {
                let f = d.requirements.iter().find(|f| f.id == q.id);
                RequirementPart {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    source: q.source.to_string(),
                    answer: match f {
                        Some(f) if f.met => "met",
                        Some(_) => "unmet",
                        None => "unanswered",
                    }
                    .to_string(),
                    evidence: f.map(|f| f.evidence.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        distinctions: r
            .card
            .distinctions
            .iter()
            .map(|x| {
                let f = d.distinctions.iter().find(|f| f.id == x.id);
                DistinctionPart {
                    id: x.id.clone(),
                    label: x.label.clone(),
                    source: x.source.to_string(),
                    answer: if f.is_some_and(|f| f.met) { "yes" } else { "no" }.to_string(),
                    evidence: f.map(|f| f.evidence.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        result: result_part(e, &r.card),
        decision: d.decision.as_ref().map(|x| DecisionPart { passed: x.passed, reason: x.reason.clone() }),
        opinion: OpinionPart {
            summary: d.opinion.summary.clone(),
            problems: d.opinion.problems.clone(),
            suggestions: d.opinion.suggestions.clone(),
            conclusion: d.opinion.conclusion.clone(),
        },
        signins: d
            .signins
            .iter()
            .map(|s| SignInPart {
                name: s.name.clone(),
                unit: s.unit.clone(),
                position: s.position.clone(),
                capacity: s.capacity.clone(),
            })
            .collect(),
        audit_head: head,
    }
}
