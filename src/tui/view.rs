//! Rendering: the frame's chrome (title, status line, key hints) and each screen as a view over the `App`: the review
//! list, the new-review form, a review's six pages (the last one for signing and export) and the support unit's
//! screen of imports, quarantine and compilation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Tabs};
use unicode_width::UnicodeWidthStr;

use crate::bundle::SignStatus;
use crate::domain::credit_code;
use crate::domain::review::{Answer, Role, Status, finalize_blockers, panel_findings};
use crate::domain::scorecard::{Level, VetoTrigger};
use crate::tui::app::{App, F_CODE, NewReviewForm, ReviewView, Screen, StatusKind, Tab, UnitView};
use crate::tui::modal::{self, Modal, OPINION_FIELDS};

const ACCENT: Color = Color::Cyan;

fn sel_style() -> Style {
    Style::default().fg(Color::Black).bg(Color::Cyan)
}

/// Cuts `s` to `width` display columns, ending with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Wraps styled lines to `width` display columns, breaking between characters (as Chinese text is broken) and at
/// newlines. ratatui's own wrapping can let a double-width character overhang the last column.
pub fn wrap_lines(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(2);
    let mut out = Vec::new();
    for line in lines {
        let line_style = line.style;
        let mut cur: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            let style = span.style;
            let mut buf = String::new();
            for c in span.content.chars() {
                if c == '\n' {
                    cur.push(Span::styled(std::mem::take(&mut buf), style));
                    out.push(Line::from(std::mem::take(&mut cur)).style(line_style));
                    used = 0;
                    continue;
                }
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w > width && used > 0 {
                    cur.push(Span::styled(std::mem::take(&mut buf), style));
                    out.push(Line::from(std::mem::take(&mut cur)).style(line_style));
                    used = 0;
                }
                buf.push(c);
                used += w;
            }
            if !buf.is_empty() {
                cur.push(Span::styled(buf, style));
            }
        }
        out.push(Line::from(cur).style(line_style));
    }
    out
}

/// Plain text (with newlines) as lines.
pub fn text_lines(s: &str) -> Vec<Line<'static>> {
    s.split('\n').map(|l| Line::from(l.to_string())).collect()
}

/// A paragraph of lines wrapped to the width of `area` less `inset` columns (2 for a bordered block).
pub fn wrapped(lines: Vec<Line<'static>>, area: Rect, inset: u16) -> Paragraph<'static> {
    Paragraph::new(wrap_lines(lines, area.width.saturating_sub(inset) as usize))
}

pub fn render(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    let [title, body, status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    let context = match &app.screen {
        Screen::Home => "验收列表".to_string(),
        Screen::NewReview(_) => "新建验收".to_string(),
        Screen::Review(v) => format!("{} · {} · {}", v.r.data.enterprise.name, v.r.card.title, v.r.data.status.label()),
        Screen::Unit(_) => "技术依托单位：导入、核验与汇总".to_string(),
    };
    let title_text = fit(&format!(" yanshou 清洁生产审核验收 │ {context}"), area.width as usize);
    frame.render_widget(
        Paragraph::new(title_text)
            .style(Style::default().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD)),
        title,
    );

    match &app.screen {
        Screen::Home => home(frame, app, body),
        Screen::NewReview(_) => new_review(frame, app, body),
        Screen::Review(_) => review(frame, app, body),
        Screen::Unit(u) => unit(frame, u, body),
    }

    // Status line: what was just saved (or why not), and where the data lives.
    let (text, kind) = &app.status;
    let style = match kind {
        StatusKind::Saved => Style::default().fg(Color::Green),
        StatusKind::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        StatusKind::Info => Style::default().fg(Color::Yellow),
    };
    let dir = format!("数据：{}", app.data_dir.display());
    let room = (status.width as usize).saturating_sub(dir.width() + 2);
    let msg = if text.is_empty() { "每项修改即时保存".to_string() } else { text.clone() };
    // A message that does not fit beside the data directory takes the whole line: it is what the panel must read.
    let line = if room >= 20 && msg.width() <= room {
        let msg = fit(&msg, room);
        let pad = (status.width as usize).saturating_sub(msg.width() + dir.width() + 1);
        Line::from(vec![
            Span::styled(msg, style),
            Span::raw(" ".repeat(pad)),
            Span::styled(dir, Style::default().fg(Color::DarkGray)),
        ])
    } else {
        Line::from(Span::styled(fit(&msg, status.width as usize), style))
    };
    frame.render_widget(Paragraph::new(line), status);
    frame.render_widget(
        Paragraph::new(fit(&hint_text(app), hints.width as usize))
            .style(Style::default().fg(Color::Black).bg(Color::Gray)),
        hints,
    );

    if let Some(m) = &mut app.modal {
        modal::render(frame, m, body);
    }
    if app.help {
        help(frame, app, body);
    }
    mend_wide_chars(frame.buffer_mut());
}

/// A wide character whose right half was drawn over (a dialog's left border over Chinese text on the page) would hide
/// that border on the terminal, which skips the cell behind a wide character: it becomes a space.
fn mend_wide_chars(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right().saturating_sub(1) {
            if buf[(x, y)].symbol().width() > 1 && buf[(x + 1, y)].symbol() != " " {
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
}

/// Only the keys that work here.
fn hint_text(app: &App) -> String {
    if app.help {
        return " Esc/? 关闭帮助".into();
    }
    if let Some(m) = &app.modal {
        return match m {
            Modal::Score(_) => " Enter 确定分数 · Tab 换栏 · Ctrl+S 保存 · Esc 取消".into(),
            Modal::Confirm(_) => " F9 确认 · Esc 取消".into(),
            Modal::Picker(_) => " 输入筛选 · ↑↓ 选择 · Enter 确定 · Esc 取消".into(),
            Modal::Jump(_) => " 输入条目编号 · Enter 跳转 · Esc 取消".into(),
            Modal::Facts(_) | Modal::Bonuses(_) | Modal::Weights(_) => " ↑↓ 选择 · Enter 保存此项 · Esc 关闭".into(),
            Modal::SignIn(_) => " Tab 换栏 · Ctrl+S 添加 · 列表中 Del 删除 · Esc 关闭".into(),
            Modal::Sign(_) => " Tab 换栏 · Ctrl+S 签名（Enter 不会签名） · Esc 取消".into(),
            Modal::Path(f) => match f.kind {
                modal::PathKind::Export => " Ctrl+S 导出 · Esc 取消".into(),
                modal::PathKind::Import => " Ctrl+S 导入 · Esc 取消".into(),
                modal::PathKind::Compile => " Ctrl+S 写出汇总 · Esc 取消".into(),
            },
            Modal::Report(_) => " Enter/Esc 关闭".into(),
            _ => " Tab 换栏 · Ctrl+S 保存 · Esc 取消".into(),
        };
    }
    match &app.screen {
        Screen::Home if app.home.filtering => " 输入筛选 · Enter 完成 · Esc 清除".into(),
        Screen::Home if app.home.rows.is_empty() => " n 新建验收 · d 载入示例 · u 单位汇总 · ? 帮助 · q 退出".into(),
        Screen::Home => " Enter 打开 · n 新建 · / 筛选 · r 重开 · d 示例 · u 单位汇总 · ? 帮助 · q 退出".into(),
        Screen::NewReview(_) => " Tab/↑↓ 换栏 · Enter 下一栏 · Ctrl+S 创建 · Esc 返回".into(),
        Screen::Review(v) => {
            let locked = v.r.data.status == Status::Finalized;
            let tab = match v.tab {
                Tab::Panel if locked => "↑↓ 选择",
                Tab::Panel => "a 添加 · e 修改 · l 组长 · x 回避 · i 签到",
                Tab::Scoring if locked => "↑↓ 条目 · ←→ 专家 · g 跳转",
                Tab::Scoring => "↑↓ 条目 · ←→ 专家 · 数字/Enter 评分 · r 原因 · c 清除 · g 跳转 · f 事实 · b 加分",
                Tab::Vetoes if locked => "↑↓ 选择",
                Tab::Vetoes => "↑↓ 选择 · y 是（须写依据） · n 否",
                Tab::Opinion if locked => "↑↓ 选择",
                Tab::Opinion => "↑↓ 选择 · Enter 编辑 · g 生成草稿",
                Tab::Result if locked => "R 重新打开",
                Tab::Result => "F 定稿",
                Tab::Sign if v.sign.is_none() => "定稿后才能签名",
                Tab::Sign => "↑↓ 选择 · s 签名 · d 不同意见 · e 导出",
            };
            format!(" {tab} · Tab 换页 · ? 帮助 · Esc 返回")
        }
        Screen::Unit(_) => " ↑↓ 选择 · Tab 换栏 · i 导入 · c 汇总导出 · ? 帮助 · Esc 返回".into(),
    }
}

fn home(frame: &mut Frame, app: &mut App, area: Rect) {
    if app.home.rows.is_empty() {
        let text = vec![
            Line::from(Span::styled(
                "欢迎使用 yanshou 清洁生产审核验收",
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Line::from(""),
            Line::from("本机还没有验收记录。所有修改即时保存在本机数据库中，无需联网，也无需“保存”。"),
            Line::from(""),
            Line::from(vec![
                Span::styled(" n ", sel_style()),
                Span::raw(" 新建一次验收：填写企业信息，选择本省评分表，然后录入专家组。"),
            ]),
            Line::from(vec![
                Span::styled(" d ", sel_style()),
                Span::raw(" 载入一个完整的示例验收，先看看评分、否决项、验收意见和结果各页。"),
            ]),
            Line::from(vec![
                Span::styled(" u ", sel_style()),
                Span::raw(" 技术依托单位：导入专家组的验收包，核验签名，汇总导出。"),
            ]),
            Line::from(vec![Span::styled(" ? ", sel_style()), Span::raw(" 随时查看当前页面可用的按键。")]),
            Line::from(""),
            Line::from(format!(
                "内置评分表 {} 份，省级规则 {} 份。",
                app.catalog.scorecards.len(),
                app.catalog.provinces.len()
            )),
        ];
        let b = Block::default().borders(Borders::ALL).title(" 开始 ");
        frame.render_widget(wrapped(text, area, 2).block(b), area);
        return;
    }
    let [filter, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let [label, input] = Layout::horizontal([Constraint::Length(8), Constraint::Min(1)]).areas(filter);
    frame.render_widget(Paragraph::new(Span::styled(" 筛选：", Style::default().fg(ACCENT))), label);
    let filter_text = app.home.filter.clone();
    if app.home.filtering || !filter_text.text().is_empty() {
        filter_text.render(frame, input, app.home.filtering, Style::default().add_modifier(Modifier::UNDERLINED));
    } else {
        frame.render_widget(
            Paragraph::new(Span::styled("按 / 输入企业、评分表、日期或状态", Style::default().fg(Color::DarkGray))),
            input,
        );
    }
    let visible: Vec<_> = app.home.visible().into_iter().cloned().collect();
    let height = table_area.height.saturating_sub(1) as usize;
    let sel = app.home.selected.min(visible.len().saturating_sub(1));
    let start = sel.saturating_sub(height.saturating_sub(1));
    let mut rows = Vec::new();
    for (i, r) in visible.iter().enumerate().skip(start).take(height) {
        let (total, grade, _) = app.summary(r.id);
        let sheet = app
            .catalog
            .scorecard(&r.scorecard)
            .map(|c| format!("{}{}", c.province, c.stage.label()))
            .unwrap_or_else(|| r.scorecard.clone());
        let style = if i == sel { sel_style() } else { Style::default() };
        rows.push(
            Row::new(vec![
                Cell::from(r.id.to_string()),
                Cell::from(r.date.clone()),
                Cell::from(r.enterprise.clone()),
                Cell::from(sheet),
                Cell::from(r.status.label()),
                Cell::from(total),
                Cell::from(grade),
            ])
            .style(style),
        );
    }
    let header = Row::new(["ID", "日期", "企业", "评分表", "状态", "总分", "等级"])
        .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Min(16),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(8),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), table_area);
    if visible.is_empty() {
        let r = Rect::new(table_area.x, table_area.y + 1, table_area.width, 1);
        frame.render_widget(Paragraph::new("没有符合筛选条件的验收"), r);
    }
}

fn new_review(frame: &mut Frame, app: &mut App, area: Rect) {
    let Screen::NewReview(f) = &app.screen else { return };
    let b = Block::default().borders(Borders::ALL).title(" 新建验收 ");
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let n = f.rows();
    let mut constraints = vec![Constraint::Length(1); n + 2];
    constraints.push(Constraint::Min(0));
    let rows = Layout::vertical(constraints).split(inner);
    let mut messages = Vec::new();
    for (i, (name, input)) in f.fields.iter().enumerate() {
        let [l, v, mark] =
            Layout::horizontal([Constraint::Length(18), Constraint::Length(40), Constraint::Min(0)]).areas(rows[i]);
        frame.render_widget(Paragraph::new(label(name, f.focus == i)), l);
        input.render(frame, v, f.focus == i, Style::default().add_modifier(Modifier::UNDERLINED));
        if let Some((ok, m)) = field_message(f, i) {
            let (sym, color) = if ok { ("✓", Color::Green) } else { ("✗", Color::Red) };
            frame.render_widget(Paragraph::new(Span::styled(format!(" {sym}"), Style::default().fg(color))), mark);
            if !ok {
                messages.push(Line::from(Span::styled(format!("{name}：{m}"), Style::default().fg(Color::Red))));
            }
        }
    }
    if let Some(area) = rows.get(n + 1) {
        let msg_area = Rect::new(area.x, area.y, area.width, inner.height.saturating_sub(area.y - inner.y));
        frame.render_widget(wrapped(messages, msg_area, 0), msg_area);
    }
    let sheet = f
        .scorecard
        .as_ref()
        .and_then(|id| app.catalog.scorecard(id))
        .map(|c| {
            let pass = c
                .pass_mark()
                .map(|g| format!("合格线：总分{}{}分", g.op.label(), g.score))
                .unwrap_or_else(|| "本表未印合格线".into());
            format!("{} {}（{}）{pass}", c.province, c.title, c.stage.label())
        })
        .unwrap_or_else(|| "（按 Enter 选择）".into());
    let [l, v] = Layout::horizontal([Constraint::Length(18), Constraint::Min(1)]).areas(rows[f.sheet_row()]);
    frame.render_widget(Paragraph::new(label("评分表", f.focus == f.sheet_row())), l);
    frame.render_widget(Paragraph::new(fit(&sheet, v.width as usize)), v);
    let track = match f.track {
        None => "按评分表",
        Some(crate::domain::scorecard::Track::Voluntary) => "自愿审核",
        Some(_) => "强制审核",
    };
    let [l, v] = Layout::horizontal([Constraint::Length(18), Constraint::Min(1)]).areas(rows[f.track_row()]);
    frame.render_widget(Paragraph::new(label("审核类别", f.focus == f.track_row())), l);
    frame.render_widget(Paragraph::new(format!("{track}（空格切换）")), v);
    let button_style = if f.focus == f.button_row() { sel_style() } else { Style::default().fg(Color::Green) };
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::raw("                  "), Span::styled(" 创建验收 ", button_style)])),
        rows[f.button_row()],
    );
}

fn label(text: &str, focused: bool) -> Line<'static> {
    let style = if focused { Style::default().fg(Color::Black).bg(Color::Yellow) } else { Style::default().fg(ACCENT) };
    Line::from(Span::styled(format!("{text}："), style))
}

/// Validation as you type: (valid, message).
fn field_message(f: &NewReviewForm, i: usize) -> Option<(bool, String)> {
    let t = f.fields[i].1.text().trim();
    if i == F_CODE && !t.is_empty() {
        return Some(match credit_code::validate(t) {
            Ok(_) => (true, "校验通过".into()),
            Err(e) => (false, e.to_string()),
        });
    }
    if i == crate::tui::app::F_DATE && !t.is_empty() {
        return Some(match modal::check_date("", t) {
            Ok(_) => (true, String::new()),
            Err(e) => (false, e),
        });
    }
    None
}

fn review(frame: &mut Frame, app: &mut App, area: Rect) {
    let Screen::Review(v) = &mut app.screen else { return };
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let titles: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
    let index = Tab::ALL.iter().position(|t| *t == v.tab).unwrap_or(0);
    frame.render_widget(Tabs::new(titles).select(index).highlight_style(sel_style()).divider("│"), tabs);
    match v.tab {
        Tab::Panel => panel(frame, v, body),
        Tab::Scoring => scoring(frame, v, body),
        Tab::Vetoes => vetoes(frame, v, body),
        Tab::Opinion => opinion(frame, v, body),
        Tab::Result => result(frame, v, body),
        Tab::Sign => sign(frame, v, body),
    }
}

fn sign(frame: &mut Frame, v: &ReviewView, area: Rect) {
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
    lines.push(Line::from(Span::styled(
        "签名针对本版本的全部评分、否决项和验收意见；校验码与纸质验收意见上印的一致。签名后按 e 导出验收包。",
        Style::default().fg(Color::DarkGray),
    )));
    frame.render_widget(wrapped(lines, detail, 0).block(Block::default().borders(Borders::TOP)), detail);
}

fn unit(frame: &mut Frame, u: &UnitView, area: Rect) {
    let (trust_text, trust_style) = match &u.trust {
        Ok(t) => (t.clone(), Style::default().fg(Color::Green)),
        Err(e) => (e.clone(), Style::default().fg(Color::Yellow)),
    };
    let trust = wrap_lines(vec![Line::from(Span::styled(trust_text, trust_style))], area.width as usize);
    let head_h = (trust.len() as u16).min(3);
    let q_h = if u.quarantine.is_empty() { 3 } else { (area.height.saturating_sub(head_h) * 2 / 5).max(5) };
    let [head, list, quarantine] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(4), Constraint::Length(q_h)]).areas(area);
    frame.render_widget(Paragraph::new(trust), head);

    let focus_style = |on: bool| if on { Style::default().fg(Color::Yellow) } else { Style::default() };
    let superseded = u.rows.iter().filter(|r| r.superseded).count();
    let title = if superseded > 0 {
        format!(" 已导入的验收（{} 份，其中 {superseded} 份已被新版本取代） ", u.rows.len())
    } else {
        format!(" 已导入的验收（{} 份） ", u.rows.len())
    };
    let b = Block::default().borders(Borders::ALL).border_style(focus_style(u.focus == 0)).title(title);
    if u.rows.is_empty() {
        let text =
            vec![Line::from("还没有导入验收。按 i 导入专家组导出的验收包（U 盘上的目录，或包含多个验收包的文件夹）。")];
        frame.render_widget(wrapped(text, list, 2).block(b), list);
    } else {
        let height = list.height.saturating_sub(3) as usize;
        let sel = u.selected.min(u.rows.len() - 1);
        let start = sel.saturating_sub(height.saturating_sub(1));
        let rows: Vec<Row> = u
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(height)
            .map(|(i, r)| {
                let style = if i == sel && u.focus == 0 {
                    sel_style()
                } else if r.superseded {
                    Style::default().fg(Color::DarkGray)
                } else {
                    Style::default()
                };
                Row::new(vec![
                    Cell::from(r.enterprise.clone()),
                    Cell::from(r.province.clone()),
                    Cell::from(fit(&r.sheet, 10)),
                    Cell::from(r.date.clone()),
                    Cell::from(r.revision.to_string()),
                    Cell::from(r.total.clone()),
                    Cell::from(r.grade.clone()),
                    Cell::from(r.signatures.clone()),
                    Cell::from(if r.superseded { "已取代" } else { "当前" }),
                ])
                .style(style)
            })
            .collect();
        let header = Row::new(["企业", "省份", "评分表", "日期", "版", "总分", "等级", "签名", "状态"])
            .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
        let widths = [
            Constraint::Min(12),
            Constraint::Length(4),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(2),
            Constraint::Length(6),
            Constraint::Length(4),
            Constraint::Length(13),
            Constraint::Length(6),
        ];
        frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1).block(b), list);
    }

    let b = Block::default()
        .borders(Borders::ALL)
        .border_style(focus_style(u.focus == 1))
        .title(format!(" 隔离区（{} 份：未通过核验，未导入） ", u.quarantine.len()));
    let inner_w = quarantine.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let sel = u.q_selected.min(u.quarantine.len().saturating_sub(1));
    for (i, q) in u.quarantine.iter().enumerate().skip(sel) {
        let style = if i == sel && u.focus == 1 { sel_style() } else { Style::default() };
        lines
            .extend(wrap_lines(vec![Line::from(Span::styled(format!("隔离 {}：{}", q.id, q.source), style))], inner_w));
        lines.extend(wrap_lines(
            vec![Line::from(Span::styled(format!("  原因：{}", q.reason), Style::default().fg(Color::Red)))],
            inner_w,
        ));
    }
    if u.quarantine.is_empty() {
        lines.push(Line::from(Span::styled("隔离区为空", Style::default().fg(Color::DarkGray))));
    }
    frame.render_widget(Paragraph::new(lines).block(b), quarantine);
}

fn panel(frame: &mut Frame, v: &ReviewView, area: Rect) {
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
    if findings.is_empty() {
        lines.insert(0, Line::from(Span::styled("✓ 专家组符合本省规定", Style::default().fg(Color::Green))));
    }
    frame.render_widget(
        wrapped(lines, warn, 0).block(Block::default().borders(Borders::TOP).title(" 本省专家组规则 ")),
        warn,
    );
}

/// True when the experts disagree widely on an item: a spread of at least 30 % of its points.
fn disagrees(spread: crate::domain::points::Points, max: crate::domain::points::Points) -> bool {
    max.tenths() > 0 && spread.tenths() * 10 >= max.tenths() * 3 && spread.tenths() > 0
}

fn scoring(frame: &mut Frame, v: &mut ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    let experts = v.scoring_experts();
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let settled = crate::domain::scoring::settled_items(card, &d.evaluation_input(card));
    let head_line = match v.current_expert().and_then(|e| d.expert(e)) {
        Some(e) => {
            let done =
                card.scored_items().filter(|i| d.score(e.id, &i.id).is_some() || settled.contains_key(&i.id)).count();
            let sum: i64 = card
                .scored_items()
                .map(|i| {
                    settled
                        .get(&i.id)
                        .map(|p| p.tenths())
                        .or_else(|| d.score(e.id, &i.id).map(|s| s.points.tenths()))
                        .unwrap_or(0)
                })
                .sum();
            let avg = v.eval.as_ref().map(|x| format!(" · 专家组平均 {}", x.total.display())).unwrap_or_default();
            Line::from(vec![
                Span::raw("评分专家 "),
                Span::styled(format!("◀ {} ▶", e.name), sel_style()),
                Span::raw(format!(
                    " ({}/{}) · 已评 {done}/{} · 小计 {}{avg}",
                    v.expert_sel + 1,
                    experts.len(),
                    card.scored_items().count(),
                    crate::domain::points::Points::from_tenths(sum)
                )),
            ])
        }
        None => Line::from(Span::styled(
            "没有可评分的专家：请在专家组页添加专家（回避专家不能评分）",
            Style::default().fg(Color::Red),
        )),
    };
    frame.render_widget(Paragraph::new(fit_line(head_line, head.width as usize)), head);
    let left_w = (body.width * 45 / 100).max(30).min(body.width);
    let [tree, detail] = Layout::horizontal([Constraint::Length(left_w), Constraint::Min(1)]).areas(body);

    // The tree: sections with progress, items with this expert's score.
    let expert = v.current_expert();
    let stats: std::collections::HashMap<&str, &crate::domain::scoring::ItemResult> =
        v.eval.as_ref().map(|e| e.items.iter().map(|i| (i.id.as_str(), i)).collect()).unwrap_or_default();
    let ids = v.scored_ids();
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    let inner_w = tree.width.saturating_sub(2) as usize;
    for s in &card.sections {
        let in_section: Vec<&crate::domain::scorecard::Item> =
            card.scored_items().filter(|i| i.section == s.id).collect();
        let done = in_section
            .iter()
            .filter(|i| expert.is_some_and(|e| d.score(e, &i.id).is_some()) || settled.contains_key(&i.id))
            .count();
        let head = format!("{} {} {}分 [{done}/{}]", s.number, s.title, s.points, in_section.len());
        lines.push((
            Line::from(Span::styled(fit(&head, inner_w), Style::default().fg(ACCENT).add_modifier(Modifier::BOLD))),
            None,
        ));
        for item in card.items.iter().filter(|i| i.section == s.id) {
            let indent = "  ".repeat(item.depth + 1);
            if !item.scored {
                lines.push((
                    Line::from(Span::styled(
                        fit(&format!("{indent}{} {} {}分", item.number, item.title, item.points), inner_w),
                        Style::default().fg(Color::Gray),
                    )),
                    None,
                ));
                continue;
            }
            let idx = ids.iter().position(|x| *x == item.id);
            let score = match (settled.get(&item.id), expert.and_then(|e| d.score(e, &item.id))) {
                (Some(p), _) => format!("={p}"),
                (None, Some(sc)) => sc.points.to_string(),
                (None, None) => "·".to_string(),
            };
            let flag = stats.get(item.id.as_str()).is_some_and(|st| disagrees(st.spread, st.max));
            let mark = if flag { "!" } else { " " };
            let right = format!("{score:>5}/{}{mark}", item.points);
            let left_room = inner_w.saturating_sub(right.width() + 1);
            let left = fit(&format!("{indent}{} {}", item.id, item.title), left_room);
            let pad = inner_w.saturating_sub(left.width() + right.width());
            let mut style = Style::default();
            if flag {
                style = style.fg(Color::Magenta);
            }
            if idx == Some(v.item_sel) {
                style = sel_style();
            }
            lines.push((Line::from(Span::styled(format!("{left}{}{right}", " ".repeat(pad)), style)), idx));
        }
    }
    let height = tree.height.saturating_sub(2) as usize;
    let sel_line = lines.iter().position(|(_, i)| *i == Some(v.item_sel)).unwrap_or(0);
    let start = sel_line.saturating_sub(height / 2).min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines.into_iter().skip(start).take(height).map(|(l, _)| l).collect();
    frame.render_widget(Paragraph::new(shown).block(Block::default().borders(Borders::ALL).title(" 评分表 ")), tree);

    // The item in full.
    let Some(item) = v.current_item().and_then(|id| card.item(&id)) else {
        return;
    };
    let mut text: Vec<Line> = vec![Line::from(Span::styled(
        format!("{} {}", item.number, item.title),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let max = d.item_max(card, &item.id).unwrap_or(item.points);
    text.push(Line::from(format!("满分 {max} 分（{}）", item.source)));
    if let Some(t) = &item.text {
        text.push(Line::from(format!("要求：{t}")));
    }
    for g in &item.guidance {
        text.push(Line::from(format!("· {g}")));
    }
    for r in &item.rules {
        let on = settled.contains_key(&item.id) && d.facts.contains_key(&r.when.fact);
        text.push(Line::from(Span::styled(
            format!("规则：{}（{}）{}", r.text, r.source, if on { " ← 已适用" } else { "" }),
            Style::default().fg(Color::Yellow),
        )));
    }
    // Faults of the source that concern this item (notes citing its lines), so the panel sees the reading used.
    for n in card
        .notes
        .iter()
        .filter(|n| n.sources.iter().any(|c| c.first <= item.source.last && item.source.first <= c.last))
    {
        text.push(Line::from(Span::styled(
            format!("原文问题（{}）：{}", n.kind.label(), n.reading.as_deref().unwrap_or(&n.text)),
            Style::default().fg(Color::DarkGray),
        )));
    }
    if let Some(p) = settled.get(&item.id) {
        text.push(Line::from(Span::styled(
            format!("本条由事实确定为 {p} 分，无需评分（按 f 修改事实）"),
            Style::default().fg(Color::Green),
        )));
    }
    text.push(Line::from(""));
    if let Some(e) = expert.and_then(|e| d.expert(e)) {
        match d.score(e.id, &item.id) {
            Some(sc) => {
                text.push(Line::from(format!("{}：{} 分", e.name, sc.points)));
                if !sc.reason.is_empty() {
                    text.push(Line::from(Span::styled(
                        format!("扣分原因：{}", sc.reason),
                        Style::default().fg(Color::Yellow),
                    )));
                }
                if !sc.evidence.is_empty() {
                    text.push(Line::from(format!("佐证：{}", sc.evidence)));
                }
            }
            None => text.push(Line::from(Span::styled(
                format!("{}：未评分（输入数字开始评分）", e.name),
                Style::default().fg(Color::DarkGray),
            ))),
        }
    }
    let others: Vec<String> = d
        .scoring_experts()
        .filter(|e| Some(e.id) != expert)
        .map(|e| {
            format!(
                "{} {}",
                e.name,
                d.score(e.id, &item.id).map(|s| s.points.to_string()).unwrap_or_else(|| "—".into())
            )
        })
        .collect();
    if !others.is_empty() {
        text.push(Line::from(format!("其他专家：{}", others.join(" · "))));
    }
    if let Some(st) = stats.get(item.id.as_str()) {
        let style = if disagrees(st.spread, st.max) {
            Style::default().fg(Color::Magenta).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        text.push(Line::from(Span::styled(
            format!("平均 {} · 最低 {} · 最高 {} · 极差 {}", st.mean.display(), st.min, st.max_given, st.spread),
            style,
        )));
        if disagrees(st.spread, st.max) {
            text.push(Line::from(Span::styled("专家意见分歧较大，建议合议", style)));
        }
    }
    frame.render_widget(
        wrapped(text, detail, 2).block(Block::default().borders(Borders::ALL).title(format!(" 条目 {} ", item.id))),
        detail,
    );
}

fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.width() <= width { line } else { Line::from(fit(&text, width)) }
}

fn vetoes(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    if card.vetoes.is_empty() {
        let note = card
            .notes
            .iter()
            .find(|n| n.text.contains("veto") || n.text.contains("否决"))
            .map(|n| n.text.clone())
            .unwrap_or_default();
        frame.render_widget(
            wrapped(vec![Line::from("本评分表未印否决项。"), Line::from(""), Line::from(note)], area, 2)
                .block(Block::default().borders(Borders::ALL).title(" 否决项 ")),
            area,
        );
        return;
    }
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(6)]).areas(area);
    let w = list.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = card
        .vetoes
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let (state, color) = match &x.computed {
                Some(t) => {
                    let fired = v.eval.as_ref().is_some_and(|e| e.triggered_vetoes.contains(&x.id));
                    let how = match t {
                        VetoTrigger::Total { op, score } => format!("自动：总分{}{}", op.label(), score),
                        VetoTrigger::Fact(c) => format!("自动：{}", c.fact),
                    };
                    if v.eval.is_none() {
                        (format!("{how}（评分完成后判定）"), Color::DarkGray)
                    } else if fired {
                        (format!("{how} — 已触发"), Color::Red)
                    } else {
                        (format!("{how} — 未触发"), Color::Green)
                    }
                }
                None => match d.vetoes.iter().find(|f| f.veto_id == x.id) {
                    Some(f) if f.answer == Answer::Yes => ("是".to_string(), Color::Red),
                    Some(_) => ("否".to_string(), Color::Green),
                    None => ("未回答".to_string(), Color::Yellow),
                },
            };
            let text = format!("{}{}", x.number.as_deref().unwrap_or(""), x.text);
            let left = fit(&text, w.saturating_sub(state.width() + 3));
            let pad = w.saturating_sub(left.width() + state.width());
            let style = if i == v.veto_sel { sel_style() } else { Style::default().fg(color) };
            Line::from(Span::styled(format!("{left}{}{state}", " ".repeat(pad)), style))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(" 否决项（任何一项为“是”，验收不予通过） ")),
        list,
    );
    if let Some(x) = card.vetoes.get(v.veto_sel) {
        let mut t = vec![Line::from(format!("{}{}（{}）", x.number.as_deref().unwrap_or(""), x.text, x.source))];
        if let Some(f) = d.vetoes.iter().find(|f| f.veto_id == x.id)
            && !f.evidence.is_empty()
        {
            t.push(Line::from(Span::styled(format!("依据：{}", f.evidence), Style::default().fg(Color::Yellow))));
        }
        frame.render_widget(wrapped(t, detail, 0).block(Block::default().borders(Borders::TOP)), detail);
    }
}

fn opinion(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let o = &v.r.data.opinion;
    let texts = [&o.summary, &o.problems, &o.suggestions, &o.conclusion];
    let rows = Layout::vertical([
        Constraint::Ratio(3, 10),
        Constraint::Ratio(3, 10),
        Constraint::Ratio(2, 10),
        Constraint::Ratio(2, 10),
    ])
    .split(area);
    for (i, name) in OPINION_FIELDS.iter().enumerate() {
        let style = if i == v.opinion_sel {
            Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let b =
            Block::default().borders(Borders::ALL).border_style(style).title(Span::styled(format!(" {name} "), style));
        let body = if texts[i].is_empty() {
            Paragraph::new(Span::styled(
                "（未填写。Enter 编辑；g 由评分数据生成草稿）",
                Style::default().fg(Color::DarkGray),
            ))
        } else {
            wrapped(text_lines(texts[i]), rows[i], 2)
        };
        frame.render_widget(body.block(b), rows[i]);
    }
}

fn result(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    let mut lines: Vec<Line> = Vec::new();
    match &v.eval {
        Some(e) => {
            let (verdict, color) = match e.passed {
                Some(true) => ("通过", Color::Green),
                Some(false) => ("不通过", Color::Red),
                None => ("本表未印合格线（按否决项判定：无否决）", Color::Yellow),
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("专家组总分 {} / {}", e.total.display(), e.max_total),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("（精确值 {}）  等级 ", e.total_exact)),
                Span::styled(
                    e.grade.clone().unwrap_or_else(|| "—".into()),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw("  结论 "),
                Span::styled(verdict, Style::default().fg(color).add_modifier(Modifier::BOLD)),
            ]));
            let why = if e.vetoed {
                format!(
                    "原因：存在否决项 {}",
                    e.veto_details.iter().map(|x| format!("{}（{}）", x.text, x.source)).collect::<Vec<_>>().join("；")
                )
            } else if let Some(pm) = &e.pass_mark {
                let cmp = match e.passed {
                    Some(true) => "达到",
                    _ => "未达到",
                };
                let op = crate::domain::scorecard::Op::parse(&pm.op).map(|o| o.label()).unwrap_or(pm.op.as_str());
                format!("原因：总分{cmp}合格线（总分{op}{}分为{}）", pm.score, pm.label)
            } else {
                "原因：本表未印合格线，结论只由否决项决定".to_string()
            };
            lines.push(Line::from(why));
            let experts: Vec<String> = e.experts.iter().map(|x| format!("{} {}", x.name, x.total)).collect();
            lines.push(Line::from(format!("各专家总分：{}", experts.join(" · "))));
            if !e.recused.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("回避（不计分）：{}", e.recused.join("、")),
                    Style::default().fg(Color::DarkGray),
                )));
            }
            let sections: Vec<String> = card
                .sections
                .iter()
                .zip(&e.sections)
                .map(|(s, r)| format!("{}{} {}/{}", s.number, s.title, r.score.display(), r.max))
                .collect();
            lines.push(Line::from("分项平均："));
            for s in sections {
                lines.push(Line::from(format!("  {s}")));
            }
        }
        None => {
            lines.push(Line::from(Span::styled("评分尚未完成，暂无总分。", Style::default().fg(Color::Yellow))));
        }
    }
    lines.push(Line::from(""));
    if d.status == Status::Finalized {
        lines.push(Line::from(Span::styled(
            "本验收已定稿并锁定。按 R 重新打开（须写明理由）。",
            Style::default().fg(Color::Green),
        )));
    } else {
        let blockers = finalize_blockers(d, card, &v.r.rules);
        if blockers.is_empty() {
            lines.push(Line::from(Span::styled("已满足定稿条件。按 F 定稿。", Style::default().fg(Color::Green))));
        } else {
            lines.push(Line::from(Span::styled("定稿前还需：", Style::default().fg(Color::Yellow))));
            for b in blockers {
                lines.push(Line::from(format!("· {b}")));
            }
        }
    }
    frame.render_widget(wrapped(lines, area, 2).block(Block::default().borders(Borders::ALL).title(" 结果 ")), area);
}

fn help(frame: &mut Frame, app: &App, area: Rect) {
    let r = modal::centered(area, 74, 20);
    frame.render_widget(Clear, r);
    let mut lines = vec![
        Line::from(Span::styled("通用", Style::default().fg(ACCENT).add_modifier(Modifier::BOLD))),
        Line::from("  ? 帮助 · Esc 返回/取消 · Ctrl+C 退出 · 每项修改即时保存，无需另行保存"),
        Line::from("  对话框中 Ctrl+S 保存；定稿、重新打开等不可撤销的操作须按 F9 确认，Enter 不会确认"),
        Line::from("  签名、导出、导入和汇总也用 Ctrl+S 确认：粘贴的文字里的 Enter 不会签名"),
        Line::from(""),
    ];
    let specific: &[&str] = match &app.screen {
        Screen::Home => &[
            "验收列表",
            "  ↑↓ 选择 · Enter 打开 · n 新建 · / 筛选 · r 重新打开已定稿的验收",
            "  d 载入示例验收 · u 技术依托单位：导入、核验、隔离区与汇总 · q 退出",
        ],
        Screen::NewReview(_) => &[
            "新建验收",
            "  Tab 或 ↑↓ 换栏 · Enter 下一栏 · 在“评分表”栏按 Enter 选择评分表",
            "  统一社会信用代码输入时即校验 · Ctrl+S 创建 · Esc 放弃",
        ],
        Screen::Review(_) => &[
            "验收（Tab 或 F1–F6 换页；评分页以外也可按 1–6）",
            "  专家组：a 添加 · e 修改 · l 设为组长 · x 记录回避 · i 签到表 · Del 移除误加的专家",
            "  评分：↑↓ 条目 · ←→ 换专家 · 输入数字评分（扣分时须写扣分原因）",
            "        r 修改原因 · c 清除 · g 按编号跳转 · f 事实认定 · b 加分 · w 调整分项分值",
            "        条目标记：·未评 =由事实确定 !专家分歧较大",
            "  否决项：y 是（须写依据） · n 否；自动项随分数或事实判定",
            "  验收意见：Enter 编辑 · g 由评分数据生成草稿",
            "  结果：F 定稿（F9 确认） · R 重新打开",
            "  签名与导出（定稿后）：s 签名 · d 签署不同意见 · e 导出验收包",
            "        私钥文件与口令，Ctrl+S 签名；口令只显示为 •，不保存",
        ],
        Screen::Unit(_) => &[
            "技术依托单位",
            "  i 导入：验收包目录，或包含多个验收包的文件夹；按受信名单核验",
            "    名单：数据目录 trust/ 下的 roster.json（及 .minisig）与 issuer.pub",
            "    通过的导入（新版本取代旧版本），未通过的放入隔离区并写明原因",
            "  c 汇总导出：Excel 汇总表（.xlsx），旁边同名 .csv",
            "  ↑↓ 选择 · Tab 在已导入与隔离区之间切换 · Esc 返回验收列表",
        ],
    };
    for (i, s) in specific.iter().enumerate() {
        let style = if i == 0 { Style::default().fg(ACCENT).add_modifier(Modifier::BOLD) } else { Style::default() };
        lines.push(Line::from(Span::styled(*s, style)));
    }
    let b = Block::default().borders(Borders::ALL).border_style(Style::default().fg(Color::Yellow)).title(" 帮助 ");
    frame.render_widget(wrapped(lines, r, 2).block(b), r);
}
