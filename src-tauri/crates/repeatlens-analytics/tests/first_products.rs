//! First-product analysis (DEFINITIONS.md, "First product"): a hand-made store whose every figure
//! is derived in the comments.

mod common;

use common::*;
use repeatlens_analytics::*;

/// As of 2024-12-31 (UTC, EUR):
///
/// | id | orders (date: €, SKU/category)                                                     |
/// |----|-------------------------------------------------------------------------------------|
/// | A  | 2023-01-10: 100 TEA/drinks + MUG/kitchen; 2023-03-01: 50 TEA (refund 20 on 2023-03-05); 2024-02-01: 30 SPOON/kitchen |
/// | B  | 2023-06-01: 40 TEA                                                                   |
/// | C  | 2024-10-01: 10 MUG; 2024-10-01: 5 SPOON (same day, second order)                     |
/// | D  | 2023-02-01: cancelled SPOON; 2023-02-02: 20 SPOON; 2023-02-10: 25 TEA               |
/// | E  | 2025-01-05: 99 TEA (after the as-of day: not counted)                                |
/// | guest | 2023-05-01: 70 TEA (no customer: not counted)                                     |
///
/// 12-month windows: A 2023-01-10 … 2024-01-09 → 100 + 50 − 20 = 130 (the 2024-02-01 order is
/// outside); B 40; D 20 + 25 = 45; C started 2024-10-01, not matured (window ends 2025-09-30).
fn store() -> Dataset {
    let mut s = Store::new();
    let a = s.customer("A", None);
    let b = s.customer("B", None);
    let c = s.customer("C", None);
    let d = s.customer("D", None);
    let e = s.customer("E", None);
    s.order(
        Some(a),
        "2023-01-10",
        10_000,
        &[("TEA", "drinks"), ("MUG", "kitchen")],
    );
    let a2 = s.order(Some(a), "2023-03-01", 5_000, &[("TEA", "drinks")]);
    s.refund(Some(a2), None, "2023-03-05", 2_000);
    s.order(Some(a), "2024-02-01", 3_000, &[("SPOON", "kitchen")]);
    s.order(Some(b), "2023-06-01", 4_000, &[("TEA", "drinks")]);
    s.order(Some(c), "2024-10-01", 1_000, &[("MUG", "kitchen")]);
    s.order(Some(c), "2024-10-01", 500, &[("SPOON", "kitchen")]);
    let cancelled = s.raw_order(OrderInput {
        customer: Some(d),
        created_at: noon("2023-02-01"),
        currency: "EUR",
        total_minor: 9_000,
        cancelled: true,
        test: false,
        ship_country: None,
        has_discount_code: false,
        fulfilled_at: None,
        delivered_at: None,
        platform: "shopify",
    });
    s.b.push_line(LineInput {
        order: cancelled,
        sku: Some("SPOON"),
        category: Some("kitchen"),
    })
    .unwrap();
    s.order(Some(d), "2023-02-02", 2_000, &[("SPOON", "kitchen")]);
    s.order(Some(d), "2023-02-10", 2_500, &[("TEA", "drinks")]);
    s.order(Some(e), "2025-01-05", 9_900, &[("TEA", "drinks")]);
    s.order(None, "2023-05-01", 7_000, &[("TEA", "drinks")]);
    s.finish()
}

fn as_of() -> i32 {
    days::day_number(date("2024-12-31"))
}

fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn first_products_at_sku_level() {
    let f = store().first_products(as_of(), ItemLevel::Sku, 1, 50);
    assert_eq!(f.level, "sku");
    assert_eq!(f.as_of, "2024-12-31");
    // A, B, C, D started; A, C, D came back; A, B, D matured.
    assert_eq!(
        (f.customers, f.repeat_customers, f.matured_customers),
        (4, 3, 3)
    );
    close(f.mean_net_revenue_12m, (130.0 + 40.0 + 45.0) / 3.0);
    let names: Vec<&str> = f.items.iter().map(|r| r.item.as_str()).collect();
    // Two starters each for MUG (A, C) and TEA (A, B), by name; SPOON (D) one.
    assert_eq!(names, ["MUG", "TEA", "SPOON"]);
    let mug = &f.items[0];
    assert_eq!(
        (mug.customers, mug.repeat_customers, mug.matured_customers),
        (2, 2, 1)
    );
    assert_eq!(mug.repeat_rate, 1.0);
    close(mug.mean_net_revenue_12m, 130.0); // A only; C has not matured
    let tea = &f.items[1];
    assert_eq!(
        (tea.customers, tea.repeat_customers, tea.matured_customers),
        (2, 1, 2)
    );
    assert_eq!(tea.repeat_rate, 0.5);
    close(tea.mean_net_revenue_12m, (130.0 + 40.0) / 2.0);
    let spoon = &f.items[2];
    assert_eq!((spoon.customers, spoon.repeat_customers), (1, 1));
    close(spoon.mean_net_revenue_12m, 45.0);
    assert_eq!(f.items_total, 3);
    // Paths: A MUG→TEA and TEA→TEA, C MUG→SPOON, D SPOON→TEA; one customer each, by names.
    let paths: Vec<(&str, &str, u64, f64)> = f
        .paths
        .iter()
        .map(|p| {
            (
                p.first.as_str(),
                p.second.as_str(),
                p.customers,
                p.share_of_first,
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            ("MUG", "SPOON", 1, 0.5), // MUG starters with a second order: A and C
            ("MUG", "TEA", 1, 0.5),
            ("SPOON", "TEA", 1, 1.0),
            ("TEA", "TEA", 1, 1.0),
        ]
    );
    assert_eq!(f.paths_total, 4);
}

#[test]
fn first_products_at_category_level_with_limits() {
    let f = store().first_products(as_of(), ItemLevel::Category, 1, 50);
    let kitchen = &f.items[0];
    // kitchen started A, C and D; all came back; A and D matured: (130 + 45) / 2.
    assert_eq!(kitchen.item, "kitchen");
    assert_eq!(
        (
            kitchen.customers,
            kitchen.repeat_customers,
            kitchen.matured_customers
        ),
        (3, 3, 2)
    );
    close(kitchen.mean_net_revenue_12m, 87.5);
    let top = &f.paths[0];
    // kitchen → drinks: A and D, of the three kitchen starters with a second order.
    assert_eq!(
        (top.first.as_str(), top.second.as_str(), top.customers),
        ("kitchen", "drinks", 2)
    );
    assert!((top.share_of_first - 2.0 / 3.0).abs() < 1e-12);
    // min_customers drops drinks (2 starters) at 3; limit keeps one path.
    let g = store().first_products(as_of(), ItemLevel::Category, 3, 1);
    assert_eq!(g.items.len(), 1);
    assert_eq!(g.items_total, 2);
    assert_eq!(g.paths.len(), 1);
    assert_eq!(g.paths_total, 3);
}

#[test]
fn an_earlier_as_of_day_sees_less() {
    // As of 2023-02-05: A (2023-01-10) and D (2023-02-02) have started, nobody matured, and
    // only A's first order is known (A's second is on 2023-03-01): no repeats, no paths.
    let f = store().first_products(days::day_number(date("2023-02-05")), ItemLevel::Sku, 1, 50);
    assert_eq!(
        (f.customers, f.repeat_customers, f.matured_customers),
        (2, 0, 0)
    );
    assert_eq!(f.mean_net_revenue_12m, None);
    assert!(f.paths.is_empty());
    let empty = DatasetBuilder::new("UTC", "EUR").unwrap().finish();
    let e = empty.first_products(0, ItemLevel::Sku, 1, 50);
    assert_eq!((e.customers, e.items.len(), e.paths.len()), (0, 0, 0));
}
