//! The personal score sheet (个人评分表): signed by an expert on their laptop (`sheet sign`), merged on the lead's
//! (`sheet import`) after every check, each refusal typed ([`PersonalError`]) and nothing changed.

use std::path::Path;

use super::kit::read_kit;
use super::{
    KitKey, KitV1, PersonalError, SHEET_FILE, SHEET_FORMAT, SheetScore, SheetV1, installed_roster, pack, roster_key,
    sheet_comment, unpack,
};
use crate::bundle::keys::{Passphrase, key_id, open_secret, public_from_base64, secret_key_owner};
use crate::bundle::payload::canonical;
use crate::bundle::sign;
use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::domain::review::{check_key_owner, unscored};
use crate::hex::sha256_hex;
use crate::store::personal::{MergedScore, SheetRecord};
use crate::store::{Store, StoreError};

/// A signed personal sheet: the archive's bytes, the sheet, the signed bytes' SHA-256.
pub struct SignedSheet {
    pub archive: Vec<u8>,
    pub sheet: SheetV1,
    pub sha256: String,
}

/// The kit of a review here, read back (as exported or imported; it verified then).
fn kit_of(store: &Store, id: i64) -> Result<(KitV1, String, String), PersonalError> {
    let rec = store.kit(id)?.ok_or(PersonalError::NoKit { review: id })?;
    let kit = read_kit(&rec.kit, &rec.minisig)?;
    Ok((kit, rec.kit_sha256, rec.role))
}

/// Signs an expert's personal sheet of a kit review: every item scored (what the facts settle aside), the key the
/// expert's (as the kit's panel lists it, when it lists one). The same scores signed again are the same revision
/// (the same bytes); changed scores are the next revision.
pub fn sign_sheet(
    store: &mut Store,
    id: i64,
    expert_id: i64,
    secret_key: &Path,
    passphrase: &Passphrase,
) -> Result<SignedSheet, PersonalError> {
    let (kit, kit_sha, _) = kit_of(store, id)?;
    let r = store.load(id)?;
    let d = &r.data;
    let e = d
        .expert(expert_id)
        .ok_or_else(|| StoreError::NotFound(crate::store::Missing::ReviewExpert { review: id, expert: expert_id }))?;
    if d.is_recused(expert_id) {
        return Err(PersonalError::Recused { expert: e.name.clone() });
    }
    let missing = unscored(&r.card, d, expert_id);
    if !missing.is_empty() {
        return Err(PersonalError::Unscored { expert: e.name.clone(), items: missing });
    }
    let owner = secret_key_owner(secret_key)?;
    let (sk, pk) = open_secret(secret_key, passphrase)?;
    let listed = kit.panel.iter().find(|x| x.name == e.name).and_then(|x| x.key.as_ref());
    match listed {
        Some(k) if k.key_id != key_id(&pk) => {
            return Err(PersonalError::KeyNotInPanel { expert: e.name.clone(), key: key_id(&pk) });
        }
        Some(_) => {}
        None => check_key_owner(&e.name, owner.as_deref(), None).map_err(|x| PersonalError::Store(x.into()))?,
    }
    let previous = store.personal_sheets(id)?.into_iter().filter(|s| s.expert == e.name).max_by_key(|s| s.revision);
    let mut sheet = SheetV1 {
        format: SHEET_FORMAT.into(),
        version: 1,
        review_uid: kit.review.uid.clone(),
        kit_sha256: kit_sha,
        expert: e.name.clone(),
        revision: previous.as_ref().map_or(1, |p| p.revision),
        scores: r
            .card
            .scored_items()
            .filter_map(|i| d.score(expert_id, &i.id))
            .map(|s| SheetScore {
                item: s.item_id.clone(),
                score: s.points.to_string(),
                reason: s.reason.clone(),
                evidence: s.evidence.clone(),
            })
            .collect(),
        facts: d.facts.clone(),
    };
    if previous.as_ref().is_some_and(|p| p.sheet != canonical(&sheet)) {
        sheet.revision += 1;
    }
    let bytes = canonical(&sheet);
    let sha = sha256_hex(&bytes);
    // The same sheet signed again with the same key is the same file: its signature is the one made before (a
    // minisign signature is not the same twice).
    let before = previous
        .filter(|p| p.sheet == bytes && sign::inspect(&p.minisig).is_ok_and(|(k, _)| k == key_id(&pk)))
        .map(|p| p.minisig);
    let minisig = match before {
        Some(m) => m,
        None => sign::sign(&sk, &pk, &bytes, &sheet_comment(&sheet, &sha))?,
    };
    sign::verify(&pk, &minisig, &bytes)?;
    let archive = pack(SHEET_FILE, &bytes, &minisig)?;
    store.record_signed_sheet(
        id,
        &SheetRecord {
            expert: sheet.expert.clone(),
            revision: sheet.revision,
            direction: "signed".into(),
            sha256: sha.clone(),
            sheet: bytes,
            minisig,
        },
    )?;
    Ok(SignedSheet { archive, sheet, sha256: sha })
}

/// Reads a sheet's bytes and checks its shape and canonical form (not yet its signature).
pub fn read_sheet(bytes: &[u8]) -> Result<SheetV1, PersonalError> {
    let unreadable = |message: String| PersonalError::Unreadable { file: SHEET_FILE.into(), message };
    let s: SheetV1 = serde_json::from_slice(bytes).map_err(|e| unreadable(e.to_string()))?;
    if s.format != SHEET_FORMAT || s.version != 1 {
        return Err(unreadable(format!("format {} version {}", s.format, s.version)));
    }
    if canonical(&s) != bytes {
        return Err(PersonalError::NotCanonical { file: SHEET_FILE.into() });
    }
    Ok(s)
}

/// Checks a sheet's signature by `key`.
pub fn check_signature(key: &KitKey, bytes: &[u8], minisig: &str) -> Result<(), PersonalError> {
    let bad = |error: String| PersonalError::BadSignature { file: SHEET_FILE.into(), error };
    let pk = public_from_base64(&key.public_key).map_err(|e| bad(e.to_string()))?;
    sign::verify(&pk, minisig, bytes).map_err(|e| bad(e.zh()))
}

/// What importing a sheet did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetOutcome {
    /// The expert's scores are now this sheet's.
    Merged { review: i64, expert: String, revision: u32, sha256: String },
    /// This very sheet was already in: nothing changed.
    AlreadyIn { review: i64, expert: String, revision: u32 },
}

/// Imports a personal sheet on the lead's laptop. Refused, with nothing changed: a file that is not a signed sheet, a
/// sheet for a review not here, from another kit than this review's, by an expert not on the panel or recused,
/// signed by a key that is not the expert's on the panel (or, where the kit lists no key, on the installed roster),
/// a signature that does not verify (a changed score), an older revision than the one in (a replay) or the same
/// revision with other content, scores the sheet does not take.
pub fn import_sheet(store: &mut Store, path: &Path) -> Result<SheetOutcome, PersonalError> {
    let (bytes, minisig) = unpack(path, SHEET_FILE)?;
    let sheet = read_sheet(&bytes)?;
    let Some(id) = store.review_by_uid(&sheet.review_uid)? else {
        return Err(PersonalError::OtherReview { uid: sheet.review_uid.clone() });
    };
    let (kit, kit_sha, _) = kit_of(store, id)?;
    let who = || sheet.expert.clone();
    if sheet.kit_sha256 != kit_sha {
        return Err(PersonalError::OtherKit { expert: who(), kit: sheet.kit_sha256.clone(), current: kit_sha });
    }
    let r = store.load(id)?;
    let Some(e) = r.data.experts.iter().find(|e| e.name == sheet.expert) else {
        return Err(PersonalError::NotOnPanel { expert: who() });
    };
    if r.data.is_recused(e.id) {
        return Err(PersonalError::Recused { expert: who() });
    }
    let signed_with = sign::inspect(&minisig)
        .map(|(k, _)| k)
        .map_err(|e| PersonalError::BadSignature { file: SHEET_FILE.into(), error: e.zh() })?;
    let dir = store.path().parent().map(Path::to_path_buf).unwrap_or_default();
    let key = kit
        .panel
        .iter()
        .find(|x| x.name == sheet.expert)
        .and_then(|x| x.key.clone())
        .or_else(|| installed_roster(&dir).and_then(|ro| roster_key(&ro, &sheet.expert)));
    let key = match key {
        Some(k) if k.key_id == signed_with => k,
        _ => return Err(PersonalError::KeyNotInPanel { expert: who(), key: signed_with }),
    };
    check_signature(&key, &bytes, &minisig)?;
    let sha = sha256_hex(&bytes);
    let current = store
        .personal_sheets(id)?
        .into_iter()
        .filter(|s| s.expert == sheet.expert && s.direction == "imported")
        .max_by_key(|s| s.revision);
    if let Some(c) = &current {
        if sheet.revision < c.revision {
            return Err(PersonalError::Replay { expert: who(), revision: sheet.revision, current: c.revision });
        }
        if sheet.revision == c.revision {
            if c.sha256 == sha {
                return Ok(SheetOutcome::AlreadyIn { review: id, expert: who(), revision: c.revision });
            }
            return Err(PersonalError::Conflict { expert: who(), revision: sheet.revision });
        }
    }
    let mut scores = Vec::with_capacity(sheet.scores.len());
    for s in &sheet.scores {
        let points = Points::parse(&s.score).map_err(|x| PersonalError::ScoresRefused {
            expert: who(),
            message: format!("item {}: {}", s.item, x.en()),
            message_zh: format!("条目 {}：{}", s.item, x.zh()),
        })?;
        scores.push(MergedScore {
            item: s.item.clone(),
            points,
            reason: s.reason.clone(),
            evidence: s.evidence.clone(),
        });
    }
    let record = SheetRecord {
        expert: who(),
        revision: sheet.revision,
        direction: "imported".into(),
        sha256: sha.clone(),
        sheet: bytes,
        minisig,
    };
    store.merge_sheet(id, e.id, &scores, &record).map_err(|x| match x {
        StoreError::Refused(refusal) => {
            PersonalError::ScoresRefused { expert: who(), message: refusal.en(), message_zh: refusal.zh() }
        }
        other => PersonalError::Store(other),
    })?;
    Ok(SheetOutcome::Merged { review: id, expert: who(), revision: sheet.revision, sha256: sha })
}
