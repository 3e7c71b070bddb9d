//! Records as the importers and connectors hand them to the store: platform ids instead of row
//! ids, money in integer minor units, times in UTC Unix seconds.

/// Which store a batch of records belongs to. Created on first use, matched by `name` after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSpec {
    pub platform: String,
    pub name: String,
    pub currency: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerRecord {
    /// The platform's customer id, or the normalized email where the source has no ids.
    pub platform_id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub country: Option<String>,
    pub accepts_marketing: Option<bool>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub total_spent_minor: Option<i64>,
    pub orders_count: Option<i64>,
    pub tags: Option<String>,
    pub raw: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderRecord {
    pub platform_id: String,
    pub name: Option<String>,
    /// `platform_id` of a customer written earlier in the same batch or already stored; `None` = guest.
    pub customer: Option<String>,
    pub email: Option<String>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub fulfilled_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub currency: String,
    pub subtotal_minor: i64,
    pub discount_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub refunded_minor: i64,
    pub status: Option<String>,
    pub financial_status: Option<String>,
    pub fulfillment_status: Option<String>,
    pub is_test: bool,
    pub ship_country: Option<String>,
    pub discount_codes: Option<String>,
    pub raw: Option<String>,
    pub lines: Vec<LineRecord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineRecord {
    pub product_id: Option<String>,
    pub variant_id: Option<String>,
    pub sku: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub quantity: i64,
    pub unit_price_micros: i64,
    pub line_total_minor: i64,
    pub discount_minor: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefundRecord {
    pub platform_id: String,
    /// `platform_id` of the order it gives money back for, when known.
    pub order: Option<String>,
    pub customer: Option<String>,
    /// `refund` (money only) or `return` (goods came back).
    pub kind: String,
    pub created_at: i64,
    pub currency: String,
    /// Positive: the money given back.
    pub amount_minor: i64,
    pub reason: Option<String>,
    pub raw: Option<String>,
    pub lines: Vec<RefundLineRecord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefundLineRecord {
    pub sku: Option<String>,
    pub title: Option<String>,
    /// Positive: units that came back.
    pub quantity: i64,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductRecord {
    pub platform_id: String,
    pub sku: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub vendor: Option<String>,
}

/// One row of import history, written in the same transaction as the records it describes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportLog {
    pub file_name: String,
    pub file_size: i64,
    pub preset: String,
    pub encoding: String,
    pub started_at: i64,
    pub finished_at: i64,
    pub rows_read: i64,
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
