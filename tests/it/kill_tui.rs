//! SIGKILL of the terminal app itself, at random moments while a panel types scores and reasons: everything the status
//! line reported 已保存 before the kill is in the database afterwards.
//!
//! The real binary runs in tmux at 80×24, several sessions side by side, each with its own data directory and tmux
//! socket. A session starts the app, opens the review, sends a random batch of saves (expert, item, score, and a reason
//! for every deduction, each a value the app has not saved before in that run, so that a status line names exactly one
//! save), captures the screen every few milliseconds, and after a random delay captures it once more and kills the app
//! at once. What counts as reported saved is only what a capture taken before the kill showed on the status line
//! (`已保存：评分 王建国 1.4：7 分`). The database files are then copied as the kill left them and read: for every
//! score, the value is the last one reported saved, or one typed after it (saved, unreported, before the kill); where
//! none was reported, the value from before, or one typed since. The audit chain is intact. The next run of the app
//! opens the files the kill left, recovering them itself. Some kills land while the app is still starting.
//!
//! YANSHOU_KILLS sets the number of kills (300 by default), YANSHOU_KILL_SESSIONS the sessions side by side (4), and
//! YANSHOU_KILL_SEED the seed of the plan (printed; timing is not replayed, the plan of keys and delays is).
#![cfg(target_os = "linux")]

use crate::common::{self, BIN};
use crate::pty::{self, Tmux, sh_quote};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use yanshou::domain::points::Points;
use yanshou::store::Store;

const SHEET: &str = "fujian-2008-acceptance";
const ENTERPRISE: &str = "泉州某某纺织有限公司";
const EXPERTS: [&str; 3] = ["王建国", "李秀英", "张伟"];
/// The most characters a reason typed here has (`第12345处扣分：台账不全`).
const REASON_CHARS: usize = 16;

/// SplitMix64: small, seeded, enough for a plan.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// In `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

/// A score: tenths and reason.
type Score = (i64, String);
/// (expert, item) → score.
type Scores = BTreeMap<(String, String), Score>;

/// One save typed in a run.
#[derive(Clone, Debug)]
struct Attempt {
    expert: String,
    item: String,
    score: Score,
    /// What the status line says once it is saved.
    status: String,
}

#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    kills_starting: usize,
    typed: usize,
    reported: usize,
    /// Saves in the database that no capture had reported: the kill fell between the commit and the next capture.
    saved_unreported: usize,
    /// Saves typed and neither reported nor in the database: killed before they were made.
    lost_unreported: usize,
}

/// A review on the sheet with three experts and no scores yet, made through the command line.
fn prepare(data: &Path) {
    let id = common::ok(
        data,
        &[
            "review",
            "new",
            "--scorecard",
            SHEET,
            "--enterprise",
            ENTERPRISE,
            "--credit-code",
            "91350100M000100Y43",
            "--date",
            "2026-11-28",
            "--place",
            "泉州",
        ],
    );
    let id = id.trim();
    for (i, name) in EXPERTS.iter().enumerate() {
        let mut args = vec!["review", "panel", id, "add", "--name", name, "--field", "清洁生产"];
        if i == 0 {
            args.push("--lead");
        }
        common::ok(data, &args);
    }
}

/// The scores in the database files as a kill left them: read from a copy, so that the next run of the app recovers
/// the originals itself. The audit chain must be intact.
fn read_after_kill(data: &Path, copy: &Path) -> Scores {
    let _ = fs::remove_dir_all(copy);
    fs::create_dir_all(copy).unwrap();
    for f in ["yanshou.db", "yanshou.db-wal"] {
        if data.join(f).exists() {
            fs::copy(data.join(f), copy.join(f)).unwrap();
        }
    }
    let store = Store::open(&copy.join("yanshou.db")).unwrap();
    let problems = store.verify_log().unwrap();
    assert!(problems.is_empty(), "the audit chain is broken after a kill: {problems:?}");
    let r = store.load(store.list_reviews().unwrap()[0].id).unwrap();
    r.data
        .scores
        .iter()
        .map(|s| {
            let name = r.data.expert(s.expert_id).unwrap().name.clone();
            ((name, s.item_id.clone()), (s.points.tenths(), s.reason.clone()))
        })
        .collect()
}

/// The status line (the second row from the bottom).
fn status_line(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().collect();
    rows.len().checked_sub(2).map_or(String::new(), |i| rows[i].to_string())
}

/// The keys of one save, from the expert now selected (`at`); the expert selected afterwards.
fn keys_of(a: &Attempt, at: usize, max: i64) -> (Vec<String>, usize) {
    let target = EXPERTS.iter().position(|e| *e == a.expert).unwrap();
    let mut keys: Vec<String> = std::iter::repeat_n("Right".to_string(), (target + 3 - at) % 3).collect();
    let value = Points::from_tenths(a.score.0).to_string();
    keys.extend(["g".to_string(), a.item.clone(), "Enter".to_string(), value, "Enter".to_string()]);
    if a.score.0 < max {
        // The reason editor opens with the reason on record, the caret at its end: deleted, then the new one typed.
        keys.extend(std::iter::repeat_n("BSpace".to_string(), REASON_CHARS));
        keys.extend([a.score.1.clone(), "C-s".to_string()]);
    }
    (keys, target)
}

/// Runs the app `kills` times in its own tmux server and data directory, killing it each time.
fn session(index: usize, kills: usize, seed: u64) -> Tally {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    prepare(&data);
    let card = common::catalog().scorecard(SHEET).unwrap();
    let items: Vec<(String, i64)> = card.scored_items().map(|i| (i.id.clone(), i.points.tenths())).collect();
    let max: BTreeMap<&str, i64> = items.iter().map(|(id, m)| (id.as_str(), *m)).collect();
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    let mut model: Scores = BTreeMap::new();
    let mut reasons = 0usize;
    let command = format!(
        "exec env LANG=C.UTF-8 TERM=xterm-256color {} --data-dir {} --actor 断电测试",
        sh_quote(BIN),
        sh_quote(&data.display().to_string())
    );
    for k in 0..kills {
        let socket = format!("yanshou-kill-{}-{index}-{k}", std::process::id());
        let t = Tmux::start(&socket, &command, 80, 24);
        let pid = t.pane_pid().expect("the app runs in the pane");
        let context = |what: &str| format!("session {index} (seed {seed}), kill {k}: {what}");
        let mut attempts: Vec<Attempt> = Vec::new();
        let mut screens: Vec<String> = Vec::new();
        if rng.below(100) < 8 {
            // A kill while the app starts: its opening check, the first frame, the list.
            std::thread::sleep(Duration::from_millis(rng.below(250)));
            screens.push(t.screen());
            pty::kill(pid);
            tally.kills_starting += 1;
        } else {
            t.wait_for(ENTERPRISE);
            t.keys(&["Enter"]);
            t.wait_for("评分专家");
            // Saves, each of a value not saved before in this run, typed one after another with short pauses; the
            // screen is captured every few milliseconds, and once more right before the kill.
            // Half the kills at a random time, half a few milliseconds after a save's keys, while it is being made.
            let planned = 1 + rng.below(10) as usize;
            let mut kill_at = Instant::now() + Duration::from_millis(rng.below(45 * planned as u64 + 60));
            let kill_after = (rng.below(2) == 0).then(|| rng.below(planned as u64) as usize);
            let mut used: BTreeSet<(String, String, i64)> = BTreeSet::new();
            let mut at = 0;
            for _ in 0..planned {
                if Instant::now() >= kill_at {
                    break;
                }
                let expert = EXPERTS[rng.below(3) as usize].to_string();
                let (item, top) = items[rng.below(items.len() as u64) as usize].clone();
                let tenths = loop {
                    let v = rng.below(top as u64 + 1) as i64;
                    if used.insert((expert.clone(), item.clone(), v)) {
                        break v;
                    }
                };
                let reason = if tenths < top {
                    reasons += 1;
                    let r = format!("第{reasons}处扣分：台账不全");
                    assert!(r.chars().count() <= REASON_CHARS);
                    r
                } else {
                    String::new()
                };
                let status = format!("已保存：评分 {expert} {item}：{} 分（", Points::from_tenths(tenths));
                let a = Attempt { expert, item, score: (tenths, reason), status };
                let (keys, next) = keys_of(&a, at, top);
                at = next;
                attempts.push(a);
                t.keys(&keys.iter().map(String::as_str).collect::<Vec<_>>());
                if kill_after == Some(attempts.len() - 1) {
                    kill_at = Instant::now() + Duration::from_millis(rng.below(25));
                }
                let pause = Instant::now() + Duration::from_millis(rng.below(50));
                while Instant::now() < pause.min(kill_at) {
                    screens.push(t.screen());
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
            while Instant::now() < kill_at {
                screens.push(t.screen());
                std::thread::sleep(Duration::from_millis(2));
            }
            screens.push(t.screen());
            pty::kill(pid);
        }
        drop(t);
        tally.kills += 1;
        tally.typed += attempts.len();
        for s in &screens {
            let status = status_line(s);
            assert!(!status.contains("未保存") && !status.contains("失败"), "{}", context(&format!("an error:\n{s}")));
        }
        // Reported saved: the saves whose status line a capture showed.
        let reported: BTreeSet<usize> = attempts
            .iter()
            .enumerate()
            .filter(|(_, a)| screens.iter().any(|s| status_line(s).contains(&a.status)))
            .map(|(i, _)| i)
            .collect();
        tally.reported += reported.len();
        let found = read_after_kill(&data, &dir.path().join("after-kill"));
        let cells: BTreeSet<(String, String)> = model
            .keys()
            .chain(found.keys())
            .cloned()
            .chain(attempts.iter().map(|a| (a.expert.clone(), a.item.clone())))
            .collect();
        for cell in cells {
            let here: Vec<(usize, &Attempt)> =
                attempts.iter().enumerate().filter(|(_, a)| (&a.expert, &a.item) == (&cell.0, &cell.1)).collect();
            let last_reported = here.iter().rposition(|(i, _)| reported.contains(i));
            let mut allowed: Vec<Option<&Score>> = match last_reported {
                Some(j) => here[j..].iter().map(|(_, a)| Some(&a.score)).collect(),
                None => std::iter::once(model.get(&cell)).chain(here.iter().map(|(_, a)| Some(&a.score))).collect(),
            };
            allowed.dedup();
            let got = found.get(&cell);
            let screen = screens.last().cloned().unwrap_or_default();
            assert!(
                allowed.contains(&got),
                "{}",
                context(&format!(
                    "{} {}: the database holds {got:?}; reported saved before the kill: {:?}; allowed: {allowed:?}\n\
                     typed: {attempts:#?}\nthe last screen before the kill:\n{screen}",
                    cell.0,
                    cell.1,
                    last_reported.map(|j| &here[j].1.score)
                ))
            );
            if let Some(j) = here.iter().rposition(|(_, a)| Some(&a.score) == got)
                && !reported.contains(&here[j].0)
            {
                tally.saved_unreported += 1;
            }
            tally.lost_unreported +=
                here.iter().filter(|(i, a)| !reported.contains(i) && Some(&a.score) != got).count();
        }
        // Scores stay within the sheet (a wrong key would show here first).
        for ((_, item), (tenths, _)) in &found {
            assert!(tenths <= &max[item.as_str()], "{}", context(&format!("item {item}: {tenths} tenths")));
        }
        model = found;
    }
    tally
}

#[test]
fn everything_the_status_line_reported_saved_survives_a_sigkill_of_the_app() {
    if !pty::tmux_or_skip("the SIGKILL test of the terminal app") {
        return;
    }
    let kills = env_number("YANSHOU_KILLS", 300) as usize;
    let sessions = (env_number("YANSHOU_KILL_SESSIONS", 4) as usize).clamp(1, kills.max(1));
    let seed = std::env::var("YANSHOU_KILL_SEED").ok().map_or_else(
        || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64,
        |v| v.trim().parse().expect("YANSHOU_KILL_SEED is a number"),
    );
    eprintln!(
        "SIGKILL test: {kills} kills in {sessions} sessions, seed {seed} (YANSHOU_KILL_SEED={seed} replays the plan)"
    );
    let started = Instant::now();
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..sessions)
            .map(|i| {
                let n = kills / sessions + usize::from(i < kills % sessions);
                let s = Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407)).next();
                scope.spawn(move || session(i, n, s))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let total = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>();
    eprintln!(
        "SIGKILL test: {} kills ({} while starting) in {:.1} s; {} saves typed, {} reported saved and all found, \
         {} saved but not yet reported, {} lost before they were saved",
        total(|t| t.kills),
        total(|t| t.kills_starting),
        started.elapsed().as_secs_f64(),
        total(|t| t.typed),
        total(|t| t.reported),
        total(|t| t.saved_unreported),
        total(|t| t.lost_unreported),
    );
    assert_eq!(total(|t| t.kills), kills);
    assert!(kills < 20 || total(|t| t.reported) > 0, "no save was ever reported: the test saw nothing");
}
