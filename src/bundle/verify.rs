//! Reading a bundle from disk and verifying it completely: every file's hash, the payload's canonical form, the frozen
//! sheet, every signature against the roster, and a recomputation of totals, grade and vetoes from the raw scores.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::documents;
use super::payload::{PayloadV1, ResultPart, canonical, result_part};
use super::roster::Roster;
use super::sign::{DISSENT_FORMAT, DissentV1};
use super::{SignStatus, SignerInfo, keys, sign};
use crate::cache::Frozen;
use crate::domain::review::Answer;
use crate::domain::scorecard::{Scorecard, parse_scorecard};
use crate::domain::scoring::{EvaluationInput, ExpertInput, FactInput, Literal, evaluate};

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
    pub problems: Vec<String>,
    pub uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    pub scorecard: String,
    pub scorecard_sha256: String,
    pub enterprise: String,
    pub signers: Vec<SignerInfo>,
    pub recusals: Vec<String>,
    pub signed_result: Option<ResultPart>,
    pub recomputed: Option<ResultPart>,
}

/// The engine's input from a payload's raw entries.
pub fn evaluation_input(p: &PayloadV1) -> EvaluationInput {
    EvaluationInput {
        experts: p
            .panel
            .iter()
            .map(|e| ExpertInput {
                name: e.name.clone(),
                recused: e.recused,
                scores: p
                    .scores
                    .iter()
                    .filter(|s| s.expert == e.name)
                    .map(|s| (s.item.clone(), Literal(s.score.clone())))
                    .collect(),
            })
            .collect(),
        bonuses: p.bonuses.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
        vetoes: p
            .vetoes
            .iter()
            .filter(|v| !v.computed && Answer::parse(&v.answer) == Some(Answer::Yes))
            .map(|v| v.id.clone())
            .collect(),
        facts: p.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
        weights: p.weights.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
    }
}

/// Sheets carried by bundles, parsed once per process: a support unit imports hundreds of bundles on the same sheet.
static BUNDLE_SHEETS: std::sync::LazyLock<Frozen<Scorecard>> = std::sync::LazyLock::new(Frozen::new);

/// A bundle's sheet, parsed (or the same text's parse from an earlier bundle), shared without a copy.
pub(crate) fn bundle_sheet(sha256: &str, text: &str) -> Result<std::sync::Arc<(String, Scorecard)>, String> {
    BUNDLE_SHEETS.shared(sha256, text, || parse_scorecard(SCORECARD, text).map_err(|e| e.to_string()))
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
    let mut problems: Vec<String> = b.layout.iter().map(ToString::to_string).collect();
    let m = &b.manifest;
    // Every byte: each file's hash as the manifest lists it.
    for (name, expected) in &m.files {
        let Some(bytes) = b.files.get(name) else {
            problems.push(format!("{MANIFEST} lists {name}, which is not in the bundle"));
            continue;
        };
        let actual = sha256_hex(bytes);
        if &actual != expected {
            problems.push(format!("{name} has been changed (its SHA-256 is {actual}, {MANIFEST} says {expected})"));
        }
    }
    // Every file the manifest lists is one of a bundle's: signed, bound to the payload by hash, or derived.
    let mut of_the_bundle: BTreeSet<String> = [PAYLOAD, SCORECARD].into_iter().map(String::from).collect();
    of_the_bundle.extend(documents::DOCUMENTS.iter().map(|d| d.to_string()));
    for s in &m.signatures {
        of_the_bundle.extend([s.signature.clone(), s.signed.clone(), documents::key_path(&s.key_id)]);
    }
    for name in m.files.keys().filter(|n| !of_the_bundle.contains(*n)) {
        problems.push(BundleProblem::NotOfTheBundle { path: name.clone() }.to_string());
    }
    let payload_sha256 = sha256_hex(&b.payload_bytes);
    if payload_sha256 != m.payload_sha256 {
        problems.push(format!("{PAYLOAD} does not match the payload hash in {MANIFEST}"));
    }
    let mut verdict = Verdict {
        accepted: false,
        problems: Vec::new(),
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
    };
    let payload: PayloadV1 = match serde_json::from_slice(&b.payload_bytes) {
        Ok(p) => p,
        Err(e) => {
            problems.push(format!("{PAYLOAD} is not a version 1 payload: {e}"));
            verdict.problems = problems;
            return verdict;
        }
    };
    if canonical(&payload) != b.payload_bytes {
        problems.push(format!("{PAYLOAD} is not in canonical form (RFC 8785): it was edited after signing"));
    }
    if payload.format != super::payload::FORMAT || payload.version != super::payload::VERSION {
        problems.push(format!("{PAYLOAD}: unknown payload format {} version {}", payload.format, payload.version));
    }
    if payload.review.uid != m.review_uid || payload.review.revision != m.revision {
        problems.push(format!("{MANIFEST} and {PAYLOAD} name different reviews or revisions"));
    }
    verdict.scorecard = format!("{} ({})", payload.scorecard.title, payload.scorecard.id);
    verdict.enterprise = format!("{} ({})", payload.enterprise.name, payload.enterprise.credit_code);
    verdict.recusals = payload.recusals.iter().map(|r| format!("{}：{}", r.expert, r.reason)).collect();
    verdict.signed_result = Some(payload.result.clone());

    // The sheet the review was scored on, and a recomputation of the result from the raw entries.
    if verdict.scorecard_sha256 != payload.scorecard.sha256 {
        problems.push(format!("{SCORECARD} is not the sheet the review was scored on (hash differs)"));
    }
    let sheet = bundle_sheet(&verdict.scorecard_sha256, &b.scorecard_text);
    match &sheet {
        Err(e) => problems.push(format!("{SCORECARD} does not load: {e}")),
        Ok(entry) => match evaluate(&entry.1, &evaluation_input(&payload)) {
            Err(e) => problems.push(format!("the scores cannot be evaluated: {}", e.0.join("; "))),
            Ok(e) => {
                let again = result_part(&e, &entry.1);
                if again != payload.result {
                    problems.push(format!(
                        "recomputation mismatch: the scores give {} ({}), the signed result says {} ({})",
                        again.total,
                        again.grade.as_deref().unwrap_or("—"),
                        payload.result.total,
                        payload.result.grade.as_deref().unwrap_or("—")
                    ));
                }
                verdict.recomputed = Some(again);
            }
        },
    }
    let panel_recused: BTreeMap<&str, bool> = payload.panel.iter().map(|e| (e.name.as_str(), e.recused)).collect();
    let recorded: BTreeSet<&str> = payload.recusals.iter().map(|r| r.expert.as_str()).collect();
    for (name, recused) in &panel_recused {
        if *recused != recorded.contains(name) {
            problems.push(format!("the panel and the recusals disagree about {name}"));
        }
    }
    // The engine leaves out the scores of a recused expert and of anyone not on the panel, so the recomputation
    // cannot see them: a payload that carries such scores is refused here, naming whose they are.
    let scorers: BTreeSet<&str> = payload.scores.iter().map(|s| s.expert.as_str()).collect();
    for name in scorers {
        match panel_recused.get(name) {
            Some(true) => problems.push(format!("{name} recused (回避) but scores of theirs are in the payload")),
            Some(false) => {}
            None => problems.push(format!("{name} is not on the panel but scores of theirs are in the payload")),
        }
    }

    // Signatures.
    let mut by_expert: BTreeMap<String, SignerInfo> = BTreeMap::new();
    for s in &m.signatures {
        let who = &s.expert;
        let Some(recused) = panel_recused.get(who.as_str()) else {
            problems.push(format!("{MANIFEST} lists a signature by {who}, who is not on the panel"));
            continue;
        };
        if *recused {
            problems.push(format!("{who} recused (回避) but a signature of theirs is in the bundle"));
            continue;
        }
        if by_expert.contains_key(who) {
            problems.push(format!("{who} signed twice"));
            continue;
        }
        let (Some(sig), Some(signed)) = (b.files.get(&s.signature), b.files.get(&s.signed)) else {
            problems.push(format!("the signature files of {who} are not listed in {MANIFEST}"));
            continue;
        };
        let sig = String::from_utf8_lossy(sig).to_string();
        let pk = match keys::public_from_base64(&s.public_key) {
            Ok(pk) => pk,
            Err(e) => {
                problems.push(format!("{MANIFEST}: the public key of {who}: {e}"));
                continue;
            }
        };
        if keys::key_id(&pk) != s.key_id {
            problems
                .push(format!("{MANIFEST}: the key id {} of {who} does not belong to the public key given", s.key_id));
            continue;
        }
        // Trust comes from the roster, never from the bundle.
        match roster.entry(&s.key_id) {
            None => {
                problems.push(format!("{who} signed with key {}, which is not on the roster (unknown key)", s.key_id))
            }
            Some(entry) if entry.public_key != s.public_key => {
                problems.push(format!("{who}: key {} in {MANIFEST} differs from the roster's key of that id", s.key_id))
            }
            Some(entry) if entry.revoked => problems.push(format!(
                "{who} signed with key {}, which is revoked{}",
                s.key_id,
                entry.revoked_at.as_deref().map(|d| format!(" since {d}")).unwrap_or_default()
            )),
            Some(entry) if entry.name != *who => {
                problems.push(format!("key {} belongs to {} on the roster, not to {who}", s.key_id, entry.name))
            }
            Some(entry) => {
                let date = payload.review.finalized_at.get(..10).unwrap_or("");
                if date < entry.valid_from.as_str() || date > entry.valid_until.as_str() {
                    problems.push(format!(
                        "{who}'s key {} is valid from {} to {}, not on {date}",
                        s.key_id, entry.valid_from, entry.valid_until
                    ));
                }
            }
        }
        if let Err(e) = sign::verify(&pk, &sig, signed) {
            problems.push(format!("{who}'s signature {} of {} is not valid: {e}", s.signature, s.signed));
            continue;
        }
        if !signature_as_written(&sig, &s.key_id) {
            problems.push(format!(
                "{}, the signature of {who}, is not as yanshou writes it (its comment line or line ends were changed)",
                s.signature
            ));
        }
        let trusted = sign::inspect(&sig).map(|(_, t)| t).unwrap_or_default();
        let info = match s.kind.as_str() {
            "sign" => {
                if s.signed != PAYLOAD {
                    problems.push(format!("{who}'s signature is not over {PAYLOAD}"));
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
                    problems.push(format!("{who}'s dissent does not reference this payload and expert"));
                    continue;
                }
                Err(e) => {
                    problems.push(format!("{who}'s dissent is not readable: {e}"));
                    continue;
                }
            },
            other => {
                problems.push(format!("{MANIFEST}: unknown signature kind {other} for {who}"));
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
                None => problems.push(BundleProblem::DerivedMissing { path }.to_string()),
                Some(found) => {
                    if let Some(difference) = documents::difference(found, &expected) {
                        problems.push(BundleProblem::DerivedDiffers { path, difference }.to_string());
                    }
                }
            }
        }
    }
    if !verdict.signers.iter().any(|s| s.status == SignStatus::Signed) {
        problems.push("nobody has signed the payload".to_string());
    }
    verdict.accepted = problems.is_empty();
    verdict.problems = problems;
    verdict
}
