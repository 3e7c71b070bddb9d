//! Loading a stored store into the analytics engine, FX on demand, snapshots round-trip.

use std::sync::atomic::AtomicBool;

use repeatlens_analytics::Params;
use repeatlens_import::{import_file, ImportOptions};
use repeatlens_store::Store;

fn import(store: &mut Store, dir: &tempfile::TempDir, name: &str, text: &str) -> i64 {
    let f = dir.path().join(name);
    std::fs::write(&f, text).unwrap();
    let opts = ImportOptions {
        store: Some("Shop".into()),
        currency: Some("EUR".into()),
        ..Default::default()
    };
    import_file(store, &f, &opts, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
        .store_id
}

/// Oracle: ECB reference rates of 2024-03-28 (`../shared/data/fx/eurofxref-hist.csv`):
/// 1 EUR = 1.0811 USD. A 108.11 USD order is 100.00 EUR.
#[test]
fn orders_in_another_currency_are_converted_with_the_bundled_ecb_rates() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("e.sqlite")).unwrap();
    let id = import(
        &mut s,
        &dir,
        "o.csv",
        "order,email,date,amount,currency\n1,a@x.com,2024-03-28 12:00,108.11,USD\n2,b@x.com,2024-03-28 12:00,50.00,EUR\n",
    );
    assert!(s.fx_rates().unwrap().is_empty());
    let params = Params {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 4, 1),
        ..Default::default()
    };
    let a = repeatlens_engine::analyze_store(&mut s, id, &params, None).unwrap();
    assert!(
        !s.fx_rates().unwrap().is_empty(),
        "rates were loaded on demand"
    );
    assert_eq!(a.currency, "EUR");
    assert!(
        (a.kpis.all_time.net_revenue - 150.0).abs() < 0.005,
        "{}",
        a.kpis.all_time.net_revenue
    );
    assert!(a.data.fx_missing.is_empty());
}

#[test]
fn a_saved_snapshot_reads_back_identically() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("e.sqlite")).unwrap();
    let id = import(
        &mut s,
        &dir,
        "o.csv",
        "order,email,date,amount\n1,a@x.com,2024-01-05,10\n2,a@x.com,2024-02-05,20\n3,b@x.com,2024-02-10,5\n4,c@x.com,2023-06-01,80\n",
    );
    let ds = repeatlens_engine::load_dataset(&mut s, id, None).unwrap();
    let params = Params {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        ..Default::default()
    };
    let snap = repeatlens_analytics::snapshot(&ds, &params);
    assert_eq!(snap.rows.len(), 3);
    repeatlens_engine::save_snapshot(&mut s, id, &snap).unwrap();
    let back = repeatlens_engine::load_snapshot(&s, id, &snap.as_of).unwrap();
    assert_eq!(back, snap);
}

/// The second load reads the analysis cache and gives the same analysis; a write that changes
/// the store, or new exchange rates, drops the cache so the next load sees the change.
#[test]
fn the_analysis_cache_is_used_and_dropped_by_changes() {
    use repeatlens_engine::{load_dataset_traced, DatasetSource};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("e.sqlite")).unwrap();
    let text = "order,email,date,amount,currency\n1,a@x.com,2024-01-05,10,EUR\n2,a@x.com,2024-02-05,20,USD\n3,b@x.com,2024-02-10,5,EUR\n";
    let id = import(&mut s, &dir, "o.csv", text);
    let params = Params {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        include_customers: true,
        ..Default::default()
    };
    let json = |ds: &repeatlens_analytics::Dataset| {
        serde_json::to_string(&repeatlens_analytics::analyze(ds, &params)).unwrap()
    };
    let key = format!("columns-v{}:EUR", repeatlens_analytics::COLUMNS_FORMAT);

    let (first, src) = load_dataset_traced(&mut s, id, None).unwrap();
    assert_eq!(src, DatasetSource::Rows { cache_error: None });
    assert!(s.has_column_cache(id, &key).unwrap());
    let (second, src) = load_dataset_traced(&mut s, id, None).unwrap();
    assert_eq!(src, DatasetSource::Cache);
    assert_eq!(json(&second), json(&first));

    // Re-importing the same file changes nothing, so the cache stays.
    import(&mut s, &dir, "o.csv", text);
    assert!(s.has_column_cache(id, &key).unwrap());

    // A new order drops it, and the next load counts the order.
    import(
        &mut s,
        &dir,
        "more.csv",
        "order,email,date,amount,currency\n4,c@x.com,2024-02-20,7,EUR\n",
    );
    assert!(!s.has_column_cache(id, &key).unwrap());
    let (third, src) = load_dataset_traced(&mut s, id, None).unwrap();
    assert!(matches!(src, DatasetSource::Rows { .. }));
    assert_eq!(third.orders(), 4);

    // New exchange rates drop every cache: the USD order converts differently.
    assert!(s.has_column_cache(id, &key).unwrap());
    s.write_fx_rates(&[repeatlens_store::FxRate {
        day: "2024-02-05".into(),
        currency: "USD".into(),
        per_eur: 2.0,
    }])
    .unwrap();
    assert!(!s.has_column_cache(id, &key).unwrap());
    let (fourth, _) = load_dataset_traced(&mut s, id, None).unwrap();
    let a = repeatlens_analytics::analyze(&fourth, &params);
    // 10 + 20 USD / 2.0 + 5 + 7 = 32 EUR.
    assert!(
        (a.kpis.all_time.net_revenue - 32.0).abs() < 0.005,
        "{}",
        a.kpis.all_time.net_revenue
    );

    // A cache in another reporting currency is a different key.
    let (usd, src) = load_dataset_traced(&mut s, id, Some("USD")).unwrap();
    assert!(matches!(src, DatasetSource::Rows { .. }));
    assert_eq!(usd.reporting_currency(), "USD");
}
