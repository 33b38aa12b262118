//! The bad-input catalogue of the terminal app (issue 6, the TUI half): every field the panel or the support unit can
//! type into, given each class of bad input — empty, only spaces, too long, wrong type, out of range, full-width
//! digits, mixed scripts, invisible direction controls, control characters and line ends — both typed (key events)
//! and pasted (bracketed paste), on the real `App` at 80×24.
//!
//! For every case: no panic; every row of the frame keeps its width and every border closes; and then, by what the
//! table expects, either a refusal (a message naming the field and the problem on screen, the dialog still open, the
//! database unchanged: every table's rows and the audit log compared before and after), or a note (what the field did
//! not take as given is said on the status line, naming the field, and nothing is submitted), or a save of what is
//! legitimate (mixed scripts, emoji, combining marks are text) with exactly that text stored.
//!
//! Policies (the same as the command line's): the credit code takes full-width characters and lower case and
//! normalises them; points, dates and item numbers refuse full-width digits with a message that says to use
//! half-width ones; a field stops taking text at its limit and says so; control characters and invisible direction
//! overrides (U+202E …) are removed with a note; a line end pasted into a one-line field becomes a space, with a note;
//! pasted text never confirms or submits anything.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use yanshou::domain::review::Answer;
use yanshou::store::Store;
use yanshou::tui::app::Screen;
use yanshou::tui::dialogs::{Modal, PathForm, PathKind};
use yanshou::tui::keys::{Input, Key, script};
use yanshou::tui::{self, App};

// ----- the harness -----

struct Harness {
    dir: tempfile::TempDir,
    app: App,
    term: Terminal<TestBackend>,
}

const DB: &str = "yanshou.db";

impl Harness {
    /// The app on a copy of a template database, at 80×24.
    fn on(template: &Path) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        for suffix in ["", "-wal"] {
            let from = template.join(format!("{DB}{suffix}"));
            if from.exists() {
                fs::copy(&from, dir.path().join(format!("{DB}{suffix}"))).unwrap();
            }
        }
        let mut store = Store::open(&dir.path().join(DB)).unwrap();
        store.set_actor("测试组长");
        let mut app = App::new(store, common::catalog().clone(), dir.path().to_path_buf(), "2026-11-28");
        app.clock = || "10:30:00".to_string();
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        tui::draw(&mut term, &mut app).unwrap();
        Harness { dir, app, term }
    }

    fn keys(&mut self, s: &str) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, script(s)).unwrap();
        self
    }

    fn input(&mut self, inputs: Vec<Input>) -> &mut Self {
        tui::step(&mut self.term, &mut self.app, inputs).unwrap();
        self
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join(DB)
    }

    /// The frame as drawn (the whole buffer of a fresh draw, not the backend's diffed copy).
    fn buffer(&mut self) -> ratatui::buffer::Buffer {
        common::frame(&self.term, &mut self.app)
    }

    /// The screen as text, one line per row, wide characters once.
    fn screen(&mut self) -> String {
        common::screen_text(&self.buffer())
    }

    /// Every row is exactly as wide as the screen, and every frame that opens on a row closes on it.
    fn assert_layout(&mut self, case: &str) {
        let buf = &self.buffer();
        let screen = common::screen_text(buf);
        for y in 0..buf.area.height {
            let mut width = 0;
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let w = buf[(x, y)].symbol().width();
                skip = w.saturating_sub(1);
                // The cell behind a wide character is blank: anything drawn there would not reach the terminal.
                if w > 1 && x + 1 < buf.area.width {
                    let behind = buf[(x + 1, y)].symbol();
                    let wide = buf[(x, y)].symbol();
                    assert_eq!(behind, " ", "{case}: “{wide}” at ({x}, {y}) hides “{behind}”:\n{screen}");
                }
                width += w.max(1);
            }
            assert_eq!(width, buf.area.width as usize, "{case}: row {y} is {width} columns wide:\n{screen}");
        }
        let lines: Vec<&str> = screen.lines().collect();
        for line in &lines[2..lines.len() - 2] {
            let pair = match line.chars().next() {
                Some('│') => Some('│'),
                Some('┌') => Some('┐'),
                Some('└') => Some('┘'),
                _ => None,
            };
            if let Some(close) = pair {
                assert_eq!(line.chars().last(), Some(close), "{case}: broken border in “{line}”\n{screen}");
            }
        }
    }

    /// Leaves whatever is open with Esc, back to the list, and clears the status line; false if it cannot.
    fn back_to_list(&mut self) -> bool {
        for _ in 0..5 {
            if matches!(self.app.state.screen, Screen::Home) && !self.still_open() {
                self.app.state.status = (String::new(), yanshou::tui::app::StatusKind::Info);
                return true;
            }
            self.keys("<Esc>");
        }
        false
    }

    /// A dialog, the new-review form or the list filter is still open.
    fn still_open(&self) -> bool {
        self.app.state.modal.is_some()
            || matches!(self.app.state.screen, Screen::NewReview(_))
            || self.app.state.home.filtering
    }
}

/// Every table's rows, sorted, as text: the whole database, the audit log (and so its head) included.
fn dump(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let values: Vec<rusqlite::types::Value> = (0..n).map(|i| r.get(i)).collect::<Result<_, _>>()?;
                Ok(format!("{t}: {values:?}"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

// ----- templates: databases the cases start from -----

/// Builds a template database with a key script from the empty app; the app is closed so the file stands alone.
fn template(keys: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        store.set_actor("测试组长");
        let mut app = App::new(store, common::catalog().clone(), dir.path().to_path_buf(), "2026-11-28");
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        tui::step(&mut term, &mut app, script(keys)).unwrap();
        assert!(!app.state.status.0.contains("未"), "template {keys}: {}", app.state.status.0);
    }
    dir
}

/// The demo review (福建, a panel of four, one recused, scored).
const DEMO: &str = "d";
/// The demo review, finalized: reopening, signing, dissent and export.
const FINAL: &str = "d<F5>F<F9>";

/// A new review on the first sheet the filter finds, with one expert.
fn sheet(filter: &str) -> String {
    format!("n某某化工有限公司<Tab>91350100M000100Y43<Tab><Tab><Tab><Tab><Tab><Tab><Enter>{filter}<Enter><C-s>a甲<C-s>")
}

// ----- the classes of input -----

/// Legitimate mixed text: Chinese, Latin, Cyrillic lookalikes (І, а), a combining accent and a flag (two regional
/// indicators drawn as one). Taken and stored as it is. (Zero-width characters are not legitimate: they are removed
/// with a note, as the store and the command line refuse them; see the `Bidi` class.)
const MIXED: &str = "王建国 Ivan Іvаn е\u{301} 🇨🇳 清洁生产";
/// A right-to-left override between Chinese characters: removed with a note.
const BIDI: &str = "甲\u{202E}乙丙丁";
/// A zero-width space and a zero-width joiner: two names that look the same would differ.
const ZERO_WIDTH: &str = "甲\u{200B}乙丙\u{200D}丁";
/// NUL, BEL and an ANSI colour sequence: the three control characters removed with a note.
const CONTROL: &str = "A\u{0}B\u{7}C\u{1b}[31mD乙丙丁";
/// A line end in the middle and at the end, as pasted from a document.
const NEWLINE: &str = "甲\n乙丙丁\r\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Nothing at all.
    Empty,
    /// Only spaces (half-width and the ideographic U+3000).
    Blank,
    /// One character over the field's limit, starting with a narrow one so a wide character meets the right edge.
    TooLong,
    /// 10,000 characters.
    Huge,
    /// Letters where a number or date belongs.
    WrongType,
    /// A number or date outside what the field allows.
    OutOfRange,
    /// Full-width digits (the input method's full-width mode).
    FullWidth,
    /// Legitimate mixed scripts.
    Mixed,
    /// Invisible direction controls.
    Bidi,
    /// Control characters.
    Control,
    /// Line ends (in a one-line field, or a pasted Enter anywhere).
    Newline,
}

#[derive(Clone, Debug)]
enum Expect {
    /// Refused on submit: this message on screen, the dialog open, nothing changed.
    Refused(String),
    /// Not submitted: this note (if any) on screen, the field still holding `held` (its visible end), nothing changed.
    Held { note: Option<String>, held: Option<String> },
    /// Saved on submit: the status line says this, and the stored value is `stored` when given.
    Saved { status: String, stored: Option<String> },
    /// Nothing to save (a filter): this shown (if any), nothing changed.
    Shown(Option<String>),
}

/// What follows a valid value in a text field that is required or not.
#[derive(Clone, Copy, Debug)]
enum Then {
    /// Saved, with this on the status line.
    Saved(&'static str),
    /// Refused further on (a key file that does not exist, no trusted roster, not an .xlsx name), with this message.
    Refused(&'static str),
    /// Not submitted in the catalogue: submitting would write files (an export).
    NotSubmitted,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Free text: its limit in characters, the message when required and left empty, several lines or one.
    Text {
        max: usize,
        required: Option<&'static str>,
        multiline: bool,
        then: Then,
    },
    Score,
    Bonus,
    Weight,
    FactBool,
    FactNumber,
    Date,
    CreditCode,
    Jump,
    /// A filter: its limit and what is shown when nothing matches.
    Filter {
        max: usize,
        none: &'static str,
    },
    Passphrase,
    /// The secret key file: a path, whose limit is 1000 characters; what does not look like a path (a passphrase
    /// typed there) is never shown and never read.
    KeyPath,
    /// A choice (the expert's field and role): typing changes nothing stored.
    Selector,
}

/// A stored value, read back after a save.
type Reader = fn(&Store) -> String;

/// One row of the field table.
struct Field {
    name: String,
    /// The template, by its key script.
    template: String,
    /// From the list: opens the dialog with this field focused and empty.
    open: String,
    /// A dialog set directly where no key opens it on a test database.
    pre: Option<fn(&mut App)>,
    /// Keys that try to save (or leave the filter).
    submit: String,
    /// The field's name in notes.
    label: &'static str,
    kind: Kind,
    stored: Option<Reader>,
}

fn text(max: usize, required: Option<&'static str>, multiline: bool, then: Then) -> Kind {
    Kind::Text { max, required, multiline, then }
}

fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().filter(|c| c.width().unwrap_or(0) > 0).collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// The cases of one field: class, what is typed or pasted, what must follow.
fn cases(f: &Field) -> Vec<(Class, String, Expect)> {
    use Class::*;
    let refused = |m: &str| Expect::Refused(m.to_string());
    let noted = |note: String, held: &str| Expect::Held {
        note: Some(note),
        held: (!held.is_empty()).then(|| held.to_string()),
    };
    let clipped = |max: usize| noted(format!("最多 {max} 字"), "");
    // Typed one at a time, each removal is noted as it happens; pasted, the count is of the whole paste.
    let removed = |_n: usize, held: &str| noted("已去掉 ".into(), held);
    let joined = |held: &str| noted("本栏只有一行，换行已改为空格".into(), held);
    let huge: String = "清洁生产审核验收abc".chars().cycle().take(10_000).collect();
    let over = |max: usize| format!("x{}", "测".repeat(max));
    let num_common = |max: usize| {
        vec![
            (TooLong, "1".repeat(max + 1), clipped(max)),
            (Huge, huge.clone(), clipped(max)),
            (Control, "1\u{7}\u{1b}".into(), removed(2, "")),
            (Bidi, "\u{202E}1".into(), removed(1, "")),
            (Bidi, "\u{200B}1\u{200D}".into(), removed(2, "")),
            (Newline, "1\n".into(), joined("")),
        ]
    };
    match f.kind {
        Kind::Text { max, required, multiline, then } => {
            let ok = |stored: &str| match then {
                Then::Saved(status) => Expect::Saved { status: status.into(), stored: Some(stored.to_string()) },
                Then::Refused(m) => refused(m),
                Then::NotSubmitted => Expect::Held { note: None, held: Some(tail(stored, 3)) },
            };
            let empty = match required {
                Some(m) => refused(m),
                None => ok(""),
            };
            let mut v = vec![
                (Empty, String::new(), empty.clone()),
                (Blank, "  \u{3000} ".into(), empty),
                (TooLong, over(max), clipped(max)),
                (
                    Huge,
                    huge.clone(),
                    if huge.chars().count() > max {
                        clipped(max)
                    } else {
                        Expect::Held { note: None, held: Some(tail(&huge, 3)) }
                    },
                ),
                (Mixed, MIXED.into(), if MIXED.chars().count() > max { clipped(max) } else { ok(MIXED) }),
                (Bidi, BIDI.into(), removed(1, "甲乙丙丁")),
                (Bidi, ZERO_WIDTH.into(), removed(2, "甲乙丙丁")),
                (Control, CONTROL.into(), removed(3, "ABC[31mD乙丙丁")),
            ];
            if multiline {
                v.push((Newline, NEWLINE.into(), Expect::Held { note: None, held: Some("乙丙丁".into()) }));
            } else {
                v.push((Newline, NEWLINE.into(), joined("乙丙丁")));
            }
            v
        }
        Kind::Score => {
            let mut v = vec![
                (Empty, String::new(), refused("请填写分数")),
                (Blank, "   ".into(), refused("请填写分数")),
                (WrongType, "abc".into(), refused("分数“abc”不是数字")),
                (WrongType, "1e1".into(), refused("分数“1e1”不是数字")),
                (OutOfRange, "99".into(), refused("超过本条满分")),
                (OutOfRange, "-1".into(), refused("分数“-1”不能为负")),
                (OutOfRange, "3.25".into(), refused("分数“3.25”最多保留一位小数")),
                (FullWidth, "３.５".into(), refused("请用半角数字输入 3.5")),
                (Mixed, "4.5分".into(), refused("分数“4.5分”不是数字")),
            ];
            v.extend(num_common(6));
            v
        }
        Kind::Bonus => {
            let saved = Expect::Saved { status: "已保存：加分".into(), stored: None };
            let mut v = vec![
                (Empty, String::new(), Expect::Shown(None)),
                (Blank, "   ".into(), saved),
                (WrongType, "abc".into(), refused("加分“abc”不是数字")),
                (OutOfRange, "9".into(), refused("加分 9 超出本项范围 2–3 分")),
                (OutOfRange, "1".into(), refused("加分 1 超出本项范围 2–3 分")),
                (OutOfRange, "-1".into(), refused("加分“-1”不能为负")),
                (OutOfRange, "2.55".into(), refused("加分“2.55”最多保留一位小数")),
                (FullWidth, "２.５".into(), refused("请用半角数字输入 2.5")),
                (Mixed, "2.5分".into(), refused("加分“2.5分”不是数字")),
            ];
            v.extend(num_common(6));
            v
        }
        Kind::Weight => {
            let mut v = vec![
                (Empty, String::new(), refused("请填写条目 1.1 的分值")),
                (Blank, "   ".into(), refused("请填写条目 1.1 的分值")),
                (WrongType, "abc".into(), refused("不是数字")),
                (OutOfRange, "0".into(), refused("条目 1.1 的分值须大于 0")),
                (OutOfRange, "-1".into(), refused("不能为负")),
                (OutOfRange, "3.25".into(), refused("最多保留一位小数")),
                // A value that leaves the section's total wrong is kept (several items change together), and the
                // panel is told the section must add up again before finalizing.
                (OutOfRange, "6".into(), Expect::Saved { status: "须调回 15 分才能定稿".into(), stored: None }),
                (FullWidth, "５".into(), refused("请用半角数字输入 5")),
                (Mixed, "5分".into(), refused("不是数字")),
            ];
            v.extend(num_common(6));
            v
        }
        Kind::FactBool => {
            let saved = Expect::Saved { status: "已保存：事实".into(), stored: Some(String::new()) };
            vec![
                // Nothing typed into an empty row: Enter writes nothing (it moves on to the next row, if any).
                (Empty, String::new(), Expect::Shown(None)),
                (Blank, "   ".into(), saved),
                (WrongType, "abc".into(), refused("请填“是”或“否”")),
                (FullWidth, "ｙｅｓ".into(), refused("请填“是”或“否”")),
                (Mixed, "是的yes".into(), refused("请填“是”或“否”")),
                (TooLong, "是".repeat(21), clipped(20)),
                (Huge, huge.clone(), clipped(20)),
                (Control, "是\u{7}".into(), removed(1, "")),
                (Newline, "是\n".into(), joined("")),
            ]
        }
        Kind::FactNumber => {
            let saved = Expect::Saved { status: "已保存：事实".into(), stored: Some(String::new()) };
            vec![
                (Empty, String::new(), Expect::Shown(None)),
                (Blank, "   ".into(), saved),
                (WrongType, "abc".into(), refused("事实数值“abc”不是数字")),
                (WrongType, "1e1".into(), refused("事实数值“1e1”不是数字")),
                (FullWidth, "１２.５".into(), refused("请用半角数字输入 12.5")),
                (Mixed, "12.5%".into(), refused("不是数字")),
                (TooLong, "1".repeat(21), clipped(20)),
                (Huge, huge.clone(), clipped(20)),
                (Control, "12\u{7}".into(), removed(1, "")),
                (Newline, "12\n".into(), joined("")),
            ]
        }
        Kind::Date => vec![
            (Empty, String::new(), refused("请填写验收日期")),
            (Blank, "   ".into(), refused("请填写验收日期")),
            (WrongType, "abcdefghij".into(), refused("不是有效日期")),
            (OutOfRange, "2026-02-30".into(), refused("验收日期“2026-02-30”不是有效日期")),
            (OutOfRange, "1899-01-01".into(), refused("验收日期“1899-01-01”不是有效日期")),
            (OutOfRange, "2026-13-01".into(), refused("不是有效日期")),
            (FullWidth, "２０２６－１１－２８".into(), refused("请用半角数字输入 2026-11-28")),
            (Mixed, "2026年11月28日".into(), refused("不是有效日期")),
            (TooLong, "2026-11-280".into(), clipped(10)),
            (Huge, huge.clone(), clipped(10)),
            (Control, "2026-11-2\u{7}8".into(), removed(1, "")),
            (Newline, "2026-11-2\n".into(), joined("")),
        ],
        Kind::CreditCode => {
            let saved = |s: &str| Expect::Saved { status: "已保存：新建验收".into(), stored: Some(s.into()) };
            vec![
                (Empty, String::new(), refused("统一社会信用代码应为 18 位，输入了 0 位")),
                (Blank, "   ".into(), refused("统一社会信用代码应为 18 位，输入了 0 位")),
                (WrongType, "福建省某某公司统一社会信用代码一二三".into(), refused("不是统一社会信用代码可用的字符")),
                (OutOfRange, "91350100M000100Y44".into(), refused("校验位应为“3”")),
                (FullWidth, "９１３５０１００Ｍ０００１００Ｙ４３".into(), saved("91350100M000100Y43")),
                (Mixed, "91350100m000100y43".into(), saved("91350100M000100Y43")),
                (TooLong, "91350100M000100Y43X".into(), clipped(18)),
                (Huge, huge.clone(), clipped(18)),
                (Control, "91350100M000100Y4\u{7}3".into(), removed(1, "")),
                (Newline, "913501\n".into(), joined("")),
            ]
        }
        Kind::Jump => vec![
            (Empty, String::new(), refused("请输入条目编号")),
            (Blank, "   ".into(), refused("请输入条目编号")),
            (WrongType, "abc".into(), refused("没有条目“abc”")),
            (OutOfRange, "999".into(), refused("没有条目“999”")),
            (OutOfRange, "0".into(), refused("没有条目“0”")),
            (FullWidth, "２.３".into(), refused("请用半角数字输入 2.3")),
            (Mixed, "2.3号".into(), refused("没有条目“2.3号”")),
            (TooLong, "1".repeat(17), clipped(16)),
            (Huge, huge.clone(), clipped(16)),
            (Control, "2.\u{7}3".into(), removed(1, "")),
            (Newline, "2.3\n".into(), joined("")),
        ],
        Kind::Filter { max, none } => vec![
            (Empty, String::new(), Expect::Shown(None)),
            (Blank, "   ".into(), Expect::Shown(None)),
            (Mixed, MIXED.into(), Expect::Shown(Some(none.into()))),
            (FullWidth, "２０２６".into(), Expect::Shown(Some(none.into()))),
            (TooLong, over(max), clipped(max)),
            (Huge, huge.clone(), clipped(max)),
            (Bidi, BIDI.into(), removed(1, "甲乙丙丁")),
            (Control, CONTROL.into(), removed(3, "ABC[31mD乙丙丁")),
            (Newline, NEWLINE.into(), joined("乙丙丁")),
        ],
        Kind::Passphrase => vec![
            (Empty, String::new(), refused("请输入口令")),
            // Spaces are a passphrase like any other; the key file is what is missing here.
            (Blank, "   ".into(), refused("未签名")),
            (Mixed, MIXED.into(), refused("未签名")),
            (TooLong, "x".repeat(1025), noted("最多 1024 字节".into(), "")),
            (Huge, huge.clone(), noted("最多 1024 字节".into(), "")),
            (Bidi, "\u{202E}pass".into(), removed(1, "")),
            (Control, CONTROL.into(), removed(3, "")),
            (Newline, "pass\n".into(), removed(1, "")),
        ],
        Kind::KeyPath => {
            // Paths (from the root, as a key file on a USB stick is given): shown as typed, refused as they are not
            // files; anything that is no path is drawn masked and refused unread.
            let refused_unread = refused("栏中内容不像路径，未读取、未显示");
            vec![
                (Empty, String::new(), refused("请填写私钥文件的路径")),
                (Blank, "  \u{3000} ".into(), refused("请填写私钥文件的路径")),
                (TooLong, format!("/{}", "测".repeat(1000)), clipped(1000)),
                (Mixed, format!("/{MIXED}"), refused("未签名")),
                (WrongType, MIXED.into(), refused_unread.clone()),
                (WrongType, "correct horse battery".into(), refused_unread),
                (Bidi, format!("/{BIDI}"), removed(1, "/甲乙丙丁")),
                (Bidi, format!("/{ZERO_WIDTH}"), removed(2, "/甲乙丙丁")),
                (Control, format!("/{CONTROL}"), removed(3, "/ABC[31mD乙丙丁")),
                (Newline, format!("/{NEWLINE}"), joined("乙丙丁")),
            ]
        }
        Kind::Selector => vec![
            (Mixed, MIXED.into(), Expect::Held { note: None, held: None }),
            (Control, CONTROL.into(), Expect::Held { note: None, held: None }),
        ],
    }
}

/// Runs every case of one field, typed and pasted. Returns how many ran.
fn run_field(f: &Field, template: &Path) -> usize {
    let mut n = 0;
    // A harness is used again after a case that changed nothing (it is back on the list, exactly as the template).
    let mut pool = None;
    for (class, payload, expect) in cases(f) {
        for pasted in [false, true] {
            if pasted && f.kind_is_selector() {
                continue;
            }
            let case = format!("{} · {class:?} · {} · {payload:?}", f.name, if pasted { "pasted" } else { "typed" });
            let case = case.chars().take(160).collect::<String>();
            run_case(f, template, &mut pool, &case, &payload, pasted, &expect);
            n += 1;
        }
    }
    n
}

impl Field {
    fn kind_is_selector(&self) -> bool {
        matches!(self.kind, Kind::Selector)
    }
}

fn run_case(
    f: &Field,
    template: &Path,
    pool: &mut Option<Harness>,
    case: &str,
    payload: &str,
    pasted: bool,
    expect: &Expect,
) {
    let mut h = pool.take().unwrap_or_else(|| Harness::on(template));
    h.keys(&f.open);
    if let Some(pre) = f.pre {
        pre(&mut h.app);
        tui::draw(&mut h.term, &mut h.app).unwrap();
    }
    assert!(h.still_open(), "{case}: the field did not open:\n{}", h.screen());
    let before = dump(&h.db());
    let inputs: Vec<Input> = if pasted {
        vec![Input::Paste(payload.to_string())]
    } else {
        // Typed key by key; a very long text is typed for its last 300 characters (where any limit is met) after
        // the rest is pasted, which keeps the catalogue fast.
        let chars: Vec<char> = payload.chars().collect();
        let cut = chars.len().saturating_sub(300);
        let mut v = Vec::new();
        if cut > 0 {
            v.push(Input::Paste(chars[..cut].iter().collect()));
        }
        v.extend(chars[cut..].iter().map(|c| Input::Key(Key::char(*c))));
        v
    };
    h.input(inputs);
    h.assert_layout(case);
    assert!(h.still_open(), "{case}: typing or pasting closed the field:\n{}", h.screen());
    if matches!(expect, Expect::Saved { .. }) {
        // (Otherwise the comparison at the end covers it.)
        assert_eq!(dump(&h.db()), before, "{case}: typing or pasting changed the database");
    }
    if matches!(f.kind, Kind::Passphrase) && payload.len() > 3 {
        assert!(!h.screen().contains("Ivan") && !h.screen().contains("pass"), "{case}: the passphrase is shown");
    }
    if matches!(f.kind, Kind::KeyPath) && !payload.starts_with('/') && payload.len() > 3 {
        let screen = h.screen();
        assert!(!screen.contains("Ivan") && !screen.contains("horse"), "{case}: what is no path is shown:\n{screen}");
    }
    match expect {
        Expect::Held { note, held } => {
            let screen = h.screen();
            if let Some(note) = note {
                // The note names the field, then says what was not taken.
                let status = &h.app.state.status.0;
                assert!(
                    status.starts_with(f.label) && status.contains(note.as_str()) && screen.contains(status.as_str()),
                    "{case}: the note “{}：…{note}” is not on screen:\n{screen}",
                    f.label
                );
            }
            if let Some(held) = held {
                assert!(screen.contains(held.as_str()), "{case}: the field does not show “{held}”:\n{screen}");
            }
            assert_eq!(dump(&h.db()), before, "{case}: the database changed");
        }
        Expect::Refused(msg) => {
            h.keys(&f.submit);
            h.assert_layout(case);
            let screen = h.screen();
            assert!(screen.contains(msg.as_str()), "{case}: “{msg}” is not on screen:\n{screen}");
            assert!(h.still_open(), "{case}: the dialog closed on a refusal:\n{screen}");
            assert_eq!(dump(&h.db()), before, "{case}: a refused input changed the database");
        }
        Expect::Saved { status, stored } => {
            h.keys(&f.submit);
            h.assert_layout(case);
            let screen = h.screen();
            assert!(h.app.state.status.0.contains(status.as_str()), "{case}: not saved (“{status}”):\n{screen}");
            if let (Some(want), Some(read)) = (stored, f.stored) {
                assert_eq!(read(&h.app.store), want.trim(), "{case}: stored value");
            }
        }
        Expect::Shown(msg) => {
            h.keys(&f.submit);
            h.assert_layout(case);
            let screen = h.screen();
            if let Some(msg) = msg {
                assert!(screen.contains(msg.as_str()), "{case}: “{msg}” is not on screen:\n{screen}");
            }
            assert_eq!(dump(&h.db()), before, "{case}: a filter changed the database");
        }
    }
    let problems = h.app.store.verify_log().unwrap();
    assert!(problems.is_empty(), "{case}: the audit log is broken: {problems:?}");
    if !matches!(expect, Expect::Saved { .. }) && h.back_to_list() {
        *pool = Some(h);
    }
}

/// Runs the rows of a table, each on its template (built once per template).
fn run(fields: Vec<Field>) -> usize {
    let mut templates: Vec<(String, tempfile::TempDir)> = Vec::new();
    let mut n = 0;
    for f in &fields {
        if !templates.iter().any(|(k, _)| *k == f.template) {
            templates.push((f.template.clone(), template(&f.template)));
        }
        let dir = &templates.iter().find(|(k, _)| *k == f.template).unwrap().1;
        n += run_field(f, dir.path());
    }
    n
}

// ----- stored values -----

fn only(store: &Store) -> yanshou::store::LoadedReview {
    let id = store.list_reviews().unwrap().iter().map(|r| r.id).min().unwrap();
    store.load(id).unwrap()
}

fn newest(store: &Store) -> yanshou::store::LoadedReview {
    let id = store.list_reviews().unwrap().iter().map(|r| r.id).max().unwrap();
    store.load(id).unwrap()
}

fn first_score(store: &Store) -> yanshou::domain::review::Score {
    let r = only(store);
    let e = r.data.experts[0].id;
    let item = r.card.scored_items().next().unwrap().id.clone();
    r.data.score(e, &item).cloned().unwrap()
}

// ----- the field tables -----

/// The new-review form: the enterprise's fields, the date, the sheet picker's filter; and the list's filter.
#[test]
fn new_review_and_list_fields() {
    let pick = "<Enter>福建 验收<Enter><C-s>";
    let from = |i: usize| format!("{}{pick}", "<Tab>".repeat(7 - i));
    let saved = Then::Saved("已保存：新建验收");
    let fill = "n某公司<Tab>91350100M000100Y43<Tab>";
    let fields = vec![
        // class rows: every class of free text
        Field {
            name: "新建验收 · 企业名称".into(),
            template: DEMO.into(),
            open: "n".into(),
            pre: None,
            submit: format!("<Tab>91350100M000100Y43{}", from(1)),
            label: "企业名称",
            kind: text(200, Some("请填写企业名称"), false, saved),
            stored: Some(|s| newest(s).data.enterprise.name),
        },
        // class rows: the credit code's own (normalised full-width, check character)
        Field {
            name: "新建验收 · 统一社会信用代码".into(),
            template: DEMO.into(),
            open: "n某公司<Tab>".into(),
            pre: None,
            submit: from(1),
            label: "统一社会信用代码",
            kind: Kind::CreditCode,
            stored: Some(|s| newest(s).data.enterprise.credit_code),
        },
        Field {
            name: "新建验收 · 地址".into(),
            template: DEMO.into(),
            open: fill.into(),
            pre: None,
            submit: from(2),
            label: "地址",
            kind: text(200, None, false, saved),
            stored: Some(|s| newest(s).data.enterprise.address),
        },
        Field {
            name: "新建验收 · 行业".into(),
            template: DEMO.into(),
            open: format!("{fill}<Tab>"),
            pre: None,
            submit: from(3),
            label: "行业",
            kind: text(200, None, false, saved),
            stored: Some(|s| newest(s).data.enterprise.industry),
        },
        Field {
            name: "新建验收 · 咨询机构".into(),
            template: DEMO.into(),
            open: format!("{fill}<Tab><Tab>"),
            pre: None,
            submit: from(4),
            label: "咨询机构",
            kind: text(200, None, false, saved),
            stored: Some(|s| newest(s).data.enterprise.agency),
        },
        // class rows: the date's own (full-width refused, 2026-02-30)
        Field {
            name: "新建验收 · 验收日期".into(),
            template: DEMO.into(),
            open: format!("{fill}<Tab><Tab><Tab><C-u>"),
            pre: None,
            submit: from(5),
            label: "验收日期",
            kind: Kind::Date,
            stored: None,
        },
        Field {
            name: "新建验收 · 验收地点".into(),
            template: DEMO.into(),
            open: format!("{fill}<Tab><Tab><Tab><Tab>"),
            pre: None,
            submit: from(6),
            label: "验收地点",
            kind: text(200, None, false, saved),
            stored: Some(|s| newest(s).data.place),
        },
        // class rows: a filter (nothing to save)
        Field {
            name: "新建验收 · 评分表筛选".into(),
            template: DEMO.into(),
            open: format!("{fill}<Tab><Tab><Tab><Tab><Tab><Enter>"),
            pre: None,
            submit: "".into(),
            label: "评分表筛选",
            kind: Kind::Filter { max: 40, none: "没有符合筛选条件的评分表" },
            stored: None,
        },
        Field {
            name: "验收列表 · 筛选".into(),
            template: DEMO.into(),
            open: "/".into(),
            pre: None,
            submit: "".into(),
            label: "筛选",
            kind: Kind::Filter { max: 200, none: "没有符合筛选条件的验收" },
            stored: None,
        },
    ];
    let n = run(fields);
    eprintln!("new review and list: {n} cases");
}

/// The panel page: the expert dialog, the recusal and the sign-in list.
#[test]
fn panel_fields() {
    let saved_expert = Then::Saved("已保存：专家");
    let fields = vec![
        Field {
            name: "专家 · 姓名".into(),
            template: DEMO.into(),
            open: "<Enter><F1>a".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "姓名",
            kind: text(200, Some("请填写专家姓名"), false, saved_expert),
            stored: Some(|s| only(s).data.experts.last().unwrap().name.clone()),
        },
        // class rows: free text, when an expert already on the panel is changed
        Field {
            name: "专家（修改） · 姓名".into(),
            template: DEMO.into(),
            open: "<Enter><F1>e<C-u>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "姓名",
            kind: text(200, Some("请填写专家姓名"), false, Then::Saved("已保存：专家信息")),
            stored: Some(|s| only(s).data.experts[0].name.clone()),
        },
        Field {
            name: "专家 · 单位".into(),
            template: DEMO.into(),
            open: "<Enter><F1>a赵六<Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "单位",
            kind: text(200, None, false, saved_expert),
            stored: Some(|s| only(s).data.experts.last().unwrap().unit.clone()),
        },
        Field {
            name: "专家 · 职称".into(),
            template: DEMO.into(),
            open: "<Enter><F1>a赵六<Tab><Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "职称",
            kind: text(200, None, false, saved_expert),
            stored: Some(|s| only(s).data.experts.last().unwrap().title.clone()),
        },
        // class rows: a choice, typing into it stores nothing
        Field {
            name: "专家 · 专业与组长".into(),
            template: DEMO.into(),
            open: "<Enter><F1>a赵六<Tab><Tab><Tab>".into(),
            pre: None,
            submit: "".into(),
            label: "专业",
            kind: Kind::Selector,
            stored: None,
        },
        Field {
            name: "回避 · 其他情形".into(),
            template: DEMO.into(),
            open: "<Enter><F1><Down>x<Tab>".into(),
            pre: None,
            submit: "<Tab>本人申请回避。<C-s>".into(),
            label: "其他情形",
            kind: text(200, None, false, Then::Saved("已保存：回避")),
            stored: None,
        },
        Field {
            name: "回避 · 回避声明".into(),
            template: DEMO.into(),
            open: "<Enter><F1><Down>x<Tab><Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "回避声明",
            kind: text(20_000, Some("请填写回避声明"), true, Then::Saved("已保存：回避")),
            stored: Some(|s| only(s).data.recusals.last().unwrap().statement.clone()),
        },
        Field {
            name: "签到 · 姓名".into(),
            template: DEMO.into(),
            open: "<Enter><F1>i".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "签到姓名",
            kind: text(200, Some("请填写签到人姓名"), false, Then::Saved("已保存：签到")),
            stored: Some(|s| only(s).data.signins.last().unwrap().name.clone()),
        },
        Field {
            name: "签到 · 单位".into(),
            template: DEMO.into(),
            open: "<Enter><F1>i某某<Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "签到单位",
            kind: text(200, None, false, Then::Saved("已保存：签到")),
            stored: Some(|s| only(s).data.signins.last().unwrap().unit.clone()),
        },
        Field {
            name: "签到 · 职务".into(),
            template: DEMO.into(),
            open: "<Enter><F1>i某某<Tab><Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "签到职务",
            kind: text(200, None, false, Then::Saved("已保存：签到")),
            stored: Some(|s| only(s).data.signins.last().unwrap().position.clone()),
        },
        Field {
            name: "签到 · 身份".into(),
            template: DEMO.into(),
            open: "<Enter><F1>i某某<Tab><Tab><Tab><C-u>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "签到身份",
            kind: text(20, None, false, Then::Saved("已保存：签到")),
            stored: Some(|s| only(s).data.signins.last().unwrap().capacity.clone()),
        },
    ];
    let n = run(fields);
    eprintln!("panel: {n} cases");
}

/// The scoring page: the score, its 扣分原因 and evidence, the jump by number; and the veto evidence.
#[test]
fn scoring_fields() {
    let fields = vec![
        // class rows: points (full-width refused, above the maximum, negative, two decimals)
        Field {
            name: "评分 · 得分".into(),
            template: DEMO.into(),
            open: "<Enter><Home>r<C-u>".into(),
            pre: None,
            submit: "<Enter>".into(),
            label: "得分",
            kind: Kind::Score,
            stored: None,
        },
        Field {
            name: "评分 · 扣分原因".into(),
            template: DEMO.into(),
            open: "<Enter><Home>r<C-u>1<Enter>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "扣分原因",
            kind: text(20_000, Some("请写明扣分原因"), true, Then::Saved("已保存：评分")),
            stored: Some(|s| first_score(s).reason),
        },
        Field {
            name: "评分 · 佐证".into(),
            template: DEMO.into(),
            open: "<Enter><Home>r<Tab><Tab><C-u>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "佐证",
            kind: text(2000, None, false, Then::Saved("已保存：评分")),
            stored: Some(|s| first_score(s).evidence),
        },
        // class rows: an item number
        Field {
            name: "评分 · 跳转（g）".into(),
            template: DEMO.into(),
            open: "<Enter>g".into(),
            pre: None,
            submit: "<Enter>".into(),
            label: "条目编号",
            kind: Kind::Jump,
            stored: None,
        },
        Field {
            name: "否决项 · 依据".into(),
            template: DEMO.into(),
            open: "<Enter><F3>y".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "否决项依据",
            kind: text(20_000, Some("须写明依据"), true, Then::Saved("已保存：否决项")),
            stored: Some(|s| {
                let r = only(s);
                r.data.vetoes.iter().find(|v| v.answer == Answer::Yes).map(|v| v.evidence.clone()).unwrap_or_default()
            }),
        },
    ];
    let n = run(fields);
    eprintln!("scoring: {n} cases");
}

/// Facts (yes/no on 山东, a number on 广东), the bonus and the adjusted item points (内蒙古).
#[test]
fn values_fields() {
    let catalog = common::catalog();
    let gd = catalog.scorecard("guangdong-2003-acceptance").unwrap();
    let number = gd.facts.iter().position(|f| f.kind == yanshou::domain::scorecard::FactKind::Number).unwrap();
    let sd = catalog.scorecards.iter().find(|c| c.province.contains("山东")).unwrap();
    assert_eq!(sd.facts[0].kind, yanshou::domain::scorecard::FactKind::Bool);
    let fields = vec![
        // class rows: yes or no
        Field {
            name: "事实 · 是/否".into(),
            template: sheet("山东"),
            open: "<Enter><F2>f".into(),
            pre: None,
            submit: "<Enter>".into(),
            label: "事实“",
            kind: Kind::FactBool,
            stored: Some(|s| only(s).data.facts.values().next().cloned().unwrap_or_default()),
        },
        // class rows: a number
        Field {
            name: "事实 · 数值".into(),
            template: sheet("guangdong-2003-acceptance"),
            open: format!("<Enter><F2>f{}", "<Down>".repeat(number)),
            pre: None,
            submit: "<Enter>".into(),
            label: "事实“",
            kind: Kind::FactNumber,
            stored: Some(|s| only(s).data.facts.values().next().cloned().unwrap_or_default()),
        },
        // class rows: points within the bonus's range
        Field {
            name: "加分".into(),
            template: sheet("内蒙古"),
            open: "<Enter><F2>b".into(),
            pre: None,
            submit: "<Enter>".into(),
            label: "加分“",
            kind: Kind::Bonus,
            stored: None,
        },
        // class rows: points above 0, the section's total
        Field {
            name: "分值调整".into(),
            template: sheet("内蒙古"),
            open: "<Enter><F2>w<C-u>".into(),
            pre: None,
            submit: "<Enter>".into(),
            label: "分值“",
            kind: Kind::Weight,
            stored: None,
        },
    ];
    let n = run(fields);
    eprintln!("values: {n} cases");
}

/// The four opinion editors (on a review whose opinion is empty).
#[test]
fn opinion_fields() {
    let saved = Then::Saved("已保存：验收意见");
    let mut fields = Vec::new();
    let readers: [Reader; 4] = [
        |s| only(s).data.opinion.summary,
        |s| only(s).data.opinion.problems,
        |s| only(s).data.opinion.suggestions,
        |s| only(s).data.opinion.conclusion,
    ];
    for (i, label) in yanshou::tui::dialogs::OPINION_FIELDS.iter().enumerate() {
        fields.push(Field {
            name: format!("验收意见 · {label}"),
            template: sheet("山东"),
            open: format!("<Enter><F4>{}<Enter>", "<Down>".repeat(i)),
            pre: None,
            submit: "<C-s>".into(),
            label,
            kind: text(20_000, None, true, saved),
            stored: Some(readers[i]),
        });
    }
    let n = run(fields);
    eprintln!("opinion: {n} cases");
}

/// What rules ask the panel to write (issue 14): the reason a requirement is unmet (北京), the evidence of a
/// distinction (辽宁 优秀企业), the reason of the panel's own result (湖北, where the panel decides).
#[test]
fn findings_fields() {
    let fields = vec![
        Field {
            name: "认定 · 不满足的原因".into(),
            template: sheet("beijing-2007-acceptance"),
            open: "<Enter><F2>n".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "不满足的原因",
            kind: text(20_000, Some("认定为“不满足”须写明原因"), true, Then::Saved("已保存：要求")),
            stored: Some(|s| only(s).data.requirements.first().map(|f| f.evidence.clone()).unwrap_or_default()),
        },
        Field {
            name: "认定 · 条件等级的依据".into(),
            template: sheet("liaoning-2006-acceptance"),
            open: "<Enter><F2><Down><Down>y".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "条件等级依据",
            kind: text(20_000, Some("认定为“符合”须写明依据"), true, Then::Saved("已保存：条件等级")),
            stored: Some(|s| only(s).data.distinctions.first().map(|f| f.evidence.clone()).unwrap_or_default()),
        },
        Field {
            name: "验收意见 · 专家组判定的理由".into(),
            template: sheet("hubei-2008-acceptance-mandatory"),
            open: "<Enter><F4>d<Left><Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "判定理由",
            kind: text(20_000, Some("专家组判定的结论须写明理由"), true, Then::Saved("已保存：专家组判定")),
            stored: Some(|s| only(s).data.decision.map(|d| d.reason).unwrap_or_default()),
        },
    ];
    let n = run(fields);
    eprintln!("findings: {n} cases");
}

/// A finalized review: the reopening reason, signing (key file, passphrase), the dissent and the export path.
#[test]
fn finalized_fields() {
    let fields = vec![
        Field {
            name: "重新打开 · 理由".into(),
            template: FINAL.into(),
            open: "<Enter><F5>R".into(),
            pre: None,
            submit: "<F9>".into(),
            label: "重新打开的理由",
            kind: text(20_000, Some("请写明重新打开的理由"), true, Then::Saved("已保存：重新打开")),
            stored: None,
        },
        // class rows: a path (the key file does not exist in the test's data directory)
        Field {
            name: "签名 · 私钥文件".into(),
            template: FINAL.into(),
            open: "<Enter><F6>s<C-u>".into(),
            pre: None,
            submit: "<Down>pw<C-s>".into(),
            label: "私钥文件",
            kind: Kind::KeyPath,
            stored: None,
        },
        // class rows: a passphrase (never shown)
        Field {
            name: "签名 · 口令".into(),
            template: FINAL.into(),
            open: "<Enter><F6>s<Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "口令",
            kind: Kind::Passphrase,
            stored: None,
        },
        Field {
            name: "不同意见 · 口令".into(),
            template: FINAL.into(),
            open: "<Enter><F6>d<Tab>".into(),
            pre: None,
            submit: "<Tab>我不同意<C-s>".into(),
            label: "口令",
            kind: Kind::Passphrase,
            stored: None,
        },
        Field {
            name: "不同意见 · 个人书面意见".into(),
            template: FINAL.into(),
            open: "<Enter><F6>d<Tab>pw<Tab>".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "不同意见",
            kind: text(20_000, Some("请写明不同意见"), true, Then::Refused("未签名")),
            stored: None,
        },
        Field {
            name: "导出 · 路径".into(),
            template: FINAL.into(),
            open: "<Enter><F6>".into(),
            pre: Some(|app| app.state.modal = Some(Modal::Path(PathForm::new(PathKind::Export, Path::new(""))))),
            submit: "<C-s>".into(),
            label: "导出到（新目录或 .yanshou.zip）",
            kind: text(1000, Some("请填写路径"), false, Then::NotSubmitted),
            stored: None,
        },
    ];
    let n = run(fields);
    eprintln!("finalized: {n} cases");
}

/// The support unit's screen: the import and compilation paths.
#[test]
fn unit_fields() {
    let fields = vec![
        Field {
            name: "导入 · 路径".into(),
            template: DEMO.into(),
            open: "<Esc>ui".into(),
            pre: None,
            submit: "<C-s>".into(),
            label: "验收包或其所在文件夹",
            kind: text(1000, Some("请填写路径"), false, Then::Refused("尚未安装受信名单")),
            stored: None,
        },
        Field {
            name: "汇总 · 路径".into(),
            template: DEMO.into(),
            open: "<Esc>u".into(),
            pre: Some(|app| app.state.modal = Some(Modal::Path(PathForm::new(PathKind::Compile, Path::new(""))))),
            submit: "<C-s>".into(),
            label: "汇总表（.xlsx）",
            kind: text(1000, Some("请填写路径"), false, Then::Refused("须以 .xlsx 结尾")),
            stored: None,
        },
    ];
    let n = run(fields);
    eprintln!("unit: {n} cases");
}

/// Mixed scripts are placed in display columns: the caret after an emoji sequence, a combining accent and Chinese
/// stands where the terminal draws the next character.
#[test]
fn caret_in_display_columns() {
    let dir = template(DEMO);
    let mut h = Harness::on(dir.path());
    h.keys("<Enter><F1>a");
    let start = h.term.backend_mut().get_cursor_position().unwrap();
    let text = "王Ivan🇨🇳e\u{301}";
    h.input(vec![Input::Paste(text.into())]);
    let after = h.term.backend_mut().get_cursor_position().unwrap();
    assert_eq!(after.y, start.y);
    assert_eq!((after.x - start.x) as usize, text.width(), "the caret is placed in display columns");
    // Backspace takes the accented letter whole, then the whole flag.
    h.keys("<Backspace>");
    let x = h.term.backend_mut().get_cursor_position().unwrap().x;
    assert_eq!((x - start.x) as usize, "王Ivan🇨🇳".width());
    h.keys("<Backspace>");
    let x = h.term.backend_mut().get_cursor_position().unwrap().x;
    assert_eq!((x - start.x) as usize, "王Ivan".width());
    h.assert_layout("caret");
}

/// Confirmations without a text field (removing an expert, replacing the opinion with the draft, finalizing): typed
/// letters and pasted line ends never confirm; only F9 does.
#[test]
fn pasted_enter_never_confirms() {
    let dir = template(DEMO);
    for (case, open) in
        [("移除专家", "<Enter><F1><Del>"), ("生成验收意见草稿", "<Enter><F4>g"), ("定稿", "<Enter><F5>F")]
    {
        let mut h = Harness::on(dir.path());
        h.keys(open);
        assert!(matches!(h.app.state.modal, Some(Modal::Confirm(_))), "{case}: no confirmation:\n{}", h.screen());
        let before = dump(&h.db());
        h.input(vec![Input::Paste("\n\r\ny\n".into()), Input::Paste(CONTROL.into())]);
        h.keys("y<Enter>是<Enter> ");
        h.assert_layout(case);
        assert!(
            matches!(h.app.state.modal, Some(Modal::Confirm(_))),
            "{case}: the confirmation closed:\n{}",
            h.screen()
        );
        assert_eq!(dump(&h.db()), before, "{case}: confirmed without F9");
    }
}
