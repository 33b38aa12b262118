//! Expert keys: Ed25519 key pairs in minisign's formats, so that a support unit can check any signature with the
//! standalone `minisign -V`. Secret keys are encrypted at rest with the expert's passphrase (minisign's scrypt box)
//! and written owner-only; passphrases are wiped from memory after use.

use std::fs;
use std::path::{Path, PathBuf};

use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox};
use zeroize::Zeroizing;

use crate::files::{self, Replace};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("the passphrase is wrong, or {0} is not a yanshou/minisign secret key")]
    WrongPassphrase(String),
    #[error("{0}")]
    Invalid(String),
    /// Text given as an expert's public key (the pool's 公钥) that does not read as one.
    #[error("“{text}” is not a public key: {why}")]
    NotAPublicKey { text: String, why: String },
}

impl crate::domain::explain::Explain for KeyError {
    fn zh(&self) -> String {
        match self {
            KeyError::File { path, message } => {
                format!("无法读取或写入密钥文件 {path}：{}", super::without_os_codes(message))
            }
            KeyError::WrongPassphrase(path) => format!("口令不对（或 {path} 不是 yanshou 私钥）；请重新输入口令"),
            KeyError::Invalid(m) => format!("密钥无效：{m}"),
            KeyError::NotAPublicKey { text, .. } => {
                format!("公钥“{text}”不是有效的公钥（应为受信名单中的 base64 公钥）")
            }
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// A passphrase, wiped from memory when dropped.
pub type Passphrase = Zeroizing<String>;

/// Kept here for the callers that spell it `bundle::keys::hex`.
pub use crate::hex::hex;

/// The minisign key id of a public key: 16 upper-case hex digits, as `minisign` prints it.
pub fn key_id(pk: &PublicKey) -> String {
    id_of(pk.keynum())
}

pub fn id_of(keynum: &[u8]) -> String {
    let mut n = [0u8; 8];
    n.copy_from_slice(&keynum[..8]);
    format!("{:016X}", u64::from_le_bytes(n))
}

/// The base64 public key line (what `minisign -P` takes).
pub fn public_base64(pk: &PublicKey) -> String {
    pk.to_base64()
}

pub fn public_from_base64(b64: &str) -> Result<PublicKey, KeyError> {
    PublicKey::from_base64(b64.trim())
        .map_err(|e| KeyError::Invalid(format!("“{}” is not a public key: {e}", b64.trim())))
}

/// An expert's public key as typed for the pool (base64, as the roster lists it): empty is none, else it must read as
/// a key; trimmed.
pub fn public_key_entry(b64: &str) -> Result<Option<String>, KeyError> {
    let v = b64.trim();
    if v.is_empty() {
        return Ok(None);
    }
    PublicKey::from_base64(v).map_err(|e| KeyError::NotAPublicKey { text: v.to_string(), why: e.to_string() })?;
    Ok(Some(v.to_string()))
}

/// The largest key file read: a minisign key file is well under 1 KB.
pub const MAX_KEY_FILE: u64 = 64 * 1024;

impl From<files::FileError> for KeyError {
    fn from(e: files::FileError) -> Self {
        let message = match &e {
            files::FileError::Exists { .. } => "already exists; keys are never overwritten".to_string(),
            other => other.reason(),
        };
        KeyError::File { path: e.path().display().to_string(), message }
    }
}

/// Reads a key file, refusing one far larger than a key file is.
fn read_key_file(path: &Path) -> Result<String, KeyError> {
    let bytes = files::read_limited(path, MAX_KEY_FILE, files::Contents::KEY)?;
    String::from_utf8(bytes).map_err(|_| KeyError::File {
        path: path.display().to_string(),
        message: "is not a key file (not UTF-8 text)".into(),
    })
}

/// Files of a new key pair.
#[derive(Clone, Debug)]
pub struct NewKey {
    pub secret_path: PathBuf,
    pub public_path: PathBuf,
    pub key_id: String,
    pub public_key: String,
}

/// Makes a key pair for `name` in `dir`: `<name>.key` (encrypted, 0600) and `<name>.pub`. Existing files are never
/// overwritten. Both are written whole under temporary names first and then renamed together ([`files::commit_all`]);
/// a failure on the way (a full disk) leaves neither, so `key new` can simply be run again.
pub fn generate(dir: &Path, name: &str, passphrase: &Passphrase) -> Result<NewKey, KeyError> {
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name.starts_with('.') {
        return Err(KeyError::Invalid(format!("“{name}” cannot name a key file")));
    }
    if passphrase.chars().count() < 8 {
        return Err(KeyError::Invalid("the passphrase must have at least 8 characters".into()));
    }
    fs::create_dir_all(dir).map_err(|e| KeyError::File { path: dir.display().to_string(), message: e.to_string() })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    let secret_path = dir.join(format!("{name}.key"));
    let public_path = dir.join(format!("{name}.pub"));
    for p in [&secret_path, &public_path] {
        if p.exists() {
            return Err(KeyError::File {
                path: p.display().to_string(),
                message: "already exists; keys are never overwritten".into(),
            });
        }
    }
    let kp = KeyPair::generate_encrypted_keypair(Some(passphrase.to_string()))
        .map_err(|e| KeyError::Invalid(format!("cannot make a key: {e}")))?;
    let id = key_id(&kp.pk);
    let sk_box =
        kp.sk.to_box(Some(&format!("yanshou secret key of {name}"))).map_err(|e| KeyError::Invalid(e.to_string()))?;
    let pk_box = kp.pk.to_box().map_err(|e| KeyError::Invalid(e.to_string()))?;
    let public = format!("untrusted comment: yanshou public key {id} of {name}\n{}\n", kp.pk.to_base64());
    let _ = pk_box;
    let secret = files::stage(&secret_path, Zeroizing::new(sk_box.to_string()).as_bytes(), true)?;
    let public_file = files::stage(&public_path, public.as_bytes(), false)?;
    files::commit_all(vec![secret, public_file], Replace::No)?;
    Ok(NewKey { secret_path, public_path, key_id: id, public_key: kp.pk.to_base64() })
}

/// The comment `yanshou key new` writes on a secret key's first line: `yanshou secret key of <name>`.
const SECRET_COMMENT: &str = "untrusted comment: yanshou secret key of ";

/// The name a secret key file gives its owner (the `--name` of `yanshou key new`), or `None` for a key file that
/// names nobody (one made by `minisign` itself). The comment is not signed: it tells a mix-up, not an attacker.
pub fn secret_key_owner(path: &Path) -> Result<Option<String>, KeyError> {
    let text = Zeroizing::new(read_key_file(path)?);
    Ok(text.lines().next().and_then(|l| l.strip_prefix(SECRET_COMMENT)).map(|n| n.trim().to_string()))
}

/// Opens an encrypted secret key with its passphrase.
pub fn open_secret(path: &Path, passphrase: &Passphrase) -> Result<(SecretKey, PublicKey), KeyError> {
    let text = Zeroizing::new(read_key_file(path)?);
    let sk_box = SecretKeyBox::from_string(&text).map_err(|_| KeyError::WrongPassphrase(path.display().to_string()))?;
    let sk = sk_box
        .into_secret_key(Some(passphrase.to_string()))
        .map_err(|_| KeyError::WrongPassphrase(path.display().to_string()))?;
    let pk = PublicKey::from_secret_key(&sk).map_err(|_| KeyError::WrongPassphrase(path.display().to_string()))?;
    Ok((sk, pk))
}

/// Reads a public key file (minisign's two-line format) or a bare base64 key.
pub fn read_public(path: &Path) -> Result<PublicKey, KeyError> {
    let text = read_key_file(path)?;
    if let Ok(b) = PublicKeyBox::from_string(&text)
        && let Ok(pk) = b.into_public_key()
    {
        return Ok(pk);
    }
    let line =
        text.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with("untrusted comment:")).unwrap_or("");
    public_from_base64(line)
        .map_err(|_| KeyError::File { path: path.display().to_string(), message: "is not a public key file".into() })
}
