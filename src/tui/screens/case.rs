//! A case's page: its facts and where it stands, the check of its conditions and materials (each ticked with a
//! note), its deadlines (what, due, status, from which event, the source's lines), its reviews with their results,
//! its objections, and each 复核 beside the review it re-checks, item by item. Every act on the case is a key that
//! opens its form (`dialogs/case_act.rs`); the page is made from the domain's `case_page`, never from a rule of its
//! own.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::case::{CaseFile, CasePage, Comparison, FindingChange, Mark, Phase, SILENT, date_zh, verdict};
use crate::domain::explain::Explain;
use crate::domain::scorecard::procedure::Event;
use crate::tui::action::{Action, CaseActKind, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::screens::cases::marker;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::wrap::wrap_lines;

/// A condition or material of the check, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckItem {
    pub id: String,
    pub met: Option<bool>,
    pub note: String,
    /// Its line on the page.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseView {
    pub case: CaseFile,
    /// The page's lines, made when the case is read.
    pub lines: Vec<Line<'static>>,
    pub checks: Vec<CheckItem>,
    pub check_sel: usize,
    /// The first line shown.
    pub scroll: usize,
    /// The site visit scheduled for the round to come, `YYYY-MM-DD` (or empty).
    pub visit: String,
    /// The first objection not yet decided.
    pub undecided: Option<i64>,
    /// The day the page was made for.
    pub today: NaiveDate,
    /// Where the case stands: the status line hints the acts of this phase (every act's key works in any).
    pub phase: Phase,
}

fn heading(text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), Style::default().fg(ACCENT).add_modifier(Modifier::BOLD)))
}

fn dim(text: String) -> Span<'static> {
    Span::styled(text, Style::default().fg(Color::DarkGray))
}

/// `text` cut or padded to `width` columns.
fn col(text: &str, width: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() > width {
            break;
        }
        out.push(c);
    }
    let pad = width.saturating_sub(out.width());
    out + &" ".repeat(pad)
}

impl CaseView {
    /// The page of `case` on `today`, with its 复核s beside the reviews they re-check.
    pub fn new(case: CaseFile, page: &CasePage, compared: &[(i64, i64, Comparison)], today: NaiveDate) -> CaseView {
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut checks = Vec::new();
        let c = &case;
        lines.push(Line::from(vec![
            Span::styled(format!("案件 {}　{}", c.id, c.enterprise), Style::default().add_modifier(Modifier::BOLD)),
            dim(format!("（{}）", c.credit_code)),
        ]));
        let industry = if c.industry.is_empty() { String::new() } else { format!("　行业：{}", c.industry) };
        lines.push(Line::from(format!(
            "{}　{}·{}　依据：{}{}{industry}",
            c.province,
            c.track.label(),
            c.stage.label(),
            c.scorecard_id,
            if page.file_missing { "（该文件已不可用，规则未知）" } else { "" }
        )));
        lines.push(Line::from(vec![
            Span::raw(format!("状态（{}）：", date_zh(today))),
            Span::styled(page.phase.label(), Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
        ]));
        lines.push(Line::from(""));
        lines.push(heading("申请审查（↑↓ 选择，Enter 核对）"));
        if page.checks.is_empty() {
            lines.push(Line::from(dim(format!("  本省文件未列出申请条件和材料（{SILENT}）"))));
        }
        for k in &page.checks {
            let (mark, color) = match k.met {
                Some(true) => ("[✓满足]", Color::Green),
                Some(false) => ("[✗不满足]", Color::Red),
                None => ("[ 未核对]", Color::Yellow),
            };
            let note = if k.note.is_empty() { String::new() } else { format!("（{}）", k.note) };
            checks.push(CheckItem { id: k.id.clone(), met: k.met, note: k.note.clone(), line: lines.len() });
            lines.push(Line::from(vec![
                Span::styled(format!("  {mark} "), Style::default().fg(color)),
                Span::raw(format!("{} {} {}{note} ", k.kind.label(), k.id, k.text)),
                dim(format!("{}", k.source)),
            ]));
        }
        if let Some(e) = c.event(0, Mark::Checked) {
            let why = if e.note.is_empty() { String::new() } else { format!("；理由：{}", e.note) };
            lines.push(Line::from(format!("  审查完成：{}{why}", date_zh(e.date))));
        }
        lines.push(Line::from(""));
        lines.push(heading("期限"));
        if page.deadlines.is_empty() {
            lines.push(Line::from(dim("  （尚无已起算的期限）".into())));
        }
        for d in &page.deadlines {
            let (mark, color) = marker(d.status);
            let due = match &d.due {
                Ok(x) => date_zh(*x),
                Err(e) => e.zh(),
            };
            let source = d.source.map(|s| s.to_string()).unwrap_or_else(|| "支持单位设定".into());
            let period = d.period.map(|p| p.label()).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {mark} "), Style::default().fg(color)),
                Span::raw(format!("{}：{due}", d.what)),
                dim(format!("（自{} {}起 {period}；{source}）", d.from.label(), date_zh(d.from_date))),
            ]));
        }
        for u in &page.upcoming {
            lines.push(Line::from(dim(format!(
                "  尚未起算　{}：自{}起 {}（{}）",
                u.what,
                u.from.label(),
                u.period.label(),
                u.source
            ))));
        }
        lines.push(Line::from(""));
        lines.push(heading("日期与验收"));
        for e in &c.events {
            let round = if e.round == 0 { String::new() } else { format!("第 {} 轮 ", e.round) };
            let note = match Mark::Event(Event::Report) == e.mark {
                true => String::new(),
                false if e.note.is_empty() => String::new(),
                false => format!("（{}）", e.note),
            };
            lines.push(Line::from(format!("  {round}{}：{}{note}", e.mark.label(), date_zh(e.date))));
        }
        for r in &c.reviews {
            let recheck = r.recheck_of.map(|x| format!("，复核验收 {x}")).unwrap_or_default();
            let result = verdict(c, r.round).map(|v| format!("，结果：{}", v.label())).unwrap_or_default();
            let date = r.date.map(date_zh).unwrap_or_default();
            lines.push(Line::from(format!(
                "  第 {} 轮：验收 {}（{date}，{}{recheck}{result}）",
                r.round,
                r.review_id,
                r.status.label()
            )));
        }
        let mut undecided = None;
        for o in &c.objections {
            let decision = match &o.decision {
                Some(d) => format!("；{}（{}）{}", if d.upheld { "成立" } else { "不成立" }, date_zh(d.date), d.note),
                None => {
                    undecided = undecided.or(Some(o.id));
                    "；尚未处理".into()
                }
            };
            lines.push(Line::from(format!("  异议 {}（{}）：{}{decision}", o.id, date_zh(o.date), o.text)));
        }
        for (a, b, cmp) in compared {
            lines.push(Line::from(""));
            lines.push(heading(&format!("复核对照：首次验收 {a} │ 复核验收 {b}")));
            lines.push(Line::from(format!("  {}{}│ {}", col("总分", 34), col(&cmp.total_before, 12), cmp.total_after)));
            for i in &cmp.items {
                let style = if i.changed { Style::default().fg(Color::Yellow) } else { Style::default() };
                let (x, y) = (i.before.as_deref().unwrap_or("—"), i.after.as_deref().unwrap_or("—"));
                let text = format!("  {}{}│ {}", col(&format!("{} {}（{}）", i.id, i.title, i.max), 34), col(x, 12), y);
                lines.push(Line::from(Span::styled(text, style)));
            }
            for v in &cmp.vetoes {
                let word = |b: bool| if b { "成立" } else { "不成立" };
                let style = if v.before != v.after { Style::default().fg(Color::Yellow) } else { Style::default() };
                let text = format!(
                    "  {}{}│ {}",
                    col(&format!("否决 {} {}", v.id, v.text), 34),
                    col(word(v.before), 12),
                    word(v.after)
                );
                lines.push(Line::from(Span::styled(text, style)));
            }
            let requirements = cmp.requirements.iter().map(|f| (f, "要求", "满足", "不满足"));
            for (f, what, yes, no) in requirements.chain(cmp.distinctions.iter().map(|f| (f, "认定", "成立", "不成立")))
            {
                let style = if f.changed { Style::default().fg(Color::Yellow) } else { Style::default() };
                let text = format!(
                    "  {}{}│ {}",
                    col(&format!("{what} {} {}", f.id, f.text), 34),
                    col(FindingChange::word(f.before, yes, no), 12),
                    FindingChange::word(f.after, yes, no)
                );
                lines.push(Line::from(Span::styled(text, style)));
                if f.changed && (!f.before_reason.is_empty() || !f.after_reason.is_empty()) {
                    let reason = |r: &str| if r.is_empty() { "—".to_string() } else { r.to_string() };
                    lines.push(Line::from(dim(format!(
                        "    理由：{} → {}",
                        reason(&f.before_reason),
                        reason(&f.after_reason)
                    ))));
                }
            }
        }
        if !page.notes.is_empty() {
            lines.push(Line::from(""));
            lines.push(heading("文件说明"));
            for n in &page.notes {
                let sources = n.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、");
                lines.push(Line::from(dim(format!("  {}：{}（{sources}）", n.kind.label(), n.text))));
            }
        }
        let round = c.last_round();
        let next = if c.review(round).is_some_and(|r| r.status == crate::domain::review::Status::Finalized) {
            round + 1
        } else {
            round.max(1)
        };
        let visit = c.date(next, Mark::Event(Event::SiteVisit)).map(|d| d.to_string()).unwrap_or_default();
        CaseView { case, lines, checks, check_sel: 0, scroll: 0, visit, undecided, today, phase: page.phase }
    }

    fn open(kind: CaseActKind) -> Done<Action> {
        Done::Act(Action::Open(Open::CaseAct(kind)))
    }

    fn selected_check(&self) -> Option<&CheckItem> {
        self.checks.get(self.check_sel)
    }
}

type K = Binding<CaseView, Action>;

/// Whether the case stands in one of `phases` (as [`Phase::as_str`] spells them): the status line at 80 columns
/// hints only the acts of the case's phase; the `?` help lists them all.
fn at(v: &CaseView, phases: &[&str]) -> bool {
    phases.contains(&v.phase.as_str())
}

pub static KEYS: Keymap<CaseView, Action> = Keymap {
    name: "case",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            if v.checks.is_empty() {
                v.scroll = if k.code == KeyCode::Up { v.scroll.saturating_sub(1) } else { v.scroll + 1 };
                return Done::Changed;
            }
            v.check_sel = if k.code == KeyCode::Up {
                v.check_sel.saturating_sub(1)
            } else {
                (v.check_sel + 1).min(v.checks.len() - 1)
            };
            // The selected line is shown.
            let line = v.checks[v.check_sel].line;
            v.scroll = v.scroll.min(line.saturating_sub(4));
            Done::Changed
        })
        .label("↑↓ 选择")
        .line(1),
        K::new(&[code(KeyCode::PageUp), code(KeyCode::PageDown)], |v, k| {
            v.scroll = if k.code == KeyCode::PageUp {
                v.scroll.saturating_sub(10)
            } else {
                (v.scroll + 10).min(v.lines.len().saturating_sub(1))
            };
            Done::Changed
        })
        .hint("PgDn 翻页")
        .help("PgUp/PgDn 翻页")
        .line(1),
        K::new(&[plain(KeyCode::Enter), plain(KeyCode::Char(' '))], |v, _| match v.selected_check() {
            Some(c) => CaseView::open(CaseActKind::Check { item: c.id.clone(), met: c.met, note: c.note.clone() }),
            None => Done::Ignored,
        })
        .when(|v| !v.checks.is_empty())
        .hint_when(|v| at(v, &["application"]))
        .label("Enter 核对")
        .line(2),
        K::new(&[ch('d')], |_, _| CaseView::open(CaseActKind::CheckDone))
            .hint_when(|v| at(v, &["application"]))
            .label("d 审查完成")
            .line(2),
        K::new(&[ch('t')], |_, _| CaseView::open(CaseActKind::Date)).help("t 记录申请、受理等日期").line(2),
        K::new(&[ch('v')], |v, _| CaseView::open(CaseActKind::Schedule { visit: v.visit.clone() }))
            .hint_when(|v| at(v, &["ready", "rectifying"]))
            .label("v 安排现场")
            .line(3),
        K::new(&[ch('r')], |v, _| CaseView::open(CaseActKind::Review { visit: v.visit.clone() }))
            .hint_when(|v| at(v, &["ready"]))
            .label("r 开始验收")
            .line(3),
        K::new(&[ch('e')], |v, _| match v.case.reviews.last() {
            Some(r) => Done::Act(Action::OpenCaseReview { case: v.case.id, review: r.review_id }),
            None => Done::Ignored,
        })
        .when(|v| !v.case.reviews.is_empty())
        .hint("e 打开验收")
        .hint_when(|v| at(v, &["reviewing"]))
        .help("e 打开本轮验收（评分、定稿、签名）")
        .line(3),
        K::new(&[ch('w')], |_, _| CaseView::open(CaseActKind::Report))
            .hint_when(|v| at(v, &["finalized"]))
            .label("w 工作报告")
            .line(4),
        K::new(&[ch('g')], |_, _| CaseView::open(CaseActKind::Publish))
            .hint_when(|v| at(v, &["finalized"]))
            .label("g 公示")
            .line(4),
        K::new(&[ch('o')], |_, _| CaseView::open(CaseActKind::Object))
            .hint("o 异议")
            .hint_when(|v| at(v, &["publication"]))
            .help("o 记录异议")
            .line(4),
        K::new(&[ch('j')], |v, _| CaseView::open(CaseActKind::Decide { objection: v.undecided }))
            .hint("j 处理异议")
            .hint_when(|v| at(v, &["publication"]))
            .help("j 处理异议（成立/不成立）")
            .line(4),
        K::new(&[ch('z')], |_, _| CaseView::open(CaseActKind::Rectify))
            .hint_when(|v| at(v, &["finalized", "failed"]))
            .label("z 整改")
            .line(5),
        K::new(&[ch('f')], |v, _| CaseView::open(CaseActKind::Recheck { visit: v.visit.clone() }))
            .hint_when(|v| at(v, &["rectifying"]))
            .label("f 复核")
            .line(5),
        K::new(&[ch('a')], |_, _| CaseView::open(CaseActKind::Grant))
            .hint_when(|v| at(v, &["passed", "publication"]))
            .label("a 授予")
            .line(5),
        K::new(&[ch('h')], |v, _| {
            let path = format!("exports/验收工作报告-案件{}-{}.html", v.case.id, v.today);
            CaseView::open(CaseActKind::ReportFile { path })
        })
        .help("h 写出验收工作报告（HTML）")
        .line(6),
        K::new(&[ch('n')], |v, _| {
            let from = v.case.date(v.case.last_round(), Mark::Event(Event::Publication));
            let from = from.map(|d| d.to_string()).unwrap_or_default();
            CaseView::open(CaseActKind::NoticeFile {
                path: format!("exports/公示-{}-{from}.html", v.case.province),
                from,
            })
        })
        .help("n 写出公示通知（HTML，同日开始公示的案件）")
        .line(6),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).hint("? 帮助"),
        K::new(&[plain(KeyCode::Esc), ch('q')], |_, _| Done::Act(Action::OpenCases))
            .hint("Esc 返回")
            .help("Esc 返回案件列表")
            .line(1),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("案件"),
    HelpRow::keys(1, "  ", ""),
    HelpRow::keys(2, "  申请审查：", ""),
    HelpRow::keys(3, "  验收：", ""),
    HelpRow::keys(4, "  结果：", ""),
    HelpRow::keys(5, "  整改与授予：", ""),
    HelpRow::keys(6, "  文书：", ""),
    HelpRow::text("    每项记录按 F9 确认，写入案件日志，不可撤销；Enter 只换栏。日期写作 YYYY-MM-DD。"),
];

pub fn render(frame: &mut Frame, v: &CaseView, area: Rect) {
    let b = Block::default().borders(Borders::ALL).title(format!(" 案件 {} ", v.case.id));
    let inner = b.inner(area);
    let width = inner.width as usize;
    let selected = v.checks.get(v.check_sel).map(|c| c.line);
    let mut shown: Vec<Line<'static>> = Vec::new();
    for (i, line) in v.lines.iter().enumerate().skip(v.scroll) {
        if shown.len() >= inner.height as usize {
            break;
        }
        let line = if Some(i) == selected { line.clone().style(sel_style()) } else { line.clone() };
        shown.extend(wrap_lines(vec![line], width));
    }
    shown.truncate(inner.height as usize);
    frame.render_widget(Paragraph::new(shown).block(b), area);
}
