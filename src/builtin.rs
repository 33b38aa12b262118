//! The scorecards and province rules shipped inside the binary, and loading extra ones from the data directory.

use std::path::Path;

use crate::domain::scorecard::load::{MAX_FILE_BYTES, SheetProblem, text_of};
use crate::domain::scorecard::{Catalog, DataFile, FileKind, LoadError};
use crate::files::{Contents, FileError, read_limited};

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in files, named `built-in:scorecards/<file>` in messages.
pub fn builtin_files() -> Vec<DataFile> {
    BUILTIN
        .iter()
        .map(|(name, province, text)| DataFile {
            name: format!("built-in:scorecards/{name}"),
            text: (*text).to_string(),
            kind: if *province { FileKind::Province } else { FileKind::Scorecard },
        })
        .collect()
}

/// Reads `<dir>/*.toml` as scorecards and `<dir>/provinces/*.toml` as province rules. A missing folder is no error. A
/// file that cannot be read is named in the problems and the others are still read.
pub fn files_in(dir: &Path) -> (Vec<DataFile>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (sub, kind) in [(dir.join("provinces"), FileKind::Province), (dir.to_path_buf(), FileKind::Scorecard)] {
        let entries = match std::fs::read_dir(&sub) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                let problem = SheetProblem::FolderUnreadable { reason: e.to_string() };
                errors.push(LoadError::new(sub.display().to_string(), 0, problem));
                continue;
            }
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            match read_file(&path, kind) {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
    }
    (files, errors)
}

/// Reads one file given on the command line; `kind` is guessed from its content (`[[panel_rules]]` or a
/// `province` without `[[sections]]` means a province file).
pub fn read_file(path: &Path, kind: FileKind) -> Result<DataFile, LoadError> {
    let name = path.display().to_string();
    // Refused by its size before it is read whole: a 50 MB file is not taken into memory to be refused later.
    let bytes = read_limited(path, MAX_FILE_BYTES as u64, Contents::SHEET).map_err(|e| {
        let problem = match e {
            FileError::TooLarge { size, max, .. } => {
                SheetProblem::ReadTooLarge { size, max, largest: largest_builtin() as u64 }
            }
            FileError::Read { source, .. } => SheetProblem::Unreadable { reason: source.to_string() },
            other => SheetProblem::Unreadable { reason: other.to_string() },
        };
        LoadError::new(name.clone(), 0, problem)
    })?;
    let text = text_of(&name, bytes)?;
    Ok(DataFile { name, text, kind })
}

/// The size in bytes of the largest built-in file.
pub fn largest_builtin() -> usize {
    BUILTIN.iter().map(|(_, _, text)| text.len()).max().unwrap_or(0)
}

/// Guesses whether a file holds province rules: it does when it has no sections and no items.
pub fn guess_kind(text: &str) -> FileKind {
    let has = |key: &str| text.lines().any(|l| l.trim_start().starts_with(key));
    let sheet = has("[[sections]]") || has("[[items]]") || has("max_total");
    let rules = has("[outcome]") || has("[[requirements]]") || has("kind = \"rules\"");
    if sheet || rules { FileKind::Scorecard } else { FileKind::Province }
}

/// The built-in catalog plus the data directory's extra files. Problems in extra files are returned beside the
/// catalog, which keeps every valid sheet.
pub fn load_catalog(data_dir: Option<&Path>) -> (Catalog, Vec<LoadError>) {
    let mut files = builtin_files();
    let mut errors = Vec::new();
    if let Some(dir) = data_dir {
        let (extra, read_errors) = files_in(&dir.join("scorecards"));
        files.extend(extra);
        errors.extend(read_errors);
    }
    let (catalog, load_errors) = Catalog::load(&files);
    errors.extend(load_errors);
    (catalog, errors)
}

// ---------------------------------------------------------------------------------------------- the working calendar

mod calendars {
    include!(concat!(env!("OUT_DIR"), "/calendars.rs"));
}

use crate::domain::calendar::{
    Calendar, CalendarFile, CalendarFileError, CalendarProblem, MAX_CALENDAR_FILE_BYTES, calendar_text,
};

/// The built-in calendar files, named `built-in:calendars/<file>` in messages.
pub fn builtin_calendar_files() -> Vec<CalendarFile> {
    calendars::BUILTIN_CALENDARS
        .iter()
        .map(|(name, text)| CalendarFile { name: format!("built-in:calendars/{name}"), text: (*text).to_string() })
        .collect()
}

/// Reads `<dir>/*.toml` as calendar files, in name order. A missing folder is no error; a file over the size limit
/// is refused without being read.
pub fn calendar_files_in(dir: &Path) -> (Vec<CalendarFile>, Vec<CalendarFileError>) {
    let problem = |path: &Path, problem| CalendarFileError { file: path.display().to_string(), line: 0, problem };
    let unreadable = |e: std::io::Error| CalendarProblem::Unreadable { reason: e.to_string() };
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
        Err(e) => return (Vec::new(), vec![problem(dir, unreadable(e))]),
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for path in paths {
        let name = path.display().to_string();
        // Refused by its size before it is read whole.
        let read = read_limited(&path, MAX_CALENDAR_FILE_BYTES as u64, Contents::CALENDAR).map_err(|e| match e {
            FileError::TooLarge { size, max, .. } => problem(
                &path,
                CalendarProblem::TooLarge {
                    bytes: size.map_or(usize::MAX, |s| usize::try_from(s).unwrap_or(usize::MAX)),
                    limit: usize::try_from(max).unwrap_or(usize::MAX),
                },
            ),
            FileError::Read { source, .. } => problem(&path, unreadable(source)),
            other => problem(&path, CalendarProblem::Unreadable { reason: other.to_string() }),
        });
        match read.and_then(|b| calendar_text(&name, b)) {
            Ok(text) => files.push(CalendarFile { name, text }),
            Err(e) => errors.push(e),
        }
    }
    (files, errors)
}

/// The built-in calendar plus `<data dir>/calendars/*.toml`. Problems in extra files are returned beside the
/// calendar, which keeps every valid file.
pub fn load_calendar(data_dir: Option<&Path>) -> (Calendar, Vec<CalendarFileError>) {
    let mut files = builtin_calendar_files();
    let mut errors = Vec::new();
    if let Some(dir) = data_dir {
        let (extra, read_errors) = calendar_files_in(&dir.join("calendars"));
        files.extend(extra);
        errors.extend(read_errors);
    }
    let (calendar, load_errors) = Calendar::load(&files);
    errors.extend(load_errors);
    (calendar, errors)
}

/// The provinces' draw rules (`scorecards/draws/draw-rules.toml`), built in.
pub const DRAW_RULES: &str = include_str!("../scorecards/draws/draw-rules.toml");

/// Every province's draw rules, read from the built-in file (which a test reads whole: it cannot fail to read).
pub fn draw_rules() -> Vec<crate::domain::pool::rules::ProvinceRules> {
    crate::domain::pool::rules::parse(DRAW_RULES).unwrap_or_default()
}
