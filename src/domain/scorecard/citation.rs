//! A citation of the source compilation's lines, as every rule and sheet gives it.

use std::fmt;

use serde::Serialize;

/// A citation of the source compilation: `L9171` or `L9171-L9232`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citation {
    pub first: u32,
    pub last: u32,
}

impl Citation {
    pub fn parse(text: &str) -> Option<Citation> {
        let line = |s: &str| -> Option<u32> {
            let n = s.trim().strip_prefix('L')?;
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            n.parse().ok().filter(|n| *n > 0)
        };
        let (first, last) = match text.split_once(['-', '–']) {
            Some((a, b)) => (line(a)?, line(b)?),
            None => {
                let l = line(text)?;
                (l, l)
            }
        };
        (first <= last).then_some(Citation { first, last })
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last { write!(f, "L{}", self.first) } else { write!(f, "L{}-L{}", self.first, self.last) }
    }
}

impl Serialize for Citation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
