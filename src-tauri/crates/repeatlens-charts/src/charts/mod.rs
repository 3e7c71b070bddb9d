//! The charts, and the plot frame they share: value and category axes drawn on plotters'
//! drawing area, in layout pixels, with tick labels thinned so they never overlap.

mod cohorts;
mod models;
mod repeat;
mod rfm;
mod time;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use crate::canvas::{nice_axis, ticks, Cx};
use crate::ChartError;

pub use cohorts::{cohort_retention, ltv_curves, revenue_retention};
pub use models::{
    backtest_chart, churn_risk_histogram, BacktestBar, BacktestSummary, BacktestVerdict,
};
pub use repeat::{kaplan_meier, repurchase_intervals, ItemKind};
pub use rfm::{eight_class, rf_heatmap, segment_sizes, tier_pareto};
pub use time::{churn_trend, customers_over_time, revenue_over_time};

/// Tick labels' size, in layout pixels.
pub(crate) const TICK_EM: f64 = 11.5;
/// Axis titles' size.
pub(crate) const DESC_EM: f64 = 12.0;
/// Category names on a bar chart's axis.
pub(crate) const NAME_EM: f64 = 12.5;

/// One axis: its data range (`lo` may be above `hi`: a reversed axis), labelled ticks, title.
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
    pub title: Option<String>,
    /// Grid lines across the plot at the ticks.
    pub grid: bool,
    /// Labels are category names (drawn in the text colour, thinned to fit).
    pub categorical: bool,
    /// (x axis only) The axis only sets the scale: no ticks, tick labels, grid or title, and no
    /// room kept for them (bars that carry their own value labels, when the height is short).
    pub hidden: bool,
    /// The tick labels' size, when not the default for the axis ([`NAME_EM`] for categories on
    /// a vertical axis, else [`TICK_EM`]).
    pub em: Option<f64>,
}

impl Axis {
    /// A value axis from `lo` to `hi` rounded out to nice ticks, `fmt(value, step)` labelling them.
    pub fn values(
        lo: f64,
        hi: f64,
        max_ticks: usize,
        fmt: &dyn Fn(f64, f64) -> String,
        title: Option<String>,
    ) -> Axis {
        let (start, end, step) = nice_axis(lo, hi, max_ticks);
        Axis {
            lo: start,
            hi: end,
            ticks: ticks(start, end, step)
                .into_iter()
                .map(|v| (v, fmt(v, step)))
                .collect(),
            title,
            grid: true,
            categorical: false,
            hidden: false,
            em: None,
        }
    }

    /// Categories 0..n at integer positions, centred in slots of width 1. `reversed` puts the
    /// first at the top (for a vertical axis).
    pub fn categories(labels: Vec<String>, title: Option<String>, reversed: bool) -> Axis {
        let n = labels.len().max(1) as f64;
        let (lo, hi) = if reversed {
            (n - 0.5, -0.5)
        } else {
            (-0.5, n - 0.5)
        };
        Axis {
            lo,
            hi,
            ticks: labels
                .into_iter()
                .enumerate()
                .map(|(i, l)| (i as f64, l))
                .collect(),
            title,
            grid: false,
            categorical: true,
            hidden: false,
            em: None,
        }
    }

    /// Widens the range to include `v` (for room beside bars), keeping the ticks.
    pub fn extend_to(&mut self, v: f64) {
        if self.hi >= self.lo {
            self.hi = self.hi.max(v);
        } else {
            self.lo = self.lo.max(v);
        }
    }

    /// The size of this axis's tick labels when it is the vertical one.
    fn y_em(&self) -> f64 {
        self.em
            .unwrap_or(if self.categorical { NAME_EM } else { TICK_EM })
    }

    fn max_label_width(&self, cx: &Cx, em: f64) -> f64 {
        self.ticks
            .iter()
            .map(|(_, l)| cx.width(l, em))
            .fold(0.0, f64::max)
    }
}

/// Where the data goes, in layout pixels of the body area.
pub(crate) struct Plot {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    xr: (f64, f64),
    yr: (f64, f64),
    /// Every how many x ticks a label is drawn.
    x_every: usize,
}

impl Plot {
    pub fn x(&self, v: f64) -> f64 {
        self.x0 + (v - self.xr.0) / (self.xr.1 - self.xr.0) * (self.x1 - self.x0)
    }
    pub fn y(&self, v: f64) -> f64 {
        self.y1 - (v - self.yr.0) / (self.yr.1 - self.yr.0) * (self.y1 - self.y0)
    }
    pub fn pt(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.x(x), self.y(y))
    }
    /// Width in layout pixels of one unit on the x axis.
    pub fn x_unit(&self) -> f64 {
        (self.x1 - self.x0) / (self.xr.1 - self.xr.0).abs()
    }
    /// Height in layout pixels of one unit on the y axis.
    pub fn y_unit(&self) -> f64 {
        (self.y1 - self.y0) / (self.yr.1 - self.yr.0).abs()
    }
}

/// Size in layout pixels of a drawing area.
pub(crate) fn dims<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, cx: &Cx) -> (f64, f64) {
    let (w, h) = area.dim_in_pixel();
    (cx.lp(w as i32), cx.lp(h as i32))
}

/// Lays out a plot in `area` for these axes: room on the left for y labels and title, below for
/// x labels and title; `right` extra layout pixels kept free on the right.
pub(crate) fn layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    x: &Axis,
    y: &Axis,
    right: f64,
) -> Plot {
    let (w, h) = dims(area, cx);
    let y_em = y.y_em();
    let y_labels = y.max_label_width(cx, y_em).min(w * 0.4);
    let left = y_labels
        + 8.0
        + if y.title.is_some() {
            DESC_EM + 10.0
        } else {
            0.0
        };
    let bottom = if x.hidden {
        2.0
    } else {
        TICK_EM * 1.4
            + 6.0
            + if x.title.is_some() {
                DESC_EM + 12.0
            } else {
                0.0
            }
    };
    // Half of the last x label may stick out on the right.
    let last = x
        .ticks
        .last()
        .filter(|_| !x.hidden)
        .map(|(_, l)| cx.width(l, TICK_EM) / 2.0)
        .unwrap_or(0.0);
    let (x0, x1) = (left, (w - right - last.min(40.0) - 4.0).max(left + 10.0));
    let top = if x.hidden { 2.0 } else { 8.0 };
    let (y0, y1) = (top, (h - bottom).max(top + 10.0));
    // Thin out category labels that would collide.
    let mut x_every = 1;
    if x.categorical && !x.ticks.is_empty() {
        let slot = (x1 - x0) / x.ticks.len() as f64;
        let need = x.max_label_width(cx, TICK_EM) + 10.0;
        x_every = (need / slot).ceil().max(1.0) as usize;
    }
    Plot {
        x0,
        y0,
        x1,
        y1,
        xr: (x.lo, x.hi),
        yr: (y.lo, y.hi),
        x_every,
    }
}

/// Grid lines, the baseline, tick labels and axis titles.
pub(crate) fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    p: &Plot,
    x: &Axis,
    y: &Axis,
) -> Result<(), ChartError> {
    let pal = &cx.pal;
    if y.grid {
        for (v, _) in &y.ticks {
            let py = p.y(*v);
            cx.line(area, &[(p.x0, py), (p.x1, py)], pal.grid, 1.0)?;
        }
    }
    if x.grid && !x.hidden {
        for (v, _) in &x.ticks {
            let px = p.x(*v);
            cx.line(area, &[(px, p.y0), (px, p.y1)], pal.grid, 1.0)?;
        }
    }
    // The x axis line: at 0 when the y range crosses it, else at the bottom.
    let (ylo, yhi) = (y.lo.min(y.hi), y.lo.max(y.hi));
    let base = if !y.categorical && ylo < 0.0 && yhi > 0.0 {
        p.y(0.0)
    } else {
        p.y1
    };
    cx.line(area, &[(p.x0, base), (p.x1, base)], pal.axis, 1.0)?;
    if x.categorical && x.grid {
        cx.line(area, &[(p.x0, p.y0), (p.x0, p.y1)], pal.axis, 1.0)?;
    }

    // Labels.
    let y_em = y.y_em();
    let y_color = if y.categorical { pal.text } else { pal.muted };
    let max_w = p.x0
        - 8.0
        - if y.title.is_some() {
            DESC_EM + 10.0
        } else {
            0.0
        };
    for (v, l) in &y.ticks {
        // (+0.5: the label area was sized to the widest label; do not cut it for rounding.)
        let l = cx.fit(l, y_em, max_w.max(20.0) + 0.5);
        cx.label(area, &l, p.x0 - 8.0, p.y(*v), y_em, y_color, HPos::Right)?;
    }
    let ly = p.y1 + 6.0 + TICK_EM * 0.7;
    for (i, (v, l)) in x.ticks.iter().enumerate() {
        if x.hidden || i % p.x_every != 0 {
            continue;
        }
        let px = p.x(*v);
        cx.line(area, &[(px, p.y1), (px, p.y1 + 4.0)], pal.axis, 1.0)?;
        cx.label(area, l, px, ly, TICK_EM, pal.muted, HPos::Center)?;
    }
    if let Some(t) = x.title.as_ref().filter(|_| !x.hidden) {
        let em = cx.fit_em(t, DESC_EM, 9.0, p.x1 - p.x0);
        cx.label(
            area,
            t,
            (p.x0 + p.x1) / 2.0,
            ly + TICK_EM * 0.7 + 6.0 + DESC_EM * 0.6,
            em,
            pal.muted,
            HPos::Center,
        )?;
    }
    if let Some(t) = &y.title {
        let em = cx.fit_em(t, DESC_EM, 9.0, p.y1 - p.y0);
        cx.vlabel(area, t, DESC_EM * 0.6, (p.y0 + p.y1) / 2.0, em, pal.muted)?;
    }
    Ok(())
}

/// A filled rectangle between two data points.
pub(crate) fn bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    p: &Plot,
    a: (f64, f64),
    b: (f64, f64),
    color: RGBColor,
) -> Result<(), ChartError> {
    let (ax, ay) = p.pt(a);
    let (bx, by) = p.pt(b);
    cx.rect(
        area,
        (ax.min(bx), ay.min(by)),
        (ax.max(bx), ay.max(by)),
        color.filled(),
    )
}

/// A polyline through data points.
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    p: &Plot,
    pts: &[(f64, f64)],
    color: RGBColor,
    width: f64,
) -> Result<(), ChartError> {
    let pts: Vec<(f64, f64)> = pts.iter().map(|&q| p.pt(q)).collect();
    cx.line(area, &pts, color, width)
}

/// A dashed polyline through layout points.
pub(crate) fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    pts: &[(f64, f64)],
    color: RGBColor,
    width: f64,
) -> Result<(), ChartError> {
    let pts: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (cx.px(x), cx.px(y))).collect();
    area.draw(&plotters::element::DashedPathElement::new(
        pts,
        cx.px(5.0),
        cx.px(4.0),
        color.stroke_width(cx.stroke(width)),
    ))
    .map_err(crate::canvas::draw_err)
}

/// A dot at a layout point: filled, or a ring filled with the background.
pub(crate) fn dot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    (x, y): (f64, f64),
    r: f64,
    color: RGBColor,
    hollow: bool,
) -> Result<(), ChartError> {
    let c = (cx.px(x), cx.px(y));
    area.draw(&Circle::new(c, cx.px(r), color.filled()))
        .map_err(crate::canvas::draw_err)?;
    if hollow {
        area.draw(&Circle::new(c, cx.px(r - 1.5).max(1), cx.pal.bg.filled()))
            .map_err(crate::canvas::draw_err)?;
    }
    Ok(())
}

/// Calendar periods of the cohort table: `YYYY-MM` months or `YYYY-Www` ISO weeks, as consecutive
/// integers so that cohort + k is period arithmetic.
pub(crate) mod period {
    use chrono::{Datelike, NaiveDate, Weekday};

    /// The index of `YYYY-MM` (months since year 0) or `YYYY-Www` (weeks since 1970-01-05).
    pub fn index(label: &str) -> Option<i64> {
        if let Some((y, w)) = label.split_once("-W") {
            let d = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)?;
            Some(week_of(d))
        } else {
            let (y, m) = label.split_once('-')?;
            let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
            (1..=12).contains(&m).then_some(y * 12 + m - 1)
        }
    }

    fn week_of(d: NaiveDate) -> i64 {
        let monday = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 5).expect("valid date");
        (monday - epoch).num_days().div_euclid(7)
    }

    /// The label of a period index.
    pub fn label(i: i64, weekly: bool) -> String {
        if weekly {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 5).expect("valid date");
            let d = epoch + chrono::Duration::weeks(i);
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        } else {
            format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
        }
    }

    /// Whether the period holding the as-of date `as_of` (YYYY-MM-DD) ends after it, i.e. is only
    /// partly observed. An unreadable date counts as a complete period.
    pub fn as_of_is_partial(as_of: &str, weekly: bool) -> bool {
        let Ok(d) = NaiveDate::parse_from_str(as_of, "%Y-%m-%d") else {
            return false;
        };
        let next = d.succ_opt().unwrap_or(d);
        if weekly {
            next.weekday() != Weekday::Mon
        } else {
            next.month() == d.month()
        }
    }

    /// The period index of a date.
    pub fn of_date(as_of: &str, weekly: bool) -> Option<i64> {
        let d = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").ok()?;
        Some(if weekly {
            week_of(d)
        } else {
            d.year() as i64 * 12 + d.month0() as i64
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn months_and_weeks_count_on() {
            let m = index("2010-12").unwrap();
            assert_eq!(label(m + 1, false), "2011-01");
            assert_eq!(label(m + 13, false), "2012-01");
            let w = index("2020-W53").unwrap();
            assert_eq!(label(w, true), "2020-W53");
            assert_eq!(label(w + 1, true), "2021-W01");
            assert_eq!(index("2011-13"), None);
            assert_eq!(index("nonsense"), None);
            assert!(as_of_is_partial("2011-12-10", false));
            assert!(!as_of_is_partial("2011-12-31", false));
            assert!(!as_of_is_partial("2024-06-09", true)); // a Sunday
            assert!(as_of_is_partial("2024-06-05", true));
            assert_eq!(of_date("2011-12-10", false), index("2011-12"));
            assert_eq!(of_date("2021-01-06", true), index("2021-W01"));
        }
    }
}
