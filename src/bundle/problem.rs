//! Every reason a bundle is refused on verification, as a typed value naming the file, the expert or the key, said in
//! Chinese and in English by one [`Explain`]: what the folder holds and whether the derived files are what the rest
//! renders, the hashes, the payload, the sheet, what the panel entered (the one check finalizing runs,
//! [`crate::domain::review::check`]) and every signature against the roster. The quarantine keeps both languages.

use serde::Serialize;

use super::documents::Difference;
use crate::domain::explain::{Explain, zh_list};
use crate::domain::refusal::Blocker;
use crate::domain::scorecard::LoadError;
use crate::files::archive::ArchiveError;

/// What an entry of a bundle folder is, as found on disk (a symbolic link is not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    File,
    Folder,
    Symlink,
    /// A device, named pipe or socket.
    Special,
}

impl EntryKind {
    pub(super) fn of(t: std::fs::FileType) -> EntryKind {
        if t.is_symlink() {
            EntryKind::Symlink
        } else if t.is_dir() {
            EntryKind::Folder
        } else if t.is_file() {
            EntryKind::File
        } else {
            EntryKind::Special
        }
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            EntryKind::File => "a file",
            EntryKind::Folder => "a folder",
            EntryKind::Symlink => "a symbolic link",
            EntryKind::Special => "a special file (a device, pipe or socket)",
        }
    }
}

impl EntryKind {
    /// What the entry is, in Chinese.
    pub(super) fn zh(self) -> &'static str {
        match self {
            EntryKind::File => "文件",
            EntryKind::Folder => "文件夹",
            EntryKind::Symlink => "符号链接",
            EntryKind::Special => "特殊文件（设备、管道或套接字）",
        }
    }
}

/// A reason to refuse a bundle.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    /// An entry on disk that the manifest does not list (an ignored OS file is not one: see [`os_junk`]).
    #[error("{}", unlisted(path, *kind))]
    Unlisted { path: String, kind: EntryKind },
    /// More unlisted entries than are named one by one.
    #[error("and {count} more entries that bundle.json does not list")]
    MoreUnlisted { count: usize },
    /// The manifest's bytes are not the ones export writes for what it says (reformatted, or a key given twice).
    #[error("bundle.json is not in the form yanshou writes it: it was edited after export")]
    ManifestNotAsWritten,
    /// A listed file that is none of a bundle's: not the payload or the sheet, not a signature or a dissent the
    /// manifest's entries name, and not a derived file.
    #[error("bundle.json lists {path}, which is not a file of a bundle (not signed, bound to the payload or rendered)")]
    NotOfTheBundle { path: String },
    /// A derived file that is not in the bundle.
    #[error("{path} is missing: every bundle holds it")]
    DerivedMissing { path: String },
    /// A derived file whose bytes differ from what the rest of the bundle renders.
    #[error(
        "{path} is not what yanshou renders from the rest of the bundle (it was changed after export): {difference}"
    )]
    DerivedDiffers { path: String, difference: Difference },
    #[error("bundle.json lists {path}, which is not in the bundle")]
    ListedMissing { path: String },
    #[error("{path} has been changed (its SHA-256 is {actual}, bundle.json says {expected})")]
    Changed { path: String, actual: String, expected: String },
    #[error("payload.json does not match the payload hash in bundle.json")]
    PayloadHashDiffers,
    #[error("payload.json is not a version 1 payload: {message}")]
    NotAPayload { message: String },
    #[error("payload.json is not in canonical form (RFC 8785): it was edited after signing")]
    PayloadNotCanonical,
    #[error("payload.json: unknown payload format {format} version {version}")]
    UnknownPayload { format: String, version: u32 },
    #[error("bundle.json and payload.json name different reviews or revisions")]
    ManifestAndPayloadDiffer,
    #[error("scorecard.toml is not the sheet the review was scored on (hash differs)")]
    SheetHashDiffers,
    #[error("scorecard.toml does not load: {}", en_lines(.0))]
    SheetDoesNotLoad(Vec<LoadError>),
    /// What the panel entered is not complete or consistent on the sheet: the reasons finalizing gives.
    #[error("the scores cannot be evaluated: {}", en_lines(.0))]
    Incomplete(Vec<Blocker>),
    #[error(
        "recomputation mismatch: the scores give {total} ({grade}), the signed result says {signed_total} ({signed_grade})"
    )]
    Mismatch { total: String, grade: String, signed_total: String, signed_grade: String },
    #[error("the panel and the recusals disagree about {name}")]
    RecusalsDisagree { name: String },
    #[error("{name} recused (回避) but scores of theirs are in the payload")]
    RecusedScores { name: String },
    #[error("{name} is not on the panel but scores of theirs are in the payload")]
    StrangerScores { name: String },
    #[error("bundle.json lists a signature by {name}, who is not on the panel")]
    SignerNotOnPanel { name: String },
    #[error("{name} recused (回避) but a signature of theirs is in the bundle")]
    RecusedSigned { name: String },
    #[error("{name} signed twice")]
    SignedTwice { name: String },
    #[error("the signature files of {name} are not listed in bundle.json")]
    SignatureFilesUnlisted { name: String },
    /// The public key the manifest gives for an expert does not read (the key reader's words).
    #[error("bundle.json: the public key of {name}: {error}")]
    PublicKeyUnreadable { name: String, error: String },
    #[error("bundle.json: the key id {key} of {name} does not belong to the public key given")]
    KeyIdMismatch { name: String, key: String },
    #[error("{name} signed with key {key}, which is not on the roster (unknown key)")]
    UnknownKey { name: String, key: String },
    #[error("{name}: key {key} in bundle.json differs from the roster's key of that id")]
    KeyDiffers { name: String, key: String },
    #[error("{name} signed with key {key}, which is revoked{}", .since.as_deref().map(|d| format!(" since {d}")).unwrap_or_default())]
    Revoked { name: String, key: String, since: Option<String> },
    #[error("key {key} belongs to {owner} on the roster, not to {name}")]
    KeyOfAnother { name: String, key: String, owner: String },
    #[error("{name}'s key {key} is valid from {from} to {until}, not on {date}")]
    KeyNotValid { name: String, key: String, from: String, until: String, date: String },
    /// A signature that does not verify: the signature checker's words in both languages.
    #[error("{name}'s signature {signature} of {signed} is not valid: {error}")]
    SignatureInvalid { name: String, signature: String, signed: String, error: String, error_zh: String },
    #[error(
        "{signature}, the signature of {name}, is not as yanshou writes it (its comment line or line ends were changed)"
    )]
    SignatureNotAsWritten { name: String, signature: String },
    #[error("{name}'s signature is not over payload.json")]
    NotOverPayload { name: String },
    #[error("{name}'s dissent does not reference this payload and expert")]
    DissentElsewhere { name: String },
    #[error("{name}'s dissent is not readable: {error}")]
    DissentUnreadable { name: String, error: String },
    #[error("bundle.json: unknown signature kind {kind} for {name}")]
    UnknownKind { name: String, kind: String },
    #[error("nobody has signed the payload")]
    NobodySigned,
    #[error("the payload lists {name}'s personal score sheet (revision {revision}), which the bundle does not carry")]
    PersonalSheetMissing { name: String, revision: u32 },
    #[error("{path}, {name}'s personal score sheet, is not readable: {error}")]
    PersonalSheetUnreadable { name: String, path: String, error: String },
    #[error(
        "{path} is not {name}'s personal score sheet of revision {revision} of this review, as the payload lists it"
    )]
    PersonalSheetElsewhere { name: String, path: String, revision: u32 },
    #[error("{path}: the signature of {name}'s personal score sheet does not verify ({error})")]
    PersonalSheetSignature { name: String, path: String, error: String, error_zh: String },
    #[error(
        "{path}: {name}'s personal score sheet is signed with key {key}, which the roster does not list as {name}'s"
    )]
    PersonalSheetKey { name: String, path: String, key: String },
    #[error("{name}'s score on item {item} in the payload is not the one of their signed personal score sheet")]
    PersonalSheetScores { name: String, item: String },
    /// The payload names a draw (`draw_sha256`) whose record the bundle does not carry.
    #[error("the payload names the panel's draw (record sha256 {sha256}) but the bundle has no draw/record.json")]
    DrawRecordMissing { sha256: String },
    #[error(
        "draw/record.json is not the draw record the payload names (its SHA-256 is {actual}, the payload's {expected})"
    )]
    DrawRecordChanged { actual: String, expected: String },
    #[error("draw/record.json is not a draw record as yanshou writes it: {error}")]
    DrawRecordUnreadable { error: String },
    /// Drawn again from the record alone, the draw does not give what the record says.
    #[error("the draw in draw/record.json does not re-run to its record: {error}")]
    DrawRerunDiffers { error: String, error_zh: String },
    #[error("the draw record is of the enterprise {drawn}, the review of {signed}")]
    DrawOtherEnterprise { drawn: String, signed: String },
    /// A substitution in the payload that the rule of substitution does not give on the record (not the next fitting
    /// reserve, or someone not on the panel then).
    #[error("the substitution of {out_name} by {in_name} in the payload is not the one the draw's rule gives: {error}")]
    SubstitutionNotByRule { out_name: String, in_name: String, error: String, error_zh: String },
    #[error("the payload lists substitutions but names no draw")]
    SubstitutionsWithoutDraw,
    /// A signer (or dissenter) who is neither on the drawn panel nor a recorded substitute.
    #[error("{name} signed but is neither on the drawn panel nor a recorded substitute")]
    SignerNotDrawn { name: String },
}

/// A name found on disk as it is shown in a message: control characters escaped, so that a file name cannot move the
/// cursor or clear the terminal of whoever reads the refusal.
pub(super) fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn unlisted(path: &str, kind: EntryKind) -> String {
    let path = shown(path);
    match kind {
        EntryKind::File => format!("{path} is not listed in bundle.json: a bundle holds only the files it lists"),
        EntryKind::Folder => format!("{path}/ is a folder that holds no file bundle.json lists"),
        EntryKind::Symlink | EntryKind::Special => format!(
            "{path} is {} that bundle.json does not list: a bundle holds only plain files and their folders",
            kind.describe()
        ),
    }
}

/// Several reasons in English, each on its own, joined by `; `.
fn en_lines<T: Explain>(items: &[T]) -> String {
    items.iter().map(Explain::en).collect::<Vec<_>>().join("; ")
}

/// Where a derived file differs from its rendering, in Chinese.
fn difference_zh(d: &Difference) -> String {
    match (d.found.is_empty(), d.expected.is_empty()) {
        (true, _) => format!("文件在第 {} 行提前结束，缺少“{}”", d.line, d.expected),
        (_, true) => format!("第 {} 行在应有内容之后多出“{}”", d.line, d.found),
        _ => format!("第 {} 行为“{}”，应为“{}”", d.line, d.found, d.expected),
    }
}

impl Explain for BundleProblem {
    fn zh(&self) -> String {
        match self {
            BundleProblem::Unlisted { path, kind } => {
                let path = shown(path);
                match kind {
                    EntryKind::File => format!("{path} 未列在 bundle.json 中：导出包只能包含其中列出的文件"),
                    EntryKind::Folder => format!("{path}/ 文件夹中没有 bundle.json 列出的文件"),
                    EntryKind::Symlink | EntryKind::Special => {
                        format!("{path} 是未列在 bundle.json 中的{}：导出包只能包含普通文件及其所在的文件夹", kind.zh())
                    }
                }
            }
            BundleProblem::MoreUnlisted { count } => format!("另有 {count} 个条目未列在 bundle.json 中"),
            BundleProblem::ManifestNotAsWritten => "bundle.json 与 yanshou 写出的形式不同：导出后被编辑过".into(),
            BundleProblem::NotOfTheBundle { path } => {
                format!("bundle.json 列出了 {path}，但它不是导出包的文件（既未签名，也未与载荷绑定，也不是生成的文件）")
            }
            BundleProblem::DerivedMissing { path } => format!("缺少 {path}：每个导出包都有这个文件"),
            BundleProblem::DerivedDiffers { path, difference } => format!(
                "{path} 与 yanshou 根据导出包其余内容生成的不同（导出后被改动过）：{}",
                difference_zh(difference)
            ),
            BundleProblem::ListedMissing { path } => format!("bundle.json 列出了 {path}，但导出包中没有这个文件"),
            BundleProblem::Changed { path, actual, expected } => {
                format!("{path} 被改动过（其 SHA-256 为 {actual}，bundle.json 记载为 {expected}）")
            }
            BundleProblem::PayloadHashDiffers => "payload.json 与 bundle.json 记载的载荷哈希不符".into(),
            BundleProblem::NotAPayload { message } => format!("payload.json 不是第 1 版的验收载荷：{message}"),
            BundleProblem::PayloadNotCanonical => "payload.json 不是规范形式（RFC 8785）：签名后被编辑过".into(),
            BundleProblem::UnknownPayload { format, version } => {
                format!("payload.json：未知的载荷格式 {format}（第 {version} 版）")
            }
            BundleProblem::ManifestAndPayloadDiffer => "bundle.json 与 payload.json 所指的验收或版本不同".into(),
            BundleProblem::SheetHashDiffers => "scorecard.toml 不是评审所用的评分表（哈希不同）".into(),
            BundleProblem::SheetDoesNotLoad(errors) => format!("scorecard.toml 无法读取：{}", zh_list(errors)),
            BundleProblem::Incomplete(blockers) => {
                format!("专家组填写的内容不完整或不一致，不能导入：{}", zh_list(blockers))
            }
            BundleProblem::Mismatch { total, grade, signed_total, signed_grade } => format!(
                "重新计算的结果与签名的结果不符：按评分为 {total} 分（{grade}），签名的结果为 {signed_total} 分（{signed_grade}）"
            ),
            BundleProblem::RecusalsDisagree { name } => format!("专家组名单与回避记录对 {name} 的记载不一致"),
            BundleProblem::RecusedScores { name } => format!("{name} 已回避，但载荷中有其评分"),
            BundleProblem::StrangerScores { name } => format!("{name} 不在专家组中，但载荷中有其评分"),
            BundleProblem::SignerNotOnPanel { name } => format!("bundle.json 列有 {name} 的签名，但其不在专家组中"),
            BundleProblem::RecusedSigned { name } => format!("{name} 已回避，但导出包中有其签名"),
            BundleProblem::SignedTwice { name } => format!("{name} 签名了两次"),
            BundleProblem::SignatureFilesUnlisted { name } => format!("{name} 的签名文件未列在 bundle.json 中"),
            BundleProblem::PublicKeyUnreadable { name, error } => {
                format!("bundle.json 中 {name} 的公钥无法读取：{error}")
            }
            BundleProblem::KeyIdMismatch { name, key } => {
                format!("bundle.json 中 {name} 的密钥编号 {key} 与所附公钥不符")
            }
            BundleProblem::UnknownKey { name, key } => {
                format!("{name} 使用的密钥 {key} 不在受信名单上（未知密钥）")
            }
            BundleProblem::KeyDiffers { name, key } => {
                format!("{name}：bundle.json 中的密钥 {key} 与受信名单上同一编号的密钥不同")
            }
            BundleProblem::Revoked { name, key, since } => format!(
                "{name} 使用的密钥 {key} 已被吊销{}",
                since.as_deref().map(|d| format!("（自 {d} 起）")).unwrap_or_default()
            ),
            BundleProblem::KeyOfAnother { name, key, owner } => {
                format!("受信名单上密钥 {key} 属于 {owner}，不属于 {name}")
            }
            BundleProblem::KeyNotValid { name, key, from, until, date } => {
                format!("{name} 的密钥 {key} 有效期为 {from} 至 {until}，{date} 不在有效期内")
            }
            BundleProblem::SignatureInvalid { name, signature, signed, error_zh, .. } => {
                format!("{name} 对 {signed} 的签名 {signature} 无效：{error_zh}")
            }
            BundleProblem::SignatureNotAsWritten { name, signature } => {
                format!("{name} 的签名 {signature} 与 yanshou 写出的形式不同（注释行或换行被改动过）")
            }
            BundleProblem::NotOverPayload { name } => format!("{name} 的签名不是对 payload.json 的签名"),
            BundleProblem::DissentElsewhere { name } => format!("{name} 的个人书面意见所指的不是本载荷或本人"),
            BundleProblem::DissentUnreadable { name, error } => format!("{name} 的个人书面意见无法读取：{error}"),
            BundleProblem::UnknownKind { name, kind } => format!("bundle.json：{name} 的签名类型 {kind} 未知"),
            BundleProblem::NobodySigned => "没有任何专家对载荷签名".into(),
            BundleProblem::PersonalSheetMissing { name, revision } => {
                format!("载荷列出了 {name} 的个人评分表（第 {revision} 版），但导出包中没有")
            }
            BundleProblem::PersonalSheetUnreadable { name, path, error } => {
                format!("{path}（{name} 的个人评分表）无法读取：{error}")
            }
            BundleProblem::PersonalSheetElsewhere { name, path, revision } => {
                format!("{path} 不是载荷所列的本评审 {name} 的第 {revision} 版个人评分表")
            }
            BundleProblem::PersonalSheetSignature { name, path, error_zh, .. } => {
                format!("{path}：{name} 的个人评分表签名验证不通过（{error_zh}），签名后被修改过")
            }
            BundleProblem::PersonalSheetKey { name, path, key } => {
                format!("{path}：{name} 的个人评分表由密钥 {key} 签名，受信名单未将该密钥登记为 {name} 的")
            }
            BundleProblem::PersonalSheetScores { name, item } => {
                format!("载荷中 {name} 对条目 {item} 的评分不是其签名的个人评分表中的评分")
            }
            BundleProblem::DrawRecordMissing { sha256 } => {
                format!("载荷写明专家组取自抽取记录（sha256 {sha256}），但导出包中没有 draw/record.json")
            }
            BundleProblem::DrawRecordChanged { actual, expected } => format!(
                "draw/record.json 不是载荷所写的抽取记录（其 SHA-256 为 {actual}，载荷所写为 {expected}），抽取记录被改动过"
            ),
            BundleProblem::DrawRecordUnreadable { error } => {
                format!("draw/record.json 不是 yanshou 写出的抽取记录：{error}")
            }
            BundleProblem::DrawRerunDiffers { error_zh, .. } => {
                format!("按 draw/record.json 重新抽取，结果与记录不符：{error_zh}")
            }
            BundleProblem::DrawOtherEnterprise { drawn, signed } => {
                format!("抽取记录是为企业 {drawn} 抽取的，本评审的企业是 {signed}")
            }
            BundleProblem::SubstitutionNotByRule { out_name, in_name, error_zh, .. } => {
                format!("载荷中由 {in_name} 替换 {out_name} 不是按抽取记录的替补规则得出的：{error_zh}")
            }
            BundleProblem::SubstitutionsWithoutDraw => "载荷列出了替补专家，却没有写明抽取记录".into(),
            BundleProblem::SignerNotDrawn { name } => {
                format!("{name} 签了名，但不是抽取的专家组成员，也不是记录的替补专家")
            }
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// Why a folder or an archive cannot be read as a bundle at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{dir}: cannot read bundle.json: {message}")]
    NoManifest { dir: String, message: String },
    #[error("bundle.json is not a yanshou bundle manifest: {message}")]
    NotAManifest { message: String },
    #[error("bundle.json: not a version 1 yanshou bundle")]
    NotVersion1,
    #[error("bundle.json names a file that is not a plain path inside the bundle: {name}")]
    BadName { name: String },
    #[error("bundle.json lists {name}, which is not in the bundle")]
    Missing { name: String },
    #[error("{name}: {message}")]
    Unreadable { name: String, message: String },
    /// A listed file (or a folder on its way) that is a link, a folder or a special file: it is not read, since a
    /// link could point anywhere and a pipe could block the reader.
    #[error("{} is {}, not a plain file: a bundle holds only plain files and their folders", shown(path), kind.describe())]
    NotAFile { path: String, kind: EntryKind },
    #[error("the bundle folder holds more than {limit} entries; a bundle holds a few dozen files")]
    TooManyEntries { limit: usize },
    #[error("the bundle has no payload.json")]
    NoPayload,
    #[error("the bundle has no scorecard.toml")]
    NoScorecard,
    #[error("scorecard.toml is not UTF-8")]
    ScorecardNotUtf8,
    /// The bundle's archive file is refused as an archive (before any of it is read as a bundle).
    #[error("{path}: {}", error.en())]
    Archive { path: String, error: ArchiveError },
}

impl Explain for ReadError {
    fn zh(&self) -> String {
        match self {
            ReadError::NoManifest { dir, message } => {
                format!("{dir}：无法读取 bundle.json：{}", super::without_os_codes(message))
            }
            ReadError::NotAManifest { message } => format!("bundle.json 不是 yanshou 导出包的清单：{message}"),
            ReadError::NotVersion1 => "bundle.json：不是第 1 版的 yanshou 导出包".into(),
            ReadError::BadName { name } => format!("bundle.json 列出的文件名不是导出包内的普通路径：{name}"),
            ReadError::Missing { name } => format!("bundle.json 列出了 {name}，但导出包中没有这个文件"),
            ReadError::Unreadable { name, message } => {
                format!("无法读取 {name}：{}", super::without_os_codes(message))
            }
            ReadError::NotAFile { path, kind } => {
                format!("{} 是{}，不是普通文件：导出包只能包含普通文件及其所在的文件夹", shown(path), kind.zh())
            }
            ReadError::TooManyEntries { limit } => {
                format!("导出包文件夹中的条目超过 {limit} 个；一个导出包只有几十个文件")
            }
            ReadError::NoPayload => "导出包中没有 payload.json".into(),
            ReadError::NoScorecard => "导出包中没有 scorecard.toml".into(),
            ReadError::ScorecardNotUtf8 => "scorecard.toml 不是 UTF-8 文本".into(),
            ReadError::Archive { path, error } => format!("{path}：{}", error.zh()),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}
