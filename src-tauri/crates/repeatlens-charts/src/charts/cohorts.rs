//! Cohorts: customer and revenue retention heatmaps, and the LTV curves.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use repeatlens_analytics::{CohortRow, Cohorts};

use super::{dims, draw_axes, layout, period, polyline, Axis, DESC_EM, TICK_EM};
use crate::canvas::{mix, output, Chart, Cx};
use crate::text::{self, compact, int, pct};
use crate::{ChartError, Format, Lang, Theme};

/// At most this many cohorts (the latest) in a heatmap.
const MAX_HEAT_ROWS: usize = 24;
/// Rows are never thinner than this many layout pixels; fewer cohorts are shown instead.
const MIN_CELL_H: f64 = 11.0;
/// At most this many cohort lines on the LTV chart.
const MAX_LINES: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Customers,
    Revenue,
}

fn cells(r: &CohortRow, m: Measure) -> Vec<Option<f64>> {
    match m {
        Measure::Customers => r.customer_retention.iter().map(|v| Some(*v)).collect(),
        Measure::Revenue => r.revenue_retention.clone(),
    }
}

/// Where the cells go: the latest `rows` cohorts from `first`, `cols` periods.
#[derive(Debug, Clone, PartialEq)]
struct Grid {
    first: usize,
    rows: usize,
    cols: usize,
    x0: f64,
    y0: f64,
    cell_w: f64,
    cell_h: f64,
}

impl Grid {
    /// The rectangle of cell (row i of the shown rows, period k), one pixel apart.
    fn cell(&self, i: usize, k: usize) -> ((f64, f64), (f64, f64)) {
        let x = self.x0 + k as f64 * self.cell_w;
        let y = self.y0 + i as f64 * self.cell_h;
        (
            (x + 0.5, y + 0.5),
            (x + self.cell_w - 0.5, y + self.cell_h - 0.5),
        )
    }
}

/// Header (axis title and period numbers) above, colour key below, row labels on the left.
const HEADER: f64 = DESC_EM + 8.0 + TICK_EM * 1.4 + 4.0;
const FOOTER: f64 = 30.0;

fn grid_layout(rows: &[CohortRow], w: f64, h: f64, label_w: f64) -> Grid {
    let avail_h = (h - HEADER - FOOTER).max(MIN_CELL_H);
    let fit = ((avail_h / MIN_CELL_H).floor() as usize).max(1);
    let shown = rows.len().min(MAX_HEAT_ROWS).min(fit);
    let first = rows.len() - shown;
    let cols = rows[first..]
        .iter()
        .map(|r| r.customer_retention.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let cell_w = ((w - label_w) / cols as f64).clamp(4.0, 90.0);
    let cell_h = (avail_h / shown.max(1) as f64).min(32.0);
    Grid {
        first,
        rows: shown,
        cols,
        x0: label_w,
        y0: HEADER,
        cell_w,
        cell_h,
    }
}

struct HeatChart<'a> {
    c: &'a Cohorts,
    m: Measure,
    as_of: &'a str,
}

impl HeatChart<'_> {
    fn weekly(&self) -> bool {
        self.c.period == "iso_week"
    }
}

impl Chart for HeatChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(match self.m {
            Measure::Customers => text::COHORT_TITLE,
            Measure::Revenue => text::REVENUE_RETENTION_TITLE,
        })
        .to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        let base = cx.t(match (self.m, self.weekly()) {
            (Measure::Customers, false) => text::COHORT_SUBTITLE,
            (Measure::Customers, true) => text::COHORT_SUBTITLE_WEEK,
            (Measure::Revenue, false) => text::REVENUE_RETENTION_SUBTITLE,
            (Measure::Revenue, true) => text::REVENUE_RETENTION_SUBTITLE_WEEK,
        });
        Some(base.to_string())
    }
    fn is_empty(&self) -> bool {
        self.c.rows.is_empty()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let (w, h) = dims(area, cx);
        let pal = &cx.pal;
        let rows = &self.c.rows;
        let name_w = rows
            .iter()
            .map(|r| cx.width(&r.cohort, TICK_EM))
            .fold(0.0, f64::max);
        let count_w = rows
            .iter()
            .map(|r| cx.width(&int(r.customers), TICK_EM))
            .fold(0.0, f64::max);
        let (axis, size) = (cx.t(text::COHORT_AXIS), cx.t(text::COHORT_SIZE));
        let label_w =
            (name_w + count_w).max(cx.width(axis, TICK_EM) + cx.width(size, TICK_EM)) + 22.0;
        let g = grid_layout(rows, w, h, label_w);
        let shown = &rows[g.first..];

        // The colour scale tops out at the largest value after period 0 (period 0 of customer
        // retention is always 100 % and would wash out the rest).
        let top = shown
            .iter()
            .flat_map(|r| cells(r, self.m).into_iter().skip(1).flatten())
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
            .max(0.01);

        // Header: axis title and period numbers.
        let grid_right = g.x0 + g.cols as f64 * g.cell_w;
        let title = cx.t(if self.weekly() {
            text::WEEKS_SINCE
        } else {
            text::MONTHS_SINCE
        });
        cx.label(
            area,
            title,
            (g.x0 + grid_right) / 2.0,
            DESC_EM * 0.6,
            DESC_EM,
            pal.muted,
            HPos::Center,
        )?;
        let every = ((cx.width("00", TICK_EM) + 6.0) / g.cell_w).ceil().max(1.0) as usize;
        let num_y = DESC_EM + 8.0 + TICK_EM * 0.7;
        for k in (0..g.cols).step_by(every) {
            let x = g.x0 + (k as f64 + 0.5) * g.cell_w;
            cx.label(
                area,
                &k.to_string(),
                x,
                num_y,
                TICK_EM,
                pal.muted,
                HPos::Center,
            )?;
        }
        cx.label(area, axis, 0.0, num_y, TICK_EM, pal.muted, HPos::Left)?;
        cx.label(
            area,
            size,
            label_w - 12.0,
            num_y,
            TICK_EM,
            pal.muted,
            HPos::Right,
        )?;
        let partial = period::as_of_is_partial(self.as_of, self.weekly());

        // Cells. Periods after the as-of period are not in the arrays and get nothing at all.
        let em = (g.cell_h * 0.5).min(11.5);
        let decimals = if g.cell_w >= cx.width("100.0%", em) + 6.0 {
            Some(1)
        } else if g.cell_w >= cx.width("100%", em) + 4.0 {
            Some(0)
        } else {
            None
        };
        for (i, r) in shown.iter().enumerate() {
            let cy = g.y0 + (i as f64 + 0.5) * g.cell_h;
            let row_em = em.clamp(8.0, TICK_EM);
            cx.label(area, &r.cohort, 0.0, cy, row_em, pal.text, HPos::Left)?;
            cx.label(
                area,
                &int(r.customers),
                label_w - 12.0,
                cy,
                row_em,
                pal.muted,
                HPos::Right,
            )?;
            let values = cells(r, self.m);
            let last = values.len().saturating_sub(1);
            for (k, v) in values.into_iter().enumerate() {
                let (a, b) = g.cell(i, k);
                let mid = ((a.0 + b.0) / 2.0, cy);
                match v {
                    Some(v) => {
                        let color = pal.heat(v / top);
                        cx.rect(area, a, b, color.filled())?;
                        if let (Some(d), true) = (decimals, em >= 7.0) {
                            let fg = pal.text_on(color);
                            cx.label(area, &pct(v, d), mid.0, mid.1, em, fg, HPos::Center)?;
                        }
                    }
                    // Revenue retention of a cohort whose first period had no positive revenue.
                    None => {
                        if em >= 7.0 {
                            cx.label(area, "–", mid.0, mid.1, em, pal.muted, HPos::Center)?;
                        }
                    }
                }
                if partial && k == last {
                    // The as-of period: observed only up to the as-of date.
                    let style = pal.text.stroke_width(cx.stroke(1.5));
                    cx.rect(area, (a.0 + 0.5, a.1 + 0.5), (b.0 - 0.5, b.1 - 0.5), style)?;
                }
            }
        }

        // Colour key, bottom right; and how many cohorts are shown when not all.
        let key_y = g.y0 + g.rows as f64 * g.cell_h + 14.0;
        let key_w = 140.0_f64.min(w * 0.4);
        let hi_label = format!("{}+", pct(top, 0));
        let hi_w = cx.width(&hi_label, TICK_EM);
        let kx1 = (grid_right.min(w) - hi_w - 6.0).max(key_w + 30.0);
        let kx0 = kx1 - key_w;
        let steps = 28;
        for s in 0..steps {
            let t0 = s as f64 / steps as f64;
            let x = kx0 + t0 * key_w;
            cx.rect(
                area,
                (x, key_y - 5.0),
                (x + key_w / steps as f64 + 0.3, key_y + 5.0),
                pal.heat(t0 + 0.5 / steps as f64).filled(),
            )?;
        }
        cx.label(
            area,
            "0%",
            kx0 - 5.0,
            key_y,
            TICK_EM,
            pal.muted,
            HPos::Right,
        )?;
        cx.label(
            area,
            &hi_label,
            kx1 + 5.0,
            key_y,
            TICK_EM,
            pal.muted,
            HPos::Left,
        )?;
        let mut notes = Vec::new();
        if partial {
            notes.push(
                cx.t(if self.weekly() {
                    text::PARTIAL_CELLS_WEEK
                } else {
                    text::PARTIAL_CELLS
                })
                .to_string(),
            );
        }
        if g.rows < rows.len() {
            notes.push(text::cohorts_shown(g.rows, rows.len(), cx.lang));
        }
        let note = cx.fit(&notes.join(cx.t(text::SEP)), TICK_EM, kx0 - 40.0);
        cx.label(area, &note, 0.0, key_y, TICK_EM, pal.muted, HPos::Left)?;
        Ok(())
    }
}

/// Customer retention as a heatmap: a row per cohort (the latest 24 at most), a column per period
/// since the first purchase; each cell the share of the cohort buying in that period. Cells after
/// the as-of period are left out (blank), never drawn as 0; the as-of period's cells are outlined
/// when the as-of date (YYYY-MM-DD) is not the period's last day.
pub fn cohort_retention(
    cohorts: &Cohorts,
    as_of: &str,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let chart = HeatChart {
        c: cohorts,
        m: Measure::Customers,
        as_of,
    };
    output(&chart, lang, theme, format, size)
}

/// Revenue retention as a heatmap, like [`cohort_retention`]; a cohort whose first period had no
/// positive net revenue shows "–" in its cells.
pub fn revenue_retention(
    cohorts: &Cohorts,
    as_of: &str,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let chart = HeatChart {
        c: cohorts,
        m: Measure::Revenue,
        as_of,
    };
    output(&chart, lang, theme, format, size)
}

/// Up to `max` of `n` indices, evenly spread, always with the first and the last.
fn spread(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    let mut out: Vec<usize> = (0..max)
        .map(|i| (i as f64 * (n - 1) as f64 / (max - 1) as f64).round() as usize)
        .collect();
    out.dedup();
    out
}

/// The line colour of the i-th of n cohorts, oldest to newest.
fn line_color(cx: &Cx, i: usize, n: usize) -> RGBColor {
    let stops = match cx.pal.bg.0 {
        0..=0x80 => [
            RGBColor(0x93, 0xC5, 0xFD),
            RGBColor(0x2D, 0xD4, 0xBF),
            RGBColor(0xFB, 0xBF, 0x24),
        ],
        _ => [
            RGBColor(0x1E, 0x3A, 0x8A),
            RGBColor(0x0D, 0x94, 0x88),
            RGBColor(0xF5, 0x9E, 0x0B),
        ],
    };
    let t = if n <= 1 {
        0.0
    } else {
        i as f64 / (n - 1) as f64
    };
    if t <= 0.5 {
        mix(stops[0], stops[1], t * 2.0)
    } else {
        mix(stops[1], stops[2], (t - 0.5) * 2.0)
    }
}

struct LtvChart<'a> {
    c: &'a Cohorts,
}

impl LtvChart<'_> {
    fn lines(&self) -> Vec<&CohortRow> {
        let rows: Vec<&CohortRow> = self
            .c
            .rows
            .iter()
            .filter(|r| !r.cumulative_net_revenue_per_customer.is_empty())
            .collect();
        spread(rows.len(), MAX_LINES)
            .into_iter()
            .map(|i| rows[i])
            .collect()
    }
}

impl Chart for LtvChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::LTV_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        let mut s = text::ltv_subtitle(&self.c.currency, self.c.period == "iso_week", cx.lang);
        let all = self
            .c
            .rows
            .iter()
            .filter(|r| !r.cumulative_net_revenue_per_customer.is_empty())
            .count();
        let shown = self.lines().len();
        if shown < all {
            s.push_str(cx.t(text::SEP));
            s.push_str(&text::cohorts_sampled(shown, all, cx.lang));
        }
        Some(s)
    }
    fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let lines = self.lines();
        let lang = cx.lang;
        let all_values = lines
            .iter()
            .flat_map(|r| r.cumulative_net_revenue_per_customer.iter());
        let (lo, hi) = all_values.fold((0.0, 0.0), |(a, b): (f64, f64), v| (a.min(*v), b.max(*v)));
        let fmt = |v: f64, _: f64| compact(v, lang);
        let y = Axis::values(
            lo,
            hi * 1.05,
            6,
            &fmt,
            Some(text::with_unit(text::LTV_AXIS, &self.c.currency, lang)),
        );
        let periods = lines
            .iter()
            .map(|r| r.cumulative_net_revenue_per_customer.len())
            .max()
            .unwrap_or(1);
        let weekly = self.c.period == "iso_week";
        let mut x = Axis::categories(
            (0..periods).map(|k| k.to_string()).collect(),
            Some(
                cx.t(if weekly {
                    text::WEEKS_SINCE
                } else {
                    text::MONTHS_SINCE
                })
                .to_string(),
            ),
            false,
        );
        // Start the lines at the axis: no half-slot margins on a continuous scale.
        x.lo = 0.0;
        x.hi = (periods as f64 - 1.0).max(1.0);
        x.grid = true;
        let legend_w = lines
            .iter()
            .map(|r| cx.width(&r.cohort, TICK_EM))
            .fold(0.0, f64::max)
            + 34.0;
        let p = layout(area, cx, &x, &y, legend_w);
        draw_axes(area, cx, &p, &x, &y)?;
        let n = lines.len();
        for (i, r) in lines.iter().enumerate() {
            let pts: Vec<(f64, f64)> = r
                .cumulative_net_revenue_per_customer
                .iter()
                .enumerate()
                .map(|(k, v)| (k as f64, *v))
                .collect();
            let color = line_color(cx, i, n);
            if pts.len() == 1 {
                super::dot(area, cx, p.pt(pts[0]), 2.5, color, false)?;
            } else {
                polyline(area, cx, &p, &pts, color, 1.8)?;
            }
        }
        // Legend on the right, oldest to newest (every other one when the body is short).
        let lx = p.x1 + 30.0;
        let row_h = 17.0;
        let (_, h) = dims(area, cx);
        let max_rows = (((h - p.y0) / row_h).floor() as usize).max(1);
        let mut y = p.y0 + 6.0 - row_h;
        for (i, r) in lines
            .iter()
            .enumerate()
            .step_by(n.div_ceil(max_rows).max(1))
        {
            y += row_h;
            cx.line(area, &[(lx, y), (lx + 18.0, y)], line_color(cx, i, n), 2.5)?;
            cx.label(
                area,
                &r.cohort,
                lx + 24.0,
                y,
                TICK_EM,
                cx.pal.muted,
                HPos::Left,
            )?;
        }
        Ok(())
    }
}

/// LTV curves: per cohort, the cumulative net revenue per customer by period since the first
/// purchase; at most 15 cohorts, evenly picked from oldest to newest, coloured from blue (oldest)
/// to amber (newest).
pub fn ltv_curves(
    cohorts: &Cohorts,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&LtvChart { c: cohorts }, lang, theme, format, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cohort: &str, k: usize) -> CohortRow {
        CohortRow {
            cohort: cohort.into(),
            customers: 10,
            active_customers: vec![10; k],
            customer_retention: vec![0.5; k],
            net_revenue: vec![1.0; k],
            revenue_retention: vec![Some(1.0); k],
            cumulative_net_revenue_per_customer: vec![1.0; k],
        }
    }

    #[test]
    fn heatmap_grid_keeps_the_latest_cohorts_that_fit() {
        let rows: Vec<CohortRow> = (0..30).map(|i| row(&format!("c{i}"), 30 - i)).collect();
        let g = grid_layout(&rows, 900.0, 700.0, 100.0);
        assert_eq!(g.rows, MAX_HEAT_ROWS);
        assert_eq!(g.first, 30 - MAX_HEAT_ROWS);
        // The oldest shown cohort is the longest row.
        assert_eq!(g.cols, 30 - g.first);
        assert!(g.cell_h >= MIN_CELL_H);
        // A short body shows fewer rows rather than unreadable ones.
        let g = grid_layout(&rows, 900.0, 200.0, 100.0);
        assert!(g.rows < 24 && g.cell_h >= MIN_CELL_H, "{g:?}");
        // Cells tile without overlapping.
        let (a, b) = g.cell(0, 0);
        let (c, _) = g.cell(0, 1);
        assert!(b.0 < c.0 && a.0 < b.0);
    }

    #[test]
    fn spread_picks_evenly_with_both_ends() {
        assert_eq!(spread(5, 12), vec![0, 1, 2, 3, 4]);
        let s = spread(40, 12);
        assert_eq!(s.len(), 12);
        assert_eq!((s[0], s[11]), (0, 39));
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }
}
