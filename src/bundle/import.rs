//! The support unit's import of one bundle: read it, verify it against the trusted roster, then store it (new,
//! identical, more signatures, a newer revision) or put it in the quarantine with the reasons. The command line and
//! the terminal app both import through [`import_bundle`], so there is one implementation.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::roster::Roster;
use super::verify::{MANIFEST, read, verify};
use crate::store::signing::{ImportOutcome, Incoming};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot serialize the bundle's signatures: {0}")]
    Json(#[from] serde_json::Error),
}

/// Where the trusted roster and the support unit's public key live in a data directory: `<data dir>/trust/roster.json`
/// (with `roster.json.minisig` beside it) and `<data dir>/trust/issuer.pub`.
pub fn trust_paths(data_dir: &Path) -> (PathBuf, PathBuf) {
    let trust = data_dir.join("trust");
    (trust.join("roster.json"), trust.join("issuer.pub"))
}

/// Imports one bundle directory in its own transaction. A bundle that cannot be read or fails verification is
/// quarantined (never dropped) and the outcome says why; only a store failure is an error.
pub fn import_bundle(store: &mut Store, roster: &Roster, path: &Path) -> Result<ImportOutcome, ImportError> {
    let source = path.display().to_string();
    let b = match read(path) {
        Ok(b) => b,
        Err(e) => {
            let id = store.quarantine(&source, &e, None, "{}")?;
            return Ok(ImportOutcome::Quarantined { id, reason: e });
        }
    };
    let v = verify(&b, roster);
    let content = serde_json::to_string(&b.manifest)?;
    if !v.accepted {
        let reason = v.problems.join("; ");
        let id = store.quarantine(&source, &reason, Some(&v.payload_sha256), &content)?;
        return Ok(ImportOutcome::Quarantined { id, reason });
    }
    let signers = serde_json::to_string(&v.signers)?;
    let text = |rel: &str| b.files.get(rel).map(|f| String::from_utf8_lossy(f).to_string()).unwrap_or_default();
    let sigs: Vec<serde_json::Value> = b
        .manifest
        .signatures
        .iter()
        .map(|s| {
            json!({"expert": s.expert, "kind": s.kind, "key_id": s.key_id, "public_key": s.public_key,
                   "minisig": text(&s.signature), "signed": text(&s.signed)})
        })
        .collect();
    Ok(store.import(&Incoming {
        uid: &v.uid,
        revision: v.revision,
        payload_sha256: &v.payload_sha256,
        payload: &b.payload_bytes,
        scorecard_text: &b.scorecard_text,
        signers_json: &signers,
        signature_keys: b.manifest.signatures.iter().map(|s| format!("{}:{}", s.key_id, s.kind)).collect(),
        signatures_json: &serde_json::to_string(&sigs)?,
        source: &source,
    })?)
}

/// The bundles at `path`: the directory itself when it holds a `bundle.json`, else each of its subdirectories that
/// does (sorted by name). Empty when there are none.
pub fn find_bundles(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.join(MANIFEST).is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.join(MANIFEST).is_file())
        .collect();
    found.sort();
    Ok(found)
}
