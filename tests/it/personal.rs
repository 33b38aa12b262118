//! Each expert on their own laptop (issue 17), on the command line: the lead's signed review kit, each expert's
//! personal score sheet (个人评分表) scored and signed on their own data directory, merged on the lead's, finalized,
//! co-signed, exported, verified, imported and compiled; and every way a sheet is refused, nothing changed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{self, ok, run};
use crate::faults::refused;

use yanshou::bundle::keys::{self, generate, open_secret};
use yanshou::bundle::payload::canonical;
use yanshou::bundle::personal::{SHEET_FILE, SheetV1, pack, sheet_comment};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::sign;
use yanshou::domain::review::Answer;
use yanshou::files::archive::{Archive, Limits};
use yanshou::hex::sha256_hex;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};
use zeroize::Zeroizing;

const SHEET: &str = "fujian-2008-acceptance";
const PASSPHRASE: &str = "correct horse battery";
/// The panel: 王建国 leads, 赵敏 recuses; the other four score, each on their own data directory.
const PANEL: [(&str, &str); 5] =
    [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源"), ("陈刚", "环保")];
const RECUSED: &str = "赵敏";

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Five experts' keys (and an outsider's) and the support unit's roster of the five; the lead's data directory with
/// the roster installed and the review created (panel, recusal, vetoes, opinion); nothing scored yet.
pub(crate) struct Panel {
    _tmp: tempfile::TempDir,
    pub(crate) root: PathBuf,
    pub(crate) review: i64,
}

impl Panel {
    pub(crate) fn new() -> Panel {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let pw = Zeroizing::new(PASSPHRASE.to_string());
        let keys_dir = root.join("keys");
        let issuer = generate(&keys_dir, "unit", &pw).unwrap();
        let mut roster = Roster::new(&keys::read_public(&issuer.public_path).unwrap(), "2026-01-01");
        for (name, _) in PANEL {
            let k = generate(&keys_dir, name, &pw).unwrap();
            roster
                .add(RosterEntry {
                    name: name.into(),
                    unit: "福建省环境科学研究院".into(),
                    key_id: k.key_id,
                    public_key: k.public_key,
                    valid_from: "2000-01-01".into(),
                    valid_until: "2099-12-31".into(),
                    revoked: false,
                    revoked_at: None,
                })
                .unwrap();
        }
        generate(&keys_dir, "外人", &pw).unwrap();
        roster.save(&root.join("roster.json"), &issuer.secret_path, &pw).unwrap();
        fs::write(root.join("pass.txt"), PASSPHRASE).unwrap();
        fs::create_dir_all(root.join("usb")).unwrap();
        let lead = root.join("王建国");
        ok(
            &lead,
            &["roster", "install", "--roster", &s(&root.join("roster.json")), "--issuer", &s(&issuer.public_path)],
        );
        let catalog = common::catalog();
        let card = catalog.scorecard(SHEET).unwrap();
        let rules: Vec<_> = catalog.rules_for(card).collect();
        let mut st = Store::open_in(&lead).unwrap();
        let new = NewReview {
            enterprise_name: "福建某某化工有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            date: "2026-11-28".into(),
            place: "福州".into(),
            ..Default::default()
        };
        let review = st.create_review(&new, card, &rules).unwrap();
        for (name, field) in PANEL {
            let e = st
                .add_expert(
                    review,
                    &NewExpert {
                        name: name.into(), field: field.into(), lead: name == "王建国", ..Default::default()
                    },
                )
                .unwrap();
            if name == RECUSED {
                st.recuse(review, e, "participated", "曾参与该企业审核咨询").unwrap();
            }
        }
        for v in ["v1", "v2", "v3"] {
            st.answer_veto(review, v, Answer::No, "").unwrap();
        }
        let opinion = OpinionPatch {
            summary: Some("审核工作规范。".into()),
            conclusion: Some("通过验收".into()),
            ..Default::default()
        };
        st.set_opinion(review, &opinion).unwrap();
        Panel { _tmp: tmp, root, review }
    }

    pub(crate) fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub(crate) fn key(&self, name: &str) -> String {
        s(&self.root.join("keys").join(format!("{name}.key")))
    }

    pub(crate) fn pass(&self) -> String {
        s(&self.root.join("pass.txt"))
    }

    pub(crate) fn usb(&self, name: &str) -> PathBuf {
        self.root.join("usb").join(name)
    }

    /// `kit export` on the lead's data directory.
    pub(crate) fn export_kit(&self) -> PathBuf {
        let kit = self.usb("评审包.yanshou.zip");
        let id = self.review.to_string();
        let out = ok(
            &self.dir("王建国"),
            &["kit", "export", &id, "--out", &s(&kit), "--key", &self.key("王建国"), "--passphrase-file", &self.pass()],
        );
        assert!(out.contains("评审包已写出"), "{out}");
        kit
    }

    /// `kit import` on an expert's own data directory; the review's id there.
    pub(crate) fn import_kit(&self, kit: &Path, name: &str) -> String {
        let out = ok(&self.dir(name), &["kit", "import", &s(kit), "--expert", name]);
        assert!(out.contains("评审包已导入为评审"), "{out}");
        "1".into()
    }

    /// Every item scored by `name` on their data directory through `review score`: the maximum, but for `deduct`
    /// (item, tenths off) with a reason.
    pub(crate) fn score(&self, name: &str, review: &str, deduct: &[(&str, i64)]) {
        let card = common::catalog().scorecard(SHEET).unwrap();
        for item in card.scored_items() {
            let off = deduct.iter().find(|d| d.0 == item.id).map_or(0, |d| d.1);
            let points = yanshou::domain::points::Points::from_tenths(item.points.tenths() - off).to_string();
            let mut args = vec!["review", "score", review, name, &item.id, &points];
            if off > 0 {
                args.extend(["--reason", "部分指标未达到要求"]);
            }
            ok(&self.dir(name), &args);
        }
    }

    /// `sheet sign` on an expert's data directory, to the file `file` on the stick.
    pub(crate) fn sign(&self, name: &str, review: &str, file: &str) -> PathBuf {
        let out = self.usb(file);
        let said = ok(
            &self.dir(name),
            &[
                "sheet",
                "sign",
                review,
                name,
                "--key",
                &self.key(name),
                "--out",
                &s(&out),
                "--passphrase-file",
                &self.pass(),
            ],
        );
        assert!(said.contains("个人评分表已签名"), "{said}");
        out
    }
}

/// The deductions (item, tenths) each scoring expert makes.
pub(crate) fn deductions(name: &str) -> Vec<(&'static str, i64)> {
    match name {
        "王建国" => vec![("2.6", 20)],
        "李秀英" => vec![("2.6", 10), ("1.1", 5)],
        "张伟" => vec![("3.1", 15)],
        _ => vec![("2.6", 30), ("4.1", 5)],
    }
}

/// The signed sheet and its signature out of a sheet's file.
pub(crate) fn unpacked(path: &Path) -> (Vec<u8>, String) {
    let mut a = Archive::read_file(path, &Limits::BUNDLE).unwrap();
    (a.read(SHEET_FILE).unwrap(), String::from_utf8(a.read(&format!("{SHEET_FILE}.minisig")).unwrap()).unwrap())
}

fn show(dir: &Path, id: &str) -> serde_json::Value {
    serde_json::from_str(&ok(dir, &["review", "show", id, "--json"])).unwrap()
}

pub(crate) fn scoring() -> impl Iterator<Item = &'static str> {
    PANEL.iter().map(|p| p.0).filter(|n| *n != RECUSED)
}

#[test]
fn a_panel_of_five_on_five_data_directories() {
    let p = Panel::new();
    let lead = p.dir("王建国");
    let id = p.review.to_string();
    let kit = p.export_kit();
    // A kit is imported for one expert: without --expert it is refused, naming the panel's experts who score (not
    // the recused one), and nothing is written; for the recused expert, refused too.
    let zhao = p.dir(RECUSED);
    let out = run(&zhao, &["kit", "import", &s(&kit)]);
    let said = refused(&out, "no --expert");
    assert!(said.contains("请用 --expert 姓名 指明是 王建国、李秀英、张伟、陈刚 中的哪一位"), "{said}");
    assert!(said.contains("give --expert NAME, one of 王建国, 李秀英, 张伟, 陈刚"), "{said}");
    let out = run(&zhao, &["kit", "import", &s(&kit), "--expert", RECUSED]);
    assert!(refused(&out, "recused").contains("已回避"));
    let listed = ok(&zhao, &["review", "list", "--json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&listed).unwrap(), serde_json::json!([]), "{listed}");
    // Every scoring expert imports the kit for themselves.
    for name in scoring().filter(|n| *n != "王建国") {
        p.import_kit(&kit, name);
        let there = show(&p.dir(name), "1");
        assert_eq!(there["kit"]["role"], "expert");
        assert_eq!(there["experts"].as_array().unwrap().len(), 5);
    }
    // On an expert's laptop, only their own sheet is scored.
    let out = run(&p.dir("李秀英"), &["review", "score", "1", "张伟", "1.1", "1"]);
    assert!(refused(&out, "another's score").contains("只评 李秀英 本人的评分表"));
    // A sheet is signed once every item is scored.
    let out = run(
        &p.dir("张伟"),
        &[
            "sheet",
            "sign",
            "1",
            "张伟",
            "--key",
            &p.key("张伟"),
            "--out",
            &s(&p.usb("x.yanshou.zip")),
            "--passphrase-file",
            &p.pass(),
        ],
    );
    assert!(refused(&out, "unscored").contains("尚未对以下条目评分"));
    // Four sheets, each scored and signed on its own data directory; the lead's on his (a mixed panel).
    let mut files = Vec::new();
    for name in scoring() {
        let (dir_review, who) = if name == "王建国" { (id.clone(), name) } else { ("1".to_string(), name) };
        p.score(who, &dir_review, &deductions(name));
        files.push(p.sign(name, &dir_review, &format!("{name}.yanshou.zip")));
    }
    // Until every sheet is in, the lead's data directory holds the lead's own scores only.
    let before = show(&lead, &id);
    assert_eq!(before["scores"].as_array().unwrap().iter().filter(|s| s["expert"] != "王建国").count(), 0);
    let mut args = vec!["sheet".to_string(), "import".to_string()];
    args.extend(files.iter().map(|f| s(f)));
    let out = ok(&lead, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.matches("已并入评审").count(), 4, "{out}");
    // review show --json says whose scores came from which signed sheet.
    let shown = show(&lead, &id);
    for e in shown["experts"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        assert_eq!(e["from_personal_sheet"], name != RECUSED, "{e}");
        if name != RECUSED {
            let file = p.usb(&format!("{name}.yanshou.zip"));
            assert_eq!(e["personal_sheet"]["sha256"], sha256_hex(&unpacked(&file).0), "{e}");
            assert_eq!(e["personal_sheet"]["revision"], 1);
        }
    }
    // Importing the same sheet again changes nothing.
    let again = ok(&lead, &["sheet", "import", &s(&files[1])]);
    assert!(again.contains("未作改动"), "{again}");
    // Finalized, co-signed by the four, exported as one file, verified and imported by the support unit, compiled.
    ok(&lead, &["review", "finalize", &id]);
    for name in scoring() {
        ok(&lead, &["review", "sign", &id, name, "--key", &p.key(name), "--passphrase-file", &p.pass()]);
    }
    let bundle = p.usb("2026-11-28-福建某某化工有限公司-第1版.yanshou.zip");
    ok(&lead, &["export", &id, "--out", &s(&bundle)]);
    let unit = p.dir("unit");
    let trust =
        ["--roster".to_string(), s(&p.root.join("roster.json")), "--issuer".into(), s(&p.root.join("keys/unit.pub"))];
    let mut verify = vec!["verify".to_string(), s(&bundle), "--json".into()];
    verify.extend(trust.iter().cloned());
    let verdict: serde_json::Value =
        serde_json::from_str(&ok(&unit, &verify.iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
    assert_eq!(verdict["accepted"], true, "{verdict}");
    let mut import = vec!["import".to_string(), s(&bundle)];
    import.extend(trust.iter().cloned());
    ok(&unit, &import.iter().map(String::as_str).collect::<Vec<_>>());
    let csv = unit.join("results.csv");
    ok(&unit, &["compile", "--csv", &s(&csv)]);
    // The compiled total is the mean of the four signed personal sheets' totals.
    let totals: Vec<i64> = files
        .iter()
        .map(|f| {
            let sheet: SheetV1 = serde_json::from_slice(&unpacked(f).0).unwrap();
            sheet.scores.iter().map(|x| yanshou::domain::points::Points::parse(&x.score).unwrap().tenths()).sum()
        })
        .collect();
    let sum: i64 = totals.iter().sum();
    let mean = format!("{:.2}", sum as f64 / 10.0 / totals.len() as f64);
    assert_eq!(verdict["recomputed"]["total"], mean.as_str(), "{verdict}");
    let compiled = fs::read_to_string(&csv).unwrap();
    let row = compiled.lines().find(|l| l.contains("福建某某化工有限公司")).unwrap();
    assert!(row.split(',').any(|c| c == mean), "{mean} in {row}");
    // The payload lists the four sheets by hash; the bundle carries them.
    let mut a = Archive::read_file(&bundle, &Limits::BUNDLE).unwrap();
    let payload: serde_json::Value = serde_json::from_slice(&a.read("payload.json").unwrap()).unwrap();
    assert_eq!(payload["version"], yanshou::bundle::payload::VERSION);
    assert_eq!(payload["sheets"].as_array().unwrap().len(), 4, "{}", payload["sheets"]);
    // A panel typed by hand: no draw, no substitutions.
    assert!(payload["recheck_of"].is_null() && payload["draw_sha256"].is_null());
    assert_eq!(payload["substitutions"], serde_json::json!([]));
    let names: Vec<String> = a.entries().map(|(n, _)| n.to_string()).filter(|n| n.starts_with("sheets/")).collect();
    assert_eq!(names.len(), 8, "{names:?}");
    // Every personal sheet's signature checks with the standalone minisign.
    if std::process::Command::new("minisign").arg("-v").output().is_err() {
        eprintln!("minisign is not installed: its check is skipped");
        return;
    }
    let roster: serde_json::Value = serde_json::from_slice(&fs::read(p.root.join("roster.json")).unwrap()).unwrap();
    for (f, name) in files.iter().zip(scoring()) {
        let (bytes, sig) = unpacked(f);
        let dir = p.root.join(format!("minisign-{name}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("sheet.json"), &bytes).unwrap();
        fs::write(dir.join("sheet.json.minisig"), &sig).unwrap();
        let pk = roster["entries"].as_array().unwrap().iter().find(|e| e["name"] == name).unwrap()["public_key"]
            .as_str()
            .unwrap()
            .to_string();
        let out = std::process::Command::new("minisign")
            .args(["-V", "-P", &pk, "-m", &s(&dir.join("sheet.json")), "-x", &s(&dir.join("sheet.json.minisig"))])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A sheet signed here by `key` of whatever it says (for the crafted refusals).
pub(crate) fn crafted(p: &Panel, sheet: &SheetV1, key: &str, file: &str) -> PathBuf {
    let pw = Zeroizing::new(PASSPHRASE.to_string());
    let (sk, pk) = open_secret(Path::new(key), &pw).unwrap();
    let bytes = canonical(sheet);
    let sig = sign::sign(&sk, &pk, &bytes, &sheet_comment(sheet, &sha256_hex(&bytes))).unwrap();
    let out = p.usb(file);
    fs::write(&out, pack(SHEET_FILE, &bytes, &sig).unwrap()).unwrap();
    out
}

/// What the lead's data directory holds of the review: its scores and its sheets.
fn state(p: &Panel) -> (serde_json::Value, serde_json::Value) {
    let v = show(&p.dir("王建国"), &p.review.to_string());
    (v["scores"].clone(), v["experts"].clone())
}

#[test]
fn every_bad_sheet_is_refused_with_its_reason_and_nothing_changes() {
    let p = Panel::new();
    let lead = p.dir("王建国");
    let kit = p.export_kit();
    p.import_kit(&kit, "李秀英");
    p.score("李秀英", "1", &deductions("李秀英"));
    let first = p.sign("李秀英", "1", "李秀英-1.yanshou.zip");
    // The same scores signed again are the same revision, byte for byte.
    let same = p.sign("李秀英", "1", "李秀英-1b.yanshou.zip");
    assert_eq!(fs::read(&first).unwrap(), fs::read(&same).unwrap());
    // A changed score is the next revision.
    ok(&p.dir("李秀英"), &["review", "score", "1", "李秀英", "4.1", "0", "--reason", "未建立持续清洁生产机制"]);
    let second = p.sign("李秀英", "1", "李秀英-2.yanshou.zip");
    let (bytes, sig) = unpacked(&second);
    let sheet: SheetV1 = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(sheet.revision, 2);
    ok(&lead, &["sheet", "import", &s(&second)]);
    let before = state(&p);

    let mut cases: Vec<(PathBuf, &str, &str)> = Vec::new();
    // A score changed in the signed sheet (the signature no longer verifies).
    let changed = String::from_utf8(bytes.clone()).unwrap().replacen("\"score\":\"0\"", "\"score\":\"5\"", 1);
    assert_ne!(changed.as_bytes(), &bytes[..]);
    let tampered = p.usb("改过.yanshou.zip");
    fs::write(&tampered, pack(SHEET_FILE, changed.as_bytes(), &sig).unwrap()).unwrap();
    cases.push((tampered, "签名验证不通过", "does not verify"));
    // Signed by a key that is not the expert's on the panel.
    let mut next = sheet.clone();
    next.revision = 3;
    cases.push((
        crafted(&p, &next, &p.key("外人"), "外人.yanshou.zip"),
        "不是专家组（或受信名单）中 李秀英 的密钥",
        "is not 李秀英's key",
    ));
    // A replay of the older revision.
    cases.push((first.clone(), "第 1 版早于已导入的第 2 版", "replay"));
    // The same revision with other content.
    let mut other = sheet.clone();
    other.scores[0].reason = "另一版本".into();
    other.scores[0].score = "0".into();
    cases.push((crafted(&p, &other, &p.key("李秀英"), "同版.yanshou.zip"), "内容不同", "differs from the revision 2"));
    // A sheet for another review.
    let mut elsewhere = sheet.clone();
    elsewhere.review_uid = "0".repeat(32);
    cases.push((
        crafted(&p, &elsewhere, &p.key("李秀英"), "别的评审.yanshou.zip"),
        "是另一评审的评分表",
        "another review",
    ));
    // A recused expert's sheet, signed with her own key.
    let mut recused = sheet.clone();
    recused.expert = RECUSED.into();
    cases.push((crafted(&p, &recused, &p.key(RECUSED), "回避.yanshou.zip"), "已回避", "recused"));
    for (file, zh, en) in &cases {
        let out = run(&lead, &["sheet", "import", &s(file)]);
        let msg = refused(&out, zh);
        let first_line = msg.lines().next().unwrap();
        assert!(first_line.contains(zh), "{zh}: {msg}");
        assert!(msg.lines().nth(1).unwrap().contains(en), "{en}: {msg}");
        assert_eq!(state(&p), before, "{zh}: something changed");
    }
    // Several files at once: the good ones go in, each bad one is named, and the status is 1.
    let out = run(&lead, &["sheet", "import", &s(&second), &s(&first)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("未作改动"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("重放旧版本"));
    // The lead cannot change an expert's scores that came from her signed sheet.
    let out = run(&lead, &["review", "score", &p.review.to_string(), "李秀英", "1.1", "0", "--reason", "x"]);
    assert!(refused(&out, "from a sheet").contains("来自其签名的个人评分表"));
}

/// The bundle's signed sheets are checked on verify: a score of the payload that is not the sheet's, a sheet that
/// is not the one listed, and a sheet missing are each refused with their reason.
#[test]
fn a_bundle_whose_sheets_do_not_hold_is_refused() {
    let p = Panel::new();
    let lead = p.dir("王建国");
    let id = p.review.to_string();
    let kit = p.export_kit();
    let mut files = Vec::new();
    for name in scoring() {
        let review = if name == "王建国" { id.clone() } else { p.import_kit(&kit, name) };
        p.score(name, &review, &deductions(name));
        files.push(p.sign(name, &review, &format!("{name}.yanshou.zip")));
    }
    let mut args = vec!["sheet".to_string(), "import".to_string()];
    args.extend(files.iter().map(|f| s(f)));
    ok(&lead, &args.iter().map(String::as_str).collect::<Vec<_>>());
    ok(&lead, &["review", "finalize", &id]);
    ok(&lead, &["review", "sign", &id, "王建国", "--key", &p.key("王建国"), "--passphrase-file", &p.pass()]);
    let store = Store::open_in(&lead).unwrap();
    let good: BTreeMap<String, Vec<u8>> = yanshou::bundle::export::bundle_files(&store, p.review).unwrap();
    let roster =
        Roster::load(&p.root.join("roster.json"), &keys::read_public(&p.root.join("keys/unit.pub")).unwrap()).unwrap();
    let verdict = |files: &BTreeMap<String, Vec<u8>>| {
        let archive = yanshou::files::archive::write(files).unwrap();
        let path = p.usb(&format!("{}.yanshou.zip", sha256_hex(&archive)));
        fs::write(&path, archive).unwrap();
        yanshou::bundle::verify::verify(&yanshou::bundle::verify::read(&path).unwrap(), &roster)
    };
    assert!(verdict(&good).accepted, "{:?}", verdict(&good).problems_zh);
    let sheet_file = good.keys().find(|k| k.starts_with("sheets/") && k.ends_with(".json")).unwrap().clone();
    // A sheet's bytes changed (the manifest mended): it is no longer the sheet the payload lists.
    let mut bad = good.clone();
    let mut text = String::from_utf8(bad[&sheet_file].clone()).unwrap();
    text = text.replacen("\"revision\":1", "\"revision\":1 ", 1);
    bad.insert(sheet_file.clone(), text.into_bytes());
    mend(&mut bad);
    let v = verdict(&bad);
    assert!(
        v.problems_zh.iter().any(|z| z.contains("个人评分表") && z.contains("导出包中没有")),
        "{:?}",
        v.problems_zh
    );
    assert!(v.problems_zh.iter().any(|z| z.contains(&sheet_file)), "{:?}", v.problems_zh);
    // A sheet's signature removed.
    let mut bad = good.clone();
    bad.remove(&format!("{sheet_file}.minisig"));
    mend(&mut bad);
    let v = verdict(&bad);
    assert!(!v.accepted && v.problems_zh.iter().any(|z| z.contains("无法读取")), "{:?}", v.problems_zh);
}

/// The manifest's hashes mended after a file of the bundle was changed (as an attacker would).
fn mend(files: &mut BTreeMap<String, Vec<u8>>) {
    let mut m: yanshou::bundle::manifest::Manifest = serde_json::from_slice(&files["bundle.json"]).unwrap();
    m.files = files.iter().filter(|(k, _)| *k != "bundle.json").map(|(k, v)| (k.clone(), sha256_hex(v))).collect();
    files.insert("bundle.json".into(), yanshou::bundle::manifest::manifest_json(&m).unwrap());
}

/// The Contract's `kit export REVIEW --out FILE`: without `--key` the kit is signed with the lead's key where `key new`
/// writes it (the data directory's keys folder), and an expert's laptop imports it; with no key there, the refusal
/// names the file it looked for and nothing is written.
#[test]
fn kit_export_without_key_takes_the_leads_key_from_the_data_directory() {
    let p = Panel::new();
    let id = p.review.to_string();
    let kit = p.usb("无密钥参数.yanshou.zip");
    let lead = p.dir("王建国");
    let missing = refused(
        &run(&lead, &["kit", "export", &id, "--out", &s(&kit), "--passphrase-file", &p.pass()]),
        "kit export without --key and no key in the data directory",
    );
    assert!(missing.contains("王建国.key"), "{missing}");
    assert!(!kit.exists());
    std::fs::create_dir_all(lead.join("keys")).unwrap();
    std::fs::copy(p.key("王建国"), lead.join("keys").join("王建国.key")).unwrap();
    let out = ok(&lead, &["kit", "export", &id, "--out", &s(&kit), "--passphrase-file", &p.pass()]);
    assert!(out.contains("评审包已写出"), "{out}");
    assert_eq!(p.import_kit(&kit, "李秀英"), "1");
}
