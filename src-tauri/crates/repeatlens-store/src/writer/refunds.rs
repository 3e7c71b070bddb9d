//! Refunds and returns with their lines, and the import history row.
//!
//! Refunds have no `updated_at`: of the supersede rules only "API beats file" applies, plus
//! "a file refund of an API order is skipped" (the API owns an API order's refunds).

use rusqlite::params;
use rusqlite::types::ToSql;

use super::{keyed, verdict, Change, Kind, Verdict, Writer};
use crate::model::*;
use crate::RawKind;
use crate::Result;

impl Writer<'_> {
    /// Inserts or updates a refund or return with its lines. API refunds are keyed by the
    /// platform's refund id (Shopify/WooCommerce refund id, eBay refund id, Amazon: order id and
    /// posted date of the refund event); they need not match a file's key (module docs).
    pub fn refund(&mut self, r: &RefundRecord) -> Result<Change> {
        let order_id = match &r.order {
            Some(pid) => self.order_id(pid)?,
            None => None,
        };
        let customer_id = match &r.customer {
            Some(pid) => self.customer_id(pid)?,
            None => None,
        };
        if let (Source::File, Some(order)) = (self.source, order_id) {
            let order_source: String = self
                .tx
                .prepare_cached("SELECT source FROM orders WHERE id = ?1")?
                .query_row([order], |row| row.get(0))?;
            if Source::parse(&order_source) == Source::Api {
                self.counts.stale += 1;
                self.counts.count(Kind::Refund, Change::Unchanged);
                return Ok(Change::Unchanged);
            }
        }
        let stored = self.stored("refunds", &r.platform_id)?;
        let source = self.source.as_str();
        // Bound from ?3 by the INSERT and from ?2 by the UPDATE: order_id … source.
        let values: [&dyn ToSql; 8] = [
            &order_id,
            &customer_id,
            &r.kind,
            &r.created_at,
            &r.currency,
            &r.amount_minor,
            &r.reason,
            &source,
        ];
        let (id, mut n, change_if) = match stored {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO refunds (store_id, platform_id, order_id, customer_id, kind, created_at, \
                         currency, amount_minor, reason, source) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                    )?
                    .execute(keyed(params![self.store_id, r.platform_id], &values))?;
                (self.tx.last_insert_rowid(), 0, Change::New)
            }
            Some(s) if verdict(&s, self.source, None) == Verdict::Stale => {
                self.counts.stale += 1;
                self.counts.count(Kind::Refund, Change::Unchanged);
                return Ok(Change::Unchanged);
            }
            Some(s) => {
                let n = self
                    .tx
                    .prepare_cached(
                        "UPDATE refunds SET order_id=?2, customer_id=?3, kind=?4, created_at=?5, currency=?6, \
                         amount_minor=?7, reason=?8, source=?9 WHERE id=?1 AND (order_id IS NOT ?2 OR \
                         customer_id IS NOT ?3 OR kind IS NOT ?4 OR created_at IS NOT ?5 OR currency IS NOT ?6 OR \
                         amount_minor IS NOT ?7 OR reason IS NOT ?8 OR source IS NOT ?9)",
                    )?
                    .execute(keyed(params![s.id], &values))?;
                (s.id, n, Change::Updated)
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
        if let Some(raw) = &r.raw {
            self.raw_payload(RawKind::Refund, &r.platform_id, raw)?;
        }
        self.counts.count(Kind::Refund, change);
        Ok(change)
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
