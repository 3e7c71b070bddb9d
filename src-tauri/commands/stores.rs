//! Store list and app information.

use tauri::State;

use super::dto::{AppInfo, StoreSummary};
use super::CommandResult;
use crate::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let store = state.store.lock().map_err(|e| e.to_string())?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: store.path().display().to_string(),
        sample_credit: repeatlens_bundled::CREDIT.to_string(),
    })
}

#[tauri::command]
pub fn list_stores(state: State<'_, AppState>) -> CommandResult<Vec<StoreSummary>> {
    let store = state.store.lock().map_err(|e| e.to_string())?;
    let list = store.stores().map_err(|e| e.to_string())?;
    Ok(list.into_iter().map(Into::into).collect())
}

/// Called by the UI once its first screen is interactive; logs the time since process start
/// (the figure the start-up benchmark reads).
#[tauri::command]
pub fn first_screen_ready(state: State<'_, AppState>) -> u64 {
    let ms = state.started.elapsed().as_millis() as u64;
    eprintln!("repeatlens: first screen ready after {ms} ms");
    if std::env::var_os("REPEATLENS_EXIT_WHEN_READY").is_some() {
        std::process::exit(0);
    }
    ms
}
