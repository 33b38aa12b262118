//! Going to a scored item by its number.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Clear;

use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;

/// The longest item number typed.
pub const JUMP_CHARS: usize = 16;

pub fn new() -> LineInput {
    LineInput::new("").with_max(JUMP_CHARS)
}

pub fn take_notice(input: &mut LineInput) -> Option<String> {
    input.take_notice().map(|n| format!("条目编号：{}", n.text()))
}

type K = Binding<LineInput, Action>;

pub static KEYS: Keymap<LineInput, Action> = Keymap {
    name: "dialog jump",
    bindings: &[
        K::new(&[Pat::Any], |input, k| input.handle(k).into()).hint("输入条目编号").typing(),
        K::new(&[plain(KeyCode::Enter)], |input, _| {
            let target = input.text().trim().to_string();
            if target.is_empty() {
                return Done::Act(Action::Status("请输入条目编号，如 2.3".into(), StatusKind::Error));
            }
            if let Some(half) = crate::domain::text::half_width(&target) {
                return Done::Act(Action::Status(
                    format!("条目编号“{target}”含全角字符：请用半角数字输入 {half}"),
                    StatusKind::Error,
                ));
            }
            Done::Act(Action::JumpTo(target))
        })
        .label("Enter 跳转"),
        K::new(&[plain(KeyCode::Esc)], |_, _| Done::Act(Action::CloseModal)).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, input: &LineInput, area: Rect) {
    let r = centered(area, 40, 3);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(input, "");
    let b = dialog_block("跳转到条目", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    input.render(frame, inner, true, Style::default());
}
