// The UI talks to the Rust side only through this interface. `tauri.ts` implements it over IPC,
// `fake.ts` in memory (tests and `vite dev` in a plain browser).
import type { AppInfo, ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';

export type { AppInfo, ImportPhase, ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';

/** Receives progress events while an import runs (in order, last one has phase "done"). */
export type ProgressHandler = (progress: ImportProgress) => void;

/** Localised texts for the native file chooser. */
export interface PickFileLabels {
  title: string;
  filterName: string;
}

/**
 * Every method rejects with a `BackendError` (see errors.ts) whose message is the
 * human-readable text produced by the backend (it names file, line and column where it can).
 */
export interface Backend {
  /** "tauri" for the desktop app, "fake" for the in-memory stand-in. */
  readonly kind: 'tauri' | 'fake';
  /** `app_info` */
  appInfo(): Promise<AppInfo>;
  /** `list_stores` */
  listStores(): Promise<StoreSummary[]>;
  /** `load_sample_store` — imports the bundled sample store. */
  loadSampleStore(onProgress: ProgressHandler): Promise<ImportReport>;
  /** `import_file` — the backend detects the export format (preset). */
  importFile(path: string, onProgress: ProgressHandler): Promise<ImportReport>;
  /** `first_screen_ready` — tells the backend the first screen is interactive (start-up timing). */
  firstScreenReady(): Promise<void>;
  /** Native "open file" dialog. Resolves to null when the user cancels. */
  pickFile(labels?: PickFileLabels): Promise<string | null>;
}
