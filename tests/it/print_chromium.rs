//! The printable documents on paper: a realistic finalized review (long Chinese names and reasons) is rendered to
//! HTML, printed to PDF by headless Chromium and rasterized by poppler's `pdftoppm`; every page must be A4 and leave
//! the outer 12 mm of each margin blank (nothing printed past the 18/20 mm CSS margins), and the text layer must carry
//! the enterprise name and the short hash. Without chromium or poppler-utils the test says so and passes, unless
//! YANSHOU_REQUIRE_PRINT is set (as `.ci/run` does).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use yanshou::bundle::payload::{self, AuditHead, Payload};
use yanshou::bundle::{SignStatus, SignerInfo, html, short_hash};
use yanshou::domain::points::Points;

const DPI: f64 = 40.0;
/// The band along each edge that must stay blank: 60 % of the CSS margins (18 mm left/right, 20 mm top/bottom).
const BAND_MM: f64 = 12.0;
const WHITE: u8 = 250;

fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

const LONG_NAME: &str =
    "福建省闽江流域精细化工新材料科技股份有限公司闽侯青口工业园区第二生产基地暨研发中心联合体清洁生产示范项目部";

fn long_reason() -> String {
    let part = "企业提交的物料平衡与水平衡测算中，反应釜区挥发性有机物无组织排放量的核算依据不足，未提供连续监测数据和第三方检测报告；\
                中高费方案中的溶剂回收装置尚处于调试阶段，回收率未达到审核报告承诺的百分之九十五，相关台账记录不完整，";
    format!("{}整改期限内应补充完善。", part.repeat(4))
}

/// Builds the finalized demo review with a long enterprise name, a long reason and sign-in entries.
fn realistic_payload(dir: &Path) -> (Payload, yanshou::domain::scorecard::Scorecard) {
    let (catalog, _) = yanshou::builtin::load_catalog(None);
    let mut store = yanshou::store::Store::open_in(dir).expect("store opens");
    let id = yanshou::tui::demo::load(&mut store, &catalog).expect("demo loads");
    store.update_review(id, "enterprise", LONG_NAME).expect("long name accepted");
    let r = store.load(id).unwrap();
    let expert = r.data.scoring_experts().next().expect("a scoring expert").id;
    let item = r.card.scored_items().next().expect("a scored item").id.clone();
    let max = r.data.item_max(&r.card, &item).unwrap();
    store
        .set_score(
            id,
            expert,
            &item,
            max.saturating_sub(Points::from_tenths(15)),
            &long_reason(),
            "现场核查记录第 3 页",
        )
        .expect("long reason accepted");
    store.add_signin(id, "赵敏", "福州市生态环境局闽侯分局污染防治与清洁生产推进科", "科长", "主管部门代表").unwrap();
    store.add_signin(id, "欧阳建华", LONG_NAME, "总经理", "企业代表").unwrap();
    store.add_signin(id, "林晓", "福建省清洁生产咨询中心", "工程师", "咨询机构").unwrap();
    store.finalize(id).expect("the demo review finalizes");

    let r = store.load(id).unwrap();
    let e = yanshou::domain::scoring::evaluate(&r.card, &r.data.evaluation_input(&r.card)).unwrap();
    let p = payload::build(
        &r,
        &e,
        "test-uid",
        1,
        "2026-11-28T10:00:00+08:00",
        AuditHead { seq: 1, hash: "0".repeat(64) },
        Default::default(),
    );
    (p, r.card)
}

fn signers(p: &Payload) -> Vec<SignerInfo> {
    let scoring: Vec<&str> = p.panel.iter().filter(|x| !x.recused).map(|x| x.name.as_str()).collect();
    scoring
        .iter()
        .enumerate()
        .map(|(i, name)| match i {
            0 => SignerInfo {
                expert: name.to_string(),
                status: SignStatus::Signed,
                key_id: Some("3A5F0C2B9E7D1148".into()),
                signed_at: Some("2026-11-28T11:02:13+08:00".into()),
                dissent: None,
            },
            1 => SignerInfo {
                expert: name.to_string(),
                status: SignStatus::Dissented,
                key_id: Some("77C0A1D4E5F60B29".into()),
                signed_at: Some("2026-11-28T11:05:40+08:00".into()),
                dissent: Some(format!("本人不同意“通过”的结论，理由如下：\n{}", long_reason())),
            },
            _ => SignerInfo {
                expert: name.to_string(),
                status: SignStatus::Missing,
                key_id: None,
                signed_at: None,
                dissent: None,
            },
        })
        .collect()
}

/// Runs a command to its end, killing it after `limit`.
fn run(cmd: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("command starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("command waits").is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("{cmd:?} did not finish in {limit:?}; stderr:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn print_to_pdf(chromium: &Path, html: &Path, pdf: &Path, scratch: &Path) {
    let profile = tempfile::tempdir_in(scratch).unwrap();
    let out = run(
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display())),
        Duration::from_secs(120),
    );
    assert!(
        pdf.is_file() && std::fs::metadata(pdf).unwrap().len() > 0,
        "chromium wrote no PDF for {} (status {}); stderr:\n{}",
        html.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A binary PGM (P5) page: width, height and 8-bit gray pixels.
struct Page {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn parse_pgm(bytes: &[u8]) -> Page {
    let mut pos = 0;
    let mut fields = Vec::new();
    while fields.len() < 4 {
        // Skip whitespace and comments between header fields.
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'#') {
            if bytes[pos] == b'#' {
                while pos < bytes.len() && bytes[pos] != b'\n' {
                    pos += 1;
                }
            } else {
                pos += 1;
            }
        }
        let start = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        assert!(pos > start, "truncated PGM header");
        fields.push(std::str::from_utf8(&bytes[start..pos]).unwrap().to_string());
    }
    pos += 1; // the single whitespace byte after maxval
    assert_eq!(fields[0], "P5", "not a binary PGM");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let maxval: usize = fields[3].parse().unwrap();
    assert_eq!(maxval, 255, "expected 8-bit gray");
    let pixels = bytes[pos..].to_vec();
    assert_eq!(pixels.len(), width * height, "PGM data length");
    Page { width, height, pixels }
}

/// The first non-white pixel inside the blank bands of a page, if any, as (x mm, y mm, value).
fn ink_in_margin_bands(page: &Page) -> Option<(f64, f64, u8)> {
    let px_per_mm_x = page.width as f64 / 210.0;
    let px_per_mm_y = page.height as f64 / 297.0;
    let bx = (BAND_MM * px_per_mm_x).floor() as usize;
    let by = (BAND_MM * px_per_mm_y).floor() as usize;
    for y in 0..page.height {
        for x in 0..page.width {
            let in_band = x < bx || x >= page.width - bx || y < by || y >= page.height - by;
            let v = page.pixels[y * page.width + x];
            if in_band && v < WHITE {
                return Some((x as f64 / px_per_mm_x, y as f64 / px_per_mm_y, v));
            }
        }
    }
    None
}

/// The body text size in the documents' CSS, and a label every document prints in its head table at that size.
const BODY_PT: f64 = 11.0;
const LABEL: &str = "企业名称";

/// Chromium never prints content past the page area: a page whose content is wider than the page is first shrunk (up
/// to half size) and what still overflows is clipped. So overflow shows as text printed smaller than its CSS size:
/// the label, four full-width glyphs, must be exactly 4 × 11 pt wide wherever it occurs.
fn assert_printed_at_css_size(pdf: &Path, name: &str, pdftotext: &Path) {
    let out = run(Command::new(pdftotext).args(["-bbox", "-enc", "UTF-8"]).arg(pdf).arg("-"), Duration::from_secs(60));
    assert!(out.status.success(), "pdftotext -bbox failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, key: &str| -> f64 {
        let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let widths: Vec<f64> = xml
        .lines()
        .filter(|l| l.trim_end().ends_with(&format!(">{LABEL}</word>")))
        .map(|l| attr(l, "xMax") - attr(l, "xMin"))
        .collect();
    assert!(!widths.is_empty(), "{name}: “{LABEL}” not found in the PDF's text layer");
    let want = BODY_PT * LABEL.chars().count() as f64;
    for w in widths {
        assert!(
            (w - want).abs() < 0.5,
            "{name}: “{LABEL}” is {w:.2} pt wide, not {want} pt: Chromium shrank the page to fit, so some content is \
             wider than the page area"
        );
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_pdf(pdf: &Path, name: &str, expected: &[&str], pdftoppm: &Path, pdftotext: &Path) {
    let dir = pdf.parent().unwrap();
    let prefix = dir.join(format!("{name}-page"));
    let is_page = |p: &Path| {
        let f = p.file_name().unwrap().to_string_lossy();
        f.starts_with(&format!("{name}-page")) && f.ends_with(".pgm")
    };
    // Pages of an earlier run (when YANSHOU_PRINT_OUT keeps them) must not be counted.
    for old in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| is_page(p)) {
        std::fs::remove_file(old).unwrap();
    }
    let out = run(
        Command::new(pdftoppm).args(["-r", &DPI.to_string(), "-gray"]).arg(pdf).arg(&prefix),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "pdftoppm failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    let mut pages: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| is_page(p)).collect();
    pages.sort();
    assert!(!pages.is_empty(), "{name}: the PDF has no page");
    for path in &pages {
        let page = parse_pgm(&std::fs::read(path).unwrap());
        let ratio = page.width as f64 / page.height as f64;
        assert!(
            (ratio - 210.0 / 297.0).abs() < 0.01,
            "{}: {}×{} px is not A4-shaped (ratio {ratio:.4})",
            path.display(),
            page.width,
            page.height
        );
        let expected_width = 210.0 / 25.4 * DPI;
        assert!(
            (page.width as f64 - expected_width).abs() <= 2.0,
            "{}: width {} px is not A4 at {DPI} dpi",
            path.display(),
            page.width
        );
        if let Some((x, y, v)) = ink_in_margin_bands(&page) {
            panic!(
                "{}: printed outside the margins: pixel value {v} at {x:.1} mm from the left, {y:.1} mm from the top \
                 (the outer {BAND_MM} mm must be blank)",
                path.display()
            );
        }
    }
    assert_printed_at_css_size(pdf, name, pdftotext);
    let out = run(Command::new(pdftotext).args(["-enc", "UTF-8"]).arg(pdf).arg("-"), Duration::from_secs(60));
    assert!(out.status.success(), "pdftotext failed on {name}: {}", String::from_utf8_lossy(&out.stderr));
    let text = squash(&String::from_utf8_lossy(&out.stdout));
    for want in expected {
        assert!(text.contains(&squash(want)), "{name}: the PDF's text does not contain “{want}”");
    }
    eprintln!("{name}: {} A4 page(s), margins blank", pages.len());
}

#[test]
fn documents_print_on_a4_within_the_margins() {
    let chromium = find_tool("chromium").or_else(|| find_tool("chromium-browser"));
    let pdftoppm = find_tool("pdftoppm");
    let pdftotext = find_tool("pdftotext");
    let (Some(chromium), Some(pdftoppm), Some(pdftotext)) = (chromium, pdftoppm, pdftotext) else {
        assert!(
            std::env::var_os("YANSHOU_REQUIRE_PRINT").is_none(),
            "YANSHOU_REQUIRE_PRINT is set but chromium, pdftoppm or pdftotext is not installed \
             (apt-get install chromium poppler-utils fonts-noto-cjk)"
        );
        eprintln!("chromium or poppler-utils not installed: the print test was not run");
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (p, card) = realistic_payload(&dir.path().join("data"));
    let sha: String = Sha256::digest(payload::canonical(&p)).iter().map(|b| format!("{b:02x}")).collect();
    let short = short_hash(&sha);
    let reason_head: String = long_reason().chars().take(20).collect();

    let all: Vec<&str> = p.panel.iter().map(|x| x.name.as_str()).collect();
    let scoring: Vec<&str> = p.panel.iter().filter(|x| !x.recused).map(|x| x.name.as_str()).collect();
    let signed_in: Vec<&str> = p.signins.iter().map(|x| x.name.as_str()).collect();
    let docs = [
        (
            "opinion",
            html::opinion_html(&p, &signers(&p), &sha),
            [&[short.as_str(), LONG_NAME, "手写签名"][..], &all].concat(),
        ),
        (
            "scores",
            html::score_sheet_html(&p, &card),
            [&[short.as_str(), LONG_NAME, reason_head.as_str()][..], &scoring].concat(),
        ),
        ("signin", html::signin_html(&p), [&[short.as_str(), LONG_NAME][..], &all, &signed_in].concat()),
    ];
    // YANSHOU_PRINT_OUT=DIR keeps the HTML, PDF and page images there, to look at them.
    let out = std::env::var_os("YANSHOU_PRINT_OUT").map_or_else(|| dir.path().join("print"), PathBuf::from);
    std::fs::create_dir_all(&out).unwrap();
    for (name, doc, expected) in &docs {
        let html_path = out.join(format!("{name}.html"));
        let pdf_path = out.join(format!("{name}.pdf"));
        std::fs::write(&html_path, doc).unwrap();
        print_to_pdf(&chromium, &html_path, &pdf_path, dir.path());
        check_pdf(&pdf_path, name, expected, &pdftoppm, &pdftotext);
    }
    eprintln!("printed and checked three documents in {:.1?}", started.elapsed());
}
