//! Signing a payload or a dissent, and checking such a signature.

use std::io::Cursor;

use minisign::{PublicKey, SecretKey, SignatureBox};
use serde::{Deserialize, Serialize};

use super::keys::{id_of, key_id};
use super::payload::canonical;

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("cannot sign: {0}")]
    Sign(String),
    #[error("the signature does not verify: {0}")]
    Bad(String),
    #[error("the signature file is not a minisign signature: {0}")]
    Format(String),
}

/// A written dissent (个人书面意见): the expert refuses to sign the payload and signs this instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DissentV1 {
    pub format: String,
    pub version: u32,
    pub review_uid: String,
    pub revision: u32,
    /// The payload the expert refuses to sign.
    pub payload_sha256: String,
    pub expert: String,
    pub text: String,
    pub written_at: String,
}

pub const DISSENT_FORMAT: &str = "yanshou-dissent";

impl DissentV1 {
    pub fn bytes(&self) -> Vec<u8> {
        canonical(self)
    }
}

/// Signs bytes; the trusted comment (also signed) says what was signed, by whom.
pub fn sign(sk: &SecretKey, pk: &PublicKey, data: &[u8], trusted: &str) -> Result<String, SignError> {
    let untrusted = format!("yanshou signature with key {}", key_id(pk));
    let sig = minisign::sign(Some(pk), sk, Cursor::new(data), Some(trusted), Some(&untrusted))
        .map_err(|e| SignError::Sign(e.to_string()))?;
    Ok(sig.into_string())
}

/// Parses a signature file and returns the key id it claims and its trusted comment.
pub fn inspect(minisig: &str) -> Result<(String, String), SignError> {
    let b = SignatureBox::from_string(minisig).map_err(|e| SignError::Format(e.to_string()))?;
    let id = id_of(b.keynum());
    let trusted = b.trusted_comment().map_err(|e| SignError::Format(e.to_string()))?;
    Ok((id, trusted))
}

/// Checks a signature of `data` by `pk` (prehashed Ed25519, as `minisign -V` checks it, legacy signatures refused).
pub fn verify(pk: &PublicKey, minisig: &str, data: &[u8]) -> Result<(), SignError> {
    let b = SignatureBox::from_string(minisig).map_err(|e| SignError::Format(e.to_string()))?;
    minisign::verify(pk, &b, Cursor::new(data), true, false, false).map_err(|e| SignError::Bad(e.to_string()))
}
