//! The signing page, the export and the support unit's screen, driven on ratatui's TestBackend: snapshots at 80×24
//! and 120×40 (the temporary data directory, key ids, times and payload hashes filtered out), and a key script that
//! signs, dissents, exports, imports and compiles, checking the store after each step. The typed passphrase never
//! appears on screen, and Enter (typed or pasted) never signs.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::domain::review::Status;
use yanshou::store::Store;
use yanshou::tui::app::{Screen, StatusKind};
use yanshou::tui::dialogs::Modal;
use yanshou::tui::keys::{Input, script};
use yanshou::tui::{self, App};
use zeroize::Zeroizing;

const PASSPHRASE: &str = "correct horse battery";
const EXPERTS: [&str; 3] = ["王建国", "李秀英", "张伟"];

fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

struct Harness {
    _dir: tempfile::TempDir,
    /// The data directory: the app's real one (keys, trust, exports, the database).
    data: PathBuf,
    app: App,
    term: Terminal<TestBackend>,
}

/// A temporary directory whose path has the same length on every run, so that screens are laid out alike.
fn tempdir() -> tempfile::TempDir {
    let base = Path::new("/tmp");
    let mut b = tempfile::Builder::new();
    b.prefix("ys").rand_bytes(8);
    if base.is_dir() { b.tempdir_in(base).unwrap() } else { b.tempdir().unwrap() }
}

impl Harness {
    /// A data directory with a key for each expert of the demo review (and one for 陈立, who recuses), the support
    /// unit's key and a roster of the three who score, installed in `<data>/trust/`.
    fn new(w: u16, h: u16) -> Harness {
        let dir = tempdir();
        let data = dir.path().to_path_buf();
        let keys_dir = data.join("keys");
        let unit_dir = dir.path().join("unit-key");
        let issuer = generate(&unit_dir, "支撑单位", &pw()).unwrap();
        let issuer_pk = keys::read_public(&issuer.public_path).unwrap();
        let mut roster = Roster::new(&issuer_pk, "2026-01-01");
        for name in EXPERTS.iter().chain(&["陈立"]) {
            let k = generate(&keys_dir, name, &pw()).unwrap();
            roster
                .add(RosterEntry {
                    name: name.to_string(),
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
        let trust = data.join("trust");
        fs::create_dir_all(&trust).unwrap();
        roster.save(&trust.join("roster.json"), &issuer.secret_path, &pw()).unwrap();
        fs::copy(&issuer.public_path, trust.join("issuer.pub")).unwrap();

        let mut store = Store::open_in(&data).unwrap();
        store.set_actor("测试组长");
        let mut app = App::new(store, common::catalog().clone(), data.clone(), "2026-11-28");
        app.clock = || "10:30:00".to_string();
        let term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut t = Harness { _dir: dir, data, app, term };
        tui::draw(&mut t.term, &mut t.app).unwrap();
        t
    }

    fn keys(&mut self, s: &str) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, script(s)).unwrap();
        self
    }

    fn input(&mut self, inputs: Vec<Input>) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, inputs).unwrap();
        self
    }

    /// The frame as drawn (the whole buffer of a fresh draw, not the backend's diffed copy).
    fn buffer(&mut self) -> ratatui::buffer::Buffer {
        common::frame(&self.term, &mut self.app)
    }

    /// The screen as text, one line per row, wide characters once.
    fn screen(&mut self) -> String {
        common::screen_text(&self.buffer())
    }

    /// The screen with what changes from run to run filtered out: the data directory becomes `<data>`, and key ids,
    /// signing times and the payload's short hash become placeholders of the same width.
    fn scrubbed(&mut self) -> String {
        let mut s = self.screen();
        let data = self.data.display().to_string();
        s = s.replace(&data, "<data>");
        let store = self.store();
        for id in store.list_reviews().unwrap().iter().map(|r| r.id) {
            for sig in store.signatures(id).unwrap() {
                s = s.replace(&sig.key_id, "KEYID___________");
                let at = sig.signed_at.get(..16).unwrap_or(&sig.signed_at).replace('T', " ");
                s = s.replace(&at, "YYYY-MM-DD hh:mm");
            }
            if let Ok((_, _, sha)) = yanshou::bundle::export::current_payload(&store, id) {
                s = s.replace(&yanshou::bundle::short_hash(&sha), "####-####-####-####");
            }
        }
        // Nothing of the random directory name is left, not even a cut-off part of it.
        let random = self.data.file_name().unwrap().to_string_lossy().to_string();
        assert!(!s.contains(&random[2..6]), "the temporary path ({random}) leaks into the screen:\n{s}");
        s
    }

    fn store(&self) -> Store {
        Store::open(&self.data.join("yanshou.db")).unwrap()
    }

    fn review_id(&self) -> i64 {
        self.store().list_reviews().unwrap()[0].id
    }

    /// (expert, kind, dissent) of each signature of the review's current revision.
    fn signatures(&self) -> Vec<(String, String, String)> {
        let id = self.review_id();
        self.store().signatures(id).unwrap().into_iter().map(|s| (s.expert, s.kind, s.dissent)).collect()
    }

    fn status(&self) -> (String, StatusKind) {
        self.app.state.status.clone()
    }

    fn assert_fits(&mut self) {
        let buf = &self.buffer();
        for y in 0..buf.area.height {
            let mut width = 0;
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let w = buf[(x, y)].symbol().width();
                skip = w.saturating_sub(1);
                width += w.max(1);
            }
            assert!(width <= buf.area.width as usize, "row {y} is {width} columns wide:\n{}", self.screen());
        }
    }

    /// The demo review, finalized, on the signing page.
    fn finalized_demo(&mut self) -> &mut Self {
        self.keys("dF<F9>");
        assert_eq!(self.store().load(self.review_id()).unwrap().data.status, Status::Finalized);
        self.keys("<F6>")
    }
}

/// A directory that claims to be a bundle but whose manifest is not one: it goes to the quarantine.
fn broken_bundle(data: &Path) -> PathBuf {
    let dir = data.join("usb").join("损坏的验收包");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("bundle.json"), "not a manifest").unwrap();
    dir
}

#[test]
fn snapshots_of_signing_export_and_the_support_unit() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let name = |s: &str| format!("{s}_{w}x{h}");
        let mut t = Harness::new(w, h);
        // Before finalizing, the page explains why there is nothing to sign.
        t.keys("d<F6>");
        insta::assert_snapshot!(name("sign_tab_not_finalized"), t.scrubbed());
        t.keys("<F5>F<F9><F6>");
        insta::assert_snapshot!(name("sign_tab_unsigned"), t.scrubbed());
        // The sign dialog: it starts in the key file; after Tab, the passphrase is masked.
        t.keys(&format!("s<Tab>{PASSPHRASE}"));
        let screen = t.screen();
        assert!(!screen.contains(PASSPHRASE) && !screen.contains("correct"), "{screen}");
        assert!(screen.contains(&"•".repeat(PASSPHRASE.chars().count())), "{screen}");
        assert!(
            !format!("{:?}", t.app.state.modal).contains("correct"),
            "the passphrase is not in the dialog's Debug form"
        );
        insta::assert_snapshot!(name("sign_dialog"), t.scrubbed());
        t.keys("<C-s>");
        assert_eq!(t.signatures().len(), 1, "{}", t.screen());
        // The dissent dialog.
        t.keys(&format!("<Down><Down>d<Tab>{PASSPHRASE}<Tab>本人认为第 2.6 项的扣分理由不足，不同意“优秀”的等级。"));
        assert!(!t.screen().contains("correct"));
        insta::assert_snapshot!(name("dissent_dialog"), t.scrubbed());
        t.keys("<C-s>");
        assert_eq!(t.signatures().len(), 2, "{}", t.screen());
        insta::assert_snapshot!(name("sign_tab"), t.scrubbed());
        // The export dialog.
        t.keys("e");
        insta::assert_snapshot!(name("export_dialog"), t.scrubbed());
        t.keys("<C-s>");
        assert!(t.status().0.starts_with("已导出验收包"), "{}", t.screen());
        // The support unit: one bundle imported, one quarantined.
        let broken = broken_bundle(&t.data);
        let exports = t.data.join("exports");
        t.keys("<Esc>u?");
        insta::assert_snapshot!(name("unit_help"), t.scrubbed());
        t.keys(&format!("<Esc>i{}<C-s>", exports.display()));
        insta::assert_snapshot!(name("import_report"), t.scrubbed());
        t.keys(&format!("<Esc>i{}<C-s><Esc>", broken.display()));
        insta::assert_snapshot!(name("unit_screen"), t.scrubbed());
        t.keys("c");
        insta::assert_snapshot!(name("compile_dialog"), t.scrubbed());
        t.assert_fits();
    }
}

#[test]
fn sign_dissent_export_import_and_compile_by_keyboard() {
    let mut t = Harness::new(80, 24);
    t.keys("d<F6>");
    // Not finalized: nothing can be signed.
    t.keys("s");
    assert!(t.status().0.contains("定稿后才能签名"), "{}", t.screen());
    assert!(t.app.state.modal.is_none());
    t.keys("<F5>F<F9><F6>");
    assert_eq!(t.store().load(t.review_id()).unwrap().data.status, Status::Finalized);

    // 王建国 signs. A wrong passphrase is refused: the dialog stays open and the passphrase is wiped.
    t.keys("s<Tab>wrong passphrase<C-s>");
    assert!(t.app.state.modal.is_some(), "the dialog stays open");
    let (msg, kind) = t.status();
    assert!(msg.contains("口令不对") && kind == StatusKind::Error, "{msg}");
    // Where the focus went, and why, is said first.
    assert!(msg.starts_with("未签名（口令已清空，光标在口令栏）"), "{msg}");
    assert!(t.signatures().is_empty());
    // Enter, typed or pasted, anywhere in the dialog, never signs.
    t.keys(&format!("{PASSPHRASE}<Enter><Enter>"));
    t.input(vec![Input::Paste("\n\r\n".into())]);
    t.keys("<Up><Enter><Enter>");
    t.input(vec![Input::Paste("\n".into())]);
    assert!(t.signatures().is_empty(), "Enter signed");
    assert!(t.app.state.modal.is_some());
    assert!(!t.screen().contains(PASSPHRASE));
    t.keys("<C-s>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    assert_eq!(t.signatures(), [("王建国".to_string(), "sign".to_string(), String::new())]);
    assert!(t.status().0.starts_with("已签名：王建国"), "{:?}", t.status());
    assert!(t.screen().contains("已签名"));
    // Signing twice is refused with a message; no dialog opens.
    t.keys("s");
    assert!(t.app.state.modal.is_none());
    assert!(t.status().0.contains("王建国 对本版本已签名"), "{:?}", t.status());

    // 李秀英 signs with a pasted passphrase (the pasted line end is dropped).
    t.keys("<Down>s<Tab>");
    t.input(vec![Input::Paste(format!("{PASSPHRASE}\n"))]);
    t.keys("<F9>");
    assert_eq!(t.signatures().len(), 2, "{}", t.screen());
    assert_eq!(t.signatures()[1].0, "李秀英");

    // 张伟 dissents: the text is required.
    t.keys(&format!("<Down>d<Tab>{PASSPHRASE}<C-s>"));
    assert!(t.status().0.contains("请写明不同意见"), "{:?}", t.status());
    assert_eq!(t.signatures().len(), 2);
    // The dialog stays open on the dissent, which now has the focus.
    t.keys("本人认为第 2.6 项扣分理由不足。<Enter>不同意“优秀”。<C-s>");
    let sigs = t.signatures();
    assert_eq!(sigs.len(), 3, "{}", t.screen());
    assert_eq!(sigs[2], ("张伟".into(), "dissent".into(), "本人认为第 2.6 项扣分理由不足。\n不同意“优秀”。".into()));
    assert!(t.screen().contains("持不同意见"));

    // 陈立 recused: cannot be chosen.
    t.keys("<Down>s");
    assert!(t.app.state.modal.is_none());
    assert!(t.status().0.contains("陈立 已回避"), "{:?}", t.status());
    t.keys("d");
    assert!(t.app.state.modal.is_none());
    assert_eq!(t.signatures().len(), 3);

    // Export to the default directory, named by date and enterprise.
    t.keys("e");
    let out = t.data.join("exports").join("2026-11-28-示例：福建闽江精细化工有限公司");
    t.keys("<Enter>");
    assert!(!out.exists(), "Enter does not export");
    t.keys("<C-s>");
    assert!(out.join("bundle.json").is_file(), "{}", t.screen());
    assert_eq!(t.status(), (format!("已导出验收包：{}", out.display()), StatusKind::Saved));
    // The same directory again is refused; the dialog stays.
    t.keys("e<C-s>");
    assert!(t.status().0.contains("已存在"), "{:?}", t.status());
    assert!(t.app.state.modal.is_some());
    t.keys("<Esc>");

    // The support unit's screen: without a roster, the import says where to install it.
    t.keys("<Esc>u");
    assert!(matches!(t.app.state.screen, Screen::Unit(_)));
    let trust = t.data.join("trust");
    let off = t.data.join("trust-off");
    fs::rename(&trust, &off).unwrap();
    t.keys(&format!("i{}<C-s>", t.data.join("exports").display()));
    let (msg, kind) = t.status();
    assert!(msg.contains("尚未安装受信名单") && msg.contains(&trust.display().to_string()), "{msg}");
    assert_eq!(kind, StatusKind::Error);
    assert!(t.store().imports().unwrap().is_empty());
    assert!(t.app.state.modal.is_some(), "the dialog stays open");
    fs::rename(&off, &trust).unwrap();
    // Import the folder of exports (every subdirectory with a bundle.json).
    t.keys("<C-s>");
    assert!(t.screen().contains("新导入"), "{}", t.screen());
    let imports = t.store().imports().unwrap();
    assert_eq!(imports.len(), 1);
    let signers: Vec<yanshou::bundle::SignerInfo> = serde_json::from_str(&imports[0].signers).unwrap();
    let status: Vec<&str> = signers.iter().map(|s| s.status.label()).collect();
    assert_eq!(status, ["已签名", "已签名", "持不同意见", "回避"]);
    assert!(t.store().quarantined().unwrap().is_empty());
    t.keys("<Enter>");
    assert!(t.app.state.modal.is_none());
    assert!(t.screen().contains("示例：福建闽江"), "{}", t.screen());
    // The same bundle again: identical, nothing changes.
    t.keys(&format!("i{}<C-s>", out.display()));
    assert!(t.screen().contains("内容相同，未变"), "{}", t.screen());
    assert_eq!(t.store().imports().unwrap().len(), 1);
    t.keys("<Esc>");
    // A changed payload is quarantined with the reason.
    let changed = t.data.join("usb").join("被改动的验收包");
    fs::create_dir_all(changed.parent().unwrap()).unwrap();
    copy_dir(&out, &changed);
    let payload = changed.join("payload.json");
    let text = fs::read_to_string(&payload).unwrap().replacen("福建闽江", "福建岷江", 1);
    fs::write(&payload, text).unwrap();
    let broken = broken_bundle(&t.data);
    t.keys(&format!("i{}<C-s>", t.data.join("usb").display()));
    assert!(t.screen().contains("隔离"), "{}", t.screen());
    assert_eq!(t.status().0, "2 个验收包：隔离 2");
    let q = t.store().quarantined().unwrap();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].source, broken.display().to_string());
    assert!(q[0].reason.contains("not a yanshou bundle manifest"), "{}", q[0].reason);
    assert_eq!(q[1].source, changed.display().to_string());
    assert!(q[1].reason.contains("has been changed"), "{}", q[1].reason);
    assert_eq!(t.store().imports().unwrap().len(), 1);
    t.keys("<Esc>");
    assert!(t.screen().contains("隔离区（2 份"), "{}", t.screen());

    // Compile: the workbook and the CSV beside it.
    t.keys("c<C-s>");
    let xlsx = t.data.join("exports").join("汇总-2026-11-28.xlsx");
    assert!(xlsx.is_file() && xlsx.with_extension("csv").is_file(), "{}", t.screen());
    assert!(t.status().0.contains("已写出汇总（1 份验收）"), "{:?}", t.status());
    let csv = fs::read_to_string(xlsx.with_extension("csv")).unwrap();
    assert!(csv.contains("示例：福建闽江精细化工有限公司"));
    // Not over an existing file without asking: the dialog stays open and offers F9; Enter replaces nothing.
    let csv = xlsx.with_extension("csv");
    fs::write(&csv, "旧的汇总").unwrap();
    t.keys("c<C-s>");
    assert!(t.status().0.contains("已存在：按 F9 覆盖，或改一个文件名"), "{:?}", t.status());
    assert!(t.app.state.modal.is_some(), "the dialog stays open");
    assert!(t.screen().contains("此文件（或旁边的 .csv）已存在"), "{}", t.screen());
    t.keys("<Enter>");
    t.input(vec![Input::Paste("\n".into())]);
    assert_eq!(fs::read_to_string(&csv).unwrap(), "旧的汇总");
    // F9 replaces the workbook and the CSV file beside it.
    t.keys("<F9>");
    assert!(t.status().0.starts_with("已覆盖并写出汇总（1 份验收）"), "{:?}", t.status());
    assert!(t.app.state.modal.is_none());
    assert!(fs::read_to_string(&csv).unwrap().contains("示例：福建闽江精细化工有限公司"));
    // Or another name: the dialog keeps what was typed, and a changed name is written beside the others.
    t.keys("c<C-s>");
    assert!(t.status().0.contains("已存在"), "{:?}", t.status());
    t.keys("<End><Left><Left><Left><Left><Left>-2");
    assert!(!t.screen().contains("此文件（或旁边的 .csv）已存在"), "the warning is about the old name: {}", t.screen());
    t.keys("<F9>");
    let second = t.data.join("exports").join("汇总-2026-11-28-2.xlsx");
    assert!(second.is_file() && second.with_extension("csv").is_file(), "{:?} {}", t.status(), t.screen());
    assert!(t.status().0.starts_with("已写出汇总（1 份验收）"), "{:?}", t.status());
    t.keys("<Esc>");
    assert!(matches!(t.app.state.screen, Screen::Home));
}

/// The dialog starts in the key file, filled in where `key new` wrote the key; a passphrase typed into the key file
/// (the field a Tab from the passphrase leads to) replaces the selected path, is drawn masked and is never read or
/// named; every move of the focus and every refusal says where the focus is.
#[test]
fn the_signing_dialog_starts_in_the_key_file_and_never_shows_a_passphrase() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    let key = t.data.join("keys").join("王建国.key").display().to_string();
    t.keys("s");
    let key_field = |t: &Harness| match &t.app.state.modal {
        Some(Modal::Sign(f)) => (f.focus, f.key_path.text().to_string()),
        other => panic!("no signing dialog: {other:?}"),
    };
    assert_eq!(key_field(&t), (0, key.clone()));
    assert!(t.status().0.starts_with("光标在私钥文件栏"), "{:?}", t.status());
    assert!(t.screen().contains("✓ 找到本人私钥文件"), "{}", t.screen());
    // Tab, then the passphrase: into the passphrase, masked.
    t.keys(&format!("<Tab>{PASSPHRASE}"));
    assert!(t.status().0.starts_with("光标在口令栏"), "{:?}", t.status());
    assert!(!t.screen().contains("correct"), "{}", t.screen());
    // Tab again, and the passphrase once more: it replaces the selected path and is not shown.
    t.keys(&format!("<Tab>{PASSPHRASE}"));
    assert_eq!(key_field(&t), (0, PASSPHRASE.to_string()));
    let s = t.screen();
    assert!(!s.contains("correct") && !s.contains("horse") && !s.contains("battery"), "{s}");
    assert!(s.contains("这不像文件路径，未显示"), "{s}");
    // Ctrl+S: refused before anything is read, without naming it; the path the dialog opened with is back.
    t.keys("<C-s>");
    assert!(t.signatures().is_empty());
    let (msg, kind) = t.status();
    assert!(!msg.contains("correct") && msg.starts_with("光标在私钥文件栏：") && kind == StatusKind::Error, "{msg}");
    assert_eq!(key_field(&t), (0, key));
    assert!(!format!("{:?}", t.app.state.modal).contains("correct"));
    // The passphrase typed into its own field is still there: Ctrl+S signs.
    t.keys("<C-s>");
    assert_eq!(t.signatures().len(), 1, "{}", t.screen());
}

/// Keys kept elsewhere (a USB stick): the first expert types the path; the next expert's dialog looks in that folder.
#[test]
fn the_next_expert_is_offered_the_folder_of_the_last_key() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    let usb = t.data.join("usb-keys");
    fs::rename(t.data.join("keys"), &usb).unwrap();
    t.keys("s");
    assert!(t.screen().contains("没有此文件"), "{}", t.screen());
    t.keys(&format!("<C-u>{}<Tab>{PASSPHRASE}<C-s>", usb.join("王建国.key").display()));
    assert_eq!(t.signatures().len(), 1, "{}", t.screen());
    t.keys("<Down>s");
    match &t.app.state.modal {
        Some(Modal::Sign(f)) => assert_eq!(f.key_path.text(), usb.join("李秀英.key").display().to_string()),
        other => panic!("no signing dialog: {other:?}"),
    }
    assert!(t.screen().contains("✓ 找到本人私钥文件"), "{}", t.screen());
    t.keys(&format!("<Tab>{PASSPHRASE}<C-s>"));
    assert_eq!(t.signatures().len(), 2, "{}", t.screen());
}

/// The trust installed from the support unit's screen in one step: a roster whose signature does not hold is refused
/// and nothing is copied; the roster, its signature and the issuer's key (under its own name, 支撑单位.pub) are
/// installed together once it holds, and bundles then import.
#[test]
fn the_trust_is_installed_from_the_screen_after_its_signature_is_checked() {
    let mut t = Harness::new(80, 24);
    let trust = t.data.join("trust");
    let incoming = t.data.join("U盘");
    fs::rename(&trust, &incoming).unwrap();
    fs::remove_file(incoming.join("issuer.pub")).unwrap();
    let issuer = t.data.join("unit-key").join("支撑单位.pub");
    t.keys("u");
    assert!(t.screen().contains("尚未安装受信名单"), "{}", t.screen());
    // A roster changed after it was signed.
    let changed = t.data.join("改动过");
    fs::create_dir_all(&changed).unwrap();
    let text = fs::read_to_string(incoming.join("roster.json")).unwrap().replacen("李秀英", "李秀华", 1);
    fs::write(changed.join("roster.json"), text).unwrap();
    fs::copy(incoming.join("roster.json.minisig"), changed.join("roster.json.minisig")).unwrap();
    t.keys("t");
    assert!(matches!(t.app.state.modal, Some(yanshou::tui::dialogs::Modal::Trust(_))), "{}", t.screen());
    t.keys(&format!("{}<Tab><Tab>{}<Enter>", changed.join("roster.json").display(), issuer.display()));
    assert!(!trust.exists(), "Enter does not install");
    t.keys("<C-s>");
    let (msg, kind) = t.status();
    assert!(msg.starts_with("未安装受信名单") && msg.contains("签发后被改动过"), "{msg}");
    assert_eq!(kind, StatusKind::Error);
    assert!(!trust.exists(), "nothing was copied");
    assert!(t.app.state.modal.is_some(), "the dialog stays open");
    // Esc over typed paths asks first; the second Esc closes.
    t.keys("<Esc>");
    assert!(t.app.state.modal.is_some());
    t.keys("<Esc>");
    assert!(t.app.state.modal.is_none());
    // The roster as signed, its signature beside it (the field left empty), the key under its own name.
    t.keys(&format!("t{}<Tab><Tab>{}<C-s>", incoming.join("roster.json").display(), issuer.display()));
    let (msg, kind) = t.status();
    assert_eq!(msg, "已安装受信名单：4 把有效的专家密钥（2026-01-01 签发）");
    assert_eq!(kind, StatusKind::Saved);
    assert!(t.app.state.modal.is_none());
    for f in ["roster.json", "roster.json.minisig", "issuer.pub"] {
        assert!(trust.join(f).is_file(), "{f} was not installed");
    }
    assert_eq!(fs::read(trust.join("roster.json")).unwrap(), fs::read(incoming.join("roster.json")).unwrap());
    assert_eq!(
        keys::read_public(&trust.join("issuer.pub")).unwrap().to_base64(),
        keys::read_public(&issuer).unwrap().to_base64()
    );
    assert!(t.screen().contains("受信名单已核验：4 把有效的专家密钥"), "{}", t.screen());
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn enter_never_signs_even_in_a_pasted_dissent() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    t.keys(&format!("<Down><Down>d<Tab>{PASSPHRASE}<Tab>"));
    // A pasted dissent with line ends goes into the editor; nothing is signed until Ctrl+S.
    t.input(vec![Input::Paste("第一段。\n\n第二段。\n".into())]);
    t.keys("<Enter><Enter>");
    assert!(t.signatures().is_empty());
    let Some(yanshou::tui::dialogs::Modal::Sign(f)) = &t.app.state.modal else {
        panic!("the dialog closed:\n{}", t.screen())
    };
    assert_eq!(f.dissent.as_ref().unwrap().text(), "第一段。\n\n第二段。\n\n\n");
    // A key file that does not exist: the error names it and the dialog stays.
    t.keys("<Tab>");
    t.keys("<C-u>/nonexistent/key.key<C-s>");
    assert!(t.status().0.contains("无法读取私钥文件"), "{:?}", t.status());
    assert!(t.app.state.modal.is_some());
    assert!(t.signatures().is_empty());
}

#[test]
fn the_sign_page_fits_with_long_names() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    for key in ["", "<Down>", "<Down><Down>", "s", "<Esc>d", "<Esc>?"] {
        t.keys(key);
        t.assert_fits();
    }
    t.keys("<Esc><Esc>u");
    t.assert_fits();
    t.keys("?");
    t.assert_fits();
}

/// What a killed export or compilation left in the folder the app writes to (temporary names carrying a process id)
/// is cleared by the next export there, and the status line says so; what a running process may still be writing is
/// left and named.
#[test]
fn an_export_clears_what_a_killed_run_left_and_the_status_line_says_so() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    t.keys(&format!("s<Tab>{PASSPHRASE}<C-s>"));
    assert_eq!(t.signatures().len(), 1, "{}", t.screen());
    let exports = t.data.join("exports");
    fs::create_dir_all(&exports).unwrap();
    let mut ended = std::process::Command::new("true").spawn().unwrap();
    let dead = ended.id();
    ended.wait().unwrap();
    let left = exports.join(format!("2026-11-27-某公司.yanshou-{dead}-1.partial"));
    fs::create_dir_all(left.join("signatures")).unwrap();
    fs::write(left.join("payload.json"), "{").unwrap();
    // This test's own process runs, and writes this one now.
    let running = format!("汇总-2026-11-28.csv.yanshou-{}-7.partial", std::process::id());
    fs::write(exports.join(&running), "\u{feff}").unwrap();
    t.keys("e<C-s>");
    let out = exports.join("2026-11-28-示例：福建闽江精细化工有限公司");
    assert!(out.join("bundle.json").is_file(), "{}", t.screen());
    assert_eq!(
        t.status(),
        (
            format!(
                "已导出验收包：{}；已清除此前中断的导出或汇总留下的 1 个临时文件；另有 1 个未完成的临时文件或目录未删除\
                 （{running}）：确认没有 yanshou 正在写入后可手动删除",
                out.display()
            ),
            StatusKind::Saved
        )
    );
    assert!(!left.exists() && exports.join(&running).exists());
}

/// A key file whose own name is another expert's is refused in the signing dialog, naming both, and nothing is signed:
/// the file at 王建国's default key path is 李秀英's key, and the laptop's roster lists that key as hers.
#[test]
fn a_key_that_names_another_expert_does_not_sign() {
    let mut t = Harness::new(80, 24);
    let keys = t.data.join("keys");
    fs::copy(keys.join("李秀英.key"), keys.join("王建国.key")).unwrap();
    t.keys("d<F5>F<F9><F6>");
    t.keys(&format!("s<Tab>{PASSPHRASE}<C-s>"));
    let (msg, kind) = t.status();
    assert!(msg.contains("属于 李秀英") && msg.contains("不能为 王建国 签署"), "{msg}");
    assert_eq!(kind, StatusKind::Error);
    assert!(t.app.state.modal.is_some(), "the dialog stays open");
    assert!(t.signatures().is_empty());
}

/// An export to a name ending in `.yanshou.zip` writes one file; the support unit's screen imports a folder holding
/// it beside a bundle folder of the same export (the second is the same bundle: unchanged), and says a file that is
/// no bundle is none.
#[test]
fn an_archive_is_exported_and_imported_from_the_screens() {
    let mut t = Harness::new(80, 24);
    t.finalized_demo();
    t.keys(&format!("s<Tab>{PASSPHRASE}<C-s>"));
    assert_eq!(t.signatures().len(), 1, "{}", t.screen());
    let exports = t.data.join("exports");
    let folder = exports.join("2026-11-28-示例：福建闽江精细化工有限公司");
    let zipped = exports.join("2026-11-28-示例：福建闽江精细化工有限公司.yanshou.zip");
    t.keys("e<End>.yanshou.zip<C-s>");
    assert!(zipped.is_file(), "{}", t.screen());
    assert_eq!(t.status(), (format!("已导出验收包：{}", zipped.display()), StatusKind::Saved));
    t.keys("e<C-s>");
    assert!(folder.join("bundle.json").is_file(), "{}", t.screen());
    fs::write(exports.join("说明.txt"), "not a bundle").unwrap();
    t.keys("<Esc>u");
    assert!(matches!(t.app.state.screen, Screen::Unit(_)));
    assert!(t.screen().contains("U 盘上的目录、.yanshou.zip 文件，"), "{}", t.screen());
    t.keys(&format!("i{}<C-s>", exports.join("说明.txt").display()));
    assert!(
        t.status().0.contains("不是验收包：验收包是含 bundle.json 的目录，或一个 .yanshou.zip 文件"),
        "{:?}",
        t.status()
    );
    assert!(t.store().imports().unwrap().is_empty() && t.store().quarantined().unwrap().is_empty());
    // The dialog stays open with the path; Esc asks before the typed path goes, a second Esc lets it go.
    t.keys("<Esc><Esc>");
    assert!(t.app.state.modal.is_none(), "{}", t.screen());
    t.keys(&format!("i{}<C-s>", exports.display()));
    assert_eq!(t.status().0, "2 个验收包：新导入 1，未变 1", "{}", t.screen());
    let imports = t.store().imports().unwrap();
    assert_eq!(imports.len(), 1);
    // Sorted by name: the folder comes before its archive, which is the same bundle.
    assert_eq!(imports[0].source, folder.display().to_string());
    let screen = t.screen();
    assert!(screen.contains("新导入（导入 1）") && screen.contains(".yanshou.zip：已导入过"), "{screen}");
    t.assert_fits();
}
