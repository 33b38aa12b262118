//! `yanshou review show`: a review as text or JSON, with its warnings and its evaluation.

use std::fmt::Write as _;

use serde_json::{Value, json};

use yanshou::domain::review::{Answer, Role, finalize_blockers, panel_findings};
use yanshou::domain::scoring::evaluate;
use yanshou::store::LoadedReview;
use yanshou::store::personal::{KitRecord, SheetRecord};

use crate::cli::text::pad;

/// The review as JSON; `sheets` and `kit` are the personal sheets and the review kit this data directory holds of it
/// (issue 17): each expert says whether their scores came from a signed personal sheet, and its hash.
pub fn show_json(r: &LoadedReview, sheets: &[SheetRecord], kit: Option<&KitRecord>) -> Value {
    let d = &r.data;
    let sheet_of =
        |name: &str| sheets.iter().filter(|s| s.expert == name && s.direction == "imported").max_by_key(|s| s.revision);
    let input = d.evaluation_input(&r.card);
    let (evaluation, errors) = match evaluate(&r.card, &input) {
        Ok(e) => (serde_json::to_value(e).unwrap_or(Value::Null), Vec::new()),
        Err(e) => (Value::Null, e.0.iter().map(ToString::to_string).collect::<Vec<String>>()),
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
            "from_personal_sheet": sheet_of(&e.name).is_some(),
            "personal_sheet": sheet_of(&e.name).map(|s| json!({"revision": s.revision, "sha256": s.sha256})),
        })).collect::<Vec<_>>(),
        "kit": kit.map(|k| json!({"role": k.role, "sha256": k.kit_sha256, "expert": k.expert})),
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

pub fn show_text(r: &LoadedReview) -> String {
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
            let verdict = match (&e.conclusion, &d.decision, e.passed) {
                (Some(c), _, _) => c.clone(),
                (None, Some(x), None) => {
                    format!("{}（专家组判定：{}）", if x.passed { "通过" } else { "不通过" }, x.reason)
                }
                (None, None, None) => "由专家组判定（尚未判定）".to_string(),
                (None, _, Some(p)) => if p { "通过" } else { "不通过" }.to_string(),
            };
            let total = e.total.map_or_else(|| "—".to_string(), |t| t.display());
            let _ = writeln!(o, "\n专家组总分 {}  等级 {}  结论 {}", total, e.grade.as_deref().unwrap_or("—"), verdict);
            for r in &e.requirements {
                let _ = writeln!(o, "  要求 {}：{} — {}", r.id, r.text, if r.met { "满足" } else { "不满足" });
            }
            for c in &e.contested {
                let _ = writeln!(o, "  注意：总分恰为 {} 分，{}（{}）", c.score, c.text, c.sources.join("、"));
            }
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
