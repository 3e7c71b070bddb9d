//! The Predictions and Products screens: the models' report for the current analysis (fitted
//! once per analysis, shared with the customer page and exports) and the product rules, plus
//! their charts.

use tauri::{AppHandle, Manager};

use super::analysis::{current_analysis, current_predictions};
use super::CommandResult;
use crate::AppState;

/// BG/NBD + Gamma-Gamma predictions, distributions, ranked lists and the backtest of the
/// current analysis; None when nobody has bought yet.
#[tauri::command]
pub async fn prediction_report(
    app: AppHandle,
) -> CommandResult<Option<repeatlens_engine::PredictionReport>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (_, _, set) = current_predictions(&state)?;
        Ok(set.as_ref().as_ref().map(|s| s.report.clone()))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Basket rules, "A then B within N days" rules, first products and 1st→2nd order paths of the
/// current store as of the analysis date.
#[tauri::command]
pub async fn product_insight(
    app: AppHandle,
    params: repeatlens_engine::ProductInsightParams,
) -> CommandResult<repeatlens_engine::ProductInsight> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (store_id, a) = current_analysis(&state)?;
        let mut store = state.store.lock().map_err(|e| e.to_string())?;
        let ds = repeatlens_engine::load_dataset(&mut store, store_id, Some(&a.currency))
            .map_err(|e| e.to_string())?;
        let as_of = chrono::NaiveDate::parse_from_str(&a.as_of.date, "%Y-%m-%d")
            .map_err(|e| e.to_string())?;
        let mut insight = repeatlens_engine::product_insight(
            &ds,
            repeatlens_analytics::days::day_number(as_of),
            &params,
        )?;
        repeatlens_engine::add_sku_titles(&store, store_id, &mut insight)
            .map_err(|e| e.to_string())?;
        Ok(insight)
    })
    .await
    .map_err(|e| e.to_string())?
}
