//! Each expert on their own laptop (issue 17) in the terminal app: a review kit imported on an expert's laptop, a
//! personal score sheet imported on the lead's; a refusal is shown in the domain's Chinese words.

use std::path::Path;

use crate::bundle::personal::kit::{import_kit, kit_scorers, peek_kit};
use crate::bundle::personal::sheet::{SheetOutcome, import_sheet};
use crate::domain::explain::Explain;
use crate::domain::review::{missing, spreads};
use crate::tui::app::App;
use crate::tui::dialogs::{KitChoice, Modal, Report};
use crate::tui::screens::review::ReviewView;
use crate::tui::widgets::status::StatusKind;

/// The widest items shown in the spread (the report is one screen).
const SPREAD_LINES: usize = 10;

impl App {
    /// Reads and checks a review kit; then the dialog asks for whom it is imported (the panel's non-recused
    /// experts). A kit refused is said, and the dialog closes: nothing was written.
    pub(crate) fn read_kit_from(&mut self, path: &Path) {
        match peek_kit(path) {
            Ok((_, _, kit)) => {
                if let Some(Modal::Path(f)) = &mut self.state.modal {
                    f.experts = Some(KitChoice { path: path.to_path_buf(), names: kit_scorers(&kit), selected: 0 });
                }
                self.set_status(
                    format!(
                        "评审包核验通过（{}，组长 {}）：请选择本机为哪位专家评分",
                        kit.enterprise.name, kit.lead.name
                    ),
                    StatusKind::Info,
                );
            }
            Err(e) => {
                self.state.modal = None;
                self.set_status(format!("评审包未导入：{}", e.zh()), StatusKind::Error);
            }
        }
    }

    /// Imports a review kit for `expert`, the only one scored on this laptop, and says which review it became, or
    /// why it was refused.
    pub(crate) fn import_kit_from(&mut self, path: &Path, expert: &str) {
        self.state.modal = None;
        match import_kit(&mut self.store, &self.state.catalog, path, Some(expert)) {
            Ok((id, kit)) => {
                self.refresh_home();
                self.set_status(
                    format!(
                        "评审包已导入为评审 {id}：{}（组长 {}），本机为 {expert} 评分",
                        kit.enterprise.name, kit.lead.name
                    ),
                    StatusKind::Saved,
                );
            }
            Err(e) => self.set_status(format!("评审包未导入：{}", e.zh()), StatusKind::Error),
        }
    }

    /// Imports a personal score sheet and says what it did, or why it was refused (nothing changed then).
    pub(crate) fn import_sheet_from(&mut self, path: &Path) {
        self.state.modal = None;
        match import_sheet(&mut self.store, path) {
            Ok(SheetOutcome::Merged { review, expert, revision, .. }) => {
                self.refresh_home();
                self.reload();
                self.set_status(
                    format!("已并入评审 {review}：{expert} 的个人评分表第 {revision} 版"),
                    StatusKind::Saved,
                );
            }
            Ok(SheetOutcome::AlreadyIn { review, expert, revision }) => self.set_status(
                format!("评审 {review} 已有 {expert} 的个人评分表第 {revision} 版，未作改动"),
                StatusKind::Info,
            ),
            Err(e) => self.set_status(format!("个人评分表未导入：{}", e.zh()), StatusKind::Error),
        }
    }

    /// The experts whose personal sheets are in, by name, with revision and hash (newest imported revision each).
    fn sheets_in(&self, id: i64) -> Vec<(String, u32, String)> {
        let mut out: Vec<(String, u32, String)> = Vec::new();
        for s in self.store.personal_sheets(id).unwrap_or_default().into_iter().filter(|s| s.direction == "imported") {
            match out.iter_mut().find(|x| x.0 == s.expert) {
                Some(x) if x.1 < s.revision => *x = (s.expert, s.revision, s.sha256),
                Some(_) => {}
                None => out.push((s.expert, s.revision, s.sha256)),
            }
        }
        out
    }

    /// Whose scores the lead does not see yet: on the lead's laptop of a kit review, until every expert is in, the
    /// experts whose scores came from their signed sheets.
    pub(crate) fn hidden_scores(&self, v: &ReviewView) -> Vec<String> {
        let lead = self.store.kit(v.id).ok().flatten().is_some_and(|k| k.role == "lead");
        if !lead {
            return Vec::new();
        }
        let with: Vec<String> = self.sheets_in(v.id).into_iter().map(|s| s.0).collect();
        if missing(&v.r.card, &v.r.data, &with).is_empty() { Vec::new() } else { with }
    }

    /// The personal sheets of the open review: who is in and who is missing; once all are in, the spread per item.
    pub(crate) fn sheets_report(&self, v: &ReviewView) -> Report {
        let title = "个人评分表（独立评分）".to_string();
        let Some(kit) = self.store.kit(v.id).ok().flatten() else {
            let lines =
                vec!["本评审没有评审包：专家都在本机评分。如需各自在本机独立评分，请用 kit export 导出评审包。".into()];
            return Report { title, lines };
        };
        let sheets = self.sheets_in(v.id);
        let with: Vec<String> = sheets.iter().map(|s| s.0.clone()).collect();
        let (card, d) = (&v.r.card, &v.r.data);
        let mut lines = vec![format!("评审包 {}", &kit.kit_sha256[..16])];
        let missing = missing(card, d, &with);
        for e in d.scoring_experts() {
            let total = card.scored_items().count();
            let left = crate::domain::review::unscored(card, d, e.id).len();
            lines.push(match sheets.iter().find(|s| s.0 == e.name) {
                Some((_, rev, sha)) => format!("✓ {}：个人评分表第 {rev} 版（{}）", e.name, &sha[..16]),
                None if left == 0 => format!("✓ {}：在本机评完", e.name),
                None => format!("✗ {}：未交（本机已评 {}/{total}）", e.name, total - left),
            });
        }
        if !missing.is_empty() {
            lines.push(format!("尚未收齐：{}。收齐前不显示其他专家的评分。", missing.join("、")));
            return Report { title, lines };
        }
        let all = spreads(card, d);
        let wide: Vec<_> = all.iter().filter(|s| s.max > s.min).collect();
        if wide.is_empty() {
            lines.push("已全部收齐：各条目评分一致。".into());
        } else {
            lines.push(format!("已全部收齐。评分不一致的条目 {} 条（分差大者在前），专家组须讨论：", wide.len()));
            for s in wide.iter().take(SPREAD_LINES) {
                let each: Vec<String> = s.scores.iter().map(|(n, p)| format!("{n} {p}")).collect();
                lines.push(format!("  {}  最低 {} 最高 {}：{}", s.item, s.min, s.max, each.join("，")));
            }
            if wide.len() > SPREAD_LINES {
                lines.push(format!("  …另有 {} 条", wide.len() - SPREAD_LINES));
            }
        }
        Report { title, lines }
    }
}
