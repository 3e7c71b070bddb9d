//! The RepeatLens desktop shell: plugins, state and command registration — nothing else.
//!
//! Why thin: everything a seller's numbers depend on lives in the engine crates under
//! `src-tauri/crates/`, which build and test without a window (the CLI proves it). This crate
//! opens the profile database ([`state`]), routes the IPC commands of [`commands`] (declared
//! once each, see [`ipc`]), turns every crate's error into one [`error::AppError`] and hosts the
//! web UI from `ui/`. It is the only crate that depends on `tauri`.

pub mod commands;
pub mod error;
pub mod ipc;
pub mod state;

use std::time::Instant;

use repeatlens_store::default_db_path;

pub use error::AppError;
pub use state::AppState;

/// The content of `ui/src/ipc/bindings.ts`.
pub fn bindings_ts() -> String {
    ipc::bindings_ts(
        &commands::declarations(),
        // The event's payload: no command returns it.
        &[ipc::extra::<ipc::StoreChanged>],
    )
}

/// Opens the database (`REPEATLENS_DB` or the OS data folder) and runs the app.
pub fn run() {
    let started = Instant::now();
    let path = match std::env::var_os("REPEATLENS_DB") {
        Some(p) => p.into(),
        None => default_db_path("default").unwrap_or_else(|e| fatal(&e.to_string())),
    };
    let state = AppState::open(&path, started).unwrap_or_else(|e| fatal(&e.message));
    let mut context = tauri::generate_context!();
    if cfg!(debug_assertions) {
        // Development and test builds keep their webview data apart from an installed app's.
        context.config_mut().identifier.push_str(".dev");
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            commands::sync::schedule(app.handle().clone());
            Ok(())
        })
        .invoke_handler(ipc::handler(commands::ROUTES))
        .run(context)
        .unwrap_or_else(|e| fatal(&format!("the window could not be started: {e}")));
}

fn fatal(message: &str) -> ! {
    eprintln!("RepeatLens cannot start: {message}");
    std::process::exit(1);
}
