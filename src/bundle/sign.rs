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
    well_formed(minisig)?;
    let b = SignatureBox::from_string(minisig).map_err(|e| SignError::Format(e.to_string()))?;
    let id = id_of(b.keynum());
    let trusted = b.trusted_comment().map_err(|e| SignError::Format(e.to_string()))?;
    Ok((id, trusted))
}

/// The decoded length of a base64 text, or `None` if it is not base64.
fn base64_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.is_empty() || !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    if pad > 2 || !b[..b.len() - pad].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/') {
        return None;
    }
    Some(b.len() / 4 * 3 - pad)
}

/// Checks the four lines of a signature file before the minisign crate reads them: it panics on a global signature
/// of the wrong length (found by fuzzing), and a bundle is untrusted input.
fn well_formed(minisig: &str) -> Result<(), SignError> {
    let lines: Vec<&str> = minisig.lines().collect();
    let bad = |what: &str| Err(SignError::Format(what.to_string()));
    if lines.len() < 4 || !lines[0].starts_with("untrusted comment:") {
        return bad("a signature file has four lines, the first an untrusted comment");
    }
    if base64_len(lines[1].trim()) != Some(74) {
        return bad("the signature line is not 74 bytes of base64");
    }
    if !lines[2].starts_with("trusted comment:") {
        return bad("the third line is not a trusted comment");
    }
    if base64_len(lines[3].trim()) != Some(64) {
        return bad("the global signature is not 64 bytes of base64");
    }
    Ok(())
}

/// Checks a signature of `data` by `pk` (prehashed Ed25519, as `minisign -V` checks it, legacy signatures refused).
pub fn verify(pk: &PublicKey, minisig: &str, data: &[u8]) -> Result<(), SignError> {
    well_formed(minisig)?;
    let b = SignatureBox::from_string(minisig).map_err(|e| SignError::Format(e.to_string()))?;
    minisign::verify(pk, &b, Cursor::new(data), true, false, false).map_err(|e| SignError::Bad(e.to_string()))
}
