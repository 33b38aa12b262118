//! The support unit's import of one bundle: read it, verify it against the trusted roster, then store it (new,
//! identical, more signatures, a newer revision) or put it in the quarantine with the reasons. The command line and
//! the terminal app both import through [`import_bundle`], so there is one implementation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::json;

use super::roster::Roster;
use super::verify::{MANIFEST, PAYLOAD, read, verify};
use crate::domain::explain::Explain;
use crate::domain::pool::substitute::Substitution;
use crate::files::archive;
use crate::store::signing::{Arrival, ImportOutcome, Incoming};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot serialize the bundle's signatures: {0}")]
    Json(#[from] serde_json::Error),
}

impl crate::domain::explain::Explain for ImportError {
    fn zh(&self) -> String {
        match self {
            // The store's refusals are said by the store.
            ImportError::Store(e) => e.zh(),
            ImportError::Json(e) => format!("无法记录导入包的签名：{e}"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

pub use super::roster::trust_paths;

/// A bundle read and verified, not yet stored: what the store keeps of it, or why it goes to the quarantine.
/// Preparing needs no database, so many bundles are prepared at once on all cores.
pub enum Prepared {
    Verified {
        source: String,
        uid: String,
        revision: u32,
        payload_sha256: String,
        payload: Vec<u8>,
        scorecard_text: String,
        signers_json: String,
        signature_keys: Vec<String>,
        signatures_json: String,
        /// The draw the payload names (its record's SHA-256) and the substitutions it lists.
        draw: Option<(String, Vec<Substitution>)>,
    },
    Refused {
        source: String,
        /// Why, in English and in Chinese.
        reason: String,
        reason_zh: String,
        payload_sha256: Option<String>,
        content: String,
    },
}

impl Prepared {
    fn arrival(&self) -> Arrival<'_> {
        match self {
            Prepared::Verified {
                source,
                uid,
                revision,
                payload_sha256,
                payload,
                scorecard_text,
                signers_json,
                signature_keys,
                signatures_json,
                draw,
            } => Arrival::Verified(Incoming {
                uid,
                revision: *revision,
                payload_sha256,
                payload,
                scorecard_text,
                signers_json,
                signature_keys: signature_keys.clone(),
                signatures_json,
                source,
                draw: draw.as_ref().map(|(sha, subs)| (sha.as_str(), subs.clone())),
            }),
            Prepared::Refused { source, reason, reason_zh, payload_sha256, content } => {
                Arrival::Refused { source, reason, reason_zh, payload_sha256: payload_sha256.as_deref(), content }
            }
        }
    }
}

/// Reads and verifies one bundle (its folder or its archive file) against the roster. A bundle that cannot be read or fails verification
/// is `Refused` with the reason (it will be quarantined, never dropped).
pub fn prepare(roster: &Roster, path: &Path) -> Result<Prepared, ImportError> {
    let source = path.display().to_string();
    let b = match read(path) {
        Ok(b) => b,
        Err(e) => {
            return Ok(Prepared::Refused {
                source,
                reason: e.to_string(),
                reason_zh: e.zh(),
                payload_sha256: None,
                content: "{}".into(),
            });
        }
    };
    let v = verify(&b, roster);
    if !v.accepted {
        return Ok(Prepared::Refused {
            source,
            reason: v.problems_en().join("; "),
            reason_zh: crate::domain::explain::zh_list(&v.problems),
            payload_sha256: Some(v.payload_sha256),
            content: serde_json::to_string(&b.manifest)?,
        });
    }
    let text = |rel: &str| b.files.get(rel).map(|f| String::from_utf8_lossy(f).to_string()).unwrap_or_default();
    // Each signature is kept with what it signs, so it can be checked again from the database alone. A signature of
    // the payload signs the bytes stored beside it (`payload`), so only the file's name is kept, not a copy per
    // signer (three copies of the payload were two thirds of what an import wrote).
    let sigs: Vec<serde_json::Value> = b
        .manifest
        .signatures
        .iter()
        .map(|s| {
            let signed = if s.signed == PAYLOAD {
                json!({"file": PAYLOAD})
            } else {
                json!({"file": s.signed, "text": text(&s.signed)})
            };
            json!({"expert": s.expert, "kind": s.kind, "key_id": s.key_id, "public_key": s.public_key,
                   "minisig": text(&s.signature), "signed": signed})
        })
        .collect();
    // Verification checked every substitution against the record's rule, so each reads.
    let draw = v.draw_sha256.clone().map(|sha| {
        let subs = v.substitutions.iter().filter_map(|s| s.substitution()).collect::<Vec<_>>();
        (sha, subs)
    });
    Ok(Prepared::Verified {
        draw,
        source,
        uid: v.uid,
        revision: v.revision,
        payload_sha256: v.payload_sha256,
        signers_json: serde_json::to_string(&v.signers)?,
        signature_keys: b.manifest.signatures.iter().map(|s| format!("{}:{}", s.key_id, s.kind)).collect(),
        signatures_json: serde_json::to_string(&sigs)?,
        payload: b.payload_bytes,
        scorecard_text: b.scorecard_text,
    })
}

/// Imports one bundle directory in its own transaction. A bundle that cannot be read or fails verification is
/// quarantined (never dropped) and the outcome says why; only a store failure is an error.
pub fn import_bundle(store: &mut Store, roster: &Roster, path: &Path) -> Result<ImportOutcome, ImportError> {
    let prepared = prepare(roster, path)?;
    Ok(store.import_batch(&[prepared.arrival()])?.remove(0))
}

/// How many prepared bundles are stored per transaction. Each transaction ends with an fsync; a batch is all or
/// nothing, so a crash loses at most the batch in flight, none of which was reported as imported.
pub const BATCH: usize = 64;

/// Imports many bundle directories, in the order given, with the same outcomes as [`import_bundle`] one after the
/// other: they are read and verified on every core, and stored [`BATCH`] to a transaction. `done` is told each
/// bundle's outcome once its transaction has committed. On a store failure the import stops: what `done` was told
/// is stored, nothing after it is, and the error is returned.
pub fn import_bundles(
    store: &mut Store,
    roster: &Roster,
    paths: &[PathBuf],
    mut done: impl FnMut(&Path, &ImportOutcome),
) -> Result<Vec<ImportOutcome>, ImportError> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8).min(paths.len());
    if workers <= 1 {
        let mut outcomes = Vec::new();
        for chunk in paths.chunks(BATCH) {
            let prepared = chunk.iter().map(|p| prepare(roster, p)).collect::<Result<Vec<_>, _>>()?;
            store_batch(store, chunk, &prepared, &mut done, &mut outcomes)?;
        }
        return Ok(outcomes);
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Prepared, ImportError>)>(BATCH * 2);
        for _ in 0..workers {
            let (tx, next, stop) = (tx.clone(), &next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    if tx.send((i, prepare(roster, path))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = (|| {
            // The receiving end is moved in here, so that it is dropped when this returns, even on an error: a worker
            // waiting to send then stops, and the scope can end.
            let rx = rx;
            // Bundles arrive in any order; they are stored in the order given.
            let mut waiting: BTreeMap<usize, Result<Prepared, ImportError>> = BTreeMap::new();
            let mut outcomes = Vec::with_capacity(paths.len());
            let mut start = 0;
            let mut batch = Vec::with_capacity(BATCH);
            for (i, p) in rx.iter() {
                waiting.insert(i, p);
                while let Some(p) = waiting.remove(&(start + batch.len())) {
                    batch.push(p?);
                    if batch.len() == BATCH {
                        store_batch(store, &paths[start..start + BATCH], &batch, &mut done, &mut outcomes)?;
                        start += BATCH;
                        batch.clear();
                    }
                }
            }
            if !batch.is_empty() {
                store_batch(store, &paths[start..start + batch.len()], &batch, &mut done, &mut outcomes)?;
            }
            Ok(outcomes)
        })();
        // On an error the workers stop at their next bundle; the channel's end is dropped with this closure.
        stop.store(true, Ordering::Relaxed);
        result
    })
}

fn store_batch(
    store: &mut Store,
    paths: &[PathBuf],
    prepared: &[Prepared],
    done: &mut impl FnMut(&Path, &ImportOutcome),
    outcomes: &mut Vec<ImportOutcome>,
) -> Result<(), ImportError> {
    let arrivals: Vec<Arrival> = prepared.iter().map(Prepared::arrival).collect();
    let stored = store.import_batch(&arrivals)?;
    for (path, o) in paths.iter().zip(&stored) {
        done(path, o);
    }
    outcomes.extend(stored);
    Ok(())
}

/// The bundles at `path`: the path itself when it is a folder holding a `bundle.json` or a file named `*.zip` (an
/// archive, perhaps renamed on the way: `… - 副本.zip`); else, in the folder, each subfolder holding a `bundle.json`
/// and each archive file named `*.yanshou.zip` ([`archive::EXTENSION`]), sorted by name. Empty when there are none
/// (and for any other file).
pub fn find_bundles(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.join(MANIFEST).is_file() || (path.is_file() && archive::is_zip_name(path)) {
        return Ok(vec![path.to_path_buf()]);
    }
    if path.is_file() {
        return Ok(Vec::new());
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| (p.is_dir() && p.join(MANIFEST).is_file()) || (p.is_file() && archive::is_archive_name(p)))
        .collect();
    found.sort();
    Ok(found)
}
