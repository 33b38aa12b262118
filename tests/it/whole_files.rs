//! Files written whole or not at all (issue “Tamper evidence end to end”, findings 6 and 7): every file yanshou
//! writes goes to a temporary name beside its final one and is renamed into place, so a full disk or a SIGKILL leaves
//! nothing under the final name, and a command can simply be run again; what a killed run left (temporary names
//! carrying its process id) is removed by the next run that writes into that folder and named on stderr, and what
//! might still be in use, or might be the user's, is only named.
#![cfg(unix)]

use crate::common;
use crate::faults::{World, file_size_limited, fill, kill_group, refused, small_disk};

use common::{ok, yanshou};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use yanshou::bundle::keys::{self, Passphrase};
use yanshou::bundle::roster::Roster;
use yanshou::bundle::verify::{read, verify};
use zeroize::Zeroizing;

const PASSPHRASE: &str = "correct horse battery";

fn pw() -> Passphrase {
    Zeroizing::new(PASSPHRASE.to_string())
}

/// The temporary names of ours in `dir`: what a killed run leaves behind.
pub(crate) fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_str().is_some_and(|n| yanshou::files::temp_pid(n).is_some()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn succeeded(out: Output, what: &str) -> String {
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{what} failed ({:?}): {stderr}", out.status);
    stderr
}

/// A small random number generator, seeded from the clock (or `YANSHOU_KILL_SEED`, to replay a run), whose seed is
/// printed.
struct Rng(u64);

impl Rng {
    fn seeded(what: &str) -> Rng {
        let seed = std::env::var("YANSHOU_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        });
        eprintln!("{what}: kill moments from YANSHOU_KILL_SEED={seed}");
        Rng(seed | 1)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A moment to kill a run that takes `took` uninterrupted: half of them anywhere in it (and a little after), half
    /// near its end, where the files are written and renamed.
    fn moment(&mut self, took: Duration) -> Duration {
        let u = self.unit();
        took.mul_f64(if self.unit() < 0.5 { u * 1.25 } else { 0.8 + u * 0.3 })
    }
}

/// Runs `cmd` in its own process group and sends the group SIGKILL after `delay`, unless it ended first; returns
/// whether it ended by itself.
fn killed_after(cmd: &mut Command, delay: Duration) -> bool {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).process_group(0).spawn().unwrap();
    std::thread::sleep(delay);
    if child.try_wait().unwrap().is_some() {
        return true;
    }
    kill_group(&mut child);
    false
}

/// The shortest of three uninterrupted runs (others may be running on the machine); `run` must succeed.
fn shortest(mut run: impl FnMut(usize) -> Output) -> Duration {
    (0..3)
        .map(|n| {
            let started = Instant::now();
            succeeded(run(n), "the uninterrupted run");
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// A process id that no process has now: a child that has ended and been waited for.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A process that runs until the test is over.
struct Running(Child);

impl Running {
    fn start() -> Running {
        Running(Command::new("sleep").arg("600").spawn().unwrap())
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }

    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

fn key_new(data: &Path, dir: &Path, name: &str, pass: &Path) -> Command {
    let mut c = yanshou(data);
    c.args(["key", "new", "--name", name, "--dir"]).arg(dir).arg("--passphrase-file").arg(pass);
    c
}

/// Finding 6: `key new` on a full disk left an empty `NAME.key`, and once space was freed `key new` refused because
/// the file “already exists”. Now nothing is left under either name (nor a temporary file), and the second try works.
#[test]
fn key_new_on_a_full_disk_leaves_no_file_and_works_once_there_is_room() {
    let w = World::new();
    let data = w.root.join("data");
    let mut ran = Vec::new();

    // Each write past 64 bytes fails (EFBIG), as on a full disk. Works as any user.
    let dir = w.root.join("limited-keys");
    fs::create_dir_all(&dir).unwrap();
    let out = file_size_limited(key_new(&data, &dir, "王建国", &w.pass()), 64).output().unwrap();
    let msg = refused(&out, "key new past the file size limit");
    assert!(msg.contains("王建国.key") && msg.contains("nothing was written under that name"), "{msg}");
    assert_eq!(names(&dir), Vec::<String>::new(), "a file was left behind");
    let stdout = ok(
        &data,
        &[
            "key",
            "new",
            "--name",
            "王建国",
            "--dir",
            &dir.display().to_string(),
            "--passphrase-file",
            &w.pass().display().to_string(),
        ],
    );
    assert!(stdout.contains("王建国.key"), "{stdout}");
    assert_eq!(names(&dir), ["王建国.key", "王建国.pub"]);
    assert_eq!(fs::metadata(dir.join("王建国.key")).unwrap().permissions().mode() & 0o777, 0o600);
    keys::open_secret(&dir.join("王建国.key"), &pw()).unwrap();
    keys::read_public(&dir.join("王建国.pub")).unwrap();
    ran.push("RLIMIT_FSIZE");

    // A small file system with no room left at all (as root, where this container may mount one).
    let disk = w.root.join("disk");
    if let Some(_mount) = small_disk(&disk, "1m") {
        let dir = disk.join("keys");
        fs::create_dir_all(&dir).unwrap();
        let filler = fill(&disk, 0);
        let out = key_new(&data, &dir, "李秀英", &w.pass()).output().unwrap();
        let msg = refused(&out, "key new on a full disk");
        assert!(msg.contains("No space left on device") && msg.contains("the disk is full"), "{msg}");
        assert_eq!(names(&dir), Vec::<String>::new(), "a file was left on the full disk");
        fs::remove_file(filler).unwrap();
        succeeded(key_new(&data, &dir, "李秀英", &w.pass()).output().unwrap(), "key new after freeing space");
        assert_eq!(names(&dir), ["李秀英.key", "李秀英.pub"]);
        keys::open_secret(&dir.join("李秀英.key"), &pw()).unwrap();
        ran.push("full tmpfs");
    } else {
        eprintln!(
            "note: cannot mount a tmpfs here (not root, or not allowed): the full-disk case uses RLIMIT_FSIZE only"
        );
    }
    eprintln!("key new on a full disk: ran {ran:?}");
}

/// The same for a compilation (a workbook and its CSV file) and a new roster (the roster and its signature): on a
/// full disk neither file of the pair is left, and the command works once there is room.
#[test]
fn compile_and_roster_new_on_a_full_disk_leave_neither_file_of_the_pair() {
    let w = World::new();
    let (unit, _) = support_unit(&w);
    let out_dir = w.root.join("results");
    fs::create_dir_all(&out_dir).unwrap();
    let (xlsx, csv) = (out_dir.join("汇总.xlsx"), out_dir.join("汇总.csv"));
    let compile = || {
        let mut c = yanshou(&unit);
        c.args(["compile", "--out"]).arg(&xlsx).arg("--csv").arg(&csv);
        c
    };
    // The workbook (about 10 kB) does not fit under the limit: neither file is left. Another connection
    // stays open (as the terminal app would), so that the database's shared-memory index exists already and the limit
    // bites where the results are written.
    let keep = rusqlite::Connection::open(unit.join("yanshou.db")).unwrap();
    let _: i64 = keep.query_row("SELECT count(*) FROM imports", [], |r| r.get(0)).unwrap();
    let out = file_size_limited(compile(), 2048).output().unwrap();
    let msg = refused(&out, "compile past the file size limit");
    assert!(msg.contains("汇总.xlsx") && msg.contains("nothing was written under that name"), "{msg}");
    assert_eq!(names(&out_dir), Vec::<String>::new());
    drop(keep);
    succeeded(compile().output().unwrap(), "compile with room");
    assert_eq!(names(&out_dir), ["汇总.csv", "汇总.xlsx"]);

    let roster = w.root.join("trust").join("roster.json");
    fs::create_dir_all(roster.parent().unwrap()).unwrap();
    let roster_new = || {
        let mut c = yanshou(&unit);
        c.args(["roster", "new", "--out"]).arg(&roster).arg("--issuer-key").arg(w.root.join("keys/unit.key"));
        c.arg("--passphrase-file").arg(w.pass());
        c
    };
    // The roster (about 150 bytes) fits, its signature does not.
    let out = file_size_limited(roster_new(), 200).output().unwrap();
    let msg = refused(&out, "roster new past the file size limit");
    assert!(msg.contains("roster.json.minisig"), "{msg}");
    assert_eq!(names(roster.parent().unwrap()), Vec::<String>::new());
    succeeded(roster_new().output().unwrap(), "roster new with room");
    assert_eq!(names(roster.parent().unwrap()), ["roster.json", "roster.json.minisig"]);
    Roster::load(&roster, &keys::read_public(&w.issuer()).unwrap()).unwrap();
}

/// A support unit's data directory with one imported bundle, and the bundle.
fn support_unit(w: &World) -> (PathBuf, PathBuf) {
    let panel = w.panel();
    let id = w.signed_review(&panel, "福建某某化工有限公司");
    let bundle = w.root.join("bundle");
    ok(&panel, &["export", &id.to_string(), "--out", &bundle.display().to_string()]);
    let unit = w.root.join("unit");
    let (roster, issuer) = (w.roster_path().display().to_string(), w.issuer().display().to_string());
    ok(&unit, &["import", &bundle.display().to_string(), "--roster", &roster, "--issuer", &issuer]);
    (unit, bundle)
}

/// Checks that each leftover found after a kill is named as removed on the next run's stderr, and that none is left.
fn cleared(stderr: &str, leftovers: &[PathBuf], dir: &Path, label: &str) {
    for l in leftovers {
        let note = format!("note: removed {}, left by an interrupted yanshou run", l.display());
        assert!(stderr.contains(&note), "{label}: the next run does not say it removed {}:\n{stderr}", l.display());
    }
    assert_eq!(temporaries(dir), Vec::<PathBuf>::new(), "{label}: leftovers stay after the next run");
}

/// Finding 7: a killed export left `<out>.partial` folders (45 after 81 kills) that nobody named. Killed at random
/// moments, an export leaves under its final name a whole bundle that verifies, or nothing; what it leaves under a
/// temporary name is removed by the next export into that folder, which says so; and that export works, under the
/// same name if the killed one never got there.
#[test]
fn a_killed_export_leaves_no_half_bundle_and_the_next_export_there_clears_what_it_left() {
    let w = World::new();
    let panel = w.panel();
    let id = w.signed_review(&panel, "福建某某纸业有限公司").to_string();
    let usb = w.usb();
    let roster = w.roster();
    let export = |out: &Path| {
        let mut c = yanshou(&panel);
        c.args(["export", &id, "--out"]).arg(out);
        c
    };
    let took = shortest(|n| {
        let out = usb.join(format!("timed-{n}"));
        let o = export(&out).output().unwrap();
        let _ = fs::remove_dir_all(&out);
        o
    });
    let mut rng = Rng::seeded("export");
    let (mut whole, mut left, mut ended) = (0, 0, 0);
    let rounds = 40;
    for round in 0..rounds {
        let out = usb.join(format!("验收包-{round}"));
        let delay = rng.moment(took);
        let label = format!("round {round}, killed after {delay:?} (an export takes {took:?})");
        let finished = killed_after(&mut export(&out), delay);
        ended += finished as usize;
        if out.exists() {
            let b = read(&out).unwrap_or_else(|e| panic!("{label}: a half bundle under the final name: {e}"));
            let v = verify(&b, &roster);
            assert!(v.accepted, "{label}: the bundle under the final name does not verify: {:?}", v.problems);
            whole += 1;
        }
        let leftovers = temporaries(&usb);
        assert!(leftovers.len() <= 1, "{label}: more than this run's leftover: {leftovers:?}");
        if finished {
            assert!(out.exists() && leftovers.is_empty(), "{label}: a finished export left {leftovers:?}");
        }
        left += leftovers.len();
        let next = if out.exists() { usb.join(format!("again-{round}")) } else { out.clone() };
        let stderr = succeeded(export(&next).output().unwrap(), &format!("{label}: the next export"));
        cleared(&stderr, &leftovers, &usb, &label);
        let v = verify(&read(&next).unwrap(), &roster);
        assert!(v.accepted, "{label}: {:?}", v.problems);
        for d in [&out, &next] {
            let _ = fs::remove_dir_all(d);
        }
    }
    eprintln!(
        "export: {rounds} kills (an export takes {took:?}): {whole} left a whole bundle under the final name ({ended} \
         had finished), {left} a temporary folder, which the next export removed; none left a half bundle"
    );
}

/// A killed compilation, roster change or key generation leaves whole files or none under the final names; the next
/// run into the folder removes what the killed one left under temporary names, and says so.
#[test]
fn a_killed_compile_roster_add_or_key_new_leaves_no_half_file_and_the_next_run_clears_what_it_left() {
    let w = World::new();
    let (unit, _) = support_unit(&w);
    let usb = w.usb();
    let mut report = Vec::new();

    // Compile: the workbook and its CSV file.
    let compile = |name: &str| {
        let mut c = yanshou(&unit);
        c.args(["compile", "--out"])
            .arg(usb.join(format!("{name}.xlsx")))
            .arg("--csv")
            .arg(usb.join(format!("{name}.csv")));
        c
    };
    let took = shortest(|n| {
        let o = compile(&format!("timed-{n}")).output().unwrap();
        for x in ["xlsx", "csv"] {
            let _ = fs::remove_file(usb.join(format!("timed-{n}.{x}")));
        }
        o
    });
    let whole_csv = {
        succeeded(compile("reference").output().unwrap(), "compile");
        fs::read(usb.join("reference.csv")).unwrap()
    };
    let mut rng = Rng::seeded("compile");
    let (mut whole, mut left) = (0, 0);
    for round in 0..25 {
        let name = format!("汇总-{round}");
        let delay = rng.moment(took);
        let label = format!("compile round {round}, killed after {delay:?} (it takes {took:?})");
        killed_after(&mut compile(&name), delay);
        let (xlsx, csv) = (usb.join(format!("{name}.xlsx")), usb.join(format!("{name}.csv")));
        if csv.exists() {
            assert_eq!(fs::read(&csv).unwrap(), whole_csv, "{label}: a half CSV file under the final name");
        }
        if xlsx.exists() {
            use calamine::Reader;
            let wb = calamine::open_workbook_auto(&xlsx);
            let sheets = wb.unwrap_or_else(|e| panic!("{label}: a half workbook: {e}")).sheet_names();
            assert!(sheets.iter().any(|s| s == "全部"), "{label}: {sheets:?}");
            whole += 1;
        }
        let leftovers = temporaries(&usb);
        assert!(leftovers.len() <= 2, "{label}: {leftovers:?}");
        left += leftovers.len();
        let next = if xlsx.exists() || csv.exists() { format!("again-{round}") } else { name.clone() };
        let stderr = succeeded(compile(&next).output().unwrap(), &format!("{label}: the next compile"));
        cleared(&stderr, &leftovers, &usb, &label);
    }
    report.push(format!("compile: 25 kills ({took:?} each): {whole} whole workbooks, {left} temporary files cleared"));

    // Roster add: the roster and its signature are replaced in place, each whole; the roster loads as before or after.
    let trust = usb.join("trust");
    fs::create_dir_all(&trust).unwrap();
    let roster = trust.join("roster.json");
    fs::copy(w.roster_path(), &roster).unwrap();
    fs::copy(w.root.join("roster.json.minisig"), trust.join("roster.json.minisig")).unwrap();
    let issuer = keys::read_public(&w.issuer()).unwrap();
    let new_public = |n: usize| {
        let kp = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let path = w.root.join(format!("expert-{n}.pub"));
        fs::write(&path, format!("untrusted comment: test key\n{}\n", kp.pk.to_base64())).unwrap();
        path
    };
    let add = |public: &Path, name: &str| {
        let mut c = yanshou(&unit);
        c.args(["roster", "add"]).arg(&roster).arg("--issuer-key").arg(w.root.join("keys/unit.key"));
        c.args(["--name", name, "--unit", "某研究院", "--valid-from", "2026-01-01", "--valid-until", "2030-12-31"]);
        c.arg("--public-key").arg(public).arg("--passphrase-file").arg(w.pass());
        c
    };
    let mut n = 0;
    let took = shortest(|_| {
        n += 1;
        add(&new_public(n), &format!("计时{n}")).output().unwrap()
    });
    let mut rng = Rng::seeded("roster add");
    let (mut added, mut left, mut torn) = (0, 0, 0);
    for round in 0..15 {
        let label = format!("roster add round {round}");
        let before = Roster::load(&roster, &issuer).unwrap().entries.len();
        let saved = (fs::read(&roster).unwrap(), fs::read(trust.join("roster.json.minisig")).unwrap());
        let public = new_public(100 + round);
        let delay = rng.moment(took);
        killed_after(&mut add(&public, &format!("专家{round}")), delay);
        match Roster::load(&roster, &issuer) {
            Ok(r) => {
                assert!([before, before + 1].contains(&r.entries.len()), "{label}: {} entries", r.entries.len());
                added += (r.entries.len() > before) as usize;
            }
            Err(e) => {
                // Only a kill between the two renames, microseconds apart, can part the roster from its signature;
                // each file is whole even then.
                torn += 1;
                let _: Roster = serde_json::from_slice(&fs::read(&roster).unwrap())
                    .unwrap_or_else(|_| panic!("{label}: a half roster under the final name ({e})"));
                fs::write(&roster, &saved.0).unwrap();
                fs::write(trust.join("roster.json.minisig"), &saved.1).unwrap();
            }
        }
        let leftovers = temporaries(&trust);
        left += leftovers.len();
        let again = new_public(200 + round);
        let stderr = succeeded(add(&again, &format!("再加{round}")).output().unwrap(), &format!("{label}: again"));
        cleared(&stderr, &leftovers, &trust, &label);
    }
    assert!(torn <= 1, "the roster and its signature were parted {torn} times in 15 kills");
    report.push(format!(
        "roster add: 15 kills ({took:?} each): {added} landed, {left} temporary files cleared, {torn} torn"
    ));

    // Key new: a key pair, the secret key owner-only.
    let dir = usb.join("keys");
    let took = shortest(|n| key_new(&unit, &dir, &format!("计时{n}"), &w.pass()).output().unwrap());
    let mut rng = Rng::seeded("key new");
    let (mut made, mut left, mut torn) = (0, 0, 0);
    for round in 0..12 {
        let name = format!("专家{round}");
        let label = format!("key new round {round}");
        let delay = rng.moment(took);
        killed_after(&mut key_new(&unit, &dir, &name, &w.pass()), delay);
        let (secret, public) = (dir.join(format!("{name}.key")), dir.join(format!("{name}.pub")));
        if secret.exists() {
            assert_eq!(fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600, "{label}");
            keys::open_secret(&secret, &pw()).unwrap_or_else(|e| panic!("{label}: a half secret key: {e}"));
        }
        if public.exists() {
            keys::read_public(&public).unwrap_or_else(|e| panic!("{label}: a half public key: {e}"));
        }
        match (secret.exists(), public.exists()) {
            (true, true) => made += 1,
            (false, false) => {}
            _ => torn += 1,
        }
        let leftovers = temporaries(&dir);
        left += leftovers.len();
        let next = if secret.exists() || public.exists() { format!("{name}-又") } else { name.clone() };
        let stderr = succeeded(key_new(&unit, &dir, &next, &w.pass()).output().unwrap(), &format!("{label}: again"));
        cleared(&stderr, &leftovers, &dir, &label);
    }
    assert!(torn <= 1, "a key's two files were parted {torn} times in 12 kills");
    report.push(format!(
        "key new: 12 kills ({took:?} each): {made} pairs made, {left} temporary files cleared, {torn} torn"
    ));
    eprintln!("{report:#?}");
}

/// What the next run does with each kind of leftover, exactly: a temporary name whose writer no longer runs is
/// removed and named; one whose writer runs is left and named; an earlier version's `<out>.partial` bundle folder is
/// named only; the user's own files, even with similar names, are neither touched nor named.
#[test]
fn leftovers_are_removed_or_named_by_the_next_run_that_writes_there() {
    let w = World::new();
    let (unit, _) = support_unit(&w);
    let usb = w.usb();
    let dead = dead_pid();
    let mut live = Running::start();
    let lp = live.pid();
    let dead_bundle = usb.join(format!("验收包.yanshou-{dead}-1.partial"));
    fs::create_dir_all(dead_bundle.join("signatures")).unwrap();
    fs::write(dead_bundle.join("payload.json"), "{\"format\"").unwrap();
    let dead_xlsx = usb.join(format!("汇总.xlsx.yanshou-{dead}-2.partial"));
    fs::write(&dead_xlsx, "PK").unwrap();
    let live_csv = usb.join(format!("汇总.csv.yanshou-{lp}-1.partial"));
    fs::write(&live_csv, "\u{feff}审核").unwrap();
    let old = usb.join("旧验收包.partial");
    fs::create_dir_all(old.join("keys")).unwrap();
    fs::write(old.join("payload.json"), "{").unwrap();
    fs::write(old.join("验收意见.html"), "<html>").unwrap();
    let user_dir = usb.join("照片.partial");
    fs::create_dir_all(&user_dir).unwrap();
    fs::write(user_dir.join("现场.jpg"), "jpg").unwrap();
    let user_files = [format!("笔记.yanshou-{dead}-1.partial.txt"), "说明.partial".into(), "汇总.xlsx".into()];
    for f in &user_files {
        fs::write(usb.join(f), "mine").unwrap();
    }

    let panel = w.panel();
    let review = yanshou::store::Store::open_in(&panel).unwrap().list_reviews().unwrap()[0].id.to_string();
    let out = usb.join("新验收包");
    let export = yanshou(&panel).args(["export", &review, "--out", &out.display().to_string()]).output().unwrap();
    let stderr = succeeded(export, "export");
    let notes: Vec<&str> = stderr.lines().collect();
    let want = [
        format!(
            "note: left {} alone: process {lp}, which wrote it, still runs on this computer; if no yanshou is writing there, delete it",
            live_csv.display()
        ),
        format!(
            "note: {} is a half-written bundle left by an interrupted export; it was not removed: delete it if no export is running",
            old.display()
        ),
        format!(
            "note: removed {}, left by an interrupted yanshou run (process {dead}, which no longer runs)",
            dead_xlsx.display()
        ),
        format!(
            "note: removed {}, left by an interrupted yanshou run (process {dead}, which no longer runs)",
            dead_bundle.display()
        ),
    ];
    let mut got: Vec<String> = notes.iter().map(|s| s.to_string()).collect();
    got.sort();
    let mut want = want.to_vec();
    want.sort();
    assert_eq!(got, want, "{stderr}");
    assert!(!dead_bundle.exists() && !dead_xlsx.exists());
    assert!(live_csv.exists() && old.join("payload.json").exists() && user_dir.join("现场.jpg").exists());
    for f in &user_files {
        assert_eq!(fs::read_to_string(usb.join(f)).unwrap(), "mine", "{f}");
    }
    assert!(read(&out).is_ok());

    // The writer has ended: the next compilation into the folder removes its file.
    live.stop();
    let compile = yanshou(&unit).args(["compile", "--csv"]).arg(usb.join("新汇总.csv")).output().unwrap();
    let stderr = succeeded(compile, "compile");
    assert!(
        stderr.contains(&format!(
            "note: removed {}, left by an interrupted yanshou run (process {lp}",
            live_csv.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("note: {} is a half-written bundle", old.display())), "{stderr}");
    assert!(!live_csv.exists());

    // A secret key's temporary file in the keys folder, and a roster signature's beside the roster.
    let keys_dir = w.root.join("keys");
    let secret_left = keys_dir.join(format!("王建国.key.yanshou-{dead}-1.partial"));
    fs::write(&secret_left, "untrusted comment: half").unwrap();
    fs::set_permissions(&secret_left, fs::Permissions::from_mode(0o600)).unwrap();
    let stderr = succeeded(key_new(&unit, &keys_dir, "新专家", &w.pass()).output().unwrap(), "key new");
    assert!(stderr.contains(&format!("note: removed {}", secret_left.display())), "{stderr}");
    assert!(!secret_left.exists() && keys_dir.join("新专家.key").exists());
    let sig_left = w.root.join(format!("roster.json.minisig.yanshou-{dead}-3.partial"));
    fs::write(&sig_left, "untrusted comment: half").unwrap();
    let revoke = yanshou(&unit)
        .args(["roster", "revoke"])
        .arg(w.roster_path())
        .arg("--issuer-key")
        .arg(w.root.join("keys/unit.key"))
        .arg("--key-id")
        .arg(&w.roster().entries[0].key_id)
        .arg("--passphrase-file")
        .arg(w.pass())
        .output()
        .unwrap();
    let stderr = succeeded(revoke, "roster revoke");
    assert!(stderr.contains(&format!("note: removed {}", sig_left.display())), "{stderr}");
    assert!(!sig_left.exists() && w.roster().entries[0].revoked);
}
