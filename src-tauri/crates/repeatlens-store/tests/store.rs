//! The file-level promises of the store: migrations from empty, the newer-schema guard, and
//! writes that are all-or-nothing and idempotent.

use repeatlens_store::*;

fn spec() -> StoreSpec {
    StoreSpec {
        platform: "file".into(),
        name: "Test".into(),
        currency: "EUR".into(),
        timezone: "Europe/Berlin".into(),
    }
}

fn order(id: &str, customer: Option<&str>, total: i64) -> OrderRecord {
    OrderRecord {
        platform_id: id.into(),
        customer: customer.map(str::to_string),
        created_at: 1_700_000_000,
        currency: "EUR".into(),
        total_minor: total,
        lines: vec![LineRecord {
            sku: Some("S1".into()),
            quantity: 1,
            unit_price_micros: total * 10_000,
            line_total_minor: total,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn migrates_an_empty_file_to_the_current_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/db.sqlite");
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(path.exists());
    drop(s);
    // Re-opening runs nothing twice.
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let wal = std::fs::read(&path).unwrap();
    // Byte 18/19 of the header are 2 in WAL mode.
    assert_eq!((wal[18], wal[19]), (2, 2));
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    let msg = err.to_string();
    assert!(
        msg.contains("newer RepeatLens") && msg.contains("99"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert!(!dir.path().join("future.sqlite-wal").exists());
}

#[test]
fn writing_the_same_records_twice_changes_nothing_and_updates_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let customer = CustomerRecord {
        platform_id: "c1".into(),
        email: Some(" Ann@Example.com ".into()),
        ..Default::default()
    };
    let batch = |w: &mut Writer<'_>| -> Result<()> {
        w.customer(&customer)?;
        w.order(&order("o1", Some("c1"), 1000))?;
        w.order(&order("o2", None, 500))?;
        Ok(())
    };
    let ((), c1, id) = s.write(&spec(), batch).unwrap();
    assert_eq!((c1.orders_new, c1.customers_new), (2, 1));
    let ((), c2, _) = s.write(&spec(), batch).unwrap();
    assert_eq!(
        (c2.orders_new, c2.orders_updated, c2.orders_unchanged),
        (0, 0, 2)
    );
    assert_eq!(c2.customers_unchanged, 1);
    let ((), c3, _) = s
        .write(&spec(), |w: &mut Writer<'_>| -> Result<()> {
            w.order(&order("o1", Some("c1"), 1200))?;
            Ok(())
        })
        .unwrap();
    assert_eq!(c3.orders_updated, 1);
    let st = s.stats(id).unwrap();
    assert_eq!(
        (st.orders, st.customers, st.guest_orders, st.order_lines),
        (2, 1, 1, 2)
    );
    assert_eq!(st.store.revenue_minor, 1700);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let r: std::result::Result<((), WriteCounts, i64), StoreError> = s.write(&spec(), |w| {
        w.order(&order("o1", None, 1000))?;
        Err(StoreError::NoSuchStore("simulated failure".into()))
    });
    assert!(r.is_err());
    assert!(
        s.stores().unwrap().is_empty(),
        "the store row itself must be rolled back"
    );
}

#[test]
fn partial_customer_records_merge_instead_of_erasing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let full = CustomerRecord {
        platform_id: "c1".into(),
        phone: Some("+86 10 1234".into()),
        country: Some("CN".into()),
        ..Default::default()
    };
    let partial = CustomerRecord {
        platform_id: "c1".into(),
        email: Some("a@b.cn".into()),
        ..Default::default()
    };
    s.write(&spec(), |w| w.customer(&full).map(drop)).unwrap();
    let ((), c, id) = s
        .write(&spec(), |w| w.customer(&partial).map(drop))
        .unwrap();
    assert_eq!(c.customers_updated, 1);
    // Still one customer, and the country from the first record is kept.
    let st = s.stats(id).unwrap();
    assert_eq!((st.customers, st.countries), (1, 1));
}

#[test]
fn a_version_1_database_is_upgraded_in_place_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(include_str!("../migrations/0001_init.sql"))
            .unwrap();
        c.execute_batch(
            "PRAGMA user_version = 1; INSERT INTO stores (platform, name, currency, timezone, created_at) \
             VALUES ('file', 'Old', 'EUR', 'UTC', 0);",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.stores().unwrap()[0].name, "Old");
    assert!(s.snapshot_dates(1).unwrap().is_empty());
}

#[test]
fn snapshots_replace_a_date_and_refuse_unknown_customers() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let c = CustomerRecord {
        platform_id: "c1".into(),
        ..Default::default()
    };
    let ((), _, id) = s.write(&spec(), |w| w.customer(&c).map(drop)).unwrap();
    let row = |seg: &str| SnapshotRow {
        customer: "c1".into(),
        rf_segment: Some(seg.into()),
        cn_segment: Some("重要价值客户".into()),
        tier: Some("top".into()),
        lifecycle: "active".into(),
    };
    s.save_snapshot(id, "2024-01-31", &[row("Champions")])
        .unwrap();
    s.save_snapshot(id, "2024-01-31", &[row("Loyal Customers")])
        .unwrap();
    s.save_snapshot(id, "2024-02-29", &[row("At Risk")])
        .unwrap();
    assert_eq!(
        s.snapshot_dates(id).unwrap(),
        vec!["2024-01-31", "2024-02-29"]
    );
    assert_eq!(
        s.snapshot(id, "2024-01-31").unwrap(),
        vec![row("Loyal Customers")]
    );
    let unknown = SnapshotRow {
        customer: "nobody".into(),
        ..row("Champions")
    };
    assert!(s
        .save_snapshot(id, "2024-03-31", &[row("Champions"), unknown])
        .is_err());
    assert_eq!(
        s.snapshot_dates(id).unwrap().len(),
        2,
        "the failed save wrote nothing"
    );
}

#[test]
fn scanning_lines_returns_only_the_stores_lines_in_order_even_when_ids_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let other = StoreSpec {
        name: "Other".into(),
        ..spec()
    };
    // Orders of the two stores alternate, so their row ids interleave.
    let mut ids = (0, 0);
    for i in 0..6 {
        let mut o = order(&format!("o{i}"), None, 100 + i);
        o.lines.push(LineRecord {
            sku: Some(format!("S{i}b")),
            quantity: 2,
            ..Default::default()
        });
        let target = if i % 2 == 0 { spec() } else { other.clone() };
        let ((), _, id) = s.write(&target, |w| w.order(&o).map(drop)).unwrap();
        if i % 2 == 0 {
            ids.0 = id
        } else {
            ids.1 = id
        }
    }
    let mut seen = Vec::new();
    s.scan_lines(ids.0, |l| {
        seen.push((l.order_id, l.sku.map(str::to_string), l.quantity))
    })
    .unwrap();
    let skus: Vec<_> = seen
        .iter()
        .map(|(_, sku, _)| sku.clone().unwrap())
        .collect();
    assert_eq!(skus, ["S1", "S0b", "S1", "S2b", "S1", "S4b"]);
    assert!(
        seen.windows(2).all(|w| w[0].0 <= w[1].0),
        "grouped by order"
    );
    let mut n = 0;
    s.scan_lines(ids.1, |_| n += 1).unwrap();
    assert_eq!(n, 6);
}

/// A cache built from rows read before a write is never saved after it (the data generation).
#[test]
fn a_cache_is_saved_only_for_the_rows_it_was_built_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.sqlite");
    let mut s = Store::open(&path).unwrap();
    let (_, _, id) = s
        .write(&spec(), |w: &mut Writer<'_>| -> Result<()> {
            w.order(&order("o1", None, 100))?;
            Ok(())
        })
        .unwrap();
    let before = s.data_generation(id).unwrap();
    let cols: Vec<(&str, &[u8])> = vec![("a", b"bytes")];
    assert_eq!(
        s.save_column_cache_if_current(id, before, "k", &cols)
            .unwrap(),
        Some(5),
        "nothing changed: saved"
    );
    // A write that changes the store's rows bumps the generation and drops the cache.
    let mut other = Store::open(&path).unwrap();
    other
        .write_fx_rates(&[FxRate {
            day: "2024-01-02".into(),
            currency: "USD".into(),
            per_eur: 1.1,
        }])
        .unwrap();
    assert!(s.data_generation(id).unwrap() > before);
    assert!(!s.has_column_cache(id, "k").unwrap());
    assert_eq!(
        s.save_column_cache_if_current(id, before, "k", &cols)
            .unwrap(),
        None,
        "rows read before the write: not saved"
    );
    assert!(!s.has_column_cache(id, "k").unwrap());
}
