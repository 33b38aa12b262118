//! `yanshou kit export|import` and `yanshou sheet sign|import`: each expert on their own laptop (issue 17). The lead
//! exports the signed review kit, each expert imports it, scores alone and signs their personal score sheet
//! (个人评分表), and the lead imports the sheets: each refused file is named with its reason (Chinese, then English)
//! and makes the exit status 1, nothing of it changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Subcommand;

use yanshou::bundle::personal::kit::{export_kit, import_kit};
use yanshou::bundle::personal::sheet::{SheetOutcome, import_sheet, sign_sheet};
use yanshou::domain::explain::Explain;
use yanshou::domain::filename;
use yanshou::files::archive::{EXTENSION, is_archive_name};

use super::context::Context;
use super::{existing_file, new_path, parse_id, printable};

#[derive(Subcommand, Debug)]
pub enum KitCommand {
    /// The lead's signed review kit for the panel (the review, its frozen sheet or rules, the panel with recusals
    /// and each expert's key from the installed roster), written as one file NAME.yanshou.zip.
    Export {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        review: i64,
        /// The kit file to write (NAME.yanshou.zip).
        #[arg(long)]
        out: PathBuf,
        /// The lead's (组长's) secret key, which signs the kit (passphrase asked, or --passphrase-file); by default
        /// the lead's NAME.key in the data directory's keys folder, where `key new` writes it.
        #[arg(long)]
        key: Option<PathBuf>,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// On an expert's laptop: check a review kit and create its review here, to score alone.
    Import {
        kit: PathBuf,
        /// The expert whose laptop this is: only their sheet is scored here. Without it the import is refused (nothing
        /// written), naming the panel's experts it may be for.
        #[arg(long)]
        expert: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SheetCommand {
    /// On an expert's laptop: sign the expert's personal score sheet of a kit review, written as one file.
    Sign {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        review: i64,
        /// The expert (name or id).
        expert: String,
        /// The expert's secret key (passphrase asked, or --passphrase-file).
        #[arg(long)]
        key: PathBuf,
        /// The sheet file to write (NAME.yanshou.zip).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// On the lead's laptop: check and merge personal score sheets; exit status 1 when any is refused.
    Import {
        #[arg(required = true)]
        sheets: Vec<PathBuf>,
    },
}

/// Checks the name of a one-file kit or sheet to write: NAME.yanshou.zip, a name a FAT32/exFAT stick takes, new.
fn archive_out(out: &Path) -> Result<()> {
    if !is_archive_name(out) {
        bail!("--out: {} is not named NAME{EXTENSION}; nothing was written", out.display());
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Err(problem) = filename::check(&name) {
        bail!("--out: {}\n  {}", problem.zh(), problem.en());
    }
    new_path(out, "--out", false)
}

/// The lead's key where `key new` writes it by default: `<data dir>/keys/<lead>.key`.
fn lead_key(cx: &Context, store: &yanshou::store::Store, review: i64) -> Result<PathBuf> {
    let r = store.load(review)?;
    let Some(lead) = r.data.experts.iter().find(|e| e.role == yanshou::domain::review::Role::Lead) else {
        bail!(
            "--key：本验收的专家组没有组长，请用 --key 指定签署评审包的私钥\n  --key: the panel has no lead; give the key that signs the kit"
        );
    };
    Ok(cx.data_dir()?.join("keys").join(format!("{}.key", lead.name)))
}

pub fn kit(cx: &Context, command: KitCommand) -> Result<()> {
    match command {
        KitCommand::Export { review, out, key, passphrase_file } => {
            archive_out(&out)?;
            let mut store = cx.open_store()?;
            let key = match key {
                Some(k) => k,
                None => lead_key(cx, &store, review)?,
            };
            existing_file(&key, "--key")?;
            let p = super::keys::passphrase(passphrase_file.as_deref(), false)?;
            let kit = export_kit(&mut store, review, &key, &p)?;
            yanshou::files::write_new(&out, &kit.archive)?;
            let keyless: Vec<&str> =
                kit.kit.panel.iter().filter(|e| e.key.is_none() && !e.recused).map(|e| e.name.as_str()).collect();
            println!("评审包已写出：{}（sha256 {}）", out.display(), kit.sha256);
            if !keyless.is_empty() {
                println!(
                    "注意：本机受信名单中没有以下专家的公钥，导入其评分表时须本机已安装列有其公钥的受信名单：{}\n  \
                     note: the installed roster lists no key for {}; their sheets are checked against the roster then",
                    keyless.join("、"),
                    keyless.join(", ")
                );
            }
        }
        KitCommand::Import { kit, expert } => {
            existing_file(&kit, "kit")?;
            let mut store = cx.open_store()?;
            let catalog = cx.catalog();
            let (id, k) = import_kit(&mut store, &catalog, &kit, expert.as_deref())?;
            println!(
                "评审包已导入为评审 {id}：{}（组长 {}）\n  kit imported as review {id}: {}",
                k.enterprise.name, k.lead.name, k.enterprise.name
            );
        }
    }
    Ok(())
}

pub fn sheet(cx: &Context, command: SheetCommand) -> Result<ExitCode> {
    match command {
        SheetCommand::Sign { review, expert, key, out, passphrase_file } => {
            existing_file(&key, "--key")?;
            archive_out(&out)?;
            let mut store = cx.open_store()?;
            let e = super::review::expert_id(&store.load(review)?, &expert)?;
            let p = super::keys::passphrase(passphrase_file.as_deref(), false)?;
            let signed = sign_sheet(&mut store, review, e, &key, &p)?;
            yanshou::files::write_new(&out, &signed.archive)?;
            println!(
                "个人评分表已签名：{} 第 {} 版，{}（sha256 {}）",
                signed.sheet.expert,
                signed.sheet.revision,
                out.display(),
                signed.sha256
            );
            Ok(ExitCode::SUCCESS)
        }
        SheetCommand::Import { sheets } => {
            for s in &sheets {
                existing_file(s, "sheet")?;
            }
            let mut store = cx.open_store()?;
            let mut refused = 0;
            for path in &sheets {
                match import_sheet(&mut store, path) {
                    Ok(SheetOutcome::Merged { review, expert, revision, sha256 }) => println!(
                        "{}：已并入评审 {review}：{expert} 第 {revision} 版（sha256 {sha256}）",
                        path.display()
                    ),
                    Ok(SheetOutcome::AlreadyIn { review, expert, revision }) => {
                        println!("{}：评审 {review} 已有 {expert} 第 {revision} 版，未作改动", path.display())
                    }
                    Err(e) => {
                        refused += 1;
                        eprintln!(
                            "yanshou: {}：{}\n  {}: {}",
                            path.display(),
                            printable(&e.zh()),
                            path.display(),
                            printable(&e.en())
                        );
                    }
                }
            }
            Ok(if refused == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}
