//! `repeatlens-cli predict` and `rules` on the sample store (UCI Online Retail): the BG/NBD fit
//! agrees with Python's lifetimes on the same purchases, the backtest flags its degenerate
//! calibration fit, and rules come back with product ids and dates a person can read.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
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

    let v = json(&db, &["predict", "--calibration-end", "2011-06-30"]);
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

    // The calibration fit runs into b → ∞ (no dropout; lifetimes' optimum is as degenerate,
    // a = 9e-7, b = 13,466), and the backtest says so.
    let b = &v["backtest"];
    assert_eq!(b["calibration_end"], "2011-06-30");
    assert_eq!(b["observation_end"], "2011-12-09");
    assert_eq!(b["actual_total"], 6426);
    assert_eq!(b["buckets"].as_array().unwrap().len(), 8);
    assert_eq!(b["unreliable"][0]["reason"], "parameters_at_bounds");
    assert!(b["summary"].as_str().unwrap().contains("unreliable"));

    let text = ok(&db, &["predict", "--top", "3"]);
    assert!(
        text.starts_with("Predictions as of 2011-12-09 — 4338 customers"),
        "{text}"
    );
    assert!(text.contains("Top 3 customers by 12-month CLV"), "{text}");

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
