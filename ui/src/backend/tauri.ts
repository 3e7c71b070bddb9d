// The only module that imports @tauri-apps/*. The commands themselves are generated
// (`createCommands` in the bindings, from the Rust declarations); this file supplies the
// transport: `invoke`, progress channels, the file chooser and the store-changed event.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open } from '@tauri-apps/plugin-dialog';
import { createCommands, STORE_CHANGED, type StoreChanged } from '../ipc/bindings';
import { toBackendError } from './errors';
import type { Backend, PickFileLabels } from './types';

/** File types offered by the "Import a file" dialog. */
export const IMPORT_EXTENSIONS = ['csv', 'tsv', 'txt', 'gz'];

async function call(command: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    return await invoke(command, args);
  } catch (error) {
    throw toBackendError(error);
  }
}

function channel(onProgress: (progress: never) => void): Channel<never> {
  const c = new Channel<never>();
  c.onmessage = onProgress;
  return c;
}

export function createTauriBackend(): Backend {
  return {
    ...createCommands(call, channel),
    kind: 'tauri',
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
    onStoreChanged(listener) {
      let stop: (() => void) | null = null;
      let stopped = false;
      listen<StoreChanged>(STORE_CHANGED, (event) => listener(event.payload)).then(
        (unlisten) => {
          if (stopped) unlisten();
          else stop = unlisten;
        },
        () => undefined,
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}
