//! Signed review bundles: the frozen payload, expert signatures (minisign-compatible Ed25519), printable documents,
//! and the support unit's verification, import and compilation.

pub mod compile;
pub mod documents;
pub mod draw;
pub mod draw_check;
#[cfg(test)]
mod explain_tests;
pub mod export;
pub mod export_error;
pub mod html;
pub mod import;
pub mod keys;
pub mod manifest;
pub mod payload;
pub mod personal;
pub mod problem;
pub mod read;
pub mod report;
pub mod roster;
pub mod sign;
pub mod signing;
mod source;
pub mod trust;
pub mod verify;

use serde::{Deserialize, Serialize};

/// Where an expert of the panel stands on a payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignStatus {
    /// Signed the payload.
    Signed,
    /// Refused to sign and signed a written dissent (个人书面意见) that references the payload hash.
    Dissented,
    /// Has not signed yet.
    Missing,
    /// Recused (回避): never signs.
    Recused,
}

impl SignStatus {
    pub fn label(self) -> &'static str {
        match self {
            SignStatus::Signed => "已签名",
            SignStatus::Dissented => "持不同意见",
            SignStatus::Missing => "未签名",
            SignStatus::Recused => "回避",
        }
    }
}

/// One expert's signature state, for documents and reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerInfo {
    pub expert: String,
    pub status: SignStatus,
    /// The minisign key id (16 hex digits) when signed or dissented.
    pub key_id: Option<String>,
    pub signed_at: Option<String>,
    /// The dissent's text, when the expert dissented.
    pub dissent: Option<String>,
}

/// The short form of a payload hash printed on paper, so that paper and file can be matched.
pub fn short_hash(sha256_hex: &str) -> String {
    let h: String = sha256_hex.chars().take(16).collect();
    format!(
        "{}-{}-{}-{}",
        &h[0..4.min(h.len())],
        &h[4.min(h.len())..8.min(h.len())],
        &h[8.min(h.len())..12.min(h.len())],
        &h[12.min(h.len())..]
    )
}

pub(crate) use crate::files::without_os_codes;
