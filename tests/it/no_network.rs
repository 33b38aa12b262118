//! yanshou runs on air-gapped laptops: no network code may enter the program. Two checks: no networking crate or
//! networking feature in the dependency tree, and no socket function imported by the built binary.

use std::process::Command;

/// Crates whose purpose is the network.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "h2",
    "h3",
    "quinn",
    "rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "tokio-rustls",
    "socket2",
    "trust-dns-resolver",
    "hickory-resolver",
    "async-std",
    "attohttpc",
    "tungstenite",
    "tokio-tungstenite",
    "reqwest-middleware",
    "libssh2-sys",
    "ssh2",
];

/// Features that turn networking on in crates that are otherwise fine.
const NETWORK_FEATURES: &[(&str, &str)] = &[("mio", "net"), ("tokio", "net"), ("getrandom", "js")];

/// Who may enable such a feature, and why it is no network: crossterm's signal handling (signal-hook-mio) turns on
/// mio's "net" for a Unix socket *pair* inside the process (the self-pipe that wakes the event loop on SIGWINCH).
const ALLOWED_ENABLERS: &[(&str, &str, &str)] = &[("mio", "net", "signal-hook-mio")];

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The crates that enable `krate`'s `feature`, from `cargo tree -i`.
fn enablers(krate: &str, feature: &str) -> Vec<String> {
    let out = cargo()
        .args(["tree", "--locked", "-e", "features", "-i", krate, "--target", "all", "--prefix", "depth"])
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let head = format!("1{krate} feature \"{feature}\"");
    let mut lines = text.lines().skip_while(|l| *l != head);
    lines.next();
    lines
        .take_while(|l| !l.starts_with('1') && !l.starts_with('0'))
        .filter(|l| l.starts_with('2'))
        .filter_map(|l| l[1..].split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn no_networking_crate_or_feature_in_the_dependency_tree() {
    let out = cargo()
        .args(["tree", "--locked", "-e", "normal,build,features", "--prefix", "none", "--target", "all"])
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    let mut found = Vec::new();
    for line in tree.lines() {
        let mut words = line.split_whitespace();
        let name = words.next().unwrap_or("");
        if NETWORK_CRATES.contains(&name) {
            found.push(line.to_string());
        }
        for (krate, feature) in NETWORK_FEATURES {
            if name == *krate && line.contains(&format!("feature \"{feature}\"")) {
                let by = enablers(krate, feature);
                let allowed = !by.is_empty()
                    && by.iter().all(|b| ALLOWED_ENABLERS.iter().any(|(k, f, e)| k == krate && f == feature && e == b));
                if !allowed {
                    found.push(format!("{line} (enabled by {})", by.join(", ")));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(found.is_empty(), "network code entered the dependency tree:\n{}", found.join("\n"));
    assert!(tree.lines().any(|l| l.starts_with("rusqlite")), "the tree was read");
}

#[test]
fn the_binary_imports_no_socket_function() {
    let bin = env!("CARGO_BIN_EXE_yanshou");
    let Ok(out) = Command::new("nm").arg("-D").arg(bin).output() else {
        eprintln!("nm not installed: the binary's imports were not checked");
        return;
    };
    assert!(out.status.success(), "nm failed: {}", String::from_utf8_lossy(&out.stderr));
    let symbols = String::from_utf8_lossy(&out.stdout);
    let imported: Vec<&str> = symbols.lines().filter_map(|l| l.split_whitespace().last()).collect();
    assert!(imported.len() > 10, "nm listed the imports");
    let network: Vec<&&str> = imported
        .iter()
        .filter(|s| {
            let base = s.split('@').next().unwrap_or("");
            // socketpair (an in-process Unix socket pair, see ALLOWED_ENABLERS) is not network.
            [
                "socket",
                "connect",
                "getaddrinfo",
                "gethostbyname",
                "bind",
                "listen",
                "accept",
                "accept4",
                "sendto",
                "recvfrom",
            ]
            .contains(&base)
        })
        .collect();
    assert!(network.is_empty(), "the binary imports socket functions: {network:?}");
}
