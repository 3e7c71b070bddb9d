//! Synced records (schema v5): raw payloads outside the comparison, the supersede rules (API
//! beats file, newer beats older, tombstones stay) and erasure — on temporary database files.
//! Checkpoints, runs and the v4 migration are in `sync_state.rs`.

mod common;

use common::*;
use repeatlens_store::*;

fn refund(id: &str, order: &str, amount: i64) -> RefundRecord {
    RefundRecord {
        platform_id: id.into(),
        order: Some(order.into()),
        kind: "refund".into(),
        created_at: 1_700_000_500,
        currency: "EUR".into(),
        amount_minor: amount,
        ..Default::default()
    }
}

#[test]
fn a_changed_raw_payload_alone_counts_as_unchanged_and_keeps_the_cache() {
    let (_dir, mut s, id) = linked();
    let mut o = order("1001", None, 1000, Some(100));
    o.raw = Some(r#"{"id":1001,"fetched":"t1"}"#.into());
    let (_, c1) = s.write_store(id, Source::Api, |w| w.order(&o)).unwrap();
    assert_eq!(c1.orders_new, 1);
    s.save_column_cache(id, "k", &[("col", &[1, 2, 3])])
        .unwrap();
    o.raw = Some(r#"{"id":1001,"fetched":"t2"}"#.into());
    let (change, c2) = s.write_store(id, Source::Api, |w| w.order(&o)).unwrap();
    assert_eq!(change, Change::Unchanged);
    assert_eq!((c2.orders_unchanged, c2.orders_updated), (1, 0));
    assert!(
        s.has_column_cache(id, "k").unwrap(),
        "the cache was dropped"
    );
    assert_eq!(
        payloads(&s, id),
        vec![(
            RawKind::Order,
            "1001".into(),
            r#"{"id":1001,"fetched":"t2"}"#.into()
        )],
        "the newest payload is kept"
    );
}

#[test]
fn an_older_updated_at_never_overwrites_the_newer_stored_record() {
    let (_dir, mut s, id) = linked();
    let newer_customer = CustomerRecord {
        platform_id: "c1".into(),
        phone: Some("+49 new".into()),
        updated_at: Some(200),
        ..Default::default()
    };
    s.write_store(id, Source::Api, |w| -> Result<()> {
        w.customer(&newer_customer)?;
        w.order(&order("1001", Some("c1"), 1000, Some(200)))?;
        Ok(())
    })
    .unwrap();
    let older_customer = CustomerRecord {
        phone: Some("+49 old".into()),
        updated_at: Some(100),
        ..newer_customer.clone()
    };
    let mut older = order("1001", Some("c1"), 500, Some(100));
    older.raw = Some("{\"old\":true}".into());
    let (_, c) = s
        .write_store(id, Source::Api, |w| -> Result<()> {
            w.customer(&older_customer)?;
            w.order(&older)?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        (c.orders_unchanged, c.customers_unchanged, c.stale),
        (1, 1, 2)
    );
    assert_eq!(order_ids(&s, id), vec![1000]);
    assert_eq!(
        s.customer_profile(id, "c1").unwrap().phone.as_deref(),
        Some("+49 new")
    );
    assert!(
        payloads(&s, id).is_empty(),
        "a stale record's payload is not kept"
    );
    // Equal timestamps are compared as usual; a newer one wins.
    let (_, c) = s
        .write_store(id, Source::Api, |w| {
            w.order(&order("1001", Some("c1"), 700, Some(300)))
        })
        .unwrap();
    assert_eq!(c.orders_updated, 1);
    assert_eq!(order_ids(&s, id), vec![700]);
}

#[test]
fn an_api_record_supersedes_the_file_import_and_a_later_file_never_overwrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let file_spec = spec("shopify", "My Shop");
    // A Shopify orders export: customers keyed by email, the refunded amount as one refund.
    let file_import = |w: &mut Writer<'_>| -> Result<()> {
        w.customer(&CustomerRecord {
            platform_id: "ann@example.com".into(),
            email: Some("ann@example.com".into()),
            first_name: Some("Ann".into()),
            ..Default::default()
        })?;
        w.order(&order("1001", Some("ann@example.com"), 1000, None))?;
        w.refund(&RefundRecord {
            customer: Some("ann@example.com".into()),
            ..refund("1001/refund", "1001", 300)
        })?;
        Ok(())
    };
    let ((), _, id) = s.write(&file_spec, file_import).unwrap();
    s.save_column_cache(id, "k", &[("col", &[1])]).unwrap();
    s.link_store(id, "shopify", "my-shop.myshopify.com")
        .unwrap();
    assert_eq!(
        s.store_by_external_id("shopify", "my-shop.myshopify.com")
            .unwrap(),
        Some(id)
    );

    let (_, c) = s
        .write_store(id, Source::Api, |w| -> Result<()> {
            w.customer(&CustomerRecord {
                platform_id: "7001".into(),
                email: Some("Ann@Example.com".into()),
                phone: Some("+44 1".into()),
                updated_at: Some(1_700_000_900),
                ..Default::default()
            })?;
            w.order(&order("1001", Some("7001"), 1200, Some(1_700_000_900)))?;
            w.refund(&RefundRecord {
                customer: Some("7001".into()),
                ..refund("88001", "1001", 300)
            })?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        (c.customers_updated, c.customers_new),
        (1, 0),
        "adopted, not duplicated"
    );
    assert_eq!((c.orders_updated, c.orders_new), (1, 0));
    assert_eq!((c.refunds_new, c.file_refunds_replaced), (1, 1));
    assert!(!s.has_column_cache(id, "k").unwrap());
    let check = |s: &Store| {
        let st = s.stats(id).unwrap();
        assert_eq!((st.customers, st.orders, st.returns), (1, 1, 1));
        assert_eq!(st.refunded_minor, 300, "the refund is counted once");
        assert_eq!(st.store.revenue_minor, 1200 - 300);
        let p = s.customer_profile(id, "7001").unwrap();
        assert_eq!(
            p.first_name.as_deref(),
            Some("Ann"),
            "file fields kept by the merge"
        );
        assert_eq!(p.phone.as_deref(), Some("+44 1"));
        assert_eq!(p.orders.len(), 1);
        assert_eq!(p.refunds[0].platform_id, "88001");
    };
    check(&s);

    // The seller imports the old export again: every record is skipped, nothing changes.
    let ((), c, _) = s.write(&file_spec, file_import).unwrap();
    assert_eq!(
        (
            c.customers_unchanged,
            c.orders_unchanged,
            c.refunds_unchanged,
            c.stale
        ),
        (1, 1, 1, 3)
    );
    assert!(!c.changed_analysed_rows());
    check(&s);
}

#[test]
fn a_tombstoned_order_leaves_scans_and_summaries_and_drops_the_cache() {
    let (_dir, mut s, id) = linked();
    let mut o2 = order("1002", None, 500, Some(100));
    o2.raw = Some("{}".into());
    s.write_store(id, Source::Api, |w| -> Result<()> {
        w.order(&order("1001", None, 1000, Some(100)))?;
        w.order(&o2)?;
        w.refund(&refund("r2", "1002", 200))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.summary(id).unwrap().revenue_minor, 1300);
    s.save_column_cache(id, "k", &[("col", &[1])]).unwrap();

    let (found, c) = s
        .write_store(id, Source::Api, |w| w.delete_order("1002", 150))
        .unwrap();
    assert!(found);
    assert_eq!(c.orders_deleted, 1);
    assert!(!s.has_column_cache(id, "k").unwrap(), "the cache must go");
    assert_eq!(order_ids(&s, id), vec![1000]);
    let mut skus = Vec::new();
    s.scan_lines(id, |l| skus.push(l.sku.unwrap().to_string()))
        .unwrap();
    assert_eq!(skus, ["SKU-1001"]);
    let mut refunds = 0;
    s.scan_refunds(id, |_| refunds += 1).unwrap();
    assert_eq!(refunds, 0, "refunds of a deleted order are not analysed");
    let st = s.stats(id).unwrap();
    assert_eq!(
        (st.orders, st.returns, st.order_lines, st.refunded_minor),
        (1, 0, 1, 0)
    );
    assert_eq!(st.store.revenue_minor, 1000);
    assert_eq!(s.store_info(id).unwrap().orders, 1);
    assert!(payloads(&s, id).is_empty());

    // A replay of the old version stays deleted; an API version newer than the deletion revives.
    let (_, c) = s
        .write_store(id, Source::Api, |w| {
            w.order(&order("1002", None, 500, Some(120)))
        })
        .unwrap();
    assert_eq!((c.orders_unchanged, c.stale), (1, 1));
    assert_eq!(order_ids(&s, id), vec![1000]);
    let (_, c) = s
        .write_store(id, Source::Api, |w| {
            w.order(&order("1002", None, 500, Some(160)))
        })
        .unwrap();
    assert_eq!(c.orders_updated, 1);
    assert_eq!(order_ids(&s, id), vec![1000, 500]);
}

#[test]
fn anonymising_a_customer_blanks_contacts_drops_payloads_and_keeps_the_numbers() {
    let (_dir, mut s, id) = linked();
    let person = |pid: &str| CustomerRecord {
        platform_id: pid.into(),
        email: Some(format!("{pid}@example.com")),
        first_name: Some("Ann".into()),
        last_name: Some("Lee".into()),
        phone: Some("+1 555".into()),
        country: Some("US".into()),
        tags: Some("vip".into()),
        raw: Some(format!("{{\"email\":\"{pid}@example.com\"}}")),
        ..Default::default()
    };
    s.write_store(id, Source::Api, |w| -> Result<()> {
        w.customer(&person("c1"))?;
        w.customer(&person("c2"))?;
        let mut o = order("1001", Some("c1"), 1000, None);
        o.email = Some("c1@example.com".into());
        o.raw = Some("{\"shipping_address\":\"1 Main St\"}".into());
        w.order(&o)?;
        w.order(&order("1002", Some("c2"), 400, None))?;
        Ok(())
    })
    .unwrap();
    let before = s.stats(id).unwrap();
    s.save_column_cache(id, "k", &[("col", &[1])]).unwrap();

    assert!(s.anonymise_customer(id, "c1").unwrap());
    assert!(!s.anonymise_customer(id, "nobody").unwrap());
    assert!(
        !s.has_column_cache(id, "k").unwrap(),
        "cached columns hold the platform id"
    );
    assert!(matches!(
        s.customer_profile(id, "c1"),
        Err(StoreError::NoSuchCustomer(_))
    ));
    let mut contacts = Vec::new();
    s.scan_contacts(id, |c| {
        contacts.push((
            c.platform_id.to_string(),
            c.email.map(str::to_string),
            c.first_name.is_some()
                || c.last_name.is_some()
                || c.phone.is_some()
                || c.tags.is_some(),
            c.country.map(str::to_string),
        ))
    })
    .unwrap();
    let erased = &contacts[0];
    assert!(erased.0.starts_with("erased:"), "{erased:?}");
    assert_eq!((erased.1.clone(), erased.2), (None, false));
    assert_eq!(
        erased.3.as_deref(),
        Some("US"),
        "the country stays for the analytics"
    );
    assert_eq!(contacts[1].1.as_deref(), Some("c2@example.com"));
    let profile = s.customer_profile(id, &erased.0).unwrap();
    assert_eq!(
        profile.orders.len(),
        1,
        "the order stays with the erased customer"
    );
    assert_eq!(
        payloads(&s, id)
            .into_iter()
            .map(|p| p.1)
            .collect::<Vec<_>>(),
        vec!["c2"],
        "the customer's and their order's payloads are gone"
    );
    let after = s.stats(id).unwrap();
    assert_eq!(
        (
            after.customers,
            after.orders,
            after.customers_with_purchase,
            after.store.revenue_minor
        ),
        (
            before.customers,
            before.orders,
            before.customers_with_purchase,
            before.store.revenue_minor
        )
    );
}

#[test]
fn a_tombstoned_customer_leaves_the_customer_scans_but_their_orders_stay() {
    let (_dir, mut s, id) = linked();
    s.write_store(id, Source::Api, |w| -> Result<()> {
        for c in ["c1", "c2"] {
            w.customer(&CustomerRecord {
                platform_id: c.into(),
                email: Some(format!("{c}@example.com")),
                ..Default::default()
            })?;
        }
        w.order(&order("1001", Some("c1"), 1000, None))?;
        Ok(())
    })
    .unwrap();
    s.save_column_cache(id, "k", &[("col", &[1])]).unwrap();
    let (found, c) = s
        .write_store(id, Source::Api, |w| w.delete_customer("c1", 50))
        .unwrap();
    assert!(found && c.customers_deleted == 1);
    assert!(!s.has_column_cache(id, "k").unwrap());
    let mut seen = Vec::new();
    s.scan_customers(id, |c| seen.push(c.platform_id)).unwrap();
    assert_eq!(seen, ["c2"]);
    let mut contacts = 0;
    s.scan_contacts(id, |_| contacts += 1).unwrap();
    assert_eq!(contacts, 1);
    assert_eq!(s.store_info(id).unwrap().customers, 1);
    assert_eq!(
        order_ids(&s, id),
        vec![1000],
        "orders of a deleted customer stay"
    );
    // Deleting twice finds nothing live.
    let (again, _) = s
        .write_store(id, Source::Api, |w| w.delete_customer("c1", 60))
        .unwrap();
    assert!(!again);
}
