//! A look at a file before importing it: how it was read (preset, encoding, delimiter, the
//! columns as mapped) and its first rows as they would be imported, with the problems found in
//! them as data ([`Skipped`]: line, column, value, what was expected). Writes nothing.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use repeatlens_store::Store;
use serde::Serialize;

use crate::report::delimiter_name;
use crate::{parse_rows, prepare, resolve_store, source, ImportError, ImportOptions, Skipped};

/// What `import --preview` shows: how the file was read and its first rows as mapped.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The file, as named by the caller.
    pub file: String,
    /// Preset used (detected or chosen), or `generic`.
    pub preset: String,
    /// Text encoding used.
    pub encoding: String,
    /// Delimiter used (`tab` for a tab).
    pub delimiter: String,
    /// Store the file would import into.
    pub store: String,
    /// Timezone of times without an offset.
    pub timezone: String,
    /// The header line, as written.
    pub headers: Vec<String>,
    /// field → column, as used (a preset's own columns, or the guessed/user mapping).
    pub mapping: Vec<(String, String)>,
    /// The first rows' lines as records (refunds negative).
    pub rows: Vec<PreviewRow>,
    /// Problems in the previewed rows.
    pub errors: Vec<Skipped>,
}

/// One line (or customer) as it would be imported.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    /// `order`, `refund`/`return`, or `customer` (customers exports).
    pub kind: String,
    /// Order id (empty for a customer).
    pub order: String,
    /// Customer key (id or normalized email).
    pub customer: Option<String>,
    /// Date and time in the store's timezone.
    pub date: String,
    /// SKU of the line.
    pub sku: Option<String>,
    /// Product name of the line.
    pub product: Option<String>,
    /// Category of the line.
    pub category: Option<String>,
    /// Units (negative for refunds).
    pub quantity: i64,
    /// Line amount in minor units (negative for refunds; a customer's total spent).
    pub amount_minor: i64,
    /// ISO currency of `amount_minor`.
    pub currency: String,
    /// Shipping (or customer) country.
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
