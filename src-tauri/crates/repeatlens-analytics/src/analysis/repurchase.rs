//! Repurchase cycles per SKU and category (gap quantiles, histograms within a memory cap) and
//! the overdue list: customers past their usual gap for an item.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.
//!
//! Why one file of this size: the walk that collects the gaps also keeps each buyer's last day per
//! item for the overdue test (`Walked::held`), so walk, gap stores and `OverdueTop` share state.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    Sku,
    Category,
}

/// Quantile with linear interpolation by selection (O(n), reorders `v`).
pub(super) fn quantile_select(v: &mut [u32], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut x_lo, right) = v.select_nth_unstable(lo);
    let x_hi = right.iter().copied().min().unwrap_or(x_lo);
    Some(x_lo as f64 + (h - lo as f64) * (x_hi as f64 - x_lo as f64))
}

pub(super) fn item_col(ds: &Dataset, kind: ItemKind) -> (&[u32], &[String]) {
    match kind {
        ItemKind::Sku => (&ds.line_sku, &ds.strings.skus.names),
        ItemKind::Category => (&ds.line_category, &ds.strings.categories.names),
    }
}

/// One overdue (buyer, item): (buyer index, kind, item, last purchase day of the item, median).
pub(super) type OverdueRaw = (u32, ItemKind, u32, i32, f64);

/// Largest gap histogram (items × days) kept; beyond it gaps are stored flat.
pub(super) const MAX_HISTOGRAM_CELLS: usize = 1 << 22;

/// Number of gaps and p25 / median / p75 of one item.
pub(super) type GapSummary = (u64, [Option<f64>; 3]);

/// The gaps of every item. A histogram of gap days per item when items × days is small (the
/// usual case for categories: each gap is one increment of a cache-resident counter, and
/// quantiles are a scan), else the gaps of each half of the buyers in a flat array grouped by
/// item (quantiles by selection over both halves). Both give the same quantiles.
pub(super) enum GapStore {
    /// `counts[item * width + gap]`; cell 0 of each row (gap 0) is never read.
    Histogram {
        width: usize,
        counts: Vec<u32>,
    },
    Flat([FlatGaps; 2]),
}

/// The gaps of item `i`: `gaps[offsets[i]..offsets[i + 1]]`.
pub(super) struct FlatGaps {
    offsets: Vec<usize>,
    gaps: Vec<u32>,
}

impl FlatGaps {
    /// Groups `(item << 32 | gap)` pairs (as collected by a walk) by item: a counting sort.
    fn group(n_items: usize, pairs: Vec<u64>) -> Self {
        let mut offsets = vec![0usize; n_items + 1];
        for &pair in &pairs {
            offsets[(pair >> 32) as usize + 1] += 1;
        }
        for i in 0..n_items {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets[..n_items].to_vec();
        let mut gaps = vec![0u32; offsets[n_items]];
        for &pair in &pairs {
            let i = (pair >> 32) as usize;
            gaps[next[i]] = pair as u32;
            next[i] += 1;
        }
        FlatGaps { offsets, gaps }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.gaps[self.offsets[i]..self.offsets[i + 1]]
    }
}

impl GapStore {
    /// The summary of every item (quantiles only with at least `min_gaps`). Flat gaps are
    /// summarised on two threads, each over half of the gaps.
    fn summaries(&mut self, n_items: usize, min_gaps: u32) -> Vec<GapSummary> {
        const QS: [f64; 3] = [0.25, 0.5, 0.75];
        match self {
            GapStore::Histogram { width, counts } => (0..n_items)
                .map(|item| {
                    let row = &counts[item * *width + 1..(item + 1) * *width];
                    let n: u64 = row.iter().map(|&c| c as u64).sum();
                    if n < min_gaps as u64 {
                        return (n, [None; 3]);
                    }
                    // The k-th smallest gap (0-based): the first day whose cumulative count > k.
                    let kth = |k: u64| {
                        let mut seen = 0u64;
                        for (g, &c) in row.iter().enumerate() {
                            seen += c as u64;
                            if seen > k {
                                return g as u64 + 1;
                            }
                        }
                        unreachable!("k < n")
                    };
                    (
                        n,
                        QS.map(|q| {
                            let h = (n - 1) as f64 * q;
                            let lo = h.floor() as u64;
                            let x_lo = kth(lo);
                            let x_hi = if lo + 1 < n { kth(lo + 1) } else { x_lo };
                            Some(x_lo as f64 + (h - lo as f64) * (x_hi as f64 - x_lo as f64))
                        }),
                    )
                })
                .collect(),
            GapStore::Flat([a, b]) => {
                let summarise = |items: std::ops::Range<usize>| {
                    let mut both = Vec::new();
                    items
                        .map(|i| {
                            both.clear();
                            both.extend_from_slice(a.of(i));
                            both.extend_from_slice(b.of(i));
                            let n = both.len() as u64;
                            if n < min_gaps as u64 {
                                return (n, [None; 3]);
                            }
                            (n, QS.map(|q| quantile_select(&mut both, q)))
                        })
                        .collect::<Vec<GapSummary>>()
                };
                // Split where half of the gaps are.
                let half = (a.gaps.len() + b.gaps.len()) / 2;
                let mid = (0..n_items)
                    .find(|&i| a.offsets[i] + b.offsets[i] >= half)
                    .unwrap_or(n_items);
                let (mut first, second) = std::thread::scope(|s| {
                    let second = s.spawn(|| summarise(mid..n_items));
                    (summarise(0..mid), second.join().expect("summaries thread"))
                });
                first.extend(second);
                first
            }
        }
    }
}

/// Repurchase cycles of one item kind and its overdue (buyer, item) pairs, from walks over the
/// buyers' lines (customer-major in the dataset, so a walk reads memory in sequence).
///
/// Per buyer, `last[item]` holds the previous day the buyer bought the item (reset through the
/// touched list), which gives the gaps between consecutive distinct days without sorting. The
/// buyer's last day of each item is all the overdue test needs once the medians are known, so
/// it is kept (for buyers not churned) instead of walking the lines a second time. With many
/// items (SKUs) the buyers are walked in two halves on two threads, each collecting its gaps as
/// (item, gap) pairs, which are then grouped by item.
pub(super) fn item_cycles(
    ds: &Dataset,
    core: &Core,
    p: &Params,
    kind: ItemKind,
    max_histogram_cells: usize,
    overdue: &mut OverdueTop,
) -> Vec<ItemCycle> {
    let (col, names) = item_col(ds, kind);
    let n_items = names.len();
    let min_first = core.first_day.iter().copied().min().unwrap_or(core.as_of);
    let width = (core.as_of - min_first).max(0) as usize + 1;
    let nb = core.buyers.len();
    let (walked, mut gaps) = match n_items.checked_mul(width) {
        Some(cells) if cells <= max_histogram_cells => {
            let mut counts = vec![0u32; cells];
            // Non-repeats all land in one cell (row 0, gap 0: never read), which stays in cache.
            let w = walk_items(ds, core, col, n_items, 0..nb, |i, g| {
                counts[if g == 0 { 0 } else { i * width + g }] += 1
            });
            (w, GapStore::Histogram { width, counts })
        }
        _ => {
            // Split where half of the purchases are (a proxy for half of the lines).
            let half = core.cust_start[core.cust_start.len() - 1] / 2;
            let split = core
                .buyers
                .partition_point(|&c| core.cust_start[c as usize] < half);
            let walk_half = |buyers: std::ops::Range<usize>| {
                // At most one gap per line: reserving that avoids regrowing a large vector.
                let lines = |b: usize| {
                    let c = core
                        .buyers
                        .get(b)
                        .map_or(core.purch.len(), |&c| core.cust_start[c as usize] as usize);
                    core.prank
                        .get(c)
                        .map_or(ds.lines(), |&r| ds.line_offsets[r as usize] as usize)
                };
                let mut pairs =
                    Vec::with_capacity(lines(buyers.end).saturating_sub(lines(buyers.start)));
                let w = walk_items(ds, core, col, n_items, buyers, |i, g| {
                    if g != 0 {
                        pairs.push((i as u64) << 32 | g as u64)
                    }
                });
                (w, FlatGaps::group(n_items, pairs))
            };
            let ((mut w, first), (w2, second)) = std::thread::scope(|s| {
                let second = s.spawn(|| walk_half(split..nb));
                (walk_half(0..split), second.join().expect("walk thread"))
            });
            w.append(w2);
            (w, GapStore::Flat([first, second]))
        }
    };
    let summaries = gaps.summaries(n_items, p.min_cycle_gaps.max(1));
    drop(gaps);
    walked.finish(core, p, kind, names, &summaries, overdue)
}

/// What one walk over the lines collects besides the gaps.
pub(super) struct Walked {
    /// Per item: buyers, and buyers with ≥ 1 gap.
    buyers: Vec<u64>,
    repeaters: Vec<u64>,
    /// (item, last day) of the items of each buyer not churned: `held[held_start[b]..][..]`
    /// (b counted from the first buyer walked).
    held: Vec<(u32, i32)>,
    held_start: Vec<u32>,
}

/// Walks the lines of `col` of the buyers in `buyers` (indices into `core.buyers`) in purchase
/// order, calling `on_gap(item, gap)` for every line, with gap = days since the buyer's previous
/// distinct purchase day of the item, or 0 when the line is not a repeat (first purchase of the
/// item, or the same day again). Calling it for every line keeps the loop free of unpredictable
/// branches.
pub(super) fn walk_items(
    ds: &Dataset,
    core: &Core,
    col: &[u32],
    n_items: usize,
    buyers: std::ops::Range<usize>,
    mut on_gap: impl FnMut(usize, usize),
) -> Walked {
    let mut w = Walked {
        buyers: vec![0; n_items],
        repeaters: vec![0; n_items],
        held: Vec::new(),
        held_start: Vec::with_capacity(buyers.len() + 1),
    };
    w.held_start.push(0);
    let mut last = vec![i32::MIN; n_items];
    // The buyer's items so far with their first day; written every line, advanced on new items.
    let mut touched: Vec<(u32, i32)> = vec![(0, 0); n_items + 1];
    for &c in &core.buyers[buyers] {
        let mut n_touched = 0;
        let range = core.range_of(c);
        for (&d, &r) in core.pday[range.clone()].iter().zip(&core.prank[range]) {
            for &item in &col[ds.lines_of_rank(r as usize)] {
                if item == NONE {
                    continue;
                }
                let i = item as usize;
                let prev = last[i];
                let new = prev == i32::MIN;
                touched[n_touched] = (item, d);
                n_touched += new as usize;
                on_gap(i, if new { 0 } else { (d - prev) as usize });
                last[i] = d;
            }
        }
        let keep = core.lifecycle[c as usize] != Some(Lifecycle::Churned);
        for &(item, first) in &touched[..n_touched] {
            let i = item as usize;
            w.buyers[i] += 1;
            w.repeaters[i] += (last[i] != first) as u64;
            if keep {
                w.held.push((item, last[i]));
            }
            last[i] = i32::MIN;
        }
        w.held_start.push(w.held.len() as u32);
    }
    w
}

impl Walked {
    /// Adds the walk of the buyers that follow this walk's.
    fn append(&mut self, next: Walked) {
        for (a, b) in self.buyers.iter_mut().zip(next.buyers) {
            *a += b;
        }
        for (a, b) in self.repeaters.iter_mut().zip(next.repeaters) {
            *a += b;
        }
        let base = self.held.len() as u32;
        self.held.extend(next.held);
        self.held_start
            .extend(next.held_start[1..].iter().map(|&s| s + base));
    }

    /// Item rows (most repeat customers first) and overdue pairs: as-of − last purchase of the
    /// item > (1 + share) × median.
    fn finish(
        self,
        core: &Core,
        p: &Params,
        kind: ItemKind,
        names: &[String],
        summaries: &[GapSummary],
        overdue: &mut OverdueTop,
    ) -> Vec<ItemCycle> {
        let mut medians = vec![None; names.len()];
        let mut out = Vec::new();
        for (item, &buyers) in self.buyers.iter().enumerate() {
            if buyers == 0 {
                continue;
            }
            let (n, [p25, p50, p75]) = summaries[item];
            medians[item] = p50;
            out.push(ItemCycle {
                item: names[item].clone(),
                buyers,
                customers: self.repeaters[item],
                gaps: n,
                enough_data: n >= p.min_cycle_gaps.max(1) as u64,
                p25_days: p25,
                median_days: p50,
                p75_days: p75,
            });
        }
        out.sort_by(|a, b| {
            b.customers
                .cmp(&a.customers)
                .then(b.buyers.cmp(&a.buyers))
                .then_with(|| a.item.cmp(&b.item))
        });
        // The overdue test over the held items, in two halves on two threads.
        let scan = |buyers: std::ops::Range<usize>, top: &mut OverdueTop| {
            for b in buyers {
                let held = &self.held[self.held_start[b] as usize..self.held_start[b + 1] as usize];
                for &(item, day) in held {
                    if let Some(m) = medians[item as usize] {
                        if (core.as_of - day) as f64 > m * (1.0 + p.overdue_share) {
                            top.push((b as u32, kind, item, day, m));
                        }
                    }
                }
            }
        };
        let nb = core.buyers.len();
        let half = self.held.len() as u32 / 2;
        let mid = self.held_start.partition_point(|&h| h < half).min(nb);
        let mut top = overdue.empty_like();
        let second = std::thread::scope(|s| {
            let second = s.spawn(|| {
                scan(mid..nb, &mut top);
                top
            });
            scan(0..mid, overdue);
            second.join().expect("overdue thread")
        });
        overdue.absorb(second);
        out
    }
}

/// The overdue list's order: most days overdue first, then buyer, SKUs before categories, item
/// name. A total order (a buyer has each item of a kind once), so the list never depends on the
/// order the rows were found in.
pub(super) fn overdue_order(ds: &Dataset, as_of: i32, a: &OverdueRaw, b: &OverdueRaw) -> Ordering {
    let overdue_days = |r: &OverdueRaw| (as_of - r.3) as f64 - r.4;
    overdue_days(b)
        .total_cmp(&overdue_days(a))
        .then(a.0.cmp(&b.0))
        .then((a.1 == ItemKind::Category).cmp(&(b.1 == ItemKind::Category)))
        .then_with(|| item_name(ds, a).cmp(item_name(ds, b)))
}

pub(super) fn item_name<'a>(ds: &'a Dataset, r: &OverdueRaw) -> &'a String {
    match r.1 {
        ItemKind::Sku => &ds.strings.skus.names[r.2 as usize],
        ItemKind::Category => &ds.strings.categories.names[r.2 as usize],
    }
}

/// Counts overdue rows and keeps the first `limit` in [`overdue_order`]. A store can have
/// millions of overdue (customer, item) pairs and shows a thousand: rows collect up to 2 × limit,
/// then the best `limit` are selected (O(n) overall, O(limit) memory), and a row worse than the
/// last one kept is dropped at once.
pub(super) struct OverdueTop<'a> {
    ds: &'a Dataset,
    as_of: i32,
    limit: usize,
    total: u64,
    rows: Vec<OverdueRaw>,
    worst: Option<OverdueRaw>,
}

impl<'a> OverdueTop<'a> {
    fn new(ds: &'a Dataset, core: &Core, limit: u32) -> Self {
        OverdueTop {
            ds,
            as_of: core.as_of,
            limit: limit as usize,
            total: 0,
            rows: Vec::new(),
            worst: None,
        }
    }

    fn push(&mut self, row: OverdueRaw) {
        self.total += 1;
        self.keep(row);
    }

    /// An empty list with the same order and limit.
    fn empty_like(&self) -> Self {
        OverdueTop {
            total: 0,
            rows: Vec::new(),
            worst: None,
            ..*self
        }
    }

    /// Adds the rows of `other`, as if they had been pushed here.
    fn absorb(&mut self, other: Self) {
        self.total += other.total;
        for row in other.rows {
            self.keep(row);
        }
    }

    /// Both sets of rows, as if all had been pushed to one.
    fn merge(mut self, other: Self) -> Self {
        self.absorb(other);
        self
    }

    fn keep(&mut self, row: OverdueRaw) {
        if self.limit == 0 {
            return;
        }
        if let Some(w) = &self.worst {
            if overdue_order(self.ds, self.as_of, &row, w).is_gt() {
                return;
            }
        }
        if self.rows.len() >= 2 * self.limit {
            self.trim();
        }
        self.rows.push(row);
    }

    fn trim(&mut self) {
        let (ds, as_of) = (self.ds, self.as_of);
        if self.rows.len() > self.limit {
            self.rows
                .select_nth_unstable_by(self.limit - 1, |a, b| overdue_order(ds, as_of, a, b));
            self.rows.truncate(self.limit);
            self.worst = Some(self.rows[self.limit - 1]);
        }
    }

    /// The total and the kept rows, sorted.
    fn finish(mut self) -> (u64, Vec<OverdueRaw>) {
        self.trim();
        let (ds, as_of) = (self.ds, self.as_of);
        self.rows.sort_by(|a, b| overdue_order(ds, as_of, a, b));
        (self.total, self.rows)
    }
}

/// Cycles of one item kind and its share of the overdue list.
pub(super) fn item_side<'a>(
    ds: &'a Dataset,
    core: &Core,
    p: &Params,
    kind: ItemKind,
) -> (Vec<ItemCycle>, OverdueTop<'a>) {
    let mut top = OverdueTop::new(ds, core, p.overdue_list_limit);
    let items = item_cycles(ds, core, p, kind, MAX_HISTOGRAM_CELLS, &mut top);
    (items, top)
}

pub(super) fn repurchase<'a>(
    ds: &'a Dataset,
    core: &Core,
    p: &Params,
    (skus, sku_top): (Vec<ItemCycle>, OverdueTop<'a>),
    (categories, category_top): (Vec<ItemCycle>, OverdueTop<'a>),
) -> Repurchase {
    let (total, rows) = sku_top.merge(category_top).finish();
    let overdue_days = |r: &OverdueRaw| (core.as_of - r.3) as f64 - r.4;
    let overdue = rows
        .iter()
        .map(|r| OverdueRow {
            customer: ds.cust_platform_id[core.buyers[r.0 as usize] as usize].clone(),
            item_kind: if r.1 == ItemKind::Sku {
                "sku".into()
            } else {
                "category".into()
            },
            item: item_name(ds, r).clone(),
            last_order: days::date_key(r.3),
            due_date: days::date_key(r.3 + r.4.round() as i32),
            days_overdue: overdue_days(r),
            tier: core.tier[r.0 as usize],
        })
        .collect();
    Repurchase {
        min_gaps: p.min_cycle_gaps,
        overdue_share: p.overdue_share,
        skus,
        categories,
        overdue_total: total,
        overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{CustomerInput, DatasetBuilder, LineInput, OrderInput};

    #[test]
    fn gap_histogram_and_gap_lists_agree() {
        let mut b = DatasetBuilder::new("UTC", "EUR").unwrap();
        for c in 0..40 {
            b.push_customer(CustomerInput {
                platform_id: &format!("c{c}"),
                country: None,
                accepts_marketing: None,
                has_record: true,
            });
        }
        let mut x: u64 = 99;
        let mut rnd = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for i in 0..3000i64 {
            let o = b
                .push_order(OrderInput {
                    customer: Some(rnd(40) as u32),
                    created_at: 1_600_000_000 + i * 20_000,
                    currency: "EUR",
                    total_minor: 1000,
                    cancelled: false,
                    test: false,
                    ship_country: None,
                    has_discount_code: false,
                    fulfilled_at: None,
                    delivered_at: None,
                    platform: "shop",
                })
                .unwrap();
            for _ in 0..rnd(4) {
                let s = rnd(25);
                b.push_line(LineInput {
                    order: o,
                    sku: Some(&format!("S{s}")),
                    category: Some(&format!("C{}", s % 4)),
                })
                .unwrap();
            }
        }
        let ds = b.finish();
        let p = Params {
            as_of: Some(chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()),
            min_cycle_gaps: 2,
            ..Params::default()
        };
        let core = crate::core::build(&ds, &p);
        for kind in [ItemKind::Sku, ItemKind::Category] {
            let run = |cells| {
                let mut top = OverdueTop::new(&ds, &core, 50);
                let items = item_cycles(&ds, &core, &p, kind, cells, &mut top);
                (items, top.finish())
            };
            let (hist, lists) = (run(MAX_HISTOGRAM_CELLS), run(0));
            assert!(hist.0.iter().any(|c| c.median_days.is_some()));
            assert!(hist.1 .0 > 50);
            assert_eq!(hist.0, lists.0);
            assert_eq!(hist.1, lists.1);
        }
    }

    #[test]
    fn quantile_select_equals_sorted_interpolation() {
        let mut x: u64 = 12345;
        for n in 1..60usize {
            let v: Vec<u32> = (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) % 40) as u32
                })
                .collect();
            let mut sorted: Vec<f64> = v.iter().map(|&g| g as f64).collect();
            sorted.sort_by(f64::total_cmp);
            for q in [0.25, 0.5, 0.75, 0.9] {
                let mut w = v.clone();
                assert_eq!(
                    quantile_select(&mut w, q),
                    stats::quantile_sorted(&sorted, q),
                    "n {n} q {q}"
                );
            }
        }
    }
}
