//! Writing an archive: the same files give the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::ArchiveError;
use crate::domain::filename::check_path;

/// The DEFLATE level: zlib's default, fixed so that the bytes do not depend on a library's default.
const LEVEL: i64 = 6;

/// The bytes of an archive holding `files` (relative paths with `/` between folders → contents), in the order of
/// their names, with nothing that depends on when or where it was written (see the module's documentation). A name
/// that FAT32 or exFAT would not take, or two names that are one ignoring case, are refused and nothing is made.
pub fn write(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, ArchiveError> {
    let mut seen = BTreeSet::new();
    for name in files.keys() {
        check_path(name).map_err(|(part, problem)| ArchiveError::NotPortable { name: name.clone(), part, problem })?;
        if !seen.insert(name.to_lowercase()) {
            return Err(ArchiveError::Duplicate { name: name.clone() });
        }
    }
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Into memory: only a bug of the library could fail here, and it is said with the entry.
    let failed =
        |name: &str, e: &dyn std::fmt::Display| ArchiveError::Unwritable { name: name.into(), message: e.to_string() };
    for (name, content) in files {
        zip.start_file(name.as_str(), options).map_err(|e| failed(name, &e))?;
        zip.write_all(content).map_err(|e| failed(name, &e))?;
    }
    Ok(zip.finish().map_err(|e| failed("", &e))?.into_inner())
}
