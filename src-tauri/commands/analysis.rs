//! Analysing a store and paging its customers. The last analysis is kept in [`AppState`] so
//! screens, charts, the customer table and exports all read the same numbers without
//! recomputing; it is replaced when the seller changes the store or a setting.

use std::sync::Arc;
use std::time::Instant;

use repeatlens_analytics::{Analysis, CustomerRow};
use tauri::{AppHandle, Manager, State};

use super::dto::{
    AnalysisSettings, AnalysisView, CustomerDetail, CustomerForecast, CustomerPage, CustomerQuery,
    CustomerSort, ITEM_ROWS,
};
use super::CommandResult;
use crate::AppState;

/// The analysis the screens show, with a cached customer order for the last table query.
pub struct Current {
    pub store_id: i64,
    pub settings: AnalysisSettings,
    pub analysis: Arc<Analysis>,
    /// The last customer query (without offset/limit) and the matching rows in order, so that
    /// scrolling fetches a page by slicing instead of filtering and sorting again.
    table: Option<(CustomerQuery, Vec<u32>)>,
    /// The models' predictions as of the analysis date, computed when a screen first needs
    /// them (None inside: nobody bought by then).
    predictions: Option<Arc<Option<repeatlens_engine::PredictionSet>>>,
}

fn settings_key(store_id: i64) -> String {
    format!("store:{store_id}")
}

/// The saved analysis settings of a store (defaults if none).
#[tauri::command]
pub fn get_analysis_settings(
    state: State<'_, AppState>,
    store_id: i64,
) -> CommandResult<AnalysisSettings> {
    let store = state.store.lock().map_err(|e| e.to_string())?;
    Ok(store
        .setting(&settings_key(store_id))
        .map_err(|e| e.to_string())?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Analyses a store with `settings` (saved for next time) and returns what the screens show.
#[tauri::command]
pub async fn analyze_store(
    app: AppHandle,
    store_id: i64,
    settings: AnalysisSettings,
) -> CommandResult<AnalysisView> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let started = Instant::now();
        let (analysis, view) = {
            let mut store = state.store.lock().map_err(|e| e.to_string())?;
            let json = serde_json::to_string(&settings).map_err(|e| e.to_string())?;
            store
                .set_setting(&settings_key(store_id), &json)
                .map_err(|e| e.to_string())?;
            let name = store.store_info(store_id).map_err(|e| e.to_string())?.name;
            let params = repeatlens_analytics::Params {
                include_customers: true,
                ..settings.params.clone()
            };
            let mut a = repeatlens_engine::analyze_store(
                &mut store,
                store_id,
                &params,
                settings.reporting_currency.as_deref(),
            )
            .map_err(|e| e.to_string())?;
            // The view leaves the customer rows out: set them aside instead of cloning them
            // (1.2 M rows at the largest stores).
            let customers = std::mem::take(&mut a.customers);
            let view = view_of(store_id, name, &settings, &a, started);
            a.customers = customers;
            (Arc::new(a), view)
        };
        *state.current.lock().map_err(|e| e.to_string())? = Some(Current {
            store_id,
            settings,
            analysis,
            table: None,
            predictions: None,
        });
        Ok(view)
    })
    .await
    .map_err(|e| e.to_string())?
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

/// One page of the customer table of the current analysis.
#[tauri::command]
pub fn customers_page(
    state: State<'_, AppState>,
    query: CustomerQuery,
) -> CommandResult<CustomerPage> {
    let mut current = state.current.lock().map_err(|e| e.to_string())?;
    let cur = current
        .as_mut()
        .ok_or("no store is analysed yet: open a store first")?;
    let key = CustomerQuery {
        offset: 0,
        limit: 0,
        ..query.clone()
    };
    if cur.table.as_ref().is_none_or(|(k, _)| *k != key) {
        let rows = ordered_rows(&cur.analysis, &key);
        cur.table = Some((key, rows));
    }
    let (_, rows) = cur.table.as_ref().expect("just filled");
    Ok(page(&cur.analysis, rows, query.offset, query.limit))
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

/// The customer 360 page of one customer of the current store.
#[tauri::command]
pub fn customer_detail(
    state: State<'_, AppState>,
    customer: String,
) -> CommandResult<CustomerDetail> {
    let (store_id, analysis, predictions) = current_predictions(&state)?;
    let store = state.store.lock().map_err(|e| e.to_string())?;
    let profile = store
        .customer_profile(store_id, &customer)
        .map_err(|e| e.to_string())?;
    let prediction = predictions.as_ref().as_ref().and_then(|set| {
        let p = &set.report.predictions;
        set.by_customer.get(&customer).map(|r| CustomerForecast {
            p_alive: r.p_alive,
            churn_risk: r.churn_risk,
            churn_band: r.churn_band.map(|b| {
                match b {
                    repeatlens_models::ChurnBand::Low => "low",
                    repeatlens_models::ChurnBand::Medium => "medium",
                    repeatlens_models::ChurnBand::High => "high",
                }
                .to_string()
            }),
            churn_method: match p.churn_method {
                repeatlens_models::ChurnMethod::Model => "model",
                repeatlens_models::ChurnMethod::Heuristic => "heuristic",
            }
            .to_string(),
            expected_purchases: r.expected_purchases,
            horizon_days: p.config.horizon_days,
            next_purchase: r.next_purchase.clone(),
            expected_order_value: r.expected_order_value,
            clv: r.clv,
            clv_months: p.config.clv_months,
            notes: p.notes.clone(),
        })
    });
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

/// The current analysis with the models' predictions as of its date, fitted on first use and
/// kept until the analysis changes. The dataset comes from the analysis cache, so this costs the
/// model fits, not a second read of the rows.
#[allow(clippy::type_complexity)]
pub fn current_predictions(
    state: &AppState,
) -> CommandResult<(
    i64,
    Arc<Analysis>,
    Arc<Option<repeatlens_engine::PredictionSet>>,
)> {
    let (store_id, analysis, cached) = {
        let current = state.current.lock().map_err(|e| e.to_string())?;
        let cur = current
            .as_ref()
            .ok_or("no store is analysed yet: open a store first")?;
        (cur.store_id, cur.analysis.clone(), cur.predictions.clone())
    };
    if let Some(p) = cached {
        return Ok((store_id, analysis, p));
    }
    let ds = {
        let mut store = state.store.lock().map_err(|e| e.to_string())?;
        repeatlens_engine::load_dataset(&mut store, store_id, Some(&analysis.currency))
            .map_err(|e| e.to_string())?
    };
    let as_of = chrono::NaiveDate::parse_from_str(&analysis.as_of.date, "%Y-%m-%d")
        .map_err(|e| e.to_string())?;
    let set = Arc::new(repeatlens_engine::prediction_set(
        &ds,
        repeatlens_analytics::days::day_number(as_of),
        &repeatlens_models::PredictConfig::default(),
    ));
    let mut current = state.current.lock().map_err(|e| e.to_string())?;
    if let Some(cur) = current
        .as_mut()
        .filter(|c| c.store_id == store_id && Arc::ptr_eq(&c.analysis, &analysis))
    {
        cur.predictions = Some(set.clone());
    }
    Ok((store_id, analysis, set))
}

/// The current analysis, for the other command modules.
pub fn current_analysis(state: &AppState) -> CommandResult<(i64, Arc<Analysis>)> {
    let current = state.current.lock().map_err(|e| e.to_string())?;
    let cur = current
        .as_ref()
        .ok_or("no store is analysed yet: open a store first")?;
    Ok((cur.store_id, cur.analysis.clone()))
}

/// Dates of the current store's saved segment snapshots, oldest first.
#[tauri::command]
pub fn snapshot_dates(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    let (store_id, _) = current_analysis(&state)?;
    let store = state.store.lock().map_err(|e| e.to_string())?;
    store.snapshot_dates(store_id).map_err(|e| e.to_string())
}

/// Records every customer's segments, tier and lifecycle as of the current analysis date (a
/// snapshot of that date is replaced), for the migration view and segment histories. Returns
/// the date.
#[tauri::command]
pub async fn save_snapshot(app: AppHandle) -> CommandResult<String> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (store_id, a) = current_analysis(&state)?;
        let mut store = state.store.lock().map_err(|e| e.to_string())?;
        let ds = repeatlens_engine::load_dataset(&mut store, store_id, Some(&a.currency))
            .map_err(|e| e.to_string())?;
        let params = repeatlens_analytics::Params {
            as_of: chrono::NaiveDate::parse_from_str(&a.as_of.date, "%Y-%m-%d").ok(),
            ..a.params.clone()
        };
        let snap = repeatlens_analytics::snapshot(&ds, &params);
        repeatlens_engine::save_snapshot(&mut store, store_id, &snap).map_err(|e| e.to_string())?;
        Ok(snap.as_of)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// How customers moved between segments (and 8-class, tier, lifecycle) from one snapshot date
/// to another.
#[tauri::command]
pub fn segment_migration(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<repeatlens_analytics::Migration> {
    let (store_id, _) = current_analysis(&state)?;
    let store = state.store.lock().map_err(|e| e.to_string())?;
    let a = repeatlens_engine::load_snapshot(&store, store_id, &from).map_err(|e| e.to_string())?;
    let b = repeatlens_engine::load_snapshot(&store, store_id, &to).map_err(|e| e.to_string())?;
    Ok(repeatlens_analytics::migration(&a, &b))
}
