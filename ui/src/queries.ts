// The UI's query layer (TanStack Query): what the backend was asked, under keys naming the
// store or the analysis it belongs to, so a store-changed event refetches exactly what changed.
import { QueryClient, queryOptions } from '@tanstack/react-query';
import type { Backend } from './backend/types';
import type { AnalysisSettings } from './ipc/bindings';

/**
 * Query keys. A store's settings and analyses live under `['store', id]`; a store-changed event
 * invalidates `['store', id, 'analysis']`, which refetches the open store's analysis. Results
 * derived from one analysis live under `['analysis', analysis_id]`: an analysis id never changes
 * meaning, so they are never refetched.
 */
export const queryKeys = {
  stores: ['stores'] as const,
  /** Every linked store's sync state (`sync_states`); a store-changed event refetches it. */
  syncStates: ['syncStates'] as const,
  settings: (storeId: number | null) => ['store', storeId, 'settings'] as const,
  /** All analyses of a store (any settings): what a change of its data invalidates. */
  storeAnalyses: (storeId: number) => ['store', storeId, 'analysis'] as const,
  analysis: (storeId: number | null, settings: AnalysisSettings | null) => ['store', storeId, 'analysis', settings] as const,
  analysisResult: (analysisId: number, key: string) => ['analysis', analysisId, key] as const,
};

/** The store list (`list_stores`). */
export function storesQuery(backend: Backend) {
  return queryOptions({ queryKey: queryKeys.stores, queryFn: () => backend.listStores() });
}

/** The sync state of every linked store (`sync_states`). */
export function syncStatesQuery(backend: Backend) {
  return queryOptions({ queryKey: queryKeys.syncStates, queryFn: () => backend.syncStates() });
}

/**
 * One client per app instance (per backend). Nothing is retried and nothing goes stale by
 * itself: the UI refetches when the backend says a store changed, not on window focus or timers.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * Analyses the store `storeId` again if it is open (its analysis query observed): a fetch already
 * running began before the change, so it is cancelled rather than reused.
 */
export async function reanalyse(client: QueryClient, storeId: number): Promise<void> {
  const queryKey = queryKeys.storeAnalyses(storeId);
  await client.cancelQueries({ queryKey });
  await client.invalidateQueries({ queryKey });
}
