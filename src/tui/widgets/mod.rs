//! What the screens and dialogs draw with: the text inputs, fitting and wrapping Chinese text by display width, the
//! shared styles and dialog frame, the status line with its key hints, and the help overlay.

pub mod chrome;
pub mod help;
pub mod input;
pub mod secret;
pub mod status;
pub mod wrap;
