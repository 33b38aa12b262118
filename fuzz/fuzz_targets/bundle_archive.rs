#![no_main]
//! `cargo fuzz run bundle_archive`: see fuzz/README.md. The body is in fuzz/src/harness.rs, shared with tests/it/fuzz_regressions.rs.

#[path = "../src/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::bundle_archive(data));
