//! Daily backups with SQLite's online backup API: on open, at most once a day, keeping the last few.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Result, StoreError};

/// How many daily copies are kept.
pub const KEEP: usize = 7;
pub const DIR: &str = "backups";

/// Copies the database to `<data dir>/backups/yanshou-YYYY-MM-DD.db` unless today's copy exists or the database
/// holds no review yet, then removes all but the newest [`KEEP`] copies.
pub fn daily(conn: &Connection, data_dir: &Path) -> Result<()> {
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
    // `Store::open` has run `quick_check`; once a day, before copying, the full check (indexes too) is affordable.
    let check: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(super::damaged(&data_dir.join(super::DB_FILE), Some(&check)));
    }
    let partial = dir.join(format!("yanshou-{today}.db.partial"));
    conn.backup(rusqlite::MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>)?;
    std::fs::rename(&partial, &target)
        .map_err(|source| StoreError::Io { path: target.display().to_string(), source })?;
    let mut copies = copies(&dir).map_err(|source| StoreError::Io { path: dir.display().to_string(), source })?;
    while copies.len() > KEEP {
        let old = copies.remove(0);
        let _ = std::fs::remove_file(old);
    }
    Ok(())
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

/// The newest daily copy in `<data dir>/backups`, if there is one.
pub fn latest(data_dir: &Path) -> Option<PathBuf> {
    copies(&data_dir.join(DIR)).ok()?.pop()
}
