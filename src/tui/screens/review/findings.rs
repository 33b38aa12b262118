//! The conditions the panel finds, each answered with a key: the vetoes (否决项, page 3), answered yes (with its
//! evidence) or no, or settled by the scores or facts; the requirements the panel must find met (满足, or 不满足 with
//! its reason); and the grades conferred by conditions (条件等级: 符合 with its evidence, or 不符合).
//!
//! On a review on rules, which has no points, the requirements and distinctions are page 2 (认定), in place of the
//! scoring. On a review on a score sheet that also lists requirements (广东), they are on page 3 below the vetoes:
//! like the vetoes they are conditions found yes or no that fail the review whatever the total, and the panel checks
//! them together once the scoring is done. Requirements that do not apply to the review's type are not shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::review::Answer;
use crate::domain::scorecard::{CardKind, DecidedBy, Veto};
use crate::domain::settled::{VetoState, computed_veto, trigger_zh};
use crate::tui::action::{Action, Condition, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::screens::review::state::{ReviewView, locked_message};
use crate::tui::tab::Tab;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::pass_fail;
use crate::tui::widgets::wrap::{fit, wrap_lines, wrapped};

/// One row of the page: an index into the sheet's vetoes, requirements or distinctions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Veto(usize),
    Requirement(usize),
    Distinction(usize),
}

/// The rows of the page shown: on the findings page the requirements that apply and the distinctions; on the
/// vetoes page the vetoes, and on a score sheet those besides.
pub fn rows(v: &ReviewView) -> Vec<Row> {
    let card = &v.r.card;
    let review_type = v.r.data.review_type.as_deref();
    let findings = card
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| r.applies_to(review_type))
        .map(|(i, _)| Row::Requirement(i))
        .chain((0..card.distinctions.len()).map(Row::Distinction));
    match v.tab {
        Tab::Findings => findings.collect(),
        _ if card.kind == CardKind::Sheet => (0..card.vetoes.len()).map(Row::Veto).chain(findings).collect(),
        _ => (0..card.vetoes.len()).map(Row::Veto).collect(),
    }
}

/// The selected row's index on the page shown.
fn sel(v: &ReviewView) -> usize {
    if v.tab == Tab::Findings { v.finding_sel } else { v.veto_sel }
}

fn sel_mut(v: &mut ReviewView) -> &mut usize {
    if v.tab == Tab::Findings { &mut v.finding_sel } else { &mut v.veto_sel }
}

pub fn selected(v: &ReviewView) -> Option<Row> {
    rows(v).get(sel(v)).copied()
}

type K = Binding<ReviewView, Action>;

fn open(v: &ReviewView) -> bool {
    !v.locked()
}
fn on_veto(v: &ReviewView) -> bool {
    matches!(selected(v), Some(Row::Veto(_)))
}
fn on_requirement(v: &ReviewView) -> bool {
    matches!(selected(v), Some(Row::Requirement(_)))
}
fn on_distinction(v: &ReviewView) -> bool {
    matches!(selected(v), Some(Row::Distinction(_)))
}

/// The answer to the selected row. A veto: no at once, yes through its evidence; a requirement: met at once, unmet
/// through its reason; a distinction: holds through its evidence, does not at once.
fn answer(v: &mut ReviewView, k: &Key) -> Done<Action> {
    if v.locked() {
        return locked_message();
    }
    let yes = k.code == KeyCode::Char('y');
    let card = &v.r.card;
    Done::Act(match selected(v) {
        Some(Row::Veto(i)) => {
            let veto = &card.vetoes[i];
            if veto.computed.is_some() {
                Action::Status("此项由分数或事实自动判定，无需回答".into(), StatusKind::Info)
            } else if yes {
                Action::Open(Open::Evidence(Condition::Veto(veto.id.clone())))
            } else {
                Action::AnswerVeto { veto: veto.id.clone(), answer: Answer::No, evidence: String::new() }
            }
        }
        Some(Row::Requirement(i)) => {
            let id = card.requirements[i].id.clone();
            if yes {
                Action::AnswerRequirement { requirement: id, met: true, reason: String::new() }
            } else {
                Action::Open(Open::Evidence(Condition::Requirement(id)))
            }
        }
        Some(Row::Distinction(i)) => {
            let id = card.distinctions[i].id.clone();
            if yes {
                Action::Open(Open::Evidence(Condition::Distinction(id)))
            } else {
                Action::AnswerDistinction { distinction: id, holds: false, evidence: String::new() }
            }
        }
        None => return Done::Ignored,
    })
}

/// The keys of both pages (page 3, and page 2 of a review on rules).
pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review findings",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            let n = rows(v).len();
            let sel = sel_mut(v);
            if k.code == KeyCode::Up {
                *sel = sel.saturating_sub(1);
            } else if *sel + 1 < n {
                *sel += 1;
            }
            Done::Changed
        })
        .hint("↑↓ 选择"),
        K::new(&[ch('y')], answer).when(on_veto).hint_when(open).label("y 是（须写依据）"),
        K::new(&[ch('n')], answer).when(on_veto).hint_when(open).label("n 否"),
        K::new(&[ch('y')], answer).when(on_requirement).hint_when(open).label("y 满足").line(1),
        K::new(&[ch('n')], answer).when(on_requirement).hint_when(open).label("n 不满足（须写原因）").line(1),
        K::new(&[ch('y')], answer).when(on_distinction).hint_when(open).label("y 符合（须写依据）").line(2),
        K::new(&[ch('n')], answer).when(on_distinction).hint_when(open).label("n 不符合").line(2),
    ],
};

static VETO_HELP: HelpRow = HelpRow::keys(0, "  否决项：", "；自动项随分数或事实判定");
static REQUIREMENT_HELP: HelpRow = HelpRow::keys(1, "  要求：", "；不满足即不通过");
static DISTINCTION_HELP: HelpRow = HelpRow::keys(2, "  条件等级：", "；只在通过时授予");

/// The help lines of the review's conditions: the vetoes, and the requirements and distinctions where it has them.
pub fn help(v: &ReviewView) -> Vec<HelpRow> {
    let card = &v.r.card;
    let mut rows = vec![VETO_HELP];
    if !card.requirements.is_empty() {
        rows.push(REQUIREMENT_HELP);
    }
    if !card.distinctions.is_empty() {
        rows.push(DISTINCTION_HELP);
    }
    rows
}

/// A veto the sheet decides by itself: its condition in the panel's words, where it stands now (the domain's answer)
/// and the colour of that; `None` for a veto the panel answers.
fn computed(v: &ReviewView, x: &Veto) -> Option<(String, &'static str, Color)> {
    let card = &v.r.card;
    let how = format!("自动：{} 时否决", trigger_zh(card, x.computed.as_ref()?));
    let (now, color) = match computed_veto(x, &v.r.data.evaluation_input(card), v.eval.as_ref())? {
        VetoState::Holds => ("将适用", Color::Red),
        VetoState::Clear => ("不适用", Color::Green),
        VetoState::AwaitsFact => ("待认定事实（评分页按 f）", Color::Yellow),
        VetoState::AwaitsScores => ("待评分完成后判定", Color::DarkGray),
    };
    Some((how, now, color))
}

/// A row's text and where it stands, in short, with the colour of that.
fn row_text(v: &ReviewView, row: Row) -> (String, String, Color) {
    let (card, d) = (&v.r.card, &v.r.data);
    match row {
        Row::Veto(i) => {
            let x = &card.vetoes[i];
            let (state, color) = match computed(v, x) {
                // The list says where it stands in short; the lines below say how to change it.
                Some((how, now, color)) => (format!("{how} · {}", now.split('（').next().unwrap_or(now)), color),
                None => match d.vetoes.iter().find(|f| f.veto_id == x.id) {
                    Some(f) if f.answer == Answer::Yes => ("是".to_string(), Color::Red),
                    Some(_) => ("否".to_string(), Color::Green),
                    None => ("未回答".to_string(), Color::Yellow),
                },
            };
            (format!("{}{}", x.number.as_deref().unwrap_or(""), x.text), state, color)
        }
        Row::Requirement(i) => {
            let q = &card.requirements[i];
            let (state, color) = match d.requirements.iter().find(|f| f.id == q.id) {
                Some(f) if f.met => ("满足", Color::Green),
                Some(_) => ("不满足", Color::Red),
                None => ("未认定", Color::Yellow),
            };
            (format!("{}{}", q.number.as_deref().unwrap_or(""), q.text), state.into(), color)
        }
        Row::Distinction(i) => {
            let x = &card.distinctions[i];
            let (state, color) = match d.distinctions.iter().find(|f| f.id == x.id) {
                Some(f) if f.met => ("符合", Color::Green),
                Some(_) => ("不符合", Color::DarkGray),
                None => ("未认定", Color::DarkGray),
            };
            (format!("{}：{}", x.label, x.text), state.into(), color)
        }
    }
}

/// The heading a row is listed under: its group of requirements, the distinctions, or the vetoes (named only where
/// the page lists more than vetoes).
fn heading(v: &ReviewView, row: Row, mixed: bool) -> Option<String> {
    let card = &v.r.card;
    match row {
        Row::Veto(_) if mixed => Some(format!("否决项（任何一项为“是”，{}不予通过）", card.stage_label())),
        Row::Veto(_) => None,
        Row::Requirement(i) => {
            Some(card.requirements[i].group.clone().unwrap_or_else(|| format!("{}要求", card.stage_label())))
        }
        Row::Distinction(_) => Some(format!("条件等级（只在{}通过时授予）", card.stage_label())),
    }
}

/// How many applicable requirements and panel-answered vetoes have no answer yet.
fn unanswered(v: &ReviewView, rows: &[Row]) -> usize {
    let d = &v.r.data;
    let card = &v.r.card;
    rows.iter()
        .filter(|r| match **r {
            Row::Veto(i) => {
                card.vetoes[i].computed.is_none() && !d.vetoes.iter().any(|f| f.veto_id == card.vetoes[i].id)
            }
            Row::Requirement(i) => !d.requirements.iter().any(|f| f.id == card.requirements[i].id),
            Row::Distinction(_) => false,
        })
        .count()
}

/// The page's frame title.
fn title(v: &ReviewView, rows: &[Row]) -> String {
    let card = &v.r.card;
    let only_vetoes = rows.iter().all(|r| matches!(r, Row::Veto(_)));
    if v.tab == Tab::Vetoes && only_vetoes {
        return format!(" 否决项（任何一项为“是”，{}不予通过） ", card.stage_label());
    }
    let what = if v.tab == Tab::Vetoes { "否决项与要求" } else { "认定" };
    let open = unanswered(v, rows);
    let left = if open == 0 { "均已认定".to_string() } else { format!("未认定 {open} 项") };
    format!(" {what}（{left}；任何一项要求不满足即{}） ", pass_fail(card, false))
}

/// The selected row in full: its text, its lines in the source, and the panel's finding.
fn detail(v: &ReviewView, row: Row) -> Vec<Line<'static>> {
    let (card, d) = (&v.r.card, &v.r.data);
    let small = Style::default().fg(Color::DarkGray);
    let mut t = Vec::new();
    match row {
        Row::Veto(i) => {
            let x = &card.vetoes[i];
            t.push(Line::from(format!("{}{}（{}）", x.number.as_deref().unwrap_or(""), x.text, x.source)));
            if let Some((how, now, color)) = computed(v, x) {
                t.push(Line::from(Span::styled(format!("{how}；现在：{now}"), Style::default().fg(color))));
            }
            if let Some(f) = d.vetoes.iter().find(|f| f.veto_id == x.id)
                && !f.evidence.is_empty()
            {
                t.push(Line::from(Span::styled(format!("依据：{}", f.evidence), Style::default().fg(Color::Yellow))));
            }
        }
        Row::Requirement(i) => {
            let q = &card.requirements[i];
            t.push(Line::from(format!("{}{}", q.number.as_deref().unwrap_or(""), q.text)));
            let types: Vec<&str> =
                q.types.iter().filter_map(|id| card.review_type(id)).map(|r| r.label.as_str()).collect();
            let applies = if types.is_empty() { String::new() } else { format!("；适用于{}", types.join("、")) };
            t.push(Line::from(Span::styled(format!("（{}{applies}）", q.source), small)));
            t.push(match d.requirements.iter().find(|f| f.id == q.id) {
                Some(f) if f.met => Line::from(Span::styled("认定：满足", Style::default().fg(Color::Green))),
                Some(f) => Line::from(Span::styled(
                    format!("认定：不满足。原因：{}", f.evidence),
                    Style::default().fg(Color::Red),
                )),
                None => Line::from(Span::styled(
                    "尚未认定：y 满足，n 不满足（须写原因）",
                    Style::default().fg(Color::Yellow),
                )),
            });
        }
        Row::Distinction(i) => {
            let x = &card.distinctions[i];
            t.push(Line::from(format!("{}：{}", x.label, x.text)));
            t.push(Line::from(Span::styled(format!("（{}；只在{}通过时授予）", x.source, card.stage_label()), small)));
            t.push(match d.distinctions.iter().find(|f| f.id == x.id) {
                Some(f) if f.met => Line::from(Span::styled(
                    format!("认定：符合。依据：{}", f.evidence),
                    Style::default().fg(Color::Green),
                )),
                Some(_) => Line::from("认定：不符合"),
                None => Line::from(Span::styled("未认定：y 符合（须写依据），n 不符合", small)),
            });
        }
    }
    t
}

/// The page with nothing to find: what the sheet or rules say instead.
fn render_empty(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let card = &v.r.card;
    let mut lines = Vec::new();
    let title = if v.tab == Tab::Findings {
        lines.push(Line::from(format!("本规则未列须逐项认定的{}要求。", card.stage_label())));
        " 认定 "
    } else {
        lines.push(Line::from(match card.kind {
            CardKind::Sheet => "本评分表未印否决项。".to_string(),
            CardKind::Rules => "本规则未列否决项。".to_string(),
        }));
        lines.push(Line::from(""));
        if card.kind == CardKind::Sheet {
            let note = card.notes.iter().find(|n| n.text.contains("veto") || n.text.contains("否决"));
            lines.push(Line::from(note.map(|n| n.text.clone()).unwrap_or_default()));
        }
        " 否决项 "
    };
    if card.outcome.decided_by == DecidedBy::Panel {
        lines.push(Line::from(""));
        lines.push(Line::from(format!(
            "{}结论由专家组判定：请在{}意见页按 d 选择并写明理由。",
            card.stage_label(),
            card.stage_label()
        )));
    }
    frame.render_widget(wrapped(lines, area, 2).block(Block::default().borders(Borders::ALL).title(title)), area);
}

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let card = &v.r.card;
    let rows = rows(v);
    if rows.is_empty() {
        return render_empty(frame, v, area);
    }
    let sel = sel(v).min(rows.len() - 1);
    // The selected row in full below the list, as tall as it needs (the list keeps at least three rows); in a
    // window too small for it, the last line says how many are not shown.
    let mut detail_lines = wrap_lines(detail(v, rows[sel]), area.width as usize);
    let most = area.height.saturating_sub(5).max(1) as usize;
    let detail_h = (detail_lines.len() + 1).clamp(6, most.max(6)).min(area.height as usize) as u16;
    let room = detail_h.saturating_sub(1) as usize;
    if detail_lines.len() > room && room > 0 {
        let more = detail_lines.len() - (room - 1);
        detail_lines.truncate(room - 1);
        detail_lines.push(Line::from(Span::styled(
            format!("…（另有 {more} 行未显示，请放大窗口）"),
            Style::default().fg(Color::Yellow),
        )));
    }
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);

    let w = list.width.saturating_sub(2) as usize;
    let mixed = !rows.iter().all(|r| matches!(r, Row::Veto(_)));
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    if v.tab == Tab::Vetoes && card.vetoes.is_empty() {
        let none = match card.kind {
            CardKind::Sheet => "否决项：本评分表未印否决项。",
            CardKind::Rules => "否决项：本规则未列否决项。",
        };
        lines.push((Line::from(Span::styled(none, Style::default().fg(Color::DarkGray))), None));
    }
    let mut last: Option<String> = None;
    for (i, row) in rows.iter().enumerate() {
        let head = heading(v, *row, mixed);
        if head.is_some() && head != last {
            let h = head.clone().unwrap_or_default();
            let style = Style::default().fg(ACCENT).add_modifier(Modifier::BOLD);
            lines.push((Line::from(Span::styled(fit(&h, w), style)), None));
        }
        last = head;
        let (text, state, color) = row_text(v, *row);
        let left = fit(&text, w.saturating_sub(state.width() + 3));
        let pad = w.saturating_sub(left.width() + state.width());
        let style = if i == sel { sel_style() } else { Style::default().fg(color) };
        lines.push((Line::from(Span::styled(format!("{left}{}{state}", " ".repeat(pad)), style)), Some(i)));
    }
    // The list scrolls with the selection and says what it does not show.
    let height = list.height.saturating_sub(2) as usize;
    let at = lines.iter().position(|(_, i)| *i == Some(sel)).unwrap_or(0);
    let start = if at < height { 0 } else { at + 1 - height };
    let hidden = (start, lines.len().saturating_sub(start + height));
    let shown: Vec<Line> = lines.into_iter().skip(start).take(height).map(|(l, _)| l).collect();
    let mut b = Block::default().borders(Borders::ALL).title(title(v, &rows));
    if hidden != (0, 0) {
        let more = format!(" …（上面另有 {} 行，下面另有 {} 行，↑↓ 滚动） ", hidden.0, hidden.1);
        b = b.title_bottom(Line::from(Span::styled(more, Style::default().fg(Color::Yellow))).right_aligned());
    }
    frame.render_widget(Paragraph::new(shown).block(b), list);
    frame.render_widget(Paragraph::new(detail_lines).block(Block::default().borders(Borders::TOP)), detail);
}
