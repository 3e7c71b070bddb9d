//! A Shopify GraphQL Admin API mock: a real HTTP/1.1 server on `127.0.0.1` that answers like
//! `https://{shop}.myshopify.com/admin/api/2026-07/graphql.json`, from in-memory records,
//! validating every query against the real 2026-07 schema, with cost-based throttling, bulk
//! operations, tokens and fault injection.
//!
//! # What it follows
//! `shared/docs/platform-apis.md` §1 and §9.3, `shared/api-contracts/shopify/NOTES.md` and the
//! schema `admin_2026-07.schema.graphql` (field names, arguments, nullability, enums and the
//! protected-data markers of `admin_2026-07.introspection.json`).
//!
//! # Documented choices
//! - **Endpoint and versions**: `POST /admin/api/{version}/graphql.json`. The versions in
//!   [`ShopifyConfig::supported_versions`] (default 2025-10, 2026-01, 2026-04, 2026-07) are
//!   served as named. A well-formed `YYYY-MM` version older than the oldest supported one, or a
//!   request without a version (`/admin/api/graphql.json`), **falls forward** to the oldest
//!   supported version (as §1.2 says Shopify does); a well-formed version between supported
//!   ones falls forward to the next newer supported one; a version newer than the newest, or
//!   not of the form `YYYY-MM` (nor `unstable`, which is served as the pinned schema), answers
//!   404 `{"errors":"Not Found"}`. Every GraphQL response carries `X-Shopify-API-Version` with
//!   the version actually served. Only the 2026-07 schema exists here, so every version is
//!   validated and executed against it; the one version-dependent behaviour implemented is the
//!   bulk concurrency rule below.
//! - **Auth**: `X-Shopify-Access-Token` must be a known, unexpired, unrevoked token, else 401
//!   `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong
//!   password)"}`. Tokens: [`ShopifyConfig::access_token`] (static, never expires) and those
//!   minted by the client-credentials grant `POST /admin/oauth/access_token` (form or JSON
//!   `client_id`, `client_secret`, `grant_type=client_credentials`) →
//!   `{"access_token":"shpat_…","scope":"read_orders,…","expires_in":86399}` (24 h less one
//!   second, as observed of Shopify \[3p\]); they expire on the mock clock. Bad client
//!   credentials → 400 `{"error":"invalid_client","error_description":"Client credentials
//!   are invalid"}` \[unverified wording\]; another grant type → 400 `unsupported_grant_type`.
//! - **Scopes**: `orders`/`order` need `read_orders` (else the field is null with an
//!   `ACCESS_DENIED` error "Access denied for orders field. Required access: `read_orders`
//!   access scope.", the `requiredAccess` text of the schema), `customers`/`customer` need
//!   `read_customers`, `products`/`product` need `read_products`. Without `read_all_orders`
//!   only orders created in the last 60 days (mock clock) exist for the token, in lists,
//!   `node(s)`, and bulk output.
//! - **Protected customer data** ([`ShopifyConfig::protected_data_level`], §1.4): level 2 sees
//!   everything. Level 1 ("customer data excluding name, address, phone and email"): every
//!   field the introspection marks `isProtected` with content name, email, phone or address is
//!   redacted: nullable ones (`Order.email`, `Order.phone`, `Customer.firstName/lastName/
//!   email/phone`, `MailingAddress.address1/address2/zip/phone/firstName/lastName/name`) are
//!   `null`; non-null ones (`Customer.displayName`, `CustomerEmailAddress.emailAddress`,
//!   `CustomerPhoneNumber.phoneNumber`) give an `ACCESS_DENIED` field error (null propagates
//!   per GraphQL). `countryCodeV2`, `province`, `city` are not protected in the schema and
//!   stay. Level 0 ("no customer data"): `customers`, `customer` and `Order.customer` give
//!   `ACCESS_DENIED` "This app is not approved to access the Customer object." and the
//!   level-1 redactions apply too.
//! - **Validation**: every document is validated with apollo-compiler against the schema;
//!   failures answer HTTP 200 `{"errors":[{message, locations, extensions}]}` without `data`.
//!   Unknown fields, unknown arguments, undeclared and unused variables get graphql-ruby's
//!   (Shopify's) wording and `extensions.code` (`undefinedField`, `argumentNotAccepted`,
//!   `variableNotDefined`, `variableNotUsed`); other problems keep apollo-compiler's message.
//!   Variable values that do not fit their type → "Variable $x of type T was provided invalid
//!   value" with `extensions.code` `INVALID_VARIABLE` and apollo-compiler's explanation.
//!   Schema introspection (`__schema`, `__type`) is answered.
//! - **Connections**: `first`/`last` 0–250; neither → "you must provide one of first or last";
//!   more than 250 → [`MAX_PAGE_MESSAGE`] \[unverified wording\]. Cursors are opaque base64 of
//!   `{"last_id":…,"last_value":…}` (Shopify's shape) and are keyset positions: a record that
//!   changes between pages moves, as it would in Shopify. `sortKey` UPDATED_AT, CREATED_AT,
//!   PROCESSED_AT, ID are honoured (ties by ID); other keys sort by ID. `query:` supports
//!   `updated_at`, `created_at`, `processed_at` with `:`, `:>`, `:>=`, `:<`, `:<=` and ISO
//!   values (quoted or not), `id:`/`id:>=`…, terms joined by whitespace or `AND` (other terms
//!   are ignored, as Shopify ignores unknown filters).
//! - **Cost** (Shopify's published rules, §1.5): scalars and enums 0, objects 1, a connection
//!   2 + `first`(or `last`) × (cost of one node's selection, the larger of `edges.node` and
//!   `nodes`; `pageInfo` and `cursor` free), a plain list of objects costs its object once
//!   (× `first` when the field has one), interfaces/unions the most expensive fragment,
//!   each mutation field 10 (its payload free). `actualQueryCost` is the same formula with the
//!   number of nodes actually returned. The bucket (`maximumAvailable`, `restoreRate`) refills
//!   on the mock clock; a query is refused when `requestedQueryCost` exceeds
//!   `currentlyAvailable` ("Throttled", `THROTTLED`, no `data`, `actualQueryCost: null`,
//!   HTTP [`ShopifyConfig::throttle_status`], with `Retry-After: 1` when 429); else
//!   `actualQueryCost` is charged. A connection without `first`/`last` (an error outside
//!   bulk queries) is costed as 2.
//!   `requestedQueryCost` > [`ShopifyConfig::max_query_cost`] (1000) → "Query cost is N, which
//!   exceeds the single query max cost limit (1000)." `MAX_COST_EXCEEDED`, nothing charged.
//!   Cost numbers are JSON numbers with a fraction (`2000.0`), as Shopify sends floats.
//! - **Money**: `amount` is a `Decimal` string with two fraction digits ("25.00"); the
//!   schema's examples are "29.99"/"29.999", and real responses have been seen without
//!   trailing zeros ("25.0") \[3p\] — clients must parse decimals, never compare strings.
//!   `UnsignedInt64` fields (`legacyResourceId`, `numberOfOrders`, `objectCount`,
//!   `fileSize`) are strings, as the schema's scalar description says.
//! - **Responses without cost**: an unparsable body (400 `{"errors":{"query":"Required
//!   parameter missing or invalid"}}`), validation errors and bad variables carry no
//!   `extensions.cost` and charge nothing: the query was never costed (graphql-ruby validates
//!   before its complexity analysis) \[unverified that Shopify omits it\]. Every costed answer
//!   (served, throttled, max-cost) carries `extensions.cost`.
//! - **Bulk operations**: `bulkOperationRunQuery` answers `CREATED`; the status then follows
//!   the mock clock: CREATED for [`ShopifyConfig::bulk_start_secs`], RUNNING for
//!   [`ShopifyConfig::bulk_run_secs`], then COMPLETED (or FAILED with `errorCode`
//!   `INTERNAL_SERVER_ERROR` and `partialDataUrl` when a [`FaultKind::BulkFail`] was queued),
//!   and EXPIRED once the URL has expired. The output is produced from the records as they
//!   are at the first observation after completion, with the creating token's scopes.
//!   `url` is `null` when no object was written. The inner query is validated against the
//!   schema (errors → `userErrors` code `INVALID`, message "Invalid bulk query: …"); it must
//!   contain a connection, at most 5 connections and at most 2 levels of nested
//!   connections, and the parent node of a nested connection must select `id` ("The parent
//!   'node' field for a nested connection must select the 'id' field …" \[3p wording\]); its
//!   connections may omit `first` (all nodes are written). `groupObjects` is accepted but
//!   output is always ungrouped (the 2026-07 default); connections below a plain list (e.g.
//!   `refunds { refundLineItems }`) stay inline in their owner's line. Output is JSONL, one node per line, nested connection
//!   nodes on their own lines with `__parentId`, parents first unless
//!   [`ShopifyConfig::bulk_children_first`]. Concurrency: for 2026-01 and later up to 5 query
//!   operations may run per shop (the 6th → `LIMIT_REACHED` "A maximum of 5 bulk queries can
//!   be run at the same time." \[unverified wording\]); before 2026-01 one at a time
//!   (`OPERATION_IN_PROGRESS` "A bulk query operation for this app and shop is already in
//!   progress: gid://shopify/BulkOperation/N."). `currentBulkOperation` (deprecated but
//!   present) returns the newest operation. The download `GET /bulk/<id>.jsonl?…` supports
//!   `Range: bytes=a-b`/`a-` (206 with `Content-Range`; unsatisfiable → 416); after
//!   [`ShopifyConfig::bulk_url_ttl_secs`] it answers 403 with an XML body in the cloud
//!   store's style (`<Error><Code>ExpiredToken</Code>…`) — \[unverified\] which status Google
//!   Cloud Storage gives for an expired signed URL.
//! - **Faults** happen before authentication and are logged with the status sent (0 for a
//!   reset).

mod data;
mod exec;
mod schema;
mod server;

pub use crate::clock::MockClock;
pub use data::{
    Customer, Fulfillment, LineItem, MoneyBag, Order, Product, Refund, RefundLine, ShopData,
    ShopInfo, Variant, GENERATED_END_UNIX,
};
pub use schema::{default_schema_path, SCHEMA_FILE};

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The error message for `first`/`last` above 250 \[unverified wording\].
pub const MAX_PAGE_MESSAGE: &str = "The maximum number of records per page is 250.";

/// The API version this mock is pinned to (its schema).
pub const PINNED_VERSION: &str = "2026-07";

/// The scopes a default token has.
pub const DEFAULT_SCOPES: &[&str] = &[
    "read_orders",
    "read_all_orders",
    "read_customers",
    "read_products",
];

/// Client credentials for the client-credentials grant (a Dev Dashboard app).
#[derive(Debug, Clone)]
pub struct ClientApp {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
    /// Scopes granted to minted tokens.
    pub scopes: Vec<String>,
}

/// Configuration of a [`ShopifyMock`] shop.
#[derive(Debug, Clone)]
pub struct ShopifyConfig {
    /// A static Admin API access token (`shpat_…`) that never expires; `None` for none.
    pub access_token: Option<String>,
    /// The static token's scopes.
    pub scopes: Vec<String>,
    /// The app for the client-credentials grant; `None` disables the grant (400).
    pub client_app: Option<ClientApp>,
    /// Lifetime of minted tokens (`expires_in`), 86 399 s by default.
    pub client_token_ttl_secs: i64,
    /// Protected customer data level 0, 1 or 2 (see the module docs).
    pub protected_data_level: u8,
    /// Bucket size (`maximumAvailable`), 2000 by default.
    pub maximum_available: f64,
    /// Points restored per second of mock clock (`restoreRate`), 100 by default.
    pub restore_rate: f64,
    /// Largest `requestedQueryCost` accepted (1000).
    pub max_query_cost: f64,
    /// HTTP status of a throttled answer: 200 (default) or 429.
    pub throttle_status: u16,
    /// Versions served as named, oldest first.
    pub supported_versions: Vec<String>,
    /// Seconds after creation a bulk operation stays CREATED (default 0: RUNNING at once).
    pub bulk_start_secs: i64,
    /// Seconds it then stays RUNNING before COMPLETED (default 2).
    pub bulk_run_secs: i64,
    /// Seconds `url`/`partialDataUrl` stay valid after completion (default 7 days).
    pub bulk_url_ttl_secs: i64,
    /// Write children before their parent in bulk JSONL (Shopify does not promise order).
    pub bulk_children_first: bool,
    /// The schema SDL; `None` = found with [`default_schema_path`].
    pub schema_path: Option<PathBuf>,
    /// Delay added to every answer.
    pub latency: Duration,
}

impl Default for ShopifyConfig {
    fn default() -> Self {
        ShopifyConfig {
            access_token: Some("shpat_test".into()),
            scopes: DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect(),
            client_app: None,
            client_token_ttl_secs: 86_399,
            protected_data_level: 2,
            maximum_available: 2000.0,
            restore_rate: 100.0,
            max_query_cost: 1000.0,
            throttle_status: 200,
            supported_versions: ["2025-10", "2026-01", "2026-04", "2026-07"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            bulk_start_secs: 0,
            bulk_run_secs: 2,
            bulk_url_ttl_secs: 7 * 86_400,
            bulk_children_first: false,
            schema_path: None,
            latency: Duration::ZERO,
        }
    }
}

/// Which requests a [`Fault`] applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Every request.
    Any,
    /// `POST /admin/api/…/graphql.json`.
    Graphql,
    /// `POST /admin/oauth/access_token`.
    Token,
    /// `GET /bulk/…` (JSONL downloads).
    BulkDownload,
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
    /// Answer this status with Shopify's plain error body (`{"errors":"Internal Server
    /// Error"}` style) and, if given, `Retry-After`.
    Status {
        /// HTTP status (500, 502, 503, …).
        status: u16,
        /// `Retry-After` seconds.
        retry_after: Option<u32>,
    },
    /// Close the connection with a TCP reset, no response.
    Reset,
    /// Send the real response's head with the full `Content-Length`, then half the body.
    TruncatedBody,
    /// For a bulk download: send the head with the full `Content-Length`, then this many
    /// bytes of the JSONL (cut mid-line if so), then close. Elsewhere like `TruncatedBody`.
    TruncatedDownload(usize),
    /// Delay the answer, then answer normally.
    Slow(Duration),
    /// 401 invalid token, once (see [`ShopifyMock::revoke_token`] for good).
    Unauthorized,
    /// Make the next bulk operation that completes FAIL with `INTERNAL_SERVER_ERROR`,
    /// keeping the first half of its lines as `partialDataUrl` (consumed at creation time by
    /// `bulkOperationRunQuery`).
    BulkFail,
}

/// One served request, as logged by [`ShopifyMock::requests`] and passed to hooks.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestInfo {
    /// HTTP method.
    pub method: String,
    /// URL path.
    pub path: String,
    /// API version asked for (from the path), if any.
    pub version: Option<String>,
    /// GraphQL `operationName`, or the name of the single operation in the document.
    pub operation: Option<String>,
    /// GraphQL `variables` (`null` if none).
    pub variables: serde_json::Value,
    /// `requestedQueryCost`, when the query got that far.
    pub requested_cost: Option<f64>,
    /// `actualQueryCost` charged (None when throttled or not computed).
    pub actual_cost: Option<f64>,
    /// Bucket level after this request (`currentlyAvailable`), when computed.
    pub available_after: Option<f64>,
    /// Status sent (0 = connection reset).
    pub status: u16,
    /// Mock-clock time.
    pub at_unix: i64,
}

/// A token known to the shop.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenInfo {
    /// Scopes.
    pub scopes: Vec<String>,
    /// Expiry (Unix seconds), `None` = never.
    pub expires_at: Option<i64>,
    /// Revoked?
    pub revoked: bool,
}

/// A bulk operation as the mock keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOperation {
    /// Numeric ID (`gid://shopify/BulkOperation/<id>`).
    pub id: u64,
    /// The query it runs.
    pub query: String,
    /// Creation time.
    pub created_at: i64,
    /// Fail instead of completing.
    pub fail: bool,
    /// Scopes of the token that created it (they decide what it may read).
    pub scopes: Vec<String>,
    /// JSONL output, once produced (at the first observation after completion).
    pub output: Option<BulkOutput>,
    /// Canceled at.
    pub canceled_at: Option<i64>,
}

/// The produced file of a bulk operation.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutput {
    /// The JSONL bytes.
    pub jsonl: Vec<u8>,
    /// All objects written.
    pub object_count: u64,
    /// Root objects written.
    pub root_object_count: u64,
}

type Hook = Box<dyn FnMut(&RequestInfo, &mut Control<'_>) + Send + 'static>;

/// What a hook registered with [`ShopifyMock::on_request_control`] may change between two
/// requests: the records, the fault queue and the tokens.
pub struct Control<'a> {
    /// The live records.
    pub data: &'a mut ShopData,
    pub(crate) faults: &'a mut VecDeque<Fault>,
    pub(crate) tokens: &'a mut HashMap<String, TokenInfo>,
}

impl Control<'_> {
    /// Queues a fault (as [`ShopifyMock::push_fault`]).
    pub fn push_fault(&mut self, fault: Fault) {
        self.faults.push_back(fault);
    }

    /// Revokes every token (as [`ShopifyMock::revoke_token`]).
    pub fn revoke_token(&mut self) {
        for t in self.tokens.values_mut() {
            t.revoked = true;
        }
    }
}

pub(crate) struct Bucket {
    pub(crate) level: f64,
    pub(crate) at_ms: i64,
}

pub(crate) struct State {
    pub(crate) data: ShopData,
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) hooks: Vec<Hook>,
    pub(crate) log: Vec<RequestInfo>,
    pub(crate) tokens: HashMap<String, TokenInfo>,
    pub(crate) bucket: Bucket,
    pub(crate) bulk: BTreeMap<u64, BulkOperation>,
    pub(crate) next_bulk_id: u64,
    pub(crate) next_token: u64,
}

pub(crate) struct Shared {
    pub(crate) config: ShopifyConfig,
    pub(crate) schema: Arc<apollo_compiler::validation::Valid<apollo_compiler::Schema>>,
    pub(crate) state: Mutex<State>,
    pub(crate) clock: MockClock,
    pub(crate) in_flight: AtomicUsize,
    pub(crate) max_in_flight: AtomicUsize,
    pub(crate) port: u16,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Why a [`ShopifyMock`] could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The schema file is missing or invalid (the message says where it looked).
    #[error("{0}")]
    Schema(String),
    /// Binding or spawning failed.
    #[error("cannot start the Shopify mock: {0}")]
    Io(#[from] std::io::Error),
}

/// A running Shopify mock shop. It serves on its own thread with its own tokio runtime, so
/// blocking and async tests can both talk to it. Dropping it stops the server.
pub struct ShopifyMock {
    shared: Arc<Shared>,
    port: u16,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ShopifyMock {
    /// Binds `127.0.0.1:0` and serves `data`. The clock starts at the real current time and
    /// the bucket full.
    ///
    /// # Errors
    /// [`StartError::Schema`] if the schema cannot be found or parsed (saying where it
    /// looked), [`StartError::Io`] if the port or runtime cannot be had.
    pub fn start(config: ShopifyConfig, data: ShopData) -> Result<ShopifyMock, StartError> {
        ShopifyMock::start_on(config, data, 0)
    }

    /// Like [`ShopifyMock::start`], on a given port (0 = any free port).
    pub fn start_on(
        config: ShopifyConfig,
        data: ShopData,
        port: u16,
    ) -> Result<ShopifyMock, StartError> {
        let path = match &config.schema_path {
            Some(p) => p.clone(),
            None => default_schema_path().map_err(StartError::Schema)?,
        };
        if !path.is_file() {
            return Err(StartError::Schema(format!(
                "Shopify schema not found at {}",
                path.display()
            )));
        }
        let schema = schema::load(&path).map_err(StartError::Schema)?;
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let clock = MockClock::real_now();
        let mut tokens = HashMap::new();
        if let Some(t) = &config.access_token {
            tokens.insert(
                t.clone(),
                TokenInfo {
                    scopes: config.scopes.clone(),
                    expires_at: None,
                    revoked: false,
                },
            );
        }
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                data,
                faults: VecDeque::new(),
                hooks: Vec::new(),
                log: Vec::new(),
                tokens,
                bucket: Bucket {
                    level: config.maximum_available,
                    at_ms: clock.now_ms(),
                },
                bulk: BTreeMap::new(),
                next_bulk_id: 1,
                next_token: 1,
            }),
            config,
            schema,
            clock,
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            port,
        });
        let (tx, thread) = crate::http::spawn(listener, Arc::clone(&shared), "shopify-mock")?;
        Ok(ShopifyMock {
            shared,
            port,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` (no trailing slash); the GraphQL endpoint is
    /// [`ShopifyMock::graphql_url`].
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `http://127.0.0.1:PORT/admin/api/2026-07/graphql.json`.
    pub fn graphql_url(&self) -> String {
        format!(
            "{}/admin/api/{PINNED_VERSION}/graphql.json",
            self.base_url()
        )
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs `f` on the live records (between requests).
    pub fn with_data<R>(&self, f: impl FnOnce(&mut ShopData) -> R) -> R {
        f(&mut self.shared.lock().data)
    }

    /// Queues a fault; queued faults apply in order, each to the next request matching its
    /// route ([`FaultKind::BulkFail`] to the next `bulkOperationRunQuery`).
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// Number of queued faults not yet applied.
    pub fn pending_faults(&self) -> usize {
        self.shared.lock().faults.len()
    }

    /// Registers a hook called for each request after its answer is built and before it is
    /// sent, with the request (including status and cost) and the records: a hook that
    /// changes a record changes what the *next* request sees. Hooks run with the state
    /// locked: they must not call back into this `ShopifyMock` (use a cloned [`MockClock`]).
    pub fn on_request(&self, mut hook: impl FnMut(&RequestInfo, &mut ShopData) + Send + 'static) {
        self.shared
            .lock()
            .hooks
            .push(Box::new(move |info, control| hook(info, control.data)));
    }

    /// Like [`ShopifyMock::on_request`], with the fault queue and the tokens too: a test can
    /// fail, or revoke the token for, exactly the request after a given one.
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

    /// The highest number of requests handled at the same time so far.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// The mock clock (shared: changing a clone changes the server's "now").
    pub fn clock(&self) -> MockClock {
        self.shared.clock.clone()
    }

    /// Revokes every token known so far (the static one and minted ones): later requests with
    /// them get 401. Tokens minted afterwards work.
    pub fn revoke_token(&self) {
        for t in self.shared.lock().tokens.values_mut() {
            t.revoked = true;
        }
    }

    /// Adds (or replaces) a token with these scopes and optional expiry.
    pub fn add_token(&self, token: &str, scopes: &[&str], expires_at: Option<i64>) {
        self.shared.lock().tokens.insert(
            token.to_string(),
            TokenInfo {
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                expires_at,
                revoked: false,
            },
        );
    }

    /// Bucket level now (`currentlyAvailable`, after refilling to the mock clock).
    pub fn bucket_available(&self) -> f64 {
        let now = self.shared.clock.now_ms();
        let mut st = self.shared.lock();
        server::refill(&self.shared.config, &mut st.bucket, now);
        st.bucket.level
    }

    /// The bulk operations created so far.
    pub fn bulk_operations(&self) -> Vec<BulkOperation> {
        self.shared.lock().bulk.values().cloned().collect()
    }

    /// The configuration the mock runs with.
    pub fn config(&self) -> &ShopifyConfig {
        &self.shared.config
    }
}

impl Drop for ShopifyMock {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
