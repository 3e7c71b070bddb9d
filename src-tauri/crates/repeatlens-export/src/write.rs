//! The CSV file: each preset's headers, every cell protected against formula injection, the
//! optional byte-order mark, coupon codes, and an all-or-nothing write to a path.

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::Path;

use repeatlens_models::ChurnBand;
use serde::Serialize;

use crate::{
    Column, CouponCodes, Encoding, ExportError, ExportSpec, Preset, SelectedRow, Selection,
};

/// The UTF-8 byte-order mark Excel looks for.
pub const UTF8_BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// Shopify's customer CSV import template (Shopify admin → Customers → Import → "Download a
/// sample CSV template"), in its order. Headers are case-sensitive for Shopify.
pub const SHOPIFY_HEADERS: [&str; 17] = [
    "First Name",
    "Last Name",
    "Email",
    "Accepts Email Marketing",
    "Default Address Company",
    "Default Address Address1",
    "Default Address Address2",
    "Default Address City",
    "Default Address Province Code",
    "Default Address Country Code",
    "Default Address Zip",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Tags",
    "Note",
    "Tax Exempt",
];

/// Klaviyo's profile property names for a list import; the first column is the email.
pub const KLAVIYO_HEADERS: [&str; 5] = [
    "Email",
    "First Name",
    "Last Name",
    "Phone Number",
    "Country",
];

/// Mailchimp's audience import: "Email Address" is its one required column; the names map to
/// the default merge fields FNAME/LNAME, and "Tags" to tags (comma-separated in the cell).
pub const MAILCHIMP_HEADERS: [&str; 4] = ["Email Address", "First Name", "Last Name", "Tags"];

/// What fills a column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Col(Column),
    /// The country as an ISO 3166-1 alpha-2 code, or empty when the stored country is not one.
    CountryCode,
    /// `Coupon: CODE` (Shopify's template has no coupon column; Note is its free-text field).
    CouponNote,
    /// A template column we have nothing for.
    Blank,
}

/// Headers and what fills each column.
struct Layout {
    headers: Vec<String>,
    fields: Vec<Field>,
}

fn layout(spec: &ExportSpec) -> Result<Layout, ExportError> {
    let coupons = spec.coupon_prefix.is_some();
    if spec.columns.contains(&Column::CouponCode) && !coupons {
        return Err(ExportError::CouponColumnWithoutPrefix);
    }
    let mut chosen: Vec<Column> = Vec::new();
    for c in &spec.columns {
        if !chosen.contains(c) {
            chosen.push(*c);
        }
    }
    let mut cols: Vec<(String, Field)> = Vec::new();
    let base = |headers: &[&str], fields: &[Field]| -> Vec<(String, Field)> {
        headers
            .iter()
            .zip(fields)
            .map(|(h, f)| (h.to_string(), *f))
            .collect()
    };
    match spec.preset {
        Preset::Generic => {
            if chosen.is_empty() {
                chosen = Column::GENERIC_DEFAULT.to_vec();
            }
        }
        Preset::ShopifyCustomerImport => {
            if !chosen.is_empty() {
                return Err(ExportError::ColumnsNotSupported(spec.preset));
            }
            use Field::*;
            cols = base(
                &SHOPIFY_HEADERS,
                &[
                    Col(Column::FirstName),
                    Col(Column::LastName),
                    Col(Column::Email),
                    Col(Column::AcceptsMarketing),
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                    CountryCode,
                    Blank,
                    Blank,
                    Col(Column::Phone),
                    Blank,
                    Col(Column::Tags),
                    if coupons { CouponNote } else { Blank },
                    Blank,
                ],
            );
        }
        Preset::Klaviyo => {
            cols = base(
                &KLAVIYO_HEADERS,
                &[
                    Field::Col(Column::Email),
                    Field::Col(Column::FirstName),
                    Field::Col(Column::LastName),
                    Field::Col(Column::Phone),
                    Field::Col(Column::Country),
                ],
            );
        }
        Preset::Mailchimp => {
            cols = base(
                &MAILCHIMP_HEADERS,
                &[
                    Field::Col(Column::Email),
                    Field::Col(Column::FirstName),
                    Field::Col(Column::LastName),
                    Field::Col(Column::Tags),
                ],
            );
        }
    }
    if spec.preset != Preset::ShopifyCustomerImport {
        if coupons && !chosen.contains(&Column::CouponCode) {
            chosen.push(Column::CouponCode);
        }
        for c in chosen {
            if !cols.iter().any(|(_, f)| *f == Field::Col(c)) {
                cols.push((c.header().to_string(), Field::Col(c)));
            }
        }
    }
    let (headers, fields) = cols.into_iter().unzip();
    Ok(Layout { headers, fields })
}

/// The header row `write_csv` writes for this spec.
pub fn header(spec: &ExportSpec) -> Result<Vec<String>, ExportError> {
    Ok(layout(spec)?.headers)
}

/// Formula-injection protection (OWASP "CSV Injection"): a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is prefixed with a single quote, so Excel, LibreOffice and
/// Google Sheets show it as text instead of evaluating it. Other cells are returned unchanged.
pub fn protect_cell(cell: &str) -> Cow<'_, str> {
    if needs_protection(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn needs_protection(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// An international phone number such as `+44 20 7946 0958` or `+1 (555) 010-0199`: a `+`,
/// then digits and only the separators ` ()-./`. From those characters no function call, cell
/// reference or link can be formed, so the cell is safe without the quote.
fn is_plain_phone(cell: &str) -> bool {
    match cell.strip_prefix('+') {
        Some(rest) => {
            rest.bytes().any(|b| b.is_ascii_digit())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b" ()-./".contains(&b))
        }
        None => false,
    }
}

fn text(v: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(v.as_deref().unwrap_or(""))
}

/// Money as a plain decimal with two places (`-0.00` written as `0.00`).
fn money(v: f64) -> String {
    let s = format!("{v:.2}");
    if s == "-0.00" {
        "0.00".to_string()
    } else {
        s
    }
}

fn value<'r>(
    field: Field,
    row: &'r SelectedRow,
    currency: &'r str,
    coupon: Option<&'r str>,
) -> Cow<'r, str> {
    let label = |v: Option<&'static str>| Cow::Borrowed(v.unwrap_or(""));
    match field {
        Field::Blank => Cow::Borrowed(""),
        Field::CouponNote => {
            coupon.map_or(Cow::Borrowed(""), |c| Cow::Owned(format!("Coupon: {c}")))
        }
        Field::CountryCode => match row.country.as_deref().map(str::trim) {
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Cow::Owned(c.to_ascii_uppercase())
            }
            _ => Cow::Borrowed(""),
        },
        Field::Col(c) => match c {
            Column::CustomerId => Cow::Borrowed(row.customer.as_str()),
            Column::Email => text(&row.email),
            Column::FirstName => text(&row.first_name),
            Column::LastName => text(&row.last_name),
            Column::Phone => text(&row.phone),
            Column::Country => text(&row.country),
            Column::AcceptsMarketing => {
                label(row.accepts_marketing.map(|a| if a { "yes" } else { "no" }))
            }
            Column::Tags => text(&row.tags),
            Column::Segment => label(row.segment.map(|s| s.name())),
            Column::Class8 => label(row.class8.map(|s| s.name())),
            Column::Tier => label(row.tier.map(|s| s.name())),
            Column::Lifecycle => Cow::Borrowed(row.lifecycle.name()),
            Column::Purchases => Cow::Owned(row.purchases.to_string()),
            Column::NetRevenue => Cow::Owned(money(row.net_revenue)),
            Column::Currency => Cow::Borrowed(currency),
            Column::FirstPurchase => text(&row.first_purchase),
            Column::LastPurchase => text(&row.last_purchase),
            Column::RecencyDays => {
                Cow::Owned(row.recency_days.map(|d| d.to_string()).unwrap_or_default())
            }
            Column::CouponCode => Cow::Borrowed(coupon.unwrap_or("")),
            Column::ChurnRisk => Cow::Owned(
                row.forecast
                    .as_ref()
                    .and_then(|f| f.churn_risk)
                    .map_or_else(String::new, |r| format!("{r:.3}")),
            ),
            Column::ChurnBand => {
                Cow::Borrowed(match row.forecast.as_ref().and_then(|f| f.churn_band) {
                    Some(ChurnBand::Low) => "low",
                    Some(ChurnBand::Medium) => "medium",
                    Some(ChurnBand::High) => "high",
                    None => "",
                })
            }
            Column::Clv => Cow::Owned(
                row.forecast
                    .as_ref()
                    .and_then(|f| f.clv)
                    .map_or_else(String::new, money),
            ),
            Column::NextPurchase => Cow::Owned(
                row.forecast
                    .as_ref()
                    .and_then(|f| f.next_purchase.clone())
                    .unwrap_or_default(),
            ),
        },
    }
}

/// What [`write_csv`] wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteSummary {
    /// Data rows (the header not counted).
    pub rows: u64,
    /// The header row written.
    pub header: Vec<String>,
    /// Coupon codes issued (one per row when coupons are on, else 0).
    pub coupon_codes: u64,
}

/// Writes the selection as CSV in the spec's layout and encoding.
///
/// Every cell, headers included, goes through [`protect_cell`] — our own numbers too: a
/// negative net revenue is written `'-12.50`, which spreadsheets show as text. One narrow
/// exception: in the platform presets (Shopify, Klaviyo, Mailchimp) a phone cell that is a plain
/// international number (`+` then digits and ` ()-./`) is written as is, because those importers
/// need the leading `+` (E.164) and no formula can be built from those characters.
pub fn write_csv<W: Write>(
    selection: &Selection,
    spec: &ExportSpec,
    mut out: W,
) -> Result<WriteSummary, ExportError> {
    let layout = layout(spec)?;
    let mut codes = spec
        .coupon_prefix
        .as_deref()
        .map(CouponCodes::new)
        .transpose()?;
    if spec.encoding == Encoding::Utf8Bom {
        out.write_all(UTF8_BOM)?;
    }
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let header: Vec<Cow<'_, str>> = layout.headers.iter().map(|h| protect_cell(h)).collect();
    w.write_record(header.iter().map(|h| h.as_bytes()))?;
    let phone_verbatim = spec.preset != Preset::Generic;
    for row in &selection.rows {
        let code = codes.as_mut().map(CouponCodes::next_code).transpose()?;
        let cells = layout.fields.iter().map(|&field| {
            let v = value(field, row, &selection.currency, code.as_deref());
            let plain_phone =
                phone_verbatim && field == Field::Col(Column::Phone) && is_plain_phone(&v);
            if !plain_phone && needs_protection(&v) {
                Cow::Owned(format!("'{v}"))
            } else {
                v
            }
        });
        w.write_record(cells.collect::<Vec<_>>().iter().map(|c| c.as_bytes()))?;
    }
    w.flush()?;
    Ok(WriteSummary {
        rows: selection.rows.len() as u64,
        header: layout.headers,
        coupon_codes: codes.map_or(0, |c| c.issued() as u64),
    })
}

/// Writes the CSV to `path` all at once: into a temporary file in the same folder, flushed to
/// disk, then renamed over `path`. A failure at any point leaves no half-written file (an
/// existing file at `path` stays as it was) and removes the temporary file. The file is
/// readable by its owner only (it holds customers' personal data).
pub fn write_csv_file(
    selection: &Selection,
    spec: &ExportSpec,
    path: &Path,
) -> Result<WriteSummary, ExportError> {
    let failed = |source: std::io::Error| ExportError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".repeatlens-export-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(failed)?;
    let summary = {
        let mut buf = BufWriter::new(tmp.as_file_mut());
        let summary = write_csv(selection, spec, &mut buf)?;
        buf.flush().map_err(failed)?;
        summary
    };
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(summary)
}
