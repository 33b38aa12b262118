//! The command line's contract for the pool and draws: `pool import FILE.csv|FILE.xlsx` with the named columns,
//! `pool draw CASE --json` printing panel, reserves, excluded (name, reason, source), seed, pool_sha256 and
//! algorithm, `--out FILE` writing the signed record, `pool verify-draw FILE` exiting 0 with the same panel or 1
//! with the reason; a re-draw visible as a second record; the pool's rows tied to the audit log.

use std::path::Path;

use rusqlite::Connection;
use serde_json::Value;

use super::common::{ok, run};

const CODE: &str = "91110000600037341L";

const CSV: &str = "\u{feff}姓名,单位,专业领域,行业,职称,聘期至,服务企业
王建国,北京市环境科学研究院,清洁生产,,研究员,2030-12-31,
赵敏,清华大学,环保,,教授,,91110000600037341L；91440300MA5F00001A
李红,北京化工大学,行业,C26,教授,,
张伟,华北电力大学,能源,,教授,,
刘洋,北京工商大学,经济,,副教授,2020-01-01,
陈静,中国环境科学研究院,环保,,研究员,,
孙强,北京节能中心,能源,,高工,,
周敏,北京清洁生产中心,清洁生产,,高工,,
吴刚,北京石化研究院,行业,C25,研究员,,
";

fn world() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    ok(
        &data,
        &[
            "case",
            "new",
            "--province",
            "北京",
            "--track",
            "voluntary",
            "--stage",
            "acceptance",
            "--enterprise",
            "北京测试化工有限公司",
            "--credit-code",
            CODE,
        ],
    );
    std::fs::write(tmp.path().join("pool.csv"), CSV).unwrap();
    ok(&data, &["pool", "import", tmp.path().join("pool.csv").to_str().unwrap()]);
    (tmp, data)
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn fails(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

fn key(tmp: &Path, data: &Path) -> (String, String, String) {
    let pass = tmp.join("pass.txt");
    std::fs::write(&pass, "支撑单位口令12345").unwrap();
    let dir = tmp.join("keys");
    ok(
        data,
        &[
            "key",
            "new",
            "--name",
            "支撑单位",
            "--dir",
            dir.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ],
    );
    let s = |p: &Path| p.to_str().unwrap().to_string();
    (s(&dir.join("支撑单位.key")), s(&dir.join("支撑单位.pub")), s(&pass))
}

#[test]
fn import_reads_the_named_columns_and_list_filters_by_field_and_text() {
    let (tmp, data) = world();
    let all = json(&ok(&data, &["pool", "list", "--json"]));
    assert_eq!(all.as_array().unwrap().len(), 9);
    let zhao = all.as_array().unwrap().iter().find(|e| e["name"] == "赵敏").unwrap();
    assert_eq!(zhao["served"], serde_json::json!([CODE, "91440300MA5F00001A"]));
    assert_eq!(zhao["field"], "环保");
    let env = json(&ok(&data, &["pool", "list", "--field", "环保", "--json"]));
    assert_eq!(env.as_array().unwrap().len(), 2);
    let s = json(&ok(&data, &["pool", "list", "--search", "清华", "--json"]));
    assert_eq!(s[0]["name"], "赵敏");
    // Importing again changes nothing; a changed title is an update.
    let again = json(&ok(&data, &["pool", "import", tmp.path().join("pool.csv").to_str().unwrap(), "--json"]));
    assert_eq!((again["added"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(9)));
    // A field that is not one of the six is refused with its row, in Chinese first; nothing is imported.
    std::fs::write(tmp.path().join("bad.csv"), "姓名,单位,专业领域\n钱多,某单位,化工\n").unwrap();
    let err = fails(&data, &["pool", "import", tmp.path().join("bad.csv").to_str().unwrap()]);
    assert!(err.contains("第 2 行的专业领域“化工”"), "{err}");
    std::fs::write(tmp.path().join("nocol.csv"), "姓名,单位\n钱多,某单位\n").unwrap();
    assert!(fails(&data, &["pool", "import", tmp.path().join("nocol.csv").to_str().unwrap()]).contains("专业领域"));
    assert_eq!(json(&ok(&data, &["pool", "list", "--json"])).as_array().unwrap().len(), 9);
}

#[test]
fn an_xlsx_pool_imports_like_the_csv_and_the_pool_exports_as_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let xlsx = tmp.path().join("专家库.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in CSV.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    // A date typed as a date in the workbook.
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2031, 6, 30).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(3, 5, &date, &fmt).unwrap();
    wb.save(&xlsx).unwrap();
    let count = json(&ok(&data, &["pool", "import", xlsx.to_str().unwrap(), "--json"]));
    assert_eq!(count["added"], 9);
    let li = json(&ok(&data, &["pool", "list", "--search", "李红", "--json"]));
    assert_eq!(li[0]["term_until"], "2031-06-30");
    assert_eq!(li[0]["industry"], "C26");
    let out = tmp.path().join("导出.csv");
    ok(&data, &["pool", "export", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}姓名,单位,专业领域,行业,职称,聘期至,服务企业"), "{text}");
    // The export imports back unchanged.
    let back = json(&ok(&data, &["pool", "import", out.to_str().unwrap(), "--json"]));
    assert_eq!(back["unchanged"], 9);
}

#[test]
fn draw_prints_the_contract_and_a_signed_record_verifies_or_says_why_not() {
    let (tmp, data) = world();
    let (sk, pk, pass) = key(tmp.path(), &data);
    let out = tmp.path().join("draw.json");
    let v = json(&ok(
        &data,
        &[
            "pool",
            "draw",
            "1",
            "--size",
            "5",
            "--reserves",
            "2",
            "--json",
            "--key",
            &sk,
            "--passphrase-file",
            &pass,
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-06-01",
        ],
    ));
    for k in ["panel", "reserves", "excluded", "seed", "pool_sha256", "algorithm"] {
        assert!(v.get(k).is_some(), "no {k} in {v}");
    }
    assert_eq!(v["panel"].as_array().unwrap().len(), 5);
    assert_eq!(v["reserves"].as_array().unwrap().len(), 2);
    assert_eq!(v["algorithm"], "yanshou-draw-v1");
    assert_eq!(v["seed"].as_str().unwrap().len(), 64);
    let excluded: Vec<(String, String)> = v["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().into(), e["source"].as_str().unwrap().into()))
        .collect();
    assert!(excluded.contains(&("赵敏".into(), "L2297-L2299".into())), "{excluded:?}");
    assert!(excluded.iter().any(|(n, _)| n == "刘洋"), "an ended term is excluded: {excluded:?}");
    assert!(v["excluded"][0]["reason"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));

    let verified = json(&ok(&data, &["pool", "verify-draw", out.to_str().unwrap(), "--json", "--key", &pk]));
    assert_eq!(verified["panel"], v["panel"]);
    let text = ok(&data, &["pool", "verify-draw", out.to_str().unwrap()]);
    assert!(text.contains(&v["panel"][0].as_str().unwrap().to_string()), "{text}");

    // One changed byte: exit 1 with the reason.
    let bytes = std::fs::read(&out).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let first = v["panel"][0].as_str().unwrap();
    let second = v["panel"][1].as_str().unwrap();
    let swapped = text.replacen(
        &format!("\"panel\":[\"{first}\",\"{second}\""),
        &format!("\"panel\":[\"{second}\",\"{first}\""),
        1,
    );
    assert_ne!(swapped, text);
    let bad = tmp.path().join("swapped.json");
    std::fs::write(&bad, swapped).unwrap();
    let err = fails(&data, &["pool", "verify-draw", bad.to_str().unwrap()]);
    assert!(err.contains("签名"), "{err}");
    let mut one = bytes.clone();
    let at = one.len() / 2;
    one[at] ^= 0x01;
    std::fs::write(&bad, &one).unwrap();
    let out1 = run(&data, &["pool", "verify-draw", bad.to_str().unwrap()]);
    assert_eq!(out1.status.code(), Some(1));
    assert!(!out1.stderr.is_empty());
}

#[test]
fn a_re_draw_is_a_second_record_and_the_pool_rows_are_tied_to_the_log() {
    let (_tmp, data) = world();
    let a = json(&ok(&data, &["pool", "draw", "1", "--size", "5", "--json"]));
    let b = json(&ok(&data, &["pool", "draw", "1", "--size", "5", "--json"]));
    assert_ne!(a["seed"], b["seed"], "every draw takes a fresh seed from the system");
    let draws = json(&ok(&data, &["pool", "draws", "1", "--json"]));
    assert_eq!(draws.as_array().unwrap().len(), 2);
    assert_eq!(draws[0]["seed"], a["seed"]);
    let text = ok(&data, &["pool", "draws", "1"]);
    assert!(text.contains("抽取了 2 次"), "{text}");
    // Each record is found by its hash (what a review's payload carries), and re-runs from the store's copy.
    let store = yanshou::store::Store::open(&data.join("yanshou.db")).unwrap();
    for d in draws.as_array().unwrap() {
        let found = store.draw_by_sha256(d["record_sha256"].as_str().unwrap()).unwrap().unwrap();
        assert_eq!(found.record.seed, d["seed"].as_str().unwrap());
        assert_eq!(yanshou::bundle::draw::record_sha256(&found.record), found.record_sha256);
        yanshou::bundle::draw::verify_record(&found.record).unwrap();
    }
    assert!(store.draw_by_sha256(&"0".repeat(64)).unwrap().is_none());
    drop(store);
    // Substitution: the first drawn expert declines; the next fitting reserve (none was asked for) is refused.
    let first = a["panel"][0].as_str().unwrap().to_string();
    let err = fails(
        &data,
        &[
            "pool",
            "substitute",
            "1",
            "--expert",
            b["panel"][0].as_str().unwrap(),
            "--cause",
            "declined",
            "--reason",
            "出差",
        ],
    );
    assert!(err.contains("候补"), "{err}");
    let _ = first;
    // A row changed outside yanshou: every pool command is refused naming it.
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.execute_batch("UPDATE pool_experts SET title = '院士' WHERE name = '王建国'").unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(conn);
    let err = fails(&data, &["pool", "list"]);
    assert!(err.contains("专家库中的一位专家"), "{err}");
    assert!(fails(&data, &["pool", "draw", "1", "--size", "5"]).contains("专家库"));
}

#[test]
fn add_edit_retire_and_a_beijing_draw_without_a_size_asks_for_it() {
    let (_tmp, data) = world();
    let err = fails(&data, &["pool", "draw", "1"]);
    assert!(err.starts_with("yanshou: 北京的文件未规定专家组人数"), "{err}");
    ok(
        &data,
        &["pool", "add", "--name", "新专家", "--unit", "新单位", "--field", "能源", "--term-until", "2030-01-01"],
    );
    let dup = fails(&data, &["pool", "add", "--name", "新专家", "--unit", "新单位", "--field", "能源"]);
    assert!(dup.contains("同名同单位"), "{dup}");
    let id = json(&ok(&data, &["pool", "list", "--search", "新专家", "--json"]))[0]["id"].as_i64().unwrap().to_string();
    ok(&data, &["pool", "edit", &id, "--served", CODE]);
    // An entry is read by the domain's rules the screen's form uses: a refusal names the field and changes nothing.
    let bad = fails(&data, &["pool", "edit", &id, "--served", "91350100M000100Y44", "--title", "教授"]);
    assert!(bad.starts_with("yanshou: 服务企业中的“91350100M000100Y44”不是有效的统一社会信用代码"), "{bad}");
    let bad = fails(&data, &["pool", "add", "--name", "甲", "--unit", "乙", "--field", "化工"]);
    assert!(bad.starts_with("yanshou: 专业领域“化工”不是清洁生产"), "{bad}");
    let bad = fails(&data, &["pool", "edit", &id, "--public-key", "RWnotakey"]);
    assert!(bad.starts_with("yanshou: 公钥“RWnotakey”不是有效的公钥"), "{bad}");
    let e = json(&ok(&data, &["pool", "show", &id, "--json"]));
    assert_eq!((&e["served"][0], &e["title"]), (&serde_json::json!(CODE), &serde_json::json!("")));
    ok(&data, &["pool", "retire", &id, "--on", "2026-01-01"]);
    let v = json(&ok(&data, &["pool", "draw", "1", "--size", "4", "--json", "--today", "2026-06-01"]));
    let ex = v["excluded"].as_array().unwrap().iter().find(|e| e["name"] == "新专家").unwrap();
    assert!(ex["reason"].as_str().unwrap().contains("退出专家库"), "{ex}");
    let preview = ok(&data, &["pool", "draw", "1", "--size", "4", "--preview"]);
    assert!(preview.contains("排除：赵敏") && preview.contains("精确"), "{preview}");
}

#[test]
fn a_review_starts_its_panel_from_its_cases_draw_with_the_substitutes() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(tmp.path().join("pool.csv"), CSV).unwrap();
    ok(&data, &["pool", "import", tmp.path().join("pool.csv").to_str().unwrap()]);
    // A review started on its own gets a case of its own: the draw is for that case.
    let review = ok(
        &data,
        &[
            "review",
            "new",
            "--scorecard",
            "beijing-2007-acceptance",
            "--enterprise",
            "北京测试化工有限公司",
            "--credit-code",
            CODE,
            "--date",
            "2026-06-01",
        ],
    );
    let review = review.trim().to_string();
    let refused = fails(&data, &["pool", "panel", &review]);
    assert!(refused.contains("找不到"), "{refused}");
    let d = json(&ok(&data, &["pool", "draw", "1", "--size", "5", "--reserves", "2", "--json"]));
    // The expert of the fifth seat (no field required of it) is found conflicted: the first reserve comes in.
    let seats = d["seats"].as_array().unwrap();
    assert_eq!(seats[4]["seat"], "其余");
    let leaving = seats[4]["name"].as_str().unwrap();
    ok(&data, &["pool", "substitute", "1", "--expert", leaving, "--cause", "conflict", "--reason", "曾参与该企业咨询"])
        .contains("替换")
        .then_some(())
        .unwrap();
    let said = ok(&data, &["pool", "panel", &review]);
    assert!(said.contains("sha256"), "{said}");
    let show = ok(&data, &["review", "show", &review]);
    assert!(!show.contains(leaving), "{leaving} was replaced: {show}");
    let draws = json(&ok(&data, &["pool", "draws", "1", "--json"]));
    let came = draws[0]["substitutions"][0]["in_name"].as_str().unwrap();
    assert_eq!(came, d["reserves"][0].as_str().unwrap());
    assert!(show.contains(came), "{came} came in: {show}");
    for s in &seats[..4] {
        assert!(show.contains(s["name"].as_str().unwrap()), "{show}");
    }
    // Twice is the same panel.
    ok(&data, &["pool", "panel", &review]);
}

/// A database of the version before the pool (its tables and index dropped, `user_version` set back) opens, gains
/// the pool's tables, keeps every case and review as it was, and passes the whole check.
#[test]
fn a_database_of_the_version_before_the_pool_migrates_with_everything_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    ok(
        &data,
        &[
            "review",
            "new",
            "--scorecard",
            "beijing-2007-acceptance",
            "--enterprise",
            "北京甲公司",
            "--credit-code",
            CODE,
            "--date",
            "2026-06-01",
        ],
    );
    ok(
        &data,
        &[
            "case",
            "new",
            "--province",
            "广东",
            "--track",
            "voluntary",
            "--stage",
            "acceptance",
            "--enterprise",
            "广东乙公司",
            "--credit-code",
            CODE,
            "--scorecard",
            "guangdong-2009-voluntary",
        ],
    );
    let pool_migration =
        yanshou::store::migrations::MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE pool_experts (")).unwrap();
    // The migrations after the pool's (the personal sheets', 9; the reviews' draws, 10; the stored results, 11)
    // create new tables and an index only: dropped too, so the file is exactly one of the version before the pool.
    let later = yanshou::store::migrations::MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE kits (")).unwrap();
    assert_eq!(later, pool_migration + 1, "the personal sheets' migration comes right after the pool's");
    let links =
        yanshou::store::migrations::MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE review_draws (")).unwrap();
    assert_eq!(links, later + 1, "the reviews' draws' migration comes right after the personal sheets'");
    assert_eq!(
        yanshou::store::migrations::REVIEW_RESULTS,
        links + 2,
        "the stored results' migration comes right after the reviews' draws'"
    );
    assert_eq!(yanshou::store::migrations::REVIEW_RESULTS, yanshou::store::migrations::MIGRATIONS.len());
    let before = |sql: &str| -> Vec<String> {
        let conn = Connection::open(data.join("yanshou.db")).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let cases = before("SELECT * FROM cases ORDER BY id");
    let reviews = before("SELECT * FROM reviews ORDER BY id");
    let log = before("SELECT seq, hash FROM audit_log ORDER BY seq");
    let conn = Connection::open(data.join("yanshou.db")).unwrap();
    conn.execute_batch(
        "DROP TABLE review_results; DROP INDEX reviews_status; DROP INDEX review_draws_draw; DROP TABLE review_draws;
         DROP TABLE personal_sheets; DROP TABLE kits;
         DROP TABLE draw_substitutions; DROP INDEX draws_case; DROP TABLE draws; DROP TABLE pool_experts;",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", pool_migration as i64).unwrap();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    drop(conn);
    // Opening it migrates; every case, review and log entry is as it was; the pool works.
    assert_eq!(json(&ok(&data, &["pool", "list", "--json"])), serde_json::json!([]));
    assert_eq!(before("SELECT * FROM cases ORDER BY id"), cases);
    assert_eq!(before("SELECT * FROM reviews ORDER BY id"), reviews);
    assert_eq!(before("SELECT seq, hash FROM audit_log ORDER BY seq"), log);
    let version: Vec<String> = before("PRAGMA user_version");
    assert_eq!(version, [format!("Integer({})", yanshou::store::migrations::MIGRATIONS.len())]);
    ok(&data, &["pool", "add", "--name", "新专家", "--unit", "新单位", "--field", "环保"]);
    ok(&data, &["review", "log", "1"]);
    ok(&data, &["case", "show", "2"]);
}

/// `pool draw CASE --out FILE` as the Contract writes it, without `--key`: the record is signed with the one key in
/// the data directory's keys folder (where `key new` writes it) and verifies; with no key there, or two, the draw is
/// refused in Chinese before anything is recorded, naming the folder.
#[test]
fn draw_out_without_key_signs_with_the_one_key_of_the_data_directory() {
    let (tmp, data) = world();
    let out = tmp.path().join("draw.json");
    let draw = |out: &Path, pass: &str| {
        run(
            &data,
            &[
                "pool",
                "draw",
                "1",
                "--size",
                "5",
                "--passphrase-file",
                pass,
                "--out",
                out.to_str().unwrap(),
                "--today",
                "2026-06-01",
            ],
        )
    };
    let none = draw(&out, "unused");
    assert_eq!(none.status.code(), Some(1));
    let said = String::from_utf8_lossy(&none.stderr);
    assert!(said.starts_with("yanshou: --key：") && said.contains("中没有私钥"), "{said}");
    assert!(!out.exists());
    assert_eq!(ok(&data, &["pool", "draws", "1", "--json"]).matches("\"seed\"").count(), 0, "nothing was drawn");

    let pass = tmp.path().join("pass.txt");
    std::fs::write(&pass, "支撑单位口令12345").unwrap();
    ok(&data, &["key", "new", "--name", "支撑单位", "--passphrase-file", pass.to_str().unwrap()]);
    let signed = draw(&out, pass.to_str().unwrap());
    assert!(signed.status.success(), "{}", String::from_utf8_lossy(&signed.stderr));
    let text = ok(&data, &["pool", "verify-draw", out.to_str().unwrap()]);
    assert!(text.contains("签名有效"), "{text}");

    ok(&data, &["key", "new", "--name", "另一单位", "--passphrase-file", pass.to_str().unwrap()]);
    let two = draw(&tmp.path().join("again.json"), pass.to_str().unwrap());
    assert_eq!(two.status.code(), Some(1));
    let said = String::from_utf8_lossy(&two.stderr);
    assert!(said.contains("中有多个私钥") && said.contains("支撑单位.key") && said.contains("另一单位.key"), "{said}");

    // A file that is not there is said in Chinese first, the English below it.
    let missing = fails(&data, &["pool", "verify-draw", tmp.path().join("nope.json").to_str().unwrap()]);
    assert!(missing.starts_with("yanshou: FILE：") && missing.contains("没有这个文件或文件夹"), "{missing}");
    assert!(missing.contains("there is no such file or folder"), "{missing}");
}
