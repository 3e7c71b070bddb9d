//! Writing batches of records in one transaction, keyed by platform ids.
//!
//! Each record is looked up by `(store_id, platform_id)` first: absent → inserted; present →
//! updated only where a column really differs, so a re-import of the same file changes no row
//! and is reported as "unchanged". Customer and product records may be partial (an orders file
//! knows a buyer's email but not their phone): their `None` fields keep what is stored.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use crate::model::*;
use crate::{Result, Store};

/// What writing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    New,
    Updated,
    Unchanged,
}

/// Totals of one [`Store::write`] call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteCounts {
    pub orders_new: u64,
    pub orders_updated: u64,
    pub orders_unchanged: u64,
    pub customers_new: u64,
    pub customers_updated: u64,
    pub customers_unchanged: u64,
    pub refunds_new: u64,
    pub refunds_updated: u64,
    pub refunds_unchanged: u64,
    /// Products inserted or changed (reference data, not part of new/updated/unchanged).
    pub products_written: u64,
}

impl WriteCounts {
    /// Whether a customer, order (with its lines) or refund was added or changed: what the
    /// analysis reads. Products alone do not count (lines carry their own SKU and category).
    pub fn changed_analysed_rows(&self) -> bool {
        self.orders_new
            + self.orders_updated
            + self.customers_new
            + self.customers_updated
            + self.refunds_new
            + self.refunds_updated
            > 0
    }

    fn count(&mut self, kind: Kind, change: Change) {
        let (new, updated, unchanged) = match kind {
            Kind::Order => (
                &mut self.orders_new,
                &mut self.orders_updated,
                &mut self.orders_unchanged,
            ),
            Kind::Customer => (
                &mut self.customers_new,
                &mut self.customers_updated,
                &mut self.customers_unchanged,
            ),
            Kind::Refund => (
                &mut self.refunds_new,
                &mut self.refunds_updated,
                &mut self.refunds_unchanged,
            ),
        };
        *match change {
            Change::New => new,
            Change::Updated => updated,
            Change::Unchanged => unchanged,
        } += 1;
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Order,
    Customer,
    Refund,
}

/// The write side of one transaction. Obtained from [`Store::write`].
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    store_id: i64,
    customers: HashMap<String, i64>,
    orders: HashMap<String, i64>,
    products: HashMap<String, ()>,
    counts: WriteCounts,
    /// How each customer written in this transaction was counted: a customer written again in
    /// the same transaction (a streamed import fills one in) is not counted twice.
    customer_changes: HashMap<String, Change>,
    /// The store was created by this transaction: nothing can exist yet, so lookups are skipped.
    fresh_store: bool,
}

impl Store {
    /// Runs `f` inside one transaction against the store described by `spec` (created when new).
    /// If `f` returns an error, or the process dies before the end, nothing of it is kept.
    pub fn write<T, E>(
        &mut self,
        spec: &StoreSpec,
        f: impl FnOnce(&mut Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<(T, WriteCounts, i64), E>
    where
        E: From<crate::StoreError>,
    {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        let (store_id, fresh_store) = ensure_store(&tx, spec).map_err(E::from)?;
        let mut writer = Writer {
            tx: &tx,
            store_id,
            customers: HashMap::new(),
            orders: HashMap::new(),
            products: HashMap::new(),
            counts: WriteCounts::default(),
            customer_changes: HashMap::new(),
            fresh_store,
        };
        let value = f(&mut writer)?;
        let counts = std::mem::take(&mut writer.counts);
        drop(writer);
        if counts.changed_analysed_rows() {
            crate::cache::invalidate_store(&tx, store_id).map_err(E::from)?;
        }
        tx.commit()
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        Ok((value, counts, store_id))
    }
}

/// The store's id, and whether it was created just now.
fn ensure_store(tx: &Transaction<'_>, spec: &StoreSpec) -> Result<(i64, bool)> {
    if let Some(id) = tx
        .query_row("SELECT id FROM stores WHERE name = ?1", [&spec.name], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok((id, false));
    }
    tx.execute(
        "INSERT INTO stores (platform, name, currency, timezone, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![spec.platform, spec.name, spec.currency, spec.timezone, unix_now()],
    )?;
    Ok((tx.last_insert_rowid(), true))
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Writer<'_> {
    pub fn store_id(&self) -> i64 {
        self.store_id
    }

    pub fn counts(&self) -> &WriteCounts {
        &self.counts
    }

    fn lookup(&self, table: &str, platform_id: &str) -> Result<Option<i64>> {
        if self.fresh_store {
            return Ok(None);
        }
        let sql = format!("SELECT id FROM {table} WHERE store_id = ?1 AND platform_id = ?2");
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![self.store_id, platform_id], |r| r.get(0))
            .optional()?)
    }

    /// Row id of a customer written in this batch or stored before.
    fn customer_id(&mut self, platform_id: &str) -> Result<Option<i64>> {
        if let Some(id) = self.customers.get(platform_id) {
            return Ok(Some(*id));
        }
        let id = self.lookup("customers", platform_id)?;
        if let Some(id) = id {
            self.customers.insert(platform_id.to_string(), id);
        }
        Ok(id)
    }

    fn order_id(&mut self, platform_id: &str) -> Result<Option<i64>> {
        if let Some(id) = self.orders.get(platform_id) {
            return Ok(Some(*id));
        }
        let id = self.lookup("orders", platform_id)?;
        if let Some(id) = id {
            self.orders.insert(platform_id.to_string(), id);
        }
        Ok(id)
    }

    /// Inserts or merges a customer. `None` fields keep what is stored.
    pub fn customer(&mut self, c: &CustomerRecord) -> Result<Change> {
        let email_norm = c.email.as_deref().and_then(normalize_email);
        let accepts = c.accepts_marketing.map(i64::from);
        let change = match self.customer_id(&c.platform_id)? {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO customers (store_id, platform_id, email, email_normalized, \
                         first_name, last_name, phone, country, accepts_marketing, created_at, \
                         updated_at, total_spent_minor, orders_count, tags, raw) \
                         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                    )?
                    .execute(params![
                        self.store_id,
                        c.platform_id,
                        c.email,
                        email_norm,
                        c.first_name,
                        c.last_name,
                        c.phone,
                        c.country,
                        accepts,
                        c.created_at,
                        c.updated_at,
                        c.total_spent_minor,
                        c.orders_count,
                        c.tags,
                        c.raw
                    ])?;
                let id = self.tx.last_insert_rowid();
                self.customers.insert(c.platform_id.clone(), id);
                Change::New
            }
            Some(id) => {
                // Merge: a provided value replaces the stored one; a missing one keeps it.
                let n = self
                    .tx
                    .prepare_cached(
                        "UPDATE customers SET email = coalesce(?2, email), \
                         email_normalized = coalesce(?3, email_normalized), \
                         first_name = coalesce(?4, first_name), last_name = coalesce(?5, last_name), \
                         phone = coalesce(?6, phone), country = coalesce(?7, country), \
                         accepts_marketing = coalesce(?8, accepts_marketing), \
                         created_at = coalesce(?9, created_at), updated_at = coalesce(?10, updated_at), \
                         total_spent_minor = coalesce(?11, total_spent_minor), \
                         orders_count = coalesce(?12, orders_count), tags = coalesce(?13, tags), \
                         raw = coalesce(?14, raw) \
                         WHERE id = ?1 AND ( \
                           (?2 IS NOT NULL AND ?2 IS NOT email) OR (?3 IS NOT NULL AND ?3 IS NOT email_normalized) OR \
                           (?4 IS NOT NULL AND ?4 IS NOT first_name) OR (?5 IS NOT NULL AND ?5 IS NOT last_name) OR \
                           (?6 IS NOT NULL AND ?6 IS NOT phone) OR (?7 IS NOT NULL AND ?7 IS NOT country) OR \
                           (?8 IS NOT NULL AND ?8 IS NOT accepts_marketing) OR (?9 IS NOT NULL AND ?9 IS NOT created_at) OR \
                           (?10 IS NOT NULL AND ?10 IS NOT updated_at) OR (?11 IS NOT NULL AND ?11 IS NOT total_spent_minor) OR \
                           (?12 IS NOT NULL AND ?12 IS NOT orders_count) OR (?13 IS NOT NULL AND ?13 IS NOT tags) OR \
                           (?14 IS NOT NULL AND ?14 IS NOT raw))",
                    )?
                    .execute(params![
                        id,
                        c.email,
                        email_norm,
                        c.first_name,
                        c.last_name,
                        c.phone,
                        c.country,
                        accepts,
                        c.created_at,
                        c.updated_at,
                        c.total_spent_minor,
                        c.orders_count,
                        c.tags,
                        c.raw
                    ])?;
                if n > 0 {
                    Change::Updated
                } else {
                    Change::Unchanged
                }
            }
        };
        match self.customer_changes.get(&c.platform_id).copied() {
            None => {
                self.counts.count(Kind::Customer, change);
                self.customer_changes.insert(c.platform_id.clone(), change);
            }
            Some(Change::Unchanged) if change == Change::Updated => {
                self.counts.customers_unchanged -= 1;
                self.counts.customers_updated += 1;
                self.customer_changes.insert(c.platform_id.clone(), change);
            }
            Some(_) => {}
        }
        Ok(change)
    }

    /// Inserts or replaces a product. `None` fields keep what is stored. Products are reference
    /// data, so they are not counted as changes of the import.
    pub fn product(&mut self, p: &ProductRecord) -> Result<()> {
        if self.products.contains_key(&p.platform_id) {
            return Ok(());
        }
        let n = self
            .tx
            .prepare_cached(
                "INSERT INTO products (store_id, platform_id, sku, title, category, vendor) \
                 VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT (store_id, platform_id) DO UPDATE SET \
                 sku = coalesce(excluded.sku, sku), title = coalesce(excluded.title, title), \
                 category = coalesce(excluded.category, category), vendor = coalesce(excluded.vendor, vendor) \
                 WHERE (excluded.sku IS NOT NULL AND excluded.sku IS NOT sku) \
                    OR (excluded.title IS NOT NULL AND excluded.title IS NOT title) \
                    OR (excluded.category IS NOT NULL AND excluded.category IS NOT category) \
                    OR (excluded.vendor IS NOT NULL AND excluded.vendor IS NOT vendor)",
            )?
            .execute(params![
                self.store_id,
                p.platform_id,
                p.sku,
                p.title,
                p.category,
                p.vendor
            ])?;
        self.counts.products_written += n as u64;
        self.products.insert(p.platform_id.clone(), ());
        Ok(())
    }

    /// Inserts an order with its lines, or brings a stored one up to date.
    pub fn order(&mut self, o: &OrderRecord) -> Result<Change> {
        let customer_id = match &o.customer {
            Some(pid) => self.customer_id(pid)?,
            None => None,
        };
        let existing = self.order_id(&o.platform_id)?;
        let change = match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO orders (store_id, platform_id, name, customer_id, email, created_at, \
                         updated_at, cancelled_at, fulfilled_at, delivered_at, currency, subtotal_minor, \
                         discount_minor, shipping_minor, tax_minor, total_minor, refunded_minor, status, \
                         financial_status, fulfillment_status, is_test, ship_country, discount_codes, raw) \
                         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24)",
                    )?
                    .execute(params![
                        self.store_id,
                        o.platform_id,
                        o.name,
                        customer_id,
                        o.email,
                        o.created_at,
                        o.updated_at,
                        o.cancelled_at,
                        o.fulfilled_at,
                        o.delivered_at,
                        o.currency,
                        o.subtotal_minor,
                        o.discount_minor,
                        o.shipping_minor,
                        o.tax_minor,
                        o.total_minor,
                        o.refunded_minor,
                        o.status,
                        o.financial_status,
                        o.fulfillment_status,
                        o.is_test,
                        o.ship_country,
                        o.discount_codes,
                        o.raw
                    ])?;
                let id = self.tx.last_insert_rowid();
                self.orders.insert(o.platform_id.clone(), id);
                self.insert_lines(id, &o.lines)?;
                Change::New
            }
            Some(id) => {
                let mut n = self
                    .tx
                    .prepare_cached(
                        "UPDATE orders SET name=?2, customer_id=?3, email=?4, created_at=?5, updated_at=?6, \
                         cancelled_at=?7, fulfilled_at=?8, delivered_at=?9, currency=?10, subtotal_minor=?11, \
                         discount_minor=?12, shipping_minor=?13, tax_minor=?14, total_minor=?15, \
                         refunded_minor=?16, status=?17, financial_status=?18, fulfillment_status=?19, \
                         is_test=?20, ship_country=?21, discount_codes=?22, raw=?23 \
                         WHERE id=?1 AND (name IS NOT ?2 OR customer_id IS NOT ?3 OR email IS NOT ?4 OR \
                         created_at IS NOT ?5 OR updated_at IS NOT ?6 OR cancelled_at IS NOT ?7 OR \
                         fulfilled_at IS NOT ?8 OR delivered_at IS NOT ?9 OR currency IS NOT ?10 OR \
                         subtotal_minor IS NOT ?11 OR discount_minor IS NOT ?12 OR shipping_minor IS NOT ?13 OR \
                         tax_minor IS NOT ?14 OR total_minor IS NOT ?15 OR refunded_minor IS NOT ?16 OR \
                         status IS NOT ?17 OR financial_status IS NOT ?18 OR fulfillment_status IS NOT ?19 OR \
                         is_test IS NOT ?20 OR ship_country IS NOT ?21 OR discount_codes IS NOT ?22 OR raw IS NOT ?23)",
                    )?
                    .execute(params![
                        id,
                        o.name,
                        customer_id,
                        o.email,
                        o.created_at,
                        o.updated_at,
                        o.cancelled_at,
                        o.fulfilled_at,
                        o.delivered_at,
                        o.currency,
                        o.subtotal_minor,
                        o.discount_minor,
                        o.shipping_minor,
                        o.tax_minor,
                        o.total_minor,
                        o.refunded_minor,
                        o.status,
                        o.financial_status,
                        o.fulfillment_status,
                        o.is_test,
                        o.ship_country,
                        o.discount_codes,
                        o.raw
                    ])?;
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
                if n > 0 {
                    Change::Updated
                } else {
                    Change::Unchanged
                }
            }
        };
        self.counts.count(Kind::Order, change);
        Ok(change)
    }

    /// Inserts or updates a refund or return with its lines.
    pub fn refund(&mut self, r: &RefundRecord) -> Result<Change> {
        let order_id = match &r.order {
            Some(pid) => self.order_id(pid)?,
            None => None,
        };
        let customer_id = match &r.customer {
            Some(pid) => self.customer_id(pid)?,
            None => None,
        };
        let existing = self.lookup("refunds", &r.platform_id)?;
        let (id, mut n, change_if) = match existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO refunds (store_id, platform_id, order_id, customer_id, kind, created_at, \
                         currency, amount_minor, reason, raw) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                    )?
                    .execute(params![
                        self.store_id,
                        r.platform_id,
                        order_id,
                        customer_id,
                        r.kind,
                        r.created_at,
                        r.currency,
                        r.amount_minor,
                        r.reason,
                        r.raw
                    ])?;
                (self.tx.last_insert_rowid(), 0, Change::New)
            }
            Some(id) => {
                let n = self
                    .tx
                    .prepare_cached(
                        "UPDATE refunds SET order_id=?2, customer_id=?3, kind=?4, created_at=?5, currency=?6, \
                         amount_minor=?7, reason=?8, raw=?9 WHERE id=?1 AND (order_id IS NOT ?2 OR \
                         customer_id IS NOT ?3 OR kind IS NOT ?4 OR created_at IS NOT ?5 OR currency IS NOT ?6 OR \
                         amount_minor IS NOT ?7 OR reason IS NOT ?8 OR raw IS NOT ?9)",
                    )?
                    .execute(params![
                        id,
                        order_id,
                        customer_id,
                        r.kind,
                        r.created_at,
                        r.currency,
                        r.amount_minor,
                        r.reason,
                        r.raw
                    ])?;
                (id, n, Change::Updated)
            }
        };
        let mut upsert = self.tx.prepare_cached(
            "INSERT INTO refund_lines (refund_id, line_no, sku, title, quantity, amount_minor) \
             VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT (refund_id, line_no) DO UPDATE SET \
             sku=excluded.sku, title=excluded.title, quantity=excluded.quantity, amount_minor=excluded.amount_minor \
             WHERE sku IS NOT excluded.sku OR title IS NOT excluded.title OR \
             quantity IS NOT excluded.quantity OR amount_minor IS NOT excluded.amount_minor",
        )?;
        for (i, l) in r.lines.iter().enumerate() {
            n += upsert.execute(params![
                id,
                i as i64 + 1,
                l.sku,
                l.title,
                l.quantity,
                l.amount_minor
            ])?;
        }
        n += self
            .tx
            .prepare_cached("DELETE FROM refund_lines WHERE refund_id = ?1 AND line_no > ?2")?
            .execute(params![id, r.lines.len() as i64])?;
        let change = match change_if {
            Change::New => Change::New,
            _ if n > 0 => Change::Updated,
            _ => Change::Unchanged,
        };
        self.counts.count(Kind::Refund, change);
        Ok(change)
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

    /// Records the import in the history table, in the same transaction as its records.
    pub fn log_import(&mut self, log: &ImportLog) -> Result<()> {
        let c = &self.counts;
        self.tx
            .prepare_cached(
                "INSERT INTO imports (store_id, file_name, file_size, preset, encoding, started_at, \
                 finished_at, rows_read, orders_new, orders_updated, orders_unchanged, refunds, customers, \
                 skipped_rows, skipped_detail) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
            )?
            .execute(params![
                self.store_id,
                log.file_name,
                log.file_size,
                log.preset,
                log.encoding,
                log.started_at,
                log.finished_at,
                log.rows_read,
                c.orders_new as i64,
                c.orders_updated as i64,
                c.orders_unchanged as i64,
                (c.refunds_new + c.refunds_updated + c.refunds_unchanged) as i64,
                (c.customers_new + c.customers_updated + c.customers_unchanged) as i64,
                log.skipped_rows,
                log.skipped_detail
            ])?;
        Ok(())
    }
}
