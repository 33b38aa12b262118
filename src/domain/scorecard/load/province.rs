//! Validating a province rules file: its documents, panel rules, recusal reasons and rights.

use std::collections::HashMap;

use super::super::model::*;
use super::super::raw::*;
use super::LoadErrors;
use super::parse::{Ctx, note, parse_toml};

/// Parses and validates one province rules file.
pub fn parse_province(file: &str, text: &str) -> Result<ProvinceRules, LoadErrors> {
    let raw: RawProvince = parse_toml(file, text)?;
    let mut ctx = Ctx::new(file, text);
    if *raw.schema.get_ref() != 1 {
        ctx.err(
            raw.schema.span(),
            format!("schema {} is not supported; this version reads schema 1", raw.schema.get_ref()),
        );
    }
    let mut ids = HashMap::new();
    let documents = raw
        .documents
        .iter()
        .map(|d| ProvinceDocument {
            id: ctx.id(&d.id, "document", &mut ids),
            title: ctx.text(&d.title, "document title"),
            number: d.number.clone(),
            source: ctx.citation(&d.source, "document"),
        })
        .collect();
    let sheets =
        |ctx: &mut Ctx, list: &[S<String>]| -> Vec<String> { list.iter().map(|s| ctx.text(s, "sheet id")).collect() };
    let mut rule_ids = HashMap::new();
    let mut panel_rules = Vec::new();
    for r in &raw.panel_rules {
        let rid = ctx.id(&r.id, "panel rule", &mut rule_ids);
        let value = |ctx: &mut Ctx| -> u32 {
            match &r.value {
                Some(v) if *v.get_ref() >= 1 && *v.get_ref() <= 99 => *v.get_ref() as u32,
                Some(v) => {
                    ctx.err(
                        v.span(),
                        format!("panel rule {rid}: value {} must be a number of experts from 1 to 99", v.get_ref()),
                    );
                    1
                }
                None => {
                    ctx.err(r.kind.span(), format!("panel rule {rid}: kind “{}” needs value = N", r.kind.get_ref()));
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
                                ctx.err(
                                    f.span(),
                                    format!(
                                        "panel rule {rid}: field “{}” is not one of {}",
                                        f.get_ref(),
                                        FIELDS.join("、")
                                    ),
                                );
                            }
                            fields.push(f.get_ref().clone());
                        }
                    }
                    _ => ctx.err(r.kind.span(), format!("panel rule {rid}: kind \"fields\" needs fields = [...]")),
                }
                PanelCheck::Fields { fields }
            }
            other => {
                ctx.err(
                    r.kind.span(),
                    format!(
                        "panel rule {rid}: kind “{other}” is unknown; use min_size, max_size, odd, fields, lead or text"
                    ),
                );
                PanelCheck::Text
            }
        };
        let level = match r.level.get_ref().as_str() {
            "must" => Level::Must,
            "should" => Level::Should,
            other => {
                ctx.err(
                    r.level.span(),
                    format!("panel rule {rid}: level “{other}” is unknown; use \"must\" or \"should\""),
                );
                Level::Should
            }
        };
        panel_rules.push(PanelRule {
            id: rid.clone(),
            check,
            level,
            text: ctx.text(&r.text, &format!("panel rule {rid} text")),
            source: ctx.citation(&r.source, &format!("panel rule {rid}")),
            sheets: sheets(&mut ctx, &r.sheets),
        });
    }
    let provisions = |ctx: &mut Ctx, list: &[RawProvision], what: &str| -> Vec<Provision> {
        let mut seen = HashMap::new();
        list.iter()
            .map(|p| {
                let pid = ctx.id(&p.id, what, &mut seen);
                Provision {
                    id: pid.clone(),
                    text: ctx.text(&p.text, &format!("{what} {pid} text")),
                    source: ctx.citation(&p.source, &format!("{what} {pid}")),
                    sheets: sheets(ctx, &p.sheets),
                }
            })
            .collect()
    };
    let recusal_reasons = provisions(&mut ctx, &raw.recusal_reasons, "recusal reason");
    let rights = provisions(&mut ctx, &raw.rights, "right");
    let notes = raw.notes.iter().map(|n| note(&mut ctx, n)).collect();
    let rules = ProvinceRules {
        province: ctx.text(&raw.province, "province"),
        source: ctx.citation(&raw.source, "province"),
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
