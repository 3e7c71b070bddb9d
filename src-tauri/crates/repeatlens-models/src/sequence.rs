//! Sequential rules "buyers of A buy B within N days" (`docs/definitions.md#sequence-rules`): the
//! sequence ⟨{A}, {B}⟩ of GSP / cSPADE with mingap = 1 day and maxgap = N days, counted once per
//! customer.
//!
//! A customer supports A ⇒ B when some purchase of B falls 1..=N days after some purchase of A.
//! support = supporting customers / all customers; confidence = supporting customers / customers
//! who ever bought A; lift = confidence / (share of customers who ever bought B). Same-day
//! co-purchases are basket rules, not sequences (mingap 1), and A ⇒ A (buying A again) is left
//! out unless asked for — that is repurchase timing, analysed elsewhere.
//!
//! Why this algorithm: per customer, purchases are sorted by day; each purchase of A is paired
//! with the purchases in its window (d, d+N], skipping the part of the window an earlier purchase
//! of A already covered — so a customer who buys A every week pairs each later purchase with A
//! once, not once per week (the union of A's windows is what the definition asks). A per-pair
//! "last customer seen" stamp counts each pair once per customer without a set per customer.
//! Items bought by fewer customers than the minimum support are dropped first (no rule can
//! contain them). The counters are two flat arrays (antecedent × consequent), at most 64 MiB:
//! with more frequent items than fit (a grocer's thousands of SKUs), the antecedents are split
//! into slices and the purchases are walked once per slice. A hash map of pairs was tried first
//! and was slower per pair and much larger (Complete Journey at SKU level: 8 s and 1.7 GB).

use serde::{Deserialize, Serialize};

use crate::basket::{min_count, RulesError};

/// One customer bought one item (or category) on one day (day number, as [`crate::Transaction`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    /// The caller's customer id.
    pub customer: u32,
    /// Store-local day number.
    pub day: i32,
    /// Item (or category) id.
    pub item: u32,
}

/// Window and thresholds of [`sequence_rules`].
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

/// "Buyers of A buy B within N days", with its measures.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SequenceRule {
    /// A, the item bought first.
    pub antecedent: u32,
    /// B, bought 1..=N days later.
    pub consequent: u32,
    /// Customers who bought the consequent 1..=N days after the antecedent.
    pub customers: u32,
    /// Supporting customers ÷ all customers.
    pub support: f64,
    /// Supporting customers ÷ customers who ever bought A.
    pub confidence: f64,
    /// Confidence ÷ share of customers who ever bought B.
    pub lift: f64,
}

/// The sequential rules found, with the settings that found them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SequenceRules {
    /// Customers with at least one purchase.
    pub customers: usize,
    /// Smallest supporting-customer count meeting `min_support`.
    pub min_count: u32,
    /// The options used.
    pub options: SequenceOptions,
    /// By lift, then confidence, then customers (descending), then items.
    pub rules: Vec<SequenceRule>,
}

/// Frequent items whose pair counters fit one pass (two u32 per ordered pair: 64 MiB at this
/// size); with more, the antecedents are split over several passes within the same budget.
const DENSE_ITEMS: usize = 2896;

/// Mines the sequential rules of `purchases` (any order; duplicates count once).
pub fn sequence_rules(
    purchases: &[Purchase],
    opts: &SequenceOptions,
) -> Result<SequenceRules, RulesError> {
    sequence_rules_with_dense_limit(purchases, opts, DENSE_ITEMS)
}

/// [`sequence_rules`] with at most `dense_limit²` pair counters per pass (tests use small
/// limits to exercise many passes; 0 means one antecedent per pass).
#[doc(hidden)]
pub fn sequence_rules_with_dense_limit(
    purchases: &[Purchase],
    opts: &SequenceOptions,
    dense_limit: usize,
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
    let customer_of = |k: u128| (k >> 64) as u32;
    // Pass 1: customers, and buyers per item.
    let mut buyers = vec![0u32; n_items];
    let mut buyer_stamp = vec![u32::MAX; n_items];
    let mut customers = 0usize;
    for (i, &k) in keys.iter().enumerate() {
        if i == 0 || customer_of(keys[i - 1]) != customer_of(k) {
            customers += 1;
        }
        let it = k as u32 as usize;
        let stamp = (customers - 1) as u32;
        if buyer_stamp[it] != stamp {
            buyer_stamp[it] = stamp;
            buyers[it] += 1;
        }
    }
    let mc = min_count(customers.max(1), opts.min_support);
    // A rule's customers are among its items' buyers: items bought by fewer than the minimum
    // count cannot be in any rule (the Apriori property), so pairs use the others only, renumbered
    // densely.
    let mut dense_id = vec![u32::MAX; n_items];
    let mut frequent: Vec<u32> = Vec::new();
    for (it, &n) in buyers.iter().enumerate() {
        if n >= mc {
            dense_id[it] = frequent.len() as u32;
            frequent.push(it as u32);
        }
    }
    let nf_items = frequent.len();
    let window = i64::from(opts.within_days);
    // Antecedents per pass: the counters of one pass are (antecedents × items) flat cells, at
    // most `dense_limit²` of them; a store with more frequent items takes several passes over
    // the purchases, each counting the pairs of a slice of antecedents.
    let cells = dense_limit.max(1).saturating_mul(dense_limit.max(1));
    let per_pass = (cells / nf_items.max(1)).clamp(1, nf_items.max(1));
    let mut pair_count: Vec<u32> = Vec::new();
    let mut pair_stamp: Vec<u32> = Vec::new();
    // Per item, the last day already paired with an earlier purchase of it (this customer's).
    let mut covered = vec![0i64; nf_items];
    let mut covered_stamp = vec![u32::MAX; nf_items];
    let mut days: Vec<i64> = Vec::new();
    let mut items: Vec<u32> = Vec::new();
    let nf = customers as f64;
    let mut rules = Vec::new();
    let mut stamp = 0u32;
    let mut lo = 0usize;
    while lo < nf_items {
        let hi = (lo + per_pass).min(nf_items);
        let width = (hi - lo) * nf_items;
        pair_count.clear();
        pair_count.resize(width, 0);
        pair_stamp.clear();
        pair_stamp.resize(width, u32::MAX);
        // Pass 2: pairs within the window, per customer, for antecedents lo..hi.
        let mut i = 0;
        while i < keys.len() {
            let cust = customer_of(keys[i]);
            days.clear();
            items.clear();
            while i < keys.len() && customer_of(keys[i]) == cust {
                let id = dense_id[keys[i] as u32 as usize];
                if id != u32::MAX {
                    days.push(((keys[i] >> 32) & 0xFFFF_FFFF) as i64);
                    items.push(id);
                }
                i += 1;
            }
            stamp = stamp.wrapping_add(1);
            if stamp == u32::MAX {
                // One stamp per customer and pass: after 4 billion, forget every stamp
                // (u32::MAX is "never") and start again.
                pair_stamp.fill(u32::MAX);
                covered_stamp.fill(u32::MAX);
                stamp = 0;
            }
            for a in 0..days.len() {
                let ia = items[a] as usize;
                if ia < lo || ia >= hi {
                    continue;
                }
                let d = days[a];
                // Days after an earlier purchase of the same item were already paired with it.
                let from = if covered_stamp[ia] == stamp {
                    covered[ia].max(d)
                } else {
                    d
                };
                let until = d + window;
                covered_stamp[ia] = stamp;
                covered[ia] = until;
                if from >= until {
                    continue;
                }
                let start = a + days[a..].partition_point(|&x| x <= from);
                let end = start + days[start..].partition_point(|&x| x <= until);
                let row = (ia - lo) * nf_items;
                for &ib in &items[start..end] {
                    if ia == ib as usize && !opts.include_same_item {
                        continue;
                    }
                    let k = row + ib as usize;
                    if pair_stamp[k] != stamp {
                        pair_stamp[k] = stamp;
                        pair_count[k] += 1;
                    }
                }
            }
        }
        for (k, &count) in pair_count.iter().enumerate() {
            if count < mc {
                continue;
            }
            let (a, b) = (frequent[lo + k / nf_items], frequent[k % nf_items]);
            let confidence = f64::from(count) / f64::from(buyers[a as usize]);
            if confidence < opts.min_confidence {
                continue;
            }
            rules.push(SequenceRule {
                antecedent: a,
                consequent: b,
                customers: count,
                support: f64::from(count) / nf,
                confidence,
                lift: confidence / (f64::from(buyers[b as usize]) / nf),
            });
        }
        lo = hi;
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
