//! # repeatlens-models — will this customer buy again, when, and for how much?
//!
//! Probability models and association rules, as pure functions: transactions or baskets in,
//! serialisable results out. No SQL, no I/O, no clock, no randomness; the same input gives the
//! same output (no HashMap iteration order reaches a result). Day numbers, customer and item ids
//! are the caller's (the CLI takes them from `repeatlens-analytics`' dataset).
//!
//! * [`summarize`] / [`calibration_and_holdout`]: transactions → (x, t_x, T, m̄) per customer,
//!   exactly as Python's `lifetimes` (`docs/definitions.md#lifetimes-summary`).
//! * [`fit_bgnbd`] / [`BgNbd`]: the BG/NBD model — P(alive), expected purchases, next purchase.
//! * [`fit_gamma_gamma`] / [`GammaGamma`]: expected order value, and the [`correlation`] check.
//! * [`customer_lifetime_value`]: discounted CLV over whole months, as lifetimes.
//! * [`predict`]: all of the above per customer, churn risk in bands, and the reliability gate
//!   with its heuristic fallback.
//! * [`backtest`]: fit on a calibration window, score the holdout by calibration frequency.
//! * [`basket_rules`] and [`sequence_rules`]: "bought together" and "A then B within N days".
//! * [`special`]: ln Γ, ψ, ψ′ and ₂F₁.
//!
//! Why a crate of its own beside `repeatlens-analytics`: the analysis is descriptive and runs on
//! every view; these are fitted models and searches with their own numerical machinery
//! (optimiser, special functions), reference tests and benchmarks, and they consume plain rows,
//! so they can evolve without touching the analysis document. Every published number they must
//! reproduce is a test (`tests/cdnow.rs`, `tests/rules.rs`) that names its source.
#![warn(missing_docs)]

mod backtest;
mod basket;
mod bgnbd;
mod clv;
mod gamma_gamma;
mod hash;
mod optimize;
mod predict;
mod sequence;
pub mod special;
mod summary;

pub use backtest::{backtest, Backtest, BacktestBucket, Verdict, BACKTEST_TOP_BUCKET};
pub use basket::{
    basket_rules, frequent_itemsets, BasketOptions, BasketRules, Consequents, Itemset, Rule,
    RulesError,
};
pub use bgnbd::{bgnbd_grouped_log_likelihood, bgnbd_log_likelihood, fit_bgnbd, BgNbd, BgNbdFit};
pub use clv::customer_lifetime_value;
pub use gamma_gamma::{
    correlation, fit_gamma_gamma, gamma_gamma_grouped_log_likelihood, Correlation, GammaGamma,
    GammaGammaFit,
};
pub use optimize::Convergence;
pub use predict::{
    predict, BandCounts, ChurnBand, ChurnBands, ChurnMethod, CustomerPrediction, PredictConfig,
    PredictionNote, PredictionTotals, Predictions, Unreliable, ValueMethod,
};
pub use sequence::{
    sequence_rules, sequence_rules_with_dense_limit, Purchase, SequenceOptions, SequenceRule,
    SequenceRules,
};
pub use summary::{
    calibration_and_holdout, summarize, CalibrationHoldout, CustomerSummary, HoldoutRow, Summaries,
    TimeUnit, Transaction,
};

/// Why a model could not be fitted at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FitError {
    /// The summaries hold no customer.
    NoCustomers,
    /// Nobody bought twice: the purchase and dropout processes are not identified.
    NoRepeatCustomers,
    /// Every customer's first purchase is on the last day (T = 0 for all).
    NoObservationTime,
    /// A summary row the model cannot describe (negative or non-finite time, recency beyond age…).
    BadSummary {
        /// The customer whose row it is.
        customer: u32,
        /// What is wrong with it.
        reason: String,
    },
    /// The likelihood was not finite at the optimiser's end.
    NonFinite,
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitError::NoCustomers => write!(f, "no customers to fit"),
            FitError::NoRepeatCustomers => write!(f, "no customer bought more than once"),
            FitError::NoObservationTime => {
                write!(
                    f,
                    "every customer was acquired on the last day of the window"
                )
            }
            FitError::BadSummary { customer, reason } => {
                write!(f, "customer {customer}: {reason}")
            }
            FitError::NonFinite => write!(f, "the likelihood is not finite at the optimum"),
        }
    }
}

impl std::error::Error for FitError {}
