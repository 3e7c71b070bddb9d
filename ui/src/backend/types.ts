// The UI talks to the Rust side only through this interface. `tauri.ts` implements it over IPC,
// `fake.ts` in memory (tests and `vite dev` in a plain browser).
import type {
  AnalysisSettings,
  AnalysisView,
  AppInfo,
  AppSettings,
  CustomerDetail,
  CustomerPage,
  CustomerQuery,
  ExportPreview,
  ExportRequest,
  ExportSpec,
  ImportPreview,
  ImportProgress,
  ImportReport,
  PredictionReport,
  ProductInsight,
  ProductInsightParams,
  Saved,
  SaveTarget,
  StoreSummary,
  Migration,
} from '../ipc/bindings';

export type { AppInfo, ImportPhase, ImportPreview, ImportPreviewRow, ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';

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

/** Chart names of the Rust charts crate (`ChartKind::name()`). */
export const CHART_KINDS = [
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
] as const;
export type ChartKind = (typeof CHART_KINDS)[number];
/** Charts of the Predictions screen (`insight_chart_svg`). */
export const INSIGHT_CHART_KINDS = ['backtest', 'churn-risk'] as const;
export type InsightChartKind = (typeof INSIGHT_CHART_KINDS)[number];

/** The Rust defaults of `ProductInsightParams`. */
export const DEFAULT_PRODUCT_PARAMS: ProductInsightParams = {
  level: 'sku',
  min_support: 0.01,
  min_confidence: 0.2,
  within_days: 60,
  limit: 50,
};

/** Chart label language (`Lang::from_code`). */
export type ChartLang = 'en' | 'zh-CN';
/** Chart colours (`Theme::from_name`). */
export type ChartTheme = 'light' | 'dark';
/** File format of a saved chart. */
export type ChartFormat = 'png' | 'svg';

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
  /**
   * `preview_import` — how a file would be imported with `mapping` (empty: detected): format,
   * encoding, delimiter, target store, headers, the mapping used, the first 20 rows as they would
   * be stored and their problems ("line N: reason"). Writes nothing.
   */
  previewImport(path: string, mapping: ColumnMapping, currency?: string | null): Promise<ImportPreview>;
  /** `import_file` — imports a file with `mapping` (empty: the backend detects the format). */
  importFile(
    path: string,
    mapping: ColumnMapping,
    onProgress: ProgressHandler,
    currency?: string | null,
  ): Promise<ImportReport>;
  /** `cancel_import` — asks the running import to stop; it then rejects and keeps nothing. */
  cancelImport(): Promise<void>;
  /** `first_screen_ready` — tells the backend the first screen is interactive (start-up timing). */
  firstScreenReady(): Promise<void>;
  /** Native "open file" dialog. Resolves to null when the user cancels. */
  pickFile(labels?: PickFileLabels): Promise<string | null>;

  /** `get_analysis_settings` — the store's saved analysis settings (defaults if none). */
  getAnalysisSettings(storeId: number): Promise<AnalysisSettings>;
  /** `analyze_store` — analyses a store (and saves the settings); the result becomes "current". */
  analyzeStore(storeId: number, settings: AnalysisSettings): Promise<AnalysisView>;
  /** `customers_page` — one page of the current analysis' customer table. */
  customersPage(query: CustomerQuery): Promise<CustomerPage>;
  /** `customer_detail` — the customer 360 page of a customer of the current store. */
  customerDetail(customer: string): Promise<CustomerDetail>;

  /** `export_preview` — counts and first rows of a coupon target list. */
  exportPreview(spec: ExportSpec): Promise<ExportPreview>;
  /** `export_save` — writes the list; null when the save dialog was cancelled. */
  exportSave(request: ExportRequest): Promise<Saved | null>;
  /** `chart_svg` — a chart of the current analysis as SVG text. */
  chartSvg(kind: ChartKind, lang: ChartLang, theme: ChartTheme, width: number, height: number): Promise<string>;
  /** `save_chart` — saves a chart as PNG or SVG; null when the save dialog was cancelled. */
  saveChart(kind: ChartKind, lang: ChartLang, format: ChartFormat, target: SaveTarget): Promise<Saved | null>;

  /**
   * `prediction_report` — BG/NBD + Gamma-Gamma predictions of the current analysis (fits,
   * notes, totals, distributions, ranked lists, backtest); null when nobody has bought yet.
   */
  predictionReport(): Promise<PredictionReport | null>;
  /** `product_insight` — basket rules, sequential rules, first products and 1st→2nd paths. */
  productInsight(params: ProductInsightParams): Promise<ProductInsight>;
  /** `insight_chart_svg` — a Predictions chart as SVG text; null when there is nothing to draw. */
  insightChartSvg(kind: InsightChartKind, lang: ChartLang, theme: ChartTheme, width: number, height: number): Promise<string | null>;
  /** `save_insight_chart` — saves a Predictions chart; null when cancelled or nothing to draw. */
  saveInsightChart(kind: InsightChartKind, lang: ChartLang, format: ChartFormat, target: SaveTarget): Promise<Saved | null>;

  /** `get_app_settings` */
  getAppSettings(): Promise<AppSettings>;
  /** `save_app_settings` */
  saveAppSettings(settings: AppSettings): Promise<void>;
  /** `delete_store` — deletes a store with all its rows; false if it did not exist. */
  deleteStore(storeId: number): Promise<boolean>;

  /** `snapshot_dates` — the current store's saved segment snapshots, oldest first. */
  snapshotDates(): Promise<string[]>;
  /** `save_snapshot` — records every customer's segments as of the analysis date; returns it. */
  saveSnapshot(): Promise<string>;
  /** `segment_migration` — how customers moved between two snapshot dates. */
  segmentMigration(from: string, to: string): Promise<Migration>;
}
