//! Analysing a store and paging its customers. Each analysis is kept under an id
//! ([`crate::state::Analyses`]); the screens pass the id back, so a page, a chart or an export is
//! always drawn from the analysis its view shows, never from a newer one.

use std::sync::Arc;
use std::time::Instant;

use repeatlens_analytics::{Analysis, CustomerRow};

use super::dto::{
    AnalysisSettings, AnalysisView, CustomerDetail, CustomerForecast, CustomerPage, CustomerQuery,
    CustomerSort, ITEM_ROWS,
};
use crate::error::AppError;
use crate::ipc::Ctx;

fn settings_key(store_id: i64) -> String {
    format!("store:{store_id}")
}

crate::ipc_commands! {
    /// The saved analysis settings of a store (defaults if none).
    fn get_analysis_settings(cx, store_id: i64) -> AnalysisSettings {
        Ok(cx
            .state
            .db
            .conn()?
            .setting(&settings_key(store_id))?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Analyses a store with `settings` (saved for next time) and returns what the screens show,
    /// with the id every later command about this analysis takes. Reads on a connection of its
    /// own and writes nothing itself: the settings and the column cache are saved by the
    /// background writer (after any import that is writing).
    fn analyze_store(cx, store_id: i64, settings: AnalysisSettings) -> AnalysisView {
        let started = Instant::now();
        let conn = cx.state.db.conn()?;
        let name = conn.store_info(store_id)?.name;
        let (ds, pending) = repeatlens_engine::read_dataset(
            &conn,
            store_id,
            settings.reporting_currency.as_deref(),
        )?;
        drop(conn);
        let params = repeatlens_analytics::Params {
            include_customers: true,
            ..settings.params.clone()
        };
        let mut a = repeatlens_analytics::analyze(&ds, &params);
        let ds = Arc::new(ds);
        save_later(cx, store_id, &settings, pending, &ds)?;
        // The view leaves the customer rows out: set them aside instead of cloning them
        // (1.2 M rows at the largest stores).
        let customers = std::mem::take(&mut a.customers);
        let mut view = view_of(store_id, name, &settings, &a, started);
        a.customers = customers;
        let entry = cx.state.analyses.insert(store_id, settings, Arc::new(a), ds);
        view.analysis_id = entry.id;
        Ok(view)
    }

    /// One page of an analysis' customer table.
    fn customers_page(cx, analysis_id: u64, query: CustomerQuery) -> CustomerPage {
        let entry = cx.state.analyses.get(analysis_id)?;
        let key = CustomerQuery {
            offset: 0,
            limit: 0,
            ..query.clone()
        };
        let rows = {
            let mut table = entry.table.lock().unwrap_or_else(|p| p.into_inner());
            match table.as_ref() {
                Some((k, rows)) if *k == key => rows.clone(),
                _ => {
                    let rows = Arc::new(ordered_rows(&entry.analysis, &key));
                    *table = Some((key, rows.clone()));
                    rows
                }
            }
        };
        Ok(page(&entry.analysis, &rows, query.offset, query.limit))
    }

    /// The customer 360 page of one customer of an analysis' store.
    fn customer_detail(cx, analysis_id: u64, customer: String) -> CustomerDetail {
        let entry = cx.state.analyses.get(analysis_id)?;
        let profile = cx.state.db.conn()?.customer_profile(entry.store_id, &customer)?;
        let predictions = entry.predictions()?;
        let prediction = predictions.as_ref().as_ref().and_then(|set| {
            let p = &set.report.predictions;
            set.by_customer.get(&customer).map(|r| CustomerForecast {
                p_alive: r.p_alive,
                churn_risk: r.churn_risk,
                churn_band: r.churn_band,
                churn_method: p.churn_method,
                expected_purchases: r.expected_purchases,
                horizon_days: p.config.horizon_days,
                next_purchase: r.next_purchase.clone(),
                expected_order_value: r.expected_order_value,
                clv: r.clv,
                clv_months: p.config.clv_months,
                notes: p.notes.clone(),
            })
        });
        let analysis = &entry.analysis;
        Ok(CustomerDetail {
            row: analysis
                .customers
                .iter()
                .find(|c| c.customer == customer)
                .cloned(),
            profile,
            currency: analysis.currency.clone(),
            timezone: analysis.timezone.clone(),
            prediction,
        })
    }

    /// Dates of a store's saved segment snapshots, oldest first.
    fn snapshot_dates(cx, store_id: i64) -> Vec<String> {
        Ok(cx.state.db.conn()?.snapshot_dates(store_id)?)
    }

    /// Records every customer's segments, tier and lifecycle as of an analysis' date (a
    /// snapshot of that date is replaced), for the migration view and segment histories.
    /// Returns the date.
    fn save_snapshot(cx, analysis_id: u64) -> String {
        let entry = cx.state.analyses.get(analysis_id)?;
        let a = &entry.analysis;
        let params = repeatlens_analytics::Params {
            as_of: Some(repeatlens_engine::analysis_date(a)?),
            ..a.params.clone()
        };
        let snap = repeatlens_analytics::snapshot(&entry.dataset, &params);
        let mut store = cx.state.db.conn()?;
        repeatlens_engine::save_snapshot(&mut store, entry.store_id, &snap)?;
        Ok(snap.as_of)
    }

    /// How a store's customers moved between segments (and 8-class, tier, lifecycle) from one
    /// snapshot date to another.
    fn segment_migration(
        cx,
        store_id: i64,
        from: String,
        to: String,
    ) -> repeatlens_analytics::Migration {
        let store = cx.state.db.conn()?;
        let a = repeatlens_engine::load_snapshot(&store, store_id, &from)?;
        let b = repeatlens_engine::load_snapshot(&store, store_id, &to)?;
        Ok(repeatlens_analytics::migration(&a, &b))
    }
}

/// Queues the writes an analysis leaves: its settings, and the column cache it built (if the
/// rows have not changed meanwhile).
fn save_later(
    cx: &Ctx<'_>,
    store_id: i64,
    settings: &AnalysisSettings,
    pending: Option<repeatlens_engine::CacheWrite>,
    ds: &Arc<repeatlens_analytics::Dataset>,
) -> Result<(), AppError> {
    let json = serde_json::to_string(settings).map_err(AppError::internal)?;
    cx.state.db.write_later(move |store| {
        store.set_setting(&settings_key(store_id), &json)?;
        Ok(())
    });
    if let Some(pending) = pending {
        let ds = ds.clone();
        cx.state.db.write_later(move |store| {
            pending.save(store, &ds)?;
            Ok(())
        });
    }
    Ok(())
}

fn view_of(
    store_id: i64,
    store_name: String,
    settings: &AnalysisSettings,
    a: &Analysis,
    started: Instant,
) -> AnalysisView {
    // `a` comes without its customer rows (see `analyze_store`).
    let mut analysis = a.clone();
    let skus_total = analysis.repurchase.skus.len() as u64;
    let categories_total = analysis.repurchase.categories.len() as u64;
    analysis.repurchase.skus.truncate(ITEM_ROWS);
    analysis.repurchase.categories.truncate(ITEM_ROWS);
    AnalysisView {
        analysis_id: 0,
        store_id,
        store_name,
        settings: settings.clone(),
        analysis,
        skus_total,
        categories_total,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Whether a customer row passes the query's filters.
fn matches(q: &CustomerQuery, needle: &str, c: &CustomerRow) -> bool {
    (needle.is_empty() || c.customer.to_lowercase().contains(needle))
        && q.segment.is_none_or(|s| c.segment == Some(s))
        && q.class8.is_none_or(|s| c.class8 == Some(s))
        && q.tier.is_none_or(|t| c.tier == Some(t))
        && q.lifecycle.is_none_or(|l| c.lifecycle == l)
        && q.rf_cell
            .is_none_or(|(r, f)| c.r == Some(r) && c.f == Some(f))
}

/// The rows of `a` matching `q`, in the query's order (ties by customer id, so pages are
/// stable).
pub fn ordered_rows(a: &Analysis, q: &CustomerQuery) -> Vec<u32> {
    let needle = q.search.trim().to_lowercase();
    let mut idx: Vec<u32> = a
        .customers
        .iter()
        .enumerate()
        .filter(|(_, c)| matches(q, &needle, c))
        .map(|(i, _)| i as u32)
        .collect();
    // Each row's sort value as an order-preserving integer, so the sort compares integers and
    // only compares customer ids on ties (1.2 M rows: a few hundred ms instead of seconds).
    let rows = &a.customers;
    let value = |c: &CustomerRow| -> u64 {
        // f64 → u64 with the same order (sign bit flipped for positives, all bits for negatives).
        let money = |v: f64| {
            let b = v.to_bits();
            if b >> 63 == 0 {
                b | 1 << 63
            } else {
                !b
            }
        };
        // Dates "YYYY-MM-DD" → YYYYMMDD; no date sorts first.
        let date = |d: &Option<String>| {
            d.as_deref().map_or(0, |d| {
                d.bytes()
                    .filter(u8::is_ascii_digit)
                    .fold(0u64, |n, b| n * 10 + (b - b'0') as u64)
            })
        };
        match q.sort {
            CustomerSort::NetRevenue => money(c.net_revenue),
            CustomerSort::Purchases => c.purchases,
            // Customers without a purchase have no recency: they sort as the longest.
            CustomerSort::Recency => c.recency_days.map_or(u64::MAX, u64::from),
            CustomerSort::LastPurchase => date(&c.last_purchase),
            CustomerSort::FirstPurchase => date(&c.first_purchase),
            CustomerSort::Customer => 0,
        }
    };
    let mut keyed: Vec<(u64, u32)> = idx
        .iter()
        .map(|&i| {
            let v = value(&rows[i as usize]);
            (if q.descending { !v } else { v }, i)
        })
        .collect();
    keyed.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0).then_with(|| {
            rows[x.1 as usize]
                .customer
                .cmp(&rows[y.1 as usize].customer)
        })
    });
    idx.clear();
    idx.extend(keyed.into_iter().map(|(_, i)| i));
    idx
}

/// Rows `offset..offset + limit` (at most 1,000) of an ordered customer list.
pub fn page(a: &Analysis, rows: &[u32], offset: u32, limit: u32) -> CustomerPage {
    let start = (offset as usize).min(rows.len());
    let end = (start + limit.min(1000) as usize).min(rows.len());
    CustomerPage {
        total: rows.len() as u64,
        offset: start as u32,
        rows: rows[start..end]
            .iter()
            .map(|&i| a.customers[i as usize].clone())
            .collect(),
    }
}
