//! The case around a review, scripted through `yanshou case …` and `yanshou calendar …`: a case that passes
//! (application → check → review → 工作报告 → 公示 → 通过) and one that fails, is rectified and passes its 复核, with
//! 山东's deadlines (鲁经贸循字〔2008〕264 号) and the dates they fall on checked against calendars counted by hand
//! from the State Council's notices — across 春节 2026 and across the worked weekend days of 国庆节 2025 — and bad
//! input refused in Chinese with nothing changed.

use std::path::Path;

use serde_json::Value;

use crate::common::{ok, run};

/// A data directory and the commands run on it.
pub(crate) struct World {
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new() -> World {
        World { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        ok(self.path(), args)
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    /// A command refused with status 1, its first line Chinese and holding `zh`, and the database unchanged.
    pub fn refused(&self, args: &[&str], zh: &str) -> String {
        let before = dump(&self.path().join("yanshou.db"));
        let out = run(self.path(), args);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{args:?} was not refused: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(first.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{args:?}: not Chinese: {err}");
        assert!(err.contains(zh), "{args:?}: expected “{zh}” in: {err}");
        assert_eq!(dump(&self.path().join("yanshou.db")), before, "{args:?} changed the database");
        err
    }

    /// A review of the case's enterprise finalized by a panel of four: every item at its maximum (`pass`) or at 0
    /// with a reason (or, on rules, every requirement met or unmet), no veto holding.
    pub fn finalize(&self, review: &str, sheet: &str, pass: bool) {
        self.score(review, sheet, pass);
        self.ok(&["review", "finalize", review]);
    }

    /// Everything [`World::finalize`] does but finalizing.
    pub fn score(&self, review: &str, sheet: &str, pass: bool) {
        for (name, field) in [("王建国", "清洁生产"), ("李秀英", "环保"), ("张伟", "行业"), ("赵敏", "能源")]
        {
            let mut args = vec!["review", "panel", review, "add", "--name", name, "--field", field];
            if name == "王建国" {
                args.push("--lead");
            }
            self.ok(&args);
        }
        let sheet = self.json(&["scorecards", "show", sheet, "--json"]);
        for expert in ["王建国", "李秀英", "张伟", "赵敏"] {
            for item in sheet["items"].as_array().unwrap() {
                let id = item["id"].as_str().unwrap();
                let max = item["max"].to_string();
                if pass {
                    self.ok(&["review", "score", review, expert, id, &max]);
                } else {
                    self.ok(&["review", "score", review, expert, id, "0", "--reason", "未落实"]);
                }
            }
        }
        // A file decided by rules: every requirement met (`pass`) or unmet with a reason, no distinction holding, and
        // the panel's own result where the file leaves it to the panel.
        for r in sheet["requirements"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            if pass {
                self.ok(&["review", "requirement", review, id, "met"]);
            } else {
                self.ok(&["review", "requirement", review, id, "unmet", "--reason", "未落实"]);
            }
        }
        for d in sheet["distinctions"].as_array().unwrap() {
            self.ok(&["review", "distinction", review, d["id"].as_str().unwrap(), "no"]);
        }
        if sheet["outcome"]["decided_by"] == "panel" {
            let result = if pass { "passed" } else { "failed" };
            self.ok(&["review", "decision", review, result, "--reason", "专家组评议"]);
        }
        for v in sheet["vetoes"].as_array().unwrap() {
            if v["computed"] == false {
                self.ok(&["review", "veto", review, v["id"].as_str().unwrap(), "no"]);
            }
        }
        let conclusion = if pass { "通过验收" } else { "不予通过" };
        self.ok(&["review", "opinion", review, "--summary", "现场验收。", "--conclusion", conclusion]);
    }
}

/// Every table's rows, the schema version and the log's head, read from a copy.
pub(crate) fn dump(db: &Path) -> String {
    if !db.exists() {
        return "no database".into();
    }
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    let wal = db.with_extension("db-wal");
    if wal.exists() {
        std::fs::copy(&wal, tmp.path().join("copy.db-wal")).unwrap();
    }
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut text = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for t in &tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join(" | "))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.sort();
        text.push_str(&format!("[{t}]\n{}\n", rows.join("\n")));
    }
    text
}

/// The deadline of `id` (and round) in `case show --json`.
fn deadline<'a>(show: &'a Value, id: &str, round: u64) -> &'a Value {
    show["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id && d["round"] == round)
        .unwrap_or_else(|| panic!("no deadline {id} of round {round}: {show:#}"))
}

/// Checks a deadline's contract fields.
fn assert_deadline(show: &Value, id: &str, round: u64, from: (&str, &str), due: &str, status: &str, source: &str) {
    let d = deadline(show, id, round);
    assert!(d["what"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{d}");
    assert_eq!(d["from"]["event"], from.0, "{id}: {d}");
    assert_eq!(d["from"]["date"], from.1, "{id}: {d}");
    assert_eq!(d["due"], due, "{id}: {d}");
    assert_eq!(d["status"], status, "{id}: {d}");
    assert_eq!(d["source"], source, "{id}: {d}");
}

fn check_all(w: &World, id: &str) {
    for item in ["c1", "c2", "c3", "m1", "m2", "m3", "m4"] {
        w.ok(&["case", "check", id, item, "--met", "--note", "已核对原件"]);
    }
}

/// Application → check → review → 工作报告 → 公示 → 通过, a voluntary case of 山东 across 春节 2026 (rest 2 月 15–23
/// 日, worked Saturdays 2 月 14 日 and 28 日).
#[test]
fn a_case_goes_from_its_application_to_its_pass_with_shandongs_deadlines_across_the_spring_festival() {
    let w = World::new();
    let new = w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "山东某化工有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2026-01-26",
        "--json",
    ]);
    assert_eq!(new["id"], 1);
    assert_eq!(new["scorecard"], "shandong-2008-acceptance");
    let id = "1";

    // 第八条: the county has 20 工作日 from 1 月 26 日. Counted by hand: 1 月 27–30 日 (4), 2 月 2–6 日 (9), 9–13 日 (14),
    // Saturday 14 日 worked (15); 15–23 日 rested; 24–27 日 (19), Saturday 28 日 worked (20).
    let show = w.json(&["case", "show", id, "--today", "2026-01-27", "--json"]);
    assert_eq!(show["status"], "application");
    assert_deadline(&show, "county", 0, ("application", "2026-01-26"), "2026-02-28", "due", "L10704-L10708");
    let steps: Vec<&str> = show["steps"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert!(steps.iter().any(|s| s.contains("公示 10 个工作日")), "{steps:?}");
    // 山东 sets no validity: the page says so instead of inventing one.
    let validity = show["steps"].as_array().unwrap().iter().find(|s| s["step"] == "有效期").unwrap();
    assert_eq!(validity["rule"], Value::Null);
    assert_eq!(validity["text"], "本省文件未规定");

    // The check: every condition and material ticked; the review cannot start before it is closed.
    check_all(&w, id);
    w.refused(&["case", "review", id, "--visit", "2026-02-10"], "申请审查尚未完成");
    w.ok(&["case", "check", id, "--done", "--date", "2026-01-30"]);
    w.ok(&["case", "date", id, "forwarded", "2026-02-06"]);
    let show = w.json(&["case", "show", id, "--today", "2026-02-09", "--json"]);
    assert_deadline(&show, "county", 0, ("application", "2026-01-26"), "2026-02-28", "done", "L10704-L10708");
    // The city: 20 工作日 from 2 月 6 日 (2 月 9–14 日 with the worked Saturday: 6; 24–28 日: 11; 3 月 2–6 日: 16; 9–12
    // 日: 20); or 10 工作日 to pass it on to the province (2 月 27 日).
    assert_deadline(&show, "city", 0, ("forwarded", "2026-02-06"), "2026-03-12", "due", "L10710-L10712");
    assert_deadline(&show, "city-refer", 0, ("forwarded", "2026-02-06"), "2026-02-27", "due", "L10712-L10714");

    // The review, on the scheduled site visit; the review records it.
    w.ok(&["case", "schedule", id, "--visit", "2026-02-10"]);
    let review = w.json(&["case", "review", id, "--place", "淄博市", "--json"]);
    let review = review["review"].to_string();
    let r = w.json(&["review", "show", &review, "--json"]);
    assert_eq!(r["date"], "2026-02-10");
    w.finalize(&review, "shandong-2008-acceptance", true);

    // 第十六条: the 工作报告 within 10 工作日 of the site visit: 2 月 11–13 日 (3), Saturday 14 日 (4), 24–28 日 (9), 3 月 2
    // 日 (10). The city's own visit deadline is met; passing it on to the province no longer applies.
    let show = w.json(&["case", "show", id, "--today", "2026-02-26", "--json"]);
    assert_eq!(show["status"], "finalized");
    assert_deadline(&show, "report", 1, ("site_visit", "2026-02-10"), "2026-03-02", "due_soon", "L10794-L10796");
    assert_deadline(&show, "city", 0, ("forwarded", "2026-02-06"), "2026-03-12", "done", "L10710-L10712");
    assert!(show["deadlines"].as_array().unwrap().iter().all(|d| d["id"] != "city-refer"), "{show:#}");
    let overdue = w.json(&["case", "show", id, "--today", "2026-03-03", "--json"]);
    assert_deadline(&overdue, "report", 1, ("site_visit", "2026-02-10"), "2026-03-02", "overdue", "L10794-L10796");

    // The report takes the review's result into the case (computed: the sheet's grades); a contradicting conclusion
    // is refused.
    w.refused(&["case", "report", id, "--date", "2026-02-27", "--conclusion", "failed"], "矛盾");
    let html = w.path().join("工作报告.html");
    w.ok(&["case", "report", id, "--date", "2026-02-27", "--out", html.to_str().unwrap()]);
    let report = std::fs::read_to_string(&html).unwrap();
    for text in ["清洁生产审核验收工作报告", "山东某化工有限公司", "王建国", "组长", "优秀", "通过验收"]
    {
        assert!(report.contains(text), "{text} not in the report");
    }
    w.refused(&["case", "report", id, "--date", "2026-02-28"], "已记录");

    // 第十七条: 公示 10 工作日 from 3 月 2 日: 3 月 3–6 日 (4), 9–13 日 (9), 16 日 (10).
    w.ok(&["case", "publish", id, "--from", "2026-03-02"]);
    let show = w.json(&["case", "show", id, "--today", "2026-03-10", "--json"]);
    assert_eq!(show["status"], "publication");
    assert_deadline(&show, "publication", 1, ("publication", "2026-03-02"), "2026-03-16", "due_soon", "L10798-L10800");
    let notice = w.path().join("公示.html");
    w.ok(&["case", "notice", "--from", "2026-03-02", "--out", notice.to_str().unwrap()]);
    let notice = std::fs::read_to_string(&notice).unwrap();
    assert!(notice.contains("2026年3月2日至2026年3月16日") && notice.contains("山东某化工有限公司"), "{notice}");

    // An objection during the 公示, dismissed; one after it ended is refused.
    let o = w.json(&["case", "object", id, "--date", "2026-03-10", "--text", "举报该企业曾超标排放", "--json"]);
    assert_eq!(o["objection"], 1);
    w.refused(&["case", "object", id, "--date", "2026-03-17", "--text", "又一项异议"], "公示期满");
    w.ok(&["case", "object", id, "--decide", "1", "--dismissed", "--date", "2026-03-12", "--note", "经核查不属实"]);

    // 通过 once the 公示 has ended.
    let show = w.json(&["case", "show", id, "--today", "2026-03-16", "--json"]);
    assert_eq!(show["status"], "publication");
    let show = w.json(&["case", "show", id, "--today", "2026-03-17", "--json"]);
    assert_eq!(show["status"], "passed", "{show:#}");
    assert_deadline(&show, "publication", 1, ("publication", "2026-03-02"), "2026-03-16", "done", "L10798-L10800");
    let list = w.json(&["case", "list", "--status", "passed", "--today", "2026-03-17", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status_label"], "通过");
}

/// A review fails, the 整改 is notified with the province's limit, and the 复核 (a new review on the same sheet,
/// naming the first) passes: a mandatory case of 山东 passed on to the province, its 工作报告 across 国庆节 2025
/// (rest 10 月 1–8 日; worked Sunday 9 月 28 日 and Saturday 10 月 11 日).
#[test]
fn a_failed_review_is_rectified_and_its_recheck_passes() {
    let w = World::new();
    let new = w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "mandatory",
        "--stage",
        "acceptance",
        "--enterprise",
        "山东某造纸有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2025-09-01",
        "--json",
    ]);
    let id = &new["id"].to_string();
    check_all(&w, id);
    w.ok(&["case", "check", id, "--done", "--date", "2025-09-05"]);
    w.ok(&["case", "date", id, "forwarded", "2025-09-10"]);
    w.ok(&["case", "date", id, "referred", "2025-09-15"]);
    // The province: 30 工作日 from 9 月 15 日, across the worked Sunday and Saturday: 9 月 16–19 日 (4), 22–26 日 (9), Sunday
    // 28 日 (10), 29–30 日 (12), 10 月 9–10 日 (14), Saturday 11 日 (15), 13–17 日 (20), 20–24 日 (25), 27–31 日 (30).
    let show = w.json(&["case", "show", id, "--today", "2025-09-16", "--json"]);
    assert_deadline(&show, "province", 0, ("referred", "2025-09-15"), "2025-10-31", "due", "L10716");
    assert!(show["deadlines"].as_array().unwrap().iter().all(|d| d["id"] != "city"), "the city's visit is void");

    let first = w.json(&["case", "review", id, "--visit", "2025-09-26", "--json"])["review"].to_string();
    w.finalize(&first, "shandong-2008-acceptance", false);
    // 10 工作日 from Friday 9 月 26 日: Sunday 28 日 worked (1), 29–30 日 (3), 10 月 9–10 日 (5), Saturday 11 日 (6), 13–16
    // 日 (10).
    // On Friday 10 月 10 日 it is due soon: the fifth working day after it is 16 日 (11 日 worked).
    let show = w.json(&["case", "show", id, "--today", "2025-10-09", "--json"]);
    assert_deadline(&show, "report", 1, ("site_visit", "2025-09-26"), "2025-10-16", "due", "L10794-L10796");
    let show = w.json(&["case", "show", id, "--today", "2025-10-10", "--json"]);
    assert_deadline(&show, "report", 1, ("site_visit", "2025-09-26"), "2025-10-16", "due_soon", "L10794-L10796");
    assert_eq!(w.ok(&["calendar", "workdays", "2025-09-26", "10"]).trim(), "2025-10-16");

    w.ok(&["case", "report", id, "--date", "2025-10-15"]);
    let show = w.json(&["case", "show", id, "--today", "2025-10-16", "--json"]);
    assert_eq!(show["status"], "failed");
    assert_eq!(show["reviews"][0]["result"], "failed");

    // Nothing else fits a failed review.
    w.refused(&["case", "publish", id, "--from", "2025-10-20"], "未通过，不能公示");
    w.refused(&["case", "recheck", id, "--requested", "2025-10-20", "--visit", "2025-10-27"], "须先整改再复核");
    w.refused(
        &["case", "rectify", id, "--notified", "2025-11-03", "--due", "2026-01-31"],
        "本省文件已规定整改期限为6 个月",
    );
    w.refused(&["case", "rectify", id, "--notified", "2025-09-20"], "早于现场验收日期");

    // 第十八条: 6 months from the notice of Monday 11 月 3 日 end on Sunday 2026 年 5 月 3 日, inside 劳动节 (5 月 1–5 日):
    // the period ends on the next working day, Wednesday 5 月 6 日 (民法典 第二百零三条).
    w.ok(&["case", "rectify", id, "--notified", "2025-11-03"]);
    let show = w.json(&["case", "show", id, "--today", "2025-11-04", "--json"]);
    assert_eq!(show["status"], "rectifying");
    assert_deadline(&show, "rectification", 1, ("failure", "2025-11-03"), "2026-05-06", "due", "L10804-L10810");

    // The 复核: its visit scheduled, then the new review on the same frozen sheet, naming the first.
    w.refused(&["case", "recheck", id, "--requested", "2026-01-05"], "尚未安排现场验收");
    w.ok(&["case", "schedule", id, "--visit", "2026-01-12"]);
    let second = w.json(&["case", "recheck", id, "--requested", "2026-01-05", "--json"])["review"].to_string();
    assert_ne!(second, first);
    w.refused(&["case", "recheck", id, "--requested", "2026-01-06"], "尚未定稿");
    w.finalize(&second, "shandong-2008-acceptance", true);
    let show = w.json(&["case", "show", id, "--today", "2026-01-13", "--json"]);
    assert_eq!(show["reviews"][1]["recheck_of"].to_string(), first);
    assert_eq!(show["reviews"][1]["round"], 2);
    assert_deadline(&show, "rectification", 1, ("failure", "2025-11-03"), "2026-05-06", "done", "L10804-L10810");
    // 10 工作日 from Monday 1 月 12 日: 13–16 日 (4), 19–23 日 (9), 26 日 (10).
    assert_deadline(&show, "report", 2, ("site_visit", "2026-01-12"), "2026-01-26", "due", "L10794-L10796");
    // Side by side, item by item: what changed.
    let cmp = &show["comparisons"][0];
    assert_eq!(cmp["review"].to_string(), first);
    assert_eq!(cmp["recheck"].to_string(), second);
    let changed = cmp["comparison"]["items"].as_array().unwrap().iter().filter(|i| i["changed"] == true).count();
    assert!(changed > 20, "{cmp:#}");
    assert_eq!(cmp["comparison"]["passed_before"], false);
    assert_eq!(cmp["comparison"]["passed_after"], true);

    // Re-checking a passed review is refused; the 复核's report and 公示 lead to the pass.
    w.ok(&["case", "report", id, "--date", "2026-01-16"]);
    w.refused(&["case", "rectify", id, "--notified", "2026-01-19"], "已通过，无需整改");
    w.ok(&["case", "publish", id, "--from", "2026-01-20"]);
    w.refused(&["case", "recheck", id, "--requested", "2026-01-21", "--visit", "2026-01-22"], "已通过，不能复核");
    let show = w.json(&["case", "show", id, "--today", "2026-02-04", "--json"]);
    assert_deadline(&show, "publication", 2, ("publication", "2026-01-20"), "2026-02-03", "done", "L10798-L10800");
    assert_eq!(show["status"], "passed");

    // The store names the review a 复核 re-checks, with its stable id, for the bundle.
    let store = yanshou::store::Store::open_in_read_only(w.path()).unwrap();
    let (of, uid) = store.recheck_of(second.parse().unwrap()).unwrap().expect("a 复核");
    assert_eq!(of.to_string(), first);
    assert_eq!(uid, show["reviews"][0]["uid"].as_str().unwrap());
    assert_eq!(store.recheck_of(first.parse().unwrap()).unwrap(), None);
    // And the 复核's signed payload names it; the first review's names none.
    let (p, bytes, _) = yanshou::bundle::signing::current_payload(&store, second.parse().unwrap()).unwrap();
    assert_eq!(p.recheck_of.as_deref(), Some(uid.as_str()));
    assert!(String::from_utf8(bytes).unwrap().contains(&format!("\"recheck_of\":\"{uid}\"")));
    let (p, _, _) = yanshou::bundle::signing::current_payload(&store, first.parse().unwrap()).unwrap();
    assert_eq!(p.recheck_of, None);
}

/// The calendar the deadlines are counted on: the date N working days after a day, a year's holidays, and a date
/// beyond the calendar refused naming the year (never counted as a plain weekday).
#[test]
fn the_calendar_counts_working_days_and_refuses_a_year_it_does_not_have() {
    let w = World::new();
    // Across 春节 2026 and its two worked Saturdays.
    assert_eq!(w.ok(&["calendar", "workdays", "2026-01-26", "20"]).trim(), "2026-02-28");
    let j = w.json(&["calendar", "workdays", "2026-02-10", "10", "--json"]);
    assert_eq!(j["date"], "2026-03-02");
    let show = w.ok(&["calendar", "show", "2026"]);
    assert!(show.contains("春节：放假 2026年2月15日至2026年2月23日，共 9 天"), "{show}");
    assert!(show.contains("调休上班：2026年2月14日（星期六）"), "{show}");
    let j = w.json(&["calendar", "show", "2025", "--json"]);
    assert_eq!(j["periods"].as_array().unwrap().last().unwrap()["work"][1], "2025-10-11");
    w.refused(&["calendar", "workdays", "2026-12-24", "10"], "日历中没有 2027 年");
    w.refused(&["calendar", "show", "2027"], "日历中没有 2027 年");
    w.refused(&["calendar", "workdays", "2026-02-30", "3"], "不是有效日期");

    // A case whose 工作报告 falls in a year the calendar lacks says so, with the year.
    let id = w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "某公司",
        "--credit-code",
        "91350100M000100Y43",
        "--json",
    ])["id"]
        .to_string();
    check_all(&w, &id);
    w.ok(&["case", "check", &id, "--done", "--date", "2026-12-01"]);
    w.ok(&["case", "review", &id, "--visit", "2026-12-28"]);
    let show = w.json(&["case", "show", &id, "--today", "2026-12-29", "--json"]);
    let d = deadline(&show, "report", 1);
    assert_eq!(d["due"], Value::Null);
    assert_eq!(d["status"], "beyond_calendar");
    assert!(d["problem"].as_str().unwrap().contains("2027 年"), "{d}");

    // A calendar file with a malformed date refuses every command that counts, naming the file and the line.
    let dir = w.path().join("calendars");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2027.toml"),
        "schema = 1\n[[years]]\nyear = 2027\nnotice = \"国务院办公厅关于2027年部分节假日安排的通知\"\nnumber = \"国办发明电〔2026〕1号\"\nissued = \"2026-11-05\"\n[[years.periods]]\nname = \"元旦\"\nrest = \"2027-1-01\"\n",
    )
    .unwrap();
    let err = w.refused(&["case", "show", &id, "--json"], "2027.toml 第 9 行");
    assert!(err.contains("不是日期"), "{err}");
    w.refused(&["calendar", "workdays", "2026-01-05", "3"], "2027.toml 第 9 行");
}

/// Bad input is refused in Chinese, naming what and where, and changes nothing.
#[test]
fn bad_input_to_a_case_is_refused_and_changes_nothing() {
    let w = World::new();
    let base = ["case", "new", "--track", "voluntary", "--stage", "acceptance", "--enterprise", "某公司"];
    let new = |province: &str, code: &str, extra: &[&str]| {
        let mut args: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        args.extend(["--province".into(), province.into(), "--credit-code".into(), code.into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    // The database exists before the refusals are compared.
    w.ok(&["case", "list"]);
    let code = "91350100M000100Y43";
    for (args, zh) in [
        (new("西藏", code, &[]), "西藏没有任何评分表或规则文件"),
        (new("广东", code, &[]), "有多个评分表或规则文件符合"),
        (new("北京", code, &["--scorecard", "fujian-2008-acceptance"]), "不是北京验收（自愿）的"),
        (new("北京", "91350100M000100Y44", &[]), "校验位"),
        (new("北京", code, &["--applied", "2026-02-30"]), "申请日期"),
    ] {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        w.refused(&a, zh);
    }
    let id = w.json(&[
        "case",
        "new",
        "--province",
        "北京",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "某公司",
        "--credit-code",
        code,
        "--applied",
        "2026-03-02",
        "--json",
    ])["id"]
        .to_string();
    let id = id.as_str();
    w.refused(&["case", "check", id, "c9", "--met"], "不是本案的申请条件或申请材料");
    w.refused(&["case", "check", id, "--done", "--date", "2026-03-05"], "未满足或未核对：c1、c2、c3、m1");
    w.refused(&["case", "check", id, "--done", "--date", "2026-03-01", "--reason", "急需"], "早于接到申请材料日期");
    w.refused(&["case", "schedule", id, "--visit", "2026-02-20"], "早于接到申请材料日期");
    w.refused(&["case", "report", id, "--date", "2026-03-10"], "还没有验收");
    w.refused(&["case", "publish", id, "--from", "2026-03-10"], "还没有验收");
    w.refused(&["case", "object", id, "--date", "2026-03-10", "--text", "异议"], "尚未公示");
    w.refused(&["case", "grant", id, "--date", "2026-03-10"], "尚未通过");
    w.refused(&["case", "show", "99"], "找不到");
    // With the check closed for a reason, the review; then the refusals of a review under way.
    w.ok(&["case", "check", id, "--done", "--date", "2026-03-05", "--reason", "材料后补，先行现场验收"]);
    w.refused(&["case", "check", id, "c1", "--met"], "申请审查已于2026年3月5日完成");
    let review = w.json(&["case", "review", id, "--visit", "2026-03-20", "--json"])["review"].to_string();
    w.refused(&["case", "review", id, "--visit", "2026-03-21"], "尚未定稿");
    w.refused(&["case", "report", id, "--date", "2026-03-25"], "尚未定稿");
    w.refused(&["case", "rectify", id, "--notified", "2026-03-25"], "尚未定稿");
    // Rescheduling moves the review's date; a visit before the application does not.
    w.ok(&["case", "schedule", id, "--visit", "2026-03-19"]);
    assert_eq!(w.json(&["review", "show", &review, "--json"])["date"], "2026-03-19");
    w.refused(&["case", "schedule", id, "--visit", "2026-03-01"], "早于接到申请材料日期");
    w.refused(&["case", "object", id, "--date", "2026-03-25", "--text", "  "], "异议内容");
}
