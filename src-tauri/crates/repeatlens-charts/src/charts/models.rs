//! The Predictions screen: how well the purchase model predicted a holdout it did not see
//! (backtest), and how churn risk is spread over the customers.
//!
//! Unlike the other charts these take plain numbers, not a part of an `Analysis`: the models are
//! a crate of their own (`repeatlens-models`), run on demand, and this crate stays free of them.
//! So they have no [`crate::ChartKind`] and [`crate::render`] does not draw them; the caller hands
//! over the buckets or bins it already has (and, for the backtest, its own localised summary).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::{bar, draw_axes, layout, Axis, Plot};
use crate::canvas::{output, Chart, Cx, Key, Mark, Palette};
use crate::text::{self, compact, dec_tick, int, mean, pct_range, L};
use crate::{ChartError, Format, Lang, Theme};

/// Size of the value labels over bars.
const VALUE_EM: f64 = 10.5;

/// How well the model's backtest did, as the models crate grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacktestVerdict {
    /// Within 10 % of what happened.
    Good,
    /// Within 25 %.
    Fair,
    /// Further off.
    Poor,
}

/// The numbers of the backtest chart's one-line subtitle.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestSummary {
    /// The last day the model was fitted on (YYYY-MM-DD).
    pub calibration_end: String,
    /// Days held out after it.
    pub holdout_days: i32,
    /// Purchases the model expected in the holdout.
    pub predicted_total: f64,
    /// Purchases that happened.
    pub actual_total: u64,
    /// (predicted − actual) / actual, None without actual purchases.
    pub relative_error: Option<f64>,
    /// None when there is nothing to grade.
    pub verdict: Option<BacktestVerdict>,
}

/// One group of the backtest: the customers who bought `label` times in the calibration period,
/// and their mean purchases in the holdout, actual and predicted.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestBar {
    /// The calibration frequency: "0" … "6", "7+".
    pub label: String,
    /// Customers in the group. A group without customers has no means and draws no bars.
    pub customers: u64,
    /// Mean purchases per customer in the holdout, as they happened.
    pub actual_mean: f64,
    /// Mean purchases per customer in the holdout, as the model predicted them.
    pub predicted_mean: f64,
}

/// Whether value labels centred `pitch` layout pixels apart (the closest two bars) stay clear of
/// each other.
fn room_for(labels: &[String], pitch: f64, cx: &Cx) -> bool {
    labels.iter().all(|l| cx.width(l, VALUE_EM) + 4.0 <= pitch)
}

/// A value label just above the top of a bar.
fn value_over<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    p: &Plot,
    (x, v): (f64, f64),
    s: &str,
) -> Result<(), ChartError> {
    let (px, py) = p.pt((x, v));
    cx.label(area, s, px, py - 9.0, VALUE_EM, cx.pal.muted, HPos::Center)
}

struct BacktestChart<'a> {
    buckets: &'a [BacktestBar],
    summary: &'a str,
}

impl BacktestChart<'_> {
    /// The groups with customers, whose means are numbers.
    fn drawn(&self) -> impl Iterator<Item = (usize, &BacktestBar)> {
        self.buckets.iter().enumerate().filter(|(_, b)| {
            b.customers > 0 && b.actual_mean.is_finite() && b.predicted_mean.is_finite()
        })
    }
}

impl Chart for BacktestChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::BACKTEST_TITLE).to_string()
    }
    fn subtitle(&self, _cx: &Cx) -> Option<String> {
        let s = self.summary.trim();
        (!s.is_empty()).then(|| s.to_string())
    }
    fn is_empty(&self) -> bool {
        self.drawn().next().is_none()
    }
    fn empty_hint(&self, cx: &Cx) -> String {
        cx.t(text::BACKTEST_EMPTY_HINT).to_string()
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        vec![
            Key {
                label: cx.t(text::ACTUAL).into(),
                color: cx.pal.accent,
                mark: Mark::Square,
            },
            Key {
                label: cx.t(text::PREDICTED).into(),
                color: cx.pal.accent2,
                mark: Mark::Square,
            },
        ]
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let hi = self
            .drawn()
            .map(|(_, b)| b.actual_mean.max(b.predicted_mean))
            .fold(0.0, f64::max)
            .max(0.1);
        let y = Axis::values(
            0.0,
            hi * 1.12,
            5,
            &dec_tick,
            Some(cx.t(text::HOLDOUT_AXIS).to_string()),
        );
        let x = Axis::categories(
            self.buckets.iter().map(|b| b.label.clone()).collect(),
            Some(cx.t(text::CALIBRATION_AXIS).to_string()),
            false,
        );
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        // Two bars side by side in 76 % of each slot, a sliver apart.
        let (w, gap) = (0.36, 0.02);
        let labels: Vec<String> = self
            .drawn()
            .flat_map(|(_, b)| [mean(b.actual_mean), mean(b.predicted_mean)])
            .collect();
        let show_values = room_for(&labels, (w + 2.0 * gap) * p.x_unit(), cx);
        let pal = &cx.pal;
        for (i, b) in self.drawn() {
            let xi = i as f64;
            let (a, pr) = (b.actual_mean.max(0.0), b.predicted_mean.max(0.0));
            bar(area, cx, &p, (xi - gap - w, 0.0), (xi - gap, a), pal.accent)?;
            bar(
                area,
                cx,
                &p,
                (xi + gap, 0.0),
                (xi + gap + w, pr),
                pal.accent2,
            )?;
            if show_values {
                value_over(area, cx, &p, (xi - gap - w / 2.0, a), &mean(a))?;
                value_over(area, cx, &p, (xi + gap + w / 2.0, pr), &mean(pr))?;
            }
        }
        Ok(())
    }
}

/// The backtest of the purchase model, grouped by calibration frequency: per group, the mean
/// purchases per customer in the holdout as they happened ("Actual") and as predicted
/// ("Predicted"), side by side. Groups without customers are left empty. `summary` — the
/// model's one-line verdict, already in `lang` — is the subtitle.
pub fn backtest_chart(
    buckets: &[BacktestBar],
    summary: &str,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(
        &BacktestChart { buckets, summary },
        lang,
        theme,
        format,
        size,
    )
}

/// The churn-risk bands: below `medium_from` low, below `high_from` medium, the rest high.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    Low,
    Medium,
    High,
}

/// The band of a risk (a bin's lower edge); a hair of tolerance so 0.3 computed as 3 / 10 is not
/// put below a cut-off written 0.3.
fn band(risk: f64, medium_from: f64, high_from: f64) -> Band {
    const EPS: f64 = 1e-9;
    if risk + EPS >= high_from {
        Band::High
    } else if risk + EPS >= medium_from {
        Band::Medium
    } else {
        Band::Low
    }
}

fn band_color(b: Band, pal: &Palette) -> RGBColor {
    match b {
        Band::Low => pal.good,
        Band::Medium => pal.watch,
        Band::High => pal.risk,
    }
}

struct ChurnRiskChart<'a> {
    bins: &'a [u64],
    medium_from: f64,
    high_from: f64,
}

impl Chart for ChurnRiskChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::CHURN_RISK_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(text::customers_total(self.bins.iter().sum(), cx.lang))
    }
    fn is_empty(&self) -> bool {
        self.bins.iter().all(|n| *n == 0)
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        let (m, h) = (self.medium_from, self.high_from);
        let bands: [(Band, L, Option<f64>, Option<f64>); 3] = [
            (Band::Low, text::LOW_RISK, None, Some(m)),
            (Band::Medium, text::MEDIUM_RISK, Some(m), Some(h)),
            (Band::High, text::HIGH_RISK, Some(h), None),
        ];
        bands
            .into_iter()
            .map(|(b, l, from, to)| Key {
                label: text::risk_band(l, from, to, cx.lang),
                color: band_color(b, &cx.pal),
                mark: Mark::Square,
            })
            .collect()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let lang = cx.lang;
        let n = self.bins.len().max(1) as f64;
        let hi = self.bins.iter().copied().max().unwrap_or(0) as f64;
        let fmt = |v: f64, _: f64| compact(v, lang);
        let y = Axis::values(
            0.0,
            hi * 1.1,
            5,
            &fmt,
            Some(cx.t(text::CUSTOMERS_AXIS).to_string()),
        );
        let x = Axis::categories(
            (0..self.bins.len())
                .map(|i| pct_range(i as f64 / n, (i + 1) as f64 / n))
                .collect(),
            Some(cx.t(text::CHURN_RISK_AXIS).to_string()),
            false,
        );
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        let half = 0.4;
        let values: Vec<String> = self.bins.iter().map(|v| int(*v)).collect();
        let show_values = room_for(&values, p.x_unit(), cx);
        for (i, v) in self.bins.iter().enumerate() {
            let xi = i as f64;
            let b = band(i as f64 / n, self.medium_from, self.high_from);
            let c = band_color(b, &cx.pal);
            bar(area, cx, &p, (xi - half, 0.0), (xi + half, *v as f64), c)?;
            if show_values && *v > 0 {
                value_over(area, cx, &p, (xi, *v as f64), &values[i])?;
            }
        }
        Ok(())
    }
}

/// Customers per tenth of churn risk (`bins[0]` holds risks in [0, 0.1), …, `bins[9]` in
/// [0.9, 1]; another number of bins splits 0–1 evenly the same way), each bar in the colour of
/// its band — low below `medium_from`, medium below `high_from`, high from there on — judged by
/// the bin's lower edge.
pub fn churn_risk_histogram(
    bins: &[u64],
    medium_from: f64,
    high_from: f64,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let chart = ChurnRiskChart {
        bins,
        medium_from,
        high_from,
    };
    output(&chart, lang, theme, format, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_take_the_band_of_their_lower_edge() {
        let bands: Vec<Band> = (0..10).map(|i| band(i as f64 / 10.0, 0.3, 0.7)).collect();
        use Band::*;
        assert_eq!(
            bands,
            [Low, Low, Low, Medium, Medium, Medium, Medium, High, High, High]
        );
        // A cut-off inside a bin leaves the bin in the band below.
        assert_eq!(band(0.3, 0.35, 0.7), Low);
        assert_eq!(band(0.7 - 1e-12, 0.3, 0.7), High);
    }
}
