//! `case show` and `case list`: a case's page and the case list, as JSON (the contract scripts read) or as Chinese
//! text.

use chrono::NaiveDate;
use serde_json::{Value, json};

use yanshou::domain::case::{CaseFile, CasePage, CaseRow, Comparison, Deadline, FindingChange, SILENT, date_zh};
use yanshou::domain::explain::Explain;

use crate::cli::text::pad;

fn deadline_json(d: &Deadline) -> Value {
    json!({
        "id": d.id,
        "kind": d.kind,
        "what": d.what,
        "who": d.who,
        "round": d.round,
        "source": d.source.map(|s| s.to_string()),
        "from": {"event": d.from, "label": d.from.label(), "date": d.from_date.to_string()},
        "period": d.period.map(|p| p.label()),
        "due": d.due.as_ref().ok().map(|x| x.to_string()),
        "status": d.status.as_str(),
        "status_label": d.status.label(),
        "met": {"event": d.met_by, "date": d.met_on.map(|x| x.to_string())},
        "problem": d.due.as_ref().err().map(|e| e.zh()),
    })
}

pub(super) fn show_json(
    case: &CaseFile,
    page: &CasePage,
    today: NaiveDate,
    compared: &[(i64, i64, Comparison)],
) -> Value {
    let checked = case.event(0, yanshou::domain::case::Mark::Checked);
    json!({
        "id": case.id,
        "uid": case.uid,
        "province": case.province,
        "track": case.track,
        "stage": case.stage,
        "scorecard": case.scorecard_id,
        "scorecard_loaded": !page.file_missing,
        "enterprise": case.enterprise,
        "credit_code": case.credit_code,
        "industry": case.industry,
        "opened_from": case.opened_from,
        "today": today.to_string(),
        "status": page.phase.as_str(),
        "status_label": page.phase.label(),
        "events": case.events.iter().map(|e| json!({
            "round": e.round, "event": e.mark.as_str(), "label": e.mark.label(), "date": e.date.to_string(), "note": e.note,
        })).collect::<Vec<_>>(),
        "checks": page.checks.iter().map(|c| json!({
            "kind": c.kind, "id": c.id, "number": c.number, "text": c.text, "source": c.source.to_string(),
            "met": c.met, "note": c.note,
        })).collect::<Vec<_>>(),
        "check_done": checked.map(|e| json!({"date": e.date.to_string(), "reason": e.note})),
        "reviews": case.reviews.iter().map(|r| json!({
            "id": r.review_id, "uid": r.uid, "round": r.round, "recheck_of": r.recheck_of, "status": r.status,
            "date": r.date.map(|d| d.to_string()), "finalized_on": r.finalized_on.map(|d| d.to_string()),
            "result": yanshou::domain::case::verdict(case, r.round).map(|v| v.as_str()),
        })).collect::<Vec<_>>(),
        "objections": case.objections.iter().map(|o| json!({
            "id": o.id, "round": o.round, "date": o.date.to_string(), "text": o.text,
            "decision": o.decision.as_ref().map(|d| json!({
                "upheld": d.upheld, "date": d.date.to_string(), "note": d.note,
            })),
        })).collect::<Vec<_>>(),
        "deadlines": page.deadlines.iter().map(deadline_json).collect::<Vec<_>>(),
        "upcoming": page.upcoming.iter().map(|u| json!({
            "id": u.id, "what": u.what, "from": {"event": u.from, "label": u.from.label()},
            "period": u.period.label(), "source": u.source.to_string(),
        })).collect::<Vec<_>>(),
        "steps": page.steps.iter().map(|s| json!({
            "step": s.name, "rule": s.rule, "source": s.source.map(|c| c.to_string()),
            "text": s.rule.clone().unwrap_or_else(|| SILENT.to_string()),
        })).collect::<Vec<_>>(),
        "notes": page.notes.iter().map(|n| json!({
            "kind": n.kind, "text": n.text,
            "sources": n.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "comparisons": compared.iter().map(|(a, b, c)| json!({"review": a, "recheck": b, "comparison": c})).collect::<Vec<_>>(),
    })
}

fn yes_no(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "满足",
        Some(false) => "不满足",
        None => "未核对",
    }
}

pub(super) fn show_text(case: &CaseFile, page: &CasePage, today: NaiveDate, compared: &[(i64, i64, Comparison)]) {
    println!("案件 {}：{}（{}）", case.id, case.enterprise, case.credit_code);
    println!(
        "{}　{}（{}）　依据：{}{}",
        case.province,
        case.stage.label(),
        case.track.label(),
        case.scorecard_id,
        if page.file_missing { "（该文件已不可用，规则未知）" } else { "" }
    );
    println!("状态（{}）：{}", date_zh(today), page.phase.label());
    println!();
    println!("程序规定：");
    for s in &page.steps {
        let source = s.source.map(|c| format!("（{c}）")).unwrap_or_default();
        println!("  {}：{}{source}", s.name, s.rule.as_deref().unwrap_or(SILENT));
    }
    if !page.checks.is_empty() {
        println!();
        println!("申请审查：");
        for c in &page.checks {
            let note = if c.note.is_empty() { String::new() } else { format!("（{}）", c.note) };
            println!("  [{}] {} {} {}{note}", yes_no(c.met), c.kind.label(), c.id, c.text);
        }
    }
    if let Some(e) = case.event(0, yanshou::domain::case::Mark::Checked) {
        let why = if e.note.is_empty() { String::new() } else { format!("；理由：{}", e.note) };
        println!("  审查完成：{}{why}", date_zh(e.date));
    }
    println!();
    println!("日期：");
    for e in &case.events {
        let round = if e.round == 0 { String::new() } else { format!("第 {} 轮 ", e.round) };
        let note = if e.note.is_empty() { String::new() } else { format!("（{}）", e.note) };
        println!("  {round}{}：{}{note}", e.mark.label(), date_zh(e.date));
    }
    for r in &case.reviews {
        let recheck = r.recheck_of.map(|x| format!("，复核验收 {x}")).unwrap_or_default();
        let result =
            yanshou::domain::case::verdict(case, r.round).map(|v| format!("，结果：{}", v.label())).unwrap_or_default();
        println!(
            "  第 {} 轮：验收 {}（{}，{}{recheck}{result}）",
            r.round,
            r.review_id,
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            r.status.label()
        );
    }
    for o in &case.objections {
        let decision = match &o.decision {
            Some(d) => format!("；{}（{}）{}", if d.upheld { "成立" } else { "不成立" }, date_zh(d.date), d.note),
            None => "；尚未处理".into(),
        };
        println!("  异议 {}（{}）：{}{decision}", o.id, date_zh(o.date), o.text);
    }
    println!();
    println!("期限：");
    if page.deadlines.is_empty() {
        println!("  （尚无已起算的期限）");
    }
    for d in &page.deadlines {
        let due = match &d.due {
            Ok(x) => date_zh(*x),
            Err(e) => e.zh(),
        };
        let source = d.source.map(|c| c.to_string()).unwrap_or_else(|| "支持单位设定".into());
        println!(
            "  {}：{}（自{} {}起 {}，{}）— {}",
            d.what,
            due,
            d.from.label(),
            date_zh(d.from_date),
            d.period.map(|p| p.label()).unwrap_or_default(),
            source,
            d.status.label()
        );
    }
    for u in &page.upcoming {
        println!("  {}：自{}起 {}（{}）— 尚未起算", u.what, u.from.label(), u.period.label(), u.source);
    }
    if !page.notes.is_empty() {
        println!();
        println!("文件说明：");
        for n in &page.notes {
            let sources = n.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、");
            println!("  {}：{}（{sources}）", n.kind.label(), n.text);
        }
    }
    for (a, b, c) in compared {
        println!();
        println!("复核对照：验收 {a} → 验收 {b}（总分 {} → {}）", c.total_before, c.total_after);
        for i in c.changed() {
            println!(
                "  {} {}：{} → {}（满分 {}）",
                i.id,
                i.title,
                i.before.as_deref().unwrap_or("—"),
                i.after.as_deref().unwrap_or("—"),
                i.max
            );
        }
        for v in c.vetoes.iter().filter(|v| v.before != v.after) {
            println!(
                "  否决项 {}：{} → {}",
                v.id,
                if v.before { "成立" } else { "不成立" },
                if v.after { "成立" } else { "不成立" }
            );
        }
        let requirements = c.requirements.iter().map(|f| (f, "要求", "满足", "不满足"));
        for (f, what, yes, no) in requirements.chain(c.distinctions.iter().map(|f| (f, "认定", "成立", "不成立")))
        {
            if f.changed {
                let (b, a) = (FindingChange::word(f.before, yes, no), FindingChange::word(f.after, yes, no));
                println!("  {what} {} {}：{b} → {a}（理由：{} → {}）", f.id, f.text, f.before_reason, f.after_reason);
            }
        }
    }
}

pub(super) fn list_json(rows: &[CaseRow]) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "enterprise": r.enterprise,
                    "credit_code": r.credit_code,
                    "province": r.province,
                    "stage": r.stage,
                    "track": r.track,
                    "scorecard": r.scorecard_id,
                    "reviews": r.reviews,
                    "status": r.phase.as_str(),
                    "status_label": r.status,
                    "next": r.next.as_ref().map(|n| json!({
                        "what": n.what, "due": n.due.to_string(), "status": n.status.as_str(),
                    })),
                })
            })
            .collect(),
    )
}

pub(super) fn list_text(rows: &[CaseRow]) {
    println!("{}{}{}{}{}企业", pad("ID", 6), pad("省份", 8), pad("阶段", 6), pad("状态", 18), pad("下一期限", 34));
    for r in rows {
        let next = r
            .next
            .as_ref()
            .map(|n| format!("{} {}（{}）", n.due, n.what, n.status.label()))
            .unwrap_or_else(|| "—".into());
        println!(
            "{}{}{}{}{}{}",
            pad(&r.id.to_string(), 6),
            pad(&r.province, 8),
            pad(r.stage.label(), 6),
            pad(&r.status, 18),
            pad(&next, 34),
            r.enterprise
        );
    }
}
