//! Reading an archive in memory, trusting nothing: every entry is looked at before any is inflated.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

use zip::{CompressionMethod, ZipArchive};

use super::{ArchiveError, Kind, Limits, Unsafe};
use crate::files::{Contents, FileError, read_limited};

const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;

/// What the archive holds of one entry.
#[derive(Clone, Copy, Debug)]
struct Entry {
    index: usize,
    kind: Kind,
    size: u64,
}

/// An archive read into memory whose every entry passed the checks of the module's documentation. Entries are
/// inflated one at a time, when asked for.
pub struct Archive {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    /// By name (a folder's without its `/`).
    entries: BTreeMap<String, Entry>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive").field("entries", &self.entries).finish()
    }
}

/// Why a name (a folder's without its `/`) is not a plain relative path, if it is not.
fn unsafe_name(name: &str) -> Option<Unsafe> {
    let b = name.as_bytes();
    if name.is_empty() {
        Some(Unsafe::Empty)
    } else if name.chars().any(char::is_control) {
        Some(Unsafe::Control)
    } else if name.contains('\\') {
        Some(Unsafe::Backslash)
    } else if name.starts_with('/') {
        Some(Unsafe::Absolute)
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        Some(Unsafe::Drive)
    } else {
        name.split('/').find_map(|part| match part {
            "" => Some(Unsafe::Empty),
            "." => Some(Unsafe::Dot),
            ".." => Some(Unsafe::Parent),
            _ => None,
        })
    }
}

/// The first name the central directory holds twice, read from its raw headers (the library keeps one entry per
/// name, so it can tell that a name repeats but not which).
fn repeated_name(bytes: &[u8], start: u64) -> Option<String> {
    let mut seen = HashSet::new();
    let mut at = usize::try_from(start).ok()?;
    loop {
        let head = bytes.get(at..at.checked_add(46)?)?;
        if head[..4] != [0x50, 0x4b, 0x01, 0x02] {
            return None;
        }
        let len = |i: usize| usize::from(u16::from_le_bytes([head[i], head[i + 1]]));
        let (name, extra, comment) = (len(28), len(30), len(32));
        let raw = bytes.get(at + 46..(at + 46).checked_add(name)?)?;
        if !seen.insert(raw) {
            return Some(String::from_utf8_lossy(raw).into_owned());
        }
        at = at.checked_add(46 + name + extra + comment)?;
    }
}

impl Archive {
    /// Reads the archive file at `path` (refused from its size before it is read when larger than
    /// [`Limits::file_bytes`]) and [`open`](Archive::open)s it.
    pub fn read_file(path: &Path, limits: &Limits) -> Result<Archive, ArchiveError> {
        let what = Contents { en: "an archive", zh: "归档文件" };
        let bytes = read_limited(path, limits.file_bytes, what).map_err(|e| match e {
            FileError::TooLarge { size, max, .. } => ArchiveError::TooLarge { size, max },
            other => ArchiveError::Unreadable { message: other.reason() },
        })?;
        Archive::open(bytes, limits)
    }

    /// Looks at every entry of the archive in `bytes` and refuses it for the first reason found (see the module's
    /// documentation). Nothing is inflated here.
    pub fn open(bytes: Vec<u8>, limits: &Limits) -> Result<Archive, ArchiveError> {
        if bytes.len() as u64 > limits.file_bytes {
            return Err(ArchiveError::TooLarge { size: Some(bytes.len() as u64), max: limits.file_bytes });
        }
        let mut zip =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| ArchiveError::NotAnArchive { message: e.to_string() })?;
        if zip.len() > limits.entries {
            return Err(ArchiveError::TooManyEntries { count: zip.len(), max: limits.entries });
        }
        if zip.has_duplicate_names() {
            let (start, offset) = (zip.central_directory_start(), zip.offset());
            let bytes = zip.into_inner().into_inner();
            let repeated = repeated_name(&bytes, start).or_else(|| repeated_name(&bytes, start.saturating_add(offset)));
            return Err(match repeated {
                Some(name) => ArchiveError::Duplicate { name: super::shown(&name) },
                None => ArchiveError::Inconsistent { message: "a name is in the central directory twice".into() },
            });
        }
        let metadata = zip.metadata();
        let mut entries = BTreeMap::new();
        // Names as FAT32, exFAT and Windows compare them.
        let mut folded: BTreeMap<String, (String, Kind)> = BTreeMap::new();
        let mut total: u64 = 0;
        for index in 0..metadata.len() {
            let e = metadata.entry(index).map_err(|e| ArchiveError::NotAnArchive { message: e.to_string() })?;
            let raw = e.name_raw();
            let Ok(full) = std::str::from_utf8(raw) else {
                return Err(ArchiveError::NameNotUtf8 { name: super::shown(&String::from_utf8_lossy(raw)) });
            };
            let shown = super::shown(full);
            let slash = full.ends_with('/');
            let name = if slash { &full[..full.len() - 1] } else { full };
            if let Some(why) = unsafe_name(name) {
                return Err(ArchiveError::UnsafeName { name: shown, why });
            }
            let kind = match e.unix_mode().map(|m| m & S_IFMT) {
                Some(S_IFDIR) => Kind::Folder,
                Some(S_IFLNK) => Kind::Symlink,
                None | Some(0) | Some(S_IFREG) if slash => Kind::Folder,
                None | Some(0) | Some(S_IFREG) => Kind::File,
                Some(_) => Kind::Special,
            };
            if e.encrypted() {
                return Err(ArchiveError::Encrypted { name: shown });
            }
            if !matches!(e.compression(), CompressionMethod::Stored | CompressionMethod::Deflated) {
                return Err(ArchiveError::Method { name: shown, method: format!("{:?}", e.compression()) });
            }
            let (size, compressed) = (e.size(), e.compressed_size());
            if size > limits.entry_bytes {
                return Err(ArchiveError::EntryTooLarge { name: shown, size, max: limits.entry_bytes });
            }
            if size > limits.ratio_from && size > limits.ratio.saturating_mul(compressed.max(1)) {
                return Err(ArchiveError::Ratio { name: shown, size, compressed, max: limits.ratio });
            }
            total = total.saturating_add(size);
            if total > limits.total_bytes {
                return Err(ArchiveError::TotalTooLarge { total, max: limits.total_bytes });
            }
            if folded.insert(name.to_lowercase(), (name.to_string(), kind)).is_some() {
                return Err(ArchiveError::Duplicate { name: shown });
            }
            entries.insert(name.to_string(), Entry { index, kind, size });
        }
        // A file and a folder of one name: `a` and `a/b`.
        for name in entries.keys() {
            for (at, _) in name.match_indices('/') {
                if let Some((_, kind)) = folded.get(&name[..at].to_lowercase())
                    && *kind != Kind::Folder
                {
                    return Err(ArchiveError::Duplicate { name: super::shown(&name[..at]) });
                }
            }
        }
        zip.validate_header_consistency().map_err(|e| ArchiveError::Inconsistent { message: e.to_string() })?;
        Ok(Archive { zip, entries })
    }

    /// Every entry by name (a folder's without its `/`), sorted, with what it is. Folders that hold entries but have
    /// none of their own are not listed.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Kind)> {
        self.entries.iter().map(|(name, e)| (name.as_str(), e.kind))
    }

    /// Inflates one entry (by its exact name) into memory: at most the size it declared; one that inflates to more or
    /// to fewer bytes, or fails its checksum, is refused.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ArchiveError> {
        let Some(entry) = self.entries.get(name).copied() else {
            return Err(ArchiveError::NoSuchEntry { name: super::shown(name) });
        };
        let damaged = |message: String| ArchiveError::Damaged { name: super::shown(name), message };
        let file = self.zip.by_index(entry.index).map_err(|e| damaged(e.to_string()))?;
        let mut out = Vec::with_capacity(entry.size as usize);
        file.take(entry.size + 1).read_to_end(&mut out).map_err(|e| damaged(e.to_string()))?;
        if out.len() as u64 != entry.size {
            let actual = Some(out.len() as u64).filter(|n| *n < entry.size);
            return Err(ArchiveError::Inflates { name: super::shown(name), declared: entry.size, actual });
        }
        Ok(out)
    }
}
