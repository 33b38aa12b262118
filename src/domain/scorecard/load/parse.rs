//! Reading a sheet's TOML: the size and length limits before anything else, and the checks shared by sheets and
//! province files (ids, citations, texts, notes, comparisons, conditions on facts).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::super::model::*;
use super::super::raw::*;
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

    pub(super) fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        let line = self.line_of(span.start);
        self.errors.push(LoadError { file: self.file.to_string(), line, message: message.into() });
    }

    pub(super) fn citation(&mut self, source: &S<String>, what: &str) -> Citation {
        match Citation::parse(source.get_ref()) {
            Some(c) => c,
            None => {
                self.err(
                    source.span(),
                    format!(
                        "{what}: source “{}” is not a citation of the source lines; write it as \"L123\" or \"L123-L130\"",
                        source.get_ref()
                    ),
                );
                Citation { first: 1, last: 1 }
            }
        }
    }

    pub(super) fn text(&mut self, value: &S<String>, what: &str) -> String {
        let t = value.get_ref().trim();
        if t.is_empty() {
            self.err(value.span(), format!("{what} is empty"));
        }
        t.to_string()
    }

    pub(super) fn id(&mut self, value: &S<String>, what: &str, seen: &mut HashMap<String, usize>) -> String {
        let id = value.get_ref().clone();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !valid {
            self.err(
                value.span(),
                format!("{what} id “{id}” must be 1 to 64 lowercase ASCII letters, digits, '.', '_' or '-'"),
            );
        }
        let line = self.line_of(value.span().start);
        if let Some(first) = seen.insert(id.clone(), line) {
            self.err(value.span(), format!("{what} id “{id}” is used twice (first on line {first})"));
        }
        id
    }

    pub(super) fn finish<T>(self, value: T) -> Result<T, LoadErrors> {
        if self.errors.is_empty() { Ok(value) } else { Err(LoadErrors(self.errors)) }
    }
}

pub(super) fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadErrors> {
    let ctx = Ctx::new(file, text);
    let one = |line: usize, message: String| LoadErrors(vec![LoadError { file: file.to_string(), line, message }]);
    if text.len() > MAX_FILE_BYTES {
        return Err(one(
            0,
            format!(
                "the file is {} bytes, more than the {} a score sheet or rules file may have; nothing of it was loaded",
                text.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let syntax =
        |e: toml::de::Error| one(e.span().map(|s| ctx.line_of(s.start)).unwrap_or(1), e.message().trim().to_string());
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
    let place = |key: &str| match (path, own_id) {
        ("", _) => key.to_string(),
        (p, Some(id)) => format!("{key} of {p} “{id}”"),
        (p, None) => format!("{key} of {p}"),
    };
    for (key, value) in table {
        let n = key.get_ref().chars().count();
        if n > MAX_KEY_CHARS {
            let at = if path.is_empty() { String::new() } else { format!(" in {path}") };
            ctx.err(
                key.span(),
                format!(
                    "a key of {n} characters{at}: the format's keys are short words such as title or points (at most \
                     {MAX_KEY_CHARS} characters)"
                ),
            );
            continue;
        }
        let key = key.get_ref().as_ref();
        let inner = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        check_value(ctx, value, key, &inner, &place(key));
    }
}

fn check_value(ctx: &mut Ctx, value: &toml::Spanned<toml::de::DeValue>, key: &str, path: &str, place: &str) {
    use toml::de::DeValue;
    match value.get_ref() {
        DeValue::String(s) => {
            let free = FREE_TEXT_KEYS.contains(&key);
            let max = if free { MAX_TEXT_CHARS } else { MAX_LINE_CHARS };
            let n = s.chars().count();
            if n > max {
                let rule = if free {
                    format!("free text ({}) takes at most {MAX_TEXT_CHARS} characters", FREE_TEXT_KEYS.join(", "))
                } else {
                    format!(
                        "a one-line value takes at most {MAX_LINE_CHARS} characters (only {} take up to {MAX_TEXT_CHARS})",
                        FREE_TEXT_KEYS.join(", ")
                    )
                };
                ctx.err(value.span(), format!("{place} is longer than {max} characters ({n}); {rule}"));
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                check_value(ctx, item, key, path, place);
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
            ctx.err(
                raw.kind.span(),
                format!(
                    "note kind “{other}” is unknown; use numbering_gap, sum_mismatch, conflict, no_pass_mark, ambiguity, duplicate or extraction"
                ),
            );
            NoteKind::Ambiguity
        }
    };
    if raw.sources.get_ref().is_empty() {
        ctx.err(raw.sources.span(), "a note must cite at least one place of the source");
    }
    let sources = raw.sources.get_ref().iter().map(|s| ctx.citation(s, "note")).collect();
    Note { kind, text: ctx.text(&raw.text, "note text"), sources, reading: raw.reading.clone() }
}

pub(super) fn op(ctx: &mut Ctx, raw: &S<String>) -> Op {
    Op::parse(raw.get_ref()).unwrap_or_else(|| {
        ctx.err(raw.span(), format!("comparison “{}” is unknown; use <, <=, >, >=, = or !=", raw.get_ref()));
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
        None => ctx.err(fact.span(), format!("fact “{}” is not declared in [[facts]]", fact.get_ref())),
        Some(FactKind::Bool) => {
            if !matches!(value, FactValue::Bool(_)) {
                ctx.err(fact.span(), format!("fact “{}” is yes/no: compare it with true or false", fact.get_ref()));
            } else if !matches!(op, Op::Eq | Op::Ne) {
                ctx.err(fact.span(), format!("fact “{}” is yes/no: only = and != compare it", fact.get_ref()));
            }
        }
        Some(FactKind::Number) => {
            if !matches!(value, FactValue::Number(_)) {
                ctx.err(fact.span(), format!("fact “{}” is a number: compare it with a number", fact.get_ref()));
            }
        }
    }
    FactCondition { fact: fact.get_ref().clone(), op, value }
}
