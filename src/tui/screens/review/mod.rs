//! An open review and its six pages, each in its own file with its keymap and its drawing: the panel (专家组), the
//! scoring (on rules without a sheet, the findings: 认定), the vetoes, the opinion, the result, and signing and export.
//! The vetoes page and the findings page are one file, [`findings`]: both list conditions the panel finds. The keys
//! every page shares are here; how a result is said is in [`crate::tui::widgets::words`], which dialogs share.

pub mod findings;
pub mod opinion;
pub mod panel;
pub mod result;
pub mod scoring;
pub mod sign;
pub mod state;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Tabs;

pub use crate::tui::tab::Tab;
pub use state::{ReviewView, SignState};

use crate::domain::scorecard::CardKind;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Done, HelpRow, Info, Keymap, Pat, Taken, ch, code, help_lines, hint_line};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::widgets::chrome::sel_style;

type K = Binding<ReviewView, Action>;

const PAGE_KEYS: &[Pat] = &[
    code(KeyCode::Tab),
    code(KeyCode::BackTab),
    code(KeyCode::F(1)),
    code(KeyCode::F(2)),
    code(KeyCode::F(3)),
    code(KeyCode::F(4)),
    code(KeyCode::F(5)),
    code(KeyCode::F(6)),
];

/// The keys of every page.
pub static COMMON: Keymap<ReviewView, Action> = Keymap {
    name: "review",
    bindings: &[
        K::new(PAGE_KEYS, |v, k| {
            let kind = v.r.card.kind;
            Done::Act(Action::SwitchTab(match k.code {
                KeyCode::Tab => v.tab.next(kind),
                KeyCode::BackTab => v.tab.prev(kind),
                KeyCode::F(n) => Tab::pages(kind)[(n - 1) as usize],
                _ => v.tab,
            }))
        })
        .hint("Tab 换页")
        .help("Tab 或 F1–F6 换页"),
        // On the scoring page the digits are scores; a review on rules has no scoring page.
        K::new(&[Pat::Char(|c| ('1'..='6').contains(&c))], digit_page)
            .when(|v| v.r.card.kind == CardKind::Sheet && v.tab != Tab::Scoring)
            .help("评分页以外也可按 1–6"),
        K::new(&[Pat::Char(|c| ('1'..='6').contains(&c))], digit_page)
            .when(|v| v.r.card.kind == CardKind::Rules)
            .help("也可按 1–6")
            .line(1),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).hint("? 帮助"),
        K::new(&[code(KeyCode::Esc), Pat::Key(|k| k.code == KeyCode::Char('q') && !k.ctrl)], |_, _| {
            Done::Act(Action::Back)
        })
        .hint("Esc 返回"),
    ],
};

/// The page a digit names.
fn digit_page(v: &mut ReviewView, k: &Key) -> Done<Action> {
    match k.code {
        KeyCode::Char(c) => Done::Act(Action::SwitchTab(Tab::pages(v.r.card.kind)[(c as u8 - b'1') as usize])),
        _ => Done::Ignored,
    }
}

pub static HELP: &[HelpRow] = &[HelpRow::heading_keys(0, "验收（", "；", "）")];
/// The same for a review on rules, whose digits are never scores (the page keys' label repeated in the prefix).
pub static HELP_RULES: &[HelpRow] = &[HelpRow::heading_keys(1, "验收（Tab 或 F1–F6 换页；", "；", "）")];

/// The keymap of the page shown.
fn page(tab: Tab) -> &'static Keymap<ReviewView, Action> {
    match tab {
        Tab::Panel => &panel::KEYS,
        Tab::Scoring => &scoring::KEYS,
        Tab::Findings | Tab::Vetoes => &findings::KEYS,
        Tab::Opinion => &opinion::KEYS,
        Tab::Result => &result::KEYS,
        Tab::Sign => &sign::KEYS,
    }
}

/// A key on the review: the page's own keys, then those of every page (the two never share a key).
pub fn key(v: &mut ReviewView, key: &Key) -> Option<Taken<Action>> {
    page(v.tab).dispatch(v, key).or_else(|| COMMON.dispatch(v, key))
}

pub fn hint(v: &ReviewView) -> String {
    hint_line(&[page(v.tab), &COMMON], v)
}

/// The help of the review: the keys of every page it has (a review on rules has no scoring page; the requirements
/// and distinctions are listed where the sheet or rules have them).
pub fn help(v: &ReviewView) -> Vec<(String, bool)> {
    let common = if v.r.card.kind == CardKind::Sheet { HELP } else { HELP_RULES };
    let mut lines = help_lines(common, &COMMON);
    lines.extend(help_lines(panel::HELP, &panel::KEYS));
    if v.r.card.kind == CardKind::Sheet {
        lines.extend(help_lines(scoring::HELP, &scoring::KEYS));
    }
    lines.extend(help_lines(&findings::help(v), &findings::KEYS));
    for (rows, map) in [(opinion::HELP, &opinion::KEYS), (result::HELP, &result::KEYS), (sign::HELP, &sign::KEYS)] {
        lines.extend(help_lines(rows, map));
    }
    lines
}

pub fn keymaps() -> Vec<Vec<Info>> {
    [&COMMON, &panel::KEYS, &scoring::KEYS, &findings::KEYS, &opinion::KEYS, &result::KEYS, &sign::KEYS]
        .iter()
        .map(|m| m.info())
        .collect()
}

/// A page's title for this review: the vetoes page of a score sheet that lists requirements holds them too.
fn title(v: &ReviewView, tab: Tab) -> String {
    let card = &v.r.card;
    if tab == Tab::Vetoes && card.kind == CardKind::Sheet && !card.requirements.is_empty() {
        return "3 否决项与要求".into();
    }
    tab.title(card.stage_label())
}

pub fn render(frame: &mut Frame, v: &ReviewView, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let titles: Vec<String> = Tab::pages(v.r.card.kind).iter().map(|t| title(v, *t)).collect();
    frame.render_widget(Tabs::new(titles).select(v.tab.index()).highlight_style(sel_style()).divider("│"), tabs);
    match v.tab {
        Tab::Panel => panel::render(frame, v, body),
        Tab::Scoring => scoring::render(frame, v, body),
        Tab::Findings | Tab::Vetoes => findings::render(frame, v, body),
        Tab::Opinion => opinion::render(frame, v, body),
        Tab::Result => result::render(frame, v, body),
        Tab::Sign => sign::render(frame, v, body),
    }
}
