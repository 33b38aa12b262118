//! The domain's text rules applied to what is typed in, refused as [`StoreError::Refused`] naming the field.

use super::error::Result;
use crate::domain::refusal::Field;
use crate::domain::text;

/// The text rules of [`crate::domain::text`]; the refusal names the field.
pub(super) fn clean(value: &str, field: Field, max: usize, required: bool) -> Result<String> {
    Ok(text::clean(value, field, max, required)?)
}

/// [`clean`] for a one-line field: no line breaks and no tabs either.
pub(super) fn one_line(value: &str, field: Field, max: usize, required: bool) -> Result<String> {
    Ok(text::one_line(value, field, max, required)?)
}

/// Checks a review's date as `YYYY-MM-DD` (see [`crate::domain::text::date`]) and gives it back in that form.
pub fn check_date(date: &str) -> Result<String> {
    Ok(text::date(date, Field::ReviewDate)?)
}
