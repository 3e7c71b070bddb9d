//! Opening the file: pragmas, the newer-schema guard, and the embedded migrations.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Migrations in order; the database's `PRAGMA user_version` is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_segment_snapshots.sql"),
    include_str!("../migrations/0003_analysis_cache.sql"),
    include_str!("../migrations/0004_settings.sql"),
    include_str!("../migrations/0005_sync_ready.sql"),
    include_str!("../migrations/0006_data_generation.sql"),
    include_str!("../migrations/0007_store_links.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open profile database.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// Where the profile's database lives when neither `--db` nor `REPEATLENS_DB` says otherwise:
/// the OS data folder (`~/.local/share/RepeatLens` on Linux, `~/Library/Application Support` on
/// macOS, `%APPDATA%` on Windows). Debug builds use `RepeatLens-dev` so that development and tests
/// never touch a seller's real data.
pub fn default_db_path(profile: &str) -> Result<PathBuf> {
    let app = if cfg!(debug_assertions) {
        "RepeatLens-dev"
    } else {
        "RepeatLens"
    };
    let dirs = directories::ProjectDirs::from("app", "RepeatLens", app).ok_or_else(|| {
        StoreError::Folder {
            path: "(home folder)".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no home folder"),
        }
    })?;
    Ok(dirs.data_dir().join(format!("{profile}.sqlite")))
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// A file from a newer RepeatLens is refused before any pragma that writes (such as the WAL
    /// switch) touches it.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(&path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(64);
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|source| StoreError::Open {
                path: shown.clone(),
                source,
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: shown,
                found,
                known: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MB page cache for large imports.
        conn.pragma_update(None, "cache_size", -64_000)?;
        // No memory-mapped I/O: every page read through a map stays in the process' resident
        // memory (the analysis cache of a 5 M-order store is ~0.4 GB, once per connection),
        // while plain reads of cached columns go straight into the destination buffer.
        conn.pragma_update(None, "mmap_size", 0)?;
        let mut store = Store { conn, path };
        store.migrate(found)?;
        Ok(store)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The database file this store was opened from (to open more connections to it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
