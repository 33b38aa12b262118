//! Schema migrations: append-only, counted by SQLite's `user_version`. A shipped migration is never edited; a change
//! of schema is a new entry at the end.

pub const MIGRATIONS: &[&str] = &[
    // 1: reviews, panel, recusals, scores, facts, bonuses, weights, vetoes, opinion, sign-in list, audit log.
    r#"
CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    enterprise_name TEXT NOT NULL CHECK (length(trim(enterprise_name)) > 0),
    credit_code     TEXT NOT NULL CHECK (length(credit_code) = 18),
    address         TEXT NOT NULL DEFAULT '',
    industry        TEXT NOT NULL DEFAULT '',
    track           TEXT NOT NULL CHECK (track IN ('voluntary', 'mandatory', 'any')),
    agency          TEXT NOT NULL DEFAULT '',
    scorecard_id    TEXT NOT NULL,
    scorecard_text  TEXT NOT NULL,
    scorecard_hash  TEXT NOT NULL,
    rules_json      TEXT NOT NULL,
    review_date     TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('draft', 'scoring', 'finalized')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE TABLE experts (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit      TEXT NOT NULL DEFAULT '',
    title     TEXT NOT NULL DEFAULT '',
    field     TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('lead', 'member')),
    UNIQUE (review_id, name)
);
CREATE TABLE recusals (
    expert_id   INTEGER PRIMARY KEY REFERENCES experts(id),
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    reason_id   TEXT,
    reason      TEXT NOT NULL,
    statement   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE scores (
    review_id  INTEGER NOT NULL REFERENCES reviews(id),
    expert_id  INTEGER NOT NULL REFERENCES experts(id),
    item_id    TEXT NOT NULL,
    tenths     INTEGER NOT NULL CHECK (tenths >= 0),
    reason     TEXT NOT NULL DEFAULT '',
    evidence   TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (expert_id, item_id)
);
CREATE TABLE facts (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    fact_id   TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (review_id, fact_id)
);
CREATE TABLE bonuses (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    bonus_id  TEXT NOT NULL,
    tenths    INTEGER NOT NULL CHECK (tenths >= 0),
    PRIMARY KEY (review_id, bonus_id)
);
CREATE TABLE weights (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    item_id   TEXT NOT NULL,
    tenths    INTEGER NOT NULL CHECK (tenths > 0),
    PRIMARY KEY (review_id, item_id)
);
CREATE TABLE veto_findings (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    veto_id   TEXT NOT NULL,
    answer    TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    evidence  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, veto_id)
);
CREATE TABLE opinions (
    review_id   INTEGER PRIMARY KEY REFERENCES reviews(id),
    summary     TEXT NOT NULL DEFAULT '',
    problems    TEXT NOT NULL DEFAULT '',
    suggestions TEXT NOT NULL DEFAULT '',
    conclusion  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE signins (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit      TEXT NOT NULL DEFAULT '',
    position  TEXT NOT NULL DEFAULT '',
    capacity  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    review_id INTEGER,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    old       TEXT,
    new       TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_review ON audit_log(review_id);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    // 2: a stable id per review for its signed versions; expert signatures and dissents; the support unit's imported
    // bundles (current and superseded) and its quarantine.
    r#"
ALTER TABLE reviews ADD COLUMN uid TEXT;
UPDATE reviews SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
CREATE UNIQUE INDEX reviews_uid ON reviews(uid);
CREATE TABLE signatures (
    id             INTEGER PRIMARY KEY,
    review_id      INTEGER NOT NULL REFERENCES reviews(id),
    expert_id      INTEGER NOT NULL REFERENCES experts(id),
    revision       INTEGER NOT NULL,
    payload_sha256 TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('sign', 'dissent')),
    public_key     TEXT NOT NULL,
    key_id         TEXT NOT NULL,
    signed_file    BLOB NOT NULL,
    minisig        TEXT NOT NULL,
    dissent        TEXT NOT NULL DEFAULT '',
    signed_at      TEXT NOT NULL,
    UNIQUE (review_id, expert_id, revision)
);
CREATE TABLE imports (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    payload_sha256 TEXT NOT NULL UNIQUE,
    payload        BLOB NOT NULL,
    scorecard_text TEXT NOT NULL,
    signers        TEXT NOT NULL,
    signatures     TEXT NOT NULL,
    source         TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    superseded_by  INTEGER REFERENCES imports(id)
);
CREATE INDEX imports_uid ON imports(uid);
CREATE TABLE quarantine (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    payload_sha256 TEXT,
    content        TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
);
"#,
    // 3: indexes for reading one review and the review list without scanning every row: scores and recusals were keyed
    // by expert, so loading a review read the whole table; the list read past each review's frozen sheet text.
    r#"
CREATE INDEX scores_review ON scores(review_id);
CREATE INDEX recusals_review ON recusals(review_id);
CREATE INDEX signins_review ON signins(review_id);
CREATE INDEX reviews_list ON reviews(review_date, id, enterprise_name, credit_code, scorecard_id, place, status, updated_at);
"#,
    // 4: the live rows tied to the audit log. The first entry of each change records the digests of the rows of its
    // review it wrote (`row_digests`, JSON `"table/key" → sha256 | null`; see src/store/state.rs), and its hash covers
    // them; older entries keep their hash. Right after this migration, in the same transaction, the store appends one
    // `baseline` entry per existing review recording its rows as they are ([`RECORD_ROWS`]): nothing the user entered
    // is changed or dropped, and from then on a row changed outside yanshou is found. (What was changed outside
    // yanshou before this migration cannot be told apart; the chain is verified whole before it runs.)
    r#"
ALTER TABLE audit_log ADD COLUMN row_digests TEXT;
"#,
    // 5: the quarantine's reason in Chinese beside the English one (`reason`, as it always was). Rows quarantined
    // before keep their English reason and have none in Chinese (NULL): nothing is rewritten.
    r#"
ALTER TABLE quarantine ADD COLUMN reason_zh TEXT;
"#,
    // 6: reviews decided by rules (issue 14): the panel's findings on each requirement and distinction, the type of
    // review chosen when it started (where the sheet or rules define types), and the panel's own result with its
    // reason (where the source leaves the result to the panel). New tables only: a review's existing rows and their
    // digests are unchanged, and a review without rows here is one the rules ask nothing of.
    r#"
CREATE TABLE findings (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    kind      TEXT NOT NULL CHECK (kind IN ('requirement', 'distinction')),
    entry_id  TEXT NOT NULL,
    met       TEXT NOT NULL CHECK (met IN ('yes', 'no')),
    evidence  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, kind, entry_id)
);
CREATE TABLE review_types (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id),
    type_id   TEXT NOT NULL
);
CREATE TABLE decisions (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id),
    passed    TEXT NOT NULL CHECK (passed IN ('yes', 'no')),
    reason    TEXT NOT NULL DEFAULT ''
);
"#,
    // 7: cases (src/store/cases/): an enterprise's application and everything around its reviews — the check of its
    // conditions and materials, its dated events (site visits, 工作报告, 公示, failure notices, 复核 requests, the
    // grant), the objections to its 公示 — and which reviews belong to it (`case_reviews`, keyed by review: a review
    // is in one case; a 复核 names the review it re-checks). A review's own rows are unchanged. Right after this
    // migration, in the same transaction, the store gives every existing review a case of its own (round 1), and
    // records each case's rows in the audit log (a `baseline` entry per case, `target` = `case <id>`): case rows are
    // tied to the log under their own keys (`cases/…`, `case_*/<case>/…`), found through `audit_log_case`.
    r#"
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    province        TEXT NOT NULL,
    track           TEXT NOT NULL CHECK (track IN ('voluntary', 'mandatory', 'any')),
    stage           TEXT NOT NULL CHECK (stage IN ('acceptance', 'assessment')),
    scorecard_id    TEXT NOT NULL,
    enterprise_name TEXT NOT NULL CHECK (length(trim(enterprise_name)) > 0),
    credit_code     TEXT NOT NULL,
    industry        TEXT NOT NULL DEFAULT '',
    opened_from     INTEGER REFERENCES reviews(id),
    created_at      TEXT NOT NULL
);
CREATE TABLE case_reviews (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews(id),
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    round      INTEGER NOT NULL CHECK (round >= 1),
    recheck_of INTEGER REFERENCES reviews(id),
    UNIQUE (case_id, round)
);
CREATE TABLE case_events (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    round   INTEGER NOT NULL CHECK (round >= 0),
    event   TEXT NOT NULL,
    date    TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, round, event)
);
CREATE TABLE case_checks (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind    TEXT NOT NULL CHECK (kind IN ('condition', 'material')),
    item_id TEXT NOT NULL,
    met     INTEGER NOT NULL CHECK (met IN (0, 1)),
    note    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, kind, item_id)
);
CREATE TABLE case_objections (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    round         INTEGER NOT NULL CHECK (round >= 1),
    date          TEXT NOT NULL,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    decision      TEXT CHECK (decision IN ('upheld', 'dismissed')),
    decided_on    TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_objections_case ON case_objections(case_id);
CREATE INDEX audit_log_case ON audit_log(target) WHERE review_id IS NULL;
"#,
    // 8: the expert pool (专家库) and the draws of panels from it (src/store/pool/): the pool's experts (a row each,
    // `served` the credit codes of the enterprises they served or consulted for, joined by `；`), every draw of a
    // case's panel (its record as canonical JSON, the record's SHA-256, the support unit's signature when it signed
    // it: a re-draw is a second row, never a replacement) and the substitutions on a drawn panel, in order. Rows are
    // tied to the audit log under their own keys (`pool_experts/<id>`, `draws/<id>`, `draw_substitutions/<draw>/<n>`)
    // by entries with no review whose `target` is `pool`. Nothing existing is changed.
    r#"
CREATE TABLE pool_experts (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit       TEXT NOT NULL CHECK (length(trim(unit)) > 0),
    field      TEXT NOT NULL CHECK (field IN ('清洁生产', '行业', '环保', '能源', '经济', '其他')),
    industry   TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT '',
    term_until TEXT,
    served     TEXT NOT NULL DEFAULT '',
    public_key TEXT,
    retired_on TEXT,
    added_at   TEXT NOT NULL,
    UNIQUE (name, unit)
);
CREATE TABLE draws (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    record        TEXT NOT NULL,
    record_sha256 TEXT NOT NULL UNIQUE,
    signature     TEXT,
    drawn_at      TEXT NOT NULL
);
CREATE INDEX draws_case ON draws(case_id);
CREATE TABLE draw_substitutions (
    draw_id  INTEGER NOT NULL REFERENCES draws(id),
    n        INTEGER NOT NULL CHECK (n >= 1),
    out_name TEXT NOT NULL,
    out_unit TEXT NOT NULL,
    in_name  TEXT NOT NULL,
    in_unit  TEXT NOT NULL,
    cause    TEXT NOT NULL CHECK (cause IN ('declined', 'conflict')),
    reason   TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at       TEXT NOT NULL,
    PRIMARY KEY (draw_id, n)
);
"#,
    // 9: each expert on their own laptop (issue 17). `kits`: the signed review kit of a review, as its lead exported
    // it (`lead`) or as an expert's laptop imported it (`expert`, with the expert it was imported for, if named);
    // `personal_sheets`: each expert's signed personal score sheet (个人评分表), every revision, as signed on the
    // expert's laptop (`signed`) or imported by the lead (`imported`), with the signed bytes. New tables only,
    // self-contained (nothing else refers to them), so that this migration can move to another number as it is.
    r#"
CREATE TABLE kits (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews(id),
    role       TEXT NOT NULL CHECK (role IN ('lead', 'expert')),
    kit_sha256 TEXT NOT NULL,
    kit        BLOB NOT NULL,
    minisig    TEXT NOT NULL,
    expert     TEXT
);
CREATE TABLE personal_sheets (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    expert    TEXT NOT NULL,
    revision  INTEGER NOT NULL CHECK (revision >= 1),
    direction TEXT NOT NULL CHECK (direction IN ('signed', 'imported')),
    sha256    TEXT NOT NULL,
    sheet     BLOB NOT NULL,
    minisig   TEXT NOT NULL,
    PRIMARY KEY (review_id, expert, revision, direction)
);
"#,
    // 10: which draw a review's panel stands on (issue 16), recorded when the panel is put from the draw, never
    // guessed from the case's last draw: a second draw of the case after a review was signed leaves that review's
    // payload as it was. A row per review whose panel came from a draw (a typed panel has none), tied to the audit
    // log with the pool's rows (`review_draws/<review>`, target `pool`). New table only, self-contained (nothing
    // refers to it), so that this migration can move to another number as it is.
    r#"
CREATE TABLE review_draws (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id),
    draw_id   INTEGER NOT NULL REFERENCES draws(id),
    linked_at TEXT NOT NULL
);
CREATE INDEX review_draws_draw ON review_draws(draw_id);
"#,
    // 11: each finalized review's result, stored when it is finalized, in the same transaction (src/store/results.rs):
    // `verdict` passed, failed or NULL where the sheet leaves the result to the panel, and the day it was finalized,
    // so that the case list says what the case page says without evaluating every review. Derived, and tied to the
    // audit log like the review's other rows (`review_results/<id>`); reopening deletes it. Right after this migration,
    // in the same transaction, every review already finalized gets its result, evaluated once, each in an entry of
    // its own. A narrow covering index of every review's status and date, for the case list. Nothing else changes.
    r#"
CREATE TABLE review_results (
    review_id    INTEGER PRIMARY KEY REFERENCES reviews(id),
    verdict      TEXT CHECK (verdict IN ('passed', 'failed')),
    finalized_on TEXT
);
CREATE INDEX reviews_status ON reviews(status, review_date);
"#,
];

/// The migration that brings the reviews' stored results ([`MIGRATIONS`]' position, from 1): the one place its number
/// is written (a test checks that it is the migration creating `review_results`).
pub const REVIEW_RESULTS: usize = 11;

/// The migration after which each review's rows are recorded whole (a baseline entry), and from which on the log
/// records the rows each change writes.
pub const RECORD_ROWS: usize = 4;
