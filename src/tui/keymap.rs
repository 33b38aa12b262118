//! Keys as data. Every screen and every dialog has one table of bindings: which keys, when the binding applies, the
//! label of the status-line hint, the label of the `?` help (for a dialog: of its frame), and what the keys do. The
//! key handler, the hint and the help are all read from the table, so they cannot drift apart; a test presses keys in
//! every screen and dialog and checks that each key that works is shown, and that each binding shown works.
//!
//! A binding's handler either changes the screen's or dialog's own state in place (a selection, the focus, a field's
//! text) or returns an [`Action`](crate::tui::action::Action) for the update to perform; it never performs one.

use crate::tui::keys::{Key, KeyCode};
use crate::tui::widgets::input::Edit;

/// Which keys a binding takes.
#[derive(Clone, Copy)]
pub enum Pat {
    /// This key code, whatever the modifiers.
    Code(KeyCode),
    /// This key code without Ctrl or Alt.
    Plain(KeyCode),
    /// Ctrl and this character.
    Ctrl(char),
    /// A character, whatever the modifiers, that passes the test.
    Char(fn(char) -> bool),
    /// A key that passes the test.
    Key(fn(&Key) -> bool),
    /// Any key: the handler says whether it took it. For typing into the focused field.
    Any,
}

impl Pat {
    pub fn matches(self, key: &Key) -> bool {
        match self {
            Pat::Code(c) => key.code == c,
            Pat::Plain(c) => key.is(c),
            Pat::Ctrl(c) => key.is_ctrl(c),
            Pat::Char(f) => matches!(key.code, KeyCode::Char(c) if f(c)),
            Pat::Key(f) => f(key),
            Pat::Any => true,
        }
    }
}

/// A character key, whatever the modifiers.
pub const fn ch(c: char) -> Pat {
    Pat::Code(KeyCode::Char(c))
}

/// A key code, whatever the modifiers.
pub const fn code(c: KeyCode) -> Pat {
    Pat::Code(c)
}

/// A key code without Ctrl or Alt.
pub const fn plain(c: KeyCode) -> Pat {
    Pat::Plain(c)
}

/// What a binding's handler did with a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Done<A> {
    /// Not taken: the next binding that matches gets the key.
    Ignored,
    /// Taken; what changed is the screen's or dialog's own state.
    Changed,
    /// Taken, asking for an action.
    Act(A),
}

impl<A> Done<A> {
    pub fn action(self) -> Option<A> {
        match self {
            Done::Act(a) => Some(a),
            _ => None,
        }
    }
}

impl<A> From<Edit> for Done<A> {
    /// An editor's answer: what it did not take goes on to the next binding.
    fn from(e: Edit) -> Self {
        match e {
            Edit::Changed => Done::Changed,
            Edit::Ignored => Done::Ignored,
        }
    }
}

/// How a binding is shown to the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// By its labels: in the status-line hint and/or the help (a dialog's frame).
    Labels,
    /// Typing into the focused field, whose caret shows it.
    Typing,
    /// Moving the focus or a choice inside a dialog, shown where it moves; never an action. For the few dialog keys
    /// whose frame and hint have no room (the frames and hints are pinned by the snapshots).
    Quiet,
    /// A hint the status line shows although the key does nothing here. Kept only where a snapshot pins the text; a
    /// test lists every one.
    Stale,
}

/// One binding of a table.
pub struct Binding<S: 'static, A: 'static> {
    pub keys: &'static [Pat],
    /// When the binding applies (its keys are read, its labels shown).
    pub when: fn(&S) -> bool,
    /// The status-line hint ("" for none), shown while `hint_when` holds too.
    pub hint: &'static str,
    pub hint_when: fn(&S) -> bool,
    /// The label of the `?` help, or for a dialog of its frame ("" for none).
    pub help: &'static str,
    /// The line of the help the label goes on (see [`HelpRow`]).
    pub line: u8,
    pub shown: Shown,
    pub run: fn(&mut S, &Key) -> Done<A>,
}

fn always<S>(_: &S) -> bool {
    true
}

impl<S, A> Binding<S, A> {
    pub const fn new(keys: &'static [Pat], run: fn(&mut S, &Key) -> Done<A>) -> Self {
        Binding {
            keys,
            when: always::<S>,
            hint: "",
            hint_when: always::<S>,
            help: "",
            line: 0,
            shown: Shown::Labels,
            run,
        }
    }
    pub const fn when(mut self, when: fn(&S) -> bool) -> Self {
        self.when = when;
        self
    }
    pub const fn hint(mut self, label: &'static str) -> Self {
        self.hint = label;
        self
    }
    pub const fn hint_when(mut self, when: fn(&S) -> bool) -> Self {
        self.hint_when = when;
        self
    }
    pub const fn help(mut self, label: &'static str) -> Self {
        self.help = label;
        self
    }
    /// Both labels the same.
    pub const fn label(self, label: &'static str) -> Self {
        self.hint(label).help(label)
    }
    pub const fn line(mut self, line: u8) -> Self {
        self.line = line;
        self
    }
    pub const fn typing(mut self) -> Self {
        self.shown = Shown::Typing;
        self
    }
    pub const fn quiet(mut self) -> Self {
        self.shown = Shown::Quiet;
        self
    }
    pub const fn stale(mut self) -> Self {
        self.shown = Shown::Stale;
        self
    }

    fn takes(&self, key: &Key) -> bool {
        self.keys.iter().any(|p| p.matches(key))
    }
}

/// The table of one screen or dialog.
pub struct Keymap<S: 'static, A: 'static> {
    pub name: &'static str,
    pub bindings: &'static [Binding<S, A>],
}

/// Which binding took a key, and what it did.
#[derive(Clone, Debug, PartialEq)]
pub struct Taken<A> {
    pub map: &'static str,
    pub index: usize,
    pub done: Done<A>,
}

/// A binding as the tests see it, whatever its table's state type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    pub map: &'static str,
    pub index: usize,
    pub hint: &'static str,
    pub help: &'static str,
    pub shown: Shown,
}

impl<S, A> Keymap<S, A> {
    /// Gives the key to the first binding that applies, takes the key and does not ignore it.
    pub fn dispatch(&self, s: &mut S, key: &Key) -> Option<Taken<A>> {
        for (index, b) in self.bindings.iter().enumerate() {
            if !(b.when)(s) || !b.takes(key) {
                continue;
            }
            match (b.run)(s, key) {
                Done::Ignored => continue,
                done => return Some(Taken { map: self.name, index, done }),
            }
        }
        None
    }

    /// The hint labels that apply now, in table order.
    pub fn hints(&self, s: &S) -> impl Iterator<Item = &'static str> {
        self.bindings.iter().filter(move |b| !b.hint.is_empty() && (b.when)(s) && (b.hint_when)(s)).map(|b| b.hint)
    }

    /// The help labels of one line, in table order, each once.
    pub fn help_line(&self, line: u8) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.line == line && !b.help.is_empty()) {
            if !out.contains(&b.help) {
                out.push(b.help);
            }
        }
        out
    }

    /// A dialog's frame: the help labels of the bindings that apply now, each once, then `suffix`.
    pub fn frame_label(&self, s: &S, suffix: &str) -> String {
        let mut out: Vec<&'static str> = Vec::new();
        for b in self.bindings.iter().filter(|b| !b.help.is_empty() && (b.when)(s)) {
            if !out.contains(&b.help) {
                out.push(b.help);
            }
        }
        format!("{}{suffix}", out.join(" · "))
    }

    pub fn info(&self) -> Vec<Info> {
        self.bindings
            .iter()
            .enumerate()
            .map(|(index, b)| Info { map: self.name, index, hint: b.hint, help: b.help, shown: b.shown })
            .collect()
    }
}

/// The status-line hint of one or more tables over the same state: " label · label · …".
pub fn hint_line<S, A>(maps: &[&Keymap<S, A>], s: &S) -> String {
    let labels: Vec<&str> = maps.iter().flat_map(|m| m.hints(s)).collect();
    format!(" {}", labels.join(" · "))
}

/// One line of a screen's help: a text, or the labels of one line of its table between a prefix and a suffix.
#[derive(Clone, Copy, Debug)]
pub struct HelpRow {
    pub heading: bool,
    pub prefix: &'static str,
    /// The table's line whose labels go here; `None` for a line of text only.
    pub keys: Option<u8>,
    pub sep: &'static str,
    pub suffix: &'static str,
}

impl HelpRow {
    /// A heading.
    pub const fn heading(text: &'static str) -> HelpRow {
        HelpRow { heading: true, prefix: text, keys: None, sep: "", suffix: "" }
    }
    /// A line of text that names no key of the table.
    pub const fn text(text: &'static str) -> HelpRow {
        HelpRow { heading: false, prefix: text, keys: None, sep: "", suffix: "" }
    }
    /// The labels of line `line`, joined by " · ".
    pub const fn keys(line: u8, prefix: &'static str, suffix: &'static str) -> HelpRow {
        HelpRow { heading: false, prefix, keys: Some(line), sep: " · ", suffix }
    }
    /// A heading made of the labels of line `line`.
    pub const fn heading_keys(line: u8, prefix: &'static str, sep: &'static str, suffix: &'static str) -> HelpRow {
        HelpRow { heading: true, prefix, keys: Some(line), sep, suffix }
    }
}

/// The help lines of `rows` over `map`: (text, heading).
pub fn help_lines<S, A>(rows: &[HelpRow], map: &Keymap<S, A>) -> Vec<(String, bool)> {
    rows.iter()
        .map(|r| {
            let keys = r.keys.map(|l| map.help_line(l).join(r.sep)).unwrap_or_default();
            (format!("{}{keys}{}", r.prefix, r.suffix), r.heading)
        })
        .collect()
}
