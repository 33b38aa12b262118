//! `yanshou roster install`: the support unit's trust installed in one step. The roster's signature is checked
//! against the issuer's key (under any file name) before anything is copied; the three files go into
//! `<data dir>/trust/` together, where `verify` and `import` read them without flags.

use crate::common::{ok, run};

use std::fs;
use std::path::{Path, PathBuf};

const PASSPHRASE: &str = "correct horse battery";

struct Unit {
    dir: tempfile::TempDir,
    pass: PathBuf,
}

impl Unit {
    /// The support unit's key `支撑单位` (files 支撑单位.key and 支撑单位.pub) and a roster it signed with one expert.
    fn new() -> Unit {
        let dir = tempfile::tempdir().unwrap();
        let pass = dir.path().join("pass.txt");
        fs::write(&pass, PASSPHRASE).unwrap();
        let u = Unit { dir, pass };
        u.ok(&["key", "new", "--name", "支撑单位", "--dir", &u.path("unit"), "--passphrase-file", &u.pass()]);
        u.ok(&["key", "new", "--name", "王建国", "--dir", &u.path("keys"), "--passphrase-file", &u.pass()]);
        u.ok(&[
            "roster",
            "new",
            "--out",
            &u.path("名单/roster.json"),
            "--issuer-key",
            &u.path("unit/支撑单位.key"),
            "--passphrase-file",
            &u.pass(),
        ]);
        u.ok(&[
            "roster",
            "add",
            &u.path("名单/roster.json"),
            "--issuer-key",
            &u.path("unit/支撑单位.key"),
            "--name",
            "王建国",
            "--public-key",
            &u.path("keys/王建国.pub"),
            "--valid-from",
            "2026-01-01",
            "--valid-until",
            "2027-12-31",
            "--passphrase-file",
            &u.pass(),
        ]);
        u
    }

    fn path(&self, rel: &str) -> String {
        self.dir.path().join(rel).display().to_string()
    }

    fn pass(&self) -> String {
        self.pass.display().to_string()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn trust(&self) -> PathBuf {
        self.data().join("trust")
    }

    fn ok(&self, args: &[&str]) -> String {
        fs::create_dir_all(self.dir.path().join("名单")).unwrap();
        ok(&self.data(), args)
    }

    fn install(&self, roster: &str, issuer: &str) -> std::process::Output {
        run(&self.data(), &["roster", "install", "--roster", roster, "--issuer", issuer])
    }
}

fn files(dir: &Path) -> Vec<String> {
    let Ok(list) = fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = list.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn a_roster_is_installed_in_one_step_with_the_issuers_key_under_any_name() {
    let u = Unit::new();
    let out = u.install(&u.path("名单/roster.json"), &u.path("unit/支撑单位.pub"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("已安装受信名单：1 把有效的专家密钥"), "{stdout}");
    assert_eq!(files(&u.trust()), ["issuer.pub", "roster.json", "roster.json.minisig"]);
    assert_eq!(fs::read(u.trust().join("roster.json")).unwrap(), fs::read(u.path("名单/roster.json")).unwrap());
    // The installed trust is what `roster show`, `verify` and `import` read by default.
    let shown = u.ok(&[
        "roster",
        "show",
        &u.trust().join("roster.json").display().to_string(),
        "--issuer",
        &u.trust().join("issuer.pub").display().to_string(),
    ]);
    assert!(shown.contains("王建国"), "{shown}");
    let empty = u.dir.path().join("空");
    fs::create_dir_all(&empty).unwrap();
    let verify = run(&u.data(), &["verify", &empty.display().to_string()]);
    let err = String::from_utf8_lossy(&verify.stderr);
    assert!(!err.contains("--roster") && !err.contains("trusted roster"), "the roster was found: {err}");

    // Installed again (a newer roster): replaced.
    u.ok(&[
        "roster",
        "revoke",
        &u.path("名单/roster.json"),
        "--issuer-key",
        &u.path("unit/支撑单位.key"),
        "--key-id",
        &keyid(&u.path("keys/王建国.pub")),
        "--passphrase-file",
        &u.pass(),
    ]);
    let out = u.install(&u.path("名单/roster.json"), &u.path("unit/支撑单位.pub"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("已安装受信名单：0 把有效的专家密钥"));
    assert_eq!(fs::read(u.trust().join("roster.json")).unwrap(), fs::read(u.path("名单/roster.json")).unwrap());
}

fn keyid(public: &str) -> String {
    let pk = yanshou::bundle::keys::read_public(Path::new(public)).unwrap();
    yanshou::bundle::keys::key_id(&pk)
}

#[test]
fn nothing_is_copied_unless_the_signature_holds() {
    let u = Unit::new();
    // Another unit's key: the signature is not its.
    u.ok(&["key", "new", "--name", "别的单位", "--dir", &u.path("other"), "--passphrase-file", &u.pass()]);
    let out = u.install(&u.path("名单/roster.json"), &u.path("other/别的单位.pub"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let first = err.lines().next().unwrap();
    assert!(first.starts_with("yanshou: 未安装受信名单") && first.contains("不是由受信的支持单位密钥签发的"), "{err}");
    assert!(err.contains("the trusted roster was not installed"), "{err}");
    assert!(files(&u.trust()).is_empty(), "{:?}", files(&u.trust()));

    // A roster changed after signing.
    let changed = u.dir.path().join("changed.json");
    let text = fs::read_to_string(u.path("名单/roster.json")).unwrap().replacen("王建国", "王建华", 1);
    fs::write(&changed, text).unwrap();
    fs::copy(u.path("名单/roster.json.minisig"), u.dir.path().join("changed.json.minisig")).unwrap();
    let out = u.install(&changed.display().to_string(), &u.path("unit/支撑单位.pub"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("签发后被改动过"));
    assert!(files(&u.trust()).is_empty());

    // The signature named with --sig, when it is not beside the roster: checked the same way.
    let elsewhere = u.dir.path().join("sig.minisig");
    fs::rename(u.path("名单/roster.json.minisig"), &elsewhere).unwrap();
    let out = u.install(&u.path("名单/roster.json"), &u.path("unit/支撑单位.pub"));
    assert_eq!(out.status.code(), Some(1), "no signature beside it");
    assert!(files(&u.trust()).is_empty());
    let out = run(
        &u.data(),
        &[
            "roster",
            "install",
            "--roster",
            &u.path("名单/roster.json"),
            "--sig",
            &elsewhere.display().to_string(),
            "--issuer",
            &u.path("unit/支撑单位.pub"),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(files(&u.trust()), ["issuer.pub", "roster.json", "roster.json.minisig"]);

    // A good roster over an installed one, with a wrong key: refused, and the installed trust is as it was.
    let before: Vec<Vec<u8>> = files(&u.trust()).iter().map(|f| fs::read(u.trust().join(f)).unwrap()).collect();
    let out = run(
        &u.data(),
        &[
            "roster",
            "install",
            "--roster",
            &u.path("名单/roster.json"),
            "--sig",
            &elsewhere.display().to_string(),
            "--issuer",
            &u.path("other/别的单位.pub"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let after: Vec<Vec<u8>> = files(&u.trust()).iter().map(|f| fs::read(u.trust().join(f)).unwrap()).collect();
    assert_eq!(before, after);
}
