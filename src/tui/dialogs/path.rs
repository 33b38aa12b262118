//! The path of an export (a new directory), an import (a bundle, or a folder of bundles) or a compilation (the
//! workbook; the CSV file goes beside it). Ctrl+S (or F9) goes ahead; Enter does not. A compilation to a name that
//! exists is not written: the dialog says so and stays open, to choose another name or to replace the files with F9.
//! A review kit, once read and checked, is imported for one expert: the dialog then lists the panel's non-recused
//! experts, and Enter (or Ctrl+S) imports it for the one chosen.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::action::Action;
pub use crate::tui::action::PathKind;
use crate::tui::dialogs::discard::close;
use crate::tui::keymap::{Binding, Done, Keymap, Pat, code, plain};
use crate::tui::keys::KeyCode;
use crate::tui::widgets::chrome::{centered, dialog_block, label};
use crate::tui::widgets::input::{LineInput, PATH_CHARS};
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::wrap::{text_lines, wrapped};

impl PathKind {
    fn title(self) -> &'static str {
        match self {
            PathKind::Export => "导出验收包",
            PathKind::Import => "导入验收包",
            PathKind::Compile => "汇总导出",
            PathKind::Kit => "导入评审包",
            PathKind::Sheet => "导入个人评分表",
        }
    }
    fn label(self) -> &'static str {
        match self {
            PathKind::Export => "导出到（新目录或 .yanshou.zip）",
            PathKind::Import => "验收包或其所在文件夹",
            PathKind::Compile => "汇总表（.xlsx）",
            PathKind::Kit => "评审包文件（.yanshou.zip）",
            PathKind::Sheet => "个人评分表文件（.yanshou.zip）",
        }
    }
    fn explanation(self) -> &'static str {
        match self {
            PathKind::Export => {
                "验收包含 payload、各专家签名和不同意见、冻结的评分表，以及可打印的验收意见、评分表和签到表。写入一个新目录或一个 .yanshou.zip 文件，不覆盖已有的。"
            }
            PathKind::Import => {
                "填写一个验收包目录（含 bundle.json）或验收包文件（.yanshou.zip），或包含多个验收包的文件夹。每个包按受信名单核验：通过的导入，未通过的放入隔离区并写明原因。"
            }
            PathKind::Compile => {
                "写出全部已导入验收的 Excel 汇总表（全部、各省、分歧、专家宽严、历史版本），并在旁边写出同名的 .csv 文件。"
            }
            PathKind::Kit => {
                "专家在本机独立评分：导入组长签名的评审包（评审、冻结的评分表、专家组与回避）。核验签名后在本机建立同一评审。"
            }
            PathKind::Sheet => {
                "组长在本机合并：导入专家签名的个人评分表。核验签名、评审、评审包和版本；不通过的写明原因，不作任何改动。"
            }
        }
    }
    fn verb(self) -> &'static str {
        match self {
            PathKind::Export => "导出",
            PathKind::Import => "导入",
            PathKind::Compile => "写出",
            PathKind::Kit | PathKind::Sheet => "导入",
        }
    }
}

/// A path to write to or read from, with what it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct PathForm {
    pub kind: PathKind,
    pub path: LineInput,
    /// A compilation's workbook found to exist (set when going ahead was refused): F9 replaces it and the CSV file
    /// beside it, while the path still names it.
    pub replace: Option<PathBuf>,
    /// A review kit read and checked (its path, and the panel's non-recused experts with the one chosen): the kit is
    /// imported for one expert, chosen here, while the path still names it.
    pub experts: Option<KitChoice>,
}

/// Whom a kit read from `path` may be imported for (the non-recused experts of its panel), and the one chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct KitChoice {
    pub path: PathBuf,
    pub names: Vec<String>,
    pub selected: usize,
}

impl PathForm {
    pub fn new(kind: PathKind, path: &Path) -> Self {
        PathForm {
            kind,
            path: LineInput::new(&path.display().to_string()).with_max(PATH_CHARS),
            replace: None,
            experts: None,
        }
    }

    fn go(&mut self) -> Done<Action> {
        let t = self.path.text().trim();
        if t.is_empty() {
            return Done::Act(Action::Status("请填写路径".into(), StatusKind::Error));
        }
        let p = PathBuf::from(t);
        Done::Act(match self.kind {
            PathKind::Export => Action::Export(p),
            PathKind::Import => Action::Import(p),
            PathKind::Compile => Action::Compile { out: p, replace: false },
            PathKind::Kit => Action::ImportKit(p),
            PathKind::Sheet => Action::ImportSheet(p),
        })
    }

    /// The kit's experts to choose from, while the path still names the kit they were read from.
    fn choice(&self) -> Option<&KitChoice> {
        self.experts.as_ref().filter(|c| Path::new(self.path.text().trim()) == c.path)
    }

    fn choosing(&self) -> bool {
        self.choice().is_some()
    }

    /// Imports the kit for the expert chosen.
    fn import_for(&self) -> Done<Action> {
        match self.choice().and_then(|c| Some((c.path.clone(), c.names.get(c.selected)?.clone()))) {
            Some((path, expert)) => Done::Act(Action::ImportKitFor { path, expert }),
            None => Done::Ignored,
        }
    }

    /// Whether F9 now replaces the files the path names (they exist, and the path was not changed since).
    fn replacing(&self) -> bool {
        self.replace.as_deref().is_some_and(|r| Path::new(self.path.text().trim()) == r)
    }

    pub fn paste(&mut self, text: &str) {
        self.path.insert(text);
    }

    pub fn take_notice(&mut self) -> Option<String> {
        self.path.take_notice().map(|n| format!("{}：{}", self.kind.label(), n.text()))
    }
}

type K = Binding<PathForm, Action>;

const GO: &[Pat] = &[Pat::Ctrl('s'), code(KeyCode::F(9))];

pub static KEYS: Keymap<PathForm, Action> = Keymap {
    name: "dialog path",
    bindings: &[
        K::new(&[code(KeyCode::F(9))], |f, _| {
            let out = PathBuf::from(f.path.text().trim());
            Done::Act(Action::Compile { out, replace: true })
        })
        .when(PathForm::replacing)
        .label("F9 覆盖"),
        K::new(&[code(KeyCode::Up), code(KeyCode::Down)], |f, k| {
            if let Some(c) = f.experts.as_mut() {
                if k.code == KeyCode::Up {
                    c.selected = c.selected.saturating_sub(1);
                } else if c.selected + 1 < c.names.len() {
                    c.selected += 1;
                }
            }
            Done::Changed
        })
        .when(PathForm::choosing)
        .label("↑↓ 选择专家"),
        K::new(&[plain(KeyCode::Enter), Pat::Ctrl('s'), code(KeyCode::F(9))], |f, _| f.import_for())
            .when(PathForm::choosing)
            .label("Enter 为所选专家导入"),
        K::new(GO, |f, _| f.go()).when(|f| f.kind == PathKind::Export).label("Ctrl+S 导出"),
        K::new(GO, |f, _| f.go())
            .when(|f| matches!(f.kind, PathKind::Import | PathKind::Kit | PathKind::Sheet))
            .label("Ctrl+S 导入"),
        K::new(GO, |f, _| f.go()).when(|f| f.kind == PathKind::Compile).hint("Ctrl+S 写出汇总").help("Ctrl+S 写出"),
        K::new(&[plain(KeyCode::Enter)], |f, _| {
            Done::Act(Action::Status(format!("按 Ctrl+S {}", f.kind.verb()), StatusKind::Info))
        }),
        K::new(&[Pat::Any], |f, k| f.path.handle(k).into()).typing(),
        K::new(&[plain(KeyCode::Esc)], |f, _| close(f.path.changed())).label("Esc 取消"),
    ],
};

pub fn render(frame: &mut Frame, f: &PathForm, area: Rect) {
    let chooser = f.choice().map_or(0, |c| c.names.len() as u16 + 1);
    let r = centered(area, 76, 8 + chooser);
    frame.render_widget(Clear, r);
    let keys = KEYS.frame_label(f, "");
    let b = dialog_block(f.kind.title(), &keys);
    let inner = b.inner(r);
    frame.render_widget(b, r);
    let rows = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(chooser),
    ])
    .split(inner);
    if f.replacing() {
        let warning = "此文件（或旁边的 .csv）已存在：按 F9 覆盖，或改一个文件名后按 Ctrl+S。";
        let line = Line::from(ratatui::text::Span::styled(warning, Style::default().fg(ratatui::style::Color::Yellow)));
        frame.render_widget(wrapped(vec![line], rows[0], 0), rows[0]);
    } else {
        frame.render_widget(wrapped(text_lines(f.kind.explanation()), rows[0], 0), rows[0]);
    }
    frame.render_widget(Paragraph::new(Line::from(label(f.kind.label(), true))), rows[1]);
    f.path.render(frame, rows[2], true, Style::default().add_modifier(Modifier::UNDERLINED));
    if let Some(c) = f.choice() {
        let mut lines = vec![Line::from(label("本机为哪位专家评分（已回避的不列出）", true))];
        for (i, name) in c.names.iter().enumerate() {
            let style =
                if i == c.selected { Style::default().add_modifier(Modifier::REVERSED) } else { Style::default() };
            let mark = if i == c.selected { "▶ " } else { "  " };
            lines.push(Line::from(ratatui::text::Span::styled(format!("{mark}{name}"), style)));
        }
        frame.render_widget(Paragraph::new(lines), rows[3]);
    }
}
