//! The one error type of the IPC boundary: a stable `code`, the `params` a translation needs and
//! the English `message` (for logs and the CLI-minded).
//!
//! Why: the engine crates have precise thiserror enums; turning them into English strings at the
//! boundary would leave a zh-CN seller reading English, and would leave the UI unable to tell a
//! cancelled import from a locked database. Every crate error converts with `From` (so commands
//! use `?`), keeps its data as `params`, and the UI says it in the seller's language from
//! `error.code.<code>` (see `ui/src/backend/errors.ts`). Every code is listed in
//! [`AppError::CODES`], which the generated bindings export so a UI test can check that both
//! languages have a text for each. CLI advice (flags to re-run with) is the CLI's own; none of it
//! is here.

use serde::Serialize;
use serde_json::{json, Map, Value};

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppError {
    /// Stable key, e.g. `import.bad_cell`; one of [`AppError::CODES`].
    pub code: &'static str,
    /// Values the text needs (file, line, column, the cell, what was expected…).
    pub params: Map<String, Value>,
    /// The English text, as the engine crates word it.
    pub message: String,
}

macro_rules! codes {
    ($($name:ident = $code:literal),* $(,)?) => {
        /// The codes, as constants, so a misspelt code does not compile.
        pub mod code {
            $(#[allow(missing_docs)] pub const $name: &str = $code;)*
        }
        impl AppError {
            /// Every code an error can have.
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }
    };
}

codes! {
    // The database file.
    STORE_NEWER_SCHEMA = "store.newer_schema",
    STORE_OPEN = "store.open",
    STORE_FOLDER = "store.folder",
    STORE_NO_SUCH_STORE = "store.no_such_store",
    STORE_NO_SUCH_CUSTOMER = "store.no_such_customer",
    STORE_NO_SUCH_SYNC_RUN = "store.no_such_sync_run",
    STORE_ALREADY_LINKED = "store.already_linked",
    STORE_NAME_TAKEN = "store.name_taken",
    DB_BUSY = "db.busy",
    DB_ERROR = "db.error",
    // Importing a file (`ImportError::code`).
    IMPORT_IO = "import.io",
    IMPORT_DECODE = "import.decode",
    IMPORT_EMPTY = "import.empty",
    IMPORT_HEADER_ONLY = "import.header_only",
    IMPORT_BAD_HEADER = "import.bad_header",
    IMPORT_UNKNOWN_TIMEZONE = "import.unknown_timezone",
    IMPORT_INVALID_CURRENCY = "import.invalid_currency",
    IMPORT_NO_STORE_CURRENCY = "import.no_store_currency",
    IMPORT_MISSING_COLUMN = "import.missing_column",
    IMPORT_NO_CURRENCY_COLUMN = "import.no_currency_column",
    IMPORT_NO_CURRENCY_FOR_TOTALS = "import.no_currency_for_totals",
    IMPORT_MAPPED_COLUMN_MISSING = "import.mapped_column_missing",
    IMPORT_UNMAPPED_DATE_OR_AMOUNT = "import.unmapped_date_or_amount",
    IMPORT_MIXED_DATE_ORDER = "import.mixed_date_order",
    IMPORT_AMBIGUOUS_DATE_ORDER = "import.ambiguous_date_order",
    IMPORT_NOT_ECB_FILE = "import.not_ecb_file",
    IMPORT_BAD_CELL = "import.bad_cell",
    IMPORT_CANCELLED = "import.cancelled",
    IMPORT_STOPPED = "import.writer_stopped",
    IMPORT_UNKNOWN_FIELD = "import.unknown_field",
    // Analysing, predicting.
    ENGINE_DATASET = "engine.dataset",
    ENGINE_SNAPSHOT = "engine.snapshot",
    ENGINE_BAD_LEVEL = "engine.bad_level",
    ANALYSIS_GONE = "analysis.gone",
    NO_PURCHASES = "analysis.no_purchases",
    // Coupon lists.
    EXPORT_NO_CUSTOMER_ROWS = "export.no_customer_rows",
    EXPORT_OVERDUE_TRUNCATED = "export.overdue_truncated",
    EXPORT_BUYERS_NOT_LOADED = "export.buyers_not_loaded",
    EXPORT_FORECASTS_NOT_LOADED = "export.forecasts_not_loaded",
    EXPORT_BAD_DATE_RANGE = "export.bad_date_range",
    EXPORT_BAD_COUPON_PREFIX = "export.bad_coupon_prefix",
    EXPORT_COUPON_WITHOUT_PREFIX = "export.coupon_without_prefix",
    EXPORT_COLUMNS_NOT_SUPPORTED = "export.columns_not_supported",
    EXPORT_UNKNOWN_NAME = "export.unknown_name",
    EXPORT_RANDOM = "export.random",
    EXPORT_WRITE = "export.write",
    // Charts.
    CHART_SIZE = "chart.size",
    CHART_DRAW = "chart.draw",
    // Store sync.
    SYNC_RELINK_NEEDED = "sync.relink_needed",
    SYNC_RATE_LIMITED = "sync.rate_limited",
    SYNC_OFFLINE = "sync.offline",
    SYNC_SERVER_ERROR = "sync.server_error",
    SYNC_BAD_RESPONSE = "sync.bad_response",
    SYNC_NOT_PLATFORM = "sync.not_platform",
    SYNC_PLAIN_HTTP = "sync.plain_http",
    SYNC_NO_READ_PERMISSION = "sync.no_read_permission",
    SYNC_ALREADY_SYNCING = "sync.already_syncing",
    SYNC_NOT_LINKED = "sync.not_linked",
    SYNC_CANCELLED = "sync.cancelled",
    SYNC_KEYRING = "sync.keyring",
    // Files the app writes, folders, the window.
    FILE_WRITE = "file.write",
    NO_HOME_FOLDER = "file.no_home",
    INTERNAL = "internal",
}

impl AppError {
    /// An error with a code, its params as a JSON object, and the English message.
    pub fn new(code: &'static str, params: Value, message: impl Into<String>) -> AppError {
        debug_assert!(AppError::CODES.contains(&code), "unlisted code {code}");
        let params = match params {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => Map::from_iter([("value".to_string(), other)]),
        };
        AppError {
            code,
            params,
            message: message.into(),
        }
    }

    /// An error that is the program's fault, not the seller's (a worker thread panicked…).
    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        let detail = detail.to_string();
        AppError::new(code::INTERNAL, json!({ "detail": detail }), detail)
    }

    /// The analysis a screen asked about was replaced; the UI analyses again.
    pub fn analysis_gone(id: u64) -> AppError {
        AppError::new(
            code::ANALYSIS_GONE,
            json!({ "analysis_id": id }),
            format!("analysis {id} is no longer kept: analyse the store again"),
        )
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl From<repeatlens_store::StoreError> for AppError {
    fn from(e: repeatlens_store::StoreError) -> AppError {
        use repeatlens_store::StoreError as S;
        let message = e.to_string();
        let (code, params) = match &e {
            S::NewerSchema { path, found, known } => (
                code::STORE_NEWER_SCHEMA,
                json!({ "path": path, "found": found, "known": known }),
            ),
            S::Open { path, source } => (
                code::STORE_OPEN,
                json!({ "path": path, "detail": source.to_string() }),
            ),
            S::Folder { path, source } => (
                code::STORE_FOLDER,
                json!({ "path": path, "detail": source.to_string() }),
            ),
            S::NoSuchStore(name) => (code::STORE_NO_SUCH_STORE, json!({ "name": name })),
            S::NoSuchCustomer(c) => (code::STORE_NO_SUCH_CUSTOMER, json!({ "customer": c })),
            S::NoSuchSyncRun(id) => (code::STORE_NO_SUCH_SYNC_RUN, json!({ "id": id })),
            S::AlreadyLinked { external_id, store } => (
                code::STORE_ALREADY_LINKED,
                json!({ "external_id": external_id, "store": store }),
            ),
            S::NameTaken(name) => (code::STORE_NAME_TAKEN, json!({ "name": name })),
            S::Sql(sql) if repeatlens_store::is_busy(sql) => (code::DB_BUSY, json!({})),
            S::Sql(sql) => (code::DB_ERROR, json!({ "detail": sql.to_string() })),
        };
        AppError::new(code, params, message)
    }
}

impl From<repeatlens_sync::SyncError> for AppError {
    fn from(e: repeatlens_sync::SyncError) -> AppError {
        use repeatlens_sync::SyncError as S;
        let message = e.to_string();
        let (code, params) = match e {
            S::Store(inner) => return inner.into(),
            S::RelinkNeeded { status, detail } => (
                code::SYNC_RELINK_NEEDED,
                json!({ "status": status, "detail": detail }),
            ),
            S::RateLimited { retry_after_secs } => (
                code::SYNC_RATE_LIMITED,
                json!({ "seconds": retry_after_secs }),
            ),
            S::Offline { host, detail } => (
                code::SYNC_OFFLINE,
                json!({ "host": host, "detail": detail }),
            ),
            S::Server {
                host,
                status,
                attempts,
                detail,
            } => (
                code::SYNC_SERVER_ERROR,
                json!({ "host": host, "status": status, "attempts": attempts, "detail": detail }),
            ),
            S::BadResponse { url, detail } => (
                code::SYNC_BAD_RESPONSE,
                json!({ "url": url, "detail": detail }),
            ),
            S::NotPlatform {
                url,
                platform,
                detail,
            } => (
                code::SYNC_NOT_PLATFORM,
                json!({ "url": url, "platform": platform, "detail": detail }),
            ),
            S::PlainHttp { url } => (code::SYNC_PLAIN_HTTP, json!({ "url": url })),
            S::NoReadPermission { what, detail } => (
                code::SYNC_NO_READ_PERMISSION,
                json!({ "what": what, "detail": detail }),
            ),
            S::AlreadySyncing { store } => (code::SYNC_ALREADY_SYNCING, json!({ "store": store })),
            S::NotLinked { store } => (code::SYNC_NOT_LINKED, json!({ "store": store })),
            S::Cancelled => (code::SYNC_CANCELLED, json!({})),
            S::Keyring(detail) => (code::SYNC_KEYRING, json!({ "detail": detail })),
        };
        AppError::new(code, params, message)
    }
}

impl From<repeatlens_import::ImportError> for AppError {
    fn from(e: repeatlens_import::ImportError) -> AppError {
        use repeatlens_import::ImportError as I;
        let message = e.to_string();
        let (code, params) = match e {
            I::Store(inner) => return inner.into(),
            I::Io { file, source } => (
                code::IMPORT_IO,
                json!({ "file": file, "detail": source.to_string() }),
            ),
            I::Decode {
                file,
                encoding,
                offset,
            } => (
                code::IMPORT_DECODE,
                json!({ "file": file, "encoding": encoding, "offset": offset }),
            ),
            I::Empty { file } => (code::IMPORT_EMPTY, json!({ "file": file })),
            I::HeaderOnly { file } => (code::IMPORT_HEADER_ONLY, json!({ "file": file })),
            I::BadHeader { file, detail } => (
                code::IMPORT_BAD_HEADER,
                json!({ "file": file, "detail": detail }),
            ),
            I::UnknownTimezone { file, timezone } => (
                code::IMPORT_UNKNOWN_TIMEZONE,
                json!({ "file": file, "timezone": timezone }),
            ),
            I::InvalidCurrency { file, value } => (
                code::IMPORT_INVALID_CURRENCY,
                json!({ "file": file, "value": value }),
            ),
            I::NoStoreCurrency { file } => {
                (code::IMPORT_NO_STORE_CURRENCY, json!({ "file": file }))
            }
            I::MissingColumn {
                file,
                what,
                candidates,
            } => (
                code::IMPORT_MISSING_COLUMN,
                json!({ "file": file, "what": what, "candidates": candidates.join(", ") }),
            ),
            I::NoCurrencyColumn { file, column } => (
                code::IMPORT_NO_CURRENCY_COLUMN,
                json!({ "file": file, "column": column }),
            ),
            I::NoCurrencyForTotals { file, column } => (
                code::IMPORT_NO_CURRENCY_FOR_TOTALS,
                json!({ "file": file, "column": column }),
            ),
            I::MappedColumnMissing {
                file,
                field,
                column,
                columns,
            } => (
                code::IMPORT_MAPPED_COLUMN_MISSING,
                json!({ "file": file, "field": field, "column": column,
                        "columns": columns.join(", ") }),
            ),
            I::UnmappedDateOrAmount {
                file,
                guessed,
                columns,
            } => {
                let guessed: Vec<String> =
                    guessed.iter().map(|(f, c)| format!("{f}={c}")).collect();
                (
                    code::IMPORT_UNMAPPED_DATE_OR_AMOUNT,
                    json!({ "file": file, "guessed": guessed.join(", "),
                            "columns": columns.join(", ") }),
                )
            }
            I::MixedDateOrder { file, column } => (
                code::IMPORT_MIXED_DATE_ORDER,
                json!({ "file": file, "column": column }),
            ),
            I::AmbiguousDateOrder { file, column } => (
                code::IMPORT_AMBIGUOUS_DATE_ORDER,
                json!({ "file": file, "column": column }),
            ),
            I::NotEcbFile { file } => (code::IMPORT_NOT_ECB_FILE, json!({ "file": file })),
            I::Row {
                file,
                line,
                column,
                value,
                expected,
            } => {
                let detail = match &expected {
                    repeatlens_import::Expected::WellFormedLine { detail } => Some(detail.clone()),
                    _ => None,
                };
                (
                    code::IMPORT_BAD_CELL,
                    json!({ "file": file, "line": line, "column": column, "value": value,
                            "expected": expected.code(), "detail": detail }),
                )
            }
            I::Cancelled => (code::IMPORT_CANCELLED, json!({})),
            I::NotGrouped | I::WriterStopped => (code::IMPORT_STOPPED, json!({})),
        };
        AppError::new(code, params, message)
    }
}

impl From<repeatlens_engine::EngineError> for AppError {
    fn from(e: repeatlens_engine::EngineError) -> AppError {
        use repeatlens_engine::EngineError as E;
        let message = e.to_string();
        match e {
            E::Store(s) => s.into(),
            E::Import(i) => i.into(),
            E::Chart(c) => c.into(),
            E::Dataset(detail) => {
                AppError::new(code::ENGINE_DATASET, json!({ "detail": detail }), message)
            }
            E::Snapshot(date, detail) => AppError::new(
                code::ENGINE_SNAPSHOT,
                json!({ "date": date, "detail": detail }),
                message,
            ),
            E::BadLevel(level) => {
                AppError::new(code::ENGINE_BAD_LEVEL, json!({ "level": level }), message)
            }
            E::NoPurchases => AppError::new(code::NO_PURCHASES, json!({}), message),
        }
    }
}

impl From<repeatlens_export::ExportError> for AppError {
    fn from(e: repeatlens_export::ExportError) -> AppError {
        use repeatlens_export::ExportError as X;
        let message = e.to_string();
        let (code, params) = match e {
            X::Store(s) => return s.into(),
            X::NoCustomerRows => (code::EXPORT_NO_CUSTOMER_ROWS, json!({})),
            X::OverdueListTruncated { listed, total } => (
                code::EXPORT_OVERDUE_TRUNCATED,
                json!({ "listed": listed, "total": total }),
            ),
            X::ProductBuyersNotLoaded(item) => {
                (code::EXPORT_BUYERS_NOT_LOADED, json!({ "item": item }))
            }
            X::ForecastsNotLoaded => (code::EXPORT_FORECASTS_NOT_LOADED, json!({})),
            X::BadDateRange { from, to } => (
                code::EXPORT_BAD_DATE_RANGE,
                json!({ "from": from, "to": to }),
            ),
            X::InvalidCouponPrefix(prefix) => {
                (code::EXPORT_BAD_COUPON_PREFIX, json!({ "prefix": prefix }))
            }
            X::CouponColumnWithoutPrefix => (code::EXPORT_COUPON_WITHOUT_PREFIX, json!({})),
            X::ColumnsNotSupported(preset) => (
                code::EXPORT_COLUMNS_NOT_SUPPORTED,
                json!({ "preset": preset }),
            ),
            X::UnknownName {
                kind,
                value,
                expected,
            } => (
                code::EXPORT_UNKNOWN_NAME,
                json!({ "kind": kind, "value": value, "expected": expected }),
            ),
            X::Random(detail) => (code::EXPORT_RANDOM, json!({ "detail": detail })),
            X::Write { path, source } => (
                code::EXPORT_WRITE,
                json!({ "path": path, "detail": source.to_string() }),
            ),
            X::Io(source) => (
                code::EXPORT_WRITE,
                json!({ "path": "", "detail": source.to_string() }),
            ),
            X::Csv(source) => (
                code::EXPORT_WRITE,
                json!({ "path": "", "detail": source.to_string() }),
            ),
        };
        AppError::new(code, params, message)
    }
}

impl From<repeatlens_charts::ChartError> for AppError {
    fn from(e: repeatlens_charts::ChartError) -> AppError {
        use repeatlens_charts::ChartError as C;
        let message = e.to_string();
        match e {
            C::Size(w, h) => AppError::new(
                code::CHART_SIZE,
                json!({ "width": w, "height": h,
                        "min": repeatlens_charts::MIN_SIZE, "max": repeatlens_charts::MAX_SIZE }),
                message,
            ),
            C::UnknownKind(_) | C::Font | C::Draw(_) | C::Png(_) => {
                AppError::new(code::CHART_DRAW, json!({ "detail": message }), message)
            }
        }
    }
}

impl From<tauri::Error> for AppError {
    fn from(e: tauri::Error) -> AppError {
        AppError::internal(e)
    }
}

/// A file the app itself writes (a chart) could not be written.
pub fn file_write(path: &std::path::Path, e: std::io::Error) -> AppError {
    let path = path.display().to_string();
    AppError::new(
        code::FILE_WRITE,
        json!({ "path": path, "detail": e.to_string() }),
        format!("cannot write {path}: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_dotted() {
        let mut seen = std::collections::HashSet::new();
        for c in AppError::CODES {
            assert!(seen.insert(c), "{c} twice");
            assert!(
                c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_'),
                "{c}"
            );
        }
    }

    #[test]
    fn a_bad_cell_keeps_file_line_column_and_what_was_expected() {
        let e: AppError = repeatlens_import::ImportError::Row {
            file: "orders.csv".into(),
            line: 7,
            column: "Created at".into(),
            value: "yesterday".into(),
            expected: repeatlens_import::Expected::Date,
        }
        .into();
        assert_eq!(e.code, code::IMPORT_BAD_CELL);
        assert_eq!(e.params["file"], "orders.csv");
        assert_eq!(e.params["line"], 7);
        assert_eq!(e.params["column"], "Created at");
        assert_eq!(e.params["value"], "yesterday");
        assert_eq!(e.params["expected"], "date");
        assert!(e.message.contains("line 7"), "{}", e.message);
        let wire = serde_json::to_value(&e).unwrap();
        assert_eq!(wire["code"], "import.bad_cell");
    }

    #[test]
    fn store_errors_inside_import_errors_keep_their_own_code() {
        let e: AppError = repeatlens_import::ImportError::Store(
            repeatlens_store::StoreError::NoSuchStore("x".into()),
        )
        .into();
        assert_eq!(e.code, code::STORE_NO_SUCH_STORE);
        assert_eq!(e.params["name"], "x");
    }
}
