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
    let sel = select(&spec, &analysis, &contacts).unwrap();
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
    let sel = select(&klaviyo, &analysis, &contacts).unwrap();
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
