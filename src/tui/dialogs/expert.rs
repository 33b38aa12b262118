//! Adding an expert to the panel, or editing one: name, unit, title and field (专业); a new expert may be the lead.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::explain::Explain;
use crate::domain::refusal::Field;
use crate::domain::review::Expert;
use crate::domain::scorecard::FIELDS;
use crate::store::{ExpertPatch, MAX_NAME, NewExpert};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;

#[derive(Clone, Debug, PartialEq)]
pub struct ExpertForm {
    pub editing: Option<i64>,
    pub fields: Vec<(&'static str, LineInput)>,
    /// Index into [`FIELDS`].
    pub field: usize,
    pub lead: bool,
    /// 0..=2: the text fields, 3: the field (专业), 4: the save button.
    pub focus: usize,
}

const FIELD_ROW: usize = 3;
const BUTTON: usize = 4;

impl ExpertForm {
    pub fn new(e: Option<&Expert>) -> Self {
        ExpertForm {
            editing: e.map(|e| e.id),
            fields: vec![
                ("姓名", LineInput::new(e.map_or("", |e| &e.name)).with_max(MAX_NAME)),
                ("单位", LineInput::new(e.map_or("", |e| &e.unit)).with_max(MAX_NAME)),
                ("职称", LineInput::new(e.map_or("", |e| &e.title)).with_max(MAX_NAME)),
            ],
            field: e.and_then(|e| FIELDS.iter().position(|f| *f == e.field)).unwrap_or(0),
            lead: false,
            focus: 0,
        }
    }

    fn save(&mut self) -> Done<Action> {
        if let Err(e) = crate::domain::text::required(self.fields[0].1.text(), Field::ExpertName) {
            self.focus = 0;
            return Done::Act(Action::Status(e.zh(), StatusKind::Error));
        }
        let get = |i: usize| self.fields[i].1.text().to_string();
        let field = FIELDS[self.field].to_string();
        Done::Act(match self.editing {
            Some(id) => Action::UpdateExpert(
                id,
                ExpertPatch { name: Some(get(0)), unit: Some(get(1)), title: Some(get(2)), field: Some(field) },
            ),
            None => Action::AddExpert(NewExpert { name: get(0), unit: get(1), title: get(2), field, lead: self.lead }),
        })
    }

    pub fn paste(&mut self, text: &str) {
        if self.focus < FIELD_ROW {
            self.fields[self.focus].1.insert(text);
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.fields.iter_mut().find_map(|(l, i)| i.take_notice().map(|n| format!("{l}：{}", n.text())))
    }
}

type K = Binding<ExpertForm, Action>;

fn on_text(f: &ExpertForm) -> bool {
    f.focus < FIELD_ROW
}

pub static KEYS: Keymap<ExpertForm, Action> = Keymap {
    name: "dialog expert",
    bindings: &[
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, k| {
            f.focus = if k.code == KeyCode::Tab { (f.focus + 1) % 5 } else { (f.focus + 4) % 5 };
            Done::Changed
        })
        .label("Tab 换栏"),
        // Enter on the save button saves too.
        K::new(&[Pat::Ctrl('s'), plain(KeyCode::Enter)], |f, k| {
            if k.is(KeyCode::Enter) && f.focus != BUTTON { Done::Ignored } else { f.save() }
        })
        .label("Ctrl+S 保存"),
        // Down and Enter move on, Up back.
        K::new(&[code(KeyCode::Enter), code(KeyCode::Down), code(KeyCode::Up)], |f, k| {
            match f.focus {
                0..=2 if k.is(KeyCode::Enter) || k.is(KeyCode::Down) => f.focus += 1,
                0..=2 if k.is(KeyCode::Up) => f.focus = f.focus.saturating_sub(1),
                FIELD_ROW if k.code == KeyCode::Up => f.focus = 2,
                FIELD_ROW => f.focus = BUTTON,
                BUTTON if k.is(KeyCode::Up) => f.focus = FIELD_ROW,
                _ => return Done::Ignored,
            }
            Done::Changed
        })
        .quiet(),
        K::new(&[Pat::Any], |f, k| f.fields[f.focus].1.handle(k).into()).when(on_text).typing(),
        // The field (专业): ← → or space choose.
        K::new(&[code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Char(' '))], |f, k| {
            f.field = if k.code == KeyCode::Left {
                (f.field + FIELDS.len() - 1) % FIELDS.len()
            } else {
                (f.field + 1) % FIELDS.len()
            };
            Done::Changed
        })
        .when(|f| f.focus == FIELD_ROW)
        .quiet(),
        // The dialog's own line says "在专业栏按 l 切换".
        K::new(&[code(KeyCode::Char('l'))], |f, _| {
            f.lead = !f.lead;
            Done::Changed
        })
        .when(|f| f.focus == FIELD_ROW && f.editing.is_none())
        .quiet(),
        K::new(&[plain(KeyCode::Esc)], |_, _| Done::Act(Action::CloseModal)).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &ExpertForm, area: Rect) {
    let r = centered(area, 60, 11);
    frame.render_widget(Clear, r);
    let title = if f.editing.is_some() { "修改专家" } else { "添加专家" };
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([Constraint::Length(1); 7]).split(inner);
    for (i, (name, input)) in f.fields.iter().enumerate() {
        let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[i]);
        frame.render_widget(Paragraph::new(Line::from(label(name, f.focus == i))), cols[0]);
        input.render(frame, cols[1], f.focus == i, Style::default());
    }
    let fields: Vec<Span> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, x)| {
            if i == f.field {
                Span::styled(format!("[{x}]"), Style::default().add_modifier(Modifier::REVERSED))
            } else {
                Span::raw(format!(" {x} "))
            }
        })
        .collect();
    let mut line = vec![label("专业", f.focus == FIELD_ROW)];
    line.extend(fields);
    frame.render_widget(Paragraph::new(Line::from(line)), rows[3]);
    if f.editing.is_none() {
        frame.render_widget(
            Paragraph::new(format!("          组长：{}（在专业栏按 l 切换）", if f.lead { "是" } else { "否" })),
            rows[4],
        );
    }
    let button = Span::styled(
        " 保存 ",
        if f.focus == BUTTON {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(Color::Green)
        },
    );
    frame.render_widget(Paragraph::new(Line::from(vec![Span::raw("          "), button])), rows[6]);
}
