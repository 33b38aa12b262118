//! What the update does beyond one store call: reading a review or the lists again after a change, the summaries of
//! the review list, and the signing, export, import and compilation, which read and write files.

use std::path::Path;

use crate::bundle::compile::{CompileError, from_store, write_results_from};
use crate::bundle::draw::{draw_case, draw_case_of, os_seed};
use crate::bundle::export::{current_payload, export, sign_review, signers};
use crate::bundle::import::{find_bundles, import_bundles, trust_paths};
use crate::bundle::keys::{public_key_entry, read_public};
use crate::bundle::personal::{installed_roster, roster_key};
use crate::bundle::roster::Roster;
use crate::domain::explain::Explain;
use crate::domain::pool::entry::ExpertEntry;
use crate::domain::pool::record::{self, Preview};
use crate::domain::pool::rules::{self, UnitChoices};
use crate::domain::pool::{Expert, sorted_pool};
use crate::domain::review::Status;
use crate::domain::scorecard::CardKind;
use crate::domain::scoring::evaluate;
use crate::store::LoadedReview;
use crate::store::signing::ImportOutcome;
use crate::tui::action::Secret;
use crate::tui::app::App;
use crate::tui::dialogs::pool_expert::KEY_TEXT;
use crate::tui::dialogs::{Modal, Report};
use crate::tui::screens::draw::{CaseChoice, DrawView};
use crate::tui::screens::home::Summary;
use crate::tui::screens::pool::PoolView;
use crate::tui::screens::review::{ReviewView, SignState, Tab};
use crate::tui::screens::unit::{ImportRow, TrustProblem, UnitView};
use crate::tui::state::Screen;
use crate::tui::widgets::status::StatusKind;
use crate::tui::widgets::words::{pass_fail, result_words};

impl App {
    pub fn refresh_home(&mut self) {
        match self.store.list_reviews() {
            Ok(rows) => self.state.home.set_rows(rows),
            Err(e) => self.set_status(format!("读取验收列表失败：{}", e.zh()), StatusKind::Error),
        }
    }

    /// Total and result of a review for the list (computed by the engine): the grade where the sheet's grade bands
    /// decide, else the result in the province's words (a review on rules has no total).
    pub(crate) fn summary(&self, id: i64) -> Summary {
        match self.store.load(id) {
            Ok(r) => match evaluate(&r.card, &r.data.evaluation_input(&r.card)) {
                Ok(e) => (
                    // Rules have no points, whatever total the engine reports for experts who gave no scores.
                    e.total.filter(|_| r.card.kind == CardKind::Sheet).map_or_else(|| "—".into(), |t| t.display()),
                    e.grade
                        .clone()
                        .or_else(|| result_words(&r.card, &e, None))
                        .or_else(|| r.data.decision.as_ref().map(|d| pass_fail(&r.card, d.passed)))
                        .unwrap_or_else(|| "—".into()),
                ),
                Err(_) => ("—".into(), "—".into()),
            },
            Err(_) => ("?".into(), "?".into()),
        }
    }

    pub(crate) fn open_review(&mut self, id: i64, tab: Tab) {
        match self.store.load(id) {
            Ok(r) => {
                // The review's check against the log, made now rather than in the first score saved. What it finds
                // is refused and said by that change, as before; a read-only store writes nothing and needs none.
                if !self.store.is_read_only() {
                    let _ = self.store.check_review_ahead(id);
                }
                let mut view = ReviewView::new(id, r, tab);
                view.sign = self.sign_state(&view);
                view.hidden = self.hidden_scores(&view);
                self.state.screen = Screen::Review(Box::new(view));
            }
            Err(e) => self.set_status(format!("无法打开验收 {id}：{}", e.zh()), StatusKind::Error),
        }
    }

    /// Reloads the open review from the store after a change.
    pub(crate) fn reload(&mut self) {
        let Screen::Review(v) = &self.state.screen else { return };
        match self.store.load(v.id) {
            Ok(r) => self.show_loaded(r),
            Err(e) => self.set_status(format!("重新读取失败：{}", e.zh()), StatusKind::Error),
        }
    }

    /// Shows the open review as the store holds it now: read again ([`App::reload`]), or as a change gave it back
    /// (`Store::set_score_loaded`), which is the same review without reading it again.
    pub(crate) fn show_loaded(&mut self, r: LoadedReview) {
        let Screen::Review(v) = &mut self.state.screen else { return };
        v.replace(r);
        let (sign, hidden) = match &self.state.screen {
            Screen::Review(v) => (self.sign_state(v), self.hidden_scores(v)),
            _ => (None, Vec::new()),
        };
        if let Screen::Review(v) = &mut self.state.screen {
            v.sign = sign;
            v.hidden = hidden;
        }
    }

    /// The signing state of a review, read from the store; `None` when the review is not finalized.
    fn sign_state(&self, v: &ReviewView) -> Option<SignState> {
        if v.r.data.status != Status::Finalized {
            return None;
        }
        let mut s = SignState::default();
        match current_payload(&self.store, v.id) {
            Ok((p, _, sha)) => {
                s.revision = p.review.revision;
                s.sha256 = sha;
            }
            Err(e) => s.error = Some(e.zh()),
        }
        match signers(&self.store, v.id) {
            Ok(list) => s.signers = list,
            Err(e) => s.error = Some(e.zh()),
        }
        match self.store.review_draw(v.id) {
            Ok(d) => {
                s.draw = d.map(|d| {
                    format!("专家组来自抽取记录 {}（sha256 {}）", d.id, d.record_sha256.get(..12).unwrap_or_default())
                })
            }
            Err(e) => s.error = Some(e.zh()),
        }
        Some(s)
    }

    /// The support unit's screen, read again from the store.
    pub(crate) fn refresh_unit(&mut self) {
        let mut u = match &self.state.screen {
            Screen::Unit(u) => u.clone(),
            _ => UnitView::default(),
        };
        // One row per import, read a batch at a time: the payloads are not all held at once.
        let rows = self
            .store
            .imported_reviews()
            .and_then(|imports| imports.map(|r| r.map(|r| ImportRow::from_record(&r))).collect());
        match (rows, self.store.quarantined()) {
            (Ok(rows), Ok(quarantine)) => {
                u.rows = rows;
                u.quarantine = quarantine;
            }
            (Err(e), _) | (_, Err(e)) => {
                self.set_status(format!("读取导入记录失败：{}", e.zh()), StatusKind::Error);
            }
        }
        u.selected = u.selected.min(u.rows.len().saturating_sub(1));
        u.q_selected = u.q_selected.min(u.quarantine.len().saturating_sub(1));
        u.trust = self.trusted_roster().map(|r| {
            let valid = r.entries.iter().filter(|e| !e.revoked).count();
            format!("受信名单已核验：{valid} 把有效的专家密钥（{} 签发）", r.issued_at)
        });
        self.state.screen = Screen::Unit(u);
    }

    /// The roster to verify bundles against, from `<data dir>/trust/`, or why there is none.
    fn trusted_roster(&self) -> Result<Roster, TrustProblem> {
        let data_dir = &self.state.data_dir;
        let (roster, issuer) = trust_paths(data_dir);
        if !roster.is_file() || !issuer.is_file() {
            return Err(TrustProblem::NotInstalled { dir: roster.parent().unwrap_or(data_dir).display().to_string() });
        }
        let key = read_public(&issuer)
            .map_err(|e| TrustProblem::IssuerUnreadable { path: issuer.display().to_string(), error: e.zh() })?;
        Roster::load(&roster, &key).map_err(|e| TrustProblem::RosterInvalid { error: e.zh() })
    }

    /// Signs the open review (or signs a dissent). On failure the dialog stays open with what was typed; a wrong
    /// passphrase is wiped from it, to be typed again.
    pub(crate) fn sign(
        &mut self,
        expert: i64,
        name: &str,
        key_file: &Path,
        passphrase: &Secret,
        dissent: Option<&str>,
    ) {
        let Screen::Review(v) = &self.state.screen else { return };
        let id = v.id;
        let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        match sign_review(&mut self.store, id, expert, key_file, &passphrase.0, dissent, &now) {
            Ok(key_id) => {
                let what = if dissent.is_some() { "不同意见已签署" } else { "已签名" };
                // The next expert's key is looked for in the same folder first.
                self.state.key_dir = key_file.parent().map(Path::to_path_buf);
                self.state.modal = None;
                self.reload();
                let time = (self.clock)();
                self.set_status(format!("{what}：{name}（密钥 {key_id}，{time}）"), StatusKind::Saved);
            }
            Err(e) => {
                // Where the focus goes for what was wrong, said with the reason.
                let focus = match &mut self.state.modal {
                    Some(Modal::Sign(f)) => f.refused(&e),
                    _ => "",
                };
                self.set_status(format!("未签名（{focus}）：{}", e.zh()), StatusKind::Error);
            }
        }
    }

    pub(crate) fn export_to(&mut self, out: &Path) {
        let Screen::Review(v) = &self.state.screen else { return };
        if out.exists() {
            self.set_status(format!("{} 已存在：请换一个目录（导出不覆盖已有文件）", out.display()), StatusKind::Error);
            return;
        }
        let leftovers = crate::files::sweep(crate::files::parent(out)).zh();
        match export(&self.store, v.id, out) {
            Ok(path) => {
                self.state.modal = None;
                self.set_status(format!("已导出验收包：{}{leftovers}", path.display()), StatusKind::Saved);
            }
            Err(e) => self.set_status(format!("未能导出：{}{leftovers}", e.zh()), StatusKind::Error),
        }
    }

    pub(crate) fn import_from(&mut self, path: &Path) {
        let roster = match self.trusted_roster() {
            Ok(r) => r,
            Err(e) => return self.set_status(e.zh(), StatusKind::Error),
        };
        let bundles = match find_bundles(path) {
            Ok(b) if b.is_empty() && path.is_file() => {
                return self.set_status(
                    format!("{} 不是验收包：验收包是含 bundle.json 的目录，或一个 .yanshou.zip 文件", path.display()),
                    StatusKind::Error,
                );
            }
            Ok(b) if b.is_empty() => {
                return self.set_status(
                    format!("{} 中没有验收包（含 bundle.json 的目录，或 .yanshou.zip 文件）", path.display()),
                    StatusKind::Error,
                );
            }
            Ok(b) => b,
            Err(e) => return self.set_status(format!("无法读取 {}：{e}", path.display()), StatusKind::Error),
        };
        let mut lines = Vec::new();
        let mut counts = [0usize; 5];
        let name_of = |b: &Path| {
            b.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| b.display().to_string())
        };
        // Read and verified on every core, stored a batch to a transaction; each line is written once stored.
        let result = import_bundles(&mut self.store, &roster, &bundles, |b, outcome| {
            let name = name_of(b);
            let (i, line) = match outcome {
                ImportOutcome::New { id } => (0, format!("✓ {name}：新导入（导入 {id}）")),
                ImportOutcome::Identical { id } => (1, format!("＝ {name}：已导入过，内容相同，未变（导入 {id}）")),
                ImportOutcome::SignaturesAdded { id } => (2, format!("✓ {name}：补充了签名（导入 {id}）")),
                ImportOutcome::Superseded { id, old } => {
                    (3, format!("✓ {name}：新版本，取代导入 {old}（导入 {id}，旧版本保留在历史版本中）"))
                }
                ImportOutcome::Quarantined { id, reason_zh, .. } => {
                    (4, format!("✗ {name}：已隔离（隔离 {id}），原因：{reason_zh}"))
                }
            };
            counts[i] += 1;
            lines.push(line);
        });
        let failed = result.err().map(|e| {
            let stored: usize = counts.iter().sum();
            let from = bundles.get(stored).map(|b| name_of(b)).unwrap_or_default();
            format!("✗ 导入中断：{e}。以上 {stored} 个已导入；从 {from} 起的验收包都未导入，数据库未因它们作任何修改")
        });
        let parts: Vec<String> = ["新导入", "未变", "补充签名", "取代旧版本", "隔离"]
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(what, n)| format!("{what} {n}"))
            .collect();
        let summary = format!("{} 个验收包：{}", bundles.len(), parts.join("，"));
        let kind = if failed.is_some() || counts[4] > 0 { StatusKind::Error } else { StatusKind::Saved };
        lines.extend(failed);
        lines.push(String::new());
        lines.push(summary.clone());
        self.refresh_unit();
        self.state.modal = Some(Modal::Report(Report { title: "导入结果".into(), lines }));
        self.set_status(summary, kind);
    }

    /// Writes the compilation to `out` and the CSV file beside it. Files already there are replaced only when
    /// `replace` (F9 in the dialog, which says they exist); otherwise the dialog stays open to offer that, or another
    /// name.
    pub(crate) fn compile_to(&mut self, out: &Path, replace: bool) {
        if !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
            return self.set_status("汇总文件名须以 .xlsx 结尾（CSV 文件写在它旁边）", StatusKind::Error);
        }
        let csv = out.with_extension("csv");
        if !replace && let Some(p) = [out, csv.as_path()].into_iter().find(|p| p.exists()) {
            if let Some(Modal::Path(f)) = &mut self.state.modal {
                f.replace = Some(out.to_path_buf());
            }
            return self.set_status(
                format!("{} 已存在：按 F9 覆盖，或改一个文件名后按 Ctrl+S", p.display()),
                StatusKind::Error,
            );
        }
        // The writer makes the folder if it is missing (the default one, `exports/`, is until the first export).
        let leftovers = crate::files::sweep(crate::files::parent(out)).zh();
        // The imports are read from the store one batch at a time and written as they come, never all in memory.
        let written =
            from_store(&self.store).and_then(|reviews| write_results_from(Some(out), Some(&csv), reviews, replace));
        let current = match written {
            Ok(n) => n.current,
            // The store or a stored bundle not read: said alone, as before the results were written as they are read.
            Err(e @ (CompileError::Read(_) | CompileError::Stored { .. })) => {
                return self.set_status(e.zh(), StatusKind::Error);
            }
            Err(e) => return self.set_status(format!("{}{leftovers}", e.zh()), StatusKind::Error),
        };
        self.state.modal = None;
        let what = if replace { "已覆盖并写出汇总" } else { "已写出汇总" };
        self.set_status(
            format!("{what}（{current} 份验收）：{} 和 {}{leftovers}", out.display(), csv.display()),
            StatusKind::Saved,
        );
    }

    /// Installs the support unit's trust: the roster's signature checked against the issuer's key first, then the
    /// three files copied into `<data dir>/trust/` together. Refused, the dialog stays open with what was typed.
    pub(crate) fn install_trust(&mut self, roster: &Path, sig: Option<&Path>, issuer: &Path) {
        match crate::bundle::trust::install(&self.state.data_dir, roster, sig, issuer) {
            Ok(done) => {
                self.state.modal = None;
                self.refresh_unit();
                let valid = done.roster.entries.iter().filter(|e| !e.revoked).count();
                self.set_status(
                    format!("已安装受信名单：{valid} 把有效的专家密钥（{} 签发）", done.roster.issued_at),
                    StatusKind::Saved,
                );
            }
            Err(e) => self.set_status(e.zh(), StatusKind::Error),
        }
    }
}

/// The expert pool and the draw screen.
impl App {
    /// The pool's screen, read again from the store (keeping the search, the filter and the selection).
    pub(crate) fn refresh_pool(&mut self) {
        let mut p = match &self.state.screen {
            Screen::Pool(p) => p.clone(),
            _ => PoolView::new(),
        };
        match self.store.pool_list() {
            Ok(rows) => p.rows = rows,
            Err(e) => self.set_status(format!("读取专家库失败：{}", e.zh()), StatusKind::Error),
        }
        p.selected = p.selected.min(p.visible().len().saturating_sub(1));
        self.state.screen = Screen::Pool(p);
    }

    pub(crate) fn retire_expert(&mut self, id: i64) {
        let today = self.today.clone();
        match self.store.pool_retire(id, &today) {
            Ok(()) => self.set_status(format!("已于 {today} 退出专家库（记录保留，此后不再抽取）"), StatusKind::Saved),
            Err(e) => self.set_status(e.zh(), StatusKind::Error),
        }
        self.refresh_pool();
    }

    /// Adds an expert to the pool or changes one: the entry read by the domain's rules (the command line's), the public
    /// key checked as a key, written by the store's audited change. Saved, the form closes and the pool shows the
    /// expert selected; refused, the form stays open with what was typed and the status line says why, naming the
    /// field.
    pub(crate) fn save_pool_expert(&mut self, id: Option<i64>, entry: &ExpertEntry, public_key: &str) {
        let result = (|| -> Result<(i64, Expert), String> {
            let mut e = match id {
                None => entry.new_expert().map_err(|e| e.zh())?,
                Some(id) => entry.apply(self.store.pool_expert(id).map_err(|e| e.zh())?).map_err(|e| e.zh())?,
            };
            e.public_key = public_key_entry(public_key).map_err(|e| format!("公钥：{}", e.zh()))?;
            let id = match id {
                None => self.store.pool_add(&e).map_err(|e| e.zh())?,
                Some(id) => self.store.pool_edit(id, &e).map(|()| id).map_err(|e| e.zh())?,
            };
            Ok((id, e))
        })();
        match result {
            Ok((saved, e)) => {
                self.state.modal = None;
                self.refresh_pool();
                if let Screen::Pool(p) = &mut self.state.screen {
                    p.select(saved);
                }
                let what = if id.is_some() { "已修改专家" } else { "已新增专家" };
                self.set_status(format!("{what}：{}，{}", e.label(), e.field.zh()), StatusKind::Saved);
            }
            Err(why) => {
                let what = if id.is_some() { "修改专家" } else { "新增专家" };
                self.set_status(format!("未保存（{what}）：{why}"), StatusKind::Error);
            }
        }
    }

    /// The public key the installed roster gives the expert `name` (not revoked), put in the pool's form.
    pub(crate) fn roster_key_into_form(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return self.set_status("请先填写姓名，再从受信名单取公钥", StatusKind::Error);
        }
        let Some(roster) = installed_roster(&self.state.data_dir) else {
            return self.set_status("本机未安装受信名单（技术依托单位页面按 t 安装）", StatusKind::Error);
        };
        match roster_key(&roster, name) {
            Some(k) => {
                if let Some(Modal::PoolExpert(f)) = &mut self.state.modal
                    && let Some(input) = f.texts.get_mut(KEY_TEXT)
                {
                    input.set(&k.public_key);
                }
                self.set_status(format!("公钥取自受信名单：{name}（密钥 {}）", k.key_id), StatusKind::Info);
            }
            None => self.set_status(format!("受信名单中没有{name}的有效公钥"), StatusKind::Error),
        }
    }

    /// The draw screen with every case, the first previewed.
    pub(crate) fn open_draw(&mut self) {
        let mut d = DrawView::default();
        match self.store.list_cases() {
            Ok(cases) => {
                for c in cases {
                    let draws = self.store.draws_of_case(c.id).map(|v| v.len()).unwrap_or(0);
                    d.cases.push(CaseChoice { id: c.id, province: c.province, enterprise: c.enterprise, draws });
                }
            }
            Err(e) => self.set_status(format!("读取案件失败：{}", e.zh()), StatusKind::Error),
        }
        let first = d.cases.first().map(|c| c.id);
        self.state.screen = Screen::Draw(Box::new(d));
        if let Some(case) = first {
            self.preview_draw(case, None, 0);
        }
    }

    fn draw_choices(size: Option<u32>, reserves: u32) -> UnitChoices {
        UnitChoices { size, drawn: None, reserves, grounds: vec![] }
    }

    /// Who a draw for `case` would exclude, with the reasons, and everyone's chance: shown before any draw.
    pub(crate) fn preview_draw(&mut self, case: i64, size: Option<u32>, reserves: u32) {
        let preview = (|| -> Result<Preview, String> {
            let dc = draw_case_of(&self.store, case).map_err(|e| e.zh())?;
            let rules = rules::for_province(&crate::builtin::draw_rules(), &dc.province);
            let pool = sorted_pool(self.store.pool_list().map_err(|e| e.zh())?.into_iter().map(|(_, e)| e).collect())
                .map_err(|e| e.zh())?;
            record::preview(&dc, &rules, &Self::draw_choices(size, reserves), &pool, &self.today).map_err(|e| e.zh())
        })();
        if let Screen::Draw(d) = &mut self.state.screen {
            d.preview = Some(preview);
        }
    }

    /// Draws the panel with a seed from the system; the store records it (and its seed) before the names are shown.
    pub(crate) fn draw_panel(&mut self, case: i64, size: Option<u32>, reserves: u32) {
        let seed = os_seed();
        let today = self.today.clone();
        match draw_case(&mut self.store, case, Self::draw_choices(size, reserves), &today, &seed, None) {
            Ok((id, rec, _)) => {
                if let Screen::Draw(d) = &mut self.state.screen {
                    if let Some(c) = d.cases.iter_mut().find(|c| c.id == case) {
                        c.draws += 1;
                    }
                    d.drawn = Some((id, rec));
                }
                self.set_status(format!("已抽取并记录（抽取记录 {id}）"), StatusKind::Saved);
            }
            Err(e) => self.set_status(e.zh(), StatusKind::Error),
        }
    }
}
