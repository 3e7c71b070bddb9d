//! Records as the importers and connectors hand them to the store: platform ids instead of row
//! ids, money in integer minor units, times in UTC Unix seconds.

/// Which store a batch of records belongs to. Created on first use, matched by `name` after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSpec {
    /// Where the data comes from: `shopify`, `woocommerce`, `ebay`, `etsy`, `amazon`, `file` or
    /// `sample`.
    pub platform: String,
    /// The seller's name for the store, unique in the database: the key a batch is matched by.
    pub name: String,
    /// ISO 4217 code of the store's own currency.
    pub currency: String,
    /// IANA timezone (e.g. `Europe/London`): where the store's days begin, how times are shown.
    pub timezone: String,
}

/// A customer as a file or the API describes it. May be partial: `None` fields keep what is
/// stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerRecord {
    /// The platform's customer id, or the normalized email where the source has no ids.
    pub platform_id: String,
    /// As given; its normalized form is the cross-store identity key.
    pub email: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Phone number, as given.
    pub phone: Option<String>,
    /// Country, as the source gives it (code or name).
    pub country: Option<String>,
    /// Consent to marketing e-mail; `None` = unknown.
    pub accepts_marketing: Option<bool>,
    /// When the platform created the customer, UTC Unix seconds.
    pub created_at: Option<i64>,
    /// When the platform last changed the customer, UTC Unix seconds: the newer version wins.
    pub updated_at: Option<i64>,
    /// Lifetime spend as the platform reports it, in minor units (not used by the analysis).
    pub total_spent_minor: Option<i64>,
    /// Order count as the platform reports it (not used by the analysis).
    pub orders_count: Option<i64>,
    /// The platform's customer tags, as given (Shopify: comma-separated).
    pub tags: Option<String>,
    /// Raw payload (JSON) of a synced record, kept in `raw_payloads` and never compared.
    pub raw: Option<String>,
}

/// An order with its lines, as a file or the API describes it: always the whole order, which
/// replaces the stored one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderRecord {
    /// The platform's order id; a CSV and the API must use the same one.
    pub platform_id: String,
    /// What the seller calls it (`#1001`).
    pub name: Option<String>,
    /// `platform_id` of a customer written earlier in the same batch or already stored; `None` = guest.
    pub customer: Option<String>,
    /// The buyer's e-mail on the order, as given.
    pub email: Option<String>,
    /// When it was placed, UTC Unix seconds.
    pub created_at: i64,
    /// When the platform last changed it, UTC Unix seconds: the newer version wins.
    pub updated_at: Option<i64>,
    /// When it was cancelled, UTC Unix seconds; a cancelled order is not a purchase.
    pub cancelled_at: Option<i64>,
    /// When it was shipped, UTC Unix seconds.
    pub fulfilled_at: Option<i64>,
    /// When it arrived, UTC Unix seconds.
    pub delivered_at: Option<i64>,
    /// ISO 4217 code of every amount of the order and its lines.
    pub currency: String,
    /// The lines' amount before shipping and tax, as the source reports it, in minor units.
    pub subtotal_minor: i64,
    /// Discounts, positive, in minor units.
    pub discount_minor: i64,
    /// Shipping charged, in minor units.
    pub shipping_minor: i64,
    /// Tax, in minor units.
    pub tax_minor: i64,
    /// What the buyer paid, before refunds, in minor units.
    pub total_minor: i64,
    /// Refunded as the order reports it (a CSV's only refund figure), in minor units.
    pub refunded_minor: i64,
    /// The platform's order status, as given.
    pub status: Option<String>,
    /// The platform's payment status (`paid`, `refunded`, …), as given.
    pub financial_status: Option<String>,
    /// The platform's shipping status, as given.
    pub fulfillment_status: Option<String>,
    /// A platform test order: stored, but not a purchase.
    pub is_test: bool,
    /// Shipping country, as the source gives it (code or name).
    pub ship_country: Option<String>,
    /// Discount codes used, comma-separated.
    pub discount_codes: Option<String>,
    /// Raw payload (JSON) of a synced record, kept in `raw_payloads` and never compared.
    pub raw: Option<String>,
    /// The order's lines, in source order (their position is their key).
    pub lines: Vec<LineRecord>,
}

/// One line of an [`OrderRecord`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineRecord {
    /// The platform's product id.
    pub product_id: Option<String>,
    /// The platform's variant id.
    pub variant_id: Option<String>,
    /// The product code the repurchase and basket analyses group by.
    pub sku: Option<String>,
    /// Product name, as on the order.
    pub title: Option<String>,
    /// Category or product type.
    pub category: Option<String>,
    /// Units bought.
    pub quantity: i64,
    /// Price of one unit in millionths of the currency's major unit (real data has sub-minor
    /// prices).
    pub unit_price_micros: i64,
    /// Quantity × unit price in minor units, rounded half away from zero.
    pub line_total_minor: i64,
    /// The line's discount, in minor units.
    pub discount_minor: i64,
}

/// Money given back to a buyer, as a file or the API describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefundRecord {
    /// The platform's refund id (a CSV: one derived from the order's).
    pub platform_id: String,
    /// `platform_id` of the order it gives money back for, when known.
    pub order: Option<String>,
    /// `platform_id` of the customer, when known; `None` = guest.
    pub customer: Option<String>,
    /// `refund` (money only) or `return` (goods came back).
    pub kind: String,
    /// When it was made, UTC Unix seconds.
    pub created_at: i64,
    /// ISO 4217 code of the amounts.
    pub currency: String,
    /// Positive: the money given back.
    pub amount_minor: i64,
    /// Why, as the seller or platform put it.
    pub reason: Option<String>,
    /// Raw payload (JSON) of a synced record, kept in `raw_payloads` and never compared.
    pub raw: Option<String>,
    /// What came back, line by line.
    pub lines: Vec<RefundLineRecord>,
}

/// One line of a [`RefundRecord`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefundLineRecord {
    /// Product code of the units.
    pub sku: Option<String>,
    /// Product name.
    pub title: Option<String>,
    /// Positive: units that came back.
    pub quantity: i64,
    /// Positive: the money given back for them, in minor units.
    pub amount_minor: i64,
}

/// A product (reference data: lines carry their own SKU and category). `None` fields keep
/// what is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductRecord {
    /// The platform's product id, or the SKU where the source has no ids.
    pub platform_id: String,
    /// Product code.
    pub sku: Option<String>,
    /// Product name.
    pub title: Option<String>,
    /// Category or product type.
    pub category: Option<String>,
    /// Brand or maker.
    pub vendor: Option<String>,
}

/// One row of import history, written in the same transaction as the records it describes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportLog {
    /// The imported file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: i64,
    /// The layout it was read as (which export of which platform).
    pub preset: String,
    /// The text encoding it was decoded from.
    pub encoding: String,
    /// When the import began, UTC Unix seconds.
    pub started_at: i64,
    /// When it ended, UTC Unix seconds.
    pub finished_at: i64,
    /// Data rows read from the file.
    pub rows_read: i64,
    /// Rows left out as unreadable (`--skip-bad-rows`).
    pub skipped_rows: i64,
    /// JSON list of skipped lines and why.
    pub skipped_detail: Option<String>,
}

/// Where a record came from. Decides which of two versions of the same record wins: see the
/// crate docs ("Synced data") and [`crate::Writer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A file import (CSV/TSV export): [`crate::Store::write`].
    File,
    /// A platform API sync: [`crate::Store::write_store`] with `Source::Api`.
    Api,
}

impl Source {
    /// `file` or `api`, as stored in the `source` columns.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::File => "file",
            Source::Api => "api",
        }
    }

    pub(crate) fn parse(s: &str) -> Source {
        if s == "api" {
            Source::Api
        } else {
            Source::File
        }
    }
}

/// The identity key used to merge customers across stores: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    if e.is_empty() || !e.contains('@') {
        None
    } else {
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_normalize_to_trimmed_lower_case() {
        assert_eq!(
            normalize_email("  Ann@Example.COM "),
            Some("ann@example.com".into())
        );
        assert_eq!(normalize_email("   "), None);
        assert_eq!(normalize_email("not-an-email"), None);
    }
}
