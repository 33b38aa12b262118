//! Page 5, the result: the total, the grade and the conclusion with its reason; finalizing and reopening.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::review::{Status, finalize_blockers};
use crate::domain::scorecard::{CardKind, DecidedBy};
use crate::domain::scoring::Evaluation;
use crate::tui::action::{Action, Ask, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch};
use crate::tui::screens::review::state::ReviewView;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::result_words;
use crate::tui::widgets::wrap::wrap_lines;

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
    // The breakdown by expert and section, after what stops finalizing: at 80×24 the panel first sees whether it can.
    let mut breakdown: Vec<Line> = Vec::new();
    match &v.eval {
        Some(e) => {
            // The result: what the rules decide, else what the panel decided (the opinion page records it).
            let result = e.passed.or(d.decision.as_ref().map(|x| x.passed));
            let color = match result {
                Some(true) => Color::Green,
                Some(false) => Color::Red,
                None => Color::Yellow,
            };
            let words = result_words(card, e, d.decision.as_ref())
                .unwrap_or_else(|| format!("由专家组判定：请在{}意见页按 d 选择结论并写明理由", card.stage_label()));
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
            lines.push(Line::from(why(v, e)));
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
            if !experts.is_empty() && card.kind == CardKind::Sheet {
                breakdown.push(Line::from(format!("各专家总分：{}", experts.join(" · "))));
            }
            if !e.recused.is_empty() {
                let what = if card.kind == CardKind::Sheet { "不计分" } else { "不参与认定" };
                breakdown.push(Line::from(Span::styled(
                    format!("回避（{what}）：{}", e.recused.join("、")),
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
                breakdown.push(Line::from("分项平均："));
            }
            for s in sections {
                breakdown.push(Line::from(format!("  {s}")));
            }
        }
        None if card.kind == CardKind::Sheet => {
            lines.push(Line::from(Span::styled("评分尚未完成，暂无总分。", Style::default().fg(Color::Yellow))));
        }
        None => {
            lines.push(Line::from(Span::styled(
                format!("尚不能判定：{}", v.eval_errors.join("；")),
                Style::default().fg(Color::Yellow),
            )));
        }
    }
    lines.push(Line::from(""));
    if d.status == Status::Finalized {
        lines.push(Line::from(Span::styled(
            format!("本{}已定稿并锁定。按 R 重新打开（须写明理由）。", card.stage_label()),
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
    if !breakdown.is_empty() {
        lines.push(Line::from(""));
        lines.extend(breakdown);
    }
    // A page too small for all of it says so on its lower border: nothing is cut silently.
    let lines = wrap_lines(lines, area.width.saturating_sub(2) as usize);
    let room = area.height.saturating_sub(2) as usize;
    let mut b = Block::default().borders(Borders::ALL).title(" 结果 ");
    if lines.len() > room {
        let more = format!(" …（另有 {} 行未显示，请放大窗口） ", lines.len() - room);
        b = b.title_bottom(Line::from(Span::styled(more, Style::default().fg(Color::Yellow))).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

/// Why the result is what it is, in one line.
fn why(v: &ReviewView, e: &Evaluation) -> String {
    if e.vetoed {
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
    } else if let Some(x) = &v.r.data.decision {
        format!("原因：依本省规定由专家组判定，理由：{}", x.reason)
    } else if v.r.card.kind == CardKind::Rules {
        "原因：原文把结论交由专家组判定（否决项成立或要求不满足时不通过）".to_string()
    } else {
        "原因：原文未规定合格线或判定标准，结论由专家组判定（否决项成立或要求不满足时不通过）".to_string()
    }
}
