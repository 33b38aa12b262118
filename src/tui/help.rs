//! The `?` help: the keys of every screen, read from the screens' keymaps, under the keys every screen shares. Also
//! the keymaps that are no screen's: the help overlay's own keys, and Ctrl+C.

use crate::tui::action::{Action, Leave, Open};
use crate::tui::dialogs::Modal;
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, help_lines, plain};
use crate::tui::keys::KeyCode;
use crate::tui::screens::{home, new_review, review, unit};
use crate::tui::state::{Screen, State};

type K = Binding<(), Action>;

/// Keys everywhere: on every screen, in every dialog and over the help. Ctrl+C quits, first asking when typed text
/// would be lost (and quitting at once when it is asked again).
pub static GLOBAL: Keymap<State, Action> = Keymap {
    name: "global",
    bindings: &[Binding::new(&[Pat::Ctrl('c')], |s: &mut State, _| {
        Done::Act(match &s.modal {
            Some(Modal::Discard { ask, .. }) if ask.leave == Leave::Quit => Action::Quit,
            _ if s.unsaved() => Action::Open(Open::Discard(Leave::Quit)),
            _ => Action::Quit,
        })
    })
    .help("Ctrl+C 退出")],
};

/// While the help is shown.
pub static KEYS: Keymap<(), Action> = Keymap {
    name: "help",
    bindings: &[K::new(&[plain(KeyCode::Esc), plain(KeyCode::Char('?')), plain(KeyCode::Char('q'))], |_, _| {
        Done::Act(Action::ToggleHelp)
    })
    .hint("Esc/? 关闭帮助")],
};

/// The conventions every screen and dialog shares. `?` and Esc are each screen's own keys; the words here say what
/// they do everywhere.
static GENERAL: &[HelpRow] = &[
    HelpRow::heading("通用"),
    HelpRow::keys(0, "  ? 帮助 · Esc 返回/取消 · ", " · 每项修改即时保存，无需另行保存"),
    HelpRow::text(
        "  对话框中 Ctrl+S 保存；有未保存的输入时 Esc、Ctrl+C 先询问；定稿、重新打开等不可撤销的操作须按 F9 确认，Enter 不会确认",
    ),
    HelpRow::text("  签名、导出、导入和汇总也用 Ctrl+S 确认：粘贴的文字里的 Enter 不会签名"),
    HelpRow::text(""),
];

/// The conventions every screen and dialog shares, the first lines of every help: (text, heading) lines.
pub fn general() -> Vec<(String, bool)> {
    help_lines(GENERAL, &GLOBAL)
}

/// The help of `screen`: (text, heading) lines.
pub fn lines(screen: &Screen) -> Vec<(String, bool)> {
    let mut lines = general();
    lines.extend(match screen {
        Screen::Home => help_lines(home::HELP, &home::KEYS),
        Screen::NewReview(_) => help_lines(new_review::HELP, &new_review::KEYS),
        Screen::Review(v) => review::help(v),
        Screen::Unit(_) => help_lines(unit::HELP, &unit::KEYS),
    });
    lines
}

/// Every keymap of the app, screens and dialogs, for the test that keeps the keys, the hints and the help equal.
pub fn keymaps() -> Vec<crate::tui::keymap::Info> {
    let mut all = vec![GLOBAL.info(), KEYS.info(), home::KEYS.info(), new_review::KEYS.info(), unit::KEYS.info()];
    all.extend(review::keymaps());
    all.extend(crate::tui::dialogs::keymaps());
    all.into_iter().flatten().collect()
}
