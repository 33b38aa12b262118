//! Where a bundle is read from: a folder (what `export --out DIR` writes), or one archive file (`--out
//! NAME.yanshou.zip`, see [`crate::files::archive`]). Both give [`super::read`] the same three things: the manifest's
//! kind and bytes, every entry by its relative path with what it is (operating-system junk left out the same way),
//! and a listed file's bytes. So a bundle read from its folder and from its archive is the same `Bundle`, and
//! verification and import cannot tell them apart.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::manifest::MANIFEST;
use super::problem::{EntryKind, ReadError};
use crate::files::archive::{Archive, ArchiveError, Kind};

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

/// A bundle's files, wherever they are.
pub(super) trait Source {
    /// The manifest's bytes, when it is a plain file at the top.
    fn manifest(&mut self) -> Result<Vec<u8>, ReadError>;
    /// Every entry by its path (folders joined by `/`), without ignored operating-system files and folders unless
    /// `listed` names them; refused when there are more than [`MAX_ENTRIES`].
    fn entries(&mut self, listed: &BTreeSet<&str>) -> Result<BTreeMap<String, EntryKind>, ReadError>;
    /// A file's bytes (one that [`Source::entries`] found to be a plain file).
    fn file(&mut self, name: &str) -> Result<Vec<u8>, ReadError>;
}

/// A bundle folder on disk. Nothing is read through a link.
pub(super) struct Folder<'a>(pub &'a Path);

impl Source for Folder<'_> {
    fn manifest(&mut self) -> Result<Vec<u8>, ReadError> {
        let path = self.0.join(MANIFEST);
        let no_manifest =
            |e: std::io::Error| ReadError::NoManifest { dir: self.0.display().to_string(), message: e.to_string() };
        let kind = EntryKind::of(fs::symlink_metadata(&path).map_err(no_manifest)?.file_type());
        if kind != EntryKind::File {
            return Err(ReadError::NotAFile { path: MANIFEST.into(), kind });
        }
        fs::read(&path).map_err(no_manifest)
    }

    fn entries(&mut self, listed: &BTreeSet<&str>) -> Result<BTreeMap<String, EntryKind>, ReadError> {
        let dir = self.0;
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

    fn file(&mut self, name: &str) -> Result<Vec<u8>, ReadError> {
        fs::read(self.0.join(name))
            .map_err(|e| ReadError::Unreadable { name: name.to_string(), message: e.to_string() })
    }
}

/// A bundle's archive, read into memory whole (and checked: see [`crate::files::archive`]); nothing is written while
/// it is read.
pub(super) struct Zipped {
    /// The archive's file, as messages name it.
    pub path: String,
    pub archive: Archive,
}

impl Zipped {
    fn refused(&self, error: ArchiveError) -> ReadError {
        ReadError::Archive { path: self.path.clone(), error }
    }
}

fn entry_kind(kind: Kind) -> EntryKind {
    match kind {
        Kind::File => EntryKind::File,
        Kind::Folder => EntryKind::Folder,
        Kind::Symlink => EntryKind::Symlink,
        Kind::Special => EntryKind::Special,
    }
}

impl Source for Zipped {
    fn manifest(&mut self) -> Result<Vec<u8>, ReadError> {
        let kind = self.archive.entries().find(|(name, _)| *name == MANIFEST).map(|(_, kind)| entry_kind(kind));
        match kind {
            Some(EntryKind::File) => self.archive.read(MANIFEST).map_err(|e| self.refused(e)),
            Some(kind) => Err(ReadError::NotAFile { path: MANIFEST.into(), kind }),
            None => Err(self.refused(ArchiveError::NoSuchEntry { name: MANIFEST.into() })),
        }
    }

    /// The archive's entries as the folder it unpacks to would show them: the folders an entry is in are there even
    /// when the archive has no entry of their own, and ignored operating-system files and folders are left out as the
    /// folder reader leaves them out (a folder's junk with everything in it).
    fn entries(&mut self, listed: &BTreeSet<&str>) -> Result<BTreeMap<String, EntryKind>, ReadError> {
        let mut found = BTreeMap::new();
        'entries: for (path, kind) in self.archive.entries() {
            let parts: Vec<&str> = path.split('/').collect();
            for i in 1..parts.len() {
                let folder = parts[..i].join("/");
                if os_junk(parts[i - 1], EntryKind::Folder) && !listed.contains(folder.as_str()) {
                    continue 'entries;
                }
                found.entry(folder).or_insert(EntryKind::Folder);
            }
            let kind = entry_kind(kind);
            if os_junk(parts[parts.len() - 1], kind) && !listed.contains(path) {
                continue;
            }
            found.insert(path.to_string(), kind);
            if found.len() > MAX_ENTRIES {
                return Err(ReadError::TooManyEntries { limit: MAX_ENTRIES });
            }
        }
        Ok(found)
    }

    fn file(&mut self, name: &str) -> Result<Vec<u8>, ReadError> {
        self.archive.read(name).map_err(|e| self.refused(e))
    }
}
