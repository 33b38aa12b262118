//! The styles every screen shares, and the frame of a dialog.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// The colour of headings and field labels.
pub const ACCENT: Color = Color::Cyan;

/// The selected row of a list or table.
pub fn sel_style() -> Style {
    Style::default().fg(Color::Black).bg(Color::Cyan)
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

/// A dialog's frame: its title at the top, the keys it takes at the bottom right.
pub fn dialog_block<'a>(title: &'a str, keys: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Yellow))
        .title(Span::styled(format!(" {title} "), Style::default().add_modifier(Modifier::BOLD)))
        .title_bottom(Line::from(format!(" {keys} ")).right_aligned())
}

/// A field's label, highlighted while the field has the focus.
pub fn label(text: &str, focused: bool) -> Span<'static> {
    let style = if focused { Style::default().fg(Color::Black).bg(Color::Yellow) } else { Style::default().fg(ACCENT) };
    Span::styled(format!("{text}："), style)
}
