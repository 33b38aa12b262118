//! The database file's name and the paths beside it: its write-ahead log, and the URI that opens it read-only.

use std::path::{Path, PathBuf};

/// The database file inside the data directory.
pub const DB_FILE: &str = "yanshou.db";

/// The write-ahead log beside a database file.
pub(super) fn wal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// The SQLite URI that opens `path` read-only and immutable; every byte of the path outside the unreserved
/// characters is percent-encoded (a `?`, `#` or `%` in a folder name would otherwise end or change the path).
pub(super) fn immutable_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file:");
    if bytes.first() == Some(&b'/') {
        uri.push_str("//");
    } else if bytes.get(1) == Some(&b':') {
        // A Windows drive letter: file:///C:/…
        uri.push_str("///");
    }
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_only_uri_encodes_the_path() {
        assert_eq!(
            immutable_uri(Path::new("/数 据/a?b#c%d&e=f;g/yanshou.db")),
            "file:///%E6%95%B0%20%E6%8D%AE/a%3Fb%23c%25d%26e%3Df%3Bg/yanshou.db?mode=ro&immutable=1"
        );
        assert_eq!(immutable_uri(Path::new("rel/yanshou.db")), "file:rel/yanshou.db?mode=ro&immutable=1");
    }
}
