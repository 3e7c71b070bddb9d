//! One run per store at a time, across processes.
//!
//! Why a lock file and not a row: a process killed mid-run cannot clear a row, but the OS
//! releases its file lock when it dies, so a killed sync never blocks the next one.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::SyncError;

/// Held for the whole of a run; dropping it releases the store.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// The lock file of store `store_id` of the database `db`.
fn lock_path(db: &Path, store_id: i64) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".sync-{store_id}.lock"));
    db.with_file_name(name)
}

impl RunLock {
    /// Takes store `store_id`'s lock, or fails at once with [`SyncError::AlreadySyncing`].
    pub fn acquire(db: &Path, store_id: i64, store_name: &str) -> Result<RunLock, SyncError> {
        let path = lock_path(db, store_id);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| SyncError::BadResponse {
                url: path.display().to_string(),
                detail: format!("cannot create the sync lock file: {e}"),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(SyncError::AlreadySyncing {
                store: store_name.to_string(),
            }),
            Err(TryLockError::Error(e)) => Err(SyncError::BadResponse {
                url: path.display().to_string(),
                detail: format!("cannot lock the sync lock file: {e}"),
            }),
        }
    }

    /// Whether some process is syncing store `store_id` now.
    pub fn is_held(db: &Path, store_id: i64) -> bool {
        let Ok(file) = OpenOptions::new().write(true).open(lock_path(db, store_id)) else {
            return false;
        };
        matches!(file.try_lock(), Err(TryLockError::WouldBlock))
    }
}
