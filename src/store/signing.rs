//! What the store keeps for signing and for the support unit: a review's finalizations, the experts' signatures and
//! dissents, imported bundles and the quarantine. The store checks who may sign; the bundle layer checks the
//! cryptography before anything is stored.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::audit::{Change, now};
use super::error::{Result, StoreError, refused};
use super::load::load;
use crate::domain::explain::Explain;
use crate::domain::refusal::Refusal;
use crate::domain::review::Status;
use crate::store::ImportConflict;

/// The current finalization of a review: its revision (1 for the first) and the log entry that finalized it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finalization {
    pub uid: String,
    pub revision: u32,
    pub finalized_at: String,
    pub seq: i64,
    pub hash: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredSignature {
    pub expert_id: i64,
    pub expert: String,
    pub revision: u32,
    pub payload_sha256: String,
    /// `sign` or `dissent`.
    pub kind: String,
    pub public_key: String,
    pub key_id: String,
    /// The exact bytes signed: the canonical payload, or the canonical dissent.
    #[serde(skip)]
    pub signed_file: Vec<u8>,
    pub minisig: String,
    pub dissent: String,
    pub signed_at: String,
}

/// A signature about to be stored (already verified by the caller).
pub struct NewSignature<'a> {
    pub expert_id: i64,
    pub revision: u32,
    pub payload_sha256: &'a str,
    pub dissent: Option<&'a str>,
    pub public_key: &'a str,
    pub key_id: &'a str,
    pub signed_file: &'a [u8],
    pub minisig: &'a str,
}

/// An imported, verified bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    pub id: i64,
    pub uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    #[serde(skip)]
    pub payload: Vec<u8>,
    #[serde(skip)]
    pub scorecard_text: String,
    /// JSON of the signers (`SignerInfo` list).
    pub signers: String,
    /// JSON of the signature files.
    #[serde(skip)]
    pub signatures: String,
    pub source: String,
    pub imported_at: String,
    pub superseded_by: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuarantineEntry {
    pub id: i64,
    pub source: String,
    /// Why, in English.
    pub reason: String,
    /// Why, in Chinese; `None` for what was quarantined before yanshou kept the Chinese.
    pub reason_zh: Option<String>,
    pub payload_sha256: Option<String>,
    pub quarantined_at: String,
}

/// What importing one verified bundle did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    New { id: i64 },
    Identical { id: i64 },
    SignaturesAdded { id: i64 },
    Superseded { id: i64, old: i64 },
    Quarantined { id: i64, reason: String, reason_zh: String },
}

impl QuarantineEntry {
    /// The reason as a support unit reads it: in Chinese, or the English of a row from before the Chinese was kept.
    pub fn reason_shown(&self) -> &str {
        self.reason_zh.as_deref().unwrap_or(&self.reason)
    }
}

/// A verified bundle to import.
pub struct Incoming<'a> {
    pub uid: &'a str,
    pub revision: u32,
    pub payload_sha256: &'a str,
    pub payload: &'a [u8],
    pub scorecard_text: &'a str,
    pub signers_json: &'a str,
    /// The set of (key id, kind) that signed, to compare signature sets.
    pub signature_keys: Vec<String>,
    pub signatures_json: &'a str,
    pub source: &'a str,
    /// The draw the payload says the panel stands on (its record's SHA-256) and the substitutions it lists: this
    /// store must hold that draw with exactly those substitutions.
    pub draw: Option<(&'a str, Vec<crate::domain::pool::substitute::Substitution>)>,
}

impl Store {
    /// The review's stable id and its current finalization, what is signed and exported; refused unless the review is
    /// finalized, and refused as damage unless the review matches its audit log ([`Store::check_review`]), so that
    /// nothing changed outside yanshou is signed or exported.
    pub fn finalization(&self, id: i64) -> Result<Finalization> {
        self.check_review(id)?;
        self.finalization_unchecked(id)
    }

    fn finalization_unchecked(&self, id: i64) -> Result<Finalization> {
        let r = load(&self.conn, id)?;
        if r.data.status != Status::Finalized {
            return refused(Refusal::NotFinalized { review: id });
        }
        let uid: String = self.conn.query_row("SELECT uid FROM reviews WHERE id = ?1", [id], |r| r.get(0))?;
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, hash FROM audit_log WHERE review_id = ?1 AND action = 'status' AND new = 'finalized' ORDER BY seq",
        )?;
        let rows: Vec<(i64, String, String)> =
            stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let Some((seq, at, hash)) = rows.last().cloned() else {
            return Err(StoreError::Corrupt(format!("review {id} is finalized but its log has no finalization")));
        };
        Ok(Finalization { uid, revision: rows.len() as u32, finalized_at: at, seq, hash })
    }

    /// The signatures and dissents of a review's current revision.
    pub fn signatures(&self, id: i64) -> Result<Vec<StoredSignature>> {
        let revision = match self.finalization_unchecked(id) {
            Ok(f) => f.revision,
            Err(StoreError::Refused(Refusal::NotFinalized { .. })) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut stmt = self.conn.prepare(
            "SELECT s.expert_id, e.name, s.revision, s.payload_sha256, s.kind, s.public_key, s.key_id, s.signed_file,
                    s.minisig, s.dissent, s.signed_at
             FROM signatures s JOIN experts e ON e.id = s.expert_id
             WHERE s.review_id = ?1 AND s.revision = ?2 ORDER BY s.id",
        )?;
        let rows = stmt.query_map(params![id, revision], |r| {
            Ok(StoredSignature {
                expert_id: r.get(0)?,
                expert: r.get(1)?,
                revision: r.get(2)?,
                payload_sha256: r.get(3)?,
                kind: r.get(4)?,
                public_key: r.get(5)?,
                key_id: r.get(6)?,
                signed_file: r.get(7)?,
                minisig: r.get(8)?,
                dissent: r.get(9)?,
                signed_at: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a signature or a dissent of the current revision. Refused for a recused expert, an expert who has
    /// already signed or dissented, a key that has signed this version for another expert, a review that is not
    /// finalized, or a signature of another revision.
    pub fn add_signature(&mut self, id: i64, s: &NewSignature) -> Result<()> {
        // The change checks the review first, in its transaction.
        let fin = self.finalization_unchecked(id)?;
        self.write(Some(id), |tx, log| {
            let r = load(tx, id)?;
            let Some(e) = r.data.expert(s.expert_id) else {
                return Err(StoreError::NotFound(crate::store::Missing::ReviewExpert {
                    review: id,
                    expert: s.expert_id,
                }));
            };
            if r.data.is_recused(e.id) {
                return refused(Refusal::RecusedCannotSign { name: e.name.clone() });
            }
            if s.revision != fin.revision {
                return refused(Refusal::WrongRevision { signed: s.revision, current: fin.revision });
            }
            let existing: Option<String> = tx
                .query_row(
                    "SELECT kind FROM signatures WHERE review_id = ?1 AND expert_id = ?2 AND revision = ?3",
                    params![id, e.id, fin.revision],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(kind) = existing {
                return refused(Refusal::AlreadySigned { name: e.name.clone(), dissent: kind != "sign" });
            }
            // One key belongs to one expert: a key that has signed this version for another expert cannot sign for
            // this one, so nobody signs in a colleague's name with their own key. (A mistake is undone by reopening:
            // the next revision starts without signatures.)
            let other: Option<String> = tx
                .query_row(
                    "SELECT e.name FROM signatures s JOIN experts e ON e.id = s.expert_id
                     WHERE s.review_id = ?1 AND s.key_id = ?2 AND s.expert_id != ?3 AND s.revision = ?4 LIMIT 1",
                    params![id, s.key_id, e.id, fin.revision],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(other) = other {
                return refused(Refusal::KeyOfAnother { key: s.key_id.to_string(), other, name: e.name.clone() });
            }
            let kind = if s.dissent.is_some() { "dissent" } else { "sign" };
            tx.execute(
                "INSERT INTO signatures (review_id, expert_id, revision, payload_sha256, kind, public_key, key_id,
                     signed_file, minisig, dissent, signed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    e.id,
                    fin.revision,
                    s.payload_sha256,
                    kind,
                    s.public_key,
                    s.key_id,
                    s.signed_file,
                    s.minisig,
                    s.dissent.unwrap_or(""),
                    now()
                ],
            )?;
            log.push(Change::new(
                if kind == "sign" { "sign" } else { "dissent" },
                format!("{} revision {}", e.name, fin.revision),
                None,
                Some(format!("key {}; payload sha256 {}", s.key_id, s.payload_sha256)),
            ));
            Ok(())
        })
    }

    // ----- the support unit -----

    /// Stores arrivals in one transaction, in order (a later bundle sees the earlier ones): a verified bundle is new,
    /// identical (nothing happens), more signatures on the same payload, a newer revision that supersedes the current
    /// one (kept in history), or else goes to the quarantine; a refused one goes to the quarantine with its reason.
    /// All or nothing: the outcomes hold only once this returns `Ok`, and after an error none of the batch is stored.
    pub fn import_batch(&mut self, arrivals: &[Arrival]) -> Result<Vec<ImportOutcome>> {
        let at = now();
        self.write(None, |tx, log| {
            arrivals
                .iter()
                .map(|a| match a {
                    Arrival::Verified(b) => import_in(tx, b, &at, log),
                    Arrival::Refused { source, reason, reason_zh, payload_sha256, content } => {
                        quarantine_in(tx, source, (reason, reason_zh), *payload_sha256, content, &at, log).map(|id| {
                            ImportOutcome::Quarantined {
                                id,
                                reason: reason.to_string(),
                                reason_zh: reason_zh.to_string(),
                            }
                        })
                    }
                })
                .collect()
        })
    }

    /// The imported bundles one at a time, in the order they were imported, without the texts only a new
    /// verification reads (the sheet and the signature files): what compiling and listing them need. They are read
    /// [`IMPORT_BATCH`] at a time inside one read transaction (so that they are all of one moment, whatever another
    /// program imports meanwhile): the memory they take does not grow with the number of imports.
    pub fn imported_reviews(&self) -> Result<ImportedReviews<'_>> {
        let own_tx = self.conn.is_autocommit();
        if own_tx {
            self.conn.execute_batch("BEGIN DEFERRED")?;
        }
        Ok(ImportedReviews { conn: &self.conn, after: None, batch: Vec::new().into_iter(), done: false, own_tx })
    }

    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, uid, revision, payload_sha256, payload, scorecard_text, signers, signatures, source, imported_at, superseded_by
             FROM imports ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportRecord {
                id: r.get(0)?,
                uid: r.get(1)?,
                revision: r.get(2)?,
                payload_sha256: r.get(3)?,
                payload: r.get(4)?,
                scorecard_text: r.get(5)?,
                signers: r.get(6)?,
                signatures: r.get(7)?,
                source: r.get(8)?,
                imported_at: r.get(9)?,
                superseded_by: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn quarantined(&self) -> Result<Vec<QuarantineEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, source, reason, reason_zh, payload_sha256, quarantined_at FROM quarantine ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuarantineEntry {
                id: r.get(0)?,
                source: r.get(1)?,
                reason: r.get(2)?,
                reason_zh: r.get(3)?,
                payload_sha256: r.get(4)?,
                quarantined_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An imported bundle as the compilation and the support unit's list read it ([`Store::imported_reviews`]): an
/// [`ImportRecord`] without the sheet's text and the signature files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedReview {
    pub id: i64,
    pub uid: String,
    pub revision: u32,
    pub payload_sha256: String,
    pub payload: Vec<u8>,
    /// JSON of the signers (`SignerInfo` list).
    pub signers: String,
    pub source: String,
    pub imported_at: String,
    pub superseded_by: Option<i64>,
}

impl From<ImportRecord> for ImportedReview {
    fn from(r: ImportRecord) -> Self {
        let ImportRecord {
            id,
            uid,
            revision,
            payload_sha256,
            payload,
            signers,
            source,
            imported_at,
            superseded_by,
            ..
        } = r;
        ImportedReview { id, uid, revision, payload_sha256, payload, signers, source, imported_at, superseded_by }
    }
}

/// How many imported bundles [`Store::imported_reviews`] reads at a time.
pub const IMPORT_BATCH: usize = 64;

/// The imported bundles, read a batch at a time ([`Store::imported_reviews`]). The read transaction it began ends
/// when the last one has been read, or when it is dropped.
pub struct ImportedReviews<'a> {
    conn: &'a rusqlite::Connection,
    /// The id of the last one read.
    after: Option<i64>,
    batch: std::vec::IntoIter<ImportedReview>,
    done: bool,
    own_tx: bool,
}

impl ImportedReviews<'_> {
    fn fetch(&mut self) -> Result<Vec<ImportedReview>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, uid, revision, payload_sha256, payload, signers, source, imported_at, superseded_by
             FROM imports WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![self.after.unwrap_or(i64::MIN), IMPORT_BATCH as i64], |r| {
            Ok(ImportedReview {
                id: r.get(0)?,
                uid: r.get(1)?,
                revision: r.get(2)?,
                payload_sha256: r.get(3)?,
                payload: r.get(4)?,
                signers: r.get(5)?,
                source: r.get(6)?,
                imported_at: r.get(7)?,
                superseded_by: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn end(&mut self) {
        self.done = true;
        if std::mem::take(&mut self.own_tx) {
            // Nothing was written: ending the read transaction cannot lose anything.
            let _ = self.conn.execute_batch("COMMIT");
        }
    }
}

impl Iterator for ImportedReviews<'_> {
    type Item = Result<ImportedReview>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.batch.next() {
            return Some(Ok(r));
        }
        if self.done {
            return None;
        }
        match self.fetch() {
            Ok(batch) => {
                if batch.len() < IMPORT_BATCH {
                    self.end();
                }
                self.after = batch.last().map(|r| r.id).or(self.after);
                self.batch = batch.into_iter();
                self.batch.next().map(Ok)
            }
            Err(e) => {
                self.end();
                Some(Err(e))
            }
        }
    }
}

impl Drop for ImportedReviews<'_> {
    fn drop(&mut self) {
        self.end();
    }
}

/// A bundle for [`Store::import_batch`]: verified, or refused with the reason in English and in Chinese (it goes to
/// the quarantine).
pub enum Arrival<'a> {
    Verified(Incoming<'a>),
    Refused { source: &'a str, reason: &'a str, reason_zh: &'a str, payload_sha256: Option<&'a str>, content: &'a str },
}

/// Puts a bundle into the quarantine with its reason, `(English, Chinese)`; the log records the Chinese, as the
/// support unit reads it, and the English below it.
fn quarantine_in(
    tx: &rusqlite::Transaction,
    source: &str,
    (reason, reason_zh): (&str, &str),
    payload_sha256: Option<&str>,
    content: &str,
    at: &str,
    log: &mut Vec<Change>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO quarantine (source, reason, reason_zh, payload_sha256, content, quarantined_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![source, reason, reason_zh, payload_sha256, content, at],
    )?;
    log.push(Change::new("quarantine", source.to_string(), None, Some(format!("{reason_zh}\n{reason}"))));
    Ok(tx.last_insert_rowid())
}

fn import_in(tx: &rusqlite::Transaction, b: &Incoming, at: &str, log: &mut Vec<Change>) -> Result<ImportOutcome> {
    let current: Option<(i64, u32, String, String)> = tx
        .query_row(
            "SELECT id, revision, payload_sha256, signatures FROM imports WHERE uid = ?1 AND superseded_by IS NULL",
            [b.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let insert = |tx: &rusqlite::Transaction| -> rusqlite::Result<i64> {
        tx.execute(
            "INSERT INTO imports (uid, revision, payload_sha256, payload, scorecard_text, signers, signatures, source, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![b.uid, b.revision, b.payload_sha256, b.payload, b.scorecard_text, b.signers_json, b.signatures_json, b.source, at],
        )?;
        Ok(tx.last_insert_rowid())
    };
    let quarantine = |tx: &rusqlite::Transaction, why: ImportConflict| -> rusqlite::Result<ImportOutcome> {
        let (reason, reason_zh) = (why.en(), why.zh());
        tx.execute(
            "INSERT INTO quarantine (source, reason, reason_zh, payload_sha256, content, quarantined_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![b.source, reason, reason_zh, b.payload_sha256, b.signatures_json, at],
        )?;
        Ok(ImportOutcome::Quarantined { id: tx.last_insert_rowid(), reason, reason_zh })
    };
    // A panel drawn elsewhere, or with substitutions this store did not record, is not this support unit's draw.
    let draw_conflict = match &b.draw {
        Some((sha256, subs)) => match crate::store::pool::draw_in(tx, sha256)? {
            None => Some(ImportConflict::DrawUnknown { sha256: sha256.to_string() }),
            Some((draw, recorded)) if &recorded != subs => {
                Some(ImportConflict::DrawSubstitutionsDiffer { draw, recorded: recorded.len(), signed: subs.len() })
            }
            Some(_) => None,
        },
        None => None,
    };
    let outcome = match draw_conflict {
        Some(why) => quarantine(tx, why)?,
        None => match current {
            None => {
                // A payload already imported under another uid would be a copy: refuse it.
                let dup: Option<i64> = tx
                    .query_row("SELECT id FROM imports WHERE payload_sha256 = ?1", [b.payload_sha256], |r| r.get(0))
                    .optional()?;
                match dup {
                    Some(d) => quarantine(tx, ImportConflict::PayloadElsewhere { import: d })?,
                    None => ImportOutcome::New { id: insert(tx)? },
                }
            }
            Some((cid, rev, sha, sigs)) if sha == b.payload_sha256 => {
                let old: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&sigs)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| s["key_id"].as_str().map(|k| format!("{k}:{}", s["kind"].as_str().unwrap_or(""))))
                    .collect();
                let _ = rev;
                if old.iter().all(|k| b.signature_keys.contains(k)) && old.len() == b.signature_keys.len() {
                    ImportOutcome::Identical { id: cid }
                } else if old.iter().all(|k| b.signature_keys.contains(k)) {
                    tx.execute(
                        "UPDATE imports SET signers = ?1, signatures = ?2, source = ?3 WHERE id = ?4",
                        params![b.signers_json, b.signatures_json, b.source, cid],
                    )?;
                    ImportOutcome::SignaturesAdded { id: cid }
                } else {
                    quarantine(tx, ImportConflict::OtherSignatures)?
                }
            }
            Some((cid, rev, _, _)) if b.revision > rev => {
                let id = insert(tx)?;
                tx.execute("UPDATE imports SET superseded_by = ?1 WHERE id = ?2", params![id, cid])?;
                ImportOutcome::Superseded { id, old: cid }
            }
            Some((_, rev, _, _)) if b.revision == rev => {
                quarantine(tx, ImportConflict::SameRevision { revision: rev })?
            }
            Some((_, rev, _, _)) => quarantine(tx, ImportConflict::Older { revision: b.revision, current: rev })?,
        },
    };
    log.push(Change::new(
        "import",
        b.source.to_string(),
        None,
        Some(format!("{outcome:?}; payload sha256 {}", b.payload_sha256)),
    ));
    Ok(outcome)
}
