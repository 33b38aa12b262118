//! Why a review kit or a personal score sheet is refused — on export, import, signing or merging — as typed values
//! naming the review, the expert, the revision or the key, said in Chinese and English by one [`Explain`].

use crate::domain::explain::Explain;
use crate::files::archive::ArchiveError;

#[derive(Debug, thiserror::Error)]
pub enum PersonalError {
    #[error("{0}")]
    Archive(ArchiveError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Key(#[from] crate::bundle::keys::KeyError),
    #[error(transparent)]
    Sign(#[from] crate::bundle::sign::SignError),
    #[error("this is not a {} file: it holds {found}", kind_en(file))]
    NotThisKind { file: String, found: String },
    #[error("{file} has no signature file ({file}.minisig) beside it")]
    NoSignature { file: String },
    #[error("{file} is not a {} yanshou reads: {message}", kind_en(file))]
    Unreadable { file: String, message: String },
    #[error("{file} is not in canonical form (RFC 8785): it was changed after signing")]
    NotCanonical { file: String },
    #[error(
        "the signature of {file} does not verify ({error}): it was changed after signing, or signed by another key"
    )]
    BadSignature { file: String, error: String },
    #[error("the kit is signed with key {key} of {lead}, which the roster installed here does not list as {lead}'s")]
    LeadNotTrusted { lead: String, key: String },
    #[error("the kit's panel has no lead (组长), or the lead has recused; a kit is signed by the panel's lead")]
    NoLead,
    #[error("the kit of review {uid} was already imported here (review {review})")]
    KitAlreadyImported { uid: String, review: i64 },
    #[error("review {review} has no review kit exported or imported here; export one with `kit export` first")]
    NoKit { review: i64 },
    #[error("the sheet is for review {uid}, which is not here: a sheet for another review")]
    OtherReview { uid: String },
    #[error("{expert}'s sheet was scored from another kit ({kit}) than the one exported for this review ({current})")]
    OtherKit { expert: String, kit: String, current: String },
    #[error("{expert} is not on the panel of this review")]
    NotOnPanel { expert: String },
    #[error(
        "a kit is imported for one expert, who alone scores on this laptop: give --expert NAME, one of {}",
        .names.join(", ")
    )]
    ExpertNotGiven { names: Vec<String> },
    #[error("{expert} has recused (回避): a recused expert's sheet is not taken")]
    Recused { expert: String },
    #[error("{expert}'s sheet is signed with key {key}, which is not {expert}'s key on the panel (nor on the roster)")]
    KeyNotInPanel { expert: String, key: String },
    #[error("{expert}'s sheet revision {revision} is older than revision {current}, which is already in (a replay)")]
    Replay { expert: String, revision: u32, current: u32 },
    #[error(
        "{expert}'s sheet revision {revision} differs from the revision {revision} already in; a changed sheet is signed as a new revision"
    )]
    Conflict { expert: String, revision: u32 },
    #[error("{expert} has not scored {}: a personal sheet is signed once every item is scored", .items.join(", "))]
    Unscored { expert: String, items: Vec<String> },
    #[error("{expert}'s scores do not pass the sheet: {message}")]
    ScoresRefused { expert: String, message: String, message_zh: String },
}

fn kind_en(file: &str) -> &'static str {
    if file == super::KIT_FILE { "review kit" } else { "personal score sheet" }
}

fn kind_zh(file: &str) -> &'static str {
    if file == super::KIT_FILE { "评审包" } else { "个人评分表" }
}

impl Explain for PersonalError {
    fn zh(&self) -> String {
        use PersonalError::*;
        match self {
            Archive(e) => e.zh(),
            Store(e) => e.zh(),
            Key(e) => e.zh(),
            Sign(e) => e.zh(),
            NotThisKind { file, found } => format!("这不是{}文件：其中是 {found}", kind_zh(file)),
            NoSignature { file } => format!("{file} 旁没有签名文件（{file}.minisig）"),
            Unreadable { file, message } => format!("{file} 不是 yanshou 可读的{}：{message}", kind_zh(file)),
            NotCanonical { file } => format!("{file} 不是规范格式（RFC 8785）：签名后被修改过"),
            BadSignature { file, error } => {
                format!("{file} 的签名验证不通过（{error}）：签名后被修改过，或由其他密钥签名")
            }
            LeadNotTrusted { lead, key } => {
                format!("评审包由 {lead} 的密钥 {key} 签名，但本机安装的受信名单未将该密钥登记为 {lead} 的")
            }
            NoLead => "评审包的专家组没有组长（或组长已回避）：评审包须由组长签名".into(),
            KitAlreadyImported { uid, review } => format!("评审 {uid} 的评审包已导入本机（评审 {review}）"),
            NoKit { review } => format!("评审 {review} 在本机没有导出或导入的评审包：请先用 kit export 导出"),
            OtherReview { uid } => format!("是另一评审的评分表：它属于评审 {}，本机没有这个评审", short(uid)),
            OtherKit { expert, kit, current } => {
                format!("{expert} 的评分表依据的评审包（{}）不是本评审导出的评审包（{}）", short(kit), short(current))
            }
            NotOnPanel { expert } => format!("{expert} 不在本评审的专家组中"),
            ExpertNotGiven { names } => format!(
                "评审包须导入给一位专家，本机只为该专家评分：请用 --expert 姓名 指明是 {} 中的哪一位（未导入任何内容）",
                names.join("、")
            ),
            Recused { expert } => format!("{expert} 已回避：不接受回避专家的评分表"),
            KeyNotInPanel { expert, key } => {
                format!("{expert} 的评分表由密钥 {key} 签名，该密钥不是专家组（或受信名单）中 {expert} 的密钥")
            }
            Replay { expert, revision, current } => {
                format!("{expert} 的评分表第 {revision} 版早于已导入的第 {current} 版（重放旧版本），不予接受")
            }
            Conflict { expert, revision } => format!(
                "{expert} 的评分表第 {revision} 版与已导入的第 {revision} 版内容不同：修改后的评分表须签为新版本"
            ),
            Unscored { expert, items } => {
                format!("{expert} 尚未对以下条目评分：{}；须全部评分后才能签署个人评分表", items.join("、"))
            }
            ScoresRefused { expert, message_zh, .. } => format!("{expert} 的评分不符合评分表：{message_zh}"),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// The first 16 hex digits of a hash, as the documents print it.
fn short(sha: &str) -> String {
    sha.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every refusal says itself in Chinese and English, and the Chinese is Chinese. Exhaustive: a new variant is not
    /// compiled until it has a sample here.
    #[test]
    fn every_refusal_has_its_words() {
        let expert = || "王建国".to_string();
        let all = vec![
            PersonalError::Archive(ArchiveError::Unreadable { message: "x".into() }),
            PersonalError::Store(crate::store::StoreError::NotFound(crate::store::Missing::Review(9))),
            PersonalError::Key(crate::bundle::keys::KeyError::Invalid("x".into())),
            PersonalError::Sign(crate::bundle::sign::SignError::Bad("x".into())),
            PersonalError::NotThisKind { file: super::super::KIT_FILE.into(), found: "payload.json".into() },
            PersonalError::NoSignature { file: "sheet.json".into() },
            PersonalError::Unreadable { file: "sheet.json".into(), message: "missing field".into() },
            PersonalError::NotCanonical { file: "sheet.json".into() },
            PersonalError::BadSignature { file: "sheet.json".into(), error: "签名验证不通过".into() },
            PersonalError::LeadNotTrusted { lead: expert(), key: "0123456789ABCDEF".into() },
            PersonalError::NoLead,
            PersonalError::KitAlreadyImported { uid: "abc".into(), review: 2 },
            PersonalError::NoKit { review: 2 },
            PersonalError::OtherReview { uid: "abc".into() },
            PersonalError::OtherKit { expert: expert(), kit: "aa".repeat(32), current: "bb".repeat(32) },
            PersonalError::NotOnPanel { expert: expert() },
            PersonalError::Recused { expert: expert() },
            PersonalError::ExpertNotGiven { names: vec![expert(), "李秀英".into()] },
            PersonalError::KeyNotInPanel { expert: expert(), key: "0123456789ABCDEF".into() },
            PersonalError::Replay { expert: expert(), revision: 1, current: 2 },
            PersonalError::Conflict { expert: expert(), revision: 2 },
            PersonalError::Unscored { expert: expert(), items: vec!["1.1".into()] },
            PersonalError::ScoresRefused {
                expert: expert(), message: "x".into(), message_zh: "分数超过满分".into()
            },
        ];
        for e in &all {
            use PersonalError::*;
            match e {
                Store(_) | Key(_) | Sign(_) => {}
                Archive(_) | NotThisKind { .. } | NoSignature { .. } | Unreadable { .. } | NotCanonical { .. } => {}
                BadSignature { .. } | LeadNotTrusted { .. } | NoLead | KitAlreadyImported { .. } | NoKit { .. } => {}
                OtherReview { .. } | OtherKit { .. } | NotOnPanel { .. } | Recused { .. } | KeyNotInPanel { .. } => {}
                Replay { .. } | Conflict { .. } | Unscored { .. } | ScoresRefused { .. } | ExpertNotGiven { .. } => {}
            }
            let (zh, en) = (e.zh(), e.en());
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
            assert!(!en.is_empty() && en != zh, "{en}");
        }
    }
}
