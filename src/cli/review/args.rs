//! The arguments of `yanshou review …`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::parse_id;

#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Start a review of an enterprise on a sheet.
    New(NewArgs),
    /// List the reviews in the database.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a review: enterprise, panel, recusals, scores, vetoes, opinion, warnings and the evaluation.
    Show {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change a field: enterprise, credit-code, address, industry, agency, date or place.
    Edit {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        field: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Manage the expert panel.
    Panel {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(subcommand)]
        command: PanelCommand,
    },
    /// The recusal reasons the province's rules give for this review's sheet.
    Reasons {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Record that an expert steps aside (回避). REASON is a reason id from `review reasons`, or free text.
    Recuse {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The expert's id or name.
        expert: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        statement: String,
    },
    /// Enter an expert's score on an item (a deduction needs --reason), or --clear it.
    Score {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// The expert's id or name.
        expert: String,
        item: String,
        #[arg(allow_negative_numbers = true)]
        score: Option<String>,
        /// 扣分原因: required when the score is below the item's maximum.
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, default_value = "")]
        evidence: String,
        #[arg(long, conflicts_with = "score")]
        clear: bool,
    },
    /// Answer a veto condition yes or no (yes needs --evidence).
    Veto {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        veto: String,
        answer: String,
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// Find a requirement met or unmet (unmet needs --reason). `scorecards show` lists the requirements.
    Requirement {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        requirement: String,
        /// met (满足) or unmet (不满足).
        answer: String,
        /// Why it is unmet (or what shows it is met).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Find whether a distinction's conditions hold (yes needs --evidence).
    Distinction {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        distinction: String,
        /// yes (是) or no (否).
        answer: String,
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// Record the panel's own result and its reason, where the source leaves the result to the panel (or --clear it).
    Decision {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        /// passed (通过) or failed (不通过).
        #[arg(required_unless_present = "clear")]
        result: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, conflicts_with = "result")]
        clear: bool,
    },
    /// Set a fact a conditional rule reads (true/false or a number), or --clear it.
    Fact {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        fact: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Award a bonus (加分) within its range, or --clear it.
    Bonus {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        bonus: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Adjust an item's points where the sheet allows it, or --clear the adjustment.
    Weight {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        item: String,
        #[arg(allow_negative_numbers = true)]
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        clear: bool,
    },
    /// Write the opinion (验收意见). A value starting with @ is read from that file.
    Opinion {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        problems: Option<String>,
        #[arg(long)]
        suggestions: Option<String>,
        #[arg(long)]
        conclusion: Option<String>,
    },
    /// The on-site sign-in list (签到).
    Signin {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[command(subcommand)]
        command: SigninCommand,
    },
    /// Finalize and lock the review, or list everything that stops it.
    Finalize {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
    },
    /// Reopen a finalized review (logged with its reason).
    Reopen {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// Sign the finalized review's payload with an expert's key (passphrase asked, or --passphrase-file).
    Sign {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        expert: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Refuse to sign and sign a written dissent (个人书面意见) that references the payload instead. TEXT or @FILE.
    Dissent {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        expert: String,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        text: String,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Who has signed, dissented, is missing or recused.
    Signatures {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Print the review's audit log and verify the whole hash chain.
    Log {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct NewArgs {
    #[arg(long)]
    pub scorecard: String,
    #[arg(long)]
    pub enterprise: String,
    /// 统一社会信用代码 (18 characters, checked).
    #[arg(long)]
    pub credit_code: String,
    #[arg(long, default_value = "")]
    pub address: String,
    #[arg(long, default_value = "")]
    pub industry: String,
    /// voluntary (自愿) or mandatory (强制); defaults to the sheet's.
    #[arg(long)]
    pub track: Option<String>,
    /// The consulting agency (咨询机构) that helped with the audit.
    #[arg(long, default_value = "")]
    pub agency: String,
    /// YYYY-MM-DD
    #[arg(long)]
    pub date: String,
    #[arg(long, default_value = "")]
    pub place: String,
    /// The type of review, where the sheet or rules define types (云南: а, в or с); `scorecards show` lists them.
    #[arg(long = "type")]
    pub review_type: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum PanelCommand {
    /// Add an expert. FIELD is one of 清洁生产, 行业, 环保, 能源, 其他.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        field: String,
        #[arg(long)]
        lead: bool,
        #[arg(long)]
        json: bool,
    },
    Edit {
        expert: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        field: Option<String>,
    },
    /// Remove an expert added by mistake (one who scored or recused stays on record).
    Remove { expert: String },
    /// Make an expert the lead (组长).
    Lead { expert: String },
}

#[derive(Subcommand, Debug)]
pub enum SigninCommand {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        position: String,
        /// 专家 / 企业 / 主管部门 / 咨询机构 / 其他
        #[arg(long, default_value = "")]
        capacity: String,
    },
    Remove {
        #[arg(value_parser = parse_id, allow_negative_numbers = true)]
        entry: i64,
    },
}
