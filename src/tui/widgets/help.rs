//! The `?` help overlay. Its lines are made from the keymaps (see [`crate::tui::help`]); this only draws them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use crate::tui::widgets::chrome::{ACCENT, centered};
use crate::tui::widgets::wrap::wrapped;

/// One line of the help: its text, and whether it is a heading.
pub type HelpLine = (String, bool);

pub fn render(frame: &mut Frame, area: Rect, help: &[HelpLine]) {
    let r = centered(area, 74, 20);
    frame.render_widget(Clear, r);
    let lines: Vec<Line> = help
        .iter()
        .map(|(text, heading)| {
            let style =
                if *heading { Style::default().fg(ACCENT).add_modifier(Modifier::BOLD) } else { Style::default() };
            Line::from(Span::styled(text.clone(), style))
        })
        .collect();
    let b = Block::default().borders(Borders::ALL).border_style(Style::default().fg(Color::Yellow)).title(" 帮助 ");
    frame.render_widget(wrapped(lines, r, 2).block(b), r);
}
