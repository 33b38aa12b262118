//! Dialogs drawn on top of a screen, one file each with its state, its keymap and its drawing: expert, recusal,
//! score with its 扣分原因, facts / bonuses / item points, the sign-in list, the evidence or reason of a finding (a
//! veto, a requirement unmet, a distinction), the panel's own result, the opinion editor, jump,
//! sheet picker, confirmations, signing (key file, masked passphrase, dissent), the paths of an export, an import or a
//! compilation, the files of the trust to install, a report, an act on a case (its fields, F9 records), and an expert of the
//! pool added or edited (F9 saves). A confirmation of anything that cannot be taken
//! back needs F9, and signing needs Ctrl+S (or F9): a pasted Enter never triggers either. Esc never throws typed
//! text away without asking ([`discard`]); the fields that hold only a query (the item number to jump to, the sheet
//! filter) are not asked about.

pub mod case_act;
pub mod confirm;
pub mod decision;
pub mod discard;
pub mod editor;
pub mod evidence;
pub mod expert;
pub mod jump;
pub mod path;
pub mod picker;
pub mod pool_expert;
pub mod recuse;
pub mod report;
pub mod score;
pub mod sign;
pub mod signin;
pub mod trust;
pub mod values;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use case_act::CaseActForm;
pub use confirm::Confirm;
pub use decision::DecisionForm;
pub use discard::Discard;
pub use editor::{EditorForm, OPINION_FIELDS};
pub use evidence::EvidenceForm;
pub use expert::ExpertForm;
pub use path::{KitChoice, PathForm, PathKind};
pub use picker::Picker;
pub use pool_expert::PoolExpertForm;
pub use recuse::RecuseForm;
pub use report::Report;
pub use score::ScoreForm;
pub use sign::SignForm;
pub use signin::{SIGNIN_LIST, SignInForm};
pub use trust::TrustForm;
pub use values::{Values, ValuesForm};

use crate::tui::action::Action;
use crate::tui::keymap::{Info, Taken, hint_line};
use crate::tui::keys::Key;
use crate::tui::widgets::input::LineInput;

#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    Expert(ExpertForm),
    Recuse(RecuseForm),
    Score(ScoreForm),
    /// Facts, bonuses or adjusted item points.
    Values(ValuesForm),
    SignIn(SignInForm),
    Evidence(EvidenceForm),
    Decision(DecisionForm),
    Editor(EditorForm),
    Jump(LineInput),
    Picker(Picker),
    Confirm(Confirm),
    Sign(SignForm),
    Path(PathForm),
    Trust(TrustForm),
    Report(Report),
    /// An act on a case.
    CaseAct(CaseActForm),
    /// Adding an expert to the pool, or editing one.
    PoolExpert(PoolExpertForm),
    /// The question before typed text is thrown away, over the dialog that holds it (`None` over the new-review form).
    Discard {
        ask: Discard,
        under: Option<Box<Modal>>,
    },
}

impl Modal {
    /// Whether the dialog holds typed text that is not saved, which closing it would throw away.
    pub fn unsaved(&self) -> bool {
        match self {
            Modal::Expert(f) => f.unsaved(),
            Modal::Recuse(f) => f.unsaved(),
            Modal::Score(f) => f.unsaved(),
            Modal::Values(f) => f.unsaved(),
            Modal::SignIn(f) => f.unsaved(),
            Modal::Evidence(f) => f.text.changed(),
            Modal::Decision(f) => f.unsaved(),
            Modal::Editor(f) => f.text.changed(),
            Modal::Confirm(f) => f.reason.as_ref().is_some_and(|r| r.changed()),
            Modal::Sign(f) => f.unsaved(),
            Modal::Path(f) => f.path.changed(),
            Modal::Trust(f) => f.unsaved(),
            Modal::CaseAct(f) => f.unsaved(),
            Modal::PoolExpert(f) => f.unsaved(),
            // A query (an item number, a filter) is not work to lose; a report holds nothing typed.
            Modal::Jump(_) | Modal::Picker(_) | Modal::Report(_) => false,
            Modal::Discard { .. } => true,
        }
    }
}

/// A key in the open dialog: which binding took it, and what it asks for.
pub fn key(m: &mut Modal, key: &Key) -> Option<Taken<Action>> {
    match m {
        Modal::Expert(f) => expert::KEYS.dispatch(f, key),
        Modal::Recuse(f) => recuse::KEYS.dispatch(f, key),
        Modal::Score(f) => score::key(f, key),
        Modal::Values(f) => values::KEYS.dispatch(f, key),
        Modal::SignIn(f) => signin::KEYS.dispatch(f, key),
        Modal::Evidence(f) => evidence::KEYS.dispatch(f, key),
        Modal::Decision(f) => decision::KEYS.dispatch(f, key),
        Modal::Editor(f) => editor::KEYS.dispatch(f, key),
        Modal::Jump(f) => jump::KEYS.dispatch(f, key),
        Modal::Picker(f) => picker::KEYS.dispatch(f, key),
        Modal::Confirm(f) => confirm::KEYS.dispatch(f, key),
        Modal::Sign(f) => sign::KEYS.dispatch(f, key),
        Modal::Path(f) => path::KEYS.dispatch(f, key),
        Modal::Trust(f) => trust::KEYS.dispatch(f, key),
        Modal::CaseAct(f) => case_act::KEYS.dispatch(f, key),
        Modal::PoolExpert(f) => pool_expert::KEYS.dispatch(f, key),
        Modal::Report(f) => report::KEYS.dispatch(f, key),
        Modal::Discard { ask, .. } => discard::KEYS.dispatch(ask, key),
    }
}

/// Pasted text goes into the focused field, never read as keys.
pub fn paste(m: &mut Modal, text: &str) {
    match m {
        Modal::Expert(f) => f.paste(text),
        Modal::Recuse(f) => f.paste(text),
        Modal::Score(f) => f.paste(text),
        Modal::Values(f) => f.paste(text),
        Modal::SignIn(f) => f.paste(text),
        Modal::Evidence(f) => f.paste(text),
        Modal::Decision(f) => f.paste(text),
        Modal::Editor(f) => f.paste(text),
        Modal::Jump(f) => f.insert(text),
        Modal::Picker(f) => f.paste(text),
        Modal::Confirm(f) => f.paste(text),
        Modal::Sign(f) => f.paste(text),
        Modal::Path(f) => f.paste(text),
        Modal::Trust(f) => f.paste(text),
        Modal::CaseAct(f) => f.paste(text),
        Modal::PoolExpert(f) => f.paste(text),
        Modal::Report(_) | Modal::Discard { .. } => {}
    }
}

/// What an input of the dialog did not take as given (cut at its limit, control characters removed, lines joined),
/// as a note naming the field; taken once.
pub fn take_notice(m: &mut Modal) -> Option<String> {
    match m {
        Modal::Expert(f) => f.take_notice(),
        Modal::Recuse(f) => f.take_notice(),
        Modal::Score(f) => f.take_notice(),
        Modal::Values(f) => f.take_notice(),
        Modal::SignIn(f) => f.take_notice(),
        Modal::Evidence(f) => f.take_notice(),
        Modal::Decision(f) => f.take_notice(),
        Modal::Editor(f) => f.take_notice(),
        Modal::Jump(f) => jump::take_notice(f),
        Modal::Picker(f) => f.take_notice(),
        Modal::Confirm(f) => f.take_notice(),
        Modal::Sign(f) => f.take_notice(),
        Modal::Path(f) => f.take_notice(),
        Modal::Trust(f) => f.take_notice(),
        Modal::CaseAct(f) => f.take_notice(),
        Modal::PoolExpert(f) => f.take_notice(),
        Modal::Report(_) | Modal::Discard { .. } => None,
    }
}

/// The status-line hint of the open dialog.
pub fn hint(m: &Modal) -> String {
    match m {
        Modal::Expert(f) => hint_line(&[&expert::KEYS], f),
        Modal::Recuse(f) => hint_line(&[&recuse::KEYS], f),
        Modal::Score(f) => hint_line(&[&score::KEYS], f),
        Modal::Values(f) => hint_line(&[&values::KEYS], f),
        Modal::SignIn(f) => hint_line(&[&signin::KEYS], f),
        Modal::Evidence(f) => hint_line(&[&evidence::KEYS], f),
        Modal::Decision(f) => hint_line(&[&decision::KEYS], f),
        Modal::Editor(f) => hint_line(&[&editor::KEYS], f),
        Modal::Jump(f) => hint_line(&[&jump::KEYS], f),
        Modal::Picker(f) => hint_line(&[&picker::KEYS], f),
        Modal::Confirm(f) => hint_line(&[&confirm::KEYS], f),
        Modal::Sign(f) => hint_line(&[&sign::KEYS], f),
        Modal::Path(f) => hint_line(&[&path::KEYS], f),
        Modal::Trust(f) => hint_line(&[&trust::KEYS], f),
        Modal::CaseAct(f) => hint_line(&[&case_act::KEYS], f),
        Modal::PoolExpert(f) => hint_line(&[&pool_expert::KEYS], f),
        Modal::Report(f) => hint_line(&[&report::KEYS], f),
        Modal::Discard { ask, .. } => hint_line(&[&discard::KEYS], ask),
    }
}

pub fn render(frame: &mut Frame, m: &Modal, area: Rect) {
    match m {
        Modal::Expert(f) => expert::render(frame, f, area),
        Modal::Recuse(f) => recuse::render(frame, f, area),
        Modal::Score(f) => score::render(frame, f, area),
        Modal::Values(f) => values::render(frame, f, area),
        Modal::SignIn(f) => signin::render(frame, f, area),
        Modal::Evidence(f) => evidence::render(frame, f, area),
        Modal::Decision(f) => decision::render(frame, f, area),
        Modal::Editor(f) => editor::render(frame, f, area),
        Modal::Jump(f) => jump::render(frame, f, area),
        Modal::Picker(f) => picker::render(frame, f, area),
        Modal::Confirm(f) => confirm::render(frame, f, area),
        Modal::Sign(f) => sign::render(frame, f, area),
        Modal::Path(f) => path::render(frame, f, area),
        Modal::Trust(f) => trust::render(frame, f, area),
        Modal::CaseAct(f) => case_act::render(frame, f, area),
        Modal::PoolExpert(f) => pool_expert::render(frame, f, area),
        Modal::Report(f) => report::render(frame, f, area),
        Modal::Discard { ask, under } => {
            if let Some(under) = under {
                render(frame, under, area);
            }
            discard::render(frame, ask, area);
        }
    }
}

/// Every dialog's keymap, for the tests.
pub fn keymaps() -> Vec<Vec<Info>> {
    vec![
        expert::KEYS.info(),
        recuse::KEYS.info(),
        score::KEYS.info(),
        values::KEYS.info(),
        signin::KEYS.info(),
        evidence::KEYS.info(),
        decision::KEYS.info(),
        editor::KEYS.info(),
        jump::KEYS.info(),
        picker::KEYS.info(),
        confirm::KEYS.info(),
        sign::KEYS.info(),
        path::KEYS.info(),
        trust::KEYS.info(),
        case_act::KEYS.info(),
        pool_expert::KEYS.info(),
        report::KEYS.info(),
        discard::KEYS.info(),
    ]
}
