//! App settings, deleting a store, cancelling an import.

use std::sync::atomic::Ordering;

use tauri::State;

use super::dto::AppSettings;
use super::CommandResult;
use crate::AppState;

const APP_SETTINGS: &str = "app";

#[tauri::command]
pub fn get_app_settings(state: State<'_, AppState>) -> CommandResult<AppSettings> {
    let store = state.store.lock().map_err(|e| e.to_string())?;
    Ok(store
        .setting(APP_SETTINGS)
        .map_err(|e| e.to_string())?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

#[tauri::command]
pub fn save_app_settings(state: State<'_, AppState>, settings: AppSettings) -> CommandResult<()> {
    let store = state.store.lock().map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&settings).map_err(|e| e.to_string())?;
    store
        .set_setting(APP_SETTINGS, &json)
        .map_err(|e| e.to_string())
}

/// Deletes a store with all its rows, snapshots and settings. Linked-store secrets live in the
/// OS keyring under the store's id; no platform is linkable yet, so there are none to remove.
#[tauri::command]
pub fn delete_store(state: State<'_, AppState>, store_id: i64) -> CommandResult<bool> {
    let deleted = {
        let mut store = state.store.lock().map_err(|e| e.to_string())?;
        store.delete_store(store_id).map_err(|e| e.to_string())?
    };
    let mut current = state.current.lock().map_err(|e| e.to_string())?;
    if current.as_ref().is_some_and(|c| c.store_id == store_id) {
        *current = None;
    }
    Ok(deleted)
}

/// Asks the running import to stop; it rolls back (nothing of it is kept).
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.import_cancel.store(true, Ordering::SeqCst);
}
