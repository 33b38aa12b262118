//! Replays every file under `tests/fuzz_regressions/<target>/` (crashes the fuzzer found, and a few seeds) through
//! the fuzz targets' own bodies, on the stable toolchain and without libFuzzer: the bodies are in
//! `fuzz/src/harness.rs`, which the targets and this test both include. `scripts/fuzz.sh` copies new crashes here.

#[path = "../../fuzz/src/harness.rs"]
pub(crate) mod harness;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every regression file of `target`, naming each one that panics.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let files = files(&dir);
    assert!(!files.is_empty(), "{} holds no regression files", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|f| {
            let data = fs::read(f).unwrap();
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} panics on (message above): {failed:#?}");
}

#[test]
fn scorecard() {
    replay("scorecard", harness::scorecard);
}

#[test]
fn bundle_verify() {
    replay("bundle_verify", harness::bundle_verify);
}

#[test]
fn bundle_archive() {
    replay("bundle_archive", harness::bundle_archive);
}

#[test]
fn import() {
    replay("import", harness::import);
}

/// The seed bundles must verify against the fuzz roster, or the fuzzer no longer starts from valid bundles.
#[test]
fn seed_bundles_verify() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/bundle");
    for seed in files(&seeds) {
        let dir = tempfile::tempdir().unwrap();
        harness::write_bundle(&fs::read(&seed).unwrap(), dir.path());
        let b = yanshou::bundle::verify::read(dir.path()).unwrap();
        let v = yanshou::bundle::verify::verify(&b, harness::roster());
        assert!(
            v.accepted,
            "{} no longer verifies: {:?}\n(regenerate the seeds: cargo run --manifest-path fuzz/Cargo.toml --example make_seeds)",
            seed.display(),
            v.problems
        );
    }
}

/// The archive seeds are the seed bundles in one file each, and verify as the folders do (with
/// `YANSHOU_WRITE_SEEDS=1`, they are written anew from the seed bundles first).
#[test]
fn seed_archives_are_the_seed_bundles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let write = std::env::var_os("YANSHOU_WRITE_SEEDS").is_some();
    for seed in files(&root.join("bundle")) {
        let name = seed.file_stem().unwrap().to_string_lossy().to_string();
        let archive = root.join("archive").join(format!("{name}.yanshou.zip"));
        let expected = harness::archive_of(&fs::read(&seed).unwrap());
        if write {
            fs::create_dir_all(archive.parent().unwrap()).unwrap();
            fs::write(&archive, &expected).unwrap();
        }
        let bytes = fs::read(&archive).unwrap_or_else(|e| panic!("{}: {e}", archive.display()));
        assert!(
            bytes == expected,
            "{} is not the archive of {}: YANSHOU_WRITE_SEEDS=1 writes it anew",
            archive.display(),
            seed.display()
        );
        harness::bundle_archive(&bytes);
        let b = yanshou::bundle::read::read_archive(bytes, &archive).unwrap();
        let v = yanshou::bundle::verify::verify(&b, harness::roster());
        assert!(v.accepted, "{}: {:?}", archive.display(), v.problems);
    }
}
