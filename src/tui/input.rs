//! Text input widgets that measure Chinese by display width: a one-line input, a masked passphrase input and a
//! wrapped multi-line editor. The caret is placed in display columns so that an input method's candidate window
//! follows it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use zeroize::{Zeroize, Zeroizing};

use crate::tui::keys::{Key, KeyCode};

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Removes control characters other than newlines (and tabs become spaces); pasted text may carry anything.
pub fn sanitize(text: &str, multiline: bool) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\r' => Some(' '),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// What an editor did with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The text or caret changed.
    Changed,
    /// The key is not an editing key; the caller may use it.
    Ignored,
}

/// The text and caret both editors share, with the editing keys they have in common.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Buffer {
    text: String,
    /// Caret position in chars.
    caret: usize,
    max_chars: Option<usize>,
    multiline: bool,
}

impl Buffer {
    fn new(text: &str, multiline: bool, max_chars: Option<usize>) -> Self {
        let text = sanitize(text, multiline);
        let caret = text.chars().count();
        Buffer { text, caret, max_chars, multiline }
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, s: &str) {
        let s = sanitize(s, self.multiline);
        let room = self.max_chars.map_or(usize::MAX, |m| m.saturating_sub(self.len()));
        let s: String = s.chars().take(room).collect();
        let at = self.byte(self.caret);
        self.text.insert_str(at, &s);
        self.caret += s.chars().count();
    }

    /// Typing, deleting and moving by one character; `None` for any other key.
    fn edit(&mut self, key: &Key) -> Option<Edit> {
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => self.insert(&c.to_string()),
            KeyCode::Backspace => {
                if self.caret > 0 {
                    let (a, b) = (self.byte(self.caret - 1), self.byte(self.caret));
                    self.text.replace_range(a..b, "");
                    self.caret -= 1;
                }
            }
            KeyCode::Delete => {
                if self.caret < self.len() {
                    let (a, b) = (self.byte(self.caret), self.byte(self.caret + 1));
                    self.text.replace_range(a..b, "");
                }
            }
            KeyCode::Left => self.caret = self.caret.saturating_sub(1),
            KeyCode::Right => self.caret = (self.caret + 1).min(self.len()),
            _ => return None,
        }
        Some(Edit::Changed)
    }
}

/// A one-line text input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    buf: Buffer,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput { buf: Buffer::new(text, false, None) }
    }

    pub fn with_max(mut self, max: usize) -> Self {
        self.buf.max_chars = Some(max);
        self
    }

    pub fn text(&self) -> &str {
        &self.buf.text
    }

    pub fn set(&mut self, text: &str) {
        self.buf = Buffer::new(text, false, self.buf.max_chars);
    }

    pub fn insert(&mut self, s: &str) {
        self.buf.insert(s);
    }

    pub fn handle(&mut self, key: &Key) -> Edit {
        if let Some(e) = self.buf.edit(key) {
            return e;
        }
        match key.code {
            KeyCode::Home => self.buf.caret = 0,
            KeyCode::End => self.buf.caret = self.buf.len(),
            KeyCode::Char('u') if key.ctrl => self.set(""),
            _ => return Edit::Ignored,
        }
        Edit::Changed
    }

    /// Draws the input in `area` (one line), scrolled so the caret is visible; places the terminal caret if focused.
    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool, style: Style) {
        let width = area.width as usize;
        if width == 0 {
            return;
        }
        let before: String = self.buf.text.chars().take(self.buf.caret).collect();
        let caret_col = before.width();
        // Scroll whole characters off the left until the caret fits, leaving one column for it.
        let offset = caret_col.saturating_sub(width.saturating_sub(1));
        let mut col = 0;
        let mut first_col = None;
        let mut shown = String::new();
        for c in self.buf.text.chars() {
            let w = char_width(c);
            if col >= offset {
                let start = *first_col.get_or_insert(col);
                if col + w - start > width {
                    break;
                }
                shown.push(c);
            }
            col += w;
        }
        let first_col = first_col.unwrap_or(caret_col);
        frame.render_widget(Paragraph::new(Line::from(Span::styled(shown, style))), area);
        if focused {
            let x = (caret_col.saturating_sub(first_col) as u16).min(area.width.saturating_sub(1));
            frame.set_cursor_position(Position::new(area.x + x, area.y));
        }
    }
}

/// The most a passphrase may hold, in bytes. The buffer is allocated at this size once and never grows, so no copy of
/// a passphrase is left behind by a reallocation.
const SECRET_BYTES: usize = 1024;

/// A passphrase input. What is typed lives only in memory that is wiped when dropped ([`Zeroizing`]); it is drawn as
/// one `•` a character, and its `Debug` form hides it, so it is never rendered or logged.
#[derive(PartialEq, Eq)]
pub struct SecretInput {
    text: Zeroizing<String>,
}

impl Default for SecretInput {
    fn default() -> Self {
        SecretInput { text: Zeroizing::new(String::with_capacity(SECRET_BYTES)) }
    }
}

impl Clone for SecretInput {
    fn clone(&self) -> Self {
        let mut s = SecretInput::default();
        s.text.push_str(&self.text);
        s
    }
}

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(hidden)")
    }
}

impl SecretInput {
    /// The passphrase, for the one call that needs it.
    pub fn secret(&self) -> &Zeroizing<String> {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Wipes what was typed.
    pub fn clear(&mut self) {
        self.text.zeroize();
    }

    /// Appends typed or pasted characters; control characters (a pasted line end) are dropped, and nothing beyond
    /// the buffer's size is taken.
    pub fn insert(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control()) {
            if self.text.len() + c.len_utf8() > SECRET_BYTES {
                break;
            }
            self.text.push(c);
        }
    }

    pub fn handle(&mut self, key: &Key) -> Edit {
        match key.code {
            KeyCode::Char('u') if key.ctrl => self.clear(),
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                let mut b = [0u8; 4];
                self.insert(c.encode_utf8(&mut b));
            }
            KeyCode::Backspace => {
                // The removed bytes stay in the buffer's spare capacity, which is wiped on drop.
                self.text.pop();
            }
            _ => return Edit::Ignored,
        }
        Edit::Changed
    }

    /// Draws one `•` per character, never the text; places the caret after them if focused.
    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool, style: Style) {
        let width = area.width as usize;
        if width == 0 {
            return;
        }
        let n = self.text.chars().count();
        let shown = n.min(width.saturating_sub(1));
        frame.render_widget(Paragraph::new(Line::from(Span::styled("•".repeat(shown), style))), area);
        if focused {
            frame.set_cursor_position(Position::new(area.x + shown as u16, area.y));
        }
    }
}

/// A multi-line editor with soft wrapping by display width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextArea {
    buf: Buffer,
    scroll: usize,
}

/// One visual line: the char range it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    start: usize,
    end: usize,
}

impl TextArea {
    pub fn new(text: &str) -> Self {
        TextArea { buf: Buffer::new(text, true, Some(20_000)), scroll: 0 }
    }

    pub fn text(&self) -> &str {
        &self.buf.text
    }

    pub fn insert(&mut self, s: &str) {
        self.buf.insert(s);
    }

    fn rows(&self, width: usize) -> Vec<Row> {
        let width = width.max(2);
        let chars: Vec<char> = self.buf.text.chars().collect();
        let mut rows = Vec::new();
        let mut start = 0;
        let mut col = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                rows.push(Row { start, end: i });
                start = i + 1;
                col = 0;
                continue;
            }
            let w = char_width(*c);
            if col + w > width {
                rows.push(Row { start, end: i });
                start = i;
                col = 0;
            }
            col += w;
        }
        rows.push(Row { start, end: chars.len() });
        rows
    }

    fn caret_row(&self, rows: &[Row]) -> usize {
        // The caret belongs to the last row that starts at or before it (a wrapped row's end is the next's start).
        rows.iter().rposition(|r| r.start <= self.buf.caret).unwrap_or(0)
    }

    fn col_of(&self, row: Row, caret: usize) -> usize {
        self.buf.text.chars().skip(row.start).take(caret - row.start).map(char_width).sum()
    }

    fn caret_at_col(&self, row: Row, col: usize) -> usize {
        let mut used = 0;
        let mut at = row.start;
        for c in self.buf.text.chars().skip(row.start).take(row.end - row.start) {
            let w = char_width(c);
            if used + w > col {
                break;
            }
            used += w;
            at += 1;
        }
        at
    }

    /// Handles an editing key; `width` is the editor's text width, for up and down over wrapped lines.
    pub fn handle(&mut self, key: &Key, width: usize) -> Edit {
        if key.is(KeyCode::Enter) {
            self.buf.insert("\n");
            return Edit::Changed;
        }
        if let Some(e) = self.buf.edit(key) {
            return e;
        }
        match key.code {
            KeyCode::Up | KeyCode::Down => {
                let rows = self.rows(width);
                let r = self.caret_row(&rows);
                let col = self.col_of(rows[r], self.buf.caret);
                let target =
                    if key.code == KeyCode::Up { r.checked_sub(1) } else { (r + 1 < rows.len()).then_some(r + 1) };
                if let Some(t) = target {
                    self.buf.caret = self.caret_at_col(rows[t], col);
                }
            }
            KeyCode::Home => {
                let rows = self.rows(width);
                self.buf.caret = rows[self.caret_row(&rows)].start;
            }
            KeyCode::End => {
                let rows = self.rows(width);
                self.buf.caret = rows[self.caret_row(&rows)].end;
            }
            _ => return Edit::Ignored,
        }
        Edit::Changed
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, focused: bool) {
        let width = area.width as usize;
        let height = area.height as usize;
        if width == 0 || height == 0 {
            return;
        }
        let rows = self.rows(width);
        let r = self.caret_row(&rows);
        if r < self.scroll {
            self.scroll = r;
        } else if r >= self.scroll + height {
            self.scroll = r + 1 - height;
        }
        let chars: Vec<char> = self.buf.text.chars().collect();
        let lines: Vec<Line> = rows
            .iter()
            .skip(self.scroll)
            .take(height)
            .map(|row| Line::from(chars[row.start..row.end].iter().collect::<String>()))
            .collect();
        frame.render_widget(Paragraph::new(lines).style(Style::default().fg(Color::Reset)), area);
        if focused {
            let x = self.col_of(rows[r], self.buf.caret).min(width.saturating_sub(1));
            frame.set_cursor_position(Position::new(area.x + x as u16, area.y + (r - self.scroll) as u16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Key;

    #[test]
    fn line_input_edits_by_chars() {
        let mut i = LineInput::new("清洁生产");
        i.handle(&Key::code(KeyCode::Left));
        i.handle(&Key::char('审'));
        assert_eq!(i.text(), "清洁生审产");
        i.handle(&Key::code(KeyCode::Backspace));
        assert_eq!(i.text(), "清洁生产");
        i.insert("a\tb\u{7}\nc");
        assert_eq!(i.text(), "清洁生a b c产");
        let mut short = LineInput::new("").with_max(3);
        short.insert("12345");
        assert_eq!(short.text(), "123");
    }

    #[test]
    fn text_area_moves_over_wrapped_lines() {
        let mut t = TextArea::new("");
        t.insert("一二三四五六\n甲乙");
        // At width 6 (three Chinese characters a row): rows 一二三 / 四五六 / 甲乙.
        assert_eq!(t.rows(6).len(), 3);
        t.handle(&Key::code(KeyCode::Up), 6);
        t.handle(&Key::char('X'), 6);
        assert_eq!(t.text(), "一二三四五X六\n甲乙");
        t.handle(&Key::code(KeyCode::Enter), 6);
        assert!(t.text().contains("X\n六"));
    }
}
