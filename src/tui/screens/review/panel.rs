//! Page 1, the panel (专家组): the experts, their recusals and the sign-in list, with the province's panel rules.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::domain::explain::Explain;
use crate::domain::refusal::Blocker;
use crate::domain::review::{Role, panel_findings};
use crate::domain::scorecard::Level;
use crate::tui::action::{Action, Ask, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::screens::review::state::{ReviewView, locked_message};
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::wrapped;

type K = Binding<ReviewView, Action>;

fn open(v: &ReviewView) -> bool {
    !v.locked()
}

/// The selected expert's id and name, if the panel has any.
fn selected(v: &ReviewView) -> Option<(i64, String)> {
    v.r.data.experts.get(v.panel_sel).map(|e| (e.id, e.name.clone()))
}

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review panel",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |v, k| {
            if k.code == KeyCode::Up {
                v.panel_sel = v.panel_sel.saturating_sub(1);
            } else if v.panel_sel + 1 < v.r.data.experts.len() {
                v.panel_sel += 1;
            }
            Done::Changed
        })
        .hint_when(ReviewView::locked)
        .label("↑↓ 选择"),
        K::new(&[ch('a')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            Done::Act(Action::Open(Open::Expert(None)))
        })
        .hint_when(open)
        .label("a 添加"),
        // (Enter opens the dialog even on a finalized review, where the store refuses the change.)
        K::new(&[ch('e'), code(KeyCode::Enter)], |v, k| match selected(v) {
            None => Done::Ignored,
            Some(_) if v.locked() && k.code != KeyCode::Enter => locked_message(),
            Some((id, _)) => Done::Act(Action::Open(Open::Expert(Some(id)))),
        })
        .hint_when(open)
        .label("e 修改"),
        K::new(&[ch('l')], |v, _| match selected(v) {
            None => Done::Ignored,
            Some(_) if v.locked() => locked_message(),
            Some((id, _)) => Done::Act(Action::SetLead(id)),
        })
        .hint_when(open)
        .hint("l 组长")
        .help("l 设为组长"),
        K::new(&[ch('x')], |v, _| match selected(v) {
            None => Done::Ignored,
            Some(_) if v.locked() => locked_message(),
            Some((id, name)) if v.r.data.is_recused(id) => {
                Done::Act(Action::Status(format!("{name} 已回避"), StatusKind::Info))
            }
            Some((id, _)) => Done::Act(Action::Open(Open::Recuse(id))),
        })
        .hint_when(open)
        .hint("x 回避")
        .help("x 记录回避"),
        K::new(&[ch('i')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            Done::Act(Action::Open(Open::SignIn))
        })
        .hint_when(open)
        .hint("i 签到")
        .help("i 签到表"),
        K::new(&[code(KeyCode::Delete)], |v, _| match selected(v) {
            None => Done::Ignored,
            Some(_) if v.locked() => locked_message(),
            Some((id, _)) => Done::Act(Action::Open(Open::Confirm(Ask::RemoveExpert(id)))),
        })
        .help("Del 移除误加的专家"),
        K::new(&[ch('p')], |_, _| Done::Act(Action::Open(Open::Sheets)))
            .help("p 各专家的个人表：谁已交、谁未交；收齐后各条目的分歧"),
    ],
};

pub static HELP: &[HelpRow] = &[HelpRow::keys(0, "  专家组：", "")];

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let findings = panel_findings(d, &v.r.card, &v.r.rules);
    let rules: Vec<_> = v.r.rules.iter().flat_map(|p| p.panel_rules_for(&v.r.card.id).map(move |r| (p, r))).collect();
    let bottom = (findings.len() + rules.len() + 2).min(area.height as usize / 2) as u16;
    let [top, warn] = Layout::vertical([Constraint::Min(3), Constraint::Length(bottom)]).areas(area);
    let scored = v.r.card.scored_items().count();
    let rows: Vec<Row> = d
        .experts
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let state = if d.is_recused(e.id) {
                "回避".to_string()
            } else {
                format!("已评 {}/{scored}", d.scores.iter().filter(|s| s.expert_id == e.id).count())
            };
            let style = if i == v.panel_sel {
                sel_style()
            } else if d.is_recused(e.id) {
                Style::default().fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT)
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(e.name.clone()),
                Cell::from(if e.role == Role::Lead { "组长" } else { "成员" }),
                Cell::from(e.field.clone()),
                Cell::from(e.unit.clone()),
                Cell::from(e.title.clone()),
                Cell::from(state),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new(["姓名", "角色", "专业", "单位", "职称", "状态"])
        .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(8),
        Constraint::Length(4),
        Constraint::Length(8),
        Constraint::Min(12),
        Constraint::Length(12),
        Constraint::Length(10),
    ];
    let b = Block::default().borders(Borders::ALL).title(format!(
        " 专家组（{} 人，回避 {} 人） ",
        d.experts.len(),
        d.recusals.len()
    ));
    if d.experts.is_empty() {
        frame.render_widget(Paragraph::new("还没有专家。按 a 添加专家，按 l 指定组长，按 x 记录回避。").block(b), top);
    } else {
        frame.render_widget(Table::new(rows, widths).header(header).block(b), top);
    }
    let mut lines: Vec<Line> = findings
        .iter()
        .map(|f| {
            let color = if f.level == Level::Must { Color::Red } else { Color::Yellow };
            Line::from(Span::styled(format!("! {}（{}）", f.message, f.source), Style::default().fg(color)))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for (p, r) in rules {
        if !seen.insert((r.text.clone(), r.source)) {
            continue;
        }
        let level = if r.level == Level::Must { "必须" } else { "应" };
        lines.push(Line::from(Span::styled(
            format!("· [{level}] {}（{} {}）", r.text, p.province, r.source),
            Style::default().fg(Color::DarkGray),
        )));
    }
    if d.scoring_experts().next().is_none() {
        // An empty panel meets no rule: say so, and what the rules listed below need.
        let need = if lines.is_empty() { "本省文件对专家组未作规定" } else { "本省规定见下" };
        let empty = format!("✗ {}：按 a 添加专家；{need}", Blocker::NoScoringExpert.zh());
        lines.insert(0, Line::from(Span::styled(empty, Style::default().fg(Color::Red))));
    } else if findings.is_empty() {
        lines.insert(0, Line::from(Span::styled("✓ 专家组符合本省规定", Style::default().fg(Color::Green))));
    }
    frame.render_widget(
        wrapped(lines, warn, 0).block(Block::default().borders(Borders::TOP).title(" 本省专家组规则 ")),
        warn,
    );
}
