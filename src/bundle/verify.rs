//! Reading a bundle from disk and verifying it completely: every file's hash, the payload's canonical form, the frozen
//! sheet, every signature against the roster, and a recomputation of totals, grade and vetoes from the raw scores.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::documents::{self, Difference};
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
    /// What reading found on disk that a bundle must not hold: entries the manifest does not list, a manifest not in
    /// the form export writes. [`verify`] refuses the bundle for each.
    pub layout: Vec<BundleProblem>,
}

/// What an entry of a bundle folder is, as found on disk (a symbolic link is not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Folder,
    Symlink,
    /// A device, named pipe or socket.
    Special,
}

impl EntryKind {
    fn of(t: fs::FileType) -> EntryKind {
        if t.is_symlink() {
            EntryKind::Symlink
        } else if t.is_dir() {
            EntryKind::Folder
        } else if t.is_file() {
            EntryKind::File
        } else {
            EntryKind::Special
        }
    }

    fn describe(self) -> &'static str {
        match self {
            EntryKind::File => "a file",
            EntryKind::Folder => "a folder",
            EntryKind::Symlink => "a symbolic link",
            EntryKind::Special => "a special file (a device, pipe or socket)",
        }
    }
}

/// Why a folder cannot be read as a bundle at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{dir}: cannot read bundle.json: {message}")]
    NoManifest { dir: String, message: String },
    #[error("bundle.json is not a yanshou bundle manifest: {message}")]
    NotAManifest { message: String },
    #[error("bundle.json: not a version 1 yanshou bundle")]
    NotVersion1,
    #[error("bundle.json names a file that is not a plain path inside the bundle: {name}")]
    BadName { name: String },
    #[error("bundle.json lists {name}, which is not in the bundle")]
    Missing { name: String },
    #[error("{name}: {message}")]
    Unreadable { name: String, message: String },
    /// A listed file (or a folder on its way) that is a link, a folder or a special file: it is not read, since a
    /// link could point anywhere and a pipe could block the reader.
    #[error("{} is {}, not a plain file: a bundle holds only plain files and their folders", shown(path), kind.describe())]
    NotAFile { path: String, kind: EntryKind },
    #[error("the bundle folder holds more than {limit} entries; a bundle holds a few dozen files")]
    TooManyEntries { limit: usize },
    #[error("the bundle has no payload.json")]
    NoPayload,
    #[error("the bundle has no scorecard.toml")]
    NoScorecard,
    #[error("scorecard.toml is not UTF-8")]
    ScorecardNotUtf8,
}

/// A reason to refuse a bundle that concerns what files it holds and whether the derived ones are what the rest of
/// the bundle renders (the other reasons are still sentences; they become variants of one enum later).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    /// An entry on disk that the manifest does not list (an ignored OS file is not one: see [`os_junk`]).
    #[error("{}", unlisted(path, *kind))]
    Unlisted { path: String, kind: EntryKind },
    /// More unlisted entries than are named one by one.
    #[error("and {count} more entries that bundle.json does not list")]
    MoreUnlisted { count: usize },
    /// The manifest's bytes are not the ones export writes for what it says (reformatted, or a key given twice).
    #[error("bundle.json is not in the form yanshou writes it: it was edited after export")]
    ManifestNotAsWritten,
    /// A listed file that is none of a bundle's: not the payload or the sheet, not a signature or a dissent the
    /// manifest's entries name, and not a derived file.
    #[error("bundle.json lists {path}, which is not a file of a bundle (not signed, bound to the payload or rendered)")]
    NotOfTheBundle { path: String },
    /// A derived file that is not in the bundle.
    #[error("{path} is missing: every bundle holds it")]
    DerivedMissing { path: String },
    /// A derived file whose bytes differ from what the rest of the bundle renders.
    #[error(
        "{path} is not what yanshou renders from the rest of the bundle (it was changed after export): {difference}"
    )]
    DerivedDiffers { path: String, difference: Difference },
}

/// A name found on disk as it is shown in a message: control characters escaped, so that a file name cannot move the
/// cursor or clear the terminal of whoever reads the refusal.
fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn unlisted(path: &str, kind: EntryKind) -> String {
    let path = shown(path);
    match kind {
        EntryKind::File => format!("{path} is not listed in bundle.json: a bundle holds only the files it lists"),
        EntryKind::Folder => format!("{path}/ is a folder that holds no file bundle.json lists"),
        EntryKind::Symlink | EntryKind::Special => format!(
            "{path} is {} that bundle.json does not list: a bundle holds only plain files and their folders",
            kind.describe()
        ),
    }
}

/// Files that operating systems write by themselves into the folders of a USB stick, ignored wherever they are in a
/// bundle (unless the manifest lists one): Finder's `.DS_Store`, Windows Explorer's `Thumbs.db` and `desktop.ini`, and
/// macOS's AppleDouble files `._<name>` (names compared ignoring ASCII case).
pub const IGNORED_FILES: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];
/// Folders that macOS writes by itself onto a stick, ignored with everything in them wherever they are in a bundle.
pub const IGNORED_FOLDERS: [&str; 3] = [".Spotlight-V100", ".Trashes", ".fseventsd"];

/// Whether an entry (by its own name and kind) is one that an operating system writes by itself: a plain file named
/// in [`IGNORED_FILES`] or beginning with `._`, or a folder named in [`IGNORED_FOLDERS`]. A link or special file of
/// such a name is not: no system writes those.
pub fn os_junk(name: &str, kind: EntryKind) -> bool {
    match kind {
        EntryKind::File => name.starts_with("._") || IGNORED_FILES.iter().any(|junk| name.eq_ignore_ascii_case(junk)),
        EntryKind::Folder => IGNORED_FOLDERS.iter().any(|junk| name.eq_ignore_ascii_case(junk)),
        EntryKind::Symlink | EntryKind::Special => false,
    }
}

/// More entries than this in a bundle folder and it is not read (an export writes a dozen or two).
pub const MAX_ENTRIES: usize = 4096;

/// How many unlisted entries a refusal names one by one.
const NAMED_UNLISTED: usize = 10;

/// Every entry under `dir`, by its path relative to `dir` with `/` between folders, without following links and
/// without going into ignored OS folders; ignored OS files are left out unless `listed` names them.
fn entries(dir: &Path, listed: &BTreeSet<&str>) -> Result<BTreeMap<String, EntryKind>, ReadError> {
    let mut found = BTreeMap::new();
    let mut folders = vec![String::new()];
    while let Some(rel) = folders.pop() {
        let unreadable = |e: std::io::Error| ReadError::Unreadable {
            name: if rel.is_empty() { dir.display().to_string() } else { format!("{rel}/") },
            message: e.to_string(),
        };
        for entry in fs::read_dir(dir.join(&rel)).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let kind = EntryKind::of(entry.file_type().map_err(unreadable)?);
            let name = entry.file_name().to_string_lossy().to_string();
            let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            if os_junk(&name, kind) && !listed.contains(path.as_str()) {
                continue;
            }
            if found.len() >= MAX_ENTRIES {
                return Err(ReadError::TooManyEntries { limit: MAX_ENTRIES });
            }
            if kind == EntryKind::Folder {
                folders.push(path.clone());
            }
            found.insert(path, kind);
        }
    }
    Ok(found)
}

/// Reads a bundle directory. Fails (with the reason) when it is not a readable bundle at all. Nothing is read through
/// a link; what the folder holds beyond the manifest's files is kept in [`Bundle::layout`] for [`verify`].
pub fn read(dir: &Path) -> Result<Bundle, ReadError> {
    let manifest_path = dir.join(MANIFEST);
    let no_manifest =
        |e: std::io::Error| ReadError::NoManifest { dir: dir.display().to_string(), message: e.to_string() };
    let kind = EntryKind::of(fs::symlink_metadata(&manifest_path).map_err(no_manifest)?.file_type());
    if kind != EntryKind::File {
        return Err(ReadError::NotAFile { path: MANIFEST.into(), kind });
    }
    let manifest_bytes = fs::read(&manifest_path).map_err(no_manifest)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| ReadError::NotAManifest { message: e.to_string() })?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(ReadError::NotVersion1);
    }
    let mut layout = Vec::new();
    if manifest_json(&manifest).as_deref().ok() != Some(manifest_bytes.as_slice()) {
        layout.push(BundleProblem::ManifestNotAsWritten);
    }
    for name in manifest.files.keys() {
        // Folders and a file name, each one plain component, joined by `/`: the way export names them.
        let plain =
            |part: &str| !part.is_empty() && part != "." && part != ".." && Path::new(part).components().count() == 1;
        if !name.split('/').all(plain) {
            return Err(ReadError::BadName { name: name.clone() });
        }
    }
    let listed: BTreeSet<&str> = manifest.files.keys().map(String::as_str).collect();
    let on_disk = entries(dir, &listed)?;
    let mut files = BTreeMap::new();
    for name in manifest.files.keys() {
        match on_disk.get(name) {
            Some(EntryKind::File) => {}
            Some(kind) => return Err(ReadError::NotAFile { path: name.clone(), kind: *kind }),
            None => {
                // A folder on the way that is a link (not followed) or a special file.
                for (n, _) in name.match_indices('/') {
                    match on_disk.get(&name[..n]) {
                        Some(kind @ (EntryKind::Symlink | EntryKind::Special)) => {
                            return Err(ReadError::NotAFile { path: name[..n].to_string(), kind: *kind });
                        }
                        Some(EntryKind::Folder) => {}
                        Some(EntryKind::File) | None => break,
                    }
                }
                return Err(ReadError::Missing { name: name.clone() });
            }
        }
        let bytes = fs::read(dir.join(name))
            .map_err(|e| ReadError::Unreadable { name: name.clone(), message: e.to_string() })?;
        files.insert(name.clone(), bytes);
    }
    // What else the folder holds: a folder only when nothing is in it (what is in it is named itself).
    let holds_something = |folder: &str| {
        let inside = format!("{folder}/");
        on_disk.range(inside.clone()..).next().is_some_and(|(p, _)| p.starts_with(&inside))
    };
    let unlisted: Vec<(&String, EntryKind)> = on_disk
        .iter()
        .filter(|(path, kind)| {
            path.as_str() != MANIFEST
                && !listed.contains(path.as_str())
                && (**kind != EntryKind::Folder || !holds_something(path))
        })
        .map(|(p, k)| (p, *k))
        .collect();
    for (path, kind) in unlisted.iter().take(NAMED_UNLISTED) {
        layout.push(BundleProblem::Unlisted { path: path.to_string(), kind: *kind });
    }
    if unlisted.len() > NAMED_UNLISTED {
        layout.push(BundleProblem::MoreUnlisted { count: unlisted.len() - NAMED_UNLISTED });
    }
    let payload_bytes = files.get(PAYLOAD).cloned().ok_or(ReadError::NoPayload)?;
    let scorecard_text = String::from_utf8(files.get(SCORECARD).cloned().ok_or(ReadError::NoScorecard)?)
        .map_err(|_| ReadError::ScorecardNotUtf8)?;
    Ok(Bundle { dir: dir.to_path_buf(), manifest, payload_bytes, scorecard_text, files, layout })
}

/// The manifest's bytes as export writes them.
pub fn manifest_json(m: &Manifest) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(m)
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
