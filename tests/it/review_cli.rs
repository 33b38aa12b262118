//! A whole review scripted from a shell through `yanshou review …`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("yanshou").unwrap();
        c.arg("--data-dir").arg(self.dir.path()).arg("--actor").arg("组长王建国").env_remove("YANSHOU_DATA_DIR");
        c.args(args);
        c
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }
    fn fails(&self, args: &[&str], message: &str) {
        self.cmd(args).assert().code(1).stderr(predicate::str::contains(message));
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

#[test]
fn a_scripted_review_from_start_to_finalized() {
    let y = Cli::new();
    let id = y.ok(&[
        "review",
        "new",
        "--scorecard",
        "fujian-2008-acceptance",
        "--enterprise",
        "福建某某化工有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--industry",
        "化工",
        "--agency",
        "福建某咨询公司",
        "--date",
        "2026-11-28",
        "--place",
        "福州市",
    ]);
    let id = id.trim();
    assert_eq!(id, "1");
    for (name, field, lead) in
        [("王建国", "清洁生产", true), ("李秀英", "环保", false), ("张伟", "行业", false), ("赵敏", "能源", false)]
    {
        let mut args =
            vec!["review", "panel", id, "add", "--name", name, "--field", field, "--unit", "福建省环境科学研究院"];
        if lead {
            args.push("--lead");
        }
        y.ok(&args);
    }
    y.fails(&["review", "panel", id, "add", "--name", "钱七", "--field", "化学"], "专业“化学”不在可选范围内");
    y.fails(&["review", "panel", id, "add", "--name", "钱七", "--field", "环保", "--lead"], "already the lead");
    let reasons = y.json(&["review", "reasons", id, "--json"]);
    assert_eq!(reasons[0]["id"], "participated");
    y.ok(&["review", "recuse", id, "赵敏", "--reason", "participated", "--statement", "本人曾参与该企业审核咨询"]);
    y.fails(&["review", "score", id, "赵敏", "1.1", "2"], "has recused");

    let items: Vec<(String, String)> = {
        let sheet = y.json(&["scorecards", "show", "fujian-2008-acceptance", "--json"]);
        sheet["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["id"].as_str().unwrap().to_string(), i["max"].to_string()))
            .collect()
    };
    for expert in ["王建国", "李秀英", "张伟"] {
        for (item, max) in &items {
            y.ok(&["review", "score", id, expert, item, max]);
        }
    }
    y.fails(&["review", "score", id, "张伟", "2.6", "12"], "give the reason for the deduction");
    y.ok(&[
        "review",
        "score",
        id,
        "张伟",
        "2.6",
        "12",
        "--reason",
        "部分指标未达到三级标准",
        "--evidence",
        "现场核查能耗台账",
    ]);
    y.fails(&["review", "score", id, "张伟", "2.6", "12.25", "--reason", "x"], "more than one decimal place");
    y.fails(&["review", "score", id, "张伟", "2.6", "１２", "--reason", "x"], "is not a number");

    let show = y.json(&["review", "show", id, "--json"]);
    assert_eq!(show["ready_to_finalize"], false);
    let blockers: Vec<&str> = show["blockers"].as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
    assert!(blockers.iter().any(|b| b.contains("否决项")), "{blockers:?}");
    y.fails(&["review", "finalize", id], "尚未回答的否决项");
    y.fails(&["review", "veto", id, "v1", "yes"], "needs the evidence");
    for v in ["v1", "v2", "v3"] {
        y.ok(&["review", "veto", id, v, "no"]);
    }
    y.ok(&[
        "review",
        "opinion",
        id,
        "--summary",
        "该企业清洁生产审核工作规范，方案实施到位。",
        "--problems",
        "部分能耗指标未达到三级标准。",
        "--suggestions",
        "继续推进中高费方案。",
        "--conclusion",
        "通过验收",
    ]);
    y.ok(&["review", "signin", id, "add", "--name", "王建国", "--unit", "福建省环境科学研究院", "--capacity", "专家"]);
    y.ok(&["review", "finalize", id]);
    y.fails(&["review", "score", id, "张伟", "2.6", "13", "--reason", "x"], "finalized and locked");

    let show = y.json(&["review", "show", id, "--json"]);
    assert_eq!(show["status"], "finalized");
    let eval = &show["evaluation"];
    // The same shape as `yanshou evaluate --json`: (100 + 100 + 97) / 3.
    assert_eq!(eval["total"].to_string(), "99.00");
    assert_eq!(eval["total_exact"], "99");
    assert_eq!(eval["passed"], true);
    assert_eq!(eval["grade"], "优秀");
    assert_eq!(eval["vetoed"], false);
    assert_eq!(eval["experts"].as_array().unwrap().len(), 3);
    assert_eq!(eval["recused"][0], "赵敏");
    assert_eq!(eval["sections"][1]["id"], "2");
    assert_eq!(show["experts"][3]["recused"], true);
    assert_eq!(show["enterprise"]["credit_code"], "91350100M000100Y43");
    assert_eq!(show["scorecard"]["sha256"].as_str().unwrap().len(), 64);

    let list = y.json(&["review", "list", "--json"]);
    assert_eq!(list[0]["status"], "finalized");

    let log = y.json(&["review", "log", id, "--json"]);
    assert_eq!(log["intact"], true);
    let entries = log["entries"].as_array().unwrap();
    assert!(entries.len() > 50);
    assert!(entries.iter().all(|e| e["actor"] == "组长王建国"));
    assert!(entries.iter().any(|e| e["action"] == "recusal"));
    assert_eq!(entries.last().unwrap()["new"], "finalized");
    y.cmd(&["review", "log", id]).assert().success().stdout(predicate::str::contains("the audit log is intact"));

    y.ok(&["review", "reopen", id, "--reason", "企业补交监测报告"]);
    y.ok(&["review", "score", id, "张伟", "2.6", "13", "--reason", "补交报告后复核"]);
    y.cmd(&["review", "show", id]).assert().success().stdout(predicate::str::contains("评分中"));
}

#[test]
fn refused_commands_name_the_problem_and_change_nothing() {
    let y = Cli::new();
    y.fails(&["review", "show", "7"], "there is no review 7");
    y.fails(
        &[
            "review",
            "new",
            "--scorecard",
            "nope",
            "--enterprise",
            "甲",
            "--credit-code",
            "91350100M000100Y43",
            "--date",
            "2026-11-28",
        ],
        "no scorecard “nope”",
    );
    y.fails(
        &[
            "review",
            "new",
            "--scorecard",
            "fujian-2008-acceptance",
            "--enterprise",
            "甲",
            "--credit-code",
            "91350100M000100Y43",
            "--date",
            "28/11/2026",
        ],
        "is not a date",
    );
    assert_eq!(y.json(&["review", "list", "--json"]), serde_json::json!([]));
    let id = y.ok(&[
        "review",
        "new",
        "--scorecard",
        "guangdong-2009-voluntary",
        "--enterprise",
        "广东某公司",
        "--credit-code",
        "91350100M000100Y43",
        "--date",
        "2026-11-28",
    ]);
    let id = id.trim();
    y.ok(&["review", "panel", id, "add", "--name", "甲", "--field", "环保"]);
    let before = y.json(&["review", "show", id, "--json"]);
    y.fails(&["review", "fact", id, "waste_gas_annual_compliance_rate", "九十七"], "");
    y.fails(&["review", "bonus", id, "iso14001", "2"], "is not a bonus");
    y.fails(&["review", "weight", id, "1.1", "3"], "does not allow");
    y.fails(&["review", "veto", id, "v9", "no"], "is not a veto");
    y.fails(&["review", "veto", id, "v1", "maybe"], "neither yes");
    y.fails(&["review", "score", id, "乙", "1.1", "1"], "has no expert “乙”");
    y.fails(&["review", "edit", id, "colour", "red"], "is not a field of a review");
    y.fails(&["review", "edit", id, "credit-code", "91350100M000100Y40"], "校验位");
    y.fails(&["review", "reopen", id, "--reason", "x"], "not finalized");
    assert_eq!(y.json(&["review", "show", id, "--json"]), before, "nothing changed");
    y.ok(&["review", "edit", id, "place", "广州市"]);
    assert_eq!(y.json(&["review", "show", id, "--json"])["place"], "广州市");
}
