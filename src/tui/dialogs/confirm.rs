//! Confirming what cannot be taken back: finalizing, reopening (with its reason), removing an expert, replacing the
//! opinion with a draft. Only F9 confirms, so that a pasted Enter never does.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::review::Opinion;
use crate::domain::scorecard::CardKind;
use crate::store::{LoadedReview, OpinionPatch};
use crate::tui::action::{Action, Ask};
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::TextArea;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::wrap_lines;

#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub kind: Ask,
    pub title: String,
    pub lines: Vec<String>,
    pub reason: Option<TextArea>,
}

/// Text width of the reason editor.
const REASON_WIDTH: usize = 60;

impl Confirm {
    pub fn finalize(r: &LoadedReview) -> Self {
        let blockers = crate::domain::review::finalize_blockers(&r.data, &r.card, &r.rules);
        let stage = r.card.stage_label();
        let entries = match r.card.kind {
            CardKind::Sheet => "评分、否决项",
            CardKind::Rules => "认定、否决项",
        };
        let mut lines =
            vec![format!("定稿后本{stage}锁定，不能再修改{entries}和{stage}意见；重新打开须写明理由并记入日志。")];
        if blockers.is_empty() {
            lines.push("已满足定稿条件。".into());
        } else {
            lines.push("尚不能定稿：".into());
            lines.extend(blockers.iter().map(|b| format!("· {}", crate::domain::explain::Explain::zh(b))));
        }
        Confirm { kind: Ask::Finalize, title: "定稿".into(), lines, reason: None }
    }
    pub fn reopen(id: i64) -> Self {
        Confirm {
            kind: Ask::Reopen(id),
            title: "重新打开已定稿的验收".into(),
            lines: vec!["请写明重新打开的理由（记入日志）：".into()],
            reason: Some(TextArea::new("")),
        }
    }
    pub fn remove_expert(id: i64, name: &str) -> Self {
        Confirm {
            kind: Ask::RemoveExpert(id),
            title: "移除专家".into(),
            lines: vec![format!("从专家组移除 {name}？（已评分或已回避的专家不能移除，应记录回避。）")],
            reason: None,
        }
    }
    pub fn overwrite_opinion(draft: Opinion) -> Self {
        Confirm {
            kind: Ask::OverwriteOpinion(Box::new(draft)),
            title: "生成验收意见草稿".into(),
            lines: vec!["草稿将替换已填写的综合评定意见、存在问题和结论；建议已填写的保留，未填写的一并起草。".into()],
            reason: None,
        }
    }

    fn confirmed(&self) -> Action {
        match &self.kind {
            Ask::Finalize => Action::Finalize,
            Ask::Reopen(id) => {
                let reason = self.reason.as_ref().map(|r| r.text().trim().to_string()).unwrap_or_default();
                if reason.is_empty() {
                    return Action::Status("请写明重新打开的理由".into(), StatusKind::Error);
                }
                Action::Reopen { id: *id, reason }
            }
            Ask::RemoveExpert(id) => Action::RemoveExpert(*id),
            Ask::OverwriteOpinion(d) => Action::SaveOpinion(OpinionPatch {
                summary: Some(d.summary.clone()),
                problems: Some(d.problems.clone()),
                // The draft keeps the panel's own suggestions, and drafts them only where there are none.
                suggestions: Some(d.suggestions.clone()),
                conclusion: Some(d.conclusion.clone()),
            }),
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(r) = &mut self.reason {
            r.insert(text)
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.reason.as_mut().and_then(|r| r.take_notice()).map(|n| format!("重新打开的理由：{}", n.text()))
    }
}

type K = Binding<Confirm, Action>;

pub static KEYS: Keymap<Confirm, Action> = Keymap {
    name: "dialog confirm",
    bindings: &[
        K::new(&[code(KeyCode::F(9))], |c, _| Done::Act(c.confirmed())).label("F9 确认"),
        K::new(&[Pat::Any], |c, k| match &mut c.reason {
            Some(r) => r.handle(k, REASON_WIDTH).into(),
            None => Done::Ignored,
        })
        .typing(),
        K::new(&[plain(KeyCode::Esc)], |c, _| close(c.reason.as_ref().is_some_and(|r| r.changed()))).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, c: &Confirm, area: Rect) {
    // As tall as its lines wrapped (a reason for not finalizing may take several); a window too small says so.
    let lines = wrap_lines(c.lines.iter().map(|l| Line::from(l.clone())).collect(), 70);
    let extra = if c.reason.is_some() { 8 } else { 4 };
    let h = (lines.len() as u16 + extra).min(area.height);
    let r = centered(area, 72, h);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(c, "（Enter 不会确认）");
    let b = dialog_block(&c.title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let room = inner.height.saturating_sub(extra - 3) as usize;
    let mut shown: Vec<Line> = lines.iter().take(room).cloned().collect();
    if lines.len() > room && room > 0 {
        shown.truncate(room - 1);
        shown.push(Line::from(Span::styled(
            format!("…（另有 {} 行未显示，请放大窗口；结果页列出全部）", lines.len() - (room - 1)),
            Style::default().fg(Color::Yellow),
        )));
    }
    let rows = Layout::vertical([Constraint::Length(shown.len() as u16 + 1), Constraint::Min(0)]).split(inner);
    frame.render_widget(Paragraph::new(shown), rows[0]);
    if let Some(t) = &c.reason {
        t.render(frame, rows[1], true);
    }
}
