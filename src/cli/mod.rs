//! Command-line interface. Parses arguments, loads the catalog, calls the domain and prints text or JSON.
//! Refused input prints a plain message on stderr and exits with status 1; nothing is changed. An argument that
//! cannot be read as its type (a missing or unknown argument, a review id that is not a whole number from 1) is
//! clap's usage error, status 2, also with nothing changed.

mod report;
mod review;
mod scorecards;
mod signing;
mod text;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};

use yanshou::builtin::load_catalog;
use yanshou::domain::scorecard::Catalog;
use yanshou::domain::scoring::{EvaluationInput, evaluate};
use yanshou::paths::{ENV_DATA_DIR, data_dir};

#[derive(Parser, Debug)]
#[command(
    name = "yanshou",
    version,
    about = "清洁生产审核验收 — on-site acceptance reviews of clean-production audits"
)]
struct Cli {
    /// The data directory (default: $YANSHOU_DATA_DIR, else the platform's data directory, e.g. ~/.local/share/yanshou).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// Who is recorded in the audit log (default: $YANSHOU_ACTOR, else the login name).
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List, show and validate score sheets.
    Scorecards {
        #[command(subcommand)]
        command: ScorecardsCommand,
    },
    /// Reviews: enterprise, panel, recusals, scores, vetoes, opinion; finalize and the audit log.
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// Expert and support-unit keys (Ed25519, minisign format).
    Key {
        #[command(subcommand)]
        command: signing::KeyCommand,
    },
    /// The support unit's signed roster of trusted expert keys.
    Roster {
        #[command(subcommand)]
        command: signing::RosterCommand,
    },
    /// Write a finalized, signed review as a bundle for the USB stick.
    Export {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        review: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Verify a bundle: every byte, every signature against the roster, and a recomputation of the result.
    Verify {
        bundle: PathBuf,
        /// The roster (default: <data dir>/trust/roster.json).
        #[arg(long)]
        roster: Option<PathBuf>,
        /// The support unit's public key that signs the roster (default: <data dir>/trust/issuer.pub).
        #[arg(long)]
        issuer: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Import verified bundles (one transaction each); anything that fails goes to the quarantine with the reason.
    Import {
        #[arg(required = true)]
        bundles: Vec<PathBuf>,
        #[arg(long)]
        roster: Option<PathBuf>,
        #[arg(long)]
        issuer: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List imported bundles (current and superseded).
    Imports {
        #[arg(long)]
        json: bool,
    },
    /// Compile the imported reviews: one row per review, a sheet per province, disagreement and leniency.
    Compile {
        /// The workbook to write (.xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also (or only) write the table of all reviews as CSV (UTF-8 with BOM).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Replace --out and --csv if they already exist.
        #[arg(long)]
        force: bool,
    },
    /// List the quarantine.
    Quarantine {
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a panel's scores on a sheet: total, grade, pass or fail, vetoes.
    Evaluate {
        /// The sheet's id (see `yanshou scorecards list`).
        #[arg(long)]
        scorecard: String,
        /// A JSON file with the experts' scores, or - for standard input.
        #[arg(long, value_name = "FILE|-")]
        input: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ScorecardsCommand {
    /// List every loaded sheet.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one sheet: sections, items, facts, bonuses, vetoes, grades, notes and the province's panel rules.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate the built-in sheets (and the data directory's), or the named files.
    Validate { files: Vec<PathBuf> },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A usage error echoes what was typed: show control characters as codes, not as terminal commands.
            eprint!("{}", printable(&e.render().to_string()));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("yanshou: {}", printable(&report::message(&e)));
            ExitCode::from(1)
        }
    }
}

/// A message without the ` (os error 2)` codes that the system's error texts carry: the words say it already.
pub(crate) fn without_os_codes(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(at) = rest.find(" (os error ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find(')') {
            Some(end) => rest = &rest[end + 1..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// A message as it may be printed on a terminal: control characters (but line breaks) and invisible formatting
/// characters that came from the input are shown as `<U+001B>`, so that an escape sequence in a refused value
/// cannot recolour or rewrite the screen.
pub(crate) fn printable(msg: &str) -> String {
    msg.chars()
        .map(|c| {
            if (c.is_control() && c != '\n') || yanshou::domain::text::is_invisible(c) {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A review id or a sign-in entry's id: a whole number from 1, typed with half-width digits.
pub(crate) fn parse_id(s: &str) -> std::result::Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("it is empty; give a whole number such as 1".into());
    }
    if let Some(h) = yanshou::domain::text::half_width(t) {
        return Err(format!("“{t}” is typed with full-width characters; type half-width digits: {h}"));
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{t}” is not a whole number; ids are whole numbers from 1"));
    }
    match t.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err(format!("{t} is not an id; ids are whole numbers from 1")),
        Err(_) => Err(format!("{t} is too large to be an id")),
    }
}

/// What an I/O error means, in plain words.
pub(crate) fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "there is no such file or folder".into(),
        K::PermissionDenied => "permission denied".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        K::NotADirectory => "a part of the path is a file, not a folder".into(),
        K::InvalidData => "it is not UTF-8 text".into(),
        K::AlreadyExists => "it already exists".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// The largest text file an argument names (a passphrase, a reason, an evaluation input): far above the 20,000
/// characters the longest text field takes.
pub(crate) const MAX_TEXT_FILE: u64 = 1024 * 1024;

/// Reads a UTF-8 text file named by an argument (`what`, e.g. `--input`); a file over [`MAX_TEXT_FILE`] is refused
/// before it is read.
pub(crate) fn read_text(path: &Path, what: &str) -> Result<String> {
    if path.as_os_str().is_empty() {
        bail!("{what}: the file name is empty");
    }
    if path.is_dir() {
        bail!("{what}: {} is a folder, not a file", path.display());
    }
    let bytes = yanshou::files::read_limited(path, MAX_TEXT_FILE, yanshou::files::Contents::TEXT_FILE).map_err(
        |e| match e {
            yanshou::files::FileError::Read { source, .. } => {
                anyhow::anyhow!("{what}: cannot read {}: {}", path.display(), io_words(&source))
            }
            other => anyhow::Error::new(other).context(what.to_string()),
        },
    )?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("{what}: cannot read {}: {}", path.display(), io_words(&std::io::ErrorKind::InvalidData.into()))
    })
}

/// Clears what interrupted runs left in a folder this command writes to, and says what it found on stderr (so that
/// `--json` output stays clean): leftovers whose writer no longer runs are removed, others are named.
pub(crate) fn sweep(dir: &Path) {
    for leftover in yanshou::files::sweep(dir).leftovers {
        eprintln!("note: {}", printable(&leftover.to_string()));
    }
}

/// Checks that an argument names an existing file (not a folder).
pub(crate) fn existing_file(path: &Path, what: &str) -> Result<()> {
    if path.as_os_str().is_empty() {
        bail!("{what}: the file name is empty");
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("{what}: {} is a folder, not a file", path.display()),
        Ok(_) => Ok(()),
        Err(e) => bail!("{what}: {}: {}", path.display(), io_words(&e)),
    }
}

/// Checks a path to write a new file or folder at: it does not exist yet (unless `replace`, and then it is a file),
/// and its folder does. Nothing is created here.
pub(crate) fn new_path(path: &Path, what: &str, replace: bool) -> Result<()> {
    if path.as_os_str().is_empty() {
        bail!("{what}: the path is empty");
    }
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if m.is_dir() {
            bail!("{what}: {} is an existing folder; nothing was written", path.display());
        }
        if !replace {
            bail!(
                "{what}: {} already exists; nothing was overwritten (choose another name{})",
                path.display(),
                if what == "--out" || what == "--csv" { ", or give --force to replace it" } else { "" }
            );
        }
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match std::fs::metadata(parent) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => bail!("{what}: {} is a file, not a folder", parent.display()),
        Err(_) => bail!("{what}: the folder {} does not exist; nothing was written", parent.display()),
    }
}

/// Loads the catalog; problems in the data directory's extra files are warnings, the built-ins still load.
fn catalog(dir: Option<&std::path::Path>) -> Catalog {
    let (catalog, errors) = load_catalog(dir);
    for e in errors {
        eprintln!("warning: {e}");
    }
    catalog
}

fn run(cli: Cli) -> Result<ExitCode> {
    if cli.data_dir.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
        bail!("--data-dir is empty; give a folder, or leave it out for the default");
    }
    let dir = data_dir(cli.data_dir.or_else(|| std::env::var_os(ENV_DATA_DIR).map(PathBuf::from)));
    if let Some(d) = &dir
        && d.exists()
        && !d.is_dir()
    {
        bail!("the data directory {} is a file, not a folder", d.display());
    }
    let max = yanshou::store::MAX_NAME;
    if let Some(a) = &cli.actor {
        yanshou::domain::text::one_line(a, "--actor", max, true).map_err(anyhow::Error::msg)?;
    }
    if let Ok(a) = std::env::var("YANSHOU_ACTOR")
        && !a.trim().is_empty()
    {
        yanshou::domain::text::one_line(&a, "YANSHOU_ACTOR", max, true).map_err(anyhow::Error::msg)?;
    }
    match cli.command {
        None => {
            use std::io::IsTerminal;
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            let (catalog, warnings) = yanshou::builtin::load_catalog(Some(&dir));
            if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
                // Not on a terminal (a script, a pipe): say what this is instead of drawing a screen.
                for w in &warnings {
                    eprintln!("warning: {w}");
                }
                println!("yanshou {} — 清洁生产审核验收", env!("CARGO_PKG_VERSION"));
                println!("数据目录 (data directory): {}", dir.display());
                println!("The terminal app needs a terminal; from scripts use the commands (yanshou --help).");
                println!();
                print!("{}", scorecards::list_text(&catalog));
                return Ok(ExitCode::SUCCESS);
            }
            // The app opens at once; the database is checked whole (and backed up once a day) behind the first frame.
            let mut store = yanshou::store::Store::open_in_background(&dir)?;
            if let Some(a) = cli.actor.as_deref() {
                store.set_actor(a);
            }
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            let mut app = yanshou::tui::App::new(store, catalog, dir, &today);
            if let Some(w) = warnings.first() {
                app.set_status(format!("数据目录中的评分表有误，已跳过：{w}"), yanshou::tui::app::StatusKind::Error);
            }
            yanshou::tui::run(app)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Scorecards { command }) => match command {
            ScorecardsCommand::List { json } => {
                let catalog = catalog(dir.as_deref());
                if json {
                    println!("{}", serde_json::to_string_pretty(&scorecards::list_json(&catalog))?);
                } else {
                    print!("{}", scorecards::list_text(&catalog));
                }
                Ok(ExitCode::SUCCESS)
            }
            ScorecardsCommand::Show { id, json } => {
                let catalog = catalog(dir.as_deref());
                let Some(card) = catalog.scorecard(&id) else {
                    bail!("no scorecard “{id}”; `yanshou scorecards list` shows the ids");
                };
                if json {
                    println!("{}", serde_json::to_string_pretty(&scorecards::show_json(&catalog, card))?);
                } else {
                    print!("{}", scorecards::show_text(&catalog, card));
                }
                Ok(ExitCode::SUCCESS)
            }
            ScorecardsCommand::Validate { files } => Ok(scorecards::validate(dir.as_deref(), &files)),
        },
        Some(Command::Review { command }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            review::run(command, &dir, cli.actor.as_deref(), || catalog(Some(&dir)))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Key { command }) => {
            signing::key(command, dir.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Roster { command }) => {
            signing::roster(command)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { review, out }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            new_path(&out, "--out", false)?;
            let store = yanshou::store::Store::open_in(&dir)?;
            sweep(yanshou::files::parent(&out));
            signing::export_cmd(&store, review, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Verify { bundle, roster, issuer, json }) => {
            signing::bundle_dir(&bundle)?;
            let roster = signing::trusted_roster(dir.as_deref(), roster, issuer)?;
            Ok(if signing::verify_cmd(&bundle, &roster, json)? { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(Command::Import { bundles, roster, issuer, json }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            // A path that is not a bundle folder at all is a typo, not a bundle to quarantine: refuse them all first.
            for b in &bundles {
                signing::bundle_dir(b)?;
            }
            let roster = signing::trusted_roster(Some(&dir), roster, issuer)?;
            let mut store = yanshou::store::Store::open_in(&dir)?;
            if let Some(a) = cli.actor.as_deref() {
                store.set_actor(a);
            }
            Ok(if signing::import_cmd(&mut store, &roster, &bundles, json)? {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Some(Command::Imports { json }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            let store = yanshou::store::Store::open_in(&dir)?;
            let list = store.imports()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for i in &list {
                    println!(
                        "{:>4}  {}  rev {}  {}  {}{}",
                        i.id,
                        &i.payload_sha256[..16],
                        i.revision,
                        i.imported_at,
                        i.source,
                        i.superseded_by.map(|s| format!("  (superseded by {s})")).unwrap_or_default()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Compile { out, csv, force }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            if out.is_none() && csv.is_none() {
                bail!("give --out results.xlsx and/or --csv results.csv");
            }
            if let Some(o) = &out {
                new_path(o, "--out", force)?;
            }
            if let Some(c) = &csv {
                new_path(c, "--csv", force)?;
            }
            if out.is_some() && out == csv {
                bail!("--out and --csv name the same file; give two names");
            }
            let store = yanshou::store::Store::open_in(&dir)?;
            let reviews = yanshou::bundle::compile::from_imports(&store.imports()?)?;
            let folders: std::collections::BTreeSet<&Path> =
                out.iter().chain(csv.iter()).map(|p| yanshou::files::parent(p)).collect();
            for folder in folders {
                sweep(folder);
            }
            yanshou::bundle::compile::write_results(out.as_deref(), csv.as_deref(), &reviews, force)?;
            for p in out.iter().chain(csv.iter()) {
                println!("wrote {}", p.display());
            }
            let current = reviews.iter().filter(|r| !r.superseded).count();
            println!("{current} review(s) compiled ({} superseded versions kept in 历史版本)", reviews.len() - current);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Quarantine { json }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            let store = yanshou::store::Store::open_in(&dir)?;
            let list = store.quarantined()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for q in &list {
                    println!("{:>4}  {}  {}: {}", q.id, q.quarantined_at, q.source, q.reason);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Evaluate { scorecard, input, json }) => {
            let catalog = catalog(dir.as_deref());
            let Some(card) = catalog.scorecard(&scorecard) else {
                bail!("no scorecard “{scorecard}”; `yanshou scorecards list` shows the ids");
            };
            let text = if input == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| anyhow::anyhow!("--input -: cannot read standard input: {}", io_words(&e)))?;
                s
            } else if input.trim().is_empty() {
                bail!("--input is empty; give a JSON file, or - for standard input");
            } else {
                read_text(Path::new(&input), "--input")?
            };
            if text.trim().is_empty() {
                bail!(
                    "--input {input}: the input is empty; give the panel's scores as JSON (see `yanshou evaluate --help`)"
                );
            }
            let parsed: EvaluationInput = serde_json::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{}:{}: {}",
                    if input == "-" { "<stdin>" } else { input.as_str() },
                    e.line(),
                    e.column(),
                    text::json_error(&e)
                )
            })?;
            match evaluate(card, &parsed) {
                Ok(eval) => {
                    if json {
                        println!("{}", serde_json::to_string_pretty(&eval)?);
                    } else {
                        print!("{}", scorecards::evaluation_text(card, &eval));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    eprintln!("yanshou: the scores cannot be evaluated on {}:", card.id);
                    for e in errors.0 {
                        eprintln!("  - {}", printable(&e));
                    }
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
