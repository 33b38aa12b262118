//! Reading a bundle from disk, its folder or its archive, trusting nothing: the manifest, the files it lists (never
//! through a link), and what else the folder or archive holds. Where the files come from is [`super::source`]'s;
//! verifying what was read is [`super::verify`]'s.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::manifest::{FORMAT, MANIFEST, Manifest, PAYLOAD, SCORECARD, manifest_json};
use super::source::{Folder, Source, Zipped};
use crate::files::archive::{Archive, Limits};

pub use super::problem::{BundleProblem, EntryKind, ReadError};
pub use super::source::{IGNORED_FILES, IGNORED_FOLDERS, MAX_ENTRIES, os_junk};

/// A bundle read from disk (not yet trusted).
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The folder, or the archive file, it was read from.
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

/// How many unlisted entries a refusal names one by one.
const NAMED_UNLISTED: usize = 10;

/// Reads a bundle: a folder, or an archive file (any plain file is read as one). Fails (with the reason) when it is
/// not a readable bundle at all. Nothing is read through a link, and nothing is written; what the bundle holds beyond
/// the manifest's files is kept in [`Bundle::layout`] for [`verify`](super::verify::verify). A bundle's folder and its
/// archive give the same `Bundle` (but for [`Bundle::dir`]).
pub fn read(path: &Path) -> Result<Bundle, ReadError> {
    if fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let archive = Archive::read_file(path, &Limits::BUNDLE)
            .map_err(|error| ReadError::Archive { path: path.display().to_string(), error })?;
        return read_from(path, Zipped { path: path.display().to_string(), archive });
    }
    read_from(path, Folder(path))
}

/// Reads a bundle from the bytes of its archive (`name` is how messages call it), as [`read`] reads an archive file.
pub fn read_archive(bytes: Vec<u8>, name: &Path) -> Result<Bundle, ReadError> {
    let path = name.display().to_string();
    let archive =
        Archive::open(bytes, &Limits::BUNDLE).map_err(|error| ReadError::Archive { path: path.clone(), error })?;
    read_from(name, Zipped { path, archive })
}

fn read_from(path: &Path, mut source: impl Source) -> Result<Bundle, ReadError> {
    let manifest_bytes = source.manifest()?;
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
    let on_disk = source.entries(&listed)?;
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
        files.insert(name.clone(), source.file(name)?);
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
    Ok(Bundle { dir: path.to_path_buf(), manifest, payload_bytes, scorecard_text, files, layout })
}
