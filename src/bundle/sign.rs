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

impl crate::domain::explain::Explain for SignError {
    fn zh(&self) -> String {
        match self {
            SignError::Sign(m) => format!("无法签名：{m}"),
            SignError::Bad(m) => format!("签名验证不通过：{m}"),
            SignError::Format(m) => format!("签名文件不是 minisign 签名：{m}"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
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
    let untrusted = untrusted_comment(&key_id(pk));
    let sig = minisign::sign(Some(pk), sk, Cursor::new(data), Some(trusted), Some(&untrusted))
        .map_err(|e| SignError::Sign(e.to_string()))?;
    Ok(sig.into_string())
}

/// The untrusted comment (first line) of a signature file yanshou writes with the key `key_id`.
pub fn untrusted_comment(key_id: &str) -> String {
    format!("yanshou signature with key {key_id}")
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
    if lines.len() < 4 || !lines[0].starts_with("untrusted comment: ") {
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

/// Checks a signature of `data` by `pk` as `minisign -V` checks it: the signature line's key id must be the key's; its
/// prehashed Ed25519 signature must verify over BLAKE2b-512 of `data` (legacy, not prehashed, signatures are refused);
/// and the global signature must verify over that signature followed by the trusted comment. Both checks are RFC 8032
/// verifications by ed25519-dalek (a non-canonical `s` is refused; so is a weak, small-order key), several times
/// faster than the minisign crate's own curve arithmetic; tests hold the two to the same answers.
pub fn verify(pk: &PublicKey, minisig: &str, data: &[u8]) -> Result<(), SignError> {
    use base64::Engine;
    use blake2::Digest;
    use ed25519_dalek::{Signature, Verifier};
    well_formed(minisig)?;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.decode(s.trim()).ok();
    let lines: Vec<&str> = minisig.lines().collect();
    let (Some(line), Some(global)) = (b64(lines[1]), b64(lines[3])) else {
        return Err(SignError::Format("the signature lines are not base64".into()));
    };
    let key = b64(&pk.to_base64()).filter(|k| k.len() == 42 && k.starts_with(b"Ed"));
    let Some(key) = key else { return Err(SignError::Format("the public key is not an Ed25519 minisign key".into())) };
    let (alg, keynum, sig) = (&line[..2], &line[2..10], &line[10..74]);
    if alg != b"ED" {
        return Err(SignError::Bad("a legacy (not prehashed) signature is not accepted".into()));
    }
    if keynum != &key[2..10] {
        return Err(SignError::Bad(format!(
            "the signature was made with key {}, not with key {}",
            id_of(keynum),
            id_of(&key[2..10])
        )));
    }
    let vk = <[u8; 32]>::try_from(&key[10..42])
        .ok()
        .and_then(verifying_key)
        .ok_or_else(|| SignError::Format("the public key is not a valid Ed25519 key".into()))?;
    let to_sig = |b: &[u8]| <[u8; 64]>::try_from(b).ok().map(|b| Signature::from_bytes(&b));
    let (Some(sig_v), Some(global_v)) = (to_sig(sig), to_sig(&global)) else {
        return Err(SignError::Format("a signature is not 64 bytes".into()));
    };
    vk.verify(&blake2::Blake2b512::digest(data), &sig_v)
        .map_err(|_| SignError::Bad("signature verification failed".into()))?;
    let trusted = lines[2]
        .strip_prefix("trusted comment: ")
        .ok_or_else(|| SignError::Format("the third line is not a trusted comment".into()))?;
    vk.verify(&[sig, trusted.as_bytes()].concat(), &global_v)
        .map_err(|_| SignError::Bad("the trusted comment or the global signature has been changed".into()))
}

/// The Ed25519 key of 32 bytes, decompressed once per process (a support unit checks thousands of signatures by the
/// same few hundred experts); `None` for bytes that are no curve point or a weak (small-order) key.
fn verifying_key(bytes: [u8; 32]) -> Option<ed25519_dalek::VerifyingKey> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static KEYS: LazyLock<Mutex<HashMap<[u8; 32], ed25519_dalek::VerifyingKey>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Some(k) = KEYS.lock().ok().and_then(|m| m.get(&bytes).copied()) {
        return Some(k);
    }
    let k = ed25519_dalek::VerifyingKey::from_bytes(&bytes).ok().filter(|k| !k.is_weak())?;
    if let Ok(mut m) = KEYS.lock() {
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(bytes, k);
    }
    Some(k)
}

/// The minisign crate's own check, kept as the reference [`verify`] is tested against.
pub fn verify_with_minisign(pk: &PublicKey, minisig: &str, data: &[u8]) -> Result<(), SignError> {
    well_formed(minisig)?;
    let b = SignatureBox::from_string(minisig).map_err(|e| SignError::Format(e.to_string()))?;
    minisign::verify(pk, &b, Cursor::new(data), true, false, false).map_err(|e| SignError::Bad(e.to_string()))
}
