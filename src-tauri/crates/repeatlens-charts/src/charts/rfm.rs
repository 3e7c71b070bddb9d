//! Who the customers are: R×F segment sizes, the 8-class model, the R×F grid, value tiers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;
use repeatlens_analytics::{EightClass, Rfm, Segment, SegmentRow, TierRow};

use super::{bar, dims, dot, draw_axes, layout, polyline, Axis, DESC_EM, NAME_EM, TICK_EM};
use crate::canvas::{mix, output, Chart, Cx, Key, Mark, Palette};
use crate::text::{self, compact, int, pct, pct_tick};
use crate::{ChartError, Format, Lang, Theme};

/// The colour of a segment by what it asks of the seller.
fn segment_color(s: Segment, pal: &Palette) -> RGBColor {
    match s {
        Segment::Champions | Segment::LoyalCustomers => pal.good,
        Segment::PotentialLoyalists | Segment::NewCustomers | Segment::Promising => pal.accent,
        Segment::NeedAttention | Segment::AboutToSleep => pal.watch,
        Segment::AtRisk | Segment::CantLoseThem => pal.risk,
        Segment::Hibernating => pal.lost,
    }
}

fn segment_groups(cx: &Cx) -> Vec<Key> {
    let p = &cx.pal;
    [
        (text::GROUP_BEST, p.good),
        (text::GROUP_GROWING, p.accent),
        (text::GROUP_WATCH, p.watch),
        (text::GROUP_RISK, p.risk),
        (text::GROUP_LOST, p.lost),
    ]
    .into_iter()
    .map(|(l, color)| Key {
        label: cx.t(l).to_string(),
        color,
        mark: Mark::Square,
    })
    .collect()
}

/// One bar of a horizontal bar chart.
struct HBar {
    name: String,
    value: f64,
    color: RGBColor,
    note: String,
}

/// How many times its label size a row of horizontal bars needs: the label's line height and a
/// gap, so neighbouring names never touch.
const ROW_EMS: f64 = 1.5;
/// A bar's note (count and share) at full size.
const NOTE_EM: f64 = 11.0;
/// The smallest size names and notes shrink to on a short chart.
const MIN_NAME_EM: f64 = 8.5;

/// Horizontal bars, first at the top, each with its note at the end.
///
/// The chart sizes itself to its rows: when the value axis would leave a row less than
/// [`ROW_EMS`] × [`NAME_EM`], the axis goes (every bar's note already says its value), and if the
/// rows are still short the names and notes shrink with them, so that ten names stay apart at the
/// app's small chart sizes (down to 240 px high) in both languages.
fn hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: &Cx,
    bars: &[HBar],
    x_title: String,
) -> Result<(), ChartError> {
    let lang = cx.lang;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let fmt = |v: f64, _: f64| compact(v, lang);
    let mut x = Axis::values(0.0, max, 6, &fmt, Some(x_title));
    let mut y = Axis::categories(bars.iter().map(|b| b.name.clone()).collect(), None, true);
    // Rows' height does not depend on the names' size: decide the axis, then the size.
    if layout(area, cx, &x, &y, 0.0).y_unit() < ROW_EMS * NAME_EM {
        x.hidden = true;
    }
    let row = layout(area, cx, &x, &y, 0.0).y_unit();
    let em = (row / ROW_EMS).clamp(MIN_NAME_EM, NAME_EM);
    y.em = Some(em);
    let note_em = em * NOTE_EM / NAME_EM;
    let note_w = bars
        .iter()
        .map(|b| cx.width(&b.note, note_em))
        .fold(0.0, f64::max)
        + 10.0;
    let mut p = layout(area, cx, &x, &y, 0.0);
    if p.x(max) + note_w > p.x1 && max > 0.0 {
        let room = (p.x1 - p.x0 - note_w).max((p.x1 - p.x0) * 0.4);
        x.extend_to(max * (p.x1 - p.x0) / room);
        p = layout(area, cx, &x, &y, 0.0);
    }
    draw_axes(area, cx, &p, &x, &y)?;
    let half = (0.32 * p.y_unit()).min(15.0) / p.y_unit();
    for (i, b) in bars.iter().enumerate() {
        let yi = i as f64;
        bar(
            area,
            cx,
            &p,
            (0.0, yi - half),
            (b.value, yi + half),
            b.color,
        )?;
        let (px, py) = p.pt((b.value, yi));
        cx.label(
            area,
            &b.note,
            px + 6.0,
            py,
            note_em,
            cx.pal.text,
            HPos::Left,
        )?;
    }
    cx.line(
        area,
        &[(p.x(0.0), p.y0), (p.x(0.0), p.y1)],
        cx.pal.axis,
        1.0,
    )
}

fn count_and_share(n: u64, share: Option<f64>, lang: Lang) -> String {
    match (share, lang) {
        (Some(s), Lang::En) => format!("{} ({})", int(n), pct(s, 1)),
        (Some(s), Lang::ZhCn) => format!("{}（{}）", int(n), pct(s, 1)),
        (None, _) => int(n),
    }
}

struct SegmentsChart<'a> {
    rows: &'a [SegmentRow],
}

impl Chart for SegmentsChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::SEGMENTS_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        let n = self.rows.iter().map(|r| r.customers).sum();
        Some(text::customers_analysed(n, cx.lang))
    }
    fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.customers == 0)
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        segment_groups(cx)
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let bars: Vec<HBar> = self
            .rows
            .iter()
            .map(|r| HBar {
                name: text::segment_name(r.segment, cx.lang).to_string(),
                value: r.customers as f64,
                color: segment_color(r.segment, &cx.pal),
                note: count_and_share(r.customers, r.share, cx.lang),
            })
            .collect();
        hbars(area, cx, &bars, cx.t(text::SEGMENTS_AXIS).to_string())
    }
}

/// Customers per R×F segment as horizontal bars, in the order of the analysis (Champions first),
/// coloured by what the segment needs, each with its count and share.
pub fn segment_sizes(
    segments: &[SegmentRow],
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&SegmentsChart { rows: segments }, lang, theme, format, size)
}

struct EightClassChart<'a> {
    e: &'a EightClass,
}

impl Chart for EightClassChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::EIGHT_CLASS_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        let n = self.e.classes.iter().map(|c| c.customers).sum();
        Some(text::eight_class_subtitle(
            n,
            &self.e.thresholds.mode,
            cx.lang,
        ))
    }
    fn is_empty(&self) -> bool {
        self.e.classes.iter().all(|c| c.customers == 0)
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        vec![
            Key {
                label: cx.t(text::IMPORTANT).into(),
                color: cx.pal.muted,
                mark: Mark::Square,
            },
            Key {
                label: cx.t(text::GENERAL).into(),
                color: cx.pal.muted,
                mark: Mark::Faded,
            },
        ]
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let p = &cx.pal;
        let bars: Vec<HBar> = self
            .e
            .classes
            .iter()
            .map(|c| {
                let base = match (c.r_high, c.f_high) {
                    (true, true) => p.good,
                    (false, true) => p.watch,
                    (true, false) => p.accent,
                    (false, false) => p.risk,
                };
                HBar {
                    name: text::class_name(c.class, cx.lang).to_string(),
                    value: c.customers as f64,
                    color: if c.m_high { base } else { mix(base, p.bg, 0.5) },
                    note: count_and_share(c.customers, c.share, cx.lang),
                }
            })
            .collect();
        hbars(area, cx, &bars, cx.t(text::SEGMENTS_AXIS).to_string())
    }
}

/// Customers per class of the Chinese 8-class RFM model (重要价值客户 …) as horizontal bars;
/// 重要 (high M) classes solid, 一般 faded.
pub fn eight_class(
    e: &EightClass,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&EightClassChart { e }, lang, theme, format, size)
}

struct RfChart<'a> {
    rfm: &'a Rfm,
}

impl Chart for RfChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::RF_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(cx.t(text::RF_SUBTITLE).to_string())
    }
    fn is_empty(&self) -> bool {
        self.rfm.rf_grid.iter().flatten().all(|n| *n == 0)
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let (w, h) = dims(area, cx);
        let pal = &cx.pal;
        let label_w = cx.width("R5", TICK_EM) + 10.0;
        let left = DESC_EM + 12.0 + label_w;
        let bottom = TICK_EM * 1.4 + 8.0 + DESC_EM + 12.0;
        // Cells fill the height and may be up to 1.8 times wider than high.
        let cell_h = ((h - bottom - 4.0) / 5.0).max(12.0);
        let cell_w = ((w - left - 8.0) / 5.0).min(cell_h * 1.8).max(12.0);
        let (grid_w, grid_h) = (cell_w * 5.0, cell_h * 5.0);
        // Centre the grid with its labels in the body.
        let x0 = ((w - grid_w - left) / 2.0).max(0.0) + left;
        let y0 = 0.0;
        let total: u64 = self.rfm.rf_grid.iter().flatten().sum();
        let max = self
            .rfm
            .rf_grid
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        // (column, row) of score (f, r): F left to right, R from 5 at the top.
        let at = |f: u8, r: u8| (x0 + (f - 1) as f64 * cell_w, y0 + (5 - r) as f64 * cell_h);
        let small = cell_w.min(cell_h);
        let count_em = (small * 0.2).clamp(9.0, 17.0);
        let share_em = (small * 0.13).clamp(8.0, 11.5);
        // Segment names need room above the counts.
        let names = cell_h >= 56.0;
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let n = self.rfm.rf_grid[(r - 1) as usize][(f - 1) as usize];
                let (cx0, cy0) = at(f, r);
                let t = (n as f64 / max as f64).sqrt();
                let color = pal.heat(t);
                cx.rect(
                    area,
                    (cx0, cy0),
                    (cx0 + cell_w, cy0 + cell_h),
                    color.filled(),
                )?;
                let fg = pal.text_on(color);
                let mid = cy0 + cell_h * if names { 0.58 } else { 0.45 };
                cx.label(
                    area,
                    &int(n),
                    cx0 + cell_w / 2.0,
                    mid,
                    count_em,
                    fg,
                    HPos::Center,
                )?;
                if total > 0 && small >= 44.0 {
                    let s = pct(n as f64 / total as f64, 1);
                    cx.label(
                        area,
                        &s,
                        cx0 + cell_w / 2.0,
                        mid + count_em * 0.6 + share_em * 0.8,
                        share_em,
                        fg,
                        HPos::Center,
                    )?;
                }
            }
        }
        // Segment outlines: a line wherever neighbouring cells belong to different segments,
        // and around the grid.
        let edge = pal.bg;
        let seg = |f: u8, r: u8| Segment::from_rf(r, f);
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                let (ax, ay) = at(f, r);
                if f < 5 && seg(f, r) != seg(f + 1, r) {
                    cx.line(
                        area,
                        &[(ax + cell_w, ay), (ax + cell_w, ay + cell_h)],
                        edge,
                        4.0,
                    )?;
                }
                if r > 1 && seg(f, r) != seg(f, r - 1) {
                    cx.line(
                        area,
                        &[(ax, ay + cell_h), (ax + cell_w, ay + cell_h)],
                        edge,
                        4.0,
                    )?;
                }
            }
        }
        // Segment names on a chip at the top of each region.
        for s in Segment::ALL.into_iter().filter(|_| names) {
            let cells: Vec<(u8, u8)> = (1..=5u8)
                .flat_map(|r| (1..=5u8).map(move |f| (f, r)))
                .filter(|&(f, r)| seg(f, r) == s)
                .collect();
            let (Some(fmin), Some(fmax), Some(rmax)) = (
                cells.iter().map(|c| c.0).min(),
                cells.iter().map(|c| c.0).max(),
                cells.iter().map(|c| c.1).max(),
            ) else {
                continue;
            };
            let (left_x, top_y) = at(fmin, rmax);
            let width = (fmax - fmin + 1) as f64 * cell_w;
            let name = text::segment_name(s, cx.lang);
            let em = cx.fit_em(name, 11.5, 8.0, width - 16.0);
            let name = cx.fit(name, em, width - 16.0);
            let (mx, my) = (left_x + width / 2.0, top_y + 6.0 + em * 0.75);
            let half = cx.width(&name, em) / 2.0 + 5.0;
            cx.rect(
                area,
                (mx - half, my - em * 0.75),
                (mx + half, my + em * 0.75),
                pal.bg.mix(0.85).filled(),
            )?;
            cx.label(area, &name, mx, my, em, pal.text, HPos::Center)?;
        }
        // Score labels and axis titles.
        for i in 1..=5u8 {
            let (fx, _) = at(i, 1);
            cx.label(
                area,
                &format!("F{i}"),
                fx + cell_w / 2.0,
                y0 + grid_h + 6.0 + TICK_EM * 0.7,
                TICK_EM,
                pal.muted,
                HPos::Center,
            )?;
            let (_, ry) = at(1, i);
            cx.label(
                area,
                &format!("R{i}"),
                x0 - 8.0,
                ry + cell_h / 2.0,
                TICK_EM,
                pal.muted,
                HPos::Right,
            )?;
        }
        cx.label(
            area,
            cx.t(text::F_AXIS),
            x0 + grid_w / 2.0,
            y0 + grid_h + 6.0 + TICK_EM * 1.4 + 8.0 + DESC_EM * 0.6,
            DESC_EM,
            pal.muted,
            HPos::Center,
        )?;
        cx.vlabel(
            area,
            cx.t(text::R_AXIS),
            x0 - label_w - 4.0 - DESC_EM * 0.6,
            y0 + grid_h / 2.0,
            DESC_EM,
            pal.muted,
        )
    }
}

/// The 5×5 grid of customers per (R, F) score pair (R5 at the top, F5 at the right), with each
/// cell's count and share, the ten segments outlined and named.
pub fn rf_heatmap(
    rfm: &Rfm,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&RfChart { rfm }, lang, theme, format, size)
}

struct TierChart<'a> {
    tiers: &'a [TierRow],
}

impl Chart for TierChart<'_> {
    fn title(&self, cx: &Cx) -> String {
        cx.t(text::TIERS_TITLE).to_string()
    }
    fn subtitle(&self, cx: &Cx) -> Option<String> {
        Some(cx.t(text::TIERS_SUBTITLE).to_string())
    }
    fn is_empty(&self) -> bool {
        self.tiers.iter().all(|t| t.revenue_share.is_none())
    }
    fn legend(&self, cx: &Cx) -> Vec<Key> {
        vec![
            Key {
                label: cx.t(text::REVENUE_SHARE).into(),
                color: cx.pal.accent,
                mark: Mark::Square,
            },
            Key {
                label: cx.t(text::CUMULATIVE).into(),
                color: cx.pal.accent2,
                mark: Mark::Line,
            },
        ]
    }
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError> {
        let shares: Vec<f64> = self
            .tiers
            .iter()
            .map(|t| t.revenue_share.unwrap_or(0.0))
            .collect();
        let cumulative: Vec<f64> = shares
            .iter()
            .scan(0.0, |s, v| {
                *s += v;
                Some(*s)
            })
            .collect();
        let lo = shares.iter().cloned().fold(0.0, f64::min);
        // 0–100 % unless refunds push a share below 0 or the total above 100 %.
        let hi = cumulative
            .iter()
            .chain(&shares)
            .cloned()
            .fold(1.0, f64::max);
        let y = Axis::values(lo, hi, 4, &pct_tick, None);
        let x = Axis::categories(
            self.tiers
                .iter()
                .map(|t| text::tier_label(t.tier, t.customer_share, cx.lang))
                .collect(),
            None,
            false,
        );
        let p = layout(area, cx, &x, &y, 0.0);
        draw_axes(area, cx, &p, &x, &y)?;
        let pal = &cx.pal;
        for (i, s) in shares.iter().enumerate() {
            let xi = i as f64;
            bar(area, cx, &p, (xi - 0.3, 0.0), (xi + 0.3, *s), pal.accent)?;
            // The share inside the bar's top when it is tall enough, else above it.
            let (px, py) = p.pt((xi, *s));
            let inside = (p.y(0.0) - py) > 30.0;
            let (ly, fg) = if inside {
                (py + 12.0, pal.text_on(pal.accent))
            } else {
                (py - 10.0, pal.text)
            };
            cx.label(area, &pct(*s, 1), px, ly, 12.0, fg, HPos::Center)?;
        }
        let pts: Vec<(f64, f64)> = cumulative
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64 + 0.3, *c))
            .collect();
        polyline(area, cx, &p, &pts, pal.accent2, 2.5)?;
        for (i, &(xv, c)) in pts.iter().enumerate() {
            let at = p.pt((xv, c));
            dot(area, cx, at, 4.0, pal.accent2, false)?;
            if i > 0 {
                cx.label(
                    area,
                    &pct(c, 0),
                    at.0 + 8.0,
                    at.1 - 11.0,
                    11.0,
                    pal.text,
                    HPos::Left,
                )?;
            }
        }
        Ok(())
    }
}

/// The Pareto view of value tiers: each tier's share of net revenue as a bar (tiers labelled
/// with their share of customers) and the cumulative share as a line.
pub fn tier_pareto(
    tiers: &[TierRow],
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    output(&TierChart { tiers }, lang, theme, format, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_coloured_by_what_they_need() {
        let p = Palette::of(Theme::Light);
        assert_eq!(segment_color(Segment::Champions, &p), p.good);
        assert_eq!(segment_color(Segment::CantLoseThem, &p), p.risk);
        assert_eq!(segment_color(Segment::Hibernating, &p), p.lost);
        // Every segment has a group colour from the legend.
        let groups = [p.good, p.accent, p.watch, p.risk, p.lost];
        for s in Segment::ALL {
            assert!(groups.contains(&segment_color(s, &p)));
        }
    }
}
