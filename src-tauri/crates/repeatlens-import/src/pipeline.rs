//! The streaming import: this thread parses rows and hands complete records over a bounded
//! channel to a writer thread, which writes them inside one [`Store::write`] transaction. The
//! transaction commits only after the reader sent `Finish` (the file was read to its end);
//! any error on either side, a cancel, or a dropped channel rolls everything back, so a failed
//! import writes nothing. Reading and writing overlap on two cores.
//!
//! A file whose order rows are not together is found out while streaming (an order's rows come
//! back after it was handed over): everything is rolled back and the file read again with all
//! records sent at the end.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use repeatlens_store::{ImportLog, Store, StoreSpec, WriteCounts};

use crate::report::delimiter_name;
use crate::{
    parse_rows, prepare, resolve_store, source, Batch, Ctx, ImportError, ImportOptions,
    ImportReport, Phase, Prepared, Progress,
};

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
        // The reader's error explains a writer that stopped because the reader did; a reader
        // that stopped because the writer did (a cancel the writer saw, a store error) is
        // explained by the writer's error.
        if matches!(outcome, Err(ImportError::WriterStopped)) {
            write_result?;
            return Err(ImportError::WriterStopped);
        }
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
