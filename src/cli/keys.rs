//! `yanshou key …`, `yanshou roster …` and `yanshou review sign|dissent|signatures`: the keys, the support unit's
//! roster of trusted keys, and a review signed with them.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Subcommand;
use serde_json::json;
use zeroize::Zeroizing;

use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::signing::{sign_review, signers};
use yanshou::domain::text;
use yanshou::store::{MAX_NAME, Store};

use super::context::Context;

/// The longest key name: it names two files, `NAME.key` and `NAME.pub`, within the 255 bytes most file systems allow.
const KEY_NAME_MAX: usize = 60;

/// Reads a passphrase: from --passphrase-file, else $YANSHOU_PASSPHRASE, else asked on the terminal without echo.
pub fn passphrase(file: Option<&Path>, confirm: bool) -> Result<Passphrase> {
    if let Some(f) = file {
        let text = Zeroizing::new(super::read_text(f, "--passphrase-file")?);
        return Ok(Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_string()));
    }
    if let Ok(p) = std::env::var("YANSHOU_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    let p = Zeroizing::new(rpassword::prompt_password("口令 (passphrase): ").context("cannot read the passphrase")?);
    if confirm {
        let again =
            Zeroizing::new(rpassword::prompt_password("再次输入口令 (again): ").context("cannot read the passphrase")?);
        if *again != *p {
            bail!("the two passphrases differ; nothing was written");
        }
    }
    Ok(p)
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Make an expert's (or the support unit's) key pair: NAME.key (encrypted with a passphrase, owner-only) and NAME.pub.
    New {
        #[arg(long)]
        name: String,
        /// Where to write the files (default: <data dir>/keys).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print a public key's id and base64 form, for enrolment on a roster.
    Show { public_key: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum RosterCommand {
    /// Start an empty roster signed by the support unit's key.
    New {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        issuer_key: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Enrol an expert's public key.
    Add {
        roster: PathBuf,
        #[arg(long)]
        issuer_key: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long)]
        public_key: PathBuf,
        #[arg(long)]
        valid_from: String,
        #[arg(long)]
        valid_until: String,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Revoke a key.
    Revoke {
        roster: PathBuf,
        #[arg(long)]
        issuer_key: PathBuf,
        #[arg(long)]
        key_id: String,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Install the support unit's trust on this computer in one step: check the roster's signature against the issuer's
    /// public key (any file name), then copy the roster, its signature and the key into <data dir>/trust/.
    Install {
        /// The roster (roster.json as `roster new|add|revoke` wrote it).
        #[arg(long)]
        roster: PathBuf,
        /// Its signature (default: the roster's name with .minisig).
        #[arg(long)]
        sig: Option<PathBuf>,
        /// The public key of the support unit that signed the roster (the NAME.pub of `key new`).
        #[arg(long)]
        issuer: PathBuf,
    },
    /// Show a roster after checking its signature.
    Show {
        roster: PathBuf,
        #[arg(long)]
        issuer: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub fn key(cx: &Context, cmd: KeyCommand) -> Result<()> {
    let data_dir = cx.dir.as_deref();
    match cmd {
        KeyCommand::New { name, dir, passphrase_file, json } => {
            // The name names the two files: one line, no control or invisible characters, short enough for a file
            // name on every system.
            let name = text::one_line(&name, "--name", KEY_NAME_MAX, true).map_err(anyhow::Error::msg)?;
            if name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) || name.starts_with('.') {
                bail!("--name: “{name}” cannot name a key file (no / \\ : * ? \" < > |, and not starting with a dot)");
            }
            let dir = dir.or_else(|| data_dir.map(|d| d.join("keys"))).ok_or_else(|| anyhow!("give --dir"))?;
            if dir.as_os_str().is_empty() {
                bail!("--dir is empty; give a folder");
            }
            if dir.exists() && !dir.is_dir() {
                bail!("--dir: {} is a file, not a folder", dir.display());
            }
            let p = passphrase(passphrase_file.as_deref(), true)?;
            super::sweep(&dir);
            let k = generate(&dir, &name, &p)?;
            if json {
                println!(
                    "{}",
                    json!({"key_id": k.key_id, "public_key": k.public_key, "secret_key_file": k.secret_path, "public_key_file": k.public_path})
                );
            } else {
                println!("密钥 (key) {}", k.key_id);
                println!("公钥 (public key, for the roster): {}", k.public_key);
                println!("私钥 (secret key, encrypted, owner-only): {}", k.secret_path.display());
                println!("公钥文件 (public key file): {}", k.public_path.display());
            }
        }
        KeyCommand::Show { public_key } => {
            super::existing_file(&public_key, "PUBLIC_KEY")?;
            let pk = keys::read_public(&public_key)?;
            println!("{}  {}", keys::key_id(&pk), keys::public_base64(&pk));
        }
    }
    Ok(())
}

pub fn roster(cx: &Context, cmd: RosterCommand) -> Result<()> {
    match cmd {
        RosterCommand::Install { roster, sig, issuer } => {
            let data = cx.data_dir()?;
            super::existing_file(&roster, "--roster")?;
            if let Some(s) = &sig {
                super::existing_file(s, "--sig")?;
            }
            super::existing_file(&issuer, "--issuer")?;
            let dir = yanshou::bundle::import::trust_paths(data).0;
            super::sweep(yanshou::files::parent(&dir));
            let done = yanshou::bundle::trust::install(data, &roster, sig.as_deref(), &issuer)?;
            let valid = done.roster.entries.iter().filter(|e| !e.revoked).count();
            println!(
                "已安装受信名单：{valid} 把有效的专家密钥，{} 由密钥 {} 签发，位于 {}",
                done.roster.issued_at,
                done.roster.issuer_key_id,
                done.dir.display()
            );
            println!(
                "  installed the trusted roster ({valid} valid expert keys, issued {} by {}) in {}",
                done.roster.issued_at,
                done.roster.issuer_key_id,
                done.dir.display()
            );
        }
        RosterCommand::New { out, issuer_key, passphrase_file } => {
            super::new_path(&out, "--out", false)?;
            super::new_path(&sig_path(&out), "--out", false)?;
            super::existing_file(&issuer_key, "--issuer-key")?;
            let p = passphrase(passphrase_file.as_deref(), false)?;
            let (_, pk) = keys::open_secret(&issuer_key, &p)?;
            super::sweep(yanshou::files::parent(&out));
            Roster::new(&pk, &today()).save_new(&out, &issuer_key, &p)?;
            println!("roster {} issued by key {}", out.display(), keys::key_id(&pk));
        }
        RosterCommand::Add { roster, issuer_key, name, unit, public_key, valid_from, valid_until, passphrase_file } => {
            let name = text::one_line(&name, "--name", MAX_NAME, true).map_err(anyhow::Error::msg)?;
            let unit = text::one_line(&unit, "--unit", MAX_NAME, false).map_err(anyhow::Error::msg)?;
            let valid_from = text::date(&valid_from, "--valid-from").map_err(anyhow::Error::msg)?;
            let valid_until = text::date(&valid_until, "--valid-until").map_err(anyhow::Error::msg)?;
            if valid_from > valid_until {
                bail!("--valid-from {valid_from} is after --valid-until {valid_until}");
            }
            super::existing_file(&roster, "ROSTER")?;
            super::existing_file(&issuer_key, "--issuer-key")?;
            super::existing_file(&public_key, "--public-key")?;
            let p = passphrase(passphrase_file.as_deref(), false)?;
            let (_, issuer) = keys::open_secret(&issuer_key, &p)?;
            let mut r = Roster::load(&roster, &issuer)?;
            let pk = keys::read_public(&public_key)?;
            r.add(RosterEntry {
                name: name.clone(),
                unit,
                key_id: keys::key_id(&pk),
                public_key: keys::public_base64(&pk),
                valid_from,
                valid_until,
                revoked: false,
                revoked_at: None,
            })?;
            r.issued_at = today();
            super::sweep(yanshou::files::parent(&roster));
            r.save(&roster, &issuer_key, &p)?;
            println!("enrolled {name} ({})", keys::key_id(&pk));
        }
        RosterCommand::Revoke { roster, issuer_key, key_id, passphrase_file } => {
            let key_id = key_id.trim().to_string();
            if key_id.is_empty() {
                bail!("--key-id is empty; `yanshou roster show` lists the key ids");
            }
            if key_id.len() != 16 || !key_id.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!(
                    "--key-id “{key_id}” is not a key id (16 hexadecimal digits, as `yanshou roster show` lists them){}",
                    text::half_width_hint(&key_id)
                );
            }
            super::existing_file(&roster, "ROSTER")?;
            super::existing_file(&issuer_key, "--issuer-key")?;
            let p = passphrase(passphrase_file.as_deref(), false)?;
            let (_, issuer) = keys::open_secret(&issuer_key, &p)?;
            let mut r = Roster::load(&roster, &issuer)?;
            r.revoke(&key_id, &today())?;
            r.issued_at = today();
            super::sweep(yanshou::files::parent(&roster));
            r.save(&roster, &issuer_key, &p)?;
            println!("revoked {key_id}");
        }
        RosterCommand::Show { roster, issuer, json } => {
            super::existing_file(&roster, "ROSTER")?;
            super::existing_file(&issuer, "--issuer")?;
            let r = Roster::load(&roster, &keys::read_public(&issuer)?)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("roster issued {} by {}", r.issued_at, r.issuer_key_id);
                for e in &r.entries {
                    println!(
                        "  {}  {}（{}） {} 至 {}{}",
                        e.key_id,
                        e.name,
                        e.unit,
                        e.valid_from,
                        e.valid_until,
                        if e.revoked { "  已吊销 (revoked)" } else { "" }
                    );
                }
            }
        }
    }
    Ok(())
}

/// Signs (or dissents on) a finalized review.
pub fn sign(
    store: &mut Store,
    id: i64,
    expert: i64,
    key: &Path,
    passphrase_file: Option<&Path>,
    dissent: Option<&str>,
) -> Result<()> {
    let p = passphrase(passphrase_file, false)?;
    let key_id = sign_review(store, id, expert, key, &p, dissent, &now())?;
    println!("{} with key {key_id}", if dissent.is_some() { "dissent signed" } else { "signed" });
    Ok(())
}

pub fn signatures(store: &Store, id: i64, json: bool) -> Result<()> {
    let list = signers(store, id)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for s in &list {
            println!(
                "  {}  {}{}",
                s.expert,
                s.status.label(),
                s.key_id.as_deref().map(|k| format!("  {k}")).unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// The detached signature beside a roster file.
fn sig_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".minisig");
    PathBuf::from(p)
}
