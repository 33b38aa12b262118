//! Reading a bundle folder from disk, trusting nothing: the manifest, the files it lists (never through a link), and
//! what else the folder holds. Verifying what was read is [`super::verify`]'s.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::manifest::{FORMAT, MANIFEST, Manifest, PAYLOAD, SCORECARD, manifest_json};
use crate::domain::explain::Explain;

use super::problem::shown;
pub use super::problem::{BundleProblem, EntryKind};

/// A bundle read from disk (not yet trusted).
#[derive(Clone, Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub payload_bytes: Vec<u8>,
    pub scorecard_text: String,
    /// Relative path → content, for every file the manifest lists.
    pub files: BTreeMap<String, Vec<u8>>,
    /// What reading found on disk that a bundle must not hold: entries the manifest does not list, a manifest not in
    /// the form export writes. [`verify`](super::verify::verify) refuses the bundle for each.
    pub layout: Vec<BundleProblem>,
}

/// Why a folder cannot be read as a bundle at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{dir}: cannot read bundle.json: {message}")]
    NoManifest { dir: String, message: String },
    #[error("bundle.json is not a yanshou bundle manifest: {message}")]
    NotAManifest { message: String },
    #[error("bundle.json: not a version 1 yanshou bundle")]
    NotVersion1,
    #[error("bundle.json names a file that is not a plain path inside the bundle: {name}")]
    BadName { name: String },
    #[error("bundle.json lists {name}, which is not in the bundle")]
    Missing { name: String },
    #[error("{name}: {message}")]
    Unreadable { name: String, message: String },
    /// A listed file (or a folder on its way) that is a link, a folder or a special file: it is not read, since a
    /// link could point anywhere and a pipe could block the reader.
    #[error("{} is {}, not a plain file: a bundle holds only plain files and their folders", shown(path), kind.describe())]
    NotAFile { path: String, kind: EntryKind },
    #[error("the bundle folder holds more than {limit} entries; a bundle holds a few dozen files")]
    TooManyEntries { limit: usize },
    #[error("the bundle has no payload.json")]
    NoPayload,
    #[error("the bundle has no scorecard.toml")]
    NoScorecard,
    #[error("scorecard.toml is not UTF-8")]
    ScorecardNotUtf8,
}

/// Files that operating systems write by themselves into the folders of a USB stick, ignored wherever they are in a
/// bundle (unless the manifest lists one): Finder's `.DS_Store`, Windows Explorer's `Thumbs.db` and `desktop.ini`, and
/// macOS's AppleDouble files `._<name>` (names compared ignoring ASCII case).
pub const IGNORED_FILES: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];
/// Folders that macOS writes by itself onto a stick, ignored with everything in them wherever they are in a bundle.
pub const IGNORED_FOLDERS: [&str; 3] = [".Spotlight-V100", ".Trashes", ".fseventsd"];

/// Whether an entry (by its own name and kind) is one that an operating system writes by itself: a plain file named
/// in [`IGNORED_FILES`] or beginning with `._`, or a folder named in [`IGNORED_FOLDERS`]. A link or special file of
/// such a name is not: no system writes those.
pub fn os_junk(name: &str, kind: EntryKind) -> bool {
    match kind {
        EntryKind::File => name.starts_with("._") || IGNORED_FILES.iter().any(|junk| name.eq_ignore_ascii_case(junk)),
        EntryKind::Folder => IGNORED_FOLDERS.iter().any(|junk| name.eq_ignore_ascii_case(junk)),
        EntryKind::Symlink | EntryKind::Special => false,
    }
}

/// More entries than this in a bundle folder and it is not read (an export writes a dozen or two).
pub const MAX_ENTRIES: usize = 4096;

/// How many unlisted entries a refusal names one by one.
const NAMED_UNLISTED: usize = 10;

/// Every entry under `dir`, by its path relative to `dir` with `/` between folders, without following links and
/// without going into ignored OS folders; ignored OS files are left out unless `listed` names them.
fn entries(dir: &Path, listed: &BTreeSet<&str>) -> Result<BTreeMap<String, EntryKind>, ReadError> {
    let mut found = BTreeMap::new();
    let mut folders = vec![String::new()];
    while let Some(rel) = folders.pop() {
        let unreadable = |e: std::io::Error| ReadError::Unreadable {
            name: if rel.is_empty() { dir.display().to_string() } else { format!("{rel}/") },
            message: e.to_string(),
        };
        for entry in fs::read_dir(dir.join(&rel)).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let kind = EntryKind::of(entry.file_type().map_err(unreadable)?);
            let name = entry.file_name().to_string_lossy().to_string();
            let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            if os_junk(&name, kind) && !listed.contains(path.as_str()) {
                continue;
            }
            if found.len() >= MAX_ENTRIES {
                return Err(ReadError::TooManyEntries { limit: MAX_ENTRIES });
            }
            if kind == EntryKind::Folder {
                folders.push(path.clone());
            }
            found.insert(path, kind);
        }
    }
    Ok(found)
}

/// Reads a bundle directory. Fails (with the reason) when it is not a readable bundle at all. Nothing is read through
/// a link; what the folder holds beyond the manifest's files is kept in [`Bundle::layout`] for [`verify`](super::verify::verify).
pub fn read(dir: &Path) -> Result<Bundle, ReadError> {
    let manifest_path = dir.join(MANIFEST);
    let no_manifest =
        |e: std::io::Error| ReadError::NoManifest { dir: dir.display().to_string(), message: e.to_string() };
    let kind = EntryKind::of(fs::symlink_metadata(&manifest_path).map_err(no_manifest)?.file_type());
    if kind != EntryKind::File {
        return Err(ReadError::NotAFile { path: MANIFEST.into(), kind });
    }
    let manifest_bytes = fs::read(&manifest_path).map_err(no_manifest)?;
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| ReadError::NotAManifest { message: e.to_string() })?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(ReadError::NotVersion1);
    }
    let mut layout = Vec::new();
    if manifest_json(&manifest).as_deref().ok() != Some(manifest_bytes.as_slice()) {
        layout.push(BundleProblem::ManifestNotAsWritten);
    }
    for name in manifest.files.keys() {
        // Folders and a file name, each one plain component, joined by `/`: the way export names them.
        let plain =
            |part: &str| !part.is_empty() && part != "." && part != ".." && Path::new(part).components().count() == 1;
        if !name.split('/').all(plain) {
            return Err(ReadError::BadName { name: name.clone() });
        }
    }
    let listed: BTreeSet<&str> = manifest.files.keys().map(String::as_str).collect();
    let on_disk = entries(dir, &listed)?;
    let mut files = BTreeMap::new();
    for name in manifest.files.keys() {
        match on_disk.get(name) {
            Some(EntryKind::File) => {}
            Some(kind) => return Err(ReadError::NotAFile { path: name.clone(), kind: *kind }),
            None => {
                // A folder on the way that is a link (not followed) or a special file.
                for (n, _) in name.match_indices('/') {
                    match on_disk.get(&name[..n]) {
                        Some(kind @ (EntryKind::Symlink | EntryKind::Special)) => {
                            return Err(ReadError::NotAFile { path: name[..n].to_string(), kind: *kind });
                        }
                        Some(EntryKind::Folder) => {}
                        Some(EntryKind::File) | None => break,
                    }
                }
                return Err(ReadError::Missing { name: name.clone() });
            }
        }
        let bytes = fs::read(dir.join(name))
            .map_err(|e| ReadError::Unreadable { name: name.clone(), message: e.to_string() })?;
        files.insert(name.clone(), bytes);
    }
    // What else the folder holds: a folder only when nothing is in it (what is in it is named itself).
    let holds_something = |folder: &str| {
        let inside = format!("{folder}/");
        on_disk.range(inside.clone()..).next().is_some_and(|(p, _)| p.starts_with(&inside))
    };
    let unlisted: Vec<(&String, EntryKind)> = on_disk
        .iter()
        .filter(|(path, kind)| {
            path.as_str() != MANIFEST
                && !listed.contains(path.as_str())
                && (**kind != EntryKind::Folder || !holds_something(path))
        })
        .map(|(p, k)| (p, *k))
        .collect();
    for (path, kind) in unlisted.iter().take(NAMED_UNLISTED) {
        layout.push(BundleProblem::Unlisted { path: path.to_string(), kind: *kind });
    }
    if unlisted.len() > NAMED_UNLISTED {
        layout.push(BundleProblem::MoreUnlisted { count: unlisted.len() - NAMED_UNLISTED });
    }
    let payload_bytes = files.get(PAYLOAD).cloned().ok_or(ReadError::NoPayload)?;
    let scorecard_text = String::from_utf8(files.get(SCORECARD).cloned().ok_or(ReadError::NoScorecard)?)
        .map_err(|_| ReadError::ScorecardNotUtf8)?;
    Ok(Bundle { dir: dir.to_path_buf(), manifest, payload_bytes, scorecard_text, files, layout })
}

impl Explain for ReadError {
    fn zh(&self) -> String {
        match self {
            ReadError::NoManifest { dir, message } => {
                format!("{dir}：无法读取 bundle.json：{}", super::without_os_codes(message))
            }
            ReadError::NotAManifest { message } => format!("bundle.json 不是 yanshou 导出包的清单：{message}"),
            ReadError::NotVersion1 => "bundle.json：不是第 1 版的 yanshou 导出包".into(),
            ReadError::BadName { name } => format!("bundle.json 列出的文件名不是导出包内的普通路径：{name}"),
            ReadError::Missing { name } => format!("bundle.json 列出了 {name}，但导出包中没有这个文件"),
            ReadError::Unreadable { name, message } => {
                format!("无法读取 {name}：{}", super::without_os_codes(message))
            }
            ReadError::NotAFile { path, kind } => {
                format!("{} 是{}，不是普通文件：导出包只能包含普通文件及其所在的文件夹", shown(path), kind.zh())
            }
            ReadError::TooManyEntries { limit } => {
                format!("导出包文件夹中的条目超过 {limit} 个；一个导出包只有几十个文件")
            }
            ReadError::NoPayload => "导出包中没有 payload.json".into(),
            ReadError::NoScorecard => "导出包中没有 scorecard.toml".into(),
            ReadError::ScorecardNotUtf8 => "scorecard.toml 不是 UTF-8 文本".into(),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}
