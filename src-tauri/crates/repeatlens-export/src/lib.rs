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
#![warn(missing_docs)]

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
    /// The analysis was made without per-customer rows, so there is nobody to select.
    #[error(
        "the analysis has no per-customer rows: analyse with customers included \
         (params.include_customers)"
    )]
    NoCustomerRows,
    /// The spec exports overdue customers, but the analysis' overdue list was cut short.
    #[error(
        "the analysis lists {listed} of {total} overdue customer-item pairs: analyse with \
         params.overdue_list_limit of at least {total} to export the overdue customers"
    )]
    OverdueListTruncated {
        /// Overdue pairs the analysis lists.
        listed: u64,
        /// Overdue pairs in all.
        total: u64,
    },
    /// The spec filters by a product whose buyers the contacts do not hold.
    #[error("the buyers of '{0}' were not looked up: load the contacts with this spec")]
    ProductBuyersNotLoaded(String),
    /// The spec needs the models' predictions and none were given.
    #[error(
        "this list filters on or writes predicted churn risk or CLV, but no predictions were \
         given: open the Predictions screen (or run `predict`) for this store first"
    )]
    ForecastsNotLoaded,
    /// The last-order date range is empty.
    #[error("last order from {from} is after last order to {to}")]
    BadDateRange {
        /// The range's first day.
        from: String,
        /// The range's last day.
        to: String,
    },
    /// The coupon prefix is not 1–20 letters and digits (with single `-` or `_`).
    #[error(
        "coupon prefix '{0}': use 1–20 letters and digits, optionally split by single - or _ \
         (e.g. VIP or SPRING-24)"
    )]
    InvalidCouponPrefix(String),
    /// A `coupon_code` column was asked for without a coupon prefix.
    #[error("the coupon_code column needs a coupon prefix")]
    CouponColumnWithoutPrefix,
    /// The Shopify preset writes Shopify's template only; extra columns were asked for.
    #[error("the {0} preset writes Shopify's customer import template and takes no other columns")]
    ColumnsNotSupported(Preset),
    /// A segment, class, tier, stage, preset or column name that does not exist.
    #[error("unknown {kind} '{value}': expected one of {expected}")]
    UnknownName {
        /// What was being named (`segment`, `tier`, `column`, …).
        kind: &'static str,
        /// The name given.
        value: String,
        /// The accepted names, comma-separated.
        expected: String,
    },
    /// The operating system's random generator failed (coupon codes).
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
    /// The CSV file could not be written to its path.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file being written.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Writing the CSV to its destination failed.
    #[error("cannot write the CSV: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Reading contacts or buyers from the store failed.
    #[error(transparent)]
    Store(#[from] repeatlens_store::StoreError),
}

#[cfg(test)]
mod tests;
