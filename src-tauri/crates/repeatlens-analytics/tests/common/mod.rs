//! Helpers shared by the integration tests: a tiny store described in dates and cents.
#![allow(dead_code)]

use chrono::NaiveDate;
use repeatlens_analytics::*;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Noon UTC of a date, as unix seconds.
pub fn noon(s: &str) -> i64 {
    date(s).and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp()
}

pub struct Store {
    pub b: DatasetBuilder,
}

impl Store {
    pub fn new() -> Self {
        Store {
            b: DatasetBuilder::new("UTC", "EUR").unwrap(),
        }
    }
    pub fn customer(&mut self, id: &str, country: Option<&str>) -> u32 {
        self.b.push_customer(CustomerInput {
            platform_id: id,
            country,
            accepts_marketing: Some(true),
            has_record: true,
        })
    }
    /// A purchase in EUR (cents) at noon UTC, with lines (sku, category).
    pub fn order(&mut self, c: Option<u32>, day: &str, cents: i64, lines: &[(&str, &str)]) -> u32 {
        let o = self
            .b
            .push_order(OrderInput {
                customer: c,
                created_at: noon(day),
                currency: "EUR",
                total_minor: cents,
                cancelled: false,
                test: false,
                ship_country: None,
                has_discount_code: false,
                fulfilled_at: None,
                delivered_at: None,
                platform: "shopify",
            })
            .unwrap();
        for (sku, cat) in lines {
            self.b
                .push_line(LineInput {
                    order: o,
                    sku: Some(sku),
                    category: Some(cat),
                })
                .unwrap();
        }
        o
    }
    pub fn raw_order(&mut self, o: OrderInput<'_>) -> u32 {
        self.b.push_order(o).unwrap()
    }
    pub fn refund(&mut self, order: Option<u32>, customer: Option<u32>, day: &str, cents: i64) {
        self.b
            .push_refund(RefundInput {
                customer,
                order,
                created_at: noon(day),
                currency: "EUR",
                amount_minor: cents,
            })
            .unwrap();
    }
    pub fn finish(self) -> Dataset {
        self.b.finish()
    }
}

pub fn params_as_of(d: &str) -> Params {
    Params {
        as_of: Some(date(d)),
        ..Params::default()
    }
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
