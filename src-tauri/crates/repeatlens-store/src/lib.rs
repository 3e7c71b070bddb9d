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
//!
//! # Synced data (schema v5)
//!
//! A seller often imports CSV exports first and links the store to its platform later, so one
//! store holds records of both origins. Every customer, order, refund and product row has a
//! `source` (`file` or `api`) and these rules decide which version of a record is kept (the
//! details, and the two key bridges, are in the `writer` module docs):
//! - **API beats file.** An API record with the same `(store, platform_id)` as a file row
//!   updates it in place and flips it to `api`; a later file import of that key is counted
//!   unchanged (`WriteCounts::stale`) and changes nothing. A file customer keyed by its email
//!   (CSV exports have no customer ids) is adopted by the API customer with that email. When an
//!   order becomes `api`, its file refunds (the CSV's refunded amount) are dropped: the API's
//!   refunds, keyed by the platform's refund id, replace them. No duplicated customers, no
//!   refund counted twice.
//! - **Newer beats older.** A record whose `updated_at` is older than the stored one's is
//!   counted unchanged and stale.
//! - **Tombstones stay** (`deleted_at`, [`Writer::delete_order`]): deleted orders and customers
//!   leave every scan and summary; only an API record newer than the deletion revives one.
//!
//! Raw platform payloads live in `raw_payloads` (by store, kind and platform id), never in the
//! compared rows: a volatile JSON field is not a change and does not slow `scan_orders`;
//! [`Store::scan_raw_payloads`] reads them back for a local re-derive. A sync writes each page
//! with [`Store::write_store`] and commits its checkpoint ([`Writer::set_checkpoint`]) and its
//! run's counts ([`Writer::attach_run`]) in the same transaction, so a crash redoes a page and
//! never skips one. [`Writer::anonymise_customer`] erases a person and keeps the numbers.
#![warn(missing_docs)]

mod cache;
pub mod contacts;
pub mod model;
mod open;
mod profile;
mod rows;
mod snapshots;
mod summary;
mod sync;
mod writer;

pub use cache::ColumnCache;
pub use model::*;
pub use open::{default_db_path, Store, SCHEMA_VERSION};
pub use profile::{CustomerProfile, ProfileLine, ProfileOrder, ProfileRefund, ProfileSnapshot};
pub use rows::{CustomerRow, FxRate, LineRow, OrderRow, RefundRow};
pub use snapshots::SnapshotRow;
pub use summary::{local_minute, StoreInfo, StoreStats, StoreSummary};
pub use sync::{Checkpoint, RawKind, RawPayload, SavedCheckpoint, StoreLink, SyncRun, SyncStatus};
pub use writer::{unix_now, Change, WriteCounts, Writer};

/// Everything that can go wrong with the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file was written by a newer RepeatLens; it is refused before anything is written.
    #[error(
        "the database {path} was written by a newer RepeatLens (schema version {found}; this \
         version knows up to {known}). It was left untouched: update RepeatLens to open it."
    )]
    NewerSchema {
        /// The database file, as shown to the seller.
        path: String,
        /// The schema version recorded in the file.
        found: i64,
        /// [`SCHEMA_VERSION`] of this build.
        known: i64,
    },
    /// SQLite could not open the file (or read its schema version).
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The database file, as shown to the seller.
        path: String,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// The folder the database goes in could not be created (or there is no home folder).
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        /// The folder, as shown to the seller.
        path: String,
        /// The file system's error.
        #[source]
        source: std::io::Error,
    },
    /// No store by that name (or id, written as text).
    #[error("no store named '{0}'.")]
    NoSuchStore(String),
    /// No customer with that platform id in the store.
    #[error("no customer '{0}' in this store")]
    NoSuchCustomer(String),
    /// Another store already has this platform identity.
    #[error("{external_id} is already linked as the store '{store}'")]
    AlreadyLinked {
        /// The platform identity (shop domain, site URL).
        external_id: String,
        /// The store that has it.
        store: String,
    },
    /// Another store already has this name.
    #[error("a store named '{0}' already exists: choose another name")]
    NameTaken(String),
    /// No sync run with that id.
    #[error("no sync run {0} in this database")]
    NoSuchSyncRun(i64),
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// This crate's results: [`StoreError`] unless said otherwise.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether a database error means "another connection holds the write lock" (an import or a
/// sync is writing and the busy timeout ran out): the caller may retry later, nothing is wrong
/// with the file.
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
