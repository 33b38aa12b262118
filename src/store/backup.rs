//! Daily backups with SQLite's online backup API: on open, at most once a day, keeping the last few; which of them is
//! good to restore when the database is damaged; and the error for damage, which names that backup.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::damage::{Backups, Damage, DamageReport};
use super::error::{Result, StoreError};

/// How many daily copies are kept.
pub const KEEP: usize = 7;
pub const DIR: &str = "backups";

/// Copies the database to `<data dir>/backups/yanshou-YYYY-MM-DD.db` unless today's copy exists or the database
/// holds no review yet, then removes all but the newest [`KEEP`] copies. `checked`: the caller has just checked the
/// audit log and every review's rows (the background check), so they are not checked again here.
pub fn daily(conn: &Connection, data_dir: &Path, checked: bool) -> Result<()> {
    let reviews: i64 = conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))?;
    if reviews == 0 {
        return Ok(());
    }
    let dir = data_dir.join(DIR);
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io { path: dir.display().to_string(), source })?;
    let today = chrono::Local::now().format("%Y-%m-%d");
    let target = dir.join(format!("yanshou-{today}.db"));
    if target.exists() {
        return Ok(());
    }
    // Never copy a damaged database over the backups: a week of damaged copies would push out the last good one.
    // `Store::open` has run `quick_check`; once a day, before copying, the full check (indexes too) is affordable, and
    // so is the check of the whole audit log and of every review's rows against it.
    let db = data_dir.join(super::file::DB_FILE);
    let check: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(damaged(&db, Some(&check)));
    }
    if !checked {
        let damage = super::state::check_all(conn, super::whole::beyond_reviews)?;
        if !damage.is_empty() {
            return Err(damage_error(&db, damage));
        }
    }
    // What a run killed while copying left (a temporary copy, SQLite's journal beside it) goes first.
    let _ = crate::files::sweep(&dir);
    remove_old_partials(&dir);
    let io = |e: crate::files::FileError| match e {
        crate::files::FileError::Write { path, source } => StoreError::Io { path: path.display().to_string(), source },
        other => {
            StoreError::Io { path: other.path().display().to_string(), source: std::io::Error::other(other.reason()) }
        }
    };
    let staged = crate::files::stage_path(&target).map_err(io)?;
    conn.backup(rusqlite::MAIN_DB, staged.path(), None::<fn(rusqlite::backup::Progress)>)?;
    match staged.commit(crate::files::Replace::No) {
        // Another process took today's copy meanwhile: one is enough.
        Ok(()) | Err(crate::files::FileError::Exists { .. }) => {}
        Err(e) => return Err(io(e)),
    }
    let mut copies = copies(&dir).map_err(|source| StoreError::Io { path: dir.display().to_string(), source })?;
    while copies.len() > KEEP {
        let old = copies.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// Earlier versions copied to `yanshou-YYYY-MM-DD.db.partial` and renamed; a run killed while copying left that
/// behind. The name is exact and the folder is yanshou's own.
fn remove_old_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(date) = name.to_str().and_then(|n| n.strip_prefix("yanshou-")?.strip_suffix(".db.partial")) else {
            continue;
        };
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The daily copies in `dir`, oldest first (their names sort by date).
fn copies(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("yanshou-") && n.ends_with(".db"))
        })
        .filter(|p| p.is_file())
        .collect();
    copies.sort();
    Ok(copies)
}

/// The backups in `<data dir>/backups`, checked newest first until one is good: it opens, `quick_check` finds it
/// sound, its schema is that of its version, its audit log is intact and every review's rows match it.
pub fn newest_good(data_dir: &Path) -> Backups {
    let dir = data_dir.join(DIR);
    let list = copies(&dir).unwrap_or_default();
    if list.is_empty() {
        return Backups::NoBackup { dir };
    }
    let mut damaged = Vec::new();
    for path in list.into_iter().rev() {
        match check_file(&path) {
            None => return Backups::Good { path, damaged },
            Some(d) => damaged.push((path, d)),
        }
    }
    Backups::NoneGood { dir, damaged }
}

/// The first damage found in a database file, read without writing anything beside it; `None` if it is sound.
fn check_file(path: &Path) -> Option<Damage> {
    let unreadable = |e: rusqlite::Error| Damage::Unreadable { detail: e.to_string() };
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
    let conn = match Connection::open_with_flags(super::file::immutable_uri(path), flags) {
        Ok(c) => c,
        Err(e) => return Some(unreadable(e)),
    };
    let check = || -> rusqlite::Result<Option<Damage>> {
        let found: Vec<String> =
            conn.prepare("PRAGMA quick_check(5)")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if found.len() != 1 || found[0] != "ok" {
            return Ok(Some(Damage::File { detail: Some(found.join("; ")) }));
        }
        let version = conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
        if version > super::migrations::MIGRATIONS.len() {
            return Ok(Some(Damage::Version { found: version, current: super::migrations::MIGRATIONS.len() }));
        }
        if let Some(d) = super::schema::check(&conn, version)? {
            return Ok(Some(d));
        }
        if version == 0 {
            return Ok(Some(Damage::Unreadable { detail: "it holds no yanshou data".into() }));
        }
        Ok(super::state::check_all(&conn, super::whole::beyond_reviews)?.into_iter().next())
    };
    match check() {
        Ok(d) => d,
        Err(e) => Some(match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                Damage::File { detail: Some(e.to_string()) }
            }
            _ => unreadable(e),
        }),
    }
}

/// The error for a damaged database file: names the file and the newest backup beside it, to copy over it by hand.
/// Nothing is restored automatically.
pub(super) fn damaged(path: &Path, detail: Option<&str>) -> StoreError {
    damage_error(path, vec![Damage::File { detail: detail.filter(|d| !d.is_empty()).map(str::to_string) }])
}

/// The error for damage found in the database file `path`: what is damaged, and the newest backup beside it that is
/// good (each is checked, newest first), to copy over it by hand. Nothing is restored automatically.
pub(crate) fn damage_error(path: &Path, damage: Vec<Damage>) -> StoreError {
    StoreError::Damaged(Box::new(damage_report(path, damage)))
}

/// What is damaged in the database file `path`, and the newest good backup beside it.
pub(super) fn damage_report(path: &Path, damage: Vec<Damage>) -> DamageReport {
    let dir = path.parent().unwrap_or(Path::new("."));
    DamageReport { file: path.to_path_buf(), damage, backups: newest_good(dir) }
}

/// A SQLite error met on the database file `path`: the damage error, with the newest good backup, when SQLite says the
/// file is damaged; else the error as it is.
pub(super) fn corrupt_or(e: rusqlite::Error, path: &Path) -> StoreError {
    let detail = match &e {
        rusqlite::Error::SqliteFailure(f, m) => m.clone().unwrap_or_else(|| f.to_string()),
        other => other.to_string(),
    };
    match StoreError::from(e) {
        StoreError::Corrupt(_) => damaged(path, Some(&detail)),
        other => other,
    }
}
