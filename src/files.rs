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

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// What sits between a final name and the writer's process id in a temporary name.
const MARK: &str = ".yanshou-";
/// How a temporary name ends.
const SUFFIX: &str = ".partial";
/// SQLite's rollback journal beside a database written under a temporary name (a backup).
const JOURNAL: &str = "-journal";

/// The next number of a temporary name in this process.
static NEXT: AtomicU64 = AtomicU64::new(1);

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Writing, syncing or renaming failed; nothing is left under the final name `path`.
    #[error("cannot write {}: {source}{}; nothing was written under that name", path.display(), hint(source))]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The final name exists (or appeared while the file was written) and the caller needs a new file.
    #[error("{} already exists; nothing was overwritten", path.display())]
    Exists { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file from outside is larger than its kind may be; it was not read. `size`: its size, if it has one (a
    /// device or a file that grows while it is read has none).
    #[error("{} {}", path.display(), self.reason())]
    TooLarge { path: PathBuf, size: Option<u64>, max: u64, what: String },
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
                "is larger than the {} bytes {what} may have ({}); it was not read",
                grouped(*max),
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

/// `1048576` as `1,048,576`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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

/// Reads a file from outside of at most `max` bytes: a larger one is refused from its size before it is read, and a
/// file that grows while it is read is cut off at `max + 1` bytes and refused. `what` names the kind in the message
/// (“a score sheet”).
pub fn read_limited(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, FileError> {
    let read = |source| FileError::Read { path: path.to_path_buf(), source };
    let f = File::open(path).map_err(read)?;
    let size = f.metadata().map_err(read)?.len();
    let too_large = |size| FileError::TooLarge { path: path.to_path_buf(), size, max, what: what.to_string() };
    if size > max {
        return Err(too_large(Some(size)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(max + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > max {
        return Err(too_large(None));
    }
    Ok(bytes)
}

// ----- what a killed run left behind -----

/// One leftover of an interrupted run, and what was done with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leftover {
    pub path: PathBuf,
    pub found: Found,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Written by process `pid`, which no longer runs: removed.
    Removed { pid: u32 },
    /// Written by process `pid`, which runs and may still be writing it: left alone.
    Running { pid: u32 },
    /// Written by process `pid`, which no longer runs, but it could not be removed.
    Stuck { pid: u32, error: String },
    /// A half-written bundle folder of an earlier version (`<out>.partial`): no process id says whether its writer
    /// runs, so it is named only.
    OldPartial,
}

impl std::fmt::Display for Leftover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.found {
            Found::Removed { pid } => {
                write!(f, "removed {path}, left by an interrupted yanshou run (process {pid}, which no longer runs)")
            }
            Found::Running { pid } => write!(
                f,
                "left {path} alone: process {pid}, which wrote it, still runs on this computer; if no yanshou is \
                 writing there, delete it"
            ),
            Found::Stuck { pid, error } => write!(
                f,
                "{path} was left by an interrupted yanshou run (process {pid}) but cannot be removed ({error}); delete \
                 it by hand"
            ),
            Found::OldPartial => write!(
                f,
                "{path} is a half-written bundle left by an interrupted export; it was not removed: delete it if no \
                 export is running"
            ),
        }
    }
}

/// What [`sweep`] found in a folder, sorted by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    pub leftovers: Vec<Leftover>,
}

impl Sweep {
    pub fn is_empty(&self) -> bool {
        self.leftovers.is_empty()
    }

    /// The leftovers removed.
    pub fn removed(&self) -> impl Iterator<Item = &Leftover> {
        self.leftovers.iter().filter(|l| matches!(l.found, Found::Removed { .. }))
    }

    /// The leftovers still there (named to the user).
    pub fn kept(&self) -> impl Iterator<Item = &Leftover> {
        self.leftovers.iter().filter(|l| !matches!(l.found, Found::Removed { .. }))
    }
}

/// The process id in a temporary name of ours (`<final>.yanshou-<pid>-<n>.partial`, or SQLite's `…partial-journal`
/// beside one), or `None` for any other name.
pub fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_suffix(JOURNAL).unwrap_or(name);
    let (final_name, tail) = rest.strip_suffix(SUFFIX)?.rsplit_once(MARK)?;
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    if final_name.is_empty() || !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok().filter(|p| *p > 0)
}

/// What an earlier version's half-written bundle folder holds: nothing but the bundle's files and folders.
fn is_old_partial(path: &Path, name: &str) -> bool {
    if name.len() <= SUFFIX.len() || !name.ends_with(SUFFIX) {
        return false;
    }
    let Ok(entries) = fs::read_dir(path) else { return false };
    entries.into_iter().all(|e| {
        let Ok(e) = e else { return false };
        let name = e.file_name();
        let Some(name) = name.to_str() else { return false };
        match e.file_type() {
            Ok(t) if t.is_dir() => matches!(name, "signatures" | "keys" | "dissents"),
            Ok(t) if t.is_file() => [".json", ".toml", ".html"].iter().any(|x| name.ends_with(x)),
            _ => false,
        }
    })
}

/// Finds what interrupted runs left in `dir`: temporary names of ours whose writer no longer runs are removed; those
/// whose writer may still run, and an earlier version's `<out>.partial` bundle folders, are named. A folder that
/// cannot be read has nothing to report.
pub fn sweep(dir: &Path) -> Sweep {
    let mut leftovers = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return Sweep::default() };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        // Never followed: a link named like ours is removed as a link.
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        if let Some(pid) = temp_pid(name) {
            let found = if writer_runs(pid, meta.modified().ok()) {
                Found::Running { pid }
            } else {
                let removed = if meta.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
                match removed {
                    Ok(()) => Found::Removed { pid },
                    Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                    Err(e) => Found::Stuck { pid, error: e.to_string() },
                }
            };
            leftovers.push(Leftover { path, found });
        } else if meta.is_dir() && is_old_partial(&path, name) {
            leftovers.push(Leftover { path, found: Found::OldPartial });
        }
    }
    if leftovers.iter().any(|l| matches!(l.found, Found::Removed { .. })) {
        let _ = sync_dir(dir);
    }
    leftovers.sort_by(|a, b| a.path.cmp(&b.path));
    Sweep { leftovers }
}

/// Whether process `pid` may be the one that last wrote a file at `written`: it runs (a zombie does not count), and
/// did not start after the file was written (then the id was given to a new process since).
#[cfg(unix)]
fn writer_runs(pid: u32, written: Option<SystemTime>) -> bool {
    let Ok(id) = i32::try_from(pid) else { return false };
    if id <= 0 {
        return false;
    }
    // SAFETY: signal 0 only asks whether the process exists.
    let exists = unsafe { libc::kill(id, 0) } == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    if !exists {
        return false;
    }
    #[cfg(target_os = "linux")]
    if let Some((state, started)) = linux_process(pid) {
        if matches!(state, 'Z' | 'X') {
            return false;
        }
        // Start times are known to the second (the boot time is); two seconds of slack.
        if let (Some(written), Some(started)) = (written, started)
            && written + std::time::Duration::from_secs(2) < started
        {
            return false;
        }
    }
    true
}

/// Without a way to ask, every writer may still run: leftovers are named, never removed.
#[cfg(not(unix))]
fn writer_runs(_pid: u32, _written: Option<SystemTime>) -> bool {
    true
}

/// A process's state letter and start time, from `/proc`.
#[cfg(target_os = "linux")]
fn linux_process(pid: u32) -> Option<(char, Option<SystemTime>)> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    let started = (|| {
        let ticks: u64 = fields.get(19)?.parse().ok()?;
        // SAFETY: sysconf has no preconditions.
        let per_second = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok().filter(|t| *t > 0)?;
        let boot: u64 = fs::read_to_string("/proc/stat")
            .ok()?
            .lines()
            .find_map(|l| l.strip_prefix("btime "))
            .and_then(|s| s.trim().parse().ok())?;
        let since_boot = std::time::Duration::from_millis(ticks.saturating_mul(1000) / per_second);
        Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(boot) + since_boot)
    })();
    Some((state, started))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_sweep_removes_only_what_a_dead_writer_left_and_names_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // The largest pid a Linux system hands out is 4194304: this one runs nowhere.
        let dead = d.join("b.xlsx.yanshou-4194999-1.partial");
        fs::write(&dead, b"half").unwrap();
        let dead_dir = d.join("验收包.yanshou-4194999-2.partial");
        fs::create_dir_all(dead_dir.join("signatures")).unwrap();
        fs::write(dead_dir.join("payload.json"), b"{").unwrap();
        // This process runs, and wrote this one just now.
        let live = d.join("c.csv").with_file_name(format!("c.csv.yanshou-{}-9.partial", std::process::id()));
        fs::write(&live, b"being written").unwrap();
        let old = d.join("旧包.partial");
        fs::create_dir_all(old.join("keys")).unwrap();
        fs::write(old.join("scorecard.toml"), b"").unwrap();
        // Not ours: a user's folder ending in .partial with other files, files of similar names.
        let user = d.join("photos.partial");
        fs::create_dir(&user).unwrap();
        fs::write(user.join("a.jpg"), b"").unwrap();
        for name in ["results.xlsx", "x.partial", "y.yanshou-1-1.partial.txt"] {
            fs::write(d.join(name), b"mine").unwrap();
        }
        let s = sweep(d);
        let found: Vec<(String, &Found)> =
            s.leftovers.iter().map(|l| (l.path.file_name().unwrap().to_str().unwrap().to_string(), &l.found)).collect();
        assert_eq!(
            found,
            [
                ("b.xlsx.yanshou-4194999-1.partial".to_string(), &Found::Removed { pid: 4194999 }),
                (live.file_name().unwrap().to_str().unwrap().to_string(), &Found::Running { pid: std::process::id() }),
                ("旧包.partial".to_string(), &Found::OldPartial),
                ("验收包.yanshou-4194999-2.partial".to_string(), &Found::Removed { pid: 4194999 }),
            ]
        );
        assert!(!dead.exists() && !dead_dir.exists());
        assert!(live.exists() && old.exists() && user.join("a.jpg").exists());
        for name in ["results.xlsx", "x.partial", "y.yanshou-1-1.partial.txt"] {
            assert!(d.join(name).exists(), "{name}");
        }
        assert_eq!(s.removed().count(), 2);
        assert_eq!(s.kept().count(), 2);
        assert!(s.leftovers[0].to_string().contains("no longer runs"), "{}", s.leftovers[0]);
    }

    /// A process id in use again by a process that started after the file was last written is not its writer.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_leftover_older_than_the_process_now_holding_its_pid_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("k.key.yanshou-{}-1.partial", std::process::id()));
        fs::write(&path, b"from an earlier boot").unwrap();
        let year_2000 = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(946_684_800);
        File::options().write(true).open(&path).unwrap().set_modified(year_2000).unwrap();
        let s = sweep(dir.path());
        assert_eq!(s.leftovers, [Leftover { path: path.clone(), found: Found::Removed { pid: std::process::id() } }]);
        assert!(!path.exists());
    }

    #[test]
    fn a_read_is_refused_by_size_before_the_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        fs::write(&path, vec![b'a'; 1001]).unwrap();
        match read_limited(&path, 1000, "a test file") {
            Err(FileError::TooLarge { size: Some(1001), max: 1000, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(read_limited(&path, 1001, "a test file").unwrap().len(), 1001);
        let e = read_limited(&path, 1000, "a score sheet").unwrap_err().to_string();
        assert!(
            e.ends_with("is larger than the 1,000 bytes a score sheet may have (1,001 bytes); it was not read"),
            "{e}"
        );
        // A device has no size: it is read up to the limit, and no further.
        #[cfg(unix)]
        {
            let e = read_limited(Path::new("/dev/zero"), 1000, "a score sheet").unwrap_err().to_string();
            assert!(e.contains("(more than 1,000 bytes were there to read)"), "{e}");
        }
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_048_576), "1,048,576");
    }
}
