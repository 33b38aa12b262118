//! Why yanshou refuses what it is asked: every reason is a variant of [`Refusal`] carrying what it is about (the
//! field, the item and its maximum, the expert, the review), said in Chinese and in English by one implementation of
//! [`Explain`] (in `words.rs`). The store refuses with these values, the terminal app shows their Chinese, the command
//! line prints their Chinese and then their English.
//!
//! A new rule is one variant here and its two lines in `words.rs`; the test in `tests.rs` walks every variant.

mod blocker;
mod date;
mod field;
mod input;
mod words;

#[cfg(test)]
pub(crate) mod tests;

pub use blocker::Blocker;
pub use field::Field;
pub use input::{At, InputError, InputErrors, Unscored};

use crate::domain::credit_code::CreditCodeError;
use crate::domain::explain::Explain;
use crate::domain::points::{Points, PointsError};
use crate::domain::scorecard::Track;
pub use date::DateError;

/// A refusal: input that breaks a rule, or an act the review's state does not allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    // ----- typed text (domain::text) -----
    /// A required field is empty (or only whitespace).
    Empty {
        field: Field,
    },
    TooLong {
        field: Field,
        max: usize,
        len: usize,
    },
    ControlCharacter {
        field: Field,
        found: char,
    },
    InvisibleCharacter {
        field: Field,
        found: char,
    },
    /// A one-line field holds a line break.
    MultiLine {
        field: Field,
    },
    Date {
        field: Field,
        error: DateError,
    },
    Points {
        field: Field,
        error: PointsError,
    },
    CreditCode(CreditCodeError),

    // ----- reviews -----
    TrackMismatch {
        sheet: String,
        sheet_track: Track,
        track: Track,
    },
    /// Not a field `update_review` knows.
    NotAReviewField {
        name: String,
    },
    AlreadyFinalized {
        review: i64,
    },
    NothingToReopen {
        review: i64,
    },
    /// A change to a finalized review: it is locked until reopened.
    Locked {
        review: i64,
    },

    // ----- the panel -----
    /// An expert's field (专业) that is not one of the product's categories.
    NotAnExpertField {
        field: String,
        choices: Vec<String>,
    },
    ExpertOnPanel {
        name: String,
    },
    LeadTaken {
        lead: String,
        name: String,
    },
    ExpertOnRecord {
        name: String,
    },
    RecusedCannotLead {
        name: String,
    },
    AlreadyRecused {
        name: String,
    },

    // ----- scores, facts, bonuses, weights, vetoes -----
    RecusedCannotScore {
        name: String,
    },
    /// On the lead's laptop: this expert's scores came from their signed personal sheet (个人评分表); they change
    /// only by a newer signed revision of it.
    ScoresFromSheet {
        name: String,
    },
    /// On an expert's laptop, in a review imported from a kit: only that expert's own sheet is scored here.
    KitOtherExpert {
        name: String,
        own: String,
    },
    NotAnItem {
        item: String,
        sheet: String,
    },
    HasSubItems {
        item: String,
    },
    ScoreAboveMax {
        item: String,
        points: Points,
        max: Points,
    },
    SettledByFacts {
        item: String,
        settled: String,
    },
    ReasonMissing {
        item: String,
        points: Points,
        max: Points,
    },
    NoScore {
        name: String,
        item: String,
    },
    NotAFact {
        fact: String,
        sheet: String,
        known: Vec<String>,
    },
    FactYesNo {
        fact: String,
        text: String,
        value: String,
    },
    FactNotANumber {
        fact: String,
        text: String,
        value: String,
    },
    NotABonus {
        bonus: String,
        sheet: String,
    },
    BonusOutOfRange {
        bonus: String,
        title: String,
        value: Points,
        min: Points,
        max: Points,
    },
    WeightsFixed {
        sheet: String,
    },
    NotADirectItem {
        item: String,
        sheet: String,
    },
    WeightNotPositive {
        item: String,
    },
    ScoresAboveWeight {
        item: String,
        max: Points,
        over: Vec<(String, Points)>,
    },
    NotAVeto {
        veto: String,
        sheet: String,
    },
    VetoComputed {
        veto: String,
    },
    VetoEvidenceMissing {
        veto: String,
    },

    // ----- rules: fixed levels, requirements, distinctions, the type of review, the panel's decision -----
    /// A score the sheet's printed levels for the item do not allow.
    NotALevel {
        item: String,
        points: Points,
        levels: Vec<Points>,
    },
    NotARequirement {
        requirement: String,
        sheet: String,
    },
    /// A requirement of another type of review than the one chosen.
    RequirementNotApplicable {
        requirement: String,
        review_type: String,
    },
    /// A requirement found unmet without saying why.
    RequirementReasonMissing {
        requirement: String,
    },
    NotADistinction {
        distinction: String,
        sheet: String,
    },
    /// A distinction found to hold without the evidence.
    DistinctionEvidenceMissing {
        distinction: String,
    },
    /// The sheet or rules define types of review and none was chosen.
    ReviewTypeRequired {
        sheet: String,
        choices: Vec<String>,
    },
    NotAReviewType {
        review_type: String,
        sheet: String,
        choices: Vec<String>,
    },
    /// A type of review given for a sheet or rules that define none.
    NoReviewTypes {
        sheet: String,
    },
    /// The panel's own result recorded without its reason.
    DecisionReasonMissing,

    // ----- signing -----
    NotFinalized {
        review: i64,
    },
    RecusedCannotSign {
        name: String,
    },
    WrongRevision {
        signed: u32,
        current: u32,
    },
    AlreadySigned {
        name: String,
        dissent: bool,
    },
    KeyOfAnother {
        key: String,
        other: String,
        name: String,
    },
    /// A key whose own name (the one `yanshou key new --name` wrote into its file) is another expert's, and that the
    /// roster on this computer does not list as the signer's.
    KeyNamesAnother {
        owner: String,
        name: String,
    },

    // ----- the database -----
    /// A database written by a newer yanshou.
    NewerSchema {
        path: String,
        version: usize,
        current: usize,
    },
}

impl std::fmt::Display for Refusal {
    /// The English words ([`Explain::en`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for Refusal {}
