//! What the Predictions and Products screens cost (issue #6): the models' prediction set
//! (BG/NBD + Gamma-Gamma fits, every customer's predictions, the backtest) and the product
//! insight (basket rules, sequential rules, first products and paths), on the sample store and
//! on Complete Journey ×1 (2,469 households, 1.47 M lines, 304 categories, 92 k products).
//!
//! Run: `cargo bench -p repeatlens-engine --bench insight`. The datasets are loaded once
//! (their load is the `analyze` bench's business); each figure is the median of 5 runs.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use repeatlens_engine::{prediction_set, product_insight, ProductInsightParams};
use repeatlens_store::Store;

fn repo_root() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    while !dir.join("tauri.conf.json").exists() {
        dir = dir.parent().expect("repository root").to_path_buf();
    }
    dir
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[2]
}

fn bench(name: &str, ds: &repeatlens_analytics::Dataset, levels: &[&str]) {
    let as_of = ds
        .purchase_rows()
        .iter()
        .map(|p| p.day)
        .max()
        .expect("purchases");
    let set = prediction_set(ds, as_of, &Default::default()).unwrap();
    let ms = median_ms(|| {
        prediction_set(ds, as_of, &Default::default()).unwrap();
    });
    println!(
        "{name}: prediction set ({} customers, backtest {}) {ms:.0} ms",
        set.by_customer.len(),
        set.report
            .backtest
            .as_ref()
            .map_or("none".to_string(), |b| format!(
                "{} days held out",
                b.holdout_days
            ))
    );
    for level in levels {
        let params = ProductInsightParams {
            level: repeatlens_engine::item_level(level).expect("a level"),
            ..Default::default()
        };
        let i = product_insight(ds, as_of, &params);
        let ms = median_ms(|| {
            product_insight(ds, as_of, &params);
        });
        println!(
            "{name}: product insight, {level} level, defaults (support {}, confidence {}, within {} days): \
             {} basket rules, {} sequential rules, {} first items, {} paths in {ms:.0} ms",
            params.min_support,
            params.min_confidence,
            params.within_days,
            i.basket_rules_total,
            i.sequence_rules_total,
            i.first_products.items_total,
            i.first_products.paths_total
        );
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("sample.sqlite")).unwrap();
    let id =
        repeatlens_bundled::load_sample_store(&mut store, &mut |_| {}, &AtomicBool::new(false))
            .unwrap()
            .store_id;
    let ds = repeatlens_engine::load_dataset(&mut store, id, None).unwrap();
    bench("Sample store (Online Retail)", &ds, &["sku"]);

    let data = repo_root()
        .parent()
        .unwrap()
        .join("shared/data/completejourney");
    let mut cj = Store::open(dir.path().join("cj.sqlite")).unwrap();
    repeatlens_testkit::complete_journey(&mut cj, &data, 1, "CJ").unwrap();
    let id = cj.store_id("CJ").unwrap();
    let ds = repeatlens_engine::load_dataset(&mut cj, id, None).unwrap();
    bench("Complete Journey x1", &ds, &["category", "sku"]);
}
