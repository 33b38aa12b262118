//! Page 5, the result: the total, the grade and the conclusion with its reason; finalizing and reopening.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::domain::review::{Status, finalize_blockers};
use crate::domain::scorecard::DecidedBy;
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
            // The result: what the rules decide, else what the panel decided (the opinion page records it).
            let result = e.passed.or(d.decision.as_ref().map(|x| x.passed));
            let color = match result {
                Some(true) => Color::Green,
                Some(false) => Color::Red,
                None => Color::Yellow,
            };
            let words = match (&e.conclusion, &d.decision, e.passed) {
                (Some(c), _, _) => c.clone(),
                (None, Some(x), None) => format!("{}（专家组判定）", if x.passed { "通过" } else { "不通过" }),
                (None, _, _) => "由专家组判定：请在验收意见页选择结论并写明理由".to_string(),
            };
            let mut head = Vec::new();
            if let (Some(total), Some(max), Some(exact)) = (e.total, e.max_total, &e.total_exact) {
                head.push(Span::styled(
                    format!("专家组总分 {} / {max}", total.display()),
                    Style::default().add_modifier(Modifier::BOLD),
                ));
                head.push(Span::raw(format!("（精确值 {exact}）  等级 ")));
                head.push(Span::styled(
                    e.grade.clone().unwrap_or_else(|| "—".into()),
                    Style::default().add_modifier(Modifier::BOLD),
                ));
                head.push(Span::raw("  "));
            }
            head.push(Span::raw(format!("{}结论 ", card.stage_label())));
            head.push(Span::styled(words, Style::default().fg(color).add_modifier(Modifier::BOLD)));
            lines.push(Line::from(head));
            let why = if e.vetoed {
                format!(
                    "原因：存在否决项 {}",
                    e.veto_details.iter().map(|x| format!("{}（{}）", x.text, x.source)).collect::<Vec<_>>().join("；")
                )
            } else if !e.unmet.is_empty() {
                let unmet: Vec<String> = e.requirements.iter().filter(|r| !r.met).map(|r| r.text.clone()).collect();
                format!("原因：有要求不满足：{}", unmet.join("；"))
            } else if e.decided_by == DecidedBy::Rules {
                "原因：没有否决项成立，各项要求均满足".to_string()
            } else if let Some(pm) = &e.pass_mark {
                let cmp = match e.passed {
                    Some(true) => "达到",
                    _ => "未达到",
                };
                let op = crate::domain::scorecard::Op::parse(&pm.op).map(|o| o.label()).unwrap_or(pm.op.as_str());
                format!("原因：总分{cmp}合格线（总分{op}{}分为{}）", pm.score, pm.label)
            } else {
                "原因：原文未规定合格线或判定标准，结论由专家组判定（否决项成立或要求不满足时不通过）".to_string()
            };
            lines.push(Line::from(why));
            for c in &e.contested {
                lines.push(Line::from(Span::styled(
                    format!("注意：总分恰为 {} 分，{}（{}）", c.score, c.text, c.sources.join("、")),
                    Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                )));
            }
            if !e.distinctions.is_empty() {
                lines.push(Line::from(format!("条件等级：{}", e.distinctions.join("、"))));
            }
            let experts: Vec<String> = e.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect();
            if !experts.is_empty() {
                lines.push(Line::from(format!("各专家总分：{}", experts.join(" · "))));
            }
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
            if !sections.is_empty() {
                lines.push(Line::from("分项平均："));
            }
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
