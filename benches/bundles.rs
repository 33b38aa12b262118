//! The support unit's side: verifying and importing signed bundles, and compiling 10,000 and 100,000 reviews to a workbook, each
//! beside the limit it is held against (one Ed25519 verification, one SQLite insert in its own transaction, the same
//! rows written with no formatting); and the real `yanshou compile` on a data directory of 100,000 imports, with its
//! peak resident memory. See BENCHMARKS.md.

use std::collections::BTreeMap;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx, open_workbook};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group};
use minisign::PublicKey;
use rusqlite::{Connection, TransactionBehavior, params};
use yanshou::bundle::compile::{CompileError, CompiledReview, write_xlsx, xlsx_bytes_from};
use yanshou::bundle::export::{current_payload, export, sign_review, signers};
use yanshou::bundle::import::{import_bundle, import_bundles};
use yanshou::bundle::keys::{self, Passphrase, generate};
use yanshou::bundle::payload::{Payload, canonical};
use yanshou::bundle::roster::{Roster, RosterEntry};
use yanshou::bundle::verify::{Bundle, MANIFEST, PAYLOAD, read, sha256_hex, verify};
use yanshou::bundle::{SignerInfo, documents, sign};
use yanshou::store::Store;
use yanshou::store::signing::ImportOutcome;
use zeroize::Zeroizing;

/// Distinct real bundles imported per measurement; throughput is reported per bundle.
const BUNDLES: usize = 1_000;
/// Reviews in the compiled workbook.
const COMPILED: usize = 10_000;
/// Reviews in the large compilation, made one at a time as the compilation reads them.
const COMPILED_LARGE: usize = 100_000;
const NOW: &str = "2026-11-28T10:00:00+08:00";
/// The demo review's experts who sign (the fourth, 陈立, recused).
const SIGNERS: [&str; 3] = ["王建国", "李秀英", "张伟"];

struct Fixture {
    root: tempfile::TempDir,
    roster: Roster,
    /// One signer's public key and signature of the original payload, for the Ed25519 limit.
    pk: PublicKey,
    minisig: String,
    payload: Payload,
    payload_bytes: Vec<u8>,
    signers: Vec<SignerInfo>,
    /// Distinct bundles: different review uids and enterprise names, each signed by the three experts.
    dirs: Vec<PathBuf>,
}

fn pw() -> Passphrase {
    Zeroizing::new("correct horse battery".to_string())
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(build_fixture)
}

/// Keys, a signed roster, the demo review finalized and signed by its three experts and exported; then
/// [`BUNDLES`] - 1 more bundles made from its payload with another uid and enterprise name, re-signed with the same
/// experts' keys (the way `sign_review` signs) and written the way `export` writes them.
fn build_fixture() -> Fixture {
    let started = Instant::now();
    let root =
        tempfile::Builder::new().prefix("yanshou-bench-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("scratch");
    let keys_dir = root.path().join("keys");
    let issuer = generate(&keys_dir, "unit", &pw()).expect("issuer key");
    let issuer_pk = keys::read_public(&issuer.public_path).expect("issuer public key");
    let mut roster = Roster::new(&issuer_pk, "2026-01-01");
    for name in SIGNERS {
        let k = generate(&keys_dir, name, &pw()).expect("expert key");
        roster
            .add(RosterEntry {
                name: name.into(),
                unit: "福建省环境科学研究院".into(),
                key_id: k.key_id,
                public_key: k.public_key,
                valid_from: "2026-01-01".into(),
                valid_until: "2027-12-31".into(),
                revoked: false,
                revoked_at: None,
            })
            .expect("roster entry");
    }
    let roster_path = root.path().join("roster.json");
    roster.save(&roster_path, &issuer.secret_path, &pw()).expect("save roster");
    let roster = Roster::load(&roster_path, &issuer_pk).expect("load roster");

    let (catalog, errors) = yanshou::builtin::load_catalog(None);
    assert!(errors.is_empty(), "{errors:?}");
    let mut panel = Store::open_in(&root.path().join("panel")).expect("panel store");
    let id = yanshou::tui::demo::load(&mut panel, &catalog).expect("demo review");
    let experts = panel.load(id).expect("load").data.experts;
    for e in &experts {
        panel.add_signin(id, &e.name, &e.unit, &e.title, "专家").expect("sign-in");
    }
    panel.finalize(id).expect("finalize");
    let card = panel.load(id).expect("load").card;
    for name in SIGNERS {
        let e = experts.iter().find(|e| e.name == name).expect("expert").id;
        sign_review(&mut panel, id, e, &keys_dir.join(format!("{name}.key")), &pw(), None, NOW).expect("sign");
    }
    let usb = root.path().join("usb");
    fs::create_dir_all(&usb).expect("usb");
    let first = export(&panel, id, &usb.join("0000")).expect("export");
    let (payload, payload_bytes, _) = current_payload(&panel, id).expect("payload");
    let signer_info = signers(&panel, id).expect("signers");
    let original = read(&first).expect("read bundle");
    let v = verify(&original, &roster);
    assert!(v.accepted, "{:?}", v.problems);

    let secret: Vec<_> = SIGNERS
        .iter()
        .map(|name| keys::open_secret(&keys_dir.join(format!("{name}.key")), &pw()).expect("open key"))
        .collect();
    let mut dirs = vec![first];
    for n in 1..BUNDLES {
        let mut p = payload.clone();
        p.review.uid = format!("{:032x}", 0xbe7c_0000_u64 + n as u64);
        p.enterprise.name = format!("第{n}号{}", payload.enterprise.name);
        let dir = usb.join(format!("{n:04}"));
        write_resigned(&original, &p, &secret, &card, &dir);
        dirs.push(dir);
    }
    let pk = secret[0].1.clone();
    let sig_rel = &original.manifest.signatures[0].signature;
    let minisig = String::from_utf8(original.files[sig_rel].clone()).expect("signature text");
    eprintln!(
        "prepared {BUNDLES} signed bundles in {:.1} s (payload.json {} bytes, {} signatures each)",
        started.elapsed().as_secs_f64(),
        payload_bytes.len(),
        original.manifest.signatures.len()
    );
    Fixture { root, roster, pk, minisig, payload, payload_bytes, signers: signer_info, dirs }
}

/// Every file under `dir` by its path in the bundle.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// Writes `original` with another payload: signed anew by each expert, documents rendered again the way export renders
/// them, manifest rehashed.
fn write_resigned(
    original: &Bundle,
    p: &Payload,
    secret: &[(minisign::SecretKey, PublicKey)],
    card: &yanshou::domain::scorecard::Scorecard,
    dir: &Path,
) {
    let bytes = canonical(p);
    let sha = sha256_hex(&bytes);
    let mut files = original.files.clone();
    files.insert(PAYLOAD.into(), bytes.clone());
    let mut signed = BTreeMap::new();
    for (s, (sk, pk)) in original.manifest.signatures.iter().zip(secret) {
        assert_eq!(s.key_id, keys::key_id(pk), "signatures in the order the experts signed");
        let trusted = format!(
            "yanshou sign review={} rev={} expert={} payload={sha} at={NOW}",
            p.review.uid, p.review.revision, s.expert
        );
        files.insert(s.signature.clone(), sign::sign(sk, pk, &bytes, &trusted).expect("sign").into_bytes());
        signed.insert(s.expert.clone(), documents::signer(s, &trusted, None));
    }
    let signers = documents::panel_signers(&p.panel, signed);
    for (rel, content) in documents::derived_files(p, &sha, card, &signers, &original.manifest.signatures) {
        files.insert(rel, content);
    }
    let mut manifest = original.manifest.clone();
    manifest.review_uid = p.review.uid.clone();
    manifest.payload_sha256 = sha;
    for (rel, content) in &files {
        manifest.files.insert(rel.clone(), sha256_hex(content));
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs::write(path, content).expect("write");
    }
    fs::write(dir.join(MANIFEST), serde_json::to_vec_pretty(&manifest).expect("manifest")).expect("write manifest");
}

fn bench_verify_import(c: &mut Criterion) {
    let f = fixture();
    let bundles: Vec<Bundle> = f.dirs.iter().map(|d| read(d).expect("read")).collect();
    for b in &bundles {
        let v = verify(b, &f.roster);
        assert!(v.accepted, "{}: {:?}", b.dir.display(), v.problems);
    }
    let mut g = c.benchmark_group("bundles");
    // Each iteration handles all the bundles (a second or so): the same iteration count per sample.
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(BUNDLES as u64));
    g.bench_function(format!("verify_{BUNDLES}_read_from_disk"), |b| {
        b.iter(|| {
            for d in &f.dirs {
                let v = verify(&read(d).expect("read"), &f.roster);
                assert!(v.accepted);
            }
        })
    });
    // The same bundles as one archive file each (`export --out NAME.yanshou.zip`), packed outside the measurement.
    let archives: Vec<PathBuf> = f
        .dirs
        .iter()
        .map(|d| {
            let path = d.with_extension("yanshou.zip");
            if !path.exists() {
                fs::write(&path, yanshou::files::archive::write(&files_in(d)).expect("pack")).expect("write archive");
            }
            path
        })
        .collect();
    g.bench_function(format!("verify_{BUNDLES}_read_from_archives"), |b| {
        b.iter(|| {
            for a in &archives {
                let v = verify(&read(a).expect("read"), &f.roster);
                assert!(v.accepted);
            }
        })
    });
    g.bench_function(format!("verify_{BUNDLES}_in_memory"), |b| {
        b.iter(|| {
            for bundle in &bundles {
                assert!(verify(black_box(bundle), &f.roster).accepted);
            }
        })
    });
    // A new, empty support-unit database for each measurement (made outside it; the directory is returned so that it
    // is deleted after the measurement, not during it).
    let empty_unit = || {
        let d = tempfile::tempdir_in(f.root.path()).expect("dir");
        let store = Store::open_in(d.path()).expect("store");
        (store, d)
    };
    // Read, verify and store each bundle in its own transaction.
    g.bench_function(format!("verify_and_import_{BUNDLES}"), |b| {
        b.iter_batched(
            empty_unit,
            |(mut store, d)| {
                for dir in &f.dirs {
                    let outcome = import_bundle(&mut store, &f.roster, dir).expect("import");
                    assert!(matches!(outcome, ImportOutcome::New { .. }), "{outcome:?}");
                }
                (store, d)
            },
            BatchSize::PerIteration,
        )
    });
    // What `yanshou import <folder>` and the support-unit screen do: read and verify on every core, store a batch of
    // bundles to a transaction.
    g.bench_function(format!("import_folder_{BUNDLES}"), |b| {
        b.iter_batched(
            empty_unit,
            |(mut store, d)| {
                let outcomes = import_bundles(&mut store, &f.roster, &f.dirs, |_, _| {}).expect("import");
                assert!(outcomes.iter().all(|o| matches!(o, ImportOutcome::New { .. })));
                (store, d)
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function(format!("import_archives_{BUNDLES}"), |b| {
        b.iter_batched(
            empty_unit,
            |(mut store, d)| {
                let outcomes = import_bundles(&mut store, &f.roster, &archives, |_, _| {}).expect("import");
                assert!(outcomes.iter().all(|o| matches!(o, ImportOutcome::New { .. })));
                (store, d)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("limits");
    g.sample_size(50).measurement_time(Duration::from_secs(3));
    // What verification adds to render a bundle's derived files again (the three documents and the key files).
    let b = &bundles[0];
    let sheet = yanshou::domain::scorecard::parse_scorecard("scorecard.toml", &b.scorecard_text).expect("sheet");
    let v = verify(b, &f.roster);
    g.bench_function("render_derived_files_one_bundle", |bench| {
        bench.iter(|| {
            documents::derived_files(
                black_box(&f.payload),
                &v.payload_sha256,
                &sheet,
                &v.signers,
                &b.manifest.signatures,
            )
        })
    });
    // One Ed25519 (minisign, prehashed) verification of the payload; a bundle here carries three.
    g.bench_function("ed25519_verify_one_payload", |b| {
        b.iter(|| sign::verify(black_box(&f.pk), black_box(&f.minisig), black_box(&f.payload_bytes)).expect("valid"))
    });
    // One insert of a payload-sized row in its own transaction, on a plain table with the store's settings.
    let db = tempfile::NamedTempFile::new_in(f.root.path()).expect("db file");
    let conn = Connection::open(db.path()).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "FULL").expect("full");
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, payload BLOB NOT NULL)")
        .expect("table");
    let mut conn = conn;
    let mut n = 0u64;
    g.bench_function("sqlite_insert_one_transaction_wal_full", |b| {
        b.iter(|| {
            n += 1;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).expect("begin");
            tx.execute("INSERT INTO t (uid, payload) VALUES (?1, ?2)", params![format!("{n:032x}"), f.payload_bytes])
                .expect("insert");
            tx.commit().expect("commit")
        })
    });
    g.finish();
}

/// [`COMPILED`] imported reviews: clones of the real payload with distinct uids and enterprise names.
fn compiled_reviews(f: &Fixture) -> Vec<CompiledReview> {
    (0..COMPILED)
        .map(|n| {
            let mut p = f.payload.clone();
            p.review.uid = format!("{:032x}", 0xc0_0000_u64 + n as u64);
            p.enterprise.name = format!("第{n}号{}", f.payload.enterprise.name);
            let sha = sha256_hex(&canonical(&p));
            CompiledReview {
                payload: p,
                signers: f.signers.clone(),
                payload_sha256: sha,
                imported_at: NOW.into(),
                superseded: false,
            }
        })
        .collect()
}

/// Every sheet of a workbook as plain values.
fn read_sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open workbook");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// The same cells written with no formatting: strings and numbers only, no formats, widths or freezing.
fn write_plain(path: &Path, sheets: &[(String, Vec<Vec<Data>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                match cell {
                    Data::String(s) => ws.write_string(r, col, s).map(|_| ()),
                    Data::Float(x) => ws.write_number(r, col, *x).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, col, *i as f64).map(|_| ()),
                    Data::Empty => Ok(()),
                    other => ws.write_string(r, col, other.to_string()).map(|_| ()),
                }
                .expect("write cell");
            }
        }
    }
    wb.save(path).expect("save");
}

/// The `n`-th review of the large compilation: the real payload with another uid and enterprise name, and a distinct
/// stand-in for its payload hash (hashing 100,000 canonical payloads would cost more than compiling them).
fn large_review(f: &Fixture, n: usize) -> CompiledReview {
    let mut p = f.payload.clone();
    p.review.uid = format!("{:032x}", 0xd0_0000_u64 + n as u64);
    p.enterprise.name = format!("第{n}号{}", f.payload.enterprise.name);
    CompiledReview {
        payload: p,
        signers: f.signers.clone(),
        payload_sha256: format!("{:064x}", (n as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)),
        imported_at: NOW.into(),
        superseded: false,
    }
}

/// A `/proc/self/status` field in kB (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix(" kB")?.parse().ok())
        .unwrap_or(0)
}

/// The same cells of 全部 and 福建 written with no formatting to constant-memory sheets: what writing the rows alone
/// costs.
fn write_plain_constant_memory(path: &Path, rows: &[Vec<Data>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in ["全部", "福建"] {
        let ws = wb.add_worksheet_with_constant_memory().expect("sheet");
        ws.set_name(name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                match cell {
                    Data::String(s) => ws.write_string(r, col, s).map(|_| ()),
                    Data::Float(x) => ws.write_number(r, col, *x).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, col, *i as f64).map(|_| ()),
                    Data::Empty => Ok(()),
                    other => ws.write_string(r, col, other.to_string()).map(|_| ()),
                }
                .expect("write cell");
            }
        }
    }
    wb.save(path).expect("save");
}

/// 100,000 reviews compiled as the reviews are made, one at a time (each dropped once its rows are written), to the
/// file on disk: wall time, and the peak resident memory of the process during the work (`VmHWM` after resetting it
/// with `/proc/self/clear_refs`), three runs; then the limit, the same rows written unformatted, in the same run.
/// Not a criterion benchmark: ten samples of 8 s would take longer than the rest of this file.
fn compile_large(f: &Fixture) {
    let out = f.root.path().join("large.xlsx");
    let reset = fs::write("/proc/self/clear_refs", "5").is_ok();
    for run in 1..=3 {
        let before = status_kb("VmRSS");
        if reset {
            let _ = fs::write("/proc/self/clear_refs", "5");
        }
        let t = Instant::now();
        let reviews = (0..COMPILED_LARGE).map(|n| Ok::<_, CompileError>(large_review(f, n)));
        let bytes = xlsx_bytes_from(&out, reviews).expect("compile");
        yanshou::files::write_replacing(&out, &bytes).expect("write");
        let took = t.elapsed();
        eprintln!(
            "compile_{COMPILED_LARGE} run {run}: {:.2} s; VmRSS before {:.1} MB, VmHWM during {:.1} MB{}; workbook {:.1} MB",
            took.as_secs_f64(),
            before as f64 / 1024.0,
            status_kb("VmHWM") as f64 / 1024.0,
            if reset { "" } else { " (not reset: the peak of the whole process)" },
            bytes.len() as f64 / 1e6,
        );
    }
    let t = Instant::now();
    (0..COMPILED_LARGE).for_each(|n| drop(black_box(large_review(f, n))));
    eprintln!(
        "compile_{COMPILED_LARGE}: making the reviews alone {:.2} s (inside the runs above)",
        t.elapsed().as_secs_f64()
    );
    let sheets = read_sheets(&out);
    let names: Vec<_> = sheets.iter().map(|(n, r)| format!("{n} ({} rows)", r.len())).collect();
    assert_eq!(sheets[0].1.len(), COMPILED_LARGE + 1, "a header and one row per review: {names:?}");
    eprintln!("compile_{COMPILED_LARGE}: sheets {}", names.join(", "));
    let plain = f.root.path().join("large-plain.xlsx");
    for run in 1..=3 {
        let t = Instant::now();
        write_plain_constant_memory(&plain, &sheets[0].1);
        eprintln!(
            "compile_{COMPILED_LARGE} limit run {run}: the same cells of 全部 and 福建 unformatted, constant memory: {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
}

/// A support unit's data directory holding [`COMPILED_LARGE`] imports, prepared once and kept under
/// `target/tmp/yanshou-bench-cache/`: the first bundle of the fixture imported for real (read, verified, stored by
/// `import_bundle`), then its stored row copied by SQL with the payload of [`large_review`] (another uid and
/// enterprise name, the canonical payload and its real hash), the same sheet text, signers and signature files. The
/// rows are those an import writes; only the log entries of the copies are missing, which nothing reading the imports
/// looks at.
fn prepared_imports(f: &Fixture) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("yanshou-bench-cache")
        .join(format!("imports-{COMPILED_LARGE}-v{IMPORTS_VERSION}"));
    if dir.join("ready").exists() {
        eprintln!("using the {COMPILED_LARGE} imports prepared before in {}", dir.display());
        return dir;
    }
    let started = Instant::now();
    let _ = fs::remove_dir_all(&dir);
    let mut store = Store::open_in(&dir).expect("store");
    let outcome = import_bundle(&mut store, &f.roster, &f.dirs[0]).expect("import");
    assert!(matches!(outcome, ImportOutcome::New { .. }), "{outcome:?}");
    drop(store);
    let mut conn = Connection::open(dir.join("yanshou.db")).expect("db");
    let (revision, sheet, signers, signatures, source): (u32, String, String, String, String) = conn
        .query_row("SELECT revision, scorecard_text, signers, signatures, source FROM imports", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("the imported row");
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).expect("tx");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO imports (uid, revision, payload_sha256, payload, scorecard_text, signers, signatures, source,
                                      imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .expect("insert");
        for n in 1..COMPILED_LARGE {
            let p = large_review(f, n).payload;
            let bytes = canonical(&p);
            let sha = sha256_hex(&bytes);
            insert
                .execute(params![p.review.uid, revision, sha, bytes, sheet, signers, signatures, source, NOW])
                .expect("copy");
        }
    }
    tx.commit().expect("commit");
    drop(conn);
    fs::write(dir.join("ready"), "").expect("mark ready");
    eprintln!(
        "prepared {COMPILED_LARGE} imports in {} ({:.0} MB) in {:.1} s",
        dir.display(),
        fs::metadata(dir.join("yanshou.db")).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    dir
}

/// Changed whenever the prepared imports would differ, so that a cached directory is not used. 2: the payloads are
/// version 2 (issue 14), and the database has migration 6.
const IMPORTS_VERSION: u32 = 2;

/// The real `yanshou compile` (the release binary) on [`prepared_imports`]: wall time and the peak resident memory of
/// the process, three runs each of the workbook alone and of the workbook with the CSV file, in turns. The peak is
/// the `ru_maxrss` that `wait4` gives for the process, which is `VmHWM` at its exit; Linux counts in it the memory of
/// the process that started it as it was when it started it, so the command is started by a fresh copy of this
/// program ([`measure_child`]), whose own few MB are printed beside it, not by this one with its fixture.
fn compile_large_command(f: &Fixture) {
    let dir = prepared_imports(f);
    let out = f.root.path().join("command");
    fs::create_dir_all(&out).expect("out");
    let (xlsx, csv) = (out.join("汇总.xlsx"), out.join("汇总.csv"));
    for run in 1..=3 {
        for with_csv in [false, true] {
            let mut cmd = std::process::Command::new(std::env::current_exe().expect("this program"));
            cmd.env(MEASURE, "1").arg(env!("CARGO_BIN_EXE_yanshou")).arg("--data-dir").arg(&dir);
            cmd.args(["compile", "--force", "--out"]).arg(&xlsx);
            if with_csv {
                cmd.arg("--csv").arg(&csv);
            }
            let t = Instant::now();
            let output = cmd.output().expect("yanshou compile");
            let took = t.elapsed();
            let said = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "yanshou compile failed: {said} {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(said.contains(&format!("{COMPILED_LARGE} review(s) compiled")), "{said}");
            let field = |name: &str| -> f64 {
                said.split_whitespace()
                    .skip_while(|w| *w != name)
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(f64::NAN)
            };
            eprintln!(
                "compile_{COMPILED_LARGE}_command run {run} ({}): {:.2} s (user {:.2} s, system {:.2} s), peak resident \
                 {:.1} MB (the program that started it: {:.1} MB); workbook {:.1} MB{}",
                if with_csv { "--out and --csv" } else { "--out" },
                took.as_secs_f64(),
                field("user_s"),
                field("sys_s"),
                field("maxrss_kb") / 1024.0,
                field("starter_rss_kb") / 1024.0,
                fs::metadata(&xlsx).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
                if with_csv {
                    format!(", CSV {:.1} MB", fs::metadata(&csv).map(|m| m.len()).unwrap_or(0) as f64 / 1e6)
                } else {
                    String::new()
                },
            );
        }
    }
}

/// Set in the environment of the fresh copy of this program that runs one command for [`compile_large_command`].
const MEASURE: &str = "YANSHOU_BENCH_MEASURE";

/// Runs the command given as the arguments, passes its output on, and prints after it `maxrss_kb` (the command's
/// `ru_maxrss` from `wait4`), `user_s`, `sys_s` and `starter_rss_kb` (this program's own resident memory when it
/// started the command).
fn measure_child() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let starter = status_kb("VmRSS");
    let child = std::process::Command::new(&args[0]).args(&args[1..]).spawn().expect("the command");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "maxrss_kb {} user_s {:.3} sys_s {:.3} starter_rss_kb {starter}",
        usage.ru_maxrss,
        secs(usage.ru_utime),
        secs(usage.ru_stime)
    );
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    std::process::exit(if ok { 0 } else { 1 });
}

/// Whether the benchmarks were asked for by a filter naming compile (or by none).
fn compile_wanted() -> bool {
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    filters.is_empty() || filters.iter().any(|a| a.contains("compile"))
}

fn bench_compile(c: &mut Criterion) {
    let f = fixture();
    if compile_wanted() {
        compile_large(f);
        compile_large_command(f);
    }
    let reviews = compiled_reviews(f);
    let out = f.root.path().join("results.xlsx");
    write_xlsx(&out, &reviews).expect("compile");
    let sheets = read_sheets(&out);
    let all: Vec<_> = sheets.iter().filter(|(n, _)| n == "全部").cloned().collect();
    assert_eq!(all[0].1.len(), COMPILED + 1, "a header and one row per review");
    eprintln!(
        "workbook: {:.1} MB; sheets {}",
        fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        sheets.iter().map(|(n, r)| format!("{n} ({} rows)", r.len())).collect::<Vec<_>>().join(", ")
    );
    let mut g = c.benchmark_group("compile_10000");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("write_xlsx", |b| b.iter(|| write_xlsx(&out, black_box(&reviews)).expect("compile")));
    let plain = f.root.path().join("plain.xlsx");
    g.bench_function("limit_same_rows_unformatted_sheet_全部_only", |b| b.iter(|| write_plain(&plain, &all)));
    g.bench_function("limit_same_cells_unformatted_all_sheets", |b| b.iter(|| write_plain(&plain, &sheets)));
    g.finish();
}

criterion_group! {
    name = verify_import;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    targets = bench_verify_import
}
criterion_group!(compile, bench_compile);

fn main() {
    if std::env::var_os(MEASURE).is_some() {
        return measure_child();
    }
    verify_import();
    compile();
    Criterion::default().configure_from_args().final_summary();
    // The fixture lives in a static, which is never dropped: remove its directory here.
    if let Some(f) = FIXTURE.get() {
        let _ = fs::remove_dir_all(f.root.path());
    }
}
