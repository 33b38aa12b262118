//! The panel's words for what the store, the signing and the file writers refuse: every translation of an error into
//! Chinese is here, in one place.

use crate::bundle::compile::CompileError;
use crate::bundle::export::ExportError;
use crate::bundle::keys::KeyError;
use crate::domain::explain::Explain;
use crate::store::{DiskFailure, StoreError};

/// A store error in the words the panel reads (the store's messages name the field or rule already).
pub fn zh(e: &StoreError) -> String {
    match e {
        StoreError::Busy => "数据库正被另一个程序写入，请稍后再试（未作任何修改）".into(),
        StoreError::NotReady(b) => format!("尚不能定稿：{}", b.join("；")),
        StoreError::ReadOnly(m) => format!("数据目录只读，未作任何修改（{m}）"),
        StoreError::Damaged(r) => format!("数据库已损坏或在 yanshou 之外被改动，未作任何修改：{r}"),
        StoreError::MayReappear { .. } => {
            "写入磁盘失败，已写入的部分未能清除：重新打开后这项修改可能仍会出现，请重新启动 yanshou 后核对".into()
        }
        other => match other.disk_failure() {
            Some(DiskFailure::Full) => "磁盘已满，未作任何修改：请腾出空间后再试".into(),
            Some(DiskFailure::Io) => "写入磁盘失败（磁盘可能已满或损坏），未作任何修改：请检查后再试".into(),
            None => other.to_string(),
        },
    }
}

/// A signing or export error in the words the panel reads.
pub fn zh_export(e: &ExportError) -> String {
    match e {
        ExportError::Store(e) => zh(e),
        ExportError::Key(KeyError::WrongPassphrase(path)) => {
            format!("口令不对（或 {path} 不是 yanshou 私钥）；请重新输入口令")
        }
        ExportError::Key(KeyError::File { path, message }) => format!("无法读取私钥文件 {path}：{message}"),
        ExportError::Key(KeyError::Invalid(m)) => format!("私钥无效：{m}"),
        ExportError::Refused(m) => m.clone(),
        ExportError::File { path, message } => format!("无法写入 {path}：{message}"),
    }
}

/// What interrupted runs had left in the folder an export or a compilation writes to, for the end of the status line
/// (empty when there was nothing).
pub fn zh_leftovers(s: &crate::files::Sweep) -> String {
    let mut parts = Vec::new();
    let removed = s.removed().count();
    if removed > 0 {
        parts.push(format!("已清除此前中断的导出或汇总留下的 {removed} 个临时文件"));
    }
    let kept: Vec<String> =
        s.kept().map(|l| l.path.file_name().unwrap_or(l.path.as_os_str()).to_string_lossy().into_owned()).collect();
    if !kept.is_empty() {
        parts.push(format!(
            "另有 {} 个未完成的临时文件或目录未删除（{}）：确认没有 yanshou 正在写入后可手动删除",
            kept.len(),
            kept.join("、")
        ));
    }
    parts.iter().map(|p| format!("；{p}")).collect()
}

/// Why the compilation was not written, in the words the panel reads, with what interrupted runs had left (see
/// [`zh_leftovers`]).
pub fn zh_compile(e: &CompileError, leftovers: &str) -> String {
    match e {
        CompileError::Folder { .. } => e.zh(),
        other => format!("{}{leftovers}", other.zh()),
    }
}
