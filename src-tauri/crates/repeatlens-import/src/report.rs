//! What an import tells its caller: progress while it runs ([`Progress`], [`Phase`]) and what
//! it did ([`ImportReport`], with the lines it skipped as [`Skipped`]).

use serde::Serialize;

use crate::error::Expected;
use crate::table::RowError;

/// Where an import is; sent to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Reading,
    Parsing,
    Writing,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub phase: Phase,
    pub rows_done: u64,
    pub rows_total: Option<u64>,
    pub rows_per_sec: f64,
}

/// A skipped line (with `skip_bad_rows`) or a problem found by [`crate::preview()`]: where, the cell,
/// what was expected, and `reason`, the same in English (`column 'Total': 'x', expected …`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub expected: Expected,
    pub reason: String,
}

impl Skipped {
    pub(crate) fn new(e: &RowError) -> Skipped {
        let value = if e.value.is_empty() {
            "empty".to_string()
        } else {
            format!("'{}'", e.value)
        };
        Skipped {
            line: e.line,
            column: e.column.clone(),
            value: e.value.clone(),
            expected: e.expected.clone(),
            reason: format!("column '{}': {value}, expected {}", e.column, e.expected),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub store_id: i64,
    pub store_name: String,
    pub file: String,
    pub preset: String,
    pub encoding: String,
    pub delimiter: String,
    pub rows_read: u64,
    pub orders_new: u64,
    pub orders_updated: u64,
    pub orders_unchanged: u64,
    pub returns_new: u64,
    pub returns_updated: u64,
    pub returns_unchanged: u64,
    pub customers_new: u64,
    pub customers_updated: u64,
    pub customers_unchanged: u64,
    pub skipped_rows: u64,
    /// The first skipped lines (at most 50).
    pub skipped: Vec<Skipped>,
    /// Wall-clock seconds in all, and of its phases: reading the file (decompressing, decoding),
    /// parsing its rows (records are written on a second thread meanwhile), and writing what was
    /// left after the last row plus the commit.
    pub seconds: f64,
    pub read_seconds: f64,
    pub parse_seconds: f64,
    pub write_seconds: f64,
}

/// How a delimiter is shown in reports (`tab` for a tab).
pub(crate) fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => (other as char).to_string(),
    }
}
