//! The new-review form: the enterprise, the date and place, the score sheet or rules, the type of review where they
//! define types (云南's А/В/С: required, and deciding which requirements apply), and the track (自愿/强制审核). Enter
//! moves on from every row but the sheet's (which opens the picker) and the button's (which creates); in a window too
//! short for every row, the form scrolls with the focus and says how many rows are hidden.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::credit_code;
use crate::domain::explain::Explain;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::scorecard::{Catalog, Scorecard, Track};
use crate::domain::text;
use crate::store::{MAX_NAME, NewReview};
use crate::tui::action::{Action, Leave, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{label, sel_style};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{fit, wrapped};

#[derive(Clone, Debug)]
pub struct NewReviewForm {
    pub fields: Vec<(&'static str, LineInput)>,
    pub scorecard: Option<String>,
    /// The sheet's name as the panel reads it, and its types of review (id, label, text); none where it defines none.
    pub sheet_name: String,
    pub types: Vec<(String, String, String)>,
    /// The type chosen, by id.
    pub review_type: Option<String>,
    pub track: Option<Track>,
    /// Index of the focused row: the text fields, then the sheet, its type where it defines types, the track and the
    /// create button.
    pub focus: usize,
}

pub const F_NAME: usize = 0;
pub const F_CODE: usize = 1;
pub const F_DATE: usize = 5;

/// A unified social credit code has 18 characters; a date as typed, 10.
const CODE_CHARS: usize = 18;
const DATE_CHARS: usize = 10;

impl NewReviewForm {
    pub fn new(today: &str) -> Self {
        NewReviewForm {
            fields: vec![
                ("企业名称", LineInput::new("").with_max(MAX_NAME)),
                ("统一社会信用代码", LineInput::new("").with_max(CODE_CHARS)),
                ("地址", LineInput::new("").with_max(MAX_NAME)),
                ("行业", LineInput::new("").with_max(MAX_NAME)),
                ("咨询机构", LineInput::new("").with_max(MAX_NAME)),
                ("验收日期", LineInput::new(today).with_max(DATE_CHARS)),
                ("验收地点", LineInput::new("").with_max(MAX_NAME)),
            ],
            scorecard: None,
            sheet_name: String::new(),
            types: Vec::new(),
            review_type: None,
            track: None,
            focus: 0,
        }
    }

    /// The sheet or rules picked: its types replace the last one's, and a type chosen before is kept only if the new
    /// sheet has it. The focus goes on to the type, where there is one to choose, else to the track.
    pub fn pick(&mut self, card: &Scorecard) {
        self.scorecard = Some(card.id.clone());
        self.sheet_name = format!("{} {}", card.province, card.title);
        self.types = card.review_types.iter().map(|t| (t.id.clone(), t.label.clone(), t.text.clone())).collect();
        if !self.types.iter().any(|t| Some(&t.0) == self.review_type.as_ref()) {
            self.review_type = None;
        }
        self.focus = self.type_row().unwrap_or(self.track_row());
    }

    pub fn rows(&self) -> usize {
        self.button_row() + 1
    }
    pub fn sheet_row(&self) -> usize {
        self.fields.len()
    }
    /// The type's row, where the sheet defines types.
    pub fn type_row(&self) -> Option<usize> {
        (!self.types.is_empty()).then_some(self.fields.len() + 1)
    }
    pub fn track_row(&self) -> usize {
        self.fields.len() + 1 + usize::from(!self.types.is_empty())
    }
    pub fn button_row(&self) -> usize {
        self.track_row() + 1
    }

    /// The next type (or the one before), from none to the first or the last.
    fn step_type(&mut self, back: bool) {
        let n = self.types.len();
        let at = self.types.iter().position(|t| Some(&t.0) == self.review_type.as_ref());
        let next = match (at, back) {
            (None, false) => 0,
            (None, true) => n - 1,
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
        };
        self.review_type = Some(self.types[next].0.clone());
    }

    /// The review to create, refused here in the panel's words (naming the field, which gets the focus) before
    /// anything reaches the store.
    fn create(&mut self) -> Done<Action> {
        let text = |i: usize| self.fields[i].1.text();
        let problem = text::required(text(F_NAME), Field::EnterpriseName)
            .map_err(|e| (F_NAME, e))
            .and_then(|_| credit_code::validate(text(F_CODE)).map_err(|e| (F_CODE, Refusal::CreditCode(e))))
            .and_then(|_| text::date(text(F_DATE), Field::ReviewDate).map_err(|e| (F_DATE, e)));
        if let Err((field, e)) = problem {
            self.focus = field;
            return Done::Act(Action::Status(e.zh(), StatusKind::Error));
        }
        let Some(scorecard) = self.scorecard.clone() else {
            return Done::Act(Action::Status(
                "请选择评分表或规则（在“评分表/规则”一栏按 Enter）".into(),
                StatusKind::Error,
            ));
        };
        if let (Some(row), None) = (self.type_row(), &self.review_type) {
            self.focus = row;
            let choices = self.types.iter().map(|t| t.1.clone()).collect();
            let e = Refusal::ReviewTypeRequired { sheet: self.sheet_name.clone(), choices };
            return Done::Act(Action::Status(format!("{}（空格或 ←→ 选择）", e.zh()), StatusKind::Error));
        }
        let get = |i: usize| self.fields[i].1.text().to_string();
        Done::Act(Action::CreateReview {
            new: NewReview {
                enterprise_name: get(F_NAME),
                credit_code: get(F_CODE),
                address: get(2),
                industry: get(3),
                agency: get(4),
                date: get(F_DATE),
                review_type: self.review_type.clone(),
                place: get(6),
                track: self.track,
            },
            scorecard,
        })
    }

    pub fn paste(&mut self, text: &str) {
        if self.focus < self.fields.len() {
            self.fields[self.focus].1.insert(text);
        }
    }

    /// Whether anything was filled in: a field typed, a sheet, a type or a track chosen.
    pub fn unsaved(&self) -> bool {
        self.fields.iter().any(|(_, i)| i.changed())
            || self.scorecard.is_some()
            || self.review_type.is_some()
            || self.track.is_some()
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.fields.iter_mut().find_map(|(l, i)| i.take_notice().map(|n| format!("{l}：{}", n.text())))
    }
}

type K = Binding<NewReviewForm, Action>;

fn on_text(f: &NewReviewForm) -> bool {
    f.focus < f.fields.len()
}

pub static KEYS: Keymap<NewReviewForm, Action> = Keymap {
    name: "new review",
    bindings: &[
        K::new(&[code(KeyCode::Tab), code(KeyCode::Down), code(KeyCode::BackTab), code(KeyCode::Up)], |f, k| {
            let rows = f.rows();
            f.focus = match k.code {
                KeyCode::Tab | KeyCode::Down => (f.focus + 1) % rows,
                _ => (f.focus + rows - 1) % rows,
            };
            Done::Changed
        })
        .hint("Tab/↑↓ 换栏")
        .help("Tab 或 ↑↓ 换栏"),
        K::new(&[plain(KeyCode::Enter)], |f, _| {
            if !on_text(f) && f.focus != f.track_row() && Some(f.focus) != f.type_row() {
                return Done::Ignored;
            }
            f.focus += 1;
            Done::Changed
        })
        .label("Enter 下一栏"),
        K::new(&[plain(KeyCode::Enter), plain(KeyCode::Char(' '))], |_, _| Done::Act(Action::Open(Open::Picker)))
            .when(|f| f.focus == f.sheet_row())
            .help("在“评分表/规则”栏按 Enter 选择"),
        // The type, where the sheet defines types: Space and → the next, ← the one before.
        K::new(&[plain(KeyCode::Char(' ')), plain(KeyCode::Left), plain(KeyCode::Right)], |f, k| {
            f.step_type(k.is(KeyCode::Left));
            Done::Changed
        })
        .when(|f| Some(f.focus) == f.type_row())
        .help("在“验收类型”栏按空格或 ←→ 选择（规定了类型时必选）")
        .line(1),
        // Enter moves on from the track (above), as from every row; Space and ←→ choose.
        K::new(&[plain(KeyCode::Char(' ')), plain(KeyCode::Left), plain(KeyCode::Right)], |f, k| {
            const ORDER: [Option<Track>; 3] = [None, Some(Track::Voluntary), Some(Track::Mandatory)];
            let at = ORDER.iter().position(|t| *t == f.track).unwrap_or(0);
            let by = if k.is(KeyCode::Left) { ORDER.len() - 1 } else { 1 };
            f.track = ORDER[(at + by) % ORDER.len()];
            Done::Changed
        })
        .when(|f| f.focus == f.track_row())
        .help("在“审核类别”栏按空格或 ←→ 切换")
        .line(1),
        K::new(&[Pat::Any], |f, k| f.fields[f.focus].1.handle(k).into()).when(on_text).typing(),
        // Enter on the button creates too.
        K::new(&[Pat::Ctrl('s'), plain(KeyCode::Enter)], |f, k| {
            if k.is(KeyCode::Enter) && f.focus != f.button_row() { Done::Ignored } else { f.create() }
        })
        .label("Ctrl+S 创建")
        .line(1),
        K::new(&[code(KeyCode::Esc)], |f, _| {
            Done::Act(if f.unsaved() { Action::Open(Open::Discard(Leave::Back)) } else { Action::Back })
        })
        .hint("Esc 返回")
        .help("Esc 放弃（已填写时先询问）")
        .line(1),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("新建验收"),
    HelpRow::keys(0, "  ", ""),
    HelpRow::keys(1, "  统一社会信用代码输入时即校验 · ", ""),
];

pub fn render(frame: &mut Frame, f: &NewReviewForm, catalog: &Catalog, area: Rect) {
    let b = Block::default().borders(Borders::ALL).title(" 新建验收 ");
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let n = f.rows();
    // One line a row. A window too short for them all shows those around the focus and says what is hidden.
    let (start, shown, note) = window(n, f.focus, inner.height as usize);
    let row = |r: usize| -> Option<Rect> {
        (start..start + shown).contains(&r).then(|| Rect::new(inner.x, inner.y + (r - start) as u16, inner.width, 1))
    };
    let mut messages = Vec::new();
    for (i, (name, input)) in f.fields.iter().enumerate() {
        let check = field_message(f, i);
        if let Some((false, m)) = &check {
            messages.push(Line::from(Span::styled(format!("{name}：{m}"), Style::default().fg(Color::Red))));
        }
        let Some(area) = row(i) else { continue };
        let [l, v, mark] =
            Layout::horizontal([Constraint::Length(18), Constraint::Length(40), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from(label(name, f.focus == i))), l);
        input.render(frame, v, f.focus == i, Style::default().add_modifier(Modifier::UNDERLINED));
        if let Some((ok, _)) = check {
            let (sym, color) = if ok { ("✓", Color::Green) } else { ("✗", Color::Red) };
            frame.render_widget(Paragraph::new(Span::styled(format!(" {sym}"), Style::default().fg(color))), mark);
        }
    }
    if let Some(note) = note {
        let y = inner.y + shown as u16;
        let area = Rect::new(inner.x, y, inner.width, 1);
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&note, inner.width as usize), Style::default().fg(Color::Yellow))),
            area,
        );
    } else if inner.height as usize > n + 1 {
        // The messages of the fields below the rows and a blank line.
        let y = inner.y + n as u16 + 1;
        let msg_area = Rect::new(inner.x, y, inner.width, inner.height - (n as u16 + 1));
        frame.render_widget(wrapped(messages, msg_area, 0), msg_area);
    }
    let sheet = f
        .scorecard
        .as_ref()
        .and_then(|id| catalog.scorecard(id))
        .map(|c| format!("{} {}（{}）{}", c.province, c.title, crate::tui::dialogs::picker::kind_zh(c), decides(c)))
        .unwrap_or_else(|| "（按 Enter 选择）".into());
    if let Some(area) = row(f.sheet_row()) {
        let [l, v] = Layout::horizontal([Constraint::Length(18), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from(label("评分表/规则", f.focus == f.sheet_row()))), l);
        frame.render_widget(Paragraph::new(fit(&sheet, v.width as usize)), v);
    }
    if let Some(r) = f.type_row()
        && let Some(area) = row(r)
    {
        let [l, v] = Layout::horizontal([Constraint::Length(18), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from(label("验收类型", f.focus == r))), l);
        let (text, style) = match f.types.iter().find(|t| Some(&t.0) == f.review_type.as_ref()) {
            Some((_, label, text)) => (format!("{label}：{text}"), Style::default()),
            None => {
                let labels: Vec<&str> = f.types.iter().map(|t| t.1.as_str()).collect();
                (format!("必选（空格或 ←→）：{}", labels.join("、")), Style::default().fg(Color::Yellow))
            }
        };
        frame.render_widget(Paragraph::new(Span::styled(fit(&text, v.width as usize), style)), v);
    }
    let track = match f.track {
        None => "按评分表",
        Some(Track::Voluntary) => "自愿审核",
        Some(_) => "强制审核",
    };
    if let Some(area) = row(f.track_row()) {
        let [l, v] = Layout::horizontal([Constraint::Length(18), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from(label("审核类别", f.focus == f.track_row()))), l);
        frame.render_widget(Paragraph::new(fit(&format!("{track}（空格或 ←→ 切换）"), v.width as usize)), v);
    }
    if let Some(area) = row(f.button_row()) {
        let button_style = if f.focus == f.button_row() { sel_style() } else { Style::default().fg(Color::Green) };
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::raw("                  "), Span::styled(" 创建验收 ", button_style)])),
            area,
        );
    }
}

/// How the sheet or rules decide the result, in a few words: the pass mark, or who decides.
fn decides(c: &Scorecard) -> String {
    match (c.pass_mark(), c.outcome.decided_by) {
        (Some(g), _) => format!("合格线：总分{}{}分", g.op.label(), g.score),
        (None, crate::domain::scorecard::DecidedBy::Rules) => "按规定条件判定".into(),
        (None, _) if c.kind == crate::domain::scorecard::CardKind::Rules => "结论由专家组判定".into(),
        (None, _) => "本表未印合格线".into(),
    }
}

/// The rows shown of `n` one-line rows in `height` lines, keeping `focus` in view: (first, how many, the line that
/// says what is hidden, when not all fit).
fn window(n: usize, focus: usize, height: usize) -> (usize, usize, Option<String>) {
    if height >= n {
        return (0, n, None);
    }
    if height < 2 {
        return (focus.min(n - 1), height, None);
    }
    let shown = height - 1;
    let start = (focus + 1).saturating_sub(shown).min(n - shown);
    let (above, below) = (start, n - start - shown);
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑ 上面另有 {above} 栏"));
    }
    if below > 0 {
        parts.push(format!("↓ 下面另有 {below} 栏"));
    }
    (start, shown, Some(format!("{}（窗口较小，Tab 换栏时滚动）", parts.join(" · "))))
}

/// Validation as you type: (valid, message).
fn field_message(f: &NewReviewForm, i: usize) -> Option<(bool, String)> {
    let t = f.fields[i].1.text().trim();
    if i == F_CODE && !t.is_empty() {
        return Some(match credit_code::validate(t) {
            Ok(_) => (true, "校验通过".into()),
            Err(e) => (false, e.zh()),
        });
    }
    if i == F_DATE && !t.is_empty() {
        return Some(match text::date(t, Field::ReviewDate) {
            Ok(_) => (true, String::new()),
            // Beside the field, without its name.
            Err(Refusal::Date { error, .. }) => (false, error.zh()),
            Err(e) => (false, e.zh()),
        });
    }
    None
}
