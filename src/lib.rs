//! yanshou (验收): on-site acceptance reviews of clean-production audits.
//!
//! Layers, each depending only on the ones above it:
//! - [`domain`]: score sheets, exact points, the scoring engine (pure Rust);
//! - [`builtin`]: the sheets shipped in the binary and the data directory's extra files;
//! - [`paths`]: where the user's data lives;
//! - [`files`]: writing files whole or not at all, reading outside files with a size limit, and the leftovers of
//!   killed runs;
//! - [`hex`]: the one hex spelling of digests;
//! - the command line (`src/cli`), at the binary's edge.

pub mod builtin;
pub mod bundle;
pub(crate) mod cache;
pub mod domain;
pub mod files;
pub mod hex;
pub mod paths;
pub mod store;
pub mod tui;
