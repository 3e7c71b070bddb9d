//! Everything computed from a [`Core`]: KPIs, segment tables, tiers, lifecycle, cohorts,
//! time to second purchase, repurchase cycles and the overdue list, churn.
//!
//! This file assembles the [`Analysis`] (and keeps the segment, tier and lifecycle tables, which
//! are a few lines each); every larger section is a module of its own so that each definition
//! can be read with its helpers and nothing else: [`kpis`], [`cohorts`], [`second_purchase`],
//! [`repurchase`], [`churn`], [`customers`]. The sections share this module's imports and
//! helpers (`use super::*`); nothing here is public outside the crate but what `lib.rs` uses.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::core::{distinct_days, Core};
use crate::dataset::{Dataset, F_DISCOUNT, NONE, NO_DAYS};
use crate::days;
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::output::*;
use crate::params::{ChurnRule, CohortPeriod, EightClassThreshold, MonetaryBasis, Params};
use crate::stats;

mod churn;
mod cohorts;
mod customers;
mod kpis;
mod repurchase;
mod second_purchase;

pub(crate) use self::second_purchase::kaplan_meier;
use self::{churn::*, cohorts::*, customers::*, kpis::*, repurchase::*, second_purchase::*};

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
