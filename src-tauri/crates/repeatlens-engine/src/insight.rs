//! The models and rules of `repeatlens-models` on a loaded store, turned into what a screen or a
//! script shows: platform customer ids, dates and product names instead of indexes and day
//! numbers, summary distributions, ranked lists, and a backtest whose calibration window is
//! chosen for the seller.
//!
//! Why here: the app and the CLI must pick the same purchases (the analysis' counted purchases),
//! the same backtest window and the same baskets, and neither the pure models crate nor the
//! analytics crate may know about the other.

use std::collections::HashMap;

use repeatlens_analytics::{days, Dataset, FirstProducts, ItemLevel};
use repeatlens_models as models;
use serde::{Deserialize, Serialize};

/// Customers listed per ranked list of a [`PredictionReport`].
pub const REPORT_LIST_ROWS: usize = 100;
/// Bins of the churn-risk histogram (tenths).
pub const RISK_BINS: usize = 10;
/// A backtest needs at least this much history before the as-of day.
pub const MIN_BACKTEST_HISTORY_DAYS: i32 = 120;
/// The holdout is a third of the history, between these bounds.
pub const MIN_HOLDOUT_DAYS: i32 = 30;
pub const MAX_HOLDOUT_DAYS: i32 = 182;

/// One customer's predictions, by platform id and date.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedCustomer {
    /// The platform's customer id (or normalized email where the source has no ids).
    pub customer: String,
    /// Repeat purchase days (same-day purchases collapse).
    pub frequency: u32,
    /// Days from the last purchase day to the as-of day.
    pub days_since_last: i32,
    /// BG/NBD chance the customer is still active; None without a usable model.
    pub p_alive: Option<f64>,
    /// Chance the customer has left, 0 to 1 (1 − P(alive), or the heuristic).
    pub churn_risk: Option<f64>,
    /// `churn_risk` in low/medium/high bands.
    pub churn_band: Option<models::ChurnBand>,
    /// Expected purchases in the next `horizon_days` of the models' configuration.
    pub expected_purchases: Option<f64>,
    /// YYYY-MM-DD; None when not expected within the next-purchase horizon.
    pub next_purchase: Option<String>,
    /// Expected value of a future order, in major units of the reporting currency.
    pub expected_order_value: Option<f64>,
    /// Discounted value of the next `clv_months` months (customer lifetime value), in major
    /// units of the reporting currency; None without the BG/NBD.
    pub clv: Option<f64>,
}

/// The backtest with its dates.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    /// Last day the calibration fit sees, YYYY-MM-DD.
    pub calibration_end: String,
    /// Length of the holdout after `calibration_end`, up to the as-of day.
    pub holdout_days: i32,
    /// Predicted against actual purchases in the holdout.
    pub result: models::Backtest,
}

/// Everything the Predictions screen shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictionReport {
    /// YYYY-MM-DD.
    pub as_of: String,
    /// Reporting currency (ISO 4217) of every money figure.
    pub currency: String,
    /// The fits, methods, notes and totals (`rows` left empty: see the lists).
    pub predictions: models::Predictions,
    /// Customers by churn risk in tenths: [0, 0.1), [0.1, 0.2), …, [0.9, 1].
    pub risk_histogram: Vec<u64>,
    /// CLV at the 10th, 20th, …, 90th percentile of customers with a CLV (empty without CLV).
    pub clv_deciles: Vec<f64>,
    /// Highest CLV first.
    pub top_clv: Vec<PredictedCustomer>,
    /// High churn risk, highest CLV (or expected order value without CLV) first: the valuable
    /// customers about to leave.
    pub valuable_at_risk: Vec<PredictedCustomer>,
    /// Customers in the high band in total.
    pub valuable_at_risk_total: u64,
    /// How well a fit on the earlier history predicted the latest days; None with a note.
    pub backtest: Option<BacktestReport>,
    /// Why there is no backtest (or why it failed).
    pub backtest_note: Option<BacktestNote>,
}

/// Why a [`PredictionReport`] has no backtest: a code with its numbers, so that each screen says
/// it in its own language ([`BacktestNote::english`] for scripts).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum BacktestNote {
    /// The purchases span `history_days`; a backtest needs `required_days`
    /// ([`MIN_BACKTEST_HISTORY_DAYS`]) so that a holdout can follow the calibration window.
    ShortHistory {
        /// Days from the first purchase to the as-of day.
        history_days: i32,
        /// Days of history a backtest needs.
        required_days: i32,
    },
    /// The calibration fit on the purchases up to `calibration_end` (YYYY-MM-DD) failed; `error`
    /// is the model's own message.
    FitFailed {
        /// Last day the calibration fit saw, YYYY-MM-DD.
        calibration_end: String,
        /// The model's message.
        error: String,
    },
}

impl BacktestNote {
    /// The note as an English sentence.
    pub fn english(&self) -> String {
        match self {
            BacktestNote::ShortHistory {
                history_days,
                required_days,
            } => format!(
                "The store's purchases span {history_days} days; a backtest needs at least \
                 {required_days} so that a holdout can follow the calibration window."
            ),
            BacktestNote::FitFailed {
                calibration_end,
                error,
            } => format!(
                "The backtest could not fit the model on the purchases up to {calibration_end}: \
                 {error}."
            ),
        }
    }
}

impl std::fmt::Display for BacktestNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// The models' output with rows by platform id, for the customer page and exports.
pub struct PredictionSet {
    /// What the Predictions screen shows.
    pub report: PredictionReport,
    /// Every predicted customer, by platform id (not only the ranked lists' rows).
    pub by_customer: HashMap<String, PredictedCustomer>,
}

fn customer_row(ds: &Dataset, r: &models::CustomerPrediction) -> PredictedCustomer {
    PredictedCustomer {
        customer: ds.customer_platform_id(r.customer).to_string(),
        frequency: r.frequency,
        days_since_last: r.days_since_last,
        p_alive: r.p_alive,
        churn_risk: r.churn_risk,
        churn_band: r.churn_band,
        expected_purchases: r.expected_purchases,
        next_purchase: r.next_purchase_day.map(days::date_key),
        expected_order_value: r.expected_order_value,
        clv: r.clv,
    }
}

/// The holdout a backtest uses as of `as_of` for purchases from `first_day`: a third of the
/// history, 30 to 182 days; None below [`MIN_BACKTEST_HISTORY_DAYS`].
pub fn backtest_holdout_days(first_day: i32, as_of: i32) -> Option<i32> {
    let history = as_of - first_day;
    (history >= MIN_BACKTEST_HISTORY_DAYS)
        .then(|| (history / 3).clamp(MIN_HOLDOUT_DAYS, MAX_HOLDOUT_DAYS))
}

/// Fits the models on the store's purchases up to `as_of` (a day number) and backtests them;
/// None when nobody bought by then.
pub fn prediction_set(
    ds: &Dataset,
    as_of: i32,
    cfg: &models::PredictConfig,
) -> Option<PredictionSet> {
    let tx: Vec<models::Transaction> = crate::model_transactions(ds)
        .into_iter()
        .filter(|t| t.day <= as_of)
        .collect();
    let summaries = models::summarize(&tx, as_of, models::TimeUnit::Days);
    if summaries.customers.is_empty() {
        return None;
    }
    let mut p = models::predict(&summaries, cfg);
    let rows = std::mem::take(&mut p.rows);

    let mut risk_histogram = vec![0u64; RISK_BINS];
    for r in rows.iter().filter_map(|r| r.churn_risk) {
        let bin = ((r * RISK_BINS as f64).floor() as usize).min(RISK_BINS - 1);
        risk_histogram[bin] += 1;
    }
    let mut clvs: Vec<f64> = rows.iter().filter_map(|r| r.clv).collect();
    clvs.sort_unstable_by(f64::total_cmp);
    let clv_deciles = if clvs.is_empty() {
        Vec::new()
    } else {
        (1..10)
            .filter_map(|k| repeatlens_analytics::stats::quantile_sorted(&clvs, k as f64 / 10.0))
            .collect()
    };
    let value = |r: &models::CustomerPrediction| r.clv.or(r.expected_order_value).unwrap_or(0.0);
    let by_value_desc = |a: &&models::CustomerPrediction, b: &&models::CustomerPrediction| {
        value(b)
            .total_cmp(&value(a))
            .then_with(|| a.customer.cmp(&b.customer))
    };
    let mut top: Vec<&models::CustomerPrediction> =
        rows.iter().filter(|r| r.clv.is_some()).collect();
    top.sort_by(by_value_desc);
    let mut at_risk: Vec<&models::CustomerPrediction> = rows
        .iter()
        .filter(|r| r.churn_band == Some(models::ChurnBand::High))
        .collect();
    let valuable_at_risk_total = at_risk.len() as u64;
    at_risk.sort_by(by_value_desc);

    let first_day = tx.iter().map(|t| t.day).min().unwrap_or(as_of);
    let (backtest, backtest_note) = match backtest_holdout_days(first_day, as_of) {
        None => (
            None,
            Some(BacktestNote::ShortHistory {
                history_days: as_of - first_day,
                required_days: MIN_BACKTEST_HISTORY_DAYS,
            }),
        ),
        Some(h) => {
            let cal = as_of - h;
            match models::backtest(&tx, cal, as_of, models::TimeUnit::Days) {
                Ok(result) => (
                    Some(BacktestReport {
                        calibration_end: days::date_key(cal),
                        holdout_days: h,
                        result,
                    }),
                    None,
                ),
                Err(e) => (
                    None,
                    Some(BacktestNote::FitFailed {
                        calibration_end: days::date_key(cal),
                        error: e.to_string(),
                    }),
                ),
            }
        }
    };
    let report = PredictionReport {
        as_of: days::date_key(as_of),
        currency: ds.reporting_currency().to_string(),
        predictions: p,
        risk_histogram,
        clv_deciles,
        top_clv: top
            .iter()
            .take(REPORT_LIST_ROWS)
            .map(|r| customer_row(ds, r))
            .collect(),
        valuable_at_risk: at_risk
            .iter()
            .take(REPORT_LIST_ROWS)
            .map(|r| customer_row(ds, r))
            .collect(),
        valuable_at_risk_total,
        backtest,
        backtest_note,
    };
    let by_customer = rows
        .iter()
        .map(|r| {
            let row = customer_row(ds, r);
            (row.customer.clone(), row)
        })
        .collect();
    Some(PredictionSet {
        report,
        by_customer,
    })
}

/// What the Products screen asks for.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInsightParams {
    /// "sku" or "category".
    pub level: ItemLevel,
    /// Minimum share of baskets (basket rules) or customers (sequential rules) supporting a
    /// rule (default 0.01).
    pub min_support: f64,
    /// Minimum confidence of a rule, basket or sequential (default 0.2).
    pub min_confidence: f64,
    /// Sequential rules: B within this many days after A.
    pub within_days: u32,
    /// Rows per table.
    pub limit: usize,
}

impl Default for ProductInsightParams {
    fn default() -> Self {
        ProductInsightParams {
            level: ItemLevel::Sku,
            min_support: 0.01,
            min_confidence: 0.2,
            within_days: 60,
            limit: 50,
        }
    }
}

/// A basket rule with item names.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedRule {
    /// The items in the basket (X), by name.
    pub antecedent: Vec<String>,
    /// The item also bought (Y), by name.
    pub consequent: Vec<String>,
    /// Orders holding every item of the rule.
    pub orders: u64,
    /// Share of baskets holding X ∪ Y.
    pub support: f64,
    /// Share of baskets with X that also hold Y.
    pub confidence: f64,
    /// Confidence ÷ share of baskets with Y: above 1, X makes Y likelier.
    pub lift: f64,
    /// supp(X ∪ Y) − supp(X)·supp(Y).
    pub leverage: f64,
    /// None when infinite (confidence 1).
    pub conviction: Option<f64>,
}

/// A sequential rule with item names.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedSequenceRule {
    /// A, the item bought first, by name.
    pub antecedent: String,
    /// B, bought 1 to `within_days` days after A, by name.
    pub consequent: String,
    /// Customers who bought B 1 to `within_days` days after A.
    pub customers: u64,
    /// Supporting customers ÷ all customers with a purchase of the level.
    pub support: f64,
    /// Supporting customers ÷ customers who ever bought A.
    pub confidence: f64,
    /// Confidence ÷ share of customers who ever bought B.
    pub lift: f64,
}

/// Everything the Products screen shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductInsight {
    /// The parameters used.
    pub params: ProductInsightParams,
    /// Orders with at least one item of the level.
    pub baskets: u64,
    /// Basket rules by lift (single-item consequents), at most `limit`.
    pub basket_rules: Vec<NamedRule>,
    /// Basket rules found, before the `limit`.
    pub basket_rules_total: u64,
    /// Why there are no basket rules, when the search could not run.
    pub basket_note: Option<String>,
    /// Customers with a purchase of the level.
    pub sequence_customers: u64,
    /// Sequential rules by lift, at most `limit`.
    pub sequence_rules: Vec<NamedSequenceRule>,
    /// Sequential rules found, before the `limit`.
    pub sequence_rules_total: u64,
    /// Why there are no sequential rules, when the search could not run.
    pub sequence_note: Option<String>,
    /// The items customers start with, how often those starters come back, and the common
    /// first → second item paths.
    pub first_products: FirstProducts,
    /// SKU level: the most common product title of each SKU shown (SKUs are codes such as
    /// "85123A"); empty at category level. See [`add_sku_titles`].
    pub item_titles: std::collections::BTreeMap<String, String>,
}

/// Fills [`ProductInsight::item_titles`] from the store's order lines.
pub fn add_sku_titles(
    store: &repeatlens_store::Store,
    store_id: i64,
    insight: &mut ProductInsight,
) -> Result<(), repeatlens_store::StoreError> {
    if insight.params.level != ItemLevel::Sku {
        return Ok(());
    }
    let mut names: Vec<&str> = Vec::new();
    for r in &insight.basket_rules {
        names.extend(r.antecedent.iter().chain(&r.consequent).map(String::as_str));
    }
    for r in &insight.sequence_rules {
        names.extend([r.antecedent.as_str(), r.consequent.as_str()]);
    }
    let f = &insight.first_products;
    names.extend(f.items.iter().map(|r| r.item.as_str()));
    for p in &f.paths {
        names.extend([p.first.as_str(), p.second.as_str()]);
    }
    names.sort_unstable();
    names.dedup();
    let titles = store.sku_titles(store_id, &names)?;
    insight.item_titles = titles.into_iter().collect();
    Ok(())
}

/// The level named `sku`/`item`/`product` or `category`.
pub fn item_level(name: &str) -> Result<ItemLevel, crate::EngineError> {
    match name {
        "sku" | "item" | "product" => Ok(ItemLevel::Sku),
        "category" => Ok(ItemLevel::Category),
        other => Err(crate::EngineError::BadLevel(other.to_string())),
    }
}

/// Every counted order's distinct items of a level (orders without any are left out).
pub fn baskets(ds: &Dataset, level: ItemLevel) -> Vec<Vec<u32>> {
    ds.purchase_rows()
        .iter()
        .filter_map(|p| {
            let mut items: Vec<u32> = ds.order_items(p.order, level).collect();
            items.sort_unstable();
            items.dedup();
            (!items.is_empty()).then_some(items)
        })
        .collect()
}

/// Known customers' purchases of a level's items, for sequential rules.
pub fn sequence_purchases(ds: &Dataset, level: ItemLevel) -> Vec<models::Purchase> {
    let mut out = Vec::new();
    for p in ds.purchase_rows() {
        if let Some(c) = p.customer {
            out.extend(ds.order_items(p.order, level).map(|item| models::Purchase {
                customer: c,
                day: p.day,
                item,
            }));
        }
    }
    out
}

/// Basket rules, sequential rules and the first-product analysis of a store as of `as_of`.
pub fn product_insight(ds: &Dataset, as_of: i32, params: &ProductInsightParams) -> ProductInsight {
    let level = params.level;
    let name = |id: u32| ds.item_name(level, id).to_string();
    let baskets = baskets(ds, level);
    let basket_opts = models::BasketOptions {
        min_support: params.min_support,
        min_confidence: params.min_confidence,
        ..Default::default()
    };
    let (basket_rules, basket_rules_total, basket_note) =
        match models::basket_rules(&baskets, &basket_opts) {
            Ok(r) => (
                r.rules
                    .iter()
                    .take(params.limit)
                    .map(|x| NamedRule {
                        antecedent: x.antecedent.iter().map(|&i| name(i)).collect(),
                        consequent: x.consequent.iter().map(|&i| name(i)).collect(),
                        orders: u64::from(x.count),
                        support: x.support,
                        confidence: x.confidence,
                        lift: x.lift,
                        leverage: x.leverage,
                        conviction: x.conviction.filter(|c| c.is_finite()),
                    })
                    .collect(),
                r.rules.len() as u64,
                None,
            ),
            Err(e) => (Vec::new(), 0, Some(e.to_string())),
        };
    let purchases = sequence_purchases(ds, level);
    let seq_opts = models::SequenceOptions {
        within_days: params.within_days,
        min_support: params.min_support,
        min_confidence: params.min_confidence,
        include_same_item: false,
    };
    let (sequence_customers, sequence_rules, sequence_rules_total, sequence_note) =
        match models::sequence_rules(&purchases, &seq_opts) {
            Ok(r) => (
                r.customers as u64,
                r.rules
                    .iter()
                    .take(params.limit)
                    .map(|x| NamedSequenceRule {
                        antecedent: name(x.antecedent),
                        consequent: name(x.consequent),
                        customers: u64::from(x.customers),
                        support: x.support,
                        confidence: x.confidence,
                        lift: x.lift,
                    })
                    .collect(),
                r.rules.len() as u64,
                None,
            ),
            Err(e) => (0, Vec::new(), 0, Some(e.to_string())),
        };
    ProductInsight {
        params: params.clone(),
        baskets: baskets.len() as u64,
        basket_rules,
        basket_rules_total,
        basket_note,
        sequence_customers,
        sequence_rules,
        sequence_rules_total,
        sequence_note,
        first_products: ds.first_products(as_of, level, 1, params.limit),
        item_titles: Default::default(),
    }
}
