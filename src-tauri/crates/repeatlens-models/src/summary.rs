//! Transactions → one (frequency, recency, age, monetary) row per customer, exactly as Python's
//! `lifetimes` 0.11.3 `summary_data_from_transaction_data` and `calibration_and_holdout_data`
//! compute them (`docs/definitions.md#lifetimes-summary`).
//!
//! Why copy lifetimes' conventions, quirks included: the published BG/NBD and Gamma-Gamma
//! numbers (and every tutorial a seller may compare with) were computed on these exact
//! statistics. Same-day purchases collapse into one transaction because the models describe
//! *purchase occasions*; frequency counts *repeat* occasions because the first purchase only
//! marks when the customer was acquired; recency is the age at the last purchase (not RFM's
//! "days since"); and the monetary value averages repeat occasions only, the quantity the
//! Gamma-Gamma model describes.

use serde::{Deserialize, Serialize};

/// One purchase: a customer (any dense or sparse id), a calendar day number (days since
/// 1970-01-01 in the store's timezone, as `repeatlens_analytics::days`) and its value in the
/// reporting currency's major units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// The caller's customer id.
    pub customer: u32,
    /// Day number (days since 1970-01-01, store-local).
    pub day: i32,
    /// Value in the reporting currency's major units.
    pub value: f64,
}

/// The unit every model time (t_x, T, α, horizons) is expressed in. The app works in days;
/// weeks reproduce the literature. α scales with the unit, r, a and b do not.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days (the app's unit).
    #[default]
    Days,
    /// Weeks of 7 days (the unit of the published CDNOW results).
    Weeks,
}

impl TimeUnit {
    /// Length of one unit in days.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        }
    }

    /// Units per month as lifetimes' `customer_lifetime_value` counts them
    /// (`{"W": 4.345, "D": 30}`), so CLV over whole months matches it.
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Days => 30.0,
            TimeUnit::Weeks => 4.345,
        }
    }

    /// Lowercase name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
        }
    }
}

/// One customer's statistics at the end of an observation window.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// The caller's customer id.
    pub customer: u32,
    /// x: purchase days after the first (repeat transactions).
    pub frequency: u32,
    /// t_x: time from the first to the last purchase day, in the unit (0 when x = 0).
    pub recency: f64,
    /// T: time from the first purchase day to the end of the window, in the unit.
    pub age: f64,
    /// Mean value of the repeat purchase days (each day's purchases summed); 0 when x = 0.
    pub monetary: f64,
    /// Day number of the first purchase day.
    pub first_day: i32,
    /// Day number of the last purchase day.
    pub last_day: i32,
}

impl CustomerSummary {
    /// Mean days between purchase days (None for one-time buyers).
    pub fn mean_gap_days(&self) -> Option<f64> {
        (self.frequency > 0)
            .then(|| f64::from(self.last_day - self.first_day) / f64::from(self.frequency))
    }
}

/// All customers' statistics for one window, sorted by customer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summaries {
    /// Unit of `recency` and `age`.
    pub unit: TimeUnit,
    /// Last day of the window (inclusive): lifetimes' `observation_period_end`.
    pub observation_end: i32,
    /// One row per customer with a purchase in the window.
    pub customers: Vec<CustomerSummary>,
}

impl Summaries {
    /// Customers with at least one repeat purchase.
    pub fn repeat_customers(&self) -> usize {
        self.customers.iter().filter(|c| c.frequency > 0).count()
    }
}

/// Purchases of one customer on one day, values summed.
#[derive(Debug, Clone, Copy)]
struct Day {
    customer: u32,
    day: i32,
    value: f64,
    /// Raw transactions that day (for lifetimes' holdout monetary quirk).
    raw: u32,
}

/// Sorts `(customer, day)` and collapses each customer's purchases on one day into one [`Day`].
/// Only transactions with `from < day <= to` are kept.
fn collapse_days(tx: &[Transaction], from: i32, to: i32) -> Vec<Day> {
    let mut keyed: Vec<(u64, f64)> = tx
        .iter()
        .filter(|t| t.day > from && t.day <= to)
        .map(|t| {
            // Order-preserving key: customer in the high half, day (offset to unsigned) low.
            let d = (t.day as i64 - i32::MIN as i64) as u64;
            ((u64::from(t.customer) << 32) | d, t.value)
        })
        .collect();
    keyed.sort_unstable_by_key(|k| k.0);
    let mut days: Vec<Day> = Vec::with_capacity(keyed.len());
    for (k, v) in keyed {
        let customer = (k >> 32) as u32;
        let day = ((k & 0xFFFF_FFFF) as i64 + i32::MIN as i64) as i32;
        match days.last_mut() {
            Some(d) if d.customer == customer && d.day == day => {
                d.value += v;
                d.raw += 1;
            }
            _ => days.push(Day {
                customer,
                day,
                value: v,
                raw: 1,
            }),
        }
    }
    days
}

/// `summary_data_from_transaction_data(freq='D', freq_multiplier=unit days)`: transactions on
/// days after `observation_end` are ignored; the result is sorted by customer.
pub fn summarize(tx: &[Transaction], observation_end: i32, unit: TimeUnit) -> Summaries {
    let days = collapse_days(tx, i32::MIN, observation_end);
    Summaries {
        unit,
        observation_end,
        customers: summaries_of(&days, observation_end, unit),
    }
}

fn summaries_of(days: &[Day], end: i32, unit: TimeUnit) -> Vec<CustomerSummary> {
    let per = unit.days();
    let mut out = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let c = days[i].customer;
        let mut j = i + 1;
        while j < days.len() && days[j].customer == c {
            j += 1;
        }
        let first = days[i].day;
        let last = days[j - 1].day;
        let x = (j - i - 1) as u32;
        let monetary = if x > 0 {
            days[i + 1..j].iter().map(|d| d.value).sum::<f64>() / f64::from(x)
        } else {
            0.0
        };
        out.push(CustomerSummary {
            customer: c,
            frequency: x,
            recency: f64::from(last - first) / per,
            age: f64::from(end - first) / per,
            monetary,
            first_day: first,
            last_day: last,
        });
        i = j;
    }
    out
}

/// One customer of a calibration/holdout split.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutRow {
    /// The customer's statistics at the end of calibration.
    pub calibration: CustomerSummary,
    /// Purchase days in the holdout.
    pub frequency_holdout: u32,
    /// lifetimes' quirk, kept for comparability: the mean of the *raw* holdout transactions'
    /// values (not of the day sums); 0 without holdout purchases.
    pub monetary_holdout: f64,
}

/// A calibration/holdout split (lifetimes' `calibration_and_holdout_data`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationHoldout {
    /// Unit of every time.
    pub unit: TimeUnit,
    /// Last day of calibration (inclusive).
    pub calibration_end: i32,
    /// Last day of the holdout (inclusive).
    pub observation_end: i32,
    /// Length of the holdout `(calibration_end, observation_end]` in the unit.
    pub duration_holdout: f64,
    /// Customers whose first purchase is in the calibration window, sorted by customer.
    pub rows: Vec<HoldoutRow>,
}

impl CalibrationHoldout {
    /// The calibration statistics alone, ready to fit.
    pub fn calibration(&self) -> Summaries {
        Summaries {
            unit: self.unit,
            observation_end: self.calibration_end,
            customers: self.rows.iter().map(|r| r.calibration.clone()).collect(),
        }
    }
}

/// Splits transactions at `calibration_end` (inclusive) and counts each calibration customer's
/// purchase days in `(calibration_end, observation_end]`. Customers first seen in the holdout
/// are left out, as lifetimes does.
pub fn calibration_and_holdout(
    tx: &[Transaction],
    calibration_end: i32,
    observation_end: i32,
    unit: TimeUnit,
) -> CalibrationHoldout {
    let cal = collapse_days(tx, i32::MIN, calibration_end);
    let hold = collapse_days(tx, calibration_end, observation_end);
    let customers = summaries_of(&cal, calibration_end, unit);
    let mut rows = Vec::with_capacity(customers.len());
    let mut h = 0;
    for c in customers {
        while h < hold.len() && hold[h].customer < c.customer {
            h += 1;
        }
        let (mut n, mut raw, mut value) = (0u32, 0u32, 0.0);
        while h < hold.len() && hold[h].customer == c.customer {
            n += 1;
            raw += hold[h].raw;
            value += hold[h].value;
            h += 1;
        }
        rows.push(HoldoutRow {
            calibration: c,
            frequency_holdout: n,
            monetary_holdout: if raw > 0 { value / f64::from(raw) } else { 0.0 },
        });
    }
    CalibrationHoldout {
        unit,
        calibration_end,
        observation_end,
        duration_holdout: f64::from(observation_end - calibration_end) / unit.days(),
        rows,
    }
}
