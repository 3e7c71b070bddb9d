//! The WooCommerce connector and the sync engine against the WooCommerce mock (real HTTP on
//! 127.0.0.1, a real SQLite file): backfill, incremental, records leaving the window between
//! pages, injected faults, a revoked key, resume after a failed run, and the site checks.
//!
//! The mock follows WooCommerce's documented contract (`../shared/api-contracts/woocommerce/`);
//! expected figures come from the mock's own data (what the platform holds), never from the
//! connector.

use std::path::{Path, PathBuf};
use std::time::Duration;

use repeatlens_mock_platforms::woo::{
    Fault, FaultKind, Permission, Route, WooConfig, WooData, WooMock,
};
use repeatlens_store::{Store, StoreSpec, SyncStatus};
use repeatlens_sync::{
    run_sync, store_state, CancelToken, Http, RetryPolicy, SyncError, SyncOptions, SyncReport,
};
use repeatlens_woocommerce::{check_site, ApiStyle, AuthStyle, WooConnector, WooCredentials};

fn fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        timeout: Duration::from_secs(5),
        max_retry_after: Duration::from_secs(5),
    }
}

fn creds() -> WooCredentials {
    WooCredentials {
        consumer_key: "ck_test".into(),
        consumer_secret: "cs_test".into(),
    }
}

fn now() -> i64 {
    repeatlens_store::unix_now()
}

struct Fixture {
    mock: WooMock,
    _dir: tempfile::TempDir,
    db: PathBuf,
    store_id: i64,
}

fn fixture(config: WooConfig, data: WooData) -> Fixture {
    let mock = WooMock::start(config, data);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sync.sqlite");
    let mut store = Store::open(&db).unwrap();
    let base = mock.base_url();
    let spec = StoreSpec {
        platform: "woocommerce".into(),
        name: "Mock shop".into(),
        currency: "EUR".into(),
        timezone: "UTC".into(),
    };
    let store_id = store
        .add_linked_store(&spec, &base, &base, &format!("woocommerce:{base}"))
        .unwrap();
    Fixture {
        mock,
        _dir: dir,
        db,
        store_id,
    }
}

async fn sync(f: &Fixture) -> Result<SyncReport, SyncError> {
    sync_with(f, fast()).await
}

async fn sync_with(f: &Fixture, policy: RetryPolicy) -> Result<SyncReport, SyncError> {
    let http = Http::new(policy.clone(), CancelToken::new()).unwrap();
    let site = check_site(&http, &f.mock.base_url(), &creds()).await?;
    let mut c = WooConnector::new(site, creds());
    let options = SyncOptions {
        full: false,
        retry: policy,
    };
    run_sync(
        &f.db,
        f.store_id,
        &mut c,
        &options,
        CancelToken::new(),
        |_| {},
    )
    .await
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Orders the API lists under `status=any` (everything but the trash).
fn listed_orders(d: &WooData) -> Vec<u64> {
    d.orders
        .values()
        .filter(|o| o.status != "trash")
        .map(|o| o.id)
        .collect()
}

fn stored_order_ids(db: &Path) -> Vec<u64> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = c
        .prepare("SELECT platform_id FROM orders ORDER BY CAST(platform_id AS INTEGER)")
        .unwrap();
    let ids = s
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap().parse().unwrap())
        .collect();
    ids
}

#[tokio::test]
async fn a_backfill_stores_every_order_refund_and_customer_exactly_once() {
    let f = fixture(WooConfig::default(), WooData::generated(7, 450));
    let (orders, refunds, registered, total_cents) = f.mock.with_data(|d| {
        let orders = listed_orders(d);
        let refunds: usize = orders.iter().map(|id| d.refunds_of(*id).len()).sum();
        let registered = d
            .customers
            .values()
            .filter(|c| c.role == "customer")
            .count();
        let total: i64 = orders
            .iter()
            .map(|id| {
                repeatlens_money::parse_decimal_minor(&d.order(*id).unwrap().total, "EUR").unwrap()
            })
            .sum();
        (orders, refunds, registered, total)
    });
    let r = sync(&f).await.unwrap();
    assert_eq!(r.kind, "backfill");
    assert_eq!(r.orders_new as usize, orders.len());
    assert_eq!(stored_order_ids(&f.db), orders);
    assert_eq!(
        count(&f.db, "SELECT count(*) FROM refunds") as usize,
        refunds
    );
    assert_eq!(
        count(&f.db, "SELECT sum(total_minor) FROM orders"),
        total_cents
    );
    // Registered customers, plus one customer per distinct normalized guest email.
    let guests = count(
        &f.db,
        "SELECT count(*) FROM customers WHERE platform_id LIKE '%@%'",
    );
    assert!(guests > 0);
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM customers WHERE platform_id NOT LIKE '%@%'"
        ) as usize,
        registered
    );
    assert_eq!(
        count(&f.db, "SELECT count(*) FROM customers WHERE platform_id LIKE '%@%' AND platform_id <> lower(trim(platform_id))"),
        0
    );
    // Every record keeps its payload; every order came through the API.
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM raw_payloads WHERE kind = 'order'"
        ) as usize,
        orders.len()
    );
    assert_eq!(
        count(&f.db, "SELECT count(*) FROM orders WHERE source <> 'api'"),
        0
    );
    // Politely sequential, and pages of 100.
    assert_eq!(f.mock.max_in_flight(), 1);
    assert!(f
        .mock
        .requests()
        .iter()
        .filter(|q| q.path.ends_with("/orders") && q.param("offset").is_some())
        .all(|q| q.param("per_page") == Some("100")));
    let run = Store::open(&f.db)
        .unwrap()
        .last_sync_run(f.store_id)
        .unwrap()
        .unwrap();
    assert_eq!(run.status, SyncStatus::Succeeded);
    assert_eq!(run.orders_new as usize, orders.len());
}

#[tokio::test]
async fn an_incremental_sync_brings_new_updated_refunded_and_cancelled_orders() {
    let f = fixture(WooConfig::default(), WooData::generated(11, 240));
    sync(&f).await.unwrap();
    let t = now() - 30;
    let (ids, new_id) = f.mock.with_data(|d| {
        let ids = listed_orders(d);
        let (a, b, c) = (ids[5], ids[50], ids[100]);
        d.modify_order(a, t, |o| o.customer_note = "leave at the door".into());
        d.refund_order(b, "1.00", "damaged", t);
        d.cancel_order(c, t);
        let mut o = d.new_order(t, 0, "New.Buyer@Example.com");
        o.date_modified_gmt = t;
        let new_id = d.add_order(o);
        ((a, b, c), new_id)
    });
    let r = sync(&f).await.unwrap();
    assert_eq!(r.kind, "incremental");
    assert_eq!(r.orders_new, 1, "{r:?}");
    // Each of the three changes moved the order's `updated_at` (and the refund and the
    // cancellation more): three orders updated, none of the overlap's re-reads.
    assert_eq!(r.orders_updated, 3, "{r:?}");
    assert_eq!(r.refunds_written, 1);
    // The incremental pass asked only for what changed since the last run (less the overlap).
    let last = f
        .mock
        .requests()
        .into_iter()
        .rev()
        .find(|q| q.path.ends_with("/orders"))
        .unwrap();
    assert!(last.param("modified_after").is_some() && last.param("dates_are_gmt") == Some("true"));
    let c = rusqlite::Connection::open(&f.db).unwrap();
    let cancelled: Option<i64> = c
        .query_row(
            "SELECT cancelled_at FROM orders WHERE platform_id = ?1",
            [ids.2.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cancelled, Some(t));
    let buyer: String = c
        .query_row(
            "SELECT c.platform_id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.platform_id = ?1",
            [new_id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(buyer, "new.buyer@example.com");
    let _ = ids.0;
}

#[tokio::test]
async fn an_order_leaving_the_window_between_pages_skips_nothing() {
    let f = fixture(WooConfig::default(), WooData::generated(3, 350));
    let expected = f.mock.with_data(|d| listed_orders(d));
    // Right after the first page of orders is served, an order of that page changes: it
    // leaves the pass's frozen window and every later order moves up one place.
    let first = expected[3];
    let mut fired = false;
    f.mock.on_request(move |q, d| {
        if !fired && q.path.ends_with("/orders") && q.param("offset") == Some("0") {
            fired = true;
            d.modify_order(first, repeatlens_store::unix_now() + 3600, |o| {
                o.customer_note = "changed".into()
            });
        }
    });
    sync(&f).await.unwrap();
    assert_eq!(
        stored_order_ids(&f.db),
        expected,
        "no order skipped, none twice"
    );
}

#[tokio::test]
async fn retries_ride_out_503s_resets_truncated_bodies_and_slow_answers() {
    let f = fixture(WooConfig::default(), WooData::generated(5, 260));
    for kind in [
        FaultKind::Status {
            status: 503,
            retry_after: Some(1),
        },
        FaultKind::Reset,
        FaultKind::TruncatedBody,
        FaultKind::Status {
            status: 429,
            retry_after: None,
        },
        FaultKind::Status {
            status: 500,
            retry_after: None,
        },
    ] {
        f.mock.push_fault(Fault {
            route: Route::Orders,
            kind,
        });
    }
    f.mock.push_fault(Fault {
        route: Route::Customers,
        kind: FaultKind::Reset,
    });
    let expected = f.mock.with_data(|d| listed_orders(d));
    let started = std::time::Instant::now();
    // The five order faults hit one request five times in a row: allow it more attempts.
    let r = sync_with(
        &f,
        RetryPolicy {
            max_attempts: 8,
            ..fast()
        },
    )
    .await
    .unwrap();
    assert_eq!(stored_order_ids(&f.db), expected);
    assert_eq!(r.orders_new as usize, expected.len());
    assert_eq!(f.mock.pending_faults(), 0, "every fault was met");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
}

#[tokio::test]
async fn a_revoked_key_stops_with_relink_needed_and_no_retry_loop() {
    let f = fixture(WooConfig::default(), WooData::generated(9, 320));
    let mut revoked = false;
    f.mock.on_request_control(move |q, c| {
        if !revoked && q.path.ends_with("/orders") && q.param("offset") == Some("100") {
            revoked = true;
            c.revoke_key();
        }
    });
    let before = f.mock.requests().len();
    let e = sync(&f).await.unwrap_err();
    assert!(
        matches!(e, SyncError::RelinkNeeded { status: 401, .. }),
        "{e}"
    );
    let unauthorized = f.mock.requests()[before..]
        .iter()
        .filter(|q| q.status == 401)
        .count();
    assert_eq!(unauthorized, 1, "one 401, then the run stopped");
    let store = Store::open(&f.db).unwrap();
    let run = store.last_sync_run(f.store_id).unwrap().unwrap();
    assert_eq!(run.status, SyncStatus::RelinkNeeded);
    assert_eq!(
        store_state(&store, &f.db, f.store_id).unwrap().state,
        "relink_needed"
    );
    // The pages committed before the revocation are kept: the first. (The second page's
    // list was served, but its refunds were refused, so it was never written.)
    assert_eq!(count(&f.db, "SELECT count(*) FROM orders"), 100);
}

#[tokio::test]
async fn a_failed_run_is_continued_by_the_next_from_its_last_page() {
    let f = fixture(WooConfig::default(), WooData::generated(13, 330));
    let expected = f.mock.with_data(|d| listed_orders(d));
    // The third page of orders fails more often than the policy retries.
    let mut armed = true;
    f.mock.on_request_control(move |q, c| {
        if armed && q.path.ends_with("/orders") && q.param("offset") == Some("100") {
            armed = false;
            for _ in 0..5 {
                c.push_fault(Fault {
                    route: Route::Orders,
                    kind: FaultKind::Status {
                        status: 502,
                        retry_after: None,
                    },
                });
            }
        }
    });
    let e = sync(&f).await.unwrap_err();
    assert!(matches!(e, SyncError::Server { status: 502, .. }), "{e}");
    assert_eq!(count(&f.db, "SELECT count(*) FROM orders"), 200);
    let store = Store::open(&f.db).unwrap();
    assert_eq!(
        store
            .last_sync_run(f.store_id)
            .unwrap()
            .unwrap()
            .error_code
            .as_deref(),
        Some("server_error")
    );
    let before = f.mock.requests().len();
    let r = sync(&f).await.unwrap();
    let first_orders_page = f.mock.requests()[before..]
        .iter()
        .find(|q| q.path.ends_with("/orders") && q.param("per_page") == Some("100"))
        .cloned()
        .unwrap();
    assert_eq!(
        first_orders_page.param("offset"),
        Some("200"),
        "continued after the last committed page"
    );
    assert_eq!(stored_order_ids(&f.db), expected);
    assert_eq!(r.orders_new as usize, expected.len() - 200);
}

#[tokio::test]
async fn site_checks_find_the_way_in_or_say_why_not() {
    // Pretty permalinks off: `?rest_route=`.
    let m = WooMock::start(
        WooConfig {
            pretty_permalinks: false,
            ..WooConfig::default()
        },
        WooData::generated(1, 3),
    );
    let http = Http::new(fast(), CancelToken::new()).unwrap();
    let site = check_site(&http, &m.base_url(), &creds()).await.unwrap();
    assert_eq!(
        (site.style, site.auth),
        (ApiStyle::RestRoute, AuthStyle::Basic)
    );
    assert_eq!(site.currency.as_deref(), Some("EUR"));
    // A server that strips the Authorization header: query-string credentials.
    let m = WooMock::start(
        WooConfig {
            strip_authorization: true,
            ..WooConfig::default()
        },
        WooData::generated(1, 3),
    );
    let site = check_site(&http, &m.base_url(), &creds()).await.unwrap();
    assert_eq!(site.auth, AuthStyle::QueryString);
    // A write-only key cannot read orders.
    let m = WooMock::start(
        WooConfig {
            permission: Permission::Write,
            ..WooConfig::default()
        },
        WooData::generated(1, 3),
    );
    let e = check_site(&http, &m.base_url(), &creds())
        .await
        .unwrap_err();
    assert!(matches!(e, SyncError::NoReadPermission { .. }), "{e}");
    // A wrong secret.
    let e = check_site(
        &http,
        &m.base_url(),
        &WooCredentials {
            consumer_secret: "cs_wrong".into(),
            ..creds()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            e,
            SyncError::RelinkNeeded { .. } | SyncError::NoReadPermission { .. }
        ),
        "{e}"
    );
    assert!(!e.to_string().contains("cs_wrong"), "{e}");
    // Not a WordPress site at all: a port nobody answers on gives "offline"; a server that
    // answers HTML gives "not a WooCommerce site".
    let html = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", html.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for s in html.incoming() {
            let Ok(mut s) = s else { break };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = "<html><body>Hello</body></html>";
            let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        }
    });
    let e = check_site(&http, &url, &creds()).await.unwrap_err();
    assert!(matches!(e, SyncError::NotPlatform { .. }), "{e}");
    let e = check_site(&http, "http://shop.example", &creds())
        .await
        .unwrap_err();
    assert!(matches!(e, SyncError::PlainHttp { .. }), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_run_per_store_at_a_time_and_cancel_stops_between_pages() {
    let f = fixture(
        WooConfig {
            latency: Duration::from_millis(40),
            ..WooConfig::default()
        },
        WooData::generated(17, 500),
    );
    let http = Http::new(fast(), CancelToken::new()).unwrap();
    let site = check_site(&http, &f.mock.base_url(), &creds())
        .await
        .unwrap();
    let cancel = CancelToken::new();
    let (db, id, token) = (f.db.clone(), f.store_id, cancel.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let first = tokio::spawn(async move {
        let mut c = WooConnector::new(site, creds());
        run_sync(
            &db,
            id,
            &mut c,
            &SyncOptions {
                full: false,
                retry: fast(),
            },
            token,
            move |p| {
                let _ = tx.send(p.clone());
            },
        )
        .await
    });
    // Once the first run has written a page, a second caller is turned away at once.
    let p = rx.recv().await.unwrap();
    assert_eq!(p.resource, "customers");
    let e = sync(&f).await.unwrap_err();
    assert!(matches!(e, SyncError::AlreadySyncing { .. }), "{e}");
    assert_eq!(
        store_state(&Store::open(&f.db).unwrap(), &f.db, f.store_id)
            .unwrap()
            .state,
        "syncing"
    );
    cancel.cancel();
    let e = first.await.unwrap().unwrap_err();
    assert!(matches!(e, SyncError::Cancelled), "{e}");
    let store = Store::open(&f.db).unwrap();
    assert_eq!(
        store.last_sync_run(f.store_id).unwrap().unwrap().status,
        SyncStatus::Cancelled
    );
    // The lock went with the run: the next sync runs, and completes the store.
    let expected = f.mock.with_data(|d| listed_orders(d));
    sync(&f).await.unwrap();
    assert_eq!(stored_order_ids(&f.db), expected);
}
