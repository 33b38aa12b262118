//! The support unit's documents about cases: the 验收工作报告 (for a case, or for every case of a period), made from
//! each review's stored and signed results — the panel, recusals, scores, vetoes, conclusion, dissents and
//! signatures — and the 公示 notice listing the enterprises whose result is published, with the period counted from
//! the province's rule. Printable HTML through askama (escaped by default, the opinion's page style); the work
//! report is also a sheet of a workbook (`compile::work_report_xlsx`).

mod html;
mod notice;

use chrono::NaiveDate;

pub use html::{notice_html, work_report_html};
pub use notice::{case_card, notice_groups};

use super::signing::signers;
use crate::domain::case::{CaseFile, Deadline, Verdict, date_zh, verdict};
use crate::domain::review::{Role, Status};
use crate::domain::scoring::evaluate;
use crate::store::{Store, StoreError};

/// An expert of the panel as the report lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelLine {
    pub name: String,
    pub unit: String,
    pub title: String,
    pub field: String,
    pub role: &'static str,
    pub recused: bool,
    /// Their signing state (已签名, 持不同意见, 未签名, 回避).
    pub signature: &'static str,
    /// Their own total, where they scored.
    pub total: Option<String>,
}

/// One round of a case in the report: its review and what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportCase {
    pub case: i64,
    pub round: u32,
    pub review: i64,
    pub review_uid: String,
    /// The review a 复核 re-checks: its id and stable id.
    pub recheck_of: Option<(i64, String)>,
    pub enterprise: String,
    pub credit_code: String,
    pub industry: String,
    pub province: String,
    pub stage: String,
    pub track: String,
    pub sheet: String,
    pub visit: String,
    pub place: String,
    pub finalized: bool,
    pub panel: Vec<PanelLine>,
    /// Expert, reason, statement.
    pub recusals: Vec<(String, String, String)>,
    pub total: String,
    pub max_total: String,
    pub grade: Option<String>,
    /// 通过, 未通过, or the panel's to decide.
    pub result: String,
    /// The panel's conclusion (验收结论) as written in its opinion.
    pub conclusion: String,
    /// The vetoes that hold, in the sheet's words.
    pub vetoes: Vec<String>,
    /// Expert, written dissent.
    pub dissents: Vec<(String, String)>,
    /// The report's own deadline in the province's rule: due date (or why it cannot be counted) and source.
    pub due: Option<(String, String)>,
}

/// A round of a case made into a report entry, from the stored review (evaluated again) and its signatures.
pub fn report_case(
    store: &Store,
    case: &CaseFile,
    round: u32,
    deadlines: &[Deadline],
) -> Result<ReportCase, StoreError> {
    let r = case
        .review(round)
        .ok_or_else(|| StoreError::Case(crate::domain::case::CaseRefusal::NoReview { case: case.id }))?;
    let loaded = store.load(r.review_id)?;
    let (card, data) = (&loaded.card, &loaded.data);
    let eval = evaluate(card, &data.evaluation_input(card)).ok();
    let signed =
        if data.status == Status::Finalized { signers(store, r.review_id).unwrap_or_default() } else { vec![] };
    let totals: Vec<(String, String)> = eval
        .as_ref()
        .map(|e| e.experts.iter().map(|x| (x.name.clone(), x.total.to_string())).collect())
        .unwrap_or_default();
    let panel = data
        .experts
        .iter()
        .map(|e| {
            let recused = data.is_recused(e.id);
            let signature = if recused {
                "回避"
            } else {
                signed.iter().find(|s| s.expert == e.name).map_or("未签名", |s| s.status.label())
            };
            PanelLine {
                name: e.name.clone(),
                unit: e.unit.clone(),
                title: e.title.clone(),
                field: e.field.clone(),
                role: if e.role == Role::Lead { "组长" } else { "成员" },
                recused,
                signature,
                total: totals.iter().find(|(n, _)| n == &e.name).map(|(_, t)| t.clone()),
            }
        })
        .collect();
    let recusals = data
        .recusals
        .iter()
        .map(|x| {
            let name = data.expert(x.expert_id).map(|e| e.name.clone()).unwrap_or_default();
            (name, x.reason.clone(), x.statement.clone())
        })
        .collect();
    let result = match verdict(case, round) {
        Some(Verdict::Passed) => "通过".to_string(),
        Some(Verdict::Failed) => card.fail_label().unwrap_or("不通过").to_string(),
        None if data.status != Status::Finalized => "验收尚未定稿".to_string(),
        None => "由专家组判定（见验收结论）".to_string(),
    };
    let vetoes = eval
        .as_ref()
        .map(|e| {
            e.triggered_vetoes
                .iter()
                .map(|id| card.vetoes.iter().find(|v| &v.id == id).map_or_else(|| id.clone(), |v| v.text.clone()))
                .collect()
        })
        .unwrap_or_default();
    let due = deadlines
        .iter()
        .find(|d| d.round == round && d.met_by == Some(crate::domain::scorecard::procedure::Event::Report))
        .map(|d| {
            let when = match &d.due {
                Ok(x) => date_zh(*x),
                Err(e) => crate::domain::explain::Explain::zh(e),
            };
            (when, d.source.map(|s| s.to_string()).unwrap_or_default())
        });
    Ok(ReportCase {
        case: case.id,
        round,
        review: r.review_id,
        review_uid: r.uid.clone().unwrap_or_default(),
        recheck_of: store.recheck_of(r.review_id)?,
        enterprise: case.enterprise.clone(),
        credit_code: case.credit_code.clone(),
        industry: case.industry.clone(),
        province: case.province.clone(),
        stage: card.stage_label().to_string(),
        track: case.track.label().to_string(),
        sheet: format!("{}（{}）", card.title, card.id),
        visit: data.date.clone(),
        place: data.place.clone(),
        finalized: data.status == Status::Finalized,
        panel,
        recusals,
        total: eval.as_ref().and_then(|e| e.total).map_or_else(|| "—".into(), |t| t.display()),
        max_total: card.max_total.to_string(),
        grade: eval.as_ref().and_then(|e| e.grade.clone()),
        result,
        conclusion: data.opinion.conclusion.clone(),
        vetoes,
        dissents: signed.iter().filter_map(|s| s.dissent.clone().map(|d| (s.expert.clone(), d))).collect(),
        due,
    })
}

/// One enterprise of a 公示 notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeLine {
    pub enterprise: String,
    pub credit_code: String,
    pub stage: String,
    pub visit: String,
    pub result: String,
}

/// The enterprises of one province whose 公示 runs over the same days, and the rule that sets them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeGroup {
    pub province: String,
    pub start: NaiveDate,
    /// The last day, or why it cannot be counted.
    pub end: Result<NaiveDate, String>,
    pub period: String,
    pub place: Option<String>,
    /// The rule exactly as printed, and its lines.
    pub rule: String,
    pub source: String,
    pub lines: Vec<NoticeLine>,
}
