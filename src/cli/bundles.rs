//! `yanshou export`, `verify`, `import`, `imports`, `compile` and `quarantine`: a finalized review written as a
//! bundle for the USB stick, and the support unit's side — bundles verified against the roster, imported or
//! quarantined, and the imported reviews compiled.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::json;

use yanshou::bundle::SignStatus;
use yanshou::bundle::compile;
use yanshou::bundle::import::{import_bundles, trust_paths};
use yanshou::bundle::keys;
use yanshou::bundle::roster::Roster;
use yanshou::bundle::verify::{Verdict, read};
use yanshou::domain::explain::Explain;
use yanshou::files::archive::{EXTENSION, is_archive_name, is_zip_name};
use yanshou::store::Store;
use yanshou::store::signing::ImportOutcome;

use super::context::Context;
use super::{existing_file, io_words, new_path, sweep};

/// `yanshou export REVIEW --out PATH [--archive]`: a new folder (as always), or one archive file when PATH ends in
/// `.yanshou.zip`; with `--archive`, PATH may also be a folder that exists (the stick), and the archive is written
/// into it under its standard name, saying what had to be changed in the enterprise's name for the stick to take it.
pub fn export(cx: &Context, id: i64, out: &Path, archive: bool) -> Result<()> {
    cx.data_dir()?;
    let into_folder = archive && out.is_dir();
    if !into_folder {
        if archive && !is_archive_name(out) {
            bail!(
                "--out: with --archive, give a folder that exists (the USB stick) or a file name ending in {EXTENSION}; \
                 {} is neither; nothing was written",
                out.display()
            );
        }
        if is_zip_name(out) && !is_archive_name(out) {
            bail!(
                "--out: {} ends in .zip, but a bundle's one file is named NAME{EXTENSION} (give that, or a folder name); \
                 nothing was written",
                out.display()
            );
        }
        new_path(out, "--out", false)?;
    }
    let store = cx.open_store()?;
    let out = if into_folder {
        let (payload, _, _) = yanshou::bundle::export::current_payload(&store, id)?;
        let name = yanshou::bundle::export::archive_name(&payload);
        for fix in &name.fixes {
            println!(
                "文件名中的企业名称已改写：{}\n  the enterprise's name was changed in the file name: {}",
                fix.zh(),
                fix.en()
            );
        }
        let path = out.join(&name.name);
        new_path(&path, "--out", false)?;
        path
    } else {
        out.to_path_buf()
    };
    sweep(yanshou::files::parent(&out));
    export_cmd(&store, id, &out)
}

/// `yanshou verify BUNDLE`: exits with status 1 when the bundle is rejected.
pub fn verify(
    cx: &Context,
    bundle: &Path,
    roster: Option<PathBuf>,
    issuer: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    bundle_path(bundle)?;
    let roster = trusted_roster(cx.dir.as_deref(), roster, issuer)?;
    Ok(if verify_cmd(bundle, &roster, json)? { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `yanshou import BUNDLE…`: exits with status 1 when a bundle is quarantined.
pub fn import(
    cx: &Context,
    bundles: &[PathBuf],
    roster: Option<PathBuf>,
    issuer: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    let dir = cx.data_dir()?;
    // A path that is neither a bundle folder nor an archive file is a typo, not a bundle to quarantine: refuse them
    // all first.
    for b in bundles {
        bundle_path(b)?;
    }
    let roster = trusted_roster(Some(dir), roster, issuer)?;
    let mut store = cx.open_store()?;
    Ok(if import_cmd(&mut store, &roster, bundles, json)? { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `yanshou imports`: the imported bundles, current and superseded.
pub fn imports(cx: &Context, json: bool) -> Result<()> {
    let store = cx.open_store()?;
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
    Ok(())
}

/// `yanshou compile --out FILE.xlsx --csv FILE.csv`.
pub fn compile(cx: &Context, out: Option<PathBuf>, csv: Option<PathBuf>, force: bool) -> Result<()> {
    cx.data_dir()?;
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
    let store = cx.open_store()?;
    // Read from the store a batch at a time and written as they come: the imports are never all in memory.
    let reviews = compile::from_store(&store)?;
    let folders: std::collections::BTreeSet<&Path> =
        out.iter().chain(csv.iter()).map(|p| yanshou::files::parent(p)).collect();
    for folder in folders {
        sweep(folder);
    }
    let n = compile::write_results_from(out.as_deref(), csv.as_deref(), reviews, force)?;
    for p in out.iter().chain(csv.iter()) {
        println!("wrote {}", p.display());
    }
    println!("{} review(s) compiled ({} superseded versions kept in 历史版本)", n.current, n.superseded);
    Ok(())
}

/// `yanshou quarantine`: the bundles that were refused, with the reason.
pub fn quarantine(cx: &Context, json: bool) -> Result<()> {
    let store = cx.open_store()?;
    let list = store.quarantined()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for q in &list {
            // The Chinese first, then the English; a row from before the Chinese was kept has the English alone.
            println!("{:>4}  {}  {}: {}", q.id, q.quarantined_at, q.source, q.reason_shown());
            if q.reason_zh.is_some() {
                println!("      {}", q.reason);
            }
        }
    }
    Ok(())
}

pub fn export_cmd(store: &Store, id: i64, out: &Path) -> Result<()> {
    let path = yanshou::bundle::export::export(store, id, out)?;
    println!("bundle written to {}", path.display());
    Ok(())
}

/// The roster and issuer key to trust: the flags, else `<data dir>/trust/roster.json` and `issuer.pub`.
pub fn trusted_roster(data_dir: Option<&Path>, roster: Option<PathBuf>, issuer: Option<PathBuf>) -> Result<Roster> {
    let trust = data_dir.map(trust_paths);
    let roster = roster.or_else(|| trust.as_ref().map(|t| t.0.clone())).ok_or_else(|| anyhow!("give --roster"))?;
    let issuer = issuer.or_else(|| trust.as_ref().map(|t| t.1.clone())).ok_or_else(|| anyhow!("give --issuer"))?;
    existing_file(&roster, "--roster (the trusted roster)")?;
    existing_file(&issuer, "--issuer (the support unit's public key)")?;
    let issuer_key =
        keys::read_public(&issuer).with_context(|| "the support unit's public key (--issuer)".to_string())?;
    Ok(Roster::load(&roster, &issuer_key)?)
}

pub fn print_verdict(v: &Verdict) {
    println!("{}  {}", if v.accepted { "接受 (ACCEPTED)" } else { "拒绝 (REJECTED)" }, v.enterprise);
    println!("评分表 {}  sha256 {}", v.scorecard, v.scorecard_sha256);
    println!("payload sha256 {}  (review {}, revision {})", v.payload_sha256, v.uid, v.revision);
    for s in &v.signers {
        let extra = match s.status {
            SignStatus::Dissented => format!("：{}", s.dissent.as_deref().unwrap_or("")),
            _ => String::new(),
        };
        println!(
            "  {}  {}{}{}",
            s.expert,
            s.status.label(),
            s.key_id.as_deref().map(|k| format!("  {k}")).unwrap_or_default(),
            extra
        );
    }
    for r in &v.recusals {
        println!("  回避：{r}");
    }
    if let (Some(signed), Some(again)) = (&v.signed_result, &v.recomputed) {
        println!(
            "签名结果 (signed): {} {} {}   重新计算 (recomputed): {} {} {}",
            signed.total.as_deref().unwrap_or("—"),
            signed.grade.as_deref().or(signed.conclusion.as_deref()).unwrap_or("—"),
            verdict_word(signed.passed, signed.vetoed),
            again.total.as_deref().unwrap_or("—"),
            again.grade.as_deref().or(again.conclusion.as_deref()).unwrap_or("—"),
            verdict_word(again.passed, again.vetoed)
        );
    }
    for p in &v.problems {
        println!("  ✗ {}", p.zh());
        println!("    {}", p.en());
    }
}

fn verdict_word(passed: Option<bool>, vetoed: bool) -> &'static str {
    match (passed, vetoed) {
        (_, true) => "否决",
        (Some(true), _) => "通过",
        (Some(false), _) => "不通过",
        (None, _) => "未印合格线",
    }
}

/// Checks that a path is a bundle: a folder, or a file named `*.zip` (an archive, perhaps renamed on the way), before
/// anything reads or records it. What is inside is for reading and verifying to judge.
pub fn bundle_path(path: &Path) -> Result<()> {
    if path.as_os_str().is_empty() {
        bail!("BUNDLE: the path is empty; give the bundle's folder or its {EXTENSION} file");
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) if is_zip_name(path) => Ok(()),
        Ok(_) => bail!(
            "{} is a file; a bundle is a folder or one archive file named NAME{EXTENSION} (as `yanshou export` \
             writes them)",
            path.display()
        ),
        Err(e) => bail!(
            "{} 处没有验收包：{}；未读取任何内容\n  no bundle at {}: {}; nothing was read",
            path.display(),
            super::io_words_zh(&e),
            path.display(),
            io_words(&e)
        ),
    }
}

pub fn verify_cmd(bundle: &Path, roster: &Roster, json: bool) -> Result<bool> {
    // The error names the bundle's path itself.
    let b = read(bundle)?;
    let v = yanshou::bundle::verify::verify(&b, roster);
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_verdict(&v);
    }
    Ok(v.accepted)
}

/// Imports bundles (verified on every core, stored a batch to a transaction); prints each outcome once it is stored,
/// then the report. Returns whether all were imported.
pub fn import_cmd(store: &mut Store, roster: &Roster, bundles: &[PathBuf], json: bool) -> Result<bool> {
    let mut report = Vec::new();
    let result = import_bundles(store, roster, bundles, |path, outcome| {
        if !json {
            println!("{}: {}", path.display(), outcome_text(outcome));
        }
        report.push((path.display().to_string(), outcome.clone()));
    });
    if let Err(e) = result {
        if json {
            let list: Vec<_> = report.iter().map(|(s, o)| json!({"bundle": s, "result": o})).collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        }
        let from = bundles.get(report.len()).map(|p| p.display().to_string()).unwrap_or_default();
        bail!(
            "the import stopped: {e}. The {} bundle(s) reported above are imported; from {from} on, nothing was stored",
            report.len()
        );
    }
    let all_ok = !report.iter().any(|(_, o)| matches!(o, ImportOutcome::Quarantined { .. }));
    if json {
        let list: Vec<_> = report.iter().map(|(s, o)| json!({"bundle": s, "result": o})).collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        let n = report.len();
        let q = report.iter().filter(|(_, o)| matches!(o, ImportOutcome::Quarantined { .. })).count();
        println!("{n} bundle(s): {} imported or unchanged, {q} quarantined", n - q);
    }
    Ok(all_ok)
}

fn outcome_text(o: &ImportOutcome) -> String {
    match o {
        ImportOutcome::New { id } => format!("新导入 (new), import {id}"),
        ImportOutcome::Identical { id } => format!("已存在，未变 (identical), import {id}"),
        ImportOutcome::SignaturesAdded { id } => format!("补充签名 (signatures added), import {id}"),
        ImportOutcome::Superseded { id, old } => format!("新版本取代旧版本 (supersedes import {old}), import {id}"),
        ImportOutcome::Quarantined { id, reason, reason_zh } => {
            format!("隔离 (quarantined {id}): {reason_zh}\n  {reason}")
        }
    }
}
