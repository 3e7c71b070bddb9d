//! What the commands share: a pool of database connections, the analyses the screens show (by
//! id) and the cancel flags of running jobs (by the UI's job id).
//!
//! Why no global lock: an import holds its write transaction for seconds and an analysis reads
//! for as long; with one `Mutex<Store>` every screen waited for both. SQLite in WAL mode lets
//! readers run beside one writer, so each job takes its own connection ([`Db::conn`]); screens
//! read from the analysis they were drawn from ([`Analyses`]), never from "whatever is current".
//! Writes that must not fail because an import holds the write lock (saving analysis settings,
//! the column cache) go to one background writer ([`Db::write_later`]) that waits its turn.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use repeatlens_analytics::{Analysis, Dataset};
use repeatlens_store::Store;

use crate::commands::dto::{AnalysisSettings, CustomerQuery};
use crate::error::AppError;

/// Shared state behind the IPC commands.
pub struct AppState {
    /// The profile's database.
    pub db: Db,
    /// When the process started (the start-up benchmark's zero).
    pub started: Instant,
    /// The analyses the screens show.
    pub analyses: Analyses,
    /// Cancel flags of running jobs.
    pub jobs: Jobs,
}

impl AppState {
    /// Opens (and migrates) the database at `path`.
    pub fn open(path: &Path, started: Instant) -> Result<AppState, AppError> {
        Ok(AppState {
            db: Db::open(path)?,
            started,
            analyses: Analyses::default(),
            jobs: Jobs::default(),
        })
    }
}

/// Idle connections kept open for the next job.
const IDLE_CONNECTIONS: usize = 4;

type WriteJob = Box<dyn FnMut(&mut Store) -> Result<(), AppError> + Send>;

enum WriterMessage {
    Write(WriteJob),
    Flush(mpsc::Sender<()>),
}

/// Connections to one SQLite file: one per job, returned to the pool when the job ends.
pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    writer: Mutex<mpsc::Sender<WriterMessage>>,
}

impl Db {
    /// Opens the file (running its migrations once) and starts the background writer.
    pub fn open(path: &Path) -> Result<Db, AppError> {
        let first = Store::open(path)?;
        let writer_store = Store::open(path)?;
        let (tx, rx) = mpsc::channel::<WriterMessage>();
        std::thread::Builder::new()
            .name("repeatlens-writer".into())
            .spawn(move || background_writer(writer_store, rx))
            .map_err(AppError::internal)?;
        Ok(Db {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            writer: Mutex::new(tx),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A connection of its own for one job.
    pub fn conn(&self) -> Result<Conn<'_>, AppError> {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let store = match pooled {
            Some(s) => s,
            None => Store::open(&self.path)?,
        };
        Ok(Conn {
            db: self,
            store: Some(store),
        })
    }

    /// Runs `write` on the background writer, after the writes queued before it. A write that
    /// finds the database locked by a long job (an import) waits and tries again; one that fails
    /// otherwise is logged (these are saves of derived data and preferences, never a seller's
    /// records).
    pub fn write_later(
        &self,
        write: impl FnMut(&mut Store) -> Result<(), AppError> + Send + 'static,
    ) {
        let tx = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let _ = tx.send(WriterMessage::Write(Box::new(write)));
    }

    /// Waits until every write queued so far is done.
    pub fn flush(&self) {
        let (done_tx, done_rx) = mpsc::channel();
        {
            let tx = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            if tx.send(WriterMessage::Flush(done_tx)).is_err() {
                return;
            }
        }
        let _ = done_rx.recv();
    }
}

fn background_writer(mut store: Store, rx: mpsc::Receiver<WriterMessage>) {
    for message in rx {
        match message {
            WriterMessage::Flush(done) => {
                let _ = done.send(());
            }
            WriterMessage::Write(mut job) => {
                // Busy: a long job (an import) holds the write lock; each try already waited
                // the busy timeout, so try again until it is done (at most ten minutes).
                let started = Instant::now();
                loop {
                    match job(&mut store) {
                        Ok(()) => break,
                        Err(e)
                            if e.code == crate::error::code::DB_BUSY
                                && started.elapsed() < Duration::from_secs(600) =>
                        {
                            std::thread::sleep(Duration::from_millis(200));
                        }
                        Err(e) => {
                            eprintln!("repeatlens: a background save failed: {e}");
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// A pooled connection; derefs to the [`Store`].
pub struct Conn<'a> {
    db: &'a Db,
    store: Option<Store>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store.as_mut().expect("present until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            let mut idle = self.db.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < IDLE_CONNECTIONS {
                idle.push(store);
            }
        }
    }
}

/// Analyses kept for the screens: the newest three (a screen still showing an older one can
/// finish drawing while newer ones run, e.g. when the seller changes a setting twice quickly).
#[derive(Default)]
pub struct Analyses {
    next_id: AtomicU64,
    kept: Mutex<VecDeque<Arc<AnalysisEntry>>>,
}

/// Analyses kept at once.
const KEPT_ANALYSES: usize = 3;

/// One analysis run and what is derived from it on demand.
pub struct AnalysisEntry {
    /// The id the UI passes back.
    pub id: u64,
    /// The store analysed.
    pub store_id: i64,
    /// The settings it ran with.
    pub settings: AnalysisSettings,
    /// The analysis, with its customer rows.
    pub analysis: Arc<Analysis>,
    /// The dataset it was computed from (predictions, rules and snapshots read it again).
    pub dataset: Arc<Dataset>,
    /// The last customer-table query (offset and limit zeroed) and its rows in order.
    pub table: Mutex<Option<(CustomerQuery, Arc<Vec<u32>>)>>,
    /// The models' predictions as of the analysis date, fitted on first use (under the lock,
    /// so screens asking at once wait for one fit instead of fitting twice).
    predictions: Mutex<Option<Arc<Option<repeatlens_engine::PredictionSet>>>>,
}

impl AnalysisEntry {
    /// The predictions of this analysis (fitted once; later callers wait for the first).
    pub fn predictions(&self) -> Result<Arc<Option<repeatlens_engine::PredictionSet>>, AppError> {
        let mut fitted = self.predictions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = fitted.as_ref() {
            return Ok(p.clone());
        }
        let set = Arc::new(repeatlens_engine::predictions_for(
            &self.dataset,
            &self.analysis,
        )?);
        *fitted = Some(set.clone());
        Ok(set)
    }
}

impl Analyses {
    /// Keeps a new analysis and returns it with its id; the oldest beyond two is dropped.
    pub fn insert(
        &self,
        store_id: i64,
        settings: AnalysisSettings,
        analysis: Arc<Analysis>,
        dataset: Arc<Dataset>,
    ) -> Arc<AnalysisEntry> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let entry = Arc::new(AnalysisEntry {
            id,
            store_id,
            settings,
            analysis,
            dataset,
            table: Mutex::new(None),
            predictions: Mutex::new(None),
        });
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.push_back(entry.clone());
        while kept.len() > KEPT_ANALYSES {
            kept.pop_front();
        }
        entry
    }

    /// The analysis with this id, or [`AppError::analysis_gone`].
    pub fn get(&self, id: u64) -> Result<Arc<AnalysisEntry>, AppError> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.iter()
            .find(|e| e.id == id)
            .cloned()
            .ok_or_else(|| AppError::analysis_gone(id))
    }

    /// Forgets every analysis of a store (it was deleted).
    pub fn forget_store(&self, store_id: i64) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|e| e.store_id != store_id);
    }
}

/// Cancel flags of running jobs, by the id the UI gave the job.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

/// A running job's cancel flag; the job is forgotten when this drops.
pub struct JobGuard<'a> {
    jobs: &'a Jobs,
    id: String,
    /// Set when the UI cancels the job.
    pub cancel: Arc<AtomicBool>,
}

impl Jobs {
    /// Registers a job under the UI's id.
    pub fn start(&self, id: &str) -> JobGuard<'_> {
        let cancel = Arc::new(AtomicBool::new(false));
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_string(), cancel.clone());
        JobGuard {
            jobs: self,
            id: id.to_string(),
            cancel,
        }
    }

    /// Asks the job to stop; false if no such job runs.
    pub fn cancel(&self, id: &str) -> bool {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match running.get(id) {
            Some(flag) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        self.jobs
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}
