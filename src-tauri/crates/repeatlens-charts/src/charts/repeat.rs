//! Buying again: the Kaplan–Meier curve of the time to the second purchase, and repurchase
//! intervals per SKU or category.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use repeatlens_analytics::{ItemCycle, TimeToSecond};

use super::{dashed, dot, draw_axes, layout, Axis, DESC_EM};
use crate::canvas::{mix, output, Chart, Cx};
use crate::text::{self, int, pct_tick};
use crate::{ChartError, Format, Lang, Theme};

/// At most this many items on the repurchase chart.
const MAX_ITEMS: usize = 15;

struct KmChart<'a> {
    t: &'a TimeToSecond,
}

impl KmChart<'_> {
    /// The step curve's corners, from (0, 100 %).
    fn steps(&self) -> Vec<(f64, f64)> {
        let mut pts = vec![(0.0, 1.0)];
        let mut s = 1.0;
        for p in &self.t.curve {
            pts.push((p.day as f64, s));
            s = p.survival;
            pts.push((p.day as f64, s));
        }
        pts
    }
}

impl Chart for KmChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::KM_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(format!(
            "{}{}{}",
            cx.t(text::KM_SUBTITLE),
            cx.t(text::SEP),
            text::km_counts(self.t.customers, self.t.second_purchases, cx.lang)
        ))
    }
    fn is_empty(&self) -> bool {
        self.t.customers == 0
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let pal = &cx.pal;
        let steps = self.steps();
        let last_day = steps.last().map(|p| p.0).unwrap_or(0.0).max(30.0);
        let fmt_day = |v: f64, _: f64| int(v.round() as u64);
        let x = Axis::values(
            0.0,
            last_day,
            8,
            &fmt_day,
            Some(cx.t(text::DAYS_SINCE_FIRST).to_string()),
        );
        let min_s = steps.iter().map(|p| p.1).fold(1.0, f64::min);
        let y = Axis::values(
            (min_s - 0.05).clamp(0.0, 0.5),
            1.0,
            5,
            &pct_tick,
            Some(cx.t(text::KM_AXIS).to_string()),
        );
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;

        // A light band under the curve, then the curve.
        let mut poly: Vec<(i32, i32)> = steps
            .iter()
            .map(|&q| {
                let (a, b) = p.pt(q);
                (cx.px(a), cx.px(b))
            })
            .collect();
        let end = steps.last().copied().unwrap_or((0.0, 1.0));
        poly.push((cx.px(p.x(end.0)), cx.px(p.y1)));
        poly.push((cx.px(p.x(0.0)), cx.px(p.y1)));
        area.draw(&Polygon::new(poly, mix(pal.accent, pal.bg, 0.86).filled()))
            .map_err(crate::canvas::draw_err)?;
        super::polyline(area, cx, &p, &steps, pal.accent, 2.5)?;

        // The median, with guides.
        if y.lo < 0.5 {
            let half = p.y(0.5);
            let label = text::km_median(self.t.median_days, cx.lang);
            match self.t.median_days {
                Some(d) => {
                    let mx = p.x(d as f64);
                    dashed(
                        area,
                        cx,
                        &[(p.x0, half), (mx, half), (mx, p.y1)],
                        pal.muted,
                        1.2,
                    )?;
                    dot(area, cx, (mx, half), 4.0, pal.text, false)?;
                    let right = mx + 10.0 + cx.width(&label, 12.0) < p.x1;
                    let (lx, side) = if right {
                        (mx + 10.0, HPos::Left)
                    } else {
                        (mx - 10.0, HPos::Right)
                    };
                    cx.label(area, &label, lx, half - 12.0, 12.0, pal.text, side)?;
                }
                None => {
                    dashed(area, cx, &[(p.x0, half), (p.x1, half)], pal.muted, 1.2)?;
                    cx.label(area, &label, p.x1, half - 12.0, 12.0, pal.text, HPos::Right)?;
                }
            }
        }
        // S(30), S(90), S(180), S(365) where the curve reaches them.
        let marks = [
            (30, self.t.s30),
            (90, self.t.s90),
            (180, self.t.s180),
            (365, self.t.s365),
        ];
        let mut last_x = f64::NEG_INFINITY;
        for (day, s) in marks {
            let Some(s) = s else { continue };
            if day as f64 > x.hi {
                continue;
            }
            let at = p.pt((day as f64, s));
            dot(area, cx, at, 3.5, pal.accent, true)?;
            let label = text::km_marker(day, s, cx.lang);
            let w = cx.width(&label, 11.0);
            if at.0 + 6.0 > last_x && at.0 + 6.0 + w < p.x1 {
                cx.label(
                    area,
                    &label,
                    at.0 + 6.0,
                    at.1 - DESC_EM,
                    11.0,
                    pal.muted,
                    HPos::Left,
                )?;
                last_x = at.0 + 6.0 + w + 6.0;
            }
        }
        Ok(())
    }
}

/// The Kaplan–Meier step curve of the time from the first to the second purchase (customers
/// without one are censored), with the median and the 30/90/180/365-day points marked.
pub fn kaplan_meier(
    t: &TimeToSecond,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&KmChart { t }, lang, theme, format, size)
}

/// Whether repurchase cycles are per SKU or per category (for the title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Per product code (SKU).
    Sku,
    /// Per product category.
    Category,
}

struct RepurchaseChart<'a> {
    items: Vec<&'a ItemCycle>,
    of: usize,
    kind: ItemKind,
    /// No item at all (as opposed to none with enough data).
    no_items: bool,
}

impl Chart for RepurchaseChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(match self.kind {
            ItemKind::Sku => text::REPURCHASE_SKU_TITLE,
            ItemKind::Category => text::REPURCHASE_CATEGORY_TITLE,
        })
        .to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(format!(
            "{}{}{}",
            cx.t(text::REPURCHASE_SUBTITLE),
            cx.t(text::SEP),
            text::showing_items(self.items.len(), self.of, cx.lang)
        ))
    }
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    fn empty_hint(&self, cx: &Cx) -> String {
        cx.t(if self.no_items && self.kind == ItemKind::Category {
            text::NO_CATEGORIES
        } else if self.no_items {
            text::NO_DATA_HINT
        } else {
            text::NO_REPEAT_ITEMS
        })
        .to_string()
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let pal = &cx.pal;
        let hi = self
            .items
            .iter()
            .filter_map(|i| i.p75_days.or(i.median_days))
            .fold(1.0, f64::max);
        let fmt_day = |v: f64, _: f64| int(v.round() as u64);
        let mut x = Axis::values(
            0.0,
            hi,
            6,
            &fmt_day,
            Some(cx.t(text::DAYS_BETWEEN).to_string()),
        );
        let y = Axis::categories(
            self.items.iter().map(|i| i.item.clone()).collect(),
            None,
            true,
        );
        let notes: Vec<String> = self
            .items
            .iter()
            .map(|i| text::median_days(i.median_days.unwrap_or(0.0), cx.lang))
            .collect();
        let note_w = notes.iter().map(|n| cx.width(n, 11.0)).fold(0.0, f64::max) + 12.0;
        let mut p = layout(area, cx, &x, &y, 0.0);
        if p.x(hi) + note_w > p.x1 {
            let room = (p.x1 - p.x0 - note_w).max((p.x1 - p.x0) * 0.4);
            x.extend_to(hi * (p.x1 - p.x0) / room);
            p = layout(area, cx, &x, &y, 0.0);
        }
        draw_axes(area, cx, &p, &x, &y)?;
        let half = (0.3 * p.y_unit()).min(11.0);
        for (i, item) in self.items.iter().enumerate() {
            let yc = p.y(i as f64);
            let (Some(med), lo, hi) = (item.median_days, item.p25_days, item.p75_days) else {
                continue;
            };
            let (lo, hi) = (lo.unwrap_or(med), hi.unwrap_or(med));
            // Whisker-less box: p25 to p75, the median as a bar across it.
            cx.rect(
                area,
                (p.x(lo), yc - half),
                (p.x(hi).max(p.x(lo) + 2.0), yc + half),
                mix(pal.accent, pal.bg, 0.35).filled(),
            )?;
            let mx = p.x(med);
            cx.rect(
                area,
                (mx - 1.5, yc - half - 2.0),
                (mx + 1.5, yc + half + 2.0),
                pal.text.filled(),
            )?;
            cx.label(
                area,
                &notes[i],
                p.x(hi) + 8.0,
                yc,
                11.0,
                pal.muted,
                HPos::Left,
            )?;
        }
        Ok(())
    }
}

/// Repurchase intervals of the items with enough data (`enough_data`), the 15 with the most repeat
/// gaps: a box from the 25th to the 75th percentile of days between repeat purchases, and the
/// median across it.
pub fn repurchase_intervals(
    items: &[ItemCycle],
    kind: ItemKind,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let mut ok: Vec<&ItemCycle> = items
        .iter()
        .filter(|i| i.enough_data && i.median_days.is_some())
        .collect();
    let of = ok.len();
    ok.sort_by(|a, b| b.gaps.cmp(&a.gaps).then_with(|| a.item.cmp(&b.item)));
    ok.truncate(MAX_ITEMS);
    let chart = RepurchaseChart {
        items: ok,
        of,
        kind,
        no_items: items.is_empty(),
    };
    output(&chart, lang, theme, format, size)
}
