//! The question before typed text is thrown away: Esc in a dialog (or on the new-review form) that holds typed text
//! not yet saved, or Ctrl+C anywhere with such text. A second Esc (or `y`) throws it away; Enter or any other key goes
//! back to the text as it was. For quitting, `y` (or Ctrl+C again) quits. Drawn over the dialog it would close, and
//! kept beside it, so that going back restores the dialog exactly.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::action::{Action, Leave, Open};
use crate::tui::keymap::{Binding, Done, Keymap, Pat, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::wrap::wrap_lines;

/// The question; the dialog it is drawn over is kept beside it, in [`super::Modal::Discard`].
#[derive(Clone, Debug, PartialEq)]
pub struct Discard {
    pub leave: Leave,
}

/// What Esc does in a dialog: close it, or first ask when it holds typed text that is not saved.
pub fn close(unsaved: bool) -> Done<Action> {
    Done::Act(if unsaved { Action::Open(Open::Discard(Leave::Close)) } else { Action::CloseModal })
}

type K = Binding<Discard, Action>;

fn quitting(d: &Discard) -> bool {
    d.leave == Leave::Quit
}

pub static KEYS: Keymap<Discard, Action> = Keymap {
    name: "dialog discard",
    bindings: &[
        K::new(&[plain(KeyCode::Esc), plain(KeyCode::Char('y'))], |d, _| Done::Act(d.leave.action()))
            .when(|d| !quitting(d))
            .label("Esc/y 放弃"),
        K::new(&[plain(KeyCode::Char('y'))], |_, _| Done::Act(Action::Quit)).when(quitting).label("y 退出"),
        K::new(&[Pat::Any], |_, _| Done::Act(Action::KeepEditing)).label("Enter 返回编辑"),
    ],
};

/// Draws the question (over the dialog, which is drawn first).
pub fn render(frame: &mut Frame, d: &Discard, area: Rect) {
    let (title, text, how) = match d.leave {
        Leave::Close => ("放弃已输入的内容？", "此对话框中有尚未保存的输入，关闭后将丢失。", "再按 Esc 或 y 放弃"),
        Leave::Back => ("放弃已输入的内容？", "新建验收表中已填写的内容尚未创建，返回后将丢失。", "再按 Esc 或 y 放弃"),
        Leave::Quit => (
            "退出并放弃已输入的内容？",
            "有尚未保存的输入，退出后将丢失（已保存的不受影响）。",
            "按 y 或再按 Ctrl+C 退出",
        ),
    };
    let w = 60.min(area.width);
    let back = Span::styled(format!("{how}；Enter 或其他键回到输入。"), Style::default().fg(Color::DarkGray));
    let lines = wrap_lines(vec![Line::from(text), Line::from(back)], w.saturating_sub(2) as usize);
    let r = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(d, "");
    let b = dialog_block(title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    frame.render_widget(Paragraph::new(lines), inner);
}
