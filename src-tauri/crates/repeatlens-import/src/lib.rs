//! Order and customer files into the store.
//!
//! Why it is shaped this way: a seller's file is read whole into text (gzip, BOM, UTF-8,
//! UTF-16 or GB18030 handled in [`source`]), parsed by a preset or a user mapping into plain
//! records ([`repeatlens_store::model`]), and only then written — in one transaction through
//! [`repeatlens_store::Store::write`]. So a bad row stops the import before anything is written,
//! a killed process leaves the database as it was, and importing the same file again finds every
//! record already there and changes nothing.
//!
//! Presets know real exports by their headers (Shopify orders and customers, Amazon "All Orders",
//! UCI Online Retail); everything else goes through [`mapping`], where the user names the
//! columns (or accepts the guess shown by `preview`).

mod error;
pub mod fx;
pub mod mapping;
mod presets;
pub mod source;
pub mod table;
pub mod values;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use chrono_tz::Tz;
use csv::StringRecord;
use repeatlens_store::{
    CustomerRecord, ImportLog, OrderRecord, ProductRecord, RefundRecord, Store, StoreSpec,
    WriteCounts,
};
use serde::Serialize;

pub use error::{Expected, ImportError};
pub use mapping::{Field, Mapping};
pub use presets::PresetKind;
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
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub delimiter: Option<u8>,
    pub date_order: Option<DateOrder>,
    /// IANA zone for times without an offset.
    pub tz: Option<String>,
    /// ISO currency for files without a currency column.
    pub currency: Option<String>,
    pub skip_bad_rows: bool,
    /// Platform recorded for a new store (default: the preset's, e.g. `shopify`, or `file`).
    pub platform: Option<String>,
}

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

/// A skipped line (with `skip_bad_rows`) or a problem found by [`preview`]: where, the cell,
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
    fn new(e: &RowError) -> Skipped {
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

/// The records parsed from one file, ready to be written.
#[derive(Debug, Default)]
pub struct Batch {
    pub customers: Vec<CustomerRecord>,
    pub products: Vec<ProductRecord>,
    pub orders: Vec<OrderRecord>,
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
struct Prepared {
    source: source::Source,
    delimiter: u8,
    header: Header,
    kind: PresetKind,
}

fn prepare(source: source::Source, opts: &ImportOptions) -> Result<Prepared, ImportError> {
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

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The store an import writes to, and the settings its parser uses.
fn resolve_store(
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
fn parse_rows(
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

/// Imports a file into `store`. See the crate docs for the guarantees.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    progress(Progress {
        phase: Phase::Reading,
        rows_done: 0,
        rows_total: None,
        rows_per_sec: 0.0,
    });
    let started = Instant::now();
    let source = source::read(path, opts.encoding)?;
    import_source(store, source, started, opts, progress, cancel)
}

/// Imports bytes already in memory (the embedded sample store), named `file_name` in messages.
pub fn import_bytes(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let source = source::from_bytes(file_name, bytes, opts.encoding)?;
    import_source(store, source, started, opts, progress, cancel)
}

fn import_source(
    store: &mut Store,
    source: source::Source,
    started: Instant,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let read_seconds = started.elapsed().as_secs_f64();
    let p = prepare(source, opts)?;
    let (spec, ctx) = resolve_store(store, &p, opts)?;
    let streamed = Ctx {
        streaming: true,
        ..ctx.clone()
    };
    let mut report = match run_import(store, &p, &spec, &streamed, opts, progress, cancel) {
        // Rows of an order came back after the order had been written: the file is not grouped
        // by order. Everything was rolled back; read it again, writing only at the end.
        Err(ImportError::NotGrouped) => run_import(store, &p, &spec, &ctx, opts, progress, cancel)?,
        other => other?,
    };
    report.seconds = started.elapsed().as_secs_f64();
    report.read_seconds = read_seconds;
    report.parse_seconds -= read_seconds;
    progress(Progress {
        phase: Phase::Done,
        rows_done: report.rows_read,
        rows_total: Some(report.rows_read),
        rows_per_sec: report.rows_read as f64 / report.seconds.max(1e-9),
    });
    Ok(report)
}

/// What the reading thread hands the writing thread.
enum ToWriter {
    Records(Batch),
    /// The file was read to its end: write the history row and commit.
    Finish(ImportLog),
}

/// One pass over the file: the calling thread parses, a second thread writes in one transaction
/// what is complete, so reading and writing overlap on two cores. Without streaming all records
/// arrive at the end. The transaction commits only after `Finish`; any error on either side, or
/// a dropped channel, rolls everything back.
fn run_import(
    store: &mut Store,
    p: &Prepared,
    spec: &StoreSpec,
    ctx: &Ctx,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let started_at = repeatlens_store::unix_now();
    let mut parser = p
        .kind
        .parser(&p.header, &p.source, p.delimiter, ctx, opts)?;
    let written = AtomicU64::new(0);
    let file = p.source.file_name.clone();
    let mut spec = spec.clone();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<ToWriter>(16);
        let mut pending: Option<(&mut Store, std::sync::mpsc::Receiver<ToWriter>)> =
            Some((store, rx));
        let mut writer = None;
        let mut sent = 0u64;
        let written = &written;
        // Sends records to the writer, starting it on the first send: the store's currency may
        // come from the first order.
        let mut send = |batch: Batch, last: bool| -> Result<(), ImportError> {
            let empty = batch.orders.is_empty()
                && batch.customers.is_empty()
                && batch.refunds.is_empty()
                && batch.products.is_empty();
            if empty && !last {
                return Ok(());
            }
            if let Some((store, rx)) = pending.take() {
                if spec.currency.is_empty() {
                    spec.currency = batch
                        .orders
                        .first()
                        .map(|o| o.currency.clone())
                        .ok_or_else(|| ImportError::NoStoreCurrency { file: file.clone() })?;
                }
                let spec = spec.clone();
                writer = Some(scope.spawn(move || write_all(store, &spec, rx, cancel, written)));
            }
            sent += (batch.orders.len() + batch.refunds.len() + batch.customers.len()) as u64;
            // A failed send means the writer stopped with an error; joining it tells which.
            tx.send(ToWriter::Records(batch))
                .map_err(|_| ImportError::WriterStopped)
        };
        let parsed = parse_rows(
            p,
            parser.as_mut(),
            opts,
            None,
            progress,
            cancel,
            &mut |parser| {
                if parser.broken() {
                    return Err(ImportError::NotGrouped);
                }
                let mut batch = Batch::default();
                parser.drain(&mut batch);
                send(batch, false)
            },
        );
        let parse_done = started.elapsed().as_secs_f64();
        let outcome = match parsed {
            Err(e) => Err(e),
            Ok(_) if parser.broken() => Err(ImportError::NotGrouped),
            Ok((0, _, _)) => Err(ImportError::HeaderOnly { file: file.clone() }),
            Ok((rows, skipped, skipped_count)) => send(parser.finish(), true).and_then(|()| {
                let log = ImportLog {
                    file_name: file.clone(),
                    file_size: p.source.file_size as i64,
                    preset: p.kind.name().to_string(),
                    encoding: p.source.encoding.name().to_string(),
                    started_at,
                    finished_at: repeatlens_store::unix_now(),
                    rows_read: rows as i64,
                    skipped_rows: skipped_count as i64,
                    skipped_detail: (!skipped.is_empty())
                        .then(|| serde_json::to_string(&skipped).unwrap_or_default()),
                };
                tx.send(ToWriter::Finish(log))
                    .map_err(|_| ImportError::WriterStopped)?;
                Ok((rows, skipped, skipped_count))
            }),
        };
        drop(tx);
        let Some(handle) = writer else {
            // Nothing was ever sent, so nothing was written.
            return Err(outcome.err().unwrap_or(ImportError::WriterStopped));
        };
        // Report the writer's progress until it is done.
        let write_started = Instant::now();
        while !handle.is_finished() {
            let done = written.load(Ordering::Relaxed);
            progress(Progress {
                phase: Phase::Writing,
                rows_done: done,
                rows_total: Some(sent),
                rows_per_sec: done as f64 / write_started.elapsed().as_secs_f64().max(1e-9),
            });
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let write_result = handle.join().unwrap_or(Err(ImportError::WriterStopped));
        // The reader's error explains a writer that stopped because the reader did.
        let (rows, skipped, skipped_count) = outcome?;
        let (counts, store_id) = write_result?;
        let seconds = started.elapsed().as_secs_f64();
        Ok(ImportReport {
            store_id,
            store_name: spec.name.clone(),
            file: file.clone(),
            preset: p.kind.name().to_string(),
            encoding: p.source.encoding.name().to_string(),
            delimiter: delimiter_name(p.delimiter),
            rows_read: rows,
            orders_new: counts.orders_new,
            orders_updated: counts.orders_updated,
            orders_unchanged: counts.orders_unchanged,
            returns_new: counts.refunds_new,
            returns_updated: counts.refunds_updated,
            returns_unchanged: counts.refunds_unchanged,
            customers_new: counts.customers_new,
            customers_updated: counts.customers_updated,
            customers_unchanged: counts.customers_unchanged,
            skipped_rows: skipped_count,
            skipped,
            seconds,
            read_seconds: 0.0,
            parse_seconds: parse_done,
            write_seconds: seconds - parse_done,
        })
    })
}

/// The writing thread: everything it receives, in one transaction, committed on `Finish` only.
fn write_all(
    store: &mut Store,
    spec: &StoreSpec,
    rx: std::sync::mpsc::Receiver<ToWriter>,
    cancel: &AtomicBool,
    written: &AtomicU64,
) -> Result<(WriteCounts, i64), ImportError> {
    let ((), counts, store_id) = store.write(spec, |w| {
        for msg in rx {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
            match msg {
                ToWriter::Records(batch) => {
                    for c in &batch.customers {
                        w.customer(c)?;
                    }
                    for pr in &batch.products {
                        w.product(pr)?;
                    }
                    for o in &batch.orders {
                        w.order(o)?;
                        written.fetch_add(1, Ordering::Relaxed);
                    }
                    for r in &batch.refunds {
                        w.refund(r)?;
                    }
                    written.fetch_add(
                        (batch.customers.len() + batch.refunds.len()) as u64,
                        Ordering::Relaxed,
                    );
                }
                ToWriter::Finish(log) => {
                    w.log_import(&log)?;
                    return Ok(());
                }
            }
        }
        // The reader stopped without finishing (an error on its side): roll back.
        Err(ImportError::WriterStopped)
    })?;
    Ok((counts, store_id))
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => (other as char).to_string(),
    }
}

/// What `import --preview` shows: how the file was read and its first rows as mapped.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub file: String,
    pub preset: String,
    pub encoding: String,
    pub delimiter: String,
    pub store: String,
    pub timezone: String,
    pub headers: Vec<String>,
    /// field → column, as used (a preset's own columns, or the guessed/user mapping).
    pub mapping: Vec<(String, String)>,
    pub rows: Vec<PreviewRow>,
    /// Problems in the previewed rows.
    pub errors: Vec<Skipped>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub kind: String,
    pub order: String,
    pub customer: Option<String>,
    pub date: String,
    pub sku: Option<String>,
    pub product: Option<String>,
    pub category: Option<String>,
    pub quantity: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub country: Option<String>,
}

/// Reads the first `rows` data rows and shows them as they would be imported. Writes nothing.
pub fn preview(
    store: &Store,
    path: &Path,
    opts: &ImportOptions,
    rows: u64,
) -> Result<Preview, ImportError> {
    let source = source::read(path, opts.encoding)?;
    let p = prepare(source, opts)?;
    let (spec, ctx) = resolve_store(store, &p, opts)?;
    let mut parser = p
        .kind
        .parser(&p.header, &p.source, p.delimiter, &ctx, opts)?;
    let lenient = ImportOptions {
        skip_bad_rows: true,
        ..opts.clone()
    };
    let (_, errors, _) = parse_rows(
        &p,
        parser.as_mut(),
        &lenient,
        Some(rows),
        &mut |_| {},
        &AtomicBool::new(false),
        &mut |_| Ok(()),
    )?;
    let mapping = p.kind.mapping_shown(&p.header, opts);
    let batch = parser.finish();
    let local = |t: i64| repeatlens_store::local_minute(t, &spec.timezone);
    let mut out = Vec::new();
    for o in &batch.orders {
        for l in &o.lines {
            out.push(PreviewRow {
                kind: "order".into(),
                order: o.platform_id.clone(),
                customer: o.customer.clone(),
                date: local(o.created_at),
                sku: l.sku.clone(),
                product: l.title.clone(),
                category: l.category.clone(),
                quantity: l.quantity,
                amount_minor: l.line_total_minor,
                currency: o.currency.clone(),
                country: o.ship_country.clone(),
            });
        }
    }
    for r in &batch.refunds {
        for l in &r.lines {
            out.push(PreviewRow {
                kind: r.kind.clone(),
                order: r.platform_id.clone(),
                customer: r.customer.clone(),
                date: local(r.created_at),
                sku: l.sku.clone(),
                product: l.title.clone(),
                category: None,
                quantity: -l.quantity,
                amount_minor: -l.amount_minor,
                currency: r.currency.clone(),
                country: None,
            });
        }
    }
    if batch.orders.is_empty() && batch.refunds.is_empty() {
        for c in &batch.customers {
            out.push(PreviewRow {
                kind: "customer".into(),
                order: String::new(),
                customer: Some(c.platform_id.clone()),
                date: c.created_at.map(local).unwrap_or_default(),
                sku: None,
                product: None,
                category: None,
                quantity: 0,
                amount_minor: c.total_spent_minor.unwrap_or(0),
                currency: spec.currency.clone(),
                country: c.country.clone(),
            });
        }
    }
    Ok(Preview {
        file: p.source.file_name.clone(),
        preset: p.kind.name().to_string(),
        encoding: p.source.encoding.name().to_string(),
        delimiter: delimiter_name(p.delimiter),
        store: spec.name,
        timezone: spec.timezone,
        headers: p.header.names.clone(),
        mapping,
        rows: out,
        errors,
    })
}
