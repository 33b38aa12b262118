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

/// Checks a text field: trimmed, at most `max` characters, no control characters but line breaks and tabs, no
/// invisible formatting characters. The message names the field (`what`).
pub fn clean(value: &str, what: &str, max: usize, required: bool) -> Result<String, String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(format!("{what} is empty"));
    }
    let n = v.chars().count();
    if n > max {
        return Err(format!("{what} is longer than {max} characters ({n})"));
    }
    if let Some(c) = v.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(format!("{what} contains a control character ({})", describe(c)));
    }
    if let Some(c) = v.chars().find(|c| is_invisible(*c)) {
        return Err(format!(
            "{what} contains an invisible formatting character ({}), which can make text look like other text; remove it",
            describe(c)
        ));
    }
    Ok(v.to_string())
}

/// [`clean`] for a one-line field: no line breaks and no tabs either.
pub fn one_line(value: &str, what: &str, max: usize, required: bool) -> Result<String, String> {
    let v = clean(value, what, max, required)?;
    if v.contains('\n') {
        return Err(format!("{what} must be one line"));
    }
    if v.contains('\t') {
        return Err(format!("{what} contains a control character ({})", describe('\t')));
    }
    Ok(v)
}

/// A character as `U+001B`, with its common name where it has one.
fn describe(c: char) -> String {
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

/// Checks a date `YYYY-MM-DD` (`2026-1-5` is taken as 2026-01-05) between [`FIRST_YEAR`] and [`LAST_YEAR`], and
/// gives it back as `YYYY-MM-DD`.
pub fn date(value: &str, what: &str) -> Result<String, String> {
    let d = value.trim();
    if d.is_empty() {
        return Err(format!("{what} is empty; give a date of the form 2026-11-28"));
    }
    let parsed = d
        .split('-')
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())
        })
        .collect::<Option<Option<Vec<u32>>>>()
        .flatten();
    let date = match parsed.as_deref() {
        Some([y, m, day]) if (1000..=9999).contains(y) => i32::try_from(*y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, *m, *day))
            .ok_or_else(|| format!("{what} “{d}” is not a date in the calendar (month 1–12, a day the month has)"))?,
        _ => {
            return Err(format!("{what} “{d}” is not a date of the form 2026-11-28{}", half_width_hint(d)));
        }
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(format!("{what} {date} is outside {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"));
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
        assert!(date("2026-02-30", "date").unwrap_err().contains("not a date in the calendar"));
        assert!(date("1899-01-01", "date").unwrap_err().contains("outside"));
        assert!(date("9999-12-31", "date").unwrap_err().contains("outside"));
        assert!(date("２０２６－１１－２８", "date").unwrap_err().contains("half-width digits: 2026-11-28"));
        assert!(date("2026/11/28", "date").unwrap_err().contains("of the form"));
        assert!(date("+2026-11-28", "date").is_err());
        assert!(date("", "date").unwrap_err().contains("empty"));
    }

    #[test]
    fn text_rules() {
        assert_eq!(one_line("  王建国 ", "name", 10, true).unwrap(), "王建国");
        assert_eq!(one_line("Аcme清洁 é", "name", 20, true).unwrap(), "Аcme清洁 é");
        assert!(one_line("a\u{202E}b", "name", 10, true).unwrap_err().contains("invisible"));
        assert!(one_line("a\u{200B}b", "name", 10, true).unwrap_err().contains("U+200B"));
        assert!(one_line("a\tb", "name", 10, true).unwrap_err().contains("U+0009"));
        assert!(one_line("a\nb", "name", 10, true).unwrap_err().contains("one line"));
        assert_eq!(clean("a\n\tb", "text", 10, true).unwrap(), "a\n\tb");
        assert!(clean("a\rb", "text", 10, true).unwrap_err().contains("U+000D"));
        assert!(clean("   ", "text", 10, true).unwrap_err().contains("empty"));
        assert!(clean("abc", "text", 2, true).unwrap_err().contains("longer than 2 characters (3)"));
    }
}
