//! The sync bookkeeping of schema v5: migration from v4 (raw payloads moved out of the rows),
//! checkpoints committed with their page, the sync run history and platform identities — on
//! temporary database files. The record rules are in `sync.rs`.

mod common;

use common::*;
use repeatlens_store::*;

#[test]
fn a_version_4_database_with_data_is_migrated_keeping_rows_and_moving_raw_payloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../migrations/0001_init.sql"),
            include_str!("../migrations/0002_segment_snapshots.sql"),
            include_str!("../migrations/0003_analysis_cache.sql"),
            include_str!("../migrations/0004_settings.sql"),
        ] {
            c.execute_batch(sql).unwrap();
        }
        c.execute_batch(
            "PRAGMA user_version = 4;
             INSERT INTO stores (id, platform, name, currency, timezone, created_at)
               VALUES (1, 'shopify', 'Old', 'EUR', 'UTC', 0);
             INSERT INTO customers (id, store_id, platform_id, email, email_normalized, raw)
               VALUES (1, 1, 'c1', 'a@b.de', 'a@b.de', '{\"id\":\"c1\"}');
             INSERT INTO orders (id, store_id, platform_id, customer_id, created_at, currency, total_minor, raw)
               VALUES (1, 1, 'o1', 1, 1700000000, 'EUR', 1000, '{\"id\":\"o1\"}'),
                      (2, 1, 'o2', NULL, 1700000100, 'EUR', 500, NULL);
             INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_micros, line_total_minor)
               VALUES (1, 1, 'S1', 1, 10000000, 1000), (2, 1, 'S2', 1, 5000000, 500);
             INSERT INTO refunds (store_id, platform_id, order_id, customer_id, kind, created_at, currency, amount_minor, raw)
               VALUES (1, 'r1', 1, 1, 'refund', 1700000200, 'EUR', 300, '{\"id\":\"r1\"}');
             INSERT INTO products (store_id, platform_id, sku, raw) VALUES (1, 'p1', 'S1', '{\"id\":\"p1\"}');
             INSERT INTO sync_checkpoints (store_id, resource, cursor, updated_at) VALUES (1, 'orders', 'abc', 5);",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    // Migrated through 0005 (and every later migration).
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 5) };
    let st = s.stats(1).unwrap();
    assert_eq!(
        (st.orders, st.customers, st.returns, st.order_lines),
        (2, 1, 1, 2)
    );
    assert_eq!(st.store.revenue_minor, 1000 + 500 - 300);
    assert_eq!(
        payloads(&s, 1),
        vec![
            (RawKind::Customer, "c1".into(), r#"{"id":"c1"}"#.into()),
            (RawKind::Order, "o1".into(), r#"{"id":"o1"}"#.into()),
            (RawKind::Product, "p1".into(), r#"{"id":"p1"}"#.into()),
            (RawKind::Refund, "r1".into(), r#"{"id":"r1"}"#.into()),
        ]
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    for table in ["customers", "orders", "refunds", "products"] {
        let raw: i64 = c
            .query_row(
                &format!("SELECT count(*) FROM pragma_table_info('{table}') WHERE name = 'raw'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(raw, 0, "{table}.raw still there");
    }
    // The old checkpoint survives with its new columns empty.
    let cp = s.checkpoint(1, "orders").unwrap().unwrap();
    assert_eq!(cp.checkpoint.cursor.as_deref(), Some("abc"));
    assert_eq!(cp.checkpoint.high_water_mark, None);
    // Migrated rows are file rows: the same order from a file again changes nothing.
    let mut o1 = order("o1", Some("c1"), 1000, None);
    o1.name = None;
    o1.lines[0].sku = Some("S1".into());
    let ((), counts, _) = s
        .write(&spec("shopify", "Old"), |w| w.order(&o1).map(drop))
        .unwrap();
    assert_eq!((counts.orders_unchanged, counts.stale), (1, 0));
}

#[test]
fn a_checkpoint_commits_with_its_page_and_rolls_back_with_it() {
    let (_dir, mut s, id) = linked();
    assert_eq!(s.checkpoint(id, "orders").unwrap(), None);
    let first = Checkpoint {
        cursor: Some("page-2".into()),
        high_water_mark: Some(1_700_000_100),
        tie_breaker: Some("1001".into()),
        phase: Some("backfill".into()),
        run_id: None,
    };
    s.write_store(id, Source::Api, |w| -> Result<()> {
        w.order(&order("1001", None, 1000, Some(1_700_000_100)))?;
        w.set_checkpoint("orders", &first)
    })
    .unwrap();
    let saved = s.checkpoint(id, "orders").unwrap().unwrap();
    assert_eq!(saved.checkpoint, first);
    assert!(saved.updated_at > 0);

    let r: std::result::Result<((), WriteCounts), StoreError> =
        s.write_store(id, Source::Api, |w| {
            w.order(&order("1002", None, 500, Some(1_700_000_200)))?;
            w.set_checkpoint(
                "orders",
                &Checkpoint {
                    cursor: Some("page-3".into()),
                    high_water_mark: Some(1_700_000_200),
                    ..first.clone()
                },
            )?;
            Err(StoreError::NoSuchStore("the page failed half-way".into()))
        });
    assert!(r.is_err());
    assert_eq!(
        s.checkpoint(id, "orders").unwrap().unwrap().checkpoint,
        first
    );
    assert_eq!(
        order_ids(&s, id),
        vec![1000],
        "the page's records are gone too"
    );
    // Checkpoints are per resource.
    assert_eq!(s.checkpoint(id, "customers").unwrap(), None);
}

#[test]
fn sync_runs_record_status_counts_of_committed_pages_and_errors() {
    let (_dir, mut s, id) = linked();
    let run = s.start_sync_run(id, "backfill").unwrap();
    let runs = s.sync_runs(id).unwrap();
    assert_eq!(
        (runs.len(), runs[0].status, runs[0].finished_at),
        (1, SyncStatus::Running, None)
    );
    for page in [["1001", "1002"], ["1003", "1001"]] {
        s.write_store(id, Source::Api, |w| -> Result<()> {
            w.attach_run(run);
            for o in page {
                w.order(&order(o, None, 100, Some(10)))?;
            }
            Ok(())
        })
        .unwrap();
    }
    let failed: std::result::Result<((), WriteCounts), StoreError> =
        s.write_store(id, Source::Api, |w| {
            w.attach_run(run);
            w.order(&order("1004", None, 100, Some(10)))?;
            Err(StoreError::NoSuchStore("network".into()))
        });
    assert!(failed.is_err());
    s.finish_sync_run(run, SyncStatus::Succeeded, None, None)
        .unwrap();
    let r = &s.sync_runs(id).unwrap()[0];
    assert_eq!(
        (r.id, r.kind.as_str(), r.status),
        (run, "backfill", SyncStatus::Succeeded)
    );
    assert_eq!(
        (r.orders_new, r.orders_unchanged),
        (3, 1),
        "only committed pages count"
    );
    assert!(r.finished_at.is_some_and(|t| t >= r.started_at));

    // A run left running by a dead process is closed when the next one starts.
    let dead = s.start_sync_run(id, "incremental").unwrap();
    let next = s.start_sync_run(id, "incremental").unwrap();
    s.finish_sync_run(
        next,
        SyncStatus::RelinkNeeded,
        Some("auth_revoked"),
        Some("401"),
    )
    .unwrap();
    let runs = s.sync_runs(id).unwrap();
    let by_id = |i: i64| runs.iter().find(|r| r.id == i).unwrap();
    assert_eq!(
        (by_id(dead).status, by_id(dead).error_code.as_deref()),
        (SyncStatus::Failed, Some("interrupted"))
    );
    assert_eq!(
        (by_id(next).status, by_id(next).error_code.as_deref()),
        (SyncStatus::RelinkNeeded, Some("auth_revoked"))
    );
    assert_eq!(runs.len(), 3);
    assert!(s
        .finish_sync_run(9999, SyncStatus::Failed, None, None)
        .is_err());
}

#[test]
fn stores_are_found_by_platform_identity_unique_per_platform() {
    let (_dir, mut s, id) = linked();
    let again = s
        .ensure_linked_store(&spec("shopify", "Renamed"), "shop.myshopify.com")
        .unwrap();
    assert_eq!(again, id, "found by identity, not by name");
    let woo = s
        .ensure_linked_store(&spec("woocommerce", "Woo"), "shop.myshopify.com")
        .unwrap();
    assert_ne!(woo, id, "identities are per platform");
    let ((), _, file) = s
        .write(&spec("shopify", "Imported"), |w| {
            w.order(&order("1", None, 1, None)).map(drop)
        })
        .unwrap();
    assert!(
        s.link_store(file, "shopify", "shop.myshopify.com").is_err(),
        "one store per platform identity"
    );
    s.link_store(file, "shopify", "other.myshopify.com")
        .unwrap();
    assert_eq!(
        s.store_by_external_id("shopify", "other.myshopify.com")
            .unwrap(),
        Some(file)
    );
    assert_eq!(
        s.store_by_external_id("etsy", "other.myshopify.com")
            .unwrap(),
        None
    );
}
