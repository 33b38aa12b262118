//! Reading a bundle from disk and verifying it completely: every file's hash, the payload's canonical form, the frozen
//! sheet, every signature against the roster, and a recomputation of totals, grade and vetoes from the raw scores.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::documents;
use super::payload::{
    NotAPayload, Payload, ResultPartV2, Signed, SubstitutionPart, canonical, result_part, result_part_v1,
};
use super::roster::Roster;
use super::sign::{DISSENT_FORMAT, DissentV1};
use super::{SignStatus, SignerInfo, keys, sign};
use crate::cache::Frozen;
use crate::domain::explain::Explain;
use crate::domain::review::{Answer, Decision, EnteredExpert, EnteredScore, EnteredVeto, Entries, Finding, check};
use crate::domain::scorecard::{LoadErrors, Scorecard, parse_scorecard};
use crate::domain::scoring::{Literal, evaluate};

pub use super::manifest::{FORMAT, MANIFEST, Manifest, ManifestSignature, PAYLOAD, SCORECARD, manifest_json};
pub use super::read::{
    Bundle, BundleProblem, EntryKind, IGNORED_FILES, IGNORED_FOLDERS, MAX_ENTRIES, ReadError, os_junk, read,
};
/// Kept here for the callers that spell it `bundle::verify::sha256_hex`.
pub use crate::hex::sha256_hex;

/// The verdict on a bundle: what it holds, and every reason to reject it.
#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub accepted: bool,
    /// Every reason to reject the bundle (in JSON, in English as always; `problems_zh` has them in Chinese).
    #[serde(serialize_with = "english")]
    pub problems: Vec<BundleProblem>,
    /// The same reasons in Chinese, filled when the verdict is complete.
    pub problems_zh: Vec<String>,
    pub uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    pub scorecard: String,
    pub scorecard_sha256: String,
    pub enterprise: String,
    pub signers: Vec<SignerInfo>,
    pub recusals: Vec<String>,
    /// The result as signed, and as the entries give it again (in the current shape; a version 1 payload's is
    /// checked in its own shape and shown upgraded).
    pub signed_result: Option<ResultPartV2>,
    pub recomputed: Option<ResultPartV2>,
    /// The SHA-256 of the record of the draw the panel stands on, and the substitutions recorded on it, as the
    /// payload names them (none for a panel not drawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw_sha256: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub substitutions: Vec<SubstitutionPart>,
}

fn english<S: serde::Serializer>(problems: &[BundleProblem], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(problems.iter().map(Explain::en))
}

impl Verdict {
    /// The reasons in English, as the command line's second line says them.
    pub fn problems_en(&self) -> Vec<String> {
        self.problems.iter().map(Explain::en).collect()
    }
}

/// What the panel entered, as a signed payload carries it: what the one check of a review's entries reads
/// ([`crate::domain::review::check`]), the same that finalizing asked of the store's rows before signing. The scores
/// of anyone not on the panel, or of a recused expert, are not the panel's: they are refused by name elsewhere.
pub fn entries(p: &Payload) -> Entries {
    Entries {
        experts: p.panel.iter().map(|e| EnteredExpert { name: e.name.clone(), recused: e.recused }).collect(),
        scores: p
            .scores
            .iter()
            .map(|s| EnteredScore {
                expert: s.expert.clone(),
                item: s.item.clone(),
                points: Literal(s.score.clone()),
                reason: s.reason.clone(),
            })
            .collect(),
        facts: p.facts.clone(),
        bonuses: p.bonuses.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
        weights: p.weights.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
        vetoes: p
            .vetoes
            .iter()
            .filter(|v| !v.computed)
            .filter_map(|v| {
                Some(EnteredVeto {
                    veto: v.id.clone(),
                    answer: Answer::parse(&v.answer)?,
                    evidence: v.evidence.clone(),
                })
            })
            .collect(),
        summary: p.opinion.summary.clone(),
        conclusion: p.opinion.conclusion.clone(),
        review_type: p.review_type.as_ref().map(|t| t.id.clone()),
        requirements: p
            .requirements
            .iter()
            .filter(|q| q.answer == "met" || q.answer == "unmet")
            .map(|q| Finding { id: q.id.clone(), met: q.answer == "met", evidence: q.evidence.clone() })
            .collect(),
        distinctions: p
            .distinctions
            .iter()
            .filter(|d| d.answer == "yes")
            .map(|d| Finding { id: d.id.clone(), met: true, evidence: d.evidence.clone() })
            .collect(),
        decision: p.decision.as_ref().map(|d| Decision { passed: d.passed, reason: d.reason.clone() }),
        legacy: p.version < 2,
    }
}

/// Sheets carried by bundles, parsed once per process: a support unit imports hundreds of bundles on the same sheet.
static BUNDLE_SHEETS: std::sync::LazyLock<Frozen<Scorecard>> = std::sync::LazyLock::new(Frozen::new);

/// A bundle's sheet, parsed (or the same text's parse from an earlier bundle), shared without a copy.
pub(crate) fn bundle_sheet(sha256: &str, text: &str) -> Result<std::sync::Arc<(String, Scorecard)>, LoadErrors> {
    BUNDLE_SHEETS.shared(sha256, text, || parse_scorecard(SCORECARD, text))
}

/// Whether a signature file is byte for byte what yanshou writes: the untrusted comment naming the key, the signature
/// line in standard base64, the trusted comment, the global signature, each line ending in a line feed. The signature
/// covers neither the untrusted comment nor the line ends, so without this they could be changed unseen.
fn signature_as_written(minisig: &str, key_id: &str) -> bool {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let canonical_b64 = |line: &str| b64.decode(line).is_ok_and(|bytes| b64.encode(bytes) == line);
    let lines: Vec<&str> = minisig.split('\n').collect();
    let [untrusted, signature, trusted, global, ""] = lines[..] else { return false };
    untrusted.strip_prefix("untrusted comment: ") == Some(sign::untrusted_comment(key_id).as_str())
        && canonical_b64(signature)
        && trusted.starts_with("trusted comment: ")
        && !trusted.contains('\r')
        && canonical_b64(global)
}

/// Verifies a bundle against a roster of trusted keys.
pub fn verify(b: &Bundle, roster: &Roster) -> Verdict {
    let mut problems: Vec<BundleProblem> = b.layout.clone();
    let m = &b.manifest;
    // Every byte: each file's hash as the manifest lists it.
    for (name, expected) in &m.files {
        let Some(bytes) = b.files.get(name) else {
            problems.push(BundleProblem::ListedMissing { path: name.clone() });
            continue;
        };
        let actual = sha256_hex(bytes);
        if &actual != expected {
            problems.push(BundleProblem::Changed { path: name.clone(), actual, expected: expected.clone() });
        }
    }
    // Every file the manifest lists is one of a bundle's: signed, bound to the payload by hash, or derived.
    let mut of_the_bundle: BTreeSet<String> = [PAYLOAD, SCORECARD].into_iter().map(String::from).collect();
    of_the_bundle.extend(documents::DOCUMENTS.iter().map(|d| d.to_string()));
    for s in &m.signatures {
        of_the_bundle.extend([s.signature.clone(), s.signed.clone(), documents::key_path(&s.key_id)]);
    }
    // The personal sheets are of the bundle when the payload lists them: checked below, once it is read.
    // So is the draw's record when the payload names the draw.
    let sheets_dir = super::personal::check::SHEETS_DIR;
    let draw_dir = super::draw_check::DRAW_DIR;
    let later = |n: &str| n.starts_with(sheets_dir) || n.starts_with(draw_dir);
    for name in m.files.keys().filter(|n| !of_the_bundle.contains(*n) && !later(n)) {
        problems.push(BundleProblem::NotOfTheBundle { path: name.clone() });
    }
    let payload_sha256 = sha256_hex(&b.payload_bytes);
    if payload_sha256 != m.payload_sha256 {
        problems.push(BundleProblem::PayloadHashDiffers);
    }
    let mut verdict = Verdict {
        accepted: false,
        problems: Vec::new(),
        problems_zh: Vec::new(),
        uid: m.review_uid.clone(),
        revision: m.revision,
        payload_sha256: payload_sha256.clone(),
        scorecard: String::new(),
        scorecard_sha256: sha256_hex(b.scorecard_text.as_bytes()),
        enterprise: String::new(),
        signers: Vec::new(),
        recusals: Vec::new(),
        signed_result: None,
        recomputed: None,
        draw_sha256: None,
        substitutions: Vec::new(),
    };
    let signed = match Signed::parse(&b.payload_bytes) {
        Ok(p) => p,
        Err(e) => {
            problems.push(match e {
                NotAPayload::Shape(message) => BundleProblem::NotAPayload { message },
                NotAPayload::Unknown { format, version } => BundleProblem::UnknownPayload { format, version },
            });
            verdict.problems_zh = problems.iter().map(Explain::zh).collect();
            verdict.problems = problems;
            return verdict;
        }
    };
    if signed.canonical() != b.payload_bytes {
        problems.push(BundleProblem::PayloadNotCanonical);
    }
    // A version 1 payload is checked against its own result part; everything else reads the current shape.
    let signed_v1_result = match &signed {
        Signed::V1(p) => Some(p.result.clone()),
        Signed::V2(_) | Signed::V3(_) | Signed::V4(_) => None,
    };
    let payload = signed.current();
    if payload.review.uid != m.review_uid || payload.review.revision != m.revision {
        problems.push(BundleProblem::ManifestAndPayloadDiffer);
    }
    verdict.scorecard = format!("{} ({})", payload.scorecard.title, payload.scorecard.id);
    verdict.enterprise = format!("{} ({})", payload.enterprise.name, payload.enterprise.credit_code);
    verdict.recusals = payload.recusals.iter().map(|r| format!("{}：{}", r.expert, r.reason)).collect();
    verdict.signed_result = Some(payload.result.clone());
    // The signed personal sheets the payload lists, and nothing else under sheets/.
    let (sheet_problems, sheet_files) = super::personal::check::check(&payload, &b.files, roster);
    problems.extend(sheet_problems);
    for name in m.files.keys().filter(|n| n.starts_with(sheets_dir) && !sheet_files.contains(*n)) {
        problems.push(BundleProblem::NotOfTheBundle { path: name.clone() });
    }
    // The draw the panel stands on: its record, re-run, and everyone who signed or dissented among its drawn experts.
    let signer_names: Vec<String> = m.signatures.iter().map(|s| s.expert.clone()).collect();
    let (draw_problems, draw_listed) = super::draw_check::check(&payload, &b.files, &signer_names);
    problems.extend(draw_problems);
    let draw_record = super::draw_check::DRAW_RECORD;
    for name in m.files.keys().filter(|n| n.starts_with(draw_dir) && !(draw_listed && n.as_str() == draw_record)) {
        problems.push(BundleProblem::NotOfTheBundle { path: name.clone() });
    }
    verdict.draw_sha256 = payload.draw_sha256.clone();
    verdict.substitutions = payload.substitutions.clone();

    // The sheet the review was scored on; what the panel entered, checked as finalizing checked it; and a
    // recomputation of the result from the raw entries.
    if verdict.scorecard_sha256 != payload.scorecard.sha256 {
        problems.push(BundleProblem::SheetHashDiffers);
    }
    let sheet = bundle_sheet(&verdict.scorecard_sha256, &b.scorecard_text);
    match &sheet {
        Err(e) => problems.push(BundleProblem::SheetDoesNotLoad(e.0.clone())),
        Ok(entry) => {
            let entries = entries(&payload);
            // The signed result against the one the entries give, whenever they give one: a changed score is named
            // as what it changes, even where it also breaks a rule of what may be signed.
            let evaluation = match check(&entry.1, &entries) {
                Ok(e) => Some(e),
                Err(blockers) => {
                    problems.push(BundleProblem::Incomplete(blockers));
                    evaluate(&entry.1, &entries.evaluation_input(&entry.1)).ok()
                }
            };
            if let Some(e) = evaluation {
                let again = match &signed_v1_result {
                    None => Some(result_part(&e, &entry.1)),
                    Some(_) => result_part_v1(&e, &entry.1).map(|r| r.upgrade()),
                };
                let same = match (&again, &signed_v1_result) {
                    (Some(a), None) => *a == payload.result,
                    (Some(_), Some(v1)) => result_part_v1(&e, &entry.1).as_ref() == Some(v1),
                    (None, _) => false,
                };
                if !same {
                    let or_dash = |t: &Option<String>| t.clone().unwrap_or_else(|| "—".into());
                    problems.push(BundleProblem::Mismatch {
                        total: again.as_ref().map_or_else(|| "—".into(), |a| or_dash(&a.total)),
                        grade: again.as_ref().map_or_else(|| "—".into(), |a| or_dash(&a.grade)),
                        signed_total: or_dash(&payload.result.total),
                        signed_grade: or_dash(&payload.result.grade),
                    });
                }
                verdict.recomputed = again;
            }
        }
    }
    let panel_recused: BTreeMap<&str, bool> = payload.panel.iter().map(|e| (e.name.as_str(), e.recused)).collect();
    let recorded: BTreeSet<&str> = payload.recusals.iter().map(|r| r.expert.as_str()).collect();
    for (name, recused) in &panel_recused {
        if *recused != recorded.contains(name) {
            problems.push(BundleProblem::RecusalsDisagree { name: name.to_string() });
        }
    }
    // The engine leaves out the scores of a recused expert and of anyone not on the panel, so the recomputation
    // cannot see them: a payload that carries such scores is refused here, naming whose they are.
    let scorers: BTreeSet<&str> = payload.scores.iter().map(|s| s.expert.as_str()).collect();
    for name in scorers {
        match panel_recused.get(name) {
            Some(true) => problems.push(BundleProblem::RecusedScores { name: name.to_string() }),
            Some(false) => {}
            None => problems.push(BundleProblem::StrangerScores { name: name.to_string() }),
        }
    }

    // Signatures.
    let mut by_expert: BTreeMap<String, SignerInfo> = BTreeMap::new();
    for s in &m.signatures {
        let who = &s.expert;
        let Some(recused) = panel_recused.get(who.as_str()) else {
            problems.push(BundleProblem::SignerNotOnPanel { name: who.clone() });
            continue;
        };
        if *recused {
            problems.push(BundleProblem::RecusedSigned { name: who.clone() });
            continue;
        }
        if by_expert.contains_key(who) {
            problems.push(BundleProblem::SignedTwice { name: who.clone() });
            continue;
        }
        let (Some(sig), Some(signed)) = (b.files.get(&s.signature), b.files.get(&s.signed)) else {
            problems.push(BundleProblem::SignatureFilesUnlisted { name: who.clone() });
            continue;
        };
        let sig = String::from_utf8_lossy(sig).to_string();
        let pk = match keys::public_from_base64(&s.public_key) {
            Ok(pk) => pk,
            Err(e) => {
                problems.push(BundleProblem::PublicKeyUnreadable { name: who.clone(), error: e.to_string() });
                continue;
            }
        };
        if keys::key_id(&pk) != s.key_id {
            problems.push(BundleProblem::KeyIdMismatch { name: who.clone(), key: s.key_id.clone() });
            continue;
        }
        // Trust comes from the roster, never from the bundle.
        match roster.entry(&s.key_id) {
            None => problems.push(BundleProblem::UnknownKey { name: who.clone(), key: s.key_id.clone() }),
            Some(entry) if entry.public_key != s.public_key => {
                problems.push(BundleProblem::KeyDiffers { name: who.clone(), key: s.key_id.clone() })
            }
            Some(entry) if entry.revoked => problems.push(BundleProblem::Revoked {
                name: who.clone(),
                key: s.key_id.clone(),
                since: entry.revoked_at.clone(),
            }),
            Some(entry) if entry.name != *who => problems.push(BundleProblem::KeyOfAnother {
                name: who.clone(),
                key: s.key_id.clone(),
                owner: entry.name.clone(),
            }),
            Some(entry) => {
                let date = payload.review.finalized_at.get(..10).unwrap_or("");
                if date < entry.valid_from.as_str() || date > entry.valid_until.as_str() {
                    problems.push(BundleProblem::KeyNotValid {
                        name: who.clone(),
                        key: s.key_id.clone(),
                        from: entry.valid_from.clone(),
                        until: entry.valid_until.clone(),
                        date: date.to_string(),
                    });
                }
            }
        }
        if let Err(e) = sign::verify(&pk, &sig, signed) {
            problems.push(BundleProblem::SignatureInvalid {
                name: who.clone(),
                signature: s.signature.clone(),
                signed: s.signed.clone(),
                error: e.to_string(),
                error_zh: e.zh(),
            });
            continue;
        }
        if !signature_as_written(&sig, &s.key_id) {
            problems.push(BundleProblem::SignatureNotAsWritten { name: who.clone(), signature: s.signature.clone() });
        }
        let trusted = sign::inspect(&sig).map(|(_, t)| t).unwrap_or_default();
        let info = match s.kind.as_str() {
            "sign" => {
                if s.signed != PAYLOAD {
                    problems.push(BundleProblem::NotOverPayload { name: who.clone() });
                    continue;
                }
                documents::signer(s, &trusted, None)
            }
            "dissent" => match serde_json::from_slice::<DissentV1>(signed) {
                Ok(d)
                    if d.format == DISSENT_FORMAT
                        && d.payload_sha256 == payload_sha256
                        && d.expert == *who
                        && canonical(&d) == *signed =>
                {
                    documents::signer(s, &trusted, Some(&d.text))
                }
                Ok(_) => {
                    problems.push(BundleProblem::DissentElsewhere { name: who.clone() });
                    continue;
                }
                Err(e) => {
                    problems.push(BundleProblem::DissentUnreadable { name: who.clone(), error: e.to_string() });
                    continue;
                }
            },
            other => {
                problems.push(BundleProblem::UnknownKind { name: who.clone(), kind: other.to_string() });
                continue;
            }
        };
        by_expert.insert(who.clone(), info);
    }
    verdict.signers = documents::panel_signers(&payload.panel, by_expert);
    // The derived files, rendered again from the payload, the sheet and the signers just derived, byte for byte.
    if let Ok(entry) = &sheet {
        for (path, expected) in
            documents::derived_files(&payload, &payload_sha256, &entry.1, &verdict.signers, &m.signatures)
        {
            match b.files.get(&path) {
                None => problems.push(BundleProblem::DerivedMissing { path }),
                Some(found) => {
                    if let Some(difference) = documents::difference(found, &expected) {
                        problems.push(BundleProblem::DerivedDiffers { path, difference });
                    }
                }
            }
        }
    }
    if !verdict.signers.iter().any(|s| s.status == SignStatus::Signed) {
        problems.push(BundleProblem::NobodySigned);
    }
    verdict.accepted = problems.is_empty();
    verdict.problems_zh = problems.iter().map(Explain::zh).collect();
    verdict.problems = problems;
    verdict
}
