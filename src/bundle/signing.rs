//! Signing a finalized review: an expert's signature over the current payload, or over a written dissent
//! (个人书面意见) that references it, checked and stored; and each expert's signing state.

use std::path::Path;

use super::export_error::ExportError;
use super::keys::{Passphrase, key_id, open_secret, public_base64, read_public, secret_key_owner};
use super::payload::{AuditHead, Links, Payload, SheetPart, SubstitutionPart, build, canonical};
use super::roster::Roster;
use super::sign::{self, DISSENT_FORMAT, DissentV1};
use super::{SignStatus, SignerInfo};
use crate::domain::pool::substitute;
use crate::domain::review::check_key_owner;
use crate::domain::scoring::evaluate;
use crate::hex::sha256_hex;
use crate::store::signing::NewSignature;
use crate::store::{Store, StoreError};

/// A finalized review's payload, its canonical bytes and their SHA-256.
pub fn current_payload(store: &Store, id: i64) -> Result<(Payload, Vec<u8>, String), ExportError> {
    let fin = store.finalization(id)?;
    let r = store.load(id)?;
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card)).map_err(|e| ExportError::Unevaluable(e.0))?;
    // A 复核 names the review it re-checks by its stable id (issue 15); a panel put from a draw names the draw's
    // record by its SHA-256, with the substitutions recorded on it (issue 16), which verify and import check the
    // signers against.
    let recheck_of = store.recheck_of(id)?.map(|(_, uid)| uid);
    let draw = store.review_draw(id)?;
    let links = Links {
        sheets: sheets_in(store, &r)?,
        recheck_of,
        draw_sha256: draw.as_ref().map(|d| d.record_sha256.clone()),
        substitutions: draw.map(|d| d.substitutions.iter().map(SubstitutionPart::of).collect()).unwrap_or_default(),
    };
    let p = build(
        &r,
        &e,
        &fin.uid,
        fin.revision,
        &fin.finalized_at,
        AuditHead { seq: fin.seq, hash: fin.hash.clone() },
        links,
    );
    let bytes = canonical(&p);
    let sha = sha256_hex(&bytes);
    Ok((p, bytes, sha))
}

/// The personal sheets the scores of the review's (non-recused) experts came from, in the panel's order: each
/// expert's newest imported revision.
pub fn sheets_in(store: &Store, r: &crate::store::LoadedReview) -> Result<Vec<SheetPart>, ExportError> {
    let sheets = store.personal_sheets(r.data.id)?;
    Ok(r.data
        .scoring_experts()
        .filter_map(|e| {
            sheets
                .iter()
                .filter(|s| s.expert == e.name && s.direction == "imported")
                .max_by_key(|s| s.revision)
                .map(|s| SheetPart { expert: s.expert.clone(), revision: s.revision, sha256: s.sha256.clone() })
        })
        .collect())
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
    let expert = r.data.expert(expert_id).ok_or(ExportError::NoSuchExpert { review: id, expert: expert_id })?;
    if r.data.is_recused(expert_id) {
        return Err(ExportError::Recused { expert: expert.name.clone() });
    }
    // On a panel put from a draw, only the drawn experts (after the recorded substitutions) sign or dissent: the
    // check verify and import make again from the bundle, made here before anything is signed.
    if let Some(d) = store.review_draw(id)? {
        substitute::check_signers(&d.record, &d.substitutions, std::slice::from_ref(&expert.name))
            .map_err(|e| ExportError::Store(StoreError::Pool(e)))?;
    }
    let owner = secret_key_owner(secret_key)?;
    let (sk, pk) = open_secret(secret_key, passphrase)?;
    // A key that names another expert signs only when the roster on this computer says it is this expert's.
    if owner.as_deref().is_some_and(|o| o != expert.name) {
        let vouched = trusted_name(store, &key_id(&pk));
        check_key_owner(&expert.name, owner.as_deref(), vouched.as_deref()).map_err(ExportError::Refused)?;
    }
    let (kind, signed) = match dissent {
        None => ("sign", bytes),
        Some(text) => {
            let text = text.trim();
            if text.is_empty() {
                return Err(ExportError::EmptyDissent);
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
    let minisig = sign::sign(&sk, &pk, &signed, &trusted).map_err(ExportError::Signature)?;
    sign::verify(&pk, &minisig, &signed).map_err(ExportError::Signature)?;
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

/// The name the trusted roster of the store's data directory (`<data dir>/trust/`, see
/// [`super::import::trust_paths`]) gives a key that is not revoked; `None` when no roster is installed there, it does
/// not verify, or it does not list the key.
fn trusted_name(store: &Store, key: &str) -> Option<String> {
    let dir = store.path().parent()?;
    let (roster, issuer) = super::import::trust_paths(dir);
    let roster = Roster::load(&roster, &read_public(&issuer).ok()?).ok()?;
    roster.entry(key).filter(|e| !e.revoked).map(|e| e.name.clone())
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
