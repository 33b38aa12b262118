//! The command line as scripts and support units use it.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};

fn yanshou(data: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("yanshou").unwrap();
    cmd.arg("--data-dir").arg(data.path()).env_remove("YANSHOU_DATA_DIR");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/evaluate/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The built-in sheets and rules files: one file each in scorecards/.
fn builtin_count() -> usize {
    yanshou::builtin::builtin_files()
        .iter()
        .filter(|f| f.kind == yanshou::domain::scorecard::FileKind::Scorecard)
        .count()
}

#[test]
fn list_json_names_every_sheet() {
    let data = tempfile::tempdir().unwrap();
    let v = json(yanshou(&data).args(["scorecards", "list", "--json"]));
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), builtin_count());
    for c in list {
        for key in ["id", "province", "title", "stage", "track", "kind", "source"] {
            assert!(c.get(key).is_some_and(|x| !x.is_null()), "{key} missing in {c}");
        }
        assert!(["acceptance", "assessment"].contains(&c["stage"].as_str().unwrap()));
        // A printed sheet totals 100; a rules file (no printed sheet) has no points at all, not zero of them.
        let sheet = c["items"].as_u64().unwrap() > 0;
        assert_eq!(c["kind"], if sheet { "sheet" } else { "rules" }, "{}", c["id"]);
        assert_eq!(c["max_total"], if sheet { json!(100) } else { Value::Null }, "{}", c["id"]);
    }
    let fj = list.iter().find(|c| c["id"] == "fujian-2008-acceptance").unwrap();
    assert_eq!(fj["province"], "福建");
    assert_eq!(fj["title"], "福建省清洁生产审核验收评分表");
    assert_eq!(fj["source"], "L9171-L9232");
}

#[test]
fn list_text_aligns_chinese() {
    let data = tempfile::tempdir().unwrap();
    yanshou(&data)
        .args(["scorecards", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shandong-2008-acceptance             山东    验收  评分表  大于等于 70"))
        .stdout(predicate::str::contains("beijing-2007-acceptance              北京    验收  规则    按规定条件"));
}

#[test]
fn show_json_has_items_bonuses_vetoes_grades_and_facts() {
    let data = tempfile::tempdir().unwrap();
    let v = json(yanshou(&data).args(["scorecards", "show", "shandong-2008-acceptance", "--json"]));
    assert_eq!(v["id"], "shandong-2008-acceptance");
    assert_eq!(v["max_total"], 100);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 36);
    for i in items {
        for key in ["id", "section", "title", "max"] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
    }
    let max: f64 = items.iter().map(|i| i["max"].as_f64().unwrap()).sum();
    assert_eq!(max, 100.0);
    let vetoes = v["vetoes"].as_array().unwrap();
    assert_eq!(vetoes.len(), 6);
    let computed: Vec<&Value> = vetoes.iter().filter(|x| x["computed"] == true).collect();
    assert_eq!(computed.len(), 1);
    assert_eq!(computed[0]["trigger"]["comparison"], "<");
    assert_eq!(computed[0]["trigger"]["score"], 70);
    assert!(vetoes.iter().all(|x| x["source"].as_str().unwrap().starts_with('L')));
    let grades = v["grades"].as_array().unwrap();
    assert_eq!(grades[0]["label"], "优秀");
    assert_eq!(grades[0]["comparison"], ">=");
    assert_eq!(grades[0]["score"], 85);
    assert_eq!(v["facts"][0]["id"], "emissions_compliant");
    assert_eq!(v["facts"][0]["kind"], "bool");

    let nm = json(yanshou(&data).args(["scorecards", "show", "neimenggu-2005-acceptance", "--json"]));
    let b = &nm["bonuses"][0];
    assert_eq!((b["id"].as_str(), b["min"].as_i64(), b["max"].as_i64()), (Some("iso14001"), Some(2), Some(3)));
    assert!(b["title"].as_str().unwrap().contains("ISO14001"));
    assert_eq!(nm["grades"][0]["comparison"], ">");
}

#[test]
fn show_text_prints_the_sheet_its_rules_and_its_notes() {
    let data = tempfile::tempdir().unwrap();
    yanshou(&data)
        .args(["scorecards", "show", "guangdong-2009-mandatory"])
        .assert()
        .success()
        .stdout(predicate::str::contains("广东省强制清洁生产审核企业验收评分表"))
        .stdout(predicate::str::contains("本表未印合格线"))
        .stdout(predicate::str::contains("回避"))
        .stdout(predicate::str::contains("[无合格线]"));
}

#[test]
fn show_unknown_sheet_fails_plainly() {
    let data = tempfile::tempdir().unwrap();
    yanshou(&data)
        .args(["scorecards", "show", "hebei-2030"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no scorecard “hebei-2030”"));
}

#[test]
fn validate_builtins_and_named_files() {
    let data = tempfile::tempdir().unwrap();
    yanshou(&data)
        .args(["scorecards", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok  zhejiang-2003-acceptance"));
    let root = env!("CARGO_MANIFEST_DIR");
    yanshou(&data)
        .args(["scorecards", "validate", &format!("{root}/tests/scorecards/valid/everything.toml")])
        .assert()
        .success();
    let bad = format!("{root}/tests/scorecards/invalid/section_sum.toml");
    yanshou(&data)
        .args(["scorecards", "validate", &bad])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{bad}:")))
        .stderr(predicate::str::contains("section 1: points 10 but its items add up to 9"));
    yanshou(&data)
        .args(["scorecards", "validate", "/nonexistent/sheet.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read the file"));
}

#[test]
fn data_dir_sheets_load_beside_builtins_and_bad_ones_warn() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("scorecards");
    std::fs::create_dir_all(&dir).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/tests/scorecards/valid/minimal.toml"), dir.join("minimal.toml")).unwrap();
    std::fs::copy(format!("{root}/tests/scorecards/invalid/grade_order.toml"), dir.join("broken.toml")).unwrap();
    let out = yanshou(&data).args(["scorecards", "list", "--json"]).assert().success();
    let out = out.get_output();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), builtin_count() + 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml"));
    // The environment variable works as --data-dir does.
    let mut cmd = Command::cargo_bin("yanshou").unwrap();
    cmd.env("YANSHOU_DATA_DIR", data.path()).args(["scorecards", "show", "test-minimal", "--json"]);
    assert_eq!(json(&mut cmd)["id"], "test-minimal");
    // validate with no files checks the data directory too, and fails on the broken file.
    yanshou(&data).args(["scorecards", "validate"]).assert().code(1).stderr(predicate::str::contains("broken.toml"));
}

#[test]
fn evaluate_json_has_the_documented_shape() {
    let data = tempfile::tempdir().unwrap();
    let v = json(yanshou(&data).args([
        "evaluate",
        "--scorecard",
        "fujian-2008-acceptance",
        "--input",
        &fixture("fujian-acceptance-three-experts.json"),
        "--json",
    ]));
    assert_eq!(v["total"].to_string(), "89.67");
    assert_eq!(v["total_exact"], "269/3");
    assert_eq!(v["passed"], true);
    assert_eq!(v["grade"], "优秀");
    assert_eq!(v["vetoed"], false);
    assert_eq!(v["triggered_vetoes"], serde_json::json!([]));
    let experts = v["experts"].as_array().unwrap();
    assert_eq!(experts.len(), 3, "the recused expert does not count");
    assert_eq!(experts[0]["name"], "王建国");
    assert_eq!(experts[0]["total"].to_string(), "90.5");
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 4);
    assert_eq!(sections[0]["id"], "1");
    assert_eq!(sections[0]["max"], 20);
    assert_eq!(sections[0]["score"].to_string(), "19.17");
}

#[test]
fn evaluate_reads_stdin_and_prints_a_table() {
    let data = tempfile::tempdir().unwrap();
    let input = std::fs::read_to_string(fixture("fujian-acceptance-three-experts.json")).unwrap();
    yanshou(&data)
        .args(["evaluate", "--scorecard", "fujian-2008-acceptance", "--input", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains("专家组总分 89.67 / 100"))
        .stdout(predicate::str::contains("等级 优秀"))
        .stdout(predicate::str::contains("赵敏"));
}

#[test]
fn evaluate_refuses_bad_input_naming_what_is_wrong() {
    let data = tempfile::tempdir().unwrap();
    let run = |input: &str, expect: &str| {
        yanshou(&data)
            .args(["evaluate", "--scorecard", "fujian-2008-acceptance", "--input", "-"])
            .write_stdin(input.to_string())
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(expect));
    };
    run(r#"{"experts": [{"name": "甲", "scores": {"1.1": 2}}]}"#, "expert 甲: no score for item 1.2, item 1.3");
    run(
        r#"{"experts": [{"name": "甲", "scores": {"1.1": 2.55}}]}"#,
        "expert 甲: item 1.1: 2.55 has more than one decimal place",
    );
    run(
        r#"{"experts": [{"name": "甲", "scores": {"1.1": 3}}]}"#,
        "expert 甲: item 1.1: score 3 is above the item's maximum 2",
    );
    run(r#"{"experts": [{"name": "甲", "scores": {"1.1": -1}}]}"#, "expert 甲: item 1.1: -1 is negative");
    run(
        r#"{"experts": [{"name": "甲", "scores": {"9.9": 1}}]}"#,
        "“9.9” is not an item of sheet fujian-2008-acceptance",
    );
    run(r#"{"experts": [{"name": "甲", "scores": {"1.1": "两分"}}]}"#, "expert 甲: item 1.1: “两分” is not a number");
    run(r#"{"experts": []}"#, "no expert scores");
    run(r#"{"experts": [{"name": "甲", "recused": true, "scores": {}}]}"#, "no expert scores");
    run(r#"{"experts": [{"name": "甲", "scores": {}}], "vetoes": ["v9"]}"#, "veto “v9” is not a veto");
    run(r#"{"experts": [{"name": "甲", "scores": {}}], "bonuses": {"iso": 2}}"#, "bonus “iso” is not a bonus");
    run(r#"{"experts": [{"name": "甲", "scores": {}}], "facts": {"x": true}}"#, "fact “x” is not a fact");
    run(r#"{"experts": [{"name": "甲", "scores": {}}, {"name": "甲", "scores": {}}]}"#, "expert “甲” is listed twice");
    run(r#"{"experts": [{"name": "甲", "scores": {}}], "extra": 1}"#, "unknown field `extra`");
    run(r#"{"experts": [{"name": "甲", "scores": {}"#, "<stdin>");
    yanshou(&data)
        .args(["evaluate", "--scorecard", "nope", "--input", "-"])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no scorecard “nope”"));
}

#[test]
fn running_without_a_command_prints_the_sheets_and_the_data_dir() {
    let data = tempfile::tempdir().unwrap();
    yanshou(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains(data.path().display().to_string()))
        .stdout(predicate::str::contains("fujian-2008-acceptance"));
}

/// Files from outside are read with a size limit, refused by their size before they are read: a text argument (here
/// `--input`) over 1 MiB and a roster over 8 MiB, each a sparse file of 4 GiB that reading whole would take gigabytes
/// of memory for.
#[test]
fn outside_files_over_their_limit_are_refused_before_they_are_read() {
    let data = tempfile::tempdir().unwrap();
    let huge = data.path().join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(4 << 30).unwrap();
    let input = huge.display().to_string();
    let out = yanshou(&data)
        .args(["evaluate", "--scorecard", "fujian-2008-acceptance", "--input", &input])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8(out).unwrap();
    assert_eq!(
        msg,
        format!(
            "yanshou: --input：{input} 超过交给 yanshou 的文本文件允许的 1,048,576 字节（实有 4,294,967,296 字节），未读取\n  \
             --input: {input} is larger than the 1,048,576 bytes a text file given to yanshou may have \
             (4,294,967,296 bytes); it was not read\n"
        )
    );
    let issuer = data.path().join("issuer.pub");
    let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    std::fs::write(&issuer, format!("untrusted comment: test\n{}\n", kp.pk.to_base64())).unwrap();
    let out = yanshou(&data)
        .args(["roster", "show"])
        .arg(&huge)
        .arg("--issuer")
        .arg(&issuer)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8(out).unwrap();
    assert!(msg.contains("is larger than the 8,388,608 bytes a roster may have (4,294,967,296 bytes)"), "{msg}");
}
