//! Property tests: scores are tie-consistent and monotone; analysis invariants hold on random
//! stores; output is deterministic.

mod common;

use common::*;
use proptest::prelude::*;
use repeatlens_analytics::stats::midrank_scores;
use repeatlens_analytics::*;

proptest! {
    #[test]
    fn scores_are_tie_consistent_monotone_and_in_range(
        values in prop::collection::vec(-50i32..50, 1..200),
        reverse in any::<bool>(),
    ) {
        let v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
        let s = midrank_scores(&v, reverse);
        for i in 0..v.len() {
            prop_assert!((1..=5).contains(&s[i]));
            for j in 0..v.len() {
                if v[i] == v[j] {
                    prop_assert_eq!(s[i], s[j]);
                }
                if v[i] < v[j] {
                    if reverse {
                        prop_assert!(s[i] >= s[j]);
                    } else {
                        prop_assert!(s[i] <= s[j]);
                    }
                }
            }
        }
        // Reversing equals scoring the negated values.
        let neg: Vec<f64> = v.iter().map(|x| -x).collect();
        prop_assert_eq!(midrank_scores(&neg, !reverse), s);
    }

    #[test]
    fn distinct_values_fill_quintiles(n in 5usize..300) {
        // With distinct values, about n/5 customers per score (exactly ⌈⌉/⌊⌋ of n/5 ± 1).
        let v: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let s = midrank_scores(&v, false);
        for k in 1..=5u8 {
            let c = s.iter().filter(|&&x| x == k).count() as f64;
            prop_assert!((c - n as f64 / 5.0).abs() <= 1.0, "score {} has {} of {}", k, c, n);
        }
    }

    #[test]
    fn analysis_invariants_on_random_stores(
        orders in prop::collection::vec((0u32..25, 0i32..400, 1i64..50_000, 0u8..10), 0..150),
        refunds in prop::collection::vec((0usize..150, 0i64..60_000), 0..20),
        as_of_offset in 0i32..500,
        week in any::<bool>(),
    ) {
        let mut s = Store::new();
        for i in 0..25 {
            s.customer(&format!("c{i:02}"), Some(if i % 3 == 0 { "DE" } else { "FR" }));
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
                let d = orders[o].1 + 3;
                let day = (base + chrono::Duration::days(d as i64)).format("%Y-%m-%d").to_string();
                s.refund(Some(oid), None, &day, cents);
            }
        }
        let ds = s.finish();
        let as_of = base + chrono::Duration::days(as_of_offset as i64);
        let p = Params {
            as_of: Some(as_of),
            include_customers: true,
            cohort_period: if week { CohortPeriod::IsoWeek } else { CohortPeriod::Month },
            min_cycle_gaps: 2,
            ..Params::default()
        };
        let a = analyze(&ds, &p);
        let n = a.rfm.customers;
        prop_assert_eq!(a.segments.iter().map(|s| s.customers).sum::<u64>(), n);
        prop_assert_eq!(a.eight_class.classes.iter().map(|s| s.customers).sum::<u64>(), n);
        prop_assert_eq!(a.tiers.iter().map(|s| s.customers).sum::<u64>(), n);
        prop_assert_eq!(a.cohorts.rows.iter().map(|r| r.customers).sum::<u64>(), n);
        prop_assert_eq!(a.rfm.rf_grid.iter().flatten().sum::<u64>(), n);
        prop_assert_eq!(a.lifecycle.stages.iter().map(|s| s.customers).sum::<u64>(), 25);
        // Tier sizes: round(0.2 n) and round(0.5 n) − round(0.2 n).
        let top = (0.2 * n as f64).round() as u64;
        prop_assert_eq!(a.tiers[0].customers, top);
        prop_assert_eq!(a.tiers[0].customers + a.tiers[1].customers, (0.5 * n as f64).round() as u64);
        if let (Some(s0), Some(s1), Some(s2)) = (a.tiers[0].revenue_share, a.tiers[1].revenue_share, a.tiers[2].revenue_share) {
            prop_assert!((s0 + s1 + s2 - 1.0).abs() < 1e-9);
        }
        for r in &a.cohorts.rows {
            prop_assert_eq!(r.customer_retention[0], 1.0);
            prop_assert!(r.customer_retention.iter().all(|&x| (0.0..=1.0).contains(&x)));
            prop_assert_eq!(r.customer_retention.len(), r.net_revenue.len());
        }
        let c = &a.time_to_second_purchase.curve;
        prop_assert!(c.windows(2).all(|w| w[1].survival <= w[0].survival && w[0].day < w[1].day));
        prop_assert!(c.iter().all(|p| (0.0..=1.0).contains(&p.survival)));
        // Tier order: every top customer's monetary ≥ every middle customer's ≥ every bottom's.
        let min_of = |t: Tier| a.customers.iter().filter(|c| c.tier == Some(t)).filter_map(|c| c.monetary).fold(f64::INFINITY, f64::min);
        let max_of = |t: Tier| a.customers.iter().filter(|c| c.tier == Some(t)).filter_map(|c| c.monetary).fold(f64::NEG_INFINITY, f64::max);
        prop_assert!(min_of(Tier::Top) >= max_of(Tier::Middle));
        prop_assert!(min_of(Tier::Middle) >= max_of(Tier::Bottom));
        // Scores agree with the segment map.
        for c in a.customers.iter().filter(|c| c.r.is_some()) {
            prop_assert_eq!(c.segment, Some(Segment::from_rf(c.r.unwrap(), c.f.unwrap())));
        }
        // Byte-identical output on a rerun, and the snapshot agrees with the analysis.
        let again = analyze(&ds, &p);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&again).unwrap());
        let snap = snapshot(&ds, &p);
        prop_assert_eq!(snap.rows.len(), a.customers.len());
    }
}
