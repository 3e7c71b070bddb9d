//! The analysis cache format: a dataset saved as columns and read back analyses identically;
//! damaged columns are refused with an error, never a panic.

mod common;

use std::collections::HashMap;

use common::*;
use proptest::prelude::*;
use repeatlens_analytics::*;

/// Columns held in memory, as the store would hold them.
struct Mem(HashMap<String, Vec<u8>>);

impl Mem {
    fn of(ds: &Dataset) -> Self {
        Mem(ds
            .to_columns()
            .into_iter()
            .map(|c| (c.name.to_string(), c.bytes.into_owned()))
            .collect())
    }
}

impl ColumnSource for Mem {
    fn column_len(&self, name: &str) -> Result<Option<usize>, String> {
        Ok(self.0.get(name).map(Vec::len))
    }
    fn read_column(&self, name: &str, out: &mut [u8]) -> Result<(), String> {
        out.copy_from_slice(&self.0[name]);
        Ok(())
    }
}

/// A store with every kind of value: guests, countries, fulfilment dates, discount codes,
/// cancelled and test orders, two currencies (one without a rate), refunds with and without
/// an order, customers without purchases and unknown consent.
fn varied() -> Dataset {
    let mut b = DatasetBuilder::new("Asia/Shanghai", "EUR").unwrap();
    let mut fx = FxTable::new();
    fx.insert(date("2024-01-02"), "USD", 1.1).unwrap();
    b.set_fx(fx);
    let mut cs = Vec::new();
    for (i, consent) in [Some(true), Some(false), None, Some(true)]
        .iter()
        .enumerate()
    {
        cs.push(b.push_customer(CustomerInput {
            platform_id: &format!("客户{i}"),
            country: if i % 2 == 0 { Some("CN") } else { None },
            accepts_marketing: *consent,
            has_record: i != 3,
        }));
    }
    let mut orders = Vec::new();
    for (k, (c, day, cur, cents)) in [
        (Some(0), "2024-01-02", "EUR", 1000),
        (Some(0), "2024-02-02", "USD", 2200),
        (Some(1), "2024-01-05", "EUR", 500),
        (None, "2024-01-06", "EUR", 700),
        (Some(2), "2024-03-01", "JPY", 900),
        (Some(0), "2024-03-02", "EUR", 1500),
    ]
    .into_iter()
    .enumerate()
    {
        let o = b
            .push_order(OrderInput {
                customer: c.map(|i: usize| cs[i]),
                created_at: noon(day),
                currency: cur,
                total_minor: cents,
                cancelled: k == 5,
                test: false,
                ship_country: (k % 2 == 1).then_some("DE"),
                has_discount_code: k == 1,
                fulfilled_at: (k < 3).then(|| noon(day) + 86_400 * 2),
                delivered_at: (k == 0).then(|| noon(day) + 86_400 * 9),
                platform: if k == 3 { "woocommerce" } else { "shopify" },
            })
            .unwrap();
        for sku in ["茶叶", "杯子"].iter().take(1 + k % 2) {
            b.push_line(LineInput {
                order: o,
                sku: Some(sku),
                category: Some("饮品"),
            })
            .unwrap();
        }
        orders.push(o);
    }
    b.push_refund(RefundInput {
        customer: None,
        order: Some(orders[0]),
        created_at: noon("2024-01-10"),
        currency: "EUR",
        amount_minor: 300,
    })
    .unwrap();
    b.push_refund(RefundInput {
        customer: Some(cs[1]),
        order: None,
        created_at: noon("2024-01-11"),
        currency: "GBP",
        amount_minor: 100,
    })
    .unwrap();
    b.finish()
}

fn json(ds: &Dataset) -> String {
    let p = Params {
        include_customers: true,
        ..params_as_of("2024-04-01")
    };
    serde_json::to_string(&analyze(ds, &p)).unwrap()
}

#[test]
fn a_varied_store_reads_back_and_analyses_byte_identically() {
    let ds = varied();
    assert!(!ds.fx_missing().is_empty(), "the JPY order has no rate");
    let back = Dataset::from_columns(&Mem::of(&ds)).unwrap();
    assert_eq!(back.customers(), 4);
    assert_eq!(back.orders(), 6);
    assert_eq!(back.lines(), ds.lines());
    assert_eq!(back.timezone(), "Asia/Shanghai");
    assert_eq!(back.customer_platform_id(0), "客户0");
    assert_eq!(back.customer_accepts_marketing(2), None);
    assert_eq!(back.fx_missing(), ds.fx_missing());
    assert_eq!(json(&back), json(&ds));
}

#[test]
fn an_empty_store_reads_back() {
    let ds = DatasetBuilder::new("UTC", "USD").unwrap().finish();
    let back = Dataset::from_columns(&Mem::of(&ds)).unwrap();
    assert_eq!(back.orders(), 0);
    assert_eq!(json(&back), json(&ds));
}

#[test]
fn damaged_columns_are_refused() {
    let ds = varied();

    let mut m = Mem::of(&ds);
    m.0.remove("line_sku");
    assert_eq!(
        Dataset::from_columns(&m).unwrap_err(),
        ColumnsError::Missing("line_sku")
    );

    let mut m = Mem::of(&ds);
    m.0.get_mut("ord_day").unwrap().pop();
    assert!(matches!(
        Dataset::from_columns(&m),
        Err(ColumnsError::Inconsistent(e)) if e.contains("ord_day")
    ));

    // An order pointing at customer 99 of 4.
    let mut m = Mem::of(&ds);
    m.0.get_mut("ord_customer").unwrap()[..4].copy_from_slice(&99u32.to_le_bytes());
    assert!(matches!(
        Dataset::from_columns(&m),
        Err(ColumnsError::Inconsistent(e)) if e.contains("ord_customer")
    ));

    // Another format version.
    let mut m = Mem::of(&ds);
    let header = String::from_utf8(m.0["header"].clone()).unwrap();
    let other = header.replace(
        &format!("\"format\":{COLUMNS_FORMAT}"),
        &format!("\"format\":{}", COLUMNS_FORMAT + 1),
    );
    assert_ne!(header, other);
    m.0.insert("header".into(), other.into_bytes());
    assert_eq!(
        Dataset::from_columns(&m).unwrap_err(),
        ColumnsError::Format {
            found: COLUMNS_FORMAT + 1
        }
    );

    // Truncated strings.
    let mut m = Mem::of(&ds);
    m.0.get_mut("skus").unwrap().pop();
    assert!(matches!(
        Dataset::from_columns(&m),
        Err(ColumnsError::Inconsistent(e)) if e.contains("skus")
    ));
}

proptest! {
    #[test]
    fn random_stores_round_trip(
        orders in prop::collection::vec((0u32..12, 0i32..400, 1i64..50_000, 0u8..10), 0..80),
        refunds in prop::collection::vec((0usize..80, 0i64..60_000), 0..10),
    ) {
        let mut s = Store::new();
        for i in 0..12 {
            s.customer(&format!("c{i:02}"), (i % 3 == 0).then_some("DE"));
        }
        let base = date("2023-01-01");
        let skus = ["A", "B", "C"];
        let mut ids = Vec::new();
        for &(c, d, cents, flag) in &orders {
            let day = (base + chrono::Duration::days(d as i64)).format("%Y-%m-%d").to_string();
            let cust = if flag == 9 { None } else { Some(c) };
            ids.push(s.order(cust, &day, cents, &[(skus[(flag % 3) as usize], "cat")]));
        }
        for &(o, cents) in &refunds {
            if let Some(&oid) = ids.get(o) {
                s.refund(Some(oid), None, "2024-02-01", cents);
            }
        }
        let ds = s.finish();
        let back = Dataset::from_columns(&Mem::of(&ds)).unwrap();
        prop_assert_eq!(json(&back), json(&ds));
    }
}
