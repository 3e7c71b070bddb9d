//! Every threshold of the analysis, with the defaults of issue #4.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What "monetary" means for scores, the 8-class map and value tiers.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonetaryBasis {
    /// Purchases minus refunds/returns of the customer (default).
    NetRevenue,
    /// Net revenue ÷ number of purchases.
    AverageOrderValue,
}

/// How the 8-class map decides "high" and "low".
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum EightClassThreshold {
    /// Compare with the mean over the customers analysed (default).
    Mean,
    /// Compare with the median (linear interpolation).
    Median,
    /// Fixed business thresholds: recency days, purchases, monetary in major units.
    Fixed {
        /// "R high" ⇔ recency below this many days.
        recency_days: f64,
        /// "F high" ⇔ more purchases than this.
        frequency: f64,
        /// "M high" ⇔ monetary above this.
        monetary: f64,
    },
}

/// How the churn threshold (days without a purchase) is set.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum ChurnRule {
    /// A percentile of all gaps of the store, at least `floor_days` (default p90, 30 days).
    Percentile {
        /// Which percentile of the gaps, as a fraction (0.9 = p90).
        percentile: f64,
        /// The threshold is never below this many days (also used when there are no gaps).
        floor_days: u32,
    },
    /// A fixed number of days.
    Fixed {
        /// Days without a purchase after which a customer is churned.
        days: u32,
    },
}

/// Cohort period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortPeriod {
    /// Calendar month, keyed YYYY-MM (default).
    Month,
    /// ISO week, keyed YYYY-Www.
    IsoWeek,
}

/// When a refund reduces revenue in time-bucketed numbers (cohort months, period KPIs).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundDating {
    /// On the refund's own date (default).
    RefundDate,
    /// On the date of the refunded order (refunds without an order: their own date).
    OrderDate,
}

/// Analysis parameters. `Params::default()` gives the defaults of issue #4.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// The as-of date. `None`: `today`, or the day after the newest purchase when that is more
    /// than `stale_data_days` before `today`.
    #[serde(with = "opt_date")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub as_of: Option<NaiveDate>,
    /// "Today" in the store's timezone; `None` reads the clock (pass it for reproducible runs).
    #[serde(with = "opt_date")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub today: Option<NaiveDate>,
    /// See `as_of` (default 30).
    pub stale_data_days: u32,
    /// What M measures (default net revenue).
    pub monetary: MonetaryBasis,
    /// How the 8-class model sets its high/low bars (default the mean).
    pub eight_class: EightClassThreshold,
    /// Share of customers in the top tier (default 0.2).
    pub tier_top_share: f64,
    /// Share of customers in the middle tier (default 0.3); the rest are bottom.
    pub tier_middle_share: f64,
    /// A customer is "new" if the first purchase is fewer than this many days before as-of (30).
    pub new_customer_days: u32,
    /// Active ⇔ recency ≤ this percentile of all gaps (default 0.8).
    pub active_percentile: f64,
    /// How the churn threshold is set (default p90 of all gaps, at least 30 days).
    pub churn: ChurnRule,
    /// Month (default) or ISO week cohorts.
    pub cohort_period: CohortPeriod,
    /// Splits of the cohort table keep groups with at least this many customers (default 30)...
    pub cohort_split_min_customers: u32,
    /// ...and at most this many groups per dimension, largest first (default 20).
    pub cohort_split_max_groups: u32,
    /// Repurchase cycles: fewer gaps than this → "not enough data" (default 5).
    pub min_cycle_gaps: u32,
    /// Overdue when as-of > due date + this share × item median (default 0.5).
    pub overdue_share: f64,
    /// At most this many rows in the overdue list of the output (default 1000; the total is
    /// always reported).
    pub overdue_list_limit: u32,
    /// Churned-vs-retained groups need at least this many customers (default 30).
    pub churn_min_group: u32,
    /// KPI period in days, compared with the previous period of the same length (default 365).
    pub kpi_period_days: u32,
    /// Look-back of the "recent" repeat-customer rate (default 365).
    pub repeat_rate_lookback_days: u32,
    /// Which date a refund counts on in period figures (default its own).
    pub refund_dating: RefundDating,
    /// Include one row per customer in the output (default false; the JSON gets large).
    pub include_customers: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            as_of: None,
            today: None,
            stale_data_days: 30,
            monetary: MonetaryBasis::NetRevenue,
            eight_class: EightClassThreshold::Mean,
            tier_top_share: 0.2,
            tier_middle_share: 0.3,
            new_customer_days: 30,
            active_percentile: 0.8,
            churn: ChurnRule::Percentile {
                percentile: 0.9,
                floor_days: 30,
            },
            cohort_period: CohortPeriod::Month,
            cohort_split_min_customers: 30,
            cohort_split_max_groups: 20,
            min_cycle_gaps: 5,
            overdue_share: 0.5,
            overdue_list_limit: 1000,
            churn_min_group: 30,
            kpi_period_days: 365,
            repeat_rate_lookback_days: 365,
            refund_dating: RefundDating::RefundDate,
            include_customers: false,
        }
    }
}

/// `Option<NaiveDate>` as `"YYYY-MM-DD"` or null.
mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        v.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(serde::de::Error::custom))
            .transpose()
    }
}
