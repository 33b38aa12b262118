//! Parsing and validating scorecard and province files.
//!
//! A file is parsed into its raw form (`raw.rs`), then every rule of the format is checked. All the problems found are
//! reported together, each with the file, the line and a plain message, so that a support unit writing its own sheet
//! can fix them in one pass.
//!
//! Files come from outside (a data directory, a USB stick, a bundle), so before anything else a file's size and the
//! length of every value and key in it are checked against the limits below, as the command line checks what is
//! typed: a 50 MB title is refused at its line instead of slowing every later command down.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;

use super::model::*;
use super::raw::*;
use crate::domain::points::Points;

/// The largest sheet or rules file read: 1 MiB, fifty times the largest built-in file (18,809 bytes).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The longest one-line value (titles, names, numbers, ids, citations, labels): as the command line's one-line
/// fields. The longest built-in one is an item title of 87 characters.
pub const MAX_LINE_CHARS: usize = crate::domain::text::MAX_NAME;
/// The longest free text (`text`, `reading`, `guidance`): as the command line's free text. The longest built-in one
/// is a note of 709 characters.
pub const MAX_TEXT_CHARS: usize = crate::domain::text::MAX_TEXT;
/// The keys whose values are free text; every other string is a one-line value.
pub const FREE_TEXT_KEYS: [&str; 3] = ["text", "reading", "guidance"];
/// The longest key: the format's keys are words such as `title` or `accept_sum_mismatch`.
pub const MAX_KEY_CHARS: usize = 64;

/// One problem in a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: a problem of the whole file (it cannot be read, it is too large).
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// The text of a file's bytes; bytes that are not UTF-8 are refused naming the line and column of the first one.
pub fn text_of(file: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = &bytes[..at];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = std::str::from_utf8(&valid[start..]).map_or(0, |s| s.chars().count()) + 1;
        LoadError {
            file: file.to_string(),
            line,
            message: format!(
                "column {column}: byte 0x{:02X} is not UTF-8 text; save the file as UTF-8 (it may have been saved as \
                 GBK or another encoding)",
                bytes[at]
            ),
        }
    })
}

/// Every problem found in one or more files.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<LoadError>,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        Ctx { file, text, errors: Vec::new() }
    }

    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        let line = self.line_of(span.start);
        self.errors.push(LoadError { file: self.file.to_string(), line, message: message.into() });
    }

    fn citation(&mut self, source: &S<String>, what: &str) -> Citation {
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

    fn text(&mut self, value: &S<String>, what: &str) -> String {
        let t = value.get_ref().trim();
        if t.is_empty() {
            self.err(value.span(), format!("{what} is empty"));
        }
        t.to_string()
    }

    fn id(&mut self, value: &S<String>, what: &str, seen: &mut HashMap<String, usize>) -> String {
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

    fn finish<T>(self, value: T) -> Result<T, LoadErrors> {
        if self.errors.is_empty() { Ok(value) } else { Err(LoadErrors(self.errors)) }
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadErrors> {
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

fn note(ctx: &mut Ctx, raw: &RawNote) -> Note {
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

fn op(ctx: &mut Ctx, raw: &S<String>) -> Op {
    Op::parse(raw.get_ref()).unwrap_or_else(|| {
        ctx.err(raw.span(), format!("comparison “{}” is unknown; use <, <=, >, >=, = or !=", raw.get_ref()));
        Op::Eq
    })
}

/// Resolves a condition on a fact, checking that the fact exists and that the value has its kind.
fn fact_condition(
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

/// Parses and validates one score sheet file. `file` names it in messages.
pub fn parse_scorecard(file: &str, text: &str) -> Result<Scorecard, LoadErrors> {
    let raw: RawScorecard = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    let mut ids = HashMap::new();

    if *raw.schema.get_ref() != 1 {
        ctx.err(
            raw.schema.span(),
            format!("schema {} is not supported; this version reads schema 1", raw.schema.get_ref()),
        );
    }
    let id = ctx.id(&raw.id, "scorecard", &mut HashMap::new());
    let stage = match raw.stage.get_ref().as_str() {
        "acceptance" => Stage::Acceptance,
        "assessment" => Stage::Assessment,
        other => {
            ctx.err(
                raw.stage.span(),
                format!("stage “{other}” is unknown; use \"acceptance\" (验收) or \"assessment\" (评估)"),
            );
            Stage::Acceptance
        }
    };
    let track = match Track::parse(raw.track.get_ref()) {
        Some(t) => t,
        None => {
            let other = raw.track.get_ref();
            ctx.err(
                raw.track.span(),
                format!("track “{other}” is unknown; use \"voluntary\", \"mandatory\" or \"any\""),
            );
            Track::Any
        }
    };
    let source = ctx.citation(&raw.source, "scorecard");
    let doc = raw.document.get_ref();
    let document = Document {
        title: ctx.text(&doc.title, "document title"),
        number: doc.number.as_ref().map(|n| ctx.text(n, "document number")),
        attachment: doc.attachment.as_ref().map(|n| ctx.text(n, "document attachment")),
        source: ctx.citation(&doc.source, "document"),
    };
    let weights = raw.weights.as_ref().map(|w| {
        let w = w.get_ref();
        Weights {
            adjustable: w.adjustable,
            text: ctx.text(&w.text, "weights text"),
            source: ctx.citation(&w.source, "weights"),
        }
    });
    let max_total = *raw.max_total.get_ref();
    if max_total == Points::ZERO {
        ctx.err(raw.max_total.span(), "max_total must be more than 0");
    }

    // Sections.
    let mut sections = Vec::new();
    let mut section_ids = HashMap::new();
    for s in &raw.sections {
        let sid = ctx.id(&s.id, "section", &mut section_ids);
        sections.push(Section {
            id: sid.clone(),
            number: s.number.get_ref().trim().to_string(),
            title: ctx.text(&s.title, &format!("section {sid} title")),
            points: *s.points.get_ref(),
            source: ctx.citation(&s.source, &format!("section {sid}")),
        });
    }
    if sections.is_empty() {
        ctx.err(raw.id.span(), "the sheet has no [[sections]]");
    }

    // Facts come before items: rules read them.
    let mut facts = Vec::new();
    let mut fact_kinds = BTreeMap::new();
    let mut fact_ids = HashMap::new();
    for f in &raw.facts {
        let fid = ctx.id(&f.id, "fact", &mut fact_ids);
        let kind = match f.kind.get_ref().as_str() {
            "bool" => FactKind::Bool,
            "number" => FactKind::Number,
            other => {
                ctx.err(f.kind.span(), format!("fact kind “{other}” is unknown; use \"bool\" or \"number\""));
                FactKind::Bool
            }
        };
        fact_kinds.insert(fid.clone(), kind);
        facts.push(Fact {
            id: fid.clone(),
            kind,
            unit: f.unit.clone(),
            text: ctx.text(&f.text, &format!("fact {fid} text")),
            source: ctx.citation(&f.source, &format!("fact {fid}")),
        });
    }

    // Items.
    let mut item_ids = HashMap::new();
    let mut items: Vec<Item> = Vec::new();
    for it in &raw.items {
        let iid = ctx.id(&it.id, "item", &mut item_ids);
        if !section_ids.contains_key(it.section.get_ref()) {
            ctx.err(
                it.section.span(),
                format!("item {iid}: section “{}” is not one of the sheet's [[sections]]", it.section.get_ref()),
            );
        }
        let mut rules = Vec::new();
        for r in &it.rules {
            let when = r.when.get_ref();
            let cond = fact_condition(&mut ctx, &fact_kinds, &when.fact, when.op.as_ref(), &when.value);
            let score = match r.score.get_ref() {
                RawRuleScore::Points(p) => {
                    if *p > *it.points.get_ref() {
                        ctx.err(
                            r.score.span(),
                            format!(
                                "item {iid}: a rule gives {p} points, more than the item's {}",
                                it.points.get_ref()
                            ),
                        );
                    }
                    RuleScore::Points(*p)
                }
                RawRuleScore::Word(w) if w == "max" => RuleScore::Max,
                RawRuleScore::Word(w) => {
                    ctx.err(
                        r.score.span(),
                        format!("item {iid}: rule score “{w}” must be a number of points or \"max\""),
                    );
                    RuleScore::Max
                }
            };
            rules.push(ItemRule {
                when: cond,
                score,
                text: ctx.text(&r.text, &format!("item {iid} rule text")),
                source: ctx.citation(&r.source, &format!("item {iid} rule")),
            });
        }
        items.push(Item {
            id: iid.clone(),
            section: it.section.get_ref().clone(),
            parent: it.parent.as_ref().map(|p| p.get_ref().clone()),
            number: it.number.as_ref().map(|n| n.get_ref().trim().to_string()).unwrap_or_default(),
            title: ctx.text(&it.title, &format!("item {iid} title")),
            text: it.text.as_ref().map(|t| ctx.text(t, &format!("item {iid} text"))),
            points: *it.points.get_ref(),
            source: ctx.citation(&it.source, &format!("item {iid}")),
            guidance: it.guidance.iter().map(|g| ctx.text(g, &format!("item {iid} guidance"))).collect(),
            rules,
            scored: true,
            depth: 0,
        });
    }

    // Parents: exist, same section, no cycles; compute depth and which items are scored directly.
    let index: HashMap<String, usize> = items.iter().enumerate().map(|(i, it)| (it.id.clone(), i)).collect();
    for (i, it) in raw.items.iter().enumerate() {
        if let Some(p) = &it.parent {
            match index.get(p.get_ref()) {
                None => ctx.err(
                    p.span(),
                    format!("item {}: parent “{}” is not an item of this sheet", it.id.get_ref(), p.get_ref()),
                ),
                Some(&pi) => {
                    if items[pi].section != items[i].section {
                        ctx.err(
                            p.span(),
                            format!("item {}: parent {} belongs to another section", it.id.get_ref(), p.get_ref()),
                        );
                    }
                    items[pi].scored = false;
                }
            }
        }
    }
    for i in 0..items.len() {
        let mut depth = 0;
        let mut at = i;
        while let Some(p) = items[at].parent.as_ref().and_then(|p| index.get(p)) {
            depth += 1;
            at = *p;
            if depth > items.len() {
                ctx.err(raw.items[i].id.span(), format!("item {}: its parents form a loop", items[i].id));
                break;
            }
        }
        items[i].depth = depth;
    }
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored && it.points == Points::ZERO {
            ctx.err(raw_it.points.span(), format!("item {}: a scored item must carry more than 0 points", it.id));
        }
        if !it.scored && !it.rules.is_empty() {
            ctx.err(
                raw_it.id.span(),
                format!("item {}: has sub-items, so its rules would never apply; put them on the sub-items", it.id),
            );
        }
    }

    // Sums: children to parent item, top-level items to section, sections to total.
    for (it, raw_it) in items.iter().zip(&raw.items) {
        if it.scored {
            continue;
        }
        let sum: Points = items.iter().filter(|c| c.parent.as_deref() == Some(&it.id)).map(|c| c.points).sum();
        if sum != it.points && !raw_it.accept_sum_mismatch {
            ctx.err(
                raw_it.points.span(),
                format!("item {}: points {} but its sub-items add up to {sum} (if the source prints it so, set accept_sum_mismatch = true and add a note)", it.id, it.points),
            );
        }
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        let top: Vec<&Item> = items.iter().filter(|i| i.section == s.id && i.parent.is_none()).collect();
        if top.is_empty() {
            ctx.err(raw_s.id.span(), format!("section {}: has no items", s.id));
            continue;
        }
        let sum: Points = top.iter().map(|i| i.points).sum();
        if sum != s.points && !raw_s.accept_sum_mismatch {
            ctx.err(
                raw_s.points.span(),
                format!("section {}: points {} but its items add up to {sum} (if the source prints it so, set accept_sum_mismatch = true and add a note)", s.id, s.points),
            );
        }
    }
    let section_sum: Points = sections.iter().map(|s| s.points).sum();
    if !sections.is_empty() && section_sum != max_total {
        ctx.err(raw.max_total.span(), format!("max_total is {max_total} but the sections add up to {section_sum}"));
    }

    // Bonuses.
    let mut bonuses = Vec::new();
    for b in &raw.bonuses {
        let bid = ctx.id(&b.id, "bonus", &mut ids);
        if b.min.get_ref() > b.max.get_ref() {
            ctx.err(b.min.span(), format!("bonus {bid}: min {} is more than max {}", b.min.get_ref(), b.max.get_ref()));
        }
        if *b.max.get_ref() == Points::ZERO {
            ctx.err(b.max.span(), format!("bonus {bid}: max must be more than 0"));
        }
        bonuses.push(Bonus {
            id: bid.clone(),
            title: ctx.text(&b.title, &format!("bonus {bid} title")),
            min: *b.min.get_ref(),
            max: *b.max.get_ref(),
            source: ctx.citation(&b.source, &format!("bonus {bid}")),
        });
    }
    let highest = if raw.total_may_exceed_max { max_total + bonuses.iter().map(|b| b.max).sum() } else { max_total };

    // Vetoes.
    let mut vetoes = Vec::new();
    let mut veto_ids = HashMap::new();
    for v in &raw.vetoes {
        let vid = ctx.id(&v.id, "veto", &mut veto_ids);
        let computed = v.computed.as_ref().map(|c| {
            let t = c.get_ref();
            match (&t.fact, &t.value, &t.score) {
                (Some(fact), Some(value), None) => VetoTrigger::Fact(fact_condition(&mut ctx, &fact_kinds, fact, t.op.as_ref(), value)),
                (None, None, Some(score)) => {
                    let o = match &t.op {
                        Some(o) => op(&mut ctx, o),
                        None => {
                            ctx.err(c.span(), format!("veto {vid}: a computed veto on the total needs op, e.g. op = \"<\""));
                            Op::Lt
                        }
                    };
                    if *score.get_ref() > highest {
                        ctx.err(score.span(), format!("veto {vid}: score {} is above the highest possible total {highest}", score.get_ref()));
                    }
                    VetoTrigger::Total { op: o, score: *score.get_ref() }
                }
                _ => {
                    ctx.err(c.span(), format!("veto {vid}: computed must be either {{ op, score }} on the total or {{ fact, value }} (with an optional op)"));
                    VetoTrigger::Total { op: Op::Lt, score: Points::ZERO }
                }
            }
        });
        vetoes.push(Veto {
            id: vid.clone(),
            number: v.number.as_ref().map(|n| n.get_ref().trim().to_string()),
            text: ctx.text(&v.text, &format!("veto {vid} text")),
            source: ctx.citation(&v.source, &format!("veto {vid}")),
            computed,
        });
    }

    // Grades: listed top down; each band's lower bound strictly below the one before; a `<`/`<=` band only last and
    // exactly complementing the band before it, so that no total falls between bands by mistake.
    let mut grades: Vec<Grade> = Vec::new();
    let mut labels = BTreeSet::new();
    let mut previous: Option<(Points, bool)> = None; // lower bound and whether it is included
    let mut seen_fail = false;
    for (i, g) in raw.grades.iter().enumerate() {
        let label = ctx.text(&g.label, "grade label");
        if !labels.insert(label.clone()) {
            ctx.err(g.label.span(), format!("grade “{label}” is listed twice"));
        }
        let o = op(&mut ctx, &g.op);
        let score = *g.score.get_ref();
        if score > highest {
            ctx.err(
                g.score.span(),
                format!("grade “{label}”: score {score} is above the highest possible total {highest}"),
            );
        }
        match o {
            Op::Gt | Op::Ge => {
                let bound = (score, o == Op::Ge);
                if let Some(prev) = previous {
                    // A band is reachable only if its bound is lower than the one before.
                    let lower = bound.0 < prev.0 || (bound.0 == prev.0 && bound.1 && !prev.1);
                    if !lower {
                        ctx.err(g.score.span(), format!("grade “{label}” ({} {score}) is not below the band before it: list bands from the top down", o.symbol()));
                    }
                }
                previous = Some(bound);
            }
            Op::Lt | Op::Le => {
                if i + 1 != raw.grades.len() {
                    ctx.err(g.op.span(), format!("grade “{label}”: a band with {} must be the last one", o.symbol()));
                }
                match previous {
                    Some((p, incl)) if p == score && incl == (o == Op::Lt) => {}
                    Some((p, incl)) => ctx.err(
                        g.score.span(),
                        format!(
                            "grade “{label}” ({} {score}) does not meet the band above it ({} {p}): some totals would match no band",
                            o.symbol(),
                            if incl { ">=" } else { ">" }
                        ),
                    ),
                    None => ctx.err(g.op.span(), format!("grade “{label}”: a band with {} needs a band above it", o.symbol())),
                }
            }
            Op::Eq | Op::Ne => {
                ctx.err(g.op.span(), format!("grade “{label}”: bands compare with >, >=, < or <=, not {}", o.symbol()))
            }
        }
        if g.passed && seen_fail {
            ctx.err(g.label.span(), format!("grade “{label}” passes but lies below a failing band"));
        }
        seen_fail |= !g.passed;
        grades.push(Grade { label, op: o, score, passed: g.passed, source: ctx.citation(&g.source, "grade") });
    }

    let mut checklist = Vec::new();
    let mut check_ids = HashMap::new();
    for c in &raw.checklist {
        let cid = ctx.id(&c.id, "checklist entry", &mut check_ids);
        checklist.push(ChecklistEntry {
            id: cid.clone(),
            group: c.group.clone(),
            text: ctx.text(&c.text, &format!("checklist {cid} text")),
            levels: c.levels.clone(),
            source: ctx.citation(&c.source, &format!("checklist {cid}")),
        });
    }

    let notes: Vec<Note> = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    if grades.is_empty() && !notes.iter().any(|n| n.kind == NoteKind::NoPassMark) {
        ctx.err(
            raw.id.span(),
            "the sheet has no [[grades]]: if it prints no pass mark, say so in a note of kind \"no_pass_mark\"",
        );
    }
    for (s, raw_s) in sections.iter().zip(&raw.sections) {
        if raw_s.accept_sum_mismatch && !notes.iter().any(|n| n.kind == NoteKind::SumMismatch) {
            ctx.err(
                raw_s.id.span(),
                format!(
                    "section {}: accept_sum_mismatch needs a note of kind \"sum_mismatch\" citing the source",
                    s.id
                ),
            );
        }
    }

    let card = Scorecard {
        id,
        province: ctx.text(&raw.province, "province"),
        title: ctx.text(&raw.title, "title"),
        stage,
        track,
        source,
        max_total,
        total_may_exceed_max: raw.total_may_exceed_max,
        document,
        weights,
        vetoed_label: raw.vetoed_label.as_ref().map(|l| ctx.text(l, "vetoed_label")),
        sections,
        items,
        facts,
        bonuses,
        vetoes,
        grades,
        checklist,
        notes,
        origin: file.to_string(),
        text: text.to_string(),
    };
    ctx.finish(card)
}

/// Parses and validates one province rules file.
pub fn parse_province(file: &str, text: &str) -> Result<ProvinceRules, LoadErrors> {
    let raw: RawProvince = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    if *raw.schema.get_ref() != 1 {
        ctx.err(
            raw.schema.span(),
            format!("schema {} is not supported; this version reads schema 1", raw.schema.get_ref()),
        );
    }
    let mut ids = HashMap::new();
    let documents = raw
        .documents
        .iter()
        .map(|d| ProvinceDocument {
            id: ctx.id(&d.id, "document", &mut ids),
            title: ctx.text(&d.title, "document title"),
            number: d.number.clone(),
            source: ctx.citation(&d.source, "document"),
        })
        .collect();
    let sheets =
        |ctx: &mut Ctx, list: &[S<String>]| -> Vec<String> { list.iter().map(|s| ctx.text(s, "sheet id")).collect() };
    let mut rule_ids = HashMap::new();
    let mut panel_rules = Vec::new();
    for r in &raw.panel_rules {
        let rid = ctx.id(&r.id, "panel rule", &mut rule_ids);
        let value = |ctx: &mut Ctx| -> u32 {
            match &r.value {
                Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 99 => *v.get_ref() as u32,
                Some(v) => {
                    ctx.err(
                        v.span(),
                        format!("panel rule {rid}: value {} must be a number of experts from 1 to 99", v.get_ref()),
                    );
                    1
                }
                None => {
                    ctx.err(r.kind.span(), format!("panel rule {rid}: kind “{}” needs value = N", r.kind.get_ref()));
                    1
                }
            }
        };
        let check = match r.kind.get_ref().as_str() {
            "min_size" => PanelCheck::MinSize { value: value(&mut ctx) },
            "max_size" => PanelCheck::MaxSize { value: value(&mut ctx) },
            "odd" => PanelCheck::Odd,
            "lead" => PanelCheck::Lead,
            "text" => PanelCheck::Text,
            "fields" => {
                let mut fields = Vec::new();
                match &r.fields {
                    Some(list) if !list.get_ref().is_empty() => {
                        for f in list.get_ref() {
                            if !FIELDS.contains(&f.get_ref().as_str()) {
                                ctx.err(
                                    f.span(),
                                    format!(
                                        "panel rule {rid}: field “{}” is not one of {}",
                                        f.get_ref(),
                                        FIELDS.join("、")
                                    ),
                                );
                            }
                            fields.push(f.get_ref().clone());
                        }
                    }
                    _ => ctx.err(r.kind.span(), format!("panel rule {rid}: kind \"fields\" needs fields = [...]")),
                }
                PanelCheck::Fields { fields }
            }
            other => {
                ctx.err(
                    r.kind.span(),
                    format!(
                        "panel rule {rid}: kind “{other}” is unknown; use min_size, max_size, odd, fields, lead or text"
                    ),
                );
                PanelCheck::Text
            }
        };
        let level = match r.level.get_ref().as_str() {
            "must" => Level::Must,
            "should" => Level::Should,
            other => {
                ctx.err(
                    r.level.span(),
                    format!("panel rule {rid}: level “{other}” is unknown; use \"must\" or \"should\""),
                );
                Level::Should
            }
        };
        panel_rules.push(PanelRule {
            id: rid.clone(),
            check,
            level,
            text: ctx.text(&r.text, &format!("panel rule {rid} text")),
            source: ctx.citation(&r.source, &format!("panel rule {rid}")),
            sheets: sheets(&mut ctx, &r.sheets),
        });
    }
    let provisions = |ctx: &mut Ctx, list: &[RawProvision], what: &str| -> Vec<Provision> {
        let mut seen = HashMap::new();
        list.iter()
            .map(|p| {
                let pid = ctx.id(&p.id, what, &mut seen);
                Provision {
                    id: pid.clone(),
                    text: ctx.text(&p.text, &format!("{what} {pid} text")),
                    source: ctx.citation(&p.source, &format!("{what} {pid}")),
                    sheets: sheets(ctx, &p.sheets),
                }
            })
            .collect()
    };
    let recusal_reasons = provisions(&mut ctx, &raw.recusal_reasons, "recusal reason");
    let rights = provisions(&mut ctx, &raw.rights, "right");
    let notes = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    let rules = ProvinceRules {
        province: ctx.text(&raw.province, "province"),
        source: ctx.citation(&raw.source, "province"),
        documents,
        panel_rules,
        recusal_reasons,
        rights,
        notes,
        origin: file.to_string(),
        text: text.to_string(),
    };
    ctx.finish(rules)
}
