import { FakeBackend } from './fake';
import { createTauriBackend } from './tauri';
import type { Backend } from './types';

export type { Backend, ColumnMapping, PickFileLabels, ProgressHandler } from './types';
export { BackendError, describeError, errorText } from './errors';

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

/** True inside the Tauri webview (Tauri injects `window.__TAURI_INTERNALS__` before any page script). */
export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/**
 * The Tauri backend in the desktop app, the in-memory fake in a plain browser (`npm run dev`).
 * In the browser, `?extraCustomers=100000` gives the fake sample store that many more customers
 * (to try the customer table at scale), and `?pickedFile=/some/orders.csv` is what "Import a file"
 * picks (the name chooses the fake file: "shopify", "amazon", Chinese or generic English).
 */
export function pickBackend(): Backend {
  if (isTauri()) return createTauriBackend();
  const params = new URLSearchParams(window.location.search);
  const extra = Number(params.get('extraCustomers'));
  const picked = params.get('pickedFile');
  return new FakeBackend({
    extraCustomers: Number.isInteger(extra) && extra > 0 ? Math.min(extra, 2_000_000) : 0,
    ...(picked ? { pickedFile: picked } : {}),
  });
}
