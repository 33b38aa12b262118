//! A review bundle as one archive file (`.yanshou.zip`): the same bundle as its folder for `verify` and `import`,
//! written byte for byte the same each time, and every crafted archive refused by name (read, verify and import),
//! with nothing imported and nothing written beside it. The command line's side is in `archive_cli.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use yanshou::bundle::import::{find_bundles, import_bundle};
use yanshou::bundle::read::read_archive;
use yanshou::bundle::roster::Roster;
use yanshou::bundle::verify::{Bundle, read, verify};
use yanshou::domain::explain::{Explain, zh_list};
use yanshou::files::archive;
use yanshou::store::Store;
use yanshou::store::signing::ImportOutcome;

use crate::bundle::World;
use crate::fuzz_regressions::harness;

/// Every file under `dir` by its relative path (`/` between folders).
pub(crate) fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The two readings are the same bundle: everything but where it was read from.
fn same_bundle(folder: &Bundle, zipped: &Bundle) {
    assert_eq!(folder.manifest, zipped.manifest);
    assert_eq!(folder.payload_bytes, zipped.payload_bytes);
    assert_eq!(folder.scorecard_text, zipped.scorecard_text);
    assert_eq!(folder.files, zipped.files);
    assert_eq!(folder.layout, zipped.layout);
}

/// `verify`'s whole verdict, as `verify --json` prints it.
fn verdict(b: &Bundle, roster: &Roster) -> serde_json::Value {
    serde_json::to_value(verify(b, roster)).unwrap()
}

#[test]
fn an_archive_is_its_folder_in_one_file_for_verify_and_import() {
    let mut w = World::new();
    let id = w.finalized_review("福建某某化工有限公司", [150, 150, 120]);
    w.sign(id, "王建国", None);
    w.sign(id, "李秀英", None);
    w.sign(id, "张伟", Some("本人认为第 2.6 项扣分理由不足。"));
    let folder = w.export(id, "验收包");
    let zipped = w.export(id, "验收包.yanshou.zip");
    assert!(zipped.is_file());
    // Written the same byte for byte: a second export, and the folder packed, are the same bytes.
    let again = w.export(id, "again.yanshou.zip");
    assert_eq!(fs::read(&zipped).unwrap(), fs::read(&again).unwrap(), "two exports of one review differ");
    assert_eq!(fs::read(&zipped).unwrap(), archive::write(&files_in(&folder)).unwrap());
    // Every name in it is one FAT32 and exFAT take (the folder form's names: 验收意见.html, signatures/01-王建国…).
    for name in files_in(&folder).keys() {
        assert_eq!(yanshou::domain::filename::check_path(name), Ok(()), "{name}");
    }
    let (a, b) = (read(&folder).unwrap(), read(&zipped).unwrap());
    same_bundle(&a, &b);
    assert_eq!(b.dir, zipped);
    let v = verdict(&b, &w.roster);
    assert_eq!(v["accepted"], true, "{v}");
    assert_eq!(verdict(&a, &w.roster), v);
    // Imported from the archive, then the folder of the same export is the same bundle: identical.
    assert!(matches!(w.import(&zipped), ImportOutcome::New { .. }));
    assert!(matches!(w.import(&folder), ImportOutcome::Identical { .. }));
    let imports = w.unit.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].source, zipped.display().to_string());
    // A changed bundle is refused for the same reasons in both forms.
    let tampered = w.dir.path().join("usb").join("tampered");
    fs::create_dir_all(tampered.join("signatures")).unwrap();
    let mut files = files_in(&folder);
    let payload = String::from_utf8(files["payload.json"].clone()).unwrap().replacen("福建某某", "福建某甲", 1);
    files.insert("payload.json".into(), payload.into_bytes());
    files.insert("notes.txt".into(), b"unlisted".to_vec());
    for (rel, content) in &files {
        fs::create_dir_all(tampered.join(rel).parent().unwrap()).unwrap();
        fs::write(tampered.join(rel), content).unwrap();
    }
    let tampered_zip = w.dir.path().join("usb").join("tampered.yanshou.zip");
    fs::write(&tampered_zip, archive::write(&files).unwrap()).unwrap();
    let (a, b) = (read(&tampered).unwrap(), read(&tampered_zip).unwrap());
    same_bundle(&a, &b);
    let v = verdict(&b, &w.roster);
    assert_eq!(v["accepted"], false);
    assert_eq!(verdict(&a, &w.roster), v);
    let zh = v["problems_zh"].to_string();
    assert!(zh.contains("payload.json") && zh.contains("notes.txt"), "{zh}");
}

/// Over the fuzzers' seed bundles (five real bundles of three provinces, with dissents, a second revision, facts,
/// bonuses and weights) and their regression files (bundles that fail): the folder and the archive of the same files
/// are the same bundle with the same verdict.
#[test]
fn the_seed_bundles_verify_alike_as_folders_and_as_archives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in ["fuzz/seeds/bundle", "tests/fuzz_regressions/bundle_verify", "tests/fuzz_regressions/import"] {
        inputs.extend(fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()));
    }
    inputs.sort();
    let mut accepted = 0;
    for input in &inputs {
        let data = fs::read(input).unwrap();
        let scratch = tempfile::tempdir().unwrap();
        harness::write_bundle(&data, scratch.path());
        let files = files_in(scratch.path());
        let Ok(bytes) = archive::write(&files) else { continue };
        let folder = read(scratch.path());
        let zipped = read_archive(bytes, Path::new("seed.yanshou.zip"));
        match (&folder, &zipped) {
            (Ok(a), Ok(b)) => {
                same_bundle(a, b);
                let v = verdict(b, harness::roster());
                assert_eq!(verdict(a, harness::roster()), v, "{}", input.display());
                accepted += usize::from(v["accepted"] == true);
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{}", input.display()),
            _ => panic!("{}: the folder reads {:?}, the archive {:?}", input.display(), folder.is_ok(), zipped.is_ok()),
        }
    }
    assert!(accepted >= 5, "only {accepted} of {} verified", inputs.len());
}

// ----- crafted archives, one refusal each -----

/// A real bundle's files and the roster that trusts them, made once.
struct Fixture {
    files: BTreeMap<String, Vec<u8>>,
    roster: Roster,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut w = World::new();
        let id = w.finalized_review("某某化工有限公司", [150, 150, 150]);
        w.sign(id, "王建国", None);
        let folder = w.export(id, "b");
        Fixture { files: files_in(&folder), roster: w.roster.clone() }
    })
}

/// One entry of a hand-made archive: what its headers say, whatever that is.
#[derive(Clone)]
pub(crate) struct Raw {
    pub name: Vec<u8>,
    /// The entry's data as stored in the archive.
    pub data: Vec<u8>,
    pub method: u16,
    /// The size it declares when inflated.
    pub size: u32,
    pub flags: u16,
    /// The Unix mode (file type and permissions).
    pub mode: u32,
}

impl Raw {
    pub(crate) fn file(name: &str, data: &[u8]) -> Raw {
        Raw {
            name: name.as_bytes().to_vec(),
            data: data.to_vec(),
            method: 0,
            size: data.len() as u32,
            flags: 0,
            mode: 0o100644,
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A ZIP archive as its headers are written by hand: local headers, the central directory, its end. Nothing is
/// checked: that is the point.
pub(crate) fn zip(entries: &[Raw]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for e in entries {
        let offset = out.len() as u32;
        let crc = if e.method == 0 && e.size as usize == e.data.len() { crc32(&e.data) } else { 0 };
        let utf8 = if std::str::from_utf8(&e.name).is_ok() && !e.name.is_ascii() { 1 << 11 } else { 0 };
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes());
            v.extend((e.flags | utf8).to_le_bytes());
            v.extend(e.method.to_le_bytes());
            v.extend([0, 0, 0x21, 0]);
            v.extend(crc.to_le_bytes());
            v.extend((e.data.len() as u32).to_le_bytes());
            v.extend(e.size.to_le_bytes());
            v.extend((e.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes());
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(&e.name);
        out.extend(&e.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(((3u16 << 8) | 20).to_le_bytes());
        common(&mut central);
        central.extend([0; 6]); // comment length, disk, internal attributes
        central.extend((e.mode << 16).to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(&e.name);
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend([0, 0]);
    out
}

/// The fixture's bundle as hand-made entries, in order, to change before [`zip`].
fn entries() -> Vec<Raw> {
    fixture().files.iter().map(|(name, data)| Raw::file(name, data)).collect()
}

/// Every file under `dir` with its bytes: what is there to compare before and after.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_in(dir)
}

/// The archive `bytes`, on a stick, is refused by reading or verifying with a Chinese reason that names `entry` and
/// says `why`, and importing it quarantines it with that reason: nothing is imported, and nothing is written on the
/// stick.
fn refused(bytes: Vec<u8>, entry: &str, why: &str) {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir_all(&usb).unwrap();
    let path = usb.join("某某化工有限公司.yanshou.zip");
    fs::write(&path, &bytes).unwrap();
    let before = snapshot(&usb);
    let zh = match read(&path) {
        Err(e) => e.zh(),
        Ok(b) => {
            let v = verify(&b, &f.roster);
            assert!(!v.accepted, "accepted: {:?}", b.manifest.files.keys().collect::<Vec<_>>());
            zh_list(&v.problems)
        }
    };
    assert!(zh.contains(entry) && zh.contains(why), "the reason does not name “{entry}” and say “{why}”: {zh}");
    assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
    let mut unit = Store::open_in(&dir.path().join("unit")).unwrap();
    match import_bundle(&mut unit, &f.roster, &path).unwrap() {
        ImportOutcome::Quarantined { reason_zh, .. } => assert_eq!(reason_zh, zh),
        other => panic!("imported: {other:?}"),
    }
    assert!(unit.imports().unwrap().is_empty(), "something was imported");
    assert_eq!(unit.quarantined().unwrap().len(), 1);
    assert_eq!(snapshot(&usb), before, "something was written on the stick");
    // Found on the stick by the support unit's screen as it finds bundle folders.
    assert_eq!(find_bundles(&usb).unwrap(), [path]);
}

fn with(extra: Raw) -> Vec<u8> {
    let mut e = entries();
    e.push(extra);
    zip(&e)
}

fn changed(name: &str, change: impl FnOnce(&mut Raw)) -> Vec<u8> {
    let mut e = entries();
    change(e.iter_mut().find(|r| r.name == name.as_bytes()).unwrap());
    zip(&e)
}

#[test]
fn a_hand_made_archive_of_the_bundle_verifies() {
    let b = read_archive(zip(&entries()), Path::new("x.yanshou.zip")).unwrap();
    let v = verify(&b, &fixture().roster);
    assert!(v.accepted, "{:?}", v.problems);
}

#[test]
fn an_entry_that_climbs_out_is_refused() {
    refused(with(Raw::file("../../evil.sh", b"rm -rf ~")), "../../evil.sh", "会跳出解压的位置");
}

#[test]
fn an_absolute_entry_is_refused() {
    refused(with(Raw::file("/etc/cron.d/evil", b"*")), "/etc/cron.d/evil", "绝对路径");
}

#[test]
fn an_entry_with_a_backslash_is_refused() {
    refused(with(Raw::file("keys\\..\\evil.pub", b"x")), "keys\\..\\evil.pub", "反斜杠");
}

#[test]
fn an_entry_with_a_drive_letter_is_refused() {
    refused(with(Raw::file("C:/Windows/evil.dll", b"x")), "C:/Windows/evil.dll", "盘符");
}

#[test]
fn an_entry_named_twice_is_refused() {
    refused(with(Raw::file("payload.json", b"{}")), "payload.json", "出现了两次");
}

#[test]
fn two_names_that_differ_only_in_case_are_refused() {
    refused(with(Raw::file("Payload.JSON", b"{}")), "Payload.JSON", "不区分大小写");
}

#[test]
fn a_file_and_a_folder_of_one_name_are_refused() {
    refused(with(Raw::file("scorecard.toml/x", b"{}")), "scorecard.toml", "出现了两次");
}

#[test]
fn a_listed_file_that_is_a_link_is_refused() {
    refused(
        changed("scorecard.toml", |r| {
            r.data = b"/etc/passwd".to_vec();
            r.size = r.data.len() as u32;
            r.mode = 0o120777;
        }),
        "scorecard.toml",
        "是符号链接",
    );
}

#[test]
fn a_link_the_manifest_does_not_list_is_refused() {
    refused(
        with(Raw { mode: 0o120777, ..Raw::file("signatures/link", b"/etc/shadow") }),
        "signatures/link",
        "符号链接",
    );
}

#[test]
fn a_special_file_is_refused() {
    refused(with(Raw { mode: 0o010644, ..Raw::file("fifo", b"") }), "fifo", "特殊文件");
}

#[test]
fn an_encrypted_entry_is_refused() {
    refused(changed("payload.json", |r| r.flags |= 1), "payload.json", "已加密");
}

#[test]
fn an_entry_the_manifest_does_not_list_is_refused() {
    refused(
        with(Raw::file("signatures/04-李四.minisig", b"untrusted comment: x\n")),
        "signatures/04-李四.minisig",
        "未列在 bundle.json 中",
    );
}

#[test]
fn a_compression_yanshou_does_not_read_is_refused() {
    refused(changed("payload.json", |r| r.method = 12), "payload.json", "不支持的压缩方式");
}

#[test]
fn an_entry_declaring_more_than_a_file_may_have_is_refused_before_it_is_inflated() {
    // It declares 17 MiB and holds a few bytes: it is refused from what it declares, nothing is inflated.
    refused(
        with(Raw { size: 17 << 20, ..Raw::file("评分表-附件.html", b"<p>") }),
        "评分表-附件.html",
        "超过单个文件允许的 16,777,216 字节，未解压",
    );
}

#[test]
fn entries_declaring_more_than_a_bundle_may_have_in_all_are_refused() {
    let mut e = entries();
    for n in 0..5 {
        e.push(Raw { size: 15 << 20, ..Raw::file(&format!("附件-{n}.bin"), &vec![7; 200 << 10]) });
    }
    let bytes = zip(&e);
    let err = read_archive(bytes.clone(), Path::new("x.yanshou.zip")).unwrap_err();
    assert!(
        matches!(
            &err,
            yanshou::bundle::read::ReadError::Archive { error: archive::ArchiveError::TotalTooLarge { .. }, .. }
        ),
        "{err:?}"
    );
    // The total names no one entry; the reason says how much.
    refused(bytes, "67,108,864", "超过允许的总量，未解压");
}

#[test]
fn more_entries_than_a_bundle_may_have_are_refused() {
    let mut e = entries();
    e.extend((0..4096).map(|n| Raw::file(&format!("x/{n}"), b"")));
    refused(zip(&e), "4096", "超过允许的");
}

#[test]
fn a_compression_bomb_is_refused_before_it_is_inflated() {
    // 4 MiB of one byte: DEFLATE makes a few kilobytes of it, more than 100 times smaller.
    let mut files = fixture().files.clone();
    files.insert("附件.txt".into(), vec![b'0'; 4 << 20]);
    let bytes = archive::write(&files).unwrap();
    assert!(bytes.len() < 200 << 10);
    refused(bytes, "附件.txt", "压缩炸弹");
}

#[test]
fn an_entry_that_inflates_to_more_than_it_declares_is_refused() {
    refused(changed("payload.json", |r| r.size -= 10), "payload.json", "larger than its declared");
}

#[test]
fn an_entry_whose_checksum_fails_is_refused() {
    let mut bytes = zip(&entries());
    // The same archive with one byte of the payload changed after its checksum was taken.
    let payload = &fixture().files["payload.json"];
    let at = bytes.windows(payload.len()).position(|w| w == payload.as_slice()).unwrap() + 20;
    bytes[at] ^= 1;
    refused(bytes, "payload.json", "checksum");
}

#[test]
fn a_name_not_in_utf8_is_refused() {
    // 评分表 in GBK, as an old Windows archiver wrote names, without saying so.
    let gbk = [0xC6, 0xC0, 0xB7, 0xD6, 0xB1, 0xED, b'.', b'h', b't', b'm', b'l'];
    refused(with(Raw { name: gbk.to_vec(), ..Raw::file("", b"x") }), ".html", "不是 UTF-8 编码");
}

#[test]
fn a_file_that_is_no_archive_is_refused() {
    refused(b"PK\x03\x04 but not an archive at all".to_vec(), "ZIP", "不是可读的");
}

/// What a stick's operating system writes by itself is ignored in an archive as in a folder (a Mac's `.DS_Store` and
/// `._` files, its `.Trashes` folder with what is in it, Windows' `Thumbs.db`): the bundle still verifies, the same.
#[test]
fn operating_system_junk_is_ignored_in_an_archive_as_in_a_folder() {
    let f = fixture();
    let mut files = f.files.clone();
    for junk in [".DS_Store", "signatures/._01-王建国.minisig", ".Trashes/501/x.html", "keys/Thumbs.db"] {
        files.insert(junk.into(), b"junk".to_vec());
    }
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in &files {
        fs::create_dir_all(dir.path().join(rel).parent().unwrap()).unwrap();
        fs::write(dir.path().join(rel), content).unwrap();
    }
    let folder = read(dir.path()).unwrap();
    let zipped = read_archive(archive::write(&files).unwrap(), Path::new("x.yanshou.zip")).unwrap();
    same_bundle(&folder, &zipped);
    assert!(zipped.layout.is_empty(), "{:?}", zipped.layout);
    assert!(verify(&zipped, &f.roster).accepted);
    // Not a folder of that name, though: `.DS_Store/x` is a folder no system writes, and is named.
    files.insert(".DS_Store/x".into(), b"x".to_vec());
    files.remove(".DS_Store");
    let zipped = read_archive(archive::write(&files).unwrap(), Path::new("x.yanshou.zip")).unwrap();
    let v = verify(&zipped, &f.roster);
    assert!(!v.accepted && zh_list(&v.problems).contains(".DS_Store/x"), "{:?}", v.problems);
}
