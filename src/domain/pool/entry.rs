//! An expert's entry as it is typed — the terminal app's form, the command line's `pool add|edit` options, a row of
//! the pool's table — read into the pool's values by one set of rules: 姓名 and 单位 required, every text by the
//! typed-text rules, 专业领域 one of the six, 行业 upper-cased, 聘期至 a date (empty: none), 服务企业 credit codes
//! separated by ；, each checked and normalized (repeats dropped). A refusal names the field.

use super::{Expert, Field, PoolRefusal};
use crate::domain::{credit_code, text};

/// The longest text a field of the pool takes.
pub const MAX: usize = 200;

/// What is typed for an expert; `None` leaves that field as it is (an option the command line was not given).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpertEntry {
    pub name: Option<String>,
    pub unit: Option<String>,
    /// 专业领域, by its Chinese name.
    pub field: Option<String>,
    pub industry: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`; empty clears it.
    pub term_until: Option<String>,
    /// Credit codes separated by ；; empty clears them.
    pub served: Option<String>,
}

pub fn name(v: &str) -> Result<String, PoolRefusal> {
    text::one_line(v, "姓名", MAX, true).map_err(PoolRefusal::Entry)
}

pub fn unit(v: &str) -> Result<String, PoolRefusal> {
    text::one_line(v, "单位", MAX, true).map_err(PoolRefusal::Entry)
}

pub fn field(v: &str) -> Result<Field, PoolRefusal> {
    Field::parse(v).ok_or_else(|| PoolRefusal::NotAField { value: v.trim().to_string() })
}

/// The industry code (行业), upper-cased; may be empty.
pub fn industry(v: &str) -> Result<String, PoolRefusal> {
    Ok(text::one_line(v, "行业", MAX, false).map_err(PoolRefusal::Entry)?.to_ascii_uppercase())
}

pub fn title(v: &str) -> Result<String, PoolRefusal> {
    text::one_line(v, "职称", MAX, false).map_err(PoolRefusal::Entry)
}

/// 聘期至: empty is none, else a date of the calendar, as `YYYY-MM-DD`.
pub fn term_until(v: &str) -> Result<Option<String>, PoolRefusal> {
    if v.trim().is_empty() { Ok(None) } else { text::date(v, "聘期至").map(Some).map_err(PoolRefusal::Entry) }
}

/// 服务企业: credit codes separated by ； (or ;), each checked and normalized, in order, repeats dropped.
pub fn served(v: &str) -> Result<Vec<String>, PoolRefusal> {
    let mut codes = Vec::new();
    for c in v.split(['；', ';']).map(str::trim).filter(|c| !c.is_empty()) {
        let code = credit_code::validate(c).map_err(|error| PoolRefusal::ServedCode { code: c.to_string(), error })?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// An expert with nothing recorded yet (the base a new entry is read onto).
pub fn blank() -> Expert {
    Expert {
        name: String::new(),
        unit: String::new(),
        field: Field::Other,
        industry: String::new(),
        title: String::new(),
        term_until: None,
        served: vec![],
        public_key: None,
        retired_on: None,
    }
}

impl ExpertEntry {
    /// `base` with what was typed over it, each field checked; its public key and retirement are kept.
    pub fn apply(&self, base: Expert) -> Result<Expert, PoolRefusal> {
        let mut e = base;
        if let Some(v) = &self.name {
            e.name = name(v)?;
        }
        if let Some(v) = &self.unit {
            e.unit = unit(v)?;
        }
        if let Some(v) = &self.field {
            e.field = field(v)?;
        }
        if let Some(v) = &self.industry {
            e.industry = industry(v)?;
        }
        if let Some(v) = &self.title {
            e.title = title(v)?;
        }
        if let Some(v) = &self.term_until {
            e.term_until = term_until(v)?;
        }
        if let Some(v) = &self.served {
            e.served = served(v)?;
        }
        Ok(e)
    }

    /// A new expert: 姓名, 单位 and 专业领域 must be given.
    pub fn new_expert(&self) -> Result<Expert, PoolRefusal> {
        let e = self.apply(blank())?;
        name(&e.name)?;
        unit(&e.unit)?;
        field(self.field.as_deref().unwrap_or(""))?;
        Ok(e)
    }

    /// The entry of an expert as it is, every field given (what a form opens with).
    pub fn of(e: &Expert) -> ExpertEntry {
        ExpertEntry {
            name: Some(e.name.clone()),
            unit: Some(e.unit.clone()),
            field: Some(e.field.zh().to_string()),
            industry: Some(e.industry.clone()),
            title: Some(e.title.clone()),
            term_until: Some(e.term_until.clone().unwrap_or_default()),
            served: Some(e.served.join("；")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::explain::Explain;

    #[test]
    fn an_entry_is_read_field_by_field_and_a_refusal_names_its_field() {
        let entry = ExpertEntry {
            name: Some(" 王建国 ".into()),
            unit: Some("北京市环境科学研究院".into()),
            field: Some("能源".into()),
            industry: Some("c26".into()),
            title: Some("教授".into()),
            term_until: Some("2030-1-5".into()),
            served: Some("91350100M000100Y43；91350100m000100y43;91110000802100433B".into()),
        };
        let e = entry.new_expert().unwrap();
        assert_eq!((e.name.as_str(), e.field, e.industry.as_str()), ("王建国", Field::Energy, "C26"));
        assert_eq!(e.term_until.as_deref(), Some("2030-01-05"));
        assert_eq!(e.served, ["91350100M000100Y43", "91110000802100433B"]);
        // Only what is given changes; the key and the retirement are kept.
        let kept = Expert { public_key: Some("k".into()), retired_on: Some("2026-01-01".into()), ..e.clone() };
        let edited =
            ExpertEntry { unit: Some("新单位".into()), term_until: Some(String::new()), ..Default::default() }
                .apply(kept)
                .unwrap();
        assert_eq!((edited.unit.as_str(), edited.term_until, edited.name.as_str()), ("新单位", None, "王建国"));
        assert_eq!((edited.public_key.as_deref(), edited.retired_on.as_deref()), (Some("k"), Some("2026-01-01")));

        let bad = ExpertEntry { served: Some("91350100M000100Y44".into()), ..entry.clone() }.new_expert();
        assert!(bad.unwrap_err().zh().starts_with("服务企业"));
        let bad = ExpertEntry { term_until: Some("2030-13-01".into()), ..entry.clone() }.new_expert();
        assert!(bad.unwrap_err().zh().contains("聘期至"));
        let bad = ExpertEntry { unit: Some(" ".into()), ..entry.clone() }.new_expert();
        assert_eq!(bad.unwrap_err().zh(), "请填写单位");
        let bad = ExpertEntry { field: Some("化工".into()), ..entry.clone() }.new_expert();
        assert!(bad.unwrap_err().zh().contains("“化工”"));
        assert_eq!(ExpertEntry::of(&e).apply(blank()).unwrap(), e);
        assert!(
            ExpertEntry { name: Some("甲".into()), unit: Some("乙".into()), ..Default::default() }
                .new_expert()
                .is_err()
        );
    }
}
