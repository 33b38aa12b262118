//! The screens, one file each with its state, its keymap and its drawing: the review list, the new-review form, an
//! open review with its six pages, the support unit's screen, its case list and a case's page, its expert pool and the
//! draw of a case's panel.

pub mod case;
pub mod cases;
pub mod draw;
pub mod home;
pub mod new_review;
pub mod pool;
pub mod review;
pub mod unit;
