//! One call for everything a seller sees per customer: P(alive) and churn risk, expected
//! purchases, the next expected purchase date, expected order value and CLV — plus whether the
//! models can be trusted on this store, and what was done when they cannot.
//!
//! Why a reliability gate: BG/NBD and Gamma-Gamma are population models. With few repeat
//! customers the parameters are poorly identified, and an optimiser that did not converge or ran
//! into a degenerate corner (e.g. nobody ever drops out) produces confident nonsense. So the
//! model is used only when it is fitted on at least `min_repeat_customers` repeat customers
//! (default 100), converged, and no parameter ended at its bound. Otherwise churn risk falls back
//! to a heuristic a seller can verify by hand, every model-only field is empty, and
//! [`Predictions::unreliable`] says why.
//!
//! **Near-zero dropout.** A fit can be sound and still useless for churn: when the mean chance of
//! leaving after a purchase, a / (a + b), is below `min_mean_dropout` (default 1 %), P(alive) is
//! close to 1 for every customer and ranks nobody as leaving (the sample store fits a = 0.0034,
//! b = 6.75: 0.05 %, and lifetimes agrees). Then churn risk alone falls back to the heuristic
//! ([`Predictions::churn_unreliable`] says why) while expected purchases, next-order dates and CLV
//! still come from the model — the backtest shows whether those hold.
//!
//! **Heuristic churn risk** = 1 − e^(−ρ), ρ = days since the last purchase ÷ the customer's own
//! mean gap between purchase days (one-time buyers: the median of the repeat customers' mean
//! gaps). It is the probability that a customer still buying at their usual pace (a Poisson
//! process) would have bought again by now: 0.39 half a gap after the last purchase, 0.63 after
//! one gap, 0.86 after two. Unknown when no customer ever bought twice.
//!
//! **Bands** cut churn risk at `medium_from` (default 0.3) and `high_from` (default 0.7), both
//! editable: with the heuristic, "high" starts 1.2 mean gaps after the last purchase.
//!
//! The order value falls back separately: when the Gamma-Gamma fit is unreliable (same rules, or
//! q ≤ 1 so the population mean is infinite), a repeat customer's own mean repeat value is used,
//! and a one-time buyer gets the mean of those — and [`Predictions::value_method`] says so.
//!
//! Why one file of this size: the gate and the types naming its outcomes are one contract: every
//! `Unreliable` and `PredictionNote` is raised here (the backtest reuses `reliability`).

use serde::{Deserialize, Serialize};

use crate::bgnbd::{fit_bgnbd, BgNbd, BgNbdFit};
use crate::clv::customer_lifetime_value;
use crate::gamma_gamma::{correlation, fit_gamma_gamma, Correlation, GammaGamma, GammaGammaFit};
use crate::summary::{CustomerSummary, Summaries, TimeUnit};

/// Churn-risk cut-offs: `[0, medium_from)` low, `[medium_from, high_from)` medium, the rest high.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChurnBands {
    /// Lowest churn risk that is medium (default 0.3).
    pub medium_from: f64,
    /// Lowest churn risk that is high (default 0.7).
    pub high_from: f64,
}

impl Default for ChurnBands {
    fn default() -> Self {
        ChurnBands {
            medium_from: 0.3,
            high_from: 0.7,
        }
    }
}

impl ChurnBands {
    /// The band `risk` falls in.
    pub fn band(&self, risk: f64) -> ChurnBand {
        if risk >= self.high_from {
            ChurnBand::High
        } else if risk >= self.medium_from {
            ChurnBand::Medium
        } else {
            ChurnBand::Low
        }
    }
}

/// Churn risk in words, so a seller can filter customers without reading probabilities.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChurnBand {
    /// Below `medium_from`.
    Low,
    /// From `medium_from` to below `high_from`.
    Medium,
    /// `high_from` or more.
    High,
}

/// Where churn risk came from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChurnMethod {
    /// 1 − P(alive) of the fitted BG/NBD.
    Model,
    /// 1 − e^(−days since last ÷ mean gap) (module notes).
    Heuristic,
}

/// Where the expected order value came from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueMethod {
    /// E[M | x, m̄] of the fitted Gamma-Gamma model.
    GammaGamma,
    /// The customer's own mean repeat value (one-time buyers: the mean over repeat customers).
    ObservedMean,
}

/// Why a model was not used.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unreliable {
    /// The fit had fewer repeat customers than `min_repeat_customers`.
    TooFewRepeatCustomers {
        /// Repeat customers in the data.
        found: usize,
        /// Repeat customers needed.
        required: usize,
    },
    /// The optimiser stopped without meeting its convergence rule.
    NotConverged,
    /// A parameter ended on or near its bound (a degenerate fit).
    ParametersAtBounds,
    /// Gamma-Gamma only: q ≤ 1, the population mean order value is infinite.
    InfiniteMeanValue,
    /// The fit could not be run at all.
    FitFailed {
        /// The [`FitError`](crate::FitError), in English.
        error: String,
    },
    /// BG/NBD only: the fitted chance of leaving after a purchase, a / (a + b), is so small that
    /// P(alive) is close to 1 for everyone; churn risk comes from the heuristic.
    NoDropout {
        /// a / (a + b) of the fit.
        mean_dropout: f64,
    },
}

impl Unreliable {
    /// The reason as an English clause ("only 12 customers bought more than once; …").
    pub fn describe(&self) -> String {
        match self {
            Unreliable::TooFewRepeatCustomers { found, required } => format!(
                "only {found} customers bought more than once; the model needs at least {required}"
            ),
            Unreliable::NotConverged => "the model fit did not converge".into(),
            Unreliable::ParametersAtBounds => {
                "the model fit ran into a degenerate corner (a parameter at its bound)".into()
            }
            Unreliable::InfiniteMeanValue => {
                "the order-value model implies an infinite mean (q ≤ 1)".into()
            }
            Unreliable::FitFailed { error } => format!("the model could not be fitted: {error}"),
            Unreliable::NoDropout { mean_dropout } => format!(
                "the model sees almost no customer leaving (on average a {:.2} % chance after \
                 each purchase), so P(alive) is close to 1 for everyone and cannot tell who has left",
                mean_dropout * 100.0
            ),
        }
    }
}

/// A note for the seller about how the predictions were made: which fallback was taken and why,
/// or a warning. Structured (a `code` and the numbers) so that every screen says it in its own
/// language; [`PredictionNote::english`] is the CLI's sentence.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PredictionNote {
    /// Churn risk comes from the heuristic although the BG/NBD is used for expected purchases,
    /// next-order dates and CLV ([`Predictions::churn_unreliable`]).
    ChurnHeuristicModelKept {
        /// Why P(alive) is not used for churn risk.
        because: Vec<Unreliable>,
    },
    /// Churn risk comes from the heuristic and the BG/NBD is not used at all, so expected
    /// purchases, next-order dates and CLV are empty ([`Predictions::unreliable`]).
    ChurnHeuristicNoModel {
        /// Why the BG/NBD is not used.
        because: Vec<Unreliable>,
    },
    /// Expected order values are the customers' own mean repeat values
    /// ([`Predictions::value_unreliable`]).
    ObservedOrderValues {
        /// Why the Gamma-Gamma model is not used.
        because: Vec<Unreliable>,
    },
    /// Order value and frequency are correlated (Pearson `r`), against the Gamma-Gamma
    /// assumption.
    ValueFrequencyCorrelated {
        /// Pearson's r between purchase frequency and mean order value.
        r: f64,
    },
}

impl PredictionNote {
    /// The note as an English sentence (what the CLI prints).
    pub fn english(&self) -> String {
        let reasons = |u: &[Unreliable]| {
            u.iter()
                .map(Unreliable::describe)
                .collect::<Vec<_>>()
                .join("; ")
        };
        match self {
            PredictionNote::ChurnHeuristicModelKept { because } => format!(
                "Churn risk is estimated from each customer's usual gap between purchases, not from \
                 the BG/NBD model's P(alive), because {}. Expected purchases, next-order dates and \
                 CLV still come from the model; check them against the backtest.",
                reasons(because)
            ),
            PredictionNote::ChurnHeuristicNoModel { because } => format!(
                "Churn risk is estimated from each customer's usual gap between purchases, not from \
                 the BG/NBD model, because {}. Expected purchases, next-order dates and CLV need the \
                 model and are left empty.",
                reasons(because)
            ),
            PredictionNote::ObservedOrderValues { because } => format!(
                "Expected order values are the customers' own average repeat order values, not the \
                 Gamma-Gamma model's, because {}.",
                reasons(because)
            ),
            PredictionNote::ValueFrequencyCorrelated { r } => format!(
                "Order value and purchase frequency are correlated (r = {r:.2}); the Gamma-Gamma model \
                 assumes they are not, so expected order values may be biased."
            ),
        }
    }
}

impl std::fmt::Display for PredictionNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// Settings of [`predict`]; every field is echoed in the output.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PredictConfig {
    /// Window of `expected_purchases`, in days (default 90).
    pub horizon_days: f64,
    /// The next purchase is looked for up to this many days ahead (default 365).
    pub next_purchase_horizon_days: f64,
    /// CLV horizon in months (default 12).
    pub clv_months: u32,
    /// Monthly discount rate of CLV (default 0.01).
    pub monthly_discount: f64,
    /// Churn-risk cut-offs for the bands.
    pub churn_bands: ChurnBands,
    /// Repeat customers a fit needs to be trusted (default 100).
    pub min_repeat_customers: usize,
    /// |Pearson r| between frequency and value above which the Gamma-Gamma independence
    /// assumption is flagged (default 0.3).
    pub correlation_threshold: f64,
    /// Below this mean chance of leaving after a purchase, a / (a + b), P(alive) is not used
    /// for churn risk (default 0.01; [`Unreliable::NoDropout`]).
    pub min_mean_dropout: f64,
}

impl Default for PredictConfig {
    fn default() -> Self {
        PredictConfig {
            horizon_days: 90.0,
            next_purchase_horizon_days: 365.0,
            clv_months: 12,
            monthly_discount: 0.01,
            churn_bands: ChurnBands::default(),
            min_repeat_customers: 100,
            correlation_threshold: 0.3,
            min_mean_dropout: 0.01,
        }
    }
}

/// One customer's predictions. Model-only fields are None when the model is not used.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerPrediction {
    /// The caller's customer id.
    pub customer: u32,
    /// x: repeat purchase days.
    pub frequency: u32,
    /// t_x in `Predictions::unit`.
    pub recency: f64,
    /// T in `Predictions::unit`.
    pub age: f64,
    /// Mean repeat value (0 for one-time buyers).
    pub monetary: f64,
    /// Days from the last purchase day to the as-of day.
    pub days_since_last: i32,
    /// BG/NBD P(alive) at the as-of day; `None` without a usable model.
    pub p_alive: Option<f64>,
    /// Chance the customer has left: 1 − P(alive), or the heuristic (`Predictions::churn_method`).
    pub churn_risk: Option<f64>,
    /// `churn_risk` in bands.
    pub churn_band: Option<ChurnBand>,
    /// E[purchases in the next `horizon_days`].
    pub expected_purchases: Option<f64>,
    /// Day number by which one purchase is expected (E[X(t)] reaches 1), None when not within
    /// `next_purchase_horizon_days`.
    pub next_purchase_day: Option<i32>,
    /// The same in days after the as-of day (fractional).
    pub next_purchase_in_days: Option<f64>,
    /// Expected value of a future order (`Predictions::value_method` says which estimate).
    pub expected_order_value: Option<f64>,
    /// Discounted value of the next `clv_months` months (needs the BG/NBD).
    pub clv: Option<f64>,
}

/// Customers per churn band.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BandCounts {
    /// Low churn risk.
    pub low: usize,
    /// Medium churn risk.
    pub medium: usize,
    /// High churn risk.
    pub high: usize,
    /// No churn risk could be computed.
    pub unknown: usize,
}

/// Store-wide sums and means of the predictions.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictionTotals {
    /// Mean P(alive) over all customers; `None` without the model.
    pub mean_p_alive: Option<f64>,
    /// Σ expected purchases in the horizon.
    pub expected_purchases: Option<f64>,
    /// Σ CLV; `None` without the model.
    pub clv: Option<f64>,
    /// Customers per churn band.
    pub churn_bands: BandCounts,
}

/// Everything [`predict`] found.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predictions {
    /// Unit of every model time in the rows and fits.
    pub unit: TimeUnit,
    /// The as-of day (the summaries' observation end).
    pub as_of: i32,
    /// The settings used.
    pub config: PredictConfig,
    /// Customers predicted for.
    pub customers: usize,
    /// Of them, customers with a repeat purchase.
    pub repeat_customers: usize,
    /// The BG/NBD fit, when one could be run (used or not: see `unreliable`).
    pub bgnbd: Option<BgNbdFit>,
    /// The Gamma-Gamma fit, when one could be run (see `value_unreliable`).
    pub gamma_gamma: Option<GammaGammaFit>,
    /// Where churn risk came from.
    pub churn_method: ChurnMethod,
    /// Why the BG/NBD was not used (empty when it was).
    pub unreliable: Vec<Unreliable>,
    /// Why churn risk is not 1 − P(alive) although the BG/NBD is used for expected purchases,
    /// next-order dates and CLV (empty otherwise): [`Unreliable::NoDropout`].
    pub churn_unreliable: Vec<Unreliable>,
    /// Where expected order values came from.
    pub value_method: ValueMethod,
    /// Why the Gamma-Gamma model was not used (empty when it was).
    pub value_unreliable: Vec<Unreliable>,
    /// Frequency–value correlation of the repeat customers (the Gamma-Gamma check).
    pub correlation: Option<Correlation>,
    /// Notes for the seller (fallbacks, warnings), as codes with their numbers.
    pub notes: Vec<PredictionNote>,
    /// Store-wide totals.
    pub totals: PredictionTotals,
    /// One row per customer, in the summaries' order (by customer).
    pub rows: Vec<CustomerPrediction>,
}

pub(crate) fn reliability(
    conv: Option<&crate::optimize::Convergence>,
    repeat: usize,
    required: usize,
) -> Vec<Unreliable> {
    let mut v = Vec::new();
    if repeat < required {
        v.push(Unreliable::TooFewRepeatCustomers {
            found: repeat,
            required,
        });
    }
    if let Some(c) = conv {
        if !c.converged {
            v.push(Unreliable::NotConverged);
        }
        if c.at_bounds {
            v.push(Unreliable::ParametersAtBounds);
        }
    }
    v
}

/// Median of a non-empty slice (sorted in place).
fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

/// What the per-customer pass needs.
struct Ctx<'a> {
    s: &'a Summaries,
    cfg: &'a PredictConfig,
    bgnbd: Option<BgNbd>,
    /// Churn risk is 1 − P(alive) (else the heuristic, also when `bgnbd` is used for the rest).
    churn_from_model: bool,
    gg: Option<GammaGamma>,
    /// Fallback value of one purchase for one-time buyers without Gamma-Gamma.
    mean_value: Option<f64>,
    /// Fallback mean gap (days) for one-time buyers in the heuristic.
    typical_gap: Option<f64>,
}

impl Ctx<'_> {
    fn row(&self, c: &CustomerSummary) -> CustomerPrediction {
        let unit = self.s.unit;
        let per = unit.days();
        let days_since_last = self.s.observation_end - c.last_day;
        let value = match &self.gg {
            Some(gg) => gg.conditional_expected_value(c.frequency, c.monetary),
            None if c.frequency > 0 => Some(c.monetary),
            None => self.mean_value,
        };
        let mut row = CustomerPrediction {
            customer: c.customer,
            frequency: c.frequency,
            recency: c.recency,
            age: c.age,
            monetary: c.monetary,
            days_since_last,
            p_alive: None,
            churn_risk: None,
            churn_band: None,
            expected_purchases: None,
            next_purchase_day: None,
            next_purchase_in_days: None,
            expected_order_value: value,
            clv: None,
        };
        if let Some(m) = &self.bgnbd {
            let (x, tx, t) = (c.frequency, c.recency, c.age);
            if self.churn_from_model {
                let pa = m.p_alive(x, tx, t);
                row.p_alive = Some(pa);
                row.churn_risk = Some(1.0 - pa);
                row.churn_band = Some(self.cfg.churn_bands.band(1.0 - pa));
            }
            row.expected_purchases =
                finite(m.expected_purchases(x, tx, t, self.cfg.horizon_days / per));
            if let Some(tn) = m.time_to_expected_purchases(
                x,
                tx,
                t,
                1.0,
                self.cfg.next_purchase_horizon_days / per,
            ) {
                let days = tn * per;
                row.next_purchase_in_days = Some(days);
                row.next_purchase_day = Some(self.s.observation_end + days.ceil() as i32);
            }
            row.clv = value.and_then(|v| {
                finite(customer_lifetime_value(
                    m,
                    c,
                    v,
                    self.cfg.clv_months,
                    self.cfg.monthly_discount,
                    unit,
                ))
            });
        }
        if !self.churn_from_model {
            let gap = c.mean_gap_days().or(self.typical_gap);
            if let Some(g) = gap.filter(|g| *g > 0.0) {
                let risk = -(-f64::from(days_since_last) / g).exp_m1();
                row.churn_risk = Some(risk);
                row.churn_band = Some(self.cfg.churn_bands.band(risk));
            }
        }
        row
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Fits both models to `s`, checks them, and predicts every customer (on two threads when there
/// are many).
pub fn predict(s: &Summaries, cfg: &PredictConfig) -> Predictions {
    let repeat = s.repeat_customers();
    // The fits take a few milliseconds each; running them on two threads saved less than a thread
    // costs to schedule on a busy two-core machine, so they run one after the other.
    let bg = fit_bgnbd(s);
    let gg = fit_gamma_gamma(s);
    let mut notes = Vec::new();
    let (bgnbd, unreliable) = match bg {
        Ok(fit) => {
            let u = reliability(Some(&fit.convergence), repeat, cfg.min_repeat_customers);
            (Some(fit), u)
        }
        Err(e) => {
            let mut u = reliability(None, repeat, cfg.min_repeat_customers);
            u.push(Unreliable::FitFailed {
                error: e.to_string(),
            });
            (None, u)
        }
    };
    let (gamma_gamma, mut value_unreliable) = match gg {
        Ok(fit) => {
            let u = reliability(
                Some(&fit.convergence),
                fit.customers,
                cfg.min_repeat_customers,
            );
            (Some(fit), u)
        }
        Err(e) => {
            let mut u = reliability(None, repeat, cfg.min_repeat_customers);
            u.push(Unreliable::FitFailed {
                error: e.to_string(),
            });
            (None, u)
        }
    };
    if let Some(fit) = &gamma_gamma {
        if fit.params.mean().is_none() {
            value_unreliable.push(Unreliable::InfiniteMeanValue);
        }
    }
    // Near-zero dropout: P(alive) ≈ 1 for everyone, which says nothing about who has left (the
    // sample store fits a = 0.0034, b = 6.75: a 0.05 % chance of leaving after a purchase).
    let mut churn_unreliable = Vec::new();
    if let (true, Some(fit)) = (unreliable.is_empty(), &bgnbd) {
        let m = fit.params;
        let mean_dropout = m.a / (m.a + m.b);
        if mean_dropout < cfg.min_mean_dropout {
            churn_unreliable.push(Unreliable::NoDropout { mean_dropout });
        }
    }
    let model_used = unreliable.is_empty();
    let churn_method = if model_used && churn_unreliable.is_empty() {
        ChurnMethod::Model
    } else if model_used {
        notes.push(PredictionNote::ChurnHeuristicModelKept {
            because: churn_unreliable.clone(),
        });
        ChurnMethod::Heuristic
    } else {
        notes.push(PredictionNote::ChurnHeuristicNoModel {
            because: unreliable.clone(),
        });
        ChurnMethod::Heuristic
    };
    let value_method = if value_unreliable.is_empty() {
        ValueMethod::GammaGamma
    } else {
        notes.push(PredictionNote::ObservedOrderValues {
            because: value_unreliable.clone(),
        });
        ValueMethod::ObservedMean
    };
    let corr = correlation(s, cfg.correlation_threshold);
    if let Some(c) = corr.as_ref().filter(|c| c.warning) {
        notes.push(PredictionNote::ValueFrequencyCorrelated { r: c.r });
    }
    let repeat_values: Vec<f64> = s
        .customers
        .iter()
        .filter(|c| c.frequency > 0)
        .map(|c| c.monetary)
        .collect();
    let mut gaps: Vec<f64> = s
        .customers
        .iter()
        .filter_map(CustomerSummary::mean_gap_days)
        .collect();
    let ctx = Ctx {
        s,
        cfg,
        bgnbd: model_used
            .then(|| bgnbd.as_ref().map(|f| f.params))
            .flatten(),
        churn_from_model: churn_method == ChurnMethod::Model,
        gg: (value_method == ValueMethod::GammaGamma)
            .then(|| gamma_gamma.as_ref().map(|f| f.params))
            .flatten(),
        mean_value: (!repeat_values.is_empty())
            .then(|| repeat_values.iter().sum::<f64>() / repeat_values.len() as f64),
        typical_gap: median(&mut gaps),
    };
    let rows = rows_in_parallel(&ctx);
    let totals = totals(&rows, model_used, churn_method);
    Predictions {
        unit: s.unit,
        as_of: s.observation_end,
        config: cfg.clone(),
        customers: s.customers.len(),
        repeat_customers: repeat,
        bgnbd,
        gamma_gamma,
        churn_method,
        unreliable,
        churn_unreliable,
        value_method,
        value_unreliable,
        correlation: corr,
        notes,
        totals,
        rows,
    }
}

/// The per-customer pass, split in two halves on two threads when it is worth it; the rows are
/// concatenated in order, so the result does not depend on scheduling.
fn rows_in_parallel(ctx: &Ctx<'_>) -> Vec<CustomerPrediction> {
    let all = &ctx.s.customers;
    if all.len() < 4096 {
        return all.iter().map(|c| ctx.row(c)).collect();
    }
    let (left, right) = all.split_at(all.len() / 2);
    std::thread::scope(|scope| {
        let h = scope.spawn(|| right.iter().map(|c| ctx.row(c)).collect::<Vec<_>>());
        let mut rows: Vec<CustomerPrediction> = left.iter().map(|c| ctx.row(c)).collect();
        rows.extend(h.join().expect("prediction thread panicked"));
        rows
    })
}

fn totals(rows: &[CustomerPrediction], model_used: bool, method: ChurnMethod) -> PredictionTotals {
    let mut bands = BandCounts::default();
    for r in rows {
        match r.churn_band {
            Some(ChurnBand::Low) => bands.low += 1,
            Some(ChurnBand::Medium) => bands.medium += 1,
            Some(ChurnBand::High) => bands.high += 1,
            None => bands.unknown += 1,
        }
    }
    let model = model_used && !rows.is_empty();
    let sum = |f: fn(&CustomerPrediction) -> Option<f64>| -> Option<f64> {
        model.then(|| rows.iter().filter_map(f).sum())
    };
    PredictionTotals {
        mean_p_alive: sum(|r| r.p_alive)
            .filter(|_| method == ChurnMethod::Model)
            .map(|s| s / rows.len() as f64),
        expected_purchases: sum(|r| r.expected_purchases),
        clv: sum(|r| r.clv),
        churn_bands: bands,
    }
}
