//! First-product analysis: does what a customer buys first tell how they will go on? And what do
//! customers buy in their second order after a given first order?
//!
//! Why it is here and not in `repeatlens-models`: it is descriptive counting over the dataset's
//! orders and refunds (no fitted model), and it must count exactly the purchases and the net
//! revenue the rest of the analysis counts (see DEFINITIONS.md, "First product").
//!
//! Definitions (all as of the as-of day, purchases as in [`Dataset::purchase_rows`]):
//! - a customer's **first order** is their first counted purchase, their **second order** the
//!   next one (any later order, same day included — "repeat" means ≥ 2 purchases, as the repeat
//!   rate of the KPIs);
//! - an item (SKU or category) **starts** a customer when it is on the first order; a first order
//!   with several items counts the customer for each of them once;
//! - **repeat rate** = starters with a second order on or before the as-of day ÷ starters;
//! - **12-month net revenue** = the customer's purchases in the 365 days from the first purchase
//!   day (that day included) minus their refunds dated in the same window, averaged over the
//!   starters whose window has ended by the as-of day ("matured"); starters acquired later would
//!   bias it down, so they are left out and counted apart;
//! - a **path** A → B counts a customer once when A is on the first order and B on the second.

use serde::Serialize;

use crate::dataset::{Dataset, F_CANCELLED, F_NO_FX, F_TEST, NONE};
use crate::purchases::ItemLevel;

/// Days in the net-revenue window after the first purchase.
pub const FIRST_PRODUCT_WINDOW_DAYS: i32 = 365;

/// One item as a first purchase.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstProductRow {
    /// SKU or category.
    pub item: String,
    /// Customers whose first order holds the item.
    pub customers: u64,
    /// Of those, customers with a second order by the as-of day.
    pub repeat_customers: u64,
    /// `repeat_customers ÷ customers`.
    pub repeat_rate: f64,
    /// Starters whose first purchase is at least 365 days before the as-of day.
    pub matured_customers: u64,
    /// Mean 12-month net revenue of the matured starters (reporting currency, major units);
    /// None when none has matured.
    pub mean_net_revenue_12m: Option<f64>,
}

/// "First order held A, second order held B", counted once per customer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductPath {
    /// Item on the first order (A).
    pub first: String,
    /// Item on the second order (B).
    pub second: String,
    /// Customers who took this path.
    pub customers: u64,
    /// Customers on this path ÷ customers whose first order held `first` and who made a second
    /// order (the chance of B next, given A first and a next order).
    pub share_of_first: f64,
}

/// The first-product table and the most common paths.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstProducts {
    /// "sku" or "category".
    pub level: String,
    /// The as-of day, YYYY-MM-DD.
    pub as_of: String,
    /// Customers with a first order holding at least one item of the level.
    pub customers: u64,
    /// Of those, customers with a second order.
    pub repeat_customers: u64,
    /// Of those, starters whose 12-month window has ended by the as-of day.
    pub matured_customers: u64,
    /// The store-wide figures the rows compare with (None when nobody matured).
    pub mean_net_revenue_12m: Option<f64>,
    /// Items by starters (most first), then name; at most `limit`, and only items that started
    /// at least `min_customers` customers.
    pub items: Vec<FirstProductRow>,
    /// Items that started customers in total (before `limit` and `min_customers`).
    pub items_total: u64,
    /// Paths by customers (most first), then names; at most `limit`.
    pub paths: Vec<ProductPath>,
    /// Distinct paths in total (before `limit`).
    pub paths_total: u64,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    customers: u64,
    repeat: u64,
    matured: u64,
    revenue_minor: i64,
}

impl Dataset {
    fn is_counted(&self, o: usize) -> bool {
        self.ord_flags[o] & (F_CANCELLED | F_TEST | F_NO_FX) == 0 && self.order_total_rep(o) > 0
    }

    fn sorted_items(&self, o: usize, level: ItemLevel) -> Vec<u32> {
        let mut v: Vec<u32> = self.order_items(o as u32, level).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// First-product analysis as of `as_of` (a day number); see the module notes.
    pub fn first_products(
        &self,
        as_of: i32,
        level: ItemLevel,
        min_customers: u64,
        limit: usize,
    ) -> FirstProducts {
        let scale = repeatlens_money::scale(&self.reporting_currency);
        // Refunds as (customer, day, amount) sorted by customer, walked alongside the customers
        // (one list, not one per customer: a million customers mostly have none).
        let mut refunds: Vec<(u32, i32, i64)> = (0..self.refunds())
            .filter(|&i| {
                self.ref_customer[i] != NONE && self.ref_fx_ok[i] && self.ref_day[i] <= as_of
            })
            .map(|i| (self.ref_customer[i], self.ref_day[i], self.ref_rep[i]))
            .collect();
        refunds.sort_unstable_by_key(|r| r.0);
        let mut next_refund = 0usize;
        let n_items = match level {
            ItemLevel::Sku => self.strings.skus.names.len(),
            ItemLevel::Category => self.strings.categories.names.len(),
        };
        // Dense per-item tallies, and every customer's (first, second) item pairs as one integer
        // each, counted by sorting: a shop's first and second orders can hold dozens of items
        // (1.3 M distinct pairs in the sample store), where a hash map costs several times more.
        let mut acc: Vec<Acc> = vec![Acc::default(); n_items];
        let mut pair_keys: Vec<u64> = Vec::new();
        // Starters of A with a second order: the denominator of a path's share.
        let mut with_second: Vec<u64> = vec![0; n_items];
        let (mut customers, mut repeat_customers, mut matured_customers) = (0u64, 0u64, 0u64);
        let mut matured_revenue = 0i64;
        for c in 0..self.customers() {
            let from = next_refund;
            while next_refund < refunds.len() && refunds[next_refund].0 as usize == c {
                next_refund += 1;
            }
            let own_refunds = &refunds[from..next_refund];
            let ranks = self.cust_order_start[c] as usize..self.cust_order_start[c + 1] as usize;
            let mut counted = self.cust_orders[ranks]
                .iter()
                .map(|&o| o as usize)
                .filter(|&o| self.is_counted(o) && self.ord_day[o] <= as_of);
            let Some(first) = counted.next() else {
                continue;
            };
            let first_items = self.sorted_items(first, level);
            if first_items.is_empty() {
                continue;
            }
            let second = counted.next();
            let first_day = self.ord_day[first];
            let window_end = first_day + FIRST_PRODUCT_WINDOW_DAYS; // exclusive
            let matured = window_end <= as_of + 1;
            let revenue = if matured {
                let purchases: i64 = std::iter::once(first)
                    .chain(second)
                    .chain(counted)
                    .filter(|&o| self.ord_day[o] < window_end)
                    .map(|o| self.order_total_rep(o))
                    .sum();
                let refunded: i64 = own_refunds
                    .iter()
                    .filter(|(_, d, _)| *d >= first_day && *d < window_end)
                    .map(|(_, _, a)| a)
                    .sum();
                purchases - refunded
            } else {
                0
            };
            customers += 1;
            repeat_customers += u64::from(second.is_some());
            if matured {
                matured_customers += 1;
                matured_revenue += revenue;
            }
            for &item in &first_items {
                let a = &mut acc[item as usize];
                a.customers += 1;
                a.repeat += u64::from(second.is_some());
                if matured {
                    a.matured += 1;
                    a.revenue_minor += revenue;
                }
            }
            if let Some(s) = second {
                let second_items = self.sorted_items(s, level);
                if second_items.is_empty() {
                    continue;
                }
                for &a in &first_items {
                    with_second[a as usize] += 1;
                    pair_keys.extend(
                        second_items
                            .iter()
                            .map(|&b| (u64::from(a) << 32) | u64::from(b)),
                    );
                }
            }
        }
        let mean = |sum: i64, n: u64| (n > 0).then(|| sum as f64 / scale / n as f64);
        let items_total = acc.iter().filter(|a| a.customers > 0).count() as u64;
        let mut items: Vec<(u32, Acc)> = acc
            .into_iter()
            .enumerate()
            .map(|(i, a)| (i as u32, a))
            .filter(|(_, a)| a.customers >= min_customers.max(1))
            .collect();
        top(&mut items, limit, |(x, a), (y, b)| {
            b.customers
                .cmp(&a.customers)
                .then_with(|| self.item_name(level, *x).cmp(self.item_name(level, *y)))
        });
        // Each customer's pairs are distinct (both orders' items are deduplicated), so a run of
        // equal keys is the number of customers on that path.
        pair_keys.sort_unstable();
        let mut paths: Vec<((u32, u32), u64)> = Vec::new();
        for run in pair_keys.chunk_by(|x, y| x == y) {
            let k = run[0];
            paths.push((((k >> 32) as u32, k as u32), run.len() as u64));
        }
        drop(pair_keys);
        let paths_total = paths.len() as u64;
        top(&mut paths, limit, |((a1, b1), n1), ((a2, b2), n2)| {
            n2.cmp(n1)
                .then_with(|| self.item_name(level, *a1).cmp(self.item_name(level, *a2)))
                .then_with(|| self.item_name(level, *b1).cmp(self.item_name(level, *b2)))
        });
        FirstProducts {
            level: match level {
                ItemLevel::Sku => "sku",
                ItemLevel::Category => "category",
            }
            .into(),
            as_of: crate::days::date_key(as_of),
            customers,
            repeat_customers,
            matured_customers,
            mean_net_revenue_12m: mean(matured_revenue, matured_customers),
            items: items
                .into_iter()
                .map(|(item, a)| FirstProductRow {
                    item: self.item_name(level, item).to_string(),
                    customers: a.customers,
                    repeat_customers: a.repeat,
                    repeat_rate: a.repeat as f64 / a.customers as f64,
                    matured_customers: a.matured,
                    mean_net_revenue_12m: mean(a.revenue_minor, a.matured),
                })
                .collect(),
            items_total,
            paths: paths
                .into_iter()
                .map(|((a, b), n)| ProductPath {
                    first: self.item_name(level, a).to_string(),
                    second: self.item_name(level, b).to_string(),
                    customers: n,
                    share_of_first: n as f64 / with_second[a as usize] as f64,
                })
                .collect(),
            paths_total,
        }
    }
}

/// Keeps the first `limit` of `v` in the order of `cmp`, sorted: a linear selection first, so a
/// million candidates cost a few comparisons each instead of a full sort.
fn top<T>(v: &mut Vec<T>, limit: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if limit == 0 {
        v.clear();
        return;
    }
    if v.len() > limit {
        v.select_nth_unstable_by(limit - 1, &mut cmp);
        v.truncate(limit);
    }
    v.sort_by(cmp);
}
