//! The panel's own result where the source leaves it to the panel (a sheet without a pass mark, rules whose
//! conditions only the panel can judge): 通过 or 不通过 in the province's words, and the reason. Both are signed and
//! printed; where the rules decide after all (a veto holds, a requirement is unmet), the result it records must agree
//! with theirs, which finalizing checks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::scoring::Evaluation;
use crate::store::LoadedReview;
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::TextArea;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::{pass_fail, result_words};
use crate::tui::widgets::wrap::{wrap_lines, wrapped};

#[derive(Clone, Debug, PartialEq)]
pub struct DecisionForm {
    /// The result chosen; `None` until the panel chooses.
    pub passed: Option<bool>,
    /// The result stored, to tell whether the choice changed.
    pub saved: Option<bool>,
    /// The words for a pass and for a failure.
    pub words: [String; 2],
    /// What the rules say about who decides.
    pub intro: String,
    pub reason: TextArea,
    /// 0: the result, 1: the reason.
    pub focus: usize,
}

/// Text width of the reason editor.
const WIDTH: usize = 64;

impl DecisionForm {
    pub fn open(r: &LoadedReview, e: Option<&Evaluation>) -> DecisionForm {
        let card = &r.card;
        let stage = card.stage_label();
        let source = card.outcome.source.as_ref().map(|s| format!("（{s}）")).unwrap_or_default();
        let intro = match e.filter(|e| e.passed.is_some()) {
            // The rules decide after all: say so, so that the panel records the same.
            Some(e) => format!(
                "依规定，本次{stage}的结果为“{}”（否决项成立或有要求不满足）：专家组的结论须与之一致。",
                result_words(card, e, None).unwrap_or_default()
            ),
            None => format!("依本省规定{source}，{stage}结论由专家组判定：请选择结论，并写明理由。"),
        };
        let saved = r.data.decision.as_ref().map(|d| d.passed);
        DecisionForm {
            passed: saved,
            saved,
            words: [pass_fail(card, true), pass_fail(card, false)],
            intro,
            reason: TextArea::new(r.data.decision.as_ref().map_or("", |d| &d.reason)),
            focus: if saved.is_some() { 1 } else { 0 },
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.focus == 1 {
            self.reason.insert(text);
        }
    }

    pub fn unsaved(&self) -> bool {
        self.passed != self.saved || self.reason.changed()
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.reason.take_notice().map(|n| format!("判定理由：{}", n.text()))
    }
}

type K = Binding<DecisionForm, Action>;

pub static KEYS: Keymap<DecisionForm, Action> = Keymap {
    name: "dialog decision",
    bindings: &[
        // On the result: ← the pass, → the failure, Space the other one.
        K::new(&[plain(KeyCode::Left), plain(KeyCode::Right), plain(KeyCode::Char(' '))], |f, k| {
            f.passed = Some(match k.code {
                KeyCode::Left => true,
                KeyCode::Right => false,
                _ => !f.passed.unwrap_or(false),
            });
            Done::Changed
        })
        .when(|f| f.focus == 0)
        .label("←→ 选择"),
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, _| {
            f.focus = 1 - f.focus;
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s')], |f, _| match f.passed {
            None => {
                f.focus = 0;
                Done::Act(Action::Status(
                    format!("请先选择“{}”或“{}”（←→）", f.words[0], f.words[1]),
                    StatusKind::Error,
                ))
            }
            Some(passed) => Done::Act(Action::SetDecision { passed, reason: f.reason.text().to_string() }),
        })
        .label("Ctrl+S 保存"),
        K::new(&[Pat::Any], |f, k| f.reason.handle(k, WIDTH).into()).when(|f| f.focus == 1).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &DecisionForm, area: Rect) {
    let intro = wrap_lines(vec![Line::from(f.intro.clone())], 66);
    let r = centered(area, 70, 10 + intro.len() as u16);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block("专家组判定结论", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let [head, choice, reason_label, reason] = Layout::vertical([
        Constraint::Length(intro.len() as u16),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(inner);
    frame.render_widget(wrapped(vec![Line::from(f.intro.clone())], head, 0), head);
    let option = |passed: bool| {
        let text = format!(" {} ", f.words[if passed { 0 } else { 1 }]);
        let style = if f.passed == Some(passed) {
            let color = if passed { Color::Green } else { Color::Red };
            Style::default().fg(Color::Black).bg(color).add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(Color::DarkGray)
        };
        Span::styled(text, style)
    };
    let mut spans = vec![label("结论", f.focus == 0), option(true), Span::raw("  "), option(false)];
    if f.passed.is_none() {
        spans.push(Span::styled("  （尚未选择：←→）", Style::default().fg(Color::Yellow)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), choice);
    frame.render_widget(Paragraph::new(Line::from(label("理由", f.focus == 1))), reason_label);
    f.reason.render(frame, reason, f.focus == 1);
}
