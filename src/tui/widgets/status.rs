//! The two bottom lines: the status line (what was just saved, or why not, and where the data lives) and the keys
//! that work where the focus is.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::widgets::wrap::fit;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Saved,
    Error,
}

/// The status line. A message that does not fit beside the data directory takes the whole line: it is what the panel
/// must read.
pub fn render_status(frame: &mut Frame, area: Rect, (text, kind): &(String, StatusKind), data_dir: &Path) {
    let style = match kind {
        StatusKind::Saved => Style::default().fg(Color::Green),
        StatusKind::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        StatusKind::Info => Style::default().fg(Color::Yellow),
    };
    let dir = format!("数据：{}", data_dir.display());
    let room = (area.width as usize).saturating_sub(dir.width() + 2);
    let msg = if text.is_empty() { "每项修改即时保存".to_string() } else { text.clone() };
    let line = if room >= 20 && msg.width() <= room {
        let msg = fit(&msg, room);
        let pad = (area.width as usize).saturating_sub(msg.width() + dir.width() + 1);
        Line::from(vec![
            Span::styled(msg, style),
            Span::raw(" ".repeat(pad)),
            Span::styled(dir, Style::default().fg(Color::DarkGray)),
        ])
    } else {
        Line::from(Span::styled(fit(&msg, area.width as usize), style))
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The key hints, read from the keymap of what has the focus.
pub fn render_hints(frame: &mut Frame, area: Rect, hints: &str) {
    frame.render_widget(
        Paragraph::new(fit(hints, area.width as usize)).style(Style::default().fg(Color::Black).bg(Color::Gray)),
        area,
    );
}
