//! What the views draw: the screen shown with its state, the open dialog, the help, the status line (with the place
//! its message belongs to), and what they need to read (the catalog, the data directory). The views only read it; the
//! app's update changes it.

use std::path::PathBuf;

use crate::domain::calendar::Calendar;
use crate::domain::scorecard::Catalog;
use crate::tui::dialogs::Modal;
use crate::tui::screens::case::CaseView;
use crate::tui::screens::cases::CaseListView;
use crate::tui::screens::draw::DrawView;
use crate::tui::screens::home::Home;
use crate::tui::screens::new_review::NewReviewForm;
use crate::tui::screens::pool::PoolView;
use crate::tui::screens::review::ReviewView;
use crate::tui::screens::unit::UnitView;
use crate::tui::widgets::status::StatusKind;

#[derive(Clone, Debug)]
pub enum Screen {
    Home,
    NewReview(NewReviewForm),
    Review(Box<ReviewView>),
    Unit(UnitView),
    Pool(PoolView),
    Draw(Box<DrawView>),
    Cases(CaseListView),
    Case(Box<CaseView>),
}

/// Which screen the panel is on (for a review, which review: its pages are one screen). A status message belongs to
/// the screen that raised it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Home,
    NewReview,
    Review(i64),
    Unit,
    Pool,
    Draw,
    Cases,
    Case(i64),
}

impl Screen {
    pub fn place(&self) -> Place {
        match self {
            Screen::Home => Place::Home,
            Screen::NewReview(_) => Place::NewReview,
            Screen::Review(v) => Place::Review(v.id),
            Screen::Unit(_) => Place::Unit,
            Screen::Pool(_) => Place::Pool,
            Screen::Draw(_) => Place::Draw,
            Screen::Cases(_) => Place::Cases,
            Screen::Case(v) => Place::Case(v.case.id),
        }
    }
}

pub struct State {
    pub catalog: Catalog,
    /// The working calendar the cases' deadlines are counted on (the built-in years and the data directory's).
    pub calendar: Calendar,
    pub data_dir: PathBuf,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub help: bool,
    pub status: (String, StatusKind),
    /// Where the status message was raised: it is shown there only, and cleared when the panel goes elsewhere.
    /// `None` for what holds everywhere (a read-only data directory, a damaged database).
    pub status_place: Option<Place>,
    /// The review list, kept while another screen is shown.
    pub home: Home,
    /// The folder of the last key file that signed in this session: the next expert's key is looked for there first.
    pub key_dir: Option<PathBuf>,
}

impl State {
    /// Whether what has the focus holds typed text that is not saved: the open dialog, or the new-review form.
    pub fn unsaved(&self) -> bool {
        match (&self.modal, &self.screen) {
            (Some(m), _) => m.unsaved(),
            (None, Screen::NewReview(f)) => f.unsaved(),
            _ => false,
        }
    }
}
