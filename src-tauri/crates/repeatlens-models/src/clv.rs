//! Customer lifetime value over a horizon of months, as lifetimes' `customer_lifetime_value`.
//!
//! Why this form: it is what sellers' tutorials and lifetimes compute, so numbers can be checked
//! against them. Month i contributes value × (E[X(i·k)] − E[X((i−1)·k)]) / (1+d)^i, where k is the
//! number of time units in a month (30 days, or 4.345 weeks) and d the monthly discount rate: the
//! purchases expected in that month, each worth the Gamma-Gamma expected order value, discounted
//! to today. The expected counts are the BG/NBD's conditional expectations, so a customer who has
//! probably churned contributes little.

use crate::bgnbd::BgNbd;
use crate::summary::{CustomerSummary, TimeUnit};

/// CLV of one customer over `months` months at `monthly_discount` (0.01 = 1 % a month), with
/// `value` the expected value of one purchase (e.g. [`crate::GammaGamma::conditional_expected_value`]).
/// `unit` is the unit of the model and the summary. NaN if an expectation cannot be computed.
pub fn customer_lifetime_value(
    model: &BgNbd,
    c: &CustomerSummary,
    value: f64,
    months: u32,
    monthly_discount: f64,
    unit: TimeUnit,
) -> f64 {
    let k = unit.per_month();
    let mut previous = 0.0;
    let mut total = 0.0;
    let mut factor = 1.0;
    for i in 1..=months {
        let e = model.expected_purchases(c.frequency, c.recency, c.age, f64::from(i) * k);
        factor /= 1.0 + monthly_discount;
        total += value * (e - previous) * factor;
        previous = e;
    }
    total
}
