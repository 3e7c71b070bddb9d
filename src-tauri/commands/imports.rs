//! Importing files and loading the sample store. Both run on a blocking worker thread and
//! stream progress through a `tauri::ipc::Channel`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::dto::{ImportPreview, ImportProgress, ImportReport};
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

/// Import options from the UI's column mapping (field name → column header; empty: detect the
/// format and guess the columns) and the currency of files without a currency column.
fn options(
    mapping: &[(String, String)],
    currency: Option<String>,
) -> CommandResult<repeatlens_import::ImportOptions> {
    let map = mapping
        .iter()
        .filter(|(_, column)| !column.trim().is_empty())
        .map(|(field, column)| {
            field
                .parse::<repeatlens_import::mapping::Field>()
                .map(|f| (f, column.clone()))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let currency = currency
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    if let Some(c) = &currency {
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "currency '{c}': use a three-letter ISO 4217 code such as USD, EUR or CNY"
            ));
        }
    }
    Ok(repeatlens_import::ImportOptions {
        map,
        currency,
        ..Default::default()
    })
}

#[tauri::command]
pub async fn import_file(
    app: AppHandle,
    path: PathBuf,
    mapping: Option<Vec<(String, String)>>,
    currency: Option<String>,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportReport> {
    let opts = options(&mapping.unwrap_or_default(), currency)?;
    with_store(app, on_progress, move |store, progress, cancel| {
        repeatlens_import::import_file(store, &path, &opts, progress, cancel)
    })
    .await
}

/// The first rows of a file as they would be imported with `mapping`, and the problems in
/// them. Writes nothing.
#[tauri::command]
pub async fn preview_import(
    app: AppHandle,
    path: PathBuf,
    mapping: Option<Vec<(String, String)>>,
    currency: Option<String>,
) -> CommandResult<ImportPreview> {
    let opts = options(&mapping.unwrap_or_default(), currency)?;
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let store = state.store.lock().map_err(|e| e.to_string())?;
        repeatlens_import::preview(&store, &path, &opts, 20)
            .map(Into::into)
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

#[cfg(test)]
mod tests {
    use super::options;

    #[test]
    fn the_ui_mapping_and_currency_become_import_options() {
        let o = options(
            &[
                ("order".into(), "Order No".into()),
                ("sku".into(), "  ".into()),
            ],
            Some(" cny ".into()),
        )
        .unwrap();
        assert_eq!(o.map.len(), 1, "a blank column is no choice");
        assert_eq!(o.map[0].1, "Order No");
        assert_eq!(o.currency.as_deref(), Some("CNY"));
        assert_eq!(options(&[], Some(String::new())).unwrap().currency, None);
        let bad = options(&[], Some("dollars".into())).unwrap_err();
        assert!(bad.contains("three-letter ISO 4217"), "{bad}");
        assert!(options(&[("colour".into(), "X".into())], None).is_err());
    }
}
