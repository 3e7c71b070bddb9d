//! One customer, whole: identity, every order with its lines, refunds and segment history —
//! the customer 360 page. Read on demand for one customer (indexed lookups), never for all.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Result, Store, StoreError};

/// One line of a [`ProfileOrder`].
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileLine {
    /// Product code.
    pub sku: Option<String>,
    /// Product name.
    pub title: Option<String>,
    /// Category or product type.
    pub category: Option<String>,
    /// Units bought.
    pub quantity: i64,
    /// Quantity × unit price, in minor units of the order's currency.
    pub line_total_minor: i64,
}

/// One of the customer's orders, with its lines (cancelled and test orders included, flagged).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileOrder {
    /// The platform's order id.
    pub platform_id: String,
    /// What the seller calls it (`#1001`).
    pub name: Option<String>,
    /// When it was placed, UTC Unix seconds.
    pub created_at: i64,
    /// It was cancelled: not a purchase.
    pub cancelled: bool,
    /// A platform test order: not a purchase.
    pub is_test: bool,
    /// When it was shipped, UTC Unix seconds.
    pub fulfilled_at: Option<i64>,
    /// When it arrived, UTC Unix seconds.
    pub delivered_at: Option<i64>,
    /// ISO 4217 code of its amounts.
    pub currency: String,
    /// What the buyer paid, before refunds, in minor units.
    pub total_minor: i64,
    /// Discount codes used, comma-separated.
    pub discount_codes: Option<String>,
    /// In source order.
    pub lines: Vec<ProfileLine>,
}

/// Money given back to the customer, on their orders or to them directly.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileRefund {
    /// The platform's refund id.
    pub platform_id: String,
    /// `refund` (money only) or `return` (goods came back).
    pub kind: String,
    /// When it was made, UTC Unix seconds.
    pub created_at: i64,
    /// ISO 4217 code of the amount.
    pub currency: String,
    /// Positive: the money given back, in minor units.
    pub amount_minor: i64,
    /// Platform id of the order it was for, when known.
    pub order: Option<String>,
}

/// The customer's labels in one stored segment snapshot.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileSnapshot {
    /// The snapshot's analysis date, YYYY-MM-DD.
    pub as_of: String,
    /// Classic R×F segment name; `None` for prospects.
    pub rf_segment: Option<String>,
    /// Chinese 8-class RFM segment name; `None` for prospects.
    pub cn_segment: Option<String>,
    /// Value tier (`top`, `middle`, `bottom`); `None` for prospects.
    pub tier: Option<String>,
    /// Lifecycle stage (`prospect`, `new`, `active`, `dormant`, `churned`).
    pub lifecycle: String,
}

/// Everything stored about one customer: the customer 360 page.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerProfile {
    /// The platform's customer id (or the normalized email where the source has no ids).
    pub platform_id: String,
    /// E-mail, as stored.
    pub email: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Phone number, as stored.
    pub phone: Option<String>,
    /// Country, as the source gave it.
    pub country: Option<String>,
    /// `Some(true)` opted in, `Some(false)` opted out, `None` unknown.
    pub accepts_marketing: Option<bool>,
    /// As the platform gave them (Shopify: comma-separated).
    pub tags: Option<String>,
    /// Newest first.
    pub orders: Vec<ProfileOrder>,
    /// Newest first.
    pub refunds: Vec<ProfileRefund>,
    /// Oldest first.
    pub history: Vec<ProfileSnapshot>,
}

impl Store {
    /// The customer `platform_id` of a store with everything stored about them.
    pub fn customer_profile(&self, store_id: i64, platform_id: &str) -> Result<CustomerProfile> {
        let found = self
            .conn
            .query_row(
                "SELECT id, email, first_name, last_name, phone, country, accepts_marketing, tags \
                 FROM customers WHERE store_id = ?1 AND platform_id = ?2",
                params![store_id, platform_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        CustomerProfile {
                            platform_id: platform_id.to_string(),
                            email: r.get(1)?,
                            first_name: r.get(2)?,
                            last_name: r.get(3)?,
                            phone: r.get(4)?,
                            country: r.get(5)?,
                            accepts_marketing: r.get::<_, Option<i64>>(6)?.map(|v| v != 0),
                            tags: r.get(7)?,
                            orders: Vec::new(),
                            refunds: Vec::new(),
                            history: Vec::new(),
                        },
                    ))
                },
            )
            .optional()?;
        let (id, mut p) = found.ok_or_else(|| StoreError::NoSuchCustomer(platform_id.into()))?;
        let mut orders = self.conn.prepare_cached(
            "SELECT id, platform_id, name, created_at, cancelled_at IS NOT NULL, is_test, \
             fulfilled_at, delivered_at, currency, total_minor, discount_codes \
             FROM orders WHERE customer_id = ?1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC",
        )?;
        let mut lines = self.conn.prepare_cached(
            "SELECT sku, title, category, quantity, line_total_minor FROM order_lines \
             WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let rows = orders.query_map(params![id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ProfileOrder {
                    platform_id: r.get(1)?,
                    name: r.get(2)?,
                    created_at: r.get(3)?,
                    cancelled: r.get(4)?,
                    is_test: r.get::<_, Option<bool>>(5)?.unwrap_or(false),
                    fulfilled_at: r.get(6)?,
                    delivered_at: r.get(7)?,
                    currency: r.get(8)?,
                    total_minor: r.get(9)?,
                    discount_codes: r.get(10)?,
                    lines: Vec::new(),
                },
            ))
        })?;
        for row in rows {
            let (order_id, mut o) = row?;
            o.lines = lines
                .query_map(params![order_id], |r| {
                    Ok(ProfileLine {
                        sku: r.get(0)?,
                        title: r.get(1)?,
                        category: r.get(2)?,
                        quantity: r.get(3)?,
                        line_total_minor: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            p.orders.push(o);
        }
        p.refunds = self
            .conn
            .prepare_cached(
                "SELECT r.platform_id, r.kind, r.created_at, r.currency, r.amount_minor, o.platform_id \
                 FROM refunds r LEFT JOIN orders o ON o.id = r.order_id \
                 WHERE (r.customer_id = ?1 OR r.order_id IN (SELECT id FROM orders WHERE customer_id = ?1)) \
                 AND o.deleted_at IS NULL \
                 ORDER BY r.created_at DESC, r.id DESC",
            )?
            .query_map(params![id], |r| {
                Ok(ProfileRefund {
                    platform_id: r.get(0)?,
                    kind: r.get(1)?,
                    created_at: r.get(2)?,
                    currency: r.get(3)?,
                    amount_minor: r.get(4)?,
                    order: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        p.history = self
            .conn
            .prepare_cached(
                "SELECT as_of, rf_segment, cn_segment, tier, lifecycle FROM segment_snapshots \
                 WHERE store_id = ?1 AND customer_id = ?2 ORDER BY as_of",
            )?
            .query_map(params![store_id, id], |r| {
                Ok(ProfileSnapshot {
                    as_of: r.get(0)?,
                    rf_segment: r.get(1)?,
                    cn_segment: r.get(2)?,
                    tier: r.get(3)?,
                    lifecycle: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(p)
    }

    /// A setting's JSON value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a setting (a JSON value).
    pub fn set_setting(&self, key: &str, json: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, json],
        )?;
        Ok(())
    }

    /// Deletes a store and everything of it (customers, orders, lines, refunds, snapshots,
    /// cache, checkpoints, imports: the foreign keys cascade) in one transaction. Returns whether
    /// there was such a store.
    pub fn delete_store(&mut self, store_id: i64) -> Result<bool> {
        let tx = self.conn.transaction()?;
        // Lines and refund lines hang off orders and refunds (cascade), which hang off the store.
        let n = tx.execute("DELETE FROM stores WHERE id = ?1", params![store_id])?;
        tx.execute(
            "DELETE FROM settings WHERE key = ?1",
            params![format!("store:{store_id}")],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }
}
