//! The panel side: signing a finalized review's payload (or a dissent), and writing the bundle that travels by USB
//! stick. See docs/bundle-format.md.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::keys::{KeyError, Passphrase, key_id, open_secret, public_base64};
use super::payload::{AuditHead, PayloadV1, build, canonical};
use super::sign::{DISSENT_FORMAT, DissentV1};
use super::verify::{
    MANIFEST, Manifest, ManifestSignature, PAYLOAD, SCORECARD, bundle_sheet, manifest_json, sha256_hex,
};
use super::{SignStatus, SignerInfo, documents, sign};
use crate::domain::scoring::evaluate;
use crate::store::signing::NewSignature;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

/// A finalized review's payload, its canonical bytes and their SHA-256.
pub fn current_payload(store: &Store, id: i64) -> Result<(PayloadV1, Vec<u8>, String), ExportError> {
    let fin = store.finalization(id)?;
    let r = store.load(id)?;
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card))
        .map_err(|e| ExportError::Refused(format!("the review cannot be evaluated: {}", e.0.join("; "))))?;
    let p =
        build(&r, &e, &fin.uid, fin.revision, &fin.finalized_at, AuditHead { seq: fin.seq, hash: fin.hash.clone() });
    let bytes = canonical(&p);
    let sha = sha256_hex(&bytes);
    Ok((p, bytes, sha))
}

/// Signs the current payload with an expert's key, or, with `dissent`, signs a written dissent that references it.
pub fn sign_review(
    store: &mut Store,
    id: i64,
    expert_id: i64,
    secret_key: &Path,
    passphrase: &Passphrase,
    dissent: Option<&str>,
    now: &str,
) -> Result<String, ExportError> {
    let (p, bytes, sha) = current_payload(store, id)?;
    let r = store.load(id)?;
    let expert = r
        .data
        .expert(expert_id)
        .ok_or_else(|| ExportError::Refused(format!("review {id} has no expert {expert_id}")))?;
    if r.data.is_recused(expert_id) {
        return Err(ExportError::Refused(format!("{} has recused (回避) and cannot sign", expert.name)));
    }
    let (sk, pk) = open_secret(secret_key, passphrase)?;
    let (kind, signed) = match dissent {
        None => ("sign", bytes),
        Some(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Err(ExportError::Refused("a dissent (个人书面意见) needs its text".into()));
            }
            let d = DissentV1 {
                format: DISSENT_FORMAT.into(),
                version: 1,
                review_uid: p.review.uid.clone(),
                revision: p.review.revision,
                payload_sha256: sha.clone(),
                expert: expert.name.clone(),
                text: text.to_string(),
                written_at: now.to_string(),
            };
            ("dissent", d.bytes())
        }
    };
    let trusted = format!(
        "yanshou {kind} review={} rev={} expert={} payload={sha} at={now}",
        p.review.uid, p.review.revision, expert.name
    );
    let minisig = sign::sign(&sk, &pk, &signed, &trusted).map_err(|e| ExportError::Refused(e.to_string()))?;
    sign::verify(&pk, &minisig, &signed).map_err(|e| ExportError::Refused(e.to_string()))?;
    let id_hex = key_id(&pk);
    store.add_signature(
        id,
        &NewSignature {
            expert_id,
            revision: p.review.revision,
            payload_sha256: &sha,
            dissent: dissent.map(str::trim),
            public_key: &public_base64(&pk),
            key_id: &id_hex,
            signed_file: &signed,
            minisig: &minisig,
        },
    )?;
    Ok(id_hex)
}

/// Each expert's signing state for the current revision.
pub fn signers(store: &Store, id: i64) -> Result<Vec<SignerInfo>, ExportError> {
    let r = store.load(id)?;
    let sigs = store.signatures(id)?;
    Ok(r.data
        .experts
        .iter()
        .map(|e| {
            let s = sigs.iter().find(|s| s.expert_id == e.id);
            let status = match (r.data.is_recused(e.id), s) {
                (true, _) => SignStatus::Recused,
                (false, Some(s)) if s.kind == "dissent" => SignStatus::Dissented,
                (false, Some(_)) => SignStatus::Signed,
                (false, None) => SignStatus::Missing,
            };
            SignerInfo {
                expert: e.name.clone(),
                status,
                key_id: s.map(|s| s.key_id.clone()),
                signed_at: s.map(|s| s.signed_at.clone()),
                dissent: s.filter(|s| s.kind == "dissent").map(|s| s.dissent.clone()),
            }
        })
        .collect())
}

fn safe_name(s: &str) -> String {
    s.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let err = |e: std::io::Error| ExportError::File { path: path.display().to_string(), message: e.to_string() };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(err)?;
    }
    let mut f = fs::File::create(path).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}

fn file_error(e: crate::files::FileError) -> ExportError {
    ExportError::File { path: e.path().display().to_string(), message: e.reason() }
}

/// Writes the bundle of a finalized, signed review to `out` (a new directory). It is written beside, then renamed
/// into place, so a half-written bundle never carries the final name (see [`crate::files`]).
pub fn export(store: &Store, id: i64, out: &Path) -> Result<PathBuf, ExportError> {
    if out.exists() {
        return Err(ExportError::Refused(format!("{} already exists; choose another --out", out.display())));
    }
    let (p, bytes, sha) = current_payload(store, id)?;
    let sigs = store.signatures(id)?;
    if !sigs.iter().any(|s| s.kind == "sign") {
        return Err(ExportError::Refused(format!(
            "nobody has signed revision {} of review {id}; sign it first (yanshou review sign {id} …)",
            p.review.revision
        )));
    }
    for s in &sigs {
        if s.payload_sha256 != sha {
            return Err(ExportError::Refused(format!(
                "{}'s signature is over another payload than the review now gives; the review changed after signing",
                s.expert
            )));
        }
    }
    let r = store.load(id)?;
    // Written under a temporary name beside `out` and renamed into place, never over a folder that appeared
    // meanwhile; whatever fails on the way, the temporary folder does not stay behind to fill the stick.
    let parent = crate::files::parent(out);
    fs::create_dir_all(parent)
        .map_err(|e| ExportError::File { path: parent.display().to_string(), message: e.to_string() })?;
    let staged = crate::files::stage_dir(out).map_err(file_error)?;
    write_bundle(staged.path(), &p, &bytes, sha, &sigs, &r)?;
    staged.commit(crate::files::Replace::No).map_err(file_error)?;
    Ok(out.to_path_buf())
}

/// Writes every file of the bundle into `tmp`, the manifest last. The derived files (documents, key files) are
/// rendered from what the bundle itself holds, by the function verification renders them with again.
fn write_bundle(
    tmp: &Path,
    p: &PayloadV1,
    bytes: &[u8],
    sha: String,
    sigs: &[crate::store::signing::StoredSignature],
    r: &crate::store::LoadedReview,
) -> Result<(), ExportError> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |rel: &str, content: &[u8]| -> Result<(), ExportError> {
        write_file(&tmp.join(rel), content)?;
        files.insert(rel.to_string(), sha256_hex(content));
        Ok(())
    };
    put(PAYLOAD, bytes)?;
    put(SCORECARD, r.card.text.as_bytes())?;
    let mut manifest_sigs = Vec::new();
    let mut signed_by: BTreeMap<String, SignerInfo> = BTreeMap::new();
    for (n, s) in sigs.iter().enumerate() {
        let base = format!("{:02}-{}", n + 1, safe_name(&s.expert));
        let signed = if s.kind == "dissent" {
            let rel = format!("dissents/{base}.json");
            put(&rel, &s.signed_file)?;
            rel
        } else {
            PAYLOAD.to_string()
        };
        let sig_rel =
            if s.kind == "dissent" { format!("{signed}.minisig") } else { format!("signatures/{base}.minisig") };
        put(&sig_rel, s.minisig.as_bytes())?;
        let entry = ManifestSignature {
            expert: s.expert.clone(),
            kind: s.kind.clone(),
            key_id: s.key_id.clone(),
            public_key: s.public_key.clone(),
            signature: sig_rel,
            signed,
        };
        // The signer as verification derives it: from the signature's trusted comment and the signed dissent.
        let unreadable = |what: String| {
            ExportError::Refused(format!("{}'s stored signature cannot go into a bundle: {what}", s.expert))
        };
        let (_, trusted) = sign::inspect(&s.minisig).map_err(|e| unreadable(e.to_string()))?;
        let dissent = if s.kind == "dissent" {
            let d: DissentV1 = serde_json::from_slice(&s.signed_file).map_err(|e| unreadable(e.to_string()))?;
            Some(d.text)
        } else {
            None
        };
        signed_by.insert(s.expert.clone(), documents::signer(&entry, &trusted, dissent.as_deref()));
        manifest_sigs.push(entry);
    }
    // The sheet as verification reads it: parsed from the text the bundle carries.
    let card = bundle_sheet(&sha256_hex(r.card.text.as_bytes()), &r.card.text)
        .map_err(|e| ExportError::Refused(format!("the review's score sheet does not load: {e}")))?;
    let signers = documents::panel_signers(&p.panel, signed_by);
    for (rel, content) in documents::derived_files(p, &sha, &card.1, &signers, &manifest_sigs) {
        put(&rel, &content)?;
    }
    let manifest = Manifest {
        format: super::verify::FORMAT.into(),
        version: 1,
        review_uid: p.review.uid.clone(),
        revision: p.review.revision,
        payload_sha256: sha,
        files,
        signatures: manifest_sigs,
    };
    let manifest_json = manifest_json(&manifest).map_err(|e| ExportError::Refused(e.to_string()))?;
    write_file(&tmp.join(MANIFEST), &manifest_json)?;
    Ok(())
}
