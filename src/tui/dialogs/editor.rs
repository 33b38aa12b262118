//! Editing one part of the acceptance opinion (验收意见).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use crate::store::OpinionPatch;
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::TextArea;

/// The four parts of the opinion, in the order of the page and of [`EditorForm::field`].
pub const OPINION_FIELDS: [&str; 4] = ["综合评定意见", "存在问题", "建议", "结论"];

#[derive(Clone, Debug, PartialEq)]
pub struct EditorForm {
    pub field: usize,
    pub text: TextArea,
}

/// Text width of the editor.
const WIDTH: usize = 70;

impl EditorForm {
    pub fn paste(&mut self, text: &str) {
        self.text.insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.text.take_notice().map(|n| format!("{}：{}", OPINION_FIELDS[self.field], n.text()))
    }
}

type K = Binding<EditorForm, Action>;

pub static KEYS: Keymap<EditorForm, Action> = Keymap {
    name: "dialog editor",
    bindings: &[
        // The status line has always said "Tab 换栏" here, though the editor is the only field; the snapshots pin it.
        K::new(&[plain(KeyCode::Tab)], |_, _| Done::Ignored).hint("Tab 换栏").stale(),
        K::new(&[plain(KeyCode::Enter)], |f, k| f.text.handle(k, WIDTH).into()).help("Enter 换行"),
        K::new(&[Pat::Ctrl('s')], |f, _| {
            let t = Some(f.text.text().to_string());
            let mut patch = OpinionPatch::default();
            match f.field {
                0 => patch.summary = t,
                1 => patch.problems = t,
                2 => patch.suggestions = t,
                _ => patch.conclusion = t,
            }
            Done::Act(Action::SaveOpinion(patch))
        })
        .label("Ctrl+S 保存"),
        K::new(&[Pat::Any], |f, k| f.text.handle(k, WIDTH).into()).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.text.changed())).hint("Esc 取消").help("Esc 放弃"),
    ],
};

pub fn render(frame: &mut Frame, f: &EditorForm, area: Rect) {
    let r = centered(area, 76, 18);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(OPINION_FIELDS[f.field], &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    f.text.render(frame, inner, true);
}
