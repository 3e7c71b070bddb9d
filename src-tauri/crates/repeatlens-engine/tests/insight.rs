//! Predictions and product insight on the bundled sample store (UCI Online Retail, Chen, Sain &
//! Guo 2012; the copy shipped in `assets/online_retail.csv.gz`), as the app shows them.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use repeatlens_analytics::days;
use repeatlens_analytics::ItemLevel;
use repeatlens_engine::*;
use repeatlens_models::{ChurnMethod, PredictConfig, Unreliable};
use repeatlens_store::Store;

fn sample() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.sqlite")).unwrap();
    let report =
        repeatlens_bundled::load_sample_store(&mut store, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
    (dir, store, report.store_id)
}

/// The data set's last invoice day.
fn as_of() -> i32 {
    days::day_number(chrono::NaiveDate::from_ymd_opt(2011, 12, 9).unwrap())
}

#[test]
fn the_sample_store_predictions_fall_back_for_churn_and_backtest_a_third_of_its_history() {
    let (_dir, mut store, id) = sample();
    let ds = load_dataset(&mut store, id, None).unwrap();
    let set = prediction_set(&ds, as_of(), &PredictConfig::default()).unwrap();
    let r = &set.report;
    let p = &r.predictions;
    assert_eq!(r.as_of, "2011-12-09");
    assert_eq!(r.currency, "GBP");
    // 4,338 customers with a counted purchase (the data set's well-known count after dropping
    // cancellations and guest invoices; lifetimes' summary_data_from_transaction_data agrees).
    assert_eq!(p.customers, 4338);
    // The fit: a = 0.0034, b = 6.75 (lifetimes 0.11.3 BetaGeoFitter on the same summary gives
    // a = 0.0034): a 0.05 % chance of leaving after a purchase. P(alive) is ≈ 1 for everyone,
    // so churn risk must come from the heuristic while the model still predicts purchases.
    let fit = p.bgnbd.as_ref().unwrap().params;
    assert!((fit.a - 0.0034).abs() < 0.0005, "a = {}", fit.a);
    assert!(p.unreliable.is_empty());
    assert!(matches!(
        p.churn_unreliable.as_slice(),
        [Unreliable::NoDropout { mean_dropout }] if *mean_dropout < 0.001
    ));
    assert_eq!(p.churn_method, ChurnMethod::Heuristic);
    assert!(p.totals.mean_p_alive.is_none());
    assert!(p.totals.expected_purchases.unwrap() > 1000.0);
    assert!(p.totals.clv.unwrap() > 0.0);
    assert!(p
        .notes
        .iter()
        .any(|n| n.english().contains("almost no customer leaving")));
    // Every customer has a heuristic risk (someone bought twice), counted once in the histogram
    // and once in the bands.
    let bands = p.totals.churn_bands;
    assert_eq!(bands.unknown, 0);
    assert_eq!(r.risk_histogram.iter().sum::<u64>(), 4338);
    assert_eq!((bands.low + bands.medium + bands.high) as u64, 4338);
    assert_eq!(r.valuable_at_risk_total, bands.high as u64);
    assert!(bands.high > 0 && bands.low > 0);
    // Lists: highest CLV first; the at-risk list is all high band.
    assert!(r.top_clv.windows(2).all(|w| w[0].clv >= w[1].clv));
    assert!(r
        .valuable_at_risk
        .iter()
        .all(|c| c.churn_band == Some(repeatlens_models::ChurnBand::High)));
    assert_eq!(r.clv_deciles.len(), 9);
    assert!(r.clv_deciles.windows(2).all(|w| w[0] <= w[1]));
    // Backtest: purchases from 2010-12-01 to 2011-12-09 span 373 days; a third is 124 days, so
    // the calibration ends 2011-08-07.
    let bt = r.backtest.as_ref().expect("a backtest");
    assert_eq!(bt.holdout_days, 124);
    assert_eq!(bt.calibration_end, "2011-08-07");
    let n: usize = bt.result.buckets.iter().map(|b| b.customers).sum();
    assert!(n > 2000 && n < 4338, "calibration customers {n}");
    assert!(bt.result.verdict.is_some());
    // Per-customer rows cover every customer, by platform id.
    assert_eq!(set.by_customer.len(), 4338);
    assert!(set.by_customer.contains_key("14646"));
}

#[test]
fn the_backtest_needs_history() {
    assert_eq!(backtest_holdout_days(0, 119), None);
    assert_eq!(backtest_holdout_days(0, 120), Some(40));
    assert_eq!(backtest_holdout_days(0, 60 + 30 + 30), Some(40));
    assert_eq!(backtest_holdout_days(0, 2000), Some(182));
}

#[test]
fn product_insight_on_the_sample_store_agrees_with_a_direct_count() {
    let (_dir, mut store, id) = sample();
    let ds = load_dataset(&mut store, id, None).unwrap();
    let params = ProductInsightParams {
        level: ItemLevel::Sku,
        min_support: 0.02,
        min_confidence: 0.3,
        within_days: 60,
        limit: 20,
    };
    let mut insight = product_insight(&ds, as_of(), &params);
    add_sku_titles(&store, id, &mut insight).unwrap();
    assert!(!insight.basket_rules.is_empty());
    assert!(insight
        .basket_rules
        .windows(2)
        .all(|w| w[0].lift >= w[1].lift));
    // Recount the top rule's support and confidence straight from the baskets.
    let top = &insight.basket_rules[0];
    let baskets = baskets(&ds, repeatlens_analytics::ItemLevel::Sku);
    assert_eq!(insight.baskets, baskets.len() as u64);
    let names = |b: &Vec<u32>| -> HashSet<String> {
        b.iter()
            .map(|&i| {
                ds.item_name(repeatlens_analytics::ItemLevel::Sku, i)
                    .to_string()
            })
            .collect()
    };
    let (mut with_x, mut with_xy) = (0u64, 0u64);
    for b in &baskets {
        let set = names(b);
        if top.antecedent.iter().all(|a| set.contains(a)) {
            with_x += 1;
            if top.consequent.iter().all(|c| set.contains(c)) {
                with_xy += 1;
            }
        }
    }
    assert_eq!(top.orders, with_xy);
    assert!((top.support - with_xy as f64 / baskets.len() as f64).abs() < 1e-12);
    assert!((top.confidence - with_xy as f64 / with_x as f64).abs() < 1e-12);
    assert!(top.support >= 0.02 && top.confidence >= 0.3);
    // Sequential rules: B within 1..=60 days after A, by lift.
    assert!(insight.sequence_customers > 4000);
    assert!(insight
        .sequence_rules
        .windows(2)
        .all(|w| w[0].lift >= w[1].lift));
    // First products: every starter is a customer; the most common first SKU is listed first.
    let f = &insight.first_products;
    assert!(f.customers <= 4338 && f.customers > 4000);
    assert!(f.items.windows(2).all(|w| w[0].customers >= w[1].customers));
    assert!(f.paths.windows(2).all(|w| w[0].customers >= w[1].customers));
    // Titles: stock code 85123A is "WHITE HANGING HEART T-LIGHT HOLDER" in the data set.
    let mut with_title = insight.clone();
    with_title
        .first_products
        .items
        .push(repeatlens_analytics::FirstProductRow {
            item: "85123A".into(),
            customers: 0,
            repeat_customers: 0,
            repeat_rate: 0.0,
            matured_customers: 0,
            mean_net_revenue_12m: None,
        });
    add_sku_titles(&store, id, &mut with_title).unwrap();
    assert_eq!(
        with_title.item_titles.get("85123A").map(String::as_str),
        Some("WHITE HANGING HEART T-LIGHT HOLDER")
    );
    // Every item shown has a title (the sample store's lines all carry a description).
    for r in &insight.basket_rules {
        for n in r.antecedent.iter().chain(&r.consequent) {
            assert!(insight.item_titles.contains_key(n), "no title for {n}");
        }
    }
    // The category level names no categories in this store: the rules say so, no error.
    let cat = product_insight(
        &ds,
        as_of(),
        &ProductInsightParams {
            level: ItemLevel::Category,
            ..params
        },
    );
    assert_eq!(cat.baskets, 0);
    assert!(cat.basket_rules.is_empty() && cat.first_products.items.is_empty());
    // A level that does not exist is refused where it comes in, naming the ones that do.
    let brand = serde_json::from_str::<ProductInsightParams>(r#"{"level":"brand"}"#)
        .unwrap_err()
        .to_string();
    assert!(
        brand.contains("sku") && brand.contains("category"),
        "{brand}"
    );
}
