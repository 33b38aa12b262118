//! What a finding needs written out: the evidence of a veto answered "yes" (是) or of a distinction whose conditions
//! hold (符合), the reason a requirement is not met (不满足).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Clear;

use crate::domain::review::Answer;
use crate::store::LoadedReview;
use crate::tui::action::{Action, Condition};
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::TextArea;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrap_lines, wrapped};

#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceForm {
    pub condition: Condition,
    pub title: String,
    pub text: TextArea,
}

/// Text width of the editor.
const WIDTH: usize = 60;

impl EvidenceForm {
    /// The dialog for a condition of the open review, with what was written before; `None` for a condition the sheet
    /// or rules do not have.
    pub fn open(r: &LoadedReview, condition: Condition) -> Option<EvidenceForm> {
        let (card, d) = (&r.card, &r.data);
        let (title, existing) = match &condition {
            Condition::Veto(id) => {
                let x = card.vetoes.iter().find(|x| x.id == *id)?;
                (x.text.clone(), d.vetoes.iter().find(|f| f.veto_id == *id).map(|f| f.evidence.as_str()))
            }
            Condition::Requirement(id) => {
                let q = card.requirements.iter().find(|q| q.id == *id)?;
                let title = format!("{}{}", q.number.as_deref().unwrap_or(""), q.text);
                (title, d.requirements.iter().find(|f| f.id == *id).map(|f| f.evidence.as_str()))
            }
            Condition::Distinction(id) => {
                let x = card.distinctions.iter().find(|x| x.id == *id)?;
                let title = format!("{}：{}", x.label, x.text);
                (title, d.distinctions.iter().find(|f| f.id == *id).map(|f| f.evidence.as_str()))
            }
        };
        Some(EvidenceForm { condition, title, text: TextArea::new(existing.unwrap_or_default()) })
    }

    pub fn paste(&mut self, text: &str) {
        self.text.insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let field = match self.condition {
            Condition::Veto(_) => "否决项依据",
            Condition::Requirement(_) => "不满足的原因",
            Condition::Distinction(_) => "条件等级依据",
        };
        self.text.take_notice().map(|n| format!("{field}：{}", n.text()))
    }

    /// The dialog's heading: what is being found, and what it needs.
    fn heading(&self) -> &'static str {
        match self.condition {
            Condition::Veto(_) => "认定否决项：须写明依据",
            Condition::Requirement(_) => "认定为不满足：须写明原因",
            Condition::Distinction(_) => "认定符合条件等级：须写明依据",
        }
    }

    /// The finding to save. A veto's empty evidence is refused here as it always was; the other findings' are
    /// refused by the store, in the domain's words.
    fn save(&self) -> Action {
        let text = self.text.text().to_string();
        match &self.condition {
            Condition::Veto(_) if text.trim().is_empty() => {
                Action::Status("认定为“是”须写明依据".into(), StatusKind::Error)
            }
            Condition::Veto(veto) => Action::AnswerVeto { veto: veto.clone(), answer: Answer::Yes, evidence: text },
            Condition::Requirement(id) => {
                Action::AnswerRequirement { requirement: id.clone(), met: false, reason: text }
            }
            Condition::Distinction(id) => {
                Action::AnswerDistinction { distinction: id.clone(), holds: true, evidence: text }
            }
        }
    }
}

type K = Binding<EvidenceForm, Action>;

pub static KEYS: Keymap<EvidenceForm, Action> = Keymap {
    name: "dialog evidence",
    bindings: &[
        // The status line has always said "Tab 换栏" here, though the dialog has one field; the snapshots pin it.
        K::new(&[plain(KeyCode::Tab)], |_, _| Done::Ignored).hint("Tab 换栏").stale(),
        K::new(&[Pat::Ctrl('s')], |f, _| Done::Act(f.save())).label("Ctrl+S 保存"),
        K::new(&[Pat::Any], |f, k| f.text.handle(k, WIDTH).into()).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.text.changed())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &EvidenceForm, area: Rect) {
    // The condition's text in full (the inner width is 68 columns): a requirement may take several lines.
    let title_lines = wrap_lines(text_lines(&f.title), 68).len().clamp(2, 8) as u16;
    let r = centered(area, 70, 10 + title_lines);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(f.heading(), &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([Constraint::Length(title_lines), Constraint::Min(2)]).split(inner);
    frame.render_widget(wrapped(text_lines(&f.title), rows[0], 0), rows[0]);
    f.text.render(frame, rows[1], true);
}
