//! What a commit that failed on the disk leaves in the write-ahead log, and how it is removed.
//!
//! SQLite commits a transaction in WAL mode by appending its pages to `yanshou.db-wal` as frames, the last one marked
//! as a commit, and then (with `synchronous=FULL`) syncing the file. Only after the sync succeeds does it publish the
//! new frames in the shared-memory index (`yanshou.db-shm`) that every connection reads. When a write or the sync
//! fails (a failing disk: EIO; a full one: ENOSPC), SQLite rolls the transaction back and reports the error — but what
//! it wrote stays in the log file, and if the writes went through and only the sync failed, those frames carry valid
//! checksums and a commit mark. The open connections ignore them (the index does not list them) and the next commit
//! overwrites them. If no commit follows before the log is next *recovered*, though, the failed change comes back:
//! recovery rebuilds the index by reading the log file from the start and takes every frame up to the last valid
//! commit. Recovery runs whenever the database is opened by a first connection after the last one went away without
//! removing the log: yanshou or the machine stopped, or another program that had the database open stopped, or the
//! disk still failed when yanshou closed (closing checkpoints and deletes the log, and that needs a sync). A change the
//! panel was told was not saved would then appear saved. The tests reproduce it: `review score` with the log's sync
//! failing while another process has the database open, then that process killed; and the terminal app quitting while
//! the disk still fails.
//!
//! The remedy, [`Store::failed_commit`], cuts the log file back to the end of its last committed frame as soon as a
//! commit fails on the disk, before anything else is done on the connection:
//! - under the write lock (`BEGIN IMMEDIATE`), so that no other writer appends frames meanwhile;
//! - asking SQLite for the number of committed frames (a no-op checkpoint, which reports the log's size without
//!   copying anything; it is refused inside a transaction, so it runs on a second connection while the first holds
//!   the lock);
//! - cutting the file there and syncing it.
//!
//! Nothing beyond that point is needed by anyone: readers only ever read committed frames and the lock keeps writers
//! out (a log restarted after a complete checkpoint has no committed frame yet, and the cut empties it). If the
//! sync of the cut fails too, the cut is still what every later opener on this machine reads; only a power cut before
//! the OS writes it out could bring the frames back, and the same power cut could as well lose them, since their own
//! sync failed: on a disk that does not sync, nothing better is possible. If the cut itself cannot be made, the error
//! says so ([`StoreError::MayReappear`]): the change was not saved but may still show up after a restart, so the
//! person checks it.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::Store;
use super::error::StoreError;
use super::file::wal_path;

/// Size of the log file's header and of each frame's header, from SQLite's file format (sqlite.org/fileformat.html,
/// "The WAL File Format").
const WAL_HEADER: u64 = 32;
const FRAME_HEADER: u64 = 24;

/// Whether SQLite's error says that writing to the disk failed: an I/O error (`SQLITE_IOERR_*`, including a failed
/// sync) or a full disk (`SQLITE_FULL`).
pub(super) fn disk_failure(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::SystemIoFailure | ErrorCode::DiskFull))
}

/// What failed on the disk, for the words a person reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskFailure {
    /// The disk is full (`SQLITE_FULL`).
    Full,
    /// A write or a sync failed (`SQLITE_IOERR_*`): the disk is failing, or full where a sync finds it so.
    Io,
}

impl crate::domain::explain::Explain for DiskFailure {
    fn zh(&self) -> String {
        match self {
            DiskFailure::Full => "磁盘已满，未作任何修改：请腾出空间后再试".into(),
            DiskFailure::Io => "写入磁盘失败（磁盘可能已满或损坏），未作任何修改：请检查后再试".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            DiskFailure::Full => "the disk is full; nothing was changed: free some space and try again".into(),
            DiskFailure::Io => {
                "writing to the disk failed (it may be full or failing); nothing was changed: check it and try again"
                    .into()
            }
        }
    }
}

impl StoreError {
    /// Whether this error says that writing to the disk failed, and how; the change was not saved.
    pub fn disk_failure(&self) -> Option<DiskFailure> {
        match self {
            StoreError::Sqlite(e) => match e.sqlite_error_code() {
                Some(ErrorCode::DiskFull) => Some(DiskFailure::Full),
                Some(ErrorCode::SystemIoFailure) => Some(DiskFailure::Io),
                _ => None,
            },
            StoreError::MayReappear { .. } => Some(DiskFailure::Io),
            _ => None,
        }
    }
}

impl Store {
    /// The error for a commit that failed; after a disk failure, first removes from the log what the failed commit
    /// wrote there (see the module's comment), so that the change reported as not saved can never come back.
    pub(super) fn failed_commit(&mut self, e: rusqlite::Error) -> StoreError {
        if !disk_failure(&e) {
            return e.into();
        }
        match cut_log(&mut self.conn, &self.path) {
            Ok(()) => e.into(),
            Err(cut) => StoreError::MayReappear {
                cause: e.to_string(),
                log: wal_path(&self.path).display().to_string(),
                cut: cut.to_string(),
            },
        }
    }
}

/// Why the log could not be cut; its words end up in [`StoreError::MayReappear`].
#[derive(Debug, thiserror::Error)]
enum CutError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}: {source}", .path.display())]
    File { path: std::path::PathBuf, source: std::io::Error },
    #[error("page size {0}")]
    PageSize(i64),
    #[error("the database is not in WAL mode")]
    NotWal,
}

/// Cuts `db`'s write-ahead log back to the end of its last committed frame; the reason when it cannot.
fn cut_log(conn: &mut Connection, db: &Path) -> Result<(), CutError> {
    let wal = wal_path(db);
    let on_file = |source| CutError::File { path: wal.clone(), source };
    // The write lock: nobody appends to the log until the transaction ends (it writes nothing and is rolled back).
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let page: i64 = tx.pragma_query_value(None, "page_size", |r| r.get(0))?;
    let page = u64::try_from(page).map_err(|_| CutError::PageSize(page))?;
    let frames = committed_frames(db)?;
    let end = if frames == 0 { 0 } else { WAL_HEADER + frames * (FRAME_HEADER + page) };
    // The log file has no locks of its own (SQLite locks the database and shared-memory files), so opening and closing
    // it here takes nothing away from the connection's locks.
    let file = match std::fs::OpenOptions::new().write(true).open(&wal) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(on_file(e)),
    };
    let len = file.metadata().map_err(on_file)?.len();
    if len > end {
        file.set_len(end).map_err(on_file)?;
        // See the module's comment: if this sync fails, the cut stands for every later opener on this machine.
        let _ = file.sync_all();
    }
    drop(file);
    Ok(tx.rollback()?)
}

/// The number of committed frames in `db`'s log, as the shared-memory index gives it. Asked on a connection of its own,
/// because a checkpoint (even the no-op one) is refused inside a transaction; it takes no lock.
fn committed_frames(db: &Path) -> Result<u64, CutError> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    // A first read opens the connection's view of the log, which the checkpoint reads.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    let (log, _checkpointed): (i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(NOOP)", [], |r| Ok((r.get(1)?, r.get(2)?)))?;
    u64::try_from(log).map_err(|_| CutError::NotWal)
}
