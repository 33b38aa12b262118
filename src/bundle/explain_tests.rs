//! Every typed reason of the bundle side said in both languages: the Chinese line is Chinese (and names what the
//! English names), the English is the text the command line has always printed. The `every_*` functions match
//! without a wildcard, so a new variant does not compile until it is walked here too.

use super::documents::Difference;
use super::export::ExportError;
use super::import::ImportError;
use super::keys::KeyError;
use super::read::{BundleProblem, EntryKind, ReadError};
use super::roster::RosterError;
use super::sign::SignError;
use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::domain::refusal::{Blocker, InputError};
use crate::store::StoreError;

fn p(tenths: i64) -> Points {
    Points::from_tenths(tenths)
}

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Checks one reason: English as Display, Chinese that differs from it, and every `names` in both.
fn walk<T: Explain + std::fmt::Display>(e: &T, names: &[&str]) {
    let (zh, en) = (e.zh(), e.en());
    assert_eq!(en, e.to_string());
    assert!(chinese(&zh) && zh != en, "not said in Chinese: {zh}");
    for n in names {
        assert!(zh.contains(n) && en.contains(n), "“{n}” is missing: {zh} / {en}");
    }
}

fn every_key_error() -> Vec<(KeyError, &'static str)> {
    let all = vec![
        (KeyError::File { path: "/k/王.key".into(), message: "permission denied".into() }, "/k/王.key"),
        (KeyError::WrongPassphrase("/k/王.key".into()), "/k/王.key"),
        (KeyError::Invalid("bad box".into()), "bad box"),
        (KeyError::NotAPublicKey { text: "RWabc".into(), why: "bad length".into() }, "RWabc"),
    ];
    for (e, _) in &all {
        match e {
            KeyError::File { .. }
            | KeyError::WrongPassphrase(_)
            | KeyError::Invalid(_)
            | KeyError::NotAPublicKey { .. } => {}
        }
    }
    all
}

fn every_sign_error() -> Vec<(SignError, &'static str)> {
    let all = vec![
        (SignError::Sign("no key".into()), "no key"),
        (SignError::Bad("mismatch".into()), "mismatch"),
        (SignError::Format("two lines".into()), "two lines"),
    ];
    for (e, _) in &all {
        match e {
            SignError::Sign(_) | SignError::Bad(_) | SignError::Format(_) => {}
        }
    }
    all
}

#[test]
fn keys_and_signatures() {
    for (e, name) in every_key_error() {
        walk(&e, &[name]);
    }
    for (e, name) in every_sign_error() {
        walk(&e, &[name]);
    }
    // As the terminal app has always said it.
    assert_eq!(
        KeyError::WrongPassphrase("a.key".into()).zh(),
        "口令不对（或 a.key 不是 yanshou 私钥）；请重新输入口令"
    );
}

#[test]
fn export_errors() {
    let all = vec![
        (ExportError::Key(KeyError::WrongPassphrase("a.key".into())), vec!["a.key"]),
        (ExportError::Key(KeyError::File { path: "a.key".into(), message: "gone".into() }), vec!["a.key", "gone"]),
        (ExportError::Key(KeyError::Invalid("bad".into())), vec!["bad"]),
        (
            ExportError::Unevaluable(vec![
                InputError::AboveMax { expert: "王建国".into(), item: "1.1".into(), points: p(30), max: p(20) },
                InputError::NotAVeto { veto: "v9".into(), sheet: "fujian-2008-acceptance".into() },
            ]),
            vec!["1.1", "v9"],
        ),
        (ExportError::NoSuchExpert { review: 3, expert: 9 }, vec!["3", "9"]),
        (ExportError::Recused { expert: "陈立".into() }, vec!["陈立"]),
        (
            ExportError::Refused(crate::domain::refusal::Refusal::KeyNamesAnother {
                owner: "赵敏".into(),
                name: "陈刚".into(),
            }),
            vec!["赵敏", "陈刚"],
        ),
        (ExportError::EmptyDissent, vec![]),
        (ExportError::Signature(SignError::Bad("x".into())), vec!["x"]),
        (ExportError::Exists { path: "/usb/b".into() }, vec!["/usb/b"]),
        (ExportError::Unsigned { review: 4, revision: 2 }, vec!["4", "2"]),
        (ExportError::SignedOtherPayload { expert: "王建国".into() }, vec!["王建国"]),
        (ExportError::StoredSignatureUnreadable { expert: "王建国".into(), reason: "r".into() }, vec!["王建国"]),
        (ExportError::SheetDoesNotLoad("line 3".into()), vec!["line 3"]),
        (ExportError::Manifest("eof".into()), vec!["eof"]),
        (ExportError::File { path: "/usb/b".into(), message: "full".into() }, vec!["/usb/b", "full"]),
        (
            ExportError::NameNotPortable {
                name: "con.yanshou.zip".into(),
                problem: crate::domain::filename::NameProblem::Reserved { stem: "con".into() },
            },
            vec!["con.yanshou.zip"],
        ),
        (
            ExportError::Archive(crate::files::archive::ArchiveError::Duplicate { name: "a.json".into() }),
            vec!["a.json"],
        ),
    ];
    for (e, names) in &all {
        match e {
            ExportError::Store(_)
            | ExportError::Key(_)
            | ExportError::Unevaluable(_)
            | ExportError::NoSuchExpert { .. }
            | ExportError::Recused { .. }
            | ExportError::Refused(_)
            | ExportError::EmptyDissent
            | ExportError::Signature(_)
            | ExportError::Exists { .. }
            | ExportError::Unsigned { .. }
            | ExportError::SignedOtherPayload { .. }
            | ExportError::StoredSignatureUnreadable { .. }
            | ExportError::SheetDoesNotLoad(_)
            | ExportError::Manifest(_)
            | ExportError::File { .. }
            | ExportError::NameNotPortable { .. }
            | ExportError::Archive(_) => walk(e, names),
        }
    }
    // The English is what the command line printed before the reasons were typed.
    assert_eq!(ExportError::Recused { expert: "陈立".into() }.en(), "陈立 has recused (回避) and cannot sign");
    assert_eq!(
        ExportError::Unsigned { review: 4, revision: 2 }.en(),
        "nobody has signed revision 2 of review 4; sign it first (yanshou review sign 4 …)"
    );
    // The terminal app's words for a secret key it cannot read stay as they were.
    assert_eq!(
        ExportError::Key(KeyError::File { path: "a.key".into(), message: "gone".into() }).zh(),
        "无法读取私钥文件 a.key：gone"
    );
    // A wrapped store error is said by the store.
    let store = ExportError::Store(StoreError::Busy);
    assert_eq!((store.zh(), store.en()), (StoreError::Busy.zh(), StoreError::Busy.to_string()));
    let import = ImportError::Store(StoreError::Busy);
    assert_eq!((import.zh(), import.en()), (StoreError::Busy.zh(), StoreError::Busy.to_string()));
}

#[test]
fn roster_and_import_errors() {
    let all = vec![
        (RosterError::Key(KeyError::Invalid("k".into())), vec!["k"]),
        (RosterError::File { path: "r.json".into(), message: "m".into() }, vec!["r.json"]),
        (RosterError::Untrusted("r.json".into(), "why".into()), vec!["r.json", "why"]),
        (RosterError::Invalid("dup".into()), vec!["dup"]),
    ];
    for (e, names) in &all {
        match e {
            RosterError::Key(_) | RosterError::File { .. } | RosterError::Untrusted(..) | RosterError::Invalid(_) => {
                walk(e, names)
            }
        }
    }
    let install = super::trust::InstallError {
        dir: "/data/trust".into(),
        why: RosterError::Untrusted("r.json".into(), "why".into()),
    };
    walk(&install, &["/data/trust", "r.json", "why"]);
    let json = serde_json::from_str::<u8>("x").unwrap_err();
    let e = ImportError::Json(json);
    match &e {
        ImportError::Store(_) | ImportError::Json(_) => walk(&e, &[]),
    }
}

#[test]
fn reading_and_bundle_problems() {
    let all = vec![
        (ReadError::NoManifest { dir: "/usb/b".into(), message: "gone".into() }, vec!["/usb/b"]),
        (ReadError::NotAManifest { message: "line 1".into() }, vec!["line 1"]),
        (ReadError::NotVersion1, vec![]),
        (ReadError::BadName { name: "../x".into() }, vec!["../x"]),
        (ReadError::Missing { name: "payload.json".into() }, vec!["payload.json"]),
        (ReadError::Unreadable { name: "a/".into(), message: "m".into() }, vec!["a/"]),
        (ReadError::NotAFile { path: "bundle.json".into(), kind: EntryKind::Symlink }, vec!["bundle.json"]),
        (ReadError::TooManyEntries { limit: 4096 }, vec!["4096"]),
        (ReadError::NoPayload, vec!["payload.json"]),
        (ReadError::NoScorecard, vec!["scorecard.toml"]),
        (ReadError::ScorecardNotUtf8, vec!["scorecard.toml"]),
        (
            ReadError::Archive {
                path: "/usb/验收.yanshou.zip".into(),
                error: crate::files::archive::ArchiveError::Encrypted { name: "payload.json".into() },
            },
            vec!["/usb/验收.yanshou.zip", "payload.json"],
        ),
    ];
    for (e, names) in &all {
        match e {
            ReadError::NoManifest { .. }
            | ReadError::NotAManifest { .. }
            | ReadError::NotVersion1
            | ReadError::BadName { .. }
            | ReadError::Missing { .. }
            | ReadError::Unreadable { .. }
            | ReadError::NotAFile { .. }
            | ReadError::TooManyEntries { .. }
            | ReadError::NoPayload
            | ReadError::NoScorecard
            | ReadError::ScorecardNotUtf8
            | ReadError::Archive { .. } => walk(e, names),
        }
    }
    let diff = |found: &str, expected: &str| Difference { line: 7, found: found.into(), expected: expected.into() };
    let mut all: Vec<(BundleProblem, Vec<&str>)> =
        [EntryKind::File, EntryKind::Folder, EntryKind::Symlink, EntryKind::Special]
            .into_iter()
            .map(|kind| (BundleProblem::Unlisted { path: "x\u{1b}y".into(), kind }, vec!["x\\u{1b}y"]))
            .collect();
    all.extend([
        (BundleProblem::MoreUnlisted { count: 12 }, vec!["12"]),
        (BundleProblem::ManifestNotAsWritten, vec!["bundle.json"]),
        (BundleProblem::NotOfTheBundle { path: "extra.txt".into() }, vec!["extra.txt"]),
        (BundleProblem::DerivedMissing { path: "签到表.html".into() }, vec!["签到表.html"]),
        (
            BundleProblem::DerivedDiffers { path: "评分表.html".into(), difference: diff("a", "b") },
            vec!["评分表.html", "7"],
        ),
        (BundleProblem::DerivedDiffers { path: "评分表.html".into(), difference: diff("", "b") }, vec!["7", "b"]),
        (BundleProblem::DerivedDiffers { path: "评分表.html".into(), difference: diff("a", "") }, vec!["7", "a"]),
    ]);
    let sheet = crate::domain::scorecard::parse_scorecard("scorecard.toml", "schema = 2").unwrap_err();
    let name = || "王建国".to_string();
    let key = || "0123456789ABCDEF".to_string();
    all.extend([
        (BundleProblem::ListedMissing { path: "signatures/01.minisig".into() }, vec!["signatures/01.minisig"]),
        (
            BundleProblem::Changed { path: "payload.json".into(), actual: "ab12".into(), expected: "cd34".into() },
            vec!["payload.json", "ab12", "cd34"],
        ),
        (BundleProblem::PayloadHashDiffers, vec!["payload.json", "bundle.json"]),
        (BundleProblem::NotAPayload { message: "EOF at line 1".into() }, vec!["payload.json", "EOF at line 1"]),
        (BundleProblem::PayloadNotCanonical, vec!["payload.json", "RFC 8785"]),
        (BundleProblem::UnknownPayload { format: "other".into(), version: 9 }, vec!["other", "9"]),
        (BundleProblem::ManifestAndPayloadDiffer, vec!["bundle.json", "payload.json"]),
        (BundleProblem::SheetHashDiffers, vec!["scorecard.toml"]),
        (BundleProblem::SheetDoesNotLoad(sheet.0.clone()), vec!["scorecard.toml"]),
        (
            BundleProblem::Incomplete(vec![
                Blocker::Unexplained { expert: name(), items: vec!["2.6".into()] },
                Blocker::Evaluation(InputError::NotAVeto { veto: "v9".into(), sheet: "s".into() }),
            ]),
            vec!["王建国", "2.6", "v9"],
        ),
        (
            BundleProblem::Mismatch {
                total: "80.00".into(),
                grade: "合格".into(),
                signed_total: "90.00".into(),
                signed_grade: "优秀".into(),
            },
            vec!["80.00", "90.00", "合格", "优秀"],
        ),
        (BundleProblem::RecusalsDisagree { name: name() }, vec!["王建国"]),
        (BundleProblem::RecusedScores { name: name() }, vec!["王建国"]),
        (BundleProblem::StrangerScores { name: name() }, vec!["王建国"]),
        (BundleProblem::SignerNotOnPanel { name: name() }, vec!["王建国"]),
        (BundleProblem::RecusedSigned { name: name() }, vec!["王建国"]),
        (BundleProblem::SignedTwice { name: name() }, vec!["王建国"]),
        (BundleProblem::SignatureFilesUnlisted { name: name() }, vec!["王建国"]),
        (BundleProblem::PublicKeyUnreadable { name: name(), error: "bad base64".into() }, vec!["王建国", "bad base64"]),
        (BundleProblem::KeyIdMismatch { name: name(), key: key() }, vec!["王建国", "0123456789ABCDEF"]),
        (BundleProblem::UnknownKey { name: name(), key: key() }, vec!["王建国", "0123456789ABCDEF"]),
        (BundleProblem::KeyDiffers { name: name(), key: key() }, vec!["王建国", "0123456789ABCDEF"]),
        (BundleProblem::Revoked { name: name(), key: key(), since: None }, vec!["王建国", "0123456789ABCDEF"]),
        (
            BundleProblem::Revoked { name: name(), key: key(), since: Some("2026-11-01".into()) },
            vec!["王建国", "2026-11-01"],
        ),
        (BundleProblem::KeyOfAnother { name: name(), key: key(), owner: "张伟".into() }, vec!["王建国", "张伟"]),
        (
            BundleProblem::KeyNotValid {
                name: name(),
                key: key(),
                from: "2026-01-01".into(),
                until: "2026-06-30".into(),
                date: "2026-11-28".into(),
            },
            vec!["王建国", "2026-01-01", "2026-06-30", "2026-11-28"],
        ),
        (
            BundleProblem::SignatureInvalid {
                name: name(),
                signature: "signatures/01.minisig".into(),
                signed: "payload.json".into(),
                error: "mismatch".into(),
                error_zh: "签名不符".into(),
            },
            vec!["王建国", "signatures/01.minisig", "payload.json"],
        ),
        (
            BundleProblem::SignatureNotAsWritten { name: name(), signature: "signatures/01.minisig".into() },
            vec!["王建国", "signatures/01.minisig"],
        ),
        (BundleProblem::NotOverPayload { name: name() }, vec!["王建国", "payload.json"]),
        (BundleProblem::DissentElsewhere { name: name() }, vec!["王建国"]),
        (BundleProblem::DissentUnreadable { name: name(), error: "EOF".into() }, vec!["王建国", "EOF"]),
        (BundleProblem::UnknownKind { name: name(), kind: "stamp".into() }, vec!["王建国", "stamp"]),
        (BundleProblem::NobodySigned, vec![]),
        (BundleProblem::PersonalSheetMissing { name: name(), revision: 2 }, vec!["王建国", "2"]),
        (
            BundleProblem::PersonalSheetUnreadable { name: name(), path: "sheets/01.json".into(), error: "EOF".into() },
            vec!["王建国", "sheets/01.json", "EOF"],
        ),
        (
            BundleProblem::PersonalSheetElsewhere { name: name(), path: "sheets/01.json".into(), revision: 2 },
            vec!["王建国", "sheets/01.json", "2"],
        ),
        (
            BundleProblem::PersonalSheetSignature {
                name: name(),
                path: "sheets/01.json".into(),
                error: "mismatch".into(),
                error_zh: "签名不符".into(),
            },
            vec!["王建国", "sheets/01.json"],
        ),
        (
            BundleProblem::PersonalSheetKey {
                name: name(),
                path: "sheets/01.json".into(),
                key: "0123456789ABCDEF".into(),
            },
            vec!["王建国", "sheets/01.json", "0123456789ABCDEF"],
        ),
        (BundleProblem::PersonalSheetScores { name: name(), item: "1.1".into() }, vec!["王建国", "1.1"]),
        (BundleProblem::DrawRecordMissing { sha256: "ab12".into() }, vec!["ab12", "draw/record.json"]),
        (
            BundleProblem::DrawRecordChanged { actual: "cd34".into(), expected: "ab12".into() },
            vec!["cd34", "ab12", "draw/record.json"],
        ),
        (BundleProblem::DrawRecordUnreadable { error: "EOF".into() }, vec!["draw/record.json", "EOF"]),
        (
            BundleProblem::DrawRerunDiffers { error: "panel".into(), error_zh: "专家组不同".into() },
            vec!["draw/record.json"],
        ),
        (
            BundleProblem::DrawOtherEnterprise { drawn: "甲公司".into(), signed: "乙公司".into() },
            vec!["甲公司", "乙公司"],
        ),
        (
            BundleProblem::SubstitutionNotByRule {
                out_name: name(),
                in_name: "李红".into(),
                error: "no".into(),
                error_zh: "不在专家组中".into(),
            },
            vec!["王建国", "李红"],
        ),
        (BundleProblem::SubstitutionsWithoutDraw, vec![]),
        (BundleProblem::SignerNotDrawn { name: name() }, vec!["王建国"]),
    ]);
    for (e, names) in &all {
        use BundleProblem::*;
        match e {
            Unlisted { .. } | MoreUnlisted { .. } | ManifestNotAsWritten | NotOfTheBundle { .. } => walk(e, names),
            DerivedMissing { .. } | DerivedDiffers { .. } | ListedMissing { .. } | Changed { .. } => walk(e, names),
            PayloadHashDiffers | NotAPayload { .. } | PayloadNotCanonical | UnknownPayload { .. } => walk(e, names),
            ManifestAndPayloadDiffer | SheetHashDiffers | SheetDoesNotLoad(_) | Incomplete(_) => walk(e, names),
            Mismatch { .. } | RecusalsDisagree { .. } | RecusedScores { .. } | StrangerScores { .. } => walk(e, names),
            SignerNotOnPanel { .. } | RecusedSigned { .. } | SignedTwice { .. } => walk(e, names),
            SignatureFilesUnlisted { .. } | PublicKeyUnreadable { .. } | KeyIdMismatch { .. } => walk(e, names),
            UnknownKey { .. } | KeyDiffers { .. } | Revoked { .. } | KeyOfAnother { .. } => walk(e, names),
            KeyNotValid { .. } | SignatureInvalid { .. } | SignatureNotAsWritten { .. } => walk(e, names),
            NotOverPayload { .. } | DissentElsewhere { .. } | DissentUnreadable { .. } | UnknownKind { .. } => {
                walk(e, names)
            }
            NobodySigned => walk(e, names),
            PersonalSheetMissing { .. } | PersonalSheetUnreadable { .. } | PersonalSheetElsewhere { .. } => {
                walk(e, names)
            }
            PersonalSheetSignature { .. } | PersonalSheetKey { .. } | PersonalSheetScores { .. } => walk(e, names),
            DrawRecordMissing { .. } | DrawRecordChanged { .. } | DrawRecordUnreadable { .. } => walk(e, names),
            DrawRerunDiffers { .. } | DrawOtherEnterprise { .. } | SubstitutionNotByRule { .. } => walk(e, names),
            SubstitutionsWithoutDraw | SignerNotDrawn { .. } => walk(e, names),
        }
    }
    // The reasons the store quarantines a bundle with that verified.
    use crate::store::ImportConflict;
    for c in [
        ImportConflict::PayloadElsewhere { import: 7 },
        ImportConflict::OtherSignatures,
        ImportConflict::SameRevision { revision: 2 },
        ImportConflict::Older { revision: 1, current: 2 },
        ImportConflict::DrawUnknown { sha256: "ab12".into() },
        ImportConflict::DrawSubstitutionsDiffer { draw: 3, recorded: 1, signed: 2 },
    ] {
        match &c {
            ImportConflict::PayloadElsewhere { .. }
            | ImportConflict::OtherSignatures
            | ImportConflict::SameRevision { .. }
            | ImportConflict::Older { .. }
            | ImportConflict::DrawUnknown { .. }
            | ImportConflict::DrawSubstitutionsDiffer { .. } => {
                let (zh, en) = (c.zh(), c.en());
                assert!(chinese(&zh) && zh != en, "{zh}");
            }
        }
    }
}
