//! The checks of the database: its structure when it is opened (at once, or on a second connection while the first
//! screen is drawn), one review or the whole file against the audit log, and the log as `review log` shows it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use super::Store;
use super::audit::{self, LogEntry};
use super::backup::{self, corrupt_or, damage_error, damage_report, damaged};
use super::damage::{Damage, DamageReport};
use super::error::{Result, StoreError, refused};
use super::load::exists;
use super::{migrations, schema, state};
use crate::domain::refusal::Refusal;

impl Store {
    /// Where the opening check stands; never waits.
    pub fn check_status(&mut self) -> CheckStatus {
        if matches!(&self.check, Check::Running(h) if !h.is_finished()) {
            return CheckStatus::Running;
        }
        let warning = self.settle_check_warning();
        match &self.check {
            Check::Failed(f) => CheckStatus::Damaged(f.error().to_string()),
            _ => CheckStatus::Passed { warning },
        }
    }

    /// Waits for the opening check; an error if it found damage.
    pub(super) fn settle_check(&mut self) -> Result<()> {
        self.settle_check_warning();
        match &self.check {
            Check::Failed(f) => Err(f.error()),
            _ => Ok(()),
        }
    }

    fn settle_check_warning(&mut self) -> Option<String> {
        let Check::Running(_) = &self.check else { return None };
        let Check::Running(handle) = std::mem::replace(&mut self.check, Check::Passed) else { return None };
        match handle.join() {
            Ok(BackgroundCheck { damage: Some(f), .. }) => {
                self.check = Check::Failed(f);
                None
            }
            Ok(BackgroundCheck { damage: None, warning }) => warning,
            Err(_) => {
                self.check = Check::Failed(Failure::Message(format!(
                    "the check of the database {} stopped unexpectedly; nothing was changed. Start yanshou again",
                    self.path.display()
                )));
                None
            }
        }
    }

    /// Checks one review against the audit log: each of its entries' hash, their links to the entries before and
    /// after them, the log's head, and each of its rows against the digest the entry that wrote it last recorded
    /// (and its frozen sheet against its hash). Damage is an error naming every damaged row or entry, the file and
    /// the newest good backup. Runs before every change, finalizing, signing and exporting.
    pub fn check_review(&self, id: i64) -> Result<()> {
        let (digests, damage) = state::check_review(&self.conn, id)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        if digests.is_empty() {
            exists(&self.conn, id)?;
        }
        Ok(())
    }

    /// Checks the whole database against the audit log: the whole chain, and every review's rows.
    pub fn check_all(&self) -> Result<()> {
        let damage = state::check_all(&self.conn, super::whole::beyond_reviews)?;
        if !damage.is_empty() {
            return Err(damage_error(&self.path, damage));
        }
        Ok(())
    }

    /// The report for damage found by the caller: the file, the damage and the newest good backup.
    pub fn damage_report(&self, damage: Vec<Damage>) -> DamageReport {
        damage_report(&self.path, damage)
    }

    /// The audit log entries of one review, and every problem of the whole chain.
    pub fn log(&self, id: i64) -> Result<(Vec<LogEntry>, Vec<String>)> {
        let log = self.review_log(id)?;
        Ok((log.entries, log.chain.iter().map(|d| d.to_string()).collect()))
    }

    /// The audit log entries of one review, every problem of the whole chain, and every row of the review that does
    /// not match the log.
    pub fn review_log(&self, id: i64) -> Result<ReviewLog> {
        let (entries, chain, rows) = state::snapshot(&self.conn, || {
            let entries = audit::read_review(&self.conn, id)?;
            let chain = audit::chain_damage(&self.conn)?;
            let rows = state::check_review(&self.conn, id)?.1.into_iter().filter(Damage::is_row).collect();
            Ok((entries, chain, rows))
        })?;
        if entries.is_empty() {
            exists(&self.conn, id)?;
        }
        Ok(ReviewLog { entries, chain, rows })
    }

    /// The chain's problems; empty when intact.
    pub fn verify_log(&self) -> Result<Vec<String>> {
        Ok(audit::verify(&self.conn)?)
    }

    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A review's audit log as `review log` shows it: its entries, the problems of the whole chain, and its rows that do
/// not match what the log records.
#[derive(Clone, Debug)]
pub struct ReviewLog {
    pub entries: Vec<LogEntry>,
    pub chain: Vec<Damage>,
    pub rows: Vec<Damage>,
}

/// The state of the opening check, for the app to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    Running,
    Passed { warning: Option<String> },
    Damaged(String),
}

/// The check of the database's structure (and the day's backup) that [`Store::open_in_background`] runs on a second
/// connection while the app draws its first screen. No change is written before it has passed.
pub(super) enum Check {
    Passed,
    Running(std::thread::JoinHandle<BackgroundCheck>),
    Failed(Failure),
}

/// What the background check found: damage refuses every change; a failed backup is only a warning.
pub(super) struct BackgroundCheck {
    damage: Option<Failure>,
    warning: Option<String>,
}

/// The damage the background check found: typed where the check could name it.
#[derive(Clone, Debug)]
pub(super) enum Failure {
    Report(Box<DamageReport>),
    Message(String),
}

impl Failure {
    fn from_error(e: StoreError) -> Failure {
        match e {
            StoreError::Damaged(r) => Failure::Report(r),
            other => Failure::Message(other.to_string()),
        }
    }

    fn error(&self) -> StoreError {
        match self {
            Failure::Report(r) => StoreError::Damaged(r.clone()),
            Failure::Message(m) => StoreError::Corrupt(m.clone()),
        }
    }
}

impl Drop for Store {
    /// Lets a running check (and the day's backup) finish, so that no half-written backup is left behind.
    fn drop(&mut self) {
        if let Check::Running(h) = std::mem::replace(&mut self.check, Check::Passed) {
            let _ = h.join();
        }
    }
}

/// The opening check on its own connection: the whole `quick_check`, then the daily check and backup.
pub(super) fn background_check(data_dir: &Path, db: &Path) -> BackgroundCheck {
    let failed = |e: rusqlite::Error| match corrupt_or(e, db) {
        e @ (StoreError::Corrupt(_) | StoreError::Damaged(_)) => {
            BackgroundCheck { damage: Some(Failure::from_error(e)), warning: None }
        }
        e => BackgroundCheck { damage: None, warning: Some(format!("the database could not be checked: {e}")) },
    };
    let conn = match Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let found: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA quick_check(5)").and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    match found {
        Ok(found) if found.len() == 1 && found[0] == "ok" => {}
        Ok(found) => {
            let e = damaged(db, Some(&found.join("; ")));
            return BackgroundCheck { damage: Some(Failure::from_error(e)), warning: None };
        }
        Err(e) => return failed(e),
    }
    // The whole audit log, and every review's rows against it.
    match state::check_all(&conn, super::whole::beyond_reviews) {
        Ok(damage) if damage.is_empty() => {}
        Ok(damage) => {
            return BackgroundCheck { damage: Some(Failure::from_error(damage_error(db, damage))), warning: None };
        }
        Err(e) => return failed(e),
    }
    match backup::daily(&conn, data_dir, true) {
        Ok(()) => BackgroundCheck { damage: None, warning: None },
        Err(e @ (StoreError::Corrupt(_) | StoreError::Damaged(_))) => {
            BackgroundCheck { damage: Some(Failure::from_error(e)), warning: None }
        }
        Err(e) => BackgroundCheck { damage: None, warning: Some(format!("today's backup was not taken: {e}")) },
    }
}

/// Refuses a database whose schema is not exactly that of the version its header gives (damaged, or not a yanshou
/// database), or whose version is newer than this yanshou's.
pub(super) fn check_schema(conn: &Connection, path: &Path, version: usize) -> Result<()> {
    let current = migrations::MIGRATIONS.len();
    if version > current {
        // Tables exactly this version's under a newer number: the number was changed, not a newer yanshou.
        if schema::check(conn, current)?.is_none() {
            return Err(damage_error(path, vec![Damage::Version { found: version, current }]));
        }
        return refused(Refusal::NewerSchema { path: path.display().to_string(), version, current });
    }
    match schema::check(conn, version)? {
        None => Ok(()),
        Some(d) => Err(damage_error(path, vec![d])),
    }
}

/// How long opening may spend checking the database's structure.
const OPEN_CHECK_BUDGET: Duration = Duration::from_millis(30);

/// Checks the database's structure when it is opened, so that damage is found here, with the way back, and not
/// half-way through a change. `PRAGMA quick_check` reads every page (it skips only `integrity_check`'s index-content
/// checks), so its time grows with the file: about 100 ms on a database of a thousand signed reviews (release build),
/// where opening should stay under 50 ms. It is therefore given [`OPEN_CHECK_BUDGET`] and interrupted after it: a
/// database of up to a few hundred reviews is checked whole at every opening, a larger one as far as the budget goes,
/// and every database is checked whole (`integrity_check`) once a day before its daily backup.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let interrupt = conn.get_interrupt_handle();
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let timer = std::thread::spawn(move || {
        if finished.recv_timeout(OPEN_CHECK_BUDGET) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
            interrupt.interrupt();
        }
    });
    let found: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA quick_check(5)").and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    let _ = done.send(());
    let _ = timer.join();
    match found {
        Ok(found) if found.len() == 1 && found[0] == "ok" => Ok(()),
        Ok(found) => Err(damaged(path, Some(&found.join("; ")))),
        // Out of time: what was read is sound; the daily check reads the rest.
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::OperationInterrupted => Ok(()),
        Err(e) => Err(corrupt_or(e, path)),
    }
}
