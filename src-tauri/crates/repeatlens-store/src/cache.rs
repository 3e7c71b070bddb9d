//! The analysis cache: named byte columns saved per (store, key), read back into caller-owned
//! buffers.
//!
//! Why here: the store owns the file and the rule that keeps the cache honest — it is dropped in
//! the same transaction as any write that changes a store's customers, orders or refunds
//! ([`Store::write`]) and on any exchange-rate change ([`Store::write_fx_rates`]), so a cache
//! row that exists describes the rows as they are. The store does not know what the bytes mean
//! (that is `repeatlens-analytics`' column format).
//!
//! Columns are read with SQLite's incremental blob I/O straight into the caller's buffer: no
//! intermediate copy of hundreds of megabytes. Cache rows are never updated and their ids are
//! never reused (AUTOINCREMENT), so a [`ColumnCache`] listed on one connection can be read on
//! another (two threads, two connections): a row read by its id is either exactly the row that
//! was listed or gone (a write dropped the cache meanwhile), which is an error, never a mix.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, MAIN_DB};

use crate::{Result, Store};

/// Largest part a column is split into (SQLite's default blob limit is 1 GB).
const PART_BYTES: usize = 256 << 20;

/// Columns found in the cache for one (store, key); read them with [`Store::read_column`] on
/// any connection to the same file.
#[derive(Debug, Clone)]
pub struct ColumnCache {
    /// Per column: its parts in order as (row id, length).
    columns: HashMap<String, Vec<(i64, usize)>>,
}

impl ColumnCache {
    /// Byte length of a column, if cached.
    pub fn len(&self, name: &str) -> Option<usize> {
        self.columns
            .get(name)
            .map(|parts| parts.iter().map(|p| p.1).sum())
    }

    /// Whether no column is cached.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

impl Store {
    /// Fills `out` with column `name` of `cache` (listed on this or another connection to the
    /// same file); `out` must be exactly [`ColumnCache::len`] bytes.
    pub fn read_column(&self, cache: &ColumnCache, name: &str, out: &mut [u8]) -> Result<()> {
        let parts = cache.columns.get(name).ok_or_else(|| {
            crate::StoreError::Sql(rusqlite::Error::InvalidColumnName(name.to_string()))
        })?;
        let mut at = 0;
        for &(rowid, len) in parts {
            let blob = self
                .conn
                .blob_open(MAIN_DB, c"analysis_cache", c"data", rowid, true)?;
            blob.read_at_exact(&mut out[at..at + len], 0)?;
            at += len;
        }
        if at != out.len() {
            return Err(crate::StoreError::Sql(rusqlite::Error::InvalidColumnName(
                format!("{name}: {at} bytes cached, {} asked", out.len()),
            )));
        }
        Ok(())
    }

    /// The cached columns of `store_id` under `key`, or `None` when there are none (never built,
    /// or dropped by a write since).
    pub fn column_cache(&self, store_id: i64, key: &str) -> Result<Option<ColumnCache>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, id, length(data) FROM analysis_cache \
             WHERE store_id = ?1 AND key = ?2 ORDER BY name, part",
        )?;
        let mut rows = stmt.query(params![store_id, key])?;
        let mut columns: HashMap<String, Vec<(i64, usize)>> = HashMap::new();
        while let Some(r) = rows.next()? {
            columns
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get::<_, i64>(2)? as usize));
        }
        Ok((!columns.is_empty()).then_some(ColumnCache { columns }))
    }

    /// Replaces the cache of `store_id` (every key) with `columns` under `key`, in one
    /// transaction. Returns the bytes written.
    pub fn save_column_cache(
        &mut self,
        store_id: i64,
        key: &str,
        columns: &[(&str, &[u8])],
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let bytes = write_columns(&tx, store_id, key, columns)?;
        tx.commit()?;
        Ok(bytes)
    }

    /// The store's data generation: bumped in the same transaction as every write that drops
    /// its cache. Read it in the same read transaction as the rows ([`Store::read_consistent`]).
    pub fn data_generation(&self, store_id: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT data_generation FROM stores WHERE id = ?1",
            params![store_id],
            |r| r.get(0),
        )?)
    }

    /// [`Store::save_column_cache`], only if the store's rows are still those of `generation`
    /// (checked inside the write transaction). `None`: they changed since; nothing was saved.
    pub fn save_column_cache_if_current(
        &mut self,
        store_id: i64,
        generation: i64,
        key: &str,
        columns: &[(&str, &[u8])],
    ) -> Result<Option<usize>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: Option<i64> = tx
            .query_row(
                "SELECT data_generation FROM stores WHERE id = ?1",
                params![store_id],
                |r| r.get(0),
            )
            .optional()?;
        if now != Some(generation) {
            return Ok(None);
        }
        let bytes = write_columns(&tx, store_id, key, columns)?;
        tx.commit()?;
        Ok(Some(bytes))
    }

    /// Runs `f` inside one read transaction, so every query it makes sees the same committed
    /// state (WAL: a writer committing meanwhile is not seen half).
    pub fn read_consistent<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let out = f(self);
        self.conn.execute_batch("COMMIT")?;
        Ok(out)
    }

    /// Whether `store_id` has a cache under `key` (for tests and diagnostics).
    pub fn has_column_cache(&self, store_id: i64, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM analysis_cache WHERE store_id = ?1 AND key = ?2 LIMIT 1",
                params![store_id, key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// Drops a store's cache (inside the caller's transaction).
/// Replaces the cache of `store_id` with `columns` under `key` inside `tx`; the bytes written.
fn write_columns(
    tx: &rusqlite::Transaction<'_>,
    store_id: i64,
    key: &str,
    columns: &[(&str, &[u8])],
) -> Result<usize> {
    tx.execute(
        "DELETE FROM analysis_cache WHERE store_id = ?1",
        params![store_id],
    )?;
    let mut bytes = 0;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO analysis_cache (store_id, key, name, part, data) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (name, data) in columns {
            // An empty column is still saved (one empty part), so it reads back as present.
            let mut chunks: Vec<&[u8]> = data.chunks(PART_BYTES).collect();
            if chunks.is_empty() {
                chunks.push(&[]);
            }
            for (part, chunk) in chunks.into_iter().enumerate() {
                insert.execute(params![store_id, key, name, part as i64, chunk])?;
                bytes += chunk.len();
            }
        }
    }
    Ok(bytes)
}

pub(crate) fn invalidate_store(tx: &rusqlite::Transaction<'_>, store_id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM analysis_cache WHERE store_id = ?1",
        params![store_id],
    )?;
    tx.execute(
        "UPDATE stores SET data_generation = data_generation + 1 WHERE id = ?1",
        params![store_id],
    )?;
    Ok(())
}

/// Drops every store's cache (exchange rates changed: money converts differently).
pub(crate) fn invalidate_all(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM analysis_cache", [])?;
    tx.execute(
        "UPDATE stores SET data_generation = data_generation + 1",
        [],
    )?;
    Ok(())
}
