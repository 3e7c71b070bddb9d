//! KPIs: orders, customers, revenue, AOV and repeat figures of the whole history and of the
//! comparison windows.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.

use super::*;

pub(super) fn kpis(ds: &Dataset, core: &Core, p: &Params) -> Kpis {
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

pub(super) fn kpi_values(
    ds: &Dataset,
    core: &Core,
    p: &Params,
    from: Option<i32>,
    to: i32,
) -> KpiValues {
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
