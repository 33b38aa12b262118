//! `case report` and `case notice`: the 验收工作报告 (recorded with the round's result, and written as HTML and as a
//! workbook sheet) and the 公示 notice.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use yanshou::bundle::compile::work_report_xlsx;
use yanshou::bundle::report::{ReportCase, notice_groups, notice_html, report_case, work_report_html};
use yanshou::domain::calendar::Calendar;
use yanshou::domain::case::Verdict;
use yanshou::domain::case::{case_page, deadlines};
use yanshou::domain::review::date_cn;
use yanshou::store::Store;

use super::{case_card, today_arg};
use crate::cli::calendar::date_arg;
use crate::cli::context::Context;
use crate::cli::new_path;

/// Writes a file whole, or nothing.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    yanshou::files::write_new(path, bytes)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn report(
    cx: &Context,
    store: &mut Store,
    cal: &Calendar,
    id: Option<i64>,
    date: &str,
    conclusion: Option<Verdict>,
    out: Option<PathBuf>,
    xlsx: Option<PathBuf>,
    from: Option<String>,
    to: Option<String>,
) -> Result<()> {
    for (p, what) in [(&out, "--out"), (&xlsx, "--xlsx")] {
        if let Some(p) = p {
            new_path(p, what, false)?;
        }
    }
    let catalog = cx.catalog();
    let today = today_arg(&None)?;
    let (entries, period) = match (id, &from, &to) {
        (Some(id), None, None) => {
            if !date.trim().is_empty() {
                let (round, v) = store.record_report(id, date, conclusion)?;
                eprintln!("第 {round} 轮验收工作报告已记录：{date}；结果：{}", v.label());
            } else if conclusion.is_some() {
                bail!("--conclusion is recorded with the report: give --date too");
            }
            let case = store.load_case(id)?;
            let card = case_card(&catalog, store, &case);
            let page = case_page(&case, card.as_ref(), cal, today);
            let round = case.last_round();
            if round == 0 {
                if out.is_some() || xlsx.is_some() {
                    bail!("case {id} has no review yet: there is no report to write");
                }
                return Ok(());
            }
            (vec![report_case(store, &case, round, &page.deadlines)?], None)
        }
        (None, Some(from), Some(to)) => {
            if !date.trim().is_empty() || conclusion.is_some() {
                bail!("a period's report records nothing: --date and --conclusion are for one case (give its ID)");
            }
            let (a, b) = (date_arg(from, "--from")?, date_arg(to, "--to")?);
            if b < a {
                bail!("--to {b} is before --from {a}");
            }
            let mut entries = Vec::new();
            for c in store.list_cases()? {
                for r in &c.reviews {
                    let Some(d) = r.date else { continue };
                    if d < a || d > b {
                        continue;
                    }
                    let case = store.load_case(c.id)?;
                    let card = case_card(&catalog, store, &case);
                    let procedure = card.map(|c| c.procedure).unwrap_or_default();
                    let (list, _) = deadlines(&procedure, &case, cal, today);
                    entries.push(report_case(store, &case, r.round, &list)?);
                }
            }
            entries.sort_by(|x, y| (x.visit.as_str(), x.case).cmp(&(y.visit.as_str(), y.case)));
            (entries, Some((a, b)))
        }
        _ => bail!("give a case ID, or --from and --to for a period"),
    };
    if out.is_none() && xlsx.is_none() && id.is_none() {
        bail!("give --out FILE.html and/or --xlsx FILE.xlsx to write the period's report");
    }
    write_report(&entries, period, today, out.as_deref(), xlsx.as_deref())
}

fn write_report(
    entries: &[ReportCase],
    period: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    out: Option<&Path>,
    xlsx: Option<&Path>,
) -> Result<()> {
    if let Some(path) = out {
        write(path, work_report_html(entries, period, today).as_bytes())?;
        eprintln!("验收工作报告：{}（{} 项）", path.display(), entries.len());
    }
    if let Some(path) = xlsx {
        write(path, &work_report_xlsx(path, entries)?)?;
        eprintln!("验收工作报告（表格）：{}", path.display());
    }
    Ok(())
}

/// The 公示 notice of every case whose 公示 begins on `from` (of one province, if given).
pub(super) fn notice(
    cx: &Context,
    store: &Store,
    cal: &Calendar,
    from: &str,
    province: Option<String>,
    out: &Path,
) -> Result<()> {
    new_path(out, "--out", false)?;
    let start = date_arg(from, "--from")?;
    let catalog = cx.catalog();
    let groups = notice_groups(&catalog, store, cal, start, province.as_deref())?;
    if groups.is_empty() {
        bail!("no case's 公示 begins on {start} ({}): there is nothing to list", date_cn(&start.to_string()));
    }
    write(out, notice_html(&groups, today_arg(&None)?).as_bytes())?;
    eprintln!("公示：{}（{} 家企业）", out.display(), groups.iter().map(|g| g.lines.len()).sum::<usize>());
    Ok(())
}
