//! The support unit's case list: every case with its enterprise, province, track and stage, where it stands and its
//! next deadline (due, due soon, overdue), in the order of the next deadline. Filtered by province, stage and status
//! and searched by the enterprise's name or code, all on the rows the domain made (`domain::case::list_rows`); no
//! rule is decided here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::domain::case::{CaseRow, DeadlineStatus, Phase, date_zh};
use crate::domain::scorecard::Stage;
use crate::tui::action::{Action, CaseActKind, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, ch, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::wrap::fit;

#[derive(Clone, Debug, PartialEq)]
pub struct CaseListView {
    /// Every case, in the order of the next deadline.
    pub rows: Vec<CaseRow>,
    /// The rows the filters and the search let through, in the order shown.
    pub shown: Vec<usize>,
    /// The provinces of the rows, to step through.
    pub provinces: Vec<String>,
    pub province: Option<String>,
    pub stage: Option<Stage>,
    /// A phase as [`Phase::as_str`] spells it.
    pub status: Option<&'static str>,
    /// Newest case first instead of the next deadline.
    pub newest: bool,
    /// The search: part of the enterprise's name or of its code.
    pub search: LineInput,
    pub searching: bool,
    pub selected: usize,
    /// Why the list could not be read, where it could not.
    pub problem: Option<String>,
}

impl Default for CaseListView {
    fn default() -> Self {
        CaseListView {
            rows: Vec::new(),
            shown: Vec::new(),
            provinces: Vec::new(),
            province: None,
            stage: None,
            status: None,
            newest: false,
            search: LineInput::new(""),
            searching: false,
            selected: 0,
            problem: None,
        }
    }
}

/// A phase in Chinese by its name, for the filter.
fn phase_words(name: &str) -> &'static str {
    match name {
        "application" => "申请审查中",
        "ready" => "待验收",
        "reviewing" => "验收中",
        "finalized" => "已定稿",
        "publication" => "公示中",
        "passed" => "通过",
        "rejected" => "不通过",
        "failed" => "未通过",
        "rectifying" => "整改中",
        "granted" => "已授予",
        _ => "",
    }
}

/// The marker of a deadline's standing, and its colour.
pub fn marker(s: DeadlineStatus) -> (&'static str, Color) {
    match s {
        DeadlineStatus::Overdue => ("✗已逾期", Color::Red),
        DeadlineStatus::DueSoon => ("!即将到期", Color::Yellow),
        DeadlineStatus::Due => ("·未到期", Color::Green),
        DeadlineStatus::Done => ("✓已完成", Color::DarkGray),
        DeadlineStatus::BeyondCalendar => ("?超出日历", Color::Magenta),
    }
}

impl CaseListView {
    /// Puts in the rows read again, keeping the filters and, where it is still there, the selected case.
    pub fn set_rows(&mut self, rows: Vec<CaseRow>) {
        let keep = self.selected_id();
        self.rows = rows;
        let provinces: std::collections::BTreeSet<&str> = self.rows.iter().map(|r| r.province.as_str()).collect();
        self.provinces = provinces.into_iter().map(str::to_owned).collect();
        self.apply();
        if let Some(id) = keep
            && let Some(at) = self.shown.iter().position(|&i| self.rows[i].id == id)
        {
            self.selected = at;
        }
    }

    /// The rows shown, from the filters, the search and the order.
    pub fn apply(&mut self) {
        let needle = self.search.text().trim().to_string();
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.province.as_ref().is_none_or(|p| &r.province == p)
                    && self.stage.is_none_or(|s| r.stage == s)
                    && self.status.is_none_or(|s| r.phase.as_str() == s)
                    && (needle.is_empty() || r.enterprise.contains(&needle) || r.credit_code.contains(&needle))
            })
            .collect();
        if self.newest {
            shown.sort_by_key(|&i| std::cmp::Reverse(self.rows[i].id));
        }
        self.shown = shown;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.shown.get(self.selected).map(|&i| self.rows[i].id)
    }

    pub fn paste(&mut self, text: &str) {
        if self.searching {
            self.search.insert(text);
            self.apply();
        }
    }

    fn step_province(&mut self) {
        self.province = match &self.province {
            None => self.provinces.first().cloned(),
            Some(p) => {
                let at = self.provinces.iter().position(|x| x == p);
                at.and_then(|i| self.provinces.get(i + 1)).cloned()
            }
        };
        self.selected = 0;
        self.apply();
    }

    fn step_stage(&mut self) {
        self.stage = match self.stage {
            None => Some(Stage::Acceptance),
            Some(Stage::Acceptance) => Some(Stage::Assessment),
            Some(Stage::Assessment) => None,
        };
        self.selected = 0;
        self.apply();
    }

    fn step_status(&mut self) {
        let names = Phase::NAMES;
        self.status = match self.status {
            None => Some(names[0]),
            Some(s) => names.iter().position(|x| *x == s).and_then(|i| names.get(i + 1)).copied(),
        };
        self.selected = 0;
        self.apply();
    }
}

fn not_searching(v: &CaseListView) -> bool {
    !v.searching
}

fn searching(v: &CaseListView) -> bool {
    v.searching
}

type K = Binding<CaseListView, Action>;

pub static KEYS: Keymap<CaseListView, Action> = Keymap {
    name: "cases",
    bindings: &[
        // The search takes what is typed; Enter or Esc ends it (a query: nothing to lose).
        K::new(&[plain(KeyCode::Enter), plain(KeyCode::Esc)], |v, _| {
            v.searching = false;
            Done::Changed
        })
        .when(searching)
        .label("Enter/Esc 结束搜索"),
        K::new(&[Pat::Any], |v, k| {
            let done: Done<Action> = v.search.handle(k).into();
            if done == Done::Changed {
                v.selected = 0;
                v.apply();
            }
            done
        })
        .when(searching)
        .typing(),
        K::new(&[code(KeyCode::Up), code(KeyCode::Down), code(KeyCode::PageUp), code(KeyCode::PageDown)], |v, k| {
            let last = v.shown.len().saturating_sub(1);
            v.selected = match k.code {
                KeyCode::Up => v.selected.saturating_sub(1),
                KeyCode::Down => (v.selected + 1).min(last),
                KeyCode::PageUp => v.selected.saturating_sub(10),
                _ => (v.selected + 10).min(last),
            };
            Done::Changed
        })
        .when(not_searching)
        .label("↑↓ 选择")
        .line(1),
        K::new(&[plain(KeyCode::Enter)], |v, _| match v.selected_id() {
            Some(id) => Done::Act(Action::OpenCase(id)),
            None => Done::Ignored,
        })
        .when(not_searching)
        .hint("Enter 打开")
        .help("Enter 打开案件")
        .line(1),
        K::new(&[ch('n')], |_, _| Done::Act(Action::Open(Open::CaseAct(CaseActKind::New { provinces: Vec::new() }))))
            .when(not_searching)
            .hint("n 登记")
            .help("n 登记申请（新建案件）")
            .line(1),
        K::new(&[ch('p')], |v, _| {
            v.step_province();
            Done::Changed
        })
        .when(not_searching)
        .hint("p/s/f 筛选")
        .help("p 按省份筛选（依次切换）")
        .line(2),
        K::new(&[ch('s')], |v, _| {
            v.step_stage();
            Done::Changed
        })
        .when(not_searching)
        .help("s 按阶段筛选（验收、评估）")
        .line(2),
        K::new(&[ch('f')], |v, _| {
            v.step_status();
            Done::Changed
        })
        .when(not_searching)
        .help("f 按状态筛选（依次切换）")
        .line(2),
        K::new(&[ch('/')], |v, _| {
            v.searching = true;
            Done::Changed
        })
        .when(not_searching)
        .hint("/ 搜索")
        .help("/ 搜索企业名称或信用代码")
        .line(2),
        K::new(&[ch('o')], |v, _| {
            v.newest = !v.newest;
            v.apply();
            Done::Changed
        })
        .when(not_searching)
        .help("o 排序：下一期限最近的在前 / 最新的案件在前")
        .line(3),
        K::new(&[ch('x')], |v, _| {
            (v.province, v.stage, v.status) = (None, None, None);
            v.search = LineInput::new("");
            v.apply();
            Done::Changed
        })
        .when(not_searching)
        .help("x 清除筛选和搜索")
        .line(3),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).when(not_searching).hint("? 帮助"),
        K::new(&[plain(KeyCode::Esc), ch('q')], |_, _| Done::Act(Action::OpenUnit))
            .when(not_searching)
            .hint("Esc 返回")
            .help("Esc 返回技术依托单位")
            .line(3),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("案件列表"),
    HelpRow::keys(1, "  ", ""),
    HelpRow::keys(2, "  ", ""),
    HelpRow::keys(3, "  ", ""),
    HelpRow::text("    下一期限：✗已逾期 · !即将到期（五个工作日内） · ·未到期 · ?超出日历（该年的工作日历未收录）"),
];

/// The filters as one line.
fn filters(v: &CaseListView) -> String {
    let stage = match v.stage {
        Some(s) => s.label(),
        None => "全部",
    };
    let mut out = format!(
        "省份：{}　阶段：{stage}　状态：{}　排序：{}",
        v.province.as_deref().unwrap_or("全部"),
        v.status.map(phase_words).unwrap_or("全部"),
        if v.newest { "最新在前" } else { "下一期限" }
    );
    if v.searching || !v.search.text().is_empty() {
        out.push_str(&format!("　搜索：{}", v.search.text()));
        if v.searching {
            out.push('▏');
        }
    }
    out
}

pub fn render(frame: &mut Frame, v: &CaseListView, area: Rect) {
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let style = if v.searching { Style::default().fg(Color::Yellow) } else { Style::default().fg(Color::Cyan) };
    frame.render_widget(Paragraph::new(Line::from(Span::styled(fit(&filters(v), area.width as usize), style))), head);
    let title = format!(" 案件（{} / {} 件） ", v.shown.len(), v.rows.len());
    let b = Block::default().borders(Borders::ALL).title(title);
    if v.shown.is_empty() {
        let text = match &v.problem {
            Some(p) => p.clone(),
            None if v.rows.is_empty() => "还没有案件：按 n 登记申请，或新建验收（每份验收都属于一个案件）。".into(),
            None => "没有符合筛选条件的案件（x 清除筛选）".into(),
        };
        frame.render_widget(crate::tui::widgets::wrap::wrapped(vec![Line::from(text)], list, 1).block(b), list);
        return;
    }
    let wide = area.width >= 120;
    let height = list.height.saturating_sub(3) as usize;
    let sel = v.selected.min(v.shown.len() - 1);
    let start = sel.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = v.shown[start..(start + height).min(v.shown.len())]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let r = &v.rows[i];
            let (next, color) = match &r.next {
                Some(d) => {
                    let (mark, color) = marker(d.status);
                    let text = if wide {
                        format!("{} {} {}", d.due, mark, d.what)
                    } else {
                        format!("{} {}", &d.due.format("%m-%d"), mark)
                    };
                    (text, color)
                }
                None => ("—".into(), Color::DarkGray),
            };
            let track = format!("{}·{}", r.track.label(), r.stage.label());
            let row = Row::new(vec![
                Cell::from(r.id.to_string()),
                Cell::from(r.enterprise.clone()),
                Cell::from(r.province.clone()),
                Cell::from(track),
                Cell::from(r.status.clone()),
                Cell::from(Span::styled(next, Style::default().fg(color))),
            ]);
            if start + n == sel { row.style(sel_style()) } else { row }
        })
        .collect();
    let header = Row::new(["案件", "企业", "省份", "类别·阶段", "状态", "下一期限"])
        .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
    let widths = if wide {
        [
            Constraint::Length(6),
            Constraint::Min(20),
            Constraint::Length(6),
            Constraint::Length(12),
            Constraint::Length(22),
            Constraint::Min(40),
        ]
    } else {
        [
            Constraint::Length(5),
            Constraint::Min(12),
            Constraint::Length(4),
            Constraint::Length(9),
            Constraint::Length(14),
            Constraint::Length(15),
        ]
    };
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1).block(b), list);
    let _ = date_zh;
}
