//! Tamper evidence of a bundle as a whole: the documents are rendered again and compared, every file of the folder
//! must be one the manifest lists (the OS's own junk aside), nothing is read through a link, and a flipped byte in
//! any file, with or without its hash mended in the manifest, is refused with a message that names the file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::bundle::World;
use crate::common;
use yanshou::bundle::documents::{DOCUMENTS, OPINION, SCORE_SHEET};
use yanshou::bundle::verify::{Bundle, MANIFEST, Manifest, PAYLOAD, read, sha256_hex, verify};
use yanshou::store::signing::ImportOutcome;

/// A panel's bundle with every kind of file: two signatures, a dissent with its signature, three keys, the
/// documents; the review is at full marks (100.00) and its conclusion 通过验收.
fn full_bundle(w: &mut World) -> PathBuf {
    let id = w.finalized_review("福建某某化工有限公司", [150, 150, 150]);
    w.sign(id, "王建国", None);
    w.sign(id, "李秀英", None);
    w.sign(id, "张伟", Some("本人认为第 2.6 项应不予通过。"));
    let out = w.export(id, "full");
    let v = verify(&read(&out).unwrap(), &w.roster);
    assert!(v.accepted, "{:?}", v.problems);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A copy of the bundle under a new name in the same folder.
fn copy_of(bundle: &Path, name: &str) -> PathBuf {
    let to = bundle.with_file_name(name);
    copy_dir(bundle, &to);
    to
}

/// Rewrites the manifest's hash of `rel` to match the file as it now is (the way export writes the manifest).
fn mend_hash(bundle: &Path, rel: &str) {
    let mut m: Manifest = serde_json::from_slice(&fs::read(bundle.join(MANIFEST)).unwrap()).unwrap();
    m.files.insert(rel.into(), sha256_hex(&fs::read(bundle.join(rel)).unwrap()));
    fs::write(bundle.join(MANIFEST), serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

/// Every reason `verify` (or `read`) gives to refuse the bundle at `dir`; empty when it is accepted.
fn refusal(w: &World, dir: &Path) -> Vec<String> {
    match read(dir) {
        Err(e) => vec![e.to_string()],
        Ok(b) => verify(&b, &w.roster).problems_en(),
    }
}

/// Imports the bundle and checks that it went to the quarantine, with a reason naming `file`, and that nothing was
/// imported.
fn quarantined_naming(w: &mut World, dir: &Path, file: &str) {
    let before = w.unit.imports().unwrap().len();
    let quarantined = w.unit.quarantined().unwrap().len();
    match w.import(dir) {
        ImportOutcome::Quarantined { reason, .. } => assert!(reason.contains(file), "{file}: {reason}"),
        other => panic!("{file}: imported as {other:?}"),
    }
    assert_eq!(w.unit.imports().unwrap().len(), before, "{file}: the imports changed");
    let q = w.unit.quarantined().unwrap();
    assert_eq!(q.len(), quarantined + 1);
    assert!(q.last().unwrap().reason.contains(file), "{file}: {}", q.last().unwrap().reason);
}

/// Finding 1: the printed opinion changed (100.00 → 59.00, 通过验收 → 不予通过) and its hash mended in the manifest
/// was accepted. It is refused now, naming the file and what differs; the score sheet likewise.
#[test]
fn a_changed_document_with_its_hash_mended_is_refused_naming_the_file() {
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let opinion = fs::read_to_string(good.join(OPINION)).unwrap();
    assert!(opinion.contains("100.00") && opinion.contains("通过验收"), "the opinion shows the result");

    let forged = copy_of(&good, "forged-opinion");
    let changed = opinion.replace("100.00", "59.00").replace("通过验收", "不予通过");
    fs::write(forged.join(OPINION), changed).unwrap();
    mend_hash(&forged, OPINION);
    let problems = refusal(&w, &forged);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("验收意见.html is not what yanshou renders"), "{problems:?}");
    assert!(problems[0].contains("59.00") && problems[0].contains("100.00"), "what differs: {problems:?}");

    // The command line says so too, and refuses.
    let roster = w.dir.path().join("roster.json");
    let issuer = w.dir.path().join("keys/unit.pub");
    let data = w.dir.path().join("cli");
    let out = common::run(
        &data,
        &[
            "verify",
            forged.to_str().unwrap(),
            "--roster",
            roster.to_str().unwrap(),
            "--issuer",
            issuer.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("拒绝 (REJECTED)") && stdout.contains("验收意见.html is not what"), "{stdout}");

    let sheet = copy_of(&good, "forged-sheet");
    let text = fs::read_to_string(sheet.join(SCORE_SHEET)).unwrap();
    let total = format!("<td class=\"num\">{}</td></tr>", "100.00");
    assert!(text.contains(&total), "the score sheet shows the total");
    fs::write(sheet.join(SCORE_SHEET), text.replace(&total, "<td class=\"num\">59.00</td></tr>")).unwrap();
    mend_hash(&sheet, SCORE_SHEET);
    let problems = refusal(&w, &sheet);
    assert!(problems.iter().any(|p| p.starts_with("评分表.html is not what") && p.contains("59.00")), "{problems:?}");

    quarantined_naming(&mut w, &forged, OPINION);
    quarantined_naming(&mut w, &sheet, SCORE_SHEET);
    // The untouched bundle still imports.
    assert!(matches!(w.import(&good), ImportOutcome::New { .. }));
}

/// Finding 2: files the manifest does not list were ignored. Each is refused now, naming it, and nothing is imported.
#[test]
fn a_file_the_manifest_does_not_list_is_refused_naming_it() {
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let signature = fs::read(good.join("signatures/01-王建国.minisig")).unwrap();
    let dissent = fs::read(good.join("dissents/03-张伟.json")).unwrap();
    let cases: [(&str, &[u8]); 7] = [
        ("signatures/04-李四.minisig", &signature),
        ("dissents/04-x.json", &dissent),
        ("keys/0000000000000000.pub", b"untrusted comment: a key\nRWQ=\n"),
        ("notes.txt", "说明".as_bytes()),
        ("验收意见(1).html", b"<html></html>"),
        ("extra/deep/file.txt", b"x"),
        ("keys/sub/x.pub", b"x"),
    ];
    for (n, (rel, content)) in cases.iter().enumerate() {
        let dir = copy_of(&good, &format!("unlisted-{n}"));
        fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        fs::write(dir.join(rel), content).unwrap();
        let problems = refusal(&w, &dir);
        assert_eq!(problems, [format!("{rel} is not listed in bundle.json: a bundle holds only the files it lists")]);
        quarantined_naming(&mut w, &dir, rel);
    }
    // A folder that holds nothing the manifest lists.
    let dir = copy_of(&good, "empty-folder");
    fs::create_dir_all(dir.join("signatures/empty")).unwrap();
    assert_eq!(refusal(&w, &dir), ["signatures/empty/ is a folder that holds no file bundle.json lists"]);
    quarantined_naming(&mut w, &dir, "signatures/empty/");
    // Many: the first ten named, the rest counted.
    let dir = copy_of(&good, "many");
    for n in 0..15 {
        fs::write(dir.join(format!("extra-{n:02}.txt")), "x").unwrap();
    }
    let problems = refusal(&w, &dir);
    assert_eq!(problems.len(), 11, "{problems:?}");
    assert!(problems[0].starts_with("extra-00.txt") && problems[9].starts_with("extra-09.txt"), "{problems:?}");
    assert_eq!(problems[10], "and 5 more entries that bundle.json does not list");
    // A name with control characters is shown escaped, not sent to the terminal.
    let dir = copy_of(&good, "escape");
    fs::write(dir.join("x\x1b[2Jy"), "x").unwrap();
    assert_eq!(
        refusal(&w, &dir),
        ["x\\u{1b}[2Jy is not listed in bundle.json: a bundle holds only the files it lists"]
    );
    // A manifest that lists a file that is no file of a bundle, its hash right, is refused as well.
    let dir = copy_of(&good, "listed-extra");
    fs::write(dir.join("notes.txt"), "x").unwrap();
    mend_hash(&dir, "notes.txt");
    assert_eq!(
        refusal(&w, &dir),
        ["bundle.json lists notes.txt, which is not a file of a bundle (not signed, bound to the payload or rendered)"]
    );
    quarantined_naming(&mut w, &dir, "notes.txt");
}

/// Links and special files are refused, listed or not: nothing is read through them.
#[test]
fn links_and_special_files_in_a_bundle_are_refused() {
    use std::os::unix::fs::symlink;
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let outside = w.dir.path().join("outside");
    copy_dir(&good, &outside);

    // A listed file that is a link to a copy of itself: same bytes, same hash, still refused.
    let dir = copy_of(&good, "link-payload");
    fs::remove_file(dir.join(PAYLOAD)).unwrap();
    symlink(outside.join(PAYLOAD), dir.join(PAYLOAD)).unwrap();
    assert_eq!(
        refusal(&w, &dir),
        ["payload.json is a symbolic link, not a plain file: a bundle holds only plain files and their folders"]
    );
    quarantined_naming(&mut w, &dir, PAYLOAD);
    // A listed folder that is a link.
    let dir = copy_of(&good, "link-keys");
    fs::remove_dir_all(dir.join("keys")).unwrap();
    symlink(outside.join("keys"), dir.join("keys")).unwrap();
    assert_eq!(
        refusal(&w, &dir),
        ["keys is a symbolic link, not a plain file: a bundle holds only plain files and their folders"]
    );
    quarantined_naming(&mut w, &dir, "keys");
    // The manifest itself.
    let dir = copy_of(&good, "link-manifest");
    fs::remove_file(dir.join(MANIFEST)).unwrap();
    symlink(outside.join(MANIFEST), dir.join(MANIFEST)).unwrap();
    assert!(refusal(&w, &dir)[0].starts_with("bundle.json is a symbolic link"), "{:?}", refusal(&w, &dir));
    // An unlisted link, even one named like an OS file; a named pipe (which would block a reader).
    for (n, name) in ["extra", ".DS_Store", "._payload.json"].into_iter().enumerate() {
        let dir = copy_of(&good, &format!("link-unlisted-{n}"));
        symlink(outside.join(PAYLOAD), dir.join(name)).unwrap();
        assert_eq!(
            refusal(&w, &dir),
            [format!(
                "{name} is a symbolic link that bundle.json does not list: a bundle holds only plain files and their folders"
            )]
        );
        quarantined_naming(&mut w, &dir, name);
    }
    let dir = copy_of(&good, "fifo");
    let made = std::process::Command::new("mkfifo").arg(dir.join("keys/pipe")).status().unwrap();
    assert!(made.success());
    let problems = refusal(&w, &dir);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("keys/pipe is a special file (a device, pipe or socket)"), "{problems:?}");
    quarantined_naming(&mut w, &dir, "keys/pipe");
    let dir = copy_of(&good, "fifo-listed");
    let key = fs::read_dir(good.join("keys")).unwrap().next().unwrap().unwrap().file_name();
    fs::remove_file(dir.join("keys").join(&key)).unwrap();
    let made = std::process::Command::new("mkfifo").arg(dir.join("keys").join(&key)).status().unwrap();
    assert!(made.success());
    let problems = refusal(&w, &dir);
    assert!(problems[0].contains("is a special file") && problems[0].contains(key.to_str().unwrap()), "{problems:?}");
}

/// What a USB stick's operating system writes by itself is ignored: the bundle verifies and imports.
#[test]
fn os_junk_files_are_ignored() {
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let dir = copy_of(&good, "junk");
    for rel in [
        ".DS_Store",
        "keys/.DS_Store",
        "Thumbs.db",
        "signatures/thumbs.db",
        "desktop.ini",
        "Desktop.ini",
        "._payload.json",
        "dissents/._03-张伟.json",
        ".Spotlight-V100/Store-V2/x",
        ".Trashes/501/验收意见.html",
        ".fseventsd/fseventsd-uuid",
    ] {
        fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        fs::write(dir.join(rel), "junk").unwrap();
    }
    let problems = refusal(&w, &dir);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(matches!(w.import(&dir), ImportOutcome::New { .. }));
    // Only the names and kinds the rule gives: a folder named like a junk file is not junk.
    let dir = copy_of(&good, "not-junk");
    fs::create_dir_all(dir.join("Thumbs.db")).unwrap();
    fs::write(dir.join("Thumbs.db/x"), "x").unwrap();
    assert_eq!(refusal(&w, &dir), ["Thumbs.db/x is not listed in bundle.json: a bundle holds only the files it lists"]);
}

/// Positions to flip in a file of `len` bytes: the first and last bytes and a spread between them.
fn positions(len: usize, spread: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..len).step_by((len / spread).max(1)).chain([len - 1]).collect();
    p.dedup();
    p
}

/// Every file of a bundle with a flipped byte, at a spread of positions, both with its hash left as it was in the
/// manifest and with it mended; every byte of the manifest itself flipped in turn. Each case is refused, and a reason
/// names the file.
#[test]
fn a_flipped_byte_in_any_file_is_refused_naming_the_file() {
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let b = read(&good).unwrap();
    let names: Vec<String> = b.files.keys().cloned().collect();
    for kind in
        ["signatures/", "dissents/", "keys/", ".json.minisig", PAYLOAD, "scorecard.toml"].into_iter().chain(DOCUMENTS)
    {
        assert!(names.iter().any(|n| n.contains(kind)), "the bundle has no {kind} file: {names:?}");
    }
    let mut cases = 0;
    for name in &names {
        let original = &b.files[name];
        for pos in positions(original.len(), 24) {
            for mended in [false, true] {
                let mut t: Bundle = b.clone();
                let mut bytes = original.clone();
                bytes[pos] ^= 0x01;
                if mended {
                    t.manifest.files.insert(name.clone(), sha256_hex(&bytes));
                    if name == PAYLOAD {
                        t.manifest.payload_sha256 = sha256_hex(&bytes);
                    }
                }
                if name == PAYLOAD {
                    t.payload_bytes = bytes.clone();
                }
                if name == "scorecard.toml" {
                    t.scorecard_text = String::from_utf8_lossy(&bytes).to_string();
                }
                t.files.insert(name.clone(), bytes);
                let v = verify(&t, &w.roster);
                assert!(!v.accepted, "{name} byte {pos} flipped (manifest mended: {mended}) was accepted");
                assert!(
                    v.problems_en().iter().any(|p| p.contains(name.as_str())),
                    "{name} byte {pos} (mended: {mended}): no reason names it: {:?}",
                    v.problems
                );
                cases += 1;
            }
        }
    }
    // The manifest: every byte, read from disk.
    let dir = copy_of(&good, "manifest");
    let manifest = fs::read(good.join(MANIFEST)).unwrap();
    for pos in 0..manifest.len() {
        let mut bytes = manifest.clone();
        bytes[pos] ^= 0x01;
        fs::write(dir.join(MANIFEST), &bytes).unwrap();
        let problems = refusal(&w, &dir);
        assert!(
            problems.iter().any(|p| p.contains(MANIFEST)),
            "bundle.json byte {pos} flipped ({:?}): no reason names it: {problems:?}",
            String::from_utf8_lossy(&bytes[pos.saturating_sub(20)..(pos + 20).min(bytes.len())])
        );
        cases += 1;
    }
    assert!(cases > 1000, "{cases} cases");
}

/// Export writes exactly what verification renders again: documents and key files of bundles with every kind of
/// signer, rendered from the bundle alone, are byte for byte the exported ones.
#[test]
fn exported_documents_are_what_verification_renders() {
    let mut w = World::new();
    let good = full_bundle(&mut w);
    let b = read(&good).unwrap();
    let mut again = b.clone();
    common::rerender(&mut again);
    assert_eq!(again.files, b.files, "the derived files as a forger's helper renders them");
    let v = verify(&b, &w.roster);
    let at: Vec<Option<&str>> = v.signers.iter().map(|s| s.signed_at.as_deref()).collect();
    assert_eq!(at, [Some(crate::bundle::NOW), Some(crate::bundle::NOW), Some(crate::bundle::NOW), None]);
    let opinion = String::from_utf8(b.files[OPINION].clone()).unwrap();
    assert!(opinion.contains(crate::bundle::NOW), "the opinion shows when each signed, from the signature");
}
