//! A sync run: pages in, one transaction each, until every resource is done.

use std::path::Path;
use std::time::Instant;

use repeatlens_store::{is_busy, Source, Store, StoreError, SyncStatus, WriteCounts};
use serde::Serialize;

use crate::{CancelToken, Connector, Http, Page, PullRequest, RetryPolicy, RunLock, SyncError};

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Forget the checkpoints and read everything again (`sync --full`). Records are upserts,
    /// so nothing is duplicated; records the platform no longer has stay.
    pub full: bool,
    /// Retries and timeouts.
    pub retry: RetryPolicy,
}

/// Where a run is, after each page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncProgress {
    /// The resource being synced (`orders`, `customers`, …).
    pub resource: &'static str,
    /// Records of it read so far in this pass.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub done: u64,
    /// Records this pass will read, when the platform says.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    /// Records per second since the run started (all resources).
    pub rate_per_sec: f64,
}

/// What a completed run did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    /// The `sync_runs` row.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub run_id: i64,
    /// The store synced.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub store_id: i64,
    /// `backfill` (nothing synced before) or `incremental`.
    pub kind: &'static str,
    /// Pages written.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pages: u64,
    /// Orders added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub orders_new: u64,
    /// Orders changed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub orders_updated: u64,
    /// Orders read again unchanged.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub orders_unchanged: u64,
    /// Customers added.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customers_new: u64,
    /// Customers changed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customers_updated: u64,
    /// Refunds added or changed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refunds_written: u64,
    /// Seconds the run took.
    pub seconds: f64,
}

/// Syncs store `store_id` of the database at `db` with `connector`, on a connection of its
/// own (the app's screens keep reading beside it: WAL).
///
/// Takes the store's [`RunLock`] (else [`SyncError::AlreadySyncing`]), records a `sync_runs`
/// row, and for each resource pulls pages until one says `done`, writing each page with its
/// checkpoint and the run's counts in one transaction. Every error ends the run's row with its
/// [`SyncError::code`]; the committed pages stay and the next run continues after them.
pub async fn run_sync<C: Connector>(
    db: &Path,
    store_id: i64,
    connector: &mut C,
    options: &SyncOptions,
    cancel: CancelToken,
    mut progress: impl FnMut(&SyncProgress) + Send,
) -> Result<SyncReport, SyncError> {
    let mut store = Store::open(db)?;
    let name = store.store_info(store_id)?.name;
    let _lock = RunLock::acquire(db, store_id, &name)?;
    if options.full {
        store.clear_checkpoints(store_id)?;
    }
    let resources = connector.resources();
    let mut kind = "backfill";
    for r in resources {
        if store.checkpoint(store_id, r)?.is_some() {
            kind = "incremental";
        }
    }
    let run_id = store.start_sync_run(store_id, kind)?;
    let started = Instant::now();
    let run_started = repeatlens_store::unix_now();
    let http = Http::new(options.retry.clone(), cancel.clone())?;
    let mut totals = WriteCounts::default();
    let mut pages = 0u64;
    let mut fetched = 0u64;

    let outcome: Result<(), SyncError> = async {
        connector.prepare(&http).await?;
        for &resource in resources {
            let mut checkpoint = store.checkpoint(store_id, resource)?.map(|c| c.checkpoint);
            loop {
                cancel.check()?;
                let mut page = connector
                    .pull(
                        &http,
                        PullRequest {
                            resource,
                            checkpoint: checkpoint.as_ref(),
                            run_started,
                        },
                    )
                    .await?;
                page.checkpoint.run_id = Some(run_id);
                let counts = write_page(&mut store, store_id, run_id, resource, &page)?;
                add(&mut totals, &counts);
                pages += 1;
                fetched += (page.orders.len() + page.customers.len() + page.products.len()) as u64;
                progress(&SyncProgress {
                    resource,
                    done: page.done_in_pass,
                    total: page.total,
                    rate_per_sec: fetched as f64 / started.elapsed().as_secs_f64().max(1e-3),
                });
                let done = page.done;
                checkpoint = Some(page.checkpoint);
                if done {
                    break;
                }
            }
        }
        Ok(())
    }
    .await;

    match outcome {
        Ok(()) => {
            store.finish_sync_run(run_id, SyncStatus::Succeeded, None, None)?;
            Ok(SyncReport {
                run_id,
                store_id,
                kind,
                pages,
                orders_new: totals.orders_new,
                orders_updated: totals.orders_updated,
                orders_unchanged: totals.orders_unchanged,
                customers_new: totals.customers_new,
                customers_updated: totals.customers_updated,
                refunds_written: totals.refunds_new + totals.refunds_updated,
                seconds: started.elapsed().as_secs_f64(),
            })
        }
        Err(e) => {
            let status = match e {
                SyncError::RelinkNeeded { .. } | SyncError::NoReadPermission { .. } => {
                    SyncStatus::RelinkNeeded
                }
                SyncError::Cancelled => SyncStatus::Cancelled,
                _ => SyncStatus::Failed,
            };
            // The run's own error matters more than a failure to record it.
            let _ = store.finish_sync_run(run_id, status, Some(e.code()), Some(&e.to_string()));
            Err(e)
        }
    }
}

/// One page, its checkpoint and the run's counts in one transaction; retried while another
/// connection holds the write lock.
fn write_page(
    store: &mut Store,
    store_id: i64,
    run_id: i64,
    resource: &str,
    page: &Page,
) -> Result<WriteCounts, SyncError> {
    let mut tries = 0;
    loop {
        let result = store.write_store(store_id, Source::Api, |w| {
            for c in &page.customers {
                w.customer(c)?;
            }
            for p in &page.products {
                w.product(p)?;
            }
            for o in &page.orders {
                w.order(o)?;
            }
            for r in &page.refunds {
                w.refund(r)?;
            }
            w.set_checkpoint(resource, &page.checkpoint)?;
            w.attach_run(run_id);
            Ok::<_, StoreError>(())
        });
        match result {
            Ok(((), counts)) => return Ok(counts),
            Err(StoreError::Sql(e)) if is_busy(&e) && tries < 20 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn add(total: &mut WriteCounts, c: &WriteCounts) {
    total.orders_new += c.orders_new;
    total.orders_updated += c.orders_updated;
    total.orders_unchanged += c.orders_unchanged;
    total.customers_new += c.customers_new;
    total.customers_updated += c.customers_updated;
    total.customers_unchanged += c.customers_unchanged;
    total.refunds_new += c.refunds_new;
    total.refunds_updated += c.refunds_updated;
    total.refunds_unchanged += c.refunds_unchanged;
}

/// A linked store's sync state, as `stores` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreState {
    /// `ok`, `syncing`, `relink_needed` or `error`.
    pub state: &'static str,
    /// For `error` and `relink_needed`: what went wrong.
    pub message: Option<String>,
    /// The machine-readable code of that error.
    pub error_code: Option<String>,
    /// When the last successful run ended, UTC Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub last_success: Option<i64>,
}

/// The state of store `store_id` from its runs and its lock: `syncing` while some process
/// holds the lock; else from the newest run (`running` without a lock holder: the process
/// died, an `error` with code `interrupted`).
pub fn store_state(store: &Store, db: &Path, store_id: i64) -> Result<StoreState, SyncError> {
    let last_success = store
        .last_successful_sync(store_id)?
        .and_then(|r| r.finished_at);
    let last = store.last_sync_run(store_id)?;
    let (state, message, code) = if RunLock::is_held(db, store_id) {
        ("syncing", None, None)
    } else {
        match last {
            None => ("ok", None, None),
            Some(r) => match r.status {
                SyncStatus::Succeeded => ("ok", None, None),
                SyncStatus::RelinkNeeded => ("relink_needed", r.error_detail, r.error_code),
                SyncStatus::Running => (
                    "error",
                    Some("the last sync stopped before it finished (the program was closed or killed); the next sync continues from there".into()),
                    Some("interrupted".into()),
                ),
                SyncStatus::Failed | SyncStatus::Cancelled => ("error", r.error_detail, r.error_code),
            },
        }
    };
    Ok(StoreState {
        state,
        message,
        error_code: code,
        last_success,
    })
}
