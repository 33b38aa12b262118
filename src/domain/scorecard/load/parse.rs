//! Reading a sheet's TOML: the size and length limits before anything else, and the checks shared by sheets and
//! province files (ids, citations, texts, notes, comparisons, conditions on facts).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::super::model::*;
use super::super::raw::*;
use super::problem::{Part, Place, SheetProblem as P};
use super::{FREE_TEXT_KEYS, LoadError, LoadErrors, MAX_FILE_BYTES, MAX_KEY_CHARS, MAX_LINE_CHARS, MAX_TEXT_CHARS};

pub(super) struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<LoadError>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(file: &'a str, text: &'a str) -> Self {
        Ctx { file, text, errors: Vec::new() }
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    pub(super) fn err(&mut self, span: Range<usize>, problem: P) {
        let line = self.line_of(span.start);
        self.errors.push(LoadError::new(self.file, line, problem));
    }

    pub(super) fn citation(&mut self, source: &S<String>, what: Place) -> Citation {
        match Citation::parse(source.get_ref()) {
            Some(c) => c,
            None => {
                self.err(source.span(), P::BadCitation { place: what, text: source.get_ref().clone() });
                Citation { first: 1, last: 1 }
            }
        }
    }

    pub(super) fn text(&mut self, value: &S<String>, what: Place) -> String {
        let t = value.get_ref().trim();
        if t.is_empty() {
            self.err(value.span(), P::Empty { place: what });
        }
        t.to_string()
    }

    pub(super) fn id(&mut self, value: &S<String>, what: Part, seen: &mut HashMap<String, usize>) -> String {
        let id = value.get_ref().clone();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !valid {
            self.err(value.span(), P::BadId { part: what, id: id.clone() });
        }
        let line = self.line_of(value.span().start);
        if let Some(first) = seen.insert(id.clone(), line) {
            self.err(value.span(), P::IdTwice { part: what, id: id.clone(), first_line: first });
        }
        id
    }

    pub(super) fn finish<T>(self, value: T) -> Result<T, LoadErrors> {
        if self.errors.is_empty() { Ok(value) } else { Err(LoadErrors(self.errors)) }
    }
}

pub(super) fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadErrors> {
    let ctx = Ctx::new(file, text);
    let one = |line: usize, problem: P| LoadErrors(vec![LoadError::new(file, line, problem)]);
    if text.len() > MAX_FILE_BYTES {
        return Err(one(0, P::FileTooLarge { bytes: text.len() }));
    }
    let syntax = |e: toml::de::Error| {
        one(e.span().map(|s| ctx.line_of(s.start)).unwrap_or(1), P::Syntax { message: e.message().trim().to_string() })
    };
    let root = toml::de::DeTable::parse(text).map_err(syntax)?;
    let mut errors = Ctx::new(file, text);
    check_lengths(&mut errors, root.get_ref(), "");
    if !errors.errors.is_empty() {
        return Err(LoadErrors(errors.errors));
    }
    T::deserialize(toml::de::Deserializer::from(root)).map_err(syntax)
}

/// Checks every key and string value of a table (and the tables in it) against the length limits. `path` names the
/// table (`items`, `document`) for the message, with the table's `id` if it has one.
fn check_lengths(ctx: &mut Ctx, table: &toml::de::DeTable, path: &str) {
    let own_id = table
        .iter()
        .find(|(k, _)| k.get_ref() == "id")
        .and_then(|(_, v)| v.get_ref().as_str())
        .filter(|id| id.chars().count() <= MAX_KEY_CHARS);
    for (key, value) in table {
        let n = key.get_ref().chars().count();
        if n > MAX_KEY_CHARS {
            ctx.err(key.span(), P::KeyTooLong { chars: n, table: path.to_string() });
            continue;
        }
        let key = key.get_ref().as_ref();
        let inner = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        check_value(ctx, value, key, &inner, (path, own_id));
    }
}

/// `at`: the table the key is in and the table's id, naming the value in the message.
fn check_value(
    ctx: &mut Ctx,
    value: &toml::Spanned<toml::de::DeValue>,
    key: &str,
    path: &str,
    at: (&str, Option<&str>),
) {
    use toml::de::DeValue;
    match value.get_ref() {
        DeValue::String(s) => {
            let free = FREE_TEXT_KEYS.contains(&key);
            let max = if free { MAX_TEXT_CHARS } else { MAX_LINE_CHARS };
            let n = s.chars().count();
            if n > max {
                let (table, id) = at;
                let problem = P::ValueTooLong {
                    key: key.to_string(),
                    table: table.to_string(),
                    id: id.map(str::to_string),
                    chars: n,
                    free,
                };
                ctx.err(value.span(), problem);
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                check_value(ctx, item, key, path, at);
            }
        }
        DeValue::Table(t) => check_lengths(ctx, t, path),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => {}
    }
}

pub(super) fn note(ctx: &mut Ctx, raw: &RawNote) -> Note {
    let kind = match raw.kind.get_ref().as_str() {
        "numbering_gap" => NoteKind::NumberingGap,
        "sum_mismatch" => NoteKind::SumMismatch,
        "conflict" => NoteKind::Conflict,
        "no_pass_mark" => NoteKind::NoPassMark,
        "ambiguity" => NoteKind::Ambiguity,
        "duplicate" => NoteKind::Duplicate,
        "extraction" => NoteKind::Extraction,
        other => {
            ctx.err(raw.kind.span(), P::UnknownNoteKind { kind: other.to_string() });
            NoteKind::Ambiguity
        }
    };
    if raw.sources.get_ref().is_empty() {
        ctx.err(raw.sources.span(), P::NoteWithoutSource);
    }
    let sources = raw.sources.get_ref().iter().map(|s| ctx.citation(s, Place::of(Part::Note))).collect();
    let panel = raw.panel.as_ref().map(|p| panel_note(ctx, p));
    Note {
        kind,
        text: ctx.text(&raw.text, Place::of(Part::Note).at("text")),
        sources,
        reading: raw.reading.clone(),
        panel,
    }
}

/// A note's text for the panel: one line of Chinese, citing no line of the source (the screen shows it as it is).
fn panel_note(ctx: &mut Ctx, raw: &S<String>) -> String {
    let text = ctx.text(raw, Place::of(Part::Note).at("panel"));
    if text.is_empty() {
        return text;
    }
    if !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        ctx.err(raw.span(), P::PanelNoteNotChinese);
    }
    if text.contains(['\n', '\r']) {
        ctx.err(raw.span(), P::PanelNoteMultiLine);
    }
    let chars: Vec<char> = text.chars().collect();
    if let Some(at) = chars.windows(2).position(|w| w[0] == 'L' && w[1].is_ascii_digit()) {
        let found: String = chars[at..].iter().take_while(|c| **c == 'L' || c.is_ascii_digit() || **c == '-').collect();
        ctx.err(raw.span(), P::PanelNoteCitesLines { found });
    }
    text
}

pub(super) fn op(ctx: &mut Ctx, raw: &S<String>) -> Op {
    Op::parse(raw.get_ref()).unwrap_or_else(|| {
        ctx.err(raw.span(), P::UnknownOp { text: raw.get_ref().clone() });
        Op::Eq
    })
}

/// Resolves a condition on a fact, checking that the fact exists and that the value has its kind.
pub(super) fn fact_condition(
    ctx: &mut Ctx,
    facts: &BTreeMap<String, FactKind>,
    fact: &S<String>,
    raw_op: Option<&S<String>>,
    value: &S<RawValue>,
) -> FactCondition {
    let op = raw_op.map(|o| op(ctx, o)).unwrap_or(Op::Eq);
    let value = match value.get_ref() {
        RawValue::Bool(b) => FactValue::Bool(*b),
        RawValue::Number(d) => FactValue::Number(*d),
    };
    match facts.get(fact.get_ref()) {
        None => ctx.err(fact.span(), P::UndeclaredFact { fact: fact.get_ref().clone() }),
        Some(FactKind::Bool) => {
            if !matches!(value, FactValue::Bool(_)) {
                ctx.err(fact.span(), P::YesNoFactValue { fact: fact.get_ref().clone() });
            } else if !matches!(op, Op::Eq | Op::Ne) {
                ctx.err(fact.span(), P::YesNoFactOp { fact: fact.get_ref().clone() });
            }
        }
        Some(FactKind::Number) => {
            if !matches!(value, FactValue::Number(_)) {
                ctx.err(fact.span(), P::NumberFactValue { fact: fact.get_ref().clone() });
            }
        }
    }
    FactCondition { fact: fact.get_ref().clone(), op, value }
}
