// The only module that imports @tauri-apps/*. Command and argument names must match the Rust
// `#[tauri::command]` functions (arguments are camelCase on this side).
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import type { AppInfo, ImportProgress, ImportReport, StoreSummary } from '../ipc/bindings';
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
    importFile: (path, onProgress) =>
      call<ImportReport>('import_file', { path, onProgress: progressChannel(onProgress) }),
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
  };
}
