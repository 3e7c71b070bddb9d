//! The shared first stage: which orders are purchases, the as-of date, per-customer RFM, scores,
//! segment maps, tiers, gaps and lifecycle. Everything else reads a [`Core`].

// Columnar code indexes several parallel columns by the same row number on purpose.
#![allow(clippy::needless_range_loop)]

use chrono::NaiveDate;

use crate::dataset::{Dataset, F_CANCELLED, F_NO_FX, F_TEST, NONE};
use crate::days;
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::output::{AsOf, DataSummary};
use crate::params::{ChurnRule, EightClassThreshold, MonetaryBasis, Params, RefundDating};
use crate::stats;

pub(crate) struct Core {
    pub as_of: i32,
    pub as_of_info: AsOf,
    pub summary: DataSummary,
    pub scale: f64,
    /// Purchases (order indices) of each customer, sorted by (day, created_at, index):
    /// `purch[cust_start[c]..cust_start[c + 1]]`.
    pub cust_start: Vec<u32>,
    pub purch: Vec<u32>,
    /// Aligned with `purch`: the order's day, total (reporting minor units) and rank (for its
    /// lines, `Dataset::lines_of_rank`). Copied once so the per-customer loops read memory in
    /// sequence instead of jumping to each order.
    pub pday: Vec<i32>,
    pub ptotal: Vec<i64>,
    pub prank: Vec<u32>,
    pub guest_purch: Vec<u32>,
    /// Counted refunds (indices into the refund columns) and the day each is dated on.
    pub refunds: Vec<u32>,
    pub refund_dating_day: Vec<i32>,
    /// Per customer (all customers): refunds in reporting minor units.
    pub cust_refunds: Vec<i64>,
    /// Customers with ≥ 1 purchase, ascending.
    pub buyers: Vec<u32>,
    /// Per buyer (same index as `buyers`):
    pub recency: Vec<i32>,
    pub freq: Vec<u32>,
    pub first_day: Vec<i32>,
    pub last_day: Vec<i32>,
    pub net_minor: Vec<i64>,
    /// Monetary in major units, per `params.monetary`.
    pub monetary: Vec<f64>,
    pub r: Vec<u8>,
    pub f: Vec<u8>,
    pub m: Vec<u8>,
    pub segment: Vec<Segment>,
    pub class8: Vec<Class8>,
    pub class8_thresholds: (Option<f64>, Option<f64>, Option<f64>),
    pub tier: Vec<Tier>,
    pub tier_sizes: [usize; 3],
    /// Per customer (all customers): `None` = no record and no purchase.
    pub lifecycle: Vec<Option<Lifecycle>>,
    /// All gaps (days), ascending.
    pub gaps: Vec<u32>,
    pub active_days: f64,
    pub churn_days: f64,
    /// Per customer: index in `buyers`, or NONE.
    pub buyer_of: Vec<u32>,
}

impl Core {
    /// Range of customer `c`'s purchases in `purch` / `pday` / `ptotal` / `prank`.
    pub fn range_of(&self, c: u32) -> std::ops::Range<usize> {
        self.cust_start[c as usize] as usize..self.cust_start[c as usize + 1] as usize
    }
    pub fn purchases_of(&self, c: u32) -> &[u32] {
        &self.purch[self.range_of(c)]
    }
    /// Purchase days of customer `c`, ascending.
    pub fn days_of(&self, c: u32) -> &[i32] {
        &self.pday[self.range_of(c)]
    }
    /// Purchase totals of customer `c`, in purchase order.
    pub fn totals_of(&self, c: u32) -> &[i64] {
        &self.ptotal[self.range_of(c)]
    }
}

fn today_in(ds: &Dataset) -> NaiveDate {
    let now = chrono::Utc::now().timestamp();
    ds.local_date(now)
}

/// Distinct days of a customer's ascending purchase days, into `out`.
pub(crate) fn distinct_days(days: &[i32], out: &mut Vec<i32>) {
    out.clear();
    for &d in days {
        if out.last() != Some(&d) {
            out.push(d);
        }
    }
}

pub(crate) fn churn_days_from(rule: ChurnRule, gaps_sorted: &[f64]) -> f64 {
    match rule {
        ChurnRule::Fixed { days } => days as f64,
        ChurnRule::Percentile {
            percentile,
            floor_days,
        } => {
            let p = stats::quantile_sorted(gaps_sorted, percentile).unwrap_or(0.0);
            p.max(floor_days as f64)
        }
    }
}

pub(crate) fn build(ds: &Dataset, p: &Params) -> Core {
    let n_cust = ds.customers();
    let n_ord = ds.orders();
    let scale = repeatlens_money::scale(&ds.reporting_currency);
    let mut summary = DataSummary {
        customer_records: ds.cust_has_record.iter().filter(|&&h| h).count() as u64,
        orders: n_ord as u64,
        purchases: 0,
        guest_purchases: 0,
        excluded_cancelled: 0,
        excluded_test: 0,
        excluded_non_positive: 0,
        excluded_no_fx_rate: 0,
        excluded_after_as_of: 0,
        refunds_counted: 0,
        refunds_ignored: 0,
        fx_missing: ds.fx_missing.clone(),
    };

    // 1. Eligible purchases (any date) and the newest purchase day.
    let mut eligible = vec![false; n_ord];
    let mut newest: Option<i32> = None;
    for o in 0..n_ord {
        let fl = ds.ord_flags[o];
        if fl & F_CANCELLED != 0 {
            summary.excluded_cancelled += 1;
        } else if fl & F_TEST != 0 {
            summary.excluded_test += 1;
        } else if fl & F_NO_FX != 0 {
            summary.excluded_no_fx_rate += 1;
        } else if ds.order_total_rep(o) <= 0 {
            summary.excluded_non_positive += 1;
        } else {
            eligible[o] = true;
            let d = ds.ord_day[o];
            newest = Some(newest.map_or(d, |n| n.max(d)));
        }
    }

    // 2. The as-of date.
    let as_of_info;
    let as_of = match p.as_of {
        Some(d) => {
            as_of_info = AsOf {
                date: String::new(),
                rule: "given".into(),
                newest_purchase: None,
                note: None,
            };
            days::day_number(d)
        }
        None => {
            let today = days::day_number(p.today.unwrap_or_else(|| today_in(ds)));
            match newest {
                Some(nw) if today - nw > p.stale_data_days as i32 => {
                    as_of_info = AsOf {
                        date: String::new(),
                        rule: "day_after_newest_purchase".into(),
                        newest_purchase: None,
                        note: Some(format!(
                            "the newest purchase is more than {} days before today ({}); the analysis is as of the day after it",
                            p.stale_data_days,
                            days::date_key(today)
                        )),
                    };
                    nw + 1
                }
                _ => {
                    as_of_info = AsOf {
                        date: String::new(),
                        rule: "today".into(),
                        newest_purchase: None,
                        note: None,
                    };
                    today
                }
            }
        }
    };
    let as_of_info = AsOf {
        date: days::date_key(as_of),
        newest_purchase: newest.map(days::date_key),
        ..as_of_info
    };

    // 3. Purchases up to the as-of date, grouped by customer and sorted by (day, created_at,
    // index): the dataset keeps every customer's orders in that order, so keep the eligible ones.
    let mut guest_purch = Vec::new();
    for o in 0..n_ord {
        if !eligible[o] {
            continue;
        }
        if ds.ord_day[o] > as_of {
            summary.excluded_after_as_of += 1;
            eligible[o] = false;
            continue;
        }
        summary.purchases += 1;
        if ds.ord_customer[o] == NONE {
            summary.guest_purchases += 1;
            guest_purch.push(o as u32);
        }
    }
    let n_purch = (summary.purchases - summary.guest_purchases) as usize;
    let mut cust_start = Vec::with_capacity(n_cust + 1);
    cust_start.push(0u32);
    let mut purch = Vec::with_capacity(n_purch);
    let (mut pday, mut ptotal, mut prank) = (
        Vec::with_capacity(n_purch),
        Vec::with_capacity(n_purch),
        Vec::with_capacity(n_purch),
    );
    for c in 0..n_cust {
        for r in ds.cust_order_start[c]..ds.cust_order_start[c + 1] {
            let o = ds.cust_orders[r as usize] as usize;
            if eligible[o] {
                purch.push(o as u32);
                pday.push(ds.ord_day[o]);
                ptotal.push(ds.order_total_rep(o));
                prank.push(r);
            }
        }
        cust_start.push(purch.len() as u32);
    }

    // 4. Refunds: counted when converted, dated on or before as-of, and (if tied to an order)
    // the order is a counted purchase.
    let mut refunds = Vec::new();
    let mut refund_dating_day = Vec::new();
    let mut cust_refunds = vec![0i64; n_cust];
    for i in 0..ds.refunds() {
        let ord = ds.ref_order[i];
        let ok =
            ds.ref_fx_ok[i] && ds.ref_day[i] <= as_of && (ord == NONE || eligible[ord as usize]);
        if !ok {
            summary.refunds_ignored += 1;
            continue;
        }
        summary.refunds_counted += 1;
        refunds.push(i as u32);
        let dd = match (p.refund_dating, ord) {
            (RefundDating::OrderDate, o) if o != NONE => ds.ord_day[o as usize],
            _ => ds.ref_day[i],
        };
        refund_dating_day.push(dd);
        let c = ds.ref_customer[i];
        if c != NONE {
            cust_refunds[c as usize] += ds.ref_rep[i];
        }
    }

    // 5. Per-buyer raw values and gaps.
    let mut buyers = Vec::new();
    let mut buyer_of = vec![NONE; n_cust];
    let (mut recency, mut freq, mut first_day, mut last_day, mut net_minor) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut gaps = Vec::new();
    let mut dd = Vec::new();
    for c in 0..n_cust {
        let range = cust_start[c] as usize..cust_start[c + 1] as usize;
        if range.is_empty() {
            continue;
        }
        buyer_of[c] = buyers.len() as u32;
        buyers.push(c as u32);
        let days = &pday[range.clone()];
        let fd = days[0];
        let ld = days[days.len() - 1];
        first_day.push(fd);
        last_day.push(ld);
        recency.push(as_of - ld);
        freq.push(days.len() as u32);
        let gross: i64 = ptotal[range].iter().sum();
        net_minor.push(gross - cust_refunds[c]);
        distinct_days(days, &mut dd);
        gaps.extend(dd.windows(2).map(|w| (w[1] - w[0]) as u32));
    }
    gaps.sort_unstable();
    let nb = buyers.len();
    let monetary: Vec<f64> = (0..nb)
        .map(|i| {
            let net = net_minor[i] as f64 / scale;
            match p.monetary {
                MonetaryBasis::NetRevenue => net,
                MonetaryBasis::AverageOrderValue => net / freq[i] as f64,
            }
        })
        .collect();

    // 6. Scores and the R×F map.
    let rec_f: Vec<f64> = recency.iter().map(|&v| v as f64).collect();
    let freq_f: Vec<f64> = freq.iter().map(|&v| v as f64).collect();
    let r = stats::midrank_scores(&rec_f, true);
    let f = stats::midrank_scores(&freq_f, false);
    let m = stats::midrank_scores(&monetary, false);
    let segment: Vec<Segment> = (0..nb).map(|i| Segment::from_rf(r[i], f[i])).collect();

    // 7. The 8-class map.
    let thr = |v: &[f64], fixed: f64| -> Option<f64> {
        match p.eight_class {
            EightClassThreshold::Mean => stats::mean(v),
            EightClassThreshold::Median => stats::quantile(v, 0.5),
            EightClassThreshold::Fixed { .. } => Some(fixed),
        }
    };
    let (fr, ff, fm) = match p.eight_class {
        EightClassThreshold::Fixed {
            recency_days,
            frequency,
            monetary,
        } => (recency_days, frequency, monetary),
        _ => (0.0, 0.0, 0.0),
    };
    let (tr, tf, tm) = (thr(&rec_f, fr), thr(&freq_f, ff), thr(&monetary, fm));
    let class8: Vec<Class8> = (0..nb)
        .map(|i| {
            Class8::from_hl(
                tr.is_some_and(|t| rec_f[i] < t),
                tf.is_some_and(|t| freq_f[i] > t),
                tm.is_some_and(|t| monetary[i] > t),
            )
        })
        .collect();

    // 8. Tiers: monetary descending, ties by customer index; sizes by rounding cumulative shares.
    let mut order: Vec<u32> = (0..nb as u32).collect();
    order.sort_by(|&a, &b| {
        monetary[b as usize]
            .total_cmp(&monetary[a as usize])
            .then(a.cmp(&b))
    });
    let n_top = ((p.tier_top_share.clamp(0.0, 1.0) * nb as f64).round() as usize).min(nb);
    let n_topmid = (((p.tier_top_share + p.tier_middle_share).clamp(0.0, 1.0) * nb as f64).round()
        as usize)
        .clamp(n_top, nb);
    let mut tier = vec![Tier::Bottom; nb];
    for (rank, &i) in order.iter().enumerate() {
        tier[i as usize] = if rank < n_top {
            Tier::Top
        } else if rank < n_topmid {
            Tier::Middle
        } else {
            Tier::Bottom
        };
    }
    let tier_sizes = [n_top, n_topmid - n_top, nb - n_topmid];

    // 9. Thresholds and lifecycle.
    let gaps_f: Vec<f64> = gaps.iter().map(|&g| g as f64).collect();
    let churn_days = churn_days_from(p.churn, &gaps_f);
    let active_days = stats::quantile_sorted(&gaps_f, p.active_percentile)
        .unwrap_or(churn_days)
        .min(churn_days);
    let mut lifecycle = vec![None; n_cust];
    for c in 0..n_cust {
        let b = buyer_of[c];
        lifecycle[c] = if b == NONE {
            ds.cust_has_record[c].then_some(Lifecycle::Prospect)
        } else {
            let b = b as usize;
            let rec = recency[b] as f64;
            Some(if rec > churn_days {
                Lifecycle::Churned
            } else if as_of - first_day[b] < p.new_customer_days as i32 {
                Lifecycle::New
            } else if rec <= active_days {
                Lifecycle::Active
            } else {
                Lifecycle::Dormant
            })
        };
    }

    Core {
        as_of,
        as_of_info,
        summary,
        scale,
        cust_start,
        purch,
        pday,
        ptotal,
        prank,
        guest_purch,
        refunds,
        refund_dating_day,
        cust_refunds,
        buyers,
        recency,
        freq,
        first_day,
        last_day,
        net_minor,
        monetary,
        r,
        f,
        m,
        segment,
        class8,
        class8_thresholds: (tr, tf, tm),
        tier,
        tier_sizes,
        lifecycle,
        gaps,
        active_days,
        churn_days,
        buyer_of,
    }
}
