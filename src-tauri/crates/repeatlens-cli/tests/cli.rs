//! The CLI as scripts and benchmarks use it: JSON output, exit codes, stderr messages, the
//! sample store, and a process killed in the middle of a large import.

use std::io::{BufRead, BufReader};
use std::path::Path;

use repeatlens_testkit::shared_data;
use std::process::{Command, Stdio};

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

/// Oracle: issue #3 "Done when", computed from the UCI file (Python csv + decimal, exact).
#[test]
fn stats_json_on_the_online_retail_file() {
    let Some(file) = shared_data("online_retail/online_retail.csv.gz") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("or.sqlite");
    let r = json(&db, &["import", file.to_str().unwrap(), "--store", "UCI"]);
    assert_eq!(r["orders_new"], 22_064);
    let s = json(&db, &["stats", "--store", "UCI"]);
    assert_eq!(s["countries"], 38);
    assert_eq!(s["customers"], 4_372);
    assert_eq!(s["customers_with_purchase"], 4_338);
    assert_eq!(s["invoices"], 25_900);
    assert_eq!(s["orders"], 22_064);
    assert_eq!(s["returns"], 3_836);
    // 3,710 invoices without a customer: 3,528 purchases and 182 returns.
    assert_eq!(s["guest_orders"], 3_528);
    assert_eq!(s["guest_returns"], 182);
    assert_eq!(s["first_order"], "2010-12-01 08:26");
    assert_eq!(s["last_order"], "2011-12-09 12:50");
    assert_eq!(s["gross_purchase_revenue_customers_minor"], 891_140_790);
    assert_eq!(s["currency"], "GBP");
    let text = cli(&db).args(["stats", "--store", "UCI"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("8,911,407.90 GBP"), "{text}");
}

#[test]
fn demo_loads_the_embedded_sample_store_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let r = json(&db, &["demo"]);
    assert_eq!(r["store_name"], "Online Retail (sample)");
    assert_eq!(r["orders_new"], 22_064);
    let again = json(&db, &["demo"]);
    assert_eq!(again["orders_new"], 0);
    assert_eq!(again["orders_unchanged"], 22_064);
    let stores = json(&db, &["stores"]);
    assert_eq!(stores.as_array().unwrap().len(), 1);
    assert_eq!(stores[0]["customers"], 4_372);
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.sqlite");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "order,date,amount\n1,2024-01-01,5\n2,2024-13-45,6\n").unwrap();
    let out = cli(&db)
        .args(["import", bad.to_str().unwrap(), "--currency", "USD"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 3, column 'date': '2024-13-45'"), "{err}");
    assert!(out.stdout.is_empty());
    let out = cli(&db)
        .args(["stats", "--store", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no store named 'nope'"), "{err}");
    assert!(err.contains("Run `repeatlens-cli stores`"), "{err}");
}

/// The library's messages name no flags; the CLI adds its own advice (moved here from the
/// import crate's tests).
#[test]
fn import_errors_end_with_the_cli_advice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite");
    let stderr = |name: &str, text: &str| {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        let out = cli(&db)
            .args(["import", f.to_str().unwrap(), "--currency", "USD"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let e = stderr(
        "bad.csv",
        "order,date,amount\n1,2024-01-01,5\n2,2024-01-02,twelve\n",
    );
    assert!(e.contains("line 3, column 'amount': 'twelve'"), "{e}");
    assert!(e.contains("--skip-bad-rows"), "{e}");
    let e = stderr(
        "a.csv",
        "order,date,amount\n1,01/02/2024,5\n2,03/04/2024,6\n",
    );
    assert!(e.contains("--date-format"), "{e}");
    let e = stderr("odd.csv", "foo,bar\n1,2\n");
    assert!(e.contains("--map") && e.contains("foo, bar"), "{e}");
    let f = dir.path().join("nocur.csv");
    std::fs::write(&f, "order,date,amount\n1,2024-01-01,5\n").unwrap();
    let out = cli(&db)
        .args(["import", f.to_str().unwrap()])
        .output()
        .unwrap();
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("no currency column: pass --currency CODE"),
        "{e}"
    );
}

#[test]
fn preview_shows_the_guessed_mapping_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite");
    let f = dir.path().join("sales.csv");
    std::fs::write(&f, "Order Number,Customer Email,Date,Qty,Price,Currency\nX1,a@b.com,2024-02-03 10:00,2,9.99,USD\n").unwrap();
    let p = json(&db, &["import", f.to_str().unwrap(), "--preview"]);
    assert_eq!(p["preset"], "generic");
    let mapping: Vec<(String, String)> = serde_json::from_value(p["mapping"].clone()).unwrap();
    assert!(mapping.contains(&("email".into(), "Customer Email".into())));
    assert!(mapping.contains(&("unit_price".into(), "Price".into())));
    assert_eq!(p["rows"][0]["amount_minor"], 1998);
    assert_eq!(json(&db, &["stores"]).as_array().unwrap().len(), 0);
    // --map overrides the guess.
    let p = json(
        &db,
        &[
            "import",
            f.to_str().unwrap(),
            "--preview",
            "--map",
            "customer=Customer Email,order=Order Number",
        ],
    );
    assert_eq!(p["rows"][0]["customer"], "a@b.com");
}

/// A process killed with SIGKILL while it writes leaves the database exactly as before.
#[test]
fn killing_an_import_midway_leaves_the_database_as_before() {
    let Some(file) = shared_data("online_retail/online_retail.csv.gz") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite");
    // Some data before, to prove it survives.
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "order,date,amount,email\n1,2024-01-01,5,a@b.com\n").unwrap();
    json(
        &db,
        &["import", small.to_str().unwrap(), "--currency", "USD"],
    );
    let before = json(&db, &["stores"]);

    let mut child = cli(&db)
        .args(["--progress", "import", file.to_str().unwrap()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut killed_while_writing = false;
    for line in stderr.lines() {
        let line = line.unwrap();
        // Records are written while the file is read: by half of the file, many are.
        let rows: u64 = line
            .split_whitespace()
            .nth(2)
            .and_then(|n| n.split('/').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if line.starts_with("progress: Writing")
            || (line.starts_with("progress: Parsing") && rows >= 270_000)
        {
            child.kill().unwrap();
            killed_while_writing = true;
            break;
        }
    }
    let status = child.wait().unwrap();
    assert!(
        killed_while_writing,
        "the import finished before it could be killed"
    );
    assert!(!status.success());

    // The hot journal is rolled back on the next open: same stores, same counts, file intact.
    assert_eq!(json(&db, &["stores"]), before);
    let again = json(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(
        again["orders_new"], 22_064,
        "a retry after the kill imports everything once"
    );
}

/// Oracle: `../shared/data/fx/eurofxref-hist.csv` is the same file as the bundled copy, so
/// loading either writes the same rates; the second load changes nothing.
#[test]
fn fx_loads_bundled_rates_and_a_downloaded_file_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fx.sqlite");
    let first = json(&db, &["fx"]);
    assert!(first["rates_written"].as_u64().unwrap() > 200_000);
    let Some(file) = shared_data("fx/eurofxref-hist.csv") else {
        return;
    };
    let again = json(&db, &["fx", file.to_str().unwrap()]);
    assert_eq!(again["rates_written"], 0);
}

/// `analyze` on the sample store. Oracles, computed from the UCI file with Python (csv +
/// decimal): 4,338 customers have a purchase (a non-`C` invoice with a positive total), 2,845 of
/// them two or more, so the all-time repeat-customer rate is 2845/4338; 18,532 such invoices
/// belong to customers and 1,428 to guests.
#[test]
fn analyze_the_sample_store_and_compare_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("an.sqlite");
    json(&db, &["demo"]);
    let a = json(&db, &["analyze", "--save-snapshot"]);
    assert_eq!(
        a["as_of"]["date"], "2011-12-10",
        "the day after the newest purchase"
    );
    let k = &a["kpis"]["all_time"];
    assert_eq!(k["customers"], 4_338);
    assert_eq!(k["purchases"], 18_532 + 1_428);
    assert_eq!(k["guest_purchases"], 1_428);
    let rate = k["repeat_customer_rate_all_time"].as_f64().unwrap();
    assert!((rate - 2845.0 / 4338.0).abs() < 1e-9, "{rate}");
    let sum = |v: &Value, key: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(sum(&a["segments"], "customers"), 4_338);
    assert_eq!(sum(&a["eight_class"]["classes"], "customers"), 4_338);
    assert_eq!(sum(&a["tiers"], "customers"), 4_338);
    assert_eq!(
        sum(&a["lifecycle"]["stages"], "customers"),
        4_372,
        "buyers plus 34 prospects"
    );
    // The same input gives byte-identical output.
    let out1 = cli(&db)
        .args(["--json", "analyze"])
        .output()
        .unwrap()
        .stdout;
    let out2 = cli(&db)
        .args(["--json", "analyze"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(out1, out2);

    json(
        &db,
        &["analyze", "--as-of", "2011-06-30", "--save-snapshot"],
    );
    assert_eq!(
        json(&db, &["segments", "dates"]),
        serde_json::json!(["2011-06-30", "2011-12-10"])
    );
    let m = json(
        &db,
        &[
            "segments",
            "migration",
            "--from",
            "2011-06-30",
            "--to",
            "2011-12-10",
        ],
    );
    let moved =
        m["segment"]["changed"].as_u64().unwrap() + m["segment"]["unchanged"].as_u64().unwrap();
    let cells = sum(&m["segment"]["cells"], "customers");
    assert_eq!(cells, 4_372, "every customer is in one cell");
    assert!(moved <= 4_372);
    let err = cli(&db)
        .args([
            "segments",
            "migration",
            "--from",
            "2010-01-01",
            "--to",
            "2011-12-10",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&err.stderr).contains("no snapshot of 2010-01-01"));
}
