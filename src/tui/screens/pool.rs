//! The support unit's expert pool (专家库): the experts with their field, unit, term and whether they left the pool;
//! a search by name or unit (`/`), a filter by field (`f`), adding an expert (`a`) or editing the selected one (`e`)
//! in the pool's form (`dialogs::pool_expert`, F9 saves), taking the selected expert out of the pool (F9, never
//! Enter), and the draw screen for a case (`d`). A whole table of experts is imported with `yanshou pool import`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::domain::pool::{Expert, Field};
use crate::domain::text::MAX_NAME;
use crate::tui::action::{Action, Open};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, Pat, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::input::{Edit, LineInput};
use crate::tui::widgets::wrap::{fit, wrapped};

#[derive(Clone, Debug, Default)]
pub struct PoolView {
    /// Every expert with their id, by name and unit.
    pub rows: Vec<(i64, Expert)>,
    pub selected: usize,
    pub search: LineInput,
    pub searching: bool,
    pub field: Option<Field>,
}

impl PoolView {
    pub fn new() -> PoolView {
        PoolView { search: LineInput::new("").with_max(MAX_NAME), ..PoolView::default() }
    }

    /// The experts the search and the field filter let through.
    pub fn visible(&self) -> Vec<&(i64, Expert)> {
        let q = self.search.text().trim().to_string();
        self.rows
            .iter()
            .filter(|(_, e)| self.field.is_none_or(|f| e.field == f))
            .filter(|(_, e)| q.is_empty() || e.name.contains(&q) || e.unit.contains(&q))
            .collect()
    }

    pub fn current(&self) -> Option<&(i64, Expert)> {
        let v = self.visible();
        v.get(self.selected.min(v.len().saturating_sub(1))).copied()
    }

    /// Selects expert `id`, clearing the search and the filter if they hide them.
    pub fn select(&mut self, id: i64) {
        if !self.visible().iter().any(|(i, _)| *i == id) {
            self.search = LineInput::new("").with_max(MAX_NAME);
            self.field = None;
        }
        if let Some(at) = self.visible().iter().position(|(i, _)| *i == id) {
            self.selected = at;
        }
    }

    fn next_field(&mut self) {
        self.field = match self.field {
            None => Some(Field::ALL[0]),
            Some(f) => Field::ALL.iter().position(|x| *x == f).and_then(|i| Field::ALL.get(i + 1)).copied(),
        };
        self.selected = 0;
    }
}

fn searching(p: &PoolView) -> bool {
    p.searching
}

fn browsing(p: &PoolView) -> bool {
    !p.searching
}

fn on_expert(p: &PoolView) -> bool {
    !p.searching && p.current().is_some()
}

fn selectable(p: &PoolView) -> bool {
    !p.searching && p.current().is_some_and(|(_, e)| e.retired_on.is_none())
}

type K = Binding<PoolView, Action>;

pub static KEYS: Keymap<PoolView, Action> = Keymap {
    name: "pool",
    bindings: &[
        K::new(&[Pat::Any], |p, k| {
            let e = p.search.handle(k);
            if e == Edit::Changed {
                p.selected = 0;
            }
            e.into()
        })
        .when(searching)
        .hint("输入姓名或单位")
        .typing(),
        K::new(&[code(KeyCode::Enter), code(KeyCode::Esc)], |p, _| {
            p.searching = false;
            Done::Changed
        })
        .when(searching)
        .hint("Enter/Esc 完成"),
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |p, k| {
            let n = p.visible().len();
            p.selected = if k.code == KeyCode::Up {
                p.selected.saturating_sub(1)
            } else {
                (p.selected + 1).min(n.saturating_sub(1))
            };
            Done::Changed
        })
        .when(browsing)
        .help("↑↓ 选择"),
        K::new(&[ch('/')], |p, _| {
            p.searching = true;
            Done::Changed
        })
        .when(browsing)
        .label("/ 搜索"),
        K::new(&[ch('f')], |p, _| {
            p.next_field();
            Done::Changed
        })
        .when(browsing)
        .hint("f 领域")
        .help("f 按领域筛选"),
        K::new(&[ch('a')], |_, _| Done::Act(Action::Open(Open::PoolExpert(None))))
            .when(browsing)
            .hint("a 新增")
            .help("a 新增专家")
            .line(1),
        K::new(&[ch('e')], |p, _| match p.current() {
            Some((id, _)) => Done::Act(Action::Open(Open::PoolExpert(Some(*id)))),
            None => Done::Ignored,
        })
        .when(on_expert)
        .hint("e 修改")
        .help("e 修改所选专家（已退出的也可修改，退出不变）")
        .line(1),
        K::new(&[code(KeyCode::F(9))], |p, _| match p.current() {
            Some((id, _)) => Done::Act(Action::RetireExpert(*id)),
            None => Done::Ignored,
        })
        .when(selectable)
        .hint("F9 退出专家库")
        .help("F9 所选专家退出专家库（保留记录，此后不再抽取）")
        .line(1),
        K::new(&[ch('d')], |_, _| Done::Act(Action::OpenDraw)).when(browsing).hint("d 抽取").help("d 抽取专家").line(1),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).when(browsing).hint("? 帮助"),
        K::new(&[code(KeyCode::Esc), ch('q')], |_, _| Done::Act(Action::OpenUnit))
            .when(browsing)
            .hint("Esc 返回")
            .help("Esc 返回技术依托单位")
            .line(2),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("专家库"),
    HelpRow::keys(0, "  ", ""),
    HelpRow::keys(1, "  ", ""),
    HelpRow::text("    新增、修改专家也可以导入专家库表格（yanshou pool import）"),
    HelpRow::keys(2, "  ", ""),
];

pub fn render(frame: &mut Frame, p: &PoolView, area: Rect) {
    let [top, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let [label, input, filter] =
        Layout::horizontal([Constraint::Length(8), Constraint::Min(10), Constraint::Length(18)]).areas(top);
    frame.render_widget(Paragraph::new(Span::styled(" 搜索：", Style::default().fg(ACCENT))), label);
    if p.searching || !p.search.text().is_empty() {
        p.search.render(frame, input, p.searching, Style::default().add_modifier(Modifier::UNDERLINED));
    } else {
        frame.render_widget(
            Paragraph::new(Span::styled("按 / 输入姓名或单位", Style::default().fg(Color::DarkGray))),
            input,
        );
    }
    let field = p.field.map(|f| f.zh()).unwrap_or("全部");
    frame.render_widget(Paragraph::new(format!("领域：{field}")), filter);

    let visible = p.visible();
    let block =
        Block::default().borders(Borders::ALL).title(format!(" 专家库（{} / {} 位） ", visible.len(), p.rows.len()));
    if visible.is_empty() {
        let text = if p.rows.is_empty() {
            "专家库为空。按 a 新增专家，或用 yanshou pool import 导入专家库表格（姓名、单位、专业领域……）。"
        } else {
            "没有符合搜索和领域的专家。"
        };
        frame.render_widget(wrapped(vec![text.into()], table_area, 2).block(block), table_area);
        return;
    }
    let height = table_area.height.saturating_sub(3) as usize;
    let sel = p.selected.min(visible.len() - 1);
    let start = sel.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (_, e))| {
            let state = match (&e.retired_on, &e.term_until) {
                (Some(d), _) => format!("{d} 退出"),
                (None, Some(t)) => format!("聘至 {t}"),
                _ => String::new(),
            };
            let style = if i == sel {
                sel_style()
            } else if e.retired_on.is_some() {
                Style::default().fg(Color::DarkGray)
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(fit(&e.name, 8)),
                Cell::from(fit(&e.unit, 24)),
                Cell::from(e.field.zh()),
                Cell::from(fit(&e.industry, 6)),
                Cell::from(fit(&e.title, 8)),
                Cell::from(state),
            ])
            .style(style)
        })
        .collect();
    let header = Row::new(["姓名", "单位", "领域", "行业", "职称", "聘期/退出"])
        .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(8),
        Constraint::Min(12),
        Constraint::Length(8),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(16),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1).block(block), table_area);
}
