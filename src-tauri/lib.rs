//! The RepeatLens desktop shell: plugins, state and command registration — nothing else.
//!
//! Why thin: everything a seller's numbers depend on lives in the engine crates under
//! `src-tauri/crates/`, which build and test without a window (the CLI proves it). This crate
//! only opens the profile database, registers the IPC commands of [`commands`] and hosts the
//! web UI from `ui/`. It is the only crate that depends on `tauri`.

pub mod commands;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use repeatlens_store::{default_db_path, Store};

/// Shared state behind the IPC commands.
pub struct AppState {
    pub store: Mutex<Store>,
    pub started: Instant,
    /// The analysis the screens show (see `commands::analysis`).
    pub current: Mutex<Option<commands::analysis::Current>>,
    /// Set by `cancel_import`; the running import polls it.
    pub import_cancel: Arc<AtomicBool>,
}

/// Opens the database (`REPEATLENS_DB` or the OS data folder) and runs the app.
pub fn run() {
    let started = Instant::now();
    let path = match std::env::var_os("REPEATLENS_DB") {
        Some(p) => p.into(),
        None => default_db_path("default").unwrap_or_else(|e| fatal(&e.to_string())),
    };
    let store = Store::open(&path).unwrap_or_else(|e| fatal(&e.to_string()));
    let mut context = tauri::generate_context!();
    if cfg!(debug_assertions) {
        // Development and test builds keep their webview data apart from an installed app's.
        context.config_mut().identifier.push_str(".dev");
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState {
            store: Mutex::new(store),
            started,
            current: Mutex::new(None),
            import_cancel: Arc::new(AtomicBool::new(false)),
        })
        .invoke_handler(tauri::generate_handler![
            commands::stores::app_info,
            commands::stores::list_stores,
            commands::stores::first_screen_ready,
            commands::imports::load_sample_store,
            commands::imports::import_file,
            commands::imports::preview_import,
            commands::analysis::get_analysis_settings,
            commands::analysis::analyze_store,
            commands::analysis::customers_page,
            commands::analysis::customer_detail,
            commands::analysis::snapshot_dates,
            commands::analysis::save_snapshot,
            commands::analysis::segment_migration,
            commands::insight::prediction_report,
            commands::insight::product_insight,
            commands::insight::insight_chart_svg,
            commands::insight::save_insight_chart,
            commands::exports::export_preview,
            commands::exports::export_save,
            commands::exports::chart_svg,
            commands::exports::save_chart,
            commands::settings::get_app_settings,
            commands::settings::save_app_settings,
            commands::settings::delete_store,
            commands::settings::cancel_import,
        ])
        .run(context)
        .unwrap_or_else(|e| fatal(&format!("the window could not be started: {e}")));
}

fn fatal(message: &str) -> ! {
    eprintln!("RepeatLens cannot start: {message}");
    std::process::exit(1);
}
