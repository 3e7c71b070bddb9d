//! Importing files and loading the sample store, each on a connection of its own (the screens
//! keep reading while the import writes), with progress streamed to the UI and a cancel flag per
//! job id.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde_json::json;

use super::dto::{ImportPreview, ImportProgress, ImportReport};
use crate::error::{code, AppError};
use crate::ipc::{Ctx, Progress};

/// A column mapping from the UI: (field name, column header) pairs.
pub type ColumnMapping = Vec<(String, String)>;

crate::ipc_commands! {
    /// Imports the bundled sample store (idempotent) as job `job`.
    fn load_sample_store(cx, job: String, on_progress: Progress<ImportProgress>) -> ImportReport {
        import_job(cx, &job, &on_progress, |store, progress, cancel| {
            repeatlens_bundled::load_sample_store(store, progress, cancel)
        })
    }

    /// Imports a file as job `job` with `mapping` (empty: the backend detects the format) and the
    /// currency of files without a currency column. One transaction: a bad row or a cancel keeps
    /// nothing.
    fn import_file(
        cx,
        job: String,
        path: PathBuf,
        mapping: Option<ColumnMapping>,
        currency: Option<String>,
        on_progress: Progress<ImportProgress>,
    ) -> ImportReport {
        let opts = options(&path, &mapping.unwrap_or_default(), currency)?;
        import_job(cx, &job, &on_progress, move |store, progress, cancel| {
            repeatlens_import::import_file(store, &path, &opts, progress, cancel)
        })
    }

    /// How a file would be imported with `mapping`: format, encoding, delimiter, target store,
    /// headers, the mapping used, the first 20 rows as they would be stored and their problems.
    /// Writes nothing.
    fn preview_import(
        cx,
        path: PathBuf,
        mapping: Option<ColumnMapping>,
        currency: Option<String>,
    ) -> ImportPreview {
        let opts = options(&path, &mapping.unwrap_or_default(), currency)?;
        let store = cx.state.db.conn()?;
        Ok(repeatlens_import::preview(&store, &path, &opts, 20)?.into())
    }
}

/// Runs an import on a connection of its own under the UI's job id, forwarding progress at
/// most ~10 times a second; tells the windows the store changed.
fn import_job(
    cx: &Ctx<'_>,
    job: &str,
    on_progress: &Progress<ImportProgress>,
    run: impl FnOnce(
        &mut repeatlens_store::Store,
        &mut dyn FnMut(repeatlens_import::Progress),
        &AtomicBool,
    ) -> Result<repeatlens_import::ImportReport, repeatlens_import::ImportError>,
) -> Result<ImportReport, AppError> {
    let guard = cx.state.jobs.start(job);
    let mut store = cx.state.db.conn()?;
    let mut last = Instant::now() - Duration::from_secs(1);
    let mut send = |p: repeatlens_import::Progress| {
        let done = p.phase == repeatlens_import::Phase::Done;
        if done || last.elapsed().as_millis() >= 100 {
            last = Instant::now();
            on_progress.send(p.into());
        }
    };
    let report = run(&mut store, &mut send, &guard.cancel)?;
    drop(store);
    cx.store_changed(report.store_id);
    Ok(report.into())
}

/// Import options from the UI's column mapping (blank columns are no choice) and currency.
fn options(
    path: &std::path::Path,
    mapping: &[(String, String)],
    currency: Option<String>,
) -> Result<repeatlens_import::ImportOptions, AppError> {
    let map = mapping
        .iter()
        .filter(|(_, column)| !column.trim().is_empty())
        .map(|(field, column)| {
            field
                .parse::<repeatlens_import::mapping::Field>()
                .map(|f| (f, column.clone()))
                .map_err(|e| {
                    AppError::new(
                        code::IMPORT_UNKNOWN_FIELD,
                        json!({ "field": field }),
                        e.to_string(),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let currency = currency
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    if let Some(c) = &currency {
        if !repeatlens_money::is_currency_code(c) {
            return Err(repeatlens_import::ImportError::InvalidCurrency {
                file: path.display().to_string(),
                value: c.clone(),
            }
            .into());
        }
    }
    Ok(repeatlens_import::ImportOptions {
        map,
        currency,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::options;
    use std::path::Path;

    #[test]
    fn the_ui_mapping_and_currency_become_import_options() {
        let f = Path::new("f.csv");
        let o = options(
            f,
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
        assert_eq!(options(f, &[], Some(String::new())).unwrap().currency, None);
        let bad = options(f, &[], Some("dollars".into())).unwrap_err();
        assert_eq!(bad.code, crate::error::code::IMPORT_INVALID_CURRENCY);
        assert_eq!(bad.params["value"], "DOLLARS");
        let field = options(f, &[("colour".into(), "X".into())], None).unwrap_err();
        assert_eq!(field.code, crate::error::code::IMPORT_UNKNOWN_FIELD);
    }
}
