//! The `Analysis` document. Field names are the JSON schema (documented in DEFINITIONS.md).
//! Rates are fractions (0.3661), money is in major units of `currency`, dates are YYYY-MM-DD.

use serde::Serialize;

use crate::dataset::FxMissing;
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::params::Params;

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole analysis of one store as of one day: every figure the screens, the CLI and the JSON
/// export show. Same input and parameters give byte-identical JSON.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Layout version ([`SCHEMA_VERSION`]), so a reader can refuse a document it does not know.
    pub schema_version: u32,
    /// Reporting currency (ISO 4217) of every money field.
    pub currency: String,
    /// IANA timezone whose calendar days are used.
    pub timezone: String,
    /// The day the analysis looks from and why that day was chosen.
    pub as_of: AsOf,
    /// What was read and what was left out, by reason.
    pub data: DataSummary,
    /// The parameters used, so the document says how it was computed.
    pub params: Params,
    /// Headline figures for the current period, the previous one and all time.
    pub kpis: Kpis,
    /// RFM score distribution and the R×F grid.
    pub rfm: Rfm,
    /// The 10 R×F segments, in table order.
    pub segments: Vec<SegmentRow>,
    /// The Chinese 8-class model: thresholds and classes.
    pub eight_class: EightClass,
    /// Value tiers top, middle, bottom.
    pub tiers: Vec<TierRow>,
    /// Distribution of days between consecutive purchase days, all customers pooled.
    pub gaps: Gaps,
    /// Lifecycle stage counts and the bars that separate the stages.
    pub lifecycle: LifecycleSummary,
    /// Acquisition cohorts, store-wide and split by first country, product and platform.
    pub cohorts: Cohorts,
    /// Kaplan-Meier curve of the wait for a second purchase, and purchase latencies.
    pub time_to_second_purchase: TimeToSecond,
    /// Repurchase cycles per SKU and category, and the overdue list.
    pub repurchase: Repurchase,
    /// Churn now, month by month, and by customer group.
    pub churn: Churn,
    /// One row per customer (only with `params.include_customers`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<CustomerRow>,
}

/// The as-of date and the rule that chose it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsOf {
    /// The as-of day (YYYY-MM-DD); purchases on it count, later ones do not.
    pub date: String,
    /// `given` (params.as_of), `today`, or `day_after_newest_purchase` (stale data).
    pub rule: String,
    /// Day of the newest purchase in the data; `None` when there is none.
    pub newest_purchase: Option<String>,
    /// Human-readable explanation when the rule is not `given`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Counts of what the analysis read and what it left out, so a seller can see why a figure differs
/// from their platform's.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSummary {
    /// Customer records in the store, with or without purchases.
    pub customer_records: u64,
    /// Orders read, counted or not.
    pub orders: u64,
    /// Orders that count as purchases (customers' and guests').
    pub purchases: u64,
    /// Purchases without a customer record: in revenue KPIs only.
    pub guest_purchases: u64,
    /// Orders left out as cancelled.
    pub excluded_cancelled: u64,
    /// Orders left out as test orders.
    pub excluded_test: u64,
    /// Orders left out because their total is zero or negative.
    pub excluded_non_positive: u64,
    /// Orders left out because their currency has no rate near the order date.
    pub excluded_no_fx_rate: u64,
    /// Orders dated after the as-of day.
    pub excluded_after_as_of: u64,
    /// Refunds and returns that reduce revenue.
    pub refunds_counted: u64,
    /// Refunds of excluded orders, after the as-of date, or without an FX rate.
    pub refunds_ignored: u64,
    /// Per currency without a usable rate: orders and refunds left out.
    pub fx_missing: Vec<FxMissing>,
}

/// The headline figures of one period (see DEFINITIONS.md, "KPIs").
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiValues {
    /// First day of the period; `None` for all time.
    pub from: Option<String>,
    /// Last day of the period (the as-of day for the current period).
    pub to: String,
    /// Customers with a purchase in the period.
    pub customers: u64,
    /// All purchases in the period, guests included.
    pub purchases: u64,
    /// Of `purchases`, those by guests.
    pub guest_purchases: u64,
    /// Purchases minus refunds dated in the period, guests included.
    pub net_revenue: f64,
    /// Order totals ÷ purchases, before refunds; `None` without purchases.
    pub average_order_value: Option<f64>,
    /// Customers' purchases ÷ customers, guests excluded.
    pub purchases_per_customer: Option<f64>,
    /// Customers with at least 2 purchases ÷ customers with at least 1, up to the period's end.
    pub repeat_customer_rate_all_time: Option<f64>,
    /// The same, counting only the look-back days before the period's end.
    pub repeat_customer_rate_lookback: Option<f64>,
    /// At the period's end: customers past the churn threshold ÷ customers who had bought by then.
    pub churn_rate: Option<f64>,
    /// Median of the purchase gaps that end inside the period.
    pub median_gap_days: Option<f64>,
}

/// KPIs of the current period, the previous one of equal length, and all time.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    /// Currency of the money figures.
    pub currency: String,
    /// Length of the current and previous periods, in days.
    pub period_days: u32,
    /// Look-back window of `repeat_customer_rate_lookback`, in days.
    pub repeat_rate_lookback_days: u32,
    /// The last `period_days` days up to the as-of day.
    pub current: KpiValues,
    /// The `period_days` days before the current period.
    pub previous: KpiValues,
    /// Everything up to the as-of day.
    pub all_time: KpiValues,
}

/// How customers spread over the RFM scores.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rfm {
    /// Customers analysed (with at least one purchase).
    pub customers: u64,
    /// The scoring rule, in words (mid-rank quintiles).
    pub score_rule: String,
    /// What M measures: `net_revenue` or `average_order_value`.
    pub monetary_basis: String,
    /// Customers per score 1..5.
    pub r_counts: [u64; 5],
    /// Customers per F score 1..5.
    pub f_counts: [u64; 5],
    /// Customers per M score 1..5.
    pub m_counts: [u64; 5],
    /// rf_grid[r − 1][f − 1] = customers with that (R, F) pair.
    pub rf_grid: [[u64; 5]; 5],
}

/// One R×F segment's size and revenue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentRow {
    /// Which segment.
    pub segment: Segment,
    /// Customers in the segment.
    pub customers: u64,
    /// Its share of the customers analysed; `None` when there are none.
    pub share: Option<f64>,
    /// Net revenue of its customers.
    pub net_revenue: f64,
    /// Its share of all customers' net revenue; `None` when that total is not positive.
    pub revenue_share: Option<f64>,
}

/// The high/low bars the 8-class model used.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EightClassThresholds {
    /// `mean`, `median` or `fixed`.
    pub mode: String,
    /// Recency bar: below it is "R high"; `None` without customers.
    pub recency_days: Option<f64>,
    /// Purchase-count bar: above it is "F high".
    pub frequency: Option<f64>,
    /// Monetary bar: above it is "M high".
    pub monetary: Option<f64>,
}

/// One of the 8 classes: its R/F/M pattern, size and revenue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    /// The class, by its Chinese name.
    pub class: Class8,
    /// English gloss of the class name.
    pub gloss: String,
    /// Bought recently (recency below the bar).
    pub r_high: bool,
    /// Bought often (frequency above the bar).
    pub f_high: bool,
    /// Spent much (monetary above the bar): 重要 rather than 一般.
    pub m_high: bool,
    /// Customers in the class.
    pub customers: u64,
    /// Its share of the customers analysed.
    pub share: Option<f64>,
    /// Net revenue of its customers.
    pub net_revenue: f64,
}

/// The 8-class model's result.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EightClass {
    /// The bars used.
    pub thresholds: EightClassThresholds,
    /// The 8 classes in table order.
    pub classes: Vec<ClassRow>,
}

/// One value tier's size and revenue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierRow {
    /// Which tier.
    pub tier: Tier,
    /// Customers in the tier.
    pub customers: u64,
    /// Its share of the customers analysed.
    pub customer_share: Option<f64>,
    /// Net revenue of its customers.
    pub net_revenue: f64,
    /// Its share of all customers' net revenue; `None` when that total is not positive.
    pub revenue_share: Option<f64>,
    /// Smallest monetary value in the tier (its entry bar).
    pub monetary_min: Option<f64>,
}

/// Days between consecutive different purchase days, pooled over all customers; statistics are
/// `None` without gaps.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaps {
    /// Number of gaps.
    pub count: u64,
    /// Mean gap in days.
    pub mean: Option<f64>,
    /// 25th percentile (linear interpolation, as numpy).
    pub p25: Option<f64>,
    /// Median gap.
    pub median: Option<f64>,
    /// 75th percentile.
    pub p75: Option<f64>,
    /// 80th percentile: the default bar of the active stage.
    pub p80: Option<f64>,
    /// 90th percentile: the default churn threshold (before its floor).
    pub p90: Option<f64>,
}

/// Customers in one lifecycle stage.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRow {
    /// Which stage.
    pub stage: Lifecycle,
    /// Customers in the stage.
    pub customers: u64,
    /// Share of all customers, prospects included.
    pub share: Option<f64>,
}

/// Lifecycle stages and the bars between them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleSummary {
    /// A first purchase fewer days ago than this makes a customer new.
    pub new_days: u32,
    /// Highest recency that still counts as active.
    pub active_max_recency_days: f64,
    /// Recency above this is churned.
    pub churn_threshold_days: f64,
    /// How the churn threshold was found, in words.
    pub churn_threshold_rule: String,
    /// Every stage in order prospect, new, active, dormant, churned.
    pub stages: Vec<StageRow>,
}

/// One acquisition cohort over the periods since its first purchases.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// YYYY-MM or YYYY-Www.
    pub cohort: String,
    /// Cohort size: customers whose first purchase fell in the period.
    pub customers: u64,
    /// Index k = periods since the cohort period; the arrays stop at the as-of period.
    pub active_customers: Vec<u64>,
    /// Active customers ÷ cohort size, per period (1 at k = 0).
    pub customer_retention: Vec<f64>,
    /// The cohort's net revenue per period.
    pub net_revenue: Vec<f64>,
    /// null when the cohort's period-0 net revenue is not positive.
    pub revenue_retention: Vec<Option<f64>>,
    /// Net revenue from period 0 to k ÷ cohort size (the LTV curve).
    pub cumulative_net_revenue_per_customer: Vec<f64>,
}

/// The cohort table of one group of customers (a country, first product or platform).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortGroup {
    /// The group's name.
    pub group: String,
    /// Customers in the group.
    pub customers: u64,
    /// Its cohorts, as in [`Cohorts::rows`].
    pub rows: Vec<CohortRow>,
}

/// Cohort tables per group, for groups large enough to read (largest first).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortSplits {
    /// By shipping country of the first purchase (else the customer's country).
    pub first_order_country: Vec<CohortGroup>,
    /// By first SKU of the first purchase.
    pub first_product: Vec<CohortGroup>,
    /// By platform/store of the first purchase.
    pub platform: Vec<CohortGroup>,
}

/// Acquisition cohorts.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohorts {
    /// `month` or `iso_week`.
    pub period: String,
    /// Currency of the revenue arrays.
    pub currency: String,
    /// Store-wide cohorts, oldest first.
    pub rows: Vec<CohortRow>,
    /// The same tables per group.
    pub splits: CohortSplits,
}

/// One step of the Kaplan-Meier curve.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmPoint {
    /// Days since the first purchase.
    pub day: u32,
    /// Customers still waiting for a second purchase on that day (censored that day included).
    pub at_risk: u64,
    /// Second purchases on that day.
    pub events: u64,
    /// S(day): share still without a second purchase after the day.
    pub survival: f64,
}

/// Median wait between the n-th and the next purchase day.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    /// n, the earlier purchase (1 for 1→2).
    pub from_purchase: u32,
    /// n + 1.
    pub to_purchase: u32,
    /// Customers who made both purchases.
    pub customers: u64,
    /// Median days between them; `None` without customers.
    pub median_days: Option<f64>,
}

/// How long first buyers take to buy again (customers who have not are censored at the as-of day).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToSecond {
    /// Customers followed from their first purchase.
    pub customers: u64,
    /// Of them, those who bought a second time.
    pub second_purchases: u64,
    /// Those still waiting at the as-of day.
    pub censored: u64,
    /// S(30); `None` when no customer has been followed that long.
    pub s30: Option<f64>,
    /// S(90); `None` when no customer has been followed that long.
    pub s90: Option<f64>,
    /// S(180); `None` when no customer has been followed that long.
    pub s180: Option<f64>,
    /// S(365); `None` when no customer has been followed that long.
    pub s365: Option<f64>,
    /// First day where S ≤ 0.5; null if the curve never gets there.
    pub median_days: Option<u32>,
    /// Kaplan-Meier steps at each day with a second purchase.
    pub curve: Vec<KmPoint>,
    /// Latencies 1→2, 2→3 and 3→4.
    pub latency: Vec<Latency>,
}

/// Repurchase cycle of one SKU or category: the gaps between the days a customer bought it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemCycle {
    /// SKU or category name.
    pub item: String,
    /// Customers who bought the item.
    pub buyers: u64,
    /// Customers with at least one repeat of the item (contributing gaps).
    pub customers: u64,
    /// Gaps counted, over all customers.
    pub gaps: u64,
    /// At least `min_gaps` gaps: the percentiles are worth showing.
    pub enough_data: bool,
    /// 25th percentile of the gaps in days.
    pub p25_days: Option<f64>,
    /// Median gap: the item's cycle, used for due dates.
    pub median_days: Option<f64>,
    /// 75th percentile of the gaps.
    pub p75_days: Option<f64>,
}

/// A customer past the usual time to buy an item again.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    /// The customer's platform id.
    pub customer: String,
    /// `sku` or `category`.
    pub item_kind: String,
    /// SKU or category.
    pub item: String,
    /// Last day the customer bought the item.
    pub last_order: String,
    /// Last day + the item's median cycle.
    pub due_date: String,
    /// Days since the due date.
    pub days_overdue: f64,
    /// The customer's value tier (to decide whom to remind first).
    pub tier: Tier,
}

/// Repurchase cycles and who is overdue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repurchase {
    /// Gaps an item needs for `enough_data`.
    pub min_gaps: u32,
    /// Overdue means more than this share of a median cycle past the due date.
    pub overdue_share: f64,
    /// Cycles per SKU, sorted by customers, buyers, then name.
    pub skus: Vec<ItemCycle>,
    /// Cycles per category, same order.
    pub categories: Vec<ItemCycle>,
    /// All overdue (customer, item) pairs, before the list limit.
    pub overdue_total: u64,
    /// Overdue pairs, longest overdue first, at most the list limit.
    pub overdue: Vec<OverdueRow>,
}

/// Churn during one calendar month.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnMonth {
    /// The month (YYYY-MM).
    pub month: String,
    /// Customers who had bought before the month and had not yet passed the threshold.
    pub active_at_start: u64,
    /// Of them, those who passed the threshold during the month without buying.
    pub churned: u64,
    /// `churned ÷ active_at_start`; `None` when nobody was active.
    pub rate: Option<f64>,
    /// The as-of month: only churn up to the as-of date is counted.
    pub partial: bool,
}

/// Churn of one group of customers compared with everyone's.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnGroup {
    /// What groups the customers, e.g. `country` or `last_order_refunded`.
    pub dimension: String,
    /// The group's value in that dimension.
    pub group: String,
    /// Customers in the group.
    pub customers: u64,
    /// Of them, churned now.
    pub churned: u64,
    /// `churned ÷ customers`.
    pub churn_rate: f64,
    /// Group rate ÷ overall rate (above 1: churns more than average); `None` when the overall
    /// rate is 0 or undefined.
    pub lift: Option<f64>,
}

/// Churn now, by month and by group.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Churn {
    /// Recency above which a customer is churned.
    pub threshold_days: f64,
    /// Customers analysed.
    pub customers: u64,
    /// Of them, churned now.
    pub churned: u64,
    /// `churned ÷ customers`; `None` without customers.
    pub rate: Option<f64>,
    /// Monthly churn rates, oldest first.
    pub by_month: Vec<ChurnMonth>,
    /// Smallest group shown in `breakdown`.
    pub min_group: u32,
    /// Groups by lift, highest first.
    pub breakdown: Vec<ChurnGroup>,
}

/// One customer's figures and labels; label fields are `None` for prospects.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    /// Platform customer id.
    pub customer: String,
    /// Lifecycle stage.
    pub lifecycle: Lifecycle,
    /// Purchases counted.
    pub purchases: u64,
    /// Day of the first purchase.
    pub first_purchase: Option<String>,
    /// Day of the last purchase.
    pub last_purchase: Option<String>,
    /// Days from the last purchase day to the as-of day.
    pub recency_days: Option<u32>,
    /// Purchases minus refunds and returns.
    pub net_revenue: f64,
    /// The M value (net revenue or average order value, per `params.monetary`).
    pub monetary: Option<f64>,
    /// R score 1..5.
    pub r: Option<u8>,
    /// F score 1..5.
    pub f: Option<u8>,
    /// M score 1..5.
    pub m: Option<u8>,
    /// R×F segment.
    pub segment: Option<Segment>,
    /// 8-class model class.
    pub class8: Option<Class8>,
    /// Value tier.
    pub tier: Option<Tier>,
}
