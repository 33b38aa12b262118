//! Recording an expert's recusal (回避): the reason, from the province's rules or written out, and the expert's
//! statement.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::store::{LoadedReview, MAX_NAME};
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, TextArea};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::wrapped;

#[derive(Clone, Debug, PartialEq)]
pub struct RecuseForm {
    pub expert: i64,
    pub name: String,
    /// (reason id or text, label, citation)
    pub reasons: Vec<(String, String, String)>,
    pub selected: usize,
    pub other: LineInput,
    pub statement: TextArea,
    /// 0: reason list, 1: other reason, 2: statement
    pub focus: usize,
}

/// Free categories offered when the province's rules list no reasons (or none fits).
pub const FREE_REASONS: [&str; 3] = ["参与该企业审核咨询", "与企业存在利益关系", "其他可能影响公正的情形"];

/// Text width of the statement editor.
const STATEMENT_WIDTH: usize = 60;

impl RecuseForm {
    pub fn new(r: &LoadedReview, expert: i64) -> Self {
        let mut reasons: Vec<(String, String, String)> = r
            .rules
            .iter()
            .flat_map(|p| {
                p.recusal_reasons_for(&r.card.id)
                    .map(move |x| (x.id.clone(), x.text.clone(), format!("{} {}", p.province, x.source)))
            })
            .collect();
        for f in FREE_REASONS {
            reasons.push((f.to_string(), f.to_string(), String::new()));
        }
        RecuseForm {
            expert,
            name: r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default(),
            reasons,
            selected: 0,
            other: LineInput::new("").with_max(MAX_NAME),
            statement: TextArea::new(""),
            focus: 0,
        }
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            1 => self.other.insert(text),
            2 => self.statement.insert(text),
            _ => {}
        }
    }

    /// Whether the other reason or the statement holds typed text.
    pub fn unsaved(&self) -> bool {
        self.other.changed() || self.statement.changed()
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let line = |l: &str, n: Option<crate::tui::widgets::input::Notice>| n.map(|n| format!("{l}：{}", n.text()));
        line("其他情形", self.other.take_notice()).or_else(|| line("回避声明", self.statement.take_notice()))
    }
}

type K = Binding<RecuseForm, Action>;

pub static KEYS: Keymap<RecuseForm, Action> = Keymap {
    name: "dialog recuse",
    bindings: &[
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, k| {
            f.focus = if k.code == KeyCode::Tab { (f.focus + 1) % 3 } else { (f.focus + 2) % 3 };
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s')], |f, _| {
            let other = f.other.text().trim();
            let reason = if !other.is_empty() { other.to_string() } else { f.reasons[f.selected].0.clone() };
            if f.statement.text().trim().is_empty() {
                return Done::Act(Action::Status("请填写回避声明".into(), StatusKind::Error));
            }
            Done::Act(Action::Recuse { expert: f.expert, reason, statement: f.statement.text().to_string() })
        })
        .label("Ctrl+S 保存"),
        // The reasons: the dialog says "回避情形（↑↓ 选择）"; Enter goes on to the statement.
        K::new(&[code(KeyCode::Up), code(KeyCode::Down), code(KeyCode::Enter)], |f, k| {
            match k.code {
                KeyCode::Up => f.selected = f.selected.saturating_sub(1),
                KeyCode::Down if f.selected + 1 < f.reasons.len() => f.selected += 1,
                KeyCode::Enter => f.focus = 2,
                _ => {}
            }
            Done::Changed
        })
        .when(|f| f.focus == 0)
        .quiet(),
        K::new(&[plain(KeyCode::Enter)], |f, _| {
            f.focus = 2;
            Done::Changed
        })
        .when(|f| f.focus == 1)
        .quiet(),
        K::new(&[Pat::Any], |f, k| f.other.handle(k).into()).when(|f| f.focus == 1).typing(),
        K::new(&[Pat::Any], |f, k| f.statement.handle(k, STATEMENT_WIDTH).into()).when(|f| f.focus == 2).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &RecuseForm, area: Rect) {
    let r = centered(area, 76, 20);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block("回避声明", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let n = f.reasons.len() as u16;
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(n.min(8)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .split(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label("回避专家", false),
            Span::raw(f.name.clone()),
            Span::raw("    回避情形（↑↓ 选择）"),
        ])),
        rows[0],
    );
    let lines: Vec<Line> = f
        .reasons
        .iter()
        .enumerate()
        .map(|(i, (_, text, cite))| {
            let mark = if i == f.selected { "●" } else { "○" };
            let style = if i == f.selected && f.focus == 0 {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            let cite = if cite.is_empty() { String::new() } else { format!("（{cite}）") };
            Line::from(Span::styled(format!("{mark} {text}{cite}"), style))
        })
        .collect();
    frame.render_widget(wrapped(lines, rows[1], 0), rows[1]);
    let cols = Layout::horizontal([Constraint::Length(16), Constraint::Min(1)]).split(rows[2]);
    frame.render_widget(Paragraph::new(Line::from(label("或写明其他情形", f.focus == 1))), cols[0]);
    f.other.render(frame, cols[1], f.focus == 1, Style::default());
    frame.render_widget(Paragraph::new(Line::from(label("回避声明（本人陈述）", f.focus == 2))), rows[3]);
    f.statement.render(frame, rows[4], f.focus == 2);
}
