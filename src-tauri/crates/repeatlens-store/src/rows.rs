//! Read side for analysis: every order, line, refund and customer of a store, streamed in one
//! pass each, in plain row types. The analytics engine builds its in-memory columns from these;
//! it never sees SQL.
//!
//! Tombstoned orders and customers (`deleted_at`) are left out, and so are the lines and refunds
//! of tombstoned orders: the analysis sees what the platform still has.

use rusqlite::params;

use crate::{Result, Store};

/// One live customer, as the analysis reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    /// Row id, what [`OrderRow::customer_id`] and [`RefundRow::customer_id`] refer to.
    pub id: i64,
    /// The platform's customer id (or the normalized email where the source has no ids).
    pub platform_id: String,
    /// Trimmed, lower-cased e-mail: the cross-store identity key.
    pub email_normalized: Option<String>,
    /// Country, as the source gave it.
    pub country: Option<String>,
    /// `Some(true)` opted in, `Some(false)` opted out, `None` unknown.
    pub accepts_marketing: Option<bool>,
    /// When the platform created the customer, UTC Unix seconds.
    pub created_at: Option<i64>,
}

/// One order, borrowed from the row being read.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow<'a> {
    /// Row id, what [`LineRow::order_id`] and [`RefundRow::order_id`] refer to.
    pub id: i64,
    /// Row id of the customer; `None` = guest.
    pub customer_id: Option<i64>,
    /// When it was placed, UTC Unix seconds.
    pub created_at: i64,
    /// When it was cancelled, UTC Unix seconds; a cancelled order is not a purchase.
    pub cancelled_at: Option<i64>,
    /// When it was shipped, UTC Unix seconds.
    pub fulfilled_at: Option<i64>,
    /// When it arrived, UTC Unix seconds.
    pub delivered_at: Option<i64>,
    /// ISO 4217 code of its amounts.
    pub currency: &'a str,
    /// What the buyer paid, before refunds, in minor units.
    pub total_minor: i64,
    /// A platform test order: not a purchase.
    pub is_test: bool,
    /// Shipping country, as the source gave it.
    pub ship_country: Option<&'a str>,
    /// Discount codes used, comma-separated.
    pub discount_codes: Option<&'a str>,
}

/// A text column of the current row without copying it.
pub(crate) fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    Ok(match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    })
}

/// One order line, borrowed from the row being read (millions of lines: no allocation each).
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow<'a> {
    /// Row id of its order.
    pub order_id: i64,
    /// Product code.
    pub sku: Option<&'a str>,
    /// Category or product type.
    pub category: Option<&'a str>,
    /// Units bought.
    pub quantity: i64,
    /// Quantity × unit price, in minor units of the order's currency.
    pub line_total_minor: i64,
}

/// One refund, as the analysis reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRow {
    /// Row id.
    pub id: i64,
    /// Row id of the order it was for, when known.
    pub order_id: Option<i64>,
    /// Row id of the customer, when known.
    pub customer_id: Option<i64>,
    /// When it was made, UTC Unix seconds.
    pub created_at: i64,
    /// ISO 4217 code of the amount.
    pub currency: String,
    /// Positive: the money given back, in minor units.
    pub amount_minor: i64,
}

/// One day's ECB reference rate: 1 EUR = `per_eur` units of `currency`.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRate {
    /// The ECB publishing day, YYYY-MM-DD.
    pub day: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Units of `currency` one euro buys.
    pub per_eur: f64,
}

impl Store {
    /// Customers of a store, by row id.
    pub fn scan_customers(&self, store_id: i64, mut f: impl FnMut(CustomerRow)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, platform_id, email_normalized, country, accepts_marketing, created_at \
             FROM customers WHERE store_id = ?1 AND deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query(params![store_id])?;
        while let Some(r) = rows.next()? {
            f(CustomerRow {
                id: r.get(0)?,
                platform_id: r.get(1)?,
                email_normalized: r.get(2)?,
                country: r.get(3)?,
                accepts_marketing: r.get::<_, Option<i64>>(4)?.map(|v| v != 0),
                created_at: r.get(5)?,
            });
        }
        Ok(())
    }

    /// Orders of a store, by row id.
    pub fn scan_orders(&self, store_id: i64, mut f: impl FnMut(OrderRow<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, customer_id, created_at, cancelled_at, fulfilled_at, delivered_at, currency, \
             total_minor, is_test, ship_country, discount_codes FROM orders NOT INDEXED \
             WHERE store_id = ?1 AND deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query(params![store_id])?;
        while let Some(r) = rows.next()? {
            f(OrderRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                created_at: r.get(2)?,
                cancelled_at: r.get(3)?,
                fulfilled_at: r.get(4)?,
                delivered_at: r.get(5)?,
                currency: text(r, 6)?.unwrap_or_default(),
                total_minor: r.get(7)?,
                is_test: r.get::<_, i64>(8)? != 0,
                ship_country: text(r, 9)?,
                discount_codes: text(r, 10)?,
            });
        }
        Ok(())
    }

    /// Order lines of a store, grouped by order (ascending order id, then line number).
    ///
    /// Why not a join: a store's lines are read straight from the `order_lines` key range of its
    /// orders, in key order, with one membership check per line against the store's order ids
    /// (other stores' orders can sit in the same range). That avoids one B-tree search per
    /// order and any sort, which matters at millions of lines.
    pub fn scan_lines(&self, store_id: i64, mut f: impl FnMut(LineRow<'_>)) -> Result<()> {
        let (min, max): (Option<i64>, Option<i64>) = self.conn.query_row(
            "SELECT min(id), max(id) FROM orders WHERE store_id = ?1",
            params![store_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (Some(min), Some(max)) = (min, max) else {
            return Ok(());
        };
        let mut mine = vec![false; (max - min + 1) as usize];
        {
            let mut ids = self.conn.prepare_cached(
                "SELECT id FROM orders WHERE store_id = ?1 AND deleted_at IS NULL",
            )?;
            let mut rows = ids.query(params![store_id])?;
            while let Some(r) = rows.next()? {
                mine[(r.get::<_, i64>(0)? - min) as usize] = true;
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_id, sku, category, quantity, line_total_minor FROM order_lines \
             WHERE order_id BETWEEN ?1 AND ?2 ORDER BY order_id, line_no",
        )?;
        let mut rows = stmt.query(params![min, max])?;
        while let Some(r) = rows.next()? {
            let order_id: i64 = r.get(0)?;
            if !mine[(order_id - min) as usize] {
                continue;
            }
            f(LineRow {
                order_id,
                sku: text(r, 1)?,
                category: text(r, 2)?,
                quantity: r.get(3)?,
                line_total_minor: r.get(4)?,
            });
        }
        Ok(())
    }

    /// Refunds and returns of a store, by row id.
    pub fn scan_refunds(&self, store_id: i64, mut f: impl FnMut(RefundRow)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, order_id, customer_id, created_at, currency, amount_minor FROM refunds \
             WHERE store_id = ?1 AND (order_id IS NULL OR order_id NOT IN \
               (SELECT id FROM orders WHERE store_id = ?1 AND deleted_at IS NOT NULL)) ORDER BY id",
        )?;
        let mut rows = stmt.query(params![store_id])?;
        while let Some(r) = rows.next()? {
            f(RefundRow {
                id: r.get(0)?,
                order_id: r.get(1)?,
                customer_id: r.get(2)?,
                created_at: r.get(3)?,
                currency: r.get(4)?,
                amount_minor: r.get(5)?,
            });
        }
        Ok(())
    }

    /// Replaces or adds exchange rates in one transaction; returns how many rows changed.
    pub fn write_fx_rates(&mut self, rates: &[FxRate]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO fx_rates (day, currency, per_eur) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (day, currency) DO UPDATE SET per_eur = excluded.per_eur \
                 WHERE per_eur IS NOT excluded.per_eur",
            )?;
            for r in rates {
                n += stmt.execute(params![r.day, r.currency, r.per_eur])?;
            }
        }
        if n > 0 {
            crate::cache::invalidate_all(&tx)?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// All exchange rates, by day then currency.
    pub fn fx_rates(&self) -> Result<Vec<FxRate>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT day, currency, per_eur FROM fx_rates ORDER BY day, currency")?;
        let rows = stmt.query_map([], |r| {
            Ok(FxRate {
                day: r.get(0)?,
                currency: r.get(1)?,
                per_eur: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
