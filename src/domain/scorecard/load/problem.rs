//! What is wrong with a score sheet or a province rules file, as typed values: where in the file (a [`Place`]) and
//! what (a [`SheetProblem`]). Their words, Chinese and English, are in `words.rs`.

use super::super::model::Op;
pub use super::procedure_problem::ProcedureProblem;
pub use super::rules_problem::RulesProblem;
use crate::domain::points::Points;

/// A part of a sheet or rules file that a problem names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Scorecard,
    Document,
    Weights,
    Section,
    Fact,
    Item,
    /// A rule of an item (`[[items.rules]]`).
    ItemRule,
    Bonus,
    Veto,
    Grade,
    /// An entry of the checklist, named by its id.
    Checklist,
    /// An entry of the checklist, when its id is checked.
    ChecklistEntry,
    Note,
    Province,
    PanelRule,
    RecusalReason,
    Right,
    /// A sheet named in a province file's `sheets = [...]`.
    Sheet,
    Outcome,
    Requirement,
    ReviewType,
    Distinction,
    Contested,
}

/// Where a value is: a part (with its id when it has one) and a key of it; a top-level key has no part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub part: Option<Part>,
    pub id: Option<String>,
    pub key: Option<&'static str>,
}

impl Place {
    /// A key at the top of the file (`province`, `title`).
    pub fn key(key: &'static str) -> Place {
        Place { part: None, id: None, key: Some(key) }
    }

    /// A part without an id (the document, the weights, a grade, a note).
    pub fn of(part: Part) -> Place {
        Place { part: Some(part), id: None, key: None }
    }

    /// A part with its id (section `1`, item `1.1`).
    pub fn id(part: Part, id: &str) -> Place {
        Place { part: Some(part), id: Some(id.to_string()), key: None }
    }

    /// The key `key` of this part.
    pub fn at(self, key: &'static str) -> Place {
        Place { key: Some(key), ..self }
    }
}

/// Why a sheet or rules file is refused: one variant per reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetProblem {
    // Reading the file.
    /// The folder of extra files cannot be listed; `reason`: the system's words.
    FolderUnreadable {
        reason: String,
    },
    /// The file cannot be read; `reason`: the system's words.
    Unreadable {
        reason: String,
    },
    /// The file on disk is over the limit and was not read. `size`: its size if it has one.
    ReadTooLarge {
        size: Option<u64>,
        max: u64,
        largest: u64,
    },
    /// The text handed in is over the limit.
    FileTooLarge {
        bytes: usize,
    },
    NotUtf8 {
        column: usize,
        byte: u8,
    },
    /// The TOML parser's own words.
    Syntax {
        message: String,
    },
    /// A key longer than any of the format's; `table`: the dotted path of its table, empty at the top.
    KeyTooLong {
        chars: usize,
        table: String,
    },
    /// A string value over its limit: `key` of the table at `table` (with the table's `id`, if it has one).
    ValueTooLong {
        key: String,
        table: String,
        id: Option<String>,
        chars: usize,
        free: bool,
    },

    // Shared by sheets and province files.
    Schema {
        found: u32,
    },
    BadCitation {
        place: Place,
        text: String,
    },
    Empty {
        place: Place,
    },
    BadId {
        part: Part,
        id: String,
    },
    IdTwice {
        part: Part,
        id: String,
        first_line: usize,
    },
    UnknownNoteKind {
        kind: String,
    },
    NoteWithoutSource,
    /// A note's panel text with no Chinese in it: the panel reads Chinese.
    PanelNoteNotChinese,
    /// A note's panel text of more than one line.
    PanelNoteMultiLine,
    /// A note's panel text that cites the source's lines (`L1234`), which belong in `sources`.
    PanelNoteCitesLines {
        found: String,
    },
    UnknownOp {
        text: String,
    },
    UndeclaredFact {
        fact: String,
    },
    YesNoFactValue {
        fact: String,
    },
    YesNoFactOp {
        fact: String,
    },
    NumberFactValue {
        fact: String,
    },

    // A sheet.
    UnknownStage {
        stage: String,
    },
    UnknownTrack {
        track: String,
    },
    MaxTotalZero,
    NoSections,
    UnknownFactKind {
        kind: String,
    },
    ItemSectionUnknown {
        item: String,
        section: String,
    },
    RuleAboveItem {
        item: String,
        points: Points,
        max: Points,
    },
    RuleScoreWord {
        item: String,
        word: String,
    },
    ParentUnknown {
        item: String,
        parent: String,
    },
    ParentOtherSection {
        item: String,
        parent: String,
    },
    ParentLoop {
        item: String,
    },
    ScoredZero {
        item: String,
    },
    RulesOnParent {
        item: String,
    },
    ItemSumMismatch {
        item: String,
        points: Points,
        sum: Points,
    },
    SectionNoItems {
        section: String,
    },
    SectionSumMismatch {
        section: String,
        points: Points,
        sum: Points,
    },
    TotalMismatch {
        max_total: Points,
        sum: Points,
    },
    BonusMinAboveMax {
        bonus: String,
        min: Points,
        max: Points,
    },
    BonusMaxZero {
        bonus: String,
    },
    VetoNeedsOp {
        veto: String,
    },
    VetoAboveHighest {
        veto: String,
        score: Points,
        highest: Points,
    },
    VetoShape {
        veto: String,
    },
    GradeTwice {
        label: String,
    },
    GradeAboveHighest {
        label: String,
        score: Points,
        highest: Points,
    },
    GradeNotBelow {
        label: String,
        op: Op,
        score: Points,
    },
    GradeBelowNotLast {
        label: String,
        op: Op,
    },
    GradeGap {
        label: String,
        op: Op,
        score: Points,
        above: Points,
        above_included: bool,
    },
    GradeBelowFirst {
        label: String,
        op: Op,
    },
    GradeEquality {
        label: String,
        op: Op,
    },
    PassBelowFail {
        label: String,
    },
    NoGrades,
    MismatchWithoutNote {
        section: String,
    },

    // A province file.
    PanelValue {
        rule: String,
        value: i64,
    },
    PanelNeedsValue {
        rule: String,
        kind: String,
    },
    PanelField {
        rule: String,
        field: String,
    },
    PanelNeedsFields {
        rule: String,
    },
    UnknownPanelKind {
        rule: String,
        kind: String,
    },
    UnknownLevel {
        rule: String,
        level: String,
    },

    // Across files.
    ProvinceTwice {
        province: String,
        other_file: String,
    },
    IdInOtherFile {
        id: String,
        other_file: String,
    },
    NoProvinceRules {
        province: String,
    },
    SheetNotLoaded {
        rule: String,
        sheet: String,
    },

    /// How the review is decided: kind, outcome, requirements, types, distinctions, contested boundaries, levels.
    Rules(RulesProblem),

    /// The procedure around the review: conditions, materials, deadlines, 公示, 整改, validity.
    Procedure(ProcedureProblem),
}
