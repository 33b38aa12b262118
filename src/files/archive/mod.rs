//! One file that holds a tree of files, for the USB stick: a ZIP archive, written the same byte for byte from the same
//! files and read trusting nothing. Any kind of bundle (a review bundle, a review kit, an expert's personal score
//! sheet) is its files by relative path; this module knows nothing of what they mean.
//!
//! Why ZIP: the support unit's Windows opens one without any other program (Explorer shows the documents inside,
//! "Extract all" gives back the folder form, which yanshou verifies the same), every platform reads it, and the
//! `zip` crate that reads and writes it was already built into yanshou for the workbooks. Names inside carry ZIP's
//! UTF-8 flag, so `验收意见.html` is `验收意见.html` on every system.
//!
//! Writing ([`write`]) is deterministic: entries sorted by name, DEFLATE at one fixed level, every time stamp
//! 1980-01-01 00:00 (ZIP's first day), Unix permissions 0644, no comments, no extra fields; so the same files give
//! the same bytes. Every name inside must pass the FAT32 and exFAT rules ([`crate::domain::filename`]). The caller
//! writes the bytes whole or not at all ([`crate::files::write_new`]).
//!
//! Reading ([`Archive::open`]) is in memory and writes nothing anywhere. Before anything is inflated it refuses, by
//! name: a name that is not UTF-8 or not a plain relative path (`..`, `.`, an empty part, a leading `/`, a backslash,
//! a drive letter, a control character); two entries of one name (compared ignoring case, as FAT32, exFAT and Windows
//! compare them; a file and a folder of one name too); an encrypted entry; a compression other than stored or
//! DEFLATE; more entries, or more bytes in one entry or in all, than the [`Limits`]; an entry that would inflate more
//! than [`Limits::ratio`] times its compressed size; headers that disagree (the local header and the central
//! directory, entries that share bytes, hidden entries). An entry is inflated only when asked for ([`Archive::read`]),
//! into at most the size it declared: one that inflates to more, or fails its checksum, is refused.
//! What an entry is (file, folder, link, special file) is read from its Unix mode; the caller decides what to make
//! of links and special files (a bundle refuses them as it refuses them in a folder).

mod read;
mod words;
mod write;

use std::path::Path;

use crate::domain::filename::NameProblem;

pub use read::Archive;
pub use write::write;

/// How the file of an archive is named: `.yanshou.zip`. Windows sees a ZIP file (and shows `<name>.yanshou` where it
/// hides known extensions); yanshou finds its own among other files on a stick by the `.yanshou` before it.
pub const EXTENSION: &str = ".yanshou.zip";

/// Whether a path names an archive by its extension ([`EXTENSION`], ignoring ASCII case).
pub fn is_archive_name(path: &Path) -> bool {
    ends_with_ignoring_case(path, EXTENSION)
}

/// Whether a path's name ends in `.zip` (ignoring ASCII case): an archive renamed on the way (`… - 副本.zip`,
/// `….yanshou (1).zip`) is still read as one when it is named.
pub fn is_zip_name(path: &Path) -> bool {
    ends_with_ignoring_case(path, ".zip")
}

fn ends_with_ignoring_case(path: &Path, tail: &str) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.len() > tail.len()
        && name.is_char_boundary(name.len() - tail.len())
        && name[name.len() - tail.len()..].eq_ignore_ascii_case(tail)
}

/// How much an archive may hold. A review bundle is a few hundred kilobytes in a dozen or two entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The archive file itself.
    pub file_bytes: u64,
    /// Entries in it (files and folders).
    pub entries: usize,
    /// One entry, inflated.
    pub entry_bytes: u64,
    /// All entries, inflated.
    pub total_bytes: u64,
    /// How many times its compressed size an entry may inflate to (DEFLATE reaches about 1,000 on a bomb; yanshou's
    /// documents about 10) ...
    pub ratio: u64,
    /// ... once it is larger than this (a tiny file of one repeated byte compresses far better, and is harmless).
    pub ratio_from: u64,
}

impl Limits {
    /// A bundle of any kind: 64 MiB in 4,096 entries, 16 MiB an entry, each at most 100 times its compressed size.
    pub const BUNDLE: Limits = Limits {
        file_bytes: 64 << 20,
        entries: 4096,
        entry_bytes: 16 << 20,
        total_bytes: 64 << 20,
        ratio: 100,
        ratio_from: 64 << 10,
    };
}

/// What an entry of an archive is, by its Unix mode (an archive made on Windows has none: a file, or a folder when its
/// name ends in `/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Symlink,
    /// A device, named pipe or socket.
    Special,
}

/// Why a name inside an archive is not a plain relative path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsafe {
    /// A `..` part: it would climb out of where the archive is unpacked.
    Parent,
    /// A `.` part.
    Dot,
    /// An empty part (`a//b`), or an empty name.
    Empty,
    /// It begins with `/`.
    Absolute,
    /// It holds `\`, a folder separator on Windows.
    Backslash,
    /// It begins with a drive letter (`C:`).
    Drive,
    Control,
}

/// Why an archive is refused, or could not be written. Each names the entry it is about, as the archive spells it
/// (control characters shown escaped).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::domain::explain::Explain::en(self))]
pub enum ArchiveError {
    /// The archive's file could not be read (the system's words).
    Unreadable {
        message: String,
    },
    /// The archive's file is larger than [`Limits::file_bytes`] (`size`: its size, if it has one).
    TooLarge {
        size: Option<u64>,
        max: u64,
    },
    /// Not a ZIP archive, or one the reader cannot make sense of (its words).
    NotAnArchive {
        message: String,
    },
    TooManyEntries {
        count: usize,
        max: usize,
    },
    /// A name that is not UTF-8 (shown with replacement characters).
    NameNotUtf8 {
        name: String,
    },
    UnsafeName {
        name: String,
        why: Unsafe,
    },
    /// Two entries of one name (ignoring case), or a file and a folder of one name.
    Duplicate {
        name: String,
    },
    Encrypted {
        name: String,
    },
    /// A compression method other than stored and DEFLATE.
    Method {
        name: String,
        method: String,
    },
    EntryTooLarge {
        name: String,
        size: u64,
        max: u64,
    },
    TotalTooLarge {
        total: u64,
        max: u64,
    },
    /// An entry that declares `size` bytes from `compressed`: more than [`Limits::ratio`] times.
    Ratio {
        name: String,
        size: u64,
        compressed: u64,
        max: u64,
    },
    /// The headers disagree (the reader's words): a local header that is not the central directory's, entries that
    /// share bytes, an entry the central directory hides.
    Inconsistent {
        message: String,
    },
    /// An entry whose data does not inflate: broken data, a wrong checksum (the reader's words).
    Damaged {
        name: String,
        message: String,
    },
    /// An entry that inflates to another size than it declares: `actual` fewer bytes, or (`None`) more.
    Inflates {
        name: String,
        declared: u64,
        actual: Option<u64>,
    },
    /// An entry asked for that the archive does not hold.
    NoSuchEntry {
        name: String,
    },
    /// Writing: the library failed to write an entry into memory (its words).
    Unwritable {
        name: String,
        message: String,
    },
    /// Writing: a name that FAT32 or exFAT would not take (`part` is the folder's or file's name within it).
    NotPortable {
        name: String,
        part: String,
        problem: NameProblem,
    },
}

/// A name from an archive as a message shows it: control characters escaped, so that a name cannot move the cursor
/// or clear the terminal of whoever reads the refusal.
pub fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests;
