//! Valid and invalid scorecard files (kept under tests/scorecards/): every valid one loads beside the built-ins;
//! every invalid one fails with the file, the line and the message its `# expect:` header names. Files are read as
//! a data directory's are (`builtin::read_file`), so a file that is not UTF-8 fails there, at its line. And the
//! limits on a file's size and its values' lengths (scorecards/README.md, “Limits”), at and past each limit.

use std::fs;
use std::path::Path;

use yanshou::builtin::{builtin_files, guess_kind, read_file};
use yanshou::domain::scorecard::load::{MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_TEXT_CHARS};
use yanshou::domain::scorecard::{Catalog, DataFile, FileKind, LoadError};

fn load_with_builtins(path: &Path) -> (Catalog, Vec<LoadError>) {
    let mut files = builtin_files();
    match read_file(path, FileKind::Scorecard) {
        Ok(mut f) => {
            f.kind = guess_kind(&f.text);
            files.push(f);
        }
        Err(e) => {
            let (catalog, errors) = Catalog::load(&files);
            assert!(errors.is_empty(), "{errors:?}");
            return (catalog, vec![e]);
        }
    }
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
        // The `# expect:` lines are plain text even in a fixture that is not UTF-8 further down.
        let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
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
                errors.iter().any(|e| e.file == name && e.line == *line && e.message().contains(msg.as_str())),
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
    let files = builtin_files();
    let (catalog, errors) = Catalog::load(&files);
    assert!(errors.is_empty(), "{errors:?}");
    // Every sheet and rules file in scorecards/ is compiled in and loads.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scorecards");
    let on_disk = fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(catalog.scorecards.len(), on_disk);
    assert!(on_disk >= 10);
    // Every built-in sheet or rules file is one review kind, its id its file name (databases refer to the ids).
    let mut names: Vec<String> = files
        .iter()
        .filter(|f| f.kind == FileKind::Scorecard)
        .map(|f| f.name.trim_start_matches("built-in:scorecards/").trim_end_matches(".toml").to_string())
        .collect();
    let mut ids: Vec<String> = catalog.scorecards.iter().map(|c| c.id.clone()).collect();
    names.sort();
    ids.sort();
    assert_eq!(ids, names);
    assert!(ids.len() > 9, "{ids:?}");
}

/// A sheet with one value replaced, loaded beside the built-ins as a data directory's file named `name`.
fn load_text(name: &str, text: String) -> Vec<LoadError> {
    let mut files = builtin_files();
    files.push(DataFile { name: name.into(), kind: guess_kind(&text), text });
    Catalog::load(&files).1
}

fn minimal() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scorecards/valid/minimal.toml");
    fs::read_to_string(path).unwrap()
}

/// The input rules' limits are the command line's: one-line values 200 characters, free text 20,000.
#[test]
fn the_limits_are_the_command_lines() {
    assert_eq!(MAX_LINE_CHARS, yanshou::store::MAX_NAME);
    assert_eq!(MAX_TEXT_CHARS, yanshou::store::MAX_TEXT);
    // Generous for real sheets: the largest built-in file, and the longest value of each kind, are far below them.
    let largest = builtin_files().iter().map(|f| f.text.len()).max().unwrap();
    assert!(largest * 20 < MAX_FILE_BYTES, "the largest built-in file has {largest} bytes");
}

#[test]
fn values_at_their_limit_load_and_one_character_more_is_refused_at_its_line() {
    let sheet = minimal();
    let title =
        |n: usize| sheet.replace("title = \"保持了清洁生产促进机构\"", &format!("title = \"{}\"", "题".repeat(n)));
    assert_eq!(load_text("at.toml", title(MAX_LINE_CHARS)), []);
    let errors = load_text("past.toml", title(MAX_LINE_CHARS + 1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("past.toml", 26));
    assert!(errors[0].message().starts_with("title of items “1.1” is longer than 200 characters (201)"), "{errors:?}");

    // Free text: the item's `text`, a multi-line string whose value starts on the line after its opening quotes.
    let text = |n: usize| {
        sheet.replace(
            "points = 10\nsource = \"L9177\"",
            &format!("text = \"\"\"\n{}\"\"\"\npoints = 10\nsource = \"L9177\"", "文".repeat(n)),
        )
    };
    assert_eq!(load_text("at.toml", text(MAX_TEXT_CHARS)), []);
    let errors = load_text("past.toml", text(MAX_TEXT_CHARS + 1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 27, "{errors:?}");
    assert!(
        errors[0].message().starts_with("text of items “1.1” is longer than 20000 characters (20001)"),
        "{errors:?}"
    );
}

/// Finding 8 of the tamper-evidence issue: an item title of 17.8 million characters in a 53 MB file passed, after
/// which every command took over a second and 200 MB. The same title now fails at its line, without the whole value
/// in the message; a file over the size limit fails before anything of it is parsed.
#[test]
fn a_huge_title_is_refused_at_its_line_and_a_huge_file_by_its_size() {
    let sheet = minimal();
    let huge = "长".repeat(300_000);
    let errors = load_text("huge.toml", sheet.replace("保持了清洁生产促进机构", &huge));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 26);
    assert!(errors[0].message().contains("(300000)") && errors[0].message().len() < 400, "{}", errors[0].message());
    let errors = load_text("huge.toml", sheet.replace("保持了清洁生产促进机构", &"长".repeat(6_000_000)));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 0, "a problem of the whole file");
    assert!(errors[0].message().contains("more than the 1048576 a score sheet or rules file may have"), "{errors:?}");
    assert_eq!(errors[0].to_string().split(": ").next(), Some("huge.toml"), "no line 0 in the message");
}

/// A file on disk over the limit is refused from its size, before it is read: a sparse file of 4 GiB (reading it
/// whole would take gigabytes of memory), and a device that never ends (read up to the limit, then refused).
#[test]
fn a_file_on_disk_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = dir.path().join("huge.toml");
    fs::File::create(&sparse).unwrap().set_len(4 << 30).unwrap();
    let e = read_file(&sparse, FileKind::Scorecard).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), (sparse.display().to_string().as_str(), 0));
    assert!(e.message().contains("larger than the 1,048,576 bytes a score sheet or rules file may have"), "{e}");
    assert!(
        e.message().contains("it has 4,294,967,296 bytes") && e.message().contains("nothing of it was loaded"),
        "{e}"
    );
    #[cfg(unix)]
    {
        let e = read_file(Path::new("/dev/zero"), FileKind::Scorecard).unwrap_err();
        assert!(e.message().contains("more than 1,048,576 bytes were there to read"), "{e}");
    }
    // In the data directory: the file is named, the built-ins load, and nothing of the file does.
    let data = dir.path().join("data");
    fs::create_dir_all(data.join("scorecards")).unwrap();
    fs::rename(&sparse, data.join("scorecards/huge.toml")).unwrap();
    let (catalog, errors) = yanshou::builtin::load_catalog(Some(&data));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].file.ends_with("huge.toml") && errors[0].message().contains("4,294,967,296"), "{errors:?}");
    assert_eq!(catalog.scorecards.len(), builtin_files().iter().filter(|f| f.kind == FileKind::Scorecard).count());
}

/// `scorecards validate FILE` on a file that is not UTF-8: the file, the line and the column of the first byte that is
/// not, and a plain message; nothing loaded.
#[test]
fn validate_names_the_line_and_column_of_the_first_byte_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.toml");
    let text = minimal().replace("title = \"最小评分表\"", "title = \"最小评分表\"\n# 注：GBK");
    let mut bytes = text.into_bytes();
    // 评 in GBK, in the comment on line 6, after `# 注：` (4 characters).
    let at = bytes.windows(3).position(|w| w == b"GBK").unwrap();
    bytes.splice(at..at + 3, [0xC6, 0xC0]);
    fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yanshou"))
        .args(["scorecards", "validate"])
        .arg(&path)
        .env_remove("YANSHOU_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "{}:6: column 5: byte 0xC6 is not UTF-8 text; save the file as UTF-8 (it may have been saved as GBK or \
             another encoding)\n1 problem(s) found.\n",
            path.display()
        )
    );
}

/// One unreadable file in the data directory is named, and every other file there still loads.
#[test]
fn an_unreadable_data_file_does_not_hide_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("scorecards");
    fs::create_dir_all(&cards).unwrap();
    let valid =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scorecards/valid/everything.toml"))
            .unwrap();
    fs::write(cards.join("a-valid.toml"), &valid).unwrap();
    fs::write(cards.join("b-gbk.toml"), b"schema = 1\n# \xb9\xfa\n").unwrap();
    let (catalog, errors) = yanshou::builtin::load_catalog(Some(dir.path()));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("b-gbk.toml:2: column 3"), "{}", errors[0]);
    let (builtin, _) = Catalog::load(&builtin_files());
    assert_eq!(catalog.scorecards.len(), builtin.scorecards.len() + 1, "the valid file is loaded beside the built-ins");
}
