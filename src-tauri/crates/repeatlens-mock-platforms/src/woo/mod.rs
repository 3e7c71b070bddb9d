//! A WooCommerce REST API v3 mock: a real HTTP/1.1 server on `127.0.0.1` that answers like a
//! WordPress + WooCommerce site, from in-memory records, with fault injection.
//!
//! # What it follows
//! The WooCommerce REST API docs (`_introduction.md`, `_authentication.md`, `_orders.md`,
//! `_order-refunds.md`, `_customers.md`, `_products.md`) and WordPress core's REST conventions.
//!
//! # Documented choices
//! - **Transport**: plain HTTP. Requests are treated as if they had arrived over HTTPS (as behind
//!   a TLS-terminating proxy), so HTTP Basic and query-string keys are accepted; OAuth 1.0a
//!   signatures are not implemented (a request with only `oauth_*` parameters is anonymous).
//! - **Authentication order** (for every `wc/…` route, before route matching, as WordPress'
//!   `rest_authentication_errors` does): query-string `consumer_key` + `consumer_secret` win
//!   over the `Authorization` header (as WooCommerce's basic auth does). An unknown or revoked
//!   key → 401 `woocommerce_rest_authentication_error` "Consumer key is invalid."; a wrong
//!   secret → "Consumer secret is invalid."; an `Authorization` header that the server strips
//!   ([`WooConfig::strip_authorization`]) → "Consumer key is missing.". These 401s carry a
//!   `WWW-Authenticate: Basic realm=…` header. No credentials at all → 401
//!   `woocommerce_rest_cannot_view` ("Sorry, you cannot list resources." on collections,
//!   "Sorry, you cannot view this resource." on single objects); so does a write-only key on a
//!   GET. The WordPress index `/wp-json/` needs no key.
//! - **Methods**: only GET and HEAD are served. Any other method answers 404 `rest_no_route`
//!   ("No route was found matching the URL and request method"), which is what WordPress says
//!   when no handler matches the method.
//! - **Paging**: `page` ≥ 1, `per_page` 1–100 (else 400 `rest_invalid_param` in WordPress'
//!   shape, with `data.params` and `data.details`), `offset` overrides `page`. `X-WP-Total` is
//!   the number of matching records (ignoring paging), `X-WP-TotalPages` = ceil(total/per_page).
//!   **A page beyond the last answers 200 `[]`** with the same totals (WooCommerce's CRUD
//!   controllers do not raise WordPress' `rest_post_invalid_page_number`).
//! - **Link header**: one `Link` header, comma-joined (as the docs print it), with
//!   `rel="first"` (when page > 1), `rel="prev"` (page > 1; clamped to the last page, as
//!   WooCommerce does), `rel="next"` (page < last) and `rel="last"` (page < last). URLs are
//!   absolute, built from the request's `Host`, keep every query parameter of the request
//!   (including `consumer_key`/`consumer_secret`, as WordPress does) and replace `page`. Real
//!   WordPress may send one `Link` line per relation instead: clients should read all `Link`
//!   header values and split on commas.
//! - **Date filters**: `after`/`before` compare the creation date, `modified_after`/
//!   `modified_before` the modification date, all **exclusive** (WordPress `date_query`
//!   defaults). With `dates_are_gmt=true` the `*_gmt` columns are compared, otherwise the
//!   site-local ones. A value without a zone is compared as written; a value with `Z` or an
//!   offset is first converted to **site-local time** (what `WP_Date_Query` does), even when
//!   `dates_are_gmt=true` — so send zone-less GMT values with `dates_are_gmt=true`.
//! - **Sorting**: `orderby=date` sorts by creation date with ID as tie-breaker (WooCommerce's
//!   `date ID`); there is no `orderby=modified` (400 `rest_invalid_param`).
//! - **Refunds of an unknown order**: `/orders/{id}/refunds` answers 200 `[]` (the refunds
//!   query simply finds no children).
//! - **Fault injection** happens before authentication (as a proxy or WAF would) and is logged
//!   with the status sent (0 for [`FaultKind::Reset`]).

mod data;
mod model;
mod server;

pub use crate::clock::MockClock;
pub use data::{recalc_totals, DataError, WooData, GENERATED_END_UNIX};
pub use model::{
    cents_to_money, format_wc_date, money_to_cents, Billing, CouponLine, Customer, FeeLine,
    LineItem, LineTax, MetaData, Order, Product, Refund, RestUrls, Shipping, ShippingLine, TaxLine,
};

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a REST API key may do (WooCommerce's `read`, `write`, `read_write`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// `read`: GET only.
    Read,
    /// `write`: no GET (401 `woocommerce_rest_cannot_view`).
    Write,
    /// `read_write`.
    ReadWrite,
}

/// Configuration of a [`WooMock`] site.
#[derive(Debug, Clone)]
pub struct WooConfig {
    /// The one valid consumer key.
    pub consumer_key: String,
    /// Its consumer secret.
    pub consumer_secret: String,
    /// What the key may do.
    pub permission: Permission,
    /// Simulates a web server that drops the `Authorization` header: Basic auth then fails with
    /// 401 "Consumer key is missing."; query-string keys still work.
    pub strip_authorization: bool,
    /// Pretty permalinks on (`/wp-json/…` works). When off, `/wp-json/…` answers 404
    /// `rest_no_route` and only `/?rest_route=/wc/v3/…` works.
    pub pretty_permalinks: bool,
    /// Site timezone as a fixed UTC offset in seconds: `date_*` fields are local, `date_*_gmt` UTC.
    pub site_utc_offset_secs: i32,
    /// `per_page` when the request gives none (WordPress' default is 10).
    pub default_per_page: u32,
    /// Delay added to every answer.
    pub latency: Duration,
}

impl Default for WooConfig {
    fn default() -> Self {
        WooConfig {
            consumer_key: "ck_test".into(),
            consumer_secret: "cs_test".into(),
            permission: Permission::ReadWrite,
            strip_authorization: false,
            pretty_permalinks: true,
            site_utc_offset_secs: 0,
            default_per_page: 10,
            latency: Duration::ZERO,
        }
    }
}

/// Which requests a [`Fault`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Every request.
    Any,
    /// `GET /wc/v3/orders`.
    Orders,
    /// `GET /wc/v3/orders/{id}`.
    Order,
    /// `GET /wc/v3/orders/{id}/refunds` and `/refunds/{refund_id}`.
    Refunds,
    /// `GET /wc/v3/customers` and `/customers/{id}`.
    Customers,
    /// `GET /wc/v3/products` and `/products/{id}`.
    Products,
    /// The index routes `/wp-json/` and `/wp-json/wc/v3`.
    Index,
}

/// A one-shot fault for the next request matching `route`.
#[derive(Debug, Clone)]
pub struct Fault {
    /// Which requests it applies to.
    pub route: Route,
    /// What happens.
    pub kind: FaultKind,
}

/// What an injected fault does.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answer this status with a WordPress-style JSON error body (`{code, message, data:
    /// {status}}`; code `internal_server_error` for 500, `http_<status>` otherwise) and, if
    /// given, a `Retry-After: <seconds>` header.
    Status {
        /// HTTP status, e.g. 429, 500, 502, 503.
        status: u16,
        /// `Retry-After` seconds.
        retry_after: Option<u32>,
    },
    /// Close the connection (with a TCP reset) without any response.
    Reset,
    /// Send the real response's headers with the full `Content-Length`, then only half of the
    /// body, then close.
    TruncatedBody,
    /// Delay this answer by the duration, then answer normally.
    Slow(Duration),
    /// 401 `woocommerce_rest_authentication_error` "Consumer key is invalid.", as if the key
    /// had just been revoked (once; see [`WooMock::revoke_key`] for a permanent revocation).
    Unauthorized,
}

/// How a request authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthUsed {
    /// HTTP Basic `consumer_key:consumer_secret`.
    Basic,
    /// `consumer_key`/`consumer_secret` query parameters.
    QueryString,
    /// No credentials (or a header the server stripped).
    None,
}

/// One served request, as logged by [`WooMock::requests`] and passed to hooks.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestInfo {
    /// HTTP method.
    pub method: String,
    /// URL path (e.g. "/wp-json/wc/v3/orders" or "/").
    pub path: String,
    /// Decoded query pairs in request order.
    pub query: Vec<(String, String)>,
    /// Credentials the request carried (whether valid or not).
    pub auth: AuthUsed,
    /// Status sent (0 when the connection was reset without a response).
    pub status: u16,
    /// Mock-clock time the request was served.
    pub at_unix: i64,
}

impl RequestInfo {
    /// The value of a query parameter (last occurrence), if present.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

type Hook = Box<dyn FnMut(&RequestInfo, &mut Control<'_>) + Send + 'static>;

/// What a hook registered with [`WooMock::on_request_control`] may change between two
/// requests: the records, the fault queue and the key's revocation.
pub struct Control<'a> {
    /// The live records.
    pub data: &'a mut WooData,
    pub(crate) faults: &'a mut VecDeque<Fault>,
    pub(crate) revoked: &'a mut bool,
}

impl Control<'_> {
    /// Queues a fault for the next requests matching its route (as [`WooMock::push_fault`]).
    pub fn push_fault(&mut self, fault: Fault) {
        self.faults.push_back(fault);
    }

    /// Revokes the key for good (as [`WooMock::revoke_key`]).
    pub fn revoke_key(&mut self) {
        *self.revoked = true;
    }
}

pub(crate) struct State {
    pub(crate) data: WooData,
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) hooks: Vec<Hook>,
    pub(crate) log: Vec<RequestInfo>,
    pub(crate) revoked: bool,
}

pub(crate) struct Shared {
    pub(crate) config: WooConfig,
    pub(crate) state: Mutex<State>,
    pub(crate) clock: MockClock,
    pub(crate) in_flight: AtomicUsize,
    pub(crate) max_in_flight: AtomicUsize,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running WooCommerce mock site. It serves on its own thread with its own tokio runtime, so
/// both blocking and async tests can talk to it. Dropping it stops the server.
pub struct WooMock {
    shared: Arc<Shared>,
    port: u16,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WooMock {
    /// Binds `127.0.0.1:0` and starts serving `data`. The clock starts at the real current time.
    ///
    /// # Panics
    /// If the loopback port cannot be bound or the runtime cannot start.
    pub fn start(config: WooConfig, data: WooData) -> WooMock {
        WooMock::start_on(config, data, 0).expect("bind 127.0.0.1 for the WooCommerce mock")
    }

    /// Like [`WooMock::start`], on a given port (0 = any free port).
    pub fn start_on(config: WooConfig, data: WooData, port: u16) -> std::io::Result<WooMock> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(State {
                data,
                faults: VecDeque::new(),
                hooks: Vec::new(),
                log: Vec::new(),
                revoked: false,
            }),
            clock: MockClock::real_now(),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let (tx, thread) = crate::http::spawn(listener, Arc::clone(&shared), "woo-mock")?;
        Ok(WooMock {
            shared,
            port,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The site URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs `f` on the live records (between requests; requests wait meanwhile).
    pub fn with_data<R>(&self, f: impl FnOnce(&mut WooData) -> R) -> R {
        f(&mut self.shared.lock().data)
    }

    /// Queues a fault; queued faults apply in order, each to the next request matching its route.
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// Number of queued faults not yet applied.
    pub fn pending_faults(&self) -> usize {
        self.shared.lock().faults.len()
    }

    /// Registers a hook called for each request after its response body is built and before it
    /// is sent, with the request (including the status) and the records: a hook that changes a
    /// record changes what the *next* request sees. Hooks run while the records are locked:
    /// they must not call back into this `WooMock` (use the `&mut WooData` they get, and a
    /// cloned [`MockClock`] for the time).
    pub fn on_request(&self, mut hook: impl FnMut(&RequestInfo, &mut WooData) + Send + 'static) {
        self.shared
            .lock()
            .hooks
            .push(Box::new(move |info, control| hook(info, control.data)));
    }

    /// Like [`WooMock::on_request`], with the fault queue and the key's revocation too: a
    /// test can fail or revoke exactly the request after a given one.
    pub fn on_request_control(
        &self,
        hook: impl FnMut(&RequestInfo, &mut Control<'_>) + Send + 'static,
    ) {
        self.shared.lock().hooks.push(Box::new(hook));
    }

    /// Every request served so far, in order.
    pub fn requests(&self) -> Vec<RequestInfo> {
        self.shared.lock().log.clone()
    }

    /// The highest number of requests being handled at the same time so far.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// The mock clock (shared: changing a clone changes the server's "now").
    pub fn clock(&self) -> MockClock {
        self.shared.clock.clone()
    }

    /// Revokes the key for good: every later `wc/…` request gets 401
    /// `woocommerce_rest_authentication_error` "Consumer key is invalid.".
    pub fn revoke_key(&self) {
        self.shared.lock().revoked = true;
    }

    /// The configuration the mock runs with.
    pub fn config(&self) -> &WooConfig {
        &self.shared.config
    }
}

impl Drop for WooMock {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
