//! What the panel types into a field, read by the domain's rules: each reader returns the value or the typed
//! refusal naming the field, so that a screen says exactly what the rule decides and never checks on its own.

use crate::domain::points::{Points, PointsError};
use crate::domain::refusal::{Field, Refusal};

/// Reads points as the panel types them into a field: half-width digits with at most one decimal. Empty is
/// refused as a field to fill in, full-width digits with the half-width ones to type instead, and anything but
/// digits and one point (an exponent such as `1e1` is a number to a parser, not to a panel) as not a number.
pub fn points(text: &str, field: impl Into<Field>) -> Result<Points, Refusal> {
    let field = field.into();
    let t = crate::domain::text::required(text, field.clone())?;
    let refuse = |error| Refusal::Points { field: field.clone(), error };
    // What was typed, in half-width characters, when that is a number: the refusal says what to type instead.
    if let Some(half) = crate::domain::text::half_width(t) {
        return Err(refuse(match crate::domain::points::Decimal::parse(&half) {
            Ok(_) => PointsError::FullWidth { text: t.to_string(), half },
            Err(_) => PointsError::NotANumber(t.to_string()),
        }));
    }
    if !t.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')) {
        return Err(refuse(PointsError::NotANumber(t.to_string())));
    }
    Points::parse(t).map_err(refuse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::explain::Explain;

    /// The panel's words as the terminal app has always shown them, now said by the domain.
    #[test]
    fn the_panel_reads_what_it_always_read() {
        let zh = |r: Result<Points, Refusal>| r.unwrap_err().zh();
        assert_eq!(zh(points(" ", Field::Score)), "请填写分数");
        assert_eq!(zh(points("abc", Field::Score)), "分数“abc”不是数字（请用半角数字，如 4.5）");
        assert_eq!(zh(points("1e1", Field::Score)), "分数“1e1”不是数字（请用半角数字，如 4.5）");
        assert_eq!(zh(points("４.５", Field::Bonus)), "加分“４.５”含全角字符：请用半角数字输入 4.5");
        // The half-width spelling of what was typed, not a fixed example.
        assert_eq!(zh(points("２.５", Field::Score)), "分数“２.５”含全角字符：请用半角数字输入 2.5");
        assert_eq!(zh(points("１０", Field::Score)), "分数“１０”含全角字符：请用半角数字输入 10");
        assert_eq!(zh(points("５分", Field::Score)), "分数“５分”不是数字（请用半角数字，如 4.5）");
        assert_eq!(zh(points("-1", Field::Score)), "分数“-1”不能为负");
        assert_eq!(zh(points("3.25", Field::ItemPoints("1.1".into()))), "条目 1.1 的分值“3.25”最多保留一位小数");
        assert_eq!(points(" 4.5 ", Field::Score), Ok(Points::from_tenths(45)));
        let date = |t: &str| crate::domain::text::date(t, Field::ReviewDate).unwrap_err().zh();
        assert_eq!(date(""), "请填写验收日期");
        assert_eq!(
            date("２０２６－１１－２８"),
            "验收日期“２０２６－１１－２８”含全角字符：请用半角数字输入 2026-11-28"
        );
        assert_eq!(date("２０２６－１－５"), "验收日期“２０２６－１－５”含全角字符：请用半角数字输入 2026-1-5");
        assert_eq!(date("2026-02-30"), "验收日期“2026-02-30”不是有效日期（格式如 2026-11-28，2000—2099 年）");
        assert_eq!(date("1899-01-01"), "验收日期“1899-01-01”不是有效日期（格式如 2026-11-28，2000—2099 年）");
        use crate::domain::review::typed_fact;
        use crate::domain::scorecard::FactKind::{Bool, Number};
        let fact = |kind, t: &str| typed_fact("f1", "事实", kind, t);
        assert_eq!(fact(Bool, " 是 "), Ok(Some("true".into())));
        assert_eq!(fact(Bool, "n"), Ok(Some("false".into())));
        assert_eq!(fact(Number, ""), Ok(None));
        assert_eq!(fact(Number, "12.5"), Ok(Some("12.5".into())));
        assert_eq!(fact(Bool, "也许").unwrap_err().zh(), "事实“也许”：请填“是”或“否”");
        assert_eq!(fact(Number, "1e1").unwrap_err().zh(), "事实数值“1e1”不是数字（请用半角数字，如 12.5）");
        assert_eq!(fact(Number, "１２").unwrap_err().zh(), "事实数值“１２”含全角字符：请用半角数字输入 12");
        assert_eq!(fact(Number, "２.５").unwrap_err().zh(), "事实数值“２.５”含全角字符：请用半角数字输入 2.5");
    }
}
