//! Compiles the built-in data files into the binary: every `scorecards/*.toml` and `scorecards/provinces/*.toml`, and
//! every `calendars/*.toml`.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn list(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cards = root.join("scorecards");
    let provinces = cards.join("provinces");
    println!("cargo:rerun-if-changed=scorecards");
    println!("cargo:rerun-if-changed=scorecards/provinces");
    let mut out = String::from(
        "/// Built-in data files: (name, is a province file, text).\npub static BUILTIN: &[(&str, bool, &str)] = &[\n",
    );
    for name in list(&provinces) {
        let path = provinces.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(out, "    (\"provinces/{name}\", true, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    for name in list(&cards) {
        let path = cards.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(out, "    ({name:?}, false, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(dest, out).unwrap();

    let calendars = root.join("calendars");
    println!("cargo:rerun-if-changed=calendars");
    let mut out = String::from(
        "/// Built-in calendar files: (name, text).\npub static BUILTIN_CALENDARS: &[(&str, &str)] = &[\n",
    );
    for name in list(&calendars) {
        let path = calendars.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("calendars.rs"), out).unwrap();
}
