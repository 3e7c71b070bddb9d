//! Order and customer files into the store.
//!
//! Why it is shaped this way: a seller's file is read whole into text (gzip, BOM, UTF-8,
//! UTF-16 or GB18030 handled in [`source`]) and parsed by a preset or a user mapping into plain
//! records ([`repeatlens_store::model`]). Parsing and writing overlap (`pipeline`): this thread
//! reads rows and hands complete orders to a writer thread, which writes them inside one
//! transaction of [`repeatlens_store::Store::write`] that commits only after the last row. So a
//! bad row, a cancel or a killed process leaves the database exactly as it was (the transaction
//! is rolled back), and importing the same file again finds every record already there and
//! changes nothing. A file not grouped by order is detected and read again, writing at the end.
//!
//! Presets know real exports by their headers (Shopify orders and customers, Amazon "All Orders",
//! UCI Online Retail); everything else goes through [`mapping`], where the user names the
//! columns (or accepts the guess shown by [`preview()`]).
//!
//! Modules: [`error`] (what can stop an import, as codes and values), [`report`] (progress and
//! what an import did), `pipeline` (the streaming import), `preview`, `assemble` (records
//! built from rows, shared by presets and mapping), and here the steps both share: read the
//! header, resolve the store and parse rows.
#![warn(missing_docs)]

mod assemble;
pub mod error;
pub mod fx;
pub mod mapping;
mod pipeline;
mod presets;
mod preview;
pub mod report;
pub mod source;
pub mod table;
pub mod values;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono_tz::Tz;
use csv::StringRecord;
use repeatlens_store::{
    CustomerRecord, OrderRecord, ProductRecord, RefundRecord, Store, StoreSpec,
};

pub use error::{Expected, ImportError};
pub use mapping::{Field, Mapping};
pub use pipeline::{import_bytes, import_file};
pub use presets::PresetKind;
pub use preview::{preview, Preview, PreviewRow};
pub use report::{ImportReport, Phase, Progress, Skipped};
use table::{Header, Row, RowError};
pub use values::DateOrder;

/// How to read a file; every field has a sensible default.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `None`: detected from the header.
    pub preset: Option<PresetKind>,
    /// `None`: the preset's default name (e.g. "Shopify"), or the file's name.
    pub store: Option<String>,
    /// Column mapping for the generic importer (`--map field=Column`).
    pub map: Vec<(Field, String)>,
    /// Forced text encoding; `None`: BOM, then UTF-8 if valid, else GB18030.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Forced delimiter byte; `None`: detected from the text.
    pub delimiter: Option<u8>,
    /// Order of day, month and year in dates; `None` (or `Auto`): decided from the file's dates.
    pub date_order: Option<DateOrder>,
    /// IANA zone for times without an offset.
    pub tz: Option<String>,
    /// ISO currency for files without a currency column.
    pub currency: Option<String>,
    /// Skip rows with a bad cell (the report lists them) instead of stopping the import.
    pub skip_bad_rows: bool,
    /// Platform recorded for a new store (default: the preset's, e.g. `shopify`, or `file`).
    pub platform: Option<String>,
}

/// Records parsed from a file, ready to be written: while streaming, one chunk of the records
/// already complete; otherwise all of them, at the end.
#[derive(Debug, Default)]
pub struct Batch {
    /// Customer records (from a customers export, or derived from orders).
    pub customers: Vec<CustomerRecord>,
    /// Products seen on order lines.
    pub products: Vec<ProductRecord>,
    /// Orders with their lines.
    pub orders: Vec<OrderRecord>,
    /// Refunds and returns.
    pub refunds: Vec<RefundRecord>,
}

/// Settings every parser needs.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub tz: Tz,
    pub date_order: DateOrder,
    pub currency: Option<String>,
    pub file_stem: String,
    /// Hand complete records to the writer while reading (files grouped by order).
    pub streaming: bool,
}

/// Turns rows into records; one per preset.
pub(crate) trait Parser {
    fn row(&mut self, row: &Row<'_>) -> Result<(), RowError>;
    /// Moves records that are already complete into `out` (streaming); by default none are.
    fn drain(&mut self, _out: &mut Batch) {}
    /// True when the file turned out not to be grouped by order after records were drained.
    fn broken(&self) -> bool {
        false
    }
    fn finish(self: Box<Self>) -> Batch;
}

/// A file read and understood, not yet parsed.
pub(crate) struct Prepared {
    pub source: source::Source,
    pub delimiter: u8,
    pub header: Header,
    pub kind: PresetKind,
}

pub(crate) fn prepare(
    source: source::Source,
    opts: &ImportOptions,
) -> Result<Prepared, ImportError> {
    if source.text.trim().is_empty() {
        return Err(ImportError::Empty {
            file: source.file_name,
        });
    }
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| source::detect_delimiter(&source.text));
    let mut reader = csv_reader(&source.text, delimiter);
    let mut rec = StringRecord::new();
    let has = reader
        .read_record(&mut rec)
        .map_err(|e| ImportError::BadHeader {
            file: source.file_name.clone(),
            detail: e.to_string(),
        })?;
    if !has {
        return Err(ImportError::Empty {
            file: source.file_name,
        });
    }
    let header = Header::new(&rec);
    let kind = match opts.preset {
        Some(k) => k,
        None if !opts.map.is_empty() => PresetKind::Generic,
        None => PresetKind::detect(&header),
    };
    Ok(Prepared {
        source,
        delimiter,
        header,
        kind,
    })
}

pub(crate) fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The store an import writes to, and the settings its parser uses.
pub(crate) fn resolve_store(
    store: &Store,
    p: &Prepared,
    opts: &ImportOptions,
) -> Result<(StoreSpec, Ctx), ImportError> {
    let file = &p.source.file_name;
    let file_stem = Path::new(file)
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| file.clone());
    let name = opts
        .store
        .clone()
        .unwrap_or_else(|| p.kind.default_store_name(&file_stem));
    let existing = store.find_store(&name)?;
    let tz_name = opts
        .tz
        .clone()
        .or_else(|| existing.as_ref().map(|s| s.timezone.clone()))
        .or_else(|| p.kind.default_timezone().map(str::to_string))
        .unwrap_or_else(|| "UTC".to_string());
    let tz: Tz = tz_name.parse().map_err(|_| ImportError::UnknownTimezone {
        file: file.clone(),
        timezone: tz_name.clone(),
    })?;
    let flag_currency = match &opts.currency {
        Some(c) => Some(
            values::currency_code(c).ok_or_else(|| ImportError::InvalidCurrency {
                file: file.clone(),
                value: c.clone(),
            })?,
        ),
        None => None,
    };
    let currency = flag_currency
        .clone()
        .or_else(|| existing.as_ref().map(|s| s.currency.clone()))
        .or_else(|| p.kind.default_currency().map(str::to_string));
    let date_order = match opts.date_order {
        Some(o) if o != DateOrder::Auto => o,
        _ => DateOrder::Auto,
    };
    let ctx = Ctx {
        tz,
        date_order,
        currency: flag_currency.or_else(|| currency.clone()),
        file_stem,
        streaming: false,
    };
    let spec = StoreSpec {
        platform: existing.as_ref().map_or_else(
            || {
                opts.platform
                    .clone()
                    .unwrap_or_else(|| p.kind.platform().to_string())
            },
            |s| s.platform.clone(),
        ),
        name,
        currency: currency.unwrap_or_default(),
        timezone: tz_name,
    };
    Ok((spec, ctx))
}

/// Parses every data row. With `skip_bad_rows`, bad rows are collected instead of stopping.
/// Every 512 rows `on_drain` may take the records already complete (streaming imports).
#[allow(clippy::too_many_arguments)]
pub(crate) fn parse_rows(
    p: &Prepared,
    parser: &mut dyn Parser,
    opts: &ImportOptions,
    limit: Option<u64>,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
    on_drain: &mut dyn FnMut(&mut dyn Parser) -> Result<(), ImportError>,
) -> Result<(u64, Vec<Skipped>, u64), ImportError> {
    let started = Instant::now();
    let total = Some(p.source.text.bytes().filter(|&b| b == b'\n').count() as u64);
    let mut reader = csv_reader(&p.source.text, p.delimiter);
    let mut rec = StringRecord::new();
    let mut rows = 0u64;
    let mut skipped = Vec::new();
    let mut skipped_count = 0u64;
    let file = &p.source.file_name;
    // The header was line 1.
    reader.read_record(&mut rec).ok();
    loop {
        match reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |pos| pos.line());
                let err = RowError {
                    line,
                    column: "(whole line)".into(),
                    value: String::new(),
                    expected: Expected::WellFormedLine {
                        detail: e.to_string(),
                    },
                };
                if opts.skip_bad_rows {
                    skipped_count += 1;
                    push_skipped(&mut skipped, &err);
                    continue;
                }
                return Err(ImportError::row(file, err));
            }
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(0, |pos| pos.line());
        rows += 1;
        if let Err(err) = parser.row(&Row { rec: &rec, line }) {
            if opts.skip_bad_rows {
                skipped_count += 1;
                push_skipped(&mut skipped, &err);
            } else {
                return Err(ImportError::row(file, err));
            }
        }
        if rows.is_multiple_of(512) {
            on_drain(parser)?;
        }
        if rows.is_multiple_of(8192) {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
            progress(Progress {
                phase: Phase::Parsing,
                rows_done: rows,
                rows_total: total,
                rows_per_sec: rows as f64 / started.elapsed().as_secs_f64().max(1e-9),
            });
        }
        if limit.is_some_and(|l| rows >= l) {
            break;
        }
    }
    Ok((rows, skipped, skipped_count))
}

fn push_skipped(list: &mut Vec<Skipped>, e: &RowError) {
    if list.len() < 50 {
        list.push(Skipped::new(e));
    }
}
