//! Choosing the score sheet or rules of a new review, filtered by what is typed (a province, a title, a stage, in any
//! order, with or without spaces between the words). Each entry says its stage (验收, 评估, 评审 …), whether it is a
//! printed score sheet (评分表) or rules without one (规则), and its track, so that a panel picks the right review
//! where a province has several (广东 2009 强制: the 评估 on its sheet, the 验收 on its rules). The list scrolls with
//! the selection and says how many entries it does not show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::scorecard::{Catalog, Scorecard, Track};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block};
use crate::tui::widgets::input::{Edit, LineInput};
use crate::tui::widgets::wrap::fit;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    pub filter: LineInput,
    /// (id, label)
    pub all: Vec<(String, String)>,
    pub selected: usize,
}

/// The longest filter typed.
const FILTER_CHARS: usize = 40;

impl Picker {
    pub fn new(catalog: &Catalog) -> Self {
        Picker {
            filter: LineInput::new("").with_max(FILTER_CHARS),
            all: catalog
                .scorecards
                .iter()
                .map(|c| {
                    let pass = c.pass_mark().map(|g| format!(" {}{}分", g.op.label(), g.score)).unwrap_or_default();
                    (c.id.clone(), format!("{} [{}] {}{pass} {}", c.province, kind_zh(c), c.title, c.id))
                })
                .collect(),
            selected: 0,
        }
    }

    /// The sheets whose label holds every word of the filter, in any order (see [`matches`]).
    pub fn visible(&self) -> Vec<&(String, String)> {
        let terms: Vec<String> = self.filter.text().split_whitespace().map(str::to_lowercase).collect();
        self.all
            .iter()
            .filter(|(_, l)| {
                let l = l.to_lowercase();
                terms.iter().all(|t| matches(&l, t))
            })
            .collect()
    }

    pub fn paste(&mut self, text: &str) {
        self.filter.insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.filter.take_notice().map(|n| format!("评分表筛选：{}", n.text()))
    }
}

/// The stage, the kind and the track of a sheet or rules: `验收·评分表`, `评估·评分表·强制`, `验收·规则·强制`.
pub fn kind_zh(c: &Scorecard) -> String {
    let mut parts = vec![c.stage_label(), c.kind.label()];
    if c.track != Track::Any {
        parts.push(c.track.label());
    }
    parts.join("·")
}

/// Whether a label holds one word of the filter. Chinese is typed without spaces (`福建验收`): a word is found when
/// its runs of Latin letters and digits are each in the label and each of its other characters is, in any order
/// (`福建验收` finds 福建 … 验收评分表, `验收福建` too).
pub fn matches(label: &str, word: &str) -> bool {
    if label.contains(word) {
        return true;
    }
    let mut run = String::new();
    for c in word.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            run.push(c);
            continue;
        }
        if !run.is_empty() && !label.contains(run.as_str()) {
            return false;
        }
        run.clear();
        if c != ' ' && !label.contains(c) {
            return false;
        }
    }
    true
}

type K = Binding<Picker, Action>;

pub static KEYS: Keymap<Picker, Action> = Keymap {
    name: "dialog picker",
    bindings: &[
        K::new(&[Pat::Any], |p, k| {
            let e = p.filter.handle(k);
            if e == Edit::Changed {
                p.selected = 0;
            }
            e.into()
        })
        .hint("输入筛选")
        .typing(),
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |p, k| {
            if k.code == KeyCode::Up {
                p.selected = p.selected.saturating_sub(1);
            } else if p.selected + 1 < p.visible().len() {
                p.selected += 1;
            }
            Done::Changed
        })
        .label("↑↓ 选择"),
        K::new(&[code(KeyCode::Enter)], |p, _| match p.visible().get(p.selected) {
            Some((id, _)) => Done::Act(Action::PickScorecard(id.clone())),
            None => Done::Ignored,
        })
        .label("Enter 确定"),
        K::new(&[plain(KeyCode::Esc)], |_, _| Done::Act(Action::CloseModal)).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, p: &Picker, area: Rect) {
    let r = centered(area, 78, 16);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(p, "");
    let b = dialog_block("选择评分表或规则（输入省份、名称或阶段筛选）", &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let [filter, list, more] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    p.filter.render(frame, filter, true, Style::default().add_modifier(Modifier::UNDERLINED));
    let visible = p.visible();
    let height = list.height as usize;
    let sel = p.selected.min(visible.len().saturating_sub(1));
    let start = (sel + 1).saturating_sub(height);
    let mut lines: Vec<Line> = visible
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (_, l))| {
            let style = if i == sel { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
            Line::from(Span::styled(fit(l, list.width as usize), style))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            "没有符合筛选条件的评分表或规则（Ctrl+U 清空筛选）",
            Style::default().fg(Color::Yellow),
        )));
    }
    frame.render_widget(Paragraph::new(lines), list);
    // The selected entry's id (a long title may cut it above), and what the list does not show, counted.
    let below = visible.len().saturating_sub(start + height);
    let counts = if start > 0 || below > 0 {
        format!("共 {} 项：上面另有 {start} 项，下面另有 {below} 项", visible.len())
    } else {
        String::new()
    };
    let id = visible.get(sel).map(|(id, _)| id.as_str()).unwrap_or_default();
    let width = more.width as usize;
    let id = fit(id, width.saturating_sub(counts.width() + 1));
    let pad = width.saturating_sub(id.width() + counts.width());
    frame.render_widget(
        Paragraph::new(Span::styled(format!("{id}{}{counts}", " ".repeat(pad)), Style::default().fg(Color::DarkGray))),
        more,
    );
}
