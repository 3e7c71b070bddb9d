//! What can stop an import, as data rather than prose.
//!
//! Why: the app shows every error in English and Chinese, so each variant carries a stable code
//! ([`ImportError::code`]) and the values a translation needs (file, line, column, the cell,
//! what was expected, the candidate columns); its `Display` is the English wording the CLI
//! prints. Advice that names command-line flags (`--skip-bad-rows`, `--currency`, `--map`, …)
//! is not here: the CLI adds it, the app offers its own controls instead.

use repeatlens_store::StoreError;
use serde::Serialize;

/// What a cell (or a line) should have held. `Display` is the English phrase that follows
/// "expected" in messages; [`Expected::code`] is its stable key for translations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// A date or date-time in one of the forms sellers' files use.
    Date,
    /// A plain `YYYY-MM-DD` day (the ECB rates file).
    IsoDay,
    /// A decimal amount of money.
    Amount,
    /// A whole number (quantities, order counts).
    WholeNumber,
    /// A three-letter ISO 4217 currency code.
    CurrencyCode,
    /// A Shopify order name such as `#1001`.
    OrderName,
    /// An Amazon order id.
    AmazonOrderId,
    /// An invoice number (UCI Online Retail).
    InvoiceNumber,
    /// An email or a customer id (Shopify customers export).
    EmailOrCustomerId,
    /// An exchange rate or `N/A` (the ECB rates file).
    Rate,
    /// A line the CSV reader can split; `detail` is the reader's own message.
    WellFormedLine {
        /// The CSV reader's message.
        detail: String,
    },
}

impl Expected {
    /// Stable snake_case key, e.g. `"date"`, `"whole_number"`.
    pub fn code(&self) -> &'static str {
        match self {
            Expected::Date => "date",
            Expected::IsoDay => "iso_day",
            Expected::Amount => "amount",
            Expected::WholeNumber => "whole_number",
            Expected::CurrencyCode => "currency_code",
            Expected::OrderName => "order_name",
            Expected::AmazonOrderId => "amazon_order_id",
            Expected::InvoiceNumber => "invoice_number",
            Expected::EmailOrCustomerId => "email_or_customer_id",
            Expected::Rate => "rate",
            Expected::WellFormedLine { .. } => "well_formed_line",
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Date => f.write_str(
                "a date such as 2024-03-31 14:05, 2024-03-31T14:05:00+08:00, 31/03/2024 or \
                 03/31/2024",
            ),
            Expected::IsoDay => f.write_str("a date such as 2024-03-28"),
            Expected::Amount => f.write_str("an amount such as 12.50, -3, 1,234.56 or 1.234,56"),
            Expected::WholeNumber => f.write_str("a whole number"),
            Expected::CurrencyCode => f.write_str("an ISO currency code such as USD or CNY"),
            Expected::OrderName => f.write_str("the order name (e.g. #1001)"),
            Expected::AmazonOrderId => f.write_str("an Amazon order id"),
            Expected::InvoiceNumber => f.write_str("an invoice number"),
            Expected::EmailOrCustomerId => f.write_str("an email or a customer id"),
            Expected::Rate => f.write_str("a rate such as 1.0813 or N/A"),
            Expected::WellFormedLine { detail } => write!(f, "a well-formed line ({detail})"),
        }
    }
}

fn quoted_or(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn pairs(guessed: &[(String, String)]) -> String {
    if guessed.is_empty() {
        return "nothing".into();
    }
    guessed
        .iter()
        .map(|(f, c)| format!("{f}={c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        "the cell is empty".to_string()
    } else {
        format!("'{value}'")
    }
}

/// Everything that can stop an import. Row problems name file, line, column and value.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read from disk.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file, as named by the caller.
        file: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// `offset`: where the first invalid byte is, when known (a forced UTF-8).
    #[error(
        "{file} could not be decoded as {encoding}: {}",
        match offset {
            Some(o) => format!("invalid byte at offset {o}"),
            None => "the bytes are not valid in this encoding".to_string(),
        }
    )]
    Decode {
        /// The file, as named by the caller.
        file: String,
        /// The encoding tried (detected or forced).
        encoding: String,
        /// Byte offset of the first invalid byte, when known.
        offset: Option<u64>,
    },
    /// The file holds nothing but whitespace.
    #[error("{file} is empty: there is nothing to import")]
    Empty {
        /// The file, as named by the caller.
        file: String,
    },
    /// A header line and no data rows.
    #[error("{file} has a header line but no data rows; nothing was imported")]
    HeaderOnly {
        /// The file, as named by the caller.
        file: String,
    },
    /// The CSV reader could not read the first line; `detail` is its message.
    #[error("{file}: the header line cannot be read: {detail}")]
    BadHeader {
        /// The file, as named by the caller.
        file: String,
        /// The CSV reader's message.
        detail: String,
    },
    /// The timezone asked for (or stored) is not an IANA name.
    #[error(
        "{file}: unknown timezone '{timezone}': use an IANA name such as Asia/Shanghai, \
         Europe/London or UTC"
    )]
    UnknownTimezone {
        /// The file, as named by the caller.
        file: String,
        /// The name given.
        timezone: String,
    },
    /// The currency given for the file is not a three-letter code.
    #[error("{file}: '{value}' is not an ISO currency code such as USD, EUR, CNY")]
    InvalidCurrency {
        /// The file, as named by the caller.
        file: String,
        /// The text given as the currency.
        value: String,
    },
    /// A new store, no currency given, and no order to take one from.
    #[error("{file}: no currency is known for this new store")]
    NoStoreCurrency {
        /// The file, as named by the caller.
        file: String,
    },
    /// A preset's required column is absent. `what` is the field (`order`, `date`,
    /// `quantity`, `unit_price`, `sku`, `customer`); `candidates` the header names accepted.
    #[error(
        "{file}: no {what} column: expected one named {}. Check that this is the right preset.",
        quoted_or(candidates)
    )]
    MissingColumn {
        /// The file, as named by the caller.
        file: String,
        /// The field without a column.
        what: String,
        /// Header names that would have been accepted.
        candidates: Vec<String>,
    },
    /// No currency column and no currency given. `column`: the preset's currency column
    /// (Shopify: `Currency`); `None` for the generic importer, where one can be mapped.
    #[error(
        "{file}: no {} column",
        column.as_ref().map_or_else(|| "currency".to_string(), |c| format!("'{c}'"))
    )]
    NoCurrencyColumn {
        /// The file, as named by the caller.
        file: String,
        /// The preset's currency column; `None` for the generic importer.
        column: Option<String>,
    },
    /// A file whose money column (`column`, e.g. `Total Spent`) has no currency anywhere.
    #[error("{file}: the customers export has no currency for '{column}'")]
    NoCurrencyForTotals {
        /// The file, as named by the caller.
        file: String,
        /// The money column without a currency.
        column: String,
    },
    /// The user mapped `field` to `column`, which the file does not have.
    #[error(
        "{file}: {field}={column}: there is no column '{column}'. The columns are: {}",
        columns.join(", ")
    )]
    MappedColumnMissing {
        /// The file, as named by the caller.
        file: String,
        /// The field the user mapped.
        field: String,
        /// The column the user named.
        column: String,
        /// The file's headers, to choose from.
        columns: Vec<String>,
    },
    /// The generic importer found no date column, or no amount (nor quantity and unit price).
    /// `guessed`: field → column pairs found so far; `columns`: the file's headers.
    #[error(
        "{file}: cannot tell which columns hold the order date and the amount (or quantity and \
         unit price). Guessed so far: {}. The columns are: {}",
        pairs(guessed),
        columns.join(", ")
    )]
    UnmappedDateOrAmount {
        /// The file, as named by the caller.
        file: String,
        /// Field → column pairs found so far.
        guessed: Vec<(String, String)>,
        /// The file's headers, to choose from.
        columns: Vec<String>,
    },
    /// The date column has both day-first and month-first dates.
    #[error("{file}: column '{column}' mixes day-first and month-first dates")]
    MixedDateOrder {
        /// The file, as named by the caller.
        file: String,
        /// The date column.
        column: String,
    },
    /// No date in the column tells day/month from month/day.
    #[error(
        "{file}: the dates in column '{column}' could be day/month or month/day (no day is \
         over 12)"
    )]
    AmbiguousDateOrder {
        /// The file, as named by the caller.
        file: String,
        /// The date column.
        column: String,
    },
    /// The rates file is not the ECB history format.
    #[error("{file}: not an ECB rates file: the first column must be 'Date'")]
    NotEcbFile {
        /// The file, as named by the caller.
        file: String,
    },
    /// A bad cell (or line: column `(whole line)`); `value` empty means an empty cell.
    #[error(
        "{file}, line {line}, column '{column}': {} — expected {expected}. Nothing was \
         imported; fix the file.",
        shown(value)
    )]
    Row {
        /// The file, as named by the caller.
        file: String,
        /// Line number in the file (the header is line 1).
        line: u64,
        /// Header of the cell's column, or `(whole line)`.
        column: String,
        /// The cell as written; empty for an empty cell.
        value: String,
        /// What the cell should have held.
        expected: Expected,
    },
    /// The caller's cancel flag was set; the transaction was rolled back.
    #[error("the import was cancelled; nothing was imported")]
    Cancelled,
    /// Internal: streaming found the file not grouped by order (the import restarts).
    #[error("the file is not grouped by order")]
    NotGrouped,
    /// Internal: one side of the import stopped; the other side's error is the one reported.
    #[error("the import stopped before the end; nothing was imported")]
    WriterStopped,
    /// The store refused a read or a write.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// Stable key of the variant for translations, e.g. `"import.bad_cell"`. A store error
    /// is `"import.store"`: map the inner [`StoreError`] as the shell maps any store error.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Io { .. } => "import.io",
            ImportError::Decode { .. } => "import.decode",
            ImportError::Empty { .. } => "import.empty",
            ImportError::HeaderOnly { .. } => "import.header_only",
            ImportError::BadHeader { .. } => "import.bad_header",
            ImportError::UnknownTimezone { .. } => "import.unknown_timezone",
            ImportError::InvalidCurrency { .. } => "import.invalid_currency",
            ImportError::NoStoreCurrency { .. } => "import.no_store_currency",
            ImportError::MissingColumn { .. } => "import.missing_column",
            ImportError::NoCurrencyColumn { .. } => "import.no_currency_column",
            ImportError::NoCurrencyForTotals { .. } => "import.no_currency_for_totals",
            ImportError::MappedColumnMissing { .. } => "import.mapped_column_missing",
            ImportError::UnmappedDateOrAmount { .. } => "import.unmapped_date_or_amount",
            ImportError::MixedDateOrder { .. } => "import.mixed_date_order",
            ImportError::AmbiguousDateOrder { .. } => "import.ambiguous_date_order",
            ImportError::NotEcbFile { .. } => "import.not_ecb_file",
            ImportError::Row { .. } => "import.bad_cell",
            ImportError::Cancelled => "import.cancelled",
            ImportError::NotGrouped => "import.not_grouped",
            ImportError::WriterStopped => "import.writer_stopped",
            ImportError::Store(_) => "import.store",
        }
    }

    /// The file the error is about, when it is about one.
    pub fn file(&self) -> Option<&str> {
        match self {
            ImportError::Io { file, .. }
            | ImportError::Decode { file, .. }
            | ImportError::Empty { file }
            | ImportError::HeaderOnly { file }
            | ImportError::BadHeader { file, .. }
            | ImportError::UnknownTimezone { file, .. }
            | ImportError::InvalidCurrency { file, .. }
            | ImportError::NoStoreCurrency { file }
            | ImportError::MissingColumn { file, .. }
            | ImportError::NoCurrencyColumn { file, .. }
            | ImportError::NoCurrencyForTotals { file, .. }
            | ImportError::MappedColumnMissing { file, .. }
            | ImportError::UnmappedDateOrAmount { file, .. }
            | ImportError::MixedDateOrder { file, .. }
            | ImportError::AmbiguousDateOrder { file, .. }
            | ImportError::NotEcbFile { file }
            | ImportError::Row { file, .. } => Some(file),
            ImportError::Cancelled
            | ImportError::NotGrouped
            | ImportError::WriterStopped
            | ImportError::Store(_) => None,
        }
    }

    pub(crate) fn row(file: &str, e: crate::table::RowError) -> ImportError {
        ImportError::Row {
            file: file.to_string(),
            line: e.line,
            column: e.column,
            value: e.value,
            expected: e.expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_no_command_line_flags() {
        let errors = [
            ImportError::Row {
                file: "f.csv".into(),
                line: 3,
                column: "date".into(),
                value: String::new(),
                expected: Expected::Date,
            },
            ImportError::NoStoreCurrency { file: "f".into() },
            ImportError::NoCurrencyColumn {
                file: "f".into(),
                column: None,
            },
            ImportError::Decode {
                file: "f".into(),
                encoding: "GBK".into(),
                offset: None,
            },
            ImportError::UnmappedDateOrAmount {
                file: "f".into(),
                guessed: vec![],
                columns: vec!["foo".into(), "bar".into()],
            },
        ];
        for e in &errors {
            let m = e.to_string();
            assert!(!m.contains("--"), "{m}");
        }
        assert_eq!(
            errors[0].to_string(),
            "f.csv, line 3, column 'date': the cell is empty — expected a date such as \
             2024-03-31 14:05, 2024-03-31T14:05:00+08:00, 31/03/2024 or 03/31/2024. Nothing was \
             imported; fix the file."
        );
        assert_eq!(errors[0].code(), "import.bad_cell");
        assert_eq!(
            errors[4].to_string(),
            "f: cannot tell which columns hold the order date and the amount (or quantity and \
             unit price). Guessed so far: nothing. The columns are: foo, bar"
        );
    }

    #[test]
    fn expected_serialises_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&Expected::WholeNumber).unwrap(),
            "\"whole_number\""
        );
        let w = Expected::WellFormedLine { detail: "x".into() };
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"well_formed_line":{"detail":"x"}}"#
        );
        assert_eq!(w.code(), "well_formed_line");
        assert_eq!(w.to_string(), "a well-formed line (x)");
    }
}
