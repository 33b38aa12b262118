//! Page 3, the vetoes (否决项): each answered yes (with its evidence) or no, or settled by the scores or facts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::review::Answer;
use crate::domain::scorecard::Veto;
use crate::domain::settled::{VetoState, computed_veto, trigger_zh};
use crate::tui::action::{Action, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::screens::review::state::{ReviewView, locked_message};
use crate::tui::widgets::chrome::sel_style;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{fit, wrapped};

type K = Binding<ReviewView, Action>;

fn open(v: &ReviewView) -> bool {
    !v.locked()
}

/// The answer to the selected veto: no at once, yes through the evidence dialog.
fn answer(v: &mut ReviewView, k: &Key) -> Done<Action> {
    if v.locked() {
        return locked_message();
    }
    let Some(veto) = v.r.card.vetoes.get(v.veto_sel) else { return Done::Ignored };
    if veto.computed.is_some() {
        return Done::Act(Action::Status("此项由分数或事实自动判定，无需回答".into(), StatusKind::Info));
    }
    if k.code == KeyCode::Char('n') {
        return Done::Act(Action::AnswerVeto { veto: veto.id.clone(), answer: Answer::No, evidence: String::new() });
    }
    Done::Act(Action::Open(Open::Evidence(veto.id.clone())))
}

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review vetoes",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            if k.code == KeyCode::Up {
                v.veto_sel = v.veto_sel.saturating_sub(1);
            } else if v.veto_sel + 1 < v.r.card.vetoes.len() {
                v.veto_sel += 1;
            }
            Done::Changed
        })
        .hint("↑↓ 选择"),
        K::new(&[ch('y')], answer).hint_when(open).label("y 是（须写依据）"),
        K::new(&[ch('n')], answer).hint_when(open).label("n 否"),
    ],
};

pub static HELP: &[HelpRow] = &[HelpRow::keys(0, "  否决项：", "；自动项随分数或事实判定")];

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

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    if card.vetoes.is_empty() {
        let note = card
            .notes
            .iter()
            .find(|n| n.text.contains("veto") || n.text.contains("否决"))
            .map(|n| n.text.clone())
            .unwrap_or_default();
        frame.render_widget(
            wrapped(vec![Line::from("本评分表未印否决项。"), Line::from(""), Line::from(note)], area, 2)
                .block(Block::default().borders(Borders::ALL).title(" 否决项 ")),
            area,
        );
        return;
    }
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(6)]).areas(area);
    let w = list.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = card
        .vetoes
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let (state, color) = match computed(v, x) {
                // The list says where it stands in short; the lines below say how to change it.
                Some((how, now, color)) => (format!("{how} · {}", now.split('（').next().unwrap_or(now)), color),
                None => match d.vetoes.iter().find(|f| f.veto_id == x.id) {
                    Some(f) if f.answer == Answer::Yes => ("是".to_string(), Color::Red),
                    Some(_) => ("否".to_string(), Color::Green),
                    None => ("未回答".to_string(), Color::Yellow),
                },
            };
            let text = format!("{}{}", x.number.as_deref().unwrap_or(""), x.text);
            let left = fit(&text, w.saturating_sub(state.width() + 3));
            let pad = w.saturating_sub(left.width() + state.width());
            let style = if i == v.veto_sel { sel_style() } else { Style::default().fg(color) };
            Line::from(Span::styled(format!("{left}{}{state}", " ".repeat(pad)), style))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(" 否决项（任何一项为“是”，验收不予通过） ")),
        list,
    );
    if let Some(x) = card.vetoes.get(v.veto_sel) {
        let mut t = vec![Line::from(format!("{}{}（{}）", x.number.as_deref().unwrap_or(""), x.text, x.source))];
        if let Some((how, now, color)) = computed(v, x) {
            t.push(Line::from(Span::styled(format!("{how}；现在：{now}"), Style::default().fg(color))));
        }
        if let Some(f) = d.vetoes.iter().find(|f| f.veto_id == x.id)
            && !f.evidence.is_empty()
        {
            t.push(Line::from(Span::styled(format!("依据：{}", f.evidence), Style::default().fg(Color::Yellow))));
        }
        frame.render_widget(wrapped(t, detail, 0).block(Block::default().borders(Borders::TOP)), detail);
    }
}
