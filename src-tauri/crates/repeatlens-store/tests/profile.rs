//! The customer 360 read, settings, and deleting a store with everything of it.

use repeatlens_store::*;

fn spec(name: &str) -> StoreSpec {
    StoreSpec {
        platform: "file".into(),
        name: name.into(),
        currency: "EUR".into(),
        timezone: "UTC".into(),
    }
}

fn order(id: &str, customer: &str, at: i64, total: i64, skus: &[&str]) -> OrderRecord {
    OrderRecord {
        platform_id: id.into(),
        customer: Some(customer.into()),
        created_at: at,
        currency: "EUR".into(),
        total_minor: total,
        lines: skus
            .iter()
            .map(|s| LineRecord {
                sku: Some(s.to_string()),
                title: Some(format!("Title {s}")),
                quantity: 2,
                unit_price_micros: 5_000_000,
                line_total_minor: 1000,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn fill(s: &mut Store, name: &str) -> i64 {
    let ((), _, id) = s
        .write(&spec(name), |w| -> Result<()> {
            w.customer(&CustomerRecord {
                platform_id: "c1".into(),
                email: Some("ann@example.com".into()),
                first_name: Some("Ann".into()),
                country: Some("DE".into()),
                accepts_marketing: Some(true),
                ..Default::default()
            })?;
            w.customer(&CustomerRecord {
                platform_id: "c2".into(),
                ..Default::default()
            })?;
            w.order(&order("o1", "c1", 1_700_000_000, 2000, &["A", "B"]))?;
            w.order(&order("o2", "c1", 1_700_500_000, 1000, &["A"]))?;
            w.order(&order("o3", "c2", 1_700_100_000, 500, &["C"]))?;
            w.refund(&RefundRecord {
                platform_id: "r1".into(),
                order: Some("o1".into()),
                kind: "return".into(),
                created_at: 1_700_200_000,
                currency: "EUR".into(),
                amount_minor: 1000,
                ..Default::default()
            })?;
            Ok(())
        })
        .unwrap();
    id
}

#[test]
fn a_customer_profile_has_identity_orders_with_lines_refunds_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("p.sqlite")).unwrap();
    let id = fill(&mut s, "Shop");
    s.save_snapshot(
        id,
        "2024-01-01",
        &[SnapshotRow {
            customer: "c1".into(),
            rf_segment: Some("Champions".into()),
            cn_segment: Some("重要价值客户".into()),
            tier: Some("top".into()),
            lifecycle: "active".into(),
        }],
    )
    .unwrap();
    let p = s.customer_profile(id, "c1").unwrap();
    assert_eq!(p.email.as_deref(), Some("ann@example.com"));
    assert_eq!(p.first_name.as_deref(), Some("Ann"));
    assert_eq!(p.accepts_marketing, Some(true));
    // Newest first, each with its lines in order.
    let ids: Vec<&str> = p.orders.iter().map(|o| o.platform_id.as_str()).collect();
    assert_eq!(ids, ["o2", "o1"]);
    assert_eq!(p.orders[1].lines.len(), 2);
    assert_eq!(p.orders[1].lines[1].sku.as_deref(), Some("B"));
    assert_eq!(p.orders[1].lines[0].quantity, 2);
    // The return was recorded against the order only: it still belongs to the customer.
    assert_eq!(p.refunds.len(), 1);
    assert_eq!(p.refunds[0].order.as_deref(), Some("o1"));
    assert_eq!(p.refunds[0].amount_minor, 1000);
    assert_eq!(p.history.len(), 1);
    assert_eq!(p.history[0].cn_segment.as_deref(), Some("重要价值客户"));

    let other = s.customer_profile(id, "c2").unwrap();
    assert_eq!(other.orders.len(), 1);
    assert!(other.refunds.is_empty());
    assert!(matches!(
        s.customer_profile(id, "nobody"),
        Err(StoreError::NoSuchCustomer(_))
    ));
}

#[test]
fn settings_round_trip_and_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("p.sqlite")).unwrap();
    assert_eq!(s.setting("app").unwrap(), None);
    s.set_setting("app", r#"{"language":"zh-CN"}"#).unwrap();
    s.set_setting("app", r#"{"language":"en"}"#).unwrap();
    assert_eq!(
        s.setting("app").unwrap().as_deref(),
        Some(r#"{"language":"en"}"#)
    );
}

#[test]
fn deleting_a_store_removes_all_of_its_rows_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("p.sqlite")).unwrap();
    let gone = fill(&mut s, "Gone");
    let kept = fill(&mut s, "Kept");
    s.set_setting(&format!("store:{gone}"), "{}").unwrap();
    s.save_column_cache(gone, "k", &[("c", &[1u8, 2, 3][..])])
        .unwrap();
    let before = s.summary(kept).unwrap();
    assert!(s.delete_store(gone).unwrap());
    assert!(!s.delete_store(gone).unwrap(), "already gone");
    assert_eq!(s.stores().unwrap().len(), 1);
    assert_eq!(s.setting(&format!("store:{gone}")).unwrap(), None);
    assert!(!s.has_column_cache(gone, "k").unwrap());
    assert!(matches!(
        s.customer_profile(gone, "c1"),
        Err(StoreError::NoSuchCustomer(_))
    ));
    let after = s.summary(kept).unwrap();
    assert_eq!(after.orders, before.orders);
    assert_eq!(after.order_lines, before.order_lines);
    assert_eq!(after.customers, before.customers);
}
