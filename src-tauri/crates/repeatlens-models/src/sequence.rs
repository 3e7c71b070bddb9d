//! Sequential rules "buyers of A buy B within N days" (shared docs `analytics.md` §4e): the
//! sequence ⟨{A}, {B}⟩ of GSP / cSPADE with mingap = 1 day and maxgap = N days, counted once per
//! customer.
//!
//! A customer supports A ⇒ B when some purchase of B falls 1..=N days after some purchase of A.
//! support = supporting customers / all customers; confidence = supporting customers / customers
//! who ever bought A; lift = confidence / (share of customers who ever bought B). Same-day
//! co-purchases are basket rules, not sequences (mingap 1), and A ⇒ A (buying A again) is left
//! out unless asked for — that is repurchase timing, analysed elsewhere.
//!
//! Why this algorithm: per customer, purchases are sorted by day and a two-pointer window visits
//! exactly the (earlier, later) pairs within N days; a per-pair "last customer seen" stamp counts
//! each pair once per customer without a set per customer. With up to 1,024 distinct items the
//! counters are two flat arrays (8 MiB); beyond that, each customer's pairs are sorted,
//! deduplicated and merged into a map.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::basket::{min_count, RulesError};

/// One customer bought one item (or category) on one day (day number, as [`crate::Transaction`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub customer: u32,
    pub day: i32,
    pub item: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SequenceOptions {
    /// N: the latest day after a purchase of A that a purchase of B still counts (default 60).
    pub within_days: u32,
    /// Minimum share of customers supporting the rule (default 0.01).
    pub min_support: f64,
    /// Minimum confidence (default 0).
    pub min_confidence: f64,
    /// Count A ⇒ A (buying the same item again within N days; default false).
    pub include_same_item: bool,
}

impl Default for SequenceOptions {
    fn default() -> Self {
        SequenceOptions {
            within_days: 60,
            min_support: 0.01,
            min_confidence: 0.0,
            include_same_item: false,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SequenceRule {
    pub antecedent: u32,
    pub consequent: u32,
    /// Customers who bought the consequent 1..=N days after the antecedent.
    pub customers: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SequenceRules {
    /// Customers with at least one purchase.
    pub customers: usize,
    pub min_count: u32,
    pub options: SequenceOptions,
    /// By lift, then confidence, then customers (descending), then items.
    pub rules: Vec<SequenceRule>,
}

/// Items up to which pair counters are flat arrays.
const DENSE_ITEMS: usize = 1024;

/// Mines the sequential rules of `purchases` (any order; duplicates count once).
pub fn sequence_rules(
    purchases: &[Purchase],
    opts: &SequenceOptions,
) -> Result<SequenceRules, RulesError> {
    if !(opts.min_support > 0.0 && opts.min_support <= 1.0) {
        return Err(RulesError::BadThreshold(format!(
            "minimum support {} must be in (0, 1]",
            opts.min_support
        )));
    }
    if !(0.0..=1.0).contains(&opts.min_confidence) {
        return Err(RulesError::BadThreshold(format!(
            "minimum confidence {} must be in [0, 1]",
            opts.min_confidence
        )));
    }
    // (customer, day, item) packed so one integer sort orders them.
    let mut keys: Vec<u128> = purchases
        .iter()
        .map(|p| {
            let day = (i64::from(p.day) - i64::from(i32::MIN)) as u128;
            (u128::from(p.customer) << 64) | (day << 32) | u128::from(p.item)
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let n_items = purchases
        .iter()
        .map(|p| p.item as usize + 1)
        .max()
        .unwrap_or(0);
    let window = i64::from(opts.within_days);
    let mut buyers = vec![0u32; n_items];
    let mut buyer_stamp = vec![u32::MAX; n_items];
    let dense = n_items <= DENSE_ITEMS;
    let mut pair_count = vec![0u32; if dense { n_items * n_items } else { 0 }];
    let mut pair_stamp = vec![u32::MAX; if dense { n_items * n_items } else { 0 }];
    let mut sparse: HashMap<u64, u32> = HashMap::new();
    let mut own_pairs: Vec<u64> = Vec::new();
    let mut days: Vec<i64> = Vec::new();
    let mut items: Vec<u32> = Vec::new();
    let mut customers = 0usize;
    let mut i = 0;
    while i < keys.len() {
        let cust = (keys[i] >> 64) as u32;
        days.clear();
        items.clear();
        while i < keys.len() && (keys[i] >> 64) as u32 == cust {
            days.push(((keys[i] >> 32) & 0xFFFF_FFFF) as i64);
            items.push(keys[i] as u32);
            i += 1;
        }
        let stamp = customers as u32;
        customers += 1;
        for &it in &items {
            if buyer_stamp[it as usize] != stamp {
                buyer_stamp[it as usize] = stamp;
                buyers[it as usize] += 1;
            }
        }
        own_pairs.clear();
        // start: first purchase on a later day; end: one past the last within the window.
        let (mut start, mut end) = (0usize, 0usize);
        for a in 0..days.len() {
            let d = days[a];
            while start < days.len() && days[start] <= d {
                start += 1;
            }
            end = end.max(start);
            while end < days.len() && days[end] <= d + window {
                end += 1;
            }
            let ia = items[a];
            for &ib in &items[start..end] {
                if ia == ib && !opts.include_same_item {
                    continue;
                }
                if dense {
                    let k = ia as usize * n_items + ib as usize;
                    if pair_stamp[k] != stamp {
                        pair_stamp[k] = stamp;
                        pair_count[k] += 1;
                    }
                } else {
                    own_pairs.push((u64::from(ia) << 32) | u64::from(ib));
                }
            }
        }
        if !dense {
            own_pairs.sort_unstable();
            own_pairs.dedup();
            for &p in &own_pairs {
                *sparse.entry(p).or_insert(0) += 1;
            }
        }
    }
    let mc = min_count(customers.max(1), opts.min_support);
    let nf = customers as f64;
    let mut rules = Vec::new();
    let mut push = |a: u32, b: u32, count: u32| {
        if count < mc {
            return;
        }
        let confidence = f64::from(count) / f64::from(buyers[a as usize]);
        if confidence < opts.min_confidence {
            return;
        }
        rules.push(SequenceRule {
            antecedent: a,
            consequent: b,
            customers: count,
            support: f64::from(count) / nf,
            confidence,
            lift: confidence / (f64::from(buyers[b as usize]) / nf),
        });
    };
    if dense {
        for (k, &c) in pair_count.iter().enumerate() {
            if c > 0 {
                push((k / n_items) as u32, (k % n_items) as u32, c);
            }
        }
    } else {
        for (&k, &c) in &sparse {
            push((k >> 32) as u32, k as u32, c);
        }
    }
    rules.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.customers.cmp(&a.customers))
            .then(a.antecedent.cmp(&b.antecedent))
            .then(a.consequent.cmp(&b.consequent))
    });
    Ok(SequenceRules {
        customers,
        min_count: mc,
        options: opts.clone(),
        rules,
    })
}
