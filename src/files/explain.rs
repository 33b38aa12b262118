//! The words of a file refusal and of what a sweep found: Chinese for the panel and the support unit, English as the
//! command line has always printed it.

use std::io;

use super::sweep::{Found, Leftover, Sweep};
use super::{FileError, grouped, hint};
use crate::domain::explain::Explain;

/// What an input/output error means, in Chinese; the system's own words where there is no plainer one.
pub fn zh_io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::AlreadyExists => "同名文件已存在".into(),
        K::StorageFull => "磁盘已满".into(),
        K::ReadOnlyFilesystem => "磁盘为只读".into(),
        K::FileTooLarge => "文件超出本系统允许的大小".into(),
        K::IsADirectory => "这是一个目录，不是文件".into(),
        K::InvalidData => "内容不是有效的文本".into(),
        K::InvalidInput => "路径无效".into(),
        K::Interrupted => "操作被中断".into(),
        _ => format!("系统报告：{e}"),
    }
}

fn zh_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull => "（请释放磁盘空间后重试）",
        io::ErrorKind::FileTooLarge => "（文件超出本系统允许的大小）",
        io::ErrorKind::ReadOnlyFilesystem => "（磁盘为只读）",
        io::ErrorKind::PermissionDenied => "（您无权写入此目录）",
        _ => "",
    }
}

impl Explain for FileError {
    fn zh(&self) -> String {
        match self {
            FileError::Write { path, source } => {
                format!("无法写入 {}：{}{}；该文件名下未写入任何内容", path.display(), zh_io(source), zh_hint(source))
            }
            FileError::Exists { path } => format!("{} 已存在；未覆盖任何文件", path.display()),
            FileError::Read { path, source } => format!("无法读取 {}：{}", path.display(), zh_io(source)),
            FileError::TooLarge { path, size, max, what } => format!(
                "{} 超过{}允许的 {} 字节（{}），未读取",
                path.display(),
                what.zh,
                grouped(*max),
                match size {
                    Some(s) => format!("实有 {} 字节", grouped(*s)),
                    None => format!("可读内容超过 {} 字节", grouped(*max)),
                }
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            FileError::Write { path, source } => {
                format!(
                    "cannot write {}: {source}{}; nothing was written under that name",
                    path.display(),
                    hint(source)
                )
            }
            FileError::Exists { path } => format!("{} already exists; nothing was overwritten", path.display()),
            FileError::Read { path, source } => format!("cannot read {}: {source}", path.display()),
            FileError::TooLarge { path, .. } => format!("{} {}", path.display(), self.reason()),
        }
    }
}

impl Explain for Leftover {
    fn zh(&self) -> String {
        let path = self.path.display();
        match &self.found {
            Found::Removed { pid } => {
                format!("已清除 {path}：此前中断的 yanshou 运行（进程 {pid}，已不在运行）留下的临时文件")
            }
            Found::Running { pid } => {
                format!("未删除 {path}：写入它的进程 {pid} 仍在本机运行；确认没有 yanshou 正在写入后可手动删除")
            }
            Found::Stuck { pid, error } => {
                format!("{path} 是此前中断的 yanshou 运行（进程 {pid}）留下的，但无法删除（{error}）：请手动删除")
            }
            Found::OldPartial => {
                format!("{path} 是此前中断的导出留下的未完成验收包，未删除：确认没有导出正在进行后可手动删除")
            }
        }
    }

    fn en(&self) -> String {
        let path = self.path.display();
        match &self.found {
            Found::Removed { pid } => {
                format!("removed {path}, left by an interrupted yanshou run (process {pid}, which no longer runs)")
            }
            Found::Running { pid } => format!(
                "left {path} alone: process {pid}, which wrote it, still runs on this computer; if no yanshou is \
                 writing there, delete it"
            ),
            Found::Stuck { pid, error } => format!(
                "{path} was left by an interrupted yanshou run (process {pid}) but cannot be removed ({error}); delete \
                 it by hand"
            ),
            Found::OldPartial => format!(
                "{path} is a half-written bundle left by an interrupted export; it was not removed: delete it if no \
                 export is running"
            ),
        }
    }
}

/// What a sweep found, as one tail of a status line: each part after `；`, nothing when nothing was found.
impl Explain for Sweep {
    fn zh(&self) -> String {
        let mut parts = Vec::new();
        let removed = self.removed().count();
        if removed > 0 {
            parts.push(format!("已清除此前中断的导出或汇总留下的 {removed} 个临时文件"));
        }
        let kept: Vec<String> = self
            .kept()
            .map(|l| l.path.file_name().unwrap_or(l.path.as_os_str()).to_string_lossy().into_owned())
            .collect();
        if !kept.is_empty() {
            parts.push(format!(
                "另有 {} 个未完成的临时文件或目录未删除（{}）：确认没有 yanshou 正在写入后可手动删除",
                kept.len(),
                kept.join("、")
            ));
        }
        parts.iter().map(|p| format!("；{p}")).collect()
    }

    fn en(&self) -> String {
        self.leftovers.iter().map(|l| format!("; {}", l.en())).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::files::Contents;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_file_refusal_and_leftover_is_said_in_chinese_and_in_english() {
        let path = || PathBuf::from("/data/验收包");
        let io = |k: io::ErrorKind| io::Error::from(k);
        let errors = [
            FileError::Write { path: path(), source: io(io::ErrorKind::StorageFull) },
            FileError::Exists { path: path() },
            FileError::Read { path: path(), source: io(io::ErrorKind::PermissionDenied) },
            FileError::TooLarge { path: path(), size: Some(4 << 30), max: 1 << 20, what: Contents::TEXT_FILE },
            FileError::TooLarge { path: path(), size: None, max: 1 << 20, what: Contents::ROSTER },
        ];
        for e in &errors {
            // Exhaustive: a new variant does not compile until it is walked here.
            match e {
                FileError::Write { .. } | FileError::Exists { .. } | FileError::Read { .. } => {}
                FileError::TooLarge { .. } => {}
            }
            assert!(has_cjk(&e.zh()) && e.zh().contains("/data/验收包"), "{}", e.zh());
            assert_eq!(e.to_string(), e.en());
        }
        assert_eq!(
            errors[3].en(),
            "/data/验收包 is larger than the 1,048,576 bytes a text file given to yanshou may have (4,294,967,296 \
             bytes); it was not read"
        );
        assert_eq!(
            errors[3].zh(),
            "/data/验收包 超过交给 yanshou 的文本文件允许的 1,048,576 字节（实有 4,294,967,296 字节），未读取"
        );
        for c in [
            Contents::TEXT_FILE,
            Contents::ROSTER,
            Contents::SIGNATURE,
            Contents::KEY,
            Contents::SHEET,
            Contents::CALENDAR,
        ] {
            assert!(has_cjk(c.zh) && c.en.starts_with('a'), "{c:?}");
        }

        let leftover = |found| Leftover { path: PathBuf::from("/out/results.xlsx.yanshou-12-1.partial"), found };
        let all = [
            leftover(Found::Removed { pid: 12 }),
            leftover(Found::Running { pid: 12 }),
            leftover(Found::Stuck { pid: 12, error: "Permission denied".into() }),
            leftover(Found::OldPartial),
        ];
        for l in &all {
            match l.found {
                Found::Removed { .. } | Found::Running { .. } | Found::Stuck { .. } | Found::OldPartial => {}
            }
            assert!(has_cjk(&l.zh()) && l.zh().contains("results.xlsx"), "{}", l.zh());
            assert_eq!(l.to_string(), l.en());
        }
        let sweep = Sweep { leftovers: all.to_vec() };
        assert_eq!(
            sweep.zh(),
            "；已清除此前中断的导出或汇总留下的 1 个临时文件；另有 3 个未完成的临时文件或目录未删除（\
             results.xlsx.yanshou-12-1.partial、results.xlsx.yanshou-12-1.partial、results.xlsx.yanshou-12-1.partial）：\
             确认没有 yanshou 正在写入后可手动删除"
        );
        assert_eq!(Sweep::default().zh(), "");
        assert!(sweep.en().starts_with("; removed /out/"), "{}", sweep.en());
    }
}
