//! A list of values saved one at a time with Enter: the facts the sheet's conditional rules read (事实认定), the
//! bonuses (加分), or the adjusted points of one section's items (分项标准分值调整, where the sheet allows it).
//!
//! Enter saves the row (if it was changed) and moves on to the next; the dialog stays open until Esc, which asks
//! before a row typed but not saved is thrown away. A list taller than the window scrolls with the selection, and
//! says how many rows are above and below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::domain::refusal::Field;
use crate::domain::review::{check_bonus_range, check_weight, typed_fact};
use crate::domain::scorecard::FactKind;
use crate::store::LoadedReview;
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::fit;

/// What the values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    Facts,
    Bonuses,
    /// Adjusted item points.
    Weights,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValueRow {
    pub id: String,
    /// What the row is, with its citation.
    pub text: String,
    pub input: LineInput,
    /// A yes/no fact.
    pub yes_no: bool,
    /// The range or kind of value, shown beside the input.
    pub hint: String,
    /// A bonus's range.
    pub range: Option<(Points, Points)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValuesForm {
    pub kind: Values,
    pub rows: Vec<ValueRow>,
    pub selected: usize,
    /// The section whose item points are adjusted (empty for facts and bonuses).
    pub section: String,
}

/// The longest fact value typed.
const FACT_CHARS: usize = 20;
/// The longest points typed ("100.5").
const POINTS_CHARS: usize = 6;

impl ValuesForm {
    pub fn facts(r: &LoadedReview) -> Self {
        let rows = r
            .card
            .facts
            .iter()
            .map(|f| {
                let v = r.data.facts.get(&f.id).map(|v| match v.as_str() {
                    "true" => "是".to_string(),
                    "false" => "否".to_string(),
                    n => n.to_string(),
                });
                let hint = match f.kind {
                    FactKind::Bool => "是/否".to_string(),
                    FactKind::Number => format!("数值{}", f.unit.as_deref().unwrap_or("")),
                };
                ValueRow {
                    id: f.id.clone(),
                    text: format!("{}（{}）", f.text, f.source),
                    input: LineInput::new(&v.unwrap_or_default()).with_max(FACT_CHARS),
                    yes_no: f.kind == FactKind::Bool,
                    hint,
                    range: None,
                }
            })
            .collect();
        ValuesForm { kind: Values::Facts, rows, selected: 0, section: String::new() }
    }

    pub fn bonuses(r: &LoadedReview) -> Self {
        let rows = r
            .card
            .bonuses
            .iter()
            .map(|b| {
                let v = r.data.bonuses.get(&b.id).map(|p| p.to_string()).unwrap_or_default();
                ValueRow {
                    id: b.id.clone(),
                    text: format!("{}（{}）", b.title, b.source),
                    input: LineInput::new(&v).with_max(POINTS_CHARS),
                    yes_no: false,
                    hint: format!("{}–{} 分，空为不加分", b.min, b.max),
                    range: Some((b.min, b.max)),
                }
            })
            .collect();
        ValuesForm { kind: Values::Bonuses, rows, selected: 0, section: String::new() }
    }

    /// The points of the items of one section, which the panel may redistribute keeping the section's total.
    pub fn weights(r: &LoadedReview, section: &str) -> Self {
        let rows = r
            .card
            .scored_items()
            .filter(|i| i.section == section)
            .map(|i| {
                let v = r.data.weights.get(&i.id).copied().unwrap_or(i.points).to_string();
                ValueRow {
                    id: i.id.clone(),
                    text: format!("{} {}", i.id, i.title),
                    input: LineInput::new(&v).with_max(POINTS_CHARS),
                    yes_no: false,
                    hint: format!("印定 {} 分；本节合计须保持不变", i.points),
                    range: None,
                }
            })
            .collect();
        ValuesForm { kind: Values::Weights, rows, selected: 0, section: section.to_string() }
    }

    /// The dialog again after the selected row was saved, with what the store now holds: rows typed but not saved
    /// keep what was typed, and the selection moves on to the next row.
    pub fn reopened(&self, r: &LoadedReview) -> ValuesForm {
        let mut form = match self.kind {
            Values::Facts => ValuesForm::facts(r),
            Values::Bonuses => ValuesForm::bonuses(r),
            Values::Weights => ValuesForm::weights(r, &self.section),
        };
        for (i, old) in self.rows.iter().enumerate() {
            if i != self.selected
                && old.input.changed()
                && let Some(row) = form.rows.iter_mut().find(|n| n.id == old.id)
            {
                row.input = old.input.clone();
            }
        }
        form.selected = (self.selected + 1).min(form.rows.len().saturating_sub(1));
        form
    }

    /// Whether a row holds typed text that is not saved.
    pub fn unsaved(&self) -> bool {
        self.rows.iter().any(|r| r.input.changed())
    }

    /// Enter: a changed row is saved (the update moves on once it is), an unchanged one is left for the next.
    fn enter(&mut self) -> Done<Action> {
        match self.rows.get(self.selected) {
            Some(row) if row.input.changed() => Done::Act(self.save()),
            Some(_) if self.selected + 1 < self.rows.len() => {
                self.selected += 1;
                Done::Changed
            }
            _ => Done::Ignored,
        }
    }

    /// The selected row's value, as the action that saves it (or the message that says why not).
    fn save(&self) -> Action {
        let row = &self.rows[self.selected];
        let id = &row.id;
        let t = row.input.text().trim().to_string();
        let refuse = |m: String| Action::Status(m, StatusKind::Error);
        match self.kind {
            Values::Weights => {
                match crate::domain::input::points(&t, Field::ItemPoints(id.clone()))
                    .and_then(|p| check_weight(id, p).map(|_| p))
                {
                    Ok(p) => Action::SetWeight { item: id.clone(), value: Some(p) },
                    Err(e) => refuse(e.zh()),
                }
            }
            Values::Bonuses if t.is_empty() => Action::SetBonus { bonus: id.clone(), value: None },
            Values::Bonuses => {
                let checked = crate::domain::input::points(&t, Field::Bonus).and_then(|p| match row.range {
                    Some(range) => check_bonus_range(id, &row.text, p, range).map(|_| p),
                    None => Ok(p),
                });
                match checked {
                    Ok(p) => Action::SetBonus { bonus: id.clone(), value: Some(p) },
                    Err(e) => refuse(e.zh()),
                }
            }
            Values::Facts => {
                let kind = if row.yes_no { FactKind::Bool } else { FactKind::Number };
                match typed_fact(id, &row.text, kind, &t) {
                    Ok(value) => Action::SetFact { fact: id.clone(), value },
                    Err(e) => refuse(e.zh()),
                }
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(r) = self.rows.get_mut(self.selected) {
            r.input.insert(text)
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let what = match self.kind {
            Values::Weights => "分值",
            Values::Bonuses => "加分",
            Values::Facts => "事实",
        };
        self.rows.iter_mut().find_map(|r| {
            // The row's own words, without the citation: 事实“企业污染物排放已达标”.
            let short: String = r.text.split('（').next().unwrap_or(&r.text).chars().take(12).collect();
            r.input.take_notice().map(|n| format!("{what}“{short}”：{}", n.text()))
        })
    }
}

type K = Binding<ValuesForm, Action>;

pub static KEYS: Keymap<ValuesForm, Action> = Keymap {
    name: "dialog values",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::BackTab), code(KeyCode::Down), code(KeyCode::Tab)], |f, k| {
            let n = f.rows.len();
            f.selected = if matches!(k.code, KeyCode::Up | KeyCode::BackTab) {
                (f.selected + n - 1) % n.max(1)
            } else {
                (f.selected + 1) % n.max(1)
            };
            Done::Changed
        })
        .label("↑↓ 选择"),
        K::new(&[code(KeyCode::Enter)], |f, _| f.enter())
            .hint("Enter 保存并到下一项")
            .help("输入后 Enter 保存 · 清空后 Enter 撤销"),
        K::new(&[Pat::Any], |f, k| match f.rows.get_mut(f.selected) {
            Some(row) => row.input.handle(k).into(),
            None => Done::Ignored,
        })
        .typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 关闭"),
    ],
};

pub fn render(frame: &mut Frame, f: &ValuesForm, area: Rect) {
    let title = match f.kind {
        Values::Weights => "调整分项分值（本节合计不变）",
        Values::Bonuses => "加分",
        Values::Facts => "事实认定（条件评分规则读取）",
    };
    let n = f.rows.len();
    let h = (n as u16 * 2 + 3).min(area.height);
    let r = centered(area, 76, h);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    // Two lines a row; when they do not all fit, a window around the selection and a line saying what is hidden.
    let (start, shown, more) = window(n, f.selected, inner.height as usize);
    let mut constraints = vec![Constraint::Length(2); shown];
    constraints.push(Constraint::Min(0));
    let areas = Layout::vertical(constraints).split(inner);
    let width = inner.width as usize;
    for (slot, (i, row)) in f.rows.iter().enumerate().skip(start).take(shown).enumerate() {
        let parts = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).split(areas[slot]);
        let style = if i == f.selected { Style::default().fg(Color::Yellow) } else { Style::default() };
        frame.render_widget(Paragraph::new(Span::styled(fit(&row.text, width), style)), parts[0]);
        let cols = Layout::horizontal([Constraint::Length(12), Constraint::Min(1)]).split(parts[1]);
        row.input.render(frame, cols[0], i == f.selected, Style::default().add_modifier(Modifier::UNDERLINED));
        let hint = if row.input.changed() {
            Span::styled(format!("{} · 未保存（Enter 保存）", row.hint), Style::default().fg(Color::Yellow))
        } else {
            Span::styled(row.hint.clone(), Style::default().fg(Color::DarkGray))
        };
        frame.render_widget(Paragraph::new(hint), cols[1]);
    }
    if let Some(more) = more {
        frame.render_widget(Paragraph::new(Span::styled(more, Style::default().fg(Color::Yellow))), areas[shown]);
    }
}

/// The rows shown of `n` two-line rows in `height` lines, keeping `selected` in view: (first, how many, the line
/// that says what is above and below, when not all are shown).
fn window(n: usize, selected: usize, height: usize) -> (usize, usize, Option<String>) {
    if n * 2 <= height {
        return (0, n, None);
    }
    let shown = (height.saturating_sub(1) / 2).max(1).min(n);
    let start = selected.saturating_sub(shown / 2).min(n - shown);
    let (above, below) = (start, n - start - shown);
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑ 上面还有 {above} 项"));
    }
    if below > 0 {
        parts.push(format!("↓ 下面还有 {below} 项"));
    }
    (start, shown, Some(format!("{}（↑↓ 选择时滚动）", parts.join(" · "))))
}
