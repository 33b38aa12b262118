//! Printable documents of a finalized review: the acceptance opinion (验收意见) with its signature block, the filled
//! score sheet and the sign-in sheet (签到表).
//!
//! Each function returns a complete, standalone HTML5 document: UTF-8, all CSS inline, no external resource, no
//! script, every text from the review escaped. The CSS targets A4 paper (`@page { size: A4; margin: 20mm 18mm }`):
//! tables fill the page width with fixed layout and wrap long Chinese text anywhere, headers repeat on every page
//! and rows are not split. Every page's footer carries the short hash of the payload so that paper and file can be
//! matched; the opinion also ends with the full SHA-256.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::payload::{PayloadV1, canonical};
use super::{SignStatus, SignerInfo, short_hash};
use crate::domain::points::{Mean, Points};
use crate::domain::scorecard::Scorecard;
use crate::domain::scoring::{EvaluationInput, ExpertInput, FactInput, Literal, settled_items};

/// Escapes a text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The characters to replace are ASCII, so the text between them is copied as it is, a run at a time (verification
    // renders every document of every bundle it imports).
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
        out.push_str(&text[from..at]);
        out.push_str(with);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// A CSS string literal (for `content:` in page margin boxes), safe inside a `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:X} ", c as u32);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The SHA-256 of the payload's canonical bytes, as lowercase hex: the hash that the experts sign.
fn payload_hash(p: &PayloadV1) -> String {
    Sha256::digest(canonical(p)).iter().map(|b| format!("{b:02x}")).collect()
}

const CSS: &str = r#"
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 11pt;
  line-height: 1.5;
  color: #000;
  background: #fff;
  word-break: break-all;
  overflow-wrap: anywhere;
}
@media screen { body { max-width: 174mm; margin: 10mm auto; } }
* { box-sizing: border-box; max-width: 100%; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.1em; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0; }
.sub { text-align: center; margin: 0 0 4mm; }
.pre { white-space: pre-wrap; margin: 0 0 2mm; }
table {
  border-collapse: collapse;
  width: 100%;
  table-layout: fixed;
  margin: 0 0 3mm;
  word-break: break-all;
  overflow-wrap: anywhere;
}
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td {
  border: 0.6pt solid #000;
  padding: 1mm 1.5mm;
  vertical-align: top;
  text-align: left;
  word-break: break-all;
  overflow-wrap: anywhere;
}
th { font-weight: bold; background: #fff; }
table.kv th { width: 24%; }
td.num, th.num { text-align: center; }
td.sign { height: 16mm; }
td.fill { height: 11mm; }
tr.section td { font-weight: bold; }
tr.subtotal td, tr.total td { font-weight: bold; }
tr.reasons td { font-size: 9.5pt; }
.reason { margin: 0 0 0.5mm; }
.note { font-size: 9.5pt; }
.hash { margin-top: 6mm; font-size: 9pt; border-top: 0.6pt solid #000; padding-top: 2mm; break-inside: avoid; }
.hash code { font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; }
"#;

/// Wraps a body into a complete document; `footer` is printed at the bottom left of every page, the page number at
/// the bottom right.
fn document(title: &str, footer: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n\
         @page {{\n  size: A4;\n  margin: 20mm 18mm;\n  \
         @bottom-left {{ content: {footer}; vertical-align: top; padding-top: 2mm; font-size: 8pt; }}\n  \
         @bottom-right {{ content: \"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"; vertical-align: top; padding-top: 2mm; font-size: 8pt; }}\n}}\
         {CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        title = escape(title),
        footer = css_string(footer),
    )
}

/// `2026-11-28` → `2026年11月28日`; any other text is shown as it is.
fn date_cn(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && y.len() == 4
        && [y, m, d].iter().all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    {
        let m: u32 = m.parse().unwrap_or(0);
        let d: u32 = d.parse().unwrap_or(0);
        return format!("{y}年{m}月{d}日");
    }
    date.to_string()
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() { "—".to_string() } else { escape(text) }
}

fn role_label(role: &str) -> &'static str {
    if role == "lead" { "组长" } else { "成员" }
}

/// Chinese section numbers for headings: 一、二、…
struct Numbering(usize);

impl Numbering {
    fn next(&mut self) -> String {
        const N: [&str; 20] = [
            "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
            "十七", "十八", "十九", "二十",
        ];
        self.0 += 1;
        N.get(self.0 - 1).map_or_else(|| format!("{}、", self.0), |n| format!("{n}、"))
    }
}

fn kv_table(out: &mut String, rows: &[(&str, String)]) {
    out.push_str("<table class=\"kv\"><tbody>\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td>{v}</td></tr>", escape(k));
    }
    out.push_str("</tbody></table>\n");
}

fn text_section(out: &mut String, n: &mut Numbering, heading: &str, text: &str) {
    let _ = writeln!(out, "<h2>{}{}</h2>", n.next(), escape(heading));
    let text = text.trim_end();
    if text.trim().is_empty() {
        out.push_str("<p class=\"pre\">（无）</p>\n");
    } else {
        let _ = writeln!(out, "<p class=\"pre\">{}</p>", escape(text));
    }
}

fn hash_block(out: &mut String, p: &PayloadV1, sha: &str) {
    let _ = writeln!(
        out,
        "<div class=\"hash\"><p>校验码：<strong><code>{short}</code></strong>（评审编号 <code>{uid}</code>，第 {rev} 版，定稿于 {at}）</p>\
         <p>签名载荷 SHA-256：<code>{sha}</code></p></div>",
        short = escape(&short_hash(sha)),
        uid = escape(&p.review.uid),
        rev = p.review.revision,
        at = escape(&p.review.finalized_at),
        sha = escape(sha),
    );
}

/// The acceptance opinion (清洁生产审核验收意见) with the panel, the result, the opinion texts, recusals, dissents and
/// a signature block with each scoring expert's digital signature state and room for a wet-ink signature.
pub fn opinion_html(p: &PayloadV1, signers: &[SignerInfo], payload_sha256: &str) -> String {
    let short = short_hash(payload_sha256);
    let mut n = Numbering(0);
    let mut b = String::new();
    let _ = writeln!(b, "<h1>清洁生产审核验收意见</h1>");
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}　{}（{}）</p>",
        escape(&p.scorecard.province),
        escape(&p.scorecard.title),
        escape(&p.scorecard.stage)
    );

    let e = &p.enterprise;
    let _ = writeln!(b, "<h2>{}企业基本情况</h2>", n.next());
    kv_table(
        &mut b,
        &[
            ("企业名称", or_dash(&e.name)),
            ("统一社会信用代码", or_dash(&e.credit_code)),
            ("地址", or_dash(&e.address)),
            ("所属行业", or_dash(&e.industry)),
            ("审核类别", or_dash(&e.track)),
            ("咨询服务机构", or_dash(&e.agency)),
        ],
    );

    let _ = writeln!(b, "<h2>{}验收概况</h2>", n.next());
    kv_table(
        &mut b,
        &[
            ("验收日期", or_dash(&date_cn(&p.review.date))),
            ("验收地点", or_dash(&p.review.place)),
            (
                "评分依据",
                format!(
                    "{}　{}（{}）",
                    escape(&p.scorecard.province),
                    escape(&p.scorecard.title),
                    escape(&p.scorecard.stage)
                ),
            ),
        ],
    );

    let _ = writeln!(b, "<h2>{}专家组</h2>", n.next());
    b.push_str(
        "<table><colgroup><col style=\"width:7%\"><col style=\"width:14%\"><col style=\"width:29%\">\
         <col style=\"width:17%\"><col style=\"width:11%\"><col style=\"width:10%\"><col style=\"width:12%\"></colgroup>\n\
         <thead><tr><th class=\"num\">序号</th><th>姓名</th><th>工作单位</th><th>职称</th><th>专业领域</th>\
         <th>组内职务</th><th>备注</th></tr></thead><tbody>\n",
    );
    for (i, x) in p.panel.iter().enumerate() {
        let _ = writeln!(
            b,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            escape(&x.name),
            or_dash(&x.unit),
            or_dash(&x.title),
            or_dash(&x.field),
            role_label(&x.role),
            if x.recused { "回避" } else { "" }
        );
    }
    b.push_str("</tbody></table>\n");

    let r = &p.result;
    let _ = writeln!(b, "<h2>{}评分结果</h2>", n.next());
    let total = if r.total_exact != r.total && !r.total_exact.is_empty() {
        format!("{}（精确值 {}），满分 {}", escape(&r.total), escape(&r.total_exact), escape(&r.max_total))
    } else {
        format!("{}，满分 {}", escape(&r.total), escape(&r.max_total))
    };
    let verdict = match r.passed {
        Some(true) => "通过".to_string(),
        Some(false) => "不通过".to_string(),
        None => "本表未印合格线".to_string(),
    };
    let experts: Vec<String> = r.experts.iter().map(|x| format!("{} {}", escape(&x.name), escape(&x.total))).collect();
    let mut rows = vec![
        ("专家组评分（各专家总分的平均）", total),
        ("各专家总分", if experts.is_empty() { "—".into() } else { experts.join("；") }),
        ("等级", r.grade.as_deref().map_or_else(|| "—".to_string(), escape)),
        ("验收结果", verdict),
    ];
    if r.vetoed || !r.triggered_vetoes.is_empty() {
        let fired: Vec<String> = r
            .triggered_vetoes
            .iter()
            .map(|id| match p.vetoes.iter().find(|v| &v.id == id) {
                Some(v) => format!("<div class=\"reason\">{}</div>", escape(&v.text)),
                None => format!("<div class=\"reason\">{}</div>", escape(id)),
            })
            .collect();
        rows.push(("否决项（成立）", fired.concat()));
    } else {
        rows.push(("否决项", "无否决项成立".to_string()));
    }
    kv_table(&mut b, &rows);

    text_section(&mut b, &mut n, "综合评定意见", &p.opinion.summary);
    text_section(&mut b, &mut n, "存在问题", &p.opinion.problems);
    text_section(&mut b, &mut n, "建议", &p.opinion.suggestions);
    text_section(&mut b, &mut n, "验收结论", &p.opinion.conclusion);

    let _ = writeln!(b, "<h2>{}回避情况</h2>", n.next());
    if p.recusals.is_empty() {
        b.push_str("<p>无专家回避。</p>\n");
    } else {
        b.push_str(
            "<table><colgroup><col style=\"width:16%\"><col style=\"width:28%\"><col style=\"width:56%\"></colgroup>\n\
             <thead><tr><th>专家</th><th>回避事由</th><th>本人声明</th></tr></thead><tbody>\n",
        );
        for x in &p.recusals {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td>{}</td><td class=\"pre\">{}</td></tr>",
                escape(&x.expert),
                or_dash(&x.reason),
                or_dash(x.statement.trim_end())
            );
        }
        b.push_str("</tbody></table>\n");
    }

    let _ = writeln!(b, "<h2>{}不同意见</h2>", n.next());
    let dissents: Vec<&SignerInfo> = signers.iter().filter(|s| s.status == SignStatus::Dissented).collect();
    if dissents.is_empty() {
        b.push_str("<p>无。</p>\n");
    } else {
        b.push_str(
            "<table><colgroup><col style=\"width:16%\"><col style=\"width:84%\"></colgroup>\n\
             <thead><tr><th>专家</th><th>个人书面意见</th></tr></thead><tbody>\n",
        );
        for s in dissents {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"pre\">{}</td></tr>",
                escape(&s.expert),
                or_dash(s.dissent.as_deref().unwrap_or("").trim_end())
            );
        }
        b.push_str("</tbody></table>\n");
    }

    let _ = writeln!(b, "<h2>{}专家组签名</h2>", n.next());
    b.push_str(
        "<table><colgroup><col style=\"width:14%\"><col style=\"width:9%\"><col style=\"width:33%\">\
         <col style=\"width:28%\"><col style=\"width:16%\"></colgroup>\n\
         <thead><tr><th>专家</th><th>职务</th><th>电子签名</th><th>手写签名</th><th>日期</th></tr></thead><tbody>\n",
    );
    for x in p.panel.iter().filter(|x| !x.recused) {
        let info = signers.iter().find(|s| s.expert == x.name);
        let status = info.map_or(SignStatus::Missing, |s| s.status);
        let mut digital = escape(status.label());
        if let Some(k) = info.and_then(|s| s.key_id.as_deref()) {
            let _ = write!(digital, "<br><span class=\"note\">密钥 <code>{}</code></span>", escape(k));
        }
        if let Some(t) = info.and_then(|s| s.signed_at.as_deref()) {
            let _ = write!(digital, "<br><span class=\"note\">{}</span>", escape(t));
        }
        let _ = writeln!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{digital}</td><td class=\"sign\"></td><td class=\"sign\"></td></tr>",
            escape(&x.name),
            role_label(&x.role)
        );
    }
    b.push_str("</tbody></table>\n");
    hash_block(&mut b, p, payload_sha256);

    document(&format!("清洁生产审核验收意见 — {}", p.enterprise.name), &format!("验收意见　校验码 {short}"), &b)
}

/// The filled score sheet: every section and item in sheet order with its maximum, each scoring expert's score, the
/// exact mean and every reason for a deduction; section subtotals per expert, the totals and the panel total.
pub fn score_sheet_html(p: &PayloadV1, card: &Scorecard) -> String {
    score_sheet_document(p, card, &payload_hash(p))
}

/// [`score_sheet_html`] for a payload whose hash is known (`sha`, the SHA-256 of its canonical bytes).
pub(crate) fn score_sheet_document(p: &PayloadV1, card: &Scorecard, sha: &str) -> String {
    let short = short_hash(sha);
    let experts: Vec<&str> = p.panel.iter().filter(|x| !x.recused).map(|x| x.name.as_str()).collect();
    let n = experts.len();
    let scores: BTreeMap<(&str, &str), &super::payload::ScorePart> =
        p.scores.iter().map(|s| ((s.expert.as_str(), s.item.as_str()), s)).collect();
    let settled = settled_items(card, &evaluation_input(p));
    let item_max = |id: &str, default: Points| -> Points {
        p.weights.get(id).and_then(|w| Points::parse(w).ok()).unwrap_or(default)
    };
    let score_of = |expert: &str, item: &str| -> Option<Points> {
        settled.get(item).copied().or_else(|| scores.get(&(expert, item)).and_then(|s| Points::parse(&s.score).ok()))
    };

    // Column widths: number, title, maximum, one per expert, mean.
    let expert_w = if n == 0 { 0.0 } else { (42.0 / n as f64).min(9.0) };
    let title_w = 100.0 - 8.0 - 7.0 - 9.0 - expert_w * n as f64;
    let cols = 4 + n;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", escape(&p.scorecard.title));
    let _ = writeln!(
        b,
        "<p class=\"sub\">{}　{}　评分汇总表</p>",
        escape(&p.scorecard.province),
        escape(&p.scorecard.stage)
    );
    kv_table(
        &mut b,
        &[
            ("企业名称", or_dash(&p.enterprise.name)),
            ("验收日期、地点", format!("{}　{}", or_dash(&date_cn(&p.review.date)), or_dash(&p.review.place))),
        ],
    );
    let _ = write!(
        b,
        "<table class=\"sheet\"><colgroup><col style=\"width:8%\"><col style=\"width:{title_w:.2}%\"><col style=\"width:7%\">"
    );
    for _ in 0..n {
        let _ = write!(b, "<col style=\"width:{expert_w:.2}%\">");
    }
    b.push_str("<col style=\"width:9%\"></colgroup>\n<thead><tr><th class=\"num\">序号</th><th>评分项目</th><th class=\"num\">分值</th>");
    for x in &experts {
        let _ = write!(b, "<th class=\"num\">{}</th>", escape(x));
    }
    b.push_str("<th class=\"num\">平均</th></tr></thead>\n<tbody>\n");

    let empty_cells = |k: usize| "<td></td>".repeat(k);
    for s in &card.sections {
        let section_max =
            p.result.sections.iter().find(|x| x.id == s.id).map_or_else(|| s.points.to_string(), |x| x.max.clone());
        let _ = writeln!(
            b,
            "<tr class=\"section\"><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>{}</tr>",
            escape(&s.number),
            escape(&s.title),
            escape(&section_max),
            empty_cells(n + 1)
        );
        let mut subtotal = vec![Points::ZERO; n];
        for item in card.items.iter().filter(|i| i.section == s.id) {
            let max = item_max(&item.id, item.points);
            // 1.5 mm and 4 mm a level: the same text as `{:.1}` of 1.5 + 4 × depth, without formatting a float.
            let indent = format!(" style=\"padding-left:{}.5mm\"", 1 + 4 * item.depth);
            let _ = write!(
                b,
                "<tr><td class=\"num\">{}</td><td{indent}>{}</td><td class=\"num\">{max}</td>",
                escape(&item.number),
                escape(&item.title)
            );
            if !item.scored {
                let _ = writeln!(b, "{}</tr>", empty_cells(n + 1));
                continue;
            }
            let mut given = Vec::new();
            for (k, x) in experts.iter().enumerate() {
                match score_of(x, &item.id) {
                    Some(v) => {
                        subtotal[k] = subtotal[k] + v;
                        given.push(v);
                        let _ = write!(b, "<td class=\"num\">{v}</td>");
                    }
                    None => b.push_str("<td class=\"num\">—</td>"),
                }
            }
            let mean = Mean::of(given).map_or_else(|| "—".to_string(), Mean::display);
            let _ = writeln!(b, "<td class=\"num\">{mean}</td></tr>");

            let mut notes = String::new();
            if let Some(v) = settled.get(item.id.as_str()) {
                let _ = write!(notes, "<div class=\"reason\">按专家组认定的事实确定为 {v} 分。</div>");
            } else {
                for x in &experts {
                    let Some(sp) = scores.get(&(*x, item.id.as_str())) else { continue };
                    let reason = sp.reason.trim();
                    if reason.is_empty() {
                        continue;
                    }
                    let deduction = Points::parse(&sp.score).ok().filter(|v| *v < max).map(|v| max - v);
                    let _ = write!(
                        notes,
                        "<div class=\"reason\"><strong>{}</strong>{}：<span class=\"pre\">{}</span>",
                        escape(x),
                        deduction.map_or_else(String::new, |d| format!("（扣 {d} 分）")),
                        escape(reason)
                    );
                    if !sp.evidence.trim().is_empty() {
                        let _ = write!(notes, "（依据：{}）", escape(sp.evidence.trim()));
                    }
                    notes.push_str("</div>");
                }
            }
            if !notes.is_empty() {
                let _ = writeln!(
                    b,
                    "<tr class=\"reasons\"><td></td><td colspan=\"{}\"><span class=\"note\">扣分原因：</span>{notes}</td></tr>",
                    cols - 1
                );
            }
        }
        let _ = write!(
            b,
            "<tr class=\"subtotal\"><td></td><td>{} 小计</td><td class=\"num\">{}</td>",
            escape(&s.number),
            escape(&section_max)
        );
        for v in &subtotal {
            let _ = write!(b, "<td class=\"num\">{v}</td>");
        }
        let mean = p.result.sections.iter().find(|x| x.id == s.id).map_or_else(
            || Mean::of(subtotal.iter().copied()).map_or_else(|| "—".to_string(), Mean::display),
            |x| x.score.clone(),
        );
        let _ = writeln!(b, "<td class=\"num\">{}</td></tr>", escape(&mean));
    }
    for (id, value) in &p.bonuses {
        let (title, max) = card
            .bonuses
            .iter()
            .find(|x| &x.id == id)
            .map_or_else(|| (id.clone(), String::new()), |x| (x.title.clone(), x.max.to_string()));
        let _ = write!(b, "<tr><td></td><td>加分：{}</td><td class=\"num\">{}</td>", escape(&title), escape(&max));
        for _ in 0..n {
            let _ = write!(b, "<td class=\"num\">{}</td>", escape(value));
        }
        let _ = writeln!(b, "<td class=\"num\">{}</td></tr>", escape(value));
    }
    let _ =
        write!(b, "<tr class=\"total\"><td></td><td>合计</td><td class=\"num\">{}</td>", escape(&p.result.max_total));
    for x in &experts {
        let t = p.result.experts.iter().find(|e| e.name == *x).map_or("—", |e| e.total.as_str());
        let _ = write!(b, "<td class=\"num\">{}</td>", escape(t));
    }
    let _ = writeln!(b, "<td class=\"num\">{}</td></tr>", escape(&p.result.total));
    b.push_str("</tbody></table>\n");

    let r = &p.result;
    let verdict = match r.passed {
        Some(true) => "通过",
        Some(false) => "不通过",
        None => "本表未印合格线",
    };
    let _ = writeln!(
        b,
        "<p>专家组评分 <strong>{}</strong>（精确值 {}，满分 {}）；等级：{}；结果：{}。</p>",
        escape(&r.total),
        escape(&r.total_exact),
        escape(&r.max_total),
        r.grade.as_deref().map_or_else(|| "—".to_string(), escape),
        verdict
    );
    let recused: Vec<String> = p.panel.iter().filter(|x| x.recused).map(|x| escape(&x.name)).collect();
    if !recused.is_empty() {
        let _ = writeln!(b, "<p class=\"note\">回避（不参与评分）：{}。</p>", recused.join("、"));
    }
    b.push_str("<p class=\"note\">平均为各评分专家分数的算术平均，按精确值四舍五入到两位小数。</p>\n");
    hash_block(&mut b, p, sha);

    document(&format!("{} — {}", p.scorecard.title, p.enterprise.name), &format!("评分汇总表　校验码 {short}"), &b)
}

/// The engine's view of a payload's facts and weights, to know which items the facts settle.
fn evaluation_input(p: &PayloadV1) -> EvaluationInput {
    EvaluationInput {
        experts: p
            .panel
            .iter()
            .map(|x| ExpertInput { name: x.name.clone(), recused: x.recused, scores: BTreeMap::new() })
            .collect(),
        bonuses: BTreeMap::new(),
        vetoes: Vec::new(),
        facts: p.facts.iter().map(|(k, v)| (k.clone(), FactInput::from_stored(v))).collect(),
        weights: p.weights.iter().map(|(k, v)| (k.clone(), Literal(v.clone()))).collect(),
    }
}

/// Blank rows at the end of the sign-in sheet, for those who come without being entered.
const BLANK_ROWS: usize = 6;

/// The sign-in sheet (签到表): everyone entered, plus the panel experts not already entered, with an empty column for
/// the wet-ink signature, and blank rows to fill by hand.
pub fn signin_html(p: &PayloadV1) -> String {
    signin_document(p, &payload_hash(p))
}

/// [`signin_html`] for a payload whose hash is known (`sha`, the SHA-256 of its canonical bytes).
pub(crate) fn signin_document(p: &PayloadV1, sha: &str) -> String {
    let short = short_hash(sha);
    let mut b = String::new();
    let _ = writeln!(b, "<h1>清洁生产审核验收会议签到表</h1>");
    kv_table(
        &mut b,
        &[
            ("企业名称", or_dash(&p.enterprise.name)),
            ("日期", or_dash(&date_cn(&p.review.date))),
            ("地点", or_dash(&p.review.place)),
        ],
    );
    b.push_str(
        "<table><colgroup><col style=\"width:6%\"><col style=\"width:12%\"><col style=\"width:28%\">\
         <col style=\"width:14%\"><col style=\"width:14%\"><col style=\"width:26%\"></colgroup>\n\
         <thead><tr><th class=\"num\">序号</th><th>姓名</th><th>单位</th><th>职务/职称</th><th>参会身份</th><th>签名</th></tr></thead>\n<tbody>\n",
    );
    let mut rows: Vec<[String; 4]> =
        p.signins.iter().map(|s| [s.name.clone(), s.unit.clone(), s.position.clone(), s.capacity.clone()]).collect();
    for x in &p.panel {
        if p.signins.iter().any(|s| s.name.trim() == x.name.trim()) {
            continue;
        }
        let capacity = match (x.role.as_str(), x.recused) {
            (_, true) => "验收专家（回避）",
            ("lead", false) => "验收专家组组长",
            _ => "验收专家",
        };
        rows.push([x.name.clone(), x.unit.clone(), x.title.clone(), capacity.to_string()]);
    }
    for (i, [name, unit, position, capacity]) in rows.iter().enumerate() {
        let _ = writeln!(
            b,
            "<tr><td class=\"num fill\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td></td></tr>",
            i + 1,
            escape(name),
            escape(unit),
            escape(position),
            escape(capacity)
        );
    }
    for i in 0..BLANK_ROWS {
        let _ = writeln!(
            b,
            "<tr><td class=\"num fill\">{}</td><td></td><td></td><td></td><td></td><td></td></tr>",
            rows.len() + i + 1
        );
    }
    b.push_str("</tbody></table>\n");
    let _ = writeln!(b, "<p class=\"note\">校验码：<code>{}</code></p>", escape(&short));

    document(&format!("签到表 — {}", p.enterprise.name), &format!("签到表　校验码 {short}"), &b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::payload::*;

    #[test]
    fn escapes_markup_and_ampersands() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("A&B \"x\" 'y'"), "A&amp;B &quot;x&quot; &#39;y&#39;");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("中文\r\n第二行"), "中文\n第二行");
        assert_eq!(css_string("a\"b\\c</style>"), "\"a\\22 b\\5C c\\3C /style\\3E \"");
    }

    fn payload() -> PayloadV1 {
        let expert = |name: &str, role: &str, recused: bool| ExpertPart {
            name: name.into(),
            unit: format!("{name}的单位"),
            title: "高级工程师".into(),
            field: "清洁生产".into(),
            role: role.into(),
            recused,
        };
        let score = |expert: &str, item: &str, score: &str, reason: &str| ScorePart {
            expert: expert.into(),
            item: item.into(),
            score: score.into(),
            reason: reason.into(),
            evidence: String::new(),
        };
        PayloadV1 {
            format: FORMAT.into(),
            version: VERSION,
            review: ReviewPart {
                uid: "uid-1".into(),
                revision: 1,
                date: "2026-11-28".into(),
                place: "福州市".into(),
                finalized_at: "2026-11-28T10:00:00+08:00".into(),
            },
            enterprise: EnterprisePart {
                name: "闽江<script>alert(1)</script>化工 & 有限公司".into(),
                credit_code: "91350100M000100Y43".into(),
                address: "福州".into(),
                industry: "化工".into(),
                track: "一般".into(),
                agency: "咨询中心".into(),
            },
            scorecard: ScorecardPart {
                id: "t".into(),
                province: "福建".into(),
                title: "验收评分表".into(),
                stage: "验收".into(),
                sha256: "0".repeat(64),
            },
            panel: vec![
                expert("王建国", "lead", false),
                expert("李秀英", "member", false),
                expert("陈立", "member", true),
            ],
            recusals: vec![RecusalPart {
                expert: "陈立".into(),
                reason: "participated".into(),
                statement: "本人曾参与咨询。".into(),
                recorded_by: "x".into(),
                recorded_at: "t".into(),
            }],
            scores: vec![
                score("王建国", "1.1", "8", "方案<未完成>"),
                score("李秀英", "1.1", "9.5", "台账 & 记录不全"),
                score("王建国", "1.2", "10", ""),
                score("李秀英", "1.2", "10", ""),
            ],
            facts: Default::default(),
            bonuses: Default::default(),
            weights: Default::default(),
            vetoes: vec![],
            result: ResultPart {
                total: "18.75".into(),
                total_exact: "18.75".into(),
                max_total: "20".into(),
                passed: Some(true),
                grade: Some("良好".into()),
                vetoed: false,
                triggered_vetoes: vec![],
                experts: vec![
                    ExpertTotal { name: "王建国".into(), total: "18".into() },
                    ExpertTotal { name: "李秀英".into(), total: "19.5".into() },
                ],
                sections: vec![],
            },
            opinion: OpinionPart {
                summary: "第一行\n第二行".into(),
                problems: "1. 问题一；\n2. 问题二。".into(),
                suggestions: "建议".into(),
                conclusion: "通过验收。".into(),
            },
            signins: vec![SignInPart {
                name: "赵敏".into(),
                unit: "生态环境局".into(),
                position: "科长".into(),
                capacity: "主管部门".into(),
            }],
            audit_head: AuditHead { seq: 1, hash: "0".repeat(64) },
        }
    }

    fn card() -> Scorecard {
        let (catalog, _) = crate::builtin::load_catalog(None);
        catalog.scorecards[0].clone()
    }

    fn no_raw_markup(html: &str) {
        assert!(!html.contains("<script"), "user text reached the document unescaped");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
    }

    #[test]
    fn opinion_has_the_key_parts() {
        let p = payload();
        let sha = "ab".repeat(32);
        let signers = vec![
            SignerInfo {
                expert: "王建国".into(),
                status: SignStatus::Signed,
                key_id: Some("0123456789ABCDEF".into()),
                signed_at: Some("2026-11-28T11:00:00+08:00".into()),
                dissent: None,
            },
            SignerInfo {
                expert: "李秀英".into(),
                status: SignStatus::Dissented,
                key_id: Some("FEDCBA9876543210".into()),
                signed_at: None,
                dissent: Some("本人认为<问题二>未整改".into()),
            },
        ];
        let html = opinion_html(&p, &signers, &sha);
        no_raw_markup(&html);
        assert!(html.contains("闽江&lt;script&gt;alert(1)&lt;/script&gt;化工 &amp; 有限公司"));
        assert!(html.contains("良好") && html.contains("通过"));
        assert!(html.contains(&short_hash(&sha)) && html.contains(&sha));
        for name in ["王建国", "李秀英", "陈立"] {
            assert!(html.contains(name), "{name}");
        }
        assert!(html.contains("回避") && html.contains("本人曾参与咨询。"));
        assert!(html.contains("已签名") && html.contains("0123456789ABCDEF") && html.contains("持不同意见"));
        assert!(html.contains("本人认为&lt;问题二&gt;未整改"));
        assert!(html.contains("第一行\n第二行"), "line breaks are kept");
        assert!(html.contains("手写签名"));
        // The recused expert has no signature row.
        assert_eq!(html.matches("class=\"sign\"").count(), 2 * 2);

        let mut p2 = p.clone();
        p2.result.passed = None;
        assert!(opinion_html(&p2, &[], &sha).contains("本表未印合格线"));
    }

    #[test]
    fn score_sheet_has_scores_means_and_reasons() {
        let card = card();
        let mut p = payload();
        let items: Vec<_> = card.scored_items().take(2).map(|i| (i.id.clone(), i.points)).collect();
        p.scorecard.title = card.title.clone();
        p.scores = vec![
            ScorePart {
                expert: "王建国".into(),
                item: items[0].0.clone(),
                score: (items[0].1 - Points::from_tenths(5)).to_string(),
                reason: "方案<未完成>".into(),
                evidence: String::new(),
            },
            ScorePart {
                expert: "李秀英".into(),
                item: items[0].0.clone(),
                score: items[0].1.to_string(),
                reason: "台账 & 记录不全".into(),
                evidence: String::new(),
            },
        ];
        let html = score_sheet_html(&p, &card);
        no_raw_markup(&html);
        assert!(html.contains("方案&lt;未完成&gt;") && html.contains("台账 &amp; 记录不全"));
        let mean = Mean::of([items[0].1 - Points::from_tenths(5), items[0].1]).unwrap().display();
        assert!(html.contains(&format!(">{mean}<")), "mean {mean}");
        assert!(html.contains("王建国") && html.contains("李秀英"));
        assert!(!html.contains("<th class=\"num\">陈立</th>"), "a recused expert has no column");
        assert!(html.contains(&short_hash(&payload_hash(&p))));
        assert!(html.contains("良好") && html.contains("18.75"));
    }

    #[test]
    fn signin_lists_entries_and_missing_experts() {
        let p = payload();
        let html = signin_html(&p);
        no_raw_markup(&html);
        for name in ["赵敏", "王建国", "李秀英", "陈立"] {
            assert!(html.contains(name), "{name}");
        }
        assert!(html.contains("2026年11月28日") && html.contains("签名"));
        assert_eq!(html.matches("class=\"num fill\"").count(), 4 + BLANK_ROWS);
        assert!(html.contains(&short_hash(&payload_hash(&p))));
    }
}
