//! What an import tells its caller: progress while it runs ([`Progress`], [`Phase`]) and what
//! it did ([`ImportReport`], with the lines it skipped as [`Skipped`]).

use serde::Serialize;

use crate::error::Expected;
use crate::table::RowError;

/// Where an import is; sent to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Reading and decoding the file.
    Reading,
    /// Parsing rows; complete orders are written on a second thread meanwhile.
    Parsing,
    /// The file is parsed; the writer finishes what is left and commits.
    Writing,
    /// Committed.
    Done,
}

/// A progress report: at the start and the end, every 8,192 rows while parsing, and every
/// 20 ms while the writer finishes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Where the import is.
    pub phase: Phase,
    /// Parsing: rows parsed. Writing: records written so far.
    pub rows_done: u64,
    /// Parsing: lines in the file. Writing: records handed to the writer.
    pub rows_total: Option<u64>,
    /// Speed of the current phase so far (rows or records per second).
    pub rows_per_sec: f64,
}

/// A skipped line (with `skip_bad_rows`) or a problem found by [`crate::preview()`]: where, the cell,
/// what was expected, and `reason`, the same in English (`column 'Total': 'x', expected …`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// Header of the cell's column, or `(whole line)`.
    pub column: String,
    /// The cell as written; empty for an empty cell.
    pub value: String,
    /// What the cell should have held.
    pub expected: Expected,
    /// The problem as an English sentence.
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
    /// Id of the store written to.
    pub store_id: i64,
    /// Its name.
    pub store_name: String,
    /// The file, as named by the caller.
    pub file: String,
    /// Preset used, or `generic`.
    pub preset: String,
    /// Text encoding used.
    pub encoding: String,
    /// Delimiter used (`tab` for a tab).
    pub delimiter: String,
    /// Data rows read.
    pub rows_read: u64,
    /// Orders not in the store before.
    pub orders_new: u64,
    /// Orders already there and changed.
    pub orders_updated: u64,
    /// Orders already there and equal (a re-import).
    pub orders_unchanged: u64,
    /// Refunds and returns not in the store before.
    pub returns_new: u64,
    /// Refunds and returns changed.
    pub returns_updated: u64,
    /// Refunds and returns already there and equal.
    pub returns_unchanged: u64,
    /// Customers not in the store before.
    pub customers_new: u64,
    /// Customers changed.
    pub customers_updated: u64,
    /// Customers already there and equal.
    pub customers_unchanged: u64,
    /// Rows skipped as bad (with `skip_bad_rows`).
    pub skipped_rows: u64,
    /// The first skipped lines (at most 50).
    pub skipped: Vec<Skipped>,
    /// Wall-clock seconds in all, and of its phases: reading the file (decompressing, decoding),
    /// parsing its rows (records are written on a second thread meanwhile), and writing what was
    /// left after the last row plus the commit.
    pub seconds: f64,
    /// Seconds reading and decoding the file.
    pub read_seconds: f64,
    /// Seconds parsing rows (writing overlaps it).
    pub parse_seconds: f64,
    /// Seconds writing after the last row, commit included.
    pub write_seconds: f64,
}

/// How a delimiter is shown in reports (`tab` for a tab).
pub(crate) fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => (other as char).to_string(),
    }
}
