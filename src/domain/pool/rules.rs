//! The provinces' draw rules as data (`scorecards/draws/draw-rules.toml`): what each province prints about drawing a
//! panel (size, odd, the share drawn from the pool, the fields it must hold) and who is barred (recusal grounds), each
//! with the words and lines it comes from; and the support unit's choices where the province is silent. [`plan`]
//! puts both together into the numbers a draw fills, refusing what breaks a printed rule.

use serde::{Deserialize, Serialize};

use super::{Field, PoolRefusal};

/// Words of the source and the lines they stand on (`L2313-L2317`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    pub text: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRule {
    pub min: u32,
    pub odd: bool,
    pub text: String,
    pub source: String,
}

/// At least `num/den` of the panel is drawn from the pool (the rest the unit names outside the draw).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRule {
    pub num: u32,
    pub den: u32,
    pub text: String,
    pub source: String,
}

/// At least one expert of each field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    pub fields: Vec<Field>,
    pub text: String,
    pub source: String,
}

/// Why an expert is barred from a case's panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// The expert served or consulted for the enterprise (its credit code is among the expert's 服务企业).
    Served,
    /// An interest in the enterprise: the expert works for it (the expert's unit is the enterprise's name).
    Interest,
}

impl Ground {
    pub fn zh(self) -> &'static str {
        match self {
            Ground::Served => "曾为该企业提供清洁生产审核或咨询服务",
            Ground::Interest => "与该企业存在利益关系（在该企业任职）",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Ground::Served => "served or consulted for the enterprise",
            Ground::Interest => "has an interest in the enterprise (works for it)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecusalRule {
    pub ground: Ground,
    pub text: String,
    pub source: String,
}

/// What one province prints about drawing a panel; `None` and empty lists where it is silent (`silent` says what
/// was searched, in Chinese).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceRules {
    pub province: String,
    #[serde(default)]
    pub silent: Vec<String>,
    #[serde(default)]
    pub draw: Option<Cited>,
    #[serde(default)]
    pub size: Option<SizeRule>,
    #[serde(default)]
    pub from_pool: Option<ShareRule>,
    #[serde(default)]
    pub fields: Option<FieldRule>,
    #[serde(default)]
    pub recusal: Vec<RecusalRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    schema: u32,
    provinces: Vec<ProvinceRules>,
}

/// Every province's draw rules in a rules file; a file that does not read gives its parser's words.
pub fn parse(text: &str) -> Result<Vec<ProvinceRules>, String> {
    let file: RulesFile = toml::from_str(text).map_err(|e| e.to_string())?;
    if file.schema != 1 {
        return Err(format!("schema {} is not 1", file.schema));
    }
    Ok(file.provinces)
}

/// The rules of `province` among `all`; a province the file does not list prints nothing on drawing a panel.
pub fn for_province(all: &[ProvinceRules], province: &str) -> ProvinceRules {
    all.iter().find(|r| r.province == province).cloned().unwrap_or_else(|| ProvinceRules {
        province: province.to_string(),
        silent: vec![format!(
            "{province}：资料汇编中未见专家组抽取、人数与回避的规定，所有数目由技术依托单位确定并记录。"
        )],
        ..Default::default()
    })
}

/// What the support unit decides where the province is silent (or, within a printed rule, where it leaves room):
/// the panel's size, how many of it are drawn from the pool, how many reserves, and grounds of exclusion the
/// province does not print. `None` leaves the number to the province's rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitChoices {
    pub size: Option<u32>,
    pub drawn: Option<u32>,
    pub reserves: u32,
    #[serde(default)]
    pub grounds: Vec<Ground>,
}

/// Who set a number or ground of a draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// The province's text (with `source`).
    Province,
    /// The support unit, where the province is silent or leaves room.
    Unit,
}

/// One rule a draw applied: what, the value, who set it, and the words and lines when the province did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applied {
    pub rule: String,
    pub value: String,
    pub by: By,
    pub text: Option<String>,
    pub source: Option<String>,
}

/// The numbers a draw fills: the panel's size, how many of it are drawn, one seat per required field (in the
/// rules' order), the reserves; and the grounds that exclude, each with who set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub size: u32,
    pub drawn: u32,
    pub quotas: Vec<Field>,
    pub reserves: u32,
    pub grounds: Vec<(Ground, Applied)>,
    pub applied: Vec<Applied>,
    /// The lines of the rule that sets the number drawn (size or share), `None` when the unit set it.
    pub size_source: Option<String>,
    /// The lines of the fields rule.
    pub fields_source: Option<String>,
}

fn cited(rule: &str, value: String, text: &str, source: &str) -> Applied {
    Applied { rule: rule.into(), value, by: By::Province, text: Some(text.into()), source: Some(source.into()) }
}

fn unit(rule: &str, value: String) -> Applied {
    Applied { rule: rule.into(), value, by: By::Unit, text: None, source: None }
}

/// The smallest whole number of `n` that is at least `num/den` of it.
pub fn share_of(n: u32, num: u32, den: u32) -> u32 {
    (u64::from(n) * u64::from(num)).div_ceil(u64::from(den.max(1))) as u32
}

/// The plan of a draw under a province's rules and the unit's choices; refused when a choice breaks a printed rule
/// or a number the province does not print is not given.
pub fn plan(rules: &ProvinceRules, choices: &UnitChoices) -> Result<Plan, PoolRefusal> {
    let mut applied = Vec::new();
    let size = match (choices.size, &rules.size) {
        (Some(n), Some(r)) => {
            if n < r.min {
                return Err(PoolRefusal::SizeBelowMinimum { size: n, min: r.min, source: r.source.clone() });
            }
            applied.push(cited("size_min", r.min.to_string(), &r.text, &r.source));
            applied.push(unit("size", n.to_string()));
            n
        }
        (None, Some(r)) => {
            applied.push(cited("size_min", r.min.to_string(), &r.text, &r.source));
            let n = if r.odd && r.min % 2 == 0 { r.min + 1 } else { r.min };
            applied.push(cited("size", n.to_string(), &r.text, &r.source));
            n
        }
        (Some(n), None) => {
            applied.push(unit("size", n.to_string()));
            n
        }
        (None, None) => return Err(PoolRefusal::SizeNeeded { province: rules.province.clone() }),
    };
    if size == 0 {
        return Err(PoolRefusal::SizeNeeded { province: rules.province.clone() });
    }
    if let Some(r) = &rules.size
        && r.odd
    {
        if size % 2 == 0 {
            return Err(PoolRefusal::SizeNotOdd { size, source: r.source.clone() });
        }
        applied.push(cited("odd", "单数".into(), &r.text, &r.source));
    }
    let drawn = match (&rules.from_pool, choices.drawn) {
        (Some(r), d) => {
            let least = share_of(size, r.num, r.den);
            let d = d.unwrap_or(size);
            if d < least {
                return Err(PoolRefusal::ShareTooSmall { drawn: d, size, least, source: r.source.clone() });
            }
            applied.push(cited("from_pool", format!("≥{}/{}（至少 {least} 人）", r.num, r.den), &r.text, &r.source));
            d
        }
        (None, Some(d)) => {
            applied.push(unit("drawn", d.to_string()));
            d
        }
        (None, None) => size,
    };
    if drawn > size || drawn == 0 {
        return Err(PoolRefusal::DrawnOutOfRange { drawn, size });
    }
    if let Some(d) = &rules.draw {
        applied.push(cited("random_draw", drawn.to_string(), &d.text, &d.source));
    }
    let mut quotas = Vec::new();
    if let Some(r) = &rules.fields {
        for f in &r.fields {
            applied.push(cited(&format!("field:{}", f.zh()), "≥1".into(), &r.text, &r.source));
            quotas.push(*f);
        }
        if quotas.len() as u32 > drawn {
            return Err(PoolRefusal::FieldsExceedDrawn {
                fields: quotas.len() as u32,
                drawn,
                source: r.source.clone(),
            });
        }
    }
    applied.push(unit("reserves", choices.reserves.to_string()));
    let mut grounds: Vec<(Ground, Applied)> = Vec::new();
    for r in &rules.recusal {
        if !grounds.iter().any(|(g, _)| *g == r.ground) {
            grounds.push((
                r.ground,
                cited(&format!("recusal:{:?}", r.ground).to_lowercase(), r.ground.zh().into(), &r.text, &r.source),
            ));
        }
    }
    for g in &choices.grounds {
        if !grounds.iter().any(|(h, _)| h == g) {
            grounds.push((*g, unit(&format!("recusal:{g:?}").to_lowercase(), g.zh().into())));
        }
    }
    applied.extend(grounds.iter().map(|(_, a)| a.clone()));
    let size_source = match (&rules.from_pool, &rules.size) {
        (Some(r), _) => Some(r.source.clone()),
        (None, Some(r)) => Some(r.source.clone()),
        _ => None,
    };
    let fields_source = rules.fields.as_ref().map(|r| r.source.clone());
    Ok(Plan { size, drawn, quotas, reserves: choices.reserves, grounds, applied, size_source, fields_source })
}
