//! File names every USB stick takes. Sticks are formatted FAT32 or exFAT, and the support unit opens them on Windows:
//! a name there may not hold `\ / : * ? " < > |` or a control character, may not end in a dot or a space (Windows
//! drops them, so two names would become one), may not be a device name of DOS (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–
//! `COM9`, `LPT0`–`LPT9`, also with an extension: `con.txt`), and is at most 255 UTF-16 code units long (a long
//! name's limit on both; a character beyond the Basic Multilingual Plane, an emoji or a rare Chinese character of
//! CJK Extension B, counts two). [`check`] says why a name is refused; [`make_portable`] makes any name (an
//! enterprise's, an expert's) one that passes, replacing what does not fit rather than dropping it, and saying what
//! it changed. Pure: no file is touched.

use unicode_segmentation::UnicodeSegmentation;

use super::explain::Explain;

/// The most UTF-16 code units in one name (a folder's or a file's) on FAT32 and exFAT.
pub const MAX_UNITS: usize = 255;

/// The characters a name may not hold, each with the full-width form that replaces it: it reads the same to a
/// Chinese reader, and Windows takes it.
pub const FORBIDDEN: [(char, char); 9] = [
    ('\\', '＼'),
    ('/', '／'),
    (':', '：'),
    ('*', '＊'),
    ('?', '？'),
    ('"', '＂'),
    ('<', '＜'),
    ('>', '＞'),
    ('|', '｜'),
];

/// What replaces a control character, and a trailing dot or space.
pub const STAND_IN: char = '_';
/// What ends a name that was shortened.
pub const ELLIPSIS: char = '…';

/// The device names of DOS, which Windows will not take as a file's name, with or without an extension (compared
/// ignoring ASCII case). Windows 10 and later also reserve the superscript digits after COM and LPT.
const RESERVED: [&str; 32] = [
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
    "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// How long a name is on FAT32 and exFAT: its UTF-16 code units.
pub fn utf16_units(name: &str) -> usize {
    name.chars().map(char::len_utf16).sum()
}

/// Why a name cannot be written on a FAT32 or exFAT stick (or opened on Windows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// One of `\ / : * ? " < > |`.
    Forbidden {
        ch: char,
    },
    Control {
        ch: char,
    },
    /// The name ends in a dot or a space, which Windows drops.
    Trailing {
        ch: char,
    },
    /// The part before the first dot is a DOS device name.
    Reserved {
        stem: String,
    },
    TooLong {
        units: usize,
        max: usize,
    },
}

/// The stem Windows reads a device name from: the part before the first dot, without the spaces that end it.
fn stem(name: &str) -> &str {
    name.split('.').next().unwrap_or("").trim_end_matches(' ')
}

fn reserved(stem: &str) -> bool {
    RESERVED.iter().any(|r| stem.eq_ignore_ascii_case(r))
}

fn replacement(c: char) -> Option<char> {
    FORBIDDEN.iter().find(|(bad, _)| *bad == c).map(|(_, good)| *good)
}

/// Whether one name (no `/` in it: a folder's or a file's own name) can be written on FAT32 and exFAT as it is.
pub fn check(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(ch) = name.chars().find(|c| c.is_control()) {
        return Err(NameProblem::Control { ch });
    }
    if let Some(ch) = name.chars().find(|c| replacement(*c).is_some()) {
        return Err(NameProblem::Forbidden { ch });
    }
    if let Some(ch) = name.chars().last().filter(|c| matches!(c, '.' | ' ')) {
        return Err(NameProblem::Trailing { ch });
    }
    if reserved(stem(name)) {
        return Err(NameProblem::Reserved { stem: stem(name).to_string() });
    }
    let units = utf16_units(name);
    if units > MAX_UNITS {
        return Err(NameProblem::TooLong { units, max: MAX_UNITS });
    }
    Ok(())
}

/// Whether a relative path inside a bundle (names joined by `/`) can be written on FAT32 and exFAT: every name in
/// it passes [`check`]. The name that does not is returned with its reason.
pub fn check_path(path: &str) -> Result<(), (String, NameProblem)> {
    for part in path.split('/') {
        check(part).map_err(|p| (part.to_string(), p))?;
    }
    Ok(())
}

/// What [`make_portable`] changed in a name, to be said to whoever chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameFix {
    /// Every `from` became `to` (`count` of them).
    Replaced { from: char, to: char, count: usize },
    /// Control characters became [`STAND_IN`].
    Control { count: usize },
    /// The dots and spaces that ended the name became [`STAND_IN`].
    Trailing { count: usize },
    /// The name began with a DOS device name: [`STAND_IN`] was put after it.
    Reserved { stem: String },
    /// The name was longer than `max` UTF-16 units (`units`): it was cut between two characters and [`ELLIPSIS`] ends it.
    Shortened { units: usize, max: usize },
    /// The name was empty: it is [`STAND_IN`].
    Empty,
}

/// A name made portable, and what was changed on the way (nothing when the name was portable already).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portable {
    pub name: String,
    pub fixes: Vec<NameFix>,
}

/// Makes any name portable to FAT32 and exFAT in at most `max` UTF-16 units (`max` is taken between 8 and
/// [`MAX_UNITS`]): each forbidden character is replaced by its full-width form ([`FORBIDDEN`]), a control character
/// and a dot or space that ends the name by [`STAND_IN`], a DOS device name gets [`STAND_IN`] after it, and a name
/// too long is cut between two characters as a reader sees them (never inside an emoji or a character with its
/// accents) and ends with [`ELLIPSIS`]. Nothing else is dropped: a portable name comes back as it is, with no fix.
pub fn make_portable(name: &str, max: usize) -> Portable {
    let max = max.clamp(8, MAX_UNITS);
    let mut fixes = Vec::new();
    if name.is_empty() {
        return Portable { name: STAND_IN.to_string(), fixes: vec![NameFix::Empty] };
    }
    let mut replaced: Vec<(char, char, usize)> = Vec::new();
    let mut controls = 0;
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_control() {
                controls += 1;
                STAND_IN
            } else if let Some(good) = replacement(c) {
                match replaced.iter_mut().find(|(from, _, _)| *from == c) {
                    Some(r) => r.2 += 1,
                    None => replaced.push((c, good, 1)),
                }
                good
            } else {
                c
            }
        })
        .collect();
    fixes.extend(replaced.into_iter().map(|(from, to, count)| NameFix::Replaced { from, to, count }));
    if controls > 0 {
        fixes.push(NameFix::Control { count: controls });
    }
    let kept = out.trim_end_matches(['.', ' ']).len();
    let trailing = out[kept..].chars().count();
    if trailing > 0 {
        out.truncate(kept);
        out.extend(std::iter::repeat_n(STAND_IN, trailing));
        fixes.push(NameFix::Trailing { count: trailing });
    }
    let stem_len = stem(&out).len();
    if reserved(&out[..stem_len]) {
        fixes.push(NameFix::Reserved { stem: out[..stem_len].to_string() });
        out.insert(stem_len, STAND_IN);
    }
    let units = utf16_units(&out);
    if units > max {
        let mut cut = String::new();
        let mut used = ELLIPSIS.len_utf16();
        for g in out.graphemes(true) {
            let n = utf16_units(g);
            if used + n > max {
                break;
            }
            used += n;
            cut.push_str(g);
        }
        if cut.is_empty() {
            // One character with more accents than fit: cut between its code points rather than keep nothing.
            for c in out.chars().take_while(|c| {
                used += c.len_utf16();
                used <= max
            }) {
                cut.push(c);
            }
        }
        cut.push(ELLIPSIS);
        out = cut;
        fixes.push(NameFix::Shortened { units, max });
    }
    Portable { name: out, fixes }
}

/// A character as a message shows it: itself, or `U+001B` for a control character.
fn shown(c: char) -> String {
    if c.is_control() { format!("U+{:04X}", c as u32) } else { c.to_string() }
}

impl Explain for NameProblem {
    fn zh(&self) -> String {
        match self {
            NameProblem::Empty => "文件名为空".into(),
            NameProblem::Forbidden { ch } => {
                format!("文件名含有 U 盘（FAT32、exFAT）和 Windows 不允许的字符“{ch}”")
            }
            NameProblem::Control { ch } => format!("文件名含有控制字符（{}）", shown(*ch)),
            NameProblem::Trailing { ch: '.' } => "文件名以点结尾：Windows 会把它去掉".into(),
            NameProblem::Trailing { .. } => "文件名以空格结尾：Windows 会把它去掉".into(),
            NameProblem::Reserved { stem } => format!("“{stem}”是 Windows 保留的设备名，不能作文件名"),
            NameProblem::TooLong { units, max } => {
                format!("文件名长 {units} 个 UTF-16 单元，超过 U 盘（FAT32、exFAT）允许的 {max} 个")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            NameProblem::Empty => "the name is empty".into(),
            NameProblem::Forbidden { ch } => {
                format!("the name holds “{ch}”, which FAT32 and exFAT sticks and Windows do not allow")
            }
            NameProblem::Control { ch } => format!("the name holds a control character ({})", shown(*ch)),
            NameProblem::Trailing { ch: '.' } => "the name ends in a dot, which Windows drops".into(),
            NameProblem::Trailing { .. } => "the name ends in a space, which Windows drops".into(),
            NameProblem::Reserved { stem } => format!("“{stem}” is a device name Windows reserves, not a file name"),
            NameProblem::TooLong { units, max } => {
                format!("the name is {units} UTF-16 code units long, more than the {max} FAT32 and exFAT sticks allow")
            }
        }
    }
}

impl Explain for NameFix {
    fn zh(&self) -> String {
        match self {
            NameFix::Replaced { from, to, count } => format!("“{from}”换成了“{to}”（{count} 处）"),
            NameFix::Control { count } => format!("{count} 个控制字符换成了“{STAND_IN}”"),
            NameFix::Trailing { count } => format!("末尾的 {count} 个点或空格换成了“{STAND_IN}”"),
            NameFix::Reserved { stem } => format!("“{stem}”是 Windows 保留的设备名，其后加了“{STAND_IN}”"),
            NameFix::Shortened { units, max } => {
                format!("名称长 {units} 个 UTF-16 单元，截短到 {max} 个以内，末尾加“{ELLIPSIS}”")
            }
            NameFix::Empty => format!("名称为空，用“{STAND_IN}”代替"),
        }
    }

    fn en(&self) -> String {
        match self {
            NameFix::Replaced { from, to, count } => format!("“{from}” became “{to}” ({count} times)"),
            NameFix::Control { count } => format!("{count} control characters became “{STAND_IN}”"),
            NameFix::Trailing { count } => format!("the {count} dots or spaces at the end became “{STAND_IN}”"),
            NameFix::Reserved { stem } => {
                format!("“{stem}” is a device name Windows reserves: “{STAND_IN}” was put after it")
            }
            NameFix::Shortened { units, max } => {
                format!("the name was {units} UTF-16 code units long: cut to at most {max}, ending in “{ELLIPSIS}”")
            }
            NameFix::Empty => format!("the name was empty: it is “{STAND_IN}”"),
        }
    }
}

#[cfg(test)]
mod tests;
