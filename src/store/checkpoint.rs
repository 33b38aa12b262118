//! When SQLite copies the write-ahead log back into the database file (a checkpoint: the pages changed since, and two
//! more fsyncs). By itself SQLite does it inside the commit that brings the log to 1,000 pages, so that one score's
//! save in about 160 also waits for the checkpoint. The terminal app asks for it instead after a frame is drawn, when
//! no key is waiting ([`Store::checkpoint_when_idle`], [`Store::checkpoint_if_due`]). A log that grows far beyond
//! (an app never idle) is still checkpointed at the commit, as SQLite would.

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use super::Store;
use super::error::Result;

/// SQLite's own threshold (`wal_autocheckpoint`): a checkpoint is due from this many pages in the log.
const DUE: i32 = 1_000;
/// From this many pages the commit checkpoints, idle or not.
const AT_COMMIT: i32 = 10 * DUE;

impl Store {
    /// From now on this store's commits leave the checkpoint to [`Store::checkpoint_if_due`] (up to [`AT_COMMIT`]
    /// pages in the log). Nothing changes for a store opened for reading only.
    pub fn checkpoint_when_idle(&mut self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        let pages = Arc::new(AtomicI32::new(0));
        let seen = Arc::clone(&pages);
        // Called after each commit with the pages now in the log; it replaces SQLite's own checkpoint at 1,000.
        self.conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, n: std::os::raw::c_int| {
            seen.store(n, Ordering::Relaxed);
            if n >= AT_COMMIT {
                // As SQLite's own: a checkpoint that fails leaves everything in the log, committed.
                let _ = wal.checkpoint();
            }
            // Never an error: the commit has been made, and an error here would report it as failed.
            Ok(())
        }))?;
        self.wal_pages = Some(pages);
        Ok(())
    }

    /// Whether the log has grown to where SQLite would have checkpointed it.
    pub fn checkpoint_due(&self) -> bool {
        self.wal_pages.as_ref().is_some_and(|p| p.load(Ordering::Relaxed) >= DUE)
    }

    /// Checkpoints the log if it is due: as much as no reader still needs, waiting for nobody (`PASSIVE`). The next
    /// commit says again how long the log is, so a checkpoint that could not copy everything is tried again after it,
    /// not in a loop. A failed checkpoint loses nothing: every commit is in the log.
    pub fn checkpoint_if_due(&mut self) -> Result<()> {
        if !self.checkpoint_due() {
            return Ok(());
        }
        if let Some(p) = &self.wal_pages {
            p.store(0, Ordering::Relaxed);
        }
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
}
