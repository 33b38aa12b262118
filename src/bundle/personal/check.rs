//! The signed personal sheets a review bundle carries (`sheets/NN-<expert>.json` and its `.minisig`), checked against
//! the payload that lists them (version 3's `sheets`): each listed sheet is in the bundle (found by its hash), is the
//! listed expert's sheet of that revision of this review, its signature verifies with the key the roster lists as the
//! expert's, and its scores are exactly the payload's scores for that expert — so the averaged totals, which
//! verification recomputes from the payload's scores, follow from the signed sheets.

use std::collections::{BTreeMap, BTreeSet};

use super::sheet::read_sheet;
use crate::bundle::keys::public_from_base64;
use crate::bundle::payload::Payload;
use crate::bundle::problem::BundleProblem;
use crate::bundle::roster::Roster;
use crate::bundle::sign;
use crate::domain::explain::Explain;
use crate::hex::sha256_hex;

/// The folder of a bundle that holds the personal sheets.
pub const SHEETS_DIR: &str = "sheets/";

/// A personal sheet's file in a bundle: `sheets/NN-<name>.json`, `NN` the expert's place on the panel.
pub fn sheet_path(place: usize, safe_name: &str) -> String {
    format!("{SHEETS_DIR}{place:02}-{safe_name}.json")
}

/// Checks the payload's personal sheets against the bundle's files; returns the problems and the files that are the
/// listed sheets and their signatures (which are then files of the bundle).
pub fn check(
    p: &Payload,
    files: &BTreeMap<String, Vec<u8>>,
    roster: &Roster,
) -> (Vec<BundleProblem>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let mut of_the_bundle = BTreeSet::new();
    for entry in &p.sheets {
        let name = entry.expert.clone();
        let found = files.iter().find(|(path, bytes)| {
            path.starts_with(SHEETS_DIR) && path.ends_with(".json") && sha256_hex(bytes) == entry.sha256
        });
        let Some((path, bytes)) = found else {
            problems.push(BundleProblem::PersonalSheetMissing { name, revision: entry.revision });
            continue;
        };
        let sig_path = format!("{path}.minisig");
        of_the_bundle.insert(path.clone());
        of_the_bundle.insert(sig_path.clone());
        let unreadable = |error: String| BundleProblem::PersonalSheetUnreadable {
            name: entry.expert.clone(),
            path: path.clone(),
            error,
        };
        let sheet = match read_sheet(bytes) {
            Ok(s) => s,
            Err(e) => {
                problems.push(unreadable(e.zh()));
                continue;
            }
        };
        if sheet.expert != entry.expert || sheet.revision != entry.revision || sheet.review_uid != p.review.uid {
            problems.push(BundleProblem::PersonalSheetElsewhere { name, path: path.clone(), revision: entry.revision });
            continue;
        }
        let Some(minisig) = files.get(&sig_path).map(|b| String::from_utf8_lossy(b).into_owned()) else {
            problems.push(unreadable(format!("{sig_path} is missing")));
            continue;
        };
        let key = match sign::inspect(&minisig) {
            Ok((key, _)) => key,
            Err(e) => {
                problems.push(unreadable(e.zh()));
                continue;
            }
        };
        // Trust comes from the roster, as for the payload's signatures.
        let Some(listed) = roster.entry(&key).filter(|e| !e.revoked && e.name == entry.expert) else {
            problems.push(BundleProblem::PersonalSheetKey { name, path: path.clone(), key });
            continue;
        };
        let verified = public_from_base64(&listed.public_key)
            .map_err(|e| sign::SignError::Format(e.to_string()))
            .and_then(|pk| sign::verify(&pk, &minisig, bytes));
        if let Err(e) = verified {
            problems.push(BundleProblem::PersonalSheetSignature {
                name,
                path: path.clone(),
                error: e.to_string(),
                error_zh: e.zh(),
            });
            continue;
        }
        // The payload's scores of this expert, exactly the sheet's.
        let signed: BTreeMap<&str, (&str, &str, &str)> = sheet
            .scores
            .iter()
            .map(|s| (s.item.as_str(), (s.score.as_str(), s.reason.as_str(), s.evidence.as_str())))
            .collect();
        let paid: BTreeMap<&str, (&str, &str, &str)> = p
            .scores
            .iter()
            .filter(|s| s.expert == entry.expert)
            .map(|s| (s.item.as_str(), (s.score.as_str(), s.reason.as_str(), s.evidence.as_str())))
            .collect();
        let items: BTreeSet<&str> = signed.keys().chain(paid.keys()).copied().collect();
        if let Some(item) = items.into_iter().find(|i| signed.get(i) != paid.get(i)) {
            problems.push(BundleProblem::PersonalSheetScores { name, item: item.to_string() });
        }
    }
    (problems, of_the_bundle)
}
