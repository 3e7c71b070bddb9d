//! Linked stores through the app's commands, against the WooCommerce mock on 127.0.0.1 with the
//! real OS keyring (`.ci/test` runs a throwaway GNOME Keyring; `REPEATLENS_REQUIRE_KEYRING=1`
//! makes its absence a failure): link, a first sync with progress, the screens paging customers
//! and analysing while the sync runs, one sync per store, cancel by job id, the states, and
//! deleting a linked store removes its keyring entry.

use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use repeatlens_app::commands::dto::{AnalysisSettings, CustomerQuery, ImportProgress};
use repeatlens_app::commands::{analysis, imports, stores, sync};
use repeatlens_app::ipc::{Ctx, Progress};
use repeatlens_app::{error::code, AppState};
use repeatlens_mock_platforms::woo::{WooConfig, WooData, WooMock};
use repeatlens_sync::secrets::{OsKeyring, SecretStore};
use repeatlens_sync::SyncProgress;

const KEY: &str = "ck_app_5e1f";
const SECRET: &str = "cs_app_7a2b9c";

fn keyring_available() -> bool {
    let k = OsKeyring::default();
    let probe = format!(
        "repeatlens-test:app-probe:{:?}",
        std::thread::current().id()
    );
    let ok = k.set(&probe, "x").and_then(|_| k.get(&probe));
    let _ = k.delete(&probe);
    match ok {
        Ok(v) if v == "x" => true,
        other => {
            if std::env::var_os("REPEATLENS_REQUIRE_KEYRING").is_some() {
                panic!("the OS keyring does not answer: {other:?}");
            }
            eprintln!("skipped: no OS keyring here ({other:?}); .ci/test provides one");
            false
        }
    }
}

fn answers<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("{what} did not answer while the sync was running"))
}

#[test]
fn a_linked_store_syncs_while_the_screens_keep_answering() {
    if !keyring_available() {
        return;
    }
    let mock = WooMock::start(
        WooConfig {
            consumer_key: KEY.into(),
            consumer_secret: SECRET.into(),
            latency: Duration::from_millis(2),
            ..WooConfig::default()
        },
        WooData::generated(31, 640),
    );
    let listed = mock.with_data(|d| d.orders.values().filter(|o| o.status != "trash").count());
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(AppState::open(&dir.path().join("s.sqlite"), Instant::now()).unwrap());
    let cx = Ctx {
        state: &state,
        app: None,
    };
    let sample =
        imports::load_sample_store(&cx, "sample".into(), Progress::new(|_: ImportProgress| {}))
            .unwrap();
    let view = analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();

    // A wrong secret is refused before anything is saved.
    let e = sync::link_woocommerce_store(
        &cx,
        "Woo".into(),
        mock.base_url(),
        KEY.into(),
        "cs_wrong".into(),
    )
    .unwrap_err();
    assert!(
        e.code == code::SYNC_RELINK_NEEDED || e.code == code::SYNC_NO_READ_PERMISSION,
        "{e:?}"
    );
    assert_eq!(stores::list_stores(&cx).unwrap().len(), 1);
    let linked = sync::link_woocommerce_store(
        &cx,
        "Woo".into(),
        mock.base_url(),
        KEY.into(),
        SECRET.into(),
    )
    .unwrap();
    assert_eq!(linked.state.state, "ok");
    let account = format!("woocommerce:{}", mock.base_url());
    assert!(OsKeyring::default().get(&account).unwrap().contains(SECRET));

    // The first sync pauses in its first orders progress event (its lock held, pages
    // committed) until the screens have answered.
    let (paused_tx, paused_rx) = mpsc::channel::<()>();
    let release = Arc::new((Mutex::new(false), Condvar::new()));
    let events = Arc::new(Mutex::new(Vec::<SyncProgress>::new()));
    let progress = {
        let (release, events) = (release.clone(), events.clone());
        let paused_tx = Mutex::new(Some(paused_tx));
        Progress::new(move |p: SyncProgress| {
            events.lock().unwrap().push(p.clone());
            if p.resource == "orders" {
                if let Some(tx) = paused_tx.lock().unwrap().take() {
                    let _ = tx.send(());
                    let (lock, cv) = &*release;
                    let mut go = lock.lock().unwrap();
                    while !*go {
                        go = cv.wait(go).unwrap();
                    }
                }
            }
        })
    };
    let syncing = {
        let state = state.clone();
        let id = linked.store_id;
        std::thread::spawn(move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            sync::sync_store(&cx, "first-sync".into(), id, false, progress)
        })
    };
    paused_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the sync reached its orders");
    let page = {
        let state = state.clone();
        answers("the customer table", move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            analysis::customers_page(
                &cx,
                view.analysis_id,
                CustomerQuery {
                    limit: 50,
                    ..Default::default()
                },
            )
        })
        .unwrap()
    };
    assert_eq!(
        page.total, 4372,
        "the sample store's customers (UCI Online Retail)"
    );
    let partial = {
        let state = state.clone();
        let id = linked.store_id;
        answers("analysing the store being synced", move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            analysis::analyze_store(&cx, id, AnalysisSettings::default())
        })
    };
    assert!(partial.is_ok() || partial.as_ref().unwrap_err().code == code::NO_PURCHASES);
    let states = sync::sync_states(&cx).unwrap();
    assert_eq!(states[0].state.state, "syncing");
    let second = sync::sync_store(
        &cx,
        "again".into(),
        linked.store_id,
        false,
        Progress::new(|_| {}),
    );
    assert_eq!(second.unwrap_err().code, code::SYNC_ALREADY_SYNCING);
    {
        let (lock, cv) = &*release;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
    let report = syncing.join().unwrap().unwrap();
    assert_eq!(report.orders_new as usize, listed);
    assert!(events
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.resource == "customers"));
    let woo = stores::list_stores(&cx)
        .unwrap()
        .into_iter()
        .find(|s| s.id == linked.store_id)
        .unwrap();
    assert!(woo.orders > 0 && woo.customers > 0, "{woo:?}");
    let states = sync::sync_states(&cx).unwrap();
    assert_eq!(states[0].state.state, "ok");
    assert!(states[0].state.last_success.is_some());

    // A full re-sync, cancelled by its job id after its first page.
    let (first_tx, first_rx) = mpsc::channel::<()>();
    let cancelled = {
        let state = state.clone();
        let id = linked.store_id;
        let first_tx = Mutex::new(first_tx);
        std::thread::spawn(move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            let progress = Progress::new(move |_: SyncProgress| {
                let _ = first_tx.lock().unwrap().send(());
                // Give the test time to cancel before the next page.
                std::thread::sleep(Duration::from_millis(200));
            });
            sync::sync_store(&cx, "full".into(), id, true, progress)
        })
    };
    first_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the full sync wrote a page");
    assert!(stores::cancel_job(&cx, "full".into()).unwrap());
    assert_eq!(
        cancelled.join().unwrap().unwrap_err().code,
        code::SYNC_CANCELLED
    );
    assert_eq!(
        sync::sync_states(&cx).unwrap()[0]
            .state
            .error_code
            .as_deref(),
        Some("cancelled")
    );

    // Deleting the linked store removes its keyring entry.
    assert!(stores::delete_store(&cx, linked.store_id).unwrap());
    assert!(OsKeyring::default().get(&account).is_err());
    assert!(sync::sync_states(&cx).unwrap().is_empty());
}
