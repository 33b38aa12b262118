//! The real binary in a real pseudo-terminal: a tmux server of its own (its own socket, so that tests run side by side)
//! with one session at a fixed size, keys sent as a person types them, and the screen captured as text.
#![cfg(target_os = "linux")]
#![allow(dead_code)]

use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Whether tmux can be used. Without it a test says so and passes, unless YANSHOU_REQUIRE_TMUX is set (as `.ci/run`
/// does): then it fails.
pub fn tmux_or_skip(what: &str) -> bool {
    if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(std::env::var_os("YANSHOU_REQUIRE_TMUX").is_none(), "tmux is required here but not installed");
    eprintln!("tmux not installed: {what} was not run");
    false
}

/// Single quotes for `sh`: the pane's command is run by a shell.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    /// A server on `socket` with one session running `command` (through `sh -c`) in a `width`×`height` terminal.
    pub fn start(socket: &str, command: &str, width: u16, height: u16) -> Tmux {
        let t = Tmux { socket: socket.to_string(), session: "t".to_string() };
        let (w, h) = (width.to_string(), height.to_string());
        let out = t.run(&["new-session", "-d", "-s", &t.session, "-x", &w, "-y", &h, command]);
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        t
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }

    /// Sends keys in one go: each is a tmux key name (`Enter`, `C-s`, `Left`) or else typed as its characters.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` literally.
    pub fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", text]);
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", &self.session]).stdout).into_owned()
    }

    /// Waits until the screen shows `what` (the app draws asynchronously); the screen then.
    pub fn wait_for(&self, what: &str) -> String {
        self.wait_until(what, |s| s.contains(what))
    }

    /// Waits until `done` holds for the screen; `what` names it in the panic.
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("the screen never showed {what}:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The process running in the pane (the app itself when the command `exec`s it), while it runs.
    pub fn pane_pid(&self) -> Option<i32> {
        let out = self.run(&["display-message", "-p", "-t", &self.session, "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Whether process `pid` still exists and is not a zombie.
pub fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rfind(')').and_then(|i| stat[i + 1..].split_whitespace().next().map(str::to_string));
            !matches!(state.as_deref(), Some("Z" | "X") | None)
        }
        Err(_) => false,
    }
}

/// SIGKILL to `pid`, and waits until it is gone.
pub fn kill(pid: i32) {
    // SAFETY: kill has no memory-safety preconditions; `pid` is the app the test started in its pane.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) {
        assert!(Instant::now() < deadline, "process {pid} still runs 10 s after SIGKILL");
        std::thread::sleep(Duration::from_millis(2));
    }
}
