//! Everything computed from a [`Core`]: KPIs, segment tables, tiers, lifecycle, cohorts,
//! time to second purchase, repurchase cycles and the overdue list, churn.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::core::{distinct_days, Core};
use crate::dataset::{Dataset, F_DISCOUNT, NONE, NO_DAYS};
use crate::days;
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::output::*;
use crate::params::{ChurnRule, CohortPeriod, EightClassThreshold, MonetaryBasis, Params};
use crate::stats;

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

fn share(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

pub(crate) fn assemble(ds: &Dataset, core: &Core, p: &Params) -> Analysis {
    let nb = core.buyers.len() as u64;
    let scale = core.scale;
    let total_net_minor: i64 = core.net_minor.iter().sum();
    let rev_share =
        |minor: i64| (total_net_minor > 0).then(|| minor as f64 / total_net_minor as f64);

    // RFM
    let mut rfm = Rfm {
        customers: nb,
        score_rule:
            "midrank: p(v) = (#< v + 0.5 #= v) / n, score = min(5, floor(5p) + 1); recency reversed"
                .into(),
        monetary_basis: match p.monetary {
            MonetaryBasis::NetRevenue => "net_revenue".into(),
            MonetaryBasis::AverageOrderValue => "average_order_value".into(),
        },
        r_counts: [0; 5],
        f_counts: [0; 5],
        m_counts: [0; 5],
        rf_grid: [[0; 5]; 5],
    };
    for i in 0..core.buyers.len() {
        let (r, f, m) = (
            core.r[i] as usize - 1,
            core.f[i] as usize - 1,
            core.m[i] as usize - 1,
        );
        rfm.r_counts[r] += 1;
        rfm.f_counts[f] += 1;
        rfm.m_counts[m] += 1;
        rfm.rf_grid[r][f] += 1;
    }

    let segments = Segment::ALL
        .iter()
        .map(|&s| {
            let (mut n, mut rev) = (0u64, 0i64);
            for i in 0..core.buyers.len() {
                if core.segment[i] == s {
                    n += 1;
                    rev += core.net_minor[i];
                }
            }
            SegmentRow {
                segment: s,
                customers: n,
                share: share(n, nb),
                net_revenue: rev as f64 / scale,
                revenue_share: rev_share(rev),
            }
        })
        .collect();

    let eight_class = EightClass {
        thresholds: EightClassThresholds {
            mode: match p.eight_class {
                EightClassThreshold::Mean => "mean".into(),
                EightClassThreshold::Median => "median".into(),
                EightClassThreshold::Fixed { .. } => "fixed".into(),
            },
            recency_days: core.class8_thresholds.0,
            frequency: core.class8_thresholds.1,
            monetary: core.class8_thresholds.2,
        },
        classes: Class8::ALL
            .iter()
            .map(|&c| {
                let (mut n, mut rev) = (0u64, 0i64);
                for i in 0..core.buyers.len() {
                    if core.class8[i] == c {
                        n += 1;
                        rev += core.net_minor[i];
                    }
                }
                let idx = Class8::ALL.iter().position(|&x| x == c).unwrap_or(0);
                ClassRow {
                    class: c,
                    gloss: c.gloss().into(),
                    r_high: matches!(idx % 4, 0 | 2),
                    f_high: matches!(idx % 4, 0 | 1),
                    m_high: idx < 4,
                    customers: n,
                    share: share(n, nb),
                    net_revenue: rev as f64 / scale,
                }
            })
            .collect(),
    };

    let tiers = Tier::ALL
        .iter()
        .enumerate()
        .map(|(ti, &t)| {
            let (mut rev, mut min) = (0i64, None::<f64>);
            for i in 0..core.buyers.len() {
                if core.tier[i] == t {
                    rev += core.net_minor[i];
                    min = Some(min.map_or(core.monetary[i], |m: f64| m.min(core.monetary[i])));
                }
            }
            let n = core.tier_sizes[ti] as u64;
            TierRow {
                tier: t,
                customers: n,
                customer_share: share(n, nb),
                net_revenue: rev as f64 / scale,
                revenue_share: rev_share(rev),
                monetary_min: min,
            }
        })
        .collect();

    let gaps_f: Vec<f64> = core.gaps.iter().map(|&g| g as f64).collect();
    let gaps = Gaps {
        count: gaps_f.len() as u64,
        mean: stats::mean(&gaps_f),
        p25: stats::quantile_sorted(&gaps_f, 0.25),
        median: stats::quantile_sorted(&gaps_f, 0.5),
        p75: stats::quantile_sorted(&gaps_f, 0.75),
        p80: stats::quantile_sorted(&gaps_f, 0.8),
        p90: stats::quantile_sorted(&gaps_f, 0.9),
    };

    let lc_total = core.lifecycle.iter().filter(|l| l.is_some()).count() as u64;
    let lifecycle = LifecycleSummary {
        new_days: p.new_customer_days,
        active_max_recency_days: core.active_days,
        churn_threshold_days: core.churn_days,
        churn_threshold_rule: match p.churn {
            ChurnRule::Percentile {
                percentile,
                floor_days,
            } => {
                format!(
                    "p{} of all gaps, at least {} days",
                    percentile * 100.0,
                    floor_days
                )
            }
            ChurnRule::Fixed { days } => format!("fixed {days} days"),
        },
        stages: Lifecycle::ALL
            .iter()
            .map(|&s| {
                let n = core.lifecycle.iter().filter(|&&l| l == Some(s)).count() as u64;
                StageRow {
                    stage: s,
                    customers: n,
                    share: share(n, lc_total),
                }
            })
            .collect(),
    };

    // Two cores: the SKU cycles (a walk over every line) run on a second thread while this one
    // does the categories and the rest. Each side only reads `ds` and `core` and builds its own
    // outputs; the overdue rows merge under a total order. So the document does not depend on
    // scheduling.
    let (sku_side, category_side, cohorts, time_to_second_purchase, churn, kpis) =
        std::thread::scope(|s| {
            let skus = s.spawn(|| item_side(ds, core, p, ItemKind::Sku));
            let categories = item_side(ds, core, p, ItemKind::Category);
            let refunds_by_buyer = RefundsByBuyer::new(ds, core);
            let cohorts = cohorts(ds, core, p, &refunds_by_buyer);
            let tts = time_to_second(core);
            let churn = churn(ds, core, p, &refunds_by_buyer);
            let kpis = kpis(ds, core, p);
            let skus = skus.join().expect("the SKU cycles thread panicked");
            (skus, categories, cohorts, tts, churn, kpis)
        });
    let repurchase = repurchase(ds, core, p, sku_side, category_side);
    let customers = if p.include_customers {
        customer_rows(ds, core)
    } else {
        Vec::new()
    };

    Analysis {
        schema_version: SCHEMA_VERSION,
        currency: ds.reporting_currency.clone(),
        timezone: ds.timezone().to_string(),
        as_of: core.as_of_info.clone(),
        data: core.summary.clone(),
        params: p.clone(),
        kpis,
        rfm,
        segments,
        eight_class,
        tiers,
        gaps,
        lifecycle,
        cohorts,
        time_to_second_purchase,
        repurchase,
        churn,
        customers,
    }
}

/// Counted refunds of each buyer: (dating day, amount minor, order).
pub(crate) struct RefundsByBuyer {
    start: Vec<u32>,
    rows: Vec<(i32, i64, u32)>,
}

impl RefundsByBuyer {
    fn new(ds: &Dataset, core: &Core) -> Self {
        let nb = core.buyers.len();
        let mut start = vec![0u32; nb + 1];
        for &ri in &core.refunds {
            let c = ds.ref_customer[ri as usize];
            if c != NONE && core.buyer_of[c as usize] != NONE {
                start[core.buyer_of[c as usize] as usize + 1] += 1;
            }
        }
        for i in 0..nb {
            start[i + 1] += start[i];
        }
        let mut fill = start[..nb].to_vec();
        let mut rows = vec![(0, 0, 0); start[nb] as usize];
        for (k, &ri) in core.refunds.iter().enumerate() {
            let c = ds.ref_customer[ri as usize];
            if c != NONE && core.buyer_of[c as usize] != NONE {
                let b = core.buyer_of[c as usize] as usize;
                rows[fill[b] as usize] = (
                    core.refund_dating_day[k],
                    ds.ref_rep[ri as usize],
                    ds.ref_order[ri as usize],
                );
                fill[b] += 1;
            }
        }
        RefundsByBuyer { start, rows }
    }
    fn of(&self, b: usize) -> &[(i32, i64, u32)] {
        &self.rows[self.start[b] as usize..self.start[b + 1] as usize]
    }
}

// ---------------------------------------------------------------- KPIs

fn kpis(ds: &Dataset, core: &Core, p: &Params) -> Kpis {
    let len = p.kpi_period_days.max(1) as i32;
    let b = core.as_of;
    let current = kpi_values(ds, core, p, Some(b - len + 1), b);
    let previous = kpi_values(ds, core, p, Some(b - 2 * len + 1), b - len);
    let all_time = kpi_values(ds, core, p, None, b);
    Kpis {
        currency: ds.reporting_currency.clone(),
        period_days: len as u32,
        repeat_rate_lookback_days: p.repeat_rate_lookback_days,
        current,
        previous,
        all_time,
    }
}

fn kpi_values(ds: &Dataset, core: &Core, p: &Params, from: Option<i32>, to: i32) -> KpiValues {
    let a = from.unwrap_or(i32::MIN);
    let look = to - p.repeat_rate_lookback_days.max(1) as i32 + 1;
    let (mut customers, mut cust_purch, mut gross) = (0u64, 0u64, 0i64);
    let (mut rep_all_n, mut rep_all_d, mut rep_lb_n, mut rep_lb_d, mut churned) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut gaps: Vec<u32> = Vec::new();
    let mut dd = Vec::new();
    let mut first_any: Option<i32> = None;
    for &c in &core.buyers {
        let s = core.days_of(c);
        let le_b = s.partition_point(|&d| d <= to);
        if le_b == 0 {
            continue;
        }
        let lt_a = s.partition_point(|&d| d < a);
        let lt_look = s.partition_point(|&d| d < look);
        let n_in = le_b - lt_a;
        if n_in > 0 {
            customers += 1;
            cust_purch += n_in as u64;
            gross += core.totals_of(c)[lt_a..le_b].iter().sum::<i64>();
        }
        first_any = Some(first_any.map_or(s[0], |f| f.min(s[0])));
        rep_all_d += 1;
        rep_all_n += (le_b >= 2) as u64;
        let n_lb = le_b - lt_look;
        if n_lb >= 1 {
            rep_lb_d += 1;
            rep_lb_n += (n_lb >= 2) as u64;
        }
        if (to - s[le_b - 1]) as f64 > core.churn_days {
            churned += 1;
        }
        distinct_days(&s[..le_b], &mut dd);
        gaps.extend(
            dd.windows(2)
                .filter(|w| w[1] >= a)
                .map(|w| (w[1] - w[0]) as u32),
        );
    }
    let mut guests = 0u64;
    for &o in &core.guest_purch {
        let d = ds.ord_day[o as usize];
        if d >= a && d <= to {
            guests += 1;
            gross += ds.order_total_rep(o as usize);
            first_any = Some(first_any.map_or(d, |f| f.min(d)));
        }
    }
    let mut refunds = 0i64;
    for (k, &ri) in core.refunds.iter().enumerate() {
        let d = core.refund_dating_day[k];
        if d >= a && d <= to {
            refunds += ds.ref_rep[ri as usize];
        }
    }
    let purchases = cust_purch + guests;
    KpiValues {
        from: match from {
            Some(f) => Some(days::date_key(f)),
            None => first_any.map(days::date_key),
        },
        to: days::date_key(to),
        customers,
        purchases,
        guest_purchases: guests,
        net_revenue: (gross - refunds) as f64 / core.scale,
        average_order_value: ratio(gross as f64 / core.scale, purchases as f64),
        purchases_per_customer: ratio(cust_purch as f64, customers as f64),
        repeat_customer_rate_all_time: share(rep_all_n, rep_all_d),
        repeat_customer_rate_lookback: share(rep_lb_n, rep_lb_d),
        churn_rate: share(churned, rep_all_d),
        median_gap_days: stats::median_u32(&mut gaps),
    }
}

// ---------------------------------------------------------------- cohorts

struct PeriodOf {
    week: bool,
    base: i32,
    table: Vec<i32>,
}

impl PeriodOf {
    fn new(kind: CohortPeriod, from: i32, to: i32) -> Self {
        let week = kind == CohortPeriod::IsoWeek;
        let mut table = Vec::new();
        if !week && to >= from {
            table = (from..=to).map(days::month_index).collect();
        }
        PeriodOf {
            week,
            base: from,
            table,
        }
    }
    fn of(&self, day: i32) -> i32 {
        if self.week {
            return days::week_index(day);
        }
        let k = day - self.base;
        if k >= 0 && (k as usize) < self.table.len() {
            self.table[k as usize]
        } else {
            days::month_index(day)
        }
    }
    fn key(&self, period: i32) -> String {
        if self.week {
            days::week_key(period)
        } else {
            days::month_key(period)
        }
    }
}

fn cohort_rows(
    core: &Core,
    rb: &RefundsByBuyer,
    per: &PeriodOf,
    members: &[u32],
) -> Vec<CohortRow> {
    let asp = per.of(core.as_of);
    let mut acc: BTreeMap<i32, (u64, Vec<u64>, Vec<i64>)> = BTreeMap::new();
    for &b in members {
        let b = b as usize;
        let c = per.of(core.first_day[b]);
        let len = (asp - c + 1).max(1) as usize;
        let e = acc
            .entry(c)
            .or_insert_with(|| (0, vec![0; len], vec![0; len]));
        e.0 += 1;
        let mut last_k = -1i32;
        let cust = core.buyers[b];
        for (&d, &total) in core.days_of(cust).iter().zip(core.totals_of(cust)) {
            let k = per.of(d) - c;
            if k != last_k {
                e.1[k as usize] += 1;
                last_k = k;
            }
            e.2[k as usize] += total;
        }
        for &(d, amount, _) in rb.of(b) {
            let k = (per.of(d) - c).clamp(0, len as i32 - 1);
            e.2[k as usize] -= amount;
        }
    }
    acc.into_iter()
        .map(|(c, (size, active, rev))| {
            let mut cum = 0i64;
            CohortRow {
                cohort: per.key(c),
                customers: size,
                customer_retention: active.iter().map(|&a| a as f64 / size as f64).collect(),
                active_customers: active,
                net_revenue: rev.iter().map(|&r| r as f64 / core.scale).collect(),
                revenue_retention: rev
                    .iter()
                    .map(|&r| (rev[0] > 0).then(|| r as f64 / rev[0] as f64))
                    .collect(),
                cumulative_net_revenue_per_customer: rev
                    .iter()
                    .map(|&r| {
                        cum += r;
                        cum as f64 / core.scale / size as f64
                    })
                    .collect(),
            }
        })
        .collect()
}

fn first_line_sku(ds: &Dataset, o: u32) -> u32 {
    ds.lines_of(o as usize)
        .map(|l| ds.line_sku[l])
        .find(|&s| s != NONE)
        .unwrap_or(NONE)
}

fn first_line_category(ds: &Dataset, o: u32) -> u32 {
    ds.lines_of(o as usize)
        .map(|l| ds.line_category[l])
        .find(|&s| s != NONE)
        .unwrap_or(NONE)
}

fn label(names: &[String], id: u32) -> String {
    if id == NONE {
        "(unknown)".into()
    } else {
        names[id as usize].clone()
    }
}

/// Groups buyers by a label id; keeps groups with ≥ `min` members, largest first (then name),
/// at most `max`.
fn groups_by(labels: &[u32], names: &[String], min: u32, max: u32) -> Vec<(String, Vec<u32>)> {
    let mut by: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (b, &l) in labels.iter().enumerate() {
        by.entry(l).or_default().push(b as u32);
    }
    let mut v: Vec<(String, Vec<u32>)> = by
        .into_iter()
        .filter(|(_, m)| m.len() as u32 >= min.max(1))
        .map(|(l, m)| (label(names, l), m))
        .collect();
    v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    v.truncate(max as usize);
    v
}

fn first_country(ds: &Dataset, core: &Core, b: usize) -> u32 {
    let c = core.buyers[b];
    let first = core.purchases_of(c)[0] as usize;
    let ship = ds.ord_ship_country[first];
    if ship != NONE {
        ship
    } else {
        ds.cust_country[c as usize]
    }
}

fn cohorts(ds: &Dataset, core: &Core, p: &Params, rb: &RefundsByBuyer) -> Cohorts {
    let min_day = core.first_day.iter().copied().min().unwrap_or(core.as_of);
    let per = PeriodOf::new(p.cohort_period, min_day, core.as_of);
    let all: Vec<u32> = (0..core.buyers.len() as u32).collect();
    let rows = cohort_rows(core, rb, &per, &all);
    let st = &ds.strings;
    let split = |labels: Vec<u32>, names: &[String]| -> Vec<CohortGroup> {
        groups_by(
            &labels,
            names,
            p.cohort_split_min_customers,
            p.cohort_split_max_groups,
        )
        .into_iter()
        .map(|(group, members)| CohortGroup {
            group,
            customers: members.len() as u64,
            rows: cohort_rows(core, rb, &per, &members),
        })
        .collect()
    };
    let nb = core.buyers.len();
    let country: Vec<u32> = (0..nb).map(|b| first_country(ds, core, b)).collect();
    let product: Vec<u32> = (0..nb)
        .map(|b| first_line_sku(ds, core.purchases_of(core.buyers[b])[0]))
        .collect();
    let platform: Vec<u32> = (0..nb)
        .map(|b| ds.ord_platform[core.purchases_of(core.buyers[b])[0] as usize])
        .collect();
    Cohorts {
        period: match p.cohort_period {
            CohortPeriod::Month => "month".into(),
            CohortPeriod::IsoWeek => "iso_week".into(),
        },
        currency: ds.reporting_currency.clone(),
        rows,
        splits: CohortSplits {
            first_order_country: split(country, &st.countries.names),
            first_product: split(product, &st.skus.names),
            platform: split(platform, &st.platforms.names),
        },
    }
}

// ---------------------------------------------------------------- time to second purchase

/// Kaplan-Meier estimate over (duration, event) pairs: S(t) = Π_{t_j ≤ t} (1 − d_j / n_j);
/// subjects censored at t_j are still at risk at t_j (lifelines' convention).
pub(crate) fn kaplan_meier(mut obs: Vec<(u32, bool)>) -> Vec<KmPoint> {
    obs.sort_unstable();
    let mut at_risk = obs.len() as u64;
    let mut s = 1.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].0;
        let mut j = i;
        let mut events = 0u64;
        while j < obs.len() && obs[j].0 == t {
            events += obs[j].1 as u64;
            j += 1;
        }
        if events > 0 {
            s *= 1.0 - events as f64 / at_risk as f64;
            out.push(KmPoint {
                day: t,
                at_risk,
                events,
                survival: s,
            });
        }
        at_risk -= (j - i) as u64;
        i = j;
    }
    out
}

/// S(t) from KM steps; `None` when t is beyond the longest follow-up.
pub(crate) fn survival_at(curve: &[KmPoint], t: u32, max_follow_up: Option<u32>) -> Option<f64> {
    if max_follow_up.is_none_or(|m| t > m) {
        return None;
    }
    Some(
        curve
            .iter()
            .take_while(|pt| pt.day <= t)
            .last()
            .map_or(1.0, |pt| pt.survival),
    )
}

fn time_to_second(core: &Core) -> TimeToSecond {
    let mut obs = Vec::with_capacity(core.buyers.len());
    let mut lat: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut dd = Vec::new();
    for &c in &core.buyers {
        distinct_days(core.days_of(c), &mut dd);
        if dd.len() >= 2 {
            obs.push(((dd[1] - dd[0]) as u32, true));
        } else {
            obs.push(((core.as_of - dd[0]) as u32, false));
        }
        for (k, l) in lat.iter_mut().enumerate() {
            if dd.len() > k + 1 {
                l.push((dd[k + 1] - dd[k]) as u32);
            }
        }
    }
    let max_follow = obs.iter().map(|o| o.0).max();
    let events = obs.iter().filter(|o| o.1).count() as u64;
    let n = obs.len() as u64;
    let curve = kaplan_meier(obs);
    let median_days = curve.iter().find(|pt| pt.survival <= 0.5).map(|pt| pt.day);
    TimeToSecond {
        customers: n,
        second_purchases: events,
        censored: n - events,
        s30: survival_at(&curve, 30, max_follow),
        s90: survival_at(&curve, 90, max_follow),
        s180: survival_at(&curve, 180, max_follow),
        s365: survival_at(&curve, 365, max_follow),
        median_days,
        curve,
        latency: lat
            .iter_mut()
            .enumerate()
            .map(|(k, l)| Latency {
                from_purchase: k as u32 + 1,
                to_purchase: k as u32 + 2,
                customers: l.len() as u64,
                median_days: stats::median_u32(l),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- repurchase cycles

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Sku,
    Category,
}

/// Quantile with linear interpolation by selection (O(n), reorders `v`).
fn quantile_select(v: &mut [u32], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let h = (v.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut x_lo, right) = v.select_nth_unstable(lo);
    let x_hi = right.iter().copied().min().unwrap_or(x_lo);
    Some(x_lo as f64 + (h - lo as f64) * (x_hi as f64 - x_lo as f64))
}

fn item_col(ds: &Dataset, kind: ItemKind) -> (&[u32], &[String]) {
    match kind {
        ItemKind::Sku => (&ds.line_sku, &ds.strings.skus.names),
        ItemKind::Category => (&ds.line_category, &ds.strings.categories.names),
    }
}

/// One overdue (buyer, item): (buyer index, kind, item, last purchase day of the item, median).
type OverdueRaw = (u32, ItemKind, u32, i32, f64);

/// Largest gap histogram (items × days) kept; beyond it gaps are stored flat.
const MAX_HISTOGRAM_CELLS: usize = 1 << 22;

/// Number of gaps and p25 / median / p75 of one item.
type GapSummary = (u64, [Option<f64>; 3]);

/// The gaps of every item. A histogram of gap days per item when items × days is small (the
/// usual case for categories: each gap is one increment of a cache-resident counter, and
/// quantiles are a scan), else the gaps of each half of the buyers in a flat array grouped by
/// item (quantiles by selection over both halves). Both give the same quantiles.
enum GapStore {
    /// `counts[item * width + gap]`; cell 0 of each row (gap 0) is never read.
    Histogram {
        width: usize,
        counts: Vec<u32>,
    },
    Flat([FlatGaps; 2]),
}

/// The gaps of item `i`: `gaps[offsets[i]..offsets[i + 1]]`.
struct FlatGaps {
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
fn item_cycles(
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
struct Walked {
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
fn walk_items(
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
fn overdue_order(ds: &Dataset, as_of: i32, a: &OverdueRaw, b: &OverdueRaw) -> Ordering {
    let overdue_days = |r: &OverdueRaw| (as_of - r.3) as f64 - r.4;
    overdue_days(b)
        .total_cmp(&overdue_days(a))
        .then(a.0.cmp(&b.0))
        .then((a.1 == ItemKind::Category).cmp(&(b.1 == ItemKind::Category)))
        .then_with(|| item_name(ds, a).cmp(item_name(ds, b)))
}

fn item_name<'a>(ds: &'a Dataset, r: &OverdueRaw) -> &'a String {
    match r.1 {
        ItemKind::Sku => &ds.strings.skus.names[r.2 as usize],
        ItemKind::Category => &ds.strings.categories.names[r.2 as usize],
    }
}

/// Counts overdue rows and keeps the first `limit` in [`overdue_order`]. A store can have
/// millions of overdue (customer, item) pairs and shows a thousand: rows collect up to 2 × limit,
/// then the best `limit` are selected (O(n) overall, O(limit) memory), and a row worse than the
/// last one kept is dropped at once.
struct OverdueTop<'a> {
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
fn item_side<'a>(
    ds: &'a Dataset,
    core: &Core,
    p: &Params,
    kind: ItemKind,
) -> (Vec<ItemCycle>, OverdueTop<'a>) {
    let mut top = OverdueTop::new(ds, core, p.overdue_list_limit);
    let items = item_cycles(ds, core, p, kind, MAX_HISTOGRAM_CELLS, &mut top);
    (items, top)
}

fn repurchase<'a>(
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

// ---------------------------------------------------------------- churn

fn churn(ds: &Dataset, core: &Core, p: &Params, rb: &RefundsByBuyer) -> Churn {
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

// ---------------------------------------------------------------- per customer

fn customer_rows(ds: &Dataset, core: &Core) -> Vec<CustomerRow> {
    let mut out = Vec::new();
    for (c, lc) in core.lifecycle.iter().enumerate() {
        let Some(lc) = *lc else { continue };
        let b = core.buyer_of[c];
        let pid = ds.cust_platform_id[c].clone();
        if b == NONE {
            out.push(CustomerRow {
                customer: pid,
                lifecycle: lc,
                purchases: 0,
                first_purchase: None,
                last_purchase: None,
                recency_days: None,
                net_revenue: -(core.cust_refunds[c] as f64) / core.scale,
                monetary: None,
                r: None,
                f: None,
                m: None,
                segment: None,
                class8: None,
                tier: None,
            });
            continue;
        }
        let b = b as usize;
        out.push(CustomerRow {
            customer: pid,
            lifecycle: lc,
            purchases: core.freq[b] as u64,
            first_purchase: Some(days::date_key(core.first_day[b])),
            last_purchase: Some(days::date_key(core.last_day[b])),
            recency_days: Some(core.recency[b] as u32),
            net_revenue: core.net_minor[b] as f64 / core.scale,
            monetary: Some(core.monetary[b]),
            r: Some(core.r[b]),
            f: Some(core.f[b]),
            m: Some(core.m[b]),
            segment: Some(core.segment[b]),
            class8: Some(core.class8[b]),
            tier: Some(core.tier[b]),
        });
    }
    out
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
