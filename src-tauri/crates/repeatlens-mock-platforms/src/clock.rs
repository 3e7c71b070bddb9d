//! The controllable clock every mock runs on.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// A controllable clock shared by a mock and its tests (cheap to clone). It keeps
/// milliseconds, so a rate-limit bucket refills smoothly when a test keeps it on real time.
#[derive(Debug, Clone)]
pub struct MockClock {
    ms: Arc<AtomicI64>,
}

impl MockClock {
    /// A clock reading `unix_secs`.
    pub fn at(unix_secs: i64) -> MockClock {
        MockClock {
            ms: Arc::new(AtomicI64::new(unix_secs * 1000)),
        }
    }

    /// A clock reading the real current time (it does not move by itself).
    pub fn real_now() -> MockClock {
        MockClock::at(real_unix_now())
    }

    /// Current mock time (Unix seconds).
    pub fn now(&self) -> i64 {
        self.ms.load(Ordering::SeqCst).div_euclid(1000)
    }

    /// Current mock time in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.ms.load(Ordering::SeqCst)
    }

    /// Sets the time in Unix milliseconds.
    pub fn set_ms(&self, unix_ms: i64) {
        self.ms.store(unix_ms, Ordering::SeqCst);
    }

    /// Sets the time.
    pub fn set(&self, unix_secs: i64) {
        self.ms.store(unix_secs * 1000, Ordering::SeqCst);
    }

    /// Moves the time forward (or back, if negative).
    pub fn advance(&self, secs: i64) {
        self.ms.fetch_add(secs * 1000, Ordering::SeqCst);
    }
}

/// The real current time in Unix seconds (0 if the system clock is before 1970).
pub(crate) fn real_unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
