//! Where yanshou keeps its data: `--data-dir`, else `YANSHOU_DATA_DIR`, else the platform's data directory.

use std::path::PathBuf;

pub const ENV_DATA_DIR: &str = "YANSHOU_DATA_DIR";

/// The data directory: the explicit one if given (the command line has already merged `YANSHOU_DATA_DIR`), else
/// the platform default from the `directories` crate (`~/.local/share/yanshou` on Linux).
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| directories::ProjectDirs::from("", "", "yanshou").map(|d| d.data_dir().to_path_buf()))
}
