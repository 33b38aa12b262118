//! A keystroke in the scoring dialog to the fsync'd row and the redrawn frame, measured from outside: the release
//! binary (`cargo bench` builds it with the bench profile) runs in a pseudo-terminal of 80×24 on a data directory
//! holding the demo review; this program writes keys to the terminal and reads the frames back. See BENCHMARKS.md.
//!
//! Each sample is one key written with `write()` to the moment the last byte of the frame it causes is read back
//! (the frame is over when nothing more comes for [`QUIET`]; the quiet time itself is not counted). Three kinds:
//! a digit typed into the score (the dialog redrawn, nothing written), the Enter that saves full marks and the Ctrl-S
//! that saves a deduction with its reason (each a committed transaction with `synchronous=FULL`, then the frame).
//! Beside them, in the same run, the limits: a key echoed through the same kind of pseudo-terminal by `cat`, and one
//! small write and `fdatasync` of a file on the same disk.

use std::ffi::CString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;
use std::time::{Duration, Instant};

use yanshou::store::Store;

/// Saves measured of each kind (full marks with Enter, a deduction with Ctrl-S).
const SAVES: usize = 100;
/// A frame is over when nothing more has come for this long.
const QUIET: Duration = Duration::from_millis(40);

struct Pty {
    master: File,
    child: libc::pid_t,
}

impl Pty {
    /// `argv` run on a new pseudo-terminal of 80×24, with `TERM=xterm-256color`.
    fn spawn(argv: &[&str]) -> Pty {
        let mut master: libc::c_int = 0;
        let mut slave: libc::c_int = 0;
        let size = libc::winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
        // SAFETY: openpty writes two descriptors into the given integers; the size is read only.
        let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        let args: Vec<CString> = argv.iter().map(|a| CString::new(*a).expect("argument")).collect();
        let mut ptrs: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        let env: Vec<CString> = ["TERM=xterm-256color", "LANG=C.UTF-8", "HOME=/nonexistent"]
            .iter()
            .map(|e| CString::new(*e).expect("env"))
            .collect();
        let mut envp: Vec<*const libc::c_char> = env.iter().map(|e| e.as_ptr()).collect();
        envp.push(std::ptr::null());
        // SAFETY: the child calls only async-signal-safe functions before execve.
        let child = unsafe { libc::fork() };
        assert!(child >= 0, "fork");
        if child == 0 {
            unsafe {
                libc::setsid();
                libc::ioctl(slave, libc::TIOCSCTTY, 0);
                libc::dup2(slave, 0);
                libc::dup2(slave, 1);
                libc::dup2(slave, 2);
                libc::close(master);
                libc::close(slave);
                libc::execve(ptrs[0], ptrs.as_ptr(), envp.as_ptr());
                libc::_exit(127);
            }
        }
        // SAFETY: both descriptors are ours; the slave is closed here, the master owned by the File.
        unsafe { libc::close(slave) };
        let master = File::from(unsafe { OwnedFd::from_raw_fd(master) });
        Pty { master, child }
    }

    /// Everything that arrives (the first byte within `first`) until nothing more comes for `quiet`, and when its
    /// last byte came.
    fn read_frame_within(&mut self, first: Duration, quiet: Duration) -> (Vec<u8>, Instant) {
        let mut out = Vec::new();
        let mut last = Instant::now();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&self.master);
        loop {
            let mut p = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
            // The first byte may take long (a slow sync under load); the frame is over after a quiet time.
            let wait = if out.is_empty() { first.as_millis() } else { quiet.as_millis() };
            // SAFETY: one pollfd, valid for the call.
            let n = unsafe { libc::poll(&mut p, 1, wait as libc::c_int) };
            if n <= 0 {
                return (out, last);
            }
            let mut buf = [0u8; 65536];
            match self.master.read(&mut buf) {
                Ok(0) | Err(_) => return (out, last),
                Ok(k) => {
                    last = Instant::now();
                    out.extend_from_slice(&buf[..k]);
                }
            }
        }
    }

    /// Everything that arrives until nothing more comes for `quiet`.
    fn read_frame(&mut self, quiet: Duration) -> (Vec<u8>, Instant) {
        self.read_frame_within(quiet, quiet)
    }

    /// Reads until `what` has been seen (or panics after 20 s with what came).
    fn wait_for(&mut self, what: &str) {
        let mut seen = Vec::new();

        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let (bytes, _) = self.read_frame(Duration::from_millis(100));
            seen.extend_from_slice(&bytes);
            if plain(&seen).contains(what) {
                return;
            }
        }
        panic!("{what:?} never came: {}", plain(&seen));
    }

    /// Writes a key, then reads its frame: the time from the write to the frame's last byte, and the bytes.
    fn key(&mut self, bytes: &[u8]) -> (Duration, Vec<u8>) {
        let t = Instant::now();
        self.master.write_all(bytes).expect("write key");
        let (out, last) = self.read_frame_within(Duration::from_secs(5), QUIET);
        if std::env::var_os("YANSHOU_BENCH_DEBUG").is_some() {
            eprintln!("key {bytes:?} → {:?}", plain(&out));
        }
        (last.saturating_duration_since(t), out)
    }

    /// Writes keys one at a time, each after the previous one's frame, untimed.
    fn keys(&mut self, keys: &[&[u8]]) {
        for k in keys {
            self.key(k);
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // SAFETY: our own child.
        unsafe {
            libc::kill(self.child, libc::SIGKILL);
            libc::waitpid(self.child, std::ptr::null_mut(), 0);
        }
    }
}

/// The text of terminal output without its control sequences (cursor moves, colours), so that words drawn a cell at
/// a time read as words.
fn plain(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            Some('(' | ')' | 'O') => {
                chars.next();
            }
            _ => {}
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}: n={} p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.9)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().expect("samples"))
    );
}

/// The floor of a file write made durable on this disk: 8 bytes written at the end of a file and `fdatasync`.
fn fsync_floor(dir: &Path) -> Vec<Duration> {
    let mut f = File::create(dir.join("fsync-floor")).expect("file");
    (0..200)
        .map(|_| {
            let t = Instant::now();
            f.write_all(b"12345678").expect("write");
            f.sync_data().expect("fdatasync");
            t.elapsed()
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // Another program may stand in for the binary (a script that runs it under strace, say).
    let bin = std::env::var("YANSHOU_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_yanshou").to_string());
    let bin = bin.as_str();
    let dir =
        tempfile::Builder::new().prefix("yanshou-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("scratch");
    let data = dir.path().join("data");
    let (catalog, errors) = yanshou::builtin::load_catalog(None);
    assert!(errors.is_empty(), "{errors:?}");
    let (id, item, max) = {
        let mut store = Store::open_in(&data).expect("store");
        store.set_actor("基准测试");
        let id = yanshou::tui::demo::load(&mut store, &catalog).expect("demo review");
        let card = store.load(id).expect("load").card;
        let two = yanshou::domain::points::Points::parse("2").expect("2");
        let item = card.items.iter().find(|i| i.scored && i.points >= two).expect("a scored item of 2 points or more");
        (id, item.id.clone(), item.points)
    };
    let entries_before = Store::open(&data.join("yanshou.db")).expect("open").log(id).expect("log").0.len();
    let full = max.to_string();
    let less = (max - yanshou::domain::points::Points::parse("1").expect("1")).to_string();
    eprintln!("scoring item {item} (full marks {full}; the deduction {less}) of review {id} in {}", data.display());

    let data_arg = data.display().to_string();
    let mut app = Pty::spawn(&[bin, "--data-dir", &data_arg, "--actor", "基准测试"]);
    app.wait_for("福建闽江精细化工");
    app.read_frame(Duration::from_millis(500));
    // Enter opens the review; F2 is its scoring page.
    app.master.write_all(b"\r").expect("Enter");
    std::thread::sleep(Duration::from_millis(300));
    app.master.write_all(b"\x1bOQ").expect("F2");
    app.wait_for("评分专家");
    app.read_frame(Duration::from_millis(300));

    let (mut digits, mut enters, mut saves) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..2 * SAVES {
        // To the item (untimed): g, its number, Enter.
        app.keys(&[b"g"]);
        for b in item.bytes() {
            app.key(&[b]);
        }
        app.keys(&[b"\r"]);
        // The demo has full marks there: the first save is a deduction, so that every save changes the row.
        let score = if n % 2 == 1 { &full } else { &less };
        // The first digit opens the dialog with it; each further one is typed into the score.
        let mut chars = score.bytes();
        let first = chars.next().expect("a digit");
        app.key(&[first]);
        for c in chars {
            let (took, out) = app.key(&[c]);
            assert!(!out.is_empty(), "no frame after a digit");
            digits.push(took);
        }
        // A backspace and the last character again: one more digit typed into the open dialog.
        app.key(b"\x7f");
        let (took, out) = app.key(&[*score.as_bytes().last().expect("a digit")]);
        assert!(!out.is_empty(), "no frame after a digit");
        digits.push(took);
        if n % 2 == 1 {
            let (took, out) = app.key(b"\r");
            assert!(!out.is_empty(), "no frame after saving full marks");
            enters.push(took);
        } else {
            app.key(b"\r");
            app.keys(&[b"x"]);
            let (took, out) = app.key(b"\x13");
            assert!(!out.is_empty(), "no frame after saving a deduction");
            saves.push(took);
        }
    }
    app.keys(&[b"\x1b", b"\x1b", b"q"]);
    drop(app);
    // Every save is in the review's log: one entry each (the frames are only known to be non-empty).
    let entries_after = Store::open(&data.join("yanshou.db")).expect("open").log(id).expect("log").0.len();
    assert_eq!(entries_after, entries_before + 2 * SAVES, "{entries_before} → {entries_after} log entries");

    report("keystroke/digit_in_the_score_dialog_to_frame", digits);
    report("keystroke/enter_full_marks_to_fsynced_row_and_frame", enters.clone());
    report("keystroke/ctrl_s_deduction_to_fsynced_row_and_frame", saves.clone());
    let mut both = enters;
    both.extend(saves);
    report("keystroke/save_either_kind_to_fsynced_row_and_frame", both);

    // The limits, in the same run: a key through a pseudo-terminal and back (cat echoes it), and one durable write.
    let mut echo = Pty::spawn(&["/bin/cat"]);
    echo.read_frame(Duration::from_millis(200));
    let samples = (0..400).map(|i| echo.key(&[b'0' + (i % 10) as u8]).0).collect();
    report("limit/key_echoed_through_a_pty_by_cat", samples);
    drop(echo);
    report("limit/write_8_bytes_and_fdatasync_same_disk", fsync_floor(dir.path()));
}
