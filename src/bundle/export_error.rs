//! Why a review could not be signed or exported, as typed reasons with their words in Chinese and in English.

use super::keys::KeyError;
use super::sign::SignError;
use crate::domain::explain::Explain;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The review's scores do not evaluate (the engine's reasons).
    #[error("the review cannot be evaluated: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Unevaluable(Vec<crate::domain::refusal::InputError>),
    #[error("review {review} has no expert {expert}")]
    NoSuchExpert { review: i64, expert: i64 },
    #[error("{expert} has recused (回避) and cannot sign")]
    Recused { expert: String },
    /// A rule of signing the domain decides (a key that names another expert).
    #[error(transparent)]
    Refused(crate::domain::refusal::Refusal),
    #[error("a dissent (个人书面意见) needs its text")]
    EmptyDissent,
    /// Signing failed, or the fresh signature did not verify.
    #[error(transparent)]
    Signature(SignError),
    #[error("{path} already exists; choose another --out")]
    Exists { path: String },
    #[error("nobody has signed revision {revision} of review {review}; sign it first (yanshou review sign {review} …)")]
    Unsigned { review: i64, revision: u32 },
    #[error("{expert}'s signature is over another payload than the review now gives; the review changed after signing")]
    SignedOtherPayload { expert: String },
    #[error("{expert}'s stored signature cannot go into a bundle: {reason}")]
    StoredSignatureUnreadable { expert: String, reason: String },
    #[error("the review's score sheet does not load: {0}")]
    SheetDoesNotLoad(String),
    /// The manifest could not be serialized.
    #[error("{0}")]
    Manifest(String),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    /// The archive's own name is one a FAT32 or exFAT stick (or Windows) would not take.
    #[error("{name} cannot be the name of a file on a USB stick: {}", problem.en())]
    NameNotPortable { name: String, problem: crate::domain::filename::NameProblem },
    /// The archive could not be made (a name inside that a stick would not take).
    #[error(transparent)]
    Archive(crate::files::archive::ArchiveError),
}

impl Explain for ExportError {
    fn zh(&self) -> String {
        match self {
            ExportError::Store(e) => e.zh(),
            // The key here is always the expert's secret key.
            ExportError::Key(KeyError::File { path, message }) => {
                format!("无法读取私钥文件 {path}：{}", super::without_os_codes(message))
            }
            ExportError::Key(KeyError::Invalid(m)) => format!("私钥无效：{m}"),
            ExportError::Key(k) => k.zh(),
            ExportError::Unevaluable(reasons) => format!("评审无法计算：{}", crate::domain::explain::zh_list(reasons)),
            ExportError::NoSuchExpert { review, expert } => format!("评审 {review} 中没有编号为 {expert} 的专家"),
            ExportError::Recused { expert } => format!("{expert} 已回避，不能签名"),
            ExportError::Refused(r) => r.zh(),
            ExportError::EmptyDissent => "个人书面意见不能为空：请写明不同意见".into(),
            ExportError::Signature(e) => e.zh(),
            ExportError::Exists { path } => format!("{path} 已存在；请另选导出位置"),
            ExportError::Unsigned { review, revision } => {
                format!("评审 {review} 第 {revision} 版尚无专家签名：请先签名（yanshou review sign {review} …）")
            }
            ExportError::SignedOtherPayload { expert } => {
                format!("{expert} 的签名针对的内容与评审现在的内容不同：评审在签名后被改动过")
            }
            ExportError::StoredSignatureUnreadable { expert, reason } => {
                format!("{expert} 已保存的签名无法写入导出包：{reason}")
            }
            ExportError::SheetDoesNotLoad(e) => format!("评审所用的评分表无法读取：{e}"),
            ExportError::Manifest(e) => format!("无法写出 bundle.json：{e}"),
            ExportError::File { path, message } => format!("无法写入 {path}：{}", super::without_os_codes(message)),
            ExportError::NameNotPortable { name, problem } => {
                format!("{name} 不能作 U 盘上的文件名：{}", problem.zh())
            }
            ExportError::Archive(e) => e.zh(),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}
