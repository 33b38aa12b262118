//! Why the store puts a bundle that verified into the quarantine all the same: it does not fit what is already
//! imported. Typed, said in Chinese and in English by one [`Explain`]; the quarantine keeps both.

use crate::domain::explain::Explain;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportConflict {
    /// The same payload is already imported under another review's id.
    PayloadElsewhere { import: i64 },
    /// The same payload with another set of signatures than the one imported.
    OtherSignatures,
    /// Another payload for a revision already imported.
    SameRevision { revision: u32 },
    /// An older revision than the one imported.
    Older { revision: u32, current: u32 },
    /// The payload says its panel was drawn by a draw this store does not hold (by the record's SHA-256).
    DrawUnknown { sha256: String },
    /// The payload's substitutions are not those this store recorded on the draw.
    DrawSubstitutionsDiffer { draw: i64, recorded: usize, signed: usize },
}

impl Explain for ImportConflict {
    fn zh(&self) -> String {
        match self {
            ImportConflict::PayloadElsewhere { import } => {
                format!("同一载荷已作为另一验收的版本导入（导入 {import}）")
            }
            ImportConflict::OtherSignatures => "载荷与已导入的相同，但签名与已导入的不同".into(),
            ImportConflict::SameRevision { revision } => {
                format!("版本冲突：本验收的第 {revision} 版已导入，内容与此不同")
            }
            ImportConflict::Older { revision, current } => {
                format!("这是旧版本（第 {revision} 版），已导入的是第 {current} 版")
            }
            ImportConflict::DrawUnknown { sha256 } => {
                format!("载荷写明专家组取自抽取记录（sha256 {sha256}），但本单位的专家库中没有这次抽取")
            }
            ImportConflict::DrawSubstitutionsDiffer { draw, recorded, signed } => {
                format!("载荷所列的替补专家（{signed} 项）与本单位抽取记录 {draw} 上记录的替换（{recorded} 项）不一致")
            }
        }
    }

    /// As the quarantine has always recorded it.
    fn en(&self) -> String {
        match self {
            ImportConflict::PayloadElsewhere { import } => {
                format!("the payload is already imported (import {import}) as another version")
            }
            ImportConflict::OtherSignatures => {
                "the same payload with a different set of signatures than the one imported".into()
            }
            ImportConflict::SameRevision { revision } => format!(
                "conflicting versions: revision {revision} of this review is already imported with a different payload"
            ),
            ImportConflict::Older { revision, current } => {
                format!("an older version (revision {revision}) than the one imported (revision {current})")
            }
            ImportConflict::DrawUnknown { sha256 } => {
                format!(
                    "the payload says its panel was drawn (record sha256 {sha256}) but this pool holds no such draw"
                )
            }
            ImportConflict::DrawSubstitutionsDiffer { draw, recorded, signed } => format!(
                "the payload's substitutions ({signed}) are not those recorded on draw {draw} here ({recorded})"
            ),
        }
    }
}
