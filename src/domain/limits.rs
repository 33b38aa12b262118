//! How long a typed text may be: the one-line fields and the free texts, the same for what a person types and for
//! what a data file holds. A leaf: the text rules and the sheet loader both read it.

/// The most characters a one-line field takes (a name, a unit, a title, an address, a place); longer input is
/// refused, not cut.
pub const MAX_NAME: usize = 200;
/// The most characters a free-text field takes (a reason, evidence, a statement, the opinion); longer input is
/// refused, not cut.
pub const MAX_TEXT: usize = 20_000;

/// The earliest and latest dates a review or a roster entry may carry.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2099;

/// A limit (or a size) as it is written to a person: `1048576` as `1,048,576`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
