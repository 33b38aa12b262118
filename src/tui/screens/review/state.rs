//! An open review: what the store holds, its evaluation, the page shown and the selection on each page.

use crate::bundle::{SignerInfo, short_hash};
use crate::domain::review::Status;
use crate::domain::scoring::{Evaluation, evaluate};
use crate::store::LoadedReview;
use crate::tui::action::Action;
use crate::tui::keymap::Done;
use crate::tui::tab::Tab;
use crate::tui::widgets::status::StatusKind;

/// What a key that would change a finalized review gets.
pub fn locked_message() -> Done<Action> {
    Done::Act(Action::Status("本验收已定稿锁定；如需修改，请在结果页按 R 重新打开".into(), StatusKind::Error))
}

#[derive(Clone, Debug)]
pub struct ReviewView {
    pub id: i64,
    pub r: LoadedReview,
    pub eval: Option<Evaluation>,
    pub eval_errors: Vec<String>,
    pub tab: Tab,
    pub panel_sel: usize,
    /// Index into the sheet's directly scored items.
    pub item_sel: usize,
    /// Index into the experts who score.
    pub expert_sel: usize,
    /// Index into the rows of the vetoes page (the vetoes, then on a score sheet its requirements).
    pub veto_sel: usize,
    /// Index into the rows of a rules review's findings page (its requirements, then its distinctions).
    pub finding_sel: usize,
    pub opinion_sel: usize,
    /// Index into the panel on the signing page.
    pub sign_sel: usize,
    /// The signing state; `None` until the review is finalized.
    pub sign: Option<SignState>,
    /// The case page the review was opened from (`e` there): Esc goes back to it rather than to the review list.
    pub from_case: Option<i64>,
    /// On the lead's laptop of a kit review, until every expert is in: the experts whose scores came from their
    /// signed personal sheets, which are not shown yet (independent scoring).
    pub hidden: Vec<String>,
}

/// A finalized review's signing state: the revision and payload hash the experts sign, and where each expert stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignState {
    pub revision: u32,
    pub sha256: String,
    /// One per expert of the panel, in panel order.
    pub signers: Vec<SignerInfo>,
    /// Why the state could not be read, if it could not.
    pub error: Option<String>,
    /// The draw the panel stands on, as the page says it (`专家组来自抽取记录 N（sha256 前 12 位）`); `None` for a
    /// panel typed by hand.
    pub draw: Option<String>,
}

impl SignState {
    pub fn short_hash(&self) -> String {
        short_hash(&self.sha256)
    }
}

impl ReviewView {
    /// A review as loaded, on page `tab` (the scoring page is the findings page on rules), evaluated; its signing
    /// state is the caller's to read.
    pub fn new(id: i64, r: LoadedReview, tab: Tab) -> ReviewView {
        let tab = tab.for_kind(r.card.kind);
        let mut v = ReviewView {
            id,
            r,
            eval: None,
            eval_errors: Vec::new(),
            tab,
            panel_sel: 0,
            item_sel: 0,
            expert_sel: 0,
            veto_sel: 0,
            finding_sel: 0,
            opinion_sel: 0,
            sign_sel: 0,
            sign: None,
            from_case: None,
            hidden: Vec::new(),
        };
        v.evaluate();
        v
    }

    /// Takes the review as the store now holds it, keeping the page and the selections where they still point.
    pub fn replace(&mut self, r: LoadedReview) {
        self.r = r;
        self.evaluate();
        let n = self.scoring_experts().len();
        if self.expert_sel >= n {
            self.expert_sel = n.saturating_sub(1);
        }
        if self.panel_sel >= self.r.data.experts.len() {
            self.panel_sel = self.r.data.experts.len().saturating_sub(1);
        }
    }

    fn evaluate(&mut self) {
        match evaluate(&self.r.card, &self.r.data.evaluation_input(&self.r.card)) {
            Ok(e) => {
                self.eval = Some(e);
                self.eval_errors.clear();
            }
            Err(e) => {
                self.eval = None;
                self.eval_errors = e.0.iter().map(crate::domain::explain::Explain::zh).collect();
            }
        }
    }

    pub fn locked(&self) -> bool {
        self.r.data.status == Status::Finalized
    }
    pub fn scored_ids(&self) -> Vec<String> {
        self.r.card.scored_items().map(|i| i.id.clone()).collect()
    }
    pub fn scoring_experts(&self) -> Vec<i64> {
        self.r.data.scoring_experts().map(|e| e.id).collect()
    }
    pub fn current_expert(&self) -> Option<i64> {
        self.scoring_experts().get(self.expert_sel).copied()
    }
    pub fn current_item(&self) -> Option<String> {
        self.scored_ids().get(self.item_sel).cloned()
    }
}
