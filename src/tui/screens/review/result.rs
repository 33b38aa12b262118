//! Page 5, the result: the total, the grade and the conclusion with its reason; finalizing and reopening.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::domain::review::{Status, finalize_blockers};
use crate::tui::action::{Action, Ask, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch};
use crate::tui::screens::review::state::ReviewView;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::wrapped;

type K = Binding<ReviewView, Action>;

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review result",
    bindings: &[
        K::new(&[ch('F')], |v, _| {
            if v.locked() {
                return Done::Act(Action::Status("本验收已定稿".into(), StatusKind::Info));
            }
            Done::Act(Action::Open(Open::Confirm(Ask::Finalize)))
        })
        .hint_when(|v| !v.locked())
        .hint("F 定稿")
        .help("F 定稿（F9 确认）"),
        K::new(&[ch('R')], |v, _| {
            if !v.locked() {
                return Done::Ignored;
            }
            Done::Act(Action::Open(Open::Confirm(Ask::Reopen(v.id))))
        })
        .hint_when(ReviewView::locked)
        .label("R 重新打开"),
    ],
};

pub static HELP: &[HelpRow] = &[HelpRow::keys(0, "  结果：", "")];

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    let mut lines: Vec<Line> = Vec::new();
    match &v.eval {
        Some(e) => {
            let (verdict, color) = match e.passed {
                Some(true) => ("通过", Color::Green),
                Some(false) => ("不通过", Color::Red),
                None => ("本表未印合格线（按否决项判定：无否决）", Color::Yellow),
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("专家组总分 {} / {}", e.total.display(), e.max_total),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("（精确值 {}）  等级 ", e.total_exact)),
                Span::styled(
                    e.grade.clone().unwrap_or_else(|| "—".into()),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw("  结论 "),
                Span::styled(verdict, Style::default().fg(color).add_modifier(Modifier::BOLD)),
            ]));
            let why = if e.vetoed {
                format!(
                    "原因：存在否决项 {}",
                    e.veto_details.iter().map(|x| format!("{}（{}）", x.text, x.source)).collect::<Vec<_>>().join("；")
                )
            } else if let Some(pm) = &e.pass_mark {
                let cmp = match e.passed {
                    Some(true) => "达到",
                    _ => "未达到",
                };
                let op = crate::domain::scorecard::Op::parse(&pm.op).map(|o| o.label()).unwrap_or(pm.op.as_str());
                format!("原因：总分{cmp}合格线（总分{op}{}分为{}）", pm.score, pm.label)
            } else {
                "原因：本表未印合格线，结论只由否决项决定".to_string()
            };
            lines.push(Line::from(why));
            let experts: Vec<String> = e.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect();
            lines.push(Line::from(format!("各专家总分：{}", experts.join(" · "))));
            if !e.recused.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("回避（不计分）：{}", e.recused.join("、")),
                    Style::default().fg(Color::DarkGray),
                )));
            }
            let sections: Vec<String> = card
                .sections
                .iter()
                .zip(&e.sections)
                .map(|(s, r)| format!("{}{} {}/{}", s.number, s.title, r.score.display(), r.max))
                .collect();
            lines.push(Line::from("分项平均："));
            for s in sections {
                lines.push(Line::from(format!("  {s}")));
            }
        }
        None => {
            lines.push(Line::from(Span::styled("评分尚未完成，暂无总分。", Style::default().fg(Color::Yellow))));
        }
    }
    lines.push(Line::from(""));
    if d.status == Status::Finalized {
        lines.push(Line::from(Span::styled(
            "本验收已定稿并锁定。按 R 重新打开（须写明理由）。",
            Style::default().fg(Color::Green),
        )));
    } else {
        let blockers = finalize_blockers(d, card, &v.r.rules);
        if blockers.is_empty() {
            lines.push(Line::from(Span::styled("已满足定稿条件。按 F 定稿。", Style::default().fg(Color::Green))));
        } else {
            lines.push(Line::from(Span::styled("定稿前还需：", Style::default().fg(Color::Yellow))));
            for b in &blockers {
                lines.push(Line::from(format!("· {}", crate::domain::explain::Explain::zh(b))));
            }
        }
    }
    frame.render_widget(wrapped(lines, area, 2).block(Block::default().borders(Borders::ALL).title(" 结果 ")), area);
}
