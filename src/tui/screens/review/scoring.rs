//! Page 2, scoring: the sheet's tree with this expert's scores, the item in full, and the keys that score it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::domain::points::Points;
use crate::tui::action::{Action, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, ch, code};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::screens::review::state::{ReviewView, locked_message};
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::levels_zh;
use crate::tui::widgets::wrap::{fit, fit_line, wrapped};

type K = Binding<ReviewView, Action>;

fn open(v: &ReviewView) -> bool {
    !v.locked()
}

/// A digit (half- or full-width, the latter refused in the dialog with a message) or the decimal point.
fn score_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.'
}

/// The score dialog on the current item for the current expert; `first`, the key typed into it.
fn score(v: &mut ReviewView, first: Option<char>) -> Done<Action> {
    if v.locked() {
        return locked_message();
    }
    let (Some(expert), Some(item)) = (v.current_expert(), v.current_item()) else {
        return Done::Act(Action::Status("请先在专家组页添加专家".into(), StatusKind::Error));
    };
    Done::Act(Action::Open(Open::Score { expert, item, first }))
}

const ITEM_KEYS: &[Pat] = &[
    code(KeyCode::Up),
    ch('k'),
    code(KeyCode::Down),
    ch('j'),
    code(KeyCode::PageUp),
    code(KeyCode::PageDown),
    code(KeyCode::Home),
    code(KeyCode::End),
];

pub static KEYS: Keymap<ReviewView, Action> = Keymap {
    name: "review scoring",
    bindings: &[
        K::new(ITEM_KEYS, |v, k| {
            let n = v.scored_ids().len();
            v.item_sel = match k.code {
                KeyCode::Up | KeyCode::Char('k') => v.item_sel.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') if v.item_sel + 1 < n => v.item_sel + 1,
                KeyCode::Down | KeyCode::Char('j') => v.item_sel,
                KeyCode::PageUp => v.item_sel.saturating_sub(8),
                KeyCode::PageDown => (v.item_sel + 8).min(n.saturating_sub(1)),
                KeyCode::Home => 0,
                _ => n.saturating_sub(1),
            };
            Done::Changed
        })
        .hint("↑↓ 条目")
        .help("↑↓ 条目"),
        K::new(&[code(KeyCode::Left), ch('['), code(KeyCode::Right), ch(']')], |v, k| {
            let n = v.scoring_experts().len();
            if n == 0 {
                return Done::Ignored;
            }
            v.expert_sel = match k.code {
                KeyCode::Left | KeyCode::Char('[') => (v.expert_sel + n - 1) % n,
                _ => (v.expert_sel + 1) % n,
            };
            Done::Changed
        })
        .hint("←→ 专家")
        .help("←→ 换专家"),
        K::new(&[Pat::Char(score_char), code(KeyCode::Enter)], |v, k: &Key| {
            score(v, if let KeyCode::Char(c) = k.code { Some(c) } else { None })
        })
        .hint_when(open)
        .hint("数字/Enter 评分")
        .help("输入数字评分（扣分时须写扣分原因）"),
        K::new(&[ch('r')], |v, _| score(v, None)).hint_when(open).hint("r 原因").help("r 修改原因").line(1),
        K::new(&[ch('c')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            let (Some(expert), Some(item)) = (v.current_expert(), v.current_item()) else {
                return Done::Act(Action::Status("请先在专家组页添加专家".into(), StatusKind::Error));
            };
            Done::Act(Action::ClearScore { expert, item })
        })
        .hint_when(open)
        .label("c 清除")
        .line(1),
        K::new(&[ch('g')], |_, _| Done::Act(Action::Open(Open::Jump))).hint("g 跳转").help("g 按编号跳转").line(1),
        K::new(&[ch('f')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            if v.r.card.facts.is_empty() {
                return Done::Act(Action::Status("本表没有需要认定的事实".into(), StatusKind::Info));
            }
            Done::Act(Action::Open(Open::Facts))
        })
        // Shown on every sheet (the demo's has no facts and its snapshots pin the hint): the key then says so.
        .hint_when(open)
        .hint("f 事实")
        .help("f 事实认定")
        .line(1),
        K::new(&[ch('b')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            if v.r.card.bonuses.is_empty() {
                return Done::Act(Action::Status("本表没有加分项".into(), StatusKind::Info));
            }
            Done::Act(Action::Open(Open::Bonuses))
        })
        .hint_when(open)
        .label("b 加分")
        .line(1),
        K::new(&[ch('w')], |v, _| {
            if v.locked() {
                return locked_message();
            }
            if !adjustable(v) {
                return Done::Act(Action::Status("本表不允许调整分项分值".into(), StatusKind::Info));
            }
            match v.current_item().and_then(|i| v.r.card.item(&i).map(|x| x.section.clone())) {
                Some(section) => Done::Act(Action::Open(Open::Weights(section))),
                None => Done::Ignored,
            }
        })
        .hint_when(|v| open(v) && adjustable(v))
        .hint("w 分值")
        .help("w 调整分项分值")
        .line(1),
    ],
};

fn adjustable(v: &ReviewView) -> bool {
    v.r.card.weights.as_ref().is_some_and(|w| w.adjustable)
}

pub static HELP: &[HelpRow] = &[
    HelpRow::keys(0, "  评分：", ""),
    HelpRow::keys(1, "        ", ""),
    HelpRow::text("        条目标记：·未评 =由事实确定 !专家分歧较大"),
];

/// True when the experts disagree widely on an item: a spread of at least 30 % of its points.
fn disagrees(spread: Points, max: Points) -> bool {
    max.tenths() > 0 && spread.tenths() * 10 >= max.tenths() * 3 && spread.tenths() > 0
}

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let d = &v.r.data;
    let card = &v.r.card;
    let experts = v.scoring_experts();
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let settled = d.settled_items(card);
    // The current expert's scores by item, looked up once per row instead of searched for among every score.
    let mine: std::collections::HashMap<&str, &crate::domain::review::Score> = match v.current_expert() {
        Some(e) => d.scores.iter().filter(|s| s.expert_id == e).map(|s| (s.item_id.as_str(), s)).collect(),
        None => Default::default(),
    };
    let head_line = match v.current_expert().and_then(|e| d.expert(e)) {
        Some(e) => {
            let done =
                card.scored_items().filter(|i| mine.contains_key(i.id.as_str()) || settled.contains_key(&i.id)).count();
            let sum: i64 = card
                .scored_items()
                .map(|i| {
                    settled
                        .get(&i.id)
                        .map(|p| p.tenths())
                        .or_else(|| mine.get(i.id.as_str()).map(|s| s.points.tenths()))
                        .unwrap_or(0)
                })
                .sum();
            // Until every expert is in, nobody sees the others' scores from their signed sheets, nor the mean.
            let avg = v
                .eval
                .as_ref()
                .and_then(|x| x.total)
                .filter(|_| v.hidden.is_empty())
                .map(|t| format!(" · 专家组平均 {}", t.display()))
                .unwrap_or_default();
            if v.hidden.contains(&e.name) {
                let line = Line::from(vec![
                    Span::raw("评分专家 "),
                    Span::styled(format!("◀ {} ▶", e.name), sel_style()),
                    Span::raw(" · 个人评分表已交；全部收齐前不显示（专家组页 p 查看）"),
                ]);
                frame.render_widget(Paragraph::new(fit_line(line, head.width as usize)), head);
                return;
            }
            Line::from(vec![
                Span::raw("评分专家 "),
                Span::styled(format!("◀ {} ▶", e.name), sel_style()),
                Span::raw(format!(
                    " ({}/{}) · 已评 {done}/{} · 小计 {}{avg}",
                    v.expert_sel + 1,
                    experts.len(),
                    card.scored_items().count(),
                    Points::from_tenths(sum)
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
    // The tree's rows are counted first and only those the pane shows are written: a sheet has a hundred rows and the
    // pane of an 80×24 terminal twenty.
    enum Row<'a> {
        Section(&'a crate::domain::scorecard::Section),
        Heading(&'a crate::domain::scorecard::Item),
        Item(&'a crate::domain::scorecard::Item, usize),
    }
    let place: std::collections::HashMap<&str, usize> =
        card.scored_items().enumerate().map(|(n, i)| (i.id.as_str(), n)).collect();
    let mut rows: Vec<Row> = Vec::new();
    for s in &card.sections {
        rows.push(Row::Section(s));
        for item in card.items.iter().filter(|i| i.section == s.id) {
            match place.get(item.id.as_str()) {
                Some(n) if item.scored => rows.push(Row::Item(item, *n)),
                _ => rows.push(Row::Heading(item)),
            }
        }
    }
    let height = tree.height.saturating_sub(2) as usize;
    let sel_line = rows.iter().position(|r| matches!(r, Row::Item(_, n) if *n == v.item_sel)).unwrap_or(0);
    let start = sel_line.saturating_sub(height / 2).min(rows.len().saturating_sub(height));
    let inner_w = tree.width.saturating_sub(2) as usize;
    let shown: Vec<Line> = rows
        .iter()
        .skip(start)
        .take(height)
        .map(|row| match row {
            Row::Section(s) => {
                let in_section = || card.scored_items().filter(|i| i.section == s.id);
                let total = in_section().count();
                let done =
                    in_section().filter(|i| mine.contains_key(i.id.as_str()) || settled.contains_key(&i.id)).count();
                let head = format!("{} {} {}分 [{done}/{total}]", s.number, s.title, s.points);
                Line::from(Span::styled(fit(&head, inner_w), Style::default().fg(ACCENT).add_modifier(Modifier::BOLD)))
            }
            Row::Heading(item) => {
                let indent = "  ".repeat(item.depth + 1);
                Line::from(Span::styled(
                    fit(&format!("{indent}{} {} {}分", item.number, item.title, item.points), inner_w),
                    Style::default().fg(Color::Gray),
                ))
            }
            Row::Item(item, idx) => {
                let indent = "  ".repeat(item.depth + 1);
                let score = match (settled.get(&item.id), mine.get(item.id.as_str())) {
                    (Some(p), _) => format!("={p}"),
                    (None, Some(sc)) => sc.points.to_string(),
                    (None, None) => "·".to_string(),
                };
                let flag =
                    v.hidden.is_empty() && stats.get(item.id.as_str()).is_some_and(|st| disagrees(st.spread, st.max));
                let mark = if flag { "!" } else { " " };
                let right = format!("{score:>5}/{}{mark}", item.points);
                let left_room = inner_w.saturating_sub(right.width() + 1);
                let left = fit(&format!("{indent}{} {}", item.id, item.title), left_room);
                let pad = inner_w.saturating_sub(left.width() + right.width());
                let mut style = Style::default();
                if flag {
                    style = style.fg(Color::Magenta);
                }
                if *idx == v.item_sel {
                    style = sel_style();
                }
                Line::from(Span::styled(format!("{left}{}{right}", " ".repeat(pad)), style))
            }
        })
        .collect();
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
    let levels =
        if item.levels.is_empty() { String::new() } else { format!("，只能评 {} 分", levels_zh(&item.levels)) };
    text.push(Line::from(format!("满分 {max} 分{levels}（{}）", item.source)));
    // A score the facts settle comes first, before the text that may push it out of an 80×24 pane.
    let rule = d.settling_rule(card, &item.id);
    if let Some(p) = settled.get(&item.id) {
        let green = Style::default().fg(Color::Green).add_modifier(Modifier::BOLD);
        text.push(Line::from(Span::styled(format!("本条由事实确定为 {p} 分，无需评分（按 f 修改事实）"), green)));
        if let Some((e, sc)) = expert.and_then(|e| Some((d.expert(e)?, d.score(e, &item.id)?)))
            && sc.points != *p
        {
            text.push(Line::from(Span::styled(
                format!("{} 录入的 {} 分不计，以事实确定的 {p} 分为准", e.name, sc.points),
                Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            )));
        }
    }
    if let Some(t) = &item.text {
        text.push(Line::from(format!("要求：{t}")));
    }
    for g in &item.guidance {
        text.push(Line::from(format!("· {g}")));
    }
    for (n, r) in item.rules.iter().enumerate() {
        let on = rule == Some(n);
        text.push(Line::from(Span::styled(
            format!("规则：{}（{}）{}", r.text, r.source, if on { " ← 已适用" } else { "" }),
            Style::default().fg(Color::Yellow),
        )));
    }
    // Faults of the source that concern this item (notes citing its lines), in the words the sheet gives the panel;
    // a note without them is for the sheet's maintainers only.
    for (n, panel) in crate::domain::scorecard::reader_notes(&card.notes, &item.source) {
        text.push(Line::from(Span::styled(
            format!("注（{}）：{panel}", n.kind.label()),
            Style::default().fg(Color::DarkGray),
        )));
    }
    text.push(Line::from(""));
    if let Some(e) = expert.and_then(|e| d.expert(e)) {
        match d.score(e.id, &item.id) {
            Some(sc) => {
                let overridden = settled.get(&item.id).is_some_and(|p| *p != sc.points);
                text.push(Line::from(format!(
                    "{}：{} 分{}",
                    e.name,
                    sc.points,
                    if overridden { "（不计）" } else { "" }
                )));
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
                match d.score(e.id, &item.id) {
                    _ if v.hidden.contains(&e.name) => "（已交，未收齐前不显示）".to_string(),
                    Some(s) => s.points.to_string(),
                    None => "—".into(),
                }
            )
        })
        .collect();
    if !others.is_empty() {
        text.push(Line::from(format!("其他专家：{}", others.join(" · "))));
    }
    if let Some(st) = stats.get(item.id.as_str()).filter(|_| v.hidden.is_empty()) {
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
