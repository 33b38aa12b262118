//! Exact decimal quantities: points in tenths and facts as scaled integers.
//!
//! Score sheets print points with at most one decimal place. They are stored and added as integers in tenths, so
//! that no sum ever depends on floating-point rounding.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use serde::{Deserialize, Serialize, Serializer};

/// A number of points with at most one decimal place, stored as tenths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

/// Why a text is not a valid number of points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("“{0}” is not a number")]
    NotANumber(String),
    #[error("“{text}” is not a number (it is typed with full-width characters; type half-width digits: {half})")]
    FullWidth { text: String, half: String },
    #[error("{0} has more than one decimal place (points are given to 0.1 at most)")]
    TooPrecise(String),
    #[error("{0} is negative")]
    Negative(String),
    #[error("{0} is too large")]
    TooLarge(String),
}

impl crate::domain::explain::Explain for PointsError {
    /// Without the field's name: the caller's refusal ([`Refusal::Points`]) puts it in front.
    fn zh(&self) -> String {
        match self {
            PointsError::NotANumber(t) => format!("“{t}”不是数字（请用半角数字，如 4.5）"),
            PointsError::FullWidth { text, half } => format!("“{text}”含全角字符：请用半角数字输入 {half}"),
            PointsError::TooPrecise(t) => format!("“{t}”最多保留一位小数"),
            PointsError::Negative(t) => format!("“{t}”不能为负"),
            PointsError::TooLarge(t) => format!("“{t}”太大"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

impl Points {
    pub const ZERO: Points = Points(0);

    pub const fn from_tenths(tenths: i64) -> Self {
        Points(tenths)
    }

    pub const fn whole(points: i64) -> Self {
        Points(points * 10)
    }

    pub const fn tenths(self) -> i64 {
        self.0
    }

    /// Parses a non-negative decimal such as `5`, `2.5` or `3.0`. Full-width digits and signs are not numbers here
    /// (the message gives the half-width spelling): the caller names the field and shows the message.
    pub fn parse(text: &str) -> Result<Self, PointsError> {
        // Points are written as the sheet prints them: `10`, `4.5`. An exponent (`1e1`) is a number, but not a way
        // anyone writes a score; it is refused rather than read as 10.
        if text.contains(['e', 'E']) {
            return Err(PointsError::NotANumber(text.to_string()));
        }
        let dec = Decimal::parse(text).map_err(|_| match crate::domain::chars::half_width(text.trim()) {
            Some(half) if Decimal::parse(&half).is_ok() => PointsError::FullWidth { text: text.to_string(), half },
            _ => PointsError::NotANumber(text.to_string()),
        })?;
        if dec.is_negative() {
            return Err(PointsError::Negative(text.to_string()));
        }
        let tenths = dec.to_scale(1).ok_or_else(|| PointsError::TooPrecise(text.to_string()))?;
        i64::try_from(tenths)
            .ok()
            .filter(|t| *t <= 1_000_000_000)
            .map(Points)
            .ok_or_else(|| PointsError::TooLarge(text.to_string()))
    }

    pub fn checked_add(self, other: Points) -> Option<Points> {
        self.0.checked_add(other.0).map(Points)
    }

    pub fn saturating_sub(self, other: Points) -> Points {
        Points((self.0 - other.0).max(0))
    }

    pub fn as_decimal(self) -> Decimal {
        Decimal::new(i128::from(self.0), 1)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Self {
        Points(iter.map(|p| p.0).sum())
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl fmt::Display for Points {
    /// `5`, `2.5`, `-1.5`: whole numbers without a decimal point, others with one decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        if abs.is_multiple_of(10) {
            write!(f, "{sign}{}", abs / 10)
        } else {
            write!(f, "{sign}{}.{}", abs / 10, abs % 10)
        }
    }
}

impl Serialize for Points {
    /// Serialized as a JSON number exactly as displayed (`4.5`, `10`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 10 == 0 {
            serializer.serialize_i64(self.0 / 10)
        } else {
            // Tenths print exactly as a decimal; `to_string` of the f64 is the same text.
            serializer.serialize_f64(self.0 as f64 / 10.0)
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(NumberText)?;
        Points::parse(&text).map_err(de::Error::custom)
    }
}

/// Accepts an integer, a float or a string and gives back its decimal text. A float is turned into the shortest text
/// that reads back as the same float, which is exactly what was written for any number with a few decimals.
pub(crate) struct NumberText;

impl<'de> Visitor<'de> for NumberText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number such as 5 or 2.5")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        if v.is_finite() { Ok(format!("{v}")) } else { Err(E::custom(format!("{v} is not a number"))) }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.trim().to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Err(E::custom(format!("expected a number, found {v}")))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        // serde_json's arbitrary_precision hands a number over as a one-entry map holding its exact text.
        let key: Option<String> = map.next_key()?;
        match key.as_deref() {
            Some("$serde_json::private::Number") => map.next_value::<String>(),
            _ => Err(de::Error::custom("expected a number, found a table")),
        }
    }
}

/// A text that is not a plain decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal number")]
pub struct NotADecimal;

/// An exact decimal number: `mantissa × 10^-scale`. Used for facts such as a compliance rate of 96.5 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

const MAX_SCALE: u32 = 12;

impl Decimal {
    pub const fn new(mantissa: i128, scale: u32) -> Self {
        Decimal { mantissa, scale }
    }

    /// Parses `-12`, `96.5`, `0.125` (ASCII digits only, at most 12 decimals, an optional exponent as JSON writes
    /// floats: `1e2`, `1.5E-1`).
    pub fn parse(text: &str) -> Result<Self, NotADecimal> {
        let text = text.trim();
        let (body, exp) = match text.find(['e', 'E']) {
            Some(at) => {
                let exp: i32 = text[at + 1..].parse().map_err(|_| NotADecimal)?;
                (&text[..at], exp)
            }
            None => (text, 0),
        };
        let (negative, digits) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body.strip_prefix('+').unwrap_or(body)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(NotADecimal);
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NotADecimal);
        }
        if digits.ends_with('.') || digits.starts_with('.') {
            return Err(NotADecimal);
        }
        let all: String = format!("{int_part}{frac_part}");
        if all.len() > 30 {
            return Err(NotADecimal);
        }
        let mut mantissa: i128 = all.parse().map_err(|_| NotADecimal)?;
        let mut scale = frac_part.len() as i64 - i64::from(exp);
        while scale < 0 {
            mantissa = mantissa.checked_mul(10).ok_or(NotADecimal)?;
            scale += 1;
        }
        let mut dec = Decimal {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: u32::try_from(scale).map_err(|_| NotADecimal)?,
        };
        dec.normalize();
        if dec.scale > MAX_SCALE {
            return Err(NotADecimal);
        }
        Ok(dec)
    }

    fn normalize(&mut self) {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The value as an integer count of `10^-scale`, or `None` if it has more decimals than that.
    pub fn to_scale(self, scale: u32) -> Option<i128> {
        let mut d = self;
        d.normalize();
        if d.scale > scale {
            return None;
        }
        d.mantissa.checked_mul(10i128.checked_pow(scale - d.scale)?)
    }

    fn aligned(self, other: Decimal) -> (i128, i128) {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa * 10i128.pow(scale - self.scale);
        let b = other.mantissa * 10i128.pow(scale - other.scale);
        (a, b)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = self.aligned(*other);
        a.cmp(&b)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let div = 10u128.pow(self.scale);
        write!(f, "{sign}{}.{:0width$}", abs / div, abs % div, width = self.scale as usize)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(NumberText)?;
        Decimal::parse(&text).map_err(|_| de::Error::custom(format!("“{text}” is not a number")))
    }
}

/// The mean of several totals, kept exact as a fraction of tenths: `tenths / count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mean {
    tenths: i64,
    count: i64,
}

impl Mean {
    pub fn of(values: impl IntoIterator<Item = Points>) -> Option<Mean> {
        let mut tenths = 0i64;
        let mut count = 0i64;
        for v in values {
            tenths += v.tenths();
            count += 1;
        }
        (count > 0).then_some(Mean { tenths, count })
    }

    pub fn from_points(p: Points) -> Mean {
        Mean { tenths: p.tenths(), count: 1 }
    }

    /// Compares exactly with a number of points: `tenths / count  ?  p`.
    pub fn cmp_points(self, p: Points) -> Ordering {
        self.tenths.cmp(&(p.tenths() * self.count))
    }

    /// The value in hundredths, rounded half away from zero (四舍五入).
    pub fn hundredths(self) -> i64 {
        let num = self.tenths * 10;
        let twice = 2 * num.abs() + self.count;
        let rounded = twice / (2 * self.count);
        if num < 0 { -rounded } else { rounded }
    }

    /// Shown rounded to two decimals: `85.33`.
    pub fn display(self) -> String {
        let h = self.hundredths();
        let sign = if h < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", h.abs() / 100, h.abs() % 100)
    }

    /// The exact value as a fraction, `"256/3"`, or a plain decimal when it is one.
    pub fn exact(self) -> String {
        if self.count == 1 {
            return Points::from_tenths(self.tenths).to_string();
        }
        let g = gcd(self.tenths.unsigned_abs(), (self.count * 10) as u64) as i64;
        let (n, d) = (self.tenths / g, self.count * 10 / g);
        // A denominator made of 2s and 5s only is an exact decimal: 1601/20 = 80.05.
        let mut rest = d;
        let mut scale = 0u32;
        while rest % 10 == 0 || rest % 2 == 0 || rest % 5 == 0 {
            rest /= if rest % 10 == 0 {
                10
            } else if rest % 2 == 0 {
                2
            } else {
                5
            };
            scale += 1;
        }
        if rest == 1 {
            let factor = 10i64.pow(scale) / d;
            let mut dec = Decimal::new(i128::from(n * factor), scale);
            dec.normalize();
            dec.to_string()
        } else {
            format!("{n}/{d}")
        }
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Serialize for Mean {
    /// A JSON number rounded to two decimals.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.display();
        let n: serde_json::Number = text.parse().map_err(serde::ser::Error::custom)?;
        n.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_exponent_is_not_a_score() {
        for t in ["1e1", "1E1", "1.5e0", "0e5"] {
            assert!(matches!(Points::parse(t), Err(PointsError::NotANumber(_))), "{t}");
        }
        assert_eq!(Points::parse("10").map(|p| p.tenths()), Ok(100));
    }

    use super::*;

    #[test]
    fn parses_points_to_tenths() {
        assert_eq!(Points::parse("5").unwrap().tenths(), 50);
        assert_eq!(Points::parse("2.5").unwrap().tenths(), 25);
        assert_eq!(Points::parse("3.0").unwrap().tenths(), 30);
        assert_eq!(Points::parse("0.1").unwrap().tenths(), 1);
        assert!(matches!(Points::parse("2.55"), Err(PointsError::TooPrecise(_))));
        assert!(matches!(Points::parse("-1"), Err(PointsError::Negative(_))));
        assert!(matches!(Points::parse("五"), Err(PointsError::NotANumber(_))));
        assert!(matches!(Points::parse("５"), Err(PointsError::FullWidth { .. })));
        assert!(matches!(Points::parse(""), Err(PointsError::NotANumber(_))));
        assert!(matches!(Points::parse("."), Err(PointsError::NotANumber(_))));
        assert!(Points::parse("1e99").is_err());
    }

    #[test]
    fn displays_points() {
        assert_eq!(Points::from_tenths(25).to_string(), "2.5");
        assert_eq!(Points::from_tenths(30).to_string(), "3");
        assert_eq!(Points::from_tenths(0).to_string(), "0");
    }

    #[test]
    fn mean_rounds_half_up_and_compares_exactly() {
        // (85 + 85 + 85.1) / 3 = 85.0333…
        let m = Mean::of([Points::whole(85), Points::whole(85), Points::from_tenths(851)]).unwrap();
        assert_eq!(m.display(), "85.03");
        assert_eq!(m.cmp_points(Points::whole(85)), Ordering::Greater);
        // 80.005 rounds to 80.01: (80 + 80.01…) — build 160.1/2 = 80.05
        let m = Mean::of([Points::whole(80), Points::from_tenths(801)]).unwrap();
        assert_eq!(m.display(), "80.05");
        assert_eq!(m.exact(), "80.05");
        let third = Mean::of([Points::whole(1), Points::ZERO, Points::ZERO]).unwrap();
        assert_eq!(third.display(), "0.33");
        assert_eq!(third.exact(), "1/3");
        // 2/3 → 0.67
        let m = Mean::of([Points::whole(1), Points::whole(1), Points::ZERO]).unwrap();
        assert_eq!(m.display(), "0.67");
    }

    #[test]
    fn decimals_compare_exactly() {
        let a = Decimal::parse("96.99").unwrap();
        let b = Decimal::parse("97").unwrap();
        assert!(a < b);
        assert_eq!(Decimal::parse("97.0").unwrap(), b);
        assert_eq!(Decimal::parse("9.7e1").unwrap(), b);
        assert_eq!(Decimal::parse("96.5").unwrap().to_string(), "96.5");
        assert!(Decimal::parse("9,7").is_err());
        assert!(Decimal::parse("abc").is_err());
    }
}
