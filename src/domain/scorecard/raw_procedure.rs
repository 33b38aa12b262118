//! The file form of the procedure around a review (`[[conditions]]`, `[[materials]]`, `[[deadlines]]`,
//! `[publication]`, `[rectification]`, `[validity]`), with the position of every value a check may point at.

use serde::Deserialize;
use toml::Spanned;

type S<T> = Spanned<T>;

/// An application condition or a material to submit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCheckItem {
    pub id: S<String>,
    pub number: Option<S<String>>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    pub id: S<String>,
    pub what: S<String>,
    pub from: S<String>,
    pub met_by: S<String>,
    /// Only for cases of this track, where the source sets the deadline for one.
    pub track: Option<S<String>>,
    /// The event that makes the deadline void (the other branch of the procedure).
    pub void_by: Option<S<String>>,
    pub n: S<i64>,
    pub unit: S<String>,
    pub who: S<String>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublication {
    pub n: Option<S<i64>>,
    pub unit: Option<S<String>>,
    #[serde(rename = "where")]
    pub place: Option<S<String>>,
    #[serde(default)]
    pub objection_stops: bool,
    pub objection_text: Option<S<String>>,
    pub objection_source: Option<S<String>>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRectification {
    pub n: Option<S<i64>>,
    pub unit: Option<S<String>>,
    /// The time limit holds for cases of this track only.
    pub track: Option<S<String>>,
    pub who: Option<S<String>>,
    pub recheck_by: Option<S<String>>,
    pub text: S<String>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidity {
    pub what: S<String>,
    pub n: S<i64>,
    pub unit: S<String>,
    pub text: S<String>,
    pub source: S<String>,
    pub renewal: Option<S<RawRenewal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRenewal {
    pub n: S<i64>,
    pub unit: S<String>,
    pub text: S<String>,
    pub source: S<String>,
}
