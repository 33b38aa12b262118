//! A list of values saved one at a time with Enter: the facts the sheet's conditional rules read (事实认定), the
//! bonuses (加分), or the adjusted points of one section's items (分项标准分值调整, where the sheet allows it).

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
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::status::StatusKind;

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
        ValuesForm { kind: Values::Facts, rows, selected: 0 }
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
        ValuesForm { kind: Values::Bonuses, rows, selected: 0 }
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
        ValuesForm { kind: Values::Weights, rows, selected: 0 }
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
        K::new(&[code(KeyCode::Enter)], |f, _| Done::Act(f.save()))
            .hint("Enter 保存此项")
            .help("输入后 Enter 保存 · 清空后 Enter 撤销"),
        K::new(&[Pat::Any], |f, k| match f.rows.get_mut(f.selected) {
            Some(row) => row.input.handle(k).into(),
            None => Done::Ignored,
        })
        .typing(),
        K::new(&[plain(KeyCode::Esc)], |_, _| Done::Act(Action::CloseModal)).label("Esc 关闭"),
    ],
};

pub fn render(frame: &mut Frame, f: &ValuesForm, area: Rect) {
    let title = match f.kind {
        Values::Weights => "调整分项分值（本节合计不变）",
        Values::Bonuses => "加分",
        Values::Facts => "事实认定（条件评分规则读取）",
    };
    let h = (f.rows.len() as u16 * 2 + 3).min(area.height);
    let r = centered(area, 76, h);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical(vec![Constraint::Length(2); f.rows.len()]).split(inner);
    for (i, row) in f.rows.iter().enumerate() {
        let parts = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).split(rows[i]);
        let style = if i == f.selected { Style::default().fg(Color::Yellow) } else { Style::default() };
        frame.render_widget(Paragraph::new(Span::styled(row.text.clone(), style)), parts[0]);
        let cols = Layout::horizontal([Constraint::Length(12), Constraint::Min(1)]).split(parts[1]);
        row.input.render(frame, cols[0], i == f.selected, Style::default().add_modifier(Modifier::UNDERLINED));
        frame.render_widget(
            Paragraph::new(Span::styled(row.hint.clone(), Style::default().fg(Color::DarkGray))),
            cols[1],
        );
    }
}
