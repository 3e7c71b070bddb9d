//! What every chart shares: colours of the two themes, text measured on the embedded font, the
//! frame (title, subtitle, legend, "No data"), axis styling, and the SVG/PNG output.
//!
//! Why one file of this size: `Cx` is the one drawing context; its text methods need the private
//! font, `GlyphRun` and the `size_per_em` that only `output` sets, and `frame` drives them all.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform};

use crate::text::{self, L};
use crate::{
    ChartError, Format, Lang, Theme, FONT_BYTES, FONT_FAMILY, MAX_SIZE, MIN_SIZE, SVG_FONT_STACK,
};

/// The colours of one theme.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    pub bg: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// The main series colour.
    pub accent: RGBColor,
    /// A second series (lines over bars, "returning" over "new").
    pub accent2: RGBColor,
    /// Segment health: growing well, needs a push, slipping, gone quiet.
    pub good: RGBColor,
    pub watch: RGBColor,
    pub risk: RGBColor,
    pub lost: RGBColor,
    /// Heatmap ramp: low, middle, high.
    pub ramp: [RGBColor; 3],
    /// Text on a dark and on a light cell.
    pub on_dark: RGBColor,
    pub on_light: RGBColor,
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                bg: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x1F, 0x29, 0x37),
                muted: RGBColor(0x6B, 0x72, 0x80),
                grid: RGBColor(0xE5, 0xE7, 0xEB),
                axis: RGBColor(0x9C, 0xA3, 0xAF),
                accent: RGBColor(0x25, 0x63, 0xEB),
                accent2: RGBColor(0xF5, 0x9E, 0x0B),
                good: RGBColor(0x16, 0xA3, 0x4A),
                watch: RGBColor(0xD9, 0x77, 0x06),
                risk: RGBColor(0xDC, 0x26, 0x26),
                lost: RGBColor(0x9C, 0xA3, 0xAF),
                ramp: [
                    RGBColor(0xEF, 0xF6, 0xFF),
                    RGBColor(0x60, 0xA5, 0xFA),
                    RGBColor(0x1E, 0x3A, 0x8A),
                ],
                on_dark: RGBColor(0xFF, 0xFF, 0xFF),
                on_light: RGBColor(0x1F, 0x29, 0x37),
            },
            Theme::Dark => Palette {
                bg: RGBColor(0x11, 0x18, 0x27),
                text: RGBColor(0xF3, 0xF4, 0xF6),
                muted: RGBColor(0x9C, 0xA3, 0xAF),
                grid: RGBColor(0x2B, 0x36, 0x48),
                axis: RGBColor(0x6B, 0x72, 0x80),
                accent: RGBColor(0x60, 0xA5, 0xFA),
                accent2: RGBColor(0xFB, 0xBF, 0x24),
                good: RGBColor(0x4A, 0xDE, 0x80),
                watch: RGBColor(0xFB, 0xBF, 0x24),
                risk: RGBColor(0xF8, 0x71, 0x71),
                lost: RGBColor(0x6B, 0x72, 0x80),
                ramp: [
                    RGBColor(0x1E, 0x29, 0x3B),
                    RGBColor(0x25, 0x63, 0xEB),
                    RGBColor(0xBF, 0xDB, 0xFE),
                ],
                on_dark: RGBColor(0xF9, 0xFA, 0xFB),
                on_light: RGBColor(0x11, 0x18, 0x27),
            },
        }
    }

    /// The heatmap colour of `t` in 0..=1 (clamped).
    pub fn heat(&self, t: f64) -> RGBColor {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if t <= 0.5 {
            mix(self.ramp[0], self.ramp[1], t * 2.0)
        } else {
            mix(self.ramp[1], self.ramp[2], (t - 0.5) * 2.0)
        }
    }

    /// Readable text colour on a cell of colour `c`.
    pub fn text_on(&self, c: RGBColor) -> RGBColor {
        if luminance(c) > 0.45 {
            self.on_light
        } else {
            self.on_dark
        }
    }
}

/// Linear blend of two colours: t = 0 gives `a`, 1 gives `b`.
pub(crate) fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let ch = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
}

/// Relative luminance (sRGB, 0..1).
pub(crate) fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// The embedded font, parsed once, for measuring text.
fn font() -> Result<&'static FontRef<'static>, ChartError> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
        .ok_or(ChartError::Font)
}

/// Registers the embedded font with plotters under [`FONT_FAMILY`] (used for PNG) and under the
/// SVG font stack (so plotters can measure SVG text too; the stack is written as it is).
fn register_fonts() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        [FONT_FAMILY, SVG_FONT_STACK]
            .iter()
            .all(|name| plotters::style::register_font(name, FontStyle::Normal, FONT_BYTES).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// Everything a chart needs to know about where it is drawn.
pub(crate) struct Cx {
    pub lang: Lang,
    pub pal: Palette,
    pub format: Format,
    /// Device pixels per layout pixel (2 for PNG: drawn at twice the size, then averaged down).
    pub scale: f64,
    /// plotters "size" per em (SVG writes size ÷ 1.24 as font-size; ab_glyph scales the font's
    /// ascent − descent to the size).
    size_per_em: f64,
}

impl Cx {
    /// Layout pixels to device pixels.
    pub fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    /// Device pixels to layout pixels.
    pub fn lp(&self, v: i32) -> f64 {
        v as f64 / self.scale
    }

    pub fn t(&self, l: L) -> &'static str {
        l.get(self.lang)
    }

    fn family(&self) -> &'static str {
        match self.format {
            Format::Svg => SVG_FONT_STACK,
            Format::Png => FONT_FAMILY,
        }
    }

    /// A font of `em` layout pixels.
    pub fn font(&self, em: f64) -> FontDesc<'static> {
        FontDesc::new(
            FontFamily::Name(self.family()),
            em * self.scale * self.size_per_em,
            FontStyle::Normal,
        )
    }

    /// A text style: font of `em` layout pixels, colour, anchor.
    pub fn style(&self, em: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
        TextStyle {
            font: self.font(em),
            color: color.to_backend_color(),
            pos: Pos::new(h, v),
        }
    }

    /// The width of `s` at `em` layout pixels, in layout pixels (measured on the embedded font).
    pub fn width(&self, s: &str, em: f64) -> f64 {
        let Ok(f) = font() else {
            return s.chars().count() as f64 * em;
        };
        let upem = f.units_per_em().unwrap_or(1000.0) as f64;
        let units: f64 = s
            .chars()
            .map(|c| f.h_advance_unscaled(f.glyph_id(c)) as f64)
            .sum();
        units / upem * em
    }

    /// `s`, shortened with "…" so that it is at most `max` layout pixels wide at `em`.
    pub fn fit(&self, s: &str, em: f64, max: f64) -> String {
        if self.width(s, em) <= max {
            return s.to_string();
        }
        let mut chars: Vec<char> = s.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let t: String = chars.iter().collect::<String>() + "…";
            if self.width(&t, em) <= max {
                return t;
            }
        }
        String::new()
    }

    /// The largest size ≤ `em` (and ≥ `min_em`) at which `s` fits in `max` layout pixels.
    pub fn fit_em(&self, s: &str, em: f64, min_em: f64, max: f64) -> f64 {
        let w = self.width(s, em);
        if w <= max || w == 0.0 {
            em
        } else {
            (em * max / w).max(min_em)
        }
    }

    /// Draws `s` with its visual centre at height `y` (layout pixels) and `x` at the given side.
    #[allow(clippy::too_many_arguments)]
    pub fn label<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: &str,
        x: f64,
        y: f64,
        em: f64,
        color: RGBColor,
        h: HPos,
    ) -> Result<(), ChartError> {
        match self.format {
            Format::Svg => {
                // The SVG backend anchors the centre with dy="0.5ex", which sits the text a little
                // high; this puts the middle of digits and hanzi on `y`.
                let style = self.style(em, color, h, VPos::Center);
                area.draw_text(s, &style, (self.px(x), self.px(y + 0.10 * em)))
                    .map_err(draw_err)
            }
            Format::Png => {
                let w = self.width(s, em);
                let left = match h {
                    HPos::Left => x,
                    HPos::Center => x - w / 2.0,
                    HPos::Right => x - w,
                };
                let run = GlyphRun::new(s, em * self.scale, color, false)?;
                let at = (self.px(left), self.px(y + MIDDLE * em));
                area.draw(&GlyphRun { at, ..run }).map_err(draw_err)
            }
        }
    }

    /// Draws `s` rotated a quarter turn counter-clockwise (reading upwards), centred on (`x`, `y`).
    pub fn vlabel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: &str,
        x: f64,
        y: f64,
        em: f64,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        match self.format {
            Format::Svg => {
                let style = self
                    .style(em, color, HPos::Center, VPos::Center)
                    .transform(FontTransform::Rotate270);
                area.draw_text(s, &style, (self.px(x + 0.10 * em), self.px(y)))
                    .map_err(draw_err)
            }
            Format::Png => {
                let w = self.width(s, em);
                let run = GlyphRun::new(s, em * self.scale, color, true)?;
                // The baseline runs upwards at x + MIDDLE·em, starting w/2 below y.
                let at = (self.px(x + MIDDLE * em), self.px(y + w / 2.0));
                area.draw(&GlyphRun { at, ..run }).map_err(draw_err)
            }
        }
    }

    /// A filled rectangle in layout pixels.
    pub fn rect<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        style: ShapeStyle,
    ) -> Result<(), ChartError> {
        area.draw(&Rectangle::new(
            [(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))],
            style,
        ))
        .map_err(draw_err)
    }

    /// A line in layout pixels.
    pub fn line<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        points: &[(f64, f64)],
        color: RGBColor,
        width: f64,
    ) -> Result<(), ChartError> {
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (self.px(x), self.px(y)))
            .collect();
        area.draw(&PathElement::new(
            pts,
            color.stroke_width(self.stroke(width)),
        ))
        .map_err(draw_err)
    }

    /// A stroke width in device pixels.
    pub fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }
}

/// How far below the visual middle of a line of text its baseline is, in em: hanzi span about
/// −0.12 to 0.88 em around the baseline and digits 0 to 0.73 em, so both centre near 0.375 em.
const MIDDLE: f64 = 0.375;

/// A line of text rasterised with ab_glyph from the embedded font, for the bitmap backend.
///
/// plotters' own ab_glyph text path places each glyph at the pen position without its left side
/// bearing, which squeezes Latin words and pushes full-width punctuation such as "（" off its
/// place; this draws each glyph where the font puts it.
struct GlyphRun {
    /// Where the baseline starts, in device pixels.
    at: (i32, i32),
    /// Coverage per pixel relative to the baseline start.
    pixels: Vec<(i32, i32, f32)>,
    color: RGBColor,
}

impl GlyphRun {
    /// Rasterises `s` at `em` device pixels; `up` turns it a quarter turn counter-clockwise.
    fn new(s: &str, em: f64, color: RGBColor, up: bool) -> Result<GlyphRun, ChartError> {
        let f = font()?;
        let upem = f.units_per_em().unwrap_or(1000.0);
        let scale = ab_glyph::PxScale::from((em as f32) * f.height_unscaled() / upem);
        let sf = f.as_scaled(scale);
        let mut pixels = Vec::new();
        let mut caret = 0.0f32;
        for c in s.chars() {
            let id = f.glyph_id(c);
            let glyph = id.with_scale_and_position(scale, ab_glyph::point(caret, 0.0));
            if let Some(outline) = f.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|x, y, cov| {
                    let (gx, gy) = (b.min.x as i32 + x as i32, b.min.y as i32 + y as i32);
                    let (px, py) = if up { (gy, -gx) } else { (gx, gy) };
                    pixels.push((px, py, cov));
                });
            }
            caret += sf.h_advance(id);
        }
        Ok(GlyphRun {
            at: (0, 0),
            pixels,
            color,
        })
    }
}

impl<'a> plotters::element::PointCollection<'a, (i32, i32)> for &'a GlyphRun {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> plotters::element::Drawable<DB> for GlyphRun {
    fn draw<I: Iterator<Item = plotters_backend::BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), plotters_backend::DrawingErrorKind<DB::ErrorType>> {
        let Some((ox, oy)) = points.next() else {
            return Ok(());
        };
        for &(x, y, cov) in &self.pixels {
            if cov > 0.0 {
                let c = self.color.mix(cov.min(1.0) as f64).to_backend_color();
                backend.draw_pixel((ox + x, oy + y), c)?;
            }
        }
        Ok(())
    }
}

pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// A legend entry: a swatch of the colour, drawn as a square, a line, or a dashed line.
pub(crate) struct Key {
    pub label: String,
    pub color: RGBColor,
    pub mark: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Square,
    Line,
    Faded,
}

/// What a chart provides to the frame.
pub(crate) trait Chart {
    fn title(&self, cx: &Cx) -> String;
    fn subtitle(&self, cx: &Cx) -> Option<String>;
    fn is_empty(&self) -> bool;
    /// The line under "No data": what would fill the chart.
    fn empty_hint(&self, cx: &Cx) -> String {
        cx.t(text::NO_DATA_HINT).to_string()
    }
    fn legend(&self, _cx: &Cx) -> Vec<Key> {
        Vec::new()
    }
    /// Draws the chart into `area`, the frame's body (below the title, subtitle and legend).
    fn body<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        cx: &Cx,
    ) -> Result<(), ChartError>;
}

const MARGIN: f64 = 16.0;
const TITLE_EM: f64 = 17.0;
const SUBTITLE_EM: f64 = 12.0;
/// The height of a line of legend keys.
const LEGEND_LINE: f64 = 18.0;

/// Title, subtitle and legend at the top; the body below; or the "No data" message.
fn frame<DB: DrawingBackend, C: Chart>(
    root: &DrawingArea<DB, Shift>,
    chart: &C,
    cx: &Cx,
) -> Result<(), ChartError> {
    root.fill(&cx.pal.bg).map_err(draw_err)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (cx.lp(w as i32), cx.lp(h as i32));
    let inner = w - 2.0 * MARGIN;

    let title = chart.title(cx);
    let em = cx.fit_em(&title, TITLE_EM, 12.0, inner);
    let title = cx.fit(&title, em, inner);
    cx.label(
        root,
        &title,
        MARGIN,
        MARGIN + 10.0,
        em,
        cx.pal.text,
        HPos::Left,
    )?;
    let mut y = MARGIN + 24.0;

    if chart.is_empty() {
        let cy = MARGIN + 24.0 + (h - MARGIN - 24.0) / 2.0;
        let msg = cx.t(text::NO_DATA);
        cx.label(
            root,
            msg,
            w / 2.0,
            cy - 12.0,
            18.0,
            cx.pal.muted,
            HPos::Center,
        )?;
        let hint = chart.empty_hint(cx);
        let hem = cx.fit_em(&hint, 12.0, 9.0, inner);
        cx.label(
            root,
            &hint,
            w / 2.0,
            cy + 14.0,
            hem,
            cx.pal.muted,
            HPos::Center,
        )?;
        return Ok(());
    }

    if let Some(sub) = chart.subtitle(cx) {
        let em = cx.fit_em(&sub, SUBTITLE_EM, 10.0, inner);
        let sub = cx.fit(&sub, em, inner);
        cx.label(root, &sub, MARGIN, y + 9.0, em, cx.pal.muted, HPos::Left)?;
        y += 20.0;
    }

    let keys = chart.legend(cx);
    if !keys.is_empty() {
        y += 4.0;
        let mut x = MARGIN;
        let mut cy = y + 8.0;
        // Keys in 12 px text 18 px apart; to stay on one line, closer (down to 8 px) and smaller
        // (down to 10.5 px); else on more lines.
        let swatch = |k: &Key| if k.mark == Mark::Line { 23.0 } else { 15.0 };
        let swatches: f64 = keys.iter().map(swatch).sum();
        let words: f64 = keys.iter().map(|k| cx.width(&k.label, 12.0)).sum();
        let gaps = (keys.len() - 1).max(1) as f64;
        let em = (12.0 * (inner - swatches - 8.0 * gaps) / words.max(1.0)).clamp(10.5, 12.0);
        let gap = ((inner - swatches - words * em / 12.0) / gaps).clamp(8.0, 18.0);
        for k in &keys {
            // A key that would run off the right edge starts a new line.
            if x > MARGIN && x + swatch(k) + cx.width(&k.label, em) > w - MARGIN + 0.5 {
                x = MARGIN;
                cy += LEGEND_LINE;
                y += LEGEND_LINE;
            }
            match k.mark {
                Mark::Square | Mark::Faded => {
                    let c = if k.mark == Mark::Faded {
                        mix(k.color, cx.pal.bg, 0.55)
                    } else {
                        k.color
                    };
                    cx.rect(root, (x, cy - 5.0), (x + 10.0, cy + 5.0), c.filled())?;
                    x += 15.0;
                }
                Mark::Line => {
                    cx.line(root, &[(x, cy), (x + 18.0, cy)], k.color, 2.5)?;
                    x += 23.0;
                }
            }
            cx.label(root, &k.label, x, cy, em, cx.pal.text, HPos::Left)?;
            x += cx.width(&k.label, em) + gap;
        }
        y += 16.0;
    }

    let top = cx.px(y + 10.0);
    let body = root.margin(top, cx.px(12.0), cx.px(MARGIN), cx.px(MARGIN));
    chart.body(&body, cx)
}

/// Draws `chart` into SVG text or PNG bytes of `size`.
pub(crate) fn output<C: Chart>(
    chart: &C,
    lang: Lang,
    theme: Theme,
    format: Format,
    (w, h): (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    if !(MIN_SIZE..=MAX_SIZE).contains(&w) || !(MIN_SIZE..=MAX_SIZE).contains(&h) {
        return Err(ChartError::Size(w, h));
    }
    register_fonts()?;
    let f = font()?;
    let per_em = (f.height_unscaled() / f.units_per_em().unwrap_or(1000.0)) as f64;
    match format {
        Format::Svg => {
            let cx = Cx {
                lang,
                pal: Palette::of(theme),
                format,
                scale: 1.0,
                size_per_em: 1.24,
            };
            let mut s = String::new();
            {
                let root = SVGBackend::with_string(&mut s, (w, h)).into_drawing_area();
                frame(&root, chart, &cx)?;
                root.present().map_err(draw_err)?;
            }
            Ok(s.into_bytes())
        }
        Format::Png => {
            const S: u32 = 2;
            let cx = Cx {
                lang,
                pal: Palette::of(theme),
                format,
                scale: S as f64,
                size_per_em: per_em,
            };
            let (bw, bh) = (w * S, h * S);
            let mut big = vec![0u8; (bw * bh * 3) as usize];
            {
                let root = BitMapBackend::with_buffer(&mut big, (bw, bh)).into_drawing_area();
                frame(&root, chart, &cx)?;
                root.present().map_err(draw_err)?;
            }
            let small = downsample(&big, bw as usize, bh as usize, S as usize);
            encode_png(&small, w, h)
        }
    }
}

/// Averages each `s`×`s` block of an RGB image.
fn downsample(rgb: &[u8], w: usize, h: usize, s: usize) -> Vec<u8> {
    let (ow, oh) = (w / s, h / s);
    let mut out = vec![0u8; ow * oh * 3];
    let n = (s * s) as u32;
    for y in 0..oh {
        for x in 0..ow {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..s {
                    let row = (y * s + dy) * w;
                    for dx in 0..s {
                        sum += rgb[(row + x * s + dx) * 3 + c] as u32;
                    }
                }
                out[(y * ow + x) * 3 + c] = ((sum + n / 2) / n) as u8;
            }
        }
    }
    out
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let perr = |e: png::EncodingError| ChartError::Png(e.to_string());
        let mut writer = enc.write_header().map_err(perr)?;
        writer.write_image_data(rgb).map_err(perr)?;
        writer.finish().map_err(perr)?;
    }
    Ok(out)
}

/// Ticks for a value axis from `lo` to `hi`: a "nice" step (1, 2, 2.5 or 5 × 10ⁿ) giving at most
/// `max_ticks` ticks, and the axis end rounded up to a whole step.
pub(crate) fn nice_axis(lo: f64, hi: f64, max_ticks: usize) -> (f64, f64, f64) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let span = hi - lo;
    let raw = span / max_ticks.max(2) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step - 1e-9).ceil() * step;
    (start, end.max(start + step), step)
}

/// The tick values of a nice axis.
pub(crate) fn ticks(start: f64, end: f64, step: f64) -> Vec<f64> {
    let n = ((end - start) / step).round() as i64;
    (0..=n).map(|i| start + i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes_end_on_round_numbers() {
        assert_eq!(nice_axis(0.0, 0.37, 5), (0.0, 0.4, 0.1));
        let (s, e, st) = nice_axis(0.0, 1234.0, 5);
        assert_eq!((s, e, st), (0.0, 1250.0, 250.0));
        assert_eq!(ticks(s, e, st), [0.0, 250.0, 500.0, 750.0, 1000.0, 1250.0]);
        let (s, e, _) = nice_axis(-120.0, 900.0, 6);
        assert!(s <= -120.0 && e >= 900.0);
        // A flat series still gets an axis.
        let (s, e, st) = nice_axis(0.0, 0.0, 5);
        assert!(e > s && st > 0.0);
    }

    #[test]
    fn text_widths_come_from_the_embedded_font() {
        let cx = Cx {
            lang: Lang::En,
            pal: Palette::of(Theme::Light),
            format: Format::Svg,
            scale: 1.0,
            size_per_em: 1.24,
        };
        // Hanzi are one em wide; Latin letters narrower.
        assert!((cx.width("重要价值客户", 10.0) - 60.0).abs() < 0.5);
        assert!(cx.width("abc", 10.0) < 20.0);
        let short = cx.fit("Potential Loyalists", 12.0, 60.0);
        assert!(
            short.ends_with('…') && cx.width(&short, 12.0) <= 60.0,
            "{short}"
        );
        assert_eq!(cx.fit("ok", 12.0, 60.0), "ok");
    }

    #[test]
    fn heat_ramp_and_text_contrast() {
        for theme in [Theme::Light, Theme::Dark] {
            let p = Palette::of(theme);
            assert_eq!(p.heat(0.0), p.ramp[0]);
            assert_eq!(p.heat(1.0), p.ramp[2]);
            assert_eq!(p.heat(7.0), p.ramp[2]);
            assert_eq!(p.heat(f64::NAN), p.ramp[0]);
            // Text on the darkest and lightest cells contrasts with them.
            for c in [p.ramp[0], p.ramp[2]] {
                let t = p.text_on(c);
                assert!((luminance(t) - luminance(c)).abs() > 0.4, "{theme:?} {c:?}");
            }
        }
    }

    #[test]
    fn glyph_runs_keep_side_bearings_and_turn_upwards() {
        let em = 40.0;
        // "（" sits in the right half of its em box in Simplified Chinese fonts.
        let paren = GlyphRun::new("（", em, RGBColor(0, 0, 0), false).unwrap();
        let min_x = paren.pixels.iter().map(|p| p.0).min().unwrap();
        assert!(min_x as f64 > 0.4 * em, "drawn from x = {min_x}");
        // Hanzi sit on the baseline: mostly above it (negative y), a little below.
        let han = GlyphRun::new("客户", em, RGBColor(0, 0, 0), false).unwrap();
        let (top, bottom) = han
            .pixels
            .iter()
            .fold((0, 0), |(t, b), p| (t.min(p.1), b.max(p.1)));
        assert!(top < -(0.7 * em) as i32 && bottom > 0 && bottom < (0.2 * em) as i32);
        // Turned a quarter turn: x ↦ −y, y ↦ x, same ink.
        let up = GlyphRun::new("客户", em, RGBColor(0, 0, 0), true).unwrap();
        assert_eq!(up.pixels.len(), han.pixels.len());
        for (a, b) in han.pixels.iter().zip(&up.pixels) {
            assert_eq!((b.0, b.1), (a.1, -a.0));
        }
    }

    #[test]
    fn downsampling_averages_blocks() {
        // 2×2 image: black, white / white, black → one grey pixel.
        let img = [0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0];
        assert_eq!(downsample(&img, 2, 2, 2), vec![128, 128, 128]);
    }
}
