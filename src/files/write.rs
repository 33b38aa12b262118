//! Writing under a temporary name, then renaming into place: never a half file under a final name, and never a
//! new file over one that appeared meanwhile.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{FileError, JOURNAL, MARK, SUFFIX};

/// The next number of a temporary name in this process.
static NEXT: AtomicU64 = AtomicU64::new(1);

/// Whether the final name must be new, or may be replaced (atomically: readers see the old file or the new one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replace {
    No,
    Yes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A file this module wrote and synced.
    File,
    /// A folder the caller fills; every file and folder in it is synced before the rename.
    Dir,
    /// A file another writer creates at the temporary name (SQLite's backup); synced before the rename.
    External,
}

/// Something written under a temporary name beside its final one. [`Staged::commit`] renames it into place; dropped
/// without a commit (a failure on the way), it is removed.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    target: PathBuf,
    kind: Kind,
    done: bool,
}

/// The temporary name beside `target`: `<final name>.yanshou-<pid>-<n>.partial`.
pub fn temp_name(target: &Path) -> Result<PathBuf, FileError> {
    let Some(name) = target.file_name() else {
        return Err(FileError::Write {
            path: target.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
        });
    };
    let mut temp = name.to_owned();
    temp.push(format!("{MARK}{}-{}{SUFFIX}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    Ok(target.with_file_name(temp))
}

fn write_err(target: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
    move |source| FileError::Write { path: target.to_path_buf(), source }
}

/// Writes `bytes` under a temporary name beside `target` and syncs them to the disk. `private`: owner-only (0600)
/// from the first byte, for secret keys.
pub fn stage(target: &Path, bytes: &[u8], private: bool) -> Result<Staged, FileError> {
    let temp = temp_name(target)?;
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(if private { 0o600 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut f = opts.open(&temp).map_err(write_err(target))?;
    let staged = Staged { temp, target: target.to_path_buf(), kind: Kind::File, done: false };
    f.write_all(bytes).and_then(|()| f.sync_all()).map_err(write_err(target))?;
    Ok(staged)
}

/// Makes an empty folder under a temporary name beside `target`, for the caller to fill ([`Staged::path`]).
pub fn stage_dir(target: &Path) -> Result<Staged, FileError> {
    let temp = temp_name(target)?;
    fs::create_dir(&temp).map_err(write_err(target))?;
    Ok(Staged { temp, target: target.to_path_buf(), kind: Kind::Dir, done: false })
}

/// Reserves a temporary name beside `target` for a writer that creates the file itself (SQLite's backup).
pub fn stage_path(target: &Path) -> Result<Staged, FileError> {
    Ok(Staged { temp: temp_name(target)?, target: target.to_path_buf(), kind: Kind::External, done: false })
}

impl Staged {
    /// The temporary name, to write into.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Syncs what the caller wrote, renames it to the final name (never replacing an existing one unless `replace`
    /// says so) and syncs the folder. On any failure nothing new is left under the final name.
    pub fn commit(self, replace: Replace) -> Result<(), FileError> {
        commit_all(vec![self], replace)
    }

    fn sync(&self) -> Result<(), FileError> {
        match self.kind {
            Kind::File => Ok(()),
            Kind::Dir => sync_tree(&self.temp).map_err(write_err(&self.target)),
            Kind::External => File::open(&self.temp).and_then(|f| f.sync_all()).map_err(write_err(&self.target)),
        }
    }

    fn rename(&mut self, replace: Replace) -> Result<(), FileError> {
        let renamed = match replace {
            Replace::No => rename_new(&self.temp, &self.target),
            Replace::Yes => fs::rename(&self.temp, &self.target),
        };
        match renamed {
            Ok(()) => {
                self.done = true;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(FileError::Exists { path: self.target.clone() }),
            Err(e) => Err(FileError::Write { path: self.target.clone(), source: e }),
        }
    }

    /// Takes back a final name this run has just created (`Replace::No` only: a replaced file cannot be put back).
    fn take_back(&self) {
        let _ = if self.kind == Kind::Dir { fs::remove_dir_all(&self.target) } else { fs::remove_file(&self.target) };
    }
}

/// Commits files that belong together (a key pair, a roster and its signature, a workbook and its CSV file): all are
/// synced first, then renamed one right after the other, then their folders are synced. With `Replace::No`, a
/// failure takes back the names already created, so that none of the group is left; with `Replace::Yes` the files
/// renamed before the failure stay replaced. Only a kill between two of the renames (microseconds) can leave part
/// of a group.
pub fn commit_all(mut group: Vec<Staged>, replace: Replace) -> Result<(), FileError> {
    for s in &group {
        s.sync()?;
    }
    let mut failed = None;
    for s in &mut group {
        if let Err(e) = s.rename(replace) {
            failed = Some(e);
            break;
        }
    }
    let mut folders: Vec<&Path> = group.iter().filter(|s| s.done).map(|s| parent(&s.target)).collect();
    folders.sort();
    folders.dedup();
    for dir in folders {
        if let Err(e) = sync_dir(dir) {
            // The new names might not survive a power cut: say so.
            let path = group.iter().find(|s| parent(&s.target) == dir).map(|s| s.target.clone()).unwrap_or_default();
            failed.get_or_insert(FileError::Write { path, source: e });
        }
    }
    match failed {
        None => Ok(()),
        Some(e) => {
            if replace == Replace::No {
                for s in group.iter().filter(|s| s.done) {
                    s.take_back();
                }
                for dir in group.iter().filter(|s| s.done).map(|s| parent(&s.target)) {
                    let _ = sync_dir(dir);
                }
            }
            Err(e)
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let _ = match self.kind {
            Kind::Dir => fs::remove_dir_all(&self.temp),
            Kind::File | Kind::External => fs::remove_file(&self.temp),
        };
        if self.kind == Kind::External {
            let mut journal = self.temp.clone().into_os_string();
            journal.push(JOURNAL);
            let _ = fs::remove_file(journal);
        }
    }
}

/// Writes a new file: refused if `target` exists, and nothing is left under `target` on a failure.
pub fn write_new(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    stage(target, bytes, false)?.commit(Replace::No)
}

/// Writes a file, replacing the one at `target` if there is one: readers see the old file or the new one whole.
pub fn write_replacing(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    stage(target, bytes, false)?.commit(Replace::Yes)
}

/// The folder a path is in (`.` for a bare file name).
pub fn parent(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Makes a folder's entries durable (after a rename into it, or a file created in it).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        match File::open(dir).and_then(|d| d.sync_all()) {
            // Some file systems cannot sync a folder; their renames are as durable as they get.
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOTSUP)) => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Syncs every file and folder under `dir`, and `dir` itself.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            sync_tree(&entry.path())?;
        } else if kind.is_file() {
            File::open(entry.path())?.sync_all()?;
        }
    }
    sync_dir(dir)
}

/// Renames `from` to `to` unless `to` exists (then `AlreadyExists`, and nothing changes).
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2_noreplace(from, to) {
        Ok(()) => return Ok(()),
        // The file system cannot do it (or the kernel is older than 3.15): the ways below.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)) => {}
        Err(e) => return Err(e),
    }
    rename_new_fallback(from, to)
}

#[cfg(target_os = "linux")]
fn renameat2_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (from, to) = (c(from)?, c(to)?);
    // SAFETY: both paths are NUL-terminated strings that live across the call; renameat2 only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

/// Without `RENAME_NOREPLACE`: a file is hard-linked to the new name (which fails if it exists) and its temporary
/// name unlinked; where there are no hard links, or for a folder, the name is checked just before the rename.
fn rename_new_fallback(from: &Path, to: &Path) -> io::Result<()> {
    if fs::symlink_metadata(from)?.is_file() {
        match fs::hard_link(from, to) {
            Ok(()) => {
                // A second name of the same file; if it cannot go, the next sweep removes it.
                let _ = fs::remove_file(from);
                return Ok(());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
            Err(_) => {}
        }
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::temp_pid;

    #[test]
    fn temporary_names_carry_the_pid_and_are_recognised_exactly() {
        let t = temp_name(Path::new("/x/验收包")).unwrap();
        let name = t.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("验收包.yanshou-") && name.ends_with(".partial"), "{name}");
        assert_eq!(temp_pid(name), Some(std::process::id()));
        assert_eq!(temp_pid("results.xlsx.yanshou-4711-3.partial"), Some(4711));
        assert_eq!(temp_pid("yanshou-2026-01-05.db.yanshou-12-1.partial-journal"), Some(12));
        for not_ours in [
            "results.xlsx",
            "验收包.partial",
            ".yanshou-12-1.partial",
            "a.yanshou-12.partial",
            "a.yanshou-x-1.partial",
            "a.yanshou-12-1.partial.bak",
            "a.yanshou-12-1-2.partial",
            "a.yanshou-0-1.partial",
            "a.yanshou--1.partial",
        ] {
            assert_eq!(temp_pid(not_ours), None, "{not_ours}");
        }
    }

    #[test]
    fn a_new_file_never_replaces_one_and_a_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.txt");
        write_new(&target, b"first").unwrap();
        assert!(matches!(write_new(&target, b"second"), Err(FileError::Exists { .. })));
        assert_eq!(fs::read(&target).unwrap(), b"first");
        write_replacing(&target, b"third").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"third");
        // Dropped before its commit: the temporary file is gone, the final name untouched.
        let staged = stage(&dir.path().join("b.txt"), b"half", false).unwrap();
        assert!(staged.path().exists());
        drop(staged);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["a.txt"]);
    }

    #[test]
    fn a_group_is_committed_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("roster.json"), dir.path().join("roster.json.minisig"));
        fs::write(&b, b"someone else's").unwrap();
        let group = vec![stage(&a, b"new roster", false).unwrap(), stage(&b, b"new signature", false).unwrap()];
        assert!(matches!(commit_all(group, Replace::No), Err(FileError::Exists { path }) if path == b));
        // The first was renamed, then taken back; the existing second is untouched; no temporary file is left.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(fs::read(&b).unwrap(), b"someone else's");
        let group = vec![stage(&a, b"new roster", false).unwrap(), stage(&b, b"new signature", false).unwrap()];
        commit_all(group, Replace::Yes).unwrap();
        assert_eq!((fs::read(&a).unwrap(), fs::read(&b).unwrap()), (b"new roster".to_vec(), b"new signature".to_vec()));
    }

    #[test]
    fn the_fallback_rename_never_replaces_either() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("from"), dir.path().join("to"));
        fs::write(&from, b"new").unwrap();
        fs::write(&to, b"old").unwrap();
        assert_eq!(rename_new_fallback(&from, &to).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(rename_new(&from, &to).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&to).unwrap(), b"old");
        fs::remove_file(&to).unwrap();
        rename_new_fallback(&from, &to).unwrap();
        assert!(!from.exists());
        assert_eq!(fs::read(&to).unwrap(), b"new");
        // Folders: no hard link; the check before the rename.
        let (a, b) = (dir.path().join("dir-a"), dir.path().join("dir-b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        assert_eq!(rename_new_fallback(&a, &b).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(rename_new(&a, &b).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        fs::remove_dir(&b).unwrap();
        rename_new_fallback(&a, &b).unwrap();
        assert!(b.is_dir() && !a.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_owner_only_from_the_first_byte() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("k.key");
        let staged = stage(&target, b"secret", true).unwrap();
        assert_eq!(fs::metadata(staged.path()).unwrap().permissions().mode() & 0o777, 0o600);
        staged.commit(Replace::No).unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
