//! Churn: the churn threshold (rule or the store's p90 gap), churned customers, the monthly
//! churn trend and its groups.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.

use super::*;

pub(super) fn churn(ds: &Dataset, core: &Core, p: &Params, rb: &RefundsByBuyer) -> Churn {
    let nb = core.buyers.len();
    let churned_flag: Vec<bool> = core
        .buyers
        .iter()
        .map(|&c| core.lifecycle[c as usize] == Some(Lifecycle::Churned))
        .collect();
    let churned = churned_flag.iter().filter(|&&x| x).count() as u64;
    let overall = share(churned, nb as u64);

    // By month. A customer is active at a month's start s when the last purchase L before s has
    // s − L ≤ T; they churn on day L + ⌊T⌋ + 1 if no purchase comes by then.
    let mut by_month = Vec::new();
    if nb > 0 {
        let t = core.churn_days.floor() as i32;
        let m0 = core
            .first_day
            .iter()
            .map(|&d| days::month_index(d))
            .min()
            .unwrap_or(0);
        let m1 = days::month_index(core.as_of);
        let starts: Vec<i32> = (m0..=m1).map(days::month_start).collect();
        let nm = starts.len();
        let mut active = vec![0i64; nm + 1];
        let mut events = vec![0u64; nm];
        let mut dd = Vec::new();
        for &c in &core.buyers {
            distinct_days(core.days_of(c), &mut dd);
            for (i, &d) in dd.iter().enumerate() {
                let next = dd.get(i + 1).copied();
                let end = next.map_or(d + t, |n| n.min(d + t));
                let lo = starts.partition_point(|&s| s < d + 1);
                let hi = starts.partition_point(|&s| s <= end);
                if lo < hi {
                    active[lo] += 1;
                    active[hi] -= 1;
                }
                let cday = d + t + 1;
                if next.is_none_or(|n| n > d + t) && cday <= core.as_of {
                    let mi = starts.partition_point(|&s| s <= cday) - 1;
                    if d < starts[mi] {
                        events[mi] += 1;
                    }
                }
            }
        }
        let mut run = 0i64;
        for j in 0..nm {
            run += active[j];
            let next_start = if j + 1 < nm {
                starts[j + 1]
            } else {
                days::month_start(m1 + 1)
            };
            by_month.push(ChurnMonth {
                month: days::month_key(m0 + j as i32),
                active_at_start: run as u64,
                churned: events[j],
                rate: share(events[j], run as u64),
                partial: core.as_of < next_start - 1,
            });
        }
    }

    // Breakdown by attributes of the customer and of their first and last purchase.
    let st = &ds.strings;
    let mut groups: Vec<ChurnGroup> = Vec::new();
    let min = p.churn_min_group.max(1) as u64;
    let mut add_dim = |dim: &str, labels: Vec<String>| {
        let mut by: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for (b, l) in labels.into_iter().enumerate() {
            let e = by.entry(l).or_default();
            e.0 += 1;
            e.1 += churned_flag[b] as u64;
        }
        for (g, (n, ch)) in by {
            if n >= min {
                let rate = ch as f64 / n as f64;
                groups.push(ChurnGroup {
                    dimension: dim.into(),
                    group: g,
                    customers: n,
                    churned: ch,
                    churn_rate: rate,
                    lift: overall.and_then(|o| ratio(rate, o)),
                });
            }
        }
    };
    let first = |b: usize| core.purchases_of(core.buyers[b])[0];
    let last = |b: usize| {
        *core
            .purchases_of(core.buyers[b])
            .last()
            .expect("buyer has purchases")
    };
    let country = |b: usize| {
        let c = ds.cust_country[core.buyers[b] as usize];
        if c != NONE {
            c
        } else {
            first_country(ds, core, b)
        }
    };
    let lab = |names: &[String], f: &dyn Fn(usize) -> u32| -> Vec<String> {
        (0..nb).map(|b| label(names, f(b))).collect()
    };
    add_dim("country", lab(&st.countries.names, &country));
    add_dim(
        "first_product",
        lab(&st.skus.names, &|b| first_line_sku(ds, first(b))),
    );
    add_dim(
        "first_category",
        lab(&st.categories.names, &|b| first_line_category(ds, first(b))),
    );
    add_dim(
        "last_product",
        lab(&st.skus.names, &|b| first_line_sku(ds, last(b))),
    );
    add_dim(
        "last_category",
        lab(&st.categories.names, &|b| first_line_category(ds, last(b))),
    );
    let bucket = |days: i32| -> String {
        match days {
            NO_DAYS => "(unknown)",
            _ if days <= 1 => "0-1 days",
            2..=3 => "2-3 days",
            4..=7 => "4-7 days",
            8..=14 => "8-14 days",
            15..=30 => "15-30 days",
            _ => "31+ days",
        }
        .into()
    };
    // Days from the last order to a later event of it (fulfilment, delivery), in buckets.
    let days_to =
        |days: &[i32]| -> Vec<String> { (0..nb).map(|b| bucket(days[last(b) as usize])).collect() };
    add_dim(
        "last_order_days_to_fulfilment",
        days_to(&ds.ord_days_to_fulfilment),
    );
    add_dim(
        "last_order_days_to_delivery",
        days_to(&ds.ord_days_to_delivery),
    );
    add_dim(
        "last_order_refunded",
        (0..nb)
            .map(|b| {
                if rb.of(b).iter().any(|r| r.2 == last(b)) {
                    "yes"
                } else {
                    "no"
                }
                .into()
            })
            .collect(),
    );
    add_dim(
        "last_order_discount_code",
        (0..nb)
            .map(|b| {
                if ds.ord_flags[last(b) as usize] & F_DISCOUNT != 0 {
                    "yes"
                } else {
                    "no"
                }
                .into()
            })
            .collect(),
    );
    add_dim(
        "platform",
        lab(&st.platforms.names, &|b| ds.ord_platform[last(b) as usize]),
    );
    groups.sort_by(|a, b| {
        b.lift
            .unwrap_or(0.0)
            .total_cmp(&a.lift.unwrap_or(0.0))
            .then_with(|| a.dimension.cmp(&b.dimension))
            .then_with(|| a.group.cmp(&b.group))
    });

    Churn {
        threshold_days: core.churn_days,
        customers: nb as u64,
        churned,
        rate: overall,
        by_month,
        min_group: p.churn_min_group,
        breakdown: groups,
    }
}
