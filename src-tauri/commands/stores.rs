//! The store list, app information, app settings and deleting a store.

use repeatlens_store::StoreSummary;

use super::dto::{AppInfo, AppSettings};

const APP_SETTINGS: &str = "app";

crate::ipc_commands! {
    /// Version, database path and the sample data's credit.
    fn app_info(cx) -> AppInfo {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: cx.state.db.path().display().to_string(),
            sample_credit: repeatlens_bundled::CREDIT.to_string(),
        })
    }

    /// Every store with its counts.
    fn list_stores(cx) -> Vec<StoreSummary> {
        Ok(cx.state.db.conn()?.stores()?)
    }

    /// Called by the UI once its first screen is interactive; logs the time since process start
    /// (the figure the start-up benchmark reads).
    fn first_screen_ready(cx) -> u64 {
        let ms = cx.state.started.elapsed().as_millis() as u64;
        eprintln!("repeatlens: first screen ready after {ms} ms");
        if std::env::var_os("REPEATLENS_EXIT_WHEN_READY").is_some() {
            std::process::exit(0);
        }
        Ok(ms)
    }

    /// The app-wide settings (defaults if none are saved).
    fn get_app_settings(cx) -> AppSettings {
        Ok(cx
            .state
            .db
            .conn()?
            .setting(APP_SETTINGS)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Saves the app-wide settings.
    fn save_app_settings(cx, settings: AppSettings) -> () {
        let json = serde_json::to_string(&settings).map_err(crate::error::AppError::internal)?;
        cx.state.db.conn()?.set_setting(APP_SETTINGS, &json)?;
        Ok(())
    }

    /// Deletes a store with all its rows, snapshots and settings, and for a linked store its
    /// OS keyring entry; false if it did not exist. Refused while the store syncs.
    fn delete_store(cx, store_id: i64) -> bool {
        use repeatlens_sync::secrets::SecretStore;
        let mut db = cx.state.db.conn()?;
        let Some(info) = db.store_infos()?.into_iter().find(|s| s.id == store_id) else {
            return Ok(false);
        };
        let _lock = repeatlens_sync::RunLock::acquire(cx.state.db.path(), store_id, &info.name)?;
        if let Some(link) = db.store_link(store_id)? {
            repeatlens_sync::secrets::OsKeyring::default().delete(&link.credential_ref)?;
        }
        let deleted = db.delete_store(store_id)?;
        drop(db);
        cx.state.analyses.forget_store(store_id);
        if deleted {
            cx.store_changed(store_id);
        }
        Ok(deleted)
    }

    /// Asks a running job (an import) to stop; it rolls back and keeps nothing. False if no job
    /// of that id runs.
    fn cancel_job(cx, job: String) -> bool {
        Ok(cx.state.jobs.cancel(&job))
    }
}
