//! The container on its own: the same files give the same bytes and come back the same; names that FAT32 or exFAT
//! would not take are not written; every refusal is said in both languages, naming the entry; and no bytes make the
//! reader panic. The refusals of crafted archives, one by one, are tested on a real bundle in `tests/it/archive.rs`.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::domain::explain::Explain;

fn files() -> BTreeMap<String, Vec<u8>> {
    [
        ("bundle.json", b"{}".to_vec()),
        ("验收意见.html", "<p>通过</p>\n".repeat(500).into_bytes()),
        ("signatures/01-王建国.minisig", b"untrusted comment: x\n".to_vec()),
        ("keys/5AB945A5D3EAF4EC.pub", vec![]),
    ]
    .into_iter()
    .map(|(n, c)| (n.to_string(), c))
    .collect()
}

fn read_all(bytes: Vec<u8>) -> Result<BTreeMap<String, (Kind, Vec<u8>)>, ArchiveError> {
    let mut a = Archive::open(bytes, &Limits::BUNDLE)?;
    let entries: Vec<(String, Kind)> = a.entries().map(|(n, k)| (n.to_string(), k)).collect();
    let mut out = BTreeMap::new();
    for (name, kind) in entries {
        out.insert(name.clone(), (kind, a.read(&name)?));
    }
    Ok(out)
}

#[test]
fn the_same_files_give_the_same_bytes_and_come_back_the_same() {
    let bytes = write(&files()).unwrap();
    assert_eq!(write(&files()).unwrap(), bytes, "two writes differ");
    let back = read_all(bytes.clone()).unwrap();
    let expected: BTreeMap<String, (Kind, Vec<u8>)> = files().into_iter().map(|(n, c)| (n, (Kind::File, c))).collect();
    assert_eq!(back, expected);
    // Names in UTF-8, flagged as such (bit 11 of the general-purpose flags of the local header), and no time stamp
    // but ZIP's first day (1980-01-01 00:00 is 0x0021 / 0x0000 in DOS form).
    let local = |name: &str| {
        let at = bytes.windows(name.len()).position(|w| w == name.as_bytes()).unwrap() - 30;
        assert_eq!(&bytes[at..at + 4], b"PK\x03\x04");
        (u16::from_le_bytes([bytes[at + 6], bytes[at + 7]]), &bytes[at + 10..at + 14])
    };
    let (flags, time) = local("验收意见.html");
    assert_eq!(flags & (1 << 11), 1 << 11, "the UTF-8 flag is not set");
    assert_eq!(time, [0, 0, 0x21, 0]);
    // The documents compress (the ratio stays far below the limit).
    assert!(bytes.len() < files().values().map(Vec::len).sum::<usize>());
}

#[test]
fn names_a_stick_would_not_take_are_not_written() {
    for (name, part) in
        [("signatures/CON.minisig", "CON.minisig"), ("a:b.json", "a:b.json"), ("notes./x", "notes."), ("", "")]
    {
        let mut f = files();
        f.insert(name.into(), vec![]);
        match write(&f) {
            Err(e @ ArchiveError::NotPortable { .. }) => {
                assert!(e.zh().contains(&format!("“{part}”")), "{}", e.zh());
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    let mut f = files();
    f.insert("Bundle.JSON".into(), vec![]);
    assert_eq!(write(&f), Err(ArchiveError::Duplicate { name: "bundle.json".into() }));
    assert!(is_archive_name(Path::new("/usb/2026-11-28-某某化工有限公司-第1版.YANSHOU.zip")));
    assert!(!is_archive_name(Path::new("/usb/x.zip")) && !is_archive_name(Path::new(".yanshou.zip")));
    assert!(is_zip_name(Path::new("/usb/x.yanshou (1).zip")) && !is_zip_name(Path::new("/usb/zip")));
}

#[test]
fn every_refusal_is_said_in_both_languages_naming_the_entry() {
    let name = || "dissents/01-\u{1b}王.json".to_string();
    let problem = crate::domain::filename::NameProblem::Reserved { stem: "CON".into() };
    let all = [
        ArchiveError::Unreadable { message: "Permission denied (os error 13)".into() },
        ArchiveError::TooLarge { size: Some(1 << 30), max: 64 << 20 },
        ArchiveError::TooLarge { size: None, max: 64 << 20 },
        ArchiveError::NotAnArchive { message: "EOCD not found".into() },
        ArchiveError::TooManyEntries { count: 5000, max: 4096 },
        ArchiveError::NameNotUtf8 { name: name() },
        ArchiveError::UnsafeName { name: name(), why: Unsafe::Parent },
        ArchiveError::Duplicate { name: name() },
        ArchiveError::Encrypted { name: name() },
        ArchiveError::Method { name: name(), method: "Bzip2".into() },
        ArchiveError::EntryTooLarge { name: name(), size: 1 << 30, max: 16 << 20 },
        ArchiveError::TotalTooLarge { total: 1 << 30, max: 64 << 20 },
        ArchiveError::Ratio { name: name(), size: 1 << 20, compressed: 1000, max: 100 },
        ArchiveError::Inconsistent { message: "overlapping entries".into() },
        ArchiveError::Damaged { name: name(), message: "Invalid checksum".into() },
        ArchiveError::Inflates { name: name(), declared: 10, actual: Some(3) },
        ArchiveError::Inflates { name: name(), declared: 10, actual: None },
        ArchiveError::NoSuchEntry { name: name() },
        ArchiveError::Unwritable { name: name(), message: "x".into() },
        ArchiveError::NotPortable { name: name(), part: "CON.json".into(), problem },
    ];
    for e in &all {
        let names_entry = match e {
            ArchiveError::Unreadable { .. }
            | ArchiveError::TooLarge { .. }
            | ArchiveError::NotAnArchive { .. }
            | ArchiveError::TooManyEntries { .. }
            | ArchiveError::TotalTooLarge { .. }
            | ArchiveError::Inconsistent { .. } => false,
            ArchiveError::NameNotUtf8 { .. }
            | ArchiveError::UnsafeName { .. }
            | ArchiveError::Duplicate { .. }
            | ArchiveError::Encrypted { .. }
            | ArchiveError::Method { .. }
            | ArchiveError::EntryTooLarge { .. }
            | ArchiveError::Ratio { .. }
            | ArchiveError::Damaged { .. }
            | ArchiveError::Inflates { .. }
            | ArchiveError::NoSuchEntry { .. }
            | ArchiveError::Unwritable { .. }
            | ArchiveError::NotPortable { .. } => true,
        };
        let (zh, en) = (e.zh(), e.en());
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && zh != en, "{zh}");
        assert_eq!(e.to_string(), en);
        assert!(!zh.contains("os error") && !en.contains("os error"), "{zh} / {en}");
        if names_entry {
            assert!(zh.contains(&name()) && en.contains(&name()), "{zh} / {en}");
        }
    }
    for why in [Unsafe::Parent, Unsafe::Dot, Unsafe::Empty, Unsafe::Absolute, Unsafe::Backslash, Unsafe::Drive] {
        let e = ArchiveError::UnsafeName { name: "x".into(), why };
        assert!(e.zh().len() > "归档中的条目名“x”不是包内的普通相对路径：".len(), "{}", e.zh());
    }
    assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// Bytes from anywhere: never a panic, only a refusal or an archive whose entries read or are refused.
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_all(bytes);
    }

    /// A real archive with bytes changed here and there, cut short or grown: never a panic.
    #[test]
    fn a_damaged_archive_never_panics(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        shorten in any::<bool>(),
    ) {
        let mut bytes = write(&files()).unwrap();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if shorten {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = read_all(bytes);
    }
}
