//! The fixture shared by `sync.rs` and `sync_state.rs`: a linked (API) store on a temporary
//! database file, order records and readers of what was stored.

use repeatlens_store::*;

pub fn spec(platform: &str, name: &str) -> StoreSpec {
    StoreSpec {
        platform: platform.into(),
        name: name.into(),
        currency: "EUR".into(),
        timezone: "UTC".into(),
    }
}

pub fn order(id: &str, customer: Option<&str>, total: i64, updated_at: Option<i64>) -> OrderRecord {
    OrderRecord {
        platform_id: id.into(),
        name: Some(format!("#{id}")),
        customer: customer.map(str::to_string),
        created_at: 1_700_000_000,
        updated_at,
        currency: "EUR".into(),
        total_minor: total,
        lines: vec![LineRecord {
            sku: Some(format!("SKU-{id}")),
            quantity: 1,
            unit_price_micros: total * 10_000,
            line_total_minor: total,
            ..Default::default()
        }],
        ..Default::default()
    }
}

pub fn payloads(s: &Store, id: i64) -> Vec<(RawKind, String, String)> {
    let mut out = Vec::new();
    s.scan_raw_payloads(id, None, |p| {
        out.push((p.kind, p.platform_id.to_string(), p.json.to_string()))
    })
    .unwrap();
    out
}

pub fn order_ids(s: &Store, id: i64) -> Vec<i64> {
    let mut out = Vec::new();
    s.scan_orders(id, |o| out.push(o.total_minor)).unwrap();
    out
}

/// A linked (API) store with nothing in it yet.
pub fn linked() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let id = s
        .ensure_linked_store(&spec("shopify", "Shop"), "shop.myshopify.com")
        .unwrap();
    (dir, s, id)
}
