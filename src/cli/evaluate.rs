//! `yanshou evaluate`: a panel's scores on a sheet, from a JSON file or standard input, without a database.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use yanshou::domain::explain::Explain;
use yanshou::domain::scoring::{EvaluationInput, evaluate};

use super::context::Context;
use super::{io_words, printable, read_text, scorecards, text};

/// Evaluates the scores in `input` (a file, or `-` for standard input) on the sheet `scorecard`; exits with status 1
/// when the scores cannot be evaluated.
pub fn run(cx: &Context, scorecard: &str, input: &str, json: bool) -> Result<ExitCode> {
    let catalog = cx.catalog();
    let Some(card) = catalog.scorecard(scorecard) else {
        bail!("no scorecard “{scorecard}”; `yanshou scorecards list` shows the ids");
    };
    let text = if input == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| {
            anyhow::anyhow!(
                "--input -：无法读取标准输入：{}\n  --input -: cannot read standard input: {}",
                super::io_words_zh(&e),
                io_words(&e)
            )
        })?;
        s
    } else if input.trim().is_empty() {
        bail!("--input is empty; give a JSON file, or - for standard input");
    } else {
        read_text(Path::new(input), "--input")?
    };
    if text.trim().is_empty() {
        bail!("--input {input}: the input is empty; give the panel's scores as JSON (see `yanshou evaluate --help`)");
    }
    let parsed: EvaluationInput = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: {}",
            if input == "-" { "<stdin>" } else { input },
            e.line(),
            e.column(),
            text::json_error(&e)
        )
    })?;
    match evaluate(card, &parsed) {
        Ok(eval) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&eval)?);
            } else {
                print!("{}", scorecards::evaluation_text(card, &eval));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            // Each reason in Chinese, with the English below it.
            eprintln!("yanshou: 评分无法在评分表 {} 上计算 (the scores cannot be evaluated on {}):", card.id, card.id);
            for e in &errors.0 {
                eprintln!("  - {}", printable(&e.zh()));
                eprintln!("    {}", printable(&e.en()));
            }
            Ok(ExitCode::from(1))
        }
    }
}
