//! Damage found in the database file: what is damaged (a typed value per kind, carrying the table, row, entry or
//! version it concerns) and the report a person reads, naming the file and the newest good backup to restore.

use std::fmt;
use std::path::PathBuf;

/// Who an expert is, as far as the rows still tell: the panel member's id, and their name when the row is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Who {
    pub expert_id: i64,
    pub name: Option<String>,
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "expert {n}"),
            None => write!(f, "expert #{}", self.expert_id),
        }
    }
}

/// What a row of a review holds, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// The review's own record: enterprise, date, place, status, frozen sheet (by hash) and rules.
    Review,
    Expert(Who),
    Recusal(Who),
    Score {
        expert: Who,
        item: String,
    },
    Fact(String),
    Bonus(String),
    Weight(String),
    Veto(String),
    Opinion,
    SignIn {
        id: i64,
        name: Option<String>,
    },
    Signature {
        id: i64,
        expert: Option<Who>,
        revision: Option<i64>,
    },
    /// The result stored when the review was finalized (what the case list shows).
    Result,
    /// A key this version does not know how to name.
    Other,
}

/// One row of a review: its table, its key (`table/primary key`, as the log records it) and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub review: i64,
    pub table: String,
    pub key: String,
    pub row: Row,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.review;
        match &self.row {
            Row::Review => write!(f, "review {r}'s own record (enterprise, date, place, status, sheet and rules)")?,
            Row::Expert(w) => write!(f, "review {r}, {w} on the panel")?,
            Row::Recusal(w) => write!(f, "review {r}, {w}'s recusal (回避)")?,
            Row::Score { expert, item } => write!(f, "review {r}, {expert}'s score for item {item}")?,
            Row::Fact(id) => write!(f, "review {r}, fact {id}")?,
            Row::Bonus(id) => write!(f, "review {r}, bonus {id}")?,
            Row::Weight(item) => write!(f, "review {r}, the adjusted points of item {item}")?,
            Row::Veto(id) => write!(f, "review {r}, the answer to veto {id}")?,
            Row::Opinion => write!(f, "review {r}, the panel's opinion (验收意见)")?,
            Row::Result => write!(f, "review {r}, the result stored when it was finalized")?,
            Row::SignIn { id, name: Some(n) } => write!(f, "review {r}, sign-in entry {id} ({n})")?,
            Row::SignIn { id, name: None } => write!(f, "review {r}, sign-in entry {id}")?,
            Row::Signature { expert: Some(w), revision: Some(v), .. } => {
                write!(f, "review {r}, {w}'s signature of revision {v}")?
            }
            Row::Signature { id, .. } => write!(f, "review {r}, signature {id}")?,
            Row::Other => write!(f, "review {r}, a row of {}", self.table)?,
        }
        write!(f, " [{}]", self.key)
    }
}

/// One kind of damage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// SQLite finds the file damaged, or it is not an SQLite database.
    File {
        detail: Option<String>,
    },
    /// The tables, indexes and triggers are not exactly those the migrations up to `version` create.
    Schema {
        version: usize,
        unexpected: Vec<String>,
        missing: Vec<String>,
        changed: Vec<String>,
    },
    /// The file says it has a schema newer than this yanshou's, yet its tables are exactly this one's.
    Version {
        found: usize,
        current: usize,
    },
    EntryChanged {
        seq: i64,
    },
    EntriesDeleted {
        from: i64,
        to: i64,
    },
    EntryRewritten {
        seq: i64,
    },
    LastEntriesDeleted {
        from: i64,
        to: i64,
    },
    HeadMismatch,
    HeadMissing,
    LogEmptied {
        count: i64,
    },
    /// An entry's record of the rows it wrote cannot be read.
    EntryUnreadable {
        seq: i64,
    },
    /// A row differs from what the log entry that last wrote it recorded.
    RowChanged {
        row: RowRef,
        seq: i64,
    },
    /// A row the log says is there is gone.
    RowDeleted {
        row: RowRef,
        seq: i64,
    },
    /// A row no log entry wrote (or that an entry deleted) is there.
    RowAdded {
        row: RowRef,
        deleted_by: Option<i64>,
    },
    /// A review's frozen sheet text no longer hashes to the hash it was frozen with.
    SheetText {
        review: i64,
    },
    /// The file could not be checked at all (a backup that cannot be opened).
    Unreadable {
        detail: String,
    },
    /// A row of a case differs from what its log records (`store::cases`).
    CaseRow(super::case_damage::CaseRowDamage),
}

impl Damage {
    /// Whether this is damage to a review's rows (not to the log's chain or the file).
    pub fn is_row(&self) -> bool {
        matches!(
            self,
            Damage::RowChanged { .. }
                | Damage::RowDeleted { .. }
                | Damage::RowAdded { .. }
                | Damage::SheetText { .. }
                | Damage::EntryUnreadable { .. }
                | Damage::CaseRow(_)
        )
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::File { detail: Some(d) } => write!(f, "SQLite finds the file damaged ({d})"),
            Damage::File { detail: None } => write!(f, "SQLite finds the file damaged"),
            Damage::Schema { version, unexpected, missing, changed } => {
                write!(
                    f,
                    "its tables, indexes and triggers do not match schema version {version}, the version its header gives"
                )?;
                let mut parts = Vec::new();
                if !unexpected.is_empty() {
                    parts.push(format!("not part of version {version}: {}", unexpected.join(", ")));
                }
                if !missing.is_empty() {
                    parts.push(format!("missing: {}", missing.join(", ")));
                }
                if !changed.is_empty() {
                    parts.push(format!("changed: {}", changed.join(", ")));
                }
                if !parts.is_empty() {
                    write!(f, " ({})", parts.join("; "))?;
                }
                Ok(())
            }
            Damage::Version { found, current } => write!(
                f,
                "its header gives schema version {found}, newer than this yanshou's {current}, but its tables are \
                 exactly those of version {current}: the version number has been changed"
            ),
            Damage::EntryChanged { seq } => write!(f, "entry {seq} has been changed since it was written"),
            Damage::EntriesDeleted { from, to } if from == to => write!(f, "entry {from} has been deleted"),
            Damage::EntriesDeleted { from, to } => write!(f, "entries {from} to {to} have been deleted"),
            Damage::EntryRewritten { seq } => {
                write!(f, "entry {seq} does not follow the entry before it (the chain was rewritten)")
            }
            Damage::LastEntriesDeleted { from, to } if from == to => {
                write!(f, "the last entry ({to}) has been deleted")
            }
            Damage::LastEntriesDeleted { from, to } => {
                write!(f, "the last entries ({from} to {to}) have been deleted")
            }
            Damage::HeadMismatch => write!(f, "the log's head does not match its last entry (the log was altered)"),
            Damage::HeadMissing => write!(f, "the log's head is missing (the log was altered)"),
            Damage::LogEmptied { count } => write!(f, "all {count} entries of the log have been deleted"),
            Damage::EntryUnreadable { seq } => write!(f, "entry {seq}'s record of the rows it wrote cannot be read"),
            Damage::RowChanged { row, seq } => {
                write!(f, "{row} has been changed outside yanshou: it is not what log entry {seq} recorded")
            }
            Damage::RowDeleted { row, seq } => {
                write!(f, "{row} has been deleted outside yanshou (log entry {seq} wrote it)")
            }
            Damage::RowAdded { row, deleted_by: None } => {
                write!(f, "{row} has been added outside yanshou: no log entry wrote it")
            }
            Damage::RowAdded { row, deleted_by: Some(seq) } => {
                write!(f, "{row} is there again although log entry {seq} deleted it")
            }
            Damage::SheetText { review } => write!(
                f,
                "review {review}'s frozen score sheet has been changed: its text no longer matches the hash it was \
                 frozen with"
            ),
            Damage::Unreadable { detail } => write!(f, "it cannot be read ({detail})"),
            Damage::CaseRow(d) => write!(f, "{d}"),
        }
    }
}

/// The backups in `<data dir>/backups`, checked newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backups {
    /// The newest backup that passed every check, after the newer ones that did not (newest first).
    Good {
        path: PathBuf,
        damaged: Vec<(PathBuf, Damage)>,
    },
    /// Every backup is damaged too.
    NoneGood {
        dir: PathBuf,
        damaged: Vec<(PathBuf, Damage)>,
    },
    NoBackup {
        dir: PathBuf,
    },
}

/// A damaged database file: what is damaged, and the newest good backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamageReport {
    pub file: PathBuf,
    pub damage: Vec<Damage>,
    pub backups: Backups,
}

/// At most this many kinds of damage are listed in the message; the rest are counted.
const LISTED: usize = 8;

impl fmt::Display for DamageReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.file.display();
        match self.damage.as_slice() {
            [Damage::File { detail }] => {
                write!(f, "the database file {path} is damaged or is not a yanshou database")?;
                if let Some(d) = detail.as_deref().filter(|d| !d.is_empty()) {
                    write!(f, " (SQLite: {d})")?;
                }
            }
            // `{:#}`: one line per kind of damage, all of them (for `review log`).
            all if f.alternate() => {
                write!(f, "the database file {path} is damaged:")?;
                for d in all {
                    write!(f, "\n  - {d}")?;
                }
                write!(f, "\nNothing was changed. ")?;
            }
            all => {
                write!(f, "the database file {path} is damaged: ")?;
                let listed: Vec<String> = all.iter().take(LISTED).map(|d| d.to_string()).collect();
                write!(f, "{}", listed.join("; "))?;
                if all.len() > LISTED {
                    write!(f, "; and {} more", all.len() - LISTED)?;
                }
            }
        }
        let listed_by_line = f.alternate() && !matches!(self.damage.as_slice(), [Damage::File { .. }]);
        if !listed_by_line {
            write!(f, "; nothing was changed. ")?;
        }
        let file = self.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let bad = |damaged: &[(PathBuf, Damage)]| {
            damaged.iter().map(|(p, d)| format!("{}: {d}", p.display())).collect::<Vec<_>>().join("; ")
        };
        match &self.backups {
            Backups::Good { path, damaged } if damaged.is_empty() => write!(
                f,
                "The latest backup is {} (checked: sound): copy it over {file} (yanshou restore-backup is not \
                 available yet)",
                path.display()
            ),
            Backups::Good { path, damaged } => write!(
                f,
                "The newer backups are damaged too ({}); the newest good backup is {}: copy it over {file} (yanshou \
                 restore-backup is not available yet)",
                bad(damaged),
                path.display()
            ),
            Backups::NoneGood { dir, damaged } => write!(
                f,
                "No backup in {} is sound ({}); restore {file} from a copy of your own",
                dir.display(),
                bad(damaged)
            ),
            Backups::NoBackup { dir } => {
                write!(f, "There is no backup in {}; restore {file} from a copy of your own", dir.display())
            }
        }
    }
}
