//! What the panel types, read as the store will read it, with the message naming the field: points, dates and
//! required names. (The store decides; these only say it in the panel's words before anything is sent.)

use crate::domain::points::Points;

/// Whether `t` holds full-width forms (digits, letters, punctuation typed with the input method in full-width mode).
pub fn has_full_width(t: &str) -> bool {
    crate::domain::text::half_width(t).is_some()
}

/// Reads points as the panel types them: half-width digits with at most one decimal. Full-width digits are refused
/// with a message that says to use half-width ones (as the command line does), and so is anything but digits and one
/// point (an exponent such as `1e1` is a number to a parser, not to a panel).
pub fn check_points(what: &str, text: &str) -> Result<Points, String> {
    use crate::domain::points::PointsError;
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if has_full_width(t) {
        return Err(format!("{what}“{t}”不是数字：请用半角数字，如 4.5"));
    }
    if !t.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')) {
        return Err(format!("{what}“{t}”不是数字（请用半角数字，如 4.5）"));
    }
    Points::parse(t).map_err(|e| match e {
        PointsError::TooPrecise(_) => format!("{what}“{t}”最多保留一位小数"),
        PointsError::Negative(_) => format!("{what}“{t}”不能为负"),
        PointsError::TooLarge(_) => format!("{what}“{t}”太大"),
        PointsError::NotANumber(_) => format!("{what}“{t}”不是数字（请用半角数字，如 4.5）"),
        PointsError::FullWidth { .. } => format!("{what}“{t}”含全角字符：请用半角数字，如 4.5"),
    })
}

/// Checks a date as the panel types it (`2026-11-28`, half-width digits); the message names the field.
pub fn check_date(what: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if has_full_width(t) {
        return Err(format!("{what}“{t}”含全角字符：请用半角数字，如 2026-11-28"));
    }
    // The rule is the store's (domain::text::date: a calendar date from 2000 to 2099, stored padded); only the
    // message is the panel's.
    crate::domain::text::date(t, what)
        .map_err(|_| format!("{what}“{t}”不是有效日期（格式如 2026-11-28，2000—2099 年）"))
}

/// A required one-line text: refused when empty or only spaces.
pub fn check_required(what: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() { Err(format!("请填写{what}")) } else { Ok(()) }
}
