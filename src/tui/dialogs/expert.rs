//! Adding an expert to the panel, or editing one: name, unit, title and field (专业); a new expert may be the lead,
//! on a row of its own (Space or ←→ toggle it there; no letter does, so typing never changes it).

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
use crate::tui::dialogs::discard::close;
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
    /// 0..=2: the text fields, 3: the field (专业), 4: the lead (a new expert only), 5: the save button.
    pub focus: usize,
}

const FIELD_ROW: usize = 3;
const LEAD_ROW: usize = 4;
const BUTTON: usize = 5;

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

    /// The rows the focus moves through: the lead only for a new expert (an expert's role is changed on the page).
    fn rows(&self) -> Vec<usize> {
        (0..=BUTTON).filter(|r| *r != LEAD_ROW || self.editing.is_none()).collect()
    }

    /// Moves the focus `by` rows (1 on, -1 back), wrapping when `wrap`.
    fn step(&mut self, by: isize, wrap: bool) {
        let rows = self.rows();
        let at = rows.iter().position(|r| *r == self.focus).unwrap_or(0) as isize;
        let n = rows.len() as isize;
        let next = if wrap { (at + by).rem_euclid(n) } else { (at + by).clamp(0, n - 1) };
        self.focus = rows[next as usize];
    }

    pub fn paste(&mut self, text: &str) {
        if self.focus < FIELD_ROW {
            self.fields[self.focus].1.insert(text);
        }
    }

    /// Whether a field holds typed text that is not saved.
    pub fn unsaved(&self) -> bool {
        self.fields.iter().any(|(_, i)| i.changed())
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
            f.step(if k.code == KeyCode::Tab { 1 } else { -1 }, true);
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
            let before = f.focus;
            f.step(if k.code == KeyCode::Up { -1 } else { 1 }, false);
            if f.focus == before { Done::Ignored } else { Done::Changed }
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
        // The lead has its own row, whose line says "空格切换": no letter toggles it, so nothing typed does.
        K::new(&[code(KeyCode::Left), code(KeyCode::Right), code(KeyCode::Char(' '))], |f, _| {
            f.lead = !f.lead;
            Done::Changed
        })
        .when(|f| f.focus == LEAD_ROW)
        .quiet(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
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
        let value = Span::styled(
            if f.lead { "[是]" } else { "[否]" },
            Style::default().add_modifier(if f.focus == LEAD_ROW { Modifier::REVERSED } else { Modifier::empty() }),
        );
        let line = vec![label("组长", f.focus == LEAD_ROW), value, Span::raw("（空格或 ←→ 切换）")];
        frame.render_widget(Paragraph::new(Line::from(line)), rows[4]);
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
