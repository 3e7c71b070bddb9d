// In-memory stand-in for the Rust backend. Used by the tests and by `npm run dev` in a plain
// browser. It behaves like the real one: imports emit progress events (reading → parsing →
// writing → done) asynchronously, re-importing the same data does not create a second store,
// and parse errors name file, line and column. Import previews read the fake files of
// fake-files.ts with the Rust importer's rules (detected preset, guessed or given mapping).
// Why one file of this size: FakeBackend is one class implementing all of `Backend`, and its
// methods share private state (stores, import lock, kept analyses, saved paths, snapshots).
import type {
  Migration,
  Segment,
  AnalysisSettings,
  AnalysisView,
  AppInfo,
  AppSettings,
  CustomerDetail,
  CustomerPage,
  CustomerQuery,
  CustomerRow,
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
  StoreChanged,
  StoreState,
  StoreSummary,
  StoreSyncState,
  SyncProgress,
  SyncReport,
  ErrorCode,
} from '../ipc/bindings';
import { BackendError } from './errors';
import {
  applySettings,
  barChartSvg,
  buildPopulation,
  detailOf,
  fakeChartSvg,
  loadFixtures,
  orderCustomers,
  pageOf,
  needsForecasts,
  selectForExport,
} from './fake-data';
import { buildForecasts, insightChartTitle, insightChartValues, loadInsightFixtures, productInsightFor, type FakeForecast } from './fake-insight';
import { fakeFile, importRowError, IMPORT_FIELDS, mappingFor, parseRows, previewError, SetupError, type FakeFile } from './fake-files';
import type {
  Backend,
  ChartFormat,
  ChartKind,
  ChartLang,
  ChartTheme,
  InsightChartKind,
  PickFileLabels,
  ProgressHandler,
} from './types';

export type FakeMethod =
  | 'appInfo'
  | 'listStores'
  | 'loadSampleStore'
  | 'previewImport'
  | 'importFile'
  | 'cancelJob'
  | 'pickFile'
  | 'getAnalysisSettings'
  | 'analyzeStore'
  | 'customersPage'
  | 'customerDetail'
  | 'exportPreview'
  | 'exportSave'
  | 'chartSvg'
  | 'saveChart'
  | 'predictionReport'
  | 'productInsight'
  | 'insightChartSvg'
  | 'saveInsightChart'
  | 'getAppSettings'
  | 'saveAppSettings'
  | 'deleteStore'
  | 'snapshotDates'
  | 'saveSnapshot'
  | 'segmentMigration'
  | 'linkWoocommerceStore'
  | 'syncStore'
  | 'syncStates';

/** A coded error a fake sync fails with (`failSync`), after its first page. */
export interface FakeSyncFailure {
  code: ErrorCode;
  params?: Record<string, unknown>;
  /** The backend's English message (default: the code). */
  message?: string;
}

/** A store linked at start (`links`): one of `stores`, linked to a site. */
export interface FakeLink {
  storeId: number;
  /** The site URL, normalized (https://shop.example). */
  url: string;
  /** When its last successful sync ended, UTC Unix seconds (default: never synced). */
  lastSuccess?: number | null;
}

export interface FakeBackendOptions {
  /** Delay between progress events in milliseconds (default 120; tests use 0–5). */
  stepDelayMs?: number;
  /** What the "file chooser" returns. `null` simulates the user cancelling. */
  pickedFile?: string | null;
  /** Stores present at start (default: none, i.e. a fresh database). */
  stores?: StoreSummary[];
  /** Make a method reject with this message. */
  fail?: Partial<Record<FakeMethod, string>>;
  /** Overrides for app_info. */
  appInfo?: Partial<AppInfo>;
  /** Milliseconds an analysis takes (default: stepDelayMs). */
  analysisDelayMs?: number;
  /** Saved app settings at start (default: language and theme not set). */
  appSettings?: AppSettings;
  /** What the "save as" dialog returns (without extension); null simulates cancelling. */
  saveDialogPath?: string | null;
  /** Extra synthetic customers beyond the sample store's (a big table for the browser preview). */
  extraCustomers?: number;
  /** Make every sync fail with this coded error after its first page (until cleared with `setFailSync`). */
  failSync?: FakeSyncFailure | null;
  /** Stores (of `stores`) linked to a site at start. */
  links?: FakeLink[];
  /** Records per page a fake sync reads (default 100, as WooCommerce's largest page). */
  syncPageSize?: number;
}

/** Where "Save to Downloads" puts files in the fake. */
export const FAKE_DOWNLOADS = '/home/demo/Downloads';
export const DEFAULT_SAVE_DIALOG_PATH = '/home/demo/Documents/targets';
const NO_ANALYSIS = 'no store is analysed yet: open a store first';

export const FAKE_APP_INFO: AppInfo = {
  version: '0.1.0',
  db_path: '~/.local/share/repeatlens/repeatlens.sqlite (in-memory demo)',
  sample_credit: 'Sample store data: UCI Online Retail (Chen, Sain & Guo 2012), CC BY 4.0',
};

/** Figures of the UCI Online Retail data set (UK gift retailer, Dec 2010 – Dec 2011). */
export const SAMPLE = {
  file: 'online_retail.csv.gz',
  preset: 'online-retail',
  rowsRead: 541_909,
  skippedRows: 135_080, // rows without a customer id
  store: {
    id: 1,
    name: 'UCI Online Retail',
    platform: 'sample',
    currency: 'GBP',
    timezone: 'Europe/London',
    customers: 4_372,
    orders: 22_190,
    returns: 3_654,
    order_lines: 406_829,
    first_order: '2010-12-01 08:26',
    last_order: '2011-12-09 12:50',
    revenue_minor: 827_851_942,
  } satisfies StoreSummary,
} as const;

export const DEFAULT_PICKED_FILE = '/home/demo/Downloads/orders_export_shopify.csv';

const ACCEPTED_EXTENSIONS = ['.csv', '.tsv', '.txt', '.gz'];

/** Rows a preview reads (`preview_import` reads 20). */
export const PREVIEW_ROWS = 20;

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Small deterministic hash so a given file name always yields the same numbers. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Dataset {
  file: string;
  preset: string;
  rowsRead: number;
  skippedRows: number;
  store: Omit<StoreSummary, 'id'>;
  /** Error to raise while parsing, and how far into the file (0–1). */
  parseError?: BackendError;
  parseErrorAt?: number;
}

/** How a file is read with a mapping: what the preview shows and what the import does. */
interface Reading {
  file: FakeFile;
  preset: string;
  store: string;
  platform: string;
  currency: string;
  timezone: string;
  mapping: [string, string][];
  parsed: ReturnType<typeof parseRows>;
}

function checkExtension(file: string): void {
  if (!ACCEPTED_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext))) {
    throw new BackendError(`${file}: unsupported file type (expected .csv, .tsv, .txt or .gz, optionally gzip-compressed)`);
  }
}

function datasetFor(reading: Reading): Dataset {
  const file = reading.file.file;
  const h = hash(file);
  const customers = 150 + (h % 2000);
  const orders = Math.round(customers * (1.3 + ((h >>> 8) % 80) / 100));
  const orderLines = Math.round(orders * (1.4 + ((h >>> 4) % 60) / 100));
  const skippedRows = reading.preset === 'generic' ? 0 : (h >>> 12) % 25;
  const returns = Math.round(orders * (0.03 + ((h >>> 16) % 4) / 100));
  const averageOrderMinor = 2_500 + ((h >>> 3) % 6_500);
  const firstError = reading.parsed.errors[0];
  const late = reading.file.lateError;
  return {
    file,
    preset: reading.preset,
    rowsRead: orderLines + skippedRows,
    skippedRows,
    store: {
      name: reading.store,
      platform: reading.platform,
      currency: reading.currency,
      timezone: reading.timezone,
      customers,
      orders,
      returns,
      order_lines: orderLines,
      first_order: `2023-${pad(1 + (h % 9))}-${pad(1 + ((h >>> 5) % 28))} ${pad(8 + (h % 10))}:${pad(h % 60)}`,
      last_order: `2025-${pad(1 + ((h >>> 7) % 9))}-${pad(1 + ((h >>> 9) % 28))} ${pad(10 + (h % 12))}:${pad((h >>> 2) % 60)}`,
      revenue_minor: orders * averageOrderMinor,
    },
    // A bad row among the first rows stops the import at once; one further down part-way.
    parseError: firstError ? importRowError(file, firstError) : late ? importRowError(file, late) : undefined,
    parseErrorAt: firstError ? 0 : 1 / 3,
  };
}

/** What a linked fake site holds: its customers and orders (grows a little with every sync). */
interface SyncCounts {
  customers: number;
  orders: number;
}

/** A fake site's data, from its URL (the same site always holds the same numbers). */
function syncTarget(url: string): SyncCounts {
  const h = hash(url);
  const customers = 180 + (h % 900);
  return { customers, orders: Math.round(customers * (1.5 + ((h >>> 8) % 70) / 100)) };
}

/**
 * A site URL as typed → `https://shop.example`, like the backend's `normalize_site_url`: plain
 * http only on loopback, and something that is not a site address is not a WooCommerce site.
 */
export function normalizeSiteUrl(url: string): string {
  const t = url.trim().replace(/\/+$/, '');
  const withScheme = t.includes('://') ? t : `https://${t}`;
  const [rawScheme, rest] = withScheme.split(/:\/\/(.*)/s);
  const scheme = rawScheme.toLowerCase();
  const host = rest.split(/[/?#]/)[0] ?? '';
  const hostOnly = host.includes(':') && !host.endsWith(']') ? host.slice(0, host.lastIndexOf(':')) : host;
  const notSite = (detail: string) =>
    new BackendError(`${url} is not a WooCommerce site: ${detail}`, 'sync.not_platform', { url, platform: 'WooCommerce', detail });
  if (host === '' || /[?#\s]/.test(rest) || !(hostOnly.includes('.') || hostOnly === 'localhost' || hostOnly === '[::1]')) {
    throw notSite('that is not a site address (expected e.g. https://shop.example)');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(hostOnly.toLowerCase());
  if (scheme === 'http' && !loopback) {
    throw new BackendError(
      `${url} uses plain http: use its https:// address (credentials must not cross the network unencrypted)`,
      'sync.plain_http',
      { url },
    );
  }
  if (scheme !== 'https' && scheme !== 'http') throw notSite(`${scheme}:// is not a web address`);
  return `${scheme}://${host.toLowerCase()}${rest.slice(host.length)}`;
}

/** A linked store in the fake: its site, its state and how much of the site it has read. */
interface Link {
  externalId: string;
  state: StoreState;
  /** What the site holds. */
  target: SyncCounts;
  /** What the store has read of it so far (pages are kept when a sync stops). */
  have: SyncCounts;
  /** Successful syncs. */
  syncs: number;
  syncing: boolean;
}

export class FakeBackend implements Backend {
  readonly kind = 'fake' as const;
  /** Names of the methods called, in order (handy in tests). */
  readonly calls: FakeMethod[] = [];

  private readonly stepDelayMs: number;
  private readonly pickedFile: string | null;
  private readonly fail: Partial<Record<FakeMethod, string>>;
  private readonly info: AppInfo;
  private stores: StoreSummary[];
  private importing = false;
  private importingJob: string | null = null;
  private cancelRequested = false;
  private storeListeners = new Set<(change: StoreChanged) => void>();

  onStoreChanged(listener: (change: StoreChanged) => void): () => void {
    this.storeListeners.add(listener);
    return () => this.storeListeners.delete(listener);
  }

  private storeChanged(storeId: number): void {
    for (const listener of [...this.storeListeners]) listener({ store_id: storeId });
  }
  private readonly analysisDelayMs: number;
  private readonly saveDialogPath: string | null;
  private readonly extraCustomers: number;
  private failSync: FakeSyncFailure | null;
  private readonly syncPageSize: number;
  private readonly links = new Map<number, Link>();
  /** Running syncs by job id, with their cancel flag. */
  private readonly syncJobs = new Map<string, { storeId: number; cancel: boolean }>();
  private syncRuns = 0;
  private appSettings: AppSettings;
  private readonly analysisSettings = new Map<number, AnalysisSettings>();
  private population: CustomerRow[] | null = null;
  private current: { storeId: number; view: AnalysisView } | null = null;
  private readonly savedFiles = new Set<string>();
  /** Every buyer's forecast, built from the predictions fixture on first use. */
  private forecasts: Map<string, FakeForecast> | null = null;
  /** The last customer query (without paging) and its rows in order, like the backend's cache. */
  private table: { key: string; rows: CustomerRow[] } | null = null;

  constructor(options: FakeBackendOptions = {}) {
    this.stepDelayMs = options.stepDelayMs ?? 120;
    this.pickedFile = options.pickedFile === undefined ? DEFAULT_PICKED_FILE : options.pickedFile;
    this.fail = options.fail ?? {};
    this.info = { ...FAKE_APP_INFO, ...options.appInfo };
    this.stores = (options.stores ?? []).map((s) => ({ ...s }));
    this.analysisDelayMs = options.analysisDelayMs ?? this.stepDelayMs;
    this.appSettings = { language: null, theme: null, ...options.appSettings };
    this.saveDialogPath = options.saveDialogPath === undefined ? DEFAULT_SAVE_DIALOG_PATH : options.saveDialogPath;
    this.extraCustomers = options.extraCustomers ?? 0;
    this.failSync = options.failSync ?? null;
    this.syncPageSize = Math.max(1, options.syncPageSize ?? 100);
    for (const l of options.links ?? []) {
      const store = this.stores.find((s) => s.id === l.storeId);
      if (!store) throw new Error(`FakeBackend: link of unknown store ${l.storeId}`);
      const target = syncTarget(l.url);
      const synced = l.lastSuccess != null;
      this.links.set(l.storeId, {
        externalId: l.url,
        state: { state: 'ok', message: null, error_code: null, last_success: l.lastSuccess ?? null },
        target,
        have: synced ? { customers: store.customers, orders: store.orders } : { customers: 0, orders: 0 },
        syncs: synced ? 1 : 0,
        syncing: false,
      });
    }
  }

  private async enter(method: FakeMethod): Promise<void> {
    this.calls.push(method);
    await sleep(0); // always asynchronous, like IPC
    const message = this.fail[method];
    if (message !== undefined) throw new BackendError(message);
  }

  async firstScreenReady(): Promise<number> {
    this.readyCalls += 1;
    return 0;
  }

  /** How often the UI reported its first screen ready (once per start). */
  readyCalls = 0;

  async appInfo(): Promise<AppInfo> {
    await this.enter('appInfo');
    return { ...this.info };
  }

  async listStores(): Promise<StoreSummary[]> {
    await this.enter('listStores');
    return this.stores.map((s) => ({ ...s }));
  }

  async pickFile(_labels?: PickFileLabels): Promise<string | null> {
    await this.enter('pickFile');
    return this.pickedFile;
  }

  async loadSampleStore(job: string, onProgress: ProgressHandler): Promise<ImportReport> {
    await this.enter('loadSampleStore');
    return this.runImport(
      job,
      {
        file: SAMPLE.file,
        preset: SAMPLE.preset,
        rowsRead: SAMPLE.rowsRead,
        skippedRows: SAMPLE.skippedRows,
        store: SAMPLE.store,
      },
      true,
      onProgress,
    );
  }

  /** What `previewImport` was asked, in order (path and mapping), for tests. */
  readonly previews: { path: string; mapping: [string, string][]; currency: string | null }[] = [];
  /** What `importFile` was asked, in order (path and mapping), for tests. */
  readonly imports: { path: string; mapping: [string, string][]; currency: string | null }[] = [];

  /** Reads the fake file behind `path` with `mapping` like the Rust importer (setup errors throw). */
  private read(path: string, mapping: [string, string][], rows: number): Reading {
    const name = baseName(path);
    checkExtension(name);
    const file = fakeFile(path);
    try {
      const { preset, cols, shown } = mappingFor(file, mapping);
      const rules = preset === 'generic' ? null : file.preset;
      const storeName = rules?.storeName ?? name.replace(/(\.gz)$/i, '').replace(/\.[^.]*$/, '');
      const existing = this.stores.find((s) => s.name === storeName) ?? null;
      const defaultCurrency = existing?.currency ?? rules?.currency ?? null;
      if (preset === 'generic' && !cols.has('currency') && defaultCurrency === null) {
        throw new SetupError(
          `${name}: no currency column: pass --currency CODE (e.g. --currency USD) or map one with --map currency=Column`,
        );
      }
      const parsed = parseRows(file, cols, rows, defaultCurrency);
      return {
        file,
        preset,
        store: storeName,
        platform: existing?.platform ?? rules?.platform ?? 'file',
        currency: existing?.currency ?? parsed.rows[0]?.currency ?? defaultCurrency ?? 'USD',
        timezone: existing?.timezone ?? rules?.timezone ?? 'UTC',
        mapping: shown,
        parsed,
      };
    } catch (e) {
      if (e instanceof SetupError) throw new BackendError(e.message);
      throw e;
    }
  }

  async previewImport(path: string, mapping: [string, string][] | null, currency?: string | null): Promise<ImportPreview> {
    const map = mapping ?? []; // None: the backend detects the format, like an empty mapping
    this.previews.push({ path, mapping: map.map(([f, c]) => [f, c]), currency: currency ?? null });
    await this.enter('previewImport');
    await sleep(this.stepDelayMs);
    const r = this.read(path, map, PREVIEW_ROWS);
    return {
      file: r.file.file,
      preset: r.preset,
      encoding: r.file.encoding,
      delimiter: r.file.delimiter,
      store: r.store,
      timezone: r.timezone,
      headers: [...r.file.headers],
      mapping: r.mapping,
      fields: [...IMPORT_FIELDS],
      rows: r.parsed.rows,
      errors: r.parsed.errors.map(previewError),
    };
  }

  async importFile(
    job: string,
    path: string,
    mapping: [string, string][] | null,
    currency: string | null,
    onProgress: ProgressHandler,
  ): Promise<ImportReport> {
    const map = mapping ?? [];
    this.imports.push({ path, mapping: map.map(([f, c]) => [f, c]), currency: currency ?? null });
    await this.enter('importFile');
    const reading = this.read(path, map, Number.MAX_SAFE_INTEGER);
    return this.runImport(job, datasetFor(reading), false, onProgress);
  }

  private async runImport(
    job: string,
    data: Dataset,
    totalKnown: boolean,
    onProgress: ProgressHandler,
  ): Promise<ImportReport> {
    if (this.importing) throw new BackendError('Another import is still running; please wait for it to finish.', 'db.busy');
    this.importing = true;
    this.importingJob = job;
    this.cancelRequested = false;
    try {
      const total = data.rowsRead;
      // Simulated clock, so rows/s is plausible whatever stepDelayMs is.
      const rate = 150_000 + (hash(data.file) % 90_000);
      const emit = async (progress: ImportProgress) => {
        onProgress(progress);
        await sleep(this.stepDelayMs);
      };

      await emit({ phase: 'reading', rows_done: 0, rows_total: totalKnown ? total : null, rows_per_sec: 0 });
      const chunk = Math.max(1, Math.ceil(total / 8));
      for (let done = 0; done < total; ) {
        done = Math.min(total, done + chunk);
        if (this.cancelRequested) throw new BackendError('the import was cancelled; nothing was imported', 'import.cancelled');
        if (data.parseError && done > total * (data.parseErrorAt ?? 1 / 3)) throw data.parseError;
        await emit({ phase: 'parsing', rows_done: done, rows_total: totalKnown ? total : null, rows_per_sec: rate });
      }
      await emit({ phase: 'writing', rows_done: total, rows_total: total, rows_per_sec: rate });

      const existing = this.stores.find((s) => s.name === data.store.name);
      let store: StoreSummary;
      if (existing) {
        store = existing;
      } else {
        const id = this.stores.reduce((max, s) => Math.max(max, s.id), 0) + 1;
        store = { ...data.store, id };
        this.stores.push(store);
      }
      const seconds = Math.round((total / rate) * 100) / 100 + 0.3;
      onProgress({ phase: 'done', rows_done: total, rows_total: total, rows_per_sec: Math.round(total / seconds) });
      this.storeChanged(store.id);

      return {
        store_id: store.id,
        store_name: store.name,
        file: data.file,
        preset: data.preset,
        rows_read: total,
        orders_new: existing ? 0 : data.store.orders,
        orders_updated: 0,
        orders_unchanged: existing ? data.store.orders : 0,
        returns: data.store.returns,
        customers: data.store.customers,
        skipped_rows: data.skippedRows,
        seconds,
      };
    } finally {
      this.importing = false;
      this.importingJob = null;
    }
  }

  async cancelJob(job: string): Promise<boolean> {
    await this.enter('cancelJob');
    const sync = this.syncJobs.get(job);
    if (sync) {
      sync.cancel = true;
      return true;
    }
    if (!this.importing || this.importingJob !== job) return false;
    this.cancelRequested = true;
    return true;
  }

  // ---------------------------------------------------------------- analysis

  /** The sample store's customers (real fixture rows topped up to the analysis' counts). */
  private async customers(): Promise<CustomerRow[]> {
    if (!this.population) {
      const { view, customers } = await loadFixtures();
      this.population = buildPopulation(view, customers, this.extraCustomers);
    }
    return this.population;
  }

  /** The kept analysis `id` (the newest three are kept, as in the backend). */
  private currentView(id: number): AnalysisView {
    const view = this.kept.find((v) => v.analysis_id === id);
    if (!view) throw new BackendError(`${NO_ANALYSIS} (analysis ${id})`, 'analysis.gone', { analysis_id: id });
    return view;
  }

  private kept: AnalysisView[] = [];
  private nextAnalysisId = 0;

  async getAnalysisSettings(storeId: number): Promise<AnalysisSettings> {
    await this.enter('getAnalysisSettings');
    const saved = this.analysisSettings.get(storeId);
    if (saved) return structuredClone(saved);
    const { view } = await loadFixtures();
    return { reporting_currency: null, params: { ...structuredClone(view.settings.params), include_customers: false } };
  }

  async analyzeStore(storeId: number, settings: AnalysisSettings): Promise<AnalysisView> {
    await this.enter('analyzeStore');
    const store = this.stores.find((s) => s.id === storeId);
    if (!store) throw new BackendError(`store ${storeId} does not exist`);
    this.analysisSettings.set(storeId, structuredClone(settings));
    const [{ view: base }, population] = await Promise.all([loadFixtures(), this.customers()]);
    await sleep(this.analysisDelayMs);
    const started = Date.now();
    const view = applySettings(base, population, settings, storeId, store.name);
    view.seconds = Math.max(0.01, (Date.now() - started) / 1000 + 0.12);
    view.analysis_id = ++this.nextAnalysisId;
    this.current = { storeId, view };
    this.kept = [...this.kept, view].slice(-3);
    this.table = null;
    return structuredClone(view);
  }

  async customersPage(analysisId: number, query: CustomerQuery): Promise<CustomerPage> {
    await this.enter('customersPage');
    this.currentView(analysisId);
    const key = JSON.stringify({ ...query, offset: 0, limit: 0 });
    if (this.table?.key !== key) this.table = { key, rows: orderCustomers(await this.customers(), query) };
    return pageOf(this.table.rows, query);
  }

  async customerDetail(analysisId: number, customer: string): Promise<CustomerDetail> {
    await this.enter('customerDetail');
    const view = this.currentView(analysisId);
    const row = (await this.customers()).find((c) => c.customer === customer) ?? null;
    if (!row) throw new BackendError(`customer ${customer} not found in store ${view.store_id}`);
    const detail = detailOf(view, row, customer);
    // The same forecast as the Predictions screen and the exports use.
    const forecast = (await this.forecastMap()).get(customer);
    if (detail.prediction && forecast) {
      const { predictions } = (await loadInsightFixtures()).predictions;
      detail.prediction = {
        ...detail.prediction,
        ...forecast,
        churn_band: forecast.churn_band,
        churn_method: predictions.churn_method,
        horizon_days: predictions.config.horizon_days,
        clv_months: predictions.config.clv_months,
        notes: [...predictions.notes],
      };
    }
    return detail;
  }

  // ---------------------------------------------------------------- predictions and products

  private async forecastMap(): Promise<Map<string, FakeForecast>> {
    if (!this.forecasts) {
      const [{ predictions }, population] = await Promise.all([loadInsightFixtures(), this.customers()]);
      this.forecasts = buildForecasts(predictions, population);
    }
    return this.forecasts;
  }

  async predictionReport(analysisId: number): Promise<PredictionReport | null> {
    await this.enter('predictionReport');
    this.currentView(analysisId);
    const { predictions } = await loadInsightFixtures();
    await sleep(this.analysisDelayMs);
    return structuredClone(predictions);
  }

  async productInsight(analysisId: number, params: ProductInsightParams): Promise<ProductInsight> {
    await this.enter('productInsight');
    this.currentView(analysisId);
    const { products } = await loadInsightFixtures();
    await sleep(this.analysisDelayMs);
    return productInsightFor(products, params);
  }

  async insightChartSvg(
    analysisId: number,
    kind: InsightChartKind,
    lang: ChartLang,
    theme: ChartTheme,
    width: number,
    height: number,
  ): Promise<string | null> {
    await this.enter('insightChartSvg');
    this.currentView(analysisId);
    const { predictions } = await loadInsightFixtures();
    const values = insightChartValues(kind, predictions);
    if (values === null) return null;
    return barChartSvg(kind, insightChartTitle(kind, lang), values, lang, theme, Math.round(width), Math.round(height));
  }

  async saveInsightChart(
    analysisId: number,
    kind: InsightChartKind,
    lang: ChartLang,
    format: ChartFormat,
    target: SaveTarget,
  ): Promise<Saved | null> {
    await this.enter('saveInsightChart');
    this.currentView(analysisId);
    if (format !== 'png' && format !== 'svg') throw new BackendError(`unknown chart format '${format}': use png or svg`);
    void lang;
    const { predictions } = await loadInsightFixtures();
    if (insightChartValues(kind, predictions) === null) return null;
    const path = this.destination(target, `repeatlens-${kind}-${predictions.as_of}`, format);
    return path === null ? null : { path, rows: 0 };
  }

  // ---------------------------------------------------------------- exports and charts

  async exportPreview(analysisId: number, spec: ExportSpec): Promise<ExportPreview> {
    await this.enter('exportPreview');
    const view = this.currentView(analysisId);
    const forecasts = needsForecasts(spec) ? await this.forecastMap() : null;
    const sel = selectForExport(spec, view, await this.customers(), 20, forecasts);
    return {
      matched: sel.matched,
      rows: sel.total,
      excluded_no_consent: sel.excludedNoConsent,
      excluded_no_email: sel.excludedNoEmail,
      header: sel.header,
      first_rows: sel.rows,
    };
  }

  /** The path a save goes to: the dialog's answer or a free name in Downloads. */
  private destination(target: SaveTarget, stem: string, ext: string): string | null {
    if (target === 'dialog') {
      if (this.saveDialogPath === null) return null;
      const path = `${this.saveDialogPath}.${ext}`;
      this.savedFiles.add(path);
      return path;
    }
    let path = `${FAKE_DOWNLOADS}/${stem}.${ext}`;
    for (let n = 2; this.savedFiles.has(path); n++) path = `${FAKE_DOWNLOADS}/${stem}-${n}.${ext}`;
    this.savedFiles.add(path);
    return path;
  }

  async exportSave(analysisId: number, request: ExportRequest): Promise<Saved | null> {
    await this.enter('exportSave');
    const view = this.currentView(analysisId);
    const forecasts = needsForecasts(request.spec) ? await this.forecastMap() : null;
    const sel = selectForExport(request.spec, view, await this.customers(), 0, forecasts);
    const path = this.destination(request.target, `repeatlens-targets-${view.analysis.as_of.date}`, 'csv');
    return path === null ? null : { path, rows: sel.total };
  }

  async chartSvg(analysisId: number, kind: ChartKind, lang: ChartLang, theme: ChartTheme, width: number, height: number): Promise<string> {
    await this.enter('chartSvg');
    return fakeChartSvg(kind, lang, theme, Math.round(width), Math.round(height), this.currentView(analysisId));
  }

  async saveChart(analysisId: number, kind: ChartKind, lang: ChartLang, format: ChartFormat, target: SaveTarget): Promise<Saved | null> {
    await this.enter('saveChart');
    const view = this.currentView(analysisId);
    if (format !== 'png' && format !== 'svg') throw new BackendError(`unknown chart format '${format}': use png or svg`);
    void lang;
    const path = this.destination(target, `repeatlens-${kind}-${view.analysis.as_of.date}`, format);
    return path === null ? null : { path, rows: 0 };
  }

  // ---------------------------------------------------------------- settings and stores

  async getAppSettings(): Promise<AppSettings> {
    await this.enter('getAppSettings');
    return { ...this.appSettings };
  }

  async saveAppSettings(settings: AppSettings): Promise<null> {
    await this.enter('saveAppSettings');
    this.appSettings = { ...settings };
    return null;
  }

  /** The app settings as last saved (for tests). */
  get savedAppSettings(): AppSettings {
    return { ...this.appSettings };
  }

  async deleteStore(storeId: number): Promise<boolean> {
    await this.enter('deleteStore');
    const link = this.links.get(storeId);
    if (link?.syncing) {
      const name = this.stores.find((s) => s.id === storeId)?.name ?? String(storeId);
      throw new BackendError(`the store '${name}' is already syncing; wait for that run to finish`, 'sync.already_syncing', { store: name });
    }
    this.links.delete(storeId); // and its keyring entry
    const before = this.stores.length;
    this.stores = this.stores.filter((s) => s.id !== storeId);
    this.analysisSettings.delete(storeId);
    if (this.current?.storeId === storeId) this.current = null;
    this.kept = this.kept.filter((v) => v.store_id !== storeId);
    const deleted = this.stores.length < before;
    if (deleted) this.storeChanged(storeId);
    return deleted;
  }

  /** Saved snapshots: date → each customer's R×F segment (the fake keeps only segments). */
  private snapshots = new Map<string, Map<string, Segment | null>>();

  async snapshotDates(storeId: number): Promise<string[]> {
    await this.enter('snapshotDates');
    void storeId;
    return [...this.snapshots.keys()].sort();
  }

  async saveSnapshot(analysisId: number): Promise<string> {
    await this.enter('saveSnapshot');
    const view = this.currentView(analysisId);
    const rows = new Map<string, Segment | null>();
    for (const c of await this.customers()) rows.set(c.customer, c.segment);
    this.snapshots.set(view.analysis.as_of.date, rows);
    return view.analysis.as_of.date;
  }

  /** Test seam: records the current customers' segments as a snapshot of `date`. */
  async saveSnapshotAs(date: string): Promise<void> {
    const rows = new Map<string, Segment | null>();
    for (const c of await this.customers()) rows.set(c.customer, c.segment);
    this.snapshots.set(date, rows);
  }

  async segmentMigration(storeId: number, from: string, to: string): Promise<Migration> {
    await this.enter('segmentMigration');
    void storeId;
    const a = this.snapshots.get(from);
    const b = this.snapshots.get(to);
    if (!a || !b) throw new BackendError(`no snapshot of ${a ? to : from}`);
    const counts = new Map<string, number>();
    let unchanged = 0;
    let changed = 0;
    for (const [customer, seg] of a) {
      if (!b.has(customer)) continue;
      const next = b.get(customer) ?? null;
      const key = `${seg ?? '(none)'}\u0000${next ?? '(none)'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (seg === next) unchanged += 1;
      else changed += 1;
    }
    const cells = [...counts.entries()]
      .map(([key, customers]) => {
        const [f, t] = key.split('\u0000');
        return { from: f, to: t, customers };
      })
      .sort((x, y) => (x.from === y.from ? x.to.localeCompare(y.to) : x.from.localeCompare(y.from)));
    const empty = { cells: [], unchanged: 0, changed: 0 };
    return { from, to, segment: { cells, unchanged, changed }, class8: empty, tier: empty, lifecycle: empty };
  }

  // ---------------------------------------------------------------- linked stores

  /** Makes the next syncs fail with `failure` (null: they succeed again). */
  setFailSync(failure: FakeSyncFailure | null): void {
    this.failSync = failure;
  }

  /** The store `storeId`'s link, for tests: site, state and records read so far. */
  linkOf(storeId: number): { externalId: string; state: StoreState; have: SyncCounts; target: SyncCounts } | null {
    const l = this.links.get(storeId);
    return l ? { externalId: l.externalId, state: { ...l.state }, have: { ...l.have }, target: { ...l.target } } : null;
  }

  private syncState(storeId: number, l: Link): StoreSyncState {
    return { store_id: storeId, platform: 'woocommerce', external_id: l.externalId, state: { ...l.state } };
  }

  async linkWoocommerceStore(name: string, url: string, consumerKey: string, consumerSecret: string): Promise<StoreSyncState> {
    await this.enter('linkWoocommerceStore');
    await sleep(this.stepDelayMs);
    const base = normalizeSiteUrl(url);
    if (base.includes('not-woo')) {
      const detail = 'it is a WordPress site, but WooCommerce (REST API wc/v3) is not active on it';
      throw new BackendError(`${url} is not a WooCommerce site: ${detail}`, 'sync.not_platform', { url, platform: 'WooCommerce', detail });
    }
    const key = consumerKey.trim();
    const secret = consumerSecret.trim();
    if (!key.startsWith('ck_') || !secret.startsWith('cs_')) {
      const detail = 'Consumer key is invalid.';
      throw new BackendError(
        `the platform refused the store's credentials (HTTP 401: ${detail}); link the store again`,
        'sync.relink_needed',
        { status: 401, detail },
      );
    }
    if (key.includes('write')) {
      const detail = 'Sorry, you cannot list resources.';
      throw new BackendError(`the credentials cannot read orders: ${detail}`, 'sync.no_read_permission', { what: 'orders', detail });
    }
    for (const [storeId, l] of this.links) {
      if (l.externalId === base) {
        const store = this.stores.find((s) => s.id === storeId)?.name ?? String(storeId);
        throw new BackendError(`${base} is already linked as the store '${store}'`, 'store.already_linked', { external_id: base, store });
      }
    }
    // An empty name: the site's title (the fake's is its host).
    const storeName = name.trim() || base.replace(/^https?:\/\//, '').split('/')[0];
    if (this.stores.some((s) => s.name === storeName)) {
      throw new BackendError(`a store named '${storeName}' already exists`, 'store.name_taken', { name: storeName });
    }
    const id = this.stores.reduce((max, s) => Math.max(max, s.id), 0) + 1;
    this.stores.push({
      id,
      name: storeName,
      platform: 'woocommerce',
      currency: 'EUR',
      timezone: 'UTC',
      customers: 0,
      orders: 0,
      returns: 0,
      order_lines: 0,
      first_order: null,
      last_order: null,
      revenue_minor: 0,
    });
    const link: Link = {
      externalId: base,
      state: { state: 'ok', message: null, error_code: null, last_success: null },
      target: syncTarget(base),
      have: { customers: 0, orders: 0 },
      syncs: 0,
      syncing: false,
    };
    this.links.set(id, link);
    this.storeChanged(id);
    return this.syncState(id, link);
  }

  async syncStore(job: string, storeId: number, full: boolean, onProgress: (progress: SyncProgress) => void): Promise<SyncReport> {
    await this.enter('syncStore');
    const store = this.stores.find((s) => s.id === storeId);
    if (!store) throw new BackendError(`no store ${storeId}`, 'store.no_such_store', { name: String(storeId) });
    const link = this.links.get(storeId);
    if (!link) throw new BackendError(`the store '${store.name}' is not linked to a platform`, 'sync.not_linked', { store: store.name });
    if (link.syncing) {
      throw new BackendError(`the store '${store.name}' is already syncing; wait for that run to finish`, 'sync.already_syncing', {
        store: store.name,
      });
    }
    const control = { storeId, cancel: false };
    link.syncing = true;
    link.state = { ...link.state, state: 'syncing', message: null, error_code: null };
    this.syncJobs.set(job, control);
    const started = link.have.orders + link.have.customers;
    const backfill = link.syncs === 0;
    // Every sync after the first finds a few new orders (and a new customer) on the site.
    if (!backfill) {
      link.target = { customers: link.target.customers + 1, orders: link.target.orders + 2 + (link.syncs % 4) };
    }
    const before = { ...link.have };
    const h = hash(link.externalId);
    const rate = 180 + (h % 120); // records/s on the simulated clock
    let pages = 0;
    let read = 0;
    try {
      for (const resource of ['customers', 'orders'] as const) {
        const from = full ? 0 : link.have[resource];
        const total = link.target[resource] - from;
        onProgress({ resource, done: 0, total, rate_per_sec: read > 0 ? rate : 0 });
        for (let done = 0; done < total; ) {
          await sleep(this.stepDelayMs);
          if (control.cancel) {
            throw new BackendError(
              'the sync was cancelled; what was written so far is kept and the next sync continues from there',
              'sync.cancelled',
              {},
            );
          }
          const page = Math.min(this.syncPageSize, total - done);
          done += page;
          read += page;
          pages += 1;
          link.have[resource] = Math.max(link.have[resource], from + done);
          this.fillCounts(store, link);
          if (this.failSync) {
            const f = this.failSync;
            throw new BackendError(f.message ?? f.code, f.code, f.params ?? {});
          }
          onProgress({ resource, done, total, rate_per_sec: rate });
        }
      }
      link.syncs += 1;
      link.state = { state: 'ok', message: null, error_code: null, last_success: Math.floor(Date.now() / 1000) };
      const newOrders = link.have.orders - before.orders;
      const newCustomers = link.have.customers - before.customers;
      return {
        run_id: ++this.syncRuns,
        store_id: storeId,
        kind: backfill ? 'backfill' : 'incremental',
        pages,
        orders_new: newOrders,
        orders_updated: backfill ? 0 : 1,
        orders_unchanged: full ? before.orders : 0,
        customers_new: newCustomers,
        customers_updated: backfill ? 0 : 1,
        refunds_written: Math.round(newOrders * 0.04),
        seconds: Math.round(((link.have.orders + link.have.customers - started) / rate) * 10) / 10 + 0.4,
      };
    } catch (e) {
      const err = e instanceof BackendError ? e : new BackendError(String(e), 'internal');
      const code = (err.code ?? 'internal').replace(/^sync\./, '');
      this.syncRuns += 1;
      link.state = {
        state: code === 'relink_needed' ? 'relink_needed' : 'error',
        message: err.message,
        error_code: code,
        last_success: link.state.last_success,
      };
      throw err;
    } finally {
      link.syncing = false;
      this.syncJobs.delete(job);
      this.storeChanged(storeId);
    }
  }

  /** A linked store's counts from what it has read (plausible, deterministic). */
  private fillCounts(store: StoreSummary, link: Link): void {
    const h = hash(link.externalId);
    const orders = link.have.orders;
    store.customers = link.have.customers;
    store.orders = orders;
    store.returns = Math.round(orders * (0.03 + (h % 3) / 100));
    store.order_lines = Math.round(orders * (1.4 + ((h >>> 4) % 50) / 100));
    store.revenue_minor = orders * (2_800 + ((h >>> 3) % 5_000));
    store.first_order = orders > 0 ? `2022-${pad(1 + (h % 9))}-${pad(1 + ((h >>> 5) % 28))} ${pad(8 + (h % 10))}:${pad(h % 60)}` : null;
    store.last_order = orders > 0 ? `2025-${pad(1 + ((h >>> 7) % 9))}-${pad(1 + ((h >>> 9) % 28))} ${pad(10 + (h % 12))}:${pad((h >>> 2) % 60)}` : null;
  }

  async syncStates(): Promise<StoreSyncState[]> {
    await this.enter('syncStates');
    return [...this.links.entries()].map(([storeId, l]) => this.syncState(storeId, l));
  }
}
