//! A bundle's manifest (`bundle.json`): what the bundle holds, each file's SHA-256 and the signature entries, and the
//! names of the files every bundle has. See docs/bundle-format.md.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const MANIFEST: &str = "bundle.json";
pub const PAYLOAD: &str = "payload.json";
pub const SCORECARD: &str = "scorecard.toml";
pub const FORMAT: &str = "yanshou-bundle";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub review_uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    /// Every file of the bundle but the manifest, by relative path, with its SHA-256.
    pub files: BTreeMap<String, String>,
    pub signatures: Vec<ManifestSignature>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestSignature {
    pub expert: String,
    /// `sign` or `dissent`.
    pub kind: String,
    pub key_id: String,
    pub public_key: String,
    /// The signature file (`minisign -V -m <signed> -x <signature> -P <public_key>`).
    pub signature: String,
    /// The file it signs: `payload.json`, or the expert's dissent.
    pub signed: String,
}

/// The manifest's bytes as export writes them.
pub fn manifest_json(m: &Manifest) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(m)
}
