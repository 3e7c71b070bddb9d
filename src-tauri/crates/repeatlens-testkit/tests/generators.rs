//! The generators write what they say. Oracle for Complete Journey: `../shared/data/README.md`
//! (2,469 households, 155,848 baskets, 1,469,307 lines).

use repeatlens_store::Store;
use repeatlens_testkit::{complete_journey, shared_data, synthetic, SyntheticSpec};

#[test]
fn complete_journey_twice_has_disjoint_customers() {
    let Some(data) = shared_data("completejourney") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("cj.sqlite")).unwrap();
    let g = complete_journey(&mut s, &data, 2, "CJ x2").unwrap();
    assert_eq!(
        (g.customers, g.orders, g.lines),
        (2 * 2_469, 2 * 155_848, 2 * 1_469_307)
    );
    let st = s.stats(g.store_id).unwrap();
    assert_eq!(
        (st.customers, st.orders, st.order_lines),
        (4_938, 311_696, 2_938_614)
    );
}

#[test]
fn synthetic_stores_are_deterministic_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let spec = SyntheticSpec {
        customers: 2_000,
        max_orders: 5_000,
        ..Default::default()
    };
    let mut a = Store::open(dir.path().join("a.sqlite")).unwrap();
    let mut b = Store::open(dir.path().join("b.sqlite")).unwrap();
    let ga = synthetic(&mut a, &spec).unwrap();
    let gb = synthetic(&mut b, &spec).unwrap();
    assert_eq!(ga, gb, "same seed, same store");
    assert!(ga.orders <= 5_000 && ga.orders > 1_000, "{ga:?}");
    let st = a.stats(ga.store_id).unwrap();
    assert_eq!(st.orders as u64, ga.orders);
    assert!(st.countries > 10, "several countries: {}", st.countries);
    assert!(ga.refunds > 0);
}
