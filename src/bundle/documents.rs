//! The files of a bundle that are derived, never trusted: the three printable documents and the signers' key files.
//!
//! Export writes them; verification renders them again from what the bundle's signed and hash-bound content holds —
//! the payload, the carried sheet, and the signers as the verifier derives them from the signatures — and refuses a
//! bundle whose copies differ by a byte. Both sides go through [`derived_files`] with signers made by [`signer`] and
//! [`panel_signers`], so export writes exactly what verification recomputes: nothing in a derived file comes from the
//! panel's database, the clock or the machine.

use std::collections::BTreeMap;

use super::manifest::ManifestSignature;
use super::payload::{ExpertPart, Payload};
use super::{SignStatus, SignerInfo, html};
use crate::domain::scorecard::Scorecard;

/// The acceptance opinion, with the signature block.
pub const OPINION: &str = "验收意见.html";
/// The filled score sheet.
pub const SCORE_SHEET: &str = "评分表.html";
/// The sign-in sheet.
pub const SIGNIN: &str = "签到表.html";
/// The printable documents, in the order they are rendered.
pub const DOCUMENTS: [&str; 3] = [OPINION, SCORE_SHEET, SIGNIN];

/// Where a signer's public key is written in a bundle.
pub fn key_path(key_id: &str) -> String {
    format!("keys/{key_id}.pub")
}

/// A signer's public key file (minisign's two lines), from the manifest's entry for the signature: the key id and
/// public key that verification checks against the roster.
pub fn key_file(s: &ManifestSignature) -> String {
    format!("untrusted comment: yanshou public key {} of {}\n{}\n", s.key_id, s.expert, s.public_key)
}

/// When a signature says it was made: the `at=` that ends the trusted comment yanshou writes (the comment is covered by
/// the signature), or nothing for a signature whose comment has none.
pub fn signed_at(trusted_comment: &str) -> Option<String> {
    trusted_comment.rsplit_once(" at=").map(|(_, at)| at.to_string()).filter(|at| !at.is_empty())
}

/// The signer that a valid signature makes of its expert: signed, or dissented with the dissent's text.
pub fn signer(s: &ManifestSignature, trusted_comment: &str, dissent: Option<&str>) -> SignerInfo {
    SignerInfo {
        expert: s.expert.clone(),
        status: if dissent.is_some() { SignStatus::Dissented } else { SignStatus::Signed },
        key_id: Some(s.key_id.clone()),
        signed_at: signed_at(trusted_comment),
        dissent: dissent.map(str::to_string),
    }
}

/// Every expert of the panel, in panel order, with their state: recused, else as `signed` says (signed or dissented),
/// else missing.
pub fn panel_signers(panel: &[ExpertPart], mut signed: BTreeMap<String, SignerInfo>) -> Vec<SignerInfo> {
    panel
        .iter()
        .map(|e| {
            let nobody =
                |status| SignerInfo { expert: e.name.clone(), status, key_id: None, signed_at: None, dissent: None };
            if e.recused {
                nobody(SignStatus::Recused)
            } else {
                signed.remove(&e.name).unwrap_or_else(|| nobody(SignStatus::Missing))
            }
        })
        .collect()
}

/// Every derived file of a bundle, by its path in the bundle: the three documents, then one key file per signature
/// entry (an entry later in the list replaces an earlier one of the same key, as a file written twice would).
///
/// `payload_sha256` is the SHA-256 of the payload's bytes, `card` the carried sheet parsed, `signers` the panel as
/// [`panel_signers`] gives it and `signatures` the manifest's signature entries.
pub fn derived_files(
    p: &Payload,
    payload_sha256: &str,
    card: &Scorecard,
    signers: &[SignerInfo],
    signatures: &[ManifestSignature],
) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (OPINION.to_string(), html::opinion_html(p, signers, payload_sha256).into_bytes()),
        (SCORE_SHEET.to_string(), html::score_sheet_document(p, card, payload_sha256).into_bytes()),
        (SIGNIN.to_string(), html::signin_document(p, payload_sha256).into_bytes()),
    ];
    let keys: BTreeMap<String, String> = signatures.iter().map(|s| (key_path(&s.key_id), key_file(s))).collect();
    files.extend(keys.into_iter().map(|(path, text)| (path, text.into_bytes())));
    files
}

/// Where a file differs from its rendering: the line, and a short excerpt of each around the first differing byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// 1-based.
    pub line: usize,
    /// What the bundle's copy has there (control characters escaped); empty when it ends there.
    pub found: String,
    /// What the rendering has there; empty when the copy is longer.
    pub expected: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.found.is_empty(), self.expected.is_empty()) {
            (true, _) => write!(f, "it ends at line {}, before “{}”", self.line, self.expected),
            (_, true) => write!(f, "line {} has “{}” after the end of the rendering", self.line, self.found),
            _ => write!(f, "line {} reads “{}” where the rendering reads “{}”", self.line, self.found, self.expected),
        }
    }
}

/// How many bytes of context an excerpt shows on each side of the first difference.
const CONTEXT: usize = 48;

/// Where `found` first differs from `expected`, or `None` when they are the same bytes.
pub fn difference(found: &[u8], expected: &[u8]) -> Option<Difference> {
    if found == expected {
        return None;
    }
    let at = found.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(found.len().min(expected.len()));
    // The bytes before `at` are the same in both: so are the line number and the start of the line.
    let line = 1 + expected[..at].iter().filter(|b| **b == b'\n').count();
    let line_start = expected[..at].iter().rposition(|b| *b == b'\n').map_or(0, |n| n + 1);
    let mut start = at.saturating_sub(CONTEXT).max(line_start);
    // Start on a character boundary of the rendering (valid UTF-8), which is one of the copy's too.
    while start > line_start && expected.get(start).is_some_and(|b| (0x80..0xC0).contains(b)) {
        start -= 1;
    }
    let excerpt = |bytes: &[u8]| -> String {
        if at >= bytes.len() {
            return String::new();
        }
        let line_end = bytes[at..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |n| at + n);
        // At least the differing byte itself, even when it is the end of the line.
        let end = line_end.min(at + CONTEXT).max(at + 1);
        let mut out = String::new();
        if start > line_start {
            out.push('…');
        }
        // A cut through a character shows as U+FFFD; control characters are shown escaped.
        for c in String::from_utf8_lossy(&bytes[start..end]).chars() {
            if c.is_control() { out.extend(c.escape_default()) } else { out.push(c) }
        }
        if end < line_end {
            out.push('…');
        }
        out
    };
    Some(Difference { line, found: excerpt(found), expected: excerpt(expected) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_of_a_signature_is_the_end_of_its_trusted_comment() {
        let c = "yanshou sign review=ab rev=1 expert=王 at=x payload=cd at=2026-11-28T10:00:00+08:00";
        assert_eq!(signed_at(c).as_deref(), Some("2026-11-28T10:00:00+08:00"));
        assert_eq!(signed_at("signed by hand"), None);
        assert_eq!(signed_at("x at="), None);
    }

    #[test]
    fn a_difference_names_the_line_and_shows_both_sides() {
        let expected = "<h1>意见</h1>\n<td>100.00，满分 100</td>\n<p>通过验收</p>\n".as_bytes();
        let found = "<h1>意见</h1>\n<td>59.00，满分 100</td>\n<p>通过验收</p>\n".as_bytes();
        let d = difference(found, expected).unwrap();
        assert_eq!(d.line, 2);
        assert_eq!(d.found, "<td>59.00，满分 100</td>");
        assert_eq!(d.expected, "<td>100.00，满分 100</td>");
        assert_eq!(difference(expected, expected), None);

        // A flipped byte inside a Chinese character, a control character, a copy cut short, a copy longer.
        let mut flipped = expected.to_vec();
        flipped[5] ^= 0x40;
        let d = difference(&flipped, expected).unwrap();
        assert_eq!(d.line, 1);
        assert!(d.found.contains('\u{FFFD}') && d.expected.contains("意见"), "{d}");
        let d = difference(b"<p>a\x1b[2Jb</p>", b"<p>ab</p>").unwrap();
        assert_eq!(d.found, "<p>a\\u{1b}[2Jb</p>");
        let d = difference(&expected[..20], expected).unwrap();
        assert!(d.found.is_empty() && d.to_string().starts_with("it ends at line 2"), "{d}");
        let longer = [expected, b"<script>"].concat();
        let d = difference(&longer, expected).unwrap();
        assert_eq!((d.line, d.found.as_str()), (4, "<script>"));
        assert!(d.to_string().contains("after the end"), "{d}");
    }

    #[test]
    fn a_long_line_is_cut_around_the_difference() {
        let expected = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let found = format!("{}Y{}", "a".repeat(200), "b".repeat(200));
        let d = difference(found.as_bytes(), expected.as_bytes()).unwrap();
        assert_eq!(d.found, format!("…{}Y{}…", "a".repeat(CONTEXT), "b".repeat(CONTEXT - 1)));
    }
}
