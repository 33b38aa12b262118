//! Helpers shared by the integration tests: building panels whose totals are known exactly.
#![allow(dead_code)]

use std::collections::BTreeMap;

use yanshou::builtin::builtin_files;
use yanshou::domain::points::Points;
use yanshou::domain::scorecard::{Catalog, Scorecard};
use yanshou::domain::scoring::{EvaluationInput, ExpertInput, Literal};

/// The built-in catalog, loaded once per test binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let (catalog, errors) = Catalog::load(&builtin_files());
        assert!(errors.is_empty(), "{errors:?}");
        catalog
    })
}

pub fn tenths(t: i64) -> Points {
    Points::from_tenths(t)
}

/// An expert whose item scores add up to exactly `total`: the items with fixed levels get levels (the highest sum that
/// the free items can complete), the free items the rest in sheet order.
pub fn expert_with_total(card: &Scorecard, name: &str, total: Points) -> ExpertInput {
    try_expert_with_total(card, name, total)
        .unwrap_or_else(|| panic!("{}: no scores reach a total of {total} with the printed levels", card.id))
}

/// [`expert_with_total`], or `None` where the printed levels make the total unreachable (广东自愿 item 11 gives 8 or
/// 4, so no expert's total is below 4).
pub fn try_expert_with_total(card: &Scorecard, name: &str, total: Points) -> Option<ExpertInput> {
    let levelled: Vec<_> = card.scored_items().filter(|i| !i.levels.is_empty()).collect();
    let free: Points = card.scored_items().filter(|i| i.levels.is_empty()).map(|i| i.points).sum();
    // Every sum the levelled items reach, with one way to reach it (in tenths).
    let mut reach: BTreeMap<i64, Vec<Points>> = BTreeMap::from([(0, Vec::new())]);
    for item in &levelled {
        let mut next = BTreeMap::new();
        for (sum, choice) in &reach {
            for l in &item.levels {
                let mut c = choice.clone();
                c.push(*l);
                next.entry(sum + l.tenths()).or_insert(c);
            }
        }
        reach = next;
    }
    let (fixed, choice) =
        reach.iter().rev().find(|(sum, _)| **sum <= total.tenths() && total.tenths() - **sum <= free.tenths())?;
    let mut left = total - Points::from_tenths(*fixed);
    let mut scores = BTreeMap::new();
    for (item, level) in levelled.iter().zip(choice) {
        scores.insert(item.id.clone(), Literal::from(*level));
    }
    for item in card.scored_items().filter(|i| i.levels.is_empty()) {
        let s = item.points.min(left);
        left = left - s;
        scores.insert(item.id.clone(), Literal::from(s));
    }
    (left == Points::ZERO).then(|| ExpertInput { name: name.to_string(), recused: false, scores })
}

/// Every requirement of the sheet or rules found met, and the first type of review where it defines types.
pub fn all_met(card: &Scorecard, input: &mut EvaluationInput) {
    input.review_type = card.review_types.first().map(|t| t.id.clone());
    input.requirements = card.requirements_for(input.review_type.as_deref()).map(|r| (r.id.clone(), true)).collect();
}

/// A panel whose mean total is `sum(totals) / n`.
/// [`panel`], or `None` where a total cannot be reached with the sheet's printed levels.
pub fn try_panel(card: &Scorecard, totals: &[Points]) -> Option<EvaluationInput> {
    let experts = totals
        .iter()
        .enumerate()
        .map(|(i, t)| try_expert_with_total(card, &format!("专家{}", i + 1), *t))
        .collect::<Option<Vec<_>>>()?;
    let mut input = EvaluationInput { experts, ..Default::default() };
    all_met(card, &mut input);
    Some(input)
}

/// Every requirement is found met (a panel on a rules file gives no scores: `totals` are ignored there).
pub fn panel(card: &Scorecard, totals: &[Points]) -> EvaluationInput {
    let rules = card.kind == yanshou::domain::scorecard::CardKind::Rules;
    let mut input = EvaluationInput {
        experts: totals
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let name = format!("专家{}", i + 1);
                if rules { ExpertInput { name, ..Default::default() } } else { expert_with_total(card, &name, *t) }
            })
            .collect(),
        ..Default::default()
    };
    all_met(card, &mut input);
    input
}

/// A frame as text, one line per row, wide characters once (the cell after a wide character is skipped).
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = sym.width().saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The whole frame the app draws now, at the terminal's size. Rendering is a view of the state, so drawing again on a
/// fresh backend gives the frame as a real terminal shows it (the test backend's own buffer is only patched with diffs
/// and keeps stale cells behind wide characters, which a real terminal overwrites).
pub fn frame(
    term: &ratatui::Terminal<ratatui::backend::TestBackend>,
    app: &mut yanshou::tui::App,
) -> ratatui::buffer::Buffer {
    let area = term.backend().buffer().area;
    let mut fresh =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(area.width, area.height)).expect("test terminal");
    fresh.draw(|f| yanshou::tui::view::render(f, &app.state)).expect("draw").buffer.clone()
}

/// The built binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_yanshou");

/// The binary with a clean environment: the data directory only from `--data-dir`, the default busy timeout, no
/// passphrase from the environment, and a fixed actor for the audit log.
pub fn yanshou(dir: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(dir)
        .env_remove("YANSHOU_DATA_DIR")
        .env_remove("YANSHOU_BUSY_TIMEOUT_MS")
        .env_remove("YANSHOU_PASSPHRASE")
        .env("YANSHOU_ACTOR", "测试");
    cmd
}

pub fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    yanshou(dir).args(args).output().expect("the binary runs")
}

/// Runs a command that must succeed and returns its stdout.
pub fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "yanshou {args:?} failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// The panel's signers as verification derives them from a bundle's signature entries.
pub fn signers(
    b: &yanshou::bundle::verify::Bundle,
    p: &yanshou::bundle::payload::Payload,
) -> Vec<yanshou::bundle::SignerInfo> {
    use yanshou::bundle::documents;
    let mut signed = BTreeMap::new();
    for s in &b.manifest.signatures {
        if !p.panel.iter().any(|e| e.name == s.expert && !e.recused) {
            continue;
        }
        let minisig = String::from_utf8_lossy(&b.files[&s.signature]).to_string();
        let trusted = yanshou::bundle::sign::inspect(&minisig).map(|(_, t)| t).unwrap_or_default();
        let dissent: Option<yanshou::bundle::sign::DissentV1> =
            (s.kind == "dissent").then(|| serde_json::from_slice(&b.files[&s.signed]).expect("a dissent"));
        signed.insert(s.expert.clone(), documents::signer(s, &trusted, dissent.as_ref().map(|d| d.text.as_str())));
    }
    documents::panel_signers(&p.panel, signed)
}

/// What a forger does after changing a bundle in memory: the derived files (documents and key files) rendered again
/// the way export renders them, every signer on the panel taken as the signature entries say, and every hash in the
/// manifest rewritten. A bundle so mended is refused only for what was changed.
pub fn rerender(b: &mut yanshou::bundle::verify::Bundle) {
    use yanshou::bundle::documents;
    let p = yanshou::bundle::payload::read_current(&b.payload_bytes).expect("a payload");
    let card = yanshou::domain::scorecard::parse_scorecard("scorecard.toml", &b.scorecard_text).expect("a sheet");
    let signers = signers(b, &p);
    let sha = yanshou::bundle::verify::sha256_hex(&b.payload_bytes);
    for (path, bytes) in documents::derived_files(&p, &sha, &card, &signers, &b.manifest.signatures) {
        b.files.insert(path, bytes);
    }
    b.manifest.payload_sha256 = sha;
    b.manifest.files = b.files.iter().map(|(k, v)| (k.clone(), yanshou::bundle::verify::sha256_hex(v))).collect();
}
