//! Association rules on Groceries (Hahsler, Hornik & Reutterer 2006; R arules) reproduce the
//! reference values of `docs/definitions.md#groceries-reference` (mlxtend 0.25.0, pair rules
//! checked by a pandas count; arules' `summary(Groceries)` for item counts), and sequential rules
//! follow the definition of `docs/definitions.md#sequence-rules` exactly (checked against a
//! brute-force count).

mod common;

use common::*;
use proptest::prelude::*;
use repeatlens_models::*;

fn id(names: &[String], name: &str) -> u32 {
    names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("no item {name}")) as u32
}

fn rule<'a>(r: &'a BasketRules, ante: &[u32], cons: u32) -> &'a Rule {
    let mut a = ante.to_vec();
    a.sort_unstable();
    r.rules
        .iter()
        .find(|x| x.antecedent == a && x.consequent == [cons])
        .expect("rule not found")
}

/// minsup 0.001, minconf 0.5: 13,492 frequent itemsets; 5,668 rules with a single-item RHS
/// (arules' `apriori()` count); top lift {Instant food products, soda} ⇒ {hamburger meat}, support
/// 0.001220, confidence 0.631579, lift 18.995654; then {popcorn, soda} ⇒ {salty snack} 16.697793 and
/// {baking powder, flour} ⇒ {sugar} 16.408075 (`docs/definitions.md#groceries-reference`).
#[test]
fn groceries_single_consequent_rules() {
    let Some((names, baskets)) = groceries(0) else {
        return;
    };
    assert_eq!(baskets.len(), 9835);
    assert_eq!(names.len(), 169);
    let opts = BasketOptions {
        min_support: 0.001,
        min_confidence: 0.5,
        max_len: 100,
        ..Default::default()
    };
    let r = basket_rules(&baskets, &opts).unwrap();
    assert_eq!(r.min_count, 10, "0.001 × 9,835 = 9.835 → 10 baskets");
    assert_eq!(r.itemsets, 13_492);
    assert_eq!(r.rules.len(), 5_668);
    let top = &r.rules[0];
    let mut ante = vec![id(&names, "Instant food products"), id(&names, "soda")];
    ante.sort_unstable();
    assert_eq!(top.antecedent, ante);
    assert_eq!(top.consequent, [id(&names, "hamburger meat")]);
    assert_close("top support", top.support, 0.001220, 5e-7);
    assert_close("top confidence", top.confidence, 0.631579, 5e-7);
    assert_close("top lift (issue #6: 18.9957)", top.lift, 18.9957, 0.00005);
    assert_close("top lift (mlxtend)", top.lift, 18.995654, 5e-7);
    let second = &r.rules[1];
    assert_eq!(second.consequent, [id(&names, "salty snack")]);
    assert_close("second lift", second.lift, 16.697793, 5e-7);
    let third = &r.rules[2];
    assert_eq!(third.consequent, [id(&names, "sugar")]);
    assert_close("third lift", third.lift, 16.408075, 5e-7);
}

/// Pair rules at minsup 0.001 without a confidence floor
/// (`docs/definitions.md#groceries-reference`, mlxtend and a pandas count): {other vegetables} ⇒
/// {whole milk} support 0.074835, confidence 0.386758 (issue #6), lift 1.513634, reverse confidence
/// 0.292877; {yogurt} ⇒ {whole milk} 0.056024, 0.401603, 1.571735; {root vegetables} ⇒ {other
/// vegetables} 0.047382, 0.434701, 2.246605. Item counts as arules' `summary(Groceries)`: whole
/// milk 2513, other vegetables 1903, rolls/buns 1809, soda 1715, yogurt 1372.
#[test]
fn groceries_pair_rules_and_item_counts() {
    let Some((names, baskets)) = groceries(0) else {
        return;
    };
    let singles = frequent_itemsets(&baskets, 1, 1, usize::MAX).unwrap();
    for (name, count) in [
        ("whole milk", 2513),
        ("other vegetables", 1903),
        ("rolls/buns", 1809),
        ("soda", 1715),
        ("yogurt", 1372),
    ] {
        let s = singles
            .iter()
            .find(|s| s.items == [id(&names, name)])
            .unwrap();
        assert_eq!(s.count, count, "{name}");
    }
    let opts = BasketOptions {
        min_support: 0.001,
        min_confidence: 0.0,
        max_len: 2,
        ..Default::default()
    };
    let r = basket_rules(&baskets, &opts).unwrap();
    let (ov, wm, yo, rv) = (
        id(&names, "other vegetables"),
        id(&names, "whole milk"),
        id(&names, "yogurt"),
        id(&names, "root vegetables"),
    );
    let x = rule(&r, &[ov], wm);
    assert_close("support", x.support, 0.074835, 5e-7);
    assert_close("confidence (issue #6)", x.confidence, 0.386758, 5e-7);
    assert_close("lift", x.lift, 1.513634, 5e-7);
    // Leverage and conviction from their definitions (definitions.md#rule-metrics) with arules'
    // supports.
    let (s_ov, s_wm) = (1903.0 / 9835.0, 2513.0 / 9835.0);
    assert_close("leverage", x.leverage, x.support - s_ov * s_wm, 1e-15);
    assert_close(
        "conviction",
        x.conviction.unwrap(),
        (1.0 - s_wm) / (1.0 - x.confidence),
        1e-12,
    );
    assert_close(
        "reverse confidence",
        rule(&r, &[wm], ov).confidence,
        0.292877,
        5e-7,
    );
    let y = rule(&r, &[yo], wm);
    assert_close("yogurt support", y.support, 0.056024, 5e-7);
    assert_close("yogurt confidence", y.confidence, 0.401603, 5e-7);
    assert_close("yogurt lift", y.lift, 1.571735, 5e-7);
    let z = rule(&r, &[rv], ov);
    assert_close("root veg support", z.support, 0.047382, 5e-7);
    assert_close("root veg confidence", z.confidence, 0.434701, 5e-7);
    assert_close("root veg lift", z.lift, 2.246605, 5e-7);
}

/// mlxtend's `association_rules` (any consequent size) finds 5,829 rules at minsup 0.001,
/// minconf 0.5 (`docs/definitions.md#groceries-reference`).
#[test]
fn groceries_any_consequent_rules() {
    let Some((_, baskets)) = groceries(0) else {
        return;
    };
    let opts = BasketOptions {
        min_support: 0.001,
        min_confidence: 0.5,
        max_len: 100,
        consequents: Consequents::Any,
        ..Default::default()
    };
    let r = basket_rules(&baskets, &opts).unwrap();
    assert_eq!(r.rules.len(), 5_829);
    assert!(r.rules.iter().any(|x| x.consequent.len() == 2));
}

/// A hand case: 4 baskets {a,b,c}, {a,b}, {a}, {b,c} (a = 0, b = 1, c = 2).
/// supp(a) = 3/4, supp(b) = 3/4, supp(ab) = 2/4; a ⇒ b: confidence 2/3, lift (2/3)/(3/4) = 8/9,
/// leverage 1/2 − 9/16 = −1/16, conviction (1/4)/(1/3) = 3/4. c ⇒ b: confidence 1 (conviction
/// infinite → None), lift 4/3.
#[test]
fn rule_metrics_by_hand() {
    let baskets = vec![vec![0, 1, 2], vec![0, 1, 1], vec![0], vec![1, 2]];
    let opts = BasketOptions {
        min_support: 0.25,
        min_confidence: 0.0,
        ..Default::default()
    };
    let r = basket_rules(&baskets, &opts).unwrap();
    let ab = rule(&r, &[0], 1);
    assert_eq!(ab.count, 2);
    assert_close("confidence", ab.confidence, 2.0 / 3.0, 1e-15);
    assert_close("lift", ab.lift, 8.0 / 9.0, 1e-15);
    assert_close("leverage", ab.leverage, -1.0 / 16.0, 1e-15);
    assert_close("conviction", ab.conviction.unwrap(), 0.75, 1e-15);
    let cb = rule(&r, &[2], 1);
    assert_eq!(cb.confidence, 1.0);
    assert_eq!(cb.conviction, None);
    assert_close("lift", cb.lift, 4.0 / 3.0, 1e-15);
    // {a, b, c} is in one basket: support 1/4 = the minimum, so its rules exist.
    assert!(r
        .rules
        .iter()
        .any(|x| x.antecedent == [0, 2] && x.consequent == [1]));
    // Highest lift first.
    assert!(r.rules.windows(2).all(|w| w[0].lift >= w[1].lift));
    assert!(matches!(
        basket_rules(
            &baskets,
            &BasketOptions {
                min_support: 0.0,
                ..Default::default()
            }
        ),
        Err(RulesError::BadThreshold(_))
    ));
}

/// A hand case for "A then B within N days" (N = 10):
/// customer 1: A on day 0, B on day 5          → supports A ⇒ B
/// customer 2: A and B on day 0 (same day)     → a basket, not a sequence
/// customer 3: A on day 0, B on day 11         → too late
/// customer 4: B on day 0, A on day 3, B on 13 → B ⇒ A (3 days) and A ⇒ B (10 days: the edge)
/// 4 customers; bought A: 4, bought B: 4. A ⇒ B: 2 customers, support 0.5, confidence 0.5,
/// lift 0.5 / 1 = 0.5. B ⇒ A: 1 customer.
#[test]
fn sequence_rules_by_hand() {
    let p = |customer, day, item| Purchase {
        customer,
        day,
        item,
    };
    let purchases = vec![
        p(1, 0, 0),
        p(1, 5, 1),
        p(2, 0, 0),
        p(2, 0, 1),
        p(3, 0, 0),
        p(3, 11, 1),
        p(4, 0, 1),
        p(4, 3, 0),
        p(4, 13, 1),
        p(4, 13, 1),
    ];
    let opts = SequenceOptions {
        within_days: 10,
        min_support: 0.25,
        ..Default::default()
    };
    let r = sequence_rules(&purchases, &opts).unwrap();
    assert_eq!(r.customers, 4);
    let ab = r
        .rules
        .iter()
        .find(|x| (x.antecedent, x.consequent) == (0, 1))
        .unwrap();
    assert_eq!(ab.customers, 2);
    assert_close("support", ab.support, 0.5, 1e-15);
    assert_close("confidence", ab.confidence, 0.5, 1e-15);
    assert_close("lift", ab.lift, 0.5, 1e-15);
    let ba = r
        .rules
        .iter()
        .find(|x| (x.antecedent, x.consequent) == (1, 0))
        .unwrap();
    assert_eq!(ba.customers, 1);
    assert_eq!(r.rules.len(), 2, "no A ⇒ A without include_same_item");
    // Buying B again 13 days after day 0 is B ⇒ B only when asked, and outside 10 days anyway;
    // with N = 13 it counts.
    let r = sequence_rules(
        &purchases,
        &SequenceOptions {
            within_days: 13,
            min_support: 0.25,
            include_same_item: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r
        .rules
        .iter()
        .any(|x| (x.antecedent, x.consequent, x.customers) == (1, 1, 1)));
}

/// The definition, counted the slow way: for each customer and pair (A, B), is there a purchase
/// of B 1..=N days after a purchase of A?
fn brute_force(purchases: &[Purchase], n: i32, n_items: u32, same: bool) -> Vec<(u32, u32, u32)> {
    let mut customers: Vec<u32> = purchases.iter().map(|p| p.customer).collect();
    customers.sort_unstable();
    customers.dedup();
    let mut out = Vec::new();
    for a in 0..n_items {
        for b in 0..n_items {
            if a == b && !same {
                continue;
            }
            let count = customers
                .iter()
                .filter(|&&c| {
                    purchases.iter().any(|pa| {
                        pa.customer == c
                            && pa.item == a
                            && purchases.iter().any(|pb| {
                                pb.customer == c
                                    && pb.item == b
                                    && pb.day - pa.day >= 1
                                    && pb.day - pa.day <= n
                            })
                    })
                })
                .count() as u32;
            if count > 0 {
                out.push((a, b, count));
            }
        }
    }
    out
}

proptest! {
    /// The windowed counter equals the definition on random purchase histories, with flat
    /// counters and with the map, and with a minimum count that prunes items.
    #[test]
    fn sequence_counts_equal_the_definition(
        raw in prop::collection::vec((0u32..6, 0i32..40, 0u32..5), 1..60),
        within in 1u32..15,
        same in any::<bool>(),
        // Pair counters per pass: limit² cells, so 0–3 split the antecedents over passes.
        limit in prop::sample::select(vec![0usize, 1, 2, 3, 1024]),
        min_customers in 1usize..4,
    ) {
        let purchases: Vec<Purchase> = raw
            .iter()
            .map(|&(customer, day, item)| Purchase { customer, day, item })
            .collect();
        let mut customers: Vec<u32> = raw.iter().map(|r| r.0).collect();
        customers.sort_unstable();
        customers.dedup();
        let opts = SequenceOptions {
            within_days: within,
            // Exactly min_customers of the customers (all when there are fewer).
            min_support: min_customers.min(customers.len()) as f64 / customers.len() as f64,
            min_confidence: 0.0,
            include_same_item: same,
        };
        let r = sequence_rules_with_dense_limit(&purchases, &opts, limit)
            .unwrap();
        prop_assert_eq!(r.customers, customers.len());
        prop_assert_eq!(r.min_count as usize, min_customers.min(customers.len()));
        let mut got: Vec<(u32, u32, u32)> =
            r.rules.iter().map(|x| (x.antecedent, x.consequent, x.customers)).collect();
        got.sort_unstable();
        let want: Vec<(u32, u32, u32)> = brute_force(&purchases, within as i32, 5, same)
            .into_iter()
            .filter(|x| x.2 >= r.min_count)
            .collect();
        prop_assert_eq!(got, want);
    }

    /// Every frequent itemset's count is the number of baskets containing it, and every subset of
    /// a frequent itemset is frequent (found too).
    #[test]
    fn itemset_counts_are_exact(
        baskets in prop::collection::vec(prop::collection::vec(0u32..8, 0..6), 1..40),
        min in 1u32..4,
    ) {
        let sets = frequent_itemsets(&baskets, min, 8, usize::MAX).unwrap();
        for s in &sets {
            let count = baskets
                .iter()
                .filter(|b| s.items.iter().all(|i| b.contains(i)))
                .count() as u32;
            prop_assert_eq!(s.count, count);
            prop_assert!(count >= min);
            for skip in 0..s.items.len() {
                let sub: Vec<u32> =
                    s.items.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, v)| *v).collect();
                if !sub.is_empty() {
                    prop_assert!(sets.iter().any(|t| t.items == sub));
                }
            }
        }
        // No frequent pair is missing.
        for a in 0..8u32 {
            for b in a + 1..8 {
                let count = baskets.iter().filter(|x| x.contains(&a) && x.contains(&b)).count() as u32;
                prop_assert_eq!(count >= min, sets.iter().any(|t| t.items == [a, b]));
            }
        }
    }
}
