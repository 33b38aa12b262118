//! The sign-in sheet (签到表): the view of a payload that `templates/signin.html` prints.

use super::{Kv, date_cn, or_dash, payload_hash, render};
use crate::bundle::payload::Payload;
use crate::bundle::short_hash;

/// Blank rows at the end of the sign-in sheet, for those who come without being entered.
pub(super) const BLANK_ROWS: usize = 6;

struct Row<'a> {
    name: &'a str,
    unit: &'a str,
    position: &'a str,
    capacity: &'a str,
}

#[derive(askama::Template)]
#[template(path = "signin.html")]
struct Signin<'a> {
    title: String,
    footer: String,
    header: Vec<Kv>,
    rows: Vec<Row<'a>>,
    /// The numbers of the blank rows.
    blank: Vec<usize>,
    short: String,
}

/// The sign-in sheet (签到表): everyone entered, plus the panel experts not already entered, with an empty column for
/// the wet-ink signature, and blank rows to fill by hand.
pub fn signin_html(p: &Payload) -> String {
    signin_document(p, &payload_hash(p))
}

/// [`signin_html`] for a payload whose hash is known (`sha`, the SHA-256 of its canonical bytes).
pub fn signin_document(p: &Payload, sha: &str) -> String {
    let short = short_hash(sha);
    let mut rows: Vec<Row> = p
        .signins
        .iter()
        .map(|s| Row { name: &s.name, unit: &s.unit, position: &s.position, capacity: &s.capacity })
        .collect();
    for x in &p.panel {
        if p.signins.iter().any(|s| s.name.trim() == x.name.trim()) {
            continue;
        }
        let capacity = match (x.role.as_str(), x.recused) {
            (_, true) => "验收专家（回避）",
            ("lead", false) => "验收专家组组长",
            _ => "验收专家",
        };
        rows.push(Row { name: &x.name, unit: &x.unit, position: &x.title, capacity });
    }
    let view = Signin {
        title: format!("签到表 — {}", p.enterprise.name),
        footer: format!("签到表　校验码 {short}"),
        header: vec![
            Kv::text("企业名称", or_dash(&p.enterprise.name)),
            Kv::text("日期", or_dash(&date_cn(&p.review.date))),
            Kv::text("地点", or_dash(&p.review.place)),
        ],
        blank: (rows.len() + 1..rows.len() + 1 + BLANK_ROWS).collect(),
        rows,
        short,
    };
    render(&view)
}
