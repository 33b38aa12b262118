//! A review as the compilation reads it ([`Reading`]): the parts of the payload it uses ([`View`]), borrowed, with its
//! signers and the import's record. Read from a stored bundle, the view borrows its strings from the stored bytes
//! instead of copying each of some 300 into a [`PayloadV1`]: parsing the whole payload was a third of compiling
//! 100,000 imports. The bytes must still be a version-1 payload in JSON (`format` and `version` are checked, and the
//! whole text is parsed, and every object must have exactly the fields of version 1, no more, no fewer); the values
//! the compilation does not read are skipped without their types being checked.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{CompileError, CompiledReview};
use crate::bundle::SignerInfo;
use crate::bundle::payload::{FORMAT, PayloadV1, VERSION};
use crate::store::signing::ImportedReview;

/// What the compilation reads a review from: an imported bundle as stored (its payload parsed when it is read) or a
/// review already parsed ([`CompiledReview`]).
pub trait Compilable {
    /// A later revision of the same review has been imported (known without reading the payload).
    fn superseded(&self) -> bool;
    /// The review as the compilation reads it; an error when a stored payload does not read back.
    fn reading(&self) -> Result<Reading<'_>, CompileError>;
}

/// A review as the compilation reads it, borrowed from what it was read from.
pub struct Reading<'a> {
    pub(super) payload: View<'a>,
    pub(super) signers: Cow<'a, [SignerInfo]>,
    pub(super) payload_sha256: &'a str,
    pub(super) imported_at: &'a str,
    pub(super) superseded: bool,
}

impl Compilable for CompiledReview {
    fn superseded(&self) -> bool {
        self.superseded
    }

    fn reading(&self) -> Result<Reading<'_>, CompileError> {
        Ok(Reading {
            payload: View::of(&self.payload),
            signers: Cow::Borrowed(&self.signers),
            payload_sha256: &self.payload_sha256,
            imported_at: &self.imported_at,
            superseded: self.superseded,
        })
    }
}

impl Compilable for ImportedReview {
    fn superseded(&self) -> bool {
        self.superseded_by.is_some()
    }

    fn reading(&self) -> Result<Reading<'_>, CompileError> {
        let stored = |e: &dyn std::fmt::Display| CompileError::Stored { id: self.id, message: e.to_string() };
        let text = std::str::from_utf8(&self.payload).map_err(|e| stored(&e))?;
        let payload: View<'_> = serde_json::from_str(text).map_err(|e| stored(&e))?;
        if payload.format != FORMAT || payload.version != VERSION {
            let found = format!("{} version {}", payload.format, payload.version);
            return Err(stored(&format!("not a {FORMAT} version {VERSION} payload: {found}")));
        }
        Ok(Reading {
            payload,
            signers: Cow::Owned(serde_json::from_str(&self.signers).map_err(|e| stored(&e))?),
            payload_sha256: &self.payload_sha256,
            imported_at: &self.imported_at,
            superseded: self.superseded(),
        })
    }
}

impl<T: Compilable + ?Sized> Compilable for &T {
    fn superseded(&self) -> bool {
        (**self).superseded()
    }

    fn reading(&self) -> Result<Reading<'_>, CompileError> {
        (**self).reading()
    }
}

/// The parts of a [`PayloadV1`] the compilation reads, with its names.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct View<'a> {
    #[serde(borrow)]
    pub format: Cow<'a, str>,
    pub version: u32,
    #[serde(borrow)]
    pub review: ReviewView<'a>,
    #[serde(borrow)]
    pub enterprise: EnterpriseView<'a>,
    #[serde(borrow)]
    pub scorecard: ScorecardView<'a>,
    #[serde(borrow)]
    pub panel: Vec<ExpertView<'a>>,
    #[serde(borrow)]
    pub recusals: Vec<RecusalView<'a>>,
    #[serde(borrow)]
    pub scores: Vec<ScoreView<'a>>,
    #[serde(borrow)]
    pub vetoes: Vec<VetoView<'a>>,
    #[serde(borrow)]
    pub result: ResultView<'a>,
    #[serde(rename = "facts")]
    _facts: IgnoredAny,
    #[serde(rename = "bonuses")]
    _bonuses: IgnoredAny,
    #[serde(rename = "weights")]
    _weights: IgnoredAny,
    #[serde(rename = "opinion")]
    _opinion: OpinionShape,
    #[serde(rename = "signins")]
    _signins: Vec<SignInShape>,
    #[serde(rename = "audit_head")]
    _audit_head: AuditHeadShape,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReviewView<'a> {
    #[serde(borrow)]
    pub uid: Cow<'a, str>,
    pub revision: u32,
    #[serde(borrow)]
    pub date: Cow<'a, str>,
    #[serde(borrow)]
    pub place: Cow<'a, str>,
    #[serde(rename = "finalized_at")]
    _finalized_at: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EnterpriseView<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub credit_code: Cow<'a, str>,
    #[serde(rename = "address")]
    _address: IgnoredAny,
    #[serde(rename = "industry")]
    _industry: IgnoredAny,
    #[serde(rename = "track")]
    _track: IgnoredAny,
    #[serde(rename = "agency")]
    _agency: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScorecardView<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub province: Cow<'a, str>,
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(borrow)]
    pub stage: Cow<'a, str>,
    #[serde(rename = "sha256")]
    _sha256: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExpertView<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub role: Cow<'a, str>,
    pub recused: bool,
    #[serde(rename = "unit")]
    _unit: IgnoredAny,
    #[serde(rename = "title")]
    _title: IgnoredAny,
    #[serde(rename = "field")]
    _field: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecusalView<'a> {
    #[serde(borrow)]
    pub expert: Cow<'a, str>,
    #[serde(borrow)]
    pub reason: Cow<'a, str>,
    #[serde(rename = "statement")]
    _statement: IgnoredAny,
    #[serde(rename = "recorded_by")]
    _recorded_by: IgnoredAny,
    #[serde(rename = "recorded_at")]
    _recorded_at: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScoreView<'a> {
    #[serde(borrow)]
    pub expert: Cow<'a, str>,
    #[serde(borrow)]
    pub item: Cow<'a, str>,
    #[serde(borrow)]
    pub score: Cow<'a, str>,
    #[serde(rename = "reason")]
    _reason: IgnoredAny,
    #[serde(rename = "evidence")]
    _evidence: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VetoView<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    #[serde(rename = "source")]
    _source: IgnoredAny,
    #[serde(rename = "computed")]
    _computed: IgnoredAny,
    #[serde(rename = "answer")]
    _answer: IgnoredAny,
    #[serde(rename = "evidence")]
    _evidence: IgnoredAny,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResultView<'a> {
    #[serde(borrow)]
    pub total: Cow<'a, str>,
    pub passed: Option<bool>,
    pub grade: Option<String>,
    pub triggered_vetoes: Vec<String>,
    #[serde(borrow)]
    pub experts: Vec<TotalView<'a>>,
    #[serde(rename = "total_exact")]
    _total_exact: IgnoredAny,
    #[serde(rename = "max_total")]
    _max_total: IgnoredAny,
    #[serde(rename = "vetoed")]
    _vetoed: IgnoredAny,
    #[serde(rename = "sections")]
    _sections: Vec<SectionShape>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TotalView<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub total: Cow<'a, str>,
}

/// The opinion, which the compilation does not read: its fields are still those of version 1; their values are skipped.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OpinionShape {
    #[serde(rename = "summary")]
    _summary: IgnoredAny,
    #[serde(rename = "problems")]
    _problems: IgnoredAny,
    #[serde(rename = "suggestions")]
    _suggestions: IgnoredAny,
    #[serde(rename = "conclusion")]
    _conclusion: IgnoredAny,
}

/// A sign-in, which the compilation does not read: its fields are still those of version 1; their values are skipped.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SignInShape {
    #[serde(rename = "name")]
    _name: IgnoredAny,
    #[serde(rename = "unit")]
    _unit: IgnoredAny,
    #[serde(rename = "position")]
    _position: IgnoredAny,
    #[serde(rename = "capacity")]
    _capacity: IgnoredAny,
}

/// A section's total, which the compilation does not read: its fields are still those of version 1; their values are skipped.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SectionShape {
    #[serde(rename = "id")]
    _id: IgnoredAny,
    #[serde(rename = "title")]
    _title: IgnoredAny,
    #[serde(rename = "score")]
    _score: IgnoredAny,
    #[serde(rename = "max")]
    _max: IgnoredAny,
}

/// The log's head, which the compilation does not read: its fields are still those of version 1; their values are skipped.
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AuditHeadShape {
    #[serde(rename = "seq")]
    _seq: IgnoredAny,
    #[serde(rename = "hash")]
    _hash: IgnoredAny,
}

fn b(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

impl<'a> View<'a> {
    /// The view of a payload already parsed, borrowing its strings.
    pub(super) fn of(p: &'a PayloadV1) -> View<'a> {
        View {
            format: b(&p.format),
            version: p.version,
            review: ReviewView {
                uid: b(&p.review.uid),
                revision: p.review.revision,
                date: b(&p.review.date),
                place: b(&p.review.place),
                _finalized_at: IgnoredAny,
            },
            enterprise: EnterpriseView {
                name: b(&p.enterprise.name),
                credit_code: b(&p.enterprise.credit_code),
                _address: IgnoredAny,
                _industry: IgnoredAny,
                _track: IgnoredAny,
                _agency: IgnoredAny,
            },
            scorecard: ScorecardView {
                id: b(&p.scorecard.id),
                province: b(&p.scorecard.province),
                title: b(&p.scorecard.title),
                stage: b(&p.scorecard.stage),
                _sha256: IgnoredAny,
            },
            panel: p
                .panel
                .iter()
                .map(|e| ExpertView {
                    name: b(&e.name),
                    role: b(&e.role),
                    recused: e.recused,
                    _unit: IgnoredAny,
                    _title: IgnoredAny,
                    _field: IgnoredAny,
                })
                .collect(),
            recusals: p
                .recusals
                .iter()
                .map(|x| RecusalView {
                    expert: b(&x.expert),
                    reason: b(&x.reason),
                    _statement: IgnoredAny,
                    _recorded_by: IgnoredAny,
                    _recorded_at: IgnoredAny,
                })
                .collect(),
            scores: p
                .scores
                .iter()
                .map(|s| ScoreView {
                    expert: b(&s.expert),
                    item: b(&s.item),
                    score: b(&s.score),
                    _reason: IgnoredAny,
                    _evidence: IgnoredAny,
                })
                .collect(),
            vetoes: p
                .vetoes
                .iter()
                .map(|v| VetoView {
                    id: b(&v.id),
                    text: b(&v.text),
                    _source: IgnoredAny,
                    _computed: IgnoredAny,
                    _answer: IgnoredAny,
                    _evidence: IgnoredAny,
                })
                .collect(),
            result: ResultView {
                total: b(&p.result.total),
                passed: p.result.passed,
                grade: p.result.grade.clone(),
                triggered_vetoes: p.result.triggered_vetoes.clone(),
                experts: p.result.experts.iter().map(|x| TotalView { name: b(&x.name), total: b(&x.total) }).collect(),
                _total_exact: IgnoredAny,
                _max_total: IgnoredAny,
                _vetoed: IgnoredAny,
                _sections: Vec::new(),
            },
            _facts: IgnoredAny,
            _bonuses: IgnoredAny,
            _weights: IgnoredAny,
            _opinion: OpinionShape::default(),
            _signins: Vec::new(),
            _audit_head: AuditHeadShape::default(),
        }
    }
}
