//! Command-line interface. Parses arguments, loads the catalog, calls the domain and prints text or JSON.
//! Refused input prints a plain message on stderr and exits with status 1; nothing is changed. An argument that
//! cannot be read as its type (a missing or unknown argument, a review id that is not a whole number from 1) is
//! clap's usage error, status 2, also with nothing changed.

//!
//! A file per command group: `review` (a review scripted from a shell), `scorecards` and `evaluate` (the sheets),
//! `keys` (keys, the roster, signing a review), `bundles` (export, verify, import, compile and what was imported);
//! `context` opens the data directory and the database for every one of them and `args` checks their arguments.

mod args;
mod bundles;
mod calendar;
mod case;
mod context;
mod evaluate;
mod keys;
mod personal;
mod pool;
mod report;
mod review;
mod scorecards;
mod text;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

pub(crate) use args::{existing_file, io_words, io_words_zh, new_path, parse_id, read_text, sweep};
use context::Context;

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
        command: scorecards::ScorecardsCommand,
    },
    /// Reviews: enterprise, panel, recusals, scores, vetoes, opinion; finalize and the audit log.
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// Expert and support-unit keys (Ed25519, minisign format).
    Key {
        #[command(subcommand)]
        command: keys::KeyCommand,
    },
    /// The support unit's signed roster of trusted expert keys.
    Roster {
        #[command(subcommand)]
        command: keys::RosterCommand,
    },
    /// The review kit for a panel whose experts score on their own laptops (the lead exports, each expert imports).
    Kit {
        #[command(subcommand)]
        command: personal::KitCommand,
    },
    /// Personal score sheets (个人评分表): an expert signs theirs, the lead imports them.
    Sheet {
        #[command(subcommand)]
        command: personal::SheetCommand,
    },
    /// Write a finalized, signed review as a bundle for the USB stick: a new folder, or one file when --out ends in
    /// .yanshou.zip.
    Export {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        review: i64,
        /// The new folder, or the archive file (NAME.yanshou.zip); with --archive, also a folder that exists (the
        /// stick), to write the archive into under its standard name (<date>-<enterprise>-第<revision>版.yanshou.zip).
        #[arg(long)]
        out: PathBuf,
        /// Write one archive file rather than a folder.
        #[arg(long)]
        archive: bool,
    },
    /// Verify a bundle (its folder or its .yanshou.zip file): every byte, every signature against the roster, and a
    /// recomputation of the result.
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
    /// Cases: an enterprise's application, its check, reviews, 工作报告, 公示, 整改, 复核 and the title granted.
    Case {
        #[command(subcommand)]
        command: case::CaseCommand,
    },
    /// The expert pool (专家库) and drawing a case's panel from it: import|export|list|show|add|edit|retire|draw|draws|
    /// substitute|verify-draw.
    Pool {
        #[command(subcommand)]
        command: pool::PoolCommand,
    },
    /// The official working calendar: working days after a date, and a year's holidays and working weekends.
    Calendar {
        #[command(subcommand)]
        command: calendar::CalendarCommand,
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

pub(crate) use yanshou::files::without_os_codes;

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

fn run(cli: Cli) -> Result<ExitCode> {
    let cx = Context::new(cli.data_dir, cli.actor)?;
    let done = |()| ExitCode::SUCCESS;
    match cli.command {
        None => tui(&cx),
        Some(Command::Scorecards { command }) => scorecards::run(&cx, command),
        Some(Command::Review { command }) => review::run(&cx, command).map(done),
        Some(Command::Key { command }) => keys::key(&cx, command).map(done),
        Some(Command::Roster { command }) => keys::roster(&cx, command).map(done),
        Some(Command::Kit { command }) => personal::kit(&cx, command).map(done),
        Some(Command::Sheet { command }) => personal::sheet(&cx, command),
        Some(Command::Export { review, out, archive }) => bundles::export(&cx, review, &out, archive).map(done),
        Some(Command::Verify { bundle, roster, issuer, json }) => bundles::verify(&cx, &bundle, roster, issuer, json),
        Some(Command::Import { bundles, roster, issuer, json }) => bundles::import(&cx, &bundles, roster, issuer, json),
        Some(Command::Imports { json }) => bundles::imports(&cx, json).map(done),
        Some(Command::Compile { out, csv, force }) => bundles::compile(&cx, out, csv, force).map(done),
        Some(Command::Quarantine { json }) => bundles::quarantine(&cx, json).map(done),
        Some(Command::Evaluate { scorecard, input, json }) => evaluate::run(&cx, &scorecard, &input, json),
        Some(Command::Case { command }) => case::run(&cx, command).map(done),
        Some(Command::Calendar { command }) => calendar::run(&cx, command).map(done),
        Some(Command::Pool { command }) => pool::run(&cx, command),
    }
}

/// `yanshou` alone: the terminal app, or on no terminal a word on what this is.
fn tui(cx: &Context) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let dir = cx.data_dir()?.to_path_buf();
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
    cx.set_actor(&mut store);
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut app = yanshou::tui::App::new(store, catalog, dir, &today);
    if let Some(w) = warnings.first() {
        app.set_status(format!("数据目录中的评分表有误，已跳过：{w}"), yanshou::tui::app::StatusKind::Error);
    }
    yanshou::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
