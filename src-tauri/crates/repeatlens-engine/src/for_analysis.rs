//! What the app's screens and the CLI both derive from one analysis: its day, the models'
//! predictions as of that day, and the Predictions screen's two charts.
//!
//! Why here and not in the shell: the shell used to parse the analysis date, fit the models and
//! word the backtest subtitle itself, so the CLI and the app could disagree (they did, on the
//! backtest window). Both now call these.

use repeatlens_analytics::{days, Analysis, Dataset};
use repeatlens_charts::{Format, Lang, Theme};

use crate::{prediction_set, EngineError, PredictionSet};

/// The analysis date (`as_of.date`, YYYY-MM-DD), for re-running an analysis as of its day.
pub fn analysis_date(a: &Analysis) -> Result<chrono::NaiveDate, EngineError> {
    chrono::NaiveDate::parse_from_str(&a.as_of.date, "%Y-%m-%d")
        .map_err(|e| EngineError::Dataset(format!("analysis date '{}': {e}", a.as_of.date)))
}

/// The analysis date as a day number (the day the models predict from).
pub fn analysis_day(a: &Analysis) -> Result<i32, EngineError> {
    analysis_date(a).map(days::day_number)
}

/// BG/NBD + Gamma-Gamma predictions of the analysis' customers as of its date, with the default
/// configuration (the one every screen and export uses); None when nobody bought by then.
pub fn predictions_for(ds: &Dataset, a: &Analysis) -> Result<Option<PredictionSet>, EngineError> {
    Ok(prediction_set(
        ds,
        analysis_day(a)?,
        &repeatlens_models::PredictConfig::default(),
    ))
}

/// The Predictions screen's charts.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InsightChart {
    /// Actual vs predicted purchases in the holdout, by calibration frequency.
    Backtest,
    /// Customers by predicted churn risk, with the band limits.
    ChurnRisk,
}

impl InsightChart {
    /// The name in file names (`backtest`, `churn-risk`).
    pub fn name(self) -> &'static str {
        match self {
            InsightChart::Backtest => "backtest",
            InsightChart::ChurnRisk => "churn-risk",
        }
    }
}

/// Draws one of the Predictions charts; None when there is nothing to draw it from (no
/// backtest: too short a history, or its fit failed).
pub fn insight_chart(
    set: &PredictionSet,
    kind: InsightChart,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Option<Vec<u8>>, EngineError> {
    let r = &set.report;
    Ok(match kind {
        InsightChart::Backtest => match &r.backtest {
            None => None,
            Some(b) => {
                let bars: Vec<repeatlens_charts::BacktestBar> = b
                    .result
                    .buckets
                    .iter()
                    .map(|k| repeatlens_charts::BacktestBar {
                        label: k.label.clone(),
                        customers: k.customers as u64,
                        actual_mean: k.actual_mean,
                        predicted_mean: k.predicted_mean,
                    })
                    .collect();
                let summary = repeatlens_charts::backtest_summary(&backtest_summary(b), lang);
                Some(repeatlens_charts::backtest_chart(
                    &bars, &summary, lang, theme, format, size,
                )?)
            }
        },
        InsightChart::ChurnRisk => {
            let bands = r.predictions.config.churn_bands;
            Some(repeatlens_charts::churn_risk_histogram(
                &r.risk_histogram,
                bands.medium_from,
                bands.high_from,
                lang,
                theme,
                format,
                size,
            )?)
        }
    })
}

/// The numbers of a backtest's subtitle.
pub fn backtest_summary(b: &crate::BacktestReport) -> repeatlens_charts::BacktestSummary {
    use repeatlens_charts::BacktestVerdict as V;
    let r = &b.result;
    repeatlens_charts::BacktestSummary {
        calibration_end: b.calibration_end.clone(),
        holdout_days: b.holdout_days,
        predicted_total: r.predicted_total,
        actual_total: r.actual_total,
        relative_error: r.relative_error,
        verdict: r.verdict.map(|v| match v {
            repeatlens_models::Verdict::Good => V::Good,
            repeatlens_models::Verdict::Fair => V::Fair,
            repeatlens_models::Verdict::Poor => V::Poor,
        }),
    }
}
