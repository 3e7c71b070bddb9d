//! What a platform sync needs from the file besides records: the store's platform identity,
//! checkpoints, the run history and the raw payloads.
//!
//! Why here and not in a sync crate: these rows must be written in the same transactions as
//! the records ([`crate::Writer::set_checkpoint`], [`crate::Writer::attach_run`]), and SQL lives
//! in this crate only. The write side is `writer/sync.rs`.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::rows::text;
use crate::writer::unix_now;
use crate::{Result, Store, StoreError, StoreSpec};

/// The record kind a raw payload describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RawKind {
    /// A [`crate::CustomerRecord`].
    Customer,
    /// An [`crate::OrderRecord`].
    Order,
    /// A [`crate::RefundRecord`].
    Refund,
    /// A [`crate::ProductRecord`].
    Product,
}

impl RawKind {
    /// `customer`, `order`, `refund` or `product`, as stored in `raw_payloads.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            RawKind::Customer => "customer",
            RawKind::Order => "order",
            RawKind::Refund => "refund",
            RawKind::Product => "product",
        }
    }

    fn parse(s: &str) -> Option<RawKind> {
        Some(match s {
            "customer" => RawKind::Customer,
            "order" => RawKind::Order,
            "refund" => RawKind::Refund,
            "product" => RawKind::Product,
            _ => return None,
        })
    }
}

/// One stored payload, borrowed from the row being read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPayload<'a> {
    /// Which kind of record it describes.
    pub kind: RawKind,
    /// The platform id of that record.
    pub platform_id: &'a str,
    /// When it was fetched, UTC Unix seconds.
    pub fetched_at: i64,
    /// The platform's JSON, as received.
    pub json: &'a str,
}

/// Where the sync of one resource resumes (`docs/definitions.md#sync-checkpoints`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// The platform's page cursor / offset / bulk operation id, as text.
    pub cursor: Option<String>,
    /// The newest `updated_at` (UTC seconds) fully written; the next run re-reads from a little
    /// below it (the overlap window).
    pub high_water_mark: Option<i64>,
    /// The platform id at the high-water mark (equal timestamps).
    pub tie_breaker: Option<String>,
    /// `backfill`, `incremental`, …: the connector's own words.
    pub phase: Option<String>,
    /// The sync run that wrote it.
    pub run_id: Option<i64>,
}

/// A checkpoint as stored, with when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCheckpoint {
    /// Where the sync resumes.
    pub checkpoint: Checkpoint,
    /// When it was committed, UTC Unix seconds.
    pub updated_at: i64,
}

/// How a sync run ended (or that it has not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// Started and not finished (or its process died: the next start marks it failed).
    Running,
    /// Every page was written.
    Succeeded,
    /// Stopped by an error (`error_code` says which).
    Failed,
    /// Stopped on request before the end.
    Cancelled,
    /// The platform refused the credentials: the seller must link the store again.
    RelinkNeeded,
}

impl SyncStatus {
    /// The snake_case name stored in `sync_runs.status` (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            SyncStatus::Running => "running",
            SyncStatus::Succeeded => "succeeded",
            SyncStatus::Failed => "failed",
            SyncStatus::Cancelled => "cancelled",
            SyncStatus::RelinkNeeded => "relink_needed",
        }
    }

    fn parse(s: &str) -> SyncStatus {
        match s {
            "running" => SyncStatus::Running,
            "succeeded" => SyncStatus::Succeeded,
            "cancelled" => SyncStatus::Cancelled,
            "relink_needed" => SyncStatus::RelinkNeeded,
            _ => SyncStatus::Failed,
        }
    }
}

/// One row of sync history. Counts are those of the run's committed pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncRun {
    /// Row id, as returned by [`Store::start_sync_run`].
    pub id: i64,
    /// The store synced.
    pub store_id: i64,
    /// `backfill`, `incremental`, …: the connector's own words.
    pub kind: String,
    /// When it started, UTC Unix seconds.
    pub started_at: i64,
    /// When it ended, UTC Unix seconds; `None` while running.
    pub finished_at: Option<i64>,
    /// How it ended, or that it has not.
    pub status: SyncStatus,
    /// Orders added.
    pub orders_new: i64,
    /// Orders changed.
    pub orders_updated: i64,
    /// Orders received but left as they were.
    pub orders_unchanged: i64,
    /// Customers added.
    pub customers_new: i64,
    /// Customers changed.
    pub customers_updated: i64,
    /// Customers received but left as they were.
    pub customers_unchanged: i64,
    /// Refunds added.
    pub refunds_new: i64,
    /// Refunds changed.
    pub refunds_updated: i64,
    /// Refunds received but left as they were.
    pub refunds_unchanged: i64,
    /// Of the unchanged records: those the stored row won over ([`crate::WriteCounts::stale`]).
    pub stale: i64,
    /// Orders and customers tombstoned.
    pub deleted: i64,
    /// Machine-readable failure (`rate_limited`, `auth_revoked`, `interrupted`, …).
    pub error_code: Option<String>,
    /// The failure in words.
    pub error_detail: Option<String>,
}

/// How a linked store is reached: what the sync engine needs besides its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreLink {
    /// The store's row id.
    pub store_id: i64,
    /// The seller's name for it.
    pub name: String,
    /// `shopify`, `woocommerce`, …
    pub platform: String,
    /// The platform identity (shop domain, site URL): unique per platform.
    pub external_id: String,
    /// The URL the connector talks to.
    pub api_base: String,
    /// The OS keyring entry holding the store's secrets (never the secrets).
    pub credential_ref: String,
}

impl Store {
    /// Creates the store `spec` linked to (`spec.platform`, `external_id`), reached at
    /// `api_base` with the secrets in keyring entry `credential_ref`. Fails with
    /// [`StoreError::AlreadyLinked`] when that identity is taken and with
    /// [`StoreError::NameTaken`] when the name is.
    pub fn add_linked_store(
        &mut self,
        spec: &StoreSpec,
        external_id: &str,
        api_base: &str,
        credential_ref: &str,
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        if let Some(name) = tx
            .query_row(
                "SELECT name FROM stores WHERE platform = ?1 AND external_id = ?2",
                params![spec.platform, external_id],
                |r| r.get::<_, String>(0),
            )
            .optional()?
        {
            return Err(StoreError::AlreadyLinked {
                external_id: external_id.to_string(),
                store: name,
            });
        }
        let taken = tx
            .query_row("SELECT 1 FROM stores WHERE name = ?1", [&spec.name], |_| {
                Ok(())
            })
            .optional()?;
        if taken.is_some() {
            return Err(StoreError::NameTaken(spec.name.clone()));
        }
        tx.execute(
            "INSERT INTO stores (platform, name, currency, timezone, created_at, external_id, \
             api_base, credential_ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                spec.platform,
                spec.name,
                spec.currency,
                spec.timezone,
                unix_now(),
                external_id,
                api_base,
                credential_ref
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// The link of store `store_id`, or `None` when it is not linked to a platform (a store of
    /// file imports).
    pub fn store_link(&self, store_id: i64) -> Result<Option<StoreLink>> {
        Ok(self.links("WHERE id = ?1", [store_id])?.into_iter().next())
    }

    /// Every linked store, by name.
    pub fn linked_stores(&self) -> Result<Vec<StoreLink>> {
        self.links("", [])
    }

    fn links(&self, filter: &str, p: impl rusqlite::Params) -> Result<Vec<StoreLink>> {
        let sql = format!(
            "SELECT id, name, platform, external_id, api_base, credential_ref FROM ( \
               SELECT * FROM stores WHERE external_id IS NOT NULL AND api_base IS NOT NULL \
               AND credential_ref IS NOT NULL) {filter} ORDER BY name"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(p, |r| {
            Ok(StoreLink {
                store_id: r.get(0)?,
                name: r.get(1)?,
                platform: r.get(2)?,
                external_id: r.get(3)?,
                api_base: r.get(4)?,
                credential_ref: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The store's newest sync run, if it was ever synced.
    pub fn last_sync_run(&self, store_id: i64) -> Result<Option<SyncRun>> {
        Ok(self.sync_runs(store_id)?.into_iter().next())
    }

    /// The store's newest run that succeeded.
    pub fn last_successful_sync(&self, store_id: i64) -> Result<Option<SyncRun>> {
        Ok(self
            .sync_runs(store_id)?
            .into_iter()
            .find(|r| r.status == SyncStatus::Succeeded))
    }

    /// Forgets every checkpoint of a store (a `--full` re-sync starts from the beginning).
    pub fn clear_checkpoints(&mut self, store_id: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM sync_checkpoints WHERE store_id = ?1",
            [store_id],
        )?;
        Ok(())
    }
}

impl Store {
    /// The store linked to `external_id` on `platform` (shop domain, site URL, eBay user, Etsy
    /// shop id), if any.
    pub fn store_by_external_id(&self, platform: &str, external_id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM stores WHERE platform = ?1 AND external_id = ?2",
                params![platform, external_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The store linked to (`spec.platform`, `external_id`), created from `spec` when there is
    /// none. Its name must then be free (names are unique): link an existing store instead with
    /// [`Store::link_store`].
    pub fn ensure_linked_store(&mut self, spec: &StoreSpec, external_id: &str) -> Result<i64> {
        if let Some(id) = self.store_by_external_id(&spec.platform, external_id)? {
            return Ok(id);
        }
        self.conn.execute(
            "INSERT INTO stores (platform, name, currency, timezone, created_at, external_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                spec.platform,
                spec.name,
                spec.currency,
                spec.timezone,
                unix_now(),
                external_id
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Gives an existing store (e.g. one filled from CSV exports) its platform identity, so the
    /// sync writes into it and its file records are superseded in place. Fails when another
    /// store already has that identity.
    pub fn link_store(&mut self, store_id: i64, platform: &str, external_id: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE stores SET platform = ?2, external_id = ?3 WHERE id = ?1",
            params![store_id, platform, external_id],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchStore(store_id.to_string()));
        }
        Ok(())
    }

    /// The checkpoint of `resource` for a store, if one was committed.
    pub fn checkpoint(&self, store_id: i64, resource: &str) -> Result<Option<SavedCheckpoint>> {
        Ok(self
            .conn
            .query_row(
                "SELECT cursor, high_water_mark, tie_breaker, phase, run_id, updated_at \
                 FROM sync_checkpoints WHERE store_id = ?1 AND resource = ?2",
                params![store_id, resource],
                |r| {
                    Ok(SavedCheckpoint {
                        checkpoint: Checkpoint {
                            cursor: r.get(0)?,
                            high_water_mark: r.get(1)?,
                            tie_breaker: r.get(2)?,
                            phase: r.get(3)?,
                            run_id: r.get(4)?,
                        },
                        updated_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the start of a sync run (`kind`: backfill, incremental, …) and returns its id.
    /// Runs of the store still marked running belong to a process that died: they are marked
    /// failed with error code `interrupted`.
    pub fn start_sync_run(&mut self, store_id: i64, kind: &str) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE sync_runs SET status = 'failed', error_code = 'interrupted', \
             finished_at = ?2 WHERE store_id = ?1 AND status = 'running'",
            params![store_id, unix_now()],
        )?;
        tx.execute(
            "INSERT INTO sync_runs (store_id, kind, started_at, status) VALUES (?1, ?2, ?3, 'running')",
            params![store_id, kind, unix_now()],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Ends a run with `status` and, for a failure, a machine-readable code and a detail.
    pub fn finish_sync_run(
        &mut self,
        run_id: i64,
        status: SyncStatus,
        error_code: Option<&str>,
        error_detail: Option<&str>,
    ) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE sync_runs SET status = ?2, finished_at = ?3, error_code = ?4, error_detail = ?5 \
             WHERE id = ?1",
            params![run_id, status.as_str(), unix_now(), error_code, error_detail],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchSyncRun(run_id));
        }
        Ok(())
    }

    /// A store's sync runs, newest first.
    pub fn sync_runs(&self, store_id: i64) -> Result<Vec<SyncRun>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, store_id, kind, started_at, finished_at, status, orders_new, orders_updated, \
             orders_unchanged, customers_new, customers_updated, customers_unchanged, refunds_new, \
             refunds_updated, refunds_unchanged, stale, deleted, error_code, error_detail \
             FROM sync_runs WHERE store_id = ?1 ORDER BY started_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([store_id], |r| {
            Ok(SyncRun {
                id: r.get(0)?,
                store_id: r.get(1)?,
                kind: r.get(2)?,
                started_at: r.get(3)?,
                finished_at: r.get(4)?,
                status: SyncStatus::parse(&r.get::<_, String>(5)?),
                orders_new: r.get(6)?,
                orders_updated: r.get(7)?,
                orders_unchanged: r.get(8)?,
                customers_new: r.get(9)?,
                customers_updated: r.get(10)?,
                customers_unchanged: r.get(11)?,
                refunds_new: r.get(12)?,
                refunds_updated: r.get(13)?,
                refunds_unchanged: r.get(14)?,
                stale: r.get(15)?,
                deleted: r.get(16)?,
                error_code: r.get(17)?,
                error_detail: r.get(18)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every raw payload of a store (of one kind, or all), by kind then platform id: what a
    /// local re-derive reads instead of re-syncing.
    pub fn scan_raw_payloads(
        &self,
        store_id: i64,
        kind: Option<RawKind>,
        mut f: impl FnMut(RawPayload<'_>),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, platform_id, fetched_at, json FROM raw_payloads \
             WHERE store_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY kind, platform_id",
        )?;
        let mut rows = stmt.query(params![store_id, kind.map(RawKind::as_str)])?;
        while let Some(r) = rows.next()? {
            let Some(kind) = text(r, 0)?.and_then(RawKind::parse) else {
                continue;
            };
            f(RawPayload {
                kind,
                platform_id: text(r, 1)?.unwrap_or_default(),
                fetched_at: r.get(2)?,
                json: text(r, 3)?.unwrap_or_default(),
            });
        }
        Ok(())
    }

    /// Erases a customer's personal data in one transaction: [`crate::Writer::anonymise_customer`].
    pub fn anonymise_customer(&mut self, store_id: i64, platform_id: &str) -> Result<bool> {
        let (found, _) = self.write_store(store_id, crate::Source::File, |w| {
            w.anonymise_customer(platform_id)
        })?;
        Ok(found)
    }
}
