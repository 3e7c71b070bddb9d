//! Customer table benchmark (issue #5: a page fetch ≤ 30 ms at 1 M customers): the synthetic
//! store of `repeatlens-engine`'s analyze bench (1.24 M customers, 5 M orders, generated into
//! `target/bench-data/syn5m.sqlite` when missing), analysed with one row per customer as the app
//! does, then the table's backend work measured: a new filter/sort (once per query change) and
//! page fetches at offsets across the table (every scroll).
//!
//! Run: `cargo bench -p repeatlens --bench customers`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use repeatlens_analytics::{Params, Segment};
use repeatlens_app::commands::analysis::{ordered_rows, page};
use repeatlens_app::commands::dto::{CustomerQuery, CustomerSort};
use repeatlens_store::Store;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let db = root.join("target/bench-data/syn5m.sqlite");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let name = "Synthetic 5000000";
    let mut store = Store::open(&db).unwrap();
    if store.find_store(name).unwrap().is_none() {
        let spec = repeatlens_testkit::SyntheticSpec {
            name: name.into(),
            customers: 1_300_000,
            max_orders: 5_000_000,
            ..Default::default()
        };
        repeatlens_testkit::synthetic(&mut store, &spec).unwrap();
    }
    let id = store.store_id(name).unwrap();
    let params = Params {
        include_customers: true,
        ..Default::default()
    };
    let t = Instant::now();
    let a = repeatlens_engine::analyze_store(&mut store, id, &params, None).unwrap();
    println!(
        "analysed {} customers ({} orders) with their rows in {:.2} s",
        a.customers.len(),
        a.data.orders,
        t.elapsed().as_secs_f64()
    );

    let queries = [
        (
            "all, net revenue high→low",
            CustomerQuery {
                descending: true,
                ..Default::default()
            },
        ),
        (
            "Champions, by recency",
            CustomerQuery {
                segment: Some(Segment::Champions),
                sort: CustomerSort::Recency,
                ..Default::default()
            },
        ),
        (
            "search \"C00012\"",
            CustomerQuery {
                search: "C00012".into(),
                ..Default::default()
            },
        ),
    ];
    for (label, q) in queries {
        let t = Instant::now();
        let rows = ordered_rows(&a, &q);
        let sort_ms = t.elapsed().as_secs_f64() * 1e3;
        let n = rows.len().max(1);
        let mut fetches = Vec::new();
        for k in 0..200u32 {
            let offset = ((k as u64 * 7919 * 100) % n as u64) as u32;
            let t = Instant::now();
            let p = page(&a, &rows, offset, 100);
            fetches.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(p);
        }
        let fetch = median(fetches.clone());
        let worst = fetches.iter().cloned().fold(0.0, f64::max);
        println!(
            "{label}: {} rows; filter + sort {sort_ms:.1} ms (on query change); page of 100: median {fetch:.3} ms, worst {worst:.3} ms -> target ≤ 30 ms {}",
            rows.len(),
            if worst <= 30.0 { "met" } else { "NOT met" }
        );
    }
}
