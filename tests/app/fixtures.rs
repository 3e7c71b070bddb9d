//! The UI's fake backend shows real numbers: its Predictions and Products fixtures
//! (`ui/src/backend/fixtures/sample-predictions.json`, `sample-products.json`) are the engine's
//! output on the bundled sample store, as the app's commands return them. This test checks the
//! committed files against a fresh run (numbers to a relative 1e-9, so a different CPU's last
//! bit does not matter); `UPDATE_FIXTURES=1 cargo test --test app fixtures` rewrites them.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use repeatlens_engine::ProductInsightParams;
use repeatlens_store::Store;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("ui/src/backend/fixtures")
        .join(name)
}

fn same(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let tol = 1e-9 * x.abs().max(y.abs()).max(1.0);
            if (x - y).abs() <= tol {
                Ok(())
            } else {
                Err(format!("{path}: {x} != {y}"))
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (x, y))| same(x, y, &format!("{path}[{i}]"))),
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
            x.iter().try_for_each(|(k, v)| {
                same(
                    v,
                    y.get(k).ok_or(format!("{path}.{k}: missing"))?,
                    &format!("{path}.{k}"),
                )
            })
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

fn check_or_update(name: &str, fresh: &Value) {
    let path = fixture(name);
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(fresh).unwrap() + "\n").unwrap();
        return;
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if let Err(e) = same(&committed, fresh, name) {
        panic!(
            "{} is out of date ({e}): run `UPDATE_FIXTURES=1 cargo test --test app fixtures`",
            path.display()
        );
    }
}

#[test]
fn the_fake_backends_prediction_and_product_fixtures_are_the_engines_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.sqlite")).unwrap();
    let id =
        repeatlens_bundled::load_sample_store(&mut store, &mut |_| {}, &AtomicBool::new(false))
            .unwrap()
            .store_id;
    // As the app does: the models run as of the analysis date (default settings).
    let params = repeatlens_analytics::Params::default();
    let a = repeatlens_engine::analyze_store(&mut store, id, &params, None).unwrap();
    let ds = repeatlens_engine::load_dataset(&mut store, id, None).unwrap();
    let as_of = repeatlens_analytics::days::day_number(
        chrono::NaiveDate::parse_from_str(&a.as_of.date, "%Y-%m-%d").unwrap(),
    );
    let set = repeatlens_engine::prediction_set(&ds, as_of, &Default::default()).unwrap();
    check_or_update(
        "sample-predictions.json",
        &serde_json::to_value(&set.report).unwrap(),
    );
    // The Products screen's defaults.
    let mut insight =
        repeatlens_engine::product_insight(&ds, as_of, &ProductInsightParams::default()).unwrap();
    repeatlens_engine::add_sku_titles(&store, id, &mut insight).unwrap();
    check_or_update(
        "sample-products.json",
        &serde_json::to_value(&insight).unwrap(),
    );
}
