//! One row per customer: the figures the customer table, filters and exports read.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.

use super::*;

pub(super) fn customer_rows(ds: &Dataset, core: &Core) -> Vec<CustomerRow> {
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
