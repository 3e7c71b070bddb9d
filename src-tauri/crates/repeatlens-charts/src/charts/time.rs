//! Charts over calendar time: net revenue and customers per month (derived from the cohort
//! table), and the churn rate by month.
//!
//! The `Analysis` has no calendar series of its own, but the cohort table holds one: cohort c's
//! entry k is calendar period c + k, and every customer is in exactly one cohort. So, per
//! period, the sum over cohorts of `net_revenue[k]` is the net revenue of customers with an
//! account (guest checkouts are in no cohort), `active_customers[0]` of the period's own cohort
//! are its new customers, and the other cohorts' `active_customers[k]` its returning ones. The
//! last period is the as-of period, drawn faded when the as-of date is not its last day.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use repeatlens_analytics::{Churn, Cohorts};

use super::{bar, dashed, dot, draw_axes, layout, period, polyline, Axis};
use crate::canvas::{mix, output, Chart, Cx, Key, Mark};
use crate::text::{self, compact, int, pct, pct_tick};
use crate::{ChartError, Format, Lang, Theme};

/// Per calendar period, from the first cohort to the as-of period.
struct Calendar {
    labels: Vec<String>,
    revenue: Vec<f64>,
    new: Vec<u64>,
    returning: Vec<u64>,
    partial_last: bool,
    weekly: bool,
}

fn calendar(c: &Cohorts, as_of: &str) -> Option<Calendar> {
    let weekly = c.period == "iso_week";
    let rows: Vec<(i64, &repeatlens_analytics::CohortRow)> = c
        .rows
        .iter()
        .filter_map(|r| Some((period::index(&r.cohort)?, r)))
        .collect();
    let first = rows.iter().map(|(i, _)| *i).min()?;
    let last = rows
        .iter()
        .map(|(i, r)| *i + r.net_revenue.len().max(1) as i64 - 1)
        .max()?;
    let n = (last - first + 1) as usize;
    let mut cal = Calendar {
        labels: (first..=last).map(|i| period::label(i, weekly)).collect(),
        revenue: vec![0.0; n],
        new: vec![0; n],
        returning: vec![0; n],
        partial_last: period::as_of_is_partial(as_of, weekly)
            && period::of_date(as_of, weekly) == Some(last),
        weekly,
    };
    for (base, r) in rows {
        let at = (base - first) as usize;
        for (k, v) in r.net_revenue.iter().enumerate() {
            cal.revenue[at + k] += v;
        }
        for (k, a) in r.active_customers.iter().enumerate() {
            if k == 0 {
                cal.new[at] += a;
            } else {
                cal.returning[at + k] += a;
            }
        }
    }
    Some(cal)
}

fn partial_key(cal: &Calendar, color: RGBColor, cx: &Cx) -> Option<Key> {
    cal.partial_last.then(|| Key {
        label: format!(
            "{}: {}",
            cal.labels.last().map(String::as_str).unwrap_or(""),
            cx.t(text::PARTIAL)
        ),
        color,
        mark: Mark::Faded,
    })
}

fn period_axis(cal: &Calendar, cx: &Cx) -> Axis {
    let title = cx.t(if cal.weekly {
        text::WEEK_AXIS
    } else {
        text::MONTH_AXIS
    });
    Axis::categories(cal.labels.clone(), Some(title.to_string()), false)
}

/// Value labels above bars fit when there are few bars.
fn room_for_values(slot: f64, labels: &[String], cx: &Cx) -> bool {
    labels.iter().all(|l| cx.width(l, 10.5) + 4.0 <= slot)
}

struct RevenueChart<'a> {
    cal: Option<Calendar>,
    currency: &'a str,
}

impl Chart for RevenueChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        let weekly = self.cal.as_ref().is_some_and(|c| c.weekly);
        cx.t(if weekly {
            text::REVENUE_TITLE_WEEK
        } else {
            text::REVENUE_TITLE
        })
        .to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(cx.t(text::REVENUE_SUBTITLE).to_string())
    }
    fn is_empty(&self) -> bool {
        self.cal.is_none()
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        self.cal
            .as_ref()
            .and_then(|c| partial_key(c, cx.pal.accent, cx))
            .into_iter()
            .collect()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let Some(cal) = &self.cal else { return Ok(()) };
        let lang = cx.lang;
        let lo = cal.revenue.iter().cloned().fold(0.0, f64::min);
        let hi = cal.revenue.iter().cloned().fold(0.0, f64::max);
        let fmt = |v: f64, _: f64| compact(v, lang);
        let y = Axis::values(
            lo,
            hi * 1.08,
            6,
            &fmt,
            Some(text::with_unit(text::REVENUE_AXIS, self.currency, lang)),
        );
        let x = period_axis(cal, cx);
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        let n = cal.revenue.len();
        let values: Vec<String> = cal.revenue.iter().map(|v| compact(*v, lang)).collect();
        let show_values = room_for_values(p.x_unit(), &values, cx);
        for (i, v) in cal.revenue.iter().enumerate() {
            let faded = cal.partial_last && i + 1 == n;
            let c = if faded {
                mix(cx.pal.accent, cx.pal.bg, 0.55)
            } else {
                cx.pal.accent
            };
            let x = i as f64;
            bar(area, cx, &p, (x - 0.36, 0.0), (x + 0.36, *v), c)?;
            if show_values {
                let (px, py) = p.pt((x, *v));
                let dy = if *v >= 0.0 { -9.0 } else { 9.0 };
                cx.label(
                    area,
                    &values[i],
                    px,
                    py + dy,
                    10.5,
                    cx.pal.muted,
                    HPos::Center,
                )?;
            }
        }
        Ok(())
    }
}

struct CustomersChart {
    cal: Option<Calendar>,
}

impl Chart for CustomersChart {
    fn title(&self, cx: &Cx) -> String {
        let weekly = self.cal.as_ref().is_some_and(|c| c.weekly);
        cx.t(if weekly {
            text::CUSTOMERS_TITLE_WEEK
        } else {
            text::CUSTOMERS_TITLE
        })
        .to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(cx.t(text::CUSTOMERS_SUBTITLE).to_string())
    }
    fn is_empty(&self) -> bool {
        self.cal.is_none()
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        let mut keys = vec![
            Key {
                label: cx.t(text::NEW_CUSTOMERS).into(),
                color: cx.pal.accent,
                mark: Mark::Square,
            },
            Key {
                label: cx.t(text::RETURNING_CUSTOMERS).into(),
                color: cx.pal.accent2,
                mark: Mark::Square,
            },
        ];
        keys.extend(
            self.cal
                .as_ref()
                .and_then(|c| partial_key(c, cx.pal.muted, cx)),
        );
        keys
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let Some(cal) = &self.cal else { return Ok(()) };
        let lang = cx.lang;
        let totals: Vec<u64> = cal
            .new
            .iter()
            .zip(&cal.returning)
            .map(|(a, b)| a + b)
            .collect();
        let hi = totals.iter().copied().max().unwrap_or(0) as f64;
        let fmt = |v: f64, _: f64| compact(v, lang);
        let y = Axis::values(
            0.0,
            hi * 1.08,
            6,
            &fmt,
            Some(cx.t(text::CUSTOMERS_AXIS).to_string()),
        );
        let x = period_axis(cal, cx);
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        let values: Vec<String> = totals.iter().map(|v| int(*v)).collect();
        let show_values = room_for_values(p.x_unit(), &values, cx);
        let n = totals.len();
        for (i, (new, returning)) in cal.new.iter().zip(&cal.returning).enumerate() {
            let faded = cal.partial_last && i + 1 == n;
            let fade = |c: RGBColor| if faded { mix(c, cx.pal.bg, 0.55) } else { c };
            let x = i as f64;
            let (a, b) = (*new as f64, *returning as f64);
            bar(
                area,
                cx,
                &p,
                (x - 0.36, 0.0),
                (x + 0.36, a),
                fade(cx.pal.accent),
            )?;
            bar(
                area,
                cx,
                &p,
                (x - 0.36, a),
                (x + 0.36, a + b),
                fade(cx.pal.accent2),
            )?;
            if show_values {
                let (px, py) = p.pt((x, a + b));
                cx.label(
                    area,
                    &values[i],
                    px,
                    py - 9.0,
                    10.5,
                    cx.pal.muted,
                    HPos::Center,
                )?;
            }
        }
        Ok(())
    }
}

/// Net revenue per calendar month (or ISO week, when the cohorts are weekly), summed from the
/// cohort table — see the module docs for why that is the store's revenue of customers with an
/// account. `as_of` (YYYY-MM-DD) marks the last period as partial.
pub fn revenue_over_time(
    cohorts: &Cohorts,
    as_of: &str,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let chart = RevenueChart {
        cal: calendar(cohorts, as_of),
        currency: &cohorts.currency,
    };
    output(&chart, lang, theme, format, size)
}

/// Customers buying per calendar month (or week), split into new (first purchase in that period)
/// and returning, stacked; derived from the cohort table like [`revenue_over_time`].
pub fn customers_over_time(
    cohorts: &Cohorts,
    as_of: &str,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let chart = CustomersChart {
        cal: calendar(cohorts, as_of),
    };
    output(&chart, lang, theme, format, size)
}

struct ChurnChart<'a> {
    churn: &'a Churn,
}

impl Chart for ChurnChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::CHURN_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(text::churn_subtitle(self.churn.threshold_days, cx.lang))
    }
    fn is_empty(&self) -> bool {
        self.churn.by_month.iter().all(|m| m.rate.is_none())
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        self.churn
            .by_month
            .iter()
            .find(|m| m.partial && m.rate.is_some())
            .map(|m| Key {
                label: format!("{}: {}", m.month, cx.t(text::PARTIAL)),
                color: cx.pal.risk,
                mark: Mark::Faded,
            })
            .into_iter()
            .collect()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let months = &self.churn.by_month;
        let hi = months
            .iter()
            .filter_map(|m| m.rate)
            .fold(0.0, f64::max)
            .max(0.01);
        let y = Axis::values(
            0.0,
            hi * 1.15,
            5,
            &pct_tick,
            Some(cx.t(text::CHURN_AXIS).to_string()),
        );
        let x = Axis::categories(
            months.iter().map(|m| m.month.clone()).collect(),
            Some(cx.t(text::MONTH_AXIS).to_string()),
            false,
        );
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        let color = cx.pal.risk;
        // Solid runs between known rates; a dashed step into a partial month.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut prev: Option<(f64, f64)> = None;
        for (i, m) in months.iter().enumerate() {
            let Some(r) = m.rate else {
                polyline(area, cx, &p, &run, color, 2.5)?;
                run.clear();
                prev = None;
                continue;
            };
            let pt = (i as f64, r);
            if m.partial {
                if let Some(q) = prev {
                    dashed(area, cx, &[p.pt(q), p.pt(pt)], color, 2.0)?;
                }
            } else {
                run.push(pt);
            }
            prev = Some(pt);
        }
        polyline(area, cx, &p, &run, color, 2.5)?;
        let labels: Vec<String> = months
            .iter()
            .map(|m| m.rate.map(|r| pct(r, 1)).unwrap_or_default())
            .collect();
        let show_values = room_for_values(p.x_unit(), &labels, cx);
        for (i, m) in months.iter().enumerate() {
            let Some(r) = m.rate else { continue };
            let at = p.pt((i as f64, r));
            dot(area, cx, at, 3.5, color, m.partial)?;
            if show_values {
                // Away from the line: above a peak, below a dip, on the open side of a slope.
                let rate = |j: Option<usize>| j.and_then(|j| months.get(j)).and_then(|m| m.rate);
                let (before, after) = (rate(i.checked_sub(1)), rate(Some(i + 1)));
                let higher = |n: Option<f64>| n.is_some_and(|n| n > r);
                let (dx, dy, side) = match (higher(before), higher(after)) {
                    (true, true) => (0.0, 13.0, HPos::Center),
                    (false, true) => (-5.0, -11.0, HPos::Right),
                    (true, false) => (5.0, -11.0, HPos::Left),
                    (false, false) => (0.0, -13.0, HPos::Center),
                };
                cx.label(
                    area,
                    &labels[i],
                    at.0 + dx,
                    at.1 + dy,
                    10.5,
                    cx.pal.muted,
                    side,
                )?;
            }
        }
        Ok(())
    }
}

/// The churn rate of each month as a line; months without customers at their start are gaps,
/// the partial as-of month a hollow point on a dashed segment.
pub fn churn_trend(
    churn: &Churn,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&ChurnChart { churn }, lang, theme, format, size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use repeatlens_analytics::{CohortRow, CohortSplits};

    fn row(cohort: &str, customers: u64, active: &[u64], revenue: &[f64]) -> CohortRow {
        CohortRow {
            cohort: cohort.into(),
            customers,
            active_customers: active.to_vec(),
            customer_retention: active
                .iter()
                .map(|a| *a as f64 / customers as f64)
                .collect(),
            net_revenue: revenue.to_vec(),
            revenue_retention: revenue.iter().map(|r| Some(r / revenue[0])).collect(),
            cumulative_net_revenue_per_customer: revenue
                .iter()
                .scan(0.0, |s, r| {
                    *s += r;
                    Some(*s / customers as f64)
                })
                .collect(),
        }
    }

    #[test]
    fn calendar_sums_cohorts_by_period() {
        let c = Cohorts {
            period: "month".into(),
            currency: "EUR".into(),
            rows: vec![
                row("2023-11", 4, &[4, 1, 0, 2], &[100.0, 20.0, 0.0, 50.0]),
                // No cohort in 2023-12: the period is still on the axis.
                row("2024-01", 3, &[3, 1], &[90.0, 10.0]),
            ],
            splits: CohortSplits {
                first_order_country: vec![],
                first_product: vec![],
                platform: vec![],
            },
        };
        let cal = calendar(&c, "2024-02-10").unwrap();
        assert_eq!(cal.labels, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(cal.revenue, [100.0, 20.0, 90.0, 60.0]);
        assert_eq!(cal.new, [4, 0, 3, 0]);
        assert_eq!(cal.returning, [0, 1, 0, 3]);
        assert!(cal.partial_last);
        assert!(!calendar(&c, "2024-02-29").unwrap().partial_last);
        let empty = Cohorts { rows: vec![], ..c };
        assert!(calendar(&empty, "2024-02-10").is_none());
    }
}
