//! Why a text is not a date a review or a roster entry may carry, and its words.

use crate::domain::explain::Explain;
use crate::domain::limits::{FIRST_YEAR, LAST_YEAR};

/// Why a text is not a date a review or a roster entry may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// Not of the form `2026-11-28`; `half` is the half-width spelling when it was typed with full-width characters.
    NotOfTheForm {
        text: String,
        half: Option<String>,
    },
    /// Of the form, but not a day of the calendar (month 1–12, a day the month has).
    NotInTheCalendar {
        text: String,
    },
    /// Before [`FIRST_YEAR`] or after [`LAST_YEAR`]: the date as typed and as read.
    OutOfRange {
        text: String,
        date: String,
    },
}

impl DateError {
    /// The date as it was typed (empty when nothing was).
    pub fn text(&self) -> &str {
        match self {
            DateError::Empty => "",
            DateError::NotOfTheForm { text, .. }
            | DateError::NotInTheCalendar { text }
            | DateError::OutOfRange { text, .. } => text,
        }
    }
}

impl Explain for DateError {
    fn zh(&self) -> String {
        let t = self.text();
        match self {
            DateError::Empty => "未填写日期（格式如 2026-11-28）".into(),
            DateError::NotOfTheForm { half: Some(h), .. } => format!("“{t}”含全角字符：请用半角数字输入 {h}"),
            _ => format!("“{t}”不是有效日期（格式如 2026-11-28，{FIRST_YEAR}—{LAST_YEAR} 年）"),
        }
    }

    fn en(&self) -> String {
        match self {
            DateError::Empty => "is empty; give a date of the form 2026-11-28".into(),
            DateError::NotOfTheForm { text, half } => {
                let hint = match half {
                    Some(h) => format!(" (it is typed with full-width characters; type half-width digits: {h})"),
                    None => String::new(),
                };
                format!("“{text}” is not a date of the form 2026-11-28{hint}")
            }
            DateError::NotInTheCalendar { text } => {
                format!("“{text}” is not a date in the calendar (month 1–12, a day the month has)")
            }
            DateError::OutOfRange { date, .. } => format!("{date} is outside {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"),
        }
    }
}
