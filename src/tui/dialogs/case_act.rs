//! One act on a case, as a form: which fields the act needs (dates, choices, notes, a file to write), filled where
//! the case already knows the answer (today's date, the scheduled visit, the undecided objection). F9 records it:
//! an act on a case is written to its audit log and is not taken back, so Enter only moves to the next field. The
//! store checks the act with the domain's rules; a refusal is said on the status line and the form stays open with
//! what was typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::{Action, CaseAct, CaseActKind};
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, PATH_CHARS};
use crate::tui::widgets::wrap::{text_lines, wrap_lines, wrapped};

/// One field of the form: typed text, or a choice among words (`choices` not empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub input: LineInput,
    pub choices: Vec<String>,
    pub choice: usize,
    /// The choice it was opened with, to tell whether it changed.
    pub opened: usize,
}

impl Field {
    fn text(label: &'static str, value: &str) -> Field {
        Field { label, input: LineInput::new(value).with_max(PATH_CHARS), choices: Vec::new(), choice: 0, opened: 0 }
    }
    fn choice(label: &'static str, choices: &[&str], choice: usize) -> Field {
        let choices = choices.iter().map(|c| c.to_string()).collect();
        Field { label, input: LineInput::new(""), choices, choice, opened: choice }
    }
    fn value(&self) -> String {
        self.input.text().trim().to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseActForm {
    pub case: i64,
    pub kind: CaseActKind,
    pub title: String,
    /// What the act records and the rule it follows, in a few lines.
    pub about: String,
    pub fields: Vec<Field>,
    pub focus: usize,
}

/// The conclusion of a round where the panel decides: left to the scores, or given.
const CONCLUSION: &[&str] = &["按验收结果", "通过", "不通过"];
const MET: &[&str] = &["满足", "不满足"];
const UPHELD: &[&str] = &["不成立", "成立"];
/// A new case's track and stage, in the order of [`CaseAct::New`]'s numbers.
pub const TRACKS: &[&str] = &["自愿", "强制"];
pub const STAGES: &[&str] = &["验收", "评估"];
/// The case's own dates the support unit records (as `case date` spells them).
pub const DATE_EVENTS: &[&str] = &["接到申请材料", "受理", "列入名单", "转报", "移交"];

impl CaseActForm {
    /// The form of `kind` for case `case`; `today` and the known values fill it.
    pub fn new(case: i64, kind: CaseActKind, today: &str, about: String) -> CaseActForm {
        let t = |l, v: &str| Field::text(l, v);
        let (title, fields): (&str, Vec<Field>) = match &kind {
            CaseActKind::New { provinces } => {
                let names: Vec<&str> = provinces.iter().map(String::as_str).collect();
                (
                    "登记申请（新建案件）",
                    vec![
                        Field::choice("省份", &names, 0),
                        Field::choice("类别", TRACKS, 0),
                        Field::choice("阶段", STAGES, 0),
                        t("企业名称", ""),
                        t("统一社会信用代码", ""),
                        t("行业（可不填）", ""),
                        t("申请日期（可不填）", today),
                    ],
                )
            }
            CaseActKind::Check { item, met, note } => (
                "核对申请条件或材料",
                vec![
                    t("条目", item),
                    Field::choice("核对结果", MET, usize::from(*met == Some(false))),
                    t("说明", note),
                ],
            ),
            CaseActKind::CheckDone => {
                ("申请审查完成", vec![t("完成日期", today), t("理由（有未满足的条件时必填）", "")])
            }
            CaseActKind::Date => ("记录案件日期", vec![Field::choice("事项", DATE_EVENTS, 0), t("日期", today)]),
            CaseActKind::Schedule { visit } => ("安排现场验收", vec![t("现场验收日期", visit)]),
            CaseActKind::Review { visit } | CaseActKind::Recheck { visit } => {
                let mut f = Vec::new();
                if matches!(kind, CaseActKind::Recheck { .. }) {
                    f.push(t("复核申请日期", today));
                }
                f.extend([
                    t("现场验收日期", visit),
                    t("地点", ""),
                    t("审核机构", ""),
                    t("企业地址", ""),
                    t("验收类型", ""),
                ]);
                (
                    if matches!(kind, CaseActKind::Recheck { .. }) {
                        "申请复核（新建复核验收）"
                    } else {
                        "开始验收"
                    },
                    f,
                )
            }
            CaseActKind::Report => ("验收工作报告", vec![t("报送日期", today), Field::choice("结论", CONCLUSION, 0)]),
            CaseActKind::Publish => (
                "开始公示",
                vec![
                    t("公示开始日期", today),
                    t("公示期满日（本省未规定期限时必填）", ""),
                    Field::choice("结论", CONCLUSION, 0),
                ],
            ),
            CaseActKind::Object => ("记录公示异议", vec![t("异议日期", today), t("异议内容", "")]),
            CaseActKind::Decide { objection } => (
                "处理公示异议",
                vec![
                    t("异议编号", &objection.map(|o| o.to_string()).unwrap_or_default()),
                    Field::choice("处理结果", UPHELD, 0),
                    t("处理日期", today),
                    t("处理说明", ""),
                ],
            ),
            CaseActKind::Rectify => (
                "通知整改",
                vec![
                    t("整改通知日期", today),
                    t("整改期限（本省未规定时可填）", ""),
                    Field::choice("结论", CONCLUSION, 0),
                ],
            ),
            CaseActKind::Grant => ("授予称号或证书", vec![t("授予日期", today), t("证书编号或说明", "")]),
            CaseActKind::ReportFile { path } => ("写出验收工作报告（HTML）", vec![t("文件", path)]),
            CaseActKind::NoticeFile { path, from } => {
                ("写出公示通知（HTML）", vec![t("公示开始日期", from), t("文件", path)])
            }
        };
        CaseActForm { case, kind, title: title.into(), about, fields, focus: 0 }
    }

    /// Whether anything was typed or chosen that recording would keep and closing would throw away.
    pub fn unsaved(&self) -> bool {
        self.fields.iter().any(|f| f.input.changed() || f.choice != f.opened)
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.choices.is_empty()) {
            f.input.insert(text);
        }
    }

    pub fn take_notice(&mut self) -> Option<String> {
        let f = self.fields.get_mut(self.focus)?;
        let label = f.label;
        f.input.take_notice().map(|n| format!("{label}：{}", n.text()))
    }

    fn value(&self, i: usize) -> String {
        self.fields.get(i).map(Field::value).unwrap_or_default()
    }

    fn choice(&self, i: usize) -> usize {
        self.fields.get(i).map_or(0, |f| f.choice)
    }

    /// The conclusion chosen: `None` leaves it to the review's result.
    fn conclusion(&self, i: usize) -> Option<bool> {
        match self.choice(i) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        }
    }

    /// What the form records, with what was typed as typed (the store reads and checks it).
    pub fn act(&self) -> CaseAct {
        let v = |i| self.value(i);
        match &self.kind {
            CaseActKind::New { .. } => CaseAct::New {
                province: self.fields.first().and_then(|f| f.choices.get(f.choice)).cloned().unwrap_or_default(),
                track: self.choice(1),
                stage: self.choice(2),
                enterprise: v(3),
                credit_code: v(4),
                industry: v(5),
                applied: v(6),
            },
            CaseActKind::Check { .. } => CaseAct::Check { item: v(0), met: self.choice(1) == 0, note: v(2) },
            CaseActKind::CheckDone => CaseAct::CheckDone { date: v(0), reason: v(1) },
            CaseActKind::Date => CaseAct::Date { event: self.choice(0), date: v(1) },
            CaseActKind::Schedule { .. } => CaseAct::Schedule { visit: v(0) },
            CaseActKind::Review { .. } => CaseAct::Review {
                visit: v(0),
                place: v(1),
                agency: v(2),
                address: v(3),
                review_type: Some(v(4)).filter(|t| !t.is_empty()),
            },
            CaseActKind::Recheck { .. } => CaseAct::Recheck {
                requested: v(0),
                visit: v(1),
                place: v(2),
                agency: v(3),
                address: v(4),
                review_type: Some(v(5)).filter(|t| !t.is_empty()),
            },
            CaseActKind::Report => CaseAct::Report { date: v(0), conclusion: self.conclusion(1) },
            CaseActKind::Publish => CaseAct::Publish { from: v(0), until: v(1), conclusion: self.conclusion(2) },
            CaseActKind::Object => CaseAct::Object { date: v(0), text: v(1) },
            CaseActKind::Decide { .. } => {
                CaseAct::Decide { objection: v(0), upheld: self.choice(1) == 1, date: v(2), note: v(3) }
            }
            CaseActKind::Rectify => CaseAct::Rectify { notified: v(0), due: v(1), conclusion: self.conclusion(2) },
            CaseActKind::Grant => CaseAct::Grant { date: v(0), note: v(1) },
            CaseActKind::ReportFile { .. } => CaseAct::ReportFile { path: v(0) },
            CaseActKind::NoticeFile { .. } => CaseAct::NoticeFile { from: v(0), path: v(1) },
        }
    }

    fn on_choice(&self) -> bool {
        self.fields.get(self.focus).is_some_and(|f| !f.choices.is_empty())
    }

    fn on_text(&self) -> bool {
        !self.on_choice()
    }
}

type K = Binding<CaseActForm, Action>;

pub static KEYS: Keymap<CaseActForm, Action> = Keymap {
    name: "dialog case act",
    bindings: &[
        K::new(&[code(KeyCode::F(9))], |f, _| Done::Act(Action::CaseAct { case: f.case, act: f.act() }))
            .hint("F9 记录")
            .help("F9 记录（写入案件日志，不可撤销）"),
        // Tab, Enter and ↓ move on, Shift+Tab and ↑ back: Enter never records.
        K::new(&[code(KeyCode::Tab), plain(KeyCode::Enter), plain(KeyCode::Down)], |f, _| {
            f.focus = (f.focus + 1) % f.fields.len().max(1);
            Done::Changed
        })
        .label("Tab/Enter 下一栏"),
        K::new(&[code(KeyCode::BackTab), plain(KeyCode::Up)], |f, _| {
            let n = f.fields.len().max(1);
            f.focus = (f.focus + n - 1) % n;
            Done::Changed
        })
        .quiet(),
        K::new(&[plain(KeyCode::Left), plain(KeyCode::Right), plain(KeyCode::Char(' '))], |f, k| {
            let Some(field) = f.fields.get_mut(f.focus) else { return Done::Ignored };
            let n = field.choices.len().max(1);
            field.choice = if k.code == KeyCode::Left { (field.choice + n - 1) % n } else { (field.choice + 1) % n };
            Done::Changed
        })
        .when(CaseActForm::on_choice)
        .label("←→ 选择"),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.unsaved())).label("Esc 取消"),
        K::new(&[Pat::Any], |f, k| match f.fields.get_mut(f.focus) {
            Some(field) => field.input.handle(k).into(),
            None => Done::Ignored,
        })
        .when(CaseActForm::on_text)
        .typing(),
    ],
};

pub fn render(frame: &mut Frame, f: &CaseActForm, area: Rect) {
    let width = area.width.clamp(40, 78);
    let about = wrap_lines(text_lines(&f.about), width.saturating_sub(4) as usize);
    let about_h = (about.len() as u16).min(area.height.saturating_sub(f.fields.len() as u16 * 2 + 4)).max(1);
    let r = centered(area, width, about_h + f.fields.len() as u16 * 2 + 4);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(&f.title, &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let mut constraints = vec![Constraint::Length(about_h), Constraint::Length(1)];
    constraints.extend(f.fields.iter().map(|_| Constraint::Length(2)));
    constraints.push(Constraint::Min(0));
    let rows = Layout::vertical(constraints).split(inner);
    frame.render_widget(wrapped(about, rows[0], 0), rows[0]);
    for (n, field) in f.fields.iter().enumerate() {
        let [name, value] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(rows[n + 2]);
        frame.render_widget(Paragraph::new(Line::from(label(field.label, f.focus == n))), name);
        if field.choices.is_empty() {
            field.input.render(frame, value, f.focus == n, Style::default().add_modifier(Modifier::UNDERLINED));
        } else {
            // A long list of choices (the provinces) starts where the chosen one still shows.
            let widths: Vec<usize> = field.choices.iter().map(|c| c.width() + 3).collect();
            let mut start = 0;
            while start < field.choice && widths[start..=field.choice].iter().sum::<usize>() > value.width as usize {
                start += 1;
            }
            let mut spans = Vec::new();
            for (i, c) in field.choices.iter().enumerate().skip(start) {
                let style = if i == field.choice {
                    Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
                } else {
                    Style::default().fg(Color::DarkGray)
                };
                spans.push(Span::styled(format!(" {c} "), style));
                spans.push(Span::raw(" "));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), value);
        }
    }
}
