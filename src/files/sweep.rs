//! Finding what a killed run left behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::write::sync_dir;
use super::{JOURNAL, MARK, SUFFIX};

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
        f.write_str(&crate::domain::explain::Explain::en(self))
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
    use std::fs::File;

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
}
