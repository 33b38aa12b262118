//! The support unit's screen: the imported reviews, the quarantine, and the ways to import and compile.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use crate::bundle::payload::read_current;
use crate::bundle::{SignStatus, SignerInfo};
use crate::store::signing::{ImportedReview, QuarantineEntry};
use crate::tui::action::{Action, Open, PathKind};
use crate::tui::keymap::{Binding, Done, HelpRow, Keymap, ch, code};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{ACCENT, sel_style};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{fit, wrap_lines, wrapped};

/// One imported review as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub id: i64,
    pub enterprise: String,
    pub province: String,
    pub sheet: String,
    pub date: String,
    pub revision: u32,
    pub total: String,
    pub grade: String,
    /// Signed, dissented, of the experts who did not recuse.
    pub signatures: String,
    pub superseded: bool,
}

impl ImportRow {
    pub fn from_record(r: &ImportedReview) -> ImportRow {
        let mut row = ImportRow {
            id: r.id,
            enterprise: String::new(),
            province: String::new(),
            sheet: String::new(),
            date: String::new(),
            revision: r.revision,
            total: "—".into(),
            grade: "—".into(),
            signatures: "—".into(),
            superseded: r.superseded_by.is_some(),
        };
        match read_current(&r.payload) {
            Ok(p) => {
                // Rules have no points, whatever total was signed for experts who gave no scores.
                row.total =
                    p.result.total.clone().filter(|_| p.scorecard.kind != "rules").unwrap_or_else(|| "—".into());
                // A rules review has no grade: its result in the province's words stands there.
                row.grade = p.result.grade.clone().or_else(|| p.conclusion_words()).unwrap_or_else(|| "—".into());
                let p = p.v3.v2;
                row.enterprise = p.enterprise.name;
                row.province = p.scorecard.province;
                row.sheet = p.scorecard.title;
                row.date = p.review.date;
            }
            Err(_) => row.enterprise = format!("（导入 {} 的内容无法读取）", r.id),
        }
        if let Ok(list) = serde_json::from_str::<Vec<SignerInfo>>(&r.signers) {
            let count = |st: SignStatus| list.iter().filter(|s| s.status == st).count();
            let voting = list.len() - count(SignStatus::Recused);
            let dissent = count(SignStatus::Dissented);
            row.signatures = format!("签 {}/{voting}", count(SignStatus::Signed));
            if dissent > 0 {
                row.signatures.push_str(&format!(" 异议 {dissent}"));
            }
        }
        row
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnitView {
    pub rows: Vec<ImportRow>,
    pub quarantine: Vec<QuarantineEntry>,
    pub selected: usize,
    pub q_selected: usize,
    /// 0: the imported reviews, 1: the quarantine.
    pub focus: usize,
    /// The trusted roster as loaded, or why it cannot be used.
    pub trust: Result<String, TrustProblem>,
}

/// Why the support unit cannot verify bundles against a trusted roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrustProblem {
    /// Not looked at yet.
    Unchecked,
    /// The roster or the issuer's public key is not in the trust folder.
    NotInstalled {
        dir: String,
    },
    IssuerUnreadable {
        path: String,
        error: String,
    },
    RosterInvalid {
        error: String,
    },
}

impl crate::domain::explain::Explain for TrustProblem {
    fn zh(&self) -> String {
        match self {
            TrustProblem::Unchecked => String::new(),
            TrustProblem::NotInstalled { dir } => format!(
                "尚未安装受信名单：导入前按 t 选择技术依托单位签发的名单（roster.json 及其签名）和签发单位公钥，核验后安装到 {dir}"
            ),
            TrustProblem::IssuerUnreadable { path, error } => format!("无法读取 {path}：{error}"),
            TrustProblem::RosterInvalid { error } => format!("受信名单无法核验，不能导入：{error}"),
        }
    }

    fn en(&self) -> String {
        match self {
            TrustProblem::Unchecked => "the trusted roster has not been read yet".into(),
            TrustProblem::NotInstalled { dir } => format!(
                "no trusted roster is installed: press t to check and install the roster, its signature and the issuer's key in {dir}"
            ),
            TrustProblem::IssuerUnreadable { path, error } => format!("cannot read {path}: {error}"),
            TrustProblem::RosterInvalid { error } => format!("the trusted roster does not verify: {error}"),
        }
    }
}

impl Default for UnitView {
    fn default() -> Self {
        UnitView {
            rows: Vec::new(),
            quarantine: Vec::new(),
            selected: 0,
            q_selected: 0,
            focus: 0,
            trust: Err(TrustProblem::Unchecked),
        }
    }
}

type K = Binding<UnitView, Action>;

pub static KEYS: Keymap<UnitView, Action> = Keymap {
    name: "unit",
    bindings: &[
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |u, k| {
            let up = k.code == KeyCode::Up;
            // (↓ at the end of the imported list moves the quarantine's selection, as it always has.)
            match u.focus {
                0 if up => u.selected = u.selected.saturating_sub(1),
                0 if u.selected + 1 < u.rows.len() => u.selected += 1,
                _ if up => u.q_selected = u.q_selected.saturating_sub(1),
                _ if u.q_selected + 1 < u.quarantine.len() => u.q_selected += 1,
                _ => {}
            }
            Done::Changed
        })
        .label("↑↓ 选择")
        .line(2),
        K::new(&[code(KeyCode::Tab), code(KeyCode::BackTab)], |u, _| {
            u.focus = 1 - u.focus.min(1);
            Done::Changed
        })
        .hint("Tab 换栏")
        .help("Tab 在已导入与隔离区之间切换")
        .line(2),
        K::new(&[ch('i')], |_, _| Done::Act(Action::Open(Open::Path(PathKind::Import))))
            .hint("i 导入")
            .help("i 导入：验收包目录、.yanshou.zip 文件或其所在文件夹；按受信名单核验"),
        K::new(&[ch('t')], |_, _| Done::Act(Action::Open(Open::Trust)))
            .hint("t 名单")
            .help("t 安装受信名单：选名单、签名和签发单位公钥，先核验签名再安装")
            .line(3),
        K::new(&[ch('c')], |u, _| {
            if u.rows.is_empty() {
                return Done::Act(Action::Status(
                    "还没有导入任何验收，无可汇总（按 i 导入）".into(),
                    StatusKind::Error,
                ));
            }
            Done::Act(Action::Open(Open::Path(PathKind::Compile)))
        })
        .hint("c 汇总导出")
        .help("c 汇总导出：Excel 汇总表（.xlsx），旁边同名 .csv")
        .line(1),
        K::new(&[ch('a')], |_, _| Done::Act(Action::OpenCases))
            .hint("a 案件")
            .help("a 案件：申请、审查、验收、公示、整改与复核，及各项期限")
            .line(4),
        K::new(&[ch('p')], |_, _| Done::Act(Action::OpenPool))
            .help("p 专家库：搜索、按领域筛选、新增、修改、退出；为案件抽取专家")
            .line(5),
        K::new(&[ch('?')], |_, _| Done::Act(Action::ToggleHelp)).hint("? 帮助"),
        K::new(&[code(KeyCode::Esc), ch('q')], |_, _| Done::Act(Action::Back))
            .hint("Esc 返回")
            .help("Esc 返回验收列表")
            .line(2),
    ],
};

pub static HELP: &[HelpRow] = &[
    HelpRow::heading("技术依托单位"),
    HelpRow::keys(0, "  ", ""),
    HelpRow::text("    名单：数据目录 trust/ 下的 roster.json（及 .minisig）与 issuer.pub"),
    HelpRow::keys(3, "  ", ""),
    HelpRow::text("    通过的导入（新版本取代旧版本），未通过的放入隔离区并写明原因"),
    HelpRow::keys(1, "  ", ""),
    HelpRow::keys(2, "  ", ""),
    HelpRow::keys(4, "  ", ""),
    HelpRow::keys(5, "  ", ""),
];

pub fn render(frame: &mut Frame, u: &UnitView, area: Rect) {
    let (trust_text, trust_style) = match &u.trust {
        Ok(t) => (t.clone(), Style::default().fg(Color::Green)),
        Err(e) => (crate::domain::explain::Explain::zh(e), Style::default().fg(Color::Yellow)),
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
        let text = vec![Line::from(
            "还没有导入验收。按 i 导入专家组导出的验收包：U 盘上的目录、.yanshou.zip 文件，或包含多个验收包的文件夹。",
        )];
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
                    Cell::from(fit(&r.sheet, 6)),
                    Cell::from(r.date.clone()),
                    Cell::from(r.revision.to_string()),
                    Cell::from(r.total.clone()),
                    Cell::from(fit(&r.grade, 8)),
                    Cell::from(r.signatures.clone()),
                    Cell::from(if r.superseded { "已取代" } else { "当前" }),
                ])
                .style(style)
            })
            .collect();
        let header = Row::new(["企业", "省份", "依据", "日期", "版", "总分", "结果", "签名", "状态"])
            .style(Style::default().fg(ACCENT).add_modifier(Modifier::BOLD));
        let widths = [
            Constraint::Min(12),
            Constraint::Length(4),
            Constraint::Length(6),
            Constraint::Length(10),
            Constraint::Length(2),
            Constraint::Length(6),
            Constraint::Length(8),
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
            vec![Line::from(Span::styled(format!("  原因：{}", q.reason_shown()), Style::default().fg(Color::Red)))],
            inner_w,
        ));
    }
    if u.quarantine.is_empty() {
        lines.push(Line::from(Span::styled("隔离区为空", Style::default().fg(Color::DarkGray))));
    }
    frame.render_widget(Paragraph::new(lines).block(b), quarantine);
}
