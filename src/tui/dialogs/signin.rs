//! The on-site sign-in list (签到): the entries so far, and a form to add one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::review::SignIn;
use crate::store::{LoadedReview, MAX_NAME};
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::fit;

#[derive(Clone, Debug, PartialEq)]
pub struct SignInForm {
    pub entries: Vec<SignIn>,
    pub fields: Vec<(&'static str, LineInput)>,
    pub selected: usize,
    /// 0..=3: the fields; SIGNIN_LIST: the list (Del removes the selected entry).
    pub focus: usize,
}

pub const SIGNIN_LIST: usize = 4;
const CAPACITY: usize = 3;

/// The capacities offered on the sign-in list.
pub const CAPACITIES: [&str; 5] = ["专家", "企业", "主管部门", "咨询机构", "其他"];

/// The longest capacity typed.
const CAPACITY_CHARS: usize = 20;

impl SignInForm {
    pub fn new(r: &LoadedReview) -> Self {
        SignInForm {
            entries: r.data.signins.clone(),
            fields: vec![
                ("姓名", LineInput::new("").with_max(MAX_NAME)),
                ("单位", LineInput::new("").with_max(MAX_NAME)),
                ("职务", LineInput::new("").with_max(MAX_NAME)),
                ("身份", LineInput::new("专家").with_max(CAPACITY_CHARS)),
            ],
            selected: 0,
            focus: 0,
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.focus < SIGNIN_LIST {
            self.fields[self.focus].1.insert(text);
        }
    }

    /// Whether a field holds typed text not yet added to the list.
    pub fn unsaved(&self) -> bool {
        self.fields.iter().any(|(_, i)| i.changed())
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.fields.iter_mut().find_map(|(l, i)| i.take_notice().map(|n| format!("签到{l}：{}", n.text())))
    }
}

type K = Binding<SignInForm, Action>;

fn on_fields(f: &SignInForm) -> bool {
    f.focus < SIGNIN_LIST
}

pub static KEYS: Keymap<SignInForm, Action> = Keymap {
    name: "dialog signin",
    bindings: &[
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, k| {
            let n = SIGNIN_LIST + 1;
            f.focus = if k.code == KeyCode::Tab { (f.focus + 1) % n } else { (f.focus + n - 1) % n };
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s')], |f, _| {
            let get = |i: usize| f.fields[i].1.text().to_string();
            if get(0).trim().is_empty() {
                return Done::Act(Action::Status("请填写签到人姓名".into(), StatusKind::Error));
            }
            Done::Act(Action::AddSignIn { name: get(0), unit: get(1), position: get(2), capacity: get(3) })
        })
        .label("Ctrl+S 添加"),
        K::new(&[code(KeyCode::Delete)], |f, _| {
            if f.focus != SIGNIN_LIST {
                return Done::Ignored;
            }
            match f.entries.get(f.selected) {
                Some(e) => Done::Act(Action::RemoveSignIn(e.id)),
                None => Done::Ignored,
            }
        })
        .label("列表中 Del 删除"),
        // In the list: ↑↓ choose the entry; nothing else is typed there.
        K::new(&[Pat::Any], |f, k| {
            match k.code {
                KeyCode::Up => f.selected = f.selected.saturating_sub(1),
                KeyCode::Down if f.selected + 1 < f.entries.len() => f.selected += 1,
                _ => return Done::Ignored,
            }
            Done::Changed
        })
        .when(|f| f.focus == SIGNIN_LIST)
        .quiet(),
        // The capacity: the dialog says "身份栏 ←→ 选择".
        K::new(&[plain(KeyCode::Left), plain(KeyCode::Right)], |f, k| {
            let cur = CAPACITIES.iter().position(|c| *c == f.fields[CAPACITY].1.text()).unwrap_or(0);
            let n = CAPACITIES.len();
            let next = if k.is(KeyCode::Left) { (cur + n - 1) % n } else { (cur + 1) % n };
            f.fields[CAPACITY].1.set(CAPACITIES[next]);
            Done::Changed
        })
        .when(|f| f.focus == CAPACITY)
        .quiet(),
        K::new(&[plain(KeyCode::Enter)], |f, _| {
            f.focus = (f.focus + 1).min(CAPACITY);
            Done::Changed
        })
        .when(on_fields)
        .quiet(),
        K::new(&[Pat::Any], |f, k| f.fields[f.focus].1.handle(k).into()).when(on_fields).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 关闭"),
    ],
};

pub fn render(frame: &mut Frame, f: &SignInForm, area: Rect) {
    let r = centered(area, 76, 20);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block("签到表", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .split(inner);
    for (i, (name, input)) in f.fields.iter().enumerate() {
        let cols = Layout::horizontal([Constraint::Length(8), Constraint::Min(1)]).split(rows[i]);
        frame.render_widget(Paragraph::new(Line::from(label(name, f.focus == i))), cols[0]);
        input.render(frame, cols[1], f.focus == i, Style::default().add_modifier(Modifier::UNDERLINED));
    }
    let head = format!("已签到 {} 人（身份栏 ←→ 选择：{}）", f.entries.len(), CAPACITIES.join("/"));
    frame.render_widget(Paragraph::new(Line::from(label(&head, f.focus == SIGNIN_LIST))), rows[4]);
    let w = rows[5].width as usize;
    let lines: Vec<Line> = f
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let style = if i == f.selected && f.focus == SIGNIN_LIST {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            let text = format!("{}  {}  {}  {}", e.name, e.unit, e.position, e.capacity);
            Line::from(Span::styled(fit(&text, w), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows[5]);
}
