//! The customer table's backend query on the real sample store: filters, search and order are
//! the engine's, so a segment's table count equals the segment's count in the analysis.

use std::sync::atomic::AtomicBool;

use repeatlens_analytics::{Lifecycle, Params, Segment};
use repeatlens_app::commands::analysis::ordered_rows;
use repeatlens_app::commands::dto::{CustomerQuery, CustomerSort};
use repeatlens_store::Store;

fn sample_analysis() -> repeatlens_analytics::Analysis {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.sqlite")).unwrap();
    let report =
        repeatlens_bundled::load_sample_store(&mut store, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
    let params = Params {
        include_customers: true,
        ..Default::default()
    };
    repeatlens_engine::analyze_store(&mut store, report.store_id, &params, None).unwrap()
}

#[test]
fn the_customer_query_filters_searches_and_sorts_like_the_analysis() {
    let a = sample_analysis();
    // Every customer record (4,372 in the sample store) is a row.
    assert_eq!(ordered_rows(&a, &CustomerQuery::default()).len(), 4372);

    let champions = a
        .segments
        .iter()
        .find(|s| s.segment == Segment::Champions)
        .unwrap()
        .customers;
    let q = CustomerQuery {
        segment: Some(Segment::Champions),
        descending: true,
        ..Default::default()
    };
    let rows = ordered_rows(&a, &q);
    assert_eq!(rows.len() as u64, champions);
    let revenue: Vec<f64> = rows
        .iter()
        .map(|&i| a.customers[i as usize].net_revenue)
        .collect();
    assert!(
        revenue.windows(2).all(|w| w[0] >= w[1]),
        "net revenue, highest first"
    );

    // An R×F cell is the customers with exactly those scores; the grid says how many.
    let cell = CustomerQuery {
        rf_cell: Some((5, 5)),
        ..Default::default()
    };
    assert_eq!(ordered_rows(&a, &cell).len() as u64, a.rfm.rf_grid[4][4]);

    let churned = a
        .lifecycle
        .stages
        .iter()
        .find(|s| s.stage == Lifecycle::Churned)
        .unwrap()
        .customers;
    let q = CustomerQuery {
        lifecycle: Some(Lifecycle::Churned),
        sort: CustomerSort::Recency,
        ..Default::default()
    };
    let rows = ordered_rows(&a, &q);
    assert_eq!(rows.len() as u64, churned);
    let rec: Vec<u32> = rows
        .iter()
        .map(|&i| a.customers[i as usize].recency_days.unwrap())
        .collect();
    assert!(rec.windows(2).all(|w| w[0] <= w[1]));

    // Search is a case-insensitive substring of the customer id (Online Retail: "12346" …).
    let q = CustomerQuery {
        search: "1234".into(),
        ..Default::default()
    };
    let found = ordered_rows(&a, &q);
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|&i| a.customers[i as usize].customer.contains("1234")));
}
