//! The Predictions and Products screens: the models' report of an analysis (fitted once per
//! analysis, shared with the customer page and exports), the product rules, and their charts.

use repeatlens_charts::{Format, Lang, Theme};
use repeatlens_engine::{InsightChart, PredictionReport, ProductInsight, ProductInsightParams};

use super::dto::{SaveTarget, Saved};
use super::exports::save_file;
use crate::error::AppError;
use crate::ipc::Ctx;

crate::ipc_commands! {
    /// BG/NBD + Gamma-Gamma predictions of an analysis (fits, notes, totals, distributions,
    /// ranked lists, backtest); null when nobody has bought yet.
    fn prediction_report(cx, analysis_id: u64) -> Option<PredictionReport> {
        let entry = cx.state.analyses.get(analysis_id)?;
        let set = entry.predictions()?;
        Ok(set.as_ref().as_ref().map(|s| s.report.clone()))
    }

    /// Basket rules, "A then B within N days" rules, first products and 1st→2nd order paths of
    /// an analysis' store as of its date.
    fn product_insight(cx, analysis_id: u64, params: ProductInsightParams) -> ProductInsight {
        let entry = cx.state.analyses.get(analysis_id)?;
        let as_of = repeatlens_engine::analysis_day(&entry.analysis)?;
        let mut insight = repeatlens_engine::product_insight(&entry.dataset, as_of, &params);
        let store = cx.state.db.conn()?;
        repeatlens_engine::add_sku_titles(&store, entry.store_id, &mut insight)?;
        Ok(insight)
    }

    /// A Predictions chart as SVG for the screen; null when there is nothing to draw.
    fn insight_chart_svg(
        cx,
        analysis_id: u64,
        kind: InsightChart,
        lang: Lang,
        theme: Theme,
        width: u32,
        height: u32,
    ) -> Option<String> {
        let chart = draw(cx, analysis_id, kind, lang, theme, Format::Svg, (width, height))?;
        Ok(chart.map(|(_, b)| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Saves a Predictions chart as PNG or SVG; null when cancelled or there is nothing to draw.
    fn save_insight_chart(
        cx,
        analysis_id: u64,
        kind: InsightChart,
        lang: Lang,
        format: Format,
        target: SaveTarget,
    ) -> Option<Saved> {
        let size = (1600, 1000);
        let Some((as_of, bytes)) = draw(cx, analysis_id, kind, lang, Theme::Light, format, size)?
        else {
            return Ok(None);
        };
        let stem = format!("repeatlens-{}-{as_of}", kind.name());
        save_file(cx, target, &stem, format.extension(), &bytes)
    }
}

/// A Predictions chart of an analysis with the date of its predictions; None when nobody has
/// bought yet or the chart has nothing to draw (no backtest).
fn draw(
    cx: &Ctx<'_>,
    analysis_id: u64,
    kind: InsightChart,
    lang: Lang,
    theme: Theme,
    format: Format,
    size: (u32, u32),
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let entry = cx.state.analyses.get(analysis_id)?;
    let set = entry.predictions()?;
    let Some(set) = set.as_ref().as_ref() else {
        return Ok(None);
    };
    let bytes = repeatlens_engine::insight_chart(set, kind, lang, theme, format, size)?;
    Ok(bytes.map(|b| (set.report.as_of.clone(), b)))
}
