//! The UI's fake backend shows real numbers: its Predictions and Products fixtures
//! (`ui/src/backend/fixtures/sample-predictions.json`, `sample-products.json`) are the engine's
//! output on the bundled sample store, as the app's commands return them. This test checks the
//! committed files against a fresh run (numbers to a relative 1e-9, so a different CPU's last
//! bit does not matter); `UPDATE_FIXTURES=1 cargo test --test app fixtures` rewrites them.

use std::path::PathBuf;
use std::time::Instant;

use repeatlens_app::commands::dto::AnalysisSettings;
use repeatlens_app::commands::{analysis, imports, insight};
use repeatlens_app::ipc::{Ctx, Progress};
use repeatlens_app::AppState;
use repeatlens_engine::ProductInsightParams;
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
    let state = AppState::open(&dir.path().join("s.sqlite"), Instant::now()).unwrap();
    let cx = Ctx {
        state: &state,
        app: None,
    };
    // As the window does: load the sample store, analyse it with default settings, then ask
    // for the Predictions and Products screens of that analysis.
    let sample = imports::load_sample_store(&cx, "sample".into(), Progress::new(|_| {})).unwrap();
    let view = analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();
    let report = insight::prediction_report(&cx, view.analysis_id)
        .unwrap()
        .expect("the sample store has purchases");
    check_or_update(
        "sample-predictions.json",
        &serde_json::to_value(&report).unwrap(),
    );
    // The Products screen's defaults.
    let products =
        insight::product_insight(&cx, view.analysis_id, ProductInsightParams::default()).unwrap();
    check_or_update(
        "sample-products.json",
        &serde_json::to_value(&products).unwrap(),
    );
}
