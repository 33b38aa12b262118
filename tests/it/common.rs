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

/// An expert whose item scores add up to exactly `total`, filling items in sheet order.
pub fn expert_with_total(card: &Scorecard, name: &str, total: Points) -> ExpertInput {
    let mut left = total;
    let mut scores = BTreeMap::new();
    for item in card.scored_items() {
        let s = item.points.min(left);
        left = left - s;
        scores.insert(item.id.clone(), Literal::from(s));
    }
    assert_eq!(left, Points::ZERO, "{}: total {total} is above the sheet's items", card.id);
    ExpertInput { name: name.to_string(), recused: false, scores }
}

/// A panel whose mean total is `sum(totals) / n`.
pub fn panel(card: &Scorecard, totals: &[Points]) -> EvaluationInput {
    EvaluationInput {
        experts: totals
            .iter()
            .enumerate()
            .map(|(i, t)| expert_with_total(card, &format!("专家{}", i + 1), *t))
            .collect(),
        ..Default::default()
    }
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
    p: &yanshou::bundle::payload::PayloadV1,
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
    let p: yanshou::bundle::payload::PayloadV1 = serde_json::from_slice(&b.payload_bytes).expect("a payload");
    let card = yanshou::domain::scorecard::parse_scorecard("scorecard.toml", &b.scorecard_text).expect("a sheet");
    let signers = signers(b, &p);
    let sha = yanshou::bundle::verify::sha256_hex(&b.payload_bytes);
    for (path, bytes) in documents::derived_files(&p, &sha, &card, &signers, &b.manifest.signatures) {
        b.files.insert(path, bytes);
    }
    b.manifest.payload_sha256 = sha;
    b.manifest.files = b.files.iter().map(|(k, v)| (k.clone(), yanshou::bundle::verify::sha256_hex(v))).collect();
}
