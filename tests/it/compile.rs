//! The support unit's compilation: the workbook read back cell by cell, the CSV file byte by byte, the statistics of
//! `分歧` and `专家宽严` against figures worked out by hand, and a compilation of 1,000 reviews.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use sha2::{Digest, Sha256};
use yanshou::bundle::compile::{CompiledReview, HEADERS, LENIENCY_HEADERS, SPREAD_HEADERS, write_csv, write_xlsx};
use yanshou::bundle::payload::{AuditHead, Payload, build, canonical};
use yanshou::bundle::{SignStatus, SignerInfo};
use yanshou::domain::credit_code::check_character;
use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::domain::scorecard::Catalog;
use yanshou::domain::scoring::evaluate;
use yanshou::store::{NewExpert, NewReview, OpinionPatch, Store};

const IMPORTED: &str = "2026-12-01T09:00:00+08:00";

fn code(first17: &str) -> String {
    format!("{first17}{}", check_character(first17).unwrap())
}

fn payload(store: &Store, id: i64, uid: &str, revision: u32) -> Payload {
    let r = store.load(id).unwrap();
    let e = evaluate(&r.card, &r.data.evaluation_input(&r.card)).unwrap();
    build(
        &r,
        &e,
        uid,
        revision,
        "2026-11-28T10:00:00+08:00",
        AuditHead { seq: 1, hash: "0".repeat(64) },
        Default::default(),
    )
}

fn sha(p: &Payload) -> String {
    Sha256::digest(canonical(p)).iter().map(|b| format!("{b:02x}")).collect()
}

fn signers(list: &[(&str, SignStatus)]) -> Vec<SignerInfo> {
    list.iter()
        .map(|(name, status)| SignerInfo {
            expert: name.to_string(),
            status: *status,
            key_id: matches!(status, SignStatus::Signed | SignStatus::Dissented).then(|| "0123456789ABCDEF".into()),
            signed_at: None,
            dissent: (*status == SignStatus::Dissented).then(|| "本人对第 4.1 项评分有不同意见。".into()),
        })
        .collect()
}

fn compiled(p: Payload, signers: Vec<SignerInfo>, superseded: bool) -> CompiledReview {
    CompiledReview { payload_sha256: sha(&p), payload: p, signers, imported_at: IMPORTED.into(), superseded }
}

/// Experts (name, field, lead) and their deductions (expert, item, score, reason); every other item full marks.
struct Plan<'a> {
    sheet: &'a str,
    enterprise: &'a str,
    credit_code: String,
    place: &'a str,
    experts: &'a [(&'a str, &'a str, bool)],
    deductions: &'a [(&'a str, &'a str, &'a str, &'a str)],
    veto_yes: Option<(&'a str, &'a str)>,
}

fn create(store: &mut Store, catalog: &Catalog, plan: &Plan) -> i64 {
    let card = catalog.scorecard(plan.sheet).unwrap();
    let rules: Vec<_> = catalog.rules_for(card).collect();
    let id = store
        .create_review(
            &NewReview {
                enterprise_name: plan.enterprise.into(),
                credit_code: plan.credit_code.clone(),
                industry: "化工".into(),
                date: "2026-11-20".into(),
                place: plan.place.into(),
                ..Default::default()
            },
            card,
            &rules,
        )
        .unwrap();
    for (name, field, lead) in plan.experts {
        let eid = store
            .add_expert(
                id,
                &NewExpert {
                    name: (*name).into(),
                    unit: "某研究院".into(),
                    field: (*field).into(),
                    lead: *lead,
                    ..Default::default()
                },
            )
            .unwrap();
        for item in card.scored_items() {
            match plan.deductions.iter().find(|(n, i, _, _)| n == name && *i == item.id) {
                Some((_, _, score, reason)) => {
                    store.set_score(id, eid, &item.id, Points::parse(score).unwrap(), reason, "").unwrap()
                }
                None => store.set_score(id, eid, &item.id, item.points, "", "").unwrap(),
            }
        }
    }
    for v in card.vetoes.iter().filter(|v| v.computed.is_none()) {
        match plan.veto_yes {
            Some((veto, evidence)) if veto == v.id => store.answer_veto(id, &v.id, Answer::Yes, evidence).unwrap(),
            _ => store.answer_veto(id, &v.id, Answer::No, "").unwrap(),
        }
    }
    store
        .set_opinion(
            id,
            &OpinionPatch {
                summary: Some("专家组听取了汇报并现场核查。".into()),
                conclusion: Some("见评分。".into()),
                ..Default::default()
            },
        )
        .unwrap();
    if let Err(e) = store.finalize(id) {
        panic!("{}: {e:?}", plan.enterprise);
    }
    id
}

const NANPING: &str = "福建南平纸业有限公司";
const ZJ: &str = "浙江绍兴印染有限公司, 二分厂";
const DEMO: &str = "示例：福建闽江精细化工有限公司";

/// The demo review (福建), a second 福建 review with a veto, and a 浙江 review finalized twice (revision 1 superseded).
fn reviews() -> (tempfile::TempDir, Vec<CompiledReview>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    store.set_actor("技术依托单位");
    let catalog = yanshou::builtin::load_catalog(None).0;

    let demo = yanshou::tui::demo::load(&mut store, &catalog).unwrap();
    store.finalize(demo).unwrap();

    let nanping = create(
        &mut store,
        &catalog,
        &Plan {
            sheet: "fujian-2008-acceptance",
            enterprise: NANPING,
            credit_code: code("91350700MA31K2L8X"),
            place: "南平市延平区",
            experts: &[("王建国", "清洁生产", true), ("李秀英", "环保", false), ("刘洋", "行业", false)],
            deductions: &[
                ("王建国", "1.4", "6.5", "中/高费方案完成不足"),
                ("李秀英", "1.4", "9.5", "一项方案延期"),
                ("李秀英", "2.6", "10", "未达到三级标准"),
                ("刘洋", "2.6", "13.5", "能耗指标偏高"),
            ],
            veto_yes: Some(("v1", "2026 年 3 月发生废水超标排放事故，见处罚决定书。")),
        },
    );

    let zj_experts =
        [("赵敏", "清洁生产", true), ("王建国", "能源", false), ("孙丽", "环保", false), ("周强", "行业", false)];
    let zhejiang = create(
        &mut store,
        &catalog,
        &Plan {
            sheet: "zhejiang-2003-acceptance",
            enterprise: ZJ,
            credit_code: code("91330600MA2B3C4D5"),
            place: "绍兴市\"柯桥区\"",
            experts: &zj_experts,
            deductions: &[
                ("赵敏", "3.4", "3", "中/高费方案实施不足"),
                ("王建国", "3.4", "4", "技改结合不够"),
                ("王建国", "7.2", "2", "节电不足 5%"),
                ("孙丽", "3.4", "2", "方案未实施"),
                ("孙丽", "4.1", "1", "废气偶有超标"),
                ("周强", "7.2", "1.5", "节电测算依据不足"),
            ],
            veto_yes: None,
        },
    );
    let zj_first = payload(&store, zhejiang, "uid-3", 1);
    store.reopen(zhejiang, "孙丽复核第 4.1 项").unwrap();
    let r = store.load(zhejiang).unwrap();
    let sun = r.data.experts.iter().find(|e| e.name == "孙丽").unwrap().id;
    store.set_score(zhejiang, sun, "4.1", Points::whole(3), "废气偶有超标，已整改", "").unwrap();
    store.finalize(zhejiang).unwrap();

    use SignStatus::*;
    let all_zj = signers(&[("赵敏", Signed), ("王建国", Signed), ("孙丽", Signed), ("周强", Signed)]);
    let list = vec![
        compiled(
            payload(&store, demo, "uid-1", 1),
            signers(&[("王建国", Signed), ("李秀英", Signed), ("张伟", Signed), ("陈立", Recused)]),
            false,
        ),
        compiled(zj_first, all_zj, true),
        compiled(
            payload(&store, nanping, "uid-2", 1),
            signers(&[("王建国", Signed), ("李秀英", Signed), ("刘洋", Missing)]),
            false,
        ),
        compiled(
            payload(&store, zhejiang, "uid-3", 2),
            signers(&[("赵敏", Signed), ("王建国", Signed), ("孙丽", Dissented)]),
            false,
        ),
    ];
    (dir, list)
}

/// A cell as text: numbers as `#value`, empty cells as "".
fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("#{f}"),
        Data::Int(i) => format!("#{i}"),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name}");
    range.rows().map(|r| r.iter().map(cell).collect()).collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn headers(h: &[&str]) -> Vec<String> {
    row(h)
}

fn expected_rows(list: &[CompiledReview]) -> [Vec<String>; 4] {
    let demo_recusal = format!("陈立：{}", list[0].payload.recusals[0].reason);
    let veto = "清洁生产方案实施期间发生环境污染与破坏事故。";
    [
        row(&[
            DEMO,
            "91350100M000100Y43",
            "福建",
            "福建省清洁生产审核验收评分表",
            "验收",
            "2026-11-28",
            "福州市闽侯县",
            "王建国（组长）、李秀英、张伟、陈立",
            &demo_recusal,
            "王建国 95；李秀英 97；张伟 97",
            "#96.33",
            "优秀",
            "通过",
            "",
            "已签 3/3",
            "",
            &list[0].payload_sha256,
            "#1",
            IMPORTED,
            "",
            "",
            "未经抽取（专家组手工录入）",
        ]),
        row(&[
            ZJ,
            &code("91330600MA2B3C4D5"),
            "浙江",
            "浙江省清洁生产审核验收标准",
            "验收",
            "2026-11-20",
            "绍兴市\"柯桥区\"",
            "赵敏（组长）、王建国、孙丽、周强",
            "",
            "赵敏 98；王建国 98；孙丽 93；周强 98.5",
            "#96.88",
            "优秀",
            "通过",
            "",
            "已签 4/4",
            "",
            &list[1].payload_sha256,
            "#1",
            IMPORTED,
            "",
            "",
            "未经抽取（专家组手工录入）",
        ]),
        row(&[
            NANPING,
            &code("91350700MA31K2L8X"),
            "福建",
            "福建省清洁生产审核验收评分表",
            "验收",
            "2026-11-20",
            "南平市延平区",
            "王建国（组长）、李秀英、刘洋",
            "",
            "王建国 96.5；李秀英 94.5；刘洋 98.5",
            "#96.5",
            "不通过",
            "不通过",
            veto,
            "已签 2/3；未签：刘洋",
            "",
            &list[2].payload_sha256,
            "#1",
            IMPORTED,
            "",
            "",
            "未经抽取（专家组手工录入）",
        ]),
        row(&[
            ZJ,
            &code("91330600MA2B3C4D5"),
            "浙江",
            "浙江省清洁生产审核验收标准",
            "验收",
            "2026-11-20",
            "绍兴市\"柯桥区\"",
            "赵敏（组长）、王建国、孙丽、周强",
            "",
            "赵敏 98；王建国 98；孙丽 95；周强 98.5",
            "#97.38",
            "优秀",
            "通过",
            "",
            "已签 2/4；持不同意见：孙丽；未签：周强",
            "孙丽",
            &list[3].payload_sha256,
            "#2",
            IMPORTED,
            "",
            "",
            "未经抽取（专家组手工录入）",
        ]),
    ]
}

#[test]
fn the_workbook_holds_every_current_review_once_per_sheet_kind() {
    let (dir, list) = reviews();
    // The figures the expected rows rely on, as the engine computed them.
    assert_eq!(list[0].payload.result.total.as_deref(), Some("96.33"));
    assert_eq!(list[2].payload.result.triggered_vetoes, ["v1"]);
    assert_eq!(list[3].payload.result.total_exact.as_deref(), Some("97.375"));

    let path = dir.path().join("汇总.xlsx");
    write_xlsx(&path, &list).unwrap();
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["全部", "浙江", "福建", "分歧", "专家宽严", "历史版本"]);

    let [demo, zj1, nanping, zj2] = expected_rows(&list);
    assert_eq!(sheet(&path, "全部"), [headers(&HEADERS), demo.clone(), nanping.clone(), zj2.clone()]);
    assert_eq!(sheet(&path, "福建"), [headers(&HEADERS), demo, nanping]);
    assert_eq!(sheet(&path, "浙江"), [headers(&HEADERS), zj2]);
    assert_eq!(sheet(&path, "历史版本"), [headers(&HEADERS), zj1]);

    // 专家组总分 and 修订 are number cells.
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let all = wb.worksheet_range("全部").unwrap();
    assert_eq!(all.get_value((1, 10)), Some(&Data::Float(96.33)));
    assert_eq!(all.get_value((3, 10)), Some(&Data::Float(97.38)));
    assert_eq!(all.get_value((3, 17)), Some(&Data::Float(2.0)));
}

#[test]
fn disagreement_and_leniency_match_hand_computed_figures() {
    let (dir, list) = reviews();
    let path = dir.path().join("汇总.xlsx");
    write_xlsx(&path, &list).unwrap();

    let spread = sheet(&path, "分歧");
    assert_eq!(spread[0], headers(&SPREAD_HEADERS));
    let fj = "福建省清洁生产审核验收评分表";
    let zj = "浙江省清洁生产审核验收标准";
    let find = |title: &str, item: &str| {
        spread.iter().find(|r| r[0] == title && r[2] == item).unwrap_or_else(|| panic!("{title} {item}")).clone()
    };
    // 福建 1.4: demo 8/10/9 → 2; 南平 6.5/9.5/10 → 3.5. Mean 2.75, largest 3.5 at 南平.
    assert_eq!(find(fj, "1.4"), row(&[fj, "fujian-2008-acceptance", "1.4", "#2", "#2.75", "#3.5", NANPING]));
    // 2.6: demo 12/15/15 → 3; 南平 15/10/13.5 → 5.
    assert_eq!(find(fj, "2.6"), row(&[fj, "fujian-2008-acceptance", "2.6", "#2", "#4", "#5", NANPING]));
    // 2.4: demo 10/8/10 → 2; 南平 0.  3.1: demo 3/2/3 → 1; 南平 0.  4.3: demo 3/3/1 → 2.
    assert_eq!(find(fj, "2.4"), row(&[fj, "fujian-2008-acceptance", "2.4", "#2", "#1", "#2", DEMO]));
    assert_eq!(find(fj, "3.1"), row(&[fj, "fujian-2008-acceptance", "3.1", "#2", "#0.5", "#1", DEMO]));
    assert_eq!(find(fj, "4.3"), row(&[fj, "fujian-2008-acceptance", "4.3", "#2", "#1", "#2", DEMO]));
    // No panel disagreed on 1.1: no enterprise is named.
    assert_eq!(find(fj, "1.1"), row(&[fj, "fujian-2008-acceptance", "1.1", "#2", "#0", "#0", ""]));
    // 浙江, revision 2 only: 3.4 3/4/2/5 → 3; 7.2 3/2/3/1.5 → 1.5; 4.1 5/5/3/5 → 2 (revision 1 had 1 → 4).
    assert_eq!(find(zj, "3.4"), row(&[zj, "zhejiang-2003-acceptance", "3.4", "#1", "#3", "#3", ZJ]));
    assert_eq!(find(zj, "7.2"), row(&[zj, "zhejiang-2003-acceptance", "7.2", "#1", "#1.5", "#1.5", ZJ]));
    assert_eq!(find(zj, "4.1"), row(&[zj, "zhejiang-2003-acceptance", "4.1", "#1", "#2", "#2", ZJ]));
    // One row per scored item of each sheet (浙江 33, 福建 16), 浙江's title sorting first, items in number order.
    assert_eq!(spread.len(), 1 + 33 + 16);
    assert_eq!(spread[1][2], "1.1");
    assert_eq!(spread[1][0], zj);
    let zj_items: Vec<&str> = spread[1..34].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(&zj_items[18..26], ["5.3", "5.4", "6.1.1", "6.1.2", "6.1.3", "6.2.1", "6.2.2", "6.2.3"]);

    // Deviation from the panel mean, per review:
    //   demo (mean 289/3): 王建国 −4/3, 李秀英 +2/3, 张伟 +2/3;
    //   南平 (mean 96.5): 王建国 0, 李秀英 −2, 刘洋 +2;
    //   浙江 r2 (mean 97.375): 赵敏 +0.625, 王建国 +0.625, 孙丽 −2.375, 周强 +1.125.
    // 王建国: (−4/3 + 0 + 5/8) / 3 = −17/72 = −0.236…; min −1.33, max 0.625 → 0.63.
    assert_eq!(
        sheet(&path, "专家宽严"),
        [
            headers(&LENIENCY_HEADERS),
            row(&["刘洋", "#1", "#2", "#2", "#2"]),
            row(&["周强", "#1", "#1.13", "#1.13", "#1.13"]),
            row(&["张伟", "#1", "#0.67", "#0.67", "#0.67"]),
            row(&["赵敏", "#1", "#0.63", "#0.63", "#0.63"]),
            row(&["王建国", "#3", "#-0.24", "#-1.33", "#0.63"]),
            row(&["李秀英", "#2", "#-0.67", "#-2", "#0.67"]),
            row(&["孙丽", "#1", "#-2.38", "#-2.38", "#-2.38"]),
        ]
    );
}

#[test]
fn the_csv_file_is_the_all_table_with_a_bom_and_rfc_4180_quoting() {
    let (dir, mut list) = reviews();
    // A sheet that prints no pass mark (a version 2 payload whose result nobody has decided yet), and a name a spreadsheet would take for a formula.
    let mut odd = list[0].clone();
    odd.payload.result.passed = None;
    odd.payload.result.grade = None;
    odd.payload.enterprise.name = "=HYPERLINK(\"x\")".into();
    odd.payload_sha256 = "ab".repeat(32);
    list.push(odd);

    let path = dir.path().join("汇总.csv");
    write_csv(&path, &list).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert!(text.ends_with("\r\n"));
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "企业名称,统一社会信用代码,省份,评分表,阶段,验收日期,地点,专家组,回避,专家评分,专家组总分,等级,结论,否决项,签名情况,不同意见,payload sha256,修订,导入时间,未满足的要求,界限争议,抽取核对"
    );
    let demo_recusal = format!("陈立：{}", list[0].payload.recusals[0].reason);
    let quoted =
        |s: &str| if s.contains([',', '"']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() };
    assert_eq!(
        lines[1],
        format!(
            "{DEMO},91350100M000100Y43,福建,福建省清洁生产审核验收评分表,验收,2026-11-28,福州市闽侯县,王建国（组长）、李秀英、张伟、陈立,{},王建国 95；李秀英 97；张伟 97,96.33,优秀,通过,,已签 3/3,,{},1,{IMPORTED},,,未经抽取（专家组手工录入）",
            quoted(&demo_recusal),
            list[0].payload_sha256
        )
    );
    assert_eq!(
        lines[2],
        format!(
            "{NANPING},{},福建,福建省清洁生产审核验收评分表,验收,2026-11-20,南平市延平区,王建国（组长）、李秀英、刘洋,,王建国 96.5；李秀英 94.5；刘洋 98.5,96.50,不通过,不通过,清洁生产方案实施期间发生环境污染与破坏事故。,已签 2/3；未签：刘洋,,{},1,{IMPORTED},,,未经抽取（专家组手工录入）",
            code("91350700MA31K2L8X"),
            list[2].payload_sha256
        )
    );
    // The enterprise name holds a comma and the place quotes: both quoted, quotes doubled.
    assert_eq!(
        lines[3],
        format!(
            "\"{ZJ}\",{},浙江,浙江省清洁生产审核验收标准,验收,2026-11-20,\"绍兴市\"\"柯桥区\"\"\",赵敏（组长）、王建国、孙丽、周强,,赵敏 98；王建国 98；孙丽 95；周强 98.5,97.38,优秀,通过,,已签 2/4；持不同意见：孙丽；未签：周强,孙丽,{},2,{IMPORTED},,,未经抽取（专家组手工录入）",
            code("91330600MA2B3C4D5"),
            list[3].payload_sha256
        )
    );
    assert!(lines[4].starts_with("\"'=HYPERLINK(\"\"x\"\")\",91350100M000100Y43,福建,"), "{}", lines[4]);
    assert!(lines[4].contains(",96.33,,尚未判定,,已签 3/3,,"), "{}", lines[4]);
    // The superseded revision is not in the file.
    assert_eq!(text.matches(ZJ).count(), 1);
}

#[test]
fn a_thousand_reviews_compile() {
    let (dir, list) = reviews();
    let mut many = Vec::new();
    for i in 0..1000 {
        let mut r = list[i % 4].clone();
        r.payload.review.uid = format!("uid-bulk-{i}");
        r.payload.enterprise.name = format!("批量测试企业{i:04}有限公司");
        if i % 3 == 0 {
            r.payload.scorecard.province = "广东".into();
        }
        r.payload_sha256 = sha(&r.payload);
        many.push(r);
    }
    let superseded = many.iter().filter(|r| r.superseded).count();
    assert_eq!(superseded, 250);

    let path = dir.path().join("many.xlsx");
    write_xlsx(&path, &many).unwrap();
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["全部", "广东", "浙江", "福建", "分歧", "专家宽严", "历史版本"]);
    let all = sheet(&path, "全部");
    assert_eq!(all.len(), 1 + 750);
    assert_eq!(all[1][0], "批量测试企业0000有限公司");
    assert_eq!(sheet(&path, "历史版本").len(), 1 + 250);
    let provinces: usize = ["广东", "浙江", "福建"].iter().map(|p| sheet(&path, p).len() - 1).sum();
    assert_eq!(provinces, 750);

    let csv = dir.path().join("many.csv");
    write_csv(&csv, &many).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.split_terminator("\r\n").count(), 1 + 750);
}

/// LibreOffice, where installed, reads the workbook and keeps the Chinese text.
#[test]
fn libreoffice_reads_the_workbook_where_installed() {
    let Some(office) = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {p}")])
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("note: LibreOffice is not installed; skipping the headless conversion check");
        return;
    };
    let (dir, list) = reviews();
    let path = dir.path().join("huizong.xlsx");
    write_xlsx(&path, &list).unwrap();
    let out = std::process::Command::new(office)
        .args(["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir"])
        .arg(dir.path())
        .arg(&path)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("huizong.csv")).unwrap();
    assert!(csv.contains(DEMO), "{csv}");
    assert!(csv.contains("王建国（组长）、李秀英、张伟、陈立"), "{csv}");
    assert!(csv.contains("96.33"), "{csv}");
}

/// A support unit's database holding `list` repeated as `n` imports (each with its own uid, name and hash; a
/// superseded one points at the first import), written as an import writes them.
fn unit_with_imports(list: &[CompiledReview], n: usize) -> tempfile::TempDir {
    let unit = tempfile::tempdir().unwrap();
    drop(Store::open_in(unit.path()).unwrap());
    let conn = rusqlite::Connection::open(unit.path().join("yanshou.db")).unwrap();
    for i in 0..n {
        let mut r = list[i % list.len()].clone();
        r.payload.review.uid = format!("uid-stream-{i}");
        r.payload.enterprise.name = format!("流式测试企业{i:04}有限公司");
        r.payload_sha256 = sha(&r.payload);
        conn.execute(
            "INSERT INTO imports (uid, revision, payload_sha256, payload, scorecard_text, signers, signatures, source,
                                  imported_at, superseded_by)
             VALUES (?1, ?2, ?3, ?4, '', ?5, '[]', ?6, ?7, ?8)",
            rusqlite::params![
                r.payload.review.uid,
                r.payload.review.revision,
                r.payload_sha256,
                serde_json::to_vec(&r.payload).unwrap(),
                serde_json::to_string(&r.signers).unwrap(),
                format!("/media/usb/{i}"),
                r.imported_at,
                r.superseded.then_some(1i64),
            ],
        )
        .unwrap();
    }
    unit
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

/// `yanshou compile` and the support unit's screen read the imports from the store a batch at a time and write as
/// they read: the workbook and the CSV file are those of compiling the whole list read at once, across batches.
#[test]
fn compiling_from_the_store_a_batch_at_a_time_writes_what_the_whole_list_writes() {
    use yanshou::bundle::compile::{Compiled, from_imports, from_store, write_results, write_results_from};
    use yanshou::store::signing::{IMPORT_BATCH, ImportedReview};
    let (_dir, list) = reviews();
    // Two whole batches and part of a third; and exactly two.
    for n in [2 * IMPORT_BATCH + 22, 2 * IMPORT_BATCH] {
        let unit = unit_with_imports(&list, n);
        let store = Store::open(&unit.path().join("yanshou.db")).unwrap();
        let read: Vec<ImportedReview> = store.imported_reviews().unwrap().collect::<Result<_, _>>().unwrap();
        let whole: Vec<ImportedReview> = store.imports().unwrap().into_iter().map(ImportedReview::from).collect();
        assert_eq!(read.len(), n);
        assert_eq!(read, whole);

        let out = unit.path().join("out");
        let (a_xlsx, a_csv, b_xlsx, b_csv) =
            (out.join("a.xlsx"), out.join("a.csv"), out.join("b.xlsx"), out.join("b.csv"));
        let counted = write_results_from(Some(&a_xlsx), Some(&a_csv), from_store(&store).unwrap(), false).unwrap();
        let all = from_imports(&store.imports().unwrap()).unwrap();
        write_results(Some(&b_xlsx), Some(&b_csv), &all, false).unwrap();
        let superseded = all.iter().filter(|r| r.superseded).count();
        assert_eq!(counted, Compiled { current: n - superseded, superseded });
        assert_eq!(std::fs::read(&a_csv).unwrap(), std::fs::read(&b_csv).unwrap());
        let wb: Xlsx<_> = open_workbook(&a_xlsx).unwrap();
        let names = wb.sheet_names();
        let other: Xlsx<_> = open_workbook(&b_xlsx).unwrap();
        assert_eq!(names, other.sheet_names());
        for name in &names {
            assert_eq!(sheet(&a_xlsx, name), sheet(&b_xlsx, name), "{name}");
        }
        // The CSV file alone, and the command line: the same bytes.
        let c_csv = out.join("c.csv");
        write_results_from(None, Some(&c_csv), from_store(&store).unwrap(), false).unwrap();
        assert_eq!(std::fs::read(&c_csv).unwrap(), std::fs::read(&b_csv).unwrap());
        let d_csv = out.join("d.csv");
        let said = crate::common::ok(unit.path(), &["compile", "--csv", d_csv.to_str().unwrap()]);
        assert!(said.contains(&format!("{} review(s) compiled ({superseded} superseded", n - superseded)), "{said}");
        assert_eq!(std::fs::read(&d_csv).unwrap(), std::fs::read(&b_csv).unwrap());
    }
}

/// A stored bundle that does not read back stops the compilation read from the store as it stopped the whole list's,
/// with the same error, and neither file is left.
#[test]
fn a_stored_bundle_that_does_not_read_back_stops_the_streamed_compilation_too() {
    use yanshou::bundle::compile::{from_imports, from_store, write_results_from};
    use yanshou::store::signing::IMPORT_BATCH;
    let (_dir, list) = reviews();
    let unit = unit_with_imports(&list, IMPORT_BATCH + 5);
    let conn = rusqlite::Connection::open(unit.path().join("yanshou.db")).unwrap();
    let bad = IMPORT_BATCH as i64 + 2;
    conn.execute("UPDATE imports SET payload = x'7b' WHERE id = ?1", [bad]).unwrap();
    let store = Store::open(&unit.path().join("yanshou.db")).unwrap();
    let whole = from_imports(&store.imports().unwrap()).unwrap_err().to_string();
    assert!(whole.contains(&format!("import {bad}")), "{whole}");
    let out = unit.path().join("out");
    for (xlsx, csv) in [(Some(out.join("r.xlsx")), Some(out.join("r.csv"))), (None, Some(out.join("r.csv")))] {
        let streamed = write_results_from(xlsx.as_deref(), csv.as_deref(), from_store(&store).unwrap(), false);
        assert_eq!(streamed.unwrap_err().to_string(), whole);
        assert_eq!(files_in(&out), Vec::<String>::new());
    }
}

/// A stored payload of version 1 (the seed bundles, exported before version 2) is compiled as its upgrade: the CSV
/// row of the version-1 bytes is the row of the upgraded payload stored as version 2, streamed or read whole. Bytes
/// that are no longer that payload (another version, cut short, a field it does not have) are refused as a stored
/// bundle that does not read back, never compiled.
#[test]
fn a_version_1_payload_stored_compiles_as_its_upgrade_and_its_changes_are_refused() {
    use yanshou::bundle::compile::{CompileError, compiled, write_results_from};
    use yanshou::bundle::payload::{Signed, read_current};
    use yanshou::store::signing::ImportedReview;
    let seeds = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/bundle")).unwrap();
    let mut seen = 0;
    for seed in seeds.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "bundle")) {
        let dir = tempfile::tempdir().unwrap();
        crate::fuzz_regressions::harness::write_bundle(&std::fs::read(&seed).unwrap(), dir.path());
        let b = yanshou::bundle::verify::read(dir.path()).unwrap();
        if !matches!(Signed::parse(&b.payload_bytes), Ok(Signed::V1(_))) {
            continue;
        }
        seen += 1;
        let stored = |payload: Vec<u8>| ImportedReview {
            id: 7,
            uid: "uid".into(),
            revision: 1,
            payload_sha256: "0".repeat(64),
            payload,
            signers: "[]".into(),
            source: "/media/usb/1".into(),
            imported_at: IMPORTED.into(),
            superseded_by: None,
        };
        let v1 = stored(b.payload_bytes.clone());
        // The upgrade in version 2's shape (the current shape, version 3, is version 2 and the personal sheets).
        let mut upgraded = read_current(&b.payload_bytes).unwrap().v3.v2;
        upgraded.version = 2;
        let v2 = stored(canonical(&upgraded));
        assert!(matches!(Signed::parse(&v2.payload), Ok(Signed::V2(_))));
        let out = dir.path().join("out");
        let csv = |name: &str, r: &ImportedReview| {
            let path = out.join(name);
            write_results_from(None, Some(&path), [compiled(r)], false).unwrap();
            std::fs::read_to_string(path).unwrap()
        };
        let (a, b2) = (csv("v1.csv", &v1), csv("v2.csv", &v2));
        assert_eq!(a, b2, "{}", seed.display());
        assert!(a.lines().count() >= 2, "{a}");

        let text = String::from_utf8(b.payload_bytes.clone()).unwrap();
        let changed = [
            text.replacen("\"version\":1", "\"version\":3", 1),
            text[..text.len() / 2].to_string(),
            text.replacen('{', "{\"extra\":1,", 1),
        ];
        for bad in changed {
            assert_ne!(bad, text);
            let e = compiled(&stored(bad.into_bytes())).unwrap_err();
            assert!(matches!(e, CompileError::Stored { id: 7, .. }), "{e}");
        }
    }
    assert!(seen >= 3, "the version-1 seed bundles are missing");
}
