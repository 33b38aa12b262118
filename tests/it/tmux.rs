//! The real binary in tmux: a server of its own per test, keys and text sent to a window, the screen read back.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of this test's own (killed when dropped), with `cmd` in session `session` at `width`×`height`.
    pub fn start(name: &str, session: &str, width: u16, height: u16, cmd: &str) -> Tmux {
        let t = Tmux { socket: format!("yanshou-{name}-{}", std::process::id()) };
        let (w, h) = (width.to_string(), height.to_string());
        t.run(&["new-session", "-d", "-s", session, "-x", &w, "-y", &h, cmd]);
        t
    }
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    /// Another window of the session, running `cmd`.
    pub fn window(&self, session: &str, name: &str, cmd: &str) {
        self.run(&["new-window", "-t", session, "-n", name, cmd]);
    }
    pub fn keys(&self, target: &str, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", target, k]);
        }
    }
    pub fn text(&self, target: &str, text: &str) {
        self.run(&["send-keys", "-t", target, "-l", text]);
    }
    pub fn screen(&self, target: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", target])
    }
    /// Waits until the screen shows `what` (the app draws asynchronously), and returns the screen.
    pub fn wait_for(&self, target: &str, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(target);
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("the screen never showed “{what}”:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

/// Whether tmux can be run here; without it a test says so and passes, unless YANSHOU_REQUIRE_TMUX is set (as
/// `.ci/run` does).
pub fn available(what: &str) -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(std::env::var_os("YANSHOU_REQUIRE_TMUX").is_none(), "tmux is required here but not installed");
    eprintln!("tmux not installed: {what} was not run");
    false
}
