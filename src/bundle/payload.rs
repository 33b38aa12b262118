//! The signed payload: a frozen, versioned structure of everything a panel signs, serialized as canonical JSON
//! (RFC 8785) so that the same review always gives the same bytes. Version 1 is frozen: a change of shape is a new
//! version beside it, and readers keep reading version 1.

use serde::{Deserialize, Serialize};

use crate::domain::review::{Answer, Role};
use crate::domain::scoring::Evaluation;
use crate::store::LoadedReview;

pub const FORMAT: &str = "yanshou-review-payload";
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadV1 {
    pub format: String,
    pub version: u32,
    pub review: ReviewPart,
    pub enterprise: EnterprisePart,
    pub scorecard: ScorecardPart,
    pub panel: Vec<ExpertPart>,
    pub recusals: Vec<RecusalPart>,
    pub scores: Vec<ScorePart>,
    /// Fact id → value as text (`true`, `false` or a decimal).
    pub facts: std::collections::BTreeMap<String, String>,
    /// Bonus id → points as text.
    pub bonuses: std::collections::BTreeMap<String, String>,
    /// Item id → adjusted points as text.
    pub weights: std::collections::BTreeMap<String, String>,
    pub vetoes: Vec<VetoPart>,
    pub result: ResultPart,
    pub opinion: OpinionPart,
    pub signins: Vec<SignInPart>,
    pub audit_head: AuditHead,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPart {
    /// Stable across versions of the same review (a reopened and re-finalized review keeps it).
    pub uid: String,
    /// Increases each time the review is finalized again.
    pub revision: u32,
    pub date: String,
    pub place: String,
    pub finalized_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnterprisePart {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    pub track: String,
    pub agency: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardPart {
    pub id: String,
    pub province: String,
    pub title: String,
    pub stage: String,
    /// SHA-256 of the frozen sheet text (carried beside the payload as `scorecard.toml`).
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertPart {
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    /// `lead` or `member`.
    pub role: String,
    pub recused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecusalPart {
    pub expert: String,
    pub reason: String,
    pub statement: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorePart {
    pub expert: String,
    pub item: String,
    /// Points as text, one decimal at most (`"4.5"`).
    pub score: String,
    pub reason: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoPart {
    pub id: String,
    pub text: String,
    pub source: String,
    pub computed: bool,
    /// `yes`, `no`, or for a computed veto whether it fired.
    pub answer: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultPart {
    /// The panel total rounded to two decimals, and exactly.
    pub total: String,
    pub total_exact: String,
    pub max_total: String,
    /// `true`, `false`, or `null` where the sheet prints no pass mark and no veto holds.
    pub passed: Option<bool>,
    pub grade: Option<String>,
    pub vetoed: bool,
    pub triggered_vetoes: Vec<String>,
    pub experts: Vec<ExpertTotal>,
    pub sections: Vec<SectionTotal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertTotal {
    pub name: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTotal {
    pub id: String,
    pub title: String,
    pub score: String,
    pub max: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionPart {
    pub summary: String,
    pub problems: String,
    pub suggestions: String,
    pub conclusion: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInPart {
    pub name: String,
    pub unit: String,
    pub position: String,
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// The result part as the engine computes it; used both to build a payload and to check one.
pub fn result_part(e: &Evaluation, card: &crate::domain::scorecard::Scorecard) -> ResultPart {
    ResultPart {
        total: e.total.display(),
        total_exact: e.total_exact.clone(),
        max_total: e.max_total.to_string(),
        passed: e.passed,
        grade: e.grade.clone(),
        vetoed: e.vetoed,
        triggered_vetoes: e.triggered_vetoes.clone(),
        experts: e.experts.iter().map(|x| ExpertTotal { name: x.name.clone(), total: x.total.to_string() }).collect(),
        sections: card
            .sections
            .iter()
            .zip(&e.sections)
            .map(|(s, r)| SectionTotal {
                id: s.id.clone(),
                title: s.title.clone(),
                score: r.score.display(),
                max: r.max.to_string(),
            })
            .collect(),
    }
}

/// Builds the payload of a finalized review.
pub fn build(
    r: &LoadedReview,
    e: &Evaluation,
    uid: &str,
    revision: u32,
    finalized_at: &str,
    head: AuditHead,
) -> PayloadV1 {
    let d = &r.data;
    let name = |id: i64| d.expert(id).map(|e| e.name.clone()).unwrap_or_default();
    PayloadV1 {
        format: FORMAT.to_string(),
        version: VERSION,
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
        scorecard: ScorecardPart {
            id: r.card.id.clone(),
            province: r.card.province.clone(),
            title: r.card.title.clone(),
            stage: r.card.stage.label().to_string(),
            sha256: d.scorecard_hash.clone(),
        },
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
        result: result_part(e, &r.card),
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

/// The canonical bytes (RFC 8785) of any serializable value.
///
/// Written here for the values yanshou signs (strings, integers, arrays, objects): keys sorted by UTF-16 code units,
/// strings escaped as ECMAScript's `JSON.stringify` escapes them, integers as written. This is several times faster
/// than `serde_jcs`, which re-checks every imported payload's form on import; a value with any other number (a
/// fraction, an exponent, an integer beyond ±2^53) goes to `serde_jcs`, whose ECMAScript number formatting it needs.
/// Tests hold the two to the same bytes.
pub fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    if let Ok(v) = serde_json::to_value(value) {
        let mut out = Vec::with_capacity(8 * 1024);
        if write_canonical(&v, &mut out) {
            return out;
        }
    }
    serde_jcs::to_vec(value).expect("payload structs always serialize")
}

/// Appends the RFC 8785 form of `v`; false when it holds a number this does not format.
fn write_canonical(v: &serde_json::Value, out: &mut Vec<u8>) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            let text = n.to_string();
            if !is_safe_integer(&text) {
                return false;
            }
            out.extend_from_slice(text.as_bytes());
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if !write_canonical(item, out) {
                    return false;
                }
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                if !write_canonical(item, out) {
                    return false;
                }
            }
            out.push(b'}');
        }
    }
    true
}

/// An integer ECMAScript writes exactly as its digits: no sign on zero, no leading zeros, within ±(2^53 − 1).
fn is_safe_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    plain && digits.parse::<u64>().is_ok_and(|n| n < (1u64 << 53))
}

/// A string as RFC 8785 writes it: `"` and `\` escaped, the short escapes for backspace, tab, line feed, form feed and
/// carriage return, `\u00xx` (lower-case hex) for the other control characters, everything else as it is.
fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0a => b"\\n",
            0x0c => b"\\f",
            0x0d => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&s.as_bytes()[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&s.as_bytes()[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Strings over the characters where canonical forms differ: controls, quotes, backslashes, ASCII, Chinese, the
    /// top of the BMP (sorted after astral characters in UTF-16 but before them by code point) and astral ones.
    fn text() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('a')),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('\u{7f}'),
            Just('\u{2028}'),
            any::<char>(),
            proptest::char::range('a', 'e'),
            proptest::char::range('\u{4e00}', '\u{4e05}'),
            proptest::char::range('\u{e000}', '\u{e002}'),
            proptest::char::range('\u{ff61}', '\u{ff63}'),
            proptest::char::range('\u{10000}', '\u{10002}'),
            proptest::char::range('\u{1f600}', '\u{1f602}'),
        ];
        proptest::collection::vec(chars, 0..6).prop_map(|v| v.into_iter().collect())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
            (0u32..1000).prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((text(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The canonical form written here is byte for byte the one serde_jcs writes.
        #[test]
        fn canonical_is_serde_jcs(v in value()) {
            prop_assert_eq!(canonical(&v), serde_jcs::to_vec(&v).expect("jcs"));
        }
    }

    /// Numbers this does not format go to serde_jcs, and still come out canonical.
    #[test]
    fn other_numbers_fall_back_to_serde_jcs() {
        for text in ["1.5", "1e3", "-0", "9007199254740993", "0.1", "100000000000000000000"] {
            let v: Value = serde_json::from_str(&format!("{{\"b\":{text},\"a\":[{text}]}}")).expect("json");
            let mut out = Vec::new();
            assert!(!write_canonical(&v, &mut out), "{text}");
            assert_eq!(canonical(&v), serde_jcs::to_vec(&v).expect("jcs"), "{text}");
        }
        assert!(is_safe_integer("9007199254740991") && is_safe_integer("-12") && is_safe_integer("0"));
        assert!(!is_safe_integer("007") && !is_safe_integer("+1") && !is_safe_integer(""));
    }
}
