//! A veto answered "yes" (是) needs its evidence written out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Clear;

use crate::domain::review::Answer;
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::TextArea;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrapped};

#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceForm {
    pub veto: String,
    pub title: String,
    pub text: TextArea,
}

/// Text width of the editor.
const WIDTH: usize = 60;

impl EvidenceForm {
    pub fn paste(&mut self, text: &str) {
        self.text.insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.text.take_notice().map(|n| format!("否决项依据：{}", n.text()))
    }
}

type K = Binding<EvidenceForm, Action>;

pub static KEYS: Keymap<EvidenceForm, Action> = Keymap {
    name: "dialog evidence",
    bindings: &[
        // The status line has always said "Tab 换栏" here, though the dialog has one field; the snapshots pin it.
        K::new(&[plain(KeyCode::Tab)], |_, _| Done::Ignored).hint("Tab 换栏").stale(),
        K::new(&[Pat::Ctrl('s')], |f, _| {
            if f.text.text().trim().is_empty() {
                return Done::Act(Action::Status("认定为“是”须写明依据".into(), StatusKind::Error));
            }
            Done::Act(Action::AnswerVeto {
                veto: f.veto.clone(),
                answer: Answer::Yes,
                evidence: f.text.text().to_string(),
            })
        })
        .label("Ctrl+S 保存"),
        K::new(&[Pat::Any], |f, k| f.text.handle(k, WIDTH).into()).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.text.changed())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &EvidenceForm, area: Rect) {
    let r = centered(area, 70, 12);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block("认定否决项：须写明依据", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).split(inner);
    frame.render_widget(wrapped(text_lines(&f.title), rows[0], 0), rows[0]);
    f.text.render(frame, rows[1], true);
}
