//! Writing batches of records in one transaction, keyed by platform ids.
//!
//! Each record is looked up by `(store_id, platform_id)` first: absent → inserted; present →
//! updated only where a column really differs, so a re-import of the same file changes no row
//! and is reported as "unchanged". Customer and product records may be partial (an orders file
//! knows a buyer's email but not their phone): their `None` fields keep what is stored.
//!
//! # Which version of a record wins
//!
//! A store can hold the same order twice over time: first from a CSV export, later from the
//! platform's API once the seller links the store. The rule, applied to every record kind, is
//! [`verdict`]:
//! 1. **API beats file.** An `api` record with the key of a stored `file` row updates that row in
//!    place and flips its `source` to `api`. A `file` record never overwrites an `api` row: it
//!    is counted unchanged (and `stale`). The API is the fuller, fresher description; a CSV
//!    export is a snapshot that may be older than the last sync.
//! 2. **Newer beats older.** A record whose `updated_at` is older than the stored row's is
//!    counted unchanged (and `stale`): pages can arrive out of order and overlap windows re-read
//!    old versions. Equal or unknown timestamps fall through to the column comparison.
//! 3. **Tombstones stay** unless an `api` record newer than the deletion revives the row.
//!
//! Keys that differ between a CSV and the API are bridged in two places only:
//! - customers: CSV exports without customer ids are keyed by the normalized email. An `api`
//!   customer not found by id *adopts* the `file` customer keyed by its email (the row's
//!   platform id becomes the API id, its orders stay attached); a later `file` record keyed by
//!   that email resolves to the `api` customer and is skipped. No duplicate customers.
//! - refunds: a CSV knows an order's refunded amount, not its refunds (Shopify's
//!   `<order id>/refund`). When an order becomes `api`, its `file` refunds are deleted, and
//!   `file` refunds of an `api` order are skipped: the API's refunds (keyed by the platform's
//!   refund id) are the order's refunds from then on. No double-counted refunds.
//!   Orders must use the same id in both (Shopify CSV `Id` = the API's legacy numeric id).
//!
//! Raw payloads go to `raw_payloads`, never into the compared rows: a volatile JSON field
//! neither counts as "updated" nor invalidates the analysis cache.

mod customers;
mod orders;
mod refunds;
mod sync;

use std::collections::HashMap;

use rusqlite::types::ToSql;
use rusqlite::{params, OptionalExtension, Params, Transaction};

use crate::model::*;
use crate::{Result, Store};

/// What writing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing was stored under its key: inserted.
    New,
    /// Stored, and some column differed: brought up to date.
    Updated,
    /// Stored and equal, or left alone because the stored row wins (then also `stale`).
    Unchanged,
}

/// Totals of one [`Store::write`] call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteCounts {
    /// Orders inserted.
    pub orders_new: u64,
    /// Orders (or their lines) changed.
    pub orders_updated: u64,
    /// Orders equal to the stored ones, or left alone.
    pub orders_unchanged: u64,
    /// Customers inserted.
    pub customers_new: u64,
    /// Customers changed.
    pub customers_updated: u64,
    /// Customers equal to the stored ones, or left alone.
    pub customers_unchanged: u64,
    /// Refunds inserted.
    pub refunds_new: u64,
    /// Refunds changed.
    pub refunds_updated: u64,
    /// Refunds equal to the stored ones, or left alone.
    pub refunds_unchanged: u64,
    /// Products inserted or changed (reference data, not part of new/updated/unchanged).
    pub products_written: u64,
    /// Of the unchanged records above: those left alone because the stored row wins (older
    /// `updated_at`, a file record for an API row, a tombstoned row).
    pub stale: u64,
    /// Orders and customers tombstoned by [`Writer::delete_order`] / [`Writer::delete_customer`].
    pub orders_deleted: u64,
    /// Customers tombstoned by [`Writer::delete_customer`].
    pub customers_deleted: u64,
    /// Customers erased by [`Writer::anonymise_customer`].
    pub customers_anonymised: u64,
    /// File refunds dropped because their order became an API order.
    pub file_refunds_replaced: u64,
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
            + self.orders_deleted
            + self.customers_deleted
            + self.customers_anonymised
            + self.file_refunds_replaced
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

/// What is stored under a key, as far as deciding who wins needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stored {
    pub id: i64,
    pub source: Source,
    pub updated_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

/// The outcome of [`verdict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Compare and update.
    Write,
    /// Compare and update, and clear the tombstone.
    Revive,
    /// Leave the stored row alone (counted unchanged and stale).
    Stale,
}

/// The supersede rule (module docs): may a record of `source` last changed at `updated_at`
/// overwrite `stored`? The one place it is decided, for orders, customers and refunds:
/// a `file` record never overwrites an `api` row; a tombstoned row stays unless an `api`
/// record newer than its deletion revives it; an older `updated_at` never overwrites a newer
/// one (equal or unknown timestamps write, and the column comparison decides).
pub(crate) fn verdict(stored: &Stored, source: Source, updated_at: Option<i64>) -> Verdict {
    if stored.source == Source::Api && source == Source::File {
        return Verdict::Stale;
    }
    if let Some(deleted) = stored.deleted_at {
        return match updated_at {
            Some(u) if source == Source::Api && u > deleted => Verdict::Revive,
            _ => Verdict::Stale,
        };
    }
    match (updated_at, stored.updated_at) {
        (Some(new), Some(old)) if new < old => Verdict::Stale,
        _ => Verdict::Write,
    }
}

/// The parameters of a statement that binds `key` and then `values`. A record's INSERT (keyed
/// by store id and platform id) and its UPDATE (keyed by row id) bind the same column values:
/// each record kind lists them once.
fn keyed<'a>(key: &'a [&'a dyn ToSql], values: &'a [&'a dyn ToSql]) -> impl Params + 'a {
    rusqlite::params_from_iter(key.iter().chain(values))
}

/// The write side of one transaction. Obtained from [`Store::write`] or [`Store::write_store`].
pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    store_id: i64,
    source: Source,
    /// When this transaction's raw payloads were fetched (its start).
    fetched_at: i64,
    customers: HashMap<String, i64>,
    orders: HashMap<String, i64>,
    products: HashMap<String, ()>,
    counts: WriteCounts,
    /// How each customer written in this transaction was counted: a customer written again in
    /// the same transaction (a streamed import fills one in) is not counted twice.
    customer_changes: HashMap<String, Change>,
    /// The store was created by this transaction: nothing can exist yet, so lookups are skipped.
    fresh_store: bool,
    /// The sync run whose counts this transaction adds to ([`Writer::attach_run`]).
    run: Option<i64>,
}

impl Store {
    /// Runs `f` inside one transaction against the store described by `spec` (created when new).
    /// If `f` returns an error, or the process dies before the end, nothing of it is kept.
    /// Records are written as file imports ([`Source::File`]).
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
        let (value, counts) = run_in(tx, store_id, fresh_store, Source::File, f)?;
        Ok((value, counts, store_id))
    }

    /// Like [`Store::write`], for an existing store by id and records of `source` (a sync
    /// writes [`Source::Api`], one call per page, with [`Writer::set_checkpoint`] inside).
    pub fn write_store<T, E>(
        &mut self,
        store_id: i64,
        source: Source,
        f: impl FnOnce(&mut Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<(T, WriteCounts), E>
    where
        E: From<crate::StoreError>,
    {
        let tx = self
            .conn
            .transaction()
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        let exists = tx
            .query_row("SELECT 1 FROM stores WHERE id = ?1", [store_id], |_| Ok(()))
            .optional()
            .map_err(|e| E::from(crate::StoreError::from(e)))?;
        if exists.is_none() {
            return Err(E::from(crate::StoreError::NoSuchStore(
                store_id.to_string(),
            )));
        }
        run_in(tx, store_id, false, source, f)
    }
}

/// The body of both writes: `f`, then the run's counts, the cache invalidation and the commit.
fn run_in<T, E>(
    tx: Transaction<'_>,
    store_id: i64,
    fresh_store: bool,
    source: Source,
    f: impl FnOnce(&mut Writer<'_>) -> std::result::Result<T, E>,
) -> std::result::Result<(T, WriteCounts), E>
where
    E: From<crate::StoreError>,
{
    let mut writer = Writer {
        tx: &tx,
        store_id,
        source,
        fetched_at: unix_now(),
        customers: HashMap::new(),
        orders: HashMap::new(),
        products: HashMap::new(),
        counts: WriteCounts::default(),
        customer_changes: HashMap::new(),
        fresh_store,
        run: None,
    };
    let value = f(&mut writer)?;
    let counts = std::mem::take(&mut writer.counts);
    let run = writer.run;
    drop(writer);
    if let Some(run) = run {
        sync::add_run_counts(&tx, run, &counts).map_err(E::from)?;
    }
    if counts.changed_analysed_rows() {
        crate::cache::invalidate_store(&tx, store_id).map_err(E::from)?;
    }
    tx.commit()
        .map_err(|e| E::from(crate::StoreError::from(e)))?;
    Ok((value, counts))
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
    /// The store this transaction writes to.
    pub fn store_id(&self) -> i64 {
        self.store_id
    }

    /// Where this transaction's records come from.
    pub fn source(&self) -> Source {
        self.source
    }

    /// What this transaction has written so far.
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

    /// What is stored under `platform_id` in `table` (orders, customers: with their timestamps;
    /// refunds have neither `updated_at` nor tombstones).
    fn stored(&self, table: &str, platform_id: &str) -> Result<Option<Stored>> {
        if self.fresh_store {
            return Ok(None);
        }
        let times = if table == "refunds" {
            "NULL, NULL"
        } else {
            "updated_at, deleted_at"
        };
        let sql = format!(
            "SELECT id, source, {times} FROM {table} WHERE store_id = ?1 AND platform_id = ?2"
        );
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![self.store_id, platform_id], read_stored)
            .optional()?)
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
}

fn read_stored(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        id: r.get(0)?,
        source: Source::parse(&r.get::<_, String>(1)?),
        updated_at: r.get(2)?,
        deleted_at: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(source: Source, updated_at: Option<i64>, deleted_at: Option<i64>) -> Stored {
        Stored {
            id: 1,
            source,
            updated_at,
            deleted_at,
        }
    }

    #[test]
    fn api_beats_file_whatever_the_timestamps() {
        let api_row = stored(Source::Api, Some(100), None);
        for t in [None, Some(50), Some(100), Some(200)] {
            assert_eq!(verdict(&api_row, Source::File, t), Verdict::Stale, "{t:?}");
        }
        let file_row = stored(Source::File, Some(100), None);
        assert_eq!(verdict(&file_row, Source::Api, Some(200)), Verdict::Write);
        assert_eq!(verdict(&file_row, Source::Api, None), Verdict::Write);
    }

    #[test]
    fn an_older_updated_at_never_overwrites_a_newer_one() {
        for (row, rec) in [
            (Source::File, Source::File),
            (Source::Api, Source::Api),
            (Source::File, Source::Api),
        ] {
            let s = stored(row, Some(100), None);
            assert_eq!(
                verdict(&s, rec, Some(99)),
                Verdict::Stale,
                "{row:?} {rec:?}"
            );
            assert_eq!(
                verdict(&s, rec, Some(101)),
                Verdict::Write,
                "{row:?} {rec:?}"
            );
        }
    }

    #[test]
    fn equal_or_unknown_timestamps_fall_through_to_the_comparison() {
        let s = stored(Source::Api, Some(100), None);
        assert_eq!(verdict(&s, Source::Api, Some(100)), Verdict::Write);
        assert_eq!(verdict(&s, Source::Api, None), Verdict::Write);
        let unknown = stored(Source::File, None, None);
        assert_eq!(verdict(&unknown, Source::File, Some(1)), Verdict::Write);
        assert_eq!(verdict(&unknown, Source::File, None), Verdict::Write);
    }

    #[test]
    fn tombstones_stay_unless_a_newer_api_record_revives_them() {
        let api_dead = stored(Source::Api, Some(100), Some(150));
        assert_eq!(verdict(&api_dead, Source::Api, Some(151)), Verdict::Revive);
        assert_eq!(verdict(&api_dead, Source::Api, Some(150)), Verdict::Stale);
        assert_eq!(verdict(&api_dead, Source::Api, Some(120)), Verdict::Stale);
        assert_eq!(verdict(&api_dead, Source::Api, None), Verdict::Stale);
        assert_eq!(verdict(&api_dead, Source::File, Some(200)), Verdict::Stale);
        let file_dead = stored(Source::File, Some(100), Some(150));
        assert_eq!(verdict(&file_dead, Source::Api, Some(151)), Verdict::Revive);
        assert_eq!(verdict(&file_dead, Source::File, Some(200)), Verdict::Stale);
    }
}
