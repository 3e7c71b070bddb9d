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
