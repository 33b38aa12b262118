//! Dialogs drawn on top of a screen: expert, recusal, score with its 扣分原因, facts, bonuses, veto evidence, opinion
//! editor, jump, sheet picker, confirmations, signing (key file, masked passphrase, dissent), the paths of an export,
//! an import or a compilation, and the import report. A confirmation of anything that cannot be taken back needs F9,
//! and signing needs Ctrl+S (or F9): a pasted Enter never triggers either.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::domain::points::Points;
use crate::domain::review::{Expert, Opinion};
use crate::domain::scorecard::{Catalog, FIELDS, FactKind};
use crate::store::{ExpertPatch, LoadedReview, NewExpert, OpinionPatch};
use crate::tui::app::{Action, ReviewView, StatusKind};
use crate::tui::input::{Edit, LineInput, SecretInput, TextArea};
use crate::tui::keys::{Input, Key, KeyCode};
use crate::tui::view::{text_lines, wrapped};

#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    Expert(ExpertForm),
    Recuse(RecuseForm),
    Score(ScoreForm),
    Facts(ValuesForm),
    Bonuses(ValuesForm),
    Weights(ValuesForm),
    SignIn(SignInForm),
    Evidence(EvidenceForm),
    Editor(EditorForm),
    Jump(LineInput),
    Picker(Picker),
    Confirm(Confirm),
    Sign(SignForm),
    Path(PathForm),
    Report(Report),
}

// ----- forms -----

#[derive(Clone, Debug, PartialEq)]
pub struct ExpertForm {
    pub editing: Option<i64>,
    pub fields: Vec<(&'static str, LineInput)>,
    pub field: usize,
    pub lead: bool,
    pub focus: usize,
}

impl ExpertForm {
    pub fn new(e: Option<&Expert>) -> Self {
        ExpertForm {
            editing: e.map(|e| e.id),
            fields: vec![
                ("姓名", LineInput::new(e.map_or("", |e| &e.name)).with_max(200)),
                ("单位", LineInput::new(e.map_or("", |e| &e.unit)).with_max(200)),
                ("职称", LineInput::new(e.map_or("", |e| &e.title)).with_max(200)),
            ],
            field: e.and_then(|e| FIELDS.iter().position(|f| *f == e.field)).unwrap_or(0),
            lead: false,
            focus: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecuseForm {
    pub expert: i64,
    pub name: String,
    /// (reason id or text, label, citation)
    pub reasons: Vec<(String, String, String)>,
    pub selected: usize,
    pub other: LineInput,
    pub statement: TextArea,
    /// 0: reason list, 1: other reason, 2: statement
    pub focus: usize,
}

/// Free categories offered when the province's rules list no reasons (or none fits).
pub const FREE_REASONS: [&str; 3] = ["参与该企业审核咨询", "与企业存在利益关系", "其他可能影响公正的情形"];

impl RecuseForm {
    pub fn new(r: &LoadedReview, expert: i64) -> Self {
        let mut reasons: Vec<(String, String, String)> = r
            .rules
            .iter()
            .flat_map(|p| {
                p.recusal_reasons_for(&r.card.id)
                    .map(move |x| (x.id.clone(), x.text.clone(), format!("{} {}", p.province, x.source)))
            })
            .collect();
        for f in FREE_REASONS {
            reasons.push((f.to_string(), f.to_string(), String::new()));
        }
        RecuseForm {
            expert,
            name: r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default(),
            reasons,
            selected: 0,
            other: LineInput::new("").with_max(200),
            statement: TextArea::new(""),
            focus: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreForm {
    pub expert: i64,
    pub expert_name: String,
    pub item: String,
    pub title: String,
    pub max: Points,
    pub score: LineInput,
    pub reason: TextArea,
    pub evidence: LineInput,
    /// 0: score, 1: reason, 2: evidence
    pub focus: usize,
    pub error: Option<String>,
}

impl ScoreForm {
    /// Opens the score dialog on an item for an expert; `first` is the key that opened it (typed into the score).
    pub fn open(r: &LoadedReview, expert: i64, item: &str, first: Option<char>) -> Option<ScoreForm> {
        let it = r.card.item(item)?;
        let max = r.data.item_max(&r.card, item).unwrap_or(it.points);
        let existing = r.data.score(expert, item);
        let score = match first {
            Some(c) => LineInput::new(&c.to_string()),
            None => LineInput::new(&existing.map(|s| s.points.to_string()).unwrap_or_default()),
        }
        .with_max(6);
        Some(ScoreForm {
            expert,
            expert_name: r.data.expert(expert).map(|e| e.name.clone()).unwrap_or_default(),
            item: item.to_string(),
            title: it.title.clone(),
            max,
            score,
            reason: TextArea::new(existing.map_or("", |s| &s.reason)),
            evidence: LineInput::new(existing.map_or("", |s| &s.evidence)).with_max(2000),
            focus: 0,
            error: None,
        })
    }

    fn parsed(&self) -> Result<Points, String> {
        let p = check_points("分数", self.score.text())?;
        if p > self.max {
            return Err(format!("分数 {p} 超过本条满分 {}", self.max));
        }
        Ok(p)
    }
}

/// Whether `t` holds full-width forms (digits, letters, punctuation typed with the input method in full-width mode).
pub fn has_full_width(t: &str) -> bool {
    crate::domain::text::half_width(t).is_some()
}

/// Reads points as the panel types them: half-width digits with at most one decimal. Full-width digits are refused
/// with a message that says to use half-width ones (as the command line does), and so is anything but digits and one
/// point (an exponent such as `1e1` is a number to a parser, not to a panel).
pub fn check_points(what: &str, text: &str) -> Result<Points, String> {
    use crate::domain::points::PointsError;
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if has_full_width(t) {
        return Err(format!("{what}“{t}”不是数字：请用半角数字，如 4.5"));
    }
    if !t.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')) {
        return Err(format!("{what}“{t}”不是数字（请用半角数字，如 4.5）"));
    }
    Points::parse(t).map_err(|e| match e {
        PointsError::TooPrecise(_) => format!("{what}“{t}”最多保留一位小数"),
        PointsError::Negative(_) => format!("{what}“{t}”不能为负"),
        PointsError::TooLarge(_) => format!("{what}“{t}”太大"),
        PointsError::NotANumber(_) => format!("{what}“{t}”不是数字（请用半角数字，如 4.5）"),
        PointsError::FullWidth { .. } => format!("{what}“{t}”含全角字符：请用半角数字，如 4.5"),
    })
}

/// Checks a date as the panel types it (`2026-11-28`, half-width digits); the message names the field.
pub fn check_date(what: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if has_full_width(t) {
        return Err(format!("{what}“{t}”含全角字符：请用半角数字，如 2026-11-28"));
    }
    // The rule is the store's (domain::text::date: a calendar date from 2000 to 2099, stored padded); only the
    // message is the panel's.
    crate::domain::text::date(t, what)
        .map_err(|_| format!("{what}“{t}”不是有效日期（格式如 2026-11-28，2000—2099 年）"))
}

/// A required one-line text: refused when empty or only spaces.
pub fn check_required(what: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() { Err(format!("请填写{what}")) } else { Ok(()) }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValuesForm {
    /// (id, label, input, bool kind, range text)
    pub rows: Vec<(String, String, LineInput, bool, String)>,
    pub selected: usize,
    pub bonus: bool,
    /// Adjusted item points (分项标准分值调整), where the sheet allows it.
    pub weights: bool,
}

impl ValuesForm {
    pub fn facts(r: &LoadedReview) -> Self {
        ValuesForm {
            rows: r
                .card
                .facts
                .iter()
                .map(|f| {
                    let v = r.data.facts.get(&f.id).map(|v| match v.as_str() {
                        "true" => "是".to_string(),
                        "false" => "否".to_string(),
                        n => n.to_string(),
                    });
                    let hint = match f.kind {
                        FactKind::Bool => "是/否".to_string(),
                        FactKind::Number => format!("数值{}", f.unit.as_deref().unwrap_or("")),
                    };
                    (
                        f.id.clone(),
                        format!("{}（{}）", f.text, f.source),
                        LineInput::new(&v.unwrap_or_default()).with_max(20),
                        f.kind == FactKind::Bool,
                        hint,
                    )
                })
                .collect(),
            selected: 0,
            bonus: false,
            weights: false,
        }
    }
    pub fn bonuses(r: &LoadedReview) -> Self {
        ValuesForm {
            rows: r
                .card
                .bonuses
                .iter()
                .map(|b| {
                    let v = r.data.bonuses.get(&b.id).map(|p| p.to_string()).unwrap_or_default();
                    (
                        b.id.clone(),
                        format!("{}（{}）", b.title, b.source),
                        LineInput::new(&v).with_max(6),
                        false,
                        format!("{}–{} 分，空为不加分", b.min, b.max),
                    )
                })
                .collect(),
            selected: 0,
            bonus: true,
            weights: false,
        }
    }

    /// The points of the items of one section, which the panel may redistribute keeping the section's total.
    pub fn weights(r: &LoadedReview, section: &str) -> Self {
        ValuesForm {
            rows: r
                .card
                .scored_items()
                .filter(|i| i.section == section)
                .map(|i| {
                    let v = r.data.weights.get(&i.id).copied().unwrap_or(i.points).to_string();
                    (
                        i.id.clone(),
                        format!("{} {}", i.id, i.title),
                        LineInput::new(&v).with_max(6),
                        false,
                        format!("印定 {} 分；本节合计须保持不变", i.points),
                    )
                })
                .collect(),
            selected: 0,
            bonus: false,
            weights: true,
        }
    }
}

/// The on-site sign-in list (签到): the entries so far, and a form to add one.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInForm {
    pub entries: Vec<crate::domain::review::SignIn>,
    pub fields: Vec<(&'static str, LineInput)>,
    pub selected: usize,
    /// 0..=3: the fields; SIGNIN_LIST: the list (Del removes the selected entry).
    pub focus: usize,
}

pub const SIGNIN_LIST: usize = 4;

/// The capacities offered on the sign-in list.
pub const CAPACITIES: [&str; 5] = ["专家", "企业", "主管部门", "咨询机构", "其他"];

impl SignInForm {
    pub fn new(r: &LoadedReview) -> Self {
        SignInForm {
            entries: r.data.signins.clone(),
            fields: vec![
                ("姓名", LineInput::new("").with_max(200)),
                ("单位", LineInput::new("").with_max(200)),
                ("职务", LineInput::new("").with_max(200)),
                ("身份", LineInput::new("专家").with_max(20)),
            ],
            selected: 0,
            focus: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceForm {
    pub veto: String,
    pub title: String,
    pub text: TextArea,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EditorForm {
    pub field: usize,
    pub text: TextArea,
}

pub const OPINION_FIELDS: [&str; 4] = ["综合评定意见", "存在问题", "建议", "结论"];

#[derive(Clone, Debug, PartialEq)]
pub struct Picker {
    pub filter: LineInput,
    /// (id, label)
    pub all: Vec<(String, String)>,
    pub selected: usize,
}

impl Picker {
    pub fn new(catalog: &Catalog) -> Self {
        Picker {
            filter: LineInput::new("").with_max(40),
            all: catalog
                .scorecards
                .iter()
                .map(|c| {
                    let pass = c
                        .pass_mark()
                        .map(|g| format!("{}{}分", g.op.label(), g.score))
                        .unwrap_or_else(|| "未印合格线".into());
                    (c.id.clone(), format!("{} {} [{}] {} {}", c.province, c.title, c.stage.label(), pass, c.id))
                })
                .collect(),
            selected: 0,
        }
    }
    pub fn visible(&self) -> Vec<&(String, String)> {
        let terms: Vec<String> = self.filter.text().split_whitespace().map(str::to_lowercase).collect();
        self.all.iter().filter(|(_, l)| terms.iter().all(|t| l.to_lowercase().contains(t))).collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmKind {
    Finalize,
    Reopen(i64),
    RemoveExpert(i64),
    OverwriteOpinion(Box<Opinion>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub kind: ConfirmKind,
    pub title: String,
    pub lines: Vec<String>,
    pub reason: Option<TextArea>,
}

impl Confirm {
    pub fn finalize(r: &LoadedReview) -> Self {
        let blockers = crate::domain::review::finalize_blockers(&r.data, &r.card, &r.rules);
        let mut lines =
            vec!["定稿后本验收锁定，不能再修改评分、否决项和验收意见；重新打开须写明理由并记入日志。".to_string()];
        if blockers.is_empty() {
            lines.push("已满足定稿条件。".into());
        } else {
            lines.push("尚不能定稿：".into());
            lines.extend(blockers.into_iter().map(|b| format!("· {b}")));
        }
        Confirm { kind: ConfirmKind::Finalize, title: "定稿".into(), lines, reason: None }
    }
    pub fn reopen(id: i64) -> Self {
        Confirm {
            kind: ConfirmKind::Reopen(id),
            title: "重新打开已定稿的验收".into(),
            lines: vec!["请写明重新打开的理由（记入日志）：".into()],
            reason: Some(TextArea::new("")),
        }
    }
    pub fn remove_expert(id: i64, name: &str) -> Self {
        Confirm {
            kind: ConfirmKind::RemoveExpert(id),
            title: "移除专家".into(),
            lines: vec![format!("从专家组移除 {name}？（已评分或已回避的专家不能移除，应记录回避。）")],
            reason: None,
        }
    }
    pub fn overwrite_opinion(draft: Opinion) -> Self {
        Confirm {
            kind: ConfirmKind::OverwriteOpinion(Box::new(draft)),
            title: "生成验收意见草稿".into(),
            lines: vec!["草稿将替换已填写的综合评定意见、存在问题和结论（建议保留）。".into()],
            reason: None,
        }
    }
}

/// Text width of the dissent editor (the signing dialog is 72 columns wide).
const DISSENT_WIDTH: usize = 70;

/// An expert signs the payload, or signs a written dissent instead: the secret key file and its passphrase.
#[derive(Clone, Debug, PartialEq)]
pub struct SignForm {
    pub expert: i64,
    pub name: String,
    /// What is signed: the revision and the payload's short hash.
    pub about: String,
    pub key_path: LineInput,
    pub passphrase: SecretInput,
    /// The written dissent (个人书面意见), when the expert dissents instead of signing.
    pub dissent: Option<TextArea>,
    /// 0: key file, 1: passphrase, 2: dissent
    pub focus: usize,
}

impl SignForm {
    pub fn new(expert: i64, name: &str, key_path: &Path, revision: u32, short_hash: &str, dissent: bool) -> Self {
        let about = if dissent {
            format!(
                "{name} 不同意第 {revision} 版验收结果：写明个人书面意见，用本人私钥签署（意见引用校验码 {short_hash}）。"
            )
        } else {
            format!("{name} 用本人私钥签署第 {revision} 版验收结果（校验码 {short_hash}，与纸质验收意见上印的一致）。")
        };
        SignForm {
            expert,
            name: name.to_string(),
            about,
            key_path: LineInput::new(&key_path.display().to_string()).with_max(1000),
            passphrase: SecretInput::default(),
            dissent: dissent.then(|| TextArea::new("")),
            focus: 1,
        }
    }
}

/// What a path dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Export,
    Import,
    Compile,
}

impl PathKind {
    fn title(self) -> &'static str {
        match self {
            PathKind::Export => "导出验收包",
            PathKind::Import => "导入验收包",
            PathKind::Compile => "汇总导出",
        }
    }
    fn label(self) -> &'static str {
        match self {
            PathKind::Export => "导出到（新目录）",
            PathKind::Import => "验收包或其所在文件夹",
            PathKind::Compile => "汇总表（.xlsx）",
        }
    }
    fn explanation(self) -> &'static str {
        match self {
            PathKind::Export => {
                "验收包含 payload、各专家签名和不同意见、冻结的评分表，以及可打印的验收意见、评分表和签到表。写入一个新目录，不覆盖已有目录。"
            }
            PathKind::Import => {
                "填写一个验收包目录（含 bundle.json），或包含多个验收包目录的文件夹。每个包按受信名单核验：通过的导入，未通过的放入隔离区并写明原因。"
            }
            PathKind::Compile => {
                "写出全部已导入验收的 Excel 汇总表（全部、各省、分歧、专家宽严、历史版本），并在旁边写出同名的 .csv 文件。"
            }
        }
    }
    fn verb(self) -> &'static str {
        match self {
            PathKind::Export => "导出",
            PathKind::Import => "导入",
            PathKind::Compile => "写出",
        }
    }
}

/// A path to write to or read from, with what it is for.
#[derive(Clone, Debug, PartialEq)]
pub struct PathForm {
    pub kind: PathKind,
    pub path: LineInput,
}

impl PathForm {
    pub fn new(kind: PathKind, path: &Path) -> Self {
        PathForm { kind, path: LineInput::new(&path.display().to_string()).with_max(1000) }
    }
}

/// A report to read (what an import did), closed with Enter or Esc.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub lines: Vec<String>,
}

// ----- input -----

fn next(focus: usize, n: usize, key: &Key) -> Option<usize> {
    match key.code {
        KeyCode::Tab => Some((focus + 1) % n),
        KeyCode::BackTab => Some((focus + n - 1) % n),
        _ => None,
    }
}

/// Handles input for the open dialog; returns the action it commits to, if any.
pub fn handle(m: &mut Modal, input: Input, view: Option<&ReviewView>, catalog: &Catalog) -> Option<Action> {
    let key = match input {
        Input::Key(k) => k,
        Input::Paste(text) => {
            paste(m, &text);
            return None;
        }
        Input::Resize => return None,
    };
    if key.is(KeyCode::Esc) {
        return Some(Action::CloseModal);
    }
    let _ = catalog;
    match m {
        Modal::Expert(f) => {
            if let Some(n) = next(f.focus, 5, &key) {
                f.focus = n;
                return None;
            }
            let save = key.is_ctrl('s') || (key.is(KeyCode::Enter) && f.focus == 4);
            if save {
                if let Err(e) = check_required("专家姓名", f.fields[0].1.text()) {
                    f.focus = 0;
                    return Some(Action::Status(e, StatusKind::Error));
                }
                let get = |i: usize| f.fields[i].1.text().to_string();
                let field = FIELDS[f.field].to_string();
                return Some(match f.editing {
                    Some(id) => Action::UpdateExpert(
                        id,
                        ExpertPatch { name: Some(get(0)), unit: Some(get(1)), title: Some(get(2)), field: Some(field) },
                    ),
                    None => {
                        Action::AddExpert(NewExpert { name: get(0), unit: get(1), title: get(2), field, lead: f.lead })
                    }
                });
            }
            match f.focus {
                0..=2 => {
                    if key.is(KeyCode::Enter) || key.is(KeyCode::Down) {
                        f.focus += 1;
                    } else if key.is(KeyCode::Up) {
                        f.focus = f.focus.saturating_sub(1);
                    } else {
                        f.fields[f.focus].1.handle(&key);
                    }
                }
                3 => match key.code {
                    KeyCode::Left => f.field = (f.field + FIELDS.len() - 1) % FIELDS.len(),
                    KeyCode::Right | KeyCode::Char(' ') => f.field = (f.field + 1) % FIELDS.len(),
                    KeyCode::Char('l') if f.editing.is_none() => f.lead = !f.lead,
                    KeyCode::Enter | KeyCode::Down => f.focus = 4,
                    KeyCode::Up => f.focus = 2,
                    _ => {}
                },
                _ => {
                    if key.is(KeyCode::Up) {
                        f.focus = 3;
                    }
                }
            }
            None
        }
        Modal::Recuse(f) => {
            if let Some(n) = next(f.focus, 3, &key) {
                f.focus = n;
                return None;
            }
            if key.is_ctrl('s') {
                let other = f.other.text().trim();
                let reason = if !other.is_empty() { other.to_string() } else { f.reasons[f.selected].0.clone() };
                if f.statement.text().trim().is_empty() {
                    return Some(Action::Status("请填写回避声明".into(), StatusKind::Error));
                }
                return Some(Action::Recuse { expert: f.expert, reason, statement: f.statement.text().to_string() });
            }
            match f.focus {
                0 => match key.code {
                    KeyCode::Up => f.selected = f.selected.saturating_sub(1),
                    KeyCode::Down if f.selected + 1 < f.reasons.len() => f.selected += 1,
                    KeyCode::Enter => f.focus = 2,
                    _ => {}
                },
                1 => {
                    if key.is(KeyCode::Enter) {
                        f.focus = 2;
                    } else {
                        f.other.handle(&key);
                    }
                }
                _ => {
                    f.statement.handle(&key, 60);
                }
            }
            None
        }
        Modal::Score(f) => {
            f.error = None;
            if let Some(n) = next(f.focus, 3, &key) {
                f.focus = n;
                return None;
            }
            let points = f.parsed();
            if f.focus == 0 && key.is(KeyCode::Enter) {
                match points {
                    Err(e) => f.error = Some(e),
                    // Full marks: saved at once. A deduction opens the reason editor.
                    Ok(p) if p == f.max => {
                        return Some(Action::SaveScore {
                            expert: f.expert,
                            item: f.item.clone(),
                            points: p,
                            reason: String::new(),
                            evidence: f.evidence.text().to_string(),
                        });
                    }
                    Ok(_) => f.focus = 1,
                }
                return None;
            }
            if key.is_ctrl('s') {
                return match points {
                    Err(e) => {
                        f.error = Some(e);
                        f.focus = 0;
                        None
                    }
                    Ok(p) if p < f.max && f.reason.text().trim().is_empty() => {
                        f.error = Some(format!("扣了 {} 分，请写明扣分原因", f.max - p));
                        f.focus = 1;
                        None
                    }
                    Ok(p) => Some(Action::SaveScore {
                        expert: f.expert,
                        item: f.item.clone(),
                        points: p,
                        reason: if p < f.max { f.reason.text().to_string() } else { String::new() },
                        evidence: f.evidence.text().to_string(),
                    }),
                };
            }
            match f.focus {
                0 => {
                    f.score.handle(&key);
                }
                1 => {
                    f.reason.handle(&key, 56);
                }
                _ => {
                    f.evidence.handle(&key);
                }
            }
            None
        }
        Modal::Facts(f) | Modal::Bonuses(f) | Modal::Weights(f) => {
            let n = f.rows.len();
            match key.code {
                KeyCode::Up | KeyCode::BackTab => f.selected = (f.selected + n - 1) % n.max(1),
                KeyCode::Down | KeyCode::Tab => f.selected = (f.selected + 1) % n.max(1),
                KeyCode::Enter => {
                    let (id, _, input, is_bool, _) = &f.rows[f.selected];
                    let t = input.text().trim().to_string();
                    let card = view.map(|v| &v.r.card);
                    if f.weights {
                        let what = format!("条目 {id} 的分值");
                        return Some(match check_points(&what, &t) {
                            Ok(p) if p == Points::ZERO => Action::Status(format!("{what}须大于 0"), StatusKind::Error),
                            Ok(p) => Action::SetWeight { item: id.clone(), value: Some(p) },
                            Err(e) => Action::Status(e, StatusKind::Error),
                        });
                    }
                    if f.bonus {
                        if t.is_empty() {
                            return Some(Action::SetBonus { bonus: id.clone(), value: None });
                        }
                        let range = card.and_then(|c| c.bonuses.iter().find(|b| b.id == *id)).map(|b| (b.min, b.max));
                        return Some(match (check_points("加分", &t), range) {
                            (Ok(p), Some((lo, hi))) if p < lo || p > hi => {
                                Action::Status(format!("加分 {p} 超出本项范围 {lo}–{hi} 分"), StatusKind::Error)
                            }
                            (Ok(p), _) => Action::SetBonus { bonus: id.clone(), value: Some(p) },
                            (Err(e), _) => Action::Status(e, StatusKind::Error),
                        });
                    }
                    let value = match (t.as_str(), is_bool) {
                        ("", _) => None,
                        ("是" | "y" | "yes" | "true", true) => Some("true".to_string()),
                        ("否" | "n" | "no" | "false", true) => Some("false".to_string()),
                        (_, true) => {
                            return Some(Action::Status(format!("事实“{t}”：请填“是”或“否”"), StatusKind::Error));
                        }
                        (v, false) if has_full_width(v) => {
                            return Some(Action::Status(
                                format!("事实数值“{v}”不是数字：请用半角数字，如 12.5"),
                                StatusKind::Error,
                            ));
                        }
                        (v, false) if crate::domain::points::Decimal::parse(v).is_err() || v.contains(['e', 'E']) => {
                            return Some(Action::Status(
                                format!("事实数值“{v}”不是数字（请用半角数字，如 12.5）"),
                                StatusKind::Error,
                            ));
                        }
                        (v, false) => Some(v.to_string()),
                    };
                    return Some(Action::SetFact { fact: id.clone(), value });
                }
                _ => {
                    if let Some(row) = f.rows.get_mut(f.selected) {
                        row.2.handle(&key);
                    }
                }
            }
            None
        }
        Modal::SignIn(f) => {
            if let Some(n) = next(f.focus, SIGNIN_LIST + 1, &key) {
                f.focus = n;
                return None;
            }
            if key.is_ctrl('s') {
                let get = |i: usize| f.fields[i].1.text().to_string();
                if get(0).trim().is_empty() {
                    return Some(Action::Status("请填写签到人姓名".into(), StatusKind::Error));
                }
                return Some(Action::AddSignIn { name: get(0), unit: get(1), position: get(2), capacity: get(3) });
            }
            if f.focus == SIGNIN_LIST {
                match key.code {
                    KeyCode::Up => f.selected = f.selected.saturating_sub(1),
                    KeyCode::Down if f.selected + 1 < f.entries.len() => f.selected += 1,
                    KeyCode::Delete => {
                        if let Some(e) = f.entries.get(f.selected) {
                            return Some(Action::RemoveSignIn(e.id));
                        }
                    }
                    _ => {}
                }
                return None;
            }
            if f.focus == 3 && (key.is(KeyCode::Left) || key.is(KeyCode::Right)) {
                let cur = CAPACITIES.iter().position(|c| *c == f.fields[3].1.text()).unwrap_or(0);
                let n = CAPACITIES.len();
                let next = if key.is(KeyCode::Left) { (cur + n - 1) % n } else { (cur + 1) % n };
                f.fields[3].1.set(CAPACITIES[next]);
                return None;
            }
            if key.is(KeyCode::Enter) {
                f.focus = (f.focus + 1).min(3);
            } else {
                f.fields[f.focus].1.handle(&key);
            }
            None
        }
        Modal::Evidence(f) => {
            if key.is_ctrl('s') {
                if f.text.text().trim().is_empty() {
                    return Some(Action::Status("认定为“是”须写明依据".into(), StatusKind::Error));
                }
                return Some(Action::AnswerVeto {
                    veto: f.veto.clone(),
                    answer: crate::domain::review::Answer::Yes,
                    evidence: f.text.text().to_string(),
                });
            }
            f.text.handle(&key, 60);
            None
        }
        Modal::Editor(f) => {
            if key.is_ctrl('s') {
                let t = Some(f.text.text().to_string());
                let mut patch = OpinionPatch::default();
                match f.field {
                    0 => patch.summary = t,
                    1 => patch.problems = t,
                    2 => patch.suggestions = t,
                    _ => patch.conclusion = t,
                }
                return Some(Action::SaveOpinion(patch));
            }
            f.text.handle(&key, 70);
            None
        }
        Modal::Jump(input) => {
            if key.is(KeyCode::Enter) {
                let target = input.text().trim().to_string();
                if target.is_empty() {
                    return Some(Action::Status("请输入条目编号，如 2.3".into(), StatusKind::Error));
                }
                if has_full_width(&target) {
                    return Some(Action::Status(
                        format!("条目编号“{target}”含全角字符：请用半角数字，如 2.3"),
                        StatusKind::Error,
                    ));
                }
                let Some(v) = view else { return Some(Action::CloseModal) };
                let ids = v.scored_ids();
                // By id ("2.3"), or by the printed number within the sheet order.
                let found = ids
                    .iter()
                    .position(|i| *i == target)
                    .or_else(|| ids.iter().position(|i| i.starts_with(&format!("{target}."))));
                return match found {
                    Some(i) => Some(Action::JumpTo(i)),
                    None => Some(Action::Status(format!("没有条目“{target}”"), StatusKind::Error)),
                };
            }
            input.handle(&key);
            None
        }
        Modal::Picker(p) => {
            let n = p.visible().len();
            match key.code {
                KeyCode::Up => p.selected = p.selected.saturating_sub(1),
                KeyCode::Down if p.selected + 1 < n => p.selected += 1,
                KeyCode::Enter => {
                    if let Some((id, _)) = p.visible().get(p.selected) {
                        return Some(Action::PickScorecard(id.clone()));
                    }
                }
                _ => {
                    if p.filter.handle(&key) == Edit::Changed {
                        p.selected = 0;
                    }
                }
            }
            None
        }
        Modal::Sign(f) => {
            let n = if f.dissent.is_some() { 3 } else { 2 };
            if let Some(x) = next(f.focus, n, &key) {
                f.focus = x;
                return None;
            }
            if key.is_ctrl('s') || key.code == KeyCode::F(9) {
                if f.key_path.text().trim().is_empty() {
                    f.focus = 0;
                    return Some(Action::Status("请填写私钥文件的路径".into(), StatusKind::Error));
                }
                if f.passphrase.is_empty() {
                    f.focus = 1;
                    return Some(Action::Status("请输入口令".into(), StatusKind::Error));
                }
                if f.dissent.as_ref().is_some_and(|t| t.text().trim().is_empty()) {
                    f.focus = 2;
                    return Some(Action::Status("请写明不同意见（个人书面意见）".into(), StatusKind::Error));
                }
                return Some(Action::SignSubmit);
            }
            // Enter only moves on: it never signs, so a pasted line end cannot.
            let onward = key.is(KeyCode::Enter) || key.is(KeyCode::Down);
            match f.focus {
                0 if onward => f.focus = 1,
                0 => {
                    f.key_path.handle(&key);
                }
                1 if onward && n == 3 => f.focus = 2,
                1 if key.is(KeyCode::Enter) => {
                    return Some(Action::Status("按 Ctrl+S 签名（Enter 不会签名）".into(), StatusKind::Info));
                }
                1 if key.is(KeyCode::Up) => f.focus = 0,
                1 => {
                    f.passphrase.handle(&key);
                }
                _ => {
                    if let Some(t) = &mut f.dissent {
                        t.handle(&key, DISSENT_WIDTH);
                    }
                }
            }
            None
        }
        Modal::Path(f) => {
            if key.is_ctrl('s') || key.code == KeyCode::F(9) {
                let t = f.path.text().trim();
                if t.is_empty() {
                    return Some(Action::Status("请填写路径".into(), StatusKind::Error));
                }
                let p = PathBuf::from(t);
                return Some(match f.kind {
                    PathKind::Export => Action::Export(p),
                    PathKind::Import => Action::Import(p),
                    PathKind::Compile => Action::Compile(p),
                });
            }
            if key.is(KeyCode::Enter) {
                return Some(Action::Status(format!("按 Ctrl+S {}", f.kind.verb()), StatusKind::Info));
            }
            f.path.handle(&key);
            None
        }
        Modal::Report(_) => {
            if key.is(KeyCode::Enter) || key.is_char('q') {
                return Some(Action::CloseModal);
            }
            None
        }
        Modal::Confirm(c) => {
            if key.code == KeyCode::F(9) {
                return Some(match &c.kind {
                    ConfirmKind::Finalize => Action::Finalize,
                    ConfirmKind::Reopen(id) => {
                        let reason = c.reason.as_ref().map(|r| r.text().trim().to_string()).unwrap_or_default();
                        if reason.is_empty() {
                            return Some(Action::Status("请写明重新打开的理由".into(), StatusKind::Error));
                        }
                        Action::Reopen { id: *id, reason }
                    }
                    ConfirmKind::RemoveExpert(id) => Action::RemoveExpert(*id),
                    ConfirmKind::OverwriteOpinion(d) => Action::SaveOpinion(OpinionPatch {
                        summary: Some(d.summary.clone()),
                        problems: Some(d.problems.clone()),
                        suggestions: None,
                        conclusion: Some(d.conclusion.clone()),
                    }),
                });
            }
            if let Some(r) = &mut c.reason {
                r.handle(&key, 60);
            }
            None
        }
    }
}

/// What an input of the dialog did not take as given (cut at its limit, control characters removed, lines joined),
/// as a note naming the field; taken once.
pub fn take_notice(m: &mut Modal) -> Option<String> {
    use crate::tui::input::Notice;
    fn line(label: &str, n: Option<Notice>) -> Option<String> {
        n.map(|n| format!("{label}：{}", n.text()))
    }
    match m {
        Modal::Expert(f) => f.fields.iter_mut().find_map(|(l, i)| line(l, i.take_notice())),
        Modal::Recuse(f) => {
            line("其他情形", f.other.take_notice()).or_else(|| line("回避声明", f.statement.take_notice()))
        }
        Modal::Score(f) => line("得分", f.score.take_notice())
            .or_else(|| line("扣分原因", f.reason.take_notice()))
            .or_else(|| line("佐证", f.evidence.take_notice())),
        Modal::Facts(f) | Modal::Bonuses(f) | Modal::Weights(f) => {
            let what = if f.weights {
                "分值"
            } else if f.bonus {
                "加分"
            } else {
                "事实"
            };
            f.rows.iter_mut().find_map(|(_, text, i, _, _)| {
                // The row's own words, without the citation: 事实“企业污染物排放已达标”.
                let short: String = text.split('（').next().unwrap_or(text).chars().take(12).collect();
                line(&format!("{what}“{short}”"), i.take_notice())
            })
        }
        Modal::SignIn(f) => f.fields.iter_mut().find_map(|(l, i)| line(&format!("签到{l}"), i.take_notice())),
        Modal::Evidence(f) => line("否决项依据", f.text.take_notice()),
        Modal::Editor(f) => line(OPINION_FIELDS[f.field], f.text.take_notice()),
        Modal::Jump(i) => line("条目编号", i.take_notice()),
        Modal::Picker(p) => line("评分表筛选", p.filter.take_notice()),
        Modal::Confirm(c) => c.reason.as_mut().and_then(|r| line("重新打开的理由", r.take_notice())),
        Modal::Sign(f) => line("私钥文件", f.key_path.take_notice())
            .or_else(|| line("口令", f.passphrase.take_notice()))
            .or_else(|| f.dissent.as_mut().and_then(|t| line("不同意见", t.take_notice()))),
        Modal::Path(f) => line(f.kind.label(), f.path.take_notice()),
        Modal::Report(_) => None,
    }
}

fn paste(m: &mut Modal, text: &str) {
    match m {
        Modal::Expert(f) if f.focus < 3 => f.fields[f.focus].1.insert(text),
        Modal::Recuse(f) if f.focus == 1 => f.other.insert(text),
        Modal::Recuse(f) if f.focus == 2 => f.statement.insert(text),
        Modal::Score(f) => match f.focus {
            0 => f.score.insert(text),
            1 => f.reason.insert(text),
            _ => f.evidence.insert(text),
        },
        Modal::Facts(f) | Modal::Bonuses(f) | Modal::Weights(f) => {
            if let Some(r) = f.rows.get_mut(f.selected) {
                r.2.insert(text)
            }
        }
        Modal::Evidence(f) => f.text.insert(text),
        Modal::SignIn(f) if f.focus < SIGNIN_LIST => f.fields[f.focus].1.insert(text),
        Modal::Editor(f) => f.text.insert(text),
        Modal::Jump(i) => i.insert(text),
        Modal::Picker(p) => p.filter.insert(text),
        Modal::Confirm(c) => {
            if let Some(r) = &mut c.reason {
                r.insert(text)
            }
        }
        Modal::Sign(f) => match f.focus {
            0 => f.key_path.insert(text),
            1 => f.passphrase.insert(text),
            _ => {
                if let Some(t) = &mut f.dissent {
                    t.insert(text)
                }
            }
        },
        Modal::Path(f) => f.path.insert(text),
        _ => {}
    }
}

// ----- drawing -----

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

fn frame_block<'a>(title: &'a str, hint: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Yellow))
        .title(Span::styled(format!(" {title} "), Style::default().add_modifier(Modifier::BOLD)))
        .title_bottom(Line::from(format!(" {hint} ")).right_aligned())
}

fn label(text: &str, focused: bool) -> Span<'static> {
    let style =
        if focused { Style::default().fg(Color::Black).bg(Color::Yellow) } else { Style::default().fg(Color::Cyan) };
    Span::styled(format!("{text}："), style)
}

pub fn render(frame: &mut Frame, m: &mut Modal, area: Rect) {
    match m {
        Modal::Expert(f) => {
            let r = centered(area, 60, 11);
            frame.render_widget(Clear, r);
            let title = if f.editing.is_some() { "修改专家" } else { "添加专家" };
            let b = frame_block(title, "Tab 换栏 · Ctrl+S 保存 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([Constraint::Length(1); 7]).split(inner);
            for (i, (name, input)) in f.fields.iter().enumerate() {
                let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[i]);
                frame.render_widget(Paragraph::new(Line::from(label(name, f.focus == i))), cols[0]);
                input.render(frame, cols[1], f.focus == i, Style::default());
            }
            let fields: Vec<Span> = FIELDS
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    if i == f.field {
                        Span::styled(format!("[{x}]"), Style::default().add_modifier(Modifier::REVERSED))
                    } else {
                        Span::raw(format!(" {x} "))
                    }
                })
                .collect();
            let mut line = vec![label("专业", f.focus == 3)];
            line.extend(fields);
            frame.render_widget(Paragraph::new(Line::from(line)), rows[3]);
            if f.editing.is_none() {
                frame.render_widget(
                    Paragraph::new(format!(
                        "          组长：{}（在专业栏按 l 切换）",
                        if f.lead { "是" } else { "否" }
                    )),
                    rows[4],
                );
            }
            let button = Span::styled(
                " 保存 ",
                if f.focus == 4 {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default().fg(Color::Green)
                },
            );
            frame.render_widget(Paragraph::new(Line::from(vec![Span::raw("          "), button])), rows[6]);
        }
        Modal::Recuse(f) => {
            let r = centered(area, 76, 20);
            frame.render_widget(Clear, r);
            let b = frame_block("回避声明", "Tab 换栏 · Ctrl+S 保存 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let n = f.reasons.len() as u16;
            let rows = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(n.min(8)),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(3),
            ])
            .split(inner);
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    label("回避专家", false),
                    Span::raw(f.name.clone()),
                    Span::raw("    回避情形（↑↓ 选择）"),
                ])),
                rows[0],
            );
            let lines: Vec<Line> = f
                .reasons
                .iter()
                .enumerate()
                .map(|(i, (_, text, cite))| {
                    let mark = if i == f.selected { "●" } else { "○" };
                    let style = if i == f.selected && f.focus == 0 {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    let cite = if cite.is_empty() { String::new() } else { format!("（{cite}）") };
                    Line::from(Span::styled(format!("{mark} {text}{cite}"), style))
                })
                .collect();
            frame.render_widget(wrapped(lines, rows[1], 0), rows[1]);
            let cols = Layout::horizontal([Constraint::Length(16), Constraint::Min(1)]).split(rows[2]);
            frame.render_widget(Paragraph::new(Line::from(label("或写明其他情形", f.focus == 1))), cols[0]);
            f.other.render(frame, cols[1], f.focus == 1, Style::default());
            frame.render_widget(Paragraph::new(Line::from(label("回避声明（本人陈述）", f.focus == 2))), rows[3]);
            f.statement.render(frame, rows[4], f.focus == 2);
        }
        Modal::Score(f) => {
            let r = centered(area, 64, 14);
            frame.render_widget(Clear, r);
            let title = format!("{} · 条目 {}", f.expert_name, f.item);
            let b = frame_block(&title, "Enter 确定分数 · Tab 换栏 · Ctrl+S 保存 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([
                Constraint::Length(2),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(3),
                Constraint::Length(1),
            ])
            .split(inner);
            frame.render_widget(wrapped(text_lines(&f.title), rows[0], 0), rows[0]);
            let cols =
                Layout::horizontal([Constraint::Length(8), Constraint::Length(8), Constraint::Min(1)]).split(rows[1]);
            frame.render_widget(Paragraph::new(Line::from(label("得分", f.focus == 0))), cols[0]);
            f.score.render(frame, cols[1], f.focus == 0, Style::default().add_modifier(Modifier::BOLD));
            let note = match (&f.error, f.parsed()) {
                (Some(e), _) => Span::styled(e.clone(), Style::default().fg(Color::Red)),
                (None, Ok(p)) if p < f.max => Span::styled(
                    format!("满分 {}，扣 {} 分：须写扣分原因", f.max, f.max - p),
                    Style::default().fg(Color::Yellow),
                ),
                (None, _) => Span::raw(format!("满分 {}（0 至 {}，最多一位小数）", f.max, f.max)),
            };
            frame.render_widget(Paragraph::new(Line::from(note)), cols[2]);
            frame.render_widget(Paragraph::new(Line::from(label("扣分原因", f.focus == 1))), rows[2]);
            f.reason.render(frame, rows[3], f.focus == 1);
            let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[4]);
            frame.render_widget(Paragraph::new(Line::from(label("佐证", f.focus == 2))), cols[0]);
            f.evidence.render(frame, cols[1], f.focus == 2, Style::default());
        }
        Modal::Facts(f) | Modal::Bonuses(f) | Modal::Weights(f) => {
            let title = if f.weights {
                "调整分项分值（本节合计不变）"
            } else if f.bonus {
                "加分"
            } else {
                "事实认定（条件评分规则读取）"
            };
            let h = (f.rows.len() as u16 * 2 + 3).min(area.height);
            let r = centered(area, 76, h);
            frame.render_widget(Clear, r);
            let b = frame_block(title, "↑↓ 选择 · 输入后 Enter 保存 · 清空后 Enter 撤销 · Esc 关闭");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical(vec![Constraint::Length(2); f.rows.len()]).split(inner);
            for (i, (_, text, input, _, hint)) in f.rows.iter().enumerate() {
                let parts = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).split(rows[i]);
                let style = if i == f.selected { Style::default().fg(Color::Yellow) } else { Style::default() };
                frame.render_widget(Paragraph::new(Span::styled(text.clone(), style)), parts[0]);
                let cols = Layout::horizontal([Constraint::Length(12), Constraint::Min(1)]).split(parts[1]);
                input.render(frame, cols[0], i == f.selected, Style::default().add_modifier(Modifier::UNDERLINED));
                frame.render_widget(
                    Paragraph::new(Span::styled(hint.clone(), Style::default().fg(Color::DarkGray))),
                    cols[1],
                );
            }
        }
        Modal::SignIn(f) => {
            let r = centered(area, 76, 20);
            frame.render_widget(Clear, r);
            let b = frame_block("签到表", "Tab 换栏 · Ctrl+S 添加 · 列表中 Del 删除 · Esc 关闭");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(1),
            ])
            .split(inner);
            for (i, (name, input)) in f.fields.iter().enumerate() {
                let cols = Layout::horizontal([Constraint::Length(8), Constraint::Min(1)]).split(rows[i]);
                frame.render_widget(Paragraph::new(Line::from(label(name, f.focus == i))), cols[0]);
                input.render(frame, cols[1], f.focus == i, Style::default().add_modifier(Modifier::UNDERLINED));
            }
            let head = format!("已签到 {} 人（身份栏 ←→ 选择：{}）", f.entries.len(), CAPACITIES.join("/"));
            frame.render_widget(Paragraph::new(Line::from(label(&head, f.focus == SIGNIN_LIST))), rows[4]);
            let w = rows[5].width as usize;
            let lines: Vec<Line> = f
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let style = if i == f.selected && f.focus == SIGNIN_LIST {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    let text = format!("{}  {}  {}  {}", e.name, e.unit, e.position, e.capacity);
                    Line::from(Span::styled(crate::tui::view::fit(&text, w), style))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), rows[5]);
        }
        Modal::Evidence(f) => {
            let r = centered(area, 70, 12);
            frame.render_widget(Clear, r);
            let b = frame_block("认定否决项：须写明依据", "Ctrl+S 保存 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).split(inner);
            frame.render_widget(wrapped(text_lines(&f.title), rows[0], 0), rows[0]);
            f.text.render(frame, rows[1], true);
        }
        Modal::Editor(f) => {
            let r = centered(area, 76, 18);
            frame.render_widget(Clear, r);
            let b = frame_block(OPINION_FIELDS[f.field], "Enter 换行 · Ctrl+S 保存 · Esc 放弃");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            f.text.render(frame, inner, true);
        }
        Modal::Jump(input) => {
            let r = centered(area, 40, 3);
            frame.render_widget(Clear, r);
            let b = frame_block("跳转到条目", "Enter 跳转 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            input.render(frame, inner, true, Style::default());
        }
        Modal::Picker(p) => {
            let r = centered(area, 78, 16);
            frame.render_widget(Clear, r);
            let b = frame_block("选择评分表（输入省份或名称筛选）", "↑↓ 选择 · Enter 确定 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).split(inner);
            p.filter.render(frame, rows[0], true, Style::default().add_modifier(Modifier::UNDERLINED));
            let mut lines: Vec<Line> = p
                .visible()
                .iter()
                .enumerate()
                .map(|(i, (_, l))| {
                    let style = if i == p.selected {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(crate::tui::view::fit(l, rows[1].width as usize), style))
                })
                .collect();
            if lines.is_empty() {
                lines.push(Line::from(Span::styled(
                    "没有符合筛选条件的评分表（Ctrl+U 清空筛选）",
                    Style::default().fg(Color::Yellow),
                )));
            }
            frame.render_widget(Paragraph::new(lines), rows[1]);
        }
        Modal::Sign(f) => {
            let dissent = f.dissent.is_some();
            let r = centered(area, 72, if dissent { 17 } else { 10 });
            frame.render_widget(Clear, r);
            let title = format!("{}：{}", if dissent { "签署不同意见" } else { "签名" }, f.name);
            let b = frame_block(&title, "Tab 换栏 · Ctrl+S 签名 · Esc 取消");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows = Layout::vertical([
                Constraint::Length(2),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Length(if dissent { 1 } else { 0 }),
                Constraint::Min(0),
            ])
            .split(inner);
            frame.render_widget(wrapped(text_lines(&f.about), rows[0], 0), rows[0]);
            let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[2]);
            frame.render_widget(Paragraph::new(Line::from(label("私钥文件", f.focus == 0))), cols[0]);
            f.key_path.render(frame, cols[1], f.focus == 0, Style::default().add_modifier(Modifier::UNDERLINED));
            let cols = Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).split(rows[3]);
            frame.render_widget(Paragraph::new(Line::from(label("口令", f.focus == 1))), cols[0]);
            f.passphrase.render(frame, cols[1], f.focus == 1, Style::default().add_modifier(Modifier::BOLD));
            let note = "口令只在本机用来打开私钥，不保存、不显示。按 Ctrl+S 签名；Enter 不会签名。";
            frame.render_widget(
                wrapped(vec![Line::from(Span::styled(note, Style::default().fg(Color::DarkGray)))], rows[4], 0),
                rows[4],
            );
            if let Some(t) = &mut f.dissent {
                frame.render_widget(
                    Paragraph::new(Line::from(label("不同意见（个人书面意见，必填）", f.focus == 2))),
                    rows[5],
                );
                t.render(frame, rows[6], f.focus == 2);
            }
        }
        Modal::Path(f) => {
            let r = centered(area, 76, 8);
            frame.render_widget(Clear, r);
            let hint = format!("Ctrl+S {} · Esc 取消", f.kind.verb());
            let b = frame_block(f.kind.title(), &hint);
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows =
                Layout::vertical([Constraint::Length(3), Constraint::Length(1), Constraint::Length(1)]).split(inner);
            frame.render_widget(wrapped(text_lines(f.kind.explanation()), rows[0], 0), rows[0]);
            frame.render_widget(Paragraph::new(Line::from(label(f.kind.label(), true))), rows[1]);
            f.path.render(frame, rows[2], true, Style::default().add_modifier(Modifier::UNDERLINED));
        }
        Modal::Report(rep) => {
            let lines: Vec<Line> = rep
                .lines
                .iter()
                .map(|l| {
                    let color = if l.starts_with('✗') {
                        Color::Red
                    } else if l.starts_with('✓') {
                        Color::Green
                    } else {
                        Color::Reset
                    };
                    Line::from(Span::styled(l.clone(), Style::default().fg(color)))
                })
                .collect();
            let w = 76.min(area.width);
            let lines = crate::tui::view::wrap_lines(lines, w.saturating_sub(2) as usize);
            let r = centered(area, w, lines.len() as u16 + 2);
            frame.render_widget(Clear, r);
            let b = frame_block(&rep.title, "Enter/Esc 关闭");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Modal::Confirm(c) => {
            let h = (c.lines.len() as u16 + if c.reason.is_some() { 8 } else { 4 }).min(area.height);
            let r = centered(area, 72, h);
            frame.render_widget(Clear, r);
            let b = frame_block(&c.title, "F9 确认 · Esc 取消（Enter 不会确认）");
            let inner = b.inner(r);
            frame.render_widget(b, r);
            let rows =
                Layout::vertical([Constraint::Length(c.lines.len() as u16 + 1), Constraint::Min(0)]).split(inner);
            let lines: Vec<Line> = c.lines.iter().map(|l| Line::from(l.clone())).collect();
            frame.render_widget(wrapped(lines, rows[0], 0), rows[0]);
            if let Some(t) = &mut c.reason {
                t.render(frame, rows[1], true);
            }
        }
    }
}
