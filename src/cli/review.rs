//! `yanshou review …`: a whole review scripted from a shell. Every command that changes something is one committed
//! transaction; a refused command changes nothing and exits with status 1.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use yanshou::domain::points::Points;
use yanshou::domain::review::{Answer, Role, finalize_blockers, panel_findings};
use yanshou::domain::scorecard::{Catalog, Track};
use yanshou::domain::scoring::evaluate;
use yanshou::store::{ExpertPatch, LoadedReview, NewExpert, NewReview, OpinionPatch, Store};

use super::text::pad;

#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Start a review of an enterprise on a sheet.
    New(NewArgs),
    /// List the reviews in the database.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a review: enterprise, panel, recusals, scores, vetoes, opinion, warnings and the evaluation.
    Show {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change a field: enterprise, credit-code, address, industry, agency, date or place.
    Edit {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        field: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Manage the expert panel.
    Panel {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(subcommand)]
        command: PanelCommand,
    },
    /// The recusal reasons the province's rules give for this review's sheet.
    Reasons {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Record that an expert steps aside (回避). REASON is a reason id from `review reasons`, or free text.
    Recuse {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The expert's id or name.
        expert: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        statement: String,
    },
    /// Enter an expert's score on an item (a deduction needs --reason), or --clear it.
    Score {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The expert's id or name.
        expert: String,
        item: String,
        #[arg(allow_negative_numbers = true)]
        score: Option<String>,
        /// 扣分原因: required when the score is below the item's maximum.
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, default_value = "")]
        evidence: String,
        #[arg(long, conflicts_with = "score")]
        clear: bool,
    },
    /// Answer a veto condition yes or no (yes needs --evidence).
    Veto {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        veto: String,
        answer: String,
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// Set a fact a conditional rule reads (true/false or a number), or --clear it.
    Fact {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        fact: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Award a bonus (加分) within its range, or --clear it.
    Bonus {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        bonus: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Adjust an item's points where the sheet allows it, or --clear the adjustment.
    Weight {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        item: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Write the opinion (验收意见). A value starting with @ is read from that file.
    Opinion {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        problems: Option<String>,
        #[arg(long)]
        suggestions: Option<String>,
        #[arg(long)]
        conclusion: Option<String>,
    },
    /// The on-site sign-in list (签到).
    Signin {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(subcommand)]
        command: SigninCommand,
    },
    /// Finalize and lock the review, or list everything that stops it.
    Finalize {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
    },
    /// Reopen a finalized review (logged with its reason).
    Reopen {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Sign the finalized review's payload with an expert's key (passphrase asked, or --passphrase-file).
    Sign {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        expert: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Refuse to sign and sign a written dissent (个人书面意见) that references the payload instead. TEXT or @FILE.
    Dissent {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        expert: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        text: String,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Who has signed, dissented, is missing or recused.
    Signatures {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Print the review's audit log and verify the whole hash chain.
    Log {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct NewArgs {
    #[arg(long)]
    scorecard: String,
    #[arg(long)]
    enterprise: String,
    /// 统一社会信用代码 (18 characters, checked).
    #[arg(long)]
    credit_code: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    industry: String,
    /// voluntary (自愿) or mandatory (强制); defaults to the sheet's.
    #[arg(long)]
    track: Option<String>,
    /// The consulting agency (咨询机构) that helped with the audit.
    #[arg(long, default_value = "")]
    agency: String,
    /// YYYY-MM-DD
    #[arg(long)]
    date: String,
    #[arg(long, default_value = "")]
    place: String,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub enum PanelCommand {
    /// Add an expert. FIELD is one of 清洁生产, 行业, 环保, 能源, 其他.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        field: String,
        #[arg(long)]
        lead: bool,
        #[arg(long)]
        json: bool,
    },
    Edit {
        expert: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        field: Option<String>,
    },
    /// Remove an expert added by mistake (one who scored or recused stays on record).
    Remove { expert: String },
    /// Make an expert the lead (组长).
    Lead { expert: String },
}

#[derive(Subcommand, Debug)]
pub enum SigninCommand {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        position: String,
        /// 专家 / 企业 / 主管部门 / 咨询机构 / 其他
        #[arg(long, default_value = "")]
        capacity: String,
    },
    Remove {
        #[arg(value_parser = super::parse_id, allow_negative_numbers = true)]
        entry: i64,
    },
}

fn expert_id(r: &LoadedReview, key: &str) -> Result<i64> {
    let key = key.trim();
    if let Ok(n) = key.parse::<i64>()
        && r.data.expert(n).is_some()
    {
        return Ok(n);
    }
    r.data
        .experts
        .iter()
        .find(|e| e.name == key)
        .map(|e| e.id)
        .ok_or_else(|| anyhow!("review {} has no expert “{key}” (give the expert's id or name)", r.data.id))
}

fn points(text: &str, what: &str) -> Result<Points> {
    Points::parse(text).map_err(|e| anyhow!("{what}: {e}"))
}

/// A text argument, or with `@FILE` the text of that file.
fn text_arg(v: &Option<String>, what: &str) -> Result<Option<String>> {
    match v {
        Some(s) if s.starts_with('@') => {
            let path = &s[1..];
            if path.trim().is_empty() {
                bail!("{what}: @ must be followed by a file name (@opinion.txt)");
            }
            Ok(Some(super::read_text(Path::new(path), what)?))
        }
        other => Ok(other.clone()),
    }
}

pub fn run(
    command: ReviewCommand,
    data_dir: &Path,
    actor: Option<&str>,
    catalog: impl FnOnce() -> Catalog,
) -> Result<()> {
    let mut store = Store::open_in(data_dir)?;
    if let Some(a) = actor {
        store.set_actor(a);
    }
    match command {
        ReviewCommand::New(a) => {
            let catalog = catalog();
            let card = catalog
                .scorecard(&a.scorecard)
                .ok_or_else(|| anyhow!("no scorecard “{}”; `yanshou scorecards list` shows the ids", a.scorecard))?;
            let track = match a.track.as_deref() {
                None => None,
                Some("voluntary" | "自愿") => Some(Track::Voluntary),
                Some("mandatory" | "强制") => Some(Track::Mandatory),
                Some(other) => bail!("track “{other}” is unknown; use voluntary (自愿) or mandatory (强制)"),
            };
            let rules: Vec<_> = catalog.rules_for(card).collect();
            let id = store.create_review(
                &NewReview {
                    enterprise_name: a.enterprise,
                    credit_code: a.credit_code,
                    address: a.address,
                    industry: a.industry,
                    track,
                    agency: a.agency,
                    date: a.date,
                    place: a.place,
                },
                card,
                &rules,
            )?;
            if a.json {
                println!("{}", json!({"id": id}));
            } else {
                println!("{id}");
            }
        }
        ReviewCommand::List { json } => {
            let list = store.list_reviews()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                println!("{}{}{}{}企业", pad("ID", 6), pad("日期", 12), pad("状态", 8), pad("评分表", 28));
                for r in &list {
                    println!(
                        "{}{}{}{}{}",
                        pad(&r.id.to_string(), 6),
                        pad(&r.date, 12),
                        pad(r.status.label(), 8),
                        pad(&r.scorecard, 28),
                        r.enterprise
                    );
                }
                println!("{} reviews in {}", list.len(), store.path().display());
            }
        }
        ReviewCommand::Show { id, json } => {
            // Nothing changed outside yanshou is shown as the review.
            store.check_review(id)?;
            let r = store.load(id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&show_json(&r))?);
            } else {
                print!("{}", show_text(&r));
            }
        }
        ReviewCommand::Edit { id, field, value } => store.update_review(id, &field, &value)?,
        ReviewCommand::Panel { id, command } => match command {
            PanelCommand::Add { name, unit, title, field, lead, json } => {
                let eid = store.add_expert(id, &NewExpert { name, unit, title, field, lead })?;
                if json {
                    println!("{}", json!({"id": eid}));
                } else {
                    println!("{eid}");
                }
            }
            PanelCommand::Edit { expert, name, unit, title, field } => {
                if name.is_none() && unit.is_none() && title.is_none() && field.is_none() {
                    bail!("give --name, --unit, --title and/or --field");
                }
                let e = expert_id(&store.load(id)?, &expert)?;
                store.update_expert(id, e, &ExpertPatch { name, unit, title, field })?;
            }
            PanelCommand::Remove { expert } => {
                let e = expert_id(&store.load(id)?, &expert)?;
                store.remove_expert(id, e)?;
            }
            PanelCommand::Lead { expert } => {
                let e = expert_id(&store.load(id)?, &expert)?;
                store.set_lead(id, e)?;
            }
        },
        ReviewCommand::Reasons { id, json } => {
            let r = store.load(id)?;
            let reasons: Vec<Value> = r
                .rules
                .iter()
                .flat_map(|p| p.recusal_reasons_for(&r.card.id).map(move |x| (p, x)))
                .map(|(p, x)| json!({"id": x.id, "province": p.province, "text": x.text, "source": x.source}))
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&reasons)?);
            } else if reasons.is_empty() {
                println!(
                    "本省文件未列回避情形；请用文字写明回避原因，例如“参与该企业审核咨询”或“与企业存在利益关系”。"
                );
            } else {
                for x in reasons {
                    println!(
                        "{}  {}（{}，{}）",
                        x["id"].as_str().unwrap_or(""),
                        x["text"].as_str().unwrap_or(""),
                        x["province"].as_str().unwrap_or(""),
                        x["source"].as_str().unwrap_or("")
                    );
                }
            }
        }
        ReviewCommand::Recuse { id, expert, reason, statement } => {
            let e = expert_id(&store.load(id)?, &expert)?;
            store.recuse(id, e, &reason, &statement)?;
        }
        ReviewCommand::Score { id, expert, item, score, reason, evidence, clear } => {
            let e = expert_id(&store.load(id)?, &expert)?;
            if clear {
                store.clear_score(id, e, &item)?;
            } else {
                let s = score.ok_or_else(|| anyhow!("give the score (or --clear)"))?;
                let p = points(&s, &format!("item {item}"))?;
                store.set_score(id, e, &item, p, &reason, &evidence)?;
            }
        }
        ReviewCommand::Veto { id, veto, answer, evidence } => {
            let a = match answer.as_str() {
                "yes" | "是" => Answer::Yes,
                "no" | "否" => Answer::No,
                other => bail!("answer “{other}” is neither yes (是) nor no (否)"),
            };
            store.answer_veto(id, &veto, a, &evidence)?;
        }
        ReviewCommand::Fact { id, fact, value, clear } => {
            if !clear && value.is_none() {
                bail!("give the fact's value (or --clear)");
            }
            store.set_fact(id, &fact, value.as_deref())?;
        }
        ReviewCommand::Bonus { id, bonus, value, clear } => {
            if !clear && value.is_none() {
                bail!("give the bonus points (or --clear)");
            }
            let v = value.map(|v| points(&v, &format!("bonus {bonus}"))).transpose()?;
            store.set_bonus(id, &bonus, v)?;
        }
        ReviewCommand::Weight { id, item, value, clear } => {
            if !clear && value.is_none() {
                bail!("give the item's points (or --clear)");
            }
            let v = value.map(|v| points(&v, &format!("item {item}"))).transpose()?;
            store.set_weight(id, &item, v)?;
        }
        ReviewCommand::Opinion { id, summary, problems, suggestions, conclusion } => {
            if summary.is_none() && problems.is_none() && suggestions.is_none() && conclusion.is_none() {
                bail!("give --summary, --problems, --suggestions and/or --conclusion");
            }
            let patch = OpinionPatch {
                summary: text_arg(&summary, "--summary")?,
                problems: text_arg(&problems, "--problems")?,
                suggestions: text_arg(&suggestions, "--suggestions")?,
                conclusion: text_arg(&conclusion, "--conclusion")?,
            };
            store.set_opinion(id, &patch)?;
        }
        ReviewCommand::Signin { id, command } => match command {
            SigninCommand::Add { name, unit, position, capacity } => {
                println!("{}", store.add_signin(id, &name, &unit, &position, &capacity)?);
            }
            SigninCommand::Remove { entry } => store.remove_signin(id, entry)?,
        },
        ReviewCommand::Finalize { id } => {
            store.finalize(id)?;
            println!("review {id} finalized and locked");
        }
        ReviewCommand::Reopen { id, reason } => store.reopen(id, &reason)?,
        ReviewCommand::Sign { id, expert, key, passphrase_file } => {
            super::existing_file(&key, "--key")?;
            let e = expert_id(&store.load(id)?, &expert)?;
            super::signing::sign(&mut store, id, e, &key, passphrase_file.as_deref(), None)?;
        }
        ReviewCommand::Dissent { id, expert, key, text, passphrase_file } => {
            super::existing_file(&key, "--key")?;
            let e = expert_id(&store.load(id)?, &expert)?;
            let text = text_arg(&Some(text), "--text")?.unwrap_or_default();
            let text = yanshou::domain::text::clean(&text, "--text (个人书面意见)", yanshou::store::MAX_TEXT, true)
                .map_err(anyhow::Error::msg)?;
            super::signing::sign(&mut store, id, e, &key, passphrase_file.as_deref(), Some(&text))?;
        }
        ReviewCommand::Signatures { id, json } => super::signing::signatures(&store, id, json)?,
        ReviewCommand::Log { id, json } => {
            let log = store.review_log(id)?;
            let problems: Vec<String> = log.chain.iter().map(|d| d.to_string()).collect();
            let rows: Vec<String> = log.rows.iter().map(|d| d.to_string()).collect();
            let intact = problems.is_empty() && rows.is_empty();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &json!({"entries": log.entries, "intact": intact, "problems": problems, "rows": rows})
                    )?
                );
            } else {
                for e in &log.entries {
                    println!(
                        "{:>5}  {}  {}  {}  {}: {} → {}",
                        e.seq,
                        e.at,
                        e.actor,
                        e.action,
                        e.target,
                        e.old.as_deref().unwrap_or("—"),
                        e.new.as_deref().unwrap_or("—")
                    );
                }
                if intact {
                    println!("the audit log is intact ({} entries for review {id})", log.entries.len());
                }
            }
            if !intact {
                let what = match (problems.is_empty(), rows.is_empty()) {
                    (false, true) => "the audit log has been tampered with",
                    (true, false) => "the review's rows have been changed outside yanshou",
                    _ => "the audit log has been tampered with, and the review's rows changed outside yanshou",
                };
                let report = store.damage_report(log.chain.into_iter().chain(log.rows).collect());
                bail!("{what}:\n{report:#}");
            }
        }
    }
    Ok(())
}

pub fn show_json(r: &LoadedReview) -> Value {
    let d = &r.data;
    let input = d.evaluation_input(&r.card);
    let (evaluation, errors) = match evaluate(&r.card, &input) {
        Ok(e) => (serde_json::to_value(e).unwrap_or(Value::Null), Vec::new()),
        Err(e) => (Value::Null, e.0),
    };
    let blockers = finalize_blockers(d, &r.card, &r.rules);
    let findings = panel_findings(d, &r.card, &r.rules);
    let scored: Vec<&str> = r.card.scored_items().map(|i| i.id.as_str()).collect();
    json!({
        "id": d.id,
        "status": d.status,
        "enterprise": d.enterprise,
        "scorecard": {"id": r.card.id, "title": r.card.title, "province": r.card.province, "sha256": d.scorecard_hash},
        "date": d.date,
        "place": d.place,
        "experts": d.experts.iter().map(|e| json!({
            "id": e.id, "name": e.name, "unit": e.unit, "title": e.title, "field": e.field, "role": e.role,
            "recused": d.is_recused(e.id),
            "scored_items": d.scores.iter().filter(|s| s.expert_id == e.id && scored.contains(&s.item_id.as_str())).count(),
        })).collect::<Vec<_>>(),
        "items_to_score": scored.len(),
        "recusals": d.recusals,
        "scores": d.scores.iter().map(|s| json!({
            "expert_id": s.expert_id,
            "expert": d.expert(s.expert_id).map(|e| e.name.clone()),
            "item": s.item_id, "score": s.points, "reason": s.reason, "evidence": s.evidence,
            "counts": !d.is_recused(s.expert_id),
        })).collect::<Vec<_>>(),
        "facts": d.facts,
        "bonuses": d.bonuses,
        "weights": d.weights,
        "vetoes": r.card.vetoes.iter().map(|v| {
            let f = d.vetoes.iter().find(|f| f.veto_id == v.id);
            json!({"id": v.id, "number": v.number, "text": v.text, "source": v.source, "computed": v.computed.is_some(),
                   "answer": f.map(|f| f.answer), "evidence": f.map(|f| f.evidence.clone())})
        }).collect::<Vec<_>>(),
        "opinion": d.opinion,
        "signins": d.signins,
        "panel_findings": findings,
        "ready_to_finalize": blockers.is_empty(),
        "blockers": blockers,
        "evaluation": evaluation,
        "evaluation_errors": errors,
    })
}

fn show_text(r: &LoadedReview) -> String {
    let d = &r.data;
    let mut o = String::new();
    let _ = writeln!(o, "验收 {}  [{}]  {}", d.id, d.status.label(), d.enterprise.name);
    let _ = writeln!(
        o,
        "统一社会信用代码 {}  行业 {}  类别 {}",
        d.enterprise.credit_code,
        d.enterprise.industry,
        d.enterprise.track.label()
    );
    let _ = writeln!(o, "地址 {}  咨询机构 {}", d.enterprise.address, d.enterprise.agency);
    let _ = writeln!(o, "评分表 {} {}  (sha256 {})", r.card.id, r.card.title, &d.scorecard_hash[..16]);
    let _ = writeln!(o, "日期 {}  地点 {}", d.date, d.place);
    let scored = r.card.scored_items().count();
    let _ = writeln!(o, "\n专家组:");
    for e in &d.experts {
        let n = d.scores.iter().filter(|s| s.expert_id == e.id).count();
        let state = if d.is_recused(e.id) { "回避".to_string() } else { format!("已评 {n}/{scored}") };
        let _ = writeln!(
            o,
            "  {:>3} {}{}{}{}{}",
            e.id,
            pad(&e.name, 10),
            pad(e.role.label(), 6),
            pad(&e.field, 10),
            pad(&e.unit, 24),
            state
        );
    }
    for x in &d.recusals {
        let name = d.expert(x.expert_id).map(|e| e.name.as_str()).unwrap_or("?");
        let _ =
            writeln!(o, "  回避: {name} — {}；{}（{} 记录于 {}）", x.reason, x.statement, x.recorded_by, x.recorded_at);
    }
    for f in panel_findings(d, &r.card, &r.rules) {
        let _ = writeln!(o, "  ! {f}");
    }
    let _ = writeln!(o, "\n否决项:");
    for v in &r.card.vetoes {
        let answer = if v.computed.is_some() {
            "自动".to_string()
        } else {
            match d.vetoes.iter().find(|f| f.veto_id == v.id) {
                Some(f) if f.answer == Answer::Yes => format!("是：{}", f.evidence),
                Some(_) => "否".to_string(),
                None => "未回答".to_string(),
            }
        };
        let _ = writeln!(o, "  {} {}{} — {}", v.id, v.number.as_deref().unwrap_or(""), v.text, answer);
    }
    match evaluate(&r.card, &d.evaluation_input(&r.card)) {
        Ok(e) => {
            let verdict = match e.passed {
                Some(true) => "通过",
                Some(false) => "不通过",
                None => "未印合格线",
            };
            let _ = writeln!(
                o,
                "\n专家组总分 {}  等级 {}  结论 {}",
                e.total.display(),
                e.grade.as_deref().unwrap_or("—"),
                verdict
            );
            for t in &e.veto_details {
                let _ = writeln!(o, "  否决: {} {}", t.id, t.text);
            }
        }
        Err(_) => {
            let _ = writeln!(o, "\n评分未完成，暂无总分");
        }
    }
    let blockers = finalize_blockers(d, &r.card, &r.rules);
    if d.status != yanshou::domain::review::Status::Finalized {
        if blockers.is_empty() {
            let _ = writeln!(o, "可以定稿 (yanshou review finalize {})", d.id);
        } else {
            let _ = writeln!(o, "定稿前还需:");
            for b in blockers {
                let _ = writeln!(o, "  - {b}");
            }
        }
    }
    if d.experts.iter().all(|e| e.role != Role::Lead) && !d.experts.is_empty() {
        let _ = writeln!(o, "(尚未指定组长)");
    }
    o
}
