//! Columns found by header name, and rows that know their line number, so that every value
//! problem can be reported as file, line, column, value and what was expected.

use std::collections::HashMap;

use csv::StringRecord;
use serde::Serialize;

use crate::error::Expected;

/// A column the importer uses: its position and its header as written in the file.
#[derive(Debug, Clone)]
pub struct Col {
    /// 0-based position in the row.
    pub idx: usize,
    /// The header as written in the file.
    pub name: String,
}

/// The header line, indexed by normalized name (trimmed, lower-case, inner spaces collapsed).
#[derive(Debug, Clone)]
pub struct Header {
    /// Headers as written, trimmed.
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

/// A header as compared: trimmed (BOM too), lower-case, inner whitespace collapsed.
pub fn normalize_header(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Header {
    /// Indexes a header line (the first of duplicate names wins).
    pub fn new(rec: &StringRecord) -> Header {
        let names: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        let mut index = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            index.entry(normalize_header(n)).or_insert(i);
        }
        Header { names, index }
    }

    /// The first of `candidates` present in the header.
    pub fn find(&self, candidates: &[&str]) -> Option<Col> {
        candidates.iter().find_map(|c| {
            self.index.get(&normalize_header(c)).map(|&idx| Col {
                idx,
                name: self.names[idx].clone(),
            })
        })
    }

    /// A column named exactly (case-insensitively) as the user wrote it in `--map`.
    pub fn named(&self, name: &str) -> Option<Col> {
        self.find(&[name])
    }

    /// Whether a column with this (normalized) name exists.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&normalize_header(name))
    }
}

/// A value problem in one row: the header of its column (`(whole line)` for a line the CSV
/// reader cannot split), the cell as written (empty: the cell was empty) and what it should hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// Header of the cell's column, or `(whole line)`.
    pub column: String,
    /// The cell as written; empty for an empty cell.
    pub value: String,
    /// What the cell should have held.
    pub expected: Expected,
}

/// One data row.
pub struct Row<'a> {
    /// The row's cells.
    pub rec: &'a StringRecord,
    /// Its line number in the file (where the record starts).
    pub line: u64,
}

impl<'a> Row<'a> {
    /// The trimmed cell, `None` when the column is absent or the cell empty.
    pub fn get(&self, col: &Option<Col>) -> Option<&'a str> {
        let c = col.as_ref()?;
        let v = self.rec.get(c.idx)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// [`Row::get`], owned.
    pub fn get_string(&self, col: &Option<Col>) -> Option<String> {
        self.get(col).map(str::to_string)
    }

    /// A required cell, or the error naming it.
    pub fn require(&self, col: &Option<Col>, expected: Expected) -> Result<&'a str, RowError> {
        self.get(col).ok_or_else(|| self.error(col, "", expected))
    }

    /// The error for `value` in `col` on this row.
    pub fn error(&self, col: &Option<Col>, value: &str, expected: Expected) -> RowError {
        RowError {
            line: self.line,
            column: col.as_ref().map_or_else(|| "?".into(), |c| c.name.clone()),
            value: value.to_string(),
            expected,
        }
    }

    /// Parses an optional cell with `parse`; an unparsable value is an error.
    pub fn parse<T>(
        &self,
        col: &Option<Col>,
        expected: Expected,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, RowError> {
        match self.get(col) {
            None => Ok(None),
            Some(v) => parse(v)
                .map(Some)
                .ok_or_else(|| self.error(col, v, expected)),
        }
    }

    /// Parses a required cell with `parse`.
    pub fn parse_required<T>(
        &self,
        col: &Option<Col>,
        expected: Expected,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, RowError> {
        match self.get(col) {
            None => Err(self.error(col, "", expected)),
            Some(v) => parse(v).ok_or_else(|| self.error(col, v, expected)),
        }
    }
}
