//! The sample store shipped inside the app and the CLI, so a new user sees every screen filled
//! without a file of their own.
//!
//! The data is the UCI Online Retail data set (a UK gift-ware web shop, 38 countries,
//! 2010-12-01..2011-12-09), embedded compressed from `assets/online_retail.csv.gz` and imported
//! with the `online-retail` preset into its own store. Loading it twice changes nothing.

use std::sync::atomic::AtomicBool;

use repeatlens_import::{
    import_bytes, ImportError, ImportOptions, ImportReport, PresetKind, Progress,
};
use repeatlens_store::Store;

/// The name of the sample store.
pub const STORE_NAME: &str = "Online Retail (sample)";

/// The credit shown wherever the sample data is shown.
pub const CREDIT: &str = "Sample store: UCI Online Retail data set — Chen, Sain & Guo (2012), \
    J. Database Marketing & Customer Strategy Management 19(3); UCI Machine Learning Repository \
    #352, CC BY 4.0.";

/// The compressed CSV (541,909 invoice lines).
pub const ONLINE_RETAIL_CSV_GZ: &[u8] = include_bytes!("../../../../assets/online_retail.csv.gz");

/// Loads the sample store into `store` (one transaction; idempotent).
pub fn load(
    store: &mut Store,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let opts = ImportOptions {
        preset: Some(PresetKind::OnlineRetail),
        store: Some(STORE_NAME.to_string()),
        platform: Some("sample".to_string()),
        ..Default::default()
    };
    let mut report = import_bytes(
        store,
        "online_retail.csv.gz",
        ONLINE_RETAIL_CSV_GZ,
        &opts,
        progress,
        cancel,
    )?;
    report.file = "online_retail.csv.gz (sample store)".into();
    Ok(report)
}
