//! The draw a review's panel stands on, as a bundle carries it (issue 16): the payload (version 4) names the draw's
//! record by its SHA-256 (`draw_sha256`) and lists the substitutions recorded on it; the bundle carries the record's
//! canonical JSON as [`DRAW_RECORD`]. Verification checks, from the bundle alone: the record is there and is the one
//! named, it is of this enterprise, the draw re-runs from it to the same panel and reserves, each listed substitution
//! is the one the rule of substitution gives, and everyone who signed or dissented is on the drawn panel as it is after
//! those substitutions.

use std::collections::BTreeMap;

use super::draw::{record_bytes, verify_record};
use super::payload::Payload;
use super::problem::BundleProblem;
use crate::domain::explain::Explain;
use crate::domain::pool::PoolRefusal;
use crate::domain::pool::record::DrawRecordV1;
use crate::domain::pool::substitute::{self, Substitution};
use crate::hex::sha256_hex;

/// The folder of a bundle that holds the draw's record.
pub const DRAW_DIR: &str = "draw/";
/// The draw's record in a bundle: the canonical JSON (RFC 8785) of the record as the store keeps it, whose SHA-256 is
/// the payload's `draw_sha256`.
pub const DRAW_RECORD: &str = "draw/record.json";

/// Checks the payload's draw against the bundle's files and the names of those who signed or dissented; gives the
/// problems and whether [`DRAW_RECORD`] is a file of the bundle (it is only when the payload names a draw).
pub fn check(p: &Payload, files: &BTreeMap<String, Vec<u8>>, signers: &[String]) -> (Vec<BundleProblem>, bool) {
    let Some(sha256) = &p.draw_sha256 else {
        let problems = if p.substitutions.is_empty() { vec![] } else { vec![BundleProblem::SubstitutionsWithoutDraw] };
        return (problems, false);
    };
    let Some(bytes) = files.get(DRAW_RECORD) else {
        return (vec![BundleProblem::DrawRecordMissing { sha256: sha256.clone() }], true);
    };
    let actual = sha256_hex(bytes);
    if &actual != sha256 {
        return (vec![BundleProblem::DrawRecordChanged { actual, expected: sha256.clone() }], true);
    }
    let record: DrawRecordV1 = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => return (vec![BundleProblem::DrawRecordUnreadable { error: e.to_string() }], true),
    };
    if record_bytes(&record) != *bytes {
        let error = "not its canonical JSON".to_string();
        return (vec![BundleProblem::DrawRecordUnreadable { error }], true);
    }
    (of_record(p, &record, signers), true)
}

fn of_record(p: &Payload, record: &DrawRecordV1, signers: &[String]) -> Vec<BundleProblem> {
    let mut problems = Vec::new();
    if record.case.credit_code != p.enterprise.credit_code {
        problems.push(BundleProblem::DrawOtherEnterprise {
            drawn: format!("{}（{}）", record.case.enterprise, record.case.credit_code),
            signed: format!("{}（{}）", p.enterprise.name, p.enterprise.credit_code),
        });
    }
    if let Err(e) = verify_record(record) {
        problems.push(BundleProblem::DrawRerunDiffers { error: e.en(), error_zh: e.zh() });
        return problems;
    }
    // Each substitution again, by the rule, from the record and the ones before it.
    let mut subs: Vec<Substitution> = Vec::new();
    for part in &p.substitutions {
        let not_by_rule = |e: PoolRefusal| BundleProblem::SubstitutionNotByRule {
            out_name: part.out_name.clone(),
            in_name: part.in_name.clone(),
            error: e.en(),
            error_zh: e.zh(),
        };
        let Some(s) = part.substitution() else {
            let what = format!("替换原因类别“{}”未知", part.cause);
            problems.push(not_by_rule(PoolRefusal::RecordFormat { what }));
            return problems;
        };
        match substitute::next(record, &subs, &s.out_name, Some(&s.out_unit), s.cause, &s.reason) {
            Ok(again) if again == s => subs.push(s),
            Ok(again) => {
                let what = format!("按规则应由候补 {} 替换", again.in_name);
                problems.push(not_by_rule(PoolRefusal::RecordFormat { what }));
                return problems;
            }
            Err(e) => {
                problems.push(not_by_rule(e));
                return problems;
            }
        }
    }
    if let Err(PoolRefusal::SignersNotDrawn { names }) = substitute::check_signers(record, &subs, signers) {
        problems.extend(names.into_iter().map(|name| BundleProblem::SignerNotDrawn { name }));
    }
    problems
}
