// The UI talks to the Rust side only through `Backend`. `tauri.ts` implements it over IPC,
// `fake.ts` in memory (tests and `vite dev` in a plain browser).
import type { Commands, ImportProgress, ProductInsightParams, StoreChanged } from '../ipc/bindings';

export type { AppInfo, ImportPhase, ImportPreview, ImportPreviewRow, ImportProblem, ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';

/**
 * A column mapping for the generic importer: [field, column header] pairs, field names as in
 * `ImportPreview.fields` (`Field::name()`: order, customer, email, date, amount, …). An empty
 * mapping lets the backend detect the format (preset) and guess the columns; a non-empty one
 * means the generic importer, with the fields not named still guessed from the headers.
 */
export type ColumnMapping = [field: string, column: string][];

/** Receives progress events while an import runs (in order, last one has phase "done"). */
export type ProgressHandler = (progress: ImportProgress) => void;

/** Localised texts for the native file chooser. */
export interface PickFileLabels {
  title: string;
  filterName: string;
}

export type { ChartKind, InsightChart as InsightChartKind, Lang as ChartLang, Theme as ChartTheme, Format as ChartFormat } from '../ipc/bindings';
import type { ChartKind, InsightChart } from '../ipc/bindings';

/** Every chart of the Rust charts crate (`ChartKind`, in its order). */
export const CHART_KINDS: readonly ChartKind[] = [
  'revenue',
  'customers',
  'segments',
  'eight-class',
  'rf-heatmap',
  'tiers',
  'churn-trend',
  'cohort',
  'revenue-retention',
  'ltv',
  'km',
  'repurchase',
  'repurchase-categories',
];
/** Charts of the Predictions screen (`insight_chart_svg`). */
export const INSIGHT_CHART_KINDS: readonly InsightChart[] = ['backtest', 'churn-risk'];

/** The Rust defaults of `ProductInsightParams`. */
export const DEFAULT_PRODUCT_PARAMS: ProductInsightParams = {
  level: 'sku',
  min_support: 0.01,
  min_confidence: 0.2,
  within_days: 60,
  limit: 50,
};

/**
 * The UI's door to Rust: every command, generated from the Rust declarations (`Commands` in the
 * bindings: names, arguments, results), plus the native file chooser. Every method rejects with
 * a `BackendError` (errors.ts) carrying the error's code and params; show it with
 * `describeError`, which words it in the seller's language.
 */
export type Backend = Commands & {
  /** "tauri" for the desktop app, "fake" for the in-memory stand-in. */
  readonly kind: 'tauri' | 'fake';
  /** Native "open file" dialog. Resolves to null when the user cancels. */
  pickFile(labels?: PickFileLabels): Promise<string | null>;
  /**
   * Calls `listener` whenever a store's data changed in the backend (an import, a sync, a
   * delete); returns the function that stops listening.
   */
  onStoreChanged(listener: (change: StoreChanged) => void): () => void;
};

/** A new id for a job the UI may cancel (`cancelJob`). */
export function newJobId(kind: string): string {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
