//! The screens, one file each with its state, its keymap and its drawing: the review list, the new-review form, an
//! open review with its six pages, and the support unit's screen.

pub mod home;
pub mod new_review;
pub mod review;
pub mod unit;
