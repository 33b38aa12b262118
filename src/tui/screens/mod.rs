//! The screens, one file each with its state, its keymap and its drawing: the review list, the new-review form, an
//! open review with its six pages, the support unit's screen, its case list and a case's page.

pub mod case;
pub mod cases;
pub mod home;
pub mod new_review;
pub mod review;
pub mod unit;
