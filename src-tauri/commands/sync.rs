//! Linked stores: linking a WooCommerce site (Shopify shops are linked from the CLI for now),
//! syncing a store of either platform (as a job with progress and
//! cancel), their sync states, and the schedule that syncs them while the app is open.
//!
//! Every sync runs on a connection of its own (`repeatlens_sync::run_sync` opens it), so the
//! screens keep reading while it writes; the store's `RunLock` keeps a scheduled sync, a "Sync
//! now" and the CLI from running the same store twice. Secrets go to the OS keyring only.

use std::time::Duration;

use repeatlens_store::StoreSpec;
use repeatlens_sync::secrets::{credential_ref, OsKeyring, SecretStore};
use repeatlens_sync::{
    run_sync, store_state, CancelToken, Http, RetryPolicy, StoreState, SyncError, SyncOptions,
    SyncProgress, SyncReport,
};
use repeatlens_woocommerce::{check_site, WooConnector, WooCredentials};
use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;
use crate::ipc::{Ctx, Progress};

/// A linked store and how its syncs are going.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreSyncState {
    /// The store.
    #[ts(type = "number")]
    pub store_id: i64,
    /// `woocommerce`, `shopify`, …
    pub platform: String,
    /// The site or shop it is linked to.
    pub external_id: String,
    /// `ok`, `syncing`, `relink_needed` or `error`, with the message and its code.
    pub state: StoreState,
}

/// The default minutes between scheduled syncs.
pub const DEFAULT_SYNC_INTERVAL_MINUTES: u32 = 30;

fn runtime() -> Result<tokio::runtime::Runtime, AppError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(AppError::internal)
}

crate::ipc_commands! {
    /// Checks a WooCommerce site and its REST API key, then saves the secret in the OS keyring
    /// and creates the store linked to the site. Nothing is saved when the check fails. The
    /// first sync is the UI's next call (`sync_store`), with its progress bar.
    fn link_woocommerce_store(
        cx,
        name: String,
        url: String,
        consumer_key: String,
        consumer_secret: String,
    ) -> StoreSyncState {
        let name = name.trim().to_string();
        let credentials = WooCredentials {
            consumer_key: consumer_key.trim().to_string(),
            consumer_secret: consumer_secret.trim().to_string(),
        };
        let http = Http::new(RetryPolicy::default(), CancelToken::new())?;
        let site = runtime()?.block_on(check_site(&http, &url, &credentials))?;
        let keyring = OsKeyring::default();
        let account = credential_ref("woocommerce", &site.base);
        let secret = serde_json::to_string(&credentials).map_err(AppError::internal)?;
        keyring.set(&account, &secret)?;
        let spec = StoreSpec {
            platform: "woocommerce".into(),
            name: if name.is_empty() { site.title.clone() } else { name },
            currency: site.currency.clone().unwrap_or_else(|| "USD".into()),
            timezone: site.timezone.clone(),
        };
        let mut db = cx.state.db.conn()?;
        let store_id = match db.add_linked_store(&spec, &site.base, &site.base, &account) {
            Ok(id) => id,
            Err(e) => {
                // Nothing half-done: the secret goes with the store that was not made.
                let _ = keyring.delete(&account);
                return Err(e.into());
            }
        };
        cx.store_changed(store_id);
        Ok(StoreSyncState {
            store_id,
            platform: "woocommerce".into(),
            external_id: site.base,
            state: store_state(&db, cx.state.db.path(), store_id)?,
        })
    }

    /// Syncs a linked store as job `job` (cancel with `cancel_job`), streaming progress after
    /// every page; `full` reads everything again. The screens refresh when it ends.
    fn sync_store(
        cx,
        job: String,
        store_id: i64,
        full: bool,
        on_progress: Progress<SyncProgress>,
    ) -> SyncReport {
        let guard = cx.state.jobs.start(&job);
        let cancel = CancelToken::from_flag(guard.cancel.clone());
        let result = sync_linked(cx, store_id, full, cancel, |p| on_progress.send(p.clone()));
        cx.store_changed(store_id);
        result
    }

    /// The sync state of every linked store.
    fn sync_states(cx) -> Vec<StoreSyncState> {
        let db = cx.state.db.conn()?;
        let mut out = Vec::new();
        for l in db.linked_stores()? {
            out.push(StoreSyncState {
                store_id: l.store_id,
                platform: l.platform,
                external_id: l.external_id,
                state: store_state(&db, cx.state.db.path(), l.store_id)?,
            });
        }
        Ok(out)
    }
}

/// One sync of a linked store on a connection of its own.
pub fn sync_linked(
    cx: &Ctx<'_>,
    store_id: i64,
    full: bool,
    cancel: CancelToken,
    progress: impl FnMut(&SyncProgress) + Send,
) -> Result<SyncReport, AppError> {
    let link = {
        let db = cx.state.db.conn()?;
        let name = db.store_info(store_id)?.name;
        db.store_link(store_id)?
            .ok_or(SyncError::NotLinked { store: name })?
    };
    let secret = OsKeyring::default().get(&link.credential_ref)?;
    let options = SyncOptions {
        full,
        retry: RetryPolicy::default(),
    };
    let rt = runtime()?;
    let report = match link.platform.as_str() {
        "woocommerce" => {
            let credentials: WooCredentials = serde_json::from_str(&secret).map_err(|_| {
                SyncError::Keyring(format!(
                    "{}: the saved credentials are not readable: link the store again",
                    link.credential_ref
                ))
            })?;
            let mut connector = WooConnector::for_store(&link.api_base, credentials);
            rt.block_on(run_sync(
                cx.state.db.path(),
                store_id,
                &mut connector,
                &options,
                cancel,
                progress,
            ))
        }
        "shopify" => {
            let credentials: repeatlens_shopify::ShopifyCredentials = serde_json::from_str(&secret)
                .map_err(|_| {
                    SyncError::Keyring(format!(
                        "{}: the saved credentials are not readable: link the store again",
                        link.credential_ref
                    ))
                })?;
            let mut connector =
                repeatlens_shopify::ShopifyConnector::new(&link.api_base, credentials);
            rt.block_on(run_sync(
                cx.state.db.path(),
                store_id,
                &mut connector,
                &options,
                cancel,
                progress,
            ))
        }
        _ => Err(SyncError::NotLinked { store: link.name }),
    };
    Ok(report?)
}

/// Syncs every linked store now and then while the app runs: 2–20 s after start, then every
/// `interval` (± 10 %, so stores and sellers do not all ask at once). A store already syncing
/// (a "Sync now", the CLI) is skipped; failures are recorded in its runs and shown as its state.
pub fn schedule(app: tauri::AppHandle) {
    use rand::Rng;
    use tauri::Manager;
    std::thread::Builder::new()
        .name("sync-schedule".into())
        .spawn(move || {
            let mut wait = Duration::from_millis(rand::thread_rng().gen_range(2_000..=20_000));
            loop {
                std::thread::sleep(wait);
                let state = app.state::<crate::AppState>();
                let cx = Ctx {
                    state: &state,
                    app: Some(&app),
                };
                let minutes = super::stores::get_app_settings(&cx)
                    .ok()
                    .and_then(|s| s.sync_interval_minutes)
                    .unwrap_or(DEFAULT_SYNC_INTERVAL_MINUTES);
                if minutes > 0 {
                    let links = cx
                        .state
                        .db
                        .conn()
                        .ok()
                        .and_then(|db| db.linked_stores().ok())
                        .unwrap_or_default();
                    for l in links {
                        let r = sync_linked(&cx, l.store_id, false, CancelToken::new(), |_| {});
                        let skipped = matches!(&r, Err(e) if e.code == crate::error::code::SYNC_ALREADY_SYNCING);
                        if !skipped {
                            cx.store_changed(l.store_id);
                        }
                    }
                }
                let minutes = minutes.max(1);
                let jitter = rand::thread_rng().gen_range(0.9..=1.1);
                wait = Duration::from_secs(u64::from(minutes) * 60).mul_f64(jitter);
            }
        })
        .expect("start the sync schedule thread");
}
