//! Data shipped inside the app and the CLI, so that a new user needs no file and no network:
//!
//! - the **sample store**: the UCI Online Retail data set (a UK gift-ware web shop, 38
//!   countries, 2010-12-01..2011-12-09), embedded compressed from `assets/online_retail.csv.gz`
//!   and imported with the `online-retail` preset into its own store. Loading it twice changes
//!   nothing;
//! - the **ECB reference rates** (`assets/eurofxref-hist.csv.gz`, 1999-01-04..2026-10-30), which
//!   convert orders to the reporting currency at the rate of their order date. Source: European
//!   Central Bank.
#![warn(missing_docs)]

use std::io::Read;
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

/// The credit for exchange rates.
pub const FX_CREDIT: &str = "Exchange rates: Source: European Central Bank.";

/// The compressed CSV (541,909 invoice lines).
pub const ONLINE_RETAIL_CSV_GZ: &[u8] = include_bytes!("../../../../assets/online_retail.csv.gz");

/// The ECB's daily reference rates, compressed.
pub const ECB_RATES_CSV_GZ: &[u8] = include_bytes!("../../../../assets/eurofxref-hist.csv.gz");

/// Loads the sample store into `store` (one transaction; idempotent).
pub fn load_sample_store(
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

/// The bundled ECB rates, parsed (nothing is written): what an analysis converts with when the
/// database holds no rates of its own, so that reading a store never has to write to it.
pub fn ecb_rates() -> Result<Vec<repeatlens_store::FxRate>, ImportError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(ECB_RATES_CSV_GZ)
        .read_to_string(&mut text)
        .map_err(|source| ImportError::Io {
            file: "eurofxref-hist.csv.gz (bundled)".into(),
            source,
        })?;
    repeatlens_import::fx::parse_ecb_history("eurofxref-hist.csv (bundled)", &text)
}

/// Loads the bundled ECB rates into the store's FX table (one transaction; rows already there
/// and equal are left alone). Returns the number of rates written.
pub fn load_ecb_rates(store: &mut Store) -> Result<usize, ImportError> {
    let rates = ecb_rates()?;
    Ok(store.write_fx_rates(&rates)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Oracle: `../shared/data/fx/eurofxref-hist.csv`, first data row (2026-10-30): USD 1.1172,
    /// GBP 0.8338, JPY 175.68; CYP is N/A there (the pound was replaced by the euro in 2008).
    #[test]
    fn bundled_ecb_rates_load_once_and_match_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("fx.sqlite")).unwrap();
        let n = load_ecb_rates(&mut store).unwrap();
        assert!(n > 200_000, "{n} rates");
        assert_eq!(
            load_ecb_rates(&mut store).unwrap(),
            0,
            "a second load changes nothing"
        );
        let rates = store.fx_rates().unwrap();
        let on = |day: &str, ccy: &str| {
            rates
                .iter()
                .find(|r| r.day == day && r.currency == ccy)
                .map(|r| r.per_eur)
        };
        assert_eq!(on("2026-10-30", "USD"), Some(1.1172));
        assert_eq!(on("2026-10-30", "GBP"), Some(0.8338));
        assert_eq!(on("2026-10-30", "JPY"), Some(175.68));
        assert_eq!(on("2026-10-30", "CYP"), None);
        assert_eq!(rates.first().map(|r| r.day.as_str()), Some("1999-01-04"));
    }
}
