//! The store's error: what went wrong (busy, damaged, refused input, read-only, a failed disk), and what SQLite's own
//! errors mean for the person at the keyboard.

use rusqlite::ErrorCode;

use super::damage::DamageReport;
use crate::domain::explain::{Explain, zh_list};
use crate::domain::refusal::{Blocker, Refusal};

/// What went wrong; its words (Chinese and English) are in the [`Explain`] implementation below, and its
/// `Display` is the English.
#[derive(Debug)]
pub enum StoreError {
    Busy,
    /// A damaged database, as SQLite reports it in the middle of an operation.
    Corrupt(String),
    /// A damaged database: the file, what is damaged (each kind typed), and the newest good backup to restore.
    Damaged(Box<DamageReport>),
    /// What was asked for is not there: the review, case, expert, entry or draw, typed.
    NotFound(Missing),
    /// Input that breaks a rule, or an act the review's state does not allow: the domain's typed reason.
    Refused(Refusal),
    /// An act on a case its state or its province's rules do not allow (`domain::case`).
    Case(crate::domain::case::CaseRefusal),
    /// An act on the pool or a draw the pool's rules refuse (`domain::pool`).
    Pool(crate::domain::pool::PoolRefusal),
    /// The data directory cannot be written: the database was opened for reading only (or could not be opened at
    /// all); the message names the directory and the way out.
    ReadOnly(String),
    /// Everything that stops the review from being finalized.
    NotReady(Vec<Blocker>),
    Io {
        path: String,
        source: std::io::Error,
    },
    Sqlite(rusqlite::Error),
    /// A commit failed on the disk and what it had written to the log could not be removed (see `wal.rs`): the
    /// change was not saved, but the next opening may still find it.
    MayReappear {
        cause: String,
        log: String,
        cut: String,
    },
}

/// What a change or a reading asked for and the database does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    Review(i64),
    Case(i64),
    /// No expert of this id on the review's panel.
    ReviewExpert {
        review: i64,
        expert: i64,
    },
    SignIn {
        review: i64,
        signin: i64,
    },
    PoolExpert(i64),
    /// The case has no draw yet.
    CaseDraw(i64),
    /// The review's panel was not put from a draw.
    ReviewDraw(i64),
    /// The case the review belongs to has no draw yet.
    CaseOfReviewDraw(i64),
    /// A date that passed the date rule and still is no calendar day.
    Date {
        field: String,
        text: String,
    },
}

impl Explain for Missing {
    fn zh(&self) -> String {
        match self {
            Missing::Review(id) => format!("没有验收 {id}"),
            Missing::Case(id) => format!("没有案件 {id}"),
            Missing::ReviewExpert { review, expert } => format!("验收 {review} 的专家组中没有编号 {expert} 的专家"),
            Missing::SignIn { review, signin } => format!("验收 {review} 没有签到记录 {signin}"),
            Missing::PoolExpert(id) => format!("专家库中没有编号 {id} 的专家"),
            Missing::CaseDraw(case) => format!("案件 {case} 还没有抽取记录"),
            Missing::ReviewDraw(review) => format!("验收 {review} 的专家组不是由抽取记录产生的"),
            Missing::CaseOfReviewDraw(review) => format!("验收 {review} 所属的案件还没有抽取记录"),
            Missing::Date { field, text } => format!("{field}：{text} 不是日历上的日期"),
        }
    }
    fn en(&self) -> String {
        match self {
            Missing::Review(id) => format!("there is no review {id}"),
            Missing::Case(id) => format!("there is no case {id}"),
            Missing::ReviewExpert { review, expert } => format!("review {review} has no expert {expert}"),
            Missing::SignIn { review, signin } => format!("review {review} has no sign-in entry {signin}"),
            Missing::PoolExpert(id) => format!("there is no expert {id} in the pool"),
            Missing::CaseDraw(case) => format!("case {case} has no draw"),
            Missing::ReviewDraw(review) => format!("review {review} has no draw"),
            Missing::CaseOfReviewDraw(review) => format!("the case of review {review} has no draw"),
            Missing::Date { field, text } => format!("{field}: {text}"),
        }
    }
}

impl Explain for StoreError {
    fn zh(&self) -> String {
        match self {
            StoreError::Busy => "数据库正被另一个程序写入，请稍后再试（未作任何修改）".into(),
            StoreError::Corrupt(m) => format!("数据库已损坏，未作任何修改（{m}）"),
            StoreError::Damaged(r) => {
                format!("数据库已损坏或在 yanshou 之外被改动，未作任何修改：{}", r.zh_saying(false))
            }
            StoreError::NotFound(m) => format!("找不到要操作的记录：{}", m.zh()),
            StoreError::Refused(r) => r.zh(),
            StoreError::Case(r) => r.zh(),
            StoreError::Pool(r) => r.zh(),
            StoreError::ReadOnly(m) => format!("数据目录只读，未作任何修改（{m}）"),
            StoreError::NotReady(b) => format!("尚不能定稿：{}", zh_list(b)),
            StoreError::Io { path, source } => format!("无法使用数据目录 {path}：{}", io_zh(source)),
            StoreError::MayReappear { .. } => {
                "写入磁盘失败，已写入的部分未能清除：重新打开后这项修改可能仍会出现，请重新启动 yanshou 后核对".into()
            }
            StoreError::Sqlite(e) => match self.disk_failure() {
                Some(d) => d.zh(),
                None => format!("数据库出错，未作任何修改（{}）", describe(e)),
            },
        }
    }

    fn en(&self) -> String {
        match self {
            StoreError::Busy => {
                "the database is busy: another yanshou is writing to it. Nothing was changed; try again in a moment"
                    .into()
            }
            StoreError::Corrupt(m) | StoreError::ReadOnly(m) => m.clone(),
            StoreError::NotFound(m) => m.en(),
            StoreError::Damaged(r) => r.to_string(),
            StoreError::Refused(r) => r.en(),
            StoreError::Case(r) => r.en(),
            StoreError::Pool(r) => r.en(),
            StoreError::NotReady(b) => {
                format!("finalization refused:\n  - {}", b.iter().map(Explain::en).collect::<Vec<_>>().join("\n  - "))
            }
            StoreError::Io { path, source } => format!("cannot use the data directory {path}: {source}"),
            StoreError::Sqlite(e) => format!("database error: {}", describe(e)),
            StoreError::MayReappear { cause, log, cut } => format!(
                "database error: {cause}. The change was not saved, but what was written of it could not be removed from {log} \
                 ({cut}), so it may still appear when the database is next opened: check it after restarting yanshou"
            ),
        }
    }
}

/// What an input/output error means, in Chinese where its kind says it plainly; else the system's words without the
/// system's error number.
fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "不存在".into(),
        PermissionDenied => "没有访问权限".into(),
        NotADirectory => "路径中有一段不是目录".into(),
        IsADirectory => "这是一个目录".into(),
        ReadOnlyFilesystem => "所在的文件系统只读".into(),
        StorageFull => "磁盘已满".into(),
        AlreadyExists => "已存在".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

impl std::fmt::Display for StoreError {
    /// The English words ([`Explain::en`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        StoreError::Refused(r)
    }
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

/// Refused for the domain's reason.
pub(super) fn refused<T>(why: Refusal) -> Result<T> {
    Err(StoreError::Refused(why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refusal::tests::{blockers, check_words, refusals};
    use crate::store::DiskFailure;

    fn samples() -> Vec<StoreError> {
        let sqlite =
            |code| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error { code, extended_code: 0 }, Some("x".into()));
        let report = DamageReport {
            file: "/data/yanshou.db".into(),
            damage: vec![super::super::damage::Damage::HeadMissing],
            backups: super::super::damage::Backups::NoBackup { dir: "/data/backups".into() },
        };
        let mut all = vec![
            StoreError::Busy,
            StoreError::Corrupt("SQLITE_CORRUPT".into()),
            StoreError::Damaged(Box::new(report)),
            StoreError::NotFound(Missing::Review(7)),
            StoreError::NotFound(Missing::Case(3)),
            StoreError::NotFound(Missing::ReviewExpert { review: 7, expert: 2 }),
            StoreError::NotFound(Missing::SignIn { review: 7, signin: 4 }),
            StoreError::NotFound(Missing::PoolExpert(12)),
            StoreError::NotFound(Missing::CaseDraw(3)),
            StoreError::NotFound(Missing::ReviewDraw(7)),
            StoreError::NotFound(Missing::CaseOfReviewDraw(7)),
            StoreError::NotFound(Missing::Date { field: "--date".into(), text: "2026-02-30".into() }),
            StoreError::ReadOnly("/data".into()),
            StoreError::NotReady(blockers()),
            StoreError::Io { path: "/data".into(), source: std::io::Error::from(std::io::ErrorKind::PermissionDenied) },
            StoreError::Io { path: "/data".into(), source: std::io::Error::other("EIO") },
            StoreError::Sqlite(sqlite(rusqlite::ErrorCode::DiskFull)),
            StoreError::Sqlite(sqlite(rusqlite::ErrorCode::SystemIoFailure)),
            StoreError::Sqlite(sqlite(rusqlite::ErrorCode::ConstraintViolation)),
            StoreError::MayReappear { cause: "EIO".into(), log: "/data/yanshou.db-wal".into(), cut: "EIO".into() },
        ];
        all.extend(refusals().into_iter().map(StoreError::Refused));
        all.push(StoreError::Case(crate::domain::case::CaseRefusal::NoReview { case: 3 }));
        all.push(StoreError::Pool(crate::domain::pool::PoolRefusal::ReasonNeeded));
        for e in &all {
            match e {
                StoreError::Busy | StoreError::Corrupt(_) | StoreError::Damaged(_) | StoreError::NotFound(_) => {}
                StoreError::Refused(_) | StoreError::ReadOnly(_) | StoreError::NotReady(_) | StoreError::Io { .. } => {}
                StoreError::Sqlite(_) | StoreError::MayReappear { .. } | StoreError::Case(_) => {}
                StoreError::Pool(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_store_error_is_said_in_chinese_and_in_english() {
        for e in samples() {
            check_words(&format!("{e:?}"), &e);
            assert_eq!(e.to_string(), e.en());
        }
        for d in [DiskFailure::Full, DiskFailure::Io] {
            match d {
                DiskFailure::Full | DiskFailure::Io => check_words(&format!("{d:?}"), &d),
            }
        }
    }
}
