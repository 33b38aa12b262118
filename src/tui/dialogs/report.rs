//! A report to read (what an import did, or that the database is damaged), closed with Enter or Esc.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, Keymap, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::wrap::wrap_lines;

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub lines: Vec<String>,
}

type K = Binding<Report, Action>;

pub static KEYS: Keymap<Report, Action> = Keymap {
    name: "dialog report",
    bindings: &[K::new(&[plain(KeyCode::Esc), plain(KeyCode::Enter), plain(KeyCode::Char('q'))], |_, _| {
        Done::Act(Action::CloseModal)
    })
    .label("Enter/Esc 关闭")],
};

pub fn render(frame: &mut Frame, rep: &Report, area: Rect) {
    let lines: Vec<Line> = rep
        .lines
        .iter()
        .map(|l| {
            let color = if l.starts_with('✗') {
                Color::Red
            } else if l.starts_with('✓') {
                Color::Green
            } else {
                Color::Reset
            };
            Line::from(Span::styled(l.clone(), Style::default().fg(color)))
        })
        .collect();
    let w = 76.min(area.width);
    let lines = wrap_lines(lines, w.saturating_sub(2) as usize);
    let r = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(rep, "");
    let b = dialog_block(&rep.title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    frame.render_widget(Paragraph::new(lines), inner);
}
