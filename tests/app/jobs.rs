//! Jobs on connections of their own: the screens keep answering while an import writes, a job is
//! cancelled by its id, and an analysis is addressed by its id (commands called as the window
//! calls them, without the window).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use repeatlens_app::commands::dto::{
    AnalysisSettings, CustomerQuery, CustomerSort, ImportPhase, ImportProgress,
};
use repeatlens_app::commands::{analysis, imports, stores};
use repeatlens_app::ipc::{Ctx, Progress};
use repeatlens_app::{error::code, AppState};

fn quiet() -> Progress<ImportProgress> {
    Progress::new(|_| {})
}

/// Runs `f` on another thread and fails (instead of hanging) if it does not answer in time:
/// a screen blocked behind the import's write lock would never answer here, because the import
/// is paused until the test lets it go.
fn answers<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("{what} did not answer while the import was writing"))
}

#[test]
fn screens_page_customers_while_an_import_writes_and_the_import_cancels_by_its_job_id() {
    let dir = tempfile::tempdir().unwrap();
    let state = Arc::new(AppState::open(&dir.path().join("s.sqlite"), Instant::now()).unwrap());
    let cx = Ctx {
        state: &state,
        app: None,
    };
    let sample = imports::load_sample_store(&cx, "sample".into(), quiet()).unwrap();
    let view = analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();
    // A second shop's export: the Online Retail file under another name, a fresh store of
    // 541,909 lines, so its import holds the write transaction for a while.
    let file = dir.path().join("second-shop.csv");
    let mut text = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(repeatlens_bundled::ONLINE_RETAIL_CSV_GZ),
        &mut text,
    )
    .unwrap();
    std::fs::write(&file, text).unwrap();

    // The import pauses in a parsing progress event once the writer has rows in its open
    // transaction, and waits there until the test has paged the table.
    let (paused_tx, paused_rx) = mpsc::channel::<()>();
    let release = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
    let paused_once = Arc::new(AtomicBool::new(false));
    let progress = {
        let release = release.clone();
        let paused_tx = Mutex::new(paused_tx);
        Progress::new(move |p: ImportProgress| {
            if matches!(p.phase, ImportPhase::Parsing)
                && p.rows_done > 100_000
                && !paused_once.swap(true, Ordering::SeqCst)
            {
                let _ = paused_tx.lock().unwrap().send(());
                let (lock, cv) = &*release;
                let mut go = lock.lock().unwrap();
                while !*go {
                    go = cv.wait(go).unwrap();
                }
            }
        })
    };
    let importing = {
        let state = state.clone();
        let file = file.clone();
        std::thread::spawn(move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            imports::import_file(&cx, "second".into(), file, None, None, progress)
        })
    };
    paused_rx
        .recv_timeout(Duration::from_secs(300))
        .expect("the import reached its parsing phase");

    // Meanwhile: page the table, sort it anew, open a customer, list the stores, analyse again.
    let page = {
        let state = state.clone();
        answers("a page of the customer table", move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            analysis::customers_page(
                &cx,
                view.analysis_id,
                CustomerQuery {
                    limit: 50,
                    sort: CustomerSort::Purchases,
                    descending: true,
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
    assert_eq!(page.rows.len(), 50);
    let top = page.rows[0].customer.clone();
    let detail = {
        let state = state.clone();
        let top = top.clone();
        answers("the customer page", move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            analysis::customer_detail(&cx, view.analysis_id, top)
        })
        .unwrap()
    };
    assert_eq!(detail.row.unwrap().customer, top);
    let listed = {
        let state = state.clone();
        answers("the store list", move || {
            stores::list_stores(&Ctx {
                state: &state,
                app: None,
            })
        })
        .unwrap()
    };
    assert_eq!(
        listed.len(),
        1,
        "the second shop is not committed yet: {listed:?}"
    );
    let again = {
        let state = state.clone();
        answers("a new analysis", move || {
            let cx = Ctx {
                state: &state,
                app: None,
            };
            analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default())
        })
        .unwrap()
    };
    assert_ne!(again.analysis_id, view.analysis_id);
    assert_eq!(
        serde_json::to_value(&again.analysis.kpis).unwrap(),
        serde_json::to_value(&view.analysis.kpis).unwrap(),
        "the same rows, the same numbers"
    );

    // Cancel the import by its id, then let it go on: it rolls back.
    assert!(stores::cancel_job(&cx, "second".into()).unwrap());
    assert!(!stores::cancel_job(&cx, "no-such-job".into()).unwrap());
    {
        let (lock, cv) = &*release;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
    let err = importing.join().unwrap().unwrap_err();
    assert_eq!(err.code, code::IMPORT_CANCELLED, "{err:?}");
    state.db.flush();
    let after = stores::list_stores(&cx).unwrap();
    assert_eq!(after.len(), 1, "nothing of the cancelled import is kept");
    assert_eq!(after[0].customers, listed[0].customers);
}

#[test]
fn an_analysis_is_addressed_by_its_id_and_a_replaced_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join("s.sqlite"), Instant::now()).unwrap();
    let cx = Ctx {
        state: &state,
        app: None,
    };
    let sample = imports::load_sample_store(&cx, "sample".into(), quiet()).unwrap();
    let first = analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();
    let mut later = AnalysisSettings::default();
    later.params.as_of = chrono::NaiveDate::from_ymd_opt(2011, 6, 30);
    let second = analysis::analyze_store(&cx, sample.store_id, later).unwrap();
    // Each id answers with its own analysis.
    let q = CustomerQuery {
        limit: 5,
        sort: CustomerSort::LastPurchase,
        descending: true,
        ..Default::default()
    };
    let last = |id| {
        analysis::customers_page(&cx, id, q.clone()).unwrap().rows[0]
            .last_purchase
            .clone()
            .unwrap()
    };
    // The sample store's last invoice is of 2011-12-09 (UCI Online Retail).
    assert_eq!(last(first.analysis_id), "2011-12-09");
    assert!(
        last(second.analysis_id).as_str() <= "2011-06-30",
        "the mid-2011 analysis sees no later purchase"
    );
    // Three are kept; a fourth replaces the oldest one: its id is gone, with a code the UI
    // acts on.
    analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();
    analysis::customers_page(&cx, first.analysis_id, q.clone()).unwrap();
    analysis::analyze_store(&cx, sample.store_id, AnalysisSettings::default()).unwrap();
    let gone = analysis::customers_page(&cx, first.analysis_id, q).unwrap_err();
    assert_eq!(gone.code, code::ANALYSIS_GONE);
    assert_eq!(gone.params["analysis_id"], first.analysis_id);
    // The settings were saved by the background writer.
    state.db.flush();
    let saved = analysis::get_analysis_settings(&cx, sample.store_id).unwrap();
    assert_eq!(saved.params.as_of, None, "the last analysis' settings");
}
