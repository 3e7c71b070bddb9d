//! Orders with their lines, and products (reference data). An order is replaced as a whole
//! (orders files and APIs always describe all of it), compared column by column first.

use rusqlite::params;
use rusqlite::types::ToSql;

use super::{keyed, verdict, Change, Kind, Verdict, Writer};
use crate::model::*;
use crate::RawKind;
use crate::Result;

impl Writer<'_> {
    /// Inserts or replaces a product. `None` fields keep what is stored; a file product does
    /// not overwrite an API product. Products are reference data, so they are not counted as
    /// changes of the import.
    pub fn product(&mut self, p: &ProductRecord) -> Result<()> {
        if self.products.contains_key(&p.platform_id) {
            return Ok(());
        }
        let n = self
            .tx
            .prepare_cached(
                "INSERT INTO products (store_id, platform_id, sku, title, category, vendor, source) \
                 VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT (store_id, platform_id) DO UPDATE SET \
                 sku = coalesce(excluded.sku, sku), title = coalesce(excluded.title, title), \
                 category = coalesce(excluded.category, category), vendor = coalesce(excluded.vendor, vendor), \
                 source = excluded.source \
                 WHERE (source = 'file' OR excluded.source = 'api') AND ( \
                    (excluded.sku IS NOT NULL AND excluded.sku IS NOT sku) \
                    OR (excluded.title IS NOT NULL AND excluded.title IS NOT title) \
                    OR (excluded.category IS NOT NULL AND excluded.category IS NOT category) \
                    OR (excluded.vendor IS NOT NULL AND excluded.vendor IS NOT vendor) \
                    OR excluded.source IS NOT source)",
            )?
            .execute(params![
                self.store_id,
                p.platform_id,
                p.sku,
                p.title,
                p.category,
                p.vendor,
                self.source.as_str()
            ])?;
        self.counts.products_written += n as u64;
        self.products.insert(p.platform_id.clone(), ());
        Ok(())
    }

    /// Inserts an order with its lines, or brings a stored one up to date (see the module docs
    /// of `writer` for which record wins over which).
    pub fn order(&mut self, o: &OrderRecord) -> Result<Change> {
        let customer_id = match &o.customer {
            Some(pid) => self.customer_id(pid)?,
            None => None,
        };
        let stored = self.stored("orders", &o.platform_id)?;
        let change = match stored {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO orders (store_id, platform_id, name, customer_id, email, created_at, \
                         updated_at, cancelled_at, fulfilled_at, delivered_at, currency, subtotal_minor, \
                         discount_minor, shipping_minor, tax_minor, total_minor, refunded_minor, status, \
                         financial_status, fulfillment_status, is_test, ship_country, discount_codes, source) \
                         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24)",
                    )?
                    .execute(keyed(
                        params![self.store_id, o.platform_id],
                        &order_values(o, &customer_id, &self.source.as_str()),
                    ))?;
                let id = self.tx.last_insert_rowid();
                self.orders.insert(o.platform_id.clone(), id);
                self.insert_lines(id, &o.lines)?;
                Change::New
            }
            Some(s) => {
                self.orders.insert(o.platform_id.clone(), s.id);
                match verdict(&s, self.source, o.updated_at) {
                    Verdict::Stale => {
                        self.counts.stale += 1;
                        self.counts.count(Kind::Order, Change::Unchanged);
                        return Ok(Change::Unchanged);
                    }
                    v => {
                        let mut n = self.update_order(s.id, customer_id, o)?;
                        if v == Verdict::Revive {
                            n += self
                                .tx
                                .prepare_cached(
                                    "UPDATE orders SET deleted_at = NULL WHERE id = ?1",
                                )?
                                .execute([s.id])?;
                        }
                        if s.source == Source::File && self.source == Source::Api {
                            // The API owns this order's refunds from now on (module docs).
                            let dropped = self
                                .tx
                                .prepare_cached(
                                    "DELETE FROM refunds WHERE order_id = ?1 AND source = 'file'",
                                )?
                                .execute([s.id])?;
                            self.counts.file_refunds_replaced += dropped as u64;
                        }
                        if n > 0 {
                            Change::Updated
                        } else {
                            Change::Unchanged
                        }
                    }
                }
            }
        };
        if let Some(raw) = &o.raw {
            self.raw_payload(RawKind::Order, &o.platform_id, raw)?;
        }
        self.counts.count(Kind::Order, change);
        Ok(change)
    }

    /// Brings order `id` and its lines to `o`; returns the rows changed (0: it was equal).
    fn update_order(&self, id: i64, customer_id: Option<i64>, o: &OrderRecord) -> Result<usize> {
        let mut n = self
            .tx
            .prepare_cached(
                "UPDATE orders SET name=?2, customer_id=?3, email=?4, created_at=?5, updated_at=?6, \
                 cancelled_at=?7, fulfilled_at=?8, delivered_at=?9, currency=?10, subtotal_minor=?11, \
                 discount_minor=?12, shipping_minor=?13, tax_minor=?14, total_minor=?15, \
                 refunded_minor=?16, status=?17, financial_status=?18, fulfillment_status=?19, \
                 is_test=?20, ship_country=?21, discount_codes=?22, source=?23 \
                 WHERE id=?1 AND (name IS NOT ?2 OR customer_id IS NOT ?3 OR email IS NOT ?4 OR \
                 created_at IS NOT ?5 OR updated_at IS NOT ?6 OR cancelled_at IS NOT ?7 OR \
                 fulfilled_at IS NOT ?8 OR delivered_at IS NOT ?9 OR currency IS NOT ?10 OR \
                 subtotal_minor IS NOT ?11 OR discount_minor IS NOT ?12 OR shipping_minor IS NOT ?13 OR \
                 tax_minor IS NOT ?14 OR total_minor IS NOT ?15 OR refunded_minor IS NOT ?16 OR \
                 status IS NOT ?17 OR financial_status IS NOT ?18 OR fulfillment_status IS NOT ?19 OR \
                 is_test IS NOT ?20 OR ship_country IS NOT ?21 OR discount_codes IS NOT ?22 OR source IS NOT ?23)",
            )?
            .execute(keyed(params![id], &order_values(o, &customer_id, &self.source.as_str())))?;
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, sku, title, \
             category, quantity, unit_price_micros, line_total_minor, discount_minor) \
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) \
             ON CONFLICT (order_id, line_no) DO UPDATE SET product_id=excluded.product_id, \
             variant_id=excluded.variant_id, sku=excluded.sku, title=excluded.title, \
             category=excluded.category, quantity=excluded.quantity, \
             unit_price_micros=excluded.unit_price_micros, line_total_minor=excluded.line_total_minor, \
             discount_minor=excluded.discount_minor \
             WHERE product_id IS NOT excluded.product_id OR variant_id IS NOT excluded.variant_id OR \
             sku IS NOT excluded.sku OR title IS NOT excluded.title OR category IS NOT excluded.category OR \
             quantity IS NOT excluded.quantity OR unit_price_micros IS NOT excluded.unit_price_micros OR \
             line_total_minor IS NOT excluded.line_total_minor OR discount_minor IS NOT excluded.discount_minor",
        )?;
        for (i, l) in o.lines.iter().enumerate() {
            n += upsert.execute(params![
                id,
                i as i64 + 1,
                l.product_id,
                l.variant_id,
                l.sku,
                l.title,
                l.category,
                l.quantity,
                l.unit_price_micros,
                l.line_total_minor,
                l.discount_minor
            ])?;
        }
        n += self
            .tx
            .prepare_cached("DELETE FROM order_lines WHERE order_id = ?1 AND line_no > ?2")?
            .execute(params![id, o.lines.len() as i64])?;
        Ok(n)
    }

    /// Inserts the lines of a new order, several rows per statement (a large import spends most
    /// of its time here; multi-row statements halve the per-row cost).
    fn insert_lines(&self, order_id: i64, lines: &[LineRecord]) -> Result<()> {
        const COLS: &str = "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, sku, \
                            title, category, quantity, unit_price_micros, line_total_minor, discount_minor) VALUES ";
        let mut start = 0;
        while start < lines.len() {
            let left = lines.len() - start;
            let k = [16, 4, 1].into_iter().find(|&k| k <= left).unwrap_or(1);
            let sql = format!("{COLS}{}", vec!["(?,?,?,?,?,?,?,?,?,?,?)"; k].join(","));
            let mut stmt = self.tx.prepare_cached(&sql)?;
            for (j, l) in lines[start..start + k].iter().enumerate() {
                let b = j * 11;
                stmt.raw_bind_parameter(b + 1, order_id)?;
                stmt.raw_bind_parameter(b + 2, (start + j) as i64 + 1)?;
                stmt.raw_bind_parameter(b + 3, &l.product_id)?;
                stmt.raw_bind_parameter(b + 4, &l.variant_id)?;
                stmt.raw_bind_parameter(b + 5, &l.sku)?;
                stmt.raw_bind_parameter(b + 6, &l.title)?;
                stmt.raw_bind_parameter(b + 7, &l.category)?;
                stmt.raw_bind_parameter(b + 8, l.quantity)?;
                stmt.raw_bind_parameter(b + 9, l.unit_price_micros)?;
                stmt.raw_bind_parameter(b + 10, l.line_total_minor)?;
                stmt.raw_bind_parameter(b + 11, l.discount_minor)?;
            }
            stmt.raw_execute()?;
            start += k;
        }
        Ok(())
    }
}

/// An order's column values from `name` to `source`, bound after the key by both its INSERT
/// (from ?3) and its UPDATE (from ?2).
fn order_values<'a>(
    o: &'a OrderRecord,
    customer_id: &'a Option<i64>,
    source: &'a &'static str,
) -> [&'a dyn ToSql; 22] {
    [
        &o.name,
        customer_id,
        &o.email,
        &o.created_at,
        &o.updated_at,
        &o.cancelled_at,
        &o.fulfilled_at,
        &o.delivered_at,
        &o.currency,
        &o.subtotal_minor,
        &o.discount_minor,
        &o.shipping_minor,
        &o.tax_minor,
        &o.total_minor,
        &o.refunded_minor,
        &o.status,
        &o.financial_status,
        &o.fulfillment_status,
        &o.is_test,
        &o.ship_country,
        &o.discount_codes,
        source,
    ]
}
