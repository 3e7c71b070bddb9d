//! Why a sync stopped, as a seller (and the app's error codes) can act on it.

use repeatlens_store::StoreError;

/// Everything that can stop a sync. [`SyncError::code`] is what `sync_runs.error_code` stores
/// and what the app's error codes are built from; the `Display` text is English for the CLI.
/// No variant ever carries a token or secret: connectors pass the platform's own error
/// message, which names no credential.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The platform refused the credentials (HTTP 401/403: key revoked, app uninstalled,
    /// token expired for good). Not retried: the store must be linked again.
    #[error("the platform refused the store's credentials (HTTP {status}: {detail}); link the store again")]
    RelinkNeeded {
        /// The HTTP status (401 or 403).
        status: u16,
        /// The platform's message.
        detail: String,
    },
    /// Still rate-limited after every retry.
    #[error("the platform is rate-limiting requests; try again in {retry_after_secs} s")]
    RateLimited {
        /// How long the platform asked to wait, in seconds.
        retry_after_secs: u64,
    },
    /// The network failed on every attempt (no connection, timeouts, resets).
    #[error("cannot reach {host}: {detail}")]
    Offline {
        /// The host that could not be reached.
        host: String,
        /// The last transport error.
        detail: String,
    },
    /// The server kept failing (5xx) or sending broken bodies.
    #[error("{host} kept failing (HTTP {status}) after {attempts} attempts: {detail}")]
    Server {
        /// The host.
        host: String,
        /// The last HTTP status (0 for a broken body).
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// The last error.
        detail: String,
    },
    /// The platform answered something a connector cannot use (a 4xx other than auth, a body
    /// that is not what the platform documents).
    #[error("unexpected answer from {url}: {detail}")]
    BadResponse {
        /// The request, without credentials.
        url: String,
        /// What was wrong.
        detail: String,
    },
    /// The URL is not a site of this platform (checked when linking).
    #[error("{url} is not a {platform} site: {detail}")]
    NotPlatform {
        /// The URL given.
        url: String,
        /// `WooCommerce`, `Shopify`, …
        platform: &'static str,
        /// What was found instead.
        detail: String,
    },
    /// A plain `http://` URL other than loopback: credentials would cross the network in clear.
    #[error("{url} uses plain http: use its https:// address (credentials must not cross the network unencrypted)")]
    PlainHttp {
        /// The URL given.
        url: String,
    },
    /// The credentials work but cannot read orders (a write-only WooCommerce key, a Shopify
    /// token without `read_orders`).
    #[error("the credentials cannot read {what}: {detail}")]
    NoReadPermission {
        /// What could not be read.
        what: String,
        /// The platform's message.
        detail: String,
    },
    /// Another run of this store is in progress (in this or another process).
    #[error("the store '{store}' is already syncing; wait for that run to finish")]
    AlreadySyncing {
        /// The store's name.
        store: String,
    },
    /// The store is not linked to a platform (a store of file imports).
    #[error("the store '{store}' is not linked to a platform")]
    NotLinked {
        /// The store's name.
        store: String,
    },
    /// The run was cancelled.
    #[error("the sync was cancelled; what was written so far is kept and the next sync continues from there")]
    Cancelled,
    /// The OS keyring failed (locked, absent, entry missing).
    #[error("the system keyring: {0}")]
    Keyring(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// The machine-readable code stored in `sync_runs.error_code`.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::RelinkNeeded { .. } => "relink_needed",
            SyncError::RateLimited { .. } => "rate_limited",
            SyncError::Offline { .. } => "offline",
            SyncError::Server { .. } => "server_error",
            SyncError::BadResponse { .. } => "bad_response",
            SyncError::NotPlatform { .. } => "not_platform",
            SyncError::PlainHttp { .. } => "plain_http",
            SyncError::NoReadPermission { .. } => "no_read_permission",
            SyncError::AlreadySyncing { .. } => "already_syncing",
            SyncError::NotLinked { .. } => "not_linked",
            SyncError::Cancelled => "cancelled",
            SyncError::Keyring(_) => "keyring",
            SyncError::Store(_) => "database",
        }
    }
}
