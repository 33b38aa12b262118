//! Reading a file from outside with a size limit.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::FileError;

/// What kind of file a size limit is for, named in the refusal: “a score sheet or rules file”, 评分表或规则文件.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contents {
    /// In English, with its article: “a roster”.
    pub en: &'static str,
    /// In Chinese: 专家名册.
    pub zh: &'static str,
}

impl Contents {
    pub const TEXT_FILE: Contents =
        Contents { en: "a text file given to yanshou", zh: "交给 yanshou 的文本文件" };
    pub const ROSTER: Contents = Contents { en: "a roster", zh: "专家名册" };
    pub const SIGNATURE: Contents = Contents { en: "a signature file", zh: "签名文件" };
    pub const KEY: Contents = Contents { en: "a key file", zh: "密钥文件" };
    pub const SHEET: Contents = Contents { en: "a score sheet or rules file", zh: "评分表或规则文件" };
    pub const CALENDAR: Contents = Contents { en: "a calendar file", zh: "日历文件" };
}

/// Reads a file from outside of at most `max` bytes: a larger one is refused from its size before it is read, and a
/// file that grows while it is read is cut off at `max + 1` bytes and refused. `what` names the kind in the message
/// ([`Contents`]).
pub fn read_limited(path: &Path, max: u64, what: Contents) -> Result<Vec<u8>, FileError> {
    let read = |source| FileError::Read { path: path.to_path_buf(), source };
    let f = File::open(path).map_err(read)?;
    let size = f.metadata().map_err(read)?.len();
    let too_large = |size| FileError::TooLarge { path: path.to_path_buf(), size, max, what };
    if size > max {
        return Err(too_large(Some(size)));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    f.take(max + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > max {
        return Err(too_large(None));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::grouped;
    use std::fs;

    const TEST: Contents = Contents { en: "a test file", zh: "测试文件" };
    const SHEET: Contents = Contents { en: "a score sheet", zh: "评分表" };

    #[test]
    fn a_read_is_refused_by_size_before_the_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        fs::write(&path, vec![b'a'; 1001]).unwrap();
        match read_limited(&path, 1000, TEST) {
            Err(FileError::TooLarge { size: Some(1001), max: 1000, .. }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(read_limited(&path, 1001, TEST).unwrap().len(), 1001);
        let e = read_limited(&path, 1000, SHEET).unwrap_err().to_string();
        assert!(
            e.ends_with("is larger than the 1,000 bytes a score sheet may have (1,001 bytes); it was not read"),
            "{e}"
        );
        // A device has no size: it is read up to the limit, and no further.
        #[cfg(unix)]
        {
            let e = read_limited(Path::new("/dev/zero"), 1000, SHEET).unwrap_err().to_string();
            assert!(e.contains("(more than 1,000 bytes were there to read)"), "{e}");
        }
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_048_576), "1,048,576");
    }
}
