//! Coupon target lists: "whom do I send a coupon to?" answered as a CSV the seller can import
//! into Shopify, Klaviyo or Mailchimp, or open in Excel.
//!
//! Why a crate of its own: this is the one place where customers' personal data leaves the
//! machine, so the rules for it live here once, for the app and the CLI alike:
//! - **consent**: only customers who opted in to marketing are exported unless the seller says
//!   otherwise; opted out and *unknown* consent (a `NULL` in the store, e.g. a file without a
//!   consent column) both count as no consent, and everyone left out is counted;
//! - **importable**: the Shopify, Klaviyo and Mailchimp presets write the headers those
//!   importers recognise, and leave out (and count) customers without the email they require;
//! - **safe to open**: every cell is protected against CSV formula injection ([`protect_cell`];
//!   the one exception, plain `+` phone numbers for the importers, is argued at [`write_csv`]);
//! - **all or nothing**: [`write_csv_file`] writes a temporary file and renames it, so a failed
//!   export never leaves half a file;
//! - **unguessable coupons**: optional per-row codes from the OS random generator, unique
//!   within the file ([`CouponCodes`]).
//!
//! The flow: analyse with `params.include_customers` (labels per customer), [`load_contacts`]
//! (contact fields and product buyers from the store), [`select`] (filters; a preview is its
//! count and first rows), then [`write_csv`] or [`write_csv_file`]. No SQL here: the store's
//! scans do the reading.

mod contacts;
mod coupon;
mod select;
mod spec;
mod write;

pub use contacts::{load_contacts, Contact, Contacts};
pub use coupon::{CouponCodes, COUPON_ALPHABET, COUPON_PREFIX_MAX, COUPON_RANDOM_LEN};
pub use select::{select, Forecasts, SelectedRow, Selection};
pub use spec::{
    parse_class8, parse_columns, parse_lifecycle, parse_segment, parse_tier, Column, Encoding,
    ExportSpec, ItemRef, ItemRefLevel, Preset,
};
pub use write::{
    header, protect_cell, write_csv, write_csv_file, WriteSummary, KLAVIYO_HEADERS,
    MAILCHIMP_HEADERS, SHOPIFY_HEADERS, UTF8_BOM,
};

/// Everything that can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "the analysis has no per-customer rows: analyse with customers included \
         (params.include_customers)"
    )]
    NoCustomerRows,
    #[error(
        "the analysis lists {listed} of {total} overdue customer-item pairs: analyse with \
         params.overdue_list_limit of at least {total} to export the overdue customers"
    )]
    OverdueListTruncated { listed: u64, total: u64 },
    #[error("the buyers of '{0}' were not looked up: load the contacts with this spec")]
    ProductBuyersNotLoaded(String),
    #[error(
        "this list filters on or writes predicted churn risk or CLV, but no predictions were \
         given: open the Predictions screen (or run `predict`) for this store first"
    )]
    ForecastsNotLoaded,
    #[error("last order from {from} is after last order to {to}")]
    BadDateRange { from: String, to: String },
    #[error(
        "coupon prefix '{0}': use 1–20 letters and digits, optionally split by single - or _ \
         (e.g. VIP or SPRING-24)"
    )]
    InvalidCouponPrefix(String),
    #[error("the coupon_code column needs a coupon prefix")]
    CouponColumnWithoutPrefix,
    #[error("the {0} preset writes Shopify's customer import template and takes no other columns")]
    ColumnsNotSupported(Preset),
    #[error("unknown {kind} '{value}': expected one of {expected}")]
    UnknownName {
        kind: &'static str,
        value: String,
        expected: String,
    },
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the CSV: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Store(#[from] repeatlens_store::StoreError),
}

#[cfg(test)]
mod tests;
