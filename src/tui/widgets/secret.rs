//! A passphrase input: what is typed is held only in memory that is wiped, and is never drawn, logged or copied by a
//! reallocation.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zeroize::{Zeroize, Zeroizing};

use crate::tui::keys::{Key, KeyCode};
use crate::tui::widgets::input::{Edit, Notice, is_hidden_control};

/// The most a passphrase may hold, in bytes. The buffer is allocated at this size once and never grows, so no copy of
/// a passphrase is left behind by a reallocation.
const SECRET_BYTES: usize = 1024;

/// A passphrase input. What is typed lives only in memory that is wiped when dropped ([`Zeroizing`]); it is drawn as
/// one `•` a character, and its `Debug` form hides it, so it is never rendered or logged.
#[derive(PartialEq, Eq)]
pub struct SecretInput {
    text: Zeroizing<String>,
    notice: Option<Notice>,
}

impl Default for SecretInput {
    fn default() -> Self {
        SecretInput { text: Zeroizing::new(String::with_capacity(SECRET_BYTES)), notice: None }
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
    /// the buffer's size is taken. Either is noted (never the text itself).
    pub fn insert(&mut self, s: &str) {
        let mut removed = 0;
        for c in s.chars() {
            if c.is_control() || is_hidden_control(c) {
                removed += 1;
                continue;
            }
            if self.text.len() + c.len_utf8() > SECRET_BYTES {
                self.notice = Some(Notice::ClippedBytes(SECRET_BYTES));
                return;
            }
            self.text.push(c);
        }
        if removed > 0 {
            self.notice = Some(Notice::merge(self.notice, Notice::Removed(removed)));
        }
    }

    /// What the input did not take since last asked, if anything.
    pub fn take_notice(&mut self) -> Option<Notice> {
        self.notice.take()
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
