//! The sync side of a transaction: raw payloads, tombstones, erasure, checkpoints and run
//! counts — each written in the same transaction as the page of records it belongs to, so a
//! crash redoes the page instead of leaving a checkpoint ahead of its records.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{WriteCounts, Writer};
use crate::sync::{Checkpoint, RawKind};
use crate::Result;

impl Writer<'_> {
    /// Keeps the platform's raw JSON for a record (replacing an older one). Outside the
    /// compared rows: it never makes a record "updated" nor drops the analysis cache.
    pub fn raw_payload(&mut self, kind: RawKind, platform_id: &str, json: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO raw_payloads (store_id, kind, platform_id, fetched_at, json) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, kind, platform_id) DO UPDATE \
                 SET fetched_at = excluded.fetched_at, json = excluded.json \
                 WHERE json IS NOT excluded.json",
            )?
            .execute(params![
                self.store_id,
                kind.as_str(),
                platform_id,
                self.fetched_at,
                json
            ])?;
        Ok(())
    }

    /// Tombstones the order `platform_id` (deleted on the platform at `deleted_at`, UTC
    /// seconds): it stays in the file but leaves every analysis scan and summary; its raw
    /// payload is dropped. Returns whether a live order was found. Only an API record newer
    /// than `deleted_at` brings it back.
    pub fn delete_order(&mut self, platform_id: &str, deleted_at: i64) -> Result<bool> {
        let n = self.tombstone("orders", RawKind::Order, platform_id, deleted_at)?;
        self.counts.orders_deleted += n;
        Ok(n > 0)
    }

    /// Tombstones the customer `platform_id`, as [`Writer::delete_order`]. Their orders stay
    /// (and count as guest orders), as on the platforms, which keep orders of deleted customers.
    pub fn delete_customer(&mut self, platform_id: &str, deleted_at: i64) -> Result<bool> {
        let n = self.tombstone("customers", RawKind::Customer, platform_id, deleted_at)?;
        self.counts.customers_deleted += n;
        Ok(n > 0)
    }

    /// The body of both deletes: tombstones the live row `platform_id` of `table` and drops
    /// its raw payload (of `kind`). Returns the rows tombstoned (0 or 1).
    fn tombstone(
        &self,
        table: &str,
        kind: RawKind,
        platform_id: &str,
        deleted_at: i64,
    ) -> Result<u64> {
        let sql = format!(
            "UPDATE {table} SET deleted_at = ?3 \
             WHERE store_id = ?1 AND platform_id = ?2 AND deleted_at IS NULL"
        );
        let n = self.tx.prepare_cached(&sql)?.execute(params![
            self.store_id,
            platform_id,
            deleted_at
        ])?;
        self.drop_raw(kind, platform_id)?;
        Ok(n as u64)
    }

    fn drop_raw(&self, kind: RawKind, platform_id: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "DELETE FROM raw_payloads WHERE store_id = ?1 AND kind = ?2 AND platform_id = ?3",
            )?
            .execute(params![self.store_id, kind.as_str(), platform_id])?;
        Ok(())
    }

    /// Erases a customer's personal data (a GDPR erasure request): name, email, phone and tags
    /// are blanked, the email on their orders too, and the raw payloads of the customer, their
    /// orders and their refunds are deleted (payloads hold addresses). The platform id becomes
    /// `erased:<row id>`: not a hash, since a hash of an email (CSV keys) is reversed by
    /// guessing. Orders, lines and refunds keep their numbers, dates, country and consent flag,
    /// so the analytics stay the same. Returns whether the customer was found.
    ///
    /// A later file or sync that carries the person again creates a new customer: erasing is
    /// also the platform's job (Shopify's `customers/redact`).
    pub fn anonymise_customer(&mut self, platform_id: &str) -> Result<bool> {
        let Some(id) = self.lookup("customers", platform_id)? else {
            return Ok(false);
        };
        let tx = self.tx;
        tx.execute(
            "DELETE FROM raw_payloads WHERE store_id = ?1 AND ( \
               (kind = 'customer' AND platform_id = ?2) \
               OR (kind = 'order' AND platform_id IN (SELECT platform_id FROM orders WHERE customer_id = ?3)) \
               OR (kind = 'refund' AND platform_id IN (SELECT platform_id FROM refunds WHERE customer_id = ?3 \
                   OR order_id IN (SELECT id FROM orders WHERE customer_id = ?3))))",
            params![self.store_id, platform_id, id],
        )?;
        tx.execute(
            "UPDATE customers SET platform_id = 'erased:' || id, email = NULL, \
             email_normalized = NULL, first_name = NULL, last_name = NULL, phone = NULL, \
             tags = NULL WHERE id = ?1",
            [id],
        )?;
        tx.execute(
            "UPDATE orders SET email = NULL WHERE customer_id = ?1",
            [id],
        )?;
        self.customers.remove(platform_id);
        self.customer_changes.remove(platform_id);
        self.counts.customers_anonymised += 1;
        Ok(true)
    }

    /// Saves where the sync of `resource` (orders, customers, …) resumes, in this transaction:
    /// it commits with the page written before it, or not at all.
    pub fn set_checkpoint(&mut self, resource: &str, checkpoint: &Checkpoint) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_checkpoints (store_id, resource, cursor, updated_at, \
                 high_water_mark, tie_breaker, phase, run_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8) \
                 ON CONFLICT (store_id, resource) DO UPDATE SET cursor = excluded.cursor, \
                 updated_at = excluded.updated_at, high_water_mark = excluded.high_water_mark, \
                 tie_breaker = excluded.tie_breaker, phase = excluded.phase, run_id = excluded.run_id",
            )?
            .execute(params![
                self.store_id,
                resource,
                checkpoint.cursor,
                super::unix_now(),
                checkpoint.high_water_mark,
                checkpoint.tie_breaker,
                checkpoint.phase,
                checkpoint.run_id
            ])?;
        Ok(())
    }

    /// Adds this transaction's counts to sync run `run_id` when it commits (so a run's counts
    /// are exactly those of its committed pages).
    pub fn attach_run(&mut self, run_id: i64) {
        self.run = Some(run_id);
    }
}

/// Adds `c` to the counts of run `run` (inside the caller's transaction).
pub(super) fn add_run_counts(tx: &Transaction<'_>, run: i64, c: &WriteCounts) -> Result<()> {
    let found = tx
        .prepare_cached(
            "UPDATE sync_runs SET orders_new = orders_new + ?2, \
             orders_updated = orders_updated + ?3, orders_unchanged = orders_unchanged + ?4, \
             customers_new = customers_new + ?5, customers_updated = customers_updated + ?6, \
             customers_unchanged = customers_unchanged + ?7, refunds_new = refunds_new + ?8, \
             refunds_updated = refunds_updated + ?9, refunds_unchanged = refunds_unchanged + ?10, \
             stale = stale + ?11, deleted = deleted + ?12 WHERE id = ?1 RETURNING id",
        )?
        .query_row(
            params![
                run,
                c.orders_new as i64,
                c.orders_updated as i64,
                c.orders_unchanged as i64,
                c.customers_new as i64,
                c.customers_updated as i64,
                c.customers_unchanged as i64,
                c.refunds_new as i64,
                c.refunds_updated as i64,
                c.refunds_unchanged as i64,
                c.stale as i64,
                (c.orders_deleted + c.customers_deleted) as i64
            ],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    if found.is_none() {
        return Err(crate::StoreError::NoSuchSyncRun(run));
    }
    Ok(())
}
