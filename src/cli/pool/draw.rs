//! `pool draw`, `pool draws`, `pool substitute`, `pool verify-draw`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::json;

use yanshou::bundle::draw::{self as bdraw, DrawFileError};
use yanshou::domain::pool::record::{self, DrawRecordV1};
use yanshou::domain::pool::rules::{Ground, UnitChoices};
use yanshou::domain::pool::substitute::Cause;

use super::super::context::Context;
use super::super::parse_id;

#[derive(clap::Args, Debug)]
pub struct DrawArgs {
    #[arg(value_parser = parse_id, allow_negative_numbers = true)]
    case: i64,
    /// The panel's size, where the province prints none (or above its minimum): recorded as the unit's choice.
    #[arg(long)]
    size: Option<u32>,
    /// How many of the panel are drawn from the pool (default: all; 河南: at least two thirds).
    #[arg(long)]
    drawn: Option<u32>,
    /// Reserves, in the order drawn (the source prints no number: the unit's choice).
    #[arg(long, default_value_t = 0)]
    reserves: u32,
    /// Also exclude experts who served the enterprise where the province prints no such rule (the unit's choice).
    #[arg(long)]
    exclude_served: bool,
    /// Also exclude experts who work for the enterprise where the province prints no such rule (the unit's choice).
    #[arg(long)]
    exclude_employer: bool,
    /// Show who would be excluded and everyone's chance, without drawing (nothing is recorded).
    #[arg(long)]
    preview: bool,
    /// The support unit's secret key: the record is signed with it (with --out and no --key: the one key in the data
    /// directory's keys folder, where `key new` writes it).
    #[arg(long)]
    key: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Write the signed record to FILE.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The day of the draw (default: today): terms are judged on it.
    #[arg(long)]
    today: Option<String>,
    #[arg(long)]
    json: bool,
}

fn print_record(id: Option<i64>, r: &DrawRecordV1, sha: &str) {
    if let Some(id) = id {
        println!("抽取记录 {id}（案件 {}，{}）", r.case.case_id, r.case.enterprise);
    }
    for e in &r.excluded {
        println!("排除：{}（{}）——{}（{}）", e.name, e.unit, e.reason, e.source);
    }
    let seats: Vec<String> = r.seats.iter().map(|s| format!("{}（{}，{}）", s.name, s.unit, s.seat)).collect();
    println!("专家组：{}", seats.join("、"));
    if !r.reserves.is_empty() {
        println!("候补（依次）：{}", r.reserves.join("、"));
    }
    for a in &r.applied {
        let by = match a.by {
            yanshou::domain::pool::rules::By::Province => format!("省级规定 {}", a.source.clone().unwrap_or_default()),
            yanshou::domain::pool::rules::By::Unit => "技术依托单位的选择".into(),
        };
        println!("规则：{} = {}（{by}）", a.rule, a.value);
    }
    println!("种子：{}", r.seed);
    println!("专家库快照 sha256：{}", r.pool_sha256);
    println!("算法：{}", r.algorithm);
    println!("记录 sha256：{sha}");
}

/// The support unit's key where `key new` writes it by default: the one `NAME.key` in `<data dir>/keys`. Refused,
/// naming what is there, when there is none or more than one.
fn unit_key(cx: &Context) -> Result<PathBuf> {
    let dir = cx.data_dir()?.join("keys");
    let mut keys: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "key"))
                .collect()
        })
        .unwrap_or_default();
    keys.sort();
    match keys.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(
            "--key：{} 中没有私钥（key new --name 技术依托单位 可生成），请用 --key 指定签署抽取记录的私钥；未抽取\n  \
             --key: no secret key in {}; give the key that signs the record. Nothing was drawn",
            dir.display(),
            dir.display()
        ),
        several => {
            let names: Vec<String> = several.iter().map(|p| p.display().to_string()).collect();
            bail!(
                "--key：{} 中有多个私钥（{}），请用 --key 指定其一；未抽取\n  --key: several secret keys in {}; give \
                 one. Nothing was drawn",
                dir.display(),
                names.join("、"),
                dir.display()
            )
        }
    }
}

pub(super) fn draw(cx: &Context, a: DrawArgs) -> Result<ExitCode> {
    let mut grounds = Vec::new();
    if a.exclude_served {
        grounds.push(Ground::Served);
    }
    if a.exclude_employer {
        grounds.push(Ground::Interest);
    }
    let choices = UnitChoices { size: a.size, drawn: a.drawn, reserves: a.reserves, grounds };
    let today = match &a.today {
        Some(d) => yanshou::domain::text::date(d, "--today")?,
        None => super::today(),
    };
    if let Some(out) = &a.out {
        super::super::new_path(out, "--out", false)?;
    }
    let mut store = cx.open_store()?;
    if a.preview {
        let dc = bdraw::draw_case_of(&store, a.case)?;
        let rules = yanshou::domain::pool::rules::for_province(&yanshou::builtin::draw_rules(), &dc.province);
        let pool = super::sorted(&store)?;
        let record::Preview { excluded, chances, fits } = record::preview(&dc, &rules, &choices, &pool, &today)?;
        if a.json {
            let fits = fits.as_ref().err().map(yanshou::domain::explain::Explain::zh);
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({"excluded": excluded, "chances": chances, "refused": fits}))?
            );
        } else {
            for e in &excluded {
                println!("排除：{}（{}）——{}（{}）", e.name, e.unit, e.reason, e.source);
            }
            for c in &chances {
                println!("可抽取：{}（{}） 入选概率 {}（{}，精确）", c.name, c.unit, c.panel, c.panel_percent);
            }
            if let Err(e) = fits {
                return Err(e.into());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let key = match (&a.key, &a.out) {
        (Some(k), _) => Some(k.clone()),
        (None, Some(_)) => Some(unit_key(cx)?),
        (None, None) => None,
    };
    let signer = match &key {
        Some(k) => {
            let p = super::super::keys::passphrase(a.passphrase_file.as_deref(), false)?;
            Some(yanshou::bundle::keys::open_secret(k, &p)?)
        }
        None => None,
    };
    let seed = bdraw::os_seed();
    let (id, r, signed) =
        bdraw::draw_case(&mut store, a.case, choices, &today, &seed, signer.as_ref().map(|(s, p)| (s, p)))?;
    // Recorded (and logged with its seed) above; only now are the names shown or written.
    if let (Some(out), Some(bytes)) = (&a.out, &signed) {
        yanshou::files::write_new(out, bytes)?;
    }
    let sha = bdraw::record_sha256(&r);
    if a.json {
        let mut v = serde_json::to_value(&r)?;
        v["draw_id"] = json!(id);
        v["record_sha256"] = json!(sha);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_record(Some(id), &r, &sha);
        if let Some(out) = &a.out {
            println!("已写出签名的抽取记录：{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn draws(cx: &Context, case: i64, json: bool) -> Result<()> {
    let store = cx.open_store()?;
    let all = store.draws_of_case(case)?;
    if json {
        let v: Vec<_> = all
            .iter()
            .map(|d| {
                json!({"id": d.id, "drawn_at": d.drawn_at, "record_sha256": d.record_sha256,
                       "signed": d.signature.is_some(), "panel": d.record.panel, "reserves": d.record.reserves,
                       "seed": d.record.seed, "substitutions": d.substitutions})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    if all.is_empty() {
        println!("案件 {case} 尚未抽取专家");
    }
    for (i, d) in all.iter().enumerate() {
        println!("第 {} 次抽取（记录 {}，{}）：{}", i + 1, d.id, d.drawn_at, d.record.panel.join("、"));
        for s in &d.substitutions {
            println!("  替换：{} → {}（{}：{}）", s.out_name, s.in_name, s.cause.zh(), s.reason);
        }
    }
    if all.len() > 1 {
        println!("注意：案件 {case} 抽取了 {} 次，以最后一次为准，前几次均保留在记录和审计日志中", all.len());
    }
    Ok(())
}

pub(super) fn substitute(
    cx: &Context,
    case: i64,
    expert: &str,
    unit: Option<&str>,
    cause: &str,
    reason: &str,
) -> Result<()> {
    let Some(cause) = Cause::parse(cause) else {
        bail!(
            "--cause：替换原因只能是 declined（本人谢绝）或 conflict（发现须回避），输入的是“{cause}”\n  --cause must be \
             declined or conflict, not {cause:?}"
        )
    };
    let reason = yanshou::domain::text::clean(reason, "--reason", 20_000, true)?;
    let mut store = cx.open_store()?;
    let s = store.substitute(case, expert.trim(), unit.map(str::trim), cause, &reason)?;
    println!(
        "{}（{}）由候补 {}（{}）替换：{}，{}",
        s.out_name,
        s.out_unit,
        s.in_name,
        s.in_unit,
        s.cause.zh(),
        s.reason
    );
    Ok(())
}

pub(super) fn verify(file: &Path, key: Option<&Path>, json: bool) -> Result<ExitCode> {
    super::super::existing_file(file, "FILE")?;
    let bytes = yanshou::files::read_limited(file, 256 * 1024 * 1024, yanshou::files::Contents::TEXT_FILE)?;
    let expected = match key {
        Some(k) => Some(yanshou::bundle::keys::read_public(k)?),
        None => None,
    };
    let f = bdraw::verify_file(&bytes, expected.as_ref()).map_err(|e: DrawFileError| anyhow::Error::new(e))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"ok": true, "panel": f.record.panel, "reserves": f.record.reserves,
                "record_sha256": f.record_sha256, "key_id": f.key_id, "seed": f.record.seed,
                "pool_sha256": f.record.pool_sha256, "algorithm": f.record.algorithm}))?
        );
    } else {
        println!("抽取记录可复现，签名有效（密钥 {}）", f.key_id);
        println!("专家组：{}", f.record.panel.join("、"));
        if !f.record.reserves.is_empty() {
            println!("候补（依次）：{}", f.record.reserves.join("、"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
