//! Characters as the text rules and their words see them: full-width forms (digits, letters and punctuation typed
//! with the input method in full-width mode) and their half-width spelling, a character named by its code, and where
//! a file's bytes stop being UTF-8. A leaf: the text rules, the points, the refusals' words and the sheet and
//! calendar readers all use it, and it uses nothing.

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

/// The hint for a number, date or id typed with full-width characters: `; type half-width digits: 3.5`.
pub fn half_width_hint(text: &str) -> String {
    match half_width(text.trim()) {
        Some(h) => format!(" (it is typed with full-width characters; type half-width digits: {h})"),
        None => String::new(),
    }
}

/// Where a file's bytes stop being UTF-8: the 1-based line and column (in characters) of the first byte that is not,
/// and that byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    pub line: usize,
    pub column: usize,
    pub byte: u8,
}

/// The text of a file's bytes, or where they stop being UTF-8.
pub fn utf8_text(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = &bytes[..at];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = std::str::from_utf8(&valid[start..]).map_or(0, |s| s.chars().count()) + 1;
        NotUtf8 { line, column, byte: bytes[at] }
    })
}
