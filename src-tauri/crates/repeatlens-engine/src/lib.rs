//! The jobs the app and the CLI both run on a stored store, so they cannot drift apart:
//! load its rows into the analytics engine's columns ([`load_dataset`]), analyse
//! ([`analyze_store`]), and keep and compare segment snapshots.
//!
//! Why a crate of its own: `repeatlens-analytics` is pure (no SQL, no I/O) and
//! `repeatlens-store` knows nothing of analysis; this is the one place that joins them. Each row
//! is read once, in one pass per table, straight into the builder.
//!
//! Reading millions of rows through SQL takes seconds, so the built columns are saved in the
//! store's analysis cache (same SQLite file) and the next load reads them back with one copy per
//! column. The store drops the cache in the same transaction as any write that changes the
//! store's rows or the exchange rates, so a cache that exists is current; a cache that cannot be
//! read is rebuilt from the rows, never trusted.
#![warn(missing_docs)]

mod for_analysis;
mod insight;

use std::collections::HashMap;

use chrono::NaiveDate;
use repeatlens_analytics::{
    Analysis, CustomerIdx, CustomerInput, Dataset, DatasetBuilder, FxTable, LineInput, OrderIdx,
    OrderInput, Params, RefundInput, Snapshot,
};
use repeatlens_store::Store;

pub use for_analysis::{
    analysis_date, analysis_day, backtest_summary, insight_chart, predictions_for, InsightChart,
};
pub use insight::{
    add_sku_titles, backtest_holdout_days, baskets, item_level, prediction_set, product_insight,
    sequence_purchases, BacktestNote, BacktestReport, NamedRule, NamedSequenceRule,
    PredictedCustomer, PredictionReport, PredictionSet, ProductInsight, ProductInsightParams,
    MIN_BACKTEST_HISTORY_DAYS, REPORT_LIST_ROWS, RISK_BINS,
};

/// Why a job on a stored store failed (the app maps each variant to an error code).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The database could not be read or written.
    #[error(transparent)]
    Store(#[from] repeatlens_store::StoreError),
    /// The bundled ECB rates could not be read, or not written into the database.
    #[error(transparent)]
    Import(#[from] repeatlens_import::ImportError),
    /// The rows could not be turned into the analytics columns (a bad timezone, currency,
    /// exchange rate or analysis date); the reason.
    #[error("the analysis could not read the store: {0}")]
    Dataset(String),
    /// A stored snapshot's labels are not ones the analytics crate knows: its date (YYYY-MM-DD)
    /// and the reason.
    #[error("snapshot of {0} is not readable: {1}")]
    Snapshot(String, String),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] repeatlens_charts::ChartError),
    /// An item level other than `sku`/`item`/`product` or `category`: the name asked for.
    #[error("level '{0}': use sku or category")]
    BadLevel(String),
    /// No counted purchase on or before the analysis date: the models have nothing to fit.
    #[error("nobody has bought by the analysis date, so there is nothing to predict")]
    NoPurchases,
}

/// Where a dataset came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetSource {
    /// The analysis cache.
    Cache,
    /// The rows; the cache was then saved, or could not be (the reason: a read-only file, a
    /// full disk — the analysis goes on without it).
    Rows {
        /// Why the cache could not be saved; None when it was saved (or the rows changed
        /// meanwhile, so nothing was written).
        cache_error: Option<String>,
    },
}

/// Reads one store into the analytics engine's columns, converting money to
/// `reporting_currency` (default: the store's currency): from the analysis cache when it holds
/// this store in this currency, else from the rows (then saving the cache). When some order is
/// in another currency and the database has no exchange rates, the bundled ECB rates convert it.
///
/// For callers that own the database (the CLI, benchmarks); the app reads with
/// [`read_dataset`] on a shared connection and saves the cache on its writer.
pub fn load_dataset(
    store: &mut Store,
    store_id: i64,
    reporting_currency: Option<&str>,
) -> Result<Dataset, EngineError> {
    load_dataset_traced(store, store_id, reporting_currency).map(|(ds, _)| ds)
}

/// [`load_dataset`], also saying whether the cache was used.
pub fn load_dataset_traced(
    store: &mut Store,
    store_id: i64,
    reporting_currency: Option<&str>,
) -> Result<(Dataset, DatasetSource), EngineError> {
    let (ds, pending) = read_dataset(store, store_id, reporting_currency)?;
    let Some(pending) = pending else {
        return Ok((ds, DatasetSource::Cache));
    };
    let cache_error = pending.save(store, &ds).err().map(|e| e.to_string());
    Ok((ds, DatasetSource::Rows { cache_error }))
}

/// Reads one store's dataset without writing anything: the read path of [`load_dataset`], for
/// a connection that may be shared with screens while an import or a sync writes on another.
/// All reads happen in one read transaction (a consistent snapshot of the rows). Built from the
/// rows, it also returns the cache it would have saved: [`CacheWrite::save`] it later, on a
/// connection that may write.
pub fn read_dataset(
    store: &Store,
    store_id: i64,
    reporting_currency: Option<&str>,
) -> Result<(Dataset, Option<CacheWrite>), EngineError> {
    store.read_consistent(|store| {
        let reporting = match reporting_currency {
            Some(c) => c.to_string(),
            None => store.store_currency(store_id)?,
        };
        let key = cache_key(&reporting);
        if let Some(cache) = store.column_cache(store_id, &key)? {
            // Two connections of their own let the column reader's two threads read at once (a
            // connection cannot be shared between threads; cache rows never change, so any
            // connection reads the bytes that were listed, or fails and the rows are read).
            let first = Store::open(store.path())?;
            let second = Store::open(store.path()).ok().map(std::sync::Mutex::new);
            let source = CacheColumns {
                cache: &cache,
                first: std::sync::Mutex::new(first),
                second,
            };
            if let Ok(ds) = Dataset::from_columns(&source) {
                return Ok((ds, None));
            }
        }
        let generation = store.data_generation(store_id)?;
        let (ds, bundled_fx) = load_from_rows(store, store_id, &reporting)?;
        Ok((
            ds,
            Some(CacheWrite {
                store_id,
                generation,
                key,
                bundled_fx,
            }),
        ))
    })?
}

/// A cache [`read_dataset`] built but did not save: which store, which key, and the data
/// generation the rows were read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheWrite {
    store_id: i64,
    generation: i64,
    key: String,
    /// The money was converted with the bundled ECB rates (the database has none): saving
    /// writes them into the database instead of the cache.
    bundled_fx: bool,
}

impl CacheWrite {
    /// Saves `ds` (the dataset [`read_dataset`] returned with this) as the store's cache, unless
    /// the store's rows changed since they were read (then nothing is saved: a stale cache is
    /// never written). Returns whether it was saved.
    ///
    /// A dataset converted with the bundled rates (the database had none) first writes those
    /// rates into the database, which bumps every store's generation by one in its own
    /// transaction; the cache is then saved only at exactly that next generation (nothing else
    /// changed meanwhile). If the database got rates from elsewhere meanwhile, nothing is saved.
    pub fn save(&self, store: &mut Store, ds: &Dataset) -> Result<bool, EngineError> {
        let mut generation = self.generation;
        if self.bundled_fx {
            if !store.fx_rates()?.is_empty() {
                return Ok(false);
            }
            if repeatlens_bundled::load_ecb_rates(store)? > 0 {
                generation += 1;
            }
        }
        let columns = ds.to_columns();
        let parts: Vec<(&str, &[u8])> = columns.iter().map(|c| (c.name, &*c.bytes)).collect();
        let saved =
            store.save_column_cache_if_current(self.store_id, generation, &self.key, &parts)?;
        Ok(saved.is_some())
    }
}

/// The cache key: the column format and the reporting currency the money was converted to.
fn cache_key(reporting: &str) -> String {
    format!(
        "columns-v{}:{reporting}",
        repeatlens_analytics::COLUMNS_FORMAT
    )
}

/// The store's cached columns as the analytics crate's column source, read through whichever
/// of the connections is free.
struct CacheColumns<'a> {
    cache: &'a repeatlens_store::ColumnCache,
    first: std::sync::Mutex<Store>,
    second: Option<std::sync::Mutex<Store>>,
}

impl repeatlens_analytics::ColumnSource for CacheColumns<'_> {
    fn column_len(&self, name: &str) -> Result<Option<usize>, String> {
        Ok(self.cache.len(name))
    }
    fn read_column(&self, name: &str, out: &mut [u8]) -> Result<(), String> {
        let mut read = |s: &Store| {
            s.read_column(self.cache, name, out)
                .map_err(|e| e.to_string())
        };
        if let Some(second) = self.second.as_ref().and_then(|m| m.try_lock().ok()) {
            return read(&second);
        }
        let first = self.first.lock().map_err(|e| e.to_string())?;
        read(&first)
    }
}

/// Builds the dataset from the store's rows, one pass per table; also says whether the money
/// was converted with the bundled rates.
fn load_from_rows(
    store: &Store,
    store_id: i64,
    reporting: &str,
) -> Result<(Dataset, bool), EngineError> {
    let summary = store.store_info(store_id)?;
    let reporting = reporting.to_string();
    let bad = |e: repeatlens_analytics::DatasetError| EngineError::Dataset(e.to_string());
    let mut b = DatasetBuilder::new(&summary.timezone, &reporting).map_err(bad)?;
    // Lines are not counted first (that is a scan of its own); their vectors grow.
    b.reserve(summary.customers as usize, summary.orders as usize, 0);

    let mut currencies_differ = false;
    let mut customers: HashMap<i64, CustomerIdx> =
        HashMap::with_capacity(summary.customers as usize);
    store.scan_customers(store_id, |c| {
        let idx = b.push_customer(CustomerInput {
            platform_id: &c.platform_id,
            country: c.country.as_deref(),
            accepts_marketing: c.accepts_marketing,
            has_record: true,
        });
        customers.insert(c.id, idx);
    })?;

    let mut orders: HashMap<i64, OrderIdx> = HashMap::with_capacity(summary.orders as usize);
    let mut failed = None;
    store.scan_orders(store_id, |o| {
        if failed.is_some() {
            return;
        }
        currencies_differ |= o.currency != reporting;
        let pushed = b.push_order(OrderInput {
            customer: o.customer_id.and_then(|id| customers.get(&id).copied()),
            created_at: o.created_at,
            currency: o.currency,
            total_minor: o.total_minor,
            cancelled: o.cancelled_at.is_some(),
            test: o.is_test,
            ship_country: o.ship_country,
            has_discount_code: o.discount_codes.is_some_and(|d| !d.trim().is_empty()),
            fulfilled_at: o.fulfilled_at,
            delivered_at: o.delivered_at,
            platform: &summary.platform,
        });
        match pushed {
            Ok(idx) => {
                orders.insert(o.id, idx);
            }
            Err(e) => failed = Some(e),
        }
    })?;
    store.scan_lines(store_id, |l| {
        if failed.is_some() {
            return;
        }
        let Some(&order) = orders.get(&l.order_id) else {
            return;
        };
        if let Err(e) = b.push_line(LineInput {
            order,
            sku: l.sku,
            category: l.category,
        }) {
            failed = Some(e);
        }
    })?;
    store.scan_refunds(store_id, |r| {
        if failed.is_some() {
            return;
        }
        currencies_differ |= r.currency != reporting;
        if let Err(e) = b.push_refund(RefundInput {
            customer: r.customer_id.and_then(|id| customers.get(&id).copied()),
            order: r.order_id.and_then(|id| orders.get(&id).copied()),
            created_at: r.created_at,
            currency: &r.currency,
            amount_minor: r.amount_minor,
        }) {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(bad(e));
    }
    let mut bundled_fx = false;
    if currencies_differ {
        let (fx, bundled) = fx_table(store)?;
        b.set_fx(fx);
        bundled_fx = bundled;
    }
    Ok((b.finish(), bundled_fx))
}

/// The database's exchange rates; the bundled ECB history when it has none (read, not written:
/// reading a store never writes to it).
fn fx_table(store: &Store) -> Result<(FxTable, bool), EngineError> {
    let mut rates = store.fx_rates()?;
    let bundled = rates.is_empty();
    if bundled {
        rates = repeatlens_bundled::ecb_rates()?;
    }
    let mut fx = FxTable::new();
    for r in rates {
        let day = NaiveDate::parse_from_str(&r.day, "%Y-%m-%d")
            .map_err(|e| EngineError::Dataset(format!("exchange rate day '{}': {e}", r.day)))?;
        fx.insert(day, &r.currency, r.per_eur)
            .map_err(|e| EngineError::Dataset(e.to_string()))?;
    }
    Ok((fx, bundled))
}

/// Loads and analyses one store.
pub fn analyze_store(
    store: &mut Store,
    store_id: i64,
    params: &Params,
    reporting_currency: Option<&str>,
) -> Result<Analysis, EngineError> {
    let ds = load_dataset(store, store_id, reporting_currency)?;
    Ok(repeatlens_analytics::analyze(&ds, params))
}

/// Stores a snapshot (replacing one of the same date).
pub fn save_snapshot(
    store: &mut Store,
    store_id: i64,
    snapshot: &Snapshot,
) -> Result<usize, EngineError> {
    let rows: Vec<repeatlens_store::SnapshotRow> = snapshot
        .rows
        .iter()
        .map(|r| repeatlens_store::SnapshotRow {
            customer: r.customer.clone(),
            rf_segment: r.segment.map(|s| s.name().to_string()),
            cn_segment: r.class8.map(|c| c.name().to_string()),
            tier: r.tier.map(|t| t.name().to_string()),
            lifecycle: r.lifecycle.name().to_string(),
        })
        .collect();
    Ok(store.save_snapshot(store_id, &snapshot.as_of, &rows)?)
}

/// Reads a stored snapshot back.
pub fn load_snapshot(store: &Store, store_id: i64, as_of: &str) -> Result<Snapshot, EngineError> {
    let rows = store.snapshot(store_id, as_of)?;
    let broken = |e: serde_json::Error| EngineError::Snapshot(as_of.to_string(), e.to_string());
    let rows = rows
        .into_iter()
        .map(|r| {
            // The labels are stored by name; serde knows the names.
            serde_json::from_value(serde_json::json!({
                "customer": r.customer,
                "segment": r.rf_segment,
                "class8": r.cn_segment,
                "tier": r.tier,
                "lifecycle": r.lifecycle,
            }))
            .map_err(broken)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Snapshot {
        as_of: as_of.to_string(),
        rows,
    })
}

/// Purchases of known customers as the models' transactions (customer = dataset index, value in
/// major units of the reporting currency): the purchases the analysis counts.
pub fn model_transactions(ds: &Dataset) -> Vec<repeatlens_models::Transaction> {
    ds.purchase_rows()
        .into_iter()
        .filter_map(|p| {
            p.customer.map(|c| repeatlens_models::Transaction {
                customer: c,
                day: p.day,
                value: p.total,
            })
        })
        .collect()
}
