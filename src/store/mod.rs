//! The local SQLite store of reviews. Every change is its own committed transaction (WAL, `synchronous=FULL`), checked
//! against the domain's rules inside that transaction, and logged in the hash-chained audit log. Nothing is typed in
//! that the scoring engine computes: totals, grade and vetoes always come from the stored entries.
//!
//! [`Store`] is the only way in; its methods live beside the concern they serve:
//!
//! - `open`: opening the database (normally, with its structure checked in the background, or read-only);
//! - `check`: the checks at opening and in the background, a review or the file against the audit log, `review log`;
//! - `migrate`: running the append-only [`migrations`] (their SQL), checked against `schema` (each version's tables);
//! - `write`: the transaction every change runs in, checked against the log first and logged;
//! - `load`: reading a review with its frozen sheet and rules, and the review list;
//! - `reviews`: creating, editing, finalizing and reopening a review;
//! - `panel`: experts, the lead (组长) and recusals (回避);
//! - `scores`: scores, facts, bonuses, weights and veto answers;
//! - `opinion`: the panel's opinion and the sign-in sheet;
//! - [`personal`]: the review kit and the experts' signed personal score sheets (issue 17);
//! - [`signing`]: finalizations, signatures and dissents, imported bundles and the quarantine;
//! - [`audit`]: the hash-chained log; [`state`]: the rows tied to it; [`damage`]: what a check finds, typed;
//! - `checkpoint`: when the write-ahead log is copied back into the file (the app: when idle);
//! - `backup`: the daily backups, the newest good one, and the damage error that names it; `wal`: cutting the log
//!   after a failed commit;
//! - `error`: [`StoreError`]; `input`: the domain's text rules applied to what is typed in; `file`: the database
//!   file's name and the paths beside it.

pub mod audit;
mod backup;
pub mod case_damage;
pub mod cases;
mod check;
mod checkpoint;
mod conflict;
pub mod damage;
mod damage_words;
mod error;
mod file;
mod findings;
mod input;
mod load;
mod migrate;
pub mod migrations;
mod open;
mod opinion;
mod panel;
pub mod personal;
pub mod pool;
mod results;
mod reviews;
mod schema;
mod scores;
pub mod signing;
pub mod state;
mod wal;
mod whole;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use audit::LogEntry;
/// The error for damage found, with the newest good backup: the one way every part of the store says it (the cases
/// among them, whose rows the whole-file check reads).
pub(crate) use backup::damage_error;
pub use cases::{NewCase, NewCaseReview};
use check::Check;
pub use check::{CheckStatus, ReviewLog};
pub use conflict::ImportConflict;
pub use damage::{Backups, Damage, DamageReport};
pub use error::{Missing, Result, StoreError};
pub use file::DB_FILE;
pub use input::check_date;
/// A review's rows read for the cases (through the store, so that the cases' folder does not import the loader,
/// which reaches the backups, which reach the check, which reaches the cases).
use load::load as load_review_rows;
pub use load::{LoadedReview, ReviewSummary};
pub use opinion::OpinionPatch;
pub use panel::{ExpertPatch, NewExpert};
pub use reviews::NewReview;
pub use wal::DiskFailure;
use write::Verified;

/// The field limits of the domain's text rules, for the callers that spell them `store::MAX_NAME`.
pub use crate::domain::text::{MAX_NAME, MAX_TEXT};

/// An open database of reviews: every read and every change goes through it.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    check: Check,
    /// Opened for reading only because the data directory cannot be written: every change is refused.
    read_only: bool,
    /// The rows of the reviews this store last wrote, as checked and written, and SQLite's `data_version` then.
    verified: Verified,
    /// The pages in the write-ahead log after the last commit, once checkpoints wait for the app to be idle.
    wal_pages: Option<std::sync::Arc<std::sync::atomic::AtomicI32>>,
    /// The case the review being created goes into (`cases`), for the duration of its creation.
    pending_case: Option<cases::Pending>,
}

impl Store {
    /// A store on an open connection to the database file `path`, recording changes as [`default_actor`].
    fn new(conn: Connection, path: PathBuf, check: Check, read_only: bool) -> Store {
        // A change prepares about thirty statements (the review read whole, its rows' digests, the log): all are kept
        // prepared between changes (rusqlite keeps 16 by default, fewer than one change uses).
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        Store {
            conn,
            path,
            actor: default_actor(),
            check,
            read_only,
            verified: Verified::default(),
            wal_pages: None,
            pending_case: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who is recorded in the audit log for the changes made through this store.
    pub fn set_actor(&mut self, actor: &str) {
        let a = actor.trim();
        if !a.is_empty() {
            self.actor = a.to_string();
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize)
    }
}

/// How many prepared statements a store's connection keeps.
const STATEMENTS: usize = 64;

/// Who a store records as making its changes until [`Store::set_actor`] names someone: `YANSHOU_ACTOR`, else the
/// login name, else `unknown`.
fn default_actor() -> String {
    std::env::var("YANSHOU_ACTOR")
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}
