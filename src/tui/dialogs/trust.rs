//! Installing the support unit's trust in one step: the roster, its signature (by default the roster's name with
//! `.minisig`) and the issuer's public key, under any name. The roster's signature is checked against the key before
//! anything is copied into the data directory's `trust/` folder. Ctrl+S (or F9) installs; Enter moves on.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, PATH_CHARS};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrapped};

/// The three paths, and which one has the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct TrustForm {
    pub roster: LineInput,
    pub sig: LineInput,
    pub issuer: LineInput,
    /// 0: roster, 1: signature, 2: issuer's key.
    pub focus: usize,
}

const LABELS: [&str; 3] = ["受信名单", "名单签名", "签发单位公钥"];

impl Default for TrustForm {
    fn default() -> Self {
        let input = || LineInput::new("").with_max(PATH_CHARS);
        TrustForm { roster: input(), sig: input(), issuer: input(), focus: 0 }
    }
}

impl TrustForm {
    fn field(&mut self) -> &mut LineInput {
        match self.focus {
            0 => &mut self.roster,
            1 => &mut self.sig,
            _ => &mut self.issuer,
        }
    }

    /// Whether paths have been typed, which closing would throw away (the shared question asks first).
    pub fn unsaved(&self) -> bool {
        [&self.roster, &self.sig, &self.issuer].iter().any(|f| !f.text().trim().is_empty())
    }

    fn submit(&mut self) -> Done<Action> {
        let refuse = |m: &str| Done::Act(Action::Status(m.into(), StatusKind::Error));
        let path = |f: &LineInput| Some(PathBuf::from(f.text().trim())).filter(|p| !p.as_os_str().is_empty());
        let Some(roster) = path(&self.roster) else {
            self.focus = 0;
            return refuse("请填写受信名单文件（roster.json）的路径");
        };
        let Some(issuer) = path(&self.issuer) else {
            self.focus = 2;
            return refuse("请填写签发单位公钥文件（.pub）的路径");
        };
        Done::Act(Action::InstallTrust { roster, sig: path(&self.sig), issuer })
    }

    pub fn paste(&mut self, text: &str) {
        self.field().insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let label = LABELS[self.focus.min(2)];
        self.field().take_notice().map(|n| format!("{label}：{}", n.text()))
    }
}

type K = Binding<TrustForm, Action>;

pub static KEYS: Keymap<TrustForm, Action> = Keymap {
    name: "dialog trust",
    bindings: &[
        K::new(&[Pat::Ctrl('s'), code(KeyCode::F(9))], |f, _| f.submit())
            .hint("Ctrl+S 核验并安装")
            .help("Ctrl+S 核验签名后安装"),
        // Tab, Enter and ↓ move on, Shift+Tab and ↑ back; Enter never installs.
        K::new(&[code(KeyCode::Tab), plain(KeyCode::Enter), plain(KeyCode::Down)], |f, _| {
            f.focus = (f.focus + 1) % 3;
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[code(KeyCode::BackTab), plain(KeyCode::Up)], |f, _| {
            f.focus = (f.focus + 2) % 3;
            Done::Changed
        })
        .quiet(),
        K::new(&[plain(KeyCode::Esc)], |f, _| super::discard::close(f.unsaved())).label("Esc 取消"),
        K::new(&[Pat::Any], |f, k| f.field().handle(k).into()).typing(),
    ],
};

pub fn render(frame: &mut Frame, f: &TrustForm, area: Rect) {
    let r = centered(area, 76, 12);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block("安装受信名单", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(inner);
    let about = "技术依托单位签发的受信名单（roster.json）、它的签名和签发单位的公钥（任何文件名）：先用公钥核验名单的签名，通过后才一并复制到数据目录的 trust/ 中。";
    frame.render_widget(wrapped(text_lines(about), rows[0], 0), rows[0]);
    let inputs = [&f.roster, &f.sig, &f.issuer];
    for (n, input) in inputs.iter().enumerate() {
        let cols = Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).split(rows[n + 2]);
        frame.render_widget(Paragraph::new(Line::from(label(LABELS[n], f.focus == n))), cols[0]);
        input.render(frame, cols[1], f.focus == n, Style::default().add_modifier(Modifier::UNDERLINED));
    }
    let note = "名单签名留空：名单文件名加 .minisig。Ctrl+S 核验并安装；Enter 只换栏。";
    frame.render_widget(
        wrapped(vec![Line::from(Span::styled(note, Style::default().fg(Color::DarkGray)))], rows[5], 0),
        rows[5],
    );
}
