//! What the views draw: the screen shown with its state, the open dialog, the help, the status line, and what they
//! need to read (the catalog, the data directory). The views only read it; the app's update changes it.

use std::path::PathBuf;

use crate::domain::scorecard::Catalog;
use crate::tui::dialogs::Modal;
use crate::tui::screens::home::Home;
use crate::tui::screens::new_review::NewReviewForm;
use crate::tui::screens::review::ReviewView;
use crate::tui::screens::unit::UnitView;
use crate::tui::widgets::status::StatusKind;

#[derive(Clone, Debug)]
pub enum Screen {
    Home,
    NewReview(NewReviewForm),
    Review(Box<ReviewView>),
    Unit(UnitView),
}

pub struct State {
    pub catalog: Catalog,
    pub data_dir: PathBuf,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub help: bool,
    pub status: (String, StatusKind),
    /// The review list, kept while another screen is shown.
    pub home: Home,
}
