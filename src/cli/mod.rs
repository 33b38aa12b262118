//! Command-line interface. Parses arguments, loads the catalog, calls the domain and prints text or JSON.
//! Refused input prints a plain message on stderr and exits with status 1; nothing is changed.

mod review;
mod scorecards;
mod signing;
mod text;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("yanshou: {e:#}");
            ExitCode::from(1)
        }
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
    let dir = data_dir(cli.data_dir.or_else(|| std::env::var_os(ENV_DATA_DIR).map(PathBuf::from)));
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
            let store = yanshou::store::Store::open_in(&dir)?;
            signing::export_cmd(&store, review, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Verify { bundle, roster, issuer, json }) => {
            let roster = signing::trusted_roster(dir.as_deref(), roster, issuer)?;
            Ok(if signing::verify_cmd(&bundle, &roster, json)? { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(Command::Import { bundles, roster, issuer, json }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
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
        Some(Command::Compile { out, csv }) => {
            let Some(dir) = dir else { bail!("no data directory found; pass --data-dir DIR") };
            if out.is_none() && csv.is_none() {
                bail!("give --out results.xlsx and/or --csv results.csv");
            }
            let store = yanshou::store::Store::open_in(&dir)?;
            let reviews = yanshou::bundle::compile::from_imports(&store.imports()?)?;
            if let Some(out) = &out {
                yanshou::bundle::compile::write_xlsx(out, &reviews)?;
                println!("wrote {}", out.display());
            }
            if let Some(csv) = &csv {
                yanshou::bundle::compile::write_csv(csv, &reviews)?;
                println!("wrote {}", csv.display());
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
                std::io::stdin().read_to_string(&mut s).context("cannot read standard input")?;
                s
            } else {
                std::fs::read_to_string(&input).with_context(|| format!("cannot read {input}"))?
            };
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
                        eprintln!("  - {e}");
                    }
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
