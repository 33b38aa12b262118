//! What can be wrong with the procedure around a review in a sheet or rules file: its conditions, materials,
//! deadlines, 公示, 整改 and validity. One variant per reason, said in Chinese and English here; a sheet problem wraps
//! it as [`super::SheetProblem::Procedure`].

use crate::domain::explain::Explain;

/// A procedural part of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedurePart {
    Condition,
    Material,
    Deadline,
    Publication,
    Rectification,
    Validity,
    Renewal,
}

impl ProcedurePart {
    fn zh(self) -> &'static str {
        match self {
            ProcedurePart::Condition => "申请条件",
            ProcedurePart::Material => "申请材料",
            ProcedurePart::Deadline => "期限",
            ProcedurePart::Publication => "公示",
            ProcedurePart::Rectification => "整改",
            ProcedurePart::Validity => "有效期",
            ProcedurePart::Renewal => "换证（续期）",
        }
    }

    fn en(self) -> &'static str {
        match self {
            ProcedurePart::Condition => "condition",
            ProcedurePart::Material => "material",
            ProcedurePart::Deadline => "deadline",
            ProcedurePart::Publication => "[publication]",
            ProcedurePart::Rectification => "[rectification]",
            ProcedurePart::Validity => "[validity]",
            ProcedurePart::Renewal => "[validity.renewal]",
        }
    }

    /// The part with its id, if it has one: `期限 report`, `[publication]`.
    fn named_zh(self, id: &Option<String>) -> String {
        match id {
            Some(id) => format!("{} {id}", self.zh()),
            None => self.zh().to_string(),
        }
    }

    fn named_en(self, id: &Option<String>) -> String {
        match id {
            Some(id) => format!("{} {id}", self.en()),
            None => self.en().to_string(),
        }
    }
}

/// The longest `what` of a deadline, in characters: a short phrase (提交验收工作报告), not a sentence.
pub const MAX_WHAT_CHARS: usize = 30;
/// The longest period a file may set, in any unit: far above the longest the source sets (five years, 45 working
/// days), and small enough that no count runs off the calendar's dates.
pub const MAX_PERIOD: i64 = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcedureProblem {
    BadCitation {
        part: ProcedurePart,
        id: Option<String>,
        text: String,
    },
    Empty {
        part: ProcedurePart,
        id: Option<String>,
        key: &'static str,
    },
    BadId {
        part: ProcedurePart,
        id: String,
    },
    IdTwice {
        part: ProcedurePart,
        id: String,
        first_line: usize,
    },
    UnknownEvent {
        part: ProcedurePart,
        id: Option<String>,
        key: &'static str,
        word: String,
    },
    UnknownUnit {
        part: ProcedurePart,
        id: Option<String>,
        word: String,
    },
    /// A period of less than one unit or more than [`MAX_PERIOD`].
    BadCount {
        part: ProcedurePart,
        id: Option<String>,
        n: i64,
    },
    /// A unit a part cannot be counted in (a validity in working days).
    UnitNotAllowed {
        part: ProcedurePart,
        unit: String,
    },
    /// A deadline met by the event that starts it.
    SameEvent {
        deadline: String,
        event: String,
    },
    /// A deadline met by an event that is computed, not recorded (the end of the 公示).
    MetByComputed {
        deadline: String,
        event: String,
    },
    /// A deadline's `what` that is not a short Chinese phrase.
    WhatNotShortChinese {
        deadline: String,
    },
    /// `objection_stops = true` without the words that say so.
    ObjectionNeedsQuote,
    /// The words about objections given, but `objection_stops = false`.
    ObjectionQuoteWithoutStop,
    /// `n` without `unit`, or `unit` without `n`, in `[rectification]` or `[publication]`.
    HalfPeriod {
        part: ProcedurePart,
    },
    /// A deadline's `track` that is neither voluntary nor mandatory.
    UnknownTrack {
        deadline: String,
        word: String,
    },
}

impl Explain for ProcedureProblem {
    fn zh(&self) -> String {
        use ProcedureProblem as P;
        match self {
            P::BadCitation { part, id, text } => {
                format!("{}：出处“{text}”不是行号引用；请写成 \"L2537\" 或 \"L2538-L2540\"", part.named_zh(id))
            }
            P::Empty { part, id, key } => format!("{} 的 {key} 为空", part.named_zh(id)),
            P::BadId { part, id } => {
                format!("{}编号“{id}”无效：只能用小写英文字母、数字和 . _ -，最长 64 个字符", part.zh())
            }
            P::IdTwice { part, id, first_line } => {
                format!("{}编号“{id}”用了两次（第一次在第 {first_line} 行）", part.zh())
            }
            P::UnknownEvent { part, id, key, word } => format!(
                "{} 的 {key}“{word}”不是已知的事件；可用：{}",
                part.named_zh(id),
                crate::domain::scorecard::procedure::Event::ALL.map(|e| e.as_str()).join("、")
            ),
            P::UnknownUnit { part, id, word } => format!(
                "{} 的 unit“{word}”未知；请用 working_days（工作日）、days（日）、weeks（周）、months（月）或 years（年）",
                part.named_zh(id)
            ),
            P::BadCount { part, id, n } => {
                format!("{} 的 n = {n}：期限须为 1 至 {MAX_PERIOD} 之间的整数", part.named_zh(id))
            }
            P::UnitNotAllowed { part, unit } => {
                format!("{}不能以 {unit} 计算：请用 days、weeks、months 或 years", part.zh())
            }
            P::SameEvent { deadline, event } => {
                format!("期限 {deadline}：起算事件与完成事件都是 {event}；请写明期限内要完成的事件（met_by）")
            }
            P::MetByComputed { deadline, event } => {
                format!("期限 {deadline}：{event} 是计算得出的日期，不能作为完成事件（met_by）")
            }
            P::WhatNotShortChinese { deadline } => format!(
                "期限 {deadline}：what 须为简短的中文（最多 {MAX_WHAT_CHARS} 个字、一行），例如“提交验收工作报告”"
            ),
            P::ObjectionNeedsQuote => {
                "[publication] 写了 objection_stops = true，须以 objection_text 和 objection_source 引用原文的规定"
                    .into()
            }
            P::ObjectionQuoteWithoutStop => {
                "[publication] 引用了关于异议的规定，但 objection_stops = false；原文规定无异议方可通过时请写 true"
                    .into()
            }
            P::HalfPeriod { part } => format!("{}的 n 和 unit 须同时写出（原文未规定期限时两者都不写）", part.zh()),
            P::UnknownTrack { deadline, word } => {
                format!(
                    "期限 {deadline} 的 track“{word}”未知；请用 voluntary（自愿）或 mandatory（强制），适用于两者时不写"
                )
            }
        }
    }

    fn en(&self) -> String {
        use ProcedureProblem as P;
        match self {
            P::BadCitation { part, id, text } => {
                format!("{}: source “{text}” is not a citation; write \"L2537\" or \"L2538-L2540\"", part.named_en(id))
            }
            P::Empty { part, id, key } => format!("{} {key} is empty", part.named_en(id)),
            P::BadId { part, id } => format!(
                "{} id “{id}” is not valid: use lowercase ASCII letters, digits and . _ -, at most 64 characters",
                part.en()
            ),
            P::IdTwice { part, id, first_line } => {
                format!("{} id “{id}” is used twice (first on line {first_line})", part.en())
            }
            P::UnknownEvent { part, id, key, word } => format!(
                "{} {key} “{word}” is not a known event; use one of {}",
                part.named_en(id),
                crate::domain::scorecard::procedure::Event::ALL.map(|e| e.as_str()).join(", ")
            ),
            P::UnknownUnit { part, id, word } => format!(
                "{} unit “{word}” is unknown; use working_days, days, weeks, months or years",
                part.named_en(id)
            ),
            P::BadCount { part, id, n } => {
                format!("{} n = {n}: a period is a whole number from 1 to {MAX_PERIOD}", part.named_en(id))
            }
            P::UnitNotAllowed { part, unit } => {
                format!("{} cannot be counted in {unit}: use days, weeks, months or years", part.en())
            }
            P::SameEvent { deadline, event } => format!(
                "deadline {deadline}: it starts and is met by the same event, {event}; met_by names what must happen \
                 within it"
            ),
            P::MetByComputed { deadline, event } => {
                format!("deadline {deadline}: {event} is computed, not recorded, and cannot meet a deadline (met_by)")
            }
            P::WhatNotShortChinese { deadline } => format!(
                "deadline {deadline}: what must be a short Chinese phrase (at most {MAX_WHAT_CHARS} characters, one \
                 line), such as 提交验收工作报告"
            ),
            P::ObjectionNeedsQuote => {
                "[publication] says objection_stops = true: quote where the source says so with objection_text and \
                 objection_source"
                    .into()
            }
            P::ObjectionQuoteWithoutStop => {
                "[publication] quotes a rule on objections but says objection_stops = false; where the source says a \
                 case passes only without objections, write true"
                    .into()
            }
            P::HalfPeriod { part } => {
                format!("{} needs both n and unit (or neither, where the source sets no period)", part.en())
            }
            P::UnknownTrack { deadline, word } => format!(
                "deadline {deadline} track “{word}” is unknown; use voluntary or mandatory (leave it out for both)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(p: &ProcedureProblem) -> usize {
        use ProcedureProblem as P;
        match p {
            P::BadCitation { .. } => 0,
            P::Empty { .. } => 1,
            P::BadId { .. } => 2,
            P::IdTwice { .. } => 3,
            P::UnknownEvent { .. } => 4,
            P::UnknownUnit { .. } => 5,
            P::BadCount { .. } => 6,
            P::UnitNotAllowed { .. } => 7,
            P::SameEvent { .. } => 8,
            P::MetByComputed { .. } => 9,
            P::WhatNotShortChinese { .. } => 10,
            P::ObjectionNeedsQuote => 11,
            P::ObjectionQuoteWithoutStop => 12,
            P::HalfPeriod { .. } => 13,
            P::UnknownTrack { .. } => 14,
        }
    }
    const COUNT: usize = 15;

    /// Every variant is said in Chinese (with CJK) and in English, and the walk fails until a new variant has a
    /// sample; every part is named in both languages.
    #[test]
    fn every_procedure_problem_is_said_in_both_languages() {
        use ProcedurePart as Pt;
        use ProcedureProblem as P;
        let id = || Some("report".to_string());
        let samples = [
            P::BadCitation { part: Pt::Deadline, id: id(), text: "2537".into() },
            P::Empty { part: Pt::Publication, id: None, key: "text" },
            P::BadId { part: Pt::Condition, id: "条件1".into() },
            P::IdTwice { part: Pt::Material, id: "m1".into(), first_line: 12 },
            P::UnknownEvent { part: Pt::Deadline, id: id(), key: "from", word: "visit".into() },
            P::UnknownUnit { part: Pt::Validity, id: None, word: "fortnights".into() },
            P::BadCount { part: Pt::Rectification, id: None, n: 0 },
            P::UnitNotAllowed { part: Pt::Renewal, unit: "working_days".into() },
            P::SameEvent { deadline: "report".into(), event: "site_visit".into() },
            P::MetByComputed { deadline: "report".into(), event: "publication_end".into() },
            P::WhatNotShortChinese { deadline: "report".into() },
            P::ObjectionNeedsQuote,
            P::ObjectionQuoteWithoutStop,
            P::HalfPeriod { part: Pt::Rectification },
            P::UnknownTrack { deadline: "finish".into(), word: "any".into() },
        ];
        let mut seen = [false; COUNT];
        for s in &samples {
            seen[variant(s)] = true;
            let (zh, en) = (s.zh(), s.en());
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.is_empty(), "{s:?}");
        }
        assert!(seen.iter().all(|s| *s), "a variant has no sample: {seen:?}");
        for part in
            [Pt::Condition, Pt::Material, Pt::Deadline, Pt::Publication, Pt::Rectification, Pt::Validity, Pt::Renewal]
        {
            assert!(!part.zh().is_empty() && part.en().is_ascii());
        }
    }
}
