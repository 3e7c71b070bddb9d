//! Cohorts: customers grouped by their first purchase period (and by first SKU, category or
//! country), with retention, revenue retention and cumulative value per period.
//!
//! Part of [`super`]'s assembly of an [`Analysis`]; split out of one long file by its sections.

use super::*;

pub(super) struct PeriodOf {
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

pub(super) fn cohort_rows(
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

pub(super) fn first_line_sku(ds: &Dataset, o: u32) -> u32 {
    ds.lines_of(o as usize)
        .map(|l| ds.line_sku[l])
        .find(|&s| s != NONE)
        .unwrap_or(NONE)
}

pub(super) fn first_line_category(ds: &Dataset, o: u32) -> u32 {
    ds.lines_of(o as usize)
        .map(|l| ds.line_category[l])
        .find(|&s| s != NONE)
        .unwrap_or(NONE)
}

pub(super) fn label(names: &[String], id: u32) -> String {
    if id == NONE {
        "(unknown)".into()
    } else {
        names[id as usize].clone()
    }
}

/// Groups buyers by a label id; keeps groups with ≥ `min` members, largest first (then name),
/// at most `max`.
pub(super) fn groups_by(
    labels: &[u32],
    names: &[String],
    min: u32,
    max: u32,
) -> Vec<(String, Vec<u32>)> {
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

pub(super) fn first_country(ds: &Dataset, core: &Core, b: usize) -> u32 {
    let c = core.buyers[b];
    let first = core.purchases_of(c)[0] as usize;
    let ship = ds.ord_ship_country[first];
    if ship != NONE {
        ship
    } else {
        ds.cust_country[c as usize]
    }
}

pub(super) fn cohorts(ds: &Dataset, core: &Core, p: &Params, rb: &RefundsByBuyer) -> Cohorts {
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
