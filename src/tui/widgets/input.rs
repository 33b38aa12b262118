//! Text input widgets that measure Chinese by display width: a one-line input and a wrapped multi-line editor (the
//! masked passphrase input is in [`super::secret`]). Text is edited and measured by grapheme (what the terminal draws
//! as one character: an emoji sequence joined by U+200D, a letter with its combining marks), so the caret is placed
//! in the display columns the terminal uses and an input method's candidate window follows it.
//!
//! What cannot be taken is said, not silently dropped: an input records a [`Notice`] when it cut text at its limit,
//! removed control characters or joined pasted lines, and the app shows it on the status line.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::tui::keys::{Key, KeyCode};

/// The display width of one grapheme, as ratatui draws it.
fn grapheme_width(g: &str) -> usize {
    g.width()
}

/// Invisible characters that reorder or hide text (bidirectional overrides and isolates, zero-width characters, the
/// byte order mark …): in a name they can make one text look like another, and a terminal may draw the rest of the
/// line backwards. The same set the store refuses ([`crate::domain::text::is_invisible`]), so that typed or pasted
/// text behaves as the command line's does.
pub(crate) fn is_hidden_control(c: char) -> bool {
    crate::domain::text::is_invisible(c)
}

/// What an input did not take as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Text beyond the limit (in characters) was not taken.
    Clipped(usize),
    /// Text beyond the limit (in bytes, for a passphrase) was not taken.
    ClippedBytes(usize),
    /// This many control or invisible direction characters were removed.
    Removed(usize),
    /// Line ends in a one-line field became spaces.
    Joined,
}

impl Notice {
    /// The note for the status line, after the field's name.
    pub fn text(self) -> String {
        match self {
            Notice::Clipped(max) => format!("最多 {max} 字，超出部分未输入"),
            Notice::ClippedBytes(max) => format!("最多 {max} 字节，超出部分未输入"),
            Notice::Removed(n) => format!("已去掉 {n} 个控制字符"),
            Notice::Joined => "本栏只有一行，换行已改为空格".into(),
        }
    }

    fn rank(self) -> u8 {
        match self {
            Notice::Clipped(_) | Notice::ClippedBytes(_) => 3,
            Notice::Removed(_) => 2,
            Notice::Joined => 1,
        }
    }

    /// Adds a notice to the one pending: removals add up, otherwise the more important one is kept (a cut, then a
    /// removal, then a join).
    pub(crate) fn merge(old: Option<Notice>, new: Notice) -> Notice {
        match (old, new) {
            (Some(Notice::Removed(a)), Notice::Removed(b)) => Notice::Removed(a + b),
            (Some(old), new) if old.rank() > new.rank() => old,
            (_, new) => new,
        }
    }
}

/// Removes control characters other than newlines, and invisible direction controls (tabs become spaces; in a
/// one-line field so do newlines); pasted text may carry anything. Returns the text, how many characters were removed
/// and whether line ends were joined.
pub fn sanitize_counted(text: &str, multiline: bool) -> (String, usize, bool) {
    let mut removed = 0;
    let mut joined = false;
    let out = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' if multiline => Some('\n'),
            '\n' | '\r' => {
                joined = true;
                Some(' ')
            }
            '\t' => Some(' '),
            c if c.is_control() || is_hidden_control(c) => {
                removed += 1;
                None
            }
            c => Some(c),
        })
        .collect();
    (out, removed, joined)
}

/// [`sanitize_counted`] without the counts.
pub fn sanitize(text: &str, multiline: bool) -> String {
    sanitize_counted(text, multiline).0
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
    /// Caret position in bytes, always at a grapheme boundary.
    caret: usize,
    /// The text's length in chars (the limit counts chars, as the store does).
    chars: usize,
    max_chars: Option<usize>,
    multiline: bool,
    notice: Option<Notice>,
    /// The text the input was opened with, to tell whether anything was typed since.
    original: String,
}

impl Buffer {
    fn new(text: &str, multiline: bool, max_chars: Option<usize>) -> Self {
        let text = sanitize(text, multiline);
        let chars = text.chars().count();
        Buffer { caret: text.len(), original: text.clone(), text, chars, max_chars, multiline, notice: None }
    }

    fn changed(&self) -> bool {
        self.text != self.original
    }

    fn note(&mut self, n: Notice) {
        self.notice = Some(Notice::merge(self.notice, n));
    }

    fn insert(&mut self, s: &str) {
        let (s, removed, joined) = sanitize_counted(s, self.multiline);
        if removed > 0 {
            self.note(Notice::Removed(removed));
        }
        if joined {
            self.note(Notice::Joined);
        }
        let room = self.max_chars.map_or(usize::MAX, |m| m.saturating_sub(self.chars));
        let n = s.chars().count();
        let s: String = if n > room {
            if let Some(m) = self.max_chars {
                self.note(Notice::Clipped(m));
            }
            s.chars().take(room).collect()
        } else {
            s
        };
        self.text.insert_str(self.caret, &s);
        self.caret += s.len();
        self.chars += s.chars().count();
        // A combining mark typed after the caret's grapheme joins it; keep the caret on a boundary.
        self.caret = self.boundary_at_or_after(self.caret);
    }

    /// The first grapheme boundary at or after `at`, looking only at the grapheme around it (typing stays cheap in a
    /// long text).
    fn boundary_at_or_after(&self, at: usize) -> usize {
        let start = self.text[..at].grapheme_indices(true).next_back().map_or(0, |(i, _)| i);
        self.text[start..].grapheme_indices(true).map(|(i, _)| start + i).find(|i| *i >= at).unwrap_or(self.text.len())
    }

    fn prev(&self) -> usize {
        self.text[..self.caret].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }

    fn next(&self) -> usize {
        self.text[self.caret..].graphemes(true).next().map_or(self.caret, |g| self.caret + g.len())
    }

    fn remove(&mut self, a: usize, b: usize) {
        self.chars -= self.text[a..b].chars().count();
        self.text.replace_range(a..b, "");
    }

    fn set_text(&mut self, text: &str) {
        let max = self.max_chars;
        let multiline = self.multiline;
        let notice = self.notice;
        let original = std::mem::take(&mut self.original);
        *self = Buffer::new(text, multiline, max);
        self.notice = notice;
        self.original = original;
    }

    /// Typing, deleting and moving by one character; `None` for any other key.
    fn edit(&mut self, key: &Key) -> Option<Edit> {
        match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => {
                let mut b = [0u8; 4];
                self.insert(c.encode_utf8(&mut b));
            }
            KeyCode::Backspace => {
                if self.caret > 0 {
                    let a = self.prev();
                    self.remove(a, self.caret);
                    self.caret = a;
                }
            }
            KeyCode::Delete => {
                if self.caret < self.text.len() {
                    let b = self.next();
                    self.remove(self.caret, b);
                }
            }
            KeyCode::Left => self.caret = self.prev(),
            KeyCode::Right => self.caret = self.next(),
            _ => return None,
        }
        Some(Edit::Changed)
    }
}

/// The longest path a one-line input takes (a key file, an export or import folder).
pub const PATH_CHARS: usize = 1000;

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

    /// Replaces the text, as typing would (the input counts as changed if it differs from what it was opened with).
    pub fn set(&mut self, text: &str) {
        self.buf.set_text(text);
    }

    /// Whether the text differs from what the input was opened with: typed text a close would throw away.
    pub fn changed(&self) -> bool {
        self.buf.changed()
    }

    /// Puts back the text the input was opened with.
    pub fn reset(&mut self) {
        let original = self.buf.original.clone();
        self.buf.set_text(&original);
    }

    pub fn insert(&mut self, s: &str) {
        self.buf.insert(s);
    }

    /// What the input did not take as given since last asked, if anything.
    pub fn take_notice(&mut self) -> Option<Notice> {
        self.buf.notice.take()
    }

    pub fn handle(&mut self, key: &Key) -> Edit {
        if let Some(e) = self.buf.edit(key) {
            return e;
        }
        match key.code {
            KeyCode::Home => self.buf.caret = 0,
            KeyCode::End => self.buf.caret = self.buf.text.len(),
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
        let caret_col: usize = self.buf.text[..self.buf.caret].graphemes(true).map(grapheme_width).sum();
        // Scroll whole characters off the left until the caret fits, leaving one column for it.
        let offset = caret_col.saturating_sub(width.saturating_sub(1));
        let mut col = 0;
        let mut first_col = None;
        let mut shown = String::new();
        for g in self.buf.text.graphemes(true) {
            let w = grapheme_width(g);
            if col >= offset {
                let start = *first_col.get_or_insert(col);
                if col + w - start > width {
                    break;
                }
                shown.push_str(g);
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

/// A multi-line editor with soft wrapping by display width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextArea {
    buf: Buffer,
    /// The first visual line shown. Only drawing knows the editor's height, so drawing keeps the caret in view by
    /// moving it (a memo of the last frame, as a scroll position is; the text and caret are never changed by drawing).
    scroll: Cell<usize>,
}

/// One visual line: the byte range it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    start: usize,
    end: usize,
}

/// The most characters a multi-line text takes (the store's limit for free text).
pub const TEXT_MAX: usize = crate::store::MAX_TEXT;

impl TextArea {
    pub fn new(text: &str) -> Self {
        TextArea { buf: Buffer::new(text, true, Some(TEXT_MAX)), scroll: Cell::new(0) }
    }

    pub fn text(&self) -> &str {
        &self.buf.text
    }

    /// Whether the text differs from what the editor was opened with.
    pub fn changed(&self) -> bool {
        self.buf.changed()
    }

    pub fn insert(&mut self, s: &str) {
        self.buf.insert(s);
    }

    /// What the editor did not take as given since last asked, if anything.
    pub fn take_notice(&mut self) -> Option<Notice> {
        self.buf.notice.take()
    }

    fn rows(&self, width: usize) -> Vec<Row> {
        let width = width.max(2);
        let mut rows = Vec::new();
        let mut start = 0;
        let mut col = 0;
        for (i, g) in self.buf.text.grapheme_indices(true) {
            if g == "\n" {
                rows.push(Row { start, end: i });
                start = i + g.len();
                col = 0;
                continue;
            }
            let w = grapheme_width(g);
            if col + w > width {
                rows.push(Row { start, end: i });
                start = i;
                col = 0;
            }
            col += w;
        }
        rows.push(Row { start, end: self.buf.text.len() });
        rows
    }

    fn caret_row(&self, rows: &[Row]) -> usize {
        // The caret belongs to the last row that starts at or before it (a wrapped row's end is the next's start).
        rows.iter().rposition(|r| r.start <= self.buf.caret).unwrap_or(0)
    }

    fn col_of(&self, row: Row, caret: usize) -> usize {
        self.buf.text[row.start..caret.max(row.start)].graphemes(true).map(grapheme_width).sum()
    }

    fn caret_at_col(&self, row: Row, col: usize) -> usize {
        let mut used = 0;
        let mut at = row.start;
        for g in self.buf.text[row.start..row.end].graphemes(true) {
            let w = grapheme_width(g);
            if used + w > col {
                break;
            }
            used += w;
            at += g.len();
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

    pub fn render(&self, frame: &mut Frame, area: Rect, focused: bool) {
        let width = area.width as usize;
        let height = area.height as usize;
        if width == 0 || height == 0 {
            return;
        }
        let rows = self.rows(width);
        let r = self.caret_row(&rows);
        let mut scroll = self.scroll.get();
        if r < scroll {
            scroll = r;
        } else if r >= scroll + height {
            scroll = r + 1 - height;
        }
        self.scroll.set(scroll);
        let lines: Vec<Line> = rows
            .iter()
            .skip(scroll)
            .take(height)
            .map(|row| Line::from(self.buf.text[row.start..row.end].to_string()))
            .collect();
        frame.render_widget(Paragraph::new(lines).style(Style::default().fg(Color::Reset)), area);
        if focused {
            let x = self.col_of(rows[r], self.buf.caret).min(width.saturating_sub(1));
            frame.set_cursor_position(Position::new(area.x + x as u16, area.y + (r - scroll) as u16));
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
        assert_eq!(i.take_notice(), Some(Notice::Removed(1)));
        let mut short = LineInput::new("").with_max(3);
        short.insert("12345");
        assert_eq!(short.text(), "123");
        assert_eq!(short.take_notice(), Some(Notice::Clipped(3)));
        assert_eq!(short.take_notice(), None);
    }

    #[test]
    fn edits_by_grapheme() {
        // A flag (two regional indicators) and a letter with a combining accent are one character each.
        let mut i = LineInput::new("a🇨🇳e\u{301}");
        i.handle(&Key::code(KeyCode::Backspace));
        assert_eq!(i.text(), "a🇨🇳");
        i.handle(&Key::code(KeyCode::Backspace));
        assert_eq!(i.text(), "a");
        // Zero-width characters are removed as the store refuses them (a joined emoji falls apart into its parts).
        let mut z = LineInput::new("");
        z.insert("a\u{200B}b👨\u{200D}👩");
        assert_eq!(z.text(), "ab👨👩");
        assert_eq!(z.take_notice(), Some(Notice::Removed(2)));
        let mut j = LineInput::new("甲\u{202E}乙");
        assert_eq!(j.text(), "甲乙");
        j.insert("\u{202E}丙\n");
        assert_eq!(j.text(), "甲乙丙 ");
        assert_eq!(j.take_notice(), Some(Notice::Removed(1)));
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
