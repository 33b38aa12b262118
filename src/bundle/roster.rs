//! The support unit's roster of trusted expert keys: name, unit, key, validity and revocation. The roster file is
//! itself signed by the support unit's key (a detached `.minisig` beside it), so a roster changed on the way is refused.

use std::path::{Path, PathBuf};

use minisign::PublicKey;
use serde::{Deserialize, Serialize};

use super::keys::{KeyError, Passphrase, key_id, open_secret, public_from_base64};
use super::payload::canonical;
use super::sign;
use crate::domain::explain::Explain;
use crate::domain::text::one_line;
use crate::files::{self, FileError, Replace};

pub const FORMAT: &str = "yanshou-roster";

/// The largest roster file read. An entry takes about 300 bytes, so this holds some 25,000 experts; a province's
/// roster has hundreds.
pub const MAX_ROSTER_FILE: u64 = 8 * 1024 * 1024;
/// The longest name or unit of an entry: the domain's limit for one-line fields (`roster add` takes no longer).
pub const MAX_ENTRY_FIELD: usize = crate::domain::text::MAX_NAME;
/// The largest signature file read (a minisign signature is a few hundred bytes).
const MAX_SIG_FILE: u64 = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub format: String,
    pub version: u32,
    /// The key id of the support unit key that signs the roster.
    pub issuer_key_id: String,
    pub issued_at: String,
    pub entries: Vec<RosterEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    pub name: String,
    pub unit: String,
    pub key_id: String,
    /// The base64 public key (minisign's format).
    pub public_key: String,
    /// `YYYY-MM-DD`, inclusive.
    pub valid_from: String,
    pub valid_until: String,
    pub revoked: bool,
    pub revoked_at: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("the roster {0} is not signed by the trusted support-unit key, or was changed after signing: {1}")]
    Untrusted(String, String),
    #[error("{0}")]
    Invalid(String),
}

impl Explain for RosterError {
    fn zh(&self) -> String {
        match self {
            RosterError::Key(k) => k.zh(),
            RosterError::File { path, message } => {
                format!("受信名单文件 {path}：{}", super::without_os_codes(message))
            }
            RosterError::Untrusted(path, why) => {
                format!("受信名单 {path} 不是由受信的支持单位密钥签发的，或签发后被改动过：{why}")
            }
            RosterError::Invalid(m) => format!("受信名单无效：{m}"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

impl From<FileError> for RosterError {
    fn from(e: FileError) -> Self {
        RosterError::File { path: e.path().display().to_string(), message: e.reason() }
    }
}

/// A roster file and its signature file, each read within its limit: the bytes, and the signature's text.
pub fn read_signed(roster: &Path, sig: &Path) -> Result<(Vec<u8>, String), RosterError> {
    let bytes = files::read_limited(roster, MAX_ROSTER_FILE, files::Contents::ROSTER)?;
    let sig_text =
        String::from_utf8(files::read_limited(sig, MAX_SIG_FILE, files::Contents::SIGNATURE)?).map_err(|_| {
            RosterError::File {
                path: sig.display().to_string(),
                message: "is not a minisign signature (not UTF-8 text)".into(),
            }
        })?;
    Ok((bytes, sig_text))
}

/// The detached signature beside a roster file: `<roster>.minisig`.
pub fn sig_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".minisig");
    PathBuf::from(p)
}

impl Roster {
    pub fn new(issuer: &PublicKey, today: &str) -> Roster {
        Roster {
            format: FORMAT.into(),
            version: 1,
            issuer_key_id: key_id(issuer),
            issued_at: today.into(),
            entries: Vec::new(),
        }
    }

    /// Reads a roster and checks its signature (the `.minisig` beside it) against the trusted issuer key.
    pub fn load(path: &Path, issuer: &PublicKey) -> Result<Roster, RosterError> {
        let (bytes, sig) = read_signed(path, &sig_path(path))?;
        Roster::verified(path, &bytes, &sig, issuer)
    }

    /// A roster's bytes checked against their signature and the trusted issuer key, then read; `path` names it in a
    /// refusal. Nothing of a roster is read before its signature holds.
    pub fn verified(path: &Path, bytes: &[u8], sig: &str, issuer: &PublicKey) -> Result<Roster, RosterError> {
        sign::verify(issuer, sig, bytes)
            .map_err(|e| RosterError::Untrusted(path.display().to_string(), e.to_string()))?;
        let roster: Roster = serde_json::from_slice(bytes).map_err(|e| RosterError::File {
            path: path.display().to_string(),
            message: format!("not a roster: {e}"),
        })?;
        if roster.format != FORMAT || roster.version != 1 {
            return Err(RosterError::Invalid(format!("{} is not a version 1 yanshou roster", path.display())));
        }
        roster.check_fields(path)?;
        Ok(roster)
    }

    /// The limits `roster add` applies, applied again to a roster read from a file (which another tool may have
    /// written and signed): names and units are one line of at most [`MAX_ENTRY_FIELD`] characters.
    fn check_fields(&self, path: &Path) -> Result<(), RosterError> {
        for (n, e) in self.entries.iter().enumerate() {
            let at = |what: &str| format!("{}: entry {} ({what})", path.display(), n + 1);
            let key = e.key_id.chars().take(16).collect::<String>();
            one_line(&e.name, "name", MAX_ENTRY_FIELD, true)
                .and_then(|_| one_line(&e.unit, "unit", MAX_ENTRY_FIELD, false))
                .and_then(|_| one_line(&e.key_id, "key id", 16, true))
                .and_then(|_| one_line(&e.valid_from, "valid from", 10, true))
                .and_then(|_| one_line(&e.valid_until, "valid until", 10, true))
                .map_err(|m| RosterError::Invalid(format!("{}: {m}", at(&format!("key {key}")))))?;
        }
        Ok(())
    }

    /// Writes the roster in canonical form and signs it with the support unit's secret key, replacing the roster and
    /// signature at `path` if there are any.
    pub fn save(&self, path: &Path, issuer_secret: &Path, passphrase: &Passphrase) -> Result<(), RosterError> {
        self.write(path, issuer_secret, passphrase, Replace::Yes)
    }

    /// [`Roster::save`] for a new roster: refused if the roster or its signature exists.
    pub fn save_new(&self, path: &Path, issuer_secret: &Path, passphrase: &Passphrase) -> Result<(), RosterError> {
        self.write(path, issuer_secret, passphrase, Replace::No)
    }

    /// Both files are written whole under temporary names first and then renamed one right after the other
    /// ([`files::commit_all`]), so a full disk or a kill while writing leaves the old roster and signature (or none)
    /// under their names.
    fn write(
        &self,
        path: &Path,
        issuer_secret: &Path,
        passphrase: &Passphrase,
        replace: Replace,
    ) -> Result<(), RosterError> {
        let (sk, pk) = open_secret(issuer_secret, passphrase)?;
        if key_id(&pk) != self.issuer_key_id {
            return Err(RosterError::Invalid(format!(
                "the roster is issued by key {}, not by {}",
                self.issuer_key_id,
                key_id(&pk)
            )));
        }
        let bytes = canonical(self);
        let sig = sign::sign(
            &sk,
            &pk,
            &bytes,
            &format!("yanshou roster issued {} by {}", self.issued_at, self.issuer_key_id),
        )
        .map_err(|e| RosterError::Invalid(e.to_string()))?;
        let roster = files::stage(path, &bytes, false)?;
        let signature = files::stage(&sig_path(path), sig.as_bytes(), false)?;
        Ok(files::commit_all(vec![roster, signature], replace)?)
    }

    pub fn add(&mut self, mut entry: RosterEntry) -> Result<(), RosterError> {
        public_from_base64(&entry.public_key)?;
        // Dates are compared as text (here and when a bundle is verified), so they are stored in the one padded form:
        // `2026-9-01` would otherwise sort after `2026-10-01`.
        entry.valid_from = crate::domain::text::date(&entry.valid_from, "valid from")
            .map_err(|e| RosterError::Invalid(e.to_string()))?;
        entry.valid_until = crate::domain::text::date(&entry.valid_until, "valid until")
            .map_err(|e| RosterError::Invalid(e.to_string()))?;
        if entry.valid_from > entry.valid_until {
            return Err(RosterError::Invalid(format!(
                "valid from {} is after valid until {}",
                entry.valid_from, entry.valid_until
            )));
        }
        if self.entries.iter().any(|e| e.key_id == entry.key_id) {
            return Err(RosterError::Invalid(format!("key {} is already on the roster", entry.key_id)));
        }
        self.entries.push(entry);
        Ok(())
    }

    pub fn revoke(&mut self, key_id: &str, today: &str) -> Result<(), RosterError> {
        let e = self
            .entries
            .iter_mut()
            .find(|e| e.key_id.eq_ignore_ascii_case(key_id))
            .ok_or_else(|| RosterError::Invalid(format!("key {key_id} is not on the roster")))?;
        e.revoked = true;
        e.revoked_at = Some(today.to_string());
        Ok(())
    }

    pub fn entry(&self, key_id: &str) -> Option<&RosterEntry> {
        self.entries.iter().find(|e| e.key_id == key_id)
    }
}

/// Where the trusted roster and the support unit's public key live in a data directory: `<data dir>/trust/roster.json`
/// (with `roster.json.minisig` beside it) and `<data dir>/trust/issuer.pub`.
pub fn trust_paths(data_dir: &Path) -> (PathBuf, PathBuf) {
    let trust = data_dir.join("trust");
    (trust.join("roster.json"), trust.join("issuer.pub"))
}
