// The only module that imports @tauri-apps/*. Command and argument names must match the Rust
// `#[tauri::command]` functions (arguments are camelCase on this side).
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import type {
  AnalysisSettings,
  AnalysisView,
  AppInfo,
  AppSettings,
  CustomerDetail,
  CustomerPage,
  ExportPreview,
  ImportPreview,
  ImportProgress,
  ImportReport,
  PredictionReport,
  ProductInsight,
  Saved,
  StoreSummary,
  Migration,
} from '../ipc/bindings';
import { toBackendError } from './errors';
import type { Backend, PickFileLabels, ProgressHandler } from './types';

/** File types offered by the "Import a file" dialog. */
export const IMPORT_EXTENSIONS = ['csv', 'tsv', 'txt', 'gz'];

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toBackendError(error);
  }
}

function progressChannel(onProgress: ProgressHandler): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

export function createTauriBackend(): Backend {
  return {
    kind: 'tauri',
    appInfo: () => call<AppInfo>('app_info'),
    listStores: () => call<StoreSummary[]>('list_stores'),
    loadSampleStore: (onProgress) =>
      call<ImportReport>('load_sample_store', { onProgress: progressChannel(onProgress) }),
    previewImport: (path, mapping, currency) =>
      call<ImportPreview>('preview_import', { path, mapping, currency: currency ?? null }),
    importFile: (path, mapping, onProgress, currency) =>
      call<ImportReport>('import_file', {
        path,
        mapping,
        currency: currency ?? null,
        onProgress: progressChannel(onProgress),
      }),
    cancelImport: () => call<null>('cancel_import').then(() => undefined),
    firstScreenReady: () => call<number>('first_screen_ready').then(() => undefined),
    async pickFile(labels?: PickFileLabels) {
      try {
        const picked = await open({
          title: labels?.title,
          multiple: false,
          directory: false,
          filters: [{ name: labels?.filterName ?? 'Order exports', extensions: IMPORT_EXTENSIONS }],
        });
        return typeof picked === 'string' ? picked : null;
      } catch (error) {
        throw toBackendError(error);
      }
    },

    getAnalysisSettings: (storeId) => call<AnalysisSettings>('get_analysis_settings', { storeId }),
    analyzeStore: (storeId, settings) => call<AnalysisView>('analyze_store', { storeId, settings }),
    customersPage: (query) => call<CustomerPage>('customers_page', { query }),
    customerDetail: (customer) => call<CustomerDetail>('customer_detail', { customer }),

    exportPreview: (spec) => call<ExportPreview>('export_preview', { spec }),
    exportSave: (request) => call<Saved | null>('export_save', { request }),
    chartSvg: (kind, lang, theme, width, height) =>
      call<string>('chart_svg', { kind, lang, theme, width: Math.round(width), height: Math.round(height) }),
    saveChart: (kind, lang, format, target) => call<Saved | null>('save_chart', { kind, lang, format, target }),

    predictionReport: () => call<PredictionReport | null>('prediction_report'),
    productInsight: (params) => call<ProductInsight>('product_insight', { params }),
    insightChartSvg: (kind, lang, theme, width, height) =>
      call<string | null>('insight_chart_svg', { kind, lang, theme, width: Math.round(width), height: Math.round(height) }),
    saveInsightChart: (kind, lang, format, target) =>
      call<Saved | null>('save_insight_chart', { kind, lang, format, target }),

    getAppSettings: () => call<AppSettings>('get_app_settings'),
    saveAppSettings: (settings) => call<null>('save_app_settings', { settings }).then(() => undefined),
    deleteStore: (storeId) => call<boolean>('delete_store', { storeId }),
    snapshotDates: () => call<string[]>('snapshot_dates'),
    saveSnapshot: () => call<string>('save_snapshot'),
    segmentMigration: (from, to) => call<Migration>('segment_migration', { from, to }),
  };
}
