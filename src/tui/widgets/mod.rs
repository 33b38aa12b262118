//! What the screens and dialogs draw with: the text inputs, fitting and wrapping Chinese text by display width, the
//! shared styles and dialog frame, the status line with its key hints, the help overlay, and the words for a result,
//! a status and an item's levels that screens and dialogs both say.

pub mod chrome;
pub mod help;
pub mod input;
pub mod secret;
pub mod status;
pub mod words;
pub mod wrap;
