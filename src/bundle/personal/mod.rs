//! Each expert on their own laptop (issue 17): the review kit the lead signs for the panel ([`KitV1`], `kit export`
//! and `kit import`), the personal score sheet (个人评分表) an expert signs ([`SheetV1`], `sheet sign`), merged on the
//! lead's laptop (`sheet import`), and the check of the signed sheets a review bundle carries. Both documents are
//! frozen, versioned structures written as canonical JSON (RFC 8785) with a minisign-compatible signature, and travel
//! as one archive file ([`crate::files::archive`]). See docs/bundle-format.md.

pub mod check;
pub mod kit;
pub mod problem;
pub mod sheet;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::keys::read_public;
use super::roster::Roster;
use crate::files::archive::{self, Archive, Limits};
pub use problem::PersonalError;

pub const KIT_FORMAT: &str = "yanshou-review-kit";
pub const SHEET_FORMAT: &str = "yanshou-personal-sheet";
/// The kit's file in its archive, and its signature beside it.
pub const KIT_FILE: &str = "kit.json";
/// The personal sheet's file in its archive (and, in a review bundle, under `sheets/`), its signature beside it.
pub const SHEET_FILE: &str = "sheet.json";

/// A review kit, version 1: what an expert's laptop needs to score the review alone, signed by the panel's lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitV1 {
    pub format: String,
    pub version: u32,
    pub review: KitReview,
    pub enterprise: KitEnterprise,
    pub scorecard: KitSheet,
    pub panel: Vec<KitExpert>,
    /// The lead who signed the kit, with the key that signed it.
    pub lead: KitKey,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitReview {
    /// The review's stable id on the lead's laptop; the expert's copy takes it, and every personal sheet names it.
    pub uid: String,
    pub date: String,
    pub place: String,
    pub review_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitEnterprise {
    pub name: String,
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    /// `voluntary` or `mandatory`.
    pub track: String,
    pub agency: String,
}

/// The frozen sheet or rules the review is scored on: its text and the SHA-256 of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitSheet {
    pub id: String,
    pub sha256: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitExpert {
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    /// `lead` or `member`.
    pub role: String,
    pub recused: bool,
    /// The recusal's reason and statement, for a recused expert.
    pub recusal: Option<KitRecusal>,
    /// The expert's public key as the lead's roster knows it (`null` when it does not).
    pub key: Option<KitKey>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitRecusal {
    pub reason: String,
    pub statement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitKey {
    pub name: String,
    pub key_id: String,
    pub public_key: String,
}

/// A personal score sheet (个人评分表), version 1: one expert's scores on one review, as they signed them. No time is
/// in it, so the same scores signed again are the same bytes; a changed sheet is a new `revision`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetV1 {
    pub format: String,
    pub version: u32,
    pub review_uid: String,
    /// The SHA-256 of the kit the sheet was scored from (`kit.json`).
    pub kit_sha256: String,
    pub expert: String,
    /// 1 for the first signed sheet, one more for each changed one.
    pub revision: u32,
    /// Every score, by item, with its deduction reason (扣分原因) and evidence; points as decimal strings.
    pub scores: Vec<SheetScore>,
    /// The facts as they stood on the expert's laptop (fact id → value), where any were entered.
    pub facts: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetScore {
    pub item: String,
    pub score: String,
    pub reason: String,
    pub evidence: String,
}

/// The trusted comment (signed) of a kit's signature.
pub fn kit_comment(uid: &str, lead: &str, sha: &str) -> String {
    format!("yanshou kit review={uid} lead={lead} kit={sha}")
}

/// The trusted comment (signed) of a personal sheet's signature.
pub fn sheet_comment(s: &SheetV1, sha: &str) -> String {
    format!("yanshou sheet review={} expert={} rev={} sheet={sha}", s.review_uid, s.expert, s.revision)
}

/// The roster installed in a data directory (`<data dir>/trust/`), when there is one that verifies.
pub fn installed_roster(data_dir: &Path) -> Option<Roster> {
    let (roster, issuer) = super::roster::trust_paths(data_dir);
    Roster::load(&roster, &read_public(&issuer).ok()?).ok()
}

/// The key the roster gives an expert by name (not revoked), if it lists one.
pub fn roster_key(roster: &Roster, name: &str) -> Option<KitKey> {
    roster.entries.iter().rev().find(|e| e.name == name && !e.revoked).map(|e| KitKey {
        name: e.name.clone(),
        key_id: e.key_id.clone(),
        public_key: e.public_key.clone(),
    })
}

/// A signed document and its signature, packed as one archive file (`<file>` and `<file>.minisig`).
pub fn pack(file: &str, bytes: &[u8], minisig: &str) -> Result<Vec<u8>, PersonalError> {
    let files: BTreeMap<String, Vec<u8>> =
        [(file.to_string(), bytes.to_vec()), (format!("{file}.minisig"), minisig.as_bytes().to_vec())].into();
    archive::write(&files).map_err(PersonalError::Archive)
}

/// The signed document `file` and its signature out of an archive file, which must hold exactly those two.
pub fn unpack(path: &Path, file: &str) -> Result<(Vec<u8>, String), PersonalError> {
    let mut a = Archive::read_file(path, &Limits::BUNDLE).map_err(PersonalError::Archive)?;
    let sig_name = format!("{file}.minisig");
    let names: Vec<String> = a.entries().map(|(n, _)| n.to_string()).collect();
    if let Some(other) = names.iter().find(|n| **n != file && **n != sig_name) {
        return Err(PersonalError::NotThisKind { file: file.to_string(), found: other.clone() });
    }
    if !names.iter().any(|n| n == file) {
        return Err(PersonalError::NotThisKind { file: file.to_string(), found: names.join(", ") });
    }
    let bytes = a.read(file).map_err(PersonalError::Archive)?;
    let sig = a.read(&sig_name).map_err(|_| PersonalError::NoSignature { file: file.to_string() })?;
    let sig = String::from_utf8(sig).map_err(|_| PersonalError::NoSignature { file: file.to_string() })?;
    Ok((bytes, sig))
}
