//! `yanshou review …`: a whole review scripted from a shell. Every command that changes something is one committed
//! transaction; a refused command changes nothing and exits with status 1.

mod args;
mod show;

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde_json::{Value, json};

use yanshou::domain::points::Points;
use yanshou::domain::review::Answer;
use yanshou::domain::scorecard::Track;
use yanshou::store::{ExpertPatch, LoadedReview, NewExpert, NewReview, OpinionPatch};

pub use args::ReviewCommand;
use args::{PanelCommand, SigninCommand};
use show::{show_json, show_text};

use super::context::Context;
use super::text::pad;

pub(crate) fn expert_id(r: &LoadedReview, key: &str) -> Result<i64> {
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

/// `yanshou review …`: every command that changes something is one committed transaction.
pub fn run(cx: &Context, command: ReviewCommand) -> Result<()> {
    let mut store = cx.open_store()?;
    match command {
        ReviewCommand::New(a) => {
            let catalog = cx.catalog();
            let card = catalog
                .scorecard(&a.scorecard)
                .ok_or_else(|| anyhow!("no scorecard “{}”; `yanshou scorecards list` shows the ids", a.scorecard))?;
            let track = match a.track.as_deref() {
                None => None,
                // A review is on one track: spelled as the domain spells it, or in Chinese as the sheets label it.
                Some(t) => Some(
                    [Track::Voluntary, Track::Mandatory]
                        .into_iter()
                        .find(|x| Track::parse(t) == Some(*x) || x.label() == t)
                        .ok_or_else(|| anyhow!("track “{t}” is unknown; use voluntary (自愿) or mandatory (强制)"))?,
                ),
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
                    review_type: a.review_type,
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
                println!(
                    "{}",
                    serde_json::to_string_pretty(&show_json(&r, &store.personal_sheets(id)?, store.kit(id)?.as_ref()))?
                );
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
                "是" => Some(Answer::Yes),
                "否" => Some(Answer::No),
                other => Answer::parse(other),
            };
            let Some(a) = a else { bail!("answer “{answer}” is neither yes (是) nor no (否)") };
            store.answer_veto(id, &veto, a, &evidence)?;
        }
        ReviewCommand::Requirement { id, requirement, answer, reason } => {
            let met = match answer.as_str() {
                "met" | "满足" | "yes" | "是" => true,
                "unmet" | "不满足" | "no" | "否" => false,
                _ => bail!(
                    "认定“{answer}”应为 met（满足）或 unmet（不满足）\n    answer “{answer}” is neither met nor unmet"
                ),
            };
            store.answer_requirement(id, &requirement, met, &reason)?;
        }
        ReviewCommand::Distinction { id, distinction, answer, evidence } => {
            let holds = match answer.as_str() {
                "yes" | "是" => true,
                "no" | "否" => false,
                _ => bail!("认定“{answer}”应为 yes（是）或 no（否）\n    answer “{answer}” is neither yes nor no"),
            };
            store.answer_distinction(id, &distinction, holds, &evidence)?;
        }
        ReviewCommand::Decision { id, result, reason, clear } => {
            let passed = match (result.as_deref(), clear) {
                (_, true) => None,
                (Some("passed" | "通过"), false) => Some(true),
                (Some("failed" | "不通过"), false) => Some(false),
                (other, false) => {
                    let other = other.unwrap_or_default();
                    bail!(
                        "结论“{other}”应为 passed（通过）或 failed（不通过）\n    result “{other}” is neither passed nor failed"
                    )
                }
            };
            store.set_decision(id, passed, &reason)?;
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
            super::keys::sign(&mut store, id, e, &key, passphrase_file.as_deref(), None)?;
        }
        ReviewCommand::Dissent { id, expert, key, text, passphrase_file } => {
            super::existing_file(&key, "--key")?;
            let e = expert_id(&store.load(id)?, &expert)?;
            let text = text_arg(&Some(text), "--text")?.unwrap_or_default();
            let text = yanshou::domain::text::clean(&text, "--text (个人书面意见)", yanshou::store::MAX_TEXT, true)
                .map_err(anyhow::Error::msg)?;
            super::keys::sign(&mut store, id, e, &key, passphrase_file.as_deref(), Some(&text))?;
        }
        ReviewCommand::Signatures { id, json } => super::keys::signatures(&store, id, json)?,
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
