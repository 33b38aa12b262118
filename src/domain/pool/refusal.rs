//! Why anything about the pool or a draw is refused: one variant per reason, carrying what it is about (the rule and
//! its lines, how many experts are short), said in Chinese (what the support unit reads) and in English.

use super::Field;
use crate::domain::credit_code::CreditCodeError;
use crate::domain::explain::Explain;
use crate::domain::refusal::Refusal;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolRefusal {
    // ----- the pool -----
    DuplicateExpert {
        name: String,
        unit: String,
    },
    MissingColumn {
        column: String,
    },
    BadCell {
        row: usize,
        column: String,
        value: String,
        why: String,
    },
    UnknownField {
        row: usize,
        value: String,
    },
    EmptyTable,
    /// A field of an expert's entry (a form, a command's options) refused by the typed-text rules; it names the field.
    Entry(Refusal),
    /// 专业领域 given outside a table that is not one of the six.
    NotAField {
        value: String,
    },
    /// A credit code of 服务企业 that is not one.
    ServedCode {
        code: String,
        error: CreditCodeError,
    },
    // ----- the plan of a draw -----
    /// The province prints no panel size: the support unit gives it.
    SizeNeeded {
        province: String,
    },
    SizeBelowMinimum {
        size: u32,
        min: u32,
        source: String,
    },
    SizeNotOdd {
        size: u32,
        source: String,
    },
    /// Fewer drawn from the pool than the province's share.
    ShareTooSmall {
        drawn: u32,
        size: u32,
        least: u32,
        source: String,
    },
    DrawnOutOfRange {
        drawn: u32,
        size: u32,
    },
    FieldsExceedDrawn {
        fields: u32,
        drawn: u32,
        source: String,
    },
    // ----- the draw -----
    FieldShort {
        field: Field,
        industry: Option<String>,
        needed: u32,
        eligible: u32,
        short: u32,
        source: String,
    },
    TooFewEligible {
        needed: u32,
        eligible: u32,
        short: u32,
        source: Option<String>,
    },
    ReservesShort {
        needed: u32,
        available: u32,
        short: u32,
    },
    // ----- re-running a record -----
    RecordFormat {
        what: String,
    },
    PoolHashDiffers {
        recorded: String,
        computed: String,
    },
    RerunDiffers {
        what: String,
        recorded: String,
        computed: String,
    },
    // ----- substitutions and signers -----
    NotOnPanel {
        name: String,
    },
    NoReserveFits {
        name: String,
        field: Option<Field>,
    },
    ReasonNeeded,
    SignersNotDrawn {
        names: Vec<String>,
    },
    /// A substitution on a draw that a finalized review's panel stands on: it would change what was signed.
    DrawOfFinalizedReview {
        draw: i64,
        review: i64,
    },
}

fn src_zh(source: &str) -> String {
    if source.is_empty() { String::new() } else { format!("（{source}）") }
}

impl Explain for PoolRefusal {
    fn zh(&self) -> String {
        use PoolRefusal as R;
        match self {
            R::DuplicateExpert { name, unit } => format!("专家库中已有{name}（{unit}），同名同单位的专家只能有一位"),
            R::MissingColumn { column } => format!("表格缺少“{column}”列"),
            R::BadCell { row, column, value, why } => format!("第 {row} 行“{column}”列的“{value}”不能接受：{why}"),
            R::UnknownField { row, value } => {
                format!("第 {row} 行的专业领域“{value}”不是清洁生产、行业、环保、能源、经济、其他之一")
            }
            R::EmptyTable => "表格中没有专家".into(),
            R::Entry(r) => r.zh(),
            R::NotAField { value } => format!("专业领域“{value}”不是清洁生产、行业、环保、能源、经济、其他之一"),
            R::ServedCode { code, error } => format!("服务企业中的“{code}”不是有效的统一社会信用代码：{}", error.zh()),
            R::SizeNeeded { province } => {
                format!("{province}的文件未规定专家组人数，须由技术依托单位给出人数（记为技术依托单位的选择）")
            }
            R::SizeBelowMinimum { size, min, source } => {
                format!("专家组 {size} 人少于规定的 {min} 人{}", src_zh(source))
            }
            R::SizeNotOdd { size, source } => format!("专家组须为单数，{size} 人不是单数{}", src_zh(source)),
            R::ShareTooSmall { drawn, size, least, source } => format!(
                "{size} 人的专家组从专家库抽取的专家不少于三分之二，至少 {least} 人，只抽取 {drawn} 人{}",
                src_zh(source)
            ),
            R::DrawnOutOfRange { drawn, size } => format!("抽取人数 {drawn} 须在 1 至专家组人数 {size} 之间"),
            R::FieldsExceedDrawn { fields, drawn, source } => {
                format!("规定的 {fields} 个领域多于抽取的 {drawn} 人{}", src_zh(source))
            }
            R::FieldShort { field, industry, needed, eligible, short, source } => {
                let which = match industry {
                    Some(code) => format!("行业代码 {code} 的行业专家"),
                    None => format!("{}领域的专家", field.zh()),
                };
                format!(
                    "无法抽取：规定须有{which}{}，需 {needed} 人，排除后可抽取的只有 {eligible} 人，缺 {short} 人",
                    src_zh(source)
                )
            }
            R::TooFewEligible { needed, eligible, short, source } => format!(
                "无法抽取：专家组需从专家库抽取 {needed} 人{}，排除后可抽取的只有 {eligible} 人，缺 {short} 人",
                source.as_deref().map(src_zh).unwrap_or_else(|| "（技术依托单位确定的人数）".into())
            ),
            R::ReservesShort { needed, available, short } => {
                format!("无法抽取：需候补 {needed} 人，抽出专家组后只剩 {available} 人，缺 {short} 人")
            }
            R::RecordFormat { what } => format!("抽取记录的格式不对：{what}"),
            R::PoolHashDiffers { recorded, computed } => {
                format!("抽取记录中的专家库快照已被改动：记录的哈希为 {recorded}，重算为 {computed}")
            }
            R::RerunDiffers { what, recorded, computed } => {
                format!("按记录重新抽取的结果不同（{what}）：记录为 {recorded}，重新抽取为 {computed}")
            }
            R::NotOnPanel { name } => format!("{name}不在抽取的专家组中"),
            R::NoReserveFits { name, field } => match field {
                Some(f) => format!("没有可替换{name}的候补：专家组须有{}领域的专家，候补中没有", f.zh()),
                None => format!("没有可替换{name}的候补：候补已用完"),
            },
            R::ReasonNeeded => "替换专家须写明原因（如本人谢绝、发现须回避）".into(),
            R::SignersNotDrawn { names } => {
                format!("签名的专家不是抽取的专家组成员或记录的替换专家：{}", names.join("、"))
            }
            R::DrawOfFinalizedReview { draw, review } => {
                format!("验收 {review} 已定稿，其专家组取自抽取记录 {draw}：不能再替换专家（替换会改变已签名的内容）")
            }
        }
    }

    fn en(&self) -> String {
        use PoolRefusal as R;
        let src = |s: &str| if s.is_empty() { String::new() } else { format!(" ({s})") };
        match self {
            R::DuplicateExpert { name, unit } => format!("the pool already has {name} of {unit}"),
            R::MissingColumn { column } => format!("the table has no column {column}"),
            R::BadCell { row, column, value, why } => format!("row {row}, column {column}: {value:?} refused: {why}"),
            R::UnknownField { row, value } => format!("row {row}: {value:?} is not one of the six fields"),
            R::EmptyTable => "the table holds no expert".into(),
            R::Entry(r) => r.en(),
            R::NotAField { value } => format!("{value:?} is not one of the six fields"),
            R::ServedCode { code, error } => {
                format!("served enterprises: {code:?} is not a credit code: {}", error.en())
            }
            R::SizeNeeded { province } => {
                format!("{province}'s rules give no panel size: the support unit must give it (--size)")
            }
            R::SizeBelowMinimum { size, min, source } => format!("a panel of {size} is below {min}{}", src(source)),
            R::SizeNotOdd { size, source } => format!("the panel must be odd, {size} is not{}", src(source)),
            R::ShareTooSmall { drawn, size, least, source } => {
                format!("at least {least} of {size} must be drawn from the pool, not {drawn}{}", src(source))
            }
            R::DrawnOutOfRange { drawn, size } => format!("{drawn} drawn must be from 1 to the panel's {size}"),
            R::FieldsExceedDrawn { fields, drawn, source } => {
                format!("{fields} required fields exceed the {drawn} drawn{}", src(source))
            }
            R::FieldShort { field, industry, needed, eligible, short, source } => format!(
                "cannot draw: {} needs {needed}, {eligible} eligible, {short} short{}",
                match industry {
                    Some(c) => format!("an industry expert of {c}"),
                    None => format!("the field {}", field.en()),
                },
                src(source)
            ),
            R::TooFewEligible { needed, eligible, short, source } => format!(
                "cannot draw: {needed} to draw, {eligible} eligible, {short} short{}",
                src(source.as_deref().unwrap_or("the support unit's size"))
            ),
            R::ReservesShort { needed, available, short } => {
                format!("cannot draw: {needed} reserves needed, {available} left, {short} short")
            }
            R::RecordFormat { what } => format!("the draw record is malformed: {what}"),
            R::PoolHashDiffers { recorded, computed } => {
                format!("the pool snapshot was changed: recorded {recorded}, computed {computed}")
            }
            R::RerunDiffers { what, recorded, computed } => {
                format!("the re-run differs ({what}): recorded {recorded}, re-run {computed}")
            }
            R::NotOnPanel { name } => format!("{name} is not on the drawn panel"),
            R::NoReserveFits { name, field } => match field {
                Some(f) => format!("no reserve can replace {name}: the panel needs the field {}", f.en()),
                None => format!("no reserve left to replace {name}"),
            },
            R::ReasonNeeded => "a substitution needs its reason".into(),
            R::SignersNotDrawn { names } => format!("signers not drawn nor recorded substitutes: {}", names.join(", ")),
            R::DrawOfFinalizedReview { draw, review } => format!(
                "review {review} is finalized on the panel of draw {draw}: no substitution on it (it would change what was signed)"
            ),
        }
    }
}

impl std::fmt::Display for PoolRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for PoolRefusal {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refusal::tests::check_words;

    fn variant(r: &PoolRefusal) -> usize {
        use PoolRefusal as R;
        match r {
            R::DuplicateExpert { .. } => 0,
            R::MissingColumn { .. } => 1,
            R::BadCell { .. } => 2,
            R::UnknownField { .. } => 3,
            R::EmptyTable => 4,
            R::Entry(_) => 5,
            R::NotAField { .. } => 6,
            R::ServedCode { .. } => 7,
            R::SizeNeeded { .. } => 8,
            R::SizeBelowMinimum { .. } => 9,
            R::SizeNotOdd { .. } => 10,
            R::ShareTooSmall { .. } => 11,
            R::DrawnOutOfRange { .. } => 12,
            R::FieldsExceedDrawn { .. } => 13,
            R::FieldShort { .. } => 14,
            R::TooFewEligible { .. } => 15,
            R::ReservesShort { .. } => 16,
            R::RecordFormat { .. } => 17,
            R::PoolHashDiffers { .. } => 18,
            R::RerunDiffers { .. } => 19,
            R::NotOnPanel { .. } => 20,
            R::NoReserveFits { .. } => 21,
            R::ReasonNeeded => 22,
            R::SignersNotDrawn { .. } => 23,
            R::DrawOfFinalizedReview { .. } => 24,
        }
    }
    const COUNT: usize = 25;

    pub(crate) fn samples() -> Vec<PoolRefusal> {
        use PoolRefusal as R;
        let s = |x: &str| x.to_string();
        vec![
            R::DuplicateExpert { name: s("王建国"), unit: s("北京市环境科学研究院") },
            R::MissingColumn { column: s("专业领域") },
            R::BadCell { row: 3, column: s("聘期至"), value: s("2026-13-01"), why: s("不是日期") },
            R::UnknownField { row: 4, value: s("化工") },
            R::EmptyTable,
            R::Entry(crate::domain::refusal::Refusal::Empty { field: "单位".into() }),
            R::NotAField { value: s("化工") },
            R::ServedCode {
                code: s("91350100M000100Y44"),
                error: CreditCodeError::Check { expected: '3', found: '4' },
            },
            R::SizeNeeded { province: s("北京") },
            R::SizeBelowMinimum { size: 2, min: 3, source: s("L14527") },
            R::SizeNotOdd { size: 6, source: s("L12374-L12376") },
            R::ShareTooSmall { drawn: 3, size: 5, least: 4, source: s("L12376") },
            R::DrawnOutOfRange { drawn: 6, size: 5 },
            R::FieldsExceedDrawn { fields: 4, drawn: 3, source: s("L2507-L2509") },
            R::FieldShort {
                field: Field::Energy,
                industry: None,
                needed: 1,
                eligible: 0,
                short: 1,
                source: s("L14525"),
            },
            R::FieldShort {
                field: Field::Industry,
                industry: Some(s("C26")),
                needed: 1,
                eligible: 0,
                short: 1,
                source: s("L2507-L2509"),
            },
            R::TooFewEligible { needed: 5, eligible: 3, short: 2, source: Some(s("L12374-L12376")) },
            R::TooFewEligible { needed: 5, eligible: 3, short: 2, source: None },
            R::ReservesShort { needed: 2, available: 1, short: 1 },
            R::RecordFormat { what: s("版本 9") },
            R::PoolHashDiffers { recorded: s("ab12"), computed: s("cd34") },
            R::RerunDiffers {
                what: s("专家组"), recorded: s("王建国、赵敏"), computed: s("王建国、李红")
            },
            R::NotOnPanel { name: s("李红") },
            R::NoReserveFits { name: s("李红"), field: Some(Field::Environment) },
            R::NoReserveFits { name: s("李红"), field: None },
            R::ReasonNeeded,
            R::SignersNotDrawn { names: vec![s("张三")] },
            R::DrawOfFinalizedReview { draw: 2, review: 7 },
        ]
    }

    /// Every refusal is said in Chinese without English words in it, and in English; the walk fails until a new
    /// variant has a sample.
    #[test]
    fn every_pool_refusal_is_said_in_both_languages() {
        let mut seen = [false; COUNT];
        for r in samples() {
            seen[variant(&r)] = true;
            check_words(&format!("{r:?}"), &r);
            assert_eq!(r.to_string(), r.en());
        }
        let missing: Vec<usize> = (0..COUNT).filter(|i| !seen[*i]).collect();
        assert!(missing.is_empty(), "variants without a sample: {missing:?}");
    }
}
