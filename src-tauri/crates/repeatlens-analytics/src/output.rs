//! The `Analysis` document. Field names are the JSON schema (documented in DEFINITIONS.md).
//! Rates are fractions (0.3661), money is in major units of `currency`, dates are YYYY-MM-DD.

use serde::Serialize;

use crate::dataset::FxMissing;
use crate::labels::{Class8, Lifecycle, Segment, Tier};
use crate::params::Params;

/// Version of the JSON layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub schema_version: u32,
    /// Reporting currency (ISO 4217) of every money field.
    pub currency: String,
    /// IANA timezone whose calendar days are used.
    pub timezone: String,
    pub as_of: AsOf,
    pub data: DataSummary,
    pub params: Params,
    pub kpis: Kpis,
    pub rfm: Rfm,
    pub segments: Vec<SegmentRow>,
    pub eight_class: EightClass,
    pub tiers: Vec<TierRow>,
    pub gaps: Gaps,
    pub lifecycle: LifecycleSummary,
    pub cohorts: Cohorts,
    pub time_to_second_purchase: TimeToSecond,
    pub repurchase: Repurchase,
    pub churn: Churn,
    /// One row per customer (only with `params.include_customers`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<CustomerRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AsOf {
    pub date: String,
    /// `given` (params.as_of), `today`, or `day_after_newest_purchase` (stale data).
    pub rule: String,
    pub newest_purchase: Option<String>,
    /// Human-readable explanation when the rule is not `given`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSummary {
    pub customer_records: u64,
    pub orders: u64,
    pub purchases: u64,
    pub guest_purchases: u64,
    pub excluded_cancelled: u64,
    pub excluded_test: u64,
    pub excluded_non_positive: u64,
    pub excluded_no_fx_rate: u64,
    pub excluded_after_as_of: u64,
    pub refunds_counted: u64,
    /// Refunds of excluded orders, after the as-of date, or without an FX rate.
    pub refunds_ignored: u64,
    /// Per currency without a usable rate: orders and refunds left out.
    pub fx_missing: Vec<FxMissing>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiValues {
    pub from: Option<String>,
    pub to: String,
    pub customers: u64,
    pub purchases: u64,
    pub guest_purchases: u64,
    pub net_revenue: f64,
    pub average_order_value: Option<f64>,
    pub purchases_per_customer: Option<f64>,
    pub repeat_customer_rate_all_time: Option<f64>,
    pub repeat_customer_rate_lookback: Option<f64>,
    pub churn_rate: Option<f64>,
    pub median_gap_days: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub currency: String,
    pub period_days: u32,
    pub repeat_rate_lookback_days: u32,
    pub current: KpiValues,
    pub previous: KpiValues,
    pub all_time: KpiValues,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rfm {
    pub customers: u64,
    pub score_rule: String,
    pub monetary_basis: String,
    /// Customers per score 1..5.
    pub r_counts: [u64; 5],
    pub f_counts: [u64; 5],
    pub m_counts: [u64; 5],
    /// rf_grid[r − 1][f − 1] = customers with that (R, F) pair.
    pub rf_grid: [[u64; 5]; 5],
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentRow {
    pub segment: Segment,
    pub customers: u64,
    pub share: Option<f64>,
    pub net_revenue: f64,
    pub revenue_share: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EightClassThresholds {
    pub mode: String,
    pub recency_days: Option<f64>,
    pub frequency: Option<f64>,
    pub monetary: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    pub class: Class8,
    pub gloss: String,
    pub r_high: bool,
    pub f_high: bool,
    pub m_high: bool,
    pub customers: u64,
    pub share: Option<f64>,
    pub net_revenue: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EightClass {
    pub thresholds: EightClassThresholds,
    pub classes: Vec<ClassRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierRow {
    pub tier: Tier,
    pub customers: u64,
    pub customer_share: Option<f64>,
    pub net_revenue: f64,
    pub revenue_share: Option<f64>,
    /// Smallest monetary value in the tier (its entry bar).
    pub monetary_min: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gaps {
    pub count: u64,
    pub mean: Option<f64>,
    pub p25: Option<f64>,
    pub median: Option<f64>,
    pub p75: Option<f64>,
    pub p80: Option<f64>,
    pub p90: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRow {
    pub stage: Lifecycle,
    pub customers: u64,
    pub share: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleSummary {
    pub new_days: u32,
    pub active_max_recency_days: f64,
    pub churn_threshold_days: f64,
    pub churn_threshold_rule: String,
    pub stages: Vec<StageRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// YYYY-MM or YYYY-Www.
    pub cohort: String,
    pub customers: u64,
    /// Index k = periods since the cohort period; the arrays stop at the as-of period.
    pub active_customers: Vec<u64>,
    pub customer_retention: Vec<f64>,
    pub net_revenue: Vec<f64>,
    /// null when the cohort's period-0 net revenue is not positive.
    pub revenue_retention: Vec<Option<f64>>,
    pub cumulative_net_revenue_per_customer: Vec<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortGroup {
    pub group: String,
    pub customers: u64,
    pub rows: Vec<CohortRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortSplits {
    pub first_order_country: Vec<CohortGroup>,
    pub first_product: Vec<CohortGroup>,
    pub platform: Vec<CohortGroup>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohorts {
    /// `month` or `iso_week`.
    pub period: String,
    pub currency: String,
    pub rows: Vec<CohortRow>,
    pub splits: CohortSplits,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmPoint {
    pub day: u32,
    pub at_risk: u64,
    pub events: u64,
    pub survival: f64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    pub from_purchase: u32,
    pub to_purchase: u32,
    pub customers: u64,
    pub median_days: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToSecond {
    pub customers: u64,
    pub second_purchases: u64,
    pub censored: u64,
    pub s30: Option<f64>,
    pub s90: Option<f64>,
    pub s180: Option<f64>,
    pub s365: Option<f64>,
    /// First day where S ≤ 0.5; null if the curve never gets there.
    pub median_days: Option<u32>,
    /// Kaplan-Meier steps at each day with a second purchase.
    pub curve: Vec<KmPoint>,
    pub latency: Vec<Latency>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemCycle {
    pub item: String,
    /// Customers who bought the item.
    pub buyers: u64,
    /// Customers with at least one repeat of the item (contributing gaps).
    pub customers: u64,
    pub gaps: u64,
    pub enough_data: bool,
    pub p25_days: Option<f64>,
    pub median_days: Option<f64>,
    pub p75_days: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueRow {
    pub customer: String,
    /// `sku` or `category`.
    pub item_kind: String,
    pub item: String,
    pub last_order: String,
    pub due_date: String,
    pub days_overdue: f64,
    pub tier: Tier,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repurchase {
    pub min_gaps: u32,
    pub overdue_share: f64,
    pub skus: Vec<ItemCycle>,
    pub categories: Vec<ItemCycle>,
    pub overdue_total: u64,
    pub overdue: Vec<OverdueRow>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnMonth {
    pub month: String,
    pub active_at_start: u64,
    pub churned: u64,
    pub rate: Option<f64>,
    /// The as-of month: only churn up to the as-of date is counted.
    pub partial: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnGroup {
    pub dimension: String,
    pub group: String,
    pub customers: u64,
    pub churned: u64,
    pub churn_rate: f64,
    pub lift: Option<f64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Churn {
    pub threshold_days: f64,
    pub customers: u64,
    pub churned: u64,
    pub rate: Option<f64>,
    pub by_month: Vec<ChurnMonth>,
    pub min_group: u32,
    pub breakdown: Vec<ChurnGroup>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    pub customer: String,
    pub lifecycle: Lifecycle,
    pub purchases: u64,
    pub first_purchase: Option<String>,
    pub last_purchase: Option<String>,
    pub recency_days: Option<u32>,
    pub net_revenue: f64,
    pub monetary: Option<f64>,
    pub r: Option<u8>,
    pub f: Option<u8>,
    pub m: Option<u8>,
    pub segment: Option<Segment>,
    pub class8: Option<Class8>,
    pub tier: Option<Tier>,
}
