//! Page 4, the acceptance opinion (验收意见): its four parts, edited one at a time or drafted from the scores. A part
//! longer than its box says how many lines are not shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::review::draft_opinion;
use crate::store::OpinionPatch;
use crate::tui::action::{Action, Ask, Open};
use crate::tui::dialogs::editor::OPINION_FIELDS;
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::screens::review::state::{ReviewView, locked_message};
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
        .help("g 由评分数据生成草稿"),
    ],
};

pub static HELP: &[HelpRow] = &[HelpRow::keys(0, "  验收意见：", "")];

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let o = &v.r.data.opinion;
    let texts = [&o.summary, &o.problems, &o.suggestions, &o.conclusion];
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
                "（未填写。Enter 编辑；g 由评分数据生成草稿）",
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
