//! The store's error: what went wrong (busy, damaged, refused input, read-only, a failed disk), and what SQLite's own
//! errors mean for the person at the keyboard.

use rusqlite::ErrorCode;

use super::damage::DamageReport;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is busy: another yanshou is writing to it. Nothing was changed; try again in a moment")]
    Busy,
    /// A damaged database, as SQLite reports it in the middle of an operation.
    #[error("{0}")]
    Corrupt(String),
    /// A damaged database: the file, what is damaged (each kind typed), and the newest good backup to restore.
    #[error("{0}")]
    Damaged(Box<DamageReport>),
    #[error("{0}")]
    NotFound(String),
    /// Input that breaks a rule; the message names what and why.
    #[error("{0}")]
    Refused(String),
    /// The data directory cannot be written: the database was opened for reading only (or could not be opened at
    /// all); the message names the directory and the way out.
    #[error("{0}")]
    ReadOnly(String),
    #[error("finalization refused:\n  - {}", .0.join("\n  - "))]
    NotReady(Vec<String>),
    #[error("cannot use the data directory {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("database error: {}", describe(.0))]
    Sqlite(rusqlite::Error),
    /// A commit failed on the disk and what it had written to the log could not be removed (see `wal.rs`): the
    /// change was not saved, but the next opening may still find it.
    #[error(
        "database error: {cause}. The change was not saved, but what was written of it could not be removed from {log} \
         ({cut}), so it may still appear when the database is next opened: check it after restarting yanshou"
    )]
    MayReappear { cause: String, log: String, cut: String },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                StoreError::Busy
            }
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) =>
            {
                StoreError::Corrupt(format!("the database is damaged ({e}); nothing was changed"))
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// SQLite's message, with what it most likely means for the person at the keyboard when the disk is full or the data
/// directory cannot be written.
fn describe(e: &rusqlite::Error) -> String {
    let hint = match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "the disk is full; free some space and try again. Nothing was changed",
        Some(ErrorCode::SystemIoFailure) => {
            "the disk may be full or failing, or the data directory cannot be written. Nothing was changed"
        }
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            "the data directory or the database file is read-only or cannot be opened for writing. Nothing was changed"
        }
        _ => return e.to_string(),
    };
    format!("{e} ({hint})")
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub(super) fn refused<T>(msg: impl Into<String>) -> Result<T> {
    Err(StoreError::Refused(msg.into()))
}
