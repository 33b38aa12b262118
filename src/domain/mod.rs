//! The domain: score sheets, exact points, the scoring engine and the official working calendar. Pure Rust: no
//! terminal, no database, no files.
//! Every other layer depends on this one, never the reverse.

pub mod calendar;
pub mod case;
pub mod chars;
pub mod credit_code;
pub mod decide;
pub mod explain;
pub mod filename;
pub mod input;
pub mod limits;
pub mod points;
pub mod pool;
pub mod refusal;
pub mod review;
pub mod score_order;
pub mod scorecard;
pub mod scoring;
pub mod settled;
pub mod text;
