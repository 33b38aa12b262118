//! An expert signs the payload, or signs a written dissent instead: the secret key file and its passphrase. Only
//! Ctrl+S (or F9) signs; Enter never does, so a pasted line end cannot.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use zeroize::Zeroizing;

use crate::tui::action::{Action, Secret};
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
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
    pub passphrase: SecretInput,
    /// The written dissent (个人书面意见), when the expert dissents instead of signing.
    pub dissent: Option<TextArea>,
    /// 0: key file, 1: passphrase, 2: dissent
    pub focus: usize,
}

const KEY_FILE: usize = 0;
const PASSPHRASE: usize = 1;
const DISSENT: usize = 2;

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
            passphrase: SecretInput::default(),
            dissent: dissent.then(|| TextArea::new("")),
            focus: PASSPHRASE,
        }
    }

    fn fields(&self) -> usize {
        if self.dissent.is_some() { 3 } else { 2 }
    }

    /// The signing, with what the dialog holds (the passphrase copied into memory that is wiped when dropped), or
    /// the message saying what is missing.
    fn submit(&mut self) -> Done<Action> {
        let refuse = |m: &str| Done::Act(Action::Status(m.into(), StatusKind::Error));
        if self.key_path.text().trim().is_empty() {
            self.focus = KEY_FILE;
            return refuse("请填写私钥文件的路径");
        }
        if self.passphrase.is_empty() {
            self.focus = PASSPHRASE;
            return refuse("请输入口令");
        }
        if self.dissent.as_ref().is_some_and(|t| t.text().trim().is_empty()) {
            self.focus = DISSENT;
            return refuse("请写明不同意见（个人书面意见）");
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

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            KEY_FILE => self.key_path.insert(text),
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
        line("私钥文件", self.key_path.take_notice())
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
            f.focus = if k.code == KeyCode::Tab { (f.focus + 1) % n } else { (f.focus + n - 1) % n };
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s'), code(KeyCode::F(9))], |f, _| f.submit())
            .hint("Ctrl+S 签名（Enter 不会签名）")
            .help("Ctrl+S 签名"),
        // Enter and ↓ only move on, ↑ back; Enter never signs.
        K::new(&[plain(KeyCode::Enter), plain(KeyCode::Down), plain(KeyCode::Up)], |f, k| {
            let onward = !k.is(KeyCode::Up);
            match f.focus {
                KEY_FILE if onward => f.focus = PASSPHRASE,
                PASSPHRASE if onward && f.dissent.is_some() => f.focus = DISSENT,
                PASSPHRASE if k.is(KeyCode::Enter) => {
                    return Done::Act(Action::Status("按 Ctrl+S 签名（Enter 不会签名）".into(), StatusKind::Info));
                }
                PASSPHRASE if k.is(KeyCode::Up) => f.focus = KEY_FILE,
                _ => return Done::Ignored,
            }
            Done::Changed
        })
        .quiet(),
        K::new(&[Pat::Any], |f, k| f.key_path.handle(k).into()).when(|f| f.focus == KEY_FILE).typing(),
        K::new(&[Pat::Any], |f, k| f.passphrase.handle(k).into()).when(|f| f.focus == PASSPHRASE).typing(),
        K::new(&[Pat::Any], |f, k| match &mut f.dissent {
            Some(t) => t.handle(k, DISSENT_WIDTH).into(),
            None => Done::Ignored,
        })
        .when(|f| f.focus == DISSENT)
        .typing(),
        K::new(&[plain(KeyCode::Esc)], |_, _| Done::Act(Action::CloseModal)).label("Esc 取消"),
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
    let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[2]);
    frame.render_widget(Paragraph::new(Line::from(label("私钥文件", f.focus == KEY_FILE))), cols[0]);
    f.key_path.render(frame, cols[1], f.focus == KEY_FILE, Style::default().add_modifier(Modifier::UNDERLINED));
    let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[3]);
    frame.render_widget(Paragraph::new(Line::from(label("口令", f.focus == PASSPHRASE))), cols[0]);
    f.passphrase.render(frame, cols[1], f.focus == PASSPHRASE, Style::default().add_modifier(Modifier::BOLD));
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
