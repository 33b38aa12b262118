//! Keys as the app sees them, independent of the terminal library, so that tests can script them plainly.

use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};

pub use crossterm::event::KeyCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false, alt: false, shift: false }
    }
    pub fn char(c: char) -> Key {
        Key::code(KeyCode::Char(c))
    }
    pub fn ctrl(c: char) -> Key {
        Key { ctrl: true, ..Key::char(c) }
    }
    pub fn is(&self, code: KeyCode) -> bool {
        self.code == code && !self.ctrl && !self.alt
    }
    pub fn is_char(&self, c: char) -> bool {
        self.code == KeyCode::Char(c) && !self.ctrl && !self.alt
    }
    pub fn is_ctrl(&self, c: char) -> bool {
        self.code == KeyCode::Char(c) && self.ctrl
    }

    /// A terminal key press; releases and repeats of other kinds are not keys.
    pub fn from_event(e: KeyEvent) -> Option<Key> {
        if e.kind == KeyEventKind::Release {
            return None;
        }
        Some(Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
            shift: e.modifiers.contains(KeyModifiers::SHIFT),
        })
    }
}

/// Input the app handles: a key, pasted text (never read as commands), or a resize.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Paste(String),
    Resize,
}

impl From<Key> for Input {
    fn from(k: Key) -> Self {
        Input::Key(k)
    }
}

/// Parses a key script for tests and demos: text is typed as characters; `<Enter>`, `<Esc>`, `<Tab>`, `<BackTab>`,
/// `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<Backspace>`, `<Del>`, `<Home>`, `<End>`, `<PgUp>`, `<PgDn>`, `<F1>`…`<F12>`,
/// `<C-x>` (Ctrl) and `<A-x>` (Alt) are keys; `<paste:…>` is pasted text.
pub fn script(s: &str) -> Vec<Input> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            let key = match name {
                "Enter" => Some(Key::code(KeyCode::Enter)),
                "Esc" => Some(Key::code(KeyCode::Esc)),
                "Tab" => Some(Key::code(KeyCode::Tab)),
                "BackTab" => Some(Key::code(KeyCode::BackTab)),
                "Up" => Some(Key::code(KeyCode::Up)),
                "Down" => Some(Key::code(KeyCode::Down)),
                "Left" => Some(Key::code(KeyCode::Left)),
                "Right" => Some(Key::code(KeyCode::Right)),
                "Backspace" => Some(Key::code(KeyCode::Backspace)),
                "Del" => Some(Key::code(KeyCode::Delete)),
                "Home" => Some(Key::code(KeyCode::Home)),
                "End" => Some(Key::code(KeyCode::End)),
                "PgUp" => Some(Key::code(KeyCode::PageUp)),
                "PgDn" => Some(Key::code(KeyCode::PageDown)),
                "lt" => Some(Key::char('<')),
                n if n.starts_with('F') && n[1..].parse::<u8>().is_ok() => {
                    Some(Key::code(KeyCode::F(n[1..].parse().unwrap_or(1))))
                }
                n if n.starts_with("C-") && n.chars().count() == 3 => n.chars().nth(2).map(Key::ctrl),
                n if n.starts_with("A-") && n.chars().count() == 3 => {
                    n.chars().nth(2).map(|c| Key { alt: true, ..Key::char(c) })
                }
                n if n.starts_with("paste:") => {
                    out.push(Input::Paste(n["paste:".len()..].to_string()));
                    rest = &rest[end + 1..];
                    continue;
                }
                _ => None,
            };
            if let Some(k) = key {
                out.push(Input::Key(k));
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(Input::Key(Key::char(c)));
        rest = &rest[c.len_utf8()..];
    }
    out
}
