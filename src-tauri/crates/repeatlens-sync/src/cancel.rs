//! Cancelling a run: a flag checked between pages and inside every wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::SyncError;

/// A run's cancel flag. Clones share it; the app keeps one per job (by the UI's job id).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, not cancelled token.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// A token over an existing flag (the app's job table keeps `Arc<AtomicBool>`s).
    pub fn from_flag(flag: Arc<AtomicBool>) -> CancelToken {
        CancelToken(flag)
    }

    /// Asks the run to stop: it stops after the page being written, or at once while waiting.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// `Err(Cancelled)` once cancelled.
    pub fn check(&self) -> Result<(), SyncError> {
        if self.is_cancelled() {
            Err(SyncError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Sleeps `d`, waking every 100 ms to see whether the run was cancelled.
    pub async fn sleep(&self, d: Duration) -> Result<(), SyncError> {
        let end = tokio::time::Instant::now() + d;
        loop {
            self.check()?;
            let now = tokio::time::Instant::now();
            if now >= end {
                return Ok(());
            }
            tokio::time::sleep((end - now).min(Duration::from_millis(100))).await;
        }
    }
}
