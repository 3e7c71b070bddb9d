//! The coupon target list and chart files: preview, then save through the native dialog or
//! straight into the Downloads folder. The dialog runs in Rust, so the window needs no
//! file-system or save-dialog permission of its own.

use std::path::PathBuf;
use std::sync::Arc;

use repeatlens_analytics::Analysis;
use repeatlens_charts::{ChartKind, Format, Lang, Theme};
use repeatlens_export::ExportSpec;
use serde_json::json;
use tauri_plugin_dialog::DialogExt;

use super::dto::{ExportPreview, ExportRequest, SaveTarget, Saved};
use crate::error::{code, AppError};
use crate::ipc::Ctx;
use crate::state::AnalysisEntry;

/// Rows shown in the export preview.
const PREVIEW_ROWS: usize = 20;

crate::ipc_commands! {
    /// Counts and the first rows of the file an export would write (coupon codes are drawn anew
    /// when saving).
    fn export_preview(cx, analysis_id: u64, spec: ExportSpec) -> ExportPreview {
        let entry = cx.state.analyses.get(analysis_id)?;
        let sel = selection(cx, &entry, &spec)?;
        let mut first = sel.clone();
        first.rows.truncate(PREVIEW_ROWS);
        let mut bytes = Vec::new();
        let plain = ExportSpec {
            encoding: repeatlens_export::Encoding::Utf8,
            ..spec.clone()
        };
        let summary = repeatlens_export::write_csv(&first, &plain, &mut bytes)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes.as_slice());
        let first_rows = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<Result<Vec<Vec<String>>, _>>()
            .map_err(|e| AppError::from(repeatlens_export::ExportError::Csv(e)))?;
        Ok(ExportPreview {
            matched: sel.total_matched,
            rows: sel.rows.len() as u64,
            excluded_no_consent: sel.excluded_no_consent,
            excluded_no_email: sel.excluded_no_email,
            header: summary.header,
            first_rows,
        })
    }

    /// Writes the coupon target list; null when the save dialog was cancelled.
    fn export_save(cx, analysis_id: u64, request: ExportRequest) -> Option<Saved> {
        let entry = cx.state.analyses.get(analysis_id)?;
        let sel = selection(cx, &entry, &request.spec)?;
        let stem = format!("repeatlens-targets-{}", sel.as_of);
        let Some(path) = destination(cx, request.target, &stem, "csv")? else {
            return Ok(None);
        };
        let summary = repeatlens_export::write_csv_file(&sel, &request.spec, &path)?;
        Ok(Some(Saved {
            path: path.display().to_string(),
            rows: summary.rows,
        }))
    }

    /// A chart of an analysis as SVG text for the screen.
    fn chart_svg(
        cx,
        analysis_id: u64,
        kind: ChartKind,
        lang: Lang,
        theme: Theme,
        width: u32,
        height: u32,
    ) -> String {
        let entry = cx.state.analyses.get(analysis_id)?;
        Ok(repeatlens_charts::render_svg(kind, &entry.analysis, lang, theme, width, height)?)
    }

    /// Saves a chart of an analysis as PNG or SVG; null when cancelled.
    fn save_chart(
        cx,
        analysis_id: u64,
        kind: ChartKind,
        lang: Lang,
        format: Format,
        target: SaveTarget,
    ) -> Option<Saved> {
        let entry = cx.state.analyses.get(analysis_id)?;
        let a = &entry.analysis;
        let bytes = repeatlens_charts::render(kind, a, lang, Theme::Light, format, 1600, 1000)?;
        let stem = format!("repeatlens-{}-{}", kind.name(), a.as_of.date);
        save_file(cx, target, &stem, format.extension(), &bytes)
    }
}

/// The analysis to export from: the entry's, re-run with the whole overdue list when the spec
/// filters on it and the screens' copy lists only the first rows.
fn analysis_for(entry: &AnalysisEntry, spec: &ExportSpec) -> Result<Arc<Analysis>, AppError> {
    let a = &entry.analysis;
    if !spec.overdue_only || a.repurchase.overdue_total <= a.repurchase.overdue.len() as u64 {
        return Ok(a.clone());
    }
    let params = repeatlens_analytics::Params {
        overdue_list_limit: a.repurchase.overdue_total.min(u32::MAX as u64) as u32,
        as_of: Some(repeatlens_engine::analysis_date(a)?),
        ..a.params.clone()
    };
    Ok(Arc::new(repeatlens_analytics::analyze(
        &entry.dataset,
        &params,
    )))
}

fn selection(
    cx: &Ctx<'_>,
    entry: &AnalysisEntry,
    spec: &ExportSpec,
) -> Result<repeatlens_export::Selection, AppError> {
    let a = analysis_for(entry, spec)?;
    let predictions = if spec.needs_forecasts() {
        Some(entry.predictions()?)
    } else {
        None
    };
    let forecasts = predictions
        .as_ref()
        .and_then(|p| p.as_ref().as_ref())
        .map(|set| &set.by_customer);
    if predictions.is_some() && forecasts.is_none() {
        return Err(repeatlens_engine::EngineError::NoPurchases.into());
    }
    let contacts = {
        let store = cx.state.db.conn()?;
        repeatlens_export::load_contacts(&store, entry.store_id, spec)?
    };
    Ok(repeatlens_export::select(spec, &a, &contacts, forecasts)?)
}

/// The Downloads folder (home folder if the system has none).
fn downloads() -> Result<PathBuf, AppError> {
    let dirs = directories::UserDirs::new().ok_or_else(|| {
        AppError::new(
            code::NO_HOME_FOLDER,
            json!({}),
            "this user has no home folder",
        )
    })?;
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
    cx: &Ctx<'_>,
    target: SaveTarget,
    stem: &str,
    ext: &str,
) -> Result<Option<PathBuf>, AppError> {
    match (target, cx.app) {
        (SaveTarget::Downloads, _) => {
            let dir = downloads()?;
            std::fs::create_dir_all(&dir).map_err(|e| crate::error::file_write(&dir, e))?;
            Ok(Some(free_name(&dir, stem, ext)))
        }
        // Without a window (tests) there is no dialog to ask: nothing is saved.
        (SaveTarget::Dialog, None) => Ok(None),
        (SaveTarget::Dialog, Some(app)) => Ok(app
            .dialog()
            .file()
            .set_file_name(format!("{stem}.{ext}"))
            .add_filter(ext.to_uppercase(), &[ext])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())),
    }
}

/// Writes a chart file where the seller chose (`None` when the dialog was cancelled).
pub(crate) fn save_file(
    cx: &Ctx<'_>,
    target: SaveTarget,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<Option<Saved>, AppError> {
    let Some(path) = destination(cx, target, stem, ext)? else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|e| crate::error::file_write(&path, e))?;
    Ok(Some(Saved {
        path: path.display().to_string(),
        rows: 0,
    }))
}
