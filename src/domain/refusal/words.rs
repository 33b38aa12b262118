//! The words of every [`Refusal`]: Chinese for the panel, English as the command line has always printed it.

use super::Refusal;
use crate::domain::chars::{describe, half_width};
use crate::domain::explain::Explain;
use crate::domain::points::Points;
use crate::domain::refusal::DateError;

fn is_decimal(text: &str) -> bool {
    crate::domain::points::Decimal::parse(text.trim()).is_ok()
}

/// Points said as a list.
fn join(levels: &[Points], sep: &str) -> String {
    levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(sep)
}

impl Explain for Refusal {
    fn zh(&self) -> String {
        use Refusal::*;
        match self {
            Empty { field } => format!("请填写{}", field.zh()),
            TooLong { field, max, len } => format!("{}超过 {max} 个字（现有 {len} 个字），请删减", field.zh()),
            ControlCharacter { field, found } => {
                format!("{}含控制字符（U+{:04X}），请删除", field.zh(), *found as u32)
            }
            InvisibleCharacter { field, found } => format!(
                "{}含不可见的格式字符（U+{:04X}），它会让文字看起来与实际内容不同，请删除",
                field.zh(),
                *found as u32
            ),
            MultiLine { field } => format!("{}只能写一行", field.zh()),
            Date { field, error: DateError::Empty } => format!("请填写{}", field.zh()),
            Date { field, error } => format!("{}{}", field.zh(), error.zh()),
            Points { field, error } => format!("{}{}", field.zh(), error.zh()),
            CreditCode(e) => format!("统一社会信用代码：{}", e.zh()),

            TrackMismatch { sheet, sheet_track, track } => {
                format!("评分表 {sheet} 适用于{}审核，而企业的审核类别是{}", sheet_track.label(), track.label())
            }
            NotAReviewField { name } => format!(
                "“{name}”不是验收记录的字段：可修改 enterprise、credit-code、address、industry、agency、date 或 place"
            ),
            AlreadyFinalized { review } => format!("验收 {review} 已定稿"),
            NothingToReopen { review } => format!("验收 {review} 尚未定稿，无需重新打开"),
            Locked { review } => {
                format!("验收 {review} 已定稿并锁定：请先重新打开（yanshou review reopen {review} --reason …）")
            }

            NotAnExpertField { field, choices } => format!("专业“{field}”不在可选范围内：{}", choices.join("、")),
            ExpertOnPanel { name } => format!("专家 {name} 已在专家组中"),
            LeadTaken { lead, name } => format!("{lead} 已是组长：请先将 {name} 添加为成员，再指定为组长"),
            ExpertOnRecord { name } => format!("{name} 已有评分或回避记录，不能移除：请改为登记回避"),
            RecusedCannotLead { name } => format!("{name} 已回避，不能担任组长"),
            AlreadyRecused { name } => format!("{name} 已登记回避"),

            RecusedCannotScore { name } => format!("{name} 已回避，不能评分"),
            ScoresFromSheet { name } => {
                format!("{name} 的评分来自其签名的个人评分表，不能在此修改：请该专家修改后重新签名（新版本）再导入")
            }
            KitOtherExpert { name, own } => {
                format!("本评审由评审包导入，只评 {own} 本人的评分表，不能为 {name} 评分")
            }
            NotAnItem { item, sheet } => format!("“{item}”不是评分表 {sheet} 的条目"),
            HasSubItems { item } => format!("条目 {item} 有子项：请对各子项评分"),
            ScoreAboveMax { item, points, max } => format!("分数 {points} 超过本条满分 {max}（条目 {item}）"),
            SettledByFacts { item, settled } => {
                format!("条目 {item} 已由专家组填写的事实确定（{settled} 分）：如需评分，请修改该事实")
            }
            ReasonMissing { item, points, max } => {
                format!("扣了 {} 分，请写明扣分原因（条目 {item}）", *max - *points)
            }
            NoScore { name, item } => format!("{name} 没有条目 {item} 的评分"),
            NotAFact { fact, sheet, known } => format!(
                "“{fact}”不是评分表 {sheet} 的事实（其事实：{}）",
                if known.is_empty() { "无".to_string() } else { known.join("、") }
            ),
            FactYesNo { value, .. } => format!("事实“{value}”：请填“是”或“否”"),
            FactNotANumber { value, .. } if half_width(value).is_some_and(|h| is_decimal(&h)) => {
                format!("事实数值“{value}”含全角字符：请用半角数字输入 {}", half_width(value).unwrap_or_default())
            }
            FactNotANumber { value, .. } => format!("事实数值“{value}”不是数字（请用半角数字，如 12.5）"),
            NotABonus { bonus, sheet } => format!("“{bonus}”不是评分表 {sheet} 的加分项"),
            BonusOutOfRange { bonus, value, min, max, .. } => {
                format!("加分 {value} 超出本项范围 {min}–{max} 分（加分项 {bonus}）")
            }
            WeightsFixed { sheet } => format!("评分表 {sheet} 不允许专家组调整条目分值"),
            NotADirectItem { item, sheet } => format!("“{item}”不是评分表 {sheet} 中直接评分的条目"),
            WeightNotPositive { item } => format!("条目 {item} 的分值须大于 0"),
            ScoresAboveWeight { item, max, over } => format!(
                "条目 {item}：{} 的评分高于 {max} 分，请先修改这些评分",
                over.iter().map(|(n, p)| format!("{n}（{p} 分）")).collect::<Vec<_>>().join("、")
            ),
            NotAVeto { veto, sheet } => format!("“{veto}”不是评分表 {sheet} 的否决项"),
            VetoComputed { veto } => format!("否决项 {veto} 由评分或事实自动判定，不能手工回答"),
            VetoEvidenceMissing { veto } => format!("否决项 {veto}：认定为“是”须写明依据"),
            NotALevel { item, points, levels } => {
                format!("条目 {item} 只能评评分表所印的分档 {} 分，不能评 {points} 分", join(levels, "、"))
            }
            NotARequirement { requirement, sheet } => format!("“{requirement}”不是 {sheet} 的要求"),
            RequirementNotApplicable { requirement, review_type } => {
                format!("要求 {requirement} 不适用于本次的验收类型 {review_type}")
            }
            RequirementReasonMissing { requirement } => format!("要求 {requirement}：认定为“不满足”须写明原因"),
            NotADistinction { distinction, sheet } => format!("“{distinction}”不是 {sheet} 的条件等级"),
            DistinctionEvidenceMissing { distinction } => {
                format!("条件等级 {distinction}：认定为“符合”须写明依据")
            }
            ReviewTypeRequired { sheet, choices } => {
                format!("{sheet} 规定了验收类型，新建时须选择其一：{}", choices.join("、"))
            }
            NotAReviewType { review_type, sheet, choices } => {
                format!("“{review_type}”不是 {sheet} 的验收类型；可选：{}", choices.join("、"))
            }
            NoReviewTypes { sheet } => format!("{sheet} 没有规定验收类型，不能选择"),
            DecisionReasonMissing => "专家组判定的结论须写明理由".into(),

            NotFinalized { review } => format!("验收 {review} 尚未定稿：请先定稿，再签署或导出"),
            RecusedCannotSign { name } => format!("{name} 已回避，不能签署"),
            WrongRevision { signed, current } => {
                format!("签名针对第 {signed} 版，而验收结果当前是第 {current} 版")
            }
            AlreadySigned { name, dissent: false } => format!("{name} 已签署本版验收结果"),
            AlreadySigned { name, dissent: true } => format!("{name} 已对本版验收结果提交个人书面意见"),
            KeyOfAnother { key, other, name } => {
                format!("密钥 {key} 已为 {other} 签署本版验收结果：{name} 须用本人的密钥签署")
            }
            KeyNamesAnother { owner, name } => format!(
                "这把密钥的文件写明属于 {owner}，不能为 {name} 签署：请用 {name} 本人的密钥（本机的受信名单也未把这把密钥登记在 {name} 名下）"
            ),

            NewerSchema { path, version, current } => format!(
                "数据库 {path} 由更新版本的 yanshou 写入（结构版本 {version}），本版本只能读取到结构版本 {current}：请升级 yanshou"
            ),
        }
    }

    fn en(&self) -> String {
        use Refusal::*;
        match self {
            Empty { field } => format!("{} is empty", field.en()),
            TooLong { field, max, len } => format!("{} is longer than {max} characters ({len})", field.en()),
            ControlCharacter { field, found } => {
                format!("{} contains a control character ({})", field.en(), describe(*found))
            }
            InvisibleCharacter { field, found } => format!(
                "{} contains an invisible formatting character ({}), which can make text look like other text; remove it",
                field.en(),
                describe(*found)
            ),
            MultiLine { field } => format!("{} must be one line", field.en()),
            Date { field, error } => format!("{} {}", field.en(), error.en()),
            Points { field, error } => format!("{} {}", field.en(), error.en()),
            CreditCode(e) => e.en(),

            TrackMismatch { sheet, sheet_track, track } => format!(
                "sheet {sheet} is for {} audits; the enterprise's track is {}",
                sheet_track.label(),
                track.label()
            ),
            NotAReviewField { name } => format!(
                "“{name}” is not a field of a review; use enterprise, credit-code, address, industry, agency, date or place"
            ),
            AlreadyFinalized { review } => format!("review {review} is already finalized"),
            NothingToReopen { review } => format!("review {review} is not finalized; there is nothing to reopen"),
            Locked { review } => format!(
                "review {review} is finalized and locked; reopen it first (yanshou review reopen {review} --reason …)"
            ),

            // The command line has always said this one in Chinese.
            NotAnExpertField { .. } => self.zh(),
            ExpertOnPanel { name } => format!("expert {name} is already on the panel"),
            LeadTaken { lead, name } => {
                format!("{lead} is already the lead (组长); add {name} as a member, then make them lead")
            }
            ExpertOnRecord { name } => {
                format!("{name} has scores or a recusal on record and cannot be removed; record a recusal instead")
            }
            RecusedCannotLead { name } => format!("{name} has recused and cannot lead the panel"),
            AlreadyRecused { name } => format!("{name} has already recused"),

            RecusedCannotScore { name } => format!("{name} has recused (回避) and cannot score"),
            ScoresFromSheet { name } => format!(
                "{name}'s scores came from their signed personal score sheet and cannot be changed here: the expert \
                 changes them and signs a new revision, which is imported"
            ),
            KitOtherExpert { name, own } => format!(
                "this review was imported from a review kit for {own}, who scores only their own sheet here; {name} \
                 cannot be scored"
            ),
            NotAnItem { item, sheet } => format!("“{item}” is not an item of sheet {sheet}"),
            HasSubItems { item } => format!("item {item} has sub-items; score its sub-items"),
            ScoreAboveMax { item, points, max } => {
                format!("item {item}: score {points} is above the item's maximum {max}")
            }
            SettledByFacts { item, settled } => format!(
                "item {item} is settled by the facts the panel entered ({settled} points); change the fact to score it"
            ),
            ReasonMissing { item, points, max } => format!(
                "item {item}: {points} is below the maximum {max}; give the reason for the deduction (扣分原因)"
            ),
            NoScore { name, item } => format!("{name} has no score for item {item}"),
            NotAFact { fact, sheet, known } => format!(
                "“{fact}” is not a fact of sheet {sheet} (its facts: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
            FactYesNo { fact, text, .. } => format!("fact {fact} ({text}) is yes/no: give true or false"),
            FactNotANumber { fact, text, value } => format!(
                "fact {fact} ({text}): “{value}” is not a number{}",
                crate::domain::chars::half_width_hint(value)
            ),
            NotABonus { bonus, sheet } => format!("“{bonus}” is not a bonus of sheet {sheet}"),
            BonusOutOfRange { bonus, title, value, min, max } => {
                format!("bonus {bonus} ({title}): {value} is outside {min} to {max}")
            }
            WeightsFixed { sheet } => format!("sheet {sheet} does not allow the panel to adjust item points"),
            NotADirectItem { item, sheet } => format!("“{item}” is not a directly scored item of sheet {sheet}"),
            WeightNotPositive { item } => format!("item {item}: points must be more than 0"),
            ScoresAboveWeight { item, max, over } => format!(
                "item {item}: scores above {max} are entered by {}; change them first",
                over.iter().map(|(n, p)| format!("{n} ({p})")).collect::<Vec<_>>().join(", ")
            ),
            NotAVeto { veto, sheet } => format!("“{veto}” is not a veto of sheet {sheet}"),
            VetoComputed { veto } => {
                format!("veto {veto} is computed from the scores or facts; it is not answered by hand")
            }
            VetoEvidenceMissing { veto } => format!("veto {veto}: answering yes needs the evidence (--evidence)"),
            NotALevel { item, points, levels } => format!(
                "item {item}: the sheet prints fixed levels ({}); {points} is not one of them",
                join(levels, ", ")
            ),
            NotARequirement { requirement, sheet } => format!("“{requirement}” is not a requirement of {sheet}"),
            RequirementNotApplicable { requirement, review_type } => {
                format!("requirement {requirement} does not apply to this review's type {review_type}")
            }
            RequirementReasonMissing { requirement } => {
                format!("requirement {requirement}: finding it unmet needs the reason (--reason)")
            }
            NotADistinction { distinction, sheet } => format!("“{distinction}” is not a distinction of {sheet}"),
            DistinctionEvidenceMissing { distinction } => {
                format!("distinction {distinction}: finding it holds needs the evidence (--evidence)")
            }
            ReviewTypeRequired { sheet, choices } => {
                format!("{sheet} defines types of review; choose one with --type: {}", choices.join(", "))
            }
            NotAReviewType { review_type, sheet, choices } => {
                format!("“{review_type}” is not a review type of {sheet}; its types: {}", choices.join(", "))
            }
            NoReviewTypes { sheet } => format!("{sheet} defines no types of review"),
            DecisionReasonMissing => "the panel's own result needs its reason (--reason)".into(),

            NotFinalized { review } => {
                format!("review {review} is not finalized; finalize it before signing or exporting")
            }
            RecusedCannotSign { name } => format!("{name} has recused (回避) and cannot sign"),
            WrongRevision { signed, current } => {
                format!("the signature is for revision {signed} but the review is at revision {current}")
            }
            AlreadySigned { name, dissent } => {
                let what = if *dissent { "written a dissent on" } else { "signed" };
                format!("{name} has already {what} this version of the review")
            }
            KeyOfAnother { key, other, name } => {
                format!("key {key} has already signed this version for {other}; {name} must sign with their own key")
            }
            KeyNamesAnother { owner, name } => format!(
                "the key file names {owner} as the key's owner, not {name}; {name} must sign with their own key (the roster on this computer does not list this key as {name}'s)"
            ),

            NewerSchema { path, version, current } => format!(
                "the database {path} was written by a newer yanshou (schema {version}); this one reads up to schema {current}"
            ),
        }
    }
}
