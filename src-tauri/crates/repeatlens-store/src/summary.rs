//! Read-only summaries: the store list with counts, and the per-store figures of `stats`.
//! Tombstoned orders and customers, and refunds of tombstoned orders, are not counted (as in
//! the analysis scans of `rows.rs`).

use chrono::TimeZone;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Result, Store, StoreError};

/// A store's refunds `r` but those of tombstoned orders (`o`: the order, if any).
const LIVE_REFUNDS: &str = "FROM refunds r LEFT JOIN orders o ON o.id = r.order_id \
     WHERE r.store_id = ?1 AND o.deleted_at IS NULL";

/// One line of `stores`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoreSummary {
    /// Row id, the `store_id` every other call takes.
    pub id: i64,
    /// The seller's name for the store, unique in the database.
    pub name: String,
    /// Where the data comes from (`shopify`, `woocommerce`, …, `file`, `sample`).
    pub platform: String,
    /// ISO 4217 code of the store's own currency.
    pub currency: String,
    /// IANA timezone of the store's days.
    pub timezone: String,
    /// Customers, tombstoned ones left out.
    pub customers: i64,
    /// Orders, cancelled and test orders included, tombstoned ones left out.
    pub orders: i64,
    /// Refunds and returns, those of tombstoned orders left out.
    pub returns: i64,
    /// Lines of those orders.
    pub order_lines: i64,
    /// Store-local `YYYY-MM-DD HH:MM`.
    pub first_order: Option<String>,
    /// Store-local `YYYY-MM-DD HH:MM` of the newest order.
    pub last_order: Option<String>,
    /// Σ order totals of orders that are neither cancelled nor test orders, minus the refunds and
    /// returns not belonging to such excluded orders, in the store currency's minor units (orders
    /// in other currencies are not converted here: that is the analysis' job).
    pub revenue_minor: i64,
}

/// A store's identity and settings, without counting anything (cheap at any size).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoreInfo {
    /// Row id, the `store_id` every other call takes.
    pub id: i64,
    /// The seller's name for the store, unique in the database.
    pub name: String,
    /// Where the data comes from (`shopify`, `woocommerce`, …, `file`, `sample`).
    pub platform: String,
    /// ISO 4217 code of the store's own currency.
    pub currency: String,
    /// IANA timezone of the store's days.
    pub timezone: String,
    /// Customers, tombstoned ones left out (from the index: cheap).
    pub customers: i64,
    /// Orders, tombstoned ones left out (from the index: cheap).
    pub orders: i64,
}

/// The figures of `stats`: plain counts straight from the stored rows, no analysis.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoreStats {
    /// The store's line of the store list.
    pub store: StoreSummary,
    /// Orders + returns: what a file calls invoices.
    pub invoices: i64,
    /// Orders, cancelled and test orders included ([`StoreSummary::orders`]).
    pub orders: i64,
    /// Refunds and returns ([`StoreSummary::returns`]).
    pub returns: i64,
    /// Of the orders, those cancelled.
    pub cancelled_orders: i64,
    /// Of the orders, those without a customer.
    pub guest_orders: i64,
    /// Of the refunds and returns, those without a customer.
    pub guest_returns: i64,
    /// Customers, tombstoned ones left out.
    pub customers: i64,
    /// Customers with at least one line of positive quantity and price on a non-cancelled order.
    pub customers_with_purchase: i64,
    /// Distinct countries over orders, returns' customers and customer records.
    pub countries: i64,
    /// Lines of the orders.
    pub order_lines: i64,
    /// Product records (reference data from a products file or the API).
    pub products: i64,
    /// Σ quantity × unit price over non-cancelled lines with positive quantity and price, of
    /// orders that have a customer.
    pub gross_purchase_revenue_customers_minor: i64,
    /// The same over all orders, guests included.
    pub gross_purchase_revenue_all_minor: i64,
    /// Σ refunds and returns.
    pub refunded_minor: i64,
    /// Store-local `YYYY-MM-DD HH:MM` of the oldest order.
    pub first_order: Option<String>,
    /// Store-local `YYYY-MM-DD HH:MM` of the newest order.
    pub last_order: Option<String>,
    /// The store's currency (ISO 4217); the sums add stored amounts as they are, unconverted.
    pub currency: String,
}

impl Store {
    /// All stores with their counts, by name.
    pub fn stores(&self) -> Result<Vec<StoreSummary>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM stores ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.summary(id)).collect()
    }

    /// The id of the store called `name`.
    pub fn store_id(&self, name: &str) -> Result<i64> {
        self.conn
            .query_row("SELECT id FROM stores WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NoSuchStore(name.to_string()))
    }

    /// Every store's identity and settings, by name (no line counts: cheap at any size).
    pub fn store_infos(&self) -> Result<Vec<StoreInfo>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM stores ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.store_info(id)).collect()
    }

    /// A store's currency (cheap: no counting).
    pub fn store_currency(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT currency FROM stores WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// One store's identity and settings, with its customer and order counts (index counts).
    pub fn store_info(&self, id: i64) -> Result<StoreInfo> {
        let (name, platform, currency, timezone): (String, String, String, String) =
            self.conn.query_row(
                "SELECT name, platform, currency, timezone FROM stores WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        let count =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [id], |r| r.get(0))?) };
        Ok(StoreInfo {
            id,
            name,
            platform,
            currency,
            timezone,
            // Both counts read indexes only.
            customers: count(
                "SELECT (SELECT count(*) FROM customers WHERE store_id = ?1) - \
                 (SELECT count(*) FROM customers WHERE store_id = ?1 AND deleted_at IS NOT NULL)",
            )?,
            orders: count(
                "SELECT count(*) FROM orders WHERE store_id = ?1 AND deleted_at IS NULL",
            )?,
        })
    }

    /// The store called `name`, if there is one.
    pub fn find_store(&self, name: &str) -> Result<Option<StoreSummary>> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM stores WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        id.map(|id| self.summary(id)).transpose()
    }

    /// One store's line of [`Store::stores`], with its counts and revenue.
    pub fn summary(&self, id: i64) -> Result<StoreSummary> {
        let StoreInfo {
            name,
            platform,
            currency,
            timezone,
            customers,
            orders,
            ..
        } = self.store_info(id)?;
        let one = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [id], |r| r.get(0))?) };
        let returns = one(&format!("SELECT count(*) {LIVE_REFUNDS}"))?;
        let order_lines = one(
            "SELECT count(*) FROM order_lines JOIN orders ON orders.id = order_lines.order_id \
             WHERE orders.store_id = ?1 AND orders.deleted_at IS NULL",
        )?;
        let (first, last): (Option<i64>, Option<i64>) = self.conn.query_row(
            "SELECT min(created_at), max(created_at) FROM orders WHERE store_id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let sales = one(
            "SELECT coalesce(sum(total_minor), 0) FROM orders WHERE store_id = ?1 \
             AND cancelled_at IS NULL AND is_test = 0 AND deleted_at IS NULL AND currency = (SELECT currency FROM stores WHERE id = ?1)",
        )?;
        let refunds = one(
            "SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r LEFT JOIN orders o ON o.id = r.order_id \
             WHERE r.store_id = ?1 AND r.currency = (SELECT currency FROM stores WHERE id = ?1) \
             AND (o.id IS NULL OR (o.cancelled_at IS NULL AND o.is_test = 0 AND o.deleted_at IS NULL))",
        )?;
        Ok(StoreSummary {
            id,
            first_order: first.map(|t| local_minute(t, &timezone)),
            last_order: last.map(|t| local_minute(t, &timezone)),
            name,
            platform,
            currency,
            timezone,
            customers,
            orders,
            returns,
            order_lines,
            revenue_minor: sales - refunds,
        })
    }

    /// The figures of `repeatlens-cli stats`.
    pub fn stats(&self, id: i64) -> Result<StoreStats> {
        let store = self.summary(id)?;
        let one =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, params![id], |r| r.get(0))?) };
        let positive_lines = "FROM order_lines l JOIN orders o ON o.id = l.order_id \
             WHERE o.store_id = ?1 AND o.cancelled_at IS NULL AND o.deleted_at IS NULL \
             AND l.quantity > 0 AND l.unit_price_micros > 0";
        Ok(StoreStats {
            invoices: store.orders + store.returns,
            orders: store.orders,
            returns: store.returns,
            cancelled_orders: one(
                "SELECT count(*) FROM orders WHERE store_id = ?1 AND cancelled_at IS NOT NULL \
                 AND deleted_at IS NULL",
            )?,
            guest_orders: one(
                "SELECT count(*) FROM orders WHERE store_id = ?1 AND customer_id IS NULL \
                 AND deleted_at IS NULL",
            )?,
            guest_returns: one(&format!(
                "SELECT count(*) {LIVE_REFUNDS} AND r.customer_id IS NULL"
            ))?,
            customers: store.customers,
            customers_with_purchase: one(&format!(
                "SELECT count(DISTINCT o.customer_id) {positive_lines}"
            ))?,
            countries: one(
                "SELECT count(*) FROM (SELECT ship_country c FROM orders WHERE store_id = ?1 \
                 AND deleted_at IS NULL UNION SELECT country FROM customers WHERE store_id = ?1 \
                 AND deleted_at IS NULL) WHERE c IS NOT NULL AND c <> ''",
            )?,
            order_lines: store.order_lines,
            products: one("SELECT count(*) FROM products WHERE store_id = ?1")?,
            gross_purchase_revenue_customers_minor: one(&format!(
                "SELECT coalesce(sum(l.line_total_minor), 0) {positive_lines} AND o.customer_id IS NOT NULL"
            ))?,
            gross_purchase_revenue_all_minor: one(&format!(
                "SELECT coalesce(sum(l.line_total_minor), 0) {positive_lines}"
            ))?,
            refunded_minor: one(&format!(
                "SELECT coalesce(sum(r.amount_minor), 0) {LIVE_REFUNDS}"
            ))?,
            first_order: store.first_order.clone(),
            last_order: store.last_order.clone(),
            currency: store.currency.clone(),
            store,
        })
    }
}

/// `YYYY-MM-DD HH:MM` in the store's timezone (UTC if the zone name is unknown).
pub fn local_minute(t: i64, timezone: &str) -> String {
    let utc = chrono::Utc.timestamp_opt(t, 0).single().unwrap_or_default();
    match timezone.parse::<chrono_tz::Tz>() {
        Ok(tz) => utc.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => utc.format("%Y-%m-%d %H:%M").to_string(),
    }
}
