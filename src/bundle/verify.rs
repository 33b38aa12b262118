//! Reading a bundle from disk and verifying it completely: every file's hash, the payload's canonical form, the frozen
//! sheet, every signature against the roster, and a recomputation of totals, grade and vetoes from the raw scores.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::payload::{PayloadV1, ResultPart, canonical, result_part};
use super::roster::Roster;
use super::sign::{DISSENT_FORMAT, DissentV1};
use super::{SignStatus, SignerInfo, keys, sign};
use crate::cache::Frozen;
use crate::domain::scorecard::{Scorecard, parse_scorecard};
use crate::domain::scoring::{EvaluationInput, ExpertInput, FactInput, Literal, evaluate};

pub const MANIFEST: &str = "bundle.json";
pub const PAYLOAD: &str = "payload.json";
pub const SCORECARD: &str = "scorecard.toml";
pub const FORMAT: &str = "yanshou-bundle";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub review_uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    /// Every file of the bundle but the manifest, by relative path, with its SHA-256.
    pub files: BTreeMap<String, String>,
    pub signatures: Vec<ManifestSignature>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestSignature {
    pub expert: String,
    /// `sign` or `dissent`.
    pub kind: String,
    pub key_id: String,
    pub public_key: String,
    /// The signature file (`minisign -V -m <signed> -x <signature> -P <public_key>`).
    pub signature: String,
    /// The file it signs: `payload.json`, or the expert's dissent.
    pub signed: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    super::keys::hex(&Sha256::digest(bytes))
}

/// A bundle read from disk (not yet trusted).
#[derive(Clone, Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub payload_bytes: Vec<u8>,
    pub scorecard_text: String,
    /// Relative path → content, for every file the manifest lists.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Reads a bundle directory. Fails (with the reason) when it is not a readable bundle at all.
pub fn read(dir: &Path) -> Result<Bundle, String> {
    let manifest_bytes =
        fs::read(dir.join(MANIFEST)).map_err(|e| format!("{}: cannot read {MANIFEST}: {e}", dir.display()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("{MANIFEST} is not a yanshou bundle manifest: {e}"))?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(format!("{MANIFEST}: not a version 1 yanshou bundle"));
    }
    let mut files = BTreeMap::new();
    for name in manifest.files.keys() {
        let rel = Path::new(name);
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
            return Err(format!("{MANIFEST} names a file outside the bundle: {name}"));
        }
        let bytes = fs::read(dir.join(rel)).map_err(|e| format!("{name}: {e}"))?;
        files.insert(name.clone(), bytes);
    }
    let payload_bytes = files.get(PAYLOAD).cloned().ok_or_else(|| format!("the bundle has no {PAYLOAD}"))?;
    let scorecard_text =
        String::from_utf8(files.get(SCORECARD).cloned().ok_or_else(|| format!("the bundle has no {SCORECARD}"))?)
            .map_err(|_| format!("{SCORECARD} is not UTF-8"))?;
    Ok(Bundle { dir: dir.to_path_buf(), manifest, payload_bytes, scorecard_text, files })
}

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
        vetoes: p.vetoes.iter().filter(|v| !v.computed && v.answer == "yes").map(|v| v.id.clone()).collect(),
        facts: p.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
        weights: p.weights.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
    }
}

/// Sheets carried by bundles, parsed once per process: a support unit imports hundreds of bundles on the same sheet.
static BUNDLE_SHEETS: std::sync::LazyLock<Frozen<Scorecard>> = std::sync::LazyLock::new(Frozen::new);

/// A bundle's sheet, parsed (or the same text's parse from an earlier bundle), shared without a copy.
fn bundle_sheet(sha256: &str, text: &str) -> Result<std::sync::Arc<(String, Scorecard)>, String> {
    BUNDLE_SHEETS.shared(sha256, text, || parse_scorecard(SCORECARD, text).map_err(|e| e.to_string()))
}

/// Verifies a bundle against a roster of trusted keys.
pub fn verify(b: &Bundle, roster: &Roster) -> Verdict {
    let mut problems = Vec::new();
    let m = &b.manifest;
    // Every byte: each file's hash as the manifest lists it.
    for (name, expected) in &m.files {
        let actual = sha256_hex(&b.files[name]);
        if &actual != expected {
            problems.push(format!("{name} has been changed (its SHA-256 is {actual}, the manifest says {expected})"));
        }
    }
    let payload_sha256 = sha256_hex(&b.payload_bytes);
    if payload_sha256 != m.payload_sha256 {
        problems.push(format!("{PAYLOAD} does not match the manifest's payload hash"));
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
        problems.push("the manifest and the payload name different reviews or revisions".to_string());
    }
    verdict.scorecard = format!("{} ({})", payload.scorecard.title, payload.scorecard.id);
    verdict.enterprise = format!("{} ({})", payload.enterprise.name, payload.enterprise.credit_code);
    verdict.recusals = payload.recusals.iter().map(|r| format!("{}：{}", r.expert, r.reason)).collect();
    verdict.signed_result = Some(payload.result.clone());

    // The sheet the review was scored on, and a recomputation of the result from the raw entries.
    if verdict.scorecard_sha256 != payload.scorecard.sha256 {
        problems.push(format!("{SCORECARD} is not the sheet the review was scored on (hash differs)"));
    }
    match bundle_sheet(&verdict.scorecard_sha256, &b.scorecard_text) {
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
            problems.push(format!("{who} signed but is not on the panel"));
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
            problems.push(format!("the signature files of {who} are not in the manifest"));
            continue;
        };
        let sig = String::from_utf8_lossy(sig).to_string();
        let pk = match keys::public_from_base64(&s.public_key) {
            Ok(pk) => pk,
            Err(e) => {
                problems.push(format!("{who}: {e}"));
                continue;
            }
        };
        if keys::key_id(&pk) != s.key_id {
            problems.push(format!("{who}: the key id {} does not belong to the public key given", s.key_id));
            continue;
        }
        // Trust comes from the roster, never from the bundle.
        match roster.entry(&s.key_id) {
            None => {
                problems.push(format!("{who} signed with key {}, which is not on the roster (unknown key)", s.key_id))
            }
            Some(entry) if entry.public_key != s.public_key => {
                problems.push(format!("{who}: key {} differs from the roster's key of that id", s.key_id))
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
            problems.push(format!("{who}'s signature ({}) is not valid: {e}", s.signature));
            continue;
        }
        let signed_at = sign::inspect(&sig).ok().map(|(_, t)| t);
        let info = match s.kind.as_str() {
            "sign" => {
                if s.signed != PAYLOAD {
                    problems.push(format!("{who}'s signature is not over {PAYLOAD}"));
                    continue;
                }
                SignerInfo {
                    expert: who.clone(),
                    status: SignStatus::Signed,
                    key_id: Some(s.key_id.clone()),
                    signed_at,
                    dissent: None,
                }
            }
            "dissent" => match serde_json::from_slice::<DissentV1>(signed) {
                Ok(d)
                    if d.format == DISSENT_FORMAT
                        && d.payload_sha256 == payload_sha256
                        && d.expert == *who
                        && canonical(&d) == *signed =>
                {
                    SignerInfo {
                        expert: who.clone(),
                        status: SignStatus::Dissented,
                        key_id: Some(s.key_id.clone()),
                        signed_at,
                        dissent: Some(d.text.clone()),
                    }
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
                problems.push(format!("{who}: unknown signature kind {other}"));
                continue;
            }
        };
        by_expert.insert(who.clone(), info);
    }
    for e in &payload.panel {
        let info = if e.recused {
            SignerInfo {
                expert: e.name.clone(),
                status: SignStatus::Recused,
                key_id: None,
                signed_at: None,
                dissent: None,
            }
        } else {
            by_expert.remove(&e.name).unwrap_or(SignerInfo {
                expert: e.name.clone(),
                status: SignStatus::Missing,
                key_id: None,
                signed_at: None,
                dissent: None,
            })
        };
        verdict.signers.push(info);
    }
    if !verdict.signers.iter().any(|s| s.status == SignStatus::Signed) {
        problems.push("nobody has signed the payload".to_string());
    }
    verdict.accepted = problems.is_empty();
    verdict.problems = problems;
    verdict
}
