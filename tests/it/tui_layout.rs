//! The terminal app's modules import each other in one direction only (keymap → action → update → state ← view), and
//! no file of it is longer than 600 lines. Read from the source: every `crate::tui::…` path (in `use` or inline) and
//! every use of a child module by its parent is an edge; the graph must have no circle, and the screens, dialogs and
//! widgets must not reach the app, its update or the views.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `screens::review` for `src/tui/screens/review/mod.rs`, `""` for `src/tui/mod.rs`.
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The code without comments (doc links are not imports).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every path after `crate::tui::`, with `{…}` groups expanded: `a::b::{c, d::e}` gives `a::b::c`, `a::b::d::e`.
fn tui_paths(code: &str) -> Vec<String> {
    crate::layers::paths(code).into_iter().filter_map(|p| p.strip_prefix("crate::tui::").map(str::to_string)).collect()
}

/// The longest prefix of `path` that is a module.
fn resolve(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty() && *p != "self").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m))
}

fn graph() -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, usize>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut list = Vec::new();
    files(&root, &mut list);
    let texts: Vec<(String, String)> =
        list.iter().map(|f| (module_of(&root, f), fs::read_to_string(f).unwrap())).collect();
    let modules: BTreeSet<String> = texts.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for (m, text) in &texts {
        lines.insert(m.clone(), text.lines().count());
        let code = code(text);
        let e = edges.entry(m.clone()).or_default();
        for p in tui_paths(&code) {
            if let Some(t) = resolve(&p, &modules).filter(|t| t != m) {
                e.insert(t);
            }
        }
        // A parent that uses its child module by name (`panel::KEYS`).
        for line in code.lines() {
            let Some(name) = line.trim().strip_prefix("pub mod ").or_else(|| line.trim().strip_prefix("mod ")) else {
                continue;
            };
            let name = name.trim_end_matches(';');
            let child = if m.is_empty() { name.to_string() } else { format!("{m}::{name}") };
            let used = code
                .match_indices(&format!("{name}::"))
                .any(|(i, _)| !code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
            if used && modules.contains(&child) {
                e.insert(child);
            }
        }
    }
    (edges, lines)
}

#[test]
fn the_terminal_app_imports_in_one_direction() {
    let (edges, _) = graph();
    if let Some(circle) = crate::layers::circle(&edges) {
        panic!("an import circle: {}", circle.join(" → "));
    }
    // What draws and reads keys never reaches what performs actions.
    let above = ["app", "update", "effects", "view", "state", "help", ""];
    for (m, targets) in &edges {
        if ["screens", "dialogs", "widgets", "keymap", "action", "keys"]
            .iter()
            .any(|low| m == low || m.starts_with(&format!("{low}::")))
        {
            let bad: Vec<&String> = targets.iter().filter(|t| above.contains(&t.as_str())).collect();
            assert!(bad.is_empty(), "tui::{m} reaches {bad:?}");
        }
    }
    for (m, targets) in &edges {
        let list: Vec<&str> = targets.iter().map(String::as_str).collect();
        println!("tui::{m} → {}", list.join(", "));
    }
}

#[test]
fn no_file_of_the_terminal_app_is_longer_than_600_lines() {
    let (_, lines) = graph();
    let long: Vec<String> = lines.iter().filter(|(_, n)| **n > 600).map(|(m, n)| format!("tui::{m}: {n}")).collect();
    assert!(long.is_empty(), "{long:?}");
}
