//! The sync engine: how a linked store's records get from its platform into the SQLite file.
//!
//! Why a crate of its own, without Tauri: the app (on Tauri's async runtime) and the CLI (on its
//! own) run the same syncs, and each platform's connector (`repeatlens-woocommerce`,
//! `repeatlens-shopify`, …) only has to say how to fetch one page. Everything that makes a sync
//! trustworthy lives here once:
//!
//! - **A page and its checkpoint commit together.** [`run_sync`] writes each [`Page`] the
//!   connector returns — records, raw payloads, the resource's [`Checkpoint`] and the run's
//!   counts — in one transaction ([`repeatlens_store::Store::write_store`]). A crash or a kill
//!   redoes at most one page; upserts keyed by platform ids make the redo harmless. Nothing is
//!   lost (the checkpoint never runs ahead of its records) and nothing is duplicated.
//! - **Retries that respect the platform** ([`Http`]): 429, 5xx, timeouts, resets and truncated
//!   bodies are retried with exponential backoff and full jitter, honouring `Retry-After`;
//!   401/403 are never retried (the store needs re-linking, [`SyncError::RelinkNeeded`]).
//! - **One run per store at a time**, across processes (a lock file beside the database): a
//!   second caller — the CLI while the app syncs — gets [`SyncError::AlreadySyncing`] at once.
//! - **Cancellation** ([`CancelToken`]) between pages and inside every wait, and **progress**
//!   ([`SyncProgress`]) after every page.
//! - **Secrets only in the OS keyring** ([`secrets`]): the database holds the entry's name.
//!
//! A run that cannot finish is recorded as failed (or `relink_needed`, `cancelled`) with a
//! machine-readable code; the next run continues from the last committed page.
#![warn(missing_docs)]

mod cancel;
mod connector;
mod error;
mod http;
mod lock;
mod run;
pub mod secrets;

pub use cancel::CancelToken;
pub use connector::{Connector, Page, PullRequest};
pub use error::SyncError;
pub use http::{Http, Response, RetryPolicy};
pub use lock::RunLock;
pub use run::{run_sync, store_state, StoreState, SyncOptions, SyncProgress, SyncReport};
