//! The application: the store, the state the views draw, and the loop's view of them. Input is read by the keymap of
//! what has the focus (a dialog, the help, or the screen), which changes that screen's or dialog's own state or asks
//! for an [`Action`]; the update ([`App::update`], in `update.rs`) performs actions, saving through the store at once,
//! and the views draw the state. Besides the panel's pages, a finalized review has a signing page (each expert signs
//! or dissents with their own key and passphrase, then the bundle is exported), and the support unit has its own
//! screen (import and verification against the trusted roster, the quarantine, and the compilation).

use std::path::PathBuf;

use ratatui::layout::Rect;

use crate::domain::scorecard::Catalog;
use crate::store::{CheckStatus, Store};
pub use crate::tui::action::Action;
use crate::tui::dialogs::{self, Modal, Report};
use crate::tui::help;
use crate::tui::keymap::Taken;
use crate::tui::keys::{Input, Key};
use crate::tui::screens::home::{self, Home};
pub use crate::tui::screens::review::Tab;
use crate::tui::screens::{new_review, review, unit};
pub use crate::tui::state::{Screen, State};
use crate::tui::view;
pub use crate::tui::widgets::status::StatusKind;

pub struct App {
    pub store: Store,
    /// What the views draw.
    pub state: State,
    pub today: String,
    /// The time of day shown after a save; tests fix it.
    pub clock: fn() -> String,
    pub quit: bool,
    /// The store's opening check has not been reported yet.
    pub checking: bool,
}

fn local_time() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

impl App {
    pub fn new(mut store: Store, catalog: Catalog, data_dir: PathBuf, today: &str) -> App {
        // The log's checkpoints wait for the loop to be idle ([`App::idle`]), not in a save; if that cannot be set up,
        // SQLite keeps making them at the commit, as before.
        let _ = store.checkpoint_when_idle();
        let home = Home::new(&catalog);
        let mut app = App {
            store,
            state: State {
                catalog,
                data_dir,
                screen: Screen::Home,
                modal: None,
                help: false,
                status: (String::new(), StatusKind::Info),
                status_place: None,
                home,
                key_dir: None,
            },
            today: today.to_string(),
            clock: local_time,
            quit: false,
            checking: true,
        };
        app.refresh_home();
        if app.store.is_read_only() {
            app.set_status_everywhere(
                format!("数据目录只读：只能查看，不能修改（要修改请换到可写的目录）：{}", app.state.data_dir.display()),
                StatusKind::Error,
            );
        }
        app
    }

    /// Called by the loop between batches of input: reports the store's opening check once it has finished. A damaged
    /// database gets a dialog with the way back; the store refuses every change from then on.
    pub fn tick(&mut self) {
        if !self.checking {
            return;
        }
        match self.store.check_status() {
            CheckStatus::Running => {}
            CheckStatus::Passed { warning } => {
                self.checking = false;
                if let Some(w) = warning {
                    self.set_status_everywhere(format!("今天的备份未完成：{w}"), StatusKind::Error);
                }
            }
            CheckStatus::Damaged(msg) => {
                self.checking = false;
                self.state.modal = Some(Modal::Report(Report {
                    title: "数据库已损坏".into(),
                    lines: vec![
                        "✗ 打开时的检查发现数据库文件已损坏：从现在起任何修改都不会写入。".into(),
                        "请退出 yanshou（q），按下面的说明用最近的备份替换它。".into(),
                        String::new(),
                        msg,
                    ],
                }));
                self.set_status_everywhere("数据库已损坏，不能修改：请退出并从备份恢复", StatusKind::Error);
            }
        }
    }

    /// Called by the loop when no input is waiting, after the frame: the store's checkpoint of its log, if one is
    /// due. A checkpoint that fails loses nothing (every change is in the log) and is tried again later.
    pub fn idle(&mut self) {
        let _ = self.store.checkpoint_if_due();
    }

    /// A message of the screen the panel is on: shown there, and cleared when the panel goes to another screen.
    pub fn set_status(&mut self, text: impl Into<String>, kind: StatusKind) {
        self.state.status = (text.into(), kind);
        self.state.status_place = Some(self.state.screen.place());
    }

    /// A message that holds wherever the panel goes (the data directory is read-only, the database is damaged).
    pub fn set_status_everywhere(&mut self, text: impl Into<String>, kind: StatusKind) {
        self.state.status = (text.into(), kind);
        self.state.status_place = None;
    }

    /// Clears a message raised on another screen than the one the panel is on now.
    pub(crate) fn forget_status_elsewhere(&mut self) {
        if self.state.status_place.is_some_and(|p| p != self.state.screen.place()) {
            self.state.status = (String::new(), StatusKind::Info);
            self.state.status_place = None;
        }
    }

    /// Reads one input and applies what it asks for.
    pub fn handle(&mut self, input: Input) {
        let action = match input {
            Input::Resize => return,
            Input::Paste(text) => {
                self.paste(&text);
                None
            }
            Input::Key(k) => self.take_key(&k).and_then(|t| t.done.action()),
        };
        // What a field did not take as typed or pasted is said at once, naming the field.
        if let Some(note) = self.take_notice() {
            self.set_status(note, StatusKind::Info);
        }
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// A key, read by the keymap of what has the focus: Ctrl+C everywhere, else the dialog, else the help, else the
    /// screen. Returns the binding that took it and what it asks for; nothing is performed yet.
    pub fn take_key(&mut self, key: &Key) -> Option<Taken<Action>> {
        let s = &mut self.state;
        if let Some(t) = help::GLOBAL.dispatch(s, key) {
            return Some(t);
        }
        if let Some(m) = &mut s.modal {
            return dialogs::key(m, key);
        }
        if s.help {
            return help::KEYS.dispatch(&mut (), key);
        }
        match &mut s.screen {
            Screen::Home => home::KEYS.dispatch(&mut s.home, key),
            Screen::NewReview(f) => new_review::KEYS.dispatch(f, key),
            Screen::Review(v) => review::key(v, key),
            Screen::Unit(u) => unit::KEYS.dispatch(u, key),
        }
    }

    /// Pasted text goes into the focused field, never read as keys; over the question before typed text is thrown
    /// away, it goes back to the text (as any key but Esc and y does) and into it.
    fn paste(&mut self, text: &str) {
        if matches!(self.state.modal, Some(Modal::Discard { .. })) {
            self.update(Action::KeepEditing);
        }
        let s = &mut self.state;
        if let Some(m) = &mut s.modal {
            return dialogs::paste(m, text);
        }
        match &mut s.screen {
            Screen::Home => s.home.paste(text),
            Screen::NewReview(f) => f.paste(text),
            _ => {}
        }
    }

    /// The note of the field that did not take what it was given, if any.
    fn take_notice(&mut self) -> Option<String> {
        let s = &mut self.state;
        if let Some(m) = &mut s.modal {
            return dialogs::take_notice(m);
        }
        match &mut s.screen {
            Screen::Home => s.home.take_notice(),
            Screen::NewReview(f) => f.take_notice(),
            _ => None,
        }
    }

    /// Before a frame of `area`: computes what the views will show and the state does not hold yet (the totals and
    /// grades of the review list's rows in view).
    pub fn prepare(&mut self, area: Rect) {
        if !matches!(self.state.screen, Screen::Home) || self.state.home.rows.is_empty() {
            return;
        }
        let body = view::layout(area)[1];
        let home = &self.state.home;
        let window = home.window(home::list_height(body.height));
        let missing: Vec<i64> = home
            .visible()
            .skip(window.start)
            .take(window.len())
            .map(|r| r.id)
            .filter(|id| !home.summaries.contains_key(id))
            .collect();
        for id in missing {
            let s = self.summary(id);
            self.state.home.summaries.insert(id, s);
        }
    }
}
