//! Version 3 of the payload (frozen; [`super::v4`] is the current one): version 2's shape whole, and what each expert on their own laptop
//! (issue 17) adds — `sheets`, each expert whose scores came from their signed personal score sheet (个人评分表), with
//! the revision and the SHA-256 of the signed sheet the bundle carries under `sheets/` — and two fields frozen now so
//! that the shape is fixed once, filled by the branches that bring them: `recheck_of` (the stable id of the review
//! this one re-checks, 复核, from its case) and `draw_sha256` (the SHA-256 of the record of the panel's draw).
//!
//! The fields of version 2 are those of [`PayloadV2`], flattened into the same JSON object (the version says 3);
//! everything that reads a payload reads them through it.

use serde::{Deserialize, Serialize};

use super::v2::PayloadV2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Read through the flat object (see `flat.rs`): the same fields, read once instead of buffered and read again.
#[serde(try_from = "super::flat::Flat<SheetPart, serde::de::IgnoredAny>")]
pub struct PayloadV3 {
    #[serde(flatten)]
    pub v2: PayloadV2,
    /// Each expert whose scores came from a signed personal sheet, in the panel's order.
    pub sheets: Vec<SheetPart>,
    /// The review this one re-checks (复核), by its stable id; `null` unless the case says so.
    pub recheck_of: Option<String>,
    /// The SHA-256 of the record of the panel's draw; `null` unless the panel was drawn.
    pub draw_sha256: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetPart {
    pub expert: String,
    pub revision: u32,
    /// SHA-256 of the signed sheet's bytes (`sheets/NN-<expert>.json` in the bundle).
    pub sha256: String,
}

impl std::ops::Deref for PayloadV3 {
    type Target = PayloadV2;
    fn deref(&self) -> &PayloadV2 {
        &self.v2
    }
}

impl std::ops::DerefMut for PayloadV3 {
    fn deref_mut(&mut self) -> &mut PayloadV2 {
        &mut self.v2
    }
}

impl PayloadV2 {
    /// The same review in the current shape: no personal sheets, no re-check, no draw (version 2 had none).
    pub fn upgrade(self) -> PayloadV3 {
        PayloadV3 { v2: self, sheets: Vec::new(), recheck_of: None, draw_sha256: None }
    }
}

impl TryFrom<super::flat::Flat<SheetPart, serde::de::IgnoredAny>> for PayloadV3 {
    type Error = &'static str;
    fn try_from(f: super::flat::Flat<SheetPart, serde::de::IgnoredAny>) -> Result<PayloadV3, &'static str> {
        let (v2, rest) = f.split();
        if rest.substitutions.is_some() {
            return Err("unknown field `substitutions`");
        }
        Ok(PayloadV3 { v2, sheets: rest.sheets, recheck_of: rest.recheck_of, draw_sha256: rest.draw_sha256 })
    }
}
