//! An expert signs the payload, or signs a written dissent instead: the secret key file and its passphrase. Only
//! Ctrl+S (or F9) signs; Enter never does, so a pasted line end cannot.
//!
//! The dialog starts in the key file, filled in with where the expert's key most likely is (the folder used for the
//! last signature of this session, else where `key new` writes by default). A passphrase must never be shown, also
//! when it is typed into the wrong field: the key file is selected when the focus enters it, so what is typed replaces
//! it rather than running on after a path; text there that does not look like a path is drawn masked and is never
//! sent to be read; and every move of the focus, and every refusal, says on the status line where the focus now is.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use zeroize::Zeroizing;

use crate::bundle::export_error::ExportError;
use crate::bundle::keys::KeyError;
use crate::tui::action::{Action, Secret};
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, PATH_CHARS, TextArea};
use crate::tui::widgets::secret::SecretInput;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrapped};

/// Text width of the dissent editor (the signing dialog is 72 columns wide).
const DISSENT_WIDTH: usize = 70;

#[derive(Clone, Debug, PartialEq)]
pub struct SignForm {
    pub expert: i64,
    pub name: String,
    /// What is signed: the revision and the payload's short hash.
    pub about: String,
    pub key_path: LineInput,
    /// The key file is selected (the focus has just entered it): a key typed or pasted replaces it.
    pub key_selected: bool,
    /// Whether the key file filled in when the dialog opened exists.
    pub key_found: bool,
    pub passphrase: SecretInput,
    /// The written dissent (个人书面意见), when the expert dissents instead of signing.
    pub dissent: Option<TextArea>,
    /// 0: key file, 1: passphrase, 2: dissent
    pub focus: usize,
}

const KEY_FILE: usize = 0;
const PASSPHRASE: usize = 1;
const DISSENT: usize = 2;

/// The labels of the two fields: the passphrase's says it is the secret.
const KEY_LABEL: &str = "私钥文件";
const SECRET_LABEL: &str = "口令（保密）";

/// Whether a key file's text looks like a path: empty, absolute (`/`, `\`, `C:`), from home or here (`~`, `.`), or a
/// folder and a `.key` file. Anything else is drawn masked: it may be a passphrase typed into the wrong field.
pub fn plausible_path(text: &str) -> bool {
    let t = text.trim();
    let b = t.as_bytes();
    t.is_empty()
        || t.starts_with(['/', '\\', '~', '.'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || (t.contains(['/', '\\']) && t.to_lowercase().ends_with(".key"))
}

impl SignForm {
    pub fn new(expert: i64, name: &str, key_path: &Path, revision: u32, short_hash: &str, dissent: bool) -> Self {
        let about = if dissent {
            format!(
                "{name} 不同意第 {revision} 版验收结果：写明个人书面意见，用本人私钥签署（意见引用校验码 {short_hash}）。"
            )
        } else {
            format!("{name} 用本人私钥签署第 {revision} 版验收结果（校验码 {short_hash}，与纸质验收意见上印的一致）。")
        };
        SignForm {
            expert,
            name: name.to_string(),
            about,
            key_path: LineInput::new(&key_path.display().to_string()).with_max(PATH_CHARS),
            key_selected: true,
            key_found: key_path.is_file(),
            passphrase: SecretInput::default(),
            dissent: dissent.then(|| TextArea::new("")),
            focus: KEY_FILE,
        }
    }

    fn fields(&self) -> usize {
        if self.dissent.is_some() { 3 } else { 2 }
    }

    /// Where the focus is, for the status line after the focus moved.
    pub fn focus_said(&self) -> &'static str {
        match self.focus {
            KEY_FILE => "光标在私钥文件栏（会显示）：口令不要输在这里，确认路径后按 Tab 到口令栏",
            PASSPHRASE => "光标在口令栏（不显示）：输入口令后按 Ctrl+S 签名",
            _ => "光标在不同意见栏：写明个人书面意见",
        }
    }

    /// Where the focus is, in short, to go before a refusal's reason (which may be long and is cut at the line's end).
    fn focus_short(&self) -> &'static str {
        match self.focus {
            KEY_FILE => "光标在私钥文件栏",
            PASSPHRASE => "光标在口令栏",
            _ => "光标在不同意见栏",
        }
    }

    /// Moves the focus to `to` (the key file is selected as it is entered), saying so on the status line.
    fn go(&mut self, to: usize) -> Done<Action> {
        self.focus = to;
        self.key_selected = to == KEY_FILE;
        Done::Act(Action::Status(self.focus_said().into(), StatusKind::Info))
    }

    /// The signing, with what the dialog holds (the passphrase copied into memory that is wiped when dropped), or
    /// the message saying what is missing and where the focus now is.
    fn submit(&mut self) -> Done<Action> {
        let refuse = |f: &mut Self, to: usize, m: &str| {
            f.focus = to;
            f.key_selected = to == KEY_FILE;
            Done::Act(Action::Status(format!("{}：{m}", f.focus_short()), StatusKind::Error))
        };
        if self.key_path.text().trim().is_empty() {
            return refuse(self, KEY_FILE, "请填写私钥文件的路径");
        }
        if !plausible_path(self.key_path.text()) {
            // Never read, never named: it may be the passphrase. The field gets back what it was opened with.
            self.key_path.reset();
            return refuse(self, KEY_FILE, "栏中内容不像路径，未读取、未显示，已恢复原路径；口令请输在口令栏");
        }
        if self.passphrase.is_empty() {
            return refuse(self, PASSPHRASE, "请输入口令");
        }
        if self.dissent.as_ref().is_some_and(|t| t.text().trim().is_empty()) {
            return refuse(self, DISSENT, "请写明不同意见（个人书面意见）");
        }
        let mut passphrase = Zeroizing::new(String::with_capacity(self.passphrase.secret().len()));
        passphrase.push_str(self.passphrase.secret());
        Done::Act(Action::Sign {
            expert: self.expert,
            name: self.name.clone(),
            key_file: PathBuf::from(self.key_path.text().trim()),
            passphrase: Secret(passphrase),
            dissent: self.dissent.as_ref().map(|t| t.text().to_string()),
        })
    }

    /// After the signing was refused: where the focus goes for what was wrong (a wrong passphrase is wiped, to be
    /// typed again; a key file that cannot be read is selected), and the words that say so, put before the reason.
    pub fn refused(&mut self, e: &ExportError) -> &'static str {
        match e {
            ExportError::Key(KeyError::WrongPassphrase(_)) => {
                self.passphrase.clear();
                self.focus = PASSPHRASE;
                self.key_selected = false;
                "口令已清空，光标在口令栏"
            }
            ExportError::Key(_) => {
                self.focus = KEY_FILE;
                self.key_selected = true;
                self.focus_short()
            }
            _ => self.focus_short(),
        }
    }

    /// A key in the key file: while it is selected, a character or a paste replaces it and Backspace or Delete
    /// clears it; an arrow, Home or End keeps it and moves the caret.
    fn key_file(&mut self, k: &Key) -> Done<Action> {
        if self.key_selected {
            match k.code {
                KeyCode::Char(_) if !k.ctrl && !k.alt => self.key_path.set(""),
                KeyCode::Backspace | KeyCode::Delete => {
                    self.key_path.set("");
                    self.key_selected = false;
                    return Done::Changed;
                }
                _ => {}
            }
        }
        let done: Done<Action> = self.key_path.handle(k).into();
        if done == Done::Changed {
            self.key_selected = false;
        }
        done
    }

    /// Whether anything was typed: a passphrase, a changed key file, a dissent.
    pub fn unsaved(&self) -> bool {
        self.key_path.changed() || !self.passphrase.is_empty() || self.dissent.as_ref().is_some_and(|t| t.changed())
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            KEY_FILE => {
                if self.key_selected {
                    self.key_path.set("");
                    self.key_selected = false;
                }
                self.key_path.insert(text)
            }
            PASSPHRASE => self.passphrase.insert(text),
            _ => {
                if let Some(t) = &mut self.dissent {
                    t.insert(text)
                }
            }
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let line = |l: &str, n: Option<crate::tui::widgets::input::Notice>| n.map(|n| format!("{l}：{}", n.text()));
        line(KEY_LABEL, self.key_path.take_notice())
            .or_else(|| line("口令", self.passphrase.take_notice()))
            .or_else(|| self.dissent.as_mut().and_then(|t| line("不同意见", t.take_notice())))
    }
}

type K = Binding<SignForm, Action>;

pub static KEYS: Keymap<SignForm, Action> = Keymap {
    name: "dialog sign",
    bindings: &[
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, k| {
            let n = f.fields();
            f.go(if k.code == KeyCode::Tab { (f.focus + 1) % n } else { (f.focus + n - 1) % n })
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s'), code(KeyCode::F(9))], |f, _| f.submit())
            .hint("Ctrl+S 签名（Enter 不会签名）")
            .help("Ctrl+S 签名"),
        // Enter and ↓ only move on, ↑ back; Enter never signs.
        K::new(&[plain(KeyCode::Enter), plain(KeyCode::Down), plain(KeyCode::Up)], |f, k| {
            let onward = !k.is(KeyCode::Up);
            match f.focus {
                KEY_FILE if onward => f.go(PASSPHRASE),
                PASSPHRASE if onward && f.dissent.is_some() => f.go(DISSENT),
                PASSPHRASE if k.is(KeyCode::Enter) => {
                    Done::Act(Action::Status("按 Ctrl+S 签名（Enter 不会签名）".into(), StatusKind::Info))
                }
                PASSPHRASE if k.is(KeyCode::Up) => f.go(KEY_FILE),
                _ => Done::Ignored,
            }
        })
        .quiet(),
        K::new(&[Pat::Any], |f, k| f.key_file(k)).when(|f| f.focus == KEY_FILE).typing(),
        K::new(&[Pat::Any], |f, k| f.passphrase.handle(k).into()).when(|f| f.focus == PASSPHRASE).typing(),
        K::new(&[Pat::Any], |f, k| match &mut f.dissent {
            Some(t) => t.handle(k, DISSENT_WIDTH).into(),
            None => Done::Ignored,
        })
        .when(|f| f.focus == DISSENT)
        .typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &SignForm, area: Rect) {
    let dissent = f.dissent.is_some();
    let r = centered(area, 72, if dissent { 17 } else { 10 });
    frame.render_widget(Clear, r);
    let title = format!("{}：{}", if dissent { "签署不同意见" } else { "签名" }, f.name);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(&title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(if dissent { 1 } else { 0 }),
        Constraint::Min(0),
    ])
    .split(inner);
    frame.render_widget(wrapped(text_lines(&f.about), rows[0], 0), rows[0]);
    let [l, v] = Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).areas(rows[1]);
    frame.render_widget(Paragraph::new(Line::from(label(KEY_LABEL, f.focus == KEY_FILE))), l);
    render_key_file(frame, f, v);
    let [_, v] = Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).areas(rows[2]);
    frame.render_widget(Paragraph::new(Span::styled(key_note(f), key_note_style(f))), v);
    let [l, v] = Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).areas(rows[3]);
    frame.render_widget(Paragraph::new(Line::from(label(SECRET_LABEL, f.focus == PASSPHRASE))), l);
    f.passphrase.render(frame, v, f.focus == PASSPHRASE, Style::default().add_modifier(Modifier::BOLD));
    if f.passphrase.is_empty() {
        let tag = Rect::new(v.x + 1, v.y, v.width.saturating_sub(1), 1);
        let what = if f.focus == PASSPHRASE {
            "← 口令只输在这里，输入不显示"
        } else {
            "（未输入；口令只输在这一栏）"
        };
        frame.render_widget(Paragraph::new(Span::styled(what, Style::default().fg(Color::DarkGray))), tag);
    }
    let note = "口令只在本机用来打开私钥，不保存、不显示。按 Ctrl+S 签名；Enter 不会签名。";
    frame.render_widget(
        wrapped(vec![Line::from(Span::styled(note, Style::default().fg(Color::DarkGray)))], rows[4], 0),
        rows[4],
    );
    if let Some(t) = &f.dissent {
        frame.render_widget(
            Paragraph::new(Line::from(label("不同意见（个人书面意见，必填）", f.focus == DISSENT))),
            rows[5],
        );
        t.render(frame, rows[6], f.focus == DISSENT);
    }
}

/// The key file: as typed while it looks like a path, else masked (it may be a passphrase typed there); selected
/// (reversed) while a key would replace it.
fn render_key_file(frame: &mut Frame, f: &SignForm, area: Rect) {
    let focused = f.focus == KEY_FILE;
    if !plausible_path(f.key_path.text()) {
        let mut masked = SecretInput::default();
        masked.insert(f.key_path.text());
        masked.render(frame, area, focused, Style::default().fg(Color::Red));
        return;
    }
    let style = if f.key_selected && focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    };
    f.key_path.render(frame, area, focused, style);
}

/// The line under the key file: whether the file filled in was found, or why what is there is not shown.
fn key_note(f: &SignForm) -> String {
    let text = f.key_path.text();
    if !plausible_path(text) {
        return "✗ 这不像文件路径，未显示（若是口令：Ctrl+U 清除，Tab 到口令栏）".into();
    }
    if f.key_path.changed() {
        return "按 Ctrl+S 时读取此文件".into();
    }
    if f.key_found {
        "✓ 找到本人私钥文件；如在别处（U 盘），改成其路径".into()
    } else {
        "✗ 没有此文件：请填写 key new 写出的私钥文件的路径".into()
    }
}

fn key_note_style(f: &SignForm) -> Style {
    let bad = !plausible_path(f.key_path.text()) || (!f.key_path.changed() && !f.key_found);
    Style::default().fg(if bad { Color::Red } else { Color::DarkGray })
}
