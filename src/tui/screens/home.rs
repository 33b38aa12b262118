//! The home screen: the review list with its filter, or the welcome text while there is no review.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::domain::review::Status;
use crate::domain::scorecard::{CardKind, Catalog};
use crate::store::{MAX_NAME, ReviewSummary};
use crate::tui::action::{Action, Ask, Open, PathKind};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::input::{Edit, LineInput};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::status_label;
use crate::tui::widgets::wrap::{fit, wrapped};

/// A review's total and result (its grade, or its conclusion in the province's words) as the list shows them.
pub type Summary = (String, String);

#[derive(Clone, Debug, Default)]
pub struct Home {
    pub rows: Vec<ReviewSummary>,
    pub filter: LineInput,
    pub filtering: bool,
    pub selected: usize,
    /// Total and grade by review, computed by the app for the rows about to be shown, kept until the review changes.
    pub summaries: HashMap<i64, Summary>,
    /// Province and title by sheet id, so that the filter finds 山东 or 验收.
    pub sheet_labels: HashMap<String, String>,
    /// Indices into `rows` of the rows the filter lets through, kept in step with the rows and the filter.
    shown: Vec<usize>,
}

impl Home {
    pub fn new(catalog: &Catalog) -> Home {
        Home {
            sheet_labels: catalog
                .scorecards
                .iter()
                .map(|c| (c.id.clone(), format!("{} {} {} {}", c.province, c.title, c.stage_label(), c.kind.label())))
                .collect(),
            filter: LineInput::new("").with_max(MAX_NAME),
            ..Home::default()
        }
    }

    /// The rows the filter lets through.
    pub fn visible(&self) -> impl Iterator<Item = &ReviewSummary> {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    pub fn visible_count(&self) -> usize {
        self.shown.len()
    }

    /// The review under the cursor.
    pub fn current(&self) -> Option<&ReviewSummary> {
        self.shown.get(self.selected).map(|&i| &self.rows[i])
    }

    /// Takes a new list of reviews; the summaries of those that changed are dropped, to be computed again. Linear in
    /// the number of reviews: the old rows are looked up by id.
    pub fn set_rows(&mut self, rows: Vec<ReviewSummary>) {
        if !self.summaries.is_empty() {
            let mut before: HashMap<i64, &str> = HashMap::with_capacity(self.rows.len());
            for o in &self.rows {
                before.entry(o.id).or_insert(o.updated_at.as_str());
            }
            for r in &rows {
                if before.get(&r.id).is_none_or(|at| *at != r.updated_at) {
                    self.summaries.remove(&r.id);
                }
            }
        }
        self.rows = rows;
        self.refilter();
        let n = self.visible_count();
        if self.selected >= n {
            self.selected = n.saturating_sub(1);
        }
    }

    /// Applies the filter again, after it or the rows changed.
    fn refilter(&mut self) {
        let terms: Vec<String> = self.filter.text().split_whitespace().map(str::to_lowercase).collect();
        if terms.is_empty() {
            // Every row: no text to build for each (the list of 10,000 reviews is built at start-up).
            self.shown = (0..self.rows.len()).collect();
            return;
        }
        self.shown = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                let sheet = self.sheet_labels.get(&r.scorecard).map(String::as_str).unwrap_or("");
                let hay = format!(
                    "{} {} {} {} {} {} {sheet}",
                    r.enterprise,
                    r.scorecard,
                    r.credit_code,
                    r.date,
                    r.place,
                    r.status.label()
                )
                .to_lowercase();
                terms.iter().all(|t| hay.contains(t))
            })
            .map(|(i, _)| i)
            .collect();
    }

    /// The visible rows a list of `height` lines shows: the window around the selection.
    pub fn window(&self, height: usize) -> std::ops::Range<usize> {
        let n = self.visible_count();
        let sel = self.selected.min(n.saturating_sub(1));
        let start = sel.saturating_sub(height.saturating_sub(1));
        start..(start + height).min(n)
    }

    pub fn paste(&mut self, text: &str) {
        if self.filtering {
            self.filter.insert(text);
            self.selected = 0;
            self.refilter();
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.filter.take_notice().map(|n| format!("筛选：{}", n.text()))
    }

    fn move_to(&mut self, i: usize) -> Done<Action> {
        if self.shown.is_empty() {
            return Done::Ignored;
        }
        self.selected = i.min(self.shown.len() - 1);
        Done::Changed
    }
}

type K = Binding<Home, Action>;

fn filtering(h: &Home) -> bool {
    h.filtering
}
fn listing(h: &Home) -> bool {
    !h.filtering && !h.rows.is_empty()
}
fn welcome(h: &Home) -> bool {
    !h.filtering && h.rows.is_empty()
}
fn browsing(h: &Home) -> bool {
    !h.filtering
}

const UP_DOWN: &[Pat] = &[
    code(KeyCode::Up),
    ch('k'),
    code(KeyCode::Down),
    ch('j'),
    code(KeyCode::PageUp),
    code(KeyCode::PageDown),
    code(KeyCode::Home),
    code(KeyCode::End),
];

pub static KEYS: Keymap<Home, Action> = Keymap {
    name: "home",
    bindings: &[
        // While filtering: what is typed goes into the filter.
        K::new(&[Pat::Any], |h, k| {
            let e = h.filter.handle(k);
            if e == Edit::Changed {
                h.selected = 0;
                h.refilter();
            }
            e.into()
        })
        .when(filtering)
        .hint("输入筛选")
        .typing(),
        K::new(&[code(KeyCode::Enter), code(KeyCode::Down)], |h, _| {
            h.filtering = false;
            Done::Changed
        })
        .when(filtering)
        .hint("Enter 完成"),
        K::new(&[code(KeyCode::Esc)], |h, _| {
            h.filtering = false;
            h.filter.set("");
            h.refilter();
            Done::Changed
        })
        .when(filtering)
        .hint("Esc 清除"),
        // The list.
        K::new(UP_DOWN, |h, k| match k.code {
            KeyCode::Up | KeyCode::Char('k') => h.move_to(h.selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => h.move_to(h.selected + 1),
            KeyCode::PageUp => h.move_to(h.selected.saturating_sub(10)),
            KeyCode::PageDown => h.move_to(h.selected + 10),
            KeyCode::Home => h.move_to(0),
            _ => h.move_to(usize::MAX),
        })
        .when(browsing)
        .help("↑↓ 选择"),
        K::new(&[code(KeyCode::Enter)], |h, _| match h.current() {
            Some(r) => Done::Act(Action::OpenReview(r.id)),
            None => Done::Ignored,
        })
        .when(listing)
        .label("Enter 打开"),
        K::new(&[ch('n')], |_, _| Done::Act(Action::StartNewReview)).when(welcome).hint("n 新建验收").help("n 新建"),
        K::new(&[ch('n')], |_, _| Done::Act(Action::StartNewReview)).when(listing).label("n 新建"),
        K::new(&[ch('/')], |h, _| {
            h.filtering = true;
            Done::Changed
        })
        .when(browsing)
        .hint_when(|h| !h.rows.is_empty())
        .label("/ 筛选"),
        K::new(&[ch('r')], |h, _| match h.current() {
            Some(r) if r.status == Status::Finalized => Done::Act(Action::Open(Open::Confirm(Ask::Reopen(r.id)))),
            Some(_) => Done::Act(Action::Status("只有已定稿的验收需要重新打开".into(), StatusKind::Info)),
            None => Done::Ignored,
        })
        .when(listing)
        .hint("r 重开")
        .help("r 重新打开已定稿的验收"),
        K::new(&[ch('d')], |_, _| Done::Act(Action::LoadDemo))
            .when(welcome)
            .hint("d 载入示例")
            .help("d 载入示例验收")
            .line(1),
        K::new(&[ch('d')], |_, _| Done::Act(Action::LoadDemo))
            .when(listing)
            .hint("d 示例")
            .help("d 载入示例验收")
            .line(1),
        K::new(&[ch('i')], |_, _| Done::Act(Action::Open(Open::Path(PathKind::Kit))))
            .when(browsing)
            .help("i 导入评审包（专家在本机独立评分）")
            .line(1),
        K::new(&[ch('p')], |_, _| Done::Act(Action::Open(Open::Path(PathKind::Sheet))))
            .when(browsing)
            .help("p 导入个人评分表（组长合并）")
            .line(1),
        K::new(&[ch('u')], |_, _| Done::Act(Action::OpenUnit))
            .when(browsing)
            .hint("u 单位汇总")
            .help("u 技术依托单位：导入、核验、隔离区与汇总")
            .line(1),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).when(browsing).hint("? 帮助"),
        K::new(&[ch('q')], |_, _| Done::Act(Action::Quit)).when(browsing).label("q 退出").line(1),
    ],
};

pub static HELP: &[HelpRow] = &[HelpRow::heading("验收列表"), HelpRow::keys(0, "  ", ""), HelpRow::keys(1, "  ", "")];

/// The height of the list's rows in a body of `height` lines (less the filter line and the table's header).
pub fn list_height(body: u16) -> usize {
    body.saturating_sub(2) as usize
}

pub fn render(frame: &mut Frame, home: &Home, catalog: &Catalog, area: Rect) {
    if home.rows.is_empty() {
        welcome_text(frame, catalog, area);
        return;
    }
    let [filter, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let [label, input] = Layout::horizontal([Constraint::Length(8), Constraint::Min(1)]).areas(filter);
    frame.render_widget(Paragraph::new(Span::styled(" 筛选：", Style::default().fg(ACCENT))), label);
    if home.filtering || !home.filter.text().is_empty() {
        home.filter.render(frame, input, home.filtering, Style::default().add_modifier(Modifier::UNDERLINED));
    } else {
        frame.render_widget(
            Paragraph::new(Span::styled("按 / 输入企业、省份、阶段、日期或状态", Style::default().fg(Color::DarkGray))),
            input,
        );
    }
    let window = home.window(list_height(area.height));
    let sel = home.selected.min(home.visible_count().saturating_sub(1));
    let mut rows = Vec::new();
    for (i, r) in home.visible().enumerate().skip(window.start).take(window.len()) {
        let (total, result) = match home.summaries.get(&r.id) {
            Some((total, result)) => (total.clone(), result.clone()),
            None => ("…".to_string(), "…".to_string()),
        };
        let card = catalog.scorecard(&r.scorecard);
        let sheet = card.map(|c| format!("{}{}", c.province, c.stage_label())).unwrap_or_else(|| r.scorecard.clone());
        let status = card.map_or(r.status.label(), |c| status_label(r.status, c.kind));
        let style = if i == sel { sel_style() } else { Style::default() };
        rows.push(
            Row::new(vec![
                Cell::from(r.id.to_string()),
                Cell::from(r.date.clone()),
                Cell::from(r.enterprise.clone()),
                Cell::from(sheet),
                Cell::from(status),
                Cell::from(total),
                // The result page says it in full; a longer word here ends in “…”.
                Cell::from(fit(&result, 8)),
            ])
            .style(style),
        );
    }
    let header = Row::new(["ID", "日期", "企业", "类别", "状态", "总分", "结果"])
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
    if home.visible_count() == 0 {
        let r = Rect::new(table_area.x, table_area.y + 1, table_area.width, 1);
        frame.render_widget(Paragraph::new("没有符合筛选条件的验收"), r);
    }
}

fn welcome_text(frame: &mut Frame, catalog: &Catalog, area: Rect) {
    let text = vec![
        Line::from(Span::styled("欢迎使用 yanshou 清洁生产审核验收", Style::default().add_modifier(Modifier::BOLD))),
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
        Line::from({
            let sheets = catalog.scorecards.iter().filter(|c| c.kind == CardKind::Sheet).count();
            let rules = catalog.scorecards.len() - sheets;
            format!("内置评分表 {sheets} 份、无评分表的验收规则 {rules} 份，省级规则 {} 份。", catalog.provinces.len())
        }),
    ];
    let b = Block::default().borders(Borders::ALL).title(" 开始 ");
    frame.render_widget(wrapped(text, area, 2).block(b), area);
}
