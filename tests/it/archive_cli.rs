//! The one-file bundle on the command line: `export --out NAME.yanshou.zip` (or `--archive` into the stick's folder,
//! under a name the stick takes), `verify` and `import` of an archive as of a folder, and what is refused before
//! anything is read or written.

use std::fs;
use std::path::Path;

use crate::common::{ok, run};
use crate::faults::{World, refused};

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// `verify` and `import` with the world's roster and issuer key (the support unit's data directory has none
/// installed).
fn unit_args(w: &World, cmd: &str, paths: &[String]) -> Vec<String> {
    let mut a = vec![cmd.to_string()];
    a.extend(paths.iter().cloned());
    a.extend(["--roster".into(), s(&w.roster_path()), "--issuer".into(), s(&w.issuer())]);
    a
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn export_verify_and_import_an_archive_as_a_folder() {
    let w = World::new();
    let id = w.signed_review(&w.panel(), "某某化工有限公司").to_string();
    let zipped = w.usb().join("2026-11-28-某某化工有限公司-第1版.yanshou.zip");
    let folder = w.usb().join("验收包");
    let said = ok(&w.panel(), &["export", &id, "--out", &s(&zipped)]);
    assert_eq!(said.trim(), format!("bundle written to {}", zipped.display()));
    ok(&w.panel(), &["export", &id, "--out", &s(&folder)]);
    assert!(zipped.is_file() && folder.join("bundle.json").is_file());
    // The same verdict, word for word and in JSON.
    let unit = w.root.join("unit");
    let verify = |p: &Path, json: bool| {
        let mut a = unit_args(&w, "verify", &[s(p)]);
        if json {
            a.push("--json".into());
        }
        ok(&unit, &args(&a))
    };
    assert!(verify(&zipped, false).starts_with("接受 (ACCEPTED)  某某化工有限公司"), "{}", verify(&zipped, false));
    assert_eq!(verify(&zipped, false), verify(&folder, false));
    assert_eq!(verify(&zipped, true), verify(&folder, true));
    // Imported from the archive; the folder of the same export is then the same bundle.
    let out = ok(&unit, &args(&unit_args(&w, "import", &[s(&zipped), s(&folder)])));
    assert!(out.contains(&format!("{}: 新导入 (new)", zipped.display())), "{out}");
    assert!(out.contains(&format!("{}: 已存在，未变 (identical)", folder.display())), "{out}");
    let imports = ok(&unit, &["imports", "--json"]);
    assert!(imports.contains(&s(&zipped).replace('\\', "\\\\")), "{imports}");
}

#[test]
fn export_archive_into_the_stick_names_it_portably_and_says_what_it_replaced() {
    let w = World::new();
    let id = w.signed_review(&w.panel(), "某某/化工:有限公司*").to_string();
    let out = ok(&w.panel(), &["export", &id, "--archive", "--out", &s(&w.usb())]);
    let name = "2026-11-28-某某／化工：有限公司＊-第1版.yanshou.zip";
    let path = w.usb().join(name);
    assert!(path.is_file(), "{out}");
    assert!(out.contains("文件名中的企业名称已改写：“/”换成了“／”（1 处）"), "{out}");
    assert!(out.contains("“:” became “：” (1 times)") && out.contains("“*”换成了“＊”"), "{out}");
    assert!(out.trim_end().ends_with(&format!("bundle written to {}", path.display())), "{out}");
    let unit = w.root.join("unit");
    ok(&unit, &args(&unit_args(&w, "verify", &[s(&path)])));
    // The same again: the name exists, nothing is overwritten.
    let again = run(&w.panel(), &["export", &id, "--archive", "--out", &s(&w.usb())]);
    let msg = refused(&again, "the archive exists");
    assert!(msg.contains("already exists; nothing was overwritten"), "{msg}");
}

#[test]
fn what_is_refused_before_anything_is_written_or_read() {
    let w = World::new();
    let id = w.signed_review(&w.panel(), "某公司").to_string();
    let usb = w.usb();
    let before = crate::archive::files_in(&usb);
    let cases: [(&[&str], &str); 4] = [
        (&["--out", "x.zip"], "ends in .zip, but a bundle's one file is named NAME.yanshou.zip"),
        (&["--archive", "--out", "nowhere/x"], "with --archive, give a folder that exists"),
        (&["--out", "con.yanshou.zip"], "“con” is a device name Windows reserves"),
        (&["--out", "a:b.yanshou.zip"], "“:”"),
    ];
    for (extra, says) in cases {
        let extra: Vec<String> = extra
            .iter()
            .map(|a| if a.contains('.') || a.contains('/') { s(&usb.join(a)) } else { a.to_string() })
            .collect();
        let mut a = vec!["export".to_string(), id.clone()];
        a.extend(extra);
        let msg = refused(&run(&w.panel(), &args(&a)), says);
        assert!(msg.contains(says), "{msg}");
        if says.contains("device name") {
            assert!(msg.contains("是 Windows 保留的设备名"), "{msg}");
        }
    }
    assert_eq!(crate::archive::files_in(&usb), before, "something was written");
    // verify and import: a file that is not named as an archive is a typo; one that is, is read and refused.
    let unit = w.root.join("unit");
    fs::write(usb.join("notes.txt"), "x").unwrap();
    fs::write(usb.join("坏的.yanshou.zip"), "PK but no archive").unwrap();
    for cmd in ["verify", "import"] {
        let msg = refused(&run(&unit, &args(&unit_args(&w, cmd, &[s(&usb.join("notes.txt"))]))), cmd);
        assert!(msg.contains("is a file; a bundle is a folder or one archive file named NAME.yanshou.zip"), "{msg}");
    }
    let out = run(&unit, &args(&unit_args(&w, "verify", &[s(&usb.join("坏的.yanshou.zip"))])));
    let msg = refused(&out, "verify a broken archive");
    assert!(msg.contains("坏的.yanshou.zip：不是可读的 ZIP 归档"), "{msg}");
    let out = run(&unit, &args(&unit_args(&w, "import", &[s(&usb.join("坏的.yanshou.zip"))])));
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("隔离") && said.contains("不是可读的 ZIP 归档"), "{said}");
    assert_eq!(ok(&unit, &["imports", "--json"]).trim(), "[]");
}
