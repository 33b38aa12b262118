//! A draw's record as a file: the record (`domain::pool::record::DrawRecordV1`), its canonical JSON (RFC 8785, the
//! one the payload uses) and SHA-256, signed minisign-compatibly by the support unit's key; and checking such a file
//! from itself: every byte (the file is the canonical JSON of the signed envelope, so one changed byte is seen), the
//! signature, the pool snapshot's hash, and a re-run of the draw that must give the same panel.

use minisign::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};

use super::keys::{KeyError, key_id, public_base64, public_from_base64};
use super::payload::canonical;
use super::sign::{self, SignError};
use crate::domain::explain::Explain;
use crate::domain::pool::record::{self, DrawRecordV1};
use crate::domain::pool::{Expert, PoolRefusal};
use crate::hex::sha256_hex;

/// SHA-256 (hex) of a pool's canonical JSON: the `pool_sha256` of a record.
pub fn pool_sha256(pool: &[Expert]) -> String {
    sha256_hex(&canonical(&pool))
}

/// The record's canonical bytes, and their SHA-256 (hex): the hash a review's payload carries (`draw_sha256`).
pub fn record_bytes(r: &DrawRecordV1) -> Vec<u8> {
    canonical(r)
}

pub fn record_sha256(r: &DrawRecordV1) -> String {
    sha256_hex(&record_bytes(r))
}

/// The signed file: the record, the signature over its canonical bytes, the signer's public key and its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedDraw {
    pub record: DrawRecordV1,
    pub record_sha256: String,
    pub signature: String,
    pub public_key: String,
    pub key_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DrawFileError {
    #[error("the draw record file is not one: {0}")]
    Format(String),
    #[error("the draw record file was changed after it was written (it is not the canonical JSON it was written as)")]
    NotCanonical,
    #[error("the record's signature does not verify: {0}")]
    Signature(#[from] SignError),
    #[error("the record is signed by key {found}, not by {expected}")]
    OtherKey { found: String, expected: String },
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("{0}")]
    Rule(#[from] PoolRefusal),
}

impl Explain for DrawFileError {
    fn zh(&self) -> String {
        match self {
            DrawFileError::Format(m) => format!("不是抽取记录文件：{m}"),
            DrawFileError::NotCanonical => "抽取记录文件写成后被改动过（已不是写入时的规范 JSON）".into(),
            DrawFileError::Signature(e) => format!("抽取记录的签名验证不通过：{}", e.zh()),
            DrawFileError::OtherKey { found, expected } => {
                format!("抽取记录由密钥 {found} 签名，而不是 {expected}")
            }
            DrawFileError::Key(e) => e.zh(),
            DrawFileError::Rule(e) => e.zh(),
        }
    }
    fn en(&self) -> String {
        self.to_string()
    }
}

/// The signed file's bytes for a record, signed with the support unit's key.
pub fn sign_record(r: &DrawRecordV1, sk: &SecretKey, pk: &PublicKey) -> Result<Vec<u8>, SignError> {
    let bytes = record_bytes(r);
    let sha = sha256_hex(&bytes);
    let trusted = format!("yanshou draw for case {} sha256 {sha}", r.case.case_uid);
    let signature = sign::sign(sk, pk, &bytes, &trusted)?;
    let file = SignedDraw {
        record: r.clone(),
        record_sha256: sha,
        signature,
        public_key: public_base64(pk),
        key_id: key_id(pk),
    };
    Ok(canonical(&file))
}

/// Checks a signed record file from itself (and, with `expected`, that this key signed it): the bytes, the
/// signature, the hash of the pool snapshot, and the re-run. Gives the record when all hold.
pub fn verify_file(bytes: &[u8], expected: Option<&PublicKey>) -> Result<SignedDraw, DrawFileError> {
    let file: SignedDraw = serde_json::from_slice(bytes).map_err(|e| DrawFileError::Format(e.to_string()))?;
    if canonical(&file) != bytes {
        return Err(DrawFileError::NotCanonical);
    }
    let pk = public_from_base64(&file.public_key)?;
    if key_id(&pk) != file.key_id {
        return Err(DrawFileError::OtherKey { found: key_id(&pk), expected: file.key_id.clone() });
    }
    if let Some(want) = expected
        && key_id(want) != key_id(&pk)
    {
        return Err(DrawFileError::OtherKey { found: key_id(&pk), expected: key_id(want) });
    }
    let rec = record_bytes(&file.record);
    sign::verify(&pk, &file.signature, &rec)?;
    if sha256_hex(&rec) != file.record_sha256 {
        return Err(DrawFileError::Format("record_sha256 is not the record's".into()));
    }
    record::rerun(&file.record, &pool_sha256(&file.record.pool))?;
    Ok(file)
}

/// Re-runs an unsigned record (as the store keeps one): the pool's hash and the draw.
pub fn verify_record(r: &DrawRecordV1) -> Result<(), PoolRefusal> {
    record::rerun(r, &pool_sha256(&r.pool))
}

/// A fresh seed from the operating system's generator, taken at the moment of the draw.
pub fn os_seed() -> [u8; 32] {
    use rand_core::RngCore;
    let mut seed = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut seed);
    seed
}

/// Why a draw for a case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DrawCaseError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Rule(#[from] PoolRefusal),
    #[error("{0}")]
    Sign(#[from] SignError),
}

impl Explain for DrawCaseError {
    fn zh(&self) -> String {
        match self {
            DrawCaseError::Store(e) => e.zh(),
            DrawCaseError::Rule(e) => e.zh(),
            DrawCaseError::Sign(e) => e.zh(),
        }
    }
    fn en(&self) -> String {
        self.to_string()
    }
}

/// The case as a draw needs it.
pub fn draw_case_of(store: &crate::store::Store, case: i64) -> Result<crate::domain::pool::DrawCase, DrawCaseError> {
    let c = store.load_case(case)?;
    Ok(crate::domain::pool::DrawCase {
        case_id: c.id,
        case_uid: c.uid,
        province: c.province,
        enterprise: c.enterprise,
        credit_code: c.credit_code,
        industry: c.industry,
    })
}

/// Draws a case's panel: the pool as it is (retired experts and all, so the record shows why they are out), the
/// province's rules and the unit's `choices`, on `today` with `seed`; signs the record when a key is given, and
/// records it in the store — appended to the audit log with its seed — before giving it back to be shown. Gives
/// the draw's id, the record and, when signed, the signed file's bytes.
pub fn draw_case(
    store: &mut crate::store::Store,
    case: i64,
    choices: crate::domain::pool::rules::UnitChoices,
    today: &str,
    seed: &[u8; 32],
    signer: Option<(&SecretKey, &PublicKey)>,
) -> Result<(i64, DrawRecordV1, Option<Vec<u8>>), DrawCaseError> {
    use crate::domain::pool::{rules, sorted_pool};
    let dc = draw_case_of(store, case)?;
    let rules = rules::for_province(&crate::builtin::draw_rules(), &dc.province);
    let pool = sorted_pool(store.pool_list()?.into_iter().map(|(_, e)| e).collect())?;
    let o = record::outcome(&dc, &rules, &choices, &pool, today, seed)?;
    let hash = pool_sha256(&pool);
    let at = chrono::Local::now().to_rfc3339();
    let actor = store.actor().to_string();
    let r = record::record(dc, rules, choices, pool, hash, today, &at, &actor, seed, o);
    let signed = match signer {
        Some((sk, pk)) => Some(sign_record(&r, sk, pk)?),
        None => None,
    };
    let signature = match &signed {
        Some(bytes) => serde_json::from_slice::<SignedDraw>(bytes).ok().map(|f| f.signature),
        None => None,
    };
    let json = String::from_utf8(record_bytes(&r)).unwrap_or_default();
    let id = store.record_draw(&r, &json, &record_sha256(&r), signature.as_deref())?;
    Ok((id, r, signed))
}
