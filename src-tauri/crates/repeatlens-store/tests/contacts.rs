//! The read side of target-list exports: contact fields per customer, and "who bought a product
//! matching X", on a temporary database file.

use repeatlens_store::contacts::ContactRow;
use repeatlens_store::*;

fn spec(name: &str) -> StoreSpec {
    StoreSpec {
        platform: "file".into(),
        name: name.into(),
        currency: "EUR".into(),
        timezone: "Europe/Berlin".into(),
    }
}

fn line(sku: &str, title: &str, category: Option<&str>, quantity: i64) -> LineRecord {
    LineRecord {
        sku: Some(sku.into()),
        title: Some(title.into()),
        category: category.map(str::to_string),
        quantity,
        unit_price_micros: 1_000_000,
        line_total_minor: 100 * quantity,
        ..Default::default()
    }
}

fn order(id: &str, customer: &str, lines: Vec<LineRecord>) -> OrderRecord {
    OrderRecord {
        platform_id: id.into(),
        customer: Some(customer.into()),
        created_at: 1_700_000_000,
        currency: "EUR".into(),
        total_minor: 500,
        lines,
        ..Default::default()
    }
}

fn customer(id: &str, consent: Option<bool>) -> CustomerRecord {
    CustomerRecord {
        platform_id: id.into(),
        email: Some(format!("{id}@example.com")),
        first_name: Some(format!("First {id}")),
        last_name: Some("Müller".into()),
        phone: Some("+49 30 1234".into()),
        country: Some("DE".into()),
        accepts_marketing: consent,
        tags: Some("vip, wholesale".into()),
        ..Default::default()
    }
}

/// Two stores in one file, so the scans must keep to the store asked for.
fn fixture() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let ((), _, a) = s
        .write(&spec("A"), |w| -> Result<()> {
            w.customer(&customer("c1", Some(true)))?;
            w.customer(&customer("c2", Some(false)))?;
            w.customer(&customer("c3", None))?;
            w.customer(&CustomerRecord {
                platform_id: "c4".into(),
                ..Default::default()
            })?;
            w.customer(&customer("c5", Some(true)))?;
            w.order(&order(
                "o1",
                "c1",
                vec![line("MUG-01", "Blue Coffee Mug", Some("Kitchen"), 2)],
            ))?;
            w.order(&order(
                "o2",
                "c2",
                vec![line("TEA-9", "绿茶 Green Tea", Some("Drinks"), 1)],
            ))?;
            // A cancelled order, a test order and a return line do not make a buyer.
            let mut cancelled = order("o3", "c3", vec![line("MUG-02", "Red Mug", None, 1)]);
            cancelled.cancelled_at = Some(1_700_000_100);
            w.order(&cancelled)?;
            let mut test = order("o4", "c4", vec![line("MUG-03", "Test Mug", None, 1)]);
            test.is_test = true;
            w.order(&test)?;
            w.order(&order(
                "o5",
                "c5",
                vec![line("MUG-04", "Old Mug", None, -1)],
            ))?;
            // Two matching lines of one customer: listed once.
            w.order(&order(
                "o6",
                "c1",
                vec![
                    line("X1", "Mug lid", None, 1),
                    line("X2", "Saucer", Some("KITCHEN"), 1),
                ],
            ))?;
            Ok(())
        })
        .unwrap();
    let ((), _, b) = s
        .write(&spec("B"), |w| -> Result<()> {
            w.customer(&customer("b1", Some(true)))?;
            w.order(&order("p1", "b1", vec![line("MUG-01", "Mug", None, 1)]))?;
            Ok(())
        })
        .unwrap();
    (dir, s, a, b)
}

#[test]
fn contacts_of_a_store_come_with_every_field_and_unknown_consent_as_none() {
    let (_dir, s, a, b) = fixture();
    let mut seen: Vec<(String, Option<String>, Option<bool>)> = Vec::new();
    let mut first: Option<String> = None;
    s.scan_contacts(a, |c: ContactRow<'_>| {
        if c.platform_id == "c1" {
            assert_eq!(c.email, Some("c1@example.com"));
            assert_eq!(c.first_name, Some("First c1"));
            assert_eq!(c.last_name, Some("Müller"));
            assert_eq!(c.phone, Some("+49 30 1234"));
            assert_eq!(c.country, Some("DE"));
            assert_eq!(c.tags, Some("vip, wholesale"));
            first = Some(c.platform_id.to_string());
        }
        seen.push((
            c.platform_id.to_string(),
            c.email.map(str::to_string),
            c.accepts_marketing,
        ));
    })
    .unwrap();
    assert_eq!(first.as_deref(), Some("c1"));
    assert_eq!(
        seen,
        vec![
            ("c1".into(), Some("c1@example.com".into()), Some(true)),
            ("c2".into(), Some("c2@example.com".into()), Some(false)),
            ("c3".into(), Some("c3@example.com".into()), None),
            ("c4".into(), None, None),
            ("c5".into(), Some("c5@example.com".into()), Some(true)),
        ]
    );
    let mut other = Vec::new();
    s.scan_contacts(b, |c| other.push(c.platform_id.to_string()))
        .unwrap();
    assert_eq!(other, vec!["b1"]);
}

#[test]
fn product_buyers_match_sku_title_or_category_ignoring_ascii_case() {
    let (_dir, s, a, b) = fixture();
    let buyers = |store: i64, needle: &str| {
        let mut v = Vec::new();
        s.scan_product_buyers(store, needle, |id| v.push(id.to_string()))
            .unwrap();
        v
    };
    // Title "Blue Coffee Mug" and "Mug lid" of c1; c3 (cancelled), c4 (test) and c5 (return
    // line) do not count; store B's buyer is not listed.
    assert_eq!(buyers(a, "mug"), vec!["c1"]);
    assert_eq!(buyers(a, "MUG-01"), vec!["c1"]);
    assert_eq!(buyers(a, "kitchen"), vec!["c1"], "category, any case");
    assert_eq!(buyers(a, "绿茶"), vec!["c2"], "Chinese title");
    assert_eq!(buyers(a, "tea-9"), vec!["c2"], "SKU, any case");
    assert!(buyers(a, "nothing like it").is_empty());
    assert_eq!(buyers(a, ""), vec!["c1", "c2"], "empty text: every buyer");
    assert_eq!(buyers(b, "mug"), vec!["b1"]);
}
