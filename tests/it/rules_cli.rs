//! Issue 14 on the command line: the contract scripts rely on (`scorecards list|show --json`, `evaluate` with
//! requirements), a rules review held start to finish, fixed levels refused with the allowed values named, and a 结论
//! that contradicts the result refused at finalize.

use assert_cmd::Command;
use serde_json::{Value, json};

fn yanshou(data: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("yanshou").unwrap();
    cmd.arg("--data-dir").arg(data.path()).env_remove("YANSHOU_DATA_DIR").env("YANSHOU_ACTOR", "测试员");
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().code(1).get_output().stderr.clone()).unwrap()
}

fn ok(data: &tempfile::TempDir, args: &[&str]) {
    yanshou(data).args(args).assert().success();
}

#[test]
fn list_and_show_say_the_kind_the_stage_the_requirements_and_the_levels() {
    let data = tempfile::tempdir().unwrap();
    let list = json_of(yanshou(&data).args(["scorecards", "list", "--json"]));
    for c in list.as_array().unwrap() {
        for key in ["id", "province", "stage", "track", "kind"] {
            assert!(c.get(key).is_some_and(|v| v.is_string()), "{key} in {c}");
        }
        assert!(["acceptance", "assessment"].contains(&c["stage"].as_str().unwrap()), "{c}");
        assert!(["sheet", "rules"].contains(&c["kind"].as_str().unwrap()), "{c}");
    }
    let bj = list.as_array().unwrap().iter().find(|c| c["id"] == "beijing-2007-acceptance").unwrap();
    assert_eq!((bj["kind"].as_str(), bj["stage"].as_str()), (Some("rules"), Some("acceptance")));
    let gd = list.as_array().unwrap().iter().find(|c| c["id"] == "guangdong-2009-mandatory").unwrap();
    assert_eq!((gd["kind"].as_str(), gd["stage"].as_str()), (Some("sheet"), Some("assessment")));

    let show = json_of(yanshou(&data).args(["scorecards", "show", "beijing-2007-acceptance", "--json"]));
    let reqs = show["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 6);
    for r in reqs {
        for key in ["id", "text", "source"] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
    }
    for v in show["vetoes"].as_array().unwrap() {
        assert!(v["id"].is_string() && v["text"].is_string() && v["source"].is_string() && v["computed"].is_boolean());
    }
    let gd = json_of(yanshou(&data).args(["scorecards", "show", "guangdong-2009-voluntary", "--json"]));
    let item = gd["items"].as_array().unwrap().iter().find(|i| i["levels"].as_array().unwrap().len() == 2).unwrap();
    assert_eq!(item["levels"], json!(["8", "4"]), "{item}");
}

#[test]
fn evaluate_reads_requirements_and_says_the_conclusion_and_what_is_unmet() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let all_met = |unmet: &[&str]| -> Value {
        let reqs: serde_json::Map<String, Value> =
            (1..=6).map(|n| format!("r{n}")).map(|r| (r.clone(), json!(!unmet.contains(&r.as_str())))).collect();
        json!({"experts": [{"name": "王建国"}, {"name": "李秀英"}], "requirements": reqs})
    };
    let run = |input: &Value, name: &str| -> Value {
        let path = dir.path().join(name);
        std::fs::write(&path, input.to_string()).unwrap();
        json_of(
            yanshou(&data)
                .args(["evaluate", "--scorecard", "beijing-2007-acceptance", "--input"])
                .arg(&path)
                .arg("--json"),
        )
    };
    let e = run(&all_met(&[]), "a.json");
    assert_eq!(
        (e["passed"].clone(), e["vetoed"].clone(), e["conclusion"].clone()),
        (json!(true), json!(false), json!("通过"))
    );
    assert_eq!(e["unmet"], json!([]));
    assert_eq!(e["total"], Value::Null, "a rules review has no total");
    let e = run(&all_met(&["r3"]), "b.json");
    assert_eq!(
        (e["passed"].clone(), e["conclusion"].clone(), e["unmet"].clone()),
        (json!(false), json!("不予通过"), json!(["r3"]))
    );
    let mut vetoed = all_met(&[]);
    vetoed["vetoes"] = json!(["v2"]);
    let e = run(&vetoed, "c.json");
    assert_eq!(
        (e["passed"].clone(), e["vetoed"].clone(), e["conclusion"].clone()),
        (json!(false), json!(true), json!("不予通过"))
    );
    // A panel-decided file: passed is null until the panel decides.
    let path = dir.path().join("d.json");
    std::fs::write(&path, json!({"experts": [{"name": "王建国"}]}).to_string()).unwrap();
    let e = json_of(
        yanshou(&data)
            .args(["evaluate", "--scorecard", "hubei-2008-acceptance-mandatory", "--input"])
            .arg(&path)
            .arg("--json"),
    );
    assert_eq!((e["passed"].clone(), e["conclusion"].clone()), (Value::Null, Value::Null));
    // Unanswered requirements and scores on a rules file are refused, in Chinese first.
    let path = dir.path().join("e.json");
    std::fs::write(&path, json!({"experts": [{"name": "王建国", "scores": {"1.1": 2}}]}).to_string()).unwrap();
    let err =
        stderr_of(yanshou(&data).args(["evaluate", "--scorecard", "beijing-2007-acceptance", "--input"]).arg(&path));
    assert!(err.contains("专家不打分") && err.contains("尚未认定是否满足的要求"), "{err}");
    // A level the sheet does not print is refused by evaluate too, naming the allowed values.
    let card = crate::common::catalog().scorecard("guangdong-2009-voluntary").unwrap();
    let mut input = crate::common::panel(card, &[yanshou::domain::points::Points::whole(90)]);
    let levelled = card.scored_items().find(|i| i.levels.len() == 2).unwrap();
    input.experts[0].scores.insert(levelled.id.clone(), yanshou::domain::scoring::Literal("6".into()));
    let scores: serde_json::Map<String, Value> =
        input.experts[0].scores.iter().map(|(k, v)| (k.clone(), json!(v.0))).collect();
    let reqs: serde_json::Map<String, Value> = input.requirements.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let path = dir.path().join("f.json");
    std::fs::write(&path, json!({"experts": [{"name": "王建国", "scores": scores}], "requirements": reqs}).to_string())
        .unwrap();
    let err =
        stderr_of(yanshou(&data).args(["evaluate", "--scorecard", "guangdong-2009-voluntary", "--input"]).arg(&path));
    assert!(err.contains("不是评分表所印的分档") && err.contains("8、4"), "{err}");
}

/// A Beijing acceptance held by the command line: the panel finds the requirements, answers the vetoes, writes a 结论
/// that contradicts the result (refused at finalize, naming why), then one that agrees.
#[test]
fn a_rules_review_is_held_by_the_command_line_and_a_contradicting_conclusion_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let new = json_of(yanshou(&data).args([
        "review",
        "new",
        "--scorecard",
        "beijing-2007-acceptance",
        "--enterprise",
        "北京某某化工有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--date",
        "2026-11-28",
        "--json",
    ]));
    let id = new["id"].as_i64().unwrap().to_string();
    for (name, field) in
        [("王建国", "清洁生产"), ("李秀英", "行业"), ("张伟", "环保"), ("赵敏", "能源"), ("陈立", "其他")]
    {
        let mut args = vec!["review", "panel", &id, "add", "--name", name, "--field", field];
        if name == "王建国" {
            args.push("--lead");
        }
        ok(&data, &args);
    }
    // A score on a rules review is refused: there is nothing to score.
    let err = stderr_of(yanshou(&data).args(["review", "score", &id, "王建国", "1.1", "5"]));
    assert!(err.contains("不是") || err.contains("条目"), "{err}");
    // Unmet without a reason is refused, and changes nothing.
    let err = stderr_of(yanshou(&data).args(["review", "requirement", &id, "r1", "unmet"]));
    assert!(err.contains("须写明原因"), "{err}");
    for n in 1..=6 {
        ok(&data, &["review", "requirement", &id, &format!("r{n}"), "met"]);
    }
    let show = json_of(yanshou(&data).args(["scorecards", "show", "beijing-2007-acceptance", "--json"]));
    let vetoes: Vec<String> =
        show["vetoes"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    for v in &vetoes[1..] {
        ok(&data, &["review", "veto", &id, v, "no"]);
    }
    ok(&data, &["review", "veto", &id, &vetoes[0], "yes", "--evidence", "现场核查发现咨询机构不具备资质"]);
    ok(&data, &["review", "opinion", &id, "--summary", "审核过程规范。", "--conclusion", "同意通过验收。"]);
    let err = stderr_of(yanshou(&data).args(["review", "finalize", &id]));
    assert!(err.contains("相矛盾") && err.contains("不予通过") && err.contains("否决项"), "{err}");
    ok(&data, &["review", "opinion", &id, "--conclusion", "验收不予通过。"]);
    ok(&data, &["review", "finalize", &id]);
    let shown = json_of(yanshou(&data).args(["review", "show", &id, "--json"]));
    assert_eq!(shown["status"], "finalized", "{shown}");
}

#[test]
fn a_score_off_the_printed_levels_is_refused_naming_them() {
    let data = tempfile::tempdir().unwrap();
    let new = json_of(yanshou(&data).args([
        "review",
        "new",
        "--scorecard",
        "guangdong-2009-voluntary",
        "--enterprise",
        "广州某化工有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--date",
        "2026-11-28",
        "--json",
    ]));
    let id = new["id"].as_i64().unwrap().to_string();
    ok(&data, &["review", "panel", &id, "add", "--name", "王建国", "--field", "清洁生产", "--lead"]);
    let card = crate::common::catalog().scorecard("guangdong-2009-voluntary").unwrap();
    let item = card.scored_items().find(|i| i.levels.len() == 2).unwrap();
    let err = stderr_of(yanshou(&data).args(["review", "score", &id, "王建国", &item.id, "6", "--reason", "x"]));
    assert!(err.contains("只能评评分表所印的分档 8、4 分"), "{err}");
    ok(&data, &["review", "score", &id, "王建国", &item.id, "4", "--reason", "达到三级标准"]);
    // A type of review the sheet does not define is refused; one the 云南 file requires must be given.
    let err = stderr_of(yanshou(&data).args([
        "review",
        "new",
        "--scorecard",
        "yunnan-2007-acceptance",
        "--enterprise",
        "昆明某公司",
        "--credit-code",
        "91350100M000100Y43",
        "--date",
        "2026-11-28",
    ]));
    assert!(err.contains("验收类型"), "{err}");
}
