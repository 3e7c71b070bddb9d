//! `repeatlens-cli predict` and `rules` on the sample store (UCI Online Retail): the BG/NBD fit
//! agrees with Python's lifetimes on the same purchases, the backtest is the app's (same
//! calibration end, same holdout as `repeatlens_engine::prediction_set`), and rules come back
//! with product ids and dates a person can read.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use repeatlens_analytics::days;
use repeatlens_models::PredictConfig;
use serde_json::Value;

fn cli(db: &Path) -> Command {
    let mut c = Command::cargo_bin("repeatlens-cli").unwrap();
    c.arg("--db").arg(db).env_remove("REPEATLENS_DB");
    c
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all)).unwrap()
}

/// What the app's Predictions screen computes for the database's only store as of `as_of`
/// (YYYY-MM-DD), with the default settings: `repeatlens_engine::prediction_set`.
fn app_report(db: &Path, as_of: &str) -> repeatlens_engine::PredictionReport {
    let mut store = repeatlens_store::Store::open(db).unwrap();
    let id = store.store_infos().unwrap()[0].id;
    let ds = repeatlens_engine::load_dataset(&mut store, id, None).unwrap();
    let day = days::day_number(chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap());
    repeatlens_engine::prediction_set(&ds, day, &PredictConfig::default())
        .unwrap()
        .report
}

fn close(what: &str, got: &Value, want: f64, rel: f64) {
    let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
    assert!(
        (g - want).abs() <= rel * want.abs(),
        "{what}: {g} vs {want}"
    );
}

#[test]
fn predict_and_rules_on_the_sample_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("predict.sqlite");
    ok(&db, &["demo"]);

    let v = json(&db, &["predict"]);
    let p = &v["predictions"];
    assert_eq!(v["currency"], "GBP");
    assert_eq!(p["as_of"], "2011-12-09", "the newest purchase's day");
    assert_eq!(p["customers"], 4338);
    assert_eq!(p["repeat_customers"], 2790);
    // a / (a + b) = 0.05 %: almost nobody ever leaves in the model, so P(alive) ≈ 1 for all and
    // churn risk comes from each customer's own gap; purchases and CLV still use the model.
    assert_eq!(p["churn_method"], "heuristic");
    assert_eq!(p["unreliable"].as_array().unwrap().len(), 0);
    assert_eq!(p["churn_unreliable"][0]["reason"], "no_dropout");
    // lifetimes 0.11.3 `BetaGeoFitter` on the same purchases (invoices not starting with "C",
    // with a CustomerID, total > 0; calendar days; observation end 2011-12-09), run for this
    // test: r 0.826542, α 68.90512, a 0.00343738, b 6.745116 — 4,338 customers, 2,790 repeaters.
    let m = &p["bgnbd"]["params"];
    close("r", &m["r"], 0.826542, 1e-5);
    close("alpha", &m["alpha"], 68.90512, 1e-5);
    close("a", &m["a"], 0.00343738, 1e-4);
    close("b", &m["b"], 6.745116, 1e-5);
    let rows = p["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4338);
    // Customers by platform id, dates as dates.
    assert_eq!(rows[0]["customer"], "17850");
    let next = rows[0]["next_purchase_day"].as_str().unwrap();
    assert!(next.len() == 10 && next.starts_with("201"), "{next}");
    assert!(rows
        .iter()
        .all(|r| r["churn_band"].is_string() && r["clv"].is_f64()));

    // The backtest is the app's: purchases from 2010-12-01 to 2011-12-09 span 373 days, a third
    // is 124 days, so the calibration ends 2011-08-07 — exactly what `prediction_set` chooses.
    let app = app_report(&db, "2011-12-09");
    let want = app
        .backtest
        .as_ref()
        .expect("the app backtests the sample store");
    let b = &v["backtest"];
    assert_eq!(b["calibration_end"], want.calibration_end.as_str());
    assert_eq!(b["holdout_days"], want.holdout_days);
    assert_eq!(b["calibration_end"], "2011-08-07");
    assert_eq!(b["holdout_days"], 124);
    assert_eq!(b["observation_end"], "2011-12-09");
    assert_eq!(b["holdout_length"], want.result.holdout_length);
    // The same numbers, not just the same window.
    assert_eq!(b["actual_total"], want.result.actual_total);
    assert_eq!(b["predicted_total"], want.result.predicted_total);
    assert_eq!(b["summary"], want.result.summary.as_str());
    assert_eq!(
        b["buckets"].as_array().unwrap().len(),
        want.result.buckets.len()
    );
    assert_eq!(b["buckets"].as_array().unwrap().len(), 8);
    assert_eq!(b["actual_total"], 5459);
    // The calibration fit runs into b → ∞ (no dropout), and the backtest says so.
    assert_eq!(b["unreliable"][0]["reason"], "parameters_at_bounds");
    assert!(b["summary"].as_str().unwrap().contains("unreliable"));
    assert!(v["backtest_note"].is_null());
    assert_eq!(
        p["totals"],
        serde_json::to_value(&app.predictions.totals).unwrap()
    );
    // The app predicts as of the analysis date; `predict --as-of` that date backtests on the
    // same window as the app.
    let analysis = json(&db, &["analyze"]);
    let day = analysis["as_of"]["date"].as_str().unwrap();
    let at = json(&db, &["predict", "--as-of", day]);
    let app_at = app_report(&db, day);
    let want = app_at.backtest.as_ref().unwrap();
    assert_eq!(at["predictions"]["as_of"], day);
    assert_eq!(
        at["backtest"]["calibration_end"],
        want.calibration_end.as_str()
    );
    assert_eq!(at["backtest"]["holdout_days"], want.holdout_days);
    assert_eq!(at["backtest"]["actual_total"], want.result.actual_total);

    let text = ok(&db, &["predict", "--top", "3"]);
    assert!(
        text.starts_with("Predictions as of 2011-12-09 — 4338 customers"),
        "{text}"
    );
    assert!(text.contains("Top 3 customers by 12-month CLV"), "{text}");
    assert!(
        text.contains("Backtest: fitted up to 2011-08-07, holdout to 2011-12-09 (124 days)."),
        "{text}"
    );
    // The app's top customer by CLV heads the list.
    let first = text
        .lines()
        .skip_while(|l| !l.starts_with("Top 3"))
        .nth(2)
        .unwrap();
    assert!(
        first.trim_start().starts_with(&app.top_clv[0].customer),
        "{first}"
    );

    let r = json(&db, &["rules", "basket", "--min-support", "0.02"]);
    assert_eq!(r["level"], "item");
    assert_eq!(r["min_count"], 400, "2 % of 19,960 orders");
    let rules = r["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    let top = &rules[0];
    assert!(top["antecedent"][0].is_string() && top["consequent"][0].is_string());
    assert!(top["lift"].as_f64().unwrap() >= rules[1]["lift"].as_f64().unwrap());
    assert!(top["confidence"].as_f64().unwrap() >= 0.5);

    let s = json(
        &db,
        &[
            "rules",
            "sequence",
            "--level",
            "item",
            "--within",
            "30",
            "--min-support",
            "0.02",
        ],
    );
    assert_eq!(s["customers"], 4338);
    for x in s["rules"].as_array().unwrap() {
        assert!(x["customers"].as_u64().unwrap() >= s["min_count"].as_u64().unwrap());
    }

    // Online Retail has no product categories: a clear error, not an empty table.
    let out = cli(&db)
        .args(["rules", "sequence", "--level", "category"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no categories"));
}

/// `rules first` on the sample store: the starters of the top first item add up with the
/// store-wide counts, and the JSON is the engine's `FirstProducts`.
#[test]
fn first_products_on_the_sample_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.sqlite");
    ok(&db, &["demo"]);
    let f = json(&db, &["rules", "first", "--limit", "5"]);
    // 4,338 customers bought (as `predict` counts them); every first order has a stock code.
    assert_eq!(f["customers"].as_u64(), Some(4338));
    let items = f["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    // The most common first item of the data set: 85123A, WHITE HANGING HEART T-LIGHT HOLDER.
    assert_eq!(items[0]["item"], "85123A");
    let starters = items[0]["customers"].as_u64().unwrap();
    let repeat = items[0]["repeat_customers"].as_u64().unwrap();
    assert!(
        (items[0]["repeat_rate"].as_f64().unwrap() - repeat as f64 / starters as f64).abs() < 1e-12
    );
    let paths = f["paths"].as_array().unwrap();
    assert!(paths
        .windows(2)
        .all(|w| w[0]["customers"].as_u64() >= w[1]["customers"].as_u64()));
    let text = ok(&db, &["rules", "first", "--limit", "3"]);
    assert!(text.contains("First products (item level)"), "{text}");
    assert!(text.contains("85123A"));
}

/// A store with two months of purchases: too short for a backtest, and `predict` says why in the
/// words and numbers of `prediction_set`.
#[test]
fn predict_explains_a_missing_backtest_like_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("short.sqlite");
    let csv = dir.path().join("short.csv");
    std::fs::write(
        &csv,
        "order,customer,date,amount\n\
         1,a,2024-01-01,10\n2,a,2024-02-01,20\n3,a,2024-03-01,15\n\
         4,b,2024-01-15,5\n5,b,2024-02-20,7\n6,c,2024-02-10,30\n",
    )
    .unwrap();
    ok(&db, &["import", csv.to_str().unwrap(), "--currency", "USD"]);
    let v = json(&db, &["predict"]);
    assert_eq!(v["predictions"]["as_of"], "2024-03-01");
    assert_eq!(v["predictions"]["customers"], 3);
    assert_eq!(v["predictions"]["rows"].as_array().unwrap().len(), 3);
    assert!(v["backtest"].is_null());
    let app = app_report(&db, "2024-03-01");
    assert!(app.backtest.is_none());
    let note = app.backtest_note.as_ref().unwrap();
    let n = &v["backtest_note"];
    assert_eq!(n["code"], "short_history");
    assert_eq!(n["history_days"], 60);
    assert_eq!(n["required_days"], 120);
    assert_eq!(n["message"], note.english().as_str());
    let mut want = serde_json::to_value(note).unwrap();
    want["message"] = n["message"].clone();
    assert_eq!(n, &want);
    let text = ok(&db, &["predict"]);
    assert!(
        text.contains(&format!("Backtest: none. {}", note.english())),
        "{text}"
    );
    // The old explicit window is gone: the backtest window is the app's.
    let out = cli(&db)
        .args(["predict", "--calibration-end", "2024-02-01"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
