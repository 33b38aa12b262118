//! Opening the database: in the data directory (creating it, upgrading it, backing it up once a day), with its
//! structure checked at once or in the background, or for reading only when the directory cannot be written.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use super::Store;
use super::backup::{self, corrupt_or, damaged};
use super::check::{Check, background_check, check_schema, quick_check};
use super::error::{Result, StoreError};
use super::file::{DB_FILE, immutable_uri, wal_path};
use super::migrations;

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, upgrades its schema and backs it up once a day. If the
    /// data directory cannot be written (a write-protected stick, a read-only mount, files owned by someone else), an
    /// existing database is opened for reading only instead (see [`Store::open_in_read_only`]): it can be read, every
    /// change is refused, and nothing is written there.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        let path = data_dir.join(DB_FILE);
        let opened = std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::Io { path: data_dir.display().to_string(), source })
            .and_then(|()| Store::open(&path));
        let store = match opened {
            Err(e) if cannot_write(&e) => return Store::read_only_instead(data_dir, e),
            opened => opened?,
        };
        match backup::daily(&store.conn, data_dir, false) {
            // The database could be opened for writing but nothing can be created beside it.
            Err(e) if cannot_write(&e) => {
                drop(store);
                Store::read_only_instead(data_dir, e)
            }
            Err(e) => Err(e),
            Ok(()) => Ok(store),
        }
    }

    /// Opens the database in `data_dir` for reading only, writing nothing in the directory: no log or shared-memory
    /// file, no backup, no schema upgrade. Every change is refused with [`StoreError::ReadOnly`]. The structure is
    /// checked as [`Store::open`] checks it. Refused if the database is missing, is at another schema version than
    /// this yanshou's, or has a write-ahead log that was not checkpointed (`yanshou.db-wal` not empty): read without
    /// it, committed changes would be silently missing.
    pub fn open_in_read_only(data_dir: &Path) -> Result<Store> {
        let path = data_dir.join(DB_FILE);
        let dir = data_dir.display();
        match std::fs::File::open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::ReadOnly(format!(
                    "the data directory {dir} is read-only and holds no database ({DB_FILE}) yet, so none can be \
                     created; nothing was changed. Make it writable or choose a writable data directory (--data-dir)"
                )));
            }
            Err(source) => return Err(StoreError::Io { path: path.display().to_string(), source }),
        }
        let wal = wal_path(&path);
        match std::fs::metadata(&wal) {
            Ok(m) if m.len() > 0 => {
                return Err(StoreError::ReadOnly(format!(
                    "the data directory {dir} is read-only and the database has unsaved log content ({} bytes in \
                     {}, left by a yanshou that did not close normally or is still running), so it cannot be read \
                     safely; nothing was changed. Copy the whole directory somewhere writable and open the copy \
                     (--data-dir), or make the directory writable",
                    m.len(),
                    wal.display()
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: wal.display().to_string(), source }),
        }
        // `immutable` tells SQLite that nobody changes the file while it is open: it reads a WAL-mode database
        // without creating `-wal` and `-shm` files beside it (and without locking).
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(immutable_uri(&path), flags).map_err(|e| corrupt_or(e, &path))?;
        quick_check(&conn, &path)?;
        let version =
            conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map_err(|e| corrupt_or(e, &path))?;
        let current = migrations::MIGRATIONS.len();
        check_schema(&conn, &path, version as usize)?;
        if (version as usize) < current {
            return Err(StoreError::ReadOnly(format!(
                "the database {} is at schema {version}, older than this yanshou's {current}, and the data directory \
                 {dir} is read-only, so it cannot be upgraded; nothing was changed. Open it once from a writable \
                 directory (make it writable, or copy it somewhere writable and use --data-dir)",
                path.display()
            )));
        }
        Ok(Store::new(conn, path, Check::Passed, true))
    }

    /// After opening the normal way failed because the data directory cannot be written (`cause`): the database
    /// for reading only if there is one; else `cause`, said plainly.
    fn read_only_instead(data_dir: &Path, cause: StoreError) -> Result<Store> {
        let path = data_dir.join(DB_FILE);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::ReadOnly(format!(
                    "the data directory {} is read-only (or cannot be created or written) and holds no database \
                     ({DB_FILE}) yet, so none can be created; nothing was changed. Make it writable or choose a \
                     writable data directory (--data-dir). ({cause})",
                    data_dir.display()
                )));
            }
            Ok(m) if m.is_file() && std::fs::File::open(&path).is_ok() => {}
            _ => return Err(cause),
        }
        Store::open_in_read_only(data_dir)
    }

    /// Whether this store was opened for reading only (the data directory cannot be written): every change is
    /// refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Opens the database in `data_dir` as [`Store::open_in`] does, but checks its structure whole (`PRAGMA
    /// quick_check`, and once a day `integrity_check` and the backup) on a second connection in the background, so
    /// that a large database opens in milliseconds. Reading may start at once; the first change waits for the check
    /// and is refused, with the way back, if the database is damaged. A database that needs a schema upgrade is
    /// checked before the upgrade, as `open_in` does.
    pub fn open_in_background(data_dir: &Path) -> Result<Store> {
        let path = data_dir.join(DB_FILE);
        let opened = std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::Io { path: data_dir.display().to_string(), source })
            .and_then(|()| connect(&path));
        let conn = match opened {
            Err(e) if cannot_write(&e) => return Store::read_only_instead(data_dir, e),
            opened => opened?,
        };
        let version =
            conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).map_err(|e| corrupt_or(e, &path))?;
        if version as usize != migrations::MIGRATIONS.len() {
            drop(conn);
            return Store::open_in(data_dir);
        }
        check_schema(&conn, &path, version as usize)?;
        let (dir, db) = (data_dir.to_path_buf(), path.clone());
        let handle = std::thread::Builder::new()
            .name("yanshou-check".into())
            .spawn(move || background_check(&dir, &db))
            .map_err(|source| StoreError::Io { path: data_dir.display().to_string(), source })?;
        Ok(Store::new(conn, path, Check::Running(handle), false))
    }

    /// Opens a database file, without the daily backup.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = connect(path)?;
        quick_check(&conn, path)?;
        let mut store = Store::new(conn, path.to_path_buf(), Check::Passed, false);
        store.migrate().map_err(|e| match e {
            StoreError::Corrupt(_) => damaged(path, None),
            e => e,
        })?;
        Ok(store)
    }
}

/// A copy of a busy error's code, to classify it without consuming it.
fn clone_busy(e: &rusqlite::Error) -> rusqlite::Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => rusqlite::Error::SqliteFailure(*f, None),
        _ => rusqlite::Error::InvalidQuery,
    }
}

/// Opens the database file with the settings every connection uses: WAL, `synchronous=FULL`, foreign keys, the busy
/// timeout.
fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(|e| corrupt_or(e, path))?;
    // SQLite opens the file read-only, silently, when it cannot be opened for writing; going on would switch to WAL
    // and may create files beside it. The caller opens it for reading only instead (see `Store::open_in_read_only`).
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the database file is read-only or cannot be opened for writing",
            ),
        });
    }
    let busy_ms = std::env::var("YANSHOU_BUSY_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    conn.busy_timeout(Duration::from_millis(busy_ms))?;
    let setup = || -> rusqlite::Result<()> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    };
    // Switching to WAL takes a lock without calling the busy handler: retry within the busy timeout, as a new
    // database may be being created by another process at this moment.
    let started = std::time::Instant::now();
    loop {
        match setup() {
            Ok(()) => break,
            Err(e)
                if matches!(StoreError::from(clone_busy(&e)), StoreError::Busy)
                    && started.elapsed() < Duration::from_millis(busy_ms) =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(corrupt_or(e, path)),
        }
    }
    Ok(conn)
}

/// Whether opening failed because the data directory or the database file cannot be written.
fn cannot_write(e: &StoreError) -> bool {
    match e {
        StoreError::Io { source, .. } => {
            matches!(source.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
        }
        StoreError::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
        ),
        _ => false,
    }
}
