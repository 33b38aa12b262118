//! `yanshou case …`: the case around a review, from the application to the 公示, the 整改 and the 复核, with every
//! deadline the province's files set. Every command that changes something is one committed transaction; a refused
//! command changes nothing and exits with status 1.

mod docs;
mod show;

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;

use yanshou::domain::case::{CaseFilter, CaseSort, Verdict, case_page, choose_scorecard, list_rows};
use yanshou::domain::scorecard::procedure::{Event, Procedure};
use yanshou::domain::scorecard::{Catalog, Stage, Track};
use yanshou::store::{NewCase, NewCaseReview, Store};

use super::calendar::{calendar, date_arg};
use super::context::Context;
use super::parse_id;

#[derive(Subcommand, Debug)]
pub enum CaseCommand {
    /// Open a case: the enterprise's application, on the sheet or rules file of its province, stage and track.
    New {
        #[arg(long)]
        province: String,
        /// voluntary (自愿) or mandatory (强制).
        #[arg(long)]
        track: String,
        /// acceptance (验收) or assessment (评估/评审).
        #[arg(long)]
        stage: String,
        #[arg(long)]
        enterprise: String,
        /// 统一社会信用代码 (checked).
        #[arg(long)]
        credit_code: String,
        #[arg(long, default_value = "")]
        industry: String,
        /// The day the application came, YYYY-MM-DD.
        #[arg(long, default_value = "")]
        applied: String,
        /// The file's id, where several fit (`yanshou scorecards list`).
        #[arg(long)]
        scorecard: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The cases: filter by province, stage and status; sorted by the next deadline.
    List {
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        stage: Option<String>,
        /// application, ready, reviewing, finalized, publication, passed, rejected, failed, rectifying, granted.
        #[arg(long)]
        status: Option<String>,
        /// The day the statuses are for (default: today).
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A case: its status, the province's rule for every step (or 本省文件未规定), the check, the dates, the deadlines.
    Show {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The day the deadlines' statuses are for (default: today).
        #[arg(long)]
        today: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record a date of the application: listed, application (received), accepted (受理/预审/初审), forwarded (转报上级)
    /// or referred (转报省级组织验收).
    Date {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        event: String,
        date: String,
    },
    /// Tick a condition or material (ITEM --met or --unmet, with --note), or close the check (--done --date, with
    /// --reason when something is unmet).
    Check {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        item: Option<String>,
        #[arg(long, conflicts_with = "unmet")]
        met: bool,
        #[arg(long)]
        unmet: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, conflicts_with_all = ["item", "met", "unmet"])]
        done: bool,
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Record the site visit of the round waiting for one (a review under way moves with it).
    Schedule {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        visit: String,
    },
    /// Start the case's review (round 1) on its sheet or rules, once the application is checked.
    Review {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Record the 验收工作报告 (--date, with the result), write it (--out HTML, --xlsx), or write one for a period
    /// (--from … --to …, no ID).
    Report {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: Option<i64>,
        #[arg(long, default_value = "")]
        date: String,
        /// Where the panel decides: passed or failed, as the signed opinion says.
        #[arg(long)]
        conclusion: Option<String>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        xlsx: Option<PathBuf>,
        #[arg(long, requires = "to")]
        from: Option<String>,
        #[arg(long, requires = "from")]
        to: Option<String>,
    },
    /// Begin the 公示 of the case's passed review (--from YYYY-MM-DD); its end is counted from the province's rule.
    Publish {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        from: String,
        /// The 公示's last day, only where the province sets no period.
        #[arg(long, default_value = "")]
        until: String,
        #[arg(long)]
        conclusion: Option<String>,
    },
    /// The 公示 notice (printable HTML) of the cases whose 公示 begins on --from.
    Notice {
        #[arg(long)]
        from: String,
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Record an objection to the 公示 (--date, --text), or decide one (--decide N --upheld|--dismissed --date).
    Object {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        text: String,
        #[arg(long, value_parser = parse_id)]
        decide: Option<i64>,
        #[arg(long, requires = "decide", conflicts_with = "dismissed")]
        upheld: bool,
        #[arg(long, requires = "decide")]
        dismissed: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Notify the 整改 after the failed review (--notified); --due only where the province sets no time limit.
    Rectify {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        notified: String,
        #[arg(long, default_value = "")]
        due: String,
        #[arg(long)]
        conclusion: Option<String>,
    },
    /// Start the 复核: a new review on the same sheet or rules, naming the review it re-checks.
    Recheck {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The day the enterprise asked for it.
        #[arg(long)]
        requested: String,
        #[command(flatten)]
        review: ReviewArgs,
    },
    /// Record the grant of the title or certificate (after the 公示 ended, where there is one).
    Grant {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        today: Option<String>,
    },
    /// The case's audit log.
    Log {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
    },
}

#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// The site visit, YYYY-MM-DD (default: the one scheduled).
    #[arg(long, default_value = "")]
    visit: String,
    #[arg(long, default_value = "")]
    place: String,
    #[arg(long, default_value = "")]
    agency: String,
    #[arg(long, default_value = "")]
    address: String,
    /// The type of review, where the sheet or rules define types (`scorecards show` lists them); a 复核 takes its
    /// first review's by default.
    #[arg(long = "type")]
    review_type: Option<String>,
    #[arg(long)]
    json: bool,
}

impl ReviewArgs {
    fn new_review(&self) -> NewCaseReview {
        NewCaseReview {
            address: self.address.clone(),
            agency: self.agency.clone(),
            place: self.place.clone(),
            visit: self.visit.clone(),
            review_type: self.review_type.clone(),
        }
    }
}

fn track_arg(t: &str) -> Result<Track> {
    [Track::Voluntary, Track::Mandatory]
        .into_iter()
        .find(|x| Track::parse(t) == Some(*x) || x.label() == t)
        .ok_or_else(|| anyhow!("track “{t}” is unknown; use voluntary (自愿) or mandatory (强制)"))
}

fn stage_arg(s: &str) -> Result<Stage> {
    match s {
        "acceptance" | "验收" => Ok(Stage::Acceptance),
        "assessment" | "评估" => Ok(Stage::Assessment),
        other => bail!("stage “{other}” is unknown; use acceptance (验收) or assessment (评估)"),
    }
}

fn conclusion_arg(c: &Option<String>) -> Result<Option<Verdict>> {
    match c.as_deref() {
        None => Ok(None),
        Some("passed" | "通过") => Ok(Some(Verdict::Passed)),
        Some("failed" | "不通过" | "未通过") => Ok(Some(Verdict::Failed)),
        Some(other) => bail!("conclusion “{other}” is unknown; use passed (通过) or failed (不通过)"),
    }
}

/// The day statuses are counted for: `--today`, else the computer's date.
pub(crate) fn today_arg(today: &Option<String>) -> Result<NaiveDate> {
    match today {
        Some(t) => date_arg(t, "--today"),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

pub(super) use yanshou::bundle::report::case_card;

fn procedure_of(catalog: &Catalog, store: &Store, id: i64) -> Result<(Procedure, yanshou::domain::case::CaseFile)> {
    let case = store.load_case(id)?;
    let p = case_card(catalog, store, &case).map(|c| c.procedure).unwrap_or_default();
    Ok((p, case))
}

pub fn run(cx: &Context, command: CaseCommand) -> Result<()> {
    let cal = calendar(cx)?;
    let mut store = cx.open_store()?;
    match command {
        CaseCommand::New { province, track, stage, enterprise, credit_code, industry, applied, scorecard, json } => {
            let catalog = cx.catalog();
            let (track, stage) = (track_arg(&track)?, stage_arg(&stage)?);
            let card = choose_scorecard(&catalog.scorecards, province.trim(), track, stage, scorecard.as_deref())?;
            let new = NewCase { enterprise, credit_code, industry, track: Some(track), applied };
            let id = store.create_case(&new, card)?;
            let case = store.load_case(id)?;
            if json {
                println!(
                    "{}",
                    json!({"id": id, "uid": case.uid, "province": case.province, "track": case.track,
                           "stage": case.stage, "scorecard": case.scorecard_id, "enterprise": case.enterprise,
                           "credit_code": case.credit_code})
                );
            } else {
                println!("{id}");
                eprintln!("案件 {id}：{}，依据 {}（{}）", case.enterprise, card.id, card.title);
            }
        }
        CaseCommand::List { province, stage, status, today, json } => {
            let catalog = cx.catalog();
            let today = today_arg(&today)?;
            if let Some(s) = &status
                && !yanshou::domain::case::Phase::NAMES.contains(&s.as_str())
            {
                bail!("status “{s}” is unknown; use one of {}", yanshou::domain::case::Phase::NAMES.join(", "));
            }
            let filter = CaseFilter { province, stage: stage.as_deref().map(stage_arg).transpose()?, status };
            let cases = store.list_cases()?;
            let rows = list_rows(
                &cases,
                |id| catalog.scorecard(id).map(|c| &c.procedure),
                &cal,
                today,
                &filter,
                CaseSort::NextDeadline,
            );
            if json {
                println!("{}", serde_json::to_string_pretty(&show::list_json(&rows))?);
            } else {
                show::list_text(&rows);
            }
        }
        CaseCommand::Show { id, today, json } => {
            let catalog = cx.catalog();
            let today = today_arg(&today)?;
            let case = store.load_case(id)?;
            let card = case_card(&catalog, &store, &case);
            let page = case_page(&case, card.as_ref(), &cal, today);
            let compared = store.case_comparisons(&case);
            if json {
                println!("{}", serde_json::to_string_pretty(&show::show_json(&case, &page, today, &compared))?);
            } else {
                show::show_text(&case, &page, today, &compared);
            }
        }
        CaseCommand::Date { id, event, date } => {
            let e = match event.as_str() {
                "application" | "applied" => Event::Application,
                "accepted" => Event::Accepted,
                "listed" => Event::Listed,
                "forwarded" => Event::Forwarded,
                "referred" => Event::Referred,
                other => {
                    bail!("event “{other}” is unknown here; use listed, application, accepted, forwarded or referred")
                }
            };
            store.record_case_date(id, e, &date)?;
        }
        CaseCommand::Check { id, item, met, unmet, note, done, date, reason } => {
            let (p, _) = procedure_of(&cx.catalog(), &store, id)?;
            if done {
                if date.trim().is_empty() {
                    bail!("--done needs --date YYYY-MM-DD (the day the check was completed)");
                }
                store.complete_check(id, &p, &date, &reason)?;
            } else {
                let Some(item) = item else { bail!("give ITEM with --met or --unmet, or --done to close the check") };
                if met == unmet {
                    bail!("give --met or --unmet for {item}");
                }
                store.set_check(id, &p, &item, met, &note)?;
            }
        }
        CaseCommand::Schedule { id, visit } => {
            let round = store.schedule_visit(id, &visit)?;
            eprintln!("第 {round} 轮现场验收：{visit}");
        }
        CaseCommand::Review { id, review } => {
            let catalog = cx.catalog();
            let case = store.load_case(id)?;
            let card = catalog.scorecard(&case.scorecard_id).ok_or_else(|| {
                anyhow!("the case's file {} is not loaded; its review cannot start", case.scorecard_id)
            })?;
            let rules: Vec<_> = catalog.rules_for(card).collect();
            let r = store.start_case_review(id, &review.new_review(), card, &rules)?;
            print_review(r, review.json);
        }
        CaseCommand::Report { id, date, conclusion, out, xlsx, from, to } => {
            docs::report(cx, &mut store, &cal, id, &date, conclusion_arg(&conclusion)?, out, xlsx, from, to)?;
        }
        CaseCommand::Publish { id, from, until, conclusion } => {
            let (p, _) = procedure_of(&cx.catalog(), &store, id)?;
            store.publish(id, &p, &from, &until, conclusion_arg(&conclusion)?)?;
            let case = store.load_case(id)?;
            let round = case.last_round();
            if let Some(end) = yanshou::domain::case::publication_end(&cal, &p, &case, round) {
                match end {
                    Ok(end) => eprintln!("公示：{from} 起，至 {end} 期满"),
                    Err(e) => {
                        eprintln!("公示：{from} 起；期满日无法计算：{}", yanshou::domain::explain::Explain::zh(&e))
                    }
                }
            }
        }
        CaseCommand::Notice { from, province, out } => docs::notice(cx, &store, &cal, &from, province, &out)?,
        CaseCommand::Object { id, date, text, decide, upheld, dismissed, note, json } => match decide {
            Some(n) => {
                if upheld == dismissed {
                    bail!("give --upheld or --dismissed for objection {n}");
                }
                store.decide_objection(id, n, upheld, &date, &note)?;
            }
            None => {
                let (p, _) = procedure_of(&cx.catalog(), &store, id)?;
                let n = store.object(id, &p, &cal, &date, &text)?;
                if json {
                    println!("{}", json!({"objection": n}));
                } else {
                    println!("{n}");
                }
            }
        },
        CaseCommand::Rectify { id, notified, due, conclusion } => {
            let (p, _) = procedure_of(&cx.catalog(), &store, id)?;
            store.rectify(id, &p, &notified, &due, conclusion_arg(&conclusion)?)?;
            let case = store.load_case(id)?;
            if let Some(d) = yanshou::domain::case::rectification_due(&cal, &p, &case, case.last_round()) {
                match d {
                    Ok(d) => eprintln!("整改期限：{d}"),
                    Err(e) => eprintln!("整改期限无法计算：{}", yanshou::domain::explain::Explain::zh(&e)),
                }
            }
        }
        CaseCommand::Recheck { id, requested, review } => {
            let r = store.recheck(id, &requested, &review.new_review())?;
            print_review(r, review.json);
        }
        CaseCommand::Grant { id, date, note, today } => {
            let (p, _) = procedure_of(&cx.catalog(), &store, id)?;
            store.grant(id, &p, &cal, today_arg(&today)?, &date, &note)?;
        }
        CaseCommand::Log { id } => {
            store.load_case(id)?;
            for e in store.case_log(id)? {
                println!("{:>6}  {}  {}  {}  {}", e.seq, e.at, e.actor, e.action, e.new.unwrap_or_default());
            }
        }
    }
    Ok(())
}

fn print_review(id: i64, json: bool) {
    if json {
        println!("{}", json!({"review": id}));
    } else {
        println!("{id}");
    }
}
