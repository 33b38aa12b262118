//! The words of a sheet or rules file problem: Chinese for the support unit writing the file, English as the command
//! line (`scorecards validate`) and the tests have always read it.

use super::super::model::FIELDS;
use super::problem::{Part, Place, SheetProblem};
use super::{FREE_TEXT_KEYS, LoadError, MAX_FILE_BYTES, MAX_KEY_CHARS, MAX_LINE_CHARS, MAX_TEXT_CHARS};
use crate::domain::explain::Explain;
use crate::domain::limits::grouped;

impl Explain for Part {
    fn zh(&self) -> String {
        match self {
            Part::Scorecard => "评分表",
            Part::Document => "依据文件",
            Part::Weights => "权重",
            Part::Section => "评分部分",
            Part::Fact => "事实",
            Part::Item => "评分项",
            Part::ItemRule => "评分项规则",
            Part::Bonus => "加分项",
            Part::Veto => "否决项",
            Part::Grade => "等级",
            Part::Checklist | Part::ChecklistEntry => "核查清单条目",
            Part::Note => "注释",
            Part::Province => "省份规则",
            Part::PanelRule => "专家组规则",
            Part::RecusalReason => "回避事由",
            Part::Right => "权利",
            Part::Sheet => "评分表",
            Part::Outcome => "结果判定",
            Part::Requirement => "要求",
            Part::ReviewType => "验收类型",
            Part::Distinction => "条件等级",
            Part::Contested => "争议界限",
        }
        .into()
    }

    fn en(&self) -> String {
        match self {
            Part::Scorecard => "scorecard",
            Part::Document => "document",
            Part::Weights => "weights",
            Part::Section => "section",
            Part::Fact => "fact",
            Part::Item | Part::ItemRule => "item",
            Part::Bonus => "bonus",
            Part::Veto => "veto",
            Part::Grade => "grade",
            Part::Checklist => "checklist",
            Part::ChecklistEntry => "checklist entry",
            Part::Note => "note",
            Part::Province => "province",
            Part::PanelRule => "panel rule",
            Part::RecusalReason => "recusal reason",
            Part::Right => "right",
            Part::Sheet => "sheet",
            Part::Outcome => "outcome",
            Part::Requirement => "requirement",
            Part::ReviewType => "review type",
            Part::Distinction => "distinction",
            Part::Contested => "contested boundary",
        }
        .into()
    }
}

impl Explain for Place {
    fn zh(&self) -> String {
        let part = self.part.map(|p| match &self.id {
            Some(id) => format!("{} {id}", p.zh()),
            None => p.zh(),
        });
        match (part, self.key) {
            (Some(p), Some(k)) => format!("{p} 的 {k}"),
            (Some(p), None) => p,
            (None, Some(k)) => k.to_string(),
            (None, None) => String::new(),
        }
    }

    fn en(&self) -> String {
        let mut words = Vec::new();
        if let Some(part) = self.part {
            words.push(part.en());
            if let Some(id) = &self.id {
                words.push(id.clone());
            }
            if part == Part::ItemRule {
                words.push("rule".into());
            }
        }
        if let Some(key) = self.key {
            words.push(key.to_string());
        }
        words.join(" ")
    }
}

/// Where a value over its length is, as the length check has always named it: `title of items “1.1”`.
fn en_value_place(key: &str, table: &str, id: Option<&str>) -> String {
    match (table, id) {
        ("", _) => key.to_string(),
        (p, Some(id)) => format!("{key} of {p} “{id}”"),
        (p, None) => format!("{key} of {p}"),
    }
}

fn zh_value_place(key: &str, table: &str, id: Option<&str>) -> String {
    match (table, id) {
        ("", _) => key.to_string(),
        (p, Some(id)) => format!("{p}“{id}”的 {key}"),
        (p, None) => format!("{p} 的 {key}"),
    }
}

impl Explain for SheetProblem {
    fn zh(&self) -> String {
        use SheetProblem as P;
        let sum_hint = "（如果原文确实如此，请设置 accept_sum_mismatch = true 并添加注释）";
        match self {
            P::FolderUnreadable { reason } => format!("无法读取该目录：{reason}"),
            P::Unreadable { reason } => format!("无法读取该文件：{reason}"),
            P::ReadTooLarge { size, max, largest } => format!(
                "该文件超过评分表或规则文件允许的 {} 字节（{}；最大的内置文件为 {} 字节），未载入任何内容",
                grouped(*max),
                size.map_or_else(
                    || format!("可读内容超过 {} 字节", grouped(*max)),
                    |s| format!("实有 {} 字节", grouped(s))
                ),
                grouped(*largest)
            ),
            P::FileTooLarge { bytes } => {
                format!("该文件有 {bytes} 字节，超过评分表或规则文件允许的 {MAX_FILE_BYTES} 字节，未载入任何内容")
            }
            P::NotUtf8 { column, byte } => format!(
                "第 {column} 列：字节 0x{byte:02X} 不是 UTF-8 文本；请将文件另存为 UTF-8 编码（它可能被存成了 GBK 或其他编码）"
            ),
            P::Syntax { message } => format!("TOML 格式有误：{message}"),
            P::KeyTooLong { chars, table } => {
                let at = if table.is_empty() { String::new() } else { format!("（在 {table} 中）") };
                format!(
                    "键长 {chars} 个字符{at}：本格式的键都是 title、points 这样的短词（最多 {MAX_KEY_CHARS} 个字符）"
                )
            }
            P::ValueTooLong { key, table, id, chars, free } => {
                let place = zh_value_place(key, table, id.as_deref());
                let max = if *free { MAX_TEXT_CHARS } else { MAX_LINE_CHARS };
                let rule = if *free {
                    format!("长文本（{}）最多 {MAX_TEXT_CHARS} 个字符", FREE_TEXT_KEYS.join("、"))
                } else {
                    format!(
                        "单行内容最多 {MAX_LINE_CHARS} 个字符（只有 {} 可达 {MAX_TEXT_CHARS} 个字符）",
                        FREE_TEXT_KEYS.join("、")
                    )
                };
                format!("{place} 超过 {max} 个字符（{chars} 个）；{rule}")
            }
            P::Schema { found } => format!("不支持格式版本 {found}；本版本读取格式版本 1"),
            P::BadCitation { place, text } => {
                format!("{}：出处“{text}”不是对原文行号的引用；请写成 \"L123\" 或 \"L123-L130\"", place.zh())
            }
            P::Empty { place } => format!("{} 为空", place.zh()),
            P::BadId { part, id } => {
                format!("{}编号“{id}”须为 1 至 64 个小写 ASCII 字母、数字、'.'、'_' 或 '-'", part.zh())
            }
            P::IdTwice { part, id, first_line } => {
                format!("{}编号“{id}”用了两次（第一次在第 {first_line} 行）", part.zh())
            }
            P::UnknownNoteKind { kind } => format!(
                "注释类型“{kind}”未知；请使用 numbering_gap、sum_mismatch、conflict、no_pass_mark、ambiguity、duplicate 或 extraction"
            ),
            P::NoteWithoutSource => "注释须至少引用原文的一处".into(),
            P::PanelNoteNotChinese => "注释的 panel 是专家组在条目旁读到的说明：请用中文书写".into(),
            P::PanelNoteMultiLine => "注释的 panel 只能写一行".into(),
            P::PanelNoteCitesLines { found } => {
                format!("注释的 panel 不写原文行号（“{found}”）：出处写在 sources 中")
            }
            P::UnknownOp { text } => format!("比较符“{text}”未知；请使用 <、<=、>、>=、= 或 !="),
            P::UndeclaredFact { fact } => format!("事实“{fact}”未在 [[facts]] 中声明"),
            P::YesNoFactValue { fact } => format!("事实“{fact}”是“是/否”：请与 true 或 false 比较"),
            P::YesNoFactOp { fact } => format!("事实“{fact}”是“是/否”：只能用 = 和 != 比较"),
            P::NumberFactValue { fact } => format!("事实“{fact}”是数值：请与数字比较"),
            P::UnknownStage { stage } => {
                format!("阶段“{stage}”未知；请使用 \"acceptance\"（验收）或 \"assessment\"（评估）")
            }
            P::UnknownTrack { track } => {
                format!("类别“{track}”未知；请使用 \"voluntary\"、\"mandatory\" 或 \"any\"")
            }
            P::MaxTotalZero => "max_total 须大于 0".into(),
            P::NoSections => "评分表没有 [[sections]]".into(),
            P::UnknownFactKind { kind } => format!("事实类型“{kind}”未知；请使用 \"bool\" 或 \"number\""),
            P::ItemSectionUnknown { item, section } => {
                format!("评分项 {item}：部分“{section}”不是本表 [[sections]] 中的任何一个")
            }
            P::RuleAboveItem { item, points, max } => {
                format!("评分项 {item}：一条规则给 {points} 分，超过该项的 {max} 分")
            }
            P::RuleScoreWord { item, word } => format!("评分项 {item}：规则分值“{word}”须为分数或 \"max\""),
            P::ParentUnknown { item, parent } => format!("评分项 {item}：上级“{parent}”不是本表的评分项"),
            P::ParentOtherSection { item, parent } => format!("评分项 {item}：上级 {parent} 属于另一个部分"),
            P::ParentLoop { item } => format!("评分项 {item}：其上级构成了循环"),
            P::ScoredZero { item } => format!("评分项 {item}：直接评分的项须大于 0 分"),
            P::RulesOnParent { item } => {
                format!("评分项 {item}：该项有下级项，其规则永远不会生效；请把规则放到下级项上")
            }
            P::ItemSumMismatch { item, points, sum } => {
                format!("评分项 {item}：分值为 {points}，但其下级项合计 {sum}{sum_hint}")
            }
            P::SectionNoItems { section } => format!("部分 {section}：没有评分项"),
            P::SectionSumMismatch { section, points, sum } => {
                format!("部分 {section}：分值为 {points}，但其评分项合计 {sum}{sum_hint}")
            }
            P::TotalMismatch { max_total, sum } => format!("max_total 为 {max_total}，但各部分合计 {sum}"),
            P::BonusMinAboveMax { bonus, min, max } => format!("加分项 {bonus}：min {min} 大于 max {max}"),
            P::BonusMaxZero { bonus } => format!("加分项 {bonus}：max 须大于 0"),
            P::VetoNeedsOp { veto } => format!("否决项 {veto}：按总分计算的否决项需要 op，例如 op = \"<\""),
            P::VetoAboveHighest { veto, score, highest } => {
                format!("否决项 {veto}：分数 {score} 高于可能的最高总分 {highest}")
            }
            P::VetoShape { veto } => {
                format!("否决项 {veto}：computed 须为针对总分的 {{ op, score }}，或 {{ fact, value }}（op 可选）")
            }
            P::GradeTwice { label } => format!("等级“{label}”列了两次"),
            P::GradeAboveHighest { label, score, highest } => {
                format!("等级“{label}”：分数 {score} 高于可能的最高总分 {highest}")
            }
            P::GradeNotBelow { label, op, score } => {
                format!("等级“{label}”（{} {score}）不低于它前面的档次：请从高到低列出各档", op.symbol())
            }
            P::GradeBelowNotLast { label, op } => format!("等级“{label}”：使用 {} 的档次必须是最后一档", op.symbol()),
            P::GradeGap { label, op, score, above, above_included } => format!(
                "等级“{label}”（{} {score}）与上一档（{} {above}）接不上：有些总分不属于任何一档",
                op.symbol(),
                if *above_included { ">=" } else { ">" }
            ),
            P::GradeBelowFirst { label, op } => format!("等级“{label}”：使用 {} 的档次上面必须还有一档", op.symbol()),
            P::GradeEquality { label, op } => {
                format!("等级“{label}”：档次只能用 >、>=、< 或 <= 比较，不能用 {}", op.symbol())
            }
            P::PassBelowFail { label } => format!("等级“{label}”为通过，却位于不通过的档次之下"),
            P::NoGrades => {
                "评分表没有 [[grades]]：如果原文没有规定合格线，请用类型为 \"no_pass_mark\" 的注释说明".into()
            }
            P::MismatchWithoutNote { section } => {
                format!("部分 {section}：accept_sum_mismatch 需要一条类型为 \"sum_mismatch\" 并引用原文的注释")
            }
            P::PanelValue { rule, value } => format!("专家组规则 {rule}：value {value} 须为 1 至 99 的专家人数"),
            P::PanelNeedsValue { rule, kind } => format!("专家组规则 {rule}：类型“{kind}”需要 value = N"),
            P::PanelField { rule, field } => {
                format!("专家组规则 {rule}：领域“{field}”不是 {} 之一", FIELDS.join("、"))
            }
            P::PanelNeedsFields { rule } => format!("专家组规则 {rule}：类型 \"fields\" 需要 fields = [...]"),
            P::UnknownPanelKind { rule, kind } => {
                format!("专家组规则 {rule}：类型“{kind}”未知；请使用 min_size、max_size、odd、fields、lead 或 text")
            }
            P::UnknownLevel { rule, level } => {
                format!("专家组规则 {rule}：级别“{level}”未知；请使用 \"must\" 或 \"should\"")
            }
            P::ProvinceTwice { province, other_file } => format!("{province}的规则已从 {other_file} 载入"),
            P::IdInOtherFile { id, other_file } => format!("评分表编号“{id}”已被 {other_file} 使用"),
            P::NoProvinceRules { province } => {
                format!("省份“{province}”没有规则文件（scorecards/provinces/*.toml，其中 province = \"{province}\"）")
            }
            P::SheetNotLoaded { rule, sheet } => format!("规则 {rule} 适用于评分表“{sheet}”，但该表未载入"),
            P::Rules(r) => r.zh(),
            P::Procedure(p) => p.zh(),
        }
    }

    fn en(&self) -> String {
        use SheetProblem as P;
        let sum_hint = "(if the source prints it so, set accept_sum_mismatch = true and add a note)";
        match self {
            P::FolderUnreadable { reason } => format!("cannot read the folder: {reason}"),
            P::Unreadable { reason } => format!("cannot read the file: {reason}"),
            P::ReadTooLarge { size, max, largest } => format!(
                "the file is larger than the {} bytes a score sheet or rules file may have ({}; the largest built-in \
                 one has {}); nothing of it was loaded",
                grouped(*max),
                size.map_or_else(
                    || format!("more than {} bytes were there to read", grouped(*max)),
                    |s| format!("it has {} bytes", grouped(s))
                ),
                grouped(*largest)
            ),
            P::FileTooLarge { bytes } => format!(
                "the file is {bytes} bytes, more than the {MAX_FILE_BYTES} a score sheet or rules file may have; \
                 nothing of it was loaded"
            ),
            P::NotUtf8 { column, byte } => format!(
                "column {column}: byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8 (it may have been saved \
                 as GBK or another encoding)"
            ),
            P::Syntax { message } => message.clone(),
            P::KeyTooLong { chars, table } => {
                let at = if table.is_empty() { String::new() } else { format!(" in {table}") };
                format!(
                    "a key of {chars} characters{at}: the format's keys are short words such as title or points (at \
                     most {MAX_KEY_CHARS} characters)"
                )
            }
            P::ValueTooLong { key, table, id, chars, free } => {
                let place = en_value_place(key, table, id.as_deref());
                let max = if *free { MAX_TEXT_CHARS } else { MAX_LINE_CHARS };
                let rule = if *free {
                    format!("free text ({}) takes at most {MAX_TEXT_CHARS} characters", FREE_TEXT_KEYS.join(", "))
                } else {
                    format!(
                        "a one-line value takes at most {MAX_LINE_CHARS} characters (only {} take up to \
                         {MAX_TEXT_CHARS})",
                        FREE_TEXT_KEYS.join(", ")
                    )
                };
                format!("{place} is longer than {max} characters ({chars}); {rule}")
            }
            P::Schema { found } => format!("schema {found} is not supported; this version reads schema 1"),
            P::BadCitation { place, text } => format!(
                "{}: source “{text}” is not a citation of the source lines; write it as \"L123\" or \"L123-L130\"",
                place.en()
            ),
            P::Empty { place } => format!("{} is empty", place.en()),
            P::BadId { part, id } => {
                format!("{} id “{id}” must be 1 to 64 lowercase ASCII letters, digits, '.', '_' or '-'", part.en())
            }
            P::IdTwice { part, id, first_line } => {
                format!("{} id “{id}” is used twice (first on line {first_line})", part.en())
            }
            P::UnknownNoteKind { kind } => format!(
                "note kind “{kind}” is unknown; use numbering_gap, sum_mismatch, conflict, no_pass_mark, ambiguity, \
                 duplicate or extraction"
            ),
            P::NoteWithoutSource => "a note must cite at least one place of the source".into(),
            P::PanelNoteNotChinese => {
                "a note's panel text is what the panel reads beside the item: write it in Chinese".into()
            }
            P::PanelNoteMultiLine => "a note's panel text is one line".into(),
            P::PanelNoteCitesLines { found } => {
                format!("a note's panel text cites no line of the source (“{found}”): the sources say where")
            }
            P::UnknownOp { text } => format!("comparison “{text}” is unknown; use <, <=, >, >=, = or !="),
            P::UndeclaredFact { fact } => format!("fact “{fact}” is not declared in [[facts]]"),
            P::YesNoFactValue { fact } => format!("fact “{fact}” is yes/no: compare it with true or false"),
            P::YesNoFactOp { fact } => format!("fact “{fact}” is yes/no: only = and != compare it"),
            P::NumberFactValue { fact } => format!("fact “{fact}” is a number: compare it with a number"),
            P::UnknownStage { stage } => {
                format!("stage “{stage}” is unknown; use \"acceptance\" (验收) or \"assessment\" (评估)")
            }
            P::UnknownTrack { track } => {
                format!("track “{track}” is unknown; use \"voluntary\", \"mandatory\" or \"any\"")
            }
            P::MaxTotalZero => "max_total must be more than 0".into(),
            P::NoSections => "the sheet has no [[sections]]".into(),
            P::UnknownFactKind { kind } => format!("fact kind “{kind}” is unknown; use \"bool\" or \"number\""),
            P::ItemSectionUnknown { item, section } => {
                format!("item {item}: section “{section}” is not one of the sheet's [[sections]]")
            }
            P::RuleAboveItem { item, points, max } => {
                format!("item {item}: a rule gives {points} points, more than the item's {max}")
            }
            P::RuleScoreWord { item, word } => {
                format!("item {item}: rule score “{word}” must be a number of points or \"max\"")
            }
            P::ParentUnknown { item, parent } => format!("item {item}: parent “{parent}” is not an item of this sheet"),
            P::ParentOtherSection { item, parent } => {
                format!("item {item}: parent {parent} belongs to another section")
            }
            P::ParentLoop { item } => format!("item {item}: its parents form a loop"),
            P::ScoredZero { item } => format!("item {item}: a scored item must carry more than 0 points"),
            P::RulesOnParent { item } => {
                format!("item {item}: has sub-items, so its rules would never apply; put them on the sub-items")
            }
            P::ItemSumMismatch { item, points, sum } => {
                format!("item {item}: points {points} but its sub-items add up to {sum} {sum_hint}")
            }
            P::SectionNoItems { section } => format!("section {section}: has no items"),
            P::SectionSumMismatch { section, points, sum } => {
                format!("section {section}: points {points} but its items add up to {sum} {sum_hint}")
            }
            P::TotalMismatch { max_total, sum } => format!("max_total is {max_total} but the sections add up to {sum}"),
            P::BonusMinAboveMax { bonus, min, max } => format!("bonus {bonus}: min {min} is more than max {max}"),
            P::BonusMaxZero { bonus } => format!("bonus {bonus}: max must be more than 0"),
            P::VetoNeedsOp { veto } => format!("veto {veto}: a computed veto on the total needs op, e.g. op = \"<\""),
            P::VetoAboveHighest { veto, score, highest } => {
                format!("veto {veto}: score {score} is above the highest possible total {highest}")
            }
            P::VetoShape { veto } => format!(
                "veto {veto}: computed must be either {{ op, score }} on the total or {{ fact, value }} (with an \
                 optional op)"
            ),
            P::GradeTwice { label } => format!("grade “{label}” is listed twice"),
            P::GradeAboveHighest { label, score, highest } => {
                format!("grade “{label}”: score {score} is above the highest possible total {highest}")
            }
            P::GradeNotBelow { label, op, score } => format!(
                "grade “{label}” ({} {score}) is not below the band before it: list bands from the top down",
                op.symbol()
            ),
            P::GradeBelowNotLast { label, op } => {
                format!("grade “{label}”: a band with {} must be the last one", op.symbol())
            }
            P::GradeGap { label, op, score, above, above_included } => format!(
                "grade “{label}” ({} {score}) does not meet the band above it ({} {above}): some totals would match \
                 no band",
                op.symbol(),
                if *above_included { ">=" } else { ">" }
            ),
            P::GradeBelowFirst { label, op } => {
                format!("grade “{label}”: a band with {} needs a band above it", op.symbol())
            }
            P::GradeEquality { label, op } => {
                format!("grade “{label}”: bands compare with >, >=, < or <=, not {}", op.symbol())
            }
            P::PassBelowFail { label } => format!("grade “{label}” passes but lies below a failing band"),
            P::NoGrades => {
                "the sheet has no [[grades]]: if it prints no pass mark, say so in a note of kind \"no_pass_mark\""
                    .into()
            }
            P::MismatchWithoutNote { section } => format!(
                "section {section}: accept_sum_mismatch needs a note of kind \"sum_mismatch\" citing the source"
            ),
            P::PanelValue { rule, value } => {
                format!("panel rule {rule}: value {value} must be a number of experts from 1 to 99")
            }
            P::PanelNeedsValue { rule, kind } => format!("panel rule {rule}: kind “{kind}” needs value = N"),
            P::PanelField { rule, field } => {
                format!("panel rule {rule}: field “{field}” is not one of {}", FIELDS.join("、"))
            }
            P::PanelNeedsFields { rule } => format!("panel rule {rule}: kind \"fields\" needs fields = [...]"),
            P::UnknownPanelKind { rule, kind } => format!(
                "panel rule {rule}: kind “{kind}” is unknown; use min_size, max_size, odd, fields, lead or text"
            ),
            P::UnknownLevel { rule, level } => {
                format!("panel rule {rule}: level “{level}” is unknown; use \"must\" or \"should\"")
            }
            P::ProvinceTwice { province, other_file } => {
                format!("the rules of {province} are already loaded from {other_file}")
            }
            P::IdInOtherFile { id, other_file } => format!("scorecard id “{id}” is already used by {other_file}"),
            P::NoProvinceRules { province } => format!(
                "province “{province}” has no rules file (scorecards/provinces/*.toml with province = \"{province}\")"
            ),
            P::SheetNotLoaded { rule, sheet } => format!("rule {rule} applies to sheet “{sheet}”, which is not loaded"),
            P::Rules(r) => r.en(),
            P::Procedure(p) => p.en(),
        }
    }
}

impl Explain for LoadError {
    fn zh(&self) -> String {
        let file = &self.file;
        match (self.line, &*self.problem) {
            // Line 0: a problem of the whole file (it cannot be read, it is too large), said without a line.
            (0, p) => format!("{file}：{}", p.zh()),
            (line, SheetProblem::NotUtf8 { column, byte }) => format!(
                "{file} 第 {line} 行第 {column} 列：字节 0x{byte:02X} 不是 UTF-8 文本；请将文件另存为 UTF-8 编码（它可能被存成\
                 了 GBK 或其他编码）"
            ),
            (line, p) => format!("{file} 第 {line} 行：{}", p.zh()),
        }
    }

    fn en(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message())
        } else {
            format!("{}:{}: {}", self.file, self.line, self.message())
        }
    }
}

/// Every problem found, one a line.
impl Explain for super::LoadErrors {
    fn zh(&self) -> String {
        self.0.iter().map(Explain::zh).collect::<Vec<_>>().join("\n")
    }

    fn en(&self) -> String {
        self.to_string()
    }
}
