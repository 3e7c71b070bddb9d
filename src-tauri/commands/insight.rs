//! The Predictions and Products screens: the models' report for the current analysis (fitted
//! once per analysis, shared with the customer page and exports) and the product rules, plus
//! their charts.

use tauri::{AppHandle, Manager};

use super::analysis::{current_analysis, current_predictions};
use super::dto::{SaveTarget, Saved};
use super::exports::{chart_format, lang_of, save_file, theme_of};
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

/// Draws one of the Predictions screen's charts of the current analysis: `backtest` (actual vs
/// predicted purchases by calibration frequency) or `churn-risk` (customers by predicted churn
/// risk). None when there is nothing to draw it from (no purchases, or no backtest).
fn insight_chart(
    state: &AppState,
    kind: &str,
    lang: repeatlens_charts::Lang,
    theme: repeatlens_charts::Theme,
    format: repeatlens_charts::Format,
    size: (u32, u32),
) -> CommandResult<(String, Option<Vec<u8>>)> {
    let (_, _, set) = current_predictions(state)?;
    let Some(set) = set.as_ref().as_ref() else {
        return Ok((String::new(), None));
    };
    let r = &set.report;
    let bytes = match kind {
        "backtest" => match &r.backtest {
            Some(b) => {
                let bars: Vec<repeatlens_charts::BacktestBar> = b
                    .result
                    .buckets
                    .iter()
                    .map(|k| repeatlens_charts::BacktestBar {
                        label: k.label.clone(),
                        customers: k.customers as u64,
                        actual_mean: k.actual_mean,
                        predicted_mean: k.predicted_mean,
                    })
                    .collect();
                let summary = backtest_summary(b, lang);
                Some(
                    repeatlens_charts::backtest_chart(&bars, &summary, lang, theme, format, size)
                        .map_err(|e| e.to_string())?,
                )
            }
            None => None,
        },
        "churn-risk" => {
            let bands = r.predictions.config.churn_bands;
            Some(
                repeatlens_charts::churn_risk_histogram(
                    &r.risk_histogram,
                    bands.medium_from,
                    bands.high_from,
                    lang,
                    theme,
                    format,
                    size,
                )
                .map_err(|e| e.to_string())?,
            )
        }
        other => {
            return Err(format!(
                "unknown prediction chart '{other}': use backtest or churn-risk"
            ))
        }
    };
    Ok((r.as_of.clone(), bytes))
}

/// The backtest's one line in the chart's language.
fn backtest_summary(
    b: &repeatlens_engine::BacktestReport,
    lang: repeatlens_charts::Lang,
) -> String {
    let r = &b.result;
    let verdict = |en: bool| match r.verdict {
        Some(repeatlens_models::Verdict::Good) => {
            if en {
                "good"
            } else {
                "好"
            }
        }
        Some(repeatlens_models::Verdict::Fair) => {
            if en {
                "fair"
            } else {
                "一般"
            }
        }
        Some(repeatlens_models::Verdict::Poor) => {
            if en {
                "poor"
            } else {
                "差"
            }
        }
        None => "—",
    };
    let err = r
        .relative_error
        .map_or_else(|| "—".to_string(), |e| format!("{:+.1} %", e * 100.0));
    match lang {
        repeatlens_charts::Lang::En => format!(
            "Fitted up to {}, {} days held out: predicted {:.0}, actual {} ({err}): {}",
            b.calibration_end,
            b.holdout_days,
            r.predicted_total,
            r.actual_total,
            verdict(true)
        ),
        repeatlens_charts::Lang::ZhCn => format!(
            "用截至 {} 的数据拟合，留出 {} 天验证：预测 {:.0} 次，实际 {} 次（{err}）：{}",
            b.calibration_end,
            b.holdout_days,
            r.predicted_total,
            r.actual_total,
            verdict(false)
        ),
    }
}

/// A Predictions chart as SVG for the screen; None when there is nothing to draw.
#[tauri::command]
pub async fn insight_chart_svg(
    app: AppHandle,
    kind: String,
    lang: String,
    theme: String,
    width: u32,
    height: u32,
) -> CommandResult<Option<String>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (_, bytes) = insight_chart(
            &state,
            &kind,
            lang_of(&lang)?,
            theme_of(&theme)?,
            repeatlens_charts::Format::Svg,
            (width, height),
        )?;
        bytes
            .map(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            .transpose()
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Saves a Predictions chart as PNG or SVG; None when cancelled or there is nothing to draw.
#[tauri::command]
pub async fn save_insight_chart(
    app: AppHandle,
    kind: String,
    lang: String,
    format: String,
    target: SaveTarget,
) -> CommandResult<Option<Saved>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (fmt, ext) = chart_format(&format)?;
        let (as_of, bytes) = insight_chart(
            &state,
            &kind,
            lang_of(&lang)?,
            repeatlens_charts::Theme::Light,
            fmt,
            (1600, 1000),
        )?;
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        let stem = format!("repeatlens-{kind}-{as_of}");
        save_file(&app, target, &stem, ext, &bytes)
    })
    .await
    .map_err(|e| e.to_string())?
}
