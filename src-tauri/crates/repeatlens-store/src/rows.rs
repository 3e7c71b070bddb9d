//! Read side for analysis: every order, line, refund and customer of a store, streamed in one
//! pass each, in plain row types. The analytics engine builds its in-memory columns from these;
//! it never sees SQL.

use rusqlite::params;

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    pub id: i64,
    pub platform_id: String,
    pub email_normalized: Option<String>,
    pub country: Option<String>,
    pub accepts_marketing: Option<bool>,
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: i64,
    pub customer_id: Option<i64>,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
    pub fulfilled_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub currency: String,
    pub total_minor: i64,
    pub is_test: bool,
    pub ship_country: Option<String>,
    pub discount_codes: Option<String>,
}

/// One order line, borrowed from the row being read (millions of lines: no allocation each).
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow<'a> {
    pub order_id: i64,
    pub sku: Option<&'a str>,
    pub category: Option<&'a str>,
    pub quantity: i64,
    pub line_total_minor: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefundRow {
    pub id: i64,
    pub order_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub created_at: i64,
    pub currency: String,
    pub amount_minor: i64,
}

/// One day's ECB reference rate: 1 EUR = `per_eur` units of `currency`.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRate {
    pub day: String,
    pub currency: String,
    pub per_eur: f64,
}

impl Store {
    /// Customers of a store, by row id.
    pub fn scan_customers(&self, store_id: i64, mut f: impl FnMut(CustomerRow)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, platform_id, email_normalized, country, accepts_marketing, created_at \
             FROM customers WHERE store_id = ?1 ORDER BY id",
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
    pub fn scan_orders(&self, store_id: i64, mut f: impl FnMut(OrderRow)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, customer_id, created_at, cancelled_at, fulfilled_at, delivered_at, currency, \
             total_minor, is_test, ship_country, discount_codes FROM orders NOT INDEXED \
             WHERE store_id = ?1 ORDER BY id",
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
                currency: r.get(6)?,
                total_minor: r.get(7)?,
                is_test: r.get::<_, i64>(8)? != 0,
                ship_country: r.get(9)?,
                discount_codes: r.get(10)?,
            });
        }
        Ok(())
    }

    /// Order lines of a store, grouped by order (ascending order id, then line number).
    /// `NOT INDEXED`: walking orders in row-id order lets SQLite return lines in key order
    /// without sorting millions of rows in a temporary B-tree.
    pub fn scan_lines(&self, store_id: i64, mut f: impl FnMut(LineRow<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.order_id, l.sku, l.category, l.quantity, l.line_total_minor \
             FROM orders o NOT INDEXED JOIN order_lines l ON l.order_id = o.id \
             WHERE o.store_id = ?1 ORDER BY o.id, l.line_no",
        )?;
        let mut rows = stmt.query(params![store_id])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> Result<Option<&str>> {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                    _ => None,
                })
            };
            f(LineRow {
                order_id: r.get(0)?,
                sku: text(1)?,
                category: text(2)?,
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
             WHERE store_id = ?1 ORDER BY id",
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
