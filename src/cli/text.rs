//! Small text helpers for terminal output: display widths of Chinese text.

use unicode_width::UnicodeWidthStr;

/// Pads `s` with spaces to `width` display columns (a Chinese character takes two), truncating with `…` if longer.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total = s.width();
    for ch in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if total > width && used + w + 1 > width {
            out.push('…');
            used += 1;
            break;
        }
        out.push(ch);
        used += w;
    }
    while used < width {
        out.push(' ');
        used += 1;
    }
    out
}

/// A serde_json error without its trailing position (the caller prints file:line:column).
pub fn json_error(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(at) => s[..at].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("山东", 6), "山东  ");
        assert_eq!(pad("ab", 3), "ab ");
        assert_eq!(pad("清洁生产审核", 7).width(), 7);
    }
}
