//! Adding an expert to the pool (专家库), or editing one, from the pool's screen: the fields the pool keeps and
//! `yanshou pool add|edit` take — 姓名, 单位, 专业领域 (one of the six, chosen with ←→, never typed), 行业, 职称,
//! 聘期至, 服务企业 (credit codes separated by ；) and the expert's public key, typed, pasted or taken with Ctrl+R from
//! the trusted roster installed on this computer (the entry of the expert's name). F9 (or Ctrl+S) saves (Enter only
//! moves to the next field, as in the other forms). What was typed is read by the domain's rules of an entry, the
//! ones the command line and the import use, and written by the store's audited change; a refusal names the field
//! on the status line and the form stays open with what was typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::pool::entry::{ExpertEntry, MAX};
use crate::domain::pool::{Expert, Field};
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::LineInput;

/// The typed fields, in the order of the form (专业领域, a choice, comes after 单位).
pub const TEXTS: [&str; 7] = ["姓名", "单位", "行业", "职称", "聘期至", "服务企业", "公钥"];
/// The public key's input among [`TEXTS`].
pub const KEY_TEXT: usize = 6;
/// The row of the field (专业领域) among the form's rows.
pub const FIELD_ROW: usize = 2;
/// The form's rows: the seven texts and the field.
const ROWS: usize = TEXTS.len() + 1;
/// The longest public key typed (a minisign public key is 56 characters of base64).
const KEY_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq)]
pub struct PoolExpertForm {
    /// The expert edited, `None` for a new one.
    pub editing: Option<i64>,
    /// The day the expert edited left the pool, if they did (editing keeps it).
    pub retired_on: Option<String>,
    pub texts: Vec<LineInput>,
    /// Index into [`Field::ALL`], and the one the form opened with.
    pub field: usize,
    pub opened_field: usize,
    /// 0..ROWS: a text, or the field at [`FIELD_ROW`].
    pub focus: usize,
}

impl PoolExpertForm {
    /// The form for a new expert (`None`), or for expert `id` as the pool holds them.
    pub fn new(edit: Option<(i64, &Expert)>) -> PoolExpertForm {
        let e = edit.map(|(_, e)| e);
        let get = |f: fn(&Expert) -> String| e.map(f).unwrap_or_default();
        let values = [
            get(|e| e.name.clone()),
            get(|e| e.unit.clone()),
            get(|e| e.industry.clone()),
            get(|e| e.title.clone()),
            get(|e| e.term_until.clone().unwrap_or_default()),
            get(|e| e.served.join("；")),
            get(|e| e.public_key.clone().unwrap_or_default()),
        ];
        let texts = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                LineInput::new(v).with_max(if i == KEY_TEXT { KEY_CHARS } else { MAX.max(v.chars().count()) })
            })
            .collect();
        let field = e.and_then(|e| Field::ALL.iter().position(|f| *f == e.field)).unwrap_or(0);
        PoolExpertForm {
            editing: edit.map(|(id, _)| id),
            retired_on: e.and_then(|e| e.retired_on.clone()),
            texts,
            field,
            opened_field: field,
            focus: 0,
        }
    }

    /// The text input of a row, if it is one.
    fn text_at(row: usize) -> Option<usize> {
        match row {
            FIELD_ROW => None,
            r if r < FIELD_ROW => Some(r),
            r => Some(r - 1),
        }
    }

    fn text(&self, i: usize) -> String {
        self.texts.get(i).map(|t| t.text().to_string()).unwrap_or_default()
    }

    /// What the form saves: every field as typed (the domain reads and checks it), and the public key.
    pub fn save(&self) -> Action {
        let entry = ExpertEntry {
            name: Some(self.text(0)),
            unit: Some(self.text(1)),
            field: Some(Field::ALL[self.field.min(Field::ALL.len() - 1)].zh().to_string()),
            industry: Some(self.text(2)),
            title: Some(self.text(3)),
            term_until: Some(self.text(4)),
            served: Some(self.text(5)),
        };
        Action::SavePoolExpert { id: self.editing, entry, public_key: self.text(KEY_TEXT) }
    }

    /// Whether anything was typed or chosen that saving would keep and closing would throw away.
    pub fn unsaved(&self) -> bool {
        self.texts.iter().any(LineInput::changed) || self.field != self.opened_field
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(i) = Self::text_at(self.focus) {
            self.texts[i].insert(text);
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let i = Self::text_at(self.focus)?;
        self.texts[i].take_notice().map(|n| format!("{}：{}", TEXTS[i], n.text()))
    }

    fn on_field(&self) -> bool {
        self.focus == FIELD_ROW
    }

    fn on_text(&self) -> bool {
        !self.on_field()
    }
}

type K = Binding<PoolExpertForm, Action>;

pub static KEYS: Keymap<PoolExpertForm, Action> = Keymap {
    name: "dialog pool expert",
    bindings: &[
        // F9 as in the forms of a case, Ctrl+S as in the other dialogs.
        K::new(&[code(KeyCode::F(9)), Pat::Ctrl('s')], |f, _| Done::Act(f.save())).label("F9/Ctrl+S 保存"),
        // The public key of the expert of this name in the roster installed on this computer.
        K::new(&[Pat::Ctrl('r')], |f, _| Done::Act(Action::RosterKey { name: f.text(0) })).label("Ctrl+R 取名单公钥"),
        // Tab, Enter and ↓ move on, Shift+Tab and ↑ back: Enter never saves.
        K::new(&[code(KeyCode::Tab), plain(KeyCode::Enter), plain(KeyCode::Down)], |f, _| {
            f.focus = (f.focus + 1) % ROWS;
            Done::Changed
        })
        .label("Tab/Enter 下一栏"),
        K::new(&[code(KeyCode::BackTab), plain(KeyCode::Up)], |f, _| {
            f.focus = (f.focus + ROWS - 1) % ROWS;
            Done::Changed
        })
        .quiet(),
        K::new(&[plain(KeyCode::Left), plain(KeyCode::Right), plain(KeyCode::Char(' '))], |f, k| {
            let n = Field::ALL.len();
            f.field = if k.code == KeyCode::Left { (f.field + n - 1) % n } else { (f.field + 1) % n };
            Done::Changed
        })
        .when(PoolExpertForm::on_field)
        .label("←→ 选择"),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
        K::new(&[Pat::Any], |f, k| match PoolExpertForm::text_at(f.focus) {
            Some(i) => f.texts[i].handle(k).into(),
            None => Done::Ignored,
        })
        .when(PoolExpertForm::on_text)
        .typing(),
    ],
};

/// The line under the fields: how the fields are typed, and what editing a retired expert keeps.
fn about(f: &PoolExpertForm) -> String {
    match (&f.editing, &f.retired_on) {
        (Some(_), Some(day)) => format!("此专家已于 {day} 退出专家库：修改不改变退出，此后仍不抽取。"),
        _ => "聘期至填 YYYY-MM-DD；服务企业填统一社会信用代码，以“；”分隔。".into(),
    }
}

pub fn render(frame: &mut Frame, f: &PoolExpertForm, area: Rect) {
    let r = centered(area, 76, ROWS as u16 + 4);
    frame.render_widget(Clear, r);
    let title = if f.editing.is_some() { "修改专家库中的专家" } else { "新增专家（专家库）" };
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let mut constraints = vec![Constraint::Length(1); ROWS];
    constraints.extend([Constraint::Length(1), Constraint::Min(0)]);
    let rows = Layout::vertical(constraints).split(inner);
    for row in 0..ROWS {
        let [name, value] = Layout::horizontal([Constraint::Length(11), Constraint::Min(1)]).areas(rows[row]);
        let focused = f.focus == row;
        match PoolExpertForm::text_at(row) {
            Some(i) => {
                frame.render_widget(Paragraph::new(Line::from(label(TEXTS[i], focused))), name);
                f.texts[i].render(frame, value, focused, Style::default().add_modifier(Modifier::UNDERLINED));
            }
            None => {
                frame.render_widget(Paragraph::new(Line::from(label("专业领域", focused))), name);
                let mut spans = Vec::new();
                // The chosen one in brackets as well as in colour, for a terminal without colours.
                for (i, x) in Field::ALL.iter().enumerate() {
                    spans.push(if i == f.field {
                        Span::styled(
                            format!("[{}]", x.zh()),
                            Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
                        )
                    } else {
                        Span::styled(format!(" {} ", x.zh()), Style::default().fg(Color::DarkGray))
                    });
                    spans.push(Span::raw(" "));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), value);
            }
        }
    }
    frame.render_widget(Paragraph::new(Span::styled(about(f), Style::default().fg(Color::DarkGray))), rows[ROWS + 1]);
}
