//! The domain's text rules applied to what is typed in, refused as [`StoreError::Refused`] naming the field.

use super::error::{Result, StoreError};
use crate::domain::text;

/// The text rules of [`crate::domain::text`]; the message names the field.
pub(super) fn clean(value: &str, what: &str, max: usize, required: bool) -> Result<String> {
    text::clean(value, what, max, required).map_err(StoreError::Refused)
}

/// [`clean`] for a one-line field: no line breaks and no tabs either.
pub(super) fn one_line(value: &str, what: &str, max: usize, required: bool) -> Result<String> {
    text::one_line(value, what, max, required).map_err(StoreError::Refused)
}

/// Checks a date as `YYYY-MM-DD` (see [`crate::domain::text::date`]) and gives it back in that form.
pub fn check_date(date: &str) -> Result<String> {
    text::date(date, "date").map_err(StoreError::Refused)
}
