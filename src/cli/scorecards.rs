//! `yanshou scorecards …` and the text form of an evaluation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use yanshou::builtin::{builtin_files, files_in, guess_kind, read_file};
use yanshou::domain::scorecard::{CardKind, Catalog, DataFile, PanelCheck, Scorecard, VetoTrigger};
use yanshou::domain::scoring::Evaluation;

use anyhow::{Result, bail};
use clap::Subcommand;

use super::context::Context;
use super::text::pad;

#[derive(Subcommand, Debug)]
pub enum ScorecardsCommand {
    /// List every loaded sheet.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one sheet: sections, items, facts, bonuses, vetoes, grades, notes and the province's panel rules.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate the built-in sheets (and the data directory's), or the named files.
    Validate { files: Vec<PathBuf> },
}

/// `yanshou scorecards …`.
pub fn run(cx: &Context, command: ScorecardsCommand) -> Result<ExitCode> {
    match command {
        ScorecardsCommand::List { json } => {
            let catalog = cx.catalog();
            if json {
                println!("{}", serde_json::to_string_pretty(&list_json(&catalog))?);
            } else {
                print!("{}", list_text(&catalog));
            }
            Ok(ExitCode::SUCCESS)
        }
        ScorecardsCommand::Show { id, json } => {
            let catalog = cx.catalog();
            let Some(card) = catalog.scorecard(&id) else {
                bail!("no scorecard “{id}”; `yanshou scorecards list` shows the ids");
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&show_json(&catalog, card))?);
            } else {
                print!("{}", show_text(&catalog, card));
            }
            Ok(ExitCode::SUCCESS)
        }
        ScorecardsCommand::Validate { files } => Ok(validate(cx.dir.as_deref(), &files)),
    }
}

/// How the result is decided, in a few words: the pass mark, the rules, or the panel.
fn pass_mark_text(card: &Scorecard) -> String {
    match (card.pass_mark(), card.outcome.decided_by) {
        (Some(g), _) => format!("{} {}", g.op.label(), g.score),
        (None, yanshou::domain::scorecard::DecidedBy::Rules) => "按规定条件".to_string(),
        (None, _) => "专家组判定".to_string(),
    }
}

pub fn list_text(catalog: &Catalog) -> String {
    let mut out = String::new();
    // The longest id sets the first column, so that no id is cut.
    let width = catalog.scorecards.iter().map(|c| c.id.len()).max().unwrap_or(2).max(2) + 2;
    let _ = writeln!(
        out,
        "{}{}{}{}{}标题",
        pad("ID", width),
        pad("省份", 8),
        pad("阶段", 6),
        pad("类型", 8),
        pad("判定", 14)
    );
    for c in &catalog.scorecards {
        let _ = writeln!(
            out,
            "{}{}{}{}{}{}",
            pad(&c.id, width),
            pad(&c.province, 8),
            pad(c.stage_label(), 6),
            pad(c.kind.label(), 8),
            pad(&pass_mark_text(c), 14),
            c.title
        );
    }
    let sheets = catalog.scorecards.iter().filter(|c| c.kind == CardKind::Sheet).count();
    let _ = writeln!(
        out,
        "评分表 {sheets} 份，无评分表的验收规则 {} 份，省级规则 {} 份。\n{sheets} score sheets, {} rules files; rules of {} provinces.",
        catalog.scorecards.len() - sheets,
        catalog.provinces.len(),
        catalog.scorecards.len() - sheets,
        catalog.provinces.len()
    );
    out
}

pub fn list_json(catalog: &Catalog) -> Value {
    Value::Array(
        catalog
            .scorecards
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "province": c.province,
                    "title": c.title,
                    "stage": c.stage,
                    "stage_label": c.stage_label(),
                    "track": c.track,
                    "kind": c.kind,
                    "decided_by": c.outcome.decided_by,
                    // A rules file has no points.
                    "max_total": (c.kind == CardKind::Sheet).then_some(c.max_total),
                    "source": c.source,
                    "document": c.document,
                    "items": c.scored_items().count(),
                    "pass_mark": c.pass_mark().map(|g| json!({"comparison": g.op, "score": g.score, "label": g.label})),
                    "origin": c.origin,
                })
            })
            .collect(),
    )
}

fn trigger_json(t: &Option<VetoTrigger>) -> Value {
    match t {
        None => Value::Null,
        Some(VetoTrigger::Total { op, score }) => json!({"on": "total", "comparison": op, "score": score}),
        Some(VetoTrigger::Fact(c)) => json!({"on": "fact", "fact": c.fact, "comparison": c.op, "value": c.value}),
    }
}

pub fn show_json(catalog: &Catalog, c: &Scorecard) -> Value {
    let rules: Vec<_> = catalog.rules_for(c).collect();
    json!({
        "id": c.id,
        "province": c.province,
        "title": c.title,
        "stage": c.stage,
        "stage_label": c.stage_label(),
        "track": c.track,
        "kind": c.kind,
        "source": c.source,
        "max_total": (c.kind == CardKind::Sheet).then_some(c.max_total),
        "outcome": c.outcome,
        "review_types": c.review_types,
        "requirements": c.requirements.iter().map(|r| json!({
            "id": r.id, "number": r.number, "group": r.group, "text": r.text, "source": r.source, "types": r.types,
        })).collect::<Vec<_>>(),
        "distinctions": c.distinctions,
        "contested": c.contested,
        "total_may_exceed_max": c.total_may_exceed_max,
        "document": c.document,
        "weights": c.weights,
        "vetoed_label": c.vetoed_label,
        "sections": c.sections,
        "items": c.scored_items().map(|i| json!({
            "id": i.id, "section": i.section, "parent": i.parent, "number": i.number, "title": i.title,
            "text": i.text, "max": i.points, "guidance": i.guidance, "rules": i.rules, "source": i.source,
            // Points as strings, as the printed levels are written: `["8", "4"]` (empty: any score to `max`).
            "levels": i.levels.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "tree": c.items.iter().map(|i| json!({
            "id": i.id, "section": i.section, "parent": i.parent, "number": i.number, "title": i.title,
            "points": i.points, "scored": i.scored, "depth": i.depth, "source": i.source,
        })).collect::<Vec<_>>(),
        "facts": c.facts,
        "bonuses": c.bonuses.iter().map(|b| json!({"id": b.id, "title": b.title, "min": b.min, "max": b.max, "source": b.source})).collect::<Vec<_>>(),
        "vetoes": c.vetoes.iter().map(|v| json!({
            "id": v.id, "number": v.number, "text": v.text, "source": v.source,
            "computed": v.computed.is_some(), "trigger": trigger_json(&v.computed),
        })).collect::<Vec<_>>(),
        "grades": c.grades.iter().map(|g| json!({
            "label": g.label, "comparison": g.op, "score": g.score, "passed": g.passed, "source": g.source,
        })).collect::<Vec<_>>(),
        "checklist": c.checklist,
        "notes": c.notes,
        "panel_rules": rules.iter().flat_map(|p| p.panel_rules_for(&c.id).map(move |r| json!({"province": p.province, "rule": r}))).collect::<Vec<_>>(),
        "recusal_reasons": rules.iter().flat_map(|p| p.recusal_reasons_for(&c.id).map(move |r| json!({"province": p.province, "reason": r}))).collect::<Vec<_>>(),
        "rights": rules.iter().flat_map(|p| p.rights_for(&c.id).map(move |r| json!({"province": p.province, "right": r}))).collect::<Vec<_>>(),
        "origin": c.origin,
    })
}

pub fn show_text(catalog: &Catalog, c: &Scorecard) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}  [{}]", c.title, c.id);
    let _ = writeln!(
        o,
        "省份 {}  阶段 {}  类别 {}  {}  来源 {}",
        c.province,
        c.stage_label(),
        c.track.label(),
        if c.kind == CardKind::Sheet {
            format!("满分 {}", c.max_total)
        } else {
            "无评分表（按规则认定）".to_string()
        },
        c.source
    );
    let d = &c.document;
    let _ = writeln!(
        o,
        "文件 {}{}{}  ({})",
        d.title,
        d.number.as_deref().map(|n| format!(" {n}")).unwrap_or_default(),
        d.attachment.as_deref().map(|a| format!(" {a}")).unwrap_or_default(),
        d.source
    );
    if let Some(w) = &c.weights {
        let _ = writeln!(o, "分值调整: {} ({})", w.text, w.source);
    }
    let _ = writeln!(o);
    for s in &c.sections {
        let _ = writeln!(o, "{} {}  {} 分  ({})", s.number, s.title, s.points, s.source);
        for i in c.items.iter().filter(|i| i.section == s.id) {
            let indent = "  ".repeat(i.depth + 1);
            let mark = if i.scored { "" } else { " (小计)" };
            let _ = writeln!(o, "{indent}[{}] {} {}  {} 分{mark}  ({})", i.id, i.number, i.title, i.points, i.source);
            if !i.levels.is_empty() {
                let levels: Vec<String> = i.levels.iter().map(|l| l.to_string()).collect();
                let _ = writeln!(o, "{indent}    只能评: {} 分", levels.join("、"));
            }
            if let Some(t) = &i.text {
                let _ = writeln!(o, "{indent}    要求: {t}");
            }
            for g in &i.guidance {
                let _ = writeln!(o, "{indent}    · {g}");
            }
            for r in &i.rules {
                let _ = writeln!(
                    o,
                    "{indent}    规则: 当 {} {} {} → {}: {} ({})",
                    r.when.fact,
                    r.when.op,
                    r.when.value,
                    match r.score {
                        yanshou::domain::scorecard::RuleScore::Max => "满分".to_string(),
                        yanshou::domain::scorecard::RuleScore::Points(p) => format!("{p} 分"),
                    },
                    r.text,
                    r.source
                );
            }
        }
    }
    if !c.facts.is_empty() {
        let _ = writeln!(o, "\n事实 (facts):");
        for f in &c.facts {
            let _ = writeln!(
                o,
                "  {} ({}{}) {} ({})",
                f.id,
                match f.kind {
                    yanshou::domain::scorecard::FactKind::Bool => "是/否",
                    _ => "数值",
                },
                f.unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default(),
                f.text,
                f.source
            );
        }
    }
    if !c.bonuses.is_empty() {
        let _ = writeln!(o, "\n加分:");
        for b in &c.bonuses {
            let _ = writeln!(o, "  {} {}  {}–{} 分 ({})", b.id, b.title, b.min, b.max, b.source);
        }
        let _ = writeln!(o, "  总分{}超过 {}", if c.total_may_exceed_max { "可以" } else { "不得" }, c.max_total);
    }
    if !c.review_types.is_empty() {
        let _ = writeln!(o, "\n验收类型（新建时选择）:");
        for t in &c.review_types {
            let _ = writeln!(o, "  {} {}：{} ({})", t.id, t.label, t.text, t.source);
        }
    }
    if !c.requirements.is_empty() {
        let _ = writeln!(o, "\n要求（专家组逐项认定是否满足；有一项不满足即不通过）:");
        for r in &c.requirements {
            let types = if r.types.is_empty() { String::new() } else { format!(" [仅 {}]", r.types.join("、")) };
            let _ = writeln!(o, "  {} {}{}{} ({})", r.id, r.number.as_deref().unwrap_or(""), r.text, types, r.source);
        }
    }
    for d in &c.distinctions {
        let _ = writeln!(o, "\n条件等级 {} {}：{} ({})", d.id, d.label, d.text, d.source);
    }
    let o_ = &c.outcome;
    let _ = writeln!(
        o,
        "\n判定: {}{}{}",
        o_.decided_by.label(),
        match (&o_.passed, &o_.failed) {
            (Some(p), Some(f)) => format!("（{p} / {f}）"),
            (Some(p), None) => format!("（{p}）"),
            (None, Some(f)) => format!("（{f}）"),
            (None, None) => String::new(),
        },
        o_.source.map(|s| format!(" ({s})")).unwrap_or_default()
    );
    for b in &c.contested {
        let sources: Vec<String> = b.sources.iter().map(|s| s.to_string()).collect();
        let _ = writeln!(o, "界限有争议: 总分 {} 分：{} ({})", b.score, b.text, sources.join("、"));
    }
    let _ = writeln!(o, "\n否决项:");
    if c.vetoes.is_empty() {
        let _ = writeln!(o, "  (本表未印否决项)");
    }
    for v in &c.vetoes {
        let auto = match &v.computed {
            None => String::new(),
            Some(VetoTrigger::Total { op, score }) => format!(" [自动: 总分 {op} {score}]"),
            Some(VetoTrigger::Fact(f)) => format!(" [自动: {} {} {}]", f.fact, f.op, f.value),
        };
        let _ = writeln!(o, "  {} {}{}{} ({})", v.id, v.number.as_deref().unwrap_or(""), v.text, auto, v.source);
    }
    let _ = writeln!(o, "\n等级:");
    if c.grades.is_empty() {
        let _ = writeln!(o, "  (本表未印合格线)");
    }
    for g in &c.grades {
        let _ = writeln!(
            o,
            "  {} 总分{} {} 分{} ({})",
            g.label,
            g.op.label(),
            g.score,
            if g.passed { "" } else { " (不通过)" },
            g.source
        );
    }
    if let Some(l) = &c.vetoed_label {
        let _ = writeln!(o, "  存在否决项时: {l}");
    }
    if !c.checklist.is_empty() {
        let _ = writeln!(o, "\n检查表 (不计分):");
        for e in &c.checklist {
            let _ = writeln!(
                o,
                "  {} {}{} ({})",
                e.id,
                e.group.as_deref().map(|g| format!("{g} / ")).unwrap_or_default(),
                e.text,
                e.source
            );
        }
    }
    for p in catalog.rules_for(c) {
        let rules: Vec<_> = p.panel_rules_for(&c.id).collect();
        let reasons: Vec<_> = p.recusal_reasons_for(&c.id).collect();
        let rights: Vec<_> = p.rights_for(&c.id).collect();
        if rules.is_empty() && reasons.is_empty() && rights.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{} 专家组规则:", p.province);
        for r in rules {
            let kind = match &r.check {
                PanelCheck::MinSize { value } => format!("至少 {value} 人"),
                PanelCheck::MaxSize { value } => format!("至多 {value} 人"),
                PanelCheck::Odd => "单数".to_string(),
                PanelCheck::Fields { fields } => format!("专业: {}", fields.join("、")),
                PanelCheck::Lead => "设组长".to_string(),
                PanelCheck::Text => "说明".to_string(),
            };
            let level = match r.level {
                yanshou::domain::scorecard::Level::Must => "必须",
                _ => "应",
            };
            let _ = writeln!(o, "  [{level}] {kind}: {} ({})", r.text, r.source);
        }
        for r in reasons {
            let _ = writeln!(o, "  回避: {} ({})", r.text, r.source);
        }
        for r in rights {
            let _ = writeln!(o, "  权利: {} ({})", r.text, r.source);
        }
    }
    if !c.notes.is_empty() {
        let _ = writeln!(o, "\n原文问题 (notes on the source):");
        for n in &c.notes {
            let cites: Vec<String> = n.sources.iter().map(|s| s.to_string()).collect();
            let _ = writeln!(o, "  [{}] {} ({})", n.kind.label(), n.text, cites.join(", "));
            if let Some(r) = &n.reading {
                let _ = writeln!(o, "      采用: {r}");
            }
            if let Some(p) = &n.panel {
                let _ = writeln!(o, "      专家组看到: {p}");
            }
        }
    }
    o
}

pub fn validate(data_dir: Option<&Path>, paths: &[PathBuf]) -> ExitCode {
    // A named file stands in for the built-in file of the same name, so that an edited copy of a built-in sheet
    // (scorecards/fujian-2008-acceptance.toml in a checkout) is checked as it is now, not against its old self.
    let mut files: Vec<DataFile> = builtin_files()
        .into_iter()
        .filter(|f| {
            let relative = f.name.trim_start_matches("built-in:scorecards/");
            !paths.iter().any(|p| p.ends_with(relative))
        })
        .collect();
    let mut errors = Vec::new();
    let named = !paths.is_empty();
    if named {
        for p in paths {
            match read_file(p, yanshou::domain::scorecard::FileKind::Scorecard) {
                Ok(mut f) => {
                    f.kind = guess_kind(&f.text);
                    files.push(f);
                }
                Err(e) => errors.push(e),
            }
        }
    } else if let Some(dir) = data_dir {
        let (extra, read_errors) = files_in(&dir.join("scorecards"));
        files.extend(extra);
        errors.extend(read_errors);
    }
    let (catalog, load_errors) = Catalog::load(&files);
    errors.extend(load_errors);
    if errors.is_empty() {
        if named {
            for p in paths {
                println!("ok  {}", p.display());
            }
        } else {
            for c in &catalog.scorecards {
                println!("ok  {}  ({}, {} items, {} notes)", c.id, c.origin, c.scored_items().count(), c.notes.len());
            }
            for p in &catalog.provinces {
                println!("ok  {}  ({})", p.province, p.origin);
            }
        }
        ExitCode::SUCCESS
    } else {
        for e in &errors {
            eprintln!("{}", super::printable(&super::without_os_codes(&e.to_string())));
        }
        eprintln!("{} problem(s) found.", errors.len());
        ExitCode::from(1)
    }
}

pub fn evaluation_text(card: &Scorecard, e: &Evaluation) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}  [{}]", card.title, card.id);
    let verdict = match (&e.conclusion, e.passed) {
        (Some(c), _) => c.clone(),
        (None, Some(true)) => "通过".to_string(),
        (None, Some(false)) => "不通过".to_string(),
        (None, None) => "由专家组判定（原文未规定合格线或判定标准；无否决项成立）".to_string(),
    };
    match (e.total, e.max_total, &e.total_exact) {
        (Some(total), Some(max), Some(exact)) => {
            let _ = writeln!(
                o,
                "专家组总分 {} / {max}  (精确值 {exact})  等级 {}  结论 {verdict}",
                total.display(),
                e.grade.as_deref().unwrap_or("—"),
            );
        }
        _ => {
            let _ = writeln!(o, "{}（无评分表，按规定认定）  结论 {verdict}", card.stage_label());
        }
    }
    for r in &e.requirements {
        let _ = writeln!(o, "要求 {}: {} — {}", r.id, r.text, if r.met { "满足" } else { "不满足" });
    }
    for c in &e.contested {
        let _ = writeln!(o, "注意: 总分恰为 {} 分，{}（{}）", c.score, c.text, c.sources.join("、"));
    }
    if let Some(pm) = &e.pass_mark {
        let _ = writeln!(o, "合格线: 总分 {} {} ({})", pm.op, pm.score, pm.label);
    }
    for v in &e.veto_details {
        let _ = writeln!(o, "否决: {} {}{} ({})", v.id, v.text, if v.computed { " [自动]" } else { "" }, v.source);
    }
    let _ = writeln!(o, "\n专家总分:");
    for x in &e.experts {
        let _ = writeln!(
            o,
            "  {}{}{}{}",
            pad(&x.name, 12),
            x.total,
            if x.bonus.tenths() > 0 { format!("  (含加分 {})", x.bonus) } else { String::new() },
            if x.capped { format!("  (封顶 {})", card.max_total) } else { String::new() }
        );
    }
    for r in &e.recused {
        let _ = writeln!(o, "  {}回避，不计分", pad(r, 12));
    }
    let _ = writeln!(o, "\n分项 (平均 / 满分):");
    for (s, r) in card.sections.iter().zip(&e.sections) {
        let _ = writeln!(o, "  {} {}  {} / {}", s.number, pad(&s.title, 36), r.score.display(), r.max);
    }
    let _ = writeln!(o, "\n条目 (平均  最低  最高  极差):");
    for r in &e.items {
        let title = card.item(&r.id).map(|i| i.title.as_str()).unwrap_or("");
        let _ = writeln!(
            o,
            "  {} {}{:>7} {:>5} {:>5} {:>5}{}",
            pad(&r.id, 8),
            pad(title, 30),
            r.mean.display(),
            r.min.to_string(),
            r.max_given.to_string(),
            r.spread.to_string(),
            r.settled_by.as_deref().map(|s| format!("  由事实确定: {s}")).unwrap_or_default()
        );
    }
    o
}
