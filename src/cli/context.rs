//! What every command starts from: the data directory and the actor the global flags (or the environment) name, the
//! catalog of sheets, and the one way a command opens the database.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use yanshou::builtin::load_catalog;
use yanshou::domain::scorecard::Catalog;
use yanshou::paths::{ENV_DATA_DIR, data_dir};
use yanshou::store::Store;

/// The global flags, checked.
pub(crate) struct Context {
    /// The data directory, when there is one (given, from the environment, or the platform's).
    pub dir: Option<PathBuf>,
    /// Who `--actor` says is recorded in the audit log (else the store's default: $YANSHOU_ACTOR or the login name).
    pub actor: Option<String>,
}

impl Context {
    /// The context of a command line: refuses an empty `--data-dir`, a data directory that is a file and an actor
    /// that is not one short line of text.
    pub fn new(data_dir_flag: Option<PathBuf>, actor: Option<String>) -> Result<Context> {
        if data_dir_flag.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
            bail!("--data-dir is empty; give a folder, or leave it out for the default");
        }
        let dir = data_dir(data_dir_flag.or_else(|| std::env::var_os(ENV_DATA_DIR).map(PathBuf::from)));
        if let Some(d) = &dir
            && d.exists()
            && !d.is_dir()
        {
            bail!("the data directory {} is a file, not a folder", d.display());
        }
        let max = yanshou::domain::text::MAX_NAME;
        if let Some(a) = &actor {
            yanshou::domain::text::one_line(a, "--actor", max, true).map_err(anyhow::Error::msg)?;
        }
        if let Ok(a) = std::env::var("YANSHOU_ACTOR")
            && !a.trim().is_empty()
        {
            yanshou::domain::text::one_line(&a, "YANSHOU_ACTOR", max, true).map_err(anyhow::Error::msg)?;
        }
        Ok(Context { dir, actor })
    }

    /// The data directory, for a command that needs one.
    pub fn data_dir(&self) -> Result<&Path> {
        match &self.dir {
            Some(d) => Ok(d),
            None => bail!("no data directory found; pass --data-dir DIR"),
        }
    }

    /// The database of the data directory, opened and checked whole, with `--actor` recorded for what the command
    /// changes.
    pub fn open_store(&self) -> Result<Store> {
        let mut store = Store::open_in(self.data_dir()?)?;
        self.set_actor(&mut store);
        Ok(store)
    }

    /// Gives the store `--actor`, if it was given.
    pub fn set_actor(&self, store: &mut Store) {
        if let Some(a) = self.actor.as_deref() {
            store.set_actor(a);
        }
    }

    /// The catalog: the built-in sheets and the data directory's; problems in the data directory's extra files are
    /// warnings, the built-ins still load.
    pub fn catalog(&self) -> Catalog {
        let (catalog, errors) = load_catalog(self.dir.as_deref());
        for e in errors {
            eprintln!("warning: {e}");
        }
        catalog
    }
}
