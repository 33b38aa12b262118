//! Each expert on their own laptop (issue 17) in the terminal app, on ratatui's TestBackend: a review kit imported on
//! an expert's laptop, personal sheets imported on the lead's (each bad one refused in Chinese, nothing changed), and
//! the lead's view of who is in — the others' scores hidden until all are, then the spread per item.

use std::fs;
use std::path::Path;

use crate::common::ok;
use crate::personal::{Panel, crafted, deductions, scoring, unpacked};
use crate::tui::Harness;
use yanshou::bundle::personal::{SHEET_FILE, SheetV1, pack};
use yanshou::domain::explain::Explain;
use yanshou::store::Store;
use yanshou::tui::keys::Input;

/// The app over a copy of a data directory (its database and installed trust).
fn app_over(data: &Path) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    for e in fs::read_dir(data).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("yanshou.db") {
            fs::copy(&p, dir.path().join(&name)).unwrap();
        }
    }
    let store = Store::open_in(dir.path()).unwrap();
    Harness::over(dir, store, 100, 30)
}

/// Opens the path dialog with `key` on the list, pastes `path` and imports it (Ctrl+S).
fn import(h: &mut Harness, key: &str, path: &Path) -> String {
    h.keys(key);
    h.input(vec![Input::Paste(path.display().to_string())]);
    h.keys("<C-s>");
    h.screen()
}

#[test]
fn kit_and_sheets_in_the_terminal_app() {
    let p = Panel::new();
    let kit = p.export_kit();
    // An expert's laptop imports the kit from the list: once read and checked, the dialog asks for whom (the
    // panel's non-recused experts; 赵敏 has recused and is not offered), and nothing is written until one is chosen.
    let mut expert = Harness::new(100, 30);
    let screen = import(&mut expert, "i", &kit);
    assert!(screen.contains("请选择本机为哪位专家评分") && screen.contains("▶ 王建国"), "{screen}");
    for name in ["李秀英", "张伟", "陈刚"] {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    assert!(!screen.contains("赵敏"), "{screen}");
    assert!(expert.store().list_reviews().unwrap().is_empty());
    // Esc asks before the typed path is thrown away; any other key goes back to the choice.
    let screen = expert.keys("<Esc>").screen();
    assert!(screen.contains("放弃已输入的内容"), "{screen}");
    let screen = expert.keys("<Enter>").screen();
    assert!(screen.contains("▶ 王建国"), "{screen}");
    let screen = expert.keys("<Down><Enter>").screen();
    assert!(screen.contains("评审包已导入为评审 1") && screen.contains("本机为 李秀英 评分"), "{screen}");
    let k = expert.store().kit(1).unwrap().unwrap();
    assert_eq!((k.role.as_str(), k.expert.as_deref()), ("expert", Some("李秀英")));
    // Bound to 李秀英: her score is taken, another expert's is refused.
    let r = expert.store().load(1).unwrap();
    let id_of = |n: &str| r.data.experts.iter().find(|e| e.name == n).unwrap().id;
    let max = r.card.item("1.1").unwrap().points;
    let mut st = expert.store();
    st.set_score(1, id_of("李秀英"), "1.1", max, "", "").unwrap();
    let err = st.set_score(1, id_of("张伟"), "1.1", max, "", "").unwrap_err();
    assert!(err.zh().contains("只评 李秀英 本人的评分表"), "{}", err.zh());
    drop(st);
    // The same kit again is refused in Chinese.
    import(&mut expert, "i", &kit);
    let screen = expert.keys("<Enter>").screen();
    assert!(screen.contains("评审包未导入") && screen.contains("已导入本机"), "{screen}");

    // Three experts score and sign on their laptops; the lead has not scored yet.
    let mut files = Vec::new();
    for name in scoring().filter(|n| *n != "王建国") {
        let review = p.import_kit(&kit, name);
        p.score(name, &review, &deductions(name));
        files.push((name, p.sign(name, &review, &format!("{name}.yanshou.zip"))));
    }
    let mut lead = app_over(&p.dir("王建国"));
    let id = p.review;
    let before = lead.store().load(id).unwrap().data.scores.len();
    // A tampered sheet, a sheet signed by a key not in the panel, a sheet for another review: each refused, in
    // Chinese, nothing changed.
    let (bytes, sig) = unpacked(&files[0].1);
    let changed = String::from_utf8(bytes.clone()).unwrap().replacen("\"score\":\"", "\"score\":\"1", 1);
    let tampered = p.usb("改过.yanshou.zip");
    fs::write(&tampered, pack(SHEET_FILE, changed.as_bytes(), &sig).unwrap()).unwrap();
    let sheet: SheetV1 = serde_json::from_slice(&bytes).unwrap();
    let outsider = crafted(&p, &sheet, &p.key("外人"), "外人.yanshou.zip");
    let mut elsewhere = sheet.clone();
    elsewhere.review_uid = "f".repeat(32);
    let elsewhere = crafted(&p, &elsewhere, &p.key(files[0].0), "别处.yanshou.zip");
    for (file, says) in [(&tampered, "签名验证不通过"), (&outsider, "不是专家组"), (&elsewhere, "是另一评审的评分表")]
    {
        let screen = import(&mut lead, "p", file);
        assert!(screen.contains("个人评分表未导入") && screen.contains(says), "{says}:\n{screen}");
        assert_eq!(lead.store().load(id).unwrap().data.scores.len(), before, "{says}: something changed");
    }
    // One sheet in: the lead sees who is missing, not the scores.
    let screen = import(&mut lead, "p", &files[0].1);
    assert!(screen.contains(&format!("已并入评审 {id}：{}", files[0].0)), "{screen}");
    // The same revision with other content, and a recused expert's sheet signed with her own key: each refused, in
    // Chinese on the status line, nothing changed.
    let mut other = sheet.clone();
    other.scores[0].reason = "另一版本".into();
    other.scores[0].score = "0".into();
    let conflicting = crafted(&p, &other, &p.key(files[0].0), "同版.yanshou.zip");
    let mut recused = sheet.clone();
    recused.expert = "赵敏".into();
    let recused = crafted(&p, &recused, &p.key("赵敏"), "回避.yanshou.zip");
    let held = |h: &Harness| {
        let st = h.store();
        (st.load(id).unwrap().data.scores, st.personal_sheets(id).unwrap())
    };
    let before = held(&lead);
    for (file, says) in [(&conflicting, "第 1 版与已导入的第 1 版内容不同"), (&recused, "赵敏 已回避")]
    {
        let screen = import(&mut lead, "p", file);
        let status = screen.lines().rev().find(|l| l.contains("个人评分表未导入")).unwrap_or_default();
        assert!(status.contains(says), "{says}:\n{screen}");
        assert!(held(&lead) == before, "{says}: something changed");
    }
    lead.keys("<Enter><F1>");
    let screen = lead.keys("p").screen();
    assert!(screen.contains("✓ 李秀英：个人评分表第 1 版"), "{screen}");
    assert!(screen.contains("尚未收齐：王建国、张伟、陈刚"), "{screen}");
    lead.keys("<Esc><F2>");
    // On the scoring page, 李秀英's scores are not shown until all are in.
    let mut seen = false;
    for _ in 0..4 {
        let screen = lead.screen();
        if screen.contains("◀ 李秀英 ▶") {
            assert!(screen.contains("全部收齐前不显示"), "{screen}");
            seen = true;
        }
        assert!(!screen.contains("专家组平均"), "{screen}");
        lead.keys("<Right>");
    }
    assert!(seen);
    // The rest come in (the lead scores on his own laptop): the spread per item shows where the panel must talk.
    drop(lead);
    let mut st = Store::open_in(&p.dir("王建国")).unwrap();
    for (_, f) in &files {
        yanshou::bundle::personal::sheet::import_sheet(&mut st, f).unwrap();
    }
    drop(st);
    p.score("王建国", &id.to_string(), &deductions("王建国"));
    let mut lead = app_over(&p.dir("王建国"));
    lead.keys("<Enter><F1>");
    let screen = lead.keys("p").screen();
    assert!(screen.contains("✓ 王建国：在本机评完"), "{screen}");
    assert!(screen.contains("已全部收齐") && screen.contains("2.6  最低 12 最高"), "{screen}");
    // A replayed older revision is refused in the app too, in Chinese.
    ok(&p.dir("李秀英"), &["review", "score", "1", "李秀英", "4.1", "0", "--reason", "未建立持续清洁生产机制"]);
    let second = p.sign("李秀英", "1", "李秀英-2.yanshou.zip");
    let mut st = Store::open_in(&p.dir("王建国")).unwrap();
    yanshou::bundle::personal::sheet::import_sheet(&mut st, &second).unwrap();
    drop(st);
    let mut lead = app_over(&p.dir("王建国"));
    let screen = import(&mut lead, "p", &files[0].1);
    assert!(screen.contains("个人评分表未导入") && screen.contains("重放旧版本"), "{screen}");
}
