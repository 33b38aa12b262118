//! The real binary in a real pseudo-terminal (tmux): type through a short review as a person would, quit, and check
//! the database. Without tmux the test says so and passes, unless YANSHOU_REQUIRE_TMUX is set (as `.ci/run` does).

use std::path::Path;

use crate::tmux::{self, Tmux};

#[test]
fn a_short_review_typed_in_a_real_terminal() {
    if !tmux::available("the end-to-end terminal test") {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_yanshou");
    let cmd = format!(
        "env LANG=C.UTF-8 TERM=xterm-256color {bin} --data-dir '{}' --actor 端到端测试; echo EXITED $?; sleep 30",
        data.path().display()
    );
    let t = Tmux::start("e2e", "e2e", 80, 24, &cmd);
    t.wait_for("e2e", "欢迎使用");

    // New review: enterprise, credit code, then the sheet picker filtered by province.
    t.keys("e2e", &["n"]);
    t.wait_for("e2e", "新建验收");
    t.text("e2e", "厦门某某电子有限公司");
    t.keys("e2e", &["Tab"]);
    t.text("e2e", "91350100M000100Y43");
    t.wait_for("e2e", "✓");
    for _ in 0..6 {
        t.keys("e2e", &["Tab"]);
    }
    t.keys("e2e", &["Enter"]);
    t.wait_for("e2e", "选择评分表");
    t.text("e2e", "福建 验收");
    t.keys("e2e", &["Enter"]);
    t.wait_for("e2e", "福建省清洁生产审核验收评分表");
    t.keys("e2e", &["C-s"]);
    t.wait_for("e2e", "还没有专家");

    // One expert, the lead.
    t.keys("e2e", &["a"]);
    t.wait_for("e2e", "添加专家");
    t.text("e2e", "林海");
    t.keys("e2e", &["Tab", "Tab", "Tab", "l", "C-s"]);
    t.wait_for("e2e", "林海");

    // Score the first item with a deduction and its reason, the second at full marks.
    t.keys("e2e", &["F2"]);
    t.wait_for("e2e", "评分专家");
    t.text("e2e", "1.5");
    t.keys("e2e", &["Enter"]);
    t.wait_for("e2e", "扣分原因");
    t.text("e2e", "促进机构人员不全");
    t.keys("e2e", &["C-s"]);
    t.wait_for("e2e", "已保存：评分");
    t.text("e2e", "3");
    t.keys("e2e", &["Enter"]);
    t.wait_for("e2e", "已评 2/16");

    // Quit: back to the list, then q.
    t.keys("e2e", &["Escape"]);
    t.wait_for("e2e", "厦门某某电子有限公司");
    t.keys("e2e", &["q"]);
    let s = t.wait_for("e2e", "EXITED");
    assert!(s.contains("EXITED 0"), "{s}");

    let store = yanshou::store::Store::open(&data.path().join("yanshou.db")).unwrap();
    let reviews = store.list_reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].enterprise, "厦门某某电子有限公司");
    let r = store.load(reviews[0].id).unwrap();
    assert_eq!(r.card.id, "fujian-2008-acceptance");
    assert_eq!(r.data.experts[0].name, "林海");
    let first = r.data.score(r.data.experts[0].id, "1.1").unwrap();
    assert_eq!((first.points.to_string(), first.reason.as_str()), ("1.5".to_string(), "促进机构人员不全"));
    assert_eq!(r.data.score(r.data.experts[0].id, "1.2").unwrap().points.to_string(), "3");
    let (log, problems) = store.log(r.data.id).unwrap();
    assert!(problems.is_empty());
    assert!(log.iter().all(|e| e.actor == "端到端测试"));
    assert!(Path::new(&data.path().join("yanshou.db")).exists());
}
