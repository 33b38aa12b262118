//! Printable documents of a finalized review: the acceptance opinion (验收意见) with its signature block, the filled
//! score sheet and the sign-in sheet (签到表).
//!
//! Each function returns a complete, standalone HTML5 document: UTF-8, all CSS inline, no external resource, no
//! script, every text from the review escaped. The CSS targets A4 paper (`@page { size: A4; margin: 20mm 18mm }`):
//! tables fill the page width with fixed layout and wrap long Chinese text anywhere, headers repeat on every page
//! and rows are not split. Every page's footer carries the short hash of the payload so that paper and file can be
//! matched; the opinion also ends with the full SHA-256.
//!
//! The markup is in askama templates (`templates/*.html`), compiled into the binary and checked when it is built.
//! Every value a template prints is escaped by [`HtmlText`] unless the template says otherwise, so the Rust side
//! here only prepares texts (the view of a payload that a document prints), never markup.

mod findings;
mod sheet;
mod signin;
#[cfg(test)]
mod tests;

use std::fmt;

use askama::Template;

use super::payload::{Payload, canonical};
use super::{SignStatus, SignerInfo, short_hash};
// `2026-11-28` → `2026年11月28日`: the official date, as the draft opinion writes it too.
use crate::domain::review::date_cn;
use crate::hex::sha256_hex;

pub use sheet::score_sheet_document;
pub use sheet::score_sheet_html;
pub use signin::signin_document;
pub use signin::signin_html;

/// The HTML escaper of every template: `& < > " '` become entities and a carriage return is dropped (so that a
/// document does not depend on the line ends a text was typed with). Bundles already exported carry documents
/// escaped so, and verification renders them again byte for byte: this spelling never changes.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlText;

impl askama::filters::Escaper for HtmlText {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        // The characters to replace are ASCII, so the text between them is copied as it is, a run at a time
        // (verification renders every document of every bundle it imports).
        let mut from = 0;
        for (at, b) in text.bytes().enumerate() {
            let with = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                b'\r' => "",
                _ => continue,
            };
            dest.write_str(&text[from..at])?;
            dest.write_str(with)?;
            from = at + 1;
        }
        dest.write_str(&text[from..])
    }
}

/// The escaper for the inside of a CSS string literal (`content:` in page margin boxes), safe inside a `<style>`
/// element: `" \ < > &` become CSS escapes and a control character a space.
#[derive(Clone, Copy, Debug, Default)]
pub struct CssText;

impl askama::filters::Escaper for CssText {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        for c in text.chars() {
            match c {
                '"' | '\\' | '<' | '>' | '&' => write!(dest, "\\{:X} ", c as u32)?,
                c if c.is_control() => dest.write_char(' ')?,
                c => dest.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Escapes a text for HTML element content and attribute values, as the templates do.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = askama::filters::Escaper::write_escaped_str(&HtmlText, &mut out, text);
    out
}

/// A CSS string literal, quotes included, as the templates write the page footer.
#[cfg(test)]
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    let _ = askama::filters::Escaper::write_escaped_str(&CssText, &mut out, text);
    out.push('"');
    out
}

/// A template rendered. Rendering writes into a `String` and the views hold only texts and numbers, so it cannot
/// fail; were it to, the document would come out empty and verification would refuse it, never a wrong document.
fn render(t: &impl Template) -> String {
    t.render().unwrap_or_default()
}

/// The SHA-256 of the payload's canonical bytes, as lowercase hex: the hash that the experts sign.
fn payload_hash(p: &Payload) -> String {
    sha256_hex(&canonical(p))
}

/// The text, or a dash for a blank one.
fn or_dash(text: &str) -> String {
    if text.trim().is_empty() { "—".to_string() } else { text.to_string() }
}

fn role_label(role: &str) -> &'static str {
    if role == "lead" { "组长" } else { "成员" }
}

/// The document's words for the review: a version 1 payload is printed as version 1 printed it (验收, 评分结果);
/// a later one in the source's word for its stage, and without points where it has none.
struct Words {
    stage: String,
    heading: String,
    result_heading: &'static str,
    conclusion_heading: String,
    result_label: String,
}

impl Words {
    fn of(p: &Payload) -> Words {
        let v1 = p.version < 2;
        let stage = if v1 { "验收".to_string() } else { p.scorecard.stage.clone() };
        Words {
            heading: format!("清洁生产审核{stage}意见"),
            result_heading: if !v1 && p.scorecard.kind == "rules" {
                "四、认定结果"
            } else {
                "四、评分结果"
            },
            conclusion_heading: format!("八、{stage}结论"),
            result_label: format!("{stage}结果"),
            stage,
        }
    }
}

/// A requirement as the panel found it, on one line.
fn requirement_line(q: &super::payload::RequirementPart) -> String {
    let text = q.text.trim_end_matches(['；', '。', ';', '，', '：']);
    match q.answer.as_str() {
        "met" => format!("{text}：满足"),
        "unmet" => format!("{text}：不满足（{}）", or_dash(q.evidence.trim())),
        _ => format!("{text}：未认定"),
    }
}

/// The result in words: as version 1 printed it, or the province's words (and who decided, where the panel did).
fn result_words(p: &Payload) -> String {
    if p.version < 2 {
        return verdict(p.result.passed).to_string();
    }
    p.conclusion_words().unwrap_or_else(|| "尚未判定".to_string())
}

/// What a result's pass mark says.
fn verdict(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "通过",
        Some(false) => "不通过",
        None => "本表未印合格线",
    }
}

/// One row of a two-column table: its label, and its text or its reasons (one a line).
struct Kv {
    key: std::borrow::Cow<'static, str>,
    text: String,
    reasons: Vec<String>,
}

impl Kv {
    fn text(key: &'static str, text: String) -> Kv {
        Kv { key: key.into(), text, reasons: Vec::new() }
    }

    fn text_owned(key: String, text: String) -> Kv {
        Kv { key: key.into(), text, reasons: Vec::new() }
    }

    fn lines(key: &'static str, reasons: Vec<String>) -> Kv {
        Kv { key: key.into(), text: String::new(), reasons }
    }
}

/// What the hash block at the end of a document prints.
struct Hash<'a> {
    short: String,
    uid: &'a str,
    revision: u32,
    finalized_at: &'a str,
    sha: &'a str,
}

impl<'a> Hash<'a> {
    fn of(p: &'a Payload, sha: &'a str) -> Hash<'a> {
        Hash {
            short: short_hash(sha),
            uid: &p.review.uid,
            revision: p.review.revision,
            finalized_at: &p.review.finalized_at,
            sha,
        }
    }
}

struct PanelRow<'a> {
    name: &'a str,
    unit: String,
    title: String,
    field: String,
    role: &'static str,
    recused: bool,
}

struct RecusalRow<'a> {
    expert: &'a str,
    reason: String,
    statement: String,
}

struct DissentRow<'a> {
    expert: &'a str,
    text: String,
}

struct SignatureRow<'a> {
    name: &'a str,
    role: &'static str,
    status: &'static str,
    key_id: Option<&'a str>,
    signed_at: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "opinion.html")]
struct Opinion<'a> {
    title: String,
    footer: String,
    heading: String,
    result_heading: &'static str,
    conclusion_heading: String,
    p: &'a Payload,
    sheet: String,
    enterprise: Vec<Kv>,
    overview: Vec<Kv>,
    panel: Vec<PanelRow<'a>>,
    result: Vec<Kv>,
    recusals: Vec<RecusalRow<'a>>,
    dissents: Vec<DissentRow<'a>>,
    signatures: Vec<SignatureRow<'a>>,
    hash: Hash<'a>,
}

/// The acceptance opinion (清洁生产审核验收意见) with the panel, the result, the opinion texts, recusals, dissents and
/// a signature block with each scoring expert's digital signature state and room for a wet-ink signature.
pub fn opinion_html(p: &Payload, signers: &[SignerInfo], payload_sha256: &str) -> String {
    let e = &p.enterprise;
    let sheet = format!("{}　{}（{}）", p.scorecard.province, p.scorecard.title, p.scorecard.stage);
    let words = Words::of(p);
    let r = &p.result;
    let mut result = Vec::new();
    if let (Some(total), Some(exact), Some(max)) = (&r.total, &r.total_exact, &r.max_total) {
        let total = if exact != total && !exact.is_empty() {
            format!("{total}（精确值 {exact}），满分 {max}")
        } else {
            format!("{total}，满分 {max}")
        };
        let experts: Vec<String> = r.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect();
        result.push(Kv::text("专家组评分（各专家总分的平均）", total));
        result.push(Kv::text("各专家总分", if experts.is_empty() { "—".into() } else { experts.join("；") }));
        result.push(Kv::text("等级", r.grade.clone().unwrap_or_else(|| "—".to_string())));
    }
    if let Some(t) = &p.review_type {
        result.push(Kv::text("验收类型", t.label.clone()));
    }
    if !p.requirements.is_empty() {
        let lines = p.requirements.iter().map(requirement_line).collect();
        result.push(Kv::lines("要求", lines));
    }
    result.push(Kv::text_owned(words.result_label.clone(), result_words(p)));
    if let Some(d) = &p.decision {
        result.push(Kv::text("专家组判定理由", or_dash(&d.reason)));
    }
    if !r.distinctions.is_empty() {
        result.push(Kv::text("条件等级", r.distinctions.join("、")));
    }
    for c in &r.contested {
        let line = format!("总分恰为 {} 分：{}（{}）", c.score, c.text, c.sources.join("、"));
        result.push(Kv::lines("界限有争议", vec![line]));
    }
    if r.vetoed || !r.triggered_vetoes.is_empty() {
        let fired = r
            .triggered_vetoes
            .iter()
            .map(|id| p.vetoes.iter().find(|v| &v.id == id).map_or_else(|| id.clone(), |v| v.text.clone()))
            .collect();
        result.push(Kv::lines("否决项（成立）", fired));
    } else {
        result.push(Kv::text("否决项", "无否决项成立".to_string()));
    }
    let signatures = p
        .panel
        .iter()
        .filter(|x| !x.recused)
        .map(|x| {
            let info = signers.iter().find(|s| s.expert == x.name);
            SignatureRow {
                name: &x.name,
                role: role_label(&x.role),
                status: info.map_or(SignStatus::Missing, |s| s.status).label(),
                key_id: info.and_then(|s| s.key_id.as_deref()),
                signed_at: info.and_then(|s| s.signed_at.as_deref()),
            }
        })
        .collect();
    let view = Opinion {
        title: format!("{} — {}", words.heading, e.name),
        footer: format!("{}意见　校验码 {}", words.stage, short_hash(payload_sha256)),
        heading: words.heading.clone(),
        result_heading: words.result_heading,
        conclusion_heading: words.conclusion_heading.clone(),
        p,
        enterprise: vec![
            Kv::text("企业名称", or_dash(&e.name)),
            Kv::text("统一社会信用代码", or_dash(&e.credit_code)),
            Kv::text("地址", or_dash(&e.address)),
            Kv::text("所属行业", or_dash(&e.industry)),
            Kv::text("审核类别", or_dash(&e.track)),
            Kv::text("咨询服务机构", or_dash(&e.agency)),
        ],
        overview: vec![
            Kv::text("验收日期", or_dash(&date_cn(&p.review.date))),
            Kv::text("验收地点", or_dash(&p.review.place)),
            if p.version >= 2 && p.scorecard.kind == "rules" {
                Kv::text_owned(format!("{}依据", words.stage), sheet.clone())
            } else {
                Kv::text("评分依据", sheet.clone())
            },
        ],
        sheet,
        panel: p
            .panel
            .iter()
            .map(|x| PanelRow {
                name: &x.name,
                unit: or_dash(&x.unit),
                title: or_dash(&x.title),
                field: or_dash(&x.field),
                role: role_label(&x.role),
                recused: x.recused,
            })
            .collect(),
        result,
        recusals: p
            .recusals
            .iter()
            .map(|x| RecusalRow {
                expert: &x.expert,
                reason: or_dash(&x.reason),
                statement: or_dash(x.statement.trim_end()),
            })
            .collect(),
        dissents: signers
            .iter()
            .filter(|s| s.status == SignStatus::Dissented)
            .map(|s| DissentRow { expert: &s.expert, text: or_dash(s.dissent.as_deref().unwrap_or("").trim_end()) })
            .collect(),
        signatures,
        hash: Hash::of(p, payload_sha256),
    };
    render(&view)
}
