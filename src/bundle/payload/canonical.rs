//! RFC 8785 canonical JSON, the bytes every signed structure is signed as.

use serde::Serialize;

/// The canonical bytes (RFC 8785) of any serializable value.
///
/// Written here for the values yanshou signs (strings, integers, arrays, objects): keys sorted by UTF-16 code units,
/// strings escaped as ECMAScript's `JSON.stringify` escapes them, integers as written. This is several times faster
/// than `serde_jcs`, which re-checks every imported payload's form on import; a value with any other number (a
/// fraction, an exponent, an integer beyond ±2^53) goes to `serde_jcs`, whose ECMAScript number formatting it needs.
/// Tests hold the two to the same bytes.
pub fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    if let Ok(v) = serde_json::to_value(value) {
        let mut out = Vec::with_capacity(8 * 1024);
        if write_canonical(&v, &mut out) {
            return out;
        }
    }
    serde_jcs::to_vec(value).expect("payload structs always serialize")
}

/// Appends the RFC 8785 form of `v`; false when it holds a number this does not format.
fn write_canonical(v: &serde_json::Value, out: &mut Vec<u8>) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => {
            let text = n.to_string();
            if !is_safe_integer(&text) {
                return false;
            }
            out.extend_from_slice(text.as_bytes());
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if !write_canonical(item, out) {
                    return false;
                }
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push(b'{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                if !write_canonical(item, out) {
                    return false;
                }
            }
            out.push(b'}');
        }
    }
    true
}

/// An integer ECMAScript writes exactly as its digits: no sign on zero, no leading zeros, within ±(2^53 − 1).
fn is_safe_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && text != "-0";
    plain && digits.parse::<u64>().is_ok_and(|n| n < (1u64 << 53))
}

/// A string as RFC 8785 writes it: `"` and `\` escaped, the short escapes for backspace, tab, line feed, form feed and
/// carriage return, `\u00xx` (lower-case hex) for the other control characters, everything else as it is.
fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x09 => b"\\t",
            0x0a => b"\\n",
            0x0c => b"\\f",
            0x0d => b"\\r",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&s.as_bytes()[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&s.as_bytes()[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Strings over the characters where canonical forms differ: controls, quotes, backslashes, ASCII, Chinese, the
    /// top of the BMP (sorted after astral characters in UTF-16 but before them by code point) and astral ones.
    fn text() -> impl Strategy<Value = String> {
        let chars = prop_oneof![
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('a')),
            Just('"'),
            Just('\\'),
            Just('/'),
            Just('\u{7f}'),
            Just('\u{2028}'),
            any::<char>(),
            proptest::char::range('a', 'e'),
            proptest::char::range('\u{4e00}', '\u{4e05}'),
            proptest::char::range('\u{e000}', '\u{e002}'),
            proptest::char::range('\u{ff61}', '\u{ff63}'),
            proptest::char::range('\u{10000}', '\u{10002}'),
            proptest::char::range('\u{1f600}', '\u{1f602}'),
        ];
        proptest::collection::vec(chars, 0..6).prop_map(|v| v.into_iter().collect())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
            (0u32..1000).prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec((text(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The canonical form written here is byte for byte the one serde_jcs writes.
        #[test]
        fn canonical_is_serde_jcs(v in value()) {
            prop_assert_eq!(canonical(&v), serde_jcs::to_vec(&v).expect("jcs"));
        }
    }

    /// Numbers this does not format go to serde_jcs, and still come out canonical.
    #[test]
    fn other_numbers_fall_back_to_serde_jcs() {
        for text in ["1.5", "1e3", "-0", "9007199254740993", "0.1", "100000000000000000000"] {
            let v: Value = serde_json::from_str(&format!("{{\"b\":{text},\"a\":[{text}]}}")).expect("json");
            let mut out = Vec::new();
            assert!(!write_canonical(&v, &mut out), "{text}");
            assert_eq!(canonical(&v), serde_jcs::to_vec(&v).expect("jcs"), "{text}");
        }
        assert!(is_safe_integer("9007199254740991") && is_safe_integer("-12") && is_safe_integer("0"));
        assert!(!is_safe_integer("007") && !is_safe_integer("+1") && !is_safe_integer(""));
    }
}
