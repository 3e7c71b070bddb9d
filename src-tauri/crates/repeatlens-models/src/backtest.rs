//! Does the model predict this store? Fit on a calibration window, predict each customer's
//! purchases in the holdout that follows, and compare with what they actually bought — in total
//! and grouped by how often they bought during calibration (FHL 2005's conditional-expectation
//! plot, frequencies 0..7+).
//!
//! Why grouped by calibration frequency: a total can be right for the wrong reasons (errors of
//! light and heavy buyers cancelling); the groups show whether the model ranks customers right,
//! which is what a seller acts on (who to target). The one-line verdict uses the total's relative
//! error with conventional cut-offs (≤ 10 % good, ≤ 25 % fair, else poor); CDNOW's sample, the
//! paper's own data, lands at −12 % (the model under-predicts its 1998 holdout), i.e. "fair".

use serde::Serialize;

use crate::bgnbd::{fit_bgnbd, BgNbdFit};
use crate::predict::{reliability, PredictConfig, Unreliable};
use crate::summary::{calibration_and_holdout, TimeUnit, Transaction};
use crate::FitError;

/// Customers with the same calibration frequency (the last group: that many or more).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestBucket {
    /// Calibration frequency x (for the last bucket, the lower bound of "7+").
    pub frequency: u32,
    /// "0" … "6", "7+".
    pub label: String,
    /// Customers in the bucket.
    pub customers: usize,
    /// Mean actual purchase days in the holdout.
    pub actual_mean: f64,
    /// Mean E[X(holdout) | calibration].
    pub predicted_mean: f64,
}

/// How close the predicted holdout total came to the actual one: within 10 % good, within 25 %
/// fair, else poor.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Total off by at most 10 %.
    Good,
    /// Off by more than 10 %, at most 25 %.
    Fair,
    /// Off by more than 25 %.
    Poor,
}

/// A BG/NBD fitted on a calibration window and scored on the holdout that follows: how far the
/// model's predictions can be trusted on this store.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Unit of every time and of the fit.
    pub unit: TimeUnit,
    /// Last day (day number) of the calibration window.
    pub calibration_end: i32,
    /// Last day of the holdout.
    pub observation_end: i32,
    /// Holdout length in the unit.
    pub holdout_length: f64,
    /// The fit on the calibration window.
    pub fit: BgNbdFit,
    /// Why the calibration fit is not to be trusted (the rules of `predict`); empty when it is.
    pub unreliable: Vec<Unreliable>,
    /// Actual vs predicted holdout purchases by calibration frequency (x = 0 … 6, 7+).
    pub buckets: Vec<BacktestBucket>,
    /// Repeat purchase days in the holdout, all calibration customers.
    pub actual_total: u64,
    /// Σ E[X(holdout)] over the calibration customers.
    pub predicted_total: f64,
    /// (predicted − actual) / actual; None without holdout purchases (or if a prediction could
    /// not be computed).
    pub relative_error: Option<f64>,
    /// `relative_error` in one word; `None` when there is no error to judge.
    pub verdict: Option<Verdict>,
    /// One line for the seller, e.g. "Predicted 1,653 purchases, actual 1,882 (−12.1 %): fair".
    pub summary: String,
}

/// The last bucket holds this frequency and above.
pub const BACKTEST_TOP_BUCKET: u32 = 7;

/// Fits BG/NBD on purchases up to `calibration_end` (inclusive) and scores its predictions for
/// `(calibration_end, observation_end]`.
pub fn backtest(
    tx: &[Transaction],
    calibration_end: i32,
    observation_end: i32,
    unit: TimeUnit,
) -> Result<Backtest, FitError> {
    let split = calibration_and_holdout(tx, calibration_end, observation_end, unit);
    let fit = fit_bgnbd(&split.calibration())?;
    let m = fit.params;
    let t = split.duration_holdout;
    let nb = BACKTEST_TOP_BUCKET as usize + 1;
    let mut n = vec![0usize; nb];
    let mut actual = vec![0u64; nb];
    let mut predicted = vec![0.0f64; nb];
    for r in &split.rows {
        let c = &r.calibration;
        let k = (c.frequency.min(BACKTEST_TOP_BUCKET)) as usize;
        n[k] += 1;
        actual[k] += u64::from(r.frequency_holdout);
        predicted[k] += m.expected_purchases(c.frequency, c.recency, c.age, t);
    }
    let buckets = (0..nb)
        .map(|k| BacktestBucket {
            frequency: k as u32,
            label: if k as u32 == BACKTEST_TOP_BUCKET {
                format!("{k}+")
            } else {
                k.to_string()
            },
            customers: n[k],
            actual_mean: if n[k] > 0 {
                actual[k] as f64 / n[k] as f64
            } else {
                0.0
            },
            predicted_mean: if n[k] > 0 {
                predicted[k] / n[k] as f64
            } else {
                0.0
            },
        })
        .collect();
    let actual_total: u64 = actual.iter().sum();
    let predicted_total: f64 = predicted.iter().sum();
    let relative_error = (actual_total > 0 && predicted_total.is_finite())
        .then(|| (predicted_total - actual_total as f64) / actual_total as f64);
    let unreliable = reliability(
        Some(&fit.convergence),
        fit.repeat_customers,
        PredictConfig::default().min_repeat_customers,
    );
    let verdict = relative_error.map(|e| match e.abs() {
        x if x <= 0.10 => Verdict::Good,
        x if x <= 0.25 => Verdict::Fair,
        _ => Verdict::Poor,
    });
    let mut summary = match (relative_error, verdict) {
        (Some(e), Some(v)) => format!(
            "Predicted {} purchases in the holdout, actual {} ({:+.1} %): {}",
            group_thousands(predicted_total.round() as u64),
            group_thousands(actual_total),
            e * 100.0,
            match v {
                Verdict::Good => "good",
                Verdict::Fair => "fair",
                Verdict::Poor => "poor",
            }
        ),
        _ if !predicted_total.is_finite() => {
            "Some predictions could not be computed: the model cannot be checked".to_string()
        }
        _ => "No repeat purchases in the holdout: the model cannot be checked".to_string(),
    };
    if !unreliable.is_empty() {
        summary.push_str(&format!(
            " (the calibration fit is unreliable: {})",
            unreliable
                .iter()
                .map(Unreliable::describe)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    Ok(Backtest {
        unit,
        calibration_end,
        observation_end,
        holdout_length: t,
        fit,
        unreliable,
        buckets,
        actual_total,
        predicted_total,
        relative_error,
        verdict,
        summary,
    })
}

fn group_thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
