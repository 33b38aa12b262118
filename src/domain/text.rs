//! The rules for typed text, shared by every way in (the command line, the terminal app, the store):
//!
//! - surrounding whitespace is trimmed; a required field of only whitespace is empty;
//! - control characters are refused (a multi-line text keeps its line breaks and tabs);
//! - invisible formatting characters are refused everywhere (zero-width spaces and joiners, bidi overrides and
//!   isolates, the byte-order mark, the soft hyphen): they make two names look alike, or text read differently from
//!   what it holds;
//! - legitimate mixed scripts (Chinese with Latin, Cyrillic or Greek letters, combining accents) are kept as typed;
//! - numbers, dates and ids are typed with half-width (ASCII) digits; full-width ones are refused with the half-width
//!   spelling to type instead. The credit code is the one exception: it is normalized, as it is copied from a licence.

use chrono::{Datelike, NaiveDate};

pub use crate::domain::chars::{half_width, half_width_hint};
use crate::domain::refusal::{Field, Refusal};

pub use crate::domain::limits::{FIRST_YEAR, LAST_YEAR, MAX_NAME, MAX_TEXT};
pub use crate::domain::refusal::DateError;

/// An invisible formatting character that can change how text looks without being seen.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                // soft hyphen
        | '\u{034F}'              // combining grapheme joiner
        | '\u{061C}'              // Arabic letter mark
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
        | '\u{180E}'              // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format characters
        | '\u{FEFF}'              // byte-order mark, zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
    )
}

/// A required field: refused when empty or only whitespace; the value trimmed otherwise. (A field that may be empty
/// is trimmed and taken as it is.)
pub fn required(value: &str, field: impl Into<Field>) -> Result<&str, Refusal> {
    let v = value.trim();
    if v.is_empty() { Err(Refusal::Empty { field: field.into() }) } else { Ok(v) }
}

/// Checks a text field: trimmed, at most `max` characters, no control characters but line breaks and tabs, no
/// invisible formatting characters. The refusal names the field.
pub fn clean(value: &str, field: impl Into<Field>, max: usize, required: bool) -> Result<String, Refusal> {
    let field = field.into();
    let v = value.trim();
    if required && v.is_empty() {
        return Err(Refusal::Empty { field });
    }
    let len = v.chars().count();
    if len > max {
        return Err(Refusal::TooLong { field, max, len });
    }
    if let Some(c) = v.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(Refusal::ControlCharacter { field, found: c });
    }
    if let Some(c) = v.chars().find(|c| is_invisible(*c)) {
        return Err(Refusal::InvisibleCharacter { field, found: c });
    }
    Ok(v.to_string())
}

/// [`clean`] for a one-line field: no line breaks and no tabs either.
pub fn one_line(value: &str, field: impl Into<Field>, max: usize, required: bool) -> Result<String, Refusal> {
    let field = field.into();
    let v = clean(value, field.clone(), max, required)?;
    if v.contains('\n') {
        return Err(Refusal::MultiLine { field });
    }
    if v.contains('\t') {
        return Err(Refusal::ControlCharacter { field, found: '\t' });
    }
    Ok(v)
}

/// Checks a date `YYYY-MM-DD` (`2026-1-5` is taken as 2026-01-05) between [`FIRST_YEAR`] and [`LAST_YEAR`], and
/// gives it back as `YYYY-MM-DD`.
pub fn date(value: &str, field: impl Into<Field>) -> Result<String, Refusal> {
    let refuse = |error| Refusal::Date { field: field.into(), error };
    let d = value.trim();
    if d.is_empty() {
        return Err(refuse(DateError::Empty));
    }
    let parsed = d
        .split('-')
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())
        })
        .collect::<Option<Option<Vec<u32>>>>()
        .flatten();
    let text = d.to_string();
    let date = match parsed.as_deref() {
        Some([y, m, day]) if (1000..=9999).contains(y) => {
            match i32::try_from(*y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, *m, *day)) {
                Some(date) => date,
                None => return Err(refuse(DateError::NotInTheCalendar { text })),
            }
        }
        // The half-width spelling of what was typed, when that is a date to type instead.
        _ => {
            let half = half_width(d).filter(|h| date(h, Field::ReviewDate).is_ok());
            return Err(refuse(DateError::NotOfTheForm { half, text }));
        }
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(refuse(DateError::OutOfRange { text, date: date.to_string() }));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::explain::Explain;

    #[test]
    fn dates_are_normalized_and_bounded() {
        assert_eq!(date("2026-11-28", "date").unwrap(), "2026-11-28");
        assert_eq!(date(" 2026-1-5 ", "date").unwrap(), "2026-01-05");
        assert!(date("2026-02-30", "date").unwrap_err().en().contains("not a date in the calendar"));
        assert!(date("1899-01-01", "date").unwrap_err().en().contains("outside"));
        assert!(date("9999-12-31", "date").unwrap_err().en().contains("outside"));
        assert!(date("２０２６－１１－２８", "date").unwrap_err().en().contains("half-width digits: 2026-11-28"));
        assert!(date("2026/11/28", "date").unwrap_err().en().contains("of the form"));
        assert!(date("+2026-11-28", "date").is_err());
        assert!(date("", "date").unwrap_err().en().contains("empty"));
    }

    #[test]
    fn text_rules() {
        assert_eq!(one_line("  王建国 ", "name", 10, true).unwrap(), "王建国");
        assert_eq!(one_line("Аcme清洁 é", "name", 20, true).unwrap(), "Аcme清洁 é");
        assert!(one_line("a\u{202E}b", "name", 10, true).unwrap_err().en().contains("invisible"));
        assert!(one_line("a\u{200B}b", "name", 10, true).unwrap_err().en().contains("U+200B"));
        assert!(one_line("a\tb", "name", 10, true).unwrap_err().en().contains("U+0009"));
        assert!(one_line("a\nb", "name", 10, true).unwrap_err().en().contains("one line"));
        assert_eq!(clean("a\n\tb", "text", 10, true).unwrap(), "a\n\tb");
        assert!(clean("a\rb", "text", 10, true).unwrap_err().en().contains("U+000D"));
        assert!(clean("   ", "text", 10, true).unwrap_err().en().contains("empty"));
        assert!(clean("abc", "text", 2, true).unwrap_err().en().contains("longer than 2 characters (3)"));
    }
}

/// The first run of three or more Latin letters in `s` (an English word, where a reader expects Chinese); ids, codes,
/// dates and line citations (`c1`, `L2410`, `91350100M000100Y43`) have shorter runs.
pub fn latin_word(s: &str) -> Option<&str> {
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) if i - b >= 3 => return Some(&s[b..i]),
            (false, Some(_)) => start = None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod latin_tests {
    use super::latin_word;

    #[test]
    fn a_latin_word_is_found_and_codes_are_not() {
        assert_eq!(latin_word("The sheet itself"), Some("The"));
        assert_eq!(latin_word("第五条（L2410–L2420）c1 91350100M000100Y43"), None);
        assert_eq!(latin_word("公示两周 online"), Some("online"));
        assert_eq!(latin_word("ab 二 cd"), None);
    }
}
