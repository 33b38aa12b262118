//! Page 6, signing and export: once the review is finalized, each expert signs (or signs a dissent) with their own key
//! and passphrase, and the bundle is exported for the support unit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use crate::bundle::SignStatus;
use crate::domain::scorecard::CardKind;
use crate::tui::action::{Action, Open, PathKind};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::screens::review::state::ReviewView;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrapped};

type K = Binding<ReviewView, Action>;

fn finalized(v: &ReviewView) -> bool {
    v.sign.is_some()
}

/// The selected expert signs (`s`) or dissents (`d`), unless they recused or already did for this revision.
fn sign(v: &mut ReviewView, k: &Key) -> Done<Action> {
    let n = v.r.data.experts.len();
    if n == 0 {
        return Done::Ignored;
    }
    let e = &v.r.data.experts[v.sign_sel.min(n - 1)];
    if v.r.data.is_recused(e.id) {
        return Done::Act(Action::Status(format!("{} 已回避，不签名，也不写不同意见", e.name), StatusKind::Error));
    }
    let state = v.sign.as_ref().and_then(|s| s.signers.iter().find(|x| x.expert == e.name));
    if let Some(done) = state.filter(|x| matches!(x.status, SignStatus::Signed | SignStatus::Dissented)) {
        return Done::Act(Action::Status(
            format!("{} 对本版本{}，不能再签", e.name, done.status.label()),
            StatusKind::Error,
        ));
    }
    Done::Act(Action::Open(Open::Sign { expert: e.id, dissent: k.code == KeyCode::Char('d') }))
}

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review sign",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            if k.code == KeyCode::Up {
                v.sign_sel = v.sign_sel.saturating_sub(1);
            } else if v.sign_sel + 1 < v.r.data.experts.len() {
                v.sign_sel += 1;
            }
            Done::Changed
        })
        .hint_when(finalized)
        .label("↑↓ 选择"),
        K::new(&[ch('s'), ch('d'), ch('e')], |_, _| {
            Done::Act(Action::Status("定稿后才能签名：请先在结果页按 F 定稿（F9 确认）".into(), StatusKind::Error))
        })
        .when(|v| !finalized(v))
        .hint("定稿后才能签名"),
        K::new(&[ch('s')], sign).when(finalized).label("s 签名"),
        K::new(&[ch('d')], sign).when(finalized).hint("d 不同意见").help("d 签署不同意见"),
        K::new(&[ch('e')], |v, _| {
            let signed = v.sign.as_ref().is_some_and(|s| s.signers.iter().any(|x| x.status == SignStatus::Signed));
            if !signed {
                return Done::Act(Action::Status(
                    "还没有专家签名：至少一位专家签名后才能导出（按 s 签名）".into(),
                    StatusKind::Error,
                ));
            }
            Done::Act(Action::Open(Open::Path(PathKind::Export)))
        })
        .when(finalized)
        .hint("e 导出")
        .help("e 导出验收包"),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::keys(0, "  签名与导出（定稿后）：", ""),
    HelpRow::text("        私钥文件与口令，Ctrl+S 签名；口令只显示为 •，不保存"),
];

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let Some(state) = &v.sign else {
        let lines = vec![
            Line::from(Span::styled(
                "定稿后才能签名。",
                Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            )),
            Line::from(""),
            Line::from(
                "本验收尚未定稿。在结果页按 F 定稿（F9 确认）后，专家组成员在这里各自用本人的私钥和口令签名；不同意结论的专家签署书面不同意见。回避的专家不签名。",
            ),
            Line::from(""),
            Line::from("至少一位专家签名后，按 e 导出验收包，交技术依托单位导入和汇总。"),
        ];
        frame.render_widget(
            wrapped(lines, area, 2).block(Block::default().borders(Borders::ALL).title(" 签名与导出 ")),
            area,
        );
        return;
    };
    let n = d.experts.len();
    let bottom = (area.height / 3).max(6).min(area.height.saturating_sub(4));
    let [top, detail] = Layout::vertical([Constraint::Min(4), Constraint::Length(bottom)]).areas(area);
    let rows: Vec<Row> = state
        .signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let color = match s.status {
                SignStatus::Signed => Color::Green,
                SignStatus::Dissented => Color::Magenta,
                SignStatus::Missing => Color::Yellow,
                SignStatus::Recused => Color::DarkGray,
            };
            let style = if i == v.sign_sel { sel_style() } else { Style::default().fg(color) };
            let at = s.signed_at.as_deref().map(|t| t.get(..16).unwrap_or(t).replace('T', " ")).unwrap_or_default();
            Row::new(vec![
                Cell::from(s.expert.clone()),
                Cell::from(s.status.label()),
                Cell::from(s.key_id.clone().unwrap_or_default()),
                Cell::from(at),
            ])
            .style(style)
        })
        .collect();
    let header =
        Row::new(["专家", "状态", "密钥", "签名时间"]).style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
    let widths = [Constraint::Length(10), Constraint::Length(10), Constraint::Length(16), Constraint::Min(16)];
    let count = |st: SignStatus| state.signers.iter().filter(|s| s.status == st).count();
    let title = format!(
        " 第 {} 版 · 校验码 {} · 已签 {} 人，不同意见 {} 人 ",
        state.revision,
        state.short_hash(),
        count(SignStatus::Signed),
        count(SignStatus::Dissented)
    );
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .block(Block::default().borders(Borders::ALL).title(title)),
        top,
    );
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = &state.error {
        lines.push(Line::from(Span::styled(e.clone(), Style::default().fg(Color::Red))));
    }
    if let Some(s) = state.signers.get(v.sign_sel.min(n.saturating_sub(1))) {
        match s.status {
            SignStatus::Dissented => {
                lines.push(Line::from(Span::styled(
                    format!("{} 的不同意见（个人书面意见）：", s.expert),
                    Style::default().fg(Color::Magenta),
                )));
                lines.extend(text_lines(s.dissent.as_deref().unwrap_or("")));
            }
            SignStatus::Signed => lines.push(Line::from(format!("{} 已签署本版本验收结果。", s.expert))),
            SignStatus::Recused => lines.push(Line::from(format!("{} 已回避，不签名。", s.expert))),
            SignStatus::Missing => lines.push(Line::from(format!(
                "{} 尚未签名：按 s 签名，或按 d 签署不同意见（各用本人的私钥和口令）。",
                s.expert
            ))),
        }
    }
    if let Some(draw) = &state.draw {
        lines.push(Line::from(Span::styled(draw.clone(), Style::default().fg(ACCENT))));
    }
    // A review on rules has no scores: what the panel found is signed instead.
    let entries = match v.r.card.kind {
        CardKind::Sheet => "评分",
        CardKind::Rules => "认定",
    };
    let stage = v.r.card.stage_label();
    lines.push(Line::from(Span::styled(
        format!(
            "签名针对本版本的全部{entries}、否决项和{stage}意见；校验码与纸质{stage}意见上印的一致。签名后按 e 导出验收包。"
        ),
        Style::default().fg(Color::DarkGray),
    )));
    frame.render_widget(wrapped(lines, detail, 0).block(Block::default().borders(Borders::TOP)), detail);
}
