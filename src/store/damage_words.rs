//! The words of damage: each kind of [`Damage`] and the [`DamageReport`] in Chinese, for the panel and the support
//! unit; the English is the `Display` text the command line and the logs have always carried.

use std::path::PathBuf;

use super::damage::{Backups, Damage, DamageReport, Row, RowRef, Who};
use crate::domain::explain::Explain;

fn who(w: &Who) -> String {
    match &w.name {
        Some(n) => format!("专家 {n}"),
        None => format!("专家 #{}", w.expert_id),
    }
}

fn row(r: &RowRef) -> String {
    let n = r.review;
    let what = match &r.row {
        Row::Review => format!("验收 {n} 本身的记录（企业、日期、地点、状态、评分表和规定）"),
        Row::Expert(w) => format!("验收 {n} 专家组中的{}", who(w)),
        Row::Recusal(w) => format!("验收 {n} 中{}的回避记录", who(w)),
        Row::Score { expert, item } => format!("验收 {n} 中{}对条目 {item} 的评分", who(expert)),
        Row::Fact(id) => format!("验收 {n} 的事实 {id}"),
        Row::Bonus(id) => format!("验收 {n} 的加分项 {id}"),
        Row::Weight(item) => format!("验收 {n} 中条目 {item} 调整后的分值"),
        Row::Veto(id) => format!("验收 {n} 对否决项 {id} 的回答"),
        Row::Opinion => format!("验收 {n} 的验收意见"),
        Row::Result => format!("验收 {n} 定稿时记录的验收结果"),
        Row::SignIn { id, name: Some(m) } => format!("验收 {n} 的签到记录 {id}（{m}）"),
        Row::SignIn { id, name: None } => format!("验收 {n} 的签到记录 {id}"),
        Row::Signature { expert: Some(w), revision: Some(v), .. } => format!("验收 {n} 中{}对第 {v} 版的签名", who(w)),
        Row::Signature { id, .. } => format!("验收 {n} 的签名 {id}"),
        Row::Other => format!("验收 {n} 在表 {} 中的一行", r.table),
    };
    format!("{what}［{}］", r.key)
}

impl Explain for Damage {
    fn zh(&self) -> String {
        match self {
            Damage::File { detail: Some(d) } => format!("SQLite 发现文件已损坏（{d}）"),
            Damage::File { detail: None } => "SQLite 发现文件已损坏".into(),
            Damage::Schema { version, unexpected, missing, changed } => {
                let mut parts = Vec::new();
                if !unexpected.is_empty() {
                    parts.push(format!("不属于第 {version} 版的：{}", unexpected.join("、")));
                }
                if !missing.is_empty() {
                    parts.push(format!("缺少：{}", missing.join("、")));
                }
                if !changed.is_empty() {
                    parts.push(format!("被改动：{}", changed.join("、")));
                }
                let detail = if parts.is_empty() { String::new() } else { format!("（{}）", parts.join("；")) };
                format!("其表、索引和触发器与文件头所标的第 {version} 版数据库结构不符{detail}")
            }
            Damage::Version { found, current } => format!(
                "文件头标明数据库结构为第 {found} 版，比本 yanshou 的第 {current} 版新，但其表恰好是第 {current} 版的：版本号被改过"
            ),
            Damage::EntryChanged { seq } => format!("日志第 {seq} 条写入后被改动过"),
            Damage::EntriesDeleted { from, to } if from == to => format!("日志第 {from} 条被删除"),
            Damage::EntriesDeleted { from, to } => format!("日志第 {from} 至 {to} 条被删除"),
            Damage::EntryRewritten { seq } => format!("日志第 {seq} 条与前一条接不上（日志链被重写）"),
            Damage::LastEntriesDeleted { from, to } if from == to => format!("日志最后一条（第 {to} 条）被删除"),
            Damage::LastEntriesDeleted { from, to } => format!("日志最后几条（第 {from} 至 {to} 条）被删除"),
            Damage::HeadMismatch => "日志的链头与最后一条不符（日志被改动）".into(),
            Damage::HeadMissing => "日志的链头缺失（日志被改动）".into(),
            Damage::LogEmptied { count } => format!("日志的全部 {count} 条都被删除"),
            Damage::EntryUnreadable { seq } => format!("日志第 {seq} 条所记的写入内容无法读取"),
            Damage::RowChanged { row: r, seq } => {
                format!("{}在 yanshou 之外被改动：与日志第 {seq} 条所记不符", row(r))
            }
            Damage::RowDeleted { row: r, seq } => format!("{}在 yanshou 之外被删除（由日志第 {seq} 条写入）", row(r)),
            Damage::RowAdded { row: r, deleted_by: None } => {
                format!("{}是在 yanshou 之外添加的：没有任何日志条目写入它", row(r))
            }
            Damage::RowAdded { row: r, deleted_by: Some(seq) } => {
                format!("{}又出现了，而日志第 {seq} 条已将其删除", row(r))
            }
            Damage::SheetText { review } => {
                format!("验收 {review} 冻结的评分表被改动：其内容与冻结时的校验值不符")
            }
            Damage::Unreadable { detail } => format!("无法读取（{detail}）"),
            Damage::CaseRow(d) => d.zh(),
        }
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

/// At most this many kinds of damage are listed; the rest are counted (as in the English).
const LISTED: usize = 8;

impl DamageReport {
    /// The report in Chinese; `nothing_changed` says that nothing was changed (left out where the sentence before
    /// says it already).
    pub(super) fn zh_saying(&self, nothing_changed: bool) -> String {
        let path = self.file.display();
        let mut s = match self.damage.as_slice() {
            [Damage::File { detail }] => {
                let mut s = format!("数据库文件 {path} 已损坏，或不是 yanshou 的数据库");
                if let Some(d) = detail.as_deref().filter(|d| !d.is_empty()) {
                    s.push_str(&format!("（SQLite：{d}）"));
                }
                s
            }
            all => {
                let listed: Vec<String> = all.iter().take(LISTED).map(Explain::zh).collect();
                let mut s = format!("数据库文件 {path} 已损坏：{}", listed.join("；"));
                if all.len() > LISTED {
                    s.push_str(&format!("；另有 {} 处", all.len() - LISTED));
                }
                s
            }
        };
        s.push_str(if nothing_changed { "；未作任何修改。" } else { "。" });
        let file = self.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let bad = |damaged: &[(PathBuf, Damage)]| {
            damaged.iter().map(|(p, d)| format!("{}：{}", p.display(), d.zh())).collect::<Vec<_>>().join("；")
        };
        s.push_str(&match &self.backups {
            Backups::Good { path, damaged } if damaged.is_empty() => format!(
                "最近的备份是 {}（已检查，完好）：请用它覆盖 {file}（yanshou 暂不提供 restore-backup 命令）",
                path.display()
            ),
            Backups::Good { path, damaged } => format!(
                "较新的备份也已损坏（{}）；最近的完好备份是 {}：请用它覆盖 {file}（yanshou 暂不提供 restore-backup 命令）",
                bad(damaged),
                path.display()
            ),
            Backups::NoneGood { dir, damaged } => {
                format!("{} 中没有完好的备份（{}）：请用您自己保存的副本恢复 {file}", dir.display(), bad(damaged))
            }
            Backups::NoBackup { dir } => format!("{} 中没有备份：请用您自己保存的副本恢复 {file}", dir.display()),
        });
        s
    }
}

impl Explain for DamageReport {
    fn zh(&self) -> String {
        self.zh_saying(true)
    }

    fn en(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refusal::tests::check_words;

    fn w(name: Option<&str>) -> Who {
        Who { expert_id: 7, name: name.map(str::to_string) }
    }

    fn rows() -> Vec<RowRef> {
        let all = vec![
            Row::Review,
            Row::Expert(w(Some("王建国"))),
            Row::Recusal(w(None)),
            Row::Score { expert: w(Some("王建国")), item: "2.6".into() },
            Row::Fact("f1".into()),
            Row::Bonus("b1".into()),
            Row::Weight("1.1".into()),
            Row::Veto("v1".into()),
            Row::Opinion,
            Row::Result,
            Row::SignIn { id: 2, name: Some("李敏".into()) },
            Row::SignIn { id: 2, name: None },
            Row::Signature { id: 3, expert: Some(w(Some("王建国"))), revision: Some(1) },
            Row::Signature { id: 3, expert: None, revision: None },
            Row::Other,
        ];
        for r in &all {
            match r {
                Row::Review | Row::Expert(_) | Row::Recusal(_) | Row::Score { .. } | Row::Fact(_) => {}
                Row::Bonus(_) | Row::Weight(_) | Row::Veto(_) | Row::Opinion | Row::SignIn { .. } => {}
                Row::Signature { .. } | Row::Result | Row::Other => {}
            }
        }
        all.into_iter()
            .map(|row| RowRef { review: 1, table: "scores".into(), key: "scores/7/2.6".into(), row })
            .collect()
    }

    pub(crate) fn damages() -> Vec<Damage> {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut all = vec![
            Damage::File { detail: Some("SQLITE_CORRUPT".into()) },
            Damage::File { detail: None },
            Damage::Schema {
                version: 8,
                unexpected: names(&["t1"]),
                missing: names(&["i2"]),
                changed: names(&["tr3"]),
            },
            Damage::Schema { version: 8, unexpected: vec![], missing: vec![], changed: vec![] },
            Damage::Version { found: 9, current: 8 },
            Damage::EntryChanged { seq: 4 },
            Damage::EntriesDeleted { from: 4, to: 4 },
            Damage::EntriesDeleted { from: 4, to: 6 },
            Damage::EntryRewritten { seq: 4 },
            Damage::LastEntriesDeleted { from: 9, to: 9 },
            Damage::LastEntriesDeleted { from: 8, to: 9 },
            Damage::HeadMismatch,
            Damage::HeadMissing,
            Damage::LogEmptied { count: 12 },
            Damage::EntryUnreadable { seq: 4 },
            Damage::SheetText { review: 1 },
            Damage::Unreadable { detail: "EACCES".into() },
            Damage::CaseRow(crate::store::case_damage::CaseRowDamage {
                case: 3,
                table: "case_events".into(),
                key: "case_events/3/1/site_visit".into(),
                difference: crate::store::cases::CaseDifference::Changed { seq: 9 },
            }),
        ];
        for row in rows() {
            all.push(Damage::RowChanged { row: row.clone(), seq: 4 });
            all.push(Damage::RowDeleted { row: row.clone(), seq: 4 });
            all.push(Damage::RowAdded { row: row.clone(), deleted_by: None });
            all.push(Damage::RowAdded { row, deleted_by: Some(5) });
        }
        for d in &all {
            match d {
                Damage::File { .. } | Damage::Schema { .. } | Damage::Version { .. } | Damage::EntryChanged { .. } => {}
                Damage::EntriesDeleted { .. } | Damage::EntryRewritten { .. } | Damage::LastEntriesDeleted { .. } => {}
                Damage::HeadMismatch | Damage::HeadMissing | Damage::LogEmptied { .. } => {}
                Damage::EntryUnreadable { .. } | Damage::RowChanged { .. } | Damage::RowDeleted { .. } => {}
                Damage::RowAdded { .. } | Damage::SheetText { .. } | Damage::Unreadable { .. } => {}
                Damage::CaseRow(_) => {}
            }
        }
        all
    }

    pub(crate) fn reports() -> Vec<DamageReport> {
        let file = PathBuf::from("/data/yanshou.db");
        let damaged = vec![(PathBuf::from("/data/backups/b2.db"), Damage::HeadMissing)];
        let backups = vec![
            Backups::Good { path: "/data/backups/b1.db".into(), damaged: vec![] },
            Backups::Good { path: "/data/backups/b1.db".into(), damaged: damaged.clone() },
            Backups::NoneGood { dir: "/data/backups".into(), damaged },
            Backups::NoBackup { dir: "/data/backups".into() },
        ];
        for b in &backups {
            match b {
                Backups::Good { .. } | Backups::NoneGood { .. } | Backups::NoBackup { .. } => {}
            }
        }
        let mut all = Vec::new();
        for b in backups {
            all.push(DamageReport {
                file: file.clone(),
                damage: vec![Damage::File { detail: None }],
                backups: b.clone(),
            });
            all.push(DamageReport { file: file.clone(), damage: damages(), backups: b });
        }
        all
    }

    #[test]
    fn every_kind_of_damage_is_said_in_chinese_and_in_english() {
        for d in damages() {
            check_words(&format!("{d:?}"), &d);
        }
        for r in reports() {
            check_words(&format!("{r:?}"), &r);
            assert_eq!(r.en(), r.to_string());
        }
    }
}
