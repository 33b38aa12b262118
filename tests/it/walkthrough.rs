//! A 福建 acceptance from start to compile, typed into the real binary at 80×24 as a panel and then a support unit
//! would: the enterprise, four experts (one recused with the province's reason and a statement), three experts' 16
//! scores each with the reasons for six deductions, the three vetoes, the opinion drafted and completed, finalizing
//! with F9, three signatures with each expert's key and passphrase, the export; then, on the support unit's laptop
//! (its own data directory, its signed roster installed), the import and the compilation. Each step waits for the
//! screen's Chinese text; at the end the stored state of both laptops, the bundle's files and the workbook are
//! checked. On its way it pins what a panel hit on site: the sheet filter without spaces, the empty panel, the lead's
//! own row, Esc over a typed reason, the opinion's cut box, the signing dialog's key file and focus, the status line
//! left behind, and Ctrl+C with typed text.

use std::fs;
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use yanshou::domain::review::{Answer, Role, Status};
use yanshou::store::Store;

use crate::tmux::{self, Tmux};

const PASS: &str = "walk-through-口令-2026";
const PANEL: &str = "w:panel";
const UNIT: &str = "w:unit";

fn cli(data: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yanshou"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("YANSHOU_DATA_DIR")
        .env_remove("YANSHOU_PASSPHRASE")
        .env("YANSHOU_ACTOR", "走查")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "yanshou {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn app(data: &Path, actor: &str) -> String {
    format!(
        "env LANG=C.UTF-8 TERM=xterm-256color YANSHOU_PASSPHRASE= {} --data-dir '{}' --actor {actor}; echo EXITED $?; \
         sleep 60",
        env!("CARGO_BIN_EXE_yanshou"),
        data.display()
    )
}

/// One expert's score on the current item: the points, Enter, and for a deduction its reason and Ctrl+S; waits until
/// the status line says it was saved. With `slip`, Esc is pressed once before saving: the typed reason is asked
/// about, and Enter goes back to it.
fn score(t: &Tmux, expert: &str, item: &str, points: &str, reason: Option<&str>, slip: bool) {
    t.text(PANEL, points);
    t.keys(PANEL, &["Enter"]);
    if let Some(reason) = reason {
        t.wait_for(PANEL, "扣分原因");
        t.text(PANEL, reason);
        if slip {
            t.keys(PANEL, &["Escape"]);
            t.wait_for(PANEL, "放弃已输入的内容？");
            t.keys(PANEL, &["Enter"]);
            t.wait_for(PANEL, reason);
        }
        t.keys(PANEL, &["C-s"]);
    }
    t.wait_for(PANEL, &format!("已保存：评分 {expert} {item}：{points} 分"));
}

const ITEMS: [(&str, &str); 16] = [
    ("1.1", "2"),
    ("1.2", "3"),
    ("1.3", "5"),
    ("1.4", "10"),
    ("2.1", "10"),
    ("2.2", "5"),
    ("2.3", "5"),
    ("2.4", "10"),
    ("2.5", "10"),
    ("2.6", "15"),
    ("3.1", "3"),
    ("3.2", "3"),
    ("3.3", "4"),
    ("4.1", "10"),
    ("4.2", "2"),
    ("4.3", "3"),
];

/// Each scoring expert's deductions: the item, the points given and the reason.
const DEDUCTIONS: [(&str, &str, &str, &str); 6] = [
    ("林海", "1.1", "1.5", "促进机构人员不全"),
    ("林海", "4.1", "5", "中高费方案实施后清洁生产水平提高有限"),
    ("王建国", "2.6", "12", "部分指标仅达到三级水平"),
    ("王建国", "4.1", "6", "跨越式提高证据不足"),
    ("陈刚", "1.4", "8", "一项中费方案尚未完成"),
    ("陈刚", "4.1", "5", "水平提升幅度有限"),
];

#[test]
fn a_fujian_acceptance_from_start_to_compile_at_80x24() {
    if !tmux::available("the walkthrough") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("panel");
    let unit = dir.path().join("unit");
    let pw = dir.path().join("pw");
    fs::write(&pw, format!("{PASS}\n")).unwrap();
    let pw = pw.to_str().unwrap();
    // Each expert's key, made on the panel's laptop where the signing dialog looks for it (<data>/keys/NAME.key).
    for name in ["林海", "王建国", "陈刚"] {
        cli(&data, &["key", "new", "--name", name, "--passphrase-file", pw]);
    }

    let t = Tmux::start("walkthrough", "w", 80, 24, &app(&data, "专家组"));
    t.run(&["rename-window", "-t", "w:0", "panel"]);
    t.wait_for(PANEL, "欢迎使用");

    // The enterprise and the sheet.
    t.keys(PANEL, &["n"]);
    t.wait_for(PANEL, "新建验收");
    for (i, text) in [
        "厦门某某电子有限公司",
        "91350100M000100Y43",
        "厦门市集美区杏林湾路1号",
        "电子元件制造",
        "福建某环保咨询有限公司",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            t.keys(PANEL, &["Tab"]);
        }
        t.text(PANEL, text);
    }
    t.wait_for(PANEL, "✓");
    t.keys(PANEL, &["Tab", "Tab"]); // the date is today's, filled in
    t.text(PANEL, "企业会议室");
    t.keys(PANEL, &["Tab", "Enter"]);
    t.wait_for(PANEL, "选择评分表");
    // Chinese is typed without spaces: the filter finds the words in any order.
    t.text(PANEL, "福建验收");
    t.wait_for(PANEL, "fujian-2008-acceptance");
    t.keys(PANEL, &["Enter"]);
    t.wait_for(PANEL, "福建省清洁生产审核验收评分表");
    t.keys(PANEL, &["C-s"]);
    t.wait_for(PANEL, "还没有专家");
    // An empty panel is not said to meet the province's rules. (Each text waited for: a frame may be read half drawn.)
    let s = t.wait_for(PANEL, "专家组没有可评分的专家");
    assert!(!s.contains("✓ 专家组符合本省规定"), "{s}");

    // The panel: the lead first, then three members; the fourth recuses.
    let experts = [
        ("林海", "福建省环境科学研究院", "高级工程师", 0, true),
        ("王建国", "厦门大学", "教授", 1, false),
        ("陈刚", "福建省节能中心", "工程师", 2, false),
        ("李秀英", "福建某环保咨询有限公司", "工程师", 3, false),
    ];
    for (n, (name, unit_name, title, field, lead)) in experts.iter().enumerate() {
        t.keys(PANEL, &["a"]);
        t.wait_for(PANEL, "添加专家");
        t.text(PANEL, name);
        t.keys(PANEL, &["Tab"]);
        t.text(PANEL, unit_name);
        t.keys(PANEL, &["Tab"]);
        t.text(PANEL, title);
        t.keys(PANEL, &["Tab"]);
        for _ in 0..*field {
            t.keys(PANEL, &["Right"]);
        }
        // The lead is a row of its own, toggled with Space there.
        if *lead {
            t.keys(PANEL, &["Tab", "Space"]);
            t.wait_for(PANEL, "组长：[是]");
        }
        t.keys(PANEL, &["C-s"]);
        t.wait_for(PANEL, &format!("专家组（{} 人，回避 0 人）", n + 1));
    }
    t.wait_for(PANEL, "林海     组长 清洁生产 福建省环境科学研究院");
    t.keys(PANEL, &["Down", "Down", "Down", "x"]);
    t.wait_for(PANEL, "回避专家：李秀英");
    t.keys(PANEL, &["Down", "Tab", "Tab"]);
    t.text(PANEL, "本人所在单位为该企业提供了清洁生产审核咨询服务，申请回避。");
    t.keys(PANEL, &["C-s"]);
    t.wait_for(PANEL, "专家组（4 人，回避 1 人）");
    t.wait_for(PANEL, "李秀英   成员 能源     福建某环保咨询有限公司          工程师       回避");

    // Scoring: each of the three scoring experts, all 16 items.
    t.keys(PANEL, &["F2"]);
    t.wait_for(PANEL, "评分专家 ◀ 林海 ▶ (1/3)");
    for (n, expert) in ["林海", "王建国", "陈刚"].iter().enumerate() {
        if n > 0 {
            t.keys(PANEL, &["Right", "g"]);
            t.wait_for(PANEL, "输入条目编号");
            t.text(PANEL, "1.1");
            t.keys(PANEL, &["Enter"]);
            t.wait_for(PANEL, &format!("评分专家 ◀ {expert} ▶ ({}/3) · 已评 0/16", n + 1));
        }
        for (item, max) in ITEMS {
            match DEDUCTIONS.iter().find(|d| d.0 == *expert && d.1 == item) {
                Some(d) => score(&t, expert, item, d.2, Some(d.3), d == &DEDUCTIONS[0]),
                None => score(&t, expert, item, max, None, false),
            }
        }
        t.wait_for(PANEL, &format!("评分专家 ◀ {expert} ▶ ({}/3) · 已评 16/16", n + 1));
    }
    t.wait_for(PANEL, "小计 93 · 专家组平均 93.50");

    // The vetoes: all three answered no.
    t.keys(PANEL, &["F3"]);
    t.wait_for(PANEL, "否决项（任何一项为“是”，验收不予通过）");
    t.keys(PANEL, &["n"]);
    t.wait_for(PANEL, "已保存：否决项");
    t.keys(PANEL, &["Down", "n", "Down", "n"]);
    let s = t.wait_for(PANEL, "包括存在相关数…    否");
    assert_eq!(s.matches("否│").count(), 3, "{s}");

    // The opinion: drafted from the data, the suggestions completed by the panel.
    t.keys(PANEL, &["F4"]);
    t.wait_for(PANEL, "综合评定意见");
    t.keys(PANEL, &["g"]);
    let s = t.wait_for(PANEL, "通过验收（优秀）");
    // The problems do not fit their box at 80×24: the box says so.
    t.wait_for(PANEL, "按 Enter 编辑查看");
    assert!(s.contains("专家李秀英（参与该企业审核咨询）依规回避"), "{s}");
    assert!(s.contains("组平均得分为93.50分（满分100分），评定等级为“优秀”"), "{s}");
    t.keys(PANEL, &["Down", "Down", "Enter"]);
    t.wait_for(PANEL, "Ctrl+S 保存");
    t.text(PANEL, "建议企业继续推进中高费方案，巩固清洁生产成果。");
    // Typed after the drafted suggestions: the editor shows the end of the text.
    t.wait_for(PANEL, "巩固清洁生产成果。");
    t.keys(PANEL, &["C-s"]);
    t.wait_for(PANEL, "1. 对照评分表要求，逐项整改存在问题所列的第");

    // The result, and finalizing: F asks, Enter does not confirm, F9 does.
    t.keys(PANEL, &["F5"]);
    let s = t.wait_for(PANEL, "已满足定稿条件");
    assert!(s.contains("专家组总分 93.50 / 100（精确值 93.5）  等级 优秀  验收结论 通过"), "{s}");
    assert!(s.contains("各专家总分：林海 94.5 · 王建国 93 · 陈刚 93"), "{s}");
    t.keys(PANEL, &["F"]);
    t.wait_for(PANEL, "F9 确认");
    t.keys(PANEL, &["Enter"]);
    t.wait_for(PANEL, "F9 确认");
    t.keys(PANEL, &["F9"]);
    t.wait_for(PANEL, "已保存：定稿");

    // Signing: each scoring expert with their own key and passphrase; the recused one is not asked.
    t.keys(PANEL, &["F6"]);
    t.wait_for(PANEL, "已签 0 人，不同意见 0 人");
    for (n, expert) in ["林海", "王建国", "陈刚"].iter().enumerate() {
        if n > 0 {
            t.keys(PANEL, &["Down"]);
        }
        // The dialog starts in the key file, found where `key new` wrote it, and says so; Tab goes to the passphrase.
        t.keys(PANEL, &["s"]);
        t.wait_for(PANEL, &format!("签名：{expert}"));
        t.wait_for(PANEL, "光标在私钥文件栏");
        t.wait_for(PANEL, "✓ 找到本人私钥文件");
        t.keys(PANEL, &["Tab"]);
        t.wait_for(PANEL, "光标在口令栏");
        t.text(PANEL, PASS);
        let s = t.screen(PANEL);
        assert!(!s.contains(PASS), "the passphrase is shown on screen:\n{s}");
        t.keys(PANEL, &["C-s"]);
        t.wait_for(PANEL, &format!("已签名：{expert}"));
    }
    let s = t.wait_for(PANEL, "已签 3 人，不同意见 0 人");
    assert!(s.contains("李秀英     回避"), "{s}");
    t.keys(PANEL, &["e"]);
    t.wait_for(PANEL, "导出到（新目录或 .yanshou.zip）：");
    t.keys(PANEL, &["C-s"]);
    t.wait_for(PANEL, "已导出验收包");
    let exports = data.join("exports");
    let bundle = fs::read_dir(&exports).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).expect("a bundle");
    assert!(bundle.file_name().unwrap().to_string_lossy().ends_with("厦门某某电子有限公司"), "{bundle:?}");
    for f in ["bundle.json", "payload.json", "scorecard.toml", "验收意见.html", "评分表.html", "签到表.html"]
    {
        assert!(bundle.join(f).is_file(), "the bundle has no {f}");
    }
    assert_eq!(fs::read_dir(bundle.join("signatures")).unwrap().count(), 3, "three signatures");
    assert_eq!(fs::read_dir(bundle.join("keys")).unwrap().count(), 3, "the three signers' public keys");

    // The support unit: its own key, a roster of the three experts it trusts, installed in its data directory.
    let issuer = dir.path().join("issuer");
    fs::create_dir_all(unit.join("trust")).unwrap();
    cli(&unit, &["key", "new", "--name", "省技术依托单位", "--dir", issuer.to_str().unwrap(), "--passphrase-file", pw]);
    let roster = unit.join("trust/roster.json");
    let issuer_key = issuer.join("省技术依托单位.key");
    let (roster_s, issuer_s) = (roster.to_str().unwrap(), issuer_key.to_str().unwrap());
    cli(&unit, &["roster", "new", "--out", roster_s, "--issuer-key", issuer_s, "--passphrase-file", pw]);
    for name in ["林海", "王建国", "陈刚"] {
        let public = data.join(format!("keys/{name}.pub"));
        cli(
            &unit,
            &[
                "roster",
                "add",
                roster_s,
                "--issuer-key",
                issuer_s,
                "--passphrase-file",
                pw,
                "--name",
                name,
                "--public-key",
                public.to_str().unwrap(),
                "--valid-from",
                "2026-01-01",
                "--valid-until",
                "2099-12-31",
            ],
        );
    }
    fs::copy(issuer.join("省技术依托单位.pub"), unit.join("trust/issuer.pub")).unwrap();

    t.window("w", "unit", &app(&unit, "技术依托单位"));
    t.wait_for(UNIT, "欢迎使用");
    t.keys(UNIT, &["u"]);
    t.wait_for(UNIT, "受信名单已核验：3 把有效的专家密钥");
    t.keys(UNIT, &["i"]);
    t.wait_for(UNIT, "验收包或其所在文件夹：");
    t.text(UNIT, exports.to_str().unwrap());
    t.keys(UNIT, &["C-s"]);
    let s = t.wait_for(UNIT, "1 个验收包：新导入 1");
    assert!(s.contains("✓ "), "{s}");
    t.keys(UNIT, &["Enter"]);
    let s = t.wait_for(UNIT, "已导入的验收（1 份）");
    assert!(s.contains("93.50  优秀     签 3/3"), "{s}");
    assert!(s.contains("隔离区（0 份"), "{s}");
    t.keys(UNIT, &["c"]);
    t.wait_for(UNIT, "汇总表（.xlsx）：");
    t.keys(UNIT, &["C-s"]);
    t.wait_for(UNIT, "已写出汇总（1 份验收）");

    // Both apps quit cleanly: the support unit's with q, the panel's with Ctrl+C from the new-review form, which
    // first asks about the name typed there.
    // (The support unit's own list of reviews is empty: what it imported is on its own screen.)
    t.keys(UNIT, &["Escape"]);
    t.wait_for(UNIT, "欢迎使用");
    t.keys(UNIT, &["q"]);
    let s = t.wait_for(UNIT, "EXITED");
    assert!(s.contains("EXITED 0"), "{s}");
    t.keys(PANEL, &["Escape"]);
    t.wait_for(PANEL, "│ 验收列表");
    // The export's message belonged to the review: the list's status line is its own, empty one. (Waited for, as a
    // frame may be read half drawn.)
    let s = t.wait_for(PANEL, "每项修改即时保存");
    assert!(s.contains("厦门某某电子有限公司") && !s.contains("已导出验收包"), "{s}");
    t.keys(PANEL, &["n"]);
    t.wait_for(PANEL, "新建验收");
    t.text(PANEL, "另一家企业");
    t.keys(PANEL, &["C-c"]);
    t.wait_for(PANEL, "退出并放弃已输入的内容？");
    t.keys(PANEL, &["y"]);
    let s = t.wait_for(PANEL, "EXITED");
    assert!(s.contains("EXITED 0"), "{s}");

    // What the panel's laptop holds.
    let store = Store::open(&data.join("yanshou.db")).unwrap();
    let reviews = store.list_reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    let r = store.load(reviews[0].id).unwrap();
    let d = &r.data;
    assert_eq!(r.card.id, "fujian-2008-acceptance");
    assert_eq!(d.status, Status::Finalized);
    assert_eq!(
        (d.enterprise.name.as_str(), d.enterprise.credit_code.as_str()),
        ("厦门某某电子有限公司", "91350100M000100Y43")
    );
    assert_eq!((d.enterprise.address.as_str(), d.place.as_str()), ("厦门市集美区杏林湾路1号", "企业会议室"));
    let names: Vec<(&str, &str, &str)> =
        d.experts.iter().map(|e| (e.name.as_str(), e.unit.as_str(), e.field.as_str())).collect();
    assert_eq!(
        names,
        [
            ("林海", "福建省环境科学研究院", "清洁生产"),
            ("王建国", "厦门大学", "行业"),
            ("陈刚", "福建省节能中心", "环保"),
            ("李秀英", "福建某环保咨询有限公司", "能源")
        ]
    );
    assert_eq!(
        d.experts.iter().filter(|e| e.role == Role::Lead).map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["林海"]
    );
    assert_eq!(d.recusals.len(), 1);
    let recusal = &d.recusals[0];
    assert_eq!(d.expert(recusal.expert_id).unwrap().name, "李秀英");
    assert_eq!(recusal.reason, "参与该企业审核咨询");
    assert_eq!(recusal.statement, "本人所在单位为该企业提供了清洁生产审核咨询服务，申请回避。");
    assert_eq!(d.scores.len(), 48);
    for e in d.scoring_experts() {
        for (item, max) in ITEMS {
            let s = d.score(e.id, item).unwrap_or_else(|| panic!("{} has no score for {item}", e.name));
            match DEDUCTIONS.iter().find(|x| x.0 == e.name && x.1 == item) {
                Some(x) => assert_eq!((s.points.to_string(), s.reason.as_str()), (x.2.to_string(), x.3)),
                None => assert_eq!((s.points.to_string(), s.reason.as_str()), (max.to_string(), "")),
            }
        }
    }
    assert_eq!(d.vetoes.len(), 3);
    assert!(d.vetoes.iter().all(|v| v.answer == Answer::No), "{:?}", d.vetoes);
    assert!(
        d.opinion.summary.contains("专家组平均得分为93.50分（满分100分），评定等级为“优秀”"),
        "{}",
        d.opinion.summary
    );
    assert!(d.opinion.problems.contains("部分指标仅达到三级水平"), "{}", d.opinion.problems);
    // The suggestions drafted from the deductions, and the panel's own words after them.
    assert!(
        d.opinion.suggestions.starts_with("1. 对照评分表要求，逐项整改存在问题所列的第 "),
        "{}",
        d.opinion.suggestions
    );
    assert!(
        d.opinion.suggestions.ends_with("建议企业继续推进中高费方案，巩固清洁生产成果。"),
        "{}",
        d.opinion.suggestions
    );
    assert_eq!(d.opinion.conclusion, "通过验收（优秀）。");
    let signatures = store.signatures(d.id).unwrap();
    let mut signed: Vec<&str> = signatures.iter().map(|s| s.expert.as_str()).collect();
    signed.sort_unstable();
    assert_eq!(signed, ["林海", "王建国", "陈刚"]);
    let (log, problems) = store.log(d.id).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert!(log.iter().all(|e| e.actor == "专家组"));

    // What the support unit holds: the import, and the workbook read back.
    let unit_store = Store::open(&unit.join("yanshou.db")).unwrap();
    let imports = unit_store.imports().unwrap();
    assert_eq!(imports.len(), 1);
    assert_eq!(imports[0].payload_sha256, signatures[0].payload_sha256);
    let workbook = fs::read_dir(unit.join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .expect("the workbook");
    let mut xlsx: Xlsx<_> = open_workbook(&workbook).unwrap();
    let sheet = xlsx.worksheet_range("全部").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let row = &rows[1];
    assert_eq!(row[column("企业名称")], "厦门某某电子有限公司");
    assert!(["93.50", "93.5"].contains(&row[column("专家组总分")].as_str()), "{row:?}");
    assert_eq!(row[column("等级")], "优秀");
    assert_eq!(row[column("结论")], "通过");
    assert_eq!(row[column("回避")], "李秀英：参与该企业审核咨询");
    assert_eq!(row[column("签名情况")], "已签 3/3");
    assert_eq!(row[column("专家评分")], "林海 94.5；王建国 93；陈刚 93");
}
