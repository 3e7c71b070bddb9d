//! The whole export path on a temporary database file: records written through the store,
//! analysed by the engine, contacts and product buyers read back, the CSV written to a path.

use repeatlens_analytics::Params;
use repeatlens_export::*;
use repeatlens_store::*;

const DAY: i64 = 86_400;
/// 2024-03-01 00:00 UTC.
const T0: i64 = 1_709_251_200;

fn customer(id: &str, first: &str, email: Option<&str>, consent: Option<bool>) -> CustomerRecord {
    CustomerRecord {
        platform_id: id.into(),
        email: email.map(str::to_string),
        first_name: Some(first.into()),
        last_name: Some("Test".into()),
        phone: Some("+44 20 7946 0958".into()),
        country: Some("GB".into()),
        accepts_marketing: consent,
        tags: Some("newsletter".into()),
        ..Default::default()
    }
}

fn order(id: &str, customer: &str, day: i64, total: i64, title: &str) -> OrderRecord {
    OrderRecord {
        platform_id: id.into(),
        customer: Some(customer.into()),
        created_at: T0 + day * DAY,
        currency: "GBP".into(),
        total_minor: total,
        lines: vec![LineRecord {
            sku: Some(format!("SKU-{title}")),
            title: Some(title.into()),
            quantity: 1,
            unit_price_micros: total * 10_000,
            line_total_minor: total,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn a_store_exports_through_the_engine_with_consent_products_and_injection_protection() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("export.sqlite")).unwrap();
    let spec_store = StoreSpec {
        platform: "shopify".into(),
        name: "Shop".into(),
        currency: "GBP".into(),
        timezone: "Europe/London".into(),
    };
    let ((), _, store_id) = store
        .write(&spec_store, |w| -> Result<()> {
            w.customer(&customer(
                "c1",
                "=HYPERLINK(\"http://x\")",
                Some("evil@example.com"),
                Some(true),
            ))?;
            w.customer(&customer("c2", "Bob", Some("bob@example.com"), Some(false)))?;
            w.customer(&customer("c3", "Cleo", Some("cleo@example.com"), None))?;
            w.customer(&customer("c4", "Dan", None, Some(true)))?;
            w.order(&order("o1", "c1", 0, 5_000, "Teapot"))?;
            w.order(&order("o2", "c1", 30, 7_000, "Mug"))?;
            w.order(&order("o3", "c2", 10, 2_000, "Teapot"))?;
            w.order(&order("o4", "c3", 20, 1_500, "Mug"))?;
            w.order(&order("o5", "c4", 40, 9_900, "Teapot"))?;
            Ok(())
        })
        .unwrap();

    let params = Params {
        include_customers: true,
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 5, 1),
        ..Default::default()
    };
    let analysis = repeatlens_engine::analyze_store(&mut store, store_id, &params, None).unwrap();
    assert_eq!(analysis.customers.len(), 4);

    // Everyone who bought a teapot, consent required (the default).
    let spec = ExportSpec {
        product_bought: Some("teapot".into()),
        ..Default::default()
    };
    let contacts = load_contacts(&store, store_id, &spec).unwrap();
    assert_eq!(contacts.len(), 4);
    let sel = select(&spec, &analysis, &contacts, None).unwrap();
    assert_eq!(sel.total_matched, 3, "c1, c2 and c4 bought a teapot");
    assert_eq!(sel.excluded_no_consent, 1, "c2 opted out");
    let ids: Vec<&str> = sel.rows.iter().map(|r| r.customer.as_str()).collect();
    assert_eq!(ids, ["c1", "c4"], "120.00 then 99.00");
    assert_eq!(sel.rows[0].net_revenue, 120.0);

    let path = dir.path().join("targets.csv");
    let summary = write_csv_file(&sel, &spec, &path).unwrap();
    assert_eq!(summary.rows, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        header(&spec).unwrap()
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][0], "c1");
    assert_eq!(&rows[0][2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[0][12], "120.00");
    assert_eq!(&rows[0][13], "GBP");
    assert_eq!(&rows[1][0], "c4");
    assert_eq!(&rows[1][1], "", "no email: kept in the generic layout");

    // Klaviyo needs an email: c4 is left out and counted; unknown consent (c3) too, unless
    // included.
    let klaviyo = ExportSpec {
        preset: Preset::Klaviyo,
        include_no_consent: true,
        coupon_prefix: Some("TEA".into()),
        ..Default::default()
    };
    let contacts = load_contacts(&store, store_id, &klaviyo).unwrap();
    let sel = select(&klaviyo, &analysis, &contacts, None).unwrap();
    assert_eq!(
        (
            sel.total_matched,
            sel.excluded_no_consent,
            sel.excluded_no_email
        ),
        (4, 0, 1)
    );
    let path = dir.path().join("klaviyo.csv");
    write_csv_file(&sel, &klaviyo, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Email,First Name,Last Name,Phone Number,Country,Coupon Code"
    );
    let first = lines.next().unwrap();
    assert!(
        first.starts_with(
            "evil@example.com,\"'=HYPERLINK(\"\"http://x\"\")\",Test,+44 20 7946 0958,GB,TEA-"
        ),
        "{first}"
    );
    assert_eq!(lines.count(), 2);
}

/// Rule-based and prediction-based lists on a stored store: "bought the Teapot SKU but never
/// the Mug SKU", then "high churn risk", with the predictions of `repeatlens_engine`.
#[test]
fn buyers_of_a_without_b_and_high_churn_risk_lists() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("rules.sqlite")).unwrap();
    let spec_store = StoreSpec {
        platform: "shopify".into(),
        name: "Shop".into(),
        currency: "GBP".into(),
        timezone: "Europe/London".into(),
    };
    let ((), _, store_id) = store
        .write(&spec_store, |w| -> Result<()> {
            for (id, name) in [("c1", "Ann"), ("c2", "Bob"), ("c3", "Cleo"), ("c4", "Dan")] {
                w.customer(&customer(
                    id,
                    name,
                    Some(&format!("{id}@example.com")),
                    Some(true),
                ))?;
            }
            // c1: Teapot then Mug; c2: Teapot twice, 10 days apart, long ago; c3: Mug only;
            // c4: Teapot, cancelled (does not count as a purchase of it).
            w.order(&order("o1", "c1", 0, 5_000, "Teapot"))?;
            w.order(&order("o2", "c1", 55, 7_000, "Mug"))?;
            w.order(&order("o3", "c2", 0, 2_000, "Teapot"))?;
            w.order(&order("o4", "c2", 10, 2_000, "Teapot"))?;
            w.order(&order("o5", "c3", 58, 1_500, "Mug"))?;
            let mut cancelled = order("o6", "c4", 20, 9_900, "Teapot");
            cancelled.cancelled_at = Some(T0 + 21 * DAY);
            w.order(&cancelled)?;
            w.order(&order("o7", "c4", 50, 900, "Mug"))?;
            Ok(())
        })
        .unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(); // day 61
    let params = Params {
        include_customers: true,
        as_of: Some(as_of),
        ..Default::default()
    };
    let analysis = repeatlens_engine::analyze_store(&mut store, store_id, &params, None).unwrap();
    let teapot = ItemRef {
        level: ItemRefLevel::Sku,
        name: "SKU-Teapot".into(),
    };
    let mug = ItemRef {
        level: ItemRefLevel::Sku,
        name: "SKU-Mug".into(),
    };
    let spec = ExportSpec {
        bought_item: Some(teapot.clone()),
        not_bought_item: Some(mug.clone()),
        ..Default::default()
    };
    let contacts = load_contacts(&store, store_id, &spec).unwrap();
    let sel = select(&spec, &analysis, &contacts, None).unwrap();
    let ids: Vec<&str> = sel.rows.iter().map(|r| r.customer.as_str()).collect();
    assert_eq!(
        ids,
        ["c2"],
        "c1 bought the Mug too, c4's Teapot order was cancelled"
    );
    // Contacts loaded for another item are refused, not silently ignored.
    let other = ExportSpec {
        bought_item: Some(ItemRef {
            level: ItemRefLevel::Category,
            name: "Kitchen".into(),
        }),
        ..Default::default()
    };
    assert!(matches!(
        select(&other, &analysis, &contacts, None),
        Err(ExportError::ProductBuyersNotLoaded(name)) if name == "Kitchen"
    ));

    // Prediction filters need predictions.
    let risky = ExportSpec {
        churn_risk: vec![repeatlens_models::ChurnBand::High],
        columns: vec![
            Column::CustomerId,
            Column::ChurnRisk,
            Column::ChurnBand,
            Column::Clv,
        ],
        ..Default::default()
    };
    let contacts = load_contacts(&store, store_id, &risky).unwrap();
    assert!(matches!(
        select(&risky, &analysis, &contacts, None),
        Err(ExportError::ForecastsNotLoaded)
    ));
    let ds = repeatlens_engine::load_dataset(&mut store, store_id, None).unwrap();
    let set = repeatlens_engine::prediction_set(
        &ds,
        repeatlens_analytics::days::day_number(as_of),
        &repeatlens_models::PredictConfig::default(),
    )
    .unwrap();
    // Three repeat customers are too few for the model: churn risk is the heuristic,
    // 1 − exp(−days since last ÷ mean gap). c2: last purchase day 10, gap 10 → 51 days since,
    // risk 1 − e^−5.1 = 0.994 (high). c1: gap 55, 6 days since → 0.103 (low). One-time buyers
    // use the median gap of repeat customers: (10 + 55) / 2 = 32.5 → c3 3 days → 0.088 (low),
    // c4 11 days → 0.287 (low).
    let sel = select(&risky, &analysis, &contacts, Some(&set.by_customer)).unwrap();
    let ids: Vec<&str> = sel.rows.iter().map(|r| r.customer.as_str()).collect();
    assert_eq!(ids, ["c2"]);
    let mut out = Vec::new();
    write_csv(&sel, &risky, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            "Customer ID,Churn Risk,Churn Risk Band,Predicted CLV",
            // No CLV: the model is not usable with three repeat customers.
            "c2,0.994,high,"
        ]
    );
    // A CLV threshold with no CLV matches nobody.
    let clv = ExportSpec {
        min_clv: Some(0.0),
        ..Default::default()
    };
    let sel = select(&clv, &analysis, &contacts, Some(&set.by_customer)).unwrap();
    assert_eq!(sel.total_matched, 0);
}
