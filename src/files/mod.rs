//! Writing files so that a failure leaves nothing under the final name, reading outside files with a size limit, and
//! finding what a killed run left behind.
//!
//! Every file yanshou writes (keys, the roster and its signature, bundles, workbooks, CSV files, backups) is first
//! written whole under a temporary name in the same folder, `<final name>.yanshou-<pid>-<n>.partial`, synced, and
//! only then renamed to its final name; the folder is synced after the rename, so that the new name survives a power
//! cut. Where the caller needs a new file the rename never replaces one that appeared meanwhile:
//! `renameat2(RENAME_NOREPLACE)` on Linux, else a hard link and unlink, else (a file system with neither, such as FAT
//! on some systems) a check just before the rename. A secret key's temporary file is owner-only from its first byte.
//!
//! A run killed in the middle leaves only such temporary names, never a half file under a final one. [`sweep`] finds
//! them in a folder that the next run writes to: one whose writer no longer runs is removed (and reported), one whose
//! writer may still run is left alone and named; a half-written bundle folder of an earlier version (`<out>.partial`,
//! which carries no process id) is named only. Nothing else is ever removed: only exact matches of these patterns.

pub mod archive;
mod explain;
mod read;
mod sweep;
mod write;

use std::io;

use crate::domain::explain::Explain;
use std::path::{Path, PathBuf};

pub use read::{Contents, read_limited};
pub use sweep::{Found, Leftover, Sweep, sweep, temp_pid};
pub use write::{
    Replace, Staged, commit_all, parent, rename_new, stage, stage_dir, stage_path, sync_dir, temp_name, write_new,
    write_replacing,
};

/// What sits between a final name and the writer's process id in a temporary name.
const MARK: &str = ".yanshou-";
/// How a temporary name ends.
const SUFFIX: &str = ".partial";
/// SQLite's rollback journal beside a database written under a temporary name (a backup).
const JOURNAL: &str = "-journal";

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Writing, syncing or renaming failed; nothing is left under the final name `path`.
    #[error("{}", self.en())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The final name exists (or appeared while the file was written) and the caller needs a new file.
    #[error("{}", self.en())]
    Exists { path: PathBuf },
    #[error("{}", self.en())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file from outside is larger than its kind may be; it was not read. `size`: its size, if it has one (a
    /// device or a file that grows while it is read has none).
    #[error("{}", self.en())]
    TooLarge { path: PathBuf, size: Option<u64>, max: u64, what: Contents },
}

impl FileError {
    /// The file the error is about (for a write, its final name).
    pub fn path(&self) -> &Path {
        match self {
            FileError::Write { path, .. }
            | FileError::Exists { path }
            | FileError::Read { path, .. }
            | FileError::TooLarge { path, .. } => path,
        }
    }

    /// What went wrong, without the path, for messages that name the file their own way.
    pub fn reason(&self) -> String {
        match self {
            FileError::Write { source, .. } => {
                format!("{source}{}; nothing was written under that name", hint(source))
            }
            FileError::Exists { .. } => "already exists; nothing was overwritten".into(),
            FileError::Read { source, .. } => source.to_string(),
            FileError::TooLarge { size, max, what, .. } => format!(
                "is larger than the {} bytes {} may have ({}); it was not read",
                grouped(*max),
                what.en,
                match size {
                    Some(s) => format!("{} bytes", grouped(*s)),
                    None => format!("more than {} bytes were there to read", grouped(*max)),
                }
            ),
        }
    }
}

fn hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull => " (the disk is full: free some space and try again)",
        io::ErrorKind::FileTooLarge => " (the file is larger than this system lets it be)",
        io::ErrorKind::ReadOnlyFilesystem => " (the disk is read-only)",
        io::ErrorKind::PermissionDenied => " (this folder cannot be written by you)",
        _ => "",
    }
}

pub use crate::domain::limits::grouped;

/// A system error's text without the ` (os error 2)` codes it carries, which the words say already (the command
/// line's English and every Chinese line that quotes a system error).
pub fn without_os_codes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" (os error ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find(')') {
            Some(end) => rest = &rest[end + 1..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}
