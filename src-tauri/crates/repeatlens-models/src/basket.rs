//! Basket rules "buyers of X also buy Y": frequent itemsets, then association rules with
//! support, confidence, lift, leverage and conviction (Agrawal, Imieliński & Swami 1993; lift:
//! Brin et al. 1997; definitions as mlxtend's `association_rules` and arules' interest measures,
//! `docs/definitions.md#rule-metrics`).
//!
//! Why Eclat (Zaki 2000) for the itemsets: it finds exactly Apriori's (and FP-growth's) frequent
//! itemsets, but counts by intersecting sorted basket-id lists depth-first, so each candidate's
//! support is one linear merge of two short lists instead of a pass over all baskets; at shop
//! sizes (thousands of items, each in a small share of baskets) the lists are short and the whole
//! search allocates little. Frequent items are ordered by ascending support, the usual heuristic
//! that keeps the intersected lists shortest.
//!
//! Why single-item consequents by default: that is what arules' `apriori()` mines and what a
//! seller can act on ("suggest Y with X"); [`Consequents::Any`] gives mlxtend's full set.
//! Items are `u32` ids (products, or categories for category-level rules): naming and the
//! item/category choice belong to the caller.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A frequent itemset: item ids ascending, and the number of baskets containing all of them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Itemset {
    /// Item ids, ascending.
    pub items: Vec<u32>,
    /// Baskets containing all of them.
    pub count: u32,
}

/// Which consequents rules may have.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Consequents {
    /// One item (arules' `apriori()`).
    #[default]
    Single,
    /// Any non-empty proper subset (mlxtend's `association_rules`); itemsets of at most 20 items.
    Any,
}

/// Thresholds and limits of [`basket_rules`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BasketOptions {
    /// Minimum share of baskets containing the whole rule (default 0.01).
    pub min_support: f64,
    /// Minimum confidence (default 0.5).
    pub min_confidence: f64,
    /// Longest itemset considered (default 10).
    pub max_len: usize,
    /// Single-item consequents (default, as arules) or any (as mlxtend).
    pub consequents: Consequents,
    /// The search stops with an error beyond this many frequent itemsets (default 2,000,000):
    /// a minimum support too low for the data.
    pub max_itemsets: usize,
}

impl Default for BasketOptions {
    fn default() -> Self {
        BasketOptions {
            min_support: 0.01,
            min_confidence: 0.5,
            max_len: 10,
            consequents: Consequents::Single,
            max_itemsets: 2_000_000,
        }
    }
}

/// One rule X ⇒ Y.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// X, item ids ascending.
    pub antecedent: Vec<u32>,
    /// Y, item ids ascending (one item unless `Consequents::Any`).
    pub consequent: Vec<u32>,
    /// Baskets containing X ∪ Y.
    pub count: u32,
    /// supp(X ∪ Y)
    pub support: f64,
    /// supp(X ∪ Y) / supp(X)
    pub confidence: f64,
    /// confidence / supp(Y)
    pub lift: f64,
    /// supp(X ∪ Y) − supp(X)·supp(Y)
    pub leverage: f64,
    /// (1 − supp(Y)) / (1 − confidence); None (infinite) when confidence is 1.
    pub conviction: Option<f64>,
}

/// The rules found in a set of baskets, with the settings that found them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasketRules {
    /// Baskets searched (N, the denominator of every support).
    pub baskets: usize,
    /// Smallest basket count meeting `min_support`.
    pub min_count: u32,
    /// Frequent itemsets found.
    pub itemsets: usize,
    /// The options used.
    pub options: BasketOptions,
    /// By lift, then confidence, then support (descending), then items.
    pub rules: Vec<Rule>,
}

/// Why a rule search did not run or stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesError {
    /// `min_support` must be in (0, 1], `min_confidence` in [0, 1].
    BadThreshold(String),
    /// More frequent itemsets than `max_itemsets`: raise the minimum support.
    TooManyItemsets(usize),
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RulesError::BadThreshold(s) => write!(f, "{s}"),
            RulesError::TooManyItemsets(n) => write!(
                f,
                "more than {n} frequent itemsets: raise the minimum support"
            ),
        }
    }
}

impl std::error::Error for RulesError {}

/// Smallest count c with c/n ≥ min_support (in floating point, as mlxtend compares).
pub(crate) fn min_count(n: usize, min_support: f64) -> u32 {
    let nf = n as f64;
    let mut c = (min_support * nf).ceil().max(1.0);
    while c > 1.0 && (c - 1.0) / nf >= min_support {
        c -= 1.0;
    }
    while c / nf < min_support {
        c += 1.0;
    }
    c as u32
}

fn intersect(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x == y {
            out.push(x);
            i += 1;
            j += 1;
        } else if x < y {
            i += 1;
        } else {
            j += 1;
        }
    }
}

struct Search<'a> {
    min_count: usize,
    max_len: usize,
    max_itemsets: usize,
    out: &'a mut Vec<Itemset>,
}

/// How many baskets hold each pair of frequent items, counted in one pass over the baskets.
///
/// Why: Eclat's first level intersects every pair of frequent items' basket lists, n²/2 merges
/// of lists at least `min_count` long. On shop data (Online Retail: 1,700 frequent SKUs in
/// 20,000 baskets of about 20 items) that is 1.4 M merges, almost all for pairs that never meet
/// the minimum; counting the pairs that do occur costs Σ k² over baskets instead (4 M steps there),
/// and only the frequent pairs are intersected.
struct PairCounts {
    n: usize,
    /// Upper triangle, row-major: (i, j), i < j, at i·n + j.
    counts: Vec<u32>,
}

impl PairCounts {
    /// Items whose pair table would exceed this many cells are searched without it.
    const MAX_CELLS: usize = 16 << 20;

    fn count(baskets: &[Vec<u32>], position: &[u32], n: usize) -> Option<PairCounts> {
        if n.checked_mul(n)? > Self::MAX_CELLS {
            return None;
        }
        let mut counts = vec![0u32; n * n];
        let mut own: Vec<usize> = Vec::new();
        for b in baskets {
            own.clear();
            own.extend(
                b.iter()
                    .map(|&i| position[i as usize])
                    .filter(|&p| p != u32::MAX)
                    .map(|p| p as usize),
            );
            own.sort_unstable();
            own.dedup();
            for (x, &i) in own.iter().enumerate() {
                for &j in &own[x + 1..] {
                    counts[i * n + j] += 1;
                }
            }
        }
        Some(PairCounts { n, counts })
    }

    fn get(&self, i: usize, j: usize) -> u32 {
        self.counts[i.min(j) * self.n + i.max(j)]
    }
}

impl Search<'_> {
    fn extend(
        &mut self,
        prefix: &mut Vec<u32>,
        class: &[(u32, Vec<u32>)],
        pairs: Option<&PairCounts>,
    ) -> Result<(), RulesError> {
        let mut buf = Vec::new();
        for (i, (item, tids)) in class.iter().enumerate() {
            prefix.push(*item);
            let mut items = prefix.clone();
            items.sort_unstable();
            self.out.push(Itemset {
                items,
                count: tids.len() as u32,
            });
            if self.out.len() > self.max_itemsets {
                return Err(RulesError::TooManyItemsets(self.max_itemsets));
            }
            if prefix.len() < self.max_len {
                let mut next = Vec::new();
                for (j, (other, other_tids)) in class.iter().enumerate().skip(i + 1) {
                    // At the first level the pair table says which pairs can be frequent.
                    if pairs.is_some_and(|p| (p.get(i, j) as usize) < self.min_count) {
                        continue;
                    }
                    intersect(tids, other_tids, &mut buf);
                    if buf.len() >= self.min_count {
                        next.push((*other, buf.clone()));
                    }
                }
                if !next.is_empty() {
                    self.extend(prefix, &next, None)?;
                }
            }
            prefix.pop();
        }
        Ok(())
    }
}

/// All itemsets of at most `max_len` items contained in at least `min_count` baskets (Eclat).
/// Duplicate items within a basket count once. Sorted by length, then items.
pub fn frequent_itemsets(
    baskets: &[Vec<u32>],
    min_count: u32,
    max_len: usize,
    max_itemsets: usize,
) -> Result<Vec<Itemset>, RulesError> {
    let n_items = baskets
        .iter()
        .flat_map(|b| b.iter())
        .max()
        .map_or(0, |m| *m as usize + 1);
    let mut tids: Vec<Vec<u32>> = vec![Vec::new(); n_items];
    for (t, b) in baskets.iter().enumerate() {
        for &item in b {
            let list = &mut tids[item as usize];
            // Baskets are visited in order, so a repeat within one basket is the list's tail.
            if list.last() != Some(&(t as u32)) {
                list.push(t as u32);
            }
        }
    }
    let min_count = min_count.max(1) as usize;
    let mut frequent: Vec<(u32, Vec<u32>)> = tids
        .into_iter()
        .enumerate()
        .filter(|(_, l)| l.len() >= min_count)
        .map(|(i, l)| (i as u32, l))
        .collect();
    frequent.sort_by(|a, b| a.1.len().cmp(&b.1.len()).then(a.0.cmp(&b.0)));
    let mut position = vec![u32::MAX; n_items];
    for (p, (item, _)) in frequent.iter().enumerate() {
        position[*item as usize] = p as u32;
    }
    let pairs = if max_len >= 2 {
        PairCounts::count(baskets, &position, frequent.len())
    } else {
        None
    };
    let mut out = Vec::new();
    if max_len > 0 {
        Search {
            min_count,
            max_len,
            max_itemsets,
            out: &mut out,
        }
        .extend(&mut Vec::new(), &frequent, pairs.as_ref())?;
    }
    out.sort_by(|a, b| {
        a.items
            .len()
            .cmp(&b.items.len())
            .then_with(|| a.items.cmp(&b.items))
    });
    Ok(out)
}

/// Frequent itemsets and the rules among them that meet `opts`.
pub fn basket_rules(baskets: &[Vec<u32>], opts: &BasketOptions) -> Result<BasketRules, RulesError> {
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
    let n = baskets.len();
    let mc = min_count(n.max(1), opts.min_support);
    let sets = frequent_itemsets(baskets, mc, opts.max_len, opts.max_itemsets)?;
    let counts: HashMap<&[u32], u32> = sets.iter().map(|s| (s.items.as_slice(), s.count)).collect();
    let nf = n as f64;
    let mut rules = Vec::new();
    let mut ante = Vec::new();
    let mut cons = Vec::new();
    for s in sets.iter().filter(|s| s.items.len() >= 2) {
        let k = s.items.len();
        let masks: Box<dyn Iterator<Item = u32>> = match opts.consequents {
            Consequents::Single => Box::new((0..k).map(|i| 1u32 << i)),
            Consequents::Any if k <= 20 => Box::new(1..(1u32 << k) - 1),
            Consequents::Any => Box::new((0..k).map(|i| 1u32 << i)),
        };
        for mask in masks {
            ante.clear();
            cons.clear();
            for (i, &item) in s.items.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    cons.push(item);
                } else {
                    ante.push(item);
                }
            }
            // Every subset of a frequent itemset is frequent, so both are in the map.
            let cx = counts[ante.as_slice()];
            let confidence = f64::from(s.count) / f64::from(cx);
            if confidence < opts.min_confidence {
                continue;
            }
            let cy = counts[cons.as_slice()];
            let (sxy, sx, sy) = (
                f64::from(s.count) / nf,
                f64::from(cx) / nf,
                f64::from(cy) / nf,
            );
            rules.push(Rule {
                antecedent: ante.clone(),
                consequent: cons.clone(),
                count: s.count,
                support: sxy,
                confidence,
                lift: confidence / sy,
                leverage: sxy - sx * sy,
                conviction: (s.count != cx).then(|| (1.0 - sy) / (1.0 - confidence)),
            });
        }
    }
    rules.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.count.cmp(&a.count))
            .then_with(|| a.antecedent.cmp(&b.antecedent))
            .then_with(|| a.consequent.cmp(&b.consequent))
    });
    Ok(BasketRules {
        baskets: n,
        min_count: mc,
        itemsets: sets.len(),
        options: opts.clone(),
        rules,
    })
}
