//! Page 4, the opinion (验收意见, 评估意见 …): its four parts, edited one at a time or drafted from what was entered.
//! A part longer than its box says how many lines are not shown. Above them, the result the 结论 must agree with:
//! computed where the rules decide (read only: a contradicting 结论 is refused at finalize), or recorded here by the
//! panel (d) where the source leaves the result to it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::review::draft_opinion;
use crate::domain::scorecard::{CardKind, DecidedBy};
use crate::store::OpinionPatch;
use crate::tui::action::{Action, Ask, Open};
use crate::tui::dialogs::editor::OPINION_FIELDS;
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::screens::review::state::{ReviewView, locked_message};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::{pass_fail, result_words};
use crate::tui::widgets::wrap::{text_lines, wrap_lines};

type K = Binding<ReviewView, Action>;

fn open(v: &ReviewView) -> bool {
    !v.locked()
}

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review opinion",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            if k.code == KeyCode::Up {
                v.opinion_sel = v.opinion_sel.saturating_sub(1);
            } else if v.opinion_sel < OPINION_FIELDS.len() - 1 {
                v.opinion_sel += 1;
            }
            Done::Changed
        })
        .hint("↑↓ 选择"),
        K::new(&[code(KeyCode::Enter), ch('e')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            Done::Act(Action::Open(Open::Editor(v.opinion_sel)))
        })
        .hint_when(open)
        .label("Enter 编辑"),
        // A draft fills an empty opinion at once; over what was written, it asks first.
        K::new(&[ch('g')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            let draft = draft_opinion(&v.r.data, &v.r.card, v.eval.as_ref());
            let o = &v.r.data.opinion;
            if o.summary.is_empty() && o.problems.is_empty() && o.conclusion.is_empty() {
                return Done::Act(Action::SaveOpinion(OpinionPatch {
                    summary: Some(draft.summary),
                    problems: Some(draft.problems),
                    suggestions: Some(draft.suggestions),
                    conclusion: Some(draft.conclusion),
                }));
            }
            Done::Act(Action::Open(Open::Confirm(Ask::OverwriteOpinion(Box::new(draft)))))
        })
        .hint_when(open)
        .hint("g 生成草稿")
        .help("g 由已录入的数据生成草稿"),
        // The panel's own result, where the source leaves it to the panel (or where one was recorded, to change it).
        K::new(&[ch('d')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            if !panel_decides(v) {
                return Done::Act(Action::Status(
                    "本次结果依规定判定，无需专家组判定：结论须与上方的结果一致".into(),
                    StatusKind::Info,
                ));
            }
            Done::Act(Action::Open(Open::Decision))
        })
        .hint_when(|v| open(v) && panel_decides(v))
        .hint("d 专家组判定")
        .help("d 由专家组判定结论（本省规定由专家组判定时）"),
    ],
};

/// Whether the panel records a result of its own: the source leaves the decision to it, or one is recorded.
fn panel_decides(v: &ReviewView) -> bool {
    v.r.card.outcome.decided_by == DecidedBy::Panel || v.r.data.decision.is_some()
}

/// The result the 结论 must agree with, in one or two lines.
fn result_line(v: &ReviewView) -> Line<'static> {
    let card = &v.r.card;
    let d = &v.r.data;
    let Some(e) = &v.eval else {
        let what = if card.kind == CardKind::Sheet { "评分尚未完成" } else { "尚不能判定" };
        return Line::from(Span::styled(format!("结果：{what}，暂无结果"), Style::default().fg(Color::DarkGray)));
    };
    let bold = |c: Color| Style::default().fg(c).add_modifier(Modifier::BOLD);
    let color = |p: bool| if p { Color::Green } else { Color::Red };
    match (e.passed, &d.decision) {
        (Some(p), _) => {
            let words = result_words(card, e, None).unwrap_or_default();
            let grade = e.grade.as_ref().filter(|g| **g != words).map(|g| format!("（{g}）")).unwrap_or_default();
            let why = if e.vetoed {
                "（否决项成立）"
            } else if !e.unmet.is_empty() {
                "（有要求不满足）"
            } else {
                ""
            };
            // Where the panel would decide, a veto or an unmet requirement has decided by the rules.
            let how = if e.decided_by == DecidedBy::Panel { DecidedBy::Rules } else { e.decided_by };
            Line::from(vec![
                Span::raw(format!("结果（{}）：", how.label())),
                Span::styled(format!("{words}{grade}{why}"), bold(color(p))),
                Span::raw("；结论须与之一致"),
            ])
        }
        (None, Some(x)) => Line::from(vec![
            Span::raw("结果由专家组判定："),
            Span::styled(pass_fail(card, x.passed), bold(color(x.passed))),
            Span::raw(format!("。理由：{}（d 修改）", x.reason)),
        ]),
        (None, None) => Line::from(vec![
            Span::raw("结果由专家组判定："),
            Span::styled("尚未判定", bold(Color::Yellow)),
            Span::raw(format!("（按 d 选择“{}”或“{}”并写明理由）", pass_fail(card, true), pass_fail(card, false))),
        ]),
    }
}

pub static HELP: &[HelpRow] = &[HelpRow::keys(0, "  意见：", "")];

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let o = &v.r.data.opinion;
    let texts = [&o.summary, &o.problems, &o.suggestions, &o.conclusion];
    let result = wrap_lines(vec![result_line(v)], area.width as usize);
    let [head, area] =
        Layout::vertical([Constraint::Length(result.len().min(3) as u16), Constraint::Min(4)]).areas(area);
    frame.render_widget(Paragraph::new(result), head);
    let rows = Layout::vertical([
        Constraint::Ratio(3, 10),
        Constraint::Ratio(3, 10),
        Constraint::Ratio(2, 10),
        Constraint::Ratio(2, 10),
    ])
    .split(area);
    for (i, name) in OPINION_FIELDS.iter().enumerate() {
        let style = if i == v.opinion_sel {
            Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let mut b =
            Block::default().borders(Borders::ALL).border_style(style).title(Span::styled(format!(" {name} "), style));
        let body = if texts[i].is_empty() {
            Paragraph::new(Span::styled(
                "（未填写。Enter 编辑；g 由已录入的数据生成草稿）",
                Style::default().fg(Color::DarkGray),
            ))
        } else {
            // A box too small for its text says so on its lower border: nothing is cut silently.
            let lines = wrap_lines(text_lines(texts[i]), rows[i].width.saturating_sub(2) as usize);
            let room = rows[i].height.saturating_sub(2) as usize;
            if lines.len() > room {
                let more = format!(" …（另有 {} 行，按 Enter 编辑查看） ", lines.len() - room);
                b = b.title_bottom(Line::from(Span::styled(more, Style::default().fg(Color::Yellow))).right_aligned());
            }
            Paragraph::new(lines)
        };
        frame.render_widget(body.block(b), rows[i]);
    }
}
