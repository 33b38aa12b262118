//! Score sheets as data: the file format, its validation and the catalog of loaded sheets.

pub mod catalog;
mod citation;
pub mod load;
pub mod model;
mod outcome;
pub mod procedure;
mod raw;
mod raw_procedure;

pub use catalog::{Catalog, DataFile, FileKind};
pub use load::{LoadError, LoadErrors, parse_province, parse_scorecard};
pub use model::*;
