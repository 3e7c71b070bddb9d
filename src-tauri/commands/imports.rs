//! Importing files and loading the sample store. Both run on a blocking worker thread and
//! stream progress through a `tauri::ipc::Channel`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::dto::{ImportProgress, ImportReport};
use super::CommandResult;
use crate::AppState;

/// Runs `job` with the store on a worker thread, forwarding progress at most ~10 times a second.
async fn with_store<F>(
    app: AppHandle,
    on_progress: Channel<ImportProgress>,
    job: F,
) -> CommandResult<ImportReport>
where
    F: FnOnce(
            &mut repeatlens_store::Store,
            &mut dyn FnMut(repeatlens_import::Progress),
            &AtomicBool,
        ) -> Result<repeatlens_import::ImportReport, repeatlens_import::ImportError>
        + Send
        + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut store = state.store.lock().map_err(|e| e.to_string())?;
        let cancel = state.import_cancel.clone();
        cancel.store(false, std::sync::atomic::Ordering::SeqCst);
        let mut last = std::time::Instant::now() - std::time::Duration::from_secs(1);
        let mut send = |p: repeatlens_import::Progress| {
            let done = p.phase == repeatlens_import::Phase::Done;
            if done || last.elapsed().as_millis() >= 100 {
                last = std::time::Instant::now();
                let _ = on_progress.send(p.into());
            }
        };
        job(&mut store, &mut send, &cancel)
            .map(Into::into)
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

#[tauri::command]
pub async fn load_sample_store(
    app: AppHandle,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    with_store(app, on_progress, |store, progress, cancel| {
        repeatlens_bundled::load_sample_store(store, progress, cancel)
    })
    .await
}

#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    path: PathBuf,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    with_store(app, on_progress, move |store, progress, cancel| {
        let opts = repeatlens_import::ImportOptions::default();
        repeatlens_import::import_file(store, &path, &opts, progress, cancel)
    })
    .await
}
