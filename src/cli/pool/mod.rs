//! `yanshou pool …`: the support unit's expert pool (专家库) and the draw of a case's panel from it — import and
//! export of the pool's table, list, show, add, edit, retire; draw (the record printed, `--out` the signed file),
//! the draws of a case, a substitution, and verify-draw (exit 0 with the panel when the record reproduces, 1 with
//! the reason when not).

mod draw;
mod table;

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Subcommand;
use serde_json::json;

use yanshou::domain::pool::entry::{self, ExpertEntry};
use yanshou::domain::pool::{Expert, Field, sorted_pool};
use yanshou::domain::text;

use super::context::Context;
use super::parse_id;

#[derive(Subcommand, Debug)]
pub enum PoolCommand {
    /// Import experts from FILE.csv or FILE.xlsx: columns 姓名, 单位, 专业领域 (清洁生产, 行业, 环保, 能源, 经济, 其他),
    /// optional 行业, 职称, 聘期至, 服务企业 (credit codes separated by ；). Known experts (same 姓名 and 单位) are updated.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the pool as CSV (UTF-8 with BOM), the import's columns and 公钥, 退出日期.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// The pool's experts (retired ones marked), optionally only a field's or those whose name or unit holds TEXT.
    List {
        #[arg(long)]
        field: Option<String>,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One expert.
    Show {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Add an expert.
    Add {
        #[command(flatten)]
        fields: ExpertArgs,
    },
    /// Change an expert's entry: only what is given changes.
    Edit {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(flatten)]
        fields: ExpertArgs,
    },
    /// Take an expert out of the pool (kept, with the day; not drawn after it).
    Retire {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The day (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Draw a case's panel: the exclusions, the panel and reserves, the seed, the pool's hash, the algorithm.
    Draw(draw::DrawArgs),
    /// The draws of a case (a re-draw is a second one), with their substitutions.
    Draws {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        case: i64,
        #[arg(long)]
        json: bool,
    },
    /// Replace a drawn expert who declined or was found conflicted by the next fitting reserve, with the reason.
    Substitute {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        case: i64,
        #[arg(long)]
        expert: String,
        #[arg(long)]
        unit: Option<String>,
        /// declined (本人谢绝) or conflict (发现须回避).
        #[arg(long)]
        cause: String,
        #[arg(long)]
        reason: String,
    },
    /// Start a review's panel from its case's draw (after the draw's substitutions): each drawn expert not on the
    /// panel yet is added.
    Panel {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        review: i64,
    },
    /// Check a signed draw record from itself: exit 0 printing the panel when it reproduces, 1 with the reason.
    VerifyDraw {
        file: PathBuf,
        /// The support unit's public key the record must be signed with.
        #[arg(long)]
        key: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Debug, Default)]
pub struct ExpertArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    /// 清洁生产, 行业, 环保, 能源, 经济 or 其他.
    #[arg(long)]
    field: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    #[arg(long)]
    title: Option<String>,
    /// 聘期至 (YYYY-MM-DD); empty clears it.
    #[arg(long)]
    term_until: Option<String>,
    /// Credit codes of the enterprises served, separated by ；.
    #[arg(long)]
    served: Option<String>,
    /// The expert's public key (minisign, base64, from the roster); empty clears it.
    #[arg(long)]
    public_key: Option<String>,
}

fn field_arg(s: &str) -> Result<Field> {
    Ok(entry::field(s)?)
}

impl ExpertArgs {
    /// The options as the domain reads an entry (only those given).
    fn entry(&self) -> ExpertEntry {
        ExpertEntry {
            name: self.name.clone(),
            unit: self.unit.clone(),
            field: self.field.clone(),
            industry: self.industry.clone(),
            title: self.title.clone(),
            term_until: self.term_until.clone(),
            served: self.served.clone(),
        }
    }
}

/// An expert with `a`'s values over `base`'s, read by the domain's rules of an entry (the screen's form reads the
/// same), the public key checked as a key.
fn apply(base: Expert, a: &ExpertArgs) -> Result<Expert> {
    let mut e = a.entry().apply(base)?;
    if let Some(v) = &a.public_key {
        e.public_key = yanshou::bundle::keys::public_key_entry(v)?;
    }
    Ok(e)
}

fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}

fn expert_json(id: i64, e: &Expert) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    v["id"] = json!(id);
    v
}

fn expert_line(id: i64, e: &Expert) -> String {
    let mut s = format!("{id:>5}  {}  {}  {}", e.name, e.unit, e.field.zh());
    if !e.industry.is_empty() {
        s.push_str(&format!("（{}）", e.industry));
    }
    if !e.title.is_empty() {
        s.push_str(&format!("  {}", e.title));
    }
    if let Some(t) = &e.term_until {
        s.push_str(&format!("  聘期至 {t}"));
    }
    if let Some(r) = &e.retired_on {
        s.push_str(&format!("  已于 {r} 退出"));
    }
    s
}

pub fn run(cx: &Context, command: PoolCommand) -> Result<std::process::ExitCode> {
    let ok = std::process::ExitCode::SUCCESS;
    match command {
        PoolCommand::Import { file, json } => {
            let rows = table::read_rows(&file)?;
            let experts = yanshou::domain::pool::table::experts(&rows)?;
            let mut store = cx.open_store()?;
            let count = store.pool_import(&experts, &file.file_name().unwrap_or_default().to_string_lossy())?;
            if json {
                println!("{}", json!({"added": count.added, "updated": count.updated, "unchanged": count.unchanged}));
            } else {
                println!("已导入：新增 {} 位，更新 {} 位，未变 {} 位", count.added, count.updated, count.unchanged);
            }
        }
        PoolCommand::Export { out } => {
            super::new_path(&out, "--out", false)?;
            let store = cx.open_store()?;
            let pool: Vec<Expert> = store.pool_list()?.into_iter().map(|(_, e)| e).collect();
            let bytes = table::csv_bytes(&yanshou::domain::pool::table::rows(&pool))?;
            yanshou::files::write_new(&out, &bytes)?;
            println!("已写出专家库 {} 位专家：{}", pool.len(), out.display());
        }
        PoolCommand::List { field, search, json } => {
            let field = field.as_deref().map(field_arg).transpose()?;
            let store = cx.open_store()?;
            let rows: Vec<(i64, Expert)> = store
                .pool_list()?
                .into_iter()
                .filter(|(_, e)| field.is_none_or(|f| e.field == f))
                .filter(|(_, e)| {
                    search.as_deref().is_none_or(|s| e.name.contains(s.trim()) || e.unit.contains(s.trim()))
                })
                .collect();
            if json {
                let v: Vec<_> = rows.iter().map(|(id, e)| expert_json(*id, e)).collect();
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else if rows.is_empty() {
                println!("专家库中没有符合条件的专家");
            } else {
                for (id, e) in &rows {
                    println!("{}", expert_line(*id, e));
                }
            }
        }
        PoolCommand::Show { id, json } => {
            let store = cx.open_store()?;
            let e = store.pool_expert(id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&expert_json(id, &e))?);
            } else {
                println!("{}", expert_line(id, &e));
                println!("服务企业：{}", if e.served.is_empty() { "无".into() } else { e.served.join("；") });
                println!("公钥：{}", e.public_key.as_deref().unwrap_or("未登记"));
            }
        }
        PoolCommand::Add { fields } => {
            if fields.name.is_none() || fields.unit.is_none() || fields.field.is_none() {
                bail!("pool add needs --name, --unit and --field");
            }
            let e = apply(fields.entry().new_expert()?, &fields)?;
            let id = cx.open_store()?.pool_add(&e)?;
            println!("已加入专家库：{}", expert_line(id, &e));
        }
        PoolCommand::Edit { id, fields } => {
            let mut store = cx.open_store()?;
            let e = apply(store.pool_expert(id)?, &fields)?;
            store.pool_edit(id, &e)?;
            println!("已修改：{}", expert_line(id, &e));
        }
        PoolCommand::Retire { id, on } => {
            let on = match on {
                Some(d) => text::date(&d, "--on")?,
                None => today(),
            };
            let mut store = cx.open_store()?;
            store.pool_retire(id, &on)?;
            println!("专家 {id} 已于 {on} 退出专家库");
        }
        PoolCommand::Draw(args) => return draw::draw(cx, args),
        PoolCommand::Draws { case, json } => draw::draws(cx, case, json)?,
        PoolCommand::Substitute { case, expert, unit, cause, reason } => {
            draw::substitute(cx, case, &expert, unit.as_deref(), &cause, &reason)?
        }
        PoolCommand::Panel { review } => {
            let mut store = cx.open_store()?;
            let d = store.panel_from_draw(review)?;
            let (panel, _) = yanshou::domain::pool::substitute::now(&d.record, &d.substitutions);
            let names: Vec<&str> = panel.iter().map(|s| s.name.as_str()).collect();
            println!("验收 {review} 的专家组取自抽取记录 {}（sha256 {}）：{}", d.id, d.record_sha256, names.join("、"));
        }
        PoolCommand::VerifyDraw { file, key, json } => return draw::verify(&file, key.as_deref(), json),
    }
    Ok(ok)
}

/// The pool sorted as a draw takes it (for the preview).
pub(super) fn sorted(store: &yanshou::store::Store) -> Result<Vec<Expert>> {
    Ok(sorted_pool(store.pool_list()?.into_iter().map(|(_, e)| e).collect())?)
}
