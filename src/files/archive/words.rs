//! The words of an archive's refusal: Chinese for the panel and the support unit, English for the command line's
//! second line.

use super::{ArchiveError, Unsafe};
use crate::domain::explain::Explain;
use crate::files::{grouped, without_os_codes};

impl Unsafe {
    fn zh(self) -> &'static str {
        match self {
            Unsafe::Parent => "含有“..”，会跳出解压的位置",
            Unsafe::Dot => "含有“.”",
            Unsafe::Empty => "含有空的路径部分",
            Unsafe::Absolute => "以“/”开头，是绝对路径",
            Unsafe::Backslash => "含有反斜杠“\\”（Windows 的路径分隔符）",
            Unsafe::Drive => "以盘符开头（如“C:”）",
            Unsafe::Control => "含有控制字符",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Unsafe::Parent => "holds “..”, which climbs out of where it is unpacked",
            Unsafe::Dot => "holds “.”",
            Unsafe::Empty => "holds an empty part",
            Unsafe::Absolute => "begins with “/”: an absolute path",
            Unsafe::Backslash => "holds a backslash “\\” (a folder separator on Windows)",
            Unsafe::Drive => "begins with a drive letter (“C:”)",
            Unsafe::Control => "holds a control character",
        }
    }
}

impl Explain for ArchiveError {
    fn zh(&self) -> String {
        match self {
            ArchiveError::Unreadable { message } => format!("无法读取归档文件：{}", without_os_codes(message)),
            ArchiveError::TooLarge { size, max } => format!(
                "归档文件超过允许的 {} 字节（{}），未读取",
                grouped(*max),
                match size {
                    Some(s) => format!("实有 {} 字节", grouped(*s)),
                    None => format!("可读内容超过 {} 字节", grouped(*max)),
                }
            ),
            ArchiveError::NotAnArchive { message } => format!("不是可读的 ZIP 归档：{message}"),
            ArchiveError::TooManyEntries { count, max } => {
                format!("归档中有 {count} 个条目，超过允许的 {max} 个；一个导出包只有几十个文件")
            }
            ArchiveError::NameNotUtf8 { name } => {
                format!("归档中的条目名“{name}”不是 UTF-8 编码（未标明编码的旧式压缩包），无法确定其名称")
            }
            ArchiveError::UnsafeName { name, why } => {
                format!("归档中的条目名“{name}”不是包内的普通相对路径：{}", why.zh())
            }
            ArchiveError::Duplicate { name } => {
                format!("归档中“{name}”出现了两次（按 U 盘和 Windows 的规则，不区分大小写；同名的文件与文件夹也算）")
            }
            ArchiveError::Encrypted { name } => format!("归档中的“{name}”已加密：导出包不加密，无法核验"),
            ArchiveError::Method { name, method } => {
                format!("归档中的“{name}”使用了不支持的压缩方式 {method}（只接受不压缩或 DEFLATE）")
            }
            ArchiveError::EntryTooLarge { name, size, max } => format!(
                "归档中的“{name}”解压后有 {} 字节，超过单个文件允许的 {} 字节，未解压",
                grouped(*size),
                grouped(*max)
            ),
            ArchiveError::TotalTooLarge { total, max } => format!(
                "归档中的文件解压后共超过 {} 字节（已达 {} 字节），超过允许的总量，未解压",
                grouped(*max),
                grouped(*total)
            ),
            ArchiveError::Ratio { name, size, compressed, max } => format!(
                "归档中的“{name}”由 {} 字节解压为 {} 字节，超过压缩比上限 {max} 倍（疑似压缩炸弹），未解压",
                grouped(*compressed),
                grouped(*size)
            ),
            ArchiveError::Inconsistent { message } => format!("归档的目录与文件头不一致（可能被篡改）：{message}"),
            ArchiveError::Damaged { name, message } => format!("归档中的“{name}”已损坏，无法解压：{message}"),
            ArchiveError::Inflates { name, declared, actual } => format!(
                "归档中的“{name}”解压后{}，与它声明的 {} 字节不符",
                match actual {
                    Some(n) => format!("只有 {} 字节", grouped(*n)),
                    None => format!("超过 {} 字节", grouped(*declared)),
                },
                grouped(*declared)
            ),
            ArchiveError::NoSuchEntry { name } => format!("归档中没有“{name}”"),
            ArchiveError::Unwritable { name, message } => format!("无法把“{name}”写入归档：{message}"),
            ArchiveError::NotPortable { name, part, problem } => {
                format!("“{name}”不能写到 U 盘上（“{part}”：{}）", problem.zh())
            }
        }
    }

    fn en(&self) -> String {
        match self {
            ArchiveError::Unreadable { message } => format!("cannot read the archive: {}", without_os_codes(message)),
            ArchiveError::TooLarge { size, max } => format!(
                "the archive is larger than the {} bytes it may have ({}); it was not read",
                grouped(*max),
                match size {
                    Some(s) => format!("{} bytes", grouped(*s)),
                    None => format!("more than {} bytes were there to read", grouped(*max)),
                }
            ),
            ArchiveError::NotAnArchive { message } => format!("not a ZIP archive yanshou can read: {message}"),
            ArchiveError::TooManyEntries { count, max } => {
                format!("the archive holds {count} entries, more than {max}; a bundle holds a few dozen files")
            }
            ArchiveError::NameNotUtf8 { name } => {
                format!("the archive's entry “{name}” is not named in UTF-8 (an old archive that says no encoding)")
            }
            ArchiveError::UnsafeName { name, why } => {
                format!("the archive's entry “{name}” is not a plain relative path: it {}", why.en())
            }
            ArchiveError::Duplicate { name } => format!(
                "the archive holds “{name}” twice (ignoring case, as sticks and Windows compare names; a file and a \
                 folder of one name count too)"
            ),
            ArchiveError::Encrypted { name } => {
                format!("the archive's entry “{name}” is encrypted: bundles are not, and it cannot be verified")
            }
            ArchiveError::Method { name, method } => {
                format!("the archive's entry “{name}” uses the compression {method}; only stored and DEFLATE are read")
            }
            ArchiveError::EntryTooLarge { name, size, max } => format!(
                "the archive's entry “{name}” inflates to {} bytes, more than the {} one file may have; it was not \
                 inflated",
                grouped(*size),
                grouped(*max)
            ),
            ArchiveError::TotalTooLarge { total, max } => format!(
                "the archive's entries inflate to more than {} bytes in all ({} so far); nothing was inflated",
                grouped(*max),
                grouped(*total)
            ),
            ArchiveError::Ratio { name, size, compressed, max } => format!(
                "the archive's entry “{name}” inflates from {} to {} bytes, more than {max} times (a compression \
                 bomb?); it was not inflated",
                grouped(*compressed),
                grouped(*size)
            ),
            ArchiveError::Inconsistent { message } => {
                format!("the archive's directory and headers disagree (tampered with?): {message}")
            }
            ArchiveError::Damaged { name, message } => {
                format!("the archive's entry “{name}” is damaged and does not inflate: {message}")
            }
            ArchiveError::Inflates { name, declared, actual } => format!(
                "the archive's entry “{name}” inflates to {}, not the {} bytes it declares",
                match actual {
                    Some(n) => format!("{} bytes", grouped(*n)),
                    None => format!("more than {} bytes", grouped(*declared)),
                },
                grouped(*declared)
            ),
            ArchiveError::NoSuchEntry { name } => format!("the archive holds no “{name}”"),
            ArchiveError::Unwritable { name, message } => format!("cannot write “{name}” into the archive: {message}"),
            ArchiveError::NotPortable { name, part, problem } => {
                format!("“{name}” cannot be written on a USB stick: “{part}”: {}", problem.en())
            }
        }
    }
}
