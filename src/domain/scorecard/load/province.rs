//! Validating a province rules file: its documents, panel rules, recusal reasons and rights.

use std::collections::HashMap;

use super::super::model::*;
use super::super::raw::*;
use super::LoadErrors;
use super::parse::{Ctx, note, parse_toml};
use super::problem::{Part, Place, SheetProblem as P};

/// Parses and validates one province rules file.
pub fn parse_province(file: &str, text: &str) -> Result<ProvinceRules, LoadErrors> {
    let raw: RawProvince = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    if *raw.schema.get_ref() != 1 {
        ctx.err(raw.schema.span(), P::Schema { found: *raw.schema.get_ref() });
    }
    let mut ids = HashMap::new();
    let documents = raw
        .documents
        .iter()
        .map(|d| ProvinceDocument {
            id: ctx.id(&d.id, Part::Document, &mut ids),
            title: ctx.text(&d.title, Place::of(Part::Document).at("title")),
            number: d.number.clone(),
            source: ctx.citation(&d.source, Place::of(Part::Document)),
        })
        .collect();
    let sheets = |ctx: &mut Ctx, list: &[S<String>]| -> Vec<String> {
        list.iter().map(|s| ctx.text(s, Place::of(Part::Sheet).at("id"))).collect()
    };
    let mut rule_ids = HashMap::new();
    let mut panel_rules = Vec::new();
    for r in &raw.panel_rules {
        let rid = ctx.id(&r.id, Part::PanelRule, &mut rule_ids);
        let value = |ctx: &mut Ctx| -> u32 {
            match &r.value {
                Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 99 => *v.get_ref() as u32,
                Some(v) => {
                    ctx.err(v.span(), P::PanelValue { rule: rid.clone(), value: *v.get_ref() });
                    1
                }
                None => {
                    ctx.err(r.kind.span(), P::PanelNeedsValue { rule: rid.clone(), kind: r.kind.get_ref().clone() });
                    1
                }
            }
        };
        let check = match r.kind.get_ref().as_str() {
            "min_size" => PanelCheck::MinSize { value: value(&mut ctx) },
            "max_size" => PanelCheck::MaxSize { value: value(&mut ctx) },
            "odd" => PanelCheck::Odd,
            "lead" => PanelCheck::Lead,
            "text" => PanelCheck::Text,
            "fields" => {
                let mut fields = Vec::new();
                match &r.fields {
                    Some(list) if !list.get_ref().is_empty() => {
                        for f in list.get_ref() {
                            if !FIELDS.contains(&f.get_ref().as_str()) {
                                ctx.err(f.span(), P::PanelField { rule: rid.clone(), field: f.get_ref().clone() });
                            }
                            fields.push(f.get_ref().clone());
                        }
                    }
                    _ => ctx.err(r.kind.span(), P::PanelNeedsFields { rule: rid.clone() }),
                }
                PanelCheck::Fields { fields }
            }
            other => {
                ctx.err(r.kind.span(), P::UnknownPanelKind { rule: rid.clone(), kind: other.to_string() });
                PanelCheck::Text
            }
        };
        let level = match r.level.get_ref().as_str() {
            "must" => Level::Must,
            "should" => Level::Should,
            other => {
                ctx.err(r.level.span(), P::UnknownLevel { rule: rid.clone(), level: other.to_string() });
                Level::Should
            }
        };
        panel_rules.push(PanelRule {
            id: rid.clone(),
            check,
            level,
            text: ctx.text(&r.text, Place::id(Part::PanelRule, &rid).at("text")),
            source: ctx.citation(&r.source, Place::id(Part::PanelRule, &rid)),
            sheets: sheets(&mut ctx, &r.sheets),
        });
    }
    let provisions = |ctx: &mut Ctx, list: &[RawProvision], what: Part| -> Vec<Provision> {
        let mut seen = HashMap::new();
        list.iter()
            .map(|p| {
                let pid = ctx.id(&p.id, what, &mut seen);
                Provision {
                    id: pid.clone(),
                    text: ctx.text(&p.text, Place::id(what, &pid).at("text")),
                    source: ctx.citation(&p.source, Place::id(what, &pid)),
                    sheets: sheets(ctx, &p.sheets),
                }
            })
            .collect()
    };
    let recusal_reasons = provisions(&mut ctx, &raw.recusal_reasons, Part::RecusalReason);
    let rights = provisions(&mut ctx, &raw.rights, Part::Right);
    let notes = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    let rules = ProvinceRules {
        province: ctx.text(&raw.province, Place::key("province")),
        source: ctx.citation(&raw.source, Place::of(Part::Province)),
        documents,
        panel_rules,
        recusal_reasons,
        rights,
        notes,
        origin: file.to_string(),
        text: text.to_string(),
    };
    ctx.finish(rules)
}
