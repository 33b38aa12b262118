//! Reading the command line's arguments: ids, the text files an argument names, and the paths a command reads or
//! writes, each checked before anything is changed.

use std::path::Path;

use anyhow::{Result, bail};

use super::printable;

/// A review id or a sign-in entry's id: a whole number from 1, typed with half-width digits.
pub(crate) fn parse_id(s: &str) -> std::result::Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("it is empty; give a whole number such as 1".into());
    }
    if let Some(h) = yanshou::domain::text::half_width(t) {
        return Err(format!("“{t}” is typed with full-width characters; type half-width digits: {h}"));
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{t}” is not a whole number; ids are whole numbers from 1"));
    }
    match t.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err(format!("{t} is not an id; ids are whole numbers from 1")),
        Err(_) => Err(format!("{t} is too large to be an id")),
    }
}

/// What an I/O error means, in plain Chinese words (the first line of a refusal; [`io_words`] gives the English).
pub(crate) fn io_words_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "没有这个文件或文件夹".into(),
        K::PermissionDenied => "没有权限".into(),
        K::IsADirectory => "这是文件夹，不是文件".into(),
        K::NotADirectory => "路径中有一段是文件，不是文件夹".into(),
        K::InvalidData => "不是 UTF-8 文本".into(),
        K::AlreadyExists => "已经存在".into(),
        _ => format!("无法读写（{}）", io_words(e)),
    }
}

/// What an I/O error means, in plain words.
pub(crate) fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "there is no such file or folder".into(),
        K::PermissionDenied => "permission denied".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        K::NotADirectory => "a part of the path is a file, not a folder".into(),
        K::InvalidData => "it is not UTF-8 text".into(),
        K::AlreadyExists => "it already exists".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// The largest text file an argument names (a passphrase, a reason, an evaluation input): far above the 20,000
/// characters the longest text field takes.
pub(crate) const MAX_TEXT_FILE: u64 = 1024 * 1024;

/// Reads a UTF-8 text file named by an argument (`what`, e.g. `--input`); a file over [`MAX_TEXT_FILE`] is refused
/// before it is read.
pub(crate) fn read_text(path: &Path, what: &str) -> Result<String> {
    if path.as_os_str().is_empty() {
        bail!("{what}：文件名是空的\n  {what}: the file name is empty");
    }
    if path.is_dir() {
        bail!("{what}：{} 是文件夹，不是文件\n  {what}: {} is a folder, not a file", path.display(), path.display());
    }
    let bytes = yanshou::files::read_limited(path, MAX_TEXT_FILE, yanshou::files::Contents::TEXT_FILE).map_err(
        |e| match e {
            yanshou::files::FileError::Read { source, .. } => {
                anyhow::anyhow!(
                    "{what}：无法读取 {}：{}\n  {what}: cannot read {}: {}",
                    path.display(),
                    io_words_zh(&source),
                    path.display(),
                    io_words(&source)
                )
            }
            other => anyhow::Error::new(other).context(what.to_string()),
        },
    )?;
    String::from_utf8(bytes).map_err(|_| {
        let e = std::io::ErrorKind::InvalidData.into();
        anyhow::anyhow!(
            "{what}：无法读取 {}：{}\n  {what}: cannot read {}: {}",
            path.display(),
            io_words_zh(&e),
            path.display(),
            io_words(&e)
        )
    })
}

/// Clears what interrupted runs left in a folder this command writes to, and says what it found on stderr (so that
/// `--json` output stays clean): leftovers whose writer no longer runs are removed, others are named.
pub(crate) fn sweep(dir: &Path) {
    for leftover in yanshou::files::sweep(dir).leftovers {
        eprintln!("note: {}", printable(&leftover.to_string()));
    }
}

/// Checks that an argument names an existing file (not a folder).
pub(crate) fn existing_file(path: &Path, what: &str) -> Result<()> {
    if path.as_os_str().is_empty() {
        bail!("{what}：文件名是空的\n  {what}: the file name is empty");
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            bail!("{what}：{} 是文件夹，不是文件\n  {what}: {} is a folder, not a file", path.display(), path.display())
        }
        Ok(_) => Ok(()),
        Err(e) => {
            bail!("{what}：{}：{}\n  {what}: {}: {}", path.display(), io_words_zh(&e), path.display(), io_words(&e))
        }
    }
}

/// Checks a path to write a new file or folder at: it does not exist yet (unless `replace`, and then it is a file),
/// and its folder does. Nothing is created here.
pub(crate) fn new_path(path: &Path, what: &str, replace: bool) -> Result<()> {
    if path.as_os_str().is_empty() {
        bail!("{what}：路径是空的\n  {what}: the path is empty");
    }
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if m.is_dir() {
            bail!(
                "{what}：{} 是已有的文件夹；未写入任何内容\n  {what}: {} is an existing folder; nothing was written",
                path.display(),
                path.display()
            );
        }
        if !replace {
            let force = what == "--out" || what == "--csv";
            bail!(
                "{what}：{} 已经存在；未覆盖（请换一个名字{}）\n  {what}: {} already exists; nothing was overwritten \
                 (choose another name{})",
                path.display(),
                if force { "，或加 --force 替换它" } else { "" },
                path.display(),
                if force { ", or give --force to replace it" } else { "" }
            );
        }
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match std::fs::metadata(parent) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => bail!(
            "{what}：{} 是文件，不是文件夹\n  {what}: {} is a file, not a folder",
            parent.display(),
            parent.display()
        ),
        Err(_) => bail!(
            "{what}：文件夹 {} 不存在；未写入任何内容\n  {what}: the folder {} does not exist; nothing was written",
            parent.display(),
            parent.display()
        ),
    }
}
