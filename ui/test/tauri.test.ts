// Checks the IPC contract of src/backend/tauri.ts (command and argument names, channel wiring,
// error mapping) against Tauri's own IPC mock.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { pickBackend } from '../src/backend';
import { BackendError } from '../src/backend/errors';
import { FAKE_APP_INFO, SAMPLE } from '../src/backend/fake';
import { createTauriBackend } from '../src/backend/tauri';
import type { AnalysisSettings, CustomerQuery, ExportSpec, ImportPreview, ImportProgress, ImportReport, ProductInsightParams } from '../src/ipc/bindings';

interface Internals {
  runCallback(id: number, data: unknown): void;
}

const REPORT: ImportReport = {
  store_id: 1,
  store_name: 'UCI Online Retail',
  file: 'online_retail.csv.gz',
  preset: 'online-retail',
  rows_read: 541909,
  orders_new: 22190,
  orders_updated: 0,
  orders_unchanged: 0,
  returns: 3654,
  customers: 4372,
  skipped_rows: 135080,
  seconds: 2.8,
};

const PREVIEW: ImportPreview = {
  file: '订单.csv',
  preset: 'generic',
  encoding: 'GB18030',
  delimiter: ',',
  store: '订单',
  timezone: 'UTC',
  headers: ['订单号', '下单时间', '金额', '币种'],
  mapping: [
    ['order', '订单号'],
    ['date', '下单时间'],
    ['amount', '金额'],
    ['currency', '币种'],
  ],
  fields: ['order', 'customer', 'email', 'date', 'amount', 'quantity', 'unit_price', 'currency', 'country', 'sku', 'product', 'category'],
  rows: [
    { kind: 'order', order: 'DD1', customer: null, date: '2024-03-05 14:22', sku: null, product: null, quantity: 1, amount: 128, currency: 'CNY', country: null },
  ],
  errors: [
    {
      line: 3,
      column: '金额',
      value: 'abc',
      expected: 'amount',
      detail: null,
      reason: "column '金额': 'abc', expected an amount such as 12.50, -3, 1,234.56 or 1.234,56",
    },
  ],
};

/** Sends messages over a Channel the way the Rust side does ({ index, message }). */
function sendOverChannel(channel: unknown, messages: ImportProgress[]) {
  const id = (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
  messages.forEach((message, index) => internals.runCallback(id, { index, message }));
}

afterEach(() => clearMocks());

describe('Tauri backend', () => {
  it('is picked only inside Tauri', () => {
    expect(pickBackend().kind).toBe('fake');
    mockIPC(() => null);
    expect(pickBackend().kind).toBe('tauri');
  });

  it('invokes the Rust commands with camelCase arguments and forwards channel progress', async () => {
    const seen: { cmd: string; args: Record<string, unknown> }[] = [];
    const progress: ImportProgress[] = [
      { phase: 'reading', rows_done: 0, rows_total: null, rows_per_sec: 0 },
      { phase: 'parsing', rows_done: 100000, rows_total: 541909, rows_per_sec: 200000 },
      { phase: 'done', rows_done: 541909, rows_total: 541909, rows_per_sec: 190000 },
    ];
    mockIPC((cmd, args) => {
      const payload = (args ?? {}) as Record<string, unknown>;
      seen.push({ cmd, args: payload });
      switch (cmd) {
        case 'app_info':
          return FAKE_APP_INFO;
        case 'list_stores':
          return [SAMPLE.store];
        case 'load_sample_store':
        case 'import_file':
          sendOverChannel(payload.onProgress, progress);
          return REPORT;
        case 'preview_import':
          return PREVIEW;
        default:
          throw `unknown command ${cmd}`;
      }
    });

    const backend = createTauriBackend();
    expect(await backend.appInfo()).toEqual(FAKE_APP_INFO);
    expect(await backend.listStores()).toEqual([SAMPLE.store]);

    const received: ImportProgress[] = [];
    expect(await backend.loadSampleStore('sample-1', (p) => received.push(p))).toEqual(REPORT);
    expect(received).toEqual(progress);

    const mapping: [string, string][] = [
      ['date', '下单时间'],
      ['amount', '金额'],
    ];
    expect(await backend.previewImport('/data/订单.csv', mapping, null)).toEqual(PREVIEW);

    const fromFile: ImportProgress[] = [];
    await backend.importFile('import-1', '/data/orders.csv', mapping, 'CNY', (p) => fromFile.push(p));
    expect(fromFile).toEqual(progress);
    await backend.importFile('import-2', '/data/shopify.csv', [], null, () => {});

    expect(seen.map((s) => s.cmd)).toEqual(['app_info', 'list_stores', 'load_sample_store', 'preview_import', 'import_file', 'import_file']);
    expect(Object.keys(seen[2].args).sort()).toEqual(['job', 'onProgress']);
    expect(seen[2].args.job).toBe('sample-1');
    // `preview_import(path, mapping: Option<Vec<(String, String)>>, currency: Option<String>)`:
    // pairs travel as 2-element arrays.
    expect(seen[3].args).toEqual({ path: '/data/订单.csv', mapping, currency: null });
    expect(Object.keys(seen[4].args).sort()).toEqual(['currency', 'job', 'mapping', 'onProgress', 'path']);
    expect(seen[4].args).toMatchObject({ job: 'import-1', path: '/data/orders.csv', mapping, currency: 'CNY' });
    expect(seen[5].args).toMatchObject({ job: 'import-2', path: '/data/shopify.csv', mapping: [], currency: null });
  });

  it('turns string rejections into BackendErrors with the same message', async () => {
    const message = 'orders.csv: line 12, column 3 ("Created at"): invalid date "2024-13-01"';
    mockIPC(() => {
      throw message;
    });
    const error = await createTauriBackend()
      .importFile('import-1', '/data/orders.csv', [], null, () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toBe(message);
    expect((error as BackendError).code).toBeNull();
  });

  it('turns coded rejections (the serialised AppError) into BackendErrors with code and params', async () => {
    const rejection = {
      code: 'import.bad_cell',
      params: { file: 'orders.csv', line: 12, column: 'Created at', value: '2024-13-01', expected: 'date', detail: null },
      message: "orders.csv, line 12, column 'Created at': '2024-13-01' — expected a date",
    };
    mockIPC(() => {
      throw rejection;
    });
    const error = await createTauriBackend()
      .importFile('import-1', '/data/orders.csv', null, null, () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('import.bad_cell');
    expect((error as BackendError).params).toEqual(rejection.params);
    expect((error as Error).message).toBe(rejection.message);
  });

  it('opens the dialog plugin with the import filters and returns the chosen path', async () => {
    let options: Record<string, unknown> | undefined;
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:dialog|open') {
        options = (args as { options: Record<string, unknown> }).options;
        return '/home/li/orders.csv.gz';
      }
      return null;
    });
    const path = await createTauriBackend().pickFile({ title: '选择订单导出文件', filterName: '订单导出文件' });
    expect(path).toBe('/home/li/orders.csv.gz');
    expect(options).toMatchObject({
      title: '选择订单导出文件',
      multiple: false,
      directory: false,
      filters: [{ name: '订单导出文件', extensions: ['csv', 'tsv', 'txt', 'gz'] }],
    });
  });

  it('returns null when the dialog is cancelled', async () => {
    mockIPC(() => null);
    expect(await createTauriBackend().pickFile()).toBeNull();
  });

  it('invokes the analysis, export, chart and settings commands with their Rust argument names', async () => {
    const seen: { cmd: string; args: Record<string, unknown> }[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      switch (cmd) {
        case 'chart_svg':
          return '<svg xmlns="http://www.w3.org/2000/svg"/>';
        case 'delete_store':
        case 'cancel_job':
          return true;
        case 'first_screen_ready':
          return 812;
        case 'snapshot_dates':
          return ['2011-06-01'];
        case 'save_snapshot':
          return '2011-12-10';
        case 'export_save':
        case 'save_chart':
          return { path: '/home/li/Downloads/x', rows: 3 };
        default:
          return null;
      }
    });
    const backend = createTauriBackend();
    const settings = { reporting_currency: null, params: {} } as unknown as AnalysisSettings;
    const query = { offset: 100, limit: 100, sort: 'recency', descending: true, search: '', segment: null, class8: null, tier: null, lifecycle: null, rf_cell: [5, 4] } as CustomerQuery;
    const spec = { segments: ['Champions'] } as unknown as ExportSpec;
    await backend.getAnalysisSettings(3);
    await backend.analyzeStore(3, settings);
    const analysisId = 7;
    await backend.customersPage(analysisId, query);
    await backend.customerDetail(analysisId, '12346');
    await backend.exportPreview(analysisId, spec);
    expect(await backend.exportSave(analysisId, { spec, target: 'downloads' })).toEqual({ path: '/home/li/Downloads/x', rows: 3 });
    // Sizes are whole pixels: the callers (Chart.tsx) round them, tauri.ts passes them on.
    expect(await backend.chartSvg(analysisId, 'rf-heatmap', 'zh-CN', 'dark', 800, 400)).toContain('<svg');
    await backend.saveChart(analysisId, 'km', 'en', 'png', 'dialog');
    expect(await backend.snapshotDates(3)).toEqual(['2011-06-01']);
    expect(await backend.saveSnapshot(analysisId)).toBe('2011-12-10');
    await backend.segmentMigration(3, '2011-06-01', '2011-12-10');
    await backend.getAppSettings();
    expect(await backend.saveAppSettings({ language: 'zh-CN', theme: null })).toBeNull();
    expect(await backend.firstScreenReady()).toBe(812);
    expect(await backend.deleteStore(3)).toBe(true);
    expect(await backend.cancelJob('import-1')).toBe(true);

    expect(seen).toEqual([
      { cmd: 'get_analysis_settings', args: { storeId: 3 } },
      { cmd: 'analyze_store', args: { storeId: 3, settings } },
      { cmd: 'customers_page', args: { analysisId, query } },
      { cmd: 'customer_detail', args: { analysisId, customer: '12346' } },
      { cmd: 'export_preview', args: { analysisId, spec } },
      { cmd: 'export_save', args: { analysisId, request: { spec, target: 'downloads' } } },
      { cmd: 'chart_svg', args: { analysisId, kind: 'rf-heatmap', lang: 'zh-CN', theme: 'dark', width: 800, height: 400 } },
      { cmd: 'save_chart', args: { analysisId, kind: 'km', lang: 'en', format: 'png', target: 'dialog' } },
      { cmd: 'snapshot_dates', args: { storeId: 3 } },
      { cmd: 'save_snapshot', args: { analysisId } },
      { cmd: 'segment_migration', args: { storeId: 3, from: '2011-06-01', to: '2011-12-10' } },
      { cmd: 'get_app_settings', args: {} },
      { cmd: 'save_app_settings', args: { settings: { language: 'zh-CN', theme: null } } },
      { cmd: 'first_screen_ready', args: {} },
      { cmd: 'delete_store', args: { storeId: 3 } },
      { cmd: 'cancel_job', args: { job: 'import-1' } },
    ]);
  });

  it('invokes the prediction, product and insight chart commands with their Rust argument names', async () => {
    const seen: { cmd: string; args: Record<string, unknown> }[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      switch (cmd) {
        case 'insight_chart_svg':
          return (args as { kind: string }).kind === 'backtest' ? null : '<svg xmlns="http://www.w3.org/2000/svg"/>';
        case 'save_insight_chart':
          return { path: '/home/li/Downloads/repeatlens-backtest-2011-12-09.png', rows: 0 };
        case 'product_insight':
          return { baskets: 0 };
        default:
          return null;
      }
    });
    const backend = createTauriBackend();
    const params: ProductInsightParams = { level: 'category', min_support: 0.02, min_confidence: 0.5, within_days: 30, limit: 20 };
    const analysisId = 4;
    expect(await backend.predictionReport(analysisId)).toBeNull();
    expect(await backend.productInsight(analysisId, params)).toEqual({ baskets: 0 });
    expect(await backend.insightChartSvg(analysisId, 'churn-risk', 'zh-CN', 'light', 641, 352)).toContain('<svg');
    expect(await backend.insightChartSvg(analysisId, 'backtest', 'en', 'dark', 640, 352)).toBeNull();
    expect(await backend.saveInsightChart(analysisId, 'backtest', 'en', 'png', 'dialog')).toEqual({
      path: '/home/li/Downloads/repeatlens-backtest-2011-12-09.png',
      rows: 0,
    });

    expect(seen).toEqual([
      { cmd: 'prediction_report', args: { analysisId } },
      { cmd: 'product_insight', args: { analysisId, params } },
      { cmd: 'insight_chart_svg', args: { analysisId, kind: 'churn-risk', lang: 'zh-CN', theme: 'light', width: 641, height: 352 } },
      { cmd: 'insight_chart_svg', args: { analysisId, kind: 'backtest', lang: 'en', theme: 'dark', width: 640, height: 352 } },
      { cmd: 'save_insight_chart', args: { analysisId, kind: 'backtest', lang: 'en', format: 'png', target: 'dialog' } },
    ]);
  });
});
