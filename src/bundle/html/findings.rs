//! The findings sheet (认定表) of a review without a printed score sheet: every requirement and veto as the panel
//! found it, with its source, and the result in the province's words. It stands where a sheet review has its score
//! sheet.

use super::{Hash, Kv, date_cn, or_dash, render, result_words};
use crate::bundle::payload::Payload;
use crate::bundle::short_hash;

struct Row<'a> {
    text: &'a str,
    source: &'a str,
    answer: &'static str,
    note: String,
}

#[derive(askama::Template)]
#[template(path = "findings.html")]
struct Findings<'a> {
    title: String,
    footer: String,
    p: &'a Payload,
    header: Vec<Kv>,
    requirements: Vec<Row<'a>>,
    vetoes: Vec<Row<'a>>,
    distinctions: Vec<Row<'a>>,
    result: String,
    recused: String,
    hash: Hash<'a>,
}

pub(crate) fn findings_document(p: &Payload, sha: &str) -> String {
    let requirements = p
        .requirements
        .iter()
        .map(|q| Row {
            text: &q.text,
            source: &q.source,
            answer: match q.answer.as_str() {
                "met" => "满足",
                "unmet" => "不满足",
                _ => "未认定",
            },
            note: q.evidence.trim().to_string(),
        })
        .collect();
    let vetoes = p
        .vetoes
        .iter()
        .map(|v| Row {
            text: &v.text,
            source: &v.source,
            answer: match v.answer.as_str() {
                "yes" => "成立",
                "no" => "不成立",
                _ => "未认定",
            },
            note: v.evidence.trim().to_string(),
        })
        .collect();
    let distinctions = p
        .distinctions
        .iter()
        .map(|d| Row {
            text: &d.label,
            source: &d.source,
            answer: if d.answer == "yes" { "符合" } else { "不符合" },
            note: d.evidence.trim().to_string(),
        })
        .collect();
    let recused: Vec<&str> = p.panel.iter().filter(|x| x.recused).map(|x| x.name.as_str()).collect();
    let mut header = vec![
        Kv::text("企业名称", or_dash(&p.enterprise.name)),
        Kv::text("日期、地点", format!("{}　{}", or_dash(&date_cn(&p.review.date)), or_dash(&p.review.place))),
    ];
    if let Some(t) = &p.review_type {
        header.push(Kv::text("验收类型", t.label.clone()));
    }
    let view = Findings {
        title: format!("{} — {}", p.scorecard.title, p.enterprise.name),
        footer: format!("认定表　校验码 {}", short_hash(sha)),
        p,
        header,
        requirements,
        vetoes,
        distinctions,
        result: result_words(p),
        recused: recused.join("、"),
        hash: Hash::of(p, sha),
    };
    render(&view)
}
