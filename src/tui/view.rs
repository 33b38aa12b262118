//! Drawing the state: the frame's chrome (the title, the status line, the key hints), the screen shown, the open
//! dialog and the help. A view only reads the state; what it shows of the keys comes from the keymaps.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::dialogs;
use crate::tui::help;
use crate::tui::keymap::hint_line;
use crate::tui::screens::{home, new_review, review, unit};
use crate::tui::state::{Screen, State};
use crate::tui::widgets::status::{render_hints, render_status};
use crate::tui::widgets::words;
use crate::tui::widgets::wrap::fit;

/// The frame's rows: the title, the body, the status line and the key hints.
pub fn layout(area: Rect) -> [Rect; 4] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
        .areas(area)
}

pub fn render(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let [title, body, status, hints] = layout(area);
    let context = match &state.screen {
        Screen::Home => "验收列表".to_string(),
        Screen::NewReview(_) => "新建验收".to_string(),
        Screen::Review(v) => format!(
            "{} · {} · {}",
            v.r.data.enterprise.name,
            v.r.card.title,
            words::status_label(v.r.data.status, v.r.card.kind)
        ),
        Screen::Unit(_) => "技术依托单位：导入、核验与汇总".to_string(),
    };
    let title_text = fit(&format!(" yanshou 清洁生产审核验收 │ {context}"), area.width as usize);
    frame.render_widget(
        Paragraph::new(title_text)
            .style(Style::default().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD)),
        title,
    );

    match &state.screen {
        Screen::Home => home::render(frame, &state.home, &state.catalog, body),
        Screen::NewReview(f) => new_review::render(frame, f, &state.catalog, body),
        Screen::Review(v) => review::render(frame, v, body),
        Screen::Unit(u) => unit::render(frame, u, body),
    }

    render_status(frame, status, &state.status, &state.data_dir);
    render_hints(frame, hints, &hint_text(state));

    if let Some(m) = &state.modal {
        dialogs::render(frame, m, body);
    }
    if state.help {
        crate::tui::widgets::help::render(frame, body, &help::lines(&state.screen));
    }
    mend_wide_chars(frame.buffer_mut());
}

/// The keys that work where the focus is, from its keymap.
pub fn hint_text(state: &State) -> String {
    if state.help {
        return hint_line(&[&help::KEYS], &());
    }
    if let Some(m) = &state.modal {
        return dialogs::hint(m);
    }
    match &state.screen {
        Screen::Home => hint_line(&[&home::KEYS], &state.home),
        Screen::NewReview(f) => hint_line(&[&new_review::KEYS], f),
        Screen::Review(v) => review::hint(v),
        Screen::Unit(u) => hint_line(&[&unit::KEYS], u),
    }
}

/// A wide character whose right half was drawn over (a dialog's left border over Chinese text on the page) would hide
/// that border on the terminal, which skips the cell behind a wide character: it becomes a space.
fn mend_wide_chars(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            if buf[(x, y)].symbol().width() > 1 && buf[(x + 1, y)].symbol() != " " {
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
}
