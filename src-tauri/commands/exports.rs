//! The coupon target list and chart files: preview, then save through the native dialog or
//! straight into the Downloads folder. The dialog runs in Rust, so the window needs no
//! file-system or save-dialog permission of its own.

use std::path::PathBuf;
use std::sync::Arc;

use repeatlens_analytics::Analysis;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use super::analysis::{current_analysis, current_predictions};
use super::dto::{ExportPreview, ExportRequest, SaveTarget, Saved};
use super::CommandResult;
use crate::AppState;

/// Rows shown in the export preview.
const PREVIEW_ROWS: usize = 20;

/// The analysis to export from: the current one, re-run with the whole overdue list when the
/// spec filters on it and the screens' copy lists only the first rows.
fn analysis_for(
    state: &AppState,
    spec: &repeatlens_export::ExportSpec,
) -> CommandResult<(i64, Arc<Analysis>)> {
    let (store_id, a) = current_analysis(state)?;
    if !spec.overdue_only || a.repurchase.overdue_total <= a.repurchase.overdue.len() as u64 {
        return Ok((store_id, a));
    }
    let mut store = state.store.lock().map_err(|e| e.to_string())?;
    let params = repeatlens_analytics::Params {
        overdue_list_limit: a.repurchase.overdue_total.min(u32::MAX as u64) as u32,
        ..a.params.clone()
    };
    let currency = Some(a.currency.as_str());
    let full = repeatlens_engine::analyze_store(&mut store, store_id, &params, currency)
        .map_err(|e| e.to_string())?;
    Ok((store_id, Arc::new(full)))
}

fn selection(
    state: &AppState,
    spec: &repeatlens_export::ExportSpec,
) -> CommandResult<repeatlens_export::Selection> {
    let (store_id, a) = analysis_for(state, spec)?;
    let predictions = if spec.needs_forecasts() {
        Some(current_predictions(state)?.2)
    } else {
        None
    };
    let forecasts = predictions
        .as_ref()
        .and_then(|p| p.as_ref().as_ref())
        .map(|set| &set.by_customer);
    if predictions.is_some() && forecasts.is_none() {
        return Err("no customer has bought yet, so there are no predictions to filter on".into());
    }
    let contacts = {
        let store = state.store.lock().map_err(|e| e.to_string())?;
        repeatlens_export::load_contacts(&store, store_id, spec).map_err(|e| e.to_string())?
    };
    repeatlens_export::select(spec, &a, &contacts, forecasts).map_err(|e| e.to_string())
}

/// Counts and the first rows of the file an export would write (coupon codes are drawn anew
/// when saving).
#[tauri::command]
pub async fn export_preview(
    app: AppHandle,
    spec: repeatlens_export::ExportSpec,
) -> CommandResult<ExportPreview> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let sel = selection(&state, &spec)?;
        let mut first = sel.clone();
        first.rows.truncate(PREVIEW_ROWS);
        let mut bytes = Vec::new();
        let plain = repeatlens_export::ExportSpec {
            encoding: repeatlens_export::Encoding::Utf8,
            ..spec.clone()
        };
        let summary =
            repeatlens_export::write_csv(&first, &plain, &mut bytes).map_err(|e| e.to_string())?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes.as_slice());
        let first_rows = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<Result<Vec<Vec<String>>, _>>()
            .map_err(|e| e.to_string())?;
        Ok(ExportPreview {
            matched: sel.total_matched,
            rows: sel.rows.len() as u64,
            excluded_no_consent: sel.excluded_no_consent,
            excluded_no_email: sel.excluded_no_email,
            header: summary.header,
            first_rows,
        })
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The Downloads folder (home folder if the system has none).
fn downloads() -> CommandResult<PathBuf> {
    let dirs = directories::UserDirs::new().ok_or("no home folder")?;
    Ok(dirs
        .download_dir()
        .map(PathBuf::from)
        .unwrap_or_else(|| dirs.home_dir().to_path_buf()))
}

/// A free file name `stem-N.ext` in `dir`.
fn free_name(dir: &std::path::Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

/// Asks where to save (or picks a name in Downloads); `None` when the seller cancels.
fn destination(
    app: &AppHandle,
    target: SaveTarget,
    stem: &str,
    ext: &str,
) -> CommandResult<Option<PathBuf>> {
    match target {
        SaveTarget::Downloads => {
            let dir = downloads()?;
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            Ok(Some(free_name(&dir, stem, ext)))
        }
        SaveTarget::Dialog => Ok(app
            .dialog()
            .file()
            .set_file_name(format!("{stem}.{ext}"))
            .add_filter(ext.to_uppercase(), &[ext])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())),
    }
}

/// Writes the coupon target list; `None` when the save dialog was cancelled.
#[tauri::command]
pub async fn export_save(app: AppHandle, request: ExportRequest) -> CommandResult<Option<Saved>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let sel = selection(&state, &request.spec)?;
        let stem = format!("repeatlens-targets-{}", sel.as_of);
        let Some(path) = destination(&app, request.target, &stem, "csv")? else {
            return Ok(None);
        };
        let summary = repeatlens_export::write_csv_file(&sel, &request.spec, &path)
            .map_err(|e| e.to_string())?;
        Ok(Some(Saved {
            path: path.display().to_string(),
            rows: summary.rows,
        }))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Draws a chart of the current analysis as SVG for the screen.
#[tauri::command]
pub fn chart_svg(
    state: State<'_, AppState>,
    kind: String,
    lang: String,
    theme: String,
    width: u32,
    height: u32,
) -> CommandResult<String> {
    let (_, a) = current_analysis(&state)?;
    let kind = repeatlens_charts::ChartKind::from_name(&kind).map_err(|e| e.to_string())?;
    repeatlens_charts::render_svg(kind, &a, lang_of(&lang)?, theme_of(&theme)?, width, height)
        .map_err(|e| e.to_string())
}

/// Saves a chart of the current analysis as PNG or SVG; `None` when cancelled.
#[tauri::command]
pub async fn save_chart(
    app: AppHandle,
    kind: String,
    lang: String,
    format: String,
    target: SaveTarget,
) -> CommandResult<Option<Saved>> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let (_, a) = current_analysis(&state)?;
        let chart = repeatlens_charts::ChartKind::from_name(&kind).map_err(|e| e.to_string())?;
        let (fmt, ext) = chart_format(&format)?;
        let bytes = repeatlens_charts::render(
            chart,
            &a,
            lang_of(&lang)?,
            repeatlens_charts::Theme::Light,
            fmt,
            1600,
            1000,
        )
        .map_err(|e| e.to_string())?;
        let stem = format!("repeatlens-{}-{}", chart.name(), a.as_of.date);
        save_file(&app, target, &stem, ext, &bytes)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The chart file format named `png` or `svg`, with its extension.
pub(crate) fn chart_format(name: &str) -> CommandResult<(repeatlens_charts::Format, &'static str)> {
    match name {
        "svg" => Ok((repeatlens_charts::Format::Svg, "svg")),
        "png" => Ok((repeatlens_charts::Format::Png, "png")),
        other => Err(format!("unknown chart format '{other}': use png or svg")),
    }
}

/// Writes a chart file where the seller chose (`None` when the dialog was cancelled).
pub(crate) fn save_file(
    app: &AppHandle,
    target: SaveTarget,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> CommandResult<Option<Saved>> {
    let Some(path) = destination(app, target, stem, ext)? else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(Saved {
        path: path.display().to_string(),
        rows: 0,
    }))
}

pub(crate) fn lang_of(code: &str) -> CommandResult<repeatlens_charts::Lang> {
    repeatlens_charts::Lang::from_code(code)
        .ok_or_else(|| format!("unknown language '{code}': use en or zh-CN"))
}

pub(crate) fn theme_of(name: &str) -> CommandResult<repeatlens_charts::Theme> {
    repeatlens_charts::Theme::from_name(name)
        .ok_or_else(|| format!("unknown theme '{name}': use light or dark"))
}
