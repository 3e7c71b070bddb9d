//! What to do next, in this command line's terms, after the engine crates' errors.
//!
//! Why here: the libraries' messages say what is wrong (and carry codes and values for the
//! app's translations); only the CLI knows its flags (`--skip-bad-rows`, `--currency`, `--map`,
//! `--date-format`, `--encoding`, `--db`), so it appends the advice when it prints an error.

use repeatlens_engine::EngineError;
use repeatlens_export::ExportError;
use repeatlens_import::{Expected, ImportError};
use repeatlens_store::StoreError;

/// An error the CLI prints with advice.
pub trait Advised: std::fmt::Display {
    /// The advice appended to the message (with its leading punctuation), if any.
    fn advice(&self) -> Option<String>;
}

/// The message the CLI prints: the library's, then the advice.
pub fn message<E: Advised>(e: E) -> String {
    match e.advice() {
        Some(a) => format!("{e}{a}"),
        None => e.to_string(),
    }
}

impl Advised for ImportError {
    fn advice(&self) -> Option<String> {
        Some(match self {
            ImportError::Row { expected, .. } => {
                let date = if *expected == Expected::Date {
                    " For day/month order set --date-format dmy|mdy|ymd."
                } else {
                    ""
                };
                format!(" Or re-run with --skip-bad-rows to skip such lines.{date}")
            }
            ImportError::Decode { offset: None, .. } => {
                "; pass --encoding (utf-8, utf-16le, utf-16be, gbk) if you know the file's encoding"
                    .into()
            }
            ImportError::NoStoreCurrency { .. }
            | ImportError::NoCurrencyColumn {
                column: Some(_), ..
            } => ": pass --currency CODE".into(),
            ImportError::NoCurrencyColumn { column: None, .. } => {
                ": pass --currency CODE (e.g. --currency USD) or map one with --map currency=Column"
                    .into()
            }
            ImportError::NoCurrencyForTotals { .. } => {
                ": pass --currency CODE (the shop's currency)".into()
            }
            ImportError::MissingColumn { .. } => {
                " Or map the columns yourself with --preset generic --map field=Column.".into()
            }
            ImportError::MappedColumnMissing { field, .. } => {
                format!(". Fix --map {field}=… to name one of them.")
            }
            ImportError::UnmappedDateOrAmount { .. } => ". Map them, e.g. --map date=\"Order \
                 Date\",amount=Total (or quantity=…,unit_price=…)."
                .into(),
            ImportError::MixedDateOrder { .. } => "; pass --date-format dmy or mdy".into(),
            ImportError::AmbiguousDateOrder { .. } => {
                "; pass --date-format dmy or --date-format mdy".into()
            }
            ImportError::Store(e) => return e.advice(),
            _ => return None,
        })
    }
}

impl Advised for StoreError {
    fn advice(&self) -> Option<String> {
        match self {
            StoreError::NewerSchema { .. } => {
                Some(" Or choose another file with --db / REPEATLENS_DB.".into())
            }
            StoreError::NoSuchStore(_) => {
                Some(" Run `repeatlens-cli stores` to list the stores in this database.".into())
            }
            _ => None,
        }
    }
}

impl Advised for EngineError {
    fn advice(&self) -> Option<String> {
        match self {
            EngineError::Store(e) => e.advice(),
            EngineError::Import(e) => e.advice(),
            _ => None,
        }
    }
}

impl Advised for ExportError {
    fn advice(&self) -> Option<String> {
        match self {
            ExportError::Store(e) => e.advice(),
            _ => None,
        }
    }
}

impl Advised for repeatlens_sync::SyncError {
    fn advice(&self) -> Option<String> {
        use repeatlens_sync::SyncError as E;
        match self {
            E::RelinkNeeded { .. } | E::NoReadPermission { .. } => Some(
                " Make a new key (WooCommerce › Settings › Advanced › REST API, permission Read), \
                 then `repeatlens-cli store remove NAME` and `store add` again."
                    .into(),
            ),
            E::AlreadySyncing { .. } => Some(" (The app may be syncing it.)".into()),
            E::Offline { .. } => Some(
                " Check the connection and run `sync` again: it continues where it stopped.".into(),
            ),
            E::Store(e) => e.advice(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_advice_names_the_flags() {
        let row = ImportError::Row {
            file: "f.csv".into(),
            line: 2,
            column: "Total".into(),
            value: "x".into(),
            expected: Expected::Amount,
        };
        assert_eq!(
            message(row),
            "f.csv, line 2, column 'Total': 'x' — expected an amount such as 12.50, -3, \
             1,234.56 or 1.234,56. Nothing was imported; fix the file. Or re-run with \
             --skip-bad-rows to skip such lines."
        );
        let m = message(ImportError::NoCurrencyColumn {
            file: "orders.csv".into(),
            column: Some("Currency".into()),
        });
        assert_eq!(m, "orders.csv: no 'Currency' column: pass --currency CODE");
        let m = message(ImportError::NoStoreCurrency { file: "f".into() });
        assert_eq!(
            m,
            "f: no currency is known for this new store: pass --currency CODE"
        );
        let m = message(ImportError::Store(StoreError::NoSuchStore("x".into())));
        assert!(m.contains("repeatlens-cli stores"), "{m}");
        assert_eq!(
            message(ImportError::Cancelled),
            ImportError::Cancelled.to_string()
        );
    }
}
