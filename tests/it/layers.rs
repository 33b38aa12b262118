//! The layers of `src/` point one way, and no folder's modules import each other in a circle. Read from the source:
//! every path a file names (`crate::…`, `super::…`, `self::…`, `yanshou::…`, in `use` or inline, with `{…}` groups
//! expanded) is resolved to the longest module it names. An edge is drawn between the two children of the nearest
//! folder that holds both ends, so a module's use of its parent's front door (`super::StoreError`) or of its own
//! child is no edge, and a use of a sibling's (or a sibling's child's) item is. The graph of every folder must have
//! no circle, and the top level must keep the layers: domain ← store ← bundle ← tui and cli.

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

/// The module a file is, as a path from the library's root: `store::scores` for `src/store/scores.rs`, `store` for
/// `src/store/mod.rs`, `cli::review` for `src/cli/review.rs` (the binary's modules are named under `cli`), `""` for
/// `src/lib.rs` and `src/main.rs`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

/// The code without comments (doc links are not imports).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every path starting with `crate::`, `super::`, `self::` or `yanshou::`, with `{…}` groups expanded: `a::b::{c, d::e}`
/// gives `a::b::c` and `a::b::d::e`.
pub(crate) fn paths(code: &str) -> Vec<String> {
    fn expand(prefix: &str, s: &str, out: &mut Vec<String>) -> usize {
        let b = s.as_bytes();
        let mut i = 0;
        let mut item = String::new();
        while i < b.len() {
            match b[i] {
                b'{' => {
                    let base = format!("{prefix}{}", item.trim());
                    i += 1 + expand(&base, &s[i + 1..], out);
                    item.clear();
                    continue;
                }
                b'}' => {
                    if !item.trim().is_empty() {
                        out.push(format!("{prefix}{}", item.trim()));
                    }
                    return i + 1;
                }
                b',' => {
                    if !item.trim().is_empty() {
                        out.push(format!("{prefix}{}", item.trim()));
                    }
                    item.clear();
                }
                _ => item.push(b[i] as char),
            }
            i += 1;
        }
        i
    }
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::", "yanshou::"] {
        for (at, _) in code.match_indices(root) {
            // A whole path only: not the tail of a longer name (`my_crate::`) nor of a path (`a::super::`).
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':') {
                continue;
            }
            let rest = &code[at..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            let head = &rest[..end];
            if rest[end..].starts_with('{') {
                expand(head, &rest[end + 1..], &mut out);
            } else {
                out.push(head.to_string());
            }
        }
    }
    out.into_iter().map(|p| p.split(" as ").next().unwrap_or(&p).trim().to_string()).collect()
}

/// The module a path names (the longest prefix that is one), from the file of module `here`.
fn resolve(path: &str, here: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    let mut at: Vec<String> = match parts.first().copied() {
        // The binary's `crate::` is its own root, which holds `cli`; the library's (and `yanshou::`) is the library's.
        Some("crate") | Some("yanshou") => Vec::new(),
        Some("self") => here.to_vec(),
        Some("super") => here.to_vec(),
        _ => return None,
    };
    if parts[0] == "crate" || parts[0] == "yanshou" || parts[0] == "self" {
        parts.remove(0);
    }
    while parts.first() == Some(&"super") {
        at.pop();
        parts.remove(0);
    }
    let mut best = None;
    let mut m = at.clone();
    if modules.contains(&m) {
        best = Some(m.clone());
    }
    for p in parts {
        m.push(p.to_string());
        if modules.contains(&m) {
            best = Some(m.clone());
        } else {
            break;
        }
    }
    best
}

/// A folder's children and, for each, the siblings it uses.
pub(crate) type Edges = BTreeMap<String, BTreeSet<String>>;

/// Every folder (by its module path) and the edges among its children.
type Folders = BTreeMap<Vec<String>, Edges>;

/// For every folder (by its module path), the edges among its children; and every file's length in lines.
fn graphs() -> (Folders, Vec<(String, usize)>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut list = Vec::new();
    files(&src, &mut list);
    let texts: Vec<(Vec<String>, String, String)> = list
        .iter()
        .map(|f| {
            let shown = f.strip_prefix(&src).unwrap().display().to_string();
            (module_of(&src, f), shown, fs::read_to_string(f).unwrap())
        })
        .collect();
    let modules: BTreeSet<Vec<String>> = texts.iter().map(|(m, ..)| m.clone()).collect();
    let mut graphs: Folders = BTreeMap::new();
    let mut lengths = Vec::new();
    for (m, shown, text) in &texts {
        lengths.push((format!("src/{shown}"), text.lines().count()));
        for p in paths(&code(text)) {
            let Some(t) = resolve(&p, m, &modules) else { continue };
            let common = m.iter().zip(&t).take_while(|(a, b)| a == b).count();
            if common >= m.len() || common >= t.len() {
                continue; // a use of an ancestor's or of a descendant's
            }
            let folder = m[..common].to_vec();
            graphs.entry(folder).or_default().entry(m[common].clone()).or_default().insert(t[common].clone());
        }
    }
    (graphs, lengths)
}

/// A circle in a graph of modules, as the path around it, if there is one (depth first).
pub(crate) fn circle(edges: &Edges) -> Option<Vec<String>> {
    fn visit(m: &str, edges: &Edges, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut c = path[at..].to_vec();
            c.push(m.to_string());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for t in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(t, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|m| visit(m, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_folder_of_src_imports_in_a_circle() {
    let (graphs, _) = graphs();
    let mut found = Vec::new();
    for (folder, edges) in &graphs {
        if let Some(c) = circle(edges) {
            let at = if folder.is_empty() { "src".to_string() } else { format!("src/{}", folder.join("/")) };
            found.push(format!("{at}: {}", c.join(" → ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_layers_point_one_way() {
    let (graphs, _) = graphs();
    let top = graphs.get(&Vec::new()).cloned().unwrap_or_default();
    // What each layer may not reach: the domain is pure; the store knows no bundle, screen or command; the bundle and
    // its documents know no screen or command; the terminal app knows no command.
    let forbidden: [(&str, &[&str]); 5] = [
        ("domain", &["store", "bundle", "tui", "cli", "files", "builtin", "paths", "cache", "hex"]),
        ("store", &["bundle", "tui", "cli"]),
        ("bundle", &["tui", "cli"]),
        ("tui", &["cli"]),
        ("files", &["store", "bundle", "tui", "cli"]),
    ];
    let mut bad = Vec::new();
    for (layer, not) in forbidden {
        for t in top.get(layer).into_iter().flatten() {
            if not.contains(&t.as_str()) {
                bad.push(format!("{layer} → {t}"));
            }
        }
    }
    assert!(bad.is_empty(), "layers reached the wrong way: {bad:?}\n{top:#?}");
    // The domain names no terminal, database or file code of the outside world either.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut list = Vec::new();
    files(&src, &mut list);
    for f in list {
        let text = code(&fs::read_to_string(&f).unwrap());
        for outside in ["ratatui", "crossterm", "rusqlite", "std::fs", "std::net", "std::process", "File::open"] {
            assert!(!text.contains(outside), "{} uses {outside}", f.display());
        }
    }
}

#[test]
fn no_source_file_is_longer_than_600_lines() {
    let (_, lengths) = graphs();
    let long: Vec<String> = lengths.iter().filter(|(_, n)| *n > 600).map(|(f, n)| format!("{f}: {n}")).collect();
    assert!(long.is_empty(), "{long:?}");
}
