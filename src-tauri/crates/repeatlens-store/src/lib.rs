//! The one SQLite file a profile's data lives in.
//!
//! Why a crate of its own: every other part (importers, sync, analytics, the app, the CLI) reads
//! and writes the same file, and the rules that keep it trustworthy live here once:
//! - opening sets WAL, foreign keys and a busy timeout, and runs the embedded migrations in order;
//! - a database written by a *newer* RepeatLens is refused before anything is written to it;
//! - every multi-row write goes through [`Store::write`], one transaction, so a crash or a killed
//!   process leaves the file exactly as it was before the write began;
//! - records are keyed by the platform's own ids, so writing the same record twice updates it in
//!   place (or leaves it untouched when nothing changed) instead of duplicating it.
//!
//! SQL lives in this crate only; callers speak in the record types of [`model`].

mod cache;
pub mod contacts;
pub mod model;
mod open;
mod profile;
mod rows;
mod snapshots;
mod summary;
mod writer;

pub use cache::ColumnCache;
pub use model::*;
pub use open::{default_db_path, Store, SCHEMA_VERSION};
pub use profile::{CustomerProfile, ProfileLine, ProfileOrder, ProfileRefund, ProfileSnapshot};
pub use rows::{CustomerRow, FxRate, LineRow, OrderRow, RefundRow};
pub use snapshots::SnapshotRow;
pub use summary::{local_minute, StoreInfo, StoreStats, StoreSummary};
pub use writer::{unix_now, Change, WriteCounts, Writer};

/// Everything that can go wrong with the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} was written by a newer RepeatLens (schema version {found}; this \
         version knows up to {known}). It was left untouched: update RepeatLens to open it."
    )]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no store named '{0}'.")]
    NoSuchStore(String),
    #[error("no customer '{0}' in this store")]
    NoSuchCustomer(String),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
