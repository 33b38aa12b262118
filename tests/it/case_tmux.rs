//! A case driven through the real binary in tmux at 80×24, as the support unit would: from its screen to the case
//! list and the case's page, one condition ticked with a note, the check closed, the site visit scheduled, the
//! review started from the page (the panel's scoring and finalizing happen on the review; here on the command line),
//! the 工作报告 and the 公示 recorded, and the case shown 通过 once its 公示 is over. Each step waits for the screen's
//! Chinese words, and each act is read back with `case show --json`.

use std::path::Path;

use serde_json::Value;

use crate::case_cli::World;
use crate::tmux::{self, Tmux};

const UNIT: &str = "c:0";

fn app(data: &Path) -> String {
    format!(
        "env LANG=C.UTF-8 TERM=xterm-256color {} --data-dir '{}' --actor 技术依托单位; echo EXITED $?; sleep 60",
        env!("CARGO_BIN_EXE_yanshou"),
        data.display()
    )
}

/// Clears the date the form opened with and types `date`.
fn date(t: &Tmux, date: &str) {
    for _ in 0..10 {
        t.keys(UNIT, &["BSpace"]);
    }
    t.text(UNIT, date);
}

fn show(w: &World) -> Value {
    w.json(&["case", "show", "1", "--json"])
}

#[test]
fn a_case_goes_through_the_terminal_app_from_its_check_to_its_pass() {
    if !tmux::available("the case walk-through") {
        return;
    }
    let w = World::new();
    w.json(&[
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
    for item in ["c2", "c3", "m1", "m2", "m3", "m4"] {
        w.ok(&["case", "check", "1", item, "--met"]);
    }
    let t = Tmux::start("cases", "c", 80, 24, &app(w.path()));
    t.wait_for(UNIT, "欢迎使用");
    t.keys(UNIT, &["u"]);
    t.wait_for(UNIT, "a 案件");
    t.keys(UNIT, &["a"]);
    t.wait_for(UNIT, "山东某化工有限公司");
    t.keys(UNIT, &["Enter"]);
    t.wait_for(UNIT, "申请审查（↑↓ 选择，Enter 核对）");

    // c1 ticked met with a note: Enter opens its form, Enter moves on, F9 records.
    t.keys(UNIT, &["Enter"]);
    t.wait_for(UNIT, "核对申请条件或材料");
    t.keys(UNIT, &["Enter", "Enter"]);
    t.text(UNIT, "已核对原件");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：c1：满足");
    let c1 = show(&w)["checks"].as_array().unwrap().iter().find(|c| c["id"] == "c1").cloned().unwrap();
    assert_eq!((c1["met"].as_bool(), c1["note"].as_str()), (Some(true), Some("已核对原件")), "{c1}");

    // The check closed, the visit scheduled, the review started on it.
    t.keys(UNIT, &["d"]);
    t.wait_for(UNIT, "申请审查完成");
    date(&t, "2026-01-30");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：申请审查完成（2026-01-30）");
    t.keys(UNIT, &["v"]);
    t.wait_for(UNIT, "安排现场验收");
    t.text(UNIT, "2026-02-10");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：第 1 轮现场验收：2026-02-10");
    t.keys(UNIT, &["r"]);
    t.wait_for(UNIT, "开始验收");
    t.keys(UNIT, &["Tab"]);
    t.text(UNIT, "淄博市");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：新建验收");
    let s = show(&w);
    assert_eq!(s["reviews"][0]["date"], "2026-02-10", "{s:#}");
    let review = s["reviews"][0]["id"].to_string();

    // The panel's work on the review, then the 工作报告 and the 公示 from the page.
    w.finalize(&review, "shandong-2008-acceptance", true);
    t.keys(UNIT, &["Escape"]);
    t.wait_for(UNIT, "案件（1 / 1 件）");
    t.keys(UNIT, &["Enter"]);
    t.wait_for(UNIT, "验收已定稿");
    t.keys(UNIT, &["w"]);
    t.wait_for(UNIT, "验收工作报告");
    date(&t, "2026-02-27");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：第 1 轮验收工作报告");
    t.keys(UNIT, &["g"]);
    t.wait_for(UNIT, "开始公示");
    date(&t, "2026-03-02");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：公示自 2026-03-02 起");
    // The 公示 (10 工作日) ended on 2026-03-16, long before today: the case has passed.
    t.wait_for(UNIT, "：通过");
    let s = show(&w);
    assert_eq!(s["status"], "passed", "{s:#}");
    t.keys(UNIT, &["Escape"]);
    t.wait_for(UNIT, "通过");
    t.keys(UNIT, &["C-c"]);
    t.wait_for(UNIT, "EXITED 0");
}

/// A failed review through the terminal app: the 工作报告 records the failure, the 整改 is notified, the 复核 asked
/// for from the page (a new review linked to the first), and once it passes the page shows it beside the first review.
#[test]
fn a_failed_case_is_rectified_and_rechecked_through_the_terminal_app() {
    if !tmux::available("the 复核 walk-through") {
        return;
    }
    let w = World::new();
    w.json(&[
        "case",
        "new",
        "--province",
        "山东",
        "--track",
        "voluntary",
        "--stage",
        "acceptance",
        "--enterprise",
        "淄博某钢铁有限公司",
        "--credit-code",
        "91350100M000100Y43",
        "--applied",
        "2025-09-01",
        "--json",
    ]);
    for item in ["c1", "c2", "c3", "m1", "m2", "m3", "m4"] {
        w.ok(&["case", "check", "1", item, "--met"]);
    }
    w.ok(&["case", "check", "1", "--done", "--date", "2025-09-05"]);
    let first = w.json(&["case", "review", "1", "--visit", "2025-09-26", "--json"])["review"].to_string();
    w.finalize(&first, "shandong-2008-acceptance", false);
    let t = Tmux::start("recheck", "c", 80, 24, &app(w.path()));
    t.wait_for(UNIT, "验收列表");
    t.keys(UNIT, &["u"]);
    t.wait_for(UNIT, "a 案件");
    t.keys(UNIT, &["a"]);
    t.wait_for(UNIT, "淄博某钢铁有限公司");
    t.keys(UNIT, &["Enter"]);
    t.wait_for(UNIT, "验收已定稿");
    t.keys(UNIT, &["w"]);
    t.wait_for(UNIT, "验收工作报告");
    date(&t, "2025-10-09");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：第 1 轮验收工作报告（2025-10-09，未通过）");
    t.keys(UNIT, &["z"]);
    t.wait_for(UNIT, "通知整改");
    date(&t, "2025-10-10");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：第 1 轮整改通知（2025-10-10）");
    assert_eq!(show(&w)["status"], "rectifying");
    t.keys(UNIT, &["f"]);
    t.wait_for(UNIT, "申请复核");
    date(&t, "2026-01-05");
    t.keys(UNIT, &["Tab"]);
    t.text(UNIT, "2026-01-20");
    t.keys(UNIT, &["F9"]);
    t.wait_for(UNIT, "已保存：新建复核验收");
    let s = show(&w);
    assert_eq!(s["reviews"][1]["recheck_of"].to_string(), first, "{s:#}");
    let second = s["reviews"][1]["id"].to_string();
    w.finalize(&second, "shandong-2008-acceptance", true);
    t.keys(UNIT, &["Escape"]);
    t.wait_for(UNIT, "案件（1 / 1 件）");
    t.keys(UNIT, &["Enter"]);
    t.wait_for(UNIT, "状态");
    // Page down until the comparison's heading is on the screen (the page is longer than 24 lines).
    let heading = format!("复核对照：首次验收 {first} │ 复核验收 {second}");
    for _ in 0..12 {
        let before = t.screen(UNIT);
        if before.contains(&heading) {
            break;
        }
        t.keys(UNIT, &["NPage"]);
        // One page at a time: the next is pressed only once this one is drawn (never past the heading).
        let start = std::time::Instant::now();
        while t.screen(UNIT) == before && start.elapsed() < std::time::Duration::from_secs(10) {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    let screen = t.wait_for(UNIT, &heading);
    assert!(screen.contains("总分"), "{screen}");
}
