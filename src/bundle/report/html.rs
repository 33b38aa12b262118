//! The work report and the 公示 notice rendered: askama templates in `templates/` (`work_report.html`,
//! `notice.html`), on the frame every document shares (`document.html`), every value escaped.

use askama::Template;
use chrono::NaiveDate;

use super::{NoticeGroup, ReportCase};
use crate::domain::case::date_zh;
use crate::domain::review::date_cn;

/// One row of a two-column table.
struct Kv {
    key: &'static str,
    text: String,
    reasons: Vec<String>,
}

fn kv(key: &'static str, text: impl Into<String>) -> Kv {
    let text = text.into();
    Kv { key, text: if text.trim().is_empty() { "—".into() } else { text }, reasons: Vec::new() }
}

/// A case as the template prints it.
struct CaseView<'a> {
    c: &'a ReportCase,
    heading: String,
    enterprise: Vec<Kv>,
    overview: Vec<Kv>,
    result: Vec<Kv>,
}

fn view(c: &ReportCase) -> CaseView<'_> {
    let round = match &c.recheck_of {
        Some((id, uid)) => format!("第 {} 轮（复核，复核验收 {id}，评审编号 {uid}）", c.round),
        None => format!("第 {} 轮", c.round),
    };
    let mut result = vec![
        kv(
            "专家组评分（各专家总分的平均）",
            if c.max_total == "0" { "—".to_string() } else { format!("{}，满分 {}", c.total, c.max_total) },
        ),
        kv("等级", c.grade.clone().unwrap_or_default()),
        kv("验收结果", c.result.clone()),
    ];
    if c.vetoes.is_empty() {
        result.push(kv("否决项", "无否决项成立"));
    } else {
        result.push(Kv { key: "否决项（成立）", text: String::new(), reasons: c.vetoes.clone() });
    }
    result.push(kv("验收结论（专家组）", c.conclusion.trim_end().to_string()));
    CaseView {
        c,
        heading: format!("{}（案件 {}）", c.enterprise, c.case),
        enterprise: vec![
            kv("企业名称", c.enterprise.clone()),
            kv("统一社会信用代码", c.credit_code.clone()),
            kv("所属行业", c.industry.clone()),
            kv("省份", c.province.clone()),
            kv("审核类别", c.track.clone()),
        ],
        overview: vec![
            kv("现场验收日期", date_cn(&c.visit)),
            kv("验收地点", c.place.clone()),
            kv("依据", format!("{}　{}", c.stage, c.sheet)),
            kv("轮次", round),
            kv(
                "验收编号",
                format!("{}（评审编号 {}）{}", c.review, c.review_uid, if c.finalized { "" } else { "，尚未定稿" }),
            ),
            kv(
                "工作报告期限",
                c.due
                    .as_ref()
                    .map(|(d, s)| format!("{d}（{s}）"))
                    .unwrap_or_else(|| crate::domain::case::SILENT.to_string()),
            ),
        ],
        result,
    }
}

struct SummaryRow<'a> {
    c: &'a ReportCase,
    visit: String,
}

#[derive(Template)]
#[template(path = "work_report.html")]
struct WorkReport<'a> {
    title: String,
    footer: String,
    subtitle: String,
    summary: Vec<SummaryRow<'a>>,
    cases: Vec<CaseView<'a>>,
    made_on: String,
}

/// The 验收工作报告 of one case's round, or of every case of a period (`period`), made on `made_on`.
pub fn work_report_html(cases: &[ReportCase], period: Option<(NaiveDate, NaiveDate)>, made_on: NaiveDate) -> String {
    let subtitle = match (period, cases) {
        (Some((a, b)), _) => format!("{}至{}　共 {} 项", date_zh(a), date_zh(b), cases.len()),
        (None, [one]) => format!("{}　{}", one.enterprise, date_cn(&one.visit)),
        (None, _) => format!("共 {} 项", cases.len()),
    };
    let view = WorkReport {
        title: format!("清洁生产审核验收工作报告 — {subtitle}"),
        footer: format!("验收工作报告　{}", date_zh(made_on)),
        subtitle,
        summary: cases.iter().map(|c| SummaryRow { c, visit: date_cn(&c.visit) }).collect(),
        cases: cases.iter().map(view).collect(),
        made_on: date_zh(made_on),
    };
    view.render().unwrap_or_default()
}

struct GroupView<'a> {
    g: &'a NoticeGroup,
    period: String,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Notice<'a> {
    title: String,
    footer: String,
    groups: Vec<GroupView<'a>>,
    made_on: String,
}

/// The 公示 notice: per province and period, the enterprises whose result is published.
pub fn notice_html(groups: &[NoticeGroup], made_on: NaiveDate) -> String {
    let view = Notice {
        title: "清洁生产审核验收结果公示".into(),
        footer: format!("公示　{}", date_zh(made_on)),
        groups: groups
            .iter()
            .map(|g| GroupView {
                g,
                period: match &g.end {
                    Ok(end) => format!("{}至{}（{}）", date_zh(g.start), date_zh(*end), g.period),
                    Err(why) => format!("{}起，{}（期满日无法计算：{why}）", date_zh(g.start), g.period),
                },
            })
            .collect(),
        made_on: date_zh(made_on),
    };
    view.render().unwrap_or_default()
}
