//! # repeatlens-charts — every chart of RepeatLens, drawn in Rust
//!
//! One public function per chart, each taking the part of a
//! [`repeatlens_analytics::Analysis`] it shows, a [`Lang`], a [`Theme`], a [`Format`] and a size,
//! and returning the file's bytes: SVG text for the app's screens, PNG for exports. [`render`]
//! picks the chart by [`ChartKind`] (the CLI's `chart` command and the app call it).
//!
//! The Predictions screen's two charts take plain numbers instead, because the models' output is
//! no part of an `Analysis` (the models are a crate of their own, run on demand); they have no
//! [`ChartKind`] and are called directly:
//!
//! * [`backtest_chart`] — the purchase model's backtest: per calibration-frequency group
//!   ([`BacktestBar`]), actual vs predicted mean purchases per customer in the holdout, with the
//!   caller's localised one-line summary as subtitle.
//! * [`churn_risk_histogram`] — customers per tenth of churn risk, each bar in the colour of its
//!   low / medium / high band.
//!
//! ## Why a crate of its own
//!
//! * **Same picture everywhere.** The app shows the SVG, the seller exports the PNG, the CLI
//!   writes either; all three come from the same drawing code, so an exported chart is the one
//!   seen on screen. The analytics crate stays pure numbers; this one only draws them.
//! * **`plotters`, no default features.** Only the SVG and bitmap backends, line/area series and
//!   `ab_glyph` text. That leaves out `font-kit` (which would look fonts up on the system and needs
//!   fontconfig/freetype) and the `image` crate (PNG is encoded with `png` from plotters' RGB
//!   buffer).
//! * **Chinese labels without system fonts.** A bitmap needs glyph outlines, and a seller's machine
//!   may have no CJK font (a stock Windows in English, a minimal Linux). So a subset of Noto Sans CJK
//!   SC — every character of GB2312 (6,763 hanzi and its symbols) plus Latin, Latin-1, general and
//!   CJK punctuation and full-width forms — is embedded with `include_bytes!` (about 1.5 MB, SIL
//!   OFL 1.1, `assets/fonts/OFL.txt`) and registered with plotters (`register_font`, feature
//!   `ab_glyph`). `assets/fonts/make-subset.sh` makes it from Debian's `fonts-noto-cjk` with
//!   `pyftsubset` (fonttools); the README beside it has the exact command. Rare characters outside
//!   GB2312 (in a product name, say) draw as empty boxes in PNG only.
//! * **PNG labels are rasterised here**, glyph by glyph with `ab_glyph` on the same font, and put
//!   on the bitmap as a plotters element: plotters 0.3.7's own `ab_glyph` text drops each glyph's
//!   left side bearing, which squeezes Latin words and shifts full-width brackets such as "（".
//! * **SVG text stays text.** SVG names a font stack, [`SVG_FONT_STACK`]: the embedded font
//!   under the name [`FONT_FAMILY`] (the app can serve [`FONT_BYTES`] with `@font-face`), then
//!   the CJK fonts that ship with Linux, macOS and Windows. The viewer's font draws it, crisp at any
//!   zoom. Widths for layout (label areas, truncation) are measured on the embedded font.
//! * **Antialiased PNG.** plotters' bitmap backend draws shapes without antialiasing, so a PNG is
//!   drawn at twice its size and averaged down 2×2.
//! * **Absent is not zero.** Cohort cells after the as-of period are not drawn at all; rates that
//!   are `null` are gaps, never 0. An empty store draws the chart's frame with "No data" / "暂无数据".
#![warn(missing_docs)]

mod canvas;
mod charts;
mod text;
pub use text::backtest_summary;

use std::fmt;

use repeatlens_analytics::Analysis;

pub use charts::{
    backtest_chart, churn_risk_histogram, churn_trend, cohort_retention, customers_over_time,
    eight_class, kaplan_meier, ltv_curves, repurchase_intervals, revenue_over_time,
    revenue_retention, rf_heatmap, segment_sizes, tier_pareto, BacktestBar, BacktestSummary,
    BacktestVerdict, ItemKind,
};

/// The embedded font: a subset of Noto Sans CJK SC (SIL Open Font License 1.1).
pub const FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-subset.otf");
/// The family name the embedded font is registered under (and that the app should give it in an
/// `@font-face` rule).
pub const FONT_FAMILY: &str = "RepeatLens Sans";
/// The `font-family` of every SVG text element.
pub const SVG_FONT_STACK: &str = "'RepeatLens Sans', 'Noto Sans CJK SC', 'Noto Sans SC', \
     'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// The language of titles, axis names and category names (`en`, `zh-CN` on the wire).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English.
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// `en`, `zh-CN` (also `zh`, `zh-cn`, `zh_CN`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().replace('_', "-").as_str() {
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}

/// The colour theme (the app's light or dark mode).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

impl Theme {
    /// `light` or `dark`, any case.
    pub fn from_name(name: &str) -> Option<Theme> {
        match name.to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The output file format.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// UTF-8 SVG text.
    Svg,
    /// An 8-bit RGB PNG image.
    Png,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }

    /// The format of a file name's extension (`.svg`, `.png`, any case).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }
}

/// Smallest and largest width or height accepted, in pixels.
pub const MIN_SIZE: u32 = 240;
/// The upper bound of that range (a PNG is drawn at twice this before it is averaged down).
pub const MAX_SIZE: u32 = 8000;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// No chart has this name (or alias): the name asked for.
    #[error("unknown chart '{0}'; charts: {names}", names = ChartKind::names().join(", "))]
    UnknownKind(String),
    /// Width or height outside [`MIN_SIZE`]–[`MAX_SIZE`]: the width and height asked for.
    #[error(
        "chart size {0}×{1} is out of range: width and height must be {MIN_SIZE}–{MAX_SIZE} pixels"
    )]
    Size(u32, u32),
    /// The embedded font could not be parsed or registered with plotters.
    #[error("the embedded font could not be loaded")]
    Font,
    /// plotters failed to draw (or the SVG was not UTF-8): its message.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The PNG encoder failed: its message.
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

/// Which chart to draw (its [`ChartKind::name`] on the wire).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Net revenue per calendar month (or week), from the cohort table.
    Revenue,
    /// New and returning customers buying per month (or week), from the cohort table.
    Customers,
    /// Customers per R×F segment (10 bars).
    Segments,
    /// Customers per class of the Chinese 8-class RFM model.
    EightClass,
    /// 5×5 grid of customers per (R, F) score, segments outlined.
    RfHeatmap,
    /// Revenue share per value tier with the cumulative line.
    Tiers,
    /// Churn rate by month.
    ChurnTrend,
    /// Customer retention heatmap, cohorts × periods since first purchase.
    Cohort,
    /// Revenue retention heatmap.
    RevenueRetention,
    /// Cumulative net revenue per customer, one line per cohort.
    Ltv,
    /// Kaplan–Meier curve of the time to the second purchase.
    Km,
    /// Repurchase interval (p25 / median / p75) of the top SKUs.
    Repurchase,
    /// Repurchase interval of the top categories.
    RepurchaseCategories,
}

impl ChartKind {
    /// Every chart [`render`] draws from an analysis, in declaration order.
    pub const ALL: [ChartKind; 13] = [
        ChartKind::Revenue,
        ChartKind::Customers,
        ChartKind::Segments,
        ChartKind::EightClass,
        ChartKind::RfHeatmap,
        ChartKind::Tiers,
        ChartKind::ChurnTrend,
        ChartKind::Cohort,
        ChartKind::RevenueRetention,
        ChartKind::Ltv,
        ChartKind::Km,
        ChartKind::Repurchase,
        ChartKind::RepurchaseCategories,
    ];

    /// The name used by the CLI and file names.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Revenue => "revenue",
            ChartKind::Customers => "customers",
            ChartKind::Segments => "segments",
            ChartKind::EightClass => "eight-class",
            ChartKind::RfHeatmap => "rf-heatmap",
            ChartKind::Tiers => "tiers",
            ChartKind::ChurnTrend => "churn-trend",
            ChartKind::Cohort => "cohort",
            ChartKind::RevenueRetention => "revenue-retention",
            ChartKind::Ltv => "ltv",
            ChartKind::Km => "km",
            ChartKind::Repurchase => "repurchase",
            ChartKind::RepurchaseCategories => "repurchase-categories",
        }
    }

    /// The [`ChartKind::name`]s of [`ChartKind::ALL`], in that order.
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|k| k.name()).collect()
    }

    /// A chart by name, case-insensitive; a few aliases are accepted (`retention`,
    /// `customer-retention`, `time-to-second`, `pareto`, `churn`, `rf`, `8-class`).
    pub fn from_name(name: &str) -> Result<ChartKind, ChartError> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        if let Some(k) = Self::ALL.iter().find(|k| k.name() == n) {
            return Ok(*k);
        }
        Ok(match n.as_str() {
            "revenue-over-time" => ChartKind::Revenue,
            "customers-over-time" => ChartKind::Customers,
            "segment-sizes" => ChartKind::Segments,
            "8-class" | "class8" => ChartKind::EightClass,
            "rf" | "rf-grid" => ChartKind::RfHeatmap,
            "pareto" | "tier-pareto" => ChartKind::Tiers,
            "churn" => ChartKind::ChurnTrend,
            "retention" | "customer-retention" | "cohorts" => ChartKind::Cohort,
            "ltv-curves" => ChartKind::Ltv,
            "time-to-second" | "kaplan-meier" => ChartKind::Km,
            "repurchase-skus" => ChartKind::Repurchase,
            _ => return Err(ChartError::UnknownKind(name.to_string())),
        })
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Draws one chart of an analysis: SVG text or PNG bytes of `width`×`height` pixels.
pub fn render(
    kind: ChartKind,
    a: &Analysis,
    lang: Lang,
    theme: Theme,
    format: Format,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ChartError> {
    let size = (width, height);
    match kind {
        ChartKind::Revenue => {
            revenue_over_time(&a.cohorts, &a.as_of.date, lang, theme, format, size)
        }
        ChartKind::Customers => {
            customers_over_time(&a.cohorts, &a.as_of.date, lang, theme, format, size)
        }
        ChartKind::Segments => segment_sizes(&a.segments, lang, theme, format, size),
        ChartKind::EightClass => eight_class(&a.eight_class, lang, theme, format, size),
        ChartKind::RfHeatmap => rf_heatmap(&a.rfm, lang, theme, format, size),
        ChartKind::Tiers => tier_pareto(&a.tiers, lang, theme, format, size),
        ChartKind::ChurnTrend => churn_trend(&a.churn, lang, theme, format, size),
        ChartKind::Cohort => cohort_retention(&a.cohorts, &a.as_of.date, lang, theme, format, size),
        ChartKind::RevenueRetention => {
            revenue_retention(&a.cohorts, &a.as_of.date, lang, theme, format, size)
        }
        ChartKind::Ltv => ltv_curves(&a.cohorts, lang, theme, format, size),
        ChartKind::Km => kaplan_meier(&a.time_to_second_purchase, lang, theme, format, size),
        ChartKind::Repurchase => {
            repurchase_intervals(&a.repurchase.skus, ItemKind::Sku, lang, theme, format, size)
        }
        ChartKind::RepurchaseCategories => repurchase_intervals(
            &a.repurchase.categories,
            ItemKind::Category,
            lang,
            theme,
            format,
            size,
        ),
    }
}

/// [`render`] as SVG text, for the app's screens.
pub fn render_svg(
    kind: ChartKind,
    a: &Analysis,
    lang: Lang,
    theme: Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    let bytes = render(kind, a, lang, theme, Format::Svg, width, height)?;
    String::from_utf8(bytes).map_err(|e| ChartError::Draw(e.to_string()))
}
