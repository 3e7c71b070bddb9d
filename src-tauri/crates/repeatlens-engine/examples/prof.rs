//! Profiling harness: loads the first store of a database once, then analyses it N times,
//! printing each time — the loop to put under `perf record` when the analysis gets slower.
//!
//! Run: `cargo run --release -p repeatlens-engine --example prof -- DB.sqlite [N]`
//! (the bench databases are under `target/bench-data/`).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        eprintln!("usage: prof DB.sqlite [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = match args.next().map(|s| s.parse()) {
        None => 10,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("RUNS must be a number: {e}");
            std::process::exit(2);
        }
    };
    let mut store = repeatlens_store::Store::open(&db).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let Some(id) = store
        .store_infos()
        .ok()
        .and_then(|s| s.first().map(|s| s.id))
    else {
        eprintln!("{db} has no store");
        std::process::exit(1)
    };
    let t = Instant::now();
    let ds = repeatlens_engine::load_dataset(&mut store, id, None).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    eprintln!("load {:.3} s", t.elapsed().as_secs_f64());
    let params = repeatlens_analytics::Params::default();
    for _ in 0..runs {
        let t = Instant::now();
        let a = repeatlens_analytics::analyze(&ds, &params);
        eprintln!(
            "analyze {:.3} s ({} customers)",
            t.elapsed().as_secs_f64(),
            a.rfm.customers
        );
    }
}
