//! Installing the support unit's trust in one step: the roster of trusted expert keys, its signature and the key of
//! the unit that issued it, copied into `<data dir>/trust/` (where [`super::import::trust_paths`] reads them) only
//! after the roster's signature has been checked against that key. The issuer's key is taken under whatever name it
//! has (`yanshou key new` writes `NAME.pub`) and installed as `issuer.pub`.

use std::path::{Path, PathBuf};

use super::keys::{key_id, public_base64, read_public};
use super::roster::{Roster, RosterError, read_signed, sig_path};
use crate::domain::explain::Explain;
use crate::files::{self, Replace};

/// Why nothing was installed: the trust folder is as it was.
#[derive(Debug, thiserror::Error)]
#[error("the trusted roster was not installed (nothing in {dir} was changed): {why}")]
pub struct InstallError {
    pub dir: String,
    pub why: RosterError,
}

impl Explain for InstallError {
    fn zh(&self) -> String {
        format!("未安装受信名单（{} 中没有任何改动）：{}", self.dir, self.why.zh())
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// What was installed.
#[derive(Clone, Debug)]
pub struct Installed {
    pub dir: PathBuf,
    pub roster: Roster,
}

/// Checks `roster` (signed by `sig`, by default `<roster>.minisig`) against the issuer's public key `issuer`, and only
/// then writes the three files into `<data_dir>/trust/` as `roster.json`, `roster.json.minisig` and `issuer.pub`: the
/// bytes that were checked, each written whole under a temporary name and renamed into place together (a trust folder
/// installed before is replaced; should a kill fall between the renames, the mix of old and new files does not verify
/// and is refused, never trusted, until installing again).
pub fn install(data_dir: &Path, roster: &Path, sig: Option<&Path>, issuer: &Path) -> Result<Installed, InstallError> {
    let (roster_to, issuer_to) = super::import::trust_paths(data_dir);
    let dir = files::parent(&roster_to).to_path_buf();
    let refuse = |why: RosterError| InstallError { dir: dir.display().to_string(), why };
    let issuer_key = read_public(issuer).map_err(|e| refuse(RosterError::Key(e)))?;
    let sig = sig.map(Path::to_path_buf).unwrap_or_else(|| sig_path(roster));
    let (bytes, sig_text) = read_signed(roster, &sig).map_err(refuse)?;
    let checked = Roster::verified(roster, &bytes, &sig_text, &issuer_key).map_err(refuse)?;
    let id = key_id(&issuer_key);
    if checked.issuer_key_id != id {
        return Err(refuse(RosterError::Invalid(format!(
            "the roster says it is issued by key {}, not by {id}",
            checked.issuer_key_id
        ))));
    }
    let issuer_text =
        format!("untrusted comment: yanshou support-unit public key {id}\n{}\n", public_base64(&issuer_key));
    let write = || -> Result<(), files::FileError> {
        std::fs::create_dir_all(&dir).map_err(|source| files::FileError::Write { path: dir.clone(), source })?;
        let group = vec![
            files::stage(&issuer_to, issuer_text.as_bytes(), false)?,
            files::stage(&sig_path(&roster_to), sig_text.as_bytes(), false)?,
            files::stage(&roster_to, &bytes, false)?,
        ];
        files::commit_all(group, Replace::Yes)
    };
    write().map_err(|e| refuse(RosterError::from(e)))?;
    Ok(Installed { dir, roster: checked })
}
