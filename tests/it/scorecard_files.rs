//! Valid and invalid scorecard files (kept under tests/scorecards/): every valid one loads beside the built-ins;
//! every invalid one fails with the file, the line and the message its `# expect:` header names.

use std::fs;
use std::path::Path;

use yanshou::builtin::{builtin_files, guess_kind};
use yanshou::domain::scorecard::{Catalog, DataFile, LoadError};

fn load_with_builtins(path: &Path) -> (Catalog, Vec<LoadError>) {
    let text = fs::read_to_string(path).unwrap();
    let mut files = builtin_files();
    files.push(DataFile { name: path.display().to_string(), kind: guess_kind(&text), text });
    Catalog::load(&files)
}

fn fixtures(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scorecards").join(dir);
    let mut paths: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
}

#[test]
fn valid_fixtures_load() {
    for path in fixtures("valid") {
        let (catalog, errors) = load_with_builtins(&path);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let text = fs::read_to_string(&path).unwrap();
        let id = text.lines().find_map(|l| l.strip_prefix("id = \"")).unwrap().trim_end_matches('"');
        assert!(catalog.scorecard(id).is_some(), "{} did not load", path.display());
    }
}

#[test]
fn invalid_fixtures_fail_with_file_line_and_message() {
    let mut checked = 0;
    for path in fixtures("invalid") {
        let text = fs::read_to_string(&path).unwrap();
        let expects: Vec<(usize, String)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| {
                let (line, msg) = e.split_once(": ").unwrap_or((e.trim_end_matches(':'), ""));
                (line.parse().unwrap(), msg.to_string())
            })
            .collect();
        assert!(!expects.is_empty(), "{} has no # expect: line", path.display());
        let (_, errors) = load_with_builtins(&path);
        let name = path.display().to_string();
        for (line, msg) in &expects {
            assert!(
                errors.iter().any(|e| e.file == name && e.line == *line && e.message.contains(msg.as_str())),
                "{name}: expected an error on line {line} containing “{msg}”, got:\n{}",
                errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
            );
        }
        // The built-ins are never affected by a bad extra file.
        assert!(errors.iter().all(|e| e.file == name), "{name}: errors outside the file: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 40);
}

#[test]
fn builtin_files_validate_cleanly() {
    let (catalog, errors) = Catalog::load(&builtin_files());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(catalog.scorecards.len(), 9);
}
