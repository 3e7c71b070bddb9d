//! `export` on the bundled sample store: the row count agrees with `analyze`, the consent rule
//! is applied and reported, and the file has the preset's header.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn cli(db: &Path) -> Command {
    let mut c = Command::cargo_bin("repeatlens-cli").unwrap();
    c.arg("--db").arg(db).env_remove("REPEATLENS_DB");
    c
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = cli(db).arg("--json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The Online Retail sample has no emails and no consent column: every customer's consent is
/// unknown, so the default export leaves everyone out and says so.
#[test]
fn export_champions_of_the_sample_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.sqlite");
    json(&db, &["demo"]);
    let analysis = json(&db, &["analyze"]);
    let champions = analysis["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["segment"] == "Champions")
        .unwrap()["customers"]
        .as_u64()
        .unwrap();
    assert!(champions > 100, "{champions}");

    // With --include-no-consent: one row per Champion.
    let file = dir.path().join("champions.csv");
    let out = file.to_str().unwrap();
    let r = json(
        &db,
        &[
            "export",
            "--segment",
            "Champions",
            "--include-no-consent",
            "--out",
            out,
        ],
    );
    assert_eq!(r["rows_written"], champions);
    assert_eq!(r["total_matched"], champions);
    assert_eq!(r["excluded_no_consent"], 0);
    assert_eq!(r["as_of"], analysis["as_of"]["date"]);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Customer ID,Email,First Name,Last Name,Phone,Country,Accepts Marketing,Segment,\
         8-Class,Tier,Lifecycle,Purchases,Net Revenue,Currency,Last Purchase"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as u64, champions);
    assert!(
        rows.iter().all(|r| r.contains(",Champions,")),
        "{}",
        rows[0]
    );
    assert!(rows.iter().all(|r| r.contains(",GBP,")), "{}", rows[0]);

    // The default: consent required, and nobody in the sample has given it.
    let file = dir.path().join("consented.csv");
    let out = file.to_str().unwrap();
    let r = json(&db, &["export", "--segment", "Champions", "--out", out]);
    assert_eq!(r["rows_written"], 0);
    assert_eq!(r["total_matched"], champions);
    assert_eq!(r["excluded_no_consent"], champions);
    let text = cli(&db)
        .args(["export", "--segment", "Champions", "--out", out])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Wrote 0 rows"), "{text}");
    assert!(
        text.contains(&format!("{champions} left out without marketing consent")),
        "{text}"
    );
    assert!(text.contains("--include-no-consent"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        1,
        "header only"
    );

    // Klaviyo needs an email, which the sample does not have; with a BOM for Excel.
    let file = dir.path().join("klaviyo.csv");
    let r = json(
        &db,
        &[
            "export",
            "--segment",
            "Champions",
            "--include-no-consent",
            "--preset",
            "klaviyo",
            "--bom",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r["excluded_no_email"], champions);
    assert_eq!(r["rows_written"], 0);
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(
        bytes,
        b"\xEF\xBB\xBFEmail,First Name,Last Name,Phone Number,Country\n"
    );
}

#[test]
fn export_filters_combine_and_bad_input_fails_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex2.sqlite");
    json(&db, &["demo"]);
    let file = dir.path().join("f.csv");
    let out = file.to_str().unwrap();
    let all = json(&db, &["export", "--include-no-consent", "--out", out]);
    let everyone = all["rows_written"].as_u64().unwrap();
    assert_eq!(everyone, 4_372, "every customer record, prospects included");
    let narrow = json(
        &db,
        &[
            "export",
            "--include-no-consent",
            "--tier",
            "top",
            "--country",
            "united kingdom",
            "--min-spend",
            "5000",
            "--last-order-from",
            "2011-11-01",
            "--columns",
            "customer_id,country,net_revenue,coupon_code",
            "--coupon-prefix",
            "XMAS",
            "--out",
            out,
        ],
    );
    let n = narrow["rows_written"].as_u64().unwrap();
    assert!(n > 0 && n < everyone / 10, "{n}");
    assert_eq!(narrow["coupon_codes"], n);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Customer ID,Country,Net Revenue,Coupon Code"
    );
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[1], "United Kingdom", "{line}");
        assert!(cells[2].parse::<f64>().unwrap() >= 5000.0, "{line}");
        assert!(
            cells[3].starts_with("XMAS-") && cells[3].len() == 13,
            "{line}"
        );
    }
    // Customers who bought a product whose title contains "heart" are fewer than everyone.
    let hearts = json(
        &db,
        &[
            "export",
            "--include-no-consent",
            "--product",
            "HEART",
            "--out",
            out,
        ],
    );
    let h = hearts["rows_written"].as_u64().unwrap();
    assert!(h > 0 && h < everyone, "{h}");

    // Overdue customers: the whole list is used, not the thousand rows `analyze` shows.
    let overdue = json(
        &db,
        &["export", "--include-no-consent", "--overdue", "--out", out],
    );
    let o = overdue["rows_written"].as_u64().unwrap();
    assert!(o > 0 && o < everyone, "{o}");

    // Errors: non-zero exit, message on stderr, the earlier file untouched.
    let before = std::fs::read(&file).unwrap();
    for (args, message) in [
        (vec!["--segment", "champs"], "unknown segment 'champs'"),
        (vec!["--preset", "hubspot"], "unknown preset 'hubspot'"),
        (vec!["--coupon-prefix", "=1+1"], "coupon prefix '=1+1'"),
        (
            vec!["--last-order-from", "2011-13-01"],
            "--last-order-from 2011-13-01",
        ),
        (
            vec!["--preset", "shopify", "--columns", "segment"],
            "takes no other columns",
        ),
    ] {
        let o = cli(&db)
            .args(["export", "--out", out])
            .args(&args)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(o.stdout.is_empty());
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?}");
    }
}

/// Prediction- and rule-based lists from the command line on the sample store: the high-risk
/// count equals `predict`'s band count, and "bought 22917 without 22916" equals a count made
/// from `rules basket` figures (buyers of 22917 minus those who also bought 22916).
#[test]
fn export_by_churn_risk_and_by_a_without_b() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.sqlite");
    json(&db, &["demo"]);
    let analysis = json(&db, &["analyze"]);
    let as_of = analysis["as_of"]["date"].as_str().unwrap().to_string();
    let predict = json(&db, &["predict", "--as-of", &as_of]);
    let high = predict["predictions"]["totals"]["churn_bands"]["high"]
        .as_u64()
        .unwrap();
    assert!(high > 0);
    let out = dir.path().join("risk.csv");
    let r = json(
        &db,
        &[
            "export",
            "--churn-risk",
            "high",
            "--include-no-consent",
            "--columns",
            "customer_id,churn_band",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r["total_matched"].as_u64(), Some(high));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().skip(1).all(|l| l.ends_with(",high")));
    assert_eq!(text.lines().count() as u64, high + 1);

    // Buyers of A without B, checked against buyers of A and of A-and-B (sequence-free
    // counts made with the product filter on exact codes through two exports).
    let count = |args: &[&str]| -> u64 {
        let out = dir.path().join("x.csv");
        let mut all = vec![
            "export",
            "--include-no-consent",
            "--out",
            out.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        json(&db, &all)["total_matched"].as_u64().unwrap()
    };
    let a = count(&["--bought-sku", "22917"]);
    let a_not_b = count(&["--bought-sku", "22917", "--not-bought-sku", "22916"]);
    let b = count(&["--bought-sku", "22916"]);
    let b_not_a = count(&["--bought-sku", "22916", "--not-bought-sku", "22917"]);
    // |A| − |A \ B| = |A ∩ B| = |B| − |B \ A|.
    assert!(a > a_not_b && a_not_b > 0);
    assert_eq!(a - a_not_b, b - b_not_a);
    // A bad band names the choices.
    let bad = cli(&db)
        .args(["export", "--churn-risk", "extreme", "--out"])
        .arg(dir.path().join("bad.csv"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected one of low, medium, high"));
}
