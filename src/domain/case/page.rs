//! A case as its page shows it (the command line's `case show` and the terminal app's case page read the same):
//! where it stands, every step of its procedure with the province's rule or 本省文件未规定, the application's check,
//! its deadlines counted, the rules not started yet, and the notes on where the province's documents disagree.

use chrono::NaiveDate;

use super::deadline::{Deadline, Upcoming, deadlines};
use super::phase::{Phase, phase};
use super::{CaseFile, CheckKind};
use crate::domain::calendar::Calendar;
use crate::domain::scorecard::procedure::Procedure;
use crate::domain::scorecard::{Citation, Note, NoteKind, Scorecard, reader_notes};
use crate::domain::text::latin_word;

/// What the case page says where the province's files set no rule for a step.
pub const SILENT: &str = "本省文件未规定";

/// One step of the procedure and the province's rule for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 申请条件, 申请材料, 期限, 公示, 整改, 有效期.
    pub name: &'static str,
    /// The rule in short Chinese, or `None`: [`SILENT`].
    pub rule: Option<String>,
    pub source: Option<Citation>,
}

/// A condition or material with the case's tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    pub kind: CheckKind,
    pub id: String,
    pub number: Option<String>,
    pub text: String,
    pub source: Citation,
    /// `None`: not ticked yet.
    pub met: Option<bool>,
    pub note: String,
}

/// Everything the case page shows beside the case's own rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasePage<'a> {
    pub phase: Phase,
    pub steps: Vec<Step>,
    pub checks: Vec<CheckLine>,
    pub deadlines: Vec<Deadline<'a>>,
    pub upcoming: Vec<Upcoming>,
    /// The file's notes on its procedure as a support unit reads them, in Chinese: where two documents disagree or
    /// the source is ambiguous, with the reading kept.
    pub notes: Vec<PageNote>,
    /// The file is no longer loaded: no rule is known.
    pub file_missing: bool,
}

fn steps(p: &Procedure, track: crate::domain::scorecard::Track) -> Vec<Step> {
    let deadlines: Vec<_> = p.deadlines.iter().filter(|d| d.track.is_none_or(|t| t == track)).collect();
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} 项{what}"));
    let first = |v: &[super::super::scorecard::procedure::CheckItem]| v.first().map(|c| c.source);
    let mut out = vec![
        Step { name: "申请条件", rule: count(p.conditions.len(), "条件"), source: first(&p.conditions) },
        Step { name: "申请材料", rule: count(p.materials.len(), "材料"), source: first(&p.materials) },
        Step {
            name: "期限",
            rule: (!deadlines.is_empty()).then(|| {
                deadlines.iter().map(|d| format!("{}：{}", d.what, d.period.label())).collect::<Vec<_>>().join("；")
            }),
            source: deadlines.first().map(|d| d.source),
        },
    ];
    out.push(Step {
        name: "公示",
        rule: p.publication.as_ref().map(|x| {
            let place = x.place.as_ref().map(|w| format!("（{w}）")).unwrap_or_default();
            let stops = if x.objection_stops {
                "；公示期满无异议（或异议不成立）方可通过".to_string()
            } else {
                format!("；异议成立的后果：{SILENT}")
            };
            let period = match x.period {
                Some(p) => p.label(),
                None => format!("期限{SILENT}（由支持单位记录期满日）"),
            };
            format!("公示 {period}{place}{stops}")
        }),
        source: p.publication.as_ref().map(|x| x.source),
    });
    out.push(Step {
        name: "整改",
        rule: p.rectification.as_ref().map(|r| {
            let limit = match p.rectification_period(track) {
                Some(period) => format!("整改期限 {}", period.label()),
                None => format!("整改期限：{SILENT}（由支持单位设定）"),
            };
            let who = r.who.as_ref().map(|w| format!("（{w}）")).unwrap_or_default();
            let recheck = match &r.recheck_by {
                Some(b) => format!("；复核：{b}"),
                None => format!("；由谁复核：{SILENT}"),
            };
            format!("{limit}{who}{recheck}")
        }),
        source: p.rectification.as_ref().map(|r| r.source),
    });
    out.push(Step {
        name: "有效期",
        rule: p.validity.as_ref().map(|v| {
            let renewal = match &v.renewal {
                Some(r) => format!("；届满前 {} 申请换证", r.period.label()),
                None => format!("；换证：{SILENT}"),
            };
            format!("{}有效期 {}{renewal}", v.what, v.period.label())
        }),
        source: p.validity.as_ref().map(|v| v.source),
    });
    out
}

/// A note of the file on the case's procedure, in the words a support unit reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNote {
    pub kind: NoteKind,
    /// The note's Chinese line: its `panel` line, or a procedure note written in Chinese with its reading.
    pub text: String,
    pub sources: Vec<Citation>,
}

/// The notes citing the procedure's lines that a support unit reads: those with their Chinese line for readers
/// ([`reader_notes`], as the scoring page shows them), and the notes on the procedure written in Chinese without one
/// (a note with an English word is for the file's maintainers only, and so is a reading with one).
fn reader_lines(notes: &[Note], cited: &[Citation]) -> Vec<PageNote> {
    let reader: Vec<(&Note, &str)> = cited.iter().flat_map(|l| reader_notes(notes, l)).collect();
    let mut out: Vec<PageNote> = Vec::new();
    for n in notes {
        let text = match reader.iter().find(|(r, _)| std::ptr::eq(*r, n)) {
            Some((_, line)) => line.to_string(),
            None if n.panel.is_none()
                && matches!(n.kind, NoteKind::Conflict | NoteKind::Ambiguity)
                && cited.iter().any(|l| n.cites(l)) =>
            {
                if latin_word(&n.text).is_some() {
                    continue;
                }
                // The reading is kept where it is in Chinese too.
                match n.reading.as_ref().filter(|r| latin_word(r).is_none()) {
                    Some(r) => format!("{}；{r}", n.text),
                    None => n.text.clone(),
                }
            }
            None => continue,
        };
        out.push(PageNote { kind: n.kind, text, sources: n.sources.clone() });
    }
    out
}

/// Every citation of a procedure.
fn citations(p: &Procedure) -> Vec<Citation> {
    let mut all: Vec<Citation> = p.conditions.iter().chain(&p.materials).map(|c| c.source).collect();
    all.extend(p.deadlines.iter().map(|d| d.source));
    all.extend(
        p.publication.iter().flat_map(|x| std::iter::once(x.source).chain(x.objection.iter().map(|o| o.source))),
    );
    all.extend(p.rectification.iter().map(|r| r.source));
    all.extend(p.validity.iter().flat_map(|v| std::iter::once(v.source).chain(v.renewal.iter().map(|r| r.source))));
    all
}

/// The case's page on `today`, from its file (`None` when the file is no longer loaded).
pub fn case_page<'a>(
    case: &CaseFile,
    card: Option<&'a Scorecard>,
    calendar: &Calendar,
    today: NaiveDate,
) -> CasePage<'a> {
    static NONE: std::sync::LazyLock<Procedure> = std::sync::LazyLock::new(Procedure::default);
    let procedure: &'a Procedure = card.map(|c| &c.procedure).unwrap_or(&NONE);
    let (deadlines, upcoming) = deadlines(procedure, case, calendar, today);
    let checks = procedure
        .conditions
        .iter()
        .map(|c| (CheckKind::Condition, c))
        .chain(procedure.materials.iter().map(|m| (CheckKind::Material, m)))
        .map(|(kind, c)| {
            let mark = case.check(kind, &c.id);
            CheckLine {
                kind,
                id: c.id.clone(),
                number: c.number.clone(),
                text: c.text.clone(),
                source: c.source,
                met: mark.map(|m| m.met),
                note: mark.map(|m| m.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let cited = citations(procedure);
    let notes = card.map(|c| reader_lines(&c.notes, &cited)).unwrap_or_default();
    CasePage {
        phase: phase(case, procedure, calendar, today),
        steps: steps(procedure, case.track),
        checks,
        deadlines,
        upcoming,
        notes,
        file_missing: card.is_none(),
    }
}
