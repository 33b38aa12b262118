//! Drawing a case's panel from the pool: pick the case (↑↓), see who is excluded and why and everyone's exact chance
//! BEFORE anything is drawn, set the panel's size where the province prints none (recorded as the unit's
//! choice; `]` or `+` one more, `[` or `-` one less) and the reserves (`r`), then F9 draws: the draw is recorded with its seed before the names are shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::pool::record::{DrawRecordV1, Preview};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::wrap::{fit, wrap_lines};

/// A case the panel can be drawn for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseChoice {
    pub id: i64,
    pub province: String,
    pub enterprise: String,
    /// How many draws the case has already (a re-draw is a second record).
    pub draws: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawView {
    pub cases: Vec<CaseChoice>,
    pub selected: usize,
    /// The panel's size the unit chose; `None`: the province's.
    pub size: Option<u32>,
    pub reserves: u32,
    /// Who is excluded and the chances for the selected case, or why it cannot be shown.
    pub preview: Option<Result<Preview, String>>,
    /// The draw just made, with its id.
    pub drawn: Option<(i64, DrawRecordV1)>,
}

impl DrawView {
    pub fn case(&self) -> Option<&CaseChoice> {
        self.cases.get(self.selected.min(self.cases.len().saturating_sub(1)))
    }

    fn preview_action(&self) -> Done<Action> {
        match self.case() {
            Some(c) => Done::Act(Action::PreviewDraw { case: c.id, size: self.size, reserves: self.reserves }),
            None => Done::Ignored,
        }
    }
}

fn has_case(d: &DrawView) -> bool {
    !d.cases.is_empty()
}

fn can_draw(d: &DrawView) -> bool {
    matches!(&d.preview, Some(Ok(p)) if p.fits.is_ok())
}

type K = Binding<DrawView, Action>;

pub static KEYS: Keymap<DrawView, Action> = Keymap {
    name: "draw",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |d, k| {
            d.selected = if k.code == KeyCode::Up {
                d.selected.saturating_sub(1)
            } else {
                (d.selected + 1).min(d.cases.len().saturating_sub(1))
            };
            d.drawn = None;
            d.preview_action()
        })
        .when(has_case)
        .label("↑↓ 选择案件"),
        K::new(&[ch(']'), ch('+'), ch('['), ch('-')], |d, k| {
            let n = d.size.unwrap_or(0);
            d.size = if matches!(k.code, KeyCode::Char('[') | KeyCode::Char('-')) {
                n.checked_sub(1).filter(|n| *n > 0)
            } else {
                Some(n + 1)
            };
            d.drawn = None;
            d.preview_action()
        })
        .when(has_case)
        .label("[ ] 人数")
        .line(1),
        K::new(&[ch('r')], |d, _| {
            d.reserves = (d.reserves + 1) % 6;
            d.drawn = None;
            d.preview_action()
        })
        .when(has_case)
        .label("r 候补人数")
        .line(1),
        K::new(&[code(KeyCode::F(9))], |d, _| match d.case() {
            Some(c) => Done::Act(Action::DrawPanel { case: c.id, size: d.size, reserves: d.reserves }),
            None => Done::Ignored,
        })
        .when(can_draw)
        .hint("F9 抽取")
        .help("F9 抽取：先记录（含随机种子）再显示名单；重新抽取会留下第二条记录")
        .line(2),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).hint("? 帮助"),
        K::new(&[code(KeyCode::Esc), ch('q')], |_, _| Done::Act(Action::OpenPool))
            .hint("Esc 返回")
            .help("Esc 返回专家库")
            .line(3),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("抽取专家"),
    HelpRow::keys(0, "  ", ""),
    HelpRow::keys(1, "  ", ""),
    HelpRow::text("    省级文件未规定人数、候补时，由技术依托单位确定，记录中注明“技术依托单位的选择”"),
    HelpRow::keys(2, "  ", ""),
    HelpRow::keys(3, "  ", ""),
];

fn seat_line(d: &DrawRecordV1) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        "抽取结果（已记录）",
        Style::default().fg(Color::Green).add_modifier(Modifier::BOLD),
    ))];
    for (i, s) in d.seats.iter().enumerate() {
        lines.push(Line::from(format!("  {}. {}（{}）  {}", i + 1, s.name, s.unit, s.seat)));
    }
    if !d.reserves.is_empty() {
        lines.push(Line::from(format!("  候补（依次）：{}", d.reserves.join("、"))));
    }
    lines.push(Line::from(format!("  种子 {}…  专家库 sha256 {}…", &d.seed[..16], &d.pool_sha256[..16])));
    lines
}

pub fn render(frame: &mut Frame, d: &DrawView, area: Rect) {
    let list_h = (d.cases.len() as u16 + 2).clamp(3, 7);
    let [cases, body] = Layout::vertical([Constraint::Length(list_h), Constraint::Min(3)]).areas(area);
    let w = cases.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if d.cases.is_empty() {
        lines.push(Line::from("还没有案件：先用 yanshou case new 建立案件，再为它抽取专家。"));
    }
    let sel = d.selected.min(d.cases.len().saturating_sub(1));
    let start = sel.saturating_sub((list_h as usize).saturating_sub(3));
    for (i, c) in d.cases.iter().enumerate().skip(start).take(list_h as usize - 2) {
        let again = if c.draws > 0 { format!("  已抽取 {} 次", c.draws) } else { String::new() };
        let text = fit(&format!("案件 {}  {}  {}{again}", c.id, c.province, c.enterprise), w);
        lines.push(Line::from(Span::styled(text, if i == sel { sel_style() } else { Style::default() })));
    }
    frame.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" 案件 ")), cases);

    let size = match d.size {
        Some(n) => format!("{n} 人（技术依托单位选择）"),
        None => "按省级规定".into(),
    };
    let title = format!(" 人数：{size}  候补：{} 人 ", d.reserves);
    let block = Block::default().borders(Borders::ALL).title(title);
    let w = body.width.saturating_sub(2) as usize;
    let mut out: Vec<Line<'static>> = Vec::new();
    if let Some((_, rec)) = &d.drawn {
        out.extend(seat_line(rec));
    }
    match &d.preview {
        None => {}
        Some(Err(why)) => out.push(Line::from(Span::styled(why.clone(), Style::default().fg(Color::Red)))),
        Some(Ok(p)) => {
            if let Err(e) = &p.fits {
                out.push(Line::from(Span::styled(
                    crate::domain::explain::Explain::zh(e),
                    Style::default().fg(Color::Red),
                )));
            }
            out.push(Line::from(Span::styled(
                format!("抽取前排除 {} 人：", p.excluded.len()),
                Style::default().fg(ACCENT),
            )));
            for e in &p.excluded {
                out.push(Line::from(format!("  {}（{}）：{}（{}）", e.name, e.unit, e.reason, e.source)));
            }
            out.push(Line::from(Span::styled(
                format!("可抽取 {} 人，入选概率（精确）：", p.chances.len()),
                Style::default().fg(ACCENT),
            )));
            for c in &p.chances {
                out.push(Line::from(format!("  {}（{}） {}  {}", c.name, c.unit, c.panel, c.panel_percent)));
            }
        }
    }
    frame.render_widget(Paragraph::new(wrap_lines(out, w)).block(block), body);
}
