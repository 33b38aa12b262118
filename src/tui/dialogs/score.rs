//! One expert's score on one item: the points, the reason for a deduction (扣分原因, required when below full marks)
//! and the evidence. Full marks are saved with Enter at once; a deduction goes on to its reason. On an item whose
//! sheet prints fixed levels (广东自愿 2.1: 8 or 4), the dialog says them, ←→ choose among them, and any other score
//! typed is refused in the domain's words, naming the levels.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::domain::refusal::{Field, Refusal};
use crate::domain::review::{check_level, check_reason, check_score_max};
use crate::domain::scorecard::Item;
use crate::store::LoadedReview;
use crate::tui::action::Action;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, Taken, code, plain};
use crate::tui::keys::{Key, KeyCode};
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, TextArea};
use crate::tui::widgets::words::levels_zh;
use crate::tui::widgets::wrap::{text_lines, wrapped};

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreForm {
    pub expert: i64,
    pub expert_name: String,
    pub item: String,
    pub title: String,
    pub max: Points,
    /// The item as the sheet prints it (its fixed levels, if any).
    pub def: Box<Item>,
    pub score: LineInput,
    pub reason: TextArea,
    pub evidence: LineInput,
    /// 0: score, 1: reason, 2: evidence
    pub focus: usize,
    pub error: Option<String>,
}

/// The longest score typed ("100.5").
const SCORE_CHARS: usize = 6;
/// The longest evidence (佐证) the dialog takes.
const EVIDENCE_CHARS: usize = 2000;
/// Text width of the reason editor.
const REASON_WIDTH: usize = 56;

impl ScoreForm {
    /// Opens the score dialog on an item for an expert; `first` is the key that opened it (typed into the score).
    pub fn open(r: &LoadedReview, expert: i64, item: &str, first: Option<char>) -> Option<ScoreForm> {
        let it = r.card.item(item)?;
        let max = r.data.item_max(&r.card, item).unwrap_or(it.points);
        let existing = r.data.score(expert, item);
        // The saved score is what the input was opened with, so that a first key typed into it counts as typed.
        let mut score =
            LineInput::new(&existing.map(|s| s.points.to_string()).unwrap_or_default()).with_max(SCORE_CHARS);
        if let Some(c) = first {
            score.set(&c.to_string());
        }
        Some(ScoreForm {
            expert,
            expert_name: r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default(),
            item: item.to_string(),
            title: it.title.clone(),
            max,
            def: Box::new(it.clone()),
            score,
            reason: TextArea::new(existing.map_or("", |s| &s.reason)),
            evidence: LineInput::new(existing.map_or("", |s| &s.evidence)).with_max(EVIDENCE_CHARS),
            focus: 0,
            error: None,
        })
    }

    /// The score as typed, refused by the domain's rules as the store would refuse it.
    fn parsed(&self) -> Result<Points, Refusal> {
        let p = crate::domain::input::points(self.score.text(), Field::Score)?;
        check_score_max(&self.item, p, self.max)?;
        check_level(&self.def, p)?;
        Ok(p)
    }

    /// The next printed level to the right (`right`: lower) or left of the one typed; from a score that is no level,
    /// the first or the last.
    fn step_level(&mut self, right: bool) {
        let levels = &self.def.levels;
        let at = Points::parse(self.score.text().trim()).ok().and_then(|p| levels.iter().position(|l| *l == p));
        let n = levels.len();
        let next = match (at, right) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.score.set(&levels[next].to_string());
    }

    fn save(&self, points: Points, reason: String) -> Done<Action> {
        Done::Act(Action::SaveScore {
            expert: self.expert,
            item: self.item.clone(),
            points,
            reason,
            evidence: self.evidence.text().to_string(),
        })
    }

    pub fn paste(&mut self, text: &str) {
        match self.focus {
            0 => self.score.insert(text),
            1 => self.reason.insert(text),
            _ => self.evidence.insert(text),
        }
    }

    /// Whether the score, the reason or the evidence differs from what is saved.
    pub fn unsaved(&self) -> bool {
        self.score.changed() || self.reason.changed() || self.evidence.changed()
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let line = |l: &str, n: Option<crate::tui::widgets::input::Notice>| n.map(|n| format!("{l}：{}", n.text()));
        line("得分", self.score.take_notice())
            .or_else(|| line("扣分原因", self.reason.take_notice()))
            .or_else(|| line("佐证", self.evidence.take_notice()))
    }
}

type K = Binding<ScoreForm, Action>;

pub static KEYS: Keymap<ScoreForm, Action> = Keymap {
    name: "dialog score",
    bindings: &[
        // In the score: full marks are saved at once, a deduction goes on to its reason.
        K::new(&[plain(KeyCode::Enter)], |f, _| {
            if f.focus != 0 {
                return Done::Ignored;
            }
            match f.parsed() {
                Err(e) => f.error = Some(e.zh()),
                Ok(p) if p == f.max => return f.save(p, String::new()),
                Ok(_) => f.focus = 1,
            }
            Done::Changed
        })
        .label("Enter 确定分数"),
        // Said on the line of the levels, where it moves (the frame has no room for it at 64 columns).
        K::new(&[plain(KeyCode::Left), plain(KeyCode::Right)], |f, k| {
            f.step_level(k.code == KeyCode::Right);
            Done::Changed
        })
        .when(|f| f.focus == 0 && !f.def.levels.is_empty())
        .quiet(),
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |f, k| {
            f.focus = if k.code == KeyCode::Tab { (f.focus + 1) % 3 } else { (f.focus + 2) % 3 };
            Done::Changed
        })
        .label("Tab 换栏"),
        K::new(&[Pat::Ctrl('s')], |f, _| match f.parsed() {
            Err(e) => {
                f.error = Some(e.zh());
                f.focus = 0;
                Done::Changed
            }
            Ok(p) if let Err(e) = check_reason(&f.item, p, f.max, f.reason.text()) => {
                f.error = Some(e.zh());
                f.focus = 1;
                Done::Changed
            }
            Ok(p) => {
                let reason = if p < f.max { f.reason.text().to_string() } else { String::new() };
                f.save(p, reason)
            }
        })
        .label("Ctrl+S 保存"),
        K::new(&[Pat::Any], |f, k| f.score.handle(k).into()).when(|f| f.focus == 0).typing(),
        K::new(&[Pat::Any], |f, k| f.reason.handle(k, REASON_WIDTH).into()).when(|f| f.focus == 1).typing(),
        K::new(&[Pat::Any], |f, k| f.evidence.handle(k).into()).when(|f| f.focus == 2).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
    ],
};

/// A key in the dialog: any key first clears the message of the last one.
pub fn key(f: &mut ScoreForm, key: &Key) -> Option<Taken<Action>> {
    if !key.is(KeyCode::Esc) {
        f.error = None;
    }
    KEYS.dispatch(f, key)
}

pub fn render(frame: &mut Frame, f: &ScoreForm, area: Rect) {
    // An item with fixed levels has two more lines: the levels, and room for a refusal that names them.
    let levelled = !f.def.levels.is_empty();
    let r = centered(area, 64, if levelled { 16 } else { 14 });
    frame.render_widget(Clear, r);
    let title = format!("{} · 条目 {}", f.expert_name, f.item);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(&title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(if levelled { 2 } else { 0 }),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .split(inner);
    frame.render_widget(wrapped(text_lines(&f.title), rows[0], 0), rows[0]);
    let cols = Layout::horizontal([Constraint::Length(8), Constraint::Length(8), Constraint::Min(1)]).split(rows[1]);
    frame.render_widget(Paragraph::new(Line::from(label("得分", f.focus == 0))), cols[0]);
    f.score.render(frame, cols[1], f.focus == 0, Style::default().add_modifier(Modifier::BOLD));
    let red = Style::default().fg(Color::Red);
    let deduction = |p: Points| {
        Span::styled(format!("满分 {}，扣 {} 分：须写扣分原因", f.max, f.max - p), Style::default().fg(Color::Yellow))
    };
    if levelled {
        // The refusal goes below the levels, where it has the dialog's width.
        let note = match f.parsed() {
            Ok(p) if p < f.max => deduction(p),
            _ => Span::raw(format!("满分 {}", f.max)),
        };
        frame.render_widget(Paragraph::new(Line::from(note)), cols[2]);
        let mut lines = vec![Line::from(Span::styled(
            format!("本条只能评 {} 分（←→ 选择，或输入其一）", levels_zh(&f.def.levels)),
            Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ))];
        if let Some(e) = &f.error {
            lines.push(Line::from(Span::styled(e.clone(), red)));
        }
        frame.render_widget(wrapped(lines, rows[2], 0), rows[2]);
    } else {
        let note = match (&f.error, f.parsed()) {
            (Some(e), _) => Span::styled(e.clone(), red),
            (None, Ok(p)) if p < f.max => deduction(p),
            (None, _) => Span::raw(format!("满分 {}（0 至 {}，最多一位小数）", f.max, f.max)),
        };
        frame.render_widget(Paragraph::new(Line::from(note)), cols[2]);
    }
    frame.render_widget(Paragraph::new(Line::from(label("扣分原因", f.focus == 1))), rows[3]);
    f.reason.render(frame, rows[4], f.focus == 1);
    let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[5]);
    frame.render_widget(Paragraph::new(Line::from(label("佐证", f.focus == 2))), cols[0]);
    f.evidence.render(frame, cols[1], f.focus == 2, Style::default());
}
