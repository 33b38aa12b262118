//! Every citation of the built-in data points at lines of the source compilation that hold the cited text.
//!
//! The source lives outside the repository (`../shared/source/000_9c443752d6c2806a.txt`, or the file named by
//! `YANSHOU_SOURCE`). Where it is absent, as on a machine without the shared folder, the test says so and passes;
//! CI has the shared folder beside the clone.

use crate::common;

use std::path::PathBuf;

fn source_lines() -> Option<Vec<String>> {
    let path = std::env::var_os("YANSHOU_SOURCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/source/000_9c443752d6c2806a.txt"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text.lines().map(str::to_string).collect()),
        Err(_) => {
            eprintln!("source compilation not found at {}: citation texts not checked", path.display());
            None
        }
    }
}

/// The cited lines joined, with all white space removed (the PDF extraction breaks cells over lines).
fn cited(lines: &[String], c: yanshou::domain::scorecard::Citation) -> String {
    let first = c.first as usize;
    let last = (c.last as usize).min(lines.len());
    lines[first - 1..last].concat().chars().filter(|ch| !ch.is_whitespace()).collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|ch| !ch.is_whitespace()).collect()
}

#[test]
fn citations_hold_the_cited_text() {
    let Some(lines) = source_lines() else { return };
    let catalog = common::catalog();
    let n = lines.len() as u32;
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut interleaved = Vec::new();
    let mut expect = |what: String, text: &str, c: yanshou::domain::scorecard::Citation| {
        if c.last > n {
            problems.push(format!("{what}: {c} is past the end of the source ({n} lines)"));
            return;
        }
        checked += 1;
        let here = cited(&lines, c);
        let text = squash(text);
        if !here.contains(&text) {
            // Where the extraction interleaved two columns, the text's characters still stand in order.
            let mut rest = here.chars();
            let in_order = text.chars().all(|ch| rest.any(|h| h == ch));
            if in_order {
                interleaved.push((what, c));
            } else {
                problems.push(format!("{what}: “{text}” is not on {c}"));
            }
        }
    };
    for card in &catalog.scorecards {
        expect(format!("{} title", card.id), &card.title, card.source);
        for s in &card.sections {
            expect(format!("{} section {}", card.id, s.id), &s.title, s.source);
        }
        for i in &card.items {
            expect(format!("{} item {}", card.id, i.id), &i.title, i.source);
            for g in &i.guidance {
                expect(format!("{} item {} guidance", card.id, i.id), g, i.source);
            }
        }
        for v in &card.vetoes {
            // The printed number may stand apart from the text; the text itself must be there.
            expect(format!("{} veto {}", card.id, v.id), &v.text, v.source);
        }
        for g in &card.grades {
            expect(format!("{} grade {}", card.id, g.label), &g.label, g.source);
        }
        for r in &card.requirements {
            expect(format!("{} requirement {}", card.id, r.id), &r.text, r.source);
        }
        for t in &card.review_types {
            expect(format!("{} review type {}", card.id, t.id), &t.text, t.source);
        }
        for d in &card.distinctions {
            expect(format!("{} distinction {}", card.id, d.id), &d.label, d.source);
        }
        // The outcome's words are the source's own: each stands on the cited lines.
        if let Some(c) = card.outcome.source {
            for word in card.outcome.passed.iter().chain(&card.outcome.failed) {
                expect(format!("{} outcome", card.id), word, c);
            }
        }
        for b in &card.contested {
            for c in &b.sources {
                if c.last > n {
                    expect(format!("{} contested", card.id), "", *c);
                }
            }
        }
        // The procedure around the review: every quoted text stands on its lines (and the 公示's place, where it is
        // given, on the 公示's).
        let pr = &card.procedure;
        for c in &pr.conditions {
            expect(format!("{} condition {}", card.id, c.id), &c.text, c.source);
        }
        for m in &pr.materials {
            expect(format!("{} material {}", card.id, m.id), &m.text, m.source);
        }
        for d in &pr.deadlines {
            expect(format!("{} deadline {}", card.id, d.id), &d.text, d.source);
        }
        if let Some(p) = &pr.publication {
            expect(format!("{} publication", card.id), &p.text, p.source);
            if let Some(w) = &p.place {
                expect(format!("{} publication where", card.id), w, p.source);
            }
            if let Some(o) = &p.objection {
                expect(format!("{} publication objection", card.id), &o.text, o.source);
            }
        }
        if let Some(r) = &pr.rectification {
            expect(format!("{} rectification", card.id), &r.text, r.source);
        }
        if let Some(v) = &pr.validity {
            expect(format!("{} validity", card.id), &v.text, v.source);
            if let Some(r) = &v.renewal {
                expect(format!("{} renewal", card.id), &r.text, r.source);
            }
        }
        for note in &card.notes {
            for c in &note.sources {
                // A note's text is the maintainers' words; its citations must exist.
                if c.last > n {
                    expect(format!("{} note", card.id), "", *c);
                }
            }
        }
    }
    for p in &catalog.provinces {
        for r in &p.panel_rules {
            expect(format!("{} panel rule {}", p.province, r.id), &r.text, r.source);
        }
        for r in p.recusal_reasons.iter().chain(&p.rights) {
            expect(format!("{} {}", p.province, r.id), &r.text, r.source);
        }
    }
    // Each interleaved cell is one the sheet's notes explain as an extraction fault.
    for (what, c) in &interleaved {
        let id = what.split(' ').next().unwrap();
        let card = catalog.scorecard(id).unwrap();
        let explained = card.notes.iter().any(|n| {
            n.kind == yanshou::domain::scorecard::NoteKind::Extraction
                && n.sources.iter().any(|s| s.first <= c.last && c.first <= s.last)
        });
        if !explained {
            problems.push(format!("{what}: text interleaved on {c} without an extraction note citing those lines"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {checked} citations do not hold their text:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 300, "only {checked} citations checked");
}

/// The draw rules (`scorecards/draws/draw-rules.toml`): every quote stands on the lines it cites, and every
/// searched range a note of silence names is within the source.
#[test]
fn the_draw_rules_quote_their_lines() {
    let Some(lines) = source_lines() else { return };
    let here = |source: &str| -> String {
        let c = yanshou::domain::scorecard::Citation::parse(source).unwrap_or_else(|| panic!("{source}: not lines"));
        cited(&lines, c)
    };
    let mut quotes: Vec<(String, String, String)> = Vec::new();
    for r in yanshou::builtin::draw_rules() {
        let p = r.province.clone();
        if let Some(d) = &r.draw {
            quotes.push((format!("{p} draw"), d.text.clone(), d.source.clone()));
        }
        if let Some(s) = &r.size {
            quotes.push((format!("{p} size"), s.text.clone(), s.source.clone()));
        }
        if let Some(s) = &r.from_pool {
            quotes.push((format!("{p} from_pool"), s.text.clone(), s.source.clone()));
        }
        if let Some(f) = &r.fields {
            quotes.push((format!("{p} fields"), f.text.clone(), f.source.clone()));
        }
        for g in &r.recusal {
            quotes.push((format!("{p} recusal"), g.text.clone(), g.source.clone()));
        }
    }
    assert!(quotes.len() >= 12, "{quotes:?}");
    for (what, text, source) in quotes {
        assert!(here(&source).contains(&squash(&text)), "{what}: “{text}” is not on {source}");
    }
}
