//! What the panel asks for once a key has been read: the words between the keymaps, which produce actions, and the
//! update ([`crate::tui::app::App::update`]), which performs them. An action carries what its request needs, read
//! from the screen or dialog when the key was pressed; the update reads nothing back from a dialog.

use std::path::PathBuf;

use crate::bundle::keys::Passphrase;
use crate::domain::points::Points;
use crate::domain::pool::entry::ExpertEntry;
use crate::domain::review::{Answer, Opinion};
use crate::store::{ExpertPatch, NewExpert, NewReview, OpinionPatch};
use crate::tui::tab::Tab;
use crate::tui::widgets::status::StatusKind;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Quit,
    Back,
    ToggleHelp,
    OpenReview(i64),
    StartNewReview,
    CreateReview {
        new: NewReview,
        scorecard: String,
    },
    LoadDemo,
    SwitchTab(Tab),
    AddExpert(NewExpert),
    UpdateExpert(i64, ExpertPatch),
    RemoveExpert(i64),
    SetLead(i64),
    Recuse {
        expert: i64,
        reason: String,
        statement: String,
    },
    SaveScore {
        expert: i64,
        item: String,
        points: Points,
        reason: String,
        evidence: String,
    },
    ClearScore {
        expert: i64,
        item: String,
    },
    SetFact {
        fact: String,
        value: Option<String>,
    },
    SetBonus {
        bonus: String,
        value: Option<Points>,
    },
    SetWeight {
        item: String,
        value: Option<Points>,
    },
    AddSignIn {
        name: String,
        unit: String,
        position: String,
        capacity: String,
    },
    RemoveSignIn(i64),
    AnswerVeto {
        veto: String,
        answer: Answer,
        evidence: String,
    },
    /// Whether a requirement is met; unmet needs its reason.
    AnswerRequirement {
        requirement: String,
        met: bool,
        reason: String,
    },
    /// Whether a distinction's conditions hold; holding needs its evidence.
    AnswerDistinction {
        distinction: String,
        holds: bool,
        evidence: String,
    },
    /// The panel's own result where the source leaves it to the panel, and its reason.
    SetDecision {
        passed: bool,
        reason: String,
    },
    SaveOpinion(OpinionPatch),
    Finalize,
    Reopen {
        id: i64,
        reason: String,
    },
    /// Open a dialog; the update fills it from what the store holds.
    Open(Open),
    CloseModal,
    /// Back from the question before typed text is thrown away to what was being typed.
    KeepEditing,
    /// Go to a scored item by its id ("2.3") or printed number ("2").
    JumpTo(String),
    PickScorecard(String),
    Status(String, StatusKind),
    /// Sign the open review's current revision (or sign a written dissent instead) with a secret key file.
    Sign {
        expert: i64,
        name: String,
        key_file: PathBuf,
        passphrase: Secret,
        dissent: Option<String>,
    },
    /// Write the open review's bundle to a new directory.
    Export(PathBuf),
    /// The support unit's screen.
    OpenUnit,
    /// The expert pool's screen, from the support unit's.
    OpenPool,
    /// The draw screen, from the pool's.
    OpenDraw,
    /// Takes an expert out of the pool today.
    RetireExpert(i64),
    /// Adds an expert to the pool (`id` `None`) or changes expert `id`'s entry, as typed (F9 in its form): the domain
    /// reads the entry, the public key is checked as a key.
    SavePoolExpert {
        id: Option<i64>,
        entry: ExpertEntry,
        public_key: String,
    },
    /// Fills the pool form's public key from the installed roster's entry of the expert `name`.
    RosterKey {
        name: String,
    },
    /// Who a draw for the case would exclude and everyone's chance, nothing drawn.
    PreviewDraw {
        case: i64,
        size: Option<u32>,
        reserves: u32,
    },
    /// Draws the case's panel (recorded before it is shown).
    DrawPanel {
        case: i64,
        size: Option<u32>,
        reserves: u32,
    },
    /// Import a bundle, or every bundle in a folder.
    Import(PathBuf),
    /// Import a review kit (an expert's laptop).
    ImportKit(PathBuf),
    /// Import a review kit for the expert chosen in the dialog (the only one scored on this laptop).
    ImportKitFor {
        path: PathBuf,
        expert: String,
    },
    /// Import an expert's signed personal score sheet (the lead's laptop).
    ImportSheet(PathBuf),
    /// Write the compilation workbook (and the CSV file beside it); `replace`: over the ones there (confirmed with F9).
    Compile {
        out: PathBuf,
        replace: bool,
    },
    /// Install the trusted roster, its signature (by default beside it) and the issuer's key, after checking them.
    InstallTrust {
        roster: PathBuf,
        sig: Option<PathBuf>,
        issuer: PathBuf,
    },
    /// The case list, read again from the store.
    OpenCases,
    /// A case's page.
    OpenCase(i64),
    /// A review of a case, opened from its page: Esc in the review goes back to that page.
    OpenCaseReview {
        case: i64,
        review: i64,
    },
    /// Record an act on a case (F9 in its form).
    CaseAct {
        case: i64,
        act: CaseAct,
    },
}

/// Which act's form to open on the case page, with what the page already knows for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseActKind {
    /// A new case, from the case list (`case new`): the provinces that have a file to choose from.
    New { provinces: Vec<String> },
    /// Tick a condition or material (the one selected), with a note.
    Check { item: String, met: Option<bool>, note: String },
    /// Close the application check.
    CheckDone,
    /// One of the case's own dates (application, acceptance, listing, forwarding, referral).
    Date,
    /// The site visit of the round to come.
    Schedule { visit: String },
    /// Start the case's review (`visit`: the one scheduled).
    Review { visit: String },
    /// The 验收工作报告 and the round's result.
    Report,
    /// Begin the 公示.
    Publish,
    /// An objection raised during the 公示.
    Object,
    /// The decision on an objection (`objection`: the first undecided one).
    Decide { objection: Option<i64> },
    /// The failure notice that opens the 整改.
    Rectify,
    /// The 复核 asked for after the 整改: a new review linked to the failed one.
    Recheck { visit: String },
    /// The title or certificate granted.
    Grant,
    /// Write the case's 验收工作报告 as HTML.
    ReportFile { path: String },
    /// Write the 公示 notice of every case whose 公示 begins on a day, as HTML.
    NoticeFile { path: String, from: String },
}

/// An act on a case as typed in its form (the store reads and checks every value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseAct {
    /// `track`: 0 自愿, 1 强制; `stage`: 0 验收, 1 评估.
    New {
        province: String,
        track: usize,
        stage: usize,
        enterprise: String,
        credit_code: String,
        industry: String,
        applied: String,
    },
    Check {
        item: String,
        met: bool,
        note: String,
    },
    CheckDone {
        date: String,
        reason: String,
    },
    /// `event`: the index in [`crate::tui::dialogs::case_act::DATE_EVENTS`].
    Date {
        event: usize,
        date: String,
    },
    Schedule {
        visit: String,
    },
    Review {
        visit: String,
        place: String,
        agency: String,
        address: String,
        review_type: Option<String>,
    },
    Recheck {
        requested: String,
        visit: String,
        place: String,
        agency: String,
        address: String,
        review_type: Option<String>,
    },
    /// `conclusion`: `Some(passed)` where the panel's conclusion is given, `None` for the review's own result.
    Report {
        date: String,
        conclusion: Option<bool>,
    },
    Publish {
        from: String,
        until: String,
        conclusion: Option<bool>,
    },
    Object {
        date: String,
        text: String,
    },
    Decide {
        objection: String,
        upheld: bool,
        date: String,
        note: String,
    },
    Rectify {
        notified: String,
        due: String,
        conclusion: Option<bool>,
    },
    Grant {
        date: String,
        note: String,
    },
    ReportFile {
        path: String,
    },
    NoticeFile {
        from: String,
        path: String,
    },
}

/// A dialog to open.
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    /// Add an expert (`None`) or edit one.
    Expert(Option<i64>),
    Recuse(i64),
    SignIn,
    /// Score an item for an expert; `first` is the key that opened the dialog, typed into the score.
    Score {
        expert: i64,
        item: String,
        first: Option<char>,
    },
    Facts,
    Bonuses,
    /// The adjustable points of one section's items.
    Weights(String),
    /// What a finding needs written: the evidence of a veto answered yes or of a distinction that holds, the reason
    /// a requirement is unmet.
    Evidence(Condition),
    /// The panel's own result and its reason.
    Decision,
    /// One of the four parts of the opinion (see `OPINION_FIELDS`).
    Editor(usize),
    Jump,
    Picker,
    Confirm(Ask),
    /// The signing dialog for an expert of the open review, or the dissent dialog.
    Sign {
        expert: i64,
        dissent: bool,
    },
    Path(PathKind),
    /// The personal sheets of the open review: who is in, who is missing, the spread once all are in.
    Sheets,
    /// The files of the support unit's trust, to install.
    Trust,
    /// Ask before the typed text of the dialog (or of the new-review form) is thrown away by leaving.
    Discard(Leave),
    /// An act on the open case.
    CaseAct(CaseActKind),
    /// Add an expert to the pool (`None`) or edit one, from the pool's screen.
    PoolExpert(Option<i64>),
}

/// A condition the panel finds, by its id in the sheet or rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Veto(String),
    Requirement(String),
    Distinction(String),
}

/// How the panel is leaving what holds typed text that is not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// Closing the dialog (Esc).
    Close,
    /// Leaving the screen for the list (Esc on the new-review form).
    Back,
    /// Quitting the app (Ctrl+C).
    Quit,
}

impl Leave {
    /// The action that leaves, once the panel agrees.
    pub fn action(self) -> Action {
        match self {
            Leave::Close => Action::CloseModal,
            Leave::Back => Action::Back,
            Leave::Quit => Action::Quit,
        }
    }
}

/// What a confirmation dialog asks (F9 confirms).
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    Finalize,
    Reopen(i64),
    RemoveExpert(i64),
    OverwriteOpinion(Box<Opinion>),
}

/// What a path dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Export,
    Import,
    Compile,
    /// A review kit, on an expert's laptop.
    Kit,
    /// An expert's signed personal score sheet, on the lead's laptop.
    Sheet,
}

/// A passphrase on its way from the signing dialog to the signing: wiped from memory when dropped, and never printed
/// (its `Debug` form hides it).
#[derive(Clone, PartialEq)]
pub struct Secret(pub Passphrase);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(hidden)")
    }
}
