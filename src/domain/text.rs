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

use crate::domain::explain::Explain;
use crate::domain::refusal::{Field, Refusal};

/// The most characters a one-line field takes (a name, a unit, a title, an address, a place); longer input is
/// refused, not cut.
pub const MAX_NAME: usize = 200;
/// The most characters a free-text field takes (a reason, evidence, a statement, the opinion); longer input is
/// refused, not cut.
pub const MAX_TEXT: usize = 20_000;

/// The earliest and latest dates a review or a roster entry may carry.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2099;

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

/// A character as `U+001B`, with its common name where it has one.
pub(crate) fn describe(c: char) -> String {
    let name = match c {
        '\0' => " NUL",
        '\t' => " tab",
        '\r' => " carriage return",
        '\u{1b}' => " escape",
        '\u{7}' => " bell",
        '\u{200B}' => " zero-width space",
        '\u{200D}' => " zero-width joiner",
        '\u{202E}' => " right-to-left override",
        '\u{FEFF}' => " byte-order mark",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// The half-width spelling of a text typed with full-width forms (`３.５` → `3.5`, `２０２６－１１－２８` →
/// `2026-11-28`), or `None` if it has none.
pub fn half_width(text: &str) -> Option<String> {
    let has = text.chars().any(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}' | '。'));
    has.then(|| {
        text.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                '。' => '.',
                c => c,
            })
            .collect()
    })
}

/// The hint for a number, date or id typed with full-width characters: `; type half-width digits: 3.5`.
pub fn half_width_hint(text: &str) -> String {
    match half_width(text.trim()) {
        Some(h) => format!(" (it is typed with full-width characters; type half-width digits: {h})"),
        None => String::new(),
    }
}

/// Why a text is not a date a review or a roster entry may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// Not of the form `2026-11-28`; `half` is the half-width spelling when it was typed with full-width characters.
    NotOfTheForm {
        text: String,
        half: Option<String>,
    },
    /// Of the form, but not a day of the calendar (month 1–12, a day the month has).
    NotInTheCalendar {
        text: String,
    },
    /// Before [`FIRST_YEAR`] or after [`LAST_YEAR`]: the date as typed and as read.
    OutOfRange {
        text: String,
        date: String,
    },
}

impl DateError {
    /// The date as it was typed (empty when nothing was).
    pub fn text(&self) -> &str {
        match self {
            DateError::Empty => "",
            DateError::NotOfTheForm { text, .. }
            | DateError::NotInTheCalendar { text }
            | DateError::OutOfRange { text, .. } => text,
        }
    }
}

impl Explain for DateError {
    fn zh(&self) -> String {
        let t = self.text();
        match self {
            DateError::Empty => "未填写日期（格式如 2026-11-28）".into(),
            DateError::NotOfTheForm { half: Some(_), .. } => format!("“{t}”含全角字符：请用半角数字，如 2026-11-28"),
            _ => format!("“{t}”不是有效日期（格式如 2026-11-28，{FIRST_YEAR}—{LAST_YEAR} 年）"),
        }
    }

    fn en(&self) -> String {
        match self {
            DateError::Empty => "is empty; give a date of the form 2026-11-28".into(),
            DateError::NotOfTheForm { text, half } => {
                let hint = match half {
                    Some(h) => format!(" (it is typed with full-width characters; type half-width digits: {h})"),
                    None => String::new(),
                };
                format!("“{text}” is not a date of the form 2026-11-28{hint}")
            }
            DateError::NotInTheCalendar { text } => {
                format!("“{text}” is not a date in the calendar (month 1–12, a day the month has)")
            }
            DateError::OutOfRange { date, .. } => format!("{date} is outside {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"),
        }
    }
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
        _ => return Err(refuse(DateError::NotOfTheForm { half: half_width(d), text })),
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(refuse(DateError::OutOfRange { text, date: date.to_string() }));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
