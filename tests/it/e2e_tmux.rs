//! The real binary in a real pseudo-terminal (tmux): type through a short review as a person would, quit, and check
//! the database. Without tmux the test says so and passes, unless YANSHOU_REQUIRE_TMUX is set (as `.ci/run` does).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "e2e", k]);
        }
    }
    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }
    /// Waits until the screen shows `what` (the app draws asynchronously).
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("the screen never showed “{what}”:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

#[test]
fn a_short_review_typed_in_a_real_terminal() {
    if !tmux_available() {
        assert!(std::env::var_os("YANSHOU_REQUIRE_TMUX").is_none(), "tmux is required here but not installed");
        eprintln!("tmux not installed: the end-to-end terminal test was not run");
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_yanshou");
    let t = Tmux { socket: format!("yanshou-e2e-{}", std::process::id()) };
    let cmd = format!(
        "env LANG=C.UTF-8 TERM=xterm-256color {bin} --data-dir '{}' --actor 端到端测试; echo EXITED $?; sleep 30",
        data.path().display()
    );
    t.run(&["new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", &cmd]);
    t.wait_for("欢迎使用");

    // New review: enterprise, credit code, then the sheet picker filtered by province.
    t.keys(&["n"]);
    t.wait_for("新建验收");
    t.text("厦门某某电子有限公司");
    t.keys(&["Tab"]);
    t.text("91350100M000100Y43");
    t.wait_for("✓");
    for _ in 0..6 {
        t.keys(&["Tab"]);
    }
    t.keys(&["Enter"]);
    t.wait_for("选择评分表");
    t.text("福建 验收");
    t.keys(&["Enter"]);
    t.wait_for("福建省清洁生产审核验收评分表");
    t.keys(&["C-s"]);
    t.wait_for("还没有专家");

    // One expert, the lead.
    t.keys(&["a"]);
    t.wait_for("添加专家");
    t.text("林海");
    t.keys(&["Tab", "Tab", "Tab", "l", "C-s"]);
    t.wait_for("林海");

    // Score the first item with a deduction and its reason, the second at full marks.
    t.keys(&["F2"]);
    t.wait_for("评分专家");
    t.text("1.5");
    t.keys(&["Enter"]);
    t.wait_for("扣分原因");
    t.text("促进机构人员不全");
    t.keys(&["C-s"]);
    t.wait_for("已保存：评分");
    t.text("3");
    t.keys(&["Enter"]);
    t.wait_for("已评 2/16");

    // Quit: back to the list, then q.
    t.keys(&["Escape"]);
    t.wait_for("厦门某某电子有限公司");
    t.keys(&["q"]);
    let s = t.wait_for("EXITED");
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
